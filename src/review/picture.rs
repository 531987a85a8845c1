//! What the reviewer's page shows, as data: the state of the run and its findings
//! counted by severity and by group of rules; for each plan its summary, its actors,
//! its coordination structures and the links between them; every finding with its
//! place, the block it stands in and its excerpt; the findings silenced, and why. The
//! page draws it, and carries it as JSON for other tools to draw their own.

use std::collections::HashMap;

use serde::Serialize;

use super::coverage::{self, Coverage};
use super::reading::{BlockRef, Reading};
use super::timeline::{self, Timeline};
use crate::codes::LanguageCode;
use crate::diagnostic::{Diagnostic, Findings, Severity, Silencer};
use crate::model::{BlockId, Model};
use crate::report::as_human;
use crate::rules::RuleSet;
use crate::source::{FileId, SourceMap};
use crate::vocabulary::BlockKind;

/// The groups of rules a reviewer asks about, by the built-in rule file they come
/// from, in the order the page lists them; the plan language first, organisation
/// rules last.
const GROUPS: &[(&str, &str)] = &[
    ("", "Plan language"),
    ("rules/principles.yaml", "CMI principles"),
    ("rules/dos.yaml", "CMI Do's"),
    ("rules/donts.yaml", "CMI Don'ts"),
    ("rules/coverage.yaml", "Assessment and coverage"),
    ("rules/humanitarian.yaml", "Humanitarian coordination"),
];
const ORGANISATION: &str = "Organisation rules";

/// The kinds of actor and the lane of the actor map of each, in the order the map
/// draws them.
const LANES: &[(&str, &str)] = &[
    ("military", "Military"),
    ("international-organization", "International organisations"),
    ("red-cross-movement", "Red Cross / Red Crescent"),
    ("ngo", "NGOs"),
    ("government", "Government"),
    ("local-authority", "Local authorities"),
    ("civil-society", "Civil society"),
    ("private-sector", "Private sector"),
];
/// The lane of an actor whose kind is missing or invalid.
const UNKNOWN_KIND: &str = "Kind not given";

/// The lanes of the actor map, in order.
pub(super) fn lanes() -> impl Iterator<Item = &'static str> {
    LANES.iter().map(|&(_, lane)| lane).chain([UNKNOWN_KIND])
}

#[derive(Serialize)]
pub(super) struct Picture {
    /// Whether every plan was read and checked whole: a plan with a syntax error, or
    /// one that misses a file it uses, is drawn from what could be read.
    pub complete: bool,
    pub counts: Counts,
    pub plans: Vec<Plan>,
    pub findings: Vec<Finding>,
    pub suppressed: Vec<Silenced>,
}

#[derive(Serialize, Default, Clone, Copy)]
pub(super) struct Tally {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
}

impl Tally {
    fn add(&mut self, severity: Severity) {
        match severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
    }
}

#[derive(Serialize)]
pub(super) struct Counts {
    pub all: Tally,
    pub by_group: Vec<(&'static str, Tally)>,
}

/// A plan: what its `plan` block says, and who and what it names.
#[derive(Serialize)]
pub(super) struct Plan {
    pub file: String,
    pub title: Option<String>,
    pub operation: Option<String>,
    pub level: Option<String>,
    pub mission: Option<String>,
    pub area: Option<String>,
    pub period: Option<String>,
    /// The actor that leads: its name and identifier.
    pub lead: Option<String>,
    pub actors: Vec<Actor>,
    pub structures: Vec<Structure>,
    pub links: Vec<Link>,
    pub timeline: Timeline,
    pub coverage: Coverage,
}

#[derive(Serialize)]
pub(super) struct Actor {
    pub id: String,
    pub name: String,
    /// Its kind as written, if it gives a valid one.
    pub kind: Option<String>,
    /// The lane of the map it stands in.
    pub lane: &'static str,
    /// Its `engagement-policy`, if it gives one.
    pub policy: Option<String>,
    /// The anchor of its block among the findings.
    pub anchor: String,
    /// The ids of the findings in its block.
    pub findings: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct Structure {
    pub id: String,
    pub name: String,
    pub anchor: String,
    pub findings: Vec<String>,
}

/// What a link between two nodes of the map stands for.
#[derive(Serialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "kebab-case")]
pub(super) enum LinkKind {
    /// An engagement, from the actor that engages to the actor engaged.
    Engagement,
    /// An information-sharing arrangement, from the plan's lead to the actor.
    Share,
    /// A member of a coordination structure.
    Member,
    /// An activity, from its owner to a partner.
    Partner,
}

impl LinkKind {
    pub(super) const ALL: [LinkKind; 4] = [
        LinkKind::Engagement,
        LinkKind::Share,
        LinkKind::Member,
        LinkKind::Partner,
    ];

