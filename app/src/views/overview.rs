//! Overview: counts per kind, every Outpost with its site, racks, ACE and routing, and the
//! Local and Wavelength Zones in use.

use edge_atlas::model::EntityKind;
use edge_atlas::summary::EstateSummary;
use eframe::egui;

/// Draws the overview of `summary`.
pub fn show(ui: &mut egui::Ui, summary: &EstateSummary) {
    egui::Panel::left("counts").show(ui, |ui| counts_view(ui, summary));
    egui::CentralPanel::default_margins().show(ui, |ui| {
        egui::ScrollArea::both().show(ui, |ui| {
            outposts_view(ui, summary);
            ui.add_space(12.0);
            edge_zones_view(ui, summary);
        });
    });
}

fn counts_view(ui: &mut egui::Ui, summary: &EstateSummary) {
    ui.heading("Estate");
    egui::Grid::new("counts-grid").striped(true).show(ui, |ui| {
        for (kind, count) in &summary.counts {
            ui.label(kind_label(*kind));
            ui.label(count.to_string());
            ui.end_row();
        }
    });
}

fn outposts_view(ui: &mut egui::Ui, summary: &EstateSummary) {
    ui.heading(format!("Outposts ({})", summary.outposts.len()));
    egui::Grid::new("outposts-grid")
        .striped(true)
        .num_columns(8)
        .show(ui, |ui| {
            for header in [
                "Outpost",
                "Site",
                "Home Region / AZ",
                "Generation",
                "Racks",
                "ACE rack",
                "LGW VIFs",
                "Routing",
            ] {
                ui.strong(header);
            }
            ui.end_row();
            for outpost in &summary.outposts {
                ui.label(&outpost.name).on_hover_text(&outpost.outpost_id);
                ui.label(match (&outpost.site_name, &outpost.location) {
                    (Some(name), Some(location)) => format!("{name} ({location})"),
                    (Some(name), None) => name.clone(),
                    (None, _) => "unknown site".to_owned(),
                });
                ui.label(format!(
                    "{} / {}",
                    outpost.region, outpost.availability_zone
                ));
                ui.label(&outpost.generation);
                ui.label(outpost.rack_count.to_string());
                ui.label(match (outpost.ace_asserted, outpost.generation.as_str()) {
                    (_, "GENERATION_2") => "n/a (second generation)",
                    (Some(true), _) => "yes (asserted)",
                    (Some(false), _) => "no (asserted)",
                    (None, _) => "not stated",
                });
                ui.label(outpost.vif_count.to_string());
                ui.label(outpost.routing.join(", "));
                ui.end_row();
            }
        });
}

fn edge_zones_view(ui: &mut egui::Ui, summary: &EstateSummary) {
    ui.heading(format!(
        "Local and Wavelength Zones in use ({})",
        summary.edge_zones.len()
    ));
    egui::Grid::new("edge-zones-grid")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            for header in ["Zone", "Type", "Subnets", "Instances"] {
                ui.strong(header);
            }
            ui.end_row();
            for zone in &summary.edge_zones {
                ui.label(&zone.zone_name);
                ui.label(zone.zone_type.as_str());
                ui.label(zone.subnet_count.to_string());
                ui.label(zone.instance_count.to_string());
                ui.end_row();
            }
        });
}

fn kind_label(kind: EntityKind) -> &'static str {
    match kind {
        EntityKind::Region => "Regions",
        EntityKind::Zone => "Zones",
        EntityKind::Site => "Outposts sites",
        EntityKind::Outpost => "Outposts",
        EntityKind::Asset => "Rack assets",
        EntityKind::AssetInstance => "Instances on hosts",
        EntityKind::CapacityTask => "Capacity tasks",
        EntityKind::CatalogItem => "Catalog items",
        EntityKind::LocalGateway => "Local gateways",
        EntityKind::Vif => "LGW VIFs",
        EntityKind::VifGroup => "VIF groups",
        EntityKind::RouteTable => "LGW route tables",
        EntityKind::CoipPool => "CoIP pools",
        EntityKind::OutpostLag => "Outpost LAGs",
        EntityKind::ServiceLinkVif => "Service link VIFs",
        EntityKind::CarrierGateway => "Carrier gateways",
        EntityKind::Vpc => "VPCs",
        EntityKind::Subnet => "Subnets",
        EntityKind::Instance => "Instances",
        EntityKind::InstanceTypeOffering => "Instance type offerings",
    }
}
