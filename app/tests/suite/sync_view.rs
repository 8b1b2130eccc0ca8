//! The Sync view driven headless against the AWS emulator: a sync started from the form shows
//! per-Region progress and the warnings of a Region that refuses access, stores a snapshot, and
//! the app then shows that snapshot. Its own test binary, because it sets the process's AWS
//! environment (test keys, no user config files, no instance metadata).

use crate::common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use edge_atlas::topology::NodeKind;
use edge_atlas_app::app::EdgeAtlasApp;
use edge_atlas_emulator::{EmulatorConfig, FaultConfig, FixtureSource, RunningEmulator};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

use common::settle;

fn type_into(harness: &mut Harness<'static, EdgeAtlasApp>, label: &str, text: &str) {
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .focus();
    settle(harness);
    harness
        .get_by_role_and_label(Role::TextInput, label)
        .type_text(text);
    settle(harness);
}

/// The app on a fresh database in `dir`, on its Sync view, the endpoint set to `emulator`'s.
fn sync_view_against(
    emulator: &RunningEmulator,
    dir: &std::path::Path,
) -> Harness<'static, EdgeAtlasApp> {
    let mut harness = Harness::builder()
        .with_size(egui::Vec2::new(1360.0, 1000.0))
        .build_ui_state(
            |ui, app: &mut EdgeAtlasApp| app.show(ui),
            EdgeAtlasApp::open(dir.join("db.sqlite")),
        );
    settle(&mut harness);
    harness.get_by_label("Sync").click();
    settle(&mut harness);
    type_into(&mut harness, "Endpoint URL", &emulator.endpoint_url());
    harness
}

/// Clicks Start sync and steps frames until the view says the snapshot is stored (at most a
/// minute; a failed sync fails the test).
fn start_and_wait_until_stored(harness: &mut Harness<'static, EdgeAtlasApp>) {
    harness.get_by_label("Start sync").click();
    settle(harness);
    let started = Instant::now();
    while harness.query_by_label_contains("Stored snapshot").is_none() {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the sync did not finish within a minute"
        );
        assert!(
            harness
                .query_by_label_contains("Nothing was stored")
                .is_none(),
            "the sync failed"
        );
        std::thread::sleep(Duration::from_millis(50));
        harness.step();
    }
    settle(harness);
}

#[test]
fn a_sync_from_the_sync_view_shows_progress_and_warnings_and_the_new_snapshot() {
    edge_atlas_emulator::use_test_credentials();
    let emulator = RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Demo,
        page_size: 25,
        faults: FaultConfig {
            access_denied_regions: BTreeSet::from(["eu-central-1".to_owned()]),
            ..FaultConfig::default()
        },
        ..EmulatorConfig::default()
    })
    .expect("emulator starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = sync_view_against(&emulator, dir.path());
    type_into(
        &mut harness,
        "Regions",
        "us-east-2, eu-central-1, ap-northeast-1",
    );
    start_and_wait_until_stored(&mut harness);
    // A finished progress bar per Region.
    for region in ["us-east-2", "ap-northeast-1", "eu-central-1"] {
        assert!(
            harness
                .query_by_label_contains(&format!("{region}: "))
                .is_some_and(|bar| format!("{bar:?}").contains("done")),
            "{region} has a finished progress bar"
        );
    }
    // The refused Region's warnings name the IAM action to grant.
    assert!(harness.query_by_label_contains("Warnings (").is_some());
    assert!(
        harness.query_all_by_label_contains("ec2:Describe").count() > 0,
        "an IAM action to grant"
    );
    assert!(harness.query_all_by_label("eu-central-1").count() > 0);
    // The app now shows the synced snapshot.
    assert!(
        harness
            .query_by_label_contains("Snapshot 2 · taken")
            .is_some(),
        "the status bar shows the new snapshot"
    );
    assert!(harness.query_by_label_contains("source: sync").is_some());
}

