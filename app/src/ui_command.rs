//! The app's commands in one table: every menu item, keyboard shortcut and command palette entry
//! is a [`UiCommand`], with its text, what it does, its menu and its shortcut, so the menus, the
//! shortcuts, the palette and the Help window's list of shortcuts cannot disagree (the model is
//! rerun's `UICommand`). Shortcuts are shown with the platform's modifier names ("Ctrl+O", or
//! "⌘O" on macOS) by egui's own formatting.

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use crate::panes::Pane;

/// One thing the user can ask the app to do from a menu, a shortcut or the palette.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum UiCommand {
    /// Open another Edge Atlas database.
    OpenDatabase,
    /// Import a snapshot file into the database and show it.
    ImportSnapshot,
    /// Write the snapshot on screen to a snapshot file.
    ExportSnapshot,
    /// Read a server inventory into the Planner's Sizing section.
    SizeInventory,
    /// The current view's picture as SVG.
    ExportViewSvg,
    /// The current view's picture as PNG.
    ExportViewPng,
    /// The current view's picture as a draw.io diagram.
    ExportViewDrawio,
    /// The selected node and its neighbours in the estate graph, as SVG, PNG or draw.io.
    ExportNeighbourhood,
    /// The Inventory view's kind as CSV.
    ExportInventoryCsv,
    /// The current view's picture on the clipboard.
    CopyViewImage,
    /// Close the window.
    Quit,
    /// Bring a view's tab to the front.
    ShowPane(Pane),
    /// Switch between the light and the dark theme.
    ToggleTheme,
    /// Show or hide the details panel.
    ToggleDetails,
    /// Put the cursor in the search box.
    Search,
    /// Open the command palette.
    CommandPalette,
    /// List the keyboard shortcuts.
    KeyboardShortcuts,
    /// The version and where the data comes from.
    About,
}

/// The menu a command sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Menu {
    /// File.
    File,
    /// View.
    View,
    /// Help.
    Help,
}

impl Menu {
    /// Every menu, in the menu bar's order.
    pub const ALL: [Menu; 3] = [Menu::File, Menu::View, Menu::Help];

    /// The menu's title.
    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::View => "View",
            Menu::Help => "Help",
        }
    }
}

impl UiCommand {
    /// Every command, in menu order (separators fall between [`UiCommand::group`] changes).
    pub fn all() -> Vec<UiCommand> {
        let mut all = vec![
            UiCommand::OpenDatabase,
            UiCommand::ImportSnapshot,
            UiCommand::ExportSnapshot,
            UiCommand::SizeInventory,
            UiCommand::ExportViewSvg,
            UiCommand::ExportViewPng,
            UiCommand::ExportViewDrawio,
            UiCommand::ExportNeighbourhood,
            UiCommand::ExportInventoryCsv,
            UiCommand::CopyViewImage,
            UiCommand::Quit,
        ];
        all.extend(Pane::ALL.map(UiCommand::ShowPane));
        all.extend([
            UiCommand::ToggleTheme,
            UiCommand::ToggleDetails,
            UiCommand::Search,
            UiCommand::CommandPalette,
            UiCommand::KeyboardShortcuts,
            UiCommand::About,
        ]);
        all
    }

    /// The menu item's text (also the palette's).
    pub fn text(self) -> String {
        match self {
            UiCommand::OpenDatabase => "Open database…".to_owned(),
            UiCommand::ImportSnapshot => "Import snapshot…".to_owned(),
            UiCommand::ExportSnapshot => "Export snapshot…".to_owned(),
            UiCommand::SizeInventory => "Size server inventory…".to_owned(),
            UiCommand::ExportViewSvg => "Export view as SVG…".to_owned(),
            UiCommand::ExportViewPng => "Export view as PNG…".to_owned(),
            UiCommand::ExportViewDrawio => "Export view as draw.io…".to_owned(),
            UiCommand::ExportNeighbourhood => "Export selection and neighbours…".to_owned(),
            UiCommand::ExportInventoryCsv => "Export inventory as CSV…".to_owned(),
            UiCommand::CopyViewImage => "Copy view as image".to_owned(),
            UiCommand::Quit => "Quit".to_owned(),
            UiCommand::ShowPane(pane) => format!("{} tab", pane.title()),
            UiCommand::ToggleTheme => "Light or dark theme".to_owned(),
            UiCommand::ToggleDetails => "Details panel".to_owned(),
            UiCommand::Search => "Search…".to_owned(),
            UiCommand::CommandPalette => "Command palette…".to_owned(),
            UiCommand::KeyboardShortcuts => "Keyboard shortcuts".to_owned(),
            UiCommand::About => "About Edge Atlas".to_owned(),
        }
    }

