//! Syntax errors in a planner's words. When pest rejects an item, the text from the
//! item's start to the end of the failing line is cut into lexemes (by the grammar's
//! `lexeme_stream`) and walked in the shape of the grammar, so that the first thing
//! out of place is named with its context: the block, the field, the list.

use pest::Parser;

use super::explanation::Explanation;
use super::grammar::{Grammar, GrammarRule};
use super::scan;
use super::strings::decode;
use crate::source::Span;
use crate::visible::is_invisible;
use crate::vocabulary;

#[derive(Clone, Copy, Debug, PartialEq)]
enum LexemeKind {
    Text,
    OpenText,
    DateLike,
    Word,
    Mark,
    Stray,
}

#[derive(Clone, Copy, Debug)]
struct Lexeme<'t> {
    kind: LexemeKind,
    text: &'t str,
    span: Span,
}

impl Lexeme<'_> {
    fn is_mark(&self, mark: &str) -> bool {
        self.kind == LexemeKind::Mark && self.text == mark
    }

    fn describe(&self) -> String {
        match self.kind {
            LexemeKind::Text | LexemeKind::OpenText => "a text in quotes".into(),
            _ => format!("`{}`", self.text),
        }
    }
}

/// The deepest the walk follows blocks: deeper than any configuration lets a plan nest.
const MAX_WALK_DEPTH: usize = crate::config::MAX_NESTING_DEPTH + 1;

/// How many more lines the walk may read past the failing one, when what is wrong
/// shows only in what comes next (a `{` missing before the next line's field).
const LINES_PAST_FAILURE: usize = 4;

/// Explains why the item starting at `item_start` does not parse; pest gave up at
/// `failure`.
pub(super) fn explain(text: &str, item_start: usize, failure: usize) -> Explanation {
    let mut region_end = line_end(text, failure);
    let mut lexemes = lex(text, item_start, region_end);
    for extra_lines in 0..=LINES_PAST_FAILURE {
        // The first lexeme that is wrong in itself ends the structural walk there.
        let lexical = lexemes
            .iter()
            .enumerate()
            .find_map(|(i, t)| lexical_problem(text, t).map(|p| (i, p)));
        let mut walk = Walker {
            lexemes: lexical
                .as_ref()
                .map_or(&lexemes[..], |(i, _)| &lexemes[..*i]),
            next: 0,
            open: Vec::new(),
        };
        if let Err(Stop::Problem(problem)) = walk.item() {
            return problem;
        }
        if let Some((_, problem)) = lexical {
            return problem;
        }
        if region_end == text.len() {
            return if walk.open.is_empty() {
                fallback(text, failure)
            } else {
                unclosed(&walk.open)
            };
        }
        // The walk ran out of lexemes: read on to the next line that holds one.
        if extra_lines == LINES_PAST_FAILURE {
            break;
        }
        let next_end = line_end(text, scan::skip_blanks(text, region_end));
        lexemes.extend(lex(text, region_end, next_end));
        region_end = next_end;
    }
    fallback(text, failure)
}

/// The first lexeme between `start` and `end` that is wrong in itself (a bad escape, an
/// unclosed text, a character that starts nothing), explained.
pub(super) fn first_lexical_problem(text: &str, start: usize, end: usize) -> Option<Explanation> {
    lex(text, start, end)
        .iter()
        .find_map(|lexeme| lexical_problem(text, lexeme))
}

/// The end of the line holding `at` (before its `\n`), or a little past `at` on a
/// long line.
fn line_end(text: &str, at: usize) -> usize {
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    (at + 1024..end)
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(end)
}

fn lex(text: &str, start: usize, end: usize) -> Vec<Lexeme<'_>> {
    let region = &text[start..end];
    let Ok(pairs) = Grammar::parse(GrammarRule::lexeme_stream, region) else {
        return Vec::new();
    };
    pairs
        .filter_map(|pair| {
            let kind = match pair.as_rule() {
                GrammarRule::lex_string => LexemeKind::Text,
                GrammarRule::lex_open_string => LexemeKind::OpenText,
                GrammarRule::lex_date_like => LexemeKind::DateLike,
                GrammarRule::lex_word => LexemeKind::Word,
                GrammarRule::lex_mark => LexemeKind::Mark,
                GrammarRule::lex_stray => LexemeKind::Stray,
                _ => return None,
            };
            let s = pair.as_span();
            Some(Lexeme {
                kind,
                text: &text[start + s.start()..start + s.end()],
                span: Span::new(start + s.start(), start + s.end()),
            })
        })
        .collect()
}

