//! The Planner's Sizing section: a server inventory (CSV or RVTools workbook, dropped on the
//! window, opened from File, or typed as a path) sized as `edge-atlas size` sizes it, onto one
//! new Outpost, onto an existing Outpost of the snapshot (its hosts' free slots first, then
//! hosts reslotted), or with the workload list placing each workload against the snapshot. Each
//! Outpost shows its racks and, per family, a bar per host with its slots as segments (spare
//! hosts marked), the capacity task to copy, and every server not placed with why. Sizing is
//! recomputed only when the inventory or an option changes.

use std::path::{Path, PathBuf};

use edge_atlas::catalog::HardwareCatalog;
use edge_atlas::model::Estate;
use edge_atlas::planner::sizing::{
    Host, Inventory, InventoryOptions, OutpostFamily, Placement, SizingOptions, SizingReport,
    inventory, size_inventory,
};
use edge_atlas::planner::workload_file::WorkloadFile;
use edge_atlas::planner::{MeasuredRtts, ModelParameters, PlanContext};
use edge_atlas::scene::style::Palette;
use eframe::egui;

use super::catalogs;
use crate::theme;

/// Width of one host's bar, points.
const HOST_BAR_WIDTH: f32 = 200.0;
/// Height of one host's bar, points.
const HOST_BAR_HEIGHT: f32 = 16.0;
/// Hosts drawn per family; the rest are counted.
const HOSTS_DRAWN: usize = 120;
/// Servers not placed listed; the rest are counted.
const UNPLACED_LISTED: usize = 200;

/// What the inputs were when the shown sizing was made.
#[derive(Clone, Debug, PartialEq)]
struct Inputs {
    options: SizingOptions,
    /// The workload list's text and the snapshot, when placing with it.
    placed_with: Option<(String, i64)>,
    /// The existing Outpost and the snapshot, when sizing onto one.
    onto: Option<(String, i64)>,
    /// Which reading of the inventory.
    reading: u64,
}

/// The Sizing section's state.
pub struct SizingPanel {
    path_text: String,
    /// The inventory read, or why it could not be.
    inventory: Option<Result<Inventory, String>>,
    readings: u64,
    families_text: String,
    workload_column: String,
    options: SizingOptions,
    place_with_workloads: bool,
    /// The existing Outpost to size onto (`None`: a new one).
    onto_outpost: Option<String>,
    computed: Option<(Inputs, Result<SizingReport, String>)>,
}

impl Default for SizingPanel {
    fn default() -> Self {
        let options = SizingOptions::default();
        SizingPanel {
            path_text: String::new(),
            inventory: None,
            readings: 0,
            families_text: options.families.join(", "),
            workload_column: String::new(),
            options,
            place_with_workloads: false,
            onto_outpost: None,
            computed: None,
        }
    }
}

/// Whether `path` looks like a server inventory (CSV or a workbook).
pub fn is_inventory_file(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["csv", "xlsx", "xlsm", "xls", "ods"].contains(&e.to_ascii_lowercase().as_str())
    })
}

impl SizingPanel {
    /// Reads the inventory at `path` (a file dropped or opened); false when it cannot be read,
    /// which the section then says.
    pub fn open(&mut self, path: &Path) -> bool {
        self.path_text = path.display().to_string();
        self.read();
        matches!(self.inventory, Some(Ok(_)))
    }

    fn read(&mut self) {
        let path = PathBuf::from(self.path_text.trim());
        let options = InventoryOptions {
            workload_column: Some(self.workload_column.trim().to_owned()).filter(|c| !c.is_empty()),
        };
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        self.inventory = Some(
            std::fs::read(&path)
                .map_err(|e| format!("cannot read {}: {e}", path.display()))
                .and_then(|bytes| {
                    inventory::parse_file(&name, &bytes, &options)
                        .map_err(|e| format!("{}: {e}", path.display()))
                }),
        );
        self.readings += 1;
    }

    /// The sizing on screen, if any (for tests and the report).
    pub fn report(&self) -> Option<&SizingReport> {
        self.computed.as_ref().and_then(|(_, r)| r.as_ref().ok())
    }

