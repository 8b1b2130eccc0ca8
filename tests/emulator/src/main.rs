//! `edge-atlas-emulator`: serves a fixture estate as AWS would, until interrupted.
//!
//! Prints `listening on http://127.0.0.1:PORT` on its first line of standard output (tests read
//! the port from it when they pass `--port 0`).

use std::collections::BTreeSet;
use std::io::Write as _;
use std::time::Instant;

use anyhow::Context as _;
use clap::Parser;
use edge_atlas_emulator::{EmulatorConfig, FaultConfig, FixtureSource, RunningEmulator};

/// Serve EC2, Outposts, STS, Organizations and EC2 Instance Connect from a fixture estate on
/// 127.0.0.1.
#[derive(Parser, Debug)]
#[command(name = "edge-atlas-emulator", version)]
struct Args {
    /// Port to listen on (0: a free one, printed at start).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// `demo`, `scale:N` (the demo N times), `org:N` (the demo spread over an organisation of
    /// N member accounts) or `file:PATH` (an exported snapshot).
    #[arg(long, default_value = "demo")]
    fixture: FixtureSource,
    /// Churn seed for generated fixtures (0: exactly the demo).
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Largest page a paginated call returns, whatever MaxResults asks.
    #[arg(long, default_value_t = 25)]
    page_size: usize,
    /// Milliseconds added to every request.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fraction of requests answered with the throttling error.
    #[arg(long, default_value_t = 0.0)]
    throttle_rate: f64,
    /// Fraction of requests answered with a 500/503 server error.
    #[arg(long, default_value_t = 0.0)]
    server_error_rate: f64,
    /// Fraction of requests whose connection is dropped unanswered.
    #[arg(long, default_value_t = 0.0)]
    drop_rate: f64,
    /// A Region whose calls are denied by IAM (repeatable).
    #[arg(long = "access-denied-region")]
    access_denied_regions: Vec<String>,
    /// An operation (e.g. ListAssetInstances) that answers access denied in every Region
    /// (repeatable).
    #[arg(long = "access-denied-operation")]
    access_denied_operations: Vec<String>,
    /// A Region not enabled for the account (repeatable).
    #[arg(long = "not-opted-in-region")]
    not_opted_in_regions: Vec<String>,
    /// A Region with no Outposts endpoint, besides AWS's eight (repeatable).
    #[arg(long = "no-outposts-region")]
    no_outposts_regions: Vec<String>,
    /// Answer every call with an expired-token error.
    #[arg(long)]
    expired_credentials: bool,
    /// The account has serial console access disabled.
    #[arg(long)]
    serial_console_disabled: bool,
    /// Seed for random faults.
    #[arg(long, default_value_t = 1)]
    fault_seed: u64,
    /// An account whose role cannot be assumed: AssumeRole answers AccessDenied (repeatable).
    #[arg(long = "deny-role", value_name = "ACCOUNT")]
    deny_roles: Vec<String>,
    /// An account whose EC2 and Outposts calls are all denied (repeatable).
    #[arg(long = "access-denied-account", value_name = "ACCOUNT")]
    access_denied_accounts: Vec<String>,
    /// An account Organizations lists as SUSPENDED (repeatable).
    #[arg(long = "suspended-account", value_name = "ACCOUNT")]
    suspended_accounts: Vec<String>,
    /// Lifetime of assumed-role sessions in seconds (0: as AssumeRole asks, an hour by default).
    #[arg(long, default_value_t = 0)]
    session_seconds: u64,
    /// An account whose AWS Config items were captured 30 days ago (repeatable).
    #[arg(long = "config-stale-account", value_name = "ACCOUNT")]
    config_stale_accounts: Vec<String>,
    /// A resource type the Config aggregator does not record, e.g. AWS::EC2::CarrierGateway
    /// (repeatable).
    #[arg(long = "config-unrecorded-type", value_name = "TYPE")]
    config_unrecorded_types: Vec<String>,
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let args = Args::parse();
    let started = Instant::now();
    let set = |regions: Vec<String>| regions.into_iter().collect::<BTreeSet<_>>();
    let config = EmulatorConfig {
        fixture: args.fixture.clone(),
        seed: args.seed,
        port: args.port,
        page_size: args.page_size,
        faults: FaultConfig {
            latency_ms: args.latency_ms,
            throttle_rate: args.throttle_rate,
            server_error_rate: args.server_error_rate,
            drop_rate: args.drop_rate,
            access_denied_regions: set(args.access_denied_regions),
            access_denied_operations: set(args.access_denied_operations),
            not_opted_in_regions: set(args.not_opted_in_regions),
            no_outposts_regions: set(args.no_outposts_regions),
            expired_credentials: args.expired_credentials,
            serial_console_disabled: args.serial_console_disabled,
            unknown_member: false,
            seed: args.fault_seed,
            deny_roles: set(args.deny_roles),
            access_denied_accounts: set(args.access_denied_accounts),
            suspended_accounts: set(args.suspended_accounts),
            session_seconds: args.session_seconds,
            config_stale_accounts: set(args.config_stale_accounts),
            config_unrecorded_types: set(args.config_unrecorded_types),
        },
    };
    let emulator = RunningEmulator::start(config).context("starting the emulator")?;
    let mut stdout = std::io::stdout();
    writeln!(stdout, "listening on {}", emulator.endpoint_url())?;
    stdout.flush()?;
    eprintln!(
        "edge-atlas-emulator: {:?} fixture, {} entities, account {}, ready in {} ms; admin at {}/_emulator/health",
        args.fixture,
        emulator.state().fixture.entity_count(),
        emulator.state().fixture.account_id,
        started.elapsed().as_millis(),
        emulator.endpoint_url()
    );
    // Serve until the process is interrupted or killed.
    loop {
        std::thread::park();
    }
}
