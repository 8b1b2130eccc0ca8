//! The pictures an export draws, built exactly as the app's views build them: the world map,
//! the whole estate graph at the detail that shows every label, one Outpost's rack network
//! (with the impact of taking elements out, as the Rack network view shows it) and its rack
//! elevations. Each takes the snapshot's estate or topology and a palette and returns the
//! scene, or says what it could not find.

use std::collections::HashSet;

use crate::catalog::{HardwareCatalog, LocationCatalog};
use crate::elevation::outpost_racks;
use crate::model::Estate;
use crate::scene::Scene;
use crate::scene::graph::{GraphLayout, Marks, Viewport};
use crate::scene::map::{MapColors, world_map};
use crate::scene::rack_network::rack_network_picture;
use crate::scene::racks::rack_elevations_picture;
use crate::scene::style::Palette;
use crate::topology::Topology;
use crate::topology::impact::impact;
use petgraph::graph::NodeIndex;

/// Screen points per scene unit the graph is exported at: the full detail (every label).
pub const GRAPH_EXPORT_SCALE: f32 = 0.6;

/// The world map of the snapshot, as the Map view draws it at the world view.
pub fn map(
    estate: &Estate,
    topology: &Topology,
    catalog: &LocationCatalog,
    palette: &Palette,
) -> Scene {
    world_map(estate, topology, catalog, &MapColors::of(palette)).scene
}

/// The whole estate graph (or one Region's part, `region`), every group expanded, every label
/// drawn (for SVG, which is zoomed in on).
pub fn graph(topology: &Topology, region: Option<&str>, palette: &Palette) -> Scene {
    graph_at(topology, region, palette, |_| GRAPH_EXPORT_SCALE).0
}

/// Which nodes a graph of `region` leaves out (none without one): those of other Regions and
/// those of no Region, indexed by node.
pub fn hidden_outside(topology: &Topology, region: Option<&str>) -> Vec<bool> {
    match region {
        None => Vec::new(),
        Some(region) => topology
            .graph
            .node_indices()
            .map(|index| topology.node(index).region.as_deref() != Some(region))
            .collect(),
    }
}

/// Which nodes a picture of `node`'s neighbourhood leaves out: it keeps the node, its
/// containment ancestors, its children, every node joined to it by a relation (either
/// direction), and those nodes' ancestors, so the picture stays one connected tree.
pub fn hidden_outside_neighbourhood(topology: &Topology, node: NodeIndex) -> Vec<bool> {
    let mut kept = vec![false; topology.node_count()];
    let keep_with_ancestors = |start: NodeIndex, kept: &mut Vec<bool>| {
        let mut at = Some(start);
        while let Some(index) = at {
            if std::mem::replace(&mut kept[index.index()], true) {
                break;
            }
            at = topology.parent.get(index.index()).copied().flatten();
        }
    };
    keep_with_ancestors(node, &mut kept);
    for neighbour in topology.graph.neighbors_undirected(node) {
        keep_with_ancestors(neighbour, &mut kept);
    }
    for (index, parent) in topology.parent.iter().enumerate() {
        if *parent == Some(node) {
            kept[index] = true;
        }
    }
    kept.into_iter().map(|keep| !keep).collect()
}

/// A laid-out graph drawn whole, as the screen draws it at `scale` screen points (a PNG's
/// pixels) per scene unit: [`GRAPH_EXPORT_SCALE`] shows every label. What the app exports of
/// the graph as filtered on screen.
pub fn graph_layout_scene(
    layout: &GraphLayout,
    topology: &Topology,
    palette: &Palette,
    marks: &Marks,
    scale: f32,
) -> Scene {
    let (min, max) = layout.bounds();
    let viewport = Viewport { min, max, scale };
    layout.scene(topology, &viewport, palette, marks)
}

/// The whole estate graph drawn as the screen draws it at a zoom: `scale_for` gets the
/// layout's `[width, height]` in scene units and says the screen points per scene unit (a PNG's
/// pixels per unit). At a small scale the graph is dots or density cells, as on screen, so a
/// PNG of a large estate is not thousands of unreadable labels. Returns the scene and the scale.
pub fn graph_at(
    topology: &Topology,
    region: Option<&str>,
    palette: &Palette,
    scale_for: impl FnOnce([f32; 2]) -> f32,
) -> (Scene, f32) {
    let hidden = hidden_outside(topology, region);
    let layout = GraphLayout::build(topology, &GraphLayout::options(HashSet::new(), hidden));
    let (min, max) = layout.bounds();
    let scale = scale_for([max.x - min.x, max.y - min.y]);
    (
        graph_layout_scene(&layout, topology, palette, &Marks::default(), scale),
        scale,
    )
}

/// What a rack picture could not be drawn for.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PictureError {
    /// No Outpost of that id, with the ids there are.
    #[error("no Outpost {0} in the snapshot (its Outposts: {1})")]
    NoOutpost(String, String),
    /// An element to take out is not in the rack network.
    #[error("{0}")]
    Impact(String),
}

fn outpost_ids(topology: &Topology) -> String {
    let ids: Vec<&str> = topology
        .rack_networks
        .iter()
        .map(|n| n.outpost_id.as_str())
        .collect();
    if ids.is_empty() {
        "none".to_owned()
    } else {
        ids.join(", ")
    }
}

/// One Outpost's rack network, with `taken_out` devices, port channels or racks struck out
/// and what that disconnects drawn, as the Rack network view shows it.
pub fn rack_network(
    topology: &Topology,
    outpost_id: &str,
    taken_out: &[String],
    palette: &Palette,
) -> Result<Scene, PictureError> {
    let network = topology
        .rack_networks
        .iter()
        .find(|n| n.outpost_id == outpost_id)
        .ok_or_else(|| PictureError::NoOutpost(outpost_id.to_owned(), outpost_ids(topology)))?;
    let impact = if taken_out.is_empty() {
        None
    } else {
        Some(impact(network, taken_out).map_err(|e| PictureError::Impact(e.to_string()))?)
    };
    Ok(rack_network_picture(network, palette, impact.as_ref()).scene)
}

/// One Outpost's rack elevations against its site's limits.
pub fn racks(
    estate: &Estate,
    topology: &Topology,
    outpost_id: &str,
    hardware: &HardwareCatalog,
    palette: &Palette,
) -> Result<Scene, PictureError> {
    outpost_racks(estate, topology, hardware)
        .into_iter()
        .find(|o| o.outpost_id == outpost_id)
        .map(|outpost| rack_elevations_picture(&outpost, palette).scene)
        .ok_or_else(|| PictureError::NoOutpost(outpost_id.to_owned(), outpost_ids(topology)))
}
