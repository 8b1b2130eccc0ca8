//! Tests of the graph's layout index, culling, level of detail and hit-testing.

use super::*;
use crate::model::{Estate, SiteOverlay};
use crate::topology::NodeKind;

fn demo_topology() -> (Estate, Topology) {
    let demo = crate::demo::demo().expect("demo");
    let topology = Topology::build(&demo.estate, &demo.overlay);
    (demo.estate, topology)
}

fn whole(layout: &GraphLayout, scale: f32) -> Viewport {
    let (min, max) = layout.bounds();
    Viewport { min, max, scale }
}

#[test]
fn segments_are_tested_against_the_rectangle_not_their_box() {
    let (min, max) = (Point::new(0.0, 0.0), Point::new(10.0, 10.0));
    // Crosses the box of the rectangle's corner but misses the rectangle.
    assert!(!segment_meets_rect(
        Point::new(-5.0, 8.0),
        Point::new(8.0, 21.0),
        min,
        max
    ));
    // Passes straight through with both ends outside.
    assert!(segment_meets_rect(
        Point::new(-5.0, 5.0),
        Point::new(15.0, 5.0),
        min,
        max
    ));
    assert!(segment_meets_rect(
        Point::new(2.0, 2.0),
        Point::new(3.0, 3.0),
        min,
        max
    ));
    assert!(!segment_meets_rect(
        Point::new(11.0, 0.0),
        Point::new(11.0, 10.0),
        min,
        max
    ));
}

#[test]
fn every_node_is_drawn_when_the_whole_graph_is_in_view() {
    let (_, topology) = demo_topology();
    let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
    assert_eq!(layout.visible_count(), topology.node_count());
    let viewport = whole(&layout, 1.0);
    let (nodes, edges) = layout.visible_in(&viewport);
    assert_eq!(nodes, topology.node_count());
    let parented = topology.parent.iter().filter(|p| p.is_some()).count();
    assert_eq!(edges, parented, "every tree edge meets the whole view");
    let scene = layout.scene(
        &topology,
        &viewport,
        &super::super::style::LIGHT,
        &Marks::default(),
    );
    let labelled = scene
        .items
        .iter()
        .filter(|item| item.entity.is_some())
        .count();
    assert_eq!(labelled, topology.node_count());
}

#[test]
fn a_small_viewport_culls_nodes_and_edges_exactly() {
    let (_, topology) = demo_topology();
    let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
    let viewport = Viewport {
        min: Point::new(3000.0, 150.0),
        max: Point::new(4200.0, 500.0),
        scale: 1.0,
    };
    let (nodes, edges) = layout.visible_in(&viewport);
    // Brute force over every node and every tree edge.
    let mut expected_nodes = 0;
    let mut expected_edges = 0;
    for index in topology.graph.node_indices() {
        let p = layout.position(index).expect("laid out");
        if p.x + NODE_WIDTH / 2.0 >= viewport.min.x
            && p.x - NODE_WIDTH / 2.0 <= viewport.max.x
            && p.y + NODE_HEIGHT / 2.0 >= viewport.min.y
            && p.y - NODE_HEIGHT / 2.0 <= viewport.max.y
        {
            expected_nodes += 1;
        }
        if let Some(parent) = layout.drawn_parent(&topology, index) {
            let q = layout.position(parent).expect("laid out");
            let from = Point::new(q.x, q.y + NODE_HEIGHT / 2.0);
            let to = Point::new(p.x, p.y - NODE_HEIGHT / 2.0);
            if segment_meets_rect(from, to, viewport.min, viewport.max) {
                expected_edges += 1;
            }
        }
    }
    assert!(expected_nodes > 0 && expected_nodes < topology.node_count());
    assert_eq!((nodes, edges), (expected_nodes, expected_edges));
}

#[test]
fn hit_testing_finds_the_box_under_a_point() {
    let (_, topology) = demo_topology();
    let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
    for index in topology.graph.node_indices().step_by(7) {
        let p = layout.position(index).expect("laid out");
        let near = Point::new(p.x + NODE_WIDTH / 2.0 - 1.0, p.y + 3.0);
        assert_eq!(layout.node_at(near, 0.0), Some(index));
    }
    assert_eq!(
        layout.node_at(Point::new(0.0, LEVEL_SPACING / 2.0), 0.0),
        None
    );
}

