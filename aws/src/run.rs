//! A whole sync: credentials first, then the Regions, concurrently, into one estate.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use aws_config::BehaviorVersion;
use aws_config::timeout::TimeoutConfig;
use aws_sdk_ec2::config::Region as SdkRegion;
use edge_atlas::catalog::LocationCatalog;
use edge_atlas::model::{Estate, OptInStatus, SnapshotMeta, Warning};
use tokio::sync::{Notify, Semaphore, mpsc};

use crate::events::SyncEvent;
use crate::failure::CallFailure;
use crate::options::{AccountSelection, SyncOptions};
use crate::rate_limit::{LimitKey, RateLimits};
use crate::region::{ReadScope, RegionClients, RegionContext, Retrying, sync_region};
use crate::retry::{self, RetryPolicy};

/// The Region asked for the Region list and the identity when none is configured.
const FALLBACK_REGION: &str = "us-east-1";

/// Why a sync stored nothing.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// STS refused the credentials (missing, expired, invalid), before any Region was touched.
    #[error("the AWS credentials {profile} do not work: {message}\n{hint}")]
    Credentials {
        /// `of profile X` or `from the default chain`.
        profile: String,
        /// What STS or the credential chain said.
        message: String,
        /// What to do about it.
        hint: String,
    },
    /// `--profile` names a profile neither the config nor the credentials file has.
    #[error(
        "there is no AWS profile `{profile}` in {files}: choose one of {known} with --profile, or create it with `aws configure --profile {profile}`"
    )]
    UnknownProfile {
        /// The profile asked for.
        profile: String,
        /// The files read.
        files: String,
        /// The profiles there are, comma-separated (`none` when there are none).
        known: String,
    },
    /// The shared config or credentials file is not one the SDK can parse.
    #[error(
        "{0}\nFix the file (`aws configure list-profiles` shows what the AWS CLI makes of it), or point AWS_CONFIG_FILE at another."
    )]
    Profiles(#[from] crate::profiles::ProfilesError),
    /// AWS could not be reached at all (wrong endpoint URL, no network, a proxy in the way).
    #[error(
        "could not reach AWS at {endpoint}: {message}\nCheck the endpoint URL, the network and any proxy settings, and rerun."
    )]
    Unreachable {
        /// The endpoint tried: the override, or STS in the home Region.
        endpoint: String,
        /// The transport error.
        message: String,
    },
    /// The Region list could not be read.
    #[error("could not list the Regions: {0}")]
    Regions(String),
    /// A `--region` the account does not know.
    #[error("unknown Region {0}: it is not among the Regions DescribeRegions lists")]
    UnknownRegion(String),
    /// AWS Organizations would not list the accounts (not the management account or a
    /// delegated administrator, or `organizations:ListAccounts` not allowed).
    #[error("could not list the organisation's accounts: {message}\n{hint}")]
    Organization {
        /// What Organizations said.
        message: String,
        /// What to do about it.
        hint: String,
    },
    /// The AWS Config aggregator could not be queried (no such aggregator in that Region, or
    /// `config:SelectAggregateResourceConfig` not allowed).
    #[error("could not query the AWS Config aggregator {name}: {message}\n{hint}")]
    ConfigAggregator {
        /// The aggregator's name.
        name: String,
        /// What AWS Config said.
        message: String,
        /// What to do about it.
        hint: String,
    },
    /// Every Region failed.
    #[error("every Region failed; nothing was stored ({} warnings, the first: {})", .0.len(), .0.first().map_or("-", |w| w.message.as_str()))]
    AllRegionsFailed(Vec<Warning>),
    /// The sync was cancelled.
    #[error("sync cancelled; nothing was stored")]
    Cancelled,
}

/// A cancellation flag a sync checks; clone it to cancel from elsewhere (Ctrl-C, a button).
#[derive(Clone, Default)]
pub struct Cancel(Arc<(AtomicBool, Notify)>);

