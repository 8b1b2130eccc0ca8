//! The demo estate is coherent, plausible to a network engineer, and the generator scales
//! deterministically.

use std::collections::BTreeSet;

use edge_atlas::demo::{self, GeneratedEstate};
use edge_atlas::diff::diff;
use edge_atlas::model::{
    CustomerDevice, EntityKind, Estate, LocalGatewayRouteTableMode, OutpostGeneration, ZoneType,
};
use edge_atlas::validate::check_estate;

fn racks_of(estate: &Estate, outpost_id: &str) -> BTreeSet<String> {
    estate
        .assets
        .iter()
        .filter(|a| a.outpost_id == outpost_id)
        .map(|a| a.rack_id.clone())
        .collect()
}

fn demo() -> GeneratedEstate {
    demo::demo().expect("demo")
}

#[test]
fn the_demo_and_its_overlay_are_coherent() {
    let generated = demo();
    assert_eq!(check_estate(&generated.estate, &[]), vec![]);
    for entry in &generated.overlay.outposts {
        assert_eq!(
            entry.problems(&generated.estate),
            Vec::<String>::new(),
            "overlay of {}",
            entry.outpost_id
        );
    }
}

#[test]
fn the_demo_has_a_fifteen_rack_outpost_behind_an_ace_rack_with_four_cnds() {
    let generated = demo();
    let estate = &generated.estate;
    let ace = generated
        .overlay
        .outposts
        .iter()
        .find(|o| o.ace_rack.is_some())
        .expect("an ACE Outpost");
    assert_eq!(racks_of(estate, &ace.outpost_id).len(), 15);
    assert_eq!(ace.customer_devices.len(), 4);
    assert_eq!(ace.ace_rack.as_ref().expect("ace").router_names.len(), 4);
    assert_eq!(
        ace.port_channels.len(),
        4,
        "one port channel per ACE router"
    );
    let outpost = estate
        .outposts
        .iter()
        .find(|o| o.outpost_id == ace.outpost_id)
        .expect("observed");
    let lgw = estate
        .local_gateways
        .iter()
        .find(|g| g.outpost_arn == outpost.outpost_arn)
        .expect("LGW");
    let vifs: Vec<_> = estate
        .vifs
        .iter()
        .filter(|v| v.local_gateway_id == lgw.local_gateway_id)
        .collect();
    assert_eq!(vifs.len(), 4, "one LGW VIF per ACE router");
    let table = estate
        .route_tables
        .iter()
        .find(|t| t.outpost_arn == outpost.outpost_arn)
        .expect("route table");
    assert_eq!(table.mode, LocalGatewayRouteTableMode::Coip);
    assert!(
        estate
            .coip_pools
            .iter()
            .any(|p| p.local_gateway_route_table_id == table.local_gateway_route_table_id)
    );
    assert!(estate.subnets.iter().any(|s| s.outpost_arn.as_deref()
        == Some(outpost.outpost_arn.as_str())
        && s.customer_owned_ipv4_pool.is_some()));
    assert!(estate.instances.iter().any(|i| i.outpost_arn.as_deref()
        == Some(outpost.outpost_arn.as_str())
        && i.customer_owned_ip.is_some()));
}

#[test]
fn the_demo_has_a_three_rack_outpost_without_ace_in_direct_vpc_routing() {
    let generated = demo();
    let estate = &generated.estate;
    let entry = generated
        .overlay
        .outposts
        .iter()
        .find(|o| o.ace_rack.is_none() && racks_of(estate, &o.outpost_id).len() == 3)
        .expect("a 3-rack Outpost without ACE");
    assert_eq!(entry.customer_devices.len(), 2);
    assert_eq!(entry.port_channels.len(), 6, "one port channel per OND");
    let outpost = estate
        .outposts
        .iter()
        .find(|o| o.outpost_id == entry.outpost_id)
        .expect("observed");
    let table = estate
        .route_tables
        .iter()
        .find(|t| t.outpost_arn == outpost.outpost_arn)
        .expect("route table");
    assert_eq!(table.mode, LocalGatewayRouteTableMode::DirectVpcRouting);
    let lgw = estate
        .local_gateways
        .iter()
        .find(|g| g.outpost_arn == outpost.outpost_arn)
        .expect("LGW");
    let vifs: Vec<_> = estate
        .vifs
        .iter()
        .filter(|v| v.local_gateway_id == lgw.local_gateway_id)
        .collect();
    assert_eq!(vifs.len(), 6);
    let vlans: BTreeSet<u16> = vifs.iter().map(|v| v.vlan).collect();
    assert_eq!(vlans.len(), 6, "distinct VLANs: two VIFs share a CND");
    for vif in &vifs {
        assert!(vif.local_address.ends_with("/31") && vif.peer_address.ends_with("/31"));
        assert!(
            (64512..=65534).contains(&vif.local_bgp_asn),
            "private Outpost-side ASN"
        );
    }
}

