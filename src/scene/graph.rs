//! The estate graph as a drawing: the containment tree laid out top-down (Regions, zones,
//! Outposts, racks, devices, VPCs, subnets, instances), relations between branches, and what
//! is selected or matches a search, built as a [`Scene`] for one viewport at one zoom.
//!
//! Built for estates of hundreds of thousands of nodes. [`GraphLayout`] indexes the laid-out
//! nodes by level, each level sorted by x, and the tree edges between two levels in the same
//! order (their ends both grow with x, so the edges meeting an x-range are one run found by
//! binary search); a viewport therefore costs a few binary searches plus the shapes it shows,
//! and the same index answers hover and click. Edges are culled as segments against the view.
//! The level of detail follows the zoom ([`Detail`]): aggregated bars per level, then one
//! rectangle per node, then outlined shapes, then labels. Filters and collapsed groups change
//! the layout, not the drawing, so a frame never walks hidden nodes.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::ops::Range;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde::{Deserialize, Serialize};

use super::style::Palette;
use super::{Anchor, Color, Point, Scene, Shape, Stroke};
use crate::layout::hierarchy::{HierarchyOptions, TreeLayout, hierarchical};
use crate::model::Estate;
use crate::topology::{EdgeKind, NodeKind, Topology};

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

/// Which nodes the graph leaves out. Hiding a kind hides what its nodes contain; the Region
/// and tag filters keep the matching nodes with their ancestors (for context) and contents.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GraphFilter {
    /// Kinds not shown.
    pub hidden_kinds: BTreeSet<NodeKind>,
    /// Only this Region's nodes, if set.
    pub region: Option<String>,
    /// Only entities with a tag whose `key`, `value` or `key=value` contains this text
    /// (case-insensitive), if not empty.
    pub tag: String,
}

impl GraphFilter {
    /// Whether the filter shows everything.
    pub fn is_empty(&self) -> bool {
        self.hidden_kinds.is_empty() && self.region.is_none() && self.tag.trim().is_empty()
    }

