//! `edge-atlas racks`, `plan` and `probe`: rack counts and bills of materials, workload
//! placement, and measured RTTs to each Region's EC2 endpoint.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::{PlanArgs, table};
use edge_atlas::model::Site;
use edge_atlas::planner::racks::{estimate_mark, site_problems};
use edge_atlas::planner::{
    Catalogs, MeasuredRtts, ModelParameters, PlanContext, RackPlanInput, parse_workloads,
    plan_racks,
};
use edge_atlas::store::{SnapshotId, Store, StoreError};

fn catalogs() -> anyhow::Result<Catalogs> {
    Catalogs::embedded().map_err(|e| anyhow::anyhow!("{e}"))
}

/// The arguments of `edge-atlas racks`.
#[derive(Clone, Debug, clap::Args)]
pub struct RacksArgs {
    /// Compute racks now.
    #[arg(long)]
    pub racks: u32,
    /// Compute racks planned in the long run [default: --racks].
    #[arg(long)]
    pub planned_racks: Option<u32>,
    /// Physical uplinks per customer-facing device (OND, or ACE router).
    #[arg(long, default_value_t = 1)]
    pub uplinks_per_device: u32,
    /// Customer network devices: 2 or 4.
    #[arg(long, default_value_t = 2)]
    pub cnds: u32,
    /// Uplink speed in Gbit/s: 1, 10, 40 or 100.
    #[arg(long, default_value_t = 100)]
    pub uplink_gbps: u32,
    /// Outposts generation: 1 or 2.
    #[arg(long, default_value_t = 1)]
    pub generation: u8,
    /// Compute rack configuration (hardware catalog id) for power and weight.
    #[arg(long)]
    pub rack_config: Option<String>,
    /// This product's policy, not AWS's: call an ACE rack required from this many compute
    /// racks now [default: 4, from the hardware catalog]. AWS only recommends one beyond
    /// three racks planned.
    #[arg(long)]
    pub ace_policy_from: Option<u32>,
    /// Check the plan against this Outposts site's power, floor weight and uplinks.
    #[arg(long)]
    pub site: Option<String>,
    /// The snapshot holding the site [default: latest].
    #[arg(long, requires = "site")]
    pub snapshot: Option<SnapshotId>,
    /// Print the plan as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Runs `edge-atlas racks`: opens the database only to check against a site.
pub fn racks_command(db: &Path, args: &RacksArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let input = RackPlanInput {
        racks: args.racks,
        planned_racks: args.planned_racks.unwrap_or(args.racks),
        uplinks_per_device: args.uplinks_per_device,
        cnds: args.cnds,
        uplink_gbps: args.uplink_gbps,
        generation: args.generation,
        rack_configuration: args.rack_config.clone(),
        ace_policy_from_racks: args.ace_policy_from,
    };
    let site = match &args.site {
        Some(site_id) => {
            let store = Store::open_existing(db)?;
            let id = store.resolve_snapshot(args.snapshot)?;
            let estate = store.load_estate(id)?;
            let found = estate.sites.into_iter().find(|s| &s.site_id == site_id);
            Some(found.with_context(|| {
                format!("there is no site {site_id} in snapshot {id}; `edge-atlas inventory --kind site` lists them")
            })?)
        }
        None => None,
    };
    racks(&input, site.as_ref(), args.json, out)
}

/// `edge-atlas racks`, checked against `site` when given.
pub fn racks(
    input: &RackPlanInput,
    site: Option<&Site>,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let hardware = catalogs()?.hardware;
    let plan = plan_racks(input, hardware)?;
    let problems = site.map(|s| site_problems(&plan, input.uplink_gbps, s));
    if json {
        let mut value = serde_json::to_value(&plan)?;
        if let (Some(object), Some(problems)) = (value.as_object_mut(), &problems) {
            object.insert("site_problems".into(), serde_json::to_value(problems)?);
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(());
    }
    let aggregation = if plan.generation == 1 {
        "ACE rack"
    } else {
        "network rack"
    };
    let (recommended_by, required_by) = if plan.generation == 1 {
        (
            "AWS recommends".to_owned(),
            format!(
                "this product's policy (from {} racks now) requires",
                plan.ace_policy_from_racks
            ),
        )
    } else {
        ("recommended".to_owned(), "required".to_owned())
    };
    writeln!(
        out,
        "{} compute racks now, {} planned; {aggregation}: {recommended_by} one: {}; {required_by} one: {}",
        plan.racks,
        plan.planned_racks,
        if plan.ace_recommended { "yes" } else { "no" },
        if plan.ace_required { "yes" } else { "no" }
    )?;
    for reason in &plan.reasons {
        writeln!(out, "  {reason}")?;
    }
    let configuration = &plan.rack_configuration;
    writeln!(
        out,
        "Compute racks: {} ({}, {} kVA{}, {} lb{} each)\n",
        configuration.catalog_item_id,
        configuration.description,
        configuration.power_kva,
        estimate_mark(configuration.estimates.contains_key("power_kva")),
        configuration.weight_lbs,
        estimate_mark(configuration.estimates.contains_key("weight_lbs"))
    )?;
    let rows: Vec<Vec<String>> = plan
        .without_ace
        .rows()
        .into_iter()
        .zip(plan.with_ace.rows())
        .map(|((name, without), (_, with))| vec![name.to_owned(), without, with])
        .collect();
    if let (Some(site), Some(problems)) = (site, &problems) {
        if problems.is_empty() {
            writeln!(
                out,
                "Site {}: power, floor weight and uplinks fit.\n",
                table::terminal_safe(&site.site_id)
            )?;
        }
        for problem in problems {
            writeln!(
                out,
                "Site {}: {problem}",
                table::terminal_safe(&site.site_id)
            )?;
        }
    }
    let with_header = format!("with {aggregation}");
    write!(
        out,
        "{}",
        table::render(
            &["", &format!("without {aggregation}"), &with_header],
            &rows
        )
    )?;
    if !plan.estimates.is_empty() {
        writeln!(out, "\nEstimates:")?;
        for estimate in &plan.estimates {
            writeln!(out, "  {}: {}", estimate.figure, estimate.reason)?;
        }
    }
    writeln!(out, "Sources:")?;
    for source in &plan.sources {
        writeln!(out, "  {source}")?;
    }
    Ok(())
}

/// What `plan` and `report` read before planning: the workloads, the model's parameters, the
/// measured RTTs and the estate of the snapshot planned against (if any).
pub(super) struct PlanInputs {
    catalogs: Catalogs,
    /// The workload file's workloads.
    pub(super) workloads: Vec<edge_atlas::planner::workload::Workload>,
    model: ModelParameters,
    measured: MeasuredRtts,
    estate: Option<(SnapshotId, edge_atlas::model::Estate)>,
    snapshot: Option<edge_atlas::store::SnapshotInfo>,
}

impl PlanInputs {
    /// Reads the workload file, parameters and measured RTTs, and the snapshot's estate.
    pub(super) fn read(store: Option<&Store>, args: &PlanArgs) -> anyhow::Result<PlanInputs> {
        let (workloads_file, snapshot) = (args.workloads.as_path(), args.snapshot);
        let (measured_file, parameters) = (args.measured.as_deref(), args.parameters.as_slice());
        let catalogs = catalogs()?;
        let text = std::fs::read_to_string(workloads_file)
            .with_context(|| format!("cannot read {}", workloads_file.display()))?;
        let workloads =
            parse_workloads(&text, catalogs.locations, &catalogs.services.known_services)
                .map_err(|e| anyhow::anyhow!("{}: {e}", workloads_file.display()))?;
        let mut model = ModelParameters::default();
        for assignment in parameters {
            model
                .set(assignment)
                .map_err(|e| anyhow::anyhow!("--param {assignment}: {e}"))?;
        }
        let measured = match measured_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                MeasuredRtts::parse_csv(&text)
                    .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
            }
            None => MeasuredRtts::default(),
        };
        // Without a database (or a snapshot) the plan has no existing Outposts to consider.
        let (estate, snapshot) = match store.map(|store| (store, store.resolve_snapshot(snapshot)))
        {
            None => (None, None),
            Some((store, Ok(id))) => (
                Some((id, store.load_estate(id)?)),
                Some(store.snapshot(id)?),
            ),
            Some((_, Err(StoreError::Empty))) if snapshot.is_none() => (None, None),
            Some((_, Err(error))) => return Err(error.into()),
        };
        Ok(PlanInputs {
            catalogs,
            workloads,
            model,
            measured,
            estate,
            snapshot,
        })
    }

