//! Tests of the rack network picture: labels apart, every element drawn, names legible at
//! the default fit.

use super::*;
use crate::scene::style::LIGHT;
use crate::topology::Topology;
use crate::topology::impact::impact;

fn chicago() -> RackNetwork {
    let demo = crate::demo::demo().expect("demo");
    let topology = Topology::build(&demo.estate, &demo.overlay);
    topology
        .rack_networks
        .iter()
        .max_by_key(|n| n.racks.len())
        .expect("a rack network")
        .clone()
}

/// The canvas a 1600 x 1000 window gives the Rack network view with the Details panel
/// open (measured on a screenshot: tab bar, toolbar and panel taken off).
const CANVAS: [f32; 2] = [1200.0, 820.0];

#[test]
fn every_device_and_rack_name_of_the_largest_outpost_is_legible_at_the_default_fit() {
    let network = chicago();
    assert_eq!(network.racks.len(), 16, "15 compute racks and the ACE rack");
    let picture = rack_network_picture(&network, &LIGHT, None);
    let fit = picture.scene.fit_scale(CANVAS).expect("a picture");
    let names: Vec<String> = network
        .devices
        .iter()
        .map(shown_name)
        .chain(network.racks.iter().map(|rack| rack.rack_id.clone()))
        .collect();
    for name in &names {
        let size = picture
            .scene
            .items
            .iter()
            .find_map(|item| match &item.shape {
                Shape::Text { text, size, .. } if text == name || text.contains(name.as_str()) => {
                    Some(*size)
                }
                _ => None,
            })
            .unwrap_or_else(|| panic!("{name} is drawn"));
        assert!(
            size * fit >= 10.0,
            "{name}: {:.1} px at the default fit {fit:.2}",
            size * fit
        );
    }
    // One bundled line per compute rack to the ACE rack, each labelled once.
    let bundles = picture
        .scene
        .items
        .iter()
        .filter(
            |item| matches!(&item.shape, Shape::Text { text, .. } if text == "2 ONDs, AWS-managed"),
        )
        .count();
    assert_eq!(bundles, 15);
}

#[test]
fn labels_of_crossing_links_stay_apart() {
    // The 3-rack Outpost without ACE: each CND's links cross the other's on the way to
    // alternating ONDs.
    let demo = crate::demo::demo().expect("demo");
    let topology = Topology::build(&demo.estate, &demo.overlay);
    let network = topology
        .rack_networks
        .iter()
        .find(|n| n.racks.len() == 3)
        .expect("the 3-rack Outpost");
    let picture = rack_network_picture(network, &LIGHT, None);
    let mut titles: Vec<Point> = picture
        .scene
        .items
        .iter()
        .filter_map(|item| match &item.shape {
            Shape::Text { at, text, .. } if text.starts_with("Po") => Some(*at),
            _ => None,
        })
        .collect();
    assert_eq!(titles.len(), 6, "one port channel per OND");
    titles.sort_by(|a, b| a.x.total_cmp(&b.x));
    for pair in titles.windows(2) {
        assert!(pair[1].x - pair[0].x >= SPACING - 1.0, "{pair:?}");
    }
}

#[test]
fn every_device_and_rack_is_drawn_with_its_labels() {
    let network = chicago();
    let picture = rack_network_picture(&network, &LIGHT, None);
    let compute_racks = network
        .racks
        .iter()
        .filter(|rack| rack.kind == RackKind::Compute)
        .count();
    // Every device and rack, and each compute rack's bundle of links to the ACE rack.
    assert_eq!(
        picture.elements.len(),
        network.devices.len() + network.racks.len() + compute_racks
    );
    let texts: Vec<&str> = picture
        .scene
        .items
        .iter()
        .filter_map(|item| match &item.shape {
            Shape::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("VLAN ") && t.contains(" · AS "))
    );
    assert!(
        texts
            .iter()
            .any(|t| t.starts_with("Po") && t.contains(" · 2x"))
    );
    assert!(texts.iter().any(|t| t.starts_with("asserted")));
}

#[test]
fn removing_a_cnd_marks_it_and_colours_the_racks() {
    let network = chicago();
    let cnd = network
        .devices_with_role(DeviceRole::Cnd)
        .next()
        .expect("a CND")
        .id
        .clone();
    let result = impact(&network, std::slice::from_ref(&cnd)).expect("impact");
    let picture = rack_network_picture(&network, &LIGHT, Some(&result));
    let reds = picture
        .scene
        .items
        .iter()
        .filter(
            |item| matches!(&item.shape, Shape::Line { stroke, .. } if stroke.color == LIGHT.error),
        )
        .count();
    assert!(reds >= 2, "the CND is struck out and its links drawn down");
    let states: Vec<&str> = picture
        .scene
        .items
        .iter()
        .filter_map(|item| match &item.shape {
            Shape::Text { text, .. }
                if ["cut off", "single path", "redundant"].contains(&text.as_str()) =>
            {
                Some(text.as_str())
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        states.len(),
        network
            .racks
            .iter()
            .filter(|r| result.racks.iter().any(|i| i.rack_id == r.rack_id))
            .count()
    );
}

#[test]
fn addresses_of_a_pair_share_their_network_once() {
    use super::links::address_pair;
    assert_eq!(
        address_pair(Some("10.255.20.10/31"), Some("10.255.20.11/31")),
        "10.255.20.10/31 - .11"
    );
    assert_eq!(
        address_pair(Some("10.0.0.1/30"), Some("10.0.1.2/30")),
        "10.0.0.1/30 - 10.0.1.2/30"
    );
    assert_eq!(address_pair(None, Some("10.0.0.2/30")), "? - 10.0.0.2/30");
}

#[test]
fn lower_rows_reach_the_ace_rack_between_the_racks_above() {
    let network = chicago();
    let picture = rack_network_picture(&network, &LIGHT, None);
    let rack_boxes: Vec<(Point, Point)> = picture
        .elements
        .iter()
        .filter(|e| {
            network
                .racks
                .iter()
                .any(|r| r.rack_id == e.id && r.kind == RackKind::Compute)
        })
        .map(|e| (e.min, e.max))
        .collect();
    assert_eq!(rack_boxes.len(), 15);
    let bundles: Vec<&Vec<Point>> = picture
        .scene
        .items
        .iter()
        .filter_map(|item| match &item.shape {
            Shape::Path { points, .. } => Some(points),
            _ => None,
        })
        .collect();
    assert_eq!(bundles.len(), 15, "one line per compute rack");
    for points in bundles {
        for pair in points.windows(2) {
            for (min, max) in &rack_boxes {
                assert!(
                    !crate::scene::graph::segment_meets_rect(pair[0], pair[1], *min, *max),
                    "a bundle runs through a rack: {pair:?}"
                );
            }
        }
    }
}
