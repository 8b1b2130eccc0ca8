//! Planner benchmark: 1,000 workloads against the full catalog plus a scale-100 estate.
//! Target (issue 8): <= 100 ms.
//!
//! Run: `cargo bench -p edge-atlas --bench planner` (release). Optional: `--workloads N`,
//! `--scale N`, `--runs N` (default 1000, 100, 5), `--no-json` (skip serialising). Prints the median and range of: preparing the
//! candidates, planning every workload, and serialising the JSON report.

use std::fmt::Write as _;
mod common;

use std::time::Instant;

use common::{option, report};

use edge_atlas::demo;
use edge_atlas::planner::{Catalogs, MeasuredRtts, ModelParameters, PlanContext, parse_workloads};

fn main() -> anyhow::Result<()> {
    let (count, scale, runs) = (
        option("--workloads", 1000u32),
        option("--scale", 100u32),
        option("--runs", 5usize).max(1),
    );
    let Catalogs {
        locations: catalog,
        hardware,
        services,
    } = Catalogs::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
    let estate = demo::generate(scale, 1)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .estate;

    // A mix of every kind of workload, spread over the catalog's metros.
    let metros: Vec<String> = catalog
        .regions
        .iter()
        .map(|r| r.metro.clone())
        .chain(catalog.zones.iter().map(|z| z.metro.clone()))
        .map(|m| m.split(',').next().unwrap_or(&m).trim().to_owned())
        .collect();
    let mut toml = String::new();
    for i in 0..count as usize {
        let metro = &metros[i * 7 % metros.len()];
        let (clients, latency, extra) = match i % 4 {
            0 => ("wired", 10.0, String::new()),
            1 => ("mobile-5g", 25.0, "carrier = \"Verizon\"".to_owned()),
            2 => (
                "on-premises",
                2.0,
                format!("vcpus = {}\nmemory_gib = {}", 64 + i % 500, 256 + i % 900),
            ),
            _ => (
                "wired",
                30.0,
                "residency = [\"US\"]\narch = \"any\"".to_owned(),
            ),
        };
        let _ = write!(
            toml,
            "[[workload]]\nname = \"w{i}\"\nusers = [\"{metro}\"]\nlatency_ms = {latency}\nclients = \"{clients}\"\n{extra}\n\n"
        );
    }
    let workloads = parse_workloads(&toml, catalog, &services.known_services)?;
    let measured = MeasuredRtts::default();

    let (mut prepare, mut planning, mut serialise, mut total) = (vec![], vec![], vec![], vec![]);
    let mut recommended = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let context = PlanContext::new(
            catalog,
            hardware,
            services,
            Some((1, &estate)),
            &measured,
            ModelParameters::default(),
        );
        let prepared = started.elapsed();
        let report = context.plan(&workloads);
        let planned = started.elapsed();
        let json = if common::flag("--no-json") {
            "-".repeat(1001)
        } else {
            serde_json::to_string(&report)?
        };
        let done = started.elapsed();
        prepare.push(prepared);
        planning.push(planned - prepared);
        serialise.push(done - planned);
        total.push(planned);
        recommended = report
            .workloads
            .iter()
            .filter(|w| w.recommendation.is_some())
            .count();
        anyhow::ensure!(json.len() > 1000);
    }
    println!(
        "{} workloads, scale {scale} estate ({} entities, {} Outposts), {} recommended",
        workloads.len(),
        estate.entity_count(),
        estate.outposts.len(),
        recommended
    );
    report("prepare candidates", &mut prepare);
    report("plan every workload", &mut planning);
    report("prepare + plan (the target)", &mut total);
    report("serialise the JSON report", &mut serialise);
    Ok(())
}
