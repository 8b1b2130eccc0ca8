//! The Edge Atlas desktop app as a library, so the whole app can be driven by tests
//! (`egui_kittest`) exactly as the binary runs it. [`app`] is the shell; [`views`] has one file
//! per view; [`scene_painter`] draws the library's scenes (the one drawing model) with egui.
//! Everything shown is computed by the `edge_atlas` library.

pub mod app;
pub mod scene_painter;
pub mod views;
