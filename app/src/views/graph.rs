//! The estate graph view: the topology's containment tree laid out top-down, drawn through the
//! library's graph scene (culled to the view, level of detail by zoom), with pan (drag), zoom
//! (scroll or pinch, around the pointer), hover cards and clicks from the layout's spatial
//! index, groups that collapse and expand (double-click, or the details panel), search matches
//! highlighted, the selection centred on request, and filters by kind, Region and tag.
//!
//! Nothing is computed while nothing changes: the layout is rebuilt only when groups or filters
//! change, the scene only when the camera, the marks or the theme do, and the view never asks
//! for a repaint of its own.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

use edge_atlas::layout::hierarchy::crowded_groups;
use edge_atlas::scene::graph::{Detail, GraphFilter, GraphLayout, Marks, Viewport};
use edge_atlas::scene::style::Palette;
use edge_atlas::scene::{Point, Scene};
use edge_atlas::topology::{NodeKind, Topology};
use eframe::egui;
use petgraph::graph::NodeIndex;

use crate::account_picker::account_picker;
use crate::scene_painter::{View, font_atlas_epoch, shapes};
use crate::selection::{Highlight, Selection};
use crate::workspace::Workspace;

/// Estates with more nodes than this open with their crowded groups collapsed.
const COLLAPSE_ABOVE_NODES: usize = 20_000;
/// Groups with more children than this count as crowded.
const CROWDED_CHILDREN: usize = 200;

/// The graph's state for one snapshot: layout, camera, collapsed groups, filters, highlights.
#[derive(Default)]
pub struct GraphView {
    /// The snapshot the layout is for.
    built_for: Option<u64>,
    layout: GraphLayout,
    layout_version: u64,
    needs_layout: bool,
    collapsed: HashSet<NodeIndex>,
    /// The filters in force (saved with the settings).
    pub filter: GraphFilter,
    /// Draw every relation, not only the selection's (saved with the settings).
    pub all_relations: bool,
    /// Put an account level above the Regions when the snapshot holds several accounts
    /// (saved with the settings).
    pub group_by_account: bool,
    /// The estate graph grouped by account, for the workspace revision it was built for.
    grouped: Option<(u64, Arc<Topology>)>,
    /// What the current collapsed groups were chosen for: the workspace revision, and whether
    /// the graph was grouped by account.
    collapsed_for: Option<(u64, bool)>,
    kind_counts: BTreeMap<NodeKind, usize>,
    regions: Vec<String>,
    /// Scene units at the centre of the canvas.
    center: Point,
    /// Screen points per scene unit; 0 until the first fit.
    scale: f32,
    /// Whether the camera still shows the whole graph as fitted (no pan or zoom since).
    at_fit: bool,
    canvas: Canvas,
    highlight_key: Option<(u64, u64)>,
    highlighted: Vec<NodeIndex>,
    /// The last scene and its egui shapes (batched meshes, laid-out text), drawn again as they
    /// are while nothing they depend on changes (hover, other panes' input).
    cached: Option<(SceneKey, Scene, Vec<egui::Shape>)>,
}

/// The canvas rectangle on screen (a newtype for `Default`).
#[derive(Clone, Copy, Debug, PartialEq)]
struct Canvas(egui::Rect);

impl Default for Canvas {
    fn default() -> Self {
        Canvas(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1200.0, 800.0),
        ))
    }
}

/// Everything the scene depends on besides the layout's content.
#[derive(Clone, Copy, Debug, PartialEq)]
struct SceneKey {
    canvas: egui::Rect,
    center: Point,
    scale: f32,
    layout_version: u64,
    selected: Option<NodeIndex>,
    highlight_key: Option<(u64, u64)>,
    all_relations: bool,
    dark: bool,
    pixels_per_point: f32,
    /// The font atlas the labels were laid out in ([`font_atlas_epoch`]).
    font_atlas: u64,
}

