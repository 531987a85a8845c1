//! `cmilint check` as a user and a CI job run it: output formats, exit codes, standard
//! input, colour.

mod common;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use common::{Run, cmilint_in};

/// Runs cmilint in the project's folder.
fn cmilint(args: &[&str], stdin: Option<&str>) -> Run {
    cmilint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

/// The report of a plan with errors given on standard input as `plan.cmi`.
fn report(options: &[&str], plan: &str) -> String {
    let mut args = vec!["check"];
    args.extend(options);
    args.extend(["--stdin-filename", "plan.cmi", "-"]);
    let run = cmilint(&args, Some(plan));
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stdout
}

fn human(plan: &str) -> String {
    report(&["--color", "never"], plan)
}

fn short(plan: &str) -> String {
    report(&["--format", "short"], plan)
}

/// The run failed (exit code 2) and said so on standard error.
fn assert_refused(run: &Run, says: &str) {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(says), "{}", run.stderr);
}

#[test]
fn human_report_of_a_missing_colon() {
    insta::assert_snapshot!(human(
        "actor ngo-a \"NGO A\" {\n  kind: ngo\n  humanitarian yes\n}\n"
    ));
}

#[test]
fn human_report_of_blocks_left_open() {
    insta::assert_snapshot!(human(
        "activity wells \"Wells\" {\n  kind: non-military-task\n  measure m \"Wells drilled\" {\n    target: 4\n\nactivity pumps \"Pumps\" {\n  kind: non-military-task\n"
    ));
}

#[test]
fn human_report_of_strings_and_lists() {
    insta::assert_snapshot!(human(concat!(
        "actor a \"A\" {\n  kind: ngo\n  description: \"no end\n}\n",
        "actor b \"B\" {\n  kind: ngo\n  description: \"a \\q here\"\n}\n",
        "structure c \"C\" {\n  existing: yes\n  function: [coordination, [planning]]\n}\n",
    )));
}

#[test]
fn human_report_of_language_errors_with_their_causes() {
    insta::assert_snapshot!(human(concat!(
        "actor unhcr \"UNHCR\" { kind: international-organization }\n",
        "actor unhcr \"UNHCR again\" { kind: ngo }\n",
        "actor hq \"Headquarters\" { level: national }\n",
        "engagement e1 \"Meeting\" {\n  with: unhcrr\n  via: unhcr\n  frequency: weekley\n}\n",
    )));
}

#[test]
fn human_report_of_a_plan_over_several_files() {
    let run = cmilint(
        &["check", "--color", "never", "tests/conformance/plan-files"],
        None,
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn short_report_is_one_line_a_diagnostic_then_the_summary() {
    let run = cmilint(
        &["check", "--format", "short", "examples/mistakes.cmi"],
        None,
    );
    assert_eq!(run.code, 1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn json_report_has_places_codes_and_a_summary() {
    // The title holds non-ASCII letters: columns count Unicode scalar values.
    let plan =
        "actor msf \"Médecins Sans Frontières\" { kind: nGO }\nactor \"No identifier\" { }\n";
    let run = cmilint(
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "dir/plan.cmi",
            "-",
        ],
        Some(plan),
    );
    assert_eq!(run.code, 1);
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    assert_eq!(doc["version"], 1);
    let diagnostics = doc["diagnostics"].as_array().expect("an array");
    assert_eq!(diagnostics.len(), 3);
    let first = &diagnostics[0];
    assert_eq!(first["file"], "dir/plan.cmi");
    assert_eq!(first["code"], "E004");
    assert_eq!(first["name"], "invalid-value");
    assert_eq!(first["severity"], "error");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(1), Some(46))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(1), Some(49))
    );
    assert!(first["message"].as_str().unwrap().contains("`nGO`"));
    assert!(
        first["message"]
            .as_str()
            .unwrap()
            .contains("did you mean `ngo`?")
    );
    // Sorted by line, then column: the missing kind and the missing identifier of
    // line 2 both point at its header.
    let places: Vec<(u64, u64, &str)> = diagnostics
        .iter()
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(places, [(1, 46, "E004"), (2, 1, "E009"), (2, 1, "E009")]);
    assert_eq!(
        doc["summary"],
        serde_json::json!({
            "errors": 3,
            "warnings": 0,
            "infos": 0,
            "files": 1,
            "left_out": 0,
            "in_baseline": 0,
            "stale_baseline": []
        })
    );
}

