//! Checking rule files against the vocabulary and turning them into the form the
//! engine runs: kinds and field names resolved, paths typed, predicates numbered,
//! phrases split into words, message templates parsed. A mistake is reported with the
//! text it is about, which the loader locates in the file.

use std::collections::HashMap;

use super::file::{self, CheckDef, Condition, RuleDef};
use super::places::Key;
use super::text::{Phrase, PhraseSet};
use crate::diagnostic::Severity;
use crate::vocabulary::{BLOCKS, BlockKind, FieldSpec, Type, article};

/// A mistake in a rule file: what is wrong, the part of the rule or predicate it is in
/// and the text it is about there (to locate it).
#[derive(Debug)]
pub struct CompileError {
    pub message: String,
    /// Keys and list positions from the rule or predicate to the part, outermost first.
    pub at: Vec<Key>,
    pub near: Option<String>,
}

impl CompileError {
    pub fn new(message: impl Into<String>, near: impl Into<String>) -> Self {
        CompileError {
            message: message.into(),
            at: Vec::new(),
            near: Some(near.into()),
        }
    }

    /// The mistake in the part of the rule or predicate that holds it.
    pub fn within(mut self, key: impl Into<Key>) -> Self {
        self.at.insert(0, key.into());
        self
    }
}

type Result<T> = std::result::Result<T, CompileError>;

/// Says which part of the rule or predicate a mistake is in.
pub trait Within {
    fn within(self, key: impl Into<Key>) -> Self;
}

impl<T> Within for Result<T> {
    fn within(self, key: impl Into<Key>) -> Self {
        self.map_err(|e| e.within(key))
    }
}

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
    /// `memo` numbers a quantifier that stands inside another condition asked of many
    /// blocks (a quantifier, a predicate, a `found-in` or `exists`): its answer is
    /// memoized per block, so that nested quantifiers cost their sum, not their product.
    Some {
        path: Path,
        condition: Box<Cond>,
        memo: Option<usize>,
    },
    Every {
        path: Path,
        condition: Box<Cond>,
        memo: Option<usize>,
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

/// The most conditions one condition may stand for once the predicates it uses are
/// written out: a rule file that nests predicates two by two could otherwise ask for
/// more work than the age of the universe allows.
pub const MAX_WEIGHT: u64 = 100_000;

impl Cond {
    /// The conditions directly inside this one.
    fn parts(&self) -> Vec<&Cond> {
        match self {
            Cond::All(cs) | Cond::Any(cs) => cs.iter().collect(),
            Cond::Not(c)
            | Cond::Some { condition: c, .. }
            | Cond::Every { condition: c, .. }
            | Cond::FoundIn {
                condition: Some(c), ..
            }
            | Cond::Exists {
                condition: Some(c), ..
            } => vec![c],
            _ => Vec::new(),
        }
    }

    /// The predicates this condition uses directly.
    pub fn predicates(&self, out: &mut Vec<usize>) {
        if let Cond::Predicate(p) = self {
            out.push(*p);
        }
        self.parts().iter().for_each(|c| c.predicates(out));
    }

    /// How many conditions this one stands for, given the weight of each predicate.
    pub fn weight(&self, of_predicate: &dyn Fn(usize) -> u64) -> u64 {
        let own = match self {
            Cond::Predicate(p) => of_predicate(*p),
            _ => 1,
        };
        self.parts()
            .iter()
            .map(|c| c.weight(of_predicate))
            .fold(own, u64::saturating_add)
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
    quantifier_count: usize,
    /// Whether the condition being compiled is asked of many blocks for one block in
    /// focus of a check (see `Cond::Some`).
    nested: bool,
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

/// What a path leads to, for a rule author: "an `actor`", "a date".
fn describe(ty: &Ty) -> String {
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
fn words_at(path: &str, target: &Ty, words: &[String], key: &str) -> Result<()> {
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
                    describe(other)
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
                allowed.join(", ")
            ),
            word.as_str(),
        )
        .within(key)),
        None => Ok(()),
    }
}

impl Compiler {
    /// Numbers the predicates of a file, so that any rule or predicate may use them.
    pub fn declare_predicates(&mut self, file: &file::RuleFile) -> Result<()> {
        for (name, def) in &file.predicates {
            if self.predicate_index.contains_key(name) {
                return Err(CompileError::new(
                    format!("the predicate `{name}` is defined twice"),
                    name.as_str(),
                )
                .within(name.as_str()));
            }
            let of = block_kind(&def.of).within("of").within(name.as_str())?;
            self.predicate_index
                .insert(name.clone(), (self.predicates.len(), of));
            self.predicates.push(None);
        }
        Ok(())
    }

