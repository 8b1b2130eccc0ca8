//! An organisation sync: many accounts into one snapshot.
//!
//! The accounts come from AWS Organizations (`--organization`) or from role ARNs given one by
//! one (`--role-arn`). The caller's own account is read with its own credentials; every other
//! account through a role assumed with the caller's ([`crate::assume_role`]). Accounts are read
//! concurrently, at most `account_concurrency` at once, each one exactly as a single-account
//! sync reads its Regions, and every request waits for the one rate limiter of its account,
//! Region and service. An account that cannot be read (no role, access denied, suspended)
//! becomes a warning naming it and what to do, and the rest is stored. The reads are merged
//! into one estate ([`edge_atlas::fleet::merge_account_estates`]): a resource shared through
//! AWS RAM is kept once, as its owner's, with the accounts that see it.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use aws_sdk_ec2::config::Region as SdkRegion;
use edge_atlas::fleet::{AccountEstate, merge_account_estates};
use edge_atlas::model::{EntityKind, Estate, Warning};
use tokio::sync::{Semaphore, mpsc};

use crate::assume_role::{self, RoleToAssume};
use crate::events::{AccountProgress, SyncEvent};
use crate::failure::CallFailure;
use crate::options::{AccountSelection, SyncOptions};
use crate::organization::{self, OrganizationAccount};
use crate::rate_limit::LimitKey;
use crate::region::Retrying;
use crate::run::{AccountPlan, Caller, SyncError, sync_account};

/// The Region AWS Organizations answers in (its one endpoint is in us-east-1).
pub(crate) const ORGANIZATIONS_REGION: &str = "us-east-1";

/// What an organisation sync found.
pub(crate) struct FleetRead {
    /// Every account's entities, merged.
    pub estate: Estate,
    /// Every account's warnings and the accounts not read, sorted by account, Region and call.
    pub warnings: Vec<Warning>,
    /// The Regions synced in any account, sorted.
    pub regions: Vec<String>,
    /// Requests made.
    pub requests: u64,
    /// The accounts read, sorted.
    pub accounts: Vec<String>,
    /// Account names by id (from Organizations).
    pub account_names: BTreeMap<String, String>,
}

/// One account to read: its id, its name and how to get in.
#[derive(Debug, Clone)]
pub(crate) struct Target {
    /// The account.
    pub account_id: String,
    /// Its name (from Organizations), or empty.
    pub name: String,
    /// `None`: the caller's own account, read with its own credentials (or `config`'s).
    pub role: Option<RoleToAssume>,
    /// A profile's SDK configuration, for an account read with that profile's credentials.
    pub config: Option<aws_config::SdkConfig>,
}

impl Target {
    /// `account_id`, entered through `role_name` unless it is the caller's own.
    pub fn in_account(
        caller: &Caller,
        account_id: &str,
        name: String,
        role_name: &str,
        external_id: Option<&str>,
    ) -> Target {
        Target {
            account_id: account_id.to_owned(),
            name,
            role: (account_id != caller.account_id)
                .then(|| RoleToAssume::in_account(account_id, role_name, external_id)),
            config: None,
        }
    }
}

/// Reads every selected account (see the module documentation).
pub(crate) async fn sync_fleet(
    caller: &Caller,
    options: &SyncOptions,
    retrying: &Retrying,
    events: &mpsc::UnboundedSender<SyncEvent>,
) -> Result<FleetRead, SyncError> {
    let mut warnings = Vec::new();
    let mut requests = 0u64;
    let targets = targets(caller, options, retrying, &mut warnings, &mut requests).await?;
    let account_names = names_of(&targets);
    let mut read = read_accounts(caller, targets, options, retrying, events, |_| {
        AccountPlan::everything(false)
    })
    .await;
    if read.reads.is_empty() {
        warnings.append(&mut read.warnings);
        return Err(SyncError::AllRegionsFailed(warnings));
    }
    warnings.append(&mut read.warnings);
    warnings.sort_by(|a, b| {
        (&a.account_id, &a.region, &a.call).cmp(&(&b.account_id, &b.region, &b.call))
    });
    Ok(FleetRead {
        estate: merge_account_estates(read.reads),
        warnings,
        regions: read.regions.into_iter().collect(),
        requests: requests + read.requests,
        accounts: read.accounts,
        account_names,
    })
}

/// The names the targets carry, by account id.
pub(crate) fn names_of(targets: &[Target]) -> BTreeMap<String, String> {
    targets
        .iter()
        .filter(|target| !target.name.is_empty())
        .map(|target| (target.account_id.clone(), target.name.clone()))
        .collect()
}

