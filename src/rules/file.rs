//! The rule files as written: YAML read with serde into these structs, unknown keys
//! refused. `compile` checks them against the vocabulary and turns them into the form
//! the engine runs.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Error, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};

use crate::yaml::{self, YamlError};

#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a rule file: a map with `predicates` and `rules`"
)]
pub(super) struct RuleFile {
    /// Named conditions, defined once and used by any rule as `predicate: NAME`.
    #[serde(default, deserialize_with = "each_name_once")]
    pub predicates: BTreeMap<String, PredicateDef>,
    #[serde(default)]
    pub rules: Vec<RuleDef>,
}

impl RuleFile {
    /// Reads a rule file; a mistake is `file:line:column: what is wrong`.
    pub(crate) fn read(name: &str, text: &str) -> Result<RuleFile, YamlError> {
        yaml::refuse_deep_brackets(name, text)?;
        let mut documents = serde_yaml::Deserializer::from_str(text);
        let file = documents
            .next()
            .map(RuleFile::deserialize)
            .transpose()
            .map_err(|e| yaml::error(name, text, &e))?
            .unwrap_or_default();
        if documents.next().is_some() {
            return Err(yaml::error_at(
                name,
                text,
                second_document(text),
                "a second YAML document (after `---`); a rule file holds one: move the \
                 rules into the first, or into a file of their own",
            ));
        }
        Ok(file)
    }
}

/// Where the second document of a YAML text starts: at its second `---` line when the
/// first one only follows comments, otherwise at its first.
fn second_document(text: &str) -> usize {
    let mut offset = 0;
    let mut content = false;
    let mut markers = text.split_inclusive('\n').filter_map(|line| {
        let start = offset;
        offset += line.len();
        let line = line.trim_end();
        if line == "---" || line.starts_with("--- ") {
            let opens_first = !content;
            content = true;
            return (!opens_first).then_some(start);
        }
        content |= !(line.is_empty() || line.starts_with('#') || line.starts_with('%'));
        None
    });
    markers.next().unwrap_or(0)
}

/// The predicates of a file by name, refusing a name given twice (a plain map would
/// silently keep the last definition).
fn each_name_once<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, PredicateDef>, D::Error> {
    struct Predicates;
    impl<'de> Visitor<'de> for Predicates {
        type Value = BTreeMap<String, PredicateDef>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of predicates, each under its name")
        }

        fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
            let mut predicates = BTreeMap::new();
            while let Some((name, def)) = map.next_entry::<String, PredicateDef>()? {
                if predicates.contains_key(&name) {
                    return Err(M::Error::custom(format!(
                        "the predicate `{name}` is defined twice in this file",
                        name = crate::yaml::cut(&name)
                    )));
                }
                predicates.insert(name, def);
            }
            Ok(predicates)
        }
    }
    deserializer.deserialize_map(Predicates)
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a predicate: a map with `of`, `description` and `where`"
)]
pub(super) struct PredicateDef {
    /// The kind of block the predicate speaks of.
    pub of: String,
    pub description: String,
    #[serde(rename = "where", with = "serde_yaml::with::singleton_map_recursive")]
    pub condition: ConditionDef,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a rule: a map with `code`, `name`, `severity`, `source`, `summary`, \
                 `rationale`, `bad`, `good` and `checks`"
)]
pub(super) struct RuleDef {
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
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a check: a map with `for-each` or `phrases`, and `message`"
)]
pub(super) struct CheckDef {
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
    pub condition: Option<ConditionDef>,
    /// Where a block's diagnostic points: `header` (the default) or a field path.
    pub at: Option<String>,
    /// Report each value at this path (a reference, a list item) for which
    /// `each-where` holds, at that value.
    pub report_each: Option<String>,
    #[serde(default, with = "serde_yaml::with::singleton_map_recursive")]
    pub each_where: Option<ConditionDef>,
    /// Report the block when some of these words are missing from the plan.
    pub coverage: Option<CoverageDef>,
    pub message: String,
    pub label: Option<String>,
    pub help: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct CoverageDef {
    pub words: Vec<String>,
    /// Where the words are looked for: the values at `path` of every block of `kind`.
    pub kind: String,
    pub path: String,
}

#[derive(Debug, Deserialize)]
#[serde(
    deny_unknown_fields,
    rename_all = "kebab-case",
    expecting = "a condition: a map with one key, such as `present`, `is` or `all`"
)]
pub(super) enum ConditionDef {
    All(Vec<ConditionDef>),
    Any(Vec<ConditionDef>),
    Not(Box<ConditionDef>),
    /// Nothing at the path (a missing field; an empty list).
    Absent(String),
    Present(String),
    /// Some of the paths lead to nothing; the message's `{missing}` names them.
    Missing(Vec<String>),
    /// Some value at the path is one of the words (yes/no included).
    Is(IsDef),
    /// Some text at the path, trimmed, is one of the texts, in any ASCII case.
    TextIs(IsDef),
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
    /// Some value at `path` is some value at `as`: the same block, word or date.
    Same(SameDef),
    /// Some range at `path` shares a day with some range at `with`.
    Overlaps(OverlapsDef),
    /// Some date or range at `path` lies inside some range at `of`.
    Within(WithinDef),
}

