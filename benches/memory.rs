//! `cargo bench --bench memory`: the peak memory of `cmilint check` (the release binary,
//! measured by `/usr/bin/time`) on inputs that once took far more than their size,
//! each written to `target/bench-corpus/memory/`, against the aim of at most ten times
//! the input plus 30 MB; then the valid plan of the corpus at 1, 10 and 100 MB, whose
//! cost must grow in proportion. docs/performance.md records the figures.

#[allow(dead_code, reason = "the corpus serves the other benchmarks too")]
mod corpus;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

const PLAN: &str = "plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n";

/// A case: its name, and what it writes in its folder (the path to check).
type Case = (&'static str, fn(&Path) -> PathBuf);

fn write(folder: &Path, name: &str, text: &str) -> PathBuf {
    let path = folder.join(name);
    std::fs::write(&path, text).expect("written");
    path
}

fn valid_plan(folder: &Path) -> PathBuf {
    write(folder, "plan.cmi", &corpus::plan(10_000_000))
}

/// 500,000 references to nothing in one list, as issue 14 measured them: a 1 MB block,
/// past the block-size limit.
fn undefined_references_in_one_list(folder: &Path) -> PathBuf {
    let names = vec!["a"; 500_000].join(",");
    let text = format!("{PLAN}engagement e \"E\" {{ with: [{names}] }}\n");
    write(folder, "plan.cmi", &text)
}

/// 250,000 unknown fields of four bytes in one block, as issue 14 measured them: a
/// 1 MB block, past the block-size limit.
fn unknown_fields_in_one_block(folder: &Path) -> PathBuf {
    let fields = "f:x ".repeat(250_000);
    let text = format!("{PLAN}actor a \"A\" {{ kind: ngo {fields}}}\n");
    write(folder, "plan.cmi", &text)
}

/// 500,000 references to nothing, in engagements of 1,000 each: all of them read.
fn undefined_references(folder: &Path) -> PathBuf {
    let mut text = String::from(PLAN);
    for e in 0..500 {
        let names: Vec<String> = (0..1_000).map(|i| format!("u{}", e * 1_000 + i)).collect();
        writeln!(
            text,
            "engagement e{e} \"E\" {{ with: [{}] }}",
            names.join(",")
        )
        .expect("writing to a String");
    }
    write(folder, "plan.cmi", &text)
}

/// 250,000 unknown fields, in actors of 1,000 each.
fn unknown_fields(folder: &Path) -> PathBuf {
    let mut text = String::from(PLAN);
    for a in 0..250 {
        let mut fields = String::new();
        for i in 0..1_000 {
            write!(fields, "f{:02}: x ", i % 100).expect("writing to a String");
        }
        writeln!(text, "actor a{a} \"A\" {{ kind: ngo {fields}}}").expect("writing to a String");
    }
    write(folder, "plan.cmi", &text)
}

fn unknown_kinds(folder: &Path) -> PathBuf {
    write(
        folder,
        "plan.cmi",
        &format!("{PLAN}{}", "thing t \"T\" { }\n".repeat(200_000)),
    )
}

fn tiny_blocks_on_one_line(folder: &Path) -> PathBuf {
    let mut line = String::from(PLAN);
    for i in 0..1_000_000 {
        write!(line, "phase p{i} \"\" {{ }} ").expect("writing to a String");
    }
    write(folder, "plan.cmi", &line)
}

fn same_identifier(folder: &Path) -> PathBuf {
    write(
        folder,
        "plan.cmi",
        &format!(
            "{PLAN}{}",
            "actor a \"A\" { kind: ngo }\n".repeat(1_000_000)
        ),
    )
}

fn endless_block(folder: &Path) -> PathBuf {
    write(
        folder,
        "plan.cmi",
        &format!("{PLAN}actor a \"A\" {{ {}", "kind: ngo ".repeat(6_000_000)),
    )
}

fn late_syntax_error(folder: &Path) -> PathBuf {
    let fields = "description: \"A long remark on the civil situation.\"\n".repeat(180_000);
    write(
        folder,
        "plan.cmi",
        &format!("{PLAN}actor a \"A\" {{ kind: ngo\n{fields} : }}\n"),
    )
}

fn rule_firing_everywhere(folder: &Path) -> PathBuf {
    let mut text = String::from(PLAN);
    for i in 0..100_000 {
        writeln!(
            text,
            "activity a{i} \"Water point {i}\" {{ kind: non-military-task }}"
        )
        .expect("writing to a String");
    }
    write(folder, "plan.cmi", &text)
}

/// 300 files, each using the 299 others: every use closes a cycle (E011).
fn files_using_all(folder: &Path) -> PathBuf {
    let plans = folder.join("plans");
    std::fs::create_dir_all(&plans).expect("a folder");
    std::fs::write(folder.join(".cmilint.yaml"), "").expect("written");
    for i in 0..300 {
        let mut text = String::new();
        for j in (0..300).filter(|&j| j != i) {
            writeln!(text, "use \"f{j:03}.cmi\"").expect("writing to a String");
        }
        writeln!(text, "actor a{i} \"A\" {{ kind: ngo }}").expect("writing to a String");
        std::fs::write(plans.join(format!("f{i:03}.cmi")), text).expect("written");
    }
    plans
}

const CASES: &[Case] = &[
    ("valid 10 MB plan", valid_plan),
    (
        "1 MB plan, 500,000 undefined references in one list",
        undefined_references_in_one_list,
    ),
    (
        "1 MB plan, 250,000 unknown 4-byte fields in one block",
        unknown_fields_in_one_block,
    ),
    (
        "500,000 undefined references in lists of 1,000",
        undefined_references,
    ),
    ("250,000 unknown fields, 1,000 a block", unknown_fields),
    ("200,000 empty blocks of an unknown kind", unknown_kinds),
    ("1,000,000 tiny blocks on one line", tiny_blocks_on_one_line),
    ("1,000,000 blocks with the same identifier", same_identifier),
    (
        "60 MB line, 6,000,000 fields, block never closed",
        endless_block,
    ),
    (
        "a syntax error at the end of a 10 MB block",
        late_syntax_error,
    ),
    (
        "a rule firing on 100,000 activities (human output)",
        rule_firing_everywhere,
    ),
    (
        "300 files each using the 299 others (JSON)",
        files_using_all,
    ),
];

/// The bytes of the plan files under a path.
fn size(path: &Path) -> u64 {
    if path.is_file() {
        return std::fs::metadata(path).map_or(0, |m| m.len());
    }
    std::fs::read_dir(path)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| size(&e.path()))
        .sum()
}

