//! Organisation syncs against the emulator's `org:N` fixture: the demo spread over N member
//! accounts, with its Outposts owned by one infrastructure account and shared with the members.

use std::collections::BTreeSet;

use edge_atlas::diff::{Snapshot, diff_snapshots};
use edge_atlas::model::{EntityKind, Estate};
use edge_atlas_aws::{AccountSelection, SyncOptions, SyncOutcome};
use edge_atlas_emulator::org_fixture::{MANAGEMENT_ACCOUNT_ID, member_account_id};
use edge_atlas_emulator::{EmulatorConfig, FaultConfig, FixtureSource, RunningEmulator};

use crate::common::{differences, fixture_kinds, sync, test_credentials};

const MEMBERS: u32 = 50;
const INFRASTRUCTURE: &str = edge_atlas::demo::DEMO_ACCOUNT_ID;

fn organization(faults: FaultConfig) -> RunningEmulator {
    test_credentials();
    RunningEmulator::start(EmulatorConfig {
        fixture: FixtureSource::Org(MEMBERS),
        page_size: 5,
        faults,
        ..EmulatorConfig::default()
    })
    .expect("emulator starts")
}

fn organization_options(emulator: &RunningEmulator, ou: Option<&str>) -> SyncOptions {
    SyncOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        accounts: AccountSelection::Organization {
            role_name: "EdgeAtlasReadOnly".to_owned(),
            external_id: None,
            only: Vec::new(),
            exclude: Vec::new(),
            organizational_unit: ou.map(str::to_owned),
        },
        ..SyncOptions::default()
    }
}

fn members() -> BTreeSet<String> {
    (0..MEMBERS as usize).map(member_account_id).collect()
}

/// The estate with every account id made the demo's and what only an organisation has
/// (`shared_with`, owners of subnets, the instances' accounts on asset instances) cleared: what
/// is left must be the demo exactly.
fn as_one_account(estate: &Estate) -> Estate {
    let mut estate = estate.clone();
    estate.reassign_accounts(|_, _| INFRASTRUCTURE.to_owned());
    for outpost in &mut estate.outposts {
        outpost.shared_with.clear();
    }
    for subnet in &mut estate.subnets {
        subnet.owner_id = None;
    }
    for running in &mut estate.asset_instances {
        running.instance_account_id = None;
    }
    estate
}

/// The accounts the estate's VPCs were read in.
fn vpc_accounts(estate: &Estate) -> BTreeSet<String> {
    estate
        .vpcs
        .iter()
        .map(|vpc| vpc.account_id.clone())
        .collect()
}

fn demo() -> Estate {
    edge_atlas::demo::demo().expect("demo").estate
}

