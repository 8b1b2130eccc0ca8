//! The store: migrations from the first schema, write atomicity, and refusing bad files
//! without touching them.

use std::ops::ControlFlow;

use edge_atlas::demo;
use edge_atlas::model::SnapshotMeta;
use edge_atlas::store::schema::{CURRENT_VERSION, MIGRATIONS};
use edge_atlas::store::{APPLICATION_ID, Store, StoreError};

fn demo_estate() -> demo::GeneratedEstate {
    demo::demo().expect("the embedded catalogs parse")
}

#[test]
fn a_snapshot_loads_back_exactly_as_written() {
    let generated = demo_estate();
    let mut store = Store::open_in_memory().expect("in-memory store");
    let id = store
        .insert_snapshot(&generated.meta, &generated.estate)
        .expect("stored");
    assert_eq!(store.load_estate(id).expect("loads"), generated.estate);
    let info = store.snapshot(id).expect("listed");
    assert_eq!(info.entity_count as usize, generated.estate.entity_count());
    assert_eq!(info.meta(), generated.meta);
    assert_eq!(store.latest_snapshot_id().expect("query"), Some(id));
}

/// The file name [`large_snapshot_file`] writes in its directory.
const LARGE: &str = "large.sqlite";

/// A directory holding [`LARGE`], a database with one snapshot of over 20k entities (the
/// two-thread threshold), with the estate written and the snapshot's id.
fn large_snapshot_file() -> (tempfile::TempDir, demo::GeneratedEstate, i64) {
    let generated = demo::generate(70, 3).expect("demo");
    assert!(generated.estate.entity_count() > 20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    let id = Store::open(&dir.path().join(LARGE))
        .expect("store")
        .insert_snapshot(&generated.meta, &generated.estate)
        .expect("stored");
    (dir, generated, id)
}

/// A snapshot above the two-thread threshold (20k entities) in a file: written as blocks with
/// the JSON on a second thread and read back as two halves, it is the same estate in the same
/// order.
#[test]
fn a_large_snapshot_in_a_file_loads_back_exactly_as_written() {
    let (dir, generated, id) = large_snapshot_file();
    let path = dir.path().join(LARGE);
    let (rows, blocks, in_blocks, largest): (i64, i64, i64, i64) =
        rusqlite::Connection::open(&path)
            .and_then(|conn| {
                conn.query_row(
            "SELECT (SELECT count(*) FROM entity), count(*), sum(entity_count), max(entity_count)
                 FROM entity_block WHERE snapshot_id = ?1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
            })
            .expect("counts");
    assert_eq!(rows, 0, "a new snapshot has no per-entity rows");
    assert_eq!(in_blocks as usize, generated.estate.entity_count());
    assert!(
        largest <= 512 && blocks > 40,
        "{blocks} blocks, the largest of {largest}"
    );
    let store = Store::open_existing(&path).expect("reopened");
    assert_eq!(store.load_estate(id).expect("loads"), generated.estate);
}

/// Removes snapshot `id`'s binary load cache, as if another build of the model had written it:
/// the snapshot is then read from its JSON.
fn drop_cache(conn: &rusqlite::Connection, id: i64) {
    conn.execute("DELETE FROM entity_cache WHERE snapshot_id = ?1", [id])
        .expect("cache dropped");
}

/// A large snapshot is read from its binary cache when this build wrote it, and from its JSON
/// (the record) when the cache is gone, damaged or from another model: the same estate each time.
#[test]
fn a_large_snapshot_loads_from_its_cache_and_from_its_json_alike() {
    let (dir, generated, id) = large_snapshot_file();
    let path = dir.path().join(LARGE);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let (json_blocks, cached_blocks, cached_entities, encodings): (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM entity_block WHERE snapshot_id = ?1),
                    count(*), sum(entity_count), count(DISTINCT encoding)
             FROM entity_cache WHERE snapshot_id = ?1 AND encoding LIKE 'postcard-lz4/%'",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .expect("counts");
    assert_eq!(cached_blocks, json_blocks, "every block is cached");
    assert_eq!(cached_entities as usize, generated.estate.entity_count());
    assert_eq!(encodings, 1);

    // With every JSON block of the last kind damaged, the load still succeeds: it read the cache.
    let (_, kind, _) = last_block(&conn, id);
    let json_of_kind = |conn: &rusqlite::Connection| -> Vec<(i64, Vec<u8>)> {
        let mut statement = conn
            .prepare(
                "SELECT first_seq, data FROM entity_block WHERE snapshot_id = ?1 AND kind = ?2",
            )
            .expect("query");
        statement
            .query_map(rusqlite::params![id, kind], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("blocks")
    };
    let saved = json_of_kind(&conn);
    conn.execute(
        "UPDATE entity_block SET data = X'00' WHERE snapshot_id = ?1 AND kind = ?2",
        rusqlite::params![id, kind],
    )
    .expect("damage the JSON");
    let store = Store::open_existing(&path).expect("reopened");
    assert_eq!(
        store.load_estate(id).expect("read from the cache"),
        generated.estate
    );
    for (first_seq, data) in saved {
        conn.execute(
            "UPDATE entity_block SET data = ?1 WHERE snapshot_id = ?2 AND first_seq = ?3",
            rusqlite::params![data, id, first_seq],
        )
        .expect("JSON restored");
    }

    // A damaged cache block: the JSON is read instead, and nothing is lost.
    conn.execute(
        "UPDATE entity_cache SET data = substr(data, 1, 40)
         WHERE snapshot_id = ?1 AND first_seq = (SELECT max(first_seq) FROM entity_cache WHERE snapshot_id = ?1)",
        [id],
    )
    .expect("damage the cache");
    assert_eq!(
        store.load_estate(id).expect("read from the JSON"),
        generated.estate
    );

    // A cache another build of the model wrote is not read at all.
    conn.execute(
        "UPDATE entity_cache SET encoding = 'postcard-lz4/0000000000000000' WHERE snapshot_id = ?1",
        [id],
    )
    .expect("another model's cache");
    assert_eq!(
        store.load_estate(id).expect("read from the JSON"),
        generated.estate
    );

    // No cache at all (a snapshot stored before schema version 5).
    drop_cache(&conn, id);
    assert_eq!(
        store.load_estate(id).expect("read from the JSON"),
        generated.estate
    );
}

/// A snapshot without a cache this build reads (stored by an earlier version, or by another
/// model) gets one from its loaded estate; the JSON record is left as it was.
#[test]
fn a_snapshot_without_a_current_cache_gets_one_and_keeps_its_json() {
    let (dir, generated, id) = large_snapshot_file();
    let path = dir.path().join(LARGE);
    let conn = rusqlite::Connection::open(&path).expect("open");
    let json_of_snapshot = || -> String {
        conn.query_row(
            "SELECT group_concat(hex(data), '') FROM
                 (SELECT data FROM entity_block WHERE snapshot_id = ?1 ORDER BY first_seq)",
            [id],
            |row| row.get(0),
        )
        .expect("the JSON")
    };
    let json_before = json_of_snapshot();
    let mut store = Store::open(&path).expect("store");
    assert!(store.has_current_cache(id).expect("query"));
    conn.execute(
        "UPDATE entity_cache SET encoding = 'postcard-lz4/0000000000000000' WHERE snapshot_id = ?1",
        [id],
    )
    .expect("another model's cache");
    assert!(!store.has_current_cache(id).expect("query"));
    drop_cache(&conn, id);
    assert!(!store.has_current_cache(id).expect("query"));

    let estate = store.load_estate(id).expect("read from the JSON");
    store.rewrite_cache(id, &estate).expect("cache written");
    assert!(store.has_current_cache(id).expect("query"));
    // Written twice, it is still one cache (the old blocks are replaced).
    store
        .rewrite_cache(id, &estate)
        .expect("cache written again");
    let cached: i64 = conn
        .query_row(
            "SELECT sum(entity_count) FROM entity_cache WHERE snapshot_id = ?1",
            [id],
            |row| row.get(0),
        )
        .expect("count");
    assert_eq!(cached as usize, generated.estate.entity_count());
    assert_eq!(
        json_of_snapshot(),
        json_before,
        "the JSON record is untouched"
    );

    // Read from the new cache: with the JSON of one kind damaged, the estate is still whole.
    conn.execute(
        "UPDATE entity_block SET data = X'00' WHERE snapshot_id = ?1 AND kind = 'instance'",
        [id],
    )
    .expect("damage the JSON");
    assert_eq!(
        store.load_estate(id).expect("from the cache"),
        generated.estate
    );

    // An estate that is not the snapshot's is refused, and the cache left as it was.
    let error = store
        .rewrite_cache(id, &edge_atlas::model::Estate::default())
        .expect_err("refused");
    assert!(error.to_string().contains("entities"), "{error}");
    assert!(store.has_current_cache(id).expect("query"));
}

/// The last block of `id` in the database at `path`: its first entity's place, kind and JSON
/// lines.
fn last_block(conn: &rusqlite::Connection, id: i64) -> (i64, String, String) {
    let (first_seq, kind, data): (i64, String, Vec<u8>) = conn
        .query_row(
            "SELECT first_seq, kind, data FROM entity_block WHERE snapshot_id = ?1
             ORDER BY first_seq DESC LIMIT 1",
            [id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .expect("the last block");
    let lines = lz4_flex::block::decompress_size_prepended(&data).expect("decompresses");
    (first_seq, kind, String::from_utf8(lines).expect("UTF-8"))
}

/// A damaged entity in the last block of a large snapshot (read by the second thread) is
/// reported by its kind and place, with what to do.
#[test]
fn a_damaged_entity_in_a_large_snapshot_is_named() {
    let (dir, generated, id) = large_snapshot_file();
    let path = dir.path().join(LARGE);
    let last = generated.estate.entity_count() as i64 - 1;
    let kind = {
        let conn = rusqlite::Connection::open(&path).expect("open");
        // The JSON is read when there is no cache (a snapshot another build wrote).
        drop_cache(&conn, id);
        let (first_seq, kind, lines) = last_block(&conn, id);
        let mut lines: Vec<&str> = lines.lines().collect();
        assert_eq!(first_seq + lines.len() as i64 - 1, last);
        if let Some(line) = lines.last_mut() {
            *line = "{\"truncated";
        }
        let damaged =
            lz4_flex::block::compress_prepend_size(format!("{}\n", lines.join("\n")).as_bytes());
        conn.execute(
            "UPDATE entity_block SET data = ?1 WHERE snapshot_id = ?2 AND first_seq = ?3",
            rusqlite::params![damaged, id, first_seq],
        )
        .expect("damage one entity");
        kind
    };
    let store = Store::open_existing(&path).expect("reopened");
    let error = store.load_estate(id).expect_err("refused");
    match &error {
        StoreError::BadEntity {
            kind: found_kind,
            seq,
            ..
        } => assert_eq!((found_kind, *seq), (&kind, last)),
        other => panic!("expected a bad entity, got {other:?}"),
    }
    let message = error.to_string();
    assert!(
        message.contains(&format!("{kind} number {last}"))
            && message.contains("edge-atlas snapshots"),
        "{message}"
    );
}

/// A block that does not decompress, or claims a size no block can have, is refused by its
/// kind and place before anything is allocated for it; the other snapshots still load.
#[test]
fn a_damaged_block_is_named_and_the_other_snapshots_still_load() {
    let (dir, generated, id) = large_snapshot_file();
    let path = dir.path().join(LARGE);
    let other = Store::open(&path)
        .expect("store")
        .insert_snapshot(&generated.meta, &generated.estate)
        .expect("a second snapshot");
    let conn = rusqlite::Connection::open(&path).expect("open");
    // The JSON is read when there is no cache (a snapshot another build wrote).
    drop_cache(&conn, id);
    let (first_seq, kind, _) = last_block(&conn, id);
    for (damage, expected) in [
        ("substr(data, 1, 40)", "does not decompress"),
        ("X'FFFFFFFF00'", "more than a block can hold"),
    ] {
        conn.execute(
            &format!(
                "UPDATE entity_block SET data = {damage} WHERE snapshot_id = ?1 AND first_seq = ?2"
            ),
            rusqlite::params![id, first_seq],
        )
        .expect("damage the block");
        let store = Store::open_existing(&path).expect("reopened");
        match store.load_estate(id) {
            Err(StoreError::BadBlock {
                kind: found_kind,
                first_seq: found_seq,
                reason,
                ..
            }) => {
                assert_eq!((&found_kind, found_seq), (&kind, first_seq));
                assert!(reason.contains(expected), "{reason}");
            }
            other => panic!("expected a bad block, got {other:?}"),
        }
        assert_eq!(store.load_estate(other).expect("intact"), generated.estate);
    }
}

#[test]
fn a_file_of_the_first_schema_is_upgraded_in_place_and_keeps_its_snapshots() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v1.sqlite");
    {
        // A database exactly as version 1 of Edge Atlas left it.
        let conn = rusqlite::Connection::open(&path).expect("create v1 file");
        conn.execute_batch(MIGRATIONS[0]).expect("v1 schema");
        conn.pragma_update(None, "user_version", 1)
            .expect("version 1");
        conn.execute(
            "INSERT INTO snapshot (created_at, source, account_id, regions, warnings, entity_count)
             VALUES ('2026-01-01T00:00:00Z', 'sync', '111122223333', '[\"us-east-1\"]', '[]', 1)",
            [],
        )
        .expect("v1 snapshot");
        conn.execute(
            "INSERT INTO entity (snapshot_id, seq, kind, entity_id, region, data) VALUES (1, 0, 'region', 'us-east-1', 'us-east-1', ?1)",
            [r#"{"account_id":"111122223333","region_name":"us-east-1","endpoint":"ec2.us-east-1.amazonaws.com","opt_in_status":"opt-in-not-required"}"#],
        )
        .expect("v1 entity");
    }
    let mut store = Store::open(&path).expect("opens and migrates");
    let version: u32 = rusqlite::Connection::open(&path)
        .and_then(|c| c.query_row("PRAGMA user_version", [], |r| r.get(0)))
        .expect("version readable");
    assert_eq!(version, CURRENT_VERSION);
    let estate = store.load_estate(1).expect("the v1 snapshot still loads");
    assert_eq!(estate.regions[0].region_name, "us-east-1");
    // A snapshot written after the upgrade is stored as blocks; both load.
    let generated = demo_estate();
    let new = store
        .insert_snapshot(&generated.meta, &generated.estate)
        .expect("a new snapshot in the upgraded file");
    assert_eq!(store.load_estate(new).expect("loads"), generated.estate);
    assert_eq!(store.load_estate(1).expect("still loads"), estate);
    // A snapshot of rows gets a load cache like any other, and reads the same from it.
    assert!(!store.has_current_cache(1).expect("query"));
    store.rewrite_cache(1, &estate).expect("cache written");
    assert!(store.has_current_cache(1).expect("query"));
    assert_eq!(store.load_estate(1).expect("from the cache"), estate);
    // What the migration added works.
    let overlay = demo_estate().overlay.outposts[0].clone();
    store
        .save_outpost_overlay(&overlay)
        .expect("overlay table exists after migration");
    assert_eq!(store.load_overlay().expect("loads").outposts, vec![overlay]);
}

#[test]
fn a_cancelled_write_stores_nothing_and_keeps_earlier_snapshots() {
    let generated = demo::generate(20, 3).expect("generated");
    let mut store = Store::open_in_memory().expect("store");
    let first = store
        .insert_snapshot(&generated.meta, &generated.estate)
        .expect("first");
    let mut calls = 0;
    let result =
        store.insert_snapshot_with_progress(&generated.meta, &generated.estate, |progress| {
            calls += 1;
            assert!(progress.written <= progress.total);
            if calls == 1 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        });
    assert!(matches!(result, Err(StoreError::Cancelled)), "{result:?}");
    let listed = store.list_snapshots().expect("list");
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), vec![first]);
    assert_eq!(store.load_estate(first).expect("loads"), generated.estate);
    // The next write gets a fresh id and nothing of the cancelled one shows.
    let second = store
        .insert_snapshot(&generated.meta, &generated.estate)
        .expect("second");
    assert_eq!(
        store.load_estate(second).expect("loads").entity_count(),
        generated.estate.entity_count()
    );
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.sqlite");
    let content = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(&path, &content).expect("write");
    let error = Store::open(&path).err().expect("refused");
    assert!(matches!(error, StoreError::NotSqlite { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("notes.sqlite") && message.contains("untouched"),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).expect("still there"), content);
}

#[test]
fn a_damaged_database_is_reported_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("damaged.sqlite");
    {
        let generated = demo::generate(5, 0).expect("generated");
        let mut store = Store::open(&path).expect("create");
        store
            .insert_snapshot(&generated.meta, &generated.estate)
            .expect("stored");
    }
    let mut bytes = std::fs::read(&path).expect("read");
    assert!(bytes.len() > 64 * 1024, "a real file of several pages");
    // Keep the header, wreck every page after the first.
    for (offset, byte) in bytes.iter_mut().enumerate().skip(4096) {
        *byte = (offset * 31 % 251) as u8;
    }
    std::fs::write(&path, &bytes).expect("damage");
    let outcome = Store::open(&path).and_then(|store| {
        let id = store.resolve_snapshot(None)?;
        store.load_estate(id).map(|_| ())
    });
    let error = outcome.expect_err("damage is detected");
    assert!(
        matches!(
            error,
            StoreError::Corrupt { .. }
                | StoreError::DamagedForWriting { .. }
                | StoreError::NotSqlite { .. }
        ),
        "{error:?}"
    );
    assert!(error.to_string().contains("damaged.sqlite"), "{error}");
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        bytes,
        "never rewritten"
    );
}

#[test]
fn a_database_from_a_newer_edge_atlas_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("future.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch("CREATE TABLE future_things (x); PRAGMA user_version = 99;")
            .expect("future schema");
        conn.pragma_update(None, "application_id", APPLICATION_ID)
            .expect("stamped by that Edge Atlas");
    }
    let before = std::fs::read(&path).expect("read");
    let error = Store::open(&path).err().expect("refused");
    match &error {
        StoreError::NewerSchema {
            found, supported, ..
        } => assert_eq!((*found, *supported), (99, CURRENT_VERSION)),
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    assert!(error.to_string().contains("upgrade Edge Atlas"), "{error}");
    assert_eq!(std::fs::read(&path).expect("still there"), before);
}

#[test]
fn asking_for_a_missing_snapshot_is_a_clear_error() {
    let mut store = Store::open_in_memory().expect("store");
    assert!(matches!(
        store.resolve_snapshot(None),
        Err(StoreError::Empty)
    ));
    let generated = demo_estate();
    store
        .insert_snapshot(
            &SnapshotMeta {
                source: "test".into(),
                ..Default::default()
            },
            &generated.estate,
        )
        .expect("stored");
    let error = store.load_estate(42).expect_err("no snapshot 42");
    assert!(matches!(error, StoreError::SnapshotNotFound(42)));
    assert!(
        error.to_string().contains("edge-atlas snapshots"),
        "{error}"
    );
}

fn application_id(path: &std::path::Path) -> i32 {
    rusqlite::Connection::open(path)
        .and_then(|c| c.query_row("PRAGMA application_id", [], |r| r.get(0)))
        .expect("readable")
}

/// The file and any `-wal` / `-shm` beside it, byte for byte.
fn files_of(path: &std::path::Path) -> Vec<(String, Option<Vec<u8>>)> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let file = format!("{}{suffix}", path.display());
            let bytes = std::fs::read(&file).ok();
            (file, bytes)
        })
        .collect()
}