    /// The planner over these inputs.
    pub(super) fn context(&self) -> PlanContext<'_> {
        PlanContext::new(
            self.catalogs.locations,
            self.catalogs.hardware,
            self.catalogs.services,
            self.estate.as_ref().map(|(id, e)| (*id, e)),
            &self.measured,
            self.model,
        )
    }
}

/// `edge-atlas report`: the plan as a document, written atomically to `output`.
pub fn report(
    store: Option<&Store>,
    args: &PlanArgs,
    file: &super::ReportArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    use edge_atlas::report::pdf::Paper;
    use edge_atlas::report::{Report, ReportFormat, ReportMeta, SnapshotNote, write_atomically};
    let output = file.output.as_path();
    let format = match &file.format {
        Some(name) => ReportFormat::from_name(name).ok_or_else(|| {
            anyhow::anyhow!("--format {name}: use html, pdf, md, csv or json")
        })?,
        None => ReportFormat::from_path(output).ok_or_else(|| {
            anyhow::anyhow!(
                "{}: say the format with --format html|pdf|md|csv|json, or end the file name in one",
                output.display()
            )
        })?,
    };
    let paper = Paper::from_name(&file.paper).unwrap_or_default();
    let inputs = PlanInputs::read(store, args)?;
    let context = inputs.context();
    let plan = context.plan(&inputs.workloads);
    let now = edge_atlas::store::now_rfc3339();
    let meta = ReportMeta {
        version: env!("CARGO_PKG_VERSION").to_owned(),
        generated_at: now.clone(),
        command: report_command(args, format, paper, output),
        snapshot: inputs
            .snapshot
            .as_ref()
            .map(|info| SnapshotNote::new(info, &now)),
        measured_rtts: args
            .measured
            .as_ref()
            .map(|path| path.display().to_string()),
        paper,
    };
    // The map the users and candidates are drawn on: the snapshot's, or the catalog's alone.
    let no_estate = edge_atlas::model::Estate::default();
    let estate = inputs
        .estate
        .as_ref()
        .map_or(&no_estate, |(_, estate)| estate);
    let overlay = match (store, &inputs.estate) {
        (Some(store), Some(_)) => store.load_overlay()?,
        _ => edge_atlas::model::SiteOverlay::default(),
    };
    let topology = edge_atlas::topology::Topology::build(estate, &overlay);
    let map = edge_atlas::scene::map::world_map(
        estate,
        &topology,
        inputs.catalogs.locations,
        &edge_atlas::scene::map::MapColors::default(),
    );
    let report = Report::new(
        &plan,
        &inputs.workloads,
        &inputs.catalogs,
        inputs.estate.as_ref().map(|(_, estate)| estate),
        Some(&map),
        meta,
        edge_atlas::scene::style::Theme::Light.palette(),
    );
    let bytes = report.render(format)?;
    write_atomically(output, &bytes)?;
    writeln!(
        out,
        "wrote {} ({} workloads, {} bytes)",
        table::terminal_safe(&output.display().to_string()),
        plan.workloads.len(),
        bytes.len()
    )?;
    Ok(())
}

