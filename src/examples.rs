//! Rules tested by their own examples, as `cmilint test-rules` runs them: a rule's bad
//! example must give that rule's diagnostic and no language or suppression diagnostic,
//! its good example neither. Each example is checked on its own, as a plan named
//! `example.cmi`, with every rule loaded; the diagnostics of the other rules do not
//! count.

use std::fmt;

use crate::diagnostic::Diagnostic;
use crate::rules::{Rule, RuleSet};
use crate::workspace::{Input, RunError, check_unset};

/// Which example of a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Example {
    /// The plan the rule must report.
    Bad,
    /// The plan mended, which it must not.
    Good,
}

impl fmt::Display for Example {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Example::Bad => "bad",
            Example::Good => "good",
        })
    }
}

/// A diagnostic of an example that counts: its line, code and message.
#[derive(Debug, PartialEq, Eq)]
pub struct Found {
    /// From 1.
    pub line: usize,
    /// `E004`, or the rule's own code.
    pub code: String,
    /// As the report says it.
    pub message: String,
}

/// An example that does not behave as its rule says.
#[derive(Debug)]
pub struct ExampleFailure {
    /// The rule file the rule comes from, as named.
    pub file: String,
    /// The rule's code.
    pub code: String,
    /// The rule's name.
    pub name: String,
    /// Which of its examples.
    pub example: Example,
    /// What the example gave: the rule's diagnostics and those of the language and of
    /// suppressions.
    pub found: Vec<Found>,
}

impl fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ExampleFailure {
            file,
            code,
            name,
            example,
            found,
        } = self;
        write!(f, "{file}: {code} {name}: the {example} example ")?;
        if found.is_empty() {
            return write!(f, "gives no {code}; it must show what the rule reports");
        }
        let must = match example {
            Example::Bad => format!("only {code}"),
            Example::Good => "nothing".to_owned(),
        };
        write!(f, "must give {must}, and gives:")?;
        for Found {
            line,
            code,
            message,
        } in found
        {
            write!(f, "\n  line {line}: {code} {message}")?;
        }
        Ok(())
    }
}

/// The examples of the rules that `tested` picks that do not behave as their rule
/// says, in the order of the rules, the bad example first.
///
/// # Errors
///
/// When an example cannot be checked at all: a configuration of the current folder
/// that cannot be read.
pub fn failing_examples(
    rules: &RuleSet,
    tested: impl Fn(&Rule) -> bool,
) -> Result<Vec<ExampleFailure>, RunError> {
    let mut failures = Vec::new();
    for rule in rules.rules().iter().filter(|r| tested(r)) {
        for (example, text) in [(Example::Bad, &rule.bad), (Example::Good, &rule.good)] {
            let found = counted(rules, rule, text)?;
            let holds = match example {
                Example::Bad => !found.is_empty() && found.iter().all(|f| *f.code == *rule.code),
                Example::Good => found.is_empty(),
            };
            if !holds {
                failures.push(ExampleFailure {
                    file: rule.file.clone(),
                    code: rule.code.to_string(),
                    name: rule.code.name().to_owned(),
                    example,
                    found,
                });
            }
        }
    }
    Ok(failures)
}

/// What an example gives that counts for `rule`: its diagnostics, and those that no
/// rule gives (of the language, of suppressions).
fn counted(rules: &RuleSet, rule: &Rule, text: &str) -> Result<Vec<Found>, RunError> {
    let findings = check_unset(
        vec![Input::Stdin {
            name: Some("example.cmi".into()),
            bytes: text.as_bytes().to_vec(),
        }],
        rules,
    )?;
    let source = |d: &Diagnostic| findings.sources.get(d.location.file);
    Ok(findings
        .diagnostics
        .iter()
        .filter(|d| **d.code() == *rule.code || rules.rules().iter().all(|r| *r.code != **d.code()))
        .map(|d| Found {
            line: source(d).line_col(d.location.span.start()).line,
            code: d.code().to_string(),
            message: d.message().to_string(),
        })
        .collect())
}
