//! The Inventory view: one sortable, filterable table per entity kind, every top-level field a
//! column (nested ones as compact JSON), virtualised so only the rows on screen are laid out.
//! A click on a cell copies it; the row's "copy" copies the row as tab-separated text, and its
//! id selects the entity for the details panel.

use std::cmp::Ordering;

use edge_atlas::model::EntityKind;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::selection::Selection;
use crate::workspace::Workspace;

/// Columns shown at most (the rest are in the details panel).
const MAX_COLUMNS: usize = 40;

/// One kind's records as text, ready to show.
struct Table {
    kind: EntityKind,
    snapshot_id: i64,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    ids: Vec<String>,
}

/// What the row order depends on: the filter, the sort, the kind and the snapshot.
type OrderKey = (String, Option<(usize, bool)>, EntityKind, i64);

/// The kind shown, its table, the filter and the sort order.
pub struct InventoryView {
    kind: EntityKind,
    table: Option<Table>,
    filter: String,
    sort: Option<(usize, bool)>,
    /// Row numbers shown, filtered and sorted; rebuilt when any of those change.
    order: Vec<usize>,
    order_for: Option<OrderKey>,
    copied: Option<String>,
}

impl Default for InventoryView {
    fn default() -> Self {
        InventoryView {
            kind: EntityKind::Outpost,
            table: None,
            filter: String::new(),
            sort: None,
            order: Vec::new(),
            order_for: None,
            copied: None,
        }
    }
}

impl InventoryView {
    /// Draws the view for `workspace`'s snapshot.
    pub fn show(&mut self, ui: &mut egui::Ui, workspace: &Workspace, selection: &mut Selection) {
        ui.horizontal_wrapped(|ui| {
            egui::ComboBox::from_label("Kind")
                .selected_text(format!(
                    "{} ({})",
                    self.kind.as_str(),
                    workspace.estate.count(self.kind)
                ))
                .show_ui(ui, |ui| {
                    for kind in EntityKind::ALL {
                        ui.selectable_value(
                            &mut self.kind,
                            *kind,
                            format!("{} ({})", kind.as_str(), workspace.estate.count(*kind)),
                        );
                    }
                });
            let label = ui.label("Filter");
            ui.add(
                egui::TextEdit::singleline(&mut self.filter)
                    .hint_text("any column contains...")
                    .desired_width(220.0),
            )
            .labelled_by(label.id);
            if let Some(copied) = &self.copied {
                ui.label(egui::RichText::new(format!("copied: {copied}")).weak());
            }
        });
        let stale = self
            .table
            .as_ref()
            .is_none_or(|t| t.kind != self.kind || t.snapshot_id != workspace.info.id);
        if stale {
            self.table = Some(build(workspace, self.kind));
            self.sort = None;
        }
        let Some(table) = &self.table else {
            return;
        };
        let key = (
            self.filter.clone(),
            self.sort,
            table.kind,
            table.snapshot_id,
        );
        if self.order_for.as_ref() != Some(&key) {
            self.order = order(table, &self.filter, self.sort);
            self.order_for = Some(key);
        }
        ui.label(format!(
            "{} of {} {} rows · click a header to sort, a cell to copy it",
            self.order.len(),
            table.rows.len(),
            table.kind.as_str()
        ));
        let mut clicked_header = None;
        let mut copy = None;
        let mut select = None;
        egui::ScrollArea::horizontal().show(ui, |ui| {
            TableBuilder::new(ui)
                .id_salt(("inventory", table.kind.as_str()))
                .striped(true)
                .resizable(true)
                .column(Column::exact(44.0))
                .columns(
                    Column::initial(150.0).at_least(40.0).clip(true),
                    table.columns.len(),
                )
                .header(22.0, |mut header| {
                    header.col(|ui| {
                        ui.strong("row");
                    });
                    for (index, name) in table.columns.iter().enumerate() {
                        header.col(|ui| {
                            let arrow = match self.sort {
                                Some((column, true)) if column == index => " ^",
                                Some((column, false)) if column == index => " v",
                                _ => "",
                            };
                            if ui.button(format!("{name}{arrow}")).clicked() {
                                clicked_header = Some(index);
                            }
                        });
                    }
                })
                .body(|body| {
                    body.rows(20.0, self.order.len(), |mut row| {
                        let record = self.order[row.index()];
                        row.col(|ui| {
                            if ui
                                .small_button("copy")
                                .on_hover_text("Copy the row (tab-separated)")
                                .clicked()
                            {
                                copy = Some(table.rows[record].join("\t"));
                            }
                        });
                        for (column, value) in table.rows[record].iter().enumerate() {
                            row.col(|ui| {
                                let is_id = table.columns[column] == table.kind.id_field();
                                let response = if is_id {
                                    ui.link(value.as_str())
                                } else {
                                    ui.add(
                                        egui::Label::new(value.as_str())
                                            .truncate()
                                            .sense(egui::Sense::click()),
                                    )
                                };
                                if response.clicked() {
                                    if is_id {
                                        select = Some(table.ids[record].clone());
                                    }
                                    copy = Some(value.clone());
                                }
                            });
                        }
                    });
                });
        });
        if clicked_header.is_some() {
            ui.ctx().request_repaint();
        }
        if let Some(column) = clicked_header {
            self.sort = match self.sort {
                Some((current, ascending)) if current == column => Some((column, !ascending)),
                _ => Some((column, true)),
            };
        }
        if let Some(text) = copy {
            ui.ctx().copy_text(text.clone());
            self.copied = Some(text.chars().take(60).collect());
            // The note above the table was drawn before the click: show it now.
            ui.ctx().request_repaint();
        }
        if let Some(id) = select {
            selection.select(id);
        }
    }
}

