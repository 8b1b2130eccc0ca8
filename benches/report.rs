//! Report benchmark: 100 workloads, each landing on a new Outpost (so each has its racks and
//! diagrams: both planned rack networks, the chart against rack count, the planned elevations),
//! against the demo estate. Targets (issue 18): HTML <= 0.5 s, PDF <= 2 s.
//!
//! Run: `cargo bench -p edge-atlas --bench report` (release). Optional: `--workloads N`,
//! `--runs N` (default 100, 5). Prints the median and range of planning, gathering the report
//! (drawing the diagrams) and rendering each format, and each format's size.

mod common;

use std::fmt::Write as _;
use std::time::Instant;

use common::{option, report};

use edge_atlas::demo;
use edge_atlas::planner::{Catalogs, MeasuredRtts, ModelParameters, PlanContext, parse_workloads};
use edge_atlas::report::{Report, ReportFormat, ReportMeta};
use edge_atlas::scene::map::{MapColors, world_map};
use edge_atlas::scene::style::LIGHT;
use edge_atlas::topology::Topology;

fn main() -> anyhow::Result<()> {
    let (count, runs) = (
        option("--workloads", 100u32),
        option("--runs", 5usize).max(1),
    );
    let catalogs = Catalogs::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
    let demo = demo::demo().map_err(|e| anyhow::anyhow!("{e}"))?;
    let (estate, overlay) = (demo.estate, demo.overlay);
    // Sub-millisecond budgets on the shop floor: only a new Outpost at the site answers.
    let metros = [
        "Frankfurt",
        "Chicago",
        "Osaka",
        "Boston",
        "Los Angeles",
        "Miami",
    ];
    let mut toml = String::new();
    for i in 0..count as usize {
        let _ = write!(
            toml,
            "[[workload]]\nname = \"line-{i}\"\nusers = [\"{}\"]\nlatency_ms = 1.2\nclients = \"on-premises\"\nvcpus = {}\nmemory_gib = {}\nracks_long_term = {}\n\n",
            metros[i % metros.len()],
            200 + (i * 37) % 900,
            800 + (i * 53) % 3000,
            1 + i % 8,
        );
    }
    let workloads = parse_workloads(&toml, catalogs.locations, &catalogs.services.known_services)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let measured = MeasuredRtts::default();
    let context = PlanContext::new(
        catalogs.locations,
        catalogs.hardware,
        catalogs.services,
        Some((1, &estate)),
        &measured,
        ModelParameters::default(),
    );
    let started = Instant::now();
    let topology = Topology::build(&estate, &overlay);
    let map = world_map(
        &estate,
        &topology,
        catalogs.locations,
        &MapColors::default(),
    );
    println!(
        "the map the excerpts are cut from: {:.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    let formats = [
        ReportFormat::Html,
        ReportFormat::Pdf,
        ReportFormat::Markdown,
        ReportFormat::Csv,
        ReportFormat::Json,
    ];
    let (mut planning, mut gathering) = (Vec::new(), Vec::new());
    let mut rendering = vec![Vec::new(); formats.len()];
    let mut sizes = vec![0usize; formats.len()];
    let mut with_racks = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let plan = context.plan(&workloads);
        planning.push(started.elapsed());
        with_racks = plan.workloads.iter().filter(|w| w.racks.is_some()).count();
        let started = Instant::now();
        let gathered = Report::new(
            &plan,
            &workloads,
            &catalogs,
            Some(&estate),
            Some(&map),
            ReportMeta::default(),
            &LIGHT,
        );
        gathering.push(started.elapsed());
        for (index, format) in formats.iter().enumerate() {
            let started = Instant::now();
            let bytes = gathered.render(*format)?;
            rendering[index].push(started.elapsed());
            sizes[index] = bytes.len();
        }
    }
    println!(
        "{count} workloads, {with_racks} with Outposts racks and two diagrams each, a map excerpt each"
    );
    report("plan", &mut planning);
    report(
        "gather the report (draw the diagrams and map excerpts)",
        &mut gathering,
    );
    for (index, format) in formats.iter().enumerate() {
        report(
            &format!("render {format:?} ({} kB)", sizes[index] / 1024),
            &mut rendering[index],
        );
    }
    Ok(())
}
