//! The baseline the speed of cmilint is measured against: a bare pest parse of a plan
//! with the plain grammar (`plain.pest`), item by item, and the abstract syntax tree a
//! plain pest front end builds from its pairs (words and texts borrowed from the plan,
//! as the pest book's examples do). Nothing is checked.

use pest::Parser;
use pest::iterators::Pair;

#[derive(pest_derive::Parser)]
#[grammar = "../benches/baseline/plain.pest"]
struct Plain;

/// A top-level item.
pub(crate) enum Item<'a> {
    Use(&'a str),
    Block(Block<'a>),
}

pub(crate) struct Block<'a> {
    kind: &'a str,
    id: Option<&'a str>,
    title: Option<&'a str>,
    fields: Vec<(&'a str, Value<'a>)>,
    blocks: Vec<Block<'a>>,
}

pub(crate) enum Value<'a> {
    Text(&'a str),
    Word(&'a str),
    Date(&'a str),
    Range(&'a str, &'a str),
    Number(&'a str),
    List(Vec<Value<'a>>),
}

/// The bytes of every word and text of the items: what a front end hands on, read
/// whole, so that the tree is built for something.
pub(crate) fn words(items: &[Item<'_>]) -> usize {
    fn value(v: &Value<'_>) -> usize {
        match v {
            Value::Text(t) | Value::Word(t) | Value::Date(t) | Value::Number(t) => t.len(),
            Value::Range(a, b) => a.len() + b.len(),
            Value::List(items) => items.iter().map(value).sum(),
        }
    }
    fn block(b: &Block<'_>) -> usize {
        b.kind.len()
            + b.id.map_or(0, str::len)
            + b.title.map_or(0, str::len)
            + b.fields
                .iter()
                .map(|(n, v)| n.len() + value(v))
                .sum::<usize>()
            + b.blocks.iter().map(block).sum::<usize>()
    }
    items
        .iter()
        .map(|item| match item {
            Item::Use(path) => path.len(),
            Item::Block(b) => block(b),
        })
        .sum()
}

/// The items of a plan up to its first syntax error.
pub(crate) fn parse(text: &str) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut offset = 0;
    while let Ok(mut pairs) = Plain::parse(Rule::next_item, &text[offset..]) {
        let Some(item) = pairs.next() else { break };
        offset += item.as_span().end();
        match item.as_rule() {
            Rule::use_line => items.push(Item::Use(text_of(child(item)))),
            Rule::block => items.push(Item::Block(block(item))),
            _ => break,
        }
    }
    items
}

fn child(pair: Pair<'_, Rule>) -> Pair<'_, Rule> {
    pair.into_inner()
        .next()
        .expect("the grammar gives the child")
}

/// The text between the quotes.
fn text_of(pair: Pair<'_, Rule>) -> &str {
    child(pair).as_str()
}

fn block(pair: Pair<'_, Rule>) -> Block<'_> {
    let mut inner = pair.into_inner();
    let mut block = Block {
        kind: inner.next().expect("a block has a kind").as_str(),
        id: None,
        title: None,
        fields: Vec::new(),
        blocks: Vec::new(),
    };
    for part in inner {
        match part.as_rule() {
            Rule::block_id => block.id = Some(part.as_str()),
            Rule::block_title => block.title = Some(text_of(child(part))),
            Rule::field => {
                let mut parts = part.into_inner();
                let name = parts.next().expect("a field has a name").as_str();
                let value = value(parts.next().expect("a field has a value"));
                block.fields.push((name, value));
            }
            _ => block.blocks.push(self::block(part)),
        }
    }
    block
}

fn value(pair: Pair<'_, Rule>) -> Value<'_> {
    match pair.as_rule() {
        Rule::list => Value::List(pair.into_inner().map(value).collect()),
        Rule::range => {
            let mut dates = pair.into_inner();
            let start = dates.next().expect("a range has a start").as_str();
            let end = dates.next().expect("a range has an end").as_str();
            Value::Range(start, end)
        }
        Rule::date => Value::Date(pair.as_str()),
        Rule::number => Value::Number(pair.as_str()),
        Rule::text | Rule::long_text => Value::Text(text_of(pair)),
        _ => Value::Word(pair.as_str()),
    }
}