#[test]
fn zooming_out_aggregates_and_zooming_in_labels() {
    let demo = crate::demo::generate(20, 0).expect("scaled demo");
    let topology = Topology::build(&demo.estate, &SiteOverlay::default());
    let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
    let (min, max) = layout.bounds();
    let far = Viewport {
        min,
        max,
        scale: 1200.0 / (max.x - min.x),
    };
    assert_eq!(Detail::at(far.scale), Detail::Aggregated);
    let scene = layout.scene(
        &topology,
        &far,
        &super::super::style::LIGHT,
        &Marks::default(),
    );
    // At most one bar per density cell of the 1200-point-wide view, whatever the count.
    let cells_wide = (1200.0 / DENSITY_CELL_POINTS) as usize + 2;
    let cells_high = ((max.y - min.y) * far.scale / DENSITY_CELL_POINTS) as usize + 2;
    assert!(
        scene.items.len() <= cells_wide * cells_high
            && scene.items.len() < topology.node_count() / 4,
        "{} shapes for {} nodes",
        scene.items.len(),
        topology.node_count()
    );
    let near = Viewport {
        min,
        max: Point::new(min.x + 1200.0, max.y),
        scale: 1.0,
    };
    let scene = layout.scene(
        &topology,
        &near,
        &super::super::style::LIGHT,
        &Marks::default(),
    );
    let kinds: Vec<&str> = NodeKind::ALL.iter().map(|kind| kind.label()).collect();
    assert!(scene.items.iter().any(|item| matches!(
        &item.shape,
        Shape::Text { text, .. } if kinds.contains(&text.as_str())
    )));
}

#[test]
fn collapsing_a_region_hides_its_contents_and_counts_them() {
    let (_, topology) = demo_topology();
    let region = topology.find("us-east-1").expect("region");
    let layout = GraphLayout::build(
        &topology,
        &GraphLayout::options(HashSet::from([region]), Vec::new()),
    );
    let inside = layout.hidden_below(region).expect("collapsed");
    assert!(inside > 10);
    assert_eq!(layout.visible_count() + inside, topology.node_count());
    let instance = topology
        .graph
        .node_indices()
        .find(|i| {
            let node = topology.node(*i);
            node.kind == NodeKind::Instance && node.region.as_deref() == Some("us-east-1")
        })
        .expect("an instance in us-east-1");
    assert_eq!(layout.representative(&topology, instance), Some(region));
}

#[test]
fn region_codes_and_outpost_names_show_at_the_fit_and_never_overlap() {
    let (estate, topology) = demo_topology();
    let layout = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
    let (min, max) = layout.bounds();
    // The whole graph in a 1200 x 800 canvas: dots or aggregated, no box labels.
    let scale = (1200.0 / (max.x - min.x)).min(800.0 / (max.y - min.y));
    let viewport = Viewport { min, max, scale };
    assert!(Detail::at(scale) < Detail::Labels);
    let scene = layout.scene(
        &topology,
        &viewport,
        &super::super::style::LIGHT,
        &Marks::default(),
    );
    let names = scene.text_boxes();
    for region in ["us-east-2", "eu-central-1"] {
        assert!(
            names.iter().any(|(text, _)| *text == region),
            "{region} is named"
        );
    }
    assert!(
        estate
            .outposts
            .iter()
            .any(|outpost| names.iter().any(|(text, _)| text.contains(&outpost.name))),
        "an Outpost is named"
    );
    let overlaps = scene.overlapping_texts();
    assert!(overlaps.is_empty(), "{overlaps:?}");
    // 13 screen points, whatever the zoom.
    let (_, (name_min, name_max)) = &names[0];
    assert!(((name_max.y - name_min.y) * scale - PLACE_NAME_PX).abs() < 0.01);
}

#[test]
fn the_regions_trees_are_packed_to_the_canvas_shape() {
    let (_, topology) = demo_topology();
    // With the crowded groups collapsed no single tree is wider than the block asked for.
    let collapsed = crate::layout::hierarchy::crowded_groups(&topology, 4);
    let options = || GraphLayout::options(collapsed.clone(), Vec::new());
    let aspect_of = |layout: &GraphLayout| {
        let (min, max) = layout.bounds();
        (max.x - min.x) / (max.y - min.y)
    };
    let tall = GraphLayout::build_for(&topology, &options(), 0.8);
    let wide = GraphLayout::build_for(&topology, &options(), 3.0);
    assert_eq!(tall.aspect(), 0.8);
    assert!(
        aspect_of(&wide) > aspect_of(&tall),
        "wide {} tall {}",
        aspect_of(&wide),
        aspect_of(&tall)
    );
    // Every node is laid out either way.
    assert_eq!(tall.visible_count(), wide.visible_count());
    // The legend's caption says what the graph holds.
    assert_eq!(tall.caption(), "34 Regions, 34 nodes");
    let expanded = GraphLayout::build(&topology, &GraphLayout::options(HashSet::new(), Vec::new()));
    assert_eq!(
        expanded.caption(),
        format!("34 Regions, 3 Outposts, {} nodes", topology.node_count())
    );
}
