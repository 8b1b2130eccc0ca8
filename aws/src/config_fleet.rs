//! A fleet sync through AWS Config (`sync --config-aggregator NAME`): what Config records comes
//! from one aggregator, and only the edge is read account by account.
//!
//! 1. One paged `SelectAggregateResourceConfig` query gives every instance, VPC, subnet and
//!    carrier gateway the aggregator's accounts and Regions recorded
//!    ([`crate::config_aggregator`]).
//! 2. From those, the edge footprint ([`edge_atlas::fleet::edge_footprint`]): the accounts that
//!    own an Outpost something runs on, and the accounts with something in a Local Zone or
//!    Wavelength Zone, each in its Regions.
//! 3. Only there, and only the calls Config does not stand in for (zones, offerings, Outposts,
//!    sites, assets, local gateways and their VIFs, route tables, CoIP pools, LAGs), are made
//!    directly, through the role each account is entered by, exactly as an organisation sync
//!    makes them ([`crate::fleet::read_accounts`]).
//! 4. The zones of the other Regions holding items come from the caller's own account, one
//!    `DescribeAvailabilityZones` per Region.
//!
//! A fleet of thousands of accounts then costs a few queries plus its edge accounts. Items
//! Config last captured more than [`STALE_AFTER_DAYS`] ago are kept and warned about per
//! account and Region; a recorded type the aggregator holds none of is warned about (it may not
//! be recorded), and its kind counts as not fetched.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use aws_sdk_ec2::config::Region as SdkRegion;
use edge_atlas::fleet::{AccountEstate, edge_footprint, merge_account_estates, note_outpost_users};
use edge_atlas::model::{EntityKind, Estate, Warning};
use tokio::sync::{Semaphore, mpsc};

use crate::config_aggregator::{self, ConfigItem, RECORDED_TYPES};
use crate::events::SyncEvent;
use crate::failure::CallFailure;
use crate::fleet::{FleetRead, Target, names_of, read_accounts};
use crate::options::SyncOptions;
use crate::rate_limit::LimitKey;
use crate::region::{ReadScope, RegionContext, Retrying};
use crate::run::{AccountPlan, Caller, SyncError};

/// Items captured longer ago than this are warned about (this product's policy: a recorder
/// recording daily is at most a day behind; a week means it stopped).
pub const STALE_AFTER_DAYS: i64 = 7;
/// The call the Config warnings name.
const CONFIG_CALL: &str = "config:SelectAggregateResourceConfig";

/// Where the aggregator is and how edge accounts are entered.
#[derive(Debug, Clone)]
pub(crate) struct AggregatorChoice<'a> {
    /// The aggregator's name.
    pub name: &'a str,
    /// Its Region (`None`: the caller's home Region).
    pub region: Option<&'a str>,
    /// The role assumed in each edge account.
    pub role_name: &'a str,
    /// The external id the roles' trust policies ask for, if any.
    pub external_id: Option<&'a str>,
}

