//! The compiled form of the rules, which the engine runs: kinds and fields resolved,
//! paths typed, predicates numbered, phrases split into words, messages parsed. The
//! compiler (`compile/`) makes it from the rule files; nothing else does.

use super::phrases::PhraseSet;
use std::sync::Arc;

use crate::diagnostic::{Code, CodeName, HOLE, Severity, Wording};
use crate::model::Date;
use crate::visible;
use crate::vocabulary::BlockKind;

/// The compiled rules of a run.
#[derive(Debug)]
pub struct RuleSet {
    pub(crate) rules: Vec<Rule>,
    /// Every predicate of the rule files, by number.
    pub(crate) predicates: Vec<Predicate>,
    /// How many `exists`, `found-in` and memoized quantifier nodes the rules hold: the
    /// engine keeps a memo for each.
    pub(crate) exists_count: usize,
    pub(crate) found_in_count: usize,
    pub(crate) quantifier_count: usize,
}

impl RuleSet {
    /// The rules, in the order of their files.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Keeps only the rules for which `keep` holds.
    pub fn retain(&mut self, keep: impl Fn(&Rule) -> bool) {
        self.rules.retain(|r| keep(r));
    }

    /// The terms (named predicates) a rule uses, with their descriptions, directly or
    /// through other predicates.
    pub(crate) fn terms(&self, rule: &Rule) -> Vec<(&str, &str)> {
        let mut pending = Vec::new();
        rule.conditions().for_each(|c| c.predicates(&mut pending));
        let mut seen: Vec<usize> = Vec::new();
        while let Some(p) = pending.pop() {
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            self.predicates[p].condition.predicates(&mut pending);
        }
        seen.sort_unstable();
        seen.iter()
            .map(|&p| &self.predicates[p])
            .map(|p| (p.name.as_str(), p.description.as_str()))
            .collect()
    }
}

/// A CMI rule: its code and documentation, and the checks that find its diagnostics.
#[derive(Debug)]
pub struct Rule {
    /// `CMI110`, or an organisation's own code, with its name (`no-transition-plan`).
    pub code: CodeName,
    /// How much its diagnostics weigh.
    pub severity: Severity,
    /// Which CMI principle, Do, Don't or subject, or which UN-CMCoord guideline.
    pub source: String,
    /// What it checks, in a sentence.
    pub summary: String,
    /// Why it matters.
    pub rationale: String,
    /// A plan it reports.
    pub bad: String,
    /// The plan mended.
    pub good: String,
    /// The rule file it comes from, as named: `rules/principles.yaml` for a built-in
    /// rule.
    pub file: String,
    pub(crate) checks: Vec<Check>,
}

/// One way a rule finds diagnostics: over the blocks of a kind, or over every text.
#[derive(Debug)]
pub(crate) enum Check {
    Blocks {
        kind: BlockKind,
        condition: Option<Condition>,
        anchor: Anchor,
        messages: Messages,
    },
    Phrases {
        phrases: Box<PhraseSet>,
        messages: Messages,
    },
}

/// What a check says: its message, and the label and help if it gives them.
#[derive(Debug)]
pub(crate) struct Messages {
    pub message: Template,
    pub label: Option<Template>,
    pub help: Option<Template>,
    /// The three as every finding of the check words them, with the rule's code.
    pub wording: Arc<Wording>,
}

impl Messages {
    /// The placeholders of the message, the label and the help, in the order a
    /// finding fills the wording's holes.
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = &Piece> {
        let templates = [Some(&self.message), self.label.as_ref(), self.help.as_ref()];
        templates
            .into_iter()
            .flatten()
            .flat_map(Template::placeholders)
    }
}

/// Where a check's diagnostic points.
#[derive(Debug)]
pub(crate) enum Anchor {
    /// At the block's header.
    Header,
    /// At the first value of a path.
    Value(Path),
    /// At each value of a path that satisfies the condition.
    Each {
        path: Path,
        condition: Option<Condition>,
    },
    /// At the header, when words are missing from the values at `path` of every
    /// block of `kind`.
    Coverage {
        words: Vec<String>,
        kind: BlockKind,
        path: Path,
    },
}

