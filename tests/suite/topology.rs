//! The topology: rack networks and their counts, the published ACE comparison, failure impact,
//! queries, layouts and exports, on the demo estate and on planned layouts.

use std::collections::BTreeSet;

use edge_atlas::catalog::LocationCatalog;
use edge_atlas::demo;
use edge_atlas::layout::geo::geographic;
use edge_atlas::layout::hierarchy::{HierarchyOptions, hierarchical};
use edge_atlas::layout::rack::rack_layout;
use edge_atlas::model::SiteOverlay;
use edge_atlas::topology::bom::{counts, counts_of};
use edge_atlas::topology::impact::{Reach, impact};
use edge_atlas::topology::query::{SearchIndex, contained, neighbourhood, path_to_home_region};
use edge_atlas::topology::{
    DeviceRole, LayoutPlan, NodeKind, Provenance, RackNetwork, Topology, export,
};

struct Demo {
    estate: edge_atlas::model::Estate,
    topology: Topology,
    ace_outpost: String,
    three_rack_outpost: String,
}

fn demo_topology() -> Demo {
    let generated = demo::demo().expect("demo");
    let topology = Topology::build(&generated.estate, &generated.overlay);
    let ace_outpost = topology
        .rack_networks
        .iter()
        .find(|n| n.ace)
        .expect("ACE Outpost")
        .outpost_id
        .clone();
    let three_rack_outpost = topology
        .rack_networks
        .iter()
        .find(|n| !n.ace && n.generation == 1)
        .expect("3-rack Outpost")
        .outpost_id
        .clone();
    Demo {
        estate: generated.estate,
        topology,
        ace_outpost,
        three_rack_outpost,
    }
}

#[test]
fn the_demo_outposts_count_as_the_bom_rules_say() {
    let demo = demo_topology();
    let ace = counts(&demo.topology, &demo.ace_outpost, 1);
    assert_eq!(
        (ace.compute_racks, ace.ace_routers, ace.onds, ace.cnds),
        (15, 4, 30, 4)
    );
    assert_eq!(
        (ace.lacp_port_channels, ace.vlan_vifs, ace.bgp_sessions),
        (4, 8, 8)
    );
    let three = counts(&demo.topology, &demo.three_rack_outpost, 1);
    assert_eq!(
        (
            three.compute_racks,
            three.ace_routers,
            three.onds,
            three.cnds
        ),
        (3, 0, 6, 2)
    );
    assert_eq!(
        (
            three.lacp_port_channels,
            three.vlan_vifs,
            three.p2p_ip_addresses
        ),
        (6, 12, 24)
    );
}

#[test]
fn planned_layouts_reproduce_the_published_ace_comparison_table() {
    // (racks, ace) -> ports, fibres, port channels, VIFs, P2P subnets (one uplink per device).
    let table = [
        (2, false, 4, 4, 4, 8, 8),
        (2, true, 4, 4, 4, 8, 8),
        (3, false, 6, 6, 6, 12, 12),
        (3, true, 4, 4, 4, 8, 8),
        (4, false, 8, 8, 8, 16, 16),
        (4, true, 4, 4, 4, 8, 8),
    ];
    for (racks, ace, ports, fibres, channels, vifs, subnets) in table {
        let plan = LayoutPlan {
            compute_racks: racks,
            ace,
            uplinks_per_device: 1,
            cnds: 2,
            uplink_gbps: 100,
        };
        let c = counts_of(&RackNetwork::planned(&plan));
        assert_eq!(
            (
                c.physical_ports,
                c.fiber_cables,
                c.lacp_port_channels,
                c.vlan_vifs,
                c.p2p_subnets
            ),
            (ports, fibres, channels, vifs, subnets),
            "{racks} racks, ACE {ace}"
        );
        assert_eq!(c.service_link_subnets, racks, "a /26 per compute rack");
    }
    let three = counts_of(&RackNetwork::planned(&LayoutPlan {
        compute_racks: 3,
        ace: false,
        uplinks_per_device: 1,
        cnds: 2,
        uplink_gbps: 100,
    }));
    assert_eq!(
        three.p2p_ip_addresses, 24,
        "up to 24 addresses for three racks without ACE"
    );
    // Two uplinks per device double ports and fibres, not port channels or VIFs.
    let doubled = counts_of(&RackNetwork::planned(&LayoutPlan {
        compute_racks: 3,
        ace: false,
        uplinks_per_device: 2,
        cnds: 2,
        uplink_gbps: 100,
    }));
    assert_eq!(
        (
            doubled.physical_ports,
            doubled.lacp_port_channels,
            doubled.vlan_vifs
        ),
        (12, 6, 12)
    );
    let wide_ace = counts_of(&RackNetwork::planned(&LayoutPlan {
        compute_racks: 12,
        ace: true,
        uplinks_per_device: 4,
        cnds: 4,
        uplink_gbps: 100,
    }));
    assert_eq!(
        (
            wide_ace.physical_ports,
            wide_ace.lacp_port_channels,
            wide_ace.vlan_vifs,
            wide_ace.onds
        ),
        (16, 4, 8, 24)
    );
}

