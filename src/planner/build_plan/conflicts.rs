//! What a build plan collides with in a synced estate: allocated prefixes (point-to-point,
//! service link, the CoIP pool) that overlap a VPC, a subnet, a CoIP pool or another VIF's
//! address, and allocated VLANs another local gateway VIF already uses. Only what the plan
//! allocates is checked; the VIFs it keeps from the sync are the estate.

use ipnet::Ipv4Net;
use serde::Serialize;

use super::{BuildPlan, Routing, overlaps, prefix_of};
use crate::model::Estate;
use crate::topology::Provenance;

/// One collision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Conflict {
    /// `overlapping_cidr` or `reused_vlan`.
    pub kind: String,
    /// The plan's element: `Po1 local-gateway 10.255.0.2/31`, `service link rack-1 ...`.
    pub planned: String,
    /// What it collides with: `subnet subnet-0abc 10.255.0.0/16 (vpc-0def)`.
    pub existing: String,
}

/// The estate's prefixes, each with a description.
fn estate_prefixes(estate: &Estate, kept_vifs: &[&str]) -> Vec<(Ipv4Net, String)> {
    let mut prefixes = Vec::new();
    for vpc in &estate.vpcs {
        if let Some(net) = prefix_of(&vpc.cidr_block) {
            prefixes.push((net, format!("VPC {} {}", vpc.vpc_id, vpc.cidr_block)));
        }
    }
    for subnet in &estate.subnets {
        if let Some(net) = prefix_of(&subnet.cidr_block) {
            prefixes.push((
                net,
                format!(
                    "subnet {} {} ({})",
                    subnet.subnet_id, subnet.cidr_block, subnet.vpc_id
                ),
            ));
        }
    }
    for pool in &estate.coip_pools {
        for cidr in &pool.pool_cidrs {
            if let Some(net) = prefix_of(cidr) {
                prefixes.push((net, format!("CoIP pool {} {cidr}", pool.pool_id)));
            }
        }
    }
    for vif in &estate.vifs {
        if kept_vifs.contains(&vif.local_gateway_virtual_interface_id.as_str()) {
            continue;
        }
        if let Some(net) = prefix_of(&vif.local_address) {
            prefixes.push((
                net,
                format!(
                    "LGW VIF {} {} ({})",
                    vif.local_gateway_virtual_interface_id, vif.local_address, vif.local_gateway_id
                ),
            ));
        }
    }
    prefixes
}

/// The plan's collisions with `estate`.
pub fn find(plan: &BuildPlan, estate: &Estate) -> Vec<Conflict> {
    let kept: Vec<&str> = plan
        .vifs
        .iter()
        .filter_map(|v| v.vif_id.as_deref())
        .collect();
    let existing = estate_prefixes(estate, &kept);
    let mut planned: Vec<(Ipv4Net, String)> = Vec::new();
    for vif in plan
        .vifs
        .iter()
        .filter(|v| v.provenance != Provenance::Observed)
    {
        if let Some(net) = prefix_of(&vif.prefix) {
            let label = format!("{} {} {}", vif.port_channel, purpose_name(vif), vif.prefix);
            if !planned.iter().any(|(n, _)| *n == net) {
                planned.push((net, label));
            }
        }
    }
    for subnet in &plan.service_link_subnets {
        if let Some(net) = prefix_of(&subnet.cidr) {
            planned.push((net, format!("service link {} {}", subnet.rack, subnet.cidr)));
        }
    }
    if let Routing::Coip { pool } = &plan.routing
        && let Some(net) = prefix_of(pool)
    {
        planned.push((net, format!("CoIP pool {pool}")));
    }
    let mut conflicts = Vec::new();
    for (net, label) in &planned {
        for (other, description) in &existing {
            if overlaps(net, other) {
                conflicts.push(Conflict {
                    kind: "overlapping_cidr".to_owned(),
                    planned: label.clone(),
                    existing: description.clone(),
                });
            }
        }
    }
    for vif in plan
        .vifs
        .iter()
        .filter(|v| v.provenance != Provenance::Observed)
    {
        for other in &estate.vifs {
            if other.vlan == vif.vlan
                && !kept.contains(&other.local_gateway_virtual_interface_id.as_str())
            {
                conflicts.push(Conflict {
                    kind: "reused_vlan".to_owned(),
                    planned: format!(
                        "{} {} VLAN {}",
                        vif.port_channel,
                        purpose_name(vif),
                        vif.vlan
                    ),
                    existing: format!(
                        "LGW VIF {} VLAN {} ({})",
                        other.local_gateway_virtual_interface_id,
                        other.vlan,
                        other.local_gateway_id
                    ),
                });
            }
        }
    }
    conflicts.dedup();
    conflicts
}

fn purpose_name(vif: &super::VifPlan) -> &'static str {
    match vif.purpose {
        crate::topology::VifPurpose::ServiceLink => "service-link",
        crate::topology::VifPurpose::LocalGateway => "local-gateway",
    }
}
