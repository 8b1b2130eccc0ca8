//! The estate graph as a drawing: the containment tree laid out top-down (Regions, zones,
//! Outposts, racks, devices, VPCs, subnets, instances), relations between branches, and what
//! is selected or matches a search, built as a [`Scene`] for one viewport at one zoom.
//!
//! Built for estates of hundreds of thousands of nodes. [`GraphLayout`] indexes the laid-out
//! nodes by level, each level sorted by x, and the tree edges between two levels in the same
//! order (their ends both grow with x, so the edges meeting an x-range are one run found by
//! binary search); a viewport therefore costs a few binary searches plus the shapes it shows,
//! and the same index answers hover and click. Edges are culled as segments against the view.
//! The level of detail follows the zoom ([`Detail`]): density cells when far out, then one
//! rectangle per node, then outlined shapes, then labels (`draw.rs`). Filters
//! ([`GraphFilter`]) and collapsed groups change the layout, not the drawing, so a frame never
//! walks hidden nodes.

mod draw;
mod filter;
mod pack;

pub use filter::GraphFilter;

use std::collections::HashSet;
use std::ops::Range;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::style::{KindGroup, Palette};
use super::{Color, Point, Scene, Shape, Stroke};
use crate::layout::hierarchy::{HierarchyOptions, TreeLayout, hierarchical};
use crate::topology::{EdgeKind, NodeKind, Topology};
use pack::pack_rows;

/// Horizontal distance between neighbouring leaves, in scene units.
pub const LEAF_SPACING: f32 = 150.0;
/// Vertical distance between levels, in scene units.
pub const LEVEL_SPACING: f32 = 110.0;
/// Width of a node's box, in scene units.
pub const NODE_WIDTH: f32 = 132.0;
/// Height of a node's box, in scene units.
pub const NODE_HEIGHT: f32 = 40.0;

/// A parent with more leaf children than this stacks them in a block of columns.
pub const WRAP_LEAVES_ABOVE: usize = 6;

/// The side of a density cell at the aggregated level of detail, in screen points.
const DENSITY_CELL_POINTS: f32 = 4.0;

/// How much is drawn at a zoom, from least to most.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Detail {
    /// Nodes merged into density cells of a few screen points (leaves under 4 points apart).
    Aggregated,
    /// One filled rectangle per node.
    Dots,
    /// Outlined boxes, groups stacked, relations drawn.
    Shapes,
    /// Boxes with their label and kind (or how much a collapsed group holds).
    Labels,
}

impl Detail {
    /// The detail drawn at `scale` screen points per scene unit.
    pub fn at(scale: f32) -> Detail {
        let leaf_px = LEAF_SPACING * scale;
        if leaf_px < 4.0 {
            Detail::Aggregated
        } else if leaf_px < 24.0 {
            Detail::Dots
        } else if leaf_px < 80.0 {
            Detail::Shapes
        } else {
            Detail::Labels
        }
    }
}

/// The part of the scene on screen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Viewport {
    /// Top-left corner, scene units.
    pub min: Point,
    /// Bottom-right corner, scene units.
    pub max: Point,
    /// Screen points per scene unit.
    pub scale: f32,
}

/// What stands out in the drawing.
#[derive(Clone, Copy, Debug, Default)]
pub struct Marks<'a> {
    /// The selected node (its visible representative).
    pub selected: Option<NodeIndex>,
    /// Search matches (their visible representatives).
    pub highlighted: &'a [NodeIndex],
    /// Draw every relation between visible nodes, not only the selected node's.
    pub all_relations: bool,
}

/// One level of the tree: its nodes sorted by x.
#[derive(Clone, Debug, Default)]
struct Level {
    y: f32,
    xs: Vec<f32>,
    nodes: Vec<NodeIndex>,
}

/// The tree edges from one level to the next, in the order of the children's x. Both ends
/// grow with x, so `low` (the smaller end's x) and `high` (the larger) are sorted.
#[derive(Clone, Debug, Default)]
struct Band {
    parent_y: f32,
    child_y: f32,
    ends: Vec<(f32, f32)>,
    low: Vec<f32>,
    high: Vec<f32>,
}