#[test]
fn without_ace_losing_one_cnd_leaves_every_rack_reachable_through_its_other_ond() {
    let demo = demo_topology();
    let network = demo
        .topology
        .rack_network(&demo.three_rack_outpost)
        .expect("network");
    let before = impact(network, &[]).expect("no removal");
    assert_eq!(before.redundant_racks.len(), 3);
    let cnd = network
        .devices_with_role(DeviceRole::Cnd)
        .next()
        .expect("a CND")
        .id
        .clone();
    let result = impact(network, &[cnd]).expect("impact");
    assert!(result.isolated_racks.is_empty(), "{result:?}");
    assert_eq!(
        result.single_path_racks.len(),
        3,
        "every rack keeps one path, none redundant"
    );
    for rack in &result.racks {
        assert_eq!(
            (rack.customer_network, rack.home_region, rack.surviving_onds),
            (Reach::SinglePath, Reach::SinglePath, 1)
        );
    }
}

#[test]
fn losing_both_onds_of_a_rack_isolates_that_rack_only() {
    let demo = demo_topology();
    let network = demo
        .topology
        .rack_network(&demo.three_rack_outpost)
        .expect("network");
    let rack = network.racks[0].rack_id.clone();
    let onds: Vec<String> = network
        .devices_with_role(DeviceRole::Ond)
        .filter(|d| d.rack_id.as_deref() == Some(rack.as_str()))
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(onds.len(), 2);
    let result = impact(network, &onds).expect("impact");
    assert_eq!(result.isolated_racks, vec![rack.clone()]);
    assert_eq!(result.redundant_racks.len(), 2);
    let one = impact(network, &onds[..1]).expect("one OND");
    assert_eq!(one.single_path_racks, vec![rack]);
    // A port channel (LAG) out of service is like its OND's link gone.
    let channel = network.port_channels[0].id.clone();
    assert_eq!(
        impact(network, &[channel])
            .expect("channel")
            .single_path_racks
            .len(),
        1
    );
}

#[test]
fn behind_ace_one_router_or_one_cnd_down_keeps_every_rack_redundant_but_the_ace_rack_down_isolates_all()
 {
    let demo = demo_topology();
    let network = demo
        .topology
        .rack_network(&demo.ace_outpost)
        .expect("network");
    let router = network
        .devices_with_role(DeviceRole::AceRouter)
        .next()
        .expect("router")
        .id
        .clone();
    let result = impact(network, &[router]).expect("impact");
    assert_eq!(result.redundant_racks.len(), 15);
    let cnd = network
        .devices_with_role(DeviceRole::Cnd)
        .nth(1)
        .expect("cnd")
        .id
        .clone();
    assert_eq!(
        impact(network, &[cnd])
            .expect("impact")
            .redundant_racks
            .len(),
        15
    );
    let ace_rack = network
        .racks
        .iter()
        .find(|r| r.kind == edge_atlas::topology::rack_network::RackKind::Ace)
        .expect("ACE rack");
    let down = impact(network, std::slice::from_ref(&ace_rack.rack_id)).expect("impact");
    assert_eq!(down.isolated_racks.len(), 15);
    let routers: Vec<String> = network
        .devices_with_role(DeviceRole::AceRouter)
        .skip(1)
        .map(|d| d.id.clone())
        .collect();
    let last_router = impact(network, &routers).expect("three routers down");
    assert_eq!(
        last_router.single_path_racks.len(),
        15,
        "one router left: reachable, not redundant"
    );
    assert!(impact(network, &["not-a-device".to_owned()]).is_err());
}

