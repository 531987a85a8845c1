//! What may be written at a place of a plan, from the vocabulary: a kind of block at the
//! top level, a field or a nested kind inside a block, and after `field:` the words the
//! field takes, or the identifiers of the blocks it may name. The place is read from
//! the text before it (a plan being typed seldom parses), skipping comments and texts.

use lsp_types::{CompletionItem, CompletionItemKind};

use crate::source::floor_char_boundary;
use crate::vocabulary::{BLOCKS, BlockKind, Type};

/// The completions at byte `offset` of `text`.
pub(crate) fn at(text: &str, offset: usize) -> Vec<CompletionItem> {
    let before = &text[..floor_char_boundary(text, offset)];
    let context = read(before);
    let item = |label: &str, kind: CompletionItemKind, detail: String| CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail: Some(detail),
        ..CompletionItem::default()
    };
    let Some(enclosing) = context.blocks.last().copied() else {
        let mut items: Vec<CompletionItem> = BLOCKS
            .iter()
            .filter(|b| b.top_level)
            .map(|b| {
                item(
                    b.keyword,
                    CompletionItemKind::KEYWORD,
                    format!("a {} block", b.noun),
                )
            })
            .collect();
        items.push(item(
            "use",
            CompletionItemKind::KEYWORD,
            "use another plan file".into(),
        ));
        return items;
    };
    let Some(kind) = enclosing else {
        return Vec::new();
    };
    let spec = kind.spec();
    if let Some(field) = context.field.as_deref().and_then(|f| spec.field(f)) {
        let words = |words: &[&str]| -> Vec<CompletionItem> {
            let detail = format!("a value of `{}`", field.name);
            words
                .iter()
                .map(|w| item(w, CompletionItemKind::ENUM_MEMBER, detail.clone()))
                .collect()
        };
        return match field.ty {
            Type::Enum(allowed) => words(allowed),
            Type::Bool => words(&["yes", "no"]),
            Type::Ref(kinds) => declared(text, kinds)
                .into_iter()
                .map(|(k, id)| item(&id, CompletionItemKind::REFERENCE, format!("{k} `{id}`")))
                .collect(),
            Type::Text | Type::Word | Type::Date | Type::Range | Type::Number => Vec::new(),
        };
    }
    let fields = spec.fields.iter().map(|f| {
        let required = if f.required { ", required" } else { "" };
        item(
            f.name,
            CompletionItemKind::FIELD,
            format!("a field of `{kind}`{required}"),
        )
    });
    let nested = spec.nested.iter().map(|n| {
        item(
            n.keyword(),
            CompletionItemKind::KEYWORD,
            format!("a {} block in `{kind}`", n.spec().noun),
        )
    });
    fields.chain(nested).collect()
}

/// Where the text before a place leaves it.
#[derive(Default)]
struct Context {
    /// The blocks open at the place, innermost last, each with its kind if it is one.
    blocks: Vec<Option<BlockKind>>,
    /// The field whose value is being written, if one is.
    field: Option<String>,
}

/// Reads the text before a place: the blocks it leaves open, and the field after
/// whose `:` it stands (in a list too), if any.
fn read(before: &str) -> Context {
    let mut context = Context::default();
    let mut kind = None;
    let mut word = String::new();
    // Whether the field's value has begun, and the word it is, if a word.
    let mut value: Option<String> = None;
    let mut chars = before.char_indices().peekable();
    while let Some((_, c)) = chars.next() {
        match c {
            '#' => while chars.next_if(|&(_, c)| c != '\n').is_some() {},
            '"' => {
                skip_text(before, &mut chars);
                if context.field.is_some() {
                    value = Some(String::new());
                }
            }
            '{' => {
                context.blocks.push(kind.take());
                context.field = None;
            }
            '}' => {
                context.blocks.pop();
                context.field = None;
            }
            ':' => {
                context.field = Some(word.clone());
                value = None;
            }
            c if is_word(c) => {
                word.clear();
                word.push(c);
                while let Some((_, c)) = chars.next_if(|&(_, c)| is_word(c)) {
                    word.push(c);
                }
                if context.field.is_some() {
                    if value.is_some()
                        && !in_list(&before[..chars.peek().map_or(before.len(), |&(i, _)| i)])
                    {
                        // A second word after a value: another field, or a nested block.
                        context.field = None;
                    } else {
                        value = Some(word.clone());
                    }
                }
                if context.field.is_none()
                    && let Some(found) = BlockKind::from_keyword(&word)
                {
                    kind = Some(found);
                }
            }
            _ => {}
        }
    }
    // After a whole value (and not in a list), the next thing is another field.
    let typing = value
        .as_deref()
        .is_some_and(|w| !w.is_empty() && before.ends_with(w));
    if value.is_some() && !typing && !in_list(before) {
        context.field = None;
    }
    context
}

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-' || c == '_'
}

