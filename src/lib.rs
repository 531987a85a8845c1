//! cmilint: a linter for civil-military interaction (CMI) plans. ARCHITECTURE.md is
//! the map of the code.
//!
//! The library is what the command line is made of: [`check`] reads plans and checks
//! them with a [`RuleSet`], giving [`Findings`]; the [`report`] module writes them;
//! the [`Catalogue`] lists and explains every code; [`main`] is the command line.

mod catalogue;
mod cli;
mod codes;
mod config;
mod confined;
mod diagnostic;
mod model;
pub mod report;
mod rules;
mod schema;
mod source;
mod suggest;
mod suppression;
mod syntax;
mod visible;
mod vocabulary;
mod workspace;
mod yaml;

pub use catalogue::{Catalogue, UnknownCode};
pub use cli::main;
pub use config::ConfigError;
pub use diagnostic::{Diagnostic, Findings, Label, Location, Severity};
pub use rules::{BUILT_IN, Rule, RuleError, RuleSet};
pub use source::{FileId, LineCol, SourceFile, SourceMap, Span};
pub use workspace::{Input, RunError, check};
pub use yaml::YamlError;

/// Hooks for the project's benchmarks and tests, not part of the library's interface:
/// parts of the pipeline measured on their own, and facts of the vocabulary that tests
/// generate plans from.
#[doc(hidden)]
pub mod hooks {
    pub use crate::config::MAX_NESTING_DEPTH;
    pub use crate::syntax::pest_items;

    /// cmilint's parse of a file, as a check does it (the scan, pest item by item, the
    /// syntax tree; a large file in stretches, in parallel), at the default depth
    /// limit: what it built, to be dropped by the caller.
    pub fn parse(text: &str) -> impl Sized {
        let depth = crate::config::Limits::default().nesting_depth;
        crate::syntax::parse(crate::FileId(0), text, depth)
    }

    /// The keyword of every kind of block.
    pub fn block_keywords() -> Vec<&'static str> {
        crate::vocabulary::BLOCKS
            .iter()
            .map(|b| b.keyword)
            .collect()
    }

    /// The bad and the good example of each of cmilint's own codes, as `(code, bad,
    /// good)`.
    pub fn own_code_examples() -> Vec<(&'static str, &'static str, &'static str)> {
        let codes = crate::codes::own_codes();
        codes
            .map(|c| (c.code, c.documentation.bad, c.documentation.good))
            .collect()
    }

    /// The name of every field of every kind of block.
    pub fn field_names() -> Vec<&'static str> {
        let blocks = crate::vocabulary::BLOCKS.iter();
        blocks
            .flat_map(|b| b.fields.iter().map(|f| f.name))
            .collect()
    }
}
