//! Placement reports: a plan made something a planner can hand to their team, their network
//! engineers and their AWS account team. [`Report::new`] gathers what every format shows (the
//! plan of each workload with its budget and users, the planned rack networks as the scenes the
//! app draws, the assumptions and where every figure comes from); one module per format writes
//! it: [`html`] (one self-contained file, diagrams as inline SVG, a print stylesheet),
//! [`markdown`], [`csv_rows`] (one row per workload and candidate) and [`json`] (the `plan
//! --json` object plus a `report` member). Every string from AWS or a user is escaped for its
//! format there; [`write_atomically`] never leaves a half-written file behind.

pub mod build_plan;
pub mod csv_rows;
pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::catalog::LocationCatalog;
use crate::catalog::hardware::HardwareCatalog;
use crate::elevation::planned_racks;
use crate::model::Estate;
use crate::planner::Catalogs;
use crate::planner::build_plan::{AddressingInput, BuildPlan, build_plan};
use crate::planner::plan::{
    Candidate, CandidateKind, PlanReport, Recommendation, RttSource, WorkloadPlan,
};
use crate::planner::racks::{BomMetric, RackPlan, ace_breakeven, plans_by_rack_count};
use crate::planner::workload::Workload;
use crate::scene::Point;
use crate::scene::bom_chart::{CHARTED, bom_chart};
use crate::scene::map::WorldMap;
use crate::scene::map_plan::{PlanOverlay, plan_overlay};
use crate::scene::rack_network::rack_network_picture;
use crate::scene::racks::rack_elevations_picture;
use crate::scene::style::Palette;
use crate::scene::svg::{excerpt_to_svg, to_svg};
use crate::topology::rack_network::RackNetwork;

/// A report file's format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReportFormat {
    /// One self-contained HTML file.
    Html,
    /// Markdown, the diagrams left out with a note.
    Markdown,
    /// One row per workload and candidate.
    Csv,
    /// The `plan --json` object with a `report` member.
    Json,
    /// PDF on the report's paper size.
    Pdf,
}

impl ReportFormat {
    /// The format a file name's extension says (`.html`/`.htm`, `.pdf`, `.md`, `.csv`, `.json`).
    pub fn from_path(path: &Path) -> Option<ReportFormat> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        ReportFormat::from_name(&extension)
    }

    /// The format of a name as the command line takes it (`html`, `pdf`, `md`, `csv`, `json`).
    pub fn from_name(name: &str) -> Option<ReportFormat> {
        match name {
            "html" | "htm" => Some(ReportFormat::Html),
            "md" | "markdown" => Some(ReportFormat::Markdown),
            "csv" => Some(ReportFormat::Csv),
            "json" => Some(ReportFormat::Json),
            "pdf" => Some(ReportFormat::Pdf),
            _ => None,
        }
    }
}

/// Where the report's inputs come from, said in its assumptions.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ReportMeta {
    /// Edge Atlas's version.
    pub version: String,
    /// When the report was made (RFC 3339, UTC).
    pub generated_at: String,
    /// The command that makes it again.
    pub command: String,
    /// The snapshot the plan considered, if any.
    pub snapshot: Option<SnapshotNote>,
    /// The file of measured RTTs used, if any.
    pub measured_rtts: Option<String>,
    /// The PDF's paper size.
    pub paper: pdf::Paper,
}

/// The snapshot a report rests on.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SnapshotNote {
    /// The snapshot id.
    pub id: i64,
    /// When it was taken (RFC 3339).
    pub taken_at: String,
    /// The account.
    pub account_id: String,
    /// Where it came from (`demo`, `sync`, `import`).
    pub source: String,
    /// Its age when the report was made, in days.
    pub age_days: f64,
}

impl SnapshotNote {
    /// The note of a stored snapshot, its age taken at `now_rfc3339` (0 when either time does
    /// not parse).
    pub fn new(info: &crate::model::SnapshotInfo, now_rfc3339: &str) -> SnapshotNote {
        use time::OffsetDateTime;
        use time::format_description::well_known::Rfc3339;
        let parse = |text: &str| OffsetDateTime::parse(text, &Rfc3339).ok();
        let age_days = match (parse(&info.created_at), parse(now_rfc3339)) {
            (Some(taken), Some(now)) => ((now - taken).as_seconds_f64() / 86_400.0).max(0.0),
            _ => 0.0,
        };
        SnapshotNote {
            id: info.id,
            taken_at: info.created_at.clone(),
            account_id: info.account_id.clone().unwrap_or_default(),
            source: info.source.clone(),
            age_days,
        }
    }
}

