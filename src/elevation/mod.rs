//! Each Outpost's racks as installed: rack elevations from the Outposts assets, every rack
//! matched to the catalog configuration with its host mix, and the site's power and floor weight
//! limits against what each rack (and the ACE or network rack) draws and weighs.
//!
//! AWS reports assets (rack id, elevation, asset type, host details) but not which catalog
//! configuration a rack is, nor its power draw or weight. Both follow from the rack's hosts: the
//! configuration whose EC2 capacity has exactly the rack's hosts per instance family is the
//! rack's (the account's synced catalog items first, then the embedded hardware catalog). When
//! none matches exactly, the closest is used and says how many hosts differ, so every kVA and
//! pound shown names where it comes from.

use std::collections::BTreeMap;

use crate::catalog::hardware::{HardwareCatalog, HostCount, RackConfiguration, vcpus_of};
use crate::host_usage::RunningIndex;
use crate::model::{
    AssetType, ComputeAssetState, Estate, InstanceTypeCapacity, MaximumSupportedWeightLbs, Site,
};
use crate::topology::Topology;
use crate::topology::rack_network::{LayoutPlan, Provenance, RackKind};
use crate::topology::{DeviceRole, RackNetwork};

/// Rack units of an Outposts rack (80 inches tall).
pub const RACK_UNITS: f64 = 42.0;

/// One Outpost's racks and its site's limits.
#[derive(Clone, Debug, PartialEq)]
pub struct OutpostRacks {
    /// The Outpost id.
    pub outpost_id: String,
    /// The Outpost's name.
    pub outpost_name: String,
    /// The site id.
    pub site_id: String,
    /// The site's name, when the site is in the snapshot.
    pub site_name: Option<String>,
    /// Power available per rack position, kVA.
    pub site_power_kva: Limit<f64>,
    /// Floor weight limit per rack, pounds.
    pub site_weight_lbs: Limit<u32>,
    /// Compute racks, ordered by rack id.
    pub racks: Vec<RackElevation>,
    /// The ACE rack (first generation) or network rack (second generation), when present.
    pub aggregation: Option<AggregationRack>,
}

/// A site limit: a number, no limit, or not known.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Limit<T> {
    /// The limit.
    Value(T),
    /// The site states there is none.
    NoLimit,
    /// The site does not say (or the site is not in the snapshot).
    Unknown,
}

/// How a rack's power or weight compares with the site's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// At or under the limit (or there is none).
    Fits,
    /// Over the limit.
    Exceeds,
    /// The rack's figure or the site's limit is not known.
    Unknown,
}

/// One compute rack.
#[derive(Clone, Debug, PartialEq)]
pub struct RackElevation {
    /// `RackId` of its assets.
    pub rack_id: String,
    /// Its assets, bottom first; those without an elevation last.
    pub slots: Vec<Slot>,
    /// Compute hosts per instance family.
    pub hosts_by_family: BTreeMap<String, u32>,
    /// The sum of the hosts' maximum vCPUs.
    pub vcpus: u32,
    /// The catalog configuration the rack is, if any is close.
    pub configuration: Option<ConfigurationMatch>,
    /// The rack's power against the site's limit.
    pub power_fit: Fit,
    /// The rack's weight against the site's limit.
    pub weight_fit: Fit,
}

/// One asset in a rack.
#[derive(Clone, Debug, PartialEq)]
pub struct Slot {
    /// The asset id.
    pub asset_id: String,
    /// Compute, storage, power shelf, switch or networking.
    pub asset_type: AssetType,
    /// Bottom rack unit (1 is the lowest), if AWS reported it.
    pub elevation_u: Option<f64>,
    /// Rack units it is drawn with: the gap to the next asset above, 1 to 2.
    pub height_u: f64,
    /// The Dedicated Host on a compute asset.
    pub host_id: Option<String>,
    /// A compute asset's state.
    pub state: Option<ComputeAssetState>,
    /// Instance families of a compute asset.
    pub instance_families: Vec<String>,
    /// Slots configured per instance type.
    pub instance_type_capacities: Vec<InstanceTypeCapacity>,
    /// Maximum vCPUs of the host.
    pub max_vcpus: Option<u32>,
    /// Instances running on the host (`ListAssetInstances`), when the snapshot says.
    pub instances_running: Option<u32>,
}

