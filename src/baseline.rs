//! A baseline: the findings a team has accepted for now, so that it can adopt cmilint
//! on plans that already exist and see only what is new. A finding is recorded by its
//! file (relative to the baseline's folder), code and message, which names the block,
//! identifier, field or phrase it speaks of, never its line; and counted, so that a
//! second occurrence of a recorded finding still shows.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::confined;
use crate::diagnostic::{Diagnostic, Findings, Silencer, StaleEntry, Suppressed};
use crate::source::SourceMap;
use crate::visible;

/// The format of the baseline file; it changes only when a field changes meaning.
const VERSION: u32 = 1;

/// The largest baseline file read: 64 MiB.
const MAX_SIZE: u64 = 64 * 1024 * 1024;

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    file: String,
    code: String,
    message: String,
    count: usize,
}

/// What a finding is, for a baseline.
type Key = (String, String, String);

/// A baseline file, read.
pub(crate) struct Baseline {
    /// As the user named it.
    name: String,
    /// Where its files' names start (canonical).
    folder: PathBuf,
    entries: BTreeMap<Key, usize>,
}

/// A baseline that cannot be read.
#[derive(Debug)]
pub struct BaselineError {
    file: String,
    reason: String,
}

impl fmt::Display for BaselineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read the baseline {}: {}", self.file, self.reason)
    }
}

impl std::error::Error for BaselineError {}

/// The folder a baseline file's names start at: its own, canonical.
fn folder_of(path: &Path) -> PathBuf {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    folder.canonicalize().unwrap_or(folder)
}

/// A finding's key: its file relative to `folder` (with `/`), code and message.
fn key(sources: &SourceMap, folder: &Path, d: &Diagnostic) -> Key {
    let file = sources.get(d.location.file);
    let name = file
        .path
        .as_deref()
        .and_then(|p| p.strip_prefix(folder).ok())
        .map_or_else(
            || file.name.trim_start_matches("./").to_owned(),
            |relative| visible::path(relative).replace('\\', "/"),
        );
    (name, d.code().to_string(), d.message().to_string())
}

impl Baseline {
    /// Reads a baseline file.
    pub(crate) fn read(path: &Path) -> Result<Baseline, BaselineError> {
        let name = visible::path(path);
        let failed = |reason: String| BaselineError {
            file: name.clone(),
            reason,
        };
        // A regular file, read no further than the limit: never a FIFO or a device.
        let canonical = path.canonicalize().map_err(|e| failed(e.to_string()))?;
        let bytes = confined::read_regular(
            &folder_of(&canonical),
            &canonical,
            MAX_SIZE,
            "write it again with `--write-baseline`",
            "a baseline only from a regular file",
        )
        .map_err(failed)?;
        let text = String::from_utf8(bytes).map_err(|_| failed("it is not UTF-8 text".into()))?;
        let file: File = serde_json::from_str(&text).map_err(|e| {
            failed(format!(
                "{} (it is written by `--write-baseline`; write it again)",
                visible::line(&e.to_string())
            ))
        })?;
        if file.version != VERSION {
            return Err(failed(format!(
                "it is of version {}, and this cmilint reads version {VERSION}; write it again with `--write-baseline`",
                file.version
            )));
        }
        let mut entries = BTreeMap::new();
        for e in file.findings {
            *entries.entry((e.file, e.code, e.message)).or_default() += e.count;
        }
        Ok(Baseline {
            name,
            folder: folder_of(path),
            entries,
        })
    }

    /// Records the findings reported (not those silenced) in a baseline file.
    pub(crate) fn write(path: &Path, findings: &Findings) -> Result<(), String> {
        let folder = folder_of(path);
        let mut counted: BTreeMap<Key, usize> = BTreeMap::new();
        for d in &findings.diagnostics {
            *counted
                .entry(key(&findings.sources, &folder, d))
                .or_default() += 1;
        }
        let file = File {
            version: VERSION,
            findings: counted
                .into_iter()
                .map(|((file, code, message), count)| Entry {
                    file,
                    code,
                    message,
                    count,
                })
                .collect(),
        };
        let mut text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        text.push('\n');
        std::fs::write(path, text)
            .map_err(|e| format!("cannot write the baseline {}: {e}", visible::path(path)))
    }

    /// Silences the findings the baseline records, as many of each as it counts, in
    /// the order of their places; the entries that match fewer findings than they
    /// count are the stale ones.
    pub(crate) fn apply(&self, findings: &mut Findings) {
        let mut left = self.entries.clone();
        let mut kept = Vec::with_capacity(findings.diagnostics.len());
        for d in std::mem::take(&mut findings.diagnostics) {
            let count = left.get_mut(&key(&findings.sources, &self.folder, &d));
            match count {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    findings.suppressed.push(Suppressed {
                        diagnostic: d,
                        by: Silencer::Baseline {
                            file: self.name.clone(),
                        },
                    });
                }
                _ => kept.push(d),
            }
        }
        findings.diagnostics = kept;
        findings.stale_baseline = left
            .into_iter()
            .filter(|(_, count)| *count > 0)
            .map(|((file, code, message), count)| StaleEntry {
                baseline: self.name.clone(),
                file,
                code,
                message,
                count,
            })
            .collect();
    }
}