#[test]
fn another_applications_sqlite_file_is_never_changed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.db");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        conn.execute_batch(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);
             INSERT INTO notes (text) VALUES ('buy milk');
             PRAGMA user_version = 3;",
        )
        .expect("another application's schema");
    }
    let before = files_of(&path);
    for open in [Store::open, Store::open_existing] {
        let error = open(&path).err().expect("refused");
        assert!(matches!(error, StoreError::Foreign { .. }), "{error:?}");
        let message = error.to_string();
        assert!(
            message.contains("notes.db")
                && message.contains("not an Edge Atlas one")
                && message.contains("notes"),
            "{message}"
        );
    }
    assert_eq!(files_of(&path), before, "no table, pragma or journal added");
}

#[test]
fn databases_of_earlier_versions_are_recognised_by_their_schema_and_stamped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("before-the-stamp.sqlite");
    {
        let conn = rusqlite::Connection::open(&path).expect("create");
        for sql in MIGRATIONS {
            conn.execute_batch(sql).expect("schema");
        }
        conn.pragma_update(None, "user_version", CURRENT_VERSION)
            .expect("version");
    }
    assert_eq!(application_id(&path), 0);
    Store::open_existing(&path).expect("recognised");
    assert_eq!(application_id(&path), APPLICATION_ID);
    // A new file and an empty SQLite file are stamped too.
    let new = dir.path().join("new.sqlite");
    Store::open(&new).expect("created");
    assert_eq!(application_id(&new), APPLICATION_ID);
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").expect("empty file");
    Store::open(&empty).expect("an empty file becomes a database");
    assert_eq!(application_id(&empty), APPLICATION_ID);
}

