//! VPC-side calls: carrier gateways, VPCs, subnets, VPC route tables, instances and AMIs.

use std::collections::BTreeMap;

use edge_atlas::model::{CarrierGateway, Instance, InstanceStateName, Subnet, Vpc};

use super::{Ctx, Listing, Served, arn, describe, describe_into, maybe, one, write_tags};
use crate::errors::ApiError;
use crate::fixture::{Image, RouteTarget, VpcRouteTable};
use crate::params::Params;
use crate::xml::Xml;

/// Answers the VPC-side calls; `None` when `action` is not one of them.
pub(super) fn answer(
    action: &str,
    params: &Params,
    ctx: &Ctx,
    xml: &mut Xml,
) -> Option<Result<(), ApiError>> {
    let data = ctx.data;
    let paged = |id_param: &'static str, not_found: &'static str, max: u32| Listing {
        id_param: Some(id_param),
        not_found,
        max_results: Some((5, max)),
    };
    Some(match action {
        "DescribeCarrierGateways" => describe_into(
            xml,
            ctx,
            params,
            &paged("CarrierGatewayId", "InvalidCarrierGatewayID.NotFound", 1000),
            "carrierGatewaySet",
            &data.estate.carrier_gateways,
        ),
        "DescribeVpcs" => describe_into(
            xml,
            ctx,
            params,
            &paged("VpcId", "InvalidVpcID.NotFound", 1000),
            "vpcSet",
            &data.estate.vpcs,
        ),
        "DescribeSubnets" => describe_into(
            xml,
            ctx,
            params,
            &paged("SubnetId", "InvalidSubnetID.NotFound", 1000),
            "subnetSet",
            &data.estate.subnets,
        ),
        "DescribeRouteTables" => describe_into(
            xml,
            ctx,
            params,
            &paged("RouteTableId", "InvalidRouteTableID.NotFound", 100),
            "routeTableSet",
            &data.route_tables,
        ),
        "DescribeImages" => describe_images(params, ctx, xml),
        "DescribeInstances" => describe_instances(params, ctx, xml),
        _ => return None,
    })
}

impl Served for &CarrierGateway {
    const FILTERS: &'static [&'static str] = &["carrier-gateway-id", "state", "owner-id", "vpc-id"];

    fn id(&self) -> &str {
        &self.carrier_gateway_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "carrier-gateway-id" => one(&self.carrier_gateway_id),
            "state" => one(self.state.as_str()),
            "owner-id" => one(ctx.account_id),
            _ => one(&self.vpc_id),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text("carrierGatewayId", &self.carrier_gateway_id)
            .text("vpcId", &self.vpc_id)
            .text("state", self.state.as_str())
            .text("ownerId", ctx.account_id);
        write_tags(xml, &self.tags);
    }
}

impl Served for &Vpc {
    const FILTERS: &'static [&'static str] = &[
        "cidr",
        "cidr-block-association.cidr-block",
        "is-default",
        "owner-id",
        "state",
        "vpc-id",
    ];

    fn id(&self) -> &str {
        &self.vpc_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "cidr" | "cidr-block-association.cidr-block" => one(&self.cidr_block),
            "is-default" => one(&self.is_default.to_string()),
            "owner-id" => one(ctx.account_id),
            "state" => one(&self.state),
            _ => one(&self.vpc_id),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text("ownerId", ctx.account_id)
            .text("instanceTenancy", "default");
        xml.list("cidrBlockAssociationSet", [()], |xml, ()| {
            xml.text(
                "associationId",
                &format!("vpc-cidr-assoc-{}", self.vpc_id.trim_start_matches("vpc-")),
            )
            .text("cidrBlock", &self.cidr_block)
            .open("cidrBlockState")
            .text("state", "associated")
            .close("cidrBlockState");
        });
        xml.boolean("isDefault", self.is_default);
        write_tags(xml, &self.tags);
        xml.text("vpcId", &self.vpc_id)
            .text("state", &self.state)
            .text("cidrBlock", &self.cidr_block);
    }
}

