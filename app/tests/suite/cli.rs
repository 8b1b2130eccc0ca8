//! The command line's contracts, driven through the library exactly as the binary does.

use std::path::Path;

use crate::cli_common;

use cli_common::{edge_atlas, json};
use serde_json::Value;

/// Stores the demo in `db`, exports it to a file beside `db`, applies `edit` to the file's JSON
/// and returns the file's path (ready for `import-snapshot`).
fn edited_demo_export(db: &Path, edit: impl FnOnce(&mut Value)) -> std::path::PathBuf {
    let file = db.with_file_name("export.json");
    edge_atlas(db, &["demo"]).expect("demo");
    edge_atlas(
        db,
        &["export-snapshot", "1", "-o", file.to_str().expect("utf-8")],
    )
    .expect("export");
    let mut content: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).expect("read")).expect("json");
    edit(&mut content);
    std::fs::write(&file, content.to_string()).expect("write");
    file
}

#[test]
fn demo_then_zone_inventory_lists_local_and_wavelength_zones_with_parents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let stored = json(&db, &["demo", "--json"]);
    assert_eq!(stored["id"], 1);
    let zones = json(&db, &["inventory", "--kind", "zone", "--json"]);
    let zones = zones.as_array().expect("an array of records");
    let find = |name: &str| {
        zones
            .iter()
            .find(|z| z["zone_name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    let lax = find("us-west-2-lax-1a");
    assert_eq!(lax["zone_type"], "local-zone");
    assert_eq!(lax["region_name"], "us-west-2");
    assert!(
        lax["parent_zone_name"]
            .as_str()
            .is_some_and(|p| p.starts_with("us-west-2"))
    );
    let bos = find("us-east-1-wl1-bos-wlz-1");
    assert_eq!(bos["zone_type"], "wavelength-zone");
    assert!(
        bos["parent_zone_name"]
            .as_str()
            .is_some_and(|p| p.starts_with("us-east-1"))
    );
    assert_eq!(find("us-east-2a")["zone_type"], "availability-zone");
    let regions: std::collections::BTreeSet<&str> = zones
        .iter()
        .filter_map(|z| z["region_name"].as_str())
        .collect();
    assert_eq!(regions.len(), 5, "{regions:?}");
}

#[test]
fn vif_inventory_shows_vlans_addresses_and_asns_of_both_outposts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let vifs = json(&db, &["inventory", "--kind", "vif", "--json"]);
    let vifs = vifs.as_array().expect("array");
    let gateways: std::collections::BTreeSet<&str> = vifs
        .iter()
        .filter_map(|v| v["local_gateway_id"].as_str())
        .collect();
    assert!(
        gateways.len() >= 2,
        "VIFs of at least two Outposts: {gateways:?}"
    );
    for vif in vifs {
        assert!(
            vif["vlan"]
                .as_u64()
                .is_some_and(|v| (1..=4094).contains(&v)),
            "{vif}"
        );
        assert!(
            vif["local_address"]
                .as_str()
                .is_some_and(|a| a.contains('/')),
            "{vif}"
        );
        assert!(
            vif["peer_address"]
                .as_str()
                .is_some_and(|a| a.contains('/')),
            "{vif}"
        );
        assert!(vif["local_bgp_asn"].as_u64().is_some(), "{vif}");
        assert!(vif["peer_bgp_asn"].as_u64().is_some(), "{vif}");
    }
    // The effective ASN is in peer_bgp_asn, 32-bit ones included.
    assert!(
        vifs.iter()
            .any(|v| v["peer_bgp_asn"].as_u64() == Some(4_200_000_100))
    );
    let table = edge_atlas(&db, &["inventory", "--kind", "vif"]).expect("table");
    assert!(
        table.contains("4200000100") && table.contains("10.255.20.0/31"),
        "{table}"
    );
}

#[test]
fn export_then_import_gives_a_snapshot_with_no_differences() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let file = dir.path().join("export.json");
    edge_atlas(&db, &["demo", "--seed", "4"]).expect("demo");
    edge_atlas(
        &db,
        &["export-snapshot", "1", "-o", file.to_str().expect("utf-8")],
    )
    .expect("export");
    let imported = json(
        &db,
        &["import-snapshot", file.to_str().expect("utf-8"), "--json"],
    );
    assert_eq!(imported, serde_json::json!({ "id": 2 }));
    let changes = json(&db, &["diff", "1", "2", "--json"]);
    for part in ["added", "removed", "changed"] {
        assert_eq!(changes["diff"][part], serde_json::json!([]), "{part}");
    }
    assert!(
        edge_atlas(&db, &["diff", "1", "2"])
            .expect("diff")
            .contains("0 added, 0 removed, 0 changed")
    );
    let snapshots = json(&db, &["snapshots", "--json"]);
    let latest = &snapshots.as_array().expect("array")[1];
    assert_eq!(latest["id"], 2);
    assert_eq!(latest["source"], "import");
    assert!(
        latest["created_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );
}

#[test]
fn diff_of_two_seeds_lists_added_removed_and_changed_entities() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo", "--seed", "1"]).expect("seed 1");
    edge_atlas(&db, &["demo", "--seed", "2"]).expect("seed 2");
    let changes = json(&db, &["diff", "1", "2", "--json"]);
    for part in ["added", "removed", "changed"] {
        assert!(
            !changes["diff"][part].as_array().expect("array").is_empty(),
            "{part} is empty: {changes}"
        );
    }
    let changed = &changes["diff"]["changed"][0];
    assert!(
        changed["fields"][0]["field"].as_str().is_some(),
        "{changed}"
    );
    let text = edge_atlas(&db, &["diff", "1", "2"]).expect("diff");
    assert!(
        text.lines().any(|l| l.starts_with("+ "))
            && text.lines().any(|l| l.starts_with("- "))
            && text.lines().any(|l| l.starts_with("~ "))
    );
}

#[test]
fn with_catalog_adds_catalog_only_zones_and_coordinates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let zones = json(
        &db,
        &["inventory", "--kind", "zone", "--with-catalog", "--json"],
    );
    let zones = zones.as_array().expect("array");
    let lagos = zones
        .iter()
        .find(|z| z["zone_name"] == "af-south-1-los-1a")
        .expect("a catalog-only zone");
    assert_eq!(lagos["catalog_only"], true);
    assert_eq!(lagos["country"], "NG");
    let lax = zones
        .iter()
        .find(|z| z["zone_name"] == "us-west-2-lax-1a")
        .expect("observed zone");
    assert_eq!(lax["catalog_only"], false);
    assert!(lax["lat"].as_f64().is_some());
}

