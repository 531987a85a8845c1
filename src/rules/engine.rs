//! Running compiled rules over the model of one plan. Everything a rule may ask is
//! answered from indexes built once per plan: the plan's blocks by kind, which blocks
//! name a block or a word in a field (built on first use), the plan-wide `exists`
//! answers, memoized, and for an `exists` that compares blocks with the block in
//! focus, the blocks of its kind by the value or range it compares. No check scans
//! every block for each block, except an `exists` about the block in focus that no
//! index serves.

use hashbrown::{HashMap, HashSet};
use std::ops::ControlFlow;
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use smallvec::{SmallVec, smallvec};

use super::ir::{
    Anchor, Check, Condition, Lookup, Matching, Messages, Path, Piece, RuleSet, Step, Template,
    Than,
};
use super::phrases::{self, PhraseSet};
use super::ranges::Ranges;
use crate::diagnostic::{Diagnostic, Label, Location, related};
use crate::model::{BlockId, Date, Model, Name, Value};
use crate::source::{FileId, Span};
use crate::visible;
use crate::vocabulary::{BLOCKS, BlockKind};

impl RuleSet {
    /// Runs every rule over the model of a plan: the findings, in several vectors.
    pub(crate) fn run(&self, model: &Model) -> Vec<Vec<Diagnostic>> {
        Engine::new(self, model).run()
    }
}

/// Something a path leads to.
#[derive(Clone, Copy)]
enum Item<'m> {
    Block(BlockId),
    Value(&'m Value),
    Id(&'m Name),
    Date(Date, Span),
}

/// An item and the file it stands in.
#[derive(Clone, Copy)]
struct At<'m> {
    item: Item<'m>,
    file: FileId,
}

/// What a path leads to: most paths lead to a few items, held in place.
type Items<'m> = SmallVec<[At<'m>; 4]>;

/// The blocks whose field names a block or holds a word.
#[derive(Default)]
struct ValueIndex {
    blocks: HashMap<BlockId, Vec<BlockId>>,
    words: HashMap<String, Vec<BlockId>>,
}

/// What `same` compares: the block an item is or names, a word, a day; and what a
/// `found-in` asks about, a block or a word.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'m> {
    Block(BlockId),
    Word(&'m str),
    Day(i64),
}

/// The blocks of an `exists` about the block in focus, by what its lookup compares.
enum Candidates<'m> {
    Equal(HashMap<Key<'m>, Vec<BlockId>>),
    Overlapping(Ranges),
}

/// What a template is filled with: the item it speaks of (`{block}` and paths start
/// there), the block in focus, and the check's `{item}` and `{missing}`.
struct Filling<'a, 'f> {
    subject: At<'a>,
    focus: BlockId,
    item: Option<&'f str>,
    missing: &'f [String],
}

/// How many blocks a thread checks at a time.
const BLOCKS_A_STRETCH: usize = 256;

/// A check of the blocks of one kind, as a run asks it of each.
struct BlockCheck<'r> {
    condition: Option<&'r Condition>,
    anchor: &'r Anchor,
    messages: &'r Messages,
    /// For a coverage check, the words no block of the plan gives: worked out once.
    coverage_missing: OnceLock<Vec<String>>,
}

/// The phrase checks of a run, asked of every block's texts in one pass: the phrases of
/// each, and what each says.
struct Phrases<'r> {
    sets: Vec<&'r PhraseSet>,
    messages: Vec<&'r Messages>,
}

/// The rules of a run at work on the model of one plan, with the indexes and memos
/// they share.
struct Engine<'a> {
    rules: &'a RuleSet,
    model: &'a Model,
    found_in: Mutex<HashMap<(BlockKind, &'static str), Arc<ValueIndex>>>,
    /// For each `exists` node, the block it found, when it does not depend on the
    /// focus.
    exists: Vec<OnceLock<Option<BlockId>>>,
    /// For each `exists` node that depends on the focus, the block it found for each
    /// block in focus: an `exists` inside another about the same block in focus is
    /// worked out once for it, not once for each block the outer one tries.
    exists_for: Vec<Found<BlockId>>,
    /// For each `exists` node with a lookup, the index it looks candidates up in.
    candidates: Vec<OnceLock<Candidates<'a>>>,
    /// For each `found-in` node, the block found for each block or word asked about.
    found: Vec<Found<Key<'a>>>,
    /// For each numbered quantifier, its answer for each block asked about.
    quantified: Vec<Memo>,
    /// For each predicate, its answer for each block asked about: a predicate that
    /// uses another twice, which uses another twice, costs its depth, not the number
    /// of conditions it stands for written out.
    predicated: Vec<Memo>,
}

