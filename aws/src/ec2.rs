//! EC2 calls of one Region, each paginated to the end, and their output as model entities.
//!
//! Every call goes through [`RegionContext::page`] page by page, which bounds the requests in
//! flight and counts progress. Field names map one to one (the model keeps AWS's names in
//! snake_case); where AWS splits a value (`PeerBgpAsn` for 2-byte ASNs, `PeerBgpAsnExtended` for
//! 4-byte ones above 2^31), the model keeps the one number.

use std::collections::BTreeMap;

use aws_sdk_ec2::Client;
use aws_sdk_ec2::types::{Filter, LocationType, Tag};
use edge_atlas::model::{
    CarrierGateway, CoipPool, Instance, LocalGateway, LocalGatewayRouteTable,
    LocalGatewayVirtualInterface, LocalGatewayVirtualInterfaceGroup, OutpostLag, Region,
    RouteTableVifGroupAssociation, RouteTableVpcAssociation, ServiceLinkVirtualInterface, Subnet,
    Vpc, Zone,
};

use crate::failure::CallFailure;
use crate::region::RegionContext;

/// The rate limiters' name for this service.
const SERVICE: &str = "ec2";

/// Pages through a NextToken-paginated call, collecting one output field.
macro_rules! all_pages {
    ($ctx:expr, $service:expr, $request:expr, $field:ident) => {{
        let mut items = Vec::new();
        let mut token: Option<String> = None;
        loop {
            let request = $request.clone().set_next_token(token.take());
            let output = $ctx.page($service, || request.clone().send()).await?;
            items.extend(output.$field.unwrap_or_default());
            match output.next_token {
                Some(next) if !next.is_empty() => token = Some(next),
                _ => break,
            }
        }
        Ok::<_, CallFailure>(items)
    }};
}
pub(crate) use all_pages;

fn tags(tags: Option<Vec<Tag>>) -> BTreeMap<String, String> {
    tags.unwrap_or_default()
        .into_iter()
        .filter_map(|tag| Some((tag.key?, tag.value.unwrap_or_default())))
        .collect()
}

fn text(value: Option<String>) -> String {
    value.unwrap_or_default()
}

/// A 32-bit number AWS sends as a signed integer, kept unsigned.
fn unsigned(value: Option<i32>) -> u32 {
    value
        .and_then(|value| u32::try_from(value).ok())
        .unwrap_or(0)
}

fn asn(small: Option<i32>, extended: Option<i64>) -> Option<u32> {
    extended
        .and_then(|value| u32::try_from(value).ok())
        .or_else(|| small.and_then(|value| u32::try_from(value).ok()))
}

/// DescribeRegions with AllRegions: every Region and its opt-in status.
pub async fn regions(ctx: &RegionContext, client: &Client) -> Result<Vec<Region>, CallFailure> {
    let output = ctx
        .page(SERVICE, || {
            client.describe_regions().all_regions(true).send()
        })
        .await?;
    Ok(output
        .regions
        .unwrap_or_default()
        .into_iter()
        .map(|region| Region {
            account_id: ctx.account_id.clone(),
            region_name: text(region.region_name),
            endpoint: region.endpoint,
            opt_in_status: text(region.opt_in_status).into(),
        })
        .collect())
}

/// DescribeAvailabilityZones with AllAvailabilityZones: AZs, Local Zones, Wavelength Zones.
pub async fn zones(ctx: &RegionContext, client: &Client) -> Result<Vec<Zone>, CallFailure> {
    let output = ctx
        .page(SERVICE, || {
            client
                .describe_availability_zones()
                .all_availability_zones(true)
                .send()
        })
        .await?;
    Ok(output
        .availability_zones
        .unwrap_or_default()
        .into_iter()
        .map(|zone| Zone {
            account_id: ctx.account_id.clone(),
            region_name: zone.region_name.unwrap_or_else(|| ctx.region.clone()),
            zone_name: text(zone.zone_name),
            zone_id: text(zone.zone_id),
            zone_type: text(zone.zone_type).into(),
            parent_zone_name: zone.parent_zone_name,
            parent_zone_id: zone.parent_zone_id,
            network_border_group: text(zone.network_border_group),
            group_name: text(zone.group_name),
            group_long_name: zone.group_long_name,
            opt_in_status: zone
                .opt_in_status
                .map_or_else(String::new, |status| status.as_str().to_owned())
                .into(),
            state: zone
                .state
                .map_or_else(String::new, |state| state.as_str().to_owned())
                .into(),
        })
        .collect())
}