/// Where a configuration's figures come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CatalogSource {
    /// The account's `ListCatalogItems`, synced with the snapshot.
    Synced,
    /// Edge Atlas's embedded hardware catalog.
    Embedded,
}

/// The catalog configuration a rack was matched to.
#[derive(Clone, Debug, PartialEq)]
pub struct ConfigurationMatch {
    /// The catalog item id.
    pub catalog_item_id: String,
    /// Where it was found.
    pub source: CatalogSource,
    /// Hosts by which the rack differs from it (0: an exact match).
    pub hosts_differing: u32,
    /// Its power draw, kVA.
    pub power_kva: f64,
    /// Whether the power draw is an estimate (the embedded catalog says so).
    pub power_kva_estimate: bool,
    /// Its weight, pounds.
    pub weight_lbs: u32,
    /// Whether the weight is an estimate.
    pub weight_lbs_estimate: bool,
}

/// The rack that aggregates the compute racks.
#[derive(Clone, Debug, PartialEq)]
pub struct AggregationRack {
    /// ACE rack or network rack.
    pub name: &'static str,
    /// Its id or label.
    pub rack_id: String,
    /// How its presence is known.
    pub provenance: Provenance,
    /// Why it is there (the overlay, or the rule).
    pub reason: String,
    /// Its devices (ACE routers or network devices).
    pub device_names: Vec<String>,
    /// Power draw from the hardware catalog, kVA.
    pub power_kva: f64,
    /// Whether the catalog marks the power draw an estimate.
    pub power_kva_estimate: bool,
    /// Weight from the hardware catalog, pounds.
    pub weight_lbs: u32,
    /// Whether the catalog marks the weight an estimate.
    pub weight_lbs_estimate: bool,
    /// Against the site's power limit.
    pub power_fit: Fit,
    /// Against the site's weight limit.
    pub weight_fit: Fit,
}

impl OutpostRacks {
    /// Total power of the racks whose power is known, kVA, and how many racks are not known.
    pub fn total_power_kva(&self) -> (f64, usize) {
        let mut unknown = 0;
        let mut total = self.aggregation.as_ref().map_or(0.0, |a| a.power_kva);
        for rack in &self.racks {
            match &rack.configuration {
                Some(configuration) => total += configuration.power_kva,
                None => unknown += 1,
            }
        }
        (total, unknown)
    }

    /// Total weight of the racks whose weight is known, pounds, and how many are not known.
    pub fn total_weight_lbs(&self) -> (u32, usize) {
        let mut unknown = 0;
        let mut total = self.aggregation.as_ref().map_or(0, |a| a.weight_lbs);
        for rack in &self.racks {
            match &rack.configuration {
                Some(configuration) => total += configuration.weight_lbs,
                None => unknown += 1,
            }
        }
        (total, unknown)
    }

    /// Racks (including the aggregation rack) over a site limit.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut check = |what: &str, power: Option<f64>, weight: Option<u32>| {
            if let (Some(kva), Limit::Value(limit)) = (power, self.site_power_kva)
                && kva > limit
            {
                problems.push(format!(
                    "{what} draws {kva} kVA; the site's rack positions offer {limit} kVA"
                ));
            }
            if let (Some(lbs), Limit::Value(limit)) = (weight, self.site_weight_lbs)
                && lbs > limit
            {
                problems.push(format!(
                    "{what} weighs {lbs} lb; the site's floor takes {limit} lb per rack"
                ));
            }
        };
        for rack in &self.racks {
            let configuration = rack.configuration.as_ref();
            check(
                &format!("rack {}", rack.rack_id),
                configuration.map(|c| c.power_kva),
                configuration.map(|c| c.weight_lbs),
            );
        }
        if let Some(aggregation) = &self.aggregation {
            check(
                &format!("the {}", aggregation.name),
                Some(aggregation.power_kva),
                Some(aggregation.weight_lbs),
            );
        }
        problems
    }
}