    /// Its name in the page's styles and in the JSON.
    pub(super) fn class(self) -> &'static str {
        match self {
            LinkKind::Engagement => "engagement",
            LinkKind::Share => "share",
            LinkKind::Member => "member",
            LinkKind::Partner => "partner",
        }
    }

    /// What it stands for, in the legend and the table of links.
    pub(super) fn meaning(self) -> &'static str {
        match self {
            LinkKind::Engagement => "engagement",
            LinkKind::Share => "information shared",
            LinkKind::Member => "member of a structure",
            LinkKind::Partner => "activity: owner to partner",
        }
    }
}

#[derive(Serialize)]
pub(super) struct Link {
    pub kind: LinkKind,
    /// The id of an actor.
    pub from: String,
    /// The id of an actor, or of a structure for a member.
    pub to: String,
    /// What the link says: how often, at what level, what is given and received.
    pub label: String,
    /// The structure it goes through, if any.
    pub via: Option<String>,
    /// The anchor of the block that makes the link.
    pub anchor: String,
}

#[derive(Serialize)]
pub(super) struct Finding {
    /// `F1`, `F2`, … in the order of the findings: stable for the same plans.
    pub id: String,
    pub code: String,
    pub name: String,
    pub severity: Severity,
    pub group: &'static str,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The block it stands in, if it stands in one.
    pub block: Option<BlockRef>,
    /// The finding as `cmilint check` shows it, with the lines of the plan.
    pub excerpt: String,
}

#[derive(Serialize)]
pub(super) struct Silenced {
    pub finding: Finding,
    /// Why it is silenced: the reason of its suppression comment, or the baseline.
    pub reason: String,
}

/// The picture of a run, from what the check found and the models it built.
pub(super) fn picture(findings: &Findings, models: &[Model], rules: &RuleSet) -> Picture {
    let groups: HashMap<&str, &'static str> = rules
        .rules()
        .iter()
        .map(|rule| (&*rule.code, group_of_file(&rule.file)))
        .collect();
    let places = Places::new(models);
    let mut counts = Counts {
        all: Tally::default(),
        by_group: GROUPS
            .iter()
            .map(|&(_, group)| group)
            .chain([ORGANISATION])
            .map(|group| (group, Tally::default()))
            .collect(),
    };
    let made = |diagnostic: &Diagnostic, number: usize| {
        let group = groups
            .get(&**diagnostic.code())
            .copied()
            .unwrap_or(GROUPS[0].1);
        finding(&findings.sources, &places, diagnostic, number, group)
    };
    let listed: Vec<Finding> = findings
        .diagnostics
        .iter()
        .enumerate()
        .map(|(i, d)| made(d, i + 1))
        .collect();
    let suppressed = findings
        .suppressed
        .iter()
        .enumerate()
        .map(|(i, s)| Silenced {
            finding: made(&s.diagnostic, listed.len() + i + 1),
            reason: match &s.by {
                Silencer::Comment { reason, .. } => reason
                    .clone()
                    .unwrap_or_else(|| "a suppression comment that gives no reason".into()),
                Silencer::Baseline { file } => format!("recorded in the baseline {file}"),
            },
        })
        .collect();
    for finding in &listed {
        counts.all.add(finding.severity);
        if let Some((_, tally)) = counts
            .by_group
            .iter_mut()
            .find(|(g, _)| *g == finding.group)
        {
            tally.add(finding.severity);
        }
    }
    let mut by_anchor: HashMap<&str, Vec<String>> = HashMap::new();
    for finding in &listed {
        if let Some(block) = &finding.block {
            by_anchor
                .entry(&block.anchor)
                .or_default()
                .push(finding.id.clone());
        }
    }
    let plans = models
        .iter()
        .enumerate()
        .filter(|(_, m)| m.plan.is_some())
        .map(|(i, model)| {
            let reading = Reading {
                model,
                blocks: &places.blocks[i],
                findings: &by_anchor,
            };
            plan(&findings.sources, &reading)
        })
        .collect();
    let complete = findings.diagnostics.iter().all(|d| !stops_the_picture(d));
    Picture {
        complete,
        counts,
        plans,
        findings: listed,
        suppressed,
    }
}

