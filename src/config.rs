//! The project configuration, `.cmilint.yaml`, the nearest one upward from a plan:
//! for now, the input limits; and the root of a plan's tree.

use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::confined;
use crate::visible;
use crate::yaml::{self, YamlError};

pub(crate) const FILE_NAME: &str = ".cmilint.yaml";

/// A configuration file that cannot be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file cannot be read, or may not be: a link, a FIFO, a file too long.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// The file is not a valid configuration.
    Invalid(YamlError),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Unreadable { path, reason } => {
                write!(f, "cannot read {}: {reason}", visible::path(path))
            }
            ConfigError::Invalid(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The deepest nesting a configuration may allow: beyond it the parser's recursion
/// could outgrow the stack.
pub const MAX_NESTING_DEPTH: usize = 256;

/// The longest configuration file read, in bytes: one holds a few lines.
const MAX_CONFIG_SIZE: u64 = 64 * 1024;

/// The largest plan file a configuration may allow cmilint to read, in bytes (1 GiB):
/// a plan is never near it, and the memory a check takes grows with the file.
pub(crate) const MAX_FILE_SIZE: u64 = 1 << 30;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct Limits {
    /// The largest plan file read, in bytes.
    pub(crate) file_size: u64,
    /// How deep blocks may nest; a top-level block is at depth 1.
    pub(crate) nesting_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: 64 * 1024 * 1024,
            nesting_depth: 32,
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct Config {
    pub(crate) limits: Limits,
}

impl Config {
    /// The configuration that applies in `folder` (canonical): the nearest
    /// `.cmilint.yaml` upward, or the defaults.
    pub(crate) fn nearest(folder: &Path) -> Result<Config, ConfigError> {
        match folder
            .ancestors()
            .find(|d| d.join(FILE_NAME).symlink_metadata().is_ok())
        {
            Some(found_in) => Config::load(found_in),
            None => Ok(Config::default()),
        }
    }

    /// Reads the configuration file of a folder: a regular file, not a link, read
    /// through a handle on the folder (`confined`); a mistake names the file, line
    /// and column.
    fn load(folder: &Path) -> Result<Config, ConfigError> {
        let path = folder.join(FILE_NAME);
        let unreadable = |reason: String| ConfigError::Unreadable {
            path: path.clone(),
            reason,
        };
        let bytes = confined::read_regular(
            folder,
            &path,
            MAX_CONFIG_SIZE,
            "a configuration holds a few lines",
            "its configuration only from a regular file",
        )
        .map_err(unreadable)?;
        let text =
            String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".to_owned()))?;
        Config::parse(&visible::path(&path), &text).map_err(ConfigError::Invalid)
    }

    pub(crate) fn parse(name: &str, text: &str) -> Result<Config, YamlError> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        yaml::refuse_deep_brackets(name, text)?;
        let config: Config = serde_yaml::from_str(text).map_err(|e| yaml::error(name, text, &e))?;
        let out_of_range = |key: &str, range: String| {
            yaml::error_at(
                name,
                text,
                text.find(key).unwrap_or(0),
                format!("limits.{key} must be between {range}"),
            )
        };
        let limits = config.limits;
        if limits.nesting_depth == 0 || limits.nesting_depth > MAX_NESTING_DEPTH {
            return Err(out_of_range(
                "nesting-depth",
                format!("1 and {MAX_NESTING_DEPTH}"),
            ));
        }
        if limits.file_size == 0 || limits.file_size > MAX_FILE_SIZE {
            return Err(out_of_range(
                "file-size",
                format!("1 and {MAX_FILE_SIZE} (1 GiB)"),
            ));
        }
        Ok(config)
    }
}

/// The configuration of each folder of a run, read once per folder.
#[derive(Default)]
pub(crate) struct Configs {
    by_folder: HashMap<PathBuf, Config>,
}

impl Configs {
    /// The configuration that applies in `folder` (see [`Config::nearest`]).
    pub(crate) fn of(&mut self, folder: &Path) -> Result<&Config, ConfigError> {
        if !self.by_folder.contains_key(folder) {
            let config = Config::nearest(folder)?;
            self.by_folder.insert(folder.to_path_buf(), config);
        }
        Ok(&self.by_folder[folder])
    }
}

/// The root of the plan's tree for a file in `folder`: the nearest folder upward that
/// holds `.cmilint.yaml` or `.git`, else `folder` itself.
pub(crate) fn tree_root(folder: &Path) -> PathBuf {
    let holds = |dir: &Path, name: &str| dir.join(name).symlink_metadata().is_ok();
    folder
        .ancestors()
        .find(|dir| holds(dir, FILE_NAME) || holds(dir, ".git"))
        .unwrap_or(folder)
        .to_path_buf()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_can_be_raised_and_unknown_keys_are_refused() {
        let parse = |text| Config::parse(".cmilint.yaml", text);
        let config = parse("limits:\n  nesting-depth: 40\n").unwrap();
        assert_eq!(config.limits.nesting_depth, 40);
        assert_eq!(config.limits.file_size, Limits::default().file_size);
        let error = parse("limits:\n  depth: 40\n").unwrap_err().to_string();
        assert!(
            error.starts_with(".cmilint.yaml:2:3: limits: unknown field `depth`"),
            "{error}"
        );
        assert_eq!(
            parse("limits:\n  file-size: 18446744073709551615\n")
                .unwrap_err()
                .to_string(),
            ".cmilint.yaml:2:3: limits.file-size must be between 1 and 1073741824 (1 GiB)"
        );
        assert_eq!(
            parse("limits:\n  nesting-depth: 100000\n")
                .unwrap_err()
                .to_string(),
            ".cmilint.yaml:2:3: limits.nesting-depth must be between 1 and 256"
        );
        assert_eq!(parse("").unwrap(), Config::default());
    }

    #[test]
    fn brackets_nested_past_any_configuration_are_refused_before_yaml_reads_them() {
        let parse = |text: &str| Config::parse(".cmilint.yaml", text);
        for (text, column) in [
            (format!("limits: {}", "[".repeat(1_000_000)), 137),
            (
                format!("limits: {}{}", "{a: ".repeat(100_000), "}".repeat(100_000)),
                521,
            ),
        ] {
            let error = parse(&text).unwrap_err().to_string();
            let expected =
                format!(".cmilint.yaml:1:{column}: more than 128 brackets are open here");
            assert!(error.starts_with(&expected), "{error}");
        }
    }
}
