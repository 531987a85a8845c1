//! A sequence of a JSON report written as it is made: each item is built, written and
//! dropped in turn, so that a report of a million findings is never held whole.

use serde::{Serialize, Serializer};

/// The items `make` gives, serialized as a sequence when the report is written (once).
pub(super) struct Streamed<F>(pub(super) F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: IntoIterator,
    I::Item: Serialize,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}