#[test]
fn a_damaged_database_is_refused_for_writing_with_how_to_recover() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("two-bad-pages.sqlite");
    {
        let generated = demo::generate(5, 0).expect("generated");
        let mut store = Store::open(&path).expect("create");
        store
            .insert_snapshot(&generated.meta, &generated.estate)
            .expect("stored");
        // Everything in the main file, no WAL left beside it.
        drop(store);
        let conn = rusqlite::Connection::open(&path).expect("reopen");
        conn.pragma_update(None, "journal_mode", "DELETE")
            .expect("checkpoint");
    }
    let mut bytes = std::fs::read(&path).expect("read");
    let pages = bytes.len() / 4096;
    assert!(pages > 8, "{pages} pages");
    // Two pages in the middle of the entity table's B-tree, as a disk error would leave them.
    for page in [pages / 2, pages / 2 + 1] {
        for byte in &mut bytes[page * 4096..(page + 1) * 4096] {
            *byte = 0xA5;
        }
    }
    std::fs::write(&path, &bytes).expect("damage");
    let error = Store::open(&path).err().expect("refused for writing");
    assert!(
        matches!(error, StoreError::DamagedForWriting { .. }),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(
        message.contains("two-bad-pages.sqlite")
            && message.contains("export-snapshot")
            && message.contains("import-snapshot"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&path).expect("still there"),
        bytes,
        "nothing written"
    );
}

#[test]
fn reading_a_database_that_does_not_exist_creates_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("sub").join("typo.sqlite");
    let error = Store::open_existing(&path).err().expect("refused");
    assert!(matches!(error, StoreError::NotFound { .. }), "{error:?}");
    assert!(error.to_string().contains("typo.sqlite"), "{error}");
    assert!(!path.exists() && !path.parent().expect("parent").exists());
}
