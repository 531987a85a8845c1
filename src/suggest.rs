//! "Did you mean": the closest of a set of words to a misspelt one.

/// More candidates of a length close enough than this are not compared, so that a plan
/// with many undefined references stays fast to check.
const MAX_CANDIDATES: usize = 5_000;

/// The candidate closest to `word`, if one is close enough to be a likely typo: the
/// same word in other letter case, or at most one edit for short words and a quarter
/// of the word's length for longer ones.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let length = word.chars().count();
    let limit = (length / 4).max(1);
    let lower = word.to_ascii_lowercase();
    candidates
        .into_iter()
        // A word of a length further off than the edits allowed cannot be close.
        .filter(|c| c.chars().count().abs_diff(length) <= limit)
        .take(MAX_CANDIDATES)
        .filter(|c| *c != word)
        .map(|c| {
            (
                strsim::damerau_levenshtein(&lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)`, or nothing.
pub(crate) fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> String {
    closest(word, candidates).map_or_else(String::new, |c| format!("; did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::closest;

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
    }
}