/// DescribeLocalGateways.
pub async fn local_gateways(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<LocalGateway>, CallFailure> {
    let request = client.describe_local_gateways().max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, local_gateways)?;
    Ok(items
        .into_iter()
        .map(|gateway| LocalGateway {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            local_gateway_id: text(gateway.local_gateway_id),
            outpost_arn: text(gateway.outpost_arn),
            state: text(gateway.state),
            tags: tags(gateway.tags),
        })
        .collect())
}

/// DescribeLocalGatewayVirtualInterfaces: VLAN, addresses and BGP of each VIF.
pub async fn vifs(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<LocalGatewayVirtualInterface>, CallFailure> {
    let request = client
        .describe_local_gateway_virtual_interfaces()
        .max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, local_gateway_virtual_interfaces)?;
    Ok(items
        .into_iter()
        .map(|vif| LocalGatewayVirtualInterface {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            local_gateway_virtual_interface_id: text(vif.local_gateway_virtual_interface_id),
            local_gateway_id: text(vif.local_gateway_id),
            local_gateway_virtual_interface_group_id: vif.local_gateway_virtual_interface_group_id,
            local_gateway_virtual_interface_arn: vif.local_gateway_virtual_interface_arn,
            outpost_lag_id: vif.outpost_lag_id,
            vlan: vif
                .vlan
                .and_then(|vlan| u16::try_from(vlan).ok())
                .unwrap_or(0),
            local_address: text(vif.local_address),
            peer_address: text(vif.peer_address),
            local_bgp_asn: unsigned(vif.local_bgp_asn),
            peer_bgp_asn: asn(vif.peer_bgp_asn, vif.peer_bgp_asn_extended).unwrap_or(0),
            peer_bgp_asn_extended: vif
                .peer_bgp_asn_extended
                .and_then(|value| u32::try_from(value).ok()),
            tags: tags(vif.tags),
        })
        .collect())
}

