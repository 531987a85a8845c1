//! The files of a run and how they make plans: finding and reading them (`files`),
//! following their `use` lines (`graph`), and checking each plan, and each library no
//! plan uses, exactly once (`pipeline`).

mod files;
mod graph;
mod pipeline;

pub(crate) use files::stdin_read_limit;
pub use files::{Input, RunError};
pub use pipeline::check;
pub(crate) use pipeline::{Progress, Settings, analyse, check_unset, check_with};
