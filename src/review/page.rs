//! The reviewer's page, in HTML (maud): the summary of each plan and of the run, the
//! actor map, the findings grouped by the block they stand in, the findings silenced,
//! and the picture as JSON for other tools. One file: its style is written into it,
//! and it needs no script, font or image from anywhere.

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use super::coverage;
use super::map::map;
use super::picture::{Finding, LinkKind, Picture, Plan};
use super::timeline;

const STYLE: &str = include_str!("page.css");

pub(super) fn page(picture: &Picture) -> Markup {
    let title = match picture.plans.as_slice() {
        [plan] => plan
            .title
            .clone()
            .unwrap_or_else(|| format!("the plan of {}", plan.file)),
        plans => format!("{} plans", plans.len()),
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content=(concat!("cmilint ", env!("CARGO_PKG_VERSION")));
                title { "CMI review: " (title) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                header {
                    h1 { "CMI review: " (title) }
                    nav {
                        a href="#summary" { "Summary" }
                        a href="#actors" { "Actor map" }
                        a href="#timeline" { "Timeline" }
                        a href="#coverage" { "Coverage" }
                        a href="#findings" { "Findings" }
                        @if !picture.suppressed.is_empty() { a href="#silenced" { "Silenced" } }
                    }
                }
                main {
                    (summary(picture))
                    (actors(picture))
                    (timeline(picture))
                    (coverage(picture))
                    (findings(picture))
                    @if !picture.suppressed.is_empty() { (silenced(picture)) }
                }
                script type="application/json" id="cmilint-data" { (PreEscaped(data(picture))) }
            }
        }
    }
}

fn summary(picture: &Picture) -> Markup {
    let all = picture.counts.all;
    html! {
        section id="summary" {
            h2 { "Summary" }
            @if !picture.complete {
                p class="state partial" {
                    "Some files could not be read or checked whole (see the findings): \
                     the pictures below show only what could be read."
                }
            } @else if all.errors > 0 {
                p class="state errors" { (all.errors) " error(s) to mend before the plan is submitted." }
            } @else {
                p class="state clean" { "No errors." }
            }
            @for plan in &picture.plans { (plan_summary(plan)) }
            @if picture.plans.is_empty() {
                p { "No plan could be read: there is no `plan` block, or its file has errors." }
            }
            table class="counts" {
                caption { "Findings by group of rules" }
                thead { tr { th { "Group" } th { "Errors" } th { "Warnings" } th { "Infos" } } }
                tbody {
                    @for (group, tally) in &picture.counts.by_group {
                        tr { th scope="row" { (group) } td { (tally.errors) } td { (tally.warnings) } td { (tally.infos) } }
                    }
                }
                tfoot { tr { th scope="row" { "All" } td { (all.errors) } td { (all.warnings) } td { (all.infos) } } }
            }
        }
    }
}

fn plan_summary(plan: &Plan) -> Markup {
    let rows = [
        ("Operation", &plan.operation),
        ("Level", &plan.level),
        ("Mission", &plan.mission),
        ("Area", &plan.area),
        ("Period", &plan.period),
        ("Lead", &plan.lead),
    ];
    html! {
        div class="plan" {
            h3 { (plan.title.as_deref().unwrap_or("Untitled plan")) " " span class="file" { (plan.file) } }
            dl {
                @for (term, value) in rows {
                    dt { (term) }
                    dd { @match value { Some(v) => (v), None => span class="missing" { "not given" } } }
                }
                dt { "Actors" } dd { (plan.actors.len()) }
                dt { "Coordination structures" } dd { (plan.structures.len()) }
            }
        }
    }
}

fn actors(picture: &Picture) -> Markup {
    let kinds = LinkKind::ALL.iter().map(|k| (k.class(), k.meaning()));
    let marks = [
        ("marker", "findings in its block"),
        ("no-contact", "wants no contact"),
        ("via-intermediary", "via an intermediary"),
    ];
    let legend: Vec<(&str, &str)> = kinds.chain(marks).collect();
    for_each_plan(picture, ("actors", "Actor map"), &legend, |plan| {
        html! {
            @if plan.actors.is_empty() {
                p { "The plan names no actor." }
            } @else {
                div class="scroll" { (map(plan)) }
                (links(plan))
            }
        }
    })
}

