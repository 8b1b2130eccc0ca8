//! Planner: rack what-if (sliders, the bill of materials with and without ACE, and a chart of
//! it against rack count, where the lines cross is the point) and a workload form whose
//! candidates are ranked in a table. Everything shown is computed by `edge_atlas::planner`;
//! results are recomputed only when an input changes.

use edge_atlas::model::Estate;
use edge_atlas::planner::plan::{PlanReport, WorkloadPlan};
use edge_atlas::planner::racks::{BomMetric, RackPlan, plans_by_rack_count};
use edge_atlas::planner::workload::Workload;
use edge_atlas::planner::workload::{WorkloadFields, parse_fields};
use edge_atlas::planner::{
    Catalogs, MeasuredRtts, ModelParameters, PlanContext, RackPlanInput, plan_racks,
};
use edge_atlas::store::SnapshotInfo;
use edge_atlas::topology::Topology;
use eframe::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

use super::comma_list;

/// Largest rack count the chart shows.
const CHART_RACKS: u32 = 16;

/// The Planner view's inputs and its last results.
pub struct PlannerView {
    input: RackPlanInput,
    metric: BomMetric,
    /// The plan for `input` and the chart's plans, with the input they were made for.
    computed: Option<(RackPlanInput, Result<RackPlan, String>, Vec<RackPlan>)>,
    form: WorkloadFields,
    users_text: String,
    residency_text: String,
    services_text: String,
    carrier_text: String,
    result: Option<Result<WorkloadPlan<'static>, String>>,
    /// The last plan with the workload it was made for, for "Export report" and the map.
    planned: Option<(Workload, PlanReport<'static>)>,
    /// How many plans were made: the map redraws its candidates when this changes.
    plans_made: u64,
    /// Where "Export report" writes; the extension picks the format.
    report_path: String,
    /// What the last export did: the file written, or why not.
    exported: Option<Result<String, String>>,
}

/// Where reports go by default: the user's documents folder, else the working directory.
fn default_report_path() -> String {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(|d| d.join("placement-report.html")))
        .unwrap_or_else(|| std::path::PathBuf::from("placement-report.html"))
        .display()
        .to_string()
}

impl Default for PlannerView {
    fn default() -> Self {
        PlannerView {
            input: RackPlanInput {
                racks: 3,
                planned_racks: 6,
                ..RackPlanInput::default()
            },
            metric: BomMetric::PhysicalPorts,
            computed: None,
            form: WorkloadFields {
                name: "plant-vision".into(),
                latency_ms: 5.0,
                clients: "on-premises".into(),
                vcpus: 400.0,
                ..WorkloadFields::default()
            },
            users_text: "Chicago".into(),
            residency_text: "US".into(),
            services_text: "ec2, ebs".into(),
            carrier_text: String::new(),
            result: None,
            planned: None,
            plans_made: 0,
            report_path: default_report_path(),
            exported: None,
        }
    }
}

fn catalogs() -> Result<Catalogs, String> {
    Catalogs::embedded().map_err(|e| e.to_string())
}

