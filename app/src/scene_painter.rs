//! Draws a library [`Scene`] with egui's painter: the screen side of the one drawing model.
//!
//! A [`View`] maps scene units to screen points (a scale and the scene point at the centre);
//! [`shapes`] turns a scene into egui shapes for one view, which a view keeps and paints again
//! while nothing changes. Shapes outside the clip rectangle are skipped before any
//! tessellation; dense scenes batch plain rectangles and thin lines into one mesh. Filled closed
//! paths are drawn as outlines here (egui fills convex shapes only); the SVG export fills them.

use edge_atlas::scene::{Anchor, Point, Scene, Shape, Stroke};
use eframe::egui;

use crate::theme::color;

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

/// Pans (drag) and zooms (scroll or pinch, around the pointer) a view whose scale is `fit`
/// (the whole scene in view) times a zoom factor kept between `zoom_range`.
pub fn pan_and_zoom(
    ui: &egui::Ui,
    response: &egui::Response,
    fit: f32,
    zoom: &mut f32,
    center: &mut Point,
    zoom_range: std::ops::RangeInclusive<f32>,
) -> View {
    let rect = response.rect;
    let mut view = View {
        scale: fit * *zoom,
        scene_center: *center,
        screen_center: rect.center(),
    };
    if response.dragged() {
        let delta = response.drag_delta() / view.scale;
        *center = Point::new(center.x - delta.x, center.y - delta.y);
    }
    if response.hovered() {
        let factor =
            ui.input(|input| input.zoom_delta() * (input.smooth_scroll_delta.y / 300.0).exp());
        if (factor - 1.0).abs() > 1e-4 {
            let pointer = ui
                .input(|input| input.pointer.hover_pos())
                .unwrap_or(rect.center());
            let anchor = view.to_scene(pointer);
            *zoom = (*zoom * factor).clamp(*zoom_range.start(), *zoom_range.end());
            let scale = fit * *zoom;
            *center = Point::new(
                anchor.x - (pointer.x - rect.center().x) / scale,
                anchor.y - (pointer.y - rect.center().y) / scale,
            );
        }
    }
    view.scale = fit * *zoom;
    view.scene_center = *center;
    view
}

fn stroke(stroke: Option<Stroke>, scale: f32) -> egui::Stroke {
    stroke.map_or(egui::Stroke::NONE, |s| {
        egui::Stroke::new((s.width * scale).max(0.5), color(s.color))
    })
}

/// Scenes with more items than this draw their thin lines and plain rectangles as one batched
/// mesh of unfeathered quads: at that density anti-aliasing is invisible and egui's per-shape
/// tessellation would dominate the frame.
const BATCH_ABOVE_ITEMS: usize = 1_000;

/// A number that changes whenever egui has cleared its font atlas (it does when the atlas gets
/// full, e.g. after zooming through many text sizes): shapes a view keeps across frames hold
/// text laid out in the old atlas and must be made again, or their labels come out as garbled
/// glyphs. Detected by laying out a probe text, which egui's galley cache hands back unchanged
/// until it is cleared with the atlas; the shell calls this every frame so the probe stays
/// cached, and views key what they keep on it.
pub fn font_atlas_epoch(ctx: &egui::Context) -> u64 {
    let probe = ctx.fonts_mut(|fonts| {
        fonts.layout_no_wrap(
            "Edge Atlas font atlas probe".to_owned(),
            egui::FontId::proportional(13.0),
            egui::Color32::WHITE,
        )
    });
    ctx.data_mut(|data| {
        let (kept, epoch) = data
            .get_temp_mut_or_insert_with(egui::Id::unique("edge-atlas-font-atlas-epoch"), || {
                (std::sync::Arc::clone(&probe), 0_u64)
            });
        if !std::sync::Arc::ptr_eq(kept, &probe) {
            *kept = probe;
            *epoch += 1;
        }
        *epoch
    })
}

/// The egui shapes that draw `scene` within `clip`, in scene order. Dense scenes batch their
/// plain rectangles and thin solid lines into meshes (see [`BATCH_ABOVE_ITEMS`]); the result can
/// be kept and painted again while the view does not change.
pub fn shapes(painter: &egui::Painter, scene: &Scene, view: &View) -> Vec<egui::Shape> {
    let clip = painter.clip_rect();
    let mut out = Vec::new();
    if let Some(background) = scene.background {
        out.push(egui::Shape::rect_filled(clip, 0.0, color(background)));
    }
    let dense = scene.items.len() > BATCH_ABOVE_ITEMS;
    let smallest_text_px = scene.legible_px.unwrap_or(SMALLEST_TEXT_PX);
    let mut batch = Batch::default();
    for item in &scene.items {
        let Some((min, max)) = item.shape.bounds() else {
            continue;
        };
        let bounds = egui::Rect::from_two_pos(view.to_screen(min), view.to_screen(max)).expand(2.0);
        if !matches!(item.shape, Shape::Text { .. }) && !clip.intersects(bounds) {
            continue;
        }
        if dense && batch.add(&item.shape, view) {
            continue;
        }
        batch.flush(&mut out);
        shape(&mut out, painter, &item.shape, view, smallest_text_px);
    }
    batch.flush(&mut out);
    out
}

/// Plain rectangles and thin solid lines gathered into one mesh.
#[derive(Default)]
struct Batch {
    mesh: egui::Mesh,
}

