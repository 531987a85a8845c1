//! The stable JSON report (docs/json-output.md): one object with the format version,
//! the diagnostics sorted by file, line and column, and the summary.

use std::borrow::Cow;
use std::io::{self, Write};

use serde::Serialize;

use super::streamed::Streamed;
use super::summary::Summary;
use crate::diagnostic::{Findings, Location, Severity};
use crate::source::SourceMap;

/// The version of the JSON format; it changes only when a field changes meaning or
/// goes away.
const VERSION: u32 = 1;

#[derive(Serialize)]
struct JsonReport<D: Serialize> {
    version: u32,
    diagnostics: D,
    summary: Summary,
}

#[derive(Serialize)]
struct Place<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    code: &'a str,
    name: &'a str,
    severity: Severity,
    message: Cow<'a, str>,
    label: Option<Cow<'a, str>>,
    help: Option<Cow<'a, str>>,
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
struct Related<'a> {
    #[serde(flatten)]
    place: Place<'a>,
    message: &'a str,
}

fn place(sources: &SourceMap, location: Location) -> Place<'_> {
    let file = sources.get(location.file);
    let start = file.line_col(location.span.start());
    let end = file.line_col(location.span.end());
    Place {
        file: &file.name,
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
    }
}

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    let Findings {
        sources,
        diagnostics,
        ..
    } = findings;
    let report = JsonReport {
        version: VERSION,
        diagnostics: Streamed(|| {
            diagnostics.iter().map(|d| JsonDiagnostic {
                place: place(sources, d.location),
                code: d.code(),
                name: d.code().name(),
                severity: d.severity,
                message: d.message(),
                label: d.label(),
                help: d.help(),
                related: d
                    .secondary()
                    .iter()
                    .map(|l| Related {
                        place: place(sources, l.location),
                        message: &l.message,
                    })
                    .collect(),
            })
        }),
        summary: Summary::of(findings),
    };
    serde_json::to_writer_pretty(&mut *out, &report).map_err(io::Error::from)?;
    writeln!(out)
}
