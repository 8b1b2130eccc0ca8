//! A workload file being edited, as the Planner view's list of workloads holds it: the
//! `[[workload]]` tables of a TOML file, read and written with toml_edit so that saving it back
//! keeps what a person wrote around the values the list changed (comments, key order, blank
//! lines, keys the form does not edit such as `memory_gib` or `site`). A value the form did not
//! change is left as written (`5` stays `5`, not `5.0`); a changed value keeps its trailing
//! comment. Planning reads the file's text with [`parse_workloads`], so the list and the CLI
//! agree on what a file means.

use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::workload::{Workload, WorkloadError, WorkloadFields, parse_workloads};
use crate::catalog::LocationCatalog;

/// What a new file starts with.
const NEW_FILE_HEADER: &str = "# Workloads for `edge-atlas plan` and `edge-atlas report`: each [[workload]] names its\n# users (catalog metros or \"lat,lon\"), its round-trip latency budget and its clients.\n";

/// A workload file that cannot be opened: not TOML, or `workload` is not a list of tables.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct WorkloadFileError {
    /// What is wrong, with the line where TOML says.
    pub message: String,
}

/// The `[[workload]]` tables of a TOML file, editable in place.
#[derive(Clone, Debug)]
pub struct WorkloadFile {
    document: DocumentMut,
}

impl Default for WorkloadFile {
    fn default() -> Self {
        WorkloadFile::new()
    }
}

impl WorkloadFile {
    /// An empty file with a short header comment.
    pub fn new() -> WorkloadFile {
        let mut document = DocumentMut::new();
        document.decor_mut().set_prefix(NEW_FILE_HEADER);
        WorkloadFile { document }
    }

    /// Reads a file's text. Its workloads are checked only when planned
    /// ([`WorkloadFile::workloads`]), so a file with a mistake can still be opened and fixed.
    pub fn parse(text: &str) -> Result<WorkloadFile, WorkloadFileError> {
        let document: DocumentMut = text.parse().map_err(|error: toml_edit::TomlError| {
            let line = error
                .span()
                .map(|span| text[..span.start.min(text.len())].matches('\n').count() + 1);
            WorkloadFileError {
                message: match line {
                    Some(line) => format!("line {line}: {}", error.message()),
                    None => error.message().to_owned(),
                },
            }
        })?;
        match document.get("workload") {
            None | Some(Item::ArrayOfTables(_)) => Ok(WorkloadFile { document }),
            Some(_) => Err(WorkloadFileError {
                message: "`workload` must be [[workload]] tables".to_owned(),
            }),
        }
    }

    /// The file's text, comments and layout kept.
    pub fn to_text(&self) -> String {
        self.document.to_string()
    }

    fn tables(&self) -> Option<&ArrayOfTables> {
        self.document.get("workload")?.as_array_of_tables()
    }

    fn tables_mut(&mut self) -> &mut ArrayOfTables {
        let item = self
            .document
            .entry("workload")
            .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
        if !item.is_array_of_tables() {
            *item = Item::ArrayOfTables(ArrayOfTables::new());
        }
        match item.as_array_of_tables_mut() {
            Some(tables) => tables,
            // Just made one: cannot be another kind.
            None => unreachable!("workload was just set to an array of tables"),
        }
    }

    /// How many workloads the file has.
    pub fn len(&self) -> usize {
        self.tables().map_or(0, ArrayOfTables::len)
    }

