//! The estate graph (or one Outpost's rack network) as a draw.io file (mxGraph XML) that
//! opens in diagrams.net and stays editable there: Regions, zones, Outposts and racks are
//! containers holding what they contain (moving a Region moves its zones), every other node
//! a box coloured by kind, relations as edges styled by how they are known (observed solid,
//! inferred dashed, derived dotted, asserted bold, as everywhere in Edge Atlas). Containment
//! is shown by nesting, so `contains` and `in Region` edges are not drawn again.
//!
//! Labels are plain text: no cell's style has `html=1` (diagrams.net would render an AWS or
//! user string as HTML), and every value is XML-escaped. The layout is a simple packing of
//! each container's children in rows; people rearrange it in diagrams.net.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::scene::Color;
use crate::scene::style::Palette;
use crate::topology::{EdgeKind, NodeKind, Provenance, Topology};
use crate::xml::escape;

/// A box's size, diagram units.
const BOX: [f32; 2] = [170.0, 46.0];
/// Space between boxes and around a container's content.
const GAP: f32 = 16.0;
/// A container's title band.
const HEADER: f32 = 32.0;

/// Whether a node of `kind` holds other nodes in the drawing (accounts, Regions, zones,
/// Outposts, racks).
pub fn is_container(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::Account
            | NodeKind::Region
            | NodeKind::AvailabilityZone
            | NodeKind::LocalZone
            | NodeKind::WavelengthZone
            | NodeKind::OtherZone
            | NodeKind::Outpost
            | NodeKind::ComputeRack
            | NodeKind::AceRack
    )
}

fn hex(color: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
}

/// A placed node: its size and, for a container, where each child sits inside it.
struct Placed {
    size: [f32; 2],
    children: Vec<(NodeIndex, [f32; 2])>,
}

struct Drawing {
    children: HashMap<NodeIndex, Vec<NodeIndex>>,
    placed: HashMap<NodeIndex, Placed>,
}

impl Drawing {
    /// Sizes `node` and places its children (post-order), packing them into rows about twice
    /// as wide as high.
    fn place(&mut self, node: NodeIndex) -> [f32; 2] {
        let kids = self.children.get(&node).cloned().unwrap_or_default();
        if kids.is_empty() {
            self.placed.insert(
                node,
                Placed {
                    size: BOX,
                    children: Vec::new(),
                },
            );
            return BOX;
        }
        let sizes: Vec<[f32; 2]> = kids.iter().map(|kid| self.place(*kid)).collect();
        let area: f32 = sizes.iter().map(|s| (s[0] + GAP) * (s[1] + GAP)).sum();
        let widest = sizes.iter().map(|s| s[0]).fold(0.0, f32::max);
        let row_limit = (area * 2.0).sqrt().max(widest);
        let (mut x, mut y, mut row_height, mut width) = (GAP, HEADER + GAP, 0.0f32, 0.0f32);
        let mut children = Vec::with_capacity(kids.len());
        for (kid, size) in kids.iter().zip(&sizes) {
            if x > GAP && x + size[0] > row_limit + GAP {
                x = GAP;
                y += row_height + GAP;
                row_height = 0.0;
            }
            children.push((*kid, [x, y]));
            x += size[0] + GAP;
            width = width.max(x);
            row_height = row_height.max(size[1]);
        }
        let size = [width.max(BOX[0] + 2.0 * GAP), y + row_height + GAP];
        self.placed.insert(node, Placed { size, children });
        size
    }
}