    /// What the command does, for hover texts and the palette.
    pub fn description(self) -> &'static str {
        match self {
            UiCommand::OpenDatabase => {
                "Open another Edge Atlas database file and show its latest snapshot"
            }
            UiCommand::ImportSnapshot => {
                "Check a snapshot file (edge-atlas export-snapshot) and store it as a new snapshot"
            }
            UiCommand::ExportSnapshot => "Write the snapshot on screen to a snapshot file",
            UiCommand::SizeInventory => {
                "Size a server inventory (CSV or RVTools .xlsx) in the Planner: hosts, slotting, \
                 racks and the capacity task, as edge-atlas size does"
            }
            UiCommand::ExportViewSvg => {
                "The current view's picture (map, graph as filtered, rack network, racks) as SVG"
            }
            UiCommand::ExportViewPng => "The current view's picture as PNG",
            UiCommand::ExportViewDrawio => {
                "The graph as filtered, or the rack network, as a diagram diagrams.net edits"
            }
            UiCommand::ExportNeighbourhood => {
                "The selected node, what contains it, its children and what it relates to, as \
                 SVG, PNG or draw.io (by the file's extension)"
            }
            UiCommand::ExportInventoryCsv => {
                "The Inventory view's kind as CSV, with the view's columns first"
            }
            UiCommand::CopyViewImage => "The current view's picture on the clipboard, as an image",
            UiCommand::Quit => "Close Edge Atlas (the layout and settings are kept)",
            UiCommand::ShowPane(_) => "Bring this view's tab to the front",
            UiCommand::ToggleTheme => "Switch between the light and the dark theme",
            UiCommand::ToggleDetails => "Show or hide the details panel on the right",
            UiCommand::Search => {
                "Search ids, names, tags, IP addresses, VLANs and ASNs (also Ctrl+F)"
            }
            UiCommand::CommandPalette => "Find any command by typing part of its name",
            UiCommand::KeyboardShortcuts => "Every keyboard shortcut",
            UiCommand::About => "The version, and where its facts and figures come from",
        }
    }

    /// The menu the command sits in.
    pub fn menu(self) -> Menu {
        match self {
            UiCommand::OpenDatabase
            | UiCommand::ImportSnapshot
            | UiCommand::ExportSnapshot
            | UiCommand::SizeInventory
            | UiCommand::ExportViewSvg
            | UiCommand::ExportViewPng
            | UiCommand::ExportViewDrawio
            | UiCommand::ExportNeighbourhood
            | UiCommand::ExportInventoryCsv
            | UiCommand::CopyViewImage
            | UiCommand::Quit => Menu::File,
            UiCommand::ShowPane(_)
            | UiCommand::ToggleTheme
            | UiCommand::ToggleDetails
            | UiCommand::Search
            | UiCommand::CommandPalette => Menu::View,
            UiCommand::KeyboardShortcuts | UiCommand::About => Menu::Help,
        }
    }

    /// Commands of one group sit together in their menu, separated from the next group.
    pub fn group(self) -> u8 {
        match self {
            UiCommand::OpenDatabase
            | UiCommand::ImportSnapshot
            | UiCommand::ExportSnapshot
            | UiCommand::SizeInventory => 0,
            UiCommand::ExportViewSvg
            | UiCommand::ExportViewPng
            | UiCommand::ExportViewDrawio
            | UiCommand::ExportNeighbourhood
            | UiCommand::ExportInventoryCsv
            | UiCommand::CopyViewImage => 1,
            UiCommand::Quit => 2,
            UiCommand::ShowPane(_) => 3,
            UiCommand::ToggleTheme | UiCommand::ToggleDetails => 4,
            UiCommand::Search | UiCommand::CommandPalette => 5,
            UiCommand::KeyboardShortcuts | UiCommand::About => 6,
        }
    }

    /// The command's keyboard shortcut, if it has one (Ctrl is Cmd on macOS).
    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        let command = |key| Some(KeyboardShortcut::new(Modifiers::COMMAND, key));
        let command_shift = |key| {
            Some(KeyboardShortcut::new(
                Modifiers::COMMAND | Modifiers::SHIFT,
                key,
            ))
        };
        match self {
            UiCommand::OpenDatabase => command(Key::O),
            UiCommand::ImportSnapshot => command(Key::I),
            UiCommand::ExportSnapshot => command_shift(Key::S),
            UiCommand::SizeInventory => None,
            UiCommand::ExportViewSvg => command(Key::E),
            UiCommand::ExportViewPng => command_shift(Key::E),
            UiCommand::ExportViewDrawio => None,
            UiCommand::ExportNeighbourhood => None,
            UiCommand::ExportInventoryCsv => None,
            UiCommand::CopyViewImage => command_shift(Key::C),
            UiCommand::Quit => command(Key::Q),
            UiCommand::ShowPane(pane) => {
                let position = Pane::ALL.iter().position(|p| *p == pane)?;
                command(PANE_KEYS.get(position).copied()?)
            }
            UiCommand::ToggleTheme => command_shift(Key::T),
            UiCommand::ToggleDetails => command_shift(Key::D),
            UiCommand::Search => command(Key::K),
            UiCommand::CommandPalette => command_shift(Key::P),
            UiCommand::KeyboardShortcuts => Some(KeyboardShortcut::new(Modifiers::NONE, Key::F1)),
            UiCommand::About => None,
        }
    }

    /// Further shortcuts that do the same (Ctrl+F searches too).
    fn other_shortcuts(self) -> &'static [KeyboardShortcut] {
        const SEARCH: [KeyboardShortcut; 1] = [KeyboardShortcut::new(Modifiers::COMMAND, Key::F)];
        match self {
            UiCommand::Search => &SEARCH,
            _ => &[],
        }
    }

    /// The shortcut as the platform writes it ("Ctrl+Shift+E", "⇧⌘E"), or "".
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcut()
            .map(|shortcut| ctx.format_shortcut(&shortcut))
            .unwrap_or_default()
    }

    /// Takes the shortcuts pressed this frame out of the input and says which commands they
    /// ask for. Shortcuts with more modifiers are matched first, since egui lets Ctrl+E match
    /// a press of Ctrl+Shift+E.
    pub fn consume_shortcuts(ctx: &egui::Context) -> Vec<UiCommand> {
        let mut bindings: Vec<(KeyboardShortcut, UiCommand)> = UiCommand::all()
            .into_iter()
            .flat_map(|command| {
                command
                    .shortcut()
                    .into_iter()
                    .chain(command.other_shortcuts().iter().copied())
                    .map(move |shortcut| (shortcut, command))
            })
            .collect();
        bindings.sort_by_key(|(shortcut, _)| std::cmp::Reverse(modifier_count(shortcut.modifiers)));
        ctx.input_mut(|input| {
            bindings
                .into_iter()
                .filter(|(shortcut, _)| input.consume_shortcut(shortcut))
                .map(|(_, command)| command)
                .collect()
        })
    }
}

