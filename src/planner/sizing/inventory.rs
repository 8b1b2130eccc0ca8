//! The server inventory sizing starts from: one row per server or VM, read from a CSV file or
//! an RVTools `.xlsx` workbook (its `vInfo` sheet), through a documented mapping of the column
//! names common exports use. A row that cannot be read is reported with its line and column
//! and left out; the rest is kept.
//!
//! | Field | Accepted column names (any case; spaces, `-` and `_` alike) | Unit |
//! |---|---|---|
//! | name (required) | `name`, `vm`, `server`, `hostname` | |
//! | vCPUs (required) | `vcpus`, `cpus`, `num_cpus`, `cpu_count` | count |
//! | memory (required) | `memory_gib`, `memory_gb`, `ram_gib`, `ram_gb` | GiB |
//! | | `memory` (RVTools), `memory_mib`, `memory_mb` | MiB |
//! | CPU utilisation | `cpu_util_pct`, `cpu_peak_pct`, `cpu_p95_pct`, `cpu_usage_%` | % of its vCPUs |
//! | memory utilisation | `memory_util_pct`, `memory_peak_pct`, `memory_p95_pct`, `memory_usage_%` | % |
//! | storage | `storage_gib`, `storage_gb`, `disk_gib` | GiB |
//! | | `provisioned_mib` (RVTools), else `in_use_mib` | MiB |
//! | OS | `os`, `os_according_to_the_configuration_file`, `os_according_to_the_vmware_tools` | |
//! | workload | `workload`, `application`, `app`, or the column `--workload-column` names | |
//! | power state | `powerstate`, `power_state` (`poweredOff` / `off` counts as off) | |
//! | site, latency class, residency | `site`, `latency_class`, `residency` | |
//!
//! No other column (RVTools' `Cluster`, `Datacenter`, `Folder`) is taken as the workload
//! unless `--workload-column` names it.

use std::io::Cursor;

use calamine::{Data, Reader};
use serde::Serialize;

/// One server or VM of the inventory.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Server {
    /// Its name.
    pub name: String,
    /// The line (CSV) or row (workbook) it came from, 1-based.
    pub line: usize,
    /// Configured vCPUs.
    pub vcpus: f64,
    /// Configured memory, GiB.
    pub memory_gib: f64,
    /// Peak or p95 CPU utilisation, percent of its vCPUs, when given.
    pub cpu_util_pct: Option<f64>,
    /// Peak or p95 memory utilisation, percent, when given.
    pub memory_util_pct: Option<f64>,
    /// Storage, GiB (0 when not given).
    pub storage_gib: f64,
    /// Operating system, when given.
    pub os: Option<String>,
    /// The workload (application group) it belongs to, when the row says.
    pub workload: Option<String>,
    /// Site, when given.
    pub site: Option<String>,
    /// Latency class, when given.
    pub latency_class: Option<String>,
    /// Residency, when given.
    pub residency: Option<String>,
    /// False when the power state says it is off (or suspended).
    pub powered_on: bool,
}

/// A row left out, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BadRow {
    /// Its name, when the row has one.
    pub name: String,
    /// The line (CSV) or row (workbook), 1-based.
    pub line: usize,
    /// The column at fault, as written in the header.
    pub column: String,
    /// What is wrong.
    pub reason: String,
}

/// A read inventory: the servers and the rows left out.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Inventory {
    /// Every row read.
    pub servers: Vec<Server>,
    /// Rows that could not be read.
    pub bad_rows: Vec<BadRow>,
    /// Which column each field was read from (`field`, `column`), for the output's notes.
    pub columns: Vec<(String, String)>,
}