impl PlannerView {
    /// Draws the view; `estate` (snapshot `info`, its `topology`) is what workloads are planned
    /// against.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        estate: &Estate,
        topology: &Topology,
        info: &SnapshotInfo,
    ) {
        let snapshot_id = info.id;
        egui::CentralPanel::default_margins().show(ui, |ui| {
            egui::ScrollArea::vertical().show(ui, |ui| {
                ui.heading("Racks: with or without an ACE rack");
                self.rack_controls(ui);
                self.recompute_racks();
                ui.columns(2, |columns| {
                    self.bom_table(&mut columns[0]);
                    self.chart(&mut columns[1]);
                });
                ui.add_space(16.0);
                ui.separator();
                ui.heading("Where should a workload run?");
                self.workload_form(ui, estate, snapshot_id);
                self.results(ui);
                self.export(ui, estate, topology, info);
            });
        });
    }

    fn rack_controls(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.add(
                egui::Slider::new(&mut self.input.racks, 1..=CHART_RACKS).text("compute racks now"),
            );
            ui.add(
                egui::Slider::new(&mut self.input.planned_racks, 1..=CHART_RACKS * 2)
                    .text("planned long term"),
            );
            egui::ComboBox::from_label("uplinks per device")
                .selected_text(self.input.uplinks_per_device.to_string())
                .show_ui(ui, |ui| {
                    for n in edge_atlas::planner::racks::supported_uplinks(self.input.uplink_gbps) {
                        ui.selectable_value(&mut self.input.uplinks_per_device, *n, n.to_string());
                    }
                });
            egui::ComboBox::from_label("uplink speed")
                .selected_text(format!("{}G", self.input.uplink_gbps))
                .show_ui(ui, |ui| {
                    for gbps in [1, 10, 40, 100] {
                        ui.selectable_value(&mut self.input.uplink_gbps, gbps, format!("{gbps}G"));
                    }
                });
            ui.label("CNDs:");
            ui.radio_value(&mut self.input.cnds, 2, "2");
            ui.radio_value(&mut self.input.cnds, 4, "4");
        });
        if !edge_atlas::planner::racks::supported_uplinks(self.input.uplink_gbps)
            .contains(&self.input.uplinks_per_device)
        {
            self.input.uplinks_per_device = 1;
        }
        self.input.planned_racks = self.input.planned_racks.max(self.input.racks);
    }

    fn recompute_racks(&mut self) {
        if self
            .computed
            .as_ref()
            .is_some_and(|(input, ..)| *input == self.input)
        {
            return;
        }
        let result = catalogs().and_then(|Catalogs { hardware, .. }| {
            let plan = plan_racks(&self.input, hardware).map_err(|e| e.to_string())?;
            Ok((
                plan,
                plans_by_rack_count(&self.input, 1..=CHART_RACKS, hardware),
            ))
        });
        self.computed = Some(match result {
            Ok((plan, series)) => (self.input.clone(), Ok(plan), series),
            Err(error) => (self.input.clone(), Err(error), Vec::new()),
        });
    }

    fn bom_table(&self, ui: &mut egui::Ui) {
        let Some((_, plan, _)) = &self.computed else {
            return;
        };
        let plan = match plan {
            Ok(plan) => plan,
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
                return;
            }
        };
        ui.label(format!(
            "ACE rack recommended: {}   required: {}",
            if plan.ace_recommended { "yes" } else { "no" },
            if plan.ace_required { "yes" } else { "no" }
        ));
        for reason in &plan.reasons {
            ui.small(reason);
        }
        egui::Grid::new("bom")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                ui.strong("");
                ui.strong("without ACE");
                ui.strong("with ACE");
                ui.end_row();
                for ((name, without), (_, with)) in plan
                    .without_ace
                    .rows()
                    .into_iter()
                    .zip(plan.with_ace.rows())
                {
                    ui.label(name);
                    ui.label(without);
                    ui.label(with);
                    ui.end_row();
                }
            });
    }

    fn chart(&mut self, ui: &mut egui::Ui) {
        egui::ComboBox::from_label("chart")
            .selected_text(self.metric.label())
            .show_ui(ui, |ui| {
                for metric in BomMetric::ALL {
                    ui.selectable_value(&mut self.metric, metric, metric.label());
                }
            });
        let Some((input, _, series)) = &self.computed else {
            return;
        };
        let points = |with_ace: bool| -> PlotPoints<'static> {
            series
                .iter()
                .map(|plan| {
                    [
                        f64::from(plan.racks),
                        self.metric.of(if with_ace {
                            &plan.with_ace
                        } else {
                            &plan.without_ace
                        }),
                    ]
                })
                .collect()
        };
        Plot::new("bom-by-racks")
            .height(260.0)
            .legend(Legend::default())
            .x_axis_label("compute racks")
            .y_axis_label(self.metric.label())
            .allow_drag(false)
            .allow_zoom(false)
            .show(ui, |plot| {
                plot.line(Line::new("without ACE", points(false)));
                plot.line(Line::new("with ACE", points(true)));
                plot.vline(VLine::new("racks now", f64::from(input.racks)));
            });
    }

    fn workload_form(&mut self, ui: &mut egui::Ui, estate: &Estate, snapshot_id: i64) {
        // Each input is labelled by its caption, so screen readers (and tests) can name it.
        fn row(
            ui: &mut egui::Ui,
            caption: &str,
            input: impl FnOnce(&mut egui::Ui) -> egui::Response,
        ) {
            let label = ui.label(caption);
            input(ui).labelled_by(label.id);
            ui.end_row();
        }
        egui::Grid::new("workload-form")
            .num_columns(2)
            .show(ui, |ui| {
                row(ui, "name", |ui| {
                    ui.text_edit_singleline(&mut self.form.name)
                });
                row(ui, "users (metros or lat,lon; ';' between)", |ui| {
                    ui.text_edit_singleline(&mut self.users_text)
                });
                row(ui, "round-trip budget, ms", |ui| {
                    ui.add(
                        egui::DragValue::new(&mut self.form.latency_ms)
                            .range(0.1..=1000.0)
                            .speed(0.5),
                    )
                });
                ui.label("clients");
                ui.horizontal(|ui| {
                    for clients in ["wired", "mobile-5g", "on-premises"] {
                        ui.radio_value(&mut self.form.clients, clients.to_owned(), clients);
                    }
                });
                ui.end_row();
                row(ui, "carrier (mobile 5G)", |ui| {
                    ui.text_edit_singleline(&mut self.carrier_text)
                });
                row(ui, "residency (ISO codes)", |ui| {
                    ui.text_edit_singleline(&mut self.residency_text)
                });
                row(ui, "services", |ui| {
                    ui.text_edit_singleline(&mut self.services_text)
                });
                row(ui, "vCPUs", |ui| {
                    ui.add(
                        egui::DragValue::new(&mut self.form.vcpus)
                            .range(0.0..=100_000.0)
                            .speed(8.0),
                    )
                });
            });
        if ui.button("Plan").clicked() {
            self.form.users = self
                .users_text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            self.form.residency = comma_list(&self.residency_text);
            self.form.services = comma_list(&self.services_text);
            self.form.carrier = Some(self.carrier_text.trim().to_owned()).filter(|c| !c.is_empty());
            self.result = Some(catalogs().and_then(
                |Catalogs {
                     locations: catalog,
                     hardware,
                     services,
                 }| {
                    let workload = parse_fields(&self.form, catalog, &services.known_services)
                        .map_err(|e| e.to_string())?;
                    let measured = MeasuredRtts::default();
                    let context = PlanContext::new(
                        catalog,
                        hardware,
                        services,
                        Some((snapshot_id, estate)),
                        &measured,
                        ModelParameters::default(),
                    );
                    let report = context.plan(std::slice::from_ref(&workload)).into_owned();
                    let plan = report
                        .workloads
                        .first()
                        .cloned()
                        .ok_or("nothing was planned")?;
                    self.planned = Some((workload, report));
                    Ok(plan)
                },
            ));
            if !matches!(self.result, Some(Ok(_))) {
                self.planned = None;
            }
            self.plans_made += 1;
        }
    }

    fn results(&self, ui: &mut egui::Ui) {
        let Some(result) = &self.result else { return };
        let plan = match result {
            Ok(plan) => plan,
            Err(error) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
                return;
            }
        };
        match &plan.recommendation {
            Some(r) => {
                ui.strong(format!(
                    "Recommended: {} {} ({} ms)",
                    r.kind.label(),
                    r.location,
                    r.rtt_ms.map_or("?".to_owned(), |v| v.to_string())
                ));
                for reason in &r.reasons {
                    ui.small(reason.as_ref());
                }
            }
            None => {
                ui.strong("Nothing is feasible: every candidate below says why.");
            }
        }
        for warning in &plan.warnings {
            ui.colored_label(ui.visuals().warn_fg_color, warning);
        }
        egui::Grid::new("candidates")
            .striped(true)
            .num_columns(5)
            .show(ui, |ui| {
                for header in ["kind", "location", "RTT ms", "feasible", "reasons"] {
                    ui.strong(header);
                }
                ui.end_row();
                for candidate in plan.candidates.iter().take(25) {
                    ui.label(candidate.kind.label());
                    ui.label(candidate.location.as_ref());
                    ui.label(candidate.rtt_ms.map_or("?".to_owned(), |v| v.to_string()));
                    ui.label(if candidate.feasible { "yes" } else { "no" });
                    ui.label(
                        candidate
                            .reasons
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; "),
                    );
                    ui.end_row();
                }
            });
    }
}

