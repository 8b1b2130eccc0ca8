//! The demo's Outposts: sites, Outposts, rack assets, catalog items, local gateways with their
//! VLAN / BGP interfaces, route tables, CoIP pools, second-generation LAGs and service link VIFs,
//! and the site overlay describing what the APIs do not show.

use std::net::Ipv4Addr;

use super::ids::{address, aws_id, upper_id};
use super::{Builder, DEMO_ACCOUNT_ID, tags, workloads};
use crate::model::overlay::AceRack;
use crate::model::*;

/// What the workload generator needs to know about one generated Outpost.
pub(super) struct OutpostInfo {
    pub outpost_arn: String,
    pub region: &'static str,
    pub anchor_zone: String,
    pub anchor_zone_id: String,
    pub city: &'static str,
    pub coip_pool: Option<(String, Ipv4Addr)>,
}

/// How one Outpost of a business unit is laid out.
struct OutpostPlan {
    key: &'static str,
    city: &'static str,
    state: &'static str,
    country: &'static str,
    region: &'static str,
    zone_short: &'static str,
    generation: OutpostGeneration,
    racks: &'static [&'static str],
    ace: bool,
    power: PowerDrawKva,
    uplink: (UplinkGbps, UplinkCount, OpticalStandard),
    weight: MaximumSupportedWeightLbs,
}

/// Cities a scaled estate rotates its sites through; unit 0 is the canonical demo.
const ACE_CITIES: &[(&str, &str, &str, &str, &str)] = &[
    ("Chicago", "IL", "US", "us-east-2", "use2"),
    ("Atlanta", "GA", "US", "us-east-1", "use1"),
    ("Denver", "CO", "US", "us-west-2", "usw2"),
];
const THREE_RACK_CITIES: &[(&str, &str, &str, &str, &str)] = &[
    ("Frankfurt am Main", "HE", "DE", "eu-central-1", "euc1"),
    ("Munich", "BY", "DE", "eu-central-1", "euc1"),
    ("Hamburg", "HH", "DE", "eu-central-1", "euc1"),
];
const GEN2_CITIES: &[(&str, &str, &str, &str, &str)] = &[
    ("Osaka", "27", "JP", "ap-northeast-1", "apne1"),
    ("Tokyo", "13", "JP", "ap-northeast-1", "apne1"),
];

const ACE_RACKS: &[&str] = &[
    "OR-G1-C5M5R5-12",
    "OR-G1-M5-8",
    "OR-G1-C5M5R5-12",
    "OR-G1-M5-8",
    "OR-G1-G4DN-6",
    "OR-G1-C5M5R5-12",
    "OR-G1-M5-8",
    "OR-G1-C5M5R5-12",
    "OR-G1-M5-8",
    "OR-G1-G4DN-6",
    "OR-G1-C5M5R5-12",
    "OR-G1-M5-8",
    "OR-G1-C5M5R5-12",
    "OR-G1-M5-8",
    "OR-G1-M5-8",
];
const THREE_RACKS: &[&str] = &["OR-G1-M5-8", "OR-G1-M5-8", "OR-G1-M5-4"];
const GEN2_RACKS: &[&str] = &["OR-G2-M7I-8"];

pub(super) fn add_catalog_items(builder: &mut Builder) {
    for rack in &builder.hardware.rack_configurations {
        builder.estate.catalog_items.push(CatalogItem {
            account_id: DEMO_ACCOUNT_ID.to_owned(),
            region: "us-east-2".to_owned(),
            catalog_item_id: rack.catalog_item_id.clone(),
            item_status: CatalogItemStatus::Available,
            ec2_capacities: rack
                .ec2_capacities
                .iter()
                .map(|c| Ec2Capacity {
                    family: c.family.clone(),
                    max_size: c.max_size.clone(),
                    quantity: c.quantity.to_string(),
                })
                .collect(),
            power_kva: rack.power_kva,
            weight_lbs: rack.weight_lbs,
            supported_uplink_gbps: rack.supported_uplink_gbps.clone(),
            supported_storage: rack
                .supported_storage
                .iter()
                .map(|s| SupportedStorage::from(s.as_str()))
                .collect(),
            rack_scaling_type: Some(RackScalingType::MultiRack),
        });
    }
}

