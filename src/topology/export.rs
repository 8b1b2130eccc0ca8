//! The graph written out: JSON (nodes and edges), Graphviz DOT and GraphML, for the whole
//! estate or one Outpost, and the rack network of one Outpost as the CND - ACE - OND - rack
//! picture a network engineer would draw.
//!
//! Every string that came from AWS or a user is escaped for the format it is written in.

use std::collections::HashSet;
use std::fmt::Write as _;

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use serde_json::json;

use super::Topology;
use super::rack_network::{DeviceRole, LinkKind, Provenance, RackKind, RackNetwork, VifPurpose};

/// The nodes of the whole estate, or of one Outpost (the Outpost and everything on it).
pub fn select(topology: &Topology, outpost_id: Option<&str>) -> Vec<NodeIndex> {
    topology
        .graph
        .node_indices()
        .filter(|index| match outpost_id {
            None => true,
            Some(id) => topology.node(*index).outpost_id.as_deref() == Some(id),
        })
        .collect()
}

/// `{"nodes": [...], "edges": [...]}` of the selected nodes and the edges between them.
pub fn to_json(topology: &Topology, nodes: &[NodeIndex]) -> serde_json::Value {
    let chosen: HashSet<NodeIndex> = nodes.iter().copied().collect();
    let node_list: Vec<_> = nodes.iter().map(|i| topology.node(*i)).collect();
    let edges: Vec<_> = topology
        .graph
        .edge_references()
        .filter(|e| chosen.contains(&e.source()) && chosen.contains(&e.target()))
        .map(|e| {
            let mut value = serde_json::to_value(e.weight()).unwrap_or_default();
            if let Some(object) = value.as_object_mut() {
                object.insert("source".into(), json!(topology.node(e.source()).id));
                object.insert("target".into(), json!(topology.node(e.target()).id));
            }
            value
        })
        .collect();
    json!({ "nodes": node_list, "edges": edges })
}

/// A quoted DOT string with quotes, backslashes and line breaks escaped.
pub fn dot_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            c if c.is_control() => {}
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Text escaped for XML ([`crate::xml::escape`]).
pub fn xml_escape(text: &str) -> String {
    crate::xml::escape(text)
}

/// The selected subgraph as Graphviz DOT (a generic drawing; see [`rack_network_dot`] for the
/// engineer's picture of one Outpost).
pub fn to_dot(topology: &Topology, nodes: &[NodeIndex]) -> String {
    let chosen: HashSet<NodeIndex> = nodes.iter().copied().collect();
    let mut dot = String::from(
        "digraph estate {\n  graph [rankdir=LR];\n  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n",
    );
    for index in nodes {
        let node = topology.node(*index);
        let label = format!("{}\n{:?}", node.label, node.kind);
        let _ = writeln!(
            dot,
            "  {} [label={}, style={}];",
            dot_string(&node.id),
            dot_string(&label),
            dot_string(provenance_style(node.provenance))
        );
    }
    for edge in topology
        .graph
        .edge_references()
        .filter(|e| chosen.contains(&e.source()) && chosen.contains(&e.target()))
    {
        let weight = edge.weight();
        let label = weight
            .label
            .clone()
            .unwrap_or_else(|| format!("{:?}", weight.kind));
        let _ = writeln!(
            dot,
            "  {} -> {} [label={}, style={}];",
            dot_string(&topology.node(edge.source()).id),
            dot_string(&topology.node(edge.target()).id),
            dot_string(&label),
            dot_string(provenance_style(weight.provenance))
        );
    }
    dot.push_str("}\n");
    dot
}

