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

use std::ops::{ControlFlow, Range};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use rusqlite::{Connection, OpenFlags, Transaction, params};

use super::{StoreError, WriteProgress, classify};
use crate::model::{EntityKind, Estate};

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

/// The JSON lines of up to [`BLOCK_ENTITIES`] consecutive entities of one kind.
struct JsonBlock {
    kind: EntityKind,
    /// The first entity's place in the snapshot's visiting order, from 0.
    first_seq: usize,
    entity_count: usize,
    lines: Vec<u8>,
}

/// Inserts every entity of `estate` as blocks of snapshot `snapshot_id` in `tx`, in visiting
/// order, with the JSON written on a second thread; `progress` may cancel.
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
        .prepare(
            "INSERT INTO entity_block (snapshot_id, first_seq, kind, entity_count, encoding, data)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .map_err(sql)?;
    std::thread::scope(|scope| {
        let (sender, blocks) = sync_channel(BLOCKS_IN_FLIGHT);
        scope.spawn(move || serialise(estate, sender));
        let mut written = 0usize;
        let mut reported = 0usize;
        while written < total {
            let block = next_block(&blocks)?;
            let compressed = lz4_flex::block::compress_prepend_size(&block.lines);
            insert
                .execute(params![
                    snapshot_id,
                    block.first_seq as i64,
                    block.kind.as_str(),
                    block.entity_count as i64,
                    BLOCK_ENCODING,
                    compressed
                ])
                .map_err(sql)?;
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
    blocks: &Receiver<Result<JsonBlock, serde_json::Error>>,
) -> Result<JsonBlock, StoreError> {
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

/// Writes every entity of `estate` as JSON lines, in visiting order, in blocks to `sender`;
/// stops at the first error (sent on) or when the receiver is gone (the write was cancelled
/// or failed).
fn serialise(estate: &Estate, sender: SyncSender<Result<JsonBlock, serde_json::Error>>) {
    enum Halt {
        Json(serde_json::Error),
        ReceiverGone,
    }
    let mut block: Option<JsonBlock> = None;
    let mut seq = 0usize;
    let result = estate.visit_entities(|entity| {
        let kind = entity.kind();
        if let Some(full) =
            block.take_if(|open| open.kind != kind || open.entity_count == BLOCK_ENTITIES)
        {
            sender.send(Ok(full)).map_err(|_| Halt::ReceiverGone)?;
        }
        let open = block.get_or_insert_with(|| JsonBlock {
            kind,
            first_seq: seq,
            entity_count: 0,
            lines: Vec::with_capacity(BLOCK_ENTITIES * 512),
        });
        entity.write_json(&mut open.lines).map_err(Halt::Json)?;
        open.lines.push(b'\n');
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
        Err(Halt::Json(error)) => {
            let _ = sender.send(Err(error));
        }
    }
}

/// Reads a part of a snapshot's stored entities, those whose `seq` falls in the first range,
/// with room made for those in the second (the first half of a load makes room for both).
type ReadPart = fn(&Connection, &Path, i64, Range<i64>, Range<i64>) -> Result<Estate, StoreError>;

/// Reads snapshot `id`'s `entity_count` entities back into an estate, in the order they were
/// written, from blocks or (a snapshot from before version 4) rows; a large snapshot is read
/// as two halves on two threads (a file database only).
pub(super) fn load_entities(
    conn: &Connection,
    path: &Path,
    id: i64,
    entity_count: u64,
) -> Result<Estate, StoreError> {
    let read: ReadPart = if has_entity_rows(conn, path, id)? {
        load_rows
    } else {
        load_blocks
    };
    let on_disk = conn.path().is_some_and(|p| !p.is_empty());
    if entity_count < TWO_THREAD_LOAD_MIN || !on_disk {
        return read(conn, path, id, 0..i64::MAX, 0..i64::MAX);
    }
    let middle = (entity_count / 2) as i64;
    std::thread::scope(|scope| {
        let second_half = scope.spawn(move || {
            let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
            let second = Connection::open_with_flags(path, flags).map_err(|e| classify(path, e))?;
            second
                .busy_timeout(std::time::Duration::from_secs(5))
                .map_err(|e| classify(path, e))?;
            read(&second, path, id, middle..i64::MAX, middle..i64::MAX)
        });
        let mut estate = read(conn, path, id, 0..middle, 0..i64::MAX)?;
        let second_half = match second_half.join() {
            Ok(loaded) => loaded?,
            Err(panic) => std::panic::resume_unwind(panic),
        };
        estate.append(second_half);
        Ok(estate)
    })
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

/// Parses the blocks of snapshot `id` whose first entity's `seq` is in `seqs` into an
/// estate, in `seq` order, its lists first sized for the blocks whose first `seq` is in
/// `room_for` (from the blocks' counts, without reading their data). A block that does not decompress, is not valid UTF-8 or holds
/// another number of entities than written is [`StoreError::BadBlock`]; an entity that does
/// not parse is [`StoreError::BadEntity`].
fn load_blocks(
    conn: &Connection,
    path: &Path,
    id: i64,
    seqs: Range<i64>,
    room_for: Range<i64>,
) -> Result<Estate, StoreError> {
    let mut estate = Estate::default();
    let mut counts = conn
        .prepare_cached(
            "SELECT kind, sum(entity_count) FROM entity_block
             WHERE snapshot_id = ?1 AND first_seq >= ?2 AND first_seq < ?3 GROUP BY kind",
        )
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
        .prepare_cached(
            "SELECT first_seq, kind, entity_count, encoding, data FROM entity_block
             WHERE snapshot_id = ?1 AND first_seq >= ?2 AND first_seq < ?3 ORDER BY first_seq",
        )
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
        let kind: EntityKind = kind_text
            .parse()
            .map_err(|e: crate::model::UnknownKind| bad_block(e.to_string()))?;
        if encoding != BLOCK_ENCODING {
            return Err(bad_block(format!(
                "it is encoded as `{encoding}`, which this version of Edge Atlas does not read"
            )));
        }
        let text = decompress(data, &mut decompressed).map_err(bad_block)?;
        let mut parsed = 0i64;
        for line in text.split_terminator('\n') {
            estate
                .push_json(kind, line)
                .map_err(|e| StoreError::BadEntity {
                    snapshot_id: id,
                    kind: kind_text.to_owned(),
                    seq: first_seq + parsed,
                    reason: e.to_string(),
                })?;
            parsed += 1;
        }
        if parsed != entity_count {
            return Err(bad_block(format!(
                "it holds {parsed} entities where {entity_count} were written"
            )));
        }
    }
    Ok(estate)
}

/// Decompresses one block's `data` into `buffer` (reused between blocks) as UTF-8 text, or
/// says why it cannot.
fn decompress<'b>(data: &[u8], buffer: &'b mut Vec<u8>) -> Result<&'b str, String> {
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
    std::str::from_utf8(buffer).map_err(|e| format!("its JSON is not UTF-8: {e}"))
}

/// Parses the rows (one per entity, before schema version 4) of snapshot `id` whose `seq` is
/// in `seqs` into an estate, in `seq` order.
fn load_rows(
    conn: &Connection,
    path: &Path,
    id: i64,
    seqs: Range<i64>,
    _room_for: Range<i64>,
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
