//! The `report` and `export` commands' contracts, driven through the library exactly as the
//! binary does: every format from a hostile snapshot, escaped; pictures, inventories and diffs
//! by extension.

use std::path::Path;

use crate::cli_common;

use cli_common::{edge_atlas, edited_demo_export, json};
use serde_json::Value;

#[test]
fn report_writes_every_format_from_an_imported_hostile_snapshot() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    let script = "<script>alert(1)</script>";
    // Every Outpost renamed by whoever wrote the file; imported as snapshot 2.
    let file = edited_demo_export(&db, |content| {
        for outpost in content["estate"]["outposts"]
            .as_array_mut()
            .expect("outposts")
        {
            outpost["name"] = Value::from(script);
        }
    });
    edge_atlas(&db, &["import-snapshot", file.to_str().expect("utf-8")]).expect("import");
    let workloads = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/examples/workloads.toml");
    let workloads = workloads.to_str().expect("utf-8");
    for extension in ["html", "md", "csv", "json"] {
        let output = dir.path().join(format!("report.{extension}"));
        let printed = edge_atlas(
            &db,
            &["report", workloads, "-o", output.to_str().expect("utf-8")],
        )
        .unwrap_or_else(|e| panic!("{extension}: {e}"));
        assert!(printed.contains("5 workloads"), "{printed}");
        let text = std::fs::read_to_string(&output).expect("written");
        // The markup formats hold it as text; CSV carries it as data (JSON names Outposts by
        // id only).
        match extension {
            "html" | "md" => assert!(!text.contains("<script>"), "{extension}: raw markup"),
            "csv" => assert!(text.contains(script), "CSV keeps the name"),
            _ => {}
        }
        assert!(text.contains("line-control"), "{extension}");
    }
    let report: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("report.json")).expect("json"),
    )
    .expect("parses");
    assert_eq!(
        report["report"]["snapshot"]["id"], 2,
        "the imported snapshot"
    );
    assert_eq!(report["report"]["snapshot"]["source"], "import");
    assert!(
        report["report"]["command"]
            .as_str()
            .expect("command")
            .contains("--format json -o ")
    );
    // The HTML names the hostile Outposts as text.
    let html = std::fs::read_to_string(dir.path().join("report.html")).expect("html");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    // A file that cannot be written, and a name without a format, are clear errors.
    let missing = dir.path().join("missing").join("report.html");
    let error = edge_atlas(
        &db,
        &["report", workloads, "-o", missing.to_str().expect("utf-8")],
    )
    .expect_err("cannot be written");
    assert!(
        error.contains("cannot write") && error.contains("missing"),
        "{error}"
    );
    let error =
        edge_atlas(&db, &["report", workloads, "-o", "report.docx"]).expect_err("no format");
    assert!(error.contains("--format html|pdf|md|csv|json"), "{error}");
    // PDF, from the extension, on Letter paper when asked; the command that makes it again
    // says so.
    let pdf = dir.path().join("report.pdf");
    edge_atlas(
        &db,
        &[
            "report",
            workloads,
            "--paper",
            "letter",
            "-o",
            pdf.to_str().expect("utf-8"),
        ],
    )
    .expect("pdf");
    let bytes = std::fs::read(&pdf).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(
        String::from_utf8_lossy(&bytes).contains("/MediaBox[0 0 612 792]"),
        "Letter"
    );
    let error = edge_atlas(&db, &["report", workloads, "--paper", "a3", "-o", "x.pdf"])
        .expect_err("no such paper");
    assert!(error.contains("a4") && error.contains("letter"), "{error}");
}