/// Ctrl+1 to Ctrl+9 bring the views to the front, in the default tab order.
const PANE_KEYS: [Key; 9] = [
    Key::Num1,
    Key::Num2,
    Key::Num3,
    Key::Num4,
    Key::Num5,
    Key::Num6,
    Key::Num7,
    Key::Num8,
    Key::Num9,
];

fn modifier_count(modifiers: Modifiers) -> usize {
    [
        modifiers.alt,
        modifiers.shift,
        modifiers.ctrl,
        modifiers.command,
        modifiers.mac_cmd,
    ]
    .into_iter()
    .filter(|on| *on)
    .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut_or_a_text() {
        let all = UiCommand::all();
        let mut shortcuts: Vec<KeyboardShortcut> = all
            .iter()
            .flat_map(|c| {
                c.shortcut()
                    .into_iter()
                    .chain(c.other_shortcuts().iter().copied())
            })
            .collect();
        let count = shortcuts.len();
        shortcuts.sort_by_key(|s| format!("{s:?}"));
        shortcuts.dedup();
        assert_eq!(shortcuts.len(), count, "a shortcut is bound twice");
        let mut texts: Vec<String> = all.iter().map(|c| c.text()).collect();
        texts.sort();
        texts.dedup();
        assert_eq!(texts.len(), all.len(), "two commands have the same text");
    }

    #[test]
    fn every_pane_has_a_view_command_with_a_shortcut() {
        for pane in Pane::ALL {
            let command = UiCommand::ShowPane(pane);
            assert!(UiCommand::all().contains(&command));
            assert!(command.shortcut().is_some(), "{pane:?}");
            assert_eq!(command.menu(), Menu::View);
        }
    }
}
