//! Exports: the pictures the app draws, as files others keep editing or paste into documents,
//! and the inventory as data. [`pictures`] builds the same scenes the screen draws (the map,
//! the estate graph, one Outpost's rack network with its take-out impact, its rack
//! elevations); [`png`] rasterises a scene without a window (resvg, the shipped fonts);
//! [`drawio`] writes the graph as an editable diagrams.net file;
//! [`inventory_csv`] writes a kind's records as CSV, formula-looking cells made inert. SVG
//! comes from `scene::svg`, DOT and GraphML from `topology`. Files are written atomically by
//! [`crate::report::write_atomically`].

pub mod diff_csv;
pub mod drawio;
pub mod inventory_csv;
pub mod pictures;
pub mod png;

use std::path::Path;

/// A file format an export can be written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// SVG, from the scene.
    Svg,
    /// PNG, the scene rasterised.
    Png,
    /// Graphviz DOT.
    Dot,
    /// GraphML.
    Graphml,
    /// draw.io (mxGraph XML), editable in diagrams.net.
    Drawio,
    /// CSV.
    Csv,
    /// JSON.
    Json,
}

impl ExportFormat {
    /// Every format, in the order help texts list them.
    pub const ALL: [ExportFormat; 7] = [
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::Drawio,
        ExportFormat::Dot,
        ExportFormat::Graphml,
        ExportFormat::Csv,
        ExportFormat::Json,
    ];

    /// The format's name as the command line takes it.
    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Dot => "dot",
            ExportFormat::Graphml => "graphml",
            ExportFormat::Drawio => "drawio",
            ExportFormat::Csv => "csv",
            ExportFormat::Json => "json",
        }
    }

    /// The format named `name` (also `gv` for DOT), any case.
    pub fn from_name(name: &str) -> Option<ExportFormat> {
        let name = name.to_ascii_lowercase();
        if name == "gv" {
            return Some(ExportFormat::Dot);
        }
        ExportFormat::ALL.into_iter().find(|f| f.name() == name)
    }

    /// The format a file name's extension says.
    pub fn from_path(path: &Path) -> Option<ExportFormat> {
        ExportFormat::from_name(path.extension()?.to_str()?)
    }
}

/// Why an export could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The scene's SVG could not be read back for rasterising.
    #[error("cannot read the picture's SVG: {0}")]
    Svg(String),
    /// The picture is too large to rasterise at this scale.
    #[error(
        "the picture would be {width} x {height} pixels at this scale (at most {max} a side): use a smaller --scale"
    )]
    TooLarge {
        /// Width asked for.
        width: u64,
        /// Height asked for.
        height: u64,
        /// The largest side rasterised.
        max: u32,
    },
    /// Encoding the PNG failed.
    #[error("cannot encode the PNG: {0}")]
    Png(String),
    /// Writing CSV failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
}
