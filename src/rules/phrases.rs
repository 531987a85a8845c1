//! Phrase matching in plan texts, as rules.md defines it: ASCII letters match in
//! either case, the words of a phrase may be separated by any run of Unicode white
//! space (line breaks included), and a match may not touch a letter, digit or `_`.

/// A phrase to look for, split into its words.
#[derive(Debug)]
pub(crate) struct Phrase {
    /// As the rule file writes it.
    pub(crate) text: String,
    words: Vec<String>,
    /// The first letter, lower case: most places in a text are ruled out by it.
    first: u8,
    /// The second character of the first word, lower case, if it has one: most of
    /// the places left are ruled out by it (the phrases of a letter are many, and
    /// `the` starts a tenth of the words of a text).
    second: Option<u8>,
}

impl Phrase {
    pub(crate) fn new(text: &str) -> Result<Phrase, String> {
        if !text.is_ascii() {
            return Err(format!(
                "the phrase `{text}` is not ASCII text",
                text = crate::yaml::cut(text)
            ));
        }
        let words: Vec<String> = text.split_ascii_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            return Err("a phrase is empty".into());
        }
        if !words[0].as_bytes()[0].is_ascii_alphabetic() {
            return Err(format!(
                "the phrase `{text}` does not start with a letter",
                text = crate::yaml::cut(text)
            ));
        }
        let first = words[0].as_bytes()[0].to_ascii_lowercase();
        let second = words[0].as_bytes().get(1).map(u8::to_ascii_lowercase);
        Ok(Phrase {
            text: text.to_owned(),
            words,
            first,
            second,
        })
    }
}

/// A phrase found in a text: the set it is of, which phrase of it, and the byte range
/// of the whole match.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Found {
    pub set: usize,
    pub phrase: usize,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The phrases of a check, indexed by their first letter.
#[derive(Debug)]
pub(crate) struct PhraseSet {
    pub phrases: Vec<Phrase>,
    by_letter: [Vec<usize>; 26],
}

impl PhraseSet {
    pub(crate) fn new(phrases: Vec<Phrase>) -> PhraseSet {
        let mut by_letter: [Vec<usize>; 26] = Default::default();
        for (i, phrase) in phrases.iter().enumerate() {
            if phrase.first.is_ascii_lowercase() {
                by_letter[usize::from(phrase.first - b'a')].push(i);
            }
        }
        PhraseSet { phrases, by_letter }
    }
}

/// Every occurrence of every phrase of every set in `text`, in order of place, in one
/// pass over the text however many sets there are.
pub(super) fn find(sets: &[&PhraseSet], text: &str) -> Vec<Found> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    // Word by word: a match starts where a word does, with a letter.
    while let Some(&b) = bytes.get(at) {
        let (word, len) = word_char_at(text, at);
        if !word {
            at += len;
            continue;
        }
        if b.is_ascii_alphabetic() {
            phrases_at(sets, text, at, &mut found);
        }
        // The rest of the word: its ASCII characters here, any other the loop reads
        // as a word character that starts nothing.
        at += len;
        while bytes
            .get(at)
            .is_some_and(|&b| b.is_ascii() && IN_WORD[usize::from(b)])
        {
            at += 1;
        }
    }
    found
}

/// Whether the character at `at` is a word character, and its length in bytes.
fn word_char_at(text: &str, at: usize) -> (bool, usize) {
    let b = text.as_bytes()[at];
    if b.is_ascii() {
        (IN_WORD[usize::from(b)], 1)
    } else {
        let c = text[at..]
            .chars()
            .next()
            .unwrap_or(char::REPLACEMENT_CHARACTER);
        (is_word_char(c), c.len_utf8())
    }
}

/// The ASCII word characters: letters, digits and `_`. A table, since a text is read
/// byte by byte.
static IN_WORD: [bool; 128] = {
    let mut table = [false; 128];
    let mut b = 0;
    while b < 128 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte == b'_';
        b += 1;
    }
    table
};

/// The phrases of every set that stand at `start`, the start of a word.
fn phrases_at(sets: &[&PhraseSet], text: &str, start: usize, found: &mut Vec<Found>) {
    let bytes = text.as_bytes();
    let letter = usize::from(bytes[start].to_ascii_lowercase() - b'a');
    let second = bytes.get(start + 1).map(u8::to_ascii_lowercase);
    for (set, phrases) in sets.iter().enumerate() {
        for &phrase in &phrases.by_letter[letter] {
            let candidate = &phrases.phrases[phrase];
            if candidate.second.is_some_and(|s| Some(s) != second) {
                continue;
            }
            if let Some(end) = match_at(candidate, text, start) {
                found.push(Found {
                    set,
                    phrase,
                    start,
                    end,
                });
            }
        }
    }
}