/// An inventory that cannot be read at all.
#[derive(Debug, thiserror::Error)]
pub enum InventoryError {
    /// The file has no header row.
    #[error(
        "the inventory is empty: expected a header row naming at least the server, its vCPUs and its memory"
    )]
    Empty,
    /// A required column is missing.
    #[error("no {field} column: name one of {accepted} in the header (found: {found})")]
    MissingColumn {
        /// The field.
        field: &'static str,
        /// The names accepted.
        accepted: String,
        /// The header as read.
        found: String,
    },
    /// `--workload-column` names a column the header does not have.
    #[error("--workload-column {0}: the header has no such column (found: {1})")]
    WorkloadColumn(String, String),
    /// The CSV cannot be parsed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The workbook cannot be opened or has no sheet.
    #[error("workbook: {0}; save the RVTools export as .xlsx (or its vInfo tab as CSV)")]
    Workbook(String),
}

/// How to read the inventory.
#[derive(Clone, Debug, Default)]
pub struct InventoryOptions {
    /// The column holding the workload, instead of the accepted names.
    pub workload_column: Option<String>,
}

/// A field and the (normalised) column names it is read from, with the factor to its unit.
struct FieldColumns {
    field: &'static str,
    columns: &'static [(&'static str, f64)],
}

const MIB_PER_GIB: f64 = 1024.0;

const NAME: FieldColumns = FieldColumns {
    field: "name",
    columns: &[
        ("name", 1.0),
        ("vm", 1.0),
        ("server", 1.0),
        ("hostname", 1.0),
    ],
};
const VCPUS: FieldColumns = FieldColumns {
    field: "vCPUs",
    columns: &[
        ("vcpus", 1.0),
        ("cpus", 1.0),
        ("num_cpus", 1.0),
        ("cpu_count", 1.0),
    ],
};
const MEMORY: FieldColumns = FieldColumns {
    field: "memory",
    columns: &[
        ("memory_gib", 1.0),
        ("memory_gb", 1.0),
        ("ram_gib", 1.0),
        ("ram_gb", 1.0),
        ("memory", 1.0 / MIB_PER_GIB),
        ("memory_mib", 1.0 / MIB_PER_GIB),
        ("memory_mb", 1.0 / MIB_PER_GIB),
    ],
};
const CPU_UTIL: FieldColumns = FieldColumns {
    field: "CPU utilisation",
    columns: &[
        ("cpu_util_pct", 1.0),
        ("cpu_peak_pct", 1.0),
        ("cpu_p95_pct", 1.0),
        ("cpu_usage_%", 1.0),
    ],
};
const MEMORY_UTIL: FieldColumns = FieldColumns {
    field: "memory utilisation",
    columns: &[
        ("memory_util_pct", 1.0),
        ("memory_peak_pct", 1.0),
        ("memory_p95_pct", 1.0),
        ("memory_usage_%", 1.0),
    ],
};
const STORAGE: FieldColumns = FieldColumns {
    field: "storage",
    columns: &[
        ("storage_gib", 1.0),
        ("storage_gb", 1.0),
        ("disk_gib", 1.0),
        ("provisioned_mib", 1.0 / MIB_PER_GIB),
        ("in_use_mib", 1.0 / MIB_PER_GIB),
    ],
};
const OS: FieldColumns = FieldColumns {
    field: "OS",
    columns: &[
        ("os", 1.0),
        ("os_according_to_the_configuration_file", 1.0),
        ("os_according_to_the_vmware_tools", 1.0),
    ],
};
const WORKLOAD: FieldColumns = FieldColumns {
    field: "workload",
    columns: &[("workload", 1.0), ("application", 1.0), ("app", 1.0)],
};
const POWER: FieldColumns = FieldColumns {
    field: "power state",
    columns: &[("powerstate", 1.0), ("power_state", 1.0)],
};
const SITE: FieldColumns = FieldColumns {
    field: "site",
    columns: &[("site", 1.0)],
};
const LATENCY_CLASS: FieldColumns = FieldColumns {
    field: "latency class",
    columns: &[("latency_class", 1.0)],
};
const RESIDENCY: FieldColumns = FieldColumns {
    field: "residency",
    columns: &[("residency", 1.0)],
};

/// A header name as compared: lower case, trimmed, runs of spaces, `-` and `_` as one `_`.
fn normalise(header: &str) -> String {
    let mut out = String::with_capacity(header.len());
    for c in header.trim().trim_start_matches('\u{feff}').chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end_matches('_').to_owned()
}

