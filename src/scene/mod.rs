//! The one drawing model: a renderer-independent scene of shapes, text and styles.
//!
//! Views (map, estate graph, rack network) build a [`Scene`]; the app draws it with egui's
//! painter and exports write it as SVG ([`svg`]) or rasterise that, so an export looks exactly
//! like the screen. A scene is plain data in scene units (x right, y down, the units of the
//! [`crate::layout`] functions); the renderer chooses the transform. Shapes may carry the id of
//! the entity they show, for hit-testing and links.

pub mod bom_chart;
pub mod graph;
pub mod map;
pub mod map_plan;
pub mod rack_network;
pub mod racks;
pub mod style;
pub mod svg;

use serde::{Deserialize, Serialize};

/// The smallest text, in screen pixels, the pictures with a level of detail by text size (rack
/// network, rack elevations) draw: what a new user reads without leaning in.
pub const LEGIBLE_PX: f32 = 10.0;

/// A point in scene units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    /// Rightwards.
    pub x: f32,
    /// Downwards.
    pub y: f32,
}

impl Point {
    /// A point.
    pub const fn new(x: f32, y: f32) -> Point {
        Point { x, y }
    }
}

impl From<[f32; 2]> for Point {
    fn from([x, y]: [f32; 2]) -> Point {
        Point { x, y }
    }
}

/// An sRGB colour with alpha (unmultiplied).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Color {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Opacity, 255 opaque.
    pub a: u8,
}

impl Color {
    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Color {
        Color { r, g, b, a: 255 }
    }

    /// A colour with opacity.
    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Color {
        Color { r, g, b, a }
    }
}

/// How a line is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stroke {
    /// Width in scene units.
    pub width: f32,
    /// Colour.
    pub color: Color,
    /// Dash and gap lengths in scene units; `None` is a solid line.
    pub dash: Option<[f32; 2]>,
}

impl Stroke {
    /// A solid stroke.
    pub const fn solid(width: f32, color: Color) -> Stroke {
        Stroke {
            width,
            color,
            dash: None,
        }
    }

    /// A dashed stroke.
    pub const fn dashed(width: f32, color: Color, dash: f32, gap: f32) -> Stroke {
        Stroke {
            width,
            color,
            dash: Some([dash, gap]),
        }
    }
}

/// Where a text's anchor point sits relative to the text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Anchor {
    /// The anchor is the start of the baseline's middle line (text runs rightwards from it).
    #[default]
    Start,
    /// The anchor is the centre of the text.
    Middle,
    /// The anchor is the end (text ends at it).
    End,
}

/// One drawable thing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Shape {
    /// A straight segment.
    Line {
        /// Start.
        from: Point,
        /// End.
        to: Point,
        /// How it is drawn.
        stroke: Stroke,
    },
    /// Connected segments, optionally closed and filled (land outlines, links with bends).
    Path {
        /// The vertices, in order.
        points: Vec<Point>,
        /// Whether the last vertex joins the first.
        closed: bool,
        /// Outline, if any.
        stroke: Option<Stroke>,
        /// Fill of a closed path, if any.
        fill: Option<Color>,
    },
    /// An axis-aligned rectangle (devices, racks, groups).
    Rect {
        /// Top-left corner.
        min: Point,
        /// Bottom-right corner.
        max: Point,
        /// Corner radius in scene units.
        corner_radius: f32,
        /// Outline, if any.
        stroke: Option<Stroke>,
        /// Fill, if any.
        fill: Option<Color>,
    },
    /// A circle (markers, dots at low zoom).
    Circle {
        /// Centre.
        center: Point,
        /// Radius in scene units.
        radius: f32,
        /// Outline, if any.
        stroke: Option<Stroke>,
        /// Fill, if any.
        fill: Option<Color>,
    },
    /// A single line of text.
    Text {
        /// The anchor point.
        at: Point,
        /// The text; any string, escaped by each renderer.
        text: String,
        /// Font height in scene units.
        size: f32,
        /// Colour.
        color: Color,
        /// How the text sits on the anchor.
        anchor: Anchor,
    },
}

impl Shape {
    /// The smallest rectangle holding the shape's geometry (a text, the box [`label_box`]
    /// estimates for it), so a picture fitted to its bounds cuts no text at the canvas edge.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        match self {
            Shape::Line { from, to, .. } => bounding([*from, *to].into_iter()),
            Shape::Path { points, .. } => bounding(points.iter().copied()),
            Shape::Rect { min, max, .. } => bounding([*min, *max].into_iter()),
            Shape::Circle { center, radius, .. } => Some((
                Point::new(center.x - radius, center.y - radius),
                Point::new(center.x + radius, center.y + radius),
            )),
            Shape::Text {
                at,
                text,
                size,
                anchor,
                ..
            } => Some(label_box(*at, text, *size, *anchor)),
        }
    }
}

fn bounding(points: impl Iterator<Item = Point>) -> Option<(Point, Point)> {
    points.fold(None, |bounds, point| {
        let (min, max) = bounds.unwrap_or((point, point));
        Some((
            Point::new(min.x.min(point.x), min.y.min(point.y)),
            Point::new(max.x.max(point.x), max.y.max(point.y)),
        ))
    })
}

/// A shape and, optionally, the id of the entity it shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// What is drawn.
    pub shape: Shape,
    /// The entity (AWS id or topology node id) it shows, for hit-testing and links.
    pub entity: Option<String>,
}

