//! Gives the syntax its meaning: checks every block, field and value against the
//! vocabulary (E002–E009, E012–E015) and builds the typed [`Model`] of a plan.

use std::sync::Arc;

use thin_vec::ThinVec;

use crate::codes::LanguageCode;
use crate::diagnostic::{Diagnostic, HOLE, Label, Location, Related, Shared, Wordings, related};
use crate::memory;
use crate::model::{
    self, Block, BlockId, Date, DateRange, FieldValue, Model, Name, Reference, Spanned, Stretch,
    Text, Value,
};
use crate::source::{DecodedText, FileId, Span};
use crate::suggest::Suggestions;
use crate::syntax::{BlockSyntax, Blocks, ValueSyntax, Word};
use crate::vocabulary::{
    Arity, BLOCKS, BlockKind, BlockSpec, FieldSpec, Identifier, Type, article,
};

/// Builds the model of the files of one plan, given in depth-first `use` order with
/// the root first, and reports what does not fit the vocabulary. A plan that is not
/// `complete` misses a file it uses: a reference that names nothing may name a block
/// of that file, and is not reported (E005). "Did you mean" spends from `suggestions`.
/// The syntax given is freed as it is read, and given back past the `allowance`.
pub(crate) fn build<'a>(
    files: impl IntoIterator<Item = (FileId, &'a Arc<String>, Blocks<'a>)>,
    complete: bool,
    suggestions: Suggestions,
    allowance: memory::Allowance,
) -> (Model, Vec<Diagnostic>) {
    let files: Vec<_> = files.into_iter().collect();
    let Some(&(file, text, _)) = files.first() else {
        return (Model::default(), Vec::new());
    };
    let mut checker = Checker {
        model: Model::default(),
        diagnostics: Vec::new(),
        file,
        text,
        complete,
        suggestions,
        shared: Shared::default(),
        last_related: None,
        wordings: Wordings::default(),
    };
    // The model's blocks are as many as the syntax's, its fields at most as many: room
    // for them once, not grown.
    let (blocks, fields) = files
        .iter()
        .map(|(_, _, blocks)| blocks.count())
        .fold((0, 0), |(b, f), (nb, nf)| (b + nb, f + nf));
    checker.model.blocks.reserve_exact(blocks);
    checker.model.reserve_fields(fields);
    let mut give_back_at = 1_000;
    for (file, text, blocks) in files {
        checker.model.files.push(file);
        checker.file = file;
        checker.text = text;
        match blocks {
            Blocks::Given(blocks) => {
                for run in blocks.into_runs() {
                    for block in run {
                        checker.block(&block, None);
                    }
                    // The run is freed: what it held goes back, not beside the model,
                    // when the check holds more than its allowance. Giving back walks
                    // the whole heap, so it is considered only when the model has grown
                    // by a quarter since the last time: a few dozen times for a million
                    // blocks, and time stays in proportion to the plan.
                    let read = checker.model.blocks.len();
                    if read >= give_back_at {
                        allowance.give_back_if_past();
                        give_back_at = read + read / 4;
                    }
                }
            }
            Blocks::Lent(blocks) => {
                for block in blocks.iter() {
                    checker.block(block, None);
                }
            }
        }
    }
    let copied = checker.model.copies();
    let referenced = checker.resolve_references(&copied);
    checker.model.settle_membership(&copied, &referenced);
    (checker.model, checker.diagnostics)
}

struct Checker<'a> {
    model: Model,
    diagnostics: Vec<Diagnostic>,
    file: FileId,
    /// The text of that file: the syntax holds where its words are, not the words,
    /// and so does the model (see [`Name`]).
    text: &'a Arc<String>,
    /// Whether every file of the plan was read (see [`build`]).
    complete: bool,
    suggestions: Suggestions,
    shared: Shared,
    /// The places beside its own that the last finding given one pointed at.
    last_related: Option<Related>,
    wordings: Wordings,
}

