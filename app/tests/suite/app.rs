//! The whole app driven headless with egui_kittest, on the demo estate it stores on first start.

use edge_atlas_app::app::EdgeAtlasApp;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common;
use common::{harness, replace_text, settle};

/// Types `path` into the Planner's report file field and presses Export report.
fn export_report(harness: &mut Harness<'static, EdgeAtlasApp>, path: &std::path::Path) {
    replace_text(
        harness,
        "report file (.html, .pdf, .md, .csv or .json)",
        path.to_str().expect("utf-8"),
    );
    harness.get_by_label("Export report").scroll_to_me();
    settle(harness);
    harness.get_by_label("Export report").click();
    settle(harness);
}

#[test]
fn first_start_shows_the_demo_overview_with_its_outposts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("built-in demo estate")
            .is_some(),
        "the demo note is visible"
    );
    for outpost in ["chi-prod-outpost", "fra-prod-outpost", "osa-prod-outpost"] {
        assert!(
            harness.query_by_label(outpost).is_some(),
            "{outpost} is listed"
        );
    }
    assert!(
        harness.query_by_label("yes (asserted)").is_some(),
        "the ACE rack shows as asserted"
    );
}

#[test]
fn the_planner_view_compares_ace_layouts_and_plans_a_workload() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    harness.get_by_label("Planner").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("ACE rack recommended: yes")
            .is_some(),
        "3 racks now, 6 planned"
    );
    assert!(
        harness.query_by_label("12 x 100GBASE-LR4").is_some(),
        "optics without ACE for three racks"
    );
    harness.get_by_label("Plan").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Recommended: Local Zone us-east-1-chi-1a")
            .is_some(),
        "the default workload lands in the Chicago Local Zone"
    );
    // The candidates on the map, the recommendation first.
    harness.get_by_label("Map").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Planner: candidates of plant-vision")
            .is_some()
    );
    let overlay = harness.state().map_view().plan_overlay().expect("drawn");
    assert_eq!(overlay.markers.len(), 12, "the twelve best candidates");
    assert_eq!(
        overlay.markers[0].title,
        "#1 Local Zone us-east-1-chi-1a (recommended)"
    );
    harness.get_by_label("Planner").click();
    settle(&mut harness);
    // Export report: the plan as a file at the path typed, its format from the extension.
    let report = dir.path().join("plan.html");
    export_report(&mut harness, &report);
    let html = std::fs::read_to_string(&report).expect("the report is written");
    assert!(html.contains("Recommendation: Local Zone us-east-1-chi-1a"));
    assert!(html.contains("made in the Planner view"));
    assert!(
        harness.query_by_label_contains("wrote ").is_some(),
        "the view says what it wrote"
    );
    // A name without a format is refused in the window, nothing written.
    export_report(&mut harness, &dir.path().join("plan.docx"));
    assert!(
        harness
            .query_by_label_contains("end the file name in .html, .pdf, .md, .csv or .json")
            .is_some()
    );
    assert!(!dir.path().join("plan.docx").exists());
}