    /// Compiles a predicate declared before.
    pub fn define_predicate(&mut self, name: String, def: file::PredicateDef) -> Result<()> {
        let (index, of) = self.predicate_index[&name];
        let condition = self
            .nested_condition(&def.condition, &Ty::Block(vec![of]))
            .within("where")?;
        self.predicates[index] = Some(Predicate {
            name,
            description: def.description,
            condition,
        });
        Ok(())
    }

    /// The weight of every predicate (see [`Cond::weight`]), or the number of a
    /// predicate that uses itself, directly or through others.
    pub fn predicate_weights(&self) -> std::result::Result<Vec<u64>, usize> {
        let uses: Vec<Vec<usize>> = self
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
        // Depth first, with a stack of its own: `None` while a predicate's uses are
        // being weighed, so that meeting it again closes a cycle.
        let mut weights: Vec<Option<Option<u64>>> = vec![None; uses.len()];
        for start in 0..uses.len() {
            if weights[start].is_some() {
                continue;
            }
            let mut stack = vec![(start, 0)];
            while let Some(&mut (p, ref mut next)) = stack.last_mut() {
                if *next == 0 {
                    weights[p] = Some(None);
                }
                if let Some(&q) = uses[p].get(*next) {
                    *next += 1;
                    match weights[q] {
                        None => stack.push((q, 0)),
                        Some(None) => return Err(q),
                        Some(Some(_)) => {}
                    }
                    continue;
                }
                let weight = self.predicates[p].as_ref().map_or(1, |predicate| {
                    predicate
                        .condition
                        .weight(&|q| weights[q].flatten().unwrap_or(1))
                });
                weights[p] = Some(Some(weight));
                stack.pop();
            }
        }
        Ok(weights
            .into_iter()
            .map(|w| w.flatten().unwrap_or(1))
            .collect())
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
                    def.code
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
                    def.name
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
        let checks = def
            .checks
            .iter()
            .enumerate()
            .map(|(i, c)| self.check(c).within(i).within("checks"))
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
        let kind = block_kind(kind_word).within("for-each")?;
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
        let (report, slots) = if let Some(at) = &def.at {
            let report = if at == "header" {
                Report::Header
            } else {
                Report::Value(self.path(at, &ty).within("at")?.0)
            };
            (report, Slots::default())
        } else if let Some(each) = &def.report_each {
            let (path, item_ty) = self.path(each, &ty).within("report-each")?;
            let condition = def
                .each_where
                .as_ref()
                .map(|c| self.condition(c, &item_ty).within("each-where"))
                .transpose()?;
            (
                Report::Each { path, condition },
                Slots {
                    item: true,
                    missing: false,
                },
            )
        } else if let Some(coverage) = &def.coverage {
            let from = block_kind(&coverage.kind)
                .within("kind")
                .within("coverage")?;
            let (path, target) = self
                .path(&coverage.path, &Ty::Block(vec![from]))
                .within("path")
                .within("coverage")?;
            words_at(&coverage.path, &target, &coverage.words, "words").within("coverage")?;
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
            message: self.template(&def.message, ty, slots).within("message")?,
            label: def
                .label
                .as_deref()
                .map(|t| self.template(t, ty, slots).within("label"))
                .transpose()?,
            help: def
                .help
                .as_deref()
                .map(|t| self.template(t, ty, slots).within("help"))
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
                (path, Some(ty)) if !matches!(path, "item" | "missing") => Piece::Path(
                    self.path(path, ty)
                        .map_err(|e| {
                            CompileError::new(
                                format!(
                                    "`{{{name}}}` is neither a placeholder of this message \
                                 ({}) nor a path: {}",
                                    slots.names(),
                                    e.message
                                ),
                                format!("{{{name}}}"),
                            )
                        })?
                        .0,
                ),
                _ => {
                    return Err(CompileError::new(
                        format!(
                            "`{{{name}}}` is not known in this message; it may use {}",
                            slots.names()
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

    fn path(&self, text: &str, start: &Ty) -> Result<(Path, Ty)> {
        let mut steps = Vec::new();
        let mut ty = start.clone();
        if text == "." {
            return Ok((Path::default(), ty));
        }
        if text.split('.').any(str::is_empty) {
            return Err(CompileError::new(
                format!(
                    "the path `{text}` has an empty step; a path is field names joined by \
                     `.`, as `owner.kind`"
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
                                    .join(", ")
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
                                    .join(", ")
                            )
                        };
                        return Err(CompileError::new(message, text));
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

    fn conditions(&mut self, defs: &[Condition], ty: &Ty) -> Result<Vec<Cond>> {
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
    fn nested_condition(&mut self, def: &Condition, ty: &Ty) -> Result<Cond> {
        let outer = std::mem::replace(&mut self.nested, true);
        let condition = self.condition(def, ty);
        self.nested = outer;
        condition
    }

    fn condition(&mut self, def: &Condition, ty: &Ty) -> Result<Cond> {
        self.condition_of_kind(def, ty).within(def.key())
    }

    fn condition_of_kind(&mut self, def: &Condition, ty: &Ty) -> Result<Cond> {
        Ok(match def {
            Condition::All(cs) => Cond::All(self.conditions(cs, ty)?),
            Condition::Any(cs) => Cond::Any(self.conditions(cs, ty)?),
            Condition::Not(c) => Cond::Not(Box::new(self.condition(c, ty)?)),
            Condition::Absent(p) => Cond::Absent(self.path(p, ty)?.0),
            Condition::Present(p) => Cond::Present(self.path(p, ty)?.0),
            Condition::Is(is) => {
                let path_text = is.path.as_deref().unwrap_or(".");
                let (path, target) = self.path(path_text, ty).within("path")?;
                words_at(path_text, &target, &is.words, "in")?;
                Cond::Is {
                    path,
                    words: is.words.clone(),
                }
            }
            Condition::Some(q) | Condition::Every(q) => {
                let (path, item) = self.path(&q.path, ty).within("path")?;
                let outer = self.nested;
                let condition =
                    Box::new(self.nested_condition(&q.condition, &item).within("where")?);
                let memo = outer.then(|| {
                    self.quantifier_count += 1;
                    self.quantifier_count - 1
                });
                if matches!(def, Condition::Some(_)) {
                    Cond::Some {
                        path,
                        condition,
                        memo,
                    }
                } else {
                    Cond::Every {
                        path,
                        condition,
                        memo,
                    }
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
                        format!(
                            "the predicate `{name}` speaks of {} `{of}`, not of this value",
                            article(of.keyword())
                        ),
                        name.as_str(),
                    ));
                }
                Cond::Predicate(index)
            }
            Condition::FoundIn(found) => {
                let (kind, field) = self.found_in_field(&found.field, ty).within("field")?;
                let block_ty = Ty::Block(vec![kind]);
                self.found_in_count += 1;
                Cond::FoundIn {
                    id: self.found_in_count - 1,
                    kind,
                    field: field.name,
                    condition: found
                        .condition
                        .as_ref()
                        .map(|c| {
                            self.nested_condition(c, &block_ty)
                                .map(Box::new)
                                .within("where")
                        })
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
                            .within("label")
                        })
                        .transpose()?,
                }
            }
            Condition::Exists(exists) => {
                let kind = block_kind(&exists.kind).within("kind")?;
                let condition = exists
                    .condition
                    .as_ref()
                    .map(|c| {
                        self.nested_condition(c, &Ty::Block(vec![kind]))
                            .map(Box::new)
                            .within("where")
                    })
                    .transpose()?;
                self.exists_count += 1;
                Cond::Exists {
                    id: self.exists_count - 1,
                    kind,
                    condition,
                }
            }
            Condition::CompareDates(compare) => {
                let (path, a) = self.path(&compare.path, ty).within("path")?;
                let (than, b) = self.path(&compare.than, ty).within("than")?;
                for (t, p, key) in [(a, &compare.path, "path"), (b, &compare.than, "than")] {
                    if !matches!(t, Ty::Date | Ty::Value(Type::Date)) {
                        return Err(
                            CompileError::new(format!("`{p}` is not a date"), p.as_str())
                                .within(key),
                        );
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
                        .map(|l| self.template(l, Some(ty), Slots::default()).within("label"))
                        .transpose()?,
                }
            }
            Condition::LongerThan(longer) => {
                let (path, t) = self.path(&longer.path, ty).within("path")?;
                if t != Ty::Value(Type::Range) {
                    return Err(CompileError::new(
                        format!("`{}` is not a range of dates", longer.path),
                        longer.path.as_str(),
                    )
                    .within("path"));
                }
                Cond::LongerThan {
                    path,
                    days: longer.days,
                }
            }
        })
    }

    /// The kind and field of a `found-in` (`engagement.with`), which must be able to
    /// name what is in focus.
    fn found_in_field(&self, text: &str, focus: &Ty) -> Result<(BlockKind, &'static FieldSpec)> {
        let (kind_word, field_name) = text.split_once('.').ok_or_else(|| {
            CompileError::new(
                "`found-in` names a kind and a field, as `engagement.with`",
                text,
            )
        })?;
        let kind = block_kind(kind_word)?;
        let field = kind.spec().field(field_name).ok_or_else(|| {
            CompileError::new(format!("`{kind}` has no field `{field_name}`"), text)
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
                    describe(focus)
                ),
                text,
            ));
        }
        Ok((kind, field))
    }

    pub fn exists_count(&self) -> usize {
        self.exists_count
    }

    pub fn found_in_count(&self) -> usize {
        self.found_in_count
    }

    pub fn quantifier_count(&self) -> usize {
        self.quantifier_count
    }
}

/// Which special placeholders a message may use.
#[derive(Clone, Copy, Default)]
struct Slots {
    item: bool,
    missing: bool,
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
