//! What is selected and what is highlighted, shared by every view: the map, the graph, search,
//! the details panel, the inventory and the history all select by entity (node) id, a view can
//! ask the graph to centre on the selection, and search or a diff can highlight nodes in it.

/// The selection and a pending request to show it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// The selected node's id.
    pub selected: Option<String>,
    /// A node the graph should centre on (expanding the groups that hide it) when it is next
    /// drawn; taken by the graph.
    pub focus: Option<String>,
}

impl Selection {
    /// Selects `id` without moving any view.
    pub fn select(&mut self, id: impl Into<String>) {
        self.selected = Some(id.into());
    }

    /// Selects `id` and asks the graph to centre on it.
    pub fn select_and_focus(&mut self, id: impl Into<String>) {
        let id = id.into();
        self.focus = Some(id.clone());
        self.selected = Some(id);
    }
}

/// The nodes the graph highlights and what they are (a search's matches, a diff's changes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlight {
    /// Grows whenever `nodes` changes (the graph maps them to what it draws on change).
    pub version: u64,
    /// The highlighted nodes.
    pub nodes: Vec<petgraph::graph::NodeIndex>,
    /// What they are, for the graph's toolbar (e.g. `search "chi"`).
    pub source: String,
}

impl Highlight {
    /// Highlights `nodes`, described as `source`.
    pub fn set(&mut self, source: impl Into<String>, nodes: Vec<petgraph::graph::NodeIndex>) {
        self.version += 1;
        self.nodes = nodes;
        self.source = source.into();
    }

    /// Highlights nothing.
    pub fn clear(&mut self) {
        self.set(String::new(), Vec::new());
    }
}
