//! A snapshot's entity rows, written and read on both cores: serialising entities to JSON
//! overlaps with SQLite inserting them, and a large snapshot is read back as two halves of its
//! rows, each parsed on its own thread through its own connection.
//!
//! At a million entities the JSON work is most of a write and nearly all of a load
//! (`BENCHMARKS.md`); splitting it this way keeps the single transaction of a write (all or
//! nothing) and the order of a load (each kind in the order it was written).

use std::ops::{ControlFlow, Range};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::{Connection, OpenFlags, Transaction, params};

use super::{StoreError, WriteProgress, classify};
use crate::model::{EntityKind, Estate};

/// Entities serialised per message between the two threads of a write.
const CHUNK_ENTITIES: usize = 2048;
/// Chunks waiting for the inserting thread before the serialising one waits in turn.
const CHUNKS_IN_FLIGHT: usize = 4;
/// Snapshots with fewer entities are read on one thread: a second connection costs more.
const TWO_THREAD_LOAD_MIN: u64 = 20_000;
/// How often a write reports progress, in entities.
const PROGRESS_EVERY: usize = 4096;

/// The JSON of up to [`CHUNK_ENTITIES`] consecutive entities: entity `i` is
/// `bytes[ends[i - 1]..ends[i]]` (from 0 for the first).
#[derive(Default)]
struct JsonChunk {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl JsonChunk {
    fn entity(&self, index: usize) -> Option<&[u8]> {
        let end = *self.ends.get(index)?;
        let start = match index.checked_sub(1) {
            Some(before) => self.ends[before],
            None => 0,
        };
        self.bytes.get(start..end)
    }
}

/// Inserts every entity of `estate` as rows of `snapshot_id` in `tx`, in visiting order
/// (`seq` from 0), with the JSON written on a second thread; `progress` may cancel.
pub(super) fn insert_entities(
    tx: &Transaction<'_>,
    path: &Path,
    snapshot_id: i64,
    estate: &Estate,
    progress: &mut dyn FnMut(WriteProgress) -> ControlFlow<()>,
) -> Result<(), StoreError> {
    let sql = |e| classify(path, e);
    let total = estate.entity_count();
    let mut insert = tx
        .prepare("INSERT INTO entity (snapshot_id, seq, kind, entity_id, region, data) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .map_err(sql)?;
    std::thread::scope(|scope| {
        let (sender, chunks) = sync_channel(CHUNKS_IN_FLIGHT);
        scope.spawn(move || serialise(estate, sender));
        let mut chunk = JsonChunk::default();
        let mut index = 0;
        let mut written = 0usize;
        estate.visit_entities(|entity| {
            if index == chunk.ends.len() {
                chunk = next_chunk(&chunks)?;
                index = 0;
            }
            let bad_row = |reason: String| StoreError::BadRow {
                snapshot_id,
                kind: entity.kind().as_str().to_owned(),
                entity_id: entity.id().to_owned(),
                reason,
            };
            let json = chunk
                .entity(index)
                .ok_or_else(|| bad_row("its JSON is missing from the chunk".to_owned()))?;
            index += 1;
            // serde_json writes UTF-8; the check is a cheap guard, not a conversion.
            let data = std::str::from_utf8(json).map_err(|e| bad_row(e.to_string()))?;
            insert
                .execute(params![
                    snapshot_id,
                    written as i64,
                    entity.kind().as_str(),
                    entity.id(),
                    entity.region(),
                    data
                ])
                .map_err(sql)?;
            written += 1;
            if written.is_multiple_of(PROGRESS_EVERY)
                && progress(WriteProgress { written, total }).is_break()
            {
                return Err(StoreError::Cancelled);
            }
            Ok(())
        })?;
        if progress(WriteProgress { written, total }).is_break() {
            return Err(StoreError::Cancelled);
        }
        Ok(())
        // `chunks` is dropped here, before the scope waits for the serialiser: a cancelled
        // write ends its `send` instead of leaving it waiting.
    })
}

/// The next chunk from the serialising thread, or the error that stopped it.
fn next_chunk(
    chunks: &Receiver<Result<JsonChunk, serde_json::Error>>,
) -> Result<JsonChunk, StoreError> {
    match chunks.recv() {
        Ok(chunk) => Ok(chunk?),
        // The serialiser sends an error before it stops early, so it can only have panicked;
        // the scope raises that panic when it joins the thread.
        Err(_) => Err(StoreError::Json(
            <serde_json::Error as serde::ser::Error>::custom(
                "the thread serialising entities stopped",
            ),
        )),
    }
}

/// Writes every entity of `estate` as JSON, in visiting order, in chunks to `sender`; stops at
/// the first error (sent on) or when the receiver is gone (the write was cancelled or failed).
fn serialise(estate: &Estate, sender: SyncSender<Result<JsonChunk, serde_json::Error>>) {
    enum Halt {
        Json(serde_json::Error),
        ReceiverGone,
    }
    let mut chunk = JsonChunk {
        bytes: Vec::with_capacity(CHUNK_ENTITIES * 512),
        ends: Vec::with_capacity(CHUNK_ENTITIES),
    };
    let result = estate.visit_entities(|entity| {
        entity.write_json(&mut chunk.bytes).map_err(Halt::Json)?;
        chunk.ends.push(chunk.bytes.len());
        if chunk.ends.len() == CHUNK_ENTITIES {
            let full = std::mem::replace(
                &mut chunk,
                JsonChunk {
                    bytes: Vec::with_capacity(CHUNK_ENTITIES * 512),
                    ends: Vec::with_capacity(CHUNK_ENTITIES),
                },
            );
            sender.send(Ok(full)).map_err(|_| Halt::ReceiverGone)?;
        }
        Ok(())
    });
    match result {
        Ok(()) if !chunk.ends.is_empty() => {
            // A gone receiver has stopped the write already.
            let _ = sender.send(Ok(chunk));
        }
        Ok(()) | Err(Halt::ReceiverGone) => {}
        Err(Halt::Json(error)) => {
            let _ = sender.send(Err(error));
        }
    }
}

/// Reads snapshot `id`'s `entity_count` rows back into an estate, in the order they were
/// written; a large snapshot is read as two halves on two threads (a file database only).
pub(super) fn load_entities(
    conn: &Connection,
    path: &Path,
    id: i64,
    entity_count: u64,
) -> Result<Estate, StoreError> {
    let on_disk = conn.path().is_some_and(|p| !p.is_empty());
    if entity_count < TWO_THREAD_LOAD_MIN || !on_disk {
        return load_range(conn, path, id, 0..i64::MAX);
    }
    let middle = (entity_count / 2) as i64;
    std::thread::scope(|scope| {
        let second_half = scope.spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let second = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
            second
                .busy_timeout(std::time::Duration::from_secs(5))
                .map_err(|e| classify(path, e))?;
            load_range(&second, path, id, middle..i64::MAX)
        });
        let mut estate = load_range(conn, path, id, 0..middle)?;
        let second_half = match second_half.join() {
            Ok(loaded) => loaded?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        estate.append(second_half);
        Ok(estate)
    })
}

/// Parses the rows of snapshot `id` whose `seq` is in `seqs` into an estate, in `seq` order.
fn load_range(
    conn: &Connection,
    path: &Path,
    id: i64,
    seqs: Range<i64>,
) -> Result<Estate, StoreError> {
    let mut statement = conn
        .prepare_cached(
            "SELECT kind, entity_id, data FROM entity
             WHERE snapshot_id = ?1 AND seq >= ?2 AND seq < ?3 ORDER BY seq",
        )
        .map_err(|e| classify(path, e))?;
    let mut rows = statement
        .query(params![id, seqs.start, seqs.end])
        .map_err(|e| classify(path, e))?;
    let mut estate = Estate::default();
    while let Some(row) = rows.next().map_err(|e| classify(path, e))? {
        let kind_text = row
            .get_ref(0)
            .and_then(|v| Ok(v.as_str()?))
            .map_err(|e| classify(path, e))?;
        let data = row
            .get_ref(2)
            .and_then(|v| Ok(v.as_str()?))
            .map_err(|e| classify(path, e))?;
        let bad_row = |reason: String| StoreError::BadRow {
            snapshot_id: id,
            kind: kind_text.to_owned(),
            entity_id: row.get::<_, String>(1).unwrap_or_default(),
            reason,
        };
        let kind: EntityKind = kind_text
            .parse()
            .map_err(|e: crate::model::UnknownKind| bad_row(e.to_string()))?;
        estate
            .push_json(kind, data)
            .map_err(|e| bad_row(e.to_string()))?;
    }
    Ok(estate)
}
