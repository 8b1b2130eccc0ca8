//! Every integration test of the `edge-atlas` library, in one test binary.
//!
//! One binary instead of one per file: the release profile (the one the suite runs in) links
//! each test binary with thin LTO, so thirteen binaries cost thirteen links. The files stay one
//! suite each, as modules; run one with `cargo test --release -p edge-atlas --test suite store::`.

mod build_plan;
mod catalog;
mod demo;
mod domain_truth;
mod export;
mod pictures;
mod planner;
mod planner_input;
mod report;
mod sizing;
mod snapshot_file;
mod store;
mod store_crash;
mod topology;
mod topology_by_account;
