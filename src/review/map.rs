//! The actor map of a plan, as SVG: a swim lane for each kind of actor and one for the
//! coordination structures, the actors of a lane in rows in the order of their
//! identifiers, and the links drawn under them. The layout is computed, not searched
//! for: the same plan always gives the same picture, a lane grows a row for each
//! [`COLUMNS`] actors, and 150 actors fit on a few screens and two A3 pages.
//! docs/report.md says why a layered graph layout was not taken.

use std::cmp::Ordering;
use std::collections::HashMap;

use maud::{Markup, html};

use crate::visible::shortened;

use super::picture::{self, Link, LinkKind, Plan};

/// Actors side by side in a lane.
const COLUMNS: usize = 6;
/// The room of the lanes' names, and the size of a box and of the gaps around it, in
/// pixels.
const LABELS: u32 = 190;
const NODE_WIDTH: u32 = 160;
const NODE_HEIGHT: u32 = 46;
const GAP: u32 = 14;
const ROW: u32 = NODE_HEIGHT + 2 * GAP;
const STRUCTURES: &str = "Coordination structures";
/// Characters of a name shown in a box; the whole name is in its tooltip.
const NAME_CHARACTERS: usize = 23;

/// A box of the map: an actor or a structure.
struct Node<'p> {
    id: &'p str,
    name: &'p str,
    anchor: &'p str,
    findings: usize,
    policy: Option<&'p str>,
    x: u32,
    y: u32,
}

fn width() -> u32 {
    LABELS + count(COLUMNS) * (NODE_WIDTH + GAP) + GAP
}

