//! The Rack network view: one Outpost's CND - ACE - OND - rack picture from the topology
//! (the library's rack network scene), with a legend for how sure each element is. Clicking a
//! device, port channel end or rack (in the picture or the list) removes it and shows the
//! failure impact on the picture: what is cut off, what is left on a single path, what stays
//! redundant. Clicking it again puts it back. "Edit site overlay" opens the overlay editor
//! beside the picture. The "Build plan" tab shows the same network's cabling, VLANs and
//! addresses instead of the picture ([`crate::views::build_plan`]).

use edge_atlas::model::{SiteOverlay, Warning};
use edge_atlas::scene::rack_network::{RackPicture, rack_network_picture};
use edge_atlas::scene::style::Palette;
use edge_atlas::topology::impact::{Impact, impact};
use edge_atlas::topology::{DeviceRole, RackNetwork};
use eframe::egui;

use crate::commands::CommandSender;
use crate::picture_canvas::PictureCanvas;
use crate::views::build_plan::BuildPlanView;
use crate::views::overlay_editor::OverlayEditor;
use crate::views::planner::PlannedLayout;
use crate::workspace::Workspace;

/// What the picture was drawn for: workspace revision, Outpost, removed elements, theme.
type DrawnFor = (u64, String, Vec<String>, bool);

/// The id the Planner view's planned layout goes by among the Outposts.
const PLANNED: &str = "planned";

/// The chosen Outpost, what is removed, the picture and the camera.
#[derive(Default)]
pub struct RackNetworkView {
    /// The Outpost shown.
    pub outpost: Option<String>,
    /// Elements taken out for the impact.
    pub removed: Vec<String>,
    drawn_for: Option<DrawnFor>,
    picture: RackPicture,
    /// The network the picture shows (an Outpost's, or the planned one).
    network: Option<RackNetwork>,
    impact: Option<Result<Impact, String>>,
    canvas: PictureCanvas,
    /// Whether the overlay editor is open.
    pub editing: bool,
    /// Whether the planned layout is drawn with its ACE rack.
    planned_with_ace: bool,
    editor: OverlayEditor,
    /// Whether the Build plan tab is in front of the picture.
    pub showing_build_plan: bool,
    build_plan: BuildPlanView,
}

impl RackNetworkView {
    /// The picture drawn and its scale in the last frame (screen points per scene unit).
    pub fn drawn(&self) -> (&RackPicture, f32) {
        (&self.picture, self.canvas.scale())
    }

    /// The rack network drawn in the last frame, if any (draw.io exports).
    pub fn network(&self) -> Option<&RackNetwork> {
        self.network.as_ref()
    }

    /// The shell stored (or failed to store) the overlay editor's entry for `outpost_id`.
    pub fn overlay_saved(&mut self, outpost_id: &str, overlay: &Result<SiteOverlay, String>) {
        self.editor.saved(outpost_id, overlay);
    }

