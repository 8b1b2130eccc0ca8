//! The History view driven headless: the snapshots listed, the differences between two, and
//! what a snapshot could not read set apart from what was removed.

use egui_kittest::kittest::Queryable;

use crate::common::{harness, settle};

#[test]
fn the_history_lists_snapshots_and_shows_their_differences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    {
        let mut store = edge_atlas::store::Store::open(&db).expect("store");
        for seed in [0, 1] {
            let demo = edge_atlas::demo::generate(1, seed).expect("demo");
            store
                .insert_snapshot(&demo.meta, &demo.estate)
                .expect("insert");
        }
    }
    let mut harness = harness(db);
    settle(&mut harness);
    harness.get_by_label("History").click();
    settle(&mut harness);
    assert!(harness.query_by_label("History: 2 snapshots").is_some());
    harness.get_by_label("Compare A to B").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Snapshot 1 to 2:")
            .is_some()
    );
    assert!(harness.query_by_label_contains("Changed (").is_some());
    assert!(
        harness.query_all_by_label_contains(" -> ").count() > 0,
        "changed fields with their values"
    );
    harness.get_by_label("Highlight in graph").click();
    settle(&mut harness);
    harness.get_by_label("Graph").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Highlighted: changes 1 to 2")
            .is_some()
    );
}

#[test]
fn the_history_sets_apart_what_a_snapshot_could_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    {
        let mut store = edge_atlas::store::Store::open(&db).expect("store");
        let demo = edge_atlas::demo::demo().expect("demo");
        store
            .insert_snapshot(&demo.meta, &demo.estate)
            .expect("complete snapshot");
        // The next sync could not list one Outpost's assets.
        let outpost = demo.estate.outposts[0].clone();
        let mut estate = demo.estate.clone();
        estate
            .assets
            .retain(|asset| asset.outpost_id != outpost.outpost_id);
        let mut meta = demo.meta.clone();
        meta.warnings.push(edge_atlas::model::Warning {
            region: Some(outpost.region.clone()),
            call: "outposts:ListAssets".into(),
            message: "InternalServerException: retries exhausted".into(),
            iam_action: None,
            missing_kinds: vec![edge_atlas::model::EntityKind::Asset],
            outpost_id: Some(outpost.outpost_id.clone()),
            account_id: None,
        });
        store
            .insert_snapshot(&meta, &estate)
            .expect("snapshot with a gap");
    }
    let mut harness = harness(db);
    settle(&mut harness);
    harness.get_by_label("History").click();
    settle(&mut harness);
    harness.get_by_label("Compare A to B").click();
    settle(&mut harness);
    assert!(
        harness
            .query_by_label_contains("Snapshot 1 to 2: 0 added · 0 removed · 0 changed")
            .is_some(),
        "the missing assets are not removals"
    );
    assert!(
        harness
            .query_by_label_contains("Not fetched (1 gaps,")
            .is_some()
    );
    assert!(
        harness
            .query_by_label_contains("asset not fetched in snapshot 2 in ")
            .is_some()
    );
}
