//! The planner: each ranking rule, residency (by metro and by coordinates), mobile 5G and
//! carriers, on-premises, nothing feasible, rack counts and growth (bad input: `planner_input`).

use edge_atlas::catalog::{HardwareCatalog, LocationCatalog};
use edge_atlas::demo;
use edge_atlas::model::Estate;
use edge_atlas::planner::plan::{CandidateKind, RttSource, WorkloadPlan};
use edge_atlas::planner::{
    MeasuredRtts, ModelParameters, PlanContext, RackPlanInput, ServiceTable, parse_workloads,
    plan_racks,
};

fn plan_with(
    estate: Option<&Estate>,
    measured: &MeasuredRtts,
    toml: &str,
) -> Vec<WorkloadPlan<'static>> {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let services = ServiceTable::embedded().expect("services");
    let workloads =
        parse_workloads(toml, catalog, &services.known_services).expect("valid workloads");
    let context = PlanContext::new(
        catalog,
        hardware,
        services,
        estate.map(|e| (1, e)),
        measured,
        ModelParameters::default(),
    );
    context
        .plan(&workloads)
        .workloads
        .into_iter()
        .map(WorkloadPlan::into_owned)
        .collect()
}

fn plan(toml: &str) -> Vec<WorkloadPlan<'static>> {
    let estate = demo::demo().expect("demo").estate;
    plan_with(Some(&estate), &MeasuredRtts::default(), toml)
}

fn chosen(plan: &WorkloadPlan<'_>) -> (CandidateKind, String) {
    let r = plan.recommendation.as_ref().unwrap_or_else(|| {
        panic!(
            "{} has a recommendation: {:?}",
            plan.name,
            plan.candidates.iter().take(3).collect::<Vec<_>>()
        )
    });
    (r.kind, r.location.to_string())
}

/// One workload's TOML.
pub(crate) fn workload(
    name: &str,
    users: &str,
    latency: f64,
    clients: &str,
    extra: &str,
) -> String {
    format!(
        "[[workload]]\nname = \"{name}\"\nusers = [{users}]\nlatency_ms = {latency}\nclients = \"{clients}\"\n{extra}\n"
    )
}

#[test]
fn a_region_wins_over_a_local_zone_when_both_fit() {
    let plans = plan(&workload("web", "\"Ashburn\"", 30.0, "wired", ""));
    assert_eq!(
        chosen(&plans[0]),
        (CandidateKind::Region, "us-east-1".to_owned())
    );
    let lz = plans[0]
        .candidates
        .iter()
        .find(|c| c.kind == CandidateKind::LocalZone && c.feasible);
    assert!(
        lz.is_some(),
        "a Local Zone was feasible too and ranked after the Region"
    );
}

#[test]
fn a_local_zone_wins_when_the_region_is_too_far() {
    let plans = plan(&workload("render", "\"Los Angeles\"", 8.0, "wired", ""));
    assert_eq!(
        chosen(&plans[0]),
        (CandidateKind::LocalZone, "us-west-2-lax-1a".to_owned())
    );
    let region = plans[0]
        .candidates
        .iter()
        .find(|c| &*c.location == "us-west-2")
        .expect("the Region is a candidate");
    assert!(
        !region.feasible
            && region.reasons[0]
                .to_string()
                .contains("exceeds the 8 ms budget"),
        "{region:?}"
    );
    assert!(
        plans[0]
            .warnings
            .iter()
            .any(|w| w.contains("EBS snapshots")),
        "{:?}",
        plans[0].warnings
    );
}

#[test]
fn an_existing_outpost_at_the_users_site_beats_a_new_one_for_on_premises_clients() {
    let estate = demo::demo().expect("demo").estate;
    let frankfurt = estate
        .sites
        .iter()
        .find(|s| s.operating_address_city.as_deref() == Some("Frankfurt am Main"))
        .expect("site");
    let outpost = estate
        .outposts
        .iter()
        .find(|o| o.site_id == frankfurt.site_id)
        .expect("outpost");
    let toml = workload(
        "pacs",
        "\"Frankfurt\"",
        1.0,
        "on-premises",
        &format!("site = \"{}\"\nvcpus = 16", frankfurt.site_id),
    );
    let plans = plan_with(Some(&estate), &MeasuredRtts::default(), &toml);
    assert_eq!(
        chosen(&plans[0]),
        (CandidateKind::Outpost, outpost.outpost_id.clone())
    );
    assert_eq!(
        plans[0].recommendation.as_ref().and_then(|r| r.rtt_ms),
        Some(0.5),
        "on-site LAN"
    );
    let racks = plans[0]
        .racks
        .as_ref()
        .expect("racks for an Outposts placement");
    assert_eq!(racks.racks, 3, "the existing Outpost's racks");
    assert!(
        plans[0]
            .warnings
            .iter()
            .any(|w| w.contains("backups") && w.contains("eu-central-1")),
        "{:?}",
        plans[0].warnings
    );
}

