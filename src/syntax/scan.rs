//! Quick byte scans, read as the grammar reads the text (strings and comments whole):
//! of a file before pest parses it, for where the comments are (pest skips them, the
//! suppressions need them) and where a large file can be cut into stretches parsed in
//! parallel; and of each top-level item before pest reads it, for the nesting-depth
//! limit (E016), since pest and the syntax builder recurse once per level of blocks
//! and a block nested deeper than the limit must never reach them.

use crate::source::Span;

/// What the scan saw lately, to find the kind keyword of a block that opens too deep.
#[derive(Clone, Copy, PartialEq)]
enum Seen {
    Word(usize, usize),
    Text,
    Colon,
    Other,
}

/// What a file holds, as far as the scans need to know.
#[derive(Clone, Copy)]
enum Piece {
    /// From `#` to the end of the line (a line end's `\r` left out).
    Comment(Span),
    /// A `{`, at this offset.
    Open(usize),
    Close,
    Seen(Seen),
}

/// Reads a text from a place as the grammar reads it, strings and comments whole.
struct Pieces<'t> {
    bytes: &'t [u8],
    at: usize,
}

impl Iterator for Pieces<'_> {
    /// A piece and where it starts.
    type Item = (usize, Piece);

    fn next(&mut self) -> Option<(usize, Piece)> {
        let bytes = self.bytes;
        while self.at < bytes.len() && bytes[self.at].is_ascii_whitespace() {
            self.at += 1;
        }
        let i = self.at;
        let piece = match *bytes.get(i)? {
            b'#' => {
                let line_end = memchr_newline(bytes, i);
                self.at = line_end;
                let end = if line_end > i && bytes[line_end - 1] == b'\r' {
                    line_end - 1
                } else {
                    line_end
                };
                Piece::Comment(Span::new(i, end))
            }
            b'"' => {
                self.at = skip_string(bytes, i);
                Piece::Seen(Seen::Text)
            }
            b'{' => {
                self.at += 1;
                Piece::Open(i)
            }
            b'}' => {
                self.at += 1;
                Piece::Close
            }
            b':' => {
                self.at += 1;
                Piece::Seen(Seen::Colon)
            }
            b if b.is_ascii_alphanumeric() => {
                let end = bytes[i..]
                    .iter()
                    .position(|&b| !IN_WORD[usize::from(b)])
                    .map_or(bytes.len(), |n| i + n);
                self.at = end;
                Piece::Seen(Seen::Word(i, end))
            }
            _ => {
                self.at += 1;
                Piece::Seen(Seen::Other)
            }
        };
        Some((i, piece))
    }
}

/// The bytes a word goes on with: letters, digits, `-` and `_`, and `.`, so that a
/// date range is one piece. A table, since most of a plan's bytes are in words.
static IN_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.');
        b += 1;
    }
    table
};

fn pieces(text: &str, start: usize) -> Pieces<'_> {
    Pieces {
        bytes: text.as_bytes(),
        at: start,
    }
}

/// A block that opens one level past the depth limit: the header of the block (its
/// kind keyword, as far as a quick scan can tell) and its `{`.
pub(super) type TooDeep = (Span, usize);

/// Follows the nesting of blocks, piece by piece.
struct Nesting {
    depth: usize,
    max_depth: usize,
    /// What was seen last before the current position, newest last.
    recent: [Seen; 4],
}

impl Nesting {
    fn new(max_depth: usize) -> Self {
        Nesting {
            depth: 0,
            max_depth,
            recent: [Seen::Other; 4],
        }
    }

    /// Takes in the next piece; a block that opens one level past the limit is given
    /// back. A `{` that cannot open a block (after a field's value, after a mark) is
    /// where the parser fails, not a block too deep. A `}` at the top level leaves the
    /// depth at 0. Whether a `{` opens a block, and its header, are decided by the
    /// pieces seen since the last `{` before it, never by those before that one.
    fn see(&mut self, piece: Piece) -> Option<TooDeep> {
        let (seen, too_deep) = match piece {
            Piece::Comment(_) => return None,
            Piece::Open(brace) => {
                self.depth += 1;
                // After a field's `:` and its value, or after a mark, `{` opens nothing.
                let opens_block = !matches!(
                    self.recent,
                    [.., Seen::Colon, Seen::Word(..) | Seen::Text]
                        | [.., Seen::Colon | Seen::Other]
                );
                let past = opens_block && self.depth == self.max_depth + 1;
                (
                    Seen::Other,
                    past.then(|| (header_before(&self.recent, brace), brace)),
                )
            }
            Piece::Close => {
                self.depth = self.depth.saturating_sub(1);
                (Seen::Other, None)
            }
            Piece::Seen(seen) => (seen, None),
        };
        self.recent.rotate_left(1);
        self.recent[3] = seen;
        too_deep
    }
}

