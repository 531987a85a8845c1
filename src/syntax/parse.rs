//! Reading a file into its syntax: pest parses a stretch of top-level items at a time
//! (item by item where a stretch holds a syntax error), the pairs become
//! [`FileSyntax`], and after a syntax error the parser resumes at the next line that
//! starts a top-level block, so each broken top-level block gets one E001.

use thin_vec::ThinVec;

use pest::Parser;
use pest::iterators::Pair;
use rayon::prelude::*;

use super::explanation::Explanation;
use super::grammar::{Grammar, GrammarRule};
use super::tree::{BlockSyntax, FieldSyntax, FileSyntax, UseLine, ValueSyntax, Word};
use super::{bidi, explain, scan, strings};
use crate::codes::LanguageCode;
use crate::config::Limits;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::{DecodedText, FileId, Span, floor_char_boundary};
use crate::vocabulary;

/// A file's syntax and its syntax errors.
#[derive(Debug, PartialEq)]
pub(crate) struct Parsed {
    pub syntax: FileSyntax,
    /// Syntax errors and limits: the file cannot be checked further.
    pub diagnostics: Vec<Diagnostic>,
    /// Characters a plan must not hold (E017), reported whatever else the file holds.
    pub characters: Vec<Diagnostic>,
    /// Whether a top-level `plan` block starts in the file, whole or broken: such a
    /// file is the root of a plan, not a library.
    pub declares_plan: bool,
}

/// How many bytes of a file one parallel task parses, at least: a file no larger is
/// parsed on the calling thread. A stretch is read in one parse, and pest holds about
/// 14 bytes of tokens for each byte of a list of references: a small stretch keeps the
/// tokens of the stretches parsed at once small, and still spares pest's set-up for each
/// item.
const STRETCH: usize = 16 * 1024;

pub(crate) fn parse(file: FileId, text: &str, limits: &Limits) -> Parsed {
    parse_in_stretches(file, text, limits, STRETCH)
}

/// Parses a file in stretches of about `stretch` bytes, each cut where the scan saw a
/// top-level item begin, in parallel. The result is the one reading the whole file in
/// order would give: a stretch's items count only if the items before it end where it
/// begins; otherwise (a syntax error ran over the cut) the file is read on from where
/// they did end.
fn parse_in_stretches(file: FileId, text: &str, limits: &Limits, stretch: usize) -> Parsed {
    let max_depth = limits.nesting_depth;
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let scan::Layout {
        comments,
        cuts,
        too_deep,
    } = scan::scan(text, start, stretch, max_depth);
    let bounds: Vec<(usize, usize)> = std::iter::once(start)
        .chain(cuts.iter().copied())
        .zip(cuts.iter().copied().chain([text.len()]))
        .collect();
    let reader = Reader {
        file,
        text,
        max_depth,
        max_item: usize::try_from(limits.block_size).unwrap_or(usize::MAX),
        too_deep: &too_deep,
    };
    let stretches: Vec<Stretch> = if bounds.len() == 1 {
        vec![reader.read(start, text.len(), true)]
    } else {
        bounds
            .par_iter()
            .map(|&(from, to)| reader.read(from, to, true))
            .collect()
    };
    let mut parsed = Parsed {
        syntax: FileSyntax {
            comments,
            ..FileSyntax::default()
        },
        diagnostics: Vec::new(),
        characters: bidi::controls(file, text),
        declares_plan: false,
    };
    let mut next = start;
    for (stretch, (_, to)) in stretches.into_iter().zip(bounds) {
        if next >= to {
            continue;
        }
        let stretch = if scan::skip_blanks(text, next) == stretch.from {
            stretch
        } else {
            reader.read(next, to, false)
        };
        next = stretch.next;
        parsed.syntax.uses.extend(stretch.uses);
        parsed.syntax.blocks.push_run(stretch.blocks);
        parsed.diagnostics.extend(stretch.diagnostics);
        parsed.declares_plan |= stretch.declares_plan;
    }
    parsed
}

