//! What the human report shows of the files for one diagnostic: the lines its labels
//! are on (and the few codespan-reporting shows around a label of several lines), a
//! long line cut around the places labelled, and every character that would not show
//! as itself escaped (`visible`). codespan-reporting renders from an excerpt as from
//! the files themselves, with their own line and column numbers; its cost is that of
//! the lines shown, however long the lines of the file.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;

use codespan_reporting::files::{Error as FilesError, Files};

use crate::diagnostic::Location;
use crate::source::{FileId, SourceFile, SourceMap, floor_char_boundary};
use crate::visible;

/// A line of at most this many bytes is shown whole.
const WHOLE_LINE: usize = 160;
/// A longer line is shown this many characters either side of each place labelled.
const CONTEXT: usize = 60;
/// What stands for the part of a line left out.
const CUT: &str = "…";
/// How many lines codespan-reporting shows after the first line of a label of several
/// lines, and before its last (its `Config::default()`).
const START_CONTEXT_LINES: usize = 3;
const END_CONTEXT_LINES: usize = 1;

/// The lines of the files that one diagnostic shows.
pub(super) struct Excerpt<'a> {
    sources: &'a SourceMap,
    files: BTreeMap<FileId, ShownFile>,
}

/// The lines shown of one file, one after another in `text`.
struct ShownFile {
    text: String,
    /// By 0-based line of the file.
    lines: BTreeMap<usize, ShownLine>,
}

struct ShownLine {
    /// The line in [`ShownFile::text`], its line feed included.
    range: Range<usize>,
    /// `(offset in the file, offset in the text)` of every character boundary kept,
    /// and of the end of each stretch kept (where a cut follows), in order.
    marks: Vec<(usize, usize)>,
}

impl<'a> Excerpt<'a> {
    /// The excerpt for labels at `places`; each place's span is then found in it with
    /// [`Excerpt::range`].
    pub(super) fn new(sources: &'a SourceMap, places: &[Location]) -> Self {
        // For each file, the lines to show, each with the offsets to keep in view.
        let mut wanted: BTreeMap<FileId, BTreeMap<usize, BTreeSet<usize>>> = BTreeMap::new();
        for place in places {
            let file = sources.get(place.file);
            let lines = wanted.entry(place.file).or_default();
            let first = file.line_of(place.span.start());
            let last = file.line_of(place.span.end());
            lines.entry(first).or_default().insert(place.span.start());
            lines.entry(last).or_default().insert(place.span.end());
            if first != last {
                let after_first = (first + 1)..=(first + START_CONTEXT_LINES).min(last);
                let before_last = last.saturating_sub(END_CONTEXT_LINES).max(first)..last;
                for line in after_first.chain(before_last) {
                    lines.entry(line).or_default();
                }
            }
        }
        let files = wanted
            .into_iter()
            .map(|(id, mut lines)| {
                // codespan-reporting shows the line between two shown lines rather
                // than a break.
                let gaps: Vec<usize> = lines
                    .keys()
                    .zip(lines.keys().skip(1))
                    .filter(|(a, b)| **b == **a + 2)
                    .map(|(a, _)| a + 1)
                    .collect();
                for line in gaps {
                    lines.entry(line).or_default();
                }
                (id, ShownFile::new(sources.get(id), &lines))
            })
            .collect();
        Excerpt { sources, files }
    }

    /// Where a span of a file given to [`Excerpt::new`] lies in the excerpt.
    pub(super) fn range(&self, place: Location) -> Range<usize> {
        let file = self.sources.get(place.file);
        let shown = &self.files[&place.file];
        let at = |offset| shown.offset(file.line_of(offset), offset);
        at(place.span.start())..at(place.span.end())
    }

    fn shown(&self, id: FileId) -> Result<&ShownFile, FilesError> {
        self.files.get(&id).ok_or(FilesError::FileMissing)
    }
}