#[test]
fn the_planner_view_edits_a_list_of_workloads_and_saves_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    harness.get_by_label("Planner").click();
    settle(&mut harness);
    // Open the example file by path: five workloads in the table.
    let example =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/workloads.toml");
    let file = dir.path().join("workloads.toml");
    std::fs::copy(&example, &file).expect("copied");
    replace_text(&mut harness, "workload file", file.to_str().expect("utf-8"));
    harness.get_by_label("Open").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("(5 workloads)").is_some());
    for name in ["plant-vision", "fleet-telemetry", "line-control"] {
        assert!(harness.query_by_label(name).is_some(), "{name} listed");
    }
    // Select line-control: the form shows it; Plan plans them all.
    harness.get_by_label("line-control").click();
    settle(&mut harness);
    harness.get_by_label("Plan").scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("Plan").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Recommended: Outpost new")
            .is_some(),
        "the selected workload's plan"
    );
    assert!(
        harness
            .query_by_label_contains("Wavelength Zone us-east-1-wl1-bos-wlz-1")
            .is_some(),
        "every row has its result"
    );
    // Duplicate it, remove plant-vision: the file changes only where the list did.
    harness.get_by_label("Duplicate").click();
    settle(&mut harness);
    assert!(harness.query_by_label("line-control copy").is_some());
    harness.get_by_label("plant-vision").click();
    settle(&mut harness);
    harness.get_by_label("Remove").click();
    settle(&mut harness);
    assert!(harness.query_by_label("plant-vision").is_none());
    assert!(harness.query_by_label_contains("unsaved changes").is_some());
    // Opening over unsaved changes asks first; nothing is lost.
    harness.get_by_label("Open").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("open again to discard them")
            .is_some()
    );
    assert!(harness.query_by_label("line-control copy").is_some());
    harness.get_by_label("Save").click();
    settle(&mut harness);
    let saved = std::fs::read_to_string(&file).expect("saved");
    assert!(saved.starts_with("# Example workloads"), "comments kept");
    assert!(saved.contains("name = \"line-control copy\""));
    assert!(saved.contains("# trucks on Verizon 5G around Boston"));
    assert!(!saved.contains("plant-vision"));
    let catalogs = edge_atlas::planner::Catalogs::embedded().expect("catalogs");
    let workloads = edge_atlas::planner::parse_workloads(
        &saved,
        catalogs.locations,
        &catalogs.services.known_services,
    )
    .expect("the CLI reads what the view saved");
    assert_eq!(workloads.len(), 5);
    // Add a workload, plan, and export the whole list as a PDF report.
    harness.get_by_label("Add workload").click();
    settle(&mut harness);
    assert!(harness.query_by_label("workload-6").is_some());
    harness.get_by_label("Plan").scroll_to_me();
    harness.get_by_label("Plan").click();
    settle(&mut harness);
    let report = dir.path().join("plan.pdf");
    export_report(&mut harness, &report);
    let pdf = std::fs::read(&report).expect("the report is written");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("/Outlines"), "an outline");
    // A file that is not a workload file is refused with where it is wrong; the list stays.
    let broken = dir.path().join("broken.toml");
    std::fs::write(&broken, "[[workload]]\nname = \"x\nusers = 3\n").expect("written");
    replace_text(
        &mut harness,
        "workload file",
        broken.to_str().expect("utf-8"),
    );
    harness.get_by_label("Open").click();
    settle(&mut harness);
    harness.get_by_label("Open").click();
    settle(&mut harness);
    assert!(harness.query_by_label_contains("line 2").is_some());
    assert!(
        harness.query_by_label("workload-6").is_some(),
        "the list is kept"
    );
}

#[test]
fn the_map_view_shows_every_kind_of_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    harness.get_by_label("Map").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Wavelength Zones · 3 Outposts sites")
            .is_some(),
        "the map counts its markers"
    );
    assert!(harness.query_by_label("Fit world").is_some());
}

#[test]
fn a_database_that_is_not_sqlite_is_reported_in_the_window() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("notes.sqlite");
    std::fs::write(&db, b"not a database at all").expect("write");
    // As the window opens it: through the launch's loader thread.
    let loading = edge_atlas_app::app::opening::start(db.clone(), Default::default());
    let mut harness = common::harness_of(EdgeAtlasApp::from_loading(db.clone(), loading));
    settle(&mut harness);
    assert!(!harness.state().is_opening());
    assert!(
        harness
            .query_by_label("The database could not be opened.")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("is not an Edge Atlas database")
            .is_some()
    );
    assert_eq!(
        std::fs::read(&db).expect("still there"),
        b"not a database at all"
    );
}

/// Types `query` into the search box (Ctrl+K focuses it) and lets the results drop down.
fn search(harness: &mut Harness<'static, EdgeAtlasApp>, query: &str) {
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    settle(harness);
    let field = harness.get_by_role(Role::TextInput);
    assert!(field.is_focused(), "Ctrl+K focuses the search box");
    field.type_text(query);
    settle(harness);
}

#[test]
fn every_view_opens_from_its_tab() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    let expectations = [
        ("Map", "Wavelength Zones · 3 Outposts sites"),
        ("Graph", "nodes drawn"),
        ("Planner", "ACE rack recommended"),
        ("Racks", "Every rack fits the site's power"),
        ("Rack network", "racks · ACE: yes (asserted)"),
        ("Inventory", "click a header to sort"),
        ("History", "History: 1 snapshots"),
        ("Sync", "Credentials stay with the AWS SDK"),
        ("Overview", "Outposts (3)"),
    ];
    for (tab, text) in expectations {
        harness.get_by_label(tab).click();
        settle(&mut harness);
        assert!(
            harness.query_by_label_contains(text).is_some(),
            "the {tab} tab shows {text:?}"
        );
    }
}

