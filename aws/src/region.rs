//! One Region's sync: its calls as concurrently as their dependencies allow.
//!
//! Independent calls start together; dependent ones start as soon as what they need is in
//! (DescribeInstances -> DescribeImages; DescribeAvailabilityZones and ListOutposts ->
//! DescribeInstanceTypeOfferings; ListOutposts -> ListAssets and GetOutpostInstanceTypes;
//! ListSites -> GetSite). Every request, page by page, takes a permit of the Region's
//! semaphore, so a Region never has more than `calls_per_region` requests in flight, and waits
//! for the rate limiter of its account, Region and service. Transient failures are retried
//! ([`crate::retry`]); a call that still fails becomes a warning and its entities are missing;
//! the rest of the Region goes on.

use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use aws_sdk_ec2::types::LocationType;
use edge_atlas::model::{EntityKind, Estate, InstanceTypeOffering, Warning, ZoneType};
use tokio::sync::{Semaphore, mpsc};

use std::time::Instant;

use aws_sdk_ec2::config::http::HttpResponse;
use aws_sdk_ec2::error::{ProvideErrorMetadata, SdkError};

use crate::events::{RegionProgress, SyncEvent};
use crate::failure::{CallFailure, Transience};
use crate::rate_limit::{LimitKey, RateLimits};
use crate::retry::{self, RetryPolicy};
use crate::{ec2, outposts};

/// What every call of one Region shares: identity, bounds, progress, warnings.
pub struct RegionContext {
    /// The Region.
    pub region: String,
    /// The account (from STS).
    pub account_id: String,
    /// `MaxResults` for paginated calls.
    pub page_size: i32,
    permits: Semaphore,
    progress: Mutex<RegionProgress>,
    warnings: Mutex<Vec<Warning>>,
    successes: AtomicU32,
    policy: RetryPolicy,
    limits: Arc<RateLimits>,
    events: mpsc::UnboundedSender<SyncEvent>,
}

/// How a sync retries: one policy and one set of rate limiters for all its Regions.
#[derive(Debug, Clone)]
pub struct Retrying {
    /// Attempts, backoff and the deadline.
    pub policy: RetryPolicy,
    /// The rate limiters, by account, Region and service.
    pub limits: Arc<RateLimits>,
}

impl RegionContext {
    /// A context for `region` with `calls_in_flight` permits, retrying under `retrying`.
    pub fn new(
        region: &str,
        account_id: &str,
        page_size: u32,
        calls_in_flight: usize,
        retrying: &Retrying,
        events: mpsc::UnboundedSender<SyncEvent>,
    ) -> RegionContext {
        RegionContext {
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            page_size: i32::try_from(page_size).unwrap_or(1000),
            permits: Semaphore::new(calls_in_flight.max(1)),
            progress: Mutex::new(RegionProgress {
                account_id: account_id.to_owned(),
                region: region.to_owned(),
                ..RegionProgress::default()
            }),
            warnings: Mutex::new(Vec::new()),
            successes: AtomicU32::new(0),
            policy: retrying.policy.clone(),
            limits: Arc::clone(&retrying.limits),
            events,
        }
    }