/// Where a file's comments are, where it can be cut into stretches, and where blocks
/// open past the depth limit.
pub(super) struct Layout {
    /// Every comment, from `#` to the end of its line.
    pub comments: Vec<Span>,
    /// Words outside every block that start a line or follow the `}` of a top-level
    /// block, at least `stretch` bytes apart: where a top-level item most likely
    /// begins. A likely place, not a sure
    /// one: the parser checks that its items really begin there.
    pub cuts: Vec<usize>,
    /// Each block that opens one level past the limit, in order, as this reading of the
    /// whole file nests them: right for every item that the parser reads from where
    /// the previous one ended, not after it resumes from a syntax error.
    pub too_deep: Vec<TooDeep>,
}

/// Scans `text` from `start` for its comments, the places to cut it, and the blocks
/// nested past `max_depth` (a top-level block is at depth 1).
pub(super) fn scan(text: &str, start: usize, stretch: usize, max_depth: usize) -> Layout {
    let bytes = text.as_bytes();
    let mut layout = Layout {
        comments: Vec::new(),
        cuts: Vec::new(),
        too_deep: Vec::new(),
    };
    let mut next_cut = start.saturating_add(stretch);
    let mut nesting = Nesting::new(max_depth);
    // Whether the last piece closed a top-level block: a word after it most likely
    // begins the next item, even on the same line (a plan written on one line).
    let mut after_block = false;
    let mut pieces = pieces(text, start);
    while let Some((_, piece)) = pieces.next() {
        match piece {
            Piece::Comment(span) => layout.comments.push(span),
            Piece::Seen(Seen::Word(begin, _))
                if nesting.depth == 0
                    && begin >= next_cut
                    && begin > start
                    && (after_block || bytes[begin - 1] == b'\n') =>
            {
                layout.cuts.push(begin);
                next_cut = begin.saturating_add(stretch);
            }
            _ => {}
        }
        layout.too_deep.extend(nesting.see(piece));
        if !matches!(piece, Piece::Comment(_)) {
            after_block = matches!(piece, Piece::Close) && nesting.depth == 0;
        }
        // Inside a block short of the depth limit, nothing but strings, comments and
        // braces matters: no cut is made there, and no `{` there opens a block too
        // deep. (What the scan saw before the `{` of a block at the limit never
        // decides whether a block in it is too deep: see `Nesting::see`.)
        if 0 < nesting.depth && nesting.depth < max_depth {
            pieces.at = next_mark(bytes, pieces.at);
        }
    }
    layout
}

/// Where the next `"`, `#`, `{` or `}` is, at or after `from`: none is ever inside a
/// word or a mark, so a piece starts there.
fn next_mark(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| IS_MARK[usize::from(b)])
        .map_or(bytes.len(), |n| from + n)
}

static IS_MARK: [bool; 256] = {
    let mut table = [false; 256];
    table[b'"' as usize] = true;
    table[b'#' as usize] = true;
    table[b'{' as usize] = true;
    table[b'}' as usize] = true;
    table
};

/// How far the parser can read the top-level item at `start`: where the item ends, or
/// the end of the piece it must fail on, and the first block in it past the depth limit
/// (the parser reads up to that block). Read as the parser reads: a header (a kind,
/// an identifier, a title) then a block to its closing `}`.
pub(super) struct Extent {
    pub end: usize,
    pub too_deep: Option<TooDeep>,
}

