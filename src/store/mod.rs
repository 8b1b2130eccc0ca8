//! The local SQLite cache: every sync or import is a snapshot; history, loading and the overlay.
//!
//! One file, WAL journal, foreign keys on, schema versioned by [`schema`] and stamped with
//! [`APPLICATION_ID`]. A snapshot is written in a single transaction, so an error, a cancel or a
//! killed process part-way leaves the earlier snapshots intact and no partial one.
//!
//! A file is recognised before anything can change it, through a read-only connection: it must
//! be new, empty, stamped as Edge Atlas's, or (from versions before the stamp) carry Edge
//! Atlas's schema. Files that are not SQLite, are another application's, fail SQLite's
//! `quick_check` when opened for writing, or come from a newer Edge Atlas are refused with a
//! message naming the file, and never written to. Reading never creates a file
//! ([`Store::open_existing`]).

pub mod error;
mod rows;
pub mod schema;

use std::io::Read;
use std::ops::ControlFlow;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, params};

pub use crate::model::snapshot::{SnapshotId, SnapshotInfo};
pub use error::StoreError;

use crate::model::{Estate, OutpostOverlay, SiteOverlay, SnapshotMeta};

/// Progress of a snapshot write: entities written so far and in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteProgress {
    /// Entities written.
    pub written: usize,
    /// Entities to write.
    pub total: usize,
}

/// An open Edge Atlas database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// `PRAGMA application_id` of every Edge Atlas database: "EdAt" in ASCII.
pub const APPLICATION_ID: i32 = 0x4564_4174;

/// Paths whose `quick_check` passed in this process: a long-running app checks a file once,
/// not at every write.
static QUICK_CHECKED: std::sync::Mutex<std::collections::BTreeSet<PathBuf>> =
    std::sync::Mutex::new(std::collections::BTreeSet::new());

impl Store {
    /// Opens the database at `path` for writing, creating it when it does not exist and
    /// upgrading an older schema in place. An existing file must be Edge Atlas's and pass
    /// SQLite's `quick_check` (once per process) before anything is written.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if has_content(path)? {
            recognise(path, true)?;
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::CreateDir {
                path: path.to_owned(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        Store::init(conn, path.to_owned())
    }

    /// Opens an existing database to read its snapshots. A path that does not exist is an
    /// error (nothing is created); the file must be Edge Atlas's.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if !path.exists() {
            return Err(StoreError::NotFound {
                path: path.to_owned(),
            });
        }
        if has_content(path)? {
            recognise(path, false)?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
        Store::init(conn, path.to_owned())
    }

    /// SQLite's `quick_check` of the whole file (the cost is in `BENCHMARKS.md`).
    pub fn quick_check(&self) -> Result<(), StoreError> {
        quick_check(&self.conn, &self.path)
    }

    /// Opens a private in-memory database (tests, previews).
    pub fn open_in_memory() -> Result<Store, StoreError> {
        let path = PathBuf::from(":memory:");
        let conn = Connection::open_in_memory().map_err(|e| classify(&path, e))?;
        Store::init(conn, path)
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Store, StoreError> {
        let setup = |conn: &Connection| -> rusqlite::Result<u32> {
            conn.busy_timeout(std::time::Duration::from_secs(5))?;
            // Reading the version first touches the header: a damaged file fails here, before
            // anything is written.
            let found = schema::version(conn)?;
            if found <= schema::CURRENT_VERSION {
                conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
                conn.pragma_update(None, "synchronous", "NORMAL")?;
                conn.pragma_update(None, "foreign_keys", "ON")?;
            }
            Ok(found)
        };
        let found = setup(&conn).map_err(|e| classify(&path, e))?;
        if found > schema::CURRENT_VERSION {
            return Err(StoreError::NewerSchema {
                path,
                found,
                supported: schema::CURRENT_VERSION,
            });
        }
        schema::migrate(&mut conn, found, schema::CURRENT_VERSION)
            .map_err(|e| classify(&path, e))?;
        schema::stamp(&conn).map_err(|e| classify(&path, e))?;
        Ok(Store { conn, path })
    }

    /// The database file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Stores `estate` as a new snapshot and returns its id.
    pub fn insert_snapshot(
        &mut self,
        meta: &SnapshotMeta,
        estate: &Estate,
    ) -> Result<SnapshotId, StoreError> {
        self.insert_snapshot_with_progress(meta, estate, |_| ControlFlow::Continue(()))
    }

    /// Stores `estate` as a new snapshot, calling `progress` every few thousand entities; a
    /// `Break` from it cancels the write and stores nothing.
    pub fn insert_snapshot_with_progress(
        &mut self,
        meta: &SnapshotMeta,
        estate: &Estate,
        mut progress: impl FnMut(WriteProgress) -> ControlFlow<()>,
    ) -> Result<SnapshotId, StoreError> {
        let path = self.path.clone();
        let sql = |e| classify(&path, e);
        let total = estate.entity_count();
        let tx = self.conn.transaction().map_err(sql)?;
        tx.execute(
            "INSERT INTO snapshot (created_at, source, account_id, profile, regions, warnings, entity_count, accounts, account_names)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                now_rfc3339(),
                meta.source,
                meta.account_id,
                meta.profile,
                serde_json::to_string(&meta.regions)?,
                serde_json::to_string(&meta.warnings)?,
                total as i64,
                serde_json::to_string(&meta.accounts)?,
                serde_json::to_string(&meta.account_names)?,
            ],
        )
        .map_err(sql)?;
        let snapshot_id = tx.last_insert_rowid();
        rows::insert_entities(&tx, &path, snapshot_id, estate, &mut progress)?;
        tx.commit().map_err(sql)?;
        Ok(snapshot_id)
    }

