//! The Planner view's "Export report": the last plan of every workload written as a report
//! (HTML, PDF, Markdown, CSV or JSON by the file's extension) at a typed path or one chosen in
//! a native save dialog, with the command that makes it again when the list is saved.

use edge_atlas::model::Estate;
use edge_atlas::planner::plan::PlanReport;
use edge_atlas::planner::workload::Workload;
use edge_atlas::store::SnapshotInfo;
use edge_atlas::topology::Topology;
use eframe::egui;

use super::{PlannerView, catalogs};

impl PlannerView {
    /// "Export report": the last plan of every workload as a report file at the path typed or
    /// chosen in a native dialog (HTML, PDF, Markdown, CSV or JSON by its extension), written
    /// atomically; what happened is said below the buttons.
    pub(super) fn export(
        &mut self,
        ui: &mut egui::Ui,
        estate: &Estate,
        topology: &Topology,
        info: &SnapshotInfo,
    ) {
        let Some((workloads, plan)) = &self.planned else {
            return;
        };
        let source = self.list.source();
        ui.add_space(8.0);
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("report file (.html, .pdf, .md, .csv or .json)");
            ui.add(egui::TextEdit::singleline(&mut self.report_path).desired_width(360.0))
                .labelled_by(label.id);
            let mut chosen = None;
            if ui.button("Export report").clicked() {
                chosen = Some(std::path::PathBuf::from(self.report_path.trim()));
            }
            if ui
                .button("Export report…")
                .on_hover_text("choose where in a file dialog; the extension picks the format")
                .clicked()
            {
                chosen = rfd::FileDialog::new()
                    .set_title("Export report")
                    .add_filter("HTML", &["html"])
                    .add_filter("PDF", &["pdf"])
                    .add_filter("Markdown", &["md"])
                    .add_filter("CSV", &["csv"])
                    .add_filter("JSON", &["json"])
                    .set_file_name("placement-report.html")
                    .save_file();
            }
            if let Some(path) = chosen {
                self.report_path = path.display().to_string();
                self.exported = Some(write_report(
                    &path,
                    (workloads, plan),
                    source.as_deref(),
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

/// Writes the report of `plan` (of `workloads`, from the saved workload file `source` if the
/// list is saved) to `path`; says what was written, or why not.
fn write_report(
    path: &std::path::Path,
    (workloads, plan): (&[Workload], &PlanReport<'static>),
    source: Option<&std::path::Path>,
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
        command: match source {
            Some(file) => format!(
                "made in the Planner view from {}; to make it again: edge-atlas report {} --snapshot {} -o {}",
                file.display(),
                file.display(),
                info.id,
                path.display()
            ),
            None => format!(
                "made in the Planner view from an unsaved workload list; save it to a file and run \
                 `edge-atlas report FILE --snapshot {} -o {}` to make it again",
                info.id,
                path.display()
            ),
        },
        snapshot: Some(SnapshotNote::new(info, &now)),
        measured_rtts: None,
        paper: Default::default(),
    };
    let catalogs = catalogs()?;
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
