//! The check of a run, from the inputs to the sorted findings: each plan with the files
//! it uses and each library no plan uses is checked once (in parallel), a diagnostic
//! is reported once however many plans reach its place, suppressions are applied,
//! the levels the settings give each code in each file, and the findings are sorted.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::files::{Found, Input, RunError, Workspace, plan_files, stdin_folder};
use super::graph::{Reached, assemble};
use crate::catalogue::Catalogue;
use crate::config::{Config, Configs, Level};
use crate::diagnostic::{CodeName, Diagnostic, Findings, Location, Suppressed};
use crate::memory;
use crate::model::Model;
use crate::rules::RuleSet;
use crate::schema;
use crate::settings::{self, RunLevels};
use crate::source::{FileId, SourceMap};
use crate::suggest::Suggestions;
use crate::suppression;
use crate::syntax::{Blocks, TopLevel};

/// A plan, or a library no plan uses: checked as a whole.
struct Unit {
    /// The root first, then the files it uses.
    files: Vec<FileId>,
    use_problems: Vec<Diagnostic>,
    is_plan: bool,
    /// Whether every file parsed without an error, so that the unit has a model.
    usable: bool,
    /// A plan that misses a file it uses (E010): no E005 and no CMI rule for it. A
    /// library checked alone is never incomplete: an E010 in it changes nothing else.
    incomplete: bool,
}

/// How a run is set beyond its inputs and rules: the configuration `--config` names
/// (else each folder's nearest), the levels of `--rule`, who is told of its progress,
/// and the texts that stand for files.
#[derive(Default)]
pub(crate) struct Settings<'p> {
    pub(crate) config: Option<Config>,
    pub(crate) levels: RunLevels,
    pub(crate) progress: Option<&'p dyn Progress>,
    /// Texts that stand for the files at their (canonical) paths when a plan uses
    /// them: an editor's unsaved buffers.
    pub(crate) overlays: HashMap<PathBuf, String>,
}

/// Told how far a run has come: how many plans and libraries it will check, and each
/// one checked (from several threads).
pub(crate) trait Progress: Sync {
    fn to_check(&self, units: usize);
    fn checked(&self);
}

/// Reads and checks everything named: each plan with the files it uses, and each
/// library that none of those plans uses, on its own; each code at the level the
/// nearest configuration of its file gives it.
pub fn check(inputs: Vec<Input>, rules: &RuleSet) -> Result<Findings, RunError> {
    check_with(inputs, rules, Settings::default())
}

/// [`check`] with the default settings whatever configuration lies around: the
/// rules' own severities, no code off, the default limits. Rules are tested so, by
/// their examples and marked plans, whatever the repository they are tested in sets.
pub(crate) fn check_unset(inputs: Vec<Input>, rules: &RuleSet) -> Result<Findings, RunError> {
    let settings = Settings {
        config: Some(Config::default()),
        ..Settings::default()
    };
    check_with(inputs, rules, settings)
}

/// [`check`], set as `settings` says: every code is given the level the settings
/// give it in its file (a code `off` is not reported).
pub(crate) fn check_with(
    inputs: Vec<Input>,
    rules: &RuleSet,
    settings: Settings<'_>,
) -> Result<Findings, RunError> {
    analyse(inputs, rules, settings, false).map(|(findings, _)| findings)
}

