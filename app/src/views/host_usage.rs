//! The Racks view's hosts section: every compute host of the Outpost with its slots used of
//! configured per instance type and the capacity tasks changing it; selecting a host (here or
//! in the elevations) lists the instances that share it, which is what one host failure takes
//! down. Everything comes from the library's [`OutpostUsage`].

use edge_atlas::host_usage::{HostUsage, OutpostUsage, Usage};
use eframe::egui;

use crate::selection::Selection;

/// Draws the hosts table and the instances of `host` (the host last selected: it stays while
/// one of its instances is selected for the details panel).
pub fn show(
    ui: &mut egui::Ui,
    usage: &OutpostUsage,
    selection: &mut Selection,
    host: &mut Option<String>,
) {
    if let Some(id) = selection
        .selected
        .as_deref()
        .filter(|id| usage.host(id).is_some())
    {
        *host = Some(id.to_owned());
    }
    ui.label(usage.summary());
    if usage.usage == Usage::NotSynced {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            "Free slots are not known for this Outpost: sync again (the read-only policy needs outposts:ListAssetInstances).",
        );
    }
    let selected = host.as_deref().and_then(|id| usage.host(id));
    ui.horizontal_top(|ui| {
        egui::ScrollArea::vertical()
            .id_salt("hosts-table")
            .max_height(180.0)
            .max_width(ui.available_width() * 0.6)
            .show(ui, |ui| hosts_table(ui, usage, selection, selected));
        // No separator: a vertical one would take the whole height below and leave the
        // elevations none.
        ui.add_space(16.0);
        ui.vertical(|ui| match selected {
            Some(host) => instances_on(ui, host, selection),
            None => {
                ui.weak("Select a host (a row here, or a host in the elevations) to list the instances that share it.");
            }
        });
    });
}

fn hosts_table(
    ui: &mut egui::Ui,
    usage: &OutpostUsage,
    selection: &mut Selection,
    selected: Option<&HostUsage>,
) {
    egui::Grid::new("hosts-usage")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for heading in ["host", "rack", "state", "slots used / configured", "free"] {
                ui.strong(heading);
            }
            ui.end_row();
            for host in &usage.hosts {
                let chosen = selected.is_some_and(|s| s.asset_id == host.asset_id);
                let name = format!(
                    "{} {}",
                    host.families.join("/"),
                    host.host_id.as_deref().unwrap_or(&host.asset_id)
                );
                if ui.selectable_label(chosen, name).clicked() {
                    selection.select(host.asset_id.clone());
                }
                ui.label(&host.rack_id);
                ui.label(host.state.as_ref().map_or("?", |state| state.as_str()));
                let mut slots = host.slots_label();
                if !host.pending_tasks.is_empty() {
                    slots.push_str(" · reslotting pending");
                }
                ui.label(slots);
                ui.label(match usage.usage {
                    Usage::Known => host.slots_free().to_string(),
                    Usage::NotSynced => "?".to_owned(),
                });
                ui.end_row();
            }
        });
}

fn instances_on(ui: &mut egui::Ui, host: &HostUsage, selection: &mut Selection) {
    ui.strong(host.instances_heading());
    if !host.pending_tasks.is_empty() {
        ui.label(format!(
            "Capacity task pending: {}",
            host.pending_tasks.join(", ")
        ));
    }
    egui::ScrollArea::vertical()
        .id_salt("host-instances")
        .max_height(160.0)
        .show(ui, |ui| {
            for instance in &host.instances {
                let owner = match (&instance.service, &instance.account_id) {
                    (Some(service), _) if service != "EC2" => format!(" · {service}"),
                    (_, Some(account)) => format!(" · account {account}"),
                    _ => String::new(),
                };
                let text = format!(
                    "{} {} {}{owner}",
                    instance.instance_id,
                    instance.instance_type,
                    instance.name.as_deref().unwrap_or("(not in this snapshot)"),
                );
                if ui.link(text).clicked() {
                    selection.select(instance.instance_id.clone());
                }
            }
        });
}
