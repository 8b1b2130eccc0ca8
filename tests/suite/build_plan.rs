//! The network build plan (issue 22): its rows are the published ACE comparison's counts for
//! 2, 3 and 4 racks with and without ACE; every address is inside its pool, unique, and the
//! /31 pairs are right; a pool too small is a clear error naming it; an existing Outpost's
//! observed VIFs keep their VLANs and addresses; collisions with the estate are reported; names
//! from the overlay are inert in Markdown and CSV.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use edge_atlas::demo;
use edge_atlas::planner::build_plan::{
    AddressingInput, BuildPlan, P2pForm, Routing, build_plan, prefix_of,
};
use edge_atlas::report::build_plan::{BuildPlanTable, csv, markdown};
use edge_atlas::topology::{LayoutPlan, Provenance, RackNetwork, Topology, VifPurpose};

fn planned(racks: u32, ace: bool, cnds: u32, uplinks: u32) -> RackNetwork {
    RackNetwork::planned(&LayoutPlan {
        compute_racks: racks,
        ace,
        uplinks_per_device: uplinks,
        cnds,
        uplink_gbps: 100,
    })
}

fn plan(racks: u32, ace: bool) -> BuildPlan {
    build_plan(
        &planned(racks, ace, 2, 1),
        &AddressingInput::default(),
        None,
    )
    .expect("a plan")
}

fn address(text: &str) -> (Ipv4Addr, u8) {
    let (ip, len) = text.split_once('/').expect("address/len");
    (ip.parse().expect("IPv4"), len.parse().expect("length"))
}

#[test]
fn the_rows_are_the_published_comparison_for_two_three_and_four_racks() {
    // domain.md, "The published comparison (minimum one uplink per OND)": physical ports,
    // fibre cables, LACP port channels, VLAN VIFs, P2P subnets.
    let table = [
        (2, false, 4, 4, 8, 8),
        (2, true, 4, 4, 8, 8),
        (3, false, 6, 6, 12, 12),
        (3, true, 4, 4, 8, 8),
        (4, false, 8, 8, 16, 16),
        (4, true, 4, 4, 8, 8),
    ];
    for (racks, ace, ports, channels, vifs, subnets) in table {
        let plan = plan(racks, ace);
        let label = format!("{racks} racks, ace {ace}");
        assert_eq!(plan.links.len(), ports, "{label}: one cabling row per port");
        assert_eq!(plan.port_channels.len(), channels, "{label}");
        assert_eq!(plan.vifs.len(), vifs, "{label}");
        let prefixes: BTreeSet<&str> = plan.vifs.iter().map(|v| v.prefix.as_str()).collect();
        assert_eq!(prefixes.len(), subnets, "{label}: a subnet per VIF");
        // One derivation: the bill of materials' counts of the same network.
        let c = &plan.counts;
        assert_eq!(
            (
                c.physical_ports,
                c.lacp_port_channels,
                c.vlan_vifs,
                c.p2p_subnets
            ),
            (ports as u32, channels as u32, vifs as u32, subnets as u32),
            "{label}"
        );
        assert_eq!(
            plan.service_link_subnets.len(),
            racks as usize,
            "{label}: a /26 per rack"
        );
        assert_eq!(
            plan.aws_managed_links.len(),
            if ace { 2 * racks as usize } else { 0 },
            "{label}: OND-to-ACE links apart"
        );
        // Every port channel carries a service link VIF and an LGW VIF on distinct VLANs.
        for channel in &plan.port_channels {
            assert_ne!(channel.service_link_vlan, channel.local_gateway_vlan);
            assert!(channel.service_link_vlan >= 100 && channel.local_gateway_vlan >= 100);
        }
    }
}

#[test]
fn uplinks_per_device_multiply_the_cabling_rows_not_the_vifs() {
    let plan =
        build_plan(&planned(3, false, 2, 2), &AddressingInput::default(), None).expect("a plan");
    assert_eq!(plan.links.len(), 12);
    assert_eq!(plan.vifs.len(), 12);
    assert!(plan.links.iter().all(|l| l.optic == "100GBASE-LR4"));
    let members: BTreeSet<(&str, &str)> = plan
        .links
        .iter()
        .map(|l| (l.port_channel.as_str(), l.aws_port.as_str()))
        .collect();
    assert_eq!(members.len(), 12, "each member link once");
}

