//! The planners' reference, docs/language.md, shows a valid example of every kind of
//! block; the rule writers' guide, docs/rules.md, writes rules that pass `cmilint
//! test-rules`, quotes the built-in rules as they are, and shows every construct of
//! the rule language in one of those.

use std::collections::BTreeSet;
use std::process::Command;

use cmilint::hooks::{block_keywords, condition_keys};
use cmilint::{BUILT_IN, Input, RuleSet};

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
            .filter(|d| d.code().starts_with('E') && !matches!(d.code().as_ref(), "E005" | "E010"))
            .map(|d| format!("{} {}", d.code(), d.message()))
            .collect();
        assert!(wrong.is_empty(), "{example}\n{wrong:?}");
    }
}

/// The fenced blocks of docs/rules.md in YAML, as `(info string, text)`.
fn rule_page_blocks() -> Vec<(&'static str, &'static str)> {
    let doc = include_str!("../docs/rules.md");
    doc.split("```")
        .skip(1)
        .step_by(2)
        .filter_map(|block| block.split_once('\n'))
        .filter(|(info, _)| info.starts_with("yaml"))
        .collect()
}

/// The rule files the page writes whole: blocks that start with `rules:` or
/// `predicates:`.
fn rule_files() -> Vec<&'static str> {
    rule_page_blocks()
        .into_iter()
        .filter(|(info, _)| *info == "yaml")
        .map(|(_, text)| text)
        .filter(|text| text.starts_with("rules:") || text.starts_with("predicates:"))
        .collect()
}

/// The parts of built-in rules the page quotes: every other block in YAML but the
/// steps of the tutorial (`yaml step`), which the rule files after them complete.
fn quoted_fragments() -> Vec<&'static str> {
    let files = rule_files();
    rule_page_blocks()
        .into_iter()
        .filter(|(info, text)| *info == "yaml" && !files.contains(text))
        .map(|(_, text)| text)
        .collect()
}

#[test]
fn every_rule_the_rules_page_writes_passes_test_rules() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let files = rule_files();
    assert!(files.len() >= 10, "{} rule files", files.len());
    for (i, text) in files.iter().enumerate() {
        std::fs::write(folder.path().join(format!("page-{i:02}.yaml")), text).expect("written");
    }
    let run = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(["test-rules", "--rules"])
        .arg(folder.path())
        .output()
        .expect("cmilint runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{stdout}{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let written: usize = files
        .iter()
        .map(|f| f.lines().filter(|l| l.starts_with("  - code: ")).count())
        .sum();
    let built_in = RuleSet::load(&[]).expect("built in").rules().len();
    assert_eq!(
        stdout,
        format!(
            "{} rules tested: every bad example gives its rule, every good one nothing\n",
            built_in + written
        )
    );
}

#[test]
fn every_other_rule_fragment_of_the_rules_page_is_quoted_from_the_built_in_rules() {
    let fragments = quoted_fragments();
    assert!(fragments.len() >= 6, "{fragments:?}");
    for fragment in fragments {
        assert!(
            BUILT_IN.iter().any(|(_, text)| text.contains(fragment)),
            "docs/rules.md quotes what no built-in rule file says:\n{fragment}"
        );
    }
}

/// Every map key and every string of a YAML value.
fn keys_and_strings(
    value: &serde_yaml::Value,
    keys: &mut BTreeSet<String>,
    strings: &mut Vec<String>,
) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, value) in map {
                if let Some(key) = key.as_str() {
                    keys.insert(key.to_owned());
                }
                keys_and_strings(value, keys, strings);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for item in items {
                keys_and_strings(item, keys, strings);
            }
        }
        serde_yaml::Value::String(text) => strings.push(text.clone()),
        serde_yaml::Value::Tagged(tagged) => keys_and_strings(&tagged.value, keys, strings),
        _ => {}
    }
}

#[test]
fn every_construct_of_the_rule_language_is_shown_in_a_tested_example() {
    let mut keys = BTreeSet::new();
    let mut strings = Vec::new();
    for text in rule_files().into_iter().chain(quoted_fragments()) {
        // A quoted fragment is indented as in its file: a list of checks.
        let indent = text.len() - text.trim_start().len();
        let lines: Vec<&str> = text.lines().map(|l| l.get(indent..).unwrap_or(l)).collect();
        let text = lines.join("\n");
        let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("the examples are YAML");
        keys_and_strings(&value, &mut keys, &mut strings);
    }
    let check_keys = [
        "for-each",
        "phrases",
        "where",
        "at",
        "report-each",
        "each-where",
        "coverage",
        "message",
        "label",
        "help",
        "by-more-than",
        "predicates",
    ];
    for key in condition_keys()
        .iter()
        .map(String::as_str)
        .chain(check_keys)
    {
        assert!(
            keys.contains(key),
            "docs/rules.md shows no tested example of `{key}`"
        );
    }
    // The steps of paths, in conditions and in placeholders.
    let steps: BTreeSet<&str> = strings
        .iter()
        .flat_map(|s| s.split(['{', '}', '|', ' ', '`', '(', ')', ',', ':']))
        .flat_map(|path| path.split('.').chain(std::iter::once(path)))
        .collect();
    for step in [
        "plan", "focus", "parent", "id", "start", "end", ".", "measure",
    ] {
        assert!(
            steps.contains(step),
            "docs/rules.md shows no tested path with `{step}`"
        );
    }
    let text = strings.join("\n");
    for placeholder in ["{block}", "{item}", "{missing}", "{by}", "{by|"] {
        assert!(
            text.contains(placeholder),
            "docs/rules.md shows no tested message with `{placeholder}`"
        );
    }
    assert!(
        strings
            .iter()
            .any(|s| s.len() == 10 && s.starts_with("20") && s.as_bytes()[4] == b'-'),
        "docs/rules.md compares no date with a date the rule gives"
    );
}
