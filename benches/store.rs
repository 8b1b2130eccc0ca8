//! Store benchmark: write and load back a snapshot of about 100k entities (the target:
//! <= 0.5 s to write, <= 0.3 s to load), the `quick_check` a write-open runs, plus diff and
//! snapshot-file round trips for context.
//!
//! Run: `cargo bench --bench store` (release profile). Optional arguments: `--scale N` (business
//! units; default 282, about 100.7k entities), `--runs N` (default 5) and `--write-load-only`
//! (skips the quick_check, diff and file round trips, and generating the second estate the
//! diff needs), `--scramble-ids` (replaces the generator's near-sequential ids, which compress
//! about tenfold, by ids as random as AWS's, consistently across entities: what the store's
//! compression gets from a real estate). Prints the median and the range of each measurement.

mod common;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::time::Instant;

use common::{flag, option, report};

use edge_atlas::demo;
use edge_atlas::diff::diff;
use edge_atlas::model::Estate;
use edge_atlas::snapshot_file::SnapshotFile;
use edge_atlas::store::Store;

fn main() -> anyhow::Result<()> {
    let scale = option("--scale", 282u32);
    let runs = option("--runs", 5usize).max(1);

    let write_load_only = flag("--write-load-only");
    let scramble = flag("--scramble-ids");

    let started = Instant::now();
    let mut generated = demo::generate(scale, 1).map_err(|e| anyhow::anyhow!("{e}"))?;
    if scramble {
        generated.estate = scramble_ids(&generated.estate)?;
    }
    let entities = generated.estate.entity_count();
    println!(
        "estate: scale {scale}, {entities} entities{} (generated in {:.0} ms)",
        if scramble { ", ids scrambled" } else { "" },
        started.elapsed().as_secs_f64() * 1000.0
    );

    let dir = tempfile::tempdir()?;
    let mut writes = Vec::new();
    let mut loads = Vec::new();
    let mut last_id = 0;
    for run in 0..runs {
        let path = dir.path().join(format!("bench-{run}.sqlite"));
        let mut store = Store::open(&path)?;
        let started = Instant::now();
        last_id = store.insert_snapshot(&generated.meta, &generated.estate)?;
        writes.push(started.elapsed());
        drop(store);
        let store = Store::open(&path)?;
        let started = Instant::now();
        let loaded = store.load_estate(last_id)?;
        loads.push(started.elapsed());
        anyhow::ensure!(
            loaded.entity_count() == entities,
            "loaded {} of {entities}",
            loaded.entity_count()
        );
    }
    report(
        "write snapshot (one transaction, file DB, WAL)",
        &mut writes,
    );
    report("load snapshot", &mut loads);
    let size = std::fs::metadata(dir.path().join("bench-0.sqlite"))?.len()
        + std::fs::metadata(dir.path().join("bench-0.sqlite-wal"))
            .map(|m| m.len())
            .unwrap_or(0);
    println!(
        "database size after one snapshot: {:.1} MiB (snapshot id {last_id})",
        size as f64 / 1048576.0
    );

    if write_load_only {
        return Ok(());
    }

    // What opening a file for writing costs on top: SQLite's quick_check of the whole file.
    let store = Store::open(&dir.path().join("bench-0.sqlite"))?;
    let mut checks = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        store.quick_check()?;
        checks.push(started.elapsed());
    }
    report(
        &format!("quick_check of the {entities}-entity database"),
        &mut checks,
    );
    drop(store);

    let other = demo::generate(scale, 2).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut diffs = Vec::new();
    let mut changed = 0;
    for _ in 0..runs {
        let started = Instant::now();
        let result = diff(&generated.estate, &other.estate)?;
        diffs.push(started.elapsed());
        changed = result.added.len() + result.removed.len() + result.changed.len();
    }
    report(
        &format!("diff of two {entities}-entity estates ({changed} differences)"),
        &mut diffs,
    );

    let file = dir.path().join("export.json");
    let mut exports = Vec::new();
    let mut imports = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        SnapshotFile::new(generated.meta.clone(), None, generated.estate.clone()).write(&file)?;
        exports.push(started.elapsed());
        let started = Instant::now();
        let read = SnapshotFile::read(&file)?;
        imports.push(started.elapsed());
        anyhow::ensure!(read.estate.entity_count() == entities);
    }
    report("export snapshot file (pretty JSON, fsync)", &mut exports);
    report("read + validate snapshot file", &mut imports);
    Ok(())
}

/// `estate` with every run of 8 or more hex digits inside a JSON string (the random part of AWS
/// ids and ARNs, asset and account ids) replaced by one derived from it by a fixed hash: the same
/// id gets the same replacement everywhere, but neighbouring ids no longer share digits.
fn scramble_ids(estate: &Estate) -> anyhow::Result<Estate> {
    let mut scrambled = Estate::default();
    let mut json = Vec::new();
    estate.visit_entities(|entity| -> anyhow::Result<()> {
        json.clear();
        entity.write_json(&mut json)?;
        scramble_hex_runs(&mut json);
        scrambled.push_json(entity.kind(), std::str::from_utf8(&json)?)?;
        Ok(())
    })?;
    Ok(scrambled)
}

/// Replaces, in compact JSON, each run of 8 or more hex digits inside a string by digits of the
/// same kind (decimal stays decimal, upper case stays upper case) from a hash of the run.
fn scramble_hex_runs(json: &mut [u8]) {
    let (mut in_string, mut escaped, mut at) = (false, false, 0);
    while at < json.len() {
        let byte = json[at];
        if !in_string || escaped || !byte.is_ascii_hexdigit() {
            match byte {
                _ if escaped => escaped = false,
                b'\\' if in_string => escaped = true,
                b'"' => in_string = !in_string,
                _ => {}
            }
            at += 1;
            continue;
        }
        let end = at
            + json[at..]
                .iter()
                .take_while(|b| b.is_ascii_hexdigit())
                .count();
        if end - at >= 8 {
            let run = &mut json[at..end];
            let decimal = run.iter().all(u8::is_ascii_digit);
            let upper = run.iter().any(u8::is_ascii_uppercase);
            let mut state = DefaultHasher::new();
            run.hash(&mut state);
            let mut bits = state.finish();
            for (position, digit) in run.iter_mut().enumerate() {
                if position % 16 == 15 {
                    bits.hash(&mut state);
                    bits = state.finish();
                }
                let value = (bits >> (4 * (position % 16))) as u8 & 0xf;
                *digit = match (decimal, upper) {
                    (true, _) => b'0' + value % 10,
                    (false, true) => b"0123456789ABCDEF"[usize::from(value)],
                    (false, false) => b"0123456789abcdef"[usize::from(value)],
                };
            }
        }
        at = end;
    }
}
