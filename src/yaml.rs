//! Mistakes in the YAML files cmilint reads (rule files, `.cmilint.yaml`), said as
//! `file:line:column: what is wrong`.

/// `file:line:column: message` for a serde_yaml error (the place said once).
pub fn error(name: &str, error: serde_yaml::Error) -> String {
    let message = error.to_string();
    match error.location() {
        Some(at) => {
            let (line, column) = (at.line(), at.column());
            let message = message
                .strip_suffix(&format!(" at line {line} column {column}"))
                .unwrap_or(&message);
            format!("{name}:{line}:{column}: {message}")
        }
        None => format!("{name}: {message}"),
    }
}

/// `file:line:column: message` for a mistake at a byte offset of the text.
pub fn error_at(name: &str, text: &str, at: usize, message: &str) -> String {
    let (line, column) = place(text, at);
    format!("{name}:{line}:{column}: {message}")
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
        assert_eq!(super::error_at("f.yaml", text, 0, "m"), "f.yaml:1:1: m");
        assert_eq!(
            super::error_at("f.yaml", text, text.len() - 2, "m"),
            "f.yaml:2:5: m"
        );
        let error = serde_yaml::from_str::<u8>("[x").unwrap_err();
        assert!(!super::error("f.yaml", error).contains(" at line "));
    }
}
