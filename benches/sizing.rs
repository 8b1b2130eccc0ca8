//! Sizing benchmark (issue 22): an inventory of 10,000 VMs (RVTools columns, a varied mix of
//! sizes, half with utilisation figures) read and sized end to end. Target: <= 1 s.
//!
//! Run: `cargo bench -p edge-atlas --bench sizing` (release). Optional: `--vms N`, `--runs N`
//! (default 10000, 10). Prints the median and range of: reading the CSV, reading the same
//! inventory as an .xlsx workbook, sizing onto one new Outpost, sizing 20 workloads placed by
//! the planner, the `size --json` output, one Outpost's host usage in a 100k-entity estate
//! (`demo --scale 300`), and sizing onto that existing Outpost (free slots first).

mod common;

use std::time::Instant;

use common::report;

use edge_atlas::planner::sizing::{
    InventoryOptions, Placement, SizingOptions, inventory, size_inventory,
};
use edge_atlas::planner::{Catalogs, MeasuredRtts, ModelParameters, PlanContext, parse_workloads};

const HEADER: [&str; 7] = [
    "VM",
    "Powerstate",
    "CPUs",
    "Memory",
    "Provisioned MiB",
    "CPU peak pct",
    "Application",
];
const CITIES: [&str; 5] = ["Frankfurt", "Chicago", "Tokyo", "Sydney", "Sao Paulo"];

/// A deterministic mix: (vCPUs, memory GiB) pairs a VMware estate has, utilisation on every
/// other VM, one VM in 20 powered off, 20 workloads.
fn rows(vms: usize) -> Vec<[String; 7]> {
    const SHAPES: [(u32, u32); 9] = [
        (1, 2),
        (2, 4),
        (2, 8),
        (4, 16),
        (4, 8),
        (8, 32),
        (8, 64),
        (16, 64),
        (32, 256),
    ];
    let mut state = 0x2545_f491_u64;
    (0..vms)
        .map(|i| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let (vcpus, memory_gib) = SHAPES[(state % SHAPES.len() as u64) as usize];
            [
                format!("vm-{i:05}"),
                if i % 20 == 0 {
                    "poweredOff"
                } else {
                    "poweredOn"
                }
                .to_owned(),
                vcpus.to_string(),
                (memory_gib * 1024).to_string(),
                ((state >> 8) % 512 * 1024).to_string(),
                if i % 2 == 0 {
                    ((state >> 16) % 100).to_string()
                } else {
                    String::new()
                },
                format!("app-{:02}", i % 20),
            ]
        })
        .collect()
}

fn main() -> anyhow::Result<()> {
    let (vms, runs) = (
        common::option("--vms", 10_000usize),
        common::option("--runs", 10usize).max(1),
    );
    let rows = rows(vms);
    let mut csv_text = HEADER.join(",");
    csv_text.push('\n');
    for row in &rows {
        csv_text.push_str(&row.join(","));
        csv_text.push('\n');
    }
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("vInfo")?;
    for (column, header) in HEADER.iter().enumerate() {
        sheet.write_string(0, column as u16, *header)?;
    }
    for (row, cells) in rows.iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            let (row, column) = (row as u32 + 1, column as u16);
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(row, column, number)?,
                Err(_) => sheet.write_string(row, column, cell)?,
            };
        }
    }
    let xlsx = workbook.save_to_buffer()?;

    let catalogs = Catalogs::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
    let workload_file: String = (0..20)
        .map(|i| {
            format!(
                "[[workload]]\nname = \"app-{i:02}\"\nusers = [\"{}\"]\nlatency_ms = {}\nclients = \"{}\"\n\n",
                CITIES[i % CITIES.len()],
                if i % 2 == 0 { 1 } else { 60 },
                if i % 2 == 0 { "on-premises" } else { "wired" }
            )
        })
        .collect();
    let workloads = parse_workloads(
        &workload_file,
        catalogs.locations,
        &catalogs.services.known_services,
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let measured = MeasuredRtts::default();
    let context = PlanContext::new(
        catalogs.locations,
        catalogs.hardware,
        catalogs.services,
        None,
        &measured,
        ModelParameters::default(),
    );
    let options = SizingOptions::default();
    let (mut read_csv, mut read_xlsx, mut one, mut planned, mut json) =
        (vec![], vec![], vec![], vec![], vec![]);
    let big = edge_atlas::demo::generate(300, 0)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .estate;
    let chicago = big
        .outposts
        .first()
        .map(|o| o.outpost_id.clone())
        .unwrap_or_default();
    let (mut usage_times, mut existing) = (vec![], vec![]);
    let mut existing_summary = String::new();
    let mut summary = String::new();
    for _ in 0..runs {
        let start = Instant::now();
        let inventory = inventory::parse_csv(&csv_text, &InventoryOptions::default())?;
        read_csv.push(start.elapsed());
        let start = Instant::now();
        let from_xlsx = inventory::parse_file("vms.xlsx", &xlsx, &InventoryOptions::default())?;
        read_xlsx.push(start.elapsed());
        assert_eq!(from_xlsx.servers.len(), inventory.servers.len());
        let start = Instant::now();
        let report = size_inventory(
            &inventory,
            Placement::NewOutpost,
            catalogs.hardware,
            &options,
        )?;
        one.push(start.elapsed());
        let start = Instant::now();
        let placed = size_inventory(
            &inventory,
            Placement::Planned {
                context: &context,
                workloads: &workloads,
            },
            catalogs.hardware,
            &options,
        )?;
        planned.push(start.elapsed());
        let start = Instant::now();
        std::hint::black_box(serde_json::to_string(&placed)?);
        json.push(start.elapsed());
        let start = Instant::now();
        let usage = edge_atlas::host_usage::outpost_usage(&big, &chicago);
        usage_times.push(start.elapsed());
        let start = Instant::now();
        let onto = size_inventory(
            &inventory,
            Placement::Existing {
                estate: &big,
                outpost_id: &chicago,
            },
            catalogs.hardware,
            &options,
        )?;
        existing.push(start.elapsed());
        existing_summary = format!(
            "{} entities; the first Outpost: {}; {vms} VMs onto it: {} existing hosts used, {} new racks",
            big.entity_count(),
            usage.summary(),
            onto.existing_hosts.len(),
            onto.rack_plans.first().map_or(0, |r| r.choice.racks)
        );
        let hosts: usize = report.outposts.iter().map(|f| f.hosts.len()).sum();
        summary = format!(
            "{vms} VMs -> one new Outpost: {hosts} hosts, {} racks ({}); placed: {} Outposts, {} elsewhere",
            report.rack_plans.first().map_or(0, |r| r.choice.racks),
            report
                .rack_plans
                .first()
                .map_or_else(String::new, |r| r.choice.label()),
            placed.rack_plans.len(),
            placed.elsewhere.len()
        );
    }
    println!("{summary}");
    report(&format!("read {vms} VMs from CSV"), &mut read_csv);
    report(&format!("read {vms} VMs from .xlsx"), &mut read_xlsx);
    report(&format!("size {vms} VMs onto one new Outpost"), &mut one);
    report(
        &format!("size {vms} VMs in 20 workloads placed by the planner"),
        &mut planned,
    );
    report("size --json output", &mut json);
    println!("{existing_summary}");
    report(
        "one Outpost's host usage in a 100k-entity estate",
        &mut usage_times,
    );
    report(
        &format!("size {vms} VMs onto that existing Outpost"),
        &mut existing,
    );
    Ok(())
}
