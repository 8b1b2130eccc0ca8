//! The shell's work in the background and what comes back from it: the storage worker
//! (started once per database) and the search index (once per snapshot), the worker's results
//! handed to the views that asked (or, for imports, exports and another database, shown and
//! loaded by the shell), and the views' own requests carried out after each frame.

use edge_atlas_aws::job::SyncJob;
use eframe::egui;

use super::{EdgeAtlasApp, Notice, State};
use crate::commands::AppCommand;
use crate::worker::{Done, StorageWorker};

impl EdgeAtlasApp {
    /// Starts the storage worker (once) and the search index of the snapshot on screen (once
    /// per snapshot); both wake the UI when they have something.
    pub(super) fn start_background_work(&mut self, ctx: &egui::Context) {
        if self.worker.is_none() {
            let wake = ctx.clone();
            match StorageWorker::start(self.db.clone(), move || wake.request_repaint()) {
                Ok(worker) => self.worker = Some(worker),
                Err(error) if self.notice.is_none() => {
                    self.notice = Some(Notice::error(format!(
                        "Could not start the storage thread ({error}): history, overlay saves \
                         and loading new snapshots will not work until the app is restarted."
                    )));
                }
                Err(_) => {}
            }
        }
        if let State::Loaded(workspace) = &self.state {
            let wake = ctx.clone();
            workspace.start_indexing(move || wake.request_repaint());
        }
    }

    /// Hands what the storage worker finished to the views that asked.
    pub(super) fn take_results(&mut self) {
        let Some(worker) = self.worker.as_mut() else {
            return;
        };
        for done in worker.finished() {
            match done {
                Done::Snapshots(result) => self.history.snapshots_read(result),
                Done::Diff { from, to, result } => self.history.compared(from, to, result),
                Done::OverlaySaved { outpost_id, result } => {
                    self.rack_network.overlay_saved(&outpost_id, &result);
                    // The same snapshot, rebuilt with the overlay as stored now.
                    if let (Ok(overlay), State::Loaded(workspace)) = (result, &self.state) {
                        self.state = State::Loaded(Box::new(workspace.with_overlay(overlay)));
                    }
                }
                Done::Opened(result) => {
                    self.state = match result {
                        Ok(workspace) => State::Loaded(workspace),
                        Err(message) => State::Failed(message),
                    };
                    self.history.refresh();
                    self.highlight.clear();
                }
                Done::Imported { path, result } => match result {
                    Ok((imported, workspace)) => {
                        self.state = State::Loaded(workspace);
                        self.history.refresh();
                        self.highlight.clear();
                        self.notice = Some(Notice::done(format!(
                            "Imported {} as snapshot {} ({} entities)",
                            path.display(),
                            imported.snapshot_id,
                            imported.entity_count
                        )));
                    }
                    Err(message) => {
                        self.notice = Some(Notice::error(format!(
                            "Could not import {}: {}. Nothing was changed.",
                            path.display(),
                            message.trim_end_matches('.')
                        )));
                    }
                },
                Done::Written(result) => self.notice = Some(Notice::of(result)),
                Done::DatabaseOpened { path, result } => match result {
                    Ok(workspace) => {
                        self.state = State::Loaded(workspace);
                        self.notice = Some(Notice::done(format!("Opened {}", path.display())));
                        self.db = path;
                        // The worker of the other database ends when its sender is dropped;
                        // the next frame starts one for this database.
                        self.worker = None;
                        self.history.refresh();
                        self.highlight.clear();
                        return;
                    }
                    Err(message) => {
                        self.notice = Some(Notice::error(format!(
                            "Could not open {}: {}. The database on screen stays open.",
                            path.display(),
                            message.trim_end_matches('.')
                        )));
                    }
                },
            }
        }
    }

    /// Carries out what the views asked for this frame.
    pub(super) fn carry_out_commands(&mut self, ctx: &egui::Context) {
        while let Ok(command) = self.received.try_recv() {
            match command {
                AppCommand::Storage(request) => match self.worker.as_mut() {
                    Some(worker) => worker.send(request),
                    None => {
                        self.notice = Some(Notice::error(
                            "The storage thread is not running: restart the app to read or \
                             save the database."
                                .to_owned(),
                        ))
                    }
                },
                AppCommand::StartSync(options) => {
                    let wake = ctx.clone();
                    let job =
                        SyncJob::start(self.db.clone(), options, move || wake.request_repaint());
                    self.sync.started(job);
                }
            }
        }
    }
}
