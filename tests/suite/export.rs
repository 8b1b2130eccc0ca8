//! Exports (issue 19): the rack network's SVG and PNG hold what the screen's scene holds, the
//! graph's DOT renders with Graphviz and its GraphML is well-formed XML, hostile names stay
//! inert in every format, and the inventory's CSV parses back to its JSON records.

use std::collections::BTreeSet;

use edge_atlas::catalog::{HardwareCatalog, LocationCatalog};
use edge_atlas::demo;
use edge_atlas::export::{diff_csv, inventory_csv, pictures, png};
use edge_atlas::inventory;
use edge_atlas::model::EntityKind;
use edge_atlas::scene::Scene;
use edge_atlas::scene::style::LIGHT;
use edge_atlas::scene::svg::to_svg;
use edge_atlas::topology::Topology;
use edge_atlas::topology::export as graph_export;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMAGE: &str = "\"><img src=x onerror=alert(1)>";
const FORMULA: &str = "=HYPERLINK(\"http://x\",\"y\")";

/// The demo with its Outposts, sites and tags named by an attacker.
fn hostile_demo() -> demo::GeneratedEstate {
    let mut demo = demo::demo().expect("demo");
    for (outpost, name) in demo
        .estate
        .outposts
        .iter_mut()
        .zip([SCRIPT, IMAGE, FORMULA])
    {
        outpost.name = name.to_owned();
        outpost.tags.insert("Owner".to_owned(), FORMULA.to_owned());
    }
    for site in &mut demo.estate.sites {
        site.name = IMAGE.to_owned();
    }
    demo
}

/// The entity ids a scene's items carry.
fn scene_entities(scene: &Scene) -> BTreeSet<String> {
    scene
        .items
        .iter()
        .filter_map(|item| item.entity.clone())
        .collect()
}

/// The entity ids an SVG's elements carry (`data-entity`), read back by an XML parser.
fn svg_entities(svg: &str) -> BTreeSet<String> {
    let document = roxmltree::Document::parse(svg).expect("the SVG is well-formed XML");
    document
        .descendants()
        .filter_map(|node| node.attribute("data-entity").map(str::to_owned))
        .collect()
}

#[test]
fn the_rack_network_svg_and_png_hold_what_the_screen_draws() {
    let demo = demo::demo().expect("demo");
    let topology = Topology::build(&demo.estate, &demo.overlay);
    let network = topology
        .rack_networks
        .iter()
        .max_by_key(|n| n.devices.len())
        .expect("an Outpost");
    let taken_out = vec![network.devices[0].id.clone()];
    let scene =
        pictures::rack_network(&topology, &network.outpost_id, &taken_out, &LIGHT).expect("drawn");
    let entities = scene_entities(&scene);
    assert!(
        entities.len() > 20,
        "devices, links, racks: {}",
        entities.len()
    );
    // SVG: the same elements, by entity id.
    let svg = to_svg(&scene, png::MARGIN);
    assert_eq!(svg_entities(&svg), entities);
    // PNG: decoded, the picture's size at the scale asked, and drawn (not one flat colour).
    let bytes = png::scene_to_png(&scene, 2.0).expect("rasterised");
    let decoder = ::png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let frame = reader.next_frame(&mut pixels).expect("a frame");
    let (min, max) = scene.bounds().expect("bounds");
    let expected = [
        ((max.x - min.x + 2.0 * png::MARGIN) * 2.0).ceil() as u32,
        ((max.y - min.y + 2.0 * png::MARGIN) * 2.0).ceil() as u32,
    ];
    assert_eq!([frame.width, frame.height], expected);
    let colours: BTreeSet<&[u8]> = pixels[..frame.buffer_size()]
        .chunks(frame.line_size / frame.width as usize)
        .collect();
    assert!(
        colours.len() > 50,
        "a drawn picture: {} colours",
        colours.len()
    );
    // A picture too large to rasterise is refused with what to do.
    let error = png::scene_to_png(&scene, 400.0).expect_err("too large");
    assert!(error.to_string().contains("smaller --scale"), "{error}");
}