/// A relation other than containment between two visible nodes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Relation {
    /// The edge's source (or the visible group holding it).
    pub from: NodeIndex,
    /// The edge's target (or the visible group holding it).
    pub to: NodeIndex,
    /// What the edge means.
    pub kind: EdgeKind,
}

/// The laid-out graph with its spatial index; rebuilt when groups collapse or filters change.
#[derive(Clone, Debug, Default)]
pub struct GraphLayout {
    tree: TreeLayout,
    levels: Vec<Level>,
    bands: Vec<Band>,
    relations: Vec<Relation>,
    /// Width and height of the packed layout.
    extent: [f32; 2],
    /// The width-to-height ratio the Regions' trees were packed for.
    aspect: f32,
    /// How many nodes of each legend group are laid out, for the legend and its caption.
    shown: Vec<(KindGroup, usize)>,
    /// How many Outposts are laid out.
    outposts_shown: usize,
    /// The nodes whose names are drawn like place names when far out (accounts, Regions,
    /// then Outposts, each in level and x order), found once here rather than in every frame.
    places: Vec<draw::Place>,
}

impl GraphLayout {
    /// The layout options the graph uses, with these collapsed groups and hidden nodes.
    pub fn options(collapsed: HashSet<NodeIndex>, hidden: Vec<bool>) -> HierarchyOptions {
        HierarchyOptions {
            collapsed,
            leaf_spacing: LEAF_SPACING,
            level_spacing: LEVEL_SPACING,
            hidden,
            wrap_leaves_above: Some(WRAP_LEAVES_ABOVE),
        }
    }

    /// Lays `topology` out and indexes it, its Regions' trees packed for a desktop window.
    pub fn build(topology: &Topology, options: &HierarchyOptions) -> GraphLayout {
        GraphLayout::build_for(topology, options, TARGET_ASPECT)
    }

    /// Lays `topology` out and indexes it, its Regions' trees packed into the rows whose
    /// block comes nearest `aspect` (the canvas's width over its height).
    pub fn build_for(topology: &Topology, options: &HierarchyOptions, aspect: f32) -> GraphLayout {
        let mut tree = hierarchical(topology, options);
        let aspect = if aspect.is_finite() && aspect > 0.05 {
            aspect
        } else {
            TARGET_ASPECT
        };
        let extent = pack_rows(&mut tree, topology, options.level_spacing, aspect);
        let mut counts = [0usize; KindGroup::ALL.len()];
        let mut outposts_shown = 0;
        for node in &tree.visible {
            let kind = topology.node(*node).kind;
            counts[KindGroup::of(kind) as usize] += 1;
            outposts_shown += usize::from(kind == NodeKind::Outpost);
        }
        let shown = KindGroup::ALL
            .iter()
            .zip(counts)
            .filter(|(_, count)| *count > 0)
            .map(|(group, count)| (*group, count))
            .collect();
        let depth_of = |y: f32| (y / options.level_spacing).round().max(0.0) as usize;
        let mut levels: Vec<Level> = Vec::new();
        let mut placed: Vec<(usize, f32, NodeIndex)> = tree
            .visible
            .iter()
            .filter_map(|node| tree.positions[node.index()].map(|[x, y]| (depth_of(y), x, *node)))
            .collect();
        placed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        for (depth, x, node) in placed {
            while levels.len() <= depth {
                let y = levels.len() as f32 * options.level_spacing;
                levels.push(Level {
                    y,
                    ..Level::default()
                });
            }
            levels[depth].xs.push(x);
            levels[depth].nodes.push(node);
        }
        let mut bands = Vec::new();
        for pair in levels.windows(2) {
            let (parents, children) = (&pair[0], &pair[1]);
            let mut band = Band {
                parent_y: parents.y + NODE_HEIGHT / 2.0,
                child_y: children.y - NODE_HEIGHT / 2.0,
                ..Band::default()
            };
            for (child, child_x) in children.nodes.iter().zip(&children.xs) {
                // The first level of a packed row holds roots: no edge comes down to them.
                let drawn_from = tree
                    .drawn_from
                    .get(child)
                    .copied()
                    .or(topology.parent[child.index()]);
                if let Some(parent) = drawn_from.and_then(|parent| tree.positions[parent.index()]) {
                    band.ends.push((parent[0], *child_x));
                }
            }
            // Monotone bounds for the binary searches: prefix maxima of the larger ends, suffix
            // minima of the smaller ones. For a tidy tree they equal the ends; were the order ever
            // broken they would still select a superset, which the segment test then trims.
            let mut high_so_far = f32::NEG_INFINITY;
            band.high = band
                .ends
                .iter()
                .map(|(a, b)| {
                    high_so_far = high_so_far.max(a.max(*b));
                    high_so_far
                })
                .collect();
            let mut low_after = f32::INFINITY;
            band.low = vec![0.0; band.ends.len()];
            for (low, (a, b)) in band.low.iter_mut().zip(&band.ends).rev() {
                low_after = low_after.min(a.min(*b));
                *low = low_after;
            }
            bands.push(band);
        }
        let places = draw::places(topology, &levels);
        let mut layout = GraphLayout {
            tree,
            levels,
            bands,
            aspect,
            shown,
            outposts_shown,
            places,
            relations: Vec::new(),
            extent,
        };
        let mut seen = HashSet::new();
        for edge in topology.graph.edge_references() {
            if edge.weight().kind == EdgeKind::Contains {
                continue;
            }
            let (Some(from), Some(to)) = (
                layout.representative(topology, edge.source()),
                layout.representative(topology, edge.target()),
            ) else {
                continue;
            };
            let relation = Relation {
                from,
                to,
                kind: edge.weight().kind,
            };
            if from != to && seen.insert(relation) {
                layout.relations.push(relation);
            }
        }
        layout
    }

