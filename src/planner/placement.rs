//! Where each workload should run: every Region, Local Zone and Wavelength Zone of the catalog
//! merged with the snapshot, every existing Outpost, and a new Outpost at the users' site, each
//! judged on latency, residency, services, instance types, architecture and capacity, with every
//! failed condition given as a reason.
//!
//! Order among feasible candidates (domain notes, section 2): for mobile 5G clients a Wavelength
//! Zone (of their carrier, when given); then a Region; then a Local Zone; then an existing
//! Outpost with capacity; then a new Outpost at the users' site. Ties go to the lowest RTT. When
//! nothing is feasible the recommendation is empty and every candidate says why.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Mutex;

use super::latency::{MeasuredRtts, ModelParameters, PathShape, model_rtt_ms};
use super::places::{describe, location_places, outpost_places};
use super::plan::{
    Candidate, CandidateKind, PlanReport, PlanSources, Recommendation, RttSource, WorkloadPlan,
};
use super::racks::{RackPlan, RackPlanInput};
use super::reason::Reason;
use super::services::{Offered, ServiceTable, family_of};
use super::workload::{Arch, Clients, Workload};
use crate::catalog::{HardwareCatalog, LocationCatalog};
use crate::model::{Estate, OptInStatus};

/// A place a workload could go, prepared once per plan.
pub(super) struct Place {
    pub(super) kind: CandidateKind,
    pub(super) location: String,
    pub(super) coordinates: Option<Trig>,
    pub(super) country: Option<String>,
    pub(super) region: String,
    pub(super) carrier: Option<String>,
    /// A zone AWS no longer lists (the catalog's `status`).
    pub(super) retired: bool,
    pub(super) opt_in: Option<OptInStatus>,
    pub(super) services: Vec<String>,
    pub(super) all_services: bool,
    /// `services` as bits of the services table's `known_services` (all bits when all).
    pub(super) service_mask: u64,
    pub(super) families: Offered,
    pub(super) graviton: Vec<String>,
    /// The Graviton note, written once.
    pub(super) graviton_note: Option<String>,
    pub(super) outpost: Option<OutpostFacts>,
}

/// A point's latitude and longitude in radians and the cosine of its latitude, computed once.
#[derive(Clone, Copy)]
pub(super) struct Trig {
    pub(super) lat: f64,
    pub(super) lon: f64,
    pub(super) cos_lat: f64,
}

impl Trig {
    pub(super) fn new(lat_degrees: f64, lon_degrees: f64) -> Trig {
        let lat = lat_degrees.to_radians();
        Trig {
            lat,
            lon: lon_degrees.to_radians(),
            cos_lat: lat.cos(),
        }
    }

    /// Great-circle distance in km (haversine, as [`great_circle_km`]).
    pub(super) fn km_to(&self, other: &Trig) -> f64 {
        let a = ((other.lat - self.lat) / 2.0).sin().powi(2)
            + self.cos_lat * other.cos_lat * ((other.lon - self.lon) / 2.0).sin().powi(2);
        2.0 * 6371.0 * a.sqrt().min(1.0).asin()
    }
}

pub(super) struct OutpostFacts {
    pub(super) site_id: String,
    /// Neither the site's coordinates nor its city are known: the home Region's are used.
    pub(super) location_unknown: bool,
    pub(super) free_vcpus: f64,
    pub(super) rack_count: u32,
}

/// Everything the planner reads, prepared once for many workloads.
pub struct PlanContext<'a> {
    pub(super) catalog: &'a LocationCatalog,
    pub(super) hardware: &'a HardwareCatalog,
    pub(super) services: &'a ServiceTable,
    pub(super) estate: Option<&'a Estate>,
    pub(super) measured: &'a MeasuredRtts,
    pub(super) parameters: ModelParameters,
    pub(super) places: Vec<Place>,
    pub(super) outpost_regions: Vec<(String, f64, f64, String)>,
    pub(super) snapshot: Option<i64>,
    /// Rack plans already made, by input (workloads often need the same one).
    pub(super) rack_plans: Mutex<HashMap<RackPlanInput, Option<RackPlan>>>,
}

