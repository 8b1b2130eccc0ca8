//! A network build plan ([`crate::planner::build_plan`]) as the network team reads it: Markdown
//! with every table (cabling, port channels, VIFs, service link subnets, AWS's links, conflicts,
//! notes) and CSV of one table at a time for spreadsheets. Every string that came from AWS or a
//! user (device and port names from the overlay, ids) is escaped for its format: Markdown's
//! punctuation ([`super::markdown::escape`]), spreadsheet formulas ([`super::csv_rows::inert`]).

use std::fmt::Write as _;

use crate::planner::build_plan::{BuildPlan, P2pForm, Routing};
use crate::topology::VifPurpose;

use super::csv_rows::inert;
use super::markdown::escape;

/// The tables a build plan has, for `--table` with CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BuildPlanTable {
    /// One row per physical link.
    Cabling,
    /// One row per port channel.
    PortChannels,
    /// One row per VIF: VLAN, subnet, addresses, ASNs.
    Vifs,
    /// One row per compute rack.
    ServiceLinkSubnets,
}

impl BuildPlanTable {
    /// The names `--table` takes.
    pub const NAMES: [&'static str; 4] = ["cabling", "port-channels", "vifs", "service-link"];

    /// Parses a `--table` name.
    pub fn parse(name: &str) -> Option<BuildPlanTable> {
        match name {
            "cabling" => Some(BuildPlanTable::Cabling),
            "port-channels" => Some(BuildPlanTable::PortChannels),
            "vifs" => Some(BuildPlanTable::Vifs),
            "service-link" => Some(BuildPlanTable::ServiceLinkSubnets),
            _ => None,
        }
    }
}

fn purpose(p: VifPurpose) -> &'static str {
    match p {
        VifPurpose::ServiceLink => "service link",
        VifPurpose::LocalGateway => "local gateway",
    }
}

fn speed(gbps: Option<u32>) -> String {
    gbps.map_or_else(|| "unknown".to_owned(), |g| g.to_string())
}

/// The header and rows of one table, unescaped.
pub fn table(plan: &BuildPlan, which: BuildPlanTable) -> (Vec<&'static str>, Vec<Vec<String>>) {
    match which {
        BuildPlanTable::Cabling => (
            vec![
                "aws_device",
                "aws_port",
                "customer_device",
                "customer_port",
                "optic",
                "port_channel",
                "speed_gbps",
                "provenance",
            ],
            plan.links
                .iter()
                .map(|l| {
                    vec![
                        l.aws_device.clone(),
                        l.aws_port.clone(),
                        l.customer_device.clone(),
                        l.customer_port.clone(),
                        l.optic.clone(),
                        l.port_channel.clone(),
                        speed(l.speed_gbps),
                        l.provenance.as_str().to_owned(),
                    ]
                })
                .collect(),
        ),
        BuildPlanTable::PortChannels => (
            vec![
                "port_channel",
                "aws_device",
                "customer_device",
                "member_ports",
                "speed_gbps",
                "service_link_vlan",
                "local_gateway_vlan",
            ],
            plan.port_channels
                .iter()
                .map(|c| {
                    vec![
                        c.name.clone(),
                        c.aws_device.clone(),
                        c.customer_device.clone(),
                        c.member_ports.to_string(),
                        speed(c.speed_gbps),
                        c.service_link_vlan.to_string(),
                        c.local_gateway_vlan.to_string(),
                    ]
                })
                .collect(),
        ),
        BuildPlanTable::Vifs => (
            vec![
                "port_channel",
                "purpose",
                "vlan",
                "prefix",
                "aws_address",
                "customer_address",
                "aws_asn",
                "customer_asn",
                "provenance",
            ],
            plan.vifs
                .iter()
                .map(|v| {
                    vec![
                        v.port_channel.clone(),
                        purpose(v.purpose).to_owned(),
                        v.vlan.to_string(),
                        v.prefix.clone(),
                        v.aws_address.clone(),
                        v.customer_address.clone(),
                        v.aws_asn.to_string(),
                        v.customer_asn.to_string(),
                        v.provenance.as_str().to_owned(),
                    ]
                })
                .collect(),
        ),
        BuildPlanTable::ServiceLinkSubnets => (
            vec!["rack", "cidr", "advertised"],
            plan.service_link_subnets
                .iter()
                .map(|s| vec![s.rack.clone(), s.cidr.clone(), s.advertised.join(" ")])
                .collect(),
        ),
    }
}

