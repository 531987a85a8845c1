//! One line a diagnostic, `file:line:column: severity[CODE] name: message`, the form
//! editors and grep read.

use std::fmt;
use std::io::{self, Write};

use super::summary::{Summary, write_summary};
use crate::diagnostic::{Diagnostic, Findings};
use crate::source::SourceFile;

/// A diagnostic of a file as one line (the JUnit report quotes it too).
pub(super) struct OneLine<'a>(pub(super) &'a SourceFile, pub(super) &'a Diagnostic);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let OneLine(file, d) = self;
        let at = file.line_col(d.location.span.start());
        write!(
            f,
            "{}:{}:{}: {}[{}] {}: {}",
            file.name,
            at.line,
            at.column,
            d.severity,
            d.code(),
            d.code().name(),
            d.message()
        )
    }
}

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    let Findings {
        sources,
        diagnostics,
        ..
    } = findings;
    for d in diagnostics {
        writeln!(out, "{}", OneLine(sources.get(d.location.file), d))?;
    }
    write_summary(out, &Summary::of(findings))
}
