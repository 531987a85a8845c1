//! The CMI rules: declarative YAML (`rules/*.yaml`, built into the binary, and any
//! `--rules` folder), compiled once per run and run over each plan's model.

mod compile;
mod engine;
mod file;
mod places;
mod text;

use std::path::Path;

pub use compile::Rule;
use compile::{CompileError, Compiler, Predicate};

use crate::catalogue;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::yaml;

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

/// The compiled rules of a run.
#[derive(Debug)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    predicates: Vec<Option<Predicate>>,
    exists_count: usize,
    found_in_count: usize,
    quantifier_count: usize,
}

impl RuleSet {
    /// The built-in rules and those of the files given (name, text).
    pub fn load(extra: &[(String, String)]) -> Result<RuleSet, String> {
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
            declared_in.resize(compiler.predicates.len(), (name.as_str(), *text));
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
                let rule = compiler.rule(def).map_err(in_file)?;
                let taken = catalogue::own_codes()
                    .chain(rules.iter().map(|r| (r.code.as_str(), r.name.as_str())))
                    .find(|&(code, name)| code == rule.code || name == rule.name);
                if let Some((code, other)) = taken {
                    let (key, near) = if code == rule.code {
                        ("code", &rule.code)
                    } else {
                        ("name", &rule.name)
                    };
                    let message = format!(
                        "{} {} is already the code or name of {code} {other}; give the rule \
                         a code and a name of its own",
                        rule.code, rule.name
                    );
                    return Err(in_file(
                        CompileError::new(message, near.as_str()).within(key),
                    ));
                }
                rules.push(rule);
                defined_in.push((name.as_str(), text, index));
            }
        }
        weigh(&compiler, &declared_in, &rules, &defined_in)?;
        Ok(RuleSet {
            rules,
            exists_count: compiler.exists_count(),
            found_in_count: compiler.found_in_count(),
            quantifier_count: compiler.quantifier_count(),
            predicates: compiler.predicates,
        })
    }

    /// Reads every `*.yaml` and `*.yml` file of a folder, in name order.
    pub fn read_folder(folder: &Path) -> Result<Vec<(String, String)>, String> {
        let entries = std::fs::read_dir(folder)
            .map_err(|e| format!("cannot read the rules folder {}: {e}", folder.display()))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml") && p.is_file())
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let name = p.display().to_string();
                let bytes = std::fs::read(&p).map_err(|e| format!("cannot read {name}: {e}"))?;
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

    /// Keeps only the rules for which `keep` holds.
    pub fn retain(&mut self, keep: impl Fn(&Rule) -> bool) {
        self.rules.retain(|r| keep(r));
    }

    /// The rule with this code or name.
    pub fn find(&self, code_or_name: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.code == code_or_name || r.name == code_or_name)
    }

    /// The terms (named predicates) a rule uses, with their descriptions, directly or
    /// through other predicates.
    pub fn terms(&self, rule: &Rule) -> Vec<(&str, &str)> {
        let mut pending = Vec::new();
        rule.conditions().for_each(|c| c.predicates(&mut pending));
        let mut seen: Vec<usize> = Vec::new();
        while let Some(p) = pending.pop() {
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            if let Some(predicate) = &self.predicates[p] {
                predicate.condition.predicates(&mut pending);
            }
        }
        seen.sort();
        seen.iter()
            .filter_map(|&p| self.predicates[p].as_ref())
            .map(|p| (p.name.as_str(), p.description.as_str()))
            .collect()
    }

    /// Runs every rule over the model of a plan.
    pub fn check(&self, model: &Model) -> Vec<Diagnostic> {
        engine::Engine::new(self, model).run()
    }
}

/// Refuses a predicate that uses itself, and a predicate or rule that stands for more
/// than [`compile::MAX_WEIGHT`] conditions once its predicates are written out.
/// `declared_in` gives the file (name, text) of each predicate, `defined_in` the file and
/// position of each rule.
fn weigh(
    compiler: &Compiler,
    declared_in: &[(&str, &str)],
    rules: &[Rule],
    defined_in: &[(&str, &str, usize)],
) -> Result<(), String> {
    let at_predicate = |index: usize, message: &dyn Fn(&str) -> String| {
        let (name, text) = declared_in[index];
        let predicate = &compiler.predicates[index].as_ref().expect("defined").name;
        located(
            name,
            text,
            CompileError::new(message(predicate), predicate.as_str())
                .within(predicate.as_str())
                .within("predicates"),
        )
    };
    let weights = compiler.predicate_weights().map_err(|index| {
        at_predicate(index, &|predicate| {
            format!(
                "the predicate `{predicate}` uses itself, directly or through other \
                 predicates; a predicate must stop somewhere"
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
            too_heavy(&format!("the predicate `{predicate}`"))
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
fn located(name: &str, text: &str, error: CompileError) -> String {
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
    yaml::error_at(name, text, at, &error.message)
}