impl ConfigurationMatch {
    /// Where the figures come from, in words.
    pub fn explanation(&self) -> String {
        let source = match self.source {
            CatalogSource::Synced => "the account's catalog",
            CatalogSource::Embedded => "the embedded hardware catalog",
        };
        if self.hosts_differing == 0 {
            format!(
                "{}: its hosts match exactly ({source})",
                self.catalog_item_id
            )
        } else {
            format!(
                "{}: the closest configuration, {} hosts differ ({source})",
                self.catalog_item_id, self.hosts_differing
            )
        }
    }
}

/// Every Outpost's racks in `estate`, ordered as the Outposts are. `topology` says whether an
/// ACE rack is present (observed, inferred or asserted in the overlay).
pub fn outpost_racks(
    estate: &Estate,
    topology: &Topology,
    hardware: &HardwareCatalog,
) -> Vec<OutpostRacks> {
    let mut assets_by_outpost: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (position, asset) in estate.assets.iter().enumerate() {
        assets_by_outpost
            .entry(asset.outpost_id.as_str())
            .or_default()
            .push(position);
    }
    let sites: BTreeMap<&str, &Site> = estate
        .sites
        .iter()
        .map(|site| (site.site_id.as_str(), site))
        .collect();
    let networks: BTreeMap<&str, &RackNetwork> = topology
        .rack_networks
        .iter()
        .map(|network| (network.outpost_id.as_str(), network))
        .collect();
    let configurations = Configurations::new(estate, hardware);
    let running = RunningIndex::new(estate);
    estate
        .outposts
        .iter()
        .map(|outpost| {
            let site = sites.get(outpost.site_id.as_str()).copied();
            let (site_power_kva, site_weight_lbs) = site_limits(site);
            let mut by_rack: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for &position in assets_by_outpost
                .get(outpost.outpost_id.as_str())
                .into_iter()
                .flatten()
            {
                by_rack
                    .entry(estate.assets[position].rack_id.as_str())
                    .or_default()
                    .push(position);
            }
            let racks = by_rack
                .into_iter()
                .map(|(rack_id, positions)| {
                    let mut rack = rack_elevation(estate, rack_id, &positions);
                    for slot in &mut rack.slots {
                        if slot.asset_type == AssetType::Compute {
                            slot.instances_running = running.instances_on(
                                &outpost.outpost_id,
                                &outpost.outpost_arn,
                                &slot.asset_id,
                            );
                        }
                    }
                    rack.configuration = configurations.closest(&rack.hosts_by_family);
                    let configuration = rack.configuration.as_ref();
                    rack.power_fit = fit(configuration.map(|c| c.power_kva), site_power_kva);
                    rack.weight_fit = fit(configuration.map(|c| c.weight_lbs), site_weight_lbs);
                    rack
                })
                .collect();
            let aggregation = networks
                .get(outpost.outpost_id.as_str())
                .and_then(|network| {
                    aggregation_rack(network, hardware, site_power_kva, site_weight_lbs)
                });
            OutpostRacks {
                outpost_id: outpost.outpost_id.clone(),
                outpost_name: outpost.name.clone(),
                site_id: outpost.site_id.clone(),
                site_name: site.map(|s| s.name.clone()),
                site_power_kva,
                site_weight_lbs,
                racks,
                aggregation,
            }
        })
        .collect()
}

