//! The fault matrix: throttling, server errors, dropped connections and latency, three seeds
//! each, with the default options. Every sync must store exactly what a fault-free one does,
//! with no warning: these faults heal, so a complete snapshot is the only right answer.

use crate::common;

use common::{differences, emulator, fixture_kinds, options, sync};
use edge_atlas::model::EntityKind;
use edge_atlas_emulator::FaultConfig;

const SEEDS: [u64; 3] = [1, 7, 2026];

fn faults_of(name: &str, seed: u64) -> FaultConfig {
    let base = FaultConfig {
        seed,
        ..FaultConfig::default()
    };
    match name {
        "throttling" => FaultConfig {
            throttle_rate: 0.3,
            ..base
        },
        "server errors" => FaultConfig {
            server_error_rate: 0.15,
            ..base
        },
        "dropped connections" => FaultConfig {
            drop_rate: 0.08,
            ..base
        },
        "latency" => FaultConfig {
            latency_ms: 20,
            throttle_rate: 0.05,
            ..base
        },
        other => panic!("no fault named {other}"),
    }
}

#[test]
fn syncs_under_transient_faults_equal_the_fault_free_sync() {
    let clean = emulator(FaultConfig::default());
    let expected = sync(&options(&clean)).expect("fault-free sync").estate;
    let mut kinds = fixture_kinds();
    kinds.push(EntityKind::InstanceTypeOffering);
    let mut failures = Vec::new();
    for name in [
        "throttling",
        "server errors",
        "dropped connections",
        "latency",
    ] {
        for seed in SEEDS {
            let faulty = emulator(faults_of(name, seed));
            let outcome = match sync(&options(&faulty)) {
                Ok(outcome) => outcome,
                Err(error) => {
                    failures.push(format!("{name}, seed {seed}: {error}"));
                    continue;
                }
            };
            let problems = differences(&expected, &outcome.estate, &kinds);
            if !problems.is_empty() || !outcome.meta.warnings.is_empty() {
                failures.push(format!(
                    "{name}, seed {seed}: {} differences, {} warnings\n{}\n{:?}",
                    problems.len(),
                    outcome.meta.warnings.len(),
                    problems.join("\n"),
                    outcome.meta.warnings
                ));
            }
            let served: u64 = faulty.state().calls().values().sum();
            if name != "latency" && served <= outcome.requests {
                failures.push(format!(
                    "{name}, seed {seed}: no request was retried ({served} served)"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
