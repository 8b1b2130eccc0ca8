//! Syncs against the project's AWS emulator over real HTTP with the real SDK.

use crate::common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use common::{differences, emulator, fixture_kinds, options, sync};
use edge_atlas::model::{EntityKind, Estate};
use edge_atlas_aws::{Cancel, SyncError};
use edge_atlas_emulator::FaultConfig;

fn demo_estate() -> Estate {
    edge_atlas::demo::demo().expect("demo").estate
}

#[test]
fn a_sync_of_the_demo_stores_exactly_what_the_emulator_serves() {
    let emulator = emulator(FaultConfig::default());
    let outcome = sync(&options(&emulator)).expect("sync");
    let problems = differences(&demo_estate(), &outcome.estate, &fixture_kinds());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        outcome.meta.warnings.is_empty(),
        "{:?}",
        outcome.meta.warnings
    );
    assert_eq!(outcome.meta.account_id.as_deref(), Some("123456789012"));
    // Offerings: what the emulator offers in each edge zone and on each Outpost.
    let fixture = &emulator.state().fixture;
    for offering in &outcome.estate.instance_type_offerings {
        let served: BTreeSet<&str> = fixture
            .region(&fixture.account_id, &offering.region)
            .offerings
            .iter()
            .filter(|o| {
                o.location == offering.location && o.location_type == offering.location_type
            })
            .map(|o| o.instance_type.as_str())
            .collect();
        let synced: BTreeSet<&str> = offering.instance_types.iter().map(String::as_str).collect();
        assert_eq!(served, synced, "{}", offering.location);
    }
    let locations: BTreeSet<&str> = outcome
        .estate
        .instance_type_offerings
        .iter()
        .map(|o| o.location.as_str())
        .collect();
    assert!(locations.contains("us-west-2-lax-1a"), "{locations:?}");
    assert!(
        locations.iter().any(|l| l.contains(":outpost/op-")),
        "{locations:?}"
    );
    // Every enabled Region was synced; Regions without an Outposts endpoint were not asked.
    let calls = emulator.state().calls();
    assert!(
        calls
            .keys()
            .any(|key| key.starts_with("ec2 ap-southeast-2 "))
    );
    assert!(
        !calls
            .keys()
            .any(|key| key.starts_with("outposts ca-west-1 "))
    );
}

#[test]
fn throttling_and_server_errors_are_retried_until_the_estate_is_complete() {
    // 20% throttling and 5% 5xx, with the default options: no flag needed to complete.
    let emulator = emulator(FaultConfig {
        throttle_rate: 0.20,
        server_error_rate: 0.05,
        seed: 42,
        ..FaultConfig::default()
    });
    let outcome = sync(&options(&emulator)).expect("sync");
    let problems = differences(&demo_estate(), &outcome.estate, &fixture_kinds());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        outcome.meta.warnings.is_empty(),
        "{:?}",
        outcome.meta.warnings
    );
    let served: u64 = emulator.state().calls().values().sum();
    assert!(
        served > outcome.requests,
        "faults forced retries ({served} served for {} requests)",
        outcome.requests
    );
}

#[test]
fn a_region_answering_access_denied_is_a_warning_and_the_rest_is_stored() {
    let emulator = emulator(FaultConfig {
        access_denied_regions: ["eu-central-1".to_owned()].into(),
        ..FaultConfig::default()
    });
    let outcome = sync(&options(&emulator)).expect("sync");
    let mut expected = demo_estate();
    // Everything observed in eu-central-1 is missing, nothing else.
    let regions = std::mem::take(&mut expected.regions);
    let mut by_region = expected.split_by_region();
    by_region.remove("eu-central-1");
    let mut expected = Estate {
        regions,
        ..Estate::default()
    };
    for part in by_region.into_values() {
        expected.append(part);
    }
    let problems = differences(&expected, &outcome.estate, &fixture_kinds());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let warnings = &outcome.meta.warnings;
    assert!(!warnings.is_empty());
    assert!(
        warnings
            .iter()
            .all(|w| w.region.as_deref() == Some("eu-central-1"))
    );
    let actions: BTreeSet<&str> = warnings
        .iter()
        .filter_map(|w| w.iam_action.as_deref())
        .collect();
    for action in [
        "ec2:DescribeVpcs",
        "ec2:DescribeLocalGatewayVirtualInterfaces",
        "outposts:ListOutposts",
    ] {
        assert!(actions.contains(action), "{action} in {actions:?}");
    }
    let vpcs = warnings
        .iter()
        .find(|w| w.call == "ec2:DescribeVpcs")
        .expect("vpc warning");
    assert_eq!(vpcs.missing_kinds, vec![EntityKind::Vpc]);
}

