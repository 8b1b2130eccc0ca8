//! What runs on each demo host, and the demo's capacity tasks: the records `ListAssetInstances`
//! and `ListCapacityTasks` / `GetCapacityTask` return for the demo's Outposts.
//!
//! Every running or pending instance on an Outpost takes one configured slot of its own type on
//! one of that Outpost's compute hosts, handed out round-robin per instance type (EC2 spreads
//! instances across hosts), so a host's used slots never exceed its configured ones. Stopped
//! instances hold no slot. Each unit's first Outpost has the completed task that slotted it;
//! its second Outpost has a task in progress that reslots one host.

use std::collections::HashMap;

use super::ids::aws_id;
use super::{Builder, DEMO_ACCOUNT_ID};
use crate::model::{
    AssetInstance, AssetType, AwsServiceName, CapacityTask, CapacityTaskStatus, InstanceStateName,
    InstanceTypeCapacity,
};

/// One Outpost's hosts, with the free slots of each type per host and a round-robin cursor
/// per type.
#[derive(Default)]
struct OutpostHosts {
    /// `(asset id, free slots per instance type)`, in ListAssets order.
    hosts: Vec<(String, HashMap<String, u32>)>,
    /// Where the next search for a type starts.
    cursor: HashMap<String, usize>,
}

impl OutpostHosts {
    /// Takes a free slot of `instance_type` on the next host that has one.
    fn take(&mut self, instance_type: &str) -> Option<String> {
        let count = self.hosts.len();
        let start = self.cursor.get(instance_type).copied().unwrap_or(0);
        for step in 0..count {
            let index = (start + step) % count;
            let (asset_id, free) = &mut self.hosts[index];
            if let Some(slots) = free.get_mut(instance_type).filter(|slots| **slots > 0) {
                *slots -= 1;
                self.cursor.insert(instance_type.to_owned(), index + 1);
                return Some(asset_id.clone());
            }
        }
        None
    }
}

/// Adds an [`AssetInstance`] per running instance on an Outpost, and the capacity tasks.
pub(super) fn add_host_usage(builder: &mut Builder) {
    let estate = &mut builder.estate;
    let mut outposts: HashMap<String, OutpostHosts> = HashMap::new();
    for asset in &estate.assets {
        let Some(compute) = asset
            .compute_attributes
            .as_ref()
            .filter(|_| asset.asset_type == AssetType::Compute)
        else {
            continue;
        };
        let free = compute
            .instance_type_capacities
            .iter()
            .map(|slot| (slot.instance_type.clone(), slot.count))
            .collect();
        outposts
            .entry(asset.outpost_id.clone())
            .or_default()
            .hosts
            .push((asset.asset_id.clone(), free));
    }
    let mut running = Vec::new();
    for instance in &estate.instances {
        let occupies = matches!(
            instance.state,
            InstanceStateName::Running | InstanceStateName::Pending
        );
        let Some(outpost_id) = instance
            .outpost_arn
            .as_deref()
            .and_then(|arn| arn.rsplit_once('/'))
            .map(|(_, id)| id)
            .filter(|_| occupies)
        else {
            continue;
        };
        let Some(asset_id) = outposts
            .get_mut(outpost_id)
            .and_then(|hosts| hosts.take(&instance.instance_type))
        else {
            continue;
        };
        running.push(AssetInstance {
            account_id: DEMO_ACCOUNT_ID.to_owned(),
            region: instance.region.clone(),
            outpost_id: outpost_id.to_owned(),
            instance_id: instance.instance_id.clone(),
            instance_type: instance.instance_type.clone(),
            asset_id,
            instance_account_id: Some(instance.account_id.clone()),
            aws_service_name: Some(AwsServiceName::Ec2),
        });
    }
    estate.asset_instances = running;
    let tasks = capacity_tasks(estate);
    estate.capacity_tasks = tasks;
}

/// Each unit's first Outpost: the completed task that slotted it at installation; its second:
/// a task in progress reslotting its first host into smaller sizes.
fn capacity_tasks(estate: &crate::model::Estate) -> Vec<CapacityTask> {
    let mut tasks = Vec::new();
    for (position, outpost) in estate.outposts.iter().enumerate() {
        let hosts = estate.assets.iter().filter(|asset| {
            asset.outpost_id == outpost.outpost_id && asset.compute_attributes.is_some()
        });
        let task = |name: &str, status: CapacityTaskStatus| CapacityTask {
            account_id: DEMO_ACCOUNT_ID.to_owned(),
            region: outpost.region.clone(),
            outpost_id: outpost.outpost_id.clone(),
            capacity_task_id: aws_id("cap", &format!("{} / {name}", outpost.outpost_id)),
            order_id: None,
            asset_id: None,
            capacity_task_status: status,
            requested_instance_pools: Vec::new(),
            dry_run: false,
            failure_reason: None,
            creation_date: None,
            completion_date: None,
            last_modified_date: None,
        };
        match position % 3 {
            0 => {
                let mut pools: Vec<InstanceTypeCapacity> = Vec::new();
                for slot in hosts
                    .filter_map(|asset| asset.compute_attributes.as_ref())
                    .flat_map(|compute| &compute.instance_type_capacities)
                {
                    match pools
                        .iter_mut()
                        .find(|pool| pool.instance_type == slot.instance_type)
                    {
                        Some(pool) => pool.count += slot.count,
                        None => pools.push(slot.clone()),
                    }
                }
                tasks.push(CapacityTask {
                    order_id: Some(aws_id("oo", &outpost.outpost_id)),
                    requested_instance_pools: pools,
                    creation_date: Some("2026-03-02T09:00:00Z".to_owned()),
                    completion_date: Some("2026-03-02T11:40:00Z".to_owned()),
                    last_modified_date: Some("2026-03-02T11:40:00Z".to_owned()),
                    ..task("installation slotting", CapacityTaskStatus::Completed)
                });
            }
            1 => {
                let Some((asset, compute)) = hosts
                    .filter_map(|asset| Some((asset, asset.compute_attributes.as_ref()?)))
                    .next()
                else {
                    continue;
                };
                let family = compute
                    .instance_families
                    .first()
                    .cloned()
                    .unwrap_or_default();
                // A quarter of the host each as 4xlarge, 2xlarge and xlarge slots (16, 8 and 4
                // vCPUs), the last quarter left as it is.
                let quarter = compute.max_vcpus.unwrap_or(0) / 4;
                let pools = [("4xlarge", 16), ("2xlarge", 8), ("xlarge", 4)]
                    .into_iter()
                    .map(|(size, vcpus)| InstanceTypeCapacity {
                        instance_type: format!("{family}.{size}"),
                        count: quarter / vcpus,
                    })
                    .collect();
                tasks.push(CapacityTask {
                    asset_id: Some(asset.asset_id.clone()),
                    requested_instance_pools: pools,
                    creation_date: Some("2026-11-28T14:05:00Z".to_owned()),
                    last_modified_date: Some("2026-11-29T08:30:00Z".to_owned()),
                    ..task("reslot host 1", CapacityTaskStatus::InProgress)
                });
            }
            _ => {}
        }
    }
    tasks
}
