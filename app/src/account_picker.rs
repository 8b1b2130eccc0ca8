//! The "Account" picker of the views that filter an organisation's snapshot by account (the
//! graph and the inventory): the workspace's accounts by label, or all of them.

use eframe::egui;

/// Shows the picker for `accounts` (id, label) and sets `account` to the chosen id, or `None`
/// for all accounts; returns the combo box's response (for hover text).
pub fn account_picker(
    ui: &mut egui::Ui,
    account: &mut Option<String>,
    accounts: &[(String, String)],
) -> egui::Response {
    let selected = account
        .as_ref()
        .and_then(|wanted| accounts.iter().find(|(id, _)| id == wanted))
        .map_or_else(|| "All accounts".to_owned(), |(_, label)| label.clone());
    egui::ComboBox::from_label("Account")
        .selected_text(selected)
        .show_ui(ui, |ui| {
            ui.selectable_value(account, None, "All accounts");
            for (id, label) in accounts {
                ui.selectable_value(account, Some(id.clone()), label.as_str());
            }
        })
        .response
}
