//! Parsing the messages of a check: literal text, the placeholders `{block}`,
//! `{item}` and `{missing}` where the check offers them, and paths in braces.

use super::error::{CompileError, Result, Within};
use super::paths::{Ty, typed_path};
use crate::rules::file::CheckDef;
use crate::rules::ir::{Messages, Piece, Template};

/// The message, label and help of a check.
pub(super) fn messages(def: &CheckDef, ty: Option<&Ty>, slots: Slots) -> Result<Messages> {
    Ok(Messages {
        message: template(&def.message, ty, slots).within("message")?,
        label: def
            .label
            .as_deref()
            .map(|t| template(t, ty, slots).within("label"))
            .transpose()?,
        help: def
            .help
            .as_deref()
            .map(|t| template(t, ty, slots).within("help"))
            .transpose()?,
    })
}

/// Parses a message: `{block}`, `{item}`, `{missing}` or a path in braces; `{{`
/// and `}}` stand for `{` and `}`.
pub(super) fn template(text: &str, ty: Option<&Ty>, slots: Slots) -> Result<Template> {
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(['{', '}']) {
        literal.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix("{{").or_else(|| tail.strip_prefix("}}")) {
            literal.push_str(&tail[..1]);
            rest = after;
            continue;
        }
        let Some(close) = tail.find('}').filter(|_| tail.starts_with('{')) else {
            return Err(CompileError::new(
                "a `{` or `}` in a message is not part of a `{placeholder}`; write `{{` or `}}` for a brace",
                text,
            ));
        };
        let name = &tail[1..close];
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(match (name, ty) {
            ("block", _) => Piece::Block,
            ("item", _) if slots.item => Piece::Item,
            ("missing", _) if slots.missing => Piece::Missing,
            (path, Some(ty)) if !matches!(path, "item" | "missing") => Piece::Path(
                typed_path(path, ty)
                    .map_err(|e| {
                        CompileError::new(
                            format!(
                                "`{{{name}}}` is neither a placeholder of this message \
                             ({}) nor a path: {}",
                                slots.names(),
                                e.message,
                                name = crate::yaml::cut(name)
                            ),
                            format!("{{{name}}}"),
                        )
                    })?
                    .0,
            ),
            _ => {
                let why = if name == "missing" {
                    " (`{missing}` names what a coverage check misses, or the fields a \
                     `missing` condition of the check's `where` found absent, standing alone \
                     or in an `all`)"
                } else {
                    ""
                };
                return Err(CompileError::new(
                    format!(
                        "`{{{name}}}` is not known in this message; it may use {}{why}",
                        slots.names(),
                        name = crate::yaml::cut(name)
                    ),
                    format!("{{{name}}}"),
                ));
            }
        });
        rest = &tail[close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(Template { pieces })
}

/// Which special placeholders a message may use.
#[derive(Clone, Copy, Default)]
pub(super) struct Slots {
    pub(super) item: bool,
    pub(super) missing: bool,
}

impl Slots {
    /// "`{block}`, `{item}`".
    fn names(self) -> String {
        [
            ("block", true),
            ("item", self.item),
            ("missing", self.missing),
        ]
        .iter()
        .filter(|(_, usable)| *usable)
        .map(|(name, _)| format!("`{{{name}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
    }
}
