//! The current view as a picture for the File menu's exports and the clipboard: the map (with
//! the Planner's candidates when shown), the estate graph as filtered on screen (groups
//! collapsed as on screen, drawn whole), the selection's neighbourhood, the rack network with
//! its take-out impact, or the rack elevations. The scenes are the ones the views draw; the
//! files come from the library's exporters (SVG from the scene, PNG by resvg, draw.io), written
//! atomically so a failed export keeps the old file.

use std::path::Path;

use edge_atlas::export::{ExportFormat, drawio, pictures, png};
use edge_atlas::report::write_atomically;
use edge_atlas::scene::Scene;
use edge_atlas::scene::graph::{GraphLayout, Marks};
use edge_atlas::scene::style::Palette;
use edge_atlas::scene::svg::to_svg;
use edge_atlas::topology::Topology;
use eframe::egui;
use petgraph::graph::NodeIndex;

/// The longest side of a picture copied to the clipboard, pixels.
const CLIPBOARD_MAX_SIDE_PX: f32 = 4096.0;

/// What a picture is drawn from.
pub enum Drawing<'a> {
    /// A finished scene and the pixels per scene unit its PNG is drawn at.
    Scene {
        /// The scene.
        scene: Scene,
        /// PNG pixels per scene unit before the size cap.
        px_per_unit: f32,
    },
    /// A graph layout, drawn at the detail each output's scale calls for.
    Graph {
        /// The estate graph.
        topology: &'a Topology,
        /// Its layout (as on screen, or the neighbourhood's).
        layout: GraphLayoutRef<'a>,
        /// The node marked as selected, if any.
        selected: Option<NodeIndex>,
    },
}

/// A layout borrowed from the Graph view, or built for the export.
pub enum GraphLayoutRef<'a> {
    /// The Graph view's.
    Shown(&'a GraphLayout),
    /// Built for this picture.
    Built(Box<GraphLayout>),
}

impl GraphLayoutRef<'_> {
    fn get(&self) -> &GraphLayout {
        match self {
            GraphLayoutRef::Shown(layout) => layout,
            GraphLayoutRef::Built(layout) => layout,
        }
    }
}

/// The nodes a draw.io export writes, and of which graph.
pub enum Diagram<'a> {
    /// These nodes of the estate graph.
    Estate(&'a Topology, Vec<NodeIndex>),
    /// A rack network as a graph of its own.
    RackNetwork(Box<Topology>),
}

/// One view's picture, ready to be written.
pub struct ViewPicture<'a> {
    /// What it shows, for the draw.io page name and messages ("Estate graph").
    pub title: String,
    /// The drawing.
    pub drawing: Drawing<'a>,
    /// What a draw.io export holds, when the view is a graph.
    pub diagram: Option<Diagram<'a>>,
}