/// What a report's build plan is, before its tables.
pub const BUILD_PLAN_INTRO: &str = "The recommended layout's cabling, VLANs and addresses with this product's default pools, VLANs and ASNs (edge-atlas netplan sets your own).";

/// A snapshot older than this many days is flagged as something to decide on.
pub const STALE_AFTER_DAYS: f64 = 7.0;

/// The diagrams of an Outposts placement, as SVG drawn from the app's scenes: the planned rack
/// networks without and with the aggregation rack, the chart of the bill of materials against
/// rack count, and the planned racks' elevations.
#[derive(Clone, Debug, PartialEq)]
pub struct PlannedDiagrams {
    /// The rack network without an ACE rack.
    pub without_ace_svg: String,
    /// The rack network with one.
    pub with_ace_svg: String,
    /// The network counts against compute rack count, without and with the aggregation rack.
    pub chart_svg: String,
    /// Per charted count, from how many compute racks the aggregation rack needs fewer.
    pub breakeven: Vec<(BomMetric, Option<u32>)>,
    /// The planned racks' elevations (with the aggregation rack when the plan recommends it),
    /// against the site's power and weight limits when the workload names a known site.
    pub elevations_svg: String,
    /// The site the elevations are checked against, if any.
    pub site: Option<String>,
    /// The network build plan of the recommended layout (with the aggregation rack when the
    /// plan recommends or requires one), with this product's default pools, VLANs and ASNs,
    /// checked against the snapshot; `None` when the defaults cannot hold it (the message).
    pub build_plan: Result<BuildPlan, String>,
}

/// The margin around a diagram, scene units: room for labels a font draws wider than the
/// scene's estimate of their width.
const DIAGRAM_MARGIN: f32 = 40.0;

/// The most compute racks the report's chart goes to.
const CHART_MAX_RACKS: u32 = 48;

impl PlannedDiagrams {
    /// Draws the diagrams of `racks` for `workload` (its site looked up in `estate`).
    fn new(
        racks: &RackPlan,
        workload: Option<&Workload>,
        estate: Option<&Estate>,
        hardware: &HardwareCatalog,
        palette: &Palette,
    ) -> PlannedDiagrams {
        let draw = |network: RackNetwork| {
            to_svg(
                &rack_network_picture(&network, palette, None).scene,
                DIAGRAM_MARGIN,
            )
        };
        let last = (racks.planned_racks.max(racks.racks) * 2).clamp(8, CHART_MAX_RACKS);
        let series = plans_by_rack_count(&racks.input(), 1..=last, hardware);
        let aggregation = aggregation_name(&racks.aggregation, false);
        let site = workload
            .and_then(|w| w.site.as_deref())
            .and_then(|id| estate?.sites.iter().find(|s| s.site_id == id));
        let with_aggregation = racks.ace_required || racks.ace_recommended;
        let elevations = planned_racks(
            &racks.rack_configuration,
            &racks.layout(with_aggregation),
            hardware,
            site,
        );
        PlannedDiagrams {
            without_ace_svg: draw(RackNetwork::planned(&racks.layout(false))),
            with_ace_svg: draw(RackNetwork::planned(&racks.layout(true))),
            chart_svg: to_svg(
                &bom_chart(&series, racks.racks, &aggregation, palette),
                DIAGRAM_MARGIN,
            ),
            breakeven: CHARTED
                .into_iter()
                .map(|metric| (metric, ace_breakeven(&series, metric)))
                .collect(),
            elevations_svg: to_svg(
                &rack_elevations_picture(&elevations, palette).scene,
                DIAGRAM_MARGIN,
            ),
            site: site.map(|s| s.site_id.clone()),
            build_plan: build_plan(
                &RackNetwork::planned(&racks.layout(with_aggregation)),
                &AddressingInput::default(),
                estate,
            )
            .map_err(|error| error.to_string()),
        }
    }

    /// Where the chart's lines cross, in one sentence.
    pub fn breakeven_sentence(&self, aggregation: &str) -> String {
        let parts: Vec<String> = self
            .breakeven
            .iter()
            .map(|(metric, racks)| match racks {
                Some(racks) => format!("{} from {racks} compute racks", metric.label()),
                None => format!("{} never in the range charted", metric.label()),
            })
            .collect();
        format!(
            "With {} the customer side needs fewer: {}.",
            aggregation_name(aggregation, true),
            parts.join("; ")
        )
    }
}

