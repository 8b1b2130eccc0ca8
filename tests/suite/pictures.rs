//! Every picture the app draws, as its scene, read the way a new user first sees it (issue 17):
//! at the default fit of a 1600 x 1000 window no two texts are drawn over each other, no text
//! is cut by the canvas edge, and what the picture is about (device names, rack ids, place
//! names) is at least [`LEGIBLE_PX`] high. The rack network and the rack elevations are
//! checked for every Outpost of the demo and of the scale-10 estate, the map at the world view
//! and zoomed in four times.

use edge_atlas::catalog::{HardwareCatalog, LocationCatalog};
use edge_atlas::demo::{self, GeneratedEstate};
use edge_atlas::elevation::outpost_racks;
use edge_atlas::scene::map::{MapColors, world_map};
use edge_atlas::scene::rack_network::rack_network_picture;
use edge_atlas::scene::racks::rack_elevations_picture;
use edge_atlas::scene::style::{DARK, LIGHT};
use edge_atlas::scene::{LEGIBLE_PX, Point, Scene, Shape};
use edge_atlas::topology::Topology;
use edge_atlas::topology::impact::impact;
use edge_atlas::topology::rack_network::DeviceRole;

/// The canvas the Rack network view has in a 1600 x 1000 window with the Details panel open
/// (measured on a screenshot: tab bar, toolbar and panel taken off).
const RACK_NETWORK_CANVAS: [f32; 2] = [1200.0, 820.0];
/// The canvas the Racks view has in the same window, its table folded.
const RACKS_CANVAS: [f32; 2] = [1130.0, 740.0];
/// The Map view's canvas in the same window.
const MAP_CANVAS: [f32; 2] = [1150.0, 880.0];

fn estates() -> Vec<(&'static str, GeneratedEstate)> {
    vec![
        ("demo", demo::demo().expect("demo")),
        ("scale 10", demo::generate(10, 1).expect("scale 10")),
    ]
}

/// The texts drawn at `scale` (those at least the scene's legible size) that leave the canvas
/// showing `scene` fitted: none should.
fn cut_at_the_edge(scene: &Scene, scale: f32, canvas: [f32; 2]) -> Vec<String> {
    let (min, max) = scene.bounds().expect("a picture");
    // The fitted picture is centred with a 10 px margin (`Scene::fit_scale`).
    let offset = [
        (canvas[0] - (max.x - min.x) * scale) / 2.0,
        (canvas[1] - (max.y - min.y) * scale) / 2.0,
    ];
    let to_screen = |p: Point| {
        [
            (p.x - min.x) * scale + offset[0],
            (p.y - min.y) * scale + offset[1],
        ]
    };
    scene
        .text_boxes()
        .into_iter()
        .filter(|(_, (a, b))| (b.y - a.y) * scale >= scene.legible_px.unwrap_or(0.0))
        .filter(|(_, (a, b))| {
            let (a, b) = (to_screen(*a), to_screen(*b));
            a[0] < 0.0 || a[1] < 0.0 || b[0] > canvas[0] || b[1] > canvas[1]
        })
        .map(|(text, _)| text.to_owned())
        .collect()
}

/// The size at which `text` is drawn (the first text containing it).
fn size_of(scene: &Scene, wanted: &str) -> Option<f32> {
    scene.items.iter().find_map(|item| match &item.shape {
        Shape::Text { text, size, .. } if text.contains(wanted) => Some(*size),
        _ => None,
    })
}

