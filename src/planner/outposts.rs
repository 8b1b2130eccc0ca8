//! The Outposts side of placement: the new-Outpost candidate at the users' site (with its home
//! Region within the service link limit) and rack sizing for an Outposts placement (N+1 hosts
//! from the hardware catalog, both layouts' bills of materials, the site's limits).

use std::borrow::Cow;
use std::collections::BTreeSet;

use super::latency::{PathShape, model_rtt_ms};
use super::placement::{PlanContext, Trig, common_checks};
use super::plan::{Candidate, CandidateKind};
use super::racks::{MAX_COMPUTE_RACKS, RackPlan, RackPlanInput, plan_racks, site_problems};
use super::reason::Reason;
use super::services::family_of;
use super::workload::{Arch, Clients, Workload, parse_coordinates};
use crate::catalog::LocationCatalog;
use crate::catalog::countries::great_circle_km;
use crate::catalog::hardware::RackConfiguration;
use crate::model::Site;

impl<'a> PlanContext<'a> {
    /// A new Outpost at the (first) users' site, homed to the nearest Region with an Outposts
    /// endpoint within the service link limit.
    pub(super) fn new_outpost(
        &'a self,
        workload: &Workload,
        users: &[Trig],
        allowed: &str,
    ) -> Candidate<'a> {
        let site = &workload.users[0];
        let mobile = workload.clients == Clients::Mobile5g;
        let onsite = workload.clients == Clients::OnPremises;
        let shape = |index: usize| PathShape {
            onsite: onsite && index == 0,
            mobile,
            own_carrier_wavelength: false,
        };
        let (rtt, source) = self.rtt(workload, users, "new", users.first().copied(), shape);
        let mut reasons = Vec::new();
        let mut notes: Vec<Cow<'a, str>> = Vec::new();
        let mut shared = Vec::new();
        common_checks(workload, rtt, site.country.as_deref(), allowed, &mut shared);
        reasons.extend(shared.into_iter().map(|reason| reason.into_owned()));
        let country = site.country.clone().map(Cow::Owned);
        let wired = PathShape {
            onsite: false,
            mobile: false,
            own_carrier_wavelength: false,
        };
        let home = self
            .outpost_regions
            .iter()
            .map(|(region, lat, lon, _)| {
                (
                    region,
                    model_rtt_ms(
                        &self.parameters,
                        great_circle_km(site.lat, site.lon, *lat, *lon),
                        wired,
                    ),
                )
            })
            .min_by(|a, b| a.1.total_cmp(&b.1));
        match home {
            Some((region, link)) if link <= self.parameters.max_service_link_rtt_ms => {
                notes.push(Cow::Owned(format!(
                    "home Region {region}: service link RTT about {:.0} ms (limit {} ms)",
                    link, self.parameters.max_service_link_rtt_ms
                )));
            }
            Some((region, link)) => reasons.push(Reason::Other(format!(
                "the nearest Region with an Outposts endpoint ({region}) is about {link:.0} ms away; the service link needs {} ms or less",
                self.parameters.max_service_link_rtt_ms
            ))),
            None => reasons.push(Reason::Other("no Region with an Outposts endpoint is known".to_owned())),
        }
        let missing: Vec<&str> = workload
            .services
            .iter()
            .filter(|s| !self.services.outpost.services.includes(s))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            reasons.push(Reason::ServicesMissing {
                services: missing.join(", "),
                table: Cow::Borrowed(&self.services.retrieved),
            });
        }
        let families: BTreeSet<&str> = self
            .hardware
            .rack_configurations
            .iter()
            .flat_map(|r| r.ec2_capacities.iter().map(|c| c.family.as_str()))
            .collect();
        let families_missing: Vec<&str> = workload
            .instance_types
            .iter()
            .map(|t| family_of(t))
            .filter(|f| !families.contains(f))
            .collect();
        if !families_missing.is_empty() {
            reasons.push(Reason::Other(format!(
                "no Outposts rack configuration offers instance families {}",
                families_missing.join(", ")
            )));
        }
        if workload.arch == Arch::Arm64 {
            reasons.push(Reason::Other(
                "no Outposts rack configuration in the hardware catalog offers Graviton (arm64)"
                    .to_owned(),
            ));
        }
        Candidate {
            kind: CandidateKind::Outpost,
            location: Cow::Borrowed("new"),
            rtt_ms: rtt,
            rtt_source: source,
            feasible: reasons.is_empty(),
            reasons: reasons.into(),
            notes: notes.into(),
            country,
            rank: 5,
            order: u32::MAX,
        }
    }

    /// Compute racks for an Outposts placement, with and without an aggregation rack.
    pub(super) fn racks_for(
        &self,
        workload: &Workload,
        chosen: &Candidate<'_>,
        warnings: &mut Vec<String>,
    ) -> Option<RackPlan> {
        let sets = self.rack_sets(workload, warnings)?;
        let configuration = sets.first()?.configuration;
        let generation = configuration.generation;
        let new_racks: u32 = sets.iter().map(|set| set.racks).sum();
        let sizing: Vec<String> = sets.iter().map(RackSet::explain).collect();
        let existing = self
            .places
            .iter()
            .find(|p| p.location == *chosen.location)
            .and_then(|p| p.outpost.as_ref());
        let racks = existing.map_or(new_racks, |o| o.rack_count.max(1));
        if racks > MAX_COMPUTE_RACKS {
            warnings.push(format!(
                "the load needs {racks} compute racks of {}, more than the {MAX_COMPUTE_RACKS} Edge Atlas plans for one Outpost: split the workload across Outposts",
                configuration.catalog_item_id
            ));
            return None;
        }
        let planned = workload.racks_long_term.unwrap_or(racks).max(racks);
        let site = workload
            .site
            .as_deref()
            .and_then(|id| self.estate?.sites.iter().find(|s| s.site_id == id));
        let physical = site.and_then(|s| s.rack_physical_properties.as_ref());
        let uplink_gbps = physical
            .and_then(|p| p.uplink_gbps.as_ref()?.gbps())
            .unwrap_or(100);
        let input = RackPlanInput {
            racks,
            planned_racks: planned,
            uplinks_per_device: 1,
            cnds: 2,
            uplink_gbps,
            generation,
            rack_configuration: Some(configuration.catalog_item_id.clone()),
            ace_policy_from_racks: None,
        };
        let cached = self
            .rack_plans
            .lock()
            .ok()
            .and_then(|plans| plans.get(&input).cloned());
        let mut plan = match cached {
            Some(plan) => plan?,
            None => {
                let plan = plan_racks(&input, self.hardware).ok();
                if let Ok(mut plans) = self.rack_plans.lock() {
                    plans.insert(input, plan.clone());
                }
                plan?
            }
        };
        plan.reasons.insert(
            0,
            if existing.is_some() {
                format!(
                    "the existing Outpost has {racks} compute racks with capacity for the workload"
                )
            } else {
                format!(
                    "{:.0} vCPUs and {:.0} GiB: {}; {new_racks} compute racks in all",
                    workload.vcpus,
                    workload.memory_gib,
                    sizing.join("; ")
                )
            },
        );
        if workload.storage_tib > 0.0 {
            warnings.push(format!("{} TiB of storage is not part of the rack sizing: check the configuration's EBS / S3 capacity", workload.storage_tib));
        }
        if let Some(site) = site {
            warnings.extend(
                site_problems(&plan, uplink_gbps, site)
                    .into_iter()
                    .map(|p| format!("site {}: {p}", site.site_id)),
            );
        } else if workload.site.is_some() {
            warnings.push("the workload's site is not in the snapshot: its power, weight and uplinks were not checked".to_owned());
        }
        Some(plan)
    }
}

