//! No input, however broken, makes cmilint panic, hang or overflow its stack: it gets
//! diagnostics that every report format can render, and no report lets what the input
//! holds reach a terminal or a log as anything but visible text.

use proptest::prelude::*;

use cmilint::hooks::check_and_render;
use cmilint::{Diagnostic, Input, RuleSet};

fn rules() -> RuleSet {
    RuleSet::load(&[]).expect("the built-in rules compile")
}

/// Control sequences, a forged report line and bidirectional overrides, written with
/// escapes in strings and raw in comments.
const FORGING_PLAN: &str = concat!(
    "use \"x\\u{1b}[2J\\nfuzzed.cmi:1:1: info[CMI101] forged: all is well\\n.cmi\"\n",
    "plan \"P\\u{1b}[31m\\u{7}\\u{8}\\u{9b}\\u{202e}\" {\n",
    "  level: tactical\n",
    "  period: 2027-01-01..2027-06-30 # \u{1b}]0;title\u{7} \u{9b} \u{202e}\n",
    "}\n",
    "# cmilint: allow(\u{1b}[31mE005\u{9b}\r) -- why\n",
    "actor a \"A\\u{d}B\" { kind: ngoo }\n",
);

/// The same characters raw where they are errors: after a word, in a string on a line
/// that has a diagnostic.
const RAW_CONTROLS_PLAN: &str = concat!(
    "plan \"P\u{1b}[31m\u{7}\u{8}\" {\n",
    "  level: tactical\u{1b}[0m\n",
    "  period: 2027-01-01..2027-06-30 # \u{202e} note \u{1b}]0;title\u{7}\n",
    "}\n",
    "actor a \"A\rB\u{9b}\u{202e}\" { kind: ngoo\u{1b} }\n",
);

#[test]
fn what_a_plan_holds_is_printed_as_visible_text_in_every_format() {
    let forging = check_and_render(FORGING_PLAN.as_bytes().to_vec());
    assert_eq!(codes(&forging), ["E010", "E017", "S002", "E004"]);
    assert_eq!(
        &*forging[0].message(),
        "there is no file `x\\u{1b}[2J\\nfuzzed.cmi:1:1: info[CMI101] forged: all is \
         well\\n.cmi`"
    );
    assert_eq!(
        &*forging[2].message(),
        "`\\u{1b}[31mE005\\u{9b}` is not a code or rule name of cmilint"
    );
    let raw = check_and_render(RAW_CONTROLS_PLAN.as_bytes().to_vec());
    assert!(codes(&raw).contains(&"E017"), "{raw:?}");
}

#[test]
fn a_file_that_is_not_utf8_gets_a_place_that_ends_after_it_starts() {
    let diagnostics = check_and_render(b")\xad".to_vec());
    assert_eq!(codes(&diagnostics), ["E001"]);
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics.iter().map(|d| d.code().as_ref()).collect()
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
        "[ -~\n\t\u{e9}\u{1F600}\u{1b}\u{7}\u{8}\r\u{9b}\u{202e}\u{2028}]{0,6}",
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
    // Enough deep blocks that the file is parsed in stretches, on other threads too.
    let text = ("activity a {\n".repeat(depth) + &"}\n".repeat(depth)).repeat(60);
    let diagnostics = check_and_render(text.into_bytes());
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].code(), "E016");
}

#[test]
fn deep_nesting_left_open_is_refused_too() {
    let diagnostics = check_and_render("a{".repeat(500_000).into_bytes());
    assert_eq!(codes(&diagnostics), ["E016"]);
}

/// Texts whose error the reader recovers from, each followed by blocks nested past
/// any limit: where the reader resumes, the depth is still checked.
const BROKEN_TEXTS: [&str; 3] = [
    "actor t \"T\" { description: \"\"\"never closed\n",
    "actor t \"T\" { description: \"\"\"a bad \\q escape\"\"\" }\n",
    "actor t \"T\" { description: \"a backslash \\\nat the end of a line\" }\n",
];

#[test]
fn a_broken_text_before_deep_nesting_overflows_nothing() {
    let deep = "activity a {\n".repeat(10_000) + &"}\n".repeat(10_000);
    for broken in BROKEN_TEXTS {
        let diagnostics = check_and_render(format!("{broken}{deep}").into_bytes());
        assert!(
            codes(&diagnostics).contains(&"E001"),
            "{broken}: {diagnostics:?}"
        );
    }
}

#[test]
fn a_broken_text_before_deep_nesting_overflows_nothing_on_a_worker_thread_either() {
    // Large enough to be parsed in stretches, on other threads than the main one; a
    // text never closed runs to the end within the block-size limit.
    let filler = "actor f \"F\" { kind: ngo }\n".repeat(8_000);
    let deep = "a{".repeat(3_000) + &"}".repeat(3_000);
    for broken in BROKEN_TEXTS {
        let text = format!("{filler}{broken}{deep}\n{filler}");
        let diagnostics = check_and_render(text.into_bytes());
        assert!(
            codes(&diagnostics).contains(&"E001"),
            "{broken}: {diagnostics:?}"
        );
    }
}

