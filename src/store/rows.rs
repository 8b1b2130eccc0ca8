//! A snapshot's entities in the database: written as compressed blocks on both cores, and read
//! back, a large snapshot as two halves on two threads.
//!
//! A snapshot is stored as blocks (`entity_block`, schema version 4): up to [`BLOCK_ENTITIES`]
//! consecutive entities of one kind, their JSON one entity per line, compressed with LZ4. A
//! second thread serialises the JSON while the writing thread compresses and inserts, and the
//! write stays one transaction (all or nothing). At a million entities one row per entity cost
//! SQLite more than the JSON did, and the demo's rows compress about tenfold, so a block write
//! is a few thousand inserts of a tenth of the bytes (`BENCHMARKS.md`).
//!
//! Snapshots written before version 4 keep their one row per entity (`entity`) and are read from
//! there; a snapshot has rows in one table or the other, never both.
//!
//! Each block is also written to `entity_cache` (schema version 5) in a compact binary encoding
//! (postcard, LZ4-compressed), which a load reads instead of the JSON: it parses in less than
//! half the time, and at a million entities the JSON's parse was most of the app's launch. The
//! binary names no fields, so its `encoding` carries the model's fingerprint
//! ([`crate::model::MODEL_FINGERPRINT`]) and only a build of the same model reads it; the JSON
//! stays the snapshot's record, read whenever the cache is absent, from another build, or
//! damaged (a damaged cache is logged and the JSON read instead: nothing is lost).

use std::ops::{ControlFlow, Range};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::{Connection, OpenFlags, Transaction, params};

use super::{StoreError, WriteProgress, classify};
use crate::model::{EntityKind, Estate, MODEL_FINGERPRINT};

/// Most entities in one block.
const BLOCK_ENTITIES: usize = 512;
/// Blocks waiting for the writing thread before the serialising one waits in turn.
const BLOCKS_IN_FLIGHT: usize = 8;
/// The most bytes a block may claim to decompress to: a damaged or hostile size is refused
/// before anything is allocated for it.
const MAX_BLOCK_BYTES: usize = 256 << 20;
/// Snapshots with fewer entities are read on one thread: a second connection costs more.
const TWO_THREAD_LOAD_MIN: u64 = 20_000;
/// How often a write reports progress, in entities.
const PROGRESS_EVERY: usize = 4096;
/// The `encoding` of every block this version writes and the only one it reads: LZ4 block
/// format with the decompressed size prepended (4 bytes, little-endian), of JSON lines. The
/// compact JSON serde_json writes never holds a raw newline (strings escape it), so a newline
/// ends each entity.
const BLOCK_ENCODING: &str = "json-lines-lz4";

/// The `encoding` of the cache's blocks this build writes and reads: LZ4 block format with the
/// decompressed size prepended, of the entities' postcard encodings one after another, for the
/// model whose fingerprint follows the slash.
fn cache_encoding() -> String {
    format!("postcard-lz4/{MODEL_FINGERPRINT:016x}")
}

/// Up to [`BLOCK_ENTITIES`] consecutive entities of one kind, as JSON lines and as the
/// cache's binary.
struct EncodedBlock {
    kind: EntityKind,
    /// The first entity's place in the snapshot's visiting order, from 0.
    first_seq: usize,
    entity_count: usize,
    lines: Vec<u8>,
    binary: Vec<u8>,
}

/// Where a snapshot's entities are read from, and how they are encoded there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stored {
    /// One JSON row per entity (`entity`, before schema version 4).
    Rows,
    /// Blocks of JSON lines (`entity_block`): the snapshot's record.
    JsonBlocks,
    /// Blocks of the binary encoding (`entity_cache`), written by a build of this model.
    Cache,
}

impl Stored {
    /// The table holding the blocks of a block-stored snapshot.
    fn block_table(self) -> &'static str {
        if self == Stored::Cache {
            "entity_cache"
        } else {
            "entity_block"
        }
    }

    /// The `encoding` every block in [`Self::block_table`] must carry for this build to read it.
    fn block_encoding(self) -> String {
        if self == Stored::Cache {
            cache_encoding()
        } else {
            BLOCK_ENCODING.to_owned()
        }
    }
}