#[test]
fn without_an_overlay_the_ace_rack_is_inferred_from_racks_and_vifs() {
    let generated = demo::demo().expect("demo");
    let topology = Topology::build(&generated.estate, &SiteOverlay::default());
    let ace = topology
        .rack_networks
        .iter()
        .find(|n| n.racks.len() > 10)
        .expect("big Outpost");
    assert!(ace.ace);
    assert_eq!(ace.ace_provenance, Provenance::Inferred);
    assert!(
        ace.ace_reason.contains("four LGW VIFs"),
        "{}",
        ace.ace_reason
    );
    assert!(
        ace.devices_with_role(DeviceRole::Cnd)
            .all(|d| d.provenance == Provenance::Derived)
    );
    let three = topology
        .rack_networks
        .iter()
        .find(|n| n.racks.len() == 3)
        .expect("3 racks");
    assert!(!three.ace);
    assert_eq!(three.ace_provenance, Provenance::Inferred);
    // Observed VIFs keep their provenance and land on port channels in VLAN order.
    assert_eq!(
        three
            .vifs
            .iter()
            .filter(|v| v.provenance == Provenance::Observed)
            .count(),
        6
    );
}

#[test]
fn an_outpost_instance_reaches_its_home_region_over_the_service_link() {
    let demo = demo_topology();
    let outpost = demo
        .estate
        .outposts
        .iter()
        .find(|o| o.outpost_id == demo.three_rack_outpost)
        .expect("outpost");
    let instance = demo
        .estate
        .instances
        .iter()
        .find(|i| i.outpost_arn.as_deref() == Some(outpost.outpost_arn.as_str()))
        .expect("an instance on the Outpost");
    let start = demo.topology.find(&instance.instance_id).expect("node");
    let path = path_to_home_region(&demo.topology, start).expect("a path");
    let kinds: Vec<NodeKind> = path.iter().map(|i| demo.topology.node(*i).kind).collect();
    assert_eq!(
        kinds,
        vec![
            NodeKind::Instance,
            NodeKind::Subnet,
            NodeKind::Outpost,
            NodeKind::ServiceLinkVif,
            NodeKind::Region
        ]
    );
    assert_eq!(
        demo.topology.node(*path.last().expect("region")).id,
        outpost.region
    );
}

#[test]
fn containment_neighbourhood_and_search_find_what_people_ask_for() {
    let demo = demo_topology();
    let t = &demo.topology;
    let outpost = t.find(&demo.ace_outpost).expect("outpost");
    let under: Vec<NodeKind> = contained(t, outpost)
        .iter()
        .map(|i| t.node(*i).kind)
        .collect();
    assert_eq!(
        under
            .iter()
            .filter(|k| **k == NodeKind::ComputeRack)
            .count(),
        15
    );
    assert!(
        under.contains(&NodeKind::Instance)
            && under.contains(&NodeKind::Ond)
            && under.contains(&NodeKind::Cnd)
    );
    let near = neighbourhood(t, outpost, 1);
    assert!(
        near.iter()
            .any(|(i, d)| *d == 1 && t.node(*i).kind == NodeKind::Region)
    );
    assert!(near.iter().all(|(_, d)| *d <= 1));

    let index = SearchIndex::build(t, &demo.estate);
    let kinds = |query: &str| -> BTreeSet<NodeKind> {
        index
            .search(t, query, 50)
            .iter()
            .map(|i| t.node(*i).kind)
            .collect()
    };
    assert!(kinds("vlan 301").contains(&NodeKind::Vif));
    assert!(kinds("4200000100").contains(&NodeKind::BgpSession));
    assert!(
        kinds("198.51.100.10").contains(&NodeKind::Instance),
        "CoIP address"
    );
    assert!(kinds("pacs").contains(&NodeKind::Instance), "tag value");
    let exact = index.search(t, &demo.ace_outpost.to_uppercase(), 5);
    assert_eq!(
        t.node(exact[0]).id,
        demo.ace_outpost,
        "exact id first, case-insensitive"
    );
}

#[test]
fn the_hierarchical_layout_places_every_node_and_folds_collapsed_groups() {
    let demo = demo_topology();
    let t = &demo.topology;
    let full = hierarchical(t, &HierarchyOptions::default());
    assert_eq!(full.visible.len(), t.node_count());
    for (index, parent) in t.parent.iter().enumerate() {
        let here = full.positions[index].expect("placed");
        if let Some(parent) = parent {
            let above = full.positions[parent.index()].expect("parent placed");
            assert!(above[1] < here[1], "parents above children");
        }
    }
    let outpost = t.find(&demo.ace_outpost).expect("outpost");
    let hidden = contained(t, outpost).len();
    let folded = hierarchical(
        t,
        &HierarchyOptions {
            collapsed: [outpost].into(),
            ..HierarchyOptions::default()
        },
    );
    assert_eq!(folded.hidden_below.get(&outpost), Some(&hidden));
    assert_eq!(folded.visible.len(), t.node_count() - hidden);
    assert_eq!(
        hierarchical(t, &HierarchyOptions::default()).positions,
        full.positions,
        "deterministic"
    );
}

