//! Mistakes in the YAML files cmilint reads (rule files, `.cmilint.yaml`), said as
//! `file:line:column: what is wrong`.

use std::borrow::Cow;
use std::fmt;

use crate::visible;

/// A mistake in a YAML file cmilint reads, at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The file, as the user named it.
    pub file: String,
    /// From 1.
    pub line: usize,
    /// From 1, in characters.
    pub column: usize,
    /// What is wrong, and how to mend it.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let YamlError {
            file,
            line,
            column,
            message,
        } = self;
        write!(f, "{file}:{line}:{column}: {message}")
    }
}

impl std::error::Error for YamlError {}

impl YamlError {
    /// An error with its message as it is shown: on one line, every character that
    /// would not show as itself escaped, each quoted part cut to [`MAX_QUOTED`]
    /// characters and the whole to [`MAX_MESSAGE`].
    fn new(file: &str, line: usize, column: usize, message: &str) -> Self {
        let message = visible::into_line(excerpts(message));
        let message = match message.char_indices().nth(MAX_MESSAGE) {
            Some((cut, _)) => format!("{}…", &message[..cut]),
            None => message,
        };
        YamlError {
            file: file.to_owned(),
            line,
            column,
            message,
        }
    }
}

/// Brackets open at once beyond which a file is refused before YAML reads it (reading
/// deeper flow collections costs time in proportion to the square of the depth; YAML
/// itself refuses data nested deeper than 128).
const MAX_OPEN_BRACKETS: usize = 128;

/// Refuses a text with more than [`MAX_OPEN_BRACKETS`] brackets open at once, before
/// YAML reads it.
pub(crate) fn refuse_deep_brackets(name: &str, text: &str) -> Result<(), YamlError> {
    match too_many_open_brackets(text) {
        Some(at) => Err(error_at(
            name,
            text,
            at,
            format!(
                "more than {MAX_OPEN_BRACKETS} brackets are open here; cmilint's files nest \
                 far less: is a `]` or `}}` missing?"
            ),
        )),
        None => Ok(()),
    }
}

/// Where a `[` or `{` opens more than [`MAX_OPEN_BRACKETS`] at once, counting every
/// bracket (inside strings too: a rule's text never comes near the limit).
fn too_many_open_brackets(text: &str) -> Option<usize> {
    let mut open = 0usize;
    text.bytes().position(|b| {
        match b {
            b'[' | b'{' => open += 1,
            b']' | b'}' => open = open.saturating_sub(1),
            _ => {}
        }
        open > MAX_OPEN_BRACKETS
    })
}

/// A `serde_yaml` error in `text` (the place said once); a mistake the YAML library
/// gives no place for is placed where it can be.
pub(crate) fn error(name: &str, text: &str, error: &serde_yaml::Error) -> YamlError {
    let message = plain(&error.to_string());
    let Some(at) = error.location() else {
        let said = message.clone() + &did_you_mean(&message);
        return error_at(name, text, first_alias(text).unwrap_or(0), said);
    };
    let (line, column) = (at.line(), at.column());
    let said = message.replacen(&format!(" at line {line} column {column}"), "", 1);
    let said = said.clone() + &did_you_mean(&said);
    YamlError::new(name, line, column, &said)
}

/// "; did you mean `rules`?" after serde's "unknown field `rule`, expected one of
/// `limits`, `rules`, ..." (or "unknown variant"): the closest of the names it
/// expected, if one is close.
fn did_you_mean(message: &str) -> String {
    let Some((_, rest)) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown variant `"))
    else {
        return String::new();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return String::new();
    };
    let names = expected.split('`').skip(1).step_by(2);
    crate::suggest::Suggestions::for_text(0).did_you_mean(unknown, names)
}

/// The most characters of a file a message quotes: a file that is not a plan may hold
/// what should not reach a log (a token, a password), and a long quote helps no one.
const MAX_QUOTED: usize = 32;

/// The most characters of a message: the longest that cmilint writes (a list of the
/// fields a part of a rule may have) is far shorter, so that a quote whose end cannot
/// be told (a backtick inside it) is cut here.
const MAX_MESSAGE: usize = 400;

