//! What cmilint reports: a diagnostic with its code, severity, place and explanation,
//! and the catalogue of the built-in language codes.

use std::borrow::Cow;
use std::fmt;

use serde::Serialize;

use crate::source::{FileId, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
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
    pub file: FileId,
    pub span: Span,
}

/// A second place that explains the cause ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    pub location: Location,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// `E004`, `CMI110`, or an organisation's own rule code.
    pub code: Cow<'static, str>,
    pub name: Cow<'static, str>,
    pub severity: Severity,
    pub message: String,
    pub location: Location,
    /// The text under the primary place ("expected `:` here").
    pub label: Option<String>,
    pub secondary: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic of a built-in language code.
    pub fn language(code: LanguageCode, location: Location, message: impl Into<String>) -> Self {
        let info = code.info();
        Diagnostic {
            code: Cow::Borrowed(info.code),
            name: Cow::Borrowed(info.name),
            severity: Severity::Error,
            message: message.into(),
            location,
            label: None,
            secondary: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_secondary(mut self, location: Location, message: impl Into<String>) -> Self {
        self.secondary.push(Label {
            location,
            message: message.into(),
        });
        self
    }
}

/// The language diagnostics, built into cmilint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LanguageCode {
    SyntaxError,
    UnknownBlockKind,
    UnknownField,
    InvalidValue,
    UndefinedReference,
    DuplicateId,
    InvalidDate,
    ReversedRange,
    MissingRequiredField,
    UseNotFound,
    UseCycle,
    WrongReferenceKind,
    DuplicateField,
    MisplacedBlock,
    InvalidSubject,
    LimitExceeded,
}

pub struct CodeInfo {
    pub code: &'static str,
    pub name: &'static str,
    pub summary: &'static str,
}

impl CodeInfo {
    /// A syntax error and a limit make a file unusable and cannot be suppressed.
    pub fn suppressible(&self) -> bool {
        !matches!(self.code, "E001" | "E016")
    }
}

impl LanguageCode {
    pub const ALL: [LanguageCode; 16] = [
        LanguageCode::SyntaxError,
        LanguageCode::UnknownBlockKind,
        LanguageCode::UnknownField,
        LanguageCode::InvalidValue,
        LanguageCode::UndefinedReference,
        LanguageCode::DuplicateId,
        LanguageCode::InvalidDate,
        LanguageCode::ReversedRange,
        LanguageCode::MissingRequiredField,
        LanguageCode::UseNotFound,
        LanguageCode::UseCycle,
        LanguageCode::WrongReferenceKind,
        LanguageCode::DuplicateField,
        LanguageCode::MisplacedBlock,
        LanguageCode::InvalidSubject,
        LanguageCode::LimitExceeded,
    ];

    pub fn info(self) -> CodeInfo {
        let (code, name, summary) = match self {
            LanguageCode::SyntaxError => ("E001", "syntax-error", "the text is not in the grammar"),
            LanguageCode::UnknownBlockKind => (
                "E002",
                "unknown-block-kind",
                "a block kind not in the vocabulary",
            ),
            LanguageCode::UnknownField => {
                ("E003", "unknown-field", "a field not allowed in its block")
            }
            LanguageCode::InvalidValue => (
                "E004",
                "invalid-value",
                "a value of the wrong type, or a word outside its enumeration",
            ),
            LanguageCode::UndefinedReference => (
                "E005",
                "undefined-reference",
                "a reference to an identifier that no block defines",
            ),
            LanguageCode::DuplicateId => (
                "E006",
                "duplicate-id",
                "a second block of the same kind with the same identifier",
            ),
            LanguageCode::InvalidDate => {
                ("E007", "invalid-date", "a date that is not in the calendar")
            }
            LanguageCode::ReversedRange => (
                "E008",
                "reversed-range",
                "a range that ends before it starts",
            ),
            LanguageCode::MissingRequiredField => (
                "E009",
                "missing-required-field",
                "a required field is absent",
            ),
            LanguageCode::UseNotFound => (
                "E010",
                "use-not-found",
                "a `use` path that does not name a readable file inside the plan's tree",
            ),
            LanguageCode::UseCycle => ("E011", "use-cycle", "a `use` that closes a cycle"),
            LanguageCode::WrongReferenceKind => (
                "E012",
                "wrong-reference-kind",
                "a reference to a block of another kind",
            ),
            LanguageCode::DuplicateField => (
                "E013",
                "duplicate-field",
                "a field given twice in one block",
            ),
            LanguageCode::MisplacedBlock => (
                "E014",
                "misplaced-block",
                "a block where it may not stand, a second `plan` or `transition`",
            ),
            LanguageCode::InvalidSubject => (
                "E015",
                "invalid-subject",
                "a `subject` with both or neither of `addressed-by` and `not-applicable`",
            ),
            LanguageCode::LimitExceeded => (
                "E016",
                "limit-exceeded",
                "input past a limit (file size, nesting depth)",
            ),
        };
        CodeInfo {
            code,
            name,
            summary,
        }
    }
}