#[test]
fn every_rack_network_is_readable_at_its_default_fit() {
    let mut checked = 0;
    for (estate_name, estate) in estates() {
        let topology = Topology::build(&estate.estate, &estate.overlay);
        for network in &topology.rack_networks {
            // As it opens, and with its first CND taken out (struck out, links down).
            let first_cnd: Vec<String> = network
                .devices_with_role(DeviceRole::Cnd)
                .take(1)
                .map(|cnd| cnd.id.clone())
                .collect();
            let taken_out = impact(network, &first_cnd).expect("impact");
            for (palette, impact) in [(&LIGHT, None), (&DARK, Some(&taken_out))] {
                let picture = rack_network_picture(network, palette, impact);
                let scene = &picture.scene;
                let fit = scene.fit_scale(RACK_NETWORK_CANVAS).expect("a picture");
                let context = format!("{estate_name} {}", network.outpost_id);
                // The picture's texts do not change with the zoom: none may overlap at all.
                let overlaps = scene.overlapping_texts();
                assert!(overlaps.is_empty(), "{context}: {overlaps:?}");
                let cut = cut_at_the_edge(scene, fit, RACK_NETWORK_CANVAS);
                assert!(cut.is_empty(), "{context}: cut at the edge: {cut:?}");
                // Every device (as its box shows it) and rack is named legibly.
                for device in &network.devices {
                    let shown = match device.role {
                        DeviceRole::Ond => "OND",
                        _ => device.name.as_str(),
                    };
                    let size = size_of(scene, shown)
                        .unwrap_or_else(|| panic!("{context}: {} is named", device.name));
                    assert!(
                        size * fit >= LEGIBLE_PX,
                        "{context}: {} at {:.1} px",
                        device.name,
                        size * fit
                    );
                }
                for rack in &network.racks {
                    let size = size_of(scene, &rack.rack_id)
                        .unwrap_or_else(|| panic!("{context}: {} is named", rack.rack_id));
                    assert!(size * fit >= LEGIBLE_PX, "{context}: {}", rack.rack_id);
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} rack networks");
}

#[test]
fn every_outposts_rack_elevations_are_readable_at_their_default_fit() {
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let mut checked = 0;
    for (estate_name, estate) in estates() {
        let topology = Topology::build(&estate.estate, &estate.overlay);
        for outpost in outpost_racks(&estate.estate, &topology, hardware) {
            let picture = rack_elevations_picture(&outpost, &LIGHT);
            let scene = &picture.scene;
            let fit = scene.fit_scale(RACKS_CANVAS).expect("a picture");
            let context = format!("{estate_name} {}", outpost.outpost_id);
            let overlaps = scene.overlapping_texts();
            assert!(overlaps.is_empty(), "{context}: {overlaps:?}");
            let cut = cut_at_the_edge(scene, fit, RACKS_CANVAS);
            assert!(cut.is_empty(), "{context}: cut at the edge: {cut:?}");
            // Rack ids always.
            for rack in &outpost.racks {
                let size = size_of(scene, &rack.rack_id).expect("the rack id is drawn");
                assert!(
                    size * fit >= LEGIBLE_PX,
                    "{context}: {} at {:.1} px",
                    rack.rack_id,
                    size * fit
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} Outposts");
}

#[test]
fn the_map_names_places_clear_of_each_other_at_the_world_view_and_zoomed_in() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    for (estate_name, estate) in estates() {
        let topology = Topology::build(&estate.estate, &estate.overlay);
        let map = world_map(&estate.estate, &topology, catalog, &MapColors::default());
        let scene = &map.scene;
        // The world view: the whole map fitted.
        let fit = scene.fit_scale(MAP_CANVAS).expect("a map");
        let overlaps = scene.overlapping_texts_at(Some(fit));
        assert!(overlaps.is_empty(), "{estate_name}: {overlaps:?}");
        let cut = cut_at_the_edge(scene, fit, MAP_CANVAS);
        assert!(cut.is_empty(), "{estate_name}: cut at the edge: {cut:?}");
        // Zoomed in four times: names scale with the map, so none meet there either, and the
        // estate's Regions are named.
        let overlaps = scene.overlapping_texts_at(Some(fit * 4.0));
        assert!(overlaps.is_empty(), "{estate_name}: {overlaps:?}");
        for region in ["eu-central-1", "us-east-2"] {
            let size = size_of(scene, region).expect("named");
            assert!(size * fit * 4.0 >= LEGIBLE_PX, "{region}");
        }
    }
}
