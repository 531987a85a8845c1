//! The reviewer's view (`cmilint report`): one self-contained HTML page that shows a
//! plan to those who approve it without reading `.cmi` files. `picture` gathers what
//! the page shows from the models and findings the check already has (the plan is
//! not read again); `map` lays out and draws the actor map; `page` writes the page,
//! with the picture as JSON inside it for other tools.

mod coverage;
mod map;
mod page;
mod picture;
mod reading;
mod timeline;

use std::io::{self, Write};

use crate::diagnostic::Findings;
use crate::model::Model;
use crate::rules::RuleSet;

/// Writes the page of a run: its findings, and the models of its plans.
pub(crate) fn write(
    out: &mut dyn Write,
    findings: &Findings,
    models: &[Model],
    rules: &RuleSet,
) -> io::Result<()> {
    let picture = picture::picture(findings, models, rules);
    out.write_all(page::page(&picture).into_string().as_bytes())
}
