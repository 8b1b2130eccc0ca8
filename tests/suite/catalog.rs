//! The location catalog merged with observed zones: nothing the catalog lacks is an error.

use edge_atlas::catalog::{LocationCatalog, LocationKind, merge};
use edge_atlas::demo;
use edge_atlas::model::{OptInStatus, Zone, ZoneState, ZoneType};

fn zone(name: &str, zone_type: ZoneType, group: &str) -> Zone {
    Zone {
        account_id: "123456789012".into(),
        region_name: "us-west-2".into(),
        zone_name: name.into(),
        zone_id: "usw2-new1-az1".into(),
        zone_type,
        parent_zone_name: Some("us-west-2a".into()),
        parent_zone_id: Some("usw2-az1".into()),
        network_border_group: group.into(),
        group_name: group.into(),
        group_long_name: None,
        opt_in_status: OptInStatus::NotOptedIn,
        state: ZoneState::Available,
    }
}

#[test]
fn a_zone_the_catalog_lacks_still_appears_flagged_without_coordinates() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let mut estate = demo::demo().expect("demo").estate;
    estate.zones.push(zone(
        "us-west-2-xyz-1a",
        ZoneType::LocalZone,
        "us-west-2-xyz-1",
    ));
    estate.zones.push(zone(
        "us-west-2-new-9a",
        ZoneType::Unknown("space-zone".into()),
        "us-west-2-new-9",
    ));
    let merged = merge(catalog, &estate);
    let xyz = merged
        .iter()
        .find(|l| l.name == "us-west-2-xyz-1a")
        .expect("appears");
    assert!(!xyz.in_catalog && xyz.in_snapshot);
    assert_eq!((xyz.lat, xyz.lon, xyz.coordinates_from), (None, None, None));
    let unknown = merged
        .iter()
        .find(|l| l.name == "us-west-2-new-9a")
        .expect("unknown type appears");
    assert_eq!(
        unknown.kind,
        LocationKind::Zone(ZoneType::Unknown("space-zone".into()))
    );
}

#[test]
fn a_zone_known_by_its_border_group_gets_that_groups_coordinates() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let mut estate = demo::demo().expect("demo").estate;
    estate.zones.push(zone(
        "us-west-2-lax-1c",
        ZoneType::LocalZone,
        "us-west-2-lax-1",
    ));
    let merged = merge(catalog, &estate);
    let lax = merged
        .iter()
        .find(|l| l.name == "us-west-2-lax-1c")
        .expect("appears");
    assert_eq!(lax.coordinates_from, Some("catalog-group"));
    assert!(lax.lat.is_some() && !lax.in_catalog);
}

#[test]
fn availability_zones_sit_at_their_region_and_catalog_zones_are_flagged_catalog_only() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let estate = demo::demo().expect("demo").estate;
    let merged = merge(catalog, &estate);
    let az = merged
        .iter()
        .find(|l| l.name == "eu-central-1a")
        .expect("observed AZ");
    assert_eq!(az.coordinates_from, Some("region"));
    assert_eq!(az.country.as_deref(), Some("DE"));
    let lagos = merged
        .iter()
        .find(|l| l.name == "af-south-1-los-1a")
        .expect("catalog zone");
    assert!(lagos.in_catalog && !lagos.in_snapshot);
    let region = merged
        .iter()
        .find(|l| l.name == "us-east-1")
        .expect("region");
    assert!(region.in_catalog && region.in_snapshot && region.kind == LocationKind::Region);
    // Every observed zone and Region is in the merge exactly once.
    for zone in &estate.zones {
        assert_eq!(
            merged.iter().filter(|l| l.name == zone.zone_name).count(),
            1,
            "{}",
            zone.zone_name
        );
    }
}
