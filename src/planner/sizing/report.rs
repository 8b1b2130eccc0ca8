//! What a sizing says: the `size --json` contract (servers read and placed, what was not
//! placed and why, per Outpost and family the hosts with their slots and the capacity task, the
//! racks chosen with both bills of materials, workloads placed elsewhere, every server's
//! instance type, the parameters, notes and sources). Plain data; [`super`] decides it.

use std::collections::BTreeMap;

use serde::Serialize;

use super::rack_choice::RackChoice;
use super::slotting::Host;
use crate::planner::plan::CandidateKind;
use crate::planner::racks::RackPlan;

/// A server not placed, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Unplaced {
    /// Its name (may be empty for a row without one).
    pub name: String,
    /// Its line or row.
    pub line: usize,
    /// Why; for unreadable rows, naming the column.
    pub reason: String,
}

/// The request `StartCapacityTask` takes, as AWS spells it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CapacityTask {
    /// The Outpost id, or [`super::NEW_OUTPOST_PLACEHOLDER`] for an Outpost not yet ordered.
    #[serde(rename = "OutpostIdentifier")]
    pub outpost_identifier: String,
    /// The one host the task reslots (an existing Outpost's asset), when it is for one host.
    #[serde(rename = "AssetId", skip_serializing_if = "Option::is_none")]
    pub asset_id: Option<String>,
    /// Instances per type.
    #[serde(rename = "InstancePools")]
    pub instance_pools: Vec<InstancePool>,
}

/// One pool of a capacity task.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InstancePool {
    /// `m5.xlarge`.
    #[serde(rename = "InstanceType")]
    pub instance_type: String,
    /// How many.
    #[serde(rename = "Count")]
    pub count: u32,
}

/// One family's hosts on one Outpost (an entry of `outposts` in the contract).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutpostFamily {
    /// The Outpost id, or `new`.
    pub location: String,
    /// The workloads placed there.
    pub workloads: Vec<String>,
    /// The family.
    pub family: String,
    /// One host's instance type.
    pub host_instance_type: String,
    /// The hosts, N then the M spares.
    pub hosts: Vec<Host>,
    /// M.
    pub spare_hosts: u32,
    /// vCPUs free on the N hosts (spare capacity beyond the spare hosts).
    pub free_vcpus: u32,
    /// The Outpost's compute racks (all families).
    pub racks: u32,
    /// The Outpost's rack configurations, e.g. `2 x OR-G1-C5M5R5-12`.
    pub rack_configuration: String,
    /// The capacity task for this family's slotting.
    pub capacity_task: CapacityTask,
}

impl OutpostFamily {
    /// One line for people: `m5: 10 hosts of m5.24xlarge (9 + 1 spare), 52 vCPUs free`.
    pub fn summary(&self) -> String {
        let spares = self.spare_hosts as usize;
        format!(
            "{}: {} hosts of {} ({} + {} spare), {} vCPUs free",
            self.family,
            self.hosts.len(),
            self.host_instance_type,
            self.hosts.len().saturating_sub(spares),
            spares,
            self.free_vcpus
        )
    }
}

/// What servers placed on an existing Outpost use of one of its hosts (an entry of
/// `existing_hosts` in the contract).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ExistingHostUse {
    /// The Outpost id.
    pub location: String,
    /// The host's asset id.
    pub asset_id: String,
    /// Its Dedicated Host id.
    pub host_id: Option<String>,
    /// Its family.
    pub family: String,
    /// Free slots taken as they are configured (no change needed).
    pub free_slots_taken: Vec<InstancePool>,
    /// When the host must be reslotted: its whole new layout, for its `AssetId`.
    pub capacity_task: Option<CapacityTask>,
    /// The servers placed on it.
    pub servers: Vec<String>,
}