/// The compute racks one instance family needs, on a configuration that offers it.
struct RackSet<'h> {
    family: String,
    configuration: &'h RackConfiguration,
    host_size: String,
    hosts_per_rack: u32,
    hosts_for_load: u32,
    racks: u32,
}

impl RackSet<'_> {
    fn explain(&self) -> String {
        format!(
            "{} {}.{} hosts plus one spare (N+1) = {} hosts, {} per {} rack: {} racks",
            self.hosts_for_load,
            self.family,
            self.host_size,
            self.hosts_for_load + 1,
            self.hosts_per_rack,
            self.configuration.catalog_item_id,
            self.racks
        )
    }
}

impl<'a> PlanContext<'a> {
    /// Sizes the workload on the configurations that offer its families: one configuration
    /// offering them all when there is one, else one rack set per family (the load split
    /// evenly between them); without families, the general-purpose first-generation racks.
    /// `None`, with a warning, when the families need configurations of both generations.
    fn rack_sets(
        &self,
        workload: &Workload,
        warnings: &mut Vec<String>,
    ) -> Option<Vec<RackSet<'a>>> {
        let mut families: Vec<&str> = Vec::new();
        for instance_type in &workload.instance_types {
            let family = family_of(instance_type);
            if !families.contains(&family) {
                families.push(family);
            }
        }
        let offers = |rack: &RackConfiguration, family: &str| {
            rack.ec2_capacities.iter().any(|c| c.family == family)
        };
        let configurations = &self.hardware.rack_configurations;
        // (configuration, the families sized on it, share of the load)
        let groups: Vec<(&'a RackConfiguration, Vec<&str>)> = if families.is_empty() {
            vec![(self.hardware.rack_configuration("OR-G1-M5-8")?, vec!["m5"])]
        } else if let Some(all) = configurations
            .iter()
            .find(|rack| families.iter().all(|family| offers(rack, family)))
        {
            vec![(all, families.clone())]
        } else {
            families
                .iter()
                .map(|family| {
                    configurations
                        .iter()
                        .find(|rack| offers(rack, family))
                        .map(|rack| (rack, vec![*family]))
                })
                .collect::<Option<Vec<_>>>()?
        };
        let generations: BTreeSet<u8> = groups.iter().map(|(rack, _)| rack.generation).collect();
        if generations.len() > 1 {
            warnings.push(format!(
                "families {} are offered by racks of different Outposts generations: plan them as separate Outposts",
                families.join(", ")
            ));
            return None;
        }
        let share = groups
            .iter()
            .map(|(_, fams)| fams.len())
            .sum::<usize>()
            .max(1) as f64;
        let mut sets = Vec::new();
        for (configuration, group) in groups {
            // The first family of the group decides the host; its hosts of that family count.
            let family = group[0];
            let capacity = configuration
                .ec2_capacities
                .iter()
                .find(|c| c.family == family)?;
            let host = self.hardware.host_type(family)?;
            let fraction = group.len() as f64 / share;
            let hosts_for_load = (workload.vcpus * fraction / f64::from(host.vcpus))
                .max(workload.memory_gib * fraction / f64::from(host.memory_gib))
                .ceil() as u32;
            let racks = (hosts_for_load + 1)
                .div_ceil(capacity.quantity.max(1))
                .max(1);
            sets.push(RackSet {
                family: family.to_owned(),
                configuration,
                host_size: capacity.max_size.clone(),
                hosts_per_rack: capacity.quantity,
                hosts_for_load,
                racks,
            });
        }
        if sets.len() > 1 {
            warnings.push(format!(
                "mixed families: one rack set per family ({}); the bill of materials counts them all as {} racks",
                sets.iter().map(|set| format!("{} on {}", set.family, set.configuration.catalog_item_id)).collect::<Vec<_>>().join(", "),
                sets[0].configuration.catalog_item_id
            ));
        }
        Some(sets)
    }
}