/// Inserts every entity of `estate` as blocks of snapshot `snapshot_id` in `tx`, in visiting
/// order, as JSON and in the cache, with the encoding done on a second thread; `progress` may
/// cancel.
pub(super) fn insert_entities(
    tx: &Transaction<'_>,
    path: &Path,
    snapshot_id: i64,
    estate: &Estate,
    progress: &mut dyn FnMut(WriteProgress) -> ControlFlow<()>,
) -> Result<(), StoreError> {
    write_blocks(tx, path, snapshot_id, estate, true, progress)
}

/// Replaces snapshot `snapshot_id`'s cache in `tx` with `estate` (the snapshot as loaded from
/// its JSON) encoded by this build: a snapshot stored before schema version 5, or by a build of
/// another model, then opens from the cache next time.
pub(super) fn rewrite_cache(
    tx: &Transaction<'_>,
    path: &Path,
    snapshot_id: i64,
    estate: &Estate,
) -> Result<(), StoreError> {
    tx.execute(
        "DELETE FROM entity_cache WHERE snapshot_id = ?1",
        [snapshot_id],
    )
    .map_err(|e| classify(path, e))?;
    write_blocks(tx, path, snapshot_id, estate, false, &mut |_| {
        ControlFlow::Continue(())
    })
}

/// Writes every entity of `estate` as blocks of snapshot `snapshot_id` in `tx`: to the cache,
/// and to the JSON record too when `with_json`.
fn write_blocks(
    tx: &Transaction<'_>,
    path: &Path,
    snapshot_id: i64,
    estate: &Estate,
    with_json: bool,
    progress: &mut dyn FnMut(WriteProgress) -> ControlFlow<()>,
) -> Result<(), StoreError> {
    let sql = |e| classify(path, e);
    let total = estate.entity_count();
    let insert_into = |table: &str| {
        tx.prepare(&format!(
            "INSERT INTO {table} (snapshot_id, first_seq, kind, entity_count, encoding, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
        ))
        .map_err(sql)
    };
    let mut insert_json = insert_into("entity_block")?;
    let mut insert_cached = insert_into("entity_cache")?;
    let cache_encoding = cache_encoding();
    std::thread::scope(|scope| {
        let (sender, blocks) = sync_channel(BLOCKS_IN_FLIGHT);
        scope.spawn(move || serialise(estate, with_json, sender));
        let mut written = 0usize;
        let mut reported = 0usize;
        while written < total {
            let block = next_block(&blocks)?;
            let insert = |statement: &mut rusqlite::Statement<'_>, encoding: &str, bytes: &[u8]| {
                let compressed = lz4_flex::block::compress_prepend_size(bytes);
                statement
                    .execute(params![
                        snapshot_id,
                        block.first_seq as i64,
                        block.kind.as_str(),
                        block.entity_count as i64,
                        encoding,
                        compressed
                    ])
                    .map_err(sql)
            };
            if with_json {
                insert(&mut insert_json, BLOCK_ENCODING, &block.lines)?;
            }
            insert(&mut insert_cached, &cache_encoding, &block.binary)?;
            written += block.entity_count;
            if written - reported >= PROGRESS_EVERY {
                reported = written;
                if progress(WriteProgress { written, total }).is_break() {
                    return Err(StoreError::Cancelled);
                }
            }
        }
        if progress(WriteProgress { written, total }).is_break() {
            return Err(StoreError::Cancelled);
        }
        Ok(())
        // `blocks` is dropped here, before the scope waits for the serialiser: a cancelled
        // write ends its `send` instead of leaving it waiting.
    })
}

/// The next block from the serialising thread, or the error that stopped it.
fn next_block(
    blocks: &Receiver<Result<EncodedBlock, StoreError>>,
) -> Result<EncodedBlock, StoreError> {
    match blocks.recv() {
        Ok(block) => Ok(block?),
        // The serialiser sends an error before it stops early, so it can only have panicked;
        // the scope raises that panic when it joins the thread.
        Err(_) => Err(StoreError::Json(
            <serde_json::Error as serde::ser::Error>::custom(
                "the thread serialising entities stopped",
            ),
        )),
    }
}

