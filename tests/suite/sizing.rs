//! Sizing from a server inventory, end to end through the library: a 200-VM RVTools inventory
//! worked by hand (below), the same inventory as an RVTools workbook, slot layouts within each
//! host's capacity, N+M per family, bad rows reported and skipped, and placement through the
//! planner with a workload file.

use edge_atlas::planner::sizing::{
    Inventory, InventoryOptions, Layout, Placement, SizingOptions, SizingReport, inventory,
    size_inventory,
};
use edge_atlas::planner::{Catalogs, MeasuredRtts, ModelParameters, PlanContext, parse_workloads};

const RVTOOLS_HEADER: &str = "VM,Powerstate,Template,CPUs,Memory,NICs,Disks,Provisioned MiB,In Use MiB,Cluster,OS according to the configuration file";

/// The inventory, as RVTools' vInfo tab saved as CSV (Memory in MiB). Line 1 is the header,
/// the 198 VMs are lines 2-199, the two bad rows lines 200 and 201:
///
/// | VMs | CPUs | Memory | right-sized to (smallest share of a host, ties: m5, listed first) |
/// |---|---|---|---|
/// | 100 `app` (10 powered off) | 4 | 16 GiB | m5.xlarge (4, 16): 1/24 of an m5 host |
/// | 50 `web` | 8 | 16 GiB | m5.2xlarge (8, 32): c5.2xlarge (8, 16) is the same share, 1/12 |
/// | 30 `db` | 16 | 128 GiB | r5.4xlarge (16, 128): 1/6; m5 would need its 8xlarge (1/3) |
/// | 12 `batch` | 36 | 64 GiB | c5.9xlarge (36, 72): 3/8; m5 and r5 need a 12xlarge (1/2) |
/// | 6 `tiny` | 2 | 2 GiB | m5.large (2, 8): c5.large is the same share, 1/48 |
/// | `bad-cpus` | four | | line 200, column CPUs |
/// | `bad-memory` | 2 | (empty) | line 201, column Memory |
fn rvtools_rows() -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut push = |name: String, power: &str, cpus: &str, memory_mib: &str| {
        rows.push(vec![
            name,
            power.to_owned(),
            "False".to_owned(),
            cpus.to_owned(),
            memory_mib.to_owned(),
            "1".to_owned(),
            "2".to_owned(),
            "102400".to_owned(),
            "51200".to_owned(),
            "prod-cluster".to_owned(),
            "Red Hat Enterprise Linux 9 (64-bit)".to_owned(),
        ]);
    };
    for i in 0..100 {
        let power = if i < 10 { "poweredOff" } else { "poweredOn" };
        push(format!("app-{i:03}"), power, "4", "16384");
    }
    for i in 0..50 {
        push(format!("web-{i:03}"), "poweredOn", "8", "16384");
    }
    for i in 0..30 {
        push(format!("db-{i:03}"), "poweredOn", "16", "131072");
    }
    for i in 0..12 {
        push(format!("batch-{i:02}"), "poweredOn", "36", "65536");
    }
    for i in 0..6 {
        push(format!("tiny-{i}"), "poweredOn", "2", "2048");
    }
    push("bad-cpus".to_owned(), "poweredOn", "four", "8192");
    push("bad-memory".to_owned(), "poweredOn", "2", "");
    rows
}

fn rvtools_csv() -> String {
    let mut text = format!("{RVTOOLS_HEADER}\n");
    for row in rvtools_rows() {
        text.push_str(&row.join(","));
        text.push('\n');
    }
    text
}

fn size(inventory: &Inventory, options: &SizingOptions) -> SizingReport {
    let hardware = Catalogs::embedded().expect("catalogs").hardware;
    size_inventory(inventory, Placement::NewOutpost, hardware, options).expect("sizes")
}

fn family<'r>(
    report: &'r SizingReport,
    name: &str,
) -> &'r edge_atlas::planner::sizing::OutpostFamily {
    report
        .outposts
        .iter()
        .find(|f| f.family == name)
        .unwrap_or_else(|| panic!("no {name} hosts in {:?}", report.outposts))
}

fn pools(report: &SizingReport, name: &str) -> Vec<(String, u32)> {
    family(report, name)
        .capacity_task
        .instance_pools
        .iter()
        .map(|p| (p.instance_type.clone(), p.count))
        .collect()
}