    /// Draws the section.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        estate: &Estate,
        snapshot_id: i64,
        workloads: &WorkloadFile,
        palette: &Palette,
    ) {
        ui.label(
            "Drop a server inventory on the window (CSV, or an RVTools .xlsx), use File › Size server \
             inventory…, or type its path. Servers are right-sized, slotted onto hosts with N+M \
             spares and packed into the fewest racks; the same as `edge-atlas size`.",
        );
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("inventory");
            let edit = ui
                .add(egui::TextEdit::singleline(&mut self.path_text).desired_width(360.0))
                .labelled_by(label.id);
            if ui.button("Read").clicked() || (edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))) {
                self.read();
            }
            let label = ui.label("workload column");
            ui.add(egui::TextEdit::singleline(&mut self.workload_column).desired_width(100.0).hint_text("workload"))
                .labelled_by(label.id)
                .on_hover_text("read each row's workload from this column (e.g. RVTools' Cluster); re-read to apply");
        });
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("families");
            if ui
                .add(egui::TextEdit::singleline(&mut self.families_text).desired_width(120.0))
                .labelled_by(label.id)
                .changed()
            {
                self.options.families = self
                    .families_text
                    .split(',')
                    .map(|f| f.trim().to_owned())
                    .filter(|f| !f.is_empty())
                    .collect();
            }
            ui.add(egui::DragValue::new(&mut self.options.spare_hosts).range(0..=8).prefix("spare hosts (M) "));
            ui.add(
                egui::DragValue::new(&mut self.options.rules.headroom_pct)
                    .range(0.0..=300.0)
                    .prefix("headroom ")
                    .suffix(" %"),
            );
            ui.checkbox(&mut self.options.powered_on_only, "powered-on only");
            ui.checkbox(&mut self.place_with_workloads, "place with the workload list")
                .on_hover_text("each row's workload placed by the planner against this snapshot; otherwise every server goes to the Outpost chosen");
            if !estate.outposts.iter().any(|o| Some(&o.outpost_id) == self.onto_outpost.as_ref()) {
                self.onto_outpost = None;
            }
            ui.add_enabled_ui(!self.place_with_workloads, |ui| {
                let chosen = self.onto_outpost.as_deref().map_or("a new Outpost".to_owned(), |id| {
                    outpost_label(estate, id)
                });
                egui::ComboBox::from_label("size onto")
                    .selected_text(chosen)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.onto_outpost, None, "a new Outpost");
                        for outpost in &estate.outposts {
                            ui.selectable_value(
                                &mut self.onto_outpost,
                                Some(outpost.outpost_id.clone()),
                                outpost_label(estate, &outpost.outpost_id),
                            );
                        }
                    })
                    .response
                    .on_hover_text("an existing Outpost's free slots are used first, then hosts with room are reslotted (a capacity task naming the host); only the rest needs new racks");
            });
        });
        let Some(inventory) = &self.inventory else {
            return;
        };
        let inventory = match inventory {
            Ok(inventory) => inventory,
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
                return;
            }
        };
        let inputs = Inputs {
            options: self.options.clone(),
            placed_with: self
                .place_with_workloads
                .then(|| (workloads.to_text(), snapshot_id)),
            onto: self
                .onto_outpost
                .clone()
                .filter(|_| !self.place_with_workloads)
                .map(|id| (id, snapshot_id)),
            reading: self.readings,
        };
        if self
            .computed
            .as_ref()
            .is_none_or(|(made_for, _)| *made_for != inputs)
        {
            let result = size(inventory, &inputs, estate, workloads);
            self.computed = Some((inputs, result));
        }
        let Some((_, result)) = &self.computed else {
            return;
        };
        match result {
            Ok(report) => show_report(ui, report, palette),
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
        }
    }
}

fn size(
    inventory: &Inventory,
    inputs: &Inputs,
    estate: &Estate,
    workloads: &WorkloadFile,
) -> Result<SizingReport, String> {
    let catalogs = catalogs()?;
    match &inputs.placed_with {
        None => {
            let placement = match &inputs.onto {
                Some((outpost_id, _)) => Placement::Existing { estate, outpost_id },
                None => Placement::NewOutpost,
            };
            size_inventory(inventory, placement, catalogs.hardware, &inputs.options)
                .map_err(|e| e.to_string())
        }
        Some((_, snapshot_id)) => {
            let workloads = workloads
                .workloads(catalogs.locations, &catalogs.services.known_services)
                .map_err(|e| format!("the workload list's {e}"))?;
            let measured = MeasuredRtts::default();
            let context = PlanContext::new(
                catalogs.locations,
                catalogs.hardware,
                catalogs.services,
                Some((*snapshot_id, estate)),
                &measured,
                ModelParameters::default(),
            );
            size_inventory(
                inventory,
                Placement::Planned {
                    context: &context,
                    workloads: &workloads,
                },
                catalogs.hardware,
                &inputs.options,
            )
            .map_err(|e| e.to_string())
        }
    }
}

