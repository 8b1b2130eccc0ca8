//! The report as Markdown, for wikis and pull requests. Every string from AWS or a user is
//! escaped ([`escape`]): `<`, `>` and `&` as entities and Markdown's own punctuation with a
//! backslash, never inside a code span, so nothing in a name becomes markup or HTML. The
//! diagrams are left out with a note (the HTML report has them).

use std::fmt::Write as _;

use super::build_plan::{addressing_sentence, markdown_sections};

use super::{
    BUILD_PLAN_INTRO, CANDIDATES_LISTED, Report, aggregation_name, estimates_line,
    model_parameters, more_candidates, racks_sentence, recommendation_headline, rtt_source_name,
    rtt_text, snapshot_sentence, summary_line, users_line, why_not,
};

/// `text` as inert Markdown: HTML's three specials as entities, Markdown's punctuation
/// backslash-escaped, line breaks as spaces (a table cell stays one cell).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\n' | '\r' | '\t' => out.push(' '),
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '(' | ')' | '#' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The report as Markdown.
pub fn render(report: &Report<'_, '_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_report(report, &mut out);
    out
}

fn write_report(report: &Report<'_, '_>, out: &mut String) -> std::fmt::Result {
    writeln!(out, "# Placement report\n")?;
    writeln!(
        out,
        "{} workloads · made {} by Edge Atlas {}\n",
        report.sections.len(),
        escape(&report.meta.generated_at),
        escape(&report.meta.version)
    )?;
    writeln!(out, "## Summary\n")?;
    for section in &report.sections {
        writeln!(out, "- {}", escape(&summary_line(section)))?;
    }
    writeln!(out, "\n### What needs a decision\n")?;
    let decisions = report.decisions();
    if decisions.is_empty() {
        writeln!(
            out,
            "Nothing: every workload has a feasible place and no figure rests on an estimate."
        )?;
    }
    for decision in decisions {
        writeln!(out, "- {}", escape(&decision))?;
    }
    for section in &report.sections {
        let plan = section.plan;
        writeln!(out, "\n## Workload {}\n", escape(&plan.name))?;
        if let Some(workload) = section.workload {
            writeln!(out, "{}\n", escape(&users_line(workload)))?;
        }
        match &plan.recommendation {
            Some(r) => {
                let (headline, rest) = recommendation_headline(r);
                writeln!(out, "**{}** {}\n", escape(&headline), escape(&rest))?;
                for reason in &r.reasons {
                    writeln!(out, "- {}", escape(reason))?;
                }
            }
            None => writeln!(out, "**Nothing is feasible.** Each candidate says why.")?,
        }
        if !plan.warnings.is_empty() {
            writeln!(out, "\n### Warnings\n")?;
            for warning in &plan.warnings {
                writeln!(out, "- {}", escape(warning))?;
            }
        }
        writeln!(out, "\n### Candidates\n")?;
        writeln!(
            out,
            "| # | kind | location | name | country | RTT | RTT from | feasible | why not, and notes |"
        )?;
        writeln!(out, "|---:|---|---|---|---|---:|---|---|---|")?;
        for (rank, c) in plan.candidates.iter().enumerate().take(CANDIDATES_LISTED) {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                rank + 1,
                c.kind.label(),
                escape(&c.location),
                escape(&report.place_name(c)),
                escape(c.country.as_deref().unwrap_or("")),
                escape(&rtt_text(c.rtt_ms)),
                rtt_source_name(c.rtt_source),
                if c.feasible { "yes" } else { "no" },
                escape(&why_not(c))
            )?;
        }
        if let Some(more) = more_candidates(plan) {
            writeln!(out, "\n{more}")?;
        }
        if let Some(racks) = &plan.racks {
            writeln!(out, "\n### Outposts racks\n")?;
            writeln!(out, "{}\n", escape(&racks_sentence(racks)))?;
            for reason in &racks.reasons {
                writeln!(out, "- {}", escape(reason))?;
            }
            writeln!(
                out,
                "\n| bill of materials | without {} | with one |",
                aggregation_name(&racks.aggregation, true)
            )?;
            writeln!(out, "|---|---:|---:|")?;
            for ((label, without), (_, with)) in
                racks.without_ace.rows().iter().zip(&racks.with_ace.rows())
            {
                writeln!(
                    out,
                    "| {} | {} | {} |",
                    escape(label),
                    escape(without),
                    escape(with)
                )?;
            }
            if let Some(estimates) = estimates_line(racks) {
                writeln!(out, "\n{}", escape(&estimates))?;
            }
            writeln!(out, "\nSources: {}", escape(&racks.sources.join("; ")))?;
            if let Some(diagrams) = &section.diagrams {
                writeln!(
                    out,
                    "\n{}",
                    escape(&diagrams.breakeven_sentence(&racks.aggregation))
                )?;
            }
            writeln!(
                out,
                "\nThe diagrams (planned rack networks, the chart of these counts against rack count, the planned rack elevations) are in the HTML and PDF reports (`--format html` or `pdf`)."
            )?;
            if let Some(diagrams) = &section.diagrams {
                writeln!(out, "\n### Network build plan\n")?;
                match &diagrams.build_plan {
                    Ok(plan) => {
                        writeln!(
                            out,
                            "{} {}\n",
                            escape(BUILD_PLAN_INTRO),
                            escape(&addressing_sentence(plan))
                        )?;
                        out.push_str(&markdown_sections(plan, 4));
                    }
                    Err(message) => writeln!(out, "{}\n", escape(message))?,
                }
            }
        }
    }
    writeln!(out, "\n## Assumptions and sources\n")?;
    for (name, value) in model_parameters(report.plan) {
        writeln!(out, "- RTT model {}: {}", escape(&name), escape(&value))?;
    }
    let sources = &report.plan.sources;
    writeln!(out, "- Locations: {}", escape(&sources.location_catalog))?;
    writeln!(
        out,
        "- Outposts hardware: {}",
        escape(&sources.hardware_catalog)
    )?;
    writeln!(
        out,
        "- Services per location: {}",
        escape(&sources.services_table)
    )?;
    if let Some(file) = &report.meta.measured_rtts {
        writeln!(out, "- Measured RTTs: {}", escape(file))?;
    }
    writeln!(out, "- {}", escape(&snapshot_sentence(&report.meta)))?;
    writeln!(
        out,
        "\nMade by Edge Atlas {} at {}. To make it again: {}",
        escape(&report.meta.version),
        escape(&report.meta.generated_at),
        escape(&report.meta.command)
    )?;
    Ok(())
}
