//! The Outposts network as EC2 shows it: local gateways, their virtual interfaces (VLAN, BGP
//! peering), interface groups, route tables with their VPC and interface-group associations,
//! CoIP pools, and (second-generation racks) Outpost LAGs and service link interfaces.

use std::collections::BTreeMap;

use edge_atlas::model::{
    CoipPool, LocalGateway, LocalGatewayRouteTable, LocalGatewayVirtualInterface,
    LocalGatewayVirtualInterfaceGroup, OutpostLag, RouteTableVifGroupAssociation,
    RouteTableVpcAssociation, ServiceLinkVirtualInterface,
};

use super::{Ctx, Listing, Served, arn, describe_into, maybe, one, write_tags};
use crate::errors::ApiError;
use crate::params::Params;
use crate::xml::Xml;

/// Answers the local gateway family; `None` when `action` is not one of them.
pub(super) fn answer(
    action: &str,
    params: &Params,
    ctx: &Ctx,
    xml: &mut Xml,
) -> Option<Result<(), ApiError>> {
    let estate = &ctx.data.estate;
    let paged = |id_param: &'static str, not_found: &'static str| Listing {
        id_param: Some(id_param),
        not_found,
        max_results: Some((5, 1000)),
    };
    Some(match action {
        "DescribeLocalGateways" => describe_into(
            xml,
            ctx,
            params,
            &paged("LocalGatewayId", "InvalidLocalGatewayID.NotFound"),
            "localGatewaySet",
            &estate.local_gateways,
        ),
        "DescribeLocalGatewayVirtualInterfaces" => describe_into(
            xml,
            ctx,
            params,
            &paged(
                "LocalGatewayVirtualInterfaceId",
                "InvalidLocalGatewayVirtualInterfaceID.NotFound",
            ),
            "localGatewayVirtualInterfaceSet",
            &estate.vifs,
        ),
        "DescribeLocalGatewayVirtualInterfaceGroups" => describe_into(
            xml,
            ctx,
            params,
            &paged(
                "LocalGatewayVirtualInterfaceGroupId",
                "InvalidLocalGatewayVirtualInterfaceGroupID.NotFound",
            ),
            "localGatewayVirtualInterfaceGroupSet",
            &estate.vif_groups,
        ),
        "DescribeLocalGatewayRouteTables" => describe_into(
            xml,
            ctx,
            params,
            &paged(
                "LocalGatewayRouteTableId",
                "InvalidLocalGatewayRouteTableID.NotFound",
            ),
            "localGatewayRouteTableSet",
            &estate.route_tables,
        ),
        "DescribeLocalGatewayRouteTableVpcAssociations" => describe_into(
            xml,
            ctx,
            params,
            &paged(
                "LocalGatewayRouteTableVpcAssociationId",
                "InvalidLocalGatewayRouteTableVpcAssociationID.NotFound",
            ),
            "localGatewayRouteTableVpcAssociationSet",
            estate.route_tables.iter().flat_map(|table| {
                table
                    .vpc_associations
                    .iter()
                    .map(move |association| VpcAssociation { table, association })
            }),
        ),
        "DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations" => describe_into(
            xml,
            ctx,
            params,
            &paged(
                "LocalGatewayRouteTableVirtualInterfaceGroupAssociationId",
                "InvalidLocalGatewayRouteTableVirtualInterfaceGroupAssociationID.NotFound",
            ),
            "localGatewayRouteTableVirtualInterfaceGroupAssociationSet",
            estate.route_tables.iter().flat_map(|table| {
                table
                    .virtual_interface_group_associations
                    .iter()
                    .map(move |association| GroupAssociation { table, association })
            }),
        ),
        "DescribeCoipPools" => describe_into(
            xml,
            ctx,
            params,
            &paged("PoolId", "InvalidCoipPoolID.NotFound"),
            "coipPoolSet",
            &estate.coip_pools,
        ),
        "DescribeOutpostLags" => describe_into(
            xml,
            ctx,
            params,
            &paged("OutpostLagId", "InvalidOutpostLagId.NotFound"),
            "outpostLagSet",
            &estate.outpost_lags,
        ),
        "DescribeServiceLinkVirtualInterfaces" => describe_into(
            xml,
            ctx,
            params,
            &paged(
                "ServiceLinkVirtualInterfaceId",
                "InvalidServiceLinkVirtualInterfaceId.NotFound",
            ),
            "serviceLinkVirtualInterfaceSet",
            &estate.service_link_vifs,
        ),
        _ => return None,
    })
}

