//! Fleet syncs through an AWS Config aggregator against the emulator's `org:N` fixture, compared
//! with the direct organisation sync of the same fixture.

use std::collections::BTreeSet;

use edge_atlas::model::{EntityKind, Estate};
use edge_atlas_aws::{AccountSelection, SyncError, SyncOptions};
use edge_atlas_emulator::config_service::AGGREGATOR_NAME;
use edge_atlas_emulator::org_fixture::{MANAGEMENT_ACCOUNT_ID, member_account_id};
use edge_atlas_emulator::{EmulatorConfig, FaultConfig, FixtureSource, RunningEmulator};

use crate::common::{differences, sync, test_credentials};

const MEMBERS: u32 = 50;
const INFRASTRUCTURE: &str = edge_atlas::demo::DEMO_ACCOUNT_ID;
/// What AWS Config records, which both paths read.
const RECORDED: [EntityKind; 4] = [
    EntityKind::Instance,
    EntityKind::Vpc,
    EntityKind::Subnet,
    EntityKind::CarrierGateway,
];

fn organization(faults: FaultConfig) -> RunningEmulator {
    test_credentials();
    RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Org(MEMBERS),
        page_size: 100,
        faults,
        ..EmulatorConfig::default()
    })
    .expect("emulator starts")
}

fn options(emulator: &RunningEmulator, accounts: AccountSelection) -> SyncOptions {
    SyncOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        accounts,
        ..SyncOptions::default()
    }
}

fn through_config(name: &str) -> AccountSelection {
    AccountSelection::ConfigAggregator {
        name: name.to_owned(),
        region: Some("us-east-1".to_owned()),
        role_name: "EdgeAtlasReadOnly".to_owned(),
        external_id: None,
    }
}

fn directly() -> AccountSelection {
    AccountSelection::Organization {
        role_name: "EdgeAtlasReadOnly".to_owned(),
        external_id: None,
        only: Vec::new(),
        exclude: Vec::new(),
        organizational_unit: None,
    }
}

/// What AWS Config cannot give: the AMI's name and owner, which a direct sync takes from
/// EC2 `DescribeImages`.
fn without_image_facts(estate: &Estate) -> Estate {
    let mut estate = estate.clone();
    for instance in &mut estate.instances {
        instance.image_name = None;
        instance.image_owner_alias = None;
    }
    estate
}

fn ids(estate: &Estate, kind: EntityKind) -> BTreeSet<String> {
    estate
        .records(kind)
        .iter()
        .map(|record| {
            let mut record = record.clone();
            if let Some(fields) = record.as_object_mut() {
                fields.remove("account_id");
                fields.remove("shared_with");
            }
            record.to_string()
        })
        .collect()
}

