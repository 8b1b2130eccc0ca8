//! A [`Scene`] as an SVG document, for exports that look exactly like the screen.
//!
//! Every string from AWS or a user (text, entity ids in `data-entity`) is escaped for XML; the
//! document is fitted to the scene's bounds plus a margin.

use std::fmt::Write as _;

use super::{Anchor, Color, Point, Scene, Shape, Stroke};
use crate::xml::escape;

/// Writes `scene` as a standalone SVG document with `margin` scene units around it.
pub fn to_svg(scene: &Scene, margin: f32) -> String {
    let (min, max) = scene
        .bounds()
        .unwrap_or((Point::new(0.0, 0.0), Point::new(1.0, 1.0)));
    let min = Point::new(min.x - margin, min.y - margin);
    let max = Point::new(max.x + margin, max.y + margin);
    let size = [(max.x - min.x).max(1.0), (max.y - min.y).max(1.0)];
    document(&[scene], (min, max), size, None)
}

/// Writes the part of `scenes` (drawn in order, the first one's background behind) inside
/// `min`..`max` as an SVG document `width_px` wide: an excerpt of a scene whose text and lines
/// scale with the zoom (the map), its text capped at `max_text_px` and its lines at 1.5 px so
/// the excerpt reads like the screen. Shapes wholly outside are left out.
pub fn excerpt_to_svg(
    scenes: &[&Scene],
    (min, max): (Point, Point),
    width_px: f32,
    max_text_px: f32,
) -> String {
    let width = (max.x - min.x).max(1.0);
    let height = (max.y - min.y).max(1.0);
    let px_per_unit = width_px / width;
    document(
        scenes,
        (min, max),
        [width_px, height * px_per_unit],
        Some((max_text_px / px_per_unit, 1.5 / px_per_unit)),
    )
}

