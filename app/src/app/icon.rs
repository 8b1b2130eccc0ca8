//! The window's icon, rasterised from the one SVG every icon size comes from.

use eframe::egui;

/// The application icon (`assets/icons/edge-atlas.svg`, the one source of every icon size)
/// rasterised at 256 pixels for the window; `None` if it cannot be drawn (the window then has
/// the platform's default icon).
pub(super) fn window_icon() -> Option<egui::IconData> {
    const ICON_SVG: &str = include_str!("../../../assets/icons/edge-atlas.svg");
    let pixels = edge_atlas::export::png::svg_to_pixels(ICON_SVG, 1.0).ok()?;
    // The window system wants straight (not premultiplied) alpha.
    let mut rgba = pixels.rgba_premultiplied;
    for pixel in rgba.chunks_exact_mut(4) {
        let alpha = u16::from(pixel[3]);
        if alpha > 0 && alpha < 255 {
            for channel in &mut pixel[..3] {
                *channel = (u16::from(*channel) * 255 / alpha).min(255) as u8;
            }
        }
    }
    Some(egui::IconData {
        rgba,
        width: pixels.width,
        height: pixels.height,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_is_drawn_from_the_svg() {
        let icon = super::window_icon().expect("the icon draws");
        assert_eq!((icon.width, icon.height), (256, 256));
        let pixel = |x: usize, y: usize| {
            let at = (y * 256 + x) * 4;
            &icon.rgba[at..at + 4]
        };
        assert_eq!(
            pixel(0, 0)[3],
            0,
            "the corner outside the rounded square is clear"
        );
        assert_eq!(pixel(128, 30)[3], 255, "the middle is opaque");
    }
}
