//! Which compute rack configurations to order for a number of hosts per family (and EBS
//! storage): the fewest racks, then the least power. An exact search over how many racks of
//! each configuration, bounded by the best found, so a planner can trust it is the minimum and
//! not a greedy guess.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::RackConfiguration;

/// A number of racks of one configuration.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ConfigurationCount {
    /// The catalog item id.
    pub catalog_item_id: String,
    /// How many racks.
    pub count: u32,
}

/// The racks chosen for one Outpost.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RackChoice {
    /// Racks per configuration, most first.
    pub configurations: Vec<ConfigurationCount>,
    /// Compute racks in all.
    pub racks: u32,
    /// Their power, kVA (the catalog's figures, estimates where it says so).
    pub power_kva: f64,
    /// Their weight, lb.
    pub weight_lbs: u32,
    /// Hosts they provide per family.
    pub hosts_provided: BTreeMap<String, u32>,
    /// EBS they provide, TiB (where the catalog states it).
    pub ebs_tib: f64,
}

impl RackChoice {
    /// `2 x OR-G1-C5M5R5-12 + 1 x OR-G1-M5-8`.
    pub fn label(&self) -> String {
        self.configurations
            .iter()
            .map(|c| format!("{} x {}", c.count, c.catalog_item_id))
            .collect::<Vec<_>>()
            .join(" + ")
    }
}

/// Why no racks can be chosen.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{0}")]
pub struct RackChoiceError(pub String);

struct Search<'a> {
    configurations: Vec<&'a RackConfiguration>,
    /// Hosts of each needed family per rack of each configuration.
    capacity: Vec<Vec<u32>>,
    ebs: Vec<f64>,
    need: Vec<u32>,
    storage_tib: f64,
    best: Option<(u32, f64, Vec<u32>)>,
}

impl Search<'_> {
    fn covered(&self, counts: &[u32]) -> bool {
        let hosts_ok = self.need.iter().enumerate().all(|(family, need)| {
            counts
                .iter()
                .zip(&self.capacity)
                .map(|(count, capacity)| count * capacity[family])
                .sum::<u32>()
                >= *need
        });
        let ebs: f64 = counts
            .iter()
            .zip(&self.ebs)
            .map(|(c, e)| f64::from(*c) * e)
            .sum();
        hosts_ok && ebs + 1e-9 >= self.storage_tib
    }

    /// The fewest racks of configuration `index` that, with `counts` of the earlier ones,
    /// cover the need; `None` when it cannot.
    fn last_count(&self, counts: &[u32], index: usize) -> Option<u32> {
        let mut needed = 0u32;
        for (family, need) in self.need.iter().enumerate() {
            let have: u32 = counts[..index]
                .iter()
                .zip(&self.capacity)
                .map(|(count, capacity)| count * capacity[family])
                .sum();
            if have >= *need {
                continue;
            }
            let per_rack = self.capacity[index][family];
            if per_rack == 0 {
                return None;
            }
            needed = needed.max((need - have).div_ceil(per_rack));
        }
        let ebs_have: f64 = counts[..index]
            .iter()
            .zip(&self.ebs)
            .map(|(c, e)| f64::from(*c) * e)
            .sum();
        if ebs_have + 1e-9 < self.storage_tib {
            if self.ebs[index] <= 0.0 {
                return None;
            }
            needed =
                needed.max(((self.storage_tib - ebs_have) / self.ebs[index] - 1e-9).ceil() as u32);
        }
        Some(needed)
    }

    fn power(&self, counts: &[u32]) -> f64 {
        counts
            .iter()
            .zip(&self.configurations)
            .map(|(count, c)| f64::from(*count) * c.power_kva)
            .sum()
    }

    fn better(&self, racks: u32, power: f64) -> bool {
        self.best
            .as_ref()
            .is_none_or(|(best_racks, best_power, _)| {
                racks < *best_racks || (racks == *best_racks && power < best_power - 1e-9)
            })
    }

    fn search(&mut self, counts: &mut Vec<u32>, index: usize, upper: &[u32]) {
        let racks_so_far: u32 = counts.iter().sum();
        if let Some((best_racks, _, _)) = &self.best
            && racks_so_far > *best_racks
        {
            return;
        }
        if index + 1 == self.configurations.len() {
            if let Some(last) = self.last_count(counts, index) {
                counts.push(last);
                let racks = racks_so_far + last;
                let power = self.power(counts);
                if self.better(racks, power) && self.covered(counts) {
                    self.best = Some((racks, power, counts.clone()));
                }
                counts.pop();
            }
            return;
        }
        for count in (0..=upper[index]).rev() {
            counts.push(count);
            self.search(counts, index + 1, upper);
            counts.pop();
        }
    }
}