/// A character as the planner can see it: quoted, or named by its code point when it
/// is invisible (a control character, a byte order mark in mid-file).
fn shown(character: &str) -> String {
    match character.chars().next() {
        Some(c) if is_invisible(c) => format!("the invisible character U+{:04X}", c as u32),
        _ => format!("`{character}`"),
    }
}

/// What is wrong with a lexeme on its own: an unclosed string, a bad escape, a
/// character that starts nothing, a malformed date or number.
fn lexical_problem(text: &str, lexeme: &Lexeme<'_>) -> Option<Explanation> {
    match lexeme.kind {
        LexemeKind::Text => {
            let long = lexeme.text.starts_with("\"\"\"");
            let quote = if long { 3 } else { 1 };
            let body = &lexeme.text[quote..lexeme.text.len() - quote];
            decode(body, long)
                .err()
                .map(|(at, problem)| problem.at(lexeme.span.start() + quote + at))
        }
        LexemeKind::OpenText => {
            let long = text[lexeme.span.start()..].starts_with("\"\"\"");
            if long {
                let body_start = lexeme.span.start() + 3;
                if let Err((at, problem)) = decode(&text[body_start..], true) {
                    return Some(problem.at(body_start + at));
                }
                Some(
                    Explanation::new(Span::new(lexeme.span.start(), body_start), "this text is never closed")
                        .label("the text opened here has no closing `\"\"\"`")
                        .help("close the text with `\"\"\"`"),
                )
            } else {
                Some(
                    Explanation::new(lexeme.span, "this text is not closed on its line")
                        .label("the text opened here has no closing `\"`")
                        .help("close the text with `\"` before the end of the line; for text over several lines, use `\"\"\"`"),
                )
            }
        }
        LexemeKind::Stray => Some(
            Explanation::new(lexeme.span, format!("{} cannot stand here", shown(lexeme.text)))
                .label("unexpected character")
                .help("text belongs in quotes; identifiers use only letters, digits, `-` and `_`"),
        ),
        LexemeKind::DateLike if !(is_number(lexeme.text) || is_date(lexeme.text)) => Some(
            Explanation::new(
                lexeme.span,
                format!("`{}` is neither a date nor a number", lexeme.text),
            )
            .label("not a date or a number")
            .help("write dates as YYYY-MM-DD (2027-03-01), ranges as 2027-03-01..2027-12-31, numbers as 42 or 3.5; an identifier must start with a letter"),
        ),
        _ => None,
    }
}

fn is_number(s: &str) -> bool {
    let mut parts = s.splitn(2, '.');
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    parts.next().is_some_and(all_digits) && parts.next().is_none_or(all_digits)
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

enum Stop {
    Problem(Explanation),
    /// The lexemes ran out.
    End,
}

type Walk = Result<(), Stop>;

/// Walks the lexemes of one item in the shape of the grammar.
struct Walker<'a, 't> {
    lexemes: &'a [Lexeme<'t>],
    next: usize,
    /// The headers of the blocks open at the current point, outermost first.
    open: Vec<(Span, String)>,
}

fn problem(span: Span, message: impl Into<String>) -> Stop {
    Stop::Problem(Explanation::new(span, message))
}

