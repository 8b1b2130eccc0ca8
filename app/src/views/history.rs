//! The History view: every snapshot in the database, and the difference between any two of them
//! (entities added, removed, and changed field by field), which can be highlighted in the graph.
//! It asks the shell for the list and the diffs ([`StorageRequest`]) and shows them when they come;
//! the snapshot on screen is not changed by it.

use edge_atlas::diff::{DiffSide, EstateDiff};
use edge_atlas::model::{SnapshotId, SnapshotInfo};
use eframe::egui;

use crate::commands::{CommandSender, StorageRequest};
use crate::selection::{Highlight, Selection};
use crate::workspace::Workspace;

/// Rows listed per section before "and N more".
const LISTED: usize = 300;

/// The snapshot list, the two chosen, and their difference.
#[derive(Default)]
pub struct HistoryView {
    snapshots: Option<Result<Vec<SnapshotInfo>, String>>,
    /// Whether the list has been asked for and not come yet.
    listing: bool,
    from: Option<SnapshotId>,
    to: Option<SnapshotId>,
    /// The comparison asked for and not come yet.
    comparing: Option<(SnapshotId, SnapshotId)>,
    result: Option<Result<(SnapshotId, SnapshotId, EstateDiff), String>>,
}

impl HistoryView {
    /// Forgets the list so the view asks for it again (after a sync or an import).
    pub fn refresh(&mut self) {
        self.snapshots = None;
        self.listing = false;
    }

    /// The snapshot list the shell read.
    pub fn snapshots_read(&mut self, snapshots: Result<Vec<SnapshotInfo>, String>) {
        self.snapshots = Some(snapshots);
        self.listing = false;
    }

    /// The comparison the shell made.
    pub fn compared(
        &mut self,
        from: SnapshotId,
        to: SnapshotId,
        result: Result<EstateDiff, String>,
    ) {
        if self.comparing == Some((from, to)) {
            self.comparing = None;
        }
        self.result = Some(result.map(|changes| (from, to, changes)));
    }

    /// Draws the view; the list and diffs are asked of the shell through `commands`.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        commands: &CommandSender,
        workspace: &Workspace,
        selection: &mut Selection,
        highlight: &mut Highlight,
    ) {
        if self.snapshots.is_none() && !self.listing {
            commands.send(StorageRequest::ListSnapshots);
            self.listing = true;
        }
        let list = match &self.snapshots {
            None => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Reading the snapshots...");
                });
                return;
            }
            Some(Ok(list)) => list.clone(),
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message.as_str());
                if ui.button("Try again").clicked() {
                    self.refresh();
                }
                return;
            }
        };
        if self.to.is_none() {
            self.to = list.last().map(|s| s.id);
            self.from = list.iter().rev().nth(1).map(|s| s.id);
        }
        ui.horizontal(|ui| {
            ui.heading(format!("History: {} snapshots", list.len()));
            if ui.button("Refresh").clicked() {
                self.refresh();
            }
        });
        ui.label("Pick the older snapshot (A) and the newer one (B), then compare.");
        egui::ScrollArea::vertical()
            .id_salt("history-snapshots")
            .max_height(220.0)
            .show(ui, |ui| {
                egui::Grid::new("history-grid")
                    .striped(true)
                    .num_columns(8)
                    .show(ui, |ui| {
                        for header in [
                            "A", "B", "id", "taken", "source", "account", "entities", "warnings",
                        ] {
                            ui.strong(header);
                        }
                        ui.end_row();
                        for info in list.iter().rev() {
                            ui.radio_value(&mut self.from, Some(info.id), "")
                                .on_hover_text(format!("compare from snapshot {}", info.id));
                            ui.radio_value(&mut self.to, Some(info.id), "")
                                .on_hover_text(format!("compare to snapshot {}", info.id));
                            ui.label(info.id.to_string());
                            let age =
                                edge_atlas::summary::age_text(&info.created_at).unwrap_or_default();
                            ui.label(format!("{} ({age})", info.created_at));
                            ui.label(&info.source);
                            let account = match (info.accounts.len(), &info.account_id) {
                                (count, _) if count > 1 => format!("{count} accounts"),
                                (_, Some(account)) => info.account_label(account),
                                (_, None) => "unknown".to_owned(),
                            };
                            ui.label(account);
                            ui.label(info.entity_count.to_string());
                            ui.label(info.warnings.len().to_string());
                            ui.end_row();
                        }
                    });
            });
        let ready = matches!((self.from, self.to), (Some(a), Some(b)) if a != b);
        if ui
            .add_enabled(ready, egui::Button::new("Compare A to B"))
            .clicked()
            && let (Some(from), Some(to)) = (self.from, self.to)
        {
            commands.send(StorageRequest::Diff { from, to });
            self.comparing = Some((from, to));
        }
        ui.separator();
        if let Some((from, to)) = self.comparing {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(format!("Comparing snapshot {from} to {to}..."));
            });
            return;
        }
        match &self.result {
            None => {
                ui.label("No comparison yet.");
            }
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message.as_str());
            }
            Some(Ok((from, to, changes))) => {
                changes_view(ui, *from, *to, changes, workspace, selection, highlight);
            }
        }
    }
}