/// The selected subgraph as GraphML.
pub fn to_graphml(topology: &Topology, nodes: &[NodeIndex]) -> String {
    let chosen: HashSet<NodeIndex> = nodes.iter().copied().collect();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\">\n",
    );
    for (id, domain, name) in [
        ("kind", "node", "kind"),
        ("label", "node", "label"),
        ("provenance", "node", "provenance"),
        ("region", "node", "region"),
        ("outpost", "node", "outpost_id"),
        ("ekind", "edge", "kind"),
        ("eprovenance", "edge", "provenance"),
        ("elabel", "edge", "label"),
        ("ports", "edge", "ports"),
        ("speed", "edge", "speed_gbps"),
    ] {
        let _ = writeln!(
            xml,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"string\"/>"
        );
    }
    xml.push_str("  <graph id=\"estate\" edgedefault=\"directed\">\n");
    let kind_name = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    for index in nodes {
        let node = topology.node(*index);
        let _ = write!(xml, "    <node id=\"{}\">", xml_escape(&node.id));
        let _ = write!(
            xml,
            "<data key=\"kind\">{}</data>",
            kind_name(&json!(node.kind))
        );
        let _ = write!(
            xml,
            "<data key=\"label\">{}</data>",
            xml_escape(&node.label)
        );
        let _ = write!(
            xml,
            "<data key=\"provenance\">{}</data>",
            kind_name(&json!(node.provenance))
        );
        if let Some(region) = &node.region {
            let _ = write!(xml, "<data key=\"region\">{}</data>", xml_escape(region));
        }
        if let Some(outpost) = &node.outpost_id {
            let _ = write!(xml, "<data key=\"outpost\">{}</data>", xml_escape(outpost));
        }
        xml.push_str("</node>\n");
    }
    for edge in topology
        .graph
        .edge_references()
        .filter(|e| chosen.contains(&e.source()) && chosen.contains(&e.target()))
    {
        let weight = edge.weight();
        let _ = write!(
            xml,
            "    <edge source=\"{}\" target=\"{}\"><data key=\"ekind\">{}</data><data key=\"eprovenance\">{}</data>",
            xml_escape(&topology.node(edge.source()).id),
            xml_escape(&topology.node(edge.target()).id),
            kind_name(&json!(weight.kind)),
            kind_name(&json!(weight.provenance)),
        );
        if let Some(label) = &weight.label {
            let _ = write!(xml, "<data key=\"elabel\">{}</data>", xml_escape(label));
        }
        if let Some(ports) = weight.ports {
            let _ = write!(xml, "<data key=\"ports\">{ports}</data>");
        }
        if let Some(speed) = weight.speed_gbps {
            let _ = write!(xml, "<data key=\"speed\">{speed}</data>");
        }
        xml.push_str("</edge>\n");
    }
    xml.push_str("  </graph>\n</graphml>\n");
    xml
}

/// DOT line style for a provenance: observed solid, asserted bold, inferred dashed, derived dotted.
pub fn provenance_style(provenance: Provenance) -> &'static str {
    match provenance {
        Provenance::Observed => "solid",
        Provenance::Asserted => "bold",
        Provenance::Inferred => "dashed",
        Provenance::Derived => "dotted",
    }
}