/// The power per rack position and the floor weight per rack a site offers.
fn site_limits(site: Option<&Site>) -> (Limit<f64>, Limit<u32>) {
    let physical = site.and_then(|s| s.rack_physical_properties.as_ref());
    let power = match physical.and_then(|p| p.power_draw_kva.as_ref()) {
        Some(power) => power.kva().map_or(Limit::Unknown, Limit::Value),
        None => Limit::Unknown,
    };
    let weight = match physical.and_then(|p| p.maximum_supported_weight_lbs.as_ref()) {
        Some(MaximumSupportedWeightLbs::NoLimit) => Limit::NoLimit,
        Some(weight) => weight.limit_lbs().map_or(Limit::Unknown, Limit::Value),
        None => Limit::Unknown,
    };
    (power, weight)
}

/// Rack units a planned compute rack keeps free for its network devices at the top.
const PLANNED_NETWORK_UNITS: u32 = 2;

/// The racks of a planned Outpost as they would stand: `layout`'s compute racks of
/// `configuration` (and its ACE rack when it has one), against `site`'s limits when the plan
/// is for a known site. Each compute rack holds its configuration's hosts
/// per family, stacked from the bottom (two units each while they fit, else one), and its two
/// ONDs at the top: the hosts and their families are the catalog's, the positions are this
/// product's drawing (AWS installs the racks), as the rack ids ("planned rack-1") say.
pub fn planned_racks(
    configuration: &RackConfiguration,
    layout: &LayoutPlan,
    hardware: &HardwareCatalog,
    site: Option<&Site>,
) -> OutpostRacks {
    let (site_power_kva, site_weight_lbs) = site_limits(site);
    let hosts: Vec<&HostCount> = configuration
        .ec2_capacities
        .iter()
        .flat_map(|c| std::iter::repeat_n(c, c.quantity as usize))
        .collect();
    let room = RACK_UNITS as u32 - PLANNED_NETWORK_UNITS;
    let host_units = if hosts.len() as u32 * 2 <= room {
        2.0
    } else {
        1.0
    };
    let mut hosts_by_family = BTreeMap::new();
    for host in &hosts {
        *hosts_by_family.entry(host.family.clone()).or_insert(0) += 1;
    }
    let host_vcpus =
        |host: &HostCount| vcpus_of(&format!("{}.{}", host.family, host.max_size)).round() as u32;
    let matched = ConfigurationMatch {
        catalog_item_id: configuration.catalog_item_id.clone(),
        source: CatalogSource::Embedded,
        hosts_differing: 0,
        power_kva: configuration.power_kva,
        power_kva_estimate: configuration.estimates.contains_key("power_kva"),
        weight_lbs: configuration.weight_lbs,
        weight_lbs_estimate: configuration.estimates.contains_key("weight_lbs"),
    };
    let racks = (1..=layout.compute_racks)
        .map(|number| {
            let mut slots: Vec<Slot> = hosts
                .iter()
                .take(room as usize)
                .enumerate()
                .map(|(index, host)| Slot {
                    asset_id: format!("host {}", index + 1),
                    asset_type: AssetType::Compute,
                    elevation_u: Some(1.0 + index as f64 * host_units),
                    height_u: host_units,
                    host_id: Some(format!("{}.{} host", host.family, host.max_size)),
                    state: None,
                    instance_families: vec![host.family.clone()],
                    instance_type_capacities: Vec::new(),
                    max_vcpus: Some(host_vcpus(host)),
                    instances_running: None,
                })
                .collect();
            slots.extend((1..=PLANNED_NETWORK_UNITS).map(|ond| Slot {
                asset_id: format!("OND {ond}"),
                asset_type: AssetType::Networking,
                elevation_u: Some(RACK_UNITS - f64::from(PLANNED_NETWORK_UNITS - ond)),
                height_u: 1.0,
                host_id: None,
                state: None,
                instance_families: Vec::new(),
                instance_type_capacities: Vec::new(),
                max_vcpus: None,
                instances_running: None,
            }));
            let vcpus = slots.iter().filter_map(|slot| slot.max_vcpus).sum();
            RackElevation {
                rack_id: format!("planned rack-{number}"),
                slots,
                hosts_by_family: hosts_by_family.clone(),
                vcpus,
                configuration: Some(matched.clone()),
                power_fit: fit(Some(matched.power_kva), site_power_kva),
                weight_fit: fit(Some(matched.weight_lbs), site_weight_lbs),
            }
        })
        .collect();
    let network = RackNetwork::planned(layout);
    OutpostRacks {
        outpost_id: "planned".to_owned(),
        outpost_name: "planned Outpost".to_owned(),
        site_id: site.map_or_else(String::new, |s| s.site_id.clone()),
        site_name: site.map(|s| s.name.clone()),
        site_power_kva,
        site_weight_lbs,
        racks,
        aggregation: aggregation_rack(&network, hardware, site_power_kva, site_weight_lbs),
    }
}

