//! One Outpost's rack network as the picture an engineer draws: customer network devices (CNDs)
//! on top, then the ACE routers and ACE rack when there is one, the Outpost network devices
//! (ONDs), and the compute racks on a grid of rows at the bottom ([`crate::layout::rack`]). The
//! links ([`links`]) carry their port channel, port count and speed, and list the VLANs they
//! carry with their point-to-point addresses and both BGP ASNs; the OND-to-ACE links are one line
//! per compute rack. What the default fit shows is at least [`super::LEGIBLE_PX`] high; the rest
//! appears zoomed in ([`Scene::legible_px`]). How sure each element is shows in its line:
//! observed solid, inferred dashed, derived dotted, asserted (from the site overlay) in the
//! accent colour; a legend says so. Given a failure [`Impact`], the removed elements are drawn
//! struck out and each rack coloured by what it keeps (lost, single path, redundant).

use super::style::Palette;
use super::{Anchor, Color, Point, Scene, Shape, Stroke};
use crate::layout::rack::{RackCell, RackLayout, rack_layout};
use crate::topology::impact::{Impact, Reach};
use crate::topology::rack_network::{DeviceRole, LinkKind, Provenance, RackKind, RackNetwork};

mod links;

use links::draw_links;

/// Distance between neighbouring ONDs, scene units.
const SPACING: f32 = 132.0;
/// Distance between tiers, scene units.
const TIER_HEIGHT: f32 = 125.0;
/// Height of a label line, scene units.
const LINE_HEIGHT: f32 = 12.0;
/// Room for one link's label beside another's at the same device.
const LABEL_WIDTH: f32 = 170.0;
/// A device's box.
const DEVICE: [f32; 2] = [120.0, 50.0];
/// A rack's box.
const RACK: [f32; 2] = [124.0, 56.0];
/// Text size of what the default fit shows, scene units: device and rack names, each link's
/// title, the bundles' labels, the caption and the legend (at least [`super::LEGIBLE_PX`] when
/// the largest Outpost fits a 1600 x 1000 window).
pub const NAME_SIZE: f32 = 14.0;
/// Text size of the detail that appears as the user zooms in: a box's role and provenance.
pub const DETAIL_SIZE: f32 = 11.0;
/// Text size of a link's VLANs, addresses and ASNs (they appear last, zoomed in).
const VLAN_SIZE: f32 = 8.5;

/// A clickable element of the picture.
#[derive(Clone, Debug, PartialEq)]
pub struct Element {
    /// Device id or rack id (what [`crate::topology::impact::impact`] takes).
    pub id: String,
    /// Top-left corner.
    pub min: Point,
    /// Bottom-right corner.
    pub max: Point,
    /// What it is and its name, for hover cards and lists.
    pub title: String,
}

/// The picture and its clickable elements.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RackPicture {
    /// What is drawn.
    pub scene: Scene,
    /// Devices and racks, for hit-testing.
    pub elements: Vec<Element>,
}

impl RackPicture {
    /// An empty picture on the canvas colour, its detail appearing as it becomes legible.
    pub fn new(palette: &Palette) -> RackPicture {
        RackPicture {
            scene: Scene {
                background: Some(palette.canvas),
                items: Vec::new(),
                legible_px: Some(super::LEGIBLE_PX),
            },
            elements: Vec::new(),
        }
    }
}

/// The stroke for an element of this provenance.
pub fn provenance_stroke(provenance: Provenance, width: f32, palette: &Palette) -> Stroke {
    let muted = palette.text_muted;
    match provenance {
        Provenance::Observed => Stroke::solid(width, palette.text),
        Provenance::Inferred => Stroke::dashed(width, muted, 9.0, 5.0),
        Provenance::Derived => Stroke::dashed(width, muted, 2.5, 4.0),
        Provenance::Asserted => Stroke::solid(width * 1.3, palette.accent),
    }
}

/// What every part of one picture is drawn from.
struct Drawing<'a> {
    network: &'a RackNetwork,
    layout: RackLayout,
    palette: &'a Palette,
    impact: Option<&'a Impact>,
}

