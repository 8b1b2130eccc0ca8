//! The shell: opens the database (storing the demo estate on first start), loads the latest
//! snapshot into a [`Workspace`], and lays the window out: a top bar with the search box and
//! the theme switch, the demo note, a status bar (snapshot, its age, source), the details panel
//! on the right, and the views as docked, rearrangeable tabs (egui_tiles) in the middle.
//! Layout, theme, selection and graph filters persist in the settings file beside the database.
//!
//! Views never do I/O: they send [`AppCommand`]s, which the shell carries out after each frame,
//! the storage work on its [`StorageWorker`] thread, a sync as a job of its own; results come
//! back to the view that asked. When a snapshot loads, its search index is built on a worker
//! thread while the window stays usable.

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use edge_atlas::scene::style::{Palette, Theme};
use edge_atlas_sync::job::SyncJob;
use eframe::egui;

use crate::commands::{self, AppCommand, CommandSender};
use crate::panes::{self, Behavior, Pane, PaneUi};
use crate::selection::{Highlight, Selection};
use crate::settings::{self, Settings};
use crate::theme;
use crate::views::details::{self, DetailsAction};
use crate::views::history::HistoryView;
use crate::views::inventory::InventoryView;
use crate::views::rack_network::RackNetworkView;
use crate::views::racks::RacksView;
use crate::views::search::SearchBox;
use crate::views::sync::SyncView;
use crate::views::{graph::GraphView, map::MapView, overview, planner::PlannerView};
use crate::worker::{Done, StorageWorker};
use crate::workspace::Workspace;

