//! Snapshot files: what is exported imports again unchanged; hostile or malformed files are
//! refused with the path of the offending field, and nothing is stored.

use std::path::Path;

use edge_atlas::demo;
use edge_atlas::diff::diff;
use edge_atlas::model::{EntityKind, Warning, ZoneType};
use edge_atlas::snapshot_file::{MAX_STRING_BYTES, SnapshotFile, SnapshotFileError};
use serde_json::{Value, json};

fn demo_file() -> Value {
    let generated = demo::demo().expect("demo");
    serde_json::to_value(SnapshotFile::new(generated.meta, None, generated.estate))
        .expect("serialises")
}

fn parse(value: &Value) -> Result<SnapshotFile, SnapshotFileError> {
    SnapshotFile::parse(Path::new("test.json"), value.to_string().as_bytes())
}

fn field_error(value: &Value) -> (String, String) {
    match parse(value) {
        Err(SnapshotFileError::Field { field, message, .. }) => (field, message),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn an_exported_file_imports_to_the_identical_estate() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.json");
    let generated = demo::generate(3, 7).expect("generated");
    SnapshotFile::new(
        generated.meta.clone(),
        Some("2026-11-01T00:00:00Z".into()),
        generated.estate.clone(),
    )
    .write(&path)
    .expect("written");
    let read = SnapshotFile::read(&path).expect("reads back");
    assert_eq!(read.estate, generated.estate);
    assert_eq!(read.snapshot, generated.meta);
    assert!(
        diff(&generated.estate, &read.estate)
            .expect("diff")
            .is_empty()
    );
    assert!(
        !dir.path().join("demo.json.partial").exists(),
        "no temporary file left behind"
    );
}

#[test]
fn a_wrong_type_is_reported_with_its_path() {
    let mut file = demo_file();
    file["estate"]["vifs"][3]["vlan"] = json!("three hundred");
    let (field, message) = field_error(&file);
    assert_eq!(field, "estate.vifs[3].vlan");
    assert!(message.contains("invalid type"), "{message}");
}

#[test]
fn an_out_of_range_number_is_reported_with_its_path() {
    let mut file = demo_file();
    file["estate"]["vifs"][0]["peer_bgp_asn"] = json!(-5);
    assert_eq!(field_error(&file).0, "estate.vifs[0].peer_bgp_asn");
    let mut file = demo_file();
    file["estate"]["vifs"][1]["vlan"] = json!(4095);
    match parse(&file) {
        Err(SnapshotFileError::Problems { problems, .. }) => {
            assert_eq!(problems[0].path, "estate.vifs[1].vlan");
        }
        other => panic!("expected a VLAN problem, got {other:?}"),
    }
}

#[test]
fn a_dangling_reference_is_reported_with_its_path() {
    let mut file = demo_file();
    file["estate"]["vifs"][2]["local_gateway_id"] = json!("lgw-0000000000000dead");
    match parse(&file) {
        Err(SnapshotFileError::Problems { problems, .. }) => {
            assert_eq!(problems.len(), 1, "{problems:?}");
            assert_eq!(problems[0].path, "estate.vifs[2].local_gateway_id");
            assert!(problems[0].message.contains("lgw-0000000000000dead"));
        }
        other => panic!("expected a dangling reference, got {other:?}"),
    }
}

#[test]
fn a_reference_a_warning_explains_is_accepted() {
    // A sync that could not list local gateways in us-east-2 still exports a file that imports.
    let mut file = demo_file();
    let gateways = file["estate"]["local_gateways"]
        .as_array()
        .expect("list")
        .clone();
    let kept: Vec<Value> = gateways
        .into_iter()
        .filter(|g| g["region"] != "us-east-2")
        .collect();
    file["estate"]["local_gateways"] = Value::Array(kept);
    assert!(matches!(
        parse(&file),
        Err(SnapshotFileError::Problems { .. })
    ));
    let warning = Warning {
        region: Some("us-east-2".into()),
        call: "DescribeLocalGateways".into(),
        message: "UnauthorizedOperation".into(),
        iam_action: Some("ec2:DescribeLocalGateways".into()),
        missing_kinds: vec![EntityKind::LocalGateway],
        outpost_id: None,
        account_id: None,
    };
    file["snapshot"]["warnings"] = json!([warning]);
    parse(&file).expect("explained by the warning");
}

#[test]
fn duplicate_ids_are_refused() {
    let mut file = demo_file();
    let first = file["estate"]["outposts"][0].clone();
    file["estate"]["outposts"]
        .as_array_mut()
        .expect("list")
        .push(first);
    match parse(&file) {
        Err(SnapshotFileError::Problems { problems, .. }) => {
            assert!(problems.iter().any(|p| p.path == "estate.outposts[3]" && p.message.contains("more than once")), "{problems:?}");
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
}

#[test]
fn huge_strings_are_refused_before_anything_is_built() {
    let mut file = demo_file();
    file["estate"]["sites"][1]["notes"] = json!("x".repeat(MAX_STRING_BYTES + 1));
    let (field, message) = field_error(&file);
    assert_eq!(field, "estate.sites[1].notes");
    assert!(message.contains("longer than"), "{message}");
}

#[test]
fn unknown_enum_values_and_hostile_strings_are_kept_as_data() {
    let mut file = demo_file();
    file["estate"]["zones"][0]["zone_type"] = json!("orbital-zone");
    let hostile = "<script>alert(1)</script>\u{1b}[2J\u{0}\"quoted\"";
    file["estate"]["instances"][0]["tags"]["Name"] = json!(hostile);
    let parsed = parse(&file).expect("imports");
    assert_eq!(
        parsed.estate.zones[0].zone_type,
        ZoneType::Unknown("orbital-zone".into())
    );
    assert_eq!(parsed.estate.instances[0].tags["Name"], hostile);
    // ...and what was imported exports and imports again, unchanged.
    let again = parse(&serde_json::to_value(&parsed).expect("serialises")).expect("imports again");
    assert_eq!(again.estate, parsed.estate);
}

#[test]
fn unknown_kinds_wrong_formats_and_non_json_are_refused() {
    let mut file = demo_file();
    file["estate"]["spaceships"] = json!([]);
    assert!(field_error(&file).1.contains("unknown field `spaceships`"));

    let mut file = demo_file();
    file["format"] = json!("something-else");
    assert_eq!(field_error(&file).0, "format");

    let mut file = demo_file();
    file["format_version"] = json!(99);
    assert!(field_error(&file).1.contains("upgrade Edge Atlas"));

    match SnapshotFile::parse(
        Path::new("broken.json"),
        b"{\"format\": \"edge-atlas-snapshot\",\n oops",
    ) {
        Err(SnapshotFileError::Syntax { line, .. }) => assert_eq!(line, 2),
        other => panic!("expected a syntax error, got {other:?}"),
    }
    match SnapshotFile::parse(Path::new("binary.json"), &[0xff, 0xfe, 0x00, 0x01]) {
        Err(SnapshotFileError::Syntax { .. }) => {}
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

/// The demo file's text with `estate` replaced by `estate_json`.
fn demo_text_with_estate(estate_json: &str) -> Vec<u8> {
    let mut file = demo_file();
    file["estate"] = json!("ESTATE");
    file.to_string()
        .replace("\"ESTATE\"", estate_json)
        .into_bytes()
}

#[test]
fn a_bomb_of_nested_arrays_is_refused_by_its_shape_not_by_running_out_of_memory() {
    // 20 MB of nested empty arrays where entities belong, and as an unknown top-level member.
    let depth = 10_000_000;
    let bomb = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
    let in_the_estate = demo_text_with_estate(&format!("{{\"vifs\": {bomb}}}"));
    match SnapshotFile::parse(Path::new("bomb.json"), &in_the_estate) {
        Err(SnapshotFileError::Field { field, .. }) => {
            assert!(field.starts_with("estate.vifs[0]"), "{field}")
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    let unknown_member = format!("{{\"format\": \"edge-atlas-snapshot\", \"bomb\": {bomb}}}");
    match SnapshotFile::parse(Path::new("bomb.json"), unknown_member.as_bytes()) {
        Err(SnapshotFileError::Field { message, .. }) => {
            assert!(message.contains("unknown field `bomb`"), "{message}")
        }
        other => panic!("expected a field error, got {other:?}"),
    }
    // Deep nesting inside a member whose content is free-form (tags) stops at serde_json's
    // recursion limit.
    let mut file = demo_file();
    file["estate"]["instances"][0]["tags"] = json!("TAGS");
    let text = file
        .to_string()
        .replace("\"TAGS\"", &format!("{{\"a\": {}}}", &bomb[..]));
    assert!(SnapshotFile::parse(Path::new("deep.json"), text.as_bytes()).is_err());
}

#[test]
fn a_byte_order_mark_at_the_start_is_accepted() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(demo_file().to_string().into_bytes());
    let parsed = SnapshotFile::parse(Path::new("bom.json"), &bytes).expect("imports");
    assert!(parsed.estate.entity_count() > 0);
    // Also when the reader hands over the mark alone first.
    let reader = std::io::Read::chain(&bytes[..3], &bytes[3..]);
    SnapshotFile::from_reader(Path::new("bom.json"), reader).expect("imports in pieces");
}

#[test]
fn an_unsupported_format_version_is_explained_in_words() {
    let mut file = demo_file();
    file["format_version"] = json!(2);
    let (field, message) = field_error(&file);
    assert_eq!(field, "format_version");
    assert!(
        message.contains("format version 2") && !message.contains("Some("),
        "{message}"
    );
}

#[test]
fn a_long_string_is_refused_while_it_streams_in() {
    let mut file = demo_file();
    file["estate"]["vpcs"][0]["tags"]["Name"] = json!("x".repeat(MAX_STRING_BYTES + 1));
    let (field, message) = field_error(&file);
    assert!(field.starts_with("estate.vpcs[0]"), "{field}");
    assert!(message.contains("bytes allowed"), "{message}");
}
