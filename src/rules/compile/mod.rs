//! Checking rule files against the vocabulary and turning them into the form the
//! engine runs (`ir.rs`). A mistake is reported with the part of the rule or predicate
//! it is in and the text it is about, which the loader places in the file.

mod error;
mod lookup;
mod paths;
mod templates;
mod weights;

use std::collections::HashMap;

use error::Result;
pub(super) use error::{CompileError, Within};
use paths::{Ty, block_kind, describe, found_in_field, texts_at, typed_path, words_at};
use templates::{Scope, Slots, messages, template};
pub(super) use weights::{MAX_WEIGHT, predicate_weights};

use super::file::{self, CheckDef, ConditionDef, RuleDef};
use super::ir::{Anchor, Check, Condition, Predicate, Rule, RuleSet, Template, Than};
use super::phrases::{Phrase, PhraseSet};
use crate::diagnostic::{CodeName, Severity};
use crate::model::Date;
use crate::vocabulary::{BlockKind, Type, article};

/// Compiles rule files; predicates are shared by all of them.
#[derive(Default)]
pub(super) struct Compiler {
    predicate_index: HashMap<String, (usize, BlockKind)>,
    /// The predicates defined so far, in the order declared.
    predicates: Vec<Predicate>,
    exists_count: usize,
    found_in_count: usize,
    quantifier_count: usize,
    /// Whether the condition being compiled is asked of many blocks for one block in
    /// focus of a check (see `Condition::Some`).
    nested: bool,
    /// The kind of the block in focus of the check or predicate being compiled: where
    /// a path that starts at `focus` leads.
    focus: Option<BlockKind>,
}

impl Compiler {
    /// Numbers the predicates of a file, so that any rule or predicate may use them.
    pub(super) fn declare_predicates(&mut self, file: &file::RuleFile) -> Result<()> {
        for (name, def) in &file.predicates {
            if self.predicate_index.contains_key(name) {
                return Err(CompileError::new(
                    format!(
                        "the predicate `{name}` is defined twice",
                        name = crate::yaml::cut(name)
                    ),
                    name.as_str(),
                )
                .within(name.as_str()));
            }
            let of = block_kind(&def.of).within("of").within(name.as_str())?;
            self.predicate_index
                .insert(name.clone(), (self.predicate_index.len(), of));
        }
        Ok(())
    }

    /// Compiles a predicate declared before.
    pub(super) fn define_predicate(&mut self, name: String, def: file::PredicateDef) -> Result<()> {
        let (index, of) = self.predicate_index[&name];
        assert_eq!(
            index,
            self.predicates.len(),
            "predicates are defined in the order they were declared"
        );
        self.focus = Some(of);
        let condition = self
            .nested_condition(&def.condition, &Ty::Block(vec![of]))
            .within("where")?;
        self.predicates.push(Predicate {
            name,
            description: def.description,
            condition,
        });
        Ok(())
    }

