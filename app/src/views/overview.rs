//! Overview: counts per kind, every Outpost with its site, racks, ACE and routing, and the
//! Local and Wavelength Zones in use.

use edge_atlas::model::EntityKind;
use edge_atlas::summary::EstateSummary;
use eframe::egui;
use egui_extras::{Column, TableBuilder};

/// Draws the overview of `summary`.
pub fn show(ui: &mut egui::Ui, summary: &EstateSummary) {
    egui::Panel::left("counts").show(ui, |ui| counts_view(ui, summary));
    egui::CentralPanel::default_margins().show(ui, |ui| {
        outposts_view(ui, summary);
        ui.add_space(12.0);
        egui::ScrollArea::both()
            .id_salt("edge-zones")
            .show(ui, |ui| edge_zones_view(ui, summary));
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

/// The Outposts table's columns with their widths in points.
const OUTPOST_COLUMNS: [(&str, f32); 8] = [
    ("Outpost", 210.0),
    ("Site", 230.0),
    ("Home Region / AZ", 200.0),
    ("Generation", 110.0),
    ("Racks", 50.0),
    ("ACE rack", 170.0),
    ("LGW VIFs", 70.0),
    ("Routing", 80.0),
];

/// Every Outpost, one row each. The rows are virtualised (only those in view are laid out):
/// a fleet's thousands of Outposts cost the same per frame as a few.
fn outposts_view(ui: &mut egui::Ui, summary: &EstateSummary) {
    ui.heading(format!("Outposts ({})", summary.outposts.len()));
    // Leave the zones section below room to show.
    let table_height = (ui.available_height() * 0.65).max(160.0);
    egui::ScrollArea::horizontal()
        .id_salt("outposts-scroll")
        .show(ui, |ui| outposts_table(ui, summary, table_height));
}

/// The Outposts table itself, `height` points tall at most: cells clipped to their column and
/// truncated with the full text on hover, wider than the view in a horizontal scroll area.
fn outposts_table(ui: &mut egui::Ui, summary: &EstateSummary, height: f32) {
    let mut table = TableBuilder::new(ui)
        .id_salt("outposts-table")
        .striped(true)
        .vscroll(true)
        .max_scroll_height(height);
    for (_, width) in OUTPOST_COLUMNS {
        table = table.column(Column::initial(width).at_least(40.0).clip(true));
    }
    table
        .header(20.0, |mut header| {
            for (title, _) in OUTPOST_COLUMNS {
                header.col(|ui| {
                    ui.strong(title);
                });
            }
        })
        .body(|body| {
            body.rows(18.0, summary.outposts.len(), |mut row| {
                let Some(outpost) = summary.outposts.get(row.index()) else {
                    return;
                };
                let cells = [
                    outpost.name.clone(),
                    match (&outpost.site_name, &outpost.location) {
                        (Some(name), Some(location)) => format!("{name} ({location})"),
                        (Some(name), None) => name.clone(),
                        (None, _) => "unknown site".to_owned(),
                    },
                    format!("{} / {}", outpost.region, outpost.availability_zone),
                    outpost.generation.clone(),
                    outpost.rack_count.to_string(),
                    match (outpost.ace_asserted, outpost.generation.as_str()) {
                        (_, "GENERATION_2") => "n/a (second generation)",
                        (Some(true), _) => "yes (asserted)",
                        (Some(false), _) => "no (asserted)",
                        (None, _) => "not stated",
                    }
                    .to_owned(),
                    outpost.vif_count.to_string(),
                    outpost.routing.join(", "),
                ];
                for (column, text) in cells.into_iter().enumerate() {
                    row.col(|ui| {
                        let label = ui.add(egui::Label::new(text).truncate());
                        if column == 0 {
                            label.on_hover_text(&outpost.outpost_id);
                        }
                    });
                }
            });
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
