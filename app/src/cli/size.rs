//! `edge-atlas size`: a server inventory (CSV or RVTools `.xlsx`) to hosts, slotting, racks and
//! the capacity task to hand to AWS, per Outpost; with a workload file, each workload placed by
//! the planner first (against the latest snapshot when there is a database); with `--outpost`,
//! every server onto that existing Outpost, its free slots first.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::table::terminal_safe;
use super::{PlanArgs, planner::PlanInputs};
use edge_atlas::planner::Catalogs;
use edge_atlas::planner::sizing::{
    Host, InventoryOptions, OutpostFamily, Placement, RightSizing, SizingOptions, SizingReport,
    inventory, size_inventory,
};
use edge_atlas::store::{SnapshotId, Store};

/// The arguments of `edge-atlas size`.
#[derive(Clone, Debug, clap::Args)]
pub struct SizeArgs {
    /// The inventory: CSV (the project's columns or RVTools' vInfo saved as CSV) or an RVTools
    /// .xlsx workbook (its vInfo sheet).
    pub inventory: PathBuf,
    /// Place each workload with the planner first [default: every server on one new Outpost].
    #[arg(long, value_name = "WORKLOADS.toml")]
    pub workloads: Option<PathBuf>,
    /// The workload of rows that name none [default: the workload file's only workload].
    #[arg(long, value_name = "NAME", requires = "workloads")]
    pub workload: Option<String>,
    /// Read the workload from this column (e.g. RVTools' `Cluster`) instead of `workload`,
    /// `application` or `app`.
    #[arg(long, value_name = "NAME")]
    pub workload_column: Option<String>,
    /// Instance families to size to where a workload names none.
    #[arg(long, value_delimiter = ',', default_value = "m5,c5,r5")]
    pub families: Vec<String>,
    /// M of N+M: spare hosts per family.
    #[arg(long, default_value_t = 1)]
    pub spare_hosts: u32,
    /// Headroom added to measured utilisation, percent.
    #[arg(long, default_value_t = RightSizing::default().headroom_pct)]
    pub headroom: f64,
    /// The fewest vCPUs a server is right-sized to.
    #[arg(long, default_value_t = RightSizing::default().min_vcpus)]
    pub min_vcpus: f64,
    /// The least memory a server is right-sized to, GiB.
    #[arg(long, default_value_t = RightSizing::default().min_memory_gib)]
    pub min_memory_gib: f64,
    /// Leave powered-off servers out (they are counted either way).
    #[arg(long)]
    pub powered_on_only: bool,
    /// Size every server onto this existing Outpost of the snapshot: its hosts' free slots
    /// first, then hosts reslotted (capacity tasks naming the host's AssetId), then new hosts.
    #[arg(long, value_name = "OUTPOST_ID", conflicts_with = "workloads")]
    pub outpost: Option<String>,
    /// With --workloads or --outpost: the snapshot to plan against [default: latest, if any].
    #[arg(long)]
    pub snapshot: Option<SnapshotId>,
    /// Print the sizing as JSON (see the README's contract).
    #[arg(long)]
    pub json: bool,
}

/// Reads and checks the options shared by the CLI and the app.
fn options(args: &SizeArgs) -> anyhow::Result<SizingOptions> {
    for (flag, value) in [
        ("--headroom", args.headroom),
        ("--min-vcpus", args.min_vcpus),
        ("--min-memory-gib", args.min_memory_gib),
    ] {
        if !value.is_finite() || value < 0.0 {
            anyhow::bail!("{flag} must be a number of zero or more, not {value}");
        }
    }
    Ok(SizingOptions {
        rules: RightSizing {
            headroom_pct: args.headroom,
            min_vcpus: args.min_vcpus,
            min_memory_gib: args.min_memory_gib,
        },
        spare_hosts: args.spare_hosts,
        families: args.families.iter().map(|f| f.trim().to_owned()).collect(),
        powered_on_only: args.powered_on_only,
        default_workload: args.workload.clone(),
    })
}

