//! How many conditions a rule stands for once the predicates it uses are written out,
//! and predicates that use themselves: both are refused when the rules are loaded, so
//! that no rule file can make checking a plan run for ever.

use crate::rules::ir::{Condition, Predicate};

/// The most conditions one condition may stand for once the predicates it uses are
/// written out: a rule file that nests predicates two by two could otherwise ask for
/// more work than the age of the universe allows.
pub(crate) const MAX_WEIGHT: u64 = 100_000;

impl Condition {
    /// How many conditions this one stands for, given the weight of each predicate.
    pub(crate) fn weight(&self, of_predicate: &dyn Fn(usize) -> u64) -> u64 {
        let own = match self {
            Condition::Predicate(p) => of_predicate(*p),
            _ => 1,
        };
        self.parts()
            .iter()
            .map(|c| c.weight(of_predicate))
            .fold(own, u64::saturating_add)
    }
}

/// The weight of every predicate (see [`Condition::weight`]), or the number of a
/// predicate that uses itself, directly or through others.
pub(crate) fn predicate_weights(predicates: &[Predicate]) -> Result<Vec<u64>, usize> {
    let uses: Vec<Vec<usize>> = predicates
        .iter()
        .map(|p| {
            let mut out = Vec::new();
            p.condition.predicates(&mut out);
            out
        })
        .collect();
    // Depth first, with a stack of its own: `None` while a predicate's uses are
    // being weighed, so that meeting it again closes a cycle.
    let mut weights: Vec<Option<Option<u64>>> = vec![None; uses.len()];
    for start in 0..uses.len() {
        if weights[start].is_some() {
            continue;
        }
        let mut stack = vec![(start, 0)];
        while let Some(&mut (p, ref mut next)) = stack.last_mut() {
            if *next == 0 {
                weights[p] = Some(None);
            }
            if let Some(&q) = uses[p].get(*next) {
                *next += 1;
                match weights[q] {
                    None => stack.push((q, 0)),
                    Some(None) => return Err(q),
                    Some(Some(_)) => {}
                }
                continue;
            }
            let weight = predicates[p]
                .condition
                .weight(&|q| weights[q].flatten().unwrap_or(1));
            weights[p] = Some(Some(weight));
            stack.pop();
        }
    }
    Ok(weights
        .into_iter()
        .map(|w| w.flatten().unwrap_or(1))
        .collect())
}