/// [`check_with`], and the model of each plan and library that could be read, when
/// `keep` asks for them (the language server navigates in them).
pub(crate) fn analyse(
    inputs: Vec<Input>,
    rules: &RuleSet,
    settings: Settings<'_>,
    keep: bool,
) -> Result<(Findings, Vec<Model>), RunError> {
    let resident_at_start = memory::resident();
    let configs = settings.config.map(Configs::given).unwrap_or_default();
    let mut workspace = Workspace::new(configs, settings.overlays);
    let (named, left_out) = read(&mut workspace, inputs)?;
    let mut units = units(&mut workspace, &named)?;
    let allowance = memory::Allowance::new(resident_at_start, workspace.sources().bytes());
    let usable = units.iter().filter(|unit| unit.usable).count();
    if let Some(progress) = settings.progress {
        progress.to_check(usable);
    }
    // The suppressions are read from the syntax before it is given to the models.
    let suppressions = suppressions(&workspace, &units);
    let given = give_blocks(&mut workspace, &units);
    // Each unit's `use` problems go to its findings, not copied.
    let use_problems: Vec<Vec<Diagnostic>> = units
        .iter_mut()
        .map(|unit| std::mem::take(&mut unit.use_problems))
        .collect();
    let (found, models): (Vec<Vec<Diagnostic>>, Vec<Option<Model>>) = units
        .par_iter()
        .zip(given)
        .zip(use_problems)
        .filter(|((unit, _), _)| unit.usable)
        .map(|((unit, given), use_problems)| {
            let (model, parts) =
                check_unit(&workspace, unit, given, use_problems, rules, allowance);
            if let Some(progress) = settings.progress {
                progress.checked();
            }
            // The model is freed, if it is not kept, before its findings are joined.
            let model = keep.then_some(model);
            (joined(parts), model)
        })
        .unzip();
    let models = models.into_iter().flatten().collect();
    // What reading the plans and building their models freed goes back before the
    // findings are gathered, not beside them, if it is past the run's allowance.
    allowance.give_back_if_past();
    let mut diagnostics = once_each(found);
    let checked: HashSet<FileId> = units.iter().flat_map(|u| u.files.iter().copied()).collect();
    let of_files = |file: &FileId| {
        let parsed = workspace.parsed(*file);
        parsed.diagnostics.iter().chain(&parsed.characters)
    };
    diagnostics.reserve_exact(checked.iter().map(|f| of_files(f).count()).sum());
    for file in &checked {
        diagnostics.extend(of_files(file).cloned());
    }
    let mut suppressed = suppress(&workspace, &units, &suppressions, &mut diagnostics, rules);
    let catalogue = Catalogue::new(rules);
    for config in workspace.configs().files() {
        settings::check_config(config, &catalogue)?;
    }
    let set = |d: &mut Diagnostic| {
        let folder = workspace.folder(d.location.file);
        let config = workspace.configs().read_for(folder);
        let path = workspace.sources().get(d.location.file).path.as_deref();
        match settings::level(d, path, config, &settings.levels).map(Level::severity) {
            Some(None) => false,
            Some(Some(severity)) => {
                d.severity = severity;
                true
            }
            None => true,
        }
    };
    diagnostics.retain_mut(set);
    suppressed.retain_mut(|s| set(&mut s.diagnostic));
    let sources = workspace.into_sources();
    sort(&sources, &mut diagnostics, |d| d);
    sort(&sources, &mut suppressed, |s| &s.diagnostic);
    // A finding made twice (the same in every part) is reported once: sorted, the
    // copies are side by side.
    diagnostics.dedup();
    suppressed.dedup_by(|a, b| a.diagnostic == b.diagnostic);
    let findings = Findings {
        sources,
        diagnostics,
        suppressed,
        stale_baseline: Vec::new(),
        left_out,
    };
    Ok((findings, models))
}

/// Reads the inputs, each file once; the ids of the files named, in order, once each,
/// and how many plan files the folders given held that were left out. Files named one
/// after another are read together, in parallel.
fn read(workspace: &mut Workspace, inputs: Vec<Input>) -> Result<(Vec<FileId>, usize), RunError> {
    let mut named: Vec<FileId> = Vec::new();
    let mut files: Vec<Found> = Vec::new();
    let mut left_out = 0;
    for input in inputs {
        let everything = matches!(input, Input::Everything(_));
        match input {
            Input::Path(path) | Input::Everything(path) => {
                let (found, left) = plan_files(&path, everything)?;
                let (found, _) = workspace.not_excluded(found)?;
                files.extend(found);
                left_out += left;
            }
            Input::Stdin { name, bytes } => {
                named.extend(workspace.load_all(std::mem::take(&mut files))?);
                let folder = stdin_folder(name.as_deref())?;
                named.push(workspace.load_stdin(name, folder, bytes)?);
            }
        }
    }
    named.extend(workspace.load_all(files)?);
    let mut seen = HashSet::new();
    named.retain(|id| seen.insert(*id));
    Ok((named, left_out))
}

