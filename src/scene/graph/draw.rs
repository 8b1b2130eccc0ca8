//! Drawing the laid-out graph at one level of detail: density cells when far out, then node
//! rectangles, boxes and labels, tree edges culled as segments, and relations; below the
//! labelled boxes, the Regions' and Outposts' names like place names on a map.

use petgraph::graph::NodeIndex;

use super::{
    DENSITY_CELL_POINTS, Detail, GraphLayout, Level, Marks, NODE_HEIGHT, NODE_WIDTH, PLACE_NAME_PX,
    PLACE_NAMES_TRIED, Viewport, segment_meets_rect,
};
use crate::scene::style::Palette;
use crate::scene::{Anchor, Color, Point, Scene, Shape, Stroke, boxes_apart, label_box, shortened};
use crate::topology::{NodeKind, Topology};

impl GraphLayout {
    /// The far-out picture: the view cut into cells of a few screen points, each cell holding
    /// nodes filled in the colour of the first, and runs of filled cells in a row merged into one
    /// bar. Its size follows the pixels of the view, not the number of nodes.
    pub(super) fn push_density(
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
            // One node per cell: after filling a cell, skip by binary search to the first node
            // past its right edge, so a level costs its filled cells, not its nodes.
            let range = Self::level_range(level, viewport);
            let mut i = range.start;
            while i < range.end {
                let column = ((level.xs[i] - viewport.min.x) / cell).floor();
                let column = (column.max(0.0) as usize).min(columns - 1);
                if cells[column].is_none() {
                    cells[column] = Some(palette.kind(topology.node(level.nodes[i]).kind));
                }
                let right_edge = viewport.min.x + (column + 1) as f32 * cell;
                let skipped = level.xs[i + 1..range.end].partition_point(|x| *x < right_edge);
                i += 1 + skipped;
            }
        }
        if let Some((_, top, bottom)) = gathered {
            flush(scene, &mut cells, top, bottom.max(top + cell));
        }
    }

    pub(super) fn push_edges(
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

    pub(super) fn push_relations(
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
    pub(super) fn push_node(
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
            text: shortened(&data.label, NODE_WIDTH - 10.0, 12.0),
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
            text: shortened(&second, NODE_WIDTH - 10.0, 9.5),
            size: 9.5,
            color: palette.text_muted,
            anchor: Anchor::Middle,
        });
    }

    /// Region codes and Outpost names over their nodes at every zoom below the labelled detail,
    /// like place names on a map: Regions first, then Outposts, each dropped rather than drawn
    /// over another name.
    pub(super) fn push_place_names(
        &self,
        scene: &mut Scene,
        topology: &Topology,
        viewport: &Viewport,
        palette: &Palette,
        pixel: f32,
        legend: (Point, Point),
    ) {
        let size = PLACE_NAME_PX * pixel;
        let candidates = self.places.iter().filter_map(|place| {
            let level = self.levels.get(place.level)?;
            let in_view = Self::level_visible(level, viewport)
                && place.x >= viewport.min.x - NODE_WIDTH / 2.0
                && place.x <= viewport.max.x + NODE_WIDTH / 2.0;
            in_view.then_some((place.node, place.x, level.y))
        });
        let mut placed: Vec<(Point, Point)> = vec![legend];
        for (node, x, y) in candidates.take(PLACE_NAMES_TRIED) {
            let text = topology.node(node).label.clone();
            // Over its node, moved sideways as far as it takes to stay inside the view.
            let half_width = label_box(Point::new(0.0, 0.0), &text, size, Anchor::Middle)
                .1
                .x;
            let margin = 4.0 * pixel;
            let x = x
                .min(viewport.max.x - half_width - margin)
                .max(viewport.min.x + half_width + margin);
            let at = Point::new(x, y - NODE_HEIGHT / 2.0 - 0.8 * size);
            let boxed = label_box(at, &text, size, Anchor::Middle);
            if !placed.iter().all(|other| boxes_apart(boxed, *other)) {
                continue;
            }
            placed.push(boxed);
            scene.push(Shape::Text {
                at,
                text,
                size,
                color: palette.text,
                anchor: Anchor::Middle,
            });
        }
    }
}

/// Legend text size, screen points.
const LEGEND_PX: f32 = 12.0;
/// Legend line height, screen points.
const LEGEND_LINE_PX: f32 = 18.0;
/// Legend width, screen points.
const LEGEND_WIDTH_PX: f32 = 330.0;

