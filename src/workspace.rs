//! The files of a run and how they make plans: reading each file once (within the
//! limits), following `use` lines (E010, E011), telling plans from libraries, and
//! checking each plan, and each library no plan uses, exactly once.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use crate::config::{self, Config, Limits};
use crate::diagnostic::{Diagnostic, LanguageCode, Location};
use crate::rules::RuleSet;
use crate::schema;
use crate::source::{FileId, SourceMap, Span};
use crate::suppression;
use crate::syntax::{self, Parsed};

use rayon::prelude::*;

/// What to check: paths from the command line, or text from standard input.
pub enum Input {
    Path(PathBuf),
    Stdin {
        name: Option<String>,
        bytes: Vec<u8>,
    },
}

/// A problem with the run itself, not with a plan (exit code 2).
#[derive(Debug)]
pub struct RunError(pub String);

/// Everything a check found.
pub struct Report {
    pub sources: SourceMap,
    pub diagnostics: Vec<Diagnostic>,
}

struct Loaded {
    parsed: Parsed,
    /// The folder `use` paths are relative to.
    folder: PathBuf,
}

pub struct Workspace {
    sources: SourceMap,
    loaded: Vec<Loaded>,
    by_path: HashMap<PathBuf, FileId>,
    configs: HashMap<PathBuf, Config>,
}

impl Workspace {
    fn new() -> Self {
        Workspace {
            sources: SourceMap::default(),
            loaded: Vec::new(),
            by_path: HashMap::new(),
            configs: HashMap::new(),
        }
    }

