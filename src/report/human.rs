//! The rustc-like report, rendered by codespan-reporting.

use std::io;

use codespan_reporting::diagnostic::{Diagnostic as Rendered, Label, Severity as Level};
use codespan_reporting::files;
use codespan_reporting::term::{self, Config, termcolor::WriteColor};

use super::summary::{Summary, write_summary};
use crate::diagnostic::{Diagnostic, Findings, Severity};
use crate::source::FileId;

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn WriteColor, findings: &Findings) -> io::Result<()> {
    let Findings {
        sources,
        diagnostics,
    } = findings;
    let config = Config::default();
    for diagnostic in diagnostics {
        term::emit_to_write_style(out, &config, sources, &rendered(diagnostic)).map_err(
            |error| match error {
                files::Error::Io(error) => error,
                other => io::Error::other(other),
            },
        )?;
    }
    write_summary(out, &Summary::of(findings))
}

fn rendered(diagnostic: &Diagnostic) -> Rendered<FileId> {
    let level = match diagnostic.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Note,
    };
    let at = diagnostic.location;
    let mut labels = vec![
        Label::primary(at.file, at.span.range())
            .with_message(diagnostic.label.clone().unwrap_or_default()),
    ];
    labels.extend(diagnostic.secondary.iter().map(|l| {
        Label::secondary(l.location.file, l.location.span.range()).with_message(&l.message)
    }));
    let mut notes: Vec<String> = diagnostic
        .help
        .iter()
        .map(|h| format!("help: {h}"))
        .collect();
    notes.push(format!(
        "{} {} ({})",
        diagnostic.code, diagnostic.name, diagnostic.severity
    ));
    Rendered::new(level)
        .with_code(diagnostic.code.as_ref())
        .with_message(&diagnostic.message)
        .with_labels(labels)
        .with_notes(notes)
}
