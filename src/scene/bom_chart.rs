//! The bill of materials against rack count, as the report draws it: one small chart per
//! network count a planner weighs (customer-side ports, port channels, VLAN VIFs,
//! point-to-point addresses), each with the line without the aggregation rack and the line
//! with it, the rack count of the plan marked, and where the lines cross (from how many
//! compute racks the aggregation rack needs fewer) ringed and written. The Planner view draws
//! the same series with egui_plot; this scene is what files (SVG, PDF) get.

use super::style::Palette;
use super::{Anchor, Point, Scene, Shape, Stroke};
use crate::planner::racks::{BomMetric, RackPlan, ace_breakeven};

/// The counts charted, in reading order.
pub const CHARTED: [BomMetric; 4] = [
    BomMetric::PhysicalPorts,
    BomMetric::PortChannels,
    BomMetric::VlanVifs,
    BomMetric::P2pAddresses,
];

/// One chart's plot area, scene units.
const PLOT_WIDTH: f32 = 300.0;
const PLOT_HEIGHT: f32 = 150.0;
/// Left of a plot (the value labels) and above it (the title).
const LEFT: f32 = 44.0;
const TOP: f32 = 40.0;
/// One chart's whole cell, with the axis labels below and a gap.
const CELL_WIDTH: f32 = LEFT + PLOT_WIDTH + 36.0;
const CELL_HEIGHT: f32 = TOP + PLOT_HEIGHT + 46.0;
/// Where the legend line sits.
const LEGEND_Y: f32 = 14.0;
const TEXT_SIZE: f32 = 12.0;
const SMALL_SIZE: f32 = 10.0;

/// The chart of `series` (rack plans by compute rack count, as
/// [`crate::planner::racks::plans_by_rack_count`] gives them), the plan's `racks_now` marked;
/// `aggregation` names the aggregation rack ("ACE rack"). Empty when the series is.
pub fn bom_chart(
    series: &[RackPlan],
    racks_now: u32,
    aggregation: &str,
    palette: &Palette,
) -> Scene {
    let mut scene = Scene::new();
    let (Some(first), Some(last)) = (series.first(), series.last()) else {
        return scene;
    };
    let (without_color, with_color) = (palette.text_muted, palette.accent);
    legend(&mut scene, aggregation, without_color, with_color, palette);
    for (index, metric) in CHARTED.into_iter().enumerate() {
        let origin = Point::new(
            (index % 2) as f32 * CELL_WIDTH,
            30.0 + (index / 2) as f32 * CELL_HEIGHT,
        );
        let values: Vec<(u32, f64, f64)> = series
            .iter()
            .map(|plan| {
                (
                    plan.racks,
                    metric.of(&plan.without_ace),
                    metric.of(&plan.with_ace),
                )
            })
            .collect();
        let top_value = nice_ceiling(
            values
                .iter()
                .map(|(_, without, with)| without.max(*with))
                .fold(1.0, f64::max),
        );
        let (low, high) = (first.racks as f32, last.racks.max(first.racks + 1) as f32);
        let at = |racks: f32, value: f64| {
            Point::new(
                origin.x + LEFT + (racks - low) / (high - low) * PLOT_WIDTH,
                origin.y + TOP + PLOT_HEIGHT - (value / top_value) as f32 * PLOT_HEIGHT,
            )
        };
        text(
            &mut scene,
            Point::new(origin.x + LEFT, origin.y + TOP - 16.0),
            metric.label(),
            TEXT_SIZE,
            palette,
            Anchor::Start,
        );
        // Axes and the value scale.
        let axis = Stroke::solid(1.0, palette.border);
        scene.push(Shape::Line {
            from: at(low, 0.0),
            to: at(high, 0.0),
            stroke: axis,
        });
        scene.push(Shape::Line {
            from: at(low, 0.0),
            to: at(low, top_value),
            stroke: axis,
        });
        for value in [0.0, top_value / 2.0, top_value] {
            let point = at(low, value);
            text(
                &mut scene,
                Point::new(point.x - 6.0, point.y),
                &format_value(value),
                SMALL_SIZE,
                palette,
                Anchor::End,
            );
            if value > 0.0 {
                scene.push(Shape::Line {
                    from: point,
                    to: at(high, value),
                    stroke: Stroke::dashed(0.5, palette.border, 3.0, 3.0),
                });
            }
        }
        for racks in rack_ticks(first.racks, last.racks) {
            let point = at(racks as f32, 0.0);
            text(
                &mut scene,
                Point::new(point.x, point.y + 12.0),
                &racks.to_string(),
                SMALL_SIZE,
                palette,
                Anchor::Middle,
            );
        }
        text(
            &mut scene,
            Point::new(
                origin.x + LEFT + PLOT_WIDTH / 2.0,
                origin.y + TOP + PLOT_HEIGHT + 28.0,
            ),
            "compute racks",
            SMALL_SIZE,
            palette,
            Anchor::Middle,
        );
        // The plan's rack count.
        if (first.racks..=last.racks).contains(&racks_now) {
            let x = at(racks_now as f32, 0.0).x;
            scene.push(Shape::Line {
                from: Point::new(x, origin.y + TOP),
                to: Point::new(x, origin.y + TOP + PLOT_HEIGHT),
                stroke: Stroke::dashed(1.0, palette.warning, 4.0, 3.0),
            });
            text(
                &mut scene,
                Point::new(x + 4.0, origin.y + TOP + 6.0),
                "this plan",
                SMALL_SIZE,
                palette,
                Anchor::Start,
            );
        }
        for (color, pick) in [(without_color, 0), (with_color, 1)] {
            let points = values
                .iter()
                .map(|(racks, without, with)| {
                    at(*racks as f32, if pick == 0 { *without } else { *with })
                })
                .collect();
            scene.push(Shape::Path {
                points,
                closed: false,
                stroke: Some(Stroke::solid(2.0, color)),
                fill: None,
            });
        }
        if let Some(racks) = ace_breakeven(series, metric)
            && let Some((_, _, with)) = values.iter().find(|(r, ..)| *r == racks)
        {
            let point = at(racks as f32, *with);
            scene.push(Shape::Circle {
                center: point,
                radius: 5.0,
                stroke: Some(Stroke::solid(1.5, palette.text)),
                fill: None,
            });
            text(
                &mut scene,
                Point::new(point.x, point.y - 12.0),
                &format!("fewer with it from {racks}"),
                SMALL_SIZE,
                palette,
                Anchor::Middle,
            );
        }
    }
    scene
}

