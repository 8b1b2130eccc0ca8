//! `edge-atlas sync`: runs a sync with a progress bar, stores the snapshot, prints the summary.
//!
//! Exit status: 0 when every call succeeded, 3 when the snapshot was stored with warnings
//! (each names its Region, call and, for permissions, the IAM action to grant), 1 when nothing
//! was stored (credentials refused, every Region failed, cancelled with Ctrl-C, database error).

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context as _;
use edge_atlas::model::{EntityKind, Warning};
use edge_atlas_aws::options::DEFAULT_ROLE_NAME;
use edge_atlas_aws::{
    AccountSelection, Cancel, RegionProgress, SyncError, SyncEvent, SyncOptions, SyncOutcome,
    sync_estate,
};
use serde_json::json;
use tokio::sync::mpsc;

use super::table::terminal_safe;

/// Exit status of a sync stored with warnings.
pub const EXIT_WARNINGS: u8 = 3;

/// `edge-atlas sync`'s arguments; their defaults are [`SyncOptions::default`]'s, and
/// [`sync::options`] maps them onto [`SyncOptions`].
#[derive(Debug, Clone, clap::Args)]
pub struct SyncArgs {
    /// The AWS profile (shared config and credentials files, SSO, credential_process);
    /// default: the standard chain (AWS_PROFILE, environment, instance metadata, ...).
    /// Repeat it to read several accounts, each with its own profile's credentials, into one
    /// snapshot (the first is the caller's).
    #[arg(long = "profile", value_name = "PROFILE")]
    pub profiles: Vec<String>,
    /// A Region to sync (repeatable); default: every Region enabled for the account.
    #[arg(long = "region", value_name = "REGION")]
    pub regions: Vec<String>,
    /// One endpoint for every service and Region (an emulator, a private endpoint).
    #[arg(long, env = "AWS_ENDPOINT_URL", value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Regions synced at once.
    #[arg(long, default_value_t = SyncOptions::default().region_concurrency as u32, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub concurrency: u32,
    /// Requests in flight per Region.
    #[arg(long, default_value_t = SyncOptions::default().calls_per_region as u32, value_parser = clap::value_parser!(u32).range(1..=64))]
    pub calls_per_region: u32,
    /// Items asked per page of paginated calls (MaxResults).
    #[arg(long, default_value_t = SyncOptions::default().page_size, value_parser = clap::value_parser!(u32).range(5..=1000))]
    pub page_size: u32,
    /// Read every ACTIVE account of the AWS organisation (listed with AWS Organizations from
    /// the management account or a delegated administrator), each through --role-name.
    #[arg(long, conflicts_with = "role_arns", group = "fleet")]
    pub organization: bool,
    /// Read the organisation through this AWS Config aggregator: instances, VPCs, subnets and
    /// carrier gateways from one query, the rest directly only in the accounts and Regions
    /// that own Outposts or use Local or Wavelength Zones (each through --role-name).
    #[arg(
        long,
        conflicts_with = "role_arns",
        group = "fleet",
        value_name = "NAME"
    )]
    pub config_aggregator: Option<String>,
    /// The Region the Config aggregator is in; default: the first --region, the profile's
    /// Region, or us-east-1.
    #[arg(long, requires = "config_aggregator", value_name = "REGION")]
    pub config_region: Option<String>,
    /// The role assumed in each member account of an organisation or Config sync.
    #[arg(long, default_value = DEFAULT_ROLE_NAME, requires = "fleet", value_name = "NAME")]
    pub role_name: String,
    /// Only these accounts of the organisation (comma-separated ids).
    #[arg(
        long,
        value_delimiter = ',',
        requires = "organization",
        value_name = "ID,..."
    )]
    pub accounts: Vec<String>,
    /// Never these accounts of the organisation (comma-separated ids).
    #[arg(
        long,
        value_delimiter = ',',
        requires = "organization",
        value_name = "ID,..."
    )]
    pub exclude_accounts: Vec<String>,
    /// Only the accounts of this organisational unit and the units below it.
    #[arg(long, requires = "organization", value_name = "OU_ID")]
    pub ou: Option<String>,
    /// Read this role's account too (repeatable): for accounts outside an organisation, or
    /// without access to its management account. The caller's own account is always read.
    #[arg(long = "role-arn", value_name = "ARN")]
    pub role_arns: Vec<String>,
    /// The external id the roles' trust policies ask for.
    #[arg(long, value_name = "ID")]
    pub external_id: Option<String>,
    /// Accounts read at once (organisation syncs).
    #[arg(long, default_value_t = SyncOptions::default().account_concurrency as u32, value_parser = clap::value_parser!(u32).range(1..=256))]
    pub account_concurrency: u32,
    /// Print the summary (snapshot id, counts per kind, warnings) as JSON.
    #[arg(long)]
    pub json: bool,
}

