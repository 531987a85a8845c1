//! Hooks for the project's benchmarks, tests and fuzz targets, not part of the
//! library's interface: parts of the pipeline measured on their own, facts of the
//! vocabulary that tests generate plans from, and the oracle that robustness tests
//! and fuzzing share.

use std::sync::OnceLock;

use codespan_reporting::term::termcolor::NoColor;

use crate::{Diagnostic, Input, RuleSet, report};

pub use crate::config::MAX_NESTING_DEPTH;
pub use crate::syntax::pest_items;

/// cmilint's parse of a file, as a check does it (the scan, pest a stretch of items at
/// a time, the syntax tree; a large file's stretches in parallel), at the default
/// depth limit: what it built, to be dropped by the caller.
pub fn parse(text: &str) -> impl Sized {
    crate::syntax::parse(crate::FileId(0), text, &crate::config::Limits::default())
}

/// The keyword of every kind of block.
pub fn block_keywords() -> Vec<&'static str> {
    crate::vocabulary::BLOCKS
        .iter()
        .map(|b| b.keyword)
        .collect()
}

/// The bad and the good example of each of cmilint's own codes, as `(code, bad,
/// good)`.
pub fn own_code_examples() -> Vec<(&'static str, &'static str, &'static str)> {
    let codes = crate::codes::own_codes();
    codes
        .map(|c| (c.code, c.documentation.bad, c.documentation.good))
        .collect()
}

/// The language server on any input and output, as `cmilint lsp` runs it on standard
/// input and output: its exit code.
pub fn lsp_serve(
    input: impl std::io::BufRead + Send + 'static,
    output: impl std::io::Write,
) -> i32 {
    crate::lsp::serve(input, output)
}

/// The language server's reader on any bytes: what it made of each message, until
/// the end or a stream it can no longer read.
pub fn lsp_read_all(mut input: &[u8]) -> Vec<&'static str> {
    let mut read = Vec::new();
    loop {
        match crate::lsp::read_message(&mut input) {
            Ok(crate::lsp::Read::Message(_)) => read.push("message"),
            Ok(crate::lsp::Read::Skipped(_)) => read.push("skipped"),
            Ok(crate::lsp::Read::End) => return read,
            Err(_) => {
                read.push("broken");
                return read;
            }
        }
    }
}

/// The key of every kind of condition a rule file may write (`all`, `present`, …).
pub fn condition_keys() -> Vec<String> {
    crate::rules::condition_keys()
}

/// The name of every field of every kind of block.
pub fn field_names() -> Vec<&'static str> {
    let blocks = crate::vocabulary::BLOCKS.iter();
    blocks
        .flat_map(|b| b.fields.iter().map(|f| f.name))
        .collect()
}

/// Checks `bytes` as a plan on standard input named `fuzzed.cmi`, with the built-in
/// rules, and renders the findings in every format, asserting what every report
/// promises: a place never ends before it starts, no character that would not show
/// as itself is printed as it is, and a diagnostic is one line in `short`. The test
/// oracle of the robustness tests and of the fuzz target `check`.
///
/// # Panics
///
/// When a promise is broken (or cmilint panics).
pub fn check_and_render(bytes: Vec<u8>) -> Vec<Diagnostic> {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    let rules = RULES.get_or_init(|| RuleSet::load(&[]).expect("the built-in rules compile"));
    check_with_and_render(rules, bytes)
}

