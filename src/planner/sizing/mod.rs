//! Sizing from a server inventory, AWS's five steps end to end: read the inventory
//! ([`inventory`]), group it into workloads and place each with the planner, right-size every
//! server to an instance size ([`rightsize`]), slot the instances onto hosts with N+M spares
//! per family ([`slotting`]), and choose the rack configurations to order ([`rack_choice`]),
//! with the bill of materials with and without an ACE rack. The result is the `size --json`
//! contract, including the capacity task (`InstancePools`) to hand to AWS.
//!
//! Without a workload file every server goes to one new Outpost: sizing needs no snapshot and
//! no placement, only the hardware catalog. On an existing Outpost (`Placement::Existing`, or
//! a workload the planner puts there) its hosts' free slots are used first and hosts with room
//! are reslotted ([`existing`]); only the rest needs new hosts and racks.

pub mod existing;
pub mod inventory;
mod outpost;
pub mod rack_choice;
pub mod report;
pub mod rightsize;
pub mod slotting;

use std::collections::BTreeMap;

use crate::catalog::{HardwareCatalog, HostType};
use crate::model::Estate;
use crate::planner::plan::CandidateKind;
use crate::planner::{PlanContext, Workload};
use existing::outpost_families;
use outpost::size_outpost;

pub use inventory::{BadRow, Inventory, InventoryError, InventoryOptions, Server};
pub use rack_choice::{ConfigurationCount, RackChoice, choose_racks};
pub use report::{
    CapacityTask, Elsewhere, ExistingHostUse, InstancePool, OutpostFamily, OutpostRacks,
    SizedServer, SizingParameters, SizingReport, Unplaced,
};
pub use rightsize::RightSizing;
pub use slotting::{FamilyHosts, Host, Layout, Slot, slot_family};

/// The families servers are sized to when neither the workload nor the options say:
/// first-generation general purpose, compute and memory optimised, which one mixed rack holds.
pub const DEFAULT_FAMILIES: [&str; 3] = ["m5", "c5", "r5"];

/// The capacity task's identifier for an Outpost not yet ordered: a placeholder to replace
/// with the id AWS assigns.
pub const NEW_OUTPOST_PLACEHOLDER: &str = "<new Outpost id>";

/// How to size.
#[derive(Clone, Debug, PartialEq)]
pub struct SizingOptions {
    /// Headroom and minimums.
    pub rules: RightSizing,
    /// M of N+M: spare hosts per family.
    pub spare_hosts: u32,
    /// Families to size to where a workload names none.
    pub families: Vec<String>,
    /// Leave powered-off servers out (they are counted either way).
    pub powered_on_only: bool,
    /// The workload of rows that name none.
    pub default_workload: Option<String>,
}

impl Default for SizingOptions {
    fn default() -> Self {
        SizingOptions {
            rules: RightSizing::default(),
            spare_hosts: 1,
            families: DEFAULT_FAMILIES.iter().map(|f| (*f).to_owned()).collect(),
            powered_on_only: false,
            default_workload: None,
        }
    }
}

/// Where the servers' workloads go.
pub enum Placement<'a> {
    /// No workload file: every server on one new Outpost.
    NewOutpost,
    /// Every server onto one existing Outpost of a snapshot: its hosts' free slots first.
    Existing {
        /// The snapshot's estate.
        estate: &'a Estate,
        /// The Outpost.
        outpost_id: &'a str,
    },
    /// Place each workload with the planner.
    Planned {
        /// The planner, with its catalogs and (optionally) a snapshot's estate.
        context: &'a PlanContext<'a>,
        /// The workload file's workloads.
        workloads: &'a [Workload],
    },
}

/// Options that cannot be used.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum SizingError {
    /// A family the hardware catalog has no host for.
    #[error("--families: {0} has no Outposts host in the hardware catalog (known: {1})")]
    UnknownFamily(String, String),
    /// `--workload` names a workload the file does not have.
    #[error("--workload {0}: the workload file has no such workload (it has: {1})")]
    UnknownWorkload(String, String),
    /// No family to size to.
    #[error("--families is empty: name at least one instance family (known: {0})")]
    NoFamilies(String),
    /// `--outpost` names an Outpost the snapshot does not have.
    #[error("--outpost {0}: the snapshot has no such Outpost (it has: {1})")]
    UnknownOutpost(String, String),
    /// `--workload` without a workload file.
    #[error("--workload needs --workloads FILE: without one every server goes to one new Outpost")]
    WorkloadWithoutFile,
}