/// The end of the phrase, if `phrase` stands at `start`.
fn match_at(phrase: &Phrase, text: &str, start: usize) -> Option<usize> {
    let mut at = start;
    for (i, word) in phrase.words.iter().enumerate() {
        if i > 0 {
            let gap = text[at..]
                .find(|c: char| !c.is_whitespace())
                .unwrap_or(text.len() - at);
            if gap == 0 {
                return None;
            }
            at += gap;
        }
        let candidate = text.get(at..at + word.len())?;
        if !candidate.eq_ignore_ascii_case(word) {
            return None;
        }
        at += word.len();
    }
    let next = text[at..].chars().next();
    next.is_none_or(|c| !is_word_char(c)).then_some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrases(list: &[&str]) -> PhraseSet {
        PhraseSet::new(list.iter().map(|p| Phrase::new(p).unwrap()).collect())
    }

    #[test]
    fn matches_case_and_white_space_as_rules_md_says() {
        let p = phrases(&["task the", "compel"]);
        let text = "We will TASK\n   the council; they compel us.";
        let found = find(&[&p], text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].phrase, 0);
        assert_eq!(&text[found[0].start..found[0].end], "TASK\n   the");
        assert_eq!(&text[found[1].start..found[1].end], "compel");
    }

    #[test]
    fn a_match_may_not_touch_letters_digits_or_underscores() {
        let p = phrases(&["compel", "these people"]);
        assert!(find(&[&p], "compelling").is_empty());
        assert!(find(&[&p], "xcompel").is_empty());
        assert!(find(&[&p], "_compel").is_empty());
        assert!(find(&[&p], "compel2").is_empty());
        assert!(
            find(&[&p], "écompel").is_empty(),
            "a Unicode letter before it"
        );
        assert!(
            find(&[&p], "thesepeople").is_empty(),
            "the words need white space between them"
        );
        assert_eq!(find(&[&p], "(compel)").len(), 1);
        assert_eq!(
            find(&[&p], "these\u{00a0}people").len(),
            1,
            "any Unicode white space"
        );
    }

    #[test]
    fn several_sets_are_found_in_one_pass_in_order_of_place() {
        let (stereotypes, directives) = (phrases(&["savage"]), phrases(&["task the", "compel"]));
        let text = "compel the savage; task the savage";
        let found: Vec<(usize, &str)> = find(&[&stereotypes, &directives], text)
            .iter()
            .map(|f| (f.set, &text[f.start..f.end]))
            .collect();
        assert_eq!(
            found,
            [(1, "compel"), (0, "savage"), (1, "task the"), (0, "savage")]
        );
    }

    /// Every place rules.md allows a match to start: an ASCII letter after no word
    /// character, tried there for every phrase.
    fn found_everywhere(set: &PhraseSet, text: &str) -> Vec<(usize, usize, usize)> {
        text.char_indices()
            .filter(|&(start, c)| {
                c.is_ascii_alphabetic()
                    && text[..start]
                        .chars()
                        .next_back()
                        .is_none_or(|p| !is_word_char(p))
            })
            .flat_map(|(start, _)| {
                (0..set.phrases.len()).filter_map(move |phrase| {
                    match_at(&set.phrases[phrase], text, start).map(|end| (phrase, start, end))
                })
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn word_by_word_finds_what_every_place_finds(
            text in "([tT][aAhH]?|the|task|é|_|1| |\u{a0}|\n|-|x){0,40}",
        ) {
            let set = phrases(&["task the", "these people", "t", "the", "ta1"]);
            let found: Vec<_> = find(&[&set], &text)
                .iter()
                .map(|f| (f.phrase, f.start, f.end))
                .collect();
            proptest::prop_assert_eq!(found, found_everywhere(&set, &text));
        }
    }

    #[test]
    fn only_ascii_letters_fold_case() {
        let p = phrases(&["savage"]);
        assert_eq!(find(&[&p], "SAVAGE").len(), 1);
        assert!(find(&[&p], "ſavage").is_empty(), "no Unicode case folding");
    }
}
