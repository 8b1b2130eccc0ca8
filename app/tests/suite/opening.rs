//! The launch's two steps: the overview of a snapshot on screen while its workspace is built,
//! then every view; and what the window says when the loader stops without an outcome.

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use edge_atlas_app::app::EdgeAtlasApp;
use edge_atlas_app::app::opening::{self, Loading};
use edge_atlas_app::workspace::{Preview, Workspace};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use crate::common::{harness_of, settle};

/// A database holding the demo snapshot, and that snapshot opened in two steps.
fn demo_opened_in_steps(dir: &Path) -> (PathBuf, Preview, Workspace) {
    let db = dir.join("db.sqlite");
    Workspace::load(&db).expect("the demo is stored on first start");
    let mut preview = None;
    let workspace =
        Workspace::load_staged(&db, |sent| preview = Some(sent)).expect("opened in two steps");
    (
        db,
        preview.expect("an overview before the workspace"),
        workspace,
    )
}

/// The app as the launch leaves it after the loader sent `preview`: opening, its overview drawn;
/// the sender sends what comes next.
fn opening_with(
    db: PathBuf,
    preview: Preview,
) -> (mpsc::Sender<Loading>, Harness<'static, EdgeAtlasApp>) {
    let (sender, receiver) = mpsc::channel();
    sender
        .send(Loading::Preview(Box::new(preview)))
        .expect("sent");
    let mut harness = harness_of(EdgeAtlasApp::from_loading(db, receiver));
    harness.step();
    assert!(harness.state().is_opening());
    (sender, harness)
}

#[test]
fn the_overview_is_on_screen_while_the_workspace_builds_then_every_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, preview, workspace) = demo_opened_in_steps(dir.path());
    // The overview shown first is the workspace's own.
    assert_eq!(preview.summary, workspace.summary);
    assert_eq!(preview.info.id, workspace.info.id);

    // The window last closed with a Region selected.
    let settings_path = edge_atlas_app::settings::path_for(&db);
    let (mut settings, _) = edge_atlas_app::settings::load(&settings_path);
    settings.selected = Some("us-east-2".to_owned());
    let text = serde_json::to_string_pretty(&settings).expect("settings as JSON");
    edge_atlas_app::settings::write(&settings_path, &text).expect("settings written");

    let (sender, mut harness) = opening_with(db, preview);
    assert!(harness.state().workspace().is_none());
    assert!(
        harness
            .query_by_label_contains("building the graph")
            .is_some(),
        "the window says what is still being prepared"
    );
    assert!(
        harness.query_by_label_contains("0 s so far").is_none(),
        "no count of seconds before the first has passed"
    );
    for outpost in ["chi-prod-outpost", "fra-prod-outpost", "osa-prod-outpost"] {
        assert!(
            harness.query_by_label(outpost).is_some(),
            "{outpost} is in the overview already"
        );
    }
    // Still opening a few frames later: nothing has arrived.
    harness.run_steps(3);
    assert!(harness.state().is_opening());

    sender
        .send(Loading::Done(Ok(Box::new(workspace))))
        .expect("sent");
    settle(&mut harness);
    assert!(!harness.state().is_opening());
    assert!(harness.state().workspace().is_some());
    assert_eq!(
        harness.state().selected(),
        Some("us-east-2"),
        "the selection the window closed with is restored once the workspace is there"
    );
    assert!(
        harness
            .query_by_label_contains("building the graph")
            .is_none()
    );
    harness.get_by_label("Graph").click();
    settle(&mut harness);
    assert!(
        harness.state().graph().visible_count() > 0,
        "the graph is drawn once the workspace is there"
    );
}

#[test]
fn a_loader_that_stops_without_an_outcome_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, preview, _) = demo_opened_in_steps(dir.path());
    let (sender, mut harness) = opening_with(db, preview);
    drop(sender);
    harness.run_steps(2);
    assert!(!harness.state().is_opening());
    assert!(
        harness
            .query_by_label_contains("loading the snapshot stopped unexpectedly")
            .is_some(),
        "the window says what happened and what to do"
    );
}

#[test]
fn the_loader_thread_opens_a_stored_snapshot_and_a_first_start() {
    // A database holding a snapshot: the overview, then the workspace.
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _, stored) = demo_opened_in_steps(dir.path());
    let mut harness = harness_of(EdgeAtlasApp::from_loading(
        db.clone(),
        opening::start(db.clone(), opening::Wake::default()),
    ));
    settle(&mut harness);
    let opened = harness.state().workspace().expect("opened");
    assert_eq!(opened.info.id, stored.info.id);
    assert_eq!(opened.summary, stored.summary);

    // A first start: the demo is stored and opened in one step.
    let empty = dir.path().join("new.sqlite");
    let mut harness = harness_of(EdgeAtlasApp::from_loading(
        empty.clone(),
        opening::start(empty, opening::Wake::default()),
    ));
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("built-in demo estate")
            .is_some()
    );
}

/// A snapshot an earlier version stored (no load cache this build reads) opens from its JSON,
/// and the loader writes its cache once the workspace is on screen: the next open reads that.
#[test]
fn a_snapshot_opened_from_its_json_gets_its_cache_for_the_next_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, _, stored) = demo_opened_in_steps(dir.path());
    let id = stored.info.id;
    rusqlite::Connection::open(&db)
        .and_then(|conn| conn.execute("DELETE FROM entity_cache", []))
        .expect("the cache removed, as an earlier version left the file");
    let has_cache = || {
        edge_atlas::store::Store::open_existing(&db)
            .and_then(|store| store.has_current_cache(id))
            .expect("query")
    };
    assert!(!has_cache());

    let mut harness = harness_of(EdgeAtlasApp::from_loading(
        db.clone(),
        opening::start(db.clone(), opening::Wake::default()),
    ));
    settle(&mut harness);
    let opened = harness.state().workspace().expect("opened from the JSON");
    assert_eq!(opened.estate, stored.estate);
    // The cache is written on the loader thread after the workspace was sent.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !has_cache() {
        assert!(
            std::time::Instant::now() < deadline,
            "the load cache is written within a minute"
        );
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let reopened = Workspace::load(&db).expect("opened again");
    assert_eq!(reopened.estate, stored.estate);
}
