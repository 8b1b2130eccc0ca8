//! The AWS facts the planner acts on (issue 16): each test is named after the fact it protects.

use edge_atlas::catalog::{HardwareCatalog, LocationCatalog, ZoneStatus};
use edge_atlas::demo;
use edge_atlas::model::Estate;
use edge_atlas::planner::plan::{CandidateKind, WorkloadPlan};
use edge_atlas::planner::{
    MeasuredRtts, ModelParameters, PlanContext, RackPlanInput, ServiceTable, parse_workloads,
    plan_racks,
};

fn plan_on(estate: Option<&Estate>, toml: &str) -> Vec<WorkloadPlan<'static>> {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let services = ServiceTable::embedded().expect("services");
    let workloads = parse_workloads(toml, catalog, &services.known_services).expect("valid");
    let measured = MeasuredRtts::default();
    PlanContext::new(
        catalog,
        hardware,
        services,
        estate.map(|e| (1, e)),
        &measured,
        ModelParameters::default(),
    )
    .plan(&workloads)
    .workloads
    .into_iter()
    .map(WorkloadPlan::into_owned)
    .collect()
}

fn workload(users: &str, latency: f64, clients: &str, extra: &str) -> String {
    format!(
        "[[workload]]\nname = \"w\"\nusers = [{users}]\nlatency_ms = {latency}\nclients = \"{clients}\"\n{extra}\n"
    )
}

fn recommended(plan: &WorkloadPlan<'_>) -> (CandidateKind, String) {
    let r = plan
        .recommendation
        .as_ref()
        .unwrap_or_else(|| panic!("a recommendation: {:?}", &plan.candidates[..3]));
    (r.kind, r.location.to_string())
}

fn reasons_of(plan: &WorkloadPlan<'_>, location: &str) -> Vec<String> {
    plan.candidates
        .iter()
        .find(|c| c.location == location)
        .unwrap_or_else(|| panic!("{location} is a candidate"))
        .reasons
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_canadian_mobile_user_on_bell_gets_the_toronto_wavelength_zone() {
    // "bell" as a user would type it; AWS writes "Canada (BELL) - Toronto".
    let plans = plan_on(
        None,
        &workload("\"43.65,-79.38\"", 25.0, "mobile-5g", "carrier = \"bell\""),
    );
    assert_eq!(
        recommended(&plans[0]),
        (
            CandidateKind::WavelengthZone,
            "ca-central-1-wl1-yto-wlz-1".to_owned()
        )
    );
}

#[test]
fn a_munich_mobile_user_is_not_sent_to_a_retired_zone() {
    let plans = plan_on(
        None,
        &workload(
            "\"48.14,11.58\"",
            60.0,
            "mobile-5g",
            "carrier = \"Vodafone\"",
        ),
    );
    let (_, location) = recommended(&plans[0]);
    assert!(!location.contains("-wl1-"), "{location}");
    let munich = reasons_of(&plans[0], "eu-central-1-wl1-muc-wlz-1");
    assert!(
        munich.iter().any(|r| r.starts_with("retired")),
        "{munich:?}"
    );
    // The demo's own Munich zone is retired too: an estate that has it keeps it, unrecommended.
    let estate = demo::demo().expect("demo").estate;
    let plans = plan_on(
        Some(&estate),
        &workload(
            "\"48.14,11.58\"",
            60.0,
            "mobile-5g",
            "carrier = \"Vodafone\"",
        ),
    );
    assert_ne!(recommended(&plans[0]).1, "eu-central-1-wl1-muc-wlz-1");
}

#[test]
fn a_uk_vodafone_user_is_never_placed_on_another_countrys_vodafone_network() {
    let plans = plan_on(
        None,
        &workload("\"London\"", 30.0, "mobile-5g", "carrier = \"VODAFONE\""),
    );
    let (kind, location) = recommended(&plans[0]);
    assert_eq!(kind, CandidateKind::WavelengthZone);
    assert!(location.starts_with("eu-west-2-"), "{location}");
    // A user in Germany on Vodafone: the UK zones are another network.
    let plans = plan_on(
        None,
        &workload(
            "\"50.11,8.68\"",
            200.0,
            "mobile-5g",
            "carrier = \"Vodafone\"",
        ),
    );
    let london = reasons_of(&plans[0], "eu-west-2-wl1-lon-wlz-1");
    assert!(
        london.iter().any(|r| r.contains("another network")),
        "{london:?}"
    );
}

#[test]
fn an_unknown_carrier_is_refused_with_the_known_ones_and_never_matched_by_substring() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    let services = ServiceTable::embedded().expect("services");
    for typed in ["Verizone", "Voda", "Telecom"] {
        let error = parse_workloads(
            &workload(
                "\"Boston\"",
                20.0,
                "mobile-5g",
                &format!("carrier = \"{typed}\""),
            ),
            catalog,
            &services.known_services,
        )
        .expect_err("refused");
        assert_eq!(error.field, "workload[0].carrier", "{error}");
        for known in ["Verizon", "Bell", "KDDI", "Vodafone", "SK Telecom"] {
            assert!(error.message.contains(known), "{known} in {error}");
        }
    }
}

