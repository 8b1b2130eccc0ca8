//! The report as PDF, A4 or Letter: the HTML report's content in the same order (summary with
//! links to each workload, what needs a decision, each workload with its candidates, map
//! excerpt and Outposts racks, the assumptions), laid out by [`flow`] in the shipped DejaVu
//! Sans. Text is real text (selectable, and what `pdftotext` reads), the diagrams are the same
//! SVG as the HTML report's, and the outline lists each workload and its racks. Strings from
//! AWS or a user are drawn as glyphs, never interpreted: nothing in a name can become PDF
//! syntax, since krilla writes text as glyph ids.

mod faces;
pub mod flow;
mod paper;

pub use flow::Paper;
use flow::{Column, Flow, Fonts, MUTED, RECOMMENDED_FILL, Row, Style};

use super::build_plan::{
    SECTIONS, addressing_sentence, conflict_sentence, table as build_plan_table,
};
use super::{
    BUILD_PLAN_INTRO, CANDIDATES_LISTED, Report, ReportError, WorkloadSection, aggregation_name,
    elevations_caption, estimates_line, model_parameters, more_candidates, racks_sentence,
    recommendation_headline, rtt_source_name, rtt_text, snapshot_sentence, summary_line,
    users_line, why_not,
};
use crate::planner::build_plan::BuildPlan;
use crate::planner::racks::RackPlan;

/// The document's title, in its metadata and every page's footer.
const TITLE: &str = "Placement report";

/// Each section's diagrams as read for the PDF: the map excerpt, then the planned rack
/// networks without and with the aggregation rack, the chart and the elevations.
struct Figures {
    map: Option<Result<usvg::Tree, String>>,
    planned: Option<[Result<usvg::Tree, String>; 4]>,
}

