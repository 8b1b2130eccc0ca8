//! What is selected, shared by every view: the map, the graph, search and the details panel
//! all select by entity (node) id, and a view can ask the graph to centre on the selection.

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
