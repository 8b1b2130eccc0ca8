//! Every reference one entity makes to another, stated once: which field of which kind refers to
//! which kind, whether a coherent snapshot must hold its target, and how the estate graph draws
//! it. [`crate::validate`] checks these references; [`crate::topology`] turns them into its
//! edges and containment. A new reference field is one entry in [`visit_references`].
//!
//! Also the ranges AWS allows for the numbers that entities and the overlay carry (VLAN ids,
//! BGP ASNs), so the validator and the overlay editor judge them alike.

use std::ops::RangeInclusive;

use super::{Entity, EntityKind, Estate};

/// VLAN ids a VIF may carry (802.1Q: 0 and 4095 are reserved).
pub const VLAN_RANGE: RangeInclusive<u16> = 1..=4094;

/// BGP ASNs a session may use (0 and 4294967295 are reserved, RFC 7607 and RFC 7300).
pub const ASN_RANGE: RangeInclusive<u32> = 1..=4_294_967_294;

/// What a reference points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// An entity of this kind, by its id.
    Entity(EntityKind),
    /// An Outpost, by its ARN.
    OutpostArn,
}

/// How the estate graph shows a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drawn {
    /// As an edge of this relation from the referring entity to its target.
    Edge(Relation),
    /// As containment: the target is the referring entity's parent in the tree.
    Parent,
    /// Not drawn (the rack network or another reference shows it).
    No,
}

/// The relations references are drawn as (the topology's edge kinds for them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// A zone is in its Region.
    InRegion,
    /// A Local or Wavelength Zone's parent zone.
    ParentZone,
    /// An Outpost's home Region.
    HomedTo,
    /// An Outpost's anchor Availability Zone.
    AnchoredTo,
    /// An Outpost's site.
    LocatedAt,
    /// Membership: a VIF of its LGW and group, a subnet of its VPC.
    MemberOf,
    /// An association: route table with VPC or VIF group, CoIP pool with its route table, a
    /// carrier gateway with its VPC.
    Associated,
    /// A service link VIF's path to its home Region.
    ServiceLink,
}

/// Where a reference sits in its entity, for messages: `vpc_id`, `ids[2]`, `list[2].vpc_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A field holding one id.
    One(&'static str),
    /// The n-th id of a list field.
    Item(&'static str, usize),
    /// A field of the n-th object of a list field.
    ItemField(&'static str, usize, &'static str),
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::One(name) => write!(f, "{name}"),
            Field::Item(list, index) => write!(f, "{list}[{index}]"),
            Field::ItemField(list, index, name) => write!(f, "{list}[{index}].{name}"),
        }
    }
}

/// One reference of one entity.
#[derive(Clone, Copy, Debug)]
pub struct Reference<'a> {
    /// The referring entity's kind.
    pub kind: EntityKind,
    /// Its position among the estate's entities of that kind.
    pub position: usize,
    /// Its id.
    pub from_id: &'a str,
    /// The field holding the reference.
    pub field: Field,
    /// What the reference points at.
    pub target: Target,
    /// The id (or ARN) referred to.
    pub id: &'a str,
    /// The Region the referring entity is in.
    pub region: &'a str,
    /// Whether a coherent snapshot holds the target (Regions and anchor zones may lie outside
    /// what was synced; the graph adds a Region it lacks).
    pub required: bool,
    /// How the estate graph shows it.
    pub drawn: Drawn,
}

impl Reference<'_> {
    /// The field's path in a snapshot file, e.g. `estate.vifs[3].local_gateway_id`.
    pub fn path(&self) -> String {
        format!(
            "estate.{}[{}].{}",
            self.kind.field_name(),
            self.position,
            self.field
        )
    }
}

