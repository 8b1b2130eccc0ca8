//! Every integration test of the app crate, in one test binary.
//!
//! One binary instead of one per file: the release profile links each test binary with thin
//! LTO across the whole GUI stack (egui, wgpu, winit), which took 3-4 minutes per binary on the
//! CI machine's two cores. The files stay one suite each, as modules; run one with
//! `cargo test --release -p edge-atlas-app --test suite racks::`.

mod cli_common;
mod common;

mod app;
mod cli;
mod cli_conventions;
mod cli_credentials;
mod cli_netplan;
mod cli_outputs;
mod cli_planner;
mod cli_size;
mod cli_sync;
mod connect;
mod connect_window;
mod history_view;
mod menus;
mod opening;
mod racks;
mod responsive;
mod sizing_view;
mod sync_view;
