//! The rustc-like report, rendered by codespan-reporting from an excerpt of the
//! files for each diagnostic.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files;
use codespan_reporting::term::{self, Config, termcolor::WriteColor};

use super::excerpt::Excerpt;
use super::summary::{Summary, write_summary};
use crate::diagnostic::{Diagnostic, Findings, Location, Severity};
use crate::source::FileId;

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn WriteColor, findings: &Findings) -> io::Result<()> {
    let Findings {
        sources,
        diagnostics,
        ..
    } = findings;
    let config = Config::default();
    for diagnostic in diagnostics {
        let places: Vec<Location> = std::iter::once(diagnostic.location)
            .chain(diagnostic.secondary().iter().map(|l| l.location))
            .collect();
        let excerpt = Excerpt::new(sources, &places);
        term::emit_to_write_style(out, &config, &excerpt, &rendered(diagnostic, &excerpt))
            .map_err(|error| match error {
                files::Error::Io(error) => error,
                other => io::Error::other(other),
            })?;
    }
    write_summary(out, &Summary::of(findings))
}

fn rendered(diagnostic: &Diagnostic, excerpt: &Excerpt<'_>) -> Rendered<FileId> {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let at = diagnostic.location;
    let mut labels = vec![
        Label::primary(at.file, excerpt.range(at))
            .with_message(diagnostic.label().clone().unwrap_or_default()),
    ];
    labels.extend(diagnostic.secondary().iter().map(|l| {
        Label::secondary(l.location.file, excerpt.range(l.location)).with_message(&l.message)
    }));
    let mut notes: Vec<String> = diagnostic
        .help()
        .iter()
        .map(|h| format!("help: {h}"))
        .collect();
    notes.push(format!(
        "{} {} ({})",
        diagnostic.code(),
        diagnostic.code().name(),
        diagnostic.severity
    ));
    Rendered::new(level)
        .with_code(diagnostic.code())
        .with_message(diagnostic.message())
        .with_labels(labels)
        .with_notes(notes)
}
