//! The text of every file read in a run, and the mapping from byte offsets to lines
//! and columns.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

/// A byte range inside one file, held in 32 bits a side: a file is at most 1 GiB
/// (`limits.file-size`), and a plan holds millions of places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    start: u32,
    end: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span {
            start: held(start),
            end: held(end),
        }
    }

    /// The offset of the first byte.
    pub fn start(self) -> usize {
        self.start as usize
    }

    /// The offset just past the last byte.
    pub fn end(self) -> usize {
        self.end as usize
    }

    pub(crate) fn range(self) -> Range<usize> {
        self.start()..self.end()
    }
}

/// An offset as a span holds it. No file read is past 32 bits; a text an editor sends
/// could be, and its places past 4 GiB then all point at its 4 GiB mark.
fn held(offset: usize) -> u32 {
    u32::try_from(offset).unwrap_or(u32::MAX)
}

/// A string of a plan, and where its parts were written: a diagnostic about a word
/// inside a text points at the word in the source. Most texts are their literal
/// between the quotes, and are read from the file's text; a text with escapes (or CRLF
/// line ends read as LF) holds its decoded value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DecodedText {
    /// The literal, quotes included.
    pub(crate) span: Span,
    /// The text, when it is not the literal's body as written.
    decoded: Option<Box<Decoded>>,
}

#[derive(Clone, Debug, PartialEq)]
struct Decoded {
    value: Box<str>,
    /// `(offset in value, offset in the file)` from where the text between the quotes
    /// starts, and again wherever the two stop moving in step (after an escape, or a
    /// line end read as LF).
    shifts: Vec<(usize, usize)>,
}

impl DecodedText {
    /// The literal at `span` whose body, as written, is its text.
    pub(crate) fn as_written(span: Span) -> Self {
        DecodedText {
            span,
            decoded: None,
        }
    }

    /// The literal at `span` whose text is `value`, decoded from the body that starts
    /// at `body` in the file; `shifts` as `(offset in value, offset in the file)`, in
    /// order.
    pub(crate) fn decoded(
        value: String,
        span: Span,
        body: usize,
        shifts: Vec<(usize, usize)>,
    ) -> Self {
        let mut all = Vec::with_capacity(shifts.len() + 1);
        all.push((0, body));
        all.extend(shifts);
        DecodedText {
            span,
            decoded: Some(Box::new(Decoded {
                value: value.into_boxed_str(),
                shifts: all,
            })),
        }
    }

    /// The text, read from `file`, the text of the file it was written in.
    pub(crate) fn value<'t>(&'t self, file: &'t str) -> &'t str {
        match &self.decoded {
            Some(decoded) => &decoded.value,
            None => &file[self.body(file)],
        }
    }

    /// The literal's body: between one pair of quotes, or three.
    fn body(&self, file: &str) -> Range<usize> {
        let literal = &file[self.span.range()];
        let quotes = if literal.len() >= 6 && literal.starts_with("\"\"\"") {
            3
        } else {
            1
        };
        self.span.start() + quotes..self.span.end() - quotes
    }

    /// The place in `file` of a byte range of the text.
    pub(crate) fn source_span(&self, decoded: Range<usize>, file: &str) -> Span {
        Span::new(
            self.source_offset(decoded.start, file),
            self.source_offset(decoded.end, file),
        )
    }

    fn source_offset(&self, decoded: usize, file: &str) -> usize {
        let (d, s) = match &self.decoded {
            None => (0, self.body(file).start),
            Some(text) => {
                let at = text.shifts.partition_point(|&(d, _)| d <= decoded);
                text.shifts[at.saturating_sub(1)]
            }
        };
        s + (decoded - d)
    }
}

/// The index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// From 1.
    pub line: usize,
    /// From 1, in characters.
    pub column: usize,
}

/// A file read in a run.
pub struct SourceFile {
    /// The name shown to the user: the path as given on the command line, or as
    /// reached through `use` from such a path; escaped as a line of output
    /// (`visible::path`).
    pub name: String,
    /// The file's canonical path; for standard input, that of the file on disk it
    /// stands for (`--stdin-filename`), if there is one.
    pub path: Option<PathBuf>,
    /// The text as read (a file that is not UTF-8 is read with its bad bytes replaced).
    pub text: Arc<String>,
    line_starts: Vec<usize>,
    /// `(offset, characters before it)` every [`CHARACTER_MARK`] bytes or so; empty
    /// when every character is one byte. A column is then found by counting no more
    /// than that many bytes, however long the line (a long line may hold many
    /// diagnostics).
    character_marks: Vec<(usize, usize)>,
}