/// The tag a site may carry with its own `"lat,lon"` (AWS's site record has no coordinates).
pub const SITE_COORDINATES_TAG: &str = "edge-atlas:coordinates";

/// A site's coordinates: its own (the [`SITE_COORDINATES_TAG`] tag), else its city's from the
/// catalog's metros; `None` when neither is known.
pub(super) fn site_coordinates(site: &Site, catalog: &LocationCatalog) -> Option<(f64, f64)> {
    // The same "lat,lon" a workload's users take; a malformed tag counts as none.
    if let Some(Some(Ok(own))) = site
        .tags
        .get(SITE_COORDINATES_TAG)
        .map(|text| parse_coordinates(text))
    {
        return Some(own);
    }
    let city = site.operating_address_city.as_deref()?.to_lowercase();
    catalog
        .regions
        .iter()
        .map(|r| (r.metro.as_str(), Some(r.lat), Some(r.lon)))
        .chain(
            catalog
                .zones
                .iter()
                .map(|z| (z.metro.as_str(), z.lat, z.lon)),
        )
        .find(|(metro, ..)| {
            metro
                .split(',')
                .next()
                .is_some_and(|c| c.trim().to_lowercase() == city)
        })
        .and_then(|(_, lat, lon)| lat.zip(lon))
}