fn owned(pairs: &[(&str, u32)]) -> Vec<(String, u32)> {
    pairs.iter().map(|(t, n)| ((*t).to_owned(), *n)).collect()
}

/// Every host's slots sum to what it says it uses, and that fits the host.
fn assert_slots_fit(report: &SizingReport) {
    let hardware = Catalogs::embedded().expect("catalogs").hardware;
    for family in &report.outposts {
        let host_type = hardware.host_type(&family.family).expect("host type");
        for host in &family.hosts {
            let (mut vcpus, mut memory) = (0, 0);
            for slot in &host.slots {
                let size = slot.instance_type.split('.').nth(1).expect("size");
                let size = host_type
                    .sizes
                    .iter()
                    .find(|s| s.size == size)
                    .expect("known size");
                vcpus += slot.count * size.vcpus;
                memory += slot.count * size.memory_gib;
            }
            assert_eq!((vcpus, memory), (host.vcpus_used, host.memory_gib_used));
            assert!(
                vcpus <= host_type.vcpus && memory <= host_type.memory_gib,
                "{host:?}"
            );
            assert_eq!(host.vcpus_total, host_type.vcpus);
        }
    }
}

#[test]
fn two_hundred_rvtools_vms_size_to_the_hosts_and_racks_worked_by_hand() {
    let inventory =
        inventory::parse_csv(&rvtools_csv(), &InventoryOptions::default()).expect("reads");
    let report = size(&inventory, &SizingOptions::default());
    assert_eq!(
        (report.servers, report.placed, report.powered_off),
        (200, 198, 10)
    );
    // Bad rows: reported with line and column, the rest kept.
    let unplaced: Vec<(usize, &str)> = report
        .unplaced
        .iter()
        .map(|u| (u.line, u.name.as_str()))
        .collect();
    assert_eq!(unplaced, vec![(200, "bad-cpus"), (201, "bad-memory")]);
    assert!(
        report.unplaced[0].reason.contains("column `CPUs`"),
        "{}",
        report.unplaced[0].reason
    );
    assert!(report.unplaced[0].reason.contains("`four`"));
    assert!(report.unplaced[1].reason.contains("column `Memory`"));
    assert_eq!(report.columns["memory"], "Memory");
    assert!(
        !report.columns.contains_key("workload"),
        "Cluster is not the workload"
    );

    // m5: 100 xlarge (24 to a host): 4 homogeneous hosts and 4 left; 50 2xlarge (12 to a
    // host): 4 homogeneous hosts and 2 left; 6 large (48 to a host): all left. What is left
    // goes first fit, largest first, onto one heterogeneous host: 2 x 2xlarge + 4 x xlarge +
    // 6 x large = 16 + 16 + 12 = 44 vCPUs. N = 9; the spare copies the most common layout
    // (24 x xlarge and 12 x 2xlarge are 4 hosts each, equally full: the first) = 10 hosts.
    let m5 = family(&report, "m5");
    assert_eq!((m5.hosts.len(), m5.spare_hosts), (10, 1));
    let used: Vec<(u32, Layout, bool)> = m5
        .hosts
        .iter()
        .map(|h| (h.vcpus_used, h.layout, h.spare))
        .collect();
    assert_eq!(used[8], (44, Layout::Heterogeneous, false));
    assert_eq!(used[9], (96, Layout::Homogeneous, true));
    assert_eq!(m5.free_vcpus, 96 - 44);
    assert_eq!(
        pools(&report, "m5"),
        owned(&[
            ("m5.xlarge", 4 * 24 + 4 + 24),
            ("m5.2xlarge", 4 * 12 + 2),
            ("m5.large", 6)
        ])
    );
    // c5: 12 9xlarge (36 vCPUs) do not divide a host (96): first fit, 2 to a host (72 vCPUs,
    // 144 of 192 GiB): 6 hosts, + 1 spare slotted the same = 7.
    let c5 = family(&report, "c5");
    let used: Vec<(u32, bool)> = c5.hosts.iter().map(|h| (h.vcpus_used, h.spare)).collect();
    assert_eq!(used, [vec![(72, false); 6], vec![(72, true)]].concat());
    assert_eq!(c5.free_vcpus, 6 * 24);
    assert_eq!(pools(&report, "c5"), owned(&[("c5.9xlarge", 14)]));
    // r5: 30 4xlarge, 6 to a host: 5 homogeneous hosts + 1 spare.
    assert_eq!(family(&report, "r5").hosts.len(), 6);
    assert_eq!(pools(&report, "r5"), owned(&[("r5.4xlarge", 36)]));
    assert_slots_fit(&report);

    // Racks: c5 and r5 come only in the mixed rack (4 c5, 4 m5, 4 r5 hosts): 7 c5 hosts need
    // 2 of them, which hold the 6 r5 and 8 of the 10 m5; 2 more m5 hosts need a third rack,
    // and of the three that have m5 the M5-4 draws least (5 kVA, against 10 and 15): 35 kVA.
    // 198 x 100 GiB = 19.3 TiB of EBS, within 2 x 55 + 11 TiB.
    assert_eq!(report.rack_plans.len(), 1);
    let racks = &report.rack_plans[0];
    assert_eq!(racks.choice.label(), "2 x OR-G1-C5M5R5-12 + 1 x OR-G1-M5-4");
    assert_eq!((racks.choice.racks, racks.choice.power_kva), (3, 35.0));
    assert!((racks.storage_tib_needed - 198.0 * 100.0 / 1024.0).abs() < 1e-9);
    assert_eq!(family(&report, "m5").racks, 3);
    // With and without ACE: 3 racks is not beyond three, so AWS does not recommend one; the
    // ACE rack adds its 10 kVA to the chosen mix's 35.
    let plan = racks.rack_plan.as_ref().expect("bill of materials");
    assert!(!plan.ace_recommended && !plan.ace_required);
    assert_eq!(plan.without_ace.power_kva, 35.0);
    assert_eq!(plan.with_ace.power_kva, 45.0);
    // A new Outpost: the capacity task's identifier is a placeholder, said so.
    assert_eq!(
        family(&report, "m5").capacity_task.outpost_identifier,
        "<new Outpost id>"
    );
    assert!(racks.notes.iter().any(|n| n.contains("<new Outpost id>")));
}

