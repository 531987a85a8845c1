//! Parsing the messages of a check: literal text, the placeholders `{block}`,
//! `{item}` and `{missing}` where the check offers them, and paths in braces, with a
//! word to show when the path leads to nothing (`{plan.lead|no lead}`). A path that
//! may lead to nothing and has no such word is refused: a message never has a gap.

use std::sync::Arc;

use super::error::{CompileError, Result, Within};
use super::paths::{Ty, walk};
use crate::diagnostic::{CodeName, Severity, Wording};
use crate::rules::file::CheckDef;
use crate::rules::ir::{Condition, Messages, Piece, Template};
use crate::vocabulary::BlockKind;

/// What the templates of one place may speak of.
#[derive(Clone, Copy, Default)]
pub(super) struct Scope<'s> {
    /// What paths start from; `None` where there is no block (a `phrases` check).
    pub ty: Option<&'s Ty>,
    /// The kind of the block in focus, for paths that start at `focus`.
    pub focus: Option<BlockKind>,
    pub slots: Slots,
    /// The condition that holds whenever the template is rendered: a path it makes
    /// sure leads to something needs no fallback.
    pub assured_by: Option<&'s Condition>,
}

/// The message, label and help of a check of the rule `code`.
pub(super) fn messages(
    def: &CheckDef,
    scope: Scope<'_>,
    (code, severity): (&CodeName, Severity),
) -> Result<Messages> {
    let message = template(&def.message, scope).within("message")?;
    let label = def
        .label
        .as_deref()
        .map(|t| template(t, scope).within("label"))
        .transpose()?;
    let help = def
        .help
        .as_deref()
        .map(|t| template(t, scope).within("help"))
        .transpose()?;
    let wording = Wording::new(
        code.clone(),
        severity,
        &message.worded(),
        label.as_ref().map(Template::worded).as_deref(),
        help.as_ref().map(Template::worded).as_deref(),
    );
    Ok(Messages {
        message,
        label,
        help,
        wording: Arc::new(wording),
    })
}

/// Parses a message: `{block}`, `{item}`, `{missing}` or a path in braces, with a
/// fallback after `|`; `{{` and `}}` stand for `{` and `}`.
pub(super) fn template(text: &str, scope: Scope<'_>) -> Result<Template> {
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
        if !literal.is_empty() {
            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        pieces.push(placeholder(&tail[1..close], scope)?);
        rest = &tail[close + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        pieces.push(Piece::Literal(literal));
    }
    Ok(Template { pieces })
}

/// The piece of one `{...}`.
fn placeholder(inside: &str, scope: Scope<'_>) -> Result<Piece> {
    let slots = scope.slots;
    let (name, fallback) = match inside.split_once('|') {
        Some((name, fallback)) => (name, Some(fallback)),
        None => (inside, None),
    };
    // Where the placeholder is in the file, and how a message quotes it.
    let near = format!("{{{inside}}}");
    let written = format!("{{{}}}", crate::yaml::cut(inside));
    let special = match name {
        "block" => Some(Piece::Block),
        "item" if slots.item => Some(Piece::Item),
        "missing" if slots.missing => Some(Piece::Missing),
        _ => None,
    };
    if let Some(piece) = special {
        if fallback.is_some() {
            return Err(CompileError::new(
                format!("`{written}`: `{{{name}}}` always has a value; it takes no `|` and word"),
                near,
            ));
        }
        return Ok(piece);
    }
    let Some(ty) = scope.ty.filter(|_| !matches!(name, "item" | "missing")) else {
        let why = if name == "missing" {
            " (`{missing}` names what a coverage check misses, or the fields a \
             `missing` condition of the check's `where` found absent, standing alone \
             or in an `all`)"
        } else {
            ""
        };
        return Err(CompileError::new(
            format!(
                "`{written}` is not known in this message; it may use {}{why}",
                slots.names()
            ),
            near,
        ));
    };
    let walked = walk(name, ty, scope.focus).map_err(|e| {
        CompileError::new(
            format!(
                "`{written}` is neither a placeholder of this message ({}) nor a path: {}",
                slots.names(),
                e.message,
            ),
            near.clone(),
        )
    })?;
    if fallback.is_some_and(|f| f.trim().is_empty()) {
        return Err(CompileError::new(
            format!(
                "`{written}` gives no word after `|` to show when `{name}` leads to nothing; \
                 write one, as `{{{name}|none}}`",
                name = crate::yaml::cut(name)
            ),
            near,
        ));
    }
    let assured = scope.assured_by.is_some_and(|c| c.assures(&walked.path));
    if fallback.is_none() && !walked.required && !assured {
        return Err(CompileError::new(
            format!(
                "`{written}` may lead to nothing where this message is given, which would \
                 leave a gap in it: give a word to show then, as `{{{name}|none}}`, or \
                 make the condition require it, as `present: {name}`",
                name = crate::yaml::cut(name)
            ),
            near,
        ));
    }
    Ok(Piece::Path {
        path: walked.path,
        written: name.to_owned(),
        fallback: fallback.map(str::to_owned),
    })
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