/// The nearest character boundary of `text` at or before `offset` (its end, past it).
pub(crate) fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How far apart the offsets of [`SourceFile::character_marks`] are, in bytes.
const CHARACTER_MARK: usize = 4096;

impl SourceFile {
    /// The line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        // Inside a character, the place is that character's.
        let offset = floor_char_boundary(&self.text, offset);
        let line = self.line_of(offset);
        // A byte order mark is not a column.
        let start = match line {
            0 if self.text.starts_with('\u{feff}') => 3.min(offset),
            _ => self.line_starts[line],
        };
        let column = self.characters_before(offset) - self.characters_before(start) + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// How many characters the text holds before a character boundary.
    fn characters_before(&self, offset: usize) -> usize {
        let at = self.character_marks.partition_point(|&(o, _)| o <= offset);
        // Without marks, every character is one byte.
        let Some(i) = at.checked_sub(1) else {
            return offset;
        };
        let (mark, before) = self.character_marks[i];
        before + self.text[mark..offset].chars().count()
    }

    /// The 0-based line holding `offset`.
    pub(crate) fn line_of(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset) - 1
    }

    /// The 0-based line's text, its line end left out.
    pub(crate) fn line_span(&self, line: usize) -> Span {
        self.line_span_checked(line)
            .unwrap_or(Span::new(self.text.len(), self.text.len()))
    }

    /// The 0-based line's text, if the file has that line.
    pub(crate) fn line_span_checked(&self, line: usize) -> Option<Span> {
        let range = self.line_range(line)?;
        let text = &self.text[range.clone()];
        let end = range.start + text.trim_end_matches(['\n', '\r']).len();
        Some(Span::new(range.start, end))
    }

    fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some(start..end)
    }
}

/// Every file of the run, each stored once.
#[derive(Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub(crate) fn add(&mut self, name: String, path: Option<PathBuf>, text: String) -> FileId {
        let line_starts = std::iter::once(0)
            .chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1))
            .collect();
        let character_marks = if text.is_ascii() {
            Vec::new()
        } else {
            let mut marks = Vec::new();
            let mut next = 0;
            for (characters, (offset, _)) in text.char_indices().enumerate() {
                if offset >= next {
                    marks.push((offset, characters));
                    next = offset + CHARACTER_MARK;
                }
            }
            marks
        };
        self.files.push(SourceFile {
            name: crate::visible::into_line(name),
            path,
            text: Arc::new(text),
            line_starts,
            character_marks,
        });
        FileId(self.files.len() as u32 - 1)
    }

    /// A file of the run.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// How many files the run read.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// The bytes of every file the run read.
    pub(crate) fn bytes(&self) -> usize {
        self.files.iter().map(|f| f.text.len()).sum()
    }

    /// Whether the run read no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_a_byte_order_mark() {
        let mut map = SourceMap::default();
        let id = map.add("a.cmi".into(), None, "\u{feff}ab\r\nçd x".into());
        let file = map.get(id);
        assert_eq!(file.line_col(3), LineCol { line: 1, column: 1 });
        assert_eq!(file.line_col(4), LineCol { line: 1, column: 2 });
        // `ç` is two bytes but one column.
        let x = file.text.find('x').unwrap();
        assert_eq!(file.line_col(x), LineCol { line: 2, column: 4 });
    }

    #[test]
    fn columns_far_along_a_long_line_count_characters() {
        let mut map = SourceMap::default();
        let line = "ü".repeat(10_000) + "x" + &"é".repeat(10_000) + "y";
        let id = map.add("a.cmi".into(), None, format!("first\n{line}\n"));
        let file = map.get(id);
        let x = file.text.find('x').unwrap();
        assert_eq!(
            file.line_col(x),
            LineCol {
                line: 2,
                column: 10_001
            }
        );
        let y = file.text.find('y').unwrap();
        assert_eq!(
            file.line_col(y),
            LineCol {
                line: 2,
                column: 20_002
            }
        );
    }
}
