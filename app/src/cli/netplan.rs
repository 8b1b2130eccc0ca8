//! `edge-atlas netplan`: the network build plan of a planned Outpost (from the flags alone,
//! no database needed) or of a synced one (`--outpost`, its observed VIFs kept), as Markdown,
//! JSON or one CSV table; checked against a snapshot's estate when there is one.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use edge_atlas::planner::build_plan::{
    AddressingInput, BuildPlanError, DEFAULT_ASN_AWS, DEFAULT_ASN_CUSTOMER, DEFAULT_P2P_POOL,
    DEFAULT_SERVICE_LINK_POOL, DEFAULT_VLAN_START, P2pForm, Routing, build_plan, parse_pool,
};
use edge_atlas::planner::{Catalogs, RackPlanInput, plan_racks};
use edge_atlas::report::build_plan::{BuildPlanTable, csv, markdown};
use edge_atlas::store::{SnapshotId, Store};
use edge_atlas::topology::{LayoutPlan, RackNetwork};
use edge_atlas::workspace::OpenedSnapshot;

/// Output formats of `netplan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum NetplanFormat {
    /// Every table, for a wiki or a change request.
    Md,
    /// The whole plan (see the README's contract).
    Json,
    /// One table (`--table`), for a spreadsheet.
    Csv,
}

/// The arguments of `edge-atlas netplan`.
#[derive(Clone, Debug, clap::Args)]
pub struct NetplanArgs {
    /// Compute racks to plan (not counting the ACE rack); not with --outpost.
    #[arg(long, required_unless_present = "outpost", conflicts_with = "outpost")]
    racks: Option<u32>,
    /// Plan the compute racks behind an ACE rack.
    #[arg(long, conflicts_with = "outpost")]
    ace: bool,
    /// Customer network devices: 2 or 4.
    #[arg(long, default_value_t = 2, conflicts_with = "outpost")]
    cnds: u32,
    /// Physical uplinks per customer-facing device (OND, or ACE router).
    #[arg(long, default_value_t = 1, conflicts_with = "outpost")]
    uplinks_per_device: u32,
    /// Uplink speed in Gbit/s: 1, 10, 40 or 100.
    #[arg(long, default_value_t = 100, conflicts_with = "outpost")]
    uplink_gbps: u32,
    /// Point-to-point subnets come from this pool.
    #[arg(long, default_value = DEFAULT_P2P_POOL)]
    p2p_pool: String,
    /// Point-to-point prefix length per VIF: 31, 30, or 29 (one /29 per VLAN shared by the ACE
    /// routers).
    #[arg(long, default_value = "31")]
    p2p_prefix: String,
    /// Each compute rack's /26 service link subnet comes from this pool (the default has room
    /// for 64 racks).
    #[arg(long, default_value = DEFAULT_SERVICE_LINK_POOL)]
    service_link_pool: String,
    /// The first VLAN id to hand out.
    #[arg(long, default_value_t = DEFAULT_VLAN_START)]
    vlan_start: u16,
    /// The Outpost side's BGP ASN (private: 64512-65534 or 4200000000-4294967294).
    #[arg(long, default_value_t = DEFAULT_ASN_AWS)]
    asn_aws: u32,
    /// The customer side's BGP ASN.
    #[arg(long, default_value_t = DEFAULT_ASN_CUSTOMER)]
    asn_customer: u32,
    /// Route through a customer-owned IP pool (/26 or larger) [default: direct VPC routing].
    #[arg(long)]
    coip_pool: Option<String>,
    /// Plan an existing Outpost of the snapshot: its observed VIFs keep their VLANs, addresses
    /// and ASNs, the rest is allocated around them.
    #[arg(long)]
    outpost: Option<String>,
    /// The snapshot to check the plan against [default: the latest, when the database exists].
    #[arg(long)]
    snapshot: Option<SnapshotId>,
    /// md, json or csv.
    #[arg(long, value_enum, default_value_t = NetplanFormat::Md)]
    format: NetplanFormat,
    /// With csv: cabling, port-channels, vifs or service-link.
    #[arg(long, default_value = "cabling")]
    table: String,
}

/// Runs `edge-atlas netplan`.
pub fn run(db: &Path, args: &NetplanArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let table = BuildPlanTable::parse(&args.table).with_context(|| {
        format!(
            "--table `{}` is not one of {}",
            args.table,
            BuildPlanTable::NAMES.join(", ")
        )
    })?;
    let input = AddressingInput {
        p2p_pool: parse_pool("--p2p-pool", &args.p2p_pool)?,
        p2p_form: P2pForm::parse(&args.p2p_prefix)?,
        service_link_pool: parse_pool("--service-link-pool", &args.service_link_pool)?,
        vlan_start: args.vlan_start,
        asn_aws: args.asn_aws,
        asn_customer: args.asn_customer,
        routing: match &args.coip_pool {
            Some(pool) => Routing::Coip { pool: pool.clone() },
            None => Routing::DirectVpc,
        },
    };
    // An existing Outpost or a named snapshot needs the database; a planned Outpost is checked
    // against the latest snapshot when there is one, and says so when there is none.
    let (opened, unchecked) = if args.snapshot.is_some() || args.outpost.is_some() {
        let store = Store::open_existing(db)?;
        (Some(OpenedSnapshot::open(&store, args.snapshot)?), None)
    } else if !db.exists() {
        (
            None,
            Some(format!("there is no database at {}", db.display())),
        )
    } else {
        match Store::open_existing(db).and_then(|store| OpenedSnapshot::open(&store, None)) {
            Ok(opened) => (Some(opened), None),
            Err(error) => (None, Some(error.to_string())),
        }
    };
    let network = match (&args.outpost, &opened) {
        (Some(outpost_id), Some(opened)) => opened
            .topology
            .rack_network(outpost_id)
            .cloned()
            .with_context(|| {
                format!(
                    "there is no Outpost {outpost_id} in snapshot {}; `edge-atlas inventory --kind outpost` lists them",
                    opened.info.id
                )
            })?,
        _ => {
            let racks = args.racks.unwrap_or(1);
            let hardware = Catalogs::embedded()
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .hardware;
            // The same checks as `racks` (rack count, uplinks for the speed, CNDs).
            plan_racks(
                &RackPlanInput {
                    racks,
                    planned_racks: racks,
                    uplinks_per_device: args.uplinks_per_device,
                    cnds: args.cnds,
                    uplink_gbps: args.uplink_gbps,
                    ..RackPlanInput::default()
                },
                hardware,
            )?;
            RackNetwork::planned(&LayoutPlan {
                compute_racks: racks,
                ace: args.ace,
                uplinks_per_device: args.uplinks_per_device,
                cnds: args.cnds,
                uplink_gbps: args.uplink_gbps,
            })
        }
    };
    let mut plan = build_plan(&network, &input, opened.as_ref().map(|o| &o.estate))
        .map_err(|error: BuildPlanError| anyhow::anyhow!("{error}"))?;
    match (&opened, unchecked) {
        (Some(opened), _) => plan.notes.push(format!(
            "Checked against snapshot {} for overlapping prefixes and reused VLANs.",
            opened.info.id
        )),
        (None, Some(reason)) => plan.notes.push(format!(
            "Not checked against a synced estate ({reason}): conflicts with existing VPCs, subnets and VLANs are unknown."
        )),
        (None, None) => {}
    }
    match args.format {
        NetplanFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&plan)?)?,
        NetplanFormat::Md => write!(out, "{}", markdown(&plan))?,
        NetplanFormat::Csv => write!(out, "{}", csv(&plan, table)?)?,
    }
    Ok(())
}
