//! Errors of the store, each saying which file and what the user can do.

use std::path::PathBuf;

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database.
    #[error(
        "{path} is not an Edge Atlas database (not an SQLite file). It was left untouched; \
         point --db (or EDGE_ATLAS_DB) at another file, or move this one away."
    )]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },
    /// SQLite reports the file as damaged.
    #[error(
        "{path} is damaged ({detail}). It was left untouched; restore it from a backup, or move \
         it away and run `edge-atlas demo` or `edge-atlas sync` to start a new one."
    )]
    Corrupt {
        /// The file.
        path: PathBuf,
        /// SQLite's words.
        detail: String,
    },
    /// The file is an SQLite database of another application.
    #[error(
        "{path} is an SQLite database, but not an Edge Atlas one (application id {application_id}, tables: {}). \
         It was left untouched; point --db (or EDGE_ATLAS_DB) at another file.",
        if tables.is_empty() { "none".to_owned() } else { tables.join(", ") }
    )]
    Foreign {
        /// The file.
        path: PathBuf,
        /// Its `PRAGMA application_id`.
        application_id: i32,
        /// Its tables.
        tables: Vec<String>,
    },
    /// A damaged file was to be written to.
    #[error(
        "{path} is damaged ({detail}), so nothing was written to it. To recover: export what still \
         reads (`edge-atlas --db {path} snapshots`, then `export-snapshot ID -o FILE` for each), move \
         the file away, and import the exports into a new database (`import-snapshot FILE`)."
    )]
    DamagedForWriting {
        /// The file.
        path: PathBuf,
        /// What `quick_check` found.
        detail: String,
    },
    /// A command that reads snapshots was pointed at a database that does not exist.
    #[error(
        "there is no database at {path}; nothing was created. Run `edge-atlas demo`, `sync` or \
         `import-snapshot` to make one, or point --db (or EDGE_ATLAS_DB) at an existing file."
    )]
    NotFound {
        /// The path asked for.
        path: PathBuf,
    },
    /// The file was written by a newer Edge Atlas.
    #[error(
        "{path} uses database schema version {found}, newer than this Edge Atlas understands \
         (up to {supported}). It was left untouched; upgrade Edge Atlas, or use another --db."
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// The file's version.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// No snapshot has that id.
    #[error("there is no snapshot {0}; `edge-atlas snapshots` lists the ones there are")]
    SnapshotNotFound(i64),
    /// The database has no snapshot at all.
    #[error("the database has no snapshots yet; run `edge-atlas demo` or `edge-atlas sync` first")]
    Empty,
    /// A stored row could not be read back.
    #[error("snapshot {snapshot_id}: stored {kind} `{entity_id}` cannot be read: {reason}")]
    BadRow {
        /// The snapshot.
        snapshot_id: i64,
        /// The row's kind name.
        kind: String,
        /// The row's entity id.
        entity_id: String,
        /// What was wrong.
        reason: String,
    },
    /// A stored block of entities (schema version 4 on) could not be read back.
    #[error(
        "snapshot {snapshot_id}: its stored block of {kind} entities from number {first_seq} on (counting from 0 in the order written) cannot be read: {reason}. The file is damaged or was changed outside Edge Atlas; other snapshots are not affected (`edge-atlas snapshots` lists them), and a new sync stores a whole one"
    )]
    BadBlock {
        /// The snapshot.
        snapshot_id: i64,
        /// The block's kind name.
        kind: String,
        /// The place of the block's first entity in the snapshot's order, from 0.
        first_seq: i64,
        /// What was wrong.
        reason: String,
    },
    /// One entity of a stored block (schema version 4 on) could not be read back.
    #[error(
        "snapshot {snapshot_id}: its stored {kind} number {seq} (counting from 0 in the order written) cannot be read: {reason}. The file is damaged or was changed outside Edge Atlas; other snapshots are not affected (`edge-atlas snapshots` lists them), and a new sync stores a whole one"
    )]
    BadEntity {
        /// The snapshot.
        snapshot_id: i64,
        /// The entity's kind name.
        kind: String,
        /// The entity's place in the snapshot's order, from 0.
        seq: i64,
        /// What was wrong.
        reason: String,
    },
    /// The caller asked the write to stop; nothing was stored.
    #[error("the write was cancelled; nothing was stored and earlier snapshots are intact")]
    Cancelled,
    /// The data directory could not be created.
    #[error("cannot create the directory for {path}: {source}")]
    CreateDir {
        /// The database file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file could not be read to check it.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The database file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// Any other SQLite error.
    #[error("database {path}: {source}")]
    Sqlite {
        /// The database file.
        path: PathBuf,
        /// SQLite's error.
        source: rusqlite::Error,
    },
    /// A value could not be encoded or decoded as JSON.
    #[error("cannot encode or decode stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// An entity could not be encoded for the binary load cache.
    #[error("cannot encode an entity for the load cache: {0}")]
    Binary(String),
}