    /// Sends one request of `service` (`ec2`, `outposts`) and counts it: each attempt under a
    /// permit and the key's rate limiter, retried as [`retry::send`] does.
    pub async fn page<T, E, F, Fut>(
        &self,
        service: &'static str,
        mut request: F,
    ) -> Result<T, CallFailure>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<T, SdkError<E, HttpResponse>>>,
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        self.update(|progress| progress.calls_total += 1);
        let limiter = self.limits.limiter(LimitKey {
            account_id: self.account_id.clone(),
            region: self.region.clone(),
            service,
        });
        let permits = &self.permits;
        let result = retry::send(&self.policy, &limiter, || {
            let attempt = request();
            async move {
                let _permit = permits.acquire().await;
                attempt.await
            }
        })
        .await;
        self.update(|progress| progress.calls_done += 1);
        result
    }

    fn update(&self, change: impl FnOnce(&mut RegionProgress)) {
        if let Ok(mut progress) = self.progress.lock() {
            change(&mut progress);
            let _ = self.events.send(SyncEvent::Region(progress.clone()));
        }
    }

    /// Runs one logical call (all its pages): its entities on success, a warning (and `None`)
    /// on failure. A call whose requests still failed transiently after their retries gets a
    /// final pass, from its first page, once the backoff's longest step has passed.
    pub async fn run<T, Fut>(
        &self,
        call: &str,
        kinds: &[EntityKind],
        work: impl FnMut() -> Fut,
    ) -> Option<Vec<T>>
    where
        Fut: Future<Output = Result<Vec<T>, CallFailure>>,
    {
        self.run_about(None, call, kinds, work).await
    }

    /// [`RegionContext::run`] for a call about one Outpost, whose warning names it.
    pub async fn run_about<T, Fut>(
        &self,
        outpost_id: Option<&str>,
        call: &str,
        kinds: &[EntityKind],
        mut work: impl FnMut() -> Fut,
    ) -> Option<Vec<T>>
    where
        Fut: Future<Output = Result<Vec<T>, CallFailure>>,
    {
        let mut result = work().await;
        if let Err(failure) = &result
            && failure.transience() != Transience::Permanent
            && self.policy.has_time_for_final_pass(Instant::now())
        {
            tracing::info!(region = %self.region, call, "final pass after {}", failure.message);
            tokio::time::sleep(self.policy.max_delay).await;
            result = work().await;
        }
        match result {
            Ok(items) => {
                self.successes.fetch_add(1, Ordering::Relaxed);
                let found = u32::try_from(items.len()).unwrap_or(u32::MAX);
                self.update(|progress| progress.entities += found);
                Some(items)
            }
            Err(failure) => {
                let mut warning = failure.warning(&self.region, call, kinds);
                warning.outpost_id = outpost_id.map(str::to_owned);
                self.record(warning);
                None
            }
        }
    }

    /// Records a failed call as a warning.
    pub fn fail(&self, call: &str, kinds: &[EntityKind], failure: &CallFailure) {
        self.record(failure.warning(&self.region, call, kinds));
    }

    fn record(&self, mut warning: Warning) {
        warning.account_id = Some(self.account_id.clone());
        let _ = self.events.send(SyncEvent::Warning(warning.clone()));
        if let Ok(mut warnings) = self.warnings.lock() {
            warnings.push(warning);
        }
        self.update(|progress| progress.errors += 1);
    }

    /// Marks the Region finished and returns its warnings.
    pub fn finish(&self) -> Vec<Warning> {
        self.update(|progress| progress.finished = true);
        self.warnings
            .lock()
            .map(|mut warnings| std::mem::take(&mut *warnings))
            .unwrap_or_default()
    }

    /// The Region's progress now.
    pub fn progress(&self) -> RegionProgress {
        self.progress.lock().map(|p| p.clone()).unwrap_or_default()
    }
}

/// The SDK clients of one Region.
pub struct RegionClients {
    /// EC2 in this Region.
    pub ec2: aws_sdk_ec2::Client,
    /// Outposts in this Region, or `None` where the catalog says it has no Outposts endpoint.
    pub outposts: Option<aws_sdk_outposts::Client>,
}

/// Which of a Region's calls a sync makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReadScope {
    /// Every call: a direct sync.
    Everything,
    /// Only what AWS Config does not record (zones, offerings, Outposts, local gateways and
    /// their VIFs, route tables, CoIP pools, LAGs): a sync whose instances, VPCs, subnets and
    /// carrier gateways come from a Config aggregator ([`crate::config_fleet`]).
    NotRecordedByConfig,
}

/// What one Region's sync produced.
pub struct RegionResult {
    /// The entities found.
    pub estate: Estate,
    /// The calls that failed.
    pub warnings: Vec<Warning>,
    /// Whether every EC2 call failed (the Region is unusable: not enabled, or denied outright).
    pub all_failed: bool,
}

