//! Checking rule files against the vocabulary and turning them into the form the
//! engine runs: kinds and field names resolved, paths typed, predicates numbered,
//! phrases split into words, message templates parsed. A mistake is reported with the
//! text it is about, which the loader locates in the file.

use std::collections::HashMap;

use super::file::{self, CheckDef, Condition, RuleDef};
use super::text::{Phrase, PhraseSet};
use crate::diagnostic::Severity;
use crate::vocabulary::{BLOCKS, BlockKind, Type};

/// A mistake in a rule file: what is wrong, and the text it is about (to locate it).
#[derive(Debug)]
pub struct CompileError {
    pub message: String,
    pub near: Option<String>,
}

impl CompileError {
    fn new(message: impl Into<String>, near: impl Into<String>) -> Self {
        CompileError {
            message: message.into(),
            near: Some(near.into()),
        }
    }
}

type Result<T> = std::result::Result<T, CompileError>;

#[derive(Debug)]
pub struct Rule {
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub source: String,
    pub summary: String,
    pub rationale: String,
    pub bad: String,
    pub good: String,
    pub checks: Vec<Check>,
}

#[derive(Debug)]
pub enum Check {
    Blocks {
        kind: BlockKind,
        condition: Option<Cond>,
        report: Report,
        texts: Texts,
    },
    Phrases {
        phrases: Box<PhraseSet>,
        texts: Texts,
    },
}

#[derive(Debug)]
pub struct Texts {
    pub message: Template,
    pub label: Option<Template>,
    pub help: Option<Template>,
}

#[derive(Debug)]
pub enum Report {
    /// At the block's header.
    Header,
    /// At the first value of a path.
    Value(Path),
    /// At each value of a path that satisfies the condition.
    Each { path: Path, condition: Option<Cond> },
    /// At the header, when words are missing from the values at `path` of every
    /// block of `kind`.
    Coverage {
        words: Vec<String>,
        kind: BlockKind,
        path: Path,
    },
}

