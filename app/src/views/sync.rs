//! The Sync view: choose a profile (from the user's AWS config, SSO profiles marked), the
//! Regions (all enabled ones when empty), an endpoint override and whether to read every
//! account of the organisation (through a role in each, or through an AWS Config aggregator),
//! start and cancel; a progress bar per
//! Region, or a row per account of an organisation; the warnings with their account, Region,
//! call and the IAM action to grant. The sync
//! is started by the shell on the view's [`AppCommand::StartSync`] and runs on a tokio runtime
//! in a thread of its own ([`edge_atlas_aws::job`]), waking the UI when its state changes; the
//! UI never waits for it. When a snapshot is stored the view asks the shell to open it.

use edge_atlas_aws::job::{JobEnd, SyncJob};
use edge_atlas_aws::options::DEFAULT_ROLE_NAME;
use edge_atlas_aws::profiles::{Profile, ProfilesError, load_profiles_blocking};
use edge_atlas_aws::{AccountSelection, SyncOptions};
use eframe::egui;

use crate::commands::{AppCommand, CommandSender, StorageRequest};

/// The form, and the job once started.
#[derive(Default)]
pub struct SyncView {
    profiles: Option<Result<Vec<Profile>, ProfilesError>>,
    /// The chosen profile; `None` is the SDK's default chain.
    pub profile: Option<String>,
    /// Regions, separated by commas or spaces; empty syncs every enabled Region.
    pub regions: String,
    /// An endpoint for every service (an emulator, private endpoints); empty for AWS's own.
    pub endpoint: String,
    /// Read every ACTIVE account of the organisation, not only the credentials' own.
    pub organization: bool,
    /// The role assumed in each member account; empty for [`DEFAULT_ROLE_NAME`].
    pub role_name: String,
    /// With `organization`: read through this AWS Config aggregator (in the first Region, or
    /// the profile's); empty reads every account directly.
    pub config_aggregator: String,
    job: Option<SyncJob>,
    /// The snapshot the last finished job stored, already handed to the app.
    reported: bool,
}

impl SyncView {
    /// The job the shell started for this view's [`AppCommand::StartSync`].
    pub fn started(&mut self, job: SyncJob) {
        self.job = Some(job);
        self.reported = false;
    }