/// Writes every entity of `estate` in binary, and as JSON lines when `with_json`, in visiting
/// order, in blocks to `sender`; stops at the first error (sent on) or when the receiver is gone
/// (the write was cancelled or failed).
fn serialise(
    estate: &Estate,
    with_json: bool,
    sender: SyncSender<Result<EncodedBlock, StoreError>>,
) {
    enum Halt {
        Encode(StoreError),
        ReceiverGone,
    }
    let mut block: Option<EncodedBlock> = None;
    let mut seq = 0usize;
    let result = estate.visit_entities(|entity| {
        let kind = entity.kind();
        if let Some(full) =
            block.take_if(|open| open.kind != kind || open.entity_count == BLOCK_ENTITIES)
        {
            sender.send(Ok(full)).map_err(|_| Halt::ReceiverGone)?;
        }
        let open = block.get_or_insert_with(|| EncodedBlock {
            kind,
            first_seq: seq,
            entity_count: 0,
            lines: Vec::with_capacity(if with_json { BLOCK_ENTITIES * 512 } else { 0 }),
            binary: Vec::with_capacity(BLOCK_ENTITIES * 256),
        });
        if with_json {
            entity
                .write_json(&mut open.lines)
                .map_err(|e| Halt::Encode(StoreError::Json(e)))?;
            open.lines.push(b'\n');
        }
        entity
            .write_binary(&mut open.binary)
            .map_err(|e| Halt::Encode(StoreError::Binary(e.to_string())))?;
        open.entity_count += 1;
        seq += 1;
        Ok(())
    });
    match result {
        Ok(()) => {
            if let Some(last) = block {
                // A gone receiver has stopped the write already.
                let _ = sender.send(Ok(last));
            }
        }
        Err(Halt::ReceiverGone) => {}
        Err(Halt::Encode(error)) => {
            let _ = sender.send(Err(error));
        }
    }
}

/// Reads snapshot `id`'s `entity_count` entities back into an estate, in the order they were
/// written: from the binary cache when this build wrote it whole, else from the JSON blocks
/// (or, a snapshot from before version 4, rows; such a snapshot gets a cache too once the app
/// has opened it). A large snapshot is read as two halves on two
/// threads (a file database only).
pub(super) fn load_entities(
    conn: &Connection,
    path: &Path,
    id: i64,
    entity_count: u64,
) -> Result<Estate, StoreError> {
    if cache_is_whole(conn, path, id, entity_count)? {
        match load_from(Stored::Cache, conn, path, id, entity_count) {
            Ok(estate) => return Ok(estate),
            // The JSON is the record; the cache only saves time.
            Err(error) => tracing::warn!(
                "snapshot {id}'s binary cache could not be read ({error}); reading its JSON instead"
            ),
        }
    }
    let stored = if has_entity_rows(conn, path, id)? {
        Stored::Rows
    } else {
        Stored::JsonBlocks
    };
    load_from(stored, conn, path, id, entity_count)
}

/// Reads snapshot `id`'s entities from `stored`, a large snapshot in a file as two halves on
/// two threads.
fn load_from(
    stored: Stored,
    conn: &Connection,
    path: &Path,
    id: i64,
    entity_count: u64,
) -> Result<Estate, StoreError> {
    let read = |conn: &Connection, seqs: Range<i64>, room_for: Range<i64>| match stored {
        Stored::Rows => load_rows(conn, path, id, seqs),
        Stored::JsonBlocks | Stored::Cache => load_blocks(stored, conn, path, id, seqs, room_for),
    };
    let on_disk = conn.path().is_some_and(|p| !p.is_empty());
    if entity_count < TWO_THREAD_LOAD_MIN || !on_disk {
        return read(conn, 0..i64::MAX, 0..i64::MAX);
    }
    let middle = match stored {
        Stored::Rows => (entity_count / 2) as i64,
        Stored::JsonBlocks | Stored::Cache => middle_by_bytes(stored, conn, path, id)?,
    };
    std::thread::scope(|scope| {
        let second_half = scope.spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let second = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
            second
                .busy_timeout(std::time::Duration::from_secs(5))
                .map_err(|e| classify(path, e))?;
            read(&second, middle..i64::MAX, middle..i64::MAX)
        });
        let mut estate = read(conn, 0..middle, 0..i64::MAX)?;
        let second_half = match second_half.join() {
            Ok(loaded) => loaded?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        estate.append(second_half);
        Ok(estate)
    })
}