/// A server on its way through: which workload, which size.
struct Sized<'a> {
    server: &'a Server,
    workload: String,
    host: &'a HostType,
    size_index: usize,
    vcpus_needed: f64,
    memory_gib_needed: f64,
}

/// Families of a workload's `instance_types` (`m5`, `m5.large`) that have Outposts hosts.
fn workload_families<'h>(
    workload: Option<&Workload>,
    hardware: &'h HardwareCatalog,
    default: &[&'h HostType],
) -> Vec<&'h HostType> {
    let named: Vec<&HostType> = workload
        .map(|w| {
            w.instance_types
                .iter()
                .filter_map(|t| hardware.host_type(t.split('.').next().unwrap_or(t)))
                .collect()
        })
        .unwrap_or_default();
    if named.is_empty() {
        default.to_vec()
    } else {
        named
    }
}

/// The generation of the rack configurations offering `family` (the first found).
fn generation_of(hardware: &HardwareCatalog, family: &str) -> Option<u8> {
    hardware
        .rack_configurations
        .iter()
        .find(|c| c.ec2_capacities.iter().any(|e| e.family == family))
        .map(|c| c.generation)
}

/// Sizes an inventory: see the module's documentation.
pub fn size_inventory(
    inventory: &Inventory,
    placement: Placement<'_>,
    hardware: &HardwareCatalog,
    options: &SizingOptions,
) -> Result<SizingReport, SizingError> {
    let known = || {
        hardware
            .host_types
            .iter()
            .map(|h| h.family.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if options.families.is_empty() {
        return Err(SizingError::NoFamilies(known()));
    }
    if let Placement::Existing { estate, outpost_id } = &placement
        && !estate.outposts.iter().any(|o| o.outpost_id == *outpost_id)
    {
        let ids: Vec<&str> = estate
            .outposts
            .iter()
            .map(|o| o.outpost_id.as_str())
            .collect();
        return Err(SizingError::UnknownOutpost(
            (*outpost_id).to_owned(),
            if ids.is_empty() {
                "none".to_owned()
            } else {
                ids.join(", ")
            },
        ));
    }
    // Onto an existing Outpost, only the families its hosts have can run there.
    let (families, family_note) = match &placement {
        Placement::Existing { estate, outpost_id } => {
            outpost_families(estate, outpost_id, &options.families, hardware)
        }
        _ => (options.families.clone(), None),
    };
    let default_hosts: Vec<&HostType> = families
        .iter()
        .map(|f| {
            hardware
                .host_type(f)
                .ok_or_else(|| SizingError::UnknownFamily(f.clone(), known()))
        })
        .collect::<Result<_, _>>()?;
    let workloads: &[Workload] = match &placement {
        Placement::NewOutpost | Placement::Existing { .. } => &[],
        Placement::Planned { workloads, .. } => workloads,
    };
    let names = || {
        workloads
            .iter()
            .map(|w| w.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let default_workload = match (&placement, &options.default_workload) {
        (Placement::NewOutpost | Placement::Existing { .. }, Some(_)) => {
            return Err(SizingError::WorkloadWithoutFile);
        }
        (Placement::Planned { .. }, Some(name)) => {
            if !workloads.iter().any(|w| &w.name == name) {
                return Err(SizingError::UnknownWorkload(name.clone(), names()));
            }
            Some(name.clone())
        }
        (Placement::Planned { .. }, None) if workloads.len() == 1 => {
            Some(workloads[0].name.clone())
        }
        (Placement::Planned { .. }, None) => None,
        (Placement::NewOutpost | Placement::Existing { .. }, None) => Some("inventory".to_owned()),
    };
    let mut report = SizingReport {
        servers: inventory.servers.len() + inventory.bad_rows.len(),
        placed: 0,
        powered_off: inventory.servers.iter().filter(|s| !s.powered_on).count(),
        unplaced: inventory
            .bad_rows
            .iter()
            .map(|bad| Unplaced {
                name: bad.name.clone(),
                line: bad.line,
                reason: format!("column `{}`: {}", bad.column, bad.reason),
            })
            .collect(),
        outposts: Vec::new(),
        rack_plans: Vec::new(),
        existing_hosts: Vec::new(),
        elsewhere: Vec::new(),
        instances: Vec::new(),
        parameters: SizingParameters {
            headroom_pct: options.rules.headroom_pct,
            min_vcpus: options.rules.min_vcpus,
            min_memory_gib: options.rules.min_memory_gib,
            spare_hosts: options.spare_hosts,
            families: families.clone(),
            powered_on_only: options.powered_on_only,
        },
        columns: inventory.columns.iter().cloned().collect(),
        notes: Vec::new(),
        sources: vec![
            format!("Hardware catalog: {} (retrieved {})", hardware.source, hardware.retrieved),
            format!("Instance sizes: {}", hardware.sizes_source),
            "Right-sizing headroom, minimums and the default families: Edge Atlas's own policy, settable".to_owned(),
        ],
    };
    report.notes.extend(family_note);
    if report.powered_off > 0 {
        report.notes.push(if options.powered_on_only {
            format!(
                "{} powered-off servers left out (powered-on only: `--powered-on-only`, or the Sizing section's checkbox)",
                report.powered_off
            )
        } else {
            format!(
                "{} powered-off servers are included; powered-on only (`--powered-on-only`, or the Sizing section's checkbox) leaves them out",
                report.powered_off
            )
        });
    }
    if matches!(placement, Placement::NewOutpost) {
        report.notes.push(
            "No workload file: every server is sized onto one new Outpost, without placement; with a workload file (`size --workloads`, or the Planner's list) each workload is placed first".to_owned(),
        );
    }
    // Step 1-3: workload, right-size.
    let mut sized: Vec<Sized<'_>> = Vec::with_capacity(inventory.servers.len());
    for server in &inventory.servers {
        if options.powered_on_only && !server.powered_on {
            continue;
        }
        let unplaced = |reason: String| Unplaced {
            name: server.name.clone(),
            line: server.line,
            reason,
        };
        let workload_name = match server.workload.clone().or_else(|| default_workload.clone()) {
            Some(name) => name,
            None => {
                report.unplaced.push(unplaced(format!(
                    "no workload: the row names none and the workload file has {} ({}); name one with --workload NAME",
                    workloads.len(),
                    names()
                )));
                continue;
            }
        };
        let workload = workloads.iter().find(|w| w.name == workload_name);
        if matches!(placement, Placement::Planned { .. }) && workload.is_none() {
            report.unplaced.push(unplaced(format!(
                "workload `{workload_name}` is not in the workload file (it has: {})",
                names()
            )));
            continue;
        }
        let hosts = workload_families(workload, hardware, &default_hosts);
        let (vcpus_needed, memory_gib_needed) = rightsize::needed(server, &options.rules);
        match rightsize::fit(&hosts, vcpus_needed, memory_gib_needed) {
            Some(fit) => sized.push(Sized {
                server,
                workload: workload_name,
                host: fit.host,
                size_index: fit.size_index,
                vcpus_needed,
                memory_gib_needed,
            }),
            None => {
                let largest = hosts
                    .iter()
                    .map(|h| {
                        format!(
                            "{}.{} ({} vCPUs, {} GiB)",
                            h.family, h.max_size, h.vcpus, h.memory_gib
                        )
                    })
                    .collect::<Vec<_>>()
                    .join(", ");
                report.unplaced.push(unplaced(format!(
                    "needs {vcpus_needed:.1} vCPUs and {memory_gib_needed:.1} GiB after right-sizing, more than a whole host of the allowed families: {largest}"
                )));
            }
        }
    }
    // Step 2: place each workload.
    let locations = place_workloads(&placement, &sized, &mut report);
    // Step 4: hosts and racks per Outpost; servers it cannot take are set apart.
    let mut outpost_groups: BTreeMap<(String, String), Vec<usize>> = BTreeMap::new();
    let planned = matches!(placement, Placement::Planned { .. });
    for (index, (item, location)) in sized.iter().zip(&locations).enumerate() {
        if let Some((CandidateKind::Outpost, location)) = location {
            // Placed, new Outposts are one per workload (each at its users' site); existing ones
            // are shared, and without placement there is the one new Outpost.
            let key_workload = if planned && location == "new" {
                item.workload.clone()
            } else {
                String::new()
            };
            outpost_groups
                .entry((location.clone(), key_workload))
                .or_default()
                .push(index);
        }
    }
    let long_term = |names: &[String]| {
        workloads
            .iter()
            .filter(|w| names.contains(&w.name))
            .filter_map(|w| w.racks_long_term)
            .max()
    };
    let estate = match &placement {
        Placement::Planned { context, .. } => context.estate,
        Placement::Existing { estate, .. } => Some(*estate),
        Placement::NewOutpost => None,
    };
    let mut set_apart = vec![false; sized.len()];
    for ((location, _), indices) in outpost_groups {
        let items: Vec<&Sized<'_>> = indices.iter().map(|i| &sized[*i]).collect();
        let rejected = size_outpost(
            &location,
            estate,
            &items,
            hardware,
            options,
            long_term,
            &mut report,
        );
        for position in rejected {
            set_apart[indices[position]] = true;
        }
    }
    for ((item, location), set_apart) in sized.iter().zip(&locations).zip(set_apart) {
        let Some((_, location)) = location else {
            continue;
        };
        if set_apart {
            continue;
        }
        report.instances.push(SizedServer {
            name: item.server.name.clone(),
            line: item.server.line,
            workload: item.workload.clone(),
            instance_type: format!(
                "{}.{}",
                item.host.family, item.host.sizes[item.size_index].size
            ),
            location: location.clone(),
            vcpus_needed: item.vcpus_needed,
            memory_gib_needed: item.memory_gib_needed,
            powered_on: item.server.powered_on,
        });
    }
    report.placed = report.instances.len();
    Ok(report)
}

/// Each sized server's (kind, location), or `None` when its workload found no place (then it
/// is in `report.unplaced`).
fn place_workloads(
    placement: &Placement<'_>,
    sized: &[Sized<'_>],
    report: &mut SizingReport,
) -> Vec<Option<(CandidateKind, String)>> {
    let (context, workloads) = match placement {
        Placement::NewOutpost => {
            return vec![Some((CandidateKind::Outpost, "new".to_owned())); sized.len()];
        }
        Placement::Existing { outpost_id, .. } => {
            return vec![Some((CandidateKind::Outpost, (*outpost_id).to_owned())); sized.len()];
        }
        Placement::Planned { context, workloads } => (context, workloads),
    };
    // The workloads as the inventory sizes them: their vCPUs, memory and storage are the sums
    // of their servers' right-sized instances.
    let mut totals: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
    for item in sized {
        let size = &item.host.sizes[item.size_index];
        let total = totals.entry(item.workload.as_str()).or_default();
        total.0 += f64::from(size.vcpus);
        total.1 += f64::from(size.memory_gib);
        total.2 += item.server.storage_gib / 1024.0;
    }
    let sized_workloads: Vec<Workload> = workloads
        .iter()
        .filter_map(|w| {
            totals
                .get(w.name.as_str())
                .map(|(vcpus, memory_gib, storage_tib)| Workload {
                    vcpus: *vcpus,
                    memory_gib: *memory_gib,
                    storage_tib: *storage_tib,
                    ..w.clone()
                })
        })
        .collect();
    let plan = context.plan(&sized_workloads);
    let mut where_to: BTreeMap<&str, Result<(CandidateKind, String), String>> = BTreeMap::new();
    for workload in &plan.workloads {
        let decision = match &workload.recommendation {
            Some(r) => Ok((r.kind, r.location.to_string())),
            None => Err(workload
                .candidates
                .iter()
                .find_map(|c| {
                    c.reasons
                        .first()
                        .map(|r| format!("{} {}: {r}", c.kind.label(), c.location))
                })
                .unwrap_or_else(|| "no candidate location".to_owned())),
        };
        where_to.insert(workload.name.as_str(), decision);
    }
    let mut elsewhere: BTreeMap<(String, String), (CandidateKind, BTreeMap<String, u32>)> =
        BTreeMap::new();
    let locations = sized
        .iter()
        .map(|item| match where_to.get(item.workload.as_str()) {
            Some(Ok((kind, location))) => {
                if *kind != CandidateKind::Outpost {
                    let instance_type = format!(
                        "{}.{}",
                        item.host.family, item.host.sizes[item.size_index].size
                    );
                    *elsewhere
                        .entry((item.workload.clone(), location.clone()))
                        .or_insert_with(|| (*kind, BTreeMap::new()))
                        .1
                        .entry(instance_type)
                        .or_default() += 1;
                }
                Some((*kind, location.clone()))
            }
            Some(Err(reason)) => {
                report.unplaced.push(Unplaced {
                    name: item.server.name.clone(),
                    line: item.server.line,
                    reason: format!(
                        "workload `{}`: no location is feasible (e.g. {reason})",
                        item.workload
                    ),
                });
                None
            }
            None => None,
        })
        .collect();
    report.elsewhere = elsewhere
        .into_iter()
        .map(|((workload, location), (kind, instances))| Elsewhere {
            workload,
            kind,
            location,
            instances: instances
                .into_iter()
                .map(|(instance_type, count)| InstancePool {
                    instance_type,
                    count,
                })
                .collect(),
        })
        .collect();
    locations
}
