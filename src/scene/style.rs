//! The design tokens: one palette per theme, from which the app's egui visuals, the map's and
//! the graph's colours, and exports are all derived, so screen and files agree and a theme is
//! changed in one place.

use serde::{Deserialize, Serialize};

use super::Color;
use crate::topology::NodeKind;

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Theme {
    /// Dark text on light surfaces.
    #[default]
    Light,
    /// Light text on dark surfaces.
    Dark,
}

impl Theme {
    /// The theme's palette.
    pub fn palette(self) -> &'static Palette {
        match self {
            Theme::Light => &LIGHT,
            Theme::Dark => &DARK,
        }
    }
}

/// Every colour a view or an export uses, by role.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Whether this is the dark palette (egui picks its base visuals by it).
    pub dark: bool,
    /// Behind everything (canvas of the map and the graph).
    pub canvas: Color,
    /// Panels and bars.
    pub surface: Color,
    /// Text.
    pub text: Color,
    /// Secondary text.
    pub text_muted: Color,
    /// Borders and separators.
    pub border: Color,
    /// Interactive accent (links, focus).
    pub accent: Color,
    /// The selected thing.
    pub selection: Color,
    /// Search matches.
    pub highlight: Color,
    /// Warnings.
    pub warning: Color,
    /// Errors.
    pub error: Color,
    /// Land outlines on the map.
    pub land: Color,
    /// Containment lines in the graph.
    pub tree_edge: Color,
    /// Relations other than containment (home Region, routes, peering).
    pub relation: Color,
    /// Locations not opted in to.
    pub disabled: Color,
    /// Regions.
    pub region: Color,
    /// Availability Zones.
    pub availability_zone: Color,
    /// Local Zones.
    pub local_zone: Color,
    /// Wavelength Zones.
    pub wavelength_zone: Color,
    /// Outposts sites, Outposts, racks and assets.
    pub outposts: Color,
    /// Rack network devices, port channels, VIFs, BGP sessions.
    pub network: Color,
    /// Local gateways, their groups and route tables, CoIP pools, carrier gateways.
    pub gateway: Color,
    /// VPCs, subnets and instances.
    pub vpc: Color,
    /// Colours for categories that have no role of their own (instance families in rack
    /// elevations), told apart by a legend; used in order and repeated past the last.
    pub series: [Color; 8],
}

/// The light palette.
pub const LIGHT: Palette = Palette {
    dark: false,
    canvas: Color::rgb(0xf4, 0xf6, 0xf9),
    surface: Color::rgb(0xfb, 0xfb, 0xfc),
    text: Color::rgb(0x1c, 0x20, 0x26),
    text_muted: Color::rgb(0x5a, 0x63, 0x70),
    border: Color::rgb(0xc9, 0xcf, 0xd8),
    accent: Color::rgb(0x1f, 0x5f, 0xbf),
    selection: Color::rgb(0xe0, 0x6c, 0x00),
    highlight: Color::rgb(0xd4, 0x1f, 0x8c),
    warning: Color::rgb(0xa8, 0x66, 0x00),
    error: Color::rgb(0xc0, 0x1c, 0x28),
    land: Color::rgb(0x9a, 0xa5, 0xb1),
    tree_edge: Color::rgb(0xa3, 0xad, 0xba),
    relation: Color::rgba(0x6b, 0x3f, 0xa0, 0xb0),
    disabled: Color::rgb(0xa8, 0xa8, 0xa8),
    region: Color::rgb(0x1f, 0x5f, 0xbf),
    availability_zone: Color::rgb(0x3a, 0x86, 0xc8),
    local_zone: Color::rgb(0x1a, 0x8f, 0x4a),
    wavelength_zone: Color::rgb(0x8a, 0x3f, 0xc4),
    outposts: Color::rgb(0xd9, 0x6c, 0x00),
    network: Color::rgb(0xb8, 0x3a, 0x3a),
    gateway: Color::rgb(0x00, 0x8b, 0x8b),
    vpc: Color::rgb(0x5b, 0x6b, 0x7f),
    series: [
        Color::rgb(0x2f, 0x6d, 0xb5),
        Color::rgb(0xd9, 0x6c, 0x00),
        Color::rgb(0x3d, 0x8f, 0x3a),
        Color::rgb(0x8e, 0x4f, 0xa8),
        Color::rgb(0x1b, 0x8f, 0x8a),
        Color::rgb(0xb0, 0x8a, 0x00),
        Color::rgb(0xc2, 0x4d, 0x7a),
        Color::rgb(0x7a, 0x5a, 0x44),
    ],
};