/// Opens the window and runs until it is closed. `started` is when the process started, for
/// the launch timing `EDGE_ATLAS_TIMING=1` prints.
pub fn run(db: PathBuf, started: Instant) -> anyhow::Result<()> {
    // Load the snapshot while the window and its graphics adapter start.
    let loader = {
        let db = db.clone();
        std::thread::spawn(move || load(&db))
    };
    // The window opens where and as large as it was last closed.
    let placement = settings::load(&settings::path_for(&db)).0.window;
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Edge Atlas")
        .with_inner_size(placement.map_or([1360.0, 800.0], |p| p.size_to_open()));
    if let Some(position) = placement.and_then(|p| p.position) {
        viewport = viewport.with_position(position);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let timing = std::env::var_os("EDGE_ATLAS_TIMING").is_some();
    eframe::run_native(
        "Edge Atlas",
        options,
        Box::new(move |_cc| {
            let adapter_ready = Instant::now();
            let state = loader
                .join()
                .unwrap_or_else(|_| State::Failed("loading the snapshot failed".to_owned()));
            let mut app = EdgeAtlasApp::with_state(db, state);
            if timing {
                app.timing = Some(LaunchTiming {
                    started,
                    adapter_ready,
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

/// The loaded snapshot, or why it could not be loaded.
enum State {
    Loaded(Box<Workspace>),
    Failed(String),
}

/// Launch timestamps, printed after the first frame.
struct LaunchTiming {
    started: Instant,
    adapter_ready: Instant,
}

/// The whole app: the snapshot, the views, the selection and the remembered settings.
pub struct EdgeAtlasApp {
    db: PathBuf,
    state: State,
    settings: Settings,
    saved_settings: String,
    /// A problem worth telling (e.g. unreadable settings), shown until dismissed.
    notice: Option<String>,
    selection: Selection,
    search: SearchBox,
    /// The search version last turned into the highlight.
    searched_version: u64,
    highlight: Highlight,
    map: MapView,
    graph: GraphView,
    planner: PlannerView,
    inventory: InventoryView,
    history: HistoryView,
    sync: SyncView,
    rack_network: RackNetworkView,
    racks: RacksView,
    applied_theme: Option<Theme>,
    /// A first start: the theme follows the system's on the first frame.
    follow_system_theme: bool,
    timing: Option<LaunchTiming>,
    /// What views send; drained by the shell after each frame.
    commands: CommandSender,
    received: mpsc::Receiver<AppCommand>,
    /// The storage thread, started on the first frame (it wakes the UI through its context).
    worker: Option<StorageWorker>,
}

impl EdgeAtlasApp {
    /// Opens the database at `db` (storing the demo estate on first start) and loads the latest
    /// snapshot; a failure is shown in the window, not returned.
    pub fn open(db: PathBuf) -> EdgeAtlasApp {
        let state = load(&db);
        EdgeAtlasApp::with_state(db, state)
    }

    fn with_state(db: PathBuf, state: State) -> EdgeAtlasApp {
        let first_start = !settings::path_for(&db).exists();
        let (mut settings, notice) = settings::load(&settings::path_for(&db));
        panes::ensure_all_panes(&mut settings.tiles);
        let saved_settings = serde_json::to_string_pretty(&settings).unwrap_or_default();
        let mut selection = Selection::default();
        if let State::Loaded(workspace) = &state
            && let Some(id) = &settings.selected
            && workspace.topology.find(id).is_some()
        {
            selection.select(id.clone());
        }
        let mut graph = GraphView::default();
        graph.filter = settings.graph_filter.clone();
        graph.all_relations = settings.all_relations;
        let (commands, received) = commands::channel();
        EdgeAtlasApp {
            db,
            state,
            settings,
            saved_settings,
            notice,
            selection,
            search: SearchBox::default(),
            searched_version: 0,
            highlight: Highlight::default(),
            map: MapView::default(),
            graph,
            planner: PlannerView::default(),
            inventory: InventoryView::default(),
            history: HistoryView::default(),
            sync: SyncView::default(),
            rack_network: RackNetworkView::default(),
            racks: RacksView::default(),
            applied_theme: None,
            follow_system_theme: first_start,
            timing: None,
            commands,
            received,
            worker: None,
        }
    }

    /// Whether work the shell owns is under way: storage tasks, or the search index of the
    /// snapshot on screen (tests step frames until it is done).
    pub fn busy(&self) -> bool {
        self.worker.as_ref().is_some_and(StorageWorker::busy)
            || matches!(&self.state, State::Loaded(workspace) if !workspace.indexes_ready())
    }

    /// The snapshot on screen, if one is loaded (for tests and benchmarks).
    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.state {
            State::Loaded(workspace) => Some(workspace),
            State::Failed(_) => None,
        }
    }

    /// The Map view's state (for tests).
    pub fn map_view(&self) -> &MapView {
        &self.map
    }

    /// The Rack network view's state (for tests).
    pub fn rack_network_view(&self) -> &RackNetworkView {
        &self.rack_network
    }

    /// The selected entity's id, if any.
    pub fn selected(&self) -> Option<&str> {
        self.selection.selected.as_deref()
    }

    /// The graph view's state (for tests and benchmarks).
    pub fn graph(&self) -> &GraphView {
        &self.graph
    }
}

fn load(db: &std::path::Path) -> State {
    match Workspace::load(db) {
        Ok(workspace) => State::Loaded(Box::new(workspace)),
        Err(error) => State::Failed(format!("{error:#}")),
    }
}

impl eframe::App for EdgeAtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
        if let Some(timing) = self.timing.take() {
            let now = Instant::now();
            eprintln!(
                "launch: first frame drawn {:.0} ms after start; adapter and window ready after {:.0} ms; after that, {:.0} ms to the first frame",
                (now - timing.started).as_secs_f64() * 1e3,
                (timing.adapter_ready - timing.started).as_secs_f64() * 1e3,
                (now - timing.adapter_ready).as_secs_f64() * 1e3,
            );
        }
    }
}

/// The views, borrowed for one frame of the docked tabs.
struct Views<'a> {
    commands: &'a CommandSender,
    workspace: &'a Workspace,
    selection: &'a mut Selection,
    highlight: &'a mut Highlight,
    map: &'a mut MapView,
    graph: &'a mut GraphView,
    planner: &'a mut PlannerView,
    inventory: &'a mut InventoryView,
    history: &'a mut HistoryView,
    sync: &'a mut SyncView,
    rack_network: &'a mut RackNetworkView,
    racks: &'a mut RacksView,
    palette: &'a Palette,
}

impl PaneUi for Views<'_> {
    fn pane_ui(&mut self, ui: &mut egui::Ui, pane: Pane) {
        match pane {
            Pane::Overview => overview::show(ui, &self.workspace.summary),
            Pane::Map => self.map.show(
                ui,
                self.workspace,
                self.selection,
                self.palette,
                self.planner.last_plan(),
            ),
            Pane::Graph => self.graph.show(
                ui,
                self.workspace,
                self.selection,
                self.highlight,
                self.palette,
            ),
            Pane::Planner => self.planner.show(
                ui,
                &self.workspace.estate,
                &self.workspace.topology,
                &self.workspace.info,
            ),
            Pane::Inventory => {
                margin(ui, |ui| {
                    self.inventory.show(ui, self.workspace, self.selection)
                });
            }
            Pane::RackNetwork => margin(ui, |ui| {
                let planned = self.planner.planned_layout();
                self.rack_network.show(
                    ui,
                    self.commands,
                    self.workspace,
                    self.palette,
                    planned.as_ref(),
                )
            }),
            Pane::Racks => margin(ui, |ui| {
                self.racks
                    .show(ui, self.workspace, self.selection, self.palette)
            }),
            Pane::Sync => margin(ui, |ui| self.sync.show(ui, self.commands)),
            Pane::History => margin(ui, |ui| {
                self.history.show(
                    ui,
                    self.commands,
                    self.workspace,
                    self.selection,
                    self.highlight,
                )
            }),
        }
    }
}

/// Draws `content` inside the panel margin the other panes get from their central panels.
fn margin(ui: &mut egui::Ui, content: impl FnOnce(&mut egui::Ui)) {
    egui::Frame::new()
        .inner_margin(egui::Margin::same(8))
        .show(ui, content);
}

impl EdgeAtlasApp {
    /// Draws one frame of the whole app into `ui` (the window, or a test harness).
    pub fn show(&mut self, ui: &mut egui::Ui) {
        if std::mem::take(&mut self.follow_system_theme) {
            self.settings.theme = settings::first_theme(ui.ctx().system_theme());
        }
        let theme_now = self.settings.theme;
        if self.applied_theme != Some(theme_now) {
            theme::apply(ui.ctx(), theme_now);
            self.applied_theme = Some(theme_now);
        }
        let palette = theme_now.palette();
        self.start_background_work(ui.ctx());
        self.take_results();
        let workspace = match &self.state {
            State::Loaded(workspace) => Some(workspace.as_ref()),
            State::Failed(_) => None,
        };
        let mut chose_result = false;
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Edge Atlas");
                ui.separator();
                if let Some(workspace) = workspace {
                    chose_result = self.search.show(ui, workspace, &mut self.selection);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let (label, other) = match self.settings.theme {
                        Theme::Light => ("Dark theme", Theme::Dark),
                        Theme::Dark => ("Light theme", Theme::Light),
                    };
                    if ui.button(label).clicked() {
                        self.settings.theme = other;
                    }
                    ui.toggle_value(&mut self.settings.details_open, "Details");
                });
            });
        });
        if chose_result {
            panes::activate(&mut self.settings.tiles, Pane::Graph);
        }
        if self.search.version != self.searched_version {
            self.searched_version = self.search.version;
            if self.search.matches.is_empty() {
                self.highlight.clear();
            } else {
                self.highlight.set(
                    format!("search \"{}\"", self.search.query.trim()),
                    self.search.matches.clone(),
                );
            }
        }
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            ui.horizontal(|ui| match &self.state {
                State::Loaded(workspace) => status(ui, workspace, &self.db),
                State::Failed(_) => {
                    ui.label(format!("Database {}", self.db.display()));
                }
            });
        });
        if let Some(notice) = self.notice.clone() {
            egui::Panel::top("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.colored_label(ui.visuals().warn_fg_color, notice);
                    if ui.button("Dismiss").clicked() {
                        self.notice = None;
                    }
                });
            });
        }
        let State::Loaded(workspace) = &self.state else {
            if let State::Failed(message) = &self.state {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "The database could not be opened.",
                    );
                    ui.label(message);
                });
            }
            return;
        };
        let workspace = workspace.as_ref();
        if workspace.info.source.starts_with("demo") {
            egui::Panel::top("demo-note").show(ui, |ui| {
                ui.label(format!(
                    "{}This is the built-in demo estate of a fictional company (Northwind Freight). \
                     To see your own, sync it in the Sync tab (or edge-atlas sync [--profile P], or import a snapshot file)",
                    if workspace.first_start { "Welcome. " } else { "" }
                ));
            });
        }
        let mut action = None;
        if self.settings.details_open {
            egui::Panel::right("details")
                .resizable(true)
                .default_size(380.0)
                .show(ui, |ui| {
                    action = details::show(ui, workspace, &mut self.selection, &self.graph);
                });
        }
        match action {
            Some(DetailsAction::ToggleGroup(node)) => self.graph.toggle_group(node),
            Some(DetailsAction::ShowInGraph) => {
                if let Some(id) = self.selection.selected.clone() {
                    self.selection.select_and_focus(id);
                    panes::activate(&mut self.settings.tiles, Pane::Graph);
                }
            }
            None => {}
        }
        egui::CentralPanel::no_frame().show(ui, |ui| {
            let mut views = Views {
                commands: &self.commands,
                workspace,
                selection: &mut self.selection,
                highlight: &mut self.highlight,
                map: &mut self.map,
                graph: &mut self.graph,
                planner: &mut self.planner,
                inventory: &mut self.inventory,
                history: &mut self.history,
                sync: &mut self.sync,
                rack_network: &mut self.rack_network,
                racks: &mut self.racks,
                palette,
            };
            self.settings
                .tiles
                .ui(&mut Behavior { views: &mut views }, ui);
        });
        self.carry_out_commands(ui.ctx());
        self.remember(ui.ctx());
    }

    /// Starts the storage worker (once) and the search index of the snapshot on screen (once
    /// per snapshot); both wake the UI when they have something.
    fn start_background_work(&mut self, ctx: &egui::Context) {
        if self.worker.is_none() {
            let wake = ctx.clone();
            match StorageWorker::start(self.db.clone(), move || wake.request_repaint()) {
                Ok(worker) => self.worker = Some(worker),
                Err(error) if self.notice.is_none() => {
                    self.notice = Some(format!(
                        "Could not start the storage thread ({error}): history, overlay saves \
                         and loading new snapshots will not work until the app is restarted."
                    ));
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
    fn take_results(&mut self) {
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
            }
        }
    }

    /// Carries out what the views asked for this frame.
    fn carry_out_commands(&mut self, ctx: &egui::Context) {
        while let Ok(command) = self.received.try_recv() {
            match command {
                AppCommand::Storage(request) => match self.worker.as_mut() {
                    Some(worker) => worker.send(request),
                    None => {
                        self.notice = Some(
                            "The storage thread is not running: restart the app to read or \
                             save the database."
                                .to_owned(),
                        )
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

    /// Writes the settings file when what it holds changed.
    fn remember(&mut self, ctx: &egui::Context) {
        self.settings.selected = self.selection.selected.clone();
        // The real window's place (a test harness has no outer rect).
        if let Some(inner) = ctx.input(|input| input.viewport().inner_rect) {
            let position = ctx.input(|input| input.viewport().outer_rect.map(|r| r.min));
            self.settings.window = Some(settings::WindowPlacement {
                position: position.map(|p| [p.x, p.y]),
                size: [inner.width(), inner.height()],
            });
        }
        self.settings.graph_filter = self.graph.filter.clone();
        self.settings.all_relations = self.graph.all_relations;
        let Ok(text) = serde_json::to_string_pretty(&self.settings) else {
            return;
        };
        if text != self.saved_settings {
            let path = settings::path_for(&self.db);
            match settings::write(&path, &text) {
                Ok(()) => self.saved_settings = text,
                Err(error) => {
                    self.notice = Some(format!(
                        "Could not save the window settings to {}: {error}",
                        path.display()
                    ));
                    // Do not retry every frame.
                    self.saved_settings = text;
                }
            }
        }
    }
}

/// The status bar: which snapshot, how old, from where, how big.
fn status(ui: &mut egui::Ui, workspace: &Workspace, db: &std::path::Path) {
    let info = &workspace.info;
    let age = edge_atlas::summary::age_text(&info.created_at)
        .map(|age| format!(" ({age})"))
        .unwrap_or_default();
    ui.label(format!(
        "Snapshot {} · taken {}{age} · source: {} · account {} · {} entities",
        info.id,
        info.created_at,
        info.source,
        info.account_id.as_deref().unwrap_or("unknown"),
        info.entity_count
    ));
    if !info.warnings.is_empty() {
        ui.separator();
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} sync warnings", info.warnings.len()),
        );
    }
    ui.separator();
    ui.label(egui::RichText::new(db.display().to_string()).weak());
}
