//! The documents an editor has open: their text as the editor holds it, changed by
//! the edits it sends, and places in them in the position encoding the client and the
//! server agreed on (UTF-16 code units unless the client offers UTF-8).

use std::collections::HashMap;
use std::path::PathBuf;

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

use crate::source::floor_char_boundary;

/// How the columns of positions count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Encoding {
    Utf8,
    Utf16,
}

/// An open document.
pub(crate) struct Document {
    pub(crate) text: String,
    pub(crate) version: i32,
    /// The file it is, for a `file://` URI.
    pub(crate) path: Option<PathBuf>,
}

/// The open documents, by URI.
#[derive(Default)]
pub(crate) struct Documents {
    open: HashMap<String, Document>,
}

impl Documents {
    pub(crate) fn open(&mut self, uri: String, document: Document) {
        self.open.insert(uri, document);
    }

    pub(crate) fn close(&mut self, uri: &str) {
        self.open.remove(uri);
    }

    pub(crate) fn get(&self, uri: &str) -> Option<&Document> {
        self.open.get(uri)
    }

    /// The URIs of the open documents.
    pub(crate) fn uris(&self) -> impl Iterator<Item = &String> {
        self.open.keys()
    }

    /// The texts of the open documents but `uri`, by the canonical path of their
    /// file: they stand for those files when a plan uses them.
    pub(crate) fn overlays(&self, uri: &str) -> HashMap<PathBuf, String> {
        self.open
            .iter()
            .filter(|(other, _)| other.as_str() != uri)
            .filter_map(|(_, d)| {
                let path = d.path.as_ref()?.canonicalize().ok()?;
                Some((path, d.text.clone()))
            })
            .collect()
    }

    /// Applies the edits of a change, in order; an edit without a range replaces the
    /// whole text. A change to a document never opened is ignored.
    pub(crate) fn change(
        &mut self,
        uri: &str,
        version: i32,
        edits: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) {
        let Some(document) = self.open.get_mut(uri) else {
            return;
        };
        for edit in edits {
            match edit.range {
                Some(range) => {
                    let lines = Lines::new(&document.text);
                    let start = lines.offset(&document.text, range.start, encoding);
                    let end = lines.offset(&document.text, range.end, encoding).max(start);
                    document.text.replace_range(start..end, &edit.text);
                }
                None => document.text = edit.text,
            }
        }
        document.version = version;
    }
}

/// Where each line of a text starts.
pub(crate) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines { starts }
    }

    /// The byte offset of a position; a position past the end of its line is the end
    /// of the line, past the last line the end of the text.
    pub(crate) fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let line = &text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        start + line.len()
    }

    /// The position of a byte offset.
    pub(crate) fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = floor_char_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let before = &text[self.starts[line]..offset];
        let character = match encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.chars().map(char::len_utf16).sum(),
        };
        Position::new(line as u32, character as u32)
    }

    /// The range of a span of bytes.
    pub(crate) fn range(&self, text: &str, start: usize, end: usize, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, start, encoding),
            self.position(text, end, encoding),
        )
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

    use super::{Document, Documents, Encoding, Lines};

    #[test]
    fn positions_count_utf16_or_utf8_units_past_a_bom_and_crlf() {
        let text = "\u{feff}plan \"é𝄞\" {\r\n  x: 1\r\n}";
        let lines = Lines::new(text);
        let after_clef = text.find(" {").expect("a brace");
        // The mark counts as the editor's text holds it; the clef is two UTF-16 units
        // and four bytes.
        assert_eq!(
            lines.position(text, after_clef, Encoding::Utf16),
            Position::new(0, 11)
        );
        assert_eq!(
            lines.position(text, after_clef, Encoding::Utf8),
            Position::new(0, 16)
        );
        assert_eq!(
            lines.offset(text, Position::new(0, 11), Encoding::Utf16),
            after_clef
        );
        assert_eq!(
            lines.offset(text, Position::new(0, 16), Encoding::Utf8),
            after_clef
        );
        let x = text.find('x').expect("x");
        assert_eq!(
            lines.position(text, x, Encoding::Utf16),
            Position::new(1, 2)
        );
        // Past the end of a line: its end, before the `\r\n`.
        assert_eq!(
            lines.offset(text, Position::new(1, 99), Encoding::Utf16),
            x + 4
        );
        assert_eq!(
            lines.offset(text, Position::new(9, 0), Encoding::Utf16),
            text.len()
        );
    }

    #[test]
    fn edits_apply_in_order_and_a_whole_text_replaces() {
        let mut documents = Documents::default();
        documents.open(
            "file:///a.cmi".into(),
            Document {
                text: "phase a \"Ä\" { }\n".into(),
                version: 1,
                path: None,
            },
        );
        let edit = |range: Option<Range>, text: &str| TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: text.into(),
        };
        let at = |line, character| Position::new(line, character);
        documents.change(
            "file:///a.cmi",
            2,
            vec![
                edit(Some(Range::new(at(0, 10), at(0, 10))), "B"),
                edit(Some(Range::new(at(0, 6), at(0, 7))), "b"),
            ],
            Encoding::Utf16,
        );
        let document = documents.get("file:///a.cmi").expect("open");
        assert_eq!(document.text, "phase b \"ÄB\" { }\n");
        assert_eq!(document.version, 2);
        documents.change(
            "file:///a.cmi",
            3,
            vec![edit(None, "plan")],
            Encoding::Utf16,
        );
        assert_eq!(documents.get("file:///a.cmi").expect("open").text, "plan");
        documents.change(
            "file:///never.cmi",
            1,
            vec![edit(None, "x")],
            Encoding::Utf16,
        );
        assert!(documents.get("file:///never.cmi").is_none());
    }
}
