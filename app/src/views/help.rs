//! The Help menu's windows: every keyboard shortcut (from the command table, so it lists what
//! the menus and the palette bind) and About (the version, and where the shipped facts and
//! figures come from, read from the embedded files' own headers).

use edge_atlas::catalog::sources::data_sources;
use eframe::egui;

use crate::ui_command::UiCommand;

/// Which Help windows are open.
#[derive(Default)]
pub struct HelpWindows {
    /// The keyboard shortcuts window.
    pub shortcuts_open: bool,
    /// The About window.
    pub about_open: bool,
}

impl HelpWindows {
    /// Draws the open windows.
    pub fn show(&mut self, ctx: &egui::Context) {
        // In the middle of the window, clear of the menu bar.
        let middle = ctx.content_rect().center();
        egui::Window::new("Keyboard shortcuts")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(middle)
            .open(&mut self.shortcuts_open)
            .resizable(false)
            .collapsible(false)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for command in UiCommand::all() {
                        let Some(shortcut) = command.shortcut() else {
                            continue;
                        };
                        ui.label(egui::RichText::new(ctx.format_shortcut(&shortcut)).monospace());
                        ui.label(format!("{} ({})", command.text(), command.menu().title()));
                        ui.end_row();
                    }
                    ui.label(egui::RichText::new("Escape").monospace());
                    ui.label("close the palette, a menu or the search results");
                    ui.end_row();
                });
            });
        egui::Window::new("About Edge Atlas")
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(middle)
            .open(&mut self.about_open)
            .default_width(560.0)
            .collapsible(false)
            .show(ctx, |ui| {
                ui.heading(format!("Edge Atlas {}", env!("CARGO_PKG_VERSION")));
                ui.label(
                    "The AWS hybrid-edge estate (Regions, Local Zones, Wavelength Zones, Outposts \
                     and their racks and networks) as a map, a graph and rack pictures, and where \
                     a latency-sensitive workload should run.",
                );
                ui.add_space(6.0);
                ui.strong("Where the shipped facts and figures come from");
                ui.label(
                    "A sync's own answers take precedence over these catalogs; figures marked \
                     \"estimate\" on screen and in reports are Edge Atlas's own.",
                );
                egui::ScrollArea::vertical()
                    .max_height(360.0)
                    .show(ui, |ui| {
                        for source in data_sources() {
                            ui.add_space(4.0);
                            ui.label(
                                egui::RichText::new(format!(
                                    "{}: {}",
                                    source.file, source.used_for
                                ))
                                .strong(),
                            );
                            ui.label(egui::RichText::new(source.header.join(" ")).weak());
                        }
                    });
            });
    }
}
