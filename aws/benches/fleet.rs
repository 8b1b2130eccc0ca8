//! A fleet sync, direct (`--organization`) and through AWS Config (`--config-aggregator`),
//! against its critical path: wall time, requests and peak memory.
//!
//! ```sh
//! cargo build --release --workspace     # the emulator binary this bench starts
//! cargo bench -p edge-atlas-aws --bench fleet -- [--members 500] [--regions 4] [--latency-ms 30] [--account-concurrency 8] [--path both|direct|config]
//! ```
//!
//! `--path` runs one of the two alone, for a peak memory that owes nothing to the other.
//!
//! The emulator runs as a process of its own (`target/release/edge-atlas-emulator`, or
//! `EDGE_ATLAS_EMULATOR`) serving `--fixture org:MEMBERS` in pages of 25 with `--latency-ms`
//! added to every request, so the peak memory printed is the sync's alone (`VmHWM` of this
//! process, reset before each sync). Both syncs read the `--regions` Regions holding the most.
//!
//! Critical paths, from the same fixture built in this process: direct, GetCallerIdentity and
//! the ListAccounts pages, then the accounts: each is AssumeRole, DescribeRegions and its
//! longest Region chain ([`support::region_chain`]), and at most `--account-concurrency`
//! run at once, so the accounts take at least the longest of them and at least their sum
//! divided by the bound. Through Config, GetCallerIdentity, then the longest of the Config
//! pages, DescribeRegions and the ListAccounts pages (they run at once), then the longest of
//! the edge accounts (as above, without the Config kinds' calls) and the zones call. Not run
//! in CI.

#[allow(dead_code)] // not every bench uses every helper
#[path = "../../benches/common/mod.rs"]
mod common;
mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::option;
use edge_atlas::fleet::edge_footprint;
use edge_atlas::model::Estate;
use edge_atlas_aws::{AccountSelection, Cancel, SyncOptions, SyncOutcome, sync_estate};
use edge_atlas_emulator::org_fixture::MANAGEMENT_ACCOUNT_ID;
use edge_atlas_emulator::{Fixture, FixtureSource};
use support::{PAGE, pages, region_chain, use_bench_credentials};

/// Organizations answers at most 20 accounts a page.
const ORGANIZATIONS_PAGE: usize = 20;

