//! The rustc-like report, rendered by codespan-reporting from an excerpt of the
//! files for each diagnostic.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files;
use codespan_reporting::term::termcolor::{NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::excerpt::Excerpt;
use super::summary::{Summary, write_summary};
use crate::diagnostic::{Diagnostic, Findings, Location, Severity};
use crate::source::{FileId, SourceMap};

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn WriteColor, findings: &Findings) -> io::Result<()> {
    let Findings {
        sources,
        diagnostics,
        ..
    } = findings;
    for diagnostic in diagnostics {
        emit(out, sources, diagnostic)?;
    }
    write_summary(out, &Summary::of(findings))
}

/// One diagnostic as the human report shows it, without colour: the source excerpt
/// of the reviewer's page (`cmilint report`).
pub(crate) fn as_human(sources: &SourceMap, diagnostic: &Diagnostic) -> String {
    let mut out = NoColor::new(Vec::new());
    // Writing to memory fails only if the excerpt cannot be read, which it always
    // can: what was rendered so far is shown all the same.
    let _ = emit(&mut out, sources, diagnostic);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

fn emit(out: &mut dyn WriteColor, sources: &SourceMap, diagnostic: &Diagnostic) -> io::Result<()> {
    let places: Vec<Location> = std::iter::once(diagnostic.location)
        .chain(diagnostic.secondary().iter().map(|l| l.location))
        .collect();
    let excerpt = Excerpt::new(sources, &places);
    term::emit_to_write_style(
        out,
        &Config::default(),
        &excerpt,
        &rendered(diagnostic, &excerpt),
    )
    .map_err(|error| match error {
        files::Error::Io(error) => error,
        other => io::Error::other(other),
    })
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
