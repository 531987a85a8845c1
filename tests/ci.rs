//! `cmilint check` in CI: the reports CI services read (SARIF, GitHub annotations,
//! GitLab Code Quality, JUnit), several at once, and the exit policy.

mod common;

use std::fmt::Write as _;
use std::path::Path;

use common::{Run, cmilint_in};
use serde_json::Value;

/// A repository of two plan files: one with an error, warnings, infos, a finding
/// with a second place and one silenced with a reason; one whose name needs escaping.
fn repository() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plans = folder.path().join("plans");
    std::fs::create_dir(&plans).expect("a folder");
    std::fs::write(
        plans.join("river.cmi"),
        "plan \"River\" { level: tactical period: 2027-01-01..2027-06-30 review: monthly } # cmilint: allow(CMI403) -- the J9 lead is named in the main body of the plan\n\
         actor ngo \"Relief NGO\" { kind: ngo relationship: new }\n\
         engagement talks \"Talks\" { with: ngo frequency: weekly by: j9 }\n\
         phase one \"One\" { period: 2027-01-01..2027-03-31 }\n\
         activity wells \"Wells\" { kind: non-military-task phase: one period: 2027-03-01..2027-04-30 }\n",
    )
    .expect("written");
    std::fs::write(
        plans.join("a,b:100%.cmi"),
        "plan \"Odd name\" { level: tactical period: 2027-01-01..2027-06-30 }\n",
    )
    .expect("written");
    folder
}

fn check(folder: &Path, args: &[&str]) -> Run {
    let mut all = vec!["check", "plans"];
    all.extend(args);
    cmilint_in(folder, &all, None)
}

fn sarif(folder: &Path) -> Value {
    let run = check(folder, &["--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("SARIF is JSON")
}

#[test]
fn sarif_report_is_valid_sarif_with_every_code_a_rule_and_silenced_findings_marked() {
    let folder = repository();
    let log = sarif(folder.path());
    let schema: Value =
        serde_json::from_str(include_str!("sarif/sarif-2.1.0.json")).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");

    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "cmilint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        driver["informationUri"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://"))
    );
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = driver["rules"].as_array().expect("rules");
    let listed = cmilint_in(folder.path(), &["rules"], None).stdout;
    let codes: Vec<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        ids, codes,
        "every code of the run, in the order `rules` lists them"
    );
    let cmi110 = &rules[ids.iter().position(|&id| id == "CMI110").expect("CMI110")];
    assert_eq!(cmi110["name"], "no-transition-plan");
    assert_eq!(cmi110["defaultConfiguration"]["level"], "error");
    for key in ["shortDescription", "fullDescription", "help"] {
        assert!(
            cmi110[key]["text"].as_str().is_some_and(|t| t.len() > 20),
            "{key}: {cmi110}"
        );
    }

    let results = run["results"].as_array().expect("results");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"], "{result}");
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap_or("")));
    }
    let by_rule =
        |id: &str| -> Vec<&Value> { results.iter().filter(|r| r["ruleId"] == id).collect() };
    // CMI209: the activity runs outside its phase, with the phase's period related.
    let outside = by_rule("CMI209");
    assert_eq!(outside.len(), 1, "{results:#?}");
    let location = &outside[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "plans/river.cmi");
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    assert_eq!(location["region"]["startLine"], 5);
    assert_eq!(location["region"]["startColumn"], 69);
    assert_eq!(
        outside[0]["relatedLocations"][0]["physicalLocation"]["region"]["startLine"],
        4
    );
    assert!(outside[0]["relatedLocations"][0]["message"]["text"].is_string());
    // The silenced lead stays, marked with its reason.
    let silenced = by_rule("CMI403");
    let river: Vec<&&Value> = silenced
        .iter()
        .filter(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "plans/river.cmi"
        })
        .collect();
    assert_eq!(river.len(), 1, "{silenced:#?}");
    assert_eq!(
        river[0]["suppressions"],
        serde_json::json!([{
            "kind": "inSource",
            "justification": "the J9 lead is named in the main body of the plan"
        }])
    );
    // A name with characters a URI may not hold.
    assert!(
        results.iter().any(
            |r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "plans/a%2Cb%3A100%25.cmi"
        ),
        "{results:#?}"
    );
}