/// Adds one business unit's three Outposts and returns what the workloads need.
pub(super) fn add_sites(builder: &mut Builder, unit: u32) -> Vec<OutpostInfo> {
    let pick = |cities: &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )]| { cities[unit as usize % cities.len()] };
    let (ace_city, ace_state, ace_country, ace_region, ace_short) = pick(ACE_CITIES);
    let (fra_city, fra_state, fra_country, fra_region, fra_short) = pick(THREE_RACK_CITIES);
    let (osa_city, osa_state, osa_country, osa_region, osa_short) = pick(GEN2_CITIES);
    let plans = [
        OutpostPlan {
            key: "ace",
            city: ace_city,
            state: ace_state,
            country: ace_country,
            region: ace_region,
            zone_short: ace_short,
            generation: OutpostGeneration::Generation1,
            racks: ACE_RACKS,
            ace: true,
            power: PowerDrawKva::Kva15,
            uplink: (
                UplinkGbps::Uplink100G,
                UplinkCount::Count2,
                OpticalStandard::Optic100GbaseLr4,
            ),
            weight: MaximumSupportedWeightLbs::NoLimit,
        },
        OutpostPlan {
            key: "three-rack",
            city: fra_city,
            state: fra_state,
            country: fra_country,
            region: fra_region,
            zone_short: fra_short,
            generation: OutpostGeneration::Generation1,
            racks: THREE_RACKS,
            ace: false,
            power: PowerDrawKva::Kva10,
            uplink: (
                UplinkGbps::Uplink10G,
                UplinkCount::Count2,
                OpticalStandard::Optic10GbaseLr,
            ),
            weight: MaximumSupportedWeightLbs::Max2000,
        },
        OutpostPlan {
            key: "gen2",
            city: osa_city,
            state: osa_state,
            country: osa_country,
            region: osa_region,
            zone_short: osa_short,
            generation: OutpostGeneration::Generation2,
            racks: GEN2_RACKS,
            ace: false,
            power: PowerDrawKva::Kva15,
            uplink: (
                UplinkGbps::Uplink100G,
                UplinkCount::Count1,
                OpticalStandard::Optic100GbaseCwdm4,
            ),
            weight: MaximumSupportedWeightLbs::NoLimit,
        },
    ];
    plans
        .iter()
        .map(|plan| add_outpost(builder, unit, plan))
        .collect()
}

fn add_outpost(builder: &mut Builder, unit: u32, plan: &OutpostPlan) -> OutpostInfo {
    let name = |what: &str| format!("unit {unit} / {} / {what}", plan.key);
    let unit_suffix = if unit == 0 {
        String::new()
    } else {
        format!(" #{}", unit + 1)
    };
    let city_slug: String = plan
        .city
        .split_whitespace()
        .next()
        .unwrap_or(plan.city)
        .to_lowercase()
        .chars()
        .take(3)
        .collect();
    let region = plan.region.to_owned();

    let site_id = add_site(builder, plan, &unit_suffix, &name);
    let (outpost_id, outpost_arn, anchor_zone, anchor_zone_id) =
        add_outpost_record(builder, unit, plan, &city_slug, site_id, &name);
    let rack_ids: Vec<String> = (0..plan.racks.len())
        .map(|r| upper_id("FN", &name(&format!("rack {r}"))))
        .collect();
    for (rack_index, catalog_item_id) in plan.racks.iter().enumerate() {
        add_rack_assets(
            builder,
            &name(&format!("rack {rack_index}")),
            &region,
            &outpost_id,
            &rack_ids[rack_index],
            catalog_item_id,
        );
    }

    let (lgw_id, group_id, vif_ids, lag_ids) =
        add_local_gateway(builder, plan, &city_slug, &outpost_arn, &name);
    let coip_pool = add_route_table(
        builder,
        unit,
        plan,
        &city_slug,
        (&outpost_arn, &lgw_id, group_id),
        &name,
    );

    if plan.generation == OutpostGeneration::Generation2 {
        add_second_generation_links(
            builder,
            &name("service link"),
            &region,
            &outpost_id,
            &outpost_arn,
            &lag_ids,
            &vif_ids,
        );
    }
    add_overlay(builder, plan, &outpost_id, &rack_ids, &vif_ids, &city_slug);
    OutpostInfo {
        outpost_arn,
        region: plan.region,
        anchor_zone,
        anchor_zone_id,
        city: plan.city,
        coip_pool,
    }
}

