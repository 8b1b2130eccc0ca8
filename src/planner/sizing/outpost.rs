//! Sizing the servers placed on one Outpost: one generation for the Outpost, an existing
//! Outpost's free slots and reslotting first, then new hosts slotted per family with their
//! spares, the racks to hold them and the capacity task to hand to AWS.

use std::collections::BTreeMap;

use super::existing::{Wanted, place_on_existing};
use super::{
    CapacityTask, FamilyHosts, InstancePool, NEW_OUTPOST_PLACEHOLDER, OutpostFamily, OutpostRacks,
    Sized, SizingOptions, SizingReport, Unplaced, choose_racks, generation_of, slot_family,
};
use crate::catalog::{HardwareCatalog, HostType, RackConfiguration};
use crate::host_usage::{Usage, outpost_usage};
use crate::model::Estate;
use crate::planner::racks::{MAX_COMPUTE_RACKS, RackPlanInput, plan_racks};

/// Slots, racks and capacity tasks for the servers placed on one Outpost; returns the positions
/// in `items` of the servers it could not take (each in `report.unplaced` with why).
pub(super) fn size_outpost(
    location: &str,
    estate: Option<&Estate>,
    items: &[&Sized<'_>],
    hardware: &HardwareCatalog,
    options: &SizingOptions,
    long_term: impl Fn(&[String]) -> Option<u32>,
    report: &mut SizingReport,
) -> Vec<usize> {
    let mut workloads: Vec<String> = items.iter().map(|i| i.workload.clone()).collect();
    workloads.sort();
    workloads.dedup();
    let mut notes = Vec::new();
    // An Outpost is one generation: the one of the family with the most vCPUs wins.
    let mut vcpus_by_family: BTreeMap<&str, (u32, &HostType)> = BTreeMap::new();
    for item in items {
        let entry = vcpus_by_family
            .entry(item.host.family.as_str())
            .or_insert((0, item.host));
        entry.0 += item.host.sizes[item.size_index].vcpus;
    }
    let generation = vcpus_by_family
        .iter()
        .max_by_key(|(_, (vcpus, _))| *vcpus)
        .and_then(|(family, _)| generation_of(hardware, family))
        .unwrap_or(1);
    let mut rejected = Vec::new();
    let mut eligible = Vec::new();
    for (position, item) in items.iter().enumerate() {
        if generation_of(hardware, &item.host.family) != Some(generation) {
            report.unplaced.push(Unplaced {
                name: item.server.name.clone(),
                line: item.server.line,
                reason: format!(
                    "sized to {} (generation {}), but the Outpost {location} is generation {generation}: name families of one generation",
                    item.host.family,
                    generation_of(hardware, &item.host.family).unwrap_or(0)
                ),
            });
            rejected.push(position);
            continue;
        }
        eligible.push(position);
    }
    if rejected.len() == items.len() {
        return rejected;
    }
    // An existing Outpost's hosts first: free slots, then reslotting; the rest needs new hosts.
    let mut remaining = eligible.clone();
    if let (Some(estate), false) = (estate, location == "new") {
        let usage = outpost_usage(estate, location);
        let wanted: Vec<Wanted<'_>> = eligible
            .iter()
            .map(|&position| Wanted {
                name: &items[position].server.name,
                host: items[position].host,
                size_index: items[position].size_index,
            })
            .collect();
        let (placed, uses) = place_on_existing(&usage, hardware, &wanted);
        remaining = eligible
            .iter()
            .zip(&placed)
            .filter(|(_, placed)| !**placed)
            .map(|(position, _)| *position)
            .collect();
        let on_existing = eligible.len() - remaining.len();
        let reslotted = uses.iter().filter(|u| u.capacity_task.is_some()).count();
        notes.push(match usage.usage {
            Usage::Known => format!(
                "{on_existing} of {} servers fit {location}'s existing hosts ({} hosts used, {reslotted} of them to be reslotted with a capacity task naming the host's AssetId); {} need new hosts",
                eligible.len(),
                uses.len(),
                remaining.len()
            ),
            Usage::NotSynced => format!(
                "The free slots of {location} are not in this snapshot (ListAssetInstances was not read): sized as capacity added; sync again to use its free slots"
            ),
        });
        report.existing_hosts.extend(uses);
        if remaining.is_empty() {
            report.notes.extend(notes);
            return rejected;
        }
    }
    let mut counts: BTreeMap<&str, (&HostType, Vec<u32>)> = BTreeMap::new();
    let mut storage_tib_needed = 0.0;
    for &position in &remaining {
        let item = items[position];
        let entry = counts
            .entry(item.host.family.as_str())
            .or_insert_with(|| (item.host, vec![0; item.host.sizes.len()]));
        entry.1[item.size_index] += 1;
        storage_tib_needed += item.server.storage_gib / 1024.0;
    }
    let families: Vec<FamilyHosts> = counts
        .values()
        .map(|(host, counts)| slot_family(host, counts, options.spare_hosts))
        .collect();
    let hosts_needed: BTreeMap<String, u32> = families
        .iter()
        .map(|f| (f.family.clone(), f.hosts.len() as u32))
        .collect();
    let configurations: Vec<&RackConfiguration> = hardware
        .rack_configurations
        .iter()
        .filter(|c| c.generation == generation)
        .collect();
    if storage_tib_needed > 0.0 && configurations.iter().all(|c| c.ebs_tib.is_none()) {
        notes.push(format!(
            "{storage_tib_needed:.1} TiB of storage: the catalog states no EBS capacity for generation {generation} configurations; ask AWS"
        ));
    }
    let choice = match choose_racks(
        &hosts_needed,
        storage_tib_needed,
        &configurations,
        MAX_COMPUTE_RACKS,
    ) {
        Ok(choice) => choice,
        Err(error) => {
            // Those on existing hosts stay placed; the rest cannot be.
            for &position in &remaining {
                let item = items[position];
                report.unplaced.push(Unplaced {
                    name: item.server.name.clone(),
                    line: item.server.line,
                    reason: format!("Outpost {location}: {error}"),
                });
            }
            report.notes.extend(notes);
            rejected.extend(remaining);
            return rejected;
        }
    };
    let rack_plan = match choice.configurations.first() {
        Some(main) => {
            let input = RackPlanInput {
                racks: choice.racks,
                planned_racks: long_term(&workloads).unwrap_or(0).max(choice.racks),
                generation,
                rack_configuration: Some(main.catalog_item_id.clone()),
                ..RackPlanInput::default()
            };
            match plan_racks(&input, hardware) {
                Ok(mut plan) => {
                    // The plan counts power and weight as if every rack were the main
                    // configuration: put the chosen mix's in, plus the aggregation rack's.
                    let aggregation_kva = plan.with_ace.power_kva - plan.without_ace.power_kva;
                    let aggregation_lbs = plan.with_ace.weight_lbs - plan.without_ace.weight_lbs;
                    plan.without_ace.power_kva = choice.power_kva;
                    plan.without_ace.weight_lbs = choice.weight_lbs;
                    plan.with_ace.power_kva = choice.power_kva + aggregation_kva;
                    plan.with_ace.weight_lbs = choice.weight_lbs + aggregation_lbs;
                    Some(plan)
                }
                Err(error) => {
                    notes.push(format!("no bill of materials: {error}"));
                    None
                }
            }
        }
        None => None,
    };
    if location == "new" {
        notes.push(format!(
            "The capacity tasks name the Outpost {NEW_OUTPOST_PLACEHOLDER}: replace it with the id AWS assigns once the order is placed"
        ));
    } else if estate.is_none() {
        notes.push(format!(
            "Sized as capacity added to {location}: without a snapshot its hosts' free slots are not known"
        ));
    }
    if options.spare_hosts > 0 {
        notes.push(format!(
            "N+{}: {} spare host(s) per family, each slotted like the family's most common host; a failed host of another layout needs its instances' sizes free elsewhere",
            options.spare_hosts, options.spare_hosts
        ));
    }
    let outpost_identifier = if location == "new" {
        NEW_OUTPOST_PLACEHOLDER.to_owned()
    } else {
        location.to_owned()
    };
    for family in families {
        report.outposts.push(OutpostFamily {
            location: location.to_owned(),
            workloads: workloads.clone(),
            free_vcpus: family.free_vcpus(),
            capacity_task: CapacityTask {
                outpost_identifier: outpost_identifier.clone(),
                asset_id: None,
                instance_pools: family
                    .instance_pools()
                    .into_iter()
                    .map(|slot| InstancePool {
                        instance_type: slot.instance_type,
                        count: slot.count,
                    })
                    .collect(),
            },
            racks: choice.racks,
            rack_configuration: choice.label(),
            family: family.family,
            host_instance_type: family.host_instance_type,
            hosts: family.hosts,
            spare_hosts: family.spare_hosts,
        });
    }
    report.rack_plans.push(OutpostRacks {
        location: location.to_owned(),
        workloads,
        generation,
        hosts_needed,
        storage_tib_needed,
        choice,
        rack_plan,
        notes,
    });
    rejected
}