/// One table as CSV, every cell inert in a spreadsheet.
pub fn csv(plan: &BuildPlan, which: BuildPlanTable) -> Result<String, csv::Error> {
    let (header, rows) = table(plan, which);
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(&header)?;
    for row in rows {
        writer.write_record(row.iter().map(|cell| inert(cell)))?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|error| csv::Error::from(error.into_error()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn markdown_table(out: &mut String, plan: &BuildPlan, which: BuildPlanTable) {
    let (header, rows) = table(plan, which);
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// The whole plan as Markdown.
pub fn markdown(plan: &BuildPlan) -> String {
    let mut out = String::new();
    let ace = if plan.ace {
        "with an ACE rack"
    } else {
        "without an ACE rack"
    };
    let _ = writeln!(
        out,
        "# Network build plan: {}\n\n{} compute rack(s) {ace}, {} customer device(s). {}\n",
        escape(&plan.outpost),
        plan.racks,
        plan.cnds,
        escape(&addressing_sentence(plan)),
    );
    out.push_str(&markdown_sections(plan, 2));
    out
}

/// The pools and the routing, in one sentence.
pub fn addressing_sentence(plan: &BuildPlan) -> String {
    format!(
        "Point-to-point: {} from {}; service link subnets from {}; routing: {}.",
        match plan.p2p_form {
            P2pForm::Slash31 => "a /31 per VIF",
            P2pForm::Slash30 => "a /30 per VIF",
            P2pForm::AceShared29 => "one /29 per VLAN shared by the ACE routers",
        },
        plan.p2p_pool,
        plan.service_link_pool,
        match &plan.routing {
            Routing::Coip { pool } => format!("customer-owned IP, pool {pool}"),
            Routing::DirectVpc => "direct VPC routing".to_owned(),
        }
    )
}

/// The titled tables of a build plan, in order.
pub const SECTIONS: [(&str, BuildPlanTable); 4] = [
    ("Cabling schedule", BuildPlanTable::Cabling),
    ("Port channels", BuildPlanTable::PortChannels),
    ("VIFs: VLANs, addresses and BGP", BuildPlanTable::Vifs),
    ("Service link subnets", BuildPlanTable::ServiceLinkSubnets),
];

/// The counts, tables, AWS's links, conflicts and notes, under headings of `level` (`##` at 2).
pub fn markdown_sections(plan: &BuildPlan, level: usize) -> String {
    let mut out = String::new();
    let hashes = "#".repeat(level);
    let c = &plan.counts;
    let _ = writeln!(
        out,
        "Counts (the bill of materials'): {} physical ports, {} fibre cables, {} LACP port channels, {} VLAN VIFs, {} point-to-point subnets, {} BGP sessions, {} service link subnets.\n",
        c.physical_ports,
        c.fiber_cables,
        c.lacp_port_channels,
        c.vlan_vifs,
        c.p2p_subnets,
        c.bgp_sessions,
        c.service_link_subnets
    );
    for (title, which) in SECTIONS {
        let _ = writeln!(out, "{hashes} {title}\n");
        markdown_table(&mut out, plan, which);
    }
    if !plan.aws_managed_links.is_empty() {
        let _ = writeln!(
            out,
            "{hashes} AWS-managed links (AWS cables and addresses these)\n"
        );
        for link in &plan.aws_managed_links {
            let _ = writeln!(out, "- {} to {}", escape(&link.ond), escape(&link.ace_rack));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{hashes} Conflicts with the synced estate\n");
    if plan.conflicts.is_empty() {
        let _ = writeln!(out, "None found.\n");
    } else {
        for conflict in &plan.conflicts {
            let _ = writeln!(out, "- {}", escape(&conflict_sentence(conflict)));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{hashes} Notes\n");
    for note in &plan.notes {
        let _ = writeln!(out, "- {}", escape(note));
    }
    out.push('\n');
    out
}

/// A conflict in words.
pub fn conflict_sentence(conflict: &crate::planner::build_plan::Conflict) -> String {
    format!(
        "{}: {} collides with {}",
        conflict.kind.replace('_', " "),
        conflict.planned,
        conflict.existing
    )
}
