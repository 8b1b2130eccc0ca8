//! What each Outposts host is configured for and what runs on it: per host, the slots per
//! instance type configured (`ListAssets`' `InstanceTypeCapacities`), used (`ListAssetInstances`:
//! which instance runs on which host) and free, the instances sharing it (what one host failure
//! takes down), and the capacity tasks still changing its slotting.
//!
//! A slot is used by one running instance of exactly its type; a host's free slots are its
//! configured ones less those used. An instance running on a host with no configured slot of its
//! type (the slotting changed under it) is listed with the host and counted as over-committed,
//! never subtracted from another type. When a snapshot has no `ListAssetInstances` answer for an
//! Outpost that has running instances (synced before Edge Atlas read it, or the call failed),
//! the usage is [`Usage::NotSynced`]: free slots are then not known, and nothing claims they are.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::model::{
    AssetInstance, AssetType, CapacityTask, ComputeAssetState, Estate, Instance, InstanceStateName,
};

/// One instance type's slots on one host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotUsage {
    /// The instance type, e.g. `m5.2xlarge`.
    pub instance_type: String,
    /// Slots configured for it.
    pub configured: u32,
    /// Slots running instances take.
    pub used: u32,
}

impl SlotUsage {
    /// Configured slots no instance takes.
    pub fn free(&self) -> u32 {
        self.configured.saturating_sub(self.used)
    }
}

/// An instance on a host, with what the snapshot knows about it.
#[derive(Clone, Debug, PartialEq)]
pub struct HostInstance {
    /// The instance id.
    pub instance_id: String,
    /// Its instance type.
    pub instance_type: String,
    /// Its `Name` tag, when the instance is in the snapshot (another account's is not).
    pub name: Option<String>,
    /// The account that owns it.
    pub account_id: Option<String>,
    /// `EC2`, or the managed service running it (`ELB`, `RDS`...).
    pub service: Option<String>,
}

/// One compute host: its slots and the instances on it.
#[derive(Clone, Debug, PartialEq)]
pub struct HostUsage {
    /// The asset id (what a capacity task's `AssetId` names).
    pub asset_id: String,
    /// The Dedicated Host id.
    pub host_id: Option<String>,
    /// The rack it is in.
    pub rack_id: String,
    /// Its instance families.
    pub families: Vec<String>,
    /// Its state (active, isolated, retiring, installing).
    pub state: Option<ComputeAssetState>,
    /// Its vCPUs.
    pub max_vcpus: Option<u32>,
    /// Slots per instance type, in the order AWS listed them, then types running without a
    /// configured slot.
    pub slots: Vec<SlotUsage>,
    /// The instances on it, by instance id.
    pub instances: Vec<HostInstance>,
    /// Capacity tasks not yet finished that reslot this host or its whole Outpost.
    pub pending_tasks: Vec<String>,
}

impl HostUsage {
    /// Configured slots in all.
    pub fn slots_configured(&self) -> u32 {
        self.slots.iter().map(|slot| slot.configured).sum()
    }

    /// Slots running instances take.
    pub fn slots_used(&self) -> u32 {
        self.slots.iter().map(|slot| slot.used).sum()
    }

    /// Configured slots no instance takes.
    pub fn slots_free(&self) -> u32 {
        self.slots.iter().map(SlotUsage::free).sum()
    }

    /// vCPUs of the running instances.
    pub fn vcpus_used(&self) -> u32 {
        let vcpus: f64 = self
            .slots
            .iter()
            .map(|slot| {
                crate::catalog::hardware::vcpus_of(&slot.instance_type) * f64::from(slot.used)
            })
            .sum();
        vcpus.round() as u32
    }

    /// Whether new instances can be launched on it (AWS: only active hosts take new ones).
    pub fn takes_new_instances(&self) -> bool {
        matches!(self.state, Some(ComputeAssetState::Active) | None)
    }