/// The command line that makes the same report again, each argument quoted for a POSIX shell.
fn report_command(
    args: &PlanArgs,
    format: edge_atlas::report::ReportFormat,
    paper: edge_atlas::report::pdf::Paper,
    output: &Path,
) -> String {
    let quote = |text: &str| {
        if !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-_./=,:@".contains(c))
        {
            text.to_owned()
        } else {
            format!("'{}'", text.replace('\'', "'\\''"))
        }
    };
    let mut words = vec![
        "edge-atlas".to_owned(),
        "report".to_owned(),
        quote(&args.workloads.display().to_string()),
    ];
    if let Some(id) = args.snapshot {
        words.push(format!("--snapshot {id}"));
    }
    if let Some(path) = &args.measured {
        words.push(format!("--measured {}", quote(&path.display().to_string())));
    }
    for parameter in &args.parameters {
        words.push(format!("--param {}", quote(parameter)));
    }
    let format = serde_json::to_value(format)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    words.push(format!("--format {format}"));
    if format == "pdf" && paper != edge_atlas::report::pdf::Paper::default() {
        words.push("--paper letter".to_owned());
    }
    words.push(format!("-o {}", quote(&output.display().to_string())));
    words.join(" ")
}

/// `edge-atlas plan`.
pub fn plan(
    store: Option<&Store>,
    args: &PlanArgs,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let inputs = PlanInputs::read(store, args)?;
    let context = inputs.context();
    let workloads = &inputs.workloads;
    let report = context.plan(workloads);
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        return Ok(());
    }
    for plan in &report.workloads {
        match &plan.recommendation {
            Some(r) => writeln!(
                out,
                "{}: {} {} ({} ms, {})",
                table::terminal_safe(&plan.name),
                serde_json::to_value(r.kind)?.as_str().unwrap_or_default(),
                r.location,
                r.rtt_ms.map_or("?".into(), |v| v.to_string()),
                if r.rtt_source == edge_atlas::planner::plan::RttSource::Measured {
                    "measured"
                } else {
                    "model"
                }
            )?,
            None => writeln!(
                out,
                "{}: nothing feasible; every candidate says why (--json)",
                table::terminal_safe(&plan.name)
            )?,
        }
        if let Some(r) = &plan.recommendation {
            for reason in &r.reasons {
                writeln!(out, "  why: {reason}")?;
            }
        }
        let rows: Vec<Vec<String>> = plan
            .candidates
            .iter()
            .take(6)
            .map(|c| {
                vec![
                    serde_json::to_value(c.kind)
                        .ok()
                        .and_then(|v| v.as_str().map(str::to_owned))
                        .unwrap_or_default(),
                    c.location.to_string(),
                    c.rtt_ms.map_or("?".into(), |v| v.to_string()),
                    if c.feasible {
                        "yes".into()
                    } else {
                        "no".into()
                    },
                    c.reasons
                        .iter()
                        .map(ToString::to_string)
                        // Where an Outpost's figures rest on an assumption, say so here too.
                        .chain(
                            c.notes
                                .iter()
                                .filter(|note| note.starts_with("site location unknown"))
                                .map(|note| format!("note: {note}")),
                        )
                        .collect::<Vec<_>>()
                        .join("; "),
                ]
            })
            .collect();
        for line in table::render(
            &["kind", "location", "rtt_ms", "feasible", "reasons"],
            &rows,
        )
        .lines()
        {
            writeln!(out, "  {line}")?;
        }
        for warning in &plan.warnings {
            writeln!(out, "  warning: {warning}")?;
        }
        if let Some(racks) = &plan.racks {
            writeln!(
                out,
                "  racks: {} now, {} planned; ACE recommended {}, required {}; without ACE {} ports / {} VIFs, with ACE {} ports / {} VIFs",
                racks.racks,
                racks.planned_racks,
                racks.ace_recommended,
                racks.ace_required,
                racks.without_ace.network.physical_ports,
                racks.without_ace.network.vlan_vifs,
                racks.with_ace.network.physical_ports,
                racks.with_ace.network.vlan_vifs
            )?;
        }
        writeln!(out)?;
    }
    writeln!(
        out,
        "RTT model parameters: {}",
        serde_json::to_string(&report.parameters)?
    )?;
    writeln!(out, "Services: {}", report.sources.services_table)?;
    Ok(())
}

