//! cmilint: a linter for civil-military interaction (CMI) plans. ARCHITECTURE.md is
//! the map of the code.
//!
//! The library is what the command line is made of: [`check`] reads plans and checks
//! them with a [`RuleSet`], giving [`Findings`]; the [`report`] module writes them;
//! the [`Catalogue`] lists and explains every code; [`failing_examples`] and
//! [`mismatches`] test rules by their examples and by marked plans; [`main`] is the
//! command line.

// The grammar's parser, derived by pest without `std` (Cargo.toml says why), names
// `::alloc`.
extern crate alloc;

mod baseline;
mod catalogue;
mod cli;
mod codes;
mod config;
mod confined;
mod diagnostic;
mod examples;
mod lsp;
mod marked;
mod memory;
mod model;
pub mod report;
mod review;
mod rules;
mod schema;
mod settings;
mod source;
mod suggest;
mod suppression;
mod syntax;
mod uri;
mod visible;
mod vocabulary;
mod workspace;
mod yaml;

pub use baseline::BaselineError;
pub use catalogue::{Catalogue, UnknownCode};
pub use cli::main;
pub use config::ConfigError;
pub use diagnostic::{
    CodeName, Diagnostic, Findings, Label, Location, Severity, Silencer, StaleEntry, Suppressed,
};
pub use examples::{Example, ExampleFailure, Found, failing_examples};
pub use marked::{Mismatch, marker_codes, mismatches};
pub use rules::{BUILT_IN, Rule, RuleError, RuleSet};
pub use source::{FileId, LineCol, SourceFile, SourceMap, Span};
pub use workspace::{Input, RunError, check};
pub use yaml::YamlError;

/// Hooks for the project's benchmarks, tests and fuzz targets, not part of the
/// library's interface.
#[doc(hidden)]
pub mod hooks;
