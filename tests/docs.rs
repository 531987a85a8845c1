//! The planners' reference, docs/language.md, shows a valid example of every kind of
//! block.

use cmilint::hooks::block_keywords;
use cmilint::{Input, RuleSet};

fn rules() -> RuleSet {
    RuleSet::load(&[]).expect("the built-in rules compile")
}

/// The fenced examples of the reference that hold blocks.
fn examples() -> Vec<String> {
    let doc = include_str!("../docs/language.md");
    doc.split("```")
        .skip(1)
        .step_by(2)
        .map(|block| {
            block
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .to_owned()
        })
        .filter(|block| block.contains('{') && !block.contains("KIND"))
        .collect()
}

#[test]
fn every_kind_of_block_has_an_example() {
    let examples = examples();
    for keyword in block_keywords() {
        let opening = format!("{keyword} ");
        assert!(
            examples
                .iter()
                .any(|e| e.lines().any(|l| l.trim_start().starts_with(&opening))),
            "docs/language.md has no example of `{keyword}`"
        );
    }
}

#[test]
fn the_examples_are_valid_plan_text() {
    for example in examples() {
        let report = cmilint::check(
            vec![Input::Stdin {
                name: Some("docs-example.cmi".into()),
                bytes: example.clone().into_bytes(),
            }],
            &rules(),
        )
        .expect("checked");
        // The examples are fragments of plans: only the language is checked here, and
        // the blocks they name may be elsewhere (E005), a use line's file too (E010).
        let wrong: Vec<String> = report
            .diagnostics
            .iter()
            .filter(|d| d.code.starts_with('E') && !matches!(d.code.as_ref(), "E005" | "E010"))
            .map(|d| format!("{} {}", d.code, d.message))
            .collect();
        assert!(wrong.is_empty(), "{example}\n{wrong:?}");
    }
}
