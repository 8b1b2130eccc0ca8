//! Export benchmark (issue 19): the estate graph of a scale-100 estate and the largest rack
//! network, each as SVG and as PNG (rasterised without a window). Targets: the graph's SVG
//! <= 1 s, its PNG <= 2 s.
//!
//! Run: `cargo bench -p edge-atlas --bench export` (release). Optional: `--scale N` (default
//! 100), `--runs N` (default 3). Prints the median and range of building each scene, writing
//! its SVG and rasterising its PNG, and the sizes.

mod common;

use std::time::Instant;

use common::{option, report};

use edge_atlas::demo;
use edge_atlas::export::{pictures, png};
use edge_atlas::scene::Scene;
use edge_atlas::scene::style::LIGHT;
use edge_atlas::scene::svg::to_svg;
use edge_atlas::topology::Topology;

/// Builds one picture's scene.
type SceneBuilder<'a> = Box<dyn Fn() -> Scene + 'a>;

/// The longest side of a PNG when no scale is asked for (as the CLI does).
const MAX_SIDE_PX: f32 = 8192.0;

fn main() -> anyhow::Result<()> {
    let (scale, runs) = (option("--scale", 100u32), option("--runs", 3usize).max(1));
    let started = Instant::now();
    let generated = demo::generate(scale, 1)?;
    let topology = Topology::build(&generated.estate, &generated.overlay);
    println!(
        "scale {scale}: {} graph nodes, generated and built in {:.1} s",
        topology.graph.node_count(),
        started.elapsed().as_secs_f64()
    );
    let largest = topology
        .rack_networks
        .iter()
        .max_by_key(|n| n.devices.len())
        .map(|n| n.outpost_id.clone())
        .ok_or_else(|| anyhow::anyhow!("no Outpost"))?;
    // The graph's PNG drawn at its own scale, as the CLI draws it (dots and density cells at
    // that zoom, as on screen).
    let mut building = Vec::new();
    let mut pngs = Vec::new();
    let (mut png_bytes, mut items, mut png_scale) = (0, 0, 0.0);
    for _ in 0..runs {
        let started = Instant::now();
        let (scene, scale) = pictures::graph_at(&topology, None, &LIGHT, |extent| {
            (MAX_SIDE_PX / (extent[0].max(extent[1]) + 2.0 * png::MARGIN)).min(1.0)
        });
        building.push(started.elapsed());
        items = scene.items.len();
        png_scale = scale;
        let started = Instant::now();
        png_bytes = png::scene_to_png(&scene, scale)?.len();
        pngs.push(started.elapsed());
    }
    println!("estate graph for a PNG at {png_scale:.3} px per unit: {items} scene items");
    report("  build the scene at that zoom", &mut building);
    report(
        &format!("  SVG and rasterise PNG ({} kB)", png_bytes / 1024),
        &mut pngs,
    );
    let pictures: [(&str, SceneBuilder<'_>); 2] = [
        (
            "estate graph",
            Box::new(|| pictures::graph(&topology, None, &LIGHT)),
        ),
        (
            "largest rack network",
            Box::new(|| {
                pictures::rack_network(&topology, &largest, &[], &LIGHT).unwrap_or_default()
            }),
        ),
    ];
    for (name, build) in pictures {
        let (mut building, mut svgs, mut pngs) = (Vec::new(), Vec::new(), Vec::new());
        let (mut svg_bytes, mut png_bytes, mut items, mut side) = (0, 0, 0, 0.0);
        for _ in 0..runs {
            let started = Instant::now();
            let scene = build();
            building.push(started.elapsed());
            items = scene.items.len();
            let started = Instant::now();
            let svg = to_svg(&scene, png::MARGIN);
            svgs.push(started.elapsed());
            svg_bytes = svg.len();
            let extent = scene
                .bounds()
                .map_or(1.0, |(a, b)| (b.x - a.x).max(b.y - a.y) + 2.0 * png::MARGIN);
            let png_scale = (MAX_SIDE_PX / extent).min(1.0);
            side = extent * png_scale;
            let started = Instant::now();
            let bytes = png::svg_to_png(&svg, png_scale)?;
            pngs.push(started.elapsed());
            png_bytes = bytes.len();
        }
        println!("{name}: {items} scene items");
        report("  build the scene", &mut building);
        report(&format!("  write SVG ({} kB)", svg_bytes / 1024), &mut svgs);
        report(
            &format!(
                "  rasterise this SVG as PNG ({side:.0} px longest side, {} kB)",
                png_bytes / 1024
            ),
            &mut pngs,
        );
    }
    Ok(())
}
