//! The window stays usable while a large snapshot's search index is built: the index is built by
//! a worker thread when the snapshot loads, frames keep coming meanwhile, and the search box says
//! it is indexing instead of freezing the window; once the index is ready, the query typed in the
//! meantime is answered.

use crate::common;

use common::settle;
use edge_atlas::model::SiteOverlay;
use edge_atlas::store::Store;
use edge_atlas_app::selection::Selection;
use edge_atlas_app::views::search::SearchBox;
use edge_atlas_app::workspace::Workspace;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

#[test]
fn frames_keep_coming_while_a_scale_300_search_index_is_built() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    {
        let generated = edge_atlas::demo::generate(300, 0).expect("scale 300");
        assert!(generated.estate.entity_count() > 90_000);
        let mut store = Store::open(&db).expect("store");
        edge_atlas::workspace::store_demo(&mut store, &generated).expect("stored");
    }
    let app = edge_atlas_app::app::EdgeAtlasApp::open(db);
    // However fast this machine builds the index, the window is watched while it is pending.
    let hold = app
        .workspace()
        .expect("the snapshot loaded")
        .hold_indexing();
    let mut harness = common::harness_of(app);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::K);
    harness.step();
    harness.get_by_role(Role::TextInput).type_text("prod");
    for _ in 0..10 {
        harness.step();
    }
    let workspace = harness.state().workspace().expect("the snapshot loaded");
    assert!(!workspace.indexes_ready(), "the UI thread did not build it");
    assert!(
        harness
            .query_by_label_contains("Indexing the snapshot for search")
            .is_some(),
        "while the index builds, frames keep coming and the search box says so"
    );
    drop(hold);
    // Once built, the query typed meanwhile is answered.
    settle(&mut harness);
    assert!(
        harness
            .state()
            .workspace()
            .is_some_and(|w| w.indexes_ready())
    );
    assert!(
        harness
            .query_all_by_label_contains(" matches")
            .next()
            .is_some(),
        "the search is answered"
    );
}

#[test]
fn the_search_box_says_it_is_indexing_and_answers_once_the_index_is_ready() {
    let demo = edge_atlas::demo::generate(300, 0).expect("scale 300");
    let workspace = Workspace::unstored(demo.meta, demo.estate, SiteOverlay::default());
    // Nobody has started the index: the box must not build it on the UI thread.
    let mut harness = Harness::builder().build_ui_state(
        |ui, (search, selection): &mut (SearchBox, Selection)| {
            search.show(ui, &workspace, selection);
        },
        (SearchBox::default(), Selection::default()),
    );
    harness.get_by_role(Role::TextInput).focus();
    harness.run_steps(2);
    harness.get_by_role(Role::TextInput).type_text("prod");
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("Indexing the snapshot for search")
            .is_some(),
        "while the index is not built, the search box says so"
    );
    assert!(
        !workspace.indexes_ready(),
        "the search box did not build it"
    );
    workspace.wait_for_indexes();
    harness.run_steps(3);
    assert!(
        harness
            .query_by_label_contains("Indexing the snapshot for search")
            .is_none()
    );
    assert!(
        harness
            .query_all_by_label_contains(" matches")
            .next()
            .is_some(),
        "the query typed while indexing is answered"
    );
    assert!(!harness.state().0.matches.is_empty());
}
