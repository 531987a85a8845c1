//! Where a part of a rule file stands in its text, for reporting a mistake in it:
//! serde reads the rules without places, so a second, event-level reading of the YAML
//! finds the part by its keys and list positions, only once a mistake is found.

use std::ops::Range;

use saphyr_parser::{Event, Parser, Span};

/// A step from a YAML node into one of its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Key {
    /// The entry with this key in a mapping (a mapping entry spans its key and value).
    Name(String),
    /// The item at this position in a sequence.
    Item(usize),
}

impl From<&str> for Key {
    fn from(name: &str) -> Key {
        Key::Name(name.to_owned())
    }
}

impl From<String> for Key {
    fn from(name: String) -> Key {
        Key::Name(name)
    }
}

impl From<usize> for Key {
    fn from(index: usize) -> Key {
        Key::Item(index)
    }
}

/// The byte range of the part at `path` in the first document of `text`, or of the
/// deepest part on the way that is there.
pub(super) fn find(text: &str, path: &[Key]) -> Option<Range<usize>> {
    let mut events = Parser::new_from_str(text).map_while(Result::ok);
    let mut node = loop {
        let (event, span) = events.next()?;
        if !matches!(event, Event::StreamStart | Event::DocumentStart(_)) {
            break (event, span);
        }
    };
    let mut start = node.1.start.index();
    for key in path {
        let entry = match (&node.0, key) {
            (Event::MappingStart(..), Key::Name(name)) => entry(&mut events, name),
            (Event::SequenceStart(..), Key::Item(index)) => item(&mut events, *index),
            _ => break,
        };
        match entry {
            Ok((entry_start, part)) => {
                start = entry_start;
                node = part;
            }
            Err(end) => return Some(range(text, start, end)),
        }
    }
    let end = end_of(&mut events, node);
    Some(range(text, start, end))
}

/// The byte range of a range of characters, without the white space it ends with.
fn range(text: &str, start: usize, end: Option<usize>) -> Range<usize> {
    let start = byte(text, start);
    let end = end.map_or(text.len(), |end| byte(text, end)).max(start);
    start..start + text[start..end].trim_end().len()
}

type Events<'a> = dyn Iterator<Item = (Event<'a>, Span)> + 'a;

/// What a search in a mapping or sequence just opened finds: the part and where its
/// entry starts, or else where the collection ends (`None`: the text ends first).
type Found<'a> = Result<(usize, (Event<'a>, Span)), Option<usize>>;

/// The value of the entry named `name` of the mapping just opened.
fn entry<'a>(events: &mut Events<'a>, name: &str) -> Found<'a> {
    loop {
        let key = events.next().ok_or(None)?;
        let found = match &key.0 {
            Event::MappingEnd => return Err(Some(key.1.end.index())),
            Event::Scalar(value, ..) => value == name,
            _ => false,
        };
        let key_start = key.1.start.index();
        end_of(events, key).ok_or(None)?;
        let value = events.next().ok_or(None)?;
        if found {
            return Ok((key_start, value));
        }
        end_of(events, value).ok_or(None)?;
    }
}

/// The item at `index` of the sequence just opened.
fn item<'a>(events: &mut Events<'a>, index: usize) -> Found<'a> {
    let mut skipped = 0;
    loop {
        let part = events.next().ok_or(None)?;
        if matches!(part.0, Event::SequenceEnd) {
            return Err(Some(part.1.end.index()));
        }
        if skipped == index {
            return Ok((part.1.start.index(), part));
        }
        skipped += 1;
        end_of(events, part).ok_or(None)?;
    }
}

/// Reads past the node that `first` opens; where it ends (in characters), if the text
/// holds its end.
fn end_of(events: &mut Events<'_>, first: (Event<'_>, Span)) -> Option<usize> {
    let mut open = 0usize;
    let mut last = first;
    loop {
        match last.0 {
            Event::MappingStart(..) | Event::SequenceStart(..) => open += 1,
            Event::MappingEnd | Event::SequenceEnd => open = open.saturating_sub(1),
            _ => {}
        }
        if open == 0 {
            return Some(last.1.end.index());
        }
        last = events.next()?;
    }
}

/// The byte offset of a character index.
fn byte(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(b, _)| b)
}

#[cfg(test)]
mod tests {
    use super::{Key, find};

    #[test]
    fn parts_are_found_by_key_and_position() {
        let text = "# rules\nrules:\n  - code: A1\n    checks: []\n  - code: \"B2\"\n    checks:\n      - { for-each: actor, where: { absent: kind } }\n";
        let at = |path: &[Key]| find(text, path).map(|r| &text[r]);
        assert_eq!(
            at(&["rules".into(), Key::Item(1), "code".into()]),
            Some("code: \"B2\"")
        );
        let absent = at(&[
            "rules".into(),
            Key::Item(1),
            "checks".into(),
            Key::Item(0),
            "where".into(),
        ]);
        assert_eq!(absent, Some("where: { absent: kind }"));
        // A part that is not there: the deepest part on the way.
        assert_eq!(
            at(&["rules".into(), Key::Item(0), "severity".into()]),
            Some("code: A1\n    checks: []")
        );
        // Broken YAML: as far as it can be read.
        let broken = "{ a: [";
        assert_eq!(find(broken, &["a".into(), Key::Item(3)]), Some(2..6));
    }
}
