//! The report as JSON: the `plan --json` object with its top-level keys unchanged
//! (`parameters`, `sources`, `workloads`) plus a `report` member: the version, when it was
//! made, the command that makes it again, the snapshot and what needs a decision.

use serde_json::{Value, json};

use super::{Report, ReportError};

/// The report as JSON.
pub fn render(report: &Report<'_, '_>) -> Result<Vec<u8>, ReportError> {
    let mut object = serde_json::to_value(report.plan)?;
    if let Value::Object(members) = &mut object {
        members.insert(
            "report".to_owned(),
            json!({
                "version": report.meta.version,
                "generated_at": report.meta.generated_at,
                "command": report.meta.command,
                "snapshot": report.meta.snapshot,
                "measured_rtts": report.meta.measured_rtts,
                "decisions": report.decisions(),
            }),
        );
    }
    let mut bytes = serde_json::to_vec_pretty(&object)?;
    bytes.push(b'\n');
    Ok(bytes)
}