/// What [`read_accounts`] found.
pub(crate) struct AccountsRead {
    /// Each account read, sorted by account.
    pub reads: Vec<AccountEstate>,
    /// Every account's warnings and one per account not read.
    pub warnings: Vec<Warning>,
    /// The Regions synced in any account.
    pub regions: BTreeSet<String>,
    /// Requests made (a failed account counts its AssumeRole).
    pub requests: u64,
    /// The accounts read, sorted.
    pub accounts: Vec<String>,
}

/// Reads `targets` concurrently, at most `account_concurrency` at once, each as `plan_for` says;
/// announces them ([`SyncEvent::Accounts`]) and each as it finishes.
pub(crate) async fn read_accounts(
    caller: &Caller,
    targets: Vec<Target>,
    options: &SyncOptions,
    retrying: &Retrying,
    events: &mpsc::UnboundedSender<SyncEvent>,
    plan_for: impl Fn(&Target) -> AccountPlan,
) -> AccountsRead {
    let _ = events.send(SyncEvent::Accounts(
        targets
            .iter()
            .map(|target| (target.account_id.clone(), target.name.clone()))
            .collect(),
    ));
    let permits = Arc::new(Semaphore::new(options.account_concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    for target in targets {
        let (permits, caller, options) = (Arc::clone(&permits), caller.clone(), options.clone());
        let (retrying, events, plan) = (retrying.clone(), events.clone(), plan_for(&target));
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let result = read_account(&caller, &target, &options, &retrying, &events, &plan).await;
            let progress = match &result {
                Ok(read) => AccountProgress {
                    account_id: target.account_id.clone(),
                    read: true,
                    entities: read.estate.entity_count() as u32,
                    warnings: read.warnings.len() as u32,
                },
                Err(_) => AccountProgress {
                    account_id: target.account_id.clone(),
                    ..AccountProgress::default()
                },
            };
            let _ = events.send(SyncEvent::AccountFinished(progress));
            (target, result)
        });
    }
    let mut found = AccountsRead {
        reads: Vec::new(),
        warnings: Vec::new(),
        regions: BTreeSet::new(),
        requests: 0,
        accounts: Vec::new(),
    };
    while let Some(joined) = tasks.join_next().await {
        let Ok((target, result)) = joined else {
            continue;
        };
        match result {
            Ok(read) => {
                // The account's requests and, for an account entered by a role, its AssumeRole.
                found.requests += read.requests + u64::from(target.role.is_some());
                found.regions.extend(read.regions);
                found.warnings.extend(read.warnings);
                found.accounts.push(target.account_id.clone());
                found.reads.push(AccountEstate {
                    account_id: target.account_id,
                    estate: read.estate,
                });
            }
            Err(warning) => {
                found.requests += 1;
                found.warnings.push(*warning);
            }
        }
    }
    found.reads.sort_by(|a, b| a.account_id.cmp(&b.account_id));
    found.accounts.sort();
    found
}

/// Reads one account: assumes its role (unless it is the caller's), then syncs it.
async fn read_account(
    caller: &Caller,
    target: &Target,
    options: &SyncOptions,
    retrying: &Retrying,
    events: &mpsc::UnboundedSender<SyncEvent>,
    plan: &AccountPlan,
) -> Result<crate::run::AccountRead, Box<Warning>> {
    let config = match (&target.config, &target.role) {
        (Some(config), _) => config.clone(),
        (None, None) => caller.config.clone(),
        (None, Some(role)) => {
            let limiter = retrying.limits.limiter(LimitKey {
                account_id: caller.account_id.to_owned(),
                region: caller.home.to_owned(),
                service: "sts",
            });
            assume_role::assume(
                &caller.config,
                &caller.sts,
                &retrying.policy,
                &limiter,
                role,
            )
            .await
            .map_err(|failure| Box::new(role_warning(target, role, &failure)))?
        }
    };
    sync_account(
        caller,
        &target.account_id,
        &config,
        options,
        retrying,
        events,
        plan,
    )
    .await
    .map_err(|error| Box::new(account_warning(target, &error)))
}