/// The items of a file read from one place to the next.
#[derive(Default)]
struct Stretch {
    /// Where the first item begins (past blanks and comments).
    from: usize,
    /// Where the reading stopped: the first item at or after the stretch's end, or the
    /// end of the file.
    next: usize,
    uses: Vec<UseLine>,
    blocks: Vec<BlockSyntax>,
    diagnostics: Vec<Diagnostic>,
    declares_plan: bool,
}

/// What reads the items of one file.
struct Reader<'t> {
    file: FileId,
    text: &'t str,
    max_depth: usize,
    /// The most bytes one top-level item may take (`limits.block-size`).
    max_item: usize,
    /// The blocks past the depth limit as the scan of the whole file found them.
    too_deep: &'t [scan::TooDeep],
}

/// What became of one top-level item.
enum Read<'i> {
    Item(Pair<'i, GrammarRule>),
    /// pest failed: why, in the planner's words.
    Broken(Explanation),
    /// A block opens past the depth limit: the header of the first such block.
    TooDeep(Span),
    /// The item runs on past the size limit: its first word.
    TooLarge(Span),
}

impl Reader<'_> {
    /// Reads top-level items from `from` until one begins at or after `until`: all in
    /// one parse when that can be (see [`Reader::read_whole`]), else one at a time;
    /// after a syntax error or a block nested too deep, reading resumes at the next line
    /// that starts a top-level block. `aligned`: `from` is a place where the scan of the
    /// whole file saw no block open, so that its blocks past the limit are those of this
    /// reading, until a syntax error makes the reader resume elsewhere.
    fn read(&self, from: usize, until: usize, mut aligned: bool) -> Stretch {
        let text = self.text;
        let from = scan::skip_blanks(text, from);
        let mut stretch = Stretch {
            from,
            next: text.len(),
            uses: Vec::new(),
            blocks: Vec::new(),
            diagnostics: Vec::new(),
            declares_plan: false,
        };
        if aligned && let Some(end) = self.read_whole(from, until, &mut stretch) {
            stretch.next = scan::skip_blanks(text, end);
            return stretch;
        }
        let mut offset = from;
        while offset < until {
            let problem = match self.item(offset, aligned) {
                Read::Item(item) => {
                    if item.as_rule() == GrammarRule::end_of_file {
                        break;
                    }
                    let end = self.take(item, offset, &mut stretch);
                    offset = scan::skip_blanks(text, end);
                    continue;
                }
                Read::Broken(problem) => {
                    let at = problem.span.start();
                    stretch.diagnostics.push(syntax_error(self.file, problem));
                    at
                }
                Read::TooDeep(header) => {
                    stretch.diagnostics.push(self.too_deep(header));
                    header.start()
                }
                Read::TooLarge(header) => {
                    stretch.diagnostics.push(self.too_large(header));
                    header.start()
                }
            };
            aligned = false;
            stretch.declares_plan |= starts_plan_block(text, offset);
            let line_end = text[problem..]
                .find('\n')
                .map_or(text.len(), |i| problem + i + 1);
            match resume_point(text, line_end) {
                Some(next) => offset = next,
                None => break,
            }
        }
        // Stopped before `until`: the file ended, or nothing after an error can be read.
        if offset >= until {
            stretch.next = offset;
        }
        stretch
    }

    /// Reads every item from `from` to `until` in one go, when no item there can be
    /// past a limit (the stretch is no larger than one item may be, and holds no block
    /// nested too deep) and none is broken: one parse instead of one an item, which
    /// spares pest's set-up for each. Where the items end, or `None` (nothing taken)
    /// when the stretch must be read item by item.
    fn read_whole(&self, from: usize, until: usize, stretch: &mut Stretch) -> Option<usize> {
        let deep = self.too_deep.partition_point(|&(_, brace)| brace < from);
        let holds_too_deep = self
            .too_deep
            .get(deep)
            .is_some_and(|&(_, brace)| brace < until);
        if from >= until || until - from > self.max_item || holds_too_deep {
            return None;
        }
        let items = Grammar::parse(GrammarRule::items, &self.text[from..until]).ok()?;
        let mut end = None;
        for item in items {
            if item.as_rule() != GrammarRule::EOI {
                end = Some(self.take(item, from, stretch));
            }
        }
        end
    }

    /// Turns a top-level item pest read from `base` into syntax, in `stretch`; where
    /// the item ends.
    fn take(&self, item: Pair<'_, GrammarRule>, base: usize, stretch: &mut Stretch) -> usize {
        let end = base + item.as_span().end();
        let mut builder = Builder {
            base,
            problem: None,
        };
        if item.as_rule() == GrammarRule::use_line {
            let span = builder.span(&item);
            let path = builder.string(&item.into_inner().next_pair());
            stretch.uses.push(UseLine { path, span });
        } else {
            let block = builder.block(item);
            stretch.declares_plan |= &self.text[block.kind.span.range()] == "plan";
            stretch.blocks.push(block);
        }
        if let Some(problem) = builder.problem {
            stretch.diagnostics.push(syntax_error(self.file, problem));
        }
        end
    }

    /// Reads the top-level item at `offset`. pest never meets a block nested past the
    /// limit: when the item may hold one, pest reads only what comes before it, and
    /// the item is too deep unless pest fails before that (a syntax error comes first)
    /// or the item ends before it. The block is the next one the scan of the whole file
    /// found when the reading is `aligned` with it, else a scan of the item finds it.
    fn item(&self, offset: usize, aligned: bool) -> Read<'_> {
        let text = self.text;
        let (until, too_deep) = if aligned {
            let next = self.too_deep.partition_point(|&(_, brace)| brace < offset);
            let too_deep = self.too_deep.get(next).copied();
            (too_deep.map_or(text.len(), |(_, brace)| brace), too_deep)
        } else {
            // Read no further than the item: after errors, many items may follow.
            let extent = scan::extent(text, offset, self.max_depth);
            (extent.end, extent.too_deep)
        };
        // pest reads no more of the item than the size limit allows.
        let window = floor_char_boundary(text, offset.saturating_add(self.max_item));
        let (until, too_deep, cut) = if window < until {
            (window, too_deep.filter(|&(_, brace)| brace < window), true)
        } else {
            (until, too_deep, false)
        };
        let read = Grammar::parse(GrammarRule::next_item, &text[offset..until]);
        if cut && read.is_err() && too_deep.is_none() && self.runs_past(offset, window) {
            let rest = &text[offset..];
            let first = leading_word(rest)
                .map(str::len)
                .or_else(|| rest.chars().next().map(char::len_utf8))
                .unwrap_or(0);
            return Read::TooLarge(Span::new(offset, offset + first));
        }
        let reaches_until = match &read {
            Ok(pairs) => {
                let item = pairs
                    .clone()
                    .next()
                    .expect("the grammar always gives an item");
                offset + item.as_span().end() >= until
            }
            Err(error) => {
                let failure = match error.location {
                    pest::error::InputLocation::Pos(p)
                    | pest::error::InputLocation::Span((p, _)) => p,
                };
                // pest read up to the cut, or failed within the header of the block
                // too deep (at its title, before the `{` it never saw).
                failure >= text[offset..until].trim_end().len()
                    || too_deep.is_some_and(|(header, _)| offset + failure >= header.start())
            }
        };
        match (read, too_deep) {
            // What comes before the block too deep may still hold a bad escape.
            (_, Some((header, brace))) if reaches_until => {
                match explain::first_lexical_problem(text, offset, brace) {
                    Some(problem) => Read::Broken(problem),
                    None => Read::TooDeep(header),
                }
            }
            (Ok(mut pairs), _) => {
                Read::Item(pairs.next().expect("the grammar always gives an item"))
            }
            (Err(error), _) => {
                let failure = offset
                    + match error.location {
                        pest::error::InputLocation::Pos(p)
                        | pest::error::InputLocation::Span((p, _)) => p,
                    };
                Read::Broken(explain::explain(text, offset, failure))
            }
        }
    }

    /// Whether the item at `offset` goes on past `window`, as the scan reads it (a
    /// block to its closing `}`): asked only of an item pest could not read within
    /// the window, so the scan never reads much past what pest read.
    fn runs_past(&self, offset: usize, window: usize) -> bool {
        let mut probe = window + 1;
        while !self.text.is_char_boundary(probe) {
            probe += 1;
        }
        scan::extent(&self.text[..probe], offset, self.max_depth).end > window
    }

    fn too_large(&self, header: Span) -> Diagnostic {
        let limit = self.max_item;
        // Named by its keyword; a first word that is no keyword (it may be as long as
        // the item) is not quoted.
        let first = &self.text[header.start()..header.end()];
        let what = if first == "use" {
            "this `use` line".to_owned()
        } else if vocabulary::BlockKind::from_keyword(first).is_some() {
            format!("this `{first}` block")
        } else {
            "this item".to_owned()
        };
        self.limit_exceeded(
            header,
            format!("{what} is longer than the limit of {limit} bytes, and was not read"),
            "the block starts here and runs on past the limit".to_owned(),
            "a block past the size limit is not read; close it if a `}` is missing, split it \
             into several blocks, or raise `limits.block-size` in .cmilint.yaml",
        )
    }

    fn too_deep(&self, header: Span) -> Diagnostic {
        let max_depth = self.max_depth;
        self.limit_exceeded(
            header,
            format!("blocks are nested more than {max_depth} deep"),
            format!("this block is at depth {}", max_depth + 1),
            "a plan needs only a few levels of blocks; move this block out, or raise \
             `limits.nesting-depth` in .cmilint.yaml",
        )
    }

    /// E016 at the header of a top-level block the reader skips.
    fn limit_exceeded(
        &self,
        header: Span,
        message: String,
        label: String,
        help: &str,
    ) -> Diagnostic {
        let at = Location {
            file: self.file,
            span: header,
        };
        Diagnostic::new(&LanguageCode::LimitExceeded, at, message)
            .with_label(label)
            .with_help(help)
    }
}

