//! Finding and reading the files of a run: the plan files under the paths given, a
//! plan on standard input, each file read and parsed once within the limits of its
//! configuration, and what went wrong with the run itself.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::codes::LanguageCode;
use crate::config::{self, Config, ConfigError, Configs, Limits};
use crate::confined::{self, Links, Refused};
use crate::diagnostic::{Diagnostic, Location};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::{self, FileSyntax, Parsed};
use crate::visible;

/// What to check: a path from the command line, or text from standard input.
pub enum Input {
    /// A plan file, or a folder searched for `*.cmi` files, leaving out hidden files
    /// and folders and the files that `.gitignore` and `.ignore` files name.
    Path(PathBuf),
    /// A plan file, or a folder searched for every `*.cmi` file under it
    /// (`--no-ignore`).
    Everything(PathBuf),
    /// A plan read from standard input.
    Stdin {
        /// The file name to report it as; `use` paths start at its folder.
        name: Option<String>,
        /// The text, as read.
        bytes: Vec<u8>,
    },
}

/// A problem with the run itself, not with a plan (exit code 2).
#[derive(Debug)]
pub enum RunError {
    /// A path given cannot be read.
    Unreadable {
        /// The path, as given or found.
        path: String,
        /// Why, as the system says it.
        reason: String,
    },
    /// A folder given cannot be searched for plan files.
    Unwalkable {
        /// The folder, as given.
        path: String,
        /// Why.
        reason: String,
    },
    /// A path given is neither a file nor a folder (a device, a socket).
    NotFileOrFolder {
        /// The path, as given.
        path: String,
    },
    /// The current folder, where a plan on standard input stands, cannot be found.
    NoCurrentFolder {
        /// Why, as the system says it.
        reason: String,
    },
    /// The configuration that applies to a plan cannot be used.
    Configuration(ConfigError),
}