#[test]
fn every_address_is_in_its_pool_unique_and_the_slash31_pairs_are_right() {
    let plan = plan(4, false);
    let pool: ipnet::Ipv4Net = "10.255.0.0/24".parse().expect("pool");
    let mut seen = BTreeSet::new();
    let mut vlans = BTreeSet::new();
    for vif in &plan.vifs {
        let (aws, aws_len) = address(&vif.aws_address);
        let (customer, customer_len) = address(&vif.customer_address);
        assert_eq!((aws_len, customer_len), (31, 31));
        assert!(pool.contains(&aws) && pool.contains(&customer), "{vif:?}");
        // A /31: the Outpost side the even address, the customer the odd one after it.
        assert_eq!(u32::from(aws) % 2, 0, "{vif:?}");
        assert_eq!(u32::from(customer), u32::from(aws) + 1, "{vif:?}");
        assert_eq!(
            prefix_of(&vif.aws_address).map(|p| p.to_string()),
            Some(vif.prefix.clone())
        );
        assert!(seen.insert(aws) && seen.insert(customer), "unique: {vif:?}");
        assert!(vlans.insert(vif.vlan), "a VLAN per VIF: {vif:?}");
        assert_eq!((vif.aws_asn, vif.customer_asn), (65_501, 65_001));
    }
    let service_pool: ipnet::Ipv4Net = "10.254.0.0/20".parse().expect("pool");
    let mut racks = BTreeSet::new();
    for subnet in &plan.service_link_subnets {
        let net: ipnet::Ipv4Net = subnet.cidr.parse().expect("cidr");
        assert_eq!(net.prefix_len(), 26);
        assert!(service_pool.contains(&net));
        assert_eq!(subnet.advertised.len(), 2, "two /27s");
        assert!(racks.insert(subnet.cidr.clone()));
    }
}

#[test]
fn slash30_gives_the_first_two_hosts_and_the_ace_shared_slash29_one_subnet_per_vlan() {
    let input = AddressingInput {
        p2p_form: P2pForm::Slash30,
        ..AddressingInput::default()
    };
    let plan = build_plan(&planned(2, false, 2, 1), &input, None).expect("a /30 plan");
    let first = &plan.vifs[0];
    assert_eq!(
        (
            first.prefix.as_str(),
            first.aws_address.as_str(),
            first.customer_address.as_str()
        ),
        ("10.255.0.0/30", "10.255.0.1/30", "10.255.0.2/30")
    );

    let shared = AddressingInput {
        p2p_form: P2pForm::AceShared29,
        ..AddressingInput::default()
    };
    let plan = build_plan(&planned(4, true, 2, 1), &shared, None).expect("a shared plan");
    assert_eq!(plan.vifs.len(), 8);
    let prefixes: BTreeSet<&str> = plan.vifs.iter().map(|v| v.prefix.as_str()).collect();
    assert_eq!(prefixes.len(), 2, "one /29 per VLAN");
    for purpose in [VifPurpose::ServiceLink, VifPurpose::LocalGateway] {
        let of: Vec<_> = plan.vifs.iter().filter(|v| v.purpose == purpose).collect();
        let aws: BTreeSet<&str> = of.iter().map(|v| v.aws_address.as_str()).collect();
        assert_eq!(aws.len(), 4, "each ACE router its own host address");
        let vlans: BTreeSet<u16> = of.iter().map(|v| v.vlan).collect();
        assert_eq!(vlans.len(), 1, "one VLAN shared");
    }
    let error = build_plan(&planned(4, true, 4, 1), &shared, None).expect_err("six hosts");
    assert!(
        error.to_string().contains("four customer devices"),
        "{error}"
    );
    let error = build_plan(&planned(2, false, 2, 1), &shared, None).expect_err("no ACE");
    assert!(error.to_string().contains("ACE"), "{error}");
}

#[test]
fn a_pool_too_small_is_an_error_naming_the_pool() {
    // Three racks without ACE: 12 VIFs, 12 /31s; a /28 holds 8.
    let input = AddressingInput {
        p2p_pool: "10.9.0.0/28".parse().expect("pool"),
        ..AddressingInput::default()
    };
    let error = build_plan(&planned(3, false, 2, 1), &input, None).expect_err("too small");
    let text = error.to_string();
    assert!(text.contains("--p2p-pool 10.9.0.0/28"), "{text}");
    assert!(
        text.contains("room for 8") && text.contains("needs 12"),
        "{text}"
    );

    let input = AddressingInput {
        service_link_pool: "10.8.0.0/25".parse().expect("pool"),
        ..AddressingInput::default()
    };
    let error = build_plan(&planned(3, false, 2, 1), &input, None).expect_err("too small");
    assert!(
        error
            .to_string()
            .contains("--service-link-pool 10.8.0.0/25"),
        "{error}"
    );

    let input = AddressingInput {
        routing: Routing::Coip {
            pool: "10.255.0.0/26".to_owned(),
        },
        ..AddressingInput::default()
    };
    let error = build_plan(&planned(1, false, 2, 1), &input, None).expect_err("overlap");
    assert!(error.to_string().contains("overlaps"), "{error}");
    let input = AddressingInput {
        asn_aws: 16_509,
        ..AddressingInput::default()
    };
    let error = build_plan(&planned(1, false, 2, 1), &input, None).expect_err("public ASN");
    assert!(error.to_string().contains("not a private ASN"), "{error}");
}

