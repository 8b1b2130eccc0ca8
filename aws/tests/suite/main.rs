//! Every integration test of the sync crate, in one test binary (one thin-LTO link instead of
//! one per file; see `tests/suite/main.rs` at the workspace root). Run one suite with
//! `cargo test --release -p edge-atlas-aws --test suite fault_matrix::`.

mod common;

mod config_aggregator;
mod emulator_sync;
mod fault_matrix;
mod organization;
