//! The Racks view: one Outpost's rack elevations from its assets (the library's elevations
//! picture), the catalog configuration each rack was matched to, and the site's power and floor
//! weight limits against each rack and the ACE or network rack, with a table of the same
//! numbers and where each comes from, and each host's slots used and free with the instances
//! sharing it ([`super::host_usage`]). Clicking an asset selects it for the details panel.

use edge_atlas::elevation::{Fit, Limit, OutpostRacks};
use edge_atlas::host_usage::{OutpostUsage, outpost_usage};
use edge_atlas::planner::racks::estimate_mark;
use edge_atlas::scene::rack_network::RackPicture;
use edge_atlas::scene::racks::{fit_color, rack_elevations_picture};
use edge_atlas::scene::style::Palette;
use eframe::egui;

use crate::picture_canvas::PictureCanvas;
use crate::selection::Selection;
use crate::theme::color;
use crate::workspace::Workspace;

/// What the picture was drawn for: workspace revision, Outpost, theme.
type DrawnFor = (u64, String, bool);

/// The chosen Outpost, its picture and the camera.
#[derive(Default)]
pub struct RacksView {
    /// The Outpost shown.
    pub outpost: Option<String>,
    drawn_for: Option<DrawnFor>,
    picture: RackPicture,
    canvas: PictureCanvas,
    /// The shown Outpost's host usage, for the workspace revision it was computed for.
    usage: Option<(u64, OutpostUsage)>,
    /// The host whose instances are listed.
    host: Option<String>,
}

impl RacksView {
    /// The elevations drawn in the last frame: what "Export view" writes.
    pub fn drawn(&self) -> &RackPicture {
        &self.picture
    }

    /// Draws the view for `workspace`'s snapshot.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        selection: &mut Selection,
        palette: &Palette,
    ) {
        let outposts = match workspace.outpost_racks() {
            Ok(outposts) => outposts,
            Err(message) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("The hardware catalog could not be read: {message}"),
                );
                return;
            }
        };
        if outposts.is_empty() {
            ui.label("This snapshot has no Outposts.");
            return;
        }
        if self
            .outpost
            .as_ref()
            .is_none_or(|id| !outposts.iter().any(|o| &o.outpost_id == id))
        {
            self.outpost = workspace
                .topology
                .largest_outpost()
                .map(|n| n.outpost_id.clone());
        }
        let Some(outpost) = outposts
            .iter()
            .find(|o| Some(&o.outpost_id) == self.outpost.as_ref())
        else {
            return;
        };
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_label("Outpost")
                .selected_text(format!("{} ({})", outpost.outpost_name, outpost.outpost_id))
                .show_ui(ui, |ui| {
                    for other in outposts {
                        ui.selectable_value(
                            &mut self.outpost,
                            Some(other.outpost_id.clone()),
                            format!(
                                "{} ({} racks)",
                                other.outpost_name,
                                other.racks.len() + usize::from(other.aggregation.is_some())
                            ),
                        );
                    }
                });
        });
        ui.label(site_line(outpost));
        totals(ui, outpost, palette);
        egui::CollapsingHeader::new("Racks, their configurations and the site's limits")
            .default_open(false)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .max_height(220.0)
                    .show(ui, |ui| rack_table(ui, outpost, palette));
            });
        if self.usage.as_ref().is_none_or(|(revision, usage)| {
            *revision != workspace.revision || usage.outpost_id != outpost.outpost_id
        }) {
            let usage = outpost_usage(&workspace.estate, &outpost.outpost_id);
            self.usage = Some((workspace.revision, usage));
        }
        if let Some((_, usage)) = &self.usage {
            egui::CollapsingHeader::new("Hosts: slots used and free, and what runs on each")
                .default_open(true)
                .show(ui, |ui| {
                    super::host_usage::show(ui, usage, selection, &mut self.host)
                });
        }
        let key = (workspace.revision, outpost.outpost_id.clone(), palette.dark);
        if self.drawn_for.as_ref() != Some(&key) {
            if self.drawn_for.as_ref().is_none_or(|drawn| drawn.1 != key.1) {
                self.canvas.refit();
            }
            self.picture = rack_elevations_picture(outpost, palette);
            self.drawn_for = Some(key);
        }
        let clicked = self.canvas.show(ui, &self.picture, |element| {
            format!("{}\nclick to select it", element.title)
        });
        if let Some(element) = clicked {
            selection.select(element.id);
        }
    }
}

