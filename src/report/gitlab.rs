//! GitLab's Code Quality report: a JSON array of issues, each with its description,
//! check name, fingerprint, severity and place (path and first line), which a merge
//! request shows beside the diff.

use std::io::{self, Write};

use serde::Serialize;

use super::fingerprint::fingerprints;
use super::streamed::Streamed;
use crate::diagnostic::{Findings, Severity};

#[derive(Serialize)]
struct Issue<'a> {
    description: String,
    check_name: &'a str,
    fingerprint: String,
    severity: &'static str,
    location: IssueLocation<'a>,
}

#[derive(Serialize)]
struct IssueLocation<'a> {
    path: &'a str,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
}

/// Writes the findings as one JSON array; a silenced finding is not an issue.
pub fn write(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    let sources = &findings.sources;
    let issues = Streamed(|| {
        let fingerprints = fingerprints(sources, &findings.diagnostics);
        findings
            .diagnostics
            .iter()
            .zip(fingerprints)
            .map(|(d, fingerprint)| {
                let file = sources.get(d.location.file);
                Issue {
                    description: format!("{}: {}", d.code(), d.message()),
                    check_name: d.code().name(),
                    fingerprint,
                    severity: match d.severity {
                        Severity::Error => "major",
                        Severity::Warning => "minor",
                        Severity::Info => "info",
                    },
                    location: IssueLocation {
                        path: file.name.strip_prefix("./").unwrap_or(&file.name),
                        lines: Lines {
                            begin: file.line_col(d.location.span.start()).line,
                        },
                    },
                }
            })
    });
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::from)?;
    writeln!(out)
}