#[test]
fn johor_bahru_with_residency_my_gets_no_singapore_candidate() {
    let plans = plan_on(
        None,
        &workload("\"1.4927,103.7414\"", 50.0, "wired", "residency = [\"MY\"]"),
    );
    for candidate in plans[0].candidates.iter().filter(|c| c.feasible) {
        assert_ne!(candidate.country.as_deref(), Some("SG"), "{candidate:?}");
    }
    let singapore = reasons_of(&plans[0], "ap-southeast-1");
    assert!(
        singapore
            .iter()
            .any(|r| r.contains("residency requires MY")),
        "{singapore:?}"
    );
}

#[test]
fn an_m7i_workload_is_sized_on_m7i_hosts_and_mixed_families_per_family() {
    let plans = plan_on(
        None,
        &workload(
            "\"Honolulu\"",
            1.0,
            "on-premises",
            "vcpus = 1000\ninstance_types = [\"m7i.2xlarge\"]",
        ),
    );
    let racks = plans[0].racks.as_ref().expect("a rack plan");
    assert_eq!(racks.rack_configuration.catalog_item_id, "OR-G2-M7I-8");
    assert_eq!(racks.generation, 2);
    assert!(
        racks.reasons[0].contains("m7i.48xlarge hosts"),
        "{}",
        racks.reasons[0]
    );
    // 1000 vCPUs on 192-vCPU m7i hosts: 6 hosts, plus one spare, 8 per rack: 1 rack.
    assert_eq!(racks.racks, 1);
    let plans = plan_on(
        None,
        &workload(
            "\"Honolulu\"",
            1.0,
            "on-premises",
            "vcpus = 2000\ninstance_types = [\"m7i.2xlarge\", \"c7i.large\"]",
        ),
    );
    let racks = plans[0].racks.as_ref().expect("a rack plan");
    assert!(
        racks.reasons[0].contains("m7i") && racks.reasons[0].contains("c7i"),
        "{}",
        racks.reasons[0]
    );
    assert_eq!(racks.generation, 2);
}

#[test]
fn nlb_in_a_local_zone_workload_is_infeasible_with_that_reason() {
    let plans = plan_on(
        None,
        &workload(
            "\"Los Angeles\"",
            8.0,
            "wired",
            "services = [\"ec2\", \"nlb\"]",
        ),
    );
    let lax = reasons_of(&plans[0], "us-west-2-lax-1a");
    assert!(
        lax.iter().any(|r| r.contains("does not offer nlb")),
        "{lax:?}"
    );
    // ALB stays offered.
    let plans = plan_on(
        None,
        &workload(
            "\"Los Angeles\"",
            8.0,
            "wired",
            "services = [\"ec2\", \"alb\"]",
        ),
    );
    assert_eq!(recommended(&plans[0]).1, "us-west-2-lax-1a");
}

#[test]
fn ebs_snapshots_of_local_zone_volumes_go_to_the_parent_region_unless_kept_locally() {
    let plans = plan_on(None, &workload("\"Los Angeles\"", 8.0, "wired", ""));
    assert!(
        plans[0].warnings.iter().any(|w| w.contains(
            "EBS snapshots of Local Zone volumes go to the parent Region us-west-2 (US) by default; Local Zones with local S3 can keep them in the zone (local snapshots)"
        )),
        "{:?}",
        plans[0].warnings
    );
}

#[test]
fn an_outpost_whose_site_cannot_be_placed_says_its_latency_is_to_the_home_region() {
    let mut estate = demo::demo().expect("demo").estate;
    for site in &mut estate.sites {
        site.operating_address_city = Some("Nowhere Junction".to_owned());
    }
    let outpost = estate.outposts[0].outpost_id.clone();
    let plans = plan_on(Some(&estate), &workload("\"Chicago\"", 500.0, "wired", ""));
    let candidate = plans[0]
        .candidates
        .iter()
        .find(|c| c.location == outpost.as_str())
        .expect("the Outpost is a candidate");
    assert!(
        candidate
            .notes
            .iter()
            .any(|n| n == "site location unknown: latency to its home Region used"),
        "{candidate:?}"
    );
    // The site's own coordinates, when it carries them, are used and nothing is flagged.
    for site in &mut estate.sites {
        site.tags
            .insert("edge-atlas:coordinates".into(), "41.88,-87.63".into());
    }
    let plans = plan_on(Some(&estate), &workload("\"Chicago\"", 500.0, "wired", ""));
    let candidate = plans[0]
        .candidates
        .iter()
        .find(|c| c.location == outpost.as_str())
        .expect("the Outpost is a candidate");
    assert!(
        !candidate
            .notes
            .iter()
            .any(|n| n.contains("site location unknown")),
        "{candidate:?}"
    );
}

