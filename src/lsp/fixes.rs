//! The quick fixes of a finding: the suggestion of its "did you mean" put in place of
//! the word it corrects, and a suppression of its code on the line above, with a reason
//! for the planner to write.

use lsp_types::{Diagnostic, Position, Range, TextEdit};

use super::documents::{Document, Encoding, Lines};

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

    fn titles(text: &str, line: u32, start: u32, end: u32, message: &str) -> Vec<(String, String)> {
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
        of(&document, &diagnostic, "X", false, Encoding::Utf16)
            .into_iter()
            .map(|f| (f.title, format!("{:?}", f.edit.range)))
            .collect()
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
        assert!(e010[0].1.contains("character: 5"), "{e010:?}");
        // S002 points at the whole comment; only the code in it is replaced.
        let s002 = titles(
            "# cmilint: allow(CMI1077) -- x",
            0,
            0,
            30,
            "`CMI1077` is not a code or rule name of cmilint; did you mean `CMI107`?",
        );
        assert!(s002[0].1.contains("character: 17"), "{s002:?}");
        // No suggestion, no fix.
        assert!(titles("plan", 0, 0, 4, "the plan has no review cycle").is_empty());
    }
}
