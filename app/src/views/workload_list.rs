//! The Planner view's list of workloads: a workload file open in a table (one row per
//! `[[workload]]`, the recommendation of the last plan beside each), opened from a path, a
//! native dialog or a file dropped on the view, and saved back with its comments kept
//! ([`WorkloadFile`]). Adding, duplicating and removing rows and selecting the one the form
//! edits are actions the Planner view carries out, since they move what the form shows.
//! Unsaved edits are never lost silently: opening another file over them asks to be pressed
//! twice. Files are written atomically; what happened is said under the table.

use std::path::{Path, PathBuf};

use edge_atlas::planner::workload::WorkloadFields;
use edge_atlas::planner::workload_file::WorkloadFile;
use eframe::egui;

/// What the user asked of the list this frame, for the Planner view to carry out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListAction {
    /// Edit another row.
    Select(usize),
    /// Add a workload after the others.
    Add,
    /// Copy the selected workload.
    Duplicate,
    /// Remove the selected workload.
    Remove,
    /// Another file was opened: the form shows its first workload.
    Opened,
}

/// The workload file the Planner view edits.
pub struct WorkloadList {
    file: WorkloadFile,
    /// Where Open and Save go.
    path: String,
    selected: usize,
    /// Edited since opened or saved.
    dirty: bool,
    /// Open was pressed over unsaved edits once: the next press discards them.
    discard_armed: bool,
    /// What the last open or save did.
    message: Option<Result<String, String>>,
    /// The file last opened or saved.
    on_disk: Option<PathBuf>,
}

/// Where workload files go by default: the user's documents folder, else the working directory.
fn default_path() -> String {
    directories::UserDirs::new()
        .and_then(|dirs| dirs.document_dir().map(|d| d.join("workloads.toml")))
        .unwrap_or_else(|| PathBuf::from("workloads.toml"))
        .display()
        .to_string()
}

impl WorkloadList {
    /// A new, unsaved file holding `first`.
    pub fn new(first: &WorkloadFields) -> WorkloadList {
        let mut file = WorkloadFile::new();
        file.add(first);
        WorkloadList {
            file,
            path: default_path(),
            selected: 0,
            dirty: false,
            discard_armed: false,
            message: None,
            on_disk: None,
        }
    }

    /// The file as it stands.
    pub fn file(&self) -> &WorkloadFile {
        &self.file
    }

    /// The file the list was last opened from or saved to, if it has not changed since.
    pub fn source(&self) -> Option<PathBuf> {
        self.on_disk.clone().filter(|_| !self.dirty)
    }

    /// The row the form edits.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Makes `index` the row the form edits (kept inside the list).
    pub fn select(&mut self, index: usize) {
        self.selected = index.min(self.file.len().saturating_sub(1));
    }

    /// The selected row's fields, if the file has any rows.
    pub fn selected_fields(&self) -> Option<WorkloadFields> {
        self.file.fields(self.selected)
    }

    /// Writes the form's fields into the selected row (the file is then unsaved if they
    /// changed it).
    pub fn set_selected_fields(&mut self, fields: &WorkloadFields) {
        let before = self.file.to_text();
        if self.file.is_empty() {
            self.file.add(fields);
        } else {
            self.file.set_fields(self.selected, fields);
        }
        self.mark_changed(&before);
    }

    /// Adds `fields` as a new row and selects it.
    pub fn add(&mut self, fields: &WorkloadFields) {
        let before = self.file.to_text();
        self.selected = self.file.add(fields);
        self.mark_changed(&before);
    }

    /// Copies the selected row and selects the copy.
    pub fn duplicate(&mut self) {
        let before = self.file.to_text();
        if let Some(index) = self.file.duplicate(self.selected) {
            self.selected = index;
        }
        self.mark_changed(&before);
    }

    /// Removes the selected row; the one after it (or the new last) is selected.
    pub fn remove(&mut self) {
        let before = self.file.to_text();
        self.file.remove(self.selected);
        self.select(self.selected);
        self.mark_changed(&before);
    }

    fn mark_changed(&mut self, before: &str) {
        if self.file.to_text() != before {
            self.dirty = true;
            self.discard_armed = false;
        }
    }

