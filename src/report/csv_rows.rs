//! The report as CSV: one row per workload and candidate, for spreadsheets and scripts. A text
//! cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
//! carriage return) is made inert by a leading apostrophe, its text kept ([`inert`]).

use super::{Report, ReportError, rtt_source_name};

/// The columns, in order.
pub const COLUMNS: [&str; 12] = [
    "workload",
    "rank",
    "recommended",
    "kind",
    "location",
    "location_name",
    "country",
    "rtt_ms",
    "rtt_source",
    "feasible",
    "reasons",
    "notes",
];

/// `text` as a cell no spreadsheet runs: a leading `=`, `+`, `-`, `@`, tab or carriage return
/// gets an apostrophe before it.
pub fn inert(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

/// The report as CSV.
pub fn render(report: &Report<'_, '_>) -> Result<Vec<u8>, ReportError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(COLUMNS)?;
    for section in &report.sections {
        let plan = section.plan;
        for (rank, c) in plan.candidates.iter().enumerate() {
            let recommended = plan
                .recommendation
                .as_ref()
                .is_some_and(|r| r.kind == c.kind && r.location == c.location);
            let reasons: Vec<String> = c.reasons.iter().map(ToString::to_string).collect();
            let notes: Vec<&str> = c.notes.iter().map(AsRef::as_ref).collect();
            writer.write_record([
                inert(&plan.name),
                (rank + 1).to_string(),
                recommended.to_string(),
                c.kind.label().to_owned(),
                inert(&c.location),
                inert(&report.place_name(c)),
                inert(c.country.as_deref().unwrap_or("")),
                c.rtt_ms.map_or(String::new(), |rtt| rtt.to_string()),
                rtt_source_name(c.rtt_source).to_owned(),
                c.feasible.to_string(),
                inert(&reasons.join("; ")),
                inert(&notes.join("; ")),
            ])?;
        }
    }
    writer
        .into_inner()
        .map_err(|error| ReportError::Csv(error.into_error().into()))
}