#[test]
fn a_new_outpost_when_nothing_else_is_close_enough_with_racks_sized_n_plus_one() {
    let plans = plan(&workload(
        "hospital",
        "\"Honolulu\"",
        1.0,
        "on-premises",
        "vcpus = 400\nmemory_gib = 1000\nracks_long_term = 5",
    ));
    assert_eq!(
        chosen(&plans[0]),
        (CandidateKind::Outpost, "new".to_owned())
    );
    let new = &plans[0].candidates[0];
    assert!(
        new.notes
            .iter()
            .any(|n| n.starts_with("home Region us-west-1")),
        "{:?}",
        new.notes
    );
    let racks = plans[0].racks.as_ref().expect("racks");
    // 400 vCPU / 96 per m5.24xlarge host = 5 hosts (memory: 1000/384 = 3), plus one spare = 6
    // hosts; 8 per OR-G1-M5-8 rack: 1 rack now, 5 planned: ACE recommended, not required.
    assert_eq!(
        (
            racks.racks,
            racks.planned_racks,
            racks.ace_recommended,
            racks.ace_required
        ),
        (1, 5, true, false)
    );
    assert!(
        racks.reasons[0].contains("5 m5.24xlarge hosts plus one spare (N+1) = 6 hosts"),
        "{}",
        racks.reasons[0]
    );
}

#[test]
fn mobile_5g_goes_to_its_carriers_wavelength_zone_and_never_to_another_carrier() {
    let plans = plan(&workload(
        "fleet",
        "\"Boston\"",
        20.0,
        "mobile-5g",
        "carrier = \"Verizon\"",
    ));
    assert_eq!(
        chosen(&plans[0]),
        (
            CandidateKind::WavelengthZone,
            "us-east-1-wl1-bos-wlz-1".to_owned()
        )
    );
    assert_eq!(
        plans[0].recommendation.as_ref().and_then(|r| r.rtt_ms),
        Some(12.0),
        "radio 10 + access 2, no carrier egress"
    );
    let plans = plan(&workload(
        "fleet",
        "\"Boston\"",
        40.0,
        "mobile-5g",
        // Another carrier that has a Wavelength Zone, but not in Boston.
        "carrier = \"KDDI\"",
    ));
    let bos = plans[0]
        .candidates
        .iter()
        .find(|c| &*c.location == "us-east-1-wl1-bos-wlz-1")
        .expect("candidate");
    assert!(
        !bos.feasible
            && bos
                .reasons
                .iter()
                .any(|r| r.to_string().contains("cannot reach a Carrier IP")),
        "{bos:?}"
    );
    assert_ne!(chosen(&plans[0]).0, CandidateKind::WavelengthZone);
    // Wired clients never get a Wavelength Zone.
    let wired = plan(&workload("web", "\"Boston\"", 50.0, "wired", ""));
    let wz = wired[0]
        .candidates
        .iter()
        .find(|c| c.kind == CandidateKind::WavelengthZone)
        .expect("listed");
    assert!(wz.reasons[0].to_string().contains("only mobile 5G"));
}

#[test]
fn residency_by_coordinates_picks_the_countrys_local_zone_and_warns_about_its_parent() {
    let plans = plan(&workload(
        "lima-payments",
        "\"-12.05,-77.04\"",
        10.0,
        "wired",
        "residency = [\"PE\"]",
    ));
    assert_eq!(
        chosen(&plans[0]),
        (CandidateKind::LocalZone, "us-east-1-lim-1a".to_owned())
    );
    let region = plans[0]
        .candidates
        .iter()
        .find(|c| &*c.location == "us-east-1")
        .expect("listed");
    assert!(
        region.reasons.iter().any(|r| r
            .to_string()
            .contains("data would be in US; residency requires PE")),
        "{region:?}"
    );
    assert!(
        plans[0]
            .warnings
            .iter()
            .any(|w| w.contains("another country")),
        "{:?}",
        plans[0].warnings
    );
}

