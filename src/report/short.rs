//! One line a diagnostic, `file:line:column: severity[CODE] name: message`, the form
//! editors and grep read.

use std::io::{self, Write};

use super::summary::{Summary, write_summary};
use crate::diagnostic::Findings;

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    let Findings {
        sources,
        diagnostics,
        ..
    } = findings;
    for d in diagnostics {
        let file = sources.get(d.location.file);
        let at = file.line_col(d.location.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}: {}",
            file.name,
            at.line,
            at.column,
            d.severity,
            d.code,
            d.code.name(),
            d.message
        )?;
    }
    write_summary(out, &Summary::of(findings))
}
