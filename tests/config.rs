//! `.cmilint.yaml` and the command line set the rules of a run: a code or a rule's
//! name to off, info, warning or error, for all plans or those that globs name;
//! folders of organisation rules; plan files a search leaves out. `cmilint config`
//! says what applies to a file, and a mistake stops the run at its place.

mod common;

use std::path::Path;

use common::{Run, cmilint_in};

const PLAN: &str = "plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n\
activity w \"W\" { kind: non-military-task }\n\
phase a \"A\" { period: 2027-01-01..2027-03-31 }\n\
phase b \"B\" { period: 2027-03-01..2027-04-30 }\n";

/// A repository with a configuration at its root, an organisation rule folder, plans
/// in `plans/`, exercises in `plans/exercises/` and drafts in `drafts/`.
fn repository(config: &str) -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = folder.path();
    for dir in ["plans/exercises", "drafts", "j9-rules"] {
        std::fs::create_dir_all(root.join(dir)).expect("a folder");
    }
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/organisation-rules/phases.yaml"),
        root.join("j9-rules/phases.yaml"),
    )
    .expect("copied");
    for plan in [
        "plans/main.cmi",
        "plans/exercises/drill.cmi",
        "drafts/idea.cmi",
    ] {
        std::fs::write(root.join(plan), PLAN).expect("written");
    }
    std::fs::write(root.join(".cmilint.yaml"), config).expect("written");
    folder
}

const CONFIG: &str = "limits:\n  nesting-depth: 40\nrules:\n  CMI107: off\n  no-transition-plan: warning\nrules-dirs: [j9-rules]\nexclude: [\"drafts/**\"]\noverrides:\n  - files: [\"plans/exercises/**\"]\n    rules: { CMI110: info, CMI403: off }\n";

/// `file: severity[CODE]` of each finding of a short report, for the codes asked.
fn findings(run: &Run, codes: &[&str]) -> Vec<String> {
    run.stdout
        .lines()
        .filter(|l| codes.iter().any(|c| l.contains(&format!("[{c}]"))))
        .map(|l| {
            let file = l.split(':').next().unwrap_or_default();
            let kind = l.split(": ").nth(1).unwrap_or_default();
            let kind = kind.split(' ').next().unwrap_or_default();
            format!("{file}: {kind}")
        })
        .collect()
}

#[test]
fn rules_overrides_exclude_and_rule_folders_apply_where_the_configuration_says() {
    let repo = repository(CONFIG);
    let run = cmilint_in(repo.path(), &["check", ".", "--format", "short"], None);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let codes = ["CMI107", "CMI110", "CMI403", "ORG002"];
    assert_eq!(
        findings(&run, &codes),
        [
            "./plans/exercises/drill.cmi: info[CMI110]",
            "./plans/exercises/drill.cmi: warning[ORG002]",
            "./plans/exercises/drill.cmi: warning[ORG002]",
            "./plans/main.cmi: error[CMI403]",
            "./plans/main.cmi: warning[CMI110]",
            "./plans/main.cmi: warning[ORG002]",
            "./plans/main.cmi: warning[ORG002]",
        ],
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("in 2 files\n"), "{}", run.stdout);
    // A file named on the command line is checked, even where a search leaves it out.
    let named = cmilint_in(
        repo.path(),
        &["check", "drafts/idea.cmi", "--format", "short"],
        None,
    );
    assert!(
        named.stdout.contains("drafts/idea.cmi:1:1: error[CMI403]"),
        "{}",
        named.stdout
    );
    // --rule sets a code for the run, over every configuration and override.
    let one_off = cmilint_in(
        repo.path(),
        &[
            "check",
            "plans",
            "--format",
            "short",
            "--rule",
            "CMI403=info",
            "--rule",
            "overlapping-phases=off",
        ],
        None,
    );
    assert_eq!(
        findings(&one_off, &codes),
        [
            "plans/exercises/drill.cmi: info[CMI403]",
            "plans/exercises/drill.cmi: info[CMI110]",
            "plans/main.cmi: info[CMI403]",
            "plans/main.cmi: warning[CMI110]",
        ],
        "{}",
        one_off.stdout
    );
    assert_eq!(one_off.code, 0, "no error is left");
}

#[test]
fn a_code_turned_off_is_not_reported_and_neither_is_its_allow() {
    let repo = repository("rules:\n  CMI107: off\n");
    std::fs::write(
        repo.path().join("plans/main.cmi"),
        "# cmilint: allow(CMI107) -- reviewed in the main body\nplan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n",
    )
    .expect("written");
    let run = cmilint_in(
        repo.path(),
        &["check", "plans/main.cmi", "--format", "short"],
        None,
    );
    assert!(!run.stdout.contains("CMI107"), "{}", run.stdout);
    assert!(!run.stdout.contains("S001"), "{}", run.stdout);
}