#[derive(Debug)]
pub enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Absent(Path),
    Present(Path),
    Is {
        path: Path,
        words: Vec<String>,
    },
    Some {
        path: Path,
        condition: Box<Cond>,
    },
    Every {
        path: Path,
        condition: Box<Cond>,
    },
    Predicate(usize),
    /// `id` numbers the node, for memoizing: its answer for a block or word does not
    /// depend on the focus.
    FoundIn {
        id: usize,
        kind: BlockKind,
        field: &'static str,
        condition: Option<Box<Cond>>,
        label: Option<Template>,
    },
    /// `id` numbers the node, for memoizing: its value does not depend on the focus.
    Exists {
        id: usize,
        kind: BlockKind,
        condition: Option<Box<Cond>>,
    },
    CompareDates {
        path: Path,
        after: bool,
        than: Path,
        days: i64,
        label: Option<Template>,
    },
    LongerThan {
        path: Path,
        days: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Field(&'static str),
    Id,
    Plan,
    Parent,
    Children(BlockKind),
    Start,
    End,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Path {
    pub steps: Vec<Step>,
}

#[derive(Debug)]
pub enum Piece {
    Literal(String),
    /// `{block}`: the block, named for a planner.
    Block,
    /// `{item}`: the value reported, or the phrase found.
    Item,
    /// `{missing}`: the words a coverage check misses.
    Missing,
    Path(Path),
}

#[derive(Debug)]
pub struct Template {
    pub pieces: Vec<Piece>,
}

#[derive(Debug)]
pub struct Predicate {
    pub name: String,
    pub description: String,
    pub condition: Cond,
}

impl Cond {
    /// The predicates this condition uses directly.
    pub fn predicates(&self, out: &mut Vec<usize>) {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().for_each(|c| c.predicates(out)),
            Cond::Not(c) | Cond::Some { condition: c, .. } | Cond::Every { condition: c, .. } => {
                c.predicates(out)
            }
            Cond::FoundIn {
                condition: Some(c), ..
            }
            | Cond::Exists {
                condition: Some(c), ..
            } => c.predicates(out),
            Cond::Predicate(p) => out.push(*p),
            _ => {}
        }
    }
}

impl Rule {
    /// The conditions of the rule's checks.
    pub fn conditions(&self) -> impl Iterator<Item = &Cond> {
        self.checks.iter().flat_map(|check| match check {
            Check::Blocks {
                condition, report, ..
            } => {
                let each = match report {
                    Report::Each { condition, .. } => condition.as_ref(),
                    _ => None,
                };
                condition.as_ref().into_iter().chain(each)
            }
            Check::Phrases { .. } => None.into_iter().chain(None),
        })
    }
}

/// What a path leads to, for checking the next step.
#[derive(Debug, Clone, PartialEq)]
enum Ty {
    Block(Vec<BlockKind>),
    Value(Type),
    Word,
    Date,
}

/// Compiles rule files; predicates are shared by all of them.
#[derive(Default)]
pub struct Compiler {
    predicate_index: HashMap<String, (usize, BlockKind)>,
    pub predicates: Vec<Option<Predicate>>,
    exists_count: usize,
    found_in_count: usize,
}

fn block_kind(word: &str) -> Result<BlockKind> {
    BlockKind::from_keyword(word).ok_or_else(|| {
        CompileError::new(
            format!(
                "`{word}` is not a kind of block; the kinds are: {}",
                BLOCKS
                    .iter()
                    .map(|b| b.keyword)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            word,
        )
    })
}

impl Compiler {
    /// Numbers the predicates of a file, so that any rule or predicate may use them.
    pub fn declare_predicates(&mut self, file: &file::RuleFile) -> Result<()> {
        for (name, def) in &file.predicates {
            if self.predicate_index.contains_key(name) {
                return Err(CompileError::new(
                    format!("the predicate `{name}` is defined twice"),
                    name.as_str(),
                ));
            }
            let of = block_kind(&def.of)?;
            self.predicate_index
                .insert(name.clone(), (self.predicates.len(), of));
            self.predicates.push(None);
        }
        Ok(())
    }

    /// Compiles a predicate declared before.
    pub fn define_predicate(&mut self, name: String, def: file::PredicateDef) -> Result<()> {
        let (index, of) = self.predicate_index[&name];
        let condition = self.condition(&def.condition, &Ty::Block(vec![of]))?;
        self.predicates[index] = Some(Predicate {
            name,
            description: def.description,
            condition,
        });
        Ok(())
    }

    /// The number of the first predicate that uses itself, directly or through others.
    pub fn predicate_in_cycle(&self) -> Option<usize> {
        let graph: Vec<Vec<usize>> = self
            .predicates
            .iter()
            .map(|p| {
                let mut out = Vec::new();
                if let Some(p) = p {
                    p.condition.predicates(&mut out);
                }
                out
            })
            .collect();
        (0..graph.len()).find(|&start| {
            let mut stack = graph[start].clone();
            let mut seen = vec![false; graph.len()];
            while let Some(p) = stack.pop() {
                if p == start {
                    return true;
                }
                if !std::mem::replace(&mut seen[p], true) {
                    stack.extend(&graph[p]);
                }
            }
            false
        })
    }

    pub fn rule(&mut self, def: RuleDef) -> Result<Rule> {
        let severity = match def.severity.as_str() {
            "error" => Severity::Error,
            "warning" => Severity::Warning,
            "info" => Severity::Info,
            other => {
                return Err(CompileError::new(
                    format!("the severity `{other}` is not error, warning or info"),
                    other,
                ));
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
                    def.code
                ),
                def.code.as_str(),
            ));
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
                    def.name
                ),
                def.name.as_str(),
            ));
        }
        if def.checks.is_empty() {
            return Err(CompileError::new(
                format!("the rule {} has no checks", def.code),
                def.code.as_str(),
            ));
        }
        let checks = def
            .checks
            .iter()
            .map(|c| self.check(c))
            .collect::<Result<_>>()?;
        Ok(Rule {
            code: def.code,
            name: def.name,
            severity,
            source: def.source,
            summary: def.summary,
            rationale: def.rationale,
            bad: def.bad,
            good: def.good,
            checks,
        })
    }

    fn check(&mut self, def: &CheckDef) -> Result<Check> {
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
            let phrases = Box::new(PhraseSet::new(
                phrases
                    .iter()
                    .map(|p| Phrase::new(p).map_err(|e| CompileError::new(e, p.as_str())))
                    .collect::<Result<_>>()?,
            ));
            let texts = self.texts(
                def,
                None,
                Slots {
                    item: true,
                    missing: false,
                },
            )?;
            return Ok(Check::Phrases { phrases, texts });
        }
        let Some(kind_word) = &def.for_each else {
            return Err(CompileError::new(
                "a check needs `for-each: KIND` or `phrases`",
                "message",
            ));
        };
        let kind = block_kind(kind_word)?;
        let ty = Ty::Block(vec![kind]);
        let condition = def
            .condition
            .as_ref()
            .map(|c| self.condition(c, &ty))
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
            return Err(CompileError::new(
                "`each-where` goes with `report-each`",
                "each-where",
            ));
        }
        let (report, slots) = if let Some(at) = &def.at {
            let report = if at == "header" {
                Report::Header
            } else {
                Report::Value(self.path(at, &ty)?.0)
            };
            (report, Slots::default())
        } else if let Some(each) = &def.report_each {
            let (path, item_ty) = self.path(each, &ty)?;
            let condition = def
                .each_where
                .as_ref()
                .map(|c| self.condition(c, &item_ty))
                .transpose()?;
            (
                Report::Each { path, condition },
                Slots {
                    item: true,
                    missing: false,
                },
            )
        } else if let Some(coverage) = &def.coverage {
            let from = block_kind(&coverage.kind)?;
            let (path, _) = self.path(&coverage.path, &Ty::Block(vec![from]))?;
            let report = Report::Coverage {
                words: coverage.words.clone(),
                kind: from,
                path,
            };
            (
                report,
                Slots {
                    item: false,
                    missing: true,
                },
            )
        } else {
            (Report::Header, Slots::default())
        };
        if condition.is_none() && !matches!(report, Report::Each { .. } | Report::Coverage { .. }) {
            return Err(CompileError::new(
                "this check would report every block: give it a `where` condition",
                kind_word.as_str(),
            ));
        }
        let texts = self.texts(def, Some(&ty), slots)?;
        Ok(Check::Blocks {
            kind,
            condition,
            report,
            texts,
        })
    }

    fn texts(&mut self, def: &CheckDef, ty: Option<&Ty>, slots: Slots) -> Result<Texts> {
        Ok(Texts {
            message: self.template(&def.message, ty, slots)?,
            label: def
                .label
                .as_deref()
                .map(|t| self.template(t, ty, slots))
                .transpose()?,
            help: def
                .help
                .as_deref()
                .map(|t| self.template(t, ty, slots))
                .transpose()?,
        })
    }

    /// Parses a message: `{block}`, `{item}`, `{missing}` or a path in braces; `{{`
    /// and `}}` stand for `{` and `}`.
    fn template(&mut self, text: &str, ty: Option<&Ty>, slots: Slots) -> Result<Template> {
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
                (path, Some(ty)) if !matches!(path, "item" | "missing") => {
                    Piece::Path(self.path(path, ty)?.0)
                }
                _ => {
                    return Err(CompileError::new(
                        format!("`{{{name}}}` is not known in this message"),
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

    fn path(&self, text: &str, start: &Ty) -> Result<(Path, Ty)> {
        let mut steps = Vec::new();
        let mut ty = start.clone();
        if text == "." {
            return Ok((Path::default(), ty));
        }
        for (i, word) in text.split('.').enumerate() {
            let blocks = match &ty {
                Ty::Block(kinds) => Some(kinds.clone()),
                Ty::Value(Type::Ref(kinds)) => Some(kinds.to_vec()),
                _ => None,
            };
            let (step, next) = match (word, &ty, &blocks) {
                ("plan", _, _) if i == 0 => (Step::Plan, Ty::Block(vec![BlockKind::Plan])),
                ("start", Ty::Value(Type::Range), _) => (Step::Start, Ty::Date),
                ("end", Ty::Value(Type::Range), _) => (Step::End, Ty::Date),
                ("id", _, Some(_)) => (Step::Id, Ty::Word),
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
                        (Step::Field(field.name), Ty::Value(field.ty))
                    } else if let Some(nested) =
                        BlockKind::from_keyword(name).filter(|n| kinds[0].spec().nested.contains(n))
                    {
                        (Step::Children(nested), Ty::Block(vec![nested]))
                    } else {
                        return Err(CompileError::new(
                            format!(
                                "`{name}` in `{text}` is not a field of `{}`; its fields are: {}",
                                kinds[0],
                                kinds[0]
                                    .spec()
                                    .fields
                                    .iter()
                                    .map(|f| f.name)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                            text,
                        ));
                    }
                }
                _ => {
                    return Err(CompileError::new(
                        format!("`{word}` cannot follow a plain value in `{text}`"),
                        text,
                    ));
                }
            };
            steps.push(step);
            ty = next;
        }
        Ok((Path { steps }, ty))
    }

    fn condition(&mut self, def: &Condition, ty: &Ty) -> Result<Cond> {
        Ok(match def {
            Condition::All(cs) => Cond::All(
                cs.iter()
                    .map(|c| self.condition(c, ty))
                    .collect::<Result<_>>()?,
            ),
            Condition::Any(cs) => Cond::Any(
                cs.iter()
                    .map(|c| self.condition(c, ty))
                    .collect::<Result<_>>()?,
            ),
            Condition::Not(c) => Cond::Not(Box::new(self.condition(c, ty)?)),
            Condition::Absent(p) => Cond::Absent(self.path(p, ty)?.0),
            Condition::Present(p) => Cond::Present(self.path(p, ty)?.0),
            Condition::Is(is) => {
                let (path, target) = self.path(is.path.as_deref().unwrap_or("."), ty)?;
                if let Ty::Value(Type::Enum(allowed)) = target
                    && let Some(word) = is.words.iter().find(|w| !allowed.contains(&w.as_str()))
                {
                    return Err(CompileError::new(
                        format!(
                            "`{word}` can never be a value here; the values are: {}",
                            allowed.join(", ")
                        ),
                        word.as_str(),
                    ));
                }
                Cond::Is {
                    path,
                    words: is.words.clone(),
                }
            }
            Condition::Some(q) | Condition::Every(q) => {
                let (path, item) = self.path(&q.path, ty)?;
                let condition = Box::new(self.condition(&q.condition, &item)?);
                if matches!(def, Condition::Some(_)) {
                    Cond::Some { path, condition }
                } else {
                    Cond::Every { path, condition }
                }
            }
            Condition::Predicate(name) => {
                let Some(&(index, of)) = self.predicate_index.get(name) else {
                    let known: Vec<&str> =
                        self.predicate_index.keys().map(String::as_str).collect();
                    return Err(CompileError::new(
                        format!(
                            "there is no predicate `{name}`; the predicates are: {}",
                            known.join(", ")
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
                        format!("the predicate `{name}` speaks of a `{of}`, not of this value"),
                        name.as_str(),
                    ));
                }
                Cond::Predicate(index)
            }
            Condition::FoundIn(found) => {
                let (kind_word, field_name) = found.field.split_once('.').ok_or_else(|| {
                    CompileError::new(
                        "`found-in` names a kind and a field, as `engagement.with`",
                        found.field.as_str(),
                    )
                })?;
                let kind = block_kind(kind_word)?;
                let field = kind.spec().field(field_name).ok_or_else(|| {
                    CompileError::new(
                        format!("`{kind}` has no field `{field_name}`"),
                        found.field.as_str(),
                    )
                })?;
                let block_ty = Ty::Block(vec![kind]);
                self.found_in_count += 1;
                Cond::FoundIn {
                    id: self.found_in_count - 1,
                    kind,
                    field: field.name,
                    condition: found
                        .condition
                        .as_ref()
                        .map(|c| self.condition(c, &block_ty).map(Box::new))
                        .transpose()?,
                    label: found
                        .label
                        .as_deref()
                        .map(|l| {
                            self.template(
                                l,
                                Some(&block_ty),
                                Slots {
                                    item: true,
                                    missing: false,
                                },
                            )
                        })
                        .transpose()?,
                }
            }
            Condition::Exists(exists) => {
                let kind = block_kind(&exists.kind)?;
                let condition = exists
                    .condition
                    .as_ref()
                    .map(|c| self.condition(c, &Ty::Block(vec![kind])).map(Box::new))
                    .transpose()?;
                self.exists_count += 1;
                Cond::Exists {
                    id: self.exists_count - 1,
                    kind,
                    condition,
                }
            }
            Condition::CompareDates(compare) => {
                let (path, a) = self.path(&compare.path, ty)?;
                let (than, b) = self.path(&compare.than, ty)?;
                for (t, p) in [(a, &compare.path), (b, &compare.than)] {
                    if !matches!(t, Ty::Date | Ty::Value(Type::Date)) {
                        return Err(CompileError::new(
                            format!("`{p}` is not a date"),
                            p.as_str(),
                        ));
                    }
                }
                Cond::CompareDates {
                    path,
                    after: compare.is == file::Order::After,
                    than,
                    days: compare.by_more_than,
                    label: compare
                        .label
                        .as_deref()
                        .map(|l| self.template(l, Some(ty), Slots::default()))
                        .transpose()?,
                }
            }
            Condition::LongerThan(longer) => {
                let (path, t) = self.path(&longer.path, ty)?;
                if t != Ty::Value(Type::Range) {
                    return Err(CompileError::new(
                        format!("`{}` is not a range of dates", longer.path),
                        longer.path.as_str(),
                    ));
                }
                Cond::LongerThan {
                    path,
                    days: longer.days,
                }
            }
        })
    }

    pub fn exists_count(&self) -> usize {
        self.exists_count
    }

    pub fn found_in_count(&self) -> usize {
        self.found_in_count
    }
}

/// Which special placeholders a message may use.
#[derive(Clone, Copy, Default)]
struct Slots {
    item: bool,
    missing: bool,
}