#[test]
fn an_existing_outposts_observed_vifs_keep_their_vlans_and_addresses() {
    let generated = demo::demo().expect("demo");
    let topology = Topology::build(&generated.estate, &generated.overlay);
    let network = topology
        .rack_networks
        .iter()
        .find(|n| n.generation == 1 && n.vifs.iter().any(|v| v.provenance == Provenance::Observed))
        .expect("a first-generation Outpost with observed VIFs");
    let observed: Vec<_> = network
        .vifs
        .iter()
        .filter(|v| v.provenance == Provenance::Observed)
        .collect();
    let plan = build_plan(
        network,
        &AddressingInput::default(),
        Some(&generated.estate),
    )
    .expect("a plan");
    assert_eq!(plan.vifs.len(), network.vifs.len());
    for vif in &observed {
        let kept = plan
            .vifs
            .iter()
            .find(|p| p.vif_id.as_deref() == Some(vif.id.as_str()))
            .expect("the observed VIF is in the plan");
        assert_eq!(Some(kept.vlan), vif.vlan);
        assert_eq!(Some(&kept.aws_address), vif.local_address.as_ref());
        assert_eq!(Some(&kept.customer_address), vif.peer_address.as_ref());
        assert_eq!(kept.provenance, Provenance::Observed);
    }
    let observed_vlans: BTreeSet<u16> = observed.iter().filter_map(|v| v.vlan).collect();
    let observed_prefixes: Vec<ipnet::Ipv4Net> = observed
        .iter()
        .filter_map(|v| v.local_address.as_deref().and_then(prefix_of))
        .collect();
    let observed_session = network
        .bgp_sessions
        .iter()
        .find(|s| s.provenance == Provenance::Observed)
        .expect("an observed session");
    for allocated in plan
        .vifs
        .iter()
        .filter(|v| v.provenance == Provenance::Derived)
    {
        assert!(!observed_vlans.contains(&allocated.vlan), "{allocated:?}");
        assert_eq!(
            (Some(allocated.aws_asn), Some(allocated.customer_asn)),
            (observed_session.local_asn, observed_session.peer_asn),
            "new sessions peer on the Outpost's own ASNs: {allocated:?}"
        );
        let net = prefix_of(&allocated.prefix).expect("prefix");
        assert!(
            !observed_prefixes
                .iter()
                .any(|o| edge_atlas::planner::build_plan::overlaps(o, &net)),
            "{allocated:?}"
        );
    }
}

#[test]
fn collisions_with_the_synced_estate_are_reported() {
    let mut generated = demo::demo().expect("demo");
    let mut vpc = generated.estate.vpcs[0].clone();
    vpc.vpc_id = "vpc-0collides".to_owned();
    vpc.cidr_block = "10.255.0.0/16".to_owned();
    generated.estate.vpcs.push(vpc);
    let vlan_in_use = generated.estate.vifs[0].vlan;
    let input = AddressingInput {
        vlan_start: vlan_in_use,
        ..AddressingInput::default()
    };
    let plan =
        build_plan(&planned(2, false, 2, 1), &input, Some(&generated.estate)).expect("a plan");
    assert!(
        plan.conflicts
            .iter()
            .any(|c| c.kind == "overlapping_cidr" && c.existing.contains("vpc-0collides")),
        "{:?}",
        plan.conflicts
    );
    assert!(
        plan.conflicts
            .iter()
            .any(|c| c.kind == "reused_vlan" && c.planned.contains(&format!("VLAN {vlan_in_use}"))),
        "{:?}",
        plan.conflicts
    );
    let clean = build_plan(
        &planned(2, false, 2, 1),
        &AddressingInput {
            p2p_pool: "192.0.2.0/24".parse().expect("pool"),
            service_link_pool: "203.0.113.0/24".parse().expect("pool"),
            vlan_start: 3000,
            ..AddressingInput::default()
        },
        Some(&generated.estate),
    )
    .expect("a plan");
    assert!(clean.conflicts.is_empty(), "{:?}", clean.conflicts);
}

#[test]
fn names_from_the_overlay_are_inert_in_markdown_and_csv() {
    let mut network = planned(2, false, 2, 1);
    for device in &mut network.devices {
        if device.name.starts_with("cnd") {
            device.name = "=HYPERLINK(\"x\")|<script>alert(1)</script>".to_owned();
        }
    }
    let plan = build_plan(&network, &AddressingInput::default(), None).expect("a plan");
    let md = markdown(&plan);
    assert!(!md.contains("<script>"), "{md}");
    assert!(
        md.contains("\\|&lt;script&gt;"),
        "the pipe cannot split a cell: {md}"
    );
    let text = csv(&plan, BuildPlanTable::Cabling).expect("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), plan.links.len());
    assert!(
        rows.iter().all(|r| r[2].starts_with("'=")),
        "formulas are inert"
    );
}