impl fmt::Display for RunError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RunError::Unreadable { path, reason } => write!(f, "cannot read {path}: {reason}"),
            RunError::Unwalkable { path, reason } => write!(f, "cannot walk {path}: {reason}"),
            RunError::NotFileOrFolder { path } => write!(f, "{path} is not a file or a folder"),
            RunError::NoCurrentFolder { reason } => {
                write!(f, "cannot find the current folder: {reason}")
            }
            RunError::Configuration(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for RunError {}

impl From<ConfigError> for RunError {
    fn from(error: ConfigError) -> Self {
        RunError::Configuration(error)
    }
}

/// Why a file could not be loaded.
pub(super) enum LoadError {
    /// The file cannot be read: why, as the system says it.
    Unreadable(String),
    /// The configuration of its folder cannot be used: the run stops.
    Configuration(ConfigError),
}

/// A file of the run: its syntax, and the folder its `use` paths start at.
struct Loaded {
    parsed: Parsed,
    folder: PathBuf,
}

/// Every file of a run, each read and parsed once, with the configuration of each
/// folder.
#[derive(Default)]
pub(super) struct Workspace {
    sources: SourceMap,
    loaded: Vec<Loaded>,
    by_path: HashMap<PathBuf, FileId>,
    configs: Configs,
    /// The names of the plan files of each folder listed, in order.
    listed: HashMap<PathBuf, Vec<String>>,
    /// Texts that stand for files on disk (by canonical path) when a `use` reaches
    /// them: the unsaved buffers of an editor.
    overlays: HashMap<PathBuf, String>,
    /// The file each `use` path led to in a plan's tree, by the tree and the path: the
    /// thousands of plans of a repository that use one file ask the file system once
    /// in a run.
    located: HashMap<(PathBuf, PathBuf), PathBuf>,
    /// The root of the plan's tree of each folder a plan was found in (see
    /// [`config::tree_root`]), looked for once a run.
    trees: HashMap<PathBuf, PathBuf>,
}

impl Workspace {
    /// A workspace whose configurations are `configs`, and in which `overlays` stand
    /// for the files at their paths.
    pub(super) fn new(configs: Configs, overlays: HashMap<PathBuf, String>) -> Workspace {
        Workspace {
            configs,
            overlays,
            ..Workspace::default()
        }
    }

    /// The canonical path of the file at `path` (as [`confined::locate`] finds it,
    /// following links that stay inside `tree`), asked of the file system once a run.
    pub(super) fn locate(&mut self, tree: &Path, path: &Path) -> Result<PathBuf, Refused> {
        let key = (tree.to_path_buf(), path.to_path_buf());
        if let Some(found) = self.located.get(&key) {
            return Ok(found.clone());
        }
        let found = confined::locate(tree, path, Links::Followed)?;
        self.located.insert(key, found.clone());
        Ok(found)
    }

    /// The root of the plan's tree for the plan `file`.
    pub(super) fn tree_root(&mut self, file: FileId) -> PathBuf {
        let folder = &self.loaded[file.0 as usize].folder;
        if let Some(tree) = self.trees.get(folder) {
            return tree.clone();
        }
        let tree = config::tree_root(folder);
        self.trees.insert(folder.clone(), tree.clone());
        tree
    }

    /// The configurations read so far.
    pub(super) fn configs(&self) -> &Configs {
        &self.configs
    }

    /// The files found by searching folders that their configuration does not exclude,
    /// and how many it excludes; a file named directly is never excluded.
    pub(super) fn not_excluded(
        &mut self,
        found: Vec<Found>,
    ) -> Result<(Vec<Found>, usize), RunError> {
        let mut kept = Vec::with_capacity(found.len());
        let mut excluded = 0;
        for file in found {
            let config = self.configs.of(&folder_of(&file.canonical))?;
            if file.searched && config.excludes(&file.canonical) {
                excluded += 1;
            } else {
                kept.push(file);
            }
        }
        Ok((kept, excluded))
    }

    /// The id the next file added will get.
    fn next_id(&self) -> FileId {
        FileId(self.sources.len() as u32)
    }

    fn insert(
        &mut self,
        name: String,
        path: Option<PathBuf>,
        folder: PathBuf,
        read: FileRead,
    ) -> FileId {
        let id = self.sources.add(name, path.clone(), read.text);
        if let Some(path) = path {
            self.by_path.insert(path, id);
        }
        self.loaded.push(Loaded {
            parsed: read.parsed,
            folder,
        });
        id
    }

    /// A file at its canonical path inside `tree` (canonical too), read once, through a
    /// handle on the tree (`confined`).
    pub(super) fn load(
        &mut self,
        tree: &Path,
        canonical: &Path,
        name: String,
    ) -> Result<FileId, LoadError> {
        if let Some(&id) = self.by_path.get(canonical) {
            return Ok(id);
        }
        let folder = folder_of(canonical);
        let limits = self.limits(&folder).map_err(LoadError::Configuration)?;
        // An editor's unsaved text of the file stands for it: the file on disk is not
        // what the planner sees.
        let bytes = match self.overlays.get(canonical) {
            Some(text) => Ok(text.clone().into_bytes()),
            None => confined::read(tree, canonical, Links::Followed, limits.file_size),
        };
        let read = parse_read(self.next_id(), bytes, limits).map_err(LoadError::Unreadable)?;
        Ok(self.insert(name, Some(canonical.to_path_buf()), folder, read))
    }

    /// The plan files found on the command line, read once each and in parallel; their
    /// ids in the order given.
    pub(super) fn load_all(&mut self, files: Vec<Found>) -> Result<Vec<FileId>, RunError> {
        let mut ids = Vec::with_capacity(files.len());
        let mut batch: HashMap<PathBuf, FileId> = HashMap::new();
        let mut unread = Vec::new();
        for found in files {
            let canonical = &found.canonical;
            if let Some(&id) = self.by_path.get(canonical).or(batch.get(canonical)) {
                ids.push(id);
                continue;
            }
            let id = FileId(self.next_id().0 + unread.len() as u32);
            let folder = folder_of(canonical);
            let limits = self.limits(&folder)?;
            batch.insert(canonical.clone(), id);
            ids.push(id);
            unread.push((id, found, folder, limits));
        }
        let reads: Vec<Result<FileRead, String>> = unread
            .par_iter()
            .map(|(id, found, _, limits)| parse_read(*id, read_found(found, *limits), *limits))
            .collect();
        for ((id, found, folder, _), read) in unread.into_iter().zip(reads) {
            let read = read.map_err(|reason| RunError::Unreadable {
                path: found.name.clone(),
                reason,
            })?;
            let added = self.insert(found.name, Some(found.canonical), folder, read);
            debug_assert_eq!(added, id);
        }
        Ok(ids)
    }

    /// A plan read from standard input, taken to stand in `folder` (canonical). When
    /// its name is that of a file there, it stands for that file: a `use` of the file,
    /// from it or from another plan, reaches it, not the copy on disk (as an editor
    /// that lints a buffer before it is saved expects).
    pub(super) fn load_stdin(
        &mut self,
        name: Option<String>,
        folder: PathBuf,
        bytes: Vec<u8>,
    ) -> Result<FileId, RunError> {
        let limits = self.limits(&folder)?;
        let read = read_bytes(self.next_id(), bytes, limits);
        let stands_for = name
            .as_deref()
            .and_then(|n| Path::new(n).file_name())
            .and_then(|n| folder.join(n).canonicalize().ok());
        let name = name.unwrap_or_else(|| "<stdin>".into());
        Ok(self.insert(name, stands_for, folder, read))
    }

    fn limits(&mut self, folder: &Path) -> Result<Limits, ConfigError> {
        Ok(self.configs.of(folder)?.limits)
    }

    /// The names of the `.cmi` files of a folder, sorted, listed once a run.
    pub(super) fn plan_file_names(&mut self, folder: &Path) -> &[String] {
        self.listed.entry(folder.to_path_buf()).or_insert_with(|| {
            let mut names: Vec<String> = fs::read_dir(folder)
                .into_iter()
                .flatten()
                .filter_map(Result::ok)
                .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
                .filter_map(|e| e.file_name().into_string().ok())
                .filter(|n| Path::new(n).extension().is_some_and(|e| e == "cmi"))
                .collect();
            names.sort();
            names
        })
    }

    pub(super) fn parsed(&self, id: FileId) -> &Parsed {
        &self.loaded[id.0 as usize].parsed
    }

    /// The top-level blocks of a file, taken out for the one model built from them: the
    /// file keeps its `use` lines, comments and diagnostics.
    pub(super) fn take_blocks(&mut self, id: FileId) -> crate::syntax::TopLevel {
        std::mem::take(&mut self.loaded[id.0 as usize].parsed.syntax.blocks)
    }

    /// The folder a file's `use` paths start at.
    pub(super) fn folder(&self, id: FileId) -> &Path {
        &self.loaded[id.0 as usize].folder
    }

    pub(super) fn sources(&self) -> &SourceMap {
        &self.sources
    }

    pub(super) fn into_sources(self) -> SourceMap {
        self.sources
    }
}

/// A file's text and syntax, read apart from the workspace so that many files can be
/// read at once.
struct FileRead {
    text: String,
    parsed: Parsed,
}

fn folder_of(canonical: &Path) -> PathBuf {
    canonical.parent().unwrap_or(Path::new("/")).to_path_buf()
}

/// Parses the bytes read of a plan file that will be file `id`; a file over the size
/// limit was not read.
fn parse_read(
    id: FileId,
    read: Result<Vec<u8>, Refused>,
    limits: Limits,
) -> Result<FileRead, String> {
    match read {
        Ok(bytes) => Ok(read_bytes(id, bytes, limits)),
        Err(Refused::TooLarge) => Ok(too_large(id, limits)),
        Err(other) => Err(other.to_string()),
    }
}

/// Reads a plan file found on the command line, inside the folder it was found in:
/// a file changed into a link or a FIFO since, or a folder on the way changed into a
/// link that leaves, is refused.
fn read_found(found: &Found, limits: Limits) -> Result<Vec<u8>, Refused> {
    confined::read(
        &found.within,
        &found.canonical,
        Links::Refused,
        limits.file_size,
    )
}

/// A file over the size limit, not read (or, from standard input, not parsed).
fn too_large(id: FileId, limits: Limits) -> FileRead {
    let limit = limits.file_size;
    let diagnostic = Diagnostic::new(
        &LanguageCode::LimitExceeded,
        Location { file: id, span: Span::default() },
        format!("the plan is longer than the limit of {limit} bytes, and was not read"),
    )
    .with_help("split the plan into several files joined with `use`, or raise `limits.file-size` in .cmilint.yaml");
    FileRead {
        text: String::new(),
        parsed: unreadable(diagnostic),
    }
}

/// Parses the bytes of file `id`; invalid UTF-8 is a syntax error.
fn read_bytes(id: FileId, bytes: Vec<u8>, limits: Limits) -> FileRead {
    if bytes.len() as u64 > limits.file_size {
        return too_large(id, limits);
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let parsed = syntax::parse(id, &text, &limits);
            FileRead { text, parsed }
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            // The text kept is the file with each bad byte shown as U+FFFD: the place
            // is that character's, in that text.
            let replaced = char::REPLACEMENT_CHARACTER.len_utf8();
            let diagnostic = Diagnostic::new(
                &LanguageCode::SyntaxError,
                Location {
                    file: id,
                    span: Span::new(valid, valid + replaced),
                },
                "the file is not UTF-8 text",
            )
            .with_label("this byte is not UTF-8")
            .with_help("save the plan as UTF-8 text");
            FileRead {
                text: String::from_utf8_lossy(error.as_bytes()).into_owned(),
                parsed: unreadable(diagnostic),
            }
        }
    }
}

