//! Sync wall time against (a) its critical path and (b) the same calls made by the AWS CLI.
//!
//! ```sh
//! cargo bench -p edge-atlas-aws --bench sync -- [--regions 30] [--latency-ms 50] [--runs 5] [--cli-regions 3]
//! ```
//!
//! The emulator serves the demo estate (`--regions` of its Regions) with `--latency-ms` added to
//! every request and pages of at most 25 items. (a) is the longest chain of dependent requests
//! in any Region (pages count one by one) plus STS and DescribeRegions, times the latency: no
//! sync of this estate can finish sooner. (b) runs each call of the sync as one `aws` command
//! (which pages itself), one after another, for `--cli-regions` Regions, and scales the time to
//! all Regions. Not run in CI.

#[allow(dead_code)] // not every bench uses every helper
#[path = "../../benches/common/mod.rs"]
mod common;
mod support;

use std::process::Command;
use std::time::{Duration, Instant};

use common::option;
use edge_atlas::model::OptInStatus;
use edge_atlas_aws::{Cancel, SyncOptions, sync_estate};
use edge_atlas_emulator::{EmulatorConfig, FaultConfig, FixtureSource, RunningEmulator};
use support::{PAGE, region_chain, use_bench_credentials};

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn main() {
    use_bench_credentials();
    let latency_ms: u64 = option("--latency-ms", 50);
    let runs: usize = option("--runs", 5);
    let cli_regions: usize = option("--cli-regions", 3);
    let emulator = RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Demo,
        page_size: PAGE,
        faults: FaultConfig {
            latency_ms,
            ..FaultConfig::default()
        },
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let fixture = &emulator.state().fixture;
    let catalog = edge_atlas::catalog::LocationCatalog::embedded().expect("catalog");
    // `--regions N`: the first N Regions of the fixture, asked for by name (the demo enables 19
    // of its 34; naming them syncs the others too, as `--region` does for an opted-in account).
    let wanted: usize = option("--regions", 30);
    let mut regions: Vec<String> = fixture
        .all_regions
        .iter()
        .filter(|region| region.opt_in_status != OptInStatus::NotOptedIn)
        .chain(
            fixture
                .all_regions
                .iter()
                .filter(|region| region.opt_in_status == OptInStatus::NotOptedIn),
        )
        .map(|region| region.region_name.clone())
        .collect();
    regions.truncate(wanted);
    let chain = regions
        .iter()
        .map(|region| {
            let outposts = catalog
                .region(region)
                .is_none_or(|info| info.outposts_endpoint);
            region_chain(fixture.region(&fixture.account_id, region), outposts, true)
        })
        .max()
        .unwrap_or(0)
        + 2;
    let critical = Duration::from_millis(chain as u64 * latency_ms);

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let options = SyncOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        regions: regions.clone(),
        ..SyncOptions::default()
    };
    let mut walls = Vec::new();
    let mut requests = 0;
    let mut entities = 0;
    for _ in 0..runs.max(1) {
        let (events, _received) = tokio::sync::mpsc::unbounded_channel();
        let started = Instant::now();
        let outcome = runtime
            .block_on(sync_estate(&options, events, Cancel::new()))
            .expect("sync");
        walls.push(started.elapsed());
        requests = outcome.requests;
        entities = outcome.estate.entity_count();
        assert!(
            outcome.meta.warnings.is_empty(),
            "{:?}",
            outcome.meta.warnings
        );
    }
    let wall = median(walls.clone());
    println!(
        "estate: demo, {} Regions synced, {entities} entities, {requests} requests, latency {latency_ms} ms, pages of {PAGE}",
        regions.len()
    );
    println!(
        "(a) critical path: {chain} dependent requests x {latency_ms} ms = {} ms",
        critical.as_millis()
    );
    println!(
        "sync wall time: median {} ms of {} runs (min {} ms, max {} ms): {:.2}x the critical path",
        wall.as_millis(),
        walls.len(),
        walls.iter().min().map_or(0, |d| d.as_millis()),
        walls.iter().max().map_or(0, |d| d.as_millis()),
        wall.as_secs_f64() / critical.as_secs_f64()
    );

    if cli_regions == 0 {
        return;
    }
    let aws = std::env::var("AWS_CLI").unwrap_or_else(|_| "aws".to_owned());
    let sample: Vec<&String> = regions.iter().take(cli_regions).collect();
    let calls: &[&[&str]] = &[
        &[
            "ec2",
            "describe-availability-zones",
            "--all-availability-zones",
        ],
        &["ec2", "describe-local-gateways"],
        &["ec2", "describe-local-gateway-virtual-interfaces"],
        &["ec2", "describe-local-gateway-virtual-interface-groups"],
        &["ec2", "describe-local-gateway-route-tables"],
        &["ec2", "describe-local-gateway-route-table-vpc-associations"],
        &[
            "ec2",
            "describe-local-gateway-route-table-virtual-interface-group-associations",
        ],
        &["ec2", "describe-coip-pools"],
        &["ec2", "describe-carrier-gateways"],
        &["ec2", "describe-vpcs"],
        &["ec2", "describe-subnets"],
        &["ec2", "describe-instances"],
        &["ec2", "describe-images", "--owners", "self"],
        &[
            "ec2",
            "describe-instance-type-offerings",
            "--location-type",
            "availability-zone",
        ],
        &["ec2", "describe-outpost-lags"],
        &["ec2", "describe-service-link-virtual-interfaces"],
        &["outposts", "list-outposts"],
        &["outposts", "list-sites"],
        &["outposts", "list-catalog-items"],
    ];
    let started = Instant::now();
    let mut invocations = 0;
    for region in &sample {
        for call in calls {
            let status = Command::new(&aws)
                .args(*call)
                .args([
                    "--region",
                    region,
                    "--endpoint-url",
                    &emulator.endpoint_url(),
                    "--output",
                    "json",
                ])
                .env("AWS_PAGER", "")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status()
                .expect("run the AWS CLI (set AWS_CLI to its path)");
            assert!(status.success(), "aws {call:?} failed");
            invocations += 1;
        }
    }
    let sampled = started.elapsed();
    let scaled = sampled.mul_f64(regions.len() as f64 / sample.len() as f64);
    println!(
        "(b) AWS CLI, one command per call, in a loop: {invocations} commands for {} Regions in {:.1} s; scaled to {} Regions: {:.1} s (per-Outpost calls not included, which favours the CLI)",
        sample.len(),
        sampled.as_secs_f64(),
        regions.len(),
        scaled.as_secs_f64()
    );
    println!(
        "sync is {:.0}x faster than (b)",
        scaled.as_secs_f64() / wall.as_secs_f64()
    );
}