/// Whether a finding means that a plan could not be read whole: a syntax error, a
/// limit, a file that a plan uses and that is missing.
fn stops_the_picture(diagnostic: &Diagnostic) -> bool {
    let partial = [
        LanguageCode::SyntaxError,
        LanguageCode::LimitExceeded,
        LanguageCode::UseNotFound,
    ];
    partial
        .iter()
        .any(|c| **diagnostic.code() == *c.info().code)
}

fn group_of_file(file: &str) -> &'static str {
    GROUPS
        .iter()
        .find(|(f, _)| *f == file)
        .map_or(ORGANISATION, |&(_, group)| group)
}

fn finding(
    sources: &SourceMap,
    places: &Places,
    diagnostic: &Diagnostic,
    number: usize,
    group: &'static str,
) -> Finding {
    let at = diagnostic.location;
    let file = sources.get(at.file);
    let place = file.line_col(at.span.start());
    Finding {
        id: format!("F{number}"),
        code: diagnostic.code().to_string(),
        name: diagnostic.code().name().to_owned(),
        severity: diagnostic.severity,
        group,
        message: diagnostic.message().into_owned(),
        file: file.name.clone(),
        line: place.line,
        column: place.column,
        block: places.block_at(at.file, at.span.start()),
        excerpt: as_human(sources, diagnostic),
    }
}

/// Where the blocks of the models are written, to find the block a finding stands
/// in, and the anchor of each block on the page.
struct Places {
    /// For each file, the blocks written in it, ordered by where they start.
    by_file: HashMap<FileId, Vec<Placed>>,
    /// For each model, the anchor and the name of each of its blocks.
    blocks: Vec<Vec<BlockRef>>,
}

/// A block where it is written: its extent, the model it is of, and whether it stands
/// at the top level of its file.
struct Placed {
    start: usize,
    end: usize,
    model: usize,
    block: BlockId,
    top_level: bool,
}

impl Places {
    fn new(models: &[Model]) -> Places {
        let mut by_file: HashMap<FileId, Vec<Placed>> = HashMap::new();
        let mut taken: HashMap<String, usize> = HashMap::new();
        let mut blocks = Vec::with_capacity(models.len());
        // A file that several plans use is placed by the first of them.
        let mut placed_by: HashMap<FileId, usize> = HashMap::new();
        for (m, model) in models.iter().enumerate() {
            for &file in &model.files {
                placed_by.entry(file).or_insert(m);
            }
        }
        for (m, model) in models.iter().enumerate() {
            let mut of_model = Vec::with_capacity(model.blocks.len());
            for (b, block) in model.blocks.iter().enumerate() {
                let id = BlockId(b as u32);
                if placed_by.get(&block.file) == Some(&m) {
                    let extent = model.extent(id);
                    by_file.entry(block.file).or_default().push(Placed {
                        start: extent.start(),
                        end: extent.end(),
                        model: m,
                        block: id,
                        top_level: block.parent.is_none(),
                    });
                }
                of_model.push(BlockRef {
                    anchor: anchor(model, id, &mut taken),
                    name: heading(model, id),
                });
            }
            blocks.push(of_model);
        }
        for placed in by_file.values_mut() {
            placed.sort_by_key(|p| p.start);
        }
        Places { by_file, blocks }
    }

    /// The innermost block written around `offset` of `file`, if any.
    fn block_at(&self, file: FileId, offset: usize) -> Option<BlockRef> {
        let blocks = self.by_file.get(&file)?;
        let before = blocks.partition_point(|p| p.start <= offset);
        // Blocks nest: the innermost around the offset is the last that starts before
        // it and ends after it. Looking back stops at the first top-level block: the
        // blocks before it end before it starts.
        blocks[..before]
            .iter()
            .rev()
            .find(|p| p.top_level || offset <= p.end)
            .filter(|p| offset <= p.end)
            .map(|p| self.blocks[p.model][p.block.0 as usize].clone())
    }
}

/// How the page heads the findings of a block: `actor unhcr: UN Refugee Agency`,
/// `transition of activity water-trucking`, `plan: River Shield`.
fn heading(model: &Model, id: BlockId) -> String {
    let block = model.block(id);
    let named = match (&block.id, block.parent) {
        (Some(name), _) => format!("{} {}", block.kind, &**name),
        (None, Some(parent)) => format!("{} of {}", block.kind, heading(model, parent)),
        (None, None) => block.kind.to_string(),
    };
    match &block.title {
        Some(title) => format!("{named}: {}", crate::visible::line(title.value())),
        None => named,
    }
}

