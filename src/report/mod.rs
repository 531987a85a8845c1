//! Writing a check's findings: for people (`human`, `short`) and for machines
//! (`json`). Each writer ends with the summary: how many errors, warnings and infos
//! in how many files.

mod excerpt;
mod human;
mod json;
mod short;
mod summary;

pub use human::write as write_human;
pub use json::write as write_json;
pub use short::write as write_short;