fn show_report(ui: &mut egui::Ui, report: &SizingReport, palette: &Palette) {
    let Ok(catalogs) = catalogs() else {
        return;
    };
    ui.strong(format!(
        "{} servers read: {} placed, {} not; {} powered off.",
        report.servers,
        report.placed,
        report.unplaced.len(),
        report.powered_off
    ));
    for racks in &report.rack_plans {
        ui.add_space(6.0);
        ui.strong(format!(
            "Outpost {} ({}), generation {}: {} compute racks, {} ({} kVA, {} lb)",
            racks.location,
            racks.workloads.join(", "),
            racks.generation,
            racks.choice.racks,
            racks.choice.label(),
            racks.choice.power_kva,
            racks.choice.weight_lbs
        ));
        if let Some(plan) = &racks.rack_plan {
            let aggregation = if plan.generation == 1 {
                "ACE rack"
            } else {
                "network rack"
            };
            ui.label(format!(
                "With an {aggregation}: {} kVA, {} lb, {} physical ports; without: {} kVA, {} lb, {} ports ({}).",
                plan.with_ace.power_kva,
                plan.with_ace.weight_lbs,
                plan.with_ace.network.physical_ports,
                plan.without_ace.power_kva,
                plan.without_ace.weight_lbs,
                plan.without_ace.network.physical_ports,
                if plan.ace_required {
                    "required"
                } else if plan.ace_recommended {
                    "recommended"
                } else {
                    "not needed"
                }
            ));
        }
        for family in report
            .outposts
            .iter()
            .filter(|f| f.location == racks.location && f.workloads == racks.workloads)
        {
            show_family(ui, family, catalogs.hardware, palette);
        }
        for note in &racks.notes {
            ui.small(note);
        }
    }
    if !report.existing_hosts.is_empty() {
        ui.add_space(6.0);
        ui.strong(format!(
            "On {} existing hosts:",
            report.existing_hosts.len()
        ));
        for host in &report.existing_hosts {
            ui.horizontal_wrapped(|ui| {
                ui.label(host.summary());
                if let Some(task) = &host.capacity_task
                    && ui
                        .small_button("Copy capacity task")
                        .on_hover_text("the StartCapacityTask request for this host (OutpostIdentifier, AssetId, InstancePools) as JSON")
                        .clicked()
                    && let Ok(json) = serde_json::to_string_pretty(task)
                {
                    ui.ctx().copy_text(json);
                }
            });
        }
    }
    for elsewhere in &report.elsewhere {
        ui.label(format!(
            "{} runs in {} {}: {}",
            elsewhere.workload,
            elsewhere.kind.label(),
            elsewhere.location,
            elsewhere.instances_label()
        ));
    }
    if !report.unplaced.is_empty() {
        egui::CollapsingHeader::new(format!("{} not placed", report.unplaced.len()))
            .id_salt("sizing-unplaced")
            .show(ui, |ui| {
                egui::Grid::new("sizing-unplaced-grid")
                    .striped(true)
                    .num_columns(3)
                    .show(ui, |ui| {
                        for header in ["line", "name", "why"] {
                            ui.strong(header);
                        }
                        ui.end_row();
                        for unplaced in report.unplaced.iter().take(UNPLACED_LISTED) {
                            ui.label(unplaced.line.to_string());
                            ui.label(&unplaced.name);
                            ui.label(&unplaced.reason);
                            ui.end_row();
                        }
                    });
                if report.unplaced.len() > UNPLACED_LISTED {
                    ui.small(format!(
                        "… and {} more (edge-atlas size --json lists all)",
                        report.unplaced.len() - UNPLACED_LISTED
                    ));
                }
            });
    }
    for note in &report.notes {
        ui.small(note);
    }
    ui.small(report.sources.join(" · "));
}