/// The Outpost's site with its address and rack physical properties; returns the site id.
fn add_site(
    builder: &mut Builder,
    plan: &OutpostPlan,
    unit_suffix: &str,
    name: &dyn Fn(&str) -> String,
) -> String {
    let account = DEMO_ACCOUNT_ID.to_owned();
    let region = plan.region.to_owned();
    let site_id = aws_id("os", &name("site"));
    let site_purpose = match plan.key {
        "ace" => "Distribution Center",
        "three-rack" => "Imaging Centre",
        _ => "Assembly Plant",
    };
    builder.estate.sites.push(Site {
        account_id: account.clone(),
        region: region.clone(),
        site_arn: Some(format!(
            "arn:aws:outposts:{region}:{account}:site/{site_id}"
        )),
        site_id: site_id.clone(),
        name: format!("{} {site_purpose}{unit_suffix}", plan.city),
        description: Some(format!(
            "Northwind Freight {} {}",
            plan.city,
            site_purpose.to_lowercase()
        )),
        notes: Some(
            "Loading dock B; deliveries 07:00-15:00. Raised floor, hot aisle containment."
                .to_owned(),
        ),
        operating_address_city: Some(plan.city.to_owned()),
        operating_address_state_or_region: Some(plan.state.to_owned()),
        operating_address_country_code: Some(plan.country.to_owned()),
        rack_physical_properties: Some(RackPhysicalProperties {
            power_draw_kva: Some(plan.power.clone()),
            power_phase: Some(if plan.power == PowerDrawKva::Kva10 {
                PowerPhase::SinglePhase
            } else {
                PowerPhase::ThreePhase
            }),
            power_connector: Some(if plan.power == PowerDrawKva::Kva10 {
                PowerConnector::L630p
            } else {
                PowerConnector::Iec309
            }),
            power_feed_drop: Some(PowerFeedDrop::AboveRack),
            uplink_gbps: Some(plan.uplink.0.clone()),
            uplink_count: Some(plan.uplink.1.clone()),
            fiber_optic_cable_type: Some(FiberOpticCableType::SingleMode),
            optical_standard: Some(plan.uplink.2.clone()),
            maximum_supported_weight_lbs: Some(plan.weight.clone()),
        }),
        tags: tags(&[("cost-center", "logistics-edge"), ("city", plan.city)]),
    });
    site_id
}

