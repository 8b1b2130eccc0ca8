//! The command palette (Ctrl+Shift+P): every command of the command table, found by typing part
//! of its name or description; Enter or a click runs the first or the chosen one, Escape closes
//! it. Commands that cannot run now are listed greyed with the reason.

use eframe::egui;

use crate::ui_command::UiCommand;

/// Whether the palette is open, and what is typed.
#[derive(Default)]
pub struct CommandPalette {
    /// Whether it is shown.
    pub open: bool,
    query: String,
    /// The highlighted row among the matches.
    chosen: usize,
}

impl CommandPalette {
    /// Opens it empty (or closes it when open).
    pub fn toggle(&mut self) {
        self.open = !self.open;
        self.query.clear();
        self.chosen = 0;
    }

    /// Draws the palette when open; returns the command to run. `why_not` says why a command
    /// cannot run now (`None`: it can).
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        why_not: &dyn Fn(UiCommand) -> Option<String>,
    ) -> Option<UiCommand> {
        if !self.open {
            return None;
        }
        let query = self.query.to_lowercase();
        let matches: Vec<UiCommand> = UiCommand::all()
            .into_iter()
            .filter(|command| {
                query.is_empty()
                    || command.text().to_lowercase().contains(&query)
                    || command.description().to_lowercase().contains(&query)
                    || command.menu().title().to_lowercase().contains(&query)
            })
            .collect();
        let (down, up, enter, escape) = ctx.input_mut(|input| {
            (
                input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown),
                input.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp),
                input.key_pressed(egui::Key::Enter),
                input.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
            )
        });
        if down {
            self.chosen = (self.chosen + 1).min(matches.len().saturating_sub(1));
        }
        if up {
            self.chosen = self.chosen.saturating_sub(1);
        }
        self.chosen = self.chosen.min(matches.len().saturating_sub(1));
        let mut run = None;
        egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(520.0);
            let label = ui.strong("Run a command");
            let response = ui
                .add(
                    egui::TextEdit::singleline(&mut self.query)
                        .id_salt("command-palette-query")
                        .hint_text("type part of its name")
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(label.id);
            response.request_focus();
            if response.changed() {
                self.chosen = 0;
            }
            egui::ScrollArea::vertical()
                .max_height(420.0)
                .show(ui, |ui| {
                    for (position, command) in matches.iter().enumerate() {
                        let why = why_not(*command);
                        let text = format!("{}: {}", command.menu().title(), command.text());
                        let shortcut = command.shortcut_text(ctx);
                        let mut button = egui::Button::selectable(position == self.chosen, text);
                        if !shortcut.is_empty() {
                            button = button.shortcut_text(shortcut);
                        }
                        let clicked = ui
                            .add_enabled(why.is_none(), button)
                            .on_hover_text(command.description())
                            .on_disabled_hover_text(why.clone().unwrap_or_default())
                            .clicked();
                        if clicked || (enter && position == self.chosen && why.is_none()) {
                            run = Some(*command);
                        }
                    }
                    if matches.is_empty() {
                        ui.label("No command matches.");
                    }
                });
        });
        if run.is_some() || escape {
            self.open = false;
        }
        run
    }
}