/// The site and its limits in one line.
fn site_line(outpost: &OutpostRacks) -> String {
    let site = outpost.site_name.as_deref().map_or_else(
        || format!("site {} (not in this snapshot)", outpost.site_id),
        |name| format!("site {name} ({})", outpost.site_id),
    );
    let power = match outpost.site_power_kva {
        Limit::Value(kva) => format!("{kva} kVA per rack position"),
        Limit::NoLimit | Limit::Unknown => "power per rack position not stated".to_owned(),
    };
    let weight = match outpost.site_weight_lbs {
        Limit::Value(lbs) => format!("floor takes {lbs} lb per rack"),
        Limit::NoLimit => "no floor weight limit".to_owned(),
        Limit::Unknown => "floor weight limit not stated".to_owned(),
    };
    format!("{site}: {power} · {weight}")
}

/// Totals and the racks over a limit.
fn totals(ui: &mut egui::Ui, outpost: &OutpostRacks, palette: &Palette) {
    let (kva, kva_unknown) = outpost.total_power_kva();
    let (lbs, lbs_unknown) = outpost.total_weight_lbs();
    let vcpus: u32 = outpost.racks.iter().map(|r| r.vcpus).sum();
    let unknown = |count: usize| {
        if count == 0 {
            String::new()
        } else {
            format!(" (+{count} racks unknown)")
        }
    };
    ui.label(format!(
        "{} compute racks{} · {vcpus} vCPU · {kva} kVA{} · {lbs} lb{} in total",
        outpost.racks.len(),
        outpost
            .aggregation
            .as_ref()
            .map_or(String::new(), |a| format!(" + {}", a.name)),
        unknown(kva_unknown),
        unknown(lbs_unknown),
    ));
    let problems = outpost.problems();
    if problems.is_empty() {
        ui.colored_label(
            color(fit_color(Fit::Fits, palette)),
            "Every rack fits the site's power and floor weight limits it states.",
        );
    }
    for problem in problems {
        ui.colored_label(ui.visuals().error_fg_color, problem);
    }
}

/// One row per rack: configuration and where it comes from, hosts, vCPU, kVA and weight.
fn rack_table(ui: &mut egui::Ui, outpost: &OutpostRacks, palette: &Palette) {
    egui::Grid::new("racks-table")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for heading in ["rack", "configuration", "hosts", "vCPU", "kVA", "lb"] {
                ui.strong(heading);
            }
            ui.end_row();
            for rack in &outpost.racks {
                ui.label(&rack.rack_id);
                let configuration = rack.configuration.as_ref();
                ui.label(
                    configuration.map_or("no close configuration".to_owned(), |c| c.explanation()),
                );
                let hosts: Vec<String> = rack
                    .hosts_by_family
                    .iter()
                    .map(|(family, count)| format!("{count} {family}"))
                    .collect();
                ui.label(hosts.join(", "));
                ui.label(rack.vcpus.to_string());
                let kva = configuration.map_or("?".to_owned(), |c| {
                    format!("{}{}", c.power_kva, estimate_mark(c.power_kva_estimate))
                });
                ui.colored_label(color(fit_color(rack.power_fit, palette)), kva);
                let lbs = configuration.map_or("?".to_owned(), |c| {
                    format!("{}{}", c.weight_lbs, estimate_mark(c.weight_lbs_estimate))
                });
                ui.colored_label(color(fit_color(rack.weight_fit, palette)), lbs);
                ui.end_row();
            }
            if let Some(aggregation) = &outpost.aggregation {
                ui.label(format!(
                    "{} ({})",
                    aggregation.name,
                    aggregation.provenance.as_str()
                ));
                ui.label(&aggregation.reason);
                ui.label(format!("{} devices", aggregation.device_names.len()));
                ui.label("");
                ui.colored_label(
                    color(fit_color(aggregation.power_fit, palette)),
                    format!(
                        "{}{}",
                        aggregation.power_kva,
                        estimate_mark(aggregation.power_kva_estimate)
                    ),
                );
                ui.colored_label(
                    color(fit_color(aggregation.weight_fit, palette)),
                    format!(
                        "{}{}",
                        aggregation.weight_lbs,
                        estimate_mark(aggregation.weight_lbs_estimate)
                    ),
                );
                ui.end_row();
            }
        });
}
