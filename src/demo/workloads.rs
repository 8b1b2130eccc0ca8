//! The demo's VPCs and what runs in them: subnets in Availability Zones, Local Zones, the
//! Wavelength Zone (behind a carrier gateway) and on each Outpost, and the instances.

use std::net::Ipv4Addr;

use super::ids::{address, aws_id};
use super::locations::REGIONS_IN_USE;
use super::outposts::OutpostInfo;
use super::{Builder, DEMO_ACCOUNT_ID, tags};
use crate::model::*;

/// The id of a business unit's VPC in a Region (the Outposts' route tables refer to it).
pub(super) fn vpc_id(unit: u32, region: &str) -> String {
    aws_id("vpc", &format!("unit {unit} / vpc / {region}"))
}

/// The second octet of a Region's VPC CIDR: `10.<octet>.0.0/16`.
fn vpc_octet(region: &str) -> u8 {
    REGIONS_IN_USE
        .iter()
        .position(|(r, _)| *r == region)
        .map_or(90, |i| 10 + 10 * i as u8)
}

/// A subnet to create, and the instances to run in it.
struct SubnetPlan<'a> {
    region: &'a str,
    zone: String,
    zone_id: Option<String>,
    third_octet: u8,
    outpost: Option<&'a OutpostInfo>,
    purpose: &'a str,
    instances: &'a [(&'a str, &'a str)],
    address: Addressing,
}

#[derive(Clone, Copy, PartialEq)]
enum Addressing {
    Private,
    Public,
    Carrier,
    CustomerOwned,
}