/// A condition asked of what is in focus: a block, or a value a path led to.
#[derive(Debug)]
pub(crate) enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    Absent(Path),
    Present(Path),
    /// Some of the fields (as written, and typed) lead to nothing. `named` when the
    /// condition speaks of the block in focus of a check, not of a block a quantifier,
    /// predicate, `found-in` or `exists` looks at: the fields found absent then fill
    /// the check's `{missing}`.
    Missing {
        fields: Vec<(String, Path)>,
        named: bool,
    },
    Is {
        path: Path,
        words: Vec<String>,
    },
    /// Some text at the path, white space trimmed at both ends, is one of `texts`,
    /// ASCII letters in either case.
    TextIs {
        path: Path,
        texts: Vec<String>,
    },
    /// `memo` numbers a quantifier that stands inside another condition asked of many
    /// blocks (a quantifier, a predicate, a `found-in` or `exists`): its answer is
    /// memoized per block, so that nested quantifiers cost their sum, not their product.
    Some {
        path: Path,
        condition: Box<Condition>,
        memo: Option<usize>,
    },
    Every {
        path: Path,
        condition: Box<Condition>,
        memo: Option<usize>,
    },
    Predicate(usize),
    /// `id` numbers the node, for memoizing the block found for a block or word,
    /// unless `focused` (its `where` speaks of the block in focus): then it is looked
    /// for again each time. The label is made anew each time.
    FoundIn {
        id: usize,
        kind: BlockKind,
        field: &'static str,
        condition: Option<Box<Condition>>,
        label: Option<Template>,
        focused: bool,
    },
    /// `id` numbers the node, for memoizing the block found plan-wide, or, when
    /// `focused` (its `where` speaks of the block in focus), for each block in focus;
    /// then `lookup`, when the `where` allows one, finds the blocks that may satisfy
    /// it in an index instead of looking at every block of the kind. The label is
    /// made anew each time.
    Exists {
        id: usize,
        kind: BlockKind,
        condition: Option<Box<Condition>>,
        label: Option<Template>,
        focused: bool,
        lookup: Option<Box<Lookup>>,
    },
    CompareDates {
        path: Path,
        after: bool,
        than: Than,
        days: i64,
        label: Option<Template>,
    },
    LongerThan {
        path: Path,
        days: i64,
    },
    /// Some value at `path` is some value at `other`: the same block (a reference
    /// names the block), word or date.
    Same {
        path: Path,
        other: Path,
    },
    /// Some range at `path` shares a day with some range at `with`.
    Overlaps {
        path: Path,
        with: Path,
    },
    /// Some date or range at `path` lies inside some range at `of`.
    Within {
        path: Path,
        of: Path,
    },
}

/// What a date is compared with: the dates at a path, or a date the rule gives.
#[derive(Debug)]
pub(crate) enum Than {
    Path(Path),
    Date(Date),
}

/// How an `exists` that speaks of the block in focus finds the blocks that may
/// satisfy it: by one of the conditions of its `where` (the whole of it, or one of an
/// `all`) that compares a path from the block looked at (`inner`, which never starts
/// at `focus`) with a path from the block in focus or the plan (`outer`).
#[derive(Debug)]
pub(crate) struct Lookup {
    pub inner: Path,
    pub outer: Path,
    pub matching: Matching,
}

/// What the index of a `Lookup` answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Matching {
    /// The blocks with a value equal to one of the outer values (`same`).
    Equal,
    /// The blocks with a date or range that shares a day with one of the outer ranges
    /// (`overlaps`, and `within` either way: what lies inside a range overlaps it).
    Overlapping,
}

/// One step of a path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Field(&'static str),
    Id,
    Plan,
    Parent,
    Children(BlockKind),
    Start,
    End,
    /// The block in focus of the check, or the block a predicate is asked of (first
    /// step only).
    Focus,
}