/// Skips a text after its opening quote: to its closing quote, or its closing `"""`
/// for a long text.
fn skip_text(before: &str, chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) {
    let rest = chars.peek().map_or(before.len(), |&(i, _)| i);
    let long = before[rest..].starts_with("\"\"");
    if long {
        chars.next();
        chars.next();
    }
    let mut quotes = 0;
    while let Some((_, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                quotes = 0;
            }
            '"' if !long => return,
            '"' => {
                quotes += 1;
                if quotes == 3 {
                    return;
                }
            }
            _ => quotes = 0,
        }
    }
}

/// Whether the place is inside a list that is still open on its line.
fn in_list(before: &str) -> bool {
    let line = before.rsplit('\n').next().unwrap_or_default();
    line.rfind('[') > line.rfind(']')
}

/// The identifiers the text declares for blocks of `kinds`: `KIND ID` at the start of
/// a line.
pub(crate) fn declared(text: &str, kinds: &[BlockKind]) -> Vec<(BlockKind, String)> {
    let mut found = Vec::new();
    for line in text.lines() {
        let mut words = line.split_whitespace();
        let (Some(kind), Some(id)) = (words.next(), words.next()) else {
            continue;
        };
        let Some(kind) = BlockKind::from_keyword(kind).filter(|k| kinds.contains(k)) else {
            continue;
        };
        if crate::lsp::navigation::is_identifier(id) && !found.iter().any(|(_, f)| f == id) {
            found.push((kind, id.to_owned()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::at;

    fn labels(text: &str) -> Vec<String> {
        let offset = text.find('|').expect("a place");
        let text = text.replace('|', "");
        at(&text, offset).into_iter().map(|i| i.label).collect()
    }

    #[test]
    fn offers_kinds_fields_words_and_identifiers_where_each_is_written() {
        let top = labels("plan \"P\" { level: tactical }\n|");
        assert!(
            top.contains(&"actor".to_owned()) && top.contains(&"use".to_owned()),
            "{top:?}"
        );
        assert!(!top.contains(&"transition".to_owned()), "{top:?}");
        let fields = labels("activity a \"A\" {\n  kind: non-military-task\n  |\n}");
        assert!(fields.contains(&"owner".to_owned()), "{fields:?}");
        assert!(fields.contains(&"transition".to_owned()), "{fields:?}");
        assert_eq!(labels("actor a \"A\" { humanitarian: | }"), ["yes", "no"]);
        let kinds = labels("actor a \"A\" { kind: |");
        assert!(
            kinds.contains(&"ngo".to_owned()) && kinds.contains(&"military".to_owned()),
            "{kinds:?}"
        );
        let text = "actor ngo \"# not { a comment\" { kind: ngo }\nactor j9 \"J9\" { kind: military }\nactivity a \"A\" { kind: military-task partners: [ngo, |";
        assert_eq!(labels(text), ["ngo", "j9"]);
        // After a value, another field.
        let next = labels("actor a \"A\" { kind: ngo |");
        assert!(next.contains(&"contact".to_owned()), "{next:?}");
        // In a comment or a text, the block is still the actor.
        let commented = labels("actor a \"A {\" { # {\n |");
        assert!(commented.contains(&"kind".to_owned()), "{commented:?}");
    }
}
