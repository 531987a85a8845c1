//! The project configuration, `.cmilint.yaml`, the nearest one upward from a plan (or
//! the file `--config` names): the input limits, the level of each rule, the
//! organisation rule folders, the files left out and the settings of some files; and
//! the root of a plan's tree.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::confined;
use crate::diagnostic::Severity;
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
    /// The largest top-level item (a block with everything nested in it), in bytes:
    /// what pest holds of one item while it reads it grows with the item.
    pub(crate) block_size: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            file_size: 64 * 1024 * 1024,
            nesting_depth: 32,
            block_size: 256 * 1024,
        }
    }
}

/// What a configuration makes of a code: nothing, or a severity.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    /// The level a setting's text names (`off`, `info`, `warning`, `error`).
    pub(crate) fn from_word(word: &str) -> Option<Level> {
        match word {
            "off" => Some(Level::Off),
            "info" => Some(Level::Info),
            "warning" => Some(Level::Warning),
            "error" => Some(Level::Error),
            _ => None,
        }
    }

    /// The severity it gives, if it is not `off`.
    pub(crate) fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Level::Off => "off",
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        })
    }
}

/// The rules a configuration sets, by code or name.
pub(crate) type RuleLevels = BTreeMap<String, Level>;

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", default)]
pub(crate) struct Config {
    pub(crate) limits: Limits,
    /// The level of codes, by code or rule name.
    pub(crate) rules: RuleLevels,
    /// Folders of organisation rules, relative to the configuration's folder.
    pub(crate) rules_dirs: Vec<String>,
    /// Files a search of a folder leaves out, as globs relative to the configuration's
    /// folder.
    pub(crate) exclude: Vec<String>,
    /// Settings of the files that globs name, each over the ones before.
    pub(crate) overrides: Vec<Override>,
    /// Where the configuration was read, if it was.
    #[serde(skip)]
    pub(crate) origin: Option<Origin>,
    #[serde(skip)]
    excluded: GlobSet,
}

/// The settings of some files.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct Override {
    /// Globs relative to the configuration's folder.
    pub(crate) files: Vec<String>,
    #[serde(default)]
    pub(crate) rules: RuleLevels,
    #[serde(skip)]
    matching: GlobSet,
}

/// A configuration file read: its name as shown, its folder (canonical, where its
/// globs and folders start) and its text, to place a mistake found later.
#[derive(Clone, Debug)]
pub(crate) struct Origin {
    pub(crate) name: String,
    pub(crate) folder: PathBuf,
    pub(crate) text: String,
}

/// A glob set of a configuration, each glob relative to its folder; a glob without a
/// `/` matches in any folder below (as in `.gitignore`).
fn glob_set(globs: &[String]) -> Result<GlobSet, (usize, String)> {
    let mut set = GlobSetBuilder::new();
    for (i, glob) in globs.iter().enumerate() {
        let pattern = if glob.contains('/') {
            glob.trim_start_matches("./").to_owned()
        } else {
            format!("**/{glob}")
        };
        let glob = GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .map_err(|e| (i, e.kind().to_string()))?;
        set.add(glob);
    }
    set.build().map_err(|e| (0, e.to_string()))
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

    /// Reads the configuration file of a folder.
    fn load(folder: &Path) -> Result<Config, ConfigError> {
        let path = folder.join(FILE_NAME);
        Config::read(folder, &path, &path, visible::path(&as_seen(&path)))
    }

    /// Reads the configuration file `--config` names, which applies to every file of
    /// the run; its globs and folders start at its own folder.
    pub(crate) fn load_file(path: &Path) -> Result<Config, ConfigError> {
        let canonical = path.canonicalize().map_err(|e| ConfigError::Unreadable {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
        let folder = canonical.parent().unwrap_or(Path::new("/")).to_path_buf();
        Config::read(&folder, &canonical, path, visible::path(path))
    }

    /// Reads the configuration file at `file` in `folder`: a regular file, not a link,
    /// read through a handle on the folder (`confined`); a mistake names it as `name`
    /// (the file as the user knows it, `named`), with line and column.
    fn read(folder: &Path, file: &Path, named: &Path, name: String) -> Result<Config, ConfigError> {
        let unreadable = |reason: String| ConfigError::Unreadable {
            path: named.to_path_buf(),
            reason,
        };
        let bytes = confined::read_regular(
            folder,
            file,
            MAX_CONFIG_SIZE,
            "a configuration holds a few lines",
            "its configuration only from a regular file",
        )
        .map_err(unreadable)?;
        let text =
            String::from_utf8(bytes).map_err(|_| unreadable("it is not UTF-8 text".to_owned()))?;
        let mut config = Config::parse(&name, &text).map_err(ConfigError::Invalid)?;
        config.origin = Some(Origin {
            name,
            folder: folder.to_path_buf(),
            text,
        });
        Ok(config)
    }

    /// Whether a search of a folder leaves out the file at `path` (canonical).
    pub(crate) fn excludes(&self, path: &Path) -> bool {
        self.relative(path)
            .is_some_and(|relative| self.excluded.is_match(relative))
    }

    /// The level the configuration gives a code (known by its code and name) in the
    /// file at `path` (canonical, if the file has one), and where it says so: the last
    /// override whose globs match the file, else its `rules`.
    pub(crate) fn level(
        &self,
        path: Option<&Path>,
        code: &str,
        name: &str,
    ) -> Option<(Level, Said)> {
        let relative = path.and_then(|p| self.relative(p));
        let set = |rules: &RuleLevels| rules.get(code).or_else(|| rules.get(name)).copied();
        let overridden = self.overrides.iter().enumerate().rev().find_map(|(i, o)| {
            let applies = relative.is_some_and(|r| o.matching.is_match(r));
            applies
                .then(|| set(&o.rules))
                .flatten()
                .map(|l| (l, Said::Override(i)))
        });
        overridden.or_else(|| set(&self.rules).map(|l| (l, Said::Rules)))
    }

    /// A path relative to the configuration's folder.
    fn relative<'p>(&self, path: &'p Path) -> Option<&'p Path> {
        path.strip_prefix(&self.origin.as_ref()?.folder).ok()
    }

    pub(crate) fn parse(name: &str, text: &str) -> Result<Config, YamlError> {
        if text.trim().is_empty() {
            return Ok(Config::default());
        }
        yaml::refuse_deep_brackets(name, text)?;
        let mut config: Config =
            serde_yaml::from_str(text).map_err(|e| yaml::error(name, text, &e))?;
        let bad_glob = |globs: &[String], (i, why): (usize, String)| {
            let glob = globs.get(i).map_or("", String::as_str);
            yaml::error_at(
                name,
                text,
                text.find(glob).unwrap_or(0),
                format!("`{}` is not a glob: {why}", yaml::cut(glob)),
            )
        };
        config.excluded = glob_set(&config.exclude).map_err(|e| bad_glob(&config.exclude, e))?;
        for o in &mut config.overrides {
            o.matching = glob_set(&o.files).map_err(|e| bad_glob(&o.files, e))?;
        }
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
        if limits.block_size == 0 || limits.block_size > MAX_FILE_SIZE {
            return Err(out_of_range(
                "block-size",
                format!("1 and {MAX_FILE_SIZE} (1 GiB)"),
            ));
        }
        Ok(config)
    }
}