impl Cancel {
    /// A fresh, uncancelled flag.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Cancels the sync.
    pub fn cancel(&self) {
        self.0.0.store(true, Ordering::SeqCst);
        self.0.1.notify_waiters();
    }

    /// Whether the sync was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.0.load(Ordering::SeqCst)
    }

    /// Completes when the sync is cancelled.
    pub async fn cancelled(&self) {
        loop {
            let notified = self.0.1.notified();
            if self.is_cancelled() {
                return;
            }
            notified.await;
        }
    }
}

/// What a completed sync found.
#[derive(Debug)]
pub struct SyncOutcome {
    /// Every entity found.
    pub estate: Estate,
    /// The snapshot record: source, account, profile, Regions and the warnings.
    pub meta: SnapshotMeta,
    /// Requests made (pages included, retries not).
    pub requests: u64,
    /// Wall time of the sync.
    pub elapsed: Duration,
}

/// The SDK's configuration: the SDK's own retries off ([`crate::retry`] retries), and a named
/// profile's credentials from that profile alone, never from the environment's keys.
pub(crate) async fn load_config(options: &SyncOptions) -> aws_config::SdkConfig {
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .timeout_config(
            TimeoutConfig::builder()
                .connect_timeout(Duration::from_secs(5))
                .operation_attempt_timeout(Duration::from_secs(30))
                .build(),
        )
        .retry_config(aws_config::retry::RetryConfig::disabled());
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile).credentials_provider(
            aws_config::profile::ProfileFileCredentialsProvider::builder()
                .profile_name(profile)
                .build(),
        );
    }
    if let Some(region) = options.regions.first() {
        loader = loader.region(SdkRegion::new(region.clone()));
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    loader.load().await
}

/// `url` without the `user:password@` part of its authority, which may hold credentials and is
/// never stored or shown.
pub fn without_user_info(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((_, host)) => format!("{scheme}://{host}{path}"),
        None => url.to_owned(),
    }
}

/// Refuses a profile the shared files do not define, before any credential is loaded.
pub(crate) async fn check_profile_exists(profile: &str) -> Result<(), SyncError> {
    let known = crate::profiles::load_profiles().await?;
    if known.iter().any(|known| known.name == profile) {
        return Ok(());
    }
    let names: Vec<&str> = known.iter().map(|known| known.name.as_str()).collect();
    Err(SyncError::UnknownProfile {
        profile: profile.to_owned(),
        files: crate::profiles::shared_files_label(),
        known: if names.is_empty() {
            "none".to_owned()
        } else {
            names.join(", ")
        },
    })
}

fn profile_label(options: &SyncOptions) -> String {
    match &options.profile {
        Some(profile) => format!("of profile `{profile}`"),
        None => match std::env::var("AWS_PROFILE") {
            Ok(profile) if !profile.is_empty() => format!("of profile `{profile}` (AWS_PROFILE)"),
            _ => "from the default chain".to_owned(),
        },
    }
}

fn credentials_hint(options: &SyncOptions, failure: &CallFailure) -> String {
    let profile = options.profile.as_deref().unwrap_or("default");
    match failure.code.as_deref() {
        Some("ExpiredToken" | "ExpiredTokenException" | "RequestExpired") => format!(
            "The session has expired: sign in again (for SSO: `aws sso login --profile {profile}`) and rerun."
        ),
        Some(_) => "Check the access key, or choose another profile with --profile.".to_owned(),
        None if options.profile.is_some() => format!(
            "Give profile `{profile}` credentials (`aws configure --profile {profile}`, `aws configure sso --profile {profile}`, a role_arn or credential_process), or choose another profile with --profile."
        ),
        None => "Set credentials (`aws configure`, `aws sso login`, AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY) or choose a profile with --profile.".to_owned(),
    }
}