impl<'t> Walker<'_, 't> {
    fn peek(&self) -> Result<Lexeme<'t>, Stop> {
        self.lexemes.get(self.next).copied().ok_or(Stop::End)
    }

    fn peek_second(&self) -> Option<Lexeme<'t>> {
        self.lexemes.get(self.next + 1).copied()
    }

    fn item(&mut self) -> Walk {
        let first = self.peek()?;
        if first.kind == LexemeKind::Word
            && first.text == "use"
            && self.peek_second().is_none_or(|t| !t.is_mark("{"))
        {
            self.next += 1;
            let path = self.peek()?;
            if path.kind != LexemeKind::Text {
                return Err(Stop::Problem(
                    Explanation::new(
                        path.span,
                        format!(
                            "expected the path of a file in quotes after `use`, found {}",
                            path.describe()
                        ),
                    )
                    .label("expected a path in quotes")
                    .help("write `use \"common/actors.cmi\"`, with the path relative to this file"),
                ));
            }
            self.next += 1;
            return Ok(());
        }
        match first.kind {
            LexemeKind::Word => self.block(),
            _ if first.is_mark("}") => Err(Stop::Problem(
                Explanation::new(first.span, "this `}` closes no block")
                    .label("unexpected `}`")
                    .help("remove it, or check the `{` and `}` of the block above"),
            )),
            _ => Err(Stop::Problem(
                Explanation::new(first.span, format!("expected a block or a `use` line, found {}", first.describe()))
                    .label("expected a block here")
                    .help("a plan file holds `use` lines and blocks, such as `actor unhcr \"UNHCR\" { kind: international-organization }`"),
            )),
        }
    }

    fn block(&mut self) -> Walk {
        let kind = self.peek()?;
        self.next += 1;
        let mut header = kind.text.to_owned();
        let mut lexeme = self.peek()?;
        if lexeme.kind == LexemeKind::Word {
            header = format!("{header} {}", lexeme.text);
            self.next += 1;
            lexeme = self.peek()?;
        }
        if lexeme.kind == LexemeKind::Text {
            self.next += 1;
            lexeme = self.peek()?;
        }
        if !lexeme.is_mark("{") {
            return Err(self.broken_header(kind, &header, lexeme));
        }
        // The walk reads a little past the failure, where blocks may nest deeper than
        // the parser ever goes: it stops before its own recursion could grow.
        if self.open.len() >= MAX_WALK_DEPTH {
            return Err(Stop::End);
        }
        self.next += 1;
        self.open.push((kind.span, header));
        loop {
            let lexeme = self.peek()?;
            if lexeme.is_mark("}") {
                self.next += 1;
                self.open.pop();
                return Ok(());
            }
            if lexeme.kind != LexemeKind::Word {
                let (_, header) = self.open.last().expect("inside a block");
                return Err(Stop::Problem(
                    Explanation::new(lexeme.span, format!("expected a field or a block inside `{header}`, found {}", lexeme.describe()))
                        .label("expected a field name here")
                        .help("a field is written `name: value`; a nested block `kind id \"title\" { ... }`; the block ends with `}`"),
                ));
            }
            if self.peek_second().is_some_and(|t| t.is_mark(":")) {
                self.field()?;
            } else {
                self.block()?;
            }
        }
    }

    fn broken_header(&self, kind: Lexeme<'t>, header: &str, found: Lexeme<'t>) -> Stop {
        let after_kind = self.lexemes.get(
            self.lexemes
                .iter()
                .position(|t| t.span == kind.span)
                .map_or(0, |i| i + 1),
        );
        if found.is_mark(":") && self.open.is_empty() {
            return Stop::Problem(
                Explanation::new(
                    kind.span,
                    format!("the field `{}` stands outside any block", kind.text),
                )
                .label("a field outside a block")
                .help("move it inside the block it belongs to, between `{` and `}`"),
            );
        }
        if vocabulary::is_field_name_only(kind.text) {
            let at = after_kind.copied().unwrap_or(found);
            return Stop::Problem(
                Explanation::new(
                    at.span,
                    format!("expected `:` after the field name `{}`", kind.text),
                )
                .label("expected `:` before this")
                .help(format!("a field is written `{}: value`", kind.text)),
            );
        }
        Stop::Problem(
            Explanation::new(
                found.span,
                format!(
                    "expected `{{` to open the block `{header}`, found {}",
                    found.describe()
                ),
            )
            .label("expected `{` here")
            .help(
                "a block is written `kind id \"title\" { ... }`; a field is written `name: value`",
            ),
        )
    }

    fn field(&mut self) -> Walk {
        let name = self.peek()?;
        self.next += 2;
        let value = self.peek()?;
        if value.is_mark("[") {
            self.next += 1;
            return self.list(name);
        }
        self.scalar(name)
    }

    fn list(&mut self, field: Lexeme<'t>) -> Walk {
        loop {
            let lexeme = self.peek()?;
            if lexeme.is_mark("]") {
                self.next += 1;
                return Ok(());
            }
            if lexeme.is_mark("[") {
                return Err(Stop::Problem(
                    Explanation::new(
                        lexeme.span,
                        format!("the list of `{}` holds another list", field.text),
                    )
                    .label("a list inside a list")
                    .help("a list holds single values: `[a, b, \"c\"]`"),
                ));
            }
            self.scalar(field)?;
            let lexeme = self.peek()?;
            if lexeme.is_mark(",") {
                self.next += 1;
            } else if !lexeme.is_mark("]") {
                return Err(Stop::Problem(
                    Explanation::new(
                        lexeme.span,
                        format!(
                            "expected `,` or `]` in the list of `{}`, found {}",
                            field.text,
                            lexeme.describe()
                        ),
                    )
                    .label("expected `,` or `]`")
                    .help("separate the items of a list with commas and close it with `]`"),
                ));
            }
        }
    }

    fn scalar(&mut self, field: Lexeme<'t>) -> Walk {
        let lexeme = self.peek()?;
        match lexeme.kind {
            LexemeKind::Text | LexemeKind::Word => {
                self.next += 1;
                Ok(())
            }
            LexemeKind::DateLike => {
                self.next += 1;
                if is_date(lexeme.text) && self.peek().is_ok_and(|t| t.is_mark("..")) {
                    self.range(lexeme)?;
                }
                Ok(())
            }
            _ => Err(Stop::Problem(
                Explanation::new(lexeme.span, format!("expected a value for the field `{}`, found {}", field.text, lexeme.describe()))
                    .label("expected a value here")
                    .help("a value is a text in quotes, a word, a date, a range, a number, yes or no, or a list in `[ ]`"),
            )),
        }
    }
}

