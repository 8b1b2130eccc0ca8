//! Topology benchmark: building the graph and the three layouts for the demo at several
//! scales, and the graph grouped by account (the demo's VPCs spread over 50 accounts). Target (issue 5): graph + hierarchical layout <= 200 ms at 100k entities.
//!
//! Run: `cargo bench -p edge-atlas --bench topology` (release profile). Optional:
//! `--scales 100,282,1000` and `--runs N` (default 5). Prints the median and range of each step.

mod common;

use std::collections::HashMap;
use std::time::Instant;

use common::{option, report};

use edge_atlas::catalog::LocationCatalog;
use edge_atlas::demo;
use edge_atlas::layout::geo::geographic;
use edge_atlas::layout::hierarchy::{HierarchyOptions, crowded_groups, hierarchical};
use edge_atlas::layout::rack::rack_layout;
use edge_atlas::model::Estate;
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
        let (mut build, mut tree, mut both, mut folded, mut geo, mut racks, mut grouped) =
            (vec![], vec![], vec![], vec![], vec![], vec![], vec![]);
        let (organisation, accounts) = spread_over_accounts(&generated.estate, 50);
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

            let topology = Topology::build(&organisation, &generated.overlay);
            let started = Instant::now();
            let by_account = topology.grouped_by_account(&organisation, &accounts);
            grouped.push(started.elapsed());
            anyhow::ensure!(by_account.node_count() > topology.node_count());
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
        report(
            "  the graph grouped by account (VPCs over 50 accounts)",
            &mut grouped,
        );
    }
    Ok(())
}

/// `estate` as an organisation might hold it: the VPCs (their subnets and instances with them)
/// spread round-robin over `members` accounts, everything else in the one it was generated in;
/// with the accounts as (id, label).
fn spread_over_accounts(estate: &Estate, members: usize) -> (Estate, Vec<(String, String)>) {
    let mut spread = estate.clone();
    let member = |index: usize| format!("2{:011}", index % members + 1);
    let mut account_of_vpc = HashMap::new();
    for (index, vpc) in spread.vpcs.iter_mut().enumerate() {
        vpc.account_id = member(index);
        account_of_vpc.insert(vpc.vpc_id.clone(), vpc.account_id.clone());
    }
    for subnet in &mut spread.subnets {
        if let Some(account) = account_of_vpc.get(&subnet.vpc_id) {
            subnet.account_id = account.clone();
        }
    }
    for instance in &mut spread.instances {
        if let Some(account) = instance.vpc_id.as_ref().and_then(|v| account_of_vpc.get(v)) {
            instance.account_id = account.clone();
        }
    }
    let mut accounts: Vec<(String, String)> = (0..members)
        .map(|index| (member(index), format!("member-{}", index + 1)))
        .collect();
    if let Some(region) = estate.regions.first() {
        accounts.insert(0, (region.account_id.clone(), "infrastructure".to_owned()));
    }
    (spread, accounts)
}
