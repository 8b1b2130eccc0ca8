//! The desktop window: opens the database (storing the demo estate on first start), loads the
//! latest snapshot, and switches between the views. A deliberately small shell; the docked
//! tabs, map, graph, rack and inventory views arrive with their issues.

use std::path::PathBuf;

use anyhow::Context as _;
use edge_atlas::model::Estate;
use edge_atlas::store::{SnapshotInfo, Store};
use edge_atlas::summary::EstateSummary;
use eframe::egui;

use crate::views::{map::MapView, overview, planner::PlannerView};

/// Opens the window and runs until it is closed.
pub fn run(db: PathBuf) -> anyhow::Result<()> {
    let state = load(&db);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Edge Atlas")
            .with_inner_size([1360.0, 800.0]),
        ..Default::default()
    };
    let app = EdgeAtlasApp {
        db,
        state,
        view: View::Overview,
        map: MapView::default(),
        planner: PlannerView::default(),
    };
    eframe::run_native("Edge Atlas", options, Box::new(|_cc| Ok(Box::new(app))))
        .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

/// The loaded snapshot, or why it could not be loaded.
enum State {
    Loaded(Box<Loaded>),
    Failed(String),
}

/// A snapshot ready to show.
struct Loaded {
    info: SnapshotInfo,
    summary: EstateSummary,
    estate: Estate,
    first_start: bool,
}

/// The view on screen.
#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Overview,
    Map,
    Planner,
}

/// The whole app: the loaded snapshot, the view on screen and each view's state.
pub struct EdgeAtlasApp {
    db: PathBuf,
    state: State,
    view: View,
    map: MapView,
    planner: PlannerView,
}

impl EdgeAtlasApp {
    /// Opens the database at `db` (storing the demo estate on first start) and loads the latest
    /// snapshot; a failure is shown in the window, not returned.
    pub fn open(db: PathBuf) -> EdgeAtlasApp {
        let state = load(&db);
        EdgeAtlasApp::with_state(db, state)
    }

    fn with_state(db: PathBuf, state: State) -> EdgeAtlasApp {
        EdgeAtlasApp {
            db,
            state,
            view: View::Overview,
            map: MapView::default(),
            planner: PlannerView::default(),
        }
    }
}

fn load(db: &std::path::Path) -> State {
    let attempt = || -> anyhow::Result<State> {
        let mut store = Store::open(db)?;
        let first_start = store.latest_snapshot_id()?.is_none();
        if first_start {
            let demo = edge_atlas::demo::demo().map_err(|e| anyhow::anyhow!("{e}"))?;
            store
                .insert_snapshot(&demo.meta, &demo.estate)
                .context("storing the demo estate")?;
            for entry in &demo.overlay.outposts {
                store.save_outpost_overlay(entry)?;
            }
        }
        let id = store.resolve_snapshot(None)?;
        let info = store.snapshot(id)?;
        let estate = store.load_estate(id)?;
        let overlay = store.load_overlay()?;
        let summary = EstateSummary::of(&estate, &overlay);
        Ok(State::Loaded(Box::new(Loaded {
            info,
            summary,
            estate,
            first_start,
        })))
    };
    attempt().unwrap_or_else(|error| State::Failed(format!("{error:#}")))
}

impl eframe::App for EdgeAtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

impl EdgeAtlasApp {
    /// Draws one frame of the whole app into `ui` (the window, or a test harness).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Edge Atlas");
                ui.separator();
                ui.selectable_value(&mut self.view, View::Overview, "Overview");
                ui.selectable_value(&mut self.view, View::Map, "Map");
                ui.selectable_value(&mut self.view, View::Planner, "Planner");
                ui.separator();
                match &self.state {
                    State::Loaded(loaded) => {
                        let info = &loaded.info;
                        ui.label(format!(
                            "Snapshot {} · {} · {} · {} entities",
                            info.id, info.source, info.created_at, info.entity_count
                        ));
                    }
                    State::Failed(_) => {
                        ui.label(format!("Database {}", self.db.display()));
                    }
                }
            });
        });
        match &self.state {
            State::Failed(message) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "The database could not be opened.",
                    );
                    ui.label(message);
                });
            }
            State::Loaded(loaded) => {
                if loaded.info.source.starts_with("demo") {
                    egui::Panel::top("demo-note").show(ui, |ui| {
                        ui.label(format!(
                            "{}This is the built-in demo estate of a fictional company (Northwind Freight). \
                             To see your own, sync it: edge-atlas sync [--profile P] (or import a snapshot file)",
                            if loaded.first_start { "Welcome. " } else { "" }
                        ));
                    });
                }
                match self.view {
                    View::Overview => overview::show(ui, &loaded.summary),
                    View::Map => self.map.show(ui, &loaded.estate, loaded.info.id),
                    View::Planner => self.planner.show(ui, &loaded.estate, loaded.info.id),
                }
            }
        }
    }
}
