//! Rack counts and the bill of materials with and without an ACE rack (or, second generation,
//! a network rack), for any rack count, uplinks per device, 2 or 4 CNDs and uplink speed.
//!
//! The network counts come from the topology's own count of the planned layout
//! ([`crate::topology::bom`]), so a drawing and its numbers never disagree; this module adds
//! what the published table leaves out: optics, power, weight and the site checks.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::{HardwareCatalog, RackConfiguration};
use crate::model::Site;
use crate::topology::bom::{NetworkCounts, counts_of};
use crate::topology::{LayoutPlan, RackNetwork};

/// The most compute racks Edge Atlas plans for one Outpost (its own bound: AWS states no
/// limit, and nothing real comes near it); more is an input error, never an infeasible plan.
pub const MAX_COMPUTE_RACKS: u32 = 1000;

/// What to plan.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RackPlanInput {
    /// Compute racks now.
    pub racks: u32,
    /// Compute racks planned in the long run (at least `racks`).
    pub planned_racks: u32,
    /// Physical uplinks per customer-facing device.
    pub uplinks_per_device: u32,
    /// Customer network devices: 2 or 4.
    pub cnds: u32,
    /// Uplink speed, Gbit/s: 1, 10, 40 or 100.
    pub uplink_gbps: u32,
    /// Outposts generation: 1 or 2.
    pub generation: u8,
    /// Catalog item of the compute racks (default: a general-purpose configuration).
    pub rack_configuration: Option<String>,
    /// This product's policy (not AWS's): an ACE rack counts as required from this many
    /// compute racks now; `None` takes the hardware catalog's (4).
    pub ace_policy_from_racks: Option<u32>,
}

impl Default for RackPlanInput {
    fn default() -> Self {
        RackPlanInput {
            racks: 1,
            planned_racks: 1,
            uplinks_per_device: 1,
            cnds: 2,
            uplink_gbps: 100,
            generation: 1,
            rack_configuration: None,
            ace_policy_from_racks: None,
        }
    }
}

/// A figure of a plan that is an estimate, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EstimatedFigure {
    /// The figure: `rack_configuration.power_kva`, `ace_rack.weight_lbs`, ...
    pub figure: String,
    /// Why it is an estimate.
    pub reason: String,
}

/// One layout's bill of materials: the customer-side network counts of its planned topology,
/// plus prefixes, optics, power and weight of all racks.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BillOfMaterials {
    /// Ports, fibres, port channels, VIFs, P2P subnets and addresses, BGP sessions, service
    /// link subnets and devices, counted from the planned topology.
    #[serde(flatten)]
    pub network: NetworkCounts,
    /// ACE racks (first generation) or network racks (second generation).
    pub aggregation_racks: u32,
    /// Service link subnets' prefix length: `/26` per compute rack (first generation), `/24`
    /// per installation (second generation).
    pub service_link_subnet_prefix: String,
    /// Point-to-point prefix: `/30 or /31` (first generation), `/31` (second).
    pub p2p_prefix: String,
    /// Optics by type (both ends of every customer-side link).
    pub optics: BTreeMap<String, u32>,
    /// Total power, kVA.
    pub power_kva: f64,
    /// Whether the power total rests on an estimated figure.
    pub power_kva_estimate: bool,
    /// Total weight, lb.
    pub weight_lbs: u32,
    /// Whether the weight total rests on an estimated figure.
    pub weight_lbs_estimate: bool,
}

