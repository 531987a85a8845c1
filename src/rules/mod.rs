//! The CMI rules: declarative YAML (`rules/*.yaml`, built into the binary, and any
//! `--rules` folder), loaded and compiled once per run and run over each plan's model.

mod compile;
mod engine;
mod file;
mod ir;
mod load;
mod phrases;
mod places;
mod ranges;

pub use ir::{Rule, RuleSet};
pub use load::{BUILT_IN, RuleError};

/// The key of every kind of condition of a rule file.
pub(crate) fn condition_keys() -> Vec<String> {
    file::ConditionDef::keys()
}