/// One kind's records flattened to text: the id column first, then the others by name.
fn build(workspace: &Workspace, kind: EntityKind) -> Table {
    let records = workspace.estate.records(kind);
    let id_field = kind.id_field();
    let mut names: Vec<String> = Vec::new();
    for record in &records {
        if let Some(object) = record.as_object() {
            for name in object.keys() {
                if !names.contains(name) {
                    names.push(name.clone());
                }
            }
        }
        if names.len() >= MAX_COLUMNS * 2 {
            break;
        }
    }
    // The id, then the name when there is one, then the rest alphabetically.
    let rank = |name: &str| match name {
        n if n == id_field => 0,
        "name" => 1,
        _ => 2,
    };
    names.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
    names.truncate(MAX_COLUMNS);
    let text = |value: Option<&serde_json::Value>| match value {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let mut ids = Vec::with_capacity(records.len());
    let rows = records
        .iter()
        .map(|record| {
            ids.push(text(record.get(id_field)));
            names.iter().map(|name| text(record.get(name))).collect()
        })
        .collect();
    Table {
        kind,
        snapshot_id: workspace.info.id,
        columns: names,
        rows,
        ids,
    }
}

/// The rows matching `filter` (case-insensitive, any column), sorted by `sort` (numbers as
/// numbers).
fn order(table: &Table, filter: &str, sort: Option<(usize, bool)>) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let mut rows: Vec<usize> = (0..table.rows.len())
        .filter(|i| {
            needle.is_empty()
                || table.rows[*i]
                    .iter()
                    .any(|cell| cell.to_lowercase().contains(&needle))
        })
        .collect();
    if let Some((column, ascending)) = sort {
        rows.sort_by(|a, b| {
            let (x, y) = (&table.rows[*a][column], &table.rows[*b][column]);
            let ordering = match (x.parse::<f64>(), y.parse::<f64>()) {
                (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
                _ => x.cmp(y),
            };
            if ascending {
                ordering
            } else {
                ordering.reverse()
            }
        });
    }
    rows
}