#[test]
fn n_plus_m_holds_per_family_and_powered_off_servers_can_be_left_out() {
    let inventory =
        inventory::parse_csv(&rvtools_csv(), &InventoryOptions::default()).expect("reads");
    for spare_hosts in [0, 1, 2, 3] {
        let report = size(
            &inventory,
            &SizingOptions {
                spare_hosts,
                ..SizingOptions::default()
            },
        );
        for family in &report.outposts {
            let spares = family.hosts.iter().filter(|h| h.spare).count() as u32;
            let busy = family
                .hosts
                .iter()
                .filter(|h| !h.spare && h.vcpus_used > 0)
                .count();
            assert_eq!(spares, spare_hosts, "{}", family.family);
            assert_eq!(busy + spares as usize, family.hosts.len());
            // A spare can take over the most common host: its layout is one of the busy ones.
            for spare in family.hosts.iter().filter(|h| h.spare) {
                assert!(
                    family
                        .hosts
                        .iter()
                        .any(|h| !h.spare && h.slots == spare.slots)
                );
            }
            let provided = report.rack_plans[0].choice.hosts_provided[&family.family];
            assert!(provided as usize >= family.hosts.len());
        }
        assert_slots_fit(&report);
    }
    let on_only = size(
        &inventory,
        &SizingOptions {
            powered_on_only: true,
            ..SizingOptions::default()
        },
    );
    // 90 app VMs: 3 whole xlarge hosts (72), 4 whole 2xlarge hosts; left: 2 x 2xlarge,
    // 18 x xlarge and 4 of the 6 large fill a host (16 + 72 + 8 = 96), 2 large a second: 9 + 1.
    assert_eq!(on_only.placed, 188);
    assert_eq!(family(&on_only, "m5").hosts.len(), 10);
    assert!(
        on_only
            .notes
            .iter()
            .any(|n| n.contains("10 powered-off servers left out"))
    );
}

