//! Text that came from a user (a plan, a file name, a rule file, a configuration),
//! made safe to print: every character that does not show as itself is written as an
//! escape, as rustc does. A terminal then receives no control sequence, a log no
//! forged line, and a reader sees text that runs the way it is stored.

use std::borrow::Cow;
use std::fmt::Write;
use std::path::Path;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// The Unicode name of a bidirectional control character (U+202A to U+202E, U+2066 to
/// U+2069): text that shows one way and runs another.
pub(crate) fn bidi_control_name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        _ => return None,
    })
}

/// Whether a character shows nothing, or changes how what follows shows, when printed:
/// a character [`is_escaped`] or white space.
pub(crate) fn is_invisible(c: char) -> bool {
    is_escaped(c) || c.is_whitespace()
}

/// Whether a character is printed as an escape: every control character but the tab
/// (C0, DEL and C1), every format character (bidirectional controls and marks,
/// zero-width characters and joiners, the byte order mark, the soft hyphen, tag
/// characters, …), and the Unicode line and paragraph separators: the general
/// categories Cc, Cf, Zl and Zp.
pub(crate) fn is_escaped(c: char) -> bool {
    // Most text is ASCII: answered without a look in Unicode's tables.
    if c.is_ascii() {
        return c.is_ascii_control() && c != '\t';
    }
    matches!(
        c.general_category(),
        GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator
    )
}

/// How an escaped character is printed: `\n`, `\r`, or `\u{1b}`.
pub(crate) fn push_escape(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        _ => {
            let _ = write!(out, "{}", c.escape_unicode());
        }
    }
}

/// Text for one line of output: every character that does not show as itself,
/// line ends included, escaped.
pub(crate) fn line(text: &str) -> Cow<'_, str> {
    escape(text, is_escaped)
}

/// An owned text as [`line`] shows it, without copying a text that needs no escape.
pub(crate) fn into_line(text: String) -> String {
    match line(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(escaped) => escaped,
    }
}

/// A text cut to its first `characters` characters and `…`, where a whole one does not
/// fit (a quote in a message, a name in a box of a drawing).
pub(crate) fn shortened(text: &str, characters: usize) -> Cow<'_, str> {
    match text.char_indices().nth(characters) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// Text of several lines (an example, an error of several lines): as [`line`], but
/// line feeds are kept.
pub(crate) fn lines(text: &str) -> Cow<'_, str> {
    escape(text, |c| c != '\n' && is_escaped(c))
}

/// A path as one line of output: as [`line`], and each byte that is not UTF-8 as
/// `\xe9`, so that two names that differ only there can be told apart.
pub(crate) fn path(path: &Path) -> String {
    let mut out = String::new();
    for chunk in path.as_os_str().as_encoded_bytes().utf8_chunks() {
        out.push_str(&line(chunk.valid()));
        for byte in chunk.invalid() {
            let _ = write!(out, "\\x{byte:02x}");
        }
    }
    out
}

fn escape(text: &str, escaped: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&escaped) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::{line, lines, path};

    #[test]
    fn control_and_bidi_characters_are_shown_as_escapes() {
        assert_eq!(line("plain text, ü and 水"), "plain text, ü and 水");
        assert_eq!(line("a\u{1b}[31mred"), "a\\u{1b}[31mred");
        assert_eq!(
            line("bell\u{7} back\u{8} csi\u{9b}"),
            "bell\\u{7} back\\u{8} csi\\u{9b}"
        );
        assert_eq!(line("open\u{202e}nepo"), "open\\u{202e}nepo");
        assert_eq!(line("two\nlines\rback"), "two\\nlines\\rback");
        assert_eq!(line("a\tb"), "a\tb");
        assert_eq!(lines("two\nlines\u{1b}"), "two\nlines\\u{1b}");
    }

    #[test]
    fn every_format_character_and_separator_is_shown_as_an_escape() {
        assert_eq!(line("tag\u{e0041}"), "tag\\u{e0041}");
        assert_eq!(line("soft\u{ad}hyphen"), "soft\\u{ad}hyphen");
        assert_eq!(
            line("\u{206a}\u{fff9}\u{2028}\u{2029}"),
            "\\u{206a}\\u{fff9}\\u{2028}\\u{2029}"
        );
        assert_eq!(
            line("zero\u{200b}width\u{feff}"),
            "zero\\u{200b}width\\u{feff}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_stay_apart() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let e_acute = path(OsStr::from_bytes(b"caf\xe9.cmi").as_ref());
        let e_grave = path(OsStr::from_bytes(b"caf\xe8.cmi").as_ref());
        assert_eq!(e_acute, "caf\\xe9.cmi");
        assert_eq!(e_grave, "caf\\xe8.cmi");
        assert_eq!(path(OsStr::new("a\nb.cmi").as_ref()), "a\\nb.cmi");
    }
}
