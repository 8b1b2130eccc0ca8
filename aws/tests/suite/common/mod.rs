//! Shared by the sync tests: credentials for the emulator, starting it, comparing estates.

use edge_atlas::model::{EntityKind, Estate};
use edge_atlas_aws::{Cancel, SyncError, SyncOptions, SyncOutcome, sync_estate};
use edge_atlas_emulator::{FaultConfig, RunningEmulator};

/// Points the standard credential chain at fixed test keys (see the emulator crate).
pub fn test_credentials() {
    edge_atlas_emulator::use_test_credentials();
}

/// An emulator serving the demo in small pages, with `faults`.
pub fn emulator(faults: FaultConfig) -> RunningEmulator {
    edge_atlas_emulator::demo_for_sync_tests(faults).expect("emulator starts")
}

/// Sync options for an emulator.
pub fn options(emulator: &RunningEmulator) -> SyncOptions {
    SyncOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        ..SyncOptions::default()
    }
}

/// Runs a sync to the end on a runtime of its own.
pub fn sync(options: &SyncOptions) -> Result<SyncOutcome, SyncError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let (events, _received) = tokio::sync::mpsc::unbounded_channel();
    runtime.block_on(sync_estate(options, events, Cancel::new()))
}

/// One kind's entities as JSON, sorted by id, for comparing estates regardless of order.
pub fn sorted(estate: &Estate, kind: EntityKind) -> Vec<serde_json::Value> {
    let mut records = estate.records(kind);
    records.sort_by_key(|record| record.to_string());
    records
}

/// Differences kind by kind, field by field (empty when the estates hold the same entities).
pub fn differences(expected: &Estate, actual: &Estate, kinds: &[EntityKind]) -> Vec<String> {
    let mut problems = Vec::new();
    for kind in kinds {
        let want = sorted(expected, *kind);
        let got = sorted(actual, *kind);
        if want.len() != got.len() {
            problems.push(format!(
                "{}: {} expected, {} synced",
                kind.as_str(),
                want.len(),
                got.len()
            ));
            continue;
        }
        for (want, got) in want.iter().zip(&got) {
            if want != got {
                problems.push(format!(
                    "{}:\n  expected {want}\n  synced   {got}",
                    kind.as_str()
                ));
            }
        }
    }
    problems
}

/// Every kind the demo fixture has (the offerings are derived by the emulator, compared apart).
pub fn fixture_kinds() -> Vec<EntityKind> {
    EntityKind::ALL
        .iter()
        .copied()
        .filter(|kind| *kind != EntityKind::InstanceTypeOffering)
        .collect()
}
