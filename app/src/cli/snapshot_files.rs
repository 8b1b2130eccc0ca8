//! `edge-atlas export-snapshot` and `import-snapshot`: a stored snapshot to a snapshot file and
//! back, through the library's `workspace` functions the app's File menu also calls, so both
//! refuse the same files with the same words.

use std::io::Write;
use std::path::Path;

use edge_atlas::store::{SnapshotId, Store};
use edge_atlas::workspace::{export_snapshot_file, import_snapshot_file};
use serde_json::json;

/// `edge-atlas export-snapshot ID -o FILE`.
pub fn export(
    store: &Store,
    id: SnapshotId,
    output: &Path,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let count = export_snapshot_file(store, id, output)?;
    writeln!(
        out,
        "Wrote snapshot {id} ({count} entities) to {}",
        output.display()
    )?;
    Ok(())
}

/// `edge-atlas import-snapshot FILE`.
pub fn import(
    store: &mut Store,
    file: &Path,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let imported = import_snapshot_file(store, file)?;
    let id = imported.snapshot_id;
    if json {
        writeln!(out, "{}", json!({ "id": id }))?;
    } else {
        writeln!(
            out,
            "Imported {} as snapshot {id} ({} entities)",
            file.display(),
            imported.entity_count
        )?;
    }
    Ok(())
}