#[test]
fn nothing_feasible_gives_no_recommendation_and_every_candidate_a_reason() {
    let plans = plan(&workload(
        "impossible",
        "\"Chicago\"",
        0.1,
        "wired",
        "residency = [\"JP\"]",
    ));
    assert!(plans[0].recommendation.is_none());
    assert!(plans[0].racks.is_none());
    assert!(plans[0].candidates.len() > 100);
    assert!(
        plans[0]
            .candidates
            .iter()
            .all(|c| !c.feasible && !c.reasons.is_empty())
    );
}

#[test]
fn measured_rtts_replace_the_model_and_say_so() {
    let mut measured = MeasuredRtts::default();
    measured.insert("Chicago", "us-east-2", 3.0);
    let estate = demo::demo().expect("demo").estate;
    let plans = plan_with(
        Some(&estate),
        &measured,
        &workload("app", "\"Chicago\"", 4.0, "wired", ""),
    );
    let recommendation = plans[0].recommendation.as_ref().expect("recommended");
    assert_eq!(
        (recommendation.kind, recommendation.location.as_ref()),
        (CandidateKind::Region, "us-east-2")
    );
    assert_eq!(
        (recommendation.rtt_ms, recommendation.rtt_source),
        (Some(3.0), RttSource::Measured)
    );
    let modelled = plans[0]
        .candidates
        .iter()
        .find(|c| &*c.location == "us-east-1")
        .expect("listed");
    assert_eq!(modelled.rtt_source, RttSource::Model);
}

#[test]
fn arm64_and_services_and_instance_families_are_checked_per_location() {
    let plans = plan(&workload(
        "arm",
        "\"Los Angeles\"",
        8.0,
        "wired",
        "arch = \"arm64\"\nservices = [\"ec2\", \"rds\"]",
    ));
    // LAX offers Graviton and RDS in the table; a Wavelength Zone would not.
    assert_eq!(
        chosen(&plans[0]),
        (CandidateKind::LocalZone, "us-west-2-lax-1a".to_owned())
    );
    assert!(
        plans[0]
            .recommendation
            .as_ref()
            .expect("r")
            .reasons
            .iter()
            .any(|r| r.contains("Graviton"))
    );
    let plans = plan(&workload(
        "gpu",
        "\"Honolulu\"",
        5.0,
        "wired",
        "instance_types = [\"p5.48xlarge\"]",
    ));
    let hnl = plans[0]
        .candidates
        .iter()
        .find(|c| &*c.location == "us-west-2-hnl-1a")
        .expect("listed");
    assert!(
        hnl.reasons
            .iter()
            .any(|r| r.to_string().contains("instance families p5")),
        "{hnl:?}"
    );
}

#[test]
fn synced_instance_type_offerings_replace_the_tables_families() {
    let text = workload(
        "gpu",
        "\"Los Angeles\"",
        8.0,
        "wired",
        "instance_types = [\"g4dn.2xlarge\"]",
    );
    let lax = |plans: &[WorkloadPlan<'static>]| {
        plans[0]
            .candidates
            .iter()
            .find(|c| &*c.location == "us-west-2-lax-1a")
            .expect("listed")
            .reasons
            .iter()
            .any(|r| r.to_string().contains("instance families g4dn"))
    };
    let mut estate = edge_atlas::demo::demo().expect("demo").estate;
    assert!(
        !lax(&plan_with(Some(&estate), &MeasuredRtts::default(), &text)),
        "the table offers g4dn"
    );
    estate
        .instance_type_offerings
        .push(edge_atlas::model::InstanceTypeOffering {
            account_id: "123456789012".to_owned(),
            region: "us-west-2".to_owned(),
            location_type: "availability-zone".to_owned(),
            location: "us-west-2-lax-1a".to_owned(),
            instance_types: vec!["t3.medium".to_owned(), "c5.2xlarge".to_owned()],
        });
    assert!(
        lax(&plan_with(Some(&estate), &MeasuredRtts::default(), &text)),
        "the sync says no g4dn"
    );
}