impl ViewPicture<'_> {
    /// The formats this picture can be written in.
    pub fn formats(&self) -> Vec<ExportFormat> {
        let mut formats = vec![ExportFormat::Svg, ExportFormat::Png];
        if self.diagram.is_some() {
            formats.push(ExportFormat::Drawio);
        }
        formats
    }

    /// The picture as a scene at `scale` pixels per unit (the graph's detail follows it).
    fn scene_at(&self, palette: &Palette, scale: Option<f32>) -> (Scene, f32) {
        match &self.drawing {
            Drawing::Scene { scene, px_per_unit } => {
                let extent = extent(scene);
                let scale = scale.unwrap_or_else(|| {
                    png::fitting_scale(*px_per_unit, extent, png::DEFAULT_MAX_SIDE_PX)
                });
                (scene.clone(), scale)
            }
            Drawing::Graph {
                topology,
                layout,
                selected,
            } => {
                let layout = layout.get();
                let (min, max) = layout.bounds();
                let scale = scale.unwrap_or_else(|| {
                    png::fitting_scale(
                        pictures::GRAPH_EXPORT_SCALE,
                        [max.x - min.x, max.y - min.y],
                        png::DEFAULT_MAX_SIDE_PX,
                    )
                });
                let marks = Marks {
                    selected: *selected,
                    ..Marks::default()
                };
                (
                    pictures::graph_layout_scene(layout, topology, palette, &marks, scale),
                    scale,
                )
            }
        }
    }

    /// The file's bytes in `format`.
    pub fn bytes(&self, format: ExportFormat, palette: &Palette) -> Result<Vec<u8>, String> {
        match format {
            ExportFormat::Svg => {
                // Every label, whatever the size (an SVG is zoomed in on).
                let scale = matches!(self.drawing, Drawing::Graph { .. })
                    .then_some(pictures::GRAPH_EXPORT_SCALE);
                let (scene, _) = self.scene_at(palette, scale);
                Ok(to_svg(&scene, png::MARGIN).into_bytes())
            }
            ExportFormat::Png => {
                let (scene, scale) = self.scene_at(palette, None);
                png::scene_to_png(&scene, scale).map_err(|e| e.to_string())
            }
            ExportFormat::Drawio => match &self.diagram {
                Some(Diagram::Estate(topology, nodes)) => {
                    Ok(drawio::to_drawio(topology, nodes, palette, &self.title).into_bytes())
                }
                Some(Diagram::RackNetwork(topology)) => {
                    let nodes: Vec<NodeIndex> = topology.graph.node_indices().collect();
                    Ok(drawio::to_drawio(topology, &nodes, palette, &self.title).into_bytes())
                }
                None => Err(format!(
                    "{} cannot be written as draw.io: use SVG or PNG",
                    self.title
                )),
            },
            other => Err(format!(
                "{} cannot be written as {}: use {}",
                self.title,
                other.name(),
                self.formats()
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Writes the picture to `path` in `format` (atomically); says what was written.
    pub fn write(
        &self,
        path: &Path,
        format: ExportFormat,
        palette: &Palette,
    ) -> Result<String, String> {
        let bytes = self.bytes(format, palette)?;
        write_atomically(path, &bytes).map_err(|e| format!("{}: {e}", path.display()))?;
        Ok(format!(
            "Wrote {} as {} to {} ({} bytes)",
            self.title,
            format.name(),
            path.display(),
            bytes.len()
        ))
    }

    /// The picture as an image for the clipboard (its longest side at most 4096 pixels).
    pub fn image(&self, palette: &Palette) -> Result<egui::ColorImage, String> {
        let (scene, scale) = self.scene_at(palette, None);
        let scale = png::fitting_scale(scale, extent(&scene), CLIPBOARD_MAX_SIDE_PX);
        let pixels = png::scene_to_pixels(&scene, scale).map_err(|e| e.to_string())?;
        Ok(egui::ColorImage::from_rgba_premultiplied(
            [pixels.width as usize, pixels.height as usize],
            &pixels.rgba_premultiplied,
        ))
    }
}

fn extent(scene: &Scene) -> [f32; 2] {
    scene
        .bounds()
        .map_or([1.0, 1.0], |(min, max)| [max.x - min.x, max.y - min.y])
}

/// The selection's neighbourhood in the estate graph (see
/// [`pictures::hidden_outside_neighbourhood`]), laid out on its own.
pub fn neighbourhood<'a>(topology: &'a Topology, node: NodeIndex) -> ViewPicture<'a> {
    let hidden = pictures::hidden_outside_neighbourhood(topology, node);
    let layout = GraphLayout::build(topology, &GraphLayout::options(Default::default(), hidden));
    let nodes = layout.drawn_nodes().to_vec();
    let label = &topology.node(node).label;
    ViewPicture {
        title: format!("Neighbourhood of {label}"),
        drawing: Drawing::Graph {
            topology,
            layout: GraphLayoutRef::Built(Box::new(layout)),
            selected: Some(node),
        },
        diagram: Some(Diagram::Estate(topology, nodes)),
    }
}

/// The file name a save dialog proposes for `node`'s neighbourhood, without extension.
pub fn neighbourhood_stem(topology: &Topology, node: NodeIndex) -> String {
    format!("neighbourhood-{}", file_safe(&topology.node(node).id))
}

/// `text` with everything but letters, digits, `-`, `_` and `.` made `-`, for proposed file
/// names.
pub fn file_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect()
}