impl Served for &LocalGateway {
    const FILTERS: &'static [&'static str] =
        &["local-gateway-id", "outpost-arn", "owner-id", "state"];

    fn id(&self) -> &str {
        &self.local_gateway_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "local-gateway-id" => one(&self.local_gateway_id),
            "outpost-arn" => one(&self.outpost_arn),
            "owner-id" => one(ctx.account_id),
            _ => one(&self.state),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text("localGatewayId", &self.local_gateway_id)
            .text("outpostArn", &self.outpost_arn)
            .text("ownerId", ctx.account_id)
            .text("state", &self.state);
        write_tags(xml, &self.tags);
    }
}

impl Served for &LocalGatewayVirtualInterface {
    const FILTERS: &'static [&'static str] = &[
        "local-address",
        "local-bgp-asn",
        "local-gateway-id",
        "local-gateway-virtual-interface-group-id",
        "local-gateway-virtual-interface-id",
        "owner-id",
        "peer-address",
        "peer-bgp-asn",
        "vlan",
        "outpost-lag-id",
    ];

    fn id(&self) -> &str {
        &self.local_gateway_virtual_interface_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "local-address" => one(&self.local_address),
            "local-bgp-asn" => one(&self.local_bgp_asn.to_string()),
            "local-gateway-id" => one(&self.local_gateway_id),
            "local-gateway-virtual-interface-group-id" => {
                maybe(self.local_gateway_virtual_interface_group_id.as_deref())
            }
            "local-gateway-virtual-interface-id" => one(&self.local_gateway_virtual_interface_id),
            "owner-id" => one(ctx.account_id),
            "peer-address" => one(&self.peer_address),
            "peer-bgp-asn" => one(&self.peer_bgp_asn.to_string()),
            "vlan" => one(&self.vlan.to_string()),
            _ => maybe(self.outpost_lag_id.as_deref()),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        let interface_arn = self
            .local_gateway_virtual_interface_arn
            .clone()
            .unwrap_or_else(|| {
                arn(
                    ctx,
                    "local-gateway-virtual-interface",
                    &self.local_gateway_virtual_interface_id,
                )
            });
        xml.text(
            "localGatewayVirtualInterfaceId",
            &self.local_gateway_virtual_interface_id,
        )
        .text("localGatewayId", &self.local_gateway_id)
        .opt_text(
            "localGatewayVirtualInterfaceGroupId",
            self.local_gateway_virtual_interface_group_id.as_deref(),
        )
        .text("localGatewayVirtualInterfaceArn", &interface_arn)
        .opt_text("outpostLagId", self.outpost_lag_id.as_deref())
        .number("vlan", self.vlan)
        .text("localAddress", &self.local_address)
        .text("peerAddress", &self.peer_address)
        .number("localBgpAsn", self.local_bgp_asn);
        // PeerBgpAsn is a signed 32-bit integer in the model: a 4-byte ASN above 2^31 - 1
        // only fits PeerBgpAsnExtended (a long), as AWS serves it.
        if i32::try_from(self.peer_bgp_asn).is_ok() {
            xml.number("peerBgpAsn", self.peer_bgp_asn);
        }
        if let Some(extended) = self.peer_bgp_asn_extended {
            xml.number("peerBgpAsnExtended", extended);
        }
        xml.text("ownerId", ctx.account_id);
        write_tags(xml, &self.tags);
    }
}

impl Served for &LocalGatewayVirtualInterfaceGroup {
    const FILTERS: &'static [&'static str] = &[
        "local-gateway-id",
        "local-gateway-virtual-interface-group-id",
        "local-gateway-virtual-interface-id",
        "owner-id",
        "configuration-state",
    ];

    fn id(&self) -> &str {
        &self.local_gateway_virtual_interface_group_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "local-gateway-id" => one(&self.local_gateway_id),
            "local-gateway-virtual-interface-group-id" => {
                one(&self.local_gateway_virtual_interface_group_id)
            }
            "local-gateway-virtual-interface-id" => {
                self.local_gateway_virtual_interface_ids.clone()
            }
            "owner-id" => one(ctx.account_id),
            _ => maybe(
                self.configuration_state
                    .as_ref()
                    .map(|state| state.as_str()),
            ),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text(
            "localGatewayVirtualInterfaceGroupId",
            &self.local_gateway_virtual_interface_group_id,
        );
        xml.string_list(
            "localGatewayVirtualInterfaceIdSet",
            &self.local_gateway_virtual_interface_ids,
        );
        xml.text("localGatewayId", &self.local_gateway_id)
            .text("ownerId", ctx.account_id);
        match self.local_bgp_asn {
            Some(asn) if i32::try_from(asn).is_ok() => {
                xml.number("localBgpAsn", asn);
            }
            Some(asn) => {
                xml.number("localBgpAsnExtended", asn);
            }
            None => {}
        }
        xml.text(
            "localGatewayVirtualInterfaceGroupArn",
            &arn(
                ctx,
                "local-gateway-virtual-interface-group",
                &self.local_gateway_virtual_interface_group_id,
            ),
        );
        write_tags(xml, &self.tags);
        xml.opt_text(
            "configurationState",
            self.configuration_state
                .as_ref()
                .map(|state| state.as_str()),
        );
    }
}

