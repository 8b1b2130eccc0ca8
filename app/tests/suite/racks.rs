//! The Racks view and the site overlay editor in the Rack network view, driven headless with
//! egui_kittest on the demo estate.

use edge_atlas_app::app::EdgeAtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;
use common::{harness, replace_text, settle};

/// Clicks the tab `title` (the Overview's table has a column of the same name, so the tab is
/// the button).
fn open_tab(harness: &mut Harness<'static, EdgeAtlasApp>, title: &str) {
    harness.get_by_role_and_label(Role::Button, title).click();
    settle(harness);
}

#[test]
fn the_racks_view_shows_each_rack_against_the_site_limits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    open_tab(&mut harness, "Racks");
    let demo = edge_atlas::demo::demo().expect("demo");
    let topology = edge_atlas::topology::Topology::build(&demo.estate, &demo.overlay);
    let hardware = edge_atlas::catalog::hardware::HardwareCatalog::embedded().expect("catalog");
    let outposts = edge_atlas::elevation::outpost_racks(&demo.estate, &topology, hardware);
    // The largest Outpost opens first: Chicago, with its ACE rack.
    let chicago = outposts
        .iter()
        .max_by_key(|o| o.racks.len())
        .expect("Chicago");
    let (kva, _) = chicago.total_power_kva();
    let (lbs, _) = chicago.total_weight_lbs();
    let totals = format!(
        "{} compute racks + ACE rack · {} vCPU · {kva} kVA · {lbs} lb in total",
        chicago.racks.len(),
        chicago.racks.iter().map(|r| r.vcpus).sum::<u32>()
    );
    assert!(harness.query_by_label(&totals).is_some(), "{totals}");
    assert!(
        harness
            .query_by_label_contains("15 kVA per rack position · no floor weight limit")
            .is_some()
    );
    // The table, folded at first so the picture has the room: every rack is a row with the
    // configuration it was matched to.
    harness
        .get_by_label("Racks, their configurations and the site's limits")
        .click();
    settle(&mut harness);
    for rack in &chicago.racks {
        // (The hosts section names each host's rack too.)
        assert!(
            harness.query_all_by_label(&rack.rack_id).next().is_some(),
            "{}",
            rack.rack_id
        );
    }
    let matched = chicago.racks[0]
        .configuration
        .as_ref()
        .expect("matched")
        .explanation();
    assert!(
        harness.query_all_by_label(&matched).count() >= 1,
        "{matched}"
    );
    assert!(harness.query_by_label("ACE rack (asserted)").is_some());
    // The Frankfurt Outpost: three racks under a 10 kVA, 2000 lb site, no aggregation rack.
    harness.get_by_label("Outpost").click();
    settle(&mut harness);
    let frankfurt = outposts
        .iter()
        .find(|o| o.racks.len() == 3)
        .expect("Frankfurt");
    harness
        .get_by_label(&format!("{} (3 racks)", frankfurt.outpost_name))
        .click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("10 kVA per rack position · floor takes 2000 lb per rack")
            .is_some()
    );
    assert!(
        harness
            .query_by_label("3 compute racks · 1920 vCPU · 25 kVA · 4750 lb in total")
            .is_some()
    );
}

#[test]
fn selecting_a_host_lists_the_instances_sharing_it_with_its_slots_used_and_free() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    open_tab(&mut harness, "Racks");
    let demo = edge_atlas::demo::demo().expect("demo");
    let chicago = demo
        .estate
        .outposts
        .first()
        .expect("Chicago")
        .outpost_id
        .clone();
    let usage = edge_atlas::host_usage::outpost_usage(&demo.estate, &chicago);
    assert!(
        harness.query_by_label(&usage.summary()).is_some(),
        "{}",
        usage.summary()
    );
    // The first host carries the first instance of each type (round-robin).
    let host = &usage.hosts[0];
    assert!(!host.instances.is_empty());
    assert!(
        harness
            .query_all_by_label(&host.slots_label())
            .next()
            .is_some(),
        "{}",
        host.slots_label()
    );
    let row = format!(
        "{} {}",
        host.families.join("/"),
        host.host_id.as_deref().unwrap_or(&host.asset_id)
    );
    harness.get_by_label(&row).click();
    settle(&mut harness);
    let heading = host.instances_heading();
    assert!(heading.contains(&format!("on host {}", host.asset_id)));
    assert!(harness.query_by_label(&heading).is_some(), "{heading}");
    let first = &host.instances[0];
    let link = harness.get_by_label_contains(&first.instance_id);
    link.click();
    settle(&mut harness);
    // Selecting one of its instances keeps the host's list.
    assert!(harness.query_by_label(&heading).is_some(), "{heading}");
}

