//! The report as one self-contained HTML file: no script, no external resource, the planned
//! rack networks as inline SVG (the scenes the app draws), a print stylesheet so it prints as
//! a document. Built with maud, which escapes every interpolated string: a workload named
//! `<script>` stays text.

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::build_plan::{SECTIONS, addressing_sentence, conflict_sentence, table};
use super::{
    BUILD_PLAN_INTRO, CANDIDATES_LISTED, Report, WorkloadSection, aggregation_name,
    elevations_caption, estimates_line, model_parameters, more_candidates, racks_sentence,
    recommendation_headline, rtt_source_name, rtt_text, snapshot_sentence, summary_line,
    users_line, why_not,
};
use crate::planner::racks::RackPlan;

const STYLE: &str = "
body { font-family: 'DejaVu Sans', 'Noto Sans', Arial, sans-serif; color: #1c2026; margin: 2rem auto; max-width: 72rem; padding: 0 1.5rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { margin-top: 2.2rem; border-bottom: 1px solid #c9cfd8; }
h3 { margin-top: 1.4rem; } .muted { color: #5a6370; }
table { border-collapse: collapse; margin: 0.6rem 0; font-size: 0.9rem; }
th, td { border: 1px solid #c9cfd8; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
tr.recommended td { background: #e7f4ec; font-weight: 600; } tr.infeasible td { color: #5a6370; }
.decision { color: #a86600; } .diagram svg { max-width: 100%; height: auto; border: 1px solid #c9cfd8; }
.side { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; }
@media print { body { margin: 0; max-width: none; font-size: 10pt; } h2 { break-before: page; }
  .summary h2 { break-before: avoid; } table, .diagram { break-inside: avoid; } a { color: inherit; } }
";

/// The report as HTML.
pub fn render(report: &Report<'_, '_>) -> String {
    let decisions = report.decisions();
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "Edge Atlas " (report.meta.version) };
                title { "Placement report" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "Placement report" }
                    p.muted {
                        (report.sections.len()) " workloads · made " (report.meta.generated_at)
                        " by Edge Atlas " (report.meta.version)
                    }
                }
                section.summary {
                    h2 { "Summary" }
                    ul {
                        @for (position, section) in report.sections.iter().enumerate() {
                            li { a href={ "#" (anchor(position)) } { (summary_line(section)) } }
                        }
                    }
                    h3 { "What needs a decision" }
                    @if decisions.is_empty() {
                        p { "Nothing: every workload has a feasible place and no figure rests on an estimate." }
                    } @else {
                        ul { @for decision in &decisions { li.decision { (decision) } } }
                    }
                }
                @for (position, section) in report.sections.iter().enumerate() {
                    (workload(report, section, position))
                }
                (assumptions(report))
            }
        }
    };
    page.into_string()
}

/// The id of a workload's section: its position, since a name may hold anything.
fn anchor(position: usize) -> String {
    format!("workload-{}", position + 1)
}

fn workload(report: &Report<'_, '_>, section: &WorkloadSection<'_, '_>, position: usize) -> Markup {
    let plan = section.plan;
    html! {
        section id=(anchor(position)) {
            h2 { "Workload " (plan.name) }
            @if let Some(workload) = section.workload {
                p.muted { (users_line(workload)) }
            }
            @match &plan.recommendation {
                Some(r) => {
                    @let (headline, rest) = recommendation_headline(r);
                    p { strong { (headline) } " " (rest) }
                    ul { @for reason in &r.reasons { li { (reason) } } }
                }
                None => { p.decision { strong { "Nothing is feasible." } " Each candidate says why." } }
            }
            @if !plan.warnings.is_empty() {
                h3 { "Warnings" }
                ul { @for warning in &plan.warnings { li.decision { (warning) } } }
            }
            h3 { "Candidates" }
            table {
                thead { tr { th { "#" } th { "kind" } th { "location" } th { "name" } th { "country" }
                    th { "RTT" } th { "RTT from" } th { "feasible" } th { "why not, and notes" } } }
                tbody {
                    @for (rank, candidate) in plan.candidates.iter().enumerate().take(CANDIDATES_LISTED) {
                        @let recommended = plan.recommendation.as_ref().is_some_and(|r| r.kind == candidate.kind && r.location == candidate.location);
                        tr class=(if recommended { "recommended" } else if candidate.feasible { "" } else { "infeasible" }) {
                            td.number { (rank + 1) }
                            td { (candidate.kind.label()) }
                            td { (candidate.location) }
                            td { (report.place_name(candidate)) }
                            td { (candidate.country.as_deref().unwrap_or("")) }
                            td.number { (rtt_text(candidate.rtt_ms)) }
                            td { (rtt_source_name(candidate.rtt_source)) }
                            td { (if candidate.feasible { "yes" } else { "no" }) }
                            td { (why_not(candidate)) }
                        }
                    }
                }
            }
            @if let Some(map) = &section.map_svg {
                figure.diagram {
                    figcaption { "The users (diamonds) and the best candidates: ringed green when feasible, grey when not, the recommendation in blue" }
                    (PreEscaped(map))
                }
            }
            @if let Some(more) = more_candidates(plan) { p.muted { (more) } }
            @if let Some(racks) = &plan.racks { (outposts(racks, section)) }
        }
    }
}