/// The accounts to read, the caller's first; accounts that will not be read (not `ACTIVE`)
/// become warnings.
async fn targets(
    caller: &Caller,
    options: &SyncOptions,
    retrying: &Retrying,
    warnings: &mut Vec<Warning>,
    requests: &mut u64,
) -> Result<Vec<Target>, SyncError> {
    let own = |name: String| Target {
        account_id: caller.account_id.clone(),
        name,
        role: None,
        config: None,
    };
    match &options.accounts {
        AccountSelection::Caller | AccountSelection::ConfigAggregator { .. } => {
            Ok(vec![own(String::new())])
        }
        AccountSelection::Roles {
            role_arns,
            profiles,
            external_id,
        } => {
            let mut targets = vec![own(String::new())];
            for profile in profiles {
                match profile_target(options, profile, retrying).await? {
                    Ok(target) => {
                        *requests += 1;
                        if targets
                            .iter()
                            .all(|known| known.account_id != target.account_id)
                        {
                            targets.push(target);
                        }
                    }
                    Err(warning) => {
                        *requests += 1;
                        warnings.push(*warning);
                    }
                }
            }
            for role_arn in role_arns {
                let role = RoleToAssume {
                    role_arn: role_arn.clone(),
                    external_id: external_id.clone(),
                };
                let Some(account_id) = role.account_id().map(str::to_owned) else {
                    return Err(SyncError::Organization {
                        message: format!("`{role_arn}` is not an IAM role ARN"),
                        hint: "Give each --role-arn as arn:aws:iam::ACCOUNT_ID:role/NAME."
                            .to_owned(),
                    });
                };
                if targets.iter().all(|target| target.account_id != account_id) {
                    targets.push(Target {
                        account_id,
                        name: String::new(),
                        role: Some(role),
                        config: None,
                    });
                }
            }
            Ok(targets)
        }
        AccountSelection::Organization {
            role_name,
            external_id,
            only,
            exclude,
            organizational_unit,
        } => {
            let client = aws_sdk_organizations::Client::from_conf(
                aws_sdk_organizations::config::Builder::from(&caller.config)
                    .region(SdkRegion::new(ORGANIZATIONS_REGION))
                    .build(),
            );
            let limiter = retrying.limits.limiter(LimitKey {
                account_id: caller.account_id.to_owned(),
                region: ORGANIZATIONS_REGION.to_owned(),
                service: "organizations",
            });
            let listed = organization::list_accounts(
                &client,
                &retrying.policy,
                &limiter,
                organizational_unit.as_deref(),
            )
            .await
            .map_err(|failure| organization_error(&failure))?;
            let (listed, listing_requests) = listed;
            *requests += listing_requests;
            let wanted = |account: &OrganizationAccount| {
                (only.is_empty() || only.contains(&account.account_id))
                    && !exclude.contains(&account.account_id)
            };
            let mut targets = Vec::new();
            for account in listed.into_iter().filter(|account| wanted(account)) {
                if !account.is_active() {
                    warnings.push(inactive_warning(&account));
                    continue;
                }
                if account.account_id == caller.account_id {
                    targets.insert(0, own(account.name));
                } else {
                    targets.push(Target {
                        role: Some(RoleToAssume::in_account(
                            &account.account_id,
                            role_name,
                            external_id.as_deref(),
                        )),
                        account_id: account.account_id,
                        name: account.name,
                        config: None,
                    });
                }
            }
            let missing: Vec<&String> = only
                .iter()
                .filter(|id| targets.iter().all(|target| &target.account_id != *id))
                .filter(|id| warnings.iter().all(|w| w.account_id.as_ref() != Some(*id)))
                .collect();
            for missing in missing {
                warnings.push(Warning {
                    region: None,
                    call: "organizations:ListAccounts".to_owned(),
                    message: format!(
                        "account {missing} was asked for with --accounts but the organisation does not list it: check the id, or read it with --role-arn"
                    ),
                    iam_action: None,
                    missing_kinds: EntityKind::ALL.to_vec(),
                    outpost_id: None,
                    account_id: Some(missing.clone()),
                });
            }
            Ok(targets)
        }
    }
}

