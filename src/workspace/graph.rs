//! The `use` graph: the files of a plan, or of a library checked alone, in the order
//! their `use` lines reach them, and E010 and E011 for the `use` lines that fail.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::files::{LoadError, RunError, Workspace, lower_first};
use crate::codes::LanguageCode;
use crate::config::ConfigError;
use crate::confined::Refused;
use crate::diagnostic::{Diagnostic, HOLE, Location, Wordings};
use crate::source::FileId;
use crate::suggest::Suggestions;

/// The files of a plan or a library, as its `use` lines reach them.
pub(super) struct Assembly {
    /// In depth-first `use` order, the root first.
    pub(super) files: Vec<FileId>,
    /// E010 and E011 for the `use` lines that fail.
    pub(super) problems: Vec<Diagnostic>,
    /// Whether a file it uses could not be read (E010): what the plan says may then
    /// stand in that file.
    pub(super) incomplete: bool,
}

/// The file each `use` line reached, by its file, its place among the file's `use`
/// lines and the tree of the plan it was read for: a file that many plans and libraries
/// reach has its `use` lines resolved once, not once for each of them.
#[derive(Default)]
pub(super) struct Reached {
    trees: Vec<PathBuf>,
    uses: HashMap<(FileId, u32, u32), FileId>,
}

impl Reached {
    fn tree_number(&mut self, tree: &Path) -> u32 {
        let at = self
            .trees
            .iter()
            .position(|t| t == tree)
            .unwrap_or_else(|| {
                self.trees.push(tree.to_path_buf());
                self.trees.len() - 1
            });
        at as u32
    }
}

/// The files of the plan or library rooted at `root`. The graph is walked with a stack
/// of its own, however deep the `use` lines go.
pub(super) fn assemble(
    workspace: &mut Workspace,
    root: FileId,
    cycles: &mut HashSet<Location>,
    reached: &mut Reached,
) -> Result<Assembly, RunError> {
    let tree = workspace.tree_root(root);
    let tree_number = reached.tree_number(&tree);
    let mut order = vec![root];
    let mut seen: HashSet<FileId> = HashSet::from([root]);
    // The files of `path`, to tell a `use` that closes a cycle at once.
    let mut on_path: HashSet<FileId> = HashSet::from([root]);
    let mut problems = Vec::new();
    let mut wordings = Wordings::default();
    let mut incomplete = false;
    let mut suggestions = Suggestions::for_text(workspace.sources().get(root).text.len());
    // The path from the root: each file with the index of its next `use` line.
    let mut path: Vec<(FileId, usize)> = vec![(root, 0)];
    while let Some(&mut (file, ref mut next)) = path.last_mut() {
        let Some(use_line) = workspace.parsed(file).syntax.uses.get(*next) else {
            path.pop();
            on_path.remove(&file);
            continue;
        };
        let index = *next;
        *next += 1;
        let at = Location {
            file,
            span: use_line.path.span,
        };
        let key = (file, index as u32, tree_number);
        let resolved = if let Some(&target) = reached.uses.get(&key) {
            Ok(target)
        } else {
            // The path is read only for a `use` line not resolved before.
            let text = workspace.sources().get(file).text.clone();
            let written = use_line.path.value(&text).to_owned();
            resolve_use(workspace, file, &written, &tree, &mut suggestions).inspect(|&target| {
                reached.uses.insert(key, target);
            })
        };
        match resolved {
            Err(Unresolved::Configuration(error)) => return Err(RunError::Configuration(error)),
            Err(Unresolved::Problem(problem)) => {
                incomplete = true;
                problems.push(
                    Diagnostic::new(&LanguageCode::UseNotFound, at, problem.message)
                        .with_help(problem.help),
                );
            }
            // A cycle another plan or library has reported already is reported once:
            // the diagnostic is said once at its place however many reach it.
            Ok(target) if on_path.contains(&target) && !cycles.insert(at) => {}
            Ok(target) if on_path.contains(&target) => {
                let start = path.iter().position(|(f, _)| *f == target).unwrap_or(0);
                let chain: Vec<FileId> = path[start..]
                    .iter()
                    .map(|(f, _)| *f)
                    .chain([target])
                    .collect();
                let name = |f: &FileId| file_name(&workspace.sources().get(*f).name);
                // Files that use each other may close thousands of cycles: said alike.
                let wording = wordings.get(
                    &LanguageCode::UseCycle,
                    &format!("this `use` closes a cycle: {HOLE}"),
                    None,
                    Some("a file cannot use itself, directly or through others; move what both files need into a third file that each of them uses"),
                );
                problems.push(Diagnostic::worded(wording, at, &[&cycle(&chain, name)]));
            }
            Ok(target) => {
                if seen.insert(target) {
                    suggestions.grant(workspace.sources().get(target).text.len());
                    order.push(target);
                    path.push((target, 0));
                    on_path.insert(target);
                }
            }
        }
    }
    Ok(Assembly {
        files: order,
        problems,
        incomplete,
    })
}

