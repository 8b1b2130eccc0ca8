//! The PDF report's fonts: the shipped DejaVu Sans faces krilla embeds, with the glyph
//! metrics the page flow measures text with, and the usvg options its diagrams are read with.

use krilla::text::Font;
use skrifa::instance::{LocationRef, Size as FontSize};
use skrifa::metrics::GlyphMetrics;
use skrifa::{FontRef, MetadataProvider};

use super::flow::{Style, Weight};
use crate::fonts::{BOLD_TTF, REGULAR_TTF, svg_options};

/// One face: the font krilla embeds and the metrics the flow measures with.
pub(super) struct Face {
    pub(super) font: Font,
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: GlyphMetrics<'static>,
}

impl Face {
    fn new(data: &'static [u8]) -> Result<Face, String> {
        let font_ref =
            FontRef::new(data).map_err(|e| format!("cannot read a shipped font: {e}"))?;
        Ok(Face {
            font: Font::new(data.into(), 0).ok_or("cannot load a shipped font")?,
            charmap: font_ref.charmap(),
            metrics: font_ref.glyph_metrics(FontSize::new(1.0), LocationRef::default()),
        })
    }

    /// The advance of `text` at 1 pt.
    fn width_em(&self, text: &str) -> f32 {
        text.chars()
            .map(|c| {
                let glyph = self.charmap.map(c).unwrap_or_default();
                self.metrics.advance_width(glyph).unwrap_or(0.6)
            })
            .sum()
    }
}

/// The report's fonts, loaded once per report.
pub struct Fonts {
    regular: Face,
    bold: Face,
    svg_options: usvg::Options<'static>,
}

impl Fonts {
    /// Loads the shipped fonts, for the text and for the diagrams.
    pub fn load() -> Result<Fonts, String> {
        Ok(Fonts {
            regular: Face::new(REGULAR_TTF)?,
            bold: Face::new(BOLD_TTF)?,
            svg_options: svg_options(),
        })
    }

    pub(super) fn face(&self, weight: Weight) -> &Face {
        match weight {
            Weight::Regular => &self.regular,
            Weight::Bold => &self.bold,
        }
    }

    /// Reads a diagram's SVG into the tree [`super::flow::Flow::figure`] draws, its text in the
    /// shipped fonts (laying out its labels is most of a report's PDF time, so callers read
    /// diagrams on several threads).
    pub fn read_svg(&self, svg: &str) -> Result<usvg::Tree, String> {
        usvg::Tree::from_str(svg, &self.svg_options).map_err(|error| error.to_string())
    }

    /// The width of `text` in `style`, points.
    pub fn width(&self, text: &str, style: Style) -> f32 {
        self.face(style.weight).width_em(text) * style.size_pt
    }
}
