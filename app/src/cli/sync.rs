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
use edge_atlas_aws::{
    Cancel, RegionProgress, SyncError, SyncEvent, SyncOptions, SyncOutcome, sync_estate,
};
use serde_json::json;
use tokio::sync::mpsc;

use super::SyncArgs;
use super::table::terminal_safe;

/// Exit status of a sync stored with warnings.
pub const EXIT_WARNINGS: u8 = 3;

/// The sync the flags ask for.
pub fn options(args: &SyncArgs) -> SyncOptions {
    SyncOptions {
        profile: args.profile.clone(),
        regions: args.regions.clone(),
        endpoint_url: args.endpoint_url.clone(),
        region_concurrency: args.concurrency as usize,
        calls_per_region: args.calls_per_region as usize,
        page_size: args.page_size,
        ..SyncOptions::default()
    }
}

/// Runs `edge-atlas sync` against the database at `db`, the summary to `out`, progress and
/// errors to standard error.
pub fn run(db: &Path, args: &SyncArgs, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
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
    writeln!(
        out,
        "Stored snapshot {snapshot_id}: account {}, {} Regions, {total} entities, {} requests in {:.1} s",
        terminal_safe(outcome.meta.account_id.as_deref().unwrap_or("?")),
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
    writeln!(
        out,
        "{} warnings (the snapshot lacks what these calls would have shown):",
        warnings.len()
    )?;
    for warning in warnings {
        writeln!(
            out,
            "  {} {}: {}",
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
    let mut regions: BTreeMap<String, RegionProgress> = BTreeMap::new();
    let mut warnings = 0usize;
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
            SyncEvent::Warning(_) => warnings += 1,
            SyncEvent::Region(progress) => {
                let finished_now = progress.finished
                    && !regions
                        .get(&progress.region)
                        .is_some_and(|known| known.finished);
                if finished_now && bar.is_none() {
                    let _ = writeln!(
                        stderr,
                        "{}: {} requests, {} entities, {} errors",
                        progress.region, progress.calls_done, progress.entities, progress.errors
                    );
                }
                regions.insert(progress.region.clone(), progress);
            }
        }
        if let Some(bar) = &bar {
            let done = regions.values().filter(|p| p.finished).count();
            let calls_done: u32 = regions.values().map(|p| p.calls_done).sum();
            let calls_total: u32 = regions.values().map(|p| p.calls_total).sum();
            let entities: u32 = regions.values().map(|p| p.entities).sum();
            bar.set_position(done as u64);
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

/// The sync's progress bar: Regions done of all, then requests, entities and warnings, cut to
/// the terminal's width.
fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(0),
        indicatif::ProgressDrawTarget::stderr_with_hz(10),
    );
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("[{bar:24}] {pos}/{len} Regions · {wide_msg}")
    {
        bar.set_style(style.progress_chars("#>-"));
    }
    bar
}
