//! The quick fixes of a finding: the suggestion of its "did you mean" put in place of
//! the word it corrects; the skeleton of a missing required field (E009) or of a
//! missing `transition` block (CMI110); and a suppression of its code on the line
//! above, with a reason for the planner to write.

use lsp_types::{Diagnostic, Position, Range, TextEdit};

use super::completion::declared;
use super::documents::{Document, Encoding, Lines};
use crate::vocabulary::{BlockKind, Type};

/// What a suppression the server writes says in place of a reason, for the planner to
/// replace.
const REASON: &str = "why the plan accepts this";

/// A fix: its title, its edit, and whether it is the one to prefer.
pub(crate) struct Fix {
    pub(crate) title: String,
    pub(crate) edit: TextEdit,
    pub(crate) preferred: bool,
}

/// The fixes of a cmilint finding in a document; `allowed` says whether an `allow` may
/// silence its code.
pub(crate) fn of(
    document: &Document,
    diagnostic: &Diagnostic,
    code: &str,
    allowed: bool,
    encoding: Encoding,
) -> Vec<Fix> {
    let mut fixes = Vec::new();
    if let Some(fix) = suggestion(document, diagnostic, encoding) {
        fixes.push(fix);
    }
    let skeleton = match code {
        "E009" => missing_field(document, diagnostic, encoding),
        "CMI110" => missing_transition(document, diagnostic, encoding),
        _ => None,
    };
    fixes.extend(skeleton);
    if allowed {
        fixes.push(allow(document, diagnostic.range.start.line, code));
    }
    fixes
}

/// "did you mean `lead`?": the word the message quotes that stands in the finding's
/// range, replaced by the suggestion.
fn suggestion(document: &Document, diagnostic: &Diagnostic, encoding: Encoding) -> Option<Fix> {
    let (said, suggested) = diagnostic.message.split_once("did you mean `")?;
    let suggested = suggested.split('`').next()?;
    let text = &document.text;
    let lines = Lines::new(text);
    let start = lines.offset(text, diagnostic.range.start, encoding);
    let end = lines
        .offset(text, diagnostic.range.end, encoding)
        .max(start);
    let range_text = &text[start..end];
    // The longest quoted word of the message that the range holds: the one mistaken.
    let wrong = said
        .split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && range_text.contains(*w))
        .max_by_key(|w| w.len())?;
    let at = start + range_text.find(wrong)?;
    Some(Fix {
        title: format!("Replace `{wrong}` with `{suggested}`"),
        edit: TextEdit::new(
            lines.range(text, at, at + wrong.len(), encoding),
            suggested.to_owned(),
        ),
        preferred: true,
    })
}

/// "`actor a` has no `kind`": the field, with a value to start from, just inside the
/// block's `{`: the first word of an enumeration, `no`, an empty text, or the first
/// block the text declares of a kind the field names. A field of dates or numbers has
/// no value to start from, and no skeleton.
fn missing_field(document: &Document, diagnostic: &Diagnostic, encoding: Encoding) -> Option<Fix> {
    let mut quoted = diagnostic.message.split('`').skip(1).step_by(2);
    let kind = BlockKind::from_keyword(quoted.next()?.split(' ').next()?)?;
    let field = kind.spec().field(quoted.next()?)?;
    let value = match field.ty {
        Type::Enum(words) => (*words.first()?).to_owned(),
        Type::Bool => "no".to_owned(),
        Type::Text => "\"\"".to_owned(),
        Type::Ref(kinds) => declared(&document.text, kinds).into_iter().next()?.1,
        Type::Word | Type::Date | Type::Range | Type::Number => return None,
    };
    let (text, lines) = (&document.text, Lines::new(&document.text));
    let header = lines.offset(text, diagnostic.range.start, encoding);
    let open = opening_brace(text, header)?;
    Some(Fix {
        title: format!("Add `{}: {value}`", field.name),
        edit: TextEdit::new(
            lines.range(text, open + 1, open + 1, encoding),
            format!(" {}: {value}", field.name),
        ),
        preferred: false,
    })
}