    /// Every snapshot, oldest first.
    pub fn list_snapshots(&self) -> Result<Vec<SnapshotInfo>, StoreError> {
        let mut statement = self
            .conn
            .prepare(&format!("{SNAPSHOT_COLUMNS} ORDER BY id"))
            .map_err(|e| classify(&self.path, e))?;
        let rows = statement
            .query_map([], read_snapshot_row)
            .map_err(|e| classify(&self.path, e))?;
        let mut snapshots = Vec::new();
        for row in rows {
            snapshots.push(finish_snapshot_row(
                row.map_err(|e| classify(&self.path, e))?,
            )?);
        }
        Ok(snapshots)
    }

    /// One snapshot's record.
    pub fn snapshot(&self, id: SnapshotId) -> Result<SnapshotInfo, StoreError> {
        let row = self
            .conn
            .query_row(
                &format!("{SNAPSHOT_COLUMNS} WHERE id = ?1"),
                [id],
                read_snapshot_row,
            )
            .optional()
            .map_err(|e| classify(&self.path, e))?
            .ok_or(StoreError::SnapshotNotFound(id))?;
        finish_snapshot_row(row)
    }

    /// The latest snapshot's id, if there is one.
    pub fn latest_snapshot_id(&self) -> Result<Option<SnapshotId>, StoreError> {
        self.conn
            .query_row("SELECT max(id) FROM snapshot", [], |row| row.get(0))
            .map_err(|e| classify(&self.path, e))
    }

    /// `id` when given and present, else the latest snapshot.
    pub fn resolve_snapshot(&self, id: Option<SnapshotId>) -> Result<SnapshotId, StoreError> {
        match id {
            Some(id) => self.snapshot(id).map(|info| info.id),
            None => self.latest_snapshot_id()?.ok_or(StoreError::Empty),
        }
    }

    /// Loads a snapshot's entities, each kind in the order it was written (a large snapshot
    /// on two threads: [`rows`]).
    pub fn load_estate(&self, id: SnapshotId) -> Result<Estate, StoreError> {
        let info = self.snapshot(id)?;
        rows::load_entities(&self.conn, &self.path, id, info.entity_count)
    }

    /// Whether snapshot `id` opens from the binary load cache this build wrote (otherwise it is
    /// read from its JSON, and [`Store::rewrite_cache`] makes the next open faster).
    pub fn has_current_cache(&self, id: SnapshotId) -> Result<bool, StoreError> {
        let info = self.snapshot(id)?;
        rows::cache_is_whole(&self.conn, &self.path, id, info.entity_count)
    }

    /// Writes snapshot `id`'s binary load cache anew from `estate`, the snapshot as loaded (a
    /// snapshot stored before the cache existed, or by another version of the model). One
    /// transaction: the snapshot's record, its JSON, is never touched.
    pub fn rewrite_cache(&mut self, id: SnapshotId, estate: &Estate) -> Result<(), StoreError> {
        let info = self.snapshot(id)?;
        if info.entity_count != estate.entity_count() as u64 {
            return Err(StoreError::Binary(format!(
                "snapshot {id} holds {} entities, the estate to cache {}",
                info.entity_count,
                estate.entity_count()
            )));
        }
        let path = self.path.clone();
        let tx = self.conn.transaction().map_err(|e| classify(&path, e))?;
        rows::rewrite_cache(&tx, &path, id, estate)?;
        tx.commit().map_err(|e| classify(&path, e))
    }

    /// The site overlay: every Outpost entry the user has asserted.
    pub fn load_overlay(&self) -> Result<SiteOverlay, StoreError> {
        let mut statement = self
            .conn
            .prepare("SELECT data FROM site_overlay ORDER BY outpost_id")
            .map_err(|e| classify(&self.path, e))?;
        let rows = statement
            .query_map([], |row| row.get::<_, String>(0))
            .map_err(|e| classify(&self.path, e))?;
        let mut overlay = SiteOverlay::default();
        for data in rows {
            let data = data.map_err(|e| classify(&self.path, e))?;
            overlay.outposts.push(serde_json::from_str(&data)?);
        }
        Ok(overlay)
    }

    /// Saves (replaces) the overlay entry of one Outpost.
    pub fn save_outpost_overlay(&mut self, entry: &OutpostOverlay) -> Result<(), StoreError> {
        let data = serde_json::to_string(entry)?;
        self.conn
            .execute(
                "INSERT INTO site_overlay (outpost_id, data, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (outpost_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at",
                params![entry.outpost_id, data, now_rfc3339()],
            )
            .map_err(|e| classify(&self.path, e))?;
        Ok(())
    }