/// Each result's fingerprint, by rule and message.
fn fingerprints(log: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| {
            (
                format!("{} {}", r["ruleId"], r["message"]["text"]),
                r["partialFingerprints"]["cmilint/v1"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

#[test]
fn a_finding_keeps_its_fingerprint_when_lines_are_added_above_it() {
    let folder = repository();
    let before = fingerprints(&sarif(folder.path()));
    let plan = folder.path().join("plans/river.cmi");
    let text = std::fs::read_to_string(&plan).expect("readable");
    std::fs::write(&plan, format!("# The river plan.\n\n# Draft 2.\n{text}")).expect("written");
    let after = fingerprints(&sarif(folder.path()));
    assert_eq!(before, after);
    let mut unique: Vec<&String> = after.iter().map(|(_, f)| f).collect();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), after.len(), "fingerprints are unique");
}

#[test]
fn github_annotations_are_escaped_as_the_runner_reads_them() {
    let folder = repository();
    let run = check(folder.path(), &["--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn gitlab_report_is_code_quality_json() {
    let folder = repository();
    let run = check(folder.path(), &["--format", "gitlab"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let issues: Value = serde_json::from_str(&run.stdout).expect("JSON");
    let issues = issues.as_array().expect("an array of issues");
    let short = check(folder.path(), &["--format", "short"]).stdout;
    assert_eq!(
        issues.len(),
        short.lines().count() - 1,
        "one issue a diagnostic"
    );
    let mut fingerprints: Vec<&str> = issues
        .iter()
        .map(|i| i["fingerprint"].as_str().unwrap_or(""))
        .collect();
    fingerprints.sort_unstable();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), issues.len());
    let outside = issues
        .iter()
        .find(|i| i["check_name"] == "outside-timeframe")
        .expect("CMI209");
    assert!(
        outside["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("CMI209: activity `wells`"))
    );
    assert_eq!(outside["severity"], "minor");
    assert_eq!(outside["location"]["path"], "plans/river.cmi");
    assert_eq!(outside["location"]["lines"]["begin"], 5);
    for issue in issues {
        assert!(["info", "minor", "major"].contains(&issue["severity"].as_str().unwrap_or("")));
    }
}

#[test]
fn junit_report_has_a_test_case_a_file_and_a_failure_a_diagnostic() {
    let folder = repository();
    let run = check(folder.path(), &["--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn output_writes_each_format_to_its_file_and_the_human_report_still_to_the_terminal() {
    let folder = repository();
    let run = check(
        folder.path(),
        &[
            "--color",
            "never",
            "--output",
            "sarif=out.sarif",
            "--output",
            "junit=out.xml",
            "--output",
            "short=out.txt",
        ],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("error[CMI"), "{}", run.stdout);
    let read = |name: &str| std::fs::read_to_string(folder.path().join(name)).expect("written");
    assert_eq!(
        read("out.txt"),
        check(folder.path(), &["--format", "short"]).stdout
    );
    assert_eq!(
        read("out.xml"),
        check(folder.path(), &["--format", "junit"]).stdout
    );
    assert_eq!(
        read("out.sarif"),
        check(folder.path(), &["--format", "sarif"]).stdout
    );

    let wrong = check(folder.path(), &["--output", "sarif"]);
    assert_eq!(wrong.code, 2);
    assert!(
        wrong
            .stderr
            .contains("give a format and a file, as `sarif=cmilint.sarif`"),
        "{}",
        wrong.stderr
    );
    let unknown = check(folder.path(), &["--output", "xml=out.xml"]);
    assert_eq!(unknown.code, 2);
    assert!(unknown.stderr.contains("`xml` is not a format; the formats are human, short, json, sarif, github, gitlab, junit"), "{}", unknown.stderr);
    let unwritable = check(
        folder.path(),
        &["--output", "sarif=no/such/folder/out.sarif"],
    );
    assert_eq!(unwritable.code, 2);
    assert!(
        unwritable
            .stderr
            .starts_with("cmilint: cannot write no/such/folder/out.sarif: "),
        "{}",
        unwritable.stderr
    );
}

#[test]
fn max_warnings_and_exit_zero_set_the_exit_code() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(folder.path().join("plans")).expect("a folder");
    // Warnings and infos, no error.
    std::fs::write(
        folder.path().join("plans/p.cmi"),
        "plan \"P\" { level: strategic period: 2027-01-01..2027-06-30 lead: j9 }\nactor j9 \"J9\" { kind: military }\n",
    )
    .expect("written");
    let short = check(folder.path(), &["--format", "short"]);
    assert_eq!(short.code, 0, "{}", short.stdout);
    assert!(!short.stdout.contains("error["), "{}", short.stdout);
    let warnings = short.stdout.matches(": warning[").count();
    assert!(warnings >= 2, "{}", short.stdout);
    let at_most = |n: usize| {
        check(
            folder.path(),
            &["--format", "short", "--max-warnings", &n.to_string()],
        )
        .code
    };
    assert_eq!(at_most(warnings), 0);
    assert_eq!(at_most(warnings - 1), 1);
    assert_eq!(at_most(0), 1);
    let zero = check(
        folder.path(),
        &["--format", "short", "--max-warnings", "0", "--exit-zero"],
    );
    assert_eq!(zero.code, 0);
    let errors = repository();
    assert_eq!(check(errors.path(), &["--exit-zero"]).code, 0);
    assert_eq!(check(errors.path(), &[]).code, 1);
    // A run that fails is 2 all the same.
    assert_eq!(
        cmilint_in(errors.path(), &["check", "missing", "--exit-zero"], None).code,
        2
    );
}

#[test]
fn a_baseline_hides_what_it_records_whatever_line_it_moves_to_and_names_what_is_gone() {
    let folder = repository();
    let root = folder.path();
    let written = check(
        root,
        &["--format", "short", "--write-baseline", "baseline.json"],
    );
    assert_eq!(written.code, 0, "{}{}", written.stdout, written.stderr);
    let recorded = check(root, &["--format", "short"]).stdout.lines().count() - 1;
    assert!(
        written.stdout.ends_with(&format!(
            "0 errors, 0 warnings in 2 files ({recorded} findings in the baseline not shown)\n"
        )),
        "{}",
        written.stdout
    );
    let baseline: Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("baseline.json")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(baseline["version"], 1);
    let entries = baseline["findings"].as_array().expect("findings");
    assert!(
        entries.iter().any(|e| e["file"] == "plans/river.cmi"
            && e["code"] == "CMI209"
            && e["count"] == 1
            && e["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("activity `wells` runs"))),
        "{baseline:#}"
    );

    // Lines added above, a finding mended, and a second reference to the same missing
    // actor: only the second E005 shows (the baseline counts one), and the mended
    // finding is named as gone.
    let plan = root.join("plans/river.cmi");
    let text = std::fs::read_to_string(&plan).expect("readable");
    let text = text.replace(
        "phase: one period: 2027-03-01..2027-04-30",
        "phase: one period: 2027-02-01..2027-03-31",
    );
    std::fs::write(
        &plan,
        format!("# Draft 3.\n\n{text}engagement more \"More talks\" {{ with: ngo frequency: weekly by: j9 }}\n"),
    )
    .expect("written");
    let run = check(root, &["--format", "short", "--baseline", "baseline.json"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "plans/river.cmi:8:64: error[E005] undefined-reference: no actor has the identifier `j9`",
            &format!(
                "1 error, 0 warnings in 2 files ({} findings in the baseline not shown)",
                recorded - 1
            ),
        ],
        "{}",
        run.stdout
    );
    let stale_at = lines
        .iter()
        .position(|l| {
            l.starts_with("the baseline baseline.json records 1 finding that no longer occurs")
        })
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        lines[stale_at + 1]
            .starts_with("  plans/river.cmi: CMI209 activity `wells` runs 2027-03-01..2027-04-30")
    );
    assert!(lines[stale_at].ends_with("`--write-baseline baseline.json` prunes them:"));

    // Code scanning still receives them, as suppressed by the baseline.
    let log: Value = serde_json::from_str(
        &check(root, &["--format", "sarif", "--baseline", "baseline.json"]).stdout,
    )
    .expect("JSON");
    let external = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["suppressions"][0]["kind"] == "external")
        .count();
    assert!(external >= recorded - 2, "{external} of {recorded}");

    std::fs::write(root.join("broken.json"), "{\"version\": 1}").expect("written");
    let broken = check(root, &["--baseline", "broken.json"]);
    assert_eq!(broken.code, 2);
    assert!(
        broken
            .stderr
            .starts_with("cmilint: cannot read the baseline broken.json: missing field `findings`"),
        "{}",
        broken.stderr
    );
}

#[test]
fn a_repository_of_two_thousand_plans_adopts_a_baseline() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plans = folder.path().join("plans");
    std::fs::create_dir(&plans).expect("a folder");
    for i in 0..2_000 {
        std::fs::write(
            plans.join(format!("plan-{i:04}.cmi")),
            format!(
                "plan \"Plan {i}\" {{ level: tactical period: 2027-01-01..2027-06-30 }}\n\
                 actor council \"Council {i}\" {{ kind: local-authority }}\n\
                 activity wells \"Wells\" {{ kind: non-military-task partners: [council] }}\n"
            ),
        )
        .expect("written");
    }
    let root = folder.path();
    let all = check(root, &["--format", "short"]);
    assert_eq!(all.code, 1);
    let findings = all.stdout.lines().count() - 1;
    assert!(findings > 10_000, "{findings}");
    let written = check(
        root,
        &["--format", "short", "--write-baseline", "baseline.json"],
    );
    assert_eq!(written.code, 0, "{}", written.stderr);
    let again = check(
        root,
        &[
            "--format",
            "short",
            "--baseline",
            "baseline.json",
            "--output",
            "sarif=report.sarif",
        ],
    );
    assert_eq!(again.code, 0, "{}", again.stderr);
    // No progress bar where standard error is not a terminal.
    assert_eq!(again.stderr, "");
    assert_eq!(
        again.stdout,
        format!(
            "0 errors, 0 warnings in 2000 files ({findings} findings in the baseline not shown)\n"
        )
    );
    // One plan changes: only what is new in it shows.
    std::fs::write(
        plans.join("plan-0042.cmi"),
        "plan \"Plan 42\" { level: tactical period: 2027-01-01..2027-06-30 review: monthly }\n\
         actor council \"Council 42\" { kind: local-authority }\n\
         activity wells \"Wells\" { kind: non-military-task partners: [council] }\n\
         activity roads \"Roads\" { kind: non-military-task partners: [council] }\n",
    )
    .expect("written");
    let changed = check(root, &["--format", "short", "--baseline", "baseline.json"]);
    let new: Vec<&str> = changed
        .stdout
        .lines()
        .filter(|l| l.starts_with("plans/"))
        .collect();
    assert!(
        !new.is_empty() && new.iter().all(|l| l.contains("activity `roads`")),
        "{}",
        changed.stdout
    );
    assert!(
        changed
            .stdout
            .contains("CMI107 the plan has no review cycle"),
        "{}",
        changed.stdout
    );
}

/// A YAML file of the repository.
fn yaml(path: &str) -> serde_yaml::Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .expect("readable");
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn the_files_a_team_copies_run_cmilint_as_the_ci_services_expect() {
    // The action: a composite action whose scripts never paste an input into a script.
    let action = yaml("action.yml");
    assert_eq!(action["runs"]["using"], "composite");
    for input in ["paths", "args", "sarif"] {
        assert!(
            action["inputs"][input]["description"].is_string(),
            "{input}"
        );
    }
    let steps = action["runs"]["steps"].as_sequence().expect("steps");
    for step in steps {
        let run = step["run"].as_str().unwrap_or_default();
        assert!(!run.contains("${{"), "an input pasted into a script: {run}");
    }
    let check = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("cmilint\" check"))
        .expect("a step runs cmilint check");
    assert!(
        check.contains("--format github") && check.contains("--output \"sarif=$CMILINT_SARIF\"")
    );

    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "cmilint");
    assert_eq!(hook["entry"], "cmilint check");
    assert_eq!(hook["language"], "rust");
    assert_eq!(hook["files"], "\\.cmi$");

    let workflow = yaml("docs/ci/github-workflow.yml");
    let job = &workflow["jobs"]["cmilint"];
    assert_eq!(job["permissions"]["security-events"], "write");
    let uses: Vec<&str> = job["steps"]
        .as_sequence()
        .expect("steps")
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(
        uses.iter().any(|u| u.starts_with("cmilint/cmilint@")),
        "{uses:?}"
    );
    assert!(
        uses.iter()
            .any(|u| u.starts_with("github/codeql-action/upload-sarif@")),
        "{uses:?}"
    );

    // The GitLab job's command, run on a repository, writes the reports it declares.
    let gitlab = yaml("docs/ci/gitlab-ci.yml");
    let job = &gitlab["cmilint"];
    let command = job["script"][1].as_str().expect("the check");
    let reports = &job["artifacts"]["reports"];
    let folder = repository();
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let run = cmilint_in(folder.path(), &args, None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for report in [&reports["codequality"], &reports["junit"]] {
        let file = report.as_str().expect("a file");
        assert!(folder.path().join(file).is_file(), "{file} is not written");
    }

    // What docs/ci.md shows of these files is in them.
    let doc = include_str!("../docs/ci.md");
    let files: String = [
        "docs/ci/github-workflow.yml",
        "docs/ci/gitlab-ci.yml",
        "docs/ci/pre-commit-config.yaml",
    ]
    .iter()
    .map(|f| {
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(f)).expect("readable")
    })
    .collect();
    for block in doc.split("```yaml\n").skip(1) {
        let block = block.split("```").next().unwrap_or_default();
        assert!(
            files.contains(block),
            "docs/ci.md shows what no file of docs/ci/ holds:\n{block}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_baseline_is_read_only_from_a_regular_file() {
    let folder = repository();
    let fifo = folder.path().join("baseline.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let run = check(folder.path(), &["--baseline", "baseline.json"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr,
        "cmilint: cannot read the baseline baseline.json: it is not a regular file; cmilint reads a baseline only from a regular file\n"
    );
}

#[cfg(unix)]
#[test]
fn a_run_of_more_than_a_second_on_a_terminal_shows_its_progress() {
    // Forty plans of 300 phases each, with a rule that compares every phase with
    // every other (tests/fixtures/phases-every-pair.yaml, which no index serves): a
    // run of a few seconds. `script` gives cmilint a terminal.
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = folder.path();
    std::fs::create_dir_all(root.join("plans")).expect("a folder");
    std::fs::create_dir_all(root.join("slow-rules")).expect("a folder");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/phases-every-pair.yaml"),
        root.join("slow-rules/phases.yaml"),
    )
    .expect("copied");
    let mut plan = String::from("plan \"P\" { level: tactical period: 2027-01-01..2099-12-31 }\n");
    for i in 0..300 {
        let year = 2027 + i / 10;
        writeln!(
            plan,
            "phase p{i} \"P\" {{ period: {year}-01-01..{year}-12-31 }}"
        )
        .expect("writing to a String");
    }
    for i in 0..40 {
        std::fs::write(root.join(format!("plans/p{i:02}.cmi")), &plan).expect("written");
    }
    let command = format!(
        "{} check plans --rules slow-rules --format short > /dev/null",
        env!("CARGO_BIN_EXE_cmilint")
    );
    let terminal = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(root)
        .output()
        .expect("script (util-linux) runs");
    let shown = String::from_utf8_lossy(&terminal.stdout);
    assert!(shown.contains("plans checked"), "{shown:?}");
    // The same run with standard error not a terminal shows nothing.
    let piped = cmilint_in(
        root,
        &[
            "check",
            "plans",
            "--rules",
            "slow-rules",
            "--format",
            "short",
        ],
        None,
    );
    assert_eq!(piped.stderr, "");
}