/// DescribeLocalGatewayVirtualInterfaceGroups.
pub async fn vif_groups(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<LocalGatewayVirtualInterfaceGroup>, CallFailure> {
    let request = client
        .describe_local_gateway_virtual_interface_groups()
        .max_results(ctx.page_size);
    let items = all_pages!(
        ctx,
        SERVICE,
        request,
        local_gateway_virtual_interface_groups
    )?;
    Ok(items
        .into_iter()
        .map(|group| LocalGatewayVirtualInterfaceGroup {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            local_gateway_virtual_interface_group_id: text(
                group.local_gateway_virtual_interface_group_id,
            ),
            local_gateway_id: text(group.local_gateway_id),
            local_gateway_virtual_interface_ids: group
                .local_gateway_virtual_interface_ids
                .unwrap_or_default(),
            local_bgp_asn: asn(group.local_bgp_asn, group.local_bgp_asn_extended),
            configuration_state: group.configuration_state.map(|state| state.as_str().into()),
            tags: tags(group.tags),
        })
        .collect())
}

/// DescribeLocalGatewayRouteTables; their associations come from the two calls below.
pub async fn route_tables(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<LocalGatewayRouteTable>, CallFailure> {
    let request = client
        .describe_local_gateway_route_tables()
        .max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, local_gateway_route_tables)?;
    Ok(items
        .into_iter()
        .map(|table| LocalGatewayRouteTable {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            local_gateway_route_table_id: text(table.local_gateway_route_table_id),
            local_gateway_id: text(table.local_gateway_id),
            outpost_arn: text(table.outpost_arn),
            mode: table
                .mode
                .map_or_else(String::new, |mode| mode.as_str().to_owned())
                .into(),
            state: text(table.state),
            vpc_associations: Vec::new(),
            virtual_interface_group_associations: Vec::new(),
            tags: tags(table.tags),
        })
        .collect())
}

/// DescribeLocalGatewayRouteTableVpcAssociations, as `(route table id, association)`.
pub async fn vpc_associations(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<(String, RouteTableVpcAssociation)>, CallFailure> {
    let request = client
        .describe_local_gateway_route_table_vpc_associations()
        .max_results(ctx.page_size);
    let items = all_pages!(
        ctx,
        SERVICE,
        request,
        local_gateway_route_table_vpc_associations
    )?;
    Ok(items
        .into_iter()
        .map(|association| {
            (
                text(association.local_gateway_route_table_id),
                RouteTableVpcAssociation {
                    local_gateway_route_table_vpc_association_id: text(
                        association.local_gateway_route_table_vpc_association_id,
                    ),
                    vpc_id: text(association.vpc_id),
                    state: text(association.state),
                },
            )
        })
        .collect())
}

/// DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations, as `(route table id, association)`.
pub async fn group_associations(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<(String, RouteTableVifGroupAssociation)>, CallFailure> {
    let request = client
        .describe_local_gateway_route_table_virtual_interface_group_associations()
        .max_results(ctx.page_size);
    let items = all_pages!(
        ctx,
        SERVICE,
        request,
        local_gateway_route_table_virtual_interface_group_associations
    )?;
    Ok(items
        .into_iter()
        .map(|association| {
            (
                text(association.local_gateway_route_table_id),
                RouteTableVifGroupAssociation {
                    local_gateway_route_table_virtual_interface_group_association_id: text(
                        association
                            .local_gateway_route_table_virtual_interface_group_association_id,
                    ),
                    local_gateway_virtual_interface_group_id: text(
                        association.local_gateway_virtual_interface_group_id,
                    ),
                    state: text(association.state),
                },
            )
        })
        .collect())
}

/// DescribeCoipPools.
pub async fn coip_pools(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<CoipPool>, CallFailure> {
    let request = client.describe_coip_pools().max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, coip_pools)?;
    Ok(items
        .into_iter()
        .map(|pool| CoipPool {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            pool_id: text(pool.pool_id),
            pool_cidrs: pool.pool_cidrs.unwrap_or_default(),
            local_gateway_route_table_id: text(pool.local_gateway_route_table_id),
            pool_arn: pool.pool_arn,
            tags: tags(pool.tags),
        })
        .collect())
}

/// DescribeCarrierGateways.
pub async fn carrier_gateways(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<CarrierGateway>, CallFailure> {
    let request = client
        .describe_carrier_gateways()
        .max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, carrier_gateways)?;
    Ok(items
        .into_iter()
        .map(|gateway| CarrierGateway {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            carrier_gateway_id: text(gateway.carrier_gateway_id),
            vpc_id: text(gateway.vpc_id),
            state: gateway
                .state
                .map_or_else(String::new, |state| state.as_str().to_owned())
                .into(),
            tags: tags(gateway.tags),
        })
        .collect())
}

/// DescribeVpcs.
pub async fn vpcs(ctx: &RegionContext, client: &Client) -> Result<Vec<Vpc>, CallFailure> {
    let request = client.describe_vpcs().max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, vpcs)?;
    Ok(items
        .into_iter()
        .map(|vpc| Vpc {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            vpc_id: text(vpc.vpc_id),
            cidr_block: text(vpc.cidr_block),
            state: vpc
                .state
                .map_or_else(String::new, |state| state.as_str().to_owned()),
            is_default: vpc.is_default.unwrap_or(false),
            tags: tags(vpc.tags),
        })
        .collect())
}

/// DescribeSubnets.
pub async fn subnets(ctx: &RegionContext, client: &Client) -> Result<Vec<Subnet>, CallFailure> {
    let request = client.describe_subnets().max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, subnets)?;
    Ok(items
        .into_iter()
        .map(|subnet| Subnet {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            subnet_id: text(subnet.subnet_id),
            vpc_id: text(subnet.vpc_id),
            cidr_block: text(subnet.cidr_block),
            availability_zone: text(subnet.availability_zone),
            availability_zone_id: subnet.availability_zone_id,
            outpost_arn: subnet.outpost_arn,
            customer_owned_ipv4_pool: subnet.customer_owned_ipv4_pool,
            map_customer_owned_ip_on_launch: subnet
                .map_customer_owned_ip_on_launch
                .unwrap_or(false),
            available_ip_address_count: subnet
                .available_ip_address_count
                .and_then(|count| u32::try_from(count).ok()),
            state: subnet
                .state
                .map_or_else(String::new, |state| state.as_str().to_owned()),
            tags: tags(subnet.tags),
            owner_id: subnet.owner_id,
            shared_with: Vec::new(),
        })
        .collect())
}

/// DescribeInstances, flattened out of their reservations.
pub async fn instances(ctx: &RegionContext, client: &Client) -> Result<Vec<Instance>, CallFailure> {
    let request = client.describe_instances().max_results(ctx.page_size);
    let reservations = all_pages!(ctx, SERVICE, request, reservations)?;
    Ok(reservations
        .into_iter()
        .flat_map(|reservation| reservation.instances.unwrap_or_default())
        .map(|instance| {
            let association = instance
                .network_interfaces
                .as_deref()
                .and_then(|interfaces| interfaces.first())
                .and_then(|interface| interface.association.clone());
            Instance {
                account_id: ctx.account_id.clone(),
                region: ctx.region.clone(),
                instance_id: text(instance.instance_id),
                instance_type: instance
                    .instance_type
                    .map_or_else(String::new, |kind| kind.as_str().to_owned()),
                availability_zone: text(
                    instance
                        .placement
                        .and_then(|placement| placement.availability_zone),
                ),
                outpost_arn: instance.outpost_arn,
                subnet_id: instance.subnet_id,
                vpc_id: instance.vpc_id,
                image_id: instance.image_id,
                platform_details: instance.platform_details,
                image_name: None,
                image_owner_alias: None,
                architecture: instance.architecture.map(|arch| arch.as_str().into()),
                private_ip_address: instance.private_ip_address,
                public_ip_address: instance.public_ip_address,
                carrier_ip: association.as_ref().and_then(|a| a.carrier_ip.clone()),
                customer_owned_ip: association.and_then(|a| a.customer_owned_ip),
                state: instance
                    .state
                    .and_then(|state| state.name)
                    .map_or_else(String::new, |name| name.as_str().to_owned())
                    .into(),
                launch_time: instance.launch_time.and_then(|time| {
                    time.fmt(aws_sdk_ec2::primitives::DateTimeFormat::DateTime)
                        .ok()
                }),
                tags: tags(instance.tags),
            }
        })
        .collect())
}

/// What the sync keeps of an AMI an instance runs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImageFacts {
    /// `ami-…`.
    pub image_id: String,
    /// e.g. `Linux/UNIX`.
    pub platform_details: Option<String>,
    /// `x86_64`, `arm64`...
    pub architecture: Option<String>,
    /// The image's name, which tells the default OS user (Instance Connect).
    pub name: Option<String>,
    /// The owner's alias, e.g. `amazon`.
    pub owner_alias: Option<String>,
}

