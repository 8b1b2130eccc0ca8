//! The links of the rack network picture: each customer-side link with its title as an
//! engineer writes it ("Po11 · 2x100G") on a patch of canvas above its lower end and, zoomed in,
//! the VLANs it carries with their addresses and ASNs; and the OND-to-ACE links bundled into one
//! line per compute rack, routed up the gutters between the racks from the rows below.

use std::collections::HashMap;

use super::{
    DEVICE, Drawing, Element, LABEL_WIDTH, LINE_HEIGHT, NAME_SIZE, RackPicture, SPACING, VLAN_SIZE,
    provenance_stroke, text,
};
use crate::scene::{Anchor, Color, Point, Shape, label_box, shortened};
use crate::topology::rack_network::{Link, LinkKind, PortChannel, Provenance, RackKind};

/// The links, each labelled above its lower end with its ports, speed, port channel and the
/// VLANs it carries. The AWS-managed OND-to-ACE links are bundled: one line per compute rack to
/// the ACE rack's frame, labelled once with what it carries, the per-OND detail on hover.
pub(super) fn draw_links(d: &Drawing<'_>, picture: &mut RackPicture) {
    draw_ace_bundles(d, picture);
    let scene = &mut picture.scene;
    // Links first, under the boxes. Their labels sit above the lower end: count the links
    // sharing each lower end first.
    let mut lower_ends: HashMap<(u32, u32), usize> = HashMap::new();
    for link in d.network.links.iter().filter(|l| !d.bundled(l)) {
        if let (Some(from), Some(to)) = (d.at(&link.from), d.at(&link.to)) {
            let lower = if from.y >= to.y { from } else { to };
            *lower_ends
                .entry((lower.x.to_bits(), lower.y.to_bits()))
                .or_default() += 1;
        }
    }
    let mut placed: HashMap<(u32, u32), usize> = HashMap::new();
    let mut labels: Vec<(Point, String, f32, Color, Anchor)> = Vec::new();
    for link in d.network.links.iter().filter(|l| !d.bundled(l)) {
        let (Some(from), Some(to)) = (d.at(&link.from), d.at(&link.to)) else {
            continue;
        };
        let channel = link
            .port_channel
            .as_deref()
            .and_then(|id| d.network.port_channels.iter().find(|p| p.id == id));
        let gone = d.removed(&link.from)
            || d.removed(&link.to)
            || link.port_channel.as_deref().is_some_and(|id| d.removed(id));
        let width = if link.kind == LinkKind::AwsManaged {
            3.0
        } else {
            2.0
        };
        let mut stroke = provenance_stroke(link.provenance, width, d.palette);
        if gone {
            stroke.color = d.palette.error;
        }
        let (start, end) = d.between_boxes(&link.from, from, &link.to, to);
        scene.push(Shape::Line {
            from: start,
            to: end,
            stroke,
        });
        let title = link_title(link, channel, gone);
        // The VLANs this link's port channel carries: VLAN and ASNs, then the addresses.
        let mut details = Vec::new();
        if let Some(pc) = channel {
            let vifs: Vec<_> = d
                .network
                .vifs
                .iter()
                .filter(|v| v.port_channel == pc.id)
                .collect();
            for vif in vifs.iter().take(3) {
                let bgp = d
                    .network
                    .bgp_sessions
                    .iter()
                    .find(|b| b.vif == vif.id)
                    .filter(|b| b.local_asn.is_some() || b.peer_asn.is_some());
                let asns = bgp.map_or(String::new(), |b| {
                    format!(
                        " · AS {} / {}",
                        b.local_asn.map_or("?".into(), |a| a.to_string()),
                        b.peer_asn.map_or("?".into(), |a| a.to_string())
                    )
                });
                details.push(format!(
                    "VLAN {}{asns}",
                    vif.vlan.map_or("?".into(), |v| v.to_string())
                ));
                if vif.local_address.is_some() || vif.peer_address.is_some() {
                    details.push(address_pair(
                        vif.local_address.as_deref(),
                        vif.peer_address.as_deref(),
                    ));
                }
            }
            if vifs.len() > 3 {
                details.push(format!("+{} more VLANs", vifs.len() - 3));
            }
        }
        // Above the link's lower end, where the devices are a tier's spacing apart, so the
        // labels of links that cross do not land on each other; links sharing a lower end
        // are spread sideways.
        let lower = if from.y >= to.y { from } else { to };
        let key = (lower.x.to_bits(), lower.y.to_bits());
        let shared = lower_ends.get(&key).copied().unwrap_or(1);
        let index = placed.entry(key).or_insert(0);
        let mut x = lower.x + (*index as f32 - (shared as f32 - 1.0) / 2.0) * LABEL_WIDTH;
        *index += 1;
        // A vertical link would run through its centred label: the label goes beside it.
        let anchor = if shared == 1 && (from.x - to.x).abs() < 1.0 {
            x += 10.0;
            Anchor::Start
        } else {
            Anchor::Middle
        };
        let bottom = lower.y - DEVICE[1] / 2.0 - 8.0;
        let mut y = bottom
            - LINE_HEIGHT * details.len() as f32
            - if details.is_empty() {
                0.0
            } else {
                (NAME_SIZE - VLAN_SIZE) / 2.0
            };
        let room = SPACING - 4.0;
        let title_color = if gone {
            d.palette.error
        } else {
            d.palette.text
        };
        labels.push((
            Point::new(x, y),
            shortened(&title, room, NAME_SIZE),
            NAME_SIZE,
            title_color,
            anchor,
        ));
        y += (NAME_SIZE - VLAN_SIZE) / 2.0;
        for line in details {
            y += LINE_HEIGHT;
            labels.push((
                Point::new(x, y),
                shortened(&line, room, VLAN_SIZE),
                VLAN_SIZE,
                d.palette.text_muted,
                anchor,
            ));
        }
    }
    // The labels over every line, each title on a patch of the canvas so a line crossing it
    // does not run through its letters.
    let canvas = d.palette.canvas;
    for (at, label, size, color, anchor) in labels {
        if size >= NAME_SIZE {
            let (min, max) = label_box(at, &label, size, anchor);
            scene.push(Shape::Rect {
                min: Point::new(min.x - 2.0, min.y),
                max: Point::new(max.x + 2.0, max.y),
                corner_radius: 3.0,
                stroke: None,
                fill: Some(Color::rgba(canvas.r, canvas.g, canvas.b, 0xd8)),
            });
        }
        text(scene, at, label, size, color, anchor);
    }
}

