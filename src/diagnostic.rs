//! What cmilint reports: a diagnostic with its code, severity, place and explanation,
//! and the findings of a check (its diagnostics and the files they point into).

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use thin_vec::ThinVec;

use crate::source::{FileId, SourceMap, Span};
use crate::visible;

/// How much a finding weighs: an error fails the run (exit code 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A mistake the plan must not keep.
    Error,
    /// Something a planner should look at.
    Warning,
    /// A note for the planner.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file, in the run's [`SourceMap`](crate::SourceMap).
    pub file: FileId,
    /// The bytes of the file.
    pub span: Span,
}

/// A second place that explains the cause ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    /// Where.
    pub location: Location,
    /// What it says there: often the same for many findings ("first defined here"),
    /// and then held once.
    pub message: Arc<str>,
}

/// A code and its name as findings hold them, once for all: cmilint's own are static,
/// a rule's are shared with the rule. It reads as the code (`E004`, `CMI110`).
#[derive(Clone, Debug)]
pub struct CodeName(Held);

#[derive(Clone, Debug)]
enum Held {
    Own(&'static (&'static str, &'static str)),
    Rule(Arc<(Box<str>, Box<str>)>),
}

impl CodeName {
    /// One of cmilint's own codes, `(code, name)`.
    pub(crate) fn own(names: &'static (&'static str, &'static str)) -> CodeName {
        CodeName(Held::Own(names))
    }

    /// A rule's code and name.
    pub(crate) fn rule(code: &str, name: &str) -> CodeName {
        CodeName(Held::Rule(Arc::new((code.into(), name.into()))))
    }

    /// The code's name: `invalid-value`, `no-transition-plan`.
    pub fn name(&self) -> &str {
        match &self.0 {
            Held::Own((_, name)) => name,
            Held::Rule(names) => &names.1,
        }
    }
}

impl std::ops::Deref for CodeName {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Held::Own((code, _)) => code,
            Held::Rule(names) => &names.0,
        }
    }
}

impl fmt::Display for CodeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

// A code names one rule or one of cmilint's codes: codes are compared, names follow.
impl PartialEq for CodeName {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for CodeName {}

impl std::hash::Hash for CodeName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl PartialOrd for CodeName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CodeName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl PartialEq<str> for CodeName {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for CodeName {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

/// What a diagnostic is of: a code with its name and severity. cmilint's own codes
/// (`codes.rs`) and the CMI rules are codes.
pub(crate) trait Code {
    /// `E004`, `S001`, `CMI110`, with its name (`invalid-value`, `no-transition-plan`).
    fn code_name(&self) -> CodeName;
    fn severity(&self) -> Severity;
}

/// One finding: its code, where it is and what the planner should know. Every text
/// it holds is one line in which whatever would not show as itself (a control or
/// bidirectional character, a line end) is escaped: what it quotes from a plan cannot
/// reach a terminal or a log as anything but visible text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// `E004`, `CMI110`, or an organisation's own rule code, with its name
    /// ([`CodeName::name`]).
    pub code: CodeName,
    /// The code's severity.
    pub severity: Severity,
    /// What is wrong, naming the block.
    pub message: Box<str>,
    /// The primary place.
    pub location: Location,
    /// The text under the primary place ("expected `:` here").
    pub label: Option<Box<str>>,
    /// Other places that explain the cause (most findings have none: one pointer).
    pub secondary: ThinVec<Label>,
    /// How to fix it: often the same text for many findings, and then held once.
    pub help: Option<Arc<str>>,
}

impl Diagnostic {
    /// A diagnostic of `code` at a place; the other parts are added with `with_…`.
    pub(crate) fn new(code: &impl Code, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            code: code.code_name(),
            severity: code.severity(),
            message: visible::into_line(message.into()).into_boxed_str(),
            location,
            label: None,
            secondary: ThinVec::new(),
            help: None,
        }
    }

    pub(crate) fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(visible::into_line(label.into()).into_boxed_str());
        self
    }

    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(visible::into_line(help.into()).into());
        self
    }

    /// The help of many findings, held once (see [`Shared`]).
    pub(crate) fn with_shared_help(mut self, help: Arc<str>) -> Self {
        self.help = Some(help);
        self
    }

    pub(crate) fn with_secondary(self, location: Location, message: impl Into<String>) -> Self {
        let message = visible::into_line(message.into()).into();
        self.with_shared_secondary(location, message)
    }

    /// A place beside the finding's own whose text many findings give, held once (see
    /// [`Shared`]).
    pub(crate) fn with_shared_secondary(mut self, location: Location, message: Arc<str>) -> Self {
        // Most findings have one place beside their own, or none: no room for more.
        self.secondary.reserve_exact(1);
        self.secondary.push(Label { location, message });
        self
    }
}

/// The helps and labels given so far, each held once: the findings of one kind of
/// mistake often say the same thing (the kinds of block, the fields of a kind, "first
/// defined here"), and a plan may make the same mistake a hundred thousand times.
#[derive(Default)]
pub(crate) struct Shared(std::collections::HashSet<Arc<str>>);

impl Shared {
    /// The text, made visible, as held: copied only the first time.
    pub(crate) fn get(&mut self, text: &str) -> Arc<str> {
        let text = visible::line(text);
        if let Some(known) = self.0.get(&*text) {
            return known.clone();
        }
        let new: Arc<str> = Arc::from(&*text);
        self.0.insert(new.clone());
        new
    }
}

/// A finding silenced, kept for the reports that show what was silenced and why.
pub struct Suppressed {
    /// What would have been reported.
    pub diagnostic: Diagnostic,
    /// What silenced it.
    pub by: Silencer,
}

/// What silences a finding.
pub enum Silencer {
    /// A `# cmilint: allow(...)` comment, with the reason it gives after `--`.
    Comment {
        /// The comment.
        at: Location,
        /// Its reason, if it gives one.
        reason: Option<String>,
    },
    /// The baseline file of `--baseline`.
    Baseline {
        /// The file, as named.
        file: String,
    },
}

/// An entry of the baseline that matches fewer findings than it counts: what it
/// recorded was mended (or changed), and `--write-baseline` would prune it.
pub struct StaleEntry {
    /// The baseline file, as named.
    pub baseline: String,
    /// The file of the finding, relative to the baseline's folder.
    pub file: String,
    /// Its code.
    pub code: String,
    /// Its message.
    pub message: String,
    /// How many of it no longer occur.
    pub count: usize,
}

/// Everything a check found.
pub struct Findings {
    /// Every file read, for the places of the diagnostics.
    pub sources: SourceMap,
    /// The diagnostics, sorted by file, line, column, code and message.
    pub diagnostics: Vec<Diagnostic>,
    /// The findings that suppressions silenced, in the same order, then those the
    /// baseline silenced.
    pub suppressed: Vec<Suppressed>,
    /// The entries of the baseline that no longer occur.
    pub stale_baseline: Vec<StaleEntry>,
    /// How many plan files the folders given held that were not checked: hidden, or
    /// named by a `.gitignore` or `.ignore` file (`--no-ignore` checks them).
    pub left_out: usize,
}

#[cfg(test)]
mod tests {
    use super::Diagnostic;

    /// A plan can make a million findings: what each costs is kept in check, as rustc
    /// keeps its own large types (docs/performance.md, "Memory").
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_finding_stays_small() {
        assert_eq!(size_of::<Diagnostic>(), 104);
    }
}