#[test]
fn the_demo_uses_two_local_zones_and_a_wavelength_zone_with_a_carrier_gateway() {
    let estate = demo().estate;
    let zone_type = |name: &str| {
        estate
            .zones
            .iter()
            .find(|z| z.zone_name == name)
            .map(|z| z.zone_type.clone())
    };
    let edge_zones: BTreeSet<&str> = estate
        .subnets
        .iter()
        .filter(|s| matches!(zone_type(&s.availability_zone), Some(ZoneType::LocalZone)))
        .map(|s| s.availability_zone.as_str())
        .collect();
    assert!(edge_zones.len() >= 2, "{edge_zones:?}");
    let wavelength: Vec<_> = estate
        .subnets
        .iter()
        .filter(|s| {
            matches!(
                zone_type(&s.availability_zone),
                Some(ZoneType::WavelengthZone)
            )
        })
        .collect();
    assert!(!wavelength.is_empty());
    assert!(
        estate
            .carrier_gateways
            .iter()
            .any(|c| c.vpc_id == wavelength[0].vpc_id)
    );
    assert!(
        estate
            .instances
            .iter()
            .any(|i| i.availability_zone == wavelength[0].availability_zone
                && i.carrier_ip.is_some())
    );
    assert!(
        estate
            .outposts
            .iter()
            .any(|o| o.generation == Some(OutpostGeneration::Generation2))
    );
    assert!(!estate.outpost_lags.is_empty() && !estate.service_link_vifs.is_empty());
}

#[test]
fn generation_is_deterministic_and_scales_past_100k_entities() {
    let a = demo::generate(4, 9).expect("a");
    let b = demo::generate(4, 9).expect("b");
    assert_eq!(a.estate, b.estate);
    assert_eq!(a.overlay, b.overlay);
    let big = demo::generate(300, 1).expect("scale 300");
    assert!(
        big.estate.entity_count() >= 100_000,
        "{}",
        big.estate.entity_count()
    );
    assert_eq!(check_estate(&big.estate, &[]), vec![]);
}

#[test]
fn different_seeds_share_ids_so_a_diff_shows_changes() {
    let one = demo::generate(2, 1).expect("seed 1").estate;
    let two = demo::generate(2, 2).expect("seed 2").estate;
    let changes = diff(&one, &two).expect("diff");
    let total = one.entity_count();
    let churned = changes.added.len() + changes.removed.len();
    assert!(
        churned > 0 && churned < total / 20,
        "{churned} of {total} added or removed"
    );
    assert!(!changes.changed.is_empty());
    assert!(
        diff(
            &demo::demo().expect("demo").estate,
            &demo::demo().expect("demo").estate
        )
        .expect("diff")
        .is_empty()
    );
}

// Model rules checked on the demo (the model's own unit tests do not reach up to the demo).

#[test]
fn id_fields_are_the_json_keys_holding_the_ids() {
    let demo = demo();
    for kind in EntityKind::ALL {
        for (position, record) in demo.estate.records(*kind).iter().enumerate() {
            let entity = demo.estate.entity(*kind, position).expect("entity");
            assert_eq!(
                record.get(kind.id_field()).and_then(|v| v.as_str()),
                Some(entity.id()),
                "{kind}"
            );
        }
    }
}

#[test]
fn unnamed_and_twice_declared_overlay_devices_are_problems() {
    let demo = demo();
    let mut entry = demo.overlay.outposts[0].clone();
    assert!(entry.problems(&demo.estate).is_empty());
    let first = entry.customer_devices[0].clone();
    entry.customer_devices.push(first.clone());
    entry.customer_devices.push(CustomerDevice {
        name: "  ".to_owned(),
        model: None,
        management_address: None,
    });
    let problems = entry.problems(&demo.estate);
    assert!(
        problems.contains(&format!(
            "customer device `{}` is declared twice",
            first.name
        )),
        "{problems:?}"
    );
    let unnamed = format!(
        "customer device #{} has no name",
        entry.customer_devices.len()
    );
    assert!(problems.contains(&unnamed), "{problems:?}");
}