/// DescribeImages for the AMIs the instances run. Asked by `image-id` filter, which (unlike
/// ImageIds) does not fail on a deregistered AMI.
pub async fn images(
    ctx: &RegionContext,
    client: &Client,
    image_ids: Vec<String>,
) -> Result<Vec<ImageFacts>, CallFailure> {
    let mut found = Vec::new();
    for chunk in image_ids.chunks(200) {
        let request = client
            .describe_images()
            .filters(
                Filter::builder()
                    .name("image-id")
                    .set_values(Some(chunk.to_vec()))
                    .build(),
            )
            .max_results(ctx.page_size);
        let images = all_pages!(ctx, SERVICE, request, images)?;
        found.extend(images.into_iter().map(|image| ImageFacts {
            image_id: text(image.image_id),
            platform_details: image.platform_details,
            architecture: image.architecture.map(|arch| arch.as_str().to_owned()),
            name: image.name,
            owner_alias: image.image_owner_alias,
        }));
    }
    Ok(found)
}

/// DescribeInstanceTypeOfferings of one location type for some locations, as `(location, type)`.
pub async fn offerings(
    ctx: &RegionContext,
    client: &Client,
    location_type: LocationType,
    locations: Vec<String>,
) -> Result<Vec<(String, String)>, CallFailure> {
    let mut found = Vec::new();
    for chunk in locations.chunks(100) {
        let request = client
            .describe_instance_type_offerings()
            .location_type(location_type.clone())
            .filters(
                Filter::builder()
                    .name("location")
                    .set_values(Some(chunk.to_vec()))
                    .build(),
            )
            .max_results(ctx.page_size);
        let offerings = all_pages!(ctx, SERVICE, request, instance_type_offerings)?;
        found.extend(offerings.into_iter().map(|offering| {
            (
                text(offering.location),
                offering
                    .instance_type
                    .map_or_else(String::new, |kind| kind.as_str().to_owned()),
            )
        }));
    }
    Ok(found)
}

