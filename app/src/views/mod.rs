//! The app's views, one per file. Each draws from data the library computed; none reaches into
//! the store.

pub mod details;
pub mod graph;
pub mod history;
pub mod inventory;
pub mod map;
pub mod overlay_editor;
pub mod overview;
pub mod planner;
pub mod rack_network;
pub mod racks;
pub mod search;
pub mod sync;
