//! A quick byte scan of a file before pest parses it: the nesting-depth limit
//! (E016), since pest and the syntax builder recurse once per level of blocks and a
//! file nested deeper than the limit must never reach them; where the comments are
//! (pest skips them), for the suppressions; and where a large file can be cut into
//! stretches that are parsed in parallel.

use crate::source::Span;

/// What the scan saw lately, to find the kind keyword of a block that opens too deep.
#[derive(Clone, Copy, PartialEq)]
enum Seen {
    Word(usize, usize),
    Text,
    Colon,
    Other,
}

/// What the scan found.
pub(super) enum Scan {
    /// The header (its kind keyword, as far as a quick scan can tell) of the first
    /// block that opens deeper than the limit.
    TooDeep(Span),
    /// The file is within the limit.
    Within(Layout),
}

pub(super) struct Layout {
    /// Every comment, from `#` to the end of its line.
    pub comments: Vec<Span>,
    /// Lines that start with a word outside every block, at least `stretch` bytes
    /// apart: where a top-level item most likely begins. A likely place, not a sure
    /// one: the parser checks that its items really begin there.
    pub cuts: Vec<usize>,
}

/// Scans `text` from `start`; strings and comments are read as the grammar reads
/// them, and a top-level block is at depth 1.
pub(super) fn scan(text: &str, start: usize, max_depth: usize, stretch: usize) -> Scan {
    let mut comments = Vec::new();
    let mut cuts = Vec::new();
    let mut next_cut = start.saturating_add(stretch);
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    // What was seen last before the current position, newest last.
    let mut recent = [Seen::Other; 4];
    let push = |recent: &mut [Seen; 4], seen: Seen| {
        recent.rotate_left(1);
        recent[3] = seen;
    };
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                let end = memchr_newline(bytes, i);
                let end = if end > i && bytes[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                comments.push(Span::new(i, end));
                i = memchr_newline(bytes, i);
            }
            b'"' => {
                i = skip_string(bytes, i);
                push(&mut recent, Seen::Text);
                continue;
            }
            b'{' => {
                depth += 1;
                if depth > max_depth {
                    return Scan::TooDeep(header_before(&recent, i));
                }
                push(&mut recent, Seen::Other);
            }
            b'}' => {
                depth = depth.saturating_sub(1);
                push(&mut recent, Seen::Other);
            }
            b':' => push(&mut recent, Seen::Colon),
            b if b.is_ascii_alphanumeric() => {
                let begin = i;
                if depth == 0 && begin >= next_cut && begin > start && bytes[begin - 1] == b'\n' {
                    cuts.push(begin);
                    next_cut = begin.saturating_add(stretch);
                }
                while i < bytes.len()
                    && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'-' | b'_' | b'.'))
                {
                    i += 1;
                }
                push(&mut recent, Seen::Word(begin, i));
                continue;
            }
            b if b.is_ascii_whitespace() => {}
            _ => push(&mut recent, Seen::Other),
        }
        i += 1;
    }
    Scan::Within(Layout { comments, cuts })
}

/// `KIND [ID] ["TITLE"] {`: the kind is the first of the one or two words before `{`
/// and its title, unless the first of two words is the value of a field (`kind: ngo
/// activity {`).
fn header_before(recent: &[Seen; 4], brace: usize) -> Span {
    let head = match recent {
        [.., Seen::Text] => &recent[..3],
        _ => &recent[..],
    };
    let word = |t: &Seen| match *t {
        Seen::Word(s, e) => Some(Span::new(s, e)),
        _ => None,
    };
    match head {
        [.., before, a, b] if word(a).is_some() && word(b).is_some() => {
            if *before == Seen::Colon {
                word(b)
            } else {
                word(a)
            }
        }
        [.., a, b] if word(a).is_some() && word(b).is_some() => word(a),
        [.., last] => word(last),
        [] => None,
    }
    .unwrap_or(Span::new(brace, brace + 1))
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |p| from + p)
}

/// The index after the string starting at `from` (a `"` or `"""`), or after the point
/// where an unclosed one-line string ends its line.
fn skip_string(bytes: &[u8], from: usize) -> usize {
    if bytes[from..].starts_with(b"\"\"\"") {
        let mut i = from + 3;
        while i < bytes.len() {
            if bytes[i] == b'\\' {
                i += 2;
            } else if bytes[i..].starts_with(b"\"\"\"") {
                return i + 3;
            } else {
                i += 1;
            }
        }
        return bytes.len();
    }
    let mut i = from + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            b'\n' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}