/// The sync the flags ask for.
pub fn options(args: &SyncArgs) -> SyncOptions {
    SyncOptions {
        profile: args.profiles.first().cloned(),
        regions: args.regions.clone(),
        endpoint_url: args.endpoint_url.clone(),
        region_concurrency: args.concurrency as usize,
        calls_per_region: args.calls_per_region as usize,
        page_size: args.page_size,
        accounts: if args.organization {
            AccountSelection::Organization {
                role_name: args.role_name.clone(),
                external_id: args.external_id.clone(),
                only: args.accounts.clone(),
                exclude: args.exclude_accounts.clone(),
                organizational_unit: args.ou.clone(),
            }
        } else if let Some(name) = &args.config_aggregator {
            AccountSelection::ConfigAggregator {
                name: name.clone(),
                region: args.config_region.clone(),
                role_name: args.role_name.clone(),
                external_id: args.external_id.clone(),
            }
        } else if !args.role_arns.is_empty() || args.profiles.len() > 1 {
            AccountSelection::Roles {
                role_arns: args.role_arns.clone(),
                profiles: args.profiles.iter().skip(1).cloned().collect(),
                external_id: args.external_id.clone(),
            }
        } else {
            AccountSelection::Caller
        },
        account_concurrency: args.account_concurrency as usize,
        ..SyncOptions::default()
    }
}

/// Runs `edge-atlas sync` against the database at `db`, the summary to `out`, progress and
/// errors to standard error.
pub fn run(db: &Path, args: &SyncArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    if args.profiles.len() > 1 && (args.organization || args.config_aggregator.is_some()) {
        anyhow::bail!(
            "--profile was given {} times, but an organisation sync reads every account through --role-name with the caller's credentials: give one --profile (the caller's), or read the accounts one by one with several --profile and no --organization",
            args.profiles.len()
        );
    }
    let options = options(args);
    // The database is checked (or created) before AWS is called, not after every Region.
    drop(edge_atlas::store::Store::open(db)?);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let cancel = Cancel::new();
    let (events, received) = mpsc::unbounded_channel();
    let result = runtime.block_on(async {
        let on_interrupt = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                eprintln!("\ncancelling: nothing will be stored");
                on_interrupt.cancel();
            }
        });
        let renderer = tokio::spawn(render_progress(received, std::io::stderr().is_terminal()));
        let result = sync_estate(&options, events, cancel.clone()).await;
        let _ = renderer.await;
        result
    });
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(error) => {
            if let SyncError::AllRegionsFailed(warnings) = &error {
                print_warnings(&mut std::io::stderr(), warnings)?;
            }
            // Line by line: the hint on the next line stays a line, not an escaped `\n`.
            let text = error.to_string();
            let mut lines = text.lines();
            eprintln!("error: {}", terminal_safe(lines.next().unwrap_or_default()));
            for line in lines {
                eprintln!("{}", terminal_safe(line));
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let snapshot_id = match edge_atlas_aws::job::store(db, &outcome, &cancel)? {
        Some(id) => id,
        None => {
            eprintln!("error: sync cancelled while storing; nothing was stored");
            return Ok(ExitCode::FAILURE);
        }
    };
    if args.json {
        print_json(out, snapshot_id.to_string(), &outcome)?;
    } else {
        print_text(out, snapshot_id.to_string(), &outcome)?;
    }
    Ok(if outcome.meta.warnings.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_WARNINGS)
    })
}

fn counts(outcome: &SyncOutcome) -> BTreeMap<&'static str, usize> {
    EntityKind::ALL
        .iter()
        .map(|kind| (kind.as_str(), outcome.estate.count(*kind)))
        .collect()
}

fn print_json(
    out: &mut dyn Write,
    snapshot_id: String,
    outcome: &SyncOutcome,
) -> anyhow::Result<()> {
    let summary = json!({
        "snapshot_id": snapshot_id.parse::<i64>().map_or_else(|_| json!(snapshot_id), |id| json!(id)),
        "source": outcome.meta.source,
        "account_id": outcome.meta.account_id,
        "accounts": outcome.meta.accounts,
        "account_names": outcome.meta.account_names,
        "profile": outcome.meta.profile,
        "regions": outcome.meta.regions,
        "counts": counts(outcome),
        "warnings": outcome.meta.warnings,
        "requests": outcome.requests,
        "elapsed_ms": outcome.elapsed.as_millis() as u64,
    });
    serde_json::to_writer_pretty(&mut *out, &summary)?;
    writeln!(out)?;
    Ok(())
}

fn print_text(
    out: &mut dyn Write,
    snapshot_id: String,
    outcome: &SyncOutcome,
) -> anyhow::Result<()> {
    let total: usize = counts(outcome).values().sum();
    let accounts = match outcome.meta.accounts.len() {
        0 | 1 => format!(
            "account {}",
            terminal_safe(outcome.meta.account_id.as_deref().unwrap_or("?"))
        ),
        count => format!("{count} accounts"),
    };
    writeln!(
        out,
        "Stored snapshot {snapshot_id}: {accounts}, {} Regions, {total} entities, {} requests in {:.1} s",
        outcome.meta.regions.len(),
        outcome.requests,
        outcome.elapsed.as_secs_f64()
    )?;
    for (kind, count) in counts(outcome).into_iter().filter(|(_, count)| *count > 0) {
        writeln!(out, "  {kind:<24} {count:>8}")?;
    }
    print_warnings(out, &outcome.meta.warnings)
}