/// Syncs the estate. Events go to `events` as they happen; `cancel` stops it at any point, and
/// then nothing is returned. Credentials are never kept beyond the SDK's own clients.
pub async fn sync_estate(
    options: &SyncOptions,
    events: mpsc::UnboundedSender<SyncEvent>,
    cancel: Cancel,
) -> Result<SyncOutcome, SyncError> {
    tokio::select! {
        outcome = sync_inner(options, events) => outcome,
        () = cancel.cancelled() => Err(SyncError::Cancelled),
    }
}

async fn sync_inner(
    options: &SyncOptions,
    events: mpsc::UnboundedSender<SyncEvent>,
) -> Result<SyncOutcome, SyncError> {
    let started = Instant::now();
    if let Some(profile) = &options.profile {
        check_profile_exists(profile).await?;
    }
    let config = load_config(options).await;
    let retrying = Retrying {
        policy: RetryPolicy::new(options.max_attempts, options.retry_budget),
        limits: Arc::new(RateLimits::new()),
    };
    let home = config
        .region()
        .map_or_else(|| FALLBACK_REGION.to_owned(), |region| region.to_string());
    let for_region = |region: &str| SdkRegion::new(region.to_owned());

    // 1. The credentials, before any Region is touched.
    let sts = aws_sdk_sts::Client::from_conf(
        aws_sdk_sts::config::Builder::from(&config)
            .region(for_region(&home))
            .build(),
    );
    let sts_limiter = retrying.limits.limiter(LimitKey {
        account_id: String::new(),
        region: home.clone(),
        service: "sts",
    });
    let identity = retry::send(&retrying.policy, &sts_limiter, || {
        sts.get_caller_identity().send()
    })
    .await
    .map_err(|failure| {
        if failure.unreachable {
            return SyncError::Unreachable {
                endpoint: options
                    .endpoint_url
                    .as_deref()
                    .map(without_user_info)
                    .unwrap_or_else(|| format!("the STS endpoint of {home}")),
                message: failure.message,
            };
        }
        SyncError::Credentials {
            profile: profile_label(options),
            hint: credentials_hint(options, &failure),
            // AWS's own answer, or (no answer: the chain gave nothing) the cause in plain words.
            message: if failure.code.is_some() {
                failure.message
            } else {
                failure.cause
            },
        }
    })?;
    let account_id = identity.account.unwrap_or_default();
    let _ = events.send(SyncEvent::Identity {
        account_id: account_id.clone(),
        arn: identity.arn.unwrap_or_default(),
    });
    let caller = Caller {
        config: config.clone(),
        sts: sts.clone(),
        account_id: account_id.clone(),
        home: home.clone(),
    };

    // 2. The accounts: the caller's alone, or an organisation's.
    let (estate, warnings, regions, requests, accounts, account_names) = match &options.accounts {
        AccountSelection::Caller => {
            let read = sync_account(
                &caller,
                &account_id,
                &config,
                options,
                &retrying,
                &events,
                &AccountPlan::everything(true),
            )
            .await?;
            let mut warnings = read.warnings;
            warnings.sort_by(|a, b| (&a.region, &a.call).cmp(&(&b.region, &b.call)));
            for warning in &mut warnings {
                warning.account_id.get_or_insert_with(|| account_id.clone());
            }
            (
                read.estate,
                warnings,
                read.regions,
                read.requests,
                vec![account_id.clone()],
                Default::default(),
            )
        }
        AccountSelection::Organization { .. }
        | AccountSelection::Roles { .. }
        | AccountSelection::ConfigAggregator { .. } => {
            let fleet = match &options.accounts {
                AccountSelection::ConfigAggregator {
                    name,
                    region,
                    role_name,
                    external_id,
                } => {
                    let choice = crate::config_fleet::AggregatorChoice {
                        name,
                        region: region.as_deref(),
                        role_name,
                        external_id: external_id.as_deref(),
                    };
                    crate::config_fleet::sync_via_config(
                        &caller, options, &retrying, &events, &choice,
                    )
                    .await?
                }
                _ => crate::fleet::sync_fleet(&caller, options, &retrying, &events).await?,
            };
            (
                fleet.estate,
                fleet.warnings,
                fleet.regions,
                fleet.requests,
                fleet.accounts,
                fleet.account_names,
            )
        }
    };
    let mut source = "sync".to_owned();
    if let Some(profile) = &options.profile {
        source.push_str(&format!(" --profile {profile}"));
    }
    match &options.accounts {
        AccountSelection::Caller => {}
        AccountSelection::Organization { role_name, .. } => {
            source.push_str(&format!(" --organization --role-name {role_name}"));
        }
        AccountSelection::Roles {
            role_arns,
            profiles,
            ..
        } => {
            for profile in profiles {
                source.push_str(&format!(" --profile {profile}"));
            }
            if !role_arns.is_empty() {
                source.push_str(&format!(" --role-arn ({} roles)", role_arns.len()));
            }
        }
        AccountSelection::ConfigAggregator {
            name, role_name, ..
        } => {
            source.push_str(&format!(
                " --config-aggregator {name} --role-name {role_name}"
            ));
        }
    }
    if let Some(url) = &options.endpoint_url {
        source.push_str(&format!(" --endpoint-url {}", without_user_info(url)));
    }
    Ok(SyncOutcome {
        estate,
        meta: SnapshotMeta {
            source,
            account_id: Some(account_id),
            profile: options.profile.clone(),
            regions,
            warnings,
            accounts,
            account_names,
        },
        // GetCallerIdentity, DescribeRegions and every Region's calls.
        requests: requests + 1,
        elapsed: started.elapsed(),
    })
}