/// A `transition` block before the closing `}` of the activity, handing over to the
/// first actor the text declares, with its criteria to write.
fn missing_transition(
    document: &Document,
    diagnostic: &Diagnostic,
    encoding: Encoding,
) -> Option<Fix> {
    let (text, lines) = (&document.text, Lines::new(&document.text));
    let header = lines.offset(text, diagnostic.range.start, encoding);
    let open = opening_brace(text, header)?;
    let close = closing_brace(text, open)?;
    let to = declared(text, &[BlockKind::Actor])
        .into_iter()
        .next()
        .map(|(_, actor)| format!("to: {actor} "))
        .unwrap_or_default();
    let multi_line = text[open..close].contains('\n');
    let skeleton = format!("transition {{ {to}criteria: \"when the task is handed over\" }}");
    let new_text = if multi_line {
        format!("  {skeleton}\n")
    } else {
        format!("{skeleton} ")
    };
    // Before the `}`: on a line of its own when the block spans lines.
    let at = if multi_line {
        text[..close].rfind('\n').map_or(close, |i| i + 1)
    } else {
        close
    };
    Some(Fix {
        title: "Add a `transition` block".to_owned(),
        edit: TextEdit::new(lines.range(text, at, at, encoding), new_text),
        preferred: false,
    })
}

/// The `{` that opens the block whose header starts at `header`: the first one after
/// it outside a text.
fn opening_brace(text: &str, header: usize) -> Option<usize> {
    let mut in_text = false;
    let mut escaped = false;
    for (i, c) in text.get(header..)?.char_indices() {
        match (c, in_text) {
            (_, true) if escaped => escaped = false,
            ('\\', true) => escaped = true,
            ('"', _) => in_text = !in_text,
            ('{', false) => return Some(header + i),
            _ => {}
        }
    }
    None
}

