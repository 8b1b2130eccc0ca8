//! The database schema and its migrations, versioned with `PRAGMA user_version`.
//!
//! Each entry of [`MIGRATIONS`] upgrades the schema by one version and runs in its own
//! transaction together with the `user_version` bump, so a file is always at exactly one known
//! version. Old files are upgraded in place when opened; a file from a newer Edge Atlas is refused
//! untouched. Never edit a released migration: append a new one.

use rusqlite::Connection;

/// The schema migrations, in order; entry `i` takes the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: snapshots and their entities. Entities are clustered by (snapshot, insertion order) so
    // that loading a snapshot is one range scan that returns the estate in its original order.
    "CREATE TABLE snapshot (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        created_at TEXT NOT NULL,
        source TEXT NOT NULL,
        account_id TEXT,
        profile TEXT,
        regions TEXT NOT NULL DEFAULT '[]',
        warnings TEXT NOT NULL DEFAULT '[]',
        entity_count INTEGER NOT NULL
    );
    CREATE TABLE entity (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        region TEXT NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, seq)
    ) WITHOUT ROWID;",
    // 2: the site overlay (user-asserted facts per Outpost), kept beside the snapshots.
    "CREATE TABLE site_overlay (
        outpost_id TEXT PRIMARY KEY,
        data TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );",
    // 3: the accounts an organisation sync read, and their names (JSON list and object).
    "ALTER TABLE snapshot ADD COLUMN accounts TEXT NOT NULL DEFAULT '[]';
     ALTER TABLE snapshot ADD COLUMN account_names TEXT NOT NULL DEFAULT '{}';",
    // 4: snapshots stored as blocks of up to 512 entities of one kind, their JSON lines
    // compressed (`rows.rs` says how). One row per entity cost SQLite more than the JSON did at
    // a million entities. Snapshots stored before stay in `entity` and are read from there.
    "CREATE TABLE entity_block (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        first_seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        entity_count INTEGER NOT NULL,
        encoding TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (snapshot_id, first_seq)
    );",
    // 5: the same blocks in a binary encoding tied to the model's fingerprint, read instead of
    // the JSON by a build of the same model (`rows.rs`). Snapshots stored before have none and
    // are read from their JSON.
    "CREATE TABLE entity_cache (
        snapshot_id INTEGER NOT NULL REFERENCES snapshot(id) ON DELETE CASCADE,
        first_seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        entity_count INTEGER NOT NULL,
        encoding TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (snapshot_id, first_seq)
    );",
];

/// The schema version this build writes.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

/// Whether `tables` (sorted names) are the tables of an Edge Atlas schema of some version:
/// how files from before [`super::APPLICATION_ID`] are recognised.
pub fn is_edge_atlas_schema(tables: &[String]) -> bool {
    let has = |name: &str| tables.iter().any(|table| table == name);
    let known = |name: &str| {
        matches!(
            name,
            "snapshot"
                | "entity"
                | "entity_block"
                | "entity_cache"
                | "site_overlay"
                | "sqlite_sequence"
        )
    };
    has("snapshot") && has("entity") && tables.iter().all(|table| known(table))
}

/// Stamps the file as Edge Atlas's (`PRAGMA application_id`) when it is not yet.
pub fn stamp(conn: &Connection) -> rusqlite::Result<()> {
    let current: i32 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if current != super::APPLICATION_ID {
        conn.pragma_update(None, "application_id", super::APPLICATION_ID)?;
    }
    Ok(())
}

/// Reads the file's schema version.
pub fn version(conn: &Connection) -> rusqlite::Result<u32> {
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

/// Applies every migration after `from` up to `to`, each in its own transaction.
pub fn migrate(conn: &mut Connection, from: u32, to: u32) -> rusqlite::Result<()> {
    for (index, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .skip(from as usize)
        .take((to - from) as usize)
    {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
