//! The docked tabs: which panes exist, the layout a first start opens with, and how egui_tiles
//! draws each pane (by handing it to its view). Users drag tabs to split, stack and reorder them;
//! the arrangement is saved with the settings.

use serde::{Deserialize, Serialize};

use eframe::egui;

/// A pane of the docked layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pane {
    /// Counts, Outposts and edge zones.
    Overview,
    /// The world map.
    Map,
    /// The estate graph.
    Graph,
    /// Rack what-ifs and workload placement.
    Planner,
    /// Tables of every kind.
    Inventory,
    /// Snapshots and their differences.
    History,
    /// Syncing from AWS.
    Sync,
    /// One Outpost's rack network and failure impact.
    RackNetwork,
    /// One Outpost's rack elevations against its site's limits.
    Racks,
}

impl Pane {
    /// Every pane, in the default tab order.
    pub const ALL: [Pane; 9] = [
        Pane::Overview,
        Pane::Map,
        Pane::Graph,
        Pane::Racks,
        Pane::RackNetwork,
        Pane::Planner,
        Pane::Inventory,
        Pane::History,
        Pane::Sync,
    ];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Pane::Overview => "Overview",
            Pane::Map => "Map",
            Pane::Graph => "Graph",
            Pane::Planner => "Planner",
            Pane::Inventory => "Inventory",
            Pane::History => "History",
            Pane::Sync => "Sync",
            Pane::RackNetwork => "Rack network",
            Pane::Racks => "Racks",
        }
    }
}

/// The layout of a first start: every pane as a tab of one stack, the overview in front.
pub fn default_tree() -> egui_tiles::Tree<Pane> {
    egui_tiles::Tree::new_tabs(egui::Id::unique("edge-atlas-tiles"), Pane::ALL.to_vec())
}

/// Makes sure every pane is somewhere in `tree` (a saved layout from an older version, or one
/// whose pane was closed, gets the missing ones as tabs next to the first tab stack).
pub fn ensure_all_panes(tree: &mut egui_tiles::Tree<Pane>) {
    for pane in Pane::ALL {
        let present = tree
            .tiles
            .tiles()
            .any(|tile| matches!(tile, egui_tiles::Tile::Pane(p) if *p == pane));
        if present {
            continue;
        }
        let id = tree.tiles.insert_pane(pane);
        let stack = tree.tiles.iter().find_map(|(tile_id, tile)| match tile {
            egui_tiles::Tile::Container(egui_tiles::Container::Tabs(_)) => Some(*tile_id),
            _ => None,
        });
        match stack {
            Some(stack) => {
                if let Some(egui_tiles::Tile::Container(container)) = tree.tiles.get_mut(stack) {
                    container.add_child(id);
                }
            }
            None => {
                let root = tree.root();
                let children = root.into_iter().chain([id]).collect();
                let tabs = tree.tiles.insert_tab_tile(children);
                tree.root = Some(tabs);
            }
        }
    }
}

/// Brings `pane`'s tab to the front.
pub fn activate(tree: &mut egui_tiles::Tree<Pane>, pane: Pane) {
    tree.make_active(|_, tile| matches!(tile, egui_tiles::Tile::Pane(p) if *p == pane));
}

/// The panes on screen now (the front tab of each tab stack), in the tree's order.
pub fn visible(tree: &egui_tiles::Tree<Pane>) -> Vec<Pane> {
    tree.active_tiles()
        .into_iter()
        .filter_map(|id| match tree.tiles.get(id) {
            Some(egui_tiles::Tile::Pane(pane)) => Some(*pane),
            _ => None,
        })
        .collect()
}

/// Draws one pane: implemented by the shell, which owns the views.
pub trait PaneUi {
    /// Draws `pane` into `ui`.
    fn pane_ui(&mut self, ui: &mut egui::Ui, pane: Pane);
}

/// egui_tiles' behaviour over the shell's views.
pub struct Behavior<'a, T: PaneUi> {
    /// The views.
    pub views: &'a mut T,
}

impl<T: PaneUi> egui_tiles::Behavior<Pane> for Behavior<'_, T> {
    fn pane_ui(
        &mut self,
        ui: &mut egui::Ui,
        _tile_id: egui_tiles::TileId,
        pane: &mut Pane,
    ) -> egui_tiles::UiResponse {
        ui.painter()
            .rect_filled(ui.max_rect(), 0.0, ui.visuals().panel_fill);
        self.views.pane_ui(ui, *pane);
        egui_tiles::UiResponse::None
    }

    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        pane.title().into()
    }

    fn simplification_options(&self) -> egui_tiles::SimplificationOptions {
        egui_tiles::SimplificationOptions {
            all_panes_must_have_tabs: true,
            ..Default::default()
        }
    }
}