#[test]
fn the_config_path_and_the_direct_path_give_the_same_entities_for_the_kinds_both_read() {
    let emulator = organization(FaultConfig::default());
    let direct = sync(&options(&emulator, directly())).expect("direct sync");
    emulator.state().reset_calls();
    let config = sync(&options(&emulator, through_config(AGGREGATOR_NAME))).expect("config sync");
    let calls = emulator.state().calls();
    assert!(
        config.meta.warnings.is_empty(),
        "{:?}",
        config.meta.warnings
    );

    // The kinds Config records: the same entities, field by field, in the same accounts.
    let problems = differences(
        &without_image_facts(&direct.estate),
        &without_image_facts(&config.estate),
        &RECORDED,
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The edge, read directly where it is: the same Outposts, racks and local gateways.
    for kind in [
        EntityKind::Outpost,
        EntityKind::Site,
        EntityKind::Asset,
        EntityKind::AssetInstance,
        EntityKind::LocalGateway,
        EntityKind::Vif,
        EntityKind::VifGroup,
        EntityKind::RouteTable,
        EntityKind::CoipPool,
        EntityKind::OutpostLag,
        EntityKind::ServiceLinkVif,
    ] {
        assert_eq!(
            ids(&config.estate, kind),
            ids(&direct.estate, kind),
            "{}",
            kind.as_str()
        );
    }
    // Every zone of a Region holding anything.
    let item_regions: BTreeSet<&str> = config
        .estate
        .vpcs
        .iter()
        .map(|vpc| vpc.region.as_str())
        .collect();
    let zones_there = |estate: &Estate| -> BTreeSet<String> {
        estate
            .zones
            .iter()
            .filter(|zone| item_regions.contains(zone.region_name.as_str()))
            .map(|zone| zone.zone_name.clone())
            .collect()
    };
    assert_eq!(zones_there(&config.estate), zones_there(&direct.estate));
    assert_eq!(config.estate.regions.len(), direct.estate.regions.len());

    // The Outposts are the infrastructure account's, used by the members with subnets on them.
    for outpost in &config.estate.outposts {
        assert_eq!(outpost.account_id, INFRASTRUCTURE);
        let users: BTreeSet<&str> = config
            .estate
            .subnets
            .iter()
            .filter(|subnet| subnet.outpost_arn.as_deref() == Some(outpost.outpost_arn.as_str()))
            .map(|subnet| subnet.account_id.as_str())
            .collect();
        let listed: BTreeSet<&str> = outpost.shared_with.iter().map(String::as_str).collect();
        assert_eq!(listed, users, "{}", outpost.outpost_id);
    }

    // Accounts: every one holding something, named from Organizations.
    let config_accounts: BTreeSet<&str> = config.meta.accounts.iter().map(String::as_str).collect();
    assert!(config_accounts.contains(INFRASTRUCTURE));
    assert!(config_accounts.contains(MANAGEMENT_ACCOUNT_ID));
    for vpc in &config.estate.vpcs {
        assert!(config_accounts.contains(vpc.account_id.as_str()));
    }
    assert_eq!(
        config.meta.account_names[&member_account_id(0)],
        "northwind-app-001"
    );

    // Far fewer requests: the edge accounts only, and never a Config kind's call.
    assert!(
        config.requests * 4 < direct.requests,
        "config {} requests, direct {}",
        config.requests,
        direct.requests
    );
    for (call, _) in &calls {
        for recorded_call in [
            "DescribeInstances",
            "DescribeVpcs",
            "DescribeSubnets",
            "DescribeCarrierGateways",
        ] {
            assert!(!call.ends_with(recorded_call), "{call} was called");
        }
    }
    assert!(
        calls
            .keys()
            .any(|call| call.contains("SelectAggregateResourceConfig"))
    );
}

#[test]
fn stale_items_unrecorded_types_and_unreadable_edge_accounts_are_warnings_and_the_rest_is_stored() {
    let stale = member_account_id(0);
    let emulator = organization(FaultConfig {
        config_stale_accounts: BTreeSet::from([stale.clone()]),
        config_unrecorded_types: BTreeSet::from(["AWS::EC2::CarrierGateway".to_owned()]),
        deny_roles: BTreeSet::from([INFRASTRUCTURE.to_owned()]),
        ..FaultConfig::default()
    });
    let outcome =
        sync(&options(&emulator, through_config(AGGREGATOR_NAME))).expect("stored anyway");
    let warnings = &outcome.meta.warnings;
    let stale_warning = warnings
        .iter()
        .find(|w| w.account_id.as_deref() == Some(stale.as_str()))
        .unwrap_or_else(|| panic!("no warning names {stale}: {warnings:?}"));
    assert!(
        stale_warning.message.contains("more than 7 days ago"),
        "{}",
        stale_warning.message
    );
    assert!(stale_warning.missing_kinds.is_empty());
    assert!(
        outcome
            .estate
            .vpcs
            .iter()
            .any(|vpc| vpc.account_id == stale),
        "stale items kept"
    );

    let unrecorded = warnings
        .iter()
        .find(|w| w.missing_kinds == [EntityKind::CarrierGateway])
        .unwrap_or_else(|| panic!("no warning about carrier gateways: {warnings:?}"));
    assert!(unrecorded.message.contains("AWS::EC2::CarrierGateway"));
    assert!(outcome.estate.carrier_gateways.is_empty());

    let role = warnings
        .iter()
        .find(|w| w.account_id.as_deref() == Some(INFRASTRUCTURE))
        .unwrap_or_else(|| panic!("no warning names the Outposts' owner: {warnings:?}"));
    assert_eq!(role.call, "sts:AssumeRole");
    assert!(outcome.estate.assets.is_empty(), "the owner was not read");
    assert!(!outcome.estate.instances.is_empty() && !outcome.estate.subnets.is_empty());
}

#[test]
fn an_aggregator_that_does_not_exist_stops_the_sync_with_what_to_do() {
    let emulator = organization(FaultConfig::default());
    match sync(&options(&emulator, through_config("no-such-aggregator"))) {
        Err(SyncError::ConfigAggregator { message, hint, .. }) => {
            assert!(
                message.contains("NoSuchConfigurationAggregatorException"),
                "{message}"
            );
            assert!(
                hint.contains("describe-configuration-aggregators"),
                "{hint}"
            );
        }
        other => panic!("expected a Config error, got {other:?}"),
    }
}