#[test]
fn reading_a_snapshot_that_does_not_exist_fails_clearly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let empty = edge_atlas(&db, &["inventory"]).expect_err("no snapshots yet");
    assert!(empty.contains("edge-atlas demo"), "{empty}");
    edge_atlas(&db, &["demo"]).expect("demo");
    let missing = edge_atlas(&db, &["inventory", "--snapshot", "9"]).expect_err("no snapshot 9");
    assert!(missing.contains("no snapshot 9"), "{missing}");
    let missing = edge_atlas(&db, &["diff", "1", "7"]).expect_err("no snapshot 7");
    assert!(missing.contains("no snapshot 7"), "{missing}");
    let kind = edge_atlas(&db, &["inventory", "--kind", "rack"]).expect_err("not a kind");
    assert!(kind.contains("coip-pool"), "lists the kinds: {kind}");
}

#[test]
fn a_hostile_import_is_refused_and_stores_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let file = edited_demo_export(&db, |content| {
        content["estate"]["subnets"][0]["vpc_id"] = Value::from("vpc-missing");
    });
    let error =
        edge_atlas(&db, &["import-snapshot", file.to_str().expect("utf-8")]).expect_err("refused");
    assert!(
        error.contains("estate.subnets[0].vpc_id") && error.contains("nothing was imported"),
        "{error}"
    );
    assert_eq!(
        json(&db, &["snapshots", "--json"])
            .as_array()
            .expect("array")
            .len(),
        1
    );
}

