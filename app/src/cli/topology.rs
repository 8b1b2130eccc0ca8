//! `edge-atlas graph`, `topology` and `impact`: the estate graph written out, one Outpost's
//! rack network as a table or JSON, and the failure impact of removing its elements.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use serde_json::json;

use super::table;
use edge_atlas::model::Warning;
use edge_atlas::store::{SnapshotId, Store};
use edge_atlas::topology::{RackNetwork, Topology, VifPurpose, bom, export, impact};
use edge_atlas::workspace::OpenedSnapshot;

/// Output formats of `graph`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// `{"nodes": [...], "edges": [...]}`.
    Json,
    /// Graphviz DOT (with `--outpost`: the CND - ACE - OND - rack picture).
    Dot,
    /// GraphML.
    Graphml,
}

/// The topology of a snapshot (latest by default) with the stored overlay.
fn load_topology(store: &Store, snapshot: Option<SnapshotId>) -> anyhow::Result<Topology> {
    Ok(OpenedSnapshot::open(store, snapshot)?.topology)
}

fn rack_network<'a>(topology: &'a Topology, outpost_id: &str) -> anyhow::Result<&'a RackNetwork> {
    topology.rack_network(outpost_id).with_context(|| {
        let known: Vec<&str> = topology
            .rack_networks
            .iter()
            .map(|n| n.outpost_id.as_str())
            .collect();
        format!(
            "there is no Outpost {outpost_id} in this snapshot (Outposts: {})",
            known.join(", ")
        )
    })
}

/// `edge-atlas graph`.
pub fn graph(
    store: &Store,
    snapshot: Option<SnapshotId>,
    outpost: Option<&str>,
    format: GraphFormat,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let topology = load_topology(store, snapshot)?;
    if let Some(outpost_id) = outpost {
        rack_network(&topology, outpost_id)?;
    }
    let nodes = export::select(&topology, outpost);
    let text = match (format, outpost) {
        (GraphFormat::Json, _) => {
            serde_json::to_string_pretty(&export::to_json(&topology, &nodes))?
        }
        (GraphFormat::Dot, Some(outpost_id)) => {
            export::rack_network_dot(rack_network(&topology, outpost_id)?)
        }
        (GraphFormat::Dot, None) => export::to_dot(&topology, &nodes),
        (GraphFormat::Graphml, _) => export::to_graphml(&topology, &nodes),
    };
    match output {
        Some(path) => {
            std::fs::write(path, text.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))?;
            writeln!(out, "Wrote {}", path.display())?;
        }
        None => writeln!(out, "{text}")?,
    }
    Ok(())
}

/// `edge-atlas topology OUTPOST_ID`.
pub fn topology(
    store: &Store,
    snapshot: Option<SnapshotId>,
    outpost_id: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let opened = OpenedSnapshot::open(store, snapshot)?;
    let topology = &opened.topology;
    let network = rack_network(topology, outpost_id)?;
    let counts = bom::counts(topology, outpost_id, network.generation);
    let region = topology
        .find(outpost_id)
        .and_then(|node| topology.node(node).region.as_deref())
        .unwrap_or_default();
    let missing = Warning::about_rack_network(&opened.info.warnings, region, outpost_id);
    if json {
        let mut value = serde_json::to_value(network)?;
        if let Some(object) = value.as_object_mut() {
            object.insert("counts".into(), serde_json::to_value(counts)?);
            object.insert(
                "missing_observations".into(),
                serde_json::to_value(&missing)?,
            );
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    writeln!(
        out,
        "Outpost {outpost_id}: {} compute racks, {} (ACE {}: {})",
        counts.compute_racks,
        if network.ace {
            "behind an ACE rack"
        } else {
            "no ACE rack"
        },
        network.ace_provenance.as_str(),
        network.ace_reason
    )?;
    for warning in &missing {
        writeln!(
            out,
            "Missing observations: {}",
            table::terminal_safe(&warning.missing_summary())
        )?;
    }
    writeln!(
        out,
        "{} ONDs, {} ACE routers, {} CNDs; customer side: {} port channels, {} ports / fibres, {} VLAN VIFs, {} P2P subnets ({} addresses), {} BGP sessions, {} service link subnets\n",
        counts.onds,
        counts.ace_routers,
        counts.cnds,
        counts.lacp_port_channels,
        counts.physical_ports,
        counts.vlan_vifs,
        counts.p2p_subnets,
        counts.p2p_ip_addresses,
        counts.bgp_sessions,
        counts.service_link_subnets
    )?;
    let name = |id: &str| network.device(id).map_or(id.to_owned(), |d| d.name.clone());
    let rows: Vec<Vec<String>> = network
        .port_channels
        .iter()
        .map(|channel| {
            let vifs: Vec<String> = network
                .vifs
                .iter()
                .filter(|v| v.port_channel == channel.id)
                .map(|v| {
                    let session = network.bgp_sessions.iter().find(|s| s.vif == v.id);
                    format!(
                        "{} VLAN {} {} -> {} AS{} -> AS{} ({})",
                        match v.purpose {
                            VifPurpose::ServiceLink => "SL",
                            VifPurpose::LocalGateway => "LGW",
                        },
                        v.vlan.map_or("?".into(), |x| x.to_string()),
                        v.local_address.as_deref().unwrap_or("?"),
                        v.peer_address.as_deref().unwrap_or("?"),
                        session
                            .and_then(|s| s.local_asn)
                            .map_or("?".into(), |a| a.to_string()),
                        session
                            .and_then(|s| s.peer_asn)
                            .map_or("?".into(), |a| a.to_string()),
                        v.provenance.as_str(),
                    )
                })
                .collect();
            vec![
                name(&channel.aws_device),
                name(&channel.customer_device),
                channel.number.map_or(String::new(), |n| format!("Po{n}")),
                format!(
                    "{}x{}",
                    channel.member_ports,
                    channel.speed_gbps.map_or("?".into(), |s| format!("{s}G"))
                ),
                channel.provenance.as_str().to_owned(),
                vifs.join("; "),
            ]
        })
        .collect();
    write!(
        out,
        "{}",
        table::render(
            &[
                "aws device",
                "customer device",
                "port channel",
                "links",
                "provenance",
                "VIFs (purpose VLAN local -> peer ASNs)"
            ],
            &rows
        )
    )?;
    Ok(())
}

/// `edge-atlas impact NODE_ID...`.
pub fn impact_command(
    store: &Store,
    snapshot: Option<SnapshotId>,
    ids: &[String],
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let topology = load_topology(store, snapshot)?;
    let first = ids
        .first()
        .context("name at least one device, port channel, LAG or rack")?;
    let network = topology
        .rack_networks
        .iter()
        .find(|n| n.has_element(first))
        .with_context(|| format!("`{first}` is not a device, port channel, LAG or rack of any Outpost; `edge-atlas topology OUTPOST_ID --json` lists their ids"))?;
    let result = impact::impact(network, ids)?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&json!(result))?)?;
        return Ok(());
    }
    writeln!(
        out,
        "Removing {} from Outpost {}:",
        ids.join(", "),
        result.outpost_id
    )?;
    writeln!(
        out,
        "  isolated from the customer network and the home Region: {}",
        list(&result.isolated_racks)
    )?;
    writeln!(
        out,
        "  still connected, single path: {}",
        list(&result.single_path_racks)
    )?;
    writeln!(
        out,
        "  still connected, redundant: {}",
        list(&result.redundant_racks)
    )?;
    writeln!(out, "{}", result.note)?;
    Ok(())
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        format!("{} ({})", items.len(), items.join(", "))
    }
}