/// Reads every section's diagrams, on as many threads as the machine has cores (reading them,
/// mostly laying out their labels, is most of the PDF's time).
fn read_figures(fonts: &Fonts, report: &Report<'_, '_>) -> Vec<Figures> {
    let mut svgs: Vec<&str> = Vec::new();
    for section in &report.sections {
        svgs.extend(section.map_svg.as_deref());
        if let Some(d) = &section.diagrams {
            svgs.extend([
                d.without_ace_svg.as_str(),
                d.with_ace_svg.as_str(),
                d.chart_svg.as_str(),
                d.elevations_svg.as_str(),
            ]);
        }
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = svgs.len().div_ceil(threads).max(1);
    let mut trees: Vec<Result<usvg::Tree, String>> = std::thread::scope(|scope| {
        let workers: Vec<_> = svgs
            .chunks(chunk)
            .map(|part| {
                let worker = scope.spawn(move || {
                    part.iter()
                        .map(|svg| fonts.read_svg(svg))
                        .collect::<Vec<_>>()
                });
                (part.len(), worker)
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|(count, worker)| {
                worker.join().unwrap_or_else(|_| {
                    (0..count)
                        .map(|_| Err("the diagram reader failed".to_owned()))
                        .collect()
                })
            })
            .collect::<Vec<_>>()
    });
    trees.reverse();
    let mut next = || trees.pop().unwrap_or_else(|| Err("no diagram".to_owned()));
    report
        .sections
        .iter()
        .map(|section| Figures {
            map: section.map_svg.as_ref().map(|_| next()),
            planned: section
                .diagrams
                .as_ref()
                .map(|_| [next(), next(), next(), next()]),
        })
        .collect()
}

/// The report as PDF on `paper`.
pub fn render(report: &Report<'_, '_>, paper: Paper) -> Result<Vec<u8>, ReportError> {
    let fonts = Fonts::load().map_err(ReportError::Pdf)?;
    let figures = read_figures(&fonts, report);
    let mut flow = Flow::new(&fonts, paper);
    let muted = Style::BODY.colored(MUTED);
    let title = flow.heading(TITLE, 1);
    flow.outline(TITLE, title);
    flow.paragraph(
        &format!(
            "{} workloads · made {} by Edge Atlas {}",
            report.sections.len(),
            report.meta.generated_at,
            report.meta.version
        ),
        muted,
    );
    let summary = flow.heading("Summary", 2);
    flow.outline("Summary", summary);
    let workload_anchors: Vec<usize> = report
        .sections
        .iter()
        .map(|_| flow.reserve_anchor())
        .collect();
    for (section, anchor) in report.sections.iter().zip(&workload_anchors) {
        flow.linked_paragraph(&summary_line(section), Style::BODY, *anchor);
    }
    flow.heading("What needs a decision", 3);
    let decisions = report.decisions();
    if decisions.is_empty() {
        flow.paragraph(
            "Nothing: every workload has a feasible place and no figure rests on an estimate.",
            Style::BODY,
        );
    }
    for decision in &decisions {
        flow.bullet(decision, Style::BODY.colored(flow::DECISION));
    }
    for ((section, anchor), figures) in report.sections.iter().zip(workload_anchors).zip(&figures) {
        workload(&mut flow, report, section, figures, anchor);
    }
    assumptions(&mut flow, report);
    flow.finish(TITLE, &format!("Edge Atlas {}", report.meta.version))
        .map_err(ReportError::Pdf)
}

fn workload<'f>(
    flow: &mut Flow<'f>,
    report: &Report<'_, '_>,
    section: &WorkloadSection<'_, '_>,
    figures: &'f Figures,
    anchor: usize,
) {
    let plan = section.plan;
    flow.new_page();
    flow.place_anchor(anchor);
    let title = format!("Workload {}", plan.name);
    flow.heading(&title, 2);
    let entry = flow.outline(&title, anchor);
    let muted = Style::BODY.colored(MUTED);
    if let Some(workload) = section.workload {
        flow.paragraph(&users_line(workload), muted);
    }
    match &plan.recommendation {
        Some(recommendation) => {
            let (headline, rest) = recommendation_headline(recommendation);
            flow.paragraph(&format!("{headline} {rest}"), Style::BODY.bold());
            for reason in &recommendation.reasons {
                flow.bullet(reason, Style::BODY);
            }
        }
        None => flow.paragraph(
            "Nothing is feasible. Each candidate says why.",
            Style::BODY.bold().colored(flow::DECISION),
        ),
    }
    if !plan.warnings.is_empty() {
        flow.heading("Warnings", 3);
        for warning in &plan.warnings {
            flow.bullet(warning, Style::BODY.colored(flow::DECISION));
        }
    }
    flow.heading("Candidates", 3);
    let cell = Style::BODY.sized(7.0);
    let columns = [
        Column {
            header: "#",
            share: 0.035,
            numeric: true,
        },
        Column {
            header: "kind",
            share: 0.1,
            numeric: false,
        },
        Column {
            header: "location",
            share: 0.15,
            numeric: false,
        },
        Column {
            header: "name",
            share: 0.12,
            numeric: false,
        },
        Column {
            header: "country",
            share: 0.065,
            numeric: false,
        },
        Column {
            header: "RTT",
            share: 0.08,
            numeric: true,
        },
        Column {
            header: "RTT from",
            share: 0.08,
            numeric: false,
        },
        Column {
            header: "feasible",
            share: 0.07,
            numeric: false,
        },
        Column {
            header: "why not, and notes",
            share: 0.3,
            numeric: false,
        },
    ];
    let rows: Vec<Row> = plan
        .candidates
        .iter()
        .enumerate()
        .take(CANDIDATES_LISTED)
        .map(|(rank, candidate)| {
            let recommended = plan
                .recommendation
                .as_ref()
                .is_some_and(|r| r.kind == candidate.kind && r.location == candidate.location);
            Row {
                cells: vec![
                    (rank + 1).to_string(),
                    candidate.kind.label().to_owned(),
                    candidate.location.to_string(),
                    report.place_name(candidate),
                    candidate.country.as_deref().unwrap_or("").to_owned(),
                    rtt_text(candidate.rtt_ms),
                    rtt_source_name(candidate.rtt_source).to_owned(),
                    if candidate.feasible { "yes" } else { "no" }.to_owned(),
                    why_not(candidate),
                ],
                style: match (recommended, candidate.feasible) {
                    (true, _) => cell.bold(),
                    (false, true) => cell,
                    (false, false) => cell.colored(MUTED),
                },
                fill: recommended.then_some(RECOMMENDED_FILL),
            }
        })
        .collect();
    flow.table(&columns, &rows, cell.bold());
    if let Some(more) = more_candidates(plan) {
        flow.paragraph(&more, muted);
    }
    if let Some(map) = &figures.map {
        flow.figure(
            "The users (diamonds) and the best candidates: ringed green when feasible, grey when not, the recommendation in blue",
            map,
        );
    }
    if let Some(racks) = &plan.racks {
        let racks_anchor = flow.heading("Outposts racks", 3);
        flow.outline_child(entry, "Outposts racks", racks_anchor);
        outposts(flow, racks, section, figures);
    }
}

fn outposts<'f>(
    flow: &mut Flow<'f>,
    racks: &RackPlan,
    section: &WorkloadSection<'_, '_>,
    figures: &'f Figures,
) {
    let muted = Style::BODY.colored(MUTED);
    flow.paragraph(&racks_sentence(racks), Style::BODY);
    for reason in &racks.reasons {
        flow.bullet(reason, Style::BODY);
    }
    let without_header = format!("without {}", aggregation_name(&racks.aggregation, true));
    let columns = [
        Column {
            header: "bill of materials",
            share: 0.4,
            numeric: false,
        },
        Column {
            header: &without_header,
            share: 0.3,
            numeric: true,
        },
        Column {
            header: "with one",
            share: 0.3,
            numeric: true,
        },
    ];
    let cell = Style::BODY.sized(8.0);
    let rows: Vec<Row> = racks
        .without_ace
        .rows()
        .into_iter()
        .zip(racks.with_ace.rows())
        .map(|((label, without), (_, with))| Row {
            cells: vec![label.to_owned(), without, with],
            style: cell,
            fill: None,
        })
        .collect();
    flow.table(&columns, &rows, cell.bold());
    if let Some(estimates) = estimates_line(racks) {
        flow.paragraph(&estimates, muted);
    }
    flow.paragraph(&format!("Sources: {}", racks.sources.join("; ")), muted);
    if let (Some(diagrams), Some([without, with, chart, elevations])) =
        (&section.diagrams, &figures.planned)
    {
        flow.figure(
            &format!(
                "Planned rack network without {}",
                aggregation_name(&racks.aggregation, true)
            ),
            without,
        );
        flow.figure("Planned rack network with one", with);
        flow.paragraph(
            &diagrams.breakeven_sentence(&racks.aggregation),
            Style::BODY,
        );
        flow.figure(
            &format!(
                "The customer-side counts against compute rack count, without and with {}",
                aggregation_name(&racks.aggregation, true)
            ),
            chart,
        );
        flow.figure(&elevations_caption(diagrams), elevations);
        build_plan(flow, &diagrams.build_plan);
    }
}

