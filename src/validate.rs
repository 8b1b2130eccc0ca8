//! Checks that an estate from outside (an imported file) is coherent: ids unique within their
//! kind, every reference resolves, VLANs and ASNs in range.
//!
//! Every problem names the path of the offending field (`estate.vifs[3].local_gateway_id`), so a
//! person can find it in the file. A reference to an entity that the snapshot's own warnings
//! say could not be fetched in that Region is not a problem: a sync that lost one call still
//! exports a file that imports again.

use std::collections::{HashMap, HashSet};

use crate::model::{Entity, EntityKind, Estate, Warning};

/// One problem found in an estate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending field, e.g. `estate.vifs[3].vlan`.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

struct Checker<'a> {
    ids: HashMap<EntityKind, HashSet<&'a str>>,
    outpost_arns: HashSet<&'a str>,
    warnings: &'a [Warning],
    problems: Vec<Problem>,
}

impl<'a> Checker<'a> {
    fn problem(&mut self, path: String, message: String) {
        self.problems.push(Problem { path, message });
    }

    /// Records a problem when `id` is not an entity of `kind` (and no warning explains it).
    fn reference(
        &mut self,
        path: impl FnOnce() -> String,
        kind: EntityKind,
        id: &str,
        region: &str,
    ) {
        let known = self.ids.get(&kind).is_some_and(|ids| ids.contains(id));
        if !known
            && !self
                .warnings
                .iter()
                .any(|w| w.explains_missing(kind, region))
        {
            self.problem(
                path(),
                format!("refers to {kind} `{id}`, which is not in the snapshot"),
            );
        }
    }

    fn outpost_arn(&mut self, path: impl FnOnce() -> String, arn: &str, region: &str) {
        if !self.outpost_arns.contains(arn)
            && !self
                .warnings
                .iter()
                .any(|w| w.explains_missing(EntityKind::Outpost, region))
        {
            self.problem(
                path(),
                format!("refers to Outpost ARN `{arn}`, which is not in the snapshot"),
            );
        }
    }

    fn vlan(&mut self, path: String, vlan: u16) {
        if !(1..=4094).contains(&vlan) {
            self.problem(path, format!("VLAN {vlan} is outside 1-4094"));
        }
    }

    fn asn(&mut self, path: String, asn: u32) {
        if asn == 0 || asn == u32::MAX {
            self.problem(
                path,
                format!("BGP ASN {asn} is reserved (valid: 1-4294967294)"),
            );
        }
    }
}