    /// Whether the file has no workloads.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The form's fields of workload `index` (missing or mistyped values as the form's
    /// defaults: planning says what is wrong with them).
    pub fn fields(&self, index: usize) -> Option<WorkloadFields> {
        let table = self.tables()?.get(index)?;
        let text = |key: &str| table.get(key).and_then(Item::as_str).map(str::to_owned);
        let number = |key: &str| {
            table.get(key).and_then(|item| {
                item.as_float()
                    .or_else(|| item.as_integer().map(|n| n as f64))
            })
        };
        let list = |key: &str| -> Vec<String> {
            table
                .get(key)
                .and_then(Item::as_array)
                .map(|array| {
                    array
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        Some(WorkloadFields {
            name: text("name").unwrap_or_default(),
            users: list("users"),
            latency_ms: number("latency_ms").unwrap_or(0.0),
            clients: text("clients").unwrap_or_default(),
            carrier: text("carrier"),
            residency: list("residency"),
            services: list("services"),
            vcpus: number("vcpus").unwrap_or(0.0),
        })
    }

    /// Every workload's fields, in file order.
    pub fn rows(&self) -> Vec<WorkloadFields> {
        (0..self.len()).filter_map(|i| self.fields(i)).collect()
    }

    /// Writes the form's `fields` into workload `index`: changed values replaced (keeping their
    /// trailing comments), optional ones removed when emptied, every other key left as written.
    pub fn set_fields(&mut self, index: usize, fields: &WorkloadFields) {
        let Some(table) = self.tables_mut().get_mut(index) else {
            return;
        };
        set(table, "name", Some(Value::from(fields.name.as_str())));
        set(table, "users", Some(strings(&fields.users)));
        set(table, "latency_ms", Some(number(fields.latency_ms)));
        set(table, "clients", Some(Value::from(fields.clients.as_str())));
        set(table, "carrier", fields.carrier.as_deref().map(Value::from));
        set(
            table,
            "residency",
            (!fields.residency.is_empty()).then(|| strings(&fields.residency)),
        );
        set(
            table,
            "services",
            (!fields.services.is_empty()).then(|| strings(&fields.services)),
        );
        let keep_vcpus = fields.vcpus > 0.0 || table.contains_key("vcpus");
        set(table, "vcpus", keep_vcpus.then(|| number(fields.vcpus)));
    }

    /// Adds a workload with `fields` at the end; returns its index.
    pub fn add(&mut self, fields: &WorkloadFields) -> usize {
        let tables = self.tables_mut();
        tables.push(Table::new());
        let index = tables.len() - 1;
        self.set_fields(index, fields);
        index
    }

    /// Adds a copy of workload `index` at the end (every key, comments included), named
    /// "NAME copy" (then "copy 2", ...) so names stay unique; returns its index.
    pub fn duplicate(&mut self, index: usize) -> Option<usize> {
        let original = self.tables()?.get(index)?.clone();
        let base = self.fields(index)?.name;
        let taken: Vec<String> = self.rows().into_iter().map(|f| f.name).collect();
        let name = std::iter::once(format!("{base} copy"))
            .chain((2..).map(|n| format!("{base} copy {n}")))
            .find(|candidate| !taken.contains(candidate))?;
        let mut copy = original;
        copy.set_position(None);
        let tables = self.tables_mut();
        tables.push(copy);
        let new_index = tables.len() - 1;
        if let Some(table) = tables.get_mut(new_index) {
            set(table, "name", Some(Value::from(name)));
        }
        Some(new_index)
    }

    /// Removes workload `index`. The comment above the first workload is the file's header
    /// as often as the workload's, so removing the first moves it to the next one.
    pub fn remove(&mut self, index: usize) {
        let tables = self.tables_mut();
        if index >= tables.len() {
            return;
        }
        let removed = tables.remove(index);
        if index == 0
            && let Some(header) = removed.decor().prefix().and_then(|p| p.as_str())
            && header.contains('#')
            && let Some(next) = tables.get_mut(0)
        {
            let own = next
                .decor()
                .prefix()
                .and_then(|p| p.as_str())
                .unwrap_or_default()
                .trim_start_matches('\n')
                .to_owned();
            next.decor_mut().set_prefix(format!("{header}{own}"));
        }
    }

    /// The file's workloads, checked as `edge-atlas plan` checks a file.
    pub fn workloads(
        &self,
        catalog: &LocationCatalog,
        known_services: &[String],
    ) -> Result<Vec<Workload>, WorkloadError> {
        parse_workloads(&self.to_text(), catalog, known_services)
    }
}

/// A number as TOML writes it: an integer when it is one (`5`, as people write budgets).
fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        Value::from(value as i64)
    } else {
        Value::from(value)
    }
}

fn strings(values: &[String]) -> Value {
    Value::Array(values.iter().map(String::as_str).collect::<Array>())
}

/// Whether two TOML values mean the same (numbers by value, so `5` equals `5.0`).
fn same(a: &Value, b: &Value) -> bool {
    let as_number = |v: &Value| v.as_float().or_else(|| v.as_integer().map(|n| n as f64));
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        _ => match (as_number(a), as_number(b)) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// Sets `key` to `value` (removes it when `None`); an unchanged value is left as written, a
/// changed one keeps the old one's surrounding whitespace and comment.
fn set(table: &mut Table, key: &str, value: Option<Value>) {
    match value {
        None => {
            table.remove(key);
        }
        Some(mut value) => {
            if let Some(old) = table.get(key).and_then(Item::as_value) {
                if same(old, &value) {
                    return;
                }
                *value.decor_mut() = old.decor().clone();
            }
            table.insert(key, Item::Value(value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "# Our workloads\n\n[[workload]]\nname = \"plant-vision\"   # next to the lines\nusers = [\"Chicago\"]\nlatency_ms = 5\nclients = \"on-premises\"\nmemory_gib = 2000   # kept\n\n[[workload]]\nname = \"telemetry\"\nusers = [\"Boston\"]\nlatency_ms = 20\nclients = \"mobile-5g\"\ncarrier = \"Verizon\"\n";

    #[test]
    fn an_unchanged_file_is_written_back_as_it_was() {
        let mut file = WorkloadFile::parse(FILE).expect("parses");
        assert_eq!(file.len(), 2);
        let fields = file.fields(0).expect("row");
        assert_eq!(fields.name, "plant-vision");
        assert_eq!(fields.latency_ms, 5.0);
        // Writing the same fields back changes nothing, not even `5` into `5.0`.
        file.set_fields(0, &fields);
        assert_eq!(file.to_text(), FILE);
    }

    #[test]
    fn edits_keep_comments_and_the_keys_the_form_does_not_edit() {
        let mut file = WorkloadFile::parse(FILE).expect("parses");
        let mut fields = file.fields(0).expect("row");
        fields.name = "plant-vision-2".into();
        fields.latency_ms = 2.5;
        fields.residency = vec!["US".into()];
        file.set_fields(0, &fields);
        let text = file.to_text();
        assert!(text.starts_with("# Our workloads\n"), "{text}");
        assert!(
            text.contains("name = \"plant-vision-2\"   # next to the lines"),
            "{text}"
        );
        assert!(text.contains("latency_ms = 2.5\n"));
        assert!(text.contains("memory_gib = 2000   # kept"));
        assert!(text.contains("residency = [\"US\"]"));
        // Emptying an optional field removes its key.
        let mut second = file.fields(1).expect("row");
        second.carrier = None;
        file.set_fields(1, &second);
        assert!(!file.to_text().contains("carrier"));
    }

    #[test]
    fn rows_are_added_duplicated_and_removed() {
        let mut file = WorkloadFile::parse(FILE).expect("parses");
        let copy = file.duplicate(0).expect("copied");
        let again = file.duplicate(0).expect("copied");
        let names: Vec<String> = file.rows().into_iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "plant-vision",
                "telemetry",
                "plant-vision copy",
                "plant-vision copy 2"
            ]
        );
        assert_eq!((copy, again), (2, 3));
        assert!(file.to_text().matches("memory_gib = 2000").count() == 3);
        file.remove(1);
        // Removing the first keeps the file's header comment.
        file.remove(0);
        assert!(
            file.to_text().starts_with("# Our workloads\n"),
            "{}",
            file.to_text()
        );
        let added = file.add(&WorkloadFields {
            name: "new".into(),
            users: vec!["Frankfurt".into()],
            latency_ms: 10.0,
            clients: "wired".into(),
            ..WorkloadFields::default()
        });
        assert_eq!(added, 2);
        // What was written parses as the CLI parses it.
        let reread = WorkloadFile::parse(&file.to_text()).expect("reparses");
        let names: Vec<String> = reread.rows().into_iter().map(|f| f.name).collect();
        assert_eq!(names, ["plant-vision copy", "plant-vision copy 2", "new"]);
        let catalog = LocationCatalog::embedded().expect("catalog");
        let workloads = reread
            .workloads(catalog, &["ec2".to_owned()])
            .expect("valid workloads");
        assert_eq!(workloads.len(), 3);
        assert_eq!(workloads[2].latency_budget_ms, 10.0);
    }

    #[test]
    fn a_new_file_and_broken_files() {
        let mut file = WorkloadFile::new();
        assert!(file.is_empty());
        file.add(&WorkloadFields {
            name: "a".into(),
            users: vec!["Chicago".into()],
            latency_ms: 5.0,
            clients: "wired".into(),
            ..WorkloadFields::default()
        });
        let text = file.to_text();
        assert!(text.starts_with("# Workloads for"), "{text}");
        assert!(text.contains("[[workload]]\nname = \"a\""), "{text}");
        let error = WorkloadFile::parse("[[workload]]\nname = \"a\nusers = 1\n").expect_err("bad");
        assert!(error.message.starts_with("line 2"), "{error}");
        let error = WorkloadFile::parse("workload = 3\n").expect_err("not tables");
        assert!(error.message.contains("[[workload]]"), "{error}");
    }
}