impl BillOfMaterials {
    /// The bill of materials as labelled rows, for tables (CLI and app alike).
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        vec![
            (
                "customer-side physical ports",
                self.network.physical_ports.to_string(),
            ),
            ("fibre cables", self.network.fiber_cables.to_string()),
            (
                "LACP port channels",
                self.network.lacp_port_channels.to_string(),
            ),
            ("VLAN VIFs", self.network.vlan_vifs.to_string()),
            (
                "point-to-point subnets",
                format!("{} ({})", self.network.p2p_subnets, self.p2p_prefix),
            ),
            (
                "point-to-point IP addresses",
                self.network.p2p_ip_addresses.to_string(),
            ),
            ("BGP sessions", self.network.bgp_sessions.to_string()),
            (
                "service link subnets",
                format!(
                    "{} ({})",
                    self.network.service_link_subnets, self.service_link_subnet_prefix
                ),
            ),
            (
                "optics",
                self.optics
                    .iter()
                    .map(|(kind, n)| format!("{n} x {kind}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            (
                "ONDs / ACE routers / CNDs",
                format!(
                    "{} / {} / {}",
                    self.network.onds, self.network.ace_routers, self.network.cnds
                ),
            ),
            (
                "power",
                format!(
                    "{} kVA{}",
                    self.power_kva,
                    estimate_mark(self.power_kva_estimate)
                ),
            ),
            (
                "weight",
                format!(
                    "{} lb{}",
                    self.weight_lbs,
                    estimate_mark(self.weight_lbs_estimate)
                ),
            ),
        ]
    }
}

/// ` (estimate)` after a figure that is one.
pub fn estimate_mark(estimate: bool) -> &'static str {
    if estimate { " (estimate)" } else { "" }
}

/// Rack counts and both layouts' bills of materials.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackPlan {
    /// Compute racks now.
    pub racks: u32,
    /// Compute racks in the long run.
    pub planned_racks: u32,
    /// 1 or 2.
    pub generation: u8,
    /// An aggregation rack is recommended (long-term plan beyond three racks; second
    /// generation: any multi-rack plan).
    pub ace_recommended: bool,
    /// An aggregation rack is required by this product's policy, not AWS's (first generation:
    /// `ace_policy_from_racks` or more racks now, default 4; second generation: two or more,
    /// where AWS does require a network rack). Kept under this name for compatibility.
    pub ace_required: bool,
    /// The compute-rack count from which the first-generation policy requires an ACE rack.
    pub ace_policy_from_racks: u32,
    /// `ace-rack` (first generation) or `network-rack` (second).
    pub aggregation: String,
    /// Why, in words.
    pub reasons: Vec<String>,
    /// The compute rack configuration the power and weight are for.
    pub rack_configuration: RackConfiguration,
    /// Without an aggregation rack.
    pub without_ace: BillOfMaterials,
    /// With one.
    pub with_ace: BillOfMaterials,
    /// The plan's figures that are estimates, with why (the rest carry their source).
    pub estimates: Vec<EstimatedFigure>,
    /// Where the compute rack and aggregation rack figures come from.
    pub sources: Vec<String>,
    /// The planned layout both bills of materials were counted from (its `ace` false).
    #[serde(skip)]
    pub planned_layout: LayoutPlan,
}

impl RackPlan {
    /// The planned rack network's layout, without or with the aggregation rack: what the
    /// bills of materials were counted from, for drawing it.
    pub fn layout(&self, ace: bool) -> LayoutPlan {
        LayoutPlan {
            ace,
            ..self.planned_layout
        }
    }
}

/// Why a rack plan cannot be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct RackPlanError(pub String);

/// The uplink counts AWS supports per device at a speed (ONDs; ACE routers take 10G and up).
pub fn supported_uplinks(gbps: u32) -> &'static [u32] {
    match gbps {
        1 => &[1, 2, 4, 6, 8],
        10 => &[1, 2, 4, 8, 12, 16],
        40 | 100 => &[1, 2, 4],
        _ => &[],
    }
}

/// The optic each end of a customer-side link needs (single-mode, long reach by default).
pub fn optic_for(gbps: u32) -> &'static str {
    match gbps {
        1 => "1000BASE-LX",
        10 => "10GBASE-LR",
        40 => "40GBASE-LR4",
        _ => "100GBASE-LR4",
    }
}

