//! Crash safety: a writer process killed (SIGKILL) at random moments, 24 times, never corrupts
//! the database nor loses a snapshot that was committed before.
//!
//! The test re-runs its own binary as the writer: with `EDGE_ATLAS_CRASH_CHILD_DB` set, the
//! test body becomes a loop that stores generated snapshots until it is killed.

use std::process::Command;
use std::time::Duration;

use edge_atlas::demo;
use edge_atlas::store::Store;

const CHILD_ENV: &str = "EDGE_ATLAS_CRASH_CHILD_DB";
const TEST_NAME: &str =
    "store_crash::a_killed_writer_never_corrupts_the_database_nor_loses_snapshots";

#[test]
fn a_killed_writer_never_corrupts_the_database_nor_loses_snapshots() {
    if let Ok(path) = std::env::var(CHILD_ENV) {
        write_until_killed(&path);
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("crash.sqlite");
    let baseline = demo::demo().expect("demo");
    {
        let mut store = Store::open(&db).expect("create");
        store
            .insert_snapshot(&baseline.meta, &baseline.estate)
            .expect("baseline snapshot");
    }
    let me = std::env::current_exe().expect("test binary path");
    let mut committed_before = 1usize;
    let mut verified_up_to = 0;
    let mut delay_state: u64 = 0x2545_f491_4f6c_dd1d;
    for round in 0..24 {
        let mut child = Command::new(&me)
            .args([TEST_NAME, "--exact", "--nocapture", "--test-threads=1"])
            .env(CHILD_ENV, &db)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start writer");
        // A pseudo-random moment in 20-700 ms: some kills land mid-transaction, some mid-commit.
        delay_state ^= delay_state << 13;
        delay_state ^= delay_state >> 7;
        delay_state ^= delay_state << 17;
        std::thread::sleep(Duration::from_millis(20 + delay_state % 680));
        child.kill().expect("SIGKILL the writer");
        child.wait().expect("reap the writer");

        let store =
            Store::open(&db).unwrap_or_else(|e| panic!("round {round}: reopen failed: {e}"));
        store
            .integrity_check()
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        let snapshots = store.list_snapshots().expect("list");
        assert!(
            snapshots.len() >= committed_before,
            "round {round}: a committed snapshot was lost"
        );
        committed_before = snapshots.len();
        assert_eq!(
            store.load_estate(1).expect("baseline loads"),
            baseline.estate,
            "round {round}"
        );
        let already_verified = verified_up_to;
        for info in snapshots.iter().filter(|info| info.id > already_verified) {
            let estate = store
                .load_estate(info.id)
                .expect("every listed snapshot loads");
            assert_eq!(
                estate.entity_count() as u64,
                info.entity_count,
                "round {round}: snapshot {} is partial",
                info.id
            );
            verified_up_to = info.id;
        }
    }
}

fn write_until_killed(path: &str) {
    let mut store = Store::open(std::path::Path::new(path)).expect("child opens the database");
    for seed in 1..200u64 {
        let generated = demo::generate(12, seed).expect("generated");
        store
            .insert_snapshot(&generated.meta, &generated.estate)
            .expect("child stores");
    }
}