    /// The node itself if it is drawn, else the nearest drawn ancestor (the collapsed group it
    /// is in); `None` when a filter hides it and all its ancestors.
    pub fn representative(&self, topology: &Topology, node: NodeIndex) -> Option<NodeIndex> {
        let mut current = Some(node);
        while let Some(index) = current {
            if self
                .tree
                .positions
                .get(index.index())
                .copied()
                .flatten()
                .is_some()
            {
                return Some(index);
            }
            current = topology.parent.get(index.index()).copied().flatten();
        }
        None
    }

    /// Where a drawn node's centre is.
    pub fn position(&self, node: NodeIndex) -> Option<Point> {
        self.tree
            .positions
            .get(node.index())
            .copied()
            .flatten()
            .map(Point::from)
    }

    /// The node a drawn node's tree edge comes from: its parent, or for a leaf wrapped into a
    /// block, the leaf above it.
    pub fn drawn_parent(&self, topology: &Topology, node: NodeIndex) -> Option<NodeIndex> {
        self.tree
            .drawn_from
            .get(&node)
            .copied()
            .or(topology.parent[node.index()])
    }

    /// The drawn nodes (not hidden, not inside a collapsed group).
    pub fn drawn_nodes(&self) -> &[NodeIndex] {
        &self.tree.visible
    }

    /// Number of drawn nodes.
    pub fn visible_count(&self) -> usize {
        self.tree.visible.len()
    }

    /// The width-to-height ratio the Regions' trees were packed for.
    pub fn aspect(&self) -> f32 {
        self.aspect
    }

    /// What the whole layout shows, as the legend's caption says it: "35 Regions, 3 Outposts,
    /// 479 nodes".
    pub fn caption(&self) -> String {
        let count = |group: KindGroup| {
            self.shown
                .iter()
                .find(|(g, _)| *g == group)
                .map_or(0, |(_, count)| *count)
        };
        let mut parts = Vec::new();
        let accounts = count(KindGroup::Accounts);
        if accounts > 0 {
            parts.push(format!(
                "{accounts} account{}",
                if accounts == 1 { "" } else { "s" }
            ));
        }
        let regions = count(KindGroup::Regions);
        if regions > 0 {
            parts.push(format!(
                "{regions} Region{}",
                if regions == 1 { "" } else { "s" }
            ));
        }
        if self.outposts_shown > 0 {
            parts.push(format!(
                "{} Outpost{}",
                self.outposts_shown,
                if self.outposts_shown == 1 { "" } else { "s" }
            ));
        }
        parts.push(format!("{} nodes", self.tree.visible.len()));
        parts.join(", ")
    }

