//! The Inventory view: one sortable, filterable table per entity kind, every top-level field a
//! column (nested ones as compact JSON), virtualised so only the rows on screen are laid out.
//! A click on a cell copies it; the row's "copy" copies the row as tab-separated text (cells
//! holding a tab, a newline or a quote quoted, so spreadsheets paste one row), and its
//! id selects the entity for the details panel. A large kind's table is built a slice per frame
//! behind a progress bar, so opening 200,000 records never freezes the window.

use std::cmp::Ordering;

use edge_atlas::model::EntityKind;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

use crate::account_picker::account_picker;
use crate::selection::Selection;
use crate::workspace::Workspace;

/// Columns shown at most (the rest are in the details panel).
const MAX_COLUMNS: usize = 40;

/// Time a frame spends building a large table before it shows its progress.
const FRAME_BUDGET: std::time::Duration = std::time::Duration::from_millis(30);

/// One kind's records as text, ready to show.
struct Table {
    kind: EntityKind,
    snapshot_id: i64,
    columns: Vec<String>,
    rows: Vec<Vec<String>>,
    ids: Vec<String>,
}

/// What the row order depends on: the filter, the account, the sort, the kind and the snapshot.
type OrderKey = (
    String,
    Option<String>,
    Option<(usize, bool)>,
    EntityKind,
    i64,
);

/// The kind shown, its table, the filter and the sort order.
pub struct InventoryView {
    kind: EntityKind,
    table: Option<Table>,
    /// The table being built, when it takes more than a frame.
    building: Option<Building>,
    filter: String,
    /// Only the rows read in this account (an organisation's snapshot), if set.
    account: Option<String>,
    sort: Option<(usize, bool)>,
    /// Row numbers shown, filtered and sorted; rebuilt when any of those change.
    order: Vec<usize>,
    order_for: Option<OrderKey>,
    copied: Option<String>,
}

impl InventoryView {
    /// The view opened on `kind` (its table is built when first drawn).
    pub fn of_kind(kind: EntityKind) -> InventoryView {
        InventoryView {
            kind,
            ..InventoryView::default()
        }
    }
}

impl InventoryView {
    /// Whether a table is still being built (a frame at a time).
    pub fn is_building(&self) -> bool {
        self.building.is_some()
    }
}

impl Default for InventoryView {
    fn default() -> Self {
        InventoryView {
            kind: EntityKind::Outpost,
            table: None,
            building: None,
            filter: String::new(),
            account: None,
            sort: None,
            order: Vec::new(),
            order_for: None,
            copied: None,
        }
    }
}