/// The extent of the top-level item at `start` (see [`Extent`]).
pub(super) fn extent(text: &str, start: usize, max_depth: usize) -> Extent {
    let mut nesting = Nesting::new(max_depth);
    // The pieces of the header before its `{`: a kind, an identifier, a title.
    let mut header: Vec<Seen> = Vec::with_capacity(3);
    let mut pieces = pieces(text, start);
    while let Some((_, piece)) = pieces.next() {
        if nesting.depth == 0 {
            let fits = match piece {
                Piece::Comment(_) | Piece::Open(_) => true,
                Piece::Seen(seen @ Seen::Word(..)) => {
                    header.len() < 2 && header.iter().all(|s| matches!(s, Seen::Word(..))) && {
                        header.push(seen);
                        true
                    }
                }
                Piece::Seen(Seen::Text) => {
                    !header.is_empty() && !header.contains(&Seen::Text) && {
                        header.push(Seen::Text);
                        true
                    }
                }
                Piece::Seen(_) | Piece::Close => false,
            };
            // The parser fails at this piece at the latest: it reads up to its end.
            if !fits {
                return Extent {
                    end: pieces.at,
                    too_deep: None,
                };
            }
        }
        if let Some(found) = nesting.see(piece) {
            return Extent {
                end: found.1,
                too_deep: Some(found),
            };
        }
        if matches!(piece, Piece::Close) && nesting.depth == 0 {
            return Extent {
                end: pieces.at,
                too_deep: None,
            };
        }
    }
    Extent {
        end: text.len(),
        too_deep: None,
    }
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

/// The first place at or after `offset` that is not a blank or in a comment, as the
/// grammar skips them between items.
pub(super) fn skip_blanks(text: &str, mut offset: usize) -> usize {
    let bytes = text.as_bytes();
    while offset < bytes.len() {
        match bytes[offset] {
            b' ' | b'\t' | b'\r' | b'\n' => offset += 1,
            b'#' => offset = memchr_newline(bytes, offset),
            _ => break,
        }
    }
    offset
}

fn memchr_newline(bytes: &[u8], from: usize) -> usize {
    memchr::memchr(b'\n', &bytes[from..]).map_or(bytes.len(), |p| from + p)
}

/// The index after the string starting at `from` (a `"` or `"""`), or after the point
/// where an unclosed one-line string ends its line.
fn skip_string(bytes: &[u8], from: usize) -> usize {
    if bytes[from..].starts_with(b"\"\"\"") {
        let mut i = from + 3;
        while let Some(p) = memchr::memchr2(b'\\', b'"', bytes.get(i..).unwrap_or_default()) {
            i += p;
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
    while let Some(p) = memchr::memchr3(b'\\', b'"', b'\n', bytes.get(i..).unwrap_or_default()) {
        i += p;
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => return i + 1,
            _ => return i,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the string at the start of `text` ends, as the grammar reads it.
    fn end_of(text: &str) -> usize {
        skip_string(text.as_bytes(), 0)
    }

    #[test]
    fn a_string_ends_after_its_closing_quotes_not_an_escaped_one() {
        assert_eq!(end_of(r#""a \" b" c"#), 8);
        assert_eq!(end_of(r#""a \\" b""#), 6);
        assert_eq!(end_of("\"\"\"a \" \"\" \\\"\"\" b\"\"\" c"), 19);
        assert_eq!(end_of("\"\"\"a\nb\"\"\" c"), 9);
    }

    /// The comments and the blocks too deep, as every piece of the text read in turn
    /// finds them.
    fn piece_by_piece(text: &str, max_depth: usize) -> (Vec<Span>, Vec<TooDeep>) {
        let mut nesting = Nesting::new(max_depth);
        let (mut comments, mut too_deep) = (Vec::new(), Vec::new());
        for (_, piece) in pieces(text, 0) {
            if let Piece::Comment(span) = piece {
                comments.push(span);
            }
            too_deep.extend(nesting.see(piece));
        }
        (comments, too_deep)
    }

    proptest::proptest! {
        #[test]
        fn skipping_inside_blocks_finds_what_every_piece_finds(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "{", "}", "kind ", "id", " \"T{\" ", ": ", "# c { \"\n", "\n", "x.y-z ", "[a]",
                ]),
                0..80,
            ),
            max_depth in 1usize..5,
        ) {
            let text = parts.concat();
            let layout = scan(&text, 0, usize::MAX, max_depth);
            let (comments, too_deep) = piece_by_piece(&text, max_depth);
            proptest::prop_assert_eq!(layout.comments, comments);
            proptest::prop_assert_eq!(layout.too_deep, too_deep);
        }
    }

    #[test]
    fn a_one_line_string_never_closed_ends_at_its_line_end() {
        assert_eq!(end_of("\"open\nkind: ngo"), 5);
        assert_eq!(end_of("\"open"), 5);
    }

    #[test]
    fn a_backslash_at_the_end_of_the_file_ends_the_string_there() {
        assert_eq!(end_of("\"open \\"), 7);
        assert_eq!(end_of("\"\"\"open \\"), 9);
        assert_eq!(end_of("\"\"\"open \""), 9);
    }
}
