//! The Edge Atlas desktop app as a library, so the whole app can be driven by tests
//! (`egui_kittest`) and benchmarks exactly as the binary runs it. [`app`] is the shell over a
//! [`workspace`] (the loaded snapshot); [`panes`] the docked tabs; [`views`] has one file per
//! view; [`scene_painter`] draws the library's scenes (the one drawing model) with egui
//! and [`picture_canvas`] makes pictures with clickable elements pannable;
//! [`theme`] turns the library's design tokens into egui visuals; [`settings`] is what persists.
//! Views send [`commands`] to the shell, whose [`worker`] thread does the storage work.
//! [`ui_command`] is the table of the user's commands behind the [`menu_bar`], the shortcuts
//! and the command palette; [`file_dialogs`] answers the File menu's dialogs and
//! [`view_picture`] turns the current view into an exported or copied picture.
//! [`cli`] is the command line (every flag, one function per subcommand).
//! Everything shown is computed by the `edge_atlas` library.

pub mod account_picker;
pub mod app;
pub mod cli;
pub mod commands;
pub mod file_dialogs;
pub mod menu_bar;
pub mod panes;
pub mod picture_canvas;
pub mod scene_painter;
pub mod selection;
pub mod settings;
pub mod theme;
pub mod ui_command;
pub mod view_picture;
pub mod views;
pub mod worker;
pub mod workspace;