/// `Frankfurt outpost (op-…)`: an Outpost of the snapshot by name and id.
fn outpost_label(estate: &Estate, outpost_id: &str) -> String {
    estate
        .outposts
        .iter()
        .find(|o| o.outpost_id == outpost_id)
        .map_or_else(
            || outpost_id.to_owned(),
            |o| format!("{} ({})", o.name, o.outpost_id),
        )
}

/// The colour of an instance size: its place in the family's sizes, from the palette's series.
fn size_color(palette: &Palette, hardware: &HardwareCatalog, instance_type: &str) -> egui::Color32 {
    let (family, size) = instance_type.split_once('.').unwrap_or((instance_type, ""));
    let index = hardware
        .host_type(family)
        .and_then(|h| h.sizes.iter().position(|s| s.size == size))
        .unwrap_or(0);
    theme::color(palette.series[index % palette.series.len()])
}

fn show_family(
    ui: &mut egui::Ui,
    family: &OutpostFamily,
    hardware: &HardwareCatalog,
    palette: &Palette,
) {
    ui.horizontal_wrapped(|ui| {
        ui.label(family.summary());
        if ui
            .small_button("Copy capacity task")
            .on_hover_text(
                "the StartCapacityTask request (OutpostIdentifier, InstancePools) as JSON",
            )
            .clicked()
            && let Ok(json) = serde_json::to_string_pretty(&family.capacity_task)
        {
            ui.ctx().copy_text(json);
        }
        // The legend: each instance type in its colour.
        for pool in &family.capacity_task.instance_pools {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(
                rect,
                2.0,
                size_color(palette, hardware, &pool.instance_type),
            );
            ui.small(format!("{} x {}", pool.count, pool.instance_type));
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (index, host) in family.hosts.iter().take(HOSTS_DRAWN).enumerate() {
            host_bar(ui, index + 1, family, host, hardware, palette);
        }
        if family.hosts.len() > HOSTS_DRAWN {
            ui.small(format!(
                "… and {} more hosts",
                family.hosts.len() - HOSTS_DRAWN
            ));
        }
    });
}

/// One host as a bar: each slot a segment as wide as its share of the host's vCPUs, the free
/// part empty; a spare host dimmed and outlined in the accent colour.
fn host_bar(
    ui: &mut egui::Ui,
    number: usize,
    family: &OutpostFamily,
    host: &Host,
    hardware: &HardwareCatalog,
    palette: &Palette,
) {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(HOST_BAR_WIDTH, HOST_BAR_HEIGHT),
        egui::Sense::hover(),
    );
    let slots_text = host.slots_label();
    let description = format!(
        "{} host {number}{}: {slots_text}, {}/{} vCPUs",
        family.family,
        if host.spare { " (spare)" } else { "" },
        host.vcpus_used,
        host.vcpus_total
    );
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Image, true, &description));
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, theme::color(palette.canvas));
    let host_vcpus = host.vcpus_total.max(1) as f32;
    let family_sizes = hardware
        .host_type(&family.family)
        .map(|h| h.sizes.as_slice())
        .unwrap_or(&[]);
    let mut x = rect.left();
    for slot in &host.slots {
        let size_name = slot.instance_type.split_once('.').map_or("", |(_, s)| s);
        let Some(size) = family_sizes.iter().find(|s| s.size == size_name) else {
            continue;
        };
        let width = rect.width() * size.vcpus as f32 / host_vcpus;
        let mut color = size_color(palette, hardware, &slot.instance_type);
        if host.spare {
            color = color.gamma_multiply(0.45);
        }
        for _ in 0..slot.count {
            let segment = egui::Rect::from_min_size(
                egui::pos2(x, rect.top()),
                egui::vec2(width, rect.height()),
            );
            painter.rect_filled(segment.shrink2(egui::vec2(0.5, 1.0)), 1.0, color);
            x += width;
        }
    }
    let outline = if host.spare {
        palette.accent
    } else {
        palette.border
    };
    painter.rect_stroke(
        rect,
        2.0,
        egui::Stroke::new(1.0, theme::color(outline)),
        egui::StrokeKind::Inside,
    );
    response.on_hover_text(description);
}
