//! Strings in the plan text: decoding escapes, and mapping a place in the decoded
//! text back to the source (for diagnostics about a word inside a text).

use super::explanation::Explanation;
use crate::source::{DecodedText, Span};

/// A bad escape found while decoding a string: its length and what is wrong.
pub(super) struct EscapeProblem {
    len: usize,
    message: String,
}

impl EscapeProblem {
    /// The explanation, for an escape starting at `offset` in the file.
    pub(super) fn at(self, offset: usize) -> Explanation {
        Explanation::new(Span::new(offset, offset + self.len), self.message)
            .label("not a valid escape")
            .help(
                "the escapes are \\\" \\\\ \\n \\t and \\u{...} with a Unicode code point \
                 in hex; write \\\\ for a backslash",
            )
    }
}

/// Decodes the escapes of a string body; a `"""` body also has its CRLF line ends
/// read as LF. On a bad escape, gives its offset in `body`.
pub(super) fn decode(body: &str, long: bool) -> Result<String, (usize, EscapeProblem)> {
    decode_mapped(body, long, &mut Vec::new())
}

/// Decodes the string literal at `span` whose body (`"""` bodies if `long`) starts at
/// `body_start` in the file, keeping where each part of it was written. On a bad escape,
/// gives its offset in `body`.
pub(super) fn decode_literal(
    body: &str,
    body_start: usize,
    span: Span,
    long: bool,
) -> Result<DecodedText, (usize, EscapeProblem)> {
    // Most texts hold neither an escape nor a `\r`: they are read as written, with
    // nothing decoded or copied.
    if memchr::memchr2(b'\\', b'\r', body.as_bytes()).is_none() {
        return Ok(DecodedText::as_written(span));
    }
    let mut shifts = Vec::new();
    let value = decode_mapped(body, long, &mut shifts)?;
    for (_, in_body) in &mut shifts {
        *in_body += body_start;
    }
    Ok(DecodedText::decoded(value, span, body_start, shifts))
}

/// Decodes `body`, noting `(offset in the decoded text, offset in the body)` wherever
/// the two stop moving in step.
fn decode_mapped(
    body: &str,
    long: bool,
    shifts: &mut Vec<(usize, usize)>,
) -> Result<String, (usize, EscapeProblem)> {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(i) = rest.find(['\\', '\r']) {
        out.push_str(&rest[..i]);
        let at = body.len() - rest.len() + i;
        let tail = &rest[i..];
        if let Some(after) = tail.strip_prefix('\r') {
            if !(long && after.starts_with('\n')) {
                out.push('\r');
            }
            rest = after;
            shifts.push((out.len(), at + 1));
            continue;
        }
        let (ch, len) = escape(tail).map_err(|problem| (at, problem))?;
        out.push(ch);
        rest = &tail[len..];
        shifts.push((out.len(), at + len));
    }
    out.push_str(rest);
    Ok(out)
}

/// The character of the escape at the start of `tail` (which starts with `\`), and the
/// escape's length.
fn escape(tail: &str) -> Result<(char, usize), EscapeProblem> {
    let bad = |len: usize, message: String| Err(EscapeProblem { len, message });
    let mut chars = tail[1..].chars();
    match chars.next() {
        Some('"') => Ok(('"', 2)),
        Some('\\') => Ok(('\\', 2)),
        Some('n') => Ok(('\n', 2)),
        Some('t') => Ok(('\t', 2)),
        Some('u') => {
            let Some(body) = tail[2..].strip_prefix('{') else {
                return bad(
                    2,
                    "`\\u` must be followed by a code point in braces, as in `\\u{1F600}`".into(),
                );
            };
            let digits: String = body.chars().take_while(char::is_ascii_hexdigit).collect();
            let len = 4 + digits.len();
            if digits.is_empty() || digits.len() > 6 || !body[digits.len()..].starts_with('}') {
                return bad(
                    len.min(tail.len()),
                    "`\\u{...}` needs one to six hex digits and a closing `}`".into(),
                );
            }
            match u32::from_str_radix(&digits, 16)
                .ok()
                .and_then(char::from_u32)
            {
                Some(ch) => Ok((ch, len)),
                None => bad(len, format!("`\\u{{{digits}}}` is not a Unicode character")),
            }
        }
        Some(other) => bad(
            1 + other.len_utf8(),
            format!("`\\{other}` is not an escape"),
        ),
        None => bad(1, "a backslash ends the text".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where `word` of the decoded literal stands in the literal, which is taken to
    /// start at offset 100 of its file.
    fn place_of(literal: &str, long: bool, word: &str) -> (usize, usize) {
        let quotes = if long { 3 } else { 1 };
        let body = &literal[quotes..literal.len() - quotes];
        let span = Span::new(100, 100 + literal.len());
        let Ok(text) = decode_literal(body, 100 + quotes, span, long) else {
            panic!("{literal} decodes");
        };
        let file = format!("{}{literal}", " ".repeat(100));
        let at = text
            .value(&file)
            .find(word)
            .expect("the word is in the text");
        let place = text.source_span(at..at + word.len(), &file);
        (place.start() - 100, place.end() - 100)
    }

    #[test]
    fn a_word_of_a_text_is_placed_where_it_was_written() {
        assert_eq!(
            place_of(r#""task the council""#, false, "council"),
            (10, 17)
        );
        assert_eq!(place_of(r#""say \"task\" then""#, false, "then"), (14, 18));
        assert_eq!(place_of(r#""\u{e9}t\u{e9} task""#, false, "task"), (15, 19));
        assert_eq!(place_of("\"\"\"a\r\nb task\"\"\"", true, "task"), (8, 12));
        assert_eq!(place_of("\"\"\"task\"\"\"", true, "task"), (3, 7));
    }
}