impl GraphView {
    /// Prepares the view for `workspace`'s snapshot (once per snapshot) and relays it out when
    /// groups or filters changed.
    pub fn prepare(&mut self, workspace: &Workspace) {
        let grouping = self.group_by_account && workspace.accounts.len() >= 2;
        if !grouping {
            self.grouped = None;
        } else if self
            .grouped
            .as_ref()
            .is_none_or(|(revision, _)| *revision != workspace.revision)
        {
            let grouped = workspace
                .topology
                .grouped_by_account(&workspace.estate, &workspace.accounts);
            self.grouped = Some((workspace.revision, Arc::new(grouped)));
        }
        let grouped = self.grouped.clone();
        let topology = drawn(&grouped, workspace);
        // The groups collapsed at first, and the kinds the filter offers, follow the graph drawn.
        if self.collapsed_for != Some((workspace.revision, grouping)) {
            self.collapsed_for = Some((workspace.revision, grouping));
            self.collapsed = if topology.node_count() > COLLAPSE_ABOVE_NODES {
                crowded_groups(topology, CROWDED_CHILDREN)
            } else {
                HashSet::new()
            };
            self.kind_counts.clear();
            for index in topology.graph.node_indices() {
                *self
                    .kind_counts
                    .entry(topology.node(index).kind)
                    .or_default() += 1;
            }
            self.needs_layout = true;
        }
        if self.built_for != Some(workspace.revision) {
            self.built_for = Some(workspace.revision);
            self.regions = workspace
                .estate
                .regions
                .iter()
                .map(|r| r.region_name.clone())
                .collect();
            self.regions.sort();
            if let Some(account) = &self.filter.account
                && !workspace.accounts.iter().any(|(id, _)| id == account)
            {
                self.filter.account = None;
            }
            self.scale = 0.0;
            self.needs_layout = true;
        }
        if self.needs_layout {
            let hidden = self.filter.hidden_nodes(topology, &workspace.estate);
            self.layout = GraphLayout::build_for(
                topology,
                &GraphLayout::options(self.collapsed.clone(), hidden),
                self.canvas.0.aspect_ratio(),
            );
            self.layout_version += 1;
            self.needs_layout = false;
        }
    }

    /// Expands every group.
    pub fn expand_all(&mut self) {
        self.collapsed.clear();
        self.needs_layout = true;
    }

    /// Collapses the groups with many children.
    pub fn collapse_crowded(&mut self, workspace: &Workspace) {
        self.collapsed = crowded_groups(self.topology(workspace), CROWDED_CHILDREN);
        self.needs_layout = true;
    }

    /// The graph the view draws: the workspace's estate graph, or that graph grouped by
    /// account (whose nodes keep the estate graph's indices; accounts and their copies of
    /// Regions and zones come after them).
    pub fn topology<'a>(&'a self, workspace: &'a Workspace) -> &'a Topology {
        drawn(&self.grouped, workspace)
    }

    /// Collapses `node`'s group if it is open, opens it if it is collapsed.
    pub fn toggle_group(&mut self, node: NodeIndex) {
        if !self.collapsed.remove(&node) {
            self.collapsed.insert(node);
        }
        self.needs_layout = true;
    }

    /// Whether `node` is a collapsed group.
    pub fn is_collapsed(&self, node: NodeIndex) -> bool {
        self.collapsed.contains(&node)
    }

    /// The layout as filtered on screen (what "Export view" draws whole).
    pub fn layout(&self) -> &GraphLayout {
        &self.layout
    }

    /// Number of nodes drawn (not hidden by filters or collapsed groups).
    pub fn visible_count(&self) -> usize {
        self.layout.visible_count()
    }

    /// Shows the whole graph in a canvas of `canvas`.
    pub fn fit(&mut self, canvas: egui::Rect) {
        let (min, max) = self.layout.bounds();
        self.fit_rect(canvas, min, max);
        self.at_fit = true;
    }

