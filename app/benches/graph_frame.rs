//! Frame-time benchmark of the estate graph and the app's launch, headless on the CPU.
//!
//! `cargo bench -p edge-atlas-app --bench graph_frame -- [--scale N] [--frames N]`
//!
//! Builds `demo --scale N` (default 150, over 50k graph nodes), expands every group and times
//! whole egui frames of the graph view (`Context::run_ui` plus `Context::tessellate`, as eframe
//! does before handing meshes to the GPU) in a 1600 x 1000 window: (a) the whole graph in view,
//! (b) one Region filling the view, (c) panning at the Region's zoom, (d) and (e) panning
//! zoomed out and at mid zoom, (f) panning over one Outpost.
//! (a) and (b) nudge the zoom every frame so the scene is rebuilt each time; "hover" repeats (b)
//! with the camera still, the case the scene cache serves. Then checks that a settled frame asks
//! for no repaint (no idle work), times frames of the Rack network view on the largest Outpost,
//! and times the launch path on a 100k-entity database: open the store, load the snapshot and
//! derive the workspace, then the first frame (`--launch-scale N`, default 300).

use std::time::{Duration, Instant};

use edge_atlas::model::{EntityKind, SiteOverlay};
use edge_atlas::scene::style::Theme;
use edge_atlas::store::Store;
use edge_atlas_app::app::EdgeAtlasApp;
use edge_atlas_app::app::opening;
use edge_atlas_app::selection::{Highlight, Selection};
use edge_atlas_app::views::graph::GraphView;
use edge_atlas_app::views::inventory::InventoryView;
use edge_atlas_app::views::rack_network::RackNetworkView;
use edge_atlas_app::views::racks::RacksView;
use edge_atlas_app::workspace::Workspace;
use eframe::egui;

#[path = "../../benches/common/mod.rs"]
mod common;

fn input(size: egui::Vec2) -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, size)),
        ..Default::default()
    }
}

/// Runs one frame and tessellates it; returns its CPU time and the number of triangles.
fn frame(
    ctx: &egui::Context,
    size: egui::Vec2,
    ui: impl FnMut(&mut egui::Ui),
) -> (Duration, usize) {
    let start = Instant::now();
    let output = ctx.run_ui(input(size), ui);
    let primitives = ctx.tessellate(output.shapes, output.pixels_per_point);
    let elapsed = start.elapsed();
    let triangles = primitives
        .iter()
        .map(|p| match &p.primitive {
            egui::epaint::Primitive::Mesh(mesh) => mesh.indices.len() / 3,
            egui::epaint::Primitive::Callback(_) => 0,
        })
        .sum();
    (elapsed, triangles)
}

fn report(name: &str, mut times: Vec<Duration>, triangles: usize, graph: &GraphView) {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{name:<34} p50 {:6.2} ms  p95 {:6.2} ms  max {:6.2} ms  ({} frames, {:?} detail, {} shapes, ~{} triangles)",
        pick(0.5),
        pick(0.95),
        pick(1.0),
        times.len(),
        graph.detail(),
        graph.scene_len(),
        triangles
    );
}

