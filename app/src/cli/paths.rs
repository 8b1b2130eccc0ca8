//! Where Edge Atlas keeps its files when not told: the database in the platform's data
//! directory, the window's log in its state directory.

use std::path::{Path, PathBuf};

use anyhow::Context;

/// The database path: `--db`, `EDGE_ATLAS_DB`, or the platform data directory.
pub fn database_path(cli_db: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(path) = cli_db {
        return Ok(path.to_owned());
    }
    let dirs = directories::ProjectDirs::from("", "", "edge-atlas").context(
        "cannot find a home directory for the database; pass --db PATH or set EDGE_ATLAS_DB",
    )?;
    Ok(dirs.data_dir().join("edge-atlas.sqlite"))
}

/// Where the app logs when started without a terminal (from a desktop menu): `edge-atlas.log`
/// in the platform's state directory (`~/.local/state/edge-atlas/` on Linux; the local data
/// directory where the platform has no state directory); `None` without a home directory.
pub fn log_file_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "edge-atlas")?;
    let dir = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(dir.join("edge-atlas.log"))
}