    /// The nearest configuration upward from `folder`, read once per folder.
    fn config(&mut self, folder: &Path) -> Result<Config, RunError> {
        if let Some(config) = self.configs.get(folder) {
            return Ok(config.clone());
        }
        let config = match folder
            .ancestors()
            .map(|d| d.join(config::FILE_NAME))
            .find(|p| p.is_file())
        {
            Some(path) => Config::load(&path).map_err(RunError)?,
            None => Config::default(),
        };
        self.configs.insert(folder.to_path_buf(), config.clone());
        Ok(config)
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

    /// A file at its canonical path, read once.
    fn load(&mut self, canonical: &Path, name: String) -> Result<FileId, String> {
        if let Some(&id) = self.by_path.get(canonical) {
            return Ok(id);
        }
        let folder = folder_of(canonical);
        let limits = self.config(&folder).map_err(|e| e.0)?.limits;
        let read = read_file(self.next_id(), canonical, limits)?;
        Ok(self.insert(name, Some(canonical.to_path_buf()), folder, read))
    }

    /// The files named on the command line, as `(name, canonical path)`, read once
    /// each and in parallel; their ids in the order given.
    fn load_all(&mut self, files: Vec<(String, PathBuf)>) -> Result<Vec<FileId>, RunError> {
        let mut ids = Vec::with_capacity(files.len());
        let mut batch: HashMap<PathBuf, FileId> = HashMap::new();
        let mut unread = Vec::new();
        for (name, canonical) in files {
            if let Some(&id) = self.by_path.get(&canonical).or(batch.get(&canonical)) {
                ids.push(id);
                continue;
            }
            let id = FileId(self.next_id().0 + unread.len() as u32);
            let folder = folder_of(&canonical);
            let limits = self.config(&folder)?.limits;
            batch.insert(canonical.clone(), id);
            ids.push(id);
            unread.push((id, name, canonical, folder, limits));
        }
        let reads: Vec<Result<FileRead, String>> = unread
            .par_iter()
            .map(|(id, _, canonical, _, limits)| read_file(*id, canonical, *limits))
            .collect();
        for ((id, name, canonical, folder, _), read) in unread.into_iter().zip(reads) {
            let read = read.map_err(|e| RunError(format!("cannot read {name}: {e}")))?;
            let added = self.insert(name, Some(canonical), folder, read);
            debug_assert_eq!(added, id);
        }
        Ok(ids)
    }

    fn parsed(&self, id: FileId) -> &Parsed {
        &self.loaded[id.0 as usize].parsed
    }

    /// The files of the plan or library rooted at `root`, in depth-first `use` order,
    /// the root first; E010 and E011 for the `use` lines that fail.
    fn assemble(&mut self, root: FileId) -> (Vec<FileId>, Vec<Diagnostic>) {
        let tree = config::tree_root(&self.loaded[root.0 as usize].folder);
        let mut order = vec![root];
        let mut seen: HashSet<FileId> = HashSet::from([root]);
        let mut problems = Vec::new();
        // The path from the root: each file with the index of its next `use` line.
        let mut path: Vec<(FileId, usize)> = vec![(root, 0)];
        while let Some(&mut (file, ref mut next)) = path.last_mut() {
            let Some(use_line) = self.parsed(file).syntax.uses.get(*next) else {
                path.pop();
                continue;
            };
            *next += 1;
            let written = use_line.path.clone();
            let at = Location {
                file,
                span: written.span,
            };
            match self.resolve_use(file, &written.value, &tree) {
                Err(problem) => problems.push(
                    Diagnostic::language(LanguageCode::UseNotFound, at, problem.message)
                        .with_help(problem.help),
                ),
                Ok(target) if path.iter().any(|(f, _)| *f == target) => {
                    let start = path.iter().position(|(f, _)| *f == target).unwrap_or(0);
                    let chain: Vec<String> = path[start..]
                        .iter()
                        .map(|(f, _)| *f)
                        .chain([target])
                        .map(|f| file_name(&self.sources.get(f).name))
                        .collect();
                    problems.push(
                        Diagnostic::language(
                            LanguageCode::UseCycle,
                            at,
                            format!("this `use` closes a cycle: {}", chain.join(" uses ")),
                        )
                        .with_help("a file cannot use itself, directly or through others; move what both files need into a third file that each of them uses"),
                    );
                }
                Ok(target) => {
                    if seen.insert(target) {
                        order.push(target);
                        path.push((target, 0));
                    }
                }
            }
        }
        (order, problems)
    }

    fn resolve_use(
        &mut self,
        from: FileId,
        written: &str,
        tree: &Path,
    ) -> Result<FileId, UseProblem> {
        let relative = Path::new(written);
        if relative.is_absolute() {
            return Err(UseProblem::new(
                format!("`{written}` is an absolute path"),
                "write the path relative to this file, inside the plan's folder",
            ));
        }
        let folder = &self.loaded[from.0 as usize].folder;
        let joined = folder.join(relative);
        let canonical = joined.canonicalize().map_err(|e| {
            let message = match e.kind() {
                std::io::ErrorKind::NotFound => format!("there is no file `{written}`"),
                _ => format!(
                    "`{written}` cannot be read: {}",
                    lower_first(&e.to_string())
                ),
            };
            UseProblem::new(
                message,
                "check the path; it is relative to the folder of this file",
            )
        })?;
        if !canonical.starts_with(tree) {
            return Err(UseProblem::new(
                format!("`{written}` lies outside the plan's tree"),
                "a plan may use only files inside its tree: the nearest folder above the plan that holds .cmilint.yaml or .git, else the plan's own folder; move the file into it",
            ));
        }
        let metadata = fs::metadata(&canonical)
            .map_err(|e| UseProblem::new(e.to_string(), "check the path"))?;
        if !metadata.is_file() {
            let what = if metadata.is_dir() {
                "a folder"
            } else {
                "not a regular file"
            };
            return Err(UseProblem::new(
                format!("`{written}` is {what}"),
                "`use` names a plan file, such as `use \"common/actors.cmi\"`",
            ));
        }
        let name = display_join(&self.sources.get(from).name, written);
        self.load(&canonical, name).map_err(|e| {
            UseProblem::new(
                format!("`{written}` cannot be read: {e}"),
                "check the file's permissions",
            )
        })
    }
}

struct UseProblem {
    message: String,
    help: String,
}

impl UseProblem {
    fn new(message: impl Into<String>, help: impl Into<String>) -> Self {
        UseProblem {
            message: message.into(),
            help: help.into(),
        }
    }
}

fn file_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned())
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

