//! The site overlay editor, beside the rack network picture: what the user asserts about an
//! Outpost that no AWS API shows (the ACE rack and its router names, the customer network
//! devices, the port channels with their numbers, customer ports, speed, service link VLAN and
//! LGW VIFs, notes). Edits are a draft per Outpost, checked as they are typed (numbers parse,
//! every reference exists: `OutpostOverlay::problems`); Save asks the shell to store the entry
//! beside the snapshots (it survives every sync), and the shell rebuilds the picture with it,
//! drawn as asserted. Nothing is saved while a problem remains, and a failed save keeps the
//! draft.

use std::collections::BTreeMap;

use edge_atlas::model::references::VLAN_RANGE;
use edge_atlas::model::{
    AceRack, AwsDevice, CustomerDevice, Estate, OutpostOverlay, PortChannel, SiteOverlay,
};
use edge_atlas::topology::RackNetwork;
use edge_atlas::topology::rack_network::RackKind;
use eframe::egui;

use super::comma_list;

use crate::commands::{CommandSender, StorageRequest};
use crate::workspace::Workspace;

/// Drafts per Outpost and the outcome of the last save.
#[derive(Default)]
pub struct OverlayEditor {
    drafts: BTreeMap<String, OverlayForm>,
    /// The last save's outcome: `Ok` with what was saved, or the error.
    outcome: Option<Result<String, String>>,
    /// The Outpost whose entry is being saved by the shell.
    saving: Option<String>,
    /// The problems of the form last checked, with what was checked (workspace revision,
    /// Outpost, form): checking scans the estate, so it runs when one of them changes.
    checked: Option<(u64, String, OverlayForm, Vec<String>)>,
}

/// An overlay entry as the form holds it: text as typed, parsed on every change.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OverlayForm {
    ace: bool,
    ace_label: String,
    router_names: [String; 4],
    devices: Vec<DeviceForm>,
    channels: Vec<ChannelForm>,
    notes: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct DeviceForm {
    name: String,
    model: String,
    management_address: String,
}

#[derive(Clone, Debug, PartialEq)]
struct ChannelForm {
    aws_device: AwsDevice,
    customer_device: String,
    number: String,
    customer_ports: String,
    port_speed_gbps: String,
    service_link_vlan: String,
    vif_ids: String,
}

impl OverlayForm {
    /// The form of a stored entry (or an empty one).
    pub fn of(entry: Option<&OutpostOverlay>) -> OverlayForm {
        let Some(entry) = entry else {
            return OverlayForm::default();
        };
        let mut router_names: [String; 4] = Default::default();
        if let Some(ace) = &entry.ace_rack {
            for (slot, name) in router_names.iter_mut().zip(&ace.router_names) {
                slot.clone_from(name);
            }
        }
        OverlayForm {
            ace: entry.ace_rack.is_some(),
            ace_label: entry
                .ace_rack
                .as_ref()
                .and_then(|a| a.rack_label.clone())
                .unwrap_or_default(),
            router_names,
            devices: entry
                .customer_devices
                .iter()
                .map(|d| DeviceForm {
                    name: d.name.clone(),
                    model: d.model.clone().unwrap_or_default(),
                    management_address: d.management_address.clone().unwrap_or_default(),
                })
                .collect(),
            channels: entry
                .port_channels
                .iter()
                .map(|c| ChannelForm {
                    aws_device: c.aws_device.clone(),
                    customer_device: c.customer_device.clone(),
                    number: c.port_channel_number.to_string(),
                    customer_ports: c.customer_ports.join(", "),
                    port_speed_gbps: c.port_speed_gbps.map_or(String::new(), |s| s.to_string()),
                    service_link_vlan: c.service_link_vlan.map_or(String::new(), |v| v.to_string()),
                    vif_ids: c.local_gateway_virtual_interface_ids.join(", "),
                })
                .collect(),
            notes: entry.notes.clone().unwrap_or_default(),
        }
    }