/// A path from what is in focus, typed by the compiler.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Path {
    pub steps: Vec<Step>,
}

impl Path {
    /// Whether the path starts at the block in focus.
    pub(crate) fn starts_at_focus(&self) -> bool {
        self.steps.first() == Some(&Step::Focus)
    }

    /// Whether the path leads to the same place from any block: it starts at the
    /// block in focus or at the plan.
    pub(crate) fn starts_outside(&self) -> bool {
        matches!(self.steps.first(), Some(Step::Focus | Step::Plan))
    }

    /// Whether whatever leads to something along `longer` leads to something along
    /// this path: this path is `longer` or the first steps of it.
    pub(crate) fn leads_on_to(&self, longer: &Path) -> bool {
        longer.steps.starts_with(&self.steps)
    }
}

/// A part of a message.
#[derive(Debug)]
pub(crate) enum Piece {
    Literal(String),
    /// `{block}`: the block, named for a planner.
    Block,
    /// `{item}`: the value reported, or the phrase found.
    Item,
    /// `{missing}`: the words a coverage check misses.
    Missing,
    /// `{PATH}` or `{PATH|FALLBACK}`: the values at the path, or the fallback when
    /// there are none. Without a fallback the compiler has made sure there always are
    /// some, but in a plan already in error (a required field missing or invalid):
    /// then `(no PATH)`.
    Path {
        path: Path,
        written: String,
        fallback: Option<String>,
    },
}

/// A message with its placeholders.
#[derive(Debug)]
pub(crate) struct Template {
    pub pieces: Vec<Piece>,
}

impl Template {
    /// The template as a [`Wording`] holds it: its literal text made visible, a
    /// [`HOLE`] for each placeholder.
    pub(crate) fn worded(&self) -> String {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => visible::line(text),
                _ => HOLE.into(),
            })
            .collect()
    }

    /// The placeholders, in order.
    pub(crate) fn placeholders(&self) -> impl Iterator<Item = &Piece> {
        self.pieces
            .iter()
            .filter(|piece| !matches!(piece, Piece::Literal(_)))
    }
}

impl Template {
    /// Whether a placeholder of the template starts at the block in focus.
    pub(crate) fn speaks_of_focus(&self) -> bool {
        self.pieces
            .iter()
            .any(|p| matches!(p, Piece::Path { path, .. } if path.starts_at_focus()))
    }
}

/// A named condition, used by rules and other predicates by its number.
#[derive(Debug)]
pub(crate) struct Predicate {
    pub name: String,
    pub description: String,
    pub condition: Condition,
}

impl Condition {
    /// The conditions directly inside this one.
    pub(crate) fn parts(&self) -> Vec<&Condition> {
        match self {
            Condition::All(cs) | Condition::Any(cs) => cs.iter().collect(),
            Condition::Not(c)
            | Condition::Some { condition: c, .. }
            | Condition::Every { condition: c, .. }
            | Condition::FoundIn {
                condition: Some(c), ..
            }
            | Condition::Exists {
                condition: Some(c), ..
            } => vec![c],
            _ => Vec::new(),
        }
    }

    /// Whether the condition, whenever it holds, has named the fields it found absent:
    /// a `missing` of the block in focus, alone or among the conditions of an `all`
    /// (under `any` or `not` it may hold without having named them).
    pub(crate) fn names_missing(&self) -> bool {
        match self {
            Condition::Missing { named, .. } => *named,
            Condition::All(conditions) => conditions.iter().any(Condition::names_missing),
            _ => false,
        }
    }