/// Each plan with the files it uses, then each library no plan uses, on its own.
fn units(workspace: &mut Workspace, named: &[FileId]) -> Result<Vec<Unit>, RunError> {
    let (plans, libraries): (Vec<FileId>, Vec<FileId>) = named
        .iter()
        .partition(|&&id| workspace.parsed(id).declares_plan);
    let mut used_by_plans: HashSet<FileId> = HashSet::new();
    // The `use` lines reported as closing a cycle, by the units before.
    let mut cycles: HashSet<Location> = HashSet::new();
    let mut reached = Reached::default();
    let mut units = Vec::new();
    let roots = plans.iter().map(|&r| (r, true));
    for (root, is_plan) in roots.chain(libraries.iter().map(|&l| (l, false))) {
        if !is_plan && used_by_plans.contains(&root) {
            continue;
        }
        let assembly = assemble(workspace, root, &mut cycles, &mut reached)?;
        if is_plan {
            used_by_plans.extend(assembly.files.iter().copied());
        }
        // A syntax error or a limit anywhere leaves only those to report.
        let usable = assembly
            .files
            .iter()
            .all(|&f| workspace.parsed(f).diagnostics.is_empty());
        units.push(Unit {
            files: assembly.files,
            use_problems: assembly.problems,
            is_plan,
            usable,
            incomplete: is_plan && assembly.incomplete,
        });
    }
    Ok(units)
}

/// The model of a unit and what it finds, in parts to be [`joined`]: the language
/// diagnostics, the `use` lines that fail, and for a complete plan the CMI rules.
fn check_unit(
    workspace: &Workspace,
    unit: &Unit,
    mut given: HashMap<FileId, TopLevel>,
    use_problems: Vec<Diagnostic>,
    rules: &RuleSet,
    allowance: memory::Allowance,
) -> (Model, Vec<Vec<Diagnostic>>) {
    let files = unit.files.iter().map(|&f| {
        let blocks = match given.remove(&f) {
            Some(blocks) => Blocks::Given(blocks),
            None => Blocks::Lent(&workspace.parsed(f).syntax.blocks),
        };
        (f, &workspace.sources().get(f).text, blocks)
    });
    let suggestions = Suggestions::for_text(bytes(workspace, &unit.files));
    let (model, found) = schema::build(files, !unit.incomplete, suggestions, allowance);
    let mut parts = if unit.is_plan && !unit.incomplete {
        rules.run(&model)
    } else {
        Vec::new()
    };
    parts.push(found);
    parts.push(use_problems);
    (model, parts)
}

/// The parts one after another, in the largest of them: findings may be many, and
/// the largest part grows in place (a large allocation is remapped, not copied) while
/// each other part is freed once moved. The order of the parts does not matter: the
/// findings are sorted.
fn joined<T>(mut parts: Vec<Vec<T>>) -> Vec<T> {
    let Some(largest) = (0..parts.len()).max_by_key(|&i| parts[i].len()) else {
        return Vec::new();
    };
    let mut all = parts.swap_remove(largest);
    all.reserve_exact(parts.iter().map(Vec::len).sum());
    for part in parts {
        all.extend(part);
    }
    all
}

/// For each unit, the top-level blocks of the files that no other usable unit reads,
/// taken from the workspace: the model built from them drops each block once read,
/// so that a plan's syntax and its model are not held whole at once.
fn give_blocks(workspace: &mut Workspace, units: &[Unit]) -> Vec<HashMap<FileId, TopLevel>> {
    let mut readers: HashMap<FileId, usize> = HashMap::new();
    for &file in units.iter().filter(|u| u.usable).flat_map(|u| &u.files) {
        *readers.entry(file).or_default() += 1;
    }
    units
        .iter()
        .map(|unit| {
            unit.files
                .iter()
                .filter(|&f| unit.usable && readers.get(f) == Some(&1))
                .map(|&f| (f, workspace.take_blocks(f)))
                .collect()
        })
        .collect()
}

