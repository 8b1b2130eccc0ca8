//! `edge-atlas sync` as a command: exit codes, the JSON summary, and a sync process killed at
//! random moments (SIGKILL), 20 times, never corrupting the database nor losing a snapshot.
//!
//! The kill test re-runs its own binary as the syncing process: with `EDGE_ATLAS_SYNC_CHILD`
//! set, the test body runs `edge-atlas sync` (the same function the binary calls) and exits.

use std::collections::BTreeSet;
use std::process::{Command, ExitCode};
use std::time::Duration;

use clap::Parser;
use edge_atlas::store::Store;
use edge_atlas_app::cli::{Cli, Command as CliCommand};
use edge_atlas_emulator::{FaultConfig, RunningEmulator};

/// An emulator serving the demo in small pages, with `faults`, and the test credentials.
fn emulator(faults: FaultConfig) -> RunningEmulator {
    edge_atlas_emulator::demo_for_sync_tests(faults).expect("emulator starts")
}

fn run_sync(db: &std::path::Path, arguments: &[&str]) -> (ExitCode, String) {
    let cli =
        Cli::try_parse_from(["edge-atlas", "sync"].iter().chain(arguments)).expect("arguments");
    let Some(CliCommand::Sync(args)) = cli.command else {
        panic!("not a sync command");
    };
    let mut out = Vec::new();
    let code = edge_atlas_app::cli::sync::run(db, &args, &mut out).expect("sync runs");
    (code, String::from_utf8(out).expect("utf-8"))
}