    /// The entry the form describes, or what does not parse (one sentence each).
    pub fn entry(&self, outpost_id: &str) -> Result<OutpostOverlay, Vec<String>> {
        let mut problems = Vec::new();
        let mut port_channels = Vec::new();
        for (position, channel) in self.channels.iter().enumerate() {
            let at = format!("port channel #{}", position + 1);
            let number = parse::<u32>(&channel.number, &at, "number", &mut problems);
            let speed = parse::<u32>(&channel.port_speed_gbps, &at, "speed", &mut problems);
            let vlan = parse::<u16>(&channel.service_link_vlan, &at, "VLAN", &mut problems);
            if number.is_none() && channel.number.trim().is_empty() {
                problems.push(format!("{at}: the port-channel number is missing"));
            }
            if let Some(vlan) = vlan
                && !VLAN_RANGE.contains(&vlan)
            {
                problems.push(format!(
                    "{at}: VLAN {vlan} is not {} to {}",
                    VLAN_RANGE.start(),
                    VLAN_RANGE.end()
                ));
            }
            port_channels.push(PortChannel {
                aws_device: channel.aws_device.clone(),
                customer_device: channel.customer_device.trim().to_owned(),
                port_channel_number: number.unwrap_or(0),
                customer_ports: comma_list(&channel.customer_ports),
                port_speed_gbps: speed,
                local_gateway_virtual_interface_ids: comma_list(&channel.vif_ids),
                service_link_vlan: vlan,
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(OutpostOverlay {
            outpost_id: outpost_id.to_owned(),
            ace_rack: self.ace.then(|| {
                let mut router_names: Vec<String> = self
                    .router_names
                    .iter()
                    .map(|name| name.trim().to_owned())
                    .collect();
                while router_names.last().is_some_and(String::is_empty) {
                    router_names.pop();
                }
                AceRack {
                    rack_label: optional(&self.ace_label),
                    router_names,
                }
            }),
            customer_devices: self
                .devices
                .iter()
                .map(|d| CustomerDevice {
                    name: d.name.trim().to_owned(),
                    model: optional(&d.model),
                    management_address: optional(&d.management_address),
                })
                .collect(),
            port_channels,
            notes: optional(&self.notes),
        })
    }

    /// Every problem: what does not parse, then what `estate` contradicts.
    pub fn problems(&self, outpost_id: &str, estate: &Estate) -> Vec<String> {
        match self.entry(outpost_id) {
            Ok(entry) => entry.problems(estate),
            Err(problems) => problems,
        }
    }
}

fn parse<T: std::str::FromStr>(
    text: &str,
    at: &str,
    what: &str,
    problems: &mut Vec<String>,
) -> Option<T> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let parsed = text.parse().ok();
    if parsed.is_none() {
        problems.push(format!("{at}: {what} `{text}` is not a whole number"));
    }
    parsed
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The AWS devices a port channel can start from: both ONDs of every compute rack, and the ACE
/// routers when an ACE rack is asserted.
fn aws_devices(network: &RackNetwork, ace: bool) -> Vec<AwsDevice> {
    let mut devices: Vec<AwsDevice> = network
        .racks
        .iter()
        .filter(|r| r.kind == RackKind::Compute)
        .flat_map(|r| {
            (1..=2).map(|index| AwsDevice::Ond {
                rack_id: r.rack_id.clone(),
                index,
            })
        })
        .collect();
    if ace {
        devices.extend((1..=4).map(|index| AwsDevice::AceRouter { index }));
    }
    devices
}

fn device_name(device: &AwsDevice) -> String {
    match device {
        AwsDevice::Ond { rack_id, index } => format!("rack {rack_id} OND {index}"),
        AwsDevice::AceRouter { index } => format!("ACE router {index}"),
    }
}

impl OverlayEditor {
    /// The shell stored (or failed to store) `outpost_id`'s entry; `overlay` is the whole
    /// overlay as stored now, which the shell also rebuilds the workspace with.
    pub fn saved(&mut self, outpost_id: &str, overlay: &Result<SiteOverlay, String>) {
        if self.saving.as_deref() == Some(outpost_id) {
            self.saving = None;
        }
        self.outcome = Some(match overlay {
            Ok(overlay) => {
                self.drafts.insert(
                    outpost_id.to_owned(),
                    OverlayForm::of(overlay.for_outpost(outpost_id)),
                );
                Ok(format!("Saved the overlay of {outpost_id}."))
            }
            Err(error) => Err(format!("{error}. Your edits are kept; try again.")),
        });
    }

    /// Draws the editor for `network`'s Outpost of `workspace`; Save sends the entry to the
    /// shell through `commands`.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        commands: &CommandSender,
        workspace: &Workspace,
        network: &RackNetwork,
    ) {
        let saved = &workspace.overlay;
        let outpost_id = network.outpost_id.clone();
        let stored_form = OverlayForm::of(saved.for_outpost(&outpost_id));
        let form = self
            .drafts
            .entry(outpost_id.clone())
            .or_insert_with(|| stored_form.clone());
        ui.heading("Site overlay");
        ui.label(
            egui::RichText::new(
                "What AWS's APIs do not show, as you assert it. Saved beside the snapshots: it \
                 survives every sync and is drawn as asserted.",
            )
            .weak(),
        );
        // The save bar stays above the fields, whatever their length; it judges the form as it
        // was before this frame's edits, and an edit asks for the next frame at once.
        let fresh = self
            .checked
            .as_ref()
            .is_some_and(|(revision, id, checked, _)| {
                *revision == workspace.revision && *id == outpost_id && checked == form
            });
        if !fresh {
            let problems = form.problems(&outpost_id, &workspace.estate);
            self.checked = Some((
                workspace.revision,
                outpost_id.clone(),
                form.clone(),
                problems,
            ));
        }
        let problems = self
            .checked
            .as_ref()
            .map(|(.., problems)| problems.clone())
            .unwrap_or_default();
        let changed = *form != stored_form;
        let saving = self.saving.is_some();
        ui.horizontal(|ui| {
            let can_save = changed && problems.is_empty() && !saving;
            if ui
                .add_enabled(can_save, egui::Button::new("Save overlay"))
                .clicked()
                && let Ok(entry) = form.entry(&outpost_id)
            {
                commands.send(StorageRequest::SaveOverlay(entry));
                self.saving = Some(outpost_id.clone());
                self.outcome = None;
            }
            if ui
                .add_enabled(changed, egui::Button::new("Revert"))
                .clicked()
            {
                *form = stored_form.clone();
                self.outcome = None;
            }
            if saving {
                ui.spinner();
                ui.label("Saving...");
            } else if changed {
                ui.label(egui::RichText::new("unsaved changes").weak());
            }
        });
        for problem in &problems {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
        match &self.outcome {
            Some(Ok(message)) if !changed => {
                ui.label(message);
            }
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            _ => {}
        }
        ui.separator();
        let before = form.clone();
        egui::ScrollArea::vertical().show(ui, |ui| {
            edit_ace(ui, form, network);
            ui.separator();
            edit_devices(ui, form);
            ui.separator();
            edit_channels(ui, form, network);
            ui.separator();
            let label = ui.label("Notes");
            ui.add(egui::TextEdit::multiline(&mut form.notes).desired_rows(2))
                .labelled_by(label.id);
        });
        if *form != before {
            ui.ctx().request_repaint();
        }
    }
}

fn labelled_text(ui: &mut egui::Ui, label: &str, text: &mut String, width: f32) {
    let label = ui.label(label);
    ui.add(egui::TextEdit::singleline(text).desired_width(width))
        .labelled_by(label.id);
}

fn edit_ace(ui: &mut egui::Ui, form: &mut OverlayForm, network: &RackNetwork) {
    ui.checkbox(&mut form.ace, "ACE rack installed");
    if !form.ace {
        if network.ace {
            ui.label(
                egui::RichText::new(format!(
                    "Edge Atlas {} an ACE rack: {}",
                    network.ace_provenance.as_str(),
                    network.ace_reason
                ))
                .weak(),
            );
        }
        return;
    }
    ui.horizontal(|ui| labelled_text(ui, "ACE rack label", &mut form.ace_label, 160.0));
    for (index, name) in form.router_names.iter_mut().enumerate() {
        ui.horizontal(|ui| {
            labelled_text(ui, &format!("ACE router {} name", index + 1), name, 160.0)
        });
    }
}

fn edit_devices(ui: &mut egui::Ui, form: &mut OverlayForm) {
    ui.strong("Customer network devices (CNDs)");
    let mut remove = None;
    let mut renamed = None;
    for (index, device) in form.devices.iter_mut().enumerate() {
        ui.push_id(("cnd", index), |ui| {
            ui.horizontal(|ui| {
                let before = device.name.clone();
                labelled_text(
                    ui,
                    &format!("CND {} name", index + 1),
                    &mut device.name,
                    140.0,
                );
                if device.name != before {
                    renamed = Some((before, device.name.clone()));
                }
                if ui.small_button("Remove").clicked() {
                    remove = Some(index);
                }
            });
            ui.horizontal(|ui| {
                labelled_text(ui, "model", &mut device.model, 110.0);
                labelled_text(ui, "management", &mut device.management_address, 110.0);
            });
        });
    }
    // A renamed device keeps its port channels.
    if let Some((before, after)) = renamed {
        for channel in form
            .channels
            .iter_mut()
            .filter(|c| c.customer_device == before)
        {
            channel.customer_device.clone_from(&after);
        }
    }
    if let Some(index) = remove {
        form.devices.remove(index);
    }
    if ui.button("Add customer device").clicked() {
        form.devices.push(DeviceForm {
            name: format!("cnd-{}", form.devices.len() + 1),
            ..DeviceForm::default()
        });
    }
}

fn edit_channels(ui: &mut egui::Ui, form: &mut OverlayForm, network: &RackNetwork) {
    ui.strong("Port channels");
    let choices = aws_devices(network, form.ace);
    let names: Vec<String> = form.devices.iter().map(|d| d.name.clone()).collect();
    let mut remove = None;
    for (index, channel) in form.channels.iter_mut().enumerate() {
        ui.push_id(("port-channel", index), |ui| {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.strong(format!("Port channel #{}", index + 1));
                    if ui.small_button("Remove").clicked() {
                        remove = Some(index);
                    }
                });
                egui::ComboBox::from_label("AWS device")
                    .selected_text(device_name(&channel.aws_device))
                    .show_ui(ui, |ui| {
                        for choice in &choices {
                            ui.selectable_value(
                                &mut channel.aws_device,
                                choice.clone(),
                                device_name(choice),
                            );
                        }
                    });
                egui::ComboBox::from_label("customer device")
                    .selected_text(channel.customer_device.as_str())
                    .show_ui(ui, |ui| {
                        for name in &names {
                            ui.selectable_value(&mut channel.customer_device, name.clone(), name);
                        }
                    });
                ui.horizontal(|ui| {
                    labelled_text(ui, "number", &mut channel.number, 50.0);
                    labelled_text(ui, "Gbit/s", &mut channel.port_speed_gbps, 40.0);
                    labelled_text(
                        ui,
                        "service link VLAN",
                        &mut channel.service_link_vlan,
                        50.0,
                    );
                });
                ui.horizontal(|ui| {
                    labelled_text(ui, "customer ports", &mut channel.customer_ports, 220.0)
                });
                ui.horizontal(|ui| labelled_text(ui, "LGW VIFs", &mut channel.vif_ids, 240.0));
            });
        });
    }
    if let Some(index) = remove {
        form.channels.remove(index);
    }
    if ui.button("Add port channel").clicked()
        && let Some(aws_device) = choices.first()
    {
        let next = form
            .channels
            .iter()
            .filter_map(|c| c.number.trim().parse::<u32>().ok())
            .max()
            .map_or(1, |n| n + 1);
        form.channels.push(ChannelForm {
            aws_device: aws_device.clone(),
            customer_device: names.first().cloned().unwrap_or_default(),
            number: next.to_string(),
            customer_ports: String::new(),
            port_speed_gbps: String::new(),
            service_link_vlan: String::new(),
            vif_ids: String::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_entry_survives_the_form_unchanged() {
        let demo = edge_atlas::demo::demo().expect("demo");
        for entry in &demo.overlay.outposts {
            let form = OverlayForm::of(Some(entry));
            assert_eq!(form.entry(&entry.outpost_id).as_ref(), Ok(entry));
            assert!(form.problems(&entry.outpost_id, &demo.estate).is_empty());
        }
    }

    #[test]
    fn text_that_does_not_parse_is_a_problem_not_a_zero() {
        let demo = edge_atlas::demo::demo().expect("demo");
        let entry = &demo.overlay.outposts[0];
        let mut form = OverlayForm::of(Some(entry));
        form.channels[0].number = "4x".to_owned();
        form.channels[0].service_link_vlan = "5000".to_owned();
        let problems = form.problems(&entry.outpost_id, &demo.estate);
        assert_eq!(
            problems,
            [
                "port channel #1: number `4x` is not a whole number",
                "port channel #1: VLAN 5000 is not 1 to 4094"
            ]
        );
        form.channels[0].number = String::new();
        let problems = form.problems(&entry.outpost_id, &demo.estate);
        assert!(
            problems.contains(&"port channel #1: the port-channel number is missing".to_owned())
        );
        form.channels[0].number = "7".to_owned();
        let problems = form.problems(&entry.outpost_id, &demo.estate);
        assert_eq!(
            problems,
            vec!["port channel #1: VLAN 5000 is not 1 to 4094".to_owned()]
        );
    }

    #[test]
    fn lists_and_optional_fields_are_trimmed() {
        let mut form = OverlayForm::default();
        form.devices.push(DeviceForm {
            name: " core-1 ".to_owned(),
            model: "  ".to_owned(),
            management_address: "10.0.0.1".to_owned(),
        });
        form.channels.push(ChannelForm {
            aws_device: AwsDevice::AceRouter { index: 1 },
            customer_device: "core-1".to_owned(),
            number: " 12 ".to_owned(),
            customer_ports: "Ethernet1/1, ,Ethernet1/2,".to_owned(),
            port_speed_gbps: "100".to_owned(),
            service_link_vlan: String::new(),
            vif_ids: String::new(),
        });
        let entry = form.entry("op-1").expect("parses");
        assert_eq!(entry.customer_devices[0].name, "core-1");
        assert_eq!(entry.customer_devices[0].model, None);
        let channel = &entry.port_channels[0];
        assert_eq!(channel.port_channel_number, 12);
        assert_eq!(channel.customer_ports, ["Ethernet1/1", "Ethernet1/2"]);
        assert_eq!(channel.port_speed_gbps, Some(100));
        assert_eq!(channel.service_link_vlan, None);
    }
}