#[test]
fn the_human_tables_escape_control_characters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let file = edited_demo_export(&db, |content| {
        content["estate"]["sites"][0]["name"] = Value::from("evil\u{1b}]0;pwned\u{7}site");
    });
    edge_atlas(&db, &["import-snapshot", file.to_str().expect("utf-8")]).expect("markup is data");
    let table = edge_atlas(&db, &["inventory", "--kind", "site"]).expect("table");
    assert!(
        !table.contains('\u{1b}') && table.contains("evil\\u{1b}]0;pwned\\u{7}site"),
        "{table}"
    );
}

#[test]
fn topology_json_names_devices_by_unique_id_with_roles_and_provenance() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let outposts = json(&db, &["inventory", "--kind", "outpost", "--json"]);
    for outpost in outposts.as_array().expect("array") {
        let id = outpost["outpost_id"].as_str().expect("id");
        let network = json(&db, &["topology", id, "--json"]);
        assert_eq!(network["outpost_id"], id);
        assert!(network["ace"].is_boolean());
        let devices = network["devices"].as_array().expect("devices");
        let ids: std::collections::BTreeSet<&str> =
            devices.iter().filter_map(|d| d["id"].as_str()).collect();
        assert_eq!(ids.len(), devices.len(), "unique device ids");
        for device in devices {
            assert!(
                ["ond", "ace_router", "cnd"].contains(&device["role"].as_str().expect("role")),
                "{device}"
            );
            assert!(device["provenance"].is_string());
            if device["role"] == "ond" {
                assert!(device["rack_id"].is_string());
            }
        }
        for channel in network["port_channels"].as_array().expect("port channels") {
            assert!(
                ids.contains(channel["aws_device"].as_str().expect("aws"))
                    && ids.contains(channel["customer_device"].as_str().expect("cnd"))
            );
        }
        for vif in network["vifs"].as_array().expect("vifs") {
            assert!(
                ["service-link", "local-gateway"]
                    .contains(&vif["purpose"].as_str().expect("purpose"))
            );
            assert!(
                vif.get("vlan").is_some()
                    && vif.get("local_address").is_some()
                    && vif.get("peer_address").is_some()
            );
        }
        for session in network["bgp_sessions"].as_array().expect("sessions") {
            assert!(session.get("local_asn").is_some() && session.get("peer_asn").is_some());
            assert!(ids.contains(session["aws_device"].as_str().expect("aws")));
        }
        assert!(!network["links"].as_array().expect("links").is_empty());
    }
}

#[test]
fn impact_and_graph_commands_answer_on_the_demo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let outposts = json(&db, &["inventory", "--kind", "outpost", "--json"]);
    let frankfurt = outposts
        .as_array()
        .expect("array")
        .iter()
        .find(|o| o["region"] == "eu-central-1")
        .expect("Frankfurt");
    let network = json(
        &db,
        &[
            "topology",
            frankfurt["outpost_id"].as_str().expect("id"),
            "--json",
        ],
    );
    let cnd = network["devices"]
        .as_array()
        .expect("devices")
        .iter()
        .find(|d| d["role"] == "cnd")
        .expect("cnd");
    let result = json(&db, &["impact", cnd["id"].as_str().expect("id"), "--json"]);
    assert_eq!(result["isolated_racks"], serde_json::json!([]));
    assert_eq!(
        result["single_path_racks"].as_array().expect("array").len(),
        3
    );
    let error = edge_atlas(&db, &["impact", "nothing-here"]).expect_err("unknown element");
    assert!(error.contains("topology OUTPOST_ID"), "{error}");
    let graph = json(&db, &["graph", "--format", "json"]);
    assert!(graph["nodes"].as_array().expect("nodes").len() > 500);
    let graphml = edge_atlas(
        &db,
        &[
            "graph",
            "--format",
            "graphml",
            "--outpost",
            frankfurt["outpost_id"].as_str().expect("id"),
        ],
    )
    .expect("graphml");
    assert!(graphml.starts_with("<?xml") && graphml.contains("<graphml"));
    let missing =
        edge_atlas(&db, &["topology", "op-00000000000000000"]).expect_err("no such Outpost");
    assert!(
        missing.contains("no Outpost op-00000000000000000"),
        "{missing}"
    );
}

