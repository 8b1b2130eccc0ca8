//! The app's views, one per file. Each draws from data the library computed; none reaches into
//! the store.

pub mod build_plan;
pub mod command_palette;
pub mod connect_window;
pub mod details;
pub mod graph;
pub mod help;
pub mod history;
pub mod host_usage;
pub mod inventory;
pub mod map;
pub mod overlay_editor;
pub mod overview;
pub mod planner;
pub mod rack_network;
pub mod racks;
pub mod search;
pub mod sync;
pub mod workload_list;

/// The items of a comma-separated field as typed (trimmed, empty ones dropped).
pub(crate) fn comma_list(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .map(str::to_owned)
        .collect()
}