/// A link's title as an engineer writes it: "Po11 · 2x100G", "AWS-managed · 1x100G", or the
/// port channel and "down" when the impact takes the link out.
pub(super) fn link_title(link: &Link, channel: Option<&PortChannel>, gone: bool) -> String {
    let name = match (link.kind, channel) {
        (LinkKind::AwsManaged, _) => "AWS-managed".to_owned(),
        (_, Some(pc)) => pc.number.map_or("Po".to_owned(), |n| format!("Po{n}")),
        (_, None) => "link".to_owned(),
    };
    if gone {
        return format!("{name} · down");
    }
    let speed = link.speed_gbps.map_or(String::new(), |g| format!("{g}G"));
    match speed.is_empty() {
        true if link.ports == 1 => format!("{name} · 1 port"),
        true => format!("{name} · {} ports", link.ports),
        false => format!("{name} · {}x{speed}", link.ports),
    }
}

/// A point-to-point pair of addresses, the second shortened to what differs when both share
/// their first three octets and prefix length: "10.255.20.10/31 - .11".
pub(super) fn address_pair(local: Option<&str>, peer: Option<&str>) -> String {
    let (local, peer) = (local.unwrap_or("?"), peer.unwrap_or("?"));
    let split = |address: &str| -> Option<(String, String, String)> {
        let (ip, prefix) = address.split_once('/')?;
        let (network, host) = ip.rsplit_once('.')?;
        Some((network.to_owned(), host.to_owned(), prefix.to_owned()))
    };
    match (split(local), split(peer)) {
        (Some((a_net, _, a_prefix)), Some((b_net, b_host, b_prefix)))
            if a_net == b_net && a_prefix == b_prefix =>
        {
            format!("{local} - .{b_host}")
        }
        _ => format!("{local} - {peer}"),
    }
}