    /// How many nodes a collapsed group stands for, if `node` is one.
    pub fn hidden_below(&self, node: NodeIndex) -> Option<usize> {
        self.tree.hidden_below.get(&node).copied()
    }

    /// The relations between drawn nodes.
    pub fn relations(&self) -> &[Relation] {
        &self.relations
    }

    /// The rectangle holding every drawn node.
    pub fn bounds(&self) -> (Point, Point) {
        (
            Point::new(-NODE_WIDTH / 2.0, -NODE_HEIGHT / 2.0),
            Point::new(
                self.extent[0].max(0.0) + NODE_WIDTH / 2.0,
                self.extent[1].max(0.0) + NODE_HEIGHT / 2.0,
            ),
        )
    }

    /// The rectangle holding `root` and every drawn node under it.
    pub fn subtree_bounds(&self, topology: &Topology, root: NodeIndex) -> Option<(Point, Point)> {
        let start = self.position(root)?;
        let (mut min, mut max) = (start, start);
        for node in &self.tree.visible {
            let mut current = Some(*node);
            while let Some(index) = current {
                if index == root {
                    if let Some(p) = self.position(*node) {
                        min = Point::new(min.x.min(p.x), min.y.min(p.y));
                        max = Point::new(max.x.max(p.x), max.y.max(p.y));
                    }
                    break;
                }
                current = topology.parent[index.index()];
            }
        }
        Some((
            Point::new(min.x - NODE_WIDTH / 2.0, min.y - NODE_HEIGHT / 2.0),
            Point::new(max.x + NODE_WIDTH / 2.0, max.y + NODE_HEIGHT / 2.0),
        ))
    }