fn changes_view(
    ui: &mut egui::Ui,
    from: SnapshotId,
    to: SnapshotId,
    changes: &EstateDiff,
    workspace: &Workspace,
    selection: &mut Selection,
    highlight: &mut Highlight,
) {
    ui.horizontal(|ui| {
        ui.strong(format!(
            "Snapshot {from} to {to}: {} added · {} removed · {} changed",
            changes.added.len(),
            changes.removed.len(),
            changes.changed.len()
        ));
        let present: Vec<_> = changes
            .added
            .iter()
            .map(|key| key.id.as_str())
            .chain(changes.changed.iter().map(|c| c.id.as_str()))
            .filter_map(|id| workspace.topology.find(id))
            .collect();
        if ui
            .add_enabled(!present.is_empty(), egui::Button::new("Highlight in graph"))
            .on_hover_text(
                "Highlights the added and changed entities present in the snapshot on screen",
            )
            .clicked()
        {
            highlight.set(format!("changes {from} to {to}"), present);
        }
    });
    if !changes.not_fetched.is_empty() {
        not_fetched_view(ui, from, to, changes);
    }
    if changes.is_empty() {
        ui.label("The two snapshots hold the same entities with the same fields.");
        return;
    }
    let mut link = |ui: &mut egui::Ui, id: &str| {
        if workspace.topology.find(id).is_some() {
            if ui.link(id).clicked() {
                selection.select(id.to_owned());
            }
        } else {
            ui.label(id);
        }
    };
    egui::ScrollArea::vertical()
        .id_salt("history-changes")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            for (title, keys) in [("Added", &changes.added), ("Removed", &changes.removed)] {
                egui::CollapsingHeader::new(format!("{title} ({})", keys.len()))
                    .default_open(true)
                    .show(ui, |ui| {
                        for key in keys.iter().take(LISTED) {
                            ui.horizontal(|ui| {
                                ui.label(egui::RichText::new(key.kind.as_str()).weak());
                                link(ui, &key.id);
                            });
                        }
                        if keys.len() > LISTED {
                            ui.label(format!("and {} more", keys.len() - LISTED));
                        }
                    });
            }
            egui::CollapsingHeader::new(format!("Changed ({})", changes.changed.len()))
                .default_open(true)
                .show(ui, |ui| {
                    for entity in changes.changed.iter().take(LISTED) {
                        ui.horizontal(|ui| {
                            ui.label(egui::RichText::new(entity.kind.as_str()).weak());
                            link(ui, &entity.id);
                        });
                        for field in &entity.fields {
                            ui.label(format!(
                                "    {}: {} -> {}",
                                field.field, field.before, field.after
                            ));
                        }
                    }
                    if changes.changed.len() > LISTED {
                        ui.label(format!("and {} more", changes.changed.len() - LISTED));
                    }
                });
        });
}

/// What either snapshot's sync could not read: set apart from the changes, with the warning.
fn not_fetched_view(ui: &mut egui::Ui, from: SnapshotId, to: SnapshotId, changes: &EstateDiff) {
    let set_apart: usize = changes.not_fetched.iter().map(|gap| gap.ids.len()).sum();
    egui::CollapsingHeader::new(format!(
        "Not fetched ({} gaps, {set_apart} entities set apart, not counted as changes)",
        changes.not_fetched.len()
    ))
    .id_salt("history-not-fetched")
    .default_open(true)
    .show(ui, |ui| {
        for gap in &changes.not_fetched {
            let snapshot = match gap.snapshot {
                DiffSide::From => from,
                DiffSide::To => to,
            };
            let place = match (&gap.region, &gap.outpost_id) {
                (Some(region), Some(outpost)) => format!(" in {region} on {outpost}"),
                (Some(region), None) => format!(" in {region}"),
                (None, _) => String::new(),
            };
            ui.label(
                egui::RichText::new(format!(
                    "{} not fetched in snapshot {snapshot}{place} ({} set apart)",
                    gap.kind,
                    gap.ids.len()
                ))
                .color(ui.visuals().warn_fg_color),
            )
            .on_hover_text(&gap.warning);
            ui.label(egui::RichText::new(format!("    {}", gap.warning)).weak());
        }
    });
}
