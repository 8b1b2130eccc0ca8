//! What the command-line suites share: `edge-atlas ARGS` run through the library exactly as
//! the binary runs it, its output as text or JSON.

use std::path::Path;

use clap::Parser;
use edge_atlas_app::cli::{Cli, run};
use serde_json::Value;

/// Runs `edge-atlas ARGS` against `db` and returns its output, or the error's message.
pub fn edge_atlas(db: &Path, args: &[&str]) -> Result<String, String> {
    let mut argv = vec!["edge-atlas", "--db", db.to_str().expect("utf-8 path")];
    argv.extend_from_slice(args);
    let cli = Cli::try_parse_from(argv).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let command = cli.command.as_ref().ok_or("no subcommand")?;
    run(cli.db.as_deref().expect("db"), command, &mut out).map_err(|e| format!("{e:#}"))?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// Runs `edge-atlas ARGS` and parses its output as JSON; panics with the output otherwise.
pub fn json(db: &Path, args: &[&str]) -> Value {
    let text = edge_atlas(db, args).unwrap_or_else(|e| panic!("{args:?} failed: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{args:?} printed no JSON ({e}): {text}"))
}

/// Stores the demo in `db`, exports it to a file beside `db`, applies `edit` to the file's JSON
/// and returns the file's path (ready for `import-snapshot`).
pub fn edited_demo_export(db: &Path, edit: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let file = db.with_file_name("export.json");
    edge_atlas(db, &["demo"]).expect("demo");
    edge_atlas(
        db,
        &["export-snapshot", "1", "-o", file.to_str().expect("utf-8")],
    )
    .expect("export");
    let mut content: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    edit(&mut content);
    std::fs::write(&file, content.to_string()).expect("write");
    file
}
