//! The vocabulary of the plan language, declared once: block kinds, where they may
//! stand, their fields with types and required flags, and the enumerations. The schema
//! checker, the syntax-error explanations and the documentation all read it from here.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum BlockKind {
    Plan,
    Actor,
    Structure,
    Assessment,
    Objective,
    Phase,
    Engagement,
    Share,
    Activity,
    Transition,
    Measure,
    Commitment,
    Message,
    Subject,
}

/// Whether a block kind takes an identifier after its keyword.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Identifier {
    /// `plan` and `transition` take none.
    None,
    /// Any identifier.
    Required,
    /// One of a fixed set (the CMI subjects).
    OneOf(&'static [&'static str]),
}

/// The type of a single value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Type {
    /// Text in quotes.
    Text,
    /// A word from an enumeration.
    Enum(&'static [&'static str]),
    /// Any word (share items).
    Word,
    Date,
    Range,
    Number,
    Bool,
    /// The identifier of a block of one of these kinds.
    Ref(&'static [BlockKind]),
}

/// Whether a field holds one value, a list, or either.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Arity {
    One,
    List,
    OneOrList,
}

#[derive(Debug)]
pub(crate) struct FieldSpec {
    pub name: &'static str,
    pub ty: Type,
    pub arity: Arity,
    pub required: bool,
}

#[derive(Debug)]
pub(crate) struct BlockSpec {
    pub kind: BlockKind,
    pub keyword: &'static str,
    /// How a planner calls it in a sentence ("coordination structure").
    pub noun: &'static str,
    pub identifier: Identifier,
    /// Whether it may stand at the top level of a file.
    pub top_level: bool,
    /// The kinds that may stand inside it.
    pub nested: &'static [BlockKind],
    pub fields: &'static [FieldSpec],
}

impl BlockSpec {
    pub(crate) fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }
}

pub(crate) const LEVEL: &[&str] = &["local", "regional", "national", "international"];
pub(crate) const FREQUENCY: &[&str] = &[
    "once",
    "daily",
    "weekly",
    "fortnightly",
    "monthly",
    "quarterly",
    "continuous",
    "as-required",
];
pub(crate) const CMI_SUBJECTS: &[&str] = &[
    "protection-of-civilians",
    "women-peace-and-security",
    "cultural-property-protection",
    "rule-of-law",
    "children-and-armed-conflict",
    "good-governance",
    "building-integrity",
    "gender",
];

const ACTOR: &[BlockKind] = &[BlockKind::Actor];
const STRUCTURE: &[BlockKind] = &[BlockKind::Structure];

const fn field(name: &'static str, ty: Type, arity: Arity, required: bool) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        arity,
        required,
    }
}
const fn one(name: &'static str, ty: Type) -> FieldSpec {
    field(name, ty, Arity::One, false)
}
const fn list(name: &'static str, ty: Type) -> FieldSpec {
    field(name, ty, Arity::List, false)
}
const fn required(name: &'static str, ty: Type) -> FieldSpec {
    field(name, ty, Arity::One, true)
}

