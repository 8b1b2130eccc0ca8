//! Store benchmark: write and load back a snapshot of about 100k entities (the target:
//! <= 0.5 s to write, <= 0.3 s to load), the `quick_check` a write-open runs, plus diff and
//! snapshot-file round trips for context.
//!
//! Run: `cargo bench --bench store` (release profile). Optional arguments: `--scale N` (business
//! units; default 282, about 100.7k entities), `--runs N` (default 5) and `--write-load-only`
//! (skips the quick_check, diff and file round trips, and generating the second estate the
//! diff needs). Prints the median and the range of each measurement.

mod common;

use std::time::Instant;

use common::{flag, option, report};

use edge_atlas::demo;
use edge_atlas::diff::diff;
use edge_atlas::snapshot_file::SnapshotFile;
use edge_atlas::store::Store;

fn main() -> anyhow::Result<()> {
    let scale = option("--scale", 282u32);
    let runs = option("--runs", 5usize).max(1);

    let write_load_only = flag("--write-load-only");

    let started = Instant::now();
    let generated = demo::generate(scale, 1).map_err(|e| anyhow::anyhow!("{e}"))?;
    let entities = generated.estate.entity_count();
    println!(
        "estate: scale {scale}, {entities} entities (generated in {:.0} ms)",
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