/// Checks `estate`, tolerating references that `warnings` explain. Returns every problem found.
pub fn check_estate(estate: &Estate, warnings: &[Warning]) -> Vec<Problem> {
    let mut checker = Checker {
        ids: HashMap::new(),
        outpost_arns: estate
            .outposts
            .iter()
            .map(|o| o.outpost_arn.as_str())
            .collect(),
        warnings,
        problems: Vec::new(),
    };
    let mut positions: HashMap<EntityKind, usize> = HashMap::new();
    let _ = estate.visit_entities::<std::convert::Infallible>(|entity| {
        let kind = entity.kind();
        let index = positions.entry(kind).or_default();
        if !checker.ids.entry(kind).or_default().insert(entity.id()) {
            let path = format!("estate.{}[{index}]", kind.field_name());
            checker.problem(
                path,
                format!("{kind} id `{}` appears more than once", entity.id()),
            );
        }
        *index += 1;
        Ok(())
    });

    for (i, zone) in estate.zones.iter().enumerate() {
        if let Some(parent) = &zone.parent_zone_name {
            checker.reference(
                || format!("estate.zones[{i}].parent_zone_name"),
                EntityKind::Zone,
                parent,
                &zone.region_name,
            );
        }
    }
    for (i, outpost) in estate.outposts.iter().enumerate() {
        checker.reference(
            || format!("estate.outposts[{i}].site_id"),
            EntityKind::Site,
            &outpost.site_id,
            &outpost.region,
        );
    }
    for (i, asset) in estate.assets.iter().enumerate() {
        checker.reference(
            || format!("estate.assets[{i}].outpost_id"),
            EntityKind::Outpost,
            &asset.outpost_id,
            &asset.region,
        );
    }
    for (i, lgw) in estate.local_gateways.iter().enumerate() {
        checker.outpost_arn(
            || format!("estate.local_gateways[{i}].outpost_arn"),
            &lgw.outpost_arn,
            &lgw.region,
        );
    }
    for (i, vif) in estate.vifs.iter().enumerate() {
        let at = |field: &str| format!("estate.vifs[{i}].{field}");
        checker.reference(
            || at("local_gateway_id"),
            EntityKind::LocalGateway,
            &vif.local_gateway_id,
            &vif.region,
        );
        if let Some(group) = &vif.local_gateway_virtual_interface_group_id {
            checker.reference(
                || at("local_gateway_virtual_interface_group_id"),
                EntityKind::VifGroup,
                group,
                &vif.region,
            );
        }
        if let Some(lag) = &vif.outpost_lag_id {
            checker.reference(
                || at("outpost_lag_id"),
                EntityKind::OutpostLag,
                lag,
                &vif.region,
            );
        }
        checker.vlan(at("vlan"), vif.vlan);
        checker.asn(at("local_bgp_asn"), vif.local_bgp_asn);
        checker.asn(at("peer_bgp_asn"), vif.peer_bgp_asn);
    }
    for (i, group) in estate.vif_groups.iter().enumerate() {
        checker.reference(
            || format!("estate.vif_groups[{i}].local_gateway_id"),
            EntityKind::LocalGateway,
            &group.local_gateway_id,
            &group.region,
        );
        for (j, vif) in group.local_gateway_virtual_interface_ids.iter().enumerate() {
            checker.reference(
                || format!("estate.vif_groups[{i}].local_gateway_virtual_interface_ids[{j}]"),
                EntityKind::Vif,
                vif,
                &group.region,
            );
        }
    }
    for (i, table) in estate.route_tables.iter().enumerate() {
        checker.reference(
            || format!("estate.route_tables[{i}].local_gateway_id"),
            EntityKind::LocalGateway,
            &table.local_gateway_id,
            &table.region,
        );
        checker.outpost_arn(
            || format!("estate.route_tables[{i}].outpost_arn"),
            &table.outpost_arn,
            &table.region,
        );
        for (j, association) in table.vpc_associations.iter().enumerate() {
            checker.reference(
                || format!("estate.route_tables[{i}].vpc_associations[{j}].vpc_id"),
                EntityKind::Vpc,
                &association.vpc_id,
                &table.region,
            );
        }
        for (j, association) in table
            .virtual_interface_group_associations
            .iter()
            .enumerate()
        {
            checker.reference(
                || format!("estate.route_tables[{i}].virtual_interface_group_associations[{j}].local_gateway_virtual_interface_group_id"),
                EntityKind::VifGroup,
                &association.local_gateway_virtual_interface_group_id,
                &table.region,
            );
        }
    }
    for (i, pool) in estate.coip_pools.iter().enumerate() {
        checker.reference(
            || format!("estate.coip_pools[{i}].local_gateway_route_table_id"),
            EntityKind::RouteTable,
            &pool.local_gateway_route_table_id,
            &pool.region,
        );
    }
    for (i, lag) in estate.outpost_lags.iter().enumerate() {
        checker.outpost_arn(
            || format!("estate.outpost_lags[{i}].outpost_arn"),
            &lag.outpost_arn,
            &lag.region,
        );
        for (j, vif) in lag.local_gateway_virtual_interface_ids.iter().enumerate() {
            checker.reference(
                || format!("estate.outpost_lags[{i}].local_gateway_virtual_interface_ids[{j}]"),
                EntityKind::Vif,
                vif,
                &lag.region,
            );
        }
        for (j, vif) in lag.service_link_virtual_interface_ids.iter().enumerate() {
            checker.reference(
                || format!("estate.outpost_lags[{i}].service_link_virtual_interface_ids[{j}]"),
                EntityKind::ServiceLinkVif,
                vif,
                &lag.region,
            );
        }
    }
    for (i, vif) in estate.service_link_vifs.iter().enumerate() {
        checker.reference(
            || format!("estate.service_link_vifs[{i}].outpost_id"),
            EntityKind::Outpost,
            &vif.outpost_id,
            &vif.region,
        );
        checker.vlan(format!("estate.service_link_vifs[{i}].vlan"), vif.vlan);
        checker.asn(
            format!("estate.service_link_vifs[{i}].peer_bgp_asn"),
            vif.peer_bgp_asn,
        );
    }
    for (i, gateway) in estate.carrier_gateways.iter().enumerate() {
        checker.reference(
            || format!("estate.carrier_gateways[{i}].vpc_id"),
            EntityKind::Vpc,
            &gateway.vpc_id,
            &gateway.region,
        );
    }
    for (i, subnet) in estate.subnets.iter().enumerate() {
        checker.reference(
            || format!("estate.subnets[{i}].vpc_id"),
            EntityKind::Vpc,
            &subnet.vpc_id,
            &subnet.region,
        );
        if let Some(arn) = &subnet.outpost_arn {
            checker.outpost_arn(
                || format!("estate.subnets[{i}].outpost_arn"),
                arn,
                &subnet.region,
            );
        }
        if let Some(pool) = &subnet.customer_owned_ipv4_pool {
            checker.reference(
                || format!("estate.subnets[{i}].customer_owned_ipv4_pool"),
                EntityKind::CoipPool,
                pool,
                &subnet.region,
            );
        }
    }
    for (i, instance) in estate.instances.iter().enumerate() {
        if let Some(subnet) = &instance.subnet_id {
            checker.reference(
                || format!("estate.instances[{i}].subnet_id"),
                EntityKind::Subnet,
                subnet,
                instance.region(),
            );
        }
        if let Some(vpc) = &instance.vpc_id {
            checker.reference(
                || format!("estate.instances[{i}].vpc_id"),
                EntityKind::Vpc,
                vpc,
                instance.region(),
            );
        }
        if let Some(arn) = &instance.outpost_arn {
            checker.outpost_arn(
                || format!("estate.instances[{i}].outpost_arn"),
                arn,
                instance.region(),
            );
        }
    }
    checker.problems
}