/// Plans the racks: checks the input, counts both layouts from their planned topologies.
pub fn plan_racks(
    input: &RackPlanInput,
    hardware: &HardwareCatalog,
) -> Result<RackPlan, RackPlanError> {
    let fail = |message: String| Err(RackPlanError(message));
    if input.racks == 0 {
        return fail("--racks must be at least 1".into());
    }
    for (flag, value) in [
        ("--racks", input.racks),
        ("--planned-racks", input.planned_racks),
    ] {
        if value > MAX_COMPUTE_RACKS {
            return fail(format!(
                "{flag} {value} is more than the {MAX_COMPUTE_RACKS} compute racks Edge Atlas plans for one Outpost"
            ));
        }
    }
    if input.planned_racks < input.racks {
        return fail(format!(
            "--planned-racks ({}) must be at least --racks ({})",
            input.planned_racks, input.racks
        ));
    }
    if input.cnds != 2 && input.cnds != 4 {
        return fail(format!("--cnds must be 2 or 4, not {}", input.cnds));
    }
    if !matches!(input.generation, 1 | 2) {
        return fail(format!(
            "--generation must be 1 or 2, not {}",
            input.generation
        ));
    }
    let allowed = supported_uplinks(input.uplink_gbps);
    if allowed.is_empty() {
        return fail(format!(
            "--uplink-gbps must be 1, 10, 40 or 100, not {}",
            input.uplink_gbps
        ));
    }
    if !allowed.contains(&input.uplinks_per_device) {
        return fail(format!(
            "{} uplinks per device is not offered at {}G (offered: {:?})",
            input.uplinks_per_device, input.uplink_gbps, allowed
        ));
    }
    let default_id = if input.generation == 2 {
        "OR-G2-M7I-8"
    } else {
        "OR-G1-M5-8"
    };
    let id = input.rack_configuration.as_deref().unwrap_or(default_id);
    let configuration = hardware.rack_configuration(id).cloned().ok_or_else(|| {
        let known: Vec<&str> = hardware
            .rack_configurations
            .iter()
            .map(|r| r.catalog_item_id.as_str())
            .collect();
        RackPlanError(format!(
            "rack configuration `{id}` is not in the hardware catalog (known: {})",
            known.join(", ")
        ))
    })?;
    if configuration.generation != input.generation {
        return fail(format!(
            "rack configuration {id} is generation {}, the plan is generation {}",
            configuration.generation, input.generation
        ));
    }

    let mut reasons = Vec::new();
    let policy_from = input
        .ace_policy_from_racks
        .or(hardware.ace_rack.required_from_compute_racks)
        .unwrap_or(4)
        .max(1);
    let (recommended, required, aggregation, aggregate_rack) = if input.generation == 1 {
        let ace = &hardware.ace_rack;
        let beyond = ace.recommended_beyond_compute_racks.unwrap_or(3);
        let recommended = input.planned_racks > beyond;
        let required = input.racks >= policy_from;
        reasons.push(if required {
            format!("an ACE rack by this product's policy: {} compute racks now (the policy starts at {policy_from}; AWS recommends an ACE rack beyond {beyond} compute racks planned)", input.racks)
        } else if recommended {
            format!("AWS recommends an ACE rack: {} compute racks planned in the long run (more than {beyond}), even though {} are ordered now", input.planned_racks, input.racks)
        } else {
            format!("no ACE rack needed: {} compute racks planned (AWS recommends one beyond {beyond}; this product's policy requires one from {policy_from} now)", input.planned_racks)
        });
        if input.uplink_gbps == 1 {
            reasons.push("ACE routers take 10G, 40G or 100G uplinks only: the with-ACE layout is not possible at 1G".into());
        }
        (recommended, required, "ace-rack", ace)
    } else {
        let network = &hardware.network_rack;
        let required = input.racks >= 2;
        let recommended = input.planned_racks >= 2;
        reasons.push(if required || recommended {
            "second-generation multi-rack Outposts need a network rack (one /24 service link per installation, /31 interfaces)".to_owned()
        } else {
            "a single second-generation rack needs no network rack".to_owned()
        });
        (recommended, required, "network-rack", network)
    };

    let planned_layout = LayoutPlan {
        compute_racks: input.racks,
        ace: false,
        uplinks_per_device: input.uplinks_per_device,
        cnds: input.cnds,
        uplink_gbps: input.uplink_gbps,
    };
    let bom = |ace: bool| -> BillOfMaterials {
        let network = RackNetwork::planned(&LayoutPlan {
            ace,
            ..planned_layout
        });
        let mut counts: NetworkCounts = counts_of(&network);
        let aggregation_racks = u32::from(ace);
        let mut optics = BTreeMap::new();
        optics.insert(
            optic_for(input.uplink_gbps).to_owned(),
            2 * counts.physical_ports,
        );
        let (service_link_prefix, p2p_prefix) = if input.generation == 2 {
            counts.service_link_subnets = 1;
            ("/24", "/31")
        } else {
            ("/26", "/30 or /31")
        };
        BillOfMaterials {
            network: counts,
            aggregation_racks,
            service_link_subnet_prefix: service_link_prefix.into(),
            p2p_prefix: p2p_prefix.into(),
            optics,
            power_kva: round2(
                f64::from(input.racks) * configuration.power_kva
                    + f64::from(aggregation_racks) * aggregate_rack.power_kva,
            ),
            power_kva_estimate: configuration.estimates.contains_key("power_kva")
                || (ace && aggregate_rack.estimates.contains_key("power_kva")),
            weight_lbs: input.racks * configuration.weight_lbs
                + aggregation_racks * aggregate_rack.weight_lbs,
            weight_lbs_estimate: configuration.estimates.contains_key("weight_lbs")
                || (ace && aggregate_rack.estimates.contains_key("weight_lbs")),
        }
    };
    let estimates = configuration
        .estimates
        .iter()
        .map(|(figure, reason)| (format!("rack_configuration.{figure}"), reason))
        .chain(aggregate_rack.estimates.iter().map(|(figure, reason)| {
            (
                format!("{}.{figure}", aggregation.replace('-', "_")),
                reason,
            )
        }))
        .map(|(figure, reason)| EstimatedFigure {
            figure,
            reason: reason.clone(),
        })
        .collect();
    let sources = vec![
        format!(
            "{}: {}",
            configuration.catalog_item_id, configuration.source
        ),
        format!("{aggregation}: {}", aggregate_rack.source),
    ];
    Ok(RackPlan {
        racks: input.racks,
        planned_racks: input.planned_racks,
        generation: input.generation,
        ace_recommended: recommended,
        ace_required: required,
        ace_policy_from_racks: policy_from,
        aggregation: aggregation.into(),
        reasons,
        rack_configuration: configuration.clone(),
        without_ace: bom(false),
        with_ace: bom(true),
        planned_layout,
        estimates,
        sources,
    })
}