#[test]
fn the_ace_requirement_is_labelled_the_products_policy_and_its_threshold_is_settable() {
    let hardware = HardwareCatalog::embedded().expect("hardware");
    let four = plan_racks(
        &RackPlanInput {
            racks: 4,
            planned_racks: 4,
            ..RackPlanInput::default()
        },
        hardware,
    )
    .expect("plan");
    assert!(four.ace_required && four.ace_policy_from_racks == 4);
    assert!(
        four.reasons[0].contains("this product's policy")
            && four.reasons[0].contains("AWS recommends an ACE rack beyond 3"),
        "{}",
        four.reasons[0]
    );
    let relaxed = plan_racks(
        &RackPlanInput {
            racks: 4,
            planned_racks: 4,
            ace_policy_from_racks: Some(6),
            ..RackPlanInput::default()
        },
        hardware,
    )
    .expect("plan");
    assert!(!relaxed.ace_required && relaxed.ace_recommended);
    assert!(
        relaxed.reasons[0].starts_with("AWS recommends"),
        "{}",
        relaxed.reasons[0]
    );
}

#[test]
fn estimated_hardware_figures_are_marked_and_every_rack_names_its_source() {
    let hardware = HardwareCatalog::embedded().expect("hardware");
    for rack in &hardware.rack_configurations {
        assert!(
            !rack.source.is_empty(),
            "{} has a source",
            rack.catalog_item_id
        );
    }
    assert!(!hardware.ace_rack.source.is_empty() && !hardware.network_rack.source.is_empty());
    let gen2 = plan_racks(
        &RackPlanInput {
            racks: 2,
            planned_racks: 2,
            generation: 2,
            uplink_gbps: 100,
            ..RackPlanInput::default()
        },
        hardware,
    )
    .expect("plan");
    let figures: Vec<&str> = gen2.estimates.iter().map(|e| e.figure.as_str()).collect();
    assert!(figures.contains(&"network_rack.power_kva"), "{figures:?}");
    assert!(
        figures.contains(&"rack_configuration.power_kva"),
        "{figures:?}"
    );
    assert!(gen2.with_ace.power_kva_estimate);
    let rows = gen2.with_ace.rows();
    let power = rows
        .iter()
        .find(|(name, _)| *name == "power")
        .expect("power row");
    assert!(power.1.ends_with("kVA (estimate)"), "{}", power.1);
}

#[test]
fn retired_and_unconfirmed_catalog_rows_say_so() {
    let catalog = LocationCatalog::embedded().expect("catalog");
    for retired in [
        "ap-northeast-2-wl1-cjj-wlz-1",
        "eu-central-1-wl1-ber-wlz-1",
        "eu-central-1-wl1-dtm-wlz-1",
        "eu-central-1-wl1-muc-wlz-1",
    ] {
        let zone = catalog.zone(retired).expect("kept, with its coordinates");
        assert_eq!(zone.status, ZoneStatus::Retired, "{retired}");
        assert!(zone.lat.is_some());
    }
    for added in [
        "ca-central-1-wl1-yto-wlz-1",
        "eu-west-2-wl1-lon-wlz-1",
        "eu-west-2-wl1-man-wlz-1",
        "us-east-1-abe-1a",
        "us-east-2-sbn-1a",
    ] {
        let zone = catalog.zone(added).expect("added");
        assert_eq!(zone.status, ZoneStatus::Active, "{added}");
    }
    assert_eq!(
        catalog
            .zone("ca-central-1-wl1-yto-wlz-1")
            .and_then(|z| z.carrier.as_deref()),
        Some("Bell")
    );
    let jackson = catalog.zone("us-east-2-jan-1a").expect("Jackson");
    assert_eq!(jackson.metro, "Jackson, MS");
    // Every row that carries a caveat is unconfirmed.
    for zone in &catalog.zones {
        if zone
            .note
            .as_deref()
            .is_some_and(|n| n.contains("not confirmed") || n.contains("verify"))
        {
            assert!(!zone.confirmed, "{}", zone.zone_name);
        }
    }
}