#[test]
fn the_rvtools_workbook_reads_as_its_csv() {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let summary = workbook.add_worksheet();
    summary.set_name("vSummary").expect("name");
    summary
        .write_string(0, 0, "not the inventory")
        .expect("write");
    let sheet = workbook.add_worksheet();
    sheet.set_name("vInfo").expect("name");
    for (column, header) in RVTOOLS_HEADER.split(',').enumerate() {
        sheet.write_string(0, column as u16, header).expect("write");
    }
    for (row, cells) in rvtools_rows().iter().enumerate() {
        for (column, cell) in cells.iter().enumerate() {
            let (row, column) = (row as u32 + 1, column as u16);
            // Numbers as numbers, as RVTools writes them.
            match cell.parse::<f64>() {
                Ok(number) => sheet.write_number(row, column, number),
                Err(_) => sheet.write_string(row, column, cell),
            }
            .expect("write");
        }
    }
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let from_workbook = inventory::parse_file(
        "RVTools_export_all.xlsx",
        &bytes,
        &InventoryOptions::default(),
    )
    .expect("reads");
    let from_csv =
        inventory::parse_csv(&rvtools_csv(), &InventoryOptions::default()).expect("reads");
    assert_eq!(from_workbook.servers, from_csv.servers);
    assert_eq!(
        from_workbook
            .bad_rows
            .iter()
            .map(|b| (b.line, b.column.as_str()))
            .collect::<Vec<_>>(),
        vec![(200, "CPUs"), (201, "Memory")]
    );
    assert_eq!(
        size(&from_workbook, &SizingOptions::default()),
        size(&from_csv, &SizingOptions::default())
    );
    // Without a workload file, rows naming workloads still go to the one new Outpost.
    let by_cluster = inventory::parse_csv(
        &rvtools_csv(),
        &InventoryOptions {
            workload_column: Some("Cluster".into()),
        },
    )
    .expect("reads");
    let one = size(&by_cluster, &SizingOptions::default());
    assert_eq!(one.rack_plans.len(), 1);
    assert_eq!(one.rack_plans[0].workloads, vec!["prod-cluster".to_owned()]);
    // A file that is not a workbook is an error that says what to do, not a panic.
    let error = inventory::parse_file(
        "broken.xlsx",
        b"PK\x03\x04 not a zip",
        &InventoryOptions::default(),
    )
    .expect_err("not a workbook");
    assert!(
        error.to_string().contains("save the RVTools export"),
        "{error}"
    );
}

#[test]
fn utilisation_right_sizes_with_headroom_and_never_below_the_minimum() {
    let text = "name,vcpus,memory_gib,cpu_util_pct,memory_util_pct,workload\n\
                busy,16,64,50,50,erp\n\
                idle,16,64,1,1,erp\n\
                unknown,16,64,,,erp\n\
                over,16,64,150,,erp\n";
    let inventory = inventory::parse_csv(text, &InventoryOptions::default()).expect("reads");
    assert_eq!(inventory.bad_rows.len(), 1);
    assert!(inventory.bad_rows[0].reason.contains("more than 100 %"));
    let report = size(&inventory, &SizingOptions::default());
    let types: Vec<(&str, &str)> = report
        .instances
        .iter()
        .map(|s| (s.name.as_str(), s.instance_type.as_str()))
        .collect();
    // busy: 8 x 1.2 = 9.6 vCPUs, 32 x 1.2 = 38.4 GiB -> m5.4xlarge (16, 64) is 1/6 of a host,
    // r5.4xlarge (16, 128) 1/6 too, c5.9xlarge 3/8: m5.4xlarge, listed first.
    // idle: the minimum, 2 vCPUs and 4 GiB -> m5.large (c5.large is the same share).
    // unknown: as configured -> m5.4xlarge.
    assert_eq!(
        types,
        vec![
            ("busy", "m5.4xlarge"),
            ("idle", "m5.large"),
            ("unknown", "m5.4xlarge")
        ]
    );
    let generous = size(
        &inventory,
        &SizingOptions {
            rules: edge_atlas::planner::sizing::RightSizing {
                headroom_pct: 100.0,
                ..Default::default()
            },
            ..SizingOptions::default()
        },
    );
    // busy with 100 % headroom: 16 vCPUs, 64 GiB, its configured size.
    assert_eq!(generous.instances[0].instance_type, "m5.4xlarge");
}