/// What a site cannot take of this plan: power per rack position, floor weight per rack,
/// uplink speed. Empty when everything fits.
pub fn site_problems(plan: &RackPlan, uplink_gbps: u32, site: &Site) -> Vec<String> {
    let mut problems = Vec::new();
    let Some(physical) = &site.rack_physical_properties else {
        return vec![format!(
            "site {} has no rack physical properties to check against",
            site.site_id
        )];
    };
    let configuration = &plan.rack_configuration;
    if let Some(kva) = physical.power_draw_kva.as_ref().and_then(|p| p.kva())
        && configuration.power_kva > kva
    {
        problems.push(format!(
            "each compute rack draws {} kVA; the site's rack positions offer {kva} kVA",
            configuration.power_kva
        ));
    }
    if let Some(limit) = physical
        .maximum_supported_weight_lbs
        .as_ref()
        .and_then(|w| w.limit_lbs())
        && configuration.weight_lbs > limit
    {
        problems.push(format!(
            "each compute rack weighs {} lb; the site supports {limit} lb per rack",
            configuration.weight_lbs
        ));
    }
    if let Some(gbps) = physical.uplink_gbps.as_ref().and_then(|g| g.gbps())
        && gbps != uplink_gbps
    {
        problems.push(format!(
            "the plan uses {uplink_gbps}G uplinks; the site is set up for {gbps}G"
        ));
    }
    if !configuration.supported_uplink_gbps.contains(&uplink_gbps) {
        problems.push(format!(
            "rack configuration {} does not support {uplink_gbps}G uplinks",
            configuration.catalog_item_id
        ));
    }
    problems
}

fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Rack plans for every compute rack count in `rack_counts`, otherwise as `base` (planned racks
/// at least the count): the data behind a chart of the bill of materials against rack count,
/// with and without an aggregation rack. Counts the plan cannot have are left out.
pub fn plans_by_rack_count(
    base: &RackPlanInput,
    rack_counts: std::ops::RangeInclusive<u32>,
    hardware: &HardwareCatalog,
) -> Vec<RackPlan> {
    rack_counts
        .filter_map(|racks| {
            let input = RackPlanInput {
                racks,
                planned_racks: base.planned_racks.max(racks),
                ..base.clone()
            };
            plan_racks(&input, hardware).ok()
        })
        .collect()
}

/// A quantity of a bill of materials, for charts and tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BomMetric {
    /// Customer-side physical ports (and fibres).
    PhysicalPorts,
    /// LACP port channels.
    PortChannels,
    /// VLAN VIFs (and P2P subnets, and BGP sessions).
    VlanVifs,
    /// Point-to-point IP addresses.
    P2pAddresses,
    /// Power, kVA.
    PowerKva,
    /// Weight, lb.
    WeightLbs,
}

impl BomMetric {
    /// Every metric, in display order.
    pub const ALL: [BomMetric; 6] = [
        BomMetric::PhysicalPorts,
        BomMetric::PortChannels,
        BomMetric::VlanVifs,
        BomMetric::P2pAddresses,
        BomMetric::PowerKva,
        BomMetric::WeightLbs,
    ];

    /// A label with its unit.
    pub fn label(self) -> &'static str {
        match self {
            BomMetric::PhysicalPorts => "customer-side ports (= fibres)",
            BomMetric::PortChannels => "LACP port channels",
            BomMetric::VlanVifs => "VLAN VIFs (= P2P subnets, BGP sessions)",
            BomMetric::P2pAddresses => "point-to-point IP addresses",
            BomMetric::PowerKva => "power, kVA",
            BomMetric::WeightLbs => "weight, lb",
        }
    }

    /// The metric's value in a bill of materials.
    pub fn of(self, bom: &BillOfMaterials) -> f64 {
        match self {
            BomMetric::PhysicalPorts => f64::from(bom.network.physical_ports),
            BomMetric::PortChannels => f64::from(bom.network.lacp_port_channels),
            BomMetric::VlanVifs => f64::from(bom.network.vlan_vifs),
            BomMetric::P2pAddresses => f64::from(bom.network.p2p_ip_addresses),
            BomMetric::PowerKva => bom.power_kva,
            BomMetric::WeightLbs => f64::from(bom.weight_lbs),
        }
    }
}

/// The smallest compute rack count of `series` from which the aggregation rack's layout needs
/// fewer of `metric` than the layout without it, for every larger count too: where the two
/// lines of the chart cross. `None` when it never does within the series.
pub fn ace_breakeven(series: &[RackPlan], metric: BomMetric) -> Option<u32> {
    let fewer = |plan: &RackPlan| metric.of(&plan.with_ace) < metric.of(&plan.without_ace);
    let from = series
        .iter()
        .rposition(|plan| !fewer(plan))
        .map_or(0, |last_not| last_not + 1);
    series.get(from).map(|plan| plan.racks)
}

impl RackPlan {
    /// The input that makes this plan again, with another rack count where needed (the chart
    /// of the bill of materials against rack count starts from it).
    pub fn input(&self) -> RackPlanInput {
        RackPlanInput {
            racks: self.racks,
            planned_racks: self.planned_racks,
            uplinks_per_device: self.planned_layout.uplinks_per_device,
            cnds: self.planned_layout.cnds,
            uplink_gbps: self.planned_layout.uplink_gbps,
            generation: self.generation,
            rack_configuration: Some(self.rack_configuration.catalog_item_id.clone()),
            ace_policy_from_racks: Some(self.ace_policy_from_racks),
        }
    }
}
