//! The fonts Edge Atlas ships for what it draws without a window (PDF reports, PNG exports):
//! DejaVu Sans regular and bold, embedded in the binary so a file looks the same on every
//! machine, whatever fonts it has (`assets/fonts/LICENSE-DejaVu.txt` holds their licence). SVG
//! is read by usvg with these fonts standing in for `sans-serif`, the family every scene's SVG
//! asks for.

use std::sync::Arc;

/// DejaVu Sans (Bitstream Vera licence).
pub const REGULAR_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold.
pub const BOLD_TTF: &[u8] = include_bytes!("../assets/fonts/DejaVuSans-Bold.ttf");
/// The fonts' family name.
pub const FAMILY: &str = "DejaVu Sans";

/// usvg's options with the shipped fonts as the only fonts, `sans-serif` resolving to them:
/// no system font is looked up, so a file drawn here is drawn the same everywhere.
pub fn svg_options() -> usvg::Options<'static> {
    let mut database = usvg::fontdb::Database::new();
    database.load_font_data(REGULAR_TTF.to_vec());
    database.load_font_data(BOLD_TTF.to_vec());
    database.set_sans_serif_family(FAMILY);
    usvg::Options {
        font_family: FAMILY.to_owned(),
        fontdb: Arc::new(database),
        ..usvg::Options::default()
    }
}