/// The account `profile`'s credentials are for (STS GetCallerIdentity with them): a target
/// read with that profile, or a warning naming the profile when its credentials do not work.
/// A profile the shared files do not define stops the sync, as a single `--profile` does.
async fn profile_target(
    options: &SyncOptions,
    profile: &str,
    retrying: &Retrying,
) -> Result<Result<Target, Box<Warning>>, SyncError> {
    crate::run::check_profile_exists(profile).await?;
    let for_profile = SyncOptions {
        profile: Some(profile.to_owned()),
        ..options.clone()
    };
    let config = crate::run::load_config(&for_profile).await;
    let region = config.region().map_or_else(
        || ORGANIZATIONS_REGION.to_owned(),
        |region| region.to_string(),
    );
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&config)
            .region(SdkRegion::new(region.clone()))
            .build(),
    );
    let limiter = retrying.limits.limiter(LimitKey {
        account_id: format!("profile {profile}"),
        region,
        service: "sts",
    });
    let identity = crate::retry::send(&retrying.policy, &limiter, || {
        sts.get_caller_identity().send()
    })
    .await;
    Ok(match identity {
        Ok(identity) => Ok(Target {
            account_id: identity.account.unwrap_or_default(),
            name: String::new(),
            role: None,
            config: Some(config),
        }),
        Err(failure) => Err(Box::new(Warning {
            region: None,
            call: "sts:GetCallerIdentity".to_owned(),
            message: format!(
                "profile `{profile}` was not read: its credentials do not work ({}): sign in again (`aws sso login --profile {profile}`) or fix the profile, then rerun",
                match &failure.code {
                    Some(code) => format!("{code}: {}", failure.message),
                    None => failure.cause.clone(),
                }
            ),
            iam_action: None,
            // Which account it is for is unknown, so nothing can be marked not fetched.
            missing_kinds: Vec::new(),
            outpost_id: None,
            account_id: None,
        })),
    })
}

fn organization_error(failure: &CallFailure) -> SyncError {
    let hint = if failure.is_permission() {
        "Run the organisation sync with credentials of the management account or of a delegated administrator that may call organizations:ListAccounts, or name the accounts' roles with --role-arn instead."
    } else if failure.code.as_deref() == Some("AWSOrganizationsNotInUseException") {
        "This account is not in an organisation: sync it without --organization, or name other accounts' roles with --role-arn."
    } else {
        "Check the network and rerun; the accounts were not read."
    };
    SyncError::Organization {
        message: match &failure.code {
            Some(code) => format!("{code}: {}", failure.message),
            None => failure.message.clone(),
        },
        hint: hint.to_owned(),
    }
}

fn inactive_warning(account: &OrganizationAccount) -> Warning {
    Warning {
        region: None,
        call: "organizations:ListAccounts".to_owned(),
        message: format!(
            "account {} ({}) is {}, so it was not read; it is read again once it is ACTIVE",
            account.account_id,
            account.name,
            if account.state.is_empty() {
                "in an unknown state"
            } else {
                account.state.as_str()
            }
        ),
        iam_action: None,
        missing_kinds: EntityKind::ALL.to_vec(),
        outpost_id: None,
        account_id: Some(account.account_id.clone()),
    }
}

fn role_warning(target: &Target, role: &RoleToAssume, failure: &CallFailure) -> Warning {
    let what_to_do = if failure.is_permission() {
        format!(
            "deploy the role {} in the account (a read-only role through CloudFormation StackSets; see the README) with a trust policy that lets the caller assume it{}",
            role.role_arn,
            if role.external_id.is_some() {
                " with this external id"
            } else {
                ""
            }
        )
    } else {
        "rerun the sync; the account was not read".to_owned()
    };
    Warning {
        region: None,
        call: "sts:AssumeRole".to_owned(),
        message: format!(
            "account {}{} was not read: could not assume {} ({}): {what_to_do}",
            target.account_id,
            name_suffix(&target.name),
            role.role_arn,
            match &failure.code {
                Some(code) => format!("{code}: {}", failure.message),
                None => failure.message.clone(),
            }
        ),
        iam_action: failure.is_permission().then(|| "sts:AssumeRole".to_owned()),
        missing_kinds: EntityKind::ALL.to_vec(),
        outpost_id: None,
        account_id: Some(target.account_id.clone()),
    }
}

fn account_warning(target: &Target, error: &SyncError) -> Warning {
    let (call, message, iam_action) = match error {
        SyncError::AllRegionsFailed(warnings) => {
            let first = warnings.first();
            (
                first.map_or_else(|| "ec2:DescribeRegions".to_owned(), |w| w.call.clone()),
                format!(
                    "account {}{} was not read: every Region failed (the first: {}); check the role's permissions (the README's read-only policy)",
                    target.account_id,
                    name_suffix(&target.name),
                    first.map_or("-", |w| w.message.as_str())
                ),
                first.and_then(|w| w.iam_action.clone()),
            )
        }
        other => (
            "ec2:DescribeRegions".to_owned(),
            format!(
                "account {}{} was not read: {other}",
                target.account_id,
                name_suffix(&target.name)
            ),
            None,
        ),
    };
    Warning {
        region: None,
        call,
        message,
        iam_action,
        missing_kinds: EntityKind::ALL.to_vec(),
        outpost_id: None,
        account_id: Some(target.account_id.clone()),
    }
}

fn name_suffix(name: &str) -> String {
    if name.is_empty() {
        String::new()
    } else {
        format!(" ({name})")
    }
}