    /// Opens the workload file at `path`: on success it replaces the list (unless it has
    /// unsaved edits and this is the first try); on failure the list is kept and the error
    /// says what is wrong. Returns whether it was opened.
    pub fn open(&mut self, path: &Path) -> bool {
        if self.dirty && !self.discard_armed {
            self.discard_armed = true;
            self.message = Some(Err(
                "the list has unsaved changes: save them, or open again to discard them".to_owned(),
            ));
            return false;
        }
        let opened = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .and_then(|text| {
                WorkloadFile::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
            });
        match opened {
            Ok(file) => {
                self.message = Some(Ok(format!(
                    "opened {} ({} workloads)",
                    path.display(),
                    file.len()
                )));
                self.file = file;
                self.path = path.display().to_string();
                self.on_disk = Some(path.to_path_buf());
                self.selected = 0;
                self.dirty = false;
                self.discard_armed = false;
                true
            }
            Err(error) => {
                self.message = Some(Err(error));
                false
            }
        }
    }

    /// Saves the list to `path` (atomically: a failure leaves the old file whole).
    pub fn save(&mut self, path: &Path) {
        let text = self.file.to_text();
        self.message = Some(
            match edge_atlas::report::write_atomically(path, text.as_bytes()) {
                Ok(()) => {
                    self.path = path.display().to_string();
                    self.on_disk = Some(path.to_path_buf());
                    self.dirty = false;
                    self.discard_armed = false;
                    Ok(format!(
                        "saved {} ({} workloads)",
                        path.display(),
                        self.file.len()
                    ))
                }
                Err(error) => Err(format!(
                    "{error}: {}",
                    std::error::Error::source(&error).map_or(String::new(), ToString::to_string)
                )),
            },
        );
    }

    /// Draws the file's controls and the table; `outcome` gives a row's result of the last
    /// plan (by workload name). Returns what the user asked for.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        outcome: &dyn Fn(&str) -> Option<String>,
    ) -> Option<ListAction> {
        let mut action = None;
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("workload file");
            ui.add(egui::TextEdit::singleline(&mut self.path).desired_width(320.0))
                .labelled_by(label.id);
            if ui
                .button("Open")
                .on_hover_text("read the workload file at this path")
                .clicked()
            {
                let path = PathBuf::from(self.path.trim());
                if self.open(&path) {
                    action = Some(ListAction::Opened);
                }
            }
            if ui
                .button("Save")
                .on_hover_text("write the list to this path, comments kept")
                .clicked()
            {
                let path = PathBuf::from(self.path.trim());
                self.save(&path);
            }
            if ui.button("Open…").clicked()
                && let Some(path) = dialog().pick_file()
                && self.open(&path)
            {
                action = Some(ListAction::Opened);
            }
            if ui.button("Save as…").clicked()
                && let Some(path) = dialog().set_file_name("workloads.toml").save_file()
            {
                self.save(&path);
            }
            if self.dirty {
                ui.colored_label(ui.visuals().warn_fg_color, "unsaved changes");
            }
        });
        match &self.message {
            Some(Ok(message)) => {
                ui.label(message);
            }
            Some(Err(error)) => {
                ui.colored_label(ui.visuals().error_fg_color, error);
            }
            None => {}
        }
        ui.horizontal(|ui| {
            if ui.button("Add workload").clicked() {
                action = Some(ListAction::Add);
            }
            let any = !self.file.is_empty();
            if ui
                .add_enabled(any, egui::Button::new("Duplicate"))
                .clicked()
            {
                action = Some(ListAction::Duplicate);
            }
            if ui.add_enabled(any, egui::Button::new("Remove")).clicked() {
                action = Some(ListAction::Remove);
            }
        });
        egui::Grid::new("workload-list")
            .striped(true)
            .num_columns(6)
            .show(ui, |ui| {
                for header in [
                    "workload",
                    "users",
                    "budget, ms",
                    "clients",
                    "vCPUs",
                    "where it should run",
                ] {
                    ui.strong(header);
                }
                ui.end_row();
                for (index, row) in self.file.rows().iter().enumerate() {
                    let name = if row.name.is_empty() {
                        "(no name)"
                    } else {
                        row.name.as_str()
                    };
                    if ui
                        .selectable_label(index == self.selected, name)
                        .on_hover_text("edit this workload in the form below")
                        .clicked()
                        && index != self.selected
                    {
                        action = Some(ListAction::Select(index));
                    }
                    ui.label(row.users.join("; "));
                    ui.label(row.latency_ms.to_string());
                    ui.label(&row.clients);
                    ui.label(if row.vcpus > 0.0 {
                        row.vcpus.to_string()
                    } else {
                        String::new()
                    });
                    ui.label(outcome(&row.name).unwrap_or_default());
                    ui.end_row();
                }
            });
        action
    }
}

/// The native file dialog for workload files.
fn dialog() -> rfd::FileDialog {
    rfd::FileDialog::new()
        .set_title("Workload file")
        .add_filter("workload file", &["toml"])
}