    pub(super) fn rule(&mut self, def: RuleDef, file: &str) -> Result<Rule> {
        let severity = match def.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err(CompileError::new(
                    format!(
                        "the severity `{other}` is not error, warning or info",
                        other = crate::yaml::cut(other)
                    ),
                    other,
                )
                .within("severity"));
            }
        };
        let valid_code = {
            let letters = def.code.trim_end_matches(|c: char| c.is_ascii_digit());
            !letters.is_empty()
                && letters.len() < def.code.len()
                && letters.chars().all(|c| c.is_ascii_uppercase())
        };
        if !valid_code {
            return Err(CompileError::new(
                format!(
                    "the code `{}` is not capital letters followed by digits, as CMI110",
                    crate::yaml::cut(&def.code)
                ),
                def.code.as_str(),
            )
            .within("code"));
        }
        let kebab = def.name.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
        if !kebab {
            return Err(CompileError::new(
                format!(
                    "the name `{}` is not lower-case words joined by `-`",
                    crate::yaml::cut(&def.name)
                ),
                def.name.as_str(),
            )
            .within("name"));
        }
        if def.checks.is_empty() {
            return Err(CompileError::new(
                format!("the rule {} has no checks", def.code),
                "checks",
            )
            .within("checks"));
        }
        let code = CodeName::rule(&def.code, &def.name);
        let checks = def
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| {
                self.compile_check(c, (&code, severity))
                    .within(i)
                    .within("checks")
            })
            .collect::<Result<_>>()?;
        Ok(Rule {
            code,
            severity,
            source: def.source,
            summary: def.summary,
            rationale: def.rationale,
            bad: def.bad,
            good: def.good,
            file: file.to_owned(),
            checks,
        })
    }

    fn compile_check(&mut self, def: &CheckDef, rule: (&CodeName, Severity)) -> Result<Check> {
        if let Some(phrases) = &def.phrases {
            if def.for_each.is_some()
                || def.condition.is_some()
                || def.report_each.is_some()
                || def.coverage.is_some()
                || def.at.is_some()
            {
                return Err(CompileError::new(
                    "a `phrases` check looks at every text of the plan: it takes only `message`, `label` and `help`",
                    "phrases",
                ));
            }
            if phrases.is_empty() {
                return Err(CompileError::new(
                    "a `phrases` check with no phrases never reports anything; give the \
                     phrases to look for",
                    "phrases",
                )
                .within("phrases"));
            }
            let phrases = Box::new(PhraseSet::new(
                phrases
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        Phrase::new(p)
                            .map_err(|e| CompileError::new(e, p.as_str()))
                            .within(i)
                            .within("phrases")
                    })
                    .collect::<Result<_>>()?,
            ));
            let messages = messages(
                def,
                Scope {
                    slots: Slots {
                        item: true,
                        missing: false,
                    },
                    ..Scope::default()
                },
                rule,
            )?;
            return Ok(Check::Phrases { phrases, messages });
        }
        let Some(kind_word) = &def.for_each else {
            return Err(CompileError::new(
                "a check needs `for-each: KIND` or `phrases`",
                "message",
            ));
        };
        let kind = block_kind(kind_word).within("for-each")?;
        self.focus = Some(kind);
        let ty = Ty::Block(vec![kind]);
        let condition = def
            .condition
            .as_ref()
            .map(|c| self.condition(c, &ty).within("where"))
            .transpose()?;
        let chosen = [
            def.at.is_some(),
            def.report_each.is_some(),
            def.coverage.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if chosen > 1 {
            return Err(CompileError::new(
                "a check takes one of `at`, `report-each` and `coverage`",
                kind_word.as_str(),
            ));
        }
        if def.each_where.is_some() && def.report_each.is_none() {
            return Err(
                CompileError::new("`each-where` goes with `report-each`", "each-where")
                    .within("each-where"),
            );
        }
        let (anchor, slots) = if let Some(at) = &def.at {
            let anchor = if at == "header" {
                Anchor::Header
            } else {
                Anchor::Value(typed_path(at, &ty, self.focus).within("at")?.0)
            };
            (anchor, Slots::default())
        } else if let Some(each) = &def.report_each {
            let (path, item_ty) = typed_path(each, &ty, self.focus).within("report-each")?;
            let condition = def
                .each_where
                .as_ref()
                .map(|c| self.condition(c, &item_ty).within("each-where"))
                .transpose()?;
            (
                Anchor::Each { path, condition },
                Slots {
                    item: true,
                    missing: false,
                },
            )
        } else if let Some(coverage) = &def.coverage {
            let from = block_kind(&coverage.kind)
                .within("kind")
                .within("coverage")?;
            let (path, target) = typed_path(&coverage.path, &Ty::Block(vec![from]), None)
                .within("path")
                .within("coverage")?;
            words_at(&coverage.path, &target, &coverage.words, "words").within("coverage")?;
            let anchor = Anchor::Coverage {
                words: coverage.words.clone(),
                kind: from,
                path,
            };
            (
                anchor,
                Slots {
                    item: false,
                    missing: true,
                },
            )
        } else {
            (Anchor::Header, Slots::default())
        };
        let names_missing =
            |c: &Option<Condition>| c.as_ref().is_some_and(Condition::names_missing);
        let each_names_missing = match &anchor {
            Anchor::Each { condition, .. } => names_missing(condition),
            _ => false,
        };
        let names_fields = names_missing(&condition) || each_names_missing;
        if names_fields && matches!(anchor, Anchor::Coverage { .. }) {
            return Err(CompileError::new(
                "the `{missing}` of a coverage check names the words it misses: a `missing` \
                 condition in its `where` cannot name its fields too; give it a check of its own",
                "missing",
            ));
        }
        let slots = Slots {
            missing: slots.missing || names_fields,
            ..slots
        };
        if condition.is_none() && !matches!(anchor, Anchor::Each { .. } | Anchor::Coverage { .. }) {
            return Err(CompileError::new(
                "this check would report every block: give it a `where` condition",
                kind_word.as_str(),
            ));
        }
        let messages = messages(
            def,
            Scope {
                ty: Some(&ty),
                focus: self.focus,
                slots,
                assured_by: condition.as_ref(),
            },
            rule,
        )?;
        Ok(Check::Blocks {
            kind,
            condition,
            anchor,
            messages,
        })
    }

    fn conditions(&mut self, defs: &[ConditionDef], ty: &Ty) -> Result<Vec<Condition>> {
        if defs.is_empty() {
            return Err(CompileError::new(
                "an empty list of conditions: `all: []` always holds and `any: []` never \
                 does; give the conditions, or leave the list out",
                "[]",
            ));
        }
        defs.iter()
            .enumerate()
            .map(|(i, c)| self.condition(c, ty).within(i))
            .collect()
    }

    /// Compiles a condition asked of many blocks for one block in focus.
    fn nested_condition(&mut self, def: &ConditionDef, ty: &Ty) -> Result<Condition> {
        let outer = std::mem::replace(&mut self.nested, true);
        let condition = self.condition(def, ty);
        self.nested = outer;
        condition
    }

    fn condition(&mut self, def: &ConditionDef, ty: &Ty) -> Result<Condition> {
        self.condition_of_kind(def, ty).within(def.key())
    }

    fn condition_of_kind(&mut self, def: &ConditionDef, ty: &Ty) -> Result<Condition> {
        Ok(match def {
            ConditionDef::All(cs) => Condition::All(self.conditions(cs, ty)?),
            ConditionDef::Any(cs) => Condition::Any(self.conditions(cs, ty)?),
            ConditionDef::Not(c) => Condition::Not(Box::new(self.condition(c, ty)?)),
            ConditionDef::Absent(p) => Condition::Absent(self.path(p, ty)?.0),
            ConditionDef::Present(p) => Condition::Present(self.path(p, ty)?.0),
            ConditionDef::Missing(paths) => {
                if paths.is_empty() {
                    return Err(CompileError::new(
                        "an empty list of fields: nothing is ever missing from it; give the \
                         fields",
                        "[]",
                    ));
                }
                let fields = paths
                    .iter()
                    .enumerate()
                    .map(|(i, p)| Ok((p.clone(), self.path(p, ty).within(i)?.0)))
                    .collect::<Result<_>>()?;
                Condition::Missing {
                    fields,
                    named: !self.nested,
                }
            }
            ConditionDef::Is(is) => {
                let path_text = is.path.as_deref().unwrap_or(".");
                let (path, target) = self.path(path_text, ty).within("path")?;
                words_at(path_text, &target, &is.words, "in")?;
                Condition::Is {
                    path,
                    words: is.words.clone(),
                }
            }
            ConditionDef::TextIs(is) => {
                let path_text = is.path.as_deref().unwrap_or(".");
                let (path, target) = self.path(path_text, ty).within("path")?;
                texts_at(path_text, &target, &is.words)?;
                Condition::TextIs {
                    path,
                    texts: is.words.clone(),
                }
            }
            ConditionDef::Some(q) | ConditionDef::Every(q) => {
                let (path, item) = self.path(&q.path, ty).within("path")?;
                let outer = self.nested;
                let condition =
                    Box::new(self.nested_condition(&q.condition, &item).within("where")?);
                let focused = path.starts_at_focus() || condition.speaks_of_focus();
                let memo = (outer && !focused).then(|| {
                    self.quantifier_count += 1;
                    self.quantifier_count - 1
                });
                if matches!(def, ConditionDef::Some(_)) {
                    Condition::Some {
                        path,
                        condition,
                        memo,
                    }
                } else {
                    Condition::Every {
                        path,
                        condition,
                        memo,
                    }
                }
            }
            ConditionDef::Predicate(name) => {
                let Some(&(index, of)) = self.predicate_index.get(name) else {
                    let mut known: Vec<&str> =
                        self.predicate_index.keys().map(String::as_str).collect();
                    known.sort_unstable();
                    return Err(CompileError::new(
                        format!(
                            "there is no predicate `{name}`; the predicates are: {}",
                            known.join(", "),
                            name = crate::yaml::cut(name)
                        ),
                        name.as_str(),
                    ));
                };
                let fits = match ty {
                    Ty::Block(kinds) => kinds.contains(&of),
                    Ty::Value(Type::Ref(kinds)) => kinds.contains(&of),
                    _ => false,
                };
                if !fits {
                    return Err(CompileError::new(
                        format!(
                            "the predicate `{name}` speaks of {} `{of}`, not of this value",
                            article(of.keyword()),
                            name = crate::yaml::cut(name)
                        ),
                        name.as_str(),
                    ));
                }
                Condition::Predicate(index)
            }
            ConditionDef::FoundIn(found) => {
                let (kind, field) = found_in_field(&found.field, ty).within("field")?;
                let other = self.other_block(
                    kind,
                    found.condition.as_deref(),
                    found.label.as_deref(),
                    Slots {
                        item: true,
                        missing: false,
                    },
                )?;
                self.found_in_count += 1;
                Condition::FoundIn {
                    id: self.found_in_count - 1,
                    kind,
                    field: field.name,
                    condition: other.condition,
                    label: other.label,
                    focused: other.focused,
                }
            }
            ConditionDef::Exists(exists) => {
                let kind = block_kind(&exists.kind).within("kind")?;
                let OtherBlock {
                    condition,
                    label,
                    focused,
                } = self.other_block(
                    kind,
                    exists.condition.as_deref(),
                    exists.label.as_deref(),
                    Slots::default(),
                )?;
                self.exists_count += 1;
                Condition::Exists {
                    id: self.exists_count - 1,
                    kind,
                    lookup: condition
                        .as_deref()
                        .filter(|_| focused)
                        .and_then(lookup::of)
                        .map(Box::new),
                    condition,
                    label,
                    focused,
                }
            }
            ConditionDef::CompareDates(compare) => {
                let (path, a) = self.path(&compare.path, ty).within("path")?;
                leads_to(&compare.path, &a, "path", "a date", is_date)?;
                let than = match Date::parse(&compare.than) {
                    Some(date) if compare.label.is_none() => Than::Date(date),
                    Some(_) => {
                        return Err(CompileError::new(
                            "a date the rule gives has no place in the plan to label: leave \
                             out `label`, or compare with a path",
                            "label",
                        )
                        .within("label"));
                    }
                    None if looks_like_a_date(&compare.than) => {
                        return Err(CompileError::new(
                            format!(
                                "`{than}` is not a date of the calendar; write a date as \
                                 `2027-03-31`",
                                than = crate::yaml::cut(&compare.than)
                            ),
                            compare.than.as_str(),
                        )
                        .within("than"));
                    }
                    None => {
                        let (than, b) = self.path(&compare.than, ty).within("than")?;
                        leads_to(&compare.than, &b, "than", "a date", is_date)?;
                        Than::Path(than)
                    }
                };
                let mut condition = Condition::CompareDates {
                    path,
                    after: compare.is == file::Order::After,
                    than,
                    days: compare.by_more_than,
                    label: None,
                };
                // The label is shown when the comparison holds: the dates it compares
                // are there.
                let label = compare
                    .label
                    .as_deref()
                    .map(|l| {
                        template(
                            l,
                            Scope {
                                ty: Some(ty),
                                focus: self.focus,
                                slots: Slots::default(),
                                assured_by: Some(&condition),
                            },
                        )
                        .within("label")
                    })
                    .transpose()?;
                if let Condition::CompareDates { label: slot, .. } = &mut condition {
                    *slot = label;
                }
                condition
            }
            ConditionDef::Same(same) => {
                let (path, a) = self.path(&same.path, ty).within("path")?;
                let (other, b) = self.path(&same.other, ty).within("as")?;
                comparable(&same.path, &a, &same.other, &b)?;
                Condition::Same { path, other }
            }
            ConditionDef::Overlaps(overlaps) => {
                let (path, a) = self.path(&overlaps.path, ty).within("path")?;
                let (with, b) = self.path(&overlaps.with, ty).within("with")?;
                leads_to(&overlaps.path, &a, "path", "a range of dates", is_range)?;
                leads_to(&overlaps.with, &b, "with", "a range of dates", is_range)?;
                Condition::Overlaps { path, with }
            }
            ConditionDef::Within(within) => {
                let (path, a) = self.path(&within.path, ty).within("path")?;
                let (of, b) = self.path(&within.of, ty).within("of")?;
                leads_to(
                    &within.path,
                    &a,
                    "path",
                    "a date or a range of dates",
                    |t| is_date(t) || is_range(t),
                )?;
                leads_to(&within.of, &b, "of", "a range of dates", is_range)?;
                Condition::Within { path, of }
            }
            ConditionDef::LongerThan(longer) => {
                let (path, t) = self.path(&longer.path, ty).within("path")?;
                leads_to(&longer.path, &t, "path", "a range of dates", is_range)?;
                Condition::LongerThan {
                    path,
                    days: longer.days,
                }
            }
        })
    }

    /// The `where` and `label` of a condition about other blocks of `kind` (`found-in`,
    /// `exists`), and whether the `where` speaks of the block in focus.
    fn other_block(
        &mut self,
        kind: BlockKind,
        condition: Option<&ConditionDef>,
        label: Option<&str>,
        slots: Slots,
    ) -> Result<OtherBlock> {
        let block_ty = Ty::Block(vec![kind]);
        let condition = condition
            .map(|c| {
                self.nested_condition(c, &block_ty)
                    .map(Box::new)
                    .within("where")
            })
            .transpose()?;
        // The label is at a block for which the `where` holds.
        let scope = Scope {
            ty: Some(&block_ty),
            focus: self.focus,
            slots,
            assured_by: condition.as_deref(),
        };
        let label = label
            .map(|l| template(l, scope).within("label"))
            .transpose()?;
        let focused = condition.as_ref().is_some_and(|c| c.speaks_of_focus());
        Ok(OtherBlock {
            condition,
            label,
            focused,
        })
    }

    /// Types a path from what is in focus, where `focus` leads to the block in focus
    /// of the check or predicate being compiled.
    fn path(&self, text: &str, ty: &Ty) -> Result<(super::ir::Path, Ty)> {
        typed_path(text, ty, self.focus)
    }

    /// How many predicates are declared.
    pub(super) fn declared(&self) -> usize {
        self.predicate_index.len()
    }

    /// The predicates defined, in the order declared.
    pub(super) fn predicates(&self) -> &[Predicate] {
        &self.predicates
    }

    /// The rule set of the rules compiled with the predicates defined.
    pub(super) fn into_rule_set(self, rules: Vec<Rule>) -> RuleSet {
        RuleSet {
            rules,
            predicates: self.predicates,
            exists_count: self.exists_count,
            found_in_count: self.found_in_count,
            quantifier_count: self.quantifier_count,
        }
    }
}

