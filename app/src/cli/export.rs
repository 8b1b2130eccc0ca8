//! `edge-atlas export`: the app's pictures (map, estate graph, an Outpost's rack network and
//! rack elevations) as SVG, PNG, DOT or GraphML, the inventory of a kind as CSV or JSON, and a
//! diff as CSV or JSON, each written atomically to `-o FILE` (the format from `--format` or
//! the file's extension).

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, bail};
use clap::{Args, ValueEnum};

use edge_atlas::catalog::{HardwareCatalog, LocationCatalog};
use edge_atlas::export::{ExportFormat, diff_csv, drawio, inventory_csv, pictures, png};
use edge_atlas::inventory;
use edge_atlas::model::EntityKind;
use edge_atlas::report::write_atomically;
use edge_atlas::scene::Scene;
use edge_atlas::scene::style::Theme;
use edge_atlas::scene::svg::to_svg;
use edge_atlas::store::{SnapshotId, Store};
use edge_atlas::topology::export as graph_export;
use edge_atlas::workspace::{OpenedSnapshot, diff_stored};

use super::table::terminal_safe;

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportWhat {
    /// The world map (svg, png).
    Map,
    /// The estate graph (svg, png, drawio, dot, graphml, json; `--outpost` for one Outpost's
    /// part).
    Graph,
    /// One Outpost's rack network (svg, png, drawio, dot), `--take-out` elements struck out.
    RackNetwork,
    /// One Outpost's rack elevations (svg, png).
    Racks,
    /// The records of one `--kind` (csv, json).
    Inventory,
    /// The diff of `--from` and `--to` (csv, json).
    Diff,
}

/// `export`'s options.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to export.
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// svg, png, drawio, dot, graphml, csv or json [default: from the output file's extension].
    #[arg(long)]
    pub format: Option<String>,
    /// The snapshot [default: the latest].
    #[arg(long)]
    pub snapshot: Option<SnapshotId>,
    /// The Outpost (rack-network, racks; graph: only its part).
    #[arg(long)]
    pub outpost: Option<String>,
    /// Only this Region's part of the graph (graph).
    #[arg(long)]
    pub region: Option<String>,
    /// The kind of entity (inventory).
    #[arg(long)]
    pub kind: Option<EntityKind>,
    /// Elements to take out of the rack network (repeatable), as the Rack network view does.
    #[arg(long = "take-out", value_name = "ID")]
    pub take_out: Vec<String>,
    /// PNG pixels per picture unit [default: 6 for the map (a degree is a unit), else 1,
    /// made smaller when the picture would be over 8192 pixels a side].
    #[arg(long)]
    pub scale: Option<f32>,
    /// The pictures' colours.
    #[arg(long, value_parser = ["light", "dark"], default_value = "light")]
    pub theme: String,
    /// The older snapshot (diff).
    #[arg(long)]
    pub from: Option<SnapshotId>,
    /// The newer snapshot (diff).
    #[arg(long)]
    pub to: Option<SnapshotId>,
    /// The file to write (replaced atomically).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

fn allowed(what: ExportWhat) -> &'static [ExportFormat] {
    use ExportFormat::*;
    match what {
        ExportWhat::Map | ExportWhat::Racks => &[Svg, Png],
        ExportWhat::Graph => &[Svg, Png, Drawio, Dot, Graphml, Json],
        ExportWhat::RackNetwork => &[Svg, Png, Drawio, Dot],
        ExportWhat::Inventory | ExportWhat::Diff => &[Csv, Json],
    }
}

/// `edge-atlas export`.
pub fn export(store: &Store, args: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let what_name = args
        .what
        .to_possible_value()
        .map_or_else(String::new, |v| v.get_name().to_owned());
    let formats = allowed(args.what);
    let names: Vec<&str> = formats.iter().map(|f| f.name()).collect();
    let format = match &args.format {
        Some(name) => ExportFormat::from_name(name)
            .with_context(|| format!("--format {name}: use one of {}", names.join(", ")))?,
        None => ExportFormat::from_path(&args.output).with_context(|| {
            format!(
                "{}: say the format with --format {}, or end the file name in one",
                args.output.display(),
                names.join("|")
            )
        })?,
    };
    if !formats.contains(&format) {
        bail!(
            "{what_name} cannot be written as {}: use {}",
            format.name(),
            names.join(", ")
        );
    }
    let bytes = match args.what {
        ExportWhat::Diff => {
            let (Some(from), Some(to)) = (args.from, args.to) else {
                bail!(
                    "export diff needs --from A --to B (snapshot ids, see `edge-atlas snapshots`)"
                );
            };
            let diff = diff_stored(store, from, to)?;
            match format {
                ExportFormat::Csv => diff_csv::diff_to_csv(&diff)?,
                _ => serde_json::to_vec_pretty(&serde_json::json!({
                    "from": from, "to": to, "not_fetched": diff.not_fetched, "diff": diff,
                }))?,
            }
        }
        ExportWhat::Inventory => {
            let Some(kind) = args.kind else {
                bail!("export inventory needs --kind KIND (e.g. outpost, subnet, instance)");
            };
            let id = store.resolve_snapshot(args.snapshot)?;
            let estate = store.load_estate(id)?;
            let records = inventory::records(&estate, kind, false)?;
            match format {
                ExportFormat::Csv => {
                    inventory_csv::records_to_csv(&records, inventory::columns(kind))?
                }
                _ => serde_json::to_vec_pretty(&records)?,
            }
        }
        _ => picture(store, args, format)?,
    };
    write_atomically(&args.output, &bytes)?;
    writeln!(
        out,
        "wrote {} ({} {}, {} bytes)",
        terminal_safe(&args.output.display().to_string()),
        what_name,
        format.name(),
        bytes.len()
    )?;
    Ok(())
}