#[test]
fn an_overlay_edit_is_checked_saved_and_found_after_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let demo = edge_atlas::demo::demo().expect("demo");
    let topology = edge_atlas::topology::Topology::build(&demo.estate, &demo.overlay);
    let chicago = topology
        .rack_networks
        .iter()
        .max_by_key(|n| n.racks.len())
        .expect("Chicago")
        .outpost_id
        .clone();
    {
        let mut harness = harness(db.clone());
        settle(&mut harness);
        open_tab(&mut harness, "Rack network");
        harness.get_by_label("Edit site overlay").click();
        settle(&mut harness);
        replace_text(&mut harness, "CND 1 name", "core-renamed");
        // Bad input is named and cannot be saved.
        replace_text(&mut harness, "number", "4x");
        assert!(
            harness
                .query_by_label("port channel #1: number `4x` is not a whole number")
                .is_some()
        );
        harness.get_by_label("Save overlay").click();
        settle(&mut harness);
        assert!(
            harness
                .query_by_label_contains("Saved the overlay")
                .is_none()
        );
        replace_text(&mut harness, "number", "4001");
        assert!(harness.query_by_label("unsaved changes").is_some());
        harness.get_by_label("Save overlay").click();
        settle(&mut harness);
        settle(&mut harness);
        assert!(
            harness
                .query_by_label(&format!("Saved the overlay of {chicago}."))
                .is_some()
        );
        // The picture's device list is rebuilt with the new name.
        assert!(
            harness
                .query_all_by_label("core-renamed")
                .any(|node| node.value().is_none()),
            "the CND toggle shows the new name"
        );
    }
    // A restart on the same database finds the edit.
    let mut harness = harness(db.clone());
    settle(&mut harness);
    open_tab(&mut harness, "Rack network");
    assert!(harness.query_by_label("core-renamed").is_some());
    let overlay = edge_atlas::store::Store::open(&db)
        .expect("store")
        .load_overlay()
        .expect("overlay");
    let entry = overlay.for_outpost(&chicago).expect("Chicago's entry");
    assert_eq!(entry.customer_devices[0].name, "core-renamed");
    assert_eq!(entry.port_channels[0].port_channel_number, 4001);
    // Its port channels followed the rename.
    let before = &demo
        .overlay
        .for_outpost(&chicago)
        .expect("demo entry")
        .customer_devices[0]
        .name;
    assert!(
        entry
            .port_channels
            .iter()
            .all(|c| &c.customer_device != before)
    );
    assert!(entry.problems(&demo.estate).is_empty());
}

#[test]
fn the_build_plan_tab_shows_the_outposts_cabling_and_addresses_and_names_a_small_pool() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    open_tab(&mut harness, "Rack network");
    harness.get_by_label("Build plan").click();
    settle(&mut harness);
    // The plan of the Outpost the view shows (the largest), as the CLI computes it.
    let demo = edge_atlas::demo::demo().expect("demo");
    let topology = edge_atlas::topology::Topology::build(&demo.estate, &demo.overlay);
    let network = topology.largest_outpost().expect("an Outpost");
    let plan = edge_atlas::planner::build_plan::build_plan(
        network,
        &edge_atlas::planner::build_plan::AddressingInput::default(),
        Some(&demo.estate),
    )
    .expect("a plan");
    assert!(harness.query_by_label("Cabling schedule").is_some());
    assert!(
        harness
            .query_by_label_contains(&format!(
                "{} links · {} port channels",
                plan.links.len(),
                plan.port_channels.len()
            ))
            .is_some()
    );
    let first = &plan.vifs[0];
    assert!(
        harness
            .query_all_by_label(&first.aws_address)
            .next()
            .is_some(),
        "the first VIF's address {} is listed",
        first.aws_address
    );
    replace_text(&mut harness, "P2P pool", "10.9.0.0/31");
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("10.9.0.0/31 has room for")
            .is_some(),
        "a pool too small is named"
    );
}