/// Where one field is read from: the column index, its header and the factor to the unit.
#[derive(Clone)]
struct Column {
    index: usize,
    header: String,
    factor: f64,
}

fn find(headers: &[String], normalised: &[String], field: &FieldColumns) -> Option<Column> {
    // The first accepted name present wins, in the table's order (GiB before MiB).
    field.columns.iter().find_map(|(name, factor)| {
        normalised
            .iter()
            .position(|h| h == name)
            .map(|index| Column {
                index,
                header: headers[index].clone(),
                factor: *factor,
            })
    })
}

struct Mapping {
    name: Column,
    vcpus: Column,
    memory: Column,
    cpu_util: Option<Column>,
    memory_util: Option<Column>,
    storage: Option<Column>,
    os: Option<Column>,
    workload: Option<Column>,
    power: Option<Column>,
    site: Option<Column>,
    latency_class: Option<Column>,
    residency: Option<Column>,
}

impl Mapping {
    fn new(headers: &[String], options: &InventoryOptions) -> Result<Mapping, InventoryError> {
        let normalised: Vec<String> = headers.iter().map(|h| normalise(h)).collect();
        let found = headers.join(", ");
        let required = |field: &FieldColumns| {
            find(headers, &normalised, field).ok_or_else(|| InventoryError::MissingColumn {
                field: field.field,
                accepted: field
                    .columns
                    .iter()
                    .map(|(n, _)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
                found: found.clone(),
            })
        };
        let workload = match &options.workload_column {
            Some(wanted) => {
                let key = normalise(wanted);
                let index = normalised
                    .iter()
                    .position(|h| *h == key)
                    .ok_or_else(|| InventoryError::WorkloadColumn(wanted.clone(), found.clone()))?;
                Some(Column {
                    index,
                    header: headers[index].clone(),
                    factor: 1.0,
                })
            }
            None => find(headers, &normalised, &WORKLOAD),
        };
        Ok(Mapping {
            name: required(&NAME)?,
            vcpus: required(&VCPUS)?,
            memory: required(&MEMORY)?,
            cpu_util: find(headers, &normalised, &CPU_UTIL),
            memory_util: find(headers, &normalised, &MEMORY_UTIL),
            storage: find(headers, &normalised, &STORAGE),
            os: find(headers, &normalised, &OS),
            workload,
            power: find(headers, &normalised, &POWER),
            site: find(headers, &normalised, &SITE),
            latency_class: find(headers, &normalised, &LATENCY_CLASS),
            residency: find(headers, &normalised, &RESIDENCY),
        })
    }

    fn columns(&self) -> Vec<(String, String)> {
        let optional = [
            (CPU_UTIL.field, &self.cpu_util),
            (MEMORY_UTIL.field, &self.memory_util),
            (STORAGE.field, &self.storage),
            (OS.field, &self.os),
            (WORKLOAD.field, &self.workload),
            (POWER.field, &self.power),
            (SITE.field, &self.site),
            (LATENCY_CLASS.field, &self.latency_class),
            (RESIDENCY.field, &self.residency),
        ];
        [
            (NAME.field, Some(&self.name)),
            (VCPUS.field, Some(&self.vcpus)),
            (MEMORY.field, Some(&self.memory)),
        ]
        .into_iter()
        .chain(optional.into_iter().map(|(f, c)| (f, c.as_ref())))
        .filter_map(|(field, column)| column.map(|c| (field.to_owned(), c.header.clone())))
        .collect()
    }

    /// One row to a server, or why not.
    fn server(&self, cells: &[String], line: usize) -> Result<Server, BadRow> {
        let cell = |column: &Column| cells.get(column.index).map_or("", |c| c.trim());
        let text = |column: &Option<Column>| {
            column
                .as_ref()
                .map(cell)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        };
        let name = cell(&self.name).to_owned();
        let bad = |column: &Column, reason: String| BadRow {
            name: name.clone(),
            line,
            column: column.header.clone(),
            reason,
        };
        if name.is_empty() {
            return Err(bad(&self.name, "no name".into()));
        }
        let number = |column: &Column, what: &str, required: bool| -> Result<Option<f64>, BadRow> {
            let raw = cell(column);
            if raw.is_empty() {
                return if required {
                    Err(bad(column, format!("no {what}")))
                } else {
                    Ok(None)
                };
            }
            match raw.trim_end_matches('%').trim().parse::<f64>() {
                Ok(value) if value.is_finite() && value >= 0.0 => Ok(Some(value * column.factor)),
                _ => Err(bad(
                    column,
                    format!(
                        "{what} `{}` is not a number of zero or more",
                        raw.escape_debug()
                    ),
                )),
            }
        };
        let vcpus = number(&self.vcpus, "vCPUs", true)?.unwrap_or_default();
        if vcpus < 1.0 {
            return Err(bad(&self.vcpus, "vCPUs must be at least 1".into()));
        }
        let memory_gib = number(&self.memory, "memory", true)?.unwrap_or_default();
        if memory_gib <= 0.0 {
            return Err(bad(&self.memory, "memory must be more than 0".into()));
        }
        let percent = |column: &Option<Column>, what: &str| -> Result<Option<f64>, BadRow> {
            let Some(column) = column else {
                return Ok(None);
            };
            match number(column, what, false)? {
                Some(value) if value > 100.0 => {
                    Err(bad(column, format!("{what} {value} is more than 100 %")))
                }
                value => Ok(value),
            }
        };
        let cpu_util_pct = percent(&self.cpu_util, "CPU utilisation")?;
        let memory_util_pct = percent(&self.memory_util, "memory utilisation")?;
        let storage_gib = match &self.storage {
            Some(column) => number(column, "storage", false)?.unwrap_or(0.0),
            None => 0.0,
        };
        let powered_on = text(&self.power).is_none_or(|state| {
            let state = state.to_ascii_lowercase();
            !matches!(
                state.as_str(),
                "poweredoff" | "powered off" | "off" | "suspended" | "false" | "no"
            )
        });
        Ok(Server {
            name,
            line,
            vcpus,
            memory_gib,
            cpu_util_pct,
            memory_util_pct,
            storage_gib,
            os: text(&self.os),
            workload: text(&self.workload),
            site: text(&self.site),
            latency_class: text(&self.latency_class),
            residency: text(&self.residency),
            powered_on,
        })
    }
}

/// Reads rows (`(line, cells)`, the first the header) into an inventory.
fn read_rows(
    mut rows: impl Iterator<Item = Result<(usize, Vec<String>), InventoryError>>,
    options: &InventoryOptions,
) -> Result<Inventory, InventoryError> {
    let (_, headers) = loop {
        match rows.next() {
            None => return Err(InventoryError::Empty),
            Some(row) => {
                let (line, cells) = row?;
                if cells.iter().any(|c| !c.trim().is_empty()) {
                    break (line, cells);
                }
            }
        }
    };
    let mapping = Mapping::new(&headers, options)?;
    let mut inventory = Inventory {
        columns: mapping.columns(),
        ..Inventory::default()
    };
    for row in rows {
        let (line, cells) = row?;
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match mapping.server(&cells, line) {
            Ok(server) => inventory.servers.push(server),
            Err(bad) => inventory.bad_rows.push(bad),
        }
    }
    Ok(inventory)
}

/// Reads a CSV inventory (comma- or semicolon-separated, as the header shows).
pub fn parse_csv(text: &str, options: &InventoryOptions) -> Result<Inventory, InventoryError> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let rows = reader.records().map(|record| {
        let record = record?;
        let line = record.position().map_or(0, |p| p.line() as usize);
        Ok((line, record.iter().map(str::to_owned).collect()))
    });
    read_rows(rows, options)
}