/// The draw.io document of `nodes` of `topology` (as `topology::export::select` chooses them),
/// coloured from `palette`, titled `title`.
pub fn to_drawio(
    topology: &Topology,
    nodes: &[NodeIndex],
    palette: &Palette,
    title: &str,
) -> String {
    let chosen: HashSet<NodeIndex> = nodes.iter().copied().collect();
    // Each node's drawn parent: its nearest chosen container ancestor.
    let drawn_parent = |node: NodeIndex| {
        let mut at = topology.parent.get(node.index()).copied().flatten();
        while let Some(parent) = at {
            if chosen.contains(&parent) && is_container(topology.node(parent).kind) {
                return Some(parent);
            }
            at = topology.parent.get(parent.index()).copied().flatten();
        }
        None
    };
    let mut children: HashMap<NodeIndex, Vec<NodeIndex>> = HashMap::new();
    let mut roots = Vec::new();
    for &node in nodes {
        match drawn_parent(node) {
            Some(parent) => children.entry(parent).or_default().push(node),
            None => roots.push(node),
        }
    }
    let order = |list: &mut Vec<NodeIndex>| {
        list.sort_by(|a, b| {
            let (a, b) = (topology.node(*a), topology.node(*b));
            (a.kind, &a.label, &a.id).cmp(&(b.kind, &b.label, &b.id))
        });
    };
    order(&mut roots);
    for list in children.values_mut() {
        order(list);
    }
    let mut drawing = Drawing {
        children,
        placed: HashMap::new(),
    };
    // The top level packed like a container's content, at the page's origin.
    let mut top = Vec::new();
    let (mut x, mut y, mut row_height) = (0.0f32, 0.0f32, 0.0f32);
    let sizes: Vec<[f32; 2]> = roots.iter().map(|root| drawing.place(*root)).collect();
    let area: f32 = sizes.iter().map(|s| (s[0] + GAP) * (s[1] + GAP)).sum();
    let row_limit = (area * 2.0).sqrt();
    for (root, size) in roots.iter().zip(&sizes) {
        if x > 0.0 && x + size[0] > row_limit {
            x = 0.0;
            y += row_height + 3.0 * GAP;
            row_height = 0.0;
        }
        top.push((*root, [x, y]));
        x += size[0] + 3.0 * GAP;
        row_height = row_height.max(size[1]);
    }
    let mut xml = String::with_capacity(nodes.len() * 300);
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<mxfile host=\"Edge Atlas\">\n  <diagram id=\"edge-atlas\" name=\"{}\">\n    <mxGraphModel grid=\"1\" gridSize=\"10\" page=\"0\">\n      <root>\n        <mxCell id=\"0\"/>\n        <mxCell id=\"1\" parent=\"0\"/>\n",
        escape(title)
    );
    let mut stack: Vec<(NodeIndex, [f32; 2], String)> = top
        .into_iter()
        .rev()
        .map(|(node, at)| (node, at, "1".to_owned()))
        .collect();
    while let Some((node, at, parent)) = stack.pop() {
        let placed = drawing.placed.get(&node);
        let size = placed.map_or(BOX, |p| p.size);
        let data = topology.node(node);
        let container = placed.is_some_and(|p| !p.children.is_empty());
        let fill = hex(node_color(data.kind, palette));
        let style = if container {
            format!(
                "swimlane;rounded=1;startSize={HEADER};fillColor={fill};swimlaneFillColor={};strokeColor={};fontColor={};{}",
                hex(palette.surface),
                hex(palette.border),
                hex(palette.text),
                stroke_style(data.provenance)
            )
        } else {
            format!(
                "rounded=1;whiteSpace=wrap;fillColor={fill};strokeColor={};fontColor={};{}",
                hex(palette.border),
                hex(palette.text),
                stroke_style(data.provenance)
            )
        };
        let _ = writeln!(
            xml,
            "        <mxCell id=\"n{}\" value=\"{}\" style=\"{style}\" vertex=\"1\" parent=\"{parent}\"><mxGeometry x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" as=\"geometry\"/></mxCell>",
            node.index(),
            escape(&format!("{}\n{}", data.label, data.kind.label())),
            at[0],
            at[1],
            size[0],
            size[1]
        );
        if let Some(placed) = placed {
            for (child, child_at) in placed.children.iter().rev() {
                stack.push((*child, *child_at, format!("n{}", node.index())));
            }
        }
    }
    for edge in topology.graph.edge_references() {
        let weight = edge.weight();
        if !chosen.contains(&edge.source())
            || !chosen.contains(&edge.target())
            || matches!(weight.kind, EdgeKind::Contains | EdgeKind::InRegion)
        {
            continue;
        }
        let label = weight
            .label
            .clone()
            .unwrap_or_else(|| weight.kind.label().to_owned());
        let _ = writeln!(
            xml,
            "        <mxCell id=\"e{}\" value=\"{}\" style=\"endArrow=none;rounded=0;strokeColor={};fontColor={};{}\" edge=\"1\" parent=\"1\" source=\"n{}\" target=\"n{}\"><mxGeometry relative=\"1\" as=\"geometry\"/></mxCell>",
            edge.id().index(),
            escape(&label),
            hex(palette.tree_edge),
            hex(palette.text_muted),
            stroke_style(weight.provenance),
            edge.source().index(),
            edge.target().index()
        );
    }
    xml.push_str("      </root>\n    </mxGraphModel>\n  </diagram>\n</mxfile>\n");
    xml
}

/// A line's look for how it is known, in draw.io's style keys.
fn stroke_style(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::Observed => "",
        Provenance::Inferred => "dashed=1;dashPattern=8 4;",
        Provenance::Derived => "dashed=1;dashPattern=1 3;",
        Provenance::Asserted => "strokeWidth=2;",
    }
}

/// The fill of a node of `kind`: the colours of the app's legend.
fn node_color(kind: NodeKind, palette: &Palette) -> Color {
    match kind {
        NodeKind::Region => palette.region,
        NodeKind::AvailabilityZone | NodeKind::OtherZone => palette.availability_zone,
        NodeKind::LocalZone => palette.local_zone,
        NodeKind::WavelengthZone => palette.wavelength_zone,
        NodeKind::Outpost
        | NodeKind::Site
        | NodeKind::ComputeRack
        | NodeKind::AceRack
        | NodeKind::Asset
        | NodeKind::CatalogItem => palette.outposts,
        _ => palette.surface,
    }
}