impl Served for &LocalGatewayRouteTable {
    const FILTERS: &'static [&'static str] = &[
        "local-gateway-id",
        "local-gateway-route-table-arn",
        "local-gateway-route-table-id",
        "outpost-arn",
        "owner-id",
        "state",
    ];

    fn id(&self) -> &str {
        &self.local_gateway_route_table_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "local-gateway-id" => one(&self.local_gateway_id),
            "local-gateway-route-table-arn" => one(&table_arn(ctx, self)),
            "local-gateway-route-table-id" => one(&self.local_gateway_route_table_id),
            "outpost-arn" => one(&self.outpost_arn),
            "owner-id" => one(ctx.account_id),
            _ => one(&self.state),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text(
            "localGatewayRouteTableId",
            &self.local_gateway_route_table_id,
        )
        .text("localGatewayRouteTableArn", &table_arn(ctx, self))
        .text("localGatewayId", &self.local_gateway_id)
        .text("outpostArn", &self.outpost_arn)
        .text("ownerId", ctx.account_id)
        .text("state", &self.state);
        write_tags(xml, &self.tags);
        xml.text("mode", self.mode.as_str());
    }
}

fn table_arn(ctx: &Ctx, table: &LocalGatewayRouteTable) -> String {
    arn(
        ctx,
        "local-gateway-route-table",
        &table.local_gateway_route_table_id,
    )
}

/// A route table's association with a VPC, listed on its own.
struct VpcAssociation<'a> {
    table: &'a LocalGatewayRouteTable,
    association: &'a RouteTableVpcAssociation,
}

impl Served for VpcAssociation<'_> {
    const FILTERS: &'static [&'static str] = &[
        "local-gateway-id",
        "local-gateway-route-table-id",
        "local-gateway-route-table-vpc-association-id",
        "state",
        "vpc-id",
    ];

    fn id(&self) -> &str {
        &self
            .association
            .local_gateway_route_table_vpc_association_id
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "local-gateway-id" => one(&self.table.local_gateway_id),
            "local-gateway-route-table-id" => one(&self.table.local_gateway_route_table_id),
            "local-gateway-route-table-vpc-association-id" => one(self.id()),
            "state" => one(&self.association.state),
            _ => one(&self.association.vpc_id),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text("localGatewayRouteTableVpcAssociationId", self.id())
            .text(
                "localGatewayRouteTableId",
                &self.table.local_gateway_route_table_id,
            )
            .text("localGatewayRouteTableArn", &table_arn(ctx, self.table))
            .text("localGatewayId", &self.table.local_gateway_id)
            .text("vpcId", &self.association.vpc_id)
            .text("ownerId", ctx.account_id)
            .text("state", &self.association.state);
        write_tags(xml, &BTreeMap::new());
    }
}

/// A route table's association with a VIF group, listed on its own.
struct GroupAssociation<'a> {
    table: &'a LocalGatewayRouteTable,
    association: &'a RouteTableVifGroupAssociation,
}

impl Served for GroupAssociation<'_> {
    const FILTERS: &'static [&'static str] = &[
        "local-gateway-id",
        "local-gateway-route-table-id",
        "local-gateway-route-table-virtual-interface-group-association-id",
        "local-gateway-virtual-interface-group-id",
        "state",
    ];

    fn id(&self) -> &str {
        &self
            .association
            .local_gateway_route_table_virtual_interface_group_association_id
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "local-gateway-id" => one(&self.table.local_gateway_id),
            "local-gateway-route-table-id" => one(&self.table.local_gateway_route_table_id),
            "local-gateway-virtual-interface-group-id" => {
                one(&self.association.local_gateway_virtual_interface_group_id)
            }
            "state" => one(&self.association.state),
            _ => one(self.id()),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text(
            "localGatewayRouteTableVirtualInterfaceGroupAssociationId",
            self.id(),
        )
        .text(
            "localGatewayVirtualInterfaceGroupId",
            &self.association.local_gateway_virtual_interface_group_id,
        )
        .text("localGatewayId", &self.table.local_gateway_id)
        .text(
            "localGatewayRouteTableId",
            &self.table.local_gateway_route_table_id,
        )
        .text("localGatewayRouteTableArn", &table_arn(ctx, self.table))
        .text("ownerId", ctx.account_id)
        .text("state", &self.association.state);
        write_tags(xml, &BTreeMap::new());
    }
}

