//! What the plan covers, as data and as tables: the eight CMI subjects (addressed by
//! what, not applicable and why, or missing), a PMESII × ASCOPE grid of what the
//! assessments cover and by which assessment, and each non-military actor with the
//! assessments, engagements and information-sharing arrangements that name it (the
//! picture of CMI101, CMI104 and CMI308 in one table).

use std::collections::HashMap;

use maud::{Markup, html};
use serde::Serialize;

use super::reading::Reading;
use crate::model::BlockId;
use crate::vocabulary::{BlockKind, CMI_SUBJECTS, Type};

#[derive(Serialize)]
pub(super) struct Coverage {
    pub subjects: Vec<Subject>,
    pub domains: &'static [&'static str],
    pub factors: &'static [&'static str],
    /// For each domain and factor, the identifiers of the assessments that cover both.
    pub grid: Vec<Vec<Vec<String>>>,
    pub actors: Vec<ActorCover>,
}

#[derive(Serialize)]
pub(super) struct Subject {
    pub name: &'static str,
    /// What addresses it (activities and objectives), if anything.
    pub addressed_by: Vec<String>,
    /// Why it does not apply, if the plan says so.
    pub not_applicable: Option<String>,
    /// Its `subject` block, if the plan has one.
    pub anchor: Option<String>,
}

#[derive(Serialize)]
pub(super) struct ActorCover {
    pub id: String,
    pub name: String,
    pub kind: Option<String>,
    pub anchor: String,
    pub findings: Vec<String>,
    pub assessed_by: Vec<String>,
    pub engaged_by: Vec<String>,
    pub shares: Vec<String>,
}

/// The names of the blocks of a kind whose `field` names each block, in the order
/// written: one pass over the blocks, not one for each block named.
fn named_by(reading: &Reading<'_>, kind: BlockKind, field: &str) -> HashMap<BlockId, Vec<String>> {
    let mut named: HashMap<BlockId, Vec<String>> = HashMap::new();
    for &block in reading.members(kind) {
        let mut targets = reading.targets(block, field);
        targets.sort_unstable();
        targets.dedup();
        for target in targets {
            named.entry(target).or_default().push(reading.name(block));
        }
    }
    named
}

/// The words an assessment's field takes, from the vocabulary.
fn words_of(field: &str) -> &'static [&'static str] {
    match BlockKind::Assessment.spec().field(field).map(|f| f.ty) {
        Some(Type::Enum(words)) => words,
        _ => &[],
    }
}

pub(super) fn of(reading: &Reading<'_>) -> Coverage {
    let subjects = CMI_SUBJECTS
        .iter()
        .map(|&name| {
            let block = reading
                .members(BlockKind::Subject)
                .iter()
                .copied()
                .find(|&b| reading.id(b) == name);
            Subject {
                name,
                addressed_by: block.map_or_else(Vec::new, |b| {
                    let targets = reading.targets(b, "addressed-by");
                    targets.into_iter().map(|t| reading.name(t)).collect()
                }),
                not_applicable: block.and_then(|b| reading.word(b, "not-applicable")),
                anchor: block.map(|b| reading.anchor(b)),
            }
        })
        .collect();
    let (domains, factors) = (words_of("pmesii"), words_of("ascope"));
    let assessments = reading.members(BlockKind::Assessment);
    let grid = domains
        .iter()
        .map(|domain| {
            factors
                .iter()
                .map(|factor| {
                    assessments
                        .iter()
                        .filter(|&&a| {
                            reading.words(a, "pmesii").iter().any(|d| d == domain)
                                && reading.words(a, "ascope").iter().any(|f| f == factor)
                        })
                        .map(|&a| reading.id(a))
                        .collect()
                })
                .collect()
        })
        .collect();
    let assessed = named_by(reading, BlockKind::Assessment, "actors");
    let engaged = named_by(reading, BlockKind::Engagement, "with");
    let shares = named_by(reading, BlockKind::Share, "with");
    let of = |names: &HashMap<BlockId, Vec<String>>, actor| {
        names.get(&actor).cloned().unwrap_or_default()
    };
    let actors = reading
        .members(BlockKind::Actor)
        .iter()
        .filter(|&&a| reading.word(a, "kind").as_deref() != Some("military"))
        .map(|&a| ActorCover {
            id: reading.id(a),
            name: reading.name(a),
            kind: reading.word(a, "kind"),
            anchor: reading.anchor(a),
            findings: reading.findings(a),
            assessed_by: of(&assessed, a),
            engaged_by: of(&engaged, a),
            shares: of(&shares, a),
        })
        .collect();
    Coverage {
        subjects,
        domains,
        factors,
        grid,
        actors,
    }
}

pub(super) fn draw(coverage: &Coverage) -> Markup {
    html! {
        h4 { "CMI subjects" }
        table class="subjects" {
            thead { tr { th { "Subject" } th { "State" } th { "How" } } }
            tbody {
                @for subject in &coverage.subjects {
                    @let (state, class) = match (&subject.addressed_by[..], &subject.not_applicable) {
                        ([], None) => ("missing", "missing"),
                        ([], Some(_)) => ("not applicable", "not-applicable"),
                        _ => ("addressed", "addressed"),
                    };
                    tr class=(class) {
                        th scope="row" {
                            @match &subject.anchor {
                                Some(anchor) => a href=(format!("#{anchor}")) { (subject.name) },
                                None => (subject.name),
                            }
                        }
                        td { (state) }
                        td {
                            @if !subject.addressed_by.is_empty() { (subject.addressed_by.join(", ")) }
                            @if let Some(reason) = &subject.not_applicable { (reason) }
                        }
                    }
                }
            }
        }
        h4 { "PMESII × ASCOPE: what the assessments cover" }
        table class="grid" {
            thead { tr { th {} @for factor in coverage.factors { th scope="col" { (factor) } } } }
            tbody {
                @for (domain, row) in coverage.domains.iter().zip(&coverage.grid) {
                    tr {
                        th scope="row" { (domain) }
                        @for cell in row {
                            @if cell.is_empty() {
                                td class="gap" { "—" }
                            } @else {
                                td class="covered" { (cell.join(", ")) }
                            }
                        }
                    }
                }
            }
        }
        h4 { "Non-military actors: assessed, engaged, sharing" }
        @if coverage.actors.is_empty() {
            p { "The plan names no non-military actor." }
        } @else {
            table class="actors" {
                thead { tr { th { "Actor" } th { "Kind" } th { "Assessed by" } th { "Engaged by" } th { "Shares" } th { "Findings" } } }
                tbody {
                    @for actor in &coverage.actors {
                        tr {
                            th scope="row" { a href=(format!("#{}", actor.anchor)) { (actor.name) } " " span class="file" { (actor.id) } }
                            td { (actor.kind.as_deref().unwrap_or("—")) }
                            (listed(&actor.assessed_by))
                            (listed(&actor.engaged_by))
                            (listed(&actor.shares))
                            td { @if actor.findings.is_empty() { "—" } @else { a href=(format!("#{}", actor.anchor)) { (actor.findings.len()) } } }
                        }
                    }
                }
            }
        }
    }
}

/// A cell of names, or a gap.
fn listed(names: &[String]) -> Markup {
    html! {
        @if names.is_empty() { td class="gap" { "none" } } @else { td { (names.join(", ")) } }
    }
}
