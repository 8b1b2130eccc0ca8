//! Snapshot files: one snapshot (its record and its estate) as JSON, for export and import.
//!
//! A file the tool exported always imports again, unknown enum values included. A file from
//! anywhere else is treated as hostile: size-capped, read as a stream straight into typed
//! records (never into an untyped tree first), so memory stays near what the records need;
//! every string is length-capped as the bytes go by ([`StringGuard`]); the top-level members
//! are checked as they come (an unknown member or another format is refused at once, before
//! the estate is read); the first wrong field is named with its path
//! (`estate.vifs[3].vlan: invalid type ...`); nesting deeper than serde_json's limit of 128 is
//! refused; then the whole is checked for coherence ([`crate::validate`]). A UTF-8 byte-order
//! mark at the start is accepted. Nothing is stored unless all of that passes.

use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};

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

/// The top-level members a snapshot file may have.
const MEMBERS: &[&str] = &["format", "format_version", "taken_at", "snapshot", "estate"];

/// The content of a snapshot file.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
        let file = std::fs::File::open(path).map_err(io)?;
        SnapshotFile::from_reader(path, file)
    }

    /// Parses and checks file content; `path` is only used in messages.
    pub fn parse(path: &Path, bytes: &[u8]) -> Result<SnapshotFile, SnapshotFileError> {
        SnapshotFile::from_reader(path, bytes)
    }

    /// Reads and checks a snapshot from `reader` as a stream; `path` is only used in messages.
    pub fn from_reader(path: &Path, reader: impl Read) -> Result<SnapshotFile, SnapshotFileError> {
        // The guard sees large chunks; the parser's byte-by-byte reads come from the buffer.
        let guarded = BufReader::with_capacity(1 << 16, StringGuard::new(reader));
        let file = {
            let mut deserializer = serde_json::Deserializer::from_reader(guarded);
            let file: SnapshotFile = serde_path_to_error::deserialize(&mut deserializer)
                .map_err(|error| file_error(path, error))?;
            deserializer
                .end()
                .map_err(|error| syntax_error(path, &error))?;
            file
        };
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

fn syntax_error(path: &Path, error: &serde_json::Error) -> SnapshotFileError {
    SnapshotFileError::Syntax {
        path: path.to_owned(),
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    }
}

/// Names the field of a deserialisation error; syntax errors keep their line and column.
fn file_error(
    path: &Path,
    error: serde_path_to_error::Error<serde_json::Error>,
) -> SnapshotFileError {
    use serde_json::error::Category;
    let field = error.path().to_string();
    let inner = error.into_inner();
    match inner.classify() {
        Category::Syntax | Category::Eof => syntax_error(path, &inner),
        Category::Io | Category::Data => {
            let text = inner.to_string();
            SnapshotFileError::Field {
                path: path.to_owned(),
                field,
                message: text.split(" at line ").next().unwrap_or(&text).to_owned(),
            }
        }
    }
}

impl<'de> Deserialize<'de> for SnapshotFile {
    /// Reads the members in any order, checking `format` and `format_version` the moment they
    /// come and refusing an unknown member before anything after it is read.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FileVisitor)
    }
}

struct FileVisitor;

impl<'de> Visitor<'de> for FileVisitor {
    type Value = SnapshotFile;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "an Edge Atlas snapshot file (a JSON object)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<SnapshotFile, A::Error> {
        let mut format_version = None;
        let mut format_seen = false;
        let mut taken_at = None;
        let mut snapshot = None;
        let mut estate = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    map.next_value::<CheckedFormat>()?;
                    format_seen = true;
                }
                "format_version" => {
                    format_version = Some(map.next_value::<CheckedVersion>()?.0);
                }
                "taken_at" => taken_at = map.next_value()?,
                "snapshot" => snapshot = Some(map.next_value()?),
                "estate" => estate = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, MEMBERS)),
            }
        }
        if !format_seen {
            return Err(de::Error::custom(format!(
                "expected \"format\": \"{FORMAT}\", found nothing: this is not an Edge Atlas snapshot file"
            )));
        }
        Ok(SnapshotFile {
            format: FORMAT.to_owned(),
            format_version: format_version
                .ok_or_else(|| de::Error::missing_field("format_version"))?,
            taken_at,
            snapshot: snapshot.ok_or_else(|| de::Error::missing_field("snapshot"))?,
            estate: estate.ok_or_else(|| de::Error::missing_field("estate"))?,
        })
    }
}

