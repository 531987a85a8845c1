//! The plan text as written: `use` lines, blocks, fields and values with their spans,
//! before any meaning is given to kinds and fields. `parse` builds it from the pest
//! grammar; nothing outside this module sees pest.

mod bidi;
mod explain;
mod explanation;
mod grammar;
mod parse;
mod scan;
mod strings;
mod tree;

pub use parse::pest_items;
pub(crate) use parse::{Parsed, parse};
pub(crate) use tree::{BlockSyntax, Blocks, FileSyntax, TopLevel, UseLine, ValueSyntax, Word};
