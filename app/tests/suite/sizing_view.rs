//! The Planner's Sizing section, driven headless with egui_kittest: a server inventory dropped
//! on the window is sized as `edge-atlas size` sizes it, each host drawn as a bar of its slots;
//! placing with the workload list; a file that is not an inventory said, not sized.

use edge_atlas_app::panes::Pane;
use egui_kittest::kittest::Queryable;

use crate::common;
use common::{drop_file, harness, settle};

/// 24 m5.xlarge (one whole host) and 6 r5.4xlarge (one whole host), RVTools columns.
fn inventory(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::from("VM,Powerstate,CPUs,Memory\n");
    for i in 0..24 {
        text.push_str(&format!("app-{i},poweredOn,4,16384\n"));
    }
    for i in 0..6 {
        text.push_str(&format!("db-{i},poweredOn,16,131072\n"));
    }
    let path = dir.join("vinfo.csv");
    std::fs::write(&path, text).expect("write inventory");
    path
}

#[test]
fn a_dropped_inventory_is_sized_with_a_bar_per_host() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    drop_file(&mut harness, &inventory(dir.path()));
    assert_eq!(harness.state().current_pane(), Some(Pane::Planner));
    assert!(
        harness
            .query_by_label_contains("1 compute racks, 1 x OR-G1-C5M5R5-12")
            .is_some(),
        "the Outpost's racks are shown"
    );
    // One whole host of each family and its spare, each a bar labelled with its slots.
    for bar in [
        "m5 host 1: 24 x m5.xlarge, 96/96 vCPUs",
        "m5 host 2 (spare): 24 x m5.xlarge, 96/96 vCPUs",
        "r5 host 1: 6 x r5.4xlarge, 96/96 vCPUs",
    ] {
        assert!(harness.query_by_label(bar).is_some(), "{bar}");
    }
    assert!(
        harness
            .query_by_label_contains("30 servers read: 30 placed, 0 not")
            .is_some()
    );

    // Placed with the workload list (its one workload takes the rows naming none).
    harness
        .get_by_label("place with the workload list")
        .scroll_to_me();
    settle(&mut harness);
    harness.get_by_label("place with the workload list").click();
    settle(&mut harness);
    assert!(
        harness.query_by_label_contains("(plant-vision)").is_some()
            || harness
                .query_by_label_contains("plant-vision runs in")
                .is_some(),
        "the workload list's workload is placed"
    );
}

#[test]
fn a_dropped_file_that_is_not_an_inventory_is_said_and_not_sized() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = harness(dir.path().join("db.sqlite"));
    settle(&mut harness);
    let broken = dir.path().join("export.xlsx");
    std::fs::write(&broken, b"this is not a workbook").expect("write");
    drop_file(&mut harness, &broken);
    assert_eq!(harness.state().current_pane(), Some(Pane::Planner));
    let notice = harness.state().notice().expect("a notice").to_owned();
    assert!(
        notice.contains("could not be read as a server inventory"),
        "{notice}"
    );
    assert!(
        harness
            .query_by_label_contains("save the RVTools export as .xlsx")
            .is_some(),
        "the section says why and what to do"
    );
}