/// Runs `edge-atlas size`.
pub fn run(db: &Path, args: &SizeArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let options = options(args)?;
    let bytes = std::fs::read(&args.inventory)
        .with_context(|| format!("cannot read {}", args.inventory.display()))?;
    let file_name = args
        .inventory
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let inventory = inventory::parse_file(
        &file_name,
        &bytes,
        &InventoryOptions {
            workload_column: args.workload_column.clone(),
        },
    )
    .map_err(|e| anyhow::anyhow!("{}: {e}", args.inventory.display()))?;
    let hardware = Catalogs::embedded()
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .hardware;
    let report = match (&args.workloads, &args.outpost) {
        (None, None) => {
            if args.snapshot.is_some() {
                anyhow::bail!(
                    "--snapshot needs --workloads FILE or --outpost ID: without them every server goes to one new Outpost, which needs no snapshot"
                );
            }
            size_inventory(&inventory, Placement::NewOutpost, hardware, &options)?
        }
        (None, Some(outpost_id)) => {
            let store = Store::open_existing(db)?;
            let id = store.resolve_snapshot(args.snapshot)?;
            let estate = store.load_estate(id)?;
            size_inventory(
                &inventory,
                Placement::Existing {
                    estate: &estate,
                    outpost_id,
                },
                hardware,
                &options,
            )?
        }
        (Some(workloads), _) => {
            let store = if args.snapshot.is_some() || db.exists() {
                Some(Store::open_existing(db)?)
            } else {
                None
            };
            let plan_args = PlanArgs {
                workloads: workloads.clone(),
                snapshot: args.snapshot,
                measured: None,
                parameters: Vec::new(),
            };
            let inputs = PlanInputs::read(store.as_ref(), &plan_args)?;
            let context = inputs.context();
            size_inventory(
                &inventory,
                Placement::Planned {
                    context: &context,
                    workloads: &inputs.workloads,
                },
                hardware,
                &options,
            )?
        }
    };
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        write_text(&report, out)?;
    }
    Ok(())
}

/// Hosts with the same slots, in a row, as one line.
fn host_lines(hosts: &[Host]) -> Vec<String> {
    let mut lines: Vec<(usize, &Host)> = Vec::new();
    for host in hosts {
        match lines.last_mut() {
            Some((count, last)) if last.slots == host.slots && last.spare == host.spare => {
                *count += 1
            }
            _ => lines.push((1, host)),
        }
    }
    lines
        .into_iter()
        .map(|(count, host)| {
            let slots = host.slots_label();
            format!(
                "{count} {}{}: {slots} ({}/{} vCPUs)",
                if count == 1 { "host" } else { "hosts" },
                if host.spare { " (spare)" } else { "" },
                host.vcpus_used,
                host.vcpus_total
            )
        })
        .collect()
}

fn write_family(family: &OutpostFamily, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(out, "  {}", family.summary())?;
    for line in host_lines(&family.hosts) {
        writeln!(out, "    {line}")?;
    }
    writeln!(
        out,
        "    capacity task: {}",
        serde_json::to_string(&family.capacity_task)?
    )?;
    Ok(())
}

fn write_text(report: &SizingReport, out: &mut dyn Write) -> anyhow::Result<()> {
    writeln!(
        out,
        "{} servers read: {} placed, {} not; {} powered off.",
        report.servers,
        report.placed,
        report.unplaced.len(),
        report.powered_off
    )?;
    for racks in &report.rack_plans {
        writeln!(
            out,
            "\nOutpost {} (workloads: {}), generation {}: {} compute racks, {} ({} kVA)",
            terminal_safe(&racks.location),
            terminal_safe(&racks.workloads.join(", ")),
            racks.generation,
            racks.choice.racks,
            racks.choice.label(),
            racks.choice.power_kva
        )?;
        if let Some(plan) = &racks.rack_plan {
            let aggregation = if plan.generation == 1 {
                "ACE rack"
            } else {
                "network rack"
            };
            writeln!(
                out,
                "  without an {aggregation}: {} kVA, {} lb; with one: {} kVA, {} lb ({})",
                plan.without_ace.power_kva,
                plan.without_ace.weight_lbs,
                plan.with_ace.power_kva,
                plan.with_ace.weight_lbs,
                if plan.ace_required {
                    "required"
                } else if plan.ace_recommended {
                    "recommended"
                } else {
                    "not needed"
                }
            )?;
        }
        for family in report
            .outposts
            .iter()
            .filter(|f| f.location == racks.location && f.workloads == racks.workloads)
        {
            write_family(family, out)?;
        }
        for note in &racks.notes {
            writeln!(out, "  note: {}", terminal_safe(note))?;
        }
    }
    if !report.existing_hosts.is_empty() {
        writeln!(out, "\nOn existing hosts:")?;
        for host in &report.existing_hosts {
            writeln!(
                out,
                "  {} {}",
                terminal_safe(&host.location),
                terminal_safe(&host.summary())
            )?;
            if let Some(task) = &host.capacity_task {
                writeln!(out, "    capacity task: {}", serde_json::to_string(task)?)?;
            }
        }
    }
    for elsewhere in &report.elsewhere {
        let instances = elsewhere.instances_label();
        writeln!(
            out,
            "\n{} runs in {} {}: {instances}",
            terminal_safe(&elsewhere.workload),
            elsewhere.kind.label(),
            terminal_safe(&elsewhere.location)
        )?;
    }
    if !report.unplaced.is_empty() {
        writeln!(out, "\nNot placed:")?;
        for unplaced in &report.unplaced {
            writeln!(
                out,
                "  line {} {}: {}",
                unplaced.line,
                terminal_safe(&unplaced.name),
                terminal_safe(&unplaced.reason)
            )?;
        }
    }
    for note in &report.notes {
        writeln!(out, "\nnote: {}", terminal_safe(note))?;
    }
    Ok(())
}
