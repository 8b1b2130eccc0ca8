//! The details panel: every field of the selected entity (nested fields dotted, lists joined),
//! its tags, where it sits in the tree, and every relation in the graph as a link that selects
//! the other end. Rack network elements, which are not AWS entities, show their graph fields
//! and the labels of their edges (VLANs, addresses, ASNs, ports and speeds).

use edge_atlas::model::{EntityRef, SnapshotInfo};
use edge_atlas::topology::{Edge, Topology};
use eframe::egui;
use petgraph::Direction;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use crate::selection::Selection;
use crate::views::graph::GraphView;
use crate::workspace::Workspace;

/// Children or relations listed before "and N more".
const LISTED: usize = 100;

/// What the panel asks the shell to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DetailsAction {
    /// Collapse or expand this group in the graph.
    ToggleGroup(NodeIndex),
    /// Show the graph centred on the selection.
    ShowInGraph,
    /// Open the Connect window for the selected instance.
    Connect,
}

/// Draws the panel for the current selection.
pub fn show(
    ui: &mut egui::Ui,
    workspace: &Workspace,
    selection: &mut Selection,
    graph: &GraphView,
) -> Option<DetailsAction> {
    let Some(id) = selection.selected.clone() else {
        ui.heading("Details");
        ui.label("Nothing selected. Click a node in the graph or a marker on the map, or search (Ctrl+K).");
        return None;
    };
    // The graph as drawn: grouped by account, it also holds the accounts and their copies of
    // Regions and zones, which can be selected there.
    let topology = graph.topology(workspace);
    let Some(node) = topology.find(&id) else {
        ui.heading(&id);
        ui.label("Not in this snapshot: a location from the catalog the account does not use.");
        return None;
    };
    let mut action = None;
    let data = topology.node(node);
    ui.heading(&data.label);
    egui::Grid::new("details-identity")
        .num_columns(2)
        .show(ui, |ui| {
            row(ui, "kind", data.kind.label());
            row(ui, "id", &data.id);
            if let Some(region) = &data.region {
                row(ui, "Region", region);
            }
            if let Some(outpost) = &data.outpost_id {
                row(ui, "Outpost", outpost);
            }
            if let Some(entity) = workspace.entity(&id) {
                account_rows(ui, &workspace.info, entity);
            }
            row(ui, "provenance", data.provenance.as_str());
        });
    ui.horizontal(|ui| {
        if ui.button("Show in graph").clicked() {
            action = Some(DetailsAction::ShowInGraph);
        }
        if data.kind == edge_atlas::topology::NodeKind::Instance
            && ui
                .button("Connect…")
                .on_hover_text(
                    "EC2 Instance Connect: see the plan (address, user) before anything is sent",
                )
                .clicked()
        {
            action = Some(DetailsAction::Connect);
        }
        let has_children = topology.parent.contains(&Some(node));
        if has_children {
            let label = if graph.is_collapsed(node) {
                "Expand group"
            } else {
                "Collapse group"
            };
            if ui.button(label).clicked() {
                action = Some(DetailsAction::ToggleGroup(node));
            }
        }
    });
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if let Some(entity) = workspace.entity(&id)
                && let Ok(json) = entity.to_json()
                && let Ok(value) = serde_json::from_str::<serde_json::Value>(&json)
            {
                let mut fields = Vec::new();
                flatten("", &value, &mut fields);
                egui::CollapsingHeader::new(format!("Fields ({})", fields.len()))
                    .default_open(true)
                    .show(ui, |ui| {
                        egui::Grid::new("details-fields")
                            .num_columns(2)
                            .striped(true)
                            .show(ui, |ui| {
                                for (key, value) in &fields {
                                    row(ui, key, value);
                                }
                            });
                    });
                if let Some(tags) = entity.tags() {
                    egui::CollapsingHeader::new(format!("Tags ({})", tags.len()))
                        .default_open(true)
                        .show(ui, |ui| {
                            egui::Grid::new("details-tags")
                                .num_columns(2)
                                .striped(true)
                                .show(ui, |ui| {
                                    for (key, value) in tags {
                                        row(ui, key, value);
                                    }
                                });
                        });
                }
            }
            relations(ui, topology, node, selection);
        });
    action
}

/// The account the entity was read in and, for a resource shared through AWS RAM (an Outpost,
/// a subnet), its owner and the other accounts that see or use it, each by name when known.
fn account_rows(ui: &mut egui::Ui, info: &SnapshotInfo, entity: EntityRef<'_>) {
    let account = entity.account_id();
    if !account.is_empty() {
        row(ui, "account", &info.account_label(account));
    }
    let (owner, shared_with) = match entity {
        EntityRef::Outpost(outpost) => {
            (outpost.owner_id.as_deref(), outpost.shared_with.as_slice())
        }
        EntityRef::Subnet(subnet) => (subnet.owner_id.as_deref(), subnet.shared_with.as_slice()),
        _ => return,
    };
    if let Some(owner) = owner.filter(|owner| *owner != account) {
        row(ui, "owner", &info.account_label(owner));
    }
    if !shared_with.is_empty() {
        let mut labels: Vec<String> = shared_with
            .iter()
            .take(LISTED)
            .map(|other| info.account_label(other))
            .collect();
        if shared_with.len() > LISTED {
            labels.push(format!("and {} more", shared_with.len() - LISTED));
        }
        row(
            ui,
            &format!("shared with ({})", shared_with.len()),
            &labels.join(", "),
        );
    }
}