impl<'a> PlanContext<'a> {
    /// Prepares the candidates from the catalogs and, when given, a snapshot's estate.
    pub fn new(
        catalog: &'a LocationCatalog,
        hardware: &'a HardwareCatalog,
        services: &'a ServiceTable,
        estate: Option<(i64, &'a Estate)>,
        measured: &'a MeasuredRtts,
        parameters: ModelParameters,
    ) -> PlanContext<'a> {
        let empty = Estate::default();
        let observed = estate.map_or(&empty, |(_, e)| e);
        let mut places = location_places(catalog, services, observed);
        places.extend(outpost_places(catalog, services, observed));
        // Name order once, so ties between equal RTTs break on an index, not a string compare.
        places.sort_by(|a, b| a.location.cmp(&b.location));
        for place in &mut places {
            describe(place, services);
        }
        let outpost_regions = catalog
            .regions
            .iter()
            .filter(|r| r.outposts_endpoint)
            .map(|r| (r.region.clone(), r.lat, r.lon, r.country.clone()))
            .collect();
        PlanContext {
            catalog,
            hardware,
            services,
            estate: estate.map(|(_, e)| e),
            measured,
            parameters,
            places,
            outpost_regions,
            snapshot: estate.map(|(id, _)| id),
            rack_plans: Mutex::new(HashMap::new()),
        }
    }