impl Drawing<'_> {
    /// Where an element's centre is.
    fn at(&self, id: &str) -> Option<Point> {
        self.layout.position(id).map(Point::from)
    }

    /// Whether the impact takes this element out.
    fn removed(&self, id: &str) -> bool {
        self.impact
            .is_some_and(|i| i.removed.iter().any(|r| r == id))
    }

    /// The ACE rack, when there is one.
    fn ace_rack(&self) -> Option<&str> {
        self.network
            .racks
            .iter()
            .find(|r| r.kind == RackKind::Ace)
            .map(|r| r.rack_id.as_str())
    }

    /// Whether a link is one of the OND-to-ACE links drawn as a bundle per compute rack.
    fn bundled(&self, link: &crate::topology::rack_network::Link) -> bool {
        link.kind == LinkKind::AwsManaged && self.ace_rack() == Some(link.to.as_str())
    }

    /// The ACE rack's frame around its routers (and wide enough to take every bundle's line
    /// from the racks below): top-left and bottom-right.
    fn ace_frame(&self) -> Option<(Point, Point)> {
        let routers: Vec<Point> = self
            .network
            .devices_with_role(DeviceRole::AceRouter)
            .filter_map(|router| self.at(&router.id))
            .collect();
        let first = routers.first()?;
        let (mut min, mut max) = (*first, *first);
        for at in &routers {
            min = Point::new(min.x.min(at.x), min.y.min(at.y));
            max = Point::new(max.x.max(at.x), max.y.max(at.y));
        }
        let (mut left, mut right) = (
            min.x - DEVICE[0] / 2.0 - 20.0,
            max.x + DEVICE[0] / 2.0 + 20.0,
        );
        for cell in &self.layout.cells {
            if let Some(x) = self.gutter_line_x(cell) {
                left = left.min(x - 20.0);
                right = right.max(x + 20.0);
            }
        }
        Some((
            Point::new(left, min.y - DEVICE[1] / 2.0 - 12.0),
            Point::new(right, max.y + DEVICE[1] / 2.0 + 30.0),
        ))
    }

    /// The x at which a bundle from a rack below the first row runs up its gutter, between the
    /// racks above: the gutter right of its column, or left of it for the last column; each
    /// row at its own offset, lower rows nearer the gutter's middle, so no line crosses another
    /// rack's line on its way sideways. `None` for the first row, whose lines go straight up.
    fn gutter_line_x(&self, cell: &RackCell) -> Option<f32> {
        if cell.row == 0 {
            return None;
        }
        let rows = self.layout.cells.iter().map(|c| c.row).max().unwrap_or(0);
        let half_gutter = (self.layout.rack_pitch - 2.0 * SPACING + (SPACING - DEVICE[0])) / 2.0;
        let widest = (half_gutter - 4.0).max(0.0);
        let step = (widest / rows.max(1) as f32).min(6.0);
        let offset = widest - step * (cell.row - 1) as f32;
        Some(if self.goes_left(cell) {
            self.layout.gutter_x(cell.column - 1) + offset
        } else {
            self.layout.gutter_x(cell.column) - offset
        })
    }

    /// Half the width and height of an element's box.
    fn half_size(&self, id: &str) -> [f32; 2] {
        let size = if self.network.racks.iter().any(|rack| rack.rack_id == id) {
            RACK
        } else {
            DEVICE
        };
        [size[0] / 2.0, size[1] / 2.0]
    }

    /// The part of the segment between two elements' centres that lies outside both boxes, so
    /// a line never runs through the names written in them.
    fn between_boxes(&self, from_id: &str, from: Point, to_id: &str, to: Point) -> (Point, Point) {
        let (dx, dy) = (to.x - from.x, to.y - from.y);
        // How far along the segment it leaves a box of half size `half` around its end.
        let leave = |[half_x, half_y]: [f32; 2]| {
            let along_x = if dx.abs() > f32::EPSILON {
                half_x / dx.abs()
            } else {
                f32::INFINITY
            };
            let along_y = if dy.abs() > f32::EPSILON {
                half_y / dy.abs()
            } else {
                f32::INFINITY
            };
            along_x.min(along_y)
        };
        let start = leave(self.half_size(from_id));
        let end = 1.0 - leave(self.half_size(to_id));
        if start >= end {
            return (from, to);
        }
        let at = |t: f32| Point::new(from.x + dx * t, from.y + dy * t);
        (at(start), at(end))
    }

    /// Whether a rack's bundle takes the gutter on its left (the last column of several).
    fn goes_left(&self, cell: &RackCell) -> bool {
        self.layout.columns > 1 && cell.column + 1 == self.layout.columns
    }
}