/// What `/usr/bin/time` measures of one run.
struct Measured {
    megabytes: f64,
    /// Wall clock, in seconds.
    wall: f64,
    /// User and system time, in seconds.
    cpu: f64,
}

/// The peak memory and the times of `cmilint check --format FORMAT PATH`.
fn measure(path: &Path, format: &str) -> Measured {
    let run = Command::new("/usr/bin/time")
        .args(["-f", "%M %e %U %S"])
        .arg(env!("CARGO_BIN_EXE_cmilint"))
        .args(["check", "--color", "never", "--format", format])
        .arg(path)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time runs cmilint");
    let said = String::from_utf8_lossy(&run.stderr);
    let last = said.lines().last().unwrap_or_default();
    let figures: Vec<f64> = last
        .split_whitespace()
        .map(|f| f.parse().unwrap_or(f64::NAN))
        .collect();
    let figure = |i: usize| figures.get(i).copied().unwrap_or(f64::NAN);
    Measured {
        megabytes: figure(0) * 1024.0 / 1_000_000.0,
        wall: figure(1),
        cpu: figure(2) + figure(3),
    }
}

/// The valid plan of the corpus at 1, 10 and 100 MB: memory and time must grow in
/// proportion. The configuration beside them raises the file-size limit past 100 MB.
fn growth(root: &Path) {
    let folder = root.join("growth");
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).expect("a folder");
    std::fs::write(
        folder.join(".cmilint.yaml"),
        "limits:\n  file-size: 200000000\n",
    )
    .expect("written");
    println!();
    println!("| valid plan | peak memory | a MB of plan | wall | CPU | CPU a MB of plan |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for megabytes in [1_u32, 10, 100] {
        let size = f64::from(megabytes);
        let path = write(
            &folder,
            "plan.cmi",
            &corpus::plan(megabytes as usize * 1_000_000),
        );
        let run = measure(&path, "short");
        println!(
            "| {megabytes} MB | {:.0} MB | {:.1} MB | {:.2} s | {:.2} s | {:.3} s |",
            run.megabytes,
            run.megabytes / size,
            run.wall,
            run.cpu,
            run.cpu / size
        );
        std::fs::remove_file(&path).expect("removed");
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-corpus/memory");
    println!("| input | size | peak memory | aim (10 × size + 30 MB) | time |");
    println!("| --- | --- | --- | --- | --- |");
    for (i, (name, make)) in CASES.iter().enumerate() {
        let folder = root.join(format!("case-{i}"));
        // Written anew: nothing of an earlier run stays in the case.
        let _ = std::fs::remove_dir_all(&folder);
        std::fs::create_dir_all(&folder).expect("a folder");
        let path = make(&folder);
        let bytes = size(&path);
        let format = if name.contains("JSON") {
            "json"
        } else if name.contains("human") {
            "human"
        } else {
            "short"
        };
        let run = measure(&path, format);
        let size_kb = bytes / 1_000;
        println!(
            "| {name} | {}.{} MB | {:.1} MB | {:.1} MB | {:.2} s |",
            size_kb / 1_000,
            size_kb % 1_000 / 100,
            run.megabytes,
            10.0 * f64::from(u32::try_from(size_kb).unwrap_or(u32::MAX)) / 1_000.0 + 30.0,
            run.wall
        );
    }
    growth(&root);
}
