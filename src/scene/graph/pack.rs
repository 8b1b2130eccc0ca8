//! Packing the layout's trees (one per Region, and the catalog's) into rows of shelves, so a
//! broad estate reads as a block near the screen's shape rather than one very wide strip.

use std::ops::Range;

use super::{LEAF_SPACING, NODE_HEIGHT};
use crate::layout::hierarchy::TreeLayout;
use crate::topology::Topology;

/// Packs the trees of the forest (one per Region, and the catalog's) into rows, so a broad
/// estate reads as a block rather than one very wide strip. Each tree keeps its shape; rows
/// start on whole levels, so levels stay horizontal lines of the index. Returns the width and
/// height of the result (the largest x and y of any node).
pub(super) fn pack_rows(
    tree: &mut TreeLayout,
    topology: &Topology,
    level_spacing: f32,
    aspect: f32,
) -> [f32; 2] {
    // In post-order each tree's nodes are contiguous and end with its root.
    let mut trees: Vec<Range<usize>> = Vec::new();
    let mut start = 0;
    for (position, node) in tree.visible.iter().enumerate() {
        let is_root = topology.parent[node.index()]
            .is_none_or(|parent| tree.positions[parent.index()].is_none());
        if is_root {
            trees.push(start..position + 1);
            start = position + 1;
        }
    }
    // Each tree's x-extent and depth.
    let spans: Vec<(f32, f32, f32)> = trees
        .iter()
        .map(|range| {
            let (mut left, mut right, mut bottom) = (f32::INFINITY, f32::NEG_INFINITY, 0.0f32);
            for node in &tree.visible[range.clone()] {
                if let Some([x, y]) = tree.positions[node.index()] {
                    left = left.min(x);
                    right = right.max(x);
                    bottom = bottom.max(y);
                }
            }
            (left, right, bottom)
        })
        .collect();
    let total_width: f32 = spans.iter().map(|(l, r, _)| r - l + LEAF_SPACING).sum();
    let widest_tree = spans
        .iter()
        .map(|(l, r, _)| r - l + LEAF_SPACING)
        .fold(LEAF_SPACING, f32::max);
    // The row count whose block comes nearest the aspect asked for.
    let row_width = (1..=spans.len().max(1))
        .map(|rows| (total_width / rows as f32).max(widest_tree))
        .min_by(|a, b| {
            let off = |width: f32| {
                let [w, h] = shelves(&spans, width, level_spacing).1;
                (w.max(1.0) / h.max(1.0) / aspect).ln().abs()
            };
            off(*a).total_cmp(&off(*b))
        })
        .unwrap_or(widest_tree);
    let (places, _) = shelves(&spans, row_width, level_spacing);
    let mut extent = [0.0f32, 0.0f32];
    for ((range, (left, _, _)), [x, row_top]) in trees.iter().zip(&spans).zip(places) {
        for node in &tree.visible[range.clone()] {
            if let Some(position) = &mut tree.positions[node.index()] {
                position[0] += x - left;
                position[1] += row_top;
                extent[0] = extent[0].max(position[0]);
                extent[1] = extent[1].max(position[1]);
            }
        }
    }
    extent
}

/// Shelf packing of trees (each its left, right and depth) into rows of `row_width`: each tree,
/// in order, goes into the first row with room (a small Region beside a broad one rather than
/// on a row of its own). Returns each tree's left x and row top, and the block's width and
/// height. Row tops fall on whole levels.
fn shelves(
    spans: &[(f32, f32, f32)],
    row_width: f32,
    level_spacing: f32,
) -> (Vec<[f32; 2]>, [f32; 2]) {
    // Per row: how far it is filled and its deepest tree.
    let mut rows: Vec<(f32, f32)> = Vec::new();
    let mut assigned = Vec::with_capacity(spans.len());
    for (left, right, bottom) in spans {
        let width = right - left + LEAF_SPACING;
        let row = match rows
            .iter()
            .position(|(filled, _)| filled + width <= row_width)
        {
            Some(row) => row,
            None => {
                rows.push((0.0, 0.0));
                rows.len() - 1
            }
        };
        let (filled, depth) = &mut rows[row];
        assigned.push((row, *filled));
        *filled += width;
        *depth = depth.max(*bottom);
    }
    let mut tops = Vec::with_capacity(rows.len());
    let mut top = 0.0f32;
    for (_, depth) in &rows {
        tops.push(top);
        top += depth + 2.0 * level_spacing;
    }
    let width = rows.iter().map(|(filled, _)| *filled).fold(0.0, f32::max);
    let height = (top - 2.0 * level_spacing).max(0.0) + NODE_HEIGHT;
    let places = assigned
        .into_iter()
        .map(|(row, x)| [x, tops[row]])
        .collect();
    (places, [width, height])
}
