//! The CMI rules: declarative YAML (`rules/*.yaml`, built into the binary, and any
//! `--rules` folder), compiled once per run and run over each plan's model.

mod compile;
mod engine;
mod file;
mod text;

use std::path::Path;

pub use compile::Rule;
use compile::{CompileError, Compiler, Predicate};

use crate::diagnostic::Diagnostic;
use crate::model::Model;
use crate::source::SourceMap;

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
            let file: file::RuleFile =
                serde_yaml::from_str(text).map_err(|e| match e.location() {
                    Some(at) => format!("{name}:{}:{}: {e}", at.line(), at.column()),
                    None => format!("{name}: {e}"),
                })?;
            parsed.push((name, *text, file));
        }
        let mut compiler = Compiler::default();
        for (name, text, file) in &parsed {
            compiler
                .declare_predicates(file)
                .map_err(|e| located(name, text, None, e))?;
        }
        let mut rules: Vec<Rule> = Vec::new();
        for (name, text, file) in parsed {
            let defs = compiler
                .define_predicates(file)
                .map_err(|e| located(name, text, None, e))?;
            for def in defs {
                let code = def.code.clone();
                let rule = compiler
                    .rule(def)
                    .map_err(|e| located(name, text, Some(&code), e))?;
                if let Some(other) = rules
                    .iter()
                    .find(|r| r.code == rule.code || r.name == rule.name)
                {
                    return Err(located(
                        name,
                        text,
                        Some(&code),
                        CompileError {
                            message: format!(
                                "{} {} is already the code or name of {} {}",
                                rule.code, rule.name, other.code, other.name
                            ),
                            near: None,
                        },
                    ));
                }
                rules.push(rule);
            }
        }
        compiler
            .check_predicate_cycles()
            .map_err(|e| format!("rules: {}", e.message))?;
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

/// `file:line:column: message`, the place found from the text the error is about
/// (searched for after the rule's code, when there is one).
fn located(name: &str, text: &str, code: Option<&str>, error: CompileError) -> String {
    let from = code
        .and_then(|c| text.find(&format!("code: {c}")))
        .unwrap_or(0);
    let at = error
        .near
        .as_deref()
        .and_then(|near| text[from..].find(near).map(|i| from + i))
        .unwrap_or(from);
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    format!("{name}:{line}:{column}: {}", error.message)
}