/// The Outpost itself; returns its id, ARN, anchor zone and anchor zone id.
fn add_outpost_record(
    builder: &mut Builder,
    unit: u32,
    plan: &OutpostPlan,
    city_slug: &str,
    site_id: String,
    name: &dyn Fn(&str) -> String,
) -> (String, String, String, String) {
    let account = DEMO_ACCOUNT_ID.to_owned();
    let region = plan.region.to_owned();
    let outpost_id = aws_id("op", &name("outpost"));
    let outpost_arn = format!("arn:aws:outposts:{region}:{account}:outpost/{outpost_id}");
    let anchor_zone = format!("{region}a");
    let anchor_zone_id = format!("{}-az1", plan.zone_short);
    builder.estate.outposts.push(Outpost {
        account_id: account.clone(),
        region: region.clone(),
        outpost_id: outpost_id.clone(),
        outpost_arn: outpost_arn.clone(),
        site_id,
        name: format!(
            "{city_slug}-prod-outpost{}",
            if unit == 0 {
                String::new()
            } else {
                format!("-{}", unit + 1)
            }
        ),
        description: Some(format!(
            "{} compute racks{}",
            plan.racks.len(),
            if plan.ace { " behind an ACE rack" } else { "" }
        )),
        life_cycle_status: "ACTIVE".to_owned(),
        availability_zone: anchor_zone.clone(),
        availability_zone_id: anchor_zone_id.clone(),
        supported_hardware_type: HardwareType::Rack,
        generation: Some(plan.generation.clone()),
        rack_scaling_type: Some(if plan.racks.len() > 1 {
            RackScalingType::MultiRack
        } else {
            RackScalingType::SingleRack
        }),
        tags: tags(&[
            ("Name", &format!("{} outpost", plan.city)),
            ("environment", "production"),
        ]),
    });
    (outpost_id, outpost_arn, anchor_zone, anchor_zone_id)
}

/// The local gateway, one VIF per customer-facing AWS device and their VIF group; returns the
/// gateway, group and VIF ids, and the LAG ids a second-generation Outpost's VIFs ride on.
fn add_local_gateway(
    builder: &mut Builder,
    plan: &OutpostPlan,
    city_slug: &str,
    outpost_arn: &str,
    name: &dyn Fn(&str) -> String,
) -> (String, String, Vec<String>, Vec<String>) {
    let account = DEMO_ACCOUNT_ID.to_owned();
    let region = plan.region.to_owned();
    // The local gateway and its VIFs: one VIF per customer-facing AWS device.
    let lgw_id = aws_id("lgw", &name("lgw"));
    builder.estate.local_gateways.push(LocalGateway {
        account_id: account.clone(),
        region: region.clone(),
        local_gateway_id: lgw_id.clone(),
        outpost_arn: outpost_arn.to_owned(),
        state: "available".to_owned(),
        tags: tags(&[("Name", &format!("{city_slug}-lgw"))]),
    });
    let group_id = aws_id("lgw-vif-grp", &name("vif group"));
    let (vif_count, vlan_base, p2p_base, prefix, local_asn, peer_asn): (
        u32,
        u16,
        Ipv4Addr,
        u32,
        u32,
        u32,
    ) = match plan.key {
        "ace" => (
            4,
            301,
            Ipv4Addr::new(10, 255, 10, 0),
            30,
            65010,
            4_200_000_100,
        ),
        "three-rack" => (
            plan.racks.len() as u32 * 2,
            401,
            Ipv4Addr::new(10, 255, 20, 0),
            31,
            65020,
            65001,
        ),
        _ => (2, 501, Ipv4Addr::new(10, 255, 30, 0), 31, 65030, 65002),
    };
    let lag_ids: Vec<String> = if plan.generation == OutpostGeneration::Generation2 {
        (0..2)
            .map(|l| aws_id("op-lag", &name(&format!("lag {l}"))))
            .collect()
    } else {
        Vec::new()
    };
    let mut vif_ids = Vec::new();
    for v in 0..vif_count {
        let vif_id = aws_id("lgw-vif", &name(&format!("vif {v}")));
        let (local, peer) = point_to_point(p2p_base, prefix, v);
        builder.estate.vifs.push(LocalGatewayVirtualInterface {
            account_id: account.clone(),
            region: region.clone(),
            local_gateway_virtual_interface_arn: Some(format!(
                "arn:aws:ec2:{region}:{account}:local-gateway-virtual-interface/{vif_id}"
            )),
            local_gateway_virtual_interface_id: vif_id.clone(),
            local_gateway_id: lgw_id.clone(),
            local_gateway_virtual_interface_group_id: Some(group_id.clone()),
            outpost_lag_id: lag_ids.get(v as usize).cloned(),
            vlan: vlan_base + v as u16,
            local_address: format!("{local}/{prefix}"),
            peer_address: format!("{peer}/{prefix}"),
            local_bgp_asn: local_asn,
            peer_bgp_asn: peer_asn,
            peer_bgp_asn_extended: (peer_asn > 65535).then_some(peer_asn),
            tags: tags(&[("Name", &format!("{city_slug}-lgw-vif-{}", v + 1))]),
        });
        vif_ids.push(vif_id);
    }
    builder
        .estate
        .vif_groups
        .push(LocalGatewayVirtualInterfaceGroup {
            account_id: account.clone(),
            region: region.clone(),
            local_gateway_virtual_interface_group_id: group_id.clone(),
            local_gateway_id: lgw_id.clone(),
            local_gateway_virtual_interface_ids: vif_ids.clone(),
            local_bgp_asn: Some(local_asn),
            configuration_state: Some(ConfigurationState::Available),
            tags: tags(&[("Name", &format!("{city_slug}-vif-group"))]),
        });
    (lgw_id, group_id, vif_ids, lag_ids)
}