/// The ACE rack as a frame holding its routers, named at its top-left.
fn draw_ace_frame(d: &Drawing<'_>, picture: &mut RackPicture) {
    let (Some(rack_id), Some((min, max))) = (d.ace_rack(), d.ace_frame()) else {
        return;
    };
    let Some(rack) = d.network.racks.iter().find(|r| r.rack_id == rack_id) else {
        return;
    };
    element(
        &mut picture.scene,
        min,
        max,
        provenance_stroke(rack.provenance, 2.0, d.palette),
        tint(d.palette.outposts),
        rack_id,
    );
    text(
        &mut picture.scene,
        Point::new(min.x + 12.0, max.y - 9.0),
        format!("ACE rack {rack_id} · {}", rack.provenance.as_str()),
        NAME_SIZE,
        d.palette.text,
        Anchor::Start,
    );
    if d.removed(rack_id) {
        strike(&mut picture.scene, min, max, d.palette.error);
    }
    picture.elements.push(Element {
        id: rack_id.to_owned(),
        min,
        max,
        title: format!("ACE rack {rack_id}"),
    });
}

/// Draws `network`, with `impact` marked if given: links (under the boxes) with their port
/// channels, VLANs, addresses and ASNs; devices; racks coloured by what the impact leaves them;
/// the legend.
pub fn rack_network_picture(
    network: &RackNetwork,
    palette: &Palette,
    impact: Option<&Impact>,
) -> RackPicture {
    let d = Drawing {
        network,
        layout: rack_layout(network, SPACING, TIER_HEIGHT),
        palette,
        impact,
    };
    let mut picture = RackPicture::new(palette);
    draw_ace_frame(&d, &mut picture);
    draw_links(&d, &mut picture);
    draw_devices(&d, &mut picture);
    draw_racks(&d, &mut picture);
    legend(
        &mut picture.scene,
        Point::new(0.0, d.layout.size[1] + 10.0),
        palette,
        impact.is_some(),
    );
    text(
        &mut picture.scene,
        Point::new(0.0, -DEVICE[1] / 2.0 - 26.0),
        caption(network),
        NAME_SIZE,
        palette.text_muted,
        Anchor::Start,
    );
    picture
}

/// What the whole picture holds, above it: "15 compute racks, the ACE rack, 38 devices".
pub fn caption(network: &RackNetwork) -> String {
    let plural = |count: usize, one: &str, many: &str| {
        format!("{count} {}", if count == 1 { one } else { many })
    };
    let compute = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
        .count();
    let ace = if network.ace { ", the ACE rack" } else { "" };
    let role = |role| network.devices_with_role(role).count();
    format!(
        "{}{ace}, {} ({} ONDs, {}{})",
        plural(compute, "compute rack", "compute racks"),
        plural(network.devices.len(), "device", "devices"),
        role(DeviceRole::Ond),
        if network.ace {
            format!("{} ACE routers, ", role(DeviceRole::AceRouter))
        } else {
            String::new()
        },
        plural(role(DeviceRole::Cnd), "CND", "CNDs"),
    )
}

