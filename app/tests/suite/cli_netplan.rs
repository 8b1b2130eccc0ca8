//! `edge-atlas netplan`: a planned Outpost's build plan without any database, each format and
//! CSV table parsed back, a pool too small refused by name, and an existing Outpost of the demo
//! planned around its observed VIFs.

use crate::cli_common;

use cli_common::{edge_atlas, json};
use serde_json::Value;

#[test]
fn a_planned_outpost_needs_no_database_and_says_it_was_not_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("none.sqlite");
    let plan = json(&db, &["netplan", "--racks", "3", "--format", "json"]);
    assert_eq!(plan["outpost"], "planned");
    assert_eq!(plan["links"].as_array().expect("links").len(), 6);
    assert_eq!(plan["vifs"].as_array().expect("vifs").len(), 12);
    assert_eq!(plan["counts"]["p2p_subnets"], 12);
    assert_eq!(plan["routing"]["mode"], "direct_vpc");
    let notes = plan["notes"].to_string();
    assert!(
        notes.contains("Not checked against a synced estate"),
        "{notes}"
    );
    assert!(!db.exists(), "no database was created");

    let md = edge_atlas(&db, &["netplan", "--racks", "2", "--ace"]).expect("markdown");
    assert!(
        md.contains("## Cabling schedule") && md.contains("## AWS-managed links"),
        "{md}"
    );

    let text = edge_atlas(
        &db,
        &[
            "netplan", "--racks", "2", "--format", "csv", "--table", "vifs",
        ],
    )
    .expect("csv");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("header").clone();
    assert_eq!(&header[3], "prefix");
    assert_eq!(reader.records().count(), 8);
}

#[test]
fn bad_flags_are_refused_with_what_to_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("none.sqlite");
    let error = edge_atlas(
        &db,
        &["netplan", "--racks", "3", "--p2p-pool", "10.9.0.0/28"],
    )
    .expect_err("too small");
    assert!(
        error.contains("--p2p-pool 10.9.0.0/28") && error.contains("needs 12"),
        "{error}"
    );
    let error =
        edge_atlas(&db, &["netplan", "--racks", "1", "--p2p-pool", "ten"]).expect_err("not a CIDR");
    assert!(error.contains("`ten` is not an IPv4 CIDR"), "{error}");
    let error = edge_atlas(
        &db,
        &[
            "netplan", "--racks", "1", "--table", "bgp", "--format", "csv",
        ],
    )
    .expect_err("unknown table");
    assert!(
        error.contains("cabling, port-channels, vifs, service-link"),
        "{error}"
    );
    let error = edge_atlas(
        &db,
        &["netplan", "--racks", "1", "--uplinks-per-device", "3"],
    )
    .expect_err("3 x 100G is not offered");
    assert!(error.contains("uplink"), "{error}");
}

#[test]
fn an_existing_outpost_keeps_its_observed_vifs_and_is_checked_against_its_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let outposts = json(&db, &["inventory", "--kind", "outpost", "--json"]);
    let vifs = json(&db, &["inventory", "--kind", "vif", "--json"]);
    let mut checked = 0;
    for outpost in outposts.as_array().expect("outposts") {
        let id = outpost["outpost_id"].as_str().expect("id");
        let Ok(text) = edge_atlas(&db, &["netplan", "--outpost", id, "--format", "json"]) else {
            continue; // second-generation Outposts have no customer build plan
        };
        let plan: Value = serde_json::from_str(&text).expect("json");
        for vif in plan["vifs"].as_array().expect("vifs") {
            let Some(vif_id) = vif["vif_id"].as_str() else {
                continue;
            };
            let observed = vifs
                .as_array()
                .expect("vifs")
                .iter()
                .find(|v| v["local_gateway_virtual_interface_id"] == vif_id)
                .expect("an observed VIF");
            assert_eq!(vif["vlan"], observed["vlan"]);
            assert_eq!(vif["aws_address"], observed["local_address"]);
            assert_eq!(vif["customer_address"], observed["peer_address"]);
            assert_eq!(vif["provenance"], "observed");
            checked += 1;
        }
        assert!(
            plan["notes"]
                .to_string()
                .contains("Checked against snapshot 1")
        );
    }
    assert!(checked > 0, "some observed VIF was kept");
    let error = edge_atlas(&db, &["netplan", "--outpost", "op-0nothere"]).expect_err("unknown");
    assert!(error.contains("there is no Outpost op-0nothere"), "{error}");
}
