//! Importing a snapshot file: time and peak memory of `edge-atlas import-snapshot`, run as its
//! own process, for a valid file of about a million entities and for a bomb file of empty
//! arrays where entities belong (issue #15's targets: 1M entities in <= 10 s and <= 1.5 GB;
//! peak memory <= 3x the file size for any input).
//!
//! ```sh
//! cargo bench -p edge-atlas-app --bench import -- [--scale 2820] [--bomb-mb 240]
//! ```
//!
//! The files are written by a process of their own; peak memory is each import's maximum
//! resident set (wait4's rusage of that child alone). Not run in CI.

#[allow(dead_code)] // not every bench uses every helper
#[path = "../../benches/common/mod.rs"]
mod common;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::option;
use edge_atlas::snapshot_file::SnapshotFile;

/// What one import did.
struct Imported {
    seconds: f64,
    ok: bool,
    first_lines: String,
    peak_mib: f64,
}

/// Runs `edge-atlas --db DB import-snapshot FILE` and measures that process alone.
#[allow(clippy::zombie_processes)] // the child is reaped by wait4 below, which std cannot see
fn import(db: &Path, file: &Path) -> Imported {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_edge-atlas"))
        .arg("--db")
        .arg(db)
        .arg("import-snapshot")
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("edge-atlas runs");
    let mut stdout = String::new();
    let mut stderr = String::new();
    if let Some(pipe) = child.stdout.as_mut() {
        pipe.read_to_string(&mut stdout).ok();
    }
    if let Some(pipe) = child.stderr.as_mut() {
        pipe.read_to_string(&mut stderr).ok();
    }
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: wait4 reaps this child (spawned above and not yet waited for) and fills the
    // zeroed values it is given.
    let (status, usage) = unsafe {
        let mut status = 0;
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::wait4(pid, &mut status, 0, &mut usage);
        (status, usage)
    };
    let ok = libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0;
    let text = if ok { stdout } else { stderr };
    Imported {
        seconds: started.elapsed().as_secs_f64(),
        ok,
        first_lines: text
            .lines()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .take(300)
            .collect(),
        peak_mib: usage.ru_maxrss as f64 / 1024.0,
    }
}

/// Writes the bomb and the large file into `dir`.
fn make_files(dir: &Path) {
    let bomb_mb: u64 = option("--bomb-mb", 240);
    let pairs = (bomb_mb * 1024 * 1024 / 3) as usize;
    let mut text = String::with_capacity(pairs * 3 + 200);
    text.push_str("{\"format\": \"edge-atlas-snapshot\", \"format_version\": 1, \"snapshot\": {\"source\": \"bomb\"}, \"estate\": {\"vifs\": [");
    for _ in 0..pairs {
        text.push_str("[],");
    }
    text.push_str("[]]}}");
    std::fs::write(dir.join("bomb.json"), text).expect("bomb written");
    let scale: u32 = option("--scale", 2820);
    let generated = edge_atlas::demo::generate(scale, 1).expect("demo");
    println!("large file: {} entities", generated.estate.entity_count());
    SnapshotFile::new(generated.meta, None, generated.estate)
        .write(&dir.join("large.json"))
        .expect("file written");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--make-files-in") {
        make_files(Path::new(&args[at + 1]));
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    // In a process of its own: a child's peak would count the pages it shares with a large
    // parent before exec.
    let made = Command::new(std::env::current_exe().expect("this bench"))
        .args(&args[1..])
        .arg("--make-files-in")
        .arg(dir.path())
        .status()
        .expect("files made");
    assert!(made.success());
    let mib = |path: &Path| std::fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1048576.0);
    for (name, what) in [
        ("bomb", "bomb file of empty arrays"),
        ("large", "valid file"),
    ] {
        let file = dir.path().join(format!("{name}.json"));
        let result = import(&dir.path().join(format!("{name}.sqlite")), &file);
        println!(
            "{what}, {:.0} MiB: {} in {:.2} s, peak {:.0} MiB ({:.2}x the file): {}",
            mib(&file),
            if result.ok { "imported" } else { "refused" },
            result.seconds,
            result.peak_mib,
            result.peak_mib / mib(&file).max(1.0),
            result.first_lines
        );
    }
}
