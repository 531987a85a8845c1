//! What a plan is made of, for an editor's outline and colours: its blocks, nested as
//! they are written, and the tokens of its text by kind (block kinds, identifiers,
//! fields, words, references, dates and numbers, texts), for editors without a
//! grammar of their own.

use lsp_types::{
    DocumentSymbol, Position, SemanticToken, SemanticTokenModifier, SemanticTokenType,
    SemanticTokensLegend, SymbolKind,
};

use super::documents::{Encoding, Lines};
use crate::model::{BlockId, Model, Name, Value};
use crate::source::Span;
use crate::vocabulary::BlockKind;

/// The token types of `semantic_tokens`, in the order their numbers index.
const TYPES: [SemanticTokenType; 6] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::CLASS,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::NUMBER,
    SemanticTokenType::STRING,
];
const KEYWORD: u32 = 0;
const IDENTIFIER: u32 = 1;
const FIELD: u32 = 2;
const WORD: u32 = 3;
const NUMBER: u32 = 4;
const TEXT: u32 = 5;
/// The one modifier: an identifier where its block is defined.
const DECLARATION: u32 = 1;

/// The legend the server announces for its tokens.
pub(crate) fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

/// The blocks of a file of the model, as an outline: each top-level block with the
/// blocks nested in it.
pub(crate) fn symbols(
    model: &Model,
    file: crate::source::FileId,
    text: &str,
    encoding: Encoding,
) -> Vec<DocumentSymbol> {
    let lines = Lines::new(text);
    let roots = model
        .blocks
        .iter()
        .enumerate()
        .filter(|(_, b)| b.file == file && b.parent.is_none())
        .map(|(i, _)| BlockId(i as u32));
    roots
        .map(|b| symbol(model, b, text, &lines, encoding))
        .collect()
}

#[allow(
    deprecated,
    reason = "DocumentSymbol's `deprecated` field is deprecated, but has to be given"
)]
fn symbol(
    model: &Model,
    id: BlockId,
    text: &str,
    lines: &Lines,
    encoding: Encoding,
) -> DocumentSymbol {
    let block = model.block(id);
    let children: Vec<DocumentSymbol> = block
        .children
        .iter()
        .map(|&c| symbol(model, c, text, lines, encoding))
        .collect();
    let extent = model.extent(id);
    let range = lines.range(text, extent.start(), extent.end(), encoding);
    let selection = block.id.as_ref().map_or(block.header, Name::span);
    DocumentSymbol {
        name: block.name(),
        detail: block
            .title
            .as_ref()
            .map(|t| crate::visible::line(t.value()).into_owned()),
        kind: kind_of(block.kind),
        tags: None,
        deprecated: None,
        range,
        selection_range: lines.range(text, selection.start(), selection.end(), encoding),
        children: (!children.is_empty()).then_some(children),
    }
}

fn kind_of(kind: BlockKind) -> SymbolKind {
    match kind {
        BlockKind::Plan => SymbolKind::FILE,
        BlockKind::Structure => SymbolKind::STRUCT,
        BlockKind::Phase | BlockKind::Transition => SymbolKind::EVENT,
        BlockKind::Activity => SymbolKind::FUNCTION,
        BlockKind::Objective | BlockKind::Measure => SymbolKind::CONSTANT,
        _ => SymbolKind::OBJECT,
    }
}

/// The tokens of a file of the model, in the protocol's relative encoding; a token
/// that runs over several lines (a long text) is given a piece a line.
pub(crate) fn semantic_tokens(
    model: &Model,
    file: crate::source::FileId,
    text: &str,
    encoding: Encoding,
) -> Vec<SemanticToken> {
    let mut found: Vec<(Span, u32, u32)> = Vec::new();
    for block in model.blocks.iter().filter(|b| b.file == file) {
        found.push((block.header, KEYWORD, 0));
        if let Some(id) = &block.id {
            found.push((id.span(), IDENTIFIER, DECLARATION));
        }
        if let Some(title) = &block.title {
            found.push((title.span(), TEXT, 0));
        }
        for field in model.fields(block).iter().chain(&block.later_copies) {
            found.push((field.name_span, FIELD, 0));
            for item in field.value.items() {
                let kind = match item {
                    Value::Ref(_) => IDENTIFIER,
                    Value::Word(_) | Value::Bool(_) => WORD,
                    Value::Date(_) | Value::Range(_) | Value::Number(_) => NUMBER,
                    Value::Text(_) => TEXT,
                    Value::List(..) | Value::Invalid(_) => continue,
                };
                found.push((item.span(), kind, 0));
            }
        }
    }
    found.sort_by_key(|(span, _, _)| span.start());
    let lines = Lines::new(text);
    let mut tokens = Vec::with_capacity(found.len());
    let mut last = Position::new(0, 0);
    for (span, kind, modifiers) in found {
        let mut start = span.start();
        while start < span.end() {
            let line_end = text[start..span.end()]
                .find('\n')
                .map_or(span.end(), |i| start + i);
            let from = lines.position(text, start, encoding);
            let to = lines.position(text, line_end, encoding);
            if to.character > from.character {
                let delta_line = from.line - last.line;
                let delta_start = if delta_line == 0 {
                    from.character - last.character
                } else {
                    from.character
                };
                tokens.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length: to.character - from.character,
                    token_type: kind,
                    token_modifiers_bitset: modifiers,
                });
                last = from;
            }
            start = line_end + 1;
        }
    }
    tokens
}