/// What the planned elevations' caption says of their positions and the site.
pub fn elevations_caption(diagrams: &PlannedDiagrams) -> String {
    format!(
        "Planned racks: hosts per family from the rack configuration, positions drawn by Edge Atlas (AWS installs the racks); power and weight {}",
        match &diagrams.site {
            Some(site) => format!("against site {site}'s limits"),
            None => "not checked against a site (the workload names none)".to_owned(),
        }
    )
}

/// One workload's part of the report.
#[derive(Clone, Debug)]
pub struct WorkloadSection<'p, 'a> {
    /// The plan.
    pub plan: &'p WorkloadPlan<'a>,
    /// The workload as written (budget, users), when the plan's name matches one.
    pub workload: Option<&'p Workload>,
    /// The planned rack networks, for an Outposts recommendation.
    pub diagrams: Option<PlannedDiagrams>,
    /// The map around the users and the candidates (the app's map with the plan over it), as
    /// SVG, when a map was given.
    pub map_svg: Option<String>,
}

/// The map excerpt's width, pixels.
const MAP_EXCERPT_PX: f32 = 760.0;

/// The part of the world an excerpt shows around `overlay`: its users and candidates with a
/// margin, at least 40 x 20 degrees, about twice as wide as high, inside the world.
fn excerpt_region(overlay: &PlanOverlay) -> Option<(Point, Point)> {
    let (min, max) = overlay.scene.bounds()?;
    let center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
    let width = (max.x - min.x + 12.0)
        .max(2.0 * (max.y - min.y + 12.0))
        .clamp(40.0, 360.0);
    let height = width / 2.0;
    let x = (center.x - width / 2.0).clamp(-180.0, 180.0 - width);
    let y = (center.y - height / 2.0).clamp(-90.0, (90.0 - height).max(-90.0));
    Some((Point::new(x, y), Point::new(x + width, y + height)))
}

/// Everything a report shows, in every format.
#[derive(Clone, Debug)]
pub struct Report<'p, 'a> {
    /// The whole plan (parameters, sources).
    pub plan: &'p PlanReport<'a>,
    /// One section per workload, in file order.
    pub sections: Vec<WorkloadSection<'p, 'a>>,
    /// Where the inputs come from.
    pub meta: ReportMeta,
    /// The location catalog, for names and metros.
    pub catalog: &'static LocationCatalog,
    /// The names of the snapshot's Outposts, by id.
    pub outpost_names: BTreeMap<String, String>,
}