/// The SVG document of `scenes` in the view box `min`..`max`, `size` wide and high; with
/// `caps`, text sizes and stroke widths are held to (text, stroke) scene units.
fn document(
    scenes: &[&Scene],
    (min, max): (Point, Point),
    [width, height]: [f32; 2],
    caps: Option<(f32, f32)>,
) -> String {
    let (x, y) = (min.x, min.y);
    let (box_width, box_height) = ((max.x - min.x).max(1.0), (max.y - min.y).max(1.0));
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {box_width} {box_height}" width="{width}" height="{height}" font-family="sans-serif">"#
    );
    if let Some(background) = scenes.first().and_then(|scene| scene.background) {
        let _ = writeln!(
            out,
            r#"<rect x="{x}" y="{y}" width="{box_width}" height="{box_height}" {}/>"#,
            fill(Some(background))
        );
    }
    for item in scenes.iter().flat_map(|scene| &scene.items) {
        let capped;
        let drawn = match caps {
            None => &item.shape,
            Some((text_size, stroke_width)) => {
                let outside = item
                    .shape
                    .bounds()
                    .is_some_and(|(a, b)| b.x < min.x || a.x > max.x || b.y < min.y || a.y > max.y);
                if outside {
                    continue;
                }
                capped = capped_shape(&item.shape, text_size, stroke_width);
                &capped
            }
        };
        let entity = item
            .entity
            .as_deref()
            .map(|id| format!(r#" data-entity="{}""#, escape(id)))
            .unwrap_or_default();
        let _ = writeln!(out, "{}", shape(drawn, &entity));
    }
    out.push_str("</svg>\n");
    out
}

/// `shape` with its text no larger than `text_size` and its lines no wider than `stroke_width`.
fn capped_shape(shape: &Shape, text_size: f32, stroke_width: f32) -> Shape {
    let cap = |stroke: Stroke| Stroke {
        width: stroke.width.min(stroke_width),
        dash: stroke
            .dash
            .map(|[dash, gap]| [dash.min(4.0 * stroke_width), gap.min(3.0 * stroke_width)]),
        ..stroke
    };
    let mut shape = shape.clone();
    match &mut shape {
        Shape::Text { size, .. } => *size = size.min(text_size),
        Shape::Line { stroke, .. } => *stroke = cap(*stroke),
        Shape::Path { stroke, .. } | Shape::Rect { stroke, .. } | Shape::Circle { stroke, .. } => {
            *stroke = stroke.map(cap);
        }
    }
    shape
}

fn shape(shape: &Shape, entity: &str) -> String {
    match shape {
        Shape::Line {
            from,
            to,
            stroke: s,
        } => format!(
            r#"<line x1="{}" y1="{}" x2="{}" y2="{}" {}{entity}/>"#,
            from.x,
            from.y,
            to.x,
            to.y,
            stroke(Some(*s))
        ),
        Shape::Path {
            points,
            closed,
            stroke: s,
            fill: f,
        } => {
            let mut data = String::new();
            for (index, point) in points.iter().enumerate() {
                let command = if index == 0 { 'M' } else { 'L' };
                let _ = write!(data, "{command}{} {} ", point.x, point.y);
            }
            if *closed {
                data.push('Z');
            }
            format!(
                r#"<path d="{}" {} {}{entity}/>"#,
                data.trim_end(),
                stroke(*s),
                fill(if *closed { *f } else { None })
            )
        }
        Shape::Rect {
            min,
            max,
            corner_radius,
            stroke: s,
            fill: f,
        } => format!(
            r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{corner_radius}" {} {}{entity}/>"#,
            min.x,
            min.y,
            (max.x - min.x).max(0.0),
            (max.y - min.y).max(0.0),
            stroke(*s),
            fill(*f)
        ),
        Shape::Circle {
            center,
            radius,
            stroke: s,
            fill: f,
        } => format!(
            r#"<circle cx="{}" cy="{}" r="{radius}" {} {}{entity}/>"#,
            center.x,
            center.y,
            stroke(*s),
            fill(*f)
        ),
        Shape::Text {
            at,
            text,
            size,
            color,
            anchor,
        } => {
            let anchor = match anchor {
                Anchor::Start => "start",
                Anchor::Middle => "middle",
                Anchor::End => "end",
            };
            format!(
                r#"<text x="{}" y="{}" font-size="{size}" text-anchor="{anchor}" dominant-baseline="middle" {}{entity}>{}</text>"#,
                at.x,
                at.y,
                fill(Some(*color)),
                escape(text)
            )
        }
    }
}

fn rgb(color: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
}

fn fill(color: Option<Color>) -> String {
    match color {
        None => r#"fill="none""#.to_owned(),
        Some(color) if color.a == 255 => format!(r#"fill="{}""#, rgb(color)),
        Some(color) => format!(
            r#"fill="{}" fill-opacity="{:.3}""#,
            rgb(color),
            f32::from(color.a) / 255.0
        ),
    }
}

fn stroke(stroke: Option<Stroke>) -> String {
    let Some(stroke) = stroke else {
        return r#"stroke="none""#.to_owned();
    };
    let mut attributes = format!(
        r#"stroke="{}" stroke-width="{}""#,
        rgb(stroke.color),
        stroke.width
    );
    if stroke.color.a != 255 {
        let _ = write!(
            attributes,
            r#" stroke-opacity="{:.3}""#,
            f32::from(stroke.color.a) / 255.0
        );
    }
    if let Some([dash, gap]) = stroke.dash {
        let _ = write!(attributes, r#" stroke-dasharray="{dash} {gap}""#);
    }
    attributes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::Item;

    #[test]
    fn hostile_text_and_ids_are_escaped() {
        let mut scene = Scene::new();
        scene.items.push(Item {
            shape: Shape::Text {
                at: Point::new(0.0, 0.0),
                text: "<script>alert('x')</script>&\u{1}".to_owned(),
                size: 12.0,
                color: Color::rgb(0, 0, 0),
                anchor: Anchor::Middle,
            },
            entity: Some("\"><x".to_owned()),
        });
        let svg = to_svg(&scene, 4.0);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;alert(&apos;x&apos;)&lt;/script&gt;&amp;\u{FFFD}"));
        assert!(svg.contains(r#"data-entity="&quot;&gt;&lt;x""#));
    }

    #[test]
    fn every_shape_is_written_with_its_style() {
        let mut scene = Scene::new();
        scene.background = Some(Color::rgb(255, 255, 255));
        let red = Color::rgba(200, 0, 0, 128);
        scene.push(Shape::Line {
            from: Point::new(0.0, 0.0),
            to: Point::new(10.0, 0.0),
            stroke: Stroke::dashed(2.0, red, 4.0, 2.0),
        });
        scene.push(Shape::Path {
            points: vec![
                Point::new(0.0, 0.0),
                Point::new(5.0, 5.0),
                Point::new(0.0, 5.0),
            ],
            closed: true,
            stroke: None,
            fill: Some(Color::rgb(0, 128, 0)),
        });
        scene.push(Shape::Rect {
            min: Point::new(1.0, 1.0),
            max: Point::new(4.0, 3.0),
            corner_radius: 0.5,
            stroke: Some(Stroke::solid(1.0, Color::rgb(0, 0, 0))),
            fill: None,
        });
        scene.push(Shape::Circle {
            center: Point::new(8.0, 8.0),
            radius: 2.0,
            stroke: None,
            fill: Some(red),
        });
        let svg = to_svg(&scene, 0.0);
        assert!(svg.contains(r#"stroke-dasharray="4 2""#));
        assert!(svg.contains(r#"stroke-opacity="0.502""#));
        assert!(svg.contains(r#"<path d="M0 0 L5 5 L0 5 Z""#));
        assert!(svg.contains(r#"width="3" height="2" rx="0.5""#));
        assert!(svg.contains(
            r##"<circle cx="8" cy="8" r="2" stroke="none" fill="#c80000" fill-opacity="0.502""##
        ));
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn an_excerpt_keeps_what_is_inside_with_text_and_lines_held_to_screen_sizes() {
        let mut scene = Scene::new();
        scene.push(Shape::Text {
            at: Point::new(5.0, 5.0),
            text: "inside".into(),
            size: 3.2,
            color: Color::rgb(0, 0, 0),
            anchor: Anchor::Start,
        });
        scene.push(Shape::Text {
            at: Point::new(500.0, 500.0),
            text: "far away".into(),
            size: 3.2,
            color: Color::rgb(0, 0, 0),
            anchor: Anchor::Start,
        });
        scene.push(Shape::Line {
            from: Point::new(0.0, 0.0),
            to: Point::new(10.0, 10.0),
            stroke: Stroke::solid(0.5, Color::rgb(0, 0, 0)),
        });
        // 20 units over 200 px: 10 px per unit, so text is held to 1.2 units, lines to 0.15.
        let svg = excerpt_to_svg(
            &[&scene],
            (Point::new(0.0, 0.0), Point::new(20.0, 10.0)),
            200.0,
            12.0,
        );
        assert!(svg.contains(r#"width="200" height="100""#), "{svg}");
        assert!(svg.contains("inside") && !svg.contains("far away"));
        assert!(svg.contains(r#"font-size="1.2""#), "{svg}");
        assert!(svg.contains(r#"stroke-width="0.15""#), "{svg}");
    }
}
