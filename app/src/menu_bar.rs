//! The menu bar: File, View and Help, each item a command of the command table with its
//! shortcut shown as the platform writes it. Items that cannot run now are greyed, with the
//! reason on hover.

use eframe::egui;

use crate::ui_command::{Menu, UiCommand};

/// Draws the menu bar; returns the command chosen. `why_not` says why a command cannot run now
/// (`None`: it can); `checked` says whether a toggling command is on.
pub fn show(
    ui: &mut egui::Ui,
    why_not: &dyn Fn(UiCommand) -> Option<String>,
    checked: &dyn Fn(UiCommand) -> Option<bool>,
) -> Option<UiCommand> {
    let mut chosen = None;
    egui::MenuBar::new().ui(ui, |ui| {
        for menu in Menu::ALL {
            ui.menu_button(menu.title(), |ui| {
                let mut group = None;
                for command in UiCommand::all().into_iter().filter(|c| c.menu() == menu) {
                    if group.is_some_and(|g| g != command.group()) {
                        ui.separator();
                    }
                    group = Some(command.group());
                    if item(ui, command, why_not(command), checked(command)) {
                        chosen = Some(command);
                    }
                }
            });
        }
    });
    chosen
}

/// One menu item; true when clicked.
fn item(
    ui: &mut egui::Ui,
    command: UiCommand,
    why_not: Option<String>,
    checked: Option<bool>,
) -> bool {
    let text = command.text();
    let shortcut = command.shortcut_text(ui.ctx());
    let mut button = match checked {
        Some(on) => egui::Button::selectable(on, text),
        None => egui::Button::new(text),
    };
    if !shortcut.is_empty() {
        button = button.shortcut_text(shortcut);
    }
    ui.add_enabled(why_not.is_none(), button)
        .on_hover_text(command.description())
        .on_disabled_hover_text(why_not.unwrap_or_default())
        .clicked()
}
