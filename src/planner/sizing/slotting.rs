//! Slotting: the instances of one family onto hosts, as AWS's Outposts capacity planning
//! describes it. A size with enough instances to fill whole hosts gets **homogeneous** hosts
//! (an m5.24xlarge host as 24 m5.xlarge); what is left, and sizes that do not divide a host,
//! are packed first-fit, largest first, onto **heterogeneous** hosts. Every host's slots sum to
//! at most its vCPUs and its memory. Then **N+M**: M spare hosts per family, each slotted like
//! the family's most common layout so it can take over a failed host of that layout.

use serde::Serialize;

use crate::catalog::HostType;

/// How a host is slotted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// One size only.
    Homogeneous,
    /// A mix of sizes.
    Heterogeneous,
}

/// A number of slots of one instance type on a host.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
pub struct Slot {
    /// `m5.xlarge`.
    pub instance_type: String,
    /// How many.
    pub count: u32,
}

/// One host and its slots.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Host {
    /// Its slots, largest size first.
    pub slots: Vec<Slot>,
    /// vCPUs in its slots.
    pub vcpus_used: u32,
    /// The host's vCPUs.
    pub vcpus_total: u32,
    /// Memory in its slots, GiB.
    pub memory_gib_used: u32,
    /// The host's memory, GiB.
    pub memory_gib_total: u32,
    /// One of the M spare hosts (N+M), slotted but holding no server of the inventory.
    pub spare: bool,
    /// Homogeneous or heterogeneous.
    pub layout: Layout,
}

/// The hosts of one family.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FamilyHosts {
    /// `m5`.
    pub family: String,
    /// The host's instance type, e.g. `m5.24xlarge`.
    pub host_instance_type: String,
    /// The N hosts holding instances, then the M spares.
    pub hosts: Vec<Host>,
    /// M.
    pub spare_hosts: u32,
}

/// Work in progress on one host: instances per size index.
struct Packing {
    counts: Vec<u32>,
    vcpus: u32,
    memory_gib: u32,
}

/// Slots `instances` (a count per index of `host.sizes`) onto hosts of `host`'s family and
/// adds `spare_hosts` spares. Sizes larger than a host cannot occur: right-sizing only picks
/// sizes a host has.
pub fn slot_family(host: &HostType, instances: &[u32], spare_hosts: u32) -> FamilyHosts {
    let sizes = &host.sizes;
    let mut packings: Vec<Packing> = Vec::new();
    let mut left: Vec<u32> = instances.to_vec();
    left.resize(sizes.len(), 0);
    // Homogeneous: whole hosts of one size, where the size divides the host exactly.
    for (index, size) in sizes.iter().enumerate() {
        let per_host = host.vcpus / size.vcpus.max(1);
        let exact =
            per_host * size.vcpus == host.vcpus && per_host * size.memory_gib <= host.memory_gib;
        if !exact || per_host == 0 {
            continue;
        }
        let whole_hosts = left[index] / per_host;
        for _ in 0..whole_hosts {
            let mut counts = vec![0; sizes.len()];
            counts[index] = per_host;
            packings.push(Packing {
                counts,
                vcpus: host.vcpus,
                memory_gib: per_host * size.memory_gib,
            });
        }
        left[index] -= whole_hosts * per_host;
    }
    // Heterogeneous: first fit, largest size first, a whole run of one size at a time.
    let first_mixed = packings.len();
    for index in (0..sizes.len()).rev() {
        let size = &sizes[index];
        let mut remaining = left[index];
        let mut host_index = first_mixed;
        while remaining > 0 {
            if host_index == packings.len() {
                packings.push(Packing {
                    counts: vec![0; sizes.len()],
                    vcpus: 0,
                    memory_gib: 0,
                });
            }
            let packing = &mut packings[host_index];
            let room = ((host.vcpus - packing.vcpus) / size.vcpus.max(1))
                .min((host.memory_gib - packing.memory_gib) / size.memory_gib.max(1));
            let placed = room.min(remaining);
            if placed > 0 {
                packing.counts[index] += placed;
                packing.vcpus += placed * size.vcpus;
                packing.memory_gib += placed * size.memory_gib;
                remaining -= placed;
            }
            host_index += 1;
        }
    }
    let mut hosts: Vec<Host> = packings
        .iter()
        .map(|packing| host_of(host, &packing.counts, false))
        .collect();
    if let Some(template) = most_common_layout(&hosts).cloned() {
        for _ in 0..spare_hosts {
            hosts.push(Host {
                spare: true,
                ..template.clone()
            });
        }
    }
    FamilyHosts {
        family: host.family.clone(),
        host_instance_type: format!("{}.{}", host.family, host.max_size),
        spare_hosts: if hosts.is_empty() { 0 } else { spare_hosts },
        hosts,
    }
}