/// Where a configuration gives a code its level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Said {
    /// In its `rules`.
    Rules,
    /// In the `rules` of its override of this index.
    Override(usize),
}

/// The configuration of each folder of a run, read once per folder; or the one
/// configuration `--config` names, for every folder.
#[derive(Default)]
pub(crate) struct Configs {
    by_folder: HashMap<PathBuf, Config>,
    given: Option<Config>,
}

impl Configs {
    /// The configurations of a run that reads `given` for every folder.
    pub(crate) fn given(given: Config) -> Configs {
        Configs {
            by_folder: HashMap::new(),
            given: Some(given),
        }
    }

    /// The configuration that applies in `folder` (see [`Config::nearest`]).
    pub(crate) fn of(&mut self, folder: &Path) -> Result<&Config, ConfigError> {
        if let Some(given) = &self.given {
            return Ok(given);
        }
        if !self.by_folder.contains_key(folder) {
            let config = Config::nearest(folder)?;
            self.by_folder.insert(folder.to_path_buf(), config);
        }
        Ok(&self.by_folder[folder])
    }

    /// The configuration of a folder read before.
    pub(crate) fn read_for(&self, folder: &Path) -> Option<&Config> {
        self.given.as_ref().or_else(|| self.by_folder.get(folder))
    }

    /// Every configuration file read so far, once each.
    pub(crate) fn files(&self) -> Vec<&Config> {
        let mut seen = std::collections::HashSet::new();
        let mut files: Vec<&Config> = self
            .given
            .iter()
            .chain(self.by_folder.values())
            .filter(|c| {
                c.origin
                    .as_ref()
                    .is_some_and(|o| seen.insert(o.name.clone()))
            })
            .collect();
        files.sort_by(|a, b| {
            a.origin
                .as_ref()
                .map(|o| &o.name)
                .cmp(&b.origin.as_ref().map(|o| &o.name))
        });
        files
    }
}

/// A path as a user reads it: relative to the current folder when it lies inside.
pub(crate) fn as_seen(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .filter(|relative| !relative.as_os_str().is_empty())
        .unwrap_or_else(|| path.to_path_buf())
}

/// The configuration files a run over `paths` reads: the nearest upward from each
/// path, and every `.cmilint.yaml` in the folders given (but those that ignore files
/// name), each once. A path that is no file on disk (the name of a plan on standard
/// input) stands in its folder, which is not searched.
pub(crate) fn files_for(paths: &[PathBuf]) -> Result<Vec<Config>, ConfigError> {
    let mut folders = Vec::new();
    for path in paths {
        // A folder given is searched; a file (one on disk, or one that stands for a
        // plan on standard input) has only its nearest configuration upward.
        let (folder, search) = match path.canonicalize() {
            Ok(canonical) if canonical.is_dir() => (canonical, true),
            Ok(canonical) => (
                canonical
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default(),
                false,
            ),
            Err(_) => {
                let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
                match parent.unwrap_or(Path::new(".")).canonicalize() {
                    Ok(folder) => (folder, false),
                    Err(_) => continue,
                }
            }
        };
        if let Some(found_in) = folder
            .ancestors()
            .find(|d| d.join(FILE_NAME).symlink_metadata().is_ok())
        {
            folders.push(found_in.to_path_buf());
        }
        if search {
            let walk = ignore::WalkBuilder::new(&folder)
                .hidden(false)
                .filter_entry(|e| e.file_name() != ".git")
                .sort_by_file_name(std::cmp::Ord::cmp)
                .build();
            let found = walk
                .filter_map(Result::ok)
                .filter(|e| e.file_name() == FILE_NAME && e.depth() > 0)
                .filter_map(|e| e.path().parent().map(Path::to_path_buf));
            folders.extend(found);
        }
    }
    let mut seen = std::collections::HashSet::new();
    folders.retain(|f| seen.insert(f.clone()));
    folders.iter().map(|f| Config::load(f)).collect()
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
        assert_eq!(
            parse("limits:\n  block-size: 0\n").unwrap_err().to_string(),
            ".cmilint.yaml:2:3: limits.block-size must be between 1 and 1073741824 (1 GiB)"
        );
        assert_eq!(parse("").unwrap().limits, Limits::default());
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