fn syntax_error(file: FileId, problem: Explanation) -> Diagnostic {
    let at = |span| Location { file, span };
    let mut diagnostic = Diagnostic::new(
        &LanguageCode::SyntaxError,
        at(problem.span),
        problem.message,
    );
    if let Some(label) = problem.label {
        diagnostic = diagnostic.with_label(label);
    }
    if let Some(help) = problem.help {
        diagnostic = diagnostic.with_help(help);
    }
    for (span, message) in problem.secondary {
        diagnostic = diagnostic.with_secondary(at(span), message);
    }
    diagnostic
}

/// Whether the first word after `offset` (past blanks and comments) is `plan`.
fn starts_plan_block(text: &str, offset: usize) -> bool {
    leading_word(&text[scan::skip_blanks(text, offset)..]) == Some("plan")
}

/// The first line at or after `from` that starts at column 1 with `use` or the kind of
/// a top-level block.
fn resume_point(text: &str, from: usize) -> Option<usize> {
    let mut line_start = from;
    while line_start < text.len() {
        let line = &text[line_start..];
        if let Some(word) = leading_word(line)
            && (word == "use" || vocabulary::top_level_keywords().any(|k| k == word))
        {
            return Some(line_start);
        }
        line_start += line.find('\n')? + 1;
    }
    None
}