impl ExistingHostUse {
    /// One line for people: `host AS1 (m5): 2 x m5.4xlarge in free slots; reslot to 1 x ...`.
    pub fn summary(&self) -> String {
        let label = |pools: &[InstancePool]| {
            pools
                .iter()
                .map(|p| format!("{} x {}", p.count, p.instance_type))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !self.free_slots_taken.is_empty() {
            parts.push(format!("{} in free slots", label(&self.free_slots_taken)));
        }
        if let Some(task) = &self.capacity_task {
            parts.push(format!(
                "reslot to {} (capacity task for this asset)",
                label(&task.instance_pools)
            ));
        }
        format!(
            "host {} ({}): {}",
            self.asset_id,
            self.family,
            parts.join("; ")
        )
    }
}

/// The racks of one Outpost, with and without an aggregation rack.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutpostRacks {
    /// The Outpost id, or `new`.
    pub location: String,
    /// The workloads placed there.
    pub workloads: Vec<String>,
    /// Outposts generation of its families.
    pub generation: u8,
    /// Hosts needed per family, spares included.
    pub hosts_needed: BTreeMap<String, u32>,
    /// EBS storage its servers have, TiB.
    pub storage_tib_needed: f64,
    /// The configurations chosen.
    pub choice: RackChoice,
    /// Both bills of materials (with and without the ACE or network rack), when they can be
    /// counted.
    pub rack_plan: Option<RackPlan>,
    /// What to know about this Outpost's sizing.
    pub notes: Vec<String>,
}

/// A workload the planner put outside Outposts, with its instances.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Elsewhere {
    /// The workload.
    pub workload: String,
    /// Region, Local Zone or Wavelength Zone.
    pub kind: CandidateKind,
    /// Where.
    pub location: String,
    /// Instances per type.
    pub instances: Vec<InstancePool>,
}

impl Elsewhere {
    /// Its instances in words: `3 x m5.large, 1 x r5.xlarge`.
    pub fn instances_label(&self) -> String {
        self.instances
            .iter()
            .map(|p| format!("{} x {}", p.count, p.instance_type))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What one server became.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizedServer {
    /// Its name.
    pub name: String,
    /// Its line or row.
    pub line: usize,
    /// Its workload.
    pub workload: String,
    /// The instance type chosen.
    pub instance_type: String,
    /// Where it runs: an Outpost id, `new`, a Region or zone.
    pub location: String,
    /// vCPUs it needs after right-sizing.
    pub vcpus_needed: f64,
    /// Memory it needs after right-sizing, GiB.
    pub memory_gib_needed: f64,
    /// False when its power state says off.
    pub powered_on: bool,
}

/// The parameters a sizing used.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizingParameters {
    /// Headroom on utilisation, percent.
    pub headroom_pct: f64,
    /// Fewest vCPUs per server.
    pub min_vcpus: f64,
    /// Least memory per server, GiB.
    pub min_memory_gib: f64,
    /// M of N+M.
    pub spare_hosts: u32,
    /// Families where a workload names none.
    pub families: Vec<String>,
    /// Powered-off servers left out.
    pub powered_on_only: bool,
}

/// A whole sizing: the `size --json` contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SizingReport {
    /// Rows read (servers and unreadable rows).
    pub servers: usize,
    /// Servers placed (on an Outpost or elsewhere).
    pub placed: usize,
    /// Servers whose power state is off (placed unless `powered_on_only`).
    pub powered_off: usize,
    /// Servers not placed and unreadable rows, with why.
    pub unplaced: Vec<Unplaced>,
    /// Per Outpost and family: hosts, slots, racks and the capacity task.
    pub outposts: Vec<OutpostFamily>,
    /// Per Outpost: the racks chosen and both bills of materials.
    pub rack_plans: Vec<OutpostRacks>,
    /// Hosts of existing Outposts servers were placed on (free slots, or reslotted).
    pub existing_hosts: Vec<ExistingHostUse>,
    /// Workloads placed outside Outposts.
    pub elsewhere: Vec<Elsewhere>,
    /// Every placed server's instance type and location.
    pub instances: Vec<SizedServer>,
    /// The parameters used.
    pub parameters: SizingParameters,
    /// Which column each field was read from.
    pub columns: BTreeMap<String, String>,
    /// What to know about the whole sizing.
    pub notes: Vec<String>,
    /// Where the figures come from.
    pub sources: Vec<String>,
}
