//! The Rack network view's "Build plan" tab: the network build plan of the Outpost (or planned
//! layout) the view shows, from the same rack network the picture draws. The pools, the
//! point-to-point form, the first VLAN, both ASNs and the routing choice are edited here; the
//! plan is recomputed when they or the network change, and its tables (cabling, port channels,
//! VIFs, service link subnets, AWS's links, conflicts, notes) are shown as the CLI's `netplan`
//! writes them. "Copy as Markdown" puts the whole plan on the clipboard.

use edge_atlas::model::Estate;
use edge_atlas::planner::build_plan::{
    AddressingInput, BuildPlan, DEFAULT_ASN_AWS, DEFAULT_ASN_CUSTOMER, DEFAULT_P2P_POOL,
    DEFAULT_SERVICE_LINK_POOL, DEFAULT_VLAN_START, P2pForm, Routing, build_plan, parse_pool,
};
use edge_atlas::report::build_plan::{BuildPlanTable, markdown, table};
use edge_atlas::topology::{Provenance, RackNetwork};
use eframe::egui;

/// The form and the last plan.
pub struct BuildPlanView {
    p2p_pool: String,
    p2p_prefix: P2pForm,
    service_link_pool: String,
    vlan_start: u16,
    asn_aws: u32,
    asn_customer: u32,
    coip: bool,
    coip_pool: String,
    /// What the plan was computed for: the form's values and the network's identity.
    computed_for: Option<String>,
    plan: Option<Result<BuildPlan, String>>,
}

impl Default for BuildPlanView {
    fn default() -> Self {
        BuildPlanView {
            p2p_pool: DEFAULT_P2P_POOL.to_owned(),
            p2p_prefix: P2pForm::Slash31,
            service_link_pool: DEFAULT_SERVICE_LINK_POOL.to_owned(),
            vlan_start: DEFAULT_VLAN_START,
            asn_aws: DEFAULT_ASN_AWS,
            asn_customer: DEFAULT_ASN_CUSTOMER,
            coip: false,
            coip_pool: String::new(),
            computed_for: None,
            plan: None,
        }
    }
}

impl BuildPlanView {
    fn input(&self) -> Result<AddressingInput, String> {
        Ok(AddressingInput {
            p2p_pool: parse_pool("P2P pool", &self.p2p_pool).map_err(|e| e.to_string())?,
            p2p_form: self.p2p_prefix,
            service_link_pool: parse_pool("Service link pool", &self.service_link_pool)
                .map_err(|e| e.to_string())?,
            vlan_start: self.vlan_start,
            asn_aws: self.asn_aws,
            asn_customer: self.asn_customer,
            routing: if self.coip {
                Routing::Coip {
                    pool: self.coip_pool.clone(),
                }
            } else {
                Routing::DirectVpc
            },
        })
    }

