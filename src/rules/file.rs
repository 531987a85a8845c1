//! The rule files as written: YAML read with serde into these structs, unknown keys
//! refused. `compile` checks them against the vocabulary and turns them into the form
//! the engine runs.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Named conditions, defined once and used by any rule as `predicate: NAME`.
    #[serde(default)]
    pub predicates: BTreeMap<String, PredicateDef>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PredicateDef {
    /// The kind of block the predicate speaks of.
    pub of: String,
    pub description: String,
    #[serde(rename = "where", with = "serde_yaml::with::singleton_map_recursive")]
    pub condition: Condition,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    pub code: String,
    pub name: String,
    pub severity: String,
    /// Which CMI principle, Do, Don't or subject, or which UN-CMCoord guideline.
    pub source: String,
    pub summary: String,
    pub rationale: String,
    pub bad: String,
    pub good: String,
    pub checks: Vec<CheckDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckDef {
    /// The kind of block the check looks at, nested blocks included.
    pub for_each: Option<String>,
    /// Instead of `for-each`: phrases looked for in every text of the plan.
    pub phrases: Option<Vec<String>>,
    /// The block is reported when this holds.
    #[serde(
        rename = "where",
        default,
        with = "serde_yaml::with::singleton_map_recursive"
    )]
    pub condition: Option<Condition>,
    /// Where a block's diagnostic points: `header` (the default) or a field path.
    pub at: Option<String>,
    /// Report each value at this path (a reference, a list item) for which
    /// `each-where` holds, at that value.
    pub report_each: Option<String>,
    #[serde(default, with = "serde_yaml::with::singleton_map_recursive")]
    pub each_where: Option<Condition>,
    /// Report the block when some of these words are missing from the plan.
    pub coverage: Option<CoverageDef>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CoverageDef {
    pub words: Vec<String>,
    /// Where the words are looked for: the values at `path` of every block of `kind`.
    pub kind: String,
    pub path: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub enum Condition {
    All(Vec<Condition>),
    Any(Vec<Condition>),
    Not(Box<Condition>),
    /// Nothing at the path (a missing field; an empty list).
    Absent(String),
    Present(String),
    /// Some value at the path is one of the words (yes/no included).
    Is(IsDef),
    Some(Quantified),
    Every(Quantified),
    /// A named predicate, of the value in focus.
    Predicate(String),
    /// The value in focus is named in `field` (`engagement.with`) of some block.
    FoundIn(FoundInDef),
    /// Some block of the plan of `kind` satisfies `where`.
    Exists(ExistsDef),
    CompareDates(CompareDatesDef),
    /// A range at the path lasts more than `days` days.
    LongerThan(LongerThanDef),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct IsDef {
    pub path: Option<String>,
    #[serde(rename = "in")]
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Quantified {
    pub path: String,
    #[serde(rename = "where")]
    pub condition: Box<Condition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FoundInDef {
    pub field: String,
    #[serde(rename = "where")]
    pub condition: Option<Box<Condition>>,
    /// A secondary label at the block found.
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExistsDef {
    pub kind: String,
    #[serde(rename = "where")]
    pub condition: Option<Box<Condition>>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub enum Order {
    Before,
    After,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CompareDatesDef {
    pub path: String,
    pub is: Order,
    pub than: String,
    /// `after` by more than this many days (default 0).
    #[serde(default)]
    pub by_more_than: i64,
    /// A secondary label at the date compared with.
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LongerThanDef {
    pub path: String,
    pub days: i64,
}