    /// For each node of `topology`, whether the filter hides it (the layout's `hidden`).
    pub fn hidden_nodes(&self, topology: &Topology, estate: &Estate) -> Vec<bool> {
        let count = topology.node_count();
        if self.is_empty() {
            return Vec::new();
        }
        let tag = self.tag.trim().to_lowercase();
        let tagged: HashMap<&str, &BTreeMap<String, String>> = if tag.is_empty() {
            HashMap::new()
        } else {
            let mut tagged = HashMap::new();
            let _ = estate.visit_entities::<std::convert::Infallible>(|entity| {
                if let Some(tags) = entity.tags() {
                    tagged.insert(entity.id(), tags);
                }
                Ok(())
            });
            tagged
        };
        let tag_matches = |id: &str| {
            tagged.get(id).is_some_and(|tags| {
                tags.iter().any(|(key, value)| {
                    format!("{}={}", key.to_lowercase(), value.to_lowercase()).contains(&tag)
                })
            })
        };
        let filtered = self.region.is_some() || !tag.is_empty();
        let mut matches = vec![!filtered; count];
        if filtered {
            for index in topology.graph.node_indices() {
                let node = topology.node(index);
                let region_ok = self
                    .region
                    .as_ref()
                    .is_none_or(|region| node.region.as_deref() == Some(region.as_str()));
                matches[index.index()] = region_ok && (tag.is_empty() || tag_matches(&node.id));
            }
        }
        // Keep matches, their ancestors and their descendants.
        let mut keep = matches.clone();
        for (index, matched) in matches.iter().enumerate() {
            if !matched {
                continue;
            }
            let mut current = topology.parent[index];
            while let Some(parent) = current {
                if keep[parent.index()] {
                    break;
                }
                keep[parent.index()] = true;
                current = topology.parent[parent.index()];
            }
        }
        let mut under_match = vec![None::<bool>; count];
        for (index, kept) in keep.iter_mut().enumerate() {
            if *kept {
                continue;
            }
            let mut chain = Vec::new();
            let mut current = Some(NodeIndex::new(index));
            let mut found = false;
            while let Some(node) = current {
                if let Some(known) = under_match[node.index()] {
                    found = known;
                    break;
                }
                if matches[node.index()] {
                    found = true;
                    break;
                }
                chain.push(node.index());
                current = topology.parent[node.index()];
            }
            for node in chain {
                under_match[node] = Some(found);
            }
            *kept = found;
        }
        topology
            .graph
            .node_indices()
            .map(|index| {
                !keep[index.index()] || self.hidden_kinds.contains(&topology.node(index).kind)
            })
            .collect()
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

    /// Lays `topology` out and indexes it.
    pub fn build(topology: &Topology, options: &HierarchyOptions) -> GraphLayout {
        let mut tree = hierarchical(topology, options);
        let extent = pack_rows(&mut tree, topology, options.level_spacing);
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
        let mut layout = GraphLayout {
            tree,
            levels,
            bands,
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

    /// Number of drawn nodes.
    pub fn visible_count(&self) -> usize {
        self.tree.visible.len()
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
        scene
    }

    /// The far-out picture: the view cut into cells of a few screen points, each cell holding
    /// nodes filled in the colour of the first, and runs of filled cells in a row merged into one
    /// bar. Its size follows the pixels of the view, not the number of nodes.
    fn push_density(
        &self,
        scene: &mut Scene,
        topology: &Topology,
        viewport: &Viewport,
        palette: &Palette,
        pixel: f32,
    ) {
        let cell = DENSITY_CELL_POINTS * pixel;
        let columns = ((viewport.max.x - viewport.min.x) / cell).ceil().max(1.0) as usize + 1;
        let mut cells: Vec<Option<Color>> = vec![None; columns];
        // (cell row, top, bottom) of the levels gathered so far.
        let mut gathered: Option<(i64, f32, f32)> = None;
        let flush = |scene: &mut Scene, cells: &mut Vec<Option<Color>>, top: f32, bottom: f32| {
            let mut column = 0;
            while column < cells.len() {
                let Some(color) = cells[column] else {
                    column += 1;
                    continue;
                };
                let start = column;
                while column < cells.len() && cells[column] == Some(color) {
                    column += 1;
                }
                scene.push(Shape::Rect {
                    min: Point::new(viewport.min.x + start as f32 * cell, top),
                    max: Point::new(viewport.min.x + column as f32 * cell, bottom),
                    corner_radius: 0.0,
                    stroke: None,
                    fill: Some(color),
                });
            }
            cells.iter_mut().for_each(|c| *c = None);
        };
        for level in &self.levels {
            if !Self::level_visible(level, viewport) {
                continue;
            }
            let row = (level.y / cell).floor() as i64;
            let (top, bottom) = (level.y - NODE_HEIGHT / 2.0, level.y + NODE_HEIGHT / 2.0);
            gathered = match gathered {
                Some((current, first_top, last_bottom)) if current == row => {
                    Some((row, first_top.min(top), last_bottom.max(bottom)))
                }
                Some((_, first_top, last_bottom)) => {
                    flush(
                        scene,
                        &mut cells,
                        first_top,
                        last_bottom.max(first_top + cell),
                    );
                    Some((row, top, bottom))
                }
                None => Some((row, top, bottom)),
            };
            for i in Self::level_range(level, viewport) {
                let column = ((level.xs[i] - viewport.min.x) / cell).floor();
                let column = (column.max(0.0) as usize).min(columns - 1);
                if cells[column].is_none() {
                    cells[column] = Some(palette.kind(topology.node(level.nodes[i]).kind));
                }
            }
        }
        if let Some((_, top, bottom)) = gathered {
            flush(scene, &mut cells, top, bottom.max(top + cell));
        }
    }

    fn push_edges(
        &self,
        scene: &mut Scene,
        viewport: &Viewport,
        palette: &Palette,
        detail: Detail,
        pixel: f32,
    ) {
        if detail == Detail::Aggregated {
            // Levels are under two points apart at this zoom: the density cells of neighbouring
            // levels touch, and an edge would be a sub-pixel smudge.
            return;
        }
        let stroke = Stroke::solid(pixel, palette.tree_edge);
        for band in &self.bands {
            if band.child_y < viewport.min.y || band.parent_y > viewport.max.y {
                continue;
            }
            let range = Self::band_range(band, viewport);
            for i in range {
                let (a, b) = band.ends[i];
                let from = Point::new(a, band.parent_y);
                let to = Point::new(b, band.child_y);
                if segment_meets_rect(from, to, viewport.min, viewport.max) {
                    scene.push(Shape::Line { from, to, stroke });
                }
            }
        }
    }

    fn push_relations(
        &self,
        scene: &mut Scene,
        viewport: &Viewport,
        palette: &Palette,
        marks: &Marks<'_>,
        detail: Detail,
        pixel: f32,
    ) {
        for relation in &self.relations {
            let touches_selection = marks
                .selected
                .is_some_and(|s| s == relation.from || s == relation.to);
            if !(touches_selection || marks.all_relations && detail >= Detail::Shapes) {
                continue;
            }
            let (Some(from), Some(to)) = (self.position(relation.from), self.position(relation.to))
            else {
                continue;
            };
            if !segment_meets_rect(from, to, viewport.min, viewport.max) {
                continue;
            }
            let (width, color) = if touches_selection {
                (2.0, palette.selection)
            } else {
                (1.0, palette.relation)
            };
            scene.push(Shape::Line {
                from,
                to,
                stroke: Stroke::dashed(width * pixel, color, 6.0 * pixel, 4.0 * pixel),
            });
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_node(
        &self,
        scene: &mut Scene,
        topology: &Topology,
        node: NodeIndex,
        x: f32,
        y: f32,
        palette: &Palette,
        detail: Detail,
        pixel: f32,
    ) {
        let data = topology.node(node);
        let color = palette.kind(data.kind);
        let min = Point::new(x - NODE_WIDTH / 2.0, y - NODE_HEIGHT / 2.0);
        let max = Point::new(x + NODE_WIDTH / 2.0, y + NODE_HEIGHT / 2.0);
        if detail == Detail::Dots {
            scene.push(Shape::Rect {
                min,
                max,
                corner_radius: 0.0,
                stroke: None,
                fill: Some(color),
            });
            return;
        }
        let hidden = self.hidden_below(node);
        let tint = Color::rgba(color.r, color.g, color.b, 0x38);
        let outline = Some(Stroke::solid(1.5 * pixel, color));
        if hidden.is_some() {
            // A collapsed group: a second box behind, like a stack of cards.
            let offset = 5.0;
            scene.push(Shape::Rect {
                min: Point::new(min.x + offset, min.y - offset),
                max: Point::new(max.x + offset, max.y - offset),
                corner_radius: 6.0,
                stroke: outline,
                fill: Some(palette.canvas),
            });
        }
        scene.push(Shape::Rect {
            min,
            max,
            corner_radius: 6.0,
            stroke: outline,
            fill: Some(palette.canvas),
        });
        scene.push_entity(
            Shape::Rect {
                min,
                max,
                corner_radius: 6.0,
                stroke: None,
                fill: Some(tint),
            },
            data.id.clone(),
        );
        if detail < Detail::Labels {
            return;
        }
        scene.push(Shape::Text {
            at: Point::new(x, y - 7.0),
            text: fit(&data.label, NODE_WIDTH - 10.0, 12.0),
            size: 12.0,
            color: palette.text,
            anchor: Anchor::Middle,
        });
        let second = match hidden {
            Some(count) => format!("{} · +{count} inside", data.kind.label()),
            None => data.kind.label().to_owned(),
        };
        scene.push(Shape::Text {
            at: Point::new(x, y + 10.0),
            text: fit(&second, NODE_WIDTH - 10.0, 9.5),
            size: 9.5,
            color: palette.text_muted,
            anchor: Anchor::Middle,
        });
    }
}

/// The screen shape the packed layout aims for (width over height).
const TARGET_ASPECT: f32 = 1.6;

/// Packs the trees of the forest (one per Region, and the catalog's) into rows, so a broad
/// estate reads as a block rather than one very wide strip. Each tree keeps its shape; rows
/// start on whole levels, so levels stay horizontal lines of the index. Returns the width and
/// height of the result (the largest x and y of any node).
fn pack_rows(tree: &mut TreeLayout, topology: &Topology, level_spacing: f32) -> [f32; 2] {
    // In post-order each tree's nodes are contiguous and end with its root.
    let mut trees: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (position, node) in tree.visible.iter().enumerate() {
        let is_root = topology.parent[node.index()]
            .is_none_or(|parent| tree.positions[parent.index()].is_none());
        if is_root {
            trees.push(start..position + 1);
            start = position + 1;
        }
    }
    // Each tree's x-extent and depth.
    let spans: Vec<(f32, f32, f32)> = trees
        .iter()
        .map(|range| {
            let (mut left, mut right, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32);
            for node in &tree.visible[range.clone()] {
                if let Some([x, y]) = tree.positions[node.index()] {
                    left = left.min(x);
                    right = right.max(x);
                    bottom = bottom.max(y);
                }
            }
            (left, right, bottom)
        })
        .collect();
    let total_width: f32 = spans.iter().map(|(l, r, _)| r - l + LEAF_SPACING).sum();
    let height = spans.iter().map(|s| s.2).fold(0.0, f32::max) + 2.0 * level_spacing;
    let rows = (total_width / (height * TARGET_ASPECT)).sqrt().max(1.0);
    let row_width = (total_width / rows).max(LEAF_SPACING);
    let (mut cursor_x, mut row_top, mut row_bottom) = (0.0f32, 0.0f32, 0.0f32);
    let mut extent = [0.0f32, 0.0f32];
    for (range, (left, right, bottom)) in trees.iter().zip(spans) {
        let width = right - left + LEAF_SPACING;
        if cursor_x > 0.0 && cursor_x + width > row_width {
            cursor_x = 0.0;
            row_top = row_bottom + 2.0 * level_spacing;
        }
        for node in &tree.visible[range.clone()] {
            if let Some(position) = &mut tree.positions[node.index()] {
                position[0] += cursor_x - left;
                position[1] += row_top;
                extent[0] = extent[0].max(position[0]);
                extent[1] = extent[1].max(position[1]);
            }
        }
        row_bottom = row_bottom.max(row_top + bottom);
        cursor_x += width;
    }
    extent
}

/// `text` cut to what fits `width` scene units at font height `size` (average glyph ~0.55 em).
fn fit(text: &str, width: f32, size: f32) -> String {
    let max_chars = (width / (size * 0.55)).floor().max(3.0) as usize;
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max_chars - 2).collect();
        cut.push_str("..");
        cut
    }
}

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
mod tests {
    use super::*;
    use crate::model::SiteOverlay;

    fn demo_topology() -> (Estate, Topology) {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &demo.overlay);
        (demo.estate, topology)
    }

    fn whole(layout: &GraphLayout, scale: f32) -> Viewport {
        let (min, max) = layout.bounds();
        Viewport { min, max, scale }
    }

    #[test]
    fn segments_are_tested_against_the_rectangle_not_their_box() {
        let (min, max) = (Point::new(0.0, 0.0), Point::new(10.0, 10.0));
        // Crosses the box of the rectangle's corner but misses the rectangle.
        assert!(!segment_meets_rect(
            Point::new(-5.0, 8.0),
            Point::new(8.0, 21.0),
            min,
            max
        ));
        // Passes straight through with both ends outside.
        assert!(segment_meets_rect(
            Point::new(-5.0, 5.0),
            Point::new(15.0, 5.0),
            min,
            max
        ));
        assert!(segment_meets_rect(
            Point::new(2.0, 2.0),
            Point::new(3.0, 3.0),
            min,
            max
        ));
        assert!(!segment_meets_rect(
            Point::new(11.0, 0.0),
            Point::new(11.0, 10.0),
            min,
            max
        ));
    }

    #[test]
    fn every_node_is_drawn_when_the_whole_graph_is_in_view() {
        let (_, topology) = demo_topology();
        let layout =
            GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
        assert_eq!(layout.visible_count(), topology.node_count());
        let viewport = whole(&layout, 1.0);
        let (nodes, edges) = layout.visible_in(&viewport);
        assert_eq!(nodes, topology.node_count());
        let parented = topology.parent.iter().filter(|p| p.is_some()).count();
        assert_eq!(edges, parented, "every tree edge meets the whole view");
        let scene = layout.scene(
            &topology,
            &viewport,
            &super::super::style::LIGHT,
            &Marks::default(),
        );
        let labelled = scene
            .items
            .iter()
            .filter(|item| item.entity.is_some())
            .count();
        assert_eq!(labelled, topology.node_count());
    }

    #[test]
    fn a_small_viewport_culls_nodes_and_edges_exactly() {
        let (_, topology) = demo_topology();
        let layout =
            GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
        let viewport = Viewport {
            min: Point::new(3000.0, 150.0),
            max: Point::new(4200.0, 500.0),
            scale: 1.0,
        };
        let (nodes, edges) = layout.visible_in(&viewport);
        // Brute force over every node and every tree edge.
        let mut expected_nodes = 0;
        let mut expected_edges = 0;
        for index in topology.graph.node_indices() {
            let p = layout.position(index).expect("laid out");
            if p.x + NODE_WIDTH / 2.0 >= viewport.min.x
                && p.x - NODE_WIDTH / 2.0 <= viewport.max.x
                && p.y + NODE_HEIGHT / 2.0 >= viewport.min.y
                && p.y - NODE_HEIGHT / 2.0 <= viewport.max.y
            {
                expected_nodes += 1;
            }
            if let Some(parent) = layout.drawn_parent(&topology, index) {
                let q = layout.position(parent).expect("laid out");
                let from = Point::new(q.x, q.y + NODE_HEIGHT / 2.0);
                let to = Point::new(p.x, p.y - NODE_HEIGHT / 2.0);
                if segment_meets_rect(from, to, viewport.min, viewport.max) {
                    expected_edges += 1;
                }
            }
        }
        assert!(expected_nodes > 0 && expected_nodes < topology.node_count());
        assert_eq!((nodes, edges), (expected_nodes, expected_edges));
    }

    #[test]
    fn hit_testing_finds_the_box_under_a_point() {
        let (_, topology) = demo_topology();
        let layout =
            GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
        for index in topology.graph.node_indices().step_by(7) {
            let p = layout.position(index).expect("laid out");
            let near = Point::new(p.x + NODE_WIDTH / 2.0 - 1.0, p.y + 3.0);
            assert_eq!(layout.node_at(near, 0.0), Some(index));
        }
        assert_eq!(
            layout.node_at(Point::new(0.0, LEVEL_SPACING / 2.0), 0.0),
            None
        );
    }

    #[test]
    fn zooming_out_aggregates_and_zooming_in_labels() {
        let demo = crate::demo::generate(20, 0).expect("scaled demo");
        let topology = Topology::build(&demo.estate, &SiteOverlay::default());
        let layout =
            GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
        let (min, max) = layout.bounds();
        let far = Viewport {
            min,
            max,
            scale: 1200.0 / (max.x - min.x),
        };
        assert_eq!(Detail::at(far.scale), Detail::Aggregated);
        let scene = layout.scene(
            &topology,
            &far,
            &super::super::style::LIGHT,
            &Marks::default(),
        );
        // At most one bar per density cell of the 1200-point-wide view, whatever the count.
        let cells_wide = (1200.0 / DENSITY_CELL_POINTS) as usize + 2;
        let cells_high = ((max.y - min.y) * far.scale / DENSITY_CELL_POINTS) as usize + 2;
        assert!(
            scene.items.len() <= cells_wide * cells_high
                && scene.items.len() < topology.node_count() / 4,
            "{} shapes for {} nodes",
            scene.items.len(),
            topology.node_count()
        );
        let near = Viewport {
            min,
            max: Point::new(min.x + 1200.0, max.y),
            scale: 1.0,
        };
        let scene = layout.scene(
            &topology,
            &near,
            &super::super::style::LIGHT,
            &Marks::default(),
        );
        let kinds: Vec<&str> = NodeKind::ALL.iter().map(|kind| kind.label()).collect();
        assert!(scene.items.iter().any(|item| matches!(
            &item.shape,
            Shape::Text { text, .. } if kinds.contains(&text.as_str())
        )));
    }

    #[test]
    fn collapsing_a_region_hides_its_contents_and_counts_them() {
        let (_, topology) = demo_topology();
        let region = topology.find("us-east-1").expect("region");
        let layout = GraphLayout::build(
            &topology,
            &GraphLayout::options(HashSet::from([region]), Vec::new()),
        );
        let inside = layout.hidden_below(region).expect("collapsed");
        assert!(inside > 10);
        assert_eq!(layout.visible_count() + inside, topology.node_count());
        let instance = topology
            .graph
            .node_indices()
            .find(|i| {
                let node = topology.node(*i);
                node.kind == NodeKind::Instance && node.region.as_deref() == Some("us-east-1")
            })
            .expect("an instance in us-east-1");
        assert_eq!(layout.representative(&topology, instance), Some(region));
    }

    #[test]
    fn filters_keep_matches_with_their_context() {
        let (estate, topology) = demo_topology();
        let filter = GraphFilter {
            region: Some("eu-central-1".into()),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        for index in topology.graph.node_indices() {
            let node = topology.node(index);
            let shown = !hidden[index.index()];
            assert_eq!(
                shown,
                node.region.as_deref() == Some("eu-central-1"),
                "{}",
                node.id
            );
        }
        let tagged = estate
            .instances
            .iter()
            .find(|i| !i.tags.is_empty())
            .expect("a tagged instance");
        let (key, value) = tagged.tags.iter().next().expect("a tag");
        let filter = GraphFilter {
            tag: format!("{key}={value}").to_uppercase(),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        let instance = topology.find(&tagged.instance_id).expect("node");
        assert!(!hidden[instance.index()]);
        let region = topology.find(&tagged.region).expect("its Region");
        assert!(!hidden[region.index()], "ancestors stay for context");
        assert!(hidden.iter().any(|h| *h), "untagged branches go");
        let filter = GraphFilter {
            hidden_kinds: BTreeSet::from([NodeKind::Instance]),
            ..GraphFilter::default()
        };
        let hidden = filter.hidden_nodes(&topology, &estate);
        let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), hidden));
        assert_eq!(layout.position(instance), None);
        assert_eq!(
            layout.visible_count(),
            topology.node_count() - estate.instances.len()
        );
    }
}
