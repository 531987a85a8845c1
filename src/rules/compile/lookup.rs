//! Choosing how an `exists` that speaks of the block in focus finds its candidates:
//! by a condition of its `where` that compares a path from the block looked at with
//! a path from the block in focus (or the plan), which an index answers.

use crate::rules::ir::{Condition, Lookup, Matching};

/// The lookup of an `exists` condition: from the condition itself, or from the first
/// of the conditions of an `all` that allows one.
pub(super) fn of(condition: &Condition) -> Option<Lookup> {
    match condition {
        Condition::All(conditions) => conditions.iter().find_map(of_one),
        one => of_one(one),
    }
}

fn of_one(condition: &Condition) -> Option<Lookup> {
    let (a, b, matching) = match condition {
        Condition::Same { path, other } => (path, other, Matching::Equal),
        Condition::Overlaps { path, with } => (path, with, Matching::Overlapping),
        Condition::Within { path, of } => (path, of, Matching::Overlapping),
        _ => return None,
    };
    let (inner, outer) = if b.starts_outside() && !a.starts_at_focus() {
        (a, b)
    } else if a.starts_outside() && !b.starts_at_focus() {
        (b, a)
    } else {
        return None;
    };
    Some(Lookup {
        inner: inner.clone(),
        outer: outer.clone(),
        matching,
    })
}