/// One Outpost's rack network as the picture a network engineer draws: customer devices on
/// top, then the ACE routers and the ACE rack (when there is one), then the ONDs, then the
/// compute racks. Customer-side links carry the port channel, member count and speed, both
/// VLANs and both ASNs; AWS-managed OND-to-ACE links are grey and dashed. Line styles give
/// provenance (legend in the graph label).
pub fn rack_network_dot(network: &RackNetwork) -> String {
    let mut dot = String::new();
    let title = format!(
        "Outpost {}: {} compute racks, {} (ACE: {}, {})\nlines: solid observed, bold asserted, dashed inferred, dotted derived; grey dashed: AWS-managed",
        network.outpost_id,
        network
            .racks
            .iter()
            .filter(|r| r.kind == RackKind::Compute)
            .count(),
        if network.ace {
            "behind an ACE rack"
        } else {
            "no ACE rack"
        },
        network.ace_reason,
        network.ace_provenance.as_str(),
    );
    let _ = writeln!(
        dot,
        "graph {} {{",
        dot_string(&format!("rack network {}", network.outpost_id))
    );
    let _ = writeln!(
        dot,
        "  graph [rankdir=TB, nodesep=0.25, ranksep=1.2, labelloc=t, fontname=\"Helvetica\", label={}];",
        dot_string(&title)
    );
    dot.push_str("  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=8];\n");
    // Each tier on one rank, kept in order (ONDs over their racks) by invisible edges.
    let tier = |dot: &mut String, name: &str, lines: Vec<(String, String)>| {
        let _ = writeln!(dot, "  subgraph {} {{\n    rank=same;", dot_string(name));
        for (_, line) in &lines {
            let _ = writeln!(dot, "    {line}");
        }
        for pair in lines.windows(2) {
            let _ = writeln!(
                dot,
                "    {} -- {} [style=invis];",
                dot_string(&pair[0].0),
                dot_string(&pair[1].0)
            );
        }
        dot.push_str("  }\n");
    };
    let device_line = |role: DeviceRole, shape: &str, fill: &str| -> Vec<(String, String)> {
        network
            .devices_with_role(role)
            .map(|d| {
                let role_name = match role {
                    DeviceRole::Ond => "OND",
                    DeviceRole::AceRouter => "ACE router",
                    DeviceRole::Cnd => "CND",
                };
                let line = format!(
                    "{} [label={}, shape={shape}, style={}, fillcolor=\"{fill}\"];",
                    dot_string(&d.id),
                    dot_string(&format!(
                        "{}\n{role_name} ({})",
                        d.name,
                        d.provenance.as_str()
                    )),
                    dot_string(&format!("filled,{}", provenance_style(d.provenance))),
                );
                (d.id.clone(), line)
            })
            .collect()
    };
    tier(
        &mut dot,
        "customer",
        device_line(DeviceRole::Cnd, "box", "#dbe8fb"),
    );
    if network.ace {
        tier(
            &mut dot,
            "ace-routers",
            device_line(DeviceRole::AceRouter, "box", "#fde7c8"),
        );
        let ace_racks: Vec<(String, String)> = network
            .racks
            .iter()
            .filter(|r| r.kind == RackKind::Ace)
            .map(|r| {
                let line = format!(
                    "{} [label={}, shape=box3d, style=filled, fillcolor=\"#f4f4f4\"];",
                    dot_string(&r.rack_id),
                    dot_string(&format!("ACE rack {}\nAWS-managed fabric", r.rack_id))
                );
                (r.rack_id.clone(), line)
            })
            .collect();
        tier(&mut dot, "ace-rack", ace_racks);
    }
    tier(
        &mut dot,
        "onds",
        device_line(DeviceRole::Ond, "box", "#e3f4e1"),
    );
    let racks: Vec<(String, String)> = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
        .map(|r| {
            let id = format!("rack:{}", r.rack_id);
            let line = format!(
                "{} [label={}, shape=box3d];",
                dot_string(&id),
                dot_string(&format!("rack {}", r.rack_id))
            );
            (id, line)
        })
        .collect();
    tier(&mut dot, "racks", racks);

    for rack in network.racks.iter().filter(|r| r.kind == RackKind::Compute) {
        for ond in network
            .devices_with_role(DeviceRole::Ond)
            .filter(|d| d.rack_id.as_deref() == Some(rack.rack_id.as_str()))
        {
            let _ = writeln!(
                dot,
                "  {} -- {} [color=\"#888888\"];",
                dot_string(&ond.id),
                dot_string(&format!("rack:{}", rack.rack_id))
            );
        }
    }
    if network.ace {
        for rack in network.racks.iter().filter(|r| r.kind == RackKind::Ace) {
            for router in network.devices_with_role(DeviceRole::AceRouter) {
                let _ = writeln!(
                    dot,
                    "  {} -- {} [color=\"#888888\"];",
                    dot_string(&router.id),
                    dot_string(&rack.rack_id)
                );
            }
        }
    }
    for link in &network.links {
        match link.kind {
            LinkKind::AwsManaged => {
                let _ = writeln!(
                    dot,
                    "  {} -- {} [style=dashed, color=\"#aaaaaa\"];",
                    dot_string(&link.to),
                    dot_string(&link.from)
                );
            }
            LinkKind::Physical => {
                let channel = link
                    .port_channel
                    .as_deref()
                    .and_then(|id| network.port_channels.iter().find(|c| c.id == id));
                let mut label = match channel.and_then(|c| c.number) {
                    Some(number) => format!("Po{number} "),
                    None => String::new(),
                };
                label.push_str(&format!(
                    "{}x{}",
                    link.ports,
                    link.speed_gbps.map_or("?".to_owned(), |s| format!("{s}G"))
                ));
                for vif in network
                    .vifs
                    .iter()
                    .filter(|v| Some(v.port_channel.as_str()) == link.port_channel.as_deref())
                {
                    let purpose = match vif.purpose {
                        VifPurpose::ServiceLink => "SL",
                        VifPurpose::LocalGateway => "LGW",
                    };
                    let vlan = vif
                        .vlan
                        .map_or("VLAN ?".to_owned(), |v| format!("VLAN {v}"));
                    label.push_str(&format!("\n{purpose} {vlan}"));
                    if let Some((Some(local), Some(peer))) = network
                        .bgp_sessions
                        .iter()
                        .find(|s| s.vif == vif.id)
                        .map(|s| (s.local_asn, s.peer_asn))
                    {
                        label.push_str(&format!(" AS{local}-AS{peer}"));
                    }
                }
                let _ = writeln!(
                    dot,
                    "  {} -- {} [label={}, style={}, penwidth={}];",
                    dot_string(&link.to),
                    dot_string(&link.from),
                    dot_string(&label),
                    dot_string(provenance_style(link.provenance)),
                    1 + link.ports.min(4)
                );
            }
        }
    }
    dot.push_str("}\n");
    dot
}
