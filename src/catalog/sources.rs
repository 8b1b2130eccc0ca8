//! Where the facts the product ships come from, for the app's About window and anyone asking:
//! each embedded data file with what it holds and its own header, which names its sources and
//! dates (the header is read from the file compiled in, so it cannot drift from it).

/// One embedded data file and its sources.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataSource {
    /// The file under `assets/`.
    pub file: &'static str,
    /// What the product uses it for.
    pub used_for: &'static str,
    /// The file's own header: its sources, dates and caveats, one line per header line.
    pub header: Vec<String>,
}

const WORLD_NOTICE: &str = include_str!("../../assets/world/NOTICE.md");
const FONTS_LICENCE: &str = include_str!("../../assets/fonts/LICENSE-DejaVu.txt");

/// Every embedded data file with its header.
pub fn data_sources() -> Vec<DataSource> {
    vec![
        DataSource {
            file: "catalog/regions.csv",
            used_for: "where each Region is, its country, whether it has an Outposts endpoint",
            header: comment_header(super::locations::REGIONS_CSV),
        },
        DataSource {
            file: "catalog/edge-zones.csv",
            used_for: "where each Local Zone and Wavelength Zone is, its metro and country",
            header: comment_header(super::locations::EDGE_ZONES_CSV),
        },
        DataSource {
            file: "catalog/outposts-hardware.toml",
            used_for: "rack configurations, hosts, power and weight, the ACE and network racks",
            header: comment_header(super::hardware::HARDWARE_TOML),
        },
        DataSource {
            file: "catalog/edge-services.toml",
            used_for: "services and instance families by kind of location (the planner)",
            header: comment_header(crate::planner::services::SERVICES_TOML),
        },
        DataSource {
            file: "world/countries-110m.geojson",
            used_for: "the map's land and country outlines",
            header: first_paragraph(WORLD_NOTICE),
        },
        DataSource {
            file: "fonts/DejaVuSans.ttf",
            used_for: "the text of PDF reports and PNG pictures",
            header: first_paragraph(FONTS_LICENCE),
        },
    ]
}

/// The leading `#` comment lines of a CSV or TOML file, without the `#`.
fn comment_header(text: &str) -> Vec<String> {
    text.lines()
        .take_while(|line| line.starts_with('#'))
        .map(|line| line.trim_start_matches('#').trim().to_owned())
        .filter(|line| !line.is_empty())
        .collect()
}

/// The first paragraph of a text, after a Markdown title if it has one.
fn first_paragraph(text: &str) -> Vec<String> {
    text.lines()
        .skip_while(|line| line.starts_with('#') || line.trim().is_empty())
        .take_while(|line| !line.trim().is_empty())
        .map(|line| line.trim().to_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_file_names_its_sources() {
        for source in data_sources() {
            let text = source.header.join(" ");
            assert!(!text.is_empty(), "{} has no header", source.file);
            let lower = text.to_lowercase();
            assert!(
                ["source", "natural earth", "copyright", "aws"]
                    .iter()
                    .any(|word| lower.contains(word)),
                "{}: {text}",
                source.file
            );
        }
    }
}