#[test]
fn racks_json_has_the_documented_fields_and_reproduces_the_published_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("never-created.sqlite");
    for (racks, without, with) in [
        (2, [4, 4, 4, 8, 8], [4, 4, 4, 8, 8]),
        (3, [6, 6, 6, 12, 12], [4, 4, 4, 8, 8]),
        (4, [8, 8, 8, 16, 16], [4, 4, 4, 8, 8]),
    ] {
        let plan = json(&db, &["racks", "--racks", &racks.to_string(), "--json"]);
        for (layout, expected) in [("without_ace", without), ("with_ace", with)] {
            let bom = &plan[layout];
            let got: Vec<u64> = [
                "physical_ports",
                "fiber_cables",
                "lacp_port_channels",
                "vlan_vifs",
                "p2p_subnets",
            ]
            .iter()
            .map(|k| bom[*k].as_u64().unwrap_or_else(|| panic!("{layout}.{k}")))
            .collect();
            assert_eq!(got, expected, "{racks} racks, {layout}");
            for key in [
                "p2p_ip_addresses",
                "bgp_sessions",
                "service_link_subnets",
                "optics",
                "power_kva",
                "weight_lbs",
            ] {
                assert!(!bom[key].is_null(), "{layout}.{key}");
            }
        }
        assert!(plan["ace_recommended"].is_boolean() && plan["ace_required"].is_boolean());
    }
    assert!(!db.exists(), "racks needs no database");
    let error = edge_atlas(&db, &["racks", "--racks", "2", "--cnds", "3"]).expect_err("refused");
    assert!(error.contains("2 or 4"), "{error}");
}

#[test]
fn plan_json_recommends_with_reasons_and_racks_for_outposts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let file = dir.path().join("workloads.toml");
    std::fs::write(
        &file,
        "[[workload]]\nname = \"clinic\"\nusers = [\"Honolulu\"]\nlatency_ms = 1\nclients = \"on-premises\"\nvcpus = 100\n\n\
         [[workload]]\nname = \"nowhere\"\nusers = [\"Chicago\"]\nlatency_ms = 0.1\nclients = \"wired\"\n",
    )
    .expect("write");
    let report = json(
        &db,
        &[
            "plan",
            file.to_str().expect("utf-8"),
            "--json",
            "--param",
            "route_factor_k=1.3",
        ],
    );
    assert_eq!(report["parameters"]["route_factor_k"], 1.3);
    let workloads = report["workloads"].as_array().expect("workloads");
    let clinic = &workloads[0];
    assert_eq!(clinic["name"], "clinic");
    assert_eq!(clinic["recommendation"]["kind"], "outpost");
    assert_eq!(clinic["recommendation"]["location"], "new");
    assert_eq!(clinic["recommendation"]["rtt_source"], "model");
    assert!(clinic["recommendation"]["rtt_ms"].as_f64().is_some());
    assert!(
        clinic["racks"]["with_ace"]["physical_ports"]
            .as_u64()
            .is_some()
    );
    for candidate in clinic["candidates"].as_array().expect("candidates") {
        for key in ["kind", "location", "rtt_ms", "feasible", "reasons"] {
            assert!(candidate.get(key).is_some(), "{key} in {candidate}");
        }
    }
    assert!(workloads[1]["recommendation"].is_null());
    assert!(workloads[1]["warnings"].is_array());
    let bad = dir.path().join("bad.toml");
    std::fs::write(
        &bad,
        "[[workload]]\nname = \"x\"\nusers = [\"Gotham\"]\nlatency_ms = 5\nclients = \"wired\"\n",
    )
    .expect("write");
    let error =
        edge_atlas(&db, &["plan", bad.to_str().expect("utf-8")]).expect_err("unknown metro");
    assert!(
        error.contains("line 3, field `workload[0].users`") && error.contains("Gotham"),
        "{error}"
    );
    let error = edge_atlas(
        &db,
        &["plan", file.to_str().expect("utf-8"), "--param", "warp=9"],
    )
    .expect_err("unknown parameter");
    assert!(error.contains("unknown parameter"), "{error}");
}

