//! `edge-atlas completions` and `edge-atlas man`: shell completions and man pages generated
//! from the clap definitions, so they always list the commands and flags there are.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use super::Cli;

/// Shell completions for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "edge-atlas", out);
}

/// The man pages from the clap definitions: `edge-atlas.1` to `out`, or with `dir` that page and
/// `edge-atlas-COMMAND.1` for every command, written there.
pub fn man_pages(dir: Option<&Path>, out: &mut dyn Write) -> anyhow::Result<()> {
    let command = <Cli as clap::CommandFactory>::command();
    let Some(dir) = dir else {
        clap_mangen::Man::new(command).render(out)?;
        return Ok(());
    };
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut written = 0;
    let mut write_page = |name: String, page: clap::Command| -> anyhow::Result<()> {
        let path = dir.join(format!("{name}.1"));
        let mut bytes = Vec::new();
        clap_mangen::Man::new(page).title(name).render(&mut bytes)?;
        edge_atlas::report::write_atomically(&path, &bytes)?;
        written += 1;
        Ok(())
    };
    for sub in command.get_subcommands() {
        let name = format!("edge-atlas-{}", sub.get_name());
        let page = sub
            .clone()
            .display_name(name.clone())
            .bin_name(format!("edge-atlas {}", sub.get_name()));
        write_page(name, page)?;
    }
    write_page("edge-atlas".to_owned(), command)?;
    writeln!(out, "wrote {written} man pages to {}", dir.display())?;
    Ok(())
}