/// The LGW route table (CoIP behind the ACE rack, direct VPC routing elsewhere) with its VPC
/// and VIF group associations, and the CoIP pool; returns the pool's id and base address.
fn add_route_table(
    builder: &mut Builder,
    unit: u32,
    plan: &OutpostPlan,
    city_slug: &str,
    (outpost_arn, lgw_id, group_id): (&str, &str, String),
    name: &dyn Fn(&str) -> String,
) -> Option<(String, Ipv4Addr)> {
    let account = DEMO_ACCOUNT_ID.to_owned();
    let region = plan.region.to_owned();
    let route_table_id = aws_id("lgw-rtb", &name("route table"));
    let coip = plan.ace;
    builder.estate.route_tables.push(LocalGatewayRouteTable {
        account_id: account.clone(),
        region: region.clone(),
        local_gateway_route_table_id: route_table_id.clone(),
        local_gateway_id: lgw_id.to_owned(),
        outpost_arn: outpost_arn.to_owned(),
        mode: if coip {
            LocalGatewayRouteTableMode::Coip
        } else {
            LocalGatewayRouteTableMode::DirectVpcRouting
        },
        state: "available".to_owned(),
        vpc_associations: vec![RouteTableVpcAssociation {
            local_gateway_route_table_vpc_association_id: aws_id(
                "lgw-vpc-assoc",
                &name("vpc association"),
            ),
            vpc_id: workloads::vpc_id(unit, plan.region),
            state: "associated".to_owned(),
        }],
        virtual_interface_group_associations: vec![RouteTableVifGroupAssociation {
            local_gateway_route_table_virtual_interface_group_association_id: aws_id(
                "lgw-vif-grp-assoc",
                &name("vif group association"),
            ),
            local_gateway_virtual_interface_group_id: group_id,
            state: "associated".to_owned(),
        }],
        tags: tags(&[("Name", &format!("{city_slug}-lgw-rtb"))]),
    });
    let coip_pool = coip.then(|| {
        let pool_id = aws_id("ipv4pool-coip", &name("coip pool"));
        let pool_base = Ipv4Addr::new(198, 51, 100, 0);
        builder.estate.coip_pools.push(CoipPool {
            account_id: account.clone(),
            region: region.clone(),
            pool_arn: Some(format!(
                "arn:aws:ec2:{region}:{account}:coip-pool/{pool_id}"
            )),
            pool_id: pool_id.clone(),
            pool_cidrs: vec![format!("{pool_base}/26")],
            local_gateway_route_table_id: route_table_id.clone(),
            tags: tags(&[("Name", &format!("{city_slug}-coip"))]),
        });
        (pool_id, pool_base)
    });
    coip_pool
}