#[test]
fn json_report_gives_the_related_places() {
    let plan = "actor a \"A\" { kind: ngo }\nactor a \"A again\" { kind: ngo }\n";
    let run = cmilint(&["check", "--format", "json", "-"], Some(plan));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    let duplicate = &doc["diagnostics"][0];
    assert_eq!(duplicate["code"], "E006");
    assert_eq!(duplicate["file"], "<stdin>");
    assert_eq!(duplicate["related"][0]["line"], 1);
    assert_eq!(duplicate["related"][0]["column"], 7);
    assert_eq!(duplicate["related"][0]["message"], "first defined here");
}

#[test]
fn an_allow_that_misses_a_finding_nearby_points_at_it() {
    let plan = "engagement e \"E\" {\n  with: a  # cmilint: allow(CMI105) -- agreed ad hoc\n}\n\
                actor a \"A\" { kind: military }\n\
                plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n";
    let run = cmilint(&["check", "--format", "json", "-"], Some(plan));
    let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    let diagnostics = doc["diagnostics"].as_array().expect("diagnostics");
    let unused = diagnostics
        .iter()
        .find(|d| d["code"] == "S001")
        .expect("the allow silences nothing");
    assert_eq!(unused["line"], 2);
    assert_eq!(unused["related"][0]["line"], 1, "{unused}");
    assert_eq!(
        unused["related"][0]["message"],
        "CMI105 is reported here, outside what the `allow` covers"
    );
    for (form, help) in [
        (
            "allow",
            "say why after `--`: `# cmilint: allow(E004) -- why the plan accepts it`",
        ),
        (
            "allow-file",
            "say why after `--`: `# cmilint: allow-file(E004) -- why the plan accepts it`",
        ),
    ] {
        let plan = format!("# cmilint: {form}(E004)\nactor a \"A\" {{ kind: nga }}\n");
        let run = cmilint(&["check", "--format", "json", "-"], Some(&plan));
        let doc: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
        assert_eq!(doc["diagnostics"][0]["help"], help);
    }
}

#[test]
fn a_use_that_names_no_file_suggests_only_plan_files_inside_the_tree() {
    let root = std::env::temp_dir().join(format!("cmilint-near-{}", std::process::id()));
    let tree = root.join("tree");
    std::fs::create_dir_all(&tree).unwrap();
    std::fs::write(tree.join(".cmilint.yaml"), "").unwrap();
    std::fs::write(
        root.join("secret-plans.cmi"),
        "actor s \"S\" { kind: ngo }\n",
    )
    .unwrap();
    std::fs::write(tree.join("actors.cmi"), "actor a \"A\" { kind: ngo }\n").unwrap();
    let plan = tree.join("plan.cmi");
    std::fs::write(&plan, "use \"Actors.cmi\"\nuse \"../secret-plan.cmi\"\n").unwrap();
    let run = cmilint(
        &["check", "--format", "short", plan.to_str().unwrap()],
        None,
    );
    std::fs::remove_dir_all(&root).unwrap();
    assert!(
        run.stdout
            .contains("there is no file `Actors.cmi`; did you mean `actors.cmi`?"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("there is no file `../secret-plan.cmi`\n"),
        "nothing outside the tree is suggested: {}",
        run.stdout
    );
}

#[test]
fn an_invisible_character_is_named_not_printed() {
    let report = short("actor a\u{202E} { kind: ngo }\n");
    assert!(
        report
            .contains("error[E001] syntax-error: the invisible character U+202E cannot stand here"),
        "{report}"
    );
}

#[test]
fn a_clean_plan_exits_zero_with_only_the_summary() {
    let run = cmilint(&["check", "examples/river-shield"], None);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "0 errors, 0 warnings in 2 files\n")
    );
}

#[test]
fn errors_exit_one() {
    assert_eq!(cmilint(&["check", "examples/mistakes.cmi"], None).code, 1);
}