#[test]
fn the_geographic_and_rack_layouts_put_things_where_they_are() {
    let demo = demo_topology();
    let catalog = LocationCatalog::embedded().expect("catalog");
    let points = geographic(&demo.topology, &demo.estate, catalog);
    let outpost = demo.topology.find(&demo.ace_outpost).expect("outpost");
    let chicago = points
        .iter()
        .find(|p| p.node == outpost)
        .expect("the Outpost is placed");
    assert!(
        (chicago.lat - 41.88).abs() < 0.5 && (chicago.lon + 87.63).abs() < 0.5,
        "at Chicago: {chicago:?}"
    );
    assert_eq!(chicago.source, "site-city");
    let lax = points
        .iter()
        .find(|p| demo.topology.node(p.node).id == "us-west-2-lax-1a")
        .expect("LAX");
    assert_eq!(lax.position, [lax.lon as f32, -lax.lat as f32]);

    let network = demo
        .topology
        .rack_network(&demo.ace_outpost)
        .expect("network");
    let layout = rack_layout(network, 100.0, 150.0);
    let tier_of = |role: DeviceRole| {
        let device = network.devices_with_role(role).next().expect("device");
        layout
            .placed
            .iter()
            .find(|p| p.id == device.id)
            .expect("placed")
            .tier
    };
    assert!(tier_of(DeviceRole::Cnd) < tier_of(DeviceRole::AceRouter));
    assert!(tier_of(DeviceRole::AceRouter) < tier_of(DeviceRole::Ond));
    assert_eq!(
        layout.placed.len(),
        network.devices.len() + network.racks.len()
    );
}

#[test]
fn the_rack_network_dot_renders_with_graphviz() {
    let demo = demo_topology();
    let network = demo
        .topology
        .rack_network(&demo.ace_outpost)
        .expect("network");
    let dot = export::rack_network_dot(network);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ace.dot");
    std::fs::write(&path, &dot).expect("write");
    let output = std::process::Command::new("dot")
        .args(["-Tsvg", "-o"])
        .arg(dir.path().join("ace.svg"))
        .arg(&path)
        .output()
        .expect("Graphviz `dot` runs (scripts/test installs graphviz)");
    assert!(
        output.status.success(),
        "dot failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = std::fs::read_to_string(dir.path().join("ace.svg")).expect("svg");
    assert_eq!(svg.matches("OND (observed)").count(), 30, "30 ONDs drawn");
    assert_eq!(svg.matches("ACE router (asserted)").count(), 4);
    assert_eq!(svg.matches("CND (asserted)").count(), 4);
    assert!(
        svg.contains("LGW VLAN 301 AS65010&#45;AS4200000100"),
        "VLANs and ASNs on the links"
    );
}

#[test]
fn exports_escape_hostile_strings_and_reference_only_listed_nodes() {
    let mut generated = demo::demo().expect("demo");
    generated.estate.sites[0].name = "<evil & \"site\">\n\u{1b}[31m".to_owned();
    generated.overlay.outposts[0].customer_devices[0]
        .name
        .push_str("\"; rm -rf /");
    let old = generated.overlay.outposts[0].port_channels[0]
        .customer_device
        .clone();
    let new = generated.overlay.outposts[0].customer_devices[0]
        .name
        .clone();
    for channel in &mut generated.overlay.outposts[0].port_channels {
        if channel.customer_device == old {
            channel.customer_device = new.clone();
        }
    }
    let topology = Topology::build(&generated.estate, &generated.overlay);
    let nodes = export::select(&topology, None);
    let graphml = export::to_graphml(&topology, &nodes);
    assert!(graphml.contains("&lt;evil &amp; &quot;site&quot;&gt;") && !graphml.contains("<evil"));
    assert!(!graphml.contains('\u{1b}'));
    let dot = export::to_dot(&topology, &nodes);
    assert!(dot.contains("\\\"site\\\"") && !dot.contains('\u{1b}'));
    let picture = export::rack_network_dot(&topology.rack_networks[0]);
    assert!(picture.contains("\\\"; rm -rf /"));
    let json = export::to_json(&topology, &nodes);
    let ids: BTreeSet<&str> = json["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .filter_map(|n| n["id"].as_str())
        .collect();
    for edge in json["edges"].as_array().expect("edges") {
        assert!(
            ids.contains(edge["source"].as_str().expect("source"))
                && ids.contains(edge["target"].as_str().expect("target"))
        );
    }
}