#[test]
fn a_workload_file_places_each_workload_and_names_what_it_cannot() {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let workloads = parse_workloads(
        r#"
[[workload]]
name = "plant-control"
users = ["Frankfurt"]
latency_ms = 1
clients = "on-premises"
residency = ["DE"]

[[workload]]
name = "reporting"
users = ["Frankfurt"]
latency_ms = 200
clients = "wired"
"#,
        catalogs.locations,
        &catalogs.services.known_services,
    )
    .expect("workloads");
    let measured = MeasuredRtts::default();
    let context = PlanContext::new(
        catalogs.locations,
        catalogs.hardware,
        catalogs.services,
        None,
        &measured,
        ModelParameters::default(),
    );
    let text = "name,vcpus,memory_gib,workload\n\
                plc-1,8,32,plant-control\n\
                plc-2,8,32,plant-control\n\
                rep-1,4,16,reporting\n\
                orphan,4,16,\n\
                stray,4,16,marketing\n";
    let inventory = inventory::parse_csv(text, &InventoryOptions::default()).expect("reads");
    let report = size_inventory(
        &inventory,
        Placement::Planned {
            context: &context,
            workloads: &workloads,
        },
        catalogs.hardware,
        &SizingOptions::default(),
    )
    .expect("sizes");
    // plant-control: 1 ms from an on-premises site is only an Outpost at the site.
    let outpost = &report.rack_plans;
    assert_eq!(outpost.len(), 1, "{report:#?}");
    assert_eq!(
        (
            outpost[0].location.as_str(),
            outpost[0].workloads.as_slice()
        ),
        ("new", &["plant-control".to_owned()][..])
    );
    assert_eq!(family(&report, "m5").hosts.len(), 2);
    // reporting runs elsewhere (a Region or zone), with its instances listed.
    assert_eq!(report.elsewhere.len(), 1);
    assert_eq!(report.elsewhere[0].workload, "reporting");
    assert_eq!(report.elsewhere[0].instances[0].instance_type, "m5.xlarge");
    // Rows without a workload (two workloads in the file) and with an unknown one: named.
    let reasons: Vec<(&str, &str)> = report
        .unplaced
        .iter()
        .map(|u| (u.name.as_str(), u.reason.as_str()))
        .collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    assert!(reasons[0].1.contains("--workload NAME"), "{reasons:?}");
    assert!(
        reasons[1]
            .1
            .contains("`marketing` is not in the workload file"),
        "{reasons:?}"
    );
    assert_eq!(report.placed, 3);
}

/// Onto the demo's Frankfurt Outpost (20 m5 hosts, each configured 3 x m5.4xlarge + 6 x
/// m5.2xlarge; 4 x m5.4xlarge running on hosts 1-4, 6 x m5.2xlarge on hosts 1-6; host 1 being
/// reslotted by a capacity task in progress, so left alone), worked by hand:
///
/// - ten 16-vCPU / 64 GiB VMs are m5.4xlarge and take free 4xlarge slots as configured, first
///   host first: hosts 2, 3 and 4 have 2 free each, host 5 has 3, host 6 takes the tenth;
/// - one 48-vCPU / 192 GiB VM is m5.12xlarge, a size no host is slotted for: hosts 2-5 have
///   40 vCPUs of room left (96 - running - taken), host 6 has 96 - 8 - 16 = 72 and 384 - 32 - 64
///   = 288 GiB: it is reslotted to 1 x m5.12xlarge + its running 2xlarge + the 4xlarge it took,
///   a capacity task naming its AssetId;
/// - nothing is left for new hosts: no racks.
#[test]
fn sizing_onto_an_existing_outpost_uses_its_free_slots_then_reslots_a_named_host() {
    let hardware = Catalogs::embedded().expect("catalogs").hardware;
    let demo = edge_atlas::demo::demo().expect("demo").estate;
    let frankfurt = &demo.outposts[1];
    let mut text = "name,vcpus,memory_gib\n".to_owned();
    for i in 0..10 {
        text.push_str(&format!("imaging-{i},16,64\n"));
    }
    text.push_str("archive-db,48,192\n");
    let inventory = inventory::parse_csv(&text, &InventoryOptions::default()).expect("reads");
    let options = SizingOptions {
        families: vec!["m5".to_owned()],
        ..SizingOptions::default()
    };
    let report = size_inventory(
        &inventory,
        Placement::Existing {
            estate: &demo,
            outpost_id: &frankfurt.outpost_id,
        },
        hardware,
        &options,
    )
    .expect("sizes");
    assert_eq!(report.placed, 11, "{report:#?}");
    assert!(report.rack_plans.is_empty() && report.outposts.is_empty());
    let usage = edge_atlas::host_usage::outpost_usage(&demo, &frankfurt.outpost_id);
    let hosts: Vec<&str> = usage.hosts.iter().map(|h| h.asset_id.as_str()).collect();
    let taken: Vec<(&str, u32)> = report
        .existing_hosts
        .iter()
        .map(|h| {
            (
                h.asset_id.as_str(),
                h.free_slots_taken.iter().map(|p| p.count).sum(),
            )
        })
        .collect();
    assert_eq!(
        taken,
        vec![
            (hosts[1], 2),
            (hosts[2], 2),
            (hosts[3], 2),
            (hosts[4], 3),
            (hosts[5], 1)
        ]
    );
    let reslotted: Vec<&edge_atlas::planner::sizing::ExistingHostUse> = report
        .existing_hosts
        .iter()
        .filter(|h| h.capacity_task.is_some())
        .collect();
    assert_eq!(reslotted.len(), 1);
    let task = reslotted[0].capacity_task.as_ref().expect("task");
    assert_eq!(task.asset_id.as_deref(), Some(hosts[5]));
    assert_eq!(task.outpost_identifier, frankfurt.outpost_id);
    let layout: Vec<(&str, u32)> = task
        .instance_pools
        .iter()
        .map(|p| (p.instance_type.as_str(), p.count))
        .collect();
    assert_eq!(
        layout,
        vec![("m5.12xlarge", 1), ("m5.2xlarge", 1), ("m5.4xlarge", 1)]
    );
    let json = serde_json::to_value(&report).expect("json");
    assert_eq!(
        json["existing_hosts"][4]["capacity_task"]["AssetId"],
        hosts[5]
    );
    assert!(json["existing_hosts"][0]["capacity_task"].is_null());
    // Without what runs on the hosts, nothing is put on them and the note says why.
    let mut blind = demo.clone();
    blind.asset_instances.clear();
    let report = size_inventory(
        &inventory,
        Placement::Existing {
            estate: &blind,
            outpost_id: &frankfurt.outpost_id,
        },
        hardware,
        &options,
    )
    .expect("sizes");
    assert!(report.existing_hosts.is_empty());
    assert_eq!(report.rack_plans.len(), 1);
    assert!(
        report.rack_plans[0]
            .notes
            .iter()
            .any(|n| n.contains("ListAssetInstances was not read")),
        "{:?}",
        report.rack_plans[0].notes
    );
}

