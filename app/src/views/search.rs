//! The search box: ids, names, tags, IP addresses, CIDRs, VLANs and ASNs, over the whole
//! estate graph. Ctrl+K (or Ctrl+F; the command table binds them) focuses it; results drop down under it; Enter or a click
//! selects a result and asks the graph to centre on it. The matches are also highlighted in
//! the graph while the query stands.

use eframe::egui;
use petgraph::graph::NodeIndex;

use crate::selection::Selection;
use crate::workspace::Workspace;

/// Matches kept for highlighting.
const MATCH_LIMIT: usize = 2_000;
/// Results listed in the drop-down.
const LISTED: usize = 30;

/// The query and its matches.
#[derive(Default)]
pub struct SearchBox {
    /// The text typed.
    pub query: String,
    searched: String,
    /// The matching nodes, best first.
    pub matches: Vec<NodeIndex>,
    /// Grows whenever `matches` changes (the graph re-highlights on change).
    pub version: u64,
    open: bool,
    /// The Search command asked for the cursor in the box.
    focus_asked: bool,
}

impl SearchBox {
    /// Puts the cursor in the box on the next frame (the Search command).
    pub fn focus(&mut self) {
        self.focus_asked = true;
    }

    /// Draws the box and its drop-down; returns true when a result was chosen.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        selection: &mut Selection,
    ) -> bool {
        let shortcut = std::mem::take(&mut self.focus_asked);
        let response = ui.add(
            egui::TextEdit::singleline(&mut self.query)
                .id_salt("search")
                .hint_text("Search id, name, tag, IP, VLAN, ASN (Ctrl+K)")
                .desired_width(340.0),
        );
        if shortcut {
            response.request_focus();
            self.open = true;
        }
        if response.changed() {
            self.open = true;
        }
        let mut indexing = false;
        let query = self.query.trim();
        if query != self.searched {
            let matches = if query.is_empty() {
                Some(Vec::new())
            } else {
                workspace.search(query, MATCH_LIMIT)
            };
            match matches {
                Some(matches) => {
                    self.searched = query.to_owned();
                    self.matches = matches;
                    self.version += 1;
                }
                // The index is being built off this thread; its end wakes the UI to search.
                None => indexing = true,
            }
        }
        if indexing {
            ui.spinner();
            ui.label("Indexing the snapshot for search...");
        } else if !self.searched.is_empty() {
            let count = self.matches.len();
            ui.label(if count >= MATCH_LIMIT {
                format!("{count}+ matches")
            } else {
                format!("{count} matches")
            });
        }
        let escape = ui.input(|input| input.key_pressed(egui::Key::Escape));
        if escape {
            self.open = false;
        }
        let enter = response.lost_focus() && ui.input(|input| input.key_pressed(egui::Key::Enter));
        let mut chosen = None;
        if enter {
            chosen = self.matches.first().copied();
        }
        if self.open && !self.searched.is_empty() {
            let area = egui::Area::new(egui::Id::unique("search-results"))
                .order(egui::Order::Foreground)
                .fixed_pos(response.rect.left_bottom() + egui::vec2(0.0, 4.0))
                .show(ui.ctx(), |ui| {
                    egui::Frame::popup(ui.style()).show(ui, |ui| {
                        ui.set_min_width(420.0);
                        if self.matches.is_empty() {
                            ui.label("No match. Try part of an id, a Name tag, an IP address, a VLAN or an ASN.");
                        }
                        egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                            for node in self.matches.iter().take(LISTED) {
                                let data = workspace.topology.node(*node);
                                let region = data.region.as_deref().unwrap_or("");
                                let text = format!(
                                    "{} · {} · {} {}",
                                    data.label,
                                    data.kind.label(),
                                    data.id,
                                    region
                                );
                                if ui.selectable_label(false, text).clicked() {
                                    chosen = Some(*node);
                                }
                            }
                            if self.matches.len() > LISTED {
                                ui.label(format!(
                                    "{} more highlighted in the graph",
                                    self.matches.len() - LISTED
                                ));
                            }
                        });
                    });
                });
            let pointer = ui.input(|input| input.pointer.interact_pos());
            let inside = pointer
                .is_some_and(|p| area.response.rect.contains(p) || response.rect.contains(p));
            if ui.input(|input| input.pointer.any_click()) && !inside && chosen.is_none() {
                self.open = false;
            }
        }
        match chosen {
            Some(node) => {
                selection.select_and_focus(workspace.topology.node(node).id.clone());
                self.open = false;
                true
            }
            None => false,
        }
    }
}
