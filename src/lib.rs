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