impl Served for &CoipPool {
    const FILTERS: &'static [&'static str] = &[
        "coip-pool.local-gateway-route-table-id",
        "coip-pool.pool-id",
    ];

    fn id(&self) -> &str {
        &self.pool_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "coip-pool.local-gateway-route-table-id" => one(&self.local_gateway_route_table_id),
            _ => one(&self.pool_id),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        let pool_arn = self
            .pool_arn
            .clone()
            .unwrap_or_else(|| arn(ctx, "coip-pool", &self.pool_id));
        xml.text("poolId", &self.pool_id);
        xml.string_list("poolCidrSet", &self.pool_cidrs);
        xml.text(
            "localGatewayRouteTableId",
            &self.local_gateway_route_table_id,
        );
        write_tags(xml, &self.tags);
        xml.text("poolArn", &pool_arn);
    }
}

impl Served for &OutpostLag {
    const FILTERS: &'static [&'static str] =
        &["outpost-lag-id", "outpost-arn", "owner-id", "state"];

    fn id(&self) -> &str {
        &self.outpost_lag_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "outpost-lag-id" => one(&self.outpost_lag_id),
            "outpost-arn" => one(&self.outpost_arn),
            "owner-id" => one(ctx.account_id),
            _ => one(&self.state),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text("outpostArn", &self.outpost_arn)
            .text("ownerId", ctx.account_id)
            .text("state", &self.state)
            .text("outpostLagId", &self.outpost_lag_id);
        xml.string_list(
            "localGatewayVirtualInterfaceIdSet",
            &self.local_gateway_virtual_interface_ids,
        );
        xml.string_list(
            "serviceLinkVirtualInterfaceIdSet",
            &self.service_link_virtual_interface_ids,
        );
        write_tags(xml, &self.tags);
    }
}

impl Served for &ServiceLinkVirtualInterface {
    const FILTERS: &'static [&'static str] = &[
        "outpost-lag-id",
        "outpost-arn",
        "outpost-id",
        "owner-id",
        "peer-address",
        "peer-bgp-asn",
        "service-link-virtual-interface-id",
        "service-link-virtual-interface-arn",
        "vlan",
        "configuration-state",
    ];

    fn id(&self) -> &str {
        &self.service_link_virtual_interface_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "outpost-lag-id" => maybe(self.outpost_lag_id.as_deref()),
            "outpost-arn" => one(&self.outpost_arn),
            "outpost-id" => one(&self.outpost_id),
            "owner-id" => one(ctx.account_id),
            "peer-address" => one(&self.peer_address),
            "peer-bgp-asn" => one(&self.peer_bgp_asn.to_string()),
            "service-link-virtual-interface-id" => one(&self.service_link_virtual_interface_id),
            "service-link-virtual-interface-arn" => one(&interface_arn(ctx, self)),
            "vlan" => one(&self.vlan.to_string()),
            _ => maybe(
                self.configuration_state
                    .as_ref()
                    .map(|state| state.as_str()),
            ),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text(
            "serviceLinkVirtualInterfaceId",
            &self.service_link_virtual_interface_id,
        )
        .text("serviceLinkVirtualInterfaceArn", &interface_arn(ctx, self))
        .text("outpostId", &self.outpost_id)
        .text("outpostArn", &self.outpost_arn)
        .text("ownerId", ctx.account_id)
        .text("localAddress", &self.local_address)
        .text("peerAddress", &self.peer_address)
        .number("peerBgpAsn", self.peer_bgp_asn)
        .number("vlan", self.vlan)
        .opt_text("outpostLagId", self.outpost_lag_id.as_deref());
        write_tags(xml, &self.tags);
        xml.opt_text(
            "configurationState",
            self.configuration_state
                .as_ref()
                .map(|state| state.as_str()),
        );
    }
}

fn interface_arn(ctx: &Ctx, interface: &ServiceLinkVirtualInterface) -> String {
    arn(
        ctx,
        "service-link-virtual-interface",
        &interface.service_link_virtual_interface_id,
    )
}
