//! Hierarchical layout of the containment tree: roots (Regions) on top, each level below its
//! parent, leaves side by side, parents centred over their children. Collapsed groups are
//! drawn as one node standing for everything under it, so the tree stays readable at any size.

use std::collections::{HashMap, HashSet};

use petgraph::graph::NodeIndex;

use crate::topology::Topology;

/// How to lay the tree out.
#[derive(Clone, Debug)]
pub struct HierarchyOptions {
    /// Nodes whose subtrees are folded into them.
    pub collapsed: HashSet<NodeIndex>,
    /// Horizontal distance between neighbouring leaves.
    pub leaf_spacing: f32,
    /// Vertical distance between levels.
    pub level_spacing: f32,
    /// Nodes left out with everything under them (filters), by node index; shorter than the
    /// node count (e.g. empty) means the rest are shown.
    pub hidden: Vec<bool>,
    /// A node with more leaf children than this lays them out as a block of columns on the
    /// levels below it instead of one wide row (`None`: always one row).
    pub wrap_leaves_above: Option<usize>,
}

impl Default for HierarchyOptions {
    fn default() -> Self {
        HierarchyOptions {
            collapsed: HashSet::new(),
            leaf_spacing: 40.0,
            level_spacing: 120.0,
            hidden: Vec::new(),
            wrap_leaves_above: None,
        }
    }
}

/// The laid-out tree.
#[derive(Clone, Debug, Default)]
pub struct TreeLayout {
    /// Position of every visible node, indexed by node index (`None`: hidden or not laid out).
    pub positions: Vec<Option<[f32; 2]>>,
    /// Visible nodes, in drawing order.
    pub visible: Vec<NodeIndex>,
    /// For each collapsed visible node, how many nodes it stands for (its hidden descendants).
    pub hidden_below: HashMap<NodeIndex, usize>,
    /// Width and height of the whole layout.
    pub size: [f32; 2],
    /// For leaves wrapped into a block below the first row: the leaf above (their tree edge is
    /// drawn from it, so a column reads as a chain under the parent).
    pub drawn_from: HashMap<NodeIndex, NodeIndex>,
}

/// Nodes with more than `max_children` children: a sensible initial set to collapse, so a big
/// estate opens as a readable tree.
pub fn crowded_groups(topology: &Topology, max_children: usize) -> HashSet<NodeIndex> {
    let mut counts = vec![0usize; topology.node_count()];
    for parent in topology.parent.iter().flatten() {
        counts[parent.index()] += 1;
    }
    counts
        .iter()
        .enumerate()
        .filter(|(_, n)| **n > max_children)
        .map(|(i, _)| NodeIndex::new(i))
        .collect()
}

/// Lays the containment tree out.
pub fn hierarchical(topology: &Topology, options: &HierarchyOptions) -> TreeLayout {
    let count = topology.node_count();
    // Children as a flat CSR list: offsets into one array, in node index order (deterministic).
    let mut child_count = vec![0u32; count + 1];
    let mut roots = Vec::new();
    let hidden = |index: usize| options.hidden.get(index).copied().unwrap_or(false);
    for (index, parent) in topology.parent.iter().enumerate() {
        if hidden(index) {
            continue;
        }
        match parent {
            Some(parent) => child_count[parent.index()] += 1,
            None => roots.push(index as u32),
        }
    }
    let mut offsets = vec![0u32; count + 1];
    for i in 0..count {
        offsets[i + 1] = offsets[i] + child_count[i];
    }
    let mut fill = offsets.clone();
    let mut children = vec![0u32; offsets[count] as usize];
    for (index, parent) in topology.parent.iter().enumerate() {
        if hidden(index) {
            continue;
        }
        if let Some(parent) = parent {
            let slot = &mut fill[parent.index()];
            children[*slot as usize] = index as u32;
            *slot += 1;
        }
    }
    let kids =
        |node: u32| &children[offsets[node as usize] as usize..offsets[node as usize + 1] as usize];

    let mut layout = TreeLayout {
        positions: vec![None; count],
        ..TreeLayout::default()
    };
    let mut next_leaf = 0f32;
    let mut max_depth = 0u32;
    // Iterative post-order: (node, depth, children visited?).
    let mut stack: Vec<(u32, u32, bool)> = roots.iter().rev().map(|r| (*r, 0, false)).collect();
    while let Some((node, depth, expanded)) = stack.pop() {
        let index = NodeIndex::new(node as usize);
        let folded = options.collapsed.contains(&index);
        let children_of = kids(node);
        max_depth = max_depth.max(depth);
        let is_leaf = |child: u32| {
            kids(child).is_empty() || options.collapsed.contains(&NodeIndex::new(child as usize))
        };
        if !expanded
            && !folded
            && options
                .wrap_leaves_above
                .is_some_and(|limit| children_of.len() > limit)
            && children_of.iter().all(|child| is_leaf(*child))
        {
            // A block of columns, filled column by column, a little wider than tall.
            let count = children_of.len();
            let rows = ((count as f32 / 2.5).sqrt().ceil() as usize).max(1);
            let columns = count.div_ceil(rows);
            let first_column = next_leaf;
            for (position, child) in children_of.iter().enumerate() {
                let (column, row) = (position / rows, position % rows);
                let child_index = NodeIndex::new(*child as usize);
                let x = (first_column + column as f32) * options.leaf_spacing;
                let y = (depth + 1 + row as u32) as f32 * options.level_spacing;
                layout.positions[*child as usize] = Some([x, y]);
                layout.visible.push(child_index);
                if row > 0 {
                    layout.drawn_from.insert(
                        child_index,
                        NodeIndex::new(children_of[position - 1] as usize),
                    );
                }
                if options.collapsed.contains(&child_index) && !kids(*child).is_empty() {
                    layout
                        .hidden_below
                        .insert(child_index, subtree_size(*child, &kids) - 1);
                }
            }
            max_depth = max_depth.max(depth + rows as u32);
            next_leaf += columns as f32;
            let x = (first_column + (columns as f32 - 1.0) / 2.0) * options.leaf_spacing;
            layout.positions[node as usize] = Some([x, depth as f32 * options.level_spacing]);
            layout.visible.push(index);
            continue;
        }
        if !expanded && !folded && !children_of.is_empty() {
            stack.push((node, depth, true));
            for child in children_of.iter().rev() {
                stack.push((*child, depth + 1, false));
            }
            continue;
        }
        let x = if folded || children_of.is_empty() {
            let x = next_leaf * options.leaf_spacing;
            next_leaf += 1.0;
            if folded && !children_of.is_empty() {
                layout
                    .hidden_below
                    .insert(index, subtree_size(node, &kids) - 1);
            }
            x
        } else {
            let first = layout.positions[children_of[0] as usize].map_or(0.0, |p| p[0]);
            let last =
                layout.positions[children_of[children_of.len() - 1] as usize].map_or(0.0, |p| p[0]);
            (first + last) / 2.0
        };
        layout.positions[node as usize] = Some([x, depth as f32 * options.level_spacing]);
        layout.visible.push(index);
    }
    layout.size = [
        next_leaf.max(1.0) * options.leaf_spacing,
        (max_depth + 1) as f32 * options.level_spacing,
    ];
    layout
}

fn subtree_size<'a>(root: u32, kids: &impl Fn(u32) -> &'a [u32]) -> usize {
    let mut size = 0;
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        size += 1;
        stack.extend_from_slice(kids(node));
    }
    size
}
