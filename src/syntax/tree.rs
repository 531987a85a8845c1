//! The syntax tree of one file: what the planner wrote, in the grammar's shape, with
//! the place of every part.

use thin_vec::ThinVec;

use crate::source::{DecodedText, Span};

/// A word (a keyword, an identifier, a date, a number): the place it was written, its
/// text being the file's there.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Word {
    pub(crate) span: Span,
}

#[derive(Debug, Default, PartialEq)]
pub(crate) struct FileSyntax {
    pub(crate) uses: Vec<UseLine>,
    pub(crate) blocks: TopLevel,
    /// Every comment, `#` to the end of its line.
    pub(crate) comments: Vec<Span>,
}

/// The top-level blocks of a file, in order, held in the runs the parser read them in
/// (a large file's stretches), so that a model built from them can free each run once
/// it has read it. Two are equal when their blocks are, however they are cut.
#[derive(Debug, Default)]
pub(crate) struct TopLevel(Vec<Vec<BlockSyntax>>);

impl TopLevel {
    /// The blocks read next.
    pub(crate) fn push_run(&mut self, run: Vec<BlockSyntax>) {
        if !run.is_empty() {
            self.0.push(run);
        }
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &BlockSyntax> {
        self.0.iter().flatten()
    }

    /// The runs, to be read and dropped one after the other.
    pub(crate) fn into_runs(self) -> impl Iterator<Item = Vec<BlockSyntax>> {
        self.0.into_iter()
    }
}

impl PartialEq for TopLevel {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

/// The top-level blocks of a file as the model is built from them: given up by a file
/// only one plan reads, so that they are dropped as they are read; lent by a file
/// several plans read.
pub(crate) enum Blocks<'a> {
    Given(TopLevel),
    Lent(&'a TopLevel),
}

impl Blocks<'_> {
    /// How many blocks there are, nested ones included, and how many fields they give.
    pub(crate) fn count(&self) -> (usize, usize) {
        fn count(block: &BlockSyntax) -> (usize, usize) {
            let nested = block.blocks.iter().map(count);
            nested.fold((1, block.fields.len()), |(b, f), (nb, nf)| (b + nb, f + nf))
        }
        let top_level = match self {
            Blocks::Given(blocks) => blocks,
            Blocks::Lent(blocks) => *blocks,
        };
        let counts = top_level.iter().map(count);
        counts.fold((0, 0), |(b, f), (nb, nf)| (b + nb, f + nf))
    }
}

#[derive(Debug, PartialEq)]
pub(crate) struct UseLine {
    /// The path as written, escapes decoded.
    pub(crate) path: DecodedText,
    /// From `use` to the end of the path.
    pub(crate) span: Span,
}

#[derive(Debug, PartialEq)]
pub(crate) struct BlockSyntax {
    pub(crate) kind: Word,
    pub(crate) id: Option<Word>,
    pub(crate) title: Option<DecodedText>,
    pub(crate) fields: ThinVec<FieldSyntax>,
    pub(crate) blocks: ThinVec<BlockSyntax>,
    /// From the kind keyword to the closing `}`.
    pub(crate) span: Span,
}

#[derive(Debug, PartialEq)]
pub(crate) struct FieldSyntax {
    pub(crate) name: Word,
    pub(crate) value: ValueSyntax,
}

impl FieldSyntax {
    /// From the field's name to the end of its value.
    pub(crate) fn span(&self) -> Span {
        Span::new(self.name.span.start(), self.value.span().end())
    }
}

#[derive(Debug, PartialEq)]
pub(crate) enum ValueSyntax {
    Text(DecodedText),
    Word(Word),
    Date(Word),
    Range {
        start: Word,
        end: Word,
    },
    Number(Word),
    List {
        items: ThinVec<ValueSyntax>,
        span: Span,
    },
}

impl ValueSyntax {
    pub(crate) fn span(&self) -> Span {
        match self {
            ValueSyntax::Text(t) => t.span,
            ValueSyntax::Word(w) | ValueSyntax::Date(w) | ValueSyntax::Number(w) => w.span,
            ValueSyntax::Range { start, end } => Span::new(start.span.start(), end.span.end()),
            ValueSyntax::List { span, .. } => *span,
        }
    }

    /// The string literals of the value: itself, or the items of a list.
    pub(crate) fn texts(&self) -> impl Iterator<Item = &DecodedText> {
        let items = match self {
            ValueSyntax::List { items, .. } => items.as_slice(),
            single => std::slice::from_ref(single),
        };
        items.iter().filter_map(|item| match item {
            ValueSyntax::Text(t) => Some(t),
            _ => None,
        })
    }
}