impl Served for &Subnet {
    const FILTERS: &'static [&'static str] = &[
        "availability-zone",
        "availability-zone-id",
        "cidr-block",
        "outpost-arn",
        "owner-id",
        "state",
        "subnet-id",
        "vpc-id",
        "customer-owned-ipv4-pool",
    ];

    fn id(&self) -> &str {
        &self.subnet_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, _ctx: &Ctx) -> Vec<String> {
        match name {
            "availability-zone" => one(&self.availability_zone),
            "availability-zone-id" => maybe(self.availability_zone_id.as_deref()),
            "cidr-block" => one(&self.cidr_block),
            "outpost-arn" => maybe(self.outpost_arn.as_deref()),
            "owner-id" => one(self.owner_id.as_deref().unwrap_or(&self.account_id)),
            "state" => one(&self.state),
            "subnet-id" => one(&self.subnet_id),
            "customer-owned-ipv4-pool" => maybe(self.customer_owned_ipv4_pool.as_deref()),
            _ => one(&self.vpc_id),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.opt_text("availabilityZoneId", self.availability_zone_id.as_deref())
            .boolean(
                "mapCustomerOwnedIpOnLaunch",
                self.map_customer_owned_ip_on_launch,
            )
            .opt_text(
                "customerOwnedIpv4Pool",
                self.customer_owned_ipv4_pool.as_deref(),
            )
            .text(
                "ownerId",
                self.owner_id.as_deref().unwrap_or(&self.account_id),
            );
        write_tags(xml, &self.tags);
        xml.text("subnetArn", &arn(ctx, "subnet", &self.subnet_id))
            .opt_text("outpostArn", self.outpost_arn.as_deref())
            .text("subnetId", &self.subnet_id)
            .text("state", &self.state)
            .text("vpcId", &self.vpc_id)
            .text("cidrBlock", &self.cidr_block);
        if let Some(count) = self.available_ip_address_count {
            xml.number("availableIpAddressCount", count);
        }
        xml.text("availabilityZone", &self.availability_zone)
            .boolean("defaultForAz", false)
            .boolean("mapPublicIpOnLaunch", false);
    }
}

impl Served for &VpcRouteTable {
    const FILTERS: &'static [&'static str] = &[
        "association.main",
        "association.route-table-association-id",
        "owner-id",
        "route-table-id",
        "route.destination-cidr-block",
        "route.gateway-id",
        "route.local-gateway-id",
        "route.carrier-gateway-id",
        "vpc-id",
    ];

    fn id(&self) -> &str {
        &self.route_table_id
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        let targets = |wanted: fn(&RouteTarget) -> Option<String>| -> Vec<String> {
            self.routes
                .iter()
                .filter_map(|route| wanted(&route.target))
                .collect()
        };
        match name {
            "association.main" => one("true"),
            "association.route-table-association-id" => one(&self.main_association_id),
            "owner-id" => one(ctx.account_id),
            "route-table-id" => one(&self.route_table_id),
            "route.destination-cidr-block" => self
                .routes
                .iter()
                .map(|route| route.destination_cidr_block.clone())
                .collect(),
            "route.gateway-id" => {
                targets(|target| matches!(target, RouteTarget::Local).then(|| "local".to_owned()))
            }
            "route.local-gateway-id" => targets(|target| match target {
                RouteTarget::LocalGateway(id) => Some(id.clone()),
                _ => None,
            }),
            "route.carrier-gateway-id" => targets(|target| match target {
                RouteTarget::CarrierGateway(id) => Some(id.clone()),
                _ => None,
            }),
            _ => one(&self.vpc_id),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.list("associationSet", [()], |xml, ()| {
            xml.boolean("main", true)
                .text("routeTableAssociationId", &self.main_association_id)
                .text("routeTableId", &self.route_table_id)
                .open("associationState")
                .text("state", "associated")
                .close("associationState");
        });
        xml.list("propagatingVgwSet", std::iter::empty::<()>(), |_, ()| {});
        xml.text("routeTableId", &self.route_table_id);
        xml.list("routeSet", &self.routes, |xml, route| {
            xml.text("destinationCidrBlock", &route.destination_cidr_block);
            match &route.target {
                RouteTarget::Local => xml.text("gatewayId", "local"),
                RouteTarget::LocalGateway(id) => xml.text("localGatewayId", id),
                RouteTarget::CarrierGateway(id) => xml.text("carrierGatewayId", id),
            };
            let origin = match route.target {
                RouteTarget::Local => "CreateRouteTable",
                _ => "CreateRoute",
            };
            xml.text("origin", origin).text("state", "active");
        });
        write_tags(xml, &BTreeMap::new());
        xml.text("vpcId", &self.vpc_id)
            .text("ownerId", ctx.account_id);
    }
}