#[test]
fn an_organisation_of_fifty_members_syncs_into_one_snapshot_of_fifty_two_accounts() {
    let emulator = organization(FaultConfig::default());
    let outcome: SyncOutcome = sync(&organization_options(&emulator, None)).expect("org sync");
    assert!(
        outcome.meta.warnings.is_empty(),
        "{:?}",
        outcome.meta.warnings
    );
    assert_eq!(
        outcome.meta.account_id.as_deref(),
        Some(MANAGEMENT_ACCOUNT_ID)
    );
    assert_eq!(outcome.meta.accounts.len(), MEMBERS as usize + 2);
    assert_eq!(outcome.meta.account_names.len(), MEMBERS as usize + 2);
    assert_eq!(
        outcome.meta.account_names[&member_account_id(0)],
        "northwind-app-001"
    );
    // One session per account entered by a role, shared by all its Regions' clients.
    let assumed: u64 = emulator
        .state()
        .calls()
        .iter()
        .filter(|(call, _)| call.ends_with(" AssumeRole"))
        .map(|(_, count)| count)
        .sum();
    assert_eq!(assumed, u64::from(MEMBERS) + 1);

    // Every entity of the demo once, whichever account it was read in.
    let problems = differences(
        &as_one_account(&demo()),
        &as_one_account(&outcome.estate),
        &fixture_kinds(),
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    // The shared Outposts: once each, as the owner's, with every member that sees them.
    let members = members();
    for outpost in &outcome.estate.outposts {
        assert_eq!(outpost.account_id, INFRASTRUCTURE);
        assert_eq!(outpost.owner_id.as_deref(), Some(INFRASTRUCTURE));
        assert_eq!(
            outpost.shared_with.iter().cloned().collect::<BTreeSet<_>>(),
            members
        );
    }
    // What runs in the VPCs is the members'; the racks are the infrastructure account's.
    assert!(vpc_accounts(&outcome.estate).is_subset(&members));
    for instance in &outcome.estate.instances {
        let vpc = outcome
            .estate
            .vpcs
            .iter()
            .find(|vpc| Some(&vpc.vpc_id) == instance.vpc_id.as_ref())
            .expect("the instance's VPC");
        assert_eq!(instance.account_id, vpc.account_id);
    }
    assert!(
        outcome
            .estate
            .assets
            .iter()
            .all(|asset| asset.account_id == INFRASTRUCTURE)
    );
    assert!(outcome.estate.asset_instances.iter().all(|running| {
        running
            .instance_account_id
            .as_ref()
            .is_some_and(|account| members.contains(account))
    }));
}

#[test]
fn accounts_that_cannot_be_read_are_warnings_naming_them_and_the_rest_is_stored() {
    let role_missing = member_account_id(2);
    let access_denied = member_account_id(6);
    let suspended = member_account_id(9);
    let emulator = organization(FaultConfig {
        deny_roles: BTreeSet::from([role_missing.clone()]),
        access_denied_accounts: BTreeSet::from([access_denied.clone()]),
        suspended_accounts: BTreeSet::from([suspended.clone()]),
        ..FaultConfig::default()
    });
    let outcome = sync(&organization_options(&emulator, None)).expect("stored anyway");
    let read: BTreeSet<&str> = outcome.meta.accounts.iter().map(String::as_str).collect();
    assert_eq!(read.len(), MEMBERS as usize + 2 - 3);
    for missing in [&role_missing, &access_denied, &suspended] {
        assert!(!read.contains(missing.as_str()), "{missing} was read");
        let warning = outcome
            .meta
            .warnings
            .iter()
            .find(|warning| warning.account_id.as_ref() == Some(missing))
            .unwrap_or_else(|| panic!("no warning names {missing}: {:?}", outcome.meta.warnings));
        assert!(
            warning.message.contains(missing.as_str()),
            "{}",
            warning.message
        );
    }
    let assume = outcome
        .meta
        .warnings
        .iter()
        .find(|warning| warning.account_id.as_ref() == Some(&role_missing))
        .expect("the role's warning");
    assert_eq!(assume.call, "sts:AssumeRole");
    assert_eq!(assume.iam_action.as_deref(), Some("sts:AssumeRole"));
    assert!(
        assume.message.contains("EdgeAtlasReadOnly"),
        "{}",
        assume.message
    );
    let denied = outcome
        .meta
        .warnings
        .iter()
        .find(|warning| warning.account_id.as_ref() == Some(&access_denied))
        .expect("the denied account's warning");
    assert!(
        denied.message.contains("not authorized"),
        "{}",
        denied.message
    );
    assert_eq!(
        outcome.meta.warnings.len(),
        3,
        "{:?}",
        outcome.meta.warnings
    );

    // Everything of the other accounts is there: the racks, and the members' VPCs.
    assert_eq!(outcome.estate.outposts.len(), demo().outposts.len());
    assert_eq!(outcome.estate.assets.len(), demo().assets.len());
    let read_vpcs_in = vpc_accounts(&outcome.estate);
    for missing in [&role_missing, &access_denied, &suspended] {
        assert!(!read_vpcs_in.contains(missing));
    }
    assert!(!outcome.estate.vpcs.is_empty());

    // Between this snapshot and a complete one, the unread accounts' entities are not fetched,
    // never removed.
    let complete_emulator = organization(FaultConfig::default());
    let complete = sync(&organization_options(&complete_emulator, None)).expect("complete");
    let changes = diff_snapshots(
        Snapshot {
            estate: &complete.estate,
            warnings: &complete.meta.warnings,
            account_id: complete.meta.account_id.as_deref(),
        },
        Snapshot {
            estate: &outcome.estate,
            warnings: &outcome.meta.warnings,
            account_id: outcome.meta.account_id.as_deref(),
        },
    )
    .expect("diff");
    assert!(changes.removed.is_empty(), "{:?}", changes.removed);
    assert!(changes.added.is_empty(), "{:?}", changes.added);
    let not_fetched_accounts: BTreeSet<&str> = changes
        .not_fetched
        .iter()
        .filter(|gap| !gap.ids.is_empty())
        .filter_map(|gap| gap.account_id.as_deref())
        .collect();
    assert!(not_fetched_accounts.contains(role_missing.as_str()));
    let vpcs_not_fetched: usize = changes
        .not_fetched
        .iter()
        .filter(|gap| gap.kind == EntityKind::Vpc)
        .map(|gap| gap.ids.len())
        .sum();
    let vpcs_missing = complete.estate.vpcs.len() - outcome.estate.vpcs.len();
    assert_eq!(vpcs_not_fetched, vpcs_missing);
}

#[test]
fn an_organisational_unit_is_read_with_the_units_below_it() {
    let emulator = organization(FaultConfig::default());
    let outcome = sync(&organization_options(&emulator, Some("ou-edge-apps0001"))).expect("ou");
    // The Applications unit holds every second member directly and the rest in its EMEA unit;
    // the management account is the caller and is read too only when the unit holds it.
    let read: BTreeSet<String> = outcome.meta.accounts.iter().cloned().collect();
    assert_eq!(read, members());
    // Without the owner's account, the shared Outposts are still there once, as first read.
    assert_eq!(outcome.estate.outposts.len(), demo().outposts.len());
    for outpost in &outcome.estate.outposts {
        assert_eq!(outpost.owner_id.as_deref(), Some(INFRASTRUCTURE));
        assert_eq!(outpost.account_id, member_account_id(0));
        assert_eq!(outpost.shared_with.len(), MEMBERS as usize - 1);
    }
    assert!(
        outcome.estate.assets.is_empty(),
        "assets are the owner's to list"
    );
}

#[test]
fn role_arns_read_the_named_accounts_besides_the_callers() {
    let emulator = organization(FaultConfig::default());
    let options = SyncOptions {
        endpoint_url: Some(emulator.endpoint_url()),
        accounts: AccountSelection::Roles {
            role_arns: vec![
                format!("arn:aws:iam::{INFRASTRUCTURE}:role/EdgeAtlasReadOnly"),
                format!(
                    "arn:aws:iam::{}:role/EdgeAtlasReadOnly",
                    member_account_id(0)
                ),
            ],
            profiles: Vec::new(),
            external_id: Some("edge-atlas-test".to_owned()),
        },
        ..SyncOptions::default()
    };
    let outcome = sync(&options).expect("roles");
    assert_eq!(
        outcome.meta.accounts,
        [
            MANAGEMENT_ACCOUNT_ID.to_owned(),
            INFRASTRUCTURE.to_owned(),
            member_account_id(0)
        ]
    );
    assert!(
        outcome.meta.warnings.is_empty(),
        "{:?}",
        outcome.meta.warnings
    );
    assert_eq!(outcome.estate.assets.len(), demo().assets.len());
    for outpost in &outcome.estate.outposts {
        assert_eq!(outpost.shared_with, [member_account_id(0)]);
    }
}

#[test]
fn an_account_outside_an_organisation_is_told_what_to_do() {
    let emulator = crate::common::emulator(FaultConfig::default());
    let options = organization_options(&emulator, None);
    let error = match sync(&options) {
        Ok(_) => panic!("the demo account is in no organisation"),
        Err(error) => error.to_string(),
    };
    assert!(
        error.contains("AWSOrganizationsNotInUseException"),
        "{error}"
    );
    assert!(error.contains("without --organization"), "{error}");
}