fn print_warnings(out: &mut dyn Write, warnings: &[Warning]) -> anyhow::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let several_accounts = warnings
        .iter()
        .filter_map(|warning| warning.account_id.as_deref())
        .collect::<std::collections::BTreeSet<_>>()
        .len()
        > 1;
    writeln!(
        out,
        "{} warnings (the snapshot lacks what these calls would have shown):",
        warnings.len()
    )?;
    for warning in warnings {
        let account = match (&warning.account_id, several_accounts) {
            (Some(account), true) => format!("{} ", terminal_safe(account)),
            _ => String::new(),
        };
        writeln!(
            out,
            "  {account}{} {}: {}",
            terminal_safe(warning.region.as_deref().unwrap_or("-")),
            terminal_safe(&warning.call),
            terminal_safe(&warning.message)
        )?;
        if let Some(action) = &warning.iam_action {
            writeln!(out, "    grant the IAM action {}", terminal_safe(action))?;
        }
    }
    Ok(())
}

/// Draws a one-line progress bar on a terminal (at most 10 times a second), or one line per
/// finished Region otherwise.
async fn render_progress(mut events: mpsc::UnboundedReceiver<SyncEvent>, terminal: bool) {
    let mut regions: BTreeMap<(String, String), RegionProgress> = BTreeMap::new();
    let mut warnings = 0usize;
    // An organisation sync counts accounts read, not Regions.
    let mut accounts_read: Option<u64> = None;
    // On a terminal, one bar that indicatif fits to the terminal's width (never wrapping, never
    // leaving lines behind); elsewhere one line per finished Region.
    let bar = terminal.then(progress_bar);
    let mut stderr = std::io::stderr();
    while let Some(event) = events.recv().await {
        match event {
            SyncEvent::Identity { account_id, .. } => {
                let line = format!("account {}", terminal_safe(&account_id));
                match &bar {
                    Some(bar) => bar.println(line),
                    None => {
                        let _ = writeln!(stderr, "{line}");
                    }
                }
            }
            SyncEvent::Regions(list) => {
                if let Some(bar) = &bar {
                    bar.set_length(list.len() as u64);
                }
            }
            SyncEvent::Accounts(list) => {
                accounts_read = Some(0);
                let line = format!("{} accounts to read", list.len());
                match &bar {
                    Some(bar) => {
                        bar.set_prefix("accounts");
                        bar.set_length(list.len() as u64);
                        bar.println(line);
                    }
                    None => {
                        let _ = writeln!(stderr, "{line}");
                    }
                }
            }
            SyncEvent::AccountFinished(account) => {
                accounts_read = Some(accounts_read.unwrap_or(0) + 1);
                if bar.is_none() {
                    let _ = if account.read {
                        writeln!(
                            stderr,
                            "account {}: {} entities, {} warnings",
                            terminal_safe(&account.account_id),
                            account.entities,
                            account.warnings
                        )
                    } else {
                        writeln!(
                            stderr,
                            "account {}: not read (see the warnings)",
                            terminal_safe(&account.account_id)
                        )
                    };
                }
            }
            SyncEvent::Warning(_) => warnings += 1,
            SyncEvent::Region(progress) => {
                let finished_now = progress.finished
                    && !regions
                        .get(&progress.key())
                        .is_some_and(|known| known.finished);
                if finished_now && bar.is_none() && accounts_read.is_none() {
                    let _ = writeln!(
                        stderr,
                        "{}: {} requests, {} entities, {} errors",
                        progress.region, progress.calls_done, progress.entities, progress.errors
                    );
                }
                regions.insert(progress.key(), progress);
            }
        }
        if let Some(bar) = &bar {
            let done = accounts_read
                .unwrap_or_else(|| regions.values().filter(|p| p.finished).count() as u64);
            let calls_done: u32 = regions.values().map(|p| p.calls_done).sum();
            let calls_total: u32 = regions.values().map(|p| p.calls_total).sum();
            let entities: u32 = regions.values().map(|p| p.entities).sum();
            bar.set_position(done);
            bar.set_message(format!(
                "{calls_done}/{calls_total} requests · {entities} entities · {warnings} warnings"
            ));
        }
    }
    if let Some(bar) = bar {
        bar.finish();
        // The bar stays as the sync's last line; what follows starts below it.
        let _ = writeln!(stderr);
    }
}

/// The sync's progress bar: Regions (or, for an organisation, accounts) done of all, then
/// requests, entities and warnings, cut to the terminal's width.
fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(0),
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("[{bar:24}] {pos}/{len} {prefix} · {wide_msg}")
    {
        bar.set_style(style.progress_chars("#>-"));
    }
    bar.set_prefix("Regions");
    bar
}
