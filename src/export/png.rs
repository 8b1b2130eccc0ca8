//! A scene as PNG without a window: the scene's SVG (`scene::svg`, what an SVG export holds)
//! read by usvg with the shipped fonts and rasterised by resvg at a chosen scale, so the PNG
//! and the SVG of a picture are the same drawing. Pictures larger than [`MAX_SIDE_PX`] a side
//! are refused with the scale that would fit, rather than allocating gigabytes.

use super::ExportError;
use crate::scene::Scene;
use crate::scene::svg::to_svg;

/// The largest side a PNG export is drawn at, pixels.
pub const MAX_SIDE_PX: u32 = 16_384;

/// PNG pixels per degree of the map by default (the world about 2,200 pixels wide).
pub const MAP_PX_PER_DEGREE: f32 = 6.0;

/// The longest side a PNG gets when no scale is asked for, pixels.
pub const DEFAULT_MAX_SIDE_PX: f32 = 8192.0;

/// The margin around an exported picture, scene units: room for labels the shipped font
/// draws wider than the scene's estimate of their width (SVG exports use it too).
pub const MARGIN: f32 = 40.0;

/// `scene` as PNG bytes at `scale` pixels per scene unit.
pub fn scene_to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, ExportError> {
    svg_to_png(&to_svg(scene, MARGIN), scale)
}

/// An SVG document as PNG bytes at `scale` pixels per SVG unit.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, ExportError> {
    render(svg, scale)?
        .encode_png()
        .map_err(|e| ExportError::Png(e.to_string()))
}

/// A rasterised picture's pixels, for the clipboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pixels {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// RGBA, premultiplied by alpha, row by row.
    pub rgba_premultiplied: Vec<u8>,
}

/// `scene` rasterised at `scale` pixels per scene unit, as the PNG export draws it.
pub fn scene_to_pixels(scene: &Scene, scale: f32) -> Result<Pixels, ExportError> {
    svg_to_pixels(&to_svg(scene, MARGIN), scale)
}

/// An SVG document rasterised at `scale` pixels per SVG unit (the app's icon, pictures).
pub fn svg_to_pixels(svg: &str, scale: f32) -> Result<Pixels, ExportError> {
    let pixmap = render(svg, scale)?;
    Ok(Pixels {
        width: pixmap.width(),
        height: pixmap.height(),
        rgba_premultiplied: pixmap.take(),
    })
}

/// The scale a picture of `extent` (scene units, without the margin) is drawn at: `natural`,
/// made smaller when the longest side with its margins would pass `max_side_px` pixels.
pub fn fitting_scale(natural: f32, extent: [f32; 2], max_side_px: f32) -> f32 {
    let side = extent[0].max(extent[1]) + 2.0 * MARGIN;
    natural.min(max_side_px / side.max(1.0))
}

fn render(svg: &str, scale: f32) -> Result<resvg::tiny_skia::Pixmap, ExportError> {
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
    Ok(pixmap)
}
