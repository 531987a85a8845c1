//! The CMI rules: declarative YAML (`rules/*.yaml`, built into the binary, and any
//! `--rules` folder), compiled once per run and run over each plan's model.

mod compile;
mod engine;
mod file;
mod text;

use std::path::Path;

pub use compile::Rule;
use compile::{CompileError, Compiler, Predicate};

use crate::catalogue;
use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::SourceMap;
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
                .map_err(|e| located(name, text, Within::File, e))?;
            declared_in.resize(compiler.predicates.len(), (*name, *text));
        }
        let mut rules: Vec<Rule> = Vec::new();
        for (name, text, file) in parsed {
            for (predicate, def) in file.predicates {
                let within = Within::Predicate(predicate.clone());
                compiler
                    .define_predicate(predicate, def)
                    .map_err(|e| located(name, text, within, e))?;
            }
            for def in file.rules {
                let within = Within::Rule(def.code.clone());
                let rule = compiler
                    .rule(def)
                    .map_err(|e| located(name, text, within.clone(), e))?;
                let taken = catalogue::own_codes()
                    .chain(rules.iter().map(|r| (r.code.as_str(), r.name.as_str())))
                    .find(|&(code, name)| code == rule.code || name == rule.name);
                if let Some((code, other)) = taken {
                    return Err(located(
                        name,
                        text,
                        within,
                        CompileError {
                            message: format!(
                                "{} {} is already the code or name of {code} {other}; \
                                 give the rule a code and a name of its own",
                                rule.code, rule.name
                            ),
                            near: (code != rule.code).then(|| format!("name: {}", rule.name)),
                        },
                    ));
                }
                rules.push(rule);
            }
        }
        if let Some(index) = compiler.predicate_in_cycle() {
            let (name, text) = declared_in[index];
            let predicate = compiler.predicates[index].as_ref().expect("defined");
            return Err(located(
                name,
                text,
                Within::Predicate(predicate.name.clone()),
                CompileError {
                    message: format!(
                        "the predicate `{}` uses itself, directly or through other \
                         predicates; a predicate must stop somewhere",
                        predicate.name
                    ),
                    near: None,
                },
            ));
        }
        Ok(RuleSet {
            rules,
            exists_count: compiler.exists_count(),
            found_in_count: compiler.found_in_count(),
            predicates: compiler.predicates,
        })
    }

    /// Reads every `*.yaml` file of a folder, in name order.
    pub fn read_folder(folder: &Path) -> Result<Vec<(String, String)>, String> {
        let entries = std::fs::read_dir(folder)
            .map_err(|e| format!("cannot read the rules folder {}: {e}", folder.display()))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect();
        paths.sort();
        paths
            .into_iter()
            .map(|p| {
                let text = std::fs::read_to_string(&p)
                    .map_err(|e| format!("cannot read {}: {e}", p.display()))?;
                Ok((p.display().to_string(), text))
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
    pub fn check(&self, model: &Model, sources: &SourceMap) -> Vec<Diagnostic> {
        engine::Engine::new(self, model, sources).run()
    }
}

/// Where in a rule file an error is looked for.
#[derive(Clone)]
enum Within {
    File,
    /// The rule with this code.
    Rule(String),
    /// The definition of the predicate with this name.
    Predicate(String),
}

/// `file:line:column: message`, the place found from the text the error is about,
/// searched for from the start of the rule or predicate it is in.
fn located(name: &str, text: &str, within: Within, error: CompileError) -> String {
    let from = match within {
        Within::File => None,
        Within::Rule(code) => text.find(&format!("code: {code}")),
        Within::Predicate(predicate) => definition(text, &predicate),
    }
    .unwrap_or(0);
    let at = error
        .near
        .as_deref()
        .and_then(|near| text[from..].find(near).map(|i| from + i))
        .unwrap_or(from);
    yaml::error_at(name, text, at, &error.message)
}

/// Where the key `predicate:` opens a line of the `predicates` map (the lines indented
/// as its first key).
fn definition(text: &str, predicate: &str) -> Option<usize> {
    let map = text.find("\npredicates:").map_or(0, |i| i + 1);
    let mut offset = text[map..].find('\n').map_or(text.len(), |i| map + i + 1);
    let key = format!("{predicate}:");
    let mut keys_indent = None;
    text[offset..].split_inclusive('\n').find_map(|line| {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let start = offset + indent;
        offset += line.len();
        let content = &line[indent..];
        if content.trim().is_empty() || content.starts_with('#') {
            return None;
        }
        (*keys_indent.get_or_insert(indent) == indent && content.starts_with(&key)).then_some(start)
    })
}
