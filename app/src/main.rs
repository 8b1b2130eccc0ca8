//! The one `edge-atlas` binary: the desktop app without a subcommand, the CLI with one.
//!
//! Deliberately thin: argument parsing and every command live in `edge_atlas_app::cli`, the app
//! in `edge_atlas_app::app`.

use std::io::IsTerminal as _;
use std::process::ExitCode;

use clap::Parser;
use edge_atlas_app::app;
use edge_atlas_app::cli::{Cli, database_path, log_file_path, run};

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    init_logging(cli.command.is_none());

    let db = match database_path(cli.db.as_deref()) {
        Ok(db) => db,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    match &cli.command {
        Some(command) => match run(&db, command, &mut std::io::stdout().lock()) {
            Ok(code) => code,
            // `edge-atlas inventory | head`: the reader left; that is not an error.
            Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        },
        None => match app::run(db, started) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("error: {error:#}");
                ExitCode::FAILURE
            }
        },
    }
}

/// Logs to standard error, or, for the window started without a terminal (from a desktop menu,
/// where standard error goes nowhere), to the log file in the state directory. The level comes
/// from `EDGE_ATLAS_LOG` (e.g. `info`, `edge_atlas_aws=debug`), by default warnings.
fn init_logging(window: bool) {
    let filter = || {
        tracing_subscriber::EnvFilter::try_from_env("EDGE_ATLAS_LOG")
            // tiny-skia warns of every dash it cannot draw on a zero-length segment while
            // rasterising a PNG export; the picture is right, the warning only noise.
            .unwrap_or_else(|_| "warn,tiny_skia=error".into())
    };
    let terminal = std::io::stderr().is_terminal();
    if window && !terminal {
        let file = log_file_path().and_then(|path| {
            std::fs::create_dir_all(path.parent()?).ok()?;
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .ok()
        });
        if let Some(file) = file {
            tracing_subscriber::fmt()
                .with_env_filter(filter())
                .with_writer(std::sync::Mutex::new(file))
                .with_ansi(false)
                .init();
            return;
        }
    }
    tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_writer(std::io::stderr)
        // Colour only where a person reads it: never escape codes in a log file or a pipe.
        .with_ansi(terminal)
        .init();
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