impl Batch {
    /// Adds `shape` if it is batchable; false if it must be drawn on its own.
    fn add(&mut self, shape: &Shape, view: &View) -> bool {
        match shape {
            Shape::Rect {
                min,
                max,
                corner_radius,
                stroke: None,
                fill: Some(fill),
            } if corner_radius * view.scale < 1.0 => {
                let rect = egui::Rect::from_two_pos(view.to_screen(*min), view.to_screen(*max));
                // Never thinner than a pixel, so far-out bars stay visible.
                let rect = egui::Rect::from_center_size(
                    rect.center(),
                    rect.size().max(egui::vec2(1.0, 1.0)),
                );
                self.mesh.add_colored_rect(rect, color(*fill));
                true
            }
            Shape::Line {
                from,
                to,
                stroke:
                    Stroke {
                        width,
                        color: c,
                        dash: None,
                    },
            } if width * view.scale <= 2.0 => {
                self.quad(
                    view.to_screen(*from),
                    view.to_screen(*to),
                    (width * view.scale).max(1.0),
                    color(*c),
                );
                true
            }
            Shape::Path {
                points,
                closed,
                stroke:
                    Some(Stroke {
                        width,
                        color: c,
                        dash: None,
                    }),
                ..
            } if width * view.scale <= 2.0 => {
                let width = (width * view.scale).max(1.0);
                let mut previous: Option<egui::Pos2> = None;
                let first = points.first().map(|p| view.to_screen(*p));
                for point in points {
                    let pos = view.to_screen(*point);
                    if let Some(last) = previous {
                        if last.distance(pos) < 0.5 {
                            continue;
                        }
                        self.quad(last, pos, width, color(*c));
                    }
                    previous = Some(pos);
                }
                if *closed && let (Some(last), Some(first)) = (previous, first) {
                    self.quad(last, first, width, color(*c));
                }
                true
            }
            _ => false,
        }
    }

    fn quad(&mut self, from: egui::Pos2, to: egui::Pos2, width: f32, color: egui::Color32) {
        let direction = (to - from).normalized();
        if !direction.x.is_finite() || !direction.y.is_finite() {
            return;
        }
        let normal = egui::vec2(-direction.y, direction.x) * (width / 2.0);
        let base = self.mesh.vertices.len() as u32;
        for pos in [from + normal, from - normal, to - normal, to + normal] {
            self.mesh.colored_vertex(pos, color);
        }
        self.mesh.add_triangle(base, base + 1, base + 2);
        self.mesh.add_triangle(base, base + 2, base + 3);
    }

    fn flush(&mut self, out: &mut Vec<egui::Shape>) {
        if !self.mesh.is_empty() {
            out.push(egui::Shape::mesh(std::mem::take(&mut self.mesh)));
        }
    }
}

/// Appends the egui shapes for one scene shape.
/// Text smaller than this many pixels is not drawn unless the scene says otherwise
/// ([`Scene::legible_px`]): it could not be read.
const SMALLEST_TEXT_PX: f32 = 6.0;

fn shape(
    out: &mut Vec<egui::Shape>,
    painter: &egui::Painter,
    shape: &Shape,
    view: &View,
    smallest_text_px: f32,
) {
    let clip = painter.clip_rect();
    match shape {
        Shape::Line {
            from,
            to,
            stroke: s,
        } => {
            let points = [view.to_screen(*from), view.to_screen(*to)];
            let line = stroke(Some(*s), view.scale);
            match s.dash {
                Some([dash, gap]) => {
                    out.extend(egui::Shape::dashed_line(
                        &points,
                        line,
                        (dash * view.scale).max(1.0),
                        (gap * view.scale).max(1.0),
                    ));
                }
                None => {
                    out.push(egui::Shape::line_segment(points, line));
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
                return;
            }
            if *closed && let Some(first) = screen.first().copied() {
                screen.push(first);
            }
            let line = stroke(*s, view.scale);
            if let Some(Some([dash, gap])) = s.map(|s| s.dash) {
                out.extend(egui::Shape::dashed_line(
                    &screen,
                    line,
                    (dash * view.scale).max(1.0),
                    (gap * view.scale).max(1.0),
                ));
                return;
            }
            // Segment by segment: egui's joined paths draw hairpin turns (a coastline that
            // doubles back) as long miter spikes.
            for pair in screen.windows(2) {
                out.push(egui::Shape::line_segment([pair[0], pair[1]], line));
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
            out.push(egui::Shape::Rect(egui::epaint::RectShape::new(
                rect,
                corner_radius * view.scale,
                fill.map_or(egui::Color32::TRANSPARENT, color),
                stroke(*s, view.scale),
                egui::StrokeKind::Middle,
            )));
        }
        Shape::Circle {
            center,
            radius,
            stroke: s,
            fill,
        } => {
            out.push(egui::Shape::Circle(egui::epaint::CircleShape {
                center: view.to_screen(*center),
                radius: radius * view.scale,
                fill: fill.map_or(egui::Color32::TRANSPARENT, color),
                stroke: stroke(*s, view.scale),
            }));
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
            if font_size < smallest_text_px || !clip.expand(200.0).contains(position) {
                return;
            }
            let align = match anchor {
                Anchor::Start => egui::Align2::LEFT_CENTER,
                Anchor::Middle => egui::Align2::CENTER_CENTER,
                Anchor::End => egui::Align2::RIGHT_CENTER,
            };
            let galley = painter.layout_no_wrap(
                text.clone(),
                egui::FontId::proportional(font_size.min(18.0)),
                color(*c),
            );
            let rect = align.anchor_size(position, galley.size());
            out.push(egui::Shape::galley(rect.min, galley, color(*c)));
        }
    }
}
