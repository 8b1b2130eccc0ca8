//! The Connect window of an instance (from its details panel): where you connect from, the OS
//! user, ssh or the serial console, and the plan `edge-atlas connect` would carry out, made from
//! the snapshot before anything is sent (the library's `ConnectPlan`: the address and why, the
//! user and why, whether the AvailabilityZone parameter is sent, the ssh command). The
//! connection itself needs a terminal: "Open in a terminal" starts the Debian / Ubuntu
//! `x-terminal-emulator` on `edge-atlas connect` with the same choices (an argument vector, no
//! shell), and "Copy command" puts that command on the clipboard for any other terminal.

use std::path::Path;

use edge_atlas::connect::{ConnectPlan, ConnectRequest, Vantage, shell_words};
use edge_atlas::model::Estate;
use eframe::egui;

/// The vantage points offered, in the form's order.
const VIA: [&str; 5] = ["internet", "vpn", "bastion", "carrier", "onprem"];

/// The window's form and its last plan.
#[derive(Default)]
pub struct ConnectWindow {
    /// The instance the window is open for (`None`: closed).
    pub instance_id: Option<String>,
    via: usize,
    bastion: String,
    user: String,
    serial: bool,
    /// What happened when a terminal was asked for.
    launched: Option<Result<String, String>>,
}

impl ConnectWindow {
    /// Opens the window for `instance_id`, its form as it was.
    pub fn open(&mut self, instance_id: String) {
        if self.instance_id.as_ref() != Some(&instance_id) {
            self.launched = None;
        }
        self.instance_id = Some(instance_id);
    }

    /// The request the form says.
    fn request(&self, instance_id: &str) -> Result<ConnectRequest, String> {
        let via = match VIA.get(self.via).copied().unwrap_or("internet") {
            "bastion" => format!("bastion:{}", self.bastion.trim()),
            other => other.to_owned(),
        };
        let user = self.user.trim();
        Ok(ConnectRequest {
            instance_id: instance_id.to_owned(),
            user: (!user.is_empty()).then(|| user.to_owned()),
            via: via.parse::<Vantage>().map_err(|e| e.to_string())?,
            serial: self.serial,
            address: None,
            ssh_port: None,
        })
    }

    /// The `edge-atlas connect` argument vector the form stands for (after the program).
    fn command(&self, db: &Path, request: &ConnectRequest) -> Vec<String> {
        let mut args = vec![
            "--db".to_owned(),
            db.display().to_string(),
            "connect".to_owned(),
            request.instance_id.clone(),
            "--via".to_owned(),
            request.via.to_string(),
        ];
        if let Some(user) = &request.user {
            args.push("--user".to_owned());
            args.push(user.clone());
        }
        if request.serial {
            args.push("--serial".to_owned());
        }
        args
    }

    /// Draws the window when open, for the snapshot's `estate` stored in `db`.
    pub fn show(&mut self, ctx: &egui::Context, estate: &Estate, db: &Path) {
        let Some(instance_id) = self.instance_id.clone() else {
            return;
        };
        let mut open = true;
        egui::Window::new(format!("Connect to {instance_id}"))
            .id(egui::Id::unique("connect-window"))
            .pivot(egui::Align2::CENTER_CENTER)
            .default_pos(ctx.content_rect().center())
            .open(&mut open)
            .default_width(560.0)
            .collapsible(false)
            .show(ctx, |ui| self.form_and_plan(ui, estate, db, &instance_id));
        if !open {
            self.instance_id = None;
        }
    }

    fn form_and_plan(&mut self, ui: &mut egui::Ui, estate: &Estate, db: &Path, instance_id: &str) {
        egui::Grid::new("connect-form")
            .num_columns(2)
            .show(ui, |ui| {
                ui.label("connect from");
                ui.horizontal_wrapped(|ui| {
                    for (index, name) in VIA.iter().enumerate() {
                        ui.radio_value(&mut self.via, index, *name);
                    }
                });
                ui.end_row();
                if VIA.get(self.via) == Some(&"bastion") {
                    let label = ui.label("bastion host");
                    ui.add(egui::TextEdit::singleline(&mut self.bastion).hint_text("user@host"))
                        .labelled_by(label.id);
                    ui.end_row();
                }
                let label = ui.label("OS user");
                ui.add(egui::TextEdit::singleline(&mut self.user).hint_text("from the image"))
                    .labelled_by(label.id);
                ui.end_row();
                ui.label("serial console");
                ui.checkbox(&mut self.serial, "instead of ssh to the instance");
                ui.end_row();
            });
        ui.separator();
        let planned = self.request(instance_id).and_then(|request| {
            ConnectPlan::build(estate, &request)
                .map(|plan| (request, plan))
                .map_err(|e| e.to_string())
        });
        let (request, plan) = match planned {
            Ok(planned) => planned,
            Err(why) => {
                ui.colored_label(ui.visuals().error_fg_color, why);
                return;
            }
        };
        ui.label(egui::RichText::new("The plan (nothing is sent until you connect)").strong());
        egui::Grid::new("connect-plan")
            .num_columns(2)
            .show(ui, |ui| {
                let mut row = |name: &str, value: String| {
                    ui.label(name);
                    ui.add(egui::Label::new(value).wrap());
                    ui.end_row();
                };
                row(
                    "zone",
                    format!("{} ({}, {})", plan.zone, plan.zone_type, plan.region),
                );
                row(
                    "address",
                    format!("{}: {}", plan.address, plan.address_reason),
                );
                row(
                    "OS user",
                    format!("{}: {}", plan.os_user, plan.os_user_reason),
                );
                row(
                    "AZ parameter",
                    match &plan.availability_zone_parameter {
                        Some(zone) => format!("sent ({zone})"),
                        None if plan.serial => {
                            "not sent (the serial console call has none)".to_owned()
                        }
                        None => format!("not sent (AWS rejects {} names)", plan.zone_type),
                    },
                );
                row(
                    "key",
                    "a fresh ed25519 key, pushed for 60 seconds, removed when ssh ends".to_owned(),
                );
                row(
                    "ssh",
                    format!("ssh {}", plan.ssh_args("KEY_FILE", &[]).join(" ")),
                );
            });
        let program = std::env::current_exe()
            .map_or_else(|_| "edge-atlas".to_owned(), |p| p.display().to_string());
        let args = self.command(db, &request);
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui
                .button("Open in a terminal")
                .on_hover_text("x-terminal-emulator -e edge-atlas connect …, with these choices")
                .clicked()
            {
                self.launched = Some(open_terminal(&program, &args));
            }
            if ui.button("Copy command").clicked() {
                let line: Vec<String> = std::iter::once(program.clone())
                    .chain(args.iter().cloned())
                    .collect();
                ui.ctx().copy_text(shell_words(&line));
                self.launched = Some(Ok("The command is on the clipboard.".to_owned()));
            }
        });
        match &self.launched {
            Some(Ok(text)) => {
                ui.label(text);
            }
            Some(Err(text)) => {
                ui.colored_label(ui.visuals().error_fg_color, text);
            }
            None => {}
        }
    }
}

/// Starts a terminal running `program args` (an argument vector, never a shell).
fn open_terminal(program: &str, args: &[String]) -> Result<String, String> {
    std::process::Command::new("x-terminal-emulator")
        .arg("-e")
        .arg(program)
        .args(args)
        .spawn()
        .map(|_| "A terminal was opened on edge-atlas connect.".to_owned())
        .map_err(|error| {
            format!(
                "Could not start x-terminal-emulator ({error}): copy the command and run it in a terminal."
            )
        })
}
