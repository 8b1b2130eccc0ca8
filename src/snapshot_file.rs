//! Snapshot files: one snapshot (its record and its estate) as JSON, for export and import.
//!
//! A file the tool exported always imports again, unknown enum values included. A file from
//! anywhere else is treated as hostile: size-capped, every string length-capped, typed with the
//! path of the first wrong field (`estate.vifs[3].vlan: invalid type ...`), then checked for
//! coherence ([`crate::validate`]). Nothing is stored unless all of that passes.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::model::{Estate, SnapshotMeta};
use crate::validate::{Problem, check_estate};

/// The `format` value every snapshot file carries.
pub const FORMAT: &str = "edge-atlas-snapshot";
/// The newest file format version this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;
/// Files larger than this are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// Strings (values or keys) longer than this, in bytes, are refused.
pub const MAX_STRING_BYTES: usize = 64 * 1024;

/// The content of a snapshot file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotFile {
    /// Always [`FORMAT`].
    pub format: String,
    /// The file format version.
    pub format_version: u32,
    /// When the snapshot was originally taken, RFC 3339, when known.
    #[serde(default)]
    pub taken_at: Option<String>,
    /// Where the snapshot came from.
    pub snapshot: SnapshotMeta,
    /// The observed entities.
    pub estate: Estate,
}

/// Why a snapshot file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotFileError {
    /// Reading or writing the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_FILE_BYTES`].
    #[error(
        "{path} is {size} bytes, more than the {limit} bytes a snapshot file may have; nothing was imported"
    )]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is not JSON.
    #[error(
        "{path} is not valid JSON (line {line}, column {column}: {message}); nothing was imported"
    )]
    Syntax {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A field has the wrong type or value.
    #[error("{path}: {field}: {message}; nothing was imported")]
    Field {
        /// The file.
        path: PathBuf,
        /// The field's path, e.g. `estate.vifs[3].vlan`.
        field: String,
        /// What is wrong.
        message: String,
    },
    /// The estate is not coherent.
    #[error("{path} has {count} problem(s); nothing was imported:\n{list}", count = problems.len(), list = list_problems(problems))]
    Problems {
        /// The file.
        path: PathBuf,
        /// Every problem found.
        problems: Vec<Problem>,
    },
    /// Serialising the snapshot failed.
    #[error("cannot encode the snapshot as JSON: {0}")]
    Encode(#[from] serde_json::Error),
}

fn list_problems(problems: &[Problem]) -> String {
    const SHOWN: usize = 20;
    let mut text: Vec<String> = problems
        .iter()
        .take(SHOWN)
        .map(|p| format!("  - {p}"))
        .collect();
    if problems.len() > SHOWN {
        text.push(format!("  ... and {} more", problems.len() - SHOWN));
    }
    text.join("\n")
}

impl SnapshotFile {
    /// A file holding `estate` with its record.
    pub fn new(meta: SnapshotMeta, taken_at: Option<String>, estate: Estate) -> SnapshotFile {
        SnapshotFile {
            format: FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            taken_at,
            snapshot: meta,
            estate,
        }
    }

    /// Writes the file atomically: to a temporary file beside `path`, then renamed over it.
    pub fn write(&self, path: &Path) -> Result<(), SnapshotFileError> {
        let io = |source| SnapshotFileError::Io {
            path: path.to_owned(),
            source,
        };
        let temporary = path.with_extension("json.partial");
        {
            let file = std::fs::File::create(&temporary).map_err(io)?;
            let mut writer = std::io::BufWriter::new(file);
            serde_json::to_writer_pretty(&mut writer, self)?;
            writer.write_all(b"\n").map_err(io)?;
            writer
                .into_inner()
                .map_err(|e| io(e.into_error()))?
                .sync_all()
                .map_err(io)?;
        }
        std::fs::rename(&temporary, path).map_err(io)
    }

    /// Reads and checks a file; see the module documentation for what is checked.
    pub fn read(path: &Path) -> Result<SnapshotFile, SnapshotFileError> {
        let io = |source| SnapshotFileError::Io {
            path: path.to_owned(),
            source,
        };
        let size = std::fs::metadata(path).map_err(io)?.len();
        if size > MAX_FILE_BYTES {
            return Err(SnapshotFileError::TooLarge {
                path: path.to_owned(),
                size,
                limit: MAX_FILE_BYTES,
            });
        }
        let bytes = std::fs::read(path).map_err(io)?;
        SnapshotFile::parse(path, &bytes)
    }

    /// Parses and checks file content; `path` is only used in messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<SnapshotFile, SnapshotFileError> {
        let value: Value =
            serde_json::from_slice(bytes).map_err(|e| SnapshotFileError::Syntax {
                path: path.to_owned(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?;
        let field_error = |field: String, message: String| SnapshotFileError::Field {
            path: path.to_owned(),
            field,
            message,
        };
        if let Some((field, length)) = find_long_string(&value, &mut String::new()) {
            return Err(field_error(
                field,
                format!("a string of {length} bytes is longer than the {MAX_STRING_BYTES} allowed"),
            ));
        }
        match value.get("format").and_then(Value::as_str) {
            Some(FORMAT) => {}
            other => {
                return Err(field_error(
                    "format".into(),
                    format!(
                        "expected \"{FORMAT}\", found {}",
                        other.map_or("nothing".into(), |f| format!("\"{f}\""))
                    ),
                ));
            }
        }
        match value.get("format_version").and_then(Value::as_u64) {
            Some(version) if version >= 1 && version <= u64::from(FORMAT_VERSION) => {}
            other => {
                return Err(field_error(
                    "format_version".into(),
                    format!(
                        "this Edge Atlas reads versions 1 to {FORMAT_VERSION}, the file has {other:?}; upgrade Edge Atlas"
                    ),
                ));
            }
        }
        let file: SnapshotFile = serde_path_to_error::deserialize(value).map_err(|e| {
            let field = e.path().to_string();
            field_error(field, e.into_inner().to_string())
        })?;
        let problems = check_estate(&file.estate, &file.snapshot.warnings);
        if !problems.is_empty() {
            return Err(SnapshotFileError::Problems {
                path: path.to_owned(),
                problems,
            });
        }
        Ok(file)
    }
}

/// Finds the first string (or object key) longer than [`MAX_STRING_BYTES`], with its path.
fn find_long_string(value: &Value, path: &mut String) -> Option<(String, usize)> {
    match value {
        Value::String(text) if text.len() > MAX_STRING_BYTES => Some((path.clone(), text.len())),
        Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
            let length = path.len();
            path.push_str(&format!("[{index}]"));
            let found = find_long_string(item, path);
            path.truncate(length);
            found
        }),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            let length = path.len();
            if !path.is_empty() {
                path.push('.');
            }
            if key.len() > MAX_STRING_BYTES {
                path.push_str("<key>");
                return Some((path.clone(), key.len()));
            }
            path.push_str(key);
            let found = find_long_string(item, path);
            path.truncate(length);
            found
        }),
        _ => None,
    }
}