    /// Plans every workload.
    pub fn plan(&'a self, workloads: &[Workload]) -> PlanReport<'a> {
        PlanReport {
            parameters: self.parameters,
            sources: PlanSources {
                services_table: format!(
                    "{} (retrieved {})",
                    self.services.source, self.services.retrieved
                ),
                hardware_catalog: format!(
                    "{} (retrieved {})",
                    self.hardware.source, self.hardware.retrieved
                ),
                location_catalog:
                    "assets/catalog/regions.csv and edge-zones.csv (see their headers)".to_owned(),
                snapshot: self.snapshot,
            },
            workloads: self.plan_all(workloads),
        }
    }

    /// Plans the workloads on every core: each workload's plan is independent.
    fn plan_all(&'a self, workloads: &[Workload]) -> Vec<WorkloadPlan<'a>> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        if threads < 2 || workloads.len() < 64 {
            return workloads.iter().map(|w| self.plan_one(w)).collect();
        }
        let chunk = workloads.len().div_ceil(threads);
        std::thread::scope(|scope| {
            let handles: Vec<_> = workloads
                .chunks(chunk)
                .map(|part| {
                    scope.spawn(move || part.iter().map(|w| self.plan_one(w)).collect::<Vec<_>>())
                })
                .collect();
            // A panicking worker is a bug; planning that part again on this thread gives the
            // same answer (or the same panic, with its message) rather than a silent gap.
            handles
                .into_iter()
                .zip(workloads.chunks(chunk))
                .flat_map(|(handle, part)| {
                    handle
                        .join()
                        .unwrap_or_else(|_| part.iter().map(|w| self.plan_one(w)).collect())
                })
                .collect()
        })
    }

    pub(super) fn rtt(
        &self,
        workload: &Workload,
        users: &[Trig],
        place_location: &str,
        coordinates: Option<Trig>,
        shape: impl Fn(usize) -> PathShape,
    ) -> (Option<f64>, RttSource) {
        let mut worst: Option<f64> = Some(0.0);
        let mut all_measured = true;
        for (index, (user, at)) in workload.users.iter().zip(users).enumerate() {
            let value = match self.measured.get(&user.label, place_location) {
                Some(measured) => Some(measured),
                None => {
                    all_measured = false;
                    coordinates
                        .map(|place| model_rtt_ms(&self.parameters, at.km_to(&place), shape(index)))
                }
            };
            worst = match (worst, value) {
                (Some(a), Some(b)) => Some(a.max(b)),
                _ => None,
            };
        }
        (
            worst.map(|v| (v * 10.0).round() / 10.0),
            if all_measured {
                RttSource::Measured
            } else {
                RttSource::Model
            },
        )
    }

    fn plan_one(&'a self, workload: &Workload) -> WorkloadPlan<'a> {
        let asked = Asked {
            workload,
            users: workload
                .users
                .iter()
                .map(|u| Trig::new(u.lat, u.lon))
                .collect(),
            allowed: workload.residency.join(", "),
            services: service_mask(self.services, &workload.services),
        };
        let mut candidates: Vec<Candidate<'a>> = Vec::with_capacity(self.places.len() + 1);
        // Reasons and notes are gathered in scratch buffers and copied out at their exact length:
        // hundreds of thousands of candidates would otherwise each hold room for four.
        let mut reasons: Vec<Reason<'a>> = Vec::with_capacity(8);
        let mut notes: Vec<Cow<'a, str>> = Vec::with_capacity(8);
        for (order, place) in self.places.iter().enumerate() {
            let candidate = self.judge(&asked, (order, place), (&mut reasons, &mut notes));
            candidates.push(candidate);
        }
        candidates.push(self.new_outpost(workload, &asked.users, &asked.allowed));
        let candidates = ranked(candidates);
        let chosen = candidates.first().filter(|c| c.feasible).cloned();
        let mut warnings = Vec::new();
        if workload.users.len() > 1 {
            warnings.push(format!(
                "{} user locations: each candidate's RTT is the worst of them",
                workload.users.len()
            ));
        }
        let recommendation = chosen
            .as_ref()
            .map(|c| self.recommendation(workload, c, &mut warnings));
        let racks = chosen
            .as_ref()
            .filter(|c| c.kind == CandidateKind::Outpost)
            .and_then(|c| self.racks_for(workload, c, &mut warnings));
        WorkloadPlan {
            name: workload.name.clone(),
            recommendation,
            candidates,
            warnings,
            racks,
        }
    }

    /// One prepared place judged for `workload`: its RTT and every reason it is not feasible.
    /// `scratch` holds the reasons and notes while they are gathered (reused across places).
    // `drain(..).collect()` on purpose: an exact-size copy, the scratch buffer kept for reuse.
    #[allow(clippy::drain_collect)]
    fn judge(
        &'a self,
        asked: &Asked<'_>,
        (order, place): (usize, &'a Place),
        (reasons, notes): (&mut Vec<Reason<'a>>, &mut Vec<Cow<'a, str>>),
    ) -> Candidate<'a> {
        let workload = asked.workload;
        let mobile = workload.clients == Clients::Mobile5g;
        // Carriers match by name exactly (case aside); where one name covers networks in
        // several countries (Vodafone), the users' country picks the network.
        let same_carrier = match (&workload.carrier, &place.carrier) {
            (Some(wanted), Some(carrier)) => carrier.eq_ignore_ascii_case(wanted),
            (None, _) => true,
            (Some(_), None) => false,
        };
        let users_countries: Vec<&str> = workload
            .users
            .iter()
            .filter_map(|user| user.country.as_deref())
            .collect();
        let other_network = workload.carrier.is_some()
            && same_carrier
            && !users_countries.is_empty()
            && place
                .country
                .as_deref()
                .is_some_and(|country| !users_countries.contains(&country));
        let own_carrier =
            place.kind == CandidateKind::WavelengthZone && same_carrier && !other_network;
        let user_site = place
            .outpost
            .as_ref()
            .is_some_and(|o| workload.site.as_deref() == Some(o.site_id.as_str()));
        let shape = |_| PathShape {
            onsite: user_site && workload.clients == Clients::OnPremises,
            mobile,
            own_carrier_wavelength: own_carrier,
        };
        let (rtt, source) = self.rtt(
            workload,
            &asked.users,
            &place.location,
            place.coordinates,
            shape,
        );
        if place.kind == CandidateKind::WavelengthZone {
            if !mobile {
                reasons.push(Reason::WavelengthNotMobile);
            } else if other_network {
                let mut countries = users_countries.clone();
                countries.dedup();
                reasons.push(Reason::OtherNetwork {
                    carrier: Cow::Borrowed(place.carrier.as_deref().unwrap_or_default()),
                    zone_country: Cow::Borrowed(place.country.as_deref().unwrap_or_default()),
                    users_country: countries.join(", "),
                });
            } else if !own_carrier {
                reasons.push(Reason::OtherCarrier {
                    users: workload.carrier.clone().map(Cow::Owned),
                    zone: place.carrier.as_deref().map(Cow::Borrowed),
                });
            } else if workload.carrier.is_none() {
                notes.push(Cow::Owned(format!(
                    "assumes the users are on {}",
                    place.carrier.as_deref().unwrap_or("this zone's carrier")
                )));
            }
        }
        if place.retired {
            reasons.push(Reason::Retired);
        }
        common_checks(
            workload,
            rtt,
            place.country.as_deref(),
            &asked.allowed,
            reasons,
        );
        if asked.services & !place.service_mask != 0 {
            let missing: Vec<&str> = workload
                .services
                .iter()
                .filter(|s| !place.services.contains(s))
                .map(String::as_str)
                .collect();
            reasons.push(Reason::ServicesMissing {
                services: missing.join(", "),
                table: Cow::Borrowed(&self.services.retrieved),
            });
        }
        if workload
            .instance_types
            .iter()
            .any(|t| !place.families.includes(family_of(t)))
        {
            let missing: Vec<&str> = workload
                .instance_types
                .iter()
                .map(|t| family_of(t))
                .filter(|f| !place.families.includes(f))
                .collect();
            reasons.push(Reason::FamiliesMissing(missing.join(", ")));
        }
        match (&place.graviton_note, workload.arch) {
            (None, Arch::Arm64) => reasons.push(Reason::NoGraviton),
            (Some(note), Arch::Arm64 | Arch::Any) => notes.push(Cow::Borrowed(note.as_str())),
            _ => {}
        }
        if place.outpost.as_ref().is_some_and(|o| o.location_unknown) {
            notes.push(Cow::Borrowed(
                "site location unknown: latency to its home Region used",
            ));
        }
        if let Some(outpost) = &place.outpost
            && outpost.free_vcpus < workload.vcpus
        {
            reasons.push(Reason::NoCapacity {
                free_vcpus: outpost.free_vcpus,
                needed_vcpus: workload.vcpus,
            });
        }
        if place.opt_in == Some(OptInStatus::NotOptedIn) {
            notes.push(Cow::Borrowed("requires opt-in"));
        }
        let rank = match place.kind {
            CandidateKind::WavelengthZone => 1,
            CandidateKind::Region => 2,
            CandidateKind::LocalZone => 3,
            CandidateKind::Outpost => 4,
        };
        Candidate {
            kind: place.kind,
            location: Cow::Borrowed(&place.location),
            rtt_ms: rtt,
            rtt_source: source,
            feasible: reasons.is_empty(),
            reasons: reasons.drain(..).collect(),
            notes: notes.drain(..).collect(),
            country: place.country.as_deref().map(Cow::Borrowed),
            rank,
            order: order as u32,
        }
    }

    /// Why `chosen` is recommended, and its caveats added to `warnings`.
    fn recommendation(
        &'a self,
        workload: &Workload,
        c: &Candidate<'a>,
        warnings: &mut Vec<String>,
    ) -> Recommendation<'a> {
        let mobile = workload.clients == Clients::Mobile5g;
        let order = if mobile {
            "Wavelength Zone of the users' carrier, Region, Local Zone, existing Outpost, new Outpost"
        } else {
            "Region, Local Zone, existing Outpost, new Outpost"
        };
        let mut reasons: Vec<Cow<'a, str>> = vec![Cow::Owned(format!(
            "first feasible candidate in the order {order}, ties to the lowest RTT; RTT {} ms within the {} ms budget ({})",
            c.rtt_ms.map_or("?".to_owned(), |r| format!("{r}")),
            workload.latency_budget_ms,
            match c.rtt_source {
                RttSource::Measured => "measured",
                RttSource::Model => "modelled",
            }
        ))];
        reasons.extend(c.notes.iter().cloned());
        self.caveats(workload, c, warnings);
        Recommendation {
            kind: c.kind,
            location: c.location.clone(),
            rtt_ms: c.rtt_ms,
            rtt_source: c.rtt_source,
            reasons,
        }
    }

    /// Residency and backup caveats of the chosen candidate.
    fn caveats(&self, workload: &Workload, chosen: &Candidate<'_>, warnings: &mut Vec<String>) {
        let region_country = |region: &str| self.catalog.region(region).map(|r| r.country.clone());
        let place = self.places.iter().find(|p| p.location == *chosen.location);
        match chosen.kind {
            CandidateKind::LocalZone => {
                if let Some(place) = place {
                    let parent_country = region_country(&place.region);
                    warnings.push(format!(
                        "EBS snapshots of Local Zone volumes go to the parent Region {} ({}) by default; Local Zones with local S3 can keep them in the zone (local snapshots)",
                        place.region,
                        parent_country.as_deref().unwrap_or("country unknown")
                    ));
                    if parent_country.is_some()
                        && parent_country.as_deref() != place.country.as_deref()
                    {
                        warnings.push(format!(
                            "{} is parented to {} in another country ({}): control plane and snapshots leave {}",
                            place.location,
                            place.region,
                            parent_country.as_deref().unwrap_or("?"),
                            place.country.as_deref().unwrap_or("the zone's country")
                        ));
                    }
                }
            }
            CandidateKind::Outpost => {
                let home = place.map(|p| p.region.clone()).or_else(|| {
                    chosen.notes.iter().find_map(|n| {
                        n.strip_prefix("home Region ")
                            .and_then(|r| r.split(':').next())
                            .map(str::to_owned)
                    })
                });
                if let Some(home) = home {
                    warnings.push(format!(
                        "Outposts backups (EBS snapshots) go to the home Region {home} ({}) unless kept local",
                        region_country(&home).as_deref().unwrap_or("country unknown")
                    ));
                }
            }
            _ => {}
        }
        if !workload.residency.is_empty() && chosen.kind == CandidateKind::Region {
            warnings.push(
                "a Region keeps data in its country; check that every service used stays in-Region"
                    .to_owned(),
            );
        }
    }
}

