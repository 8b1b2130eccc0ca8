//! What the shell does for each [`UiCommand`] (from the menu bar, a shortcut or the command
//! palette), whether a command can run now and why not, and files dropped on the window (a
//! workload file opens in the Planner, anything else is imported as a snapshot file with the
//! CLI's checks and errors). File work goes to the storage worker; pictures are drawn here from
//! the views' scenes ([`crate::view_picture`]).

use std::path::PathBuf;
use std::sync::Arc;

use edge_atlas::export::ExportFormat;
use edge_atlas::scene::style::{Palette, Theme};
use edge_atlas::topology::Topology;
use eframe::egui;

use super::{EdgeAtlasApp, Notice, State};
use crate::commands::StorageRequest;
use crate::file_dialogs::FileRequest;
use crate::panes::{self, Pane};
use crate::ui_command::UiCommand;
use crate::view_picture::{
    Diagram, Drawing, GraphLayoutRef, ViewPicture, file_safe, neighbourhood, neighbourhood_stem,
};
use crate::views::planner::sizing::is_inventory_file;
use crate::workspace::Workspace;

/// The panes whose picture can be exported or copied.
const PICTURE_PANES: [Pane; 4] = [Pane::Map, Pane::Graph, Pane::RackNetwork, Pane::Racks];

const SNAPSHOT_FILES: (&str, &[&str]) = ("Edge Atlas snapshot", &["json"]);

impl EdgeAtlasApp {
    /// The pane "the current view" means: the one last clicked or brought to the front, if it
    /// is still on screen, else the first one on screen.
    pub fn current_pane(&self) -> Option<Pane> {
        let visible = panes::visible(&self.settings.tiles);
        self.focused_pane
            .filter(|pane| visible.contains(pane))
            .or_else(|| visible.first().copied())
    }

