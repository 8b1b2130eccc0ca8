//! Placement reports (issue 18): each format says what the plan says (the recommendation, the
//! bill of materials, the assumptions), the CSV has the JSON's rows, and every string from AWS or
//! a user stays text in every format.

use edge_atlas::demo;
use edge_atlas::model::Estate;
use edge_atlas::planner::plan::PlanReport;
use edge_atlas::planner::workload::Workload;
use edge_atlas::planner::{Catalogs, MeasuredRtts, ModelParameters, PlanContext, parse_workloads};
use edge_atlas::report::pdf::Paper;
use edge_atlas::report::{Report, ReportFormat, ReportMeta, write_atomically};
use edge_atlas::scene::style::LIGHT;

fn example_workloads() -> String {
    let root = std::env::var("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR");
    std::fs::read_to_string(std::path::Path::new(&root).join("docs/examples/workloads.toml"))
        .expect("example file")
}

/// The workloads of `workloads_toml` and their plan against `estate`.
fn planned(workloads_toml: &str, estate: &Estate) -> (Vec<Workload>, PlanReport<'static>) {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let workloads: Vec<Workload> = parse_workloads(
        workloads_toml,
        catalogs.locations,
        &catalogs.services.known_services,
    )
    .expect("valid workloads");
    let measured = MeasuredRtts::default();
    let context = PlanContext::new(
        catalogs.locations,
        catalogs.hardware,
        catalogs.services,
        Some((1, estate)),
        &measured,
        ModelParameters::default(),
    );
    let plan = context.plan(&workloads).into_owned();
    (workloads, plan)
}

/// Every format of the report of `workloads_toml` planned against `estate`.
fn reports(workloads_toml: &str, estate: &Estate) -> Vec<(ReportFormat, Vec<u8>)> {
    let catalogs = Catalogs::embedded().expect("catalogs");
    let (workloads, plan) = planned(workloads_toml, estate);
    let meta = ReportMeta {
        version: "test".into(),
        generated_at: "2026-11-30T12:00:00Z".into(),
        command: "edge-atlas report docs/examples/workloads.toml -o report.html".into(),
        snapshot: None,
        measured_rtts: None,
        paper: Default::default(),
    };
    let topology = edge_atlas::topology::Topology::build(estate, &Default::default());
    let map = edge_atlas::scene::map::world_map(
        estate,
        &topology,
        catalogs.locations,
        &edge_atlas::scene::map::MapColors::default(),
    );
    let report = Report::new(
        &plan,
        &workloads,
        &catalogs,
        Some(estate),
        Some(&map),
        meta,
        &LIGHT,
    );
    [
        ReportFormat::Html,
        ReportFormat::Pdf,
        ReportFormat::Markdown,
        ReportFormat::Csv,
        ReportFormat::Json,
    ]
    .into_iter()
    .map(|format| (format, report.render(format).expect("renders")))
    .collect()
}

fn bytes_of(reports: &[(ReportFormat, Vec<u8>)], wanted: ReportFormat) -> &[u8] {
    &reports
        .iter()
        .find(|(format, _)| *format == wanted)
        .expect("rendered")
        .1
}

fn format_of(reports: &[(ReportFormat, Vec<u8>)], wanted: ReportFormat) -> &str {
    std::str::from_utf8(bytes_of(reports, wanted)).expect("UTF-8")
}