/// Syncs the fleet through `aggregator` (see the module documentation).
pub(crate) async fn sync_via_config(
    caller: &Caller,
    options: &SyncOptions,
    retrying: &Retrying,
    events: &mpsc::UnboundedSender<SyncEvent>,
    aggregator: &AggregatorChoice<'_>,
) -> Result<FleetRead, SyncError> {
    let aggregator_region = aggregator.region.unwrap_or(&caller.home).to_owned();
    let client = aws_sdk_config::Client::from_conf(
        aws_sdk_config::config::Builder::from(&caller.config)
            .region(SdkRegion::new(aggregator_region.clone()))
            .build(),
    );
    let limiter = retrying.limits.limiter(LimitKey {
        account_id: caller.account_id.clone(),
        region: aggregator_region.clone(),
        service: "config",
    });
    // The query, the caller's Region list and the account names, at once.
    let (home_events, _) = mpsc::unbounded_channel();
    let home_context = RegionContext::new(
        &caller.home,
        &caller.account_id,
        options.page_size,
        1,
        retrying,
        home_events,
    );
    let home_ec2 = ec2_client(caller, &caller.home);
    let (selected, regions, (names, names_requests)) = tokio::join!(
        config_aggregator::select_items(&client, &retrying.policy, &limiter, aggregator.name),
        crate::run::select_regions(options, &home_context, &home_ec2),
        account_names(caller, retrying),
    );
    let mut selected = selected
        .map_err(|failure| aggregator_error(aggregator.name, &aggregator_region, &failure))?;
    let (regions, _) = regions?;
    let mut requests = selected.requests + 1 + names_requests;
    if !options.regions.is_empty() {
        selected
            .items
            .retain(|item| options.regions.contains(&item.region));
    }
    let mut warnings = item_warnings(aggregator.name, &selected.items, selected.unreadable_rows);
    let recorded = config_aggregator::estate_from_items(&selected.items);
    let mut warnings_about_types = unrecorded_type_warnings(aggregator.name, &recorded);
    warnings.append(&mut warnings_about_types);

    // The edge, read directly, account by account, and meanwhile the zones of every Region
    // holding items, from the caller's account.
    let mut edge: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (account, region) in edge_footprint(&recorded) {
        edge.entry(account).or_default().push(region);
    }
    let targets: Vec<Target> = edge
        .keys()
        .map(|account| {
            Target::in_account(
                caller,
                account,
                names.get(account).cloned().unwrap_or_default(),
                aggregator.role_name,
                aggregator.external_id,
            )
        })
        .collect();
    let mut account_names = names_of(&targets);
    let item_regions: BTreeSet<String> = selected
        .items
        .iter()
        .map(|item| item.region.clone())
        .collect();
    let (edge_read, zones) = tokio::join!(
        read_accounts(caller, targets, options, retrying, events, |target| {
            AccountPlan {
                announce: false,
                regions: edge.get(&target.account_id).cloned(),
                scope: ReadScope::NotRecordedByConfig,
            }
        }),
        caller_zones(caller, options, retrying, events, &item_regions),
    );
    requests += edge_read.requests + zones.requests;
    warnings.extend(edge_read.warnings);
    warnings.extend(zones.warnings);

    // One estate: Config's items by account, the edge reads and the caller's zones.
    let mut by_account: BTreeMap<String, Estate> = BTreeMap::new();
    for (account, estate) in recorded.split_by_account() {
        by_account.entry(account).or_default().append(estate);
    }
    for read in edge_read.reads {
        by_account
            .entry(read.account_id)
            .or_default()
            .append(read.estate);
    }
    by_account
        .entry(caller.account_id.clone())
        .or_default()
        .append(zones.estate);
    let accounts: Vec<String> = by_account.keys().cloned().collect();
    let mut estate = merge_account_estates(
        by_account
            .into_iter()
            .map(|(account_id, estate)| AccountEstate { account_id, estate })
            .collect(),
    );
    note_outpost_users(&mut estate);
    estate.regions = regions;
    for account in &accounts {
        if let Some(name) = names.get(account) {
            account_names.insert(account.clone(), name.clone());
        }
    }
    warnings.sort_by(|a, b| {
        (&a.account_id, &a.region, &a.call).cmp(&(&b.account_id, &b.region, &b.call))
    });
    Ok(FleetRead {
        estate,
        warnings,
        regions: item_regions.into_iter().collect(),
        requests,
        accounts,
        account_names,
    })
}

fn ec2_client(caller: &Caller, region: &str) -> aws_sdk_ec2::Client {
    aws_sdk_ec2::Client::from_conf(
        aws_sdk_ec2::config::Builder::from(&caller.config)
            .region(SdkRegion::new(region.to_owned()))
            .build(),
    )
}

/// The organisation's account names when the caller may list them; none otherwise (a Config
/// aggregator does not need an organisation's management account).
async fn account_names(caller: &Caller, retrying: &Retrying) -> (BTreeMap<String, String>, u64) {
    let region = crate::fleet::ORGANIZATIONS_REGION;
    let client = aws_sdk_organizations::Client::from_conf(
        aws_sdk_organizations::config::Builder::from(&caller.config)
            .region(SdkRegion::new(region))
            .build(),
    );
    let limiter = retrying.limits.limiter(LimitKey {
        account_id: caller.account_id.clone(),
        region: region.to_owned(),
        service: "organizations",
    });
    match crate::organization::list_accounts(&client, &retrying.policy, &limiter, None).await {
        Ok((accounts, requests)) => (
            accounts
                .into_iter()
                .map(|account| (account.account_id, account.name))
                .collect(),
            requests,
        ),
        Err(failure) => {
            tracing::info!("no account names: {}", failure.message);
            (BTreeMap::new(), 1)
        }
    }
}

