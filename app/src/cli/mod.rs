//! The `edge-atlas` command line: every flag is defined here (one place, as in ripgrep's
//! `flags`), and one function per subcommand calls the libraries.
//!
//! The binary parses [`Cli`]; with no subcommand it opens the desktop app, with one it calls
//! [`run`]. Everything here writes to a caller-supplied writer and returns an exit code, so the
//! commands are tested without a terminal or a window. JSON outputs are contracts other tools
//! rely on (see the README); human outputs are tables. `sync` maps its flags onto
//! [`edge_atlas_aws::SyncOptions`] ([`sync`]); the other commands use the `edge_atlas` library.

pub mod connect;
pub mod docs;
pub mod paths;
pub use paths::{database_path, log_file_path};
pub mod export;
pub mod netplan;
pub mod planner;
pub mod size;
pub mod snapshot_files;
pub mod sync;
pub use sync::SyncArgs;
pub mod table;
pub mod topology;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use serde_json::json;

use edge_atlas::diff::DiffSide;
use edge_atlas::inventory;
use edge_atlas::model::EntityKind;
use edge_atlas::store::{SnapshotId, Store};
use edge_atlas::workspace::diff_stored;

/// The file `report` writes.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// html, pdf, md, csv or json [default: from the output file's extension].
    #[arg(long)]
    pub format: Option<String>,
    /// The PDF's paper size.
    #[arg(long, value_parser = ["a4", "letter"], default_value = "a4")]
    pub paper: String,
    /// The file to write (replaced atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// What `plan` and `report` plan from.
#[derive(Args, Debug, Clone)]
pub struct PlanArgs {
    /// The workload file.
    pub workloads: PathBuf,
    /// The snapshot whose estate (zones, Outposts) to plan against [default: latest, if any].
    #[arg(long)]
    pub snapshot: Option<SnapshotId>,
    /// Measured RTTs: a CSV of `from,location,rtt_ms` (e.g. written by `probe`).
    #[arg(long, value_name = "CSV")]
    pub measured: Option<PathBuf>,
    /// Set a latency model parameter, e.g. `route_factor_k=1.3` (repeatable).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub parameters: Vec<String>,
}

/// `--version`: the package version, the git revision and its commit date (from `build.rs`).
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("EDGE_ATLAS_GIT_REVISION"),
    ", ",
    env!("EDGE_ATLAS_BUILD_DATE"),
    ")"
);