impl InventoryView {
    /// The kind the table shows (what "Export inventory as CSV" writes).
    pub fn kind(&self) -> EntityKind {
        self.kind
    }

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
            if !workspace.accounts.is_empty() {
                account_picker(ui, &mut self.account, &workspace.accounts);
            } else {
                self.account = None;
            }
            if let Some(copied) = &self.copied {
                ui.label(egui::RichText::new(format!("copied: {copied}")).weak());
            }
        });
        let current = |t: &Table| t.kind == self.kind && t.snapshot_id == workspace.info.id;
        if !self.table.as_ref().is_some_and(current) {
            if !self.building.as_ref().is_some_and(|b| current(&b.table)) {
                self.building = Some(Building::new(workspace, self.kind));
                self.sort = None;
            }
            if let Some(building) = &mut self.building {
                if building.step(workspace, FRAME_BUDGET) {
                    self.table = self.building.take().map(|b| b.table);
                } else {
                    ui.add(
                        egui::ProgressBar::new(building.next as f32 / building.total.max(1) as f32)
                            .text(format!(
                                "reading {} of {} {} records",
                                building.next,
                                building.total,
                                self.kind.as_str()
                            )),
                    );
                    ui.ctx().request_repaint();
                    return;
                }
            }
        }
        let Some(table) = &self.table else {
            return;
        };
        let key = (
            self.filter.clone(),
            self.account.clone(),
            self.sort,
            table.kind,
            table.snapshot_id,
        );
        if self.order_for.as_ref() != Some(&key) {
            self.order = order(table, &self.filter, self.account.as_deref(), self.sort);
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
                                copy = Some(tab_separated(&table.rows[record]));
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

/// A kind's table being built a slice per frame, so a kind of 200,000 records never freezes
/// the window: each record is turned into its row and dropped, within a time budget per frame.
struct Building {
    table: Table,
    next: usize,
    total: usize,
}

impl Building {
    /// Starts `kind`'s table: the columns from its first record (every record of a kind has the
    /// same fields), the id first, then the name, then the rest alphabetically.
    fn new(workspace: &Workspace, kind: EntityKind) -> Building {
        let id_field = kind.id_field();
        let mut columns: Vec<String> = workspace
            .estate
            .entity(kind, 0)
            .and_then(|entity| entity.to_value().ok())
            .and_then(|record| {
                record
                    .as_object()
                    .map(|object| object.keys().cloned().collect())
            })
            .unwrap_or_default();
        let rank = |name: &str| match name {
            n if n == id_field => 0,
            "name" => 1,
            _ => 2,
        };
        columns.sort_by(|a, b| rank(a).cmp(&rank(b)).then(a.cmp(b)));
        columns.truncate(MAX_COLUMNS);
        let total = workspace.estate.count(kind);
        Building {
            table: Table {
                kind,
                snapshot_id: workspace.info.id,
                columns,
                rows: Vec::with_capacity(total),
                ids: Vec::with_capacity(total),
            },
            next: 0,
            total,
        }
    }

    /// Adds rows until `budget` has passed; `true` once every record is in.
    fn step(&mut self, workspace: &Workspace, budget: std::time::Duration) -> bool {
        let started = std::time::Instant::now();
        let kind = self.table.kind;
        let id_field = kind.id_field();
        let text = |value: Option<&serde_json::Value>| match value {
            None | Some(serde_json::Value::Null) => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        while self.next < self.total {
            if let Some(record) = workspace
                .estate
                .entity(kind, self.next)
                .and_then(|entity| entity.to_value().ok())
            {
                self.table.ids.push(text(record.get(id_field)));
                let row = self
                    .table
                    .columns
                    .iter()
                    .map(|name| text(record.get(name)))
                    .collect();
                self.table.rows.push(row);
            }
            self.next += 1;
            // Checking the clock every 256 rows keeps its cost out of the loop.
            if self.next.is_multiple_of(256) && started.elapsed() >= budget {
                break;
            }
        }
        self.next >= self.total
    }
}

/// The rows matching `filter` (case-insensitive, any column), sorted by `sort` (numbers as
/// numbers).
fn order(
    table: &Table,
    filter: &str,
    account: Option<&str>,
    sort: Option<(usize, bool)>,
) -> Vec<usize> {
    let needle = filter.trim().to_lowercase();
    let account_column = table.columns.iter().position(|name| name == "account_id");
    let in_account = |row: &[String]| match (account, account_column) {
        (None, _) => true,
        (Some(wanted), Some(column)) => row[column] == wanted,
        (Some(_), None) => false,
    };
    let mut rows: Vec<usize> = (0..table.rows.len())
        .filter(|i| {
            in_account(&table.rows[*i])
                && (needle.is_empty()
                    || table.rows[*i]
                        .iter()
                        .any(|cell| cell.to_lowercase().contains(&needle)))
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

/// `cells` as one line of tab-separated values: a cell holding a tab, a newline or a double
/// quote is quoted (CSV's rules with a tab delimiter), so a pasted row stays one row.
pub fn tab_separated(cells: &[String]) -> String {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b'\t')
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    if writer.write_record(cells).is_err() {
        return cells.join("\t");
    }
    let bytes = writer.into_inner().unwrap_or_default();
    let mut text = String::from_utf8(bytes).unwrap_or_else(|_| cells.join("\t"));
    if text.ends_with('\n') {
        text.pop();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copied_row_quotes_tabs_and_newlines_inside_cells() {
        let cells = vec![
            "op-1".to_owned(),
            "two\tcolumns".to_owned(),
            "two\nlines".to_owned(),
            "say \"hi\"".to_owned(),
            String::new(),
        ];
        let text = tab_separated(&cells);
        assert_eq!(
            text,
            "op-1\t\"two\tcolumns\"\t\"two\nlines\"\t\"say \"\"hi\"\"\"\t"
        );
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(b'\t')
            .has_headers(false)
            .from_reader(text.as_bytes());
        let read: Vec<String> = reader
            .records()
            .next()
            .expect("a row")
            .expect("parses")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(read, cells);
    }

    #[test]
    fn a_table_built_slice_by_slice_is_every_record_in_order() {
        let demo = edge_atlas::demo::generate(3, 0).expect("demo");
        let workspace = Workspace::unstored(demo.meta, demo.estate, demo.overlay);
        let kind = EntityKind::Asset;
        let mut building = Building::new(&workspace, kind);
        let mut steps = 1;
        // No time at all per frame: one slice of 256 records each.
        while !building.step(&workspace, std::time::Duration::ZERO) {
            steps += 1;
        }
        let total = workspace.estate.count(kind);
        assert!(total > 512, "{total} assets");
        assert_eq!(steps, total.div_ceil(256));
        let table = building.table;
        assert_eq!(table.rows.len(), total);
        assert_eq!(table.columns[0], "asset_id");
        let ids: Vec<&str> = workspace
            .estate
            .assets
            .iter()
            .map(|a| a.asset_id.as_str())
            .collect();
        assert_eq!(table.ids, ids);
        let rack = table
            .columns
            .iter()
            .position(|c| c == "rack_id")
            .expect("rack_id column");
        assert_eq!(table.rows[300][rack], workspace.estate.assets[300].rack_id);
    }

    #[test]
    fn the_account_filter_keeps_that_accounts_rows_and_the_text_filter_still_applies() {
        let mut demo = edge_atlas::demo::demo().expect("demo");
        let member = "210000000001";
        demo.estate.vpcs[0].account_id = member.to_owned();
        demo.estate.vpcs[1].account_id = member.to_owned();
        let workspace = Workspace::unstored(demo.meta, demo.estate, demo.overlay);
        let mut building = Building::new(&workspace, EntityKind::Vpc);
        while !building.step(&workspace, std::time::Duration::from_secs(1)) {}
        let table = building.table;
        assert_eq!(order(&table, "", Some(member), None), [0, 1]);
        assert_eq!(
            order(&table, "", None, None).len(),
            workspace.estate.vpcs.len()
        );
        let second = workspace.estate.vpcs[1].vpc_id.clone();
        assert_eq!(order(&table, &second, Some(member), None), [1]);
        assert!(order(&table, "", Some("999999999999"), None).is_empty());
    }
}
