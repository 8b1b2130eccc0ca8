//! What a plan says: for each workload, the recommendation and why, every candidate with its
//! RTT and reasons, caveats, and racks for Outposts placements. Plain data, serialised as the
//! `plan --json` contract; [`super::placement`] decides it.

use std::borrow::Cow;

use serde::Serialize;
use smallvec::SmallVec;

use super::latency::ModelParameters;
use super::racks::RackPlan;
use super::reason::Reason;

/// The kind of place a workload can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CandidateKind {
    /// An AWS Region.
    Region,
    /// A Local Zone.
    LocalZone,
    /// A Wavelength Zone.
    WavelengthZone,
    /// An Outpost (existing, or `new` at the users' site).
    Outpost,
}

impl CandidateKind {
    /// The kind as people write it: "Region", "Local Zone", "Wavelength Zone", "Outpost".
    pub fn label(self) -> &'static str {
        match self {
            CandidateKind::Region => "Region",
            CandidateKind::LocalZone => "Local Zone",
            CandidateKind::WavelengthZone => "Wavelength Zone",
            CandidateKind::Outpost => "Outpost",
        }
    }
}

/// Whether an RTT was measured or modelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RttSource {
    /// Every user's RTT to the location was measured.
    Measured,
    /// From the model (domain notes, section 2), for at least one user.
    Model,
}

/// One candidate location for one workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Candidate<'a> {
    /// Region, Local Zone, Wavelength Zone or Outpost.
    pub kind: CandidateKind,
    /// Region code, zone name, Outpost id, or `new`.
    pub location: Cow<'a, str>,
    /// The worst RTT over the workload's users, ms (rounded to 0.1), `null` when unknown.
    pub rtt_ms: Option<f64>,
    /// Measured or model.
    pub rtt_source: RttSource,
    /// Whether every condition holds.
    pub feasible: bool,
    /// Every failed condition (serialised as sentences); empty when feasible. Most candidates
    /// have one, kept inline: a plan holds hundreds of thousands of candidates.
    pub reasons: SmallVec<[Reason<'a>; 1]>,
    /// Information that does not reject: opt-in needed, Graviton offered, home Region chosen.
    pub notes: SmallVec<[Cow<'a, str>; 1]>,
    /// The country the data would be in.
    pub country: Option<Cow<'a, str>>,
    #[serde(skip)]
    pub(super) rank: u8,
    /// Position of the location in name order, the last tie-break.
    #[serde(skip)]
    pub(super) order: u32,
}

/// The chosen candidate and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Recommendation<'a> {
    /// Region, Local Zone, Wavelength Zone or Outpost.
    pub kind: CandidateKind,
    /// Region code, zone name, Outpost id, or `new`.
    pub location: Cow<'a, str>,
    /// The worst RTT over the users, ms.
    pub rtt_ms: Option<f64>,
    /// Measured or model.
    pub rtt_source: RttSource,
    /// Why this one.
    pub reasons: Vec<Cow<'a, str>>,
}

/// The plan for one workload.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkloadPlan<'a> {
    /// The workload's name.
    pub name: String,
    /// The recommendation, or `null` when nothing is feasible.
    pub recommendation: Option<Recommendation<'a>>,
    /// Every candidate: feasible ones in recommendation order, then the rest by RTT.
    pub candidates: Vec<Candidate<'a>>,
    /// Caveats of the recommendation (residency, backups) and of the inputs.
    pub warnings: Vec<String>,
    /// Rack counts and bills of materials, for Outposts placements.
    pub racks: Option<RackPlan>,
}

fn owned(text: Cow<'_, str>) -> Cow<'static, str> {
    Cow::Owned(text.into_owned())
}

impl Candidate<'_> {
    /// The same candidate, owning its text (to outlive the [`PlanContext`]).
    pub fn into_owned(self) -> Candidate<'static> {
        Candidate {
            kind: self.kind,
            location: owned(self.location),
            rtt_ms: self.rtt_ms,
            rtt_source: self.rtt_source,
            feasible: self.feasible,
            reasons: self.reasons.into_iter().map(|r| r.into_owned()).collect(),
            notes: self.notes.into_iter().map(owned).collect(),
            country: self.country.map(owned),
            rank: self.rank,
            order: self.order,
        }
    }
}

impl WorkloadPlan<'_> {
    /// The same plan, owning its text (to outlive the [`PlanContext`], e.g. on another thread).
    pub fn into_owned(self) -> WorkloadPlan<'static> {
        WorkloadPlan {
            name: self.name,
            recommendation: self.recommendation.map(|r| Recommendation {
                kind: r.kind,
                location: owned(r.location),
                rtt_ms: r.rtt_ms,
                rtt_source: r.rtt_source,
                reasons: r.reasons.into_iter().map(owned).collect(),
            }),
            candidates: self
                .candidates
                .into_iter()
                .map(Candidate::into_owned)
                .collect(),
            warnings: self.warnings,
            racks: self.racks,
        }
    }
}

/// Where the planner's facts come from.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanSources {
    /// The services table.
    pub services_table: String,
    /// The hardware catalog.
    pub hardware_catalog: String,
    /// The location catalog.
    pub location_catalog: String,
    /// The snapshot used, if any.
    pub snapshot: Option<i64>,
}

/// All workloads' plans, with the model's parameters and the sources.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanReport<'a> {
    /// The latency model's parameters.
    pub parameters: ModelParameters,
    /// Where the facts come from.
    pub sources: PlanSources,
    /// One plan per workload, in file order.
    pub workloads: Vec<WorkloadPlan<'a>>,
}

impl PlanReport<'_> {
    /// The same report, owning its text (to keep it after the [`PlanContext`] is gone).
    pub fn into_owned(self) -> PlanReport<'static> {
        PlanReport {
            parameters: self.parameters,
            sources: self.sources,
            workloads: self
                .workloads
                .into_iter()
                .map(WorkloadPlan::into_owned)
                .collect(),
        }
    }
}
