//! Layouts: pure, deterministic functions from the topology to positions, cached by the
//! caller. Positions are plain `[f32; 2]` in layout units (x right, y down) so any renderer,
//! the egui painter or an SVG writer, can draw them.
//!
//! - [`geo`]: Regions, zones, sites and Outposts at their coordinates (equirectangular).
//! - [`hierarchy`]: the containment tree (Region > zone > Outpost > rack > device), with
//!   collapsible groups so it stays readable at any size.
//! - [`rack`]: one Outpost's rack network in tiers: CND, ACE router, ACE rack, OND, rack.

pub mod geo;
pub mod hierarchy;
pub mod rack;