/// What the caller's zone reads found.
struct ZonesRead {
    estate: Estate,
    warnings: Vec<Warning>,
    requests: u64,
}

/// `DescribeAvailabilityZones` in each of `regions`, with the caller's credentials, under the
/// Region bound.
async fn caller_zones(
    caller: &Caller,
    options: &SyncOptions,
    retrying: &Retrying,
    events: &mpsc::UnboundedSender<SyncEvent>,
    regions: &BTreeSet<String>,
) -> ZonesRead {
    let permits = Arc::new(Semaphore::new(options.region_concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for region in regions {
        let context = Arc::new(RegionContext::new(
            region,
            &caller.account_id,
            options.page_size,
            1,
            retrying,
            events.clone(),
        ));
        let (client, permits) = (ec2_client(caller, region), Arc::clone(&permits));
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let zones = context
                .run("ec2:DescribeAvailabilityZones", &[EntityKind::Zone], || {
                    crate::ec2::zones(&context, &client)
                })
                .await;
            (zones.unwrap_or_default(), context.finish())
        });
    }
    let mut read = ZonesRead {
        estate: Estate::default(),
        warnings: Vec::new(),
        requests: regions.len() as u64,
    };
    while let Some(joined) = tasks.join_next().await {
        if let Ok((zones, warnings)) = joined {
            read.estate.zones.extend(zones);
            read.warnings.extend(warnings);
        }
    }
    read
}

/// Warnings about the items: one per account and Region whose items were last captured
/// more than [`STALE_AFTER_DAYS`] ago, and one for rows the sync could not read.
fn item_warnings(aggregator: &str, items: &[ConfigItem], unreadable_rows: usize) -> Vec<Warning> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |elapsed| elapsed.as_secs() as i64);
    let cutoff = now - STALE_AFTER_DAYS * 86_400;
    // (account, Region) -> (stale items, the oldest capture time)
    let mut stale: BTreeMap<(&str, &str), (usize, &str, i64)> = BTreeMap::new();
    for item in items {
        let Some(captured) = item.captured_at.as_deref() else {
            continue;
        };
        let Some(seconds) = epoch_seconds(captured) else {
            continue;
        };
        if seconds < cutoff {
            let entry = stale
                .entry((&item.account_id, &item.region))
                .or_insert((0, captured, seconds));
            entry.0 += 1;
            if seconds < entry.2 {
                (entry.1, entry.2) = (captured, seconds);
            }
        }
    }
    let mut warnings: Vec<Warning> = stale
        .into_iter()
        .map(|((account, region), (count, oldest, _))| Warning {
            region: Some(region.to_owned()),
            call: CONFIG_CALL.to_owned(),
            message: format!(
                "AWS Config last captured {count} of account {account}'s items in {region} more than {STALE_AFTER_DAYS} days ago (the oldest at {oldest}): they are stored but may be out of date; check the account's configuration recorder, or sync the account directly with --role-arn"
            ),
            iam_action: None,
            missing_kinds: Vec::new(),
            outpost_id: None,
            account_id: Some(account.to_owned()),
        })
        .collect();
    if unreadable_rows > 0 {
        warnings.push(Warning {
            region: None,
            call: CONFIG_CALL.to_owned(),
            message: format!(
                "{unreadable_rows} rows of aggregator {aggregator}'s answer had no account, Region or resource id and were skipped"
            ),
            iam_action: None,
            missing_kinds: Vec::new(),
            outpost_id: None,
            account_id: None,
        });
    }
    warnings
}