impl<'t> Walker<'_, 't> {
    /// A range, from its `..` on (after the start date `start`): written as one word,
    /// `2027-03-01..2027-12-31`.
    fn range(&mut self, start: Lexeme<'t>) -> Walk {
        let dots = self.peek()?;
        self.next += 1;
        let end = self.lexemes.get(self.next).copied();
        let end_date = end.filter(|e| e.kind == LexemeKind::DateLike && is_date(e.text));
        let spaced = dots.span.start() != start.span.end()
            || end_date.is_some_and(|e| e.span.start() != dots.span.end());
        if spaced {
            let written = end_date.map_or("...", |e| e.text);
            return Err(Stop::Problem(
                Explanation::new(dots.span, "a range is written without spaces around `..`")
                    .label("no spaces here")
                    .help(format!("write `{}..{written}`", start.text)),
            ));
        }
        match (end_date, end) {
            (Some(_), _) => {
                self.next += 1;
                Ok(())
            }
            (None, Some(found)) if found.span.start() == dots.span.end() => Err(problem(
                found.span,
                format!(
                    "expected the end date of the range after `{}..`, found {}",
                    start.text,
                    found.describe()
                ),
            )),
            _ => Err(Stop::Problem(
                Explanation::new(
                    dots.span,
                    format!("the range `{}..` has no end date", start.text),
                )
                .label("the end date goes right after `..`")
                .help(format!(
                    "write `{}..2027-12-31`, the end date included",
                    start.text
                )),
            )),
        }
    }
}

/// The end of the file came inside a block: reported at the outermost open block.
fn unclosed(open: &[(Span, String)]) -> Explanation {
    let (outer, header) = &open[0];
    let mut explanation = Explanation::new(
        *outer,
        format!("the block `{header}` is not closed before the end of the file"),
    )
    .label("this block has no closing `}`")
    .help("add the missing `}`: every `{` needs its `}`");
    // A nested block left open swallows the `}` of the block around it: the first
    // nested block still open is usually where a `}` is missing.
    if let Some((inner, inner_header)) = open.get(1) {
        explanation.secondary.push((
            *inner,
            format!("`{inner_header}`, inside it, is not closed either"),
        ));
    }
    explanation
}

/// pest rejected the text where the walk found nothing wrong: say where, plainly.
fn fallback(text: &str, failure: usize) -> Explanation {
    let found = text[failure..].chars().next();
    let end = found.map_or(failure, |c| failure + c.len_utf8());
    let message = match found {
        None => "the file ends in the middle of a block or a `use` line".to_owned(),
        Some(c) => format!(
            "the plan cannot be read past this point: {} was not expected",
            shown(c.encode_utf8(&mut [0; 4]))
        ),
    };
    Explanation::new(Span::new(failure, end), message)
        .label("unexpected here")
        .help("check the block around this place against docs/language.md")
}