/// Runs a poppler tool (scripts/test installs poppler-utils) on `pdf`, returning its stdout
/// (tools that write a file are told to write to stdout).
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("written");
    let out = std::process::Command::new(tool)
        .args(args)
        .arg(&path)
        .args((tool == "pdftotext").then_some("-"))
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs (scripts/test installs poppler-utils): {e}"));
    assert!(
        out.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The text of a PDF as `pdftotext` reads it, one line per line of text, spaces collapsed.
fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", &["-layout"], pdf)
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn every_format_says_what_the_plan_says() {
    let demo = demo::demo().expect("demo");
    let reports = reports(&example_workloads(), &demo.estate);
    let json: serde_json::Value =
        serde_json::from_str(format_of(&reports, ReportFormat::Json)).expect("JSON parses");
    // The plan's top-level keys, unchanged, plus the report's.
    let keys: Vec<&str> = json
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, ["parameters", "report", "sources", "workloads"]);
    let workloads = json["workloads"].as_array().expect("workloads");
    assert_eq!(workloads.len(), 5);
    let line_control = workloads
        .iter()
        .find(|w| w["name"] == "line-control")
        .expect("line-control");
    assert_eq!(line_control["recommendation"]["kind"], "outpost");
    assert_eq!(line_control["recommendation"]["location"], "new");
    let ports_without = line_control["racks"]["without_ace"]["physical_ports"]
        .as_u64()
        .expect("ports");
    let vifs_with = line_control["racks"]["with_ace"]["vlan_vifs"]
        .as_u64()
        .expect("VIFs");

    let html = format_of(&reports, ReportFormat::Html);
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Recommendation: Outpost new"));
    assert!(html.contains(&format!(
        "<td>customer-side physical ports</td><td class=\"number\">{ports_without}</td>"
    )));
    assert!(html.contains("<td>VLAN VIFs</td><td class=\"number\">"));
    assert!(html.contains(&vifs_with.to_string()));
    // A map excerpt per workload and both planned rack networks of the Outposts one, inline,
    // and nothing fetched from elsewhere.
    assert_eq!(
        html.matches("<svg").count(),
        5 + 4,
        "five maps, two rack networks, the chart, the elevations"
    );
    assert!(html.contains("The users (diamonds) and the best candidates"));
    assert!(!html.contains("<script") && !html.contains("src=\"http"));
    assert!(html.contains("@media print"));
    assert!(html.contains("route_factor_k"), "the model's parameters");
    assert!(html.contains("edge-atlas report docs/examples/workloads.toml"));

    // The chart of those counts against rack count, where its lines cross, and the planned
    // racks' elevations.
    assert!(html.contains("the customer side needs fewer: customer-side ports (= fibres) from"));
    assert!(html.contains("Planned racks: hosts per family from the rack configuration"));
    assert!(html.contains("planned rack-1"));

    let markdown = format_of(&reports, ReportFormat::Markdown);
    assert!(markdown.contains("**Recommendation: Outpost new**"));
    assert!(markdown.contains(&format!(
        "| customer-side physical ports | {ports_without} |"
    )));
    assert!(markdown.contains("are in the HTML and PDF reports"));

    // The Outposts placement's network build plan (issue 22), its rows the counts above: one
    // cabling row per customer-side port of the recommended layout, a VIF row per VIF.
    let with_aggregation = line_control["racks"]["ace_recommended"] == true
        || line_control["racks"]["ace_required"] == true;
    let layout = &line_control["racks"][if with_aggregation {
        "with_ace"
    } else {
        "without_ace"
    }];
    let (ports, vifs) = (
        layout["physical_ports"].as_u64().expect("ports") as usize,
        layout["vlan_vifs"].as_u64().expect("VIFs") as usize,
    );
    let section = &markdown[markdown
        .find("### Network build plan")
        .expect("a build plan")..];
    let table_rows = |title: &str| {
        let start = section.find(title).expect(title);
        section[start..]
            .lines()
            .skip(4) // title, blank, header, rule
            .take_while(|line| line.starts_with('|'))
            .count()
    };
    assert_eq!(table_rows("#### Cabling schedule"), ports);
    assert_eq!(table_rows("#### VIFs: VLANs, addresses and BGP"), vifs);
    assert!(
        html.contains("<h3>Network build plan</h3>") && html.contains("<h4>Cabling schedule</h4>")
    );
    let pdf = pdf_text(bytes_of(&reports, ReportFormat::Pdf));
    assert!(pdf.contains("Network build plan") && pdf.contains("Cabling schedule"));

    // The CSV holds the JSON's rows: one per workload and candidate, in the same order.
    let csv_text = format_of(&reports, ReportFormat::Csv);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let expected: Vec<(String, String)> = workloads
        .iter()
        .flat_map(|w| {
            let name = w["name"].as_str().expect("name").to_owned();
            w["candidates"]
                .as_array()
                .expect("candidates")
                .iter()
                .map(move |c| {
                    (
                        name.clone(),
                        c["location"].as_str().expect("location").to_owned(),
                    )
                })
        })
        .collect();
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r[0].to_owned(), r[4].to_owned()))
        .collect();
    assert_eq!(got, expected);
    let recommended: Vec<&csv::StringRecord> = rows.iter().filter(|r| &r[2] == "true").collect();
    assert_eq!(recommended.len(), 5, "one recommendation per workload");
}