/// The identifier at the very start of `text`, if there is one.
fn leading_word(text: &str) -> Option<&str> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(text.len());
    let word = &text[..end];
    word.starts_with(|c: char| c.is_ascii_alphabetic())
        .then_some(word)
}

trait NextPair<'i> {
    fn next_pair(self) -> Pair<'i, GrammarRule>;
}

impl<'i> NextPair<'i> for pest::iterators::Pairs<'i, GrammarRule> {
    /// The grammar guarantees the child; a missing one would be a grammar bug.
    fn next_pair(mut self) -> Pair<'i, GrammarRule> {
        self.next().expect("the grammar guarantees this child")
    }
}

/// Turns the pairs of one top-level item into syntax. Offsets in pairs are relative to
/// where the item's parse started (`base`).
struct Builder {
    base: usize,
    /// An escape that the grammar accepts but that names no character (`\u{D800}`).
    problem: Option<Explanation>,
}

impl Builder {
    fn span(&self, pair: &Pair<'_, GrammarRule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    fn word(&self, pair: &Pair<'_, GrammarRule>) -> Word {
        Word {
            span: self.span(pair),
        }
    }

    fn block(&mut self, pair: Pair<'_, GrammarRule>) -> BlockSyntax {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kind = self.word(&inner.next().expect("a block starts with its kind"));
        // A file holds many blocks: each gets room for just its fields and blocks.
        let (mut fields, mut blocks) = (0, 0);
        let mut parts = inner.clone();
        while let Some(part) = parts.next() {
            match part.as_rule() {
                // A field's name, its value's pair next.
                GrammarRule::word => {
                    fields += 1;
                    parts.next();
                }
                GrammarRule::block => blocks += 1,
                _ => {}
            }
        }
        let mut block = BlockSyntax {
            kind,
            id: None,
            title: None,
            fields: ThinVec::with_capacity(fields),
            blocks: ThinVec::with_capacity(blocks),
            span,
        };
        while let Some(part) = inner.next() {
            match part.as_rule() {
                GrammarRule::block_id => block.id = Some(self.word(&part)),
                GrammarRule::text | GrammarRule::long_text => {
                    block.title = Some(self.string(&part));
                }
                GrammarRule::word => {
                    let name = self.word(&part);
                    let value = self.value(inner.next().expect("a field's value follows its name"));
                    block.fields.push(FieldSyntax { name, value });
                }
                _ => block.blocks.push(self.block(part)),
            }
        }
        block
    }