/// The syntax of a file that could not be parsed at all.
fn unreadable(diagnostic: Diagnostic) -> Parsed {
    Parsed {
        syntax: FileSyntax::default(),
        diagnostics: vec![diagnostic],
        characters: Vec::new(),
        declares_plan: false,
    }
}

/// A message of the system as the rest of a sentence: its first letter in lower case.
pub(super) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// A plan file found on the command line, to be read.
pub(super) struct Found {
    /// As shown: the path as given, or as reached from a folder given.
    name: String,
    canonical: PathBuf,
    /// The folder it is read inside (canonical): the folder searched, or its own folder
    /// for a file named directly.
    within: PathBuf,
    /// Whether it was found by searching a folder, not named directly.
    searched: bool,
}

/// The `.cmi` files under a path given; a file named directly is taken whatever its
/// extension. In a folder, hidden files and folders and the files that ignore files
/// name are left out when `everything` is false: the number is how many plan files
/// were left out so.
pub(super) fn plan_files(path: &Path, everything: bool) -> Result<(Vec<Found>, usize), RunError> {
    let unreadable = |path: &Path, e: io::Error| RunError::Unreadable {
        path: visible::path(path),
        reason: lower_first(&e.to_string()),
    };
    let metadata = fs::metadata(path).map_err(|e| unreadable(path, e))?;
    let mut files = Vec::new();
    let mut left_out = 0;
    let mut within = None;
    if metadata.is_dir() {
        files = plan_files_under(path, !everything)?;
        if !everything {
            let taken: HashSet<&PathBuf> = files.iter().collect();
            let all = plan_files_under(path, false)?;
            left_out = all.iter().filter(|f| !taken.contains(f)).count();
        }
        within = Some(path.canonicalize().map_err(|e| unreadable(path, e))?);
    } else if metadata.is_file() {
        files.push(path.to_path_buf());
    } else {
        return Err(RunError::NotFileOrFolder {
            path: visible::path(path),
        });
    }
    let files = files
        .into_iter()
        .map(|file| {
            let canonical = match (&within, file.strip_prefix(path)) {
                // The walk follows no link and takes no link to a file: the path of a
                // file under the canonical folder is canonical already, and the file
                // system need not be asked again for each of thousands of files.
                (Some(folder), Ok(below)) => folder.join(below),
                _ => file.canonicalize().map_err(|e| unreadable(&file, e))?,
            };
            Ok(Found {
                name: visible::path(&file),
                searched: within.is_some(),
                within: within.clone().unwrap_or_else(|| folder_of(&canonical)),
                canonical,
            })
        })
        .collect::<Result<_, RunError>>()?;
    Ok((files, left_out))
}

