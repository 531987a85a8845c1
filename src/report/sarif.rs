//! SARIF 2.1.0 (OASIS), the format code scanning reads: one run of cmilint, with every
//! code of the run as a rule of its driver and every finding as a result, the silenced
//! ones too, marked with their suppression. Columns count Unicode code points, as
//! cmilint's do (`columnKind`).

use std::io::{self, Write};

use serde::Serialize;

use super::fingerprint::fingerprints;
use super::streamed::Streamed;
use crate::catalogue::Catalogue;
use crate::diagnostic::{Diagnostic, Findings, Location, Severity, Silencer};
use crate::source::SourceMap;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Where cmilint is described.
const INFORMATION_URI: &str = env!("CARGO_PKG_REPOSITORY");

#[derive(Serialize)]
struct Log<'a, R: Serialize> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a, R>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a, R: Serialize> {
    tool: Tool<'a>,
    column_kind: &'static str,
    results: R,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<Rule<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Rule<'a> {
    id: &'a str,
    name: &'a str,
    short_description: Text,
    full_description: Text,
    help: Text,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: [Place; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Place>,
    partial_fingerprints: Fingerprints,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    suppressions: &'a [Suppression],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Place {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
}

#[derive(Serialize)]
struct Fingerprints {
    #[serde(rename = "cmilint/v1")]
    cmilint: String,
}

#[derive(Serialize)]
struct Suppression {
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    justification: Option<String>,
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Writes the findings as one SARIF log.
pub fn write(
    out: &mut dyn Write,
    findings: &Findings,
    catalogue: &Catalogue<'_>,
) -> io::Result<()> {
    let entries: Vec<_> = catalogue.entries().collect();
    let rules = entries
        .iter()
        .map(|e| Rule {
            id: e.code,
            name: e.name,
            short_description: Text {
                text: folded(e.summary()),
            },
            full_description: Text {
                text: folded(e.description()),
            },
            help: Text {
                text: catalogue.explain(e.code).unwrap_or_default(),
            },
            default_configuration: Configuration {
                level: level(e.severity()),
            },
        })
        .collect();
    let index = |code: &str| entries.iter().position(|e| e.code == code).unwrap_or(0);
    let sources = &findings.sources;
    let silenced = findings.suppressed.iter().map(|s| {
        let suppression = match &s.by {
            Silencer::Comment { reason, .. } => Suppression {
                kind: "inSource",
                justification: reason
                    .as_deref()
                    .map(|r| crate::visible::line(r).into_owned()),
            },
            Silencer::Baseline { file } => Suppression {
                kind: "external",
                justification: Some(format!("recorded in the baseline {file}")),
            },
        };
        (&s.diagnostic, Some(suppression))
    });
    let mut all: Vec<(&Diagnostic, Option<Suppression>)> = findings
        .diagnostics
        .iter()
        .map(|d| (d, None))
        .chain(silenced)
        .collect();
    // In the order of their places, so that a finding's fingerprint does not change
    // when another is silenced.
    all.sort_by_key(|(d, _)| (&sources.get(d.location.file).name, d.location.span.start()));
    let results = Streamed(|| {
        let fingerprints = fingerprints(sources, all.iter().map(|(d, _)| *d));
        all.iter()
            .zip(fingerprints)
            .map(|((d, suppression), fingerprint)| SarifResult {
                rule_id: d.code(),
                rule_index: index(d.code()),
                level: level(d.severity),
                message: Text { text: message(d) },
                locations: [place(sources, d.location, None, None)],
                related_locations: d
                    .secondary()
                    .iter()
                    .enumerate()
                    .map(|(i, l)| place(sources, l.location, Some(i), Some(l.message.to_string())))
                    .collect(),
                partial_fingerprints: Fingerprints {
                    cmilint: fingerprint,
                },
                suppressions: suppression.as_slice(),
            })
    });
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "cmilint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::from)?;
    writeln!(out)
}

/// A text of a rule file on one line, its white space folded.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The message, with its help, as one text.
fn message(d: &Diagnostic) -> String {
    let mut text = d.message().to_string();
    if let Some(help) = &d.help() {
        text.push_str("\nhelp: ");
        text.push_str(help);
    }
    text
}

fn place(
    sources: &SourceMap,
    location: Location,
    id: Option<usize>,
    message: Option<String>,
) -> Place {
    let file = sources.get(location.file);
    let start = file.line_col(location.span.start());
    let end = file.line_col(location.span.end());
    Place {
        id,
        physical_location: PhysicalLocation {
            artifact_location: artifact(&file.name),
            region: Region {
                start_line: start.line,
                start_column: start.column,
                end_line: end.line,
                end_column: end.column,
            },
        },
        message: message.map(|text| Text { text }),
    }
}

/// A file's name as a URI: relative to where cmilint ran (`%SRCROOT%`, as code
/// scanning expects), or `file://` for an absolute path; `/` between folders.
fn artifact(name: &str) -> ArtifactLocation {
    let path = name.strip_prefix("./").unwrap_or(name).replace('\\', "/");
    if path.starts_with('/') {
        return ArtifactLocation {
            uri: crate::uri::of_file(std::path::Path::new(&path)),
            uri_base_id: None,
        };
    }
    ArtifactLocation {
        uri: crate::uri::encoded(&path),
        uri_base_id: Some("%SRCROOT%"),
    }
}

#[cfg(test)]
mod tests {
    use super::artifact;

    #[test]
    fn a_file_name_is_a_uri_relative_to_the_checkout_or_absolute() {
        let relative = artifact("./plans/a plan,1.cmi");
        assert_eq!(relative.uri, "plans/a%20plan%2C1.cmi");
        assert_eq!(relative.uri_base_id, Some("%SRCROOT%"));
        let absolute = artifact("/srv/plans/é.cmi");
        assert_eq!(absolute.uri, "file:///srv/plans/%C3%A9.cmi");
        assert_eq!(absolute.uri_base_id, None);
    }
}