pub(super) fn add_workloads(builder: &mut Builder, unit: u32, outposts: &[OutpostInfo]) {
    for (region, letters) in REGIONS_IN_USE {
        let octet = vpc_octet(region);
        builder.estate.vpcs.push(Vpc {
            account_id: DEMO_ACCOUNT_ID.to_owned(),
            region: (*region).to_owned(),
            vpc_id: vpc_id(unit, region),
            cidr_block: format!("10.{octet}.0.0/16"),
            state: "available".to_owned(),
            is_default: false,
            tags: tags(&[
                ("Name", &format!("northwind-{region}")),
                ("unit", &unit.to_string()),
            ]),
        });
        for (index, letter) in letters.iter().take(2).enumerate() {
            let instances: &[(&str, &str)] = if index == 0 {
                &[("bastion", "t3.small"), ("control-plane", "m6g.large")]
            } else {
                &[("control-plane-standby", "m6g.large")]
            };
            add_subnet(
                builder,
                unit,
                &SubnetPlan {
                    region,
                    zone: format!("{region}{letter}"),
                    zone_id: None,
                    third_octet: index as u8,
                    outpost: None,
                    purpose: "private",
                    instances,
                    address: if index == 0 {
                        Addressing::Public
                    } else {
                        Addressing::Private
                    },
                },
            );
        }
    }
    add_subnet(
        builder,
        unit,
        &SubnetPlan {
            region: "us-west-2",
            zone: "us-west-2-lax-1a".to_owned(),
            zone_id: Some("usw2-lax1-az1".to_owned()),
            third_octet: 64,
            outpost: None,
            purpose: "render",
            instances: &[
                ("render", "g4dn.2xlarge"),
                ("render", "g4dn.2xlarge"),
                ("render", "g4dn.2xlarge"),
                ("render", "g4dn.2xlarge"),
                ("ingest", "c5.2xlarge"),
                ("ingest", "c5.2xlarge"),
            ],
            address: Addressing::Public,
        },
    );
    add_subnet(
        builder,
        unit,
        &SubnetPlan {
            region: "us-east-1",
            zone: "us-east-1-mia-1a".to_owned(),
            zone_id: Some("use1-mia1-az1".to_owned()),
            third_octet: 65,
            outpost: None,
            purpose: "tracking",
            instances: &[
                ("tracking-api", "c5.2xlarge"),
                ("tracking-api", "c5.2xlarge"),
                ("tracking-db", "r5.2xlarge"),
                ("tracking-cache", "r5.xlarge"),
            ],
            address: Addressing::Public,
        },
    );
    let carrier_gateway_id = aws_id("cagw", &format!("unit {unit} / carrier gateway"));
    builder.estate.carrier_gateways.push(CarrierGateway {
        account_id: DEMO_ACCOUNT_ID.to_owned(),
        region: "us-east-1".to_owned(),
        carrier_gateway_id,
        vpc_id: vpc_id(unit, "us-east-1"),
        state: CarrierGatewayState::Available,
        tags: tags(&[("Name", "northwind-boston-5g")]),
    });
    add_subnet(
        builder,
        unit,
        &SubnetPlan {
            region: "us-east-1",
            zone: "us-east-1-wl1-bos-wlz-1".to_owned(),
            zone_id: Some("use1-wl1-bos-wlz1".to_owned()),
            third_octet: 80,
            outpost: None,
            purpose: "fleet-5g",
            instances: &[
                ("fleet-telemetry", "t3.xlarge"),
                ("fleet-telemetry", "t3.xlarge"),
                ("fleet-telemetry", "t3.xlarge"),
                ("fleet-router", "r5.2xlarge"),
                ("fleet-router", "r5.2xlarge"),
                ("video-relay", "g4dn.2xlarge"),
            ],
            address: Addressing::Carrier,
        },
    );

    const ACE_APPS: &[(&str, &str)] = &[
        ("wms-app", "m5.2xlarge"),
        ("wms-app", "m5.2xlarge"),
        ("wms-app", "m5.2xlarge"),
        ("wms-app", "m5.2xlarge"),
        ("wms-db", "r5.4xlarge"),
        ("wms-db", "r5.4xlarge"),
        ("scanner-ingest", "c5.4xlarge"),
        ("scanner-ingest", "c5.4xlarge"),
        ("scanner-ingest", "c5.4xlarge"),
        ("scanner-ingest", "c5.4xlarge"),
        ("vision", "g4dn.4xlarge"),
        ("vision", "g4dn.4xlarge"),
    ];
    const IMAGING_APPS: &[(&str, &str)] = &[
        ("pacs", "m5.4xlarge"),
        ("pacs", "m5.4xlarge"),
        ("pacs-archive", "m5.2xlarge"),
        ("modality-gw", "m5.2xlarge"),
        ("modality-gw", "m5.2xlarge"),
    ];
    const PLANT_APPS: &[(&str, &str)] = &[
        ("robot-control", "m7i.4xlarge"),
        ("robot-control", "m7i.4xlarge"),
        ("historian", "m7i.4xlarge"),
        ("mes", "m7i.4xlarge"),
    ];
    for (index, outpost) in outposts.iter().enumerate() {
        let (apps, addressing): (&[(&str, &str)], Addressing) = match index {
            0 => (ACE_APPS, Addressing::CustomerOwned),
            1 => (IMAGING_APPS, Addressing::Private),
            _ => (PLANT_APPS, Addressing::Private),
        };
        for half in 0..2u8 {
            add_subnet(
                builder,
                unit,
                &SubnetPlan {
                    region: outpost.region,
                    zone: outpost.anchor_zone.clone(),
                    zone_id: Some(outpost.anchor_zone_id.clone()),
                    third_octet: 100 + half,
                    outpost: Some(outpost),
                    purpose: if half == 0 {
                        "outpost-app"
                    } else {
                        "outpost-data"
                    },
                    instances: apps,
                    address: addressing,
                },
            );
        }
    }
    // Burst capacity that only exists in some syncs: absent from the canonical demo.
    if builder.churn.is_some() {
        for slot in 0..4 {
            if builder.churn(0.5) {
                let name = format!("unit {unit} / burst {slot}");
                push_instance(
                    builder,
                    &name,
                    "batch",
                    "c5.xlarge",
                    "us-east-1",
                    "us-east-1a",
                    None,
                    None,
                    Ipv4Addr::new(10, 10, 0, 200 + slot),
                    Addressing::Private,
                    None,
                );
            }
        }
    }
}

