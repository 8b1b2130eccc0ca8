//! The demo's Outposts: catalog items, sites, Outposts and their rack assets. Each Outpost's
//! network (local gateway, VIFs, route table, CoIP pool, second-generation links, the site
//! overlay) is added by [`super::outpost_network`].

use std::net::Ipv4Addr;

use super::ids::{aws_id, upper_id};
use super::outpost_network::{
    add_local_gateway, add_overlay, add_route_table, add_second_generation_links,
};
use super::{Builder, DEMO_ACCOUNT_ID, tags};
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
pub(super) struct OutpostPlan {
    pub(super) key: &'static str,
    pub(super) city: &'static str,
    pub(super) state: &'static str,
    pub(super) country: &'static str,
    pub(super) region: &'static str,
    pub(super) zone_short: &'static str,
    pub(super) generation: OutpostGeneration,
    pub(super) racks: &'static [&'static str],
    pub(super) ace: bool,
    pub(super) power: PowerDrawKva,
    pub(super) uplink: (UplinkGbps, UplinkCount, OpticalStandard),
    pub(super) weight: MaximumSupportedWeightLbs,
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
        owner_id: Some(account.clone()),
        shared_with: Vec::new(),
    });
    (outpost_id, outpost_arn, anchor_zone, anchor_zone_id)
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