#[test]
fn search_selects_an_entity_and_the_details_panel_shows_its_fields() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    search(&mut harness, "chi-prod");
    assert!(harness.query_by_label_contains("matches").is_some());
    harness
        .get_by_label_contains("chi-prod-outpost · Outpost")
        .click();
    settle(&mut harness);
    let outpost = harness.state().selected().expect("selected").to_owned();
    assert!(outpost.starts_with("op-"), "{outpost}");
    // The graph tab comes to the front, centred on it; the details list every field.
    assert!(harness.query_by_label_contains("nodes drawn").is_some());
    for field in [
        "outpost_arn",
        "site_id",
        "supported_hardware_type",
        "life_cycle_status",
    ] {
        assert!(harness.query_by_label(field).is_some(), "field {field}");
    }
    assert!(
        harness.query_all_by_label(outpost.as_str()).count() >= 2,
        "the id, in the identity rows and as the outpost_id field"
    );
    assert!(harness.query_by_label("RACK").is_some(), "a field's value");
    assert!(harness.query_by_label_contains("Tags (").is_some());
    // A related entity is a link that selects it.
    assert!(harness.query_by_label_contains("Related (").is_some());
    harness
        .get_by_role_and_label(Role::Link, "Chicago Distribution Center")
        .click();
    settle(&mut harness);
    assert!(
        harness
            .state()
            .selected()
            .is_some_and(|id| id.starts_with("os-")),
        "the site is selected: {:?}",
        harness.state().selected()
    );
}

#[test]
fn a_region_collapses_and_expands_in_the_graph() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    search(&mut harness, "us-east-2");
    harness.key_press(egui::Key::Enter);
    settle(&mut harness);
    assert_eq!(harness.state().selected(), Some("us-east-2"));
    let total = harness.state().graph().visible_count();
    harness.get_by_label("Collapse group").click();
    settle(&mut harness);
    let collapsed = harness.state().graph().visible_count();
    assert!(collapsed < total, "{collapsed} < {total}");
    assert!(
        harness
            .query_by_label_contains(&format!(
                "Graph: {collapsed} of {total} nodes drawn · 1 collapsed"
            ))
            .is_some()
    );
    harness.get_by_label("Expand group").click();
    settle(&mut harness);
    assert_eq!(harness.state().graph().visible_count(), total);
}

#[test]
fn layout_theme_and_selection_survive_a_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    {
        let mut harness = harness(db.clone());
        settle(&mut harness);
        harness.get_by_label("Dark theme").click();
        settle(&mut harness);
        search(&mut harness, "us-west-2-lax-1a");
        harness.key_press(egui::Key::Enter);
        settle(&mut harness);
        assert_eq!(harness.state().selected(), Some("us-west-2-lax-1a"));
    }
    let mut harness = harness(db);
    settle(&mut harness);
    assert!(
        harness.query_by_label("Light theme").is_some(),
        "the dark theme is back"
    );
    assert!(harness.ctx.global_style().visuals.dark_mode);
    assert_eq!(harness.state().selected(), Some("us-west-2-lax-1a"));
    assert!(
        harness.query_by_label_contains("nodes drawn").is_some(),
        "the graph tab is still in front"
    );
}

#[test]
fn unreadable_settings_are_kept_aside_and_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let settings = dir.path().join("db.sqlite.ui.json");
    std::fs::write(&settings, b"{ this is not json").expect("write");
    let mut harness = harness(db);
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("could not be read")
            .is_some()
    );
    let aside = dir.path().join("db.sqlite.ui.json.unreadable");
    assert_eq!(std::fs::read(aside).expect("kept"), b"{ this is not json");
    assert!(harness.query_by_label_contains("Outposts (3)").is_some());
}

#[test]
fn the_inventory_filters_sorts_copies_and_selects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    harness.get_by_label("Inventory").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("3 of 3 outpost rows")
            .is_some()
    );
    for name in ["chi-prod-outpost", "fra-prod-outpost", "osa-prod-outpost"] {
        assert!(harness.query_by_label(name).is_some(), "{name} is a row");
    }
    // Sorting by name, then the other way round.
    let y = |harness: &Harness<'static, EdgeAtlasApp>, name: &str| {
        harness.get_by_label(name).rect().min.y
    };
    harness.get_by_label("name").click();
    settle(&mut harness);
    assert!(y(&harness, "chi-prod-outpost") < y(&harness, "osa-prod-outpost"));
    harness.get_by_label("name ^").click();
    settle(&mut harness);
    assert!(y(&harness, "chi-prod-outpost") > y(&harness, "osa-prod-outpost"));
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .focus();
    settle(&mut harness);
    harness
        .get_by_role_and_label(Role::TextInput, "Filter")
        .type_text("frankfurt");
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("1 of 3 outpost rows")
            .is_some()
    );
    assert!(harness.query_by_label("chi-prod-outpost").is_none());
    // A cell click copies it; the id is a link that selects the entity.
    harness.get_by_label("fra-prod-outpost").click();
    settle(&mut harness);
    assert!(harness.query_by_label("copied: fra-prod-outpost").is_some());
    let id_link = harness
        .query_all_by_role(Role::Link)
        .next()
        .expect("the id link");
    id_link.click();
    settle(&mut harness);
    let selected = harness.state().selected().expect("selected").to_owned();
    assert!(selected.starts_with("op-"), "{selected}");
}

