//! Servers placed on an existing Outpost use its hosts before any new hardware: first the free
//! slots of exactly their instance type (configured slots no running instance takes, from
//! `ListAssets` and `ListAssetInstances` through [`crate::host_usage`]), which need no change;
//! then hosts of their family whose unused room (vCPUs and memory not taken by running
//! instances) holds them once the host is reslotted, each such host with a capacity task naming
//! its `AssetId`. Only what is left needs new hosts and racks.
//!
//! A reslotted host's task lists its whole new layout: the slots its running instances hold
//! (kept, so nothing is evacuated) plus the new instances; its configured slots nobody uses are
//! given up. Hosts that are not active, or that a capacity task is still changing, are left
//! alone. Largest servers are placed first, each on the first host with room.

use std::collections::BTreeMap;

use super::report::{CapacityTask, ExistingHostUse, InstancePool};
use crate::catalog::{HardwareCatalog, HostType};
use crate::host_usage::{HostUsage, OutpostUsage, Usage};
use crate::model::Estate;

/// One server to place: its instance type and what a slot of it takes.
pub(super) struct Wanted<'a> {
    /// Its name, for the report.
    pub name: &'a str,
    /// Its family's host type.
    pub host: &'a HostType,
    /// Its size's index in `host.sizes`.
    pub size_index: usize,
}

impl Wanted<'_> {
    fn instance_type(&self) -> String {
        format!(
            "{}.{}",
            self.host.family, self.host.sizes[self.size_index].size
        )
    }
}

/// A host's room as servers are placed on it.
struct Room<'u> {
    host: &'u HostUsage,
    host_type: &'u HostType,
    /// Free slots per type, as configured.
    free: BTreeMap<String, u32>,
    vcpus_left: f64,
    memory_gib_left: f64,
    /// Free slots taken, per type.
    taken: BTreeMap<String, u32>,
    /// Instances added by reslotting, per type.
    added: BTreeMap<String, u32>,
    servers: Vec<String>,
}

/// vCPUs and GiB of `instance_type` on `host_type` (by its listed sizes; else vCPUs by EC2's
/// naming and memory in the host's proportion).
fn footprint(host_type: &HostType, instance_type: &str) -> (f64, f64) {
    let size = instance_type.split_once('.').map_or("", |(_, size)| size);
    match host_type.sizes.iter().find(|s| s.size == size) {
        Some(s) => (f64::from(s.vcpus), f64::from(s.memory_gib)),
        None => {
            let vcpus = crate::catalog::hardware::vcpus_of(instance_type);
            let share = vcpus / f64::from(host_type.vcpus.max(1));
            (vcpus, share * f64::from(host_type.memory_gib))
        }
    }
}

