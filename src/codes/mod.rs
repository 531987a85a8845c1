//! cmilint's own codes, in one table: the language diagnostics (E) and the
//! diagnostics about suppressions (S), each with its name, severity, summary, whether
//! an `allow` may silence it, and its explanation (`documentation.rs`). The CMI rules bring their codes from the rule
//! files; the catalogue (`catalogue.rs`) puts the two together.

mod documentation;

use std::borrow::Cow;

pub(crate) use documentation::Documentation;

use crate::diagnostic::{Code, Severity};

/// Which of cmilint's own families a code is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// About the plan language, reported by the parser and the schema checker.
    Language,
    /// About a `# cmilint: allow(...)` suppression.
    Suppression,
}

/// One row of the table.
#[derive(Debug)]
pub(crate) struct CodeInfo {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
    pub(crate) severity: Severity,
    pub(crate) summary: &'static str,
    /// Whether a `# cmilint: allow(...)` may silence it.
    pub(crate) suppressible: bool,
    pub(crate) family: Family,
    /// What `cmilint explain` says of it.
    pub(crate) documentation: Documentation,
}

/// Declares an enum of codes and its rows: `CODE Variant "name" "summary"`, marked
/// `unsuppressible` where no `allow` may silence the code. `ALL` and `info` are made
/// from the same rows, so that a code cannot be left out of either.
macro_rules! codes {
    (
        $(#[$meta:meta])* $enum:ident: $family:ident, $severity:ident;
        $( $code:ident $variant:ident $name:literal $summary:literal $($fatal:ident)?; )+
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub(crate) enum $enum {
            $( $variant, )+
        }

        impl $enum {
            /// Every code of the family, in order.
            pub(crate) const ALL: &[$enum] = &[$( $enum::$variant ),+];

            /// The code's row of the table.
            pub(crate) fn info(self) -> &'static CodeInfo {
                const ROWS: &[CodeInfo] = &[$(
                    CodeInfo {
                        code: stringify!($code),
                        name: $name,
                        severity: Severity::$severity,
                        summary: $summary,
                        suppressible: codes!(@suppressible $($fatal)?),
                        family: Family::$family,
                        documentation: $enum::$variant.documentation(),
                    },
                )+];
                &ROWS[self as usize]
            }
        }

        impl Code for $enum {
            fn code(&self) -> Cow<'static, str> {
                Cow::Borrowed(self.info().code)
            }

            fn name(&self) -> Cow<'static, str> {
                Cow::Borrowed(self.info().name)
            }

            fn severity(&self) -> Severity {
                self.info().severity
            }
        }
    };
    (@suppressible) => { true };
    (@suppressible unsuppressible) => { false };
}

codes! {
    /// The language diagnostics. A syntax error and a limit make a file unusable and
    /// cannot be suppressed; nor can a bidirectional control character.
    LanguageCode: Language, Error;
    E001 SyntaxError "syntax-error" "the text is not in the grammar" unsuppressible;
    E002 UnknownBlockKind "unknown-block-kind" "a block kind not in the vocabulary";
    E003 UnknownField "unknown-field" "a field not allowed in its block";
    E004 InvalidValue "invalid-value"
        "a value of the wrong type, or a word outside its enumeration";
    E005 UndefinedReference "undefined-reference"
        "a reference to an identifier that no block defines";
    E006 DuplicateId "duplicate-id"
        "a second block of the same kind with the same identifier";
    E007 InvalidDate "invalid-date" "a date that is not in the calendar";
    E008 ReversedRange "reversed-range" "a range that ends before it starts";
    E009 MissingRequiredField "missing-required-field" "a required field is absent";
    E010 UseNotFound "use-not-found"
        "a `use` path that does not name a readable file inside the plan's tree";
    E011 UseCycle "use-cycle" "a `use` that closes a cycle";
    E012 WrongReferenceKind "wrong-reference-kind" "a reference to a block of another kind";
    E013 DuplicateField "duplicate-field" "a field given twice in one block";
    E014 MisplacedBlock "misplaced-block"
        "a block where it may not stand, a second `plan` or `transition`";
    E015 InvalidSubject "invalid-subject"
        "a `subject` with both or neither of `addressed-by` and `not-applicable`";
    E016 LimitExceeded "limit-exceeded" "input past a limit (file size, nesting depth)"
        unsuppressible;
    E017 BidiControlCharacter "bidi-control-character"
        "a bidirectional control character (U+202A to U+202E, U+2066 to U+2069) in a plan file: text that reads one way and runs another"
        unsuppressible;
}

codes! {
    /// The diagnostics about suppressions: reported at the suppression, never
    /// suppressed.
    SuppressionCode: Suppression, Warning;
    S001 Unused "unused-suppression" "a code named in an `allow` that silenced nothing"
        unsuppressible;
    S002 UnknownCode "unknown-code" "an `allow` naming a code that does not exist"
        unsuppressible;
    S003 WithoutReason "suppression-without-reason" "an `allow` with no `-- reason`"
        unsuppressible;
}

/// Every one of cmilint's own codes, E then S, in order.
pub(crate) fn own_codes() -> impl Iterator<Item = &'static CodeInfo> {
    let language = LanguageCode::ALL.iter().map(|c| c.info());
    language.chain(SuppressionCode::ALL.iter().map(|c| c.info()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_gives_each_code_its_place_in_order() {
        let codes: Vec<&str> = own_codes().map(|c| c.code).collect();
        let mut expected: Vec<String> = (1..=17).map(|n| format!("E{n:03}")).collect();
        expected.extend((1..=3).map(|n| format!("S{n:03}")));
        assert_eq!(codes, expected);
        assert_eq!(LanguageCode::UseCycle.info().name, "use-cycle");
        assert_eq!(
            SuppressionCode::WithoutReason.info().severity,
            Severity::Warning
        );
    }

    #[test]
    fn only_what_leaves_a_file_unusable_and_the_suppression_codes_are_never_silenced() {
        let unsuppressible: Vec<&str> = own_codes()
            .filter(|c| !c.suppressible)
            .map(|c| c.code)
            .collect();
        assert_eq!(
            unsuppressible,
            ["E001", "E016", "E017", "S001", "S002", "S003"]
        );
    }
}
