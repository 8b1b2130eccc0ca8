//! The shell: opens the database (storing the demo estate on first start), loads the latest
//! snapshot into a [`Workspace`], and lays the window out: the menu bar (File, View, Help, from
//! the command table [`UiCommand`], whose shortcuts and command palette run the same commands,
//! carried out in [`ui_commands`]), a top bar with the search box and the theme switch, the
//! demo note, a status bar (snapshot, its age, source), the details panel
//! on the right, and the views as docked, rearrangeable tabs (egui_tiles) in the middle.
//! Layout, theme, selection and graph filters persist in the settings file beside the database.
//!
//! Views never do I/O: they send [`AppCommand`]s, which the shell carries out after each frame,
//! the storage work on its [`StorageWorker`] thread, a sync as a job of its own; results come
//! back to the view that asked. When a snapshot loads, its search index is built on a worker
//! thread while the window stays usable.

mod background;
mod icon;
mod launch_timing;
mod notice;
pub mod opening;
mod ui_commands;

use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Instant;

use edge_atlas::scene::style::{Palette, Theme};
use eframe::egui;

use crate::commands::{self, AppCommand, CommandSender};
use crate::file_dialogs::{FileDialogs, NativeDialogs};
use crate::menu_bar;
use crate::panes::{self, Behavior, Pane, PaneUi};
use crate::selection::{Highlight, Selection};
use crate::settings::{self, Settings};
use crate::theme;
use crate::ui_command::UiCommand;
use crate::views::command_palette::CommandPalette;
use crate::views::connect_window::ConnectWindow;
use crate::views::details::{self, DetailsAction};
use crate::views::help::HelpWindows;
use crate::views::history::HistoryView;
use crate::views::inventory::InventoryView;
use crate::views::rack_network::RackNetworkView;
use crate::views::racks::RacksView;
use crate::views::search::SearchBox;
use crate::views::sync::SyncView;
use crate::views::{graph::GraphView, map::MapView, overview, planner::PlannerView};
use crate::worker::StorageWorker;
use crate::workspace::Workspace;
use launch_timing::LaunchTiming;
use notice::{Notice, NoticeKind};
use opening::{Loading, Opening, Progress};