/// The dark palette.
pub const DARK: Palette = Palette {
    dark: true,
    canvas: Color::rgb(0x16, 0x1a, 0x20),
    surface: Color::rgb(0x1e, 0x23, 0x2a),
    text: Color::rgb(0xe3, 0xe7, 0xec),
    text_muted: Color::rgb(0x9a, 0xa3, 0xae),
    border: Color::rgb(0x3a, 0x42, 0x4d),
    accent: Color::rgb(0x6c, 0xa6, 0xff),
    selection: Color::rgb(0xff, 0x9d, 0x3c),
    highlight: Color::rgb(0xff, 0x5c, 0xc0),
    warning: Color::rgb(0xf0, 0xb4, 0x40),
    error: Color::rgb(0xff, 0x6b, 0x6b),
    land: Color::rgb(0x5c, 0x68, 0x76),
    tree_edge: Color::rgb(0x4c, 0x56, 0x63),
    relation: Color::rgba(0xb3, 0x8c, 0xf0, 0xb0),
    disabled: Color::rgb(0x6a, 0x6a, 0x6a),
    region: Color::rgb(0x5c, 0x9c, 0xff),
    availability_zone: Color::rgb(0x6f, 0xb8, 0xf0),
    local_zone: Color::rgb(0x4c, 0xc7, 0x7e),
    wavelength_zone: Color::rgb(0xbf, 0x86, 0xf0),
    outposts: Color::rgb(0xff, 0x9d, 0x3c),
    network: Color::rgb(0xf0, 0x70, 0x70),
    gateway: Color::rgb(0x3c, 0xcf, 0xcf),
    vpc: Color::rgb(0xa0, 0xae, 0xbf),
    series: [
        Color::rgb(0x6c, 0xa6, 0xff),
        Color::rgb(0xff, 0x9d, 0x3c),
        Color::rgb(0x7c, 0xd0, 0x6e),
        Color::rgb(0xc8, 0x96, 0xf0),
        Color::rgb(0x4f, 0xd1, 0xca),
        Color::rgb(0xf0, 0xd0, 0x50),
        Color::rgb(0xff, 0x8a, 0xb8),
        Color::rgb(0xc8, 0xa0, 0x80),
    ],
};

impl Palette {
    /// The colour a graph node of `kind` is drawn in.
    pub fn kind(&self, kind: NodeKind) -> Color {
        self.group(KindGroup::of(kind))
    }

    /// The colour of a group of node kinds.
    pub fn group(&self, group: KindGroup) -> Color {
        match group {
            KindGroup::Accounts => self.text_muted,
            KindGroup::Regions => self.region,
            KindGroup::AvailabilityZones => self.availability_zone,
            KindGroup::LocalZones => self.local_zone,
            KindGroup::WavelengthZones => self.wavelength_zone,
            KindGroup::Outposts => self.outposts,
            KindGroup::RackNetwork => self.network,
            KindGroup::Gateways => self.gateway,
            KindGroup::Vpcs => self.vpc,
        }
    }
}

/// The groups of node kinds that share a colour (the graph's legend names them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KindGroup {
    /// Accounts (when the graph is grouped by account).
    Accounts,
    /// Regions.
    Regions,
    /// Availability Zones (and zones of other types).
    AvailabilityZones,
    /// Local Zones.
    LocalZones,
    /// Wavelength Zones.
    WavelengthZones,
    /// Outposts sites, Outposts, racks, assets, catalog items.
    Outposts,
    /// Rack network devices, port channels, VIFs, BGP sessions.
    RackNetwork,
    /// Local gateways, their groups and route tables, CoIP pools, carrier gateways.
    Gateways,
    /// VPCs, subnets, instances.
    Vpcs,
}

impl KindGroup {
    /// Every group, in legend order.
    pub const ALL: [KindGroup; 9] = [
        KindGroup::Accounts,
        KindGroup::Regions,
        KindGroup::AvailabilityZones,
        KindGroup::LocalZones,
        KindGroup::WavelengthZones,
        KindGroup::Outposts,
        KindGroup::RackNetwork,
        KindGroup::Gateways,
        KindGroup::Vpcs,
    ];

    /// The group of a node kind.
    pub fn of(kind: NodeKind) -> KindGroup {
        use NodeKind as K;
        match kind {
            K::Account => KindGroup::Accounts,
            K::Region => KindGroup::Regions,
            K::AvailabilityZone | K::OtherZone => KindGroup::AvailabilityZones,
            K::LocalZone => KindGroup::LocalZones,
            K::WavelengthZone => KindGroup::WavelengthZones,
            K::Site
            | K::Outpost
            | K::ComputeRack
            | K::AceRack
            | K::Asset
            | K::CatalogItem
            | K::OutpostLag => KindGroup::Outposts,
            K::Ond
            | K::AceRouter
            | K::Cnd
            | K::PortChannel
            | K::Vif
            | K::ServiceLinkVif
            | K::BgpSession => KindGroup::RackNetwork,
            K::LocalGateway | K::VifGroup | K::RouteTable | K::CoipPool | K::CarrierGateway => {
                KindGroup::Gateways
            }
            K::Vpc | K::Subnet | K::Instance => KindGroup::Vpcs,
        }
    }

    /// What the legend calls it.
    pub fn label(self) -> &'static str {
        match self {
            KindGroup::Accounts => "accounts",
            KindGroup::Regions => "Regions",
            KindGroup::AvailabilityZones => "Availability Zones",
            KindGroup::LocalZones => "Local Zones",
            KindGroup::WavelengthZones => "Wavelength Zones",
            KindGroup::Outposts => "Outposts, racks, assets",
            KindGroup::RackNetwork => "rack network, VIFs, BGP",
            KindGroup::Gateways => "gateways, CoIP pools",
            KindGroup::Vpcs => "VPCs, subnets, instances",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(color: Color) -> f32 {
        0.2126 * color.r as f32 + 0.7152 * color.g as f32 + 0.0722 * color.b as f32
    }

    #[test]
    fn text_stands_out_from_the_canvas_in_both_themes() {
        for theme in [Theme::Light, Theme::Dark] {
            let palette = theme.palette();
            let contrast = (luminance(palette.text) - luminance(palette.canvas)).abs();
            assert!(contrast > 150.0, "{theme:?}: {contrast}");
            assert_eq!(palette.dark, theme == Theme::Dark);
        }
    }
}
