//! cmilint's own codes, in one table: the language diagnostics (E) and the
//! diagnostics about suppressions (S), each with its name, severity, summary, whether
//! an `allow` may silence it, and what `cmilint explain` says of it. The CMI rules
//! bring their codes from the rule files; the catalogue (`catalogue.rs`) puts the two
//! together.

use crate::diagnostic::{Code, Severity};

/// Which of cmilint's own families a code is of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    /// About the plan language, reported by the parser and the schema checker.
    Language,
    /// About a `# cmilint: allow(...)` suppression.
    Suppression,
}

/// What `cmilint explain` says of one of cmilint's own codes, beside its summary. The
/// tests check the examples as they check the rules' examples.
#[derive(Debug)]
pub(crate) struct Documentation {
    /// What it means and how to mend it, a paragraph.
    pub(crate) why: &'static str,
    /// A plan text that gets the code.
    pub(crate) bad: &'static str,
    /// The same text mended. The examples stand in a folder that also holds
    /// `actors.cmi`, a library a `use` line may name.
    pub(crate) good: &'static str,
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
/// `unsuppressible` where no `allow` may silence the code, then what it means, a bad
/// and a good example. `ALL` and `info` are made from the same rows, so that a code
/// cannot be left out of either, nor go without its explanation.
macro_rules! codes {
    (
        $(#[$meta:meta])* $enum:ident: $family:ident, $severity:ident;
        $(
            $code:ident $variant:ident $name:literal $summary:literal $($fatal:ident)?
            => $why:literal, $bad:literal, $good:literal;
        )+
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
                        documentation: Documentation { why: $why, bad: $bad, good: $good },
                    },
                )+];
                &ROWS[self as usize]
            }
        }

        impl Code for $enum {
            fn code_name(&self) -> $crate::diagnostic::CodeName {
                const NAMES: &[(&str, &str)] = &[$( (stringify!($code), $name) ),+];
                $crate::diagnostic::CodeName::own(&NAMES[*self as usize])
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
    E001 SyntaxError "syntax-error" "the text is not in the grammar" unsuppressible
        => "The text does not follow the grammar of plans (docs/language.md): blocks are written `kind id \"title\" { ... }`, fields `name: value`, lists `[a, b]`. A file with a syntax error is read no further: its plan gets its syntax errors and nothing else until they are mended.",
        "actor unhcr \"UNHCR\" {\n  kind international-organization\n}\n",
        "actor unhcr \"UNHCR\" {\n  kind: international-organization\n}\n";
    E002 UnknownBlockKind "unknown-block-kind" "a block kind not in the vocabulary"
        => "Only the kinds of block of the vocabulary mean something to cmilint. A block of another kind, and everything in it, is not checked: the plan may miss what the author meant to write.",
        "organisation unhcr \"UNHCR\" { kind: international-organization }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization }\n";
    E003 UnknownField "unknown-field" "a field not allowed in its block"
        => "Each kind of block has its own fields. A field it does not have is ignored by every rule, so what it says is lost; most often it is a misspelt field, or belongs in another block.",
        "actor unhcr \"UNHCR\" { kind: international-organization headquarters: \"Geneva\" }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization contact: \"Geneva head office\" }\n";
    E004 InvalidValue "invalid-value"
        "a value of the wrong type, or a word outside its enumeration"
        => "A field takes one type of value: a text in quotes, a word from its list, a date, a range, a number, yes or no, or a list. A value of the wrong type counts as given but matches nothing, so the rules cannot use it.",
        "actor unhcr \"UNHCR\" { kind: international-organisation }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization }\n";
    E005 UndefinedReference "undefined-reference"
        "a reference to an identifier that no block defines"
        => "A reference names a block of the plan by its identifier. One that names no block links nothing: the engagement, activity or assessment loses its partner.",
        "actor j9 \"J9 Branch\" { kind: military }\nengagement weekly \"Weekly meeting\" { with: unhcr by: j9 }\n",
        "actor j9 \"J9 Branch\" { kind: military }\nactor unhcr \"UNHCR\" { kind: international-organization }\nengagement weekly \"Weekly meeting\" { with: unhcr by: j9 }\n";
    E006 DuplicateId "duplicate-id"
        "a second block of the same kind with the same identifier"
        => "An identifier names one block of its kind in the whole plan. Of two blocks with the same kind and identifier only the first is part of the plan; the second, and everything in it, is read by no rule.",
        "actor unhcr \"UNHCR\" { kind: international-organization }\nactor unhcr \"UNHCR field office\" { kind: international-organization }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization }\nactor unhcr-field \"UNHCR field office\" { kind: international-organization }\n";
    E007 InvalidDate "invalid-date" "a date that is not in the calendar"
        => "A date is a day of the calendar, written YYYY-MM-DD, years 0001 to 9999. A date that does not exist makes its field count as given but compare with nothing.",
        "phase dry \"Dry season\" { period: 2027-02-30..2027-04-30 }\n",
        "phase dry \"Dry season\" { period: 2027-02-28..2027-04-30 }\n";
    E008 ReversedRange "reversed-range" "a range that ends before it starts"
        => "A range runs from its start date to its end date. One that ends before it starts is most often two dates written the wrong way round.",
        "phase dry \"Dry season\" { period: 2027-04-30..2027-02-01 }\n",
        "phase dry \"Dry season\" { period: 2027-02-01..2027-04-30 }\n";
    E009 MissingRequiredField "missing-required-field" "a required field is absent"
        => "Some fields are what a block is about (an actor's `kind`, a plan's `period`), and every block but `plan` and `transition` is named by an identifier. Without them the rules cannot judge the block.",
        "actor unhcr \"UNHCR\" { level: national }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization level: national }\n";
    E010 UseNotFound "use-not-found"
        "a `use` path that does not name a readable file inside the plan's tree"
        => "A `use` line names a plan file, relative to its own file, inside the plan's tree. When it names nothing readable the plan is incomplete: its references are not checked (they may name blocks of the missing file) and no CMI rule runs on it.",
        "# example.cmi, in a folder that holds actors.cmi\nuse \"Actors.cmi\"\n",
        "# example.cmi, in a folder that holds actors.cmi\nuse \"actors.cmi\"\n";
    E011 UseCycle "use-cycle" "a `use` that closes a cycle"
        => "A file cannot use itself, directly or through the files it uses. Move what both files need into a third file that each of them uses.",
        "# example.cmi\nuse \"example.cmi\"\n",
        "# example.cmi, in a folder that holds actors.cmi\nuse \"actors.cmi\"\n";
    E012 WrongReferenceKind "wrong-reference-kind" "a reference to a block of another kind"
        => "A reference names a block of the kind its field expects: `with` an actor, `via` a coordination structure, `phase` a phase. A block of another kind with that identifier is most often a mix-up of two fields.",
        "structure hct \"Humanitarian Country Team\" { existing: yes }\nengagement briefing \"Briefing\" { with: hct }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization }\nstructure hct \"Humanitarian Country Team\" { existing: yes }\nengagement briefing \"Briefing\" { with: unhcr via: hct }\n";
    E013 DuplicateField "duplicate-field" "a field given twice in one block"
        => "A field is given once in a block. Only its first value counts; the later copy still gets its own language diagnostics, but no rule reads it.",
        "actor unhcr \"UNHCR\" { kind: international-organization kind: ngo }\n",
        "actor unhcr \"UNHCR\" { kind: international-organization }\n";
    E014 MisplacedBlock "misplaced-block"
        "a block where it may not stand, a second `plan` or `transition`"
        => "Some blocks stand only inside others: a `transition` and a `measure` inside an activity. A plan has one `plan` block, an activity one transition. A block where it may not stand is not checked.",
        "use \"actors.cmi\"\ntransition { to: council by: 2027-06-30 criteria: \"Council staff trained\" }\n",
        "use \"actors.cmi\"\nactivity training \"Training\" {\n  kind: capacity-building\n  transition { to: council by: 2027-06-30 criteria: \"Council staff trained\" }\n}\n";
    E015 InvalidSubject "invalid-subject"
        "a `subject` with both or neither of `addressed-by` and `not-applicable`"
        => "A `subject` block says how the plan addresses a CMI subject (`addressed-by`), or why the subject does not apply (`not-applicable`): one of the two, never both nor neither.",
        "subject gender { }\n",
        "subject gender { not-applicable: \"Covered by the gender annex of the operation plan\" }\n";
    E016 LimitExceeded "limit-exceeded" "input past a limit (file size, nesting depth, block size)"
        unsuppressible
        => "cmilint reads files up to a size, blocks up to a depth of nesting and top-level blocks up to a size (64 MiB, 32 and 256 KiB by default; `.cmilint.yaml` raises them). A top-level block nested deeper or larger is skipped like a broken one, and a file over the size is not read: either makes the plan unusable for the rules.",
        "activity a1 { activity a2 { activity a3 { activity a4 { activity a5 {\nactivity a6 { activity a7 { activity a8 { activity a9 { activity a10 {\nactivity a11 { activity a12 { activity a13 { activity a14 { activity a15 {\nactivity a16 { activity a17 { activity a18 { activity a19 { activity a20 {\nactivity a21 { activity a22 { activity a23 { activity a24 { activity a25 {\nactivity a26 { activity a27 { activity a28 { activity a29 { activity a30 {\nactivity a31 { activity a32 { activity a33 {\n}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n",
        "activity training \"Training\" {\n  kind: capacity-building\n  measure trained \"Staff trained\" { target: 12 }\n}\n";
    E017 BidiControlCharacter "bidi-control-character"
        "a bidirectional control character: text that shows one way and runs another"
        unsuppressible
        => "Bidirectional control characters change the order in which text is shown, not the order in which it is read: a text can show one thing and say another (\"Trojan Source\"). A plan needs none of them. Each is reported where it stands, whatever else the file holds, and cannot be suppressed. Below it is shown as <U+202E>.",
        "message closed \"Berth 4 is \u{202E}nepo\" { }\n",
        "message closed \"Berth 4 is closed\" { }\n";
}

codes! {
    /// The diagnostics about suppressions: reported at the suppression, never
    /// suppressed.
    SuppressionCode: Suppression, Warning;
    S001 Unused "unused-suppression" "a code named in an `allow` that silenced nothing"
        unsuppressible
        => "An `allow` that silences nothing is a stale promise: the finding it was written for is gone, or it stands where it does not reach the finding (on its own line it covers the block, field or `use` on the next line; at the end of a line, that line). Remove it, or move it.",
        "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organization }\n",
        "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organisation }\n";
    S002 UnknownCode "unknown-code" "an `allow` naming a code or rule that does not exist"
        unsuppressible
        => "An `allow` names codes or rule names exactly as `cmilint rules` lists them. A misspelt one silences nothing.",
        "# cmilint: allow(E04) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organization }\n",
        "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organisation }\n";
    S003 WithoutReason "suppression-without-reason" "an `allow` with no `-- reason`"
        unsuppressible
        => "A finding the plan accepts is silenced with the reason it is accepted, after `--`: the reviewer reads the reason instead of the finding.",
        "# cmilint: allow(E004)\nactor unhcr \"UNHCR\" { kind: international-organisation }\n",
        "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organisation }\n";
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