fn add_subnet(builder: &mut Builder, unit: u32, plan: &SubnetPlan<'_>) {
    let octet = vpc_octet(plan.region);
    let base = Ipv4Addr::new(10, octet, plan.third_octet, 0);
    let subnet_name = format!(
        "unit {unit} / subnet / {} / {}",
        plan.zone, plan.third_octet
    );
    let subnet_id = aws_id("subnet", &subnet_name);
    let coip_pool = plan.outpost.and_then(|o| o.coip_pool.clone());
    let used = plan.instances.len() as u32 + 5;
    let free = 251u32.saturating_sub(used) - if builder.churn(0.3) { 1 } else { 0 };
    builder.estate.subnets.push(Subnet {
        account_id: DEMO_ACCOUNT_ID.to_owned(),
        region: plan.region.to_owned(),
        subnet_id: subnet_id.clone(),
        vpc_id: vpc_id(unit, plan.region),
        cidr_block: format!("{base}/24"),
        availability_zone: plan.zone.clone(),
        availability_zone_id: plan.zone_id.clone(),
        outpost_arn: plan.outpost.map(|o| o.outpost_arn.clone()),
        customer_owned_ipv4_pool: coip_pool.as_ref().map(|(id, _)| id.clone()),
        map_customer_owned_ip_on_launch: coip_pool.is_some(),
        available_ip_address_count: Some(free),
        state: "available".to_owned(),
        tags: tags(&[("Name", &format!("{}-{}", plan.purpose, plan.zone))]),
        owner_id: Some(DEMO_ACCOUNT_ID.to_owned()),
        shared_with: Vec::new(),
    });
    for (number, (app, instance_type)) in plan.instances.iter().enumerate() {
        let name = format!("{subnet_name} / {app} {number}");
        let private = address(base, 10 + number as u32);
        let coip = coip_pool.as_ref().map(|(_, pool_base)| {
            address(
                *pool_base,
                10 + u32::from(plan.third_octet - 100) * 20 + number as u32,
            )
        });
        push_instance(
            builder,
            &name,
            app,
            instance_type,
            plan.region,
            &plan.zone,
            plan.outpost,
            Some(&subnet_id),
            private,
            plan.address,
            coip,
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn push_instance(
    builder: &mut Builder,
    name: &str,
    app: &str,
    instance_type: &str,
    region: &str,
    zone: &str,
    outpost: Option<&OutpostInfo>,
    subnet_id: Option<&str>,
    private: Ipv4Addr,
    addressing: Addressing,
    coip: Option<Ipv4Addr>,
) {
    if builder.churn(0.06) {
        return; // terminated since the last sync
    }
    let stopped = builder.churn(0.12);
    let redeployed = builder.churn(0.2);
    let unit = name
        .split(" / ")
        .next()
        .unwrap_or_default()
        .trim_start_matches("unit ");
    let arm = instance_type.starts_with("m6g") || instance_type.starts_with("c7g");
    let instance_id = aws_id("i", name);
    let octets = private.octets();
    let mut instance_tags = tags(&[
        (
            "Name",
            &format!("{app}-{}", &instance_id[instance_id.len() - 4..]),
        ),
        ("app", app),
    ]);
    if let Some(outpost) = outpost {
        instance_tags.insert("site".to_owned(), outpost.city.to_owned());
    }
    instance_tags.insert(
        "deploy".to_owned(),
        if redeployed {
            "build-1043".to_owned()
        } else {
            "build-1042".to_owned()
        },
    );
    builder.estate.instances.push(Instance {
        account_id: DEMO_ACCOUNT_ID.to_owned(),
        region: region.to_owned(),
        instance_id,
        instance_type: instance_type.to_owned(),
        availability_zone: zone.to_owned(),
        outpost_arn: outpost.map(|o| o.outpost_arn.clone()),
        subnet_id: subnet_id.map(str::to_owned),
        vpc_id: Some(vpc_id(unit.parse().unwrap_or(0), region)),
        image_id: Some(aws_id(
            "ami",
            &format!(
                "{region} / {}",
                if arm { "al2023-arm64" } else { "al2023-x86_64" }
            ),
        )),
        platform_details: Some("Linux/UNIX".to_owned()),
        image_name: Some(format!(
            "al2023-ami-2023.6.20241111.0-kernel-6.1-{}",
            if arm { "arm64" } else { "x86_64" }
        )),
        image_owner_alias: Some("amazon".to_owned()),
        architecture: Some(if arm {
            Architecture::Arm64
        } else {
            Architecture::X86_64
        }),
        private_ip_address: Some(private.to_string()),
        public_ip_address: (addressing == Addressing::Public && !stopped).then(|| {
            format!(
                "203.0.113.{}",
                (octets[2] as u32 * 7 + octets[3] as u32) % 250 + 1
            )
        }),
        carrier_ip: (addressing == Addressing::Carrier)
            .then(|| format!("155.146.{}.{}", octets[2], octets[3])),
        customer_owned_ip: coip.map(|ip| ip.to_string()),
        state: if stopped {
            InstanceStateName::Stopped
        } else {
            InstanceStateName::Running
        },
        launch_time: Some("2026-10-05T08:00:00Z".to_owned()),
        tags: instance_tags,
    });
}