impl ConditionDef {
    /// The key of every kind of condition, as serde reads them: taken from what it
    /// says of a key that is none.
    pub(crate) fn keys() -> Vec<String> {
        let text = "not-a-condition: 1";
        let error = serde_yaml::with::singleton_map_recursive::deserialize::<ConditionDef, _>(
            serde_yaml::Deserializer::from_str(text),
        )
        .expect_err("no condition is called so")
        .to_string();
        let (_, expected) = error
            .split_once("expected one of ")
            .expect("serde lists the keys it expects");
        // Each key in backquotes.
        expected
            .split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    }

    /// The key the condition is written with.
    pub(super) fn key(&self) -> &'static str {
        match self {
            ConditionDef::All(_) => "all",
            ConditionDef::Any(_) => "any",
            ConditionDef::Not(_) => "not",
            ConditionDef::Absent(_) => "absent",
            ConditionDef::Missing(_) => "missing",
            ConditionDef::Present(_) => "present",
            ConditionDef::Is(_) => "is",
            ConditionDef::TextIs(_) => "text-is",
            ConditionDef::Some(_) => "some",
            ConditionDef::Every(_) => "every",
            ConditionDef::Predicate(_) => "predicate",
            ConditionDef::FoundIn(_) => "found-in",
            ConditionDef::Exists(_) => "exists",
            ConditionDef::CompareDates(_) => "compare-dates",
            ConditionDef::LongerThan(_) => "longer-than",
            ConditionDef::Same(_) => "same",
            ConditionDef::Overlaps(_) => "overlaps",
            ConditionDef::Within(_) => "within",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct IsDef {
    pub path: Option<String>,
    #[serde(rename = "in")]
    pub words: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct Quantified {
    pub path: String,
    #[serde(rename = "where")]
    pub condition: Box<ConditionDef>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct FoundInDef {
    pub field: String,
    #[serde(rename = "where")]
    pub condition: Option<Box<ConditionDef>>,
    /// A secondary label at the block found.
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct ExistsDef {
    pub kind: String,
    #[serde(rename = "where")]
    pub condition: Option<Box<ConditionDef>>,
    /// A secondary label at the block found.
    pub label: Option<String>,
}

#[derive(Debug, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Order {
    Before,
    After,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct CompareDatesDef {
    pub path: String,
    pub is: Order,
    /// A path, or a date written `YYYY-MM-DD`.
    pub than: String,
    /// `after` by more than this many days (default 0).
    #[serde(default)]
    pub by_more_than: i64,
    /// A secondary label at the date compared with.
    pub label: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct LongerThanDef {
    pub path: String,
    pub days: i64,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct SameDef {
    pub path: String,
    #[serde(rename = "as")]
    pub other: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct OverlapsDef {
    pub path: String,
    pub with: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct WithinDef {
    pub path: String,
    pub of: String,
}
