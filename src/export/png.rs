//! A scene as PNG without a window: the scene's SVG (`scene::svg`, what an SVG export holds)
//! read by usvg with the shipped fonts and rasterised by resvg at a chosen scale, so the PNG
//! and the SVG of a picture are the same drawing. Pictures larger than [`MAX_SIDE_PX`] a side
//! are refused with the scale that would fit, rather than allocating gigabytes.

use super::ExportError;
use crate::scene::Scene;
use crate::scene::svg::to_svg;

/// The largest side a PNG export is drawn at, pixels.
pub const MAX_SIDE_PX: u32 = 16_384;

/// The margin around an exported picture, scene units: room for labels the shipped font
/// draws wider than the scene's estimate of their width (SVG exports use it too).
pub const MARGIN: f32 = 40.0;

/// `scene` as PNG bytes at `scale` pixels per scene unit.
pub fn scene_to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, ExportError> {
    svg_to_png(&to_svg(scene, MARGIN), scale)
}

/// An SVG document as PNG bytes at `scale` pixels per SVG unit.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    let scale = if scale.is_finite() && scale > 0.0 {
        scale
    } else {
        1.0
    };
    let tree = usvg::Tree::from_str(svg, &crate::fonts::svg_options())
        .map_err(|e| ExportError::Svg(e.to_string()))?;
    let size = tree.size();
    let (width, height) = (
        (f64::from(size.width()) * f64::from(scale)).ceil() as u64,
        (f64::from(size.height()) * f64::from(scale)).ceil() as u64,
    );
    if width > u64::from(MAX_SIDE_PX) || height > u64::from(MAX_SIDE_PX) {
        return Err(ExportError::TooLarge {
            width,
            height,
            max: MAX_SIDE_PX,
        });
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(width.max(1) as u32, height.max(1) as u32)
        .ok_or_else(|| ExportError::Png("cannot allocate the image".to_owned()))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ExportError::Png(e.to_string()))
}
