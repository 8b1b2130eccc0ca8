//! The Map view: the world map scene with pan (drag), zoom (scroll or pinch, around the
//! pointer), a hover card for the marker under the pointer and click to select.

use edge_atlas::catalog::LocationCatalog;
use edge_atlas::planner::plan::WorkloadPlan;
use edge_atlas::planner::workload::Workload;
use edge_atlas::scene::map::{MapColors, Marker, WorldMap, world_map};
use edge_atlas::scene::map_plan::{PlanOverlay, plan_overlay};
use edge_atlas::scene::style::Palette;
use edge_atlas::scene::{Point, Scene};
use eframe::egui;

use crate::scene_painter::{View, font_atlas_epoch, pan_and_zoom, shapes};
use crate::selection::Selection;
use crate::workspace::Workspace;

/// The map's state: its scene for one snapshot and theme, and the camera.
#[derive(Default)]
pub struct MapView {
    built_for: Option<(i64, bool)>,
    map: WorldMap,
    /// Zoom relative to fitting the whole world; 1 shows it all.
    zoom: f32,
    /// The scene point at the centre of the view.
    center: Point,
    /// The egui shapes of the last frame and what they were drawn for (view, clip, theme,
    /// snapshot): hovering and selecting repaint them as they are.
    drawn: Option<(DrawnFor, Vec<egui::Shape>)>,
    /// The Planner's candidates over the map, with the plan and map they were built for.
    overlay: Option<(OverlayFor, PlanOverlay)>,
    /// Whether the Planner's candidates are hidden.
    pub hide_plan: bool,
}

/// What the plan's overlay depends on: the plan (the Planner's count) and the map (snapshot,
/// theme).
type OverlayFor = (u64, (i64, bool));

/// What a frame's shapes depend on: the view, the clip rectangle, the snapshot and theme, and
/// the font atlas their text was laid out in.
type DrawnFor = (View, egui::Rect, (i64, bool), u64);

/// Markers under the pointer within this many screen points are hovered.
const HIT_RADIUS: f32 = 8.0;

impl MapView {
    fn build(&mut self, workspace: &Workspace, palette: &Palette) {
        let key = (workspace.info.id, palette.dark);
        if self.built_for == Some(key) {
            return;
        }
        self.map = match LocationCatalog::embedded() {
            Ok(catalog) => world_map(
                &workspace.estate,
                &workspace.topology,
                catalog,
                &MapColors::of(palette),
            ),
            Err(_) => WorldMap::default(),
        };
        if self.built_for.is_none_or(|(id, _)| id != workspace.info.id) {
            self.zoom = 1.0;
            self.center = Point::new(0.0, -20.0);
        }
        self.built_for = Some(key);
    }

    /// The map as drawn in the last frame, with the Planner's candidates over it when they are
    /// shown: what "Export view" writes.
    pub fn picture(&self) -> Scene {
        let mut scene = self.map.scene.clone();
        if let Some((_, overlay)) = self.overlay.as_ref().filter(|_| !self.hide_plan) {
            scene.items.extend(overlay.scene.items.iter().cloned());
        }
        scene
    }

    /// The Planner's candidates as drawn in the last frame, if any (for tests).
    pub fn plan_overlay(&self) -> Option<&PlanOverlay> {
        self.overlay.as_ref().map(|(_, overlay)| overlay)
    }