#[test]
fn hostile_names_stay_text_in_every_format() {
    let script = "<script>alert(1)</script>";
    let image = "\"><img src=x onerror=alert(1)>";
    let formula = "=HYPERLINK(\"http://x\",\"y\")";
    // An Outpost named by an attacker in an imported snapshot, and a workload in the file.
    let mut demo = demo::demo().expect("demo");
    for (outpost, name) in demo
        .estate
        .outposts
        .iter_mut()
        .zip([script, image, formula])
    {
        outpost.name = name.to_owned();
    }
    // Sites and tags too: the map excerpts draw the sites by name.
    for site in &mut demo.estate.sites {
        site.name = script.to_owned();
    }
    for outpost in &mut demo.estate.outposts {
        outpost.tags.insert("Name".to_owned(), image.to_owned());
    }
    let workloads = format!(
        "[[workload]]\nname = '{image}'\nusers = [\"Chicago\"]\nlatency_ms = 30\nclients = \"on-premises\"\n\n\
         [[workload]]\nname = '{formula}'\nusers = [\"Frankfurt\"]\nlatency_ms = 40\nclients = \"on-premises\"\n\n\
         [[workload]]\nname = '{script}'\nusers = [\"Frankfurt\"]\nlatency_ms = 1.5\nclients = \"on-premises\"\nvcpus = 300\n"
    );
    let reports = reports(&workloads, &demo.estate);

    let html = format_of(&reports, ReportFormat::Html);
    for raw in ["<script", "<img", "onerror=alert(1)>"] {
        assert!(!html.contains(raw), "raw {raw} in the HTML");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // The inline SVG diagrams are escaped by their own writer: still no raw markup.
    assert!(html.contains("<svg"));

    let markdown = format_of(&reports, ReportFormat::Markdown);
    for raw in ["<script", "<img", "</script>"] {
        assert!(!markdown.contains(raw), "raw {raw} in the Markdown");
    }
    assert!(markdown.contains("&lt;script&gt;alert\\(1\\)&lt;/script&gt;"));

    let csv_text = format_of(&reports, ReportFormat::Csv);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let names: Vec<String> = reader
        .records()
        .map(|r| r.expect("row")[0].to_owned())
        .collect();
    assert!(
        names.iter().any(|n| n == &format!("'{formula}")),
        "a formula is made inert"
    );
    assert!(names.iter().all(|n| !n.starts_with('=')));

    // The PDF draws them as text: what pdftotext reads back is the names as written, and the
    // file holds no script or action a name could have smuggled in.
    let pdf = bytes_of(&reports, ReportFormat::Pdf);
    let text = pdf_text(pdf);
    assert!(
        text.contains("Workload <script>alert(1)</script>"),
        "{text}"
    );
    assert!(text.contains("Workload \"><img src=x onerror=alert(1)>"));
    let raw = String::from_utf8_lossy(pdf);
    for action in ["/JavaScript", "/JS ", "/Launch", "/URI"] {
        assert!(!raw.contains(action), "{action} in the PDF");
    }

    // JSON carries the strings exactly, escaped by JSON itself.
    let json: serde_json::Value =
        serde_json::from_str(format_of(&reports, ReportFormat::Json)).expect("JSON parses");
    let names: Vec<&str> = json["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .map(|w| w["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, [image, formula, script]);
}

#[test]
fn a_report_is_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.html");
    write_atomically(&path, b"first").expect("written");
    write_atomically(&path, b"second").expect("replaced");
    assert_eq!(std::fs::read(&path).expect("read"), b"second");
    // A directory that does not exist: a clear error naming the file, nothing left behind.
    let missing = dir.path().join("no-such-dir").join("report.html");
    let error = write_atomically(&missing, b"x").expect_err("cannot be written");
    assert!(error.to_string().contains("no-such-dir"), "{error}");
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(left.len(), 1, "only the good report: {left:?}");
}

#[test]
fn the_format_comes_from_the_name_or_the_extension() {
    use std::path::Path;
    assert_eq!(
        ReportFormat::from_path(Path::new("out/plan.HTML")),
        Some(ReportFormat::Html)
    );
    assert_eq!(
        ReportFormat::from_path(Path::new("plan.md")),
        Some(ReportFormat::Markdown)
    );
    assert_eq!(ReportFormat::from_path(Path::new("plan")), None);
    assert_eq!(ReportFormat::from_name("csv"), Some(ReportFormat::Csv));
    assert_eq!(ReportFormat::from_name("pdf"), Some(ReportFormat::Pdf));
    assert_eq!(
        ReportFormat::from_path(Path::new("plan.pdf")),
        Some(ReportFormat::Pdf)
    );
    assert_eq!(ReportFormat::from_name("docx"), None);
}