fn fit<T: PartialOrd>(value: Option<T>, limit: Limit<T>) -> Fit {
    match (value, limit) {
        (Some(_), Limit::NoLimit) => Fit::Fits,
        (Some(value), Limit::Value(limit)) if value <= limit => Fit::Fits,
        (Some(_), Limit::Value(_)) => Fit::Exceeds,
        _ => Fit::Unknown,
    }
}

fn rack_elevation(estate: &Estate, rack_id: &str, positions: &[usize]) -> RackElevation {
    let mut slots: Vec<Slot> = positions
        .iter()
        .map(|&position| {
            let asset = &estate.assets[position];
            let compute = asset.compute_attributes.clone().unwrap_or_default();
            Slot {
                asset_id: asset.asset_id.clone(),
                asset_type: asset.asset_type.clone(),
                elevation_u: asset.rack_elevation.filter(|u| u.is_finite()),
                height_u: 1.0,
                host_id: compute.host_id,
                state: compute.state,
                instance_families: compute.instance_families,
                instance_type_capacities: compute.instance_type_capacities,
                max_vcpus: compute.max_vcpus,
                instances_running: None,
            }
        })
        .collect();
    // Bottom first; assets AWS gave no elevation go last.
    slots.sort_by(|a, b| {
        let key = |slot: &Slot| slot.elevation_u.unwrap_or(f64::INFINITY);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.asset_id.cmp(&b.asset_id))
    });
    for index in 0..slots.len() {
        let above = slots.get(index + 1).and_then(|s| s.elevation_u);
        if let (Some(bottom), Some(next)) = (slots[index].elevation_u, above) {
            slots[index].height_u = (next - bottom).clamp(1.0, 2.0);
        }
    }
    let mut hosts_by_family = BTreeMap::new();
    let mut vcpus = 0;
    for slot in slots.iter().filter(|s| s.asset_type == AssetType::Compute) {
        vcpus += slot.max_vcpus.unwrap_or(0);
        if let Some(family) = slot.instance_families.first() {
            *hosts_by_family.entry(family.clone()).or_insert(0) += 1;
        }
    }
    RackElevation {
        rack_id: rack_id.to_owned(),
        slots,
        hosts_by_family,
        vcpus,
        configuration: None,
        power_fit: Fit::Unknown,
        weight_fit: Fit::Unknown,
    }
}

/// The catalog's configurations as host mixes: synced items first, then embedded ones.
struct Configurations {
    candidates: Vec<(BTreeMap<String, u32>, ConfigurationMatch)>,
}