#[test]
fn rack_plans_follow_the_ace_rules_and_grow_past_three_racks() {
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let plan = |racks, planned| {
        plan_racks(
            &RackPlanInput {
                racks,
                planned_racks: planned,
                ..RackPlanInput::default()
            },
            hardware,
        )
        .expect("plan")
    };
    let three = plan(3, 3);
    assert!(!three.ace_recommended && !three.ace_required);
    assert_eq!(
        (
            three.without_ace.network.physical_ports,
            three.with_ace.network.physical_ports
        ),
        (6, 4)
    );
    assert_eq!(
        (
            three.without_ace.network.p2p_ip_addresses,
            three.without_ace.network.service_link_subnets
        ),
        (24, 3)
    );
    let growing = plan(2, 6);
    assert!(
        growing.ace_recommended && !growing.ace_required,
        "beyond three racks planned: recommended even for a first order of two"
    );
    let four = plan(4, 4);
    assert!(four.ace_required);
    assert_eq!(
        (
            four.without_ace.network.lacp_port_channels,
            four.with_ace.network.lacp_port_channels
        ),
        (8, 4)
    );
    assert_eq!(
        four.with_ace.power_kva - four.without_ace.power_kva,
        10.0,
        "the ACE rack adds 10 kVA"
    );
    assert_eq!(
        four.with_ace.weight_lbs - four.without_ace.weight_lbs,
        705,
        "and 705 lb"
    );
    assert_eq!(
        four.with_ace.optics.get("100GBASE-LR4"),
        Some(&8),
        "both ends of four links"
    );
    let gen2 = plan_racks(
        &RackPlanInput {
            racks: 3,
            planned_racks: 3,
            generation: 2,
            ..RackPlanInput::default()
        },
        hardware,
    )
    .expect("gen 2");
    assert!(gen2.ace_required && gen2.aggregation == "network-rack");
    assert_eq!(
        (
            gen2.with_ace.weight_lbs - gen2.without_ace.weight_lbs,
            gen2.with_ace.service_link_subnet_prefix.as_str()
        ),
        (1975, "/24")
    );
    for bad in [
        RackPlanInput {
            racks: 0,
            ..RackPlanInput::default()
        },
        RackPlanInput {
            cnds: 3,
            ..RackPlanInput::default()
        },
        RackPlanInput {
            uplink_gbps: 25,
            ..RackPlanInput::default()
        },
        RackPlanInput {
            uplinks_per_device: 3,
            ..RackPlanInput::default()
        },
        RackPlanInput {
            racks: 4,
            planned_racks: 2,
            ..RackPlanInput::default()
        },
        RackPlanInput {
            rack_configuration: Some("OR-NOPE".into()),
            ..RackPlanInput::default()
        },
    ] {
        assert!(plan_racks(&bad, hardware).is_err(), "{bad:?} is refused");
    }
}

#[test]
fn the_documented_example_file_plans_every_workload() {
    // The directory at run time, not compile time: a build directory shared between two clones
    // must not send the test to the other clone's file.
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    let text =
        std::fs::read_to_string(std::path::Path::new(&root).join("docs/examples/workloads.toml"))
            .expect("example file");
    let plans = plan(&text);
    assert_eq!(plans.len(), 5);
    // One example lands on a new Outpost, so reports show racks and their networks.
    assert!(plans.iter().any(|p| p.racks.is_some()));
    assert!(
        plans.iter().all(|p| p.recommendation.is_some()),
        "every example has a recommendation"
    );
}

#[test]
fn the_bom_by_rack_count_crosses_where_ace_starts_to_pay() {
    use edge_atlas::planner::racks::{BomMetric, plans_by_rack_count};
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let plans = plans_by_rack_count(&RackPlanInput::default(), 1..=8, hardware);
    assert_eq!(plans.len(), 8);
    let ports = |i: usize| {
        (
            BomMetric::PhysicalPorts.of(&plans[i].without_ace),
            BomMetric::PhysicalPorts.of(&plans[i].with_ace),
        )
    };
    assert_eq!(ports(0), (2.0, 4.0), "one rack: ACE costs more ports");
    assert_eq!(ports(1), (4.0, 4.0), "two racks: equal");
    assert_eq!(ports(7), (16.0, 4.0), "eight racks: ACE saves twelve");
}