/// A condition's answer for each block asked about.
type Memo = Mutex<HashMap<BlockId, Answer>>;

/// The block a `found-in` or `exists` found (if any) for each thing asked about.
type Found<K> = Mutex<HashMap<K, Option<BlockId>>>;

/// What a condition that holds found to show for it: labels at other places, and the
/// fields a `missing` condition of the block in focus found absent.
#[derive(Clone, Default)]
struct Evidence {
    labels: Vec<Label>,
    missing: Vec<String>,
}

impl Evidence {
    /// How much is gathered so far, to go back to when a part does not hold.
    fn mark(&self) -> (usize, usize) {
        (self.labels.len(), self.missing.len())
    }

    fn rewind(&mut self, (labels, missing): (usize, usize)) {
        self.labels.truncate(labels);
        self.missing.truncate(missing);
    }

    fn extend(&mut self, other: Evidence) {
        self.labels.extend(other.labels);
        self.missing.extend(other.missing);
    }
}

/// Whether a condition holds, and what it found to show for it.
type Answer = (bool, Evidence);

impl<'a> Engine<'a> {
    fn new(rules: &'a RuleSet, model: &'a Model) -> Self {
        Engine {
            rules,
            model,
            found_in: Mutex::new(HashMap::new()),
            exists: (0..rules.exists_count).map(|_| OnceLock::new()).collect(),
            exists_for: (0..rules.exists_count)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
            candidates: (0..rules.exists_count).map(|_| OnceLock::new()).collect(),
            found: (0..rules.found_in_count)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
            quantified: (0..rules.quantifier_count)
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
            predicated: (0..rules.predicates.len())
                .map(|_| Mutex::new(HashMap::new()))
                .collect(),
        }
    }

    /// Runs the rules in parallel, block by block: each block is asked every check
    /// about its kind in turn, and the phrase checks of its texts, while its fields
    /// are at hand, rather than once by each rule's pass over the whole plan. The
    /// blocks are taken in the order written, so that their fields are read one after
    /// another, in stretches shared among the threads. The findings
    /// come in a few vectors, so that the caller can gather them without holding them
    /// twice.
    fn run(&self) -> Vec<Vec<Diagnostic>> {
        let mut by_kind: Vec<Vec<BlockCheck<'_>>> = BLOCKS.iter().map(|_| Vec::new()).collect();
        let mut phrases = Phrases {
            sets: Vec::new(),
            messages: Vec::new(),
        };
        for check in self.rules.rules.iter().flat_map(|rule| &rule.checks) {
            match check {
                Check::Blocks {
                    kind,
                    condition,
                    anchor,
                    messages,
                } => by_kind[*kind as usize].push(BlockCheck {
                    condition: condition.as_ref(),
                    anchor,
                    messages,
                    coverage_missing: OnceLock::new(),
                }),
                Check::Phrases {
                    phrases: set,
                    messages,
                } => {
                    phrases.sets.push(set);
                    phrases.messages.push(messages);
                }
            }
        }
        // A vector for each run of stretches a thread takes, not for each stretch: the
        // findings of a plan that makes many are held in a few large vectors, which go
        // back to the system whole once gathered, not in many small ones that stay
        // resident beside the list they are gathered into.
        self.model
            .all_members()
            .par_chunks(BLOCKS_A_STRETCH)
            .fold(Vec::new, |mut out, blocks| {
                for &id in blocks {
                    for check in &by_kind[self.model.block(id).kind as usize] {
                        self.check_block(check, id, &mut out);
                    }
                    self.phrases(&phrases, id, &mut out);
                }
                out
            })
            .collect()
    }