/// Where to split snapshot `id`'s blocks in `stored` between the two loading threads: the
/// first `seq` of the block at which half the stored bytes are reached. Entities of different
/// kinds differ in size by three times and more, so halving the count left one thread with
/// half as much again to parse as the other.
fn middle_by_bytes(
    stored: Stored,
    conn: &Connection,
    path: &Path,
    id: i64,
) -> Result<i64, StoreError> {
    let table = stored.block_table();
    // `length` of a BLOB reads its size from the record, not its bytes.
    conn.query_row(
        &format!(
            "SELECT coalesce(min(first_seq), 0) FROM (
                 SELECT first_seq, sum(length(data)) OVER (ORDER BY first_seq) AS bytes_to_here,
                        sum(length(data)) OVER () AS bytes
                 FROM {table} WHERE snapshot_id = ?1)
             WHERE bytes_to_here * 2 >= bytes"
        ),
        [id],
        |row| row.get(0),
    )
    .map_err(|e| classify(path, e))
}

/// Whether snapshot `id` has its `entity_count` entities in the cache, every block written by
/// a build of this model.
pub(super) fn cache_is_whole(
    conn: &Connection,
    path: &Path,
    id: i64,
    entity_count: u64,
) -> Result<bool, StoreError> {
    let (cached, foreign): (i64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(entity_count), 0), count(*) FILTER (WHERE encoding <> ?2)
             FROM entity_cache WHERE snapshot_id = ?1",
            params![id, cache_encoding()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(|e| classify(path, e))?;
    Ok(foreign == 0 && u64::try_from(cached).is_ok_and(|cached| cached == entity_count))
}

/// Whether snapshot `id` was stored one row per entity (before schema version 4).
fn has_entity_rows(conn: &Connection, path: &Path, id: i64) -> Result<bool, StoreError> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM entity WHERE snapshot_id = ?1)",
        [id],
        |row| row.get(0),
    )
    .map_err(|e| classify(path, e))
}