    fn value(&mut self, pair: Pair<'_, GrammarRule>) -> ValueSyntax {
        match pair.as_rule() {
            GrammarRule::list => ValueSyntax::List {
                span: self.span(&pair),
                items: pair.into_inner().map(|item| self.value(item)).collect(),
            },
            GrammarRule::range => {
                let mut dates = pair.into_inner();
                let start = self.word(&dates.next().expect("a range has a start"));
                let end = self.word(&dates.next_pair());
                ValueSyntax::Range { start, end }
            }
            GrammarRule::date => ValueSyntax::Date(self.word(&pair)),
            GrammarRule::number => ValueSyntax::Number(self.word(&pair)),
            GrammarRule::word => ValueSyntax::Word(self.word(&pair)),
            _ => ValueSyntax::Text(self.string(&pair)),
        }
    }

    /// A `text` or `long_text` pair, its escapes decoded.
    fn string(&mut self, pair: &Pair<'_, GrammarRule>) -> DecodedText {
        let span = self.span(pair);
        let long = pair.as_rule() == GrammarRule::long_text;
        let quotes = if long { 3 } else { 1 };
        let literal = pair.as_str();
        let body = &literal[quotes..literal.len() - quotes];
        let body_start = span.start() + quotes;
        match strings::decode_literal(body, body_start, span, long) {
            Ok(text) => text,
            Err((at, problem)) => {
                if self.problem.is_none() {
                    self.problem = Some(problem.at(body_start + at));
                }
                DecodedText::decoded(String::new(), span, body_start, Vec::new())
            }
        }
    }
}