/// The `*.cmi` files under a folder, in name order; with `filtered`, not the hidden
/// ones nor those that ignore files name (as ripgrep and ruff leave them out), else
/// all but those inside `.git`.
fn plan_files_under(folder: &Path, filtered: bool) -> Result<Vec<PathBuf>, RunError> {
    let mut files = Vec::new();
    let walk = ignore::WalkBuilder::new(folder)
        .standard_filters(filtered)
        .filter_entry(|e| e.file_name() != ".git")
        .sort_by_file_name(std::cmp::Ord::cmp)
        .build();
    for entry in walk {
        let entry = entry.map_err(|e| RunError::Unwalkable {
            path: visible::path(folder),
            reason: e.to_string(),
        })?;
        if entry.file_type().is_some_and(|t| t.is_file())
            && entry.path().extension().is_some_and(|e| e == "cmi")
        {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// The folder of a plan given on standard input: that of its `--stdin-filename`,
/// else the current folder; canonical where it exists, as the folders of the files
/// read from disk are, so that `use` paths and the plan's tree are judged alike.
pub(super) fn stdin_folder(name: Option<&str>) -> Result<PathBuf, RunError> {
    let cwd = std::env::current_dir().map_err(|e| RunError::NoCurrentFolder {
        reason: e.to_string(),
    })?;
    let folder = name
        .and_then(|n| cwd.join(n).parent().map(Path::to_path_buf))
        .unwrap_or(cwd);
    Ok(folder.canonicalize().unwrap_or(folder))
}

/// How many bytes of standard input may be read: one more than the file-size limit
/// that applies where the plan is said to be, so that a longer input is refused
/// without being read whole.
pub(crate) fn stdin_read_limit(name: Option<&str>) -> Result<u64, RunError> {
    let folder = stdin_folder(name)?;
    let limits = Config::nearest(&folder)?.limits;
    Ok(limits.file_size.saturating_add(1))
}

#[cfg(all(test, unix))]
mod tests {
    use std::fs;
    use std::os::unix::fs::symlink;
    use std::path::Path;
    use std::process::Command;

    use super::{Workspace, plan_files};

    /// What reading the plan files found in `plans` says, after `change` changed them.
    fn read_after(plans: &Path, change: impl FnOnce()) -> Result<(), String> {
        let (found, _) = plan_files(plans, false).expect("the folder is searched");
        change();
        let read = Workspace::default().load_all(found);
        read.map(drop).map_err(|e| e.to_string())
    }

    #[test]
    fn a_plan_file_changed_after_the_search_is_read_only_if_still_a_file_inside() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let root = root.path().canonicalize().unwrap();
        let (plans, outside) = (root.join("plans"), root.join("outside"));
        let (region, plan) = (plans.join("region"), plans.join("region/a.cmi"));
        fs::create_dir_all(&region).unwrap();
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("a.cmi"), "secret").unwrap();
        let write_plan = || fs::write(&plan, "actor a \"A\" { kind: ngo }\n").unwrap();
        write_plan();
        assert_eq!(read_after(&plans, || {}), Ok(()));

        let linked = read_after(&plans, || {
            fs::remove_file(&plan).unwrap();
            symlink(outside.join("a.cmi"), &plan).unwrap();
        });
        assert!(
            linked.as_ref().is_err_and(|e| e.contains("symbolic link")),
            "{linked:?}"
        );

        fs::remove_file(&plan).unwrap();
        write_plan();
        let folder_linked = read_after(&plans, || {
            fs::rename(&region, plans.join("moved")).unwrap();
            symlink(&outside, &region).unwrap();
        });
        assert!(
            folder_linked.is_err(),
            "read through a link leading outside"
        );

        fs::remove_file(&region).unwrap();
        fs::rename(plans.join("moved"), &region).unwrap();
        let fifo = read_after(&plans, || {
            fs::remove_file(&plan).unwrap();
            assert!(
                Command::new("mkfifo")
                    .arg(&plan)
                    .status()
                    .unwrap()
                    .success()
            );
        });
        assert!(
            fifo.as_ref()
                .is_err_and(|e| e.contains("not a regular file")),
            "{fifo:?}"
        );
    }
}
