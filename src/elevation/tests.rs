//! The elevations' unit tests: every asset in one slot, the demo's racks against their
//! configurations, the ACE rack, the site's limits.

use super::*;
use crate::model::SiteOverlay;

fn demo_racks() -> (Estate, Vec<OutpostRacks>) {
    let demo = crate::demo::demo().expect("demo");
    let topology = Topology::build(&demo.estate, &demo.overlay);
    let hardware = HardwareCatalog::embedded().expect("catalog");
    let racks = outpost_racks(&demo.estate, &topology, hardware);
    (demo.estate, racks)
}

#[test]
fn every_asset_is_in_exactly_one_slot() {
    let (estate, outposts) = demo_racks();
    let slots: usize = outposts
        .iter()
        .flat_map(|o| &o.racks)
        .map(|r| r.slots.len())
        .sum();
    assert_eq!(slots, estate.assets.len());
    assert_eq!(outposts.len(), estate.outposts.len());
}

#[test]
fn demo_racks_match_their_configurations_exactly() {
    let (_, outposts) = demo_racks();
    for outpost in &outposts {
        for rack in &outpost.racks {
            let configuration = rack.configuration.as_ref().expect("a configuration");
            assert_eq!(configuration.hosts_differing, 0, "{}", rack.rack_id);
            // The demo's catalog items are synced: they win over the embedded ones.
            assert_eq!(configuration.source, CatalogSource::Synced);
            assert_eq!(rack.power_fit, Fit::Fits);
            assert_eq!(rack.weight_fit, Fit::Fits);
        }
        assert!(outpost.problems().is_empty(), "{:?}", outpost.problems());
    }
    // Frankfurt: 10 kVA positions, a 2000 lb floor; two OR-G1-M5-8 and one OR-G1-M5-4.
    let frankfurt = outposts
        .iter()
        .find(|o| o.racks.len() == 3)
        .expect("three-rack Outpost");
    assert_eq!(frankfurt.site_power_kva, Limit::Value(10.0));
    assert_eq!(frankfurt.site_weight_lbs, Limit::Value(2000));
    assert_eq!(frankfurt.total_power_kva(), (25.0, 0));
    assert_eq!(frankfurt.total_weight_lbs(), (1700 + 1700 + 1350, 0));
    assert!(frankfurt.aggregation.is_none());
}

#[test]
fn ace_outpost_has_its_ace_rack_and_heights_follow_elevations() {
    let (_, outposts) = demo_racks();
    let chicago = outposts
        .iter()
        .max_by_key(|o| o.racks.len())
        .expect("Outposts");
    let ace = chicago.aggregation.as_ref().expect("an ACE rack");
    assert_eq!(ace.name, "ACE rack");
    assert_eq!((ace.power_kva, ace.weight_lbs), (10.0, 705));
    assert_eq!(ace.device_names.len(), 4);
    assert_eq!(chicago.site_weight_lbs, Limit::NoLimit);
    let rack = &chicago.racks[0];
    let bottom = &rack.slots[0];
    assert_eq!(bottom.elevation_u, Some(1.0));
    assert_eq!(bottom.height_u, 2.0);
    let top = rack.slots.last().expect("slots");
    assert_eq!(top.height_u, 1.0);
    assert!(rack.vcpus > 0);
}

#[test]
fn limits_are_checked_and_unknown_figures_stay_unknown() {
    let (mut estate, _) = demo_racks();
    // A 5 kVA site with a 1400 lb floor under the three-rack Outpost.
    let frankfurt_site = estate
        .sites
        .iter()
        .find(|s| s.operating_address_city.as_deref() == Some("Frankfurt am Main"))
        .expect("Frankfurt site")
        .site_id
        .clone();
    let outpost = estate
        .outposts
        .iter()
        .find(|o| o.site_id == frankfurt_site)
        .expect("Frankfurt")
        .clone();
    let site = estate
        .sites
        .iter_mut()
        .find(|s| s.site_id == outpost.site_id)
        .expect("site");
    let physical = site.rack_physical_properties.as_mut().expect("properties");
    physical.power_draw_kva = Some(crate::model::PowerDrawKva::Kva5);
    physical.maximum_supported_weight_lbs = Some(MaximumSupportedWeightLbs::Max1400);
    // One host of a rack becomes a family no configuration has.
    let compute = estate
        .assets
        .iter_mut()
        .filter(|a| a.outpost_id == outpost.outpost_id)
        .find_map(|a| a.compute_attributes.as_mut())
        .expect("a compute asset");
    compute.instance_families = vec!["x9z".to_owned()];
    let topology = Topology::build(&estate, &SiteOverlay::default());
    let hardware = HardwareCatalog::embedded().expect("catalog");
    let racks = outpost_racks(&estate, &topology, hardware);
    let frankfurt = racks
        .iter()
        .find(|o| o.outpost_id == outpost.outpost_id)
        .expect("Frankfurt");
    let fits: Vec<(Fit, Fit)> = frankfurt
        .racks
        .iter()
        .map(|r| (r.power_fit, r.weight_fit))
        .collect();
    // The 10 kVA / 1700 lb racks exceed both; the 5 kVA / 1350 lb rack fits both.
    assert!(fits.contains(&(Fit::Exceeds, Fit::Exceeds)));
    assert!(fits.contains(&(Fit::Fits, Fit::Fits)));
    let problems = frankfurt.problems();
    assert!(problems.iter().any(|p| p.contains("offer 5 kVA")));
    assert!(problems.iter().any(|p| p.contains("1400 lb per rack")));
    // The altered rack is still matched, one host off, and says so.
    let altered = frankfurt
        .racks
        .iter()
        .find(|r| r.hosts_by_family.contains_key("x9z"))
        .expect("altered rack");
    let configuration = altered.configuration.as_ref().expect("closest");
    assert!(configuration.hosts_differing >= 1);
    assert!(configuration.explanation().contains("hosts differ"));
}