impl<'a> Checker<'a> {
    /// A word as written.
    fn text_of(&self, word: Word) -> &'a str {
        &self.text[word.span.range()]
    }

    fn name(&self, word: Word) -> Name {
        Name::new(self.text.clone(), word.span)
    }

    fn text(&self, literal: &DecodedText) -> Text {
        Text::new(literal.clone(), self.text.clone())
    }

    /// What was written instead, in words.
    fn written(&self, value: &ValueSyntax) -> String {
        match value {
            ValueSyntax::Text(_) => "a text in quotes".into(),
            ValueSyntax::Word(w) => format!("the word `{}`", self.text_of(*w)),
            ValueSyntax::Date(d) => format!("the date {}", self.text_of(*d)),
            ValueSyntax::Range { .. } => "a range of dates".into(),
            ValueSyntax::Number(n) => format!("the number {}", self.text_of(*n)),
            ValueSyntax::List { .. } => "a list".into(),
        }
    }

    fn at(&self, span: Span) -> Location {
        Location {
            file: self.file,
            span,
        }
    }

    /// A language diagnostic at a place of the file being checked, with its help. The
    /// message and the help are templates: what they quote from the plan fills their
    /// [`HOLE`]s, in order, and the rest is held once for every finding that says it
    /// (see [`Wordings`]).
    fn diagnostic(
        &mut self,
        code: LanguageCode,
        span: Span,
        message: &str,
        quoted: &[&str],
        help: &str,
    ) -> Diagnostic {
        let wording = self.wordings.get(&code, message, None, Some(help));
        Diagnostic::worded(wording, self.at(span), quoted)
    }

    /// `diagnostic`, with a second place and what it says there, its text held once.
    /// Findings that point at the same place one after the other (the later copies of
    /// one identifier at its first definition) share it.
    fn also_at(&mut self, diagnostic: Diagnostic, at: Location, says: &str) -> Diagnostic {
        let label = Label {
            location: at,
            message: self.shared.get(says),
        };
        let shared = match &self.last_related {
            Some(last) if last.slice == [label.clone()] => last.clone(),
            _ => related([label].into_iter()),
        };
        self.last_related = Some(shared.clone());
        diagnostic.with_related(shared)
    }

    fn report(
        &mut self,
        code: LanguageCode,
        span: Span,
        message: &str,
        quoted: &[&str],
        help: &str,
    ) {
        let diagnostic = self.diagnostic(code, span, message, quoted, help);
        self.diagnostics.push(diagnostic);
    }

    fn block(&mut self, syntax: &BlockSyntax, parent: Option<BlockId>) -> Option<BlockId> {
        let kind_word = &syntax.kind;
        let Some(kind) = BlockKind::from_keyword(self.text_of(*kind_word)) else {
            let hint = self
                .suggestions
                .did_you_mean(self.text_of(*kind_word), BLOCKS.iter().map(|b| b.keyword));
            let help = format!(
                "the kinds of block are: {}; this block and everything in it are not checked",
                BLOCKS
                    .iter()
                    .map(|b| b.keyword)
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            self.report(
                LanguageCode::UnknownBlockKind,
                kind_word.span,
                &format!("`{HOLE}` is not a kind of block{HOLE}"),
                &[self.text_of(*kind_word), &hint],
                &help,
            );
            return None;
        };
        let spec = kind.spec();
        if !self.placement_allowed(syntax, spec, parent) {
            return None;
        }
        let id = self.identifier(syntax, spec);
        let block = Block {
            kind,
            file: self.file,
            header: kind_word.span,
            id: id.clone(),
            title: syntax.title.as_ref().map(|t| self.text(t)),
            fields: Stretch::default(),
            children: ThinVec::new(),
            parent,
            duplicate: false,
            later_copies: ThinVec::new(),
            stray_texts: ThinVec::new(),
        };
        let block_id = self.model.push(block);
        if kind == BlockKind::Plan {
            self.model.plan = Some(block_id);
        }
        if let Some(id) = id {
            self.define(kind, &id, block_id);
        }
        self.fields(syntax, spec, block_id);
        for nested in &syntax.blocks {
            if let Some(child) = self.block(nested, Some(block_id)) {
                self.model.block_mut(block_id).children.push(child);
            }
        }
        Some(block_id)
    }

    /// E014 for a block where it may not stand; such a block is not checked further.
    fn placement_allowed(
        &mut self,
        syntax: &BlockSyntax,
        spec: &BlockSpec,
        parent: Option<BlockId>,
    ) -> bool {
        let homes: Vec<&str> = BLOCKS
            .iter()
            .filter(|b| b.nested.contains(&spec.kind))
            .map(|b| b.keyword)
            .collect();
        let (message, outer, help) = match parent.map(|p| self.model.block(p)) {
            None if !spec.top_level => (
                format!(
                    "{} `{}` block can only stand inside {}",
                    article(spec.keyword),
                    spec.keyword,
                    a_or(&homes)
                ),
                None,
                format!("move it into the {} it belongs to", homes.join(" or ")),
            ),
            Some(outer) if !outer.kind.spec().nested.contains(&spec.kind) => (
                format!(
                    "{} `{}` block cannot stand inside `{HOLE}`",
                    article(spec.keyword),
                    spec.keyword,
                ),
                Some(outer.name()),
                if spec.top_level {
                    format!(
                        "move the `{}` block out, to the top level of the file",
                        spec.keyword
                    )
                } else {
                    format!("a `{}` block belongs inside {}", spec.keyword, a_or(&homes))
                },
            ),
            Some(outer)
                if spec.kind == BlockKind::Transition
                    && outer
                        .children
                        .iter()
                        .any(|&c| self.model.block(c).kind == BlockKind::Transition) =>
            {
                let first = outer
                    .children
                    .iter()
                    .map(|&c| self.model.block(c))
                    .find(|c| c.kind == BlockKind::Transition)
                    .map(|c| Location {
                        file: c.file,
                        span: c.header,
                    });
                let outer = outer.name();
                let mut diagnostic = self.diagnostic(
                    LanguageCode::MisplacedBlock,
                    syntax.kind.span,
                    &format!("`{HOLE}` already has a transition"),
                    &[&outer],
                    "an activity hands over once: merge the two transitions",
                );
                if let Some(first) = first {
                    diagnostic = self.also_at(diagnostic, first, "the first transition");
                }
                self.diagnostics.push(diagnostic);
                return false;
            }
            None if spec.kind == BlockKind::Plan && self.model.plan.is_some() => {
                let first = self.model.block(self.model.plan.expect("checked"));
                let first = Location {
                    file: first.file,
                    span: first.header,
                };
                let diagnostic = self.diagnostic(
                    LanguageCode::MisplacedBlock,
                    syntax.kind.span,
                    "a plan has one `plan` block, and this is a second one",
                    &[],
                    "merge the two `plan` blocks, or split the files into two plans that do not `use` each other",
                );
                let diagnostic = self.also_at(diagnostic, first, "the first `plan` block");
                self.diagnostics.push(diagnostic);
                return false;
            }
            _ => return true,
        };
        self.report(
            LanguageCode::MisplacedBlock,
            syntax.kind.span,
            &message,
            outer.as_deref().as_slice(),
            &format!("{help}; until then this block is not checked"),
        );
        false
    }

    /// The block's identifier, if it has a valid one (E004, E009 otherwise).
    fn identifier(&mut self, syntax: &BlockSyntax, spec: &BlockSpec) -> Option<Name> {
        let keyword = spec.keyword;
        match (spec.identifier, &syntax.id) {
            (Identifier::None, Some(id)) => {
                let (id, span) = (self.text_of(*id), id.span);
                self.report(
                    LanguageCode::InvalidValue,
                    span,
                    &format!("a `{keyword}` block takes no identifier, but has `{HOLE}`"),
                    &[id, id],
                    &format!("remove `{HOLE}`; a title goes in quotes: `{keyword} \"Title\" {{`"),
                );
                None
            }
            (Identifier::None, None) => None,
            (_, None) => {
                let help = format!(
                    "write one after the kind, as in `{keyword} my-{keyword} \"Title\" {{`; \
                     other blocks refer to it by that identifier"
                );
                self.report(
                    LanguageCode::MissingRequiredField,
                    syntax.kind.span,
                    &format!("this {} has no identifier", spec.noun),
                    &[],
                    &help,
                );
                None
            }
            (Identifier::OneOf(allowed), Some(id)) if !allowed.contains(&self.text_of(*id)) => {
                let hint = self
                    .suggestions
                    .did_you_mean(self.text_of(*id), allowed.iter().copied());
                self.report(
                    LanguageCode::InvalidValue,
                    id.span,
                    &format!("`{HOLE}` is not a CMI subject{HOLE}"),
                    &[self.text_of(*id), &hint],
                    &format!("the CMI subjects are: {}", allowed.join(", ")),
                );
                None
            }
            (_, Some(id)) => Some(self.name(*id)),
        }
    }

    /// E006 for a second block of the same kind with the same identifier.
    fn define(&mut self, kind: BlockKind, id: &Name, block: BlockId) {
        if let Err(first) = self.model.define(kind, id, block) {
            let first = self.model.block(first);
            let first_id = first
                .id
                .as_ref()
                .map_or(first.header, super::model::Name::span);
            let first = Location {
                file: first.file,
                span: first_id,
            };
            self.model.block_mut(block).duplicate = true;
            let noun = kind.spec().noun;
            let diagnostic = self.diagnostic(
                LanguageCode::DuplicateId,
                id.span(),
                &format!("there is already {} {noun} `{HOLE}`", article(noun)),
                &[id],
                &format!(
                    "give this {noun} another identifier, or remove one of the two; only the first is part of the plan"
                ),
            );
            let diagnostic = self.also_at(diagnostic, first, "first defined here");
            self.diagnostics.push(diagnostic);
        }
    }

    fn fields(&mut self, syntax: &BlockSyntax, spec: &'static BlockSpec, block_id: BlockId) {
        for field in &syntax.fields {
            let name = &field.name;
            let Some(field_spec) = spec.field(self.text_of(*name)) else {
                let hint = self
                    .suggestions
                    .did_you_mean(self.text_of(*name), spec.fields.iter().map(|f| f.name));
                let block_name = self.model.block(block_id).name();
                let help = format!(
                    "the fields of {} `{}` block are: {}",
                    article(spec.keyword),
                    spec.keyword,
                    spec.fields
                        .iter()
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                self.report(
                    LanguageCode::UnknownField,
                    name.span,
                    &format!("`{HOLE}` has no field `{HOLE}`{HOLE}"),
                    &[&block_name, self.text_of(*name), &hint],
                    &help,
                );
                continue;
            };
            let fields = self.model.fields(self.model.block(block_id));
            if let Some(first) = fields.iter().find(|f| std::ptr::eq(f.spec, field_spec)) {
                let first = self.at(first.name_span);
                let block_name = self.model.block(block_id).name();
                let diagnostic = self.diagnostic(
                    LanguageCode::DuplicateField,
                    name.span,
                    &format!("`{HOLE}` is given twice in `{HOLE}`"),
                    &[self.text_of(*name), &block_name],
                    "keep one of them; only the first counts",
                );
                let diagnostic = self.also_at(diagnostic, first, "first given here");
                self.diagnostics.push(diagnostic);
                let value = self.value(field_spec, &field.value);
                self.model
                    .block_mut(block_id)
                    .later_copies
                    .push(FieldValue {
                        spec: field_spec,
                        name_span: name.span,
                        value,
                    });
                continue;
            }
            let value = self.value(field_spec, &field.value);
            if field_spec.ty != Type::Text || matches!(value, Value::Invalid(_)) {
                let strays: Vec<Text> = field.value.texts().map(|t| self.text(t)).collect();
                let stray = &mut self.model.block_mut(block_id).stray_texts;
                stray.extend(strays);
            }
            let field = FieldValue {
                spec: field_spec,
                name_span: name.span,
                value,
            };
            self.model.push_field(block_id, field);
        }
        let block = self.model.block(block_id);
        let missing: Vec<&FieldSpec> = spec
            .fields
            .iter()
            .filter(|f| f.required && self.model.field(block, f.name).is_none())
            .collect();
        // Named only when something is wrong: most blocks are not.
        let header = block.header;
        for field in missing {
            let name = self.model.block(block_id).name();
            let help = match field.ty {
                Type::Enum(words) => {
                    format!("add `{}:` with one of: {}", field.name, words.join(", "))
                }
                _ => format!("add `{}: {}`", field.name, example(field)),
            };
            self.report(
                LanguageCode::MissingRequiredField,
                header,
                &format!(
                    "`{HOLE}` has no `{}`, which every {} needs",
                    field.name, spec.noun
                ),
                &[&name],
                &help,
            );
        }
        let block = self.model.block(block_id);
        if block.kind == BlockKind::Subject {
            let addressed = self.model.field(block, "addressed-by").is_some();
            let not_applicable = self.model.field(block, "not-applicable").is_some();
            if addressed == not_applicable {
                let (message, help) = if addressed {
                    (
                        format!("`{HOLE}` has both `addressed-by` and `not-applicable`"),
                        "keep `addressed-by` if the plan addresses the subject, or `not-applicable` with the reason it does not apply",
                    )
                } else {
                    (
                        format!(
                            "`{HOLE}` says neither how the plan addresses it nor why it does not apply"
                        ),
                        "add `addressed-by: [activity or objective, ...]`, or `not-applicable: \"the reason\"`",
                    )
                };
                let name = self.model.block(block_id).name();
                self.report(
                    LanguageCode::InvalidSubject,
                    header,
                    &message,
                    &[&name],
                    help,
                );
            }
        }
    }

    fn value(&mut self, spec: &FieldSpec, value: &ValueSyntax) -> Value {
        match (spec.arity, value) {
            (Arity::List | Arity::OneOrList, ValueSyntax::List { items, span }) => Value::List(
                items.iter().map(|item| self.scalar(spec, item)).collect(),
                *span,
            ),
            (Arity::One, ValueSyntax::List { span, .. }) => {
                self.report(
                    LanguageCode::InvalidValue,
                    *span,
                    &format!("`{}` takes one value, not a list", spec.name),
                    &[],
                    &format!("write `{}: {}`", spec.name, example(spec)),
                );
                Value::Invalid(*span)
            }
            (Arity::List, single) => {
                let span = single.span();
                self.report(
                    LanguageCode::InvalidValue,
                    span,
                    &format!("`{}` takes a list", spec.name),
                    &[],
                    &format!(
                        "write the value in brackets: `{}: {}`",
                        spec.name,
                        example(spec)
                    ),
                );
                Value::Invalid(span)
            }
            (_, single) => self.scalar(spec, single),
        }
    }

    fn scalar(&mut self, spec: &FieldSpec, value: &ValueSyntax) -> Value {
        let span = value.span();
        match (spec.ty, value) {
            (Type::Text, ValueSyntax::Text(t)) => Value::Text(self.text(t)),
            (Type::Word, ValueSyntax::Word(w)) => Value::Word(self.name(*w)),
            (Type::Enum(words), ValueSyntax::Word(w)) => {
                if words.contains(&self.text_of(*w)) {
                    return Value::Word(self.name(*w));
                }
                let hint = self
                    .suggestions
                    .did_you_mean(self.text_of(*w), words.iter().copied());
                self.report(
                    LanguageCode::InvalidValue,
                    span,
                    &format!("`{HOLE}` is not a value of `{}`{HOLE}", spec.name),
                    &[self.text_of(*w), &hint],
                    &format!("`{}` is one of: {}", spec.name, words.join(", ")),
                );
                Value::Invalid(span)
            }
            (Type::Bool, ValueSyntax::Word(w)) => match self.text_of(*w) {
                "yes" | "true" => Value::Bool(Spanned { value: true, span }),
                "no" | "false" => Value::Bool(Spanned { value: false, span }),
                other => {
                    self.report(
                        LanguageCode::InvalidValue,
                        span,
                        &format!("`{}` is yes or no, not `{HOLE}`", spec.name),
                        &[other],
                        &format!("write `{}: yes` or `{}: no`", spec.name, spec.name),
                    );
                    Value::Invalid(span)
                }
            },
            (Type::Ref(_), ValueSyntax::Word(w)) => Value::Ref(Reference {
                name: self.name(*w),
                target: None,
            }),
            (Type::Date, ValueSyntax::Date(d)) => match self.date(*d) {
                Some(date) => Value::Date(Spanned { value: date, span }),
                None => Value::Invalid(span),
            },
            (Type::Range, ValueSyntax::Range { start, end }) => {
                let (start, end) = (self.date(*start), self.date(*end));
                let (Some(start), Some(end)) = (start, end) else {
                    return Value::Invalid(span);
                };
                if end < start {
                    self.report(
                        LanguageCode::ReversedRange,
                        span,
                        &format!("`{}` ends before it starts", spec.name),
                        &[],
                        "write the earlier date first: start..end",
                    );
                    return Value::Invalid(span);
                }
                Value::Range(Spanned {
                    value: DateRange { start, end },
                    span,
                })
            }
            (Type::Number, ValueSyntax::Number(n)) => match self.text_of(*n).parse() {
                Ok(number) => Value::Number(Spanned {
                    value: number,
                    span,
                }),
                Err(_) => Value::Invalid(span),
            },
            (ty, value) => {
                let written = self.written(value);
                let (help, unquoted) = match (ty, value) {
                    (
                        Type::Enum(_) | Type::Ref(_) | Type::Bool | Type::Word,
                        ValueSyntax::Text(t),
                    ) => (
                        format!("write the word without quotes: `{}: {HOLE}`", spec.name),
                        Some(t.value(self.text)),
                    ),
                    _ => (format!("write `{}: {}`", spec.name, example(spec)), None),
                };
                let quoted: Vec<&str> = [Some(&*written), unquoted].into_iter().flatten().collect();
                self.report(
                    LanguageCode::InvalidValue,
                    span,
                    &format!("`{}` takes {}, not {HOLE}", spec.name, describe(ty)),
                    &quoted,
                    &help,
                );
                Value::Invalid(span)
            }
        }
    }

    /// A date token, E007 if it is not in the calendar.
    fn date(&mut self, date: Word) -> Option<Date> {
        let parsed = model::Date::parse(self.text_of(date));
        if parsed.is_none() {
            self.report(
                LanguageCode::InvalidDate,
                date.span,
                &format!("`{HOLE}` is not a date in the calendar"),
                &[self.text_of(date)],
                "write a real date as YYYY-MM-DD, years 0001 to 9999",
            );
        }
        parsed
    }

    /// Resolves every reference once all identifiers are known (E005, E012). The
    /// blocks stay in the model meanwhile: it finds identifiers through them. Gives,
    /// for each block, whether a field given once in a block not `copied` refers to it
    /// (see [`Model::settle_membership`]).
    fn resolve_references(&mut self, copied: &[bool]) -> Vec<bool> {
        let mut referenced = vec![false; self.model.blocks.len()];
        for (b, &is_copy) in copied.iter().enumerate() {
            let block = BlockId(b as u32);
            self.file = self.model.block(block).file;
            let given = self.model.fields(self.model.block(block)).len();
            let fields = given + self.model.block(block).later_copies.len();
            for f in 0..fields {
                let field = field_at(&self.model, block, f);
                let (spec, Type::Ref(kinds)) = (field.spec, field.spec.ty) else {
                    continue;
                };
                for i in 0..field.value.items().len() {
                    let item = &field_at(&self.model, block, f).value.items()[i];
                    let Value::Ref(reference) = item else {
                        continue;
                    };
                    let Some(target) = self.model.find(kinds, &reference.name) else {
                        // Reported from a copy: the report reads the model too.
                        let reference = reference.clone();
                        self.unresolved(spec, kinds, &reference);
                        continue;
                    };
                    let field = field_at_mut(&mut self.model, block, f);
                    if let Value::Ref(reference) = &mut field.value.items_mut()[i] {
                        reference.target = Some(target);
                    }
                    // The later copies of a field given twice (past the given ones)
                    // make nothing part of the plan.
                    if !is_copy && f < given {
                        referenced[target.0 as usize] = true;
                    }
                }
            }
        }
        referenced
    }

    /// Reports a reference that names no block of the kinds its field takes (E012 if it
    /// names a block of another kind, E005 if it names none, in a complete plan).
    fn unresolved(&mut self, spec: &FieldSpec, kinds: &[BlockKind], reference: &Reference) {
        let wanted = kinds
            .iter()
            .map(|k| k.spec().noun)
            .collect::<Vec<_>>()
            .join(" or ");
        let candidates = kinds
            .iter()
            .filter(|&&k| self.model.identifier_count(k) <= 10_000)
            .flat_map(|&k| self.model.identifiers(k));
        let other = self.model.kinds_defining(&reference.name).next();
        if let Some(other) = other {
            // The identifier of a block of the kind the field names, if one is close.
            let hint = self.suggestions.did_you_mean(&reference.name, candidates);
            let message = format!(
                "`{HOLE}` is {} {}, but `{}` names {} {wanted}{HOLE}",
                article(other.spec().noun),
                other.spec().noun,
                spec.name,
                article(&wanted),
            );
            self.report(
                LanguageCode::WrongReferenceKind,
                reference.span(),
                &message,
                &[&reference.name, &hint],
                &format!("name {} {wanted} here", article(&wanted)),
            );
            return;
        }
        if !self.complete {
            return;
        }
        let hint = self.suggestions.did_you_mean(&reference.name, candidates);
        self.report(
            LanguageCode::UndefinedReference,
            reference.span(),
            &format!("no {wanted} has the identifier `{HOLE}`{HOLE}"),
            &[&reference.name, &hint, &reference.name],
            &format!(
                "correct the identifier, or define the {wanted} with `{} {HOLE} \"Name\" {{ ... }}`",
                kinds[0].keyword(),
            ),
        );
    }
}

/// The `index`th field value of a block: its fields, then the later copies of fields
/// given twice.
fn field_at(model: &Model, block: BlockId, index: usize) -> &FieldValue {
    let block = model.block(block);
    let fields = model.fields(block);
    fields
        .get(index)
        .unwrap_or_else(|| &block.later_copies[index - fields.len()])
}

fn field_at_mut(model: &mut Model, block: BlockId, index: usize) -> &mut FieldValue {
    let first = model.fields(model.block(block)).len();
    if index < first {
        &mut model.fields_mut(block)[index]
    } else {
        &mut model.block_mut(block).later_copies[index - first]
    }
}

/// "an activity", "an activity or an objective".
fn a_or(kinds: &[&str]) -> String {
    kinds
        .iter()
        .map(|k| format!("{} {k}", article(k)))
        .collect::<Vec<_>>()
        .join(" or ")
}

/// What a type takes, in words.
fn describe(ty: Type) -> String {
    match ty {
        Type::Text => "a text in quotes".into(),
        Type::Enum(words) => format!("one of {}", words.join(", ")),
        Type::Word => "a word".into(),
        Type::Date => "a date (YYYY-MM-DD)".into(),
        Type::Range => "a range of dates (start..end)".into(),
        Type::Number => "a number".into(),
        Type::Bool => "yes or no".into(),
        Type::Ref(kinds) => {
            let noun = kinds[0].spec().noun;
            format!("the identifier of {} {noun}", article(noun))
        }
    }
}

/// An example value for a field, for help texts.
fn example(spec: &FieldSpec) -> String {
    let one = match spec.ty {
        Type::Text => "\"...\"".to_owned(),
        Type::Enum(words) => words[0].to_owned(),
        Type::Word => "item".to_owned(),
        Type::Date => "2027-03-01".to_owned(),
        Type::Range => "2027-03-01..2027-12-31".to_owned(),
        Type::Number => "42".to_owned(),
        Type::Bool => "yes".to_owned(),
        Type::Ref(kinds) => format!("<{} id>", kinds[0].keyword()),
    };
    match spec.arity {
        Arity::List => format!("[{one}]"),
        Arity::One | Arity::OneOrList => one,
    }
}
