//! The project's conformance suite: every plan in `tests/conformance/` (a `.cmi` file,
//! or a folder checked as a whole) carries `#~ CODE` markers saying exactly which codes
//! cmilint must report on that line. The binary is run as a user runs it, with
//! `check --format json`.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use cmilint::{Catalogue, RuleSet};

/// (file, line, code) → how many times.
type Findings = BTreeMap<(PathBuf, usize, String), usize>;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance")
}

fn cases() -> Vec<PathBuf> {
    let mut cases: Vec<PathBuf> = fs::read_dir(suite())
        .expect("the suite folder exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "cmi"))
        .collect();
    cases.sort();
    cases
}

fn plan_files(case: &Path) -> Vec<PathBuf> {
    if case.is_file() {
        return vec![case.to_path_buf()];
    }
    let mut files = Vec::new();
    for entry in fs::read_dir(case).expect("readable case folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            files.extend(plan_files(&path));
        } else if path.extension().is_some_and(|e| e == "cmi") {
            files.push(path);
        }
    }
    files
}

fn expected(case: &Path) -> Findings {
    let mut want = Findings::new();
    for file in plan_files(case) {
        let text = String::from_utf8_lossy(&fs::read(&file).expect("readable plan")).into_owned();
        let canonical = file.canonicalize().expect("the plan exists");
        for (n, line) in text.lines().enumerate() {
            for code in cmilint::marker_codes(line) {
                *want
                    .entry((canonical.clone(), n + 1, code.to_owned()))
                    .or_default() += 1;
            }
        }
    }
    want
}

fn reported(case: &Path) -> Findings {
    let output = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(["check", "--format", "json"])
        .arg(case)
        .output()
        .expect("cmilint runs");
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{}: exit {code:?}: {}",
        case.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&output.stdout).expect("one JSON object");
    let mut got = Findings::new();
    for d in doc["diagnostics"].as_array().expect("a diagnostics array") {
        let file = PathBuf::from(d["file"].as_str().expect("file"));
        let file = file.canonicalize().unwrap_or(file);
        let line = d["line"].as_u64().expect("line") as usize;
        let code = d["code"].as_str().expect("code").to_owned();
        *got.entry((file, line, code)).or_default() += 1;
    }
    got
}

fn difference(a: &Findings, b: &Findings) -> Vec<String> {
    a.iter()
        .filter_map(|(key, &n)| {
            let m = b.get(key).copied().unwrap_or(0);
            (n > m).then(|| format!("{}:{} {} x{}", key.0.display(), key.1, key.2, n - m))
        })
        .collect()
}

#[test]
fn every_case_reports_exactly_its_markers() {
    let mut failures = Vec::new();
    for case in cases() {
        let (want, got) = (expected(&case), reported(&case));
        let missing = difference(&want, &got);
        let unexpected = difference(&got, &want);
        if !missing.is_empty() || !unexpected.is_empty() {
            failures.push(format!(
                "{}\n  missing:    {missing:?}\n  unexpected: {unexpected:?}",
                case.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "conformance failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_code_has_a_case() {
    let marked: Vec<String> = cases()
        .iter()
        .flat_map(|case| expected(case).into_keys().map(|(_, _, code)| code))
        .collect();
    let rules = RuleSet::load(&[]).expect("the built-in rules compile");
    let missing: Vec<&str> = Catalogue::new(&rules)
        .codes()
        .filter(|code| !marked.iter().any(|m| m == code))
        .collect();
    assert!(
        missing.is_empty(),
        "codes without a conformance case: {missing:?}"
    );
}
