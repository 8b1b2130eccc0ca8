//! A kind's inventory records as CSV: the Inventory view's columns first, then every other
//! field of the records, nested objects flattened with dotted names (`tags.Name`,
//! `rack_physical_properties.power_draw_kva`), lists as JSON text. A string cell starting with
//! `=`, `+`, `-`, `@`, tab or carriage return gets a leading apostrophe so no spreadsheet runs
//! it as a formula (its text kept); numbers and booleans are written as JSON writes them.

use serde_json::Value;

use super::ExportError;
use crate::report::csv_rows::inert;

/// Flattens `value` under `prefix` into `(column, cell)` pairs, in the record's order.
fn flatten(prefix: &str, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Object(members) if !members.is_empty() => {
            for (key, member) in members {
                let name = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&name, member, out);
            }
        }
        Value::Object(_) | Value::Null => out.push((prefix.to_owned(), String::new())),
        Value::String(text) => out.push((prefix.to_owned(), inert(text))),
        Value::Array(_) | Value::Number(_) | Value::Bool(_) => {
            out.push((prefix.to_owned(), value.to_string()));
        }
    }
}

/// The CSV of `records`, `view_columns` (the Inventory view's) first.
pub fn records_to_csv(records: &[Value], view_columns: &[&str]) -> Result<Vec<u8>, ExportError> {
    let rows: Vec<Vec<(String, String)>> = records
        .iter()
        .map(|record| {
            let mut cells = Vec::new();
            flatten("", record, &mut cells);
            cells
        })
        .collect();
    let mut columns: Vec<String> = view_columns.iter().map(|c| (*c).to_owned()).collect();
    for row in &rows {
        for (column, _) in row {
            if !columns.contains(column) {
                columns.push(column.clone());
            }
        }
    }
    // A view column every record nests (`tags` with members) is only its dotted members; one
    // no record has stays, empty, as the view shows it.
    let nested: Vec<bool> = columns
        .iter()
        .map(|column| {
            let dotted = format!("{column}.");
            columns.iter().any(|other| other.starts_with(&dotted))
                && !rows
                    .iter()
                    .any(|row| row.iter().any(|(name, _)| name == column))
        })
        .collect();
    let mut keep = nested.into_iter().map(|nested| !nested);
    columns.retain(|_| keep.next().unwrap_or(true));
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&columns)?;
    for row in &rows {
        writer.write_record(columns.iter().map(|column| {
            row.iter()
                .find(|(name, _)| name == column)
                .map_or("", |(_, cell)| cell.as_str())
        }))?;
    }
    writer
        .into_inner()
        .map_err(|e| ExportError::Csv(csv::Error::from(e.into_error())))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_fields_are_dotted_and_formulas_inert() {
        let records = vec![
            json!({"id": "op-1", "name": "=cmd|' /C calc'!A0", "tags": {"Name": "a", "env": "-x"}, "lat": -12.5, "ids": ["a", "b"]}),
            json!({"id": "op-2", "name": "plain", "tags": {}, "lat": 1}),
        ];
        let csv =
            String::from_utf8(records_to_csv(&records, &["id", "name", "tags"]).expect("csv"))
                .expect("utf-8");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .expect("headers")
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(
            headers,
            ["id", "name", "tags", "ids", "lat", "tags.Name", "tags.env"]
        );
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(&rows[0][1], "'=cmd|' /C calc'!A0");
        assert_eq!(&rows[0][6], "'-x");
        assert_eq!(&rows[0][4], "-12.5", "numbers are not formulas");
        assert_eq!(&rows[0][3], r#"["a","b"]"#);
        assert_eq!(&rows[1][2], "", "an empty object");
        assert_eq!(&rows[1][5], "");
    }
}
