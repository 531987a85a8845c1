//! The project configuration, `.cmilint.yaml`, found in the plan's tree: for now, the
//! input limits.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::yaml;

pub const FILE_NAME: &str = ".cmilint.yaml";

/// The deepest nesting a configuration may allow: beyond it the parser's recursion
/// could outgrow the stack.
pub const MAX_NESTING_DEPTH: usize = 256;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub struct Limits {
    /// The largest plan file read, in bytes.
    pub file_size: u64,
    /// How deep blocks may nest; a top-level block is at depth 1.
    pub nesting_depth: usize,
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
pub struct Config {
    pub limits: Limits,
}

impl Config {
    /// Reads a configuration file; the error names the file, line and column.
    pub fn load(path: &Path) -> Result<Config, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Config::parse(&path.display().to_string(), &text)
    }

    fn parse(name: &str, text: &str) -> Result<Config, String> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        let config: Config = serde_yaml::from_str(text).map_err(|e| yaml::error(name, text, e))?;
        if config.limits.nesting_depth == 0 || config.limits.nesting_depth > MAX_NESTING_DEPTH {
            return Err(yaml::error_at(
                name,
                text,
                text.find("nesting-depth").unwrap_or(0),
                &format!("limits.nesting-depth must be between 1 and {MAX_NESTING_DEPTH}"),
            ));
        }
        Ok(config)
    }
}

/// The root of the plan's tree for a file in `folder`: the nearest folder upward that
/// holds `.cmilint.yaml` or `.git`, else `folder` itself.
pub fn tree_root(folder: &Path) -> PathBuf {
    folder
        .ancestors()
        .find(|dir| dir.join(FILE_NAME).exists() || dir.join(".git").exists())
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
        let error = parse("limits:\n  depth: 40\n").unwrap_err();
        assert!(
            error.starts_with(".cmilint.yaml:2:3: limits: unknown field `depth`"),
            "{error}"
        );
        assert_eq!(
            parse("limits:\n  nesting-depth: 100000\n").unwrap_err(),
            ".cmilint.yaml:2:3: limits.nesting-depth must be between 1 and 256"
        );
        assert_eq!(parse("").unwrap(), Config::default());
    }
}