    /// Asks one check of one block in focus, and adds what it finds to `out`.
    fn check_block(&self, check: &BlockCheck<'_>, id: BlockId, out: &mut Vec<Diagnostic>) {
        let BlockCheck {
            condition,
            anchor,
            messages,
            coverage_missing,
        } = check;
        let block = self.model.block(id);
        let focus = At {
            item: Item::Block(id),
            file: block.file,
        };
        let mut evidence = Evidence::default();
        if let Some(condition) = condition
            && !self.holds(condition, focus, id, &mut evidence)
        {
            return;
        }
        let header = Location {
            file: block.file,
            span: block.header,
        };
        match anchor {
            Anchor::Header => {
                out.push(self.diagnostic(messages, id, header, None, evidence));
            }
            Anchor::Value(path) => {
                let at = self.path(focus, id, path).into_iter().next();
                let location = at.map_or(header, |a| self.location(a));
                let item = at.map(|a| self.display(a));
                out.push(self.diagnostic(messages, id, location, item.as_deref(), evidence));
            }
            Anchor::Each { path, condition } => {
                for at in self.path(focus, id, path) {
                    if !reportable(at) {
                        continue;
                    }
                    let mut item_evidence = evidence.clone();
                    if condition
                        .as_ref()
                        .is_none_or(|c| self.holds(c, at, id, &mut item_evidence))
                    {
                        let item = self.display(at);
                        out.push(self.diagnostic(
                            messages,
                            id,
                            self.location(at),
                            Some(&item),
                            item_evidence,
                        ));
                    }
                }
            }
            Anchor::Coverage { words, kind, path } => {
                let missing = coverage_missing.get_or_init(|| {
                    let present: HashSet<String> = self
                        .model
                        .members(*kind)
                        .iter()
                        .flat_map(|&b| self.path(self.block_at(b), b, path))
                        .filter_map(|at| word(at).map(str::to_owned))
                        .collect();
                    words
                        .iter()
                        .filter(|w| !present.contains(*w))
                        .cloned()
                        .collect()
                });
                if !missing.is_empty() {
                    evidence.missing.extend(missing.iter().cloned());
                    out.push(self.diagnostic(messages, id, header, None, evidence));
                }
            }
        }
    }

    /// Every phrase check over every text of a block, all checks in one pass over each
    /// text.
    fn phrases(&self, phrases: &Phrases<'_>, id: BlockId, out: &mut Vec<Diagnostic>) {
        if phrases.sets.is_empty() {
            return;
        }
        let block = self.model.block(id);
        for decoded in self.model.texts(block) {
            for found in phrases::find(&phrases.sets, decoded.value()) {
                let location = Location {
                    file: block.file,
                    span: decoded.source_span(found.start..found.end),
                };
                let matched: Vec<&str> = decoded.value()[found.start..found.end]
                    .split_whitespace()
                    .collect();
                let item = matched.join(" ");
                out.push(self.diagnostic(
                    phrases.messages[found.set],
                    id,
                    location,
                    Some(&item),
                    Evidence::default(),
                ));
            }
        }
    }

    /// The diagnostic of a rule's check about `block`, its messages rendered with what
    /// the check's condition found.
    fn diagnostic(
        &self,
        messages: &Messages,
        block: BlockId,
        location: Location,
        item: Option<&str>,
        evidence: Evidence,
    ) -> Diagnostic {
        let filling = Filling {
            subject: self.block_at(block),
            focus: block,
            item,
            missing: &evidence.missing,
        };
        let filled: Vec<String> = messages
            .placeholders()
            .map(|piece| self.fill(piece, &filling))
            .collect();
        let filled: Vec<&str> = filled.iter().map(String::as_str).collect();
        let mut diagnostic = Diagnostic::worded(messages.wording.clone(), location, &filled);
        if !evidence.labels.is_empty() {
            diagnostic = diagnostic.with_related(related(evidence.labels.into_iter()));
        }
        diagnostic
    }

    /// A message with its placeholders filled. A path that leads to nothing shown
    /// (an invalid value shows nothing) gives its fallback.
    fn render(&self, template: &Template, filling: &Filling<'a, '_>) -> String {
        template
            .pieces
            .iter()
            .map(|piece| self.fill(piece, filling))
            .collect()
    }