#[test]
fn an_organisation_sync_from_the_sync_view_shows_each_account() {
    edge_atlas_emulator::use_test_credentials();
    let denied = edge_atlas_emulator::org_fixture::member_account_id(1);
    let emulator = RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Org(4),
        faults: FaultConfig {
            deny_roles: BTreeSet::from([denied]),
            ..FaultConfig::default()
        },
        ..EmulatorConfig::default()
    })
    .expect("emulator starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = sync_view_against(&emulator, dir.path());
    type_into(&mut harness, "Regions", "us-east-2");
    harness
        .get_by_label("Every account of the organisation (AWS Organizations)")
        .click();
    settle(&mut harness);
    type_into(&mut harness, "Role in each account", "EdgeAtlasReadOnly");
    start_and_wait_until_stored(&mut harness);
    assert!(harness.query_by_label("5 of 6 accounts read").is_some());
    assert!(
        harness
            .query_by_label("northwind-app-001 (200000000001)")
            .is_some(),
        "a row per account, named"
    );
    assert!(harness.query_all_by_label_contains("read: ").count() == 5);
    assert!(
        harness
            .query_by_label("not read (see the warnings)")
            .is_some()
    );
    // The warnings, each with its account, are below the account rows, scrolled out of this
    // harness's view; the warning itself is checked by `cli_sync.rs` and the aws suite.

    // The stored snapshot holds several accounts: the graph groups by account on request,
    // each account a root named as the organisation names it.
    harness.get_by_label("Graph").click();
    settle(&mut harness);
    assert!(
        harness
            .state()
            .graph()
            .layout()
            .caption()
            .contains("Region")
    );
    assert!(
        !harness
            .state()
            .graph()
            .layout()
            .caption()
            .contains("account")
    );
    harness.get_by_label("Group by account").click();
    settle(&mut harness);
    let app = harness.state();
    let workspace = app.workspace().expect("the synced snapshot");
    let grouped = app.graph().topology(workspace);
    let infrastructure = grouped
        .graph
        .node_indices()
        .find(|node| {
            let node = grouped.node(*node);
            node.kind == NodeKind::Account && node.label.contains("northwind-edge-infrastructure")
        })
        .expect("the infrastructure account's node, named");
    assert!(
        grouped.parent[infrastructure.index()].is_none(),
        "accounts are roots"
    );
    // The shared Outposts sit under the account that owns them.
    for outpost in &workspace.estate.outposts {
        let mut node = grouped.find(&outpost.outpost_id).expect("the Outpost");
        while let Some(parent) = grouped.parent[node.index()] {
            node = parent;
        }
        assert_eq!(node, infrastructure, "{}", outpost.outpost_id);
    }
    let caption = app.graph().layout().caption();
    assert!(
        caption.contains(&format!("{} accounts", workspace.accounts.len())),
        "{caption}"
    );
}

#[test]
fn a_sync_through_an_aws_config_aggregator_reads_only_the_edge_accounts_and_the_inventory_filters_by_account()
 {
    edge_atlas_emulator::use_test_credentials();
    let emulator = RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Org(4),
        ..EmulatorConfig::default()
    })
    .expect("emulator starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = sync_view_against(&emulator, dir.path());
    harness
        .get_by_label("Every account of the organisation (AWS Organizations)")
        .click();
    settle(&mut harness);
    type_into(&mut harness, "Role in each account", "EdgeAtlasReadOnly");
    type_into(
        &mut harness,
        "AWS Config aggregator",
        edge_atlas_emulator::config_service::AGGREGATOR_NAME,
    );
    start_and_wait_until_stored(&mut harness);
    // Only the edge accounts are read account by account: the Outposts' owner among them,
    // never the management account, which holds nothing.
    // Every edge account read (org:4 has six accounts; the edge is fewer).
    let all_read = (1..6).any(|count| {
        harness
            .query_by_label(&format!("{count} of {count} accounts read"))
            .is_some()
    });
    assert!(
        all_read,
        "every edge account read, and not all six accounts"
    );
    assert!(
        harness
            .query_by_label_contains("northwind-edge-infrastructure")
            .is_some(),
        "the Outposts' owner is read, named"
    );
    assert!(
        harness
            .query_by_label_contains("northwind-management")
            .is_none()
    );
    // The stored snapshot holds several accounts: the inventory offers them.
    harness.get_by_label("Inventory").click();
    settle(&mut harness);
    assert!(
        harness.query_by_label("Account").is_some(),
        "the account filter"
    );
}
