//! Bidirectional control characters (E017): text that reads one way and runs another
//! ("Trojan Source"). Each is reported at the character, whatever else the file holds.

use crate::codes::LanguageCode;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::{FileId, Span};
use crate::visible::bidi_control_name;

/// E017 for every bidirectional control character of a file. Each is three bytes in
/// UTF-8, all starting with 0xE2, which most texts hold seldom.
pub(super) fn controls(file: FileId, text: &str) -> Vec<Diagnostic> {
    memchr::memchr_iter(0xE2, text.as_bytes())
        .filter_map(|at| {
            let c = text.get(at..)?.chars().next()?;
            let name = bidi_control_name(c)?;
            let location = Location {
                file,
                span: Span::new(at, at + c.len_utf8()),
            };
            let code = c as u32;
            let message = format!(
                "the invisible character U+{code:04X} {name} can make the text read \
                 differently from how it runs"
            );
            Some(
                Diagnostic::new(&LanguageCode::BidiControlCharacter, location, message)
                    .with_label(format!("U+{code:04X}"))
                    .with_help(
                        "remove it: a plan needs no bidirectional control characters, and they \
                         can hide what a text really says (\"Trojan Source\")",
                    ),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_control_is_found_at_its_place_and_nothing_else() {
        let text = "a\u{202E}b \u{2066}c\u{2069} é\u{2014}\u{200B}";
        let found = controls(FileId(0), text);
        let places: Vec<&str> = found
            .iter()
            .map(|d| &text[d.location.span.range()])
            .collect();
        assert_eq!(places, ["\u{202E}", "\u{2066}", "\u{2069}"]);
        assert!(found[0].message().contains("U+202E RIGHT-TO-LEFT OVERRIDE"));
    }
}