/// Places `wanted` on `usage`'s hosts; returns which were placed (by position) and what each
/// host used, with its capacity task when it must be reslotted.
pub(super) fn place_on_existing(
    usage: &OutpostUsage,
    hardware: &HardwareCatalog,
    wanted: &[Wanted<'_>],
) -> (Vec<bool>, Vec<ExistingHostUse>) {
    let mut placed = vec![false; wanted.len()];
    if usage.usage == Usage::NotSynced {
        return (placed, Vec::new());
    }
    let mut rooms: Vec<Room<'_>> = usage
        .hosts
        .iter()
        .filter(|host| host.takes_new_instances() && host.pending_tasks.is_empty())
        .filter_map(|host| {
            let host_type = host
                .families
                .iter()
                .find_map(|family| hardware.host_type(family))?;
            let (mut vcpus, mut memory) = (
                f64::from(host.max_vcpus.unwrap_or(host_type.vcpus)),
                f64::from(host_type.memory_gib),
            );
            for slot in &host.slots {
                let (slot_vcpus, slot_memory) = footprint(host_type, &slot.instance_type);
                vcpus -= slot_vcpus * f64::from(slot.used);
                memory -= slot_memory * f64::from(slot.used);
            }
            Some(Room {
                host,
                host_type,
                free: host
                    .slots
                    .iter()
                    .map(|slot| (slot.instance_type.clone(), slot.free()))
                    .collect(),
                vcpus_left: vcpus,
                memory_gib_left: memory,
                taken: BTreeMap::new(),
                added: BTreeMap::new(),
                servers: Vec::new(),
            })
        })
        .collect();
    let mut order: Vec<usize> = (0..wanted.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(wanted[i].host.sizes[wanted[i].size_index].vcpus));
    // Free slots of exactly the type first: no change to any host.
    for &index in &order {
        let item = &wanted[index];
        let instance_type = item.instance_type();
        let (vcpus, memory) = footprint(item.host, &instance_type);
        if let Some(room) = rooms
            .iter_mut()
            .find(|room| room.free.get(&instance_type).is_some_and(|free| *free > 0))
        {
            if let Some(free) = room.free.get_mut(&instance_type) {
                *free -= 1;
            }
            *room.taken.entry(instance_type).or_insert(0) += 1;
            room.vcpus_left -= vcpus;
            room.memory_gib_left -= memory;
            room.servers.push(item.name.to_owned());
            placed[index] = true;
        }
    }
    // Then room a reslot of a host of the family frees.
    for &index in &order {
        if placed[index] {
            continue;
        }
        let item = &wanted[index];
        let instance_type = item.instance_type();
        let (vcpus, memory) = footprint(item.host, &instance_type);
        if let Some(room) = rooms.iter_mut().find(|room| {
            room.host_type.family == item.host.family
                && room.vcpus_left + 1e-9 >= vcpus
                && room.memory_gib_left + 1e-9 >= memory
        }) {
            *room.added.entry(instance_type).or_insert(0) += 1;
            room.vcpus_left -= vcpus;
            room.memory_gib_left -= memory;
            room.servers.push(item.name.to_owned());
            placed[index] = true;
        }
    }
    let uses = rooms
        .into_iter()
        .filter(|room| !room.servers.is_empty())
        .map(|room| {
            let capacity_task = (!room.added.is_empty()).then(|| {
                // The host's whole new layout: running instances keep their slots.
                let mut layout: BTreeMap<String, u32> = BTreeMap::new();
                for slot in room.host.slots.iter().filter(|slot| slot.used > 0) {
                    *layout.entry(slot.instance_type.clone()).or_insert(0) += slot.used;
                }
                for (instance_type, count) in room.taken.iter().chain(&room.added) {
                    *layout.entry(instance_type.clone()).or_insert(0) += count;
                }
                CapacityTask {
                    outpost_identifier: usage.outpost_id.clone(),
                    asset_id: Some(room.host.asset_id.clone()),
                    instance_pools: pools(layout),
                }
            });
            ExistingHostUse {
                location: usage.outpost_id.clone(),
                asset_id: room.host.asset_id.clone(),
                host_id: room.host.host_id.clone(),
                family: room.host_type.family.clone(),
                free_slots_taken: pools(room.taken),
                capacity_task,
                servers: room.servers,
            }
        })
        .collect();
    (placed, uses)
}

/// The families to size to on the existing Outpost `outpost_id`: those of `wanted` its hosts
/// have; when it has none of them, all of its own the hardware catalog knows. A note says what
/// changed.
pub(super) fn outpost_families(
    estate: &Estate,
    outpost_id: &str,
    wanted: &[String],
    hardware: &HardwareCatalog,
) -> (Vec<String>, Option<String>) {
    let mut own: Vec<String> = Vec::new();
    for family in estate
        .assets
        .iter()
        .filter(|a| a.outpost_id == outpost_id)
        .filter_map(|a| a.compute_attributes.as_ref())
        .flat_map(|c| &c.instance_families)
    {
        if hardware.host_type(family).is_some() && !own.contains(family) {
            own.push(family.clone());
        }
    }
    if own.is_empty() {
        return (wanted.to_vec(), None);
    }
    let kept: Vec<String> = wanted.iter().filter(|f| own.contains(f)).cloned().collect();
    if kept.is_empty() {
        let note = format!(
            "{outpost_id} has no host of {}: sized to its own families, {}",
            wanted.join(", "),
            own.join(", ")
        );
        (own, Some(note))
    } else if kept.len() < wanted.len() {
        let left: Vec<&str> = wanted
            .iter()
            .filter(|f| !own.contains(f))
            .map(String::as_str)
            .collect();
        let note = format!(
            "{outpost_id} has no host of {}: sized to {} only",
            left.join(", "),
            kept.join(", ")
        );
        (kept, Some(note))
    } else {
        (kept, None)
    }
}

fn pools(counts: BTreeMap<String, u32>) -> Vec<InstancePool> {
    counts
        .into_iter()
        .map(|(instance_type, count)| InstancePool {
            instance_type,
            count,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host_usage::outpost_usage;

    fn m5(hardware: &HardwareCatalog) -> &HostType {
        hardware.host_type("m5").expect("m5 host")
    }

    fn wanted<'a>(host: &'a HostType, size: &str, count: usize) -> Vec<Wanted<'a>> {
        let size_index = host
            .sizes
            .iter()
            .position(|s| s.size == size)
            .expect("size");
        (0..count)
            .map(|_| Wanted {
                name: "vm",
                host,
                size_index,
            })
            .collect()
    }

    /// The demo's Frankfurt Outpost: 20 m5 hosts each slotted 3 x m5.4xlarge + 6 x m5.2xlarge
    /// (96 vCPUs, half each), 6 instances running, one host being reslotted.
    fn frankfurt() -> (crate::model::Estate, String) {
        let demo = crate::demo::demo().expect("demo").estate;
        let id = demo.outposts[1].outpost_id.clone();
        (demo, id)
    }

    #[test]
    fn exact_free_slots_are_used_first_and_need_no_capacity_task() {
        let hardware = HardwareCatalog::embedded().expect("catalog");
        let (estate, id) = frankfurt();
        let usage = outpost_usage(&estate, &id);
        let free_before = usage.free_slots()["m5.4xlarge"];
        let items = wanted(m5(hardware), "4xlarge", 4);
        let (placed, uses) = place_on_existing(&usage, hardware, &items);
        assert!(placed.iter().all(|p| *p));
        let taken: u32 = uses
            .iter()
            .flat_map(|u| &u.free_slots_taken)
            .map(|p| p.count)
            .sum();
        assert_eq!(taken, 4);
        assert!(free_before >= 4);
        assert!(uses.iter().all(|u| u.capacity_task.is_none()));
    }

    #[test]
    fn a_size_no_host_is_slotted_for_reslots_a_host_keeping_its_running_instances() {
        let hardware = HardwareCatalog::embedded().expect("catalog");
        let (estate, id) = frankfurt();
        let usage = outpost_usage(&estate, &id);
        // m5.12xlarge (48 vCPUs, 192 GiB): no host has such a slot.
        let items = wanted(m5(hardware), "12xlarge", 1);
        let (placed, uses) = place_on_existing(&usage, hardware, &items);
        assert_eq!(placed, vec![true]);
        let task = uses[0].capacity_task.as_ref().expect("reslot");
        assert_eq!(task.asset_id.as_deref(), Some(uses[0].asset_id.as_str()));
        let host = usage.host(&uses[0].asset_id).expect("host");
        assert!(
            host.pending_tasks.is_empty(),
            "a host being reslotted is left alone"
        );
        // The new layout keeps every running instance's slot and adds the 12xlarge; it fits.
        for slot in host.slots.iter().filter(|s| s.used > 0) {
            let pool = task
                .instance_pools
                .iter()
                .find(|p| p.instance_type == slot.instance_type)
                .expect("kept");
            assert!(pool.count >= slot.used);
        }
        let vcpus: f64 = task
            .instance_pools
            .iter()
            .map(|p| footprint(m5(hardware), &p.instance_type).0 * f64::from(p.count))
            .sum();
        assert!(vcpus <= 96.0, "{vcpus}");
        assert!(
            task.instance_pools
                .iter()
                .any(|p| p.instance_type == "m5.12xlarge")
        );
    }

    #[test]
    fn more_than_the_outpost_holds_leaves_the_rest_for_new_hosts() {
        let hardware = HardwareCatalog::embedded().expect("catalog");
        let (estate, id) = frankfurt();
        let usage = outpost_usage(&estate, &id);
        let items = wanted(m5(hardware), "24xlarge", 40);
        let (placed, _) = place_on_existing(&usage, hardware, &items);
        let on_existing = placed.iter().filter(|p| **p).count();
        // A whole-host instance only fits a host nothing runs on and no task is changing.
        let idle = usage
            .hosts
            .iter()
            .filter(|h| h.slots_used() == 0 && h.pending_tasks.is_empty())
            .count();
        assert_eq!(on_existing, idle);
        assert!(on_existing < 40);
    }

    #[test]
    fn unknown_usage_places_nothing_on_existing_hosts() {
        let hardware = HardwareCatalog::embedded().expect("catalog");
        let (mut estate, id) = frankfurt();
        estate.asset_instances.clear();
        let usage = outpost_usage(&estate, &id);
        let (placed, uses) = place_on_existing(&usage, hardware, &wanted(m5(hardware), "large", 2));
        assert_eq!(placed, vec![false, false]);
        assert!(uses.is_empty());
    }
}