/// The Outpost side and the customer side of the `index`-th point-to-point link.
fn point_to_point(base: Ipv4Addr, prefix: u32, index: u32) -> (Ipv4Addr, Ipv4Addr) {
    if prefix == 31 {
        (address(base, 2 * index), address(base, 2 * index + 1))
    } else {
        (address(base, 4 * index + 1), address(base, 4 * index + 2))
    }
}

fn add_rack_assets(
    builder: &mut Builder,
    rack_name: &str,
    region: &str,
    outpost_id: &str,
    rack_id: &str,
    catalog_item_id: &str,
) {
    let Some(configuration) = builder.hardware.rack_configuration(catalog_item_id) else {
        return;
    };
    let mut elevation = 1.0;
    let mut host_number = 0;
    let push = |builder: &mut Builder,
                asset_type: AssetType,
                compute: Option<ComputeAttributes>,
                elevation: f64,
                what: &str| {
        builder.estate.assets.push(Asset {
            account_id: DEMO_ACCOUNT_ID.to_owned(),
            region: region.to_owned(),
            outpost_id: outpost_id.to_owned(),
            asset_id: upper_id("AS", &format!("{rack_name} / {what}")),
            rack_id: rack_id.to_owned(),
            asset_type,
            compute_attributes: compute,
            rack_elevation: Some(elevation),
        });
    };
    for capacity in &configuration.ec2_capacities {
        let Some(host) = builder.hardware.host_type(&capacity.family) else {
            continue;
        };
        for _ in 0..capacity.quantity {
            host_number += 1;
            let what = format!("host {host_number}");
            let isolated = builder.churn(0.03);
            let large = host.vcpus / 2 / 16;
            let medium = host.vcpus / 2 / 8;
            let compute = ComputeAttributes {
                host_id: Some(super::ids::aws_id("h", &format!("{rack_name} / {what}"))),
                state: Some(if isolated {
                    ComputeAssetState::Isolated
                } else {
                    ComputeAssetState::Active
                }),
                instance_families: vec![host.family.clone()],
                instance_type_capacities: vec![
                    InstanceTypeCapacity {
                        instance_type: format!("{}.4xlarge", host.family),
                        count: large,
                    },
                    InstanceTypeCapacity {
                        instance_type: format!("{}.2xlarge", host.family),
                        count: medium,
                    },
                ],
                max_vcpus: Some(host.vcpus),
            };
            push(builder, AssetType::Compute, Some(compute), elevation, &what);
            elevation += 2.0;
            if (21.0..23.0).contains(&elevation) {
                elevation = 23.0;
            }
        }
    }
    push(builder, AssetType::PowerShelf, None, 21.0, "power shelf");
    push(
        builder,
        AssetType::Networking,
        None,
        41.0,
        "network device 1",
    );
    push(
        builder,
        AssetType::Networking,
        None,
        42.0,
        "network device 2",
    );
}

fn add_second_generation_links(
    builder: &mut Builder,
    name: &str,
    region: &str,
    outpost_id: &str,
    outpost_arn: &str,
    lag_ids: &[String],
    lgw_vif_ids: &[String],
) {
    let account = DEMO_ACCOUNT_ID.to_owned();
    for (index, lag_id) in lag_ids.iter().enumerate() {
        let service_link_id = aws_id("sl-vif", &format!("{name} {index}"));
        let (local, peer) = point_to_point(Ipv4Addr::new(10, 255, 31, 0), 31, index as u32);
        builder
            .estate
            .service_link_vifs
            .push(ServiceLinkVirtualInterface {
                account_id: account.clone(),
                region: region.to_owned(),
                service_link_virtual_interface_id: service_link_id.clone(),
                outpost_id: outpost_id.to_owned(),
                outpost_arn: outpost_arn.to_owned(),
                outpost_lag_id: Some(lag_id.clone()),
                vlan: 601 + index as u16,
                local_address: format!("{local}/31"),
                peer_address: format!("{peer}/31"),
                peer_bgp_asn: 65002,
                configuration_state: Some(ConfigurationState::Available),
                tags: tags(&[("Name", &format!("service-link-{}", index + 1))]),
            });
        builder.estate.outpost_lags.push(OutpostLag {
            account_id: account.clone(),
            region: region.to_owned(),
            outpost_lag_id: lag_id.clone(),
            outpost_arn: outpost_arn.to_owned(),
            state: "available".to_owned(),
            local_gateway_virtual_interface_ids: lgw_vif_ids
                .get(index)
                .cloned()
                .into_iter()
                .collect(),
            service_link_virtual_interface_ids: vec![service_link_id],
            tags: tags(&[("Name", &format!("lag-{}", index + 1))]),
        });
    }
}

