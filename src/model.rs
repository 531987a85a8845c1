//! The typed model of a plan (or of a library checked alone): its blocks with their
//! kinds, typed field values and resolved references, each carrying the place it was
//! written. The CMI rules read only this.

use std::fmt;
use std::hash::BuildHasher;
use std::ops::Deref;
use std::sync::Arc;

use hashbrown::hash_table::Entry;
use hashbrown::{DefaultHashBuilder, HashTable};

use thin_vec::ThinVec;

use crate::source::{DecodedText, FileId, Span};
use crate::vocabulary::{BLOCKS, BlockKind, FieldSpec};

/// An identifier, a word or a text, where it was written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// A word of a plan (an identifier, the name a reference gives, a word value) as the
/// model holds it: its place in its file's text, which it shares, rather than a copy. A
/// plan of a million blocks holds no identifier twice.
#[derive(Clone)]
pub(crate) struct Name {
    text: Arc<String>,
    span: Span,
}

impl Name {
    /// The word at `span` of a file's text.
    pub(crate) fn new(text: Arc<String>, span: Span) -> Name {
        Name { text, span }
    }

    /// Where it was written.
    pub(crate) fn span(&self) -> Span {
        self.span
    }
}

impl Deref for Name {
    type Target = str;

    fn deref(&self) -> &str {
        &self.text[self.span.range()]
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl fmt::Debug for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

// Two names are the same word, wherever they were written.
impl PartialEq for Name {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// A text of the plan (a title, a text value) as the model holds it: its literal, read
/// from its file's text, which it shares (see [`DecodedText`]).
#[derive(Clone)]
pub(crate) struct Text {
    literal: DecodedText,
    file: Arc<String>,
}

impl Text {
    /// The literal, of the file whose text is `file`.
    pub(crate) fn new(literal: DecodedText, file: Arc<String>) -> Text {
        Text { literal, file }
    }

    /// The text, its escapes decoded.
    pub(crate) fn value(&self) -> &str {
        self.literal.value(&self.file)
    }

    /// The literal, quotes included.
    pub(crate) fn span(&self) -> Span {
        self.literal.span
    }

    /// The place in the file of a byte range of the text.
    pub(crate) fn source_span(&self, decoded: std::ops::Range<usize>) -> Span {
        self.literal.source_span(decoded, &self.file)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Text")
            .field("value", &self.value())
            .field("span", &self.span())
            .finish()
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.span() == other.span() && self.value() == other.value()
    }
}

/// A calendar date, checked when read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// The date, if it is in the calendar (years 0001 to 9999).
    pub(crate) fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (year >= 1 && day >= 1 && day <= days_in_month).then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD`.
    pub(crate) fn parse(text: &str) -> Option<Date> {
        let mut parts = text.splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        Date::new(year, month, day)
    }

    /// Days since 0000-03-01 in the proleptic Gregorian calendar: differences of this
    /// number are differences in days.
    pub(crate) fn day_number(self) -> i64 {
        let (y, m, d) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let year_of_era = y - era * 400;
        let day_of_year = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub start: Date,
    pub end: Date,
}

impl DateRange {
    /// The number of days from the start date to the end date.
    pub(crate) fn days(self) -> i64 {
        self.end.day_number() - self.start.day_number()
    }
}

/// The index of a block in its [`Model`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct BlockId(pub u32);

/// A reference to a block by its identifier.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Reference {
    pub name: Name,
    /// The block it names, once resolved; `None` when it names no block of a kind the
    /// field accepts.
    pub target: Option<BlockId>,
}

impl Reference {
    /// Where the name was written.
    pub(crate) fn span(&self) -> Span {
        self.name.span()
    }
}

/// A field's value, typed by the vocabulary.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Text(Text),
    /// An enumerated word or a free word (share items).
    Word(Name),
    Date(Spanned<Date>),
    Range(Spanned<DateRange>),
    Number(Spanned<f64>),
    Bool(Spanned<bool>),
    Ref(Reference),
    List(Vec<Value>, Span),
    /// A value that is wrong for its field (already reported): it counts as present
    /// but is nothing else.
    Invalid(Span),
}

impl Value {
    pub(crate) fn span(&self) -> Span {
        match self {
            Value::Text(t) => t.span(),
            Value::Word(s) => s.span,
            Value::Date(s) => s.span,
            Value::Range(s) => s.span,
            Value::Number(s) => s.span,
            Value::Bool(s) => s.span,
            Value::Ref(r) => r.span(),
            Value::List(_, span) | Value::Invalid(span) => *span,
        }
    }

    /// The single value, or the items of a list.
    pub(crate) fn items(&self) -> &[Value] {
        match self {
            Value::List(items, _) => items,
            single => std::slice::from_ref(single),
        }
    }

    /// The single value, or the items of a list, to change.
    pub(crate) fn items_mut(&mut self) -> &mut [Value] {
        match self {
            Value::List(items, _) => items,
            single => std::slice::from_mut(single),
        }
    }

    /// An empty list counts as absent.
    pub(crate) fn is_empty(&self) -> bool {
        matches!(self, Value::List(items, _) if items.is_empty())
    }
}

#[derive(Debug)]
pub(crate) struct FieldValue {
    pub spec: &'static FieldSpec,
    pub name_span: Span,
    pub value: Value,
}

#[derive(Debug)]
pub(crate) struct Block {
    pub kind: BlockKind,
    pub file: FileId,
    /// The kind keyword: a block's diagnostics point here.
    pub header: Span,
    pub id: Option<Name>,
    pub title: Option<Text>,
    /// The first value of each known field given (a repeated field is E013).
    /// Where its fields are among the model's (see [`Model::fields`]).
    pub fields: Stretch,
    pub children: ThinVec<BlockId>,
    pub parent: Option<BlockId>,
    /// A later copy of an identifier already defined (E006): its values are checked,
    /// but neither it nor what is nested in it is part of the plan.
    pub duplicate: bool,
    /// The later copies of fields given twice (E013): their values get the language
    /// diagnostics, and are read by nothing else.
    pub later_copies: ThinVec<FieldValue>,
    /// The string literals given to a known field that were not read as its text
    /// values (the field takes no text, or one value and was given a list): reported
    /// as invalid values, and read by the phrase rules all the same.
    pub stray_texts: ThinVec<Text>,
}

/// Where the fields of one block are in the list of every field of the model.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Stretch {
    start: u32,
    len: u32,
}

impl Stretch {
    fn range(self) -> std::ops::Range<usize> {
        let start = self.start as usize;
        start..start + self.len as usize
    }
}

impl Block {
    /// How the block is named in messages: `actor unhcr`, or `plan` for blocks
    /// without an identifier.
    pub(crate) fn name(&self) -> String {
        match &self.id {
            Some(id) => format!("{} {}", self.kind, id),
            None => self.kind.to_string(),
        }
    }

    /// The block's identifier, or nothing for `plan` and `transition`.
    pub(crate) fn id(&self) -> &str {
        self.id.as_ref().map_or("", |id| &**id)
    }
}

/// A plan (its root file and everything it uses), or a library checked alone.
#[derive(Debug)]
pub(crate) struct Model {
    /// The files, in depth-first `use` order, the root first.
    pub files: Vec<FileId>,
    pub blocks: Vec<Block>,
    /// The first value of each known field of every block, a block's fields side by
    /// side in the order written: one list, not a list a block.
    fields: Vec<FieldValue>,
    /// The first `plan` block, if the files have one.
    pub plan: Option<BlockId>,
    /// For each kind (by its index in the vocabulary), the blocks that define its
    /// identifiers, found by them: each block holds its identifier, the table only the
    /// block, so that no identifier is held twice.
    ids: Vec<HashTable<BlockId>>,
    hasher: DefaultHashBuilder,
    /// For each kind, the blocks that are part of the plan (see [`Model::members`]).
    members: Vec<Vec<BlockId>>,
    /// The blocks that are part of the plan, of every kind, in the order written.
    all_members: Vec<BlockId>,
}

impl Default for Model {
    fn default() -> Self {
        Model {
            files: Vec::new(),
            blocks: Vec::new(),
            fields: Vec::new(),
            plan: None,
            ids: vec![HashTable::new(); BLOCKS.len()],
            hasher: DefaultHashBuilder::default(),
            members: vec![Vec::new(); BLOCKS.len()],
            all_members: Vec::new(),
        }
    }
}

impl Model {
    pub(crate) fn block(&self, id: BlockId) -> &Block {
        &self.blocks[id.0 as usize]
    }

    /// The first value of each known field a block gives.
    pub(crate) fn fields(&self, block: &Block) -> &[FieldValue] {
        &self.fields[block.fields.range()]
    }

    pub(crate) fn fields_mut(&mut self, block: BlockId) -> &mut [FieldValue] {
        let range = self.block(block).fields.range();
        &mut self.fields[range]
    }

    /// The value of a field of a block, if it is given and not an empty list.
    pub(crate) fn field(&self, block: &Block, name: &str) -> Option<&Value> {
        self.fields(block)
            .iter()
            .find(|f| same_name(f.spec.name, name))
            .map(|f| &f.value)
            .filter(|v| !v.is_empty())
    }

    /// Every text the planner wrote in a block: its title and each string literal
    /// given to a known field, whatever the field's type.
    pub(crate) fn texts<'m>(&'m self, block: &'m Block) -> impl Iterator<Item = &'m Text> {
        let in_fields = self.fields(block).iter().flat_map(|f| {
            f.value.items().iter().filter_map(|v| match v {
                Value::Text(t) => Some(t),
                _ => None,
            })
        });
        block
            .title
            .iter()
            .chain(in_fields)
            .chain(&block.stray_texts)
    }

    /// Makes room for the fields of every block at once.
    pub(crate) fn reserve_fields(&mut self, fields: usize) {
        self.fields.reserve_exact(fields);
    }

    /// Adds a field to the block added last: a block's fields are added before the
    /// blocks nested in it.
    pub(crate) fn push_field(&mut self, block: BlockId, field: FieldValue) {
        let at = u32::try_from(self.fields.len()).unwrap_or(u32::MAX);
        let stretch = &mut self.blocks[block.0 as usize].fields;
        if stretch.len == 0 {
            stretch.start = at;
        }
        stretch.len += 1;
        self.fields.push(field);
    }

    /// The block of a kind that defines `name`, if any.
    fn defining(&self, kind: BlockKind, name: &str) -> Option<BlockId> {
        let hash = self.hasher.hash_one(name);
        self.ids[kind as usize]
            .find(hash, |&b| self.block(b).id() == name)
            .copied()
    }

    /// The block defining `name` among the kinds given, if any.
    pub(crate) fn find(&self, kinds: &[BlockKind], name: &str) -> Option<BlockId> {
        kinds.iter().find_map(|&kind| self.defining(kind, name))
    }

    /// The kinds of block that define `name`.
    pub(crate) fn kinds_defining(&self, name: &str) -> impl Iterator<Item = BlockKind> {
        BLOCKS
            .iter()
            .map(|b| b.kind)
            .filter(move |&kind| self.defining(kind, name).is_some())
    }

    /// Every identifier defined for a kind.
    pub(crate) fn identifiers(&self, kind: BlockKind) -> impl Iterator<Item = &str> {
        self.ids[kind as usize].iter().map(|&b| self.block(b).id())
    }

    /// The number of identifiers defined for a kind.
    pub(crate) fn identifier_count(&self, kind: BlockKind) -> usize {
        self.ids[kind as usize].len()
    }

    /// How a block is named in a message: "activity `water-trucking`", "the plan",
    /// "the transition of activity `water-trucking`".
    pub(crate) fn describe(&self, id: BlockId) -> String {
        let block = self.block(id);
        match (&block.id, block.parent) {
            (Some(name), _) => format!("{} `{}`", block.kind, name),
            (None, Some(parent)) => format!("the {} of {}", block.kind, self.describe(parent)),
            (None, None) => format!("the {}", block.kind),
        }
    }

    /// Where a block is written: from its kind keyword to the last thing written in
    /// it (its closing `}` is not in the model).
    pub(crate) fn extent(&self, id: BlockId) -> Span {
        let block = self.block(id);
        let values = self.fields(block).iter().chain(&block.later_copies);
        let ends = [
            Some(block.header.end()),
            block.id.as_ref().map(|i| i.span().end()),
            block.title.as_ref().map(|t| t.span().end()),
        ]
        .into_iter()
        .flatten()
        .chain(values.map(|f| f.value.span().end()))
        .chain(block.stray_texts.iter().map(|t| t.span().end()))
        .chain(block.children.iter().map(|&c| self.extent(c).end()));
        Span::new(
            block.header.start(),
            ends.max().unwrap_or(block.header.end()),
        )
    }

    /// The blocks of a kind that are part of the plan, in the order written: every block
    /// but a later copy of an identifier (E006) and the blocks nested in it, and an
    /// actor of a used file that the plan never refers to (a library of actors lists
    /// more than one plan needs).
    pub(crate) fn members(&self, kind: BlockKind) -> &[BlockId] {
        &self.members[kind as usize]
    }

    /// The blocks of every kind that are part of the plan, in the order written: their
    /// fields are next to each other in the model.
    pub(crate) fn all_members(&self) -> &[BlockId] {
        &self.all_members
    }

    /// For each block, whether it is a later copy of an identifier (E006) or nested in
    /// one: neither it nor what it refers to is part of the plan.
    pub(crate) fn copies(&self) -> Vec<bool> {
        // A block comes after the block it is nested in: one pass finds them all.
        let mut copied = vec![false; self.blocks.len()];
        for (i, block) in self.blocks.iter().enumerate() {
            copied[i] = block.duplicate || block.parent.is_some_and(|p| copied[p.0 as usize]);
        }
        copied
    }

    /// Works out which blocks are part of the plan, once every reference is resolved:
    /// `copied` as [`Model::copies`] gives it, and `referenced`, for each block,
    /// whether a field of a block not copied refers to it.
    pub(crate) fn settle_membership(&mut self, copied: &[bool], referenced: &[bool]) {
        self.members = vec![Vec::new(); BLOCKS.len()];
        let root = self.files.first().copied();
        let member = |i: usize, b: &Block| {
            referenced[i] || (!copied[i] && (b.kind != BlockKind::Actor || Some(b.file) == root))
        };
        self.all_members = Vec::new();
        for (i, block) in self.blocks.iter().enumerate() {
            if member(i, block) {
                let id = BlockId(i as u32);
                self.members[block.kind as usize].push(id);
                self.all_members.push(id);
            }
        }
    }

    pub(crate) fn push(&mut self, block: Block) -> BlockId {
        self.blocks.push(block);
        BlockId(self.blocks.len() as u32 - 1)
    }

    pub(crate) fn block_mut(&mut self, id: BlockId) -> &mut Block {
        &mut self.blocks[id.0 as usize]
    }

    /// Records `block` as the definition of its identifier; gives the earlier
    /// definition instead when there is one.
    pub(crate) fn define(
        &mut self,
        kind: BlockKind,
        name: &str,
        block: BlockId,
    ) -> Result<(), BlockId> {
        let (blocks, hasher) = (&self.blocks, &self.hasher);
        let id = |b: &BlockId| blocks[b.0 as usize].id();
        let entry = self.ids[kind as usize].entry(
            hasher.hash_one(name),
            |b| id(b) == name,
            |b| hasher.hash_one(id(b)),
        );
        match entry {
            Entry::Occupied(first) => Err(*first.get()),
            Entry::Vacant(room) => {
                room.insert(block);
                Ok(())
            }
        }
    }
}

/// Whether two field names are the same. The rules ask for fields by the vocabulary's
/// own names, so a field asked for is most often the very string it is compared with,
/// and a field that is not differs in length or first letter: the bytes are compared
/// only when neither tells.
fn same_name(a: &str, b: &str) -> bool {
    std::ptr::eq(a, b)
        || (a.len() == b.len() && a.as_bytes().first() == b.as_bytes().first() && a == b)
}

#[cfg(test)]
mod tests {
    use super::{Block, Date, DateRange};

    /// The rules read the blocks of a large plan in no order: what one costs is kept in
    /// check (docs/performance.md).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_block_stays_small() {
        assert_eq!(size_of::<Block>(), 96);
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert!(Date::parse("2028-02-29").is_some());
        assert!(Date::parse("2027-02-29").is_none());
        assert!(Date::parse("2100-02-29").is_none());
        assert!(Date::parse("2000-02-29").is_some());
        assert!(Date::parse("2027-04-31").is_none());
        assert!(Date::parse("0000-01-01").is_none());
        assert!(Date::parse("9999-12-31").is_some());
    }

    #[test]
    fn a_range_lasts_the_days_from_start_to_end() {
        let range = |a, b| DateRange {
            start: Date::parse(a).unwrap(),
            end: Date::parse(b).unwrap(),
        };
        assert_eq!(range("2027-01-01", "2027-01-31").days(), 30);
        assert_eq!(range("2027-01-01", "2028-01-01").days(), 365);
        assert_eq!(range("2028-02-28", "2028-03-01").days(), 2);
        assert_eq!(range("1999-12-31", "2000-01-01").days(), 1);
    }
}
