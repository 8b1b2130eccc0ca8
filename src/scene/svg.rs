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
    let (x, y) = (min.x - margin, min.y - margin);
    let width = (max.x - min.x + 2.0 * margin).max(1.0);
    let height = (max.y - min.y + 2.0 * margin).max(1.0);
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="{x} {y} {width} {height}" width="{width}" height="{height}" font-family="sans-serif">"#
    );
    if let Some(background) = scene.background {
        let _ = writeln!(
            out,
            r#"<rect x="{x}" y="{y}" width="{width}" height="{height}" {}/>"#,
            fill(Some(background))
        );
    }
    for item in &scene.items {
        let entity = item
            .entity
            .as_deref()
            .map(|id| format!(r#" data-entity="{}""#, escape(id)))
            .unwrap_or_default();
        let _ = writeln!(out, "{}", shape(&item.shape, &entity));
    }
    out.push_str("</svg>\n");
    out
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
}
