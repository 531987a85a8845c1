//! The summary that ends every report: how many errors, warnings and infos, in how
//! many files.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Findings, Severity};

/// How many diagnostics of each severity, in how many files.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub(super) struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    left_out: usize,
}

impl Summary {
    pub(super) fn of(findings: &Findings) -> Summary {
        let count = |s| {
            findings
                .diagnostics
                .iter()
                .filter(|d| d.severity == s)
                .count()
        };
        Summary {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            infos: count(Severity::Info),
            files: findings.sources.len(),
            left_out: findings.left_out,
        }
    }

    /// "2 errors, 1 warning in 3 files", and how many plan files were left out.
    fn line(&self) -> String {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let mut parts = vec![
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
        ];
        if self.infos > 0 {
            parts.push(plural(self.infos, "info"));
        }
        let line = format!("{} in {}", parts.join(", "), plural(self.files, "file"));
        if self.left_out == 0 {
            return line;
        }
        let left_out = plural(self.left_out, "plan file");
        format!(
            "{line} ({left_out} left out: hidden, or named by .gitignore or .ignore; \
             --no-ignore checks them)"
        )
    }
}

/// Writes the summary line after the diagnostics.
pub(super) fn write_summary(out: &mut dyn Write, summary: &Summary) -> io::Result<()> {
    writeln!(out, "{}", summary.line())
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn summary_line_counts_in_words() {
        let summary = Summary {
            errors: 2,
            warnings: 1,
            infos: 0,
            files: 3,
            left_out: 0,
        };
        assert_eq!(summary.line(), "2 errors, 1 warning in 3 files");
        let summary = Summary {
            errors: 0,
            warnings: 0,
            infos: 1,
            files: 1,
            left_out: 2,
        };
        assert_eq!(
            summary.line(),
            "0 errors, 0 warnings, 1 info in 1 file (2 plan files left out: hidden, or named \
             by .gitignore or .ignore; --no-ignore checks them)"
        );
    }
}
