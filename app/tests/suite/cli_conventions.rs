//! Command-line conventions: `--version` with the git revision and its date, shell
//! completions and man pages generated from the clap definitions.

use clap::Parser;
use edge_atlas_app::cli::{Cli, run};

fn output(arguments: &[&str]) -> String {
    let cli = Cli::try_parse_from(std::iter::once("edge-atlas").chain(arguments.iter().copied()))
        .expect("arguments");
    let command = cli.command.expect("a command");
    let mut out = Vec::new();
    let dir = tempfile::tempdir().expect("temp dir");
    run(&dir.path().join("db.sqlite"), &command, &mut out).expect("runs");
    assert!(
        !dir.path().join("db.sqlite").exists(),
        "no database is created for {arguments:?}"
    );
    String::from_utf8(out).expect("utf-8")
}

#[test]
fn version_names_the_revision_and_its_date() {
    let error = Cli::try_parse_from(["edge-atlas", "--version"]).expect_err("prints the version");
    assert_eq!(error.kind(), clap::error::ErrorKind::DisplayVersion);
    let text = error.to_string();
    let inside = text
        .trim()
        .strip_prefix(&format!("edge-atlas {} (", env!("CARGO_PKG_VERSION")))
        .and_then(|rest| rest.strip_suffix(')'))
        .unwrap_or_else(|| panic!("{text}"));
    let (revision, date) = inside.split_once(", ").unwrap_or_else(|| panic!("{text}"));
    assert!(
        revision == "unknown"
            || (revision.len() == 12 && revision.chars().all(|c| c.is_ascii_hexdigit())),
        "{revision}"
    );
    assert!(date == "unknown" || date.len() == 10, "{date}");
}

#[test]
fn completions_cover_every_command_for_each_shell() {
    let bash = output(&["completions", "bash"]);
    for command in [
        "connect",
        "export",
        "sync",
        "import-snapshot",
        "completions",
        "man",
    ] {
        assert!(bash.contains(command), "bash completes {command}");
    }
    assert!(output(&["completions", "zsh"]).contains("#compdef edge-atlas"));
    assert!(output(&["completions", "fish"]).contains("complete -c edge-atlas"));
}

#[test]
fn man_pages_for_the_program_and_every_command() {
    let page = output(&["man"]);
    assert!(
        page.contains(".TH edge-atlas 1"),
        "{}",
        &page[..page.len().min(200)]
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let said = output(&["man", "--dir", dir.path().to_str().expect("utf-8")]);
    assert!(said.starts_with("wrote "), "{said}");
    let connect = std::fs::read_to_string(dir.path().join("edge-atlas-connect.1")).expect("page");
    assert!(connect.contains(".TH edge-atlas-connect 1"));
    assert!(
        connect.contains("edge\\-atlas connect"),
        "the synopsis names the program"
    );
    assert!(dir.path().join("edge-atlas.1").exists());
}