/// The message with every quoted part (between `"` or backticks) longer than
/// [`MAX_QUOTED`] characters cut to its start and `…`. The YAML library's messages
/// are read as it writes them: the path of keys to the mistake (each key cut, and the
/// path to its last [`MAX_PATH`] characters), then what is wrong, where the name in
/// "unknown field `…`" or "unknown variant `…`" is one quoted part whatever backticks
/// it holds.
fn excerpts(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    if let Some((path, said)) = split_path(message) {
        let keys: Vec<Cow<str>> = path.split('.').map(cut).collect();
        let keys = keys.join(".");
        match keys.char_indices().rev().nth(MAX_PATH) {
            Some((start, c)) => {
                out.push('…');
                out.push_str(&keys[start + c.len_utf8()..]);
            }
            None => out.push_str(&keys),
        }
        out.push_str(": ");
        rest = said;
    }
    for unknown in ["unknown field `", "unknown variant `"] {
        if let Some(after) = rest.strip_prefix(unknown)
            && let Some(close) = after
                .rfind("`, expected ")
                .or_else(|| after.rfind("`, there are no "))
        {
            out.push_str(unknown);
            out.push_str(&cut(&after[..close]));
            rest = &after[close..];
        }
    }
    while let Some(open) = rest.find(['"', '`']) {
        let quote = rest[open..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=open]);
        let quoted = &rest[open + 1..];
        let mut escaped = false;
        let close = quoted.char_indices().find(|&(_, c)| {
            let closes = c == quote && !escaped;
            escaped = quote == '"' && c == '\\' && !escaped;
            closes
        });
        let Some((close, _)) = close else {
            rest = quoted;
            continue;
        };
        out.push_str(&cut(&quoted[..close]));
        out.push(quote);
        rest = &quoted[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The most characters of the path of keys before a message of the YAML library.
const MAX_PATH: usize = 100;

/// The path of keys the YAML library writes before what is wrong
/// (`rules[0].checks[1]: unknown field …`), and what is wrong.
fn split_path(message: &str) -> Option<(&str, &str)> {
    const SAID: [&str; 7] = [
        ": unknown field `",
        ": unknown variant `",
        ": invalid type: ",
        ": invalid value: ",
        ": invalid length ",
        ": missing field `",
        ": duplicate field `",
    ];
    let at = SAID.iter().filter_map(|said| message.find(said)).min()?;
    Some((&message[..at], &message[at + 2..]))
}

/// A part of a file quoted in a message: cut to [`MAX_QUOTED`] characters and `…`.
pub(crate) fn cut(quoted: &str) -> Cow<'_, str> {
    crate::visible::shortened(quoted, MAX_QUOTED)
}

/// The YAML library's words for a few mistakes, in a rule author's.
fn plain(message: &str) -> String {
    const PLAIN: [(&str, &str); 3] = [
        (
            "recursion limit exceeded",
            "nested more than 128 levels deep; cmilint's files nest far less",
        ),
        (
            "repetition limit exceeded",
            "aliases (`*name`) repeat their anchors too often; write the parts out",
        ),
        (
            "expected map with a single key",
            "expected a condition with a single key; to join conditions, list them \
             under `all:` or `any:`",
        ),
    ];
    PLAIN.iter().fold(message.to_owned(), |m, (said, plain)| {
        m.replace(said, plain)
    })
}

/// Where the first alias (`*name`) stands, as a guess at the place of a mistake of
/// repetition: a `*` after a space, `[`, `,` or `:`.
fn first_alias(text: &str) -> Option<usize> {
    text.match_indices('*')
        .find(|(i, _)| text[..*i].ends_with([' ', '[', ',', ':', '-']))
        .map(|(i, _)| i)
}

/// A mistake at a byte offset of the text.
pub(crate) fn error_at(name: &str, text: &str, at: usize, message: impl AsRef<str>) -> YamlError {
    let (line, column) = place(text, at);
    YamlError::new(name, line, column, message.as_ref())
}

/// The line and column (both from 1, the column in characters) of a byte offset.
fn place(text: &str, at: usize) -> (usize, usize) {
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    #[test]
    fn places_count_lines_and_characters_from_one() {
        let text = "a: 1\nçb: [\n";
        let at = |offset| super::error_at("f.yaml", text, offset, "m").to_string();
        assert_eq!(at(0), "f.yaml:1:1: m");
        assert_eq!(at(text.len() - 2), "f.yaml:2:5: m");
        let error = serde_yaml::from_str::<u8>("[x").unwrap_err();
        let error = super::error("f.yaml", "[x", &error);
        assert!(!error.message.contains(" at line "), "{error}");
    }

    #[test]
    fn a_message_quotes_no_more_than_a_short_excerpt_of_the_file() {
        let text = "\"root:x:0:0:root:/root:/bin/bash and the rest of the file\"";
        let error = serde_yaml::from_str::<u8>(text).unwrap_err();
        let error = super::error("f.yaml", text, &error);
        assert_eq!(
            error.message,
            "invalid type: string \"root:x:0:0:root:/root:/bin/bash …\", expected u8"
        );
        assert_eq!(
            super::excerpts(
                "unknown field `a-very-long-field-name-that-goes-on-and-on`, expected `x`"
            ),
            "unknown field `a-very-long-field-name-that-goes…`, expected `x`"
        );
        let key = format!("a`{}", "b".repeat(40));
        let nested = format!(
            "rules[0].{}.where: unknown variant `{key}`, expected `x`",
            "k".repeat(300)
        );
        assert_eq!(
            super::excerpts(&nested),
            format!(
                "rules[0].{}….where: unknown variant `a`{}…`, expected `x`",
                "k".repeat(32),
                "b".repeat(30)
            )
        );
        let deep = format!("p{}: unknown field `y`, expected `x`", ".not".repeat(50));
        assert_eq!(
            super::excerpts(&deep),
            format!("…{}: unknown field `y`, expected `x`", ".not".repeat(25))
        );
        assert_eq!(
            super::excerpts(&format!("unknown field `{key}`, expected one of `x`, `y`")),
            format!(
                "unknown field `a`{}…`, expected one of `x`, `y`",
                "b".repeat(30)
            )
        );
        assert_eq!(
            super::excerpts("a \"q\\\"uote\" and `b"),
            "a \"q\\\"uote\" and `b"
        );
    }
}