    /// What a placeholder shows; a literal piece shows as written.
    fn fill(&self, piece: &Piece, filling: &Filling<'a, '_>) -> String {
        match piece {
            Piece::Literal(text) => text.clone(),
            Piece::Block => {
                let block = as_block(filling.subject).unwrap_or(filling.focus);
                self.model.describe(block)
            }
            Piece::Item => filling.item.unwrap_or_default().to_owned(),
            Piece::Missing => quoted_list(filling.missing),
            Piece::Path {
                path,
                written,
                fallback,
            } => {
                let values: Vec<String> = self
                    .path(filling.subject, filling.focus, path)
                    .into_iter()
                    .map(|at| self.display(at))
                    .filter(|shown| !shown.is_empty())
                    .collect();
                match fallback {
                    _ if !values.is_empty() => values.join(", "),
                    Some(fallback) => fallback.clone(),
                    None => format!("(no {written})"),
                }
            }
        }
    }

    fn display(&self, at: At<'_>) -> String {
        match at.item {
            Item::Block(b) => self.model.block(b).id().to_owned(),
            Item::Id(id) => id.to_string(),
            Item::Date(d, _) => d.to_string(),
            Item::Value(v) => match v {
                // A text is quoted in a message on one line, its white space folded.
                Value::Text(t) => t.value().split_whitespace().collect::<Vec<_>>().join(" "),
                Value::Word(w) => w.to_string(),
                Value::Date(d) => d.value.to_string(),
                Value::Range(r) => format!("{}..{}", r.value.start, r.value.end),
                Value::Number(n) => n.value.to_string(),
                Value::Bool(b) => if b.value { "yes" } else { "no" }.to_owned(),
                Value::Ref(r) => r.name.to_string(),
                Value::List(..) | Value::Invalid(_) => String::new(),
            },
        }
    }

    fn location(&self, at: At<'_>) -> Location {
        let span = match at.item {
            Item::Block(b) => self.model.block(b).header,
            Item::Value(v) => v.span(),
            Item::Id(id) => id.span(),
            Item::Date(_, span) => span,
        };
        Location {
            file: at.file,
            span,
        }
    }

