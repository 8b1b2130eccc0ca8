//! Sync wall time under transient faults against the fault-free sync of the same estate.
//!
//! ```sh
//! cargo bench -p edge-atlas-aws --bench faults -- [--scale 10] [--throttle-percent 20] [--server-error-percent 5]
//! ```
//!
//! The emulator serves the demo `--scale` times (pages of 25). One fault-free sync, then one
//! sync per fault seed (1, 7, 2026) with the given throttling and 5xx rates and the default
//! options: each must store the same estate as the fault-free one with no warning; the bench
//! prints each time and its ratio to the fault-free time. Not run in CI.

#[allow(dead_code)] // not every bench uses every helper
#[path = "../../benches/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::option;
use edge_atlas::model::{EntityKind, Estate};
use edge_atlas_aws::{Cancel, SyncOptions, SyncOutcome, sync_estate};
use edge_atlas_emulator::{EmulatorConfig, FaultConfig, FixtureSource, RunningEmulator};

fn run(runtime: &tokio::runtime::Runtime, emulator: &RunningEmulator) -> (SyncOutcome, Duration) {
    let options = SyncOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        ..SyncOptions::default()
    };
    let (events, _received) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let outcome = runtime
        .block_on(sync_estate(&options, events, Cancel::new()))
        .expect("sync");
    (outcome, started.elapsed())
}

fn same(a: &Estate, b: &Estate) -> bool {
    EntityKind::ALL.iter().all(|kind| {
        let sorted = |estate: &Estate| {
            let mut records: Vec<String> = estate
                .records(*kind)
                .iter()
                .map(ToString::to_string)
                .collect();
            records.sort();
            records
        };
        sorted(a) == sorted(b)
    })
}

fn main() {
    edge_atlas_emulator::use_test_credentials();
    let scale: u32 = option("--scale", 10);
    let throttle = option("--throttle-percent", 20.0) / 100.0;
    let server_errors = option("--server-error-percent", 5.0) / 100.0;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let start = |faults| {
        RunningEmulator::start(EmulatorConfig {
            fixture: FixtureSource::Scale(scale),
            faults,
            ..EmulatorConfig::default()
        })
        .expect("emulator")
    };
    let clean = start(FaultConfig::default());
    let (expected, clean_time) = run(&runtime, &clean);
    println!(
        "estate: demo x {scale}, {} entities, {} requests; fault-free sync {} ms",
        expected.estate.entity_count(),
        expected.requests,
        clean_time.as_millis()
    );
    for seed in [1, 7, 2026] {
        let faulty = start(FaultConfig {
            throttle_rate: throttle,
            server_error_rate: server_errors,
            seed,
            ..FaultConfig::default()
        });
        let (outcome, time) = run(&runtime, &faulty);
        let served: u64 = faulty.state().calls().values().sum();
        println!(
            "seed {seed}: {} ms ({:.2}x fault-free), {} requests answered for {} sent, {} warnings, estate {}",
            time.as_millis(),
            time.as_secs_f64() / clean_time.as_secs_f64(),
            served,
            outcome.requests,
            outcome.meta.warnings.len(),
            if same(&expected.estate, &outcome.estate) {
                "identical"
            } else {
                "DIFFERENT"
            }
        );
    }
}