/// The user-asserted part: the ACE rack, the customer devices and the port channels.
fn add_overlay(
    builder: &mut Builder,
    plan: &OutpostPlan,
    outpost_id: &str,
    rack_ids: &[String],
    vif_ids: &[String],
    slug: &str,
) {
    if plan.generation == OutpostGeneration::Generation2 {
        return;
    }
    let (model, ports_per_channel, speed) = if plan.ace {
        ("Arista 7280R3", 2, 100)
    } else {
        ("Cisco Nexus 93180YC-FX", 2, 10)
    };
    let cnd_count = if plan.ace { 4 } else { 2 };
    let customer_devices = (1..=cnd_count)
        .map(|n| CustomerDevice {
            name: format!("{slug}-cnd-{n}"),
            model: Some(model.to_owned()),
            management_address: Some(format!("10.0.{}.{n}", if plan.ace { 10 } else { 20 })),
        })
        .collect();
    let mut port_channels = Vec::new();
    if plan.ace {
        for router in 1..=4u8 {
            port_channels.push(PortChannel {
                aws_device: AwsDevice::AceRouter { index: router },
                customer_device: format!("{slug}-cnd-{router}"),
                port_channel_number: 10 + u32::from(router),
                customer_ports: (0..ports_per_channel)
                    .map(|p| format!("Ethernet{}/1", 49 + p))
                    .collect(),
                port_speed_gbps: Some(speed),
                local_gateway_virtual_interface_ids: vif_ids
                    .get(usize::from(router) - 1)
                    .cloned()
                    .into_iter()
                    .collect(),
                service_link_vlan: Some(200 + u16::from(router)),
            });
        }
    } else {
        for (rack_index, rack_id) in rack_ids.iter().enumerate() {
            for ond in 1..=2u8 {
                let vif_index = rack_index * 2 + usize::from(ond) - 1;
                let first_port = 1 + 2 * rack_index as u32;
                port_channels.push(PortChannel {
                    aws_device: AwsDevice::Ond {
                        rack_id: rack_id.clone(),
                        index: ond,
                    },
                    customer_device: format!("{slug}-cnd-{ond}"),
                    port_channel_number: 101 + rack_index as u32,
                    customer_ports: (0..ports_per_channel)
                        .map(|p| format!("Ethernet1/{}", first_port + p))
                        .collect(),
                    port_speed_gbps: Some(speed),
                    local_gateway_virtual_interface_ids: vif_ids
                        .get(vif_index)
                        .cloned()
                        .into_iter()
                        .collect(),
                    service_link_vlan: Some(501 + vif_index as u16),
                });
            }
        }
    }
    builder.overlay.outposts.push(OutpostOverlay {
        outpost_id: outpost_id.to_owned(),
        ace_rack: plan.ace.then(|| AceRack {
            rack_label: Some(format!("{}-ACE-01", slug.to_uppercase())),
            router_names: (1..=4).map(|r| format!("{slug}-ace-r{r}")).collect(),
        }),
        customer_devices,
        port_channels,
        notes: Some(if plan.ace {
            "ACE rack installed with the first order; four CNDs, two 100G uplinks per ACE router."
                .to_owned()
        } else {
            "No ACE: each OND uplinks to one of two CNDs over a two-port 10G LACP bundle."
                .to_owned()
        }),
    });
}