fn outposts(racks: &RackPlan, section: &WorkloadSection<'_, '_>) -> Markup {
    let without = racks.without_ace.rows();
    let with = racks.with_ace.rows();
    html! {
        h3 { "Outposts racks" }
        p { (racks_sentence(racks)) }
        ul { @for reason in &racks.reasons { li { (reason) } } }
        table {
            thead { tr { th { "bill of materials" } th { "without " (aggregation_name(&racks.aggregation, true)) } th { "with one" } } }
            tbody {
                @for ((label, without_value), (_, with_value)) in without.iter().zip(&with) {
                    tr { td { (label) } td.number { (without_value) } td.number { (with_value) } }
                }
            }
        }
        @if let Some(estimates) = estimates_line(racks) { p.muted { (estimates) } }
        p.muted { "Sources: " (racks.sources.join("; ")) }
        @if let Some(diagrams) = &section.diagrams {
            div.side {
                figure.diagram {
                    figcaption { "Planned rack network without " (aggregation_name(&racks.aggregation, true)) }
                    (PreEscaped(&diagrams.without_ace_svg))
                }
                figure.diagram {
                    figcaption { "Planned rack network with one" }
                    (PreEscaped(&diagrams.with_ace_svg))
                }
            }
            p { (diagrams.breakeven_sentence(&racks.aggregation)) }
            figure.diagram {
                figcaption { "The customer-side counts against compute rack count, without and with " (aggregation_name(&racks.aggregation, true)) }
                (PreEscaped(&diagrams.chart_svg))
            }
            figure.diagram {
                figcaption { (elevations_caption(diagrams)) }
                (PreEscaped(&diagrams.elevations_svg))
            }
            (build_plan_html(&diagrams.build_plan))
        }
    }
}

/// A placement's network build plan: its tables, conflicts and notes.
fn build_plan_html(plan: &Result<crate::planner::build_plan::BuildPlan, String>) -> Markup {
    html! {
        h3 { "Network build plan" }
        @match plan {
            Ok(plan) => {
                p { (BUILD_PLAN_INTRO) " " (addressing_sentence(plan)) }
                @for (title, which) in SECTIONS {
                    @let (header, rows) = table(plan, which);
                    h4 { (title) }
                    table {
                        thead { tr { @for column in &header { th { (column.replace('_', " ")) } } } }
                        tbody { @for row in &rows { tr { @for cell in row { td { (cell) } } } } }
                    }
                }
                @if !plan.aws_managed_links.is_empty() {
                    p.muted { "AWS-managed links (AWS cables and addresses these): " (plan.aws_managed_links.len()) ", one per OND to the ACE rack." }
                }
                @if plan.conflicts.is_empty() {
                    p.muted { "No conflicts with the synced estate." }
                } @else {
                    ul { @for conflict in &plan.conflicts { li.decision { (conflict_sentence(conflict)) } } }
                }
                ul.muted { @for note in &plan.notes { li { (note) } } }
            }
            Err(message) => { p.muted { (message) } }
        }
    }
}

fn assumptions(report: &Report<'_, '_>) -> Markup {
    let sources = &report.plan.sources;
    html! {
        section {
            h2 { "Assumptions and sources" }
            h3 { "RTT model parameters" }
            table { tbody {
                @for (name, value) in model_parameters(report.plan) { tr { td { (name) } td.number { (value) } } }
            } }
            p { "RTTs are modelled unless a candidate says measured"
                @if let Some(file) = &report.meta.measured_rtts { " (measured RTTs from " (file) ")" } "." }
            h3 { "Catalogs" }
            ul {
                li { "Locations: " (sources.location_catalog) }
                li { "Outposts hardware: " (sources.hardware_catalog) }
                li { "Services per location: " (sources.services_table) }
            }
            h3 { "Snapshot" }
            p { (snapshot_sentence(&report.meta)) }
            h3 { "Made by" }
            p { "Edge Atlas " (report.meta.version) " at " (report.meta.generated_at) ". To make it again:" }
            pre { (report.meta.command) }
        }
    }
}