#[test]
fn probe_times_handshakes_and_writes_a_csv_plan_reads() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("loopback listener");
    let address = listener.local_addr().expect("address").to_string();
    let accept = std::thread::spawn(move || {
        for _ in 0..4 {
            let _ = listener.accept();
        }
    });
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let csv = dir.path().join("rtt.csv");
    let results = json(
        &db,
        &[
            "probe",
            "--from",
            "Chicago",
            "--region",
            "us-east-2",
            "--region",
            "us-west-2",
            "--endpoint",
            &address,
            "--tries",
            "2",
            "-o",
            csv.to_str().expect("utf-8"),
            "--json",
        ],
    );
    accept.join().expect("listener thread");
    let results = results.as_array().expect("array");
    assert_eq!(results.len(), 2);
    assert!(
        results
            .iter()
            .all(|r| r["rtt_ms"].as_f64().is_some_and(|v| v >= 0.0)),
        "{results:?}"
    );
    let text = std::fs::read_to_string(&csv).expect("csv written");
    assert!(
        text.starts_with("from,location,rtt_ms\nChicago,us-east-2,"),
        "{text}"
    );
    edge_atlas(&db, &["demo"]).expect("demo");
    let workloads = dir.path().join("w.toml");
    std::fs::write(&workloads, "[[workload]]\nname = \"app\"\nusers = [\"Chicago\"]\nlatency_ms = 50\nclients = \"wired\"\n").expect("write");
    let report = json(
        &db,
        &[
            "plan",
            workloads.to_str().expect("utf-8"),
            "--measured",
            csv.to_str().expect("utf-8"),
            "--json",
        ],
    );
    let candidates = report["workloads"][0]["candidates"]
        .as_array()
        .expect("candidates");
    let ohio = candidates
        .iter()
        .find(|c| c["location"] == "us-east-2")
        .expect("us-east-2");
    assert_eq!(ohio["rtt_source"], "measured");
    let closed = edge_atlas(
        &db,
        &[
            "probe",
            "--from",
            "x",
            "--region",
            "us-east-1",
            "--endpoint",
            "127.0.0.1:1",
            "--tries",
            "1",
            "--timeout-ms",
            "300",
        ],
    )
    .expect("a failed probe is reported, not fatal");
    assert!(closed.contains("127.0.0.1:1"), "{closed}");
}

#[test]
fn racks_are_checked_against_a_sites_power_weight_and_uplinks() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let sites = json(&db, &["inventory", "--kind", "site", "--json"]);
    let frankfurt = sites
        .as_array()
        .expect("sites")
        .iter()
        .find(|s| s["operating_address_country_code"] == "DE")
        .expect("Frankfurt site");
    let id = frankfurt["site_id"].as_str().expect("id");
    // The Frankfurt positions offer 10 kVA, 2000 lb and 10G uplinks.
    let fits = json(
        &db,
        &[
            "racks",
            "--racks",
            "3",
            "--uplink-gbps",
            "10",
            "--site",
            id,
            "--json",
        ],
    );
    assert_eq!(fits["site_problems"], serde_json::json!([]));
    let heavy = json(
        &db,
        &[
            "racks",
            "--racks",
            "3",
            "--rack-config",
            "OR-G1-C5M5R5-12",
            "--site",
            id,
            "--json",
        ],
    );
    let problems: Vec<&str> = heavy["site_problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p.as_str())
        .collect();
    assert!(
        problems.iter().any(|p| p.contains("15 kVA")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.contains("100G uplinks; the site is set up for 10G")),
        "{problems:?}"
    );
    let missing =
        edge_atlas(&db, &["racks", "--racks", "2", "--site", "os-nope"]).expect_err("unknown site");
    assert!(missing.contains("no site os-nope"), "{missing}");
}

