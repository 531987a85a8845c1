//! A syntax error explained in a planner's words: what the parser's failure becomes
//! before it is a diagnostic.

use crate::source::Span;

/// A syntax error, explained.
#[derive(Debug)]
pub(super) struct Explanation {
    pub(super) span: Span,
    pub(super) message: String,
    pub(super) label: Option<String>,
    pub(super) help: Option<String>,
    pub(super) secondary: Vec<(Span, String)>,
}

impl Explanation {
    pub(super) fn new(span: Span, message: impl Into<String>) -> Self {
        Explanation {
            span,
            message: message.into(),
            label: None,
            help: None,
            secondary: Vec::new(),
        }
    }

    pub(super) fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub(super) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}
