//! Plans marked with what they must report, as the conformance suites mark them: a
//! `#~ CODE` comment (several codes apart by spaces or commas) says that the line it
//! stands on reports exactly those codes. `cmilint test-rules` checks the plans of a
//! rules folder's `tests/` so, and compares.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::path::Path;

use crate::rules::RuleSet;
use crate::source::FileId;
use crate::workspace::{Input, RunError, check_unset};

/// The codes of the `#~` marker on a line, if it has one: the words after `#~` that are
/// capital letters followed by digits, up to the first that is not.
pub fn marker_codes(line: &str) -> Vec<&str> {
    let Some(at) = line.find("#~") else {
        return Vec::new();
    };
    line[at + 2..]
        .split([' ', '\t', ','])
        .filter(|w| !w.is_empty())
        .take_while(|w| {
            let letters = w.trim_end_matches(|c: char| c.is_ascii_digit());
            !letters.is_empty()
                && letters.len() < w.len()
                && letters.chars().all(|c| c.is_ascii_uppercase())
        })
        .collect()
}

/// A line of a marked plan that does not report what its marker says.
#[derive(Debug, PartialEq, Eq)]
pub struct Mismatch {
    /// The file, as the report names it.
    pub file: String,
    /// From 1.
    pub line: usize,
    /// The code.
    pub code: String,
    /// How many times the marker names it.
    pub marked: usize,
    /// How many times it was reported there.
    pub reported: usize,
    /// The message of the first diagnostic not marked, to say what was found.
    pub message: Option<String>,
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Mismatch {
            file,
            line,
            code,
            marked,
            reported,
            message,
        } = self;
        write!(f, "{file}:{line}: ")?;
        match (marked, message) {
            (0, Some(message)) => write!(f, "{code} is reported but not marked: {message}"),
            _ => write!(
                f,
                "{code} is marked {} but reported {}",
                times(*marked),
                times(*reported)
            ),
        }
    }
}

fn times(n: usize) -> String {
    match n {
        0 => "nowhere".to_owned(),
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// What a line marks and reports of one code.
#[derive(Default)]
struct Tally {
    marked: usize,
    reported: usize,
    /// The message of the first diagnostic reported.
    message: Option<String>,
}

/// Checks the plan files under `folder` together, as `cmilint check` does, and gives
/// each line that does not report exactly what its marker says, in the order of the
/// report; the number of plan files checked too. A code that no marker names counts
/// only where `counted` says so (an organisation's test plans need not mark what the
/// built-in rules find).
///
/// # Errors
///
/// When the folder cannot be checked at all.
pub fn mismatches(
    folder: &Path,
    rules: &RuleSet,
    counted: impl Fn(&str) -> bool,
) -> Result<(Vec<Mismatch>, usize), RunError> {
    let findings = check_unset(vec![Input::Path(folder.to_path_buf())], rules)?;
    let mut lines: BTreeMap<(FileId, usize, String), Tally> = BTreeMap::new();
    for id in (0..findings.sources.len()).map(|i| FileId(i as u32)) {
        let text = &findings.sources.get(id).text;
        for (n, line) in text.lines().enumerate() {
            for code in marker_codes(line) {
                lines
                    .entry((id, n + 1, code.to_owned()))
                    .or_default()
                    .marked += 1;
            }
        }
    }
    let marked: HashSet<String> = lines.keys().map(|(_, _, code)| code.clone()).collect();
    let counts = |code: &str| marked.contains(code) || counted(code);
    for d in findings.diagnostics.iter().filter(|d| counts(d.code())) {
        let file = d.location.file;
        let line = findings
            .sources
            .get(file)
            .line_col(d.location.span.start())
            .line;
        let tally = lines.entry((file, line, d.code().to_string())).or_default();
        tally.reported += 1;
        tally.message.get_or_insert_with(|| d.message().to_string());
    }
    let files = findings.sources.len();
    let wrong = lines
        .into_iter()
        .filter(|(_, tally)| tally.marked != tally.reported)
        .map(|((file, line, code), tally)| Mismatch {
            file: findings.sources.get(file).name.clone(),
            line,
            code,
            marked: tally.marked,
            reported: tally.reported,
            message: tally.message.filter(|_| tally.marked == 0),
        })
        .collect();
    Ok((wrong, files))
}

#[cfg(test)]
mod tests {
    use super::marker_codes;

    #[test]
    fn markers_are_read_as_the_shared_conformance_runner_reads_them() {
        assert_eq!(marker_codes("kind ngo  #~ E001"), ["E001"]);
        assert_eq!(
            marker_codes("x  #~ E007 E007, CMI101"),
            ["E007", "E007", "CMI101"]
        );
        assert!(marker_codes("# an ordinary comment").is_empty());
        assert_eq!(marker_codes("#~E001"), ["E001"]);
        assert!(marker_codes("# ~ E001").is_empty());
        assert!(marker_codes("#~ cmi101").is_empty());
        assert_eq!(
            marker_codes("actor a \"A\" { kind: x } #~ E004, CMI101 because"),
            ["E004", "CMI101"]
        );
    }
}