/// Everything one view draws, back to front.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Scene {
    /// Background colour, if any.
    pub background: Option<Color>,
    /// The items, drawn in order (later ones on top).
    pub items: Vec<Item>,
    /// The smallest text, in screen pixels, an interactive renderer draws: smaller texts are
    /// left out until the user zooms in far enough to read them (a picture's detail appears
    /// as it becomes legible). `None`: the renderer's own floor. Files (SVG) draw every text.
    pub legible_px: Option<f32>,
}

impl Scene {
    /// An empty scene.
    pub fn new() -> Scene {
        Scene::default()
    }

    /// Adds a shape that shows no entity.
    pub fn push(&mut self, shape: Shape) {
        self.items.push(Item {
            shape,
            entity: None,
        });
    }

    /// Adds a shape that shows `entity`.
    pub fn push_entity(&mut self, shape: Shape, entity: impl Into<String>) {
        self.items.push(Item {
            shape,
            entity: Some(entity.into()),
        });
    }

    /// The scale that shows the whole scene in a canvas of `canvas` pixels (10 px margin on
    /// each side): what a picture opens at.
    pub fn fit_scale(&self, canvas: [f32; 2]) -> Option<f32> {
        let (min, max) = self.bounds()?;
        Some(
            ((canvas[0] - 20.0) / (max.x - min.x).max(1.0))
                .min((canvas[1] - 20.0) / (max.y - min.y).max(1.0))
                .max(0.01),
        )
    }

    /// The smallest rectangle holding every shape, or `None` for an empty scene.
    pub fn bounds(&self) -> Option<(Point, Point)> {
        bounding(
            self.items
                .iter()
                .filter_map(|item| item.shape.bounds())
                .flat_map(|(min, max)| [min, max]),
        )
    }
}

/// The text box a label takes (an estimate from its length: 0.55 of the size per character).
pub fn label_box(at: Point, text: &str, size: f32, anchor: Anchor) -> (Point, Point) {
    let width = text.chars().count() as f32 * size * 0.55;
    let (left, right) = match anchor {
        Anchor::Start => (at.x, at.x + width),
        Anchor::Middle => (at.x - width / 2.0, at.x + width / 2.0),
        Anchor::End => (at.x - width, at.x),
    };
    (
        Point::new(left, at.y - size / 2.0),
        Point::new(right, at.y + size / 2.0),
    )
}

/// `text` cut to what fits `width` scene units at font height `size` (the [`label_box`]
/// estimate), ending in ".." when cut; the full text belongs on hover.
pub fn shortened(text: &str, width: f32, size: f32) -> String {
    let max_chars = (width / (size * 0.55)).floor().max(3.0) as usize;
    if text.chars().count() <= max_chars {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(max_chars - 2).collect();
        cut.push_str("..");
        cut
    }
}

/// Whether two boxes (top-left, bottom-right) share no area.
pub fn boxes_apart(a: (Point, Point), b: (Point, Point)) -> bool {
    a.1.x <= b.0.x || a.0.x >= b.1.x || a.1.y <= b.0.y || a.0.y >= b.1.y
}

impl Scene {
    /// Every text of the scene with the box it takes ([`label_box`]), in drawing order.
    pub fn text_boxes(&self) -> Vec<(&str, (Point, Point))> {
        self.items
            .iter()
            .filter_map(|item| match &item.shape {
                Shape::Text {
                    at,
                    text,
                    size,
                    anchor,
                    ..
                } => Some((text.as_str(), label_box(*at, text, *size, *anchor))),
                _ => None,
            })
            .collect()
    }

    /// The pairs of texts drawn over each other (empty when every label is clear).
    pub fn overlapping_texts(&self) -> Vec<(String, String)> {
        self.overlapping_texts_at(None)
    }

    /// The pairs of texts drawn over each other at `scale` screen pixels per scene unit,
    /// counting only the texts an interactive renderer draws there ([`Scene::legible_px`]);
    /// `None` counts every text (as a file shows them).
    pub fn overlapping_texts_at(&self, scale: Option<f32>) -> Vec<(String, String)> {
        let boxes: Vec<_> = self
            .text_boxes()
            .into_iter()
            .filter(|(_, (min, max))| match (scale, self.legible_px) {
                (Some(scale), Some(legible)) => (max.y - min.y) * scale >= legible,
                _ => true,
            })
            .collect();
        let mut overlaps = Vec::new();
        for (i, (a, a_box)) in boxes.iter().enumerate() {
            for (b, b_box) in &boxes[i + 1..] {
                if !boxes_apart(*a_box, *b_box) {
                    overlaps.push(((*a).to_owned(), (*b).to_owned()));
                }
            }
        }
        overlaps
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_cover_every_shape() {
        let mut scene = Scene::new();
        assert_eq!(scene.bounds(), None);
        scene.push(Shape::Circle {
            center: Point::new(10.0, 10.0),
            radius: 5.0,
            stroke: None,
            fill: Some(Color::rgb(1, 2, 3)),
        });
        scene.push_entity(
            Shape::Line {
                from: Point::new(-3.0, 0.0),
                to: Point::new(20.0, 30.0),
                stroke: Stroke::solid(1.0, Color::rgb(0, 0, 0)),
            },
            "lgw-1",
        );
        assert_eq!(
            scene.bounds(),
            Some((Point::new(-3.0, 0.0), Point::new(20.0, 30.0)))
        );
        assert_eq!(scene.items[1].entity.as_deref(), Some("lgw-1"));
    }
}