    fn block_at(&self, id: BlockId) -> At<'a> {
        At {
            item: Item::Block(id),
            file: self.model.block(id).file,
        }
    }

    /// What a path leads to. A step is taken once from each block, however many items
    /// lead to it (children that share a parent, references to one block), so that a
    /// path costs at most the blocks and values of the plan at each step, never their
    /// product.
    fn path(&self, from: At<'a>, focus: BlockId, path: &Path) -> Items<'a> {
        let mut steps = path.steps.iter();
        let Some(&first) = steps.next() else {
            return smallvec![from];
        };
        // The first step goes from one item: nothing to take once, nothing to copy.
        let mut current = Items::new();
        self.step(from, focus, first, &mut current);
        for step in steps {
            let mut next = Items::new();
            let mut taken = HashSet::new();
            let several = current.len() > 1;
            for at in current {
                let again = several && as_block(at).is_some_and(|b| !taken.insert(b));
                if !again {
                    self.step(at, focus, *step, &mut next);
                }
            }
            current = next;
        }
        current
    }

    fn step(&self, at: At<'a>, focus: BlockId, step: Step, out: &mut Items<'a>) {
        let model: &'a Model = self.model;
        match step {
            Step::Plan => return out.extend(model.plan.map(|p| self.block_at(p))),
            Step::Focus => return out.push(self.block_at(focus)),
            _ => {}
        }
        if let (Step::Start | Step::End, Item::Value(Value::Range(r))) = (step, at.item) {
            let date = if step == Step::Start {
                r.value.start
            } else {
                r.value.end
            };
            out.push(At {
                item: Item::Date(date, r.span),
                file: at.file,
            });
            return;
        }
        let Some(id) = as_block(at) else { return };
        let block = model.block(id);
        match step {
            Step::Parent => out.extend(block.parent.map(|p| self.block_at(p))),
            Step::Children(kind) => out.extend(
                block
                    .children
                    .iter()
                    .filter(|&&c| model.block(c).kind == kind)
                    .map(|&c| self.block_at(c)),
            ),
            Step::Id => out.extend(block.id.as_ref().map(|id| At {
                item: Item::Id(id),
                file: block.file,
            })),
            Step::Field(name) => {
                if let Some(value) = model.field(block, name) {
                    out.extend(value.items().iter().map(|v| At {
                        item: Item::Value(v),
                        file: block.file,
                    }));
                }
            }
            Step::Plan | Step::Focus | Step::Start | Step::End => {}
        }
    }

    /// A quantifier's answer for a block, with its evidence: memoized when the
    /// quantifier is numbered, worked out by `answer` otherwise.
    fn memoized(
        &self,
        memo: Option<usize>,
        at: At<'a>,
        evidence: &mut Evidence,
        answer: impl FnOnce(&mut Evidence) -> bool,
    ) -> bool {
        match (memo, at.item) {
            (Some(id), Item::Block(block)) => {
                remembered(&self.quantified[id], block, evidence, answer)
            }
            _ => answer(evidence),
        }
    }

    /// Whether any of `items` satisfies `condition`; the evidence of the first that does.
    fn any_holds(
        &self,
        condition: &Condition,
        items: impl IntoIterator<Item = At<'a>>,
        focus: BlockId,
        evidence: &mut Evidence,
    ) -> bool {
        items
            .into_iter()
            .any(|item| self.holds_or_rewinds(condition, item, focus, evidence))
    }

    /// Whether `condition` holds; its evidence is kept only if it does.
    fn holds_or_rewinds(
        &self,
        condition: &Condition,
        at: At<'a>,
        focus: BlockId,
        evidence: &mut Evidence,
    ) -> bool {
        let mark = evidence.mark();
        let holds = self.holds(condition, at, focus, evidence);
        if !holds {
            evidence.rewind(mark);
        }
        holds
    }

    /// Whether a condition holds of `at`, where `focus` is the block in focus of the
    /// check (or the block a predicate is asked of).
    fn holds(&self, cond: &Condition, at: At<'a>, focus: BlockId, evidence: &mut Evidence) -> bool {
        match cond {
            Condition::All(conds) => conds.iter().all(|c| self.holds(c, at, focus, evidence)),
            Condition::Any(conds) => conds
                .iter()
                .any(|c| self.holds_or_rewinds(c, at, focus, evidence)),
            Condition::Not(c) => {
                let mark = evidence.mark();
                let holds = self.holds(c, at, focus, evidence);
                evidence.rewind(mark);
                !holds
            }
            Condition::Absent(path) => self.path(at, focus, path).is_empty(),
            Condition::Present(path) => !self.path(at, focus, path).is_empty(),
            Condition::Missing { fields, named } => {
                let absent = fields
                    .iter()
                    .filter(|(_, path)| self.path(at, focus, path).is_empty());
                let absent: Vec<String> = absent.map(|(written, _)| written.clone()).collect();
                let holds = !absent.is_empty();
                if holds && *named {
                    for field in absent {
                        if !evidence.missing.contains(&field) {
                            evidence.missing.push(field);
                        }
                    }
                }
                holds
            }
            Condition::TextIs { path, texts } => self.path(at, focus, path).into_iter().any(|a| {
                let Item::Value(Value::Text(text)) = a.item else {
                    return false;
                };
                let trimmed = text.value().trim();
                texts.iter().any(|t| t.eq_ignore_ascii_case(trimmed))
            }),
            Condition::Is { path, words } => self
                .path(at, focus, path)
                .into_iter()
                .any(|a| word(a).is_some_and(|w| words.iter().any(|x| x == w))),
            Condition::Some {
                path,
                condition,
                memo,
            } => self.memoized(*memo, at, evidence, |evidence| {
                self.any_holds(condition, self.path(at, focus, path), focus, evidence)
            }),
            Condition::Every {
                path,
                condition,
                memo,
            } => self.memoized(*memo, at, evidence, |evidence| {
                self.path(at, focus, path)
                    .into_iter()
                    .all(|a| self.holds(condition, a, focus, evidence))
            }),
            Condition::Predicate(index) => {
                let predicate = &self.rules.predicates[*index];
                as_block(at).is_some_and(|b| {
                    remembered(&self.predicated[*index], b, evidence, |evidence| {
                        self.holds(&predicate.condition, self.block_at(b), b, evidence)
                    })
                })
            }
            Condition::FoundIn {
                id,
                kind,
                field,
                condition,
                label,
                focused,
            } => {
                let index = self.found_in_index(*kind, field);
                let (target, sources): (Key<'a>, &[BlockId]) = match (as_block(at), word(at)) {
                    (Some(b), _) => (
                        Key::Block(b),
                        index.blocks.get(&b).map_or(&[], Vec::as_slice),
                    ),
                    (None, Some(w)) => {
                        (Key::Word(w), index.words.get(w).map_or(&[], Vec::as_slice))
                    }
                    (None, None) => return false,
                };
                let search = || {
                    sources.iter().copied().find(|&s| {
                        condition.as_ref().is_none_or(|c| {
                            self.holds(c, self.block_at(s), focus, &mut Evidence::default())
                        })
                    })
                };
                let found = if *focused {
                    search()
                } else {
                    found_once(&self.found[*id], target, search)
                };
                if let (Some(source), Some(label)) = (found, label) {
                    let item = self.display(at);
                    let filling = Filling {
                        subject: self.block_at(source),
                        focus,
                        item: Some(&item),
                        missing: &[],
                    };
                    evidence.labels.push(self.label_at(source, label, &filling));
                }
                found.is_some()
            }
            Condition::Exists {
                id,
                kind,
                condition,
                label,
                focused,
                lookup,
            } => {
                let search = || {
                    let satisfies = |b: BlockId| {
                        condition.as_ref().is_none_or(|c| {
                            self.holds(c, self.block_at(b), focus, &mut Evidence::default())
                        })
                    };
                    match lookup {
                        Some(lookup) => self.look_up(*id, *kind, lookup, focus, satisfies),
                        None => self
                            .model
                            .members(*kind)
                            .iter()
                            .copied()
                            .find(|&b| satisfies(b)),
                    }
                };
                let found = if *focused {
                    found_once(&self.exists_for[*id], focus, search)
                } else {
                    *self.exists[*id].get_or_init(search)
                };
                if let (Some(found), Some(label)) = (found, label) {
                    let filling = Filling {
                        subject: self.block_at(found),
                        focus,
                        item: None,
                        missing: &[],
                    };
                    evidence.labels.push(self.label_at(found, label, &filling));
                }
                found.is_some()
            }
            Condition::CompareDates {
                path,
                after,
                than,
                days,
                label,
            } => {
                let dates: SmallVec<[i64; 4]> = self
                    .path(at, focus, path)
                    .into_iter()
                    .filter_map(|d| date(d).map(Date::day_number))
                    .collect();
                let limits: SmallVec<[(i64, Option<At<'a>>); 4]> = match than {
                    Than::Path(than) => self
                        .path(at, focus, than)
                        .into_iter()
                        .filter_map(|l| date(l).map(|d| (d.day_number(), Some(l))))
                        .collect(),
                    Than::Date(d) => smallvec![(d.day_number(), None)],
                };
                for (limit, place) in limits {
                    let beyond = dates.iter().any(|d| {
                        let difference = d - limit;
                        if *after {
                            difference > *days
                        } else {
                            -difference > *days
                        }
                    });
                    if beyond {
                        if let (Some(label), Some(place)) = (label, place) {
                            let filling = Filling {
                                subject: at,
                                focus,
                                item: None,
                                missing: &[],
                            };
                            evidence.labels.push(Label {
                                location: self.location(place),
                                message: visible::into_line(self.render(label, &filling)).into(),
                            });
                        }
                        return true;
                    }
                }
                false
            }
            Condition::LongerThan { path, days } => self
                .path(at, focus, path)
                .into_iter()
                .any(|a| matches!(a.item, Item::Value(Value::Range(r)) if r.value.days() > *days)),
            Condition::Same { path, other } => {
                let keys: HashSet<Key<'a>> = self
                    .path(at, focus, path)
                    .into_iter()
                    .filter_map(key)
                    .collect();
                !keys.is_empty()
                    && self
                        .path(at, focus, other)
                        .into_iter()
                        .filter_map(key)
                        .any(|k| keys.contains(&k))
            }
            Condition::Overlaps { path, with: second } | Condition::Within { path, of: second } => {
                let inside = matches!(cond, Condition::Within { .. });
                let firsts: SmallVec<[(i64, i64); 4]> = self
                    .path(at, focus, path)
                    .into_iter()
                    .filter_map(days)
                    .collect();
                !firsts.is_empty()
                    && self
                        .path(at, focus, second)
                        .into_iter()
                        .filter_map(days)
                        .any(|(start, end)| {
                            firsts.iter().any(|&(s, e)| {
                                if inside {
                                    start <= s && e <= end
                                } else {
                                    s <= end && start <= e
                                }
                            })
                        })
            }
        }
    }

    /// A secondary label at the header of `block`.
    fn label_at(&self, block: BlockId, label: &Template, filling: &Filling<'a, '_>) -> Label {
        let block = self.model.block(block);
        Label {
            location: Location {
                file: block.file,
                span: block.header,
            },
            message: visible::into_line(self.render(label, filling)).into(),
        }
    }

    /// The first of the blocks of `kind` that the lookup of `exists` node `id` finds
    /// for the block in focus that satisfies `satisfies`: looked up in an index of the
    /// blocks by the values (or ranges) at the lookup's inner path, built once.
    fn look_up(
        &self,
        id: usize,
        kind: BlockKind,
        lookup: &Lookup,
        focus: BlockId,
        satisfies: impl Fn(BlockId) -> bool,
    ) -> Option<BlockId> {
        let candidates = self.candidates[id].get_or_init(|| self.index(kind, lookup));
        let sought = self.path(self.block_at(focus), focus, &lookup.outer);
        match candidates {
            Candidates::Equal(blocks) => sought.into_iter().filter_map(key).find_map(|k| {
                blocks
                    .get(&k)
                    .and_then(|bs| bs.iter().copied().find(|&b| satisfies(b)))
            }),
            Candidates::Overlapping(ranges) => {
                sought
                    .into_iter()
                    .filter_map(days)
                    .find_map(|(start, end)| {
                        let mut found = None;
                        ranges.overlapping(start, end, |b| {
                            if satisfies(b) {
                                found = Some(b);
                                ControlFlow::Break(())
                            } else {
                                ControlFlow::Continue(())
                            }
                        });
                        found
                    })
            }
        }
    }

    /// The blocks of `kind` by what the lookup's inner path leads to from each.
    fn index(&self, kind: BlockKind, lookup: &Lookup) -> Candidates<'a> {
        let found = self.model.members(kind).iter().flat_map(|&b| {
            self.path(self.block_at(b), b, &lookup.inner)
                .into_iter()
                .map(move |at| (b, at))
        });
        match lookup.matching {
            Matching::Equal => {
                let mut blocks: HashMap<Key<'a>, Vec<BlockId>> = HashMap::new();
                for (b, at) in found {
                    if let Some(k) = key(at) {
                        let list = blocks.entry(k).or_default();
                        if list.last() != Some(&b) {
                            list.push(b);
                        }
                    }
                }
                Candidates::Equal(blocks)
            }
            Matching::Overlapping => Candidates::Overlapping(Ranges::new(
                found
                    .filter_map(|(b, at)| days(at).map(|(s, e)| (s, e, b)))
                    .collect(),
            )),
        }
    }

    fn found_in_index(&self, kind: BlockKind, field: &'static str) -> Arc<ValueIndex> {
        // Building an index only reads the model: holding the lock meanwhile is safe.
        let mut built = lock(&self.found_in);
        let index = built
            .entry((kind, field))
            .or_insert_with(|| Arc::new(self.value_index(kind, field)));
        Arc::clone(index)
    }

    fn value_index(&self, kind: BlockKind, field: &'static str) -> ValueIndex {
        let mut index = ValueIndex::default();
        for &source in self.model.members(kind) {
            let Some(value) = self.model.field(self.model.block(source), field) else {
                continue;
            };
            for item in value.items() {
                match item {
                    Value::Ref(r) => {
                        if let Some(target) = r.target {
                            index.blocks.entry(target).or_default().push(source);
                        }
                    }
                    Value::Word(w) => index.words.entry(w.to_string()).or_default().push(source),
                    _ => {}
                }
            }
        }
        index
    }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
fn quoted_list(words: &[String]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

/// A condition's answer for a block from its memo, worked out by `answer` the first
/// time; its evidence is added to `evidence`.
fn remembered(
    memo: &Memo,
    block: BlockId,
    evidence: &mut Evidence,
    answer: impl FnOnce(&mut Evidence) -> bool,
) -> bool {
    let known = lock(memo).get(&block).cloned();
    let (holds, found) = known.unwrap_or_else(|| {
        let mut found = Evidence::default();
        let holds = answer(&mut found);
        lock(memo).insert(block, (holds, found.clone()));
        (holds, found)
    });
    evidence.extend(found);
    holds
}

/// What a `found-in` or `exists` found for `key`, from its memo, looked for by
/// `search` the first time.
fn found_once<K: Eq + std::hash::Hash>(
    memo: &Found<K>,
    key: K,
    search: impl FnOnce() -> Option<BlockId>,
) -> Option<BlockId> {
    if let Some(&known) = lock(memo).get(&key) {
        return known;
    }
    let found = search();
    lock(memo).insert(key, found);
    found
}

/// A memo's lock; a memo is only ever added to, so one left by a panic is still sound.
fn lock<T>(memo: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    memo.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A value to be reported on its own: not an invalid value, nor a reference that
/// names nothing (E005 and E012 speak of those).
fn reportable(at: At<'_>) -> bool {
    !matches!(
        at.item,
        Item::Value(Value::Invalid(_) | Value::Ref(crate::model::Reference { target: None, .. }))
    )
}

/// The block an item is, or that a resolved reference names.
fn as_block(at: At<'_>) -> Option<BlockId> {
    match at.item {
        Item::Block(b) => Some(b),
        Item::Value(Value::Ref(r)) => r.target,
        _ => None,
    }
}

/// The word an item is, for comparing with the words of a rule.
fn word(at: At<'_>) -> Option<&str> {
    match at.item {
        Item::Value(Value::Word(w)) => Some(w),
        Item::Value(Value::Bool(b)) => Some(if b.value { "yes" } else { "no" }),
        Item::Value(Value::Ref(r)) => Some(&r.name),
        Item::Id(id) => Some(id),
        _ => None,
    }
}

/// What `same` compares an item by: a reference that names nothing is never the
/// same as anything.
fn key(at: At<'_>) -> Option<Key<'_>> {
    match at.item {
        Item::Block(b) => Some(Key::Block(b)),
        Item::Value(Value::Ref(r)) => r.target.map(Key::Block),
        Item::Value(Value::Date(d)) => Some(Key::Day(d.value.day_number())),
        Item::Date(d, _) => Some(Key::Day(d.day_number())),
        _ => word(at).map(Key::Word),
    }
}

/// The first and last day of a range, or the day of a date.
fn days(at: At<'_>) -> Option<(i64, i64)> {
    match at.item {
        Item::Value(Value::Range(r)) => {
            Some((r.value.start.day_number(), r.value.end.day_number()))
        }
        _ => date(at).map(|d| (d.day_number(), d.day_number())),
    }
}

fn date(at: At<'_>) -> Option<Date> {
    match at.item {
        Item::Value(Value::Date(d)) => Some(d.value),
        Item::Date(d, _) => Some(d),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{Evidence, Memo, remembered};
    use crate::model::BlockId;

    #[test]
    fn a_remembered_answer_is_worked_out_once_a_block() {
        let memo = Memo::default();
        let mut evidence = Evidence::default();
        let mut worked_out = 0;
        for block in [BlockId(1), BlockId(2), BlockId(1), BlockId(2), BlockId(1)] {
            let holds = remembered(&memo, block, &mut evidence, |_| {
                worked_out += 1;
                block == BlockId(1)
            });
            assert_eq!(holds, block == BlockId(1));
        }
        assert_eq!(worked_out, 2);
    }
}
