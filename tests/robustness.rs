//! No input, however broken, makes cmilint panic, hang or overflow its stack: it gets
//! diagnostics that every report format can render.

use codespan_reporting::term::termcolor::NoColor;
use proptest::prelude::*;

use cmilint::diagnostic::Diagnostic;
use cmilint::report;
use cmilint::rules::RuleSet;
use cmilint::workspace::{self, Input};

fn rules() -> RuleSet {
    RuleSet::load(&[]).expect("the built-in rules compile")
}

/// Checks `bytes` as a plan on standard input and renders the result in every format.
fn check_and_render(bytes: Vec<u8>) -> Vec<Diagnostic> {
    let report = workspace::check(
        vec![Input::Stdin {
            name: Some("fuzzed.cmi".into()),
            bytes,
        }],
        &rules(),
    )
    .expect("standard input is always readable");
    let mut human = NoColor::new(Vec::new());
    report::write_human(&mut human, &report.sources, &report.diagnostics).expect("rendered");
    report::write_short(&mut Vec::new(), &report.sources, &report.diagnostics).expect("rendered");
    let mut json = Vec::new();
    report::write_json(&mut json, &report.sources, &report.diagnostics).expect("rendered");
    serde_json::from_slice::<serde_json::Value>(&json).expect("valid JSON");
    report.diagnostics
}

const CLEAN_PLAN: &str = include_str!("../examples/river-shield/plan.cmi");

/// Pieces of the language, so that random text often comes close to a plan.
fn plan_like_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("actor a \"A\" {".to_owned()),
        Just("activity w {".to_owned()),
        Just("transition {".to_owned()),
        Just("plan \"P\" {".to_owned()),
        Just("use \"x.cmi\"\n".to_owned()),
        Just("kind: ngo".to_owned()),
        Just("with: [a, b, \"c\",]".to_owned()),
        Just("period: 2027-01-01..2026-12-31".to_owned()),
        Just("date: 2027-02-30".to_owned()),
        Just("\"\"\"".to_owned()),
        Just("\\u{D800}".to_owned()),
        Just("# comment\n".to_owned()),
        Just("}".to_owned()),
        Just("[".to_owned()),
        Just(":".to_owned()),
        "[ -~\n\t\u{e9}\u{1F600}]{0,6}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.join(" "))
}

proptest! {
    #[test]
    fn any_text_gets_diagnostics_not_a_panic(text in plan_like_text()) {
        check_and_render(text.into_bytes());
    }

    #[test]
    fn any_bytes_get_diagnostics_not_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        check_and_render(bytes);
    }

    #[test]
    fn a_damaged_plan_gets_diagnostics_not_a_panic(
        cuts in prop::collection::vec((0..CLEAN_PLAN.len(), 0usize..12, "[ -~\n]{0,3}"), 1..4)
    ) {
        let mut text = CLEAN_PLAN.as_bytes().to_vec();
        for (at, len, insert) in cuts {
            let at = at.min(text.len());
            let end = (at + len).min(text.len());
            text.splice(at..end, insert.bytes());
        }
        check_and_render(text);
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let depth = 200_000;
    let text = "activity a {\n".repeat(depth) + &"}\n".repeat(depth);
    let diagnostics = check_and_render(text.into_bytes());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code, "E016");
}

#[test]
fn deep_nesting_left_open_is_refused_too() {
    let diagnostics = check_and_render("a{".repeat(500_000).into_bytes());
    assert_eq!(
        diagnostics
            .iter()
            .map(|d| d.code.as_ref())
            .collect::<Vec<_>>(),
        ["E016"]
    );
}

#[test]
fn lists_in_lists_do_not_recurse() {
    let text = format!("actor a {{ principles: {} }}", "[".repeat(500_000));
    let diagnostics = check_and_render(text.into_bytes());
    assert_eq!(
        diagnostics
            .iter()
            .map(|d| d.code.as_ref())
            .collect::<Vec<_>>(),
        ["E001"]
    );
}

#[test]
fn the_deepest_nesting_a_configuration_allows_parses() {
    let depth = cmilint::config::MAX_NESTING_DEPTH;
    let dir = std::env::temp_dir().join(format!("cmilint-depth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".cmilint.yaml"),
        format!("limits:\n  nesting-depth: {depth}\n"),
    )
    .unwrap();
    let text = "activity a {\n".repeat(depth) + &"}\n".repeat(depth);
    let name = dir.join("deep.cmi").to_string_lossy().into_owned();
    let report = workspace::check(
        vec![Input::Stdin {
            name: Some(name),
            bytes: text.into_bytes(),
        }],
        &rules(),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let diagnostics = report.unwrap().diagnostics;
    let codes: Vec<&str> = diagnostics.iter().map(|d| d.code.as_ref()).collect();
    assert!(!codes.contains(&"E016"), "{codes:?}");
    assert!(
        codes.contains(&"E014"),
        "nested activities are misplaced: {codes:?}"
    );
}