/// A placement's network build plan: its tables (small type: up to nine columns), conflicts and
/// notes.
fn build_plan(flow: &mut Flow<'_>, plan: &Result<BuildPlan, String>) {
    let muted = Style::BODY.colored(MUTED);
    flow.heading("Network build plan", 3);
    let plan = match plan {
        Ok(plan) => plan,
        Err(message) => {
            flow.paragraph(message, muted);
            return;
        }
    };
    flow.paragraph(
        &format!("{BUILD_PLAN_INTRO} {}", addressing_sentence(plan)),
        Style::BODY,
    );
    let cell = Style::BODY.sized(7.0);
    for (title, which) in SECTIONS {
        let (header, rows) = build_plan_table(plan, which);
        let columns: Vec<Column<'_>> = header
            .iter()
            .map(|name| Column {
                header: name,
                share: 1.0,
                numeric: false,
            })
            .collect();
        let rows: Vec<Row> = rows
            .into_iter()
            .map(|cells| Row {
                cells,
                style: cell,
                fill: None,
            })
            .collect();
        flow.paragraph(title, Style::BODY.bold());
        flow.table(&columns, &rows, cell.bold());
    }
    if plan.conflicts.is_empty() {
        flow.paragraph("No conflicts with the synced estate.", muted);
    }
    for conflict in &plan.conflicts {
        flow.bullet(
            &conflict_sentence(conflict),
            Style::BODY.colored(flow::DECISION),
        );
    }
    for note in &plan.notes {
        flow.bullet(note, muted);
    }
}

fn assumptions(flow: &mut Flow<'_>, report: &Report<'_, '_>) {
    flow.new_page();
    let anchor = flow.heading("Assumptions and sources", 2);
    flow.outline("Assumptions and sources", anchor);
    flow.heading("RTT model parameters", 3);
    let cell = Style::BODY.sized(8.0);
    let rows: Vec<Row> = model_parameters(report.plan)
        .into_iter()
        .map(|(name, value)| Row {
            cells: vec![name, value],
            style: cell,
            fill: None,
        })
        .collect();
    flow.table(
        &[
            Column {
                header: "parameter",
                share: 0.6,
                numeric: false,
            },
            Column {
                header: "value",
                share: 0.4,
                numeric: true,
            },
        ],
        &rows,
        cell.bold(),
    );
    let measured = report
        .meta
        .measured_rtts
        .as_ref()
        .map_or(String::new(), |file| {
            format!(" (measured RTTs from {file})")
        });
    flow.paragraph(
        &format!("RTTs are modelled unless a candidate says measured{measured}."),
        Style::BODY,
    );
    flow.heading("Catalogs", 3);
    let sources = &report.plan.sources;
    flow.bullet(
        &format!("Locations: {}", sources.location_catalog),
        Style::BODY,
    );
    flow.bullet(
        &format!("Outposts hardware: {}", sources.hardware_catalog),
        Style::BODY,
    );
    flow.bullet(
        &format!("Services per location: {}", sources.services_table),
        Style::BODY,
    );
    flow.heading("Snapshot", 3);
    flow.paragraph(&snapshot_sentence(&report.meta), Style::BODY);
    flow.heading("Made by", 3);
    flow.paragraph(
        &format!(
            "Edge Atlas {} at {}. To make it again:",
            report.meta.version, report.meta.generated_at
        ),
        Style::BODY,
    );
    flow.paragraph(&report.meta.command, Style::BODY.sized(8.5));
}