fn main() {
    use_bench_credentials();
    let members: u32 = option("--members", 500);
    let region_count: usize = option("--regions", 4);
    let latency_ms: u64 = option("--latency-ms", 30);
    let account_concurrency: usize = option("--account-concurrency", 8);
    let path: String = option("--path", "both".to_owned());

    // The fixture, to choose the Regions and compute the critical paths; dropped before the
    // syncs (the emulator process builds its own).
    let started = Instant::now();
    let fixture = Fixture::load(&FixtureSource::Org(members), 0).expect("fixture");
    let regions = busiest_regions(&fixture, region_count);
    let (direct_path, config_path, edge_accounts, recorded) =
        critical_paths(&fixture, &regions, account_concurrency);
    drop(fixture);
    println!(
        "fixture org:{members} ({} accounts) built in {} ms; Regions: {}",
        members + 2,
        started.elapsed().as_millis(),
        regions.join(", ")
    );

    let (mut emulator, url) = start_emulator(members, latency_ms);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let base = SyncOptions {
        endpoint_url: Some(url.clone()),
        regions: regions.clone(),
        account_concurrency,
        ..SyncOptions::default()
    };
    let direct = SyncOptions {
        accounts: AccountSelection::Organization {
            role_name: "EdgeAtlasReadOnly".to_owned(),
            external_id: None,
            only: Vec::new(),
            exclude: Vec::new(),
            organizational_unit: None,
        },
        ..base.clone()
    };
    let through_config = SyncOptions {
        accounts: AccountSelection::ConfigAggregator {
            name: "edge-atlas-organization".to_owned(),
            region: Some("us-east-1".to_owned()),
            role_name: "EdgeAtlasReadOnly".to_owned(),
            external_id: None,
        },
        ..base
    };
    println!(
        "latency {latency_ms} ms per request, pages of {PAGE}, {account_concurrency} accounts at once, {} Regions, 8 requests in flight per Region",
        regions.len()
    );
    println!(
        "| path | wall time | critical path | wall / critical | requests (sync / emulator) | accounts read | entities | peak RSS of the sync |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut results = Vec::new();
    let runs = [
        ("direct", &direct, direct_path),
        ("AWS Config", &through_config, config_path),
    ];
    let wanted = |name: &str| match path.as_str() {
        "direct" => name == "direct",
        "config" => name == "AWS Config",
        _ => true,
    };
    for (name, options, critical) in runs.into_iter().filter(|(name, ..)| wanted(name)) {
        admin(&url, "DELETE", "calls");
        let baseline_kib = reset_peak_memory();
        let (events, _received) = tokio::sync::mpsc::unbounded_channel();
        let started = Instant::now();
        let outcome: SyncOutcome = runtime
            .block_on(sync_estate(options, events, Cancel::new()))
            .expect("sync");
        let wall = started.elapsed();
        let peak_kib = peak_memory_kib();
        let served: u64 =
            serde_json::from_str::<BTreeMap<String, u64>>(&admin(&url, "GET", "calls"))
                .map(|calls| calls.values().sum())
                .unwrap_or(0);
        assert!(
            outcome.meta.warnings.is_empty(),
            "{name}: {:?}",
            outcome.meta.warnings
        );
        println!(
            "| {name} | {:.2} s | {:.2} s | {:.2}x | {} / {served} | {} | {} | {} MB (from {} MB before) |",
            wall.as_secs_f64(),
            critical.as_secs_f64(),
            wall.as_secs_f64() / critical.as_secs_f64(),
            outcome.requests,
            outcome.meta.accounts.len(),
            outcome.estate.entity_count(),
            peak_kib / 1024,
            baseline_kib / 1024,
        );
        results.push((outcome, served));
    }
    let [
        (direct_outcome, direct_served),
        (config_outcome, config_served),
    ] = &results[..]
    else {
        let _ = emulator.kill();
        let _ = emulator.wait();
        return;
    };
    println!(
        "edge accounts read directly through Config: {edge_accounts}; recorded items: {recorded}"
    );
    println!(
        "Config makes {:.0}x fewer requests ({direct_served} / {config_served} served)",
        *direct_served as f64 / (*config_served).max(1) as f64
    );
    let same = |kind| {
        let ids = |estate: &Estate| -> BTreeSet<String> {
            estate
                .records(kind)
                .iter()
                .map(|record| record.to_string())
                .collect()
        };
        ids(&direct_outcome.estate).len() == ids(&config_outcome.estate).len()
    };
    println!(
        "same numbers of instances, VPCs, subnets and carrier gateways: {}",
        [
            edge_atlas::model::EntityKind::Instance,
            edge_atlas::model::EntityKind::Vpc,
            edge_atlas::model::EntityKind::Subnet,
            edge_atlas::model::EntityKind::CarrierGateway,
        ]
        .into_iter()
        .all(same)
    );
    let _ = emulator.kill();
    let _ = emulator.wait();
}

/// The `count` Regions holding the most entities over every account.
fn busiest_regions(fixture: &Fixture, count: usize) -> Vec<String> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    for (_, regions) in fixture.accounts() {
        for (region, data) in regions {
            *sizes.entry(region.clone()).or_default() += data.estate.entity_count();
        }
    }
    let mut ranked: Vec<(String, usize)> = sizes.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<String> = ranked.into_iter().take(count).map(|(r, _)| r).collect();
    chosen.sort();
    chosen
}