/// The anchor of a block: its kind and identifier (`actor-unhcr`), or the anchor of
/// its parent and its kind (`activity-water-trucking-transition`); a second block of
/// the same anchor gets `-2`, and so on.
fn anchor(model: &Model, id: BlockId, taken: &mut HashMap<String, usize>) -> String {
    let block = model.block(id);
    let base = match (&block.id, block.parent) {
        (Some(name), _) => format!("{}-{}", block.kind, &**name),
        (None, Some(parent)) => {
            let parent = model.block(parent);
            format!("{}-{}-{}", parent.kind, parent.id(), block.kind)
        }
        (None, None) => block.kind.to_string(),
    };
    let seen = taken.entry(base.clone()).or_insert(0);
    *seen += 1;
    match *seen {
        1 => base,
        n => format!("{base}-{n}"),
    }
}

fn plan(sources: &SourceMap, reading: &Reading<'_>) -> Plan {
    let root = reading.model.plan.expect("a plan's model has a plan block");
    let actors = reading
        .members(BlockKind::Actor)
        .iter()
        .map(|&id| {
            let kind = reading.word(id, "kind");
            let lane = kind
                .as_deref()
                .and_then(|k| LANES.iter().find(|(w, _)| *w == k))
                .map_or(UNKNOWN_KIND, |&(_, lane)| lane);
            Actor {
                id: reading.id(id),
                name: reading.name(id),
                kind,
                lane,
                policy: reading.word(id, "engagement-policy"),
                anchor: reading.anchor(id),
                findings: reading.findings(id),
            }
        })
        .collect();
    let structures = reading
        .members(BlockKind::Structure)
        .iter()
        .map(|&id| Structure {
            id: reading.id(id),
            name: reading.name(id),
            anchor: reading.anchor(id),
            findings: reading.findings(id),
        })
        .collect();
    let lead = reading.targets(root, "lead").first().copied();
    Plan {
        file: sources.get(reading.model.block(root).file).name.clone(),
        title: reading
            .model
            .block(root)
            .title
            .as_ref()
            .map(|_| reading.name(root)),
        operation: reading.word(root, "operation"),
        level: reading.word(root, "level"),
        mission: reading.word(root, "mission"),
        area: reading.word(root, "area"),
        period: reading.word(root, "period"),
        lead: lead.map(|id| format!("{} ({})", reading.name(id), reading.id(id))),
        actors,
        structures,
        links: links(reading, lead),
        timeline: timeline::of(reading, root),
        coverage: coverage::of(reading),
    }
}

/// The links of the actor map: engagements, information shared (from the plan's
/// lead), the members of structures, and the partners of activities.
fn links(reading: &Reading<'_>, lead: Option<BlockId>) -> Vec<Link> {
    let mut links = Vec::new();
    let first = |id: BlockId, field: &str| reading.targets(id, field).first().copied();
    for &id in reading.members(BlockKind::Engagement) {
        let Some(from) = first(id, "by").or(lead) else {
            continue;
        };
        let how = [reading.word(id, "frequency"), reading.word(id, "level")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        let label = match how.as_str() {
            "" => reading.name(id),
            how => format!("{} ({how})", reading.name(id)),
        };
        for to in reading.targets(id, "with") {
            links.push(Link {
                kind: LinkKind::Engagement,
                from: reading.id(from),
                to: reading.id(to),
                label: label.clone(),
                via: first(id, "via").map(|v| reading.name(v)),
                anchor: reading.anchor(id),
            });
        }
    }
    if let Some(lead) = lead {
        for &id in reading.members(BlockKind::Share) {
            let label = format!(
                "gives: {}; receives: {}",
                reading.words(id, "gives").join(", "),
                reading.words(id, "receives").join(", ")
            );
            for to in reading.targets(id, "with") {
                links.push(Link {
                    kind: LinkKind::Share,
                    from: reading.id(lead),
                    to: reading.id(to),
                    label: label.clone(),
                    via: first(id, "via").map(|v| reading.name(v)),
                    anchor: reading.anchor(id),
                });
            }
        }
    }
    for &id in reading.members(BlockKind::Structure) {
        for member in reading.targets(id, "members") {
            links.push(Link {
                kind: LinkKind::Member,
                from: reading.id(member),
                to: reading.id(id),
                label: format!("member of {}", reading.name(id)),
                via: None,
                anchor: reading.anchor(id),
            });
        }
    }
    for &id in reading.members(BlockKind::Activity) {
        let Some(owner) = first(id, "owner") else {
            continue;
        };
        for partner in reading.targets(id, "partners") {
            links.push(Link {
                kind: LinkKind::Partner,
                from: reading.id(owner),
                to: reading.id(partner),
                label: reading.name(id),
                via: None,
                anchor: reading.anchor(id),
            });
        }
    }
    links
}
