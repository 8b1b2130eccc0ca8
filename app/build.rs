//! Build script: the git revision and its commit date for `edge-atlas --version` (from `git`
//! when the source is a checkout; `unknown` in a source tarball). The commit date, not the
//! build time, keeps two builds of one revision identical.

use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let output = Command::new("git").args(args).output().ok()?;
    if !output.status.success() {
        return None;
    }
    let text = String::from_utf8(output.stdout).ok()?.trim().to_owned();
    (!text.is_empty()).then_some(text)
}

fn main() {
    let revision =
        git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown".to_owned());
    let date = git(&["log", "-1", "--format=%cs"]).unwrap_or_else(|| "unknown".to_owned());
    println!("cargo:rustc-env=EDGE_ATLAS_GIT_REVISION={revision}");
    println!("cargo:rustc-env=EDGE_ATLAS_BUILD_DATE={date}");
    // A new commit moves HEAD's branch; a checkout moves HEAD.
    println!("cargo:rerun-if-changed=../.git/HEAD");
    println!("cargo:rerun-if-changed=../.git/refs/heads");
    println!("cargo:rerun-if-changed=build.rs");
}