impl<'p, 'a> Report<'p, 'a> {
    /// Gathers a report of `plan` (made from `workloads` with `catalogs`, against `estate` when
    /// a snapshot was used), drawing each Outposts placement's diagrams in `palette` and, given
    /// the `map` of the estate, each workload's users and candidates on it.
    pub fn new(
        plan: &'p PlanReport<'a>,
        workloads: &'p [Workload],
        catalogs: &Catalogs,
        estate: Option<&Estate>,
        map: Option<&WorldMap>,
        meta: ReportMeta,
        palette: &Palette,
    ) -> Report<'p, 'a> {
        let no_estate = Estate::default();
        let outpost_names = estate
            .map(|estate| {
                estate
                    .outposts
                    .iter()
                    .map(|o| (o.outpost_id.clone(), o.name.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let sections = plan
            .workloads
            .iter()
            .map(|plan| {
                let workload = workloads.iter().find(|w| w.name == plan.name);
                let map_svg = map.zip(workload).and_then(|(map, workload)| {
                    let overlay =
                        plan_overlay(map, workload, plan, estate.unwrap_or(&no_estate), palette);
                    let region = excerpt_region(&overlay)?;
                    Some(excerpt_to_svg(
                        &[&map.scene, &overlay.scene],
                        region,
                        MAP_EXCERPT_PX,
                        12.0,
                    ))
                });
                WorkloadSection {
                    plan,
                    workload,
                    map_svg,
                    diagrams: plan.racks.as_ref().map(|racks| {
                        PlannedDiagrams::new(racks, workload, estate, catalogs.hardware, palette)
                    }),
                }
            })
            .collect();
        Report {
            plan,
            sections,
            meta,
            catalog: catalogs.locations,
            outpost_names,
        }
    }

    /// The report in `format`.
    pub fn render(&self, format: ReportFormat) -> Result<Vec<u8>, ReportError> {
        match format {
            ReportFormat::Html => Ok(html::render(self).into_bytes()),
            ReportFormat::Markdown => Ok(markdown::render(self).into_bytes()),
            ReportFormat::Csv => csv_rows::render(self),
            ReportFormat::Json => json::render(self),
            ReportFormat::Pdf => pdf::render(self, self.meta.paper),
        }
    }

    /// What needs a decision before the plan is acted on, one sentence each: workloads with
    /// nothing feasible, zones to opt in to, figures that are estimates, a stale snapshot.
    pub fn decisions(&self) -> Vec<String> {
        let mut decisions = Vec::new();
        for section in &self.sections {
            let plan = section.plan;
            match &plan.recommendation {
                None => decisions.push(format!(
                    "{}: nothing is feasible; each candidate below says why",
                    plan.name
                )),
                Some(recommendation) => {
                    if let Some(candidate) = plan.candidates.iter().find(|c| {
                        c.location == recommendation.location && c.kind == recommendation.kind
                    }) && let Some(note) = candidate.notes.iter().find(|n| n.contains("opt-in"))
                    {
                        decisions.push(format!("{}: {note}", plan.name));
                    }
                }
            }
            if let Some(racks) = &plan.racks
                && !racks.estimates.is_empty()
            {
                decisions.push(format!(
                    "{}: {} of the rack figures are estimates ({})",
                    plan.name,
                    racks.estimates.len(),
                    racks
                        .estimates
                        .iter()
                        .map(|e| e.figure.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
        if let Some(snapshot) = &self.meta.snapshot
            && snapshot.age_days > STALE_AFTER_DAYS
        {
            decisions.push(format!(
                "the snapshot ({}) is {:.0} days old: sync again before acting on existing Outposts",
                snapshot.id, snapshot.age_days
            ));
        }
        decisions
    }

    /// A location's name as people say it: a Region's display name, a zone's metro, an
    /// Outpost's name (a new one: "new, at the users' site").
    pub fn place_name(&self, candidate: &Candidate<'_>) -> String {
        match candidate.kind {
            CandidateKind::Region => self
                .catalog
                .region(&candidate.location)
                .map(|r| {
                    if r.name
                        .contains(r.metro.split(',').next().unwrap_or_default())
                    {
                        r.name.clone()
                    } else {
                        format!("{} ({})", r.name, r.metro)
                    }
                })
                .unwrap_or_default(),
            CandidateKind::LocalZone | CandidateKind::WavelengthZone => self
                .catalog
                .zone(&candidate.location)
                .map(|z| z.metro.clone())
                .unwrap_or_default(),
            CandidateKind::Outpost if candidate.location == "new" => {
                "new, at the users' site".to_owned()
            }
            CandidateKind::Outpost => self
                .outpost_names
                .get(candidate.location.as_ref())
                .cloned()
                .unwrap_or_default(),
        }
    }
}

/// How many candidates of each workload the documents (HTML, Markdown) list; CSV and JSON hold
/// every one.
pub const CANDIDATES_LISTED: usize = 12;

/// The aggregation rack as the report writes it ("ACE rack", "network rack"), with its article
/// when `article`.
pub fn aggregation_name(aggregation: &str, article: bool) -> String {
    let (name, a) = match aggregation {
        "ace-rack" => ("ACE rack", "an"),
        "network-rack" => ("network rack", "a"),
        other => (other, "a"),
    };
    if article {
        format!("{a} {name}")
    } else {
        name.to_owned()
    }
}

/// A candidate's failed conditions and notes in one line, as the documents list them.
pub fn why_not(candidate: &Candidate<'_>) -> String {
    candidate
        .reasons
        .iter()
        .map(ToString::to_string)
        .chain(candidate.notes.iter().map(|n| format!("note: {n}")))
        .collect::<Vec<_>>()
        .join("; ")
}

/// What the documents say of the candidates they leave out, if any.
pub fn more_candidates(plan: &WorkloadPlan<'_>) -> Option<String> {
    (plan.candidates.len() > CANDIDATES_LISTED).then(|| {
        format!(
            "And {} more candidates, none better; every candidate is in the CSV and JSON reports.",
            plan.candidates.len() - CANDIDATES_LISTED
        )
    })
}

/// "measured" or "modelled".
pub fn rtt_source_name(source: RttSource) -> &'static str {
    match source {
        RttSource::Measured => "measured",
        RttSource::Model => "modelled",
    }
}

/// An RTT in ms, or "unknown".
pub fn rtt_text(rtt_ms: Option<f64>) -> String {
    rtt_ms.map_or_else(|| "unknown".to_owned(), |rtt| format!("{rtt} ms"))
}

/// One line per workload: where it should run, the RTT against its budget, why, and the racks.
pub fn summary_line(section: &WorkloadSection<'_, '_>) -> String {
    let plan = section.plan;
    let budget = section.workload.map_or(String::new(), |w| {
        format!(" of a {} ms budget", w.latency_budget_ms)
    });
    match &plan.recommendation {
        None => format!("{}: nothing feasible", plan.name),
        Some(r) => {
            let racks = plan.racks.as_ref().map_or(String::new(), |racks| {
                format!(
                    "; {} compute rack{}{}",
                    racks.racks,
                    if racks.racks == 1 { "" } else { "s" },
                    if racks.ace_required || racks.ace_recommended {
                        format!(" and {}", aggregation_name(&racks.aggregation, true))
                    } else {
                        String::new()
                    }
                )
            });
            format!(
                "{}: {} {} at {} ({}){budget}; {}{racks}",
                plan.name,
                r.kind.label(),
                r.location,
                rtt_text(r.rtt_ms),
                rtt_source_name(r.rtt_source),
                r.reasons.first().map_or("", |reason| reason.as_ref()),
            )
        }
    }
}

/// The users and the budget of a workload, in one line.
pub fn users_line(workload: &Workload) -> String {
    format!(
        "Users: {} · latency budget {} ms round trip",
        workload
            .users
            .iter()
            .map(|u| u.label.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        workload.latency_budget_ms
    )
}

/// The recommendation's headline ("Local Zone us-east-1-bos-1a") and what follows it ("at 4.2
/// ms (modelled)").
pub fn recommendation_headline(recommendation: &Recommendation<'_>) -> (String, String) {
    (
        format!(
            "Recommendation: {} {}",
            recommendation.kind.label(),
            recommendation.location
        ),
        format!(
            "at {} ({})",
            rtt_text(recommendation.rtt_ms),
            rtt_source_name(recommendation.rtt_source)
        ),
    )
}

/// What an Outposts placement is made of, in one sentence: racks now and planned, generation,
/// configuration, and whether the aggregation rack is needed.
pub fn racks_sentence(racks: &RackPlan) -> String {
    format!(
        "{} compute racks now, {} planned, generation {}, configuration {}. {}: {}.",
        racks.racks,
        racks.planned_racks,
        racks.generation,
        racks.rack_configuration.catalog_item_id,
        aggregation_name(&racks.aggregation, false),
        if racks.ace_required {
            "required by this product's policy"
        } else if racks.ace_recommended {
            "recommended"
        } else {
            "not needed"
        }
    )
}

/// The figures of a rack plan that are estimates, with why, if any.
pub fn estimates_line(racks: &RackPlan) -> Option<String> {
    (!racks.estimates.is_empty()).then(|| {
        format!(
            "Estimates: {}",
            racks
                .estimates
                .iter()
                .map(|e| format!("{} ({})", e.figure, e.reason))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })
}

/// The RTT model's parameters as name and value.
pub fn model_parameters(plan: &PlanReport<'_>) -> Vec<(String, String)> {
    match serde_json::to_value(plan.parameters) {
        Ok(serde_json::Value::Object(object)) => object
            .into_iter()
            .map(|(name, value)| (name, value.to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The snapshot the report rests on, in one sentence.
pub fn snapshot_sentence(meta: &ReportMeta) -> String {
    match &meta.snapshot {
        Some(s) => format!(
            "Snapshot {}, taken {}, account {}, source {}, {:.1} days old when this report was made.",
            s.id, s.taken_at, s.account_id, s.source, s.age_days
        ),
        None => "No snapshot: existing Outposts were not considered.".to_owned(),
    }
}

/// Why a report could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// Serialising the plan failed.
    #[error("cannot serialise the plan: {0}")]
    Json(#[from] serde_json::Error),
    /// Writing CSV rows failed.
    #[error("cannot write CSV: {0}")]
    Csv(#[from] csv::Error),
    /// Laying out or writing the PDF failed.
    #[error("cannot make the PDF: {0}")]
    Pdf(String),
    /// The file could not be written (the reason is its source).
    #[error("cannot write {path}")]
    Write {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// Writes `bytes` to `path` through a temporary file in the same directory renamed into place:
/// a failure never leaves a half-written report or clobbers a good one.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let error = |source| ReportError::Write {
        path: path.display().to_string(),
        source,
    };
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".to_owned());
    let temporary = directory.join(format!(".{file_name}.{}.partial", std::process::id()));
    let written =
        std::fs::write(&temporary, bytes).and_then(|()| std::fs::rename(&temporary, path));
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(error(source));
    }
    Ok(())
}