fn row(ui: &mut egui::Ui, key: &str, value: &str) {
    ui.label(egui::RichText::new(key).weak());
    ui.add(egui::Label::new(value).selectable(true).wrap());
    ui.end_row();
}

fn relations(ui: &mut egui::Ui, topology: &Topology, node: NodeIndex, selection: &mut Selection) {
    let mut link = |ui: &mut egui::Ui, other: NodeIndex, text: String| {
        let target = topology.node(other);
        if ui
            .link(text)
            .on_hover_text(format!("{} · {}", target.kind.label(), target.id))
            .clicked()
        {
            selection.select(target.id.clone());
        }
    };
    if let Some(parent) = topology.parent[node.index()] {
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new("inside").weak());
            link(ui, parent, topology.node(parent).label.clone());
        });
    }
    let outgoing: Vec<_> = topology
        .graph
        .edges_directed(node, Direction::Outgoing)
        .filter(|e| e.weight().kind != edge_atlas::topology::EdgeKind::Contains)
        .map(|e| (e.target(), e.weight(), true))
        .collect();
    let incoming: Vec<_> = topology
        .graph
        .edges_directed(node, Direction::Incoming)
        .filter(|e| e.weight().kind != edge_atlas::topology::EdgeKind::Contains)
        .map(|e| (e.source(), e.weight(), false))
        .collect();
    let related: Vec<_> = outgoing.into_iter().chain(incoming).collect();
    egui::CollapsingHeader::new(format!("Related ({})", related.len()))
        .default_open(true)
        .show(ui, |ui| {
            let count = related.len();
            for (other, edge, forward) in related.into_iter().take(LISTED) {
                ui.horizontal_wrapped(|ui| {
                    let direction = if forward { "" } else { " (from)" };
                    ui.label(
                        egui::RichText::new(format!("{}{direction}", edge.kind.label())).weak(),
                    );
                    link(ui, other, topology.node(other).label.clone());
                    let about = edge_text(edge);
                    if !about.is_empty() {
                        ui.label(about);
                    }
                });
            }
            if count > LISTED {
                ui.label(format!("and {} more", count - LISTED));
            }
        });
    let children: Vec<NodeIndex> = topology
        .parent
        .iter()
        .enumerate()
        .filter(|(_, parent)| **parent == Some(node))
        .map(|(index, _)| NodeIndex::new(index))
        .collect();
    if !children.is_empty() {
        egui::CollapsingHeader::new(format!("Contains ({})", children.len()))
            .default_open(children.len() <= 20)
            .show(ui, |ui| {
                for child in children.iter().take(LISTED) {
                    let data = topology.node(*child);
                    ui.horizontal(|ui| {
                        ui.label(egui::RichText::new(data.kind.label()).weak());
                        link(ui, *child, data.label.clone());
                    });
                }
                if children.len() > LISTED {
                    ui.label(format!("and {} more", children.len() - LISTED));
                }
            });
    }
}

/// An edge's ports, speed and label, e.g. "4 x 100 Gbit/s · VLAN 201".
fn edge_text(edge: &Edge) -> String {
    let mut parts = Vec::new();
    match (edge.ports, edge.speed_gbps) {
        (Some(ports), Some(speed)) => parts.push(format!("{ports} x {speed} Gbit/s")),
        (Some(ports), None) => parts.push(format!("{ports} ports")),
        (None, Some(speed)) => parts.push(format!("{speed} Gbit/s")),
        (None, None) => {}
    }
    if let Some(label) = &edge.label {
        parts.push(label.clone());
    }
    parts.push(edge.provenance.as_str().to_owned());
    parts.join(" · ")
}

/// Flattens a JSON object into (dotted key, text) rows; lists of scalars are joined.
fn flatten(prefix: &str, value: &serde_json::Value, out: &mut Vec<(String, String)>) {
    use serde_json::Value;
    let key = |name: &str| {
        if prefix.is_empty() {
            name.to_owned()
        } else {
            format!("{prefix}.{name}")
        }
    };
    match value {
        Value::Object(map) => {
            for (name, inner) in map {
                if prefix.is_empty() && name == "tags" {
                    continue;
                }
                flatten(&key(name), inner, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let text: Vec<String> = items.iter().map(scalar).collect();
            out.push((prefix.to_owned(), text.join(", ")));
        }
        Value::Array(items) => {
            for (position, inner) in items.iter().enumerate() {
                flatten(&format!("{prefix}[{position}]"), inner, out);
            }
        }
        other => out.push((prefix.to_owned(), scalar(other))),
    }
}

fn scalar(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Null => "none".to_owned(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_fields_are_dotted_and_lists_joined() {
        let value = serde_json::json!({
            "a": 1, "tags": {"x": "y"}, "b": {"c": "text", "d": null},
            "list": ["p", "q"], "objects": [{"e": true}]
        });
        let mut rows = Vec::new();
        flatten("", &value, &mut rows);
        assert_eq!(
            rows,
            vec![
                ("a".to_owned(), "1".to_owned()),
                ("b.c".to_owned(), "text".to_owned()),
                ("b.d".to_owned(), "none".to_owned()),
                ("list".to_owned(), "p, q".to_owned()),
                ("objects[0].e".to_owned(), "true".to_owned()),
            ]
        );
    }
}