fn legend(
    scene: &mut Scene,
    aggregation: &str,
    without: super::Color,
    with: super::Color,
    palette: &Palette,
) {
    let mut x = LEFT;
    for (color, label) in [
        (without, format!("without {aggregation}")),
        (with, format!("with {aggregation}")),
    ] {
        scene.push(Shape::Line {
            from: Point::new(x, LEGEND_Y),
            to: Point::new(x + 24.0, LEGEND_Y),
            stroke: Stroke::solid(2.5, color),
        });
        let width = label.chars().count() as f32 * TEXT_SIZE * 0.6;
        text(
            scene,
            Point::new(x + 30.0, LEGEND_Y),
            &label,
            TEXT_SIZE,
            palette,
            Anchor::Start,
        );
        x += 30.0 + width + 24.0;
    }
}

fn text(scene: &mut Scene, at: Point, text: &str, size: f32, palette: &Palette, anchor: Anchor) {
    scene.push(Shape::Text {
        at,
        text: text.to_owned(),
        size,
        color: palette.text,
        anchor,
    });
}

/// The smallest of 1, 2, 2.5 or 5 times a power of ten at or above `value`.
fn nice_ceiling(value: f64) -> f64 {
    let magnitude = 10f64.powf(value.max(1.0).log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|step| step * magnitude)
        .find(|nice| *nice >= value)
        .unwrap_or(10.0 * magnitude)
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value:.1}")
    }
}

/// The rack counts labelled on the axis: the first, the last, and a few evenly between.
fn rack_ticks(first: u32, last: u32) -> Vec<u32> {
    let step = (last.saturating_sub(first) / 4).max(1);
    let mut ticks: Vec<u32> = (first..=last).step_by(step as usize).collect();
    if ticks.last() != Some(&last) {
        if ticks.len() > 1 && last - ticks[ticks.len() - 1] < step / 2 {
            ticks.pop();
        }
        ticks.push(last);
    }
    ticks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_round_up_to_readable_values() {
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(180.0), 200.0);
        assert_eq!(nice_ceiling(240.0), 250.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(rack_ticks(1, 16), vec![1, 4, 7, 10, 13, 16]);
        assert_eq!(rack_ticks(1, 2), vec![1, 2]);
    }
}