    /// The drawn node under `point`, allowing `slack` scene units around each box.
    pub fn node_at(&self, point: Point, slack: f32) -> Option<NodeIndex> {
        let level = self
            .levels
            .get((point.y / LEVEL_SPACING).round().max(0.0) as usize)?;
        if (point.y - level.y).abs() > NODE_HEIGHT / 2.0 + slack {
            return None;
        }
        let after = level.xs.partition_point(|x| *x < point.x);
        [after.checked_sub(1), Some(after)]
            .into_iter()
            .flatten()
            .filter(|i| *i < level.xs.len())
            .map(|i| (i, (level.xs[i] - point.x).abs()))
            .filter(|(_, distance)| *distance <= NODE_WIDTH / 2.0 + slack)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(i, _)| level.nodes[i])
    }

    /// The nodes of `level` whose boxes meet the x-range of `viewport`.
    fn level_range(level: &Level, viewport: &Viewport) -> Range<usize> {
        let start = level
            .xs
            .partition_point(|x| *x < viewport.min.x - NODE_WIDTH / 2.0);
        let end = level
            .xs
            .partition_point(|x| *x <= viewport.max.x + NODE_WIDTH / 2.0);
        start..end.max(start)
    }

    fn level_visible(level: &Level, viewport: &Viewport) -> bool {
        level.y + NODE_HEIGHT / 2.0 >= viewport.min.y
            && level.y - NODE_HEIGHT / 2.0 <= viewport.max.y
    }

    /// The edges of `band` whose x-extent meets the viewport's.
    fn band_range(band: &Band, viewport: &Viewport) -> Range<usize> {
        let start = band.high.partition_point(|x| *x < viewport.min.x);
        let end = band.low.partition_point(|x| *x <= viewport.max.x);
        start..end.max(start)
    }

    /// Counts what a frame at `viewport` draws: (nodes, tree edges) meeting the view.
    pub fn visible_in(&self, viewport: &Viewport) -> (usize, usize) {
        let nodes = self
            .levels
            .iter()
            .filter(|level| Self::level_visible(level, viewport))
            .map(|level| Self::level_range(level, viewport).len())
            .sum();
        let edges = self
            .bands
            .iter()
            .map(|band| {
                Self::band_range(band, viewport)
                    .filter(|i| {
                        let (a, b) = band.ends[*i];
                        segment_meets_rect(
                            Point::new(a, band.parent_y),
                            Point::new(b, band.child_y),
                            viewport.min,
                            viewport.max,
                        )
                    })
                    .count()
            })
            .sum();
        (nodes, edges)
    }

    /// The scene for `viewport`: only what meets it, at the detail its zoom calls for.
    pub fn scene(
        &self,
        topology: &Topology,
        viewport: &Viewport,
        palette: &Palette,
        marks: &Marks<'_>,
    ) -> Scene {
        let detail = Detail::at(viewport.scale);
        let pixel = 1.0 / viewport.scale.max(f32::EPSILON);
        let mut scene = Scene {
            background: Some(palette.canvas),
            items: Vec::new(),
            legible_px: None,
        };
        self.push_edges(&mut scene, viewport, palette, detail, pixel);
        if detail >= Detail::Shapes || marks.selected.is_some() {
            self.push_relations(&mut scene, viewport, palette, marks, detail, pixel);
        }
        if detail == Detail::Aggregated {
            self.push_density(&mut scene, topology, viewport, palette, pixel);
        } else {
            for level in &self.levels {
                if !Self::level_visible(level, viewport) {
                    continue;
                }
                for i in Self::level_range(level, viewport) {
                    self.push_node(
                        &mut scene,
                        topology,
                        level.nodes[i],
                        level.xs[i],
                        level.y,
                        palette,
                        detail,
                        pixel,
                    );
                }
            }
        }
        let legend = self.legend_box(viewport, pixel);
        if detail < Detail::Labels {
            self.push_place_names(&mut scene, topology, viewport, palette, pixel, legend);
        }
        let ring = |scene: &mut Scene, node: NodeIndex, color: Color, width_px: f32| {
            let Some(at) = self.position(node) else {
                return;
            };
            let pad = 6.0 * pixel;
            let (min, max) = if detail == Detail::Aggregated {
                let radius = 7.0 * pixel;
                (
                    Point::new(at.x - radius, at.y - radius),
                    Point::new(at.x + radius, at.y + radius),
                )
            } else {
                (
                    Point::new(
                        at.x - NODE_WIDTH / 2.0 - pad,
                        at.y - NODE_HEIGHT / 2.0 - pad,
                    ),
                    Point::new(
                        at.x + NODE_WIDTH / 2.0 + pad,
                        at.y + NODE_HEIGHT / 2.0 + pad,
                    ),
                )
            };
            if max.x < viewport.min.x
                || min.x > viewport.max.x
                || max.y < viewport.min.y
                || min.y > viewport.max.y
            {
                return;
            }
            scene.push(Shape::Rect {
                min,
                max,
                corner_radius: 4.0 * pixel,
                stroke: Some(Stroke::solid(width_px * pixel, color)),
                fill: None,
            });
        };
        for node in marks.highlighted {
            ring(&mut scene, *node, palette.highlight, 2.5);
        }
        if let Some(selected) = marks.selected {
            ring(&mut scene, selected, palette.selection, 3.0);
        }
        self.push_legend(&mut scene, legend, palette, pixel);
        scene
    }
}

/// Place names on the graph, in screen points.
pub(super) const PLACE_NAME_PX: f32 = 13.0;
/// At most this many place names are tried per frame.
pub(super) const PLACE_NAMES_TRIED: usize = 400;

/// The screen shape the packed layout aims for (width over height) when no canvas is known.
pub const TARGET_ASPECT: f32 = 1.6;

/// Whether the segment from `a` to `b` meets the rectangle `min`..`max` (Liang-Barsky).
pub fn segment_meets_rect(a: Point, b: Point, min: Point, max: Point) -> bool {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let mut t0 = 0.0f32;
    let mut t1 = 1.0f32;
    for (p, q) in [
        (-dx, a.x - min.x),
        (dx, max.x - a.x),
        (-dy, a.y - min.y),
        (dy, max.y - a.y),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return false;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
            if t0 > t1 {
                return false;
            }
        }
    }
    true
}

#[cfg(test)]
mod tests;
