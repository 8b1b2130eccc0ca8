//! The command line's contracts, driven through the library exactly as the binary does:
//! inventories, snapshots (import, export, diff), the catalog, terminal tables, topology, graph
//! and impact. The planner's commands are in `cli_planner.rs`, reports and exports in
//! `cli_outputs.rs`.

use crate::cli_common;

use cli_common::{edge_atlas, edited_demo_export, json};
use serde_json::Value;

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
