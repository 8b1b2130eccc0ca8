//! Draws a library [`Scene`] with egui's painter: the screen side of the one drawing model.
//!
//! A [`View`] maps scene units to screen points (a scale and the scene point at the centre).
//! Shapes outside the clip rectangle are skipped before any tessellation. Filled closed paths
//! are drawn as outlines here (egui fills convex shapes only); the SVG export fills them.

use edge_atlas::scene::{Anchor, Color, Point, Scene, Shape, Stroke};
use eframe::egui;

/// The scene-to-screen mapping of one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// Screen points per scene unit.
    pub scale: f32,
    /// The scene point drawn at `screen_center`.
    pub scene_center: Point,
    /// The centre of the drawing area on screen.
    pub screen_center: egui::Pos2,
}

impl View {
    /// Scene point to screen point.
    pub fn to_screen(&self, point: Point) -> egui::Pos2 {
        egui::pos2(
            self.screen_center.x + (point.x - self.scene_center.x) * self.scale,
            self.screen_center.y + (point.y - self.scene_center.y) * self.scale,
        )
    }

    /// Screen point to scene point.
    pub fn to_scene(&self, pos: egui::Pos2) -> Point {
        Point::new(
            self.scene_center.x + (pos.x - self.screen_center.x) / self.scale,
            self.scene_center.y + (pos.y - self.screen_center.y) / self.scale,
        )
    }
}

fn color(color: Color) -> egui::Color32 {
    egui::Color32::from_rgba_unmultiplied(color.r, color.g, color.b, color.a)
}

fn stroke(stroke: Option<Stroke>, scale: f32) -> egui::Stroke {
    stroke.map_or(egui::Stroke::NONE, |s| {
        egui::Stroke::new((s.width * scale).max(0.5), color(s.color))
    })
}

/// Paints every shape of `scene` that meets the painter's clip rectangle.
pub fn paint(painter: &egui::Painter, scene: &Scene, view: &View) {
    let clip = painter.clip_rect();
    if let Some(background) = scene.background {
        painter.rect_filled(clip, 0.0, color(background));
    }
    for item in &scene.items {
        let Some((min, max)) = item.shape.bounds() else {
            continue;
        };
        let bounds = egui::Rect::from_two_pos(view.to_screen(min), view.to_screen(max)).expand(2.0);
        if !matches!(item.shape, Shape::Text { .. }) && !clip.intersects(bounds) {
            continue;
        }
        match &item.shape {
            Shape::Line {
                from,
                to,
                stroke: s,
            } => {
                let points = [view.to_screen(*from), view.to_screen(*to)];
                let line = stroke(Some(*s), view.scale);
                match s.dash {
                    Some([dash, gap]) => {
                        painter.extend(egui::Shape::dashed_line(
                            &points,
                            line,
                            (dash * view.scale).max(1.0),
                            (gap * view.scale).max(1.0),
                        ));
                    }
                    None => {
                        painter.line_segment(points, line);
                    }
                }
            }
            Shape::Path {
                points,
                closed,
                stroke: s,
                ..
            } => {
                // Points closer than half a screen point add nothing at this zoom; drop them.
                let mut screen: Vec<egui::Pos2> = Vec::with_capacity(points.len());
                for point in points {
                    let pos = view.to_screen(*point);
                    if screen.last().is_none_or(|last| last.distance(pos) >= 0.5) {
                        screen.push(pos);
                    }
                }
                if screen.len() < 2 {
                    continue;
                }
                if *closed && let Some(first) = screen.first().copied() {
                    screen.push(first);
                }
                // Segment by segment: egui's joined paths draw hairpin turns (a coastline that
                // doubles back) as long miter spikes.
                let line = stroke(*s, view.scale);
                for pair in screen.windows(2) {
                    painter.line_segment([pair[0], pair[1]], line);
                }
            }
            Shape::Rect {
                min,
                max,
                corner_radius,
                stroke: s,
                fill,
            } => {
                let rect = egui::Rect::from_two_pos(view.to_screen(*min), view.to_screen(*max));
                painter.rect(
                    rect,
                    corner_radius * view.scale,
                    fill.map_or(egui::Color32::TRANSPARENT, color),
                    stroke(*s, view.scale),
                    egui::StrokeKind::Middle,
                );
            }
            Shape::Circle {
                center,
                radius,
                stroke: s,
                fill,
            } => {
                painter.circle(
                    view.to_screen(*center),
                    radius * view.scale,
                    fill.map_or(egui::Color32::TRANSPARENT, color),
                    stroke(*s, view.scale),
                );
            }
            Shape::Text {
                at,
                text,
                size,
                color: c,
                anchor,
            } => {
                let position = view.to_screen(*at);
                let font_size = size * view.scale;
                if font_size < 6.0 || !clip.expand(200.0).contains(position) {
                    continue;
                }
                let align = match anchor {
                    Anchor::Start => egui::Align2::LEFT_CENTER,
                    Anchor::Middle => egui::Align2::CENTER_CENTER,
                    Anchor::End => egui::Align2::RIGHT_CENTER,
                };
                painter.text(
                    position,
                    align,
                    text,
                    egui::FontId::proportional(font_size.min(18.0)),
                    color(*c),
                );
            }
        }
    }
}
