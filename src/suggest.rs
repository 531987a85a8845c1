//! "Did you mean": the closest of a set of words to a misspelt one, at a bounded cost.
//!
//! Comparing two words costs the product of their lengths, and a hostile plan can ask
//! for thousands of suggestions among thousands of words. So words longer than
//! [`MAX_WORD`] get no suggestion, and each check of a plan (of its references, of its
//! `use` lines, of the suppressions of a run) has a [`Suggestions`] budget in
//! proportion to the text it serves: once it is spent, no more suggestions are made.
//! So suggestions never cost more than a fixed multiple of reading the text, however
//! many plans share a library. A search that would overrun the budget makes none, so
//! what is suggested never depends on the order candidates come in.

/// Words of more characters than this are not misspelt by hand: they get no
/// suggestion (a candidate so long is suggested only for a word near its length).
const MAX_WORD: usize = 64;

/// What a budget may spend whatever the size of its text, in characters compared (a
/// word's length times a candidate's) and candidates looked at: a few milliseconds.
const BASE: usize = 1_000_000;

/// What a budget may spend more for each byte of its text: far beyond what a plan
/// written by people asks for, and about as long as the rest of its check at most.
const PER_BYTE: usize = 16;

/// A budget for suggestions.
pub(crate) struct Suggestions {
    left: usize,
}

impl Suggestions {
    /// A budget for suggestions about a text of `bytes` bytes.
    pub(crate) fn for_text(bytes: usize) -> Self {
        let mut budget = Self { left: BASE };
        budget.grant(bytes);
        budget
    }

    /// More budget, for `bytes` more text (a file that joins a plan).
    pub(crate) fn grant(&mut self, bytes: usize) {
        self.left = self.left.saturating_add(PER_BYTE.saturating_mul(bytes));
    }

    /// The candidate closest to `word`, if one is close enough to be a likely typo:
    /// the same word in other letter case, or at most one edit (an insertion, a
    /// deletion, a substitution or two letters swapped) for short words and a quarter
    /// of the word's length for longer ones. Ties go to the candidate first in
    /// alphabetical order.
    pub(crate) fn closest<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> Option<&'a str> {
        let length = word.chars().count();
        if length > MAX_WORD || self.left == 0 {
            return None;
        }
        let limit = (length / 4).max(1);
        let lower = word.to_ascii_lowercase();
        let mut best: Option<(usize, &str)> = None;
        for candidate in candidates {
            // A word whose length differs by more than the edits allowed cannot be
            // close; a character is at most four bytes.
            let near_in_length = candidate.len() <= 4 * (length + limit)
                && candidate.chars().count().abs_diff(length) <= limit;
            let cost = if near_in_length {
                1 + length * candidate.len()
            } else {
                1
            };
            let Some(left) = self.left.checked_sub(cost) else {
                self.left = 0;
                return None;
            };
            self.left = left;
            if !near_in_length || candidate == word {
                continue;
            }
            let distance = strsim::osa_distance(&lower, &candidate.to_ascii_lowercase());
            if distance <= limit && best.is_none_or(|b| (distance, candidate) < b) {
                best = Some((distance, candidate));
            }
        }
        best.map(|(_, candidate)| candidate)
    }

    /// `; did you mean `x`?`, or nothing.
    pub(crate) fn did_you_mean<'a>(
        &mut self,
        word: &str,
        candidates: impl IntoIterator<Item = &'a str>,
    ) -> String {
        self.closest(word, candidates)
            .map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
    }
}

#[cfg(test)]
mod tests {
    use super::{BASE, MAX_WORD, PER_BYTE, Suggestions};

    fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
        Suggestions::for_text(0).closest(word, candidates)
    }

    #[test]
    fn finds_a_typo_and_ignores_far_words() {
        assert_eq!(closest("unhcrr", ["unhcr", "j9"]), Some("unhcr"));
        assert_eq!(
            closest("organisation", ["organization", "actor"]),
            Some("organization")
        );
        assert_eq!(
            closest("headquarters", ["kind", "contact", "mandate"]),
            None
        );
        assert_eq!(closest("organisation", ["transition", "activity"]), None);
        assert_eq!(closest("nGO", ["ngo", "government"]), Some("ngo"));
        assert_eq!(closest("tiemframe", ["timeframe"]), Some("timeframe"));
    }

    #[test]
    fn the_choice_does_not_depend_on_the_order_of_candidates() {
        assert_eq!(closest("ngx", ["ngy", "ngo", "nga"]), Some("nga"));
        assert_eq!(closest("ngx", ["nga", "ngo", "ngy"]), Some("nga"));
        assert_eq!(closest("ngoo", ["ngo", "ngxo"]), Some("ngo"));
    }

    #[test]
    fn a_very_long_word_gets_no_suggestion() {
        let long = "a".repeat(MAX_WORD + 1);
        let near = format!("{long}b");
        assert_eq!(closest(&long, [near.as_str()]), None);
        let word = "a".repeat(MAX_WORD);
        assert_eq!(closest(&word, [long.as_str()]), Some(long.as_str()));
    }

    #[test]
    fn a_spent_budget_makes_no_more_suggestions() {
        let words: Vec<String> = (0..1000).map(|i| format!("actor-{i:04}")).collect();
        let mut suggestions = Suggestions::for_text(0);
        let mut made = 0;
        for _ in 0..BASE / (1000 * 11) + 2 {
            if suggestions
                .closest("actor-00x1", words.iter().map(String::as_str))
                .is_some()
            {
                made += 1;
            }
        }
        assert!(made > 0, "the budget allows a first suggestion");
        assert_eq!(suggestions.closest("actor-0001", ["actor-0002"]), None);
    }

    #[test]
    fn a_longer_text_buys_more_suggestions() {
        let words: Vec<String> = (0..1000).map(|i| format!("actor-{i:04}")).collect();
        let made = |budget: &mut Suggestions| {
            (0..1000)
                .take_while(|_| {
                    budget
                        .closest("actor-00x1", words.iter().map(String::as_str))
                        .is_some()
                })
                .count()
        };
        let alone = made(&mut Suggestions::for_text(0));
        assert!(alone > 0);
        let doubled = made(&mut Suggestions::for_text(BASE / PER_BYTE));
        assert!(doubled >= 2 * alone - 1, "{alone} then {doubled}");
        let mut granted = Suggestions::for_text(0);
        granted.grant(BASE / PER_BYTE);
        assert_eq!(made(&mut granted), doubled);
    }
}