fn host_of(host: &HostType, counts: &[u32], spare: bool) -> Host {
    let mut slots = Vec::new();
    let (mut vcpus_used, mut memory_gib_used) = (0, 0);
    for (index, count) in counts.iter().enumerate().rev() {
        if *count == 0 {
            continue;
        }
        let size = &host.sizes[index];
        vcpus_used += count * size.vcpus;
        memory_gib_used += count * size.memory_gib;
        slots.push(Slot {
            instance_type: format!("{}.{}", host.family, size.size),
            count: *count,
        });
    }
    Host {
        layout: if slots.len() == 1 {
            Layout::Homogeneous
        } else {
            Layout::Heterogeneous
        },
        slots,
        vcpus_used,
        vcpus_total: host.vcpus,
        memory_gib_used,
        memory_gib_total: host.memory_gib,
        spare,
    }
}

impl Host {
    /// Its slots in words, largest first: `2 x m5.4xlarge + 8 x m5.xlarge`.
    pub fn slots_label(&self) -> String {
        self.slots
            .iter()
            .map(|s| format!("{} x {}", s.count, s.instance_type))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// The layout most hosts have (ties: the fuller one, then the first).
fn most_common_layout(hosts: &[Host]) -> Option<&Host> {
    let mut best: Option<(usize, u32, &Host)> = None;
    for candidate in hosts {
        let same = hosts.iter().filter(|h| h.slots == candidate.slots).count();
        let better = best.is_none_or(|(count, vcpus, _)| {
            same > count || (same == count && candidate.vcpus_used > vcpus)
        });
        if better {
            best = Some((same, candidate.vcpus_used, candidate));
        }
        // Whole homogeneous hosts come first and usually dominate: stop early on big estates.
        if best.is_some_and(|(count, _, _)| count * 2 > hosts.len()) {
            break;
        }
    }
    best.map(|(_, _, host)| host)
}

impl FamilyHosts {
    /// Instances per type over every host, spares included (what a capacity task requests).
    pub fn instance_pools(&self) -> Vec<Slot> {
        let mut pools: Vec<Slot> = Vec::new();
        for slot in self.hosts.iter().flat_map(|h| &h.slots) {
            match pools
                .iter_mut()
                .find(|p| p.instance_type == slot.instance_type)
            {
                Some(pool) => pool.count += slot.count,
                None => pools.push(slot.clone()),
            }
        }
        pools
    }

    /// vCPUs free on the N hosts holding instances (not counting the spares).
    pub fn free_vcpus(&self) -> u32 {
        self.hosts
            .iter()
            .filter(|h| !h.spare)
            .map(|h| h.vcpus_total - h.vcpus_used)
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::HardwareCatalog;

    #[test]
    fn whole_hosts_are_homogeneous_and_the_rest_packed_largest_first() {
        let catalog = HardwareCatalog::embedded().expect("catalog");
        let m5 = catalog.host_type("m5").expect("m5");
        // 50 xlarge (24 per host: 2 whole hosts, 2 left), 3 12xlarge (2 per host: 1 whole, 1
        // left). Left: 1 x 12xlarge (48) + 2 x xlarge (8) on one mixed host.
        let mut counts = vec![0; m5.sizes.len()];
        counts[1] = 50;
        counts[5] = 3;
        let family = slot_family(m5, &counts, 1);
        assert_eq!(family.hosts.len(), 4 + 1);
        let layouts: Vec<(Layout, u32, bool)> = family
            .hosts
            .iter()
            .map(|h| (h.layout, h.vcpus_used, h.spare))
            .collect();
        assert_eq!(
            layouts,
            vec![
                (Layout::Homogeneous, 96, false),
                (Layout::Homogeneous, 96, false),
                (Layout::Homogeneous, 96, false),
                (Layout::Heterogeneous, 56, false),
                (Layout::Homogeneous, 96, true),
            ]
        );
        assert_eq!(family.free_vcpus(), 40);
        let pools = family.instance_pools();
        assert_eq!(
            pools
                .iter()
                .map(|p| (p.instance_type.as_str(), p.count))
                .collect::<Vec<_>>(),
            // The spare copies the most common layout: 24 x m5.xlarge.
            vec![("m5.xlarge", 74), ("m5.12xlarge", 3)]
        );
    }

    #[test]
    fn no_instances_no_hosts_and_no_spares() {
        let catalog = HardwareCatalog::embedded().expect("catalog");
        let c5 = catalog.host_type("c5").expect("c5");
        let family = slot_family(c5, &[0; 8], 2);
        assert!(family.hosts.is_empty());
        assert_eq!(family.spare_hosts, 0);
    }
}