#[test]
fn an_outpost_the_snapshot_does_not_have_is_named_with_those_it_has() {
    let hardware = Catalogs::embedded().expect("catalogs").hardware;
    let demo = edge_atlas::demo::demo().expect("demo").estate;
    let inventory = inventory::parse_csv(
        "name,vcpus,memory_gib\na,2,8\n",
        &InventoryOptions::default(),
    )
    .expect("reads");
    let error = size_inventory(
        &inventory,
        Placement::Existing {
            estate: &demo,
            outpost_id: "op-0000000000000bad",
        },
        hardware,
        &SizingOptions::default(),
    )
    .expect_err("unknown Outpost");
    let message = error.to_string();
    assert!(message.contains("op-0000000000000bad"), "{message}");
    assert!(message.contains(&demo.outposts[0].outpost_id), "{message}");
}

/// The demo's Osaka Outpost is second generation, m7i hosts only: the default families (m5, c5,
/// r5) are not there, so the servers are sized to m7i and take its free m7i.2xlarge slots.
#[test]
fn sizing_onto_an_existing_outpost_uses_the_families_its_hosts_have() {
    let hardware = Catalogs::embedded().expect("catalogs").hardware;
    let demo = edge_atlas::demo::demo().expect("demo").estate;
    let osaka = &demo.outposts[2];
    let inventory = inventory::parse_csv(
        "name,vcpus,memory_gib\nline-1,8,32\nline-2,8,32\n",
        &InventoryOptions::default(),
    )
    .expect("reads");
    let report = size_inventory(
        &inventory,
        Placement::Existing {
            estate: &demo,
            outpost_id: &osaka.outpost_id,
        },
        hardware,
        &SizingOptions::default(),
    )
    .expect("sizes");
    assert_eq!(report.parameters.families, vec!["m7i".to_owned()]);
    assert!(
        report
            .notes
            .iter()
            .any(|n| n.contains("has no host of m5, c5, r5: sized to its own families, m7i")),
        "{:?}",
        report.notes
    );
    assert_eq!(report.placed, 2);
    let taken: Vec<(String, u32)> = report
        .existing_hosts
        .iter()
        .flat_map(|h| &h.free_slots_taken)
        .map(|p| (p.instance_type.clone(), p.count))
        .collect();
    assert_eq!(taken.iter().map(|(_, c)| c).sum::<u32>(), 2, "{taken:?}");
    assert!(taken.iter().all(|(t, _)| t == "m7i.2xlarge"), "{taken:?}");
}
