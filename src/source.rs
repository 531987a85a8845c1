//! The text of every file read in a run, and the mapping from byte offsets to lines
//! and columns.

use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::files::{Error as FilesError, Files};

/// A byte range inside one file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The offset of the first byte.
    pub start: usize,
    /// The offset just past the last byte.
    pub end: usize,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    pub(crate) fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A string of a plan, its escapes decoded, and where its parts were written: a
/// diagnostic about a word inside a text points at the word in the source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DecodedText {
    pub(crate) value: String,
    /// The literal, quotes included.
    pub(crate) span: Span,
    /// `(offset in value, offset in the file)` from where the text between the quotes
    /// starts, and again wherever the two stop moving in step (after an escape, or a
    /// line end read as LF); `None` for the common text that is its literal between
    /// one pair of quotes, so that it costs no more than a word.
    #[expect(
        clippy::box_collection,
        reason = "a thin pointer keeps every text value, and so every value, small"
    )]
    shifts: Option<Box<Vec<(usize, usize)>>>,
}

impl DecodedText {
    /// A decoded literal at `span` whose text between the quotes starts at `body`;
    /// `shifts` as `(offset in value, offset in the file)`, in order.
    pub(crate) fn new(value: String, span: Span, body: usize, shifts: Vec<(usize, usize)>) -> Self {
        let shifts = (body != span.start + 1 || !shifts.is_empty()).then(|| {
            let mut all = Vec::with_capacity(shifts.len() + 1);
            all.push((0, body));
            all.extend(shifts);
            Box::new(all)
        });
        DecodedText {
            value,
            span,
            shifts,
        }
    }

    /// The place in the file of a byte range of the decoded value.
    pub(crate) fn source_span(&self, decoded: Range<usize>) -> Span {
        Span::new(
            self.source_offset(decoded.start),
            self.source_offset(decoded.end),
        )
    }

    fn source_offset(&self, decoded: usize) -> usize {
        let (d, s) = match &self.shifts {
            None => (0, self.span.start + 1),
            Some(shifts) => {
                let at = shifts.partition_point(|&(d, _)| d <= decoded);
                shifts[at.saturating_sub(1)]
            }
        };
        s + (decoded - d)
    }
}

/// The Unicode name of a bidirectional control character (U+202A to U+202E, U+2066 to
/// U+2069): text that shows one way and runs another.
pub(crate) fn bidi_control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => return None,
    })
}

/// Whether a character shows nothing, or changes how what follows shows, when printed:
/// a control character, white space, a byte order mark, a zero-width space, a
/// bidirectional control.
pub(crate) fn is_invisible(c: char) -> bool {
    c.is_control()
        || c.is_whitespace()
        || matches!(c, '\u{feff}' | '\u{200b}')
        || bidi_control_name(c).is_some()
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
    /// reached through `use` from such a path.
    pub name: String,
    /// The file's canonical path; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The text as read (a file that is not UTF-8 is read with its bad bytes replaced).
    pub text: String,
    line_starts: Vec<usize>,
    /// Whether every character is one byte, so that a column is found without
    /// counting the characters before it (a long line may hold many diagnostics).
    ascii: bool,
}

impl SourceFile {
    /// The line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        // Inside a character, the place is that character's.
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        // A byte order mark is not a column.
        let start = match line {
            0 if self.text.starts_with('\u{feff}') => 3.min(offset),
            _ => self.line_starts[line],
        };
        let column = match self.text.get(start..offset) {
            Some(before) if self.ascii => before.len(),
            Some(before) => before.chars().count(),
            None => 0,
        } + 1;
        LineCol {
            line: line + 1,
            column,
        }
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
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        self.files.push(SourceFile {
            name,
            path,
            ascii: text.is_ascii(),
            text,
            line_starts,
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

    /// Whether the run read no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The file, or codespan's error for an identifier it does not know.
    fn file(&self, id: FileId) -> Result<&SourceFile, FilesError> {
        self.files.get(id.0 as usize).ok_or(FilesError::FileMissing)
    }
}

impl<'a> Files<'a> for SourceMap {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.file(id).map(|f| f.name.as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.file(id).map(|f| f.text.as_str())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        self.file(id).map(|f| f.line_of(byte_index))
    }

    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let file = self.file(id)?;
        file.line_range(line_index).ok_or(FilesError::LineTooLarge {
            given: line_index,
            max: file.line_starts.len() - 1,
        })
    }

    /// The column as the other formats give it (a byte order mark is not a column).
    fn column_number(
        &'a self,
        id: FileId,
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        self.file(id).map(|f| f.line_col(byte_index).column)
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
}