/// Reads a workbook inventory (`.xlsx`, `.xls`, `.ods`): RVTools' `vInfo` sheet when there is
/// one, else the first sheet.
pub fn parse_workbook(
    bytes: &[u8],
    options: &InventoryOptions,
) -> Result<Inventory, InventoryError> {
    let mut workbook = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| InventoryError::Workbook(e.to_string()))?;
    let names = workbook.sheet_names();
    let sheet = names
        .iter()
        .find(|n| n.eq_ignore_ascii_case("vInfo"))
        .or_else(|| names.first())
        .cloned()
        .ok_or_else(|| InventoryError::Workbook("it has no sheet".into()))?;
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| InventoryError::Workbook(format!("sheet {sheet}: {e}")))?;
    let first_row = range.start().map_or(0, |(row, _)| row as usize);
    let first_column = range.start().map_or(0, |(_, column)| column as usize);
    let rows = range.rows().enumerate().map(|(i, cells)| {
        // Cells before the range's first column are empty: keep indices as in the sheet.
        let mut row = vec![String::new(); first_column];
        row.extend(cells.iter().map(cell_text));
        Ok((first_row + i + 1, row))
    });
    read_rows(rows, options)
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Error(e) => format!("#{e:?}"),
        other => other.to_string(),
    }
}