/// The diagnostics of the units, each code reported once at a place. A library used
/// by several plans is reported on as the first of them sees it: a later plan adds
/// only what it finds at other places, or of other codes (its "did you mean" may
/// differ).
fn once_each(mut found: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    if found.len() == 1 {
        return found.pop().unwrap_or_default();
    }
    let mut diagnostics = Vec::with_capacity(found.iter().map(Vec::len).sum());
    let mut reported: HashSet<(Location, CodeName)> = HashSet::new();
    for unit_found in found {
        let keys: Vec<_> = unit_found
            .iter()
            .map(|d| (d.location, d.code().clone()))
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
    diagnostics
}

/// The suppressions of every file that is checked as part of a usable unit, in the
/// order of the files.
fn suppressions(workspace: &Workspace, units: &[Unit]) -> Vec<suppression::Suppression> {
    let usable: HashSet<FileId> = files_of(&mut units.iter().filter(|u| u.usable));
    let mut usable: Vec<FileId> = usable.into_iter().collect();
    usable.sort();
    usable
        .iter()
        .flat_map(|&f| {
            suppression::collect(f, workspace.sources().get(f), &workspace.parsed(f).syntax)
        })
        .collect()
}

fn files_of(units: &mut dyn Iterator<Item = &Unit>) -> HashSet<FileId> {
    units.flat_map(|u| u.files.iter().copied()).collect()
}

/// Applies the suppressions of the files checked; the findings they silence.
fn suppress(
    workspace: &Workspace,
    units: &[Unit],
    suppressions: &[suppression::Suppression],
    diagnostics: &mut Vec<Diagnostic>,
    rules: &RuleSet,
) -> Vec<Suppressed> {
    // A library one complete plan uses and an incomplete one too counts as incomplete:
    // its `allow`s may be meant for the plan that could not be checked.
    let incomplete = files_of(&mut units.iter().filter(|u| u.usable && u.incomplete));
    let catalogue = Catalogue::new(rules);
    let text_bytes = |file| workspace.sources().get(file).text.len();
    suppression::apply(
        suppressions,
        diagnostics,
        &catalogue,
        &incomplete,
        text_bytes,
    )
}

/// The bytes of text of some files.
fn bytes(workspace: &Workspace, files: &[FileId]) -> usize {
    files
        .iter()
        .map(|&f| workspace.sources().get(f).text.len())
        .sum()
}

/// Diagnostics, or what holds them, by file, line and column, then code and message,
/// then every other part, so that two that are the same end side by side.
/// Within a file the order of offsets is that of lines and columns, so nothing is
/// computed or copied for the sort, and it takes no room beside the items.
fn sort<T>(sources: &SourceMap, items: &mut [T], diagnostic: impl Fn(&T) -> &Diagnostic) {
    let mut by_name: Vec<usize> = (0..sources.len()).collect();
    by_name.sort_by(|&a, &b| file_name(sources, a).cmp(file_name(sources, b)));
    let mut rank = vec![0; sources.len()];
    for (place, &file) in by_name.iter().enumerate() {
        rank[file] = place;
    }
    items.sort_unstable_by(|a, b| {
        let (a, b) = (diagnostic(a), diagnostic(b));
        let key = |d: &Diagnostic| (rank[d.location.file.0 as usize], d.location.span);
        key(a)
            .cmp(&key(b))
            .then_with(|| a.code().cmp(b.code()))
            .then_with(|| a.message().cmp(&b.message()))
            .then_with(|| a.severity.cmp(&b.severity))
            .then_with(|| a.label().cmp(&b.label()))
            .then_with(|| a.help().cmp(&b.help()))
            .then_with(|| related(a).cmp(related(b)))
    });
}

/// A diagnostic's related places and what it says at each.
fn related(d: &Diagnostic) -> impl Iterator<Item = (Location, &str)> {
    d.secondary().iter().map(|l| (l.location, &*l.message))
}

fn file_name(sources: &SourceMap, index: usize) -> &str {
    &sources.get(FileId(index as u32)).name
}