/// The bare pest parse of every top-level item with cmilint's grammar, no syntax tree
/// built: what the benchmarks show beside cmilint's parse and the baseline
/// (benches/baseline/). Gives the number of items read before the first syntax error
/// or the end of the file.
pub fn pest_items(text: &str) -> usize {
    let mut offset = 0;
    let mut items = 0;
    while let Ok(mut pairs) = Grammar::parse(GrammarRule::next_item, &text[offset..]) {
        match pairs.next() {
            Some(item) if item.as_rule() != GrammarRule::end_of_file => {
                offset += item.as_span().end();
                items += 1;
            }
            _ => break,
        }
    }
    items
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn parsed(text: &str, stretch: usize) -> Parsed {
        parse_in_stretches(FileId(0), text, &Limits::default(), stretch)
    }

    /// Read with top-level items of at most `block_size` bytes.
    fn parsed_within(text: &str, stretch: usize, block_size: u64) -> Parsed {
        let limits = Limits {
            block_size,
            ..Limits::default()
        };
        parse_in_stretches(FileId(0), text, &limits, stretch)
    }

    /// The code, the text under the primary place and the label of each diagnostic.
    fn reported<'t>(text: &'t str, parsed: &Parsed) -> Vec<(String, &'t str, Option<String>)> {
        parsed
            .diagnostics
            .iter()
            .map(|d| {
                let span = d.location.span;
                (
                    d.code().to_string(),
                    &text[span.start()..span.end()],
                    d.label().map(std::borrow::Cow::into_owned),
                )
            })
            .collect()
    }

    /// Pieces of plans, broken ones too, on lines of their own or not.
    fn plan_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("actor a \"A\" { kind: ngo }"),
            Just("actor b \"B\""),
            Just("activity w {"),
            Just("transition { to: a }"),
            Just("plan \"P\" {"),
            Just("use \"x.cmi\""),
            Just("kind: ngo"),
            Just("with: [a, b,"),
            Just("\"unclosed"),
            Just("\"\"\""),
            Just("\"\\u{D800}\""),
            Just("# comment"),
            Just("}"),
            Just("{"),
            Just(":"),
            Just("description: \"é, ü and ß are two bytes long\""),
            // Two of these in a row nest past the limit of 32.
            Just("activity deep { x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{x{"),
        ];
        glued(piece, 0..60)
    }

    /// Pieces one after the other, each followed by a space, a line end or two.
    fn glued(
        piece: impl Strategy<Value = &'static str>,
        count: std::ops::Range<usize>,
    ) -> impl Strategy<Value = String> {
        let glue = prop_oneof![Just(" "), Just("\n"), Just("\n\n")];
        prop::collection::vec((piece, glue), count)
            .prop_map(|pieces| pieces.into_iter().flat_map(|(p, g)| [p, g]).collect())
    }

    /// Plans of pieces that hold no syntax error, with a bad escape that pest reads all
    /// the same and the builder reports.
    fn valid_plan_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("actor a \"A\" { kind: ngo }"),
            Just("plan \"P\" { period: 2027-01-01..2027-02-01 lead: a }"),
            Just("use \"x.cmi\""),
            Just("# comment\n"),
            Just("activity w { with: [a, b,] transition { to: a by: 2027-03-01 } }"),
            Just("objective o \"\"\"long\ntext\"\"\" { weight: 2.5 }"),
            Just("actor d \"\\u{D800}\" { kind: ngo }"),
        ];
        // Each holds an item: a stretch of nothing but comments is read item by item.
        glued(piece, 0..40).prop_map(|pieces| format!("actor z \"Z\" {{ kind: ngo }}\n{pieces}"))
    }

    proptest! {
        /// A stretch read in one parse reads as it reads item by item.
        #[test]
        fn a_stretch_read_in_one_go_reads_as_item_by_item(text in valid_plan_text()) {
            let limits = Limits::default();
            let layout = scan::scan(&text, 0, usize::MAX, limits.nesting_depth);
            let reader = Reader {
                file: FileId(0),
                text: &text,
                max_depth: limits.nesting_depth,
                max_item: 256 * 1024,
                too_deep: &layout.too_deep,
            };
            let mut in_one_go = Stretch::default();
            let end = reader.read_whole(0, text.len(), &mut in_one_go);
            prop_assert!(end.is_some(), "no syntax error: the stretch is read in one go");
            let by_item = reader.read(0, text.len(), false);
            prop_assert_eq!(
                (end.map(|end| scan::skip_blanks(&text, end)), in_one_go.uses, in_one_go.blocks),
                (Some(by_item.next), by_item.uses, by_item.blocks)
            );
            prop_assert_eq!(in_one_go.diagnostics, by_item.diagnostics);
            prop_assert_eq!(in_one_go.declares_plan, by_item.declares_plan);
        }

        #[test]
        fn a_file_read_in_stretches_reads_as_read_whole(text in plan_text()) {
            prop_assert_eq!(parsed(&text, 1), parsed(&text, usize::MAX));
        }

        #[test]
        fn a_size_limit_reads_alike_in_stretches(text in plan_text(), size in 1..80_u64) {
            prop_assert_eq!(parsed_within(&text, 1, size), parsed_within(&text, usize::MAX, size));
        }
    }

    #[test]
    fn a_file_is_cut_where_top_level_items_begin() {
        let text = "actor a \"A\" {\n  kind: ngo\n}\n# note\nactor b \"B\" { kind: ngo }\n";
        let layout = scan::scan(text, 0, 1, 32);
        assert_eq!(layout.cuts, vec![text.find("actor b").unwrap()]);
        assert_eq!(parsed(text, 1).syntax.blocks.iter().count(), 2);
    }

    #[test]
    fn an_item_that_runs_over_a_cut_is_read_once() {
        // `b` starts a line outside every block, but belongs to the header above it.
        let text = "actor\nb \"B\" { kind: ngo }\nactor c \"C\" { kind: ngo }\n";
        let whole = parsed(text, usize::MAX);
        assert!(whole.diagnostics.is_empty());
        assert_eq!(whole.syntax.blocks.iter().count(), 2);
        assert_eq!(parsed(text, 1), whole);
    }

    #[test]
    fn a_block_is_given_room_for_just_its_fields_and_blocks() {
        fn check(block: &BlockSyntax) {
            assert_eq!(block.fields.capacity(), block.fields.len());
            assert_eq!(block.blocks.capacity(), block.blocks.len());
            block.blocks.iter().for_each(check);
        }
        // Word values, whose pairs are words as a field's name is; lists; nested
        // blocks, one with neither identifier nor title, whose kind pest tries first
        // as a field's name.
        let text = "plan \"P\" {\n  level: tactical\n  lead: j9\n  kinds: [a, b]\n  \
                    phase p \"P\" { period: 2027-01-01..2027-02-01 name: x }\n  \
                    note { text: \"t\" }\n  level: operational\n}\n";
        let read = parsed(text, usize::MAX);
        assert!(read.diagnostics.is_empty());
        let plan = read.syntax.blocks.iter().next().expect("the plan block");
        assert_eq!((plan.fields.len(), plan.blocks.len()), (4, 2));
        check(plan);
    }

    #[test]
    fn an_error_that_runs_over_a_cut_is_reported_once() {
        let text =
            "actor a \"A\" { kind: ngo }\nactor\nb \"B\" { kind: }\nactor c \"C\" { kind: ngo }\n";
        let whole = parsed(text, usize::MAX);
        assert_eq!(whole.diagnostics.len(), 1);
        assert_eq!(whole.syntax.blocks.iter().count(), 2);
        assert_eq!(parsed(text, 1), whole);
    }

    #[test]
    fn a_text_ends_at_its_closing_quotes_not_at_an_escaped_one() {
        let read = |literal: &str| {
            let text = format!("plan \"P\" {{ area: {literal} }}\n");
            let read = parsed(&text, usize::MAX);
            let errors: Vec<String> = reported(&text, &read)
                .into_iter()
                .map(|(code, at, _)| format!("{code} at {at}"))
                .collect();
            (errors, read.syntax.blocks.iter().count())
        };
        for literal in [
            r#""""#,
            r#""a \"quoted\" word""#,
            r#""back\\slash, \t tab, \u{e9}""#,
            "\"tab\there and NUL \0 too\"",
            r#""""""""#,
            "\"\"\"a \"quote\" and \"\"two\"\"\nover lines\r\n\"\"\"",
            r#""""an escaped \""" inside""""#,
        ] {
            assert_eq!(read(literal), (vec![], 1), "{literal:?} is one text");
        }
        for literal in [
            "\"no line end\nin a text\"",
            "\"nor a lone\rcarriage return\"",
            r#""an \x unknown escape""#,
            r#""""a long text ends at its first three quotes"""""#,
            r#""never closed"#,
        ] {
            let (errors, _) = read(literal);
            assert!(
                errors.len() == 1 && errors[0].starts_with("E001"),
                "{literal:?} is a syntax error: {errors:?}"
            );
        }
    }

    #[test]
    fn a_block_past_the_size_limit_is_skipped_with_one_e016_at_its_kind() {
        let small = "actor a \"A\" { kind: ngo }\n";
        let large = "actor b \"B\" {\n  kind: ngo\n  description: \"a long remark\"\n}\n";
        let text = format!("{small}{large}{small}");
        let read = parsed_within(&text, usize::MAX, small.len() as u64);
        assert_eq!(
            reported(&text, &read),
            [(
                "E016".to_owned(),
                "actor",
                Some("the block starts here and runs on past the limit".to_owned())
            )]
        );
        assert_eq!(read.diagnostics[0].location.span.start(), small.len());
        assert_eq!(read.syntax.blocks.iter().count(), 2);
        // A block exactly as large as the limit is read.
        let exact = parsed_within(&text, usize::MAX, (large.len() - 1) as u64);
        assert!(exact.diagnostics.is_empty());
        assert_eq!(exact.syntax.blocks.iter().count(), 3);
    }

    #[test]
    fn a_block_never_closed_past_the_size_limit_is_e016_not_a_syntax_error() {
        let text = format!("actor a \"A\" {{ {}", "kind: ngo ".repeat(1_000));
        let read = parsed_within(&text, usize::MAX, 1_000);
        assert_eq!(reported(&text, &read)[0].0, "E016");
        assert_eq!(read.diagnostics.len(), 1);
    }

    #[test]
    fn a_syntax_error_inside_the_size_limit_is_still_explained() {
        let text = format!(
            "actor a \"A\" {{ kind: }}\n{}",
            "actor b \"B\" { kind: ngo }\n".repeat(100)
        );
        let read = parsed_within(&text, usize::MAX, 64);
        assert_eq!(reported(&text, &read)[0].0, "E001");
        assert_eq!(read.diagnostics.len(), 1);
        assert_eq!(read.syntax.blocks.iter().count(), 100);
    }

    #[test]
    fn an_item_past_the_size_limit_is_named_by_its_keyword_and_nothing_longer() {
        let messages = |text: &str| -> Vec<String> {
            let read = parsed_within(text, usize::MAX, 20);
            read.diagnostics
                .iter()
                .map(|d| d.message().to_string())
                .collect()
        };
        let tail = "x".repeat(100);
        assert_eq!(
            messages(&format!("actor a \"{tail}\" {{ }}\n")),
            ["this `actor` block is longer than the limit of 20 bytes, and was not read"]
        );
        assert_eq!(
            messages(&format!("use \"{tail}.cmi\"\n")),
            ["this `use` line is longer than the limit of 20 bytes, and was not read"]
        );
        assert_eq!(
            messages(&format!("{tail} {{ }}\n")),
            ["this item is longer than the limit of 20 bytes, and was not read"]
        );
    }

    #[test]
    fn a_limit_that_falls_inside_a_character_is_read_up_to_it() {
        let text = "actor a \"ééééééééé\" { kind: ngo }\n";
        let block = text.trim_end().len() as u64;
        for size in 1..block {
            let read = parsed_within(text, usize::MAX, size);
            assert_eq!(reported(text, &read)[0].1, "actor", "limit {size}");
        }
        assert!(
            parsed_within(text, usize::MAX, block)
                .diagnostics
                .is_empty()
        );
    }
}
