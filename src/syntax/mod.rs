//! The plan text as written: `use` lines, blocks, fields and values with their spans,
//! before any meaning is given to kinds and fields. `parse` builds it from the pest
//! grammar; nothing outside this module sees pest.

mod explain;
mod parse;
mod scan;
mod strings;

pub use parse::{Parsed, parse, pest_items};
pub use strings::{DecodedText, decode_literal};

use crate::source::Span;

/// A word or a text, with the place it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned {
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Default, PartialEq)]
pub struct FileSyntax {
    pub uses: Vec<UseLine>,
    pub blocks: Vec<Block>,
    /// Every comment, `#` to the end of its line.
    pub comments: Vec<Span>,
}

#[derive(Debug, PartialEq)]
pub struct UseLine {
    /// The path as written, escapes decoded; its span is the string's.
    pub path: Spanned,
    /// From `use` to the end of the path.
    pub span: Span,
}

#[derive(Debug, PartialEq)]
pub struct Block {
    pub kind: Spanned,
    pub id: Option<Spanned>,
    pub title: Option<Spanned>,
    pub fields: Vec<Field>,
    pub blocks: Vec<Block>,
    /// From the kind keyword to the closing `}`.
    pub span: Span,
}

#[derive(Debug, PartialEq)]
pub struct Field {
    pub name: Spanned,
    pub value: Value,
}

impl Field {
    /// From the field's name to the end of its value.
    pub fn span(&self) -> Span {
        Span::new(self.name.span.start, self.value.span().end)
    }
}

#[derive(Debug, PartialEq)]
pub enum Value {
    Text(Spanned),
    Word(Spanned),
    Date(Spanned),
    Range { start: Spanned, end: Spanned },
    Number(Spanned),
    List { items: Vec<Value>, span: Span },
}

impl Value {
    pub fn span(&self) -> Span {
        match self {
            Value::Text(s) | Value::Word(s) | Value::Date(s) | Value::Number(s) => s.span,
            Value::Range { start, end } => Span::new(start.span.start, end.span.end),
            Value::List { span, .. } => *span,
        }
    }
}