#[test]
fn every_picture_exports_and_hostile_names_stay_text() {
    let demo = hostile_demo();
    let topology = Topology::build(&demo.estate, &demo.overlay);
    let catalog = LocationCatalog::embedded().expect("catalog");
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let outpost = &demo.estate.outposts[0].outpost_id;
    let scenes = [
        (
            "map",
            pictures::map(&demo.estate, &topology, catalog, &LIGHT),
        ),
        ("graph", pictures::graph(&topology, None, &LIGHT)),
        (
            "rack network",
            pictures::rack_network(&topology, outpost, &[], &LIGHT).expect("drawn"),
        ),
        (
            "racks",
            pictures::racks(&demo.estate, &topology, outpost, hardware, &LIGHT).expect("drawn"),
        ),
    ];
    for (name, scene) in &scenes {
        let svg = to_svg(scene, png::MARGIN);
        roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("{name}: {e}"));
        for raw in ["<script", "<img"] {
            assert!(!svg.contains(raw), "{name}: raw {raw}");
        }
        assert!(
            png::scene_to_png(scene, 0.5).expect("rasterised").len() > 1000,
            "{name}"
        );
    }
    // The graph shows the hostile Outpost's name, as text.
    let graph_svg = to_svg(&scenes[1].1, png::MARGIN);
    assert!(
        graph_svg.contains("&lt;script&gt;") || graph_svg.contains("&lt;script"),
        "the name drawn, escaped"
    );
    // An Outpost that is not there says which are.
    let error = pictures::rack_network(&topology, "op-missing", &[], &LIGHT).expect_err("none");
    assert!(error.to_string().contains(outpost.as_str()), "{error}");

    // GraphML: well-formed, every node there, the names as text.
    let nodes = graph_export::select(&topology, None);
    let graphml = graph_export::to_graphml(&topology, &nodes);
    let document = roxmltree::Document::parse(&graphml).expect("GraphML is well-formed XML");
    let graph_nodes = document
        .descendants()
        .filter(|n| n.has_tag_name("node"))
        .count();
    assert_eq!(graph_nodes, nodes.len());
    assert!(
        document.descendants().any(|n| n.text() == Some(SCRIPT)),
        "the hostile name is a text node, not markup"
    );
    // DOT: Graphviz renders it (scripts/test installs graphviz), the names quoted.
    let dot = graph_export::to_dot(&topology, &nodes);
    let rendered = render_dot(&dot);
    assert!(rendered.contains("<svg"), "dot drew the graph");
    assert!(
        !rendered.contains("<script"),
        "the name stays text in Graphviz's SVG"
    );
    let network = topology
        .rack_networks
        .iter()
        .find(|n| &n.outpost_id == outpost)
        .expect("network");
    assert!(render_dot(&graph_export::rack_network_dot(network)).contains("<svg"));
}