#[test]
fn the_html_report_renders_in_headless_chromium() {
    // scripts/test installs Debian's chromium; without it this test cannot say anything.
    let chromium = ["chromium", "chromium-browser"]
        .into_iter()
        .find(|name| {
            std::process::Command::new(name)
                .arg("--version")
                .output()
                .is_ok_and(|out| out.status.success())
        })
        .expect("chromium is installed (scripts/test installs it)");
    let demo = demo::demo().expect("demo");
    let reports = reports(&example_workloads(), &demo.estate);
    let dir = tempfile::tempdir().expect("temp dir");
    let page = dir.path().join("report.html");
    write_atomically(&page, format_of(&reports, ReportFormat::Html).as_bytes()).expect("written");
    let url = format!("file://{}", page.display());
    let headless = |extra: &[&str]| {
        let profile = dir.path().join("profile");
        let mut command = std::process::Command::new(chromium);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--hide-scrollbars",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(extra)
            .arg(&url);
        command.output().expect("chromium runs")
    };
    // The DOM chromium built from the file: the recommendation and both diagrams are there.
    let dom = String::from_utf8_lossy(&headless(&["--dump-dom"]).stdout).into_owned();
    assert!(
        dom.contains("Recommendation: Outpost new"),
        "{}",
        &dom[..dom.len().min(500)]
    );
    assert_eq!(dom.matches("<svg").count(), 9);
    // And it paints: a screenshot of the first screenful.
    let shot = dir.path().join("report.png");
    let out = headless(&[
        "--window-size=1280,1600",
        &format!("--screenshot={}", shot.display()),
    ]);
    let size = std::fs::metadata(&shot).map(|m| m.len()).unwrap_or(0);
    assert!(
        size > 20_000,
        "a painted page, not a blank one: {size} bytes; {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_pdf_report_reads_renders_and_has_an_outline() {
    let demo = demo::demo().expect("demo");
    let reports = reports(&example_workloads(), &demo.estate);
    let json: serde_json::Value =
        serde_json::from_str(format_of(&reports, ReportFormat::Json)).expect("JSON parses");
    let line_control = json["workloads"]
        .as_array()
        .expect("workloads")
        .iter()
        .find(|w| w["name"] == "line-control")
        .expect("line-control");
    let pdf = bytes_of(&reports, ReportFormat::Pdf);
    assert!(pdf.starts_with(b"%PDF-"));

    // The text is real text: the recommendation and the bill of materials as pdftotext reads it.
    let text = pdf_text(pdf);
    assert!(
        text.contains("Recommendation: Outpost new at 0.5 ms (modelled)"),
        "{text}"
    );
    assert!(text.contains("Workload line-control"));
    let racks = &line_control["racks"];
    for (label, key) in [
        ("customer-side physical ports", "physical_ports"),
        ("LACP port channels", "lacp_port_channels"),
        ("VLAN VIFs", "vlan_vifs"),
    ] {
        let row = format!(
            "{label} {} {}",
            racks["without_ace"][key], racks["with_ace"][key]
        );
        assert!(text.contains(&row), "{row} in the PDF's text");
    }
    assert!(text.contains("Assumptions and sources"));
    assert!(text.contains("edge-atlas report docs/examples/workloads.toml"));
    // The diagrams' labels are text too (krilla-svg embeds them): the rack network's caption.
    assert!(text.contains("2 compute racks"), "diagram text");

    // A4 by default, every page renders.
    let info = poppler("pdfinfo", &[], pdf);
    assert!(info.contains("595.28 x 841.89 pts (A4)"), "{info}");
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    assert!(
        pages >= 7,
        "a summary, five workloads, the assumptions: {pages}"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, pdf).expect("written");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "30", "-png"])
        .arg(&path)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let rendered: Vec<u64> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry"))
        .filter(|e| e.file_name().to_string_lossy().ends_with(".png"))
        .map(|e| e.metadata().expect("size").len())
        .collect();
    assert_eq!(rendered.len(), pages, "every page renders");
    assert!(rendered.iter().all(|size| *size > 1_000), "{rendered:?}");

    // The outline: the summary, each workload (line-control with its racks), the assumptions.
    let outline = poppler("pdftohtml", &["-xml", "-i", "-stdout", "-q"], pdf);
    for entry in [
        "Summary",
        "Workload plant-vision",
        "Workload line-control",
        "Outposts racks",
        "Assumptions and sources",
    ] {
        assert!(
            outline.contains(&format!(">{entry}</")),
            "outline entry {entry}: {}",
            &outline[outline.find("<outline").unwrap_or(0)..][..400.min(outline.len())]
        );
    }
}

#[test]
fn the_pdf_report_comes_on_letter_paper_too() {
    let demo = demo::demo().expect("demo");
    let catalogs = Catalogs::embedded().expect("catalogs");
    let (workloads, plan) = planned(&example_workloads(), &demo.estate);
    let meta = ReportMeta {
        paper: Paper::Letter,
        ..ReportMeta::default()
    };
    let report = Report::new(
        &plan,
        &workloads,
        &catalogs,
        Some(&demo.estate),
        None,
        meta,
        &LIGHT,
    );
    let pdf = report.render(ReportFormat::Pdf).expect("renders");
    let info = poppler("pdfinfo", &[], &pdf);
    assert!(info.contains("612 x 792 pts (letter)"), "{info}");
}