    /// Draws the view for `workspace`'s snapshot, and the Planner view's `planned` layout as
    /// one more choice (marked planned, with or without its ACE rack); the overlay editor's
    /// saves go to the shell through `commands`.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        commands: &CommandSender,
        workspace: &Workspace,
        palette: &Palette,
        planned: Option<&PlannedLayout>,
    ) {
        let mut networks: Vec<std::borrow::Cow<'_, RackNetwork>> = workspace
            .topology
            .rack_networks
            .iter()
            .map(std::borrow::Cow::Borrowed)
            .collect();
        if let Some(planned) = planned {
            let mut network = RackNetwork::planned(&planned.plan.layout(self.planned_with_ace));
            network.outpost_id = PLANNED.to_owned();
            networks.push(std::borrow::Cow::Owned(network));
        }
        if networks.is_empty() {
            ui.label("This snapshot has no Outposts.");
            return;
        }
        let label = |id: &str| match planned {
            Some(planned) if id == PLANNED => format!("planned: {}", planned.title),
            _ => workspace
                .topology
                .find(id)
                .map_or(id.to_owned(), |n| workspace.topology.node(n).label.clone()),
        };
        if self
            .outpost
            .as_ref()
            .is_none_or(|id| !networks.iter().any(|n| &n.outpost_id == id))
        {
            self.outpost = workspace
                .topology
                .largest_outpost()
                .map(|n| n.outpost_id.clone());
            self.removed.clear();
        }
        let Some(network) = networks
            .iter()
            .find(|n| Some(&n.outpost_id) == self.outpost.as_ref())
            .map(AsRef::as_ref)
        else {
            return;
        };
        let is_planned = network.outpost_id == PLANNED;
        if is_planned {
            self.editing = false;
        }
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.showing_build_plan, false, "Picture");
            ui.selectable_value(&mut self.showing_build_plan, true, "Build plan");
        });
        ui.horizontal_wrapped(|ui| {
            let before = self.outpost.clone();
            egui::ComboBox::from_label("Outpost")
                .selected_text(label(&network.outpost_id))
                .show_ui(ui, |ui| {
                    for other in &networks {
                        ui.selectable_value(
                            &mut self.outpost,
                            Some(other.outpost_id.clone()),
                            format!("{} ({} racks)", label(&other.outpost_id), other.racks.len()),
                        );
                    }
                });
            if self.outpost != before {
                self.removed.clear();
                if self.outpost.as_deref() == Some(PLANNED)
                    && let Some(planned) = planned
                {
                    self.planned_with_ace =
                        planned.plan.ace_recommended || planned.plan.ace_required;
                }
            }
            ui.label(format!(
                "{} racks · ACE: {} ({}) · generation {}",
                network.racks.len(),
                if network.ace { "yes" } else { "no" },
                network.ace_provenance.as_str(),
                network.generation
            ));
            if ui
                .add_enabled(!self.removed.is_empty(), egui::Button::new("Restore all"))
                .clicked()
            {
                self.removed.clear();
            }
            if is_planned {
                if ui
                    .checkbox(&mut self.planned_with_ace, "with an ACE rack")
                    .changed()
                {
                    // The picture is built from the flag at the start of a frame: one more.
                    self.removed.clear();
                    ui.ctx().request_repaint();
                }
                ui.label(
                    egui::RichText::new("planned: drawn from the Planner view, nothing synced")
                        .color(ui.visuals().warn_fg_color),
                );
            } else {
                ui.toggle_value(&mut self.editing, "Edit site overlay");
            }
        });
        let region = workspace
            .topology
            .find(&network.outpost_id)
            .and_then(|node| workspace.topology.node(node).region.as_deref())
            .unwrap_or_default();
        for warning in
            Warning::about_rack_network(&workspace.info.warnings, region, &network.outpost_id)
        {
            ui.label(
                egui::RichText::new(format!(
                    "Missing observations: {}",
                    warning.missing_summary()
                ))
                .color(ui.visuals().warn_fg_color),
            )
            .on_hover_text(
                "The sync that took this snapshot could not read these; the picture lacks them, \
                 and the next complete sync fills them in.",
            );
        }
        // A planned layout is redrawn whenever the plan behind it changes.
        let shown_id = match planned {
            Some(planned) if is_planned => {
                format!("{PLANNED}:{:?}", planned.plan.layout(network.ace))
            }
            _ => network.outpost_id.clone(),
        };
        if self.showing_build_plan {
            self.editing = false;
            let key = format!("{}:{shown_id}", workspace.revision);
            self.build_plan
                .show(ui, network, Some(&workspace.estate), &key);
            return;
        }
        ui.horizontal_wrapped(|ui| {
            ui.label("Take out:");
            for device in network
                .devices
                .iter()
                .filter(|d| d.role != DeviceRole::Ond || network.racks.len() <= 4)
            {
                let mut out = self.removed.contains(&device.id);
                if ui.toggle_value(&mut out, device.name.as_str()).changed() {
                    toggle(&mut self.removed, &device.id);
                }
            }
            ui.label(egui::RichText::new("(or click any device or rack in the picture)").weak());
        });
        let key = (
            workspace.revision,
            shown_id,
            self.removed.clone(),
            palette.dark,
        );
        if self.drawn_for.as_ref() != Some(&key) {
            if self.drawn_for.as_ref().is_none_or(|drawn| drawn.1 != key.1) {
                // Another Outpost: fit its picture.
                self.canvas.refit();
            }
            self.impact = if self.removed.is_empty() {
                None
            } else {
                Some(impact(network, &self.removed).map_err(|e| e.to_string()))
            };
            let shown = self.impact.as_ref().and_then(|r| r.as_ref().ok());
            self.picture = rack_network_picture(network, palette, shown);
            self.network = Some(network.clone());
            self.drawn_for = Some(key);
        }
        match &self.impact {
            Some(Ok(result)) => {
                let names: Vec<String> = self
                    .removed
                    .iter()
                    .map(|id| element_name(network, id))
                    .collect();
                ui.strong(format!(
                    "Impact of taking out {}: {} racks cut off · {} on a single path · {} still redundant",
                    names.join(", "),
                    result.isolated_racks.len(),
                    result.single_path_racks.len(),
                    result.redundant_racks.len()
                ));
                ui.label(egui::RichText::new(&result.note).weak());
            }
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            None => {
                ui.label(format!("ACE: {}", network.ace_reason));
            }
        }
        if self.editing {
            egui::Panel::right("overlay-editor")
                .resizable(true)
                .default_size(440.0)
                .show(ui, |ui| {
                    self.editor.show(ui, commands, workspace, network);
                });
        }
        self.canvas(ui);
    }

    fn canvas(&mut self, ui: &mut egui::Ui) {
        let removed = &self.removed;
        let clicked = self.canvas.show(ui, &self.picture, |element| {
            format!(
                "{}\n{}\nclick to {}",
                element.title,
                element.id,
                if removed.contains(&element.id) {
                    "put it back"
                } else {
                    "take it out and see the impact"
                }
            )
        });
        if let Some(element) = clicked {
            toggle(&mut self.removed, &element.id);
        }
    }
}

fn toggle(list: &mut Vec<String>, id: &str) {
    if let Some(position) = list.iter().position(|x| x == id) {
        list.remove(position);
    } else {
        list.push(id.to_owned());
    }
}

fn element_name(network: &edge_atlas::topology::RackNetwork, id: &str) -> String {
    network
        .device(id)
        .map_or(id.to_owned(), |device| device.name.clone())
}