#[test]
fn topology_of_a_snapshot_with_gaps_says_which_observations_are_missing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let mut outpost = String::new();
    let file = edited_demo_export(&db, |content| {
        let first = &content["estate"]["outposts"][0];
        outpost = first["outpost_id"].as_str().expect("id").to_owned();
        let region = first["region"].clone();
        let assets = content["estate"]["assets"].as_array_mut().expect("assets");
        assets.retain(|asset| asset["outpost_id"] != outpost.as_str());
        content["snapshot"]["warnings"] = serde_json::json!([{
            "region": region,
            "call": "outposts:ListAssets",
            "message": "AccessDeniedException: not allowed",
            "iam_action": "outposts:ListAssets",
            "missing_kinds": ["asset"],
            "outpost_id": outpost,
        }]);
    });
    edge_atlas(&db, &["import-snapshot", file.to_str().expect("utf-8")]).expect("import");
    let text = edge_atlas(&db, &["topology", &outpost]).expect("topology");
    assert!(
        text.contains("Missing observations: asset not fetched in ")
            && text.contains("outposts:ListAssets"),
        "{text}"
    );
    let value = json(&db, &["topology", &outpost, "--json"]);
    assert_eq!(
        value["missing_observations"][0]["call"], "outposts:ListAssets",
        "{}",
        value["missing_observations"]
    );
}

#[test]
fn commands_that_read_snapshots_never_create_a_database_and_plan_and_racks_need_none() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("typo").join("atlas.sqlite");
    for args in [
        vec!["snapshots"],
        vec!["inventory"],
        vec!["diff", "1", "2"],
        vec!["export-snapshot", "1", "-o", "/dev/null"],
        vec!["graph"],
        vec!["topology", "op-0123456789abcdef0"],
        vec!["impact", "x"],
    ] {
        let error = edge_atlas(&db, &args).expect_err("no database");
        assert!(
            error.contains("there is no database at") && error.contains("nothing was created"),
            "{args:?}: {error}"
        );
        assert!(
            !db.exists() && !db.parent().expect("dir").exists(),
            "{args:?} created it"
        );
    }
    let workloads = dir.path().join("workloads.toml");
    std::fs::write(
        &workloads,
        "[[workload]]\nname = \"clinic\"\nusers = [\"Honolulu\"]\nlatency_ms = 1\nclients = \"on-premises\"\nvcpus = 100\n",
    )
    .expect("write");
    let plan = json(&db, &["plan", workloads.to_str().expect("utf-8"), "--json"]);
    assert_eq!(plan["workloads"][0]["recommendation"]["kind"], "outpost");
    let racks = json(&db, &["racks", "--racks", "4", "--json"]);
    assert!(racks.is_object(), "{racks}");
    assert!(
        !db.exists() && !db.parent().expect("dir").exists(),
        "plan or racks created it"
    );
}

#[test]
fn zone_rows_with_the_catalog_say_whether_aws_still_lists_them_and_whether_confirmed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let zones = json(
        &db,
        &["inventory", "--kind", "zone", "--with-catalog", "--json"],
    );
    let zones = zones.as_array().expect("array");
    for zone in zones
        .iter()
        .filter(|z| z["in_catalog"] == true && z["zone_type"] != "availability-zone")
    {
        assert!(
            zone["status"].is_string() && zone["confirmed"].is_boolean(),
            "{zone}"
        );
    }
    for retired in [
        "eu-central-1-wl1-ber-wlz-1",
        "eu-central-1-wl1-dtm-wlz-1",
        "eu-central-1-wl1-muc-wlz-1",
    ] {
        let row = zones
            .iter()
            .find(|z| z["zone_name"] == retired && z["catalog_only"] == false)
            .unwrap_or_else(|| panic!("the demo's own {retired} row"));
        assert_eq!(row["status"], "retired", "{row}");
        assert!(row["lat"].is_number(), "keeps its coordinates: {row}");
    }
    let toronto = zones
        .iter()
        .find(|z| z["zone_name"] == "ca-central-1-wl1-yto-wlz-1")
        .expect("catalog-only Toronto");
    assert_eq!(toronto["status"], "active");
    assert_eq!(toronto["carrier"], "Bell");
}

