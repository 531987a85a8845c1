//! What the configurations and the command line make of each code: nothing (`off`) or
//! a severity, in each file. Applied to the findings after the suppressions, so that
//! an `allow` of a code turned off is not reported as silencing nothing; the codes
//! and names they set are checked against the codes of the run first.

use std::path::{Path, PathBuf};

use crate::catalogue::Catalogue;
use crate::config::{Config, ConfigError, Level, Limits, Said};
use crate::diagnostic::Diagnostic;
use crate::suggest::Suggestions;
use crate::yaml;

/// The levels `--rule CODE=LEVEL` sets for the whole run, over every configuration.
#[derive(Default)]
pub(crate) struct RunLevels {
    levels: Vec<(String, Level)>,
}

impl RunLevels {
    /// Reads `CODE=LEVEL` (a code or a rule's name); the code is checked with the
    /// others of the run by [`RunLevels::check`].
    pub(crate) fn parse(setting: &str) -> Result<(String, Level), String> {
        let (code, level) = setting
            .split_once('=')
            .ok_or("give a code and a level, as `CMI107=off`")?;
        let level = Level::from_word(level.trim()).ok_or_else(|| {
            format!(
                "`{}` is not a level; the levels are off, info, warning and error",
                yaml::cut(level)
            )
        })?;
        Ok((code.trim().to_owned(), level))
    }

    pub(crate) fn new(levels: Vec<(String, Level)>) -> RunLevels {
        RunLevels { levels }
    }

    /// Refuses a code or name that no code of the run has, or that cannot be set.
    pub(crate) fn check(&self, catalogue: &Catalogue<'_>) -> Result<(), String> {
        for (code, _) in &self.levels {
            refusal(code, catalogue).map_or(Ok(()), |why| Err(format!("--rule {why}")))?;
        }
        Ok(())
    }

    fn level(&self, code: &str, name: &str) -> Option<Level> {
        self.levels
            .iter()
            .rev()
            .find(|(c, _)| c == code || c == name)
            .map(|(_, l)| *l)
    }
}

/// Why a code or name cannot be set, if it cannot: no code has it, or it is one that
/// no setting and no `allow` may silence.
fn refusal(code: &str, catalogue: &Catalogue<'_>) -> Option<String> {
    match catalogue.find(code) {
        Some(entry) if entry.suppressible => None,
        Some(entry) => Some(format!(
            "`{code}`: {} cannot be set: what it reports stops the check or must always be seen",
            entry.code
        )),
        None => {
            let known = catalogue.entries().flat_map(|e| [e.code, e.name]);
            let hint = Suggestions::for_text(0).did_you_mean(code, known);
            Some(format!(
                "`{}` is not a code or rule name of cmilint{hint} (`cmilint rules` lists them)",
                yaml::cut(code)
            ))
        }
    }
}

/// Refuses a configuration file that sets a code or name that no code of the run has,
/// or that cannot be set, at the place of the key.
pub(crate) fn check_config(config: &Config, catalogue: &Catalogue<'_>) -> Result<(), ConfigError> {
    let Some(origin) = &config.origin else {
        return Ok(());
    };
    let keys = config
        .rules
        .keys()
        .chain(config.overrides.iter().flat_map(|o| o.rules.keys()));
    for key in keys {
        if let Some(why) = refusal(key, catalogue) {
            let at = origin
                .text
                .find(&format!("{key}:"))
                .or_else(|| origin.text.find(key.as_str()));
            return Err(ConfigError::Invalid(yaml::error_at(
                &origin.name,
                &origin.text,
                at.unwrap_or(0),
                format!("rules: {why}"),
            )));
        }
    }
    Ok(())
}

/// The level of a diagnostic in its file, if `--rule` or its configuration sets one
/// (`--rule` first).
pub(crate) fn level(
    diagnostic: &Diagnostic,
    path: Option<&Path>,
    config: Option<&Config>,
    run: &RunLevels,
) -> Option<Level> {
    run.level(diagnostic.code(), diagnostic.code().name())
        .or_else(|| {
            config
                .and_then(|c| c.level(path, diagnostic.code(), diagnostic.code().name()))
                .map(|(level, _)| level)
        })
}

/// What applies to the file at `path` (canonical; `shown` as the user named it), and
/// where each setting comes from: `cmilint config`.
pub(crate) fn describe(
    shown: &str,
    path: &Path,
    config: &Config,
    run: &RunLevels,
    catalogue: &Catalogue<'_>,
) -> String {
    let file = config.origin.as_ref().map(|o| o.name.as_str());
    let from = |set: bool| match (set, file) {
        (true, Some(file)) => file.to_owned(),
        _ => "default".to_owned(),
    };
    let defaults = Limits::default();
    let mut lines = vec![
        format!("{shown}"),
        format!(
            "configuration: {}",
            file.unwrap_or("none (no .cmilint.yaml upward): the defaults")
        ),
        format!(
            "limits.file-size: {} ({})",
            config.limits.file_size,
            from(config.limits.file_size != defaults.file_size)
        ),
        format!(
            "limits.nesting-depth: {} ({})",
            config.limits.nesting_depth,
            from(config.limits.nesting_depth != defaults.nesting_depth)
        ),
        format!(
            "limits.block-size: {} ({})",
            config.limits.block_size,
            from(config.limits.block_size != defaults.block_size)
        ),
    ];
    if !config.rules_dirs.is_empty() {
        lines.push(format!(
            "rules-dirs: {} ({})",
            config.rules_dirs.join(", "),
            from(true)
        ));
    }
    if config.excludes(path) {
        lines.push(format!(
            "excluded: a search of a folder leaves it out ({}, exclude)",
            from(true)
        ));
    }
    for entry in catalogue.entries() {
        let (level, source) = if let Some(level) = run.level(entry.code, entry.name) {
            (level, "--rule".to_owned())
        } else if let Some((level, said)) = config.level(Some(path), entry.code, entry.name) {
            let place = match said {
                Said::Rules => "rules".to_owned(),
                Said::Override(i) => {
                    format!("overrides[{i}]: {}", config.overrides[i].files.join(", "))
                }
            };
            (level, format!("{}, {place}", from(true)))
        } else {
            continue;
        };
        lines.push(format!("{} {}: {level} ({source})", entry.code, entry.name));
    }
    lines.push("every other code: its own severity (`cmilint rules`)".to_owned());
    lines.join("\n") + "\n"
}

/// The folders of organisation rules the configurations name, each relative to its
/// configuration's folder.
pub(crate) fn rules_dirs(config: &Config) -> Vec<PathBuf> {
    let Some(origin) = &config.origin else {
        return Vec::new();
    };
    config
        .rules_dirs
        .iter()
        .map(|d| origin.folder.join(d))
        .collect()
}