/// The `format` member, refused unless it is [`FORMAT`] (the error's path is `format`).
struct CheckedFormat;

impl<'de> Deserialize<'de> for CheckedFormat {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let format = String::deserialize(deserializer)?;
        if format == FORMAT {
            Ok(CheckedFormat)
        } else {
            Err(de::Error::custom(format!(
                "expected \"{FORMAT}\", found \"{format}\": this is not an Edge Atlas snapshot file"
            )))
        }
    }
}

/// The `format_version` member, refused unless this build reads it.
struct CheckedVersion(u32);

impl<'de> Deserialize<'de> for CheckedVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let version = u64::deserialize(deserializer)?;
        match u32::try_from(version) {
            Ok(version) if (1..=FORMAT_VERSION).contains(&version) => Ok(CheckedVersion(version)),
            _ => Err(de::Error::custom(format!(
                "the file has format version {version}; this Edge Atlas reads versions 1 to {FORMAT_VERSION}: upgrade Edge Atlas to import it"
            ))),
        }
    }
}

/// A reader that refuses a JSON string (value or key) longer than [`MAX_STRING_BYTES`] as its
/// bytes go by, so a hostile string is never held whole, and drops a UTF-8 byte-order mark at
/// the start.
pub struct StringGuard<R> {
    inner: R,
    in_string: bool,
    escaped: bool,
    string_bytes: usize,
    at_start: bool,
    /// The first bytes, read to look for a byte-order mark, not yet handed on.
    pending: Vec<u8>,
}

impl<R: Read> StringGuard<R> {
    /// Guards `inner`.
    pub fn new(inner: R) -> StringGuard<R> {
        StringGuard {
            inner,
            in_string: false,
            escaped: false,
            string_bytes: 0,
            at_start: true,
            pending: Vec::new(),
        }
    }

    fn scan(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        let mut rest = bytes;
        while !rest.is_empty() {
            if !self.in_string {
                let Some(quote) = memchr::memchr(b'"', rest) else {
                    return Ok(());
                };
                self.in_string = true;
                self.string_bytes = 0;
                rest = &rest[quote + 1..];
                continue;
            }
            if self.escaped {
                self.escaped = false;
                self.string_bytes += 1;
                rest = &rest[1..];
                continue;
            }
            match memchr::memchr2(b'"', b'\\', rest) {
                Some(at) => {
                    self.string_bytes += at;
                    if rest[at] == b'"' {
                        self.in_string = false;
                    } else {
                        self.escaped = true;
                    }
                    rest = &rest[at + 1..];
                }
                None => {
                    self.string_bytes += rest.len();
                    rest = &[];
                }
            }
            if self.string_bytes > MAX_STRING_BYTES {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("a string longer than the {MAX_STRING_BYTES} bytes allowed"),
                ));
            }
        }
        Ok(())
    }
}

impl<R: Read> Read for StringGuard<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        if self.at_start {
            self.at_start = false;
            // A byte-order mark some editors write: not JSON, but not a reason to refuse.
            let mut start = [0u8; 3];
            let mut filled = 0;
            while filled < start.len() {
                let more = self.inner.read(&mut start[filled..])?;
                if more == 0 {
                    break;
                }
                filled += more;
            }
            if &start[..filled] != b"\xEF\xBB\xBF" {
                self.pending = start[..filled].to_vec();
            }
        }
        let read = if self.pending.is_empty() {
            self.inner.read(buffer)?
        } else {
            let count = self.pending.len().min(buffer.len());
            buffer[..count].copy_from_slice(&self.pending[..count]);
            self.pending.drain(..count);
            count
        };
        self.scan(&buffer[..read])?;
        Ok(read)
    }
}