fn describe_images(params: &Params, ctx: &Ctx, xml: &mut Xml) -> Result<(), ApiError> {
    let listing = Listing {
        id_param: Some("ImageId"),
        not_found: "InvalidAMIID.NotFound",
        max_results: Some((5, 1000)),
    };
    let owners = params.list("Owner");
    let images = ctx.data.images.iter().filter(|_| {
        owners.is_empty()
            || owners
                .iter()
                .any(|owner| owner == "self" || owner == ctx.account_id)
    });
    describe_into(xml, ctx, params, &listing, "imagesSet", images)
}

impl Served for &Image {
    const FILTERS: &'static [&'static str] = &[
        "architecture",
        "image-id",
        "name",
        "owner-id",
        "platform-details",
        "state",
    ];

    fn id(&self) -> &str {
        &self.image_id
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "architecture" => one(&self.architecture),
            "image-id" => one(&self.image_id),
            "name" => one(&self.name),
            "owner-id" => one(ctx.account_id),
            "platform-details" => one(&self.platform_details),
            _ => one("available"),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.text("platformDetails", &self.platform_details)
            .text("usageOperation", "RunInstances")
            .text("name", &self.name)
            .text("rootDeviceName", "/dev/xvda")
            .text("rootDeviceType", "ebs")
            .text("virtualizationType", "hvm")
            .text("imageId", &self.image_id)
            .text("imageState", "available")
            .text("imageOwnerId", ctx.account_id)
            .opt_text("imageOwnerAlias", self.owner_alias.as_deref())
            .text("creationDate", "2026-01-15T09:00:00.000Z")
            .boolean("isPublic", false)
            .text("architecture", &self.architecture)
            .text("imageType", "machine");
    }
}

fn describe_instances(params: &Params, ctx: &Ctx, xml: &mut Xml) -> Result<(), ApiError> {
    // DescribeInstances spells its paging parameters `MaxResults`/`NextToken` on the wire too;
    // its model bounds are 5-1000.
    let listing = Listing {
        id_param: Some("InstanceId"),
        not_found: "InvalidInstanceID.NotFound",
        max_results: Some((5, 1000)),
    };
    let (page, next) = describe(ctx, params, &listing, &ctx.data.estate.instances)?;
    xml.list("reservationSet", &page, |xml, instance| {
        let reservation = format!(
            "r-{:017x}",
            edge_atlas::demo::ids::stable_hash(&instance.instance_id) & 0x0fff_ffff_ffff_ffff
        );
        xml.text("reservationId", &reservation)
            .text("ownerId", ctx.account_id);
        xml.list("groupSet", std::iter::empty::<()>(), |_, ()| {});
        xml.list("instancesSet", [()], |xml, ()| instance.write(xml, ctx));
    });
    xml.opt_text("nextToken", next.as_deref());
    Ok(())
}

/// The numeric code EC2 pairs with each instance state name.
/// The EC2 state code of an instance state (`running` 16, `stopped` 80, ...).
pub(crate) fn state_code(state: &InstanceStateName) -> u16 {
    match state {
        InstanceStateName::Pending => 0,
        InstanceStateName::Running => 16,
        InstanceStateName::ShuttingDown => 32,
        InstanceStateName::Terminated => 48,
        InstanceStateName::Stopping => 64,
        InstanceStateName::Stopped => 80,
        InstanceStateName::Unknown(_) => 0,
    }
}