/// Parses the blocks (JSON lines or the cache's binary, as `stored` says) of snapshot `id`
/// whose first entity's `seq` is in `seqs` into an estate, in `seq` order, its lists first sized
/// for the blocks whose first `seq` is in `room_for` (from the blocks' counts, without reading
/// their data). A block that does not decompress, is not valid UTF-8 or holds another number of
/// entities than written is [`StoreError::BadBlock`]; an entity that does not parse is
/// [`StoreError::BadEntity`].
fn load_blocks(
    stored: Stored,
    conn: &Connection,
    path: &Path,
    id: i64,
    seqs: Range<i64>,
    room_for: Range<i64>,
) -> Result<Estate, StoreError> {
    let table = stored.block_table();
    let expected_encoding = stored.block_encoding();
    let mut estate = Estate::default();
    let mut counts = conn
        .prepare_cached(&format!(
            "SELECT kind, sum(entity_count) FROM {table}
             WHERE snapshot_id = ?1 AND first_seq >= ?2 AND first_seq < ?3 GROUP BY kind"
        ))
        .map_err(|e| classify(path, e))?;
    let counts = counts
        .query_map(params![id, room_for.start, room_for.end], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
        })
        .map_err(|e| classify(path, e))?;
    for count in counts {
        let (kind, count) = count.map_err(|e| classify(path, e))?;
        // An unknown kind is reported, with its block, when the blocks are read.
        if let Ok(kind) = kind.parse::<EntityKind>() {
            estate.reserve(kind, usize::try_from(count).unwrap_or(0));
        }
    }
    let mut statement = conn
        .prepare_cached(&format!(
            "SELECT first_seq, kind, entity_count, encoding, data FROM {table}
             WHERE snapshot_id = ?1 AND first_seq >= ?2 AND first_seq < ?3 ORDER BY first_seq"
        ))
        .map_err(|e| classify(path, e))?;
    let mut rows = statement
        .query(params![id, seqs.start, seqs.end])
        .map_err(|e| classify(path, e))?;
    let mut decompressed = Vec::new();
    while let Some(row) = rows.next().map_err(|e| classify(path, e))? {
        let text_at = |index| {
            row.get_ref(index)
                .and_then(|v| Ok(v.as_str()?))
                .map_err(|e| classify(path, e))
        };
        let first_seq: i64 = row.get(0).map_err(|e| classify(path, e))?;
        let kind_text = text_at(1)?;
        let entity_count: i64 = row.get(2).map_err(|e| classify(path, e))?;
        let encoding = text_at(3)?;
        let data = row
            .get_ref(4)
            .and_then(|v| Ok(v.as_blob()?))
            .map_err(|e| classify(path, e))?;
        let bad_block = |reason: String| StoreError::BadBlock {
            snapshot_id: id,
            kind: kind_text.to_owned(),
            first_seq,
            reason,
        };
        let bad_entity = |parsed: i64, reason: String| StoreError::BadEntity {
            snapshot_id: id,
            kind: kind_text.to_owned(),
            seq: first_seq + parsed,
            reason,
        };
        let kind: EntityKind = kind_text
            .parse()
            .map_err(|e: crate::model::UnknownKind| bad_block(e.to_string()))?;
        if encoding != expected_encoding {
            return Err(bad_block(format!(
                "it is encoded as `{encoding}`, which this version of Edge Atlas does not read"
            )));
        }
        let bytes = decompress(data, &mut decompressed).map_err(bad_block)?;
        let mut parsed = 0i64;
        if stored == Stored::Cache {
            let mut rest = bytes;
            while !rest.is_empty() && parsed < entity_count {
                rest = estate
                    .push_binary(kind, rest)
                    .map_err(|e| bad_entity(parsed, e.to_string()))?;
                parsed += 1;
            }
            if !rest.is_empty() {
                return Err(bad_block(format!(
                    "{} bytes follow its {entity_count} entities",
                    rest.len()
                )));
            }
        } else {
            let text = std::str::from_utf8(bytes)
                .map_err(|e| bad_block(format!("its JSON is not UTF-8: {e}")))?;
            for line in text.split_terminator('\n') {
                estate
                    .push_json(kind, line)
                    .map_err(|e| bad_entity(parsed, e.to_string()))?;
                parsed += 1;
            }
        }
        if parsed != entity_count {
            return Err(bad_block(format!(
                "it holds {parsed} entities where {entity_count} were written"
            )));
        }
    }
    Ok(estate)
}

/// Decompresses one block's `data` into `buffer` (reused between blocks), or says why it
/// cannot.
fn decompress<'b>(data: &[u8], buffer: &'b mut Vec<u8>) -> Result<&'b [u8], String> {
    let (size, compressed) = lz4_flex::block::uncompressed_size(data)
        .map_err(|e| format!("it does not decompress: {e}"))?;
    if size > MAX_BLOCK_BYTES {
        return Err(format!(
            "it claims {size} bytes, more than a block can hold ({MAX_BLOCK_BYTES})"
        ));
    }
    buffer.clear();
    buffer.resize(size, 0);
    let written = lz4_flex::block::decompress_into(compressed, buffer)
        .map_err(|e| format!("it does not decompress: {e}"))?;
    if written != size {
        return Err(format!(
            "it decompresses to {written} bytes where {size} were written"
        ));
    }
    Ok(buffer)
}

/// Parses the rows (one per entity, before schema version 4) of snapshot `id` whose `seq` is
/// in `seqs` into an estate, in `seq` order.
fn load_rows(
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