/// One warning per type Config was asked for and holds none of (perhaps not recorded): its
/// kind counts as not fetched in every account. Carrier gateways are expected only where
/// something runs in a Wavelength Zone.
fn unrecorded_type_warnings(aggregator: &str, recorded: &Estate) -> Vec<Warning> {
    let in_wavelength = recorded
        .subnets
        .iter()
        .any(|subnet| subnet.availability_zone.contains("-wlz-"));
    RECORDED_TYPES
        .iter()
        .filter(|(_, kind)| match kind {
            EntityKind::Instance => recorded.instances.is_empty(),
            EntityKind::Vpc => recorded.vpcs.is_empty(),
            EntityKind::Subnet => recorded.subnets.is_empty(),
            EntityKind::CarrierGateway => in_wavelength && recorded.carrier_gateways.is_empty(),
            _ => false,
        })
        .map(|(resource_type, kind)| Warning {
            region: None,
            call: CONFIG_CALL.to_owned(),
            message: format!(
                "aggregator {aggregator} holds no {resource_type}: either there are none, or the accounts' configuration recorders do not record the type; record it (AWS Config settings, or an organisation conformance pack), or sync without --config-aggregator"
            ),
            iam_action: None,
            missing_kinds: vec![*kind],
            outpost_id: None,
            account_id: None,
        })
        .collect()
}

/// Seconds since the Unix epoch of an ISO 8601 time (`2026-11-30T10:00:00.000Z`).
fn epoch_seconds(time: &str) -> Option<i64> {
    use aws_sdk_config::primitives::{DateTime, DateTimeFormat};
    DateTime::from_str(time, DateTimeFormat::DateTime)
        .ok()
        .map(|parsed| parsed.secs())
}

fn aggregator_error(name: &str, region: &str, failure: &CallFailure) -> SyncError {
    let hint = match failure.code.as_deref() {
        Some("NoSuchConfigurationAggregatorException") => format!(
            "Check the name and its Region: `aws configservice describe-configuration-aggregators --region {region}` lists the aggregators; give the Region with --config-region."
        ),
        _ if failure.is_permission() => "Allow config:SelectAggregateResourceConfig on the aggregator to the caller (the README lists the IAM each source needs), or sync with --organization instead.".to_owned(),
        _ => "Check the network and rerun; nothing was stored.".to_owned(),
    };
    SyncError::ConfigAggregator {
        name: name.to_owned(),
        message: match &failure.code {
            Some(code) => format!("{code}: {}", failure.message),
            None => failure.message.clone(),
        },
        hint,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn item(account: &str, region: &str, captured: &str) -> ConfigItem {
        ConfigItem {
            account_id: account.to_owned(),
            region: region.to_owned(),
            resource_type: "AWS::EC2::VPC".to_owned(),
            resource_id: "vpc-1".to_owned(),
            captured_at: Some(captured.to_owned()),
            configuration: Value::Null,
        }
    }

    #[test]
    fn old_items_are_one_warning_per_account_and_region_naming_the_oldest() {
        let items = [
            item("111", "us-west-2", "2020-01-02T00:00:00.000Z"),
            item("111", "us-west-2", "2020-01-01T00:00:00.000Z"),
            item("111", "us-east-1", "2999-01-01T00:00:00.000Z"),
            item("222", "us-west-2", "not a time"),
        ];
        let warnings = item_warnings("org", &items, 2);
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert_eq!(warnings[0].account_id.as_deref(), Some("111"));
        assert!(
            warnings[0]
                .message
                .contains("2 of account 111's items in us-west-2")
        );
        assert!(warnings[0].message.contains("2020-01-01T00:00:00.000Z"));
        assert!(warnings[0].missing_kinds.is_empty(), "stale items are kept");
        assert!(warnings[1].message.starts_with("2 rows"));
    }

    #[test]
    fn a_type_the_aggregator_holds_none_of_is_not_fetched() {
        let demo = edge_atlas::demo::demo().expect("demo").estate;
        let mut recorded = Estate {
            vpcs: demo.vpcs.clone(),
            subnets: demo.subnets.clone(),
            ..Estate::default()
        };
        let warnings = unrecorded_type_warnings("org", &recorded);
        let kinds: Vec<EntityKind> = warnings
            .iter()
            .flat_map(|w| w.missing_kinds.clone())
            .collect();
        assert!(kinds.contains(&EntityKind::Instance));
        let wavelength = demo
            .subnets
            .iter()
            .any(|s| s.availability_zone.contains("-wlz-"));
        assert_eq!(kinds.contains(&EntityKind::CarrierGateway), wavelength);
        recorded.instances = demo.instances.clone();
        recorded.carrier_gateways = demo.carrier_gateways.clone();
        assert!(unrecorded_type_warnings("org", &recorded).is_empty());
    }
}
