//! `edge-atlas size`: the JSON contract from an inventory alone (no database created), the
//! text output with hostile names escaped, a workload file placing workloads, and inputs that
//! cannot be used refused with what to do.

use crate::cli_common;

use cli_common::{edge_atlas, json};

/// 30 VMs in the project's own columns: 24 m5.xlarge (one whole host), 6 r5.4xlarge (one whole
/// host), a row with an escape sequence in its name, and a bad row.
fn inventory(dir: &std::path::Path) -> std::path::PathBuf {
    let mut text = String::from("name,vcpus,memory_gib,storage_gib,workload,powerstate\n");
    for i in 0..24 {
        text.push_str(&format!("app-{i},4,16,50,plant,poweredOn\n"));
    }
    for i in 0..6 {
        text.push_str(&format!("db-{i},16,128,500,plant,poweredOff\n"));
    }
    text.push_str("\"evil\x1b[31m\",2,abc,,plant,poweredOn\n");
    let path = dir.join("inventory.csv");
    std::fs::write(&path, text).expect("write inventory");
    path
}

#[test]
fn size_json_has_the_documented_fields_without_any_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("none.sqlite");
    let file = inventory(dir.path());
    let report = json(&db, &["size", file.to_str().expect("utf-8"), "--json"]);
    assert!(!db.exists(), "no database was created");
    assert_eq!(
        (report["servers"].as_u64(), report["placed"].as_u64()),
        (Some(31), Some(30))
    );
    let unplaced = report["unplaced"].as_array().expect("unplaced");
    assert_eq!(unplaced.len(), 1);
    assert_eq!(unplaced[0]["line"], 32);
    assert!(
        unplaced[0]["reason"]
            .as_str()
            .expect("reason")
            .contains("column `memory_gib`")
    );
    let outposts = report["outposts"].as_array().expect("outposts");
    assert_eq!(outposts.len(), 2, "m5 and r5");
    for entry in outposts {
        for key in [
            "location",
            "family",
            "host_instance_type",
            "hosts",
            "spare_hosts",
            "racks",
            "rack_configuration",
            "capacity_task",
        ] {
            assert!(entry.get(key).is_some(), "outposts[] has {key}: {entry}");
        }
        assert_eq!(entry["location"], "new");
        // One whole host + one spare, each host with its slots within its vCPUs.
        let hosts = entry["hosts"].as_array().expect("hosts");
        assert_eq!(hosts.len(), 2);
        assert_eq!(hosts[1]["spare"], true);
        for host in hosts {
            assert!(host["vcpus_used"].as_u64() <= host["vcpus_total"].as_u64());
            assert!(
                host["slots"][0]["instance_type"].is_string() && host["slots"][0]["count"].is_u64()
            );
        }
        let pool = &entry["capacity_task"]["InstancePools"][0];
        assert!(
            pool["InstanceType"].is_string() && pool["Count"].is_u64(),
            "{pool}"
        );
        // Two m5 and two r5 hosts: one mixed rack (4 of each) is the one rack that holds both.
        assert_eq!(entry["racks"], 1);
        assert_eq!(entry["rack_configuration"], "1 x OR-G1-C5M5R5-12");
    }
    assert_eq!(
        outposts[0]["capacity_task"]["InstancePools"],
        serde_json::json!([{"InstanceType": "m5.xlarge", "Count": 48}])
    );
}

#[test]
fn size_text_escapes_names_and_places_with_a_workload_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("none.sqlite");
    let file = inventory(dir.path());
    let text = edge_atlas(&db, &["size", file.to_str().expect("utf-8")]).expect("text");
    assert!(
        text.contains("1 compute racks, 1 x OR-G1-C5M5R5-12"),
        "{text}"
    );
    assert!(
        text.contains("1 host: 24 x m5.xlarge (96/96 vCPUs)"),
        "{text}"
    );
    assert!(
        !text.contains('\x1b'),
        "escape sequences are shown, not sent: {text:?}"
    );

    let workloads = dir.path().join("workloads.toml");
    std::fs::write(
        &workloads,
        "[[workload]]\nname = \"plant\"\nusers = [\"Frankfurt\"]\nlatency_ms = 1\nclients = \"on-premises\"\n",
    )
    .expect("write workloads");
    let report = json(
        &db,
        &[
            "size",
            file.to_str().expect("utf-8"),
            "--workloads",
            workloads.to_str().expect("utf-8"),
            "--powered-on-only",
            "--spare-hosts",
            "2",
            "--json",
        ],
    );
    assert_eq!(report["placed"], 24, "the 6 powered-off db VMs left out");
    assert_eq!(
        report["outposts"][0]["workloads"],
        serde_json::json!(["plant"])
    );
    assert_eq!(
        report["outposts"][0]["hosts"]
            .as_array()
            .expect("hosts")
            .len(),
        3
    );
    assert!(!db.exists());
}

