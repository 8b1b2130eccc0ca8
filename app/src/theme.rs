//! The app's look from the library's design tokens ([`edge_atlas::scene::style`]): the same
//! palette colours egui's widgets, the map, the graph and exports, in light or dark.

use edge_atlas::scene::Color;
use edge_atlas::scene::style::{Palette, Theme};
use eframe::egui;

/// A token colour as egui's.
pub fn color(color: Color) -> egui::Color32 {
    egui::Color32::from_rgba_unmultiplied(color.r, color.g, color.b, color.a)
}

/// Sets egui's visuals from the theme's palette.
pub fn apply(ctx: &egui::Context, theme: Theme) {
    let palette: &Palette = theme.palette();
    let mut visuals = if palette.dark {
        egui::Visuals::dark()
    } else {
        egui::Visuals::light()
    };
    visuals.panel_fill = color(palette.surface);
    visuals.window_fill = color(palette.surface);
    visuals.extreme_bg_color = color(palette.canvas);
    visuals.hyperlink_color = color(palette.accent);
    visuals.warn_fg_color = color(palette.warning);
    visuals.error_fg_color = color(palette.error);
    visuals.selection.stroke.color = color(palette.selection);
    visuals.widgets.noninteractive.bg_stroke.color = color(palette.border);
    visuals.widgets.noninteractive.fg_stroke.color = color(palette.text);
    ctx.set_visuals(visuals);
}
