//! `diff A B` as CSV, for spreadsheets: one row per entity added or removed, one per field
//! changed (its dotted path, the value before and after as JSON writes it, strings bare), and
//! one per entity a sync could not read (set apart, never a change). Cells that look like
//! formulas are made inert as in every CSV Edge Atlas writes.

use serde_json::Value;

use super::ExportError;
use crate::diff::{DiffSide, EstateDiff};
use crate::report::csv_rows::inert;

/// The columns, in order.
pub const COLUMNS: [&str; 6] = ["change", "kind", "id", "field", "before", "after"];

fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(text) => inert(text),
        other => other.to_string(),
    }
}

/// The CSV of `diff`.
pub fn diff_to_csv(diff: &EstateDiff) -> Result<Vec<u8>, ExportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for (change, keys) in [("added", &diff.added), ("removed", &diff.removed)] {
        for key in keys {
            writer.write_record([change, key.kind.as_str(), &inert(&key.id), "", "", ""])?;
        }
    }
    for entity in &diff.changed {
        for field in &entity.fields {
            writer.write_record([
                "changed",
                entity.kind.as_str(),
                &inert(&entity.id),
                &inert(&field.field),
                &text(&field.before),
                &text(&field.after),
            ])?;
        }
    }
    for gap in &diff.not_fetched {
        let side = match gap.snapshot {
            DiffSide::From => "not fetched in the older snapshot",
            DiffSide::To => "not fetched in the newer snapshot",
        };
        for id in &gap.ids {
            writer.write_record([
                side,
                gap.kind.as_str(),
                &inert(id),
                "",
                "",
                &inert(&gap.warning),
            ])?;
        }
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}