impl GraphLayout {
    /// The legend's lines: the caption, one per group of kinds shown, the two line styles.
    fn legend_lines(&self) -> usize {
        1 + self.shown.len() + 2
    }

    /// Where the legend goes: the viewport's bottom-left corner, at a constant screen size.
    pub(super) fn legend_box(&self, viewport: &Viewport, pixel: f32) -> (Point, Point) {
        let height = (self.legend_lines() as f32 * LEGEND_LINE_PX + 12.0) * pixel;
        let margin = 10.0 * pixel;
        (
            Point::new(viewport.min.x + margin, viewport.max.y - margin - height),
            Point::new(
                viewport.min.x + margin + LEGEND_WIDTH_PX * pixel,
                viewport.max.y - margin,
            ),
        )
    }

    /// What the colours and lines mean and what the whole graph holds, over the view's
    /// bottom-left corner at a constant screen size.
    pub(super) fn push_legend(
        &self,
        scene: &mut Scene,
        (min, max): (Point, Point),
        palette: &Palette,
        pixel: f32,
    ) {
        let surface = palette.surface;
        scene.push(Shape::Rect {
            min,
            max,
            corner_radius: 6.0 * pixel,
            stroke: Some(Stroke::solid(pixel, palette.border)),
            fill: Some(Color::rgba(surface.r, surface.g, surface.b, 0xe8)),
        });
        let size = LEGEND_PX * pixel;
        let left = min.x + 10.0 * pixel;
        let text_left = left + 30.0 * pixel;
        let mut y = min.y + (6.0 + LEGEND_LINE_PX / 2.0) * pixel;
        let line = |scene: &mut Scene, at_x: f32, text: String, color: Color, y: f32| {
            scene.push(Shape::Text {
                at: Point::new(at_x, y),
                text: shortened(&text, max.x - at_x - 6.0 * pixel, size),
                size,
                color,
                anchor: Anchor::Start,
            });
        };
        line(
            scene,
            left,
            format!("Shown: {}", self.caption()),
            palette.text,
            y,
        );
        for (group, count) in &self.shown {
            y += LEGEND_LINE_PX * pixel;
            let color = palette.group(*group);
            scene.push(Shape::Rect {
                min: Point::new(left, y - 6.0 * pixel),
                max: Point::new(left + 22.0 * pixel, y + 6.0 * pixel),
                corner_radius: 3.0 * pixel,
                stroke: Some(Stroke::solid(1.5 * pixel, color)),
                fill: Some(Color::rgba(color.r, color.g, color.b, 0x38)),
            });
            line(
                scene,
                text_left,
                format!("{} ({count})", group.label()),
                palette.text,
                y,
            );
        }
        for (stroke, meaning) in [
            (
                Stroke::solid(1.5 * pixel, palette.tree_edge),
                "contains (the tree)",
            ),
            (
                Stroke::dashed(1.5 * pixel, palette.relation, 6.0 * pixel, 4.0 * pixel),
                "relation: home Region, route, BGP",
            ),
        ] {
            y += LEGEND_LINE_PX * pixel;
            scene.push(Shape::Line {
                from: Point::new(left, y),
                to: Point::new(left + 22.0 * pixel, y),
                stroke,
            });
            line(scene, text_left, meaning.to_owned(), palette.text, y);
        }
    }
}

/// A node named like a place on a map when the graph is far out.
#[derive(Clone, Copy, Debug)]
pub(super) struct Place {
    /// 0 for an account, 1 for a Region, 2 for an Outpost: the larger places are named first.
    rank: u8,
    node: NodeIndex,
    /// Index of its level in [`GraphLayout::levels`].
    level: usize,
    x: f32,
}

/// The nodes named like places when far out (accounts, Regions, then Outposts, each in level
/// and x order), found once per layout rather than in every frame.
pub(super) fn places(topology: &Topology, levels: &[Level]) -> Vec<Place> {
    let mut places: Vec<Place> = Vec::new();
    for (index, level) in levels.iter().enumerate() {
        for (node, x) in level.nodes.iter().zip(&level.xs) {
            let rank = match topology.node(*node).kind {
                NodeKind::Account => 0,
                NodeKind::Region => 1,
                NodeKind::Outpost => 2,
                _ => continue,
            };
            places.push(Place {
                rank,
                node: *node,
                level: index,
                x: *x,
            });
        }
    }
    places.sort_by_key(|place| place.rank);
    places
}