#[test]
fn racks_marks_estimated_figures_and_names_its_sources() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("none.sqlite");
    let plan = json(
        &db,
        &["racks", "--racks", "2", "--generation", "2", "--json"],
    );
    let estimates: Vec<&str> = plan["estimates"]
        .as_array()
        .expect("estimates")
        .iter()
        .filter_map(|e| e["figure"].as_str())
        .collect();
    assert!(
        estimates.contains(&"network_rack.power_kva"),
        "{estimates:?}"
    );
    assert!(
        estimates.contains(&"network_rack.weight_lbs"),
        "{estimates:?}"
    );
    assert_eq!(plan["with_ace"]["power_kva_estimate"], true);
    assert!(plan["sources"].as_array().is_some_and(|s| s.len() == 2));
    let text = edge_atlas(&db, &["racks", "--racks", "4"]).expect("racks");
    assert!(text.contains("kVA (estimate)"), "{text}");
    assert!(
        text.contains("this product's policy (from 4 racks now) requires one: yes"),
        "{text}"
    );
    let relaxed = json(
        &db,
        &["racks", "--racks", "4", "--ace-policy-from", "6", "--json"],
    );
    assert_eq!(relaxed["ace_required"], false);
    assert_eq!(relaxed["ace_recommended"], true);
    assert_eq!(relaxed["ace_policy_from_racks"], 6);
}

#[test]
fn report_writes_every_format_from_an_imported_hostile_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let script = "<script>alert(1)</script>";
    // Every Outpost renamed by whoever wrote the file; imported as snapshot 2.
    let file = edited_demo_export(&db, |content| {
        for outpost in content["estate"]["outposts"]
            .as_array_mut()
            .expect("outposts")
        {
            outpost["name"] = Value::from(script);
        }
    });
    edge_atlas(&db, &["import-snapshot", file.to_str().expect("utf-8")]).expect("import");
    let workloads = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/workloads.toml");
    let workloads = workloads.to_str().expect("utf-8");
    for extension in ["html", "md", "csv", "json"] {
        let output = dir.path().join(format!("report.{extension}"));
        let printed = edge_atlas(
            &db,
            &["report", workloads, "-o", output.to_str().expect("utf-8")],
        )
        .unwrap_or_else(|e| panic!("{extension}: {e}"));
        assert!(printed.contains("5 workloads"), "{printed}");
        let text = std::fs::read_to_string(&output).expect("written");
        // The markup formats hold it as text; CSV carries it as data (JSON names Outposts by
        // id only).
        match extension {
            "html" | "md" => assert!(!text.contains("<script>"), "{extension}: raw markup"),
            "csv" => assert!(text.contains(script), "CSV keeps the name"),
            _ => {}
        }
        assert!(text.contains("line-control"), "{extension}");
    }
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report.json")).expect("json"),
    )
    .expect("parses");
    assert_eq!(
        report["report"]["snapshot"]["id"], 2,
        "the imported snapshot"
    );
    assert_eq!(report["report"]["snapshot"]["source"], "import");
    assert!(
        report["report"]["command"]
            .as_str()
            .expect("command")
            .contains("--format json -o ")
    );
    // The HTML names the hostile Outposts as text.
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // A file that cannot be written, and a name without a format, are clear errors.
    let missing = dir.path().join("missing").join("report.html");
    let error = edge_atlas(
        &db,
        &["report", workloads, "-o", missing.to_str().expect("utf-8")],
    )
    .expect_err("cannot be written");
    assert!(
        error.contains("cannot write") && error.contains("missing"),
        "{error}"
    );
    let error =
        edge_atlas(&db, &["report", workloads, "-o", "report.docx"]).expect_err("no format");
    assert!(error.contains("--format html|pdf|md|csv|json"), "{error}");
    // PDF, from the extension, on Letter paper when asked; the command that makes it again
    // says so.
    let pdf = dir.path().join("report.pdf");
    edge_atlas(
        &db,
        &[
            "report",
            workloads,
            "--paper",
            "letter",
            "-o",
            pdf.to_str().expect("utf-8"),
        ],
    )
    .expect("pdf");
    let bytes = std::fs::read(&pdf).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        String::from_utf8_lossy(&bytes).contains("/MediaBox[0 0 612 792]"),
        "Letter"
    );
    let error = edge_atlas(&db, &["report", workloads, "--paper", "a3", "-o", "x.pdf"])
        .expect_err("no such paper");
    assert!(error.contains("a4") && error.contains("letter"), "{error}");
}

