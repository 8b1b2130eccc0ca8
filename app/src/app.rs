//! The desktop window: opens the database (storing the demo estate on first start) and shows
//! the latest snapshot's overview. A first, deliberately small shell; the map, graph, rack and
//! inventory views arrive with their issues.

use std::path::PathBuf;

use anyhow::Context as _;
use edge_atlas::model::EntityKind;
use edge_atlas::store::{SnapshotInfo, Store};
use edge_atlas::summary::EstateSummary;
use eframe::egui;

/// Opens the window and runs until it is closed.
pub fn run(db: PathBuf) -> anyhow::Result<()> {
    let state = load(&db);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Edge Atlas")
            .with_inner_size([1360.0, 800.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Edge Atlas",
        options,
        Box::new(|_cc| Ok(Box::new(EdgeAtlasApp { db, state }))),
    )
    .map_err(|error| anyhow::anyhow!("cannot open the window: {error}"))
}

/// What the window shows: the loaded snapshot, or why it could not be loaded.
enum State {
    Loaded {
        info: SnapshotInfo,
        summary: Box<EstateSummary>,
        first_start: bool,
    },
    Failed(String),
}

struct EdgeAtlasApp {
    db: PathBuf,
    state: State,
}

fn load(db: &std::path::Path) -> State {
    let attempt = || -> anyhow::Result<State> {
        let mut store = Store::open(db)?;
        let first_start = store.latest_snapshot_id()?.is_none();
        if first_start {
            let demo = edge_atlas::demo::demo().map_err(|e| anyhow::anyhow!("{e}"))?;
            store
                .insert_snapshot(&demo.meta, &demo.estate)
                .context("storing the demo estate")?;
            for entry in &demo.overlay.outposts {
                store.save_outpost_overlay(entry)?;
            }
        }
        let id = store.resolve_snapshot(None)?;
        let info = store.snapshot(id)?;
        let estate = store.load_estate(id)?;
        let overlay = store.load_overlay()?;
        Ok(State::Loaded {
            summary: Box::new(EstateSummary::of(&estate, &overlay)),
            info,
            first_start,
        })
    };
    attempt().unwrap_or_else(|error| State::Failed(format!("{error:#}")))
}

impl eframe::App for EdgeAtlasApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::Panel::top("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("Edge Atlas");
                ui.separator();
                match &self.state {
                    State::Loaded { info, .. } => {
                        ui.label(format!(
                            "Snapshot {} · {} · {} · {} entities",
                            info.id, info.source, info.created_at, info.entity_count
                        ));
                    }
                    State::Failed(_) => {
                        ui.label(format!("Database {}", self.db.display()));
                    }
                }
            });
        });
        match &self.state {
            State::Failed(message) => {
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        "The database could not be opened.",
                    );
                    ui.label(message);
                });
            }
            State::Loaded {
                info,
                summary,
                first_start,
            } => {
                if info.source.starts_with("demo") {
                    egui::Panel::top("demo-note").show(ui, |ui| {
                        ui.label(format!(
                            "{}This is the built-in demo estate of a fictional company (Northwind Freight). \
                             To see your own, import a snapshot: edge-atlas import-snapshot FILE",
                            if *first_start { "Welcome. " } else { "" }
                        ));
                    });
                }
                egui::Panel::left("counts").show(ui, |ui| counts_view(ui, summary));
                egui::CentralPanel::default_margins().show(ui, |ui| {
                    egui::ScrollArea::both().show(ui, |ui| {
                        outposts_view(ui, summary);
                        ui.add_space(12.0);
                        edge_zones_view(ui, summary);
                    });
                });
            }
        }
    }
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
    }
}