    /// Builds the Planner's candidates over the map when the plan or the map changed.
    fn build_overlay(
        &mut self,
        workspace: &Workspace,
        palette: &Palette,
        plan: Option<(&Workload, &WorkloadPlan<'static>, u64)>,
    ) {
        let Some((workload, plan, revision)) = plan else {
            self.overlay = None;
            return;
        };
        let key = (revision, self.built_for.unwrap_or_default());
        if self
            .overlay
            .as_ref()
            .is_some_and(|(built, _)| *built == key)
        {
            return;
        }
        let overlay = plan_overlay(&self.map, workload, plan, &workspace.estate, palette);
        // A new plan: the view moves to its users and candidates (a world view fits 360 x 150
        // degrees; the margin keeps the rings off the edge).
        if self
            .overlay
            .as_ref()
            .is_none_or(|((revision, _), _)| *revision != key.0)
            && let Some((min, max)) = overlay.scene.bounds()
        {
            self.center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
            let zoom = (360.0 / (max.x - min.x + 40.0)).min(150.0 / (max.y - min.y + 24.0));
            self.zoom = zoom.clamp(1.0, 4.0);
        }
        self.overlay = Some((key, overlay));
    }

    /// Draws the map of `workspace`'s snapshot, with the Planner's last `plan` over it; a
    /// click on a marker selects it.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        selection: &mut Selection,
        palette: &Palette,
        plan: Option<(&Workload, &WorkloadPlan<'static>, u64)>,
    ) {
        self.build(workspace, palette);
        self.build_overlay(workspace, palette, plan);
        egui::CentralPanel::default_margins().show(ui, |ui| {
            let count = |kind| self.map.markers.iter().filter(|m| m.kind == kind).count();
            use edge_atlas::scene::map::MarkerKind as K;
            // Wrapped, so the key never widens the canvas past the pane.
            ui.horizontal_wrapped(|ui| {
                ui.label(format!(
                    "Map: {} Regions · {} Local Zones · {} Wavelength Zones · {} Outposts sites",
                    count(K::Region),
                    count(K::LocalZone),
                    count(K::WavelengthZone),
                    count(K::Site)
                ));
                ui.separator();
                ui.label("Regions: circles · Local Zones: squares · Wavelength Zones: rounded · Outposts sites: large squares · filled: in use · grey: not opted in");
                if ui.button("Fit world").clicked() {
                    self.zoom = 1.0;
                    self.center = Point::new(0.0, -20.0);
                }
            });
            if let (Some((_, overlay)), Some((workload, _, _))) = (&self.overlay, plan) {
                ui.horizontal_wrapped(|ui| {
                    let mut shown = !self.hide_plan;
                    ui.checkbox(&mut shown, format!("Planner: candidates of {}", workload.name));
                    self.hide_plan = !shown;
                    ui.label(
                        egui::RichText::new(format!(
                            "{} drawn: ringed green when feasible, grey when not, the recommendation in the accent colour; diamonds are the users{}",
                            overlay.markers.len(),
                            if overlay.unplaced > 0 {
                                format!(" ({} without a place on the map)", overlay.unplaced)
                            } else {
                                String::new()
                            }
                        ))
                        .weak(),
                    );
                });
            }
            let selected = selection
                .selected
                .as_deref()
                .and_then(|id| self.map.markers.iter().find(|m| m.entity == id));
            if let Some(marker) = selected {
                ui.label(format!("Selected: {} · {}", marker.title, marker.details.join(" · ")));
            }
            let selected_at = selected.map(|marker| marker.at);
            let (response, painter) =
                ui.allocate_painter(ui.available_size(), egui::Sense::click_and_drag());
            let rect = response.rect;
            let fit = (rect.width() / 360.0).min(rect.height() / 150.0).max(0.01);
            let view = pan_and_zoom(ui, &response, fit, &mut self.zoom, &mut self.center, 0.5..=200.0);
            let key = (
                view,
                painter.clip_rect(),
                self.built_for.unwrap_or_default(),
                font_atlas_epoch(ui.ctx()),
            );
            if self.drawn.as_ref().is_none_or(|(drawn_for, _)| *drawn_for != key) {
                self.drawn = Some((key, shapes(&painter, &self.map.scene, &view)));
            }
            if let Some((_, drawn)) = &self.drawn {
                painter.extend(drawn.iter().cloned());
            }
            let overlay = self
                .overlay
                .as_ref()
                .filter(|_| !self.hide_plan)
                .map(|(_, overlay)| overlay);
            if let Some(overlay) = overlay {
                painter.extend(shapes(&painter, &overlay.scene, &view));
            }
            if let Some(at) = selected_at {
                painter.circle_stroke(
                    view.to_screen(at),
                    HIT_RADIUS + 2.0,
                    egui::Stroke::new(3.0, crate::theme::color(palette.selection)),
                );
            }
            // The plan's candidates answer first: their cards say rank, RTT and why.
            let hovered = response.hover_pos().and_then(|pointer| {
                overlay
                    .and_then(|overlay| nearest(&overlay.markers, &view, pointer))
                    .or_else(|| nearest(&self.map.markers, &view, pointer))
            });
            if let Some(marker) = hovered {
                let highlight = view.to_screen(marker.at);
                painter.circle_stroke(highlight, HIT_RADIUS, egui::Stroke::new(2.0, ui.visuals().selection.stroke.color));
                let card = format!("{}\n{}", marker.title, marker.details.join("\n"));
                response.clone().on_hover_text_at_pointer(card);
                if response.clicked() && !marker.entity.is_empty() {
                    selection.select(marker.entity.clone());
                }
            }
        });
    }
}

fn nearest<'a>(markers: &'a [Marker], view: &View, pointer: egui::Pos2) -> Option<&'a Marker> {
    markers
        .iter()
        .map(|marker| (marker, view.to_screen(marker.at).distance(pointer)))
        .filter(|(_, distance)| *distance <= HIT_RADIUS)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(marker, _)| marker)
}
