//! A workload's plan over the world map: where its users are, each ranked candidate ringed in
//! green when feasible and grey when not, the recommendation emphasised and joined to the users
//! by a dashed line and labelled clear of the map's names, and a hover card per candidate with its rank, RTT and what rules it out.
//! Drawn on top of [`super::map::world_map`]'s scene with the same projection, so the map
//! itself is not rebuilt when a plan changes.

use super::map::{Marker, MarkerKind, WorldMap};
use super::style::Palette;
use super::{Anchor, Point, Scene, Shape, Stroke, boxes_apart, label_box};
use crate::layout::geo::project;
use crate::model::Estate;
use crate::planner::plan::{CandidateKind, WorkloadPlan};
use crate::planner::workload::Workload;

/// At most this many candidates are drawn (every feasible one counts first).
pub const CANDIDATES_DRAWN: usize = 12;

/// The plan's layer: what is drawn, and the candidates' markers for hover cards and clicks
/// (each marker's entity is what it shows: a Region or zone name or an Outpost id; empty for a
/// new Outpost).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanOverlay {
    /// What is drawn over the map.
    pub scene: Scene,
    /// One per candidate drawn, the recommendation first.
    pub markers: Vec<Marker>,
    /// Candidates not drawn because the map has no place for them.
    pub unplaced: usize,
}