    /// Draws the tab for `network` (checked against `estate` unless it is a planned layout);
    /// `shown_id` changes whenever the network does.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        network: &RackNetwork,
        estate: Option<&Estate>,
        shown_id: &str,
    ) {
        self.form(ui);
        let key = format!(
            "{shown_id}|{}|{:?}|{}|{}|{}|{}|{}|{}",
            self.p2p_pool,
            self.p2p_prefix,
            self.service_link_pool,
            self.vlan_start,
            self.asn_aws,
            self.asn_customer,
            self.coip,
            self.coip_pool
        );
        if self.computed_for.as_deref() != Some(key.as_str()) {
            self.plan =
                Some(self.input().and_then(|input| {
                    build_plan(network, &input, estate).map_err(|e| e.to_string())
                }));
            self.computed_for = Some(key);
        }
        let plan = match &self.plan {
            Some(Ok(plan)) => plan,
            Some(Err(message)) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
                return;
            }
            None => return,
        };
        ui.horizontal(|ui| {
            let c = &plan.counts;
            ui.label(format!(
                "{} links · {} port channels · {} VIFs · {} P2P subnets · {} BGP sessions · {} service link subnets",
                plan.links.len(),
                plan.port_channels.len(),
                plan.vifs.len(),
                c.p2p_subnets,
                c.bgp_sessions,
                plan.service_link_subnets.len()
            ));
            if ui.button("Copy as Markdown").clicked() {
                ui.ctx().copy_text(markdown(plan));
            }
        });
        if let Some(observed) = plan
            .vifs
            .iter()
            .find(|v| v.provenance == Provenance::Observed)
            .filter(|v| (v.aws_asn, v.customer_asn) != (self.asn_aws, self.asn_customer))
        {
            ui.label(format!(
                "This Outpost's observed BGP sessions use ASN {} (Outpost) and {} (customer): the plan keeps them, so the ASN fields above apply only to an Outpost without observed sessions.",
                observed.aws_asn, observed.customer_asn
            ));
        }
        if !plan.conflicts.is_empty() {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!(
                    "{} conflict(s) with the synced estate:",
                    plan.conflicts.len()
                ),
            );
            for conflict in &plan.conflicts {
                ui.label(format!(
                    "{} collides with {}",
                    conflict.planned, conflict.existing
                ));
            }
        }
        egui::ScrollArea::vertical()
            .id_salt("build-plan-tables")
            .show(ui, |ui| {
                for (title, which) in [
                    ("Cabling schedule", BuildPlanTable::Cabling),
                    ("Port channels", BuildPlanTable::PortChannels),
                    ("VIFs: VLANs, addresses and BGP", BuildPlanTable::Vifs),
                    ("Service link subnets", BuildPlanTable::ServiceLinkSubnets),
                ] {
                    egui::CollapsingHeader::new(title)
                        .default_open(true)
                        .show(ui, |ui| grid(ui, title, plan, which));
                }
                if !plan.aws_managed_links.is_empty() {
                    egui::CollapsingHeader::new("AWS-managed links (AWS cables these)")
                        .default_open(false)
                        .show(ui, |ui| {
                            for link in &plan.aws_managed_links {
                                ui.label(format!("{} to {}", link.ond, link.ace_rack));
                            }
                        });
                }
                for note in &plan.notes {
                    ui.label(egui::RichText::new(note).weak());
                }
            });
    }

    fn form(&mut self, ui: &mut egui::Ui) {
        ui.horizontal_wrapped(|ui| {
            let label = ui.label("P2P pool");
            ui.add(egui::TextEdit::singleline(&mut self.p2p_pool).desired_width(120.0))
                .labelled_by(label.id);
            egui::ComboBox::from_label("per VIF")
                .selected_text(match self.p2p_prefix {
                    P2pForm::Slash31 => "/31",
                    P2pForm::Slash30 => "/30",
                    P2pForm::AceShared29 => "/29 shared (ACE)",
                })
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.p2p_prefix, P2pForm::Slash31, "/31");
                    ui.selectable_value(&mut self.p2p_prefix, P2pForm::Slash30, "/30");
                    ui.selectable_value(
                        &mut self.p2p_prefix,
                        P2pForm::AceShared29,
                        "/29 shared (ACE)",
                    );
                });
            let label = ui.label("Service link pool");
            ui.add(egui::TextEdit::singleline(&mut self.service_link_pool).desired_width(120.0))
                .labelled_by(label.id);
            let label = ui.label("First VLAN");
            ui.add(egui::DragValue::new(&mut self.vlan_start).range(1..=4094))
                .labelled_by(label.id);
            let label = ui.label("ASN AWS");
            ui.add(egui::DragValue::new(&mut self.asn_aws))
                .labelled_by(label.id);
            let label = ui.label("ASN customer");
            ui.add(egui::DragValue::new(&mut self.asn_customer))
                .labelled_by(label.id);
            ui.checkbox(&mut self.coip, "CoIP pool");
            if self.coip {
                ui.add(
                    egui::TextEdit::singleline(&mut self.coip_pool)
                        .hint_text("10.50.0.0/26")
                        .desired_width(120.0),
                );
            }
        });
    }
}

fn grid(ui: &mut egui::Ui, id: &str, plan: &BuildPlan, which: BuildPlanTable) {
    let (header, rows) = table(plan, which);
    egui::Grid::new(id).striped(true).show(ui, |ui| {
        for column in &header {
            ui.strong(column.replace('_', " "));
        }
        ui.end_row();
        for row in rows {
            for cell in row {
                ui.label(cell);
            }
            ui.end_row();
        }
    });
}