#[test]
fn export_writes_pictures_inventories_and_diffs_by_extension() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db.sqlite");
    edge_atlas(&db, &["demo"]).expect("demo");
    let outposts = json(&db, &["inventory", "--kind", "outpost", "--json"]);
    let outpost = outposts[0]["outpost_id"].as_str().expect("an Outpost");
    let path = |name: &str| dir.path().join(name).to_str().expect("utf-8").to_owned();
    for (args, file, starts) in [
        (vec!["map"], "map.svg", "<svg".as_bytes()),
        (vec!["map"], "map.png", b"\x89PNG".as_slice()),
        (vec!["graph"], "graph.graphml", b"<?xml".as_slice()),
        (vec!["graph"], "graph.gv", b"digraph".as_slice()),
        (vec!["graph"], "graph.drawio", b"<?xml".as_slice()),
        (
            vec!["rack-network", "--outpost", outpost],
            "rn.drawio",
            b"<?xml".as_slice(),
        ),
        (
            vec!["rack-network", "--outpost", outpost],
            "rn.png",
            b"\x89PNG".as_slice(),
        ),
        (
            vec!["racks", "--outpost", outpost],
            "racks.svg",
            b"<svg".as_slice(),
        ),
        (
            vec!["inventory", "--kind", "subnet"],
            "subnets.csv",
            b"subnet_id,".as_slice(),
        ),
        (
            vec!["inventory", "--kind", "subnet"],
            "subnets.json",
            b"[".as_slice(),
        ),
        (
            vec!["diff", "--from", "1", "--to", "1"],
            "diff.csv",
            b"change,kind,id".as_slice(),
        ),
    ] {
        let output = path(file);
        let mut argv = vec!["export"];
        argv.extend(args.iter().copied());
        argv.extend(["-o", output.as_str()]);
        let printed = edge_atlas(&db, &argv).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(printed.starts_with("wrote "), "{printed}");
        let bytes = std::fs::read(&output).expect("written");
        assert!(bytes.starts_with(starts), "{file}");
    }
    // One Region's part of the graph: only its nodes.
    let region = path("us-east-2.json");
    edge_atlas(
        &db,
        &["export", "graph", "--region", "us-east-2", "-o", &region],
    )
    .expect("region");
    let part: Value =
        serde_json::from_str(&std::fs::read_to_string(&region).expect("written")).expect("json");
    let nodes = part["nodes"].as_array().expect("nodes");
    assert!(!nodes.is_empty());
    assert!(
        nodes.iter().all(|n| n["region"] == "us-east-2"),
        "only us-east-2"
    );
    edge_atlas(
        &db,
        &[
            "export",
            "graph",
            "--region",
            "us-east-2",
            "-o",
            &path("r.png"),
        ],
    )
    .expect("a Region's graph as PNG");
    let error = edge_atlas(
        &db,
        &[
            "export",
            "graph",
            "--region",
            "xx-nowhere-1",
            "-o",
            &path("n.svg"),
        ],
    )
    .expect_err("no such Region");
    assert!(error.contains("no Region xx-nowhere-1"), "{error}");
    // What cannot be: a map as CSV, a rack network without its Outpost, an unknown element.
    let error = edge_atlas(&db, &["export", "map", "-o", &path("map.csv")]).expect_err("csv map");
    assert!(
        error.contains("map cannot be written as csv: use svg, png"),
        "{error}"
    );
    let error =
        edge_atlas(&db, &["export", "rack-network", "-o", &path("x.svg")]).expect_err("no outpost");
    assert!(error.contains("--outpost"), "{error}");
    let error = edge_atlas(
        &db,
        &[
            "export",
            "rack-network",
            "--outpost",
            outpost,
            "--take-out",
            "nope",
            "-o",
            &path("y.svg"),
        ],
    )
    .expect_err("unknown element");
    assert!(error.contains("nope"), "{error}");
    // A failed export keeps the good file and names the path.
    let good = path("map.svg");
    let before = std::fs::read(&good).expect("good");
    let error = edge_atlas(
        &db,
        &["export", "map", "--scale", "1000", "-o", &path("map.png")],
    )
    .expect_err("too large");
    assert!(error.contains("smaller --scale"), "{error}");
    let missing = dir.path().join("missing").join("map.svg");
    let error = edge_atlas(
        &db,
        &["export", "map", "-o", missing.to_str().expect("utf-8")],
    )
    .expect_err("cannot write");
    assert!(error.contains("missing"), "{error}");
    assert_eq!(std::fs::read(&good).expect("good"), before);
}