/// As [`check_and_render`], with other rules than the built-in ones (an
/// organisation's, from the fuzz target `rule_file`).
///
/// # Panics
///
/// When a promise is broken (or cmilint panics).
pub fn check_with_and_render(rules: &RuleSet, bytes: Vec<u8>) -> Vec<Diagnostic> {
    let page = review_page(rules, bytes.clone());
    assert!(page.ends_with("</html>"), "the reviewer's page is whole");
    assert_only_visible(&page);
    let findings = crate::check(
        vec![Input::Stdin {
            name: Some("fuzzed.cmi".into()),
            bytes,
        }],
        rules,
    )
    .expect("standard input is always readable");
    let mut human = NoColor::new(Vec::new());
    report::write_human(&mut human, &findings).expect("rendered");
    assert_only_visible(&String::from_utf8(human.into_inner()).expect("UTF-8"));
    let mut short = Vec::new();
    report::write_short(&mut short, &findings).expect("rendered");
    let short = String::from_utf8(short).expect("UTF-8");
    assert_only_visible(&short);
    let lines: Vec<&str> = short.lines().collect();
    assert_eq!(
        lines.len(),
        findings.diagnostics.len() + 1,
        "one line a diagnostic:\n{short}"
    );
    for line in &lines[..lines.len() - 1] {
        assert!(line.starts_with("fuzzed.cmi:"), "a line of its own: {line}");
    }
    let mut json = Vec::new();
    report::write_json(&mut json, &findings).expect("rendered");
    let json: serde_json::Value = serde_json::from_slice(&json).expect("valid JSON");
    for d in json["diagnostics"].as_array().expect("diagnostics") {
        let at = |line: &str, column: &str| (d[line].as_u64(), d[column].as_u64());
        assert!(
            at("line", "column") <= at("end_line", "end_column"),
            "a place that ends before it starts: {d}"
        );
        for text in ["message", "label", "help"] {
            assert_only_visible(d[text].as_str().unwrap_or_default());
        }
        assert!(!d["message"].as_str().unwrap_or_default().contains('\n'));
    }
    findings.diagnostics
}

/// The reviewer's page (`cmilint report`) of a plan given as bytes, as the command
/// writes it.
///
/// # Panics
///
/// If the plan cannot be checked (standard input always can).
pub fn review_page(rules: &RuleSet, bytes: Vec<u8>) -> String {
    let input = Input::Stdin {
        name: Some("fuzzed.cmi".into()),
        bytes,
    };
    let (findings, models) = crate::workspace::analyse(
        vec![input],
        rules,
        crate::workspace::Settings::default(),
        true,
    )
    .expect("standard input is always readable");
    let mut page = Vec::new();
    crate::review::write(&mut page, &findings, &models, rules).expect("written to memory");
    String::from_utf8(page).expect("the page is UTF-8")
}

/// Whether a character would not show as itself on a terminal, where a report may
/// write a line feed (written apart from `visible`, which it checks): a control
/// character, a bidirectional control or mark, a zero-width or invisible format
/// character, a tag character, a line or paragraph separator.
fn hidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\n' | '\t'))
        || matches!(
            c,
            '\u{ad}'
                | '\u{61c}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{206f}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{e0001}'
                | '\u{e0020}'..='\u{e007f}'
        )
}

/// Asserts that `output` prints no character as it is that would not show as itself.
///
/// # Panics
///
/// When it does.
pub fn assert_only_visible(output: &str) {
    if let Some(c) = output.chars().find(|&c| hidden(c)) {
        panic!("U+{:04X} printed as it is in:\n{output}", c as u32);
    }
}

/// Asserts that an error about a file is one line of visible text that names the file
/// first.
///
/// # Panics
///
/// When it is not.
pub fn assert_error_names(file: &str, error: &str) {
    assert!(error.starts_with(&format!("{file}:")), "{error}");
    assert!(!error.contains('\n'), "one line: {error}");
    assert_only_visible(error);
}

/// Reads a configuration (the text of a `.cmilint.yaml`), as a check does.
pub fn configuration(text: &str) -> Result<(), String> {
    crate::config::Config::parse(".cmilint.yaml", text)
        .map(drop)
        .map_err(|e| e.to_string())
}

/// A kind of block's keyword, and its fields, each with the words it may hold (none for
/// a field of text, dates, numbers or references).
pub type BlockWords = (&'static str, Vec<(&'static str, &'static [&'static str])>);

/// Each kind of block with its fields and their words: what plans are generated from.
pub fn vocabulary() -> Vec<BlockWords> {
    crate::vocabulary::BLOCKS
        .iter()
        .map(|b| {
            let fields = b.fields.iter().map(|f| {
                let words: &'static [&'static str] = match f.ty {
                    crate::vocabulary::Type::Enum(words) => words,
                    _ => &[],
                };
                (f.name, words)
            });
            (b.keyword, fields.collect())
        })
        .collect()
}
