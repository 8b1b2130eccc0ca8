//! The whole app driven headless with egui_kittest, on the demo estate it stores on first start.

use edge_atlas_app::app::EdgeAtlasApp;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(db: std::path::PathBuf) -> Harness<'static, EdgeAtlasApp> {
    Harness::builder()
        .with_size(egui::Vec2::new(1360.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut EdgeAtlasApp| app.show(ui),
            EdgeAtlasApp::open(db),
        )
}

#[test]
fn first_start_shows_the_demo_overview_with_its_outposts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    harness.run();
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
    harness.run();
    harness.get_by_label("Planner").click();
    harness.run();
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
    harness.run();
    assert!(
        harness
            .query_by_label_contains("Recommended: Local Zone us-east-1-chi-1a")
            .is_some(),
        "the default workload lands in the Chicago Local Zone"
    );
}

#[test]
fn the_map_view_shows_every_kind_of_location() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    harness.run();
    harness.get_by_label("Map").click();
    harness.run();
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
    let mut harness = harness(db.clone());
    harness.run();
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