/// Reads an inventory file's bytes by its name: `.xlsx`, `.xlsm`, `.xls` and `.ods` as a
/// workbook, anything else as CSV.
pub fn parse_file(
    file_name: &str,
    bytes: &[u8],
    options: &InventoryOptions,
) -> Result<Inventory, InventoryError> {
    let lower = file_name.to_ascii_lowercase();
    if [".xlsx", ".xlsm", ".xls", ".ods"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return parse_workbook(bytes, options);
    }
    let text = String::from_utf8_lossy(bytes);
    parse_csv(&text, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rvtools_columns_read_memory_in_mib_and_skip_bad_rows() {
        let text = "VM,Powerstate,CPUs,Memory,Provisioned MiB,Cluster\n\
                    web-1,poweredOn,4,16384,102400,prod\n\
                    web-2,poweredOff,2,8192,,prod\n\
                    bad,poweredOn,four,8192,,prod\n\
                    ,poweredOn,2,2048,,prod\n";
        let inventory = parse_csv(text, &InventoryOptions::default()).expect("reads");
        assert_eq!(inventory.servers.len(), 2);
        let web = &inventory.servers[0];
        assert_eq!(
            (web.vcpus, web.memory_gib, web.storage_gib),
            (4.0, 16.0, 100.0)
        );
        assert!(web.powered_on);
        assert!(!inventory.servers[1].powered_on);
        // RVTools' Cluster is not the workload unless --workload-column says so.
        assert_eq!(web.workload, None);
        assert_eq!(inventory.bad_rows.len(), 2);
        assert_eq!(
            (
                inventory.bad_rows[0].line,
                inventory.bad_rows[0].column.as_str()
            ),
            (4, "CPUs")
        );
        assert!(inventory.bad_rows[0].reason.contains("`four`"));
        assert_eq!(inventory.bad_rows[1].line, 5);
        let by_cluster = parse_csv(
            text,
            &InventoryOptions {
                workload_column: Some("cluster".into()),
            },
        )
        .expect("reads");
        assert_eq!(by_cluster.servers[0].workload.as_deref(), Some("prod"));
    }

    #[test]
    fn a_missing_required_column_names_what_is_accepted() {
        let error = parse_csv("VM,CPUs\nweb,4\n", &InventoryOptions::default())
            .expect_err("no memory column");
        let message = error.to_string();
        assert!(message.contains("no memory column"), "{message}");
        assert!(message.contains("`memory_gib`"), "{message}");
        assert!(matches!(
            parse_csv("", &InventoryOptions::default()),
            Err(InventoryError::Empty)
        ));
    }

    #[test]
    fn header_names_are_compared_loosely() {
        assert_eq!(normalise(" Num  CPUs "), "num_cpus");
        assert_eq!(normalise("\u{feff}Memory-GiB"), "memory_gib");
        assert_eq!(normalise("CPU usage %"), "cpu_usage_%");
    }
}
