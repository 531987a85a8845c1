//! The summary that ends every report: how many errors, warnings and infos, in how
//! many files.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::{Findings, Severity, Silencer};

/// How many diagnostics of each severity, in how many files.
#[derive(Debug, Default, Serialize, PartialEq, Eq)]
pub(super) struct Summary {
    errors: usize,
    warnings: usize,
    infos: usize,
    files: usize,
    left_out: usize,
    /// How many findings the baseline silenced.
    in_baseline: usize,
    /// The entries of the baseline that no longer occur.
    stale_baseline: Vec<Stale>,
}

/// An entry of the baseline that no longer occurs.
#[derive(Debug, Serialize, PartialEq, Eq)]
struct Stale {
    baseline: String,
    file: String,
    code: String,
    message: String,
    count: usize,
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
            in_baseline: findings
                .suppressed
                .iter()
                .filter(|s| matches!(s.by, Silencer::Baseline { .. }))
                .count(),
            stale_baseline: findings
                .stale_baseline
                .iter()
                .map(|e| Stale {
                    baseline: e.baseline.clone(),
                    file: e.file.clone(),
                    code: e.code.clone(),
                    message: e.message.clone(),
                    count: e.count,
                })
                .collect(),
        }
    }

    /// The lines after the summary line that name what the baseline records and no
    /// longer occurs, so that it can be pruned.
    fn stale_lines(&self) -> Vec<String> {
        let Some(first) = self.stale_baseline.first() else {
            return Vec::new();
        };
        let count: usize = self.stale_baseline.iter().map(|e| e.count).sum();
        let findings = if count == 1 {
            "finding that no longer occurs"
        } else {
            "findings that no longer occur"
        };
        let mut lines = vec![format!(
            "the baseline {} records {count} {findings}; `--write-baseline {}` prunes them:",
            first.baseline, first.baseline
        )];
        lines.extend(self.stale_baseline.iter().map(|e| {
            let times = if e.count == 1 {
                String::new()
            } else {
                format!(" ({} times)", e.count)
            };
            format!("  {}: {} {}{times}", e.file, e.code, e.message)
        }));
        lines
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
        let mut line = format!("{} in {}", parts.join(", "), plural(self.files, "file"));
        if self.in_baseline > 0 {
            let hidden = plural(self.in_baseline, "finding");
            line.push_str(" (");
            line.push_str(&hidden);
            line.push_str(" in the baseline not shown)");
        }
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
    writeln!(out, "{}", summary.line())?;
    for line in summary.stale_lines() {
        writeln!(out, "{}", crate::visible::line(&line))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Summary;

    #[test]
    fn summary_line_counts_in_words() {
        let summary = Summary {
            errors: 2,
            warnings: 1,
            files: 3,
            ..Summary::default()
        };
        assert_eq!(summary.line(), "2 errors, 1 warning in 3 files");
        let summary = Summary {
            infos: 1,
            files: 1,
            left_out: 2,
            ..Summary::default()
        };
        assert_eq!(
            summary.line(),
            "0 errors, 0 warnings, 1 info in 1 file (2 plan files left out: hidden, or named \
             by .gitignore or .ignore; --no-ignore checks them)"
        );
    }
}
