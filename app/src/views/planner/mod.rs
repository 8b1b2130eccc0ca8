//! Planner: rack what-if (sliders, the bill of materials with and without ACE, and a chart of
//! it against rack count, where the lines cross is the point), the list of workloads of a
//! workload file ([`super::workload_list`]) with a form editing the selected one, and the
//! selected workload's candidates ranked in a table after planning them all. Everything shown
//! is computed by `edge_atlas::planner`; results are recomputed only when an input changes.

use edge_atlas::model::Estate;
use edge_atlas::planner::plan::{PlanReport, WorkloadPlan};
use edge_atlas::planner::racks::{BomMetric, RackPlan, plans_by_rack_count};
use edge_atlas::planner::workload::Workload;
use edge_atlas::planner::workload::WorkloadFields;
use edge_atlas::planner::{
    Catalogs, MeasuredRtts, ModelParameters, PlanContext, RackPlanInput, plan_racks,
};
use edge_atlas::scene::style::Palette;
use edge_atlas::store::SnapshotInfo;
use edge_atlas::topology::Topology;
use eframe::egui;
use egui_plot::{Legend, Line, Plot, PlotPoints, VLine};

mod export;
pub mod sizing;

use super::comma_list;
use super::workload_list::{ListAction, WorkloadList};

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
    /// The selected workload's plan from the last "Plan", or why there is none.
    result: Option<Result<WorkloadPlan<'static>, String>>,
    /// The last plan of every workload with the workloads it was made for, for "Export
    /// report", the list's results and the map.
    planned: Option<(Vec<Workload>, PlanReport<'static>)>,
    /// The workload file the form edits a row of.
    list: WorkloadList,
    /// How many plans were made: the map redraws its candidates when this changes.
    plans_made: u64,
    /// Where "Export report" writes; the extension picks the format.
    report_path: String,
    /// What the last export did: the file written, or why not.
    exported: Option<Result<String, String>>,
    /// The Sizing section: a server inventory to hosts, racks and a capacity task.
    sizing: sizing::SizingPanel,
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
        let first = WorkloadFields {
            name: "plant-vision".into(),
            users: vec!["Chicago".into()],
            latency_ms: 5.0,
            clients: "on-premises".into(),
            residency: vec!["US".into()],
            services: vec!["ec2".into(), "ebs".into()],
            vcpus: 400.0,
            ..WorkloadFields::default()
        };
        let mut view = PlannerView {
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
            list: WorkloadList::new(&first),
            plans_made: 0,
            report_path: default_report_path(),
            exported: None,
            sizing: sizing::SizingPanel::default(),
        };
        view.load_form();
        view
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
        palette: &Palette,
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
                ui.heading("Where should each workload run?");
                self.workload_list(ui);
                ui.add_space(8.0);
                ui.label(egui::RichText::new("The selected workload").strong());
                self.workload_form(ui, estate, snapshot_id);
                self.results(ui);
                self.export(ui, estate, topology, info);
                ui.add_space(16.0);
                ui.separator();
                ui.heading("Sizing from a server inventory");
                self.sizing
                    .show(ui, estate, snapshot_id, self.list.file(), palette);
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
        if ui
            .button("Plan")
            .on_hover_text("put the form into the list and plan every workload in it")
            .clicked()
        {
            self.apply_form();
            self.plan_all(estate, snapshot_id);
        }
    }

    /// The form's fields as a workload file's row.
    fn form_fields(&self) -> WorkloadFields {
        WorkloadFields {
            users: self
                .users_text
                .split(';')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            residency: comma_list(&self.residency_text),
            services: comma_list(&self.services_text),
            carrier: Some(self.carrier_text.trim().to_owned()).filter(|c| !c.is_empty()),
            ..self.form.clone()
        }
    }

    /// Writes the form into the list's selected row.
    fn apply_form(&mut self) {
        let fields = self.form_fields();
        self.list.set_selected_fields(&fields);
    }

    /// Shows the list's selected row in the form (an empty form when the list is empty).
    fn load_form(&mut self) {
        let fields = self.list.selected_fields().unwrap_or_default();
        self.users_text = fields.users.join("; ");
        self.residency_text = fields.residency.join(", ");
        self.services_text = fields.services.join(", ");
        self.carrier_text = fields.carrier.clone().unwrap_or_default();
        self.form = fields;
    }

    /// Opens the workload file at `path` in the list (a file dropped on the window); false
    /// when it could not be read, which the list then says.
    pub fn open_workload_file(&mut self, path: &std::path::Path) -> bool {
        let opened = self.list.open(path);
        if opened {
            self.load_form();
        }
        opened
    }

    /// Reads the server inventory at `path` into the Sizing section (a file dropped or opened
    /// from the File menu); false when it could not be read, which the section then says.
    pub fn open_inventory(&mut self, path: &std::path::Path) -> bool {
        self.sizing.open(path)
    }

    /// The Sizing section's last sizing, if any.
    pub fn sizing_report(&self) -> Option<&edge_atlas::planner::sizing::SizingReport> {
        self.sizing.report()
    }

    /// The list of workloads, and what its buttons ask for.
    fn workload_list(&mut self, ui: &mut egui::Ui) {
        let outcomes: Vec<(String, String)> = self
            .planned
            .as_ref()
            .map(|(_, report)| {
                report
                    .workloads
                    .iter()
                    .map(|plan| {
                        let outcome = match &plan.recommendation {
                            Some(r) => format!(
                                "{} {} ({} ms)",
                                r.kind.label(),
                                r.location,
                                r.rtt_ms.map_or("?".to_owned(), |v| v.to_string())
                            ),
                            None => "nothing feasible".to_owned(),
                        };
                        (plan.name.clone(), outcome)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let outcome = |name: &str| {
            outcomes
                .iter()
                .find(|(planned, _)| planned == name)
                .map(|(_, outcome)| outcome.clone())
        };
        let Some(action) = self.list.show(ui, &outcome) else {
            return;
        };
        if action != ListAction::Opened {
            self.apply_form();
        }
        match action {
            ListAction::Select(index) => self.list.select(index),
            ListAction::Add => {
                let name = (self.list.file().len() + 1..)
                    .map(|n| format!("workload-{n}"))
                    .find(|name| self.list.file().rows().iter().all(|row| &row.name != name))
                    .unwrap_or_default();
                self.list.add(&WorkloadFields {
                    name,
                    users: vec!["Chicago".into()],
                    latency_ms: 10.0,
                    clients: "wired".into(),
                    ..WorkloadFields::default()
                });
            }
            ListAction::Duplicate => self.list.duplicate(),
            ListAction::Remove => self.list.remove(),
            ListAction::Opened => {}
        }
        self.load_form();
        self.select_result();
    }

    /// Plans every workload of the list against the snapshot.
    fn plan_all(&mut self, estate: &Estate, snapshot_id: i64) {
        let planned = catalogs().and_then(|catalogs| {
            let workloads = self
                .list
                .file()
                .workloads(catalogs.locations, &catalogs.services.known_services)
                .map_err(|e| format!("the list's {e}"))?;
            let measured = MeasuredRtts::default();
            let context = PlanContext::new(
                catalogs.locations,
                catalogs.hardware,
                catalogs.services,
                Some((snapshot_id, estate)),
                &measured,
                ModelParameters::default(),
            );
            let report = context.plan(&workloads).into_owned();
            Ok((workloads, report))
        });
        match planned {
            Ok(planned) => {
                self.planned = Some(planned);
                self.select_result();
            }
            Err(error) => {
                self.planned = None;
                self.result = Some(Err(error));
            }
        }
        self.plans_made += 1;
    }

    /// Shows the selected workload's plan from the last planning (none if it was added since).
    fn select_result(&mut self) {
        let Some((_, report)) = &self.planned else {
            return;
        };
        let name = self.list.selected_fields().map(|f| f.name);
        self.result = report
            .workloads
            .iter()
            .find(|plan| Some(&plan.name) == name.as_ref())
            .cloned()
            .map(Ok);
        self.plans_made += 1;
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
    /// The selected workload as last planned, its plan, and which plan it is (a count that
    /// changes with every plan or selection), for the map to draw its candidates.
    pub fn last_plan(&self) -> Option<(&Workload, &WorkloadPlan<'static>, u64)> {
        let (workloads, _) = self.planned.as_ref()?;
        let Some(Ok(plan)) = &self.result else {
            return None;
        };
        let workload = workloads.iter().find(|w| w.name == plan.name)?;
        Some((workload, plan, self.plans_made))
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
}