/// A picture export: the scene the app draws as SVG or PNG, or the graph's own formats.
fn picture(store: &Store, args: &ExportArgs, format: ExportFormat) -> anyhow::Result<Vec<u8>> {
    let opened = OpenedSnapshot::open(store, args.snapshot)?;
    let palette = if args.theme == "dark" {
        Theme::Dark.palette()
    } else {
        Theme::Light.palette()
    };
    let outpost = || {
        args.outpost
            .as_deref()
            .context("this export needs --outpost ID (see `edge-atlas inventory --kind outpost`)")
    };
    if let Some(region) = &args.region {
        if args.what != ExportWhat::Graph {
            bail!("--region limits the graph only");
        }
        if !opened
            .topology
            .graph
            .node_weights()
            .any(|node| node.region.as_deref() == Some(region))
        {
            bail!("no Region {region} in the snapshot (see `edge-atlas inventory --kind region`)");
        }
    }
    if args.what == ExportWhat::Graph && format != ExportFormat::Svg && format != ExportFormat::Png
    {
        let topology = &opened.topology;
        let hidden = pictures::hidden_outside(topology, args.region.as_deref());
        let nodes: Vec<_> = graph_export::select(topology, args.outpost.as_deref())
            .into_iter()
            .filter(|node| !hidden.get(node.index()).copied().unwrap_or(false))
            .collect();
        let text = match format {
            ExportFormat::Drawio => drawio::to_drawio(topology, &nodes, palette, "Estate graph"),
            ExportFormat::Dot => graph_export::to_dot(topology, &nodes),
            ExportFormat::Graphml => graph_export::to_graphml(topology, &nodes),
            _ => serde_json::to_string_pretty(&graph_export::to_json(topology, &nodes))?,
        };
        return Ok(text.into_bytes());
    }
    if args.what == ExportWhat::RackNetwork
        && matches!(format, ExportFormat::Dot | ExportFormat::Drawio)
    {
        let outpost_id = outpost()?;
        let network = opened
            .topology
            .rack_networks
            .iter()
            .find(|n| n.outpost_id == outpost_id)
            .with_context(|| format!("no Outpost {outpost_id} in the snapshot"))?;
        if format == ExportFormat::Dot {
            return Ok(graph_export::rack_network_dot(network).into_bytes());
        }
        let topology = edge_atlas::topology::Topology::of_rack_network(network);
        let nodes: Vec<_> = topology.graph.node_indices().collect();
        let title = format!("Rack network of {outpost_id}");
        return Ok(drawio::to_drawio(&topology, &nodes, palette, &title).into_bytes());
    }
    // Pixels per unit of a PNG: as asked, else the picture's natural scale made smaller to
    // keep the longest side within png::DEFAULT_MAX_SIDE_PX.
    let png_scale = |extent: [f32; 2]| {
        args.scale.unwrap_or_else(|| {
            let natural = if args.what == ExportWhat::Map {
                png::MAP_PX_PER_DEGREE
            } else {
                1.0
            };
            png::fitting_scale(natural, extent, png::DEFAULT_MAX_SIDE_PX)
        })
    };
    if args.what == ExportWhat::Graph && format == ExportFormat::Png {
        // Drawn at the PNG's scale, as the screen draws that zoom.
        let (scene, scale) =
            pictures::graph_at(&opened.topology, args.region.as_deref(), palette, png_scale);
        return Ok(png::scene_to_png(&scene, scale)?);
    }
    let scene: Scene = match args.what {
        ExportWhat::Map => {
            let catalog = LocationCatalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
            pictures::map(&opened.estate, &opened.topology, catalog, palette)
        }
        ExportWhat::Graph => pictures::graph(&opened.topology, args.region.as_deref(), palette),
        ExportWhat::RackNetwork => {
            pictures::rack_network(&opened.topology, outpost()?, &args.take_out, palette)?
        }
        _ => {
            let hardware = HardwareCatalog::embedded().map_err(|e| anyhow::anyhow!("{e}"))?;
            pictures::racks(
                &opened.estate,
                &opened.topology,
                outpost()?,
                hardware,
                palette,
            )?
        }
    };
    Ok(match format {
        ExportFormat::Png => {
            let extent = scene
                .bounds()
                .map_or([1.0, 1.0], |(min, max)| [max.x - min.x, max.y - min.y]);
            png::scene_to_png(&scene, png_scale(extent))?
        }
        _ => to_svg(&scene, png::MARGIN).into_bytes(),
    })
}