/// Latency and residency, the checks every candidate shares.
pub(super) fn common_checks<'a>(
    workload: &Workload,
    rtt: Option<f64>,
    country: Option<&'a str>,
    allowed: &str,
    reasons: &mut Vec<Reason<'a>>,
) {
    match rtt {
        Some(rtt) if rtt > workload.latency_budget_ms => reasons.push(Reason::RttOverBudget {
            rtt_ms: rtt,
            budget_ms: workload.latency_budget_ms,
        }),
        None => reasons.push(Reason::RttUnknown),
        _ => {}
    }
    if !workload.residency.is_empty()
        && !country.is_some_and(|c| workload.residency.iter().any(|r| r == c))
    {
        reasons.push(Reason::Residency {
            country: country.map(Cow::Borrowed),
            allowed: Cow::Owned(allowed.to_owned()),
        });
    }
}

/// What judging needs of one workload, worked out once before its candidates.
struct Asked<'w> {
    workload: &'w Workload,
    /// Where its users are.
    users: Vec<Trig>,
    /// The countries its data may stay in, as one list for messages.
    allowed: String,
    /// The services it needs, as bits of the services table.
    services: u64,
}

/// The candidates in recommendation order. Sorts small precomputed keys, not the (large)
/// candidates, then moves each once. Key: feasible ones first in rank order, the rest after;
/// then RTT (non-negative, so its bits order like the number; unknown last); then name order.
fn ranked(candidates: Vec<Candidate<'_>>) -> Vec<Candidate<'_>> {
    let mut order: Vec<(u8, u64, u32, usize)> = candidates
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let group = if c.feasible { c.rank } else { u8::MAX };
            (
                group,
                c.rtt_ms.map_or(u64::MAX, |rtt| rtt.max(0.0).to_bits()),
                c.order,
                index,
            )
        })
        .collect();
    order.sort_unstable();
    let order = order.into_iter().map(|(.., index)| index);
    let mut slots: Vec<Option<Candidate<'_>>> = candidates.into_iter().map(Some).collect();
    order.into_iter().filter_map(|i| slots[i].take()).collect()
}

/// Services as bits of the table's `known_services` (the workload file only allows those; the
/// table test keeps the list within 64).
pub(super) fn service_mask(table: &ServiceTable, services: &[String]) -> u64 {
    table
        .known_services
        .iter()
        .take(64)
        .enumerate()
        .filter(|(_, known)| services.contains(known))
        .fold(0, |mask, (bit, _)| mask | 1 << bit)
}

pub(super) fn offered_list(offered: &Offered) -> Vec<String> {
    match offered {
        Offered::All(_) => Vec::new(),
        Offered::Some(items) => items.clone(),
    }
}