/// Syncs one Region: every call, or (`scope`) only those AWS Config does not stand in for.
pub async fn sync_region(
    ctx: Arc<RegionContext>,
    clients: RegionClients,
    scope: ReadScope,
) -> RegionResult {
    use EntityKind as K;
    let c = &ctx;
    let ec2 = &clients.ec2;
    let recorded = scope == ReadScope::Everything;
    let zones_and_offerings = async {
        let zones = c
            .run(
                "ec2:DescribeAvailabilityZones",
                // The zones' offerings are asked for by zone name: without zones, none.
                &[K::Zone, K::InstanceTypeOffering],
                || ec2::zones(c, ec2),
            )
            .await;
        let edge_zones: Vec<String> = zones
            .iter()
            .flatten()
            .filter(|zone| zone.zone_type != ZoneType::AvailabilityZone)
            .map(|zone| zone.zone_name.clone())
            .collect();
        let offerings = if edge_zones.is_empty() {
            Some(Vec::new())
        } else {
            c.run(
                "ec2:DescribeInstanceTypeOfferings",
                &[K::InstanceTypeOffering],
                || ec2::offerings(c, ec2, LocationType::AvailabilityZone, edge_zones.clone()),
            )
            .await
        };
        (zones, offerings)
    };
    let instances_and_images = async {
        let instances = if_read(
            recorded,
            c.run("ec2:DescribeInstances", &[K::Instance], || {
                ec2::instances(c, ec2)
            }),
        )
        .await;
        let image_ids: BTreeSet<String> = instances
            .iter()
            .flatten()
            .filter_map(|instance| instance.image_id.clone())
            .collect();
        let images = if image_ids.is_empty() {
            Vec::new()
        } else {
            c.run("ec2:DescribeImages", &[], || {
                ec2::images(c, ec2, image_ids.iter().cloned().collect())
            })
            .await
            .unwrap_or_default()
        };
        (instances, images)
    };
    let outposts_part = sync_outposts(c, &clients);
    let (
        (zones, edge_offerings),
        (instances, images),
        outposts_part,
        local_gateways,
        vifs,
        vif_groups,
        route_tables,
        vpc_associations,
        group_associations,
        coip_pools,
        carrier_gateways,
        vpcs,
        subnets,
        outpost_lags,
        service_link_vifs,
    ) = tokio::join!(
        zones_and_offerings,
        instances_and_images,
        outposts_part,
        c.run("ec2:DescribeLocalGateways", &[K::LocalGateway], || {
            ec2::local_gateways(c, ec2)
        }),
        c.run(
            "ec2:DescribeLocalGatewayVirtualInterfaces",
            &[K::Vif],
            || ec2::vifs(c, ec2)
        ),
        c.run(
            "ec2:DescribeLocalGatewayVirtualInterfaceGroups",
            &[K::VifGroup],
            || ec2::vif_groups(c, ec2)
        ),
        c.run(
            "ec2:DescribeLocalGatewayRouteTables",
            &[K::RouteTable],
            || ec2::route_tables(c, ec2)
        ),
        c.run(
            "ec2:DescribeLocalGatewayRouteTableVpcAssociations",
            &[K::RouteTable],
            || ec2::vpc_associations(c, ec2)
        ),
        c.run(
            "ec2:DescribeLocalGatewayRouteTableVirtualInterfaceGroupAssociations",
            &[K::RouteTable],
            || ec2::group_associations(c, ec2)
        ),
        c.run("ec2:DescribeCoipPools", &[K::CoipPool], || ec2::coip_pools(
            c, ec2
        )),
        if_read(
            recorded,
            c.run("ec2:DescribeCarrierGateways", &[K::CarrierGateway], || {
                ec2::carrier_gateways(c, ec2)
            })
        ),
        if_read(
            recorded,
            c.run("ec2:DescribeVpcs", &[K::Vpc], || ec2::vpcs(c, ec2))
        ),
        if_read(
            recorded,
            c.run("ec2:DescribeSubnets", &[K::Subnet], || ec2::subnets(c, ec2))
        ),
        c.run("ec2:DescribeOutpostLags", &[K::OutpostLag], || {
            ec2::outpost_lags(c, ec2)
        }),
        c.run(
            "ec2:DescribeServiceLinkVirtualInterfaces",
            &[K::ServiceLinkVif],
            || ec2::service_link_vifs(c, ec2)
        ),
    );
    let mut estate = Estate {
        zones: zones.unwrap_or_default(),
        local_gateways: local_gateways.unwrap_or_default(),
        vifs: vifs.unwrap_or_default(),
        vif_groups: vif_groups.unwrap_or_default(),
        coip_pools: coip_pools.unwrap_or_default(),
        carrier_gateways: carrier_gateways.unwrap_or_default(),
        vpcs: vpcs.unwrap_or_default(),
        subnets: subnets.unwrap_or_default(),
        outpost_lags: outpost_lags.unwrap_or_default(),
        service_link_vifs: service_link_vifs.unwrap_or_default(),
        ..Estate::default()
    };
    // Route tables carry their associations, which come from two calls of their own.
    let mut tables = route_tables.unwrap_or_default();
    for (table_id, association) in vpc_associations.unwrap_or_default() {
        if let Some(table) = tables
            .iter_mut()
            .find(|t| t.local_gateway_route_table_id == table_id)
        {
            table.vpc_associations.push(association);
        }
    }
    for (table_id, association) in group_associations.unwrap_or_default() {
        if let Some(table) = tables
            .iter_mut()
            .find(|t| t.local_gateway_route_table_id == table_id)
        {
            table.virtual_interface_group_associations.push(association);
        }
    }
    estate.route_tables = tables;
    // Instances keep their own platform and architecture; the AMI fills what they lack, and
    // gives its name and owner (the default OS user for Instance Connect).
    let images: BTreeMap<String, crate::ec2::ImageFacts> = images
        .into_iter()
        .map(|image| (image.image_id.clone(), image))
        .collect();
    estate.instances = instances.unwrap_or_default();
    for instance in &mut estate.instances {
        let Some(image) = instance.image_id.as_ref().and_then(|id| images.get(id)) else {
            continue;
        };
        if instance.platform_details.is_none() {
            instance.platform_details = image.platform_details.clone();
        }
        if instance.architecture.is_none() {
            instance.architecture = image.architecture.as_deref().map(Into::into);
        }
        instance.image_name = image.name.clone();
        instance.image_owner_alias = image.owner_alias.clone();
    }
    let mut offerings: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (location, instance_type) in edge_offerings.unwrap_or_default() {
        offerings
            .entry(("availability-zone".to_owned(), location))
            .or_default()
            .insert(instance_type);
    }
    if let Some(part) = outposts_part {
        estate.outposts = part.outposts;
        estate.sites = part.sites;
        estate.assets = part.assets;
        estate.asset_instances = part.asset_instances;
        estate.capacity_tasks = part.capacity_tasks;
        estate.catalog_items = part.catalog_items;
        for (location, instance_type) in part.offerings {
            offerings
                .entry(("outpost".to_owned(), location))
                .or_default()
                .insert(instance_type);
        }
    }
    estate.instance_type_offerings = offerings
        .into_iter()
        .map(|((location_type, location), types)| InstanceTypeOffering {
            account_id: ctx.account_id.clone(),
            region: ctx.region.clone(),
            location_type,
            location,
            instance_types: types.into_iter().collect(),
        })
        .collect();
    let warnings = ctx.finish();
    RegionResult {
        estate,
        all_failed: ctx.successes.load(Ordering::Relaxed) == 0,
        warnings,
    }
}