/// The `}` that closes the `{` at `open`, texts and nested blocks passed over.
fn closing_brace(text: &str, open: usize) -> Option<usize> {
    let (mut depth, mut in_text, mut escaped) = (0usize, false, false);
    for (i, c) in text.get(open..)?.char_indices() {
        match (c, in_text) {
            (_, true) if escaped => escaped = false,
            ('\\', true) => escaped = true,
            ('"', _) => in_text = !in_text,
            ('{', false) => depth += 1,
            ('}', false) => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// A suppression of `code` on the line above `line`, indented as it.
fn allow(document: &Document, line: u32, code: &str) -> Fix {
    let indent: String = document
        .text
        .lines()
        .nth(line as usize)
        .unwrap_or_default()
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let at = Position::new(line, 0);
    Fix {
        title: format!("Allow {code} here, with a reason"),
        edit: TextEdit::new(
            Range::new(at, at),
            format!("{indent}# cmilint: allow({code}) -- {REASON}\n"),
        ),
        preferred: false,
    }
}

#[cfg(test)]
mod tests {
    use lsp_types::{Diagnostic, Position, Range};

    use super::super::documents::{Document, Encoding};
    use super::of;

    /// The fixes of a finding of `code` on `line` from `start` to `end`, saying
    /// `message`: each as its title and the text it leaves.
    fn fixes(
        text: &str,
        (line, start, end): (u32, u32, u32),
        code: &str,
        message: &str,
    ) -> Vec<(String, String)> {
        let document = Document {
            text: text.into(),
            version: 1,
            path: None,
        };
        let diagnostic = Diagnostic {
            range: Range::new(Position::new(line, start), Position::new(line, end)),
            message: message.into(),
            ..Diagnostic::default()
        };
        let lines = super::Lines::new(text);
        of(&document, &diagnostic, code, false, Encoding::Utf16)
            .into_iter()
            .map(|f| {
                let from = lines.offset(text, f.edit.range.start, Encoding::Utf16);
                let to = lines.offset(text, f.edit.range.end, Encoding::Utf16);
                let mut edited = text.to_owned();
                edited.replace_range(from..to, &f.edit.new_text);
                (f.title, edited)
            })
            .collect()
    }

    fn titles(text: &str, line: u32, start: u32, end: u32, message: &str) -> Vec<(String, String)> {
        fixes(text, (line, start, end), "X", message)
    }

    #[test]
    fn the_suggestion_replaces_the_quoted_word_the_finding_points_at() {
        // E003 quotes the block and the field: the field is in the range.
        let e003 = titles(
            "plan \"P\" { leed: x }",
            0,
            11,
            15,
            "`plan` has no field `leed`; did you mean `lead`?",
        );
        assert_eq!(e003[0].0, "Replace `leed` with `lead`");
        // E010 points at the quoted path; the name inside the quotes is replaced.
        let e010 = titles(
            "use \"actor.cmi\"",
            0,
            4,
            15,
            "there is no file `actor.cmi`; did you mean `actors.cmi`?",
        );
        assert_eq!(e010[0].0, "Replace `actor.cmi` with `actors.cmi`");
        assert_eq!(e010[0].1, "use \"actors.cmi\"");
        // S002 points at the whole comment; only the code in it is replaced.
        let s002 = titles(
            "# cmilint: allow(CMI1077) -- x",
            0,
            0,
            30,
            "`CMI1077` is not a code or rule name of cmilint; did you mean `CMI107`?",
        );
        assert_eq!(s002[0].1, "# cmilint: allow(CMI107) -- x");
        // E012 names the field too; the reference is in the range.
        let e012 = titles(
            "engagement e \"E\" { phase: ones }",
            0,
            26,
            30,
            "`ones` is an actor, but `phase` names a phase; did you mean `one`?",
        );
        assert_eq!(e012[0].0, "Replace `ones` with `one`");
        // No suggestion, no fix.
        assert!(titles("plan", 0, 0, 4, "the plan has no review cycle").is_empty());
    }

    fn fixed(text: &str, line: u32, code: &str, message: &str) -> Vec<String> {
        fixes(text, (line, 0, 1), code, message)
            .into_iter()
            .map(|(title, edited)| format!("{title}: {edited}"))
            .collect()
    }

    #[test]
    fn a_missing_field_or_transition_gets_a_skeleton_to_fill_in() {
        let actor = fixed(
            "actor a \"A {x}\" { }\n",
            0,
            "E009",
            "`actor a` has no `kind`, which every actor needs",
        );
        assert_eq!(
            actor,
            ["Add `kind: military`: actor a \"A {x}\" { kind: military }\n"]
        );
        let engagement = fixed(
            "actor ngo \"N\" { kind: ngo }\nengagement e \"E\" { by: ngo }\n",
            1,
            "E009",
            "`engagement e` has no `with`, which every engagement needs",
        );
        assert_eq!(
            engagement,
            [
                "Add `with: ngo`: actor ngo \"N\" { kind: ngo }\nengagement e \"E\" { with: ngo by: ngo }\n"
            ]
        );
        // No value to start from for a range.
        assert!(
            fixed(
                "phase p \"P\" { }",
                0,
                "E009",
                "`phase p` has no `period`, which every phase needs"
            )
            .is_empty()
        );
        let activity = fixed(
            "actor c \"C\" { kind: local-authority }\nactivity w \"W\" {\n  kind: non-military-task\n}\n",
            1,
            "CMI110",
            "activity `w` takes on a non-military task but has no transition plan",
        );
        assert_eq!(
            activity,
            [
                "Add a `transition` block: actor c \"C\" { kind: local-authority }\nactivity w \"W\" {\n  kind: non-military-task\n  transition { to: c criteria: \"when the task is handed over\" }\n}\n"
            ]
        );
    }
}