impl Served for &Instance {
    const FILTERS: &'static [&'static str] = &[
        "architecture",
        "availability-zone",
        "image-id",
        "instance-id",
        "instance-state-name",
        "instance-type",
        "ip-address",
        "owner-id",
        "platform-details",
        "private-ip-address",
        "subnet-id",
        "vpc-id",
    ];

    fn id(&self) -> &str {
        &self.instance_id
    }

    fn tags(&self) -> Option<&BTreeMap<String, String>> {
        Some(&self.tags)
    }

    fn filter_values(&self, name: &str, ctx: &Ctx) -> Vec<String> {
        match name {
            "architecture" => maybe(self.architecture.as_ref().map(|value| value.as_str())),
            "availability-zone" => one(&self.availability_zone),
            "image-id" => maybe(self.image_id.as_deref()),
            "instance-id" => one(&self.instance_id),
            "instance-state-name" => one(self.state.as_str()),
            "instance-type" => one(&self.instance_type),
            "ip-address" => maybe(self.public_ip_address.as_deref()),
            "owner-id" => one(ctx.account_id),
            "platform-details" => maybe(self.platform_details.as_deref()),
            "private-ip-address" => maybe(self.private_ip_address.as_deref()),
            "subnet-id" => maybe(self.subnet_id.as_deref()),
            _ => maybe(self.vpc_id.as_deref()),
        }
    }

    fn write(&self, xml: &mut Xml, ctx: &Ctx) {
        xml.opt_text(
            "architecture",
            self.architecture.as_ref().map(|value| value.as_str()),
        );
        if self.subnet_id.is_some() {
            let interface_id = format!("eni-{}", self.instance_id.trim_start_matches("i-"));
            xml.list("networkInterfaceSet", [()], |xml, ()| {
                let has_association = self.public_ip_address.is_some()
                    || self.carrier_ip.is_some()
                    || self.customer_owned_ip.is_some();
                if has_association {
                    xml.open("association")
                        .opt_text("carrierIp", self.carrier_ip.as_deref())
                        .opt_text("customerOwnedIp", self.customer_owned_ip.as_deref())
                        .text("ipOwnerId", "amazon")
                        .opt_text("publicIp", self.public_ip_address.as_deref())
                        .close("association");
                }
                xml.text("networkInterfaceId", &interface_id)
                    .text("ownerId", ctx.account_id)
                    .opt_text("privateIpAddress", self.private_ip_address.as_deref())
                    .text("status", "in-use")
                    .opt_text("subnetId", self.subnet_id.as_deref())
                    .opt_text("vpcId", self.vpc_id.as_deref())
                    .text("interfaceType", "interface");
            });
        }
        xml.opt_text("outpostArn", self.outpost_arn.as_deref())
            .text("rootDeviceName", "/dev/xvda")
            .text("rootDeviceType", "ebs");
        write_tags(xml, &self.tags);
        xml.text("virtualizationType", "hvm")
            .opt_text("platformDetails", self.platform_details.as_deref())
            .text("instanceId", &self.instance_id)
            .opt_text("imageId", self.image_id.as_deref())
            .open("instanceState")
            .number("code", state_code(&self.state))
            .text("name", self.state.as_str())
            .close("instanceState")
            .text("instanceType", &self.instance_type)
            .opt_text("launchTime", self.launch_time.as_deref())
            .open("placement")
            .text("availabilityZone", &self.availability_zone)
            .text("tenancy", "default")
            .close("placement")
            .opt_text("subnetId", self.subnet_id.as_deref())
            .opt_text("vpcId", self.vpc_id.as_deref())
            .opt_text("privateIpAddress", self.private_ip_address.as_deref())
            .opt_text("ipAddress", self.public_ip_address.as_deref());
    }
}
