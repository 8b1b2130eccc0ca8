//! The launch's timestamps that `EDGE_ATLAS_TIMING=1` prints: when the first frame was drawn
//! and, when it showed the Overview of a snapshot still opening, when the first frame with the
//! whole workspace was (BENCHMARKS.md times the open with them).

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
    pub(super) fn report_frame(&mut self, opening: bool) -> bool {
        let now = Instant::now();
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