/// Opens the window and runs until it is closed. `started` is when the process started, for
/// the launch timing `EDGE_ATLAS_TIMING=1` prints.
pub fn run(db: PathBuf, started: Instant) -> anyhow::Result<()> {
    // Load the snapshot while the window and its graphics adapter start.
    let wake = opening::Wake::default();
    let loading = opening::start(db.clone(), wake.clone());
    // The window opens where and as large as it was last closed.
    let placement = settings::load(&settings::path_for(&db)).0.window;
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("Edge Atlas")
        // Desktops group the window under this id (the desktop entry's StartupWMClass).
        .with_app_id("edge-atlas")
        .with_inner_size(placement.map_or([1360.0, 800.0], |p| p.size_to_open()));
    if let Some(position) = placement.and_then(|p| p.position) {
        viewport = viewport.with_position(position);
    }
    if let Some(icon) = icon::window_icon() {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let timing = std::env::var_os("EDGE_ATLAS_TIMING").is_some();
    eframe::run_native(
        "Edge Atlas",
        options,
        Box::new(move |cc| {
            let adapter_ready = Instant::now();
            // The loader wakes the window when the workspace arrives.
            let _ = wake.set(cc.egui_ctx.clone());
            let mut app = EdgeAtlasApp::from_loading(db, loading);
            if timing {
                app.timing = Some(LaunchTiming {
                    started,
                    adapter_ready,
                    first_frame_reported: false,
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

/// The loaded snapshot, or why it could not be loaded.
enum State {
    /// The launch's snapshot as its overview, while its workspace is being built.
    Opening(Box<Opening>),
    Loaded(Box<Workspace>),
    Failed(String),
}

/// The whole app: the snapshot, the views, the selection and the remembered settings.
pub struct EdgeAtlasApp {
    db: PathBuf,
    state: State,
    settings: Settings,
    saved_settings: String,
    /// What a command did, or a problem worth telling (e.g. unreadable settings), shown until
    /// dismissed.
    notice: Option<Notice>,
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
    /// Where the File menu's paths come from.
    dialogs: Box<dyn FileDialogs>,
    command_palette: CommandPalette,
    help: HelpWindows,
    connect: ConnectWindow,
    /// The pane last clicked or brought to the front ("the current view").
    focused_pane: Option<Pane>,
    /// Every command run, in order (tests check menus and shortcuts against it).
    commands_run: Vec<UiCommand>,
}

impl EdgeAtlasApp {
    /// Opens the database at `db` (storing the demo estate on first start) and loads the latest
    /// snapshot; a failure is shown in the window, not returned.
    pub fn open(db: PathBuf) -> EdgeAtlasApp {
        let state = load(&db);
        EdgeAtlasApp::with_state(db, state)
    }

    /// Opens the window's app on what `loading` sends ([`opening::start`]): waits for the
    /// snapshot's overview (or the outcome, when there is none to show first), and takes the
    /// workspace in a later frame when it arrives.
    pub fn from_loading(db: PathBuf, loading: mpsc::Receiver<Loading>) -> EdgeAtlasApp {
        let state = match Opening::wait(loading) {
            Ok(opening) => State::Opening(Box::new(opening)),
            Err(Ok(workspace)) => State::Loaded(workspace),
            Err(Err(message)) => State::Failed(message),
        };
        EdgeAtlasApp::with_state(db, state)
    }

    fn with_state(db: PathBuf, state: State) -> EdgeAtlasApp {
        let first_start = !settings::path_for(&db).exists();
        let (mut settings, notice) = settings::load(&settings::path_for(&db));
        panes::ensure_all_panes(&mut settings.tiles);
        let saved_settings = serde_json::to_string_pretty(&settings).unwrap_or_default();
        let mut graph = GraphView::default();
        graph.filter = settings.graph_filter.clone();
        graph.all_relations = settings.all_relations;
        graph.group_by_account = settings.group_by_account;
        let (commands, received) = commands::channel();
        let mut app = EdgeAtlasApp {
            db,
            state,
            settings,
            saved_settings,
            notice: notice.map(Notice::warning),
            selection: Selection::default(),
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
            dialogs: Box::new(NativeDialogs),
            command_palette: CommandPalette::default(),
            help: HelpWindows::default(),
            connect: ConnectWindow::default(),
            focused_pane: None,
            commands_run: Vec::new(),
        };
        app.restore_selection();
        app
    }

    /// Selects what was selected when the window last closed, if the snapshot on screen has it.
    fn restore_selection(&mut self) {
        if let State::Loaded(workspace) = &self.state
            && let Some(id) = &self.settings.selected
            && workspace.topology.find(id).is_some()
        {
            self.selection.select(id.clone());
        }
    }

    /// Takes the launch's workspace if it has arrived; until then asks for a frame
    /// [`opening::PROGRESS_REDRAW_INTERVAL`] later (the progress line counts the seconds; the
    /// loader wakes the window when the workspace arrives).
    fn take_opened(&mut self, ctx: &egui::Context) {
        let State::Opening(opening) = &self.state else {
            return;
        };
        match opening.poll() {
            Progress::Building => ctx.request_repaint_after(opening::PROGRESS_REDRAW_INTERVAL),
            Progress::Done(result) => {
                self.state = match result {
                    Ok(workspace) => State::Loaded(workspace),
                    Err(message) => State::Failed(message),
                };
                self.restore_selection();
                ctx.request_repaint();
            }
        }
    }

    /// Whether the launch's snapshot is still being opened (its overview on screen).
    pub fn is_opening(&self) -> bool {
        matches!(self.state, State::Opening(_))
    }

    /// Answers the File menu's dialogs with `dialogs` instead of the platform's (tests).
    pub fn set_file_dialogs(&mut self, dialogs: Box<dyn FileDialogs>) {
        self.dialogs = dialogs;
    }

    /// Every command run so far, from menus, shortcuts and the palette, in order.
    pub fn commands_run(&self) -> &[UiCommand] {
        &self.commands_run
    }

    /// The message under the top bar, if one is shown.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_ref().map(|notice| notice.text.as_str())
    }

    /// The database the window shows.
    pub fn database(&self) -> &std::path::Path {
        &self.db
    }

    /// Whether work the shell owns is under way: storage tasks, or the search index of the
    /// snapshot on screen (tests step frames until it is done).
    pub fn busy(&self) -> bool {
        self.worker.as_ref().is_some_and(StorageWorker::busy)
            || matches!(&self.state, State::Opening(_))
            || matches!(&self.state, State::Loaded(workspace) if !workspace.indexes_ready())
    }

    /// The snapshot on screen, if one is loaded (for tests and benchmarks).
    pub fn workspace(&self) -> Option<&Workspace> {
        match &self.state {
            State::Loaded(workspace) => Some(workspace),
            State::Opening(_) | State::Failed(_) => None,
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
        let opening = self.is_opening();
        if let Some(timing) = &mut self.timing
            && timing.report_frame(ui.ctx(), opening)
        {
            self.timing = None;
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
    /// Set to the pane pressed in this frame ("the current view").
    focused: &'a mut Option<Pane>,
}

impl PaneUi for Views<'_> {
    fn pane_ui(&mut self, ui: &mut egui::Ui, pane: Pane) {
        if ui.input(|input| input.pointer.any_pressed()) && ui.ui_contains_pointer() {
            *self.focused = Some(pane);
        }
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
                self.palette,
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
        // Keeps the font atlas probe warm, so that views see an atlas change once.
        crate::scene_painter::font_atlas_epoch(ui.ctx());
        self.start_background_work(ui.ctx());
        self.take_results();
        self.take_opened(ui.ctx());
        let workspace = match &self.state {
            State::Loaded(workspace) => Some(workspace.as_ref()),
            State::Opening(_) | State::Failed(_) => None,
        };
        let mut asked = UiCommand::consume_shortcuts(ui.ctx());
        egui::Panel::top("menu-bar").show(ui, |ui| {
            let chosen = menu_bar::show(ui, &|c| self.why_not(c), &|c| self.is_on(c));
            asked.extend(chosen);
        });
        let mut chose_result = false;
        egui::Panel::top("top-bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Edge Atlas");
                ui.separator();
                if let Some(workspace) = workspace {
                    chose_result = self.search.show(ui, workspace, &mut self.selection);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    let label = match self.settings.theme {
                        Theme::Light => "Dark theme",
                        Theme::Dark => "Light theme",
                    };
                    let theme = UiCommand::ToggleTheme;
                    if ui
                        .button(label)
                        .on_hover_text(theme.shortcut_text(ui.ctx()))
                        .clicked()
                    {
                        asked.push(theme);
                    }
                    let details = UiCommand::ToggleDetails;
                    if ui
                        .selectable_label(self.settings.details_open, "Details")
                        .on_hover_text(details.shortcut_text(ui.ctx()))
                        .clicked()
                    {
                        asked.push(details);
                    }
                });
            });
        });
        if chose_result {
            panes::activate(&mut self.settings.tiles, Pane::Graph);
            self.focused_pane = Some(Pane::Graph);
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
                State::Opening(_) | State::Failed(_) => {
                    ui.label(format!("Database {}", self.db.display()));
                }
            });
        });
        if let Some(notice) = self.notice.clone() {
            egui::Panel::top("notice").show(ui, |ui| {
                // Dismiss first, so a long message wraps beside it instead of pushing it away.
                ui.horizontal(|ui| {
                    if ui.button("Dismiss").clicked() {
                        self.notice = None;
                    }
                    let color = match notice.kind {
                        NoticeKind::Done => ui.visuals().text_color(),
                        NoticeKind::Warning => ui.visuals().warn_fg_color,
                        NoticeKind::Error => ui.visuals().error_fg_color,
                    };
                    ui.add(egui::Label::new(egui::RichText::new(notice.text).color(color)).wrap());
                });
            });
        }
        let State::Loaded(workspace) = &self.state else {
            if let State::Opening(opening) = &self.state {
                egui::CentralPanel::default_margins().show(ui, |ui| opening.show(ui));
            }
            if let State::Failed(message) = &self.state {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "The database could not be opened.",
                    );
                    ui.label(message);
                    ui.label(
                        "Open another database from the File menu, or import a snapshot file.",
                    );
                });
            }
            self.finish_frame(ui, asked, palette);
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
            Some(DetailsAction::Connect) => {
                if let Some(id) = self.selection.selected.clone() {
                    self.connect.open(id);
                }
            }
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
                focused: &mut self.focused_pane,
            };
            self.settings
                .tiles
                .ui(&mut Behavior { views: &mut views }, ui);
        });
        self.finish_frame(ui, asked, palette);
    }

    /// The end of every frame: the Help windows and the palette, files dropped on the window,
    /// the commands asked for (menus, shortcuts, palette, buttons) and the views' requests
    /// carried out, the settings remembered.
    fn finish_frame(&mut self, ui: &mut egui::Ui, mut asked: Vec<UiCommand>, palette: &Palette) {
        let ctx = ui.ctx().clone();
        self.help.show(&ctx);
        if let State::Loaded(workspace) = &self.state {
            self.connect.show(&ctx, &workspace.estate, &self.db);
        }
        let mut command_palette = std::mem::take(&mut self.command_palette);
        asked.extend(command_palette.show(&ctx, &|c| self.why_not(c)));
        self.command_palette = command_palette;
        self.take_dropped_files(&ctx);
        if !asked.is_empty() {
            ctx.request_repaint();
        }
        for command in asked {
            self.run_ui_command(command, &ctx, palette);
        }
        self.carry_out_commands(&ctx);
        self.remember(&ctx);
    }

    /// Writes the settings file when what it holds changed.
    fn remember(&mut self, ctx: &egui::Context) {
        // While the launch's snapshot opens nothing can be selected yet: keep the selection
        // it will restore.
        if !self.is_opening() {
            self.settings.selected = self.selection.selected.clone();
        }
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
        self.settings.group_by_account = self.graph.group_by_account;
        let Ok(text) = serde_json::to_string_pretty(&self.settings) else {
            return;
        };
        if text != self.saved_settings {
            let path = settings::path_for(&self.db);
            match settings::write(&path, &text) {
                Ok(()) => self.saved_settings = text,
                Err(error) => {
                    self.notice = Some(Notice::warning(format!(
                        "Could not save the window settings to {}: {error}",
                        path.display()
                    )));
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