/// Explore, plan and report on AWS hybrid-edge estates. Without a subcommand, opens the app.
#[derive(Debug, Parser)]
#[command(name = "edge-atlas", version = VERSION, about, long_about = None)]
pub struct Cli {
    /// The database file [default: edge-atlas.sqlite in the platform data directory]
    #[arg(long, global = true, env = "EDGE_ATLAS_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// What to do; none opens the desktop app.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Sync the estate from AWS (credentials from the standard chain) into a new snapshot.
    Sync(SyncArgs),
    /// Store the demo estate (or a generated one of any scale) as a new snapshot.
    Demo {
        /// Business units to generate (about 350 entities each); 1 is the demo itself.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100_000))]
        scale: u32,
        /// Vary instances and hosts as between two syncs; 0 is the canonical demo.
        #[arg(long, default_value_t = 0)]
        seed: u64,
        /// Print `{"id": N, "entity_count": M}`.
        #[arg(long)]
        json: bool,
    },
    /// List the stored snapshots.
    Snapshots {
        /// Print a JSON array of snapshot records.
        #[arg(long)]
        json: bool,
    },
    /// List a snapshot's entities (the latest snapshot by default).
    Inventory {
        /// The snapshot id.
        #[arg(long)]
        snapshot: Option<SnapshotId>,
        /// One kind of entity; without it, a count per kind.
        #[arg(long, value_parser = parse_kind)]
        kind: Option<EntityKind>,
        /// Add Regions, zones and catalog items the catalogs know and the snapshot lacks.
        #[arg(long)]
        with_catalog: bool,
        /// Print JSON records (an array for one kind, an object of arrays otherwise).
        #[arg(long)]
        json: bool,
    },
    /// Show what was added, removed and changed between two snapshots.
    Diff {
        /// The older snapshot.
        a: SnapshotId,
        /// The newer snapshot.
        b: SnapshotId,
        /// Print the diff as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write a picture (map, graph, rack network, racks) as SVG / PNG / DOT / GraphML, an
    /// inventory or a diff as CSV / JSON.
    Export(export::ExportArgs),
    /// Print shell completions for bash, zsh, fish, elvish or PowerShell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), or write one page per command into --dir.
    Man {
        /// Write edge-atlas.1 and edge-atlas-COMMAND.1 for every command here.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
    /// Connect to an instance with EC2 Instance Connect: a fresh key pushed for 60 seconds,
    /// then ssh to the address your vantage point can reach (`--print-only` shows the plan).
    Connect(connect::ConnectArgs),
    /// Write a snapshot to a JSON file.
    ExportSnapshot {
        /// The snapshot id.
        id: SnapshotId,
        /// The file to write.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Write the estate graph (or one Outpost's part of it) as JSON, DOT or GraphML.
    Graph {
        /// The snapshot id.
        #[arg(long)]
        snapshot: Option<SnapshotId>,
        /// Only this Outpost (with `--format dot`: its rack network picture).
        #[arg(long)]
        outpost: Option<String>,
        /// The output format.
        #[arg(long, value_enum, default_value = "json")]
        format: topology::GraphFormat,
        /// Write to this file instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Show an Outpost's rack network: devices, port channels, VIFs, BGP sessions, counts.
    Topology {
        /// The Outpost id.
        outpost_id: String,
        /// The snapshot id.
        #[arg(long)]
        snapshot: Option<SnapshotId>,
        /// Print the rack network as JSON.
        #[arg(long)]
        json: bool,
    },
    /// What removing devices, port channels, LAGs or racks disconnects, and what stays redundant.
    Impact {
        /// Element ids (from `topology OUTPOST_ID --json`), all of one Outpost.
        #[arg(required = true)]
        node_ids: Vec<String>,
        /// The snapshot id.
        #[arg(long)]
        snapshot: Option<SnapshotId>,
        /// Print the impact as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Rack counts and the bill of materials with and without an ACE rack.
    Racks(planner::RacksArgs),
    /// The network build plan of a planned or a synced Outpost: cabling, port channels, VLANs,
    /// point-to-point addresses, BGP ASNs and service link subnets.
    Netplan(netplan::NetplanArgs),
    /// Size a server inventory (CSV or RVTools .xlsx): right-sized instances, host slotting with
    /// N+M spares, rack configurations with and without ACE, and the capacity task for AWS.
    Size(size::SizeArgs),
    /// Recommend where each workload of a TOML file should run, and how many racks it needs.
    Plan {
        #[command(flatten)]
        inputs: PlanArgs,
        /// Print `{"workloads": [...]}` with every candidate and reason.
        #[arg(long)]
        json: bool,
    },
    /// Write a placement report of a workload file: HTML, PDF, Markdown, CSV or JSON.
    Report {
        #[command(flatten)]
        inputs: PlanArgs,
        #[command(flatten)]
        file: ReportArgs,
    },
    /// Time TCP handshakes from this machine to each Region's EC2 endpoint.
    Probe {
        /// Where this machine is, as a workload's `users` entry would name it (e.g. "Chicago").
        #[arg(long)]
        from: String,
        /// Regions to probe (repeatable) [default: every catalog Region].
        #[arg(long = "region")]
        regions: Vec<String>,
        /// Probe this host:port for every Region instead (tests, private endpoints).
        #[arg(long)]
        endpoint: Option<String>,
        /// Connect timeout per try, ms.
        #[arg(long, default_value_t = 2000)]
        timeout_ms: u64,
        /// Handshakes per Region (the median is kept).
        #[arg(long, default_value_t = 3)]
        tries: u32,
        /// Write `from,location,rtt_ms` rows for `plan --measured`.
        #[arg(short, long, value_name = "CSV")]
        output: Option<PathBuf>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Check a snapshot JSON file and store it as a new, latest snapshot.
    ImportSnapshot {
        /// The file to read.
        file: PathBuf,
        /// Print `{"id": N}`.
        #[arg(long)]
        json: bool,
    },
}

fn parse_kind(text: &str) -> Result<EntityKind, String> {
    text.parse()
        .map_err(|e: edge_atlas::model::UnknownKind| e.to_string())
}

/// Runs one subcommand against the database, writing its output to `out` (`sync` writes its
/// progress and errors to standard error).
pub fn run(db: &Path, command: &Command, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    // Commands that need no database do not open (or create) one.
    match command {
        Command::Sync(args) => return sync::run(db, args, out),
        Command::Netplan(args) => {
            netplan::run(db, args, out)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Size(args) => {
            size::run(db, args, out)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Connect(args) => return connect::connect(db, args, out),
        Command::Completions { shell } => {
            docs::completions(*shell, out);
            return Ok(ExitCode::SUCCESS);
        }
        Command::Man { dir } => {
            docs::man_pages(dir.as_deref(), out)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Racks(args) => {
            planner::racks_command(db, args, out)?;
            return Ok(ExitCode::SUCCESS);
        }
        Command::Probe {
            from,
            regions,
            endpoint,
            timeout_ms,
            tries,
            output,
            json,
        } => {
            let timeout = std::time::Duration::from_millis((*timeout_ms).max(1));
            let options = planner::ProbeOptions {
                from,
                regions,
                endpoint: endpoint.as_deref(),
                timeout,
                tries: *tries,
                output: output.as_deref(),
                json: *json,
            };
            planner::probe(&options, out)?;
            return Ok(ExitCode::SUCCESS);
        }
        _ => {}
    }
    // Commands that store a snapshot create the database; the others only read one, and
    // `plan` also works without any (from the catalogs alone).
    let creates = matches!(
        command,
        Command::Demo { .. } | Command::ImportSnapshot { .. }
    );
    // `plan` and `report` also work without a database (from the catalogs alone).
    if !db.exists() {
        match command {
            Command::Plan { inputs, json } if inputs.snapshot.is_none() => {
                planner::plan(None, inputs, *json, out)?;
                return Ok(ExitCode::SUCCESS);
            }
            Command::Report { inputs, file } if inputs.snapshot.is_none() => {
                planner::report(None, inputs, file, out)?;
                return Ok(ExitCode::SUCCESS);
            }
            _ => {}
        }
    }
    let mut store = if creates {
        Store::open(db)?
    } else {
        Store::open_existing(db)?
    };
    match command {
        Command::Sync(_)
        | Command::Connect(_)
        | Command::Completions { .. }
        | Command::Man { .. }
        | Command::Racks(_)
        | Command::Netplan(_)
        | Command::Size(_)
        | Command::Probe { .. } => Ok(()),
        Command::Plan { inputs, json } => planner::plan(Some(&store), inputs, *json, out),
        Command::Report { inputs, file } => planner::report(Some(&store), inputs, file, out),
        Command::Demo { scale, seed, json } => demo(&mut store, *scale, *seed, *json, out),
        Command::Snapshots { json } => snapshots(&store, *json, out),
        Command::Inventory {
            snapshot,
            kind,
            with_catalog,
            json,
        } => inventory_command(&store, *snapshot, *kind, *with_catalog, *json, out),
        Command::Diff { a, b, json } => diff_command(&store, *a, *b, *json, out),
        Command::Export(args) => export::export(&store, args, out),
        Command::ExportSnapshot { id, output } => snapshot_files::export(&store, *id, output, out),
        Command::ImportSnapshot { file, json } => {
            snapshot_files::import(&mut store, file, *json, out)
        }
        Command::Graph {
            snapshot,
            outpost,
            format,
            output,
        } => topology::graph(
            &store,
            *snapshot,
            outpost.as_deref(),
            *format,
            output.as_deref(),
            out,
        ),
        Command::Topology {
            outpost_id,
            snapshot,
            json,
        } => topology::topology(&store, *snapshot, outpost_id, *json, out),
        Command::Impact {
            node_ids,
            snapshot,
            json,
        } => topology::impact_command(&store, *snapshot, node_ids, *json, out),
    }?;
    Ok(ExitCode::SUCCESS)
}

fn demo(
    store: &mut Store,
    scale: u32,
    seed: u64,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let generated = edge_atlas::demo::generate(scale, seed).map_err(|e| anyhow::anyhow!("{e}"))?;
    let id = edge_atlas::workspace::store_demo(store, &generated)?;
    let entity_count = generated.estate.entity_count();
    if json {
        writeln!(out, "{}", json!({ "id": id, "entity_count": entity_count }))?;
    } else {
        writeln!(
            out,
            "Stored snapshot {id}: {} ({entity_count} entities) in {}",
            generated.meta.source,
            store.path().display()
        )?;
    }
    Ok(())
}

fn snapshots(store: &Store, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let snapshots = store.list_snapshots()?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&snapshots)?)?;
        return Ok(());
    }
    if snapshots.is_empty() {
        writeln!(
            out,
            "No snapshots yet: run `edge-atlas demo` or `edge-atlas sync`."
        )?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = snapshots
        .iter()
        .map(|s| {
            vec![
                s.id.to_string(),
                s.created_at.clone(),
                s.source.clone(),
                s.account_id.clone().unwrap_or_default(),
                s.regions.len().to_string(),
                s.entity_count.to_string(),
                s.warnings.len().to_string(),
            ]
        })
        .collect();
    write!(
        out,
        "{}",
        table::render(
            &[
                "id",
                "created_at",
                "source",
                "account",
                "regions",
                "entities",
                "warnings"
            ],
            &rows
        )
    )?;
    Ok(())
}

fn inventory_command(
    store: &Store,
    snapshot: Option<SnapshotId>,
    kind: Option<EntityKind>,
    with_catalog: bool,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let id = store.resolve_snapshot(snapshot)?;
    let estate = store.load_estate(id)?;
    match (kind, json) {
        (Some(kind), true) => {
            let records = inventory::records(&estate, kind, with_catalog)?;
            writeln!(out, "{}", serde_json::to_string_pretty(&records)?)?;
        }
        (Some(kind), false) => {
            let records = inventory::records(&estate, kind, with_catalog)?;
            let mut headers: Vec<&str> = inventory::columns(kind).to_vec();
            if with_catalog
                && matches!(
                    kind,
                    EntityKind::Region | EntityKind::Zone | EntityKind::CatalogItem
                )
            {
                headers.extend(["metro", "country", "catalog_only"]);
            }
            let rows: Vec<Vec<String>> = records
                .iter()
                .map(|record| {
                    headers
                        .iter()
                        .map(|h| inventory::cell(record.get(*h)))
                        .collect()
                })
                .collect();
            writeln!(out, "Snapshot {id}: {} {kind} record(s)", rows.len())?;
            write!(out, "{}", table::render(&headers, &rows))?;
        }
        (None, true) => {
            let mut all = serde_json::Map::new();
            for kind in EntityKind::ALL {
                all.insert(
                    kind.as_str().to_owned(),
                    serde_json::Value::Array(inventory::records(&estate, *kind, with_catalog)?),
                );
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
        }
        (None, false) => {
            let rows: Vec<Vec<String>> = EntityKind::ALL
                .iter()
                .map(|kind| vec![kind.as_str().to_owned(), estate.count(*kind).to_string()])
                .collect();
            writeln!(
                out,
                "Snapshot {id}: {} entities (use --kind KIND for a list)",
                estate.entity_count()
            )?;
            write!(out, "{}", table::render(&["kind", "count"], &rows))?;
        }
    }
    Ok(())
}

fn diff_command(
    store: &Store,
    a: SnapshotId,
    b: SnapshotId,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let changes = diff_stored(store, a, b)?;
    if json {
        writeln!(
            out,
            "{}",
            serde_json::to_string_pretty(&json!({
                "from": a,
                "to": b,
                "not_fetched": changes.not_fetched,
                "diff": changes,
            }))?
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "Snapshot {a} -> {b}: {} added, {} removed, {} changed",
        changes.added.len(),
        changes.removed.len(),
        changes.changed.len()
    )?;
    for gap in &changes.not_fetched {
        let snapshot = match gap.snapshot {
            DiffSide::From => a,
            DiffSide::To => b,
        };
        writeln!(
            out,
            "? {} not fetched in snapshot {snapshot}{}{}: {} ({} set apart)",
            gap.kind,
            gap.region
                .as_deref()
                .map_or(String::new(), |region| format!(
                    " in {}",
                    table::terminal_safe(region)
                )),
            gap.outpost_id
                .as_deref()
                .map_or(String::new(), |outpost| format!(
                    " on {}",
                    table::terminal_safe(outpost)
                )),
            table::terminal_safe(&gap.warning),
            gap.ids.len()
        )?;
    }
    for key in &changes.added {
        writeln!(out, "+ {} {}", key.kind, table::terminal_safe(&key.id))?;
    }
    for key in &changes.removed {
        writeln!(out, "- {} {}", key.kind, table::terminal_safe(&key.id))?;
    }
    for entity in &changes.changed {
        writeln!(
            out,
            "~ {} {}",
            entity.kind,
            table::terminal_safe(&entity.id)
        )?;
        for field in &entity.fields {
            writeln!(
                out,
                "    {}: {} -> {}",
                table::terminal_safe(&field.field),
                table::terminal_safe(&field.before.to_string()),
                table::terminal_safe(&field.after.to_string())
            )?;
        }
    }
    Ok(())
}