/// Reads and parses a plan file that will be file `id`. A file over the size limit is
/// not read.
fn read_file(id: FileId, canonical: &Path, limits: Limits) -> Result<FileRead, String> {
    let mut file = fs::File::open(canonical).map_err(|e| e.to_string())?;
    let size = file.metadata().map_err(|e| e.to_string())?.len();
    if size > limits.file_size {
        let limit = limits.file_size;
        return Ok(too_large(
            id,
            format!("the file is {size} bytes, over the limit of {limit} bytes, and was not read"),
        ));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.read_to_end(&mut bytes).map_err(|e| e.to_string())?;
    Ok(read_bytes(id, bytes, limits))
}

/// A file over the size limit, not read (or, from standard input, not parsed).
fn too_large(id: FileId, message: String) -> FileRead {
    let diagnostic = Diagnostic::language(
        LanguageCode::LimitExceeded,
        Location { file: id, span: Span::default() },
        message,
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
        let limit = limits.file_size;
        return too_large(
            id,
            format!("the plan is longer than the limit of {limit} bytes, and was not read"),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => {
            let parsed = syntax::parse(id, &text, limits.nesting_depth);
            FileRead { text, parsed }
        }
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let diagnostic = Diagnostic::language(
                LanguageCode::SyntaxError,
                Location {
                    file: id,
                    span: Span::new(valid, valid + 1),
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
        syntax: Default::default(),
        diagnostics: vec![diagnostic],
        declares_plan: false,
    }
}

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// The name of a used file as the user will read it: the using file's folder joined
/// with the written path, `.` and `..` folded where they can be.
fn display_join(from: &str, written: &str) -> String {
    let joined = Path::new(from)
        .parent()
        .unwrap_or(Path::new(""))
        .join(written);
    let mut parts: Vec<Component> = Vec::new();
    for part in joined.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts
        .iter()
        .collect::<PathBuf>()
        .to_string_lossy()
        .into_owned()
}

/// Every `.cmi` file under the given paths; a file named directly is taken whatever
/// its extension.
fn plan_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, RunError> {
    let mut files = Vec::new();
    for path in paths {
        let metadata = fs::metadata(path).map_err(|e| {
            RunError(format!(
                "cannot read {}: {}",
                path.display(),
                lower_first(&e.to_string())
            ))
        })?;
        if metadata.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(path)
                .sort_by_file_name(|a, b| a.cmp(b))
                .build()
            {
                let entry =
                    entry.map_err(|e| RunError(format!("cannot walk {}: {e}", path.display())))?;
                if entry.file_type().is_some_and(|t| t.is_file())
                    && entry.path().extension().is_some_and(|e| e == "cmi")
                {
                    found.push(entry.into_path());
                }
            }
            files.extend(found);
        } else if metadata.is_file() {
            files.push(path.clone());
        } else {
            return Err(RunError(format!(
                "{} is not a file or a folder",
                path.display()
            )));
        }
    }
    Ok(files)
}

/// The folder of a plan given on standard input: that of its `--stdin-filename`,
/// else the current folder.
fn stdin_folder(name: Option<&str>) -> Result<PathBuf, RunError> {
    let cwd = std::env::current_dir()
        .map_err(|e| RunError(format!("cannot find the current folder: {e}")))?;
    Ok(name
        .and_then(|n| cwd.join(n).parent().map(Path::to_path_buf))
        .unwrap_or(cwd))
}

/// How many bytes of standard input may be read: one more than the file-size limit
/// that applies where the plan is said to be, so that a longer input is refused
/// without being read whole.
pub fn stdin_read_limit(name: Option<&str>) -> Result<u64, RunError> {
    let folder = stdin_folder(name)?;
    Ok(Workspace::new()
        .config(&folder)?
        .limits
        .file_size
        .saturating_add(1))
}

/// Reads and checks everything named: each plan with the files it uses, and each
/// library that none of those plans uses, on its own.
pub fn check(inputs: Vec<Input>, rules: &RuleSet) -> Result<Report, RunError> {
    let mut workspace = Workspace::new();
    let mut named: Vec<FileId> = Vec::new();
    // Files named one after another are read together, in parallel.
    let mut files: Vec<(String, PathBuf)> = Vec::new();
    for input in inputs {
        match input {
            Input::Path(path) => {
                for file in plan_files(&[path])? {
                    let canonical = file
                        .canonicalize()
                        .map_err(|e| RunError(format!("cannot read {}: {e}", file.display())))?;
                    files.push((file.to_string_lossy().into_owned(), canonical));
                }
            }
            Input::Stdin { name, bytes } => {
                named.extend(workspace.load_all(std::mem::take(&mut files))?);
                let folder = stdin_folder(name.as_deref())?;
                let limits = workspace.config(&folder)?.limits;
                let read = read_bytes(workspace.next_id(), bytes, limits);
                let name = name.unwrap_or_else(|| "<stdin>".into());
                named.push(workspace.insert(name, None, folder, read));
            }
        }
    }
    named.extend(workspace.load_all(files)?);
    let mut seen_named = HashSet::new();
    named.retain(|id| seen_named.insert(*id));
    let (plans, libraries): (Vec<FileId>, Vec<FileId>) = named
        .iter()
        .partition(|&&id| workspace.parsed(id).declares_plan);
    // Each plan with the files it uses, then each library no plan uses, on its own.
    let mut used_by_plans: HashSet<FileId> = HashSet::new();
    let mut units: Vec<Unit> = Vec::new();
    for (root, is_plan) in plans
        .iter()
        .map(|&r| (r, true))
        .chain(libraries.iter().map(|&l| (l, false)))
    {
        if !is_plan && used_by_plans.contains(&root) {
            continue;
        }
        let (files, use_problems) = workspace.assemble(root);
        if is_plan {
            used_by_plans.extend(files.iter().copied());
        }
        // A syntax error or a limit anywhere leaves only those to report.
        let usable = files
            .iter()
            .all(|&f| workspace.parsed(f).diagnostics.is_empty());
        units.push(Unit {
            files,
            use_problems,
            is_plan,
            usable,
        });
    }
    let found: Vec<Vec<Diagnostic>> = units
        .par_iter()
        .filter(|unit| unit.usable)
        .map(|unit| {
            let (model, mut found) =
                schema::build(unit.files.iter().map(|&f| (f, &workspace.parsed(f).syntax)));
            found.extend(unit.use_problems.iter().cloned());
            if unit.is_plan {
                found.extend(rules.check(&model));
            }
            found
        })
        .collect();
    // A library used by several plans is reported on as the first of them sees it: a
    // later plan adds only what it finds at other places, or of other codes (its "did
    // you mean" may differ).
    let mut diagnostics = Vec::new();
    let mut reported: HashSet<(Location, Cow<'static, str>)> = HashSet::new();
    for unit_found in found {
        let keys: Vec<_> = unit_found
            .iter()
            .map(|d| (d.location, d.code.clone()))
            .collect();
        diagnostics.extend(
            unit_found
                .into_iter()
                .zip(&keys)
                .filter(|(_, key)| !reported.contains(*key))
                .map(|(d, _)| d),
        );
        reported.extend(keys);
    }
    let checked_files: HashSet<FileId> =
        units.iter().flat_map(|u| u.files.iter().copied()).collect();
    let usable_files: HashSet<FileId> = units
        .iter()
        .filter(|u| u.usable)
        .flat_map(|u| u.files.iter().copied())
        .collect();
    for file in checked_files {
        diagnostics.extend(workspace.parsed(file).diagnostics.iter().cloned());
    }
    let mut seen = HashSet::new();
    diagnostics.retain(|d| seen.insert(d.clone()));
    let mut usable_files: Vec<FileId> = usable_files.into_iter().collect();
    usable_files.sort();
    let suppressions: Vec<_> = usable_files
        .iter()
        .flat_map(|&f| {
            suppression::collect(f, workspace.sources.get(f), &workspace.parsed(f).syntax)
        })
        .collect();
    let known = known_codes(rules);
    suppression::apply(&suppressions, &mut diagnostics, &known, |code| {
        rules.find(code).is_some()
            || LanguageCode::ALL
                .iter()
                .any(|c| c.info().code == code && c.info().suppressible())
    });
    let sources = workspace.sources;
    sort(&sources, &mut diagnostics);
    Ok(Report {
        sources,
        diagnostics,
    })
}

/// A plan, or a library no plan uses: checked as a whole.
struct Unit {
    /// The root first, then the files it uses.
    files: Vec<FileId>,
    use_problems: Vec<Diagnostic>,
    is_plan: bool,
    /// Whether every file parsed without an error, so that the unit has a model.
    usable: bool,
}

/// Every code cmilint knows: language, suppression and rule codes.
pub fn known_codes(rules: &RuleSet) -> Vec<&str> {
    LanguageCode::ALL
        .iter()
        .map(|c| c.info().code)
        .chain(suppression::CODES.iter().map(|(code, _, _)| *code))
        .chain(rules.rules.iter().map(|r| r.code.as_str()))
        .collect()
}

/// By file, line and column, then code.
fn sort(sources: &SourceMap, diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_cached_key(|d| {
        let file = sources.get(d.location.file);
        (
            file.name.clone(),
            file.line_col(d.location.span.start),
            d.code.clone(),
            d.message.clone(),
        )
    });
}