/// The devices, each OND on a thin line to its rack.
fn draw_devices(d: &Drawing<'_>, picture: &mut RackPicture) {
    let scene = &mut picture.scene;
    // Each OND sits in its rack: a thin line down to the rack, under the boxes.
    for device in d
        .network
        .devices
        .iter()
        .filter(|device| device.role != DeviceRole::AceRouter)
    {
        if let Some(rack_id) = device.rack_id.as_deref()
            && let (Some(top), Some(bottom)) = (d.at(&device.id), d.at(rack_id))
        {
            let (from, to) = d.between_boxes(&device.id, top, rack_id, bottom);
            scene.push(Shape::Line {
                from,
                to,
                stroke: Stroke::solid(1.0, d.palette.border),
            });
        }
    }
    for device in &d.network.devices {
        let Some(center) = d.at(&device.id) else {
            continue;
        };
        let (min, max) = boxed(center, DEVICE);
        let role = match device.role {
            DeviceRole::Cnd => "CND",
            DeviceRole::AceRouter => "ACE router",
            DeviceRole::Ond => "OND",
        };
        let color = match device.role {
            DeviceRole::Cnd => d.palette.vpc,
            DeviceRole::AceRouter | DeviceRole::Ond => d.palette.network,
        };
        let gone = d.removed(&device.id);
        element(
            scene,
            min,
            max,
            provenance_stroke(device.provenance, 2.0, d.palette),
            tint(if gone { d.palette.error } else { color }),
            &device.id,
        );
        text(
            scene,
            Point::new(center.x, center.y - 8.0),
            shown_name(device),
            NAME_SIZE,
            d.palette.text,
            Anchor::Middle,
        );
        text(
            scene,
            Point::new(center.x, center.y + 11.0),
            format!("{role} · {}", device.provenance.as_str()),
            DETAIL_SIZE,
            d.palette.text_muted,
            Anchor::Middle,
        );
        if gone {
            strike(scene, min, max, d.palette.error);
        }
        picture.elements.push(Element {
            id: device.id.clone(),
            min,
            max,
            title: format!("{role} {}", device.name),
        });
    }
}

/// The racks, coloured by what the impact leaves them.
fn draw_racks(d: &Drawing<'_>, picture: &mut RackPicture) {
    let scene = &mut picture.scene;
    for rack in d
        .network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute || d.ace_frame().is_none())
    {
        let Some(center) = d.at(&rack.rack_id) else {
            continue;
        };
        let (min, max) = boxed(center, RACK);
        let reach = d
            .impact
            .and_then(|i| i.racks.iter().find(|r| r.rack_id == rack.rack_id));
        let fill = match reach.map(|r| worst(r.customer_network, r.home_region)) {
            Some(Reach::Lost) => d.palette.error,
            Some(Reach::SinglePath) => d.palette.warning,
            Some(Reach::Redundant) => d.palette.local_zone,
            None => d.palette.outposts,
        };
        let kind = match rack.kind {
            RackKind::Compute => "compute rack",
            RackKind::Ace => "ACE rack",
        };
        element(
            scene,
            min,
            max,
            provenance_stroke(rack.provenance, 2.0, d.palette),
            tint(fill),
            &rack.rack_id,
        );
        text(
            scene,
            Point::new(center.x, center.y - 10.0),
            rack.rack_id.clone(),
            NAME_SIZE,
            d.palette.text,
            Anchor::Middle,
        );
        let state = match reach.map(|r| worst(r.customer_network, r.home_region)) {
            Some(Reach::Lost) => "cut off".to_owned(),
            Some(Reach::SinglePath) => "single path".to_owned(),
            Some(Reach::Redundant) => "redundant".to_owned(),
            None => kind.to_owned(),
        };
        text(
            scene,
            Point::new(center.x, center.y + 12.0),
            state,
            DETAIL_SIZE,
            d.palette.text_muted,
            Anchor::Middle,
        );
        if d.removed(&rack.rack_id) {
            strike(scene, min, max, d.palette.error);
        }
        picture.elements.push(Element {
            id: rack.rack_id.clone(),
            min,
            max,
            title: format!("{kind} {}", rack.rack_id),
        });
    }
}