    fn fit_rect(&mut self, canvas: egui::Rect, min: Point, max: Point) {
        let width = (max.x - min.x).max(1.0);
        let height = (max.y - min.y).max(1.0);
        self.scale = ((canvas.width() - 20.0).max(10.0) / width)
            .min((canvas.height() - 20.0).max(10.0) / height)
            .min(2.0);
        self.center = Point::new((min.x + max.x) / 2.0, (min.y + max.y) / 2.0);
        self.canvas = Canvas(canvas);
        self.at_fit = false;
    }

    /// Shows the whole graph in the canvas of the last frame.
    pub fn fit_all(&mut self) {
        self.fit(self.canvas.0);
    }

    /// Shows `node` and everything drawn under it in the canvas of the last frame.
    pub fn fit_subtree(&mut self, workspace: &Workspace, node: NodeIndex) {
        if let Some((min, max)) = self.layout.subtree_bounds(self.topology(workspace), node) {
            self.fit_rect(self.canvas.0, min, max);
        }
    }

    /// Zooms by `factor` around the canvas centre.
    pub fn zoom_by(&mut self, factor: f32) {
        self.scale *= factor;
        self.at_fit = false;
    }

    /// Number of shapes in the scene last drawn.
    pub fn scene_len(&self) -> usize {
        self.cached
            .as_ref()
            .map_or(0, |(_, scene, _)| scene.items.len())
    }

    /// The level of detail the current zoom draws.
    pub fn detail(&self) -> Detail {
        Detail::at(self.scale.max(f32::EPSILON))
    }

    /// Moves the camera by `delta` screen points.
    pub fn pan(&mut self, delta: egui::Vec2) {
        if self.scale > 0.0 {
            self.at_fit = false;
            self.center = Point::new(
                self.center.x - delta.x / self.scale,
                self.center.y - delta.y / self.scale,
            );
        }
    }

    /// Opens the groups hiding `node` and centres on it at a zoom that shows labels (clearing
    /// the filters if they hide it).
    fn focus(&mut self, workspace: &Workspace, node: NodeIndex) {
        let grouped = self.grouped.clone();
        let topology = drawn(&grouped, workspace);
        let mut current = topology.parent[node.index()];
        while let Some(parent) = current {
            if self.collapsed.remove(&parent) {
                self.needs_layout = true;
            }
            current = topology.parent[parent.index()];
        }
        self.collapsed.remove(&node);
        self.prepare(workspace);
        if self.layout.position(node).is_none() && !self.filter.is_empty() {
            // A filter hides it: showing what was asked for matters more than the filter.
            self.filter = GraphFilter::default();
            self.needs_layout = true;
            self.prepare(workspace);
        }
        if let Some(at) = self.layout.position(node) {
            self.center = at;
            self.scale = self.scale.max(1.0);
            self.at_fit = false;
        }
    }

    fn viewport(&self) -> Viewport {
        let half = self.canvas.0.size() / (2.0 * self.scale);
        Viewport {
            min: Point::new(self.center.x - half.x, self.center.y - half.y),
            max: Point::new(self.center.x + half.x, self.center.y + half.y),
            scale: self.scale,
        }
    }

