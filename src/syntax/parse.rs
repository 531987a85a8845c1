//! Reading a file into its syntax: pest parses one top-level item at a time, the pairs
//! become [`FileSyntax`], and after a syntax error the parser resumes at the next line
//! that starts a top-level block, so each broken top-level block gets one E001.

use pest::Parser;
use pest::iterators::Pair;

use super::explain::{self, Explanation};
use super::{Block, Field, FileSyntax, Spanned, UseLine, Value, scan};
use crate::diagnostic::{Diagnostic, LanguageCode, Location};
use crate::source::{FileId, Span};
use crate::vocabulary;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cmi.pest"]
pub(super) struct Grammar;

/// A file's syntax and its syntax errors.
pub struct Parsed {
    pub syntax: FileSyntax,
    pub diagnostics: Vec<Diagnostic>,
    /// Whether a top-level `plan` block starts in the file, whole or broken: such a
    /// file is the root of a plan, not a library.
    pub declares_plan: bool,
}

pub fn parse(file: FileId, text: &str, max_depth: usize) -> Parsed {
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut parsed = Parsed {
        syntax: FileSyntax::default(),
        diagnostics: Vec::new(),
        declares_plan: false,
    };
    let header = match scan::scan(text, start, max_depth) {
        scan::Scan::Comments(comments) => {
            parsed.syntax.comments = comments;
            None
        }
        scan::Scan::TooDeep(header) => Some(header),
    };
    if let Some(header) = header {
        let location = Location { file, span: header };
        parsed.declares_plan = starts_plan_block(text, start);
        parsed.diagnostics.push(
            Diagnostic::language(
                LanguageCode::LimitExceeded,
                location,
                format!("blocks are nested more than {max_depth} deep"),
            )
            .with_label(format!("this block is at depth {}", max_depth + 1))
            .with_help(
                "a plan needs only a few levels of blocks; move this block out, or raise \
                 `limits.nesting-depth` in .cmilint.yaml",
            ),
        );
        return parsed;
    }
    let mut offset = start;
    while offset < text.len() {
        match Grammar::parse(Rule::next_item, &text[offset..]) {
            Ok(mut pairs) => {
                let Some(item) = pairs.next() else { break };
                let mut builder = Builder {
                    base: offset,
                    problem: None,
                };
                let end = offset + item.as_span().end();
                match item.as_rule() {
                    Rule::use_line => {
                        let span = builder.span(&item);
                        let path = builder.string(item.into_inner().next_pair());
                        parsed.syntax.uses.push(UseLine { path, span });
                    }
                    Rule::block => {
                        let block = builder.block(item);
                        parsed.declares_plan |= block.kind.text == "plan";
                        parsed.syntax.blocks.push(block);
                    }
                    _ => break,
                }
                if let Some(problem) = builder.problem {
                    parsed.diagnostics.push(syntax_error(file, problem));
                }
                offset = end;
            }
            Err(error) => {
                let failure = offset
                    + match error.location {
                        pest::error::InputLocation::Pos(p) => p,
                        pest::error::InputLocation::Span((p, _)) => p,
                    };
                parsed.declares_plan |= starts_plan_block(text, offset);
                let problem = explain::explain(text, offset, failure);
                let line_end = text[problem.span.start..]
                    .find('\n')
                    .map_or(text.len(), |i| problem.span.start + i + 1);
                parsed.diagnostics.push(syntax_error(file, problem));
                match resume_point(text, line_end) {
                    Some(next) => offset = next,
                    None => break,
                }
            }
        }
    }
    parsed
}

fn syntax_error(file: FileId, problem: Explanation) -> Diagnostic {
    let mut diagnostic = Diagnostic::language(
        LanguageCode::SyntaxError,
        Location {
            file,
            span: problem.span,
        },
        problem.message,
    );
    diagnostic.label = problem.label;
    diagnostic.help = problem.help;
    for (span, message) in problem.secondary {
        diagnostic = diagnostic.with_secondary(Location { file, span }, message);
    }
    diagnostic
}

/// Whether the first word after `offset` (past blanks and comments) is `plan`.
fn starts_plan_block(text: &str, offset: usize) -> bool {
    let mut rest = &text[offset..];
    loop {
        rest = rest.trim_start();
        if rest.starts_with('#') {
            rest = rest.find('\n').map_or("", |i| &rest[i..]);
        } else {
            break;
        }
    }
    leading_word(rest) == Some("plan")
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
    fn next_pair(self) -> Pair<'i, Rule>;
}

impl<'i> NextPair<'i> for pest::iterators::Pairs<'i, Rule> {
    /// The grammar guarantees the child; a missing one would be a grammar bug.
    fn next_pair(mut self) -> Pair<'i, Rule> {
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
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let s = pair.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    fn word(&self, pair: Pair<'_, Rule>) -> Spanned {
        Spanned {
            span: self.span(&pair),
            text: pair.as_str().to_owned(),
        }
    }

    fn block(&mut self, pair: Pair<'_, Rule>) -> Block {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let kind = self.word(inner.next().expect("a block starts with its kind"));
        let mut block = Block {
            kind,
            id: None,
            title: None,
            fields: Vec::new(),
            blocks: Vec::new(),
            span,
        };
        for part in inner {
            match part.as_rule() {
                Rule::block_id => block.id = Some(self.word(part)),
                Rule::block_title => block.title = Some(self.string(part.into_inner().next_pair())),
                Rule::field => {
                    let mut parts = part.into_inner();
                    let name = self.word(parts.next().expect("a field starts with its name"));
                    let value = self.value(parts.next_pair());
                    block.fields.push(Field { name, value });
                }
                _ => block.blocks.push(self.block(part)),
            }
        }
        block
    }

    fn value(&mut self, pair: Pair<'_, Rule>) -> Value {
        match pair.as_rule() {
            Rule::list => Value::List {
                span: self.span(&pair),
                items: pair.into_inner().map(|item| self.value(item)).collect(),
            },
            Rule::range => {
                let mut dates = pair.into_inner();
                let start = self.word(dates.next().expect("a range has a start"));
                let end = self.word(dates.next_pair());
                Value::Range { start, end }
            }
            Rule::date => Value::Date(self.word(pair)),
            Rule::number => Value::Number(self.word(pair)),
            Rule::word => Value::Word(self.word(pair)),
            _ => Value::Text(self.string(pair)),
        }
    }

    /// A `text` or `long_text` pair, its escapes decoded.
    fn string(&mut self, pair: Pair<'_, Rule>) -> Spanned {
        let span = self.span(&pair);
        let long = pair.as_rule() == Rule::long_text;
        let body = pair.into_inner().next_pair();
        let body_start = self.span(&body).start;
        let text = match super::strings::decode(body.as_str(), long) {
            Ok(text) => text,
            Err((at, problem)) => {
                if self.problem.is_none() {
                    self.problem = Some(problem.at(body_start + at));
                }
                String::new()
            }
        };
        Spanned { text, span }
    }
}

/// The bare pest parse of every top-level item, no syntax tree built: the baseline
/// that the benchmarks compare cmilint with. Gives the number of items read before
/// the first syntax error or the end of the file.
pub fn pest_items(text: &str) -> usize {
    let mut offset = 0;
    let mut items = 0;
    while let Ok(mut pairs) = Grammar::parse(Rule::next_item, &text[offset..]) {
        match pairs.next() {
            Some(item) if item.as_rule() != Rule::end_of_file => {
                offset += item.as_span().end();
                items += 1;
            }
            _ => break,
        }
    }
    items
}
