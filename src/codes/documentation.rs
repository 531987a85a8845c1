//! What `cmilint explain` says of cmilint's own codes: what each means, and a bad and a
//! good example, which the tests check as they check the rules' examples. The match on
//! each code is exhaustive: a new code cannot be left without its explanation.

use super::{LanguageCode, SuppressionCode};

/// The explanation of one of cmilint's own codes.
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

const fn doc(why: &'static str, bad: &'static str, good: &'static str) -> Documentation {
    Documentation { why, bad, good }
}

impl LanguageCode {
    pub(crate) const fn documentation(self) -> Documentation {
        match self {
            LanguageCode::SyntaxError => doc(
                "The text does not follow the grammar of plans (docs/language.md): blocks are written `kind id \"title\" { ... }`, fields `name: value`, lists `[a, b]`. A file with a syntax error is read no further: its plan gets its syntax errors and nothing else until they are mended.",
                "actor unhcr \"UNHCR\" {\n  kind international-organization\n}\n",
                "actor unhcr \"UNHCR\" {\n  kind: international-organization\n}\n",
            ),
            LanguageCode::UnknownBlockKind => doc(
                "Only the kinds of block of the vocabulary mean something to cmilint. A block of another kind, and everything in it, is not checked: the plan may miss what the author meant to write.",
                "organisation unhcr \"UNHCR\" { kind: international-organization }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization }\n",
            ),
            LanguageCode::UnknownField => doc(
                "Each kind of block has its own fields. A field it does not have is ignored by every rule, so what it says is lost; most often it is a misspelt field, or belongs in another block.",
                "actor unhcr \"UNHCR\" { kind: international-organization headquarters: \"Geneva\" }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization contact: \"Geneva head office\" }\n",
            ),
            LanguageCode::InvalidValue => doc(
                "A field takes one type of value: a text in quotes, a word from its list, a date, a range, a number, yes or no, or a list. A value of the wrong type counts as given but matches nothing, so the rules cannot use it.",
                "actor unhcr \"UNHCR\" { kind: international-organisation }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization }\n",
            ),
            LanguageCode::UndefinedReference => doc(
                "A reference names a block of the plan by its identifier. One that names no block links nothing: the engagement, activity or assessment loses its partner.",
                "actor j9 \"J9 Branch\" { kind: military }\nengagement weekly \"Weekly meeting\" { with: unhcr by: j9 }\n",
                "actor j9 \"J9 Branch\" { kind: military }\nactor unhcr \"UNHCR\" { kind: international-organization }\nengagement weekly \"Weekly meeting\" { with: unhcr by: j9 }\n",
            ),
            LanguageCode::DuplicateId => doc(
                "An identifier names one block of its kind in the whole plan. Of two blocks with the same kind and identifier only the first is part of the plan; the second, and everything in it, is read by no rule.",
                "actor unhcr \"UNHCR\" { kind: international-organization }\nactor unhcr \"UNHCR field office\" { kind: international-organization }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization }\nactor unhcr-field \"UNHCR field office\" { kind: international-organization }\n",
            ),
            LanguageCode::InvalidDate => doc(
                "A date is a day of the calendar, written YYYY-MM-DD, years 0001 to 9999. A date that does not exist makes its field count as given but compare with nothing.",
                "phase dry \"Dry season\" { period: 2027-02-30..2027-04-30 }\n",
                "phase dry \"Dry season\" { period: 2027-02-28..2027-04-30 }\n",
            ),
            LanguageCode::ReversedRange => doc(
                "A range runs from its start date to its end date. One that ends before it starts is most often two dates written the wrong way round.",
                "phase dry \"Dry season\" { period: 2027-04-30..2027-02-01 }\n",
                "phase dry \"Dry season\" { period: 2027-02-01..2027-04-30 }\n",
            ),
            LanguageCode::MissingRequiredField => doc(
                "Some fields are what a block is about (an actor's `kind`, a plan's `period`), and every block but `plan` and `transition` is named by an identifier. Without them the rules cannot judge the block.",
                "actor unhcr \"UNHCR\" { level: national }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization level: national }\n",
            ),
            LanguageCode::UseNotFound => doc(
                "A `use` line names a plan file, relative to its own file, inside the plan's tree. When it names nothing readable the plan is incomplete: its references are not checked (they may name blocks of the missing file) and no CMI rule runs on it.",
                "# example.cmi, in a folder that holds actors.cmi\nuse \"Actors.cmi\"\n",
                "# example.cmi, in a folder that holds actors.cmi\nuse \"actors.cmi\"\n",
            ),
            LanguageCode::UseCycle => doc(
                "A file cannot use itself, directly or through the files it uses. Move what both files need into a third file that each of them uses.",
                "# example.cmi\nuse \"example.cmi\"\n",
                "# example.cmi, in a folder that holds actors.cmi\nuse \"actors.cmi\"\n",
            ),
            LanguageCode::WrongReferenceKind => doc(
                "A reference names a block of the kind its field expects: `with` an actor, `via` a coordination structure, `phase` a phase. A block of another kind with that identifier is most often a mix-up of two fields.",
                "structure hct \"Humanitarian Country Team\" { existing: yes }\nengagement briefing \"Briefing\" { with: hct }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization }\nstructure hct \"Humanitarian Country Team\" { existing: yes }\nengagement briefing \"Briefing\" { with: unhcr via: hct }\n",
            ),
            LanguageCode::DuplicateField => doc(
                "A field is given once in a block. Only its first value counts; the later copy still gets its own language diagnostics, but no rule reads it.",
                "actor unhcr \"UNHCR\" { kind: international-organization kind: ngo }\n",
                "actor unhcr \"UNHCR\" { kind: international-organization }\n",
            ),
            LanguageCode::MisplacedBlock => doc(
                "Some blocks stand only inside others: a `transition` and a `measure` inside an activity. A plan has one `plan` block, an activity one transition. A block where it may not stand is not checked.",
                "use \"actors.cmi\"\ntransition { to: council by: 2027-06-30 criteria: \"Council staff trained\" }\n",
                "use \"actors.cmi\"\nactivity training \"Training\" {\n  kind: capacity-building\n  transition { to: council by: 2027-06-30 criteria: \"Council staff trained\" }\n}\n",
            ),
            LanguageCode::InvalidSubject => doc(
                "A `subject` block says how the plan addresses a CMI subject (`addressed-by`), or why the subject does not apply (`not-applicable`): one of the two, never both nor neither.",
                "subject gender { }\n",
                "subject gender { not-applicable: \"Covered by the gender annex of the operation plan\" }\n",
            ),
            LanguageCode::LimitExceeded => doc(
                "cmilint reads files up to a size and blocks up to a depth of nesting (64 MiB and 32 by default; `.cmilint.yaml` raises them). A top-level block nested deeper is skipped like a broken one, and a file over the size is not read: either makes the plan unusable for the rules.",
                "activity a1 { activity a2 { activity a3 { activity a4 { activity a5 {\nactivity a6 { activity a7 { activity a8 { activity a9 { activity a10 {\nactivity a11 { activity a12 { activity a13 { activity a14 { activity a15 {\nactivity a16 { activity a17 { activity a18 { activity a19 { activity a20 {\nactivity a21 { activity a22 { activity a23 { activity a24 { activity a25 {\nactivity a26 { activity a27 { activity a28 { activity a29 { activity a30 {\nactivity a31 { activity a32 { activity a33 {\n}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}\n",
                "activity training \"Training\" {\n  kind: capacity-building\n  measure trained \"Staff trained\" { target: 12 }\n}\n",
            ),
            LanguageCode::BidiControlCharacter => doc(
                "Bidirectional control characters change the order in which text is shown, not the order in which it is read: a text can show one thing and say another (\"Trojan Source\"). A plan needs none of them. Each is reported where it stands, whatever else the file holds, and cannot be suppressed. Below it is shown as <U+202E>.",
                "message closed \"Berth 4 is \u{202E}nepo\" { }\n",
                "message closed \"Berth 4 is closed\" { }\n",
            ),
        }
    }
}

impl SuppressionCode {
    pub(crate) const fn documentation(self) -> Documentation {
        match self {
            SuppressionCode::Unused => doc(
                "An `allow` that silences nothing is a stale promise: the finding it was written for is gone, or it stands where it does not reach the finding (on its own line it covers the block, field or `use` on the next line; at the end of a line, that line). Remove it, or move it.",
                "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organization }\n",
                "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organisation }\n",
            ),
            SuppressionCode::UnknownCode => doc(
                "An `allow` names codes or rule names exactly as `cmilint rules` lists them. A misspelt one silences nothing.",
                "# cmilint: allow(E04) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organization }\n",
                "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organisation }\n",
            ),
            SuppressionCode::WithoutReason => doc(
                "A finding the plan accepts is silenced with the reason it is accepted, after `--`: the reviewer reads the reason instead of the finding.",
                "# cmilint: allow(E004)\nactor unhcr \"UNHCR\" { kind: international-organisation }\n",
                "# cmilint: allow(E004) -- the registry spells it so\nactor unhcr \"UNHCR\" { kind: international-organisation }\n",
            ),
        }
    }
}
