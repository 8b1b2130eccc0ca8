//! The planner's commands' contracts (`racks`, `plan`, `probe`), driven through the library
//! exactly as the binary does.

use crate::cli_common;

use cli_common::{edge_atlas, json};

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