    /// Runs SQLite's full integrity check; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn
            .query_row("PRAGMA integrity_check", [], |row| row.get(0))
            .map_err(|e| classify(&self.path, e))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                path: self.path.clone(),
                detail: result,
            })
        }
    }
}

const SNAPSHOT_COLUMNS: &str = "SELECT id, created_at, source, account_id, profile, regions, warnings, entity_count, accounts, account_names FROM snapshot";

type SnapshotRow = (
    SnapshotId,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
    String,
    String,
);

fn read_snapshot_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SnapshotRow> {
    Ok((
        row.get(0)?,
        row.get(1)?,
        row.get(2)?,
        row.get(3)?,
        row.get(4)?,
        row.get(5)?,
        row.get(6)?,
        row.get(7)?,
        row.get(8)?,
        row.get(9)?,
    ))
}

fn finish_snapshot_row(row: SnapshotRow) -> Result<SnapshotInfo, StoreError> {
    let (
        id,
        created_at,
        source,
        account_id,
        profile,
        regions,
        warnings,
        entity_count,
        accounts,
        account_names,
    ) = row;
    Ok(SnapshotInfo {
        id,
        created_at,
        source,
        account_id,
        profile,
        regions: serde_json::from_str(&regions)?,
        warnings: serde_json::from_str(&warnings)?,
        accounts: serde_json::from_str(&accounts)?,
        account_names: serde_json::from_str(&account_names)?,
        entity_count: entity_count.max(0) as u64,
    })
}

/// Refuses an existing, non-empty file whose header is not SQLite's, before SQLite opens it.
/// Whether `path` holds anything: `false` when it is missing or empty (a new database), `true`
/// for an SQLite file; any other file is refused as not SQLite.
fn has_content(path: &Path) -> Result<bool, StoreError> {
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(StoreError::Read {
                path: path.to_owned(),
                source,
            });
        }
    };
    let mut header = [0u8; 16];
    let mut filled = 0;
    while filled < header.len() {
        match file.read(&mut header[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(source) => {
                return Err(StoreError::Read {
                    path: path.to_owned(),
                    source,
                });
            }
        }
    }
    if filled == 0 {
        Ok(false)
    } else if filled == header.len() && &header == SQLITE_MAGIC {
        Ok(true)
    } else {
        Err(StoreError::NotSqlite {
            path: path.to_owned(),
        })
    }
}

/// Checks, through a read-only connection that changes nothing, that the SQLite file at `path`
/// is Edge Atlas's (stamped, or with the schema of a version before the stamp) or an empty
/// database; for `writing`, also that it passes `quick_check`.
fn recognise(path: &Path, writing: bool) -> Result<(), StoreError> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
    let sql = |e| classify(path, e);
    let application_id: i32 = conn
        .query_row("PRAGMA application_id", [], |row| row.get(0))
        .map_err(sql)?;
    let mut tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(sql)?;
    tables.sort();
    let ours = application_id == APPLICATION_ID
        || (application_id == 0 && schema::is_edge_atlas_schema(&tables))
        || (application_id == 0 && tables.is_empty());
    if !ours {
        return Err(StoreError::Foreign {
            path: path.to_owned(),
            application_id,
            tables,
        });
    }
    if writing {
        let checked = QUICK_CHECKED
            .lock()
            .map(|checked| checked.contains(path))
            .unwrap_or(false);
        if !checked {
            quick_check(&conn, path).map_err(|error| match error {
                StoreError::Corrupt { path, detail } => {
                    StoreError::DamagedForWriting { path, detail }
                }
                other => other,
            })?;
            if let Ok(mut checked) = QUICK_CHECKED.lock() {
                checked.insert(path.to_owned());
            }
        }
    }
    Ok(())
}

fn quick_check(conn: &Connection, path: &Path) -> Result<(), StoreError> {
    let mut problems: Vec<String> = conn
        .prepare("PRAGMA quick_check(5)")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get(0))?
                .collect::<rusqlite::Result<Vec<String>>>()
        })
        .map_err(|e| classify(path, e))?;
    problems = problems
        .iter()
        .flat_map(|row| row.lines())
        .filter(|line| *line != "ok" && !line.starts_with("*** in database"))
        .map(str::to_owned)
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Corrupt {
            path: path.to_owned(),
            detail: problems.join("; "),
        })
    }
}

/// Turns SQLite's damaged-file codes into [`StoreError::Corrupt`] / [`StoreError::NotSqlite`].
fn classify(path: &Path, error: rusqlite::Error) -> StoreError {
    use rusqlite::ErrorCode;
    match error.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => StoreError::NotSqlite {
            path: path.to_owned(),
        },
        Some(ErrorCode::DatabaseCorrupt) => StoreError::Corrupt {
            path: path.to_owned(),
            detail: error.to_string(),
        },
        _ => StoreError::Sqlite {
            path: path.to_owned(),
            source: error,
        },
    }
}

/// The current time as RFC 3339 UTC, seconds precision.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.to_string())
}