    /// `3 instances on host AS12 (40 of 96 vCPUs): what its failure takes down`.
    pub fn instances_heading(&self) -> String {
        format!(
            "{} on host {} ({} of {} vCPUs): what its failure takes down",
            counted(self.instances.len(), "instance"),
            self.asset_id,
            self.vcpus_used(),
            self.max_vcpus.map_or("?".to_owned(), |v| v.to_string())
        )
    }

    /// `m5.4xlarge 2/3 · m5.2xlarge 4/6`: used of configured per type, `!` where running
    /// instances have no configured slot.
    pub fn slots_label(&self) -> String {
        self.slots
            .iter()
            .map(|slot| {
                let over = if slot.used > slot.configured {
                    " !"
                } else {
                    ""
                };
                format!(
                    "{} {}/{}{over}",
                    slot.instance_type, slot.used, slot.configured
                )
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// Whether the snapshot says what runs on an Outpost's hosts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Usage {
    /// `ListAssetInstances` answered (or nothing runs on the Outpost).
    Known,
    /// Instances run on the Outpost but the snapshot has no `ListAssetInstances` answer for it.
    NotSynced,
}

impl Usage {
    /// Known when `ListAssetInstances` reported something for the Outpost or nothing runs on it.
    fn of(reported: bool, anything_runs: bool) -> Usage {
        if reported || !anything_runs {
            Usage::Known
        } else {
            Usage::NotSynced
        }
    }
}

/// Instances per host over a whole estate in one pass, for pictures of every Outpost's racks
/// (where [`outpost_usage`] per Outpost would scan the estate once per Outpost).
pub struct RunningIndex<'a> {
    per_asset: HashMap<&'a str, u32>,
    reported: HashSet<&'a str>,
    busy_arns: HashSet<&'a str>,
}

impl<'a> RunningIndex<'a> {
    /// Indexes `estate`'s asset instances and running Outposts instances.
    pub fn new(estate: &'a Estate) -> Self {
        let mut per_asset: HashMap<&str, u32> = HashMap::new();
        let mut reported = HashSet::new();
        for running in &estate.asset_instances {
            *per_asset.entry(running.asset_id.as_str()).or_insert(0) += 1;
            reported.insert(running.outpost_id.as_str());
        }
        let busy_arns = estate
            .instances
            .iter()
            .filter(|instance| {
                matches!(
                    instance.state,
                    InstanceStateName::Running | InstanceStateName::Pending
                )
            })
            .filter_map(|instance| instance.outpost_arn.as_deref())
            .collect();
        Self {
            per_asset,
            reported,
            busy_arns,
        }
    }

    /// Instances on the host `asset_id` of the Outpost, `None` when the snapshot does not say.
    pub fn instances_on(&self, outpost_id: &str, outpost_arn: &str, asset_id: &str) -> Option<u32> {
        let usage = Usage::of(
            self.reported.contains(outpost_id),
            self.busy_arns.contains(outpost_arn),
        );
        (usage == Usage::Known).then(|| self.per_asset.get(asset_id).copied().unwrap_or(0))
    }
}

/// One Outpost's hosts with their usage, and its capacity tasks.
#[derive(Clone, Debug, PartialEq)]
pub struct OutpostUsage {
    /// The Outpost id.
    pub outpost_id: String,
    /// Whether the usage is known.
    pub usage: Usage,
    /// Compute hosts, in `ListAssets` order.
    pub hosts: Vec<HostUsage>,
    /// The Outpost's capacity tasks, newest first.
    pub capacity_tasks: Vec<CapacityTask>,
}

impl OutpostUsage {
    /// The host with this asset id.
    pub fn host(&self, asset_id: &str) -> Option<&HostUsage> {
        self.hosts.iter().find(|host| host.asset_id == asset_id)
    }

    /// Free slots per instance type over the hosts that take new instances (empty when the
    /// usage is not known).
    pub fn free_slots(&self) -> BTreeMap<String, u32> {
        let mut free = BTreeMap::new();
        if self.usage == Usage::NotSynced {
            return free;
        }
        for host in self.hosts.iter().filter(|h| h.takes_new_instances()) {
            for slot in &host.slots {
                if slot.free() > 0 {
                    *free.entry(slot.instance_type.clone()).or_insert(0) += slot.free();
                }
            }
        }
        free
    }

    /// `12 hosts · 40 of 96 slots used · 3 capacity tasks (1 pending)`.
    pub fn summary(&self) -> String {
        let used: u32 = self.hosts.iter().map(HostUsage::slots_used).sum();
        let configured: u32 = self.hosts.iter().map(HostUsage::slots_configured).sum();
        let pending = self
            .capacity_tasks
            .iter()
            .filter(|task| task.capacity_task_status.is_pending())
            .count();
        let usage = match self.usage {
            Usage::Known => format!("{used} of {configured} slots used"),
            Usage::NotSynced => format!(
                "{configured} slots; which are used is not in this snapshot (ListAssetInstances was not read: sync again)"
            ),
        };
        format!(
            "{} · {usage} · {} ({pending} pending)",
            counted(self.hosts.len(), "host"),
            counted(self.capacity_tasks.len(), "capacity task")
        )
    }
}

/// `1 host`, `3 hosts`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// The usage of `outpost_id`'s hosts in `estate`.
pub fn outpost_usage(estate: &Estate, outpost_id: &str) -> OutpostUsage {
    let outpost_arn = estate
        .outposts
        .iter()
        .find(|outpost| outpost.outpost_id == outpost_id)
        .map(|outpost| outpost.outpost_arn.as_str());
    let running: Vec<&AssetInstance> = estate
        .asset_instances
        .iter()
        .filter(|running| running.outpost_id == outpost_id)
        .collect();
    let instances: HashMap<&str, &Instance> = estate
        .instances
        .iter()
        .filter(|instance| outpost_arn.is_some() && instance.outpost_arn.as_deref() == outpost_arn)
        .map(|instance| (instance.instance_id.as_str(), instance))
        .collect();
    let anything_runs = instances.values().any(|instance| {
        matches!(
            instance.state,
            InstanceStateName::Running | InstanceStateName::Pending
        )
    });
    let usage = Usage::of(!running.is_empty(), anything_runs);
    let mut capacity_tasks: Vec<CapacityTask> = estate
        .capacity_tasks
        .iter()
        .filter(|task| task.outpost_id == outpost_id)
        .cloned()
        .collect();
    capacity_tasks.sort_by(|a, b| b.creation_date.cmp(&a.creation_date));
    let mut by_asset: HashMap<&str, Vec<&AssetInstance>> = HashMap::new();
    for item in &running {
        by_asset
            .entry(item.asset_id.as_str())
            .or_default()
            .push(item);
    }
    let hosts = estate
        .assets
        .iter()
        .filter(|asset| asset.outpost_id == outpost_id && asset.asset_type == AssetType::Compute)
        .map(|asset| {
            let compute = asset.compute_attributes.clone().unwrap_or_default();
            let on_host = by_asset
                .get(asset.asset_id.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default();
            host_usage(asset, compute, on_host, &instances, &capacity_tasks)
        })
        .collect();
    OutpostUsage {
        outpost_id: outpost_id.to_owned(),
        usage,
        hosts,
        capacity_tasks,
    }
}

fn host_usage(
    asset: &crate::model::Asset,
    compute: crate::model::ComputeAttributes,
    on_host: &[&AssetInstance],
    instances: &HashMap<&str, &Instance>,
    tasks: &[CapacityTask],
) -> HostUsage {
    let mut slots: Vec<SlotUsage> = compute
        .instance_type_capacities
        .iter()
        .map(|slot| SlotUsage {
            instance_type: slot.instance_type.clone(),
            configured: slot.count,
            used: 0,
        })
        .collect();
    let mut listed: Vec<HostInstance> = Vec::with_capacity(on_host.len());
    for running in on_host {
        match slots
            .iter_mut()
            .find(|slot| slot.instance_type == running.instance_type)
        {
            Some(slot) => slot.used += 1,
            None => slots.push(SlotUsage {
                instance_type: running.instance_type.clone(),
                configured: 0,
                used: 1,
            }),
        }
        let known = instances.get(running.instance_id.as_str());
        listed.push(HostInstance {
            instance_id: running.instance_id.clone(),
            instance_type: running.instance_type.clone(),
            name: known.and_then(|instance| instance.tags.get("Name").cloned()),
            account_id: running
                .instance_account_id
                .clone()
                .or_else(|| known.map(|instance| instance.account_id.clone())),
            service: running
                .aws_service_name
                .as_ref()
                .map(|service| service.as_str().to_owned()),
        });
    }
    listed.sort_by(|a, b| a.instance_id.cmp(&b.instance_id));
    let pending_tasks = tasks
        .iter()
        .filter(|task| task.capacity_task_status.is_pending())
        .filter(|task| {
            task.asset_id
                .as_deref()
                .is_none_or(|wanted| wanted == asset.asset_id)
        })
        .map(|task| task.capacity_task_id.clone())
        .collect();
    HostUsage {
        asset_id: asset.asset_id.clone(),
        host_id: compute.host_id,
        rack_id: asset.rack_id.clone(),
        families: compute.instance_families,
        state: compute.state,
        max_vcpus: compute.max_vcpus,
        slots,
        instances: listed,
        pending_tasks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_hosts_use_no_more_slots_than_configured_and_every_running_outpost_instance_has_a_host()
     {
        let demo = crate::demo::demo().expect("demo");
        let estate = &demo.estate;
        let mut on_hosts = 0;
        for outpost in &estate.outposts {
            let usage = outpost_usage(estate, &outpost.outpost_id);
            assert_eq!(usage.usage, Usage::Known);
            for host in &usage.hosts {
                for slot in &host.slots {
                    assert!(slot.used <= slot.configured, "{}: {slot:?}", host.asset_id);
                }
                assert_eq!(host.instances.len() as u32, host.slots_used());
                on_hosts += host.instances.len();
            }
        }
        let running_on_outposts = estate
            .instances
            .iter()
            .filter(|i| i.outpost_arn.is_some() && i.state == InstanceStateName::Running)
            .count();
        assert!(running_on_outposts > 0);
        assert_eq!(on_hosts, running_on_outposts);
    }

    #[test]
    fn without_asset_instances_the_usage_is_not_synced_and_no_slot_is_called_free() {
        let mut demo = crate::demo::demo().expect("demo").estate;
        demo.asset_instances.clear();
        let outpost = demo.outposts[0].outpost_id.clone();
        let usage = outpost_usage(&demo, &outpost);
        assert_eq!(usage.usage, Usage::NotSynced);
        assert!(usage.free_slots().is_empty());
        assert!(
            usage.summary().contains("sync again"),
            "{}",
            usage.summary()
        );
    }

    #[test]
    fn an_instance_without_a_configured_slot_is_shown_over_committed() {
        let mut demo = crate::demo::demo().expect("demo").estate;
        let first = demo.asset_instances[0].clone();
        demo.asset_instances[0].instance_type = "m5.24xlarge".to_owned();
        let usage = outpost_usage(&demo, &first.outpost_id);
        let host = usage.host(&first.asset_id).expect("host");
        let odd = host
            .slots
            .iter()
            .find(|slot| slot.instance_type == "m5.24xlarge")
            .expect("listed");
        assert_eq!((odd.configured, odd.used, odd.free()), (0, 1, 0));
        assert!(host.slots_label().contains("m5.24xlarge 1/0 !"));
    }

    #[test]
    fn a_pending_task_for_one_host_is_listed_with_that_host_only() {
        let demo = crate::demo::demo().expect("demo").estate;
        let task = demo
            .capacity_tasks
            .iter()
            .find(|task| task.asset_id.is_some())
            .expect("the demo reslots one host");
        let usage = outpost_usage(&demo, &task.outpost_id);
        let with_task: Vec<&str> = usage
            .hosts
            .iter()
            .filter(|host| !host.pending_tasks.is_empty())
            .map(|host| host.asset_id.as_str())
            .collect();
        assert_eq!(with_task, vec![task.asset_id.as_deref().unwrap_or("")]);
    }
}
