//! The one `edge-atlas` binary: the desktop app without a subcommand, the CLI with one.
//!
//! Deliberately thin: argument parsing and every command live in the `edge_atlas` library
//! (`edge_atlas::cli`), the app in the `edge_atlas_app` library.

use std::process::ExitCode;

use clap::Parser;
use edge_atlas::cli::{Cli, Command, database_path, run};
use edge_atlas_app::app;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("EDGE_ATLAS_LOG")
                .unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let db = match database_path(cli.db.as_deref()) {
        Ok(db) => db,
        Err(error) => {
            eprintln!("error: {error:#}");
            return ExitCode::FAILURE;
        }
    };
    match &cli.command {
        Some(command) => match dispatch(&db, command) {
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

/// `sync` goes to the crate that links the AWS SDK; everything else to the library's CLI.
fn dispatch(db: &std::path::Path, command: &Command) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Sync(args) => edge_atlas_sync::cli::run(db, args, &mut out),
        other => run(db, other, &mut out),
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .filter_map(|cause| cause.downcast_ref::<std::io::Error>())
        .any(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
}
