//! cmilint: a linter for civil-military interaction (CMI) plans. See ARCHITECTURE.md
//! for the map of the code.

pub mod catalogue;
pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod model;
pub mod report;
pub mod rules;
pub mod schema;
pub mod source;
mod suggest;
pub mod suppression;
pub mod syntax;
pub mod vocabulary;
pub mod workspace;
mod yaml;

/// Hooks for the benchmarks only: parts of the pipeline measured on their own.
#[doc(hidden)]
pub mod bench {
    pub use crate::syntax::{parse, pest_items};
}
