//! A plan's model as the page reads it: each block by its name, its anchor and the
//! findings in it, and its fields as a reviewer reads them.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{BlockId, Date, DateRange, Model, Value};
use crate::vocabulary::BlockKind;

/// A block on the page: where its findings are listed, and how they are headed.
#[derive(Serialize, Clone)]
pub(super) struct BlockRef {
    pub anchor: String,
    /// `actor unhcr: UN Refugee Agency`, `transition of activity water-trucking`.
    pub name: String,
}

pub(super) struct Reading<'a> {
    pub model: &'a Model,
    /// The anchor and the heading of each block of the model.
    pub blocks: &'a [BlockRef],
    /// The ids of the findings in each block, by its anchor.
    pub findings: &'a HashMap<&'a str, Vec<String>>,
}

impl Reading<'_> {
    /// The blocks of a kind that are part of the plan.
    pub(super) fn members(&self, kind: BlockKind) -> &[BlockId] {
        self.model.members(kind)
    }

    pub(super) fn anchor(&self, id: BlockId) -> String {
        self.blocks[id.0 as usize].anchor.clone()
    }

    pub(super) fn findings(&self, id: BlockId) -> Vec<String> {
        self.findings
            .get(self.blocks[id.0 as usize].anchor.as_str())
            .cloned()
            .unwrap_or_default()
    }

    /// Whether the block has findings.
    pub(super) fn flagged(&self, id: BlockId) -> bool {
        self.findings
            .contains_key(self.blocks[id.0 as usize].anchor.as_str())
    }

    /// The block's identifier.
    pub(super) fn id(&self, id: BlockId) -> String {
        self.model.block(id).id().to_owned()
    }

    /// The block's title, or its identifier when it has none.
    pub(super) fn name(&self, id: BlockId) -> String {
        let block = self.model.block(id);
        block.title.as_ref().map_or_else(
            || block.id().to_owned(),
            |t| crate::visible::line(t.value()).into_owned(),
        )
    }

    fn value(&self, id: BlockId, field: &str) -> Option<&Value> {
        self.model.field(self.model.block(id), field)
    }

    /// A field of one value, as a reviewer reads it.
    pub(super) fn word(&self, id: BlockId, field: &str) -> Option<String> {
        self.value(id, field).and_then(shown)
    }

    /// The values of a field, one or a list, as a reviewer reads them.
    pub(super) fn words(&self, id: BlockId, field: &str) -> Vec<String> {
        self.value(id, field)
            .map(|v| v.items().iter().filter_map(shown).collect())
            .unwrap_or_default()
    }

    /// The blocks a field names, once resolved.
    pub(super) fn targets(&self, id: BlockId, field: &str) -> Vec<BlockId> {
        self.value(id, field)
            .map(|v| v.items().iter().filter_map(target).collect())
            .unwrap_or_default()
    }

    pub(super) fn date(&self, id: BlockId, field: &str) -> Option<Date> {
        match self.value(id, field)? {
            Value::Date(d) => Some(d.value),
            _ => None,
        }
    }

    pub(super) fn period(&self, id: BlockId, field: &str) -> Option<DateRange> {
        match self.value(id, field)? {
            Value::Range(r) => Some(r.value),
            _ => None,
        }
    }
}

/// The block a reference names, once resolved.
fn target(value: &Value) -> Option<BlockId> {
    match value {
        Value::Ref(r) => r.target,
        _ => None,
    }
}

/// A single value as a reviewer reads it; nothing for a list or an invalid value.
fn shown(value: &Value) -> Option<String> {
    match value {
        Value::Text(t) => Some(crate::visible::line(t.value()).into_owned()),
        Value::Word(w) => Some(w.to_string()),
        Value::Ref(r) => Some(r.name.to_string()),
        Value::Date(d) => Some(d.value.to_string()),
        Value::Range(r) => Some(format!("{} to {}", r.value.start, r.value.end)),
        Value::Number(n) => Some(n.value.to_string()),
        Value::Bool(b) => Some(if b.value { "yes" } else { "no" }.to_owned()),
        Value::List(..) | Value::Invalid(_) => None,
    }
}