/// The caller: its SDK configuration, STS client, account and home Region (cheap to clone:
/// the SDK's types share their insides).
#[derive(Clone)]
pub(crate) struct Caller {
    /// The caller's SDK configuration.
    pub config: aws_config::SdkConfig,
    /// STS with the caller's credentials (AssumeRole into other accounts).
    pub sts: aws_sdk_sts::Client,
    /// The caller's account.
    pub account_id: String,
    /// The Region asked for account-wide lists.
    pub home: String,
}

/// What one account's sync found.
pub(crate) struct AccountRead {
    /// Every entity found in the account.
    pub estate: Estate,
    /// Calls that failed for good.
    pub warnings: Vec<Warning>,
    /// The Regions synced, sorted.
    pub regions: Vec<String>,
    /// Requests made (DescribeRegions and every Region's calls).
    pub requests: u64,
}

/// What [`sync_account`] reads of an account.
#[derive(Debug, Clone)]
pub(crate) struct AccountPlan {
    /// Send the Region list as a [`SyncEvent::Regions`] (a single-account sync; a fleet's
    /// announces its accounts).
    pub announce: bool,
    /// Exactly these Regions, without asking DescribeRegions; `None`: the options' Regions
    /// (all enabled ones when it names none), checked against DescribeRegions.
    pub regions: Option<Vec<String>>,
    /// Which of each Region's calls to make.
    pub scope: ReadScope,
}

impl AccountPlan {
    /// Every call in every selected Region.
    pub fn everything(announce: bool) -> AccountPlan {
        AccountPlan {
            announce,
            regions: None,
            scope: ReadScope::Everything,
        }
    }
}

