//! One line a diagnostic, `file:line:column: severity[CODE] name: message`, the form
//! editors and grep read.

use std::io::{self, Write};

use super::{Summary, write_summary};
use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

pub fn write(
    out: &mut dyn Write,
    sources: &SourceMap,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for d in diagnostics {
        let file = sources.get(d.location.file);
        let at = file.line_col(d.location.span.start);
        writeln!(
            out,
            "{}:{}:{}: {}[{}] {}: {}",
            file.name, at.line, at.column, d.severity, d.code, d.name, d.message
        )?;
    }
    write_summary(out, &Summary::of(sources, diagnostics))
}