impl Configurations {
    fn new(estate: &Estate, hardware: &HardwareCatalog) -> Configurations {
        let mut candidates = Vec::new();
        for item in &estate.catalog_items {
            let mut hosts = BTreeMap::new();
            for capacity in &item.ec2_capacities {
                let quantity = capacity.quantity.trim().parse::<u32>().unwrap_or(0);
                *hosts.entry(capacity.family.clone()).or_insert(0) += quantity;
            }
            candidates.push((
                hosts,
                ConfigurationMatch {
                    catalog_item_id: item.catalog_item_id.clone(),
                    source: CatalogSource::Synced,
                    hosts_differing: 0,
                    power_kva: item.power_kva,
                    power_kva_estimate: false,
                    weight_lbs: item.weight_lbs,
                    weight_lbs_estimate: false,
                },
            ));
        }
        for rack in &hardware.rack_configurations {
            let mut hosts = BTreeMap::new();
            for capacity in &rack.ec2_capacities {
                *hosts.entry(capacity.family.clone()).or_insert(0) += capacity.quantity;
            }
            candidates.push((
                hosts,
                ConfigurationMatch {
                    catalog_item_id: rack.catalog_item_id.clone(),
                    source: CatalogSource::Embedded,
                    hosts_differing: 0,
                    power_kva: rack.power_kva,
                    power_kva_estimate: rack.estimates.contains_key("power_kva"),
                    weight_lbs: rack.weight_lbs,
                    weight_lbs_estimate: rack.estimates.contains_key("weight_lbs"),
                },
            ));
        }
        Configurations { candidates }
    }

    /// The configuration with the fewest hosts differing from `hosts`; ties go to the first
    /// (synced before embedded). `None` for a rack without compute hosts.
    fn closest(&self, hosts: &BTreeMap<String, u32>) -> Option<ConfigurationMatch> {
        if hosts.is_empty() {
            return None;
        }
        let difference = |other: &BTreeMap<String, u32>| -> u32 {
            let families = hosts.keys().chain(other.keys());
            let mut seen = std::collections::BTreeSet::new();
            families
                .filter(|family| seen.insert(*family))
                .map(|family| {
                    let a = hosts.get(family).copied().unwrap_or(0);
                    let b = other.get(family).copied().unwrap_or(0);
                    a.abs_diff(b)
                })
                .sum()
        };
        let (_, best, differing) = self
            .candidates
            .iter()
            .enumerate()
            .map(|(order, (mix, configuration))| (order, configuration, difference(mix)))
            .min_by_key(|(order, _, differing)| (*differing, *order))?;
        let total: u32 = hosts.values().sum();
        // A configuration sharing less than half the rack's hosts says nothing about it.
        if differing * 2 > total {
            return None;
        }
        Some(ConfigurationMatch {
            hosts_differing: differing,
            ..best.clone()
        })
    }
}

fn aggregation_rack(
    network: &RackNetwork,
    hardware: &HardwareCatalog,
    site_power_kva: Limit<f64>,
    site_weight_lbs: Limit<u32>,
) -> Option<AggregationRack> {
    let outpost_id = &network.outpost_id;
    let compute_racks = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
        .count();
    let (name, rack_id, provenance, reason, figures, device_names) = if let Some(ace) =
        network.racks.iter().find(|r| r.kind == RackKind::Ace)
    {
        (
            "ACE rack",
            ace.rack_id.clone(),
            ace.provenance,
            network.ace_reason.clone(),
            &hardware.ace_rack,
            network
                .devices_with_role(DeviceRole::AceRouter)
                .map(|d| d.name.clone())
                .collect(),
        )
    } else if network.generation == 2 && compute_racks > 1 {
        (
            "network rack",
            format!("{outpost_id} network rack"),
            Provenance::Derived,
            "every second-generation Outpost of more than one rack has a network rack".to_owned(),
            &hardware.network_rack,
            (1..=hardware.network_rack.devices)
                .map(|index| format!("network device {index}"))
                .collect(),
        )
    } else {
        return None;
    };
    Some(AggregationRack {
        name,
        rack_id,
        provenance,
        reason,
        device_names,
        power_kva: figures.power_kva,
        power_kva_estimate: figures.estimates.contains_key("power_kva"),
        weight_lbs: figures.weight_lbs,
        weight_lbs_estimate: figures.estimates.contains_key("weight_lbs"),
        power_fit: fit(Some(figures.power_kva), site_power_kva),
        weight_fit: fit(Some(figures.weight_lbs), site_weight_lbs),
    })
}

#[cfg(test)]
mod tests;