/// The links of the map as a table: what a printed page and a screen reader show of
/// them, which the map shows only on hovering.
fn links(plan: &Plan) -> Markup {
    let actors: HashMap<&str, &str> = plan
        .actors
        .iter()
        .map(|a| (a.id.as_str(), a.name.as_str()))
        .collect();
    let structures: HashMap<&str, &str> = plan
        .structures
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let name = |names: &HashMap<&str, &str>, id: &str| {
        names
            .get(id)
            .map_or_else(|| id.to_owned(), |n| format!("{n} ({id})"))
    };
    html! {
        @if !plan.links.is_empty() {
            div class="link-list" {
                table class="links" {
                    caption { "The links of the map" }
                    thead { tr { th { "Link" } th { "From" } th { "To" } th { "What" } th { "Via" } } }
                    tbody {
                        @for link in &plan.links {
                            tr {
                                td { a href=(format!("#{}", link.anchor)) { (link.kind.meaning()) } }
                                td { (name(&actors, &link.from)) }
                                td {
                                    @if link.kind == LinkKind::Member {
                                        (name(&structures, &link.to))
                                    } @else {
                                        (name(&actors, &link.to))
                                    }
                                }
                                td { (link.label) }
                                td { (link.via.as_deref().unwrap_or("—")) }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn timeline(picture: &Picture) -> Markup {
    let legend = [
        ("period", "the plan's period"),
        ("bar", "phase or activity"),
        ("transition", "transition (by)"),
        ("assessment", "assessment (date)"),
        ("commitment", "commitment (by)"),
        ("review", "review"),
        ("flagged", "has findings"),
    ];
    for_each_plan(picture, ("timeline", "Timeline"), &legend, |plan| {
        html! { div class="scroll" { (timeline::draw(&plan.timeline)) } }
    })
}

fn coverage(picture: &Picture) -> Markup {
    for_each_plan(picture, ("coverage", "Coverage"), &[], |plan| {
        coverage::draw(&plan.coverage)
    })
}

/// A section that draws each plan, under its title when there are several, after a
/// legend of (class, meaning) keys.
fn for_each_plan(
    picture: &Picture,
    (id, heading): (&str, &str),
    legend: &[(&str, &str)],
    draw: impl Fn(&Plan) -> Markup,
) -> Markup {
    html! {
        section id=(id) {
            h2 { (heading) }
            @if !legend.is_empty() {
                p class="legend" {
                    @for (class, meaning) in legend { span class=(format!("key {class}")) { (meaning) } }
                }
            }
            @for plan in &picture.plans {
                @if picture.plans.len() > 1 { h3 { (plan.title.as_deref().unwrap_or(&plan.file)) } }
                (draw(plan))
            }
        }
    }
}

fn findings(picture: &Picture) -> Markup {
    // Grouped by the block they stand in (or their file), in the order of their first
    // finding.
    let mut groups: Vec<(Option<&str>, &str, Vec<&Finding>)> = Vec::new();
    let mut index: HashMap<(Option<&str>, &str), usize> = HashMap::new();
    for finding in &picture.findings {
        let key = match &finding.block {
            Some(block) => (Some(block.anchor.as_str()), block.name.as_str()),
            None => (None, finding.file.as_str()),
        };
        let at = *index.entry(key).or_insert_with(|| {
            groups.push((key.0, key.1, Vec::new()));
            groups.len() - 1
        });
        groups[at].2.push(finding);
    }
    html! {
        section id="findings" {
            h2 { "Findings" }
            @if groups.is_empty() { p { "cmilint found nothing to report." } }
            @for (anchor, name, list) in &groups {
                div class="block" id=[anchor] {
                    h3 { (name) }
                    @for finding in list { (one(finding)) }
                }
            }
        }
    }
}

fn silenced(picture: &Picture) -> Markup {
    html! {
        section id="silenced" {
            h2 { "Silenced findings" }
            p { "These findings are not counted: a suppression comment or the baseline silences them." }
            @for silenced in &picture.suppressed {
                div class="silenced" {
                    p class="reason" { "Why: " (silenced.reason) }
                    (one(&silenced.finding))
                }
            }
        }
    }
}

fn one(finding: &Finding) -> Markup {
    let severity = finding.severity;
    html! {
        article class=(format!("finding {severity}")) id=(finding.id) {
            p class="headline" {
                span class="severity" { (severity) }
                " " code { (finding.code) } " "
                span class="message" { (finding.message) }
            }
            p class="place" {
                (finding.file) ":" (finding.line) ":" (finding.column)
                " · " (finding.name) " · " (finding.group)
            }
            pre { (finding.excerpt) }
        }
    }
}

/// The picture as JSON, safe inside a `script` element: no `<` in it can end it.
fn data(picture: &Picture) -> String {
    serde_json::to_string(picture)
        .expect("the picture is plain data")
        .replace('<', "\\u003c")
}