pub(crate) static BLOCKS: &[BlockSpec] = &[
    BlockSpec {
        kind: BlockKind::Plan,
        keyword: "plan",
        noun: "plan",
        identifier: Identifier::None,
        top_level: true,
        nested: &[],
        fields: &[
            required(
                "level",
                Type::Enum(&["strategic", "operational", "tactical"]),
            ),
            required("period", Type::Range),
            one("operation", Type::Text),
            one(
                "mission",
                Type::Enum(&[
                    "humanitarian-assistance",
                    "disaster-relief",
                    "crisis-response",
                    "peace-support",
                    "stabilization",
                    "collective-defence",
                ]),
            ),
            one("area", Type::Text),
            one("lead", Type::Ref(ACTOR)),
            one("mandate", Type::Text),
            one("review", Type::Enum(FREQUENCY)),
            one("humanitarian-context", Type::Bool),
        ],
    },
    BlockSpec {
        kind: BlockKind::Actor,
        keyword: "actor",
        noun: "actor",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            required(
                "kind",
                Type::Enum(&[
                    "military",
                    "international-organization",
                    "ngo",
                    "red-cross-movement",
                    "government",
                    "local-authority",
                    "civil-society",
                    "private-sector",
                ]),
            ),
            one("humanitarian", Type::Bool),
            list(
                "principles",
                Type::Enum(&["humanity", "neutrality", "impartiality", "independence"]),
            ),
            one("level", Type::Enum(LEVEL)),
            one("contact", Type::Text),
            one("mandate", Type::Text),
            one("relationship", Type::Enum(&["none", "new", "existing"])),
            one(
                "engagement-policy",
                Type::Enum(&["open", "limited", "via-intermediary", "no-contact"]),
            ),
            one("description", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Structure,
        keyword: "structure",
        noun: "coordination structure",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            required("existing", Type::Bool),
            one("convened-by", Type::Ref(ACTOR)),
            list(
                "function",
                Type::Enum(&[
                    "coordination",
                    "deconfliction",
                    "information-sharing",
                    "planning",
                    "logistics",
                    "security",
                    "recovery",
                ]),
            ),
            list("members", Type::Ref(ACTOR)),
            one("justification", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Assessment,
        keyword: "assessment",
        noun: "assessment",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            one("by", Type::Ref(ACTOR)),
            one("date", Type::Date),
            list("actors", Type::Ref(ACTOR)),
            list(
                "pmesii",
                Type::Enum(&[
                    "political",
                    "military",
                    "economic",
                    "social",
                    "information",
                    "infrastructure",
                ]),
            ),
            list(
                "ascope",
                Type::Enum(&[
                    "areas",
                    "structures",
                    "capabilities",
                    "organizations",
                    "people",
                    "events",
                ]),
            ),
            list("sources", Type::Text),
            one("findings", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Objective,
        keyword: "objective",
        noun: "objective",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            one("mandate", Type::Text),
            list("consulted", Type::Ref(ACTOR)),
            list("aligned-with", Type::Ref(ACTOR)),
            one("description", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Phase,
        keyword: "phase",
        noun: "phase",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[required("period", Type::Range)],
    },
    BlockSpec {
        kind: BlockKind::Engagement,
        keyword: "engagement",
        noun: "engagement",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            field("with", Type::Ref(ACTOR), Arity::OneOrList, true),
            one("by", Type::Ref(ACTOR)),
            one("via", Type::Ref(STRUCTURE)),
            one("level", Type::Enum(LEVEL)),
            one("frequency", Type::Enum(FREQUENCY)),
            one("phase", Type::Ref(&[BlockKind::Phase])),
            one("purpose", Type::Text),
            list(
                "shares",
                Type::Enum(&[
                    "timeline",
                    "way-of-operating",
                    "assessments",
                    "evaluation-results",
                    "security-information",
                    "plans",
                    "contact-details",
                ]),
            ),
        ],
    },
    BlockSpec {
        kind: BlockKind::Share,
        keyword: "share",
        noun: "information-sharing arrangement",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            required("with", Type::Ref(ACTOR)),
            list("gives", Type::Word),
            list("receives", Type::Word),
            one(
                "classification",
                Type::Enum(&[
                    "public",
                    "unclassified",
                    "nato-unclassified",
                    "restricted",
                    "confidential",
                    "secret",
                ]),
            ),
            one("via", Type::Ref(STRUCTURE)),
        ],
    },
    BlockSpec {
        kind: BlockKind::Activity,
        keyword: "activity",
        noun: "activity",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[BlockKind::Transition, BlockKind::Measure],
        fields: &[
            required(
                "kind",
                Type::Enum(&[
                    "military-task",
                    "non-military-task",
                    "humanitarian-assistance",
                    "capacity-building",
                    "support-to-civil-authorities",
                    "restriction",
                ]),
            ),
            one("objective", Type::Ref(&[BlockKind::Objective])),
            one("phase", Type::Ref(&[BlockKind::Phase])),
            one("owner", Type::Ref(ACTOR)),
            list("partners", Type::Ref(ACTOR)),
            one("requested-by", Type::Ref(ACTOR)),
            one("last-resort", Type::Text),
            one(
                "assistance",
                Type::Enum(&["direct", "indirect", "infrastructure"]),
            ),
            one("period", Type::Range),
            one("sustainability", Type::Text),
            list("notified", Type::Ref(ACTOR)),
            one("via", Type::Ref(STRUCTURE)),
            one("description", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Transition,
        keyword: "transition",
        noun: "transition",
        identifier: Identifier::None,
        top_level: false,
        nested: &[],
        fields: &[
            one("to", Type::Ref(ACTOR)),
            one("by", Type::Date),
            one("criteria", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Measure,
        keyword: "measure",
        noun: "measure",
        identifier: Identifier::Required,
        top_level: false,
        nested: &[],
        fields: &[
            one("indicator", Type::Text),
            one("baseline", Type::Number),
            one("target", Type::Number),
            one("frequency", Type::Enum(FREQUENCY)),
            list("shared-with", Type::Ref(ACTOR)),
        ],
    },
    BlockSpec {
        kind: BlockKind::Commitment,
        keyword: "commitment",
        noun: "commitment",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            required("to", Type::Ref(ACTOR)),
            one("by", Type::Date),
            one("resources", Type::Text),
            one("approved-by", Type::Ref(ACTOR)),
            one("description", Type::Text),
        ],
    },
    BlockSpec {
        kind: BlockKind::Message,
        keyword: "message",
        noun: "key message",
        identifier: Identifier::Required,
        top_level: true,
        nested: &[],
        fields: &[
            one("approved-by", Type::Ref(ACTOR)),
            list("audience", Type::Ref(ACTOR)),
        ],
    },
    BlockSpec {
        kind: BlockKind::Subject,
        keyword: "subject",
        noun: "CMI subject",
        identifier: Identifier::OneOf(CMI_SUBJECTS),
        top_level: true,
        nested: &[],
        fields: &[
            list(
                "addressed-by",
                Type::Ref(&[BlockKind::Activity, BlockKind::Objective]),
            ),
            one("lead", Type::Ref(ACTOR)),
            one("not-applicable", Type::Text),
        ],
    },
];

impl BlockKind {
    pub(crate) fn spec(self) -> &'static BlockSpec {
        &BLOCKS[self as usize]
    }

    pub(crate) fn from_keyword(word: &str) -> Option<BlockKind> {
        BLOCKS.iter().find(|b| b.keyword == word).map(|b| b.kind)
    }

    pub(crate) fn keyword(self) -> &'static str {
        self.spec().keyword
    }
}

/// "a" or "an", for a noun of the vocabulary.
pub(crate) fn article(noun: &str) -> &'static str {
    if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

impl fmt::Display for BlockKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.keyword())
    }
}

/// Whether `word` names a field of some block but no block kind: a planner who wrote
/// it at the start of a line meant a field.
pub(crate) fn is_field_name_only(word: &str) -> bool {
    BlockKind::from_keyword(word).is_none() && BLOCKS.iter().any(|b| b.field(word).is_some())
}

/// The kinds that may start a top-level block.
pub(crate) fn top_level_keywords() -> impl Iterator<Item = &'static str> {
    BLOCKS.iter().filter(|b| b.top_level).map(|b| b.keyword)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_finds_its_own_spec() {
        for (i, spec) in BLOCKS.iter().enumerate() {
            assert_eq!(spec.kind as usize, i, "BLOCKS is in the order of BlockKind");
            assert_eq!(BlockKind::from_keyword(spec.keyword), Some(spec.kind));
        }
    }

    #[test]
    fn field_names_that_are_not_kinds_are_told_apart() {
        assert!(is_field_name_only("humanitarian"));
        assert!(
            !is_field_name_only("phase"),
            "`phase` is a field and a kind"
        );
        assert!(!is_field_name_only("actor"));
        assert!(!is_field_name_only("nonsense"));
    }
}