/// The Outposts part of a Region.
struct OutpostsPart {
    outposts: Vec<edge_atlas::model::Outpost>,
    sites: Vec<edge_atlas::model::Site>,
    assets: Vec<edge_atlas::model::Asset>,
    asset_instances: Vec<edge_atlas::model::AssetInstance>,
    capacity_tasks: Vec<edge_atlas::model::CapacityTask>,
    catalog_items: Vec<edge_atlas::model::CatalogItem>,
    /// `(Outpost ARN, instance type)` from both offering calls.
    offerings: Vec<(String, String)>,
}

/// ListOutposts, ListSites (then GetSite), ListCatalogItems and ListCapacityTasks (then
/// GetCapacityTask) together, then each Outpost's assets, the instances on them and its
/// instance types. A Region whose Outposts endpoint does not answer at all (DNS,
/// connect) has no Outposts: `None`, no warning.
async fn sync_outposts(c: &RegionContext, clients: &RegionClients) -> Option<OutpostsPart> {
    use EntityKind as K;
    let client = clients.outposts.as_ref()?;
    let sites_in_full = async {
        let sites = outposts::sites(c, client).await?;
        let mut full = Vec::with_capacity(sites.len());
        let fetched = join_all(
            sites
                .iter()
                .map(|site| outposts::get_site(c, client, &site.site_id)),
        )
        .await;
        for (listed, fetched) in sites.into_iter().zip(fetched) {
            full.push(fetched?.unwrap_or(listed));
        }
        Ok(full)
    };
    let (listed, sites, catalog_items) = tokio::join!(
        outposts::outposts(c, client),
        sites_in_full,
        outposts::catalog_items(c, client),
    );
    let listed = match listed {
        Ok(listed) => listed,
        Err(failure) if failure.no_answer => {
            tracing::info!(region = %c.region, "no Outposts endpoint answered: no Outposts here ({})", failure.message);
            return None;
        }
        Err(failure) => {
            // Assets and offerings are asked for per Outpost: without the list, none.
            c.fail(
                "outposts:ListOutposts",
                &[
                    K::Outpost,
                    K::Asset,
                    K::AssetInstance,
                    K::CapacityTask,
                    K::InstanceTypeOffering,
                ],
                &failure,
            );
            Vec::new()
        }
    };
    let sites = match sites {
        Ok(sites) => sites,
        Err(failure) => {
            c.fail("outposts:ListSites", &[K::Site], &failure);
            Vec::new()
        }
    };
    let catalog_items = match catalog_items {
        Ok(items) => items,
        Err(failure) => {
            c.fail("outposts:ListCatalogItems", &[K::CatalogItem], &failure);
            Vec::new()
        }
    };
    let arns: Vec<String> = listed
        .iter()
        .map(|outpost| outpost.outpost_arn.clone())
        .collect();
    // Asked only once the endpoint has answered (a Region without one has no Outposts and no
    // warning), and only where there are Outposts.
    let capacity_tasks_in_full = async {
        if listed.is_empty() {
            return Vec::new();
        }
        let listed = c
            .run("outposts:ListCapacityTasks", &[K::CapacityTask], || {
                outposts::capacity_tasks(c, client)
            })
            .await
            .unwrap_or_default();
        // A task whose GetCapacityTask fails is kept as listed (without its pools), warned.
        let fetched = join_all(listed.iter().map(|task| {
            c.run_about(
                Some(&task.outpost_id),
                "outposts:GetCapacityTask",
                &[K::CapacityTask],
                || outposts::capacity_task(c, client, task),
            )
        }))
        .await;
        listed
            .iter()
            .zip(fetched)
            .map(|(listed, fetched)| {
                fetched
                    .and_then(|mut full| full.pop())
                    .unwrap_or_else(|| listed.clone())
            })
            .collect::<Vec<_>>()
    };
    let ec2_offerings = async {
        if arns.is_empty() {
            return Some(Vec::new());
        }
        c.run(
            "ec2:DescribeInstanceTypeOfferings",
            &[K::InstanceTypeOffering],
            || ec2::offerings(c, &clients.ec2, LocationType::Outpost, arns.clone()),
        )
        .await
    };
    let per_outpost = join_all(listed.iter().map(|outpost| async move {
        // An Outpost shared with this account through AWS RAM: its hardware and what runs on
        // each host are its owner's to list (an organisation sync reads them in the owner's
        // account), so the owner-only calls are not made here.
        let owned = outpost
            .owner_id
            .as_deref()
            .is_none_or(|owner| owner == c.account_id);
        let assets = if owned {
            c.run("outposts:ListAssets", &[K::Asset], || {
                outposts::assets(c, client, &outpost.outpost_id)
            })
            .await
            .unwrap_or_default()
        } else {
            Vec::new()
        };
        let running = if owned {
            c.run_about(
                Some(&outpost.outpost_id),
                "outposts:ListAssetInstances",
                &[K::AssetInstance],
                || outposts::asset_instances(c, client, &outpost.outpost_id),
            )
            .await
            .unwrap_or_default()
        } else {
            Vec::new()
        };
        let types = c
            .run_about(
                Some(&outpost.outpost_id),
                "outposts:GetOutpostInstanceTypes",
                &[K::InstanceTypeOffering],
                || outposts::instance_types(c, client, &outpost.outpost_id),
            )
            .await
            .unwrap_or_default();
        (assets, running, outpost.outpost_arn.clone(), types)
    }));
    let (ec2_offerings, per_outpost, capacity_tasks) =
        tokio::join!(ec2_offerings, per_outpost, capacity_tasks_in_full);
    let mut part = OutpostsPart {
        outposts: listed,
        sites,
        assets: Vec::new(),
        asset_instances: Vec::new(),
        capacity_tasks,
        catalog_items,
        offerings: ec2_offerings.unwrap_or_default(),
    };
    for (assets, running, arn, types) in per_outpost {
        part.assets.extend(assets);
        part.asset_instances.extend(running);
        part.offerings
            .extend(types.into_iter().map(|kind| (arn.clone(), kind)));
    }
    Some(part)
}

/// `call`'s answer when `read`, else `None` without making it (futures do nothing until awaited).
async fn if_read<T>(read: bool, call: impl Future<Output = Option<T>>) -> Option<T> {
    if read { call.await } else { None }
}

/// Runs futures concurrently on this task and returns their outputs in order.
async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut pending: Vec<std::pin::Pin<Box<F>>> = futures.into_iter().map(Box::pin).collect();
    let mut outputs: Vec<Option<F::Output>> = pending.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all_done = true;
        for (future, output) in pending.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}
