//! Opening the launch's snapshot in two steps, so that a large one is on screen sooner: a
//! loader thread (started before the window, while its graphics adapter starts) sends the
//! snapshot's overview as soon as the estate is loaded and summarised, then the whole
//! workspace once its topology is built. Meanwhile the window shows the overview and says
//! what is still being prepared; the docked views appear when the workspace arrives.

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use eframe::egui;

use crate::views::overview;
use crate::workspace::{Preview, Workspace};

/// What the loader thread sends: the overview first (a database that already holds a
/// snapshot), then the outcome.
pub enum Loading {
    /// The snapshot's row and overview; the workspace follows.
    Preview(Box<Preview>),
    /// The loaded workspace, or why the snapshot could not be loaded.
    Done(Result<Box<Workspace>, String>),
}

/// Snapshots smaller than this open in one step: their topology takes a fraction of a second,
/// and an overview shown for a frame or two before the views would only flicker.
pub const STAGED_OPEN_MIN_ENTITIES: u64 = 200_000;

/// How often the window redraws while the workspace is being built: only the seconds in the
/// progress line change, and every frame drawn meanwhile takes processor time from the build
/// (a software renderer, on a machine without a GPU, spends over 100 ms of processor time on a
/// frame; a spinner redrawn continuously took a core from the build).
pub const PROGRESS_REDRAW_INTERVAL: Duration = Duration::from_secs(1);

/// The window to wake when the loader has sent something: set once the window exists (the
/// loader starts before it), so that the workspace is drawn as soon as it arrives.
pub type Wake = Arc<OnceLock<egui::Context>>;

/// Starts loading the latest snapshot of the database at `db` on a thread of its own; the
/// overview is sent first for a snapshot of [`STAGED_OPEN_MIN_ENTITIES`] or more. The window
/// in `wake`, once there, is asked to redraw after each message.
pub fn start(db: PathBuf, wake: Wake) -> Receiver<Loading> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        let redraw = |wake: &Wake| {
            if let Some(context) = wake.get() {
                context.request_repaint();
            }
        };
        let preview_wake = wake.clone();
        let preview_sender = sender.clone();
        let loaded = Workspace::load_staged(&db, move |preview| {
            if preview.info.entity_count >= STAGED_OPEN_MIN_ENTITIES {
                // The window may already have gone (closed, or another database opened).
                let _ = preview_sender.send(Loading::Preview(Box::new(preview)));
                redraw(&preview_wake);
            }
        });
        let opened = loaded
            .as_ref()
            .ok()
            .map(|workspace| (workspace.info.id, Arc::clone(&workspace.estate)));
        let _ = sender.send(Loading::Done(
            loaded.map(Box::new).map_err(|error| format!("{error:#}")),
        ));
        redraw(&wake);
        if let Some((id, estate)) = opened {
            cache_for_next_open(&db, id, &estate);
        }
    });
    receiver
}

/// Writes the binary load cache of snapshot `id` (now on screen) if this build cannot open it
/// from one: a snapshot stored by an earlier version opens from its JSON once, then faster.
/// Runs after the workspace is on screen; a failure (the database busy or read-only) only
/// means the next open reads the JSON again, and is logged.
fn cache_for_next_open(db: &std::path::Path, id: i64, estate: &edge_atlas::model::Estate) {
    let cached = edge_atlas::store::Store::open_existing(db).and_then(|mut store| {
        if store.has_current_cache(id)? {
            return Ok(false);
        }
        store.rewrite_cache(id, estate)?;
        Ok(true)
    });
    match cached {
        Ok(true) => tracing::info!("snapshot {id}: load cache written for the next open"),
        Ok(false) => {}
        Err(error) => tracing::warn!("snapshot {id}: the load cache could not be written: {error}"),
    }
}

/// A snapshot on screen as its overview while the rest of its workspace is being built.
pub struct Opening {
    /// The snapshot's row and overview.
    pub preview: Preview,
    /// Where the workspace comes from.
    receiver: Receiver<Loading>,
    /// When the overview arrived (the progress line tells how long the rest is taking).
    since: Instant,
}

/// What became of an opening snapshot since the last frame.
pub enum Progress {
    /// Still building.
    Building,
    /// The workspace, or why it could not be loaded.
    Done(Result<Box<Workspace>, String>),
}

impl Opening {
    /// Waits for the loader's first message: an opening snapshot, or the outcome when there is
    /// no overview to show first (a first start, or an error).
    pub fn wait(receiver: Receiver<Loading>) -> Result<Opening, Result<Box<Workspace>, String>> {
        match receiver.recv() {
            Ok(Loading::Preview(preview)) => Ok(Opening {
                preview: *preview,
                receiver,
                since: Instant::now(),
            }),
            Ok(Loading::Done(result)) => Err(result),
            Err(_) => Err(Err(LOADER_GONE.to_owned())),
        }
    }

    /// Whether the workspace has arrived, without waiting.
    pub fn poll(&self) -> Progress {
        match self.receiver.try_recv() {
            Ok(Loading::Done(result)) => Progress::Done(result),
            // A second overview is not sent; if it were, it would change nothing on screen.
            Ok(Loading::Preview(_)) | Err(TryRecvError::Empty) => Progress::Building,
            Err(TryRecvError::Disconnected) => Progress::Done(Err(LOADER_GONE.to_owned())),
        }
    }

    /// Draws the overview under a line saying what is still being prepared. No spinner: it
    /// would redraw the window continuously (see [`PROGRESS_REDRAW_INTERVAL`]).
    pub fn show(&self, ui: &mut egui::Ui) {
        let info = &self.preview.info;
        let seconds = self.since.elapsed().as_secs();
        let so_far = if seconds == 0 {
            String::new()
        } else {
            format!(" ({seconds} s so far)")
        };
        ui.horizontal(|ui| {
            ui.label(format!(
                "Snapshot {} ({} entities): building the graph; the map, graph, inventory, \
                 planner and the other views open when it is done{so_far}.",
                info.id, info.entity_count,
            ));
        });
        ui.separator();
        overview::show(ui, &self.preview.summary);
    }
}

/// Why loading ended without an outcome: the loader thread stopped (a panic it could not
/// report).
const LOADER_GONE: &str = "loading the snapshot stopped unexpectedly; restart Edge Atlas, and if it happens again, \
     run `edge-atlas snapshots` to check the database";