    /// Draws the view: toolbar, filters and the canvas.
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        workspace: &Workspace,
        selection: &mut Selection,
        highlight: &mut Highlight,
        palette: &Palette,
    ) {
        self.prepare(workspace);
        let grouped = self.grouped.clone();
        let topology = drawn(&grouped, workspace);
        if let Some(id) = selection.focus.take()
            && let Some(node) = topology.find(&id)
        {
            self.focus(workspace, node);
        }
        self.toolbar(ui, workspace, highlight);
        self.prepare(workspace);
        // The toolbar may have turned the grouping on or off: draw the graph the layout is of.
        let grouped = self.grouped.clone();
        let topology = drawn(&grouped, workspace);
        if self.highlight_key != Some((highlight.version, self.layout_version)) {
            let mut seen = HashSet::new();
            self.highlighted = highlight
                .nodes
                .iter()
                .filter_map(|node| self.layout.representative(topology, *node))
                .filter(|node| seen.insert(*node))
                .collect();
            self.highlight_key = Some((highlight.version, self.layout_version));
        }
        let (response, painter) =
            ui.allocate_painter(ui.available_size(), egui::Sense::click_and_drag());
        let canvas = response.rect;
        // The Regions' trees are packed to the canvas's shape: on the first fit, and when the
        // canvas changes shape while the whole graph is in view.
        let reshaped = (canvas.aspect_ratio() / self.layout.aspect()).ln().abs() > 0.2;
        if reshaped && (self.scale <= 0.0 || self.at_fit) {
            self.canvas = Canvas(canvas);
            self.needs_layout = true;
            self.prepare(workspace);
            self.scale = 0.0;
        }
        if self.scale <= 0.0 {
            self.fit(canvas);
        }
        self.canvas = Canvas(canvas);
        if response.dragged() {
            self.pan(response.drag_delta());
        }
        if response.hovered() {
            let zoom =
                ui.input(|input| input.zoom_delta() * (input.smooth_scroll_delta.y / 300.0).exp());
            if (zoom - 1.0).abs() > 1e-4 {
                let pointer = ui
                    .input(|input| input.pointer.hover_pos())
                    .unwrap_or(canvas.center());
                let view = self.screen_view();
                let anchor = view.to_scene(pointer);
                let (min, max) = self.layout.bounds();
                let fit_scale = (canvas.width() / (max.x - min.x).max(1.0))
                    .min(canvas.height() / (max.y - min.y).max(1.0));
                self.scale = (self.scale * zoom).clamp(fit_scale.min(0.05) * 0.5, 4.0);
                self.at_fit = false;
                self.center = Point::new(
                    anchor.x - (pointer.x - canvas.center().x) / self.scale,
                    anchor.y - (pointer.y - canvas.center().y) / self.scale,
                );
            }
        }
        let selected = selection
            .selected
            .as_deref()
            .and_then(|id| topology.find(id))
            .and_then(|node| self.layout.representative(topology, node));
        let key = SceneKey {
            canvas,
            center: self.center,
            scale: self.scale,
            layout_version: self.layout_version,
            selected,
            highlight_key: self.highlight_key,
            all_relations: self.all_relations,
            dark: palette.dark,
            pixels_per_point: ui.ctx().pixels_per_point(),
            font_atlas: font_atlas_epoch(ui.ctx()),
        };
        let view = self.screen_view();
        if self
            .cached
            .as_ref()
            .is_none_or(|(cached, _, _)| *cached != key)
        {
            let marks = Marks {
                selected,
                highlighted: &self.highlighted,
                all_relations: self.all_relations,
            };
            let scene = self
                .layout
                .scene(topology, &self.viewport(), palette, &marks);
            let shapes = shapes(&painter, &scene, &view);
            self.cached = Some((key, scene, shapes));
        }
        if let Some((_, _, shapes)) = &self.cached {
            painter.extend(shapes.iter().cloned());
        }
        let hovered = response.hover_pos().and_then(|pointer| {
            self.layout
                .node_at(view.to_scene(pointer), 4.0 / self.scale)
        });
        if let Some(node) = hovered {
            let data = topology.node(node);
            if let Some(at) = self.layout.position(node) {
                let half = egui::vec2(
                    edge_atlas::scene::graph::NODE_WIDTH,
                    edge_atlas::scene::graph::NODE_HEIGHT,
                ) * self.scale
                    / 2.0;
                let center = view.to_screen(at);
                painter.rect_stroke(
                    egui::Rect::from_center_size(center, half * 2.0).expand(3.0),
                    4.0,
                    egui::Stroke::new(2.0, crate::theme::color(palette.accent)),
                    egui::StrokeKind::Outside,
                );
            }
            let mut card = format!("{}\n{} · {}", data.label, data.kind.label(), data.id);
            if let Some(region) = &data.region {
                card.push_str(&format!("\nRegion {region}"));
            }
            if let Some(inside) = self.layout.hidden_below(node) {
                card.push_str(&format!("\n{inside} nodes inside (double-click to expand)"));
            }
            card.push_str(&format!("\nprovenance: {}", data.provenance.as_str()));
            response.clone().on_hover_text_at_pointer(card);
            if response.double_clicked() {
                self.toggle_group(node);
            } else if response.clicked() {
                selection.select(data.id.clone());
            }
        } else if response.clicked() {
            selection.selected = None;
        }
    }

    fn screen_view(&self) -> View {
        View {
            scale: self.scale,
            scene_center: self.center,
            screen_center: self.canvas.0.center(),
        }
    }

    fn toolbar(&mut self, ui: &mut egui::Ui, workspace: &Workspace, highlight: &mut Highlight) {
        let total = self.topology(workspace).node_count();
        ui.horizontal_wrapped(|ui| {
            let detail = match self.detail() {
                Detail::Aggregated => "aggregated",
                Detail::Dots => "dots",
                Detail::Shapes => "shapes",
                Detail::Labels => "labels",
            };
            ui.label(format!(
                "Graph: {} of {} nodes drawn · {} collapsed groups · detail: {detail}",
                self.layout.visible_count(),
                total,
                self.collapsed.len()
            ));
            ui.separator();
            if ui.button("Fit").clicked() {
                self.fit(self.canvas.0);
            }
            if ui.button("Expand all").clicked() {
                self.expand_all();
            }
            if ui.button("Collapse crowded").clicked() {
                self.collapse_crowded(workspace);
            }
            if !highlight.nodes.is_empty() {
                ui.separator();
                ui.label(format!(
                    "Highlighted: {} ({})",
                    highlight.source,
                    highlight.nodes.len()
                ));
                if ui.button("Clear highlight").clicked() {
                    highlight.clear();
                }
            }
            ui.checkbox(&mut self.all_relations, "All relations")
                .on_hover_text("Draw every relation between the nodes in view (home Region, routes, peering...), not only the selection's");
        });
        ui.horizontal_wrapped(|ui| {
            let before = self.filter.clone();
            ui.label("Filter:");
            let hidden = self.filter.hidden_kinds.len();
            ui.menu_button(format!("Kinds ({hidden} hidden)"), |ui| {
                ui.label("Hiding a kind hides what it contains.");
                for (kind, count) in &self.kind_counts {
                    let mut shown = !self.filter.hidden_kinds.contains(kind);
                    if ui
                        .checkbox(&mut shown, format!("{} ({count})", kind.label()))
                        .changed()
                    {
                        if shown {
                            self.filter.hidden_kinds.remove(kind);
                        } else {
                            self.filter.hidden_kinds.insert(*kind);
                        }
                    }
                }
            });
            let region_text = self.filter.region.clone().unwrap_or("All Regions".into());
            egui::ComboBox::from_label("Region")
                .selected_text(region_text)
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.region, None, "All Regions");
                    for region in &self.regions {
                        ui.selectable_value(
                            &mut self.filter.region,
                            Some(region.clone()),
                            region.as_str(),
                        );
                    }
                });
            if !workspace.accounts.is_empty() {
                account_picker(ui, &mut self.filter.account, &workspace.accounts).on_hover_text(
                    "Only what was read in the account or is shared with it, with what contains it",
                );
                ui.checkbox(&mut self.group_by_account, "Group by account")
                    .on_hover_text("An account level above the Regions: each account with its own Regions and zones, and what it owns under them (a shared Outpost under its owner, once)");
            }
            ui.add(
                egui::TextEdit::singleline(&mut self.filter.tag)
                    .hint_text("tag (key=value)")
                    .desired_width(160.0),
            );
            if ui
                .add_enabled(!self.filter.is_empty(), egui::Button::new("Clear filters"))
                .clicked()
            {
                self.filter = GraphFilter::default();
            }
            if self.filter != before {
                self.needs_layout = true;
            }
        });
    }
}

/// The graph a view draws: `grouped` when it is set, else the workspace's estate graph.
fn drawn<'a>(grouped: &'a Option<(u64, Arc<Topology>)>, workspace: &'a Workspace) -> &'a Topology {
    match grouped {
        Some((_, topology)) => topology,
        None => &workspace.topology,
    }
}