#[test]
fn a_missing_path_exits_two_with_one_line_on_stderr() {
    let run = cmilint(&["check", "no/such/plan.cmi"], None);
    assert_eq!(run.code, 2);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("cmilint: cannot read no/such/plan.cmi"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_standard_error_nobody_reads_changes_no_exit_code() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(["check", "-", "no/such/plan.cmi"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("cmilint starts");
    // The reader of standard error goes away before cmilint, still reading standard
    // input, has anything to say.
    drop(child.stderr.take());
    let mut input = child.stdin.take().expect("piped stdin");
    input.write_all(b"actor a { }\n").expect("stdin written");
    drop(input);
    let status = child.wait().expect("cmilint ends");
    assert_eq!(status.code(), Some(2));
}

#[test]
fn a_stdin_filename_through_a_parent_folder_uses_the_files_beside_it() {
    let root = std::env::temp_dir().join(format!("cmilint-stdin-up-{}", std::process::id()));
    std::fs::create_dir_all(root.join("plans")).unwrap();
    std::fs::create_dir_all(root.join("other")).unwrap();
    std::fs::write(
        root.join("plans/actors.cmi"),
        "actor a \"A\" { kind: ngo }\n",
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args([
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "../plans/plan.cmi",
            "-",
        ])
        .current_dir(root.join("other"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("cmilint starts");
    let mut input = child.stdin.take().expect("piped stdin");
    input.write_all(b"use \"actors.cmi\"\n").expect("written");
    drop(input);
    let output = child.wait_with_output().expect("cmilint ends");
    std::fs::remove_dir_all(&root).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "0 errors, 0 warnings in 2 files\n"
    );
}

#[test]
fn bad_arguments_exit_two() {
    assert_refused(
        &cmilint(&["check", "--format", "xml", "examples"], None),
        "xml",
    );
    assert_eq!(cmilint(&["frobnicate"], None).code, 2);
}

#[test]
fn help_and_version_exit_zero() {
    let run = cmilint(&["--help"], None);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("check"));
    assert_eq!(cmilint(&["--version"], None).code, 0);
}

#[test]
fn a_broken_configuration_exits_two_naming_its_place() {
    let dir = std::env::temp_dir().join(format!("cmilint-config-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".cmilint.yaml"), "limits:\n  nesting: 3\n").unwrap();
    std::fs::write(dir.join("plan.cmi"), "actor a \"A\" { kind: ngo }\n").unwrap();
    let run = cmilint(&["check", dir.to_str().unwrap()], None);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_refused(&run, ".cmilint.yaml:2:3: limits: unknown field `nesting`");
}

#[test]
fn a_broken_configuration_beside_a_used_file_stops_the_run_too() {
    let dir = std::env::temp_dir().join(format!("cmilint-config-used-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join(".git"), "").unwrap();
    std::fs::write(dir.join("lib/.cmilint.yaml"), "limits:\n  depth: 3\n").unwrap();
    std::fs::write(dir.join("lib/actors.cmi"), "actor a \"A\" { kind: ngo }\n").unwrap();
    std::fs::write(dir.join("plan.cmi"), "use \"lib/actors.cmi\"\n").unwrap();
    let run = cmilint(&["check", dir.join("plan.cmi").to_str().unwrap()], None);
    std::fs::remove_dir_all(&dir).unwrap();
    assert_refused(&run, ".cmilint.yaml:2:3: limits: unknown field `depth`");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plan = "actor a { }\n";
    let coloured = cmilint(&["check", "--color", "always", "-"], Some(plan));
    assert!(coloured.stdout.contains("\u{1b}["));
    let by_default = cmilint(&["check", "-"], Some(plan));
    assert!(
        !by_default.stdout.contains("\u{1b}["),
        "not a terminal: no colour by default"
    );
    let never = cmilint(&["check", "--color", "never", "-"], Some(plan));
    assert!(!never.stdout.contains("\u{1b}["));
}

#[test]
fn a_folder_is_searched_for_plan_files() {
    let run = cmilint(&["check", "--format", "short", "examples"], None);
    assert!(run.stdout.ends_with("in 3 files\n"), "{}", run.stdout);
}

#[test]
fn stdin_use_paths_start_at_the_named_file() {
    let plan = "use \"actors.cmi\"\nengagement e \"E\" { with: veridia-ocha frequency: weekly }\n";
    let run = cmilint(
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "examples/river-shield/new.cmi",
            "-",
        ],
        Some(plan),
    );
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "0 errors, 0 warnings in 2 files\n"),
        "{}",
        run.stderr
    );
}

/// The README shows a plan and one of its findings: both must stay true.
#[test]
fn the_readme_example_reports_what_the_readme_shows() {
    let readme = include_str!("../README.md");
    let fenced: Vec<&str> = readme.split("```").skip(1).step_by(2).collect();
    let plan = fenced
        .iter()
        .find(|block| block.starts_with("\nplan "))
        .expect("the README shows a plan")
        .trim_start();
    let finding = fenced
        .iter()
        .find(|block| block.starts_with("\nerror["))
        .expect("the README shows a finding")
        .trim_start();
    let report = human(plan);
    assert!(report.contains(finding), "{report}");
    let summary = report.lines().last().expect("a summary line");
    assert!(
        readme.contains(&format!("`{summary}`")),
        "the README should quote the summary `{summary}`"
    );
}

#[test]
fn standard_input_longer_than_the_limit_is_refused() {
    // The folder's .cmilint.yaml limits files to 100 bytes.
    let run = cmilint(
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            "tests/conformance/file-size-limit/piped.cmi",
            "-",
        ],
        Some(&"# a long comment\n".repeat(20)),
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("E016] limit-exceeded: the plan is longer than the limit of 100 bytes"),
        "{}",
        run.stdout
    );
}

#[test]
fn syntax_errors_name_what_the_planner_wrote() {
    let unclosed = short("plan \"P\" {\n  operation: \"\"\"abc\n}\n");
    assert!(
        unclosed.starts_with("plan.cmi:2:14: error[E001] syntax-error: this text is never closed"),
        "{unclosed}"
    );
    let cut_short = short("actor a");
    assert!(
        cut_short.contains("1:8: error[E001] syntax-error: the file ends in the middle of a block"),
        "{cut_short}"
    );
    let invisible = short("plan \"P\" {}\n\0\0\0\n");
    assert!(
        invisible.contains(
            "2:1: error[E001] syntax-error: the invisible character U+0000 cannot stand here"
        ),
        "{invisible}"
    );
}

#[test]
fn a_syntax_error_that_shows_on_the_next_line_is_named_there() {
    let no_brace = short("actor a \"A\"\nactor b { kind: ngo }\n");
    assert!(
        no_brace.starts_with(
            "plan.cmi:2:1: error[E001] syntax-error: expected `{` to open the block `actor a`, \
             found `actor`"
        ),
        "{no_brace}"
    );
    let open_list = short("actor a {\n  kind: [ngo, military\n  level: local\n}\n");
    assert!(
        open_list.starts_with(
            "plan.cmi:3:3: error[E001] syntax-error: expected `,` or `]` in the list of `kind`, \
             found `level`"
        ),
        "{open_list}"
    );
    let cut_range = short("activity a {\n  period: 2027-01-01..\n  owner: j9\n}\n");
    assert!(
        cut_range.starts_with(
            "plan.cmi:2:21: error[E001] syntax-error: the range `2027-01-01..` has no end date"
        ),
        "{cut_range}"
    );
    let spaced_range = short("activity a { period: 2027-01-01 .. 2027-02-01 }\n");
    assert!(
        spaced_range.starts_with(
            "plan.cmi:1:33: error[E001] syntax-error: a range is written without spaces around `..`"
        ),
        "{spaced_range}"
    );
}

#[test]
fn a_byte_order_mark_is_not_a_column_in_any_format() {
    let plan = "\u{feff}actor a { }\n";
    assert!(human(plan).contains("┌─ plan.cmi:1:1\n"), "{}", human(plan));
    assert!(short(plan).starts_with("plan.cmi:1:1: "), "{}", short(plan));
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // Far more than a pipe holds: the report is still being written when `head` stops.
    let plan = "actorr a \"A\" { }\n".repeat(20_000);
    let file = std::env::temp_dir().join(format!("cmilint-head-{}.cmi", std::process::id()));
    std::fs::write(&file, plan).unwrap();
    for format in ["human", "short", "json"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cmilint"))
            .args(["check", "--format", format, file.to_str().unwrap()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("cmilint starts");
        let mut first = [0u8; 16];
        std::io::Read::read_exact(child.stdout.as_mut().unwrap(), &mut first).unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("cmilint ends");
        assert_eq!(
            (
                output.status.code(),
                String::from_utf8_lossy(&output.stderr).as_ref()
            ),
            (Some(1), ""),
            "{format}"
        );
    }
    std::fs::remove_file(&file).unwrap();
}

#[test]
fn standard_input_is_read_once_and_only_when_asked() {
    assert_refused(
        &cmilint(&["check", "-", "-"], Some("actor a { }\n")),
        "given more than once",
    );
    let unread = cmilint(
        &[
            "check",
            "--stdin-filename",
            "plan.cmi",
            "examples/mistakes.cmi",
        ],
        None,
    );
    assert_refused(&unread, "no `-` asks for it; add `-`");
}

#[test]
fn a_folder_without_plans_is_a_warning_not_a_failure() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(folder.path().join("notes.txt"), "no plan here\n").unwrap();
    let run = cmilint(&["check", folder.path().to_str().unwrap()], None);
    assert_eq!(
        (run.code, run.stdout.as_str()),
        (0, "0 errors, 0 warnings in 0 files\n")
    );
    assert_eq!(
        run.stderr,
        "cmilint: warning: no plan files (*.cmi) found in the paths given\n"
    );
}

#[test]
fn a_misplaced_block_says_where_it_can_stand() {
    let report = short(
        "measure m \"M\" { target: 4 }\nactor a \"A\" { kind: ngo\n  transition t \"T\" { } }\n",
    );
    assert_eq!(
        report,
        "plan.cmi:1:1: error[E014] misplaced-block: a `measure` block can only stand inside an activity\n\
         plan.cmi:3:3: error[E014] misplaced-block: a `transition` block cannot stand inside `actor a`\n\
         2 errors, 0 warnings in 1 file\n"
    );
}

#[test]
fn an_info_is_headed_note_and_says_info() {
    let report = human(
        "plan \"Example\" { level: tactical period: 2027-01-01..2027-06-30 }\n\
         actor youth-union \"Youth Union\" { kind: civil-society }\n",
    );
    assert!(
        report.contains("note[CMI201]: the plan records no relationship with actor `youth-union`")
            && report.contains("= CMI201 no-prior-relationship (info)"),
        "{report}"
    );
}

/// Writes `files` (name, text) in a new folder and runs `cmilint check --format short`
/// on it from inside, so that the names shown are the files' own.
#[cfg(unix)]
fn check_folder_named(files: &[(&[u8], &str)]) -> Run {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let folder = tempfile::tempdir().expect("a temporary folder");
    for (name, text) in files {
        std::fs::write(folder.path().join(OsStr::from_bytes(name)), text).expect("written");
    }
    let output = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(["check", "--format", "short", "."])
        .current_dir(folder.path())
        .output()
        .expect("cmilint runs");
    Run {
        code: output.status.code().expect("an exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 output"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 errors"),
    }
}

#[cfg(unix)]
#[test]
fn file_names_are_printed_as_visible_text() {
    let broken = "actor a \"A\" { kind: ngoo }\n";
    let run = check_folder_named(&[
        (b"red\x1b[31m.cmi", broken),
        (b"two\nplan.cmi:1:1: info[CMI101] forged: fine.cmi", broken),
    ]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "./red\\u{1b}[31m.cmi:1:21: error[E004] invalid-value: `ngoo` is not a value of `kind`; did you mean `ngo`?",
            "./two\\nplan.cmi:1:1: info[CMI101] forged: fine.cmi:1:21: error[E004] invalid-value: `ngoo` is not a value of `kind`; did you mean `ngo`?",
            "2 errors, 0 warnings in 2 files",
        ]
    );
}

#[cfg(unix)]
#[test]
fn names_that_are_not_utf8_are_told_apart() {
    let broken = "actor a \"A\" { kind: ngoo }\n";
    let run = check_folder_named(&[(b"caf\xe9.cmi", broken), (b"caf\xe8.cmi", broken)]);
    assert!(
        run.stdout.contains("./caf\\xe8.cmi:1:21: error[E004]"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("./caf\\xe9.cmi:1:21: error[E004]"),
        "{}",
        run.stdout
    );
}

#[test]
fn human_report_cuts_a_long_line_around_what_it_points_at() {
    let text = "water ".repeat(60);
    insta::assert_snapshot!(human(&format!(
        "actor a \"A\" {{ kind: ngo description: \"{text}\" headquarters: x }}\n\
         use \"{}.cmi\"\n",
        "folder/".repeat(40)
    )));
}

/// A file outside the plan's tree that no report may show.
const SECRET: &str = "root:x:0:0:root:/root:/bin/bash\n";

/// A plan in a tree whose `.cmilint.yaml` is made by `make` (given its path), next to
/// a secret outside the tree; what `cmilint check` says of the plan.
#[cfg(unix)]
fn check_with_configuration(make: impl FnOnce(&std::path::Path, &std::path::Path)) -> Run {
    let root = tempfile::tempdir().expect("a temporary folder");
    let secret = root.path().join("secret");
    std::fs::write(&secret, SECRET).unwrap();
    let tree = root.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    std::fs::write(tree.join("plan.cmi"), "actor a \"A\" { kind: ngo }\n").unwrap();
    make(&tree.join(".cmilint.yaml"), &secret);
    cmilint(&["check", tree.join("plan.cmi").to_str().unwrap()], None)
}

#[cfg(unix)]
#[test]
fn a_configuration_must_be_a_regular_file_and_no_error_shows_what_a_link_leads_to() {
    use std::os::unix::fs::symlink;
    let linked = check_with_configuration(|config, secret| symlink(secret, config).unwrap());
    assert_refused(
        &linked,
        ".cmilint.yaml: it is a symbolic link, not a regular file; cmilint reads its \
         configuration only from a regular file",
    );
    assert!(!linked.stderr.contains("root:x"), "{}", linked.stderr);
    let kernel_log = check_with_configuration(|config, _| symlink("/proc/kmsg", config).unwrap());
    assert_refused(&kernel_log, "it is a symbolic link, not a regular file");
    let fifo = check_with_configuration(|config, _| {
        let made = Command::new("mkfifo")
            .arg(config)
            .status()
            .expect("mkfifo runs");
        assert!(made.success());
    });
    assert_refused(&fifo, ".cmilint.yaml: it is not a regular file");
}

#[cfg(unix)]
#[test]
fn a_rule_file_must_be_a_regular_file_and_no_error_shows_what_a_link_leads_to() {
    use std::os::unix::fs::symlink;
    let root = tempfile::tempdir().expect("a temporary folder");
    let secret = root.path().join("secret");
    std::fs::write(&secret, SECRET).unwrap();
    let rules = root.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    symlink(&secret, rules.join("org.yaml")).unwrap();
    let run = cmilint(&["rules", "--rules", rules.to_str().unwrap()], None);
    assert_refused(
        &run,
        "org.yaml: it is a symbolic link, not a regular file; cmilint reads rules only from \
         regular files",
    );
    assert!(!run.stderr.contains("root:x"), "{}", run.stderr);
    std::fs::remove_file(rules.join("org.yaml")).unwrap();
    let made = Command::new("mkfifo")
        .arg(rules.join("org.yaml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let fifo = cmilint(&["rules", "--rules", rules.to_str().unwrap()], None);
    assert_refused(&fifo, "org.yaml: it is not a regular file");
}

#[test]
fn plan_files_left_out_by_ignore_files_are_counted_and_checked_on_request() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let broken = "actor a \"A\" { kind: ngoo }\n";
    std::fs::write(folder.path().join(".ignore"), "hidden-by-ignore.cmi\n").unwrap();
    std::fs::write(folder.path().join("hidden-by-ignore.cmi"), broken).unwrap();
    std::fs::write(folder.path().join(".hidden.cmi"), broken).unwrap();
    std::fs::write(
        folder.path().join("plan.cmi"),
        "actor a \"A\" { kind: ngo }\n",
    )
    .unwrap();
    let path = folder.path().to_str().unwrap();
    let honoured = cmilint(&["check", "--format", "short", path], None);
    assert_eq!(honoured.code, 0, "{}", honoured.stderr);
    assert_eq!(
        honoured.stdout,
        "0 errors, 0 warnings in 1 file (2 plan files left out: hidden, or named by \
         .gitignore or .ignore; --no-ignore checks them)\n"
    );
    let json = cmilint(&["check", "--format", "json", path], None);
    let json: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    assert_eq!(json["summary"]["left_out"], 2);
    let everything = cmilint(&["check", "--format", "short", "--no-ignore", path], None);
    assert_eq!(everything.code, 1, "{}", everything.stderr);
    assert!(
        everything
            .stdout
            .ends_with("2 errors, 0 warnings in 3 files\n"),
        "{}",
        everything.stdout
    );
}

#[test]
fn a_plan_on_standard_input_stands_for_the_file_it_is_named_as() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(folder.path().join(".git"), "").unwrap();
    std::fs::write(
        folder.path().join("plan.cmi"),
        "actor saved \"Saved\" { kind: ngoo }\n",
    )
    .unwrap();
    let name = folder.path().join("plan.cmi");
    let run = cmilint(
        &[
            "check",
            "--format",
            "short",
            "--stdin-filename",
            name.to_str().unwrap(),
            "-",
        ],
        Some("use \"plan.cmi\"\nactor edited \"Edited\" { kind: ngo }\n"),
    );
    // The plan uses itself: the copy on disk, with its own mistake, is not read.
    assert!(run.stdout.contains("error[E011]"), "{}", run.stdout);
    assert!(!run.stdout.contains("E004"), "{}", run.stdout);
    assert!(run.stdout.ends_with("in 1 file\n"), "{}", run.stdout);
}

#[test]
fn a_long_use_cycle_is_named_by_its_ends() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(folder.path().join(".git"), "").unwrap();
    for i in 0..8 {
        let text = format!(
            "use \"c{}.cmi\"\nactor a{i} \"A\" {{ kind: ngo }}\n",
            (i + 1) % 8
        );
        std::fs::write(folder.path().join(format!("c{i}.cmi")), text).unwrap();
    }
    let file = folder.path().join("c7.cmi");
    let run = cmilint(
        &["check", "--format", "short", file.to_str().unwrap()],
        None,
    );
    // Read from c7.cmi, the cycle closes at the `use` of c6.cmi.
    let said = "this `use` closes a cycle: c7.cmi uses c0.cmi uses c1.cmi uses … 4 more files … \
                uses c6.cmi uses c7.cmi";
    assert!(run.stdout.contains(said), "{}", run.stdout);
}

/// What a run says on standard error, and how many lines it takes.
fn one_line_error(run: &Run) -> &str {
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    run.stderr.trim_end()
}

#[test]
fn errors_in_configuration_and_rule_files_forge_no_line_and_quote_little() {
    let forged = "f.cmi:1:1: error[E001]: forged";
    let tree = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(
        tree.path().join("plan.cmi"),
        "actor a \"A\" { kind: ngo }\n",
    )
    .unwrap();
    std::fs::write(
        tree.path().join(".cmilint.yaml"),
        format!("\"\\n{forged}\\u001b[2J\": 1\n"),
    )
    .unwrap();
    let plan = tree.path().join("plan.cmi");
    let configuration = cmilint(&["check", plan.to_str().unwrap()], None);
    let said = one_line_error(&configuration);
    assert!(
        said.contains("unknown field `\\nf.cmi:1:1: error[E001]: forged\\u{1b}…`"),
        "{said}"
    );

    let rules = tree.path().join("rules");
    std::fs::create_dir(&rules).unwrap();
    let rule_file = rules.join("org.yaml");
    let head = |code: &str, summary: &str| {
        std::fs::read_to_string("tests/organisation-rules/engagements.yaml")
            .unwrap()
            .replace("code: ORG001", &format!("code: \"{code}\""))
            .replace(
                "summary: An engagement that does not name who conducts it.",
                &format!("summary: \"{summary}\""),
            )
    };
    let list = |code: &str, summary: &str| {
        std::fs::write(&rule_file, head(code, summary)).unwrap();
        cmilint(&["rules", "--rules", rules.to_str().unwrap()], None)
    };
    let bad_code = list(&format!("ORG1\\n{forged}"), "s");
    assert!(one_line_error(&bad_code).contains("the code `ORG1\\nf.cmi:1:1:"));
    let long = "X".repeat(1000);
    let quoted = list(&format!("A{long}"), "s");
    assert!(one_line_error(&quoted).contains(&format!("`A{}…`", "X".repeat(31))));
    // A backtick inside a quoted value hides where it ends: the value is cut first.
    let hidden_end = list(&format!("A` {long}` B"), "s");
    let said = one_line_error(&hidden_end);
    assert!(
        said.contains(&format!("`A` {}…`", "X".repeat(29))),
        "{said}"
    );

    let listed = list("ORG001", &format!("A summary\\n{forged}"));
    assert_eq!(listed.code, 0, "{}", listed.stderr);
    let row: Vec<&str> = listed
        .stdout
        .lines()
        .filter(|l| l.contains("forged"))
        .collect();
    assert_eq!(row.len(), 1, "{}", listed.stdout);
    assert!(
        row[0].starts_with("ORG001  engagement-without-owner"),
        "{}",
        row[0]
    );
}

#[test]
fn a_file_of_many_mistaken_allows_takes_no_suggestion_from_another() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let many = "# cmilint: allow(E00x)\n".repeat(20_000) + "actor a \"A\" { kind: ngo }\n";
    std::fs::write(folder.path().join("many.cmi"), many).unwrap();
    std::fs::write(
        folder.path().join("one.cmi"),
        "# cmilint: allow(E00l)\nactor b \"B\" { kind: ngo }\n",
    )
    .unwrap();
    let path = |name: &str| folder.path().join(name).to_str().unwrap().to_owned();
    for order in [["many.cmi", "one.cmi"], ["one.cmi", "many.cmi"]] {
        let [first, second] = order.map(path);
        let run = cmilint(&["check", "--format", "short", &first, &second], None);
        let unknown = |l: &&str| l.contains("one.cmi:") && l.contains("[S002]");
        let one: Vec<&str> = run.stdout.lines().filter(unknown).collect();
        assert_eq!(one.len(), 1, "{}", run.stdout);
        assert!(
            one[0].ends_with("did you mean `E001`?"),
            "{order:?}: {}",
            one[0]
        );
        let suggested = run.stdout.matches("did you mean").count();
        assert!(suggested > 1 && suggested < 20_000, "{suggested}");
    }
}

#[cfg(unix)]
#[test]
fn a_link_named_on_the_command_line_is_checked_as_the_plan_it_leads_to() {
    let root = tempfile::tempdir().expect("a temporary folder");
    let plans = root.path().join("plans");
    std::fs::create_dir(&plans).unwrap();
    std::fs::write(plans.join("plan.cmi"), "actor a \"A\" { kind: ngoo }\n").unwrap();
    let link = root.path().join("link.cmi");
    std::os::unix::fs::symlink(plans.join("plan.cmi"), &link).unwrap();
    let run = cmilint(
        &["check", "--format", "short", link.to_str().unwrap()],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stdout.contains("link.cmi:1:21: error[E004]"),
        "{}",
        run.stdout
    );
}

#[test]
fn test_rules_passes_the_built_in_rules_and_says_which_example_fails_and_why() {
    let built_in = cmilint(&["test-rules"], None);
    assert_eq!(built_in.code, 0, "{}", built_in.stdout);
    assert!(
        built_in
            .stdout
            .ends_with("rules tested: every bad example gives its rule, every good one nothing\n"),
        "{}",
        built_in.stdout
    );

    let rules = tempfile::tempdir().expect("a temporary folder");
    let rules_file = std::fs::read_to_string("tests/organisation-rules/engagements.yaml").unwrap();
    // ORG001 alone, its examples swapped and its good one broken.
    let (rule, _) = rules_file
        .split_once("\n  - code: ORG003")
        .expect("ORG001 comes first");
    let swapped = rule
        .replace("    bad: |", "    was-bad: |")
        .replace("    good: |", "    bad: |")
        .replace("    was-bad: |", "    good: |")
        .replace(
            "with: council by: j9 }",
            "with: council by: j9 kind: meeting }",
        );
    std::fs::write(rules.path().join("org.yaml"), swapped).unwrap();
    let run = cmilint(
        &["test-rules", "--rules", rules.path().to_str().unwrap()],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let file = rules.path().join("org.yaml");
    let lines: Vec<String> = run
        .stdout
        .lines()
        .map(|l| l.replace(&format!("{}: ", file.display()), "FILE: "))
        .collect();
    assert_eq!(
        lines[..3],
        [
            "FILE: ORG001 engagement-without-owner: the bad example must give only ORG001, and gives:",
            "  line 4: E003 `engagement council-meeting` has no field `kind`",
            "FILE: ORG001 engagement-without-owner: the good example must give nothing, and gives:",
        ],
        "{}",
        run.stdout
    );
    assert!(
        lines[3].starts_with("  line 3: ORG001 engagement `council-meeting`"),
        "{}",
        run.stdout
    );
    assert!(
        lines[4].ends_with("rules tested: 2 examples fail"),
        "{}",
        run.stdout
    );

    let plan = rules.path().join("plan.cmi");
    std::fs::write(&plan, "actor a \"A\" { kind: ngo }\n").unwrap();
    let check = |folder: &std::path::Path| {
        let folder = folder.to_str().unwrap();
        cmilint(&["check", "--rules", folder, plan.to_str().unwrap()], None)
    };
    let warned = check(rules.path());
    assert_eq!(warned.code, 0, "{}", warned.stderr);
    assert_eq!(
        warned.stderr,
        format!(
            "cmilint: warning: examples of organisation rules do not behave as their rules say \
             (the bad example of ORG001, the good example of ORG001); `cmilint test-rules \
             --rules {}` says why\n",
            rules.path().display()
        )
    );
    let sound = check(std::path::Path::new("tests/organisation-rules"));
    assert_eq!((sound.code, sound.stderr.as_str()), (0, ""));
}

#[test]
fn test_rules_checks_the_marked_plans_of_a_rules_folder() {
    let rules = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(
        "tests/organisation-rules/engagements.yaml",
        rules.path().join("engagements.yaml"),
    )
    .unwrap();
    let tests = rules.path().join("tests");
    std::fs::create_dir(&tests).unwrap();
    std::fs::write(
        tests.join("plan.cmi"),
        "plan \"T\" { level: tactical period: 2027-01-01..2027-06-30 }\n\
         actor council \"Town council\" { kind: local-authority }\n\
         engagement marked \"M\" { with: council } #~ ORG001\n\
         engagement unmarked \"U\" { with: council }\n\
         engagement owned \"O\" { with: council by: council } #~ ORG001\n\
         actor wrong \"W\" { kind: ngoo }\n",
    )
    .unwrap();
    let run = cmilint(
        &["test-rules", "--rules", rules.path().to_str().unwrap()],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let plan = tests.join("plan.cmi");
    let lines: Vec<String> = run
        .stdout
        .lines()
        .map(|l| l.replace(&plan.display().to_string(), "PLAN"))
        .map(|l| l.replace(&tests.display().to_string(), "TESTS"))
        .collect();
    assert_eq!(
        lines[1..],
        [
            "PLAN:4: ORG001 is reported but not marked: engagement `unmarked` does not name who conducts it",
            "PLAN:5: ORG001 is marked once but reported nowhere",
            "PLAN:6: E004 is reported but not marked: `ngoo` is not a value of `kind`; did you mean `ngo`?",
            "1 plan file of TESTS: 3 lines do not report what they are marked with",
        ],
        "{}",
        run.stdout
    );

    let own = cmilint(&["test-rules", "--rules", "tests/organisation-rules"], None);
    assert_eq!(own.code, 0, "{}", own.stdout);
    assert!(own.stdout.ends_with(
        "3 plan files of tests/organisation-rules/tests: every line reports what it is marked with\n"
    ));
}
