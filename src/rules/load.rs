//! Loading the rules of a run: reading the rule files (built in, and an organisation's
//! folders), compiling them together, refusing a rule that takes a code or name already
//! taken and a predicate or rule that could make checking run for ever, each mistake
//! placed at its file, line and column.

use std::fmt;
use std::path::{Path, PathBuf};

use super::compile::{self, CompileError, Compiler};
use super::ir::{Predicate, Rule, RuleSet};
use super::{file, places};
use crate::codes;
use crate::confined;
use crate::visible;
use crate::yaml::{self, YamlError};

/// The longest rule file read, in bytes: the built-in rules take 80 KB in all.
const MAX_RULE_FILE_SIZE: u64 = 4 * 1024 * 1024;

/// Rules that cannot be loaded.
#[derive(Debug)]
pub enum RuleError {
    /// A rules folder cannot be read.
    UnreadableFolder {
        /// The folder.
        folder: PathBuf,
        /// Why, as the system says it.
        reason: String,
    },
    /// A rule file cannot be read, or may not be: a link, a FIFO, a file too long.
    UnreadableFile {
        /// The file, as the user named it.
        file: String,
        /// Why.
        reason: String,
    },
    /// A mistake in a rule file, at its place.
    Invalid(YamlError),
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleError::UnreadableFolder { folder, reason } => {
                write!(
                    f,
                    "cannot read the rules folder {}: {reason}",
                    visible::path(folder)
                )
            }
            RuleError::UnreadableFile { file, reason } => write!(f, "cannot read {file}: {reason}"),
            RuleError::Invalid(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for RuleError {}

impl From<YamlError> for RuleError {
    fn from(error: YamlError) -> Self {
        RuleError::Invalid(error)
    }
}

/// The rule files built into cmilint, by name.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "predicates.yaml",
        include_str!("../../rules/predicates.yaml"),
    ),
    (
        "principles.yaml",
        include_str!("../../rules/principles.yaml"),
    ),
    ("dos.yaml", include_str!("../../rules/dos.yaml")),
    ("donts.yaml", include_str!("../../rules/donts.yaml")),
    ("coverage.yaml", include_str!("../../rules/coverage.yaml")),
    (
        "humanitarian.yaml",
        include_str!("../../rules/humanitarian.yaml"),
    ),
];

impl RuleSet {
    /// The built-in rules and those of the files given (name, text).
    pub fn load(extra: &[(String, String)]) -> Result<RuleSet, RuleError> {
        let files: Vec<(String, &str)> = BUILT_IN
            .iter()
            .map(|(name, text)| (format!("rules/{name}"), *text))
            .chain(
                extra
                    .iter()
                    .map(|(name, text)| (name.clone(), text.as_str())),
            )
            .collect();
        let mut parsed = Vec::new();
        for (name, text) in &files {
            let file = file::RuleFile::read(name, text)?;
            parsed.push((name, *text, file));
        }
        let mut compiler = Compiler::default();
        let mut declared_in = Vec::new();
        for (name, text, file) in &parsed {
            compiler
                .declare_predicates(file)
                .map_err(|e| located(name, text, e.within("predicates")))?;
            declared_in.resize(compiler.declared(), (name.as_str(), *text));
        }
        let mut rules: Vec<Rule> = Vec::new();
        let mut defined_in = Vec::new();
        for (name, text, file) in parsed {
            for (predicate, def) in file.predicates {
                let key = predicate.clone();
                compiler
                    .define_predicate(predicate, def)
                    .map_err(|e| located(name, text, e.within(key).within("predicates")))?;
            }
            for (index, def) in file.rules.into_iter().enumerate() {
                let in_file =
                    |e: CompileError| located(name, text, e.within(index).within("rules"));
                let rule = compiler.rule(def, name).map_err(in_file)?;
                let taken = codes::own_codes()
                    .map(|c| (c.code, c.name))
                    .chain(rules.iter().map(|r| (&*r.code, r.code.name())))
                    .find(|&(code, name)| code == &*rule.code || name == rule.code.name());
                if let Some((code, other)) = taken {
                    let (key, near) = if code == &*rule.code {
                        ("code", &*rule.code)
                    } else {
                        ("name", rule.code.name())
                    };
                    let message = format!(
                        "{} {} is already the code or name of {code} {other}; give the rule \
                         a code and a name of its own",
                        rule.code,
                        rule.code.name()
                    );
                    return Err(in_file(CompileError::new(message, near).within(key)).into());
                }
                rules.push(rule);
                defined_in.push((name.as_str(), text, index));
            }
        }
        weigh(compiler.predicates(), &declared_in, &rules, &defined_in)?;
        Ok(compiler.into_rule_set(rules))
    }