/// A layout the Planner view has planned, for the Rack network view to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedLayout {
    /// What it was planned for: the workload, or the rack what-if.
    pub title: String,
    /// The rack plan (counts, whether an ACE rack is recommended, the layout).
    pub plan: RackPlan,
}

impl PlannerView {
    /// The last workload planned, its plan, and which plan it is (a count that changes with
    /// every plan), for the map to draw its candidates.
    pub fn last_plan(&self) -> Option<(&Workload, &WorkloadPlan<'static>, u64)> {
        let (workload, report) = self.planned.as_ref()?;
        Some((workload, report.workloads.first()?, self.plans_made))
    }

    /// The layout to draw as planned: the last workload's Outposts racks when it has them, else
    /// the rack what-if's; `None` before either is computed or when the what-if's input fails.
    pub fn planned_layout(&self) -> Option<PlannedLayout> {
        if let Some(Ok(plan)) = &self.result
            && let Some(racks) = &plan.racks
        {
            return Some(PlannedLayout {
                title: format!("workload {}", plan.name),
                plan: racks.clone(),
            });
        }
        match &self.computed {
            Some((_, Ok(plan), _)) => Some(PlannedLayout {
                title: "the rack what-if".to_owned(),
                plan: plan.clone(),
            }),
            _ => None,
        }
    }

