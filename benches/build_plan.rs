//! Build plan benchmark (issue 22): the network build plan of 30 compute racks, without and with
//! an ACE rack, checked against a scale-100 estate for conflicts. Target: <= 50 ms.
//!
//! Run: `cargo bench -p edge-atlas --bench build_plan` (release). Optional: `--racks N`,
//! `--uplinks N`, `--scale N`, `--runs N` (default 30, 2, 100, 20). Prints the median and range
//! of: deriving the rack network, the plan alone, the plan with the conflict check, and its
//! Markdown.

mod common;

use std::time::Instant;

use common::{option, report};

use edge_atlas::demo;
use edge_atlas::planner::build_plan::{AddressingInput, build_plan};
use edge_atlas::report::build_plan::markdown;
use edge_atlas::topology::{LayoutPlan, RackNetwork};

fn main() -> anyhow::Result<()> {
    let (racks, uplinks, scale, runs) = (
        option("--racks", 30u32),
        option("--uplinks", 2u32),
        option("--scale", 100u32),
        option("--runs", 20usize).max(1),
    );
    let estate = demo::generate(scale, 1)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .estate;
    // 30 racks without ACE: 120 VIFs, 240 /31 addresses; the default /24 holds 256, so the
    // plan's pools are set for any rack count.
    let input = AddressingInput {
        p2p_pool: "10.200.0.0/16".parse()?,
        service_link_pool: "10.201.0.0/16".parse()?,
        ..AddressingInput::default()
    };
    for ace in [false, true] {
        let layout = LayoutPlan {
            compute_racks: racks,
            ace,
            uplinks_per_device: uplinks,
            cnds: if ace { 4 } else { 2 },
            uplink_gbps: 100,
        };
        let (mut derive, mut plan_only, mut checked, mut md) = (vec![], vec![], vec![], vec![]);
        let mut rows = 0;
        for _ in 0..runs {
            let start = Instant::now();
            let network = RackNetwork::planned(&layout);
            derive.push(start.elapsed());
            let start = Instant::now();
            let plan = build_plan(&network, &input, None)?;
            plan_only.push(start.elapsed());
            let start = Instant::now();
            let plan_checked = build_plan(&network, &input, Some(&estate))?;
            checked.push(start.elapsed());
            let start = Instant::now();
            std::hint::black_box(markdown(&plan_checked));
            md.push(start.elapsed());
            rows = plan.links.len() + plan.vifs.len();
        }
        let label =
            format!("{racks} racks, ace {ace}, {uplinks} uplinks ({rows} link and VIF rows)");
        report(&format!("{label}: derive the rack network"), &mut derive);
        report(&format!("{label}: build plan"), &mut plan_only);
        report(
            &format!(
                "{label}: build plan + conflicts vs {} VPCs, {} subnets",
                estate.vpcs.len(),
                estate.subnets.len()
            ),
            &mut checked,
        );
        report(&format!("{label}: Markdown"), &mut md);
    }
    Ok(())
}
