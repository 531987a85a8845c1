//! Writing a check's findings: for people (`human`, `short`), for machines (`json`)
//! and for CI services (`sarif`, `github`, `gitlab`, `junit`). The writers for people,
//! `json` and `github` end with the summary: how many errors, warnings and infos in
//! how many files.

mod excerpt;
mod fingerprint;
mod github;
mod gitlab;
mod human;
mod json;
mod junit;
mod sarif;
mod short;
mod streamed;
mod summary;

pub use github::write as write_github;
pub use gitlab::write as write_gitlab;
pub(crate) use human::as_human;
pub use human::write as write_human;
pub use json::write as write_json;
pub use junit::write as write_junit;
pub use sarif::write as write_sarif;
pub use short::write as write_short;
