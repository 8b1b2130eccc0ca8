//! The Rack network view: one Outpost's CND - ACE - OND - rack picture from the topology
//! (the library's rack network scene), with a legend for how sure each element is. Clicking a
//! device, port channel end or rack (in the picture or the list) removes it and shows the
//! failure impact on the picture: what is cut off, what is left on a single path, what stays
//! redundant. Clicking it again puts it back. "Edit site overlay" opens the overlay editor
//! beside the picture.

use edge_atlas::model::{SiteOverlay, Warning};
use edge_atlas::scene::rack_network::{RackPicture, rack_network_picture};
use edge_atlas::scene::style::Palette;
use edge_atlas::topology::DeviceRole;
use edge_atlas::topology::impact::{Impact, impact};
use eframe::egui;

use crate::commands::CommandSender;
use crate::picture_canvas::PictureCanvas;
use crate::views::overlay_editor::OverlayEditor;
use crate::workspace::Workspace;

/// What the picture was drawn for: workspace revision, Outpost, removed elements, theme.
type DrawnFor = (u64, String, Vec<String>, bool);

/// The chosen Outpost, what is removed, the picture and the camera.
#[derive(Default)]
pub struct RackNetworkView {
    /// The Outpost shown.
    pub outpost: Option<String>,
    /// Elements taken out for the impact.
    pub removed: Vec<String>,
    drawn_for: Option<DrawnFor>,
    picture: RackPicture,
    impact: Option<Result<Impact, String>>,
    canvas: PictureCanvas,
    /// Whether the overlay editor is open.
    pub editing: bool,
    editor: OverlayEditor,
}

impl RackNetworkView {
    /// The picture drawn and its scale in the last frame (screen points per scene unit).
    pub fn drawn(&self) -> (&RackPicture, f32) {
        (&self.picture, self.canvas.scale())
    }

    /// The shell stored (or failed to store) the overlay editor's entry for `outpost_id`.
    pub fn overlay_saved(&mut self, outpost_id: &str, overlay: &Result<SiteOverlay, String>) {
        self.editor.saved(outpost_id, overlay);
    }

    /// Draws the view for `workspace`'s snapshot; the overlay editor's saves go to the shell
    /// through `commands`.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        commands: &CommandSender,
        workspace: &Workspace,
        palette: &Palette,
    ) {
        let networks = &workspace.topology.rack_networks;
        if networks.is_empty() {
            ui.label("This snapshot has no Outposts.");
            return;
        }
        let label = |id: &str| {
            workspace
                .topology
                .find(id)
                .map_or(id.to_owned(), |n| workspace.topology.node(n).label.clone())
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
        else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            let before = self.outpost.clone();
            egui::ComboBox::from_label("Outpost")
                .selected_text(label(&network.outpost_id))
                .show_ui(ui, |ui| {
                    for other in networks {
                        ui.selectable_value(
                            &mut self.outpost,
                            Some(other.outpost_id.clone()),
                            format!("{} ({} racks)", label(&other.outpost_id), other.racks.len()),
                        );
                    }
                });
            if self.outpost != before {
                self.removed.clear();
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
            ui.toggle_value(&mut self.editing, "Edit site overlay");
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
            network.outpost_id.clone(),
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