/// A count of boxes or rows, as pixels are counted.
fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub(super) fn map(plan: &Plan) -> Markup {
    let mut lanes: Vec<(&str, Vec<Node<'_>>)> = Vec::new();
    for lane in picture::lanes() {
        let mut actors: Vec<_> = plan.actors.iter().filter(|a| a.lane == lane).collect();
        actors.sort_by(|a, b| in_reading_order(&a.id, &b.id));
        if !actors.is_empty() {
            let nodes = actors
                .into_iter()
                .map(|a| Node {
                    id: &a.id,
                    name: &a.name,
                    anchor: &a.anchor,
                    findings: a.findings.len(),
                    policy: a.policy.as_deref(),
                    x: 0,
                    y: 0,
                })
                .collect();
            lanes.push((lane, nodes));
        }
    }
    let mut structures: Vec<_> = plan.structures.iter().collect();
    structures.sort_by(|a, b| in_reading_order(&a.id, &b.id));
    if !structures.is_empty() {
        lanes.push((
            STRUCTURES,
            structures
                .into_iter()
                .map(|s| Node {
                    id: &s.id,
                    name: &s.name,
                    anchor: &s.anchor,
                    findings: s.findings.len(),
                    policy: None,
                    x: 0,
                    y: 0,
                })
                .collect(),
        ));
    }
    // Place the lanes one under the other, and each lane's boxes in rows. A lane that
    // fills less than a row starts where the lane above it ended, so that the boxes of
    // small lanes stand in a staircase: the links between them run beside the boxes,
    // not through them.
    let mut top = 0;
    let mut bands = Vec::new();
    let mut start = 0;
    for (lane, nodes) in &mut lanes {
        let rows = nodes.len().div_ceil(COLUMNS);
        let shift = if nodes.len() < COLUMNS { start } else { 0 };
        for (i, node) in nodes.iter_mut().enumerate() {
            let column = if rows == 1 {
                (shift + i) % COLUMNS
            } else {
                i % COLUMNS
            };
            node.x = LABELS + GAP + count(column) * (NODE_WIDTH + GAP);
            node.y = top + GAP + count(i / COLUMNS) * ROW;
        }
        start = (shift + nodes.len()) % COLUMNS;
        let height = count(rows) * ROW;
        bands.push((*lane, top, height));
        top += height;
    }
    let height = top.max(ROW);
    // Where each box's middle is, by whether it is a structure and its identifier.
    let at: HashMap<(bool, &str), (u32, u32)> = lanes
        .iter()
        .flat_map(|(lane, nodes)| nodes.iter().map(move |n| (*lane == STRUCTURES, n)))
        .map(|(structure, n)| {
            let middle = (n.x + NODE_WIDTH / 2, n.y + NODE_HEIGHT / 2);
            ((structure, n.id), middle)
        })
        .collect();
    let ends = |link: &Link| {
        let to_structure = link.kind == LinkKind::Member;
        Some((
            *at.get(&(false, link.from.as_str()))?,
            *at.get(&(to_structure, link.to.as_str()))?,
        ))
    };
    let width = width();
    html! {
        svg class="map" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {width} {height}")) width=(width) height=(height)
            aria-label=(format!("Actor map: {} actors, {} links", plan.actors.len(), plan.links.len())) {
            @for (i, (lane, band_top, band_height)) in bands.iter().enumerate() {
                rect class=(if i % 2 == 0 { "lane even" } else { "lane odd" })
                    x="0" y=(band_top) width=(width) height=(band_height) {}
                text class="lane-name" x="10" y=(band_top + 24) { (lane) }
            }
            @for link in &plan.links {
                @if let Some((from, to)) = ends(link) {
                    a href=(format!("#{}", link.anchor)) {
                        path class=(format!("link {}", link.kind.class()))
                            d=(curve(from, to, bend(link.kind))) {
                            title { (link.label) @if let Some(via) = &link.via { " — via " (via) } }
                        }
                    }
                }
            }
            @for (_, nodes) in &lanes {
                @for node in nodes {
                    a href=(format!("#{}", node.anchor)) id=(format!("map-{}", node.anchor)) class="node" {
                        title { (node.name) " (" (node.id) ")"
                            @if let Some(policy) = node.policy { " — engagement policy: " (policy) }
                            @if node.findings > 0 { " — " (node.findings) " finding(s)" } }
                        rect class=(format!("box{}", policy_class(node.policy)))
                            x=(node.x) y=(node.y) width=(NODE_WIDTH) height=(NODE_HEIGHT) rx="6" {}
                        text class="name" x=(node.x + 8) y=(node.y + 19) { (shortened(node.name, NAME_CHARACTERS)) }
                        text class="id" x=(node.x + 8) y=(node.y + 36) { (node.id) }
                        @if node.findings > 0 {
                            circle class="marker" cx=(node.x + NODE_WIDTH - 4) cy=(node.y + 4) r="10" {}
                            text class="marker-count" x=(node.x + NODE_WIDTH - 4) y=(node.y + 8) { (node.findings) }
                        }
                    }
                }
            }
        }
    }
}

/// Identifiers in the order a reader expects: a run of digits by its number, so that
/// `team-2` comes before `team-10`; then as text, so that the order is total.
fn in_reading_order(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| -> Vec<(bool, String)> {
        let mut parts: Vec<(bool, String)> = Vec::new();
        for c in s.chars() {
            let digit = c.is_ascii_digit();
            match parts.last_mut() {
                Some((d, part)) if *d == digit => part.push(c),
                _ => parts.push((digit, c.to_string())),
            }
        }
        parts
    };
    let key = |(digit, part): &(bool, String)| {
        // A number compares by its digits without leading zeros: by their count, then
        // as text.
        let shown = if *digit {
            part.trim_start_matches('0')
        } else {
            part
        };
        (
            *digit,
            if *digit { shown.len() } else { 0 },
            shown.to_owned(),
        )
    };
    let (a_parts, b_parts) = (parts(a), parts(b));
    a_parts
        .iter()
        .map(key)
        .cmp(b_parts.iter().map(key))
        .then_with(|| a.cmp(b))
}

/// A link as a gentle curve, bent to its left by `bend` of its length: links between
/// the same boxes bend each as its kind does, and do not lie on one another.
fn curve(from: (u32, u32), to: (u32, u32), bend: f64) -> String {
    let (x1, y1) = (f64::from(from.0), f64::from(from.1));
    let (x2, y2) = (f64::from(to.0), f64::from(to.1));
    let (mx, my) = (f64::midpoint(x1, x2), f64::midpoint(y1, y2));
    let (cx, cy) = (mx - (y2 - y1) * bend, my + (x2 - x1) * bend);
    format!("M{x1},{y1} Q{cx:.1},{cy:.1} {x2},{y2}")
}

fn bend(kind: LinkKind) -> f64 {
    match kind {
        LinkKind::Engagement => 0.15,
        LinkKind::Share => 0.3,
        LinkKind::Member => -0.15,
        LinkKind::Partner => -0.3,
    }
}

fn policy_class(policy: Option<&str>) -> &'static str {
    match policy {
        Some("no-contact") => " no-contact",
        Some("via-intermediary") => " via-intermediary",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::in_reading_order;

    #[test]
    fn numbered_identifiers_stand_in_the_order_of_their_numbers() {
        let mut ids = vec!["team-10", "team-2", "alpha", "team-02", "team-1b", "team-1"];
        ids.sort_by(|a, b| in_reading_order(a, b));
        assert_eq!(
            ids,
            ["alpha", "team-1", "team-1b", "team-02", "team-2", "team-10"]
        );
    }
}