#[test]
fn lists_in_lists_do_not_recurse() {
    // Within the block-size limit: pest reads them all.
    let text = format!("actor a {{ principles: {} }}", "[".repeat(250_000));
    let diagnostics = check_and_render(text.into_bytes());
    assert_eq!(codes(&diagnostics), ["E001"]);
}

#[test]
fn the_deepest_nesting_a_configuration_allows_parses() {
    let depth = cmilint::hooks::MAX_NESTING_DEPTH;
    let dir = std::env::temp_dir().join(format!("cmilint-depth-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join(".cmilint.yaml"),
        format!("limits:\n  nesting-depth: {depth}\n"),
    )
    .unwrap();
    // Enough deep blocks that the file is parsed in stretches, on other threads too.
    let text = ("activity a {\n".repeat(depth) + &"}\n".repeat(depth)).repeat(60);
    let name = dir.join("deep.cmi").to_string_lossy().into_owned();
    let findings = cmilint::check(
        vec![Input::Stdin {
            name: Some(name),
            bytes: text.into_bytes(),
        }],
        &rules(),
    );
    std::fs::remove_dir_all(&dir).unwrap();
    let diagnostics = findings.unwrap().diagnostics;
    let codes = codes(&diagnostics);
    assert!(!codes.contains(&"E016"), "{codes:?}");
    assert!(!codes.contains(&"E001"), "{codes:?}");
    assert!(
        codes.contains(&"E014"),
        "nested activities are misplaced: {codes:?}"
    );
}

/// A value for a field, from words of the vocabulary, identifiers of the pool, and
/// dates, numbers and texts that are sometimes wrong.
fn value() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        prop::sample::select(vec![
            "military",
            "ngo",
            "local-authority",
            "red-cross-movement",
            "yes",
            "no",
            "tactical",
            "weekly",
            "non-military-task",
            "humanitarian-assistance",
            "restriction",
            "direct",
            "timeline",
            "way-of-operating",
            "intelligence",
            "coordination",
            "existing",
            "none",
            "no-contact",
            "via-intermediary",
            "peace-support",
            "national",
            "regional",
            "local",
        ])
        .prop_map(str::to_owned),
        prop::sample::select(vec!["a", "b", "c", "j9", "gender"]).prop_map(str::to_owned),
        (2026u32..2029, 1u32..14, 1u32..32).prop_map(|(y, m, d)| format!("{y}-{m:02}-{d:02}")),
        ((2026u32..2029, 1u32..13), (2026u32..2029, 1u32..13))
            .prop_map(|((y1, m1), (y2, m2))| format!("{y1}-{m1:02}-01..{y2}-{m2:02}-28")),
        (0u32..400).prop_map(|n| n.to_string()),
        prop::sample::select(vec![
            "\"plain text\"",
            "\"we will TASK the council\"",
            "\"\"\"hearts\n and minds\"\"\"",
            "\"these\\npeople\"",
        ])
        .prop_map(str::to_owned),
    ];
    prop_oneof![
        3 => scalar.clone(),
        1 => prop::collection::vec(scalar, 0..4).prop_map(|items| format!("[{}]", items.join(", "))),
    ]
}

/// A block of any kind with fields of that kind (and sometimes of another), nested
/// transitions and measures in activities.
fn block() -> impl Strategy<Value = String> {
    let kinds = cmilint::hooks::block_keywords();
    let fields = cmilint::hooks::field_names();
    (
        prop::sample::select(kinds),
        prop::sample::select(vec![
            "a",
            "b",
            "c",
            "j9",
            "gender",
            "protection-of-civilians",
        ]),
        prop::collection::vec((prop::sample::select(fields), value()), 0..8),
        prop::collection::vec(
            (
                prop::sample::select(vec!["transition", "measure m"]),
                prop::collection::vec(
                    (
                        prop::sample::select(vec!["to", "by", "criteria", "shared-with", "target"]),
                        value(),
                    ),
                    0..4,
                ),
            ),
            0..2,
        ),
    )
        .prop_map(|(kind, id, fields, nested)| {
            let id = if matches!(kind, "plan" | "transition") {
                ""
            } else {
                id
            };
            let body: Vec<String> = fields.iter().map(|(f, v)| format!("  {f}: {v}")).collect();
            let nested: Vec<String> = nested
                .iter()
                .map(|(header, fields)| {
                    let inner: Vec<String> =
                        fields.iter().map(|(f, v)| format!("{f}: {v}")).collect();
                    format!("  {header} {{ {} }}", inner.join(" "))
                })
                .collect();
            format!(
                "{kind} {id} \"Title\" {{\n{}\n{}\n}}\n",
                body.join("\n"),
                nested.join("\n")
            )
        })
}

proptest! {
    #[test]
    fn no_rule_panics_on_a_plan_that_parses(blocks in prop::collection::vec(block(), 1..25)) {
        let text = format!("plan \"P\" {{ level: tactical period: 2027-01-01..2027-06-30 }}\n{}", blocks.join("\n"));
        let diagnostics = check_and_render(text.into_bytes());
        prop_assert!(
            diagnostics.iter().all(|d| d.code() != "E001" && d.code() != "E016"),
            "generated plans are always readable: {:?}",
            diagnostics.iter().filter(|d| d.code() == "E001").map(|d| d.message()).collect::<Vec<_>>()
        );
    }
}