/// `dot -Tsvg` of `dot`.
fn render_dot(dot: &str) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("graphviz's dot runs (scripts/test installs graphviz)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(dot.as_bytes())
        .expect("written");
    let out = child.wait_with_output().expect("dot finishes");
    assert!(
        out.status.success(),
        "dot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

#[test]
fn the_inventory_csv_parses_back_to_its_json_records() {
    let demo = hostile_demo();
    for kind in [EntityKind::Outpost, EntityKind::Subnet, EntityKind::Site] {
        let records = inventory::records(&demo.estate, kind, false).expect("records");
        assert!(!records.is_empty(), "{kind}");
        let csv = inventory_csv::records_to_csv(&records, inventory::columns(kind)).expect("csv");
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let headers: Vec<String> = reader
            .headers()
            .expect("headers")
            .iter()
            .map(str::to_owned)
            .collect();
        for column in inventory::columns(kind) {
            assert!(
                headers
                    .iter()
                    .any(|h| h == column || h.starts_with(&format!("{column}."))),
                "{kind}: the view's column {column}"
            );
        }
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
        assert_eq!(rows.len(), records.len(), "{kind}: one row per record");
        for (row, record) in rows.iter().zip(&records) {
            for (header, cell) in headers.iter().zip(row.iter()) {
                // The record's value at the dotted path.
                let value = header
                    .split('.')
                    .try_fold(record, |value, key| value.get(key));
                let expected = match value {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(text)) => text.clone(),
                    Some(serde_json::Value::Object(o)) if o.is_empty() => String::new(),
                    Some(other) => other.to_string(),
                };
                // Formula-looking text is kept after one leading apostrophe.
                let read = match cell.strip_prefix('\'') {
                    Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
                    _ => cell,
                };
                assert_eq!(read, expected, "{kind} {header}");
                assert!(!cell.starts_with('='), "{kind} {header}: a live formula");
            }
        }
    }
    // A diff as CSV: one row per change, the header first.
    let before = demo::demo().expect("demo").estate;
    let diff = edge_atlas::diff::diff(&before, &demo.estate).expect("diff");
    let csv = String::from_utf8(diff_csv::diff_to_csv(&diff).expect("csv")).expect("utf-8");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let fields: usize = diff.changed.iter().map(|c| c.fields.len()).sum();
    assert_eq!(rows.len(), diff.added.len() + diff.removed.len() + fields);
    assert!(rows.iter().any(|r| &r[3] == "name" && &r[5] == SCRIPT));
    assert!(
        rows.iter().all(|r| !r[5].starts_with('=')),
        "formulas inert"
    );
}

#[test]
fn the_drawio_file_holds_every_node_in_its_container_and_every_edge() {
    use edge_atlas::export::drawio::{is_container, to_drawio};
    use edge_atlas::topology::EdgeKind;

    let demo = hostile_demo();
    let topology = Topology::build(&demo.estate, &demo.overlay);
    let nodes = graph_export::select(&topology, None);
    let xml = to_drawio(&topology, &nodes, &LIGHT, "Estate graph");
    let document = roxmltree::Document::parse(&xml).expect("mxGraph XML parses");
    assert_eq!(document.root_element().tag_name().name(), "mxfile");
    let cells: Vec<roxmltree::Node> = document
        .descendants()
        .filter(|n| n.has_tag_name("mxCell"))
        .collect();
    let by_id: std::collections::HashMap<&str, roxmltree::Node> = cells
        .iter()
        .filter_map(|c| Some((c.attribute("id")?, *c)))
        .collect();
    // Every node a vertex, labelled, its parent the nearest container drawn above it.
    let mut nested = 0;
    for node in &nodes {
        let cell = by_id
            .get(format!("n{}", node.index()).as_str())
            .unwrap_or_else(|| panic!("node {} drawn", topology.node(*node).id));
        assert_eq!(cell.attribute("vertex"), Some("1"));
        let value = cell.attribute("value").expect("a value");
        assert!(value.starts_with(&topology.node(*node).label), "{value}");
        let mut expected = "1".to_owned();
        let mut at = topology.parent[node.index()];
        while let Some(parent) = at {
            if is_container(topology.node(parent).kind) {
                expected = format!("n{}", parent.index());
                nested += 1;
                break;
            }
            at = topology.parent[parent.index()];
        }
        assert_eq!(cell.attribute("parent"), Some(expected.as_str()));
    }
    assert!(nested > nodes.len() / 2, "most nodes sit in a container");
    // Every relation an edge between drawn vertices; containment is the nesting.
    let relations = topology
        .graph
        .edge_references()
        .filter(|e| !matches!(e.weight().kind, EdgeKind::Contains | EdgeKind::InRegion))
        .count();
    let edges: Vec<&roxmltree::Node> = cells
        .iter()
        .filter(|c| c.attribute("edge") == Some("1"))
        .collect();
    assert_eq!(edges.len(), relations);
    for edge in &edges {
        for end in ["source", "target"] {
            let id = edge.attribute(end).expect("an end");
            assert!(by_id.contains_key(id), "{end} {id} drawn");
        }
    }
    // Labels are plain text: no HTML labels, the hostile name kept as text.
    assert!(
        cells
            .iter()
            .all(|c| !c.attribute("style").unwrap_or_default().contains("html=1"))
    );
    assert!(
        cells
            .iter()
            .any(|c| c.attribute("value").is_some_and(|v| v.starts_with(SCRIPT)))
    );
    assert!(!xml.contains("<script"));

    // One Outpost's rack network: its racks are containers of their devices.
    let network = topology.largest_outpost().expect("an Outpost");
    let rack_topology = Topology::of_rack_network(network);
    let rack_nodes: Vec<_> = rack_topology.graph.node_indices().collect();
    let xml = to_drawio(&rack_topology, &rack_nodes, &LIGHT, "Rack network");
    let document = roxmltree::Document::parse(&xml).expect("parses");
    let swimlanes = document
        .descendants()
        .filter(|n| {
            n.attribute("style")
                .is_some_and(|s| s.starts_with("swimlane"))
        })
        .count();
    assert!(
        swimlanes >= 2,
        "the Outpost and its racks hold their devices: {swimlanes}"
    );
}