fn main() {
    let scale: u32 = common::option("--scale", 150);
    let frames: usize = common::option("--frames", 300);
    let size = egui::vec2(1600.0, 1000.0);
    let demo = edge_atlas::demo::generate(scale, 0).expect("demo");
    // Without the demo's overlay: the ACE rack is inferred, as a fresh sync would see it.
    let workspace = Workspace::unstored(demo.meta, demo.estate, SiteOverlay::default());
    let nodes = workspace.topology.node_count();
    println!(
        "demo --scale {scale}: {} entities, {nodes} graph nodes{}",
        workspace.info.entity_count,
        if nodes < 50_000 {
            " (fewer than 50k: raise --scale)"
        } else {
            ""
        }
    );
    let ctx = egui::Context::default();
    theme_apply(&ctx);
    let palette = Theme::Light.palette();
    let mut graph = GraphView::default();
    let mut selection = Selection::default();
    let started = Instant::now();
    graph.prepare(&workspace);
    graph.expand_all();
    graph.prepare(&workspace);
    println!(
        "layout of {} expanded nodes: {:.0} ms",
        graph.visible_count(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let draw = |graph: &mut GraphView, selection: &mut Selection| {
        frame(&ctx, size, |ui| {
            graph.show(
                ui,
                &workspace,
                selection,
                &mut Highlight::default(),
                palette,
            )
        })
    };
    // Warm up (fonts, first layout of the toolbar).
    for _ in 0..5 {
        draw(&mut graph, &mut selection);
    }

    let mut run =
        |name: &str, graph: &mut GraphView, step: &mut dyn FnMut(&mut GraphView, usize)| {
            let mut times = Vec::with_capacity(frames);
            let mut triangles = 0;
            for i in 0..frames {
                step(graph, i);
                let (time, tris) = draw(graph, &mut selection);
                times.push(time);
                triangles = triangles.max(tris);
            }
            report(name, times, triangles, graph);
        };
    let nudge = |graph: &mut GraphView, i: usize| {
        graph.zoom_by(if i.is_multiple_of(2) {
            1.0001
        } else {
            1.0 / 1.0001
        })
    };
    // Pans sideways by `points` a frame, turning back every 30 frames.
    let sway = |points: f32| {
        move |g: &mut GraphView, i: usize| {
            g.pan(egui::vec2(
                if (i / 30).is_multiple_of(2) {
                    -points
                } else {
                    points
                },
                0.0,
            ))
        }
    };

    graph.fit_all();
    run("(a) all in view, zoomed out", &mut graph, &mut |g, i| {
        nudge(g, i)
    });
    let region = workspace
        .topology
        .find("us-east-1")
        .expect("us-east-1 in the demo");
    graph.fit_subtree(&workspace, region);
    run("(b) one Region (us-east-1)", &mut graph, &mut |g, i| {
        nudge(g, i)
    });
    run(
        "    hover, camera still (cached)",
        &mut graph,
        &mut |_, _| {},
    );
    graph.fit_subtree(&workspace, region);
    run(
        "(c) panning at the Region's zoom",
        &mut graph,
        &mut sway(25.0),
    );
    graph.fit_all();
    graph.zoom_by(4.0);
    run(
        "(d) panning zoomed out (4x fit)",
        &mut graph,
        &mut sway(30.0),
    );
    graph.fit_all();
    graph.zoom_by(40.0);
    run(
        "(e) panning at mid zoom (40x fit)",
        &mut graph,
        &mut sway(30.0),
    );

    let outpost = workspace
        .topology
        .graph
        .node_indices()
        .find(|n| workspace.topology.node(*n).kind == edge_atlas::topology::NodeKind::Outpost)
        .expect("an Outpost");
    graph.fit_subtree(&workspace, outpost);
    run("(f) panning over one Outpost", &mut graph, &mut sway(30.0));

    // No idle work: once frames settle, a frame requests no repaint.
    let mut settle = || {
        ctx.run_ui(input(size), |ui| {
            graph.show(
                ui,
                &workspace,
                &mut selection,
                &mut Highlight::default(),
                palette,
            )
        })
    };
    let output = settle();
    let _ = settle();
    let idle = settle();
    let asks = |o: &egui::FullOutput| {
        o.viewport_output
            .get(&egui::ViewportId::ROOT)
            .is_some_and(|v| v.repaint_delay < Duration::from_secs(3600))
    };
    println!(
        "idle: repaint requested after settling: {} (first frame: {})",
        asks(&idle),
        asks(&output)
    );

    rack_network(&ctx, &workspace, frames);
    first_use(&workspace);
    racks(&ctx, &workspace, frames);
    drop(workspace);
    launch(common::option("--launch-scale", 300));
}

/// Frames of the Rack network view on the estate's largest Outpost: the picture as it stands,
/// then taking a CND out and putting it back every frame (impact and picture rebuilt each time).
fn rack_network(ctx: &egui::Context, workspace: &Workspace, frames: usize) {
    let palette = Theme::Light.palette();
    let size = egui::vec2(1600.0, 1000.0);
    let Some(network) = workspace.topology.largest_outpost() else {
        return;
    };
    let cnd = network
        .devices_with_role(edge_atlas::topology::DeviceRole::Cnd)
        .next()
        .map(|d| d.id.clone());
    let mut view = RackNetworkView::default();
    view.outpost = Some(network.outpost_id.clone());
    // Nothing is saved in these frames: the database is never opened.
    let (commands, _unused) = edge_atlas_app::commands::channel();
    for _ in 0..5 {
        frame(ctx, size, |ui| {
            view.show(ui, &commands, workspace, palette, None);
        });
    }
    for (name, toggle, editing) in [
        ("still", false, false),
        ("a CND out and back in, every frame", true, false),
        ("with the site overlay editor open", false, true),
    ] {
        view.editing = editing;
        view.removed.clear();
        let mut times = Vec::with_capacity(frames);
        for i in 0..frames {
            if toggle && let Some(cnd) = &cnd {
                view.removed = if i % 2 == 0 {
                    vec![cnd.clone()]
                } else {
                    Vec::new()
                };
            }
            let (time, _) = frame(ctx, size, |ui| {
                view.show(ui, &commands, workspace, palette, None);
            });
            times.push(time);
        }
        let what = format!(
            "rack network of {} ({} racks, {} devices), {name}",
            network.outpost_id,
            network.racks.len(),
            network.devices.len(),
        );
        print_percentiles(&what, times);
    }
}

/// p50, p95 and max of `times` in milliseconds.
fn print_percentiles(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let pick = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize].as_secs_f64() * 1e3;
    println!(
        "{what}: p50 {:.2} ms  p95 {:.2} ms  max {:.2} ms",
        pick(0.5),
        pick(0.95),
        pick(1.0)
    );
}

/// What is built after a load: the search and id-to-entity indexes (by a worker thread, timed
/// here on this one), and the Inventory's largest table (a slice per frame).
fn first_use(workspace: &Workspace) {
    // The indexes are built by a worker thread when a snapshot loads; here on this thread, to
    // time that work alone.
    let started = Instant::now();
    workspace.wait_for_indexes();
    let found = workspace.search("prod", 20).map_or(0, |found| found.len());
    let first = started.elapsed();
    let started = Instant::now();
    workspace.search("prod", 20);
    let again = started.elapsed();
    let id = workspace
        .estate
        .outposts
        .first()
        .map(|o| o.outpost_id.clone())
        .unwrap_or_default();
    let started = Instant::now();
    let shown = workspace.entity(&id).is_some();
    let entity = started.elapsed();
    // The Inventory's largest table, built a slice per frame behind a progress bar.
    let ctx = egui::Context::default();
    let mut inventory = InventoryView::of_kind(EntityKind::Asset);
    let mut selection = Selection::default();
    let size = egui::vec2(1600.0, 1000.0);
    let started = Instant::now();
    let mut frames = Vec::new();
    loop {
        let (time, _) = frame(&ctx, size, |ui| {
            inventory.show(ui, workspace, &mut selection);
        });
        frames.push(time);
        if !inventory.is_building() || frames.len() > 10_000 {
            break;
        }
    }
    let total = started.elapsed();
    let (next, _) = frame(&ctx, size, |ui| {
        inventory.show(ui, workspace, &mut selection);
    });
    println!(
        "first use: Inventory of {} assets: built over {} frames in {:.0} ms, the longest frame {:.1} ms; then {:.2} ms a frame",
        workspace.estate.assets.len(),
        frames.len(),
        total.as_secs_f64() * 1e3,
        frames.iter().max().map_or(0.0, |t| t.as_secs_f64() * 1e3),
        next.as_secs_f64() * 1e3
    );
    println!(
        "first use: search and id indexes built (a worker's work after a load) and searched in {:.1} ms ({found} matches; again {:.2} ms); an entity looked up in {:.3} ms (found: {shown})",
        first.as_secs_f64() * 1e3,
        again.as_secs_f64() * 1e3,
        entity.as_secs_f64() * 1e3
    );
}

/// The Racks view on the largest Outpost: matching every rack of the estate to the catalog
/// (once, on first open), then frames of the elevations.
fn racks(ctx: &egui::Context, workspace: &Workspace, frames: usize) {
    let palette = Theme::Light.palette();
    let size = egui::vec2(1600.0, 1000.0);
    let started = Instant::now();
    let Ok(outposts) = workspace.outpost_racks() else {
        return;
    };
    let racks: usize = outposts.iter().map(|o| o.racks.len()).sum();
    println!(
        "racks: {} Outposts, {racks} racks, {} assets matched and checked on first open in {:.1} ms",
        outposts.len(),
        workspace.estate.assets.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let largest = workspace
        .topology
        .largest_outpost()
        .and_then(|network| outposts.iter().find(|o| o.outpost_id == network.outpost_id));
    let Some(largest) = largest else {
        return;
    };
    let mut view = RacksView::default();
    view.outpost = Some(largest.outpost_id.clone());
    let mut selection = Selection::default();
    for _ in 0..5 {
        frame(ctx, size, |ui| {
            view.show(ui, workspace, &mut selection, palette)
        });
    }
    let times = (0..frames)
        .map(|_| {
            frame(ctx, size, |ui| {
                view.show(ui, workspace, &mut selection, palette)
            })
            .0
        })
        .collect();
    let what = format!(
        "racks view of {} ({} racks, {} assets)",
        largest.outpost_id,
        largest.racks.len(),
        largest.racks.iter().map(|r| r.slots.len()).sum::<usize>()
    );
    print_percentiles(&what, times);
}

fn theme_apply(ctx: &egui::Context) {
    edge_atlas_app::theme::apply(ctx, Theme::Light);
}

/// The launch path on a database holding a snapshot of `demo --scale scale` (300: 100k
/// entities; 2800: 1.1M).
fn launch(scale: u32) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("launch.sqlite");
    {
        let demo = edge_atlas::demo::generate(scale, 0).expect("demo");
        let mut store = Store::open(&db).expect("store");
        store
            .insert_snapshot(&demo.meta, &demo.estate)
            .expect("insert");
    }
    {
        let t = Instant::now();
        // As the app opens a file holding snapshots: for reading, no quick_check.
        let store = Store::open_existing(&db).expect("store");
        let open = t.elapsed();
        let id = store.resolve_snapshot(None).expect("id");
        let info = store.snapshot(id).expect("info");
        let t = Instant::now();
        let estate = store.load_estate(id).expect("estate");
        let load = t.elapsed();
        let overlay = store.load_overlay().expect("overlay");
        let t = Instant::now();
        let topology = edge_atlas::topology::Topology::build(&estate, &overlay);
        let topo = t.elapsed();
        let t = Instant::now();
        let _summary = edge_atlas::summary::EstateSummary::of(&estate, &overlay);
        let summary = t.elapsed();
        println!(
            "launch parts: open {:.0} ms, load {} entities {:.0} ms, topology ({} nodes) {:.0} ms, summary {:.0} ms",
            open.as_secs_f64() * 1e3,
            info.entity_count,
            load.as_secs_f64() * 1e3,
            topology.node_count(),
            topo.as_secs_f64() * 1e3,
            summary.as_secs_f64() * 1e3
        );
    }
    for attempt in 0..3 {
        // As the window opens: the loader thread sends the overview, then the workspace.
        let start = Instant::now();
        let mut app = EdgeAtlasApp::from_loading(
            db.clone(),
            opening::start(db.clone(), opening::Wake::default()),
        );
        let overview_loaded = start.elapsed();
        let ctx = egui::Context::default();
        let size = egui::vec2(1360.0, 800.0);
        let (first, _) = frame(&ctx, size, |ui| app.show(ui));
        let first_total = start.elapsed();
        while app.is_opening() {
            std::thread::sleep(Duration::from_millis(5));
            frame(&ctx, size, |ui| app.show(ui));
        }
        let workspace_loaded = start.elapsed();
        let (workspace_first, _) = frame(&ctx, size, |ui| app.show(ui));
        let workspace_total = start.elapsed();
        // The workspace's first frame started the search index on a worker thread; the window
        // is usable meanwhile. Timed here, and waited for so it does not slow the next launch.
        let indexed = app.workspace().map(|workspace| {
            workspace.wait_for_indexes();
            start.elapsed()
        });
        println!(
            "launch {attempt}: {}-entity cache (adapter start-up not included): the overview loaded {:.0} ms, its first frame {:.0} ms, on screen {:.0} ms after start; the workspace loaded {:.0} ms, its first frame {:.0} ms, on screen {:.0} ms after start; search index ready {:.0} ms after start, off the UI thread",
            app.workspace()
                .map_or(0, |workspace| workspace.info.entity_count),
            overview_loaded.as_secs_f64() * 1e3,
            first.as_secs_f64() * 1e3,
            first_total.as_secs_f64() * 1e3,
            workspace_loaded.as_secs_f64() * 1e3,
            workspace_first.as_secs_f64() * 1e3,
            workspace_total.as_secs_f64() * 1e3,
            indexed.map_or(f64::NAN, |t| t.as_secs_f64() * 1e3)
        );
    }
}