    /// "Export report": the last plan as a report file at the path typed (HTML, Markdown, CSV
    /// or JSON by its extension), written atomically; what happened is said below the button.
    fn export(
        &mut self,
        ui: &mut egui::Ui,
        estate: &Estate,
        topology: &Topology,
        info: &SnapshotInfo,
    ) {
        let Some((workload, plan)) = &self.planned else {
            return;
        };
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            let label = ui.label("report file (.html, .md, .csv or .json)");
            ui.add(egui::TextEdit::singleline(&mut self.report_path).desired_width(360.0))
                .labelled_by(label.id);
            if ui.button("Export report").clicked() {
                self.exported = Some(write_report(
                    std::path::Path::new(self.report_path.trim()),
                    workload,
                    plan,
                    (estate, topology),
                    info,
                ));
            }
        });
        match &self.exported {
            Some(Ok(written)) => {
                ui.label(written);
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            None => {}
        }
    }
}

/// Writes the report of `plan` to `path`; says what was written, or why not.
fn write_report(
    path: &std::path::Path,
    workload: &Workload,
    plan: &PlanReport<'static>,
    (estate, topology): (&Estate, &Topology),
    info: &SnapshotInfo,
) -> Result<String, String> {
    use edge_atlas::report::{Report, ReportFormat, ReportMeta, SnapshotNote, write_atomically};
    let format = ReportFormat::from_path(path).ok_or_else(|| {
        format!(
            "{}: end the file name in .html, .pdf, .md, .csv or .json",
            path.display()
        )
    })?;
    let now = edge_atlas::store::now_rfc3339();
    let meta = ReportMeta {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        generated_at: now.clone(),
        command: format!(
            "made in the Planner view from its workload form (workload {:?}); save the workload \
             to a file and run `edge-atlas report FILE --snapshot {} -o {}` to make it again",
            workload.name,
            info.id,
            path.display()
        ),
        snapshot: Some(SnapshotNote::new(info, &now)),
        measured_rtts: None,
        paper: Default::default(),
    };
    let catalogs = catalogs()?;
    let workloads = std::slice::from_ref(workload);
    let map = edge_atlas::scene::map::world_map(
        estate,
        topology,
        catalogs.locations,
        &edge_atlas::scene::map::MapColors::default(),
    );
    let report = Report::new(
        plan,
        workloads,
        &catalogs,
        Some(estate),
        Some(&map),
        meta,
        edge_atlas::scene::style::Theme::Light.palette(),
    );
    let bytes = report.render(format).map_err(|e| e.to_string())?;
    write_atomically(path, &bytes).map_err(|e| format!("{e}: {}", error_source(&e)))?;
    Ok(format!("wrote {} ({} bytes)", path.display(), bytes.len()))
}

/// The cause under an error, or nothing.
fn error_source(error: &dyn std::error::Error) -> String {
    error.source().map_or(String::new(), ToString::to_string)
}