/// The overlay of `plan` (made for `workload`) over `map`; existing Outposts are found at their
/// site's marker through `estate`, a new Outpost at the users' first location.
pub fn plan_overlay(
    map: &WorldMap,
    workload: &Workload,
    plan: &WorkloadPlan<'_>,
    estate: &Estate,
    palette: &Palette,
) -> PlanOverlay {
    let mut overlay = PlanOverlay {
        scene: Scene {
            background: None,
            items: Vec::new(),
            legible_px: map.scene.legible_px,
        },
        ..PlanOverlay::default()
    };
    let users: Vec<Point> = workload
        .users
        .iter()
        .map(|user| Point::from(project(user.lon, user.lat)))
        .collect();
    let marker_at = |entity: &str| {
        map.markers
            .iter()
            .find(|marker| marker.entity == entity)
            .map(|marker| (marker.at, marker.kind))
    };
    let recommended = plan.recommendation.as_ref();
    let is_recommended = |kind: CandidateKind, location: &str| {
        recommended.is_some_and(|r| r.kind == kind && r.location == location)
    };
    // The recommendation first, then the feasible, then the rest, in the plan's order.
    let mut ranked: Vec<(usize, &crate::planner::plan::Candidate<'_>)> =
        plan.candidates.iter().enumerate().collect();
    ranked.sort_by_key(|(rank, c)| (!is_recommended(c.kind, &c.location), !c.feasible, *rank));
    for (rank, candidate) in ranked.into_iter().take(CANDIDATES_DRAWN) {
        let place = match candidate.kind {
            CandidateKind::Outpost if candidate.location == "new" => {
                users.first().map(|at| (*at, MarkerKind::Site))
            }
            CandidateKind::Outpost => estate
                .outposts
                .iter()
                .find(|o| o.outpost_id == candidate.location)
                .and_then(|o| marker_at(&o.site_id)),
            _ => marker_at(&candidate.location),
        };
        let Some((at, kind)) = place else {
            overlay.unplaced += 1;
            continue;
        };
        let chosen = is_recommended(candidate.kind, &candidate.location);
        let color = if chosen {
            palette.accent
        } else if candidate.feasible {
            palette.local_zone
        } else {
            palette.disabled
        };
        overlay.scene.push_entity(
            Shape::Circle {
                center: at,
                radius: if chosen { 1.7 } else { 1.25 },
                stroke: Some(Stroke::solid(if chosen { 0.45 } else { 0.25 }, color)),
                fill: None,
            },
            candidate.location.to_string(),
        );
        let rtt = candidate
            .rtt_ms
            .map_or_else(|| "RTT unknown".to_owned(), |rtt| format!("RTT {rtt} ms"));
        let mut details = vec![format!(
            "{rtt} ({}) for a {} ms budget",
            match candidate.rtt_source {
                crate::planner::plan::RttSource::Measured => "measured",
                crate::planner::plan::RttSource::Model => "modelled",
            },
            workload.latency_budget_ms
        )];
        if candidate.feasible {
            details.push("feasible".to_owned());
        } else {
            details.extend(
                candidate
                    .reasons
                    .iter()
                    .map(|r| format!("not feasible: {r}")),
            );
        }
        details.extend(candidate.notes.iter().map(|n| format!("note: {n}")));
        // A new Outpost is no entity of the snapshot: nothing to select.
        let entity = if candidate.location == "new" {
            String::new()
        } else {
            candidate.location.to_string()
        };
        overlay.markers.push(Marker {
            entity,
            kind,
            at,
            title: format!(
                "#{} {} {}{}",
                rank + 1,
                candidate.kind.label(),
                candidate.location,
                if chosen { " (recommended)" } else { "" }
            ),
            details,
            in_use: true,
            retired: false,
        });
        if chosen {
            for user in &users {
                overlay.scene.push(Shape::Line {
                    from: *user,
                    to: at,
                    stroke: Stroke::dashed(0.25, palette.accent, 1.0, 0.6),
                });
            }
            // Below the ring, else above, right or left, further out, then smaller: the first
            // place that clears the map's names (else below it, over them).
            let text = format!("{}: {}", plan.name, rtt);
            let names: Vec<(Point, Point)> =
                map.scene.text_boxes().into_iter().map(|(_, b)| b).collect();
            let mut places = Vec::new();
            for size in [super::map::LABEL_SIZE, super::map::SMALL_LABEL_SIZE] {
                for distance in [1.05, 2.1, 3.1, 4.1] {
                    let step = distance * size;
                    places.extend([
                        (Point::new(at.x, at.y + step), Anchor::Middle, size),
                        (Point::new(at.x, at.y - step), Anchor::Middle, size),
                        (Point::new(at.x + step, at.y), Anchor::Start, size),
                        (Point::new(at.x - step, at.y), Anchor::End, size),
                    ]);
                }
            }
            let (label_at, anchor, size) = places
                .iter()
                .copied()
                .find(|(place, anchor, size)| {
                    let boxed = label_box(*place, &text, *size, *anchor);
                    names.iter().all(|name| boxes_apart(boxed, *name))
                })
                .unwrap_or(places[0]);
            // Moved away from the ring: a thin leader line says whose label it is.
            if (label_at.x - at.x).abs() + (label_at.y - at.y).abs() > 2.0 * size {
                // To the label's near edge, not through its letters.
                let to = match anchor {
                    Anchor::Start => Point::new(label_at.x - 0.3, label_at.y),
                    Anchor::End => Point::new(label_at.x + 0.3, label_at.y),
                    Anchor::Middle if label_at.y < at.y => {
                        Point::new(label_at.x, label_at.y + 0.6 * size)
                    }
                    Anchor::Middle => Point::new(label_at.x, label_at.y - 0.6 * size),
                };
                overlay.scene.push(Shape::Line {
                    from: at,
                    to,
                    stroke: Stroke::solid(0.12, palette.accent),
                });
            }
            overlay.scene.push(Shape::Text {
                at: label_at,
                text,
                size,
                color: palette.accent,
                anchor,
            });
        }
    }
    // The users, as small diamonds.
    for user in &users {
        let r = 0.8;
        overlay.scene.push(Shape::Path {
            points: vec![
                Point::new(user.x, user.y - r),
                Point::new(user.x + r, user.y),
                Point::new(user.x, user.y + r),
                Point::new(user.x - r, user.y),
            ],
            closed: true,
            stroke: Some(Stroke::solid(0.3, palette.text)),
            fill: Some(palette.highlight),
        });
    }
    overlay
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::LocationCatalog;
    use crate::planner::{Catalogs, MeasuredRtts, ModelParameters, PlanContext, parse_workloads};
    use crate::scene::map::{MapColors, world_map};
    use crate::scene::style::LIGHT;
    use crate::topology::Topology;

    #[test]
    fn the_candidates_are_ringed_where_they_are_and_the_recommendation_first() {
        let demo = crate::demo::demo().expect("demo");
        let topology = Topology::build(&demo.estate, &demo.overlay);
        let catalogs = Catalogs::embedded().expect("catalogs");
        let map = world_map(
            &demo.estate,
            &topology,
            LocationCatalog::embedded().expect("catalog"),
            &MapColors::default(),
        );
        let workloads = parse_workloads(
            "[[workload]]\nname = \"vision\"\nusers = [\"Chicago\"]\nlatency_ms = 5\nclients = \"on-premises\"\n",
            catalogs.locations,
            &catalogs.services.known_services,
        )
        .expect("valid");
        let measured = MeasuredRtts::default();
        let context = PlanContext::new(
            catalogs.locations,
            catalogs.hardware,
            catalogs.services,
            Some((1, &demo.estate)),
            &measured,
            ModelParameters::default(),
        );
        let report = context.plan(&workloads);
        let plan = &report.workloads[0];
        let overlay = plan_overlay(&map, &workloads[0], plan, &demo.estate, &LIGHT);
        assert_eq!(overlay.unplaced, 0);
        assert_eq!(
            overlay.markers.len(),
            plan.candidates.len().min(CANDIDATES_DRAWN)
        );
        let first = &overlay.markers[0];
        assert!(first.title.ends_with("(recommended)"), "{}", first.title);
        assert_eq!(
            Some(first.entity.as_str()),
            plan.recommendation.as_ref().map(|r| r.location.as_ref())
        );
        // Chicago's Local Zone is drawn at Chicago (about 87.6 W, 41.9 N).
        assert!((first.at.x + 87.6).abs() < 1.5 && (first.at.y + 41.9).abs() < 1.5);
        // The plan's label sits clear of the map's own names.
        let label = overlay
            .scene
            .text_boxes()
            .into_iter()
            .find(|(text, _)| text.starts_with("vision: "))
            .expect("the recommendation is labelled");
        assert!(
            map.scene
                .text_boxes()
                .iter()
                .all(|(_, name)| crate::scene::boxes_apart(label.1, *name)),
            "{label:?}"
        );
        // The existing Chicago Outpost is found at its site's marker.
        assert!(
            overlay
                .markers
                .iter()
                .any(|m| m.title.contains("Outpost op-"))
        );
        assert!(
            overlay
                .markers
                .iter()
                .any(|m| m.details.iter().any(|d| d.starts_with("not feasible: ")))
        );
    }
}