/// The fewest racks (then least power) of `configurations` providing `hosts` per family and
/// `storage_tib` of EBS (ignored when no configuration states its EBS).
pub fn choose_racks(
    hosts: &BTreeMap<String, u32>,
    storage_tib: f64,
    configurations: &[&RackConfiguration],
    max_racks: u32,
) -> Result<RackChoice, RackChoiceError> {
    let families: Vec<&String> = hosts.keys().collect();
    let useful: Vec<&RackConfiguration> = configurations
        .iter()
        .copied()
        .filter(|c| {
            c.ec2_capacities
                .iter()
                .any(|e| hosts.get(&e.family).is_some_and(|n| *n > 0))
        })
        .collect();
    for family in &families {
        if hosts[*family] > 0
            && !useful
                .iter()
                .any(|c| c.ec2_capacities.iter().any(|e| &&e.family == family))
        {
            return Err(RackChoiceError(format!(
                "no orderable rack configuration of this generation has {family} hosts"
            )));
        }
    }
    if useful.is_empty() {
        return Ok(RackChoice {
            configurations: Vec::new(),
            racks: 0,
            power_kva: 0.0,
            weight_lbs: 0,
            hosts_provided: BTreeMap::new(),
            ebs_tib: 0.0,
        });
    }
    let capacity: Vec<Vec<u32>> = useful
        .iter()
        .map(|c| {
            families
                .iter()
                .map(|f| {
                    c.ec2_capacities
                        .iter()
                        .filter(|e| &&e.family == f)
                        .map(|e| e.quantity)
                        .sum()
                })
                .collect()
        })
        .collect();
    let ebs: Vec<f64> = useful.iter().map(|c| c.ebs_tib.unwrap_or(0.0)).collect();
    let storage_tib = if ebs.iter().any(|e| *e > 0.0) {
        storage_tib
    } else {
        0.0
    };
    let need: Vec<u32> = families.iter().map(|f| hosts[*f]).collect();
    // The most racks of each configuration worth trying: what it would take alone.
    let upper: Vec<u32> = capacity
        .iter()
        .zip(&ebs)
        .map(|(per_rack, ebs)| {
            let for_hosts = need
                .iter()
                .zip(per_rack)
                .filter(|(_, per)| **per > 0)
                .map(|(n, per)| n.div_ceil(*per))
                .max()
                .unwrap_or(0);
            let for_storage = if *ebs > 0.0 {
                (storage_tib / ebs).ceil() as u32
            } else {
                0
            };
            for_hosts.max(for_storage).min(max_racks)
        })
        .collect();
    // Largest configurations first: good answers early make the bound bite.
    let mut order: Vec<usize> = (0..useful.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(capacity[*i].iter().sum::<u32>()));
    let mut search = Search {
        configurations: order.iter().map(|i| useful[*i]).collect(),
        capacity: order.iter().map(|i| capacity[*i].clone()).collect(),
        ebs: order.iter().map(|i| ebs[*i]).collect(),
        need,
        storage_tib,
        best: None,
    };
    let upper: Vec<u32> = order.iter().map(|i| upper[*i]).collect();
    search.search(&mut Vec::new(), 0, &upper);
    let Some((racks, power_kva, counts)) = search.best.take() else {
        return Err(RackChoiceError(
            "no combination of the orderable rack configurations provides these hosts".into(),
        ));
    };
    if racks > max_racks {
        return Err(RackChoiceError(format!(
            "{racks} compute racks is more than the {max_racks} Edge Atlas plans for one Outpost"
        )));
    }
    let mut configurations: Vec<ConfigurationCount> = counts
        .iter()
        .zip(&search.configurations)
        .filter(|(count, _)| **count > 0)
        .map(|(count, c)| ConfigurationCount {
            catalog_item_id: c.catalog_item_id.clone(),
            count: *count,
        })
        .collect();
    configurations.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.catalog_item_id.cmp(&b.catalog_item_id))
    });
    let mut hosts_provided = BTreeMap::new();
    for (count, configuration) in counts.iter().zip(&search.configurations) {
        for capacity in &configuration.ec2_capacities {
            *hosts_provided.entry(capacity.family.clone()).or_insert(0) +=
                count * capacity.quantity;
        }
    }
    let ebs_tib = counts
        .iter()
        .zip(&search.ebs)
        .map(|(c, e)| f64::from(*c) * e)
        .sum();
    let weight_lbs = counts
        .iter()
        .zip(&search.configurations)
        .map(|(count, c)| count * c.weight_lbs)
        .sum();
    Ok(RackChoice {
        configurations,
        racks,
        power_kva,
        weight_lbs,
        hosts_provided,
        ebs_tib,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::HardwareCatalog;

    fn choose(
        hosts: &[(&str, u32)],
        storage_tib: f64,
        generation: u8,
    ) -> Result<RackChoice, RackChoiceError> {
        let catalog = HardwareCatalog::embedded().expect("catalog");
        let configurations: Vec<&RackConfiguration> = catalog
            .rack_configurations
            .iter()
            .filter(|c| c.generation == generation)
            .collect();
        let hosts = hosts.iter().map(|(f, n)| ((*f).to_owned(), *n)).collect();
        choose_racks(&hosts, storage_tib, &configurations, 1000)
    }

    #[test]
    fn fewest_racks_then_least_power() {
        // 6 m5 hosts: one M5-8 (10 kVA) beats two M5-4 (10 kVA, but two racks).
        let choice = choose(&[("m5", 6)], 0.0, 1).expect("plan");
        assert_eq!(choice.label(), "1 x OR-G1-M5-8");
        // 4 m5 hosts: M5-4 (5 kVA) over M5-8 (10 kVA), both one rack.
        assert_eq!(
            choose(&[("m5", 4)], 0.0, 1).expect("plan").label(),
            "1 x OR-G1-M5-4"
        );
        // 4 m5 hosts and 20 TiB: M5-4 has 11 TiB, M5-8 33 TiB.
        assert_eq!(
            choose(&[("m5", 4)], 20.0, 1).expect("plan").label(),
            "1 x OR-G1-M5-8"
        );
        // c5, m5, r5: only the mixed rack has c5 and r5; 6 c5 takes two of them, which hold
        // 8 m5 as well: 14 m5 needs one M5-8 more... or a third mixed rack: both 3 racks, the
        // M5-8 draws 10 kVA, the mixed 15.
        let choice = choose(&[("c5", 6), ("m5", 14), ("r5", 5)], 0.0, 1).expect("plan");
        assert_eq!(choice.label(), "2 x OR-G1-C5M5R5-12 + 1 x OR-G1-M5-8");
        assert_eq!((choice.racks, choice.power_kva), (3, 40.0));
        assert_eq!(choice.hosts_provided["m5"], 16);
    }

    #[test]
    fn large_needs_take_as_many_racks_as_they_need() {
        // 300 c5 hosts: 75 mixed racks at least (4 c5 each), which hold 300 m5 and 300 r5.
        let choice = choose(&[("c5", 300), ("m5", 400), ("r5", 250)], 0.0, 1).expect("plan");
        assert_eq!(choice.hosts_provided["c5"], 300);
        assert!(choice.hosts_provided["m5"] >= 400);
        // 75 mixed + 100 more m5 hosts: 12 x M5-8 + 1 x M5-4.
        assert_eq!(
            choice.label(),
            "75 x OR-G1-C5M5R5-12 + 12 x OR-G1-M5-8 + 1 x OR-G1-M5-4"
        );
    }

    #[test]
    fn a_family_no_configuration_has_is_named() {
        let error = choose(&[("g4dn", 1)], 0.0, 2).expect_err("no g4dn in gen 2");
        assert!(error.0.contains("g4dn"), "{error}");
    }
}