/// The files of a cycle, each using the next, as a message names them: all of a short
/// one; the first three and the last two of a long one, with how many are left out
/// between, so that a cycle through hundreds of files is one readable line.
fn cycle(files: &[FileId], name: impl Fn(&FileId) -> String) -> String {
    const FIRST: usize = 3;
    const LAST: usize = 2;
    let names = |files: &[FileId]| files.iter().map(&name).collect::<Vec<_>>().join(" uses ");
    if files.len() <= FIRST + LAST + 1 {
        return names(files);
    }
    let left_out = files.len() - FIRST - LAST;
    format!(
        "{} uses … {left_out} more files … uses {}",
        names(&files[..FIRST]),
        names(&files[files.len() - LAST..])
    )
}

/// Why a `use` line leads to no file.
enum Unresolved {
    /// It names no file the plan may use (E010).
    Problem(UseProblem),
    /// The configuration of the folder of the file it names cannot be used: the run
    /// stops, as for any configuration.
    Configuration(ConfigError),
}

impl From<UseProblem> for Unresolved {
    fn from(problem: UseProblem) -> Self {
        Unresolved::Problem(problem)
    }
}

/// Why a `use` line names no file the plan may use.
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

/// The file a `use` line of `from` names, read once: a regular file inside the plan's
/// tree, checked before it is opened.
fn resolve_use(
    workspace: &mut Workspace,
    from: FileId,
    written: &str,
    tree: &Path,
    suggestions: &mut Suggestions,
) -> Result<FileId, Unresolved> {
    let relative = Path::new(written);
    if relative.is_absolute() {
        return Err(UseProblem::new(
            format!("`{written}` is an absolute path"),
            "write the path relative to this file, inside the plan's folder",
        )
        .into());
    }
    let joined = workspace.folder(from).join(relative);
    let canonical = workspace.locate(tree, &joined).map_err(|refused| {
        let (message, help) = match refused {
            Refused::Missing(_) => (
                format!(
                    "there is no file `{written}`{}",
                    near_miss(workspace, &joined, written, tree, suggestions)
                        .map_or_else(String::new, |near| format!("; did you mean `{near}`?"))
                ),
                "check the path; it is relative to the folder of this file",
            ),
            Refused::Outside => (
                format!("`{written}` lies outside the plan's tree"),
                "a plan may use only files inside its tree: the nearest folder above the plan that holds .cmilint.yaml or .git, else the plan's own folder; move the file into it",
            ),
            Refused::Folder => (
                format!("`{written}` is a folder"),
                "`use` names a plan file, such as `use \"common/actors.cmi\"`",
            ),
            Refused::NotRegular | Refused::Link | Refused::TooLarge => (
                format!("`{written}` is not a regular file"),
                "`use` names a plan file, such as `use \"common/actors.cmi\"`",
            ),
            Refused::Unreadable(e) => (
                format!(
                    "`{written}` cannot be read: {}",
                    lower_first(&e.to_string())
                ),
                "check the path; it is relative to the folder of this file",
            ),
        };
        UseProblem::new(message, help)
    })?;
    let name = display_join(&workspace.sources().get(from).name, written);
    workspace.load(tree, &canonical, name).map_err(|e| match e {
        LoadError::Unreadable(reason) => UseProblem::new(
            format!("`{written}` cannot be read: {reason}"),
            "check the file's permissions",
        )
        .into(),
        LoadError::Configuration(error) => Unresolved::Configuration(error),
    })
}

/// The path a `use` line likely meant when it names no file: the written path with its
/// file name replaced by that of a `.cmi` file in the same folder, inside the plan's
/// tree, whose name differs only in letter case, or is close.
fn near_miss(
    workspace: &mut Workspace,
    joined: &Path,
    written: &str,
    tree: &Path,
    suggestions: &mut Suggestions,
) -> Option<String> {
    let name = joined.file_name()?.to_str()?;
    let folder = joined.parent()?.canonicalize().ok()?;
    if !folder.starts_with(tree) {
        return None;
    }
    let plans = workspace.plan_file_names(&folder);
    let near = suggestions.closest(name, plans.iter().map(String::as_str))?;
    let written_folder = written.rfind(['/', '\\']).map_or("", |i| &written[..=i]);
    Some(format!("{written_folder}{near}"))
}

fn file_name(name: &str) -> String {
    Path::new(name)
        .file_name()
        .map_or_else(|| name.to_owned(), |n| n.to_string_lossy().into_owned())
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