    /// Draws the view; starting a sync and opening the snapshot it stored are asked of the
    /// shell through `commands`.
    pub fn show(&mut self, ui: &mut egui::Ui, commands: &CommandSender) {
        let running = self
            .job
            .as_ref()
            .is_some_and(|job| job.state().end.is_none());
        let loaded = self.profiles.get_or_insert_with(load_profiles_blocking);
        let (profiles, profiles_error): (&[Profile], Option<String>) = match loaded {
            Ok(profiles) => (profiles, None),
            Err(error) => (&[], Some(error.to_string())),
        };
        ui.heading("Sync from AWS");
        egui::Grid::new("sync-form").num_columns(2).show(ui, |ui| {
            let label = ui.label("Profile");
            let shown = self
                .profile
                .clone()
                .unwrap_or("default credential chain".into());
            let picker = egui::ComboBox::from_id_salt("sync-profile")
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.profile, None, "default credential chain");
                    for profile in profiles.iter() {
                        let label = if profile.sso {
                            format!("{} (SSO)", profile.name)
                        } else {
                            profile.name.clone()
                        };
                        ui.selectable_value(&mut self.profile, Some(profile.name.clone()), label);
                    }
                });
            picker.response.labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Regions");
            ui.add(
                egui::TextEdit::singleline(&mut self.regions)
                    .hint_text("all enabled Regions")
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("Endpoint URL");
            ui.add(
                egui::TextEdit::singleline(&mut self.endpoint)
                    .hint_text("AWS (or AWS_ENDPOINT_URL)")
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            ui.label("Accounts");
            ui.checkbox(
                &mut self.organization,
                "Every account of the organisation (AWS Organizations)",
            );
            ui.end_row();
            let label = ui.label("Role in each account");
            ui.add_enabled(
                self.organization,
                egui::TextEdit::singleline(&mut self.role_name)
                    .hint_text(DEFAULT_ROLE_NAME)
                    .desired_width(360.0),
            )
            .labelled_by(label.id);
            ui.end_row();
            let label = ui.label("AWS Config aggregator");
            ui.add_enabled(
                self.organization,
                egui::TextEdit::singleline(&mut self.config_aggregator)
                    .hint_text("none: read every account directly")
                    .desired_width(360.0),
            )
            .labelled_by(label.id)
            .on_hover_text("Instances, VPCs, subnets and carrier gateways from the aggregator in one query; the rest directly, only in the accounts and Regions with Outposts or Local and Wavelength Zones. The aggregator's Region is the first Region above, or the profile's.");
            ui.end_row();
        });
        if let Some(error) = profiles_error {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("{error}. Only the default credential chain is offered."),
            );
        }
        if profiles.iter().any(|p| p.sso) {
            ui.label(
                egui::RichText::new(
                    "SSO profiles need a current sign-in: aws sso login --profile NAME",
                )
                .weak(),
            );
        }
        ui.horizontal(|ui| {
            if ui
                .add_enabled(!running, egui::Button::new("Start sync"))
                .clicked()
            {
                let options = SyncOptions {
                    profile: self.profile.clone(),
                    regions: self
                        .regions
                        .split([',', ' '])
                        .map(str::trim)
                        .filter(|r| !r.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    endpoint_url: Some(self.endpoint.trim().to_owned()).filter(|e| !e.is_empty()),
                    accounts: if self.organization && !self.config_aggregator.trim().is_empty() {
                        let role = self.role_name.trim();
                        AccountSelection::ConfigAggregator {
                            name: self.config_aggregator.trim().to_owned(),
                            region: None,
                            role_name: if role.is_empty() {
                                DEFAULT_ROLE_NAME.to_owned()
                            } else {
                                role.to_owned()
                            },
                            external_id: None,
                        }
                    } else if self.organization {
                        let role = self.role_name.trim();
                        AccountSelection::Organization {
                            role_name: if role.is_empty() {
                                DEFAULT_ROLE_NAME.to_owned()
                            } else {
                                role.to_owned()
                            },
                            external_id: None,
                            only: Vec::new(),
                            exclude: Vec::new(),
                            organizational_unit: None,
                        }
                    } else {
                        AccountSelection::Caller
                    },
                    ..SyncOptions::default()
                };
                commands.send(AppCommand::StartSync(options));
            }
            if ui
                .add_enabled(running, egui::Button::new("Cancel"))
                .clicked()
                && let Some(job) = &self.job
            {
                job.cancel();
            }
        });
        let Some(job) = &self.job else {
            ui.label("Credentials stay with the AWS SDK: Edge Atlas never stores or logs them.");
            return;
        };
        let state = job.state().clone();
        ui.separator();
        match &state.identity {
            Some((account, arn)) => ui.label(format!("Account {account} as {arn}")),
            None => ui.label("Checking the credentials..."),
        };
        match &state.end {
            None if !state.accounts.is_empty() => {
                ui.label(format!(
                    "Syncing the organisation: {} of {} accounts done...",
                    state.accounts_finished.len(),
                    state.accounts.len()
                ));
            }
            None => {
                ui.label(format!("Syncing {} Regions...", state.regions.len()));
            }
            Some(JobEnd::Stored {
                snapshot_id,
                entity_count,
                warning_count,
                elapsed,
            }) => {
                ui.label(format!(
                    "Stored snapshot {snapshot_id}: {entity_count} entities, {warning_count} warnings, in {:.1} s",
                    elapsed.as_secs_f64()
                ));
                if !state.accounts.is_empty() {
                    let read = state.accounts_finished.iter().filter(|a| a.read).count();
                    ui.label(format!("{read} of {} accounts read", state.accounts.len()));
                }
                if !self.reported {
                    self.reported = true;
                    commands.send(StorageRequest::OpenLatest);
                }
            }
            Some(JobEnd::Cancelled) => {
                ui.label("Cancelled: nothing was stored.");
            }
            Some(JobEnd::Failed(message)) => {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Nothing was stored: {message}"),
                );
            }
        }
        egui::ScrollArea::vertical()
            .id_salt("sync-progress")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                egui::Grid::new("sync-regions")
                    .num_columns(2)
                    .striped(true)
                    .show(ui, |ui| {
                        for (account_id, name) in &state.accounts {
                            ui.label(if name.is_empty() {
                                account_id.clone()
                            } else {
                                format!("{name} ({account_id})")
                            });
                            let finished = state
                                .accounts_finished
                                .iter()
                                .find(|done| &done.account_id == account_id);
                            ui.label(match finished {
                                Some(done) if done.read => format!(
                                    "read: {} entities, {} warnings",
                                    done.entities, done.warnings
                                ),
                                Some(_) => "not read (see the warnings)".to_owned(),
                                None => "waiting or reading".to_owned(),
                            });
                            ui.end_row();
                        }
                        for region in &state.regions {
                            ui.label(region);
                            let progress = state.region_progress(region);
                            let fraction = if progress.finished {
                                1.0
                            } else if progress.calls_total == 0 {
                                0.0
                            } else {
                                progress.calls_done as f32 / progress.calls_total as f32
                            };
                            ui.add(egui::ProgressBar::new(fraction).desired_width(320.0).text(
                                format!(
                                    "{region}: {}/{} calls · {} entities · {} errors{}",
                                    progress.calls_done,
                                    progress.calls_total,
                                    progress.entities,
                                    progress.errors,
                                    if progress.finished { " · done" } else { "" }
                                ),
                            ));
                            ui.end_row();
                        }
                    });
                if !state.warnings.is_empty() {
                    ui.add_space(8.0);
                    ui.strong(format!("Warnings ({})", state.warnings.len()));
                    for warning in &state.warnings {
                        ui.horizontal_wrapped(|ui| {
                            if !state.accounts.is_empty()
                                && let Some(account) = &warning.account_id
                            {
                                ui.label(account);
                            }
                            ui.label(warning.region.as_deref().unwrap_or("account"));
                            ui.label(egui::RichText::new(&warning.call).strong());
                            if let Some(action) = &warning.iam_action {
                                ui.label(format!("grant {action}"));
                            }
                        });
                        ui.add(
                            egui::Label::new(egui::RichText::new(&warning.message).weak()).wrap(),
                        );
                        ui.add_space(4.0);
                    }
                }
            });
    }
}