impl ShownFile {
    fn new(file: &SourceFile, lines: &BTreeMap<usize, BTreeSet<usize>>) -> Self {
        let mut shown = ShownFile {
            text: String::new(),
            lines: BTreeMap::new(),
        };
        for (&line, points) in lines {
            let span = file.line_span(line);
            let stretches = kept(&file.text, span.range(), points);
            let start = shown.text.len();
            let mut marks = Vec::new();
            let mut previous_end = span.start();
            for stretch in stretches {
                if stretch.start > previous_end {
                    shown.text.push_str(CUT);
                }
                for (i, c) in file.text[stretch.clone()].char_indices() {
                    marks.push((stretch.start + i, shown.text.len()));
                    if visible::is_escaped(c) {
                        visible::push_escape(&mut shown.text, c);
                    } else {
                        shown.text.push(c);
                    }
                }
                marks.push((stretch.end, shown.text.len()));
                previous_end = stretch.end;
            }
            if previous_end < span.end() {
                shown.text.push_str(CUT);
            }
            shown.text.push('\n');
            shown.lines.insert(
                line,
                ShownLine {
                    range: start..shown.text.len(),
                    marks,
                },
            );
        }
        shown
    }

    /// Where an offset of the file, on a shown line, lies in the text: a place in a
    /// part cut out lies at the cut.
    fn offset(&self, line: usize, offset: usize) -> usize {
        let shown = &self.lines[&line];
        let at = shown.marks.partition_point(|&(o, _)| o <= offset);
        shown
            .marks
            .get(at.wrapping_sub(1))
            .map_or(shown.range.start, |&(_, s)| s)
    }

    /// The line of the file shown at an offset of the text.
    fn line_at(&self, offset: usize) -> Option<(usize, &ShownLine)> {
        self.lines
            .iter()
            .find(|(_, l)| l.range.contains(&offset))
            .map(|(&line, l)| (line, l))
    }
}

/// The stretches of a line to show: all of it when short; else the stretches of
/// [`CONTEXT`] characters either side of each point (merged where they meet), or the
/// line's start when it has no point.
fn kept(text: &str, line: Range<usize>, points: &BTreeSet<usize>) -> Vec<Range<usize>> {
    if line.len() <= WHOLE_LINE {
        return vec![line];
    }
    let back = |from: usize| {
        let before = &text[line.start..from];
        before
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(line.start, |(i, _)| line.start + i)
    };
    let ahead = |from: usize| {
        text[from..line.end]
            .char_indices()
            .nth(CONTEXT)
            .map_or(line.end, |(i, _)| from + i)
    };
    let mut stretches: Vec<Range<usize>> = Vec::new();
    let points: Vec<usize> = if points.is_empty() {
        vec![line.start]
    } else {
        points
            .iter()
            .map(|&p| p.clamp(line.start, line.end))
            .collect()
    };
    for point in points {
        let point = floor_char_boundary(text, point);
        let stretch = back(point)..ahead(point);
        match stretches.last_mut() {
            Some(last) if stretch.start <= last.end => last.end = last.end.max(stretch.end),
            _ => stretches.push(stretch),
        }
    }
    stretches
}

impl<'a> Files<'a> for Excerpt<'_> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        Ok(self.sources.get(id).name.as_str())
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, FilesError> {
        self.shown(id).map(|f| f.text.as_str())
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, FilesError> {
        let shown = self.shown(id)?;
        shown
            .line_at(byte_index)
            .map(|(line, _)| line)
            .ok_or(FilesError::IndexTooLarge {
                given: byte_index,
                max: shown.text.len(),
            })
    }

    /// The range of a shown line; a line not shown is empty (codespan-reporting asks
    /// for every line a label of several lines covers, and shows only the ones shown).
    fn line_range(&'a self, id: FileId, line_index: usize) -> Result<Range<usize>, FilesError> {
        let shown = self.shown(id)?;
        Ok(shown
            .lines
            .get(&line_index)
            .map_or(0..0, |l| l.range.clone()))
    }

    /// The column in the file, as the other formats give it.
    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        let shown = self.shown(id)?;
        let line = shown
            .lines
            .get(&line_index)
            .ok_or(FilesError::LineTooLarge {
                given: line_index,
                max: shown.lines.len(),
            })?;
        let at = line.marks.partition_point(|&(_, s)| s <= byte_index);
        let offset = line.marks.get(at.wrapping_sub(1)).map_or(0, |&(o, _)| o);
        Ok(self.sources.get(id).line_col(offset).column)
    }
}