#[test]
fn a_policy_without_list_asset_instances_loses_only_the_host_usage_and_says_so() {
    let emulator = emulator(FaultConfig {
        access_denied_operations: ["ListAssetInstances".to_owned()].into(),
        ..FaultConfig::default()
    });
    let outcome = sync(&options(&emulator)).expect("sync");
    let others: Vec<EntityKind> = fixture_kinds()
        .into_iter()
        .filter(|kind| *kind != EntityKind::AssetInstance)
        .collect();
    let problems = differences(&demo_estate(), &outcome.estate, &others);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(outcome.estate.asset_instances.is_empty());
    // One warning per Outpost, naming the IAM action and what is missing.
    let warnings = &outcome.meta.warnings;
    assert_eq!(warnings.len(), demo_estate().outposts.len(), "{warnings:?}");
    for warning in warnings {
        assert_eq!(
            warning.iam_action.as_deref(),
            Some("outposts:ListAssetInstances")
        );
        assert_eq!(warning.missing_kinds, vec![EntityKind::AssetInstance]);
        assert!(warning.outpost_id.is_some(), "{warning:?}");
    }
    // The capacity tasks came through ListCapacityTasks + GetCapacityTask, pools included.
    assert!(
        outcome
            .estate
            .capacity_tasks
            .iter()
            .all(|task| !task.requested_instance_pools.is_empty())
    );
    // What the hosts run is then unknown, and nothing claims a slot is free.
    let usage = edge_atlas::host_usage::outpost_usage(
        &outcome.estate,
        &outcome.estate.outposts[0].outpost_id,
    );
    assert_eq!(usage.usage, edge_atlas::host_usage::Usage::NotSynced);
    assert!(usage.free_slots().is_empty());
}

#[test]
fn expired_credentials_stop_the_sync_before_any_region() {
    let emulator = emulator(FaultConfig {
        expired_credentials: true,
        ..FaultConfig::default()
    });
    let error = sync(&options(&emulator)).expect_err("refused");
    let text = error.to_string();
    assert!(matches!(error, SyncError::Credentials { .. }), "{text}");
    assert!(text.contains("expired"), "{text}");
    assert!(text.contains("default chain"), "{text}");
    let calls = emulator.state().calls();
    assert!(calls.keys().all(|key| key.starts_with("sts ")), "{calls:?}");
}

#[test]
fn an_endpoint_nothing_listens_on_is_named_as_unreachable_not_as_bad_credentials() {
    common::test_credentials();
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let error = sync(&edge_atlas_aws::SyncOptions {
        endpoint_url: Some(endpoint.clone()),
        max_attempts: 1,
        ..edge_atlas_aws::SyncOptions::default()
    })
    .expect_err("nothing to reach");
    let text = error.to_string();
    assert!(matches!(error, SyncError::Unreachable { .. }), "{text}");
    assert!(text.contains(&endpoint), "{text}");
    assert!(!text.contains("credentials"), "{text}");
}

#[test]
fn a_region_without_an_outposts_endpoint_has_no_outposts_and_no_warning() {
    let emulator = emulator(FaultConfig {
        no_outposts_regions: ["ap-northeast-1".to_owned()].into(),
        ..FaultConfig::default()
    });
    let outcome = sync(&options(&emulator)).expect("sync");
    assert!(
        outcome.meta.warnings.is_empty(),
        "{:?}",
        outcome.meta.warnings
    );
    assert!(
        outcome
            .estate
            .outposts
            .iter()
            .all(|o| o.region != "ap-northeast-1")
    );
    assert!(
        outcome
            .estate
            .outposts
            .iter()
            .any(|o| o.region == "us-east-2")
    );
}

#[test]
fn chosen_regions_only_and_unknown_regions_refused() {
    let emulator = emulator(FaultConfig::default());
    let mut chosen = options(&emulator);
    chosen.regions = vec!["us-east-2".to_owned(), "us-west-2".to_owned()];
    let outcome = sync(&chosen).expect("sync");
    let observed: BTreeSet<String> = outcome
        .estate
        .zones
        .iter()
        .map(|z| z.region_name.clone())
        .collect();
    assert_eq!(
        observed,
        ["us-east-2".to_owned(), "us-west-2".to_owned()].into()
    );
    assert_eq!(outcome.meta.regions, vec!["us-east-2", "us-west-2"]);
    chosen.regions = vec!["xx-nowhere-1".to_owned()];
    assert!(matches!(sync(&chosen), Err(SyncError::UnknownRegion(_))));
}

#[test]
fn a_cancelled_sync_returns_promptly_with_nothing() {
    let emulator = emulator(FaultConfig {
        latency_ms: 300,
        ..FaultConfig::default()
    });
    let options = options(&emulator);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let cancel = Cancel::new();
    let (events, _received) = tokio::sync::mpsc::unbounded_channel();
    let started = Instant::now();
    let result = runtime.block_on(async {
        let trigger = cancel.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(700)).await;
            trigger.cancel();
        });
        edge_atlas_aws::sync_estate(&options, events, cancel).await
    });
    assert!(matches!(result, Err(SyncError::Cancelled)), "{result:?}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
}