/// Calls `visit` with every reference of every entity of `estate`, kind by kind in the
/// estate's order.
pub fn visit_references<'a>(estate: &'a Estate, mut visit: impl FnMut(Reference<'a>)) {
    use Drawn::{Edge, No, Parent};
    use EntityKind as K;
    use Relation as R;
    use Target::{Entity, OutpostArn};
    let mut emit = |at: At<'a>, target: Target, id: &'a str, required: bool, drawn: Drawn| {
        let (kind, position, from_id, region, field) = at;
        visit(Reference {
            kind,
            position,
            from_id,
            field,
            target,
            id,
            region,
            required,
            drawn,
        });
    };
    for (i, zone) in estate.zones.iter().enumerate() {
        let (from, region) = (zone.zone_name.as_str(), zone.region_name.as_str());
        let at = |field| (K::Zone, i, from, region, Field::One(field));
        emit(
            at("region_name"),
            Entity(K::Region),
            region,
            false,
            Edge(R::InRegion),
        );
        if let Some(parent) = &zone.parent_zone_name {
            emit(
                at("parent_zone_name"),
                Entity(K::Zone),
                parent,
                true,
                Edge(R::ParentZone),
            );
        }
    }
    for (i, outpost) in estate.outposts.iter().enumerate() {
        let (from, region) = (outpost.outpost_id.as_str(), outpost.region.as_str());
        let at = |field| (K::Outpost, i, from, region, Field::One(field));
        emit(
            at("region"),
            Entity(K::Region),
            region,
            false,
            Edge(R::HomedTo),
        );
        emit(
            at("availability_zone"),
            Entity(K::Zone),
            &outpost.availability_zone,
            false,
            Edge(R::AnchoredTo),
        );
        emit(
            at("site_id"),
            Entity(K::Site),
            &outpost.site_id,
            true,
            Edge(R::LocatedAt),
        );
    }
    for (i, asset) in estate.assets.iter().enumerate() {
        let at = (
            K::Asset,
            i,
            asset.asset_id.as_str(),
            asset.region.as_str(),
            Field::One("outpost_id"),
        );
        emit(at, Entity(K::Outpost), &asset.outpost_id, true, Parent);
    }
    for (i, running) in estate.asset_instances.iter().enumerate() {
        let (from, region) = (running.instance_id.as_str(), running.region.as_str());
        let at = |field| (K::AssetInstance, i, from, region, Field::One(field));
        emit(
            at("asset_id"),
            Entity(K::Asset),
            &running.asset_id,
            true,
            Parent,
        );
        emit(
            at("outpost_id"),
            Entity(K::Outpost),
            &running.outpost_id,
            true,
            No,
        );
    }
    for (i, task) in estate.capacity_tasks.iter().enumerate() {
        let (from, region) = (task.capacity_task_id.as_str(), task.region.as_str());
        let at = |field| (K::CapacityTask, i, from, region, Field::One(field));
        emit(
            at("outpost_id"),
            Entity(K::Outpost),
            &task.outpost_id,
            true,
            Parent,
        );
        if let Some(asset_id) = &task.asset_id {
            // A task may name a host since retired: not required.
            emit(at("asset_id"), Entity(K::Asset), asset_id, false, No);
        }
    }
    for (i, gateway) in estate.local_gateways.iter().enumerate() {
        let at = (
            K::LocalGateway,
            i,
            gateway.local_gateway_id.as_str(),
            gateway.region.as_str(),
            Field::One("outpost_arn"),
        );
        emit(at, OutpostArn, &gateway.outpost_arn, true, Parent);
    }
    for (i, vif) in estate.vifs.iter().enumerate() {
        let (from, region) = (
            vif.local_gateway_virtual_interface_id.as_str(),
            vif.region.as_str(),
        );
        let at = |field| (K::Vif, i, from, region, Field::One(field));
        emit(
            at("local_gateway_id"),
            Entity(K::LocalGateway),
            &vif.local_gateway_id,
            true,
            Edge(R::MemberOf),
        );
        if let Some(group) = &vif.local_gateway_virtual_interface_group_id {
            emit(
                at("local_gateway_virtual_interface_group_id"),
                Entity(K::VifGroup),
                group,
                true,
                Edge(R::MemberOf),
            );
        }
        if let Some(lag) = &vif.outpost_lag_id {
            emit(at("outpost_lag_id"), Entity(K::OutpostLag), lag, true, No);
        }
    }
    for (i, group) in estate.vif_groups.iter().enumerate() {
        let (from, region) = (
            group.local_gateway_virtual_interface_group_id.as_str(),
            group.region.as_str(),
        );
        emit(
            (K::VifGroup, i, from, region, Field::One("local_gateway_id")),
            Entity(K::LocalGateway),
            &group.local_gateway_id,
            true,
            Parent,
        );
        for (j, vif) in group.local_gateway_virtual_interface_ids.iter().enumerate() {
            let field = Field::Item("local_gateway_virtual_interface_ids", j);
            emit(
                (K::VifGroup, i, from, region, field),
                Entity(K::Vif),
                vif,
                true,
                No,
            );
        }
    }
    for (i, table) in estate.route_tables.iter().enumerate() {
        let (from, region) = (
            table.local_gateway_route_table_id.as_str(),
            table.region.as_str(),
        );
        let at = |field| (K::RouteTable, i, from, region, field);
        emit(
            at(Field::One("local_gateway_id")),
            Entity(K::LocalGateway),
            &table.local_gateway_id,
            true,
            Parent,
        );
        emit(
            at(Field::One("outpost_arn")),
            OutpostArn,
            &table.outpost_arn,
            true,
            No,
        );
        for (j, association) in table.vpc_associations.iter().enumerate() {
            let field = Field::ItemField("vpc_associations", j, "vpc_id");
            emit(
                at(field),
                Entity(K::Vpc),
                &association.vpc_id,
                true,
                Edge(R::Associated),
            );
        }
        for (j, association) in table
            .virtual_interface_group_associations
            .iter()
            .enumerate()
        {
            let field = Field::ItemField(
                "virtual_interface_group_associations",
                j,
                "local_gateway_virtual_interface_group_id",
            );
            let group = &association.local_gateway_virtual_interface_group_id;
            emit(
                at(field),
                Entity(K::VifGroup),
                group,
                true,
                Edge(R::Associated),
            );
        }
    }
    for (i, pool) in estate.coip_pools.iter().enumerate() {
        let at = (
            K::CoipPool,
            i,
            pool.pool_id.as_str(),
            pool.region.as_str(),
            Field::One("local_gateway_route_table_id"),
        );
        emit(
            at,
            Entity(K::RouteTable),
            &pool.local_gateway_route_table_id,
            true,
            Edge(R::Associated),
        );
    }
    for (i, lag) in estate.outpost_lags.iter().enumerate() {
        let (from, region) = (lag.outpost_lag_id.as_str(), lag.region.as_str());
        let at = |field| (K::OutpostLag, i, from, region, field);
        emit(
            at(Field::One("outpost_arn")),
            OutpostArn,
            &lag.outpost_arn,
            true,
            Parent,
        );
        for (j, vif) in lag.local_gateway_virtual_interface_ids.iter().enumerate() {
            let field = Field::Item("local_gateway_virtual_interface_ids", j);
            emit(at(field), Entity(K::Vif), vif, true, No);
        }
        for (j, vif) in lag.service_link_virtual_interface_ids.iter().enumerate() {
            let field = Field::Item("service_link_virtual_interface_ids", j);
            emit(at(field), Entity(K::ServiceLinkVif), vif, true, No);
        }
    }
    for (i, vif) in estate.service_link_vifs.iter().enumerate() {
        let (from, region) = (
            vif.service_link_virtual_interface_id.as_str(),
            vif.region.as_str(),
        );
        let at = |field| (K::ServiceLinkVif, i, from, region, Field::One(field));
        emit(
            at("outpost_id"),
            Entity(K::Outpost),
            &vif.outpost_id,
            true,
            Parent,
        );
        emit(
            at("region"),
            Entity(K::Region),
            region,
            false,
            Edge(R::ServiceLink),
        );
    }
    for (i, gateway) in estate.carrier_gateways.iter().enumerate() {
        let at = (
            K::CarrierGateway,
            i,
            gateway.carrier_gateway_id.as_str(),
            gateway.region.as_str(),
            Field::One("vpc_id"),
        );
        emit(
            at,
            Entity(K::Vpc),
            &gateway.vpc_id,
            true,
            Edge(R::Associated),
        );
    }
    for (i, subnet) in estate.subnets.iter().enumerate() {
        let (from, region) = (subnet.subnet_id.as_str(), subnet.region.as_str());
        let at = |field| (K::Subnet, i, from, region, Field::One(field));
        emit(
            at("vpc_id"),
            Entity(K::Vpc),
            &subnet.vpc_id,
            true,
            Edge(R::MemberOf),
        );
        if let Some(arn) = &subnet.outpost_arn {
            emit(at("outpost_arn"), OutpostArn, arn, true, Parent);
        }
        if let Some(pool) = &subnet.customer_owned_ipv4_pool {
            emit(
                at("customer_owned_ipv4_pool"),
                Entity(K::CoipPool),
                pool,
                true,
                No,
            );
        }
    }
    for (i, instance) in estate.instances.iter().enumerate() {
        let (from, region) = (instance.instance_id.as_str(), instance.region());
        let at = |field| (K::Instance, i, from, region, Field::One(field));
        if let Some(subnet) = &instance.subnet_id {
            emit(at("subnet_id"), Entity(K::Subnet), subnet, true, Parent);
        }
        if let Some(vpc) = &instance.vpc_id {
            emit(at("vpc_id"), Entity(K::Vpc), vpc, true, No);
        }
        if let Some(arn) = &instance.outpost_arn {
            emit(at("outpost_arn"), OutpostArn, arn, true, No);
        }
    }
}

/// Where a reference is: kind, position, referring id, Region, field.
type At<'a> = (EntityKind, usize, &'a str, &'a str, Field);