/// One probe result.
#[derive(Debug, serde::Serialize)]
pub struct ProbeResult {
    /// The Region.
    pub region: String,
    /// The host and port probed.
    pub endpoint: String,
    /// The median TCP handshake time, ms.
    pub rtt_ms: Option<f64>,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// What `probe` measures and where it writes.
pub struct ProbeOptions<'a> {
    /// Where this machine is, as a workload's `users` entry names it.
    pub from: &'a str,
    /// Regions to probe (empty: every catalog Region).
    pub regions: &'a [String],
    /// A host:port to probe instead of each Region's EC2 endpoint.
    pub endpoint: Option<&'a str>,
    /// Connect timeout per try.
    pub timeout: Duration,
    /// Handshakes per Region (the median is kept).
    pub tries: u32,
    /// Where to write `from,location,rtt_ms` rows.
    pub output: Option<&'a Path>,
    /// Print JSON.
    pub json: bool,
}

/// `edge-atlas probe`: times TCP handshakes to each Region's EC2 endpoint (or `endpoint`, for
/// every Region, when given) and writes `from,location,rtt_ms` rows for `plan --measured`.
pub fn probe(options: &ProbeOptions<'_>, out: &mut dyn Write) -> anyhow::Result<()> {
    let ProbeOptions {
        from,
        regions,
        endpoint,
        timeout,
        tries,
        output,
        json,
    } = *options;
    let catalog = catalogs()?.locations;
    let regions: Vec<String> = if regions.is_empty() {
        catalog.regions.iter().map(|r| r.region.clone()).collect()
    } else {
        regions.to_vec()
    };
    let mut results = Vec::new();
    for region in &regions {
        let target =
            endpoint.map_or_else(|| format!("ec2.{region}.amazonaws.com:443"), str::to_owned);
        let mut samples = Vec::new();
        let mut error = None;
        for _ in 0..tries.max(1) {
            match time_handshake(&target, timeout) {
                Ok(ms) => samples.push(ms),
                Err(e) => error = Some(e),
            }
        }
        samples.sort_by(f64::total_cmp);
        let rtt_ms = samples
            .get(samples.len() / 2)
            .map(|ms| (ms * 100.0).round() / 100.0);
        results.push(ProbeResult {
            region: region.clone(),
            endpoint: target,
            rtt_ms,
            error: if rtt_ms.is_some() { None } else { error },
        });
    }
    if let Some(path) = output {
        let mut writer = csv::Writer::from_path(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writer.write_record(["from", "location", "rtt_ms"])?;
        for result in &results {
            if let Some(rtt) = result.rtt_ms {
                writer.write_record([from, result.region.as_str(), &rtt.to_string()])?;
            }
        }
        writer.flush()?;
    }
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?;
    } else {
        let rows: Vec<Vec<String>> = results
            .iter()
            .map(|r| {
                vec![
                    r.region.clone(),
                    r.endpoint.clone(),
                    r.rtt_ms.map_or(String::new(), |v| v.to_string()),
                    r.error.clone().unwrap_or_default(),
                ]
            })
            .collect();
        write!(
            out,
            "{}",
            table::render(&["region", "endpoint", "rtt_ms", "error"], &rows)
        )?;
    }
    Ok(())
}

fn time_handshake(target: &str, timeout: Duration) -> Result<f64, String> {
    let address = target
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {target}: {e}"))?
        .next()
        .ok_or_else(|| format!("{target} has no address"))?;
    let started = Instant::now();
    let stream =
        TcpStream::connect_timeout(&address, timeout).map_err(|e| format!("{target}: {e}"))?;
    let elapsed = started.elapsed();
    drop(stream);
    Ok(elapsed.as_secs_f64() * 1000.0)
}