/// Syncs one account with `config`'s credentials: its Region list, then every selected Region,
/// concurrently under the Region bound, as `plan` says.
pub(crate) async fn sync_account(
    caller: &Caller,
    account_id: &str,
    config: &aws_config::SdkConfig,
    options: &SyncOptions,
    retrying: &Retrying,
    events: &mpsc::UnboundedSender<SyncEvent>,
    plan: &AccountPlan,
) -> Result<AccountRead, SyncError> {
    let for_region = |region: &str| SdkRegion::new(region.to_owned());
    let ec2_for = |region: &str| {
        aws_sdk_ec2::Client::from_conf(
            aws_sdk_ec2::config::Builder::from(config)
                .region(for_region(region))
                .build(),
        )
    };
    let (home_events, _) = mpsc::unbounded_channel();
    let home_context = RegionContext::new(
        &caller.home,
        account_id,
        options.page_size,
        1,
        retrying,
        home_events,
    );
    let (regions, selected) = match &plan.regions {
        Some(only) => (Vec::new(), only.clone()),
        None => select_regions(options, &home_context, &ec2_for(&caller.home)).await?,
    };
    if plan.announce {
        let _ = events.send(SyncEvent::Regions(selected.clone()));
    }

    // Every selected Region, concurrently, under the Region bound.
    let catalog = LocationCatalog::embedded().ok();
    let region_permits = Arc::new(Semaphore::new(options.region_concurrency.max(1)));
    let mut tasks = tokio::task::JoinSet::new();
    let mut contexts = Vec::new();
    let scope = plan.scope;
    for region in &selected {
        let has_outposts = catalog
            .and_then(|catalog| catalog.region(region))
            .is_none_or(|info| info.outposts_endpoint);
        let clients = RegionClients {
            ec2: ec2_for(region),
            outposts: has_outposts.then(|| {
                aws_sdk_outposts::Client::from_conf(
                    aws_sdk_outposts::config::Builder::from(config)
                        .region(for_region(region))
                        .build(),
                )
            }),
        };
        let context = Arc::new(RegionContext::new(
            region,
            account_id,
            options.page_size,
            options.calls_per_region,
            retrying,
            events.clone(),
        ));
        contexts.push(Arc::clone(&context));
        let permits = Arc::clone(&region_permits);
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            sync_region(context, clients, scope).await
        });
    }
    let mut estate = Estate {
        regions,
        ..Estate::default()
    };
    let mut warnings = Vec::new();
    let mut usable_regions = 0;
    while let Some(joined) = tasks.join_next().await {
        let Ok(result) = joined else {
            continue;
        };
        if !result.all_failed {
            usable_regions += 1;
        }
        warnings.extend(result.warnings);
        estate.append(result.estate);
    }
    if usable_regions == 0 && !selected.is_empty() {
        return Err(SyncError::AllRegionsFailed(warnings));
    }
    let requests = contexts
        .iter()
        .map(|context| u64::from(context.progress().calls_done))
        .sum::<u64>()
        + u64::from(plan.regions.is_none());
    let mut synced = selected;
    synced.sort();
    Ok(AccountRead {
        estate,
        warnings,
        regions: synced,
        requests,
    })
}

/// The account's Regions (DescribeRegions) and those to sync: the options' (each checked
/// against the list), or every enabled one.
pub(crate) async fn select_regions(
    options: &SyncOptions,
    home_context: &RegionContext,
    ec2: &aws_sdk_ec2::Client,
) -> Result<(Vec<edge_atlas::model::Region>, Vec<String>), SyncError> {
    let regions = crate::ec2::regions(home_context, ec2)
        .await
        .map_err(|failure| SyncError::Regions(failure.message))?;
    let selected = if options.regions.is_empty() {
        regions
            .iter()
            .filter(|region| region.opt_in_status != OptInStatus::NotOptedIn)
            .map(|region| region.region_name.clone())
            .collect()
    } else {
        for wanted in &options.regions {
            if !regions.iter().any(|region| &region.region_name == wanted) {
                return Err(SyncError::UnknownRegion(wanted.clone()));
            }
        }
        options.regions.clone()
    };
    Ok((regions, selected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_in_an_endpoint_url_are_never_kept() {
        assert_eq!(
            without_user_info("https://AKIAEXAMPLE:secret@ec2.internal:8443/path?q=1"),
            "https://ec2.internal:8443/path?q=1"
        );
        assert_eq!(
            without_user_info("http://user@127.0.0.1:4566"),
            "http://127.0.0.1:4566"
        );
        assert_eq!(
            without_user_info("http://127.0.0.1:4566/a@b"),
            "http://127.0.0.1:4566/a@b"
        );
        assert_eq!(without_user_info("not a url"), "not a url");
    }
}
