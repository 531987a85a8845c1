//! The rule catalogue: every CMI rule is defined, documents itself with examples that
//! behave as they say, and organisations can add rules in YAML alone.

use std::fmt::Write;
use std::path::Path;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use codespan_reporting::term::termcolor::NoColor;

use cmilint::{BUILT_IN, Catalogue, Findings, Input, RuleError, RuleSet, YamlError};

fn built_in() -> RuleSet {
    RuleSet::load(&[]).expect("the built-in rules compile")
}

/// The report of `rules` on a plan given as standard input.
fn checked(rules: &RuleSet, plan: &str) -> Findings {
    cmilint::check(
        vec![Input::Stdin {
            name: Some("example.cmi".into()),
            bytes: plan.as_bytes().to_vec(),
        }],
        rules,
    )
    .expect("checked")
}

/// What `plan` gives with only the rule `code` enabled, language diagnostics
/// included.
fn checked_with_only(code: &str, plan: &str) -> Findings {
    let mut rules = built_in();
    rules.retain(|r| &*r.code == code);
    checked(&rules, plan)
}

/// The codes of the rules in the rule files on disk, read as YAML, file by file in
/// the order cmilint loads them.
fn codes_in_rule_files() -> Vec<String> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut codes = Vec::new();
    for (name, _) in BUILT_IN {
        let text = std::fs::read_to_string(folder.join(name)).expect("a rule file");
        let file: serde_yaml::Value = serde_yaml::from_str(&text).expect("YAML");
        let rules = file.get("rules").and_then(|r| r.as_sequence());
        for rule in rules.into_iter().flatten() {
            codes.push(rule["code"].as_str().expect("a code").to_owned());
        }
    }
    codes
}

#[test]
fn every_rule_file_is_built_in() {
    let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/rules");
    let mut on_disk: Vec<String> = std::fs::read_dir(folder)
        .expect("rules/ exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    on_disk.sort();
    let mut built: Vec<String> = BUILT_IN
        .iter()
        .map(|(name, _)| (*name).to_owned())
        .collect();
    built.sort();
    assert_eq!(on_disk, built);
}

#[test]
fn every_rule_of_the_rule_files_is_loaded_under_a_code_of_its_own() {
    let in_files = codes_in_rule_files();
    let loaded: Vec<String> = built_in()
        .rules()
        .iter()
        .map(|r| r.code.to_string())
        .collect();
    assert_eq!(loaded, in_files);
    let numbered = |c: &String| {
        c.strip_prefix("CMI")
            .is_some_and(|n| n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()))
    };
    assert!(
        loaded.iter().all(numbered),
        "CMI and three digits: {loaded:?}"
    );
    assert!(
        loaded.windows(2).all(|w| w[0] < w[1]),
        "each code once, in order: {loaded:?}"
    );
}

/// The human report of a rule's bad example, only that rule enabled.
fn human_report_of_bad_example(code: &str, bad: &str) -> String {
    let findings = checked_with_only(code, bad);
    let mut out = NoColor::new(Vec::new());
    cmilint::report::write_human(&mut out, &findings).expect("rendered");
    String::from_utf8(out.into_inner()).expect("UTF-8")
}

const BAD_EXAMPLES: &str = "snapshots/bad-examples";

/// Every rule's message, place, label and help, pinned by the human report of its bad
/// example: one snapshot a rule (`tests/snapshots/bad-examples/CODE.snap`), made by
/// this one test, so that a new rule gets one without a list to edit.
#[test]
fn every_rule_reports_its_bad_example_as_its_snapshot_shows() {
    let mut settings = insta::Settings::clone_current();
    settings.set_snapshot_path(BAD_EXAMPLES);
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for rule in built_in().rules() {
            let report = human_report_of_bad_example(&rule.code, &rule.bad);
            insta::assert_snapshot!(&*rule.code, report);
        }
    });
}

#[test]
fn every_bad_example_snapshot_is_of_a_rule() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(BAD_EXAMPLES);
    // Pending snapshots (`.snap.new`) are insta's to report.
    let mut snapshots: Vec<String> = std::fs::read_dir(folder)
        .expect("the snapshots folder")
        .map(|e| e.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "snap"))
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    snapshots.sort();
    let mut expected: Vec<String> = codes_in_rule_files()
        .iter()
        .map(|c| format!("{c}.snap"))
        .collect();
    expected.sort();
    assert_eq!(snapshots, expected, "a snapshot of a rule that is gone?");
}