#[test]
fn the_15_rack_outpost_opens_with_every_device_name_at_10_px_or_more() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = edge_atlas_app::app::EdgeAtlasApp::open(dir.path().join("db.sqlite"));
    // A 1600 x 1000 window, the Details panel open as it opens.
    let mut harness = egui_kittest::Harness::builder()
        .with_size(egui::Vec2::new(1600.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut edge_atlas_app::app::EdgeAtlasApp| app.show(ui),
            app,
        );
    settle(&mut harness);
    harness.get_by_label("Rack network").click();
    settle(&mut harness);
    let (picture, scale) = harness.state().rack_network_view().drawn();
    assert!(scale > 0.0, "drawn");
    let network_names: Vec<String> = harness
        .state()
        .workspace()
        .expect("workspace")
        .topology
        .rack_networks
        .iter()
        .max_by_key(|n| n.racks.len())
        .expect("the ACE Outpost")
        .devices
        .iter()
        .map(|device| device.id.clone())
        .collect();
    assert_eq!(network_names.len(), 4 + 4 + 30, "CNDs, ACE routers, ONDs");
    // Every device's box carries its name as the first text drawn inside it.
    for element in picture
        .elements
        .iter()
        .filter(|e| network_names.contains(&e.id))
    {
        let size = picture
            .scene
            .items
            .iter()
            .find_map(|item| match &item.shape {
                edge_atlas::scene::Shape::Text { at, size, .. }
                    if at.x >= element.min.x
                        && at.x <= element.max.x
                        && at.y >= element.min.y
                        && at.y <= element.max.y =>
                {
                    Some(*size)
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{} has a name drawn", element.title));
        assert!(
            size * scale >= 10.0,
            "{}: {:.1} px",
            element.title,
            size * scale
        );
    }
}

#[test]
fn taking_out_a_cnd_in_the_rack_network_shows_its_impact() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    harness.get_by_label("Rack network").click();
    settle(&mut harness);
    // The largest Outpost opens: Chicago, 15 racks behind an ACE rack.
    assert!(
        harness
            .query_by_label_contains("racks · ACE: yes (asserted)")
            .is_some()
    );
    let demo = edge_atlas::demo::demo().expect("demo");
    let topology = edge_atlas::topology::Topology::build(&demo.estate, &demo.overlay);
    let chicago = topology
        .rack_networks
        .iter()
        .max_by_key(|n| n.racks.len())
        .expect("Chicago");
    let cnd = chicago
        .devices_with_role(edge_atlas::topology::DeviceRole::Cnd)
        .next()
        .expect("a CND");
    harness.get_by_label(cnd.name.as_str()).click();
    settle(&mut harness);
    let expected = edge_atlas::topology::impact::impact(chicago, std::slice::from_ref(&cnd.id))
        .expect("impact");
    let summary = format!(
        "Impact of taking out {}: {} racks cut off · {} on a single path · {} still redundant",
        cnd.name,
        expected.isolated_racks.len(),
        expected.single_path_racks.len(),
        expected.redundant_racks.len()
    );
    assert!(harness.query_by_label(&summary).is_some(), "{summary}");
    harness.get_by_label("Restore all").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Impact of taking out")
            .is_none()
    );
}

#[test]
fn the_planners_layout_is_drawn_as_planned_in_the_rack_network_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    // The Planner's rack what-if: 3 compute racks now, 6 planned (an ACE rack recommended).
    harness.get_by_label("Planner").click();
    settle(&mut harness);
    harness.get_by_label("Rack network").click();
    settle(&mut harness);
    harness.get_by_label("Outpost").click();
    settle(&mut harness);
    harness
        .get_by_label_contains("planned: the rack what-if")
        .click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("planned: drawn from the Planner view")
            .is_some(),
        "marked as planned"
    );
    let texts = |harness: &Harness<'static, EdgeAtlasApp>| -> Vec<String> {
        harness
            .state()
            .rack_network_view()
            .drawn()
            .0
            .scene
            .text_boxes()
            .into_iter()
            .map(|(text, _)| text.to_owned())
            .collect()
    };
    // Opened with the ACE rack the plan recommends; without it at a click.
    assert!(
        texts(&harness)
            .iter()
            .any(|t| t.starts_with("3 compute racks, the ACE rack")),
        "{:?}",
        texts(&harness)
    );
    harness.get_by_label("with an ACE rack").click();
    settle(&mut harness);
    assert!(
        texts(&harness)
            .iter()
            .any(|t| t.starts_with("3 compute racks, ") && !t.contains("ACE")),
        "{:?}",
        texts(&harness)
    );
}
