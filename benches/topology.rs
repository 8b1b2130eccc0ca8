//! Topology benchmark: building the graph and the three layouts for the demo at several
//! scales. Target (issue 5): graph + hierarchical layout <= 200 ms at 100k entities.
//!
//! Run: `cargo bench -p edge-atlas --bench topology` (release profile). Optional:
//! `--scales 100,282,1000` and `--runs N` (default 5). Prints the median and range of each step.

mod common;

use std::time::Instant;

use common::{option, report};

use edge_atlas::catalog::LocationCatalog;
use edge_atlas::demo;
use edge_atlas::layout::geo::geographic;
use edge_atlas::layout::hierarchy::{HierarchyOptions, crowded_groups, hierarchical};
use edge_atlas::layout::rack::rack_layout;
use edge_atlas::topology::Topology;

fn main() -> anyhow::Result<()> {
    let scales: Vec<u32> = option("--scales", "100,282,1000".to_owned())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();
    let runs: usize = option("--runs", 5usize).max(1);
    let catalog = LocationCatalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;

    for scale in scales {
        let generated = demo::generate(scale, 1).map_err(|e| anyhow::anyhow!("{e}"))?;
        let entities = generated.estate.entity_count();
        let (mut build, mut tree, mut both, mut folded, mut geo, mut racks) =
            (vec![], vec![], vec![], vec![], vec![], vec![]);
        let mut nodes = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let topology = Topology::build(&generated.estate, &generated.overlay);
            let built = started.elapsed();
            let layout = hierarchical(&topology, &HierarchyOptions::default());
            let total = started.elapsed();
            build.push(built);
            tree.push(total - built);
            both.push(total);
            nodes = topology.node_count();
            anyhow::ensure!(layout.visible.len() == nodes);

            let started = Instant::now();
            let collapsed = crowded_groups(&topology, 50);
            let _ = hierarchical(
                &topology,
                &HierarchyOptions {
                    collapsed,
                    ..HierarchyOptions::default()
                },
            );
            folded.push(started.elapsed());

            let started = Instant::now();
            let points = geographic(&topology, &generated.estate, catalog);
            geo.push(started.elapsed());
            anyhow::ensure!(!points.is_empty());

            let started = Instant::now();
            for network in &topology.rack_networks {
                let _ = rack_layout(network, 100.0, 150.0);
            }
            racks.push(started.elapsed());
        }
        println!("scale {scale}: {entities} entities, {nodes} graph nodes");
        report("  build graph", &mut build);
        report("  hierarchical layout (all expanded)", &mut tree);
        report("  graph + hierarchical layout", &mut both);
        report(
            "  hierarchical layout, groups of > 50 collapsed",
            &mut folded,
        );
        report("  geographic layout", &mut geo);
        report("  rack network layouts (every Outpost)", &mut racks);
    }
    Ok(())
}