#[test]
fn a_block_larger_than_the_configured_block_size_gets_e016_and_nothing_else() {
    let repo = repository("limits:\n  block-size: 200\n");
    let large = format!(
        "actor a \"A\" {{\n  kind: ngo\n  description: \"{}\"\n}}\n",
        "a remark ".repeat(30)
    );
    std::fs::write(repo.path().join("plans/main.cmi"), format!("{PLAN}{large}")).expect("written");
    let run = cmilint_in(
        repo.path(),
        &["check", "plans/main.cmi", "--format", "short"],
        None,
    );
    let line = PLAN.lines().count() + 1;
    assert_eq!(
        run.stdout.lines().next().unwrap_or_default(),
        format!(
            "plans/main.cmi:{line}:1: error[E016] limit-exceeded: this `actor` block is longer than the limit of 200 bytes, and was not read"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("plans/main.cmi:").count(),
        1,
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_configuration_given_on_the_command_line_applies_to_every_plan() {
    let repo = repository("rules:\n  CMI403: off\n");
    std::fs::write(repo.path().join("strict.yaml"), "rules:\n  CMI404: error\n").expect("written");
    let run = cmilint_in(
        repo.path(),
        &[
            "check",
            "plans",
            "--format",
            "short",
            "--config",
            "strict.yaml",
        ],
        None,
    );
    assert_eq!(
        findings(&run, &["CMI403", "CMI404"]),
        [
            "plans/exercises/drill.cmi: error[CMI403]",
            "plans/exercises/drill.cmi: error[CMI404]",
            "plans/main.cmi: error[CMI403]",
            "plans/main.cmi: error[CMI404]",
        ]
    );
}

#[test]
fn config_shows_what_applies_to_a_file_and_where_it_comes_from() {
    let repo = repository(CONFIG);
    let run = cmilint_in(
        repo.path(),
        &[
            "config",
            "plans/exercises/drill.cmi",
            "--rule",
            "CMI404=error",
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
    let draft = cmilint_in(repo.path(), &["config", "drafts/idea.cmi"], None);
    assert!(
        draft
            .stdout
            .contains("excluded: a search of a folder leaves it out (.cmilint.yaml, exclude)"),
        "{}",
        draft.stdout
    );
}

#[test]
fn a_mistake_in_the_settings_stops_the_run_at_its_place_with_did_you_mean() {
    let cases = [
        (
            "rule:\n  CMI107: off\n",
            ".cmilint.yaml:1:1: unknown field `rule`, expected one of `limits`, `rules`, `rules-dirs`, `exclude`, `overrides`; did you mean `rules`?",
        ),
        (
            "rules:\n  CMI107: of\n",
            ".cmilint.yaml:2:11: rules.CMI107: unknown variant `of`, expected one of `off`, `info`, `warning`, `error`; did you mean `off`?",
        ),
        (
            "rules:\n  CMI1077: off\n",
            ".cmilint.yaml:2:3: rules: `CMI1077` is not a code or rule name of cmilint; did you mean `CMI107`? (`cmilint rules` lists them)",
        ),
        (
            "overrides:\n  - files: [\"x/**\"]\n    rules: { no-transition-plans: off }\n",
            ".cmilint.yaml:3:14: rules: `no-transition-plans` is not a code or rule name of cmilint; did you mean `no-transition-plan`?",
        ),
        (
            "rules:\n  E001: off\n",
            ".cmilint.yaml:2:3: rules: `E001`: E001 cannot be set",
        ),
        (
            "exclude: [\"[a\"]\n",
            ".cmilint.yaml:1:12: `[a` is not a glob: unclosed character class",
        ),
        (
            "overrides:\n  - rules: { CMI107: off }\n",
            ".cmilint.yaml:2:5: overrides[0]: missing field `files`",
        ),
    ];
    for (config, expected) in cases {
        let repo = repository(config);
        let run = cmilint_in(repo.path(), &["check", "plans"], None);
        assert_eq!(run.code, 2, "{config}");
        assert!(
            run.stderr.starts_with(&format!("cmilint: {expected}")),
            "{config}\n{}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    }
    let repo = repository("");
    for (setting, expected) in [
        (
            "CMI40=off",
            "--rule `CMI40` is not a code or rule name of cmilint; did you mean `CMI401`?",
        ),
        (
            "CMI401=loud",
            "`loud` is not a level; the levels are off, info, warning and error",
        ),
        ("CMI401", "give a code and a level, as `CMI107=off`"),
    ] {
        let run = cmilint_in(repo.path(), &["check", "plans", "--rule", setting], None);
        assert_eq!(run.code, 2, "{setting}");
        assert!(run.stderr.contains(expected), "{setting}\n{}", run.stderr);
    }
}

#[test]
fn rules_are_tested_and_explained_with_the_rules_a_check_here_runs_whatever_it_sets() {
    // The repository turns CMI107 off and adds its own rules: `test-rules` still sees
    // CMI107's bad example report it, and tests the organisation's rules too.
    let repo = repository(CONFIG);
    let run = cmilint_in(repo.path(), &["test-rules"], None);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let built_in = cmilint_in(Path::new(env!("CARGO_MANIFEST_DIR")), &["rules"], None)
        .stdout
        .lines()
        .filter(|l| l.starts_with("CMI"))
        .count();
    assert!(
        run.stdout.starts_with(&format!(
            "{} rules tested: every bad example gives its rule",
            built_in + 3
        )),
        "{}",
        run.stdout
    );
    let explained = cmilint_in(repo.path(), &["explain", "overlapping-phases"], None);
    assert!(
        explained
            .stdout
            .starts_with("ORG002 overlapping-phases (warning)"),
        "{}",
        explained.stdout
    );
}
