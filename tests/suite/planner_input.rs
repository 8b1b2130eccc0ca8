//! The planner's input: every kind of bad workload file or form field is an error naming the
//! line, the field and the bound, quoted safely; sizes past the planner's bounds are refused.

use edge_atlas::catalog::{HardwareCatalog, LocationCatalog};
use edge_atlas::planner::{RackPlanInput, ServiceTable, parse_workloads, plan_racks};

use crate::planner::workload;

#[test]
fn bad_workload_files_name_the_line_and_the_field() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let services = ServiceTable::embedded().expect("services");
    let error =
        |toml: &str| parse_workloads(toml, catalog, &services.known_services).expect_err("refused");
    let header = "# workloads\n\n";
    let cases: Vec<(String, usize, &str, &str)> = vec![
        (
            workload("a", "\"Chicago\"", -5.0, "wired", ""),
            6,
            "workload[0].latency_ms",
            "above 0",
        ),
        (
            workload("a", "\"Chicago\"", f64::NAN, "wired", "").replace("NaN", "nan"),
            6,
            "workload[0].latency_ms",
            "above 0",
        ),
        (
            workload("a", "", 5.0, "wired", ""),
            5,
            "workload[0].users",
            "at least one",
        ),
        (
            workload("a", "\"Atlantis\"", 5.0, "wired", ""),
            5,
            "workload[0].users",
            "not a metro",
        ),
        (
            workload("a", "\"95.0,10.0\"", 5.0, "wired", ""),
            5,
            "workload[0].users",
            "lat,lon",
        ),
        (
            workload("a", "\"Chicago\"", 5.0, "carrier-pigeon", ""),
            7,
            "workload[0].clients",
            "not one of",
        ),
        (
            workload("a", "\"Chicago\"", 5.0, "wired", "residency = [\"XX\"]"),
            8,
            "workload[0].residency",
            "ISO 3166",
        ),
        (
            workload("a", "\"Chicago\"", 5.0, "wired", "services = [\"quantum\"]"),
            8,
            "workload[0].services",
            "not a service",
        ),
        (
            workload("a", "\"Chicago\"", 5.0, "wired", "arch = \"riscv\""),
            8,
            "workload[0].arch",
            "not one of",
        ),
        (
            workload("a", "\"Chicago\"", 5.0, "wired", "vcpus = -1"),
            8,
            "workload[0].vcpus",
            "0 or more",
        ),
        (
            workload("a", "\"Chicago\"", 5.0, "wired", "")
                + &workload("a", "\"Chicago\"", 5.0, "wired", ""),
            10,
            "workload[1].name",
            "unique",
        ),
    ];
    for (toml, line, field, words) in cases {
        let e = error(&format!("{header}{toml}"));
        assert_eq!(
            (e.line, e.field.as_str()),
            (line, field),
            "{e} for:\n{toml}"
        );
        assert!(e.message.contains(words), "{e}");
    }
    let typo = error(&format!(
        "{header}{}",
        workload("a", "\"Chicago\"", 5.0, "wired", "latency_budget = 3")
    ));
    assert_eq!(typo.line, 8);
    assert!(typo.message.contains("latency_budget"), "{typo}");
    let wrong_type = error(&format!(
        "{header}[[workload]]\nname = \"a\"\nusers = \"Chicago\"\nlatency_ms = 5\nclients = \"wired\"\n"
    ));
    assert_eq!(wrong_type.line, 5, "{wrong_type}");
    let missing = error(&format!(
        "{header}[[workload]]\nname = \"a\"\nusers = [\"Chicago\"]\nclients = \"wired\"\n"
    ));
    assert!(missing.message.contains("latency_ms"), "{missing}");
    assert!(error("").message.contains("no [[workload]]"));
    assert!(error("this is = not toml [").line >= 1);
}

#[test]
fn form_fields_are_validated_like_a_file_and_quoted_safely() {
    use edge_atlas::planner::workload::{WorkloadFields, parse_fields};
    let catalog = LocationCatalog::embedded().expect("catalog");
    let services = ServiceTable::embedded().expect("services");
    let mut fields = WorkloadFields {
        name: "quote \" and \\ and ] [[workload]]".into(),
        users: vec!["Boston".into()],
        latency_ms: 20.0,
        clients: "mobile-5g".into(),
        carrier: Some("Verizon".into()),
        ..WorkloadFields::default()
    };
    let workload = parse_fields(&fields, catalog, &services.known_services).expect("valid");
    assert_eq!(workload.name, fields.name, "hostile text stays data");
    assert_eq!(workload.services, vec!["ec2".to_owned()]);
    fields.latency_ms = -1.0;
    let error =
        parse_fields(&fields, catalog, &services.known_services).expect_err("negative budget");
    assert_eq!(error.field, "workload[0].latency_ms");
}

#[test]
fn absurd_sizes_are_input_errors_naming_the_line_field_and_bound() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let services = ServiceTable::embedded().expect("services");
    for (field, value, words) in [
        ("vcpus", "1e12", "more vCPUs than 1000 racks hold"),
        ("vcpus", "1e9", "more vCPUs than 1000 racks hold"),
        (
            "memory_gib",
            "1e15",
            "more GiB of memory than 1000 racks hold",
        ),
        (
            "storage_tib",
            "1e8",
            "more TiB of storage than 1000 racks hold",
        ),
        ("racks_long_term", "100000", "must be from 1 to 1000"),
    ] {
        let toml = format!(
            "[[workload]]\nname = \"big\"\nusers = [\"Honolulu\"]\nlatency_ms = 5\nclients = \"wired\"\n{field} = {value}\n"
        );
        let error = parse_workloads(&toml, catalog, &services.known_services).expect_err("refused");
        assert_eq!(error.line, 6, "{error}");
        assert!(error.field.ends_with(field), "{error}");
        assert!(error.message.contains(words), "{field}: {error}");
    }
}

#[test]
fn more_than_a_thousand_racks_is_an_input_error_not_a_plan() {
    let hardware = HardwareCatalog::embedded().expect("hardware");
    for (racks, planned) in [(1001, 1001), (1, 10_000_000)] {
        let input = RackPlanInput {
            racks,
            planned_racks: planned,
            ..RackPlanInput::default()
        };
        let error = plan_racks(&input, hardware).expect_err("refused");
        assert!(
            error
                .to_string()
                .contains("more than the 1000 compute racks"),
            "{error}"
        );
    }
}
