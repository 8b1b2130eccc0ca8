//! The launch's timestamps that `EDGE_ATLAS_TIMING=1` prints: when the first frame was drawn
//! and, when it showed the Overview of a snapshot still opening, each frame drawn meanwhile with
//! what asked for it (every one takes processor time from the build) and when the first frame
//! with the whole workspace was (BENCHMARKS.md times the open with them).

use std::time::Instant;

/// When the process started and when the window and its adapter were ready.
pub(super) struct LaunchTiming {
    pub(super) started: Instant,
    pub(super) adapter_ready: Instant,
    /// The first frame showed the overview only; the workspace's first frame is still to come.
    pub(super) first_frame_reported: bool,
}

impl LaunchTiming {
    /// Prints what a frame just drawn marks, `opening` when it showed a snapshot still opening;
    /// true once there is nothing left to report.
    pub(super) fn report_frame(&mut self, ctx: &eframe::egui::Context, opening: bool) -> bool {
        let now = Instant::now();
        if opening {
            // Every frame drawn while opening takes processor time from the build: say why it
            // was drawn.
            let causes: Vec<String> = ctx
                .repaint_causes()
                .iter()
                .map(|cause| {
                    // The crate and file, not the registry's path to it.
                    let file = cause.file.rsplit('/').take(3).collect::<Vec<_>>();
                    let file: Vec<&str> = file.into_iter().rev().collect();
                    format!("{}:{}", file.join("/"), cause.line)
                })
                .collect();
            eprintln!(
                "launch: frame while opening, {:.0} ms after start, asked for by: {}",
                (now - self.started).as_secs_f64() * 1e3,
                if causes.is_empty() {
                    "input or the window system".to_owned()
                } else {
                    causes.join("; ")
                }
            );
        }
        let after_start_ms = (now - self.started).as_secs_f64() * 1e3;
        let after_adapter_ms = (now - self.adapter_ready).as_secs_f64() * 1e3;
        if !self.first_frame_reported {
            eprintln!(
                "launch: first frame drawn {after_start_ms:.0} ms after start{}; adapter and window ready after {:.0} ms; after that, {after_adapter_ms:.0} ms to the first frame",
                if opening { " (the overview)" } else { "" },
                (self.adapter_ready - self.started).as_secs_f64() * 1e3,
            );
            self.first_frame_reported = true;
        } else if !opening {
            eprintln!(
                "launch: first frame with the whole workspace (graph, map, every view) drawn {after_start_ms:.0} ms after start, {after_adapter_ms:.0} ms after the adapter"
            );
        }
        !opening
    }
}