    /// Why `command` cannot run now, or `None` when it can.
    pub fn why_not(&self, command: UiCommand) -> Option<String> {
        let loaded = match &self.state {
            State::Loaded(workspace) => Some(workspace),
            State::Opening(_) | State::Failed(_) => None,
        };
        let no_snapshot = || match &self.state {
            State::Opening(_) => Some("The snapshot is still opening.".to_owned()),
            _ => Some("No snapshot is loaded.".to_owned()),
        };
        let pane = self.current_pane();
        let picture_pane = |panes: &[Pane]| match pane {
            Some(pane) if panes.contains(&pane) => None,
            Some(pane) => Some(format!(
                "The {} view has no picture to export: bring the {} view to the front.",
                pane.title(),
                panes
                    .iter()
                    .map(|p| p.title())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            None => Some("No view is on screen.".to_owned()),
        };
        match command {
            UiCommand::OpenDatabase | UiCommand::ImportSnapshot => self
                .worker
                .is_none()
                .then(|| "The storage thread is not running: restart the app.".to_owned()),
            // The Sizing section is in the Planner, which a loaded snapshot shows.
            UiCommand::SizeInventory => loaded.map_or_else(no_snapshot, |_| None),
            UiCommand::ExportSnapshot => match loaded {
                None => no_snapshot(),
                Some(workspace) if workspace.info.id == 0 => {
                    Some("The snapshot on screen is not stored in the database.".to_owned())
                }
                Some(_) => None,
            },
            UiCommand::ExportViewSvg | UiCommand::ExportViewPng | UiCommand::CopyViewImage => {
                loaded.map_or_else(no_snapshot, |_| picture_pane(&PICTURE_PANES))
            }
            UiCommand::ExportViewDrawio => loaded.map_or_else(no_snapshot, |_| {
                picture_pane(&[Pane::Graph, Pane::RackNetwork])
            }),
            UiCommand::ExportNeighbourhood => match loaded {
                None => no_snapshot(),
                Some(workspace) => match self.selected_node(workspace) {
                    Some(_) => None,
                    None => {
                        Some("Select a node (in the graph, the map or a list) first.".to_owned())
                    }
                },
            },
            UiCommand::ExportInventoryCsv | UiCommand::Search => {
                loaded.map_or_else(no_snapshot, |_| None)
            }
            UiCommand::Quit
            | UiCommand::ShowPane(_)
            | UiCommand::ToggleTheme
            | UiCommand::ToggleDetails
            | UiCommand::CommandPalette
            | UiCommand::KeyboardShortcuts
            | UiCommand::About => None,
        }
    }

    /// Whether a toggling command is on (shown as a checked menu item).
    pub fn is_on(&self, command: UiCommand) -> Option<bool> {
        match command {
            UiCommand::ToggleDetails => Some(self.settings.details_open),
            UiCommand::ToggleTheme => Some(self.settings.theme == Theme::Dark),
            UiCommand::ShowPane(pane) => Some(self.current_pane() == Some(pane)),
            _ => None,
        }
    }

    fn selected_node(&self, workspace: &Workspace) -> Option<petgraph::graph::NodeIndex> {
        workspace.topology.find(self.selection.selected.as_deref()?)
    }

    /// Carries out `command` (a command that cannot run now says why instead).
    pub(super) fn run_ui_command(
        &mut self,
        command: UiCommand,
        ctx: &egui::Context,
        palette: &Palette,
    ) {
        self.commands_run.push(command);
        if let Some(why) = self.why_not(command) {
            self.notice = Some(Notice::warning(format!("{}: {why}", command.text())));
            return;
        }
        match command {
            UiCommand::OpenDatabase => {
                if let Some(path) = self.ask(&FileRequest::open("Open database", &[])) {
                    self.storage(StorageRequest::OpenDatabase(path));
                }
            }
            UiCommand::ImportSnapshot => {
                if let Some(path) =
                    self.ask(&FileRequest::open("Import snapshot", &[SNAPSHOT_FILES]))
                {
                    self.storage(StorageRequest::Import(path));
                }
            }
            UiCommand::SizeInventory => {
                if let Some(path) = self.ask(&FileRequest::open(
                    "Size server inventory",
                    &[("Server inventory", &["csv", "xlsx", "xls", "ods"])],
                )) {
                    self.open_inventory(&path);
                }
            }
            UiCommand::ExportSnapshot => {
                let Some(id) = self.workspace().map(|w| w.info.id) else {
                    return;
                };
                let request = FileRequest::save(
                    "Export snapshot",
                    &[SNAPSHOT_FILES],
                    &format!("snapshot-{id}.json"),
                );
                if let Some(path) = self.ask(&request) {
                    self.storage(StorageRequest::ExportSnapshot { id, path });
                }
            }
            UiCommand::ExportViewSvg => self.export_view(ExportFormat::Svg, palette),
            UiCommand::ExportViewPng => self.export_view(ExportFormat::Png, palette),
            UiCommand::ExportViewDrawio => self.export_view(ExportFormat::Drawio, palette),
            UiCommand::ExportNeighbourhood => self.export_neighbourhood(palette),
            UiCommand::ExportInventoryCsv => {
                let Some(estate) = self.workspace().map(|w| Arc::clone(&w.estate)) else {
                    return;
                };
                let kind = self.inventory.kind();
                let request = FileRequest::save(
                    "Export inventory as CSV",
                    &[("CSV", &["csv"])],
                    &format!("{}.csv", kind.as_str()),
                );
                if let Some(path) = self.ask(&request) {
                    self.storage(StorageRequest::ExportInventory { estate, kind, path });
                }
            }
            UiCommand::CopyViewImage => self.copy_view(ctx, palette),
            UiCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            UiCommand::ShowPane(pane) => {
                panes::activate(&mut self.settings.tiles, pane);
                self.focused_pane = Some(pane);
            }
            UiCommand::ToggleTheme => {
                self.settings.theme = match self.settings.theme {
                    Theme::Light => Theme::Dark,
                    Theme::Dark => Theme::Light,
                }
            }
            UiCommand::ToggleDetails => self.settings.details_open = !self.settings.details_open,
            UiCommand::Search => self.search.focus(),
            UiCommand::CommandPalette => self.command_palette.toggle(),
            UiCommand::KeyboardShortcuts => self.help.shortcuts_open = true,
            UiCommand::About => self.help.about_open = true,
        }
    }

    /// The path a file dialog answers; a dialog that cannot be shown is said in the notice.
    fn ask(&mut self, request: &FileRequest) -> Option<PathBuf> {
        match self.dialogs.choose(request) {
            Ok(path) => path,
            Err(why) => {
                self.notice = Some(Notice::error(why));
                None
            }
        }
    }

    /// Queues storage work (the worker is running: [`EdgeAtlasApp::why_not`] checked).
    fn storage(&mut self, request: StorageRequest) {
        if let Some(worker) = self.worker.as_mut() {
            worker.send(request);
        }
    }

    /// The current view's picture written in `format` at a path a save dialog asks for.
    fn export_view(&mut self, format: ExportFormat, palette: &Palette) {
        let Some(pane) = self.current_pane() else {
            return;
        };
        let stem = self.picture_stem(pane);
        let name = format!("{stem}.{}", format.name());
        let request = FileRequest::save(
            &format!("Export the {} view as {}", pane.title(), format.name()),
            &[(format.name(), &[format.name()])],
            &name,
        );
        let Some(path) = self.ask(&request) else {
            return;
        };
        let written = self
            .picture_of(pane)
            .and_then(|picture| picture.write(&path, format, palette));
        self.notice = Some(Notice::of(written));
    }

    /// The selection's neighbourhood, in the format the chosen file's extension says.
    fn export_neighbourhood(&mut self, palette: &Palette) {
        let Some(stem) = self
            .workspace()
            .and_then(|w| Some(neighbourhood_stem(&w.topology, self.selected_node(w)?)))
        else {
            return;
        };
        let request = FileRequest::save(
            "Export selection and neighbours",
            &[
                ("SVG", &["svg"]),
                ("PNG", &["png"]),
                ("draw.io", &["drawio"]),
            ],
            &format!("{stem}.svg"),
        );
        let Some(path) = self.ask(&request) else {
            return;
        };
        let written = match (ExportFormat::from_path(&path), self.workspace()) {
            (Some(format), Some(workspace)) => match self.selected_node(workspace) {
                Some(node) => {
                    neighbourhood(&workspace.topology, node).write(&path, format, palette)
                }
                None => Err("Select a node first.".to_owned()),
            },
            (None, _) => Err(format!(
                "{}: end the file name in .svg, .png or .drawio",
                path.display()
            )),
            (_, None) => Err("No snapshot is loaded.".to_owned()),
        };
        self.notice = Some(Notice::of(written));
    }

    /// The current view's picture on the clipboard.
    fn copy_view(&mut self, ctx: &egui::Context, palette: &Palette) {
        let Some(pane) = self.current_pane() else {
            return;
        };
        let copied = self.picture_of(pane).and_then(|picture| {
            let image = picture.image(palette)?;
            let [width, height] = image.size;
            ctx.copy_image(image);
            Ok(format!(
                "Copied {} to the clipboard as a {width} x {height} image",
                picture.title
            ))
        });
        self.notice = Some(Notice::of(copied));
    }

    /// The name a save dialog proposes for `pane`'s picture, without extension.
    fn picture_stem(&self, pane: Pane) -> String {
        let outpost = |id: Option<&String>| id.map(|id| file_safe(id)).unwrap_or_default();
        match pane {
            Pane::Map => "edge-atlas-map".to_owned(),
            Pane::Graph => "edge-atlas-graph".to_owned(),
            Pane::RackNetwork => format!(
                "rack-network-{}",
                outpost(self.rack_network.outpost.as_ref())
            ),
            Pane::Racks => format!("racks-{}", outpost(self.racks.outpost.as_ref())),
            other => file_safe(&other.title().to_lowercase()),
        }
    }

    /// `pane`'s picture as the view drew it in the last frame.
    fn picture_of(&self, pane: Pane) -> Result<ViewPicture<'_>, String> {
        let workspace = self.workspace().ok_or("No snapshot is loaded.")?;
        let not_drawn = || {
            format!(
                "The {} view has not been drawn yet: bring it to the front first.",
                pane.title()
            )
        };
        let picture = match pane {
            Pane::Map => ViewPicture {
                title: "World map".to_owned(),
                drawing: Drawing::Scene {
                    scene: self.map.picture(),
                    px_per_unit: edge_atlas::export::png::MAP_PX_PER_DEGREE,
                },
                diagram: None,
            },
            Pane::Graph => {
                let layout = self.graph.layout();
                if layout.visible_count() == 0 {
                    return Err(not_drawn());
                }
                // The graph as drawn (grouped by account, it holds the account nodes too).
                let topology = self.graph.topology(workspace);
                ViewPicture {
                    title: "Estate graph".to_owned(),
                    drawing: Drawing::Graph {
                        topology,
                        layout: GraphLayoutRef::Shown(layout),
                        selected: None,
                    },
                    diagram: Some(Diagram::Estate(topology, layout.drawn_nodes().to_vec())),
                }
            }
            Pane::RackNetwork => {
                let network = self.rack_network.network().ok_or_else(not_drawn)?;
                let taken_out = if self.rack_network.removed.is_empty() {
                    String::new()
                } else {
                    format!(" with {} taken out", self.rack_network.removed.join(", "))
                };
                ViewPicture {
                    title: format!("Rack network of {}{taken_out}", network.outpost_id),
                    drawing: Drawing::Scene {
                        scene: self.rack_network.drawn().0.scene.clone(),
                        px_per_unit: 1.0,
                    },
                    diagram: Some(Diagram::RackNetwork(Box::new(Topology::of_rack_network(
                        network,
                    )))),
                }
            }
            Pane::Racks => ViewPicture {
                title: format!(
                    "Rack elevations of {}",
                    self.racks.outpost.as_deref().unwrap_or("the Outpost")
                ),
                drawing: Drawing::Scene {
                    scene: self.racks.drawn().scene.clone(),
                    px_per_unit: 1.0,
                },
                diagram: None,
            },
            other => {
                return Err(format!(
                    "The {} view has no picture to export.",
                    other.title()
                ));
            }
        };
        if let Drawing::Scene { scene, .. } = &picture.drawing
            && scene.items.is_empty()
        {
            return Err(not_drawn());
        }
        Ok(picture)
    }

    /// Opens a server inventory in the Planner's Sizing section and brings the Planner to the
    /// front; a file that cannot be read is said there and in a notice.
    fn open_inventory(&mut self, path: &std::path::Path) {
        if !self.planner.open_inventory(path) {
            self.notice = Some(Notice::error(format!(
                "{} could not be read as a server inventory: the Planner's Sizing section says why.",
                path.display()
            )));
        }
        panes::activate(&mut self.settings.tiles, Pane::Planner);
        self.focused_pane = Some(Pane::Planner);
    }

    /// Files dropped on the window this frame: a workload file (`.toml`) opens in the Planner,
    /// a server inventory (`.csv`, `.xlsx`, `.xls`, `.ods`) in its Sizing section; any other
    /// file is imported as a snapshot file, checked as the CLI checks it.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped: Vec<PathBuf> = ctx.input(|input| {
            input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_path_buf())
                .filter(|path| !path.as_os_str().is_empty())
                .collect()
        });
        for path in dropped {
            let workload_file = path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
            if workload_file {
                self.planner.open_workload_file(&path);
                panes::activate(&mut self.settings.tiles, Pane::Planner);
                self.focused_pane = Some(Pane::Planner);
            } else if is_inventory_file(&path) {
                self.open_inventory(&path);
            } else if self.worker.is_some() {
                self.notice = Some(Notice::done(format!("Importing {}…", path.display())));
                self.storage(StorageRequest::Import(path));
            } else {
                self.notice = Some(Notice::error(format!(
                    "Cannot import {}: the storage thread is not running; restart the app.",
                    path.display()
                )));
            }
        }
    }
}
