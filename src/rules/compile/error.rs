//! A mistake in a rule file, as the compiler finds it: what is wrong, and where in the
//! rule or predicate, for the loader to place in the file.

use crate::rules::places::Key;

/// A mistake in a rule file: what is wrong, the part of the rule or predicate it is in
/// and the text it is about there (to locate it).
#[derive(Debug)]
pub(crate) struct CompileError {
    pub message: String,
    /// Keys and list positions from the rule or predicate to the part, outermost first.
    pub at: Vec<Key>,
    pub near: Option<String>,
}

impl CompileError {
    pub(crate) fn new(message: impl Into<String>, near: impl Into<String>) -> Self {
        CompileError {
            message: message.into(),
            at: Vec::new(),
            near: Some(near.into()),
        }
    }

    /// The mistake in the part of the rule or predicate that holds it.
    pub(crate) fn within(mut self, key: impl Into<Key>) -> Self {
        self.at.insert(0, key.into());
        self
    }
}

pub(super) type Result<T> = std::result::Result<T, CompileError>;

/// Says which part of the rule or predicate a mistake is in.
pub(crate) trait Within {
    fn within(self, key: impl Into<Key>) -> Self;
}

impl<T> Within for Result<T> {
    fn within(self, key: impl Into<Key>) -> Self {
        self.map_err(|e| e.within(key))
    }
}