/// The compiled `where` and `label` of a `found-in` or `exists`.
struct OtherBlock {
    condition: Option<Box<Condition>>,
    label: Option<Template>,
    /// Whether the `where` speaks of the block in focus.
    focused: bool,
}

/// Whether a `than` that is no path was meant as a date: digits and `-` only.
fn looks_like_a_date(text: &str) -> bool {
    text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_digit() || c == '-')
}

/// Checks that a path (given under `key`) leads to what `fits` accepts: `what`, for a
/// rule author.
fn leads_to(text: &str, ty: &Ty, key: &str, what: &str, fits: fn(&Ty) -> bool) -> Result<()> {
    if fits(ty) {
        return Ok(());
    }
    Err(CompileError::new(
        format!(
            "`{text}` leads to {}, not to {what}",
            describe(ty),
            text = crate::yaml::cut(text)
        ),
        text,
    )
    .within(key))
}

fn is_date(ty: &Ty) -> bool {
    matches!(ty, Ty::Date | Ty::Value(Type::Date))
}

fn is_range(ty: &Ty) -> bool {
    *ty == Ty::Value(Type::Range)
}

/// Checks that what two paths of a `same` lead to can be the same: blocks of a kind
/// in common, words of a field that may hold the same word, or dates.
fn comparable(path: &str, a: &Ty, other: &str, b: &Ty) -> Result<()> {
    let refuse = |why: String| {
        Err(CompileError::new(
            format!(
                "`{path}` and `{other}` can never be the same: {why}",
                path = crate::yaml::cut(path),
                other = crate::yaml::cut(other)
            ),
            other,
        )
        .within("as"))
    };
    if path == other {
        return refuse(
            "they are the same path, so `same` would only ask that it leads to \
                       something (use `present`)"
                .into(),
        );
    }
    let kinds = |ty: &Ty| match ty {
        Ty::Block(kinds) => Some(kinds.clone()),
        Ty::Value(Type::Ref(kinds)) => Some(kinds.to_vec()),
        _ => None,
    };
    let words = |ty: &Ty| match ty {
        Ty::Word | Ty::Value(Type::Word) => Some(None),
        Ty::Value(Type::Enum(allowed)) => Some(Some(allowed.to_vec())),
        Ty::Value(Type::Bool) => Some(Some(vec!["yes", "no"])),
        _ => None,
    };
    let dates = |ty: &Ty| matches!(ty, Ty::Date | Ty::Value(Type::Date));
    if let (Some(x), Some(y)) = (kinds(a), kinds(b)) {
        if x.iter().any(|k| y.contains(k)) {
            return Ok(());
        }
        return refuse(format!("{} is never {}", describe(a), describe(b)));
    }
    if let (Some(x), Some(y)) = (words(a), words(b)) {
        return match (x, y) {
            (Some(x), Some(y)) if !x.iter().any(|w| y.contains(w)) => refuse(format!(
                "one holds {}, the other {}",
                x.join(", "),
                y.join(", ")
            )),
            _ => Ok(()),
        };
    }
    if dates(a) && dates(b) {
        return Ok(());
    }
    let hint = if kinds(a).is_some() || kinds(b).is_some() {
        " (to ask whether a reference names the block in focus, compare it with `.` or \
         `focus`, not with `id`)"
    } else {
        " (`same` compares blocks, words and dates; ranges are compared with `overlaps` \
         and `within`)"
    };
    refuse(format!("{} is never {}{hint}", describe(a), describe(b)))
}