    /// Whether the condition's answer depends on the block in focus: a path of it, of
    /// a label or of a condition inside it starts at `focus` (a predicate has a focus
    /// of its own: the block it is asked of).
    pub(crate) fn speaks_of_focus(&self) -> bool {
        let label_from_focus =
            |label: &Option<Template>| label.as_ref().is_some_and(Template::speaks_of_focus);
        let own = match self {
            Condition::Absent(path)
            | Condition::Present(path)
            | Condition::Is { path, .. }
            | Condition::TextIs { path, .. }
            | Condition::Some { path, .. }
            | Condition::Every { path, .. }
            | Condition::LongerThan { path, .. } => path.starts_at_focus(),
            Condition::Missing { fields, .. } => fields.iter().any(|(_, p)| p.starts_at_focus()),
            Condition::CompareDates {
                path, than, label, ..
            } => {
                path.starts_at_focus()
                    || matches!(than, Than::Path(t) if t.starts_at_focus())
                    || label_from_focus(label)
            }
            Condition::Same {
                path,
                other: second,
            }
            | Condition::Overlaps { path, with: second }
            | Condition::Within { path, of: second } => {
                path.starts_at_focus() || second.starts_at_focus()
            }
            Condition::FoundIn { focused, label, .. }
            | Condition::Exists { focused, label, .. } => *focused || label_from_focus(label),
            Condition::All(_) | Condition::Any(_) | Condition::Not(_) | Condition::Predicate(_) => {
                false
            }
        };
        own || self.parts().iter().any(|c| c.speaks_of_focus())
    }

    /// Whether, whenever the condition holds, `path` leads to something from what it
    /// was asked of: it holds only if a path that leads on along `path` leads to
    /// something. Conditions that look at other blocks (`some` inside, `exists`,
    /// `found-in`, predicates) assure nothing of the paths of this one.
    pub(crate) fn assures(&self, path: &Path) -> bool {
        match self {
            Condition::Present(p)
            | Condition::Is { path: p, .. }
            | Condition::TextIs { path: p, .. }
            | Condition::Some { path: p, .. }
            | Condition::LongerThan { path: p, .. } => path.leads_on_to(p),
            Condition::CompareDates { path: p, than, .. } => {
                path.leads_on_to(p) || matches!(than, Than::Path(t) if path.leads_on_to(t))
            }
            Condition::Same { path: p, other: q }
            | Condition::Overlaps { path: p, with: q }
            | Condition::Within { path: p, of: q } => path.leads_on_to(p) || path.leads_on_to(q),
            Condition::All(cs) => cs.iter().any(|c| c.assures(path)),
            Condition::Any(cs) => cs.iter().all(|c| c.assures(path)),
            Condition::Not(c) => match &**c {
                Condition::Absent(p) => path.leads_on_to(p),
                Condition::Missing { fields, .. } => {
                    fields.iter().any(|(_, p)| path.leads_on_to(p))
                }
                Condition::Not(c) => c.assures(path),
                _ => false,
            },
            _ => false,
        }
    }

    /// The predicates this condition uses directly.
    pub(crate) fn predicates(&self, out: &mut Vec<usize>) {
        if let Condition::Predicate(p) = self {
            out.push(*p);
        }
        self.parts().iter().for_each(|c| c.predicates(out));
    }
}

impl Rule {
    /// The conditions of the rule's checks.
    pub(crate) fn conditions(&self) -> impl Iterator<Item = &Condition> {
        self.checks.iter().flat_map(|check| match check {
            Check::Blocks {
                condition, anchor, ..
            } => {
                let each = match anchor {
                    Anchor::Each { condition, .. } => condition.as_ref(),
                    _ => None,
                };
                condition.as_ref().into_iter().chain(each)
            }
            Check::Phrases { .. } => None.into_iter().chain(None),
        })
    }

    /// The phrases the rule's text checks look for, as written.
    pub(crate) fn phrases(&self) -> impl Iterator<Item = &str> {
        let sets = self.checks.iter().filter_map(|check| match check {
            Check::Phrases { phrases, .. } => Some(phrases.phrases.iter()),
            Check::Blocks { .. } => None,
        });
        sets.flatten().map(|p| p.text.as_str())
    }
}

impl Code for Rule {
    fn code_name(&self) -> CodeName {
        self.code.clone()
    }

    fn severity(&self) -> Severity {
        self.severity
    }
}
