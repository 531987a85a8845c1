//! Typing a rule's paths against the vocabulary: each step must be a field, a nested
//! kind, `id`, `parent`, `start` or `end` of what the step before leads to, so that
//! the engine never meets a field or a type it does not know.

use super::error::{CompileError, Result};
use crate::rules::ir::{Path, Step};
use crate::vocabulary::{Arity, BLOCKS, BlockKind, FieldSpec, Identifier, Type, article};

/// What a path leads to, for checking the next step.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Ty {
    Block(Vec<BlockKind>),
    Value(Type),
    Word,
    Date,
}

pub(super) fn block_kind(word: &str) -> Result<BlockKind> {
    BlockKind::from_keyword(word).ok_or_else(|| {
        CompileError::new(
            format!(
                "`{word}` is not a kind of block; the kinds are: {}",
                BLOCKS
                    .iter()
                    .map(|b| b.keyword)
                    .collect::<Vec<_>>()
                    .join(", "),
                word = crate::yaml::cut(word)
            ),
            word,
        )
    })
}

/// What a path leads to, for a rule author: "an `actor`", "a date".
pub(super) fn describe(ty: &Ty) -> String {
    let kinds = |kinds: &[BlockKind]| {
        kinds
            .iter()
            .map(|k| format!("{} `{k}`", article(k.keyword())))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    match ty {
        Ty::Block(k) => kinds(k),
        Ty::Value(Type::Ref(k)) => format!("a reference to {}", kinds(k)),
        Ty::Value(Type::Text) => "text".into(),
        Ty::Value(Type::Number) => "a number".into(),
        Ty::Value(Type::Range) => "a range of dates".into(),
        Ty::Value(Type::Date) | Ty::Date => "a date".into(),
        Ty::Value(Type::Enum(_) | Type::Word | Type::Bool) | Ty::Word => "a word".into(),
    }
}

/// Checks that a path compared with words (`is`, `coverage`) leads to words, and that
/// each word (given under `key`) is one it may lead to.
pub(super) fn words_at(path: &str, target: &Ty, words: &[String], key: &str) -> Result<()> {
    if words.is_empty() {
        return Err(CompileError::new(
            "an empty list of words: nothing is ever one of them; give the words",
            "[]",
        )
        .within(key));
    }
    let allowed: &[&str] = match target {
        Ty::Value(Type::Enum(allowed)) => allowed,
        Ty::Value(Type::Bool) => &["yes", "no"],
        Ty::Word | Ty::Value(Type::Word | Type::Ref(_)) => return Ok(()),
        other => {
            return Err(CompileError::new(
                format!(
                    "`{path}` leads to {}, never to a word: only words are compared (to \
                     look for words in texts, use a `phrases` check)",
                    describe(other),
                    path = crate::yaml::cut(path)
                ),
                path,
            )
            .within("path"));
        }
    };
    match words.iter().find(|w| !allowed.contains(&w.as_str())) {
        Some(word) => Err(CompileError::new(
            format!(
                "`{word}` can never be a value here; the values are: {}",
                allowed.join(", "),
                word = crate::yaml::cut(word)
            ),
            word.as_str(),
        )
        .within(key)),
        None => Ok(()),
    }
}

/// Checks that a path compared with texts (`text-is`) leads to texts, and that the
/// list of texts is not empty.
pub(super) fn texts_at(path: &str, target: &Ty, texts: &[String]) -> Result<()> {
    if texts.is_empty() {
        return Err(CompileError::new(
            "an empty list of texts: no text is ever one of them; give the texts",
            "[]",
        )
        .within("in"));
    }
    if *target == Ty::Value(Type::Text) {
        return Ok(());
    }
    Err(CompileError::new(
        format!(
            "`{path}` leads to {}, never to a text: `text-is` compares texts in quotes \
             (to compare words, use `is`)",
            describe(target),
            path = crate::yaml::cut(path)
        ),
        path,
    )
    .within("path"))
}

/// Types a path (`owner.kind`, `period.end`, `plan.lead`, `focus.period`) from what
/// is in focus (`start`): the steps it takes and what it leads to. `focus` is the kind
/// of the block in focus of the check or predicate, where a path may start at it.
pub(super) fn typed_path(text: &str, start: &Ty, focus: Option<BlockKind>) -> Result<(Path, Ty)> {
    walk(text, start, focus).map(|walked| (walked.path, walked.ty))
}

/// A path typed, and whether the vocabulary requires what it leads to.
pub(super) struct Walked {
    pub path: Path,
    pub ty: Ty,
    /// Whether every step is required by the vocabulary from a block (one value of a
    /// required field, a required identifier, the plan, the parent of a nested
    /// block, the dates of such a range): in a plan without errors it always leads
    /// to something.
    pub required: bool,
}

/// Types a path, as `typed_path` does, and says whether it is required.
pub(super) fn walk(text: &str, start: &Ty, focus: Option<BlockKind>) -> Result<Walked> {
    let mut steps = Vec::new();
    let mut ty = start.clone();
    let mut required = true;
    if text == "." {
        return Ok(Walked {
            path: Path::default(),
            ty,
            required,
        });
    }
    if text.split('.').any(str::is_empty) {
        return Err(CompileError::new(
            format!(
                "the path `{text}` has an empty step; a path is field names joined by \
                 `.`, as `owner.kind`",
                text = crate::yaml::cut(text)
            ),
            text,
        ));
    }
    for (i, word) in text.split('.').enumerate() {
        let blocks = match &ty {
            Ty::Block(kinds) => Some(kinds.clone()),
            Ty::Value(Type::Ref(kinds)) => Some(kinds.to_vec()),
            _ => None,
        };
        let from_reference = matches!(ty, Ty::Value(Type::Ref(_)));
        let (step, next) = match (word, &ty, &blocks) {
            ("plan", _, _) if i == 0 => (Step::Plan, Ty::Block(vec![BlockKind::Plan])),
            ("focus", _, _) if i == 0 => {
                let Some(kind) = focus else {
                    return Err(CompileError::new(
                        format!(
                            "`focus` in `{text}` is the block a check or a predicate looks at, \
                             and there is none here",
                            text = crate::yaml::cut(text)
                        ),
                        text,
                    ));
                };
                (Step::Focus, Ty::Block(vec![kind]))
            }
            ("start", Ty::Value(Type::Range), _) => (Step::Start, Ty::Date),
            ("end", Ty::Value(Type::Range), _) => (Step::End, Ty::Date),
            ("id", _, Some(kinds)) => {
                required &= kinds
                    .iter()
                    .all(|k| k.spec().identifier != Identifier::None);
                (Step::Id, Ty::Word)
            }
            ("parent", _, Some(kinds)) => {
                let parents: Vec<BlockKind> = BLOCKS
                    .iter()
                    .filter(|b| b.nested.contains(&kinds[0]))
                    .map(|b| b.kind)
                    .collect();
                if parents.is_empty() {
                    return Err(CompileError::new(
                        format!("a `{}` block has no parent block", kinds[0]),
                        text,
                    ));
                }
                (Step::Parent, Ty::Block(parents))
            }
            (name, _, Some(kinds)) => {
                let fields: Vec<_> = kinds.iter().map(|k| k.spec().field(name)).collect();
                if let Some(Some(field)) = fields
                    .first()
                    .filter(|_| fields.iter().all(Option::is_some))
                {
                    required &= fields
                        .iter()
                        .flatten()
                        .all(|f| f.required && f.arity == Arity::One);
                    (Step::Field(field.name), Ty::Value(field.ty))
                } else if let Some(nested) =
                    BlockKind::from_keyword(name).filter(|n| kinds[0].spec().nested.contains(n))
                {
                    required = false;
                    (Step::Children(nested), Ty::Block(vec![nested]))
                } else {
                    let lacking: Vec<_> = kinds
                        .iter()
                        .filter(|k| k.spec().field(name).is_none())
                        .collect();
                    let first = lacking[0];
                    let message = if kinds.len() > 1 {
                        format!(
                            "`{name}` in `{text}` is not a field of every kind of block \
                             it may lead to: {} has no `{name}`",
                            lacking
                                .iter()
                                .map(|k| format!("`{k}`"))
                                .collect::<Vec<_>>()
                                .join(", "),
                            name = crate::yaml::cut(name),
                            text = crate::yaml::cut(text)
                        )
                    } else {
                        format!(
                            "`{name}` in `{text}` is not a field of `{first}`; its fields \
                             are: {}",
                            first
                                .spec()
                                .fields
                                .iter()
                                .map(|f| f.name)
                                .collect::<Vec<_>>()
                                .join(", "),
                            name = crate::yaml::cut(name),
                            text = crate::yaml::cut(text)
                        )
                    };
                    return Err(CompileError::new(message, text));
                }
            }
            _ => {
                return Err(CompileError::new(
                    format!(
                        "`{word}` cannot follow a plain value in `{text}`",
                        word = crate::yaml::cut(word),
                        text = crate::yaml::cut(text)
                    ),
                    text,
                ));
            }
        };
        // A step from a reference leads nowhere when the reference names nothing; the
        // plan and the block in focus are there from anywhere.
        required &= !from_reference || matches!(step, Step::Plan | Step::Focus);
        steps.push(step);
        ty = next;
    }
    Ok(Walked {
        path: Path { steps },
        ty,
        required,
    })
}

/// The kind and field of a `found-in` (`engagement.with`), which must be able to
/// name what is in focus.
pub(super) fn found_in_field(text: &str, focus: &Ty) -> Result<(BlockKind, &'static FieldSpec)> {
    let (kind_word, field_name) = text.split_once('.').ok_or_else(|| {
        CompileError::new(
            "`found-in` names a kind and a field, as `engagement.with`",
            text,
        )
    })?;
    let kind = block_kind(kind_word)?;
    let field = kind.spec().field(field_name).ok_or_else(|| {
        CompileError::new(
            format!(
                "`{kind}` has no field `{field_name}`",
                field_name = crate::yaml::cut(field_name)
            ),
            text,
        )
    })?;
    let focus_kinds = match focus {
        Ty::Block(kinds) => Some(kinds.as_slice()),
        Ty::Value(Type::Ref(kinds)) => Some(*kinds),
        _ => None,
    };
    let names_focus = match (focus_kinds, field.ty) {
        (Some(kinds), Type::Ref(targets)) => kinds.iter().any(|k| targets.contains(k)),
        (None, Type::Enum(_) | Type::Word | Type::Bool | Type::Ref(_)) => matches!(
            focus,
            Ty::Word | Ty::Value(Type::Enum(_) | Type::Word | Type::Bool)
        ),
        _ => false,
    };
    if !names_focus {
        return Err(CompileError::new(
            format!(
                "`{text}` can never name what is in focus here ({}): `found-in` needs a \
                 field that can name it",
                describe(focus),
                text = crate::yaml::cut(text)
            ),
            text,
        ));
    }
    Ok((kind, field))
}

#[cfg(test)]
mod tests {
    use super::{Ty, walk};
    use crate::vocabulary::{BlockKind, Type};

    fn required(path: &str, from: &Ty) -> bool {
        walk(path, from, Some(BlockKind::Activity))
            .expect("a path of the vocabulary")
            .required
    }

    #[test]
    fn a_path_is_required_only_where_the_vocabulary_requires_every_step() {
        let phase = Ty::Block(vec![BlockKind::Phase]);
        let transition = Ty::Block(vec![BlockKind::Transition]);
        let activity = Ty::Block(vec![BlockKind::Activity]);
        let partner = Ty::Value(Type::Ref(&[BlockKind::Actor]));
        assert!(required("period", &phase));
        assert!(required("period.end", &phase));
        assert!(required("id", &phase));
        assert!(required("parent.id", &transition));
        assert!(required("plan.period.start", &partner));
        assert!(required("focus.kind", &partner));
        // Optional fields, lists, nested blocks, a plan's identifier, and any step
        // after a reference, which may name nothing.
        assert!(!required("plan.lead", &phase));
        assert!(!required("partners", &activity));
        assert!(!required("measure", &activity));
        assert!(!required("plan.id", &phase));
        assert!(!required("kind", &partner));
        assert!(!required("owner.kind", &activity));
    }
}