    /// Reads every `*.yaml` and `*.yml` file of a folder, in name order: each a regular
    /// file, not a link, read through a handle on the folder (`confined`), and named
    /// in the folder as given.
    pub fn read_folder(folder: &Path) -> Result<Vec<(String, String)>, RuleError> {
        let unreadable_folder = |e: std::io::Error| RuleError::UnreadableFolder {
            folder: folder.to_path_buf(),
            reason: e.to_string(),
        };
        let given = folder;
        let folder = folder.canonicalize().map_err(unreadable_folder)?;
        let entries = std::fs::read_dir(&folder).map_err(unreadable_folder)?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml") && !p.is_dir())
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                // Named as the user named the folder, as every other file is.
                let name = visible::path(&given.join(p.file_name().unwrap_or_default()));
                let bytes = confined::read_regular(
                    &folder,
                    &p,
                    MAX_RULE_FILE_SIZE,
                    "split its rules over several files",
                    "rules only from regular files",
                )
                .map_err(|reason| RuleError::UnreadableFile {
                    file: name.clone(),
                    reason,
                })?;
                let text = String::from_utf8(bytes).map_err(|e| {
                    let valid = e.utf8_error().valid_up_to();
                    let text = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or_default();
                    yaml::error_at(
                        &name,
                        text,
                        valid,
                        "this byte is not UTF-8; save the rule file as UTF-8",
                    )
                })?;
                Ok((name, text))
            })
            .collect()
    }
}

/// Refuses a predicate that uses itself, and a predicate or rule that stands for more
/// than [`compile::MAX_WEIGHT`] conditions once its predicates are written out.
/// `declared_in` gives the file (name, text) of each predicate, `defined_in` the file and
/// position of each rule.
fn weigh(
    predicates: &[Predicate],
    declared_in: &[(&str, &str)],
    rules: &[Rule],
    defined_in: &[(&str, &str, usize)],
) -> Result<(), YamlError> {
    let at_predicate = |index: usize, message: &dyn Fn(&str) -> String| {
        let (name, text) = declared_in[index];
        let predicate = &predicates[index].name;
        located(
            name,
            text,
            CompileError::new(message(predicate), predicate.as_str())
                .within(predicate.as_str())
                .within("predicates"),
        )
    };
    let weights = compile::predicate_weights(predicates).map_err(|index| {
        at_predicate(index, &|predicate| {
            format!(
                "the predicate `{predicate}` uses itself, directly or through other \
                 predicates; a predicate must stop somewhere",
                predicate = crate::yaml::cut(predicate)
            )
        })
    })?;
    let too_heavy = |what: &str| {
        format!(
            "{what} stands for more than {} conditions once the predicates it uses are \
             written out; use fewer layers of predicates that use a predicate more than once",
            compile::MAX_WEIGHT
        )
    };
    if let Some(index) = (0..weights.len()).find(|&i| weights[i] > compile::MAX_WEIGHT) {
        return Err(at_predicate(index, &|predicate| {
            too_heavy(&format!(
                "the predicate `{predicate}`",
                predicate = crate::yaml::cut(predicate)
            ))
        }));
    }
    for (rule, &(name, text, index)) in rules.iter().zip(defined_in) {
        let weight = rule
            .conditions()
            .map(|c| c.weight(&|p| weights[p]))
            .fold(0, u64::saturating_add);
        if weight > compile::MAX_WEIGHT {
            let message = too_heavy(&format!("the rule {}", rule.code));
            return Err(located(
                name,
                text,
                CompileError::new(message, "checks")
                    .within("checks")
                    .within(index)
                    .within("rules"),
            ));
        }
    }
    Ok(())
}

/// `file:line:column: message`, at the text the error is about in the part of the
/// rule file it is in (or at that part, when the text is not found there).
fn located(name: &str, text: &str, error: CompileError) -> YamlError {
    let part = places::find(text, &error.at).unwrap_or(0..text.len());
    let at = error
        .near
        .as_deref()
        .filter(|near| !near.is_empty())
        .and_then(|near| {
            let within = &text[part.clone()];
            let found: Vec<usize> = within.match_indices(near).map(|(i, _)| i).collect();
            let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "-_".contains(c));
            found
                .iter()
                .find(|&&i| {
                    !word(within[..i].chars().next_back())
                        && !word(within[i + near.len()..].chars().next())
                })
                .or(found.first())
                .map(|i| part.start + i)
        })
        .unwrap_or(part.start);
    yaml::error_at(name, text, at, error.message)
}