#[test]
fn size_refuses_what_it_cannot_use_and_says_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("none.sqlite");
    let file = inventory(dir.path());
    let path = file.to_str().expect("utf-8");
    let error = edge_atlas(&db, &["size", path, "--families", "m5,t3"]).expect_err("t3");
    assert!(error.contains("t3 has no Outposts host"), "{error}");
    let error = edge_atlas(&db, &["size", path, "--workload", "plant"]).expect_err("no file");
    assert!(error.contains("--workloads"), "{error}");
    let error = edge_atlas(&db, &["size", path, "--headroom=-5"]).expect_err("negative");
    assert!(error.contains("--headroom"), "{error}");
    let missing = dir.path().join("missing.csv");
    let error = edge_atlas(&db, &["size", missing.to_str().expect("utf-8")]).expect_err("missing");
    assert!(error.contains("cannot read"), "{error}");
    let no_memory = dir.path().join("no-memory.csv");
    std::fs::write(&no_memory, "VM,CPUs\nweb,4\n").expect("write");
    let error =
        edge_atlas(&db, &["size", no_memory.to_str().expect("utf-8")]).expect_err("columns");
    assert!(
        error.contains("no memory column") && error.contains("no-memory.csv"),
        "{error}"
    );
    let broken = dir.path().join("broken.xlsx");
    std::fs::write(&broken, b"not a workbook").expect("write");
    let error = edge_atlas(&db, &["size", broken.to_str().expect("utf-8")]).expect_err("xlsx");
    assert!(error.contains("workbook"), "{error}");
    assert!(!db.exists());
}

#[test]
fn size_onto_an_existing_outpost_takes_its_free_slots_and_names_unknown_outposts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("atlas.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo stored");
    let frankfurt = edge_atlas::demo::demo().expect("demo").estate.outposts[1]
        .outpost_id
        .clone();
    let file = dir.path().join("imaging.csv");
    std::fs::write(&file, "name,vcpus,memory_gib\npacs-3,16,64\npacs-4,16,64\n").expect("write");
    let path = file.to_str().expect("utf-8");
    let report = json(
        &db,
        &[
            "size",
            path,
            "--outpost",
            &frankfurt,
            "--families",
            "m5",
            "--json",
        ],
    );
    assert_eq!(report["placed"], 2);
    assert_eq!(
        report["rack_plans"].as_array().map(Vec::len),
        Some(0),
        "{report}"
    );
    let hosts = report["existing_hosts"].as_array().expect("existing_hosts");
    let taken: u64 = hosts
        .iter()
        .flat_map(|h| {
            h["free_slots_taken"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|pool| pool["Count"].as_u64().unwrap_or(0))
        .sum();
    assert_eq!(taken, 2, "{report}");
    assert!(hosts.iter().all(|h| h["location"] == frankfurt.as_str()));
    let text = edge_atlas(&db, &["size", path, "--outpost", &frankfurt]).expect("text");
    assert!(text.contains("On existing hosts:"), "{text}");
    assert!(text.contains("in free slots"), "{text}");
    let error = edge_atlas(&db, &["size", path, "--outpost", "op-0000000000000bad"])
        .expect_err("unknown Outpost");
    assert!(
        error.contains("no such Outpost") && error.contains(&frankfurt),
        "{error}"
    );
    let error = edge_atlas(&db, &["size", path, "--snapshot", "1"]).expect_err("snapshot alone");
    assert!(
        error.contains("--snapshot needs --workloads FILE or --outpost ID"),
        "{error}"
    );
}