/// DescribeOutpostLags (second-generation racks).
pub async fn outpost_lags(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<OutpostLag>, CallFailure> {
    let request = client.describe_outpost_lags().max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, outpost_lags)?;
    Ok(items
        .into_iter()
        .map(|lag| OutpostLag {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            outpost_lag_id: text(lag.outpost_lag_id),
            outpost_arn: text(lag.outpost_arn),
            state: text(lag.state),
            local_gateway_virtual_interface_ids: lag
                .local_gateway_virtual_interface_ids
                .unwrap_or_default(),
            service_link_virtual_interface_ids: lag
                .service_link_virtual_interface_ids
                .unwrap_or_default(),
            tags: tags(lag.tags),
        })
        .collect())
}

/// DescribeServiceLinkVirtualInterfaces (second-generation racks).
pub async fn service_link_vifs(
    ctx: &RegionContext,
    client: &Client,
) -> Result<Vec<ServiceLinkVirtualInterface>, CallFailure> {
    let request = client
        .describe_service_link_virtual_interfaces()
        .max_results(ctx.page_size);
    let items = all_pages!(ctx, SERVICE, request, service_link_virtual_interfaces)?;
    Ok(items
        .into_iter()
        .map(|vif| ServiceLinkVirtualInterface {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            service_link_virtual_interface_id: text(vif.service_link_virtual_interface_id),
            outpost_id: text(vif.outpost_id),
            outpost_arn: text(vif.outpost_arn),
            outpost_lag_id: vif.outpost_lag_id,
            vlan: vif
                .vlan
                .and_then(|vlan| u16::try_from(vlan).ok())
                .unwrap_or(0),
            local_address: text(vif.local_address),
            peer_address: text(vif.peer_address),
            peer_bgp_asn: vif
                .peer_bgp_asn
                .and_then(|asn| u32::try_from(asn).ok())
                .unwrap_or(0),
            configuration_state: vif.configuration_state.map(|state| state.as_str().into()),
            tags: tags(vif.tags),
        })
        .collect())
}