/// A device's name as drawn in its box: an OND named after its rack (`FN...FE OND 1`) shows
/// the part after the rack id, which is written on the rack below it; the full name is on hover.
fn shown_name(device: &crate::topology::rack_network::Device) -> String {
    if device.role == DeviceRole::Ond
        && let Some(rack) = device.rack_id.as_deref()
        && let Some(rest) = device.name.strip_prefix(rack)
        && !rest.trim().is_empty()
    {
        return rest.trim().to_owned();
    }
    device.name.clone()
}

fn worst(a: Reach, b: Reach) -> Reach {
    let rank = |r: Reach| match r {
        Reach::Lost => 0,
        Reach::SinglePath => 1,
        Reach::Redundant => 2,
    };
    if rank(a) <= rank(b) { a } else { b }
}

fn boxed(center: Point, size: [f32; 2]) -> (Point, Point) {
    (
        Point::new(center.x - size[0] / 2.0, center.y - size[1] / 2.0),
        Point::new(center.x + size[0] / 2.0, center.y + size[1] / 2.0),
    )
}

pub(super) fn tint(color: Color) -> Color {
    Color::rgba(color.r, color.g, color.b, 0x40)
}

pub(super) fn element(
    scene: &mut Scene,
    min: Point,
    max: Point,
    stroke: Stroke,
    fill: Color,
    id: &str,
) {
    scene.push_entity(
        Shape::Rect {
            min,
            max,
            corner_radius: 6.0,
            stroke: Some(stroke),
            fill: Some(fill),
        },
        id,
    );
}

fn strike(scene: &mut Scene, min: Point, max: Point, color: Color) {
    scene.push(Shape::Line {
        from: min,
        to: max,
        stroke: Stroke::solid(2.5, color),
    });
    scene.push(Shape::Line {
        from: Point::new(min.x, max.y),
        to: Point::new(max.x, min.y),
        stroke: Stroke::solid(2.5, color),
    });
}

pub(super) fn text(
    scene: &mut Scene,
    at: Point,
    text: String,
    size: f32,
    color: Color,
    anchor: Anchor,
) {
    scene.push(Shape::Text {
        at,
        text,
        size,
        color,
        anchor,
    });
}

/// What the line styles and colours mean.
fn legend(scene: &mut Scene, origin: Point, palette: &Palette, with_impact: bool) {
    let mut y = origin.y;
    text(
        scene,
        Point::new(origin.x, y),
        "Legend".into(),
        NAME_SIZE,
        palette.text,
        Anchor::Start,
    );
    for provenance in [
        Provenance::Observed,
        Provenance::Inferred,
        Provenance::Derived,
        Provenance::Asserted,
    ] {
        y += 18.0;
        scene.push(Shape::Line {
            from: Point::new(origin.x, y),
            to: Point::new(origin.x + 50.0, y),
            stroke: provenance_stroke(provenance, 2.0, palette),
        });
        let meaning = match provenance {
            Provenance::Observed => "observed: AWS shows it",
            Provenance::Inferred => "inferred: follows from what AWS shows",
            Provenance::Derived => "derived: from the Outpost's documented design",
            Provenance::Asserted => "asserted: from the site overlay",
        };
        text(
            scene,
            Point::new(origin.x + 60.0, y),
            meaning.into(),
            NAME_SIZE,
            palette.text,
            Anchor::Start,
        );
    }
    if with_impact {
        for (color, meaning) in [
            (palette.error, "removed, or rack cut off"),
            (palette.warning, "rack left on a single path"),
            (palette.local_zone, "rack still redundant"),
        ] {
            y += 18.0;
            scene.push(Shape::Rect {
                min: Point::new(origin.x, y - 6.0),
                max: Point::new(origin.x + 50.0, y + 6.0),
                corner_radius: 2.0,
                stroke: None,
                fill: Some(tint(color)),
            });
            text(
                scene,
                Point::new(origin.x + 60.0, y),
                meaning.into(),
                NAME_SIZE,
                palette.text,
                Anchor::Start,
            );
        }
    }
}

#[cfg(test)]
mod tests;