#[test]
fn every_bad_example_triggers_its_rule_and_every_good_one_nothing() {
    let failures = cmilint::failing_examples(&built_in(), |_| true).expect("checked");
    let failures: Vec<String> = failures.iter().map(ToString::to_string).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The codes `cmilint check` reports for `text` saved as `example.cmi` in a folder of
/// its own, beside `actors.cmi`, a library the examples may use.
fn codes_of_file(text: &str) -> Vec<String> {
    static FOLDERS: AtomicUsize = AtomicUsize::new(0);
    let folder = std::env::temp_dir().join(format!(
        "cmilint-example-{}-{}",
        std::process::id(),
        FOLDERS.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&folder).expect("a temporary folder");
    std::fs::write(
        folder.join("actors.cmi"),
        "actor council \"Town council\" { kind: local-authority }\n",
    )
    .expect("written");
    let file = folder.join("example.cmi");
    std::fs::write(&file, text).expect("written");
    let findings = cmilint::check(vec![Input::Path(file)], &built_in());
    std::fs::remove_dir_all(&folder).expect("removed");
    let findings = findings.expect("checked");
    findings
        .diagnostics
        .iter()
        .map(|d| d.code().to_string())
        .collect()
}

#[test]
fn every_own_code_example_gives_its_code_and_the_mended_one_nothing() {
    let mut failures = Vec::new();
    for (code, bad, good) in cmilint::hooks::own_code_examples() {
        let reported = codes_of_file(bad);
        if reported.is_empty() || reported.iter().any(|c| c != code) {
            failures.push(format!("{code}: the bad example gives {reported:?}"));
        }
        let reported = codes_of_file(good);
        if !reported.is_empty() {
            failures.push(format!("{code}: the good example gives {reported:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_documents_itself() {
    for rule in built_in().rules() {
        for (what, text) in [
            ("source", &rule.source),
            ("summary", &rule.summary),
            ("rationale", &rule.rationale),
        ] {
            assert!(
                text.split_whitespace().count() >= 3,
                "{} has no real {what}",
                rule.code
            );
        }
        assert!(
            rule.summary.ends_with('.'),
            "{}: a summary is a sentence",
            rule.code
        );
    }
}

fn cmilint(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cmilint runs");
    (
        output.status.code().expect("an exit code"),
        String::from_utf8(output.stdout).expect("UTF-8"),
        String::from_utf8(output.stderr).expect("UTF-8"),
    )
}

#[test]
fn an_organisation_rule_is_added_from_yaml_alone() {
    let (code, stdout, stderr) = cmilint(&[
        "check",
        "--format",
        "short",
        "--rules",
        "tests/organisation-rules",
        "tests/conformance/cmi-blocks.cmi",
    ]);
    assert_eq!(code, 1, "{stderr}");
    let org: Vec<&str> = stdout.lines().filter(|l| l.contains("[ORG001]")).collect();
    assert_eq!(
        org,
        [
            "tests/conformance/cmi-blocks.cmi:106:1: warning[ORG001] engagement-without-owner: engagement `no-frequency` does not name who conducts it",
            "tests/conformance/cmi-blocks.cmi:111:1: warning[ORG001] engagement-without-owner: engagement `hermit-meeting` does not name who conducts it",
        ],
        "the two engagements without `by`"
    );
    let (_, listed, _) = cmilint(&["rules", "--rules", "tests/organisation-rules"]);
    assert!(
        listed
            .lines()
            .any(|l| l.starts_with("ORG001  engagement-without-owner")),
        "{listed}"
    );
    let (code, explained, _) = cmilint(&[
        "explain",
        "engagement-without-owner",
        "--rules",
        "tests/organisation-rules",
    ]);
    assert_eq!(code, 0);
    assert!(explained.contains("JTF J9 standing order 4"));
}

#[test]
fn the_examples_of_an_organisation_rule_behave_too() {
    let files = RuleSet::read_folder(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/organisation-rules"
    )))
    .expect("readable");
    let rules = RuleSet::load(&files).expect("compiles");
    let organisation = |r: &cmilint::Rule| r.code.starts_with("ORG");
    let tested = rules.rules().iter().filter(|r| organisation(r)).count();
    assert!(tested > 0);
    let failures = cmilint::failing_examples(&rules, organisation).expect("checked");
    assert!(failures.is_empty(), "{failures:?}");
}

#[test]
fn a_rules_folder_gives_its_yaml_and_yml_files_in_name_order() {
    let dir = std::env::temp_dir().join(format!("cmilint-rules-folder-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["b.yml", "a.yaml", "notes.txt", "c.yaml.bak"] {
        std::fs::write(dir.join(name), "rules: []\n").unwrap();
    }
    std::fs::create_dir_all(dir.join("d.yaml")).unwrap();
    let files = RuleSet::read_folder(&dir).expect("readable");
    std::fs::write(dir.join("e.yaml"), b"rules: []\n  \xff\n").unwrap();
    let not_utf8 = RuleSet::read_folder(&dir).expect_err("refused");
    std::fs::remove_dir_all(&dir).unwrap();
    let names: Vec<&str> = files
        .iter()
        .map(|(path, _)| path.rsplit(['/', '\\']).next().unwrap())
        .collect();
    assert_eq!(names, ["a.yaml", "b.yml"]);
    let RuleError::Invalid(YamlError {
        file,
        line,
        column,
        message,
    }) = not_utf8
    else {
        panic!("a mistake in the file, at its place: {not_utf8}");
    };
    assert!(file.ends_with("e.yaml"), "{file}");
    assert_eq!((line, column), (2, 3));
    assert_eq!(
        message,
        "this byte is not UTF-8; save the rule file as UTF-8"
    );
}

/// A rule file with a mistake, and what cmilint must say about it.
fn broken_rule(yaml: &str) -> String {
    static CASES: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "cmilint-rules-{}-{}",
        std::process::id(),
        CASES.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("broken.yaml"), yaml).unwrap();
    let (code, stdout, stderr) = cmilint(&["rules", "--rules", dir.to_str().unwrap()]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr
}

const RULE_HEAD: &str = "rules:\n  - code: ORG002\n    name: x\n    severity: info\n    source: s\n    summary: s.\n    rationale: r\n    bad: b\n    good: g\n";

#[test]
fn a_mistake_in_a_rule_file_names_its_file_line_and_column() {
    let unknown_key = broken_rule(&format!("{RULE_HEAD}    colour: red\n    checks: []\n"));
    assert!(
        unknown_key.contains("broken.yaml:10:5:") && unknown_key.contains("unknown field `colour`"),
        "{unknown_key}"
    );

    let bad_field = broken_rule(&format!(
        "{RULE_HEAD}    checks:\n      - for-each: activity\n        where: {{ absent: ownr }}\n        message: m\n"
    ));
    assert!(bad_field.contains("broken.yaml:12:"), "{bad_field}");
    assert!(
        bad_field.contains("`ownr` in `ownr` is not a field of `activity`"),
        "{bad_field}"
    );

    let bad_predicate = broken_rule(&format!(
        "{RULE_HEAD}    checks:\n      - for-each: actor\n        where: {{ predicate: civilian }}\n        message: m\n"
    ));
    assert!(
        bad_predicate.contains("broken.yaml:12:")
            && bad_predicate.contains("no predicate `civilian`"),
        "{bad_predicate}"
    );

    let clash = broken_rule(&format!(
        "{}    checks:\n      - for-each: plan\n        where: {{ absent: review }}\n        message: m\n",
        RULE_HEAD
            .replace("ORG002", "CMI110")
            .replace("name: x", "name: y")
    ));
    assert!(
        clash.contains("broken.yaml:2:11: CMI110 y is already the code or name of CMI110"),
        "{clash}"
    );
}

#[test]
fn a_rule_cannot_take_the_code_or_name_of_a_language_or_suppression_code() {
    let checks = "    checks:\n      - for-each: plan\n        where: { absent: review }\n        message: m\n";
    let code = broken_rule(&format!("{}{checks}", RULE_HEAD.replace("ORG002", "S001")));
    assert!(
        code.contains(
            "broken.yaml:2:11: S001 x is already the code or name of S001 unused-suppression"
        ),
        "{code}"
    );
    let name = broken_rule(&format!(
        "{}{checks}",
        RULE_HEAD.replace("name: x", "name: syntax-error")
    ));
    assert!(
        name.contains(
            "broken.yaml:3:11: ORG002 syntax-error is already the code or name of E001 syntax-error"
        ),
        "{name}"
    );
}

/// What loading one rule file (beside the built-in ones) says is wrong with it.
fn load_error(text: &str) -> String {
    RuleSet::load(&[("org.yaml".into(), text.into())])
        .expect_err("refused")
        .to_string()
}

#[test]
fn a_rule_file_that_is_not_the_yaml_of_rules_is_refused_at_the_place() {
    assert_eq!(
        load_error("rules: [1]\n"),
        "org.yaml:1:9: rules[0]: invalid type: integer `1`, expected a rule: a map with \
         `code`, `name`, `severity`, `source`, `summary`, `rationale`, `bad`, `good` and `checks`"
    );
    let predicate = "    of: actor\n    description: d\n    where: { present: kind }\n";
    assert!(
        load_error(&format!(
            "predicates:\n  civil:\n{predicate}  civil:\n{predicate}"
        ))
        .starts_with("org.yaml:2:3: predicates: the predicate `civil` is defined twice"),
    );
    assert!(
        load_error("# organisation rules\n---\nrules: []\n---\nrules: []\n")
            .starts_with("org.yaml:4:1: a second YAML document"),
    );
    let mut nested = String::from("      - for-each: actor\n        message: m\n        where:\n");
    for depth in 0..130 {
        writeln!(nested, "{}not:", " ".repeat(10 + 2 * depth)).unwrap();
    }
    writeln!(nested, "{}present: kind", " ".repeat(10 + 2 * 130)).unwrap();
    let too_deep = load_error(&format!("{RULE_HEAD}    checks:\n{nested}"));
    assert!(
        too_deep.contains(": nested more than 128 levels deep"),
        "{too_deep}"
    );
    let deep = format!("rules: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    assert!(load_error(&deep).starts_with("org.yaml:1:136: more than 128 brackets are open here"),);
}

/// A rule file of two rules: the first well formed and naming `engagement` in its
/// examples, the second with this `checks:` list (its first line is line 23).
fn second_rule(checks: &str) -> String {
    let first = RULE_HEAD.replace("bad: b", "bad: \"engagement e { }\"");
    let second = RULE_HEAD
        .replace("rules:\n", "")
        .replace("ORG002", "\"ORG003\"")
        .replace("name: x", "name: y");
    let first_checks = "    checks:\n      - for-each: plan\n        where: { absent: review }\n        message: m\n";
    load_error(&format!(
        "{first}{first_checks}{second}    checks:\n{checks}"
    ))
}

#[test]
fn a_mistake_is_placed_in_the_rule_and_check_it_is_in() {
    let cases = [
        // No `where`: at the check's kind, not at `engagement` in the first rule.
        (
            "      - for-each: engagement\n        message: m\n",
            "org.yaml:23:19: this check would report every block",
        ),
        (
            "      - for-each: actor\n        where: { present: ownr }\n        message: m\n",
            "org.yaml:24:27: `ownr` in `ownr` is not a field of `actor`",
        ),
        (
            "      - for-each: actor\n        where: { all: [ { present: kind }, { is: { path: kind, in: [militray] } } ] }\n        message: m\n",
            "org.yaml:24:69: `militray` can never be a value here",
        ),
        (
            "      - phrases: [\"win hearts\", \"-\"]\n        message: m\n",
            "org.yaml:23:34: the phrase `-` does not start with a letter",
        ),
        (
            "      - for-each: actor\n        where: { absent: kind }\n        message: \"{blok} has no kind\"\n",
            "org.yaml:25:19: `{blok}` is neither a placeholder of this message (`{block}`) nor a path",
        ),
    ];
    for (checks, expected) in cases {
        let error = second_rule(checks);
        assert!(error.starts_with(expected), "{error}\nexpected: {expected}");
    }
}

#[test]
fn a_code_given_twice_in_one_file_is_reported_at_the_second() {
    let checks = "    checks:\n      - for-each: plan\n        where: { absent: review }\n        message: m\n";
    let twice = format!(
        "{RULE_HEAD}{checks}{}{checks}",
        RULE_HEAD
            .replace("rules:\n", "")
            .replace("name: x", "name: y")
    );
    assert!(
        load_error(&twice)
            .starts_with("org.yaml:14:11: ORG002 y is already the code or name of ORG002 x"),
        "{}",
        load_error(&twice)
    );
}

#[test]
fn conditions_that_could_never_hold_are_refused() {
    let cases = [
        (
            "{ is: { path: humanitarian, in: [maybe] } }",
            "`maybe` can never be a value here; the values are: yes, no",
        ),
        (
            "{ is: { path: description, in: [ok] } }",
            "`description` leads to text, never to a word",
        ),
        (
            "{ found-in: { field: engagement.purpose } }",
            "`engagement.purpose` can never name what is in focus here (an `actor`)",
        ),
        (
            "{ found-in: { field: activity.objective } }",
            "`activity.objective` can never name what is in focus here (an `actor`)",
        ),
        ("{ any: [] }", "an empty list of conditions"),
        ("{ is: { path: kind, in: [] } }", "an empty list of words"),
        (
            "{ present: \"owner.\" }",
            "the path `owner.` has an empty step",
        ),
        ("{ missing: [] }", "an empty list of fields"),
        (
            "{ text-is: { path: kind, in: [tbd] } }",
            "`kind` leads to a word, never to a text",
        ),
        (
            "{ text-is: { path: contact, in: [] } }",
            "an empty list of texts",
        ),
    ];
    for (condition, expected) in cases {
        let error = load_error(&format!(
            "{RULE_HEAD}    checks:\n      - for-each: actor\n        where: {condition}\n        message: m\n"
        ));
        assert!(error.starts_with("org.yaml:12:"), "{error}");
        assert!(error.contains(expected), "{error}\nexpected: {expected}");
    }
    let coverage = load_error(&format!(
        "{RULE_HEAD}    checks:\n      - for-each: plan\n        coverage: {{ words: [political, politcal], kind: assessment, path: pmesii }}\n        message: m\n"
    ));
    assert!(
        coverage.starts_with("org.yaml:12:40: `politcal` can never be a value here"),
        "{coverage}"
    );
    let in_text = load_error(&format!(
        "{RULE_HEAD}    checks:\n      - for-each: plan\n        coverage: {{ words: [water], kind: assessment, path: findings }}\n        message: m\n"
    ));
    assert!(
        in_text.starts_with("org.yaml:12:61: `findings` leads to text, never to a word"),
        "{in_text}"
    );
}

#[test]
fn missing_names_absent_fields_only_where_it_always_speaks() {
    for condition in [
        "{ any: [ { missing: [by] }, { absent: resources } ] }",
        "{ not: { missing: [by] } }",
        "{ some: { path: to, where: { missing: [contact] } } }",
    ] {
        let error = load_error(&commitment_rule(condition));
        assert!(
            error.contains("`{missing}` is not known in this message"),
            "{condition}: {error}"
        );
    }
    let coverage = load_error(&format!(
        "{RULE_HEAD}    checks:\n      - for-each: plan\n        where: {{ missing: [review] }}\n        coverage: {{ words: [political], kind: assessment, path: pmesii }}\n        message: \"{{missing}}\"\n"
    ));
    assert!(
        coverage.contains("a `missing` condition in its `where` cannot name its fields too"),
        "{coverage}"
    );
    // Named once each, in the order given, however often they are asked for.
    let lacks = org_rule_on_commitments(
        "{ all: [ { missing: [by, resources] }, { missing: [resources] } ] }",
        "commitment c \"C\" { to: a }\nactor a \"A\" { kind: ngo }\n",
    );
    assert_eq!(lacks, ["commitment `c` lacks `by` and `resources`"]);
}

/// An organisation rule (ORG002) that says `{block} lacks {missing}` of the
/// commitments for which `condition` holds.
fn commitment_rule(condition: &str) -> String {
    format!(
        "{RULE_HEAD}    checks:\n      - for-each: commitment\n        where: {condition}\n        message: \"{{block}} lacks {{missing}}\"\n"
    )
}

/// The messages of [`commitment_rule`] on a plan.
fn org_rule_on_commitments(condition: &str, plan: &str) -> Vec<String> {
    org_rule_messages(commitment_rule(condition), plan)
}

/// The messages of the rule ORG002 of a rule file on a plan.
fn org_rule_messages(rule: String, plan: &str) -> Vec<String> {
    let mut rules =
        RuleSet::load(&[("org.yaml".into(), rule)]).expect("the organisation rule compiles");
    rules.retain(|r| &*r.code == "ORG002");
    let plan = format!("plan \"P\" {{ level: tactical period: 2027-01-01..2027-06-30 }}\n{plan}");
    checked(&rules, &plan)
        .diagnostics
        .iter()
        .filter(|d| d.code() == "ORG002")
        .map(|d| d.message().to_string())
        .collect()
}

#[test]
fn predicates_that_double_at_every_layer_are_refused_before_a_plan_is_checked() {
    let mut predicates = String::from(
        "predicates:\n  q0:\n    of: actor\n    description: d\n    where: { present: kind }\n",
    );
    for i in 1..40 {
        writeln!(
            predicates,
            "  q{i}:\n    of: actor\n    description: d\n    where: {{ any: [ {{ predicate: q{p} }}, {{ predicate: q{p} }} ] }}",
            p = i - 1
        )
        .unwrap();
    }
    let error = load_error(&predicates);
    assert!(
        error.contains("the predicate `q16` stands for more than 100000 conditions"),
        "{error}"
    );
}

#[test]
fn a_predicate_used_twice_at_every_layer_answers_for_each_block() {
    let mut predicates = String::from(
        "predicates:\n  q0:\n    of: commitment\n    description: d\n    where: { absent: by }\n",
    );
    for i in 1..=15 {
        writeln!(
            predicates,
            "  q{i}:\n    of: commitment\n    description: d\n    where: {{ all: [ {{ predicate: q{p} }}, {{ predicate: q{p} }} ] }}",
            p = i - 1
        )
        .unwrap();
    }
    let mut plan = String::from("actor a \"A\" { kind: ngo }\n");
    for i in 0..300 {
        let fields = ["by: a", "resources: \"Trucks\"", ""][i % 3];
        writeln!(plan, "commitment c{i} \"C\" {{ to: a {fields} }}").unwrap();
    }
    let rule = predicates + &commitment_rule("{ predicate: q15 }");
    let lacks = org_rule_messages(rule.replace("lacks {missing}", "has no owner"), &plan);
    let expected: Vec<String> = (0..300)
        .filter(|i| i % 3 != 0)
        .map(|i| format!("commitment `c{i}` has no owner"))
        .collect();
    assert_eq!(lacks, expected);
}

#[test]
fn a_predicate_that_uses_itself_is_reported_at_its_definition() {
    let predicate = |name: &str, uses: &str| {
        format!(
            "  {name}:\n    of: actor\n    description: d\n    where: {{ predicate: {uses} }}\n"
        )
    };
    let load = |files: &[(&str, String)]| {
        let files: Vec<(String, String)> = files
            .iter()
            .map(|(name, text)| (name.to_string(), text.clone()))
            .collect();
        RuleSet::load(&files)
            .expect_err("a cycle is refused")
            .to_string()
    };
    // `where` comes first and is reported; its key, not a `where:` line, is the place.
    let one_file = load(&[(
        "org.yaml",
        format!(
            "# predicates of the branch\npredicates:\n{}{}",
            predicate("zed", "where"),
            predicate("where", "zed")
        ),
    )]);
    assert!(
        one_file.starts_with("org.yaml:7:3: the predicate `where` uses itself"),
        "{one_file}"
    );
    let across_files = load(&[
        (
            "a.yaml",
            format!("predicates:\n{}", predicate("first", "second")),
        ),
        (
            "b.yaml",
            format!("predicates:\n{}", predicate("second", "first")),
        ),
    ]);
    assert!(
        across_files.starts_with("a.yaml:2:3: the predicate `first` uses itself"),
        "{across_files}"
    );
    let direct = load(&[(
        "c.yaml",
        format!("predicates:\n{}", predicate("self", "self")),
    )]);
    assert!(direct.starts_with("c.yaml:2:3:"), "{direct}");
}

#[test]
fn explain_tells_the_source_the_reason_and_the_examples() {
    let (code, text, _) = cmilint(&["explain", "CMI110"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(text);
}

#[test]
fn explain_by_name_and_of_a_language_code() {
    let (_, by_name, _) = cmilint(&["explain", "no-transition-plan"]);
    let (_, by_code, _) = cmilint(&["explain", "CMI110"]);
    let (_, lower_case, _) = cmilint(&["explain", "cmi110"]);
    assert_eq!(by_name, by_code);
    assert_eq!(lower_case, by_code);
    let (code, text, _) = cmilint(&["explain", "E011"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!(text);
    let (code, _, stderr) = cmilint(&["explain", "CMI1100"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("did you mean `CMI110`?"), "{stderr}");
}

#[test]
fn explain_lists_the_phrases_of_a_text_rule() {
    let (code, text, _) = cmilint(&["explain", "directive-wording"]);
    assert_eq!(code, 0);
    let phrases = text
        .split("\nPhrases\n")
        .nth(1)
        .and_then(|rest| rest.split("\nBad\n").next())
        .expect("a Phrases section before the examples");
    let listed = phrases.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        listed.starts_with("\"task the\", \"tasks the\", \"tasked to\"")
            && listed.contains("\"instructed to\"")
            && listed.contains("\"under command of\""),
        "{listed}"
    );
    let (_, not_a_text_rule, _) = cmilint(&["explain", "CMI110"]);
    assert!(!not_a_text_rule.contains("\nPhrases\n"));
}

#[test]
fn rules_lists_every_code_once() {
    let (code, text, _) = cmilint(&["rules"]);
    assert_eq!(code, 0);
    let listed: Vec<&str> = text
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    let rules = built_in();
    let codes: Vec<&str> = Catalogue::new(&rules).codes().collect();
    assert_eq!(listed, codes);
    let once: std::collections::BTreeSet<&str> = codes.iter().copied().collect();
    assert_eq!(once.len(), codes.len(), "a code listed twice: {codes:?}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("CMI110  no-transition-plan") && l.contains("error"))
    );
    assert!(
        text.lines()
            .any(|l| l.starts_with("S003    suppression-without-reason"))
    );
}

/// The diagnostics of one organisation rule (`ORG9`, checking `where` on every
/// measure) on a plan, as `line: message [labels]`.
fn org_rule_on(condition: &str, plan: &str) -> Vec<String> {
    let rule = format!(
        "{}    checks:\n      - for-each: measure\n        where: {condition}\n        message: \"{{block}} matches\"\n",
        RULE_HEAD.replace("ORG002", "ORG9")
    );
    let mut rules = RuleSet::load(&[("org.yaml".into(), rule)]).expect("compiles");
    rules.retain(|r| &*r.code == "ORG9");
    let report = checked(&rules, plan);
    report
        .diagnostics
        .iter()
        .map(|d| {
            let labels: Vec<&str> = d.secondary().iter().map(|l| &*l.message).collect();
            let line = report
                .sources
                .get(d.location.file)
                .line_col(d.location.span.start())
                .line;
            format!("{line}: {} {labels:?}", d.message())
        })
        .collect()
}

const MEASURES: &str = "plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }
actor ngo \"NGO\" { kind: ngo }
engagement talks \"Talks\" { with: ngo frequency: weekly }
activity wells \"Wells\" {
  kind: non-military-task
  partners: [ngo]
  measure m1 \"M1\" { indicator: \"wells\" }
  measure m2 \"M2\" { indicator: \"pumps\" }
}
";

#[test]
fn a_quantifier_asked_again_of_a_block_gives_the_same_answer_and_labels() {
    // The inner `some` is asked of the activity once for each measure: the second
    // answer comes from memory and must keep the label of the engagement found.
    let found = org_rule_on(
        "{ some: { path: parent, where: { some: { path: partners, where: { found-in: { field: engagement.with, label: \"engaged here\" } } } } } }",
        MEASURES,
    );
    assert_eq!(
        found,
        [
            "7: measure `m1` matches [\"engaged here\"]",
            "8: measure `m2` matches [\"engaged here\"]",
        ]
    );
    let none = org_rule_on(
        "{ some: { path: parent, where: { every: { path: partners, where: { not: { found-in: { field: engagement.with } } } } } } }",
        MEASURES,
    );
    assert!(none.is_empty(), "{none:?}");
}

#[test]
fn paths_and_quantifiers_that_fan_out_are_answered_once_per_block() {
    // Each `parent.measure` leads back to both measures; written out, the path and the
    // nested quantifiers would ask their question 2^12 times per measure.
    let path = "measure.parent.".repeat(12);
    let by_path = org_rule_on(
        &format!("{{ present: parent.{path}measure.indicator }}"),
        MEASURES,
    );
    assert_eq!(by_path.len(), 2, "{by_path:?}");
    let mut nested = String::from("{ present: indicator }");
    for _ in 0..12 {
        nested = format!("{{ some: {{ path: parent.measure, where: {nested} }} }}");
    }
    assert_eq!(org_rule_on(&nested, MEASURES).len(), 2);
}

/// A rule file of one rule, ORG002, with one check over the blocks of `kind`: its
/// `where` and the rest of it (`message:` and what else it says) as given.
fn two_block_rule(kind: &str, condition: &str, rest: &str) -> String {
    format!("{RULE_HEAD}    checks:\n      - for-each: {kind}\n        where: {condition}\n{rest}")
}

/// The diagnostics of ORG002 on a plan, as `line: message [labels]`.
fn org_rule_report(rule: String, plan: &str) -> Vec<String> {
    let mut rules = RuleSet::load(&[("org.yaml".into(), rule)]).expect("compiles");
    rules.retain(|r| &*r.code == "ORG002");
    let report = checked(&rules, plan);
    report
        .diagnostics
        .iter()
        .filter(|d| d.code() == "ORG002")
        .map(|d| {
            let labels: Vec<String> = d
                .secondary()
                .iter()
                .map(|l| {
                    let line = report
                        .sources
                        .get(l.location.file)
                        .line_col(l.location.span.start())
                        .line;
                    format!("{line}: {}", l.message)
                })
                .collect();
            let line = report
                .sources
                .get(d.location.file)
                .line_col(d.location.span.start())
                .line;
            format!("{line}: {} {labels:?}", d.message())
        })
        .collect()
}

/// Phases of the same plan over a year: some overlap, some meet, some stand alone,
/// some lie inside others, in an order that is not the order of their dates.
fn phases(count: u32) -> String {
    let mut plan = String::from("plan \"P\" { level: tactical period: 2027-01-01..2037-12-31 }\n");
    let mut seed = 7u32;
    for i in 0..count {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        let start = (seed >> 8) % 3000;
        let length = (seed >> 20) % 12;
        let date = |day: u32| {
            format!(
                "{}-{:02}-{:02}",
                2027 + day / 336,
                day % 336 / 28 + 1,
                day % 28 + 1
            )
        };
        writeln!(
            plan,
            "phase p{i} \"P{i}\" {{ period: {}..{} }}",
            date(start),
            date(start + length)
        )
        .unwrap();
    }
    plan
}

#[test]
fn an_exists_about_the_block_in_focus_finds_what_looking_at_every_block_finds() {
    // `all` lets the engine look the other phases up in an index of their periods;
    // wrapped in an `any`, the same condition is asked of every phase in turn.
    let indexed = "{ exists: { kind: phase, where: { all: [ { not: { same: { path: ., as: focus } } }, OTHER ] }, label: \"{id}\" } }";
    let unindexed = "{ exists: { kind: phase, where: { any: [ { all: [ { not: { same: { path: ., as: focus } } }, OTHER ] } ] }, label: \"{id}\" } }";
    let plan = phases(300);
    for other in [
        "{ overlaps: { path: period, with: focus.period } }",
        "{ within: { path: period, of: focus.period } }",
        "{ within: { path: focus.period, of: period } }",
        "{ same: { path: period.start, as: focus.period.end } }",
    ] {
        let report = |condition: &str| {
            org_rule_report(
                two_block_rule(
                    "phase",
                    &condition.replace("OTHER", other),
                    "        message: \"{block}\"\n",
                ),
                &plan,
            )
        };
        let found = report(indexed);
        assert!(found.len() > 10, "{other}: too few to tell: {found:?}");
        assert!(found.len() < 290, "{other}: too many to tell: {found:?}");
        let expected = report(unindexed);
        assert_eq!(found.len(), expected.len(), "{other}");
        // The same phases reported; the label may name another phase found first.
        let phase = |line: &String| line.split(" [").next().unwrap_or_default().to_owned();
        assert_eq!(
            found.iter().map(phase).collect::<Vec<_>>(),
            expected.iter().map(phase).collect::<Vec<_>>(),
            "{other}"
        );
    }
}

#[test]
fn two_phases_that_share_a_day_overlap_and_each_is_told_which_other() {
    let rule = two_block_rule(
        "phase",
        "{ exists: { kind: phase, where: { all: [ { not: { same: { path: ., as: focus } } }, { overlaps: { path: period, with: focus.period } } ] }, label: \"overlaps this phase\" } }",
        "        message: \"{block} overlaps\"\n",
    );
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }
phase a \"A\" { period: 2027-01-01..2027-03-31 }
phase b \"B\" { period: 2027-03-31..2027-04-30 }
phase c \"C\" { period: 2027-05-01..2027-05-31 }
phase d \"D\" { period: 2027-07-01..2027-07-31 }
phase e \"E\" { period: 2027-07-10..2027-07-11 }
";
    assert_eq!(
        org_rule_report(rule, plan),
        [
            "2: phase `a` overlaps [\"3: overlaps this phase\"]",
            "3: phase `b` overlaps [\"2: overlaps this phase\"]",
            "5: phase `d` overlaps [\"6: overlaps this phase\"]",
            "6: phase `e` overlaps [\"5: overlaps this phase\"]",
        ]
    );
}

#[test]
fn a_condition_about_the_block_in_focus_is_asked_anew_for_each() {
    // Another activity of the same owner that starts later: the `found-in` for the
    // owner asks the same question of the same owner for both activities, and must
    // answer each for itself.
    let rule = two_block_rule(
        "activity",
        "{ some: { path: owner, where: { found-in: { field: activity.owner, where: { compare-dates: { path: period.start, is: after, than: focus.period.start } }, label: \"{block} starts later\" } } } }",
        "        message: \"{block} is followed by another activity of {owner}\"\n",
    );
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }
actor j9 \"J9\" { kind: military }
activity first \"First\" { kind: military-task owner: j9 period: 2027-01-01..2027-01-31 }
activity second \"Second\" { kind: military-task owner: j9 period: 2027-03-01..2027-03-31 }
";
    assert_eq!(
        org_rule_report(rule, plan),
        [
            "3: activity `first` is followed by another activity of j9 [\"4: activity `second` starts later\"]"
        ]
    );
    // An `exists` about the block in focus inside another: remembered for each block in
    // focus, never for all.
    let rule = two_block_rule(
        "phase",
        "{ exists: { kind: phase, where: { all: [ { not: { same: { path: ., as: focus } } }, { exists: { kind: activity, where: { within: { path: period, of: focus.period } } } } ] } } }",
        "        message: \"{block} has an activity and a sibling\"\n",
    );
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }
phase a \"A\" { period: 2027-01-01..2027-03-31 }
phase b \"B\" { period: 2027-04-01..2027-06-30 }
activity early \"Early\" { kind: military-task period: 2027-02-01..2027-02-28 }
";
    assert_eq!(
        org_rule_report(rule, plan),
        ["2: phase `a` has an activity and a sibling []"]
    );
    // The block an `exists` finds is found once when only its label speaks of the
    // block in focus; the label is made for each.
    let rule = two_block_rule(
        "phase",
        "{ exists: { kind: actor, label: \"the lead of {focus.id}\" } }",
        "        message: \"{block}\"\n",
    );
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 lead: j9 }
actor j9 \"J9\" { kind: military }
phase a \"A\" { period: 2027-01-01..2027-03-31 }
phase b \"B\" { period: 2027-04-01..2027-06-30 }
";
    assert_eq!(
        org_rule_report(rule, plan),
        [
            "3: phase `a` [\"2: the lead of a\"]",
            "4: phase `b` [\"2: the lead of b\"]",
        ]
    );
    // In a predicate, `focus` is the block the predicate is asked of.
    let predicate = "predicates:\n  led-by-its-owner:\n    of: activity\n    description: d\n    where: { some: { path: partners, where: { same: { path: ., as: focus.owner } } } }\n";
    let rule = format!(
        "{predicate}{}",
        two_block_rule(
            "activity",
            "{ predicate: led-by-its-owner }",
            "        message: \"{block} names its owner among its partners\"\n"
        )
    );
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }
actor j9 \"J9\" { kind: military }
actor ngo \"NGO\" { kind: ngo }
activity a \"A\" { kind: military-task owner: j9 partners: [ngo, j9] }
activity b \"B\" { kind: military-task owner: j9 partners: [ngo] }
";
    assert_eq!(
        org_rule_report(rule, plan),
        ["4: activity `a` names its owner among its partners []"]
    );
}

#[test]
fn same_compares_blocks_words_and_dates_and_a_fixed_date_is_compared_with_an_offset() {
    let rule =
        |condition: &str| two_block_rule("engagement", condition, "        message: \"{block}\"\n");
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 lead: j9 }
actor j9 \"J9\" { kind: military }
actor ngo \"NGO\" { kind: ngo level: local }
engagement by-lead \"Lead\" { with: ngo by: j9 level: local }
engagement by-other \"Other\" { with: j9 by: ngo level: national }
engagement by-unknown \"Unknown\" { with: ngo by: nobody }
";
    let lines = |condition: &str| -> Vec<String> {
        org_rule_report(rule(condition), plan)
            .into_iter()
            .map(|l| l.split(':').next().unwrap_or_default().to_owned())
            .collect()
    };
    // A reference is the block it names; one that names nothing is never the same.
    assert_eq!(lines("{ same: { path: by, as: plan.lead } }"), ["4"]);
    assert_eq!(
        lines("{ not: { same: { path: by, as: plan.lead } } }"),
        ["5", "6"]
    );
    assert_eq!(lines("{ same: { path: level, as: with.level } }"), ["4"]);
    let dated = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }
actor ngo \"NGO\" { kind: ngo }
commitment early \"Early\" { to: ngo by: 2027-01-01 }
commitment month \"Month\" { to: ngo by: 2027-01-31 }
commitment later \"Later\" { to: ngo by: 2027-02-01 }
";
    let commitments = |condition: &str| -> Vec<String> {
        org_rule_report(
            two_block_rule("commitment", condition, "        message: \"{block}\"\n"),
            dated,
        )
        .into_iter()
        .map(|l| l.split(" [").next().unwrap_or_default().to_owned())
        .collect()
    };
    assert_eq!(
        commitments("{ same: { path: by, as: plan.period.start } }"),
        ["3: commitment `early`"]
    );
    assert_eq!(
        commitments(
            "{ compare-dates: { path: by, is: after, than: 2027-01-01, by-more-than: 30 } }"
        ),
        ["5: commitment `later`"]
    );
    assert_eq!(
        commitments("{ compare-dates: { path: by, is: before, than: 2027-01-31 } }"),
        ["3: commitment `early`"]
    );
}

#[test]
fn a_placeholder_that_leads_to_nothing_shows_its_fallback_never_a_gap() {
    let rule = two_block_rule(
        "engagement",
        "{ is: { path: level, in: [international] } }",
        "        message: \"{block} is led by {by|no one}, the plan by {plan.lead|no one}, for {id}\"\n",
    );
    let plan = "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }
actor j9 \"J9\" { kind: military }
engagement with-lead \"Lead\" { with: j9 by: j9 level: international }
engagement without \"Without\" { with: j9 level: international }
engagement invalid \"Invalid\" { with: j9 by: \"J9\" level: international }
";
    assert_eq!(
        org_rule_report(rule, plan),
        [
            "3: engagement `with-lead` is led by j9, the plan by no one, for with-lead []",
            "4: engagement `without` is led by no one, the plan by no one, for without []",
            "5: engagement `invalid` is led by no one, the plan by no one, for invalid []",
        ]
    );
    // Required by the vocabulary, so given without a fallback; a plan that lacks it
    // anyway (E003) gets the path named, not a gap.
    let required = two_block_rule(
        "phase",
        "{ absent: period }",
        "        message: \"{block} runs {period}\"\n",
    );
    assert_eq!(
        org_rule_report(
            required,
            "plan \"P\" { level: tactical period: 2027-01-01..2027-12-31 }\nphase p \"P\" { }\n"
        ),
        ["2: phase `p` runs (no period) []"]
    );
}

#[test]
fn two_block_conditions_that_could_never_hold_are_refused_at_their_place() {
    let cases = [
        (
            "engagement",
            "{ same: { path: with, as: phase } }",
            "org.yaml:12:42: `with` and `phase` can never be the same: a reference to an `actor` is never a reference to a `phase`",
        ),
        (
            "engagement",
            "{ same: { path: level, as: frequency } }",
            "org.yaml:12:43: `level` and `frequency` can never be the same: one holds local, regional, national, international, the other once, daily",
        ),
        (
            "engagement",
            "{ same: { path: id, as: plan.lead } }",
            "compare it with `.` or `focus`, not with `id`",
        ),
        (
            "engagement",
            "{ same: { path: by, as: by } }",
            "they are the same path",
        ),
        (
            "engagement",
            "{ same: { path: purpose, as: plan.operation } }",
            "ranges are compared with `overlaps` and `within`",
        ),
        (
            "phase",
            "{ overlaps: { path: period.start, with: plan.period } }",
            "org.yaml:12:36: `period.start` leads to a date, not to a range of dates",
        ),
        (
            "phase",
            "{ within: { path: period, of: plan.period.end } }",
            "org.yaml:12:46: `plan.period.end` leads to a date, not to a range of dates",
        ),
        (
            "phase",
            "{ within: { path: id, of: plan.period } }",
            "`id` leads to a word, not to a date or a range of dates",
        ),
        (
            "phase",
            "{ compare-dates: { path: period.end, is: after, than: 2027-02-30 } }",
            "org.yaml:12:70: `2027-02-30` is not a date of the calendar",
        ),
        (
            "phase",
            "{ compare-dates: { path: period.end, is: after, than: 2027-02-28, label: here } }",
            "a date the rule gives has no place in the plan to label",
        ),
        (
            "phase",
            "{ compare-dates: { path: period, is: after, than: plan.period.end } }",
            "`period` leads to a range of dates, not to a date",
        ),
        (
            "phase",
            "{ exists: { kind: phase, where: { overlaps: { path: period, with: focus.perod } } } }",
            "`perod` in `focus.perod` is not a field of `phase`",
        ),
        (
            "phase",
            "{ exists: { kind: phase, where: { present: period.focus } } }",
            "`focus` cannot follow a plain value in `period.focus`",
        ),
    ];
    for (kind, condition, expected) in cases {
        let error = load_error(&two_block_rule(kind, condition, "        message: m\n"));
        assert!(error.contains(expected), "{error}\nexpected: {expected}");
    }
    let no_focus = load_error(&format!(
        "{RULE_HEAD}    checks:\n      - for-each: plan\n        coverage: {{ words: [political], kind: assessment, path: focus.pmesii }}\n        message: m\n"
    ));
    assert!(
        no_focus.contains("`focus` in `focus.pmesii` is the block a check or a predicate looks at, and there is none here"),
        "{no_focus}"
    );
    let messages = [
        (
            "\"{block} is led by {by}\"",
            "org.yaml:13:37: `{by}` may lead to nothing where this message is given, which would leave a gap in it: give a word to show then, as `{by|none}`, or make the condition require it, as `present: by`",
        ),
        ("\"{by|}\"", "`{by|}` gives no word after `|`"),
        (
            "\"{block|x}\"",
            "`{block}` always has a value; it takes no `|` and word",
        ),
        ("\"{focus.with}\"", "`{focus.with}` may lead to nothing"),
    ];
    for (message, expected) in messages {
        let error = load_error(&two_block_rule(
            "engagement",
            "{ is: { path: level, in: [local] } }",
            &format!("        message: {message}\n"),
        ));
        assert!(error.contains(expected), "{error}\nexpected: {expected}");
    }
    // What the condition makes sure of needs no fallback: `by` under `present`, in
    // each branch of an `any`, or under `not: missing`.
    for condition in [
        "{ present: by }",
        "{ all: [ { present: level }, { some: { path: by, where: { present: kind } } } ] }",
        "{ any: [ { same: { path: by, as: plan.lead } }, { is: { path: by.kind, in: [ngo] } } ] }",
        "{ not: { missing: [by, via] } }",
        "{ not: { absent: by } }",
    ] {
        let loaded = RuleSet::load(&[(
            "org.yaml".into(),
            two_block_rule(
                "engagement",
                condition,
                "        message: \"{block} is led by {by}\"\n",
            ),
        )]);
        assert!(
            loaded.is_ok(),
            "{condition}: {}",
            loaded.err().map(|e| e.to_string()).unwrap_or_default()
        );
    }
}