#[test]
fn export_writes_pictures_inventories_and_diffs_by_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let outposts = json(&db, &["inventory", "--kind", "outpost", "--json"]);
    let outpost = outposts[0]["outpost_id"].as_str().expect("an Outpost");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    for (args, file, starts) in [
        (vec!["map"], "map.svg", "<svg".as_bytes()),
        (vec!["map"], "map.png", b"\x89PNG".as_slice()),
        (vec!["graph"], "graph.graphml", b"<?xml".as_slice()),
        (vec!["graph"], "graph.gv", b"digraph".as_slice()),
        (vec!["graph"], "graph.drawio", b"<?xml".as_slice()),
        (
            vec!["rack-network", "--outpost", outpost],
            "rn.drawio",
            b"<?xml".as_slice(),
        ),
        (
            vec!["rack-network", "--outpost", outpost],
            "rn.png",
            b"\x89PNG".as_slice(),
        ),
        (
            vec!["racks", "--outpost", outpost],
            "racks.svg",
            b"<svg".as_slice(),
        ),
        (
            vec!["inventory", "--kind", "subnet"],
            "subnets.csv",
            b"subnet_id,".as_slice(),
        ),
        (
            vec!["inventory", "--kind", "subnet"],
            "subnets.json",
            b"[".as_slice(),
        ),
        (
            vec!["diff", "--from", "1", "--to", "1"],
            "diff.csv",
            b"change,kind,id".as_slice(),
        ),
    ] {
        let output = path(file);
        let mut argv = vec!["export"];
        argv.extend(args.iter().copied());
        argv.extend(["-o", output.as_str()]);
        let printed = edge_atlas(&db, &argv).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(printed.starts_with("wrote "), "{printed}");
        let bytes = std::fs::read(&output).expect("written");
        assert!(bytes.starts_with(starts), "{file}");
    }
    // One Region's part of the graph: only its nodes.
    let region = path("us-east-2.json");
    edge_atlas(
        &db,
        &["export", "graph", "--region", "us-east-2", "-o", &region],
    )
    .expect("region");
    let part: Value =
        serde_json::from_str(&std::fs::read_to_string(&region).expect("written")).expect("json");
    let nodes = part["nodes"].as_array().expect("nodes");
    assert!(!nodes.is_empty());
    assert!(
        nodes.iter().all(|n| n["region"] == "us-east-2"),
        "only us-east-2"
    );
    edge_atlas(
        &db,
        &[
            "export",
            "graph",
            "--region",
            "us-east-2",
            "-o",
            &path("r.png"),
        ],
    )
    .expect("a Region's graph as PNG");
    let error = edge_atlas(
        &db,
        &[
            "export",
            "graph",
            "--region",
            "xx-nowhere-1",
            "-o",
            &path("n.svg"),
        ],
    )
    .expect_err("no such Region");
    assert!(error.contains("no Region xx-nowhere-1"), "{error}");
    // What cannot be: a map as CSV, a rack network without its Outpost, an unknown element.
    let error = edge_atlas(&db, &["export", "map", "-o", &path("map.csv")]).expect_err("csv map");
    assert!(
        error.contains("map cannot be written as csv: use svg, png"),
        "{error}"
    );
    let error =
        edge_atlas(&db, &["export", "rack-network", "-o", &path("x.svg")]).expect_err("no outpost");
    assert!(error.contains("--outpost"), "{error}");
    let error = edge_atlas(
        &db,
        &[
            "export",
            "rack-network",
            "--outpost",
            outpost,
            "--take-out",
            "nope",
            "-o",
            &path("y.svg"),
        ],
    )
    .expect_err("unknown element");
    assert!(error.contains("nope"), "{error}");
    // A failed export keeps the good file and names the path.
    let good = path("map.svg");
    let before = std::fs::read(&good).expect("good");
    let error = edge_atlas(
        &db,
        &["export", "map", "--scale", "1000", "-o", &path("map.png")],
    )
    .expect_err("too large");
    assert!(error.contains("smaller --scale"), "{error}");
    let missing = dir.path().join("missing").join("map.svg");
    let error = edge_atlas(
        &db,
        &["export", "map", "-o", missing.to_str().expect("utf-8")],
    )
    .expect_err("cannot write");
    assert!(error.contains("missing"), "{error}");
    assert_eq!(std::fs::read(&good).expect("good"), before);
}