/// One line per compute rack from above its ONDs to the ACE rack's frame, labelled once
/// ("2 ONDs, AWS-managed"); hovering the label lists each OND's link.
fn draw_ace_bundles(d: &Drawing<'_>, picture: &mut RackPicture) {
    let Some((frame_min, frame_max)) = d.ace_frame() else {
        return;
    };
    for rack in d
        .network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
    {
        let links: Vec<_> =
            d.network
                .links
                .iter()
                .filter(|link| d.bundled(link))
                .filter(|link| {
                    d.network.devices.iter().any(|dev| {
                        dev.id == link.from && dev.rack_id.as_deref() == Some(&rack.rack_id)
                    })
                })
                .collect();
        let ends: Vec<Point> = links.iter().filter_map(|link| d.at(&link.from)).collect();
        if ends.is_empty() {
            continue;
        }
        let x = ends.iter().map(|p| p.x).sum::<f32>() / ends.len() as f32;
        let top = ends.iter().map(|p| p.y).fold(f32::MAX, f32::min) - DEVICE[1] / 2.0;
        let cell = d.layout.cell(&rack.rack_id);
        // Straight up from the first row; from the rows below, up to a shelf above the ONDs,
        // sideways into the gutter and up between the racks above.
        let points = match cell.and_then(|cell| d.gutter_line_x(cell)) {
            Some(gutter_x) => vec![
                Point::new(x, top),
                Point::new(x, top - 12.0),
                Point::new(gutter_x, top - 12.0),
                Point::new(gutter_x, frame_max.y),
            ],
            None => vec![
                Point::new(x, top),
                Point::new(x.clamp(frame_min.x + 20.0, frame_max.x - 20.0), frame_max.y),
            ],
        };
        let gone = links
            .iter()
            .any(|link| d.removed(&link.from) || d.removed(&link.to));
        let provenance = links.first().map_or(Provenance::Derived, |l| l.provenance);
        let mut stroke = provenance_stroke(provenance, 3.0, d.palette);
        if gone {
            stroke.color = d.palette.error;
        }
        picture.scene.push(Shape::Path {
            points,
            closed: false,
            stroke: Some(stroke),
            fill: None,
        });
        // The label on the side the line does not turn to.
        let label = format!("{} ONDs, AWS-managed", links.len());
        let (at, anchor) = if cell.is_some_and(|cell| d.goes_left(cell)) {
            (Point::new(x + 6.0, top - 26.0), Anchor::Start)
        } else {
            (Point::new(x - 6.0, top - 26.0), Anchor::End)
        };
        text(
            &mut picture.scene,
            at,
            label.clone(),
            NAME_SIZE,
            d.palette.text_muted,
            anchor,
        );
        let (label_min, label_max) = label_box(at, &label, NAME_SIZE, anchor);
        let detail: Vec<String> = links
            .iter()
            .map(|link| {
                let name = d
                    .network
                    .device(&link.from)
                    .map_or(link.from.as_str(), |dev| dev.name.as_str());
                let ports = if link.ports == 1 {
                    "1 port".to_owned()
                } else {
                    format!("{} ports", link.ports)
                };
                format!("{name} to the ACE rack: AWS-managed, {ports}")
            })
            .collect();
        picture.elements.push(Element {
            id: format!("{}:ace-bundle", rack.rack_id),
            min: label_min,
            max: label_max,
            title: format!("{label} ({}): {}", rack.rack_id, detail.join("; ")),
        });
    }
}