/// The direct and the Config critical paths, the edge accounts and the recorded items.
fn critical_paths(
    fixture: &Fixture,
    regions: &[String],
    account_concurrency: usize,
) -> (Duration, Duration, usize, usize) {
    let latency_ms: u64 = option("--latency-ms", 30);
    let catalog = edge_atlas::catalog::LocationCatalog::embedded().expect("catalog");
    let has_outposts = |region: &str| {
        catalog
            .region(region)
            .is_none_or(|info| info.outposts_endpoint)
    };
    let accounts = fixture.accounts().count();
    let org_pages = accounts.div_ceil(ORGANIZATIONS_PAGE);
    let account_time = |account: &str, only: &[String], config_kinds: bool| -> usize {
        let assume = usize::from(account != MANAGEMENT_ACCOUNT_ID);
        let describe_regions = usize::from(config_kinds);
        let chain = only
            .iter()
            .map(|region| {
                region_chain(
                    fixture.region(account, region),
                    has_outposts(region),
                    config_kinds,
                )
            })
            .max()
            .unwrap_or(0);
        assume + describe_regions + chain
    };
    let direct_times: Vec<usize> = fixture
        .accounts()
        .map(|(account, _)| account_time(account, regions, true))
        .collect();
    let longest = direct_times.iter().copied().max().unwrap_or(0);
    let sum: usize = direct_times.iter().sum();
    let direct = 1 + org_pages + longest.max(sum.div_ceil(account_concurrency.max(1)));

    // Through Config: the recorded items of the chosen Regions, and the edge they point at.
    let mut recorded = Estate::default();
    for (_, account_regions) in fixture.accounts() {
        for region in regions {
            if let Some(data) = account_regions.get(region) {
                recorded
                    .instances
                    .extend(data.estate.instances.iter().cloned());
                recorded.vpcs.extend(data.estate.vpcs.iter().cloned());
                recorded.subnets.extend(data.estate.subnets.iter().cloned());
                recorded
                    .carrier_gateways
                    .extend(data.estate.carrier_gateways.iter().cloned());
            }
        }
    }
    let items = recorded.entity_count();
    let config_pages = pages(items);
    let mut edge: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (account, region) in edge_footprint(&recorded) {
        edge.entry(account).or_default().push(region);
    }
    let edge_times: Vec<usize> = edge
        .iter()
        .map(|(account, only)| account_time(account, only, false))
        .collect();
    let edge_longest = edge_times.iter().copied().max().unwrap_or(0);
    let edge_sum: usize = edge_times.iter().sum();
    let config = 1
        + config_pages.max(1).max(org_pages)
        + edge_longest
            .max(edge_sum.div_ceil(account_concurrency.max(1)))
            .max(1);
    let to_time = |requests: usize| Duration::from_millis(requests as u64 * latency_ms);
    (to_time(direct), to_time(config), edge.len(), items)
}

/// Starts the emulator binary on a free port; its child process and URL.
fn start_emulator(members: u32, latency_ms: u64) -> (Child, String) {
    let binary = std::env::var_os("EDGE_ATLAS_EMULATOR")
        .map(std::path::PathBuf::from)
        .or_else(|| {
            let exe = std::env::current_exe().ok()?;
            Some(exe.parent()?.parent()?.join("edge-atlas-emulator"))
        })
        .expect("the emulator's path");
    let mut child = Command::new(&binary)
        .args([
            "--fixture",
            &format!("org:{members}"),
            "--latency-ms",
            &latency_ms.to_string(),
            "--page-size",
            &PAGE.to_string(),
            "--port",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|error| {
            panic!(
                "start {} ({error}): build it with `cargo build --release --workspace`, or set EDGE_ATLAS_EMULATOR",
                binary.display()
            )
        });
    let stdout = child.stdout.take().expect("the emulator's output");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("the emulator's first line");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening on URL")
        .to_owned();
    (child, url)
}

/// One request to the emulator's admin API; the body of its answer.
fn admin(url: &str, method: &str, route: &str) -> String {
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect to the emulator");
    let request = format!(
        "{method} /_emulator/{route} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("read");
    answer
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default()
}

/// Resets this process's peak resident memory to its current size (Linux `clear_refs` 5);
/// returns the current size in KiB.
fn reset_peak_memory() -> u64 {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    status_kib("VmRSS:")
}

/// This process's peak resident memory since the last reset, in KiB.
fn peak_memory_kib() -> u64 {
    status_kib("VmHWM:")
}

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with(field))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse().ok())
        })
        .unwrap_or(0)
}
