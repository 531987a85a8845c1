//! GitHub Actions workflow commands: one `::error`, `::warning` or `::notice` line a
//! diagnostic, which the runner shows as an annotation on the line of the diff, then
//! the summary. Escaped as the runner reads them: in the message `%`, `\r` and `\n`;
//! in the properties `:` and `,` too.

use std::io::{self, Write};

use super::summary::{Summary, write_summary};
use crate::diagnostic::{Findings, Severity};

/// Writes the findings, then the summary line.
pub fn write(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    for d in &findings.diagnostics {
        let file = findings.sources.get(d.location.file);
        let start = file.line_col(d.location.span.start());
        let end = file.line_col(d.location.span.end());
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message().to_string();
        if let Some(help) = &d.help() {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            property(file.name.strip_prefix("./").unwrap_or(&file.name)),
            start.line,
            start.column,
            end.line,
            end.column,
            property(&format!("{} {}", d.code(), d.code().name())),
            data(&message)
        )?;
    }
    write_summary(out, &Summary::of(findings))
}

/// A command's message.
fn data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A command's property value.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn escapes_as_the_runner_reads() {
        assert_eq!(data("100% sure:\r\nyes, no"), "100%25 sure:%0D%0Ayes, no");
        assert_eq!(property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }
}
