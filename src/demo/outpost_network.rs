//! The network of each demo Outpost: the local gateway with one VIF per customer-facing AWS
//! device (VLANs, point-to-point addresses, BGP ASNs) and their group, the LGW route table with
//! its associations and the CoIP pool, a second-generation Outpost's LAGs and service link VIFs,
//! and the site overlay (ACE rack, customer devices, port channels) the APIs do not show.

use std::net::Ipv4Addr;

use super::ids::{address, aws_id};
use super::outposts::OutpostPlan;
use super::{Builder, DEMO_ACCOUNT_ID, tags, workloads};
use crate::model::overlay::AceRack;
use crate::model::*;

/// The local gateway, one VIF per customer-facing AWS device and their VIF group; returns the
/// gateway, group and VIF ids, and the LAG ids a second-generation Outpost's VIFs ride on.
pub(super) fn add_local_gateway(
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
pub(super) fn add_route_table(
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
    coip.then(|| {
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
    })
}

/// The Outpost side and the customer side of the `index`-th point-to-point link.
fn point_to_point(base: Ipv4Addr, prefix: u32, index: u32) -> (Ipv4Addr, Ipv4Addr) {
    if prefix == 31 {
        (address(base, 2 * index), address(base, 2 * index + 1))
    } else {
        (address(base, 4 * index + 1), address(base, 4 * index + 2))
    }
}

pub(super) fn add_second_generation_links(
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
pub(super) fn add_overlay(
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