#[test]
fn an_organisation_sync_names_its_accounts_and_each_warnings_account() {
    edge_atlas_emulator::use_test_credentials();
    let denied = edge_atlas_emulator::org_fixture::member_account_id(1);
    let org = RunningEmulator::start(edge_atlas_emulator::EmulatorConfig {
        fixture: edge_atlas_emulator::FixtureSource::Org(4),
        faults: FaultConfig {
            deny_roles: BTreeSet::from([denied.clone()]),
            ..FaultConfig::default()
        },
        ..edge_atlas_emulator::EmulatorConfig::default()
    })
    .expect("emulator starts");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("org.sqlite");
    let url = org.endpoint_url();
    let (code, out) = run_sync(
        &db,
        &[
            "--endpoint-url",
            &url,
            "--organization",
            "--role-name",
            "EdgeAtlasReadOnly",
            "--json",
        ],
    );
    assert_eq!(code, ExitCode::from(3), "{out}");
    let summary: serde_json::Value = serde_json::from_str(&out).expect("JSON summary");
    assert_eq!(summary["account_id"], "111100000000");
    assert_eq!(summary["accounts"].as_array().map(Vec::len), Some(5));
    assert_eq!(
        summary["account_names"]["111100000000"],
        "northwind-management"
    );
    let warnings = summary["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0]["account_id"], denied.as_str());
    assert_eq!(warnings[0]["call"], "sts:AssumeRole");
    // The snapshot keeps the accounts read and their names.
    let info = Store::open(&db)
        .expect("open")
        .list_snapshots()
        .expect("list");
    assert_eq!(info[0].accounts.len(), 5);
    assert_eq!(info[0].account_names.len(), 6);
    // Flags that only mean something with --organization are refused without it.
    assert!(
        Cli::try_parse_from(["edge-atlas", "sync", "--accounts", "111100000000"]).is_err(),
        "--accounts needs --organization"
    );
}

#[test]
fn exit_codes_and_the_json_summary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("sync.sqlite");

    let clean = emulator(FaultConfig::default());
    let (code, out) = run_sync(&db, &["--endpoint-url", &clean.endpoint_url(), "--json"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let summary: serde_json::Value = serde_json::from_str(&out).expect("JSON summary");
    assert_eq!(summary["snapshot_id"], 1);
    assert_eq!(summary["account_id"], "123456789012");
    assert_eq!(summary["counts"]["vif"], 12);
    assert_eq!(summary["counts"]["outpost"], 3);
    assert_eq!(summary["warnings"].as_array().map(Vec::len), Some(0));

    let denied = emulator(FaultConfig {
        access_denied_regions: ["ap-northeast-1".to_owned()].into(),
        ..FaultConfig::default()
    });
    let (code, out) = run_sync(&db, &["--endpoint-url", &denied.endpoint_url()]);
    assert_eq!(code, ExitCode::from(3), "{out}");
    assert!(out.contains("Stored snapshot 2"), "{out}");
    assert!(
        out.contains("grant the IAM action ec2:DescribeInstances"),
        "{out}"
    );

    let expired = emulator(FaultConfig {
        expired_credentials: true,
        ..FaultConfig::default()
    });
    let (code, out) = run_sync(&db, &["--endpoint-url", &expired.endpoint_url()]);
    assert_eq!(code, ExitCode::FAILURE, "{out}");
    let store = Store::open(&db).expect("open");
    assert_eq!(
        store.list_snapshots().expect("list").len(),
        2,
        "nothing stored on failure"
    );
    // No credential ever reaches the database.
    drop(store);
    let bytes = std::fs::read(&db).expect("database bytes");
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("not-a-real-secret") && !text.contains("AKIDEDGEATLASTEST"));
}

const CHILD_ENV: &str = "EDGE_ATLAS_SYNC_CHILD";
const KILL_TEST: &str = "cli_sync::a_killed_sync_never_corrupts_the_database_nor_loses_a_snapshot";

#[test]
fn a_killed_sync_never_corrupts_the_database_nor_loses_a_snapshot() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        let (db, url) = spec.split_once('|').expect("db|url");
        edge_atlas_emulator::use_test_credentials();
        let _ = run_sync(std::path::Path::new(db), &["--endpoint-url", url]);
        return;
    }
    // A sync that takes about a second: 15 ms per request.
    let emulator = emulator(FaultConfig {
        latency_ms: 15,
        ..FaultConfig::default()
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("killed.sqlite");
    let (code, _) = run_sync(&db, &["--endpoint-url", &emulator.endpoint_url()]);
    assert_eq!(code, ExitCode::SUCCESS);
    let first = Store::open(&db)
        .expect("open")
        .load_estate(1)
        .expect("first snapshot");
    let me = std::env::current_exe().expect("test binary");
    let mut committed = 1usize;
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for round in 0..20 {
        let mut child = Command::new(&me)
            .args([KILL_TEST, "--exact", "--nocapture", "--test-threads=1"])
            .env(
                CHILD_ENV,
                format!("{}|{}", db.display(), emulator.endpoint_url()),
            )
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the sync");
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        std::thread::sleep(Duration::from_millis(50 + state % 1500));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        let store = Store::open(&db).unwrap_or_else(|e| panic!("round {round}: reopen: {e}"));
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let snapshots = store.list_snapshots().expect("list");
        assert!(
            snapshots.len() >= committed,
            "round {round}: a snapshot was lost"
        );
        committed = snapshots.len();
        assert_eq!(
            store.load_estate(1).expect("first loads"),
            first,
            "round {round}"
        );
        for info in &snapshots {
            let estate = store.load_estate(info.id).expect("every snapshot loads");
            assert_eq!(
                estate.entity_count() as u64,
                info.entity_count,
                "round {round}: partial snapshot {}",
                info.id
            );
        }
    }
}

/// `edge-atlas ARGS` against `db` through the library, as the binary runs it.
fn run_command(db: &std::path::Path, args: &[&str]) -> String {
    let cli = Cli::try_parse_from(["edge-atlas"].iter().chain(args)).expect("arguments");
    let mut out = Vec::new();
    let command = cli.command.as_ref().expect("a command");
    edge_atlas_app::cli::run(db, command, &mut out).expect("the command runs");
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn a_diff_never_reports_what_a_sync_could_not_read_as_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("gaps.sqlite");
    let clean = emulator(FaultConfig::default());
    let (code, _) = run_sync(&db, &["--endpoint-url", &clean.endpoint_url()]);
    assert_eq!(code, ExitCode::SUCCESS);
    // The Region of an Outpost: its sites, Outposts, assets and network all fail next time.
    let outposts: serde_json::Value = serde_json::from_str(&run_command(
        &db,
        &["inventory", "--kind", "outpost", "--json"],
    ))
    .expect("JSON");
    let region = outposts[0]["region"]
        .as_str()
        .expect("an Outpost")
        .to_owned();
    let denied = emulator(FaultConfig {
        access_denied_regions: [region.clone()].into(),
        ..FaultConfig::default()
    });
    let (code, _) = run_sync(&db, &["--endpoint-url", &denied.endpoint_url()]);
    assert_eq!(code, ExitCode::from(3));

    let diff: serde_json::Value =
        serde_json::from_str(&run_command(&db, &["diff", "1", "2", "--json"])).expect("JSON");
    for part in ["removed", "added", "changed"] {
        assert_eq!(
            diff["diff"][part].as_array().map(Vec::len),
            Some(0),
            "nothing {part}: {}",
            diff["diff"][part]
        );
    }
    let gaps = diff["not_fetched"].as_array().expect("not_fetched array");
    let kinds: BTreeSet<&str> = gaps.iter().filter_map(|g| g["kind"].as_str()).collect();
    for kind in ["asset", "site", "outpost", "vif", "route-table"] {
        assert!(kinds.contains(kind), "{kind} in {kinds:?}");
    }
    for gap in gaps {
        assert_eq!(gap["region"], region.as_str(), "{gap}");
        assert_eq!(gap["account_id"], "123456789012");
        assert_eq!(gap["snapshot"], "to");
        assert!(
            gap["warning"]
                .as_str()
                .is_some_and(|w| w.contains("UnauthorizedOperation") || w.contains("AccessDenied")),
            "{gap}"
        );
    }
    let set_apart: usize = gaps
        .iter()
        .map(|g| g["ids"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(set_apart > 10, "{set_apart}");
    let text = run_command(&db, &["diff", "1", "2"]);
    assert!(
        text.starts_with("Snapshot 1 -> 2: 0 added, 0 removed, 0 changed"),
        "{text}"
    );
    assert!(
        text.contains("? asset not fetched in snapshot 2 in "),
        "{text}"
    );
}

#[test]
fn sync_checks_the_database_before_it_calls_aws() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("other-app.db");
    {
        let conn = rusqlite::Connection::open(&db).expect("create");
        conn.execute_batch("CREATE TABLE notes (text TEXT);")
            .expect("another application's table");
    }
    let before = std::fs::read(&db).expect("read");
    let emulator = emulator(FaultConfig::default());
    let cli = Cli::try_parse_from([
        "edge-atlas",
        "sync",
        "--endpoint-url",
        &emulator.endpoint_url(),
    ])
    .expect("arguments");
    let Some(CliCommand::Sync(args)) = cli.command else {
        panic!("not a sync command");
    };
    let error = edge_atlas_app::cli::sync::run(&db, &args, &mut Vec::new())
        .expect_err("refused before syncing");
    assert!(
        format!("{error:#}").contains("not an Edge Atlas one"),
        "{error:#}"
    );
    assert!(emulator.state().calls().is_empty(), "AWS was called");
    assert_eq!(std::fs::read(&db).expect("read"), before);
}

#[test]
fn credentials_in_an_endpoint_url_are_never_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("userinfo.sqlite");
    let emulator = emulator(FaultConfig::default());
    let url = emulator
        .endpoint_url()
        .replace("http://", "http://AKIAUSERINFO:hunter2@");
    let (code, out) = run_sync(&db, &["--endpoint-url", &url, "--region", "us-east-1"]);
    assert_eq!(code, ExitCode::SUCCESS, "{out}");
    let store = Store::open(&db).expect("open");
    let info = store.snapshot(1).expect("snapshot");
    assert!(
        info.source.contains("--endpoint-url http://127.0.0.1"),
        "{}",
        info.source
    );
    let stored = std::fs::read(&db).expect("read");
    let wal = std::fs::read(db.with_extension("sqlite-wal")).unwrap_or_default();
    for bytes in [stored, wal] {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("hunter2") && !text.contains("AKIAUSERINFO"));
    }
}
