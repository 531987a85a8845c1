//! The timeline of a plan, as data and as SVG: the plan's period, its phases and its
//! activities as bars, a transition's and a commitment's `by` and an assessment's
//! `date` as marks, and the ticks of the review cycle. An item whose block has
//! findings is drawn in red and links to them, so what leaves its phase or the plan,
//! or comes late, shows with its finding.

use maud::{Markup, html};
use serde::Serialize;

use super::reading::Reading;
use crate::model::{BlockId, Date, DateRange};
use crate::visible::shortened;
use crate::vocabulary::BlockKind;

#[derive(Serialize)]
pub(super) struct Timeline {
    /// The plan's period, if it gives a valid one.
    pub period: Option<Span>,
    /// The plan's review cycle, as written.
    pub review: Option<String>,
    pub rows: Vec<Row>,
}

/// From one day to another, both in it.
#[derive(Serialize, Clone, Copy)]
pub(super) struct Span {
    #[serde(serialize_with = "day")]
    pub start: Date,
    #[serde(serialize_with = "day")]
    pub end: Date,
}

#[allow(
    clippy::trivially_copy_pass_by_ref,
    reason = "serde's `serialize_with` passes a reference"
)]
fn day<S: serde::Serializer>(date: &Date, out: S) -> Result<S::Ok, S::Error> {
    out.collect_str(date)
}

impl From<DateRange> for Span {
    fn from(range: DateRange) -> Span {
        Span {
            start: range.start,
            end: range.end,
        }
    }
}

#[derive(Serialize)]
pub(super) struct Row {
    /// Phases, Activities, Assessments, Commitments.
    pub group: &'static str,
    pub label: String,
    /// The period of a phase or an activity.
    pub bar: Option<Span>,
    /// The block of a phase or an activity, and whether it has findings.
    pub anchor: Option<String>,
    pub flagged: bool,
    pub marks: Vec<Mark>,
}

#[derive(Serialize)]
pub(super) struct Mark {
    pub kind: &'static str,
    #[serde(serialize_with = "day")]
    pub date: Date,
    pub label: String,
    /// The block it stands for, and whether it has findings.
    pub anchor: String,
    pub flagged: bool,
}

/// The timeline of the plan `reading` reads.
pub(super) fn of(reading: &Reading<'_>, root: BlockId) -> Timeline {
    let mut rows = Vec::new();
    let bar = |group, id| Row {
        group,
        label: reading.name(id),
        bar: reading.period(id, "period").map(Span::from),
        anchor: Some(reading.anchor(id)),
        flagged: reading.flagged(id),
        marks: Vec::new(),
    };
    for &id in reading.members(BlockKind::Phase) {
        rows.push(bar("Phases", id));
    }
    for &id in reading.members(BlockKind::Activity) {
        let mut row = bar("Activities", id);
        let transitions = reading.model.block(id).children.iter().copied();
        for child in transitions.filter(|&c| reading.model.block(c).kind == BlockKind::Transition) {
            if let Some(by) = reading.date(child, "by") {
                let to = reading.words(child, "to").join(", ");
                row.marks.push(Mark {
                    kind: "transition",
                    date: by,
                    label: format!("handed over to {to} by {by}"),
                    anchor: reading.anchor(child),
                    flagged: reading.flagged(child),
                });
            }
        }
        rows.push(row);
    }
    let dated = |group, kind: BlockKind, field, what: &'static str| {
        let marks: Vec<Mark> = reading
            .members(kind)
            .iter()
            .filter_map(|&id| {
                let date = reading.date(id, field)?;
                Some(Mark {
                    kind: what,
                    date,
                    label: format!("{} ({date})", reading.name(id)),
                    anchor: reading.anchor(id),
                    flagged: reading.flagged(id),
                })
            })
            .collect();
        (!marks.is_empty()).then(|| Row {
            group,
            label: group.to_owned(),
            bar: None,
            anchor: None,
            flagged: false,
            marks,
        })
    };
    rows.extend(dated(
        "Assessments",
        BlockKind::Assessment,
        "date",
        "assessment",
    ));
    rows.extend(dated(
        "Commitments",
        BlockKind::Commitment,
        "by",
        "commitment",
    ));
    Timeline {
        period: reading.period(root, "period").map(Span::from),
        review: reading.word(root, "review"),
        rows,
    }
}

/// The width of the labels of the rows, and of the chart, in pixels.
const LABELS: i64 = 280;
const CHART: i64 = 920;
const ROW: i64 = 26;
const AXIS: i64 = 34;
/// The most month lines, month labels and review ticks the timeline draws.
const MONTH_LINES: usize = 120;
const MONTH_LABELS: usize = 18;
const REVIEW_TICKS: i64 = 400;
/// Characters of a row's label shown; the whole label is in its tooltip.
const LABEL_CHARACTERS: usize = 37;

/// The days the timeline spans, the plan's period and every date it shows: its first
/// date, and the day after its last.
fn days(timeline: &Timeline) -> Option<(Date, i64)> {
    let spans = timeline
        .period
        .iter()
        .chain(timeline.rows.iter().filter_map(|r| r.bar.as_ref()));
    let dates: Vec<Date> = spans
        .flat_map(|s| [s.start, s.end])
        .chain(
            timeline
                .rows
                .iter()
                .flat_map(|r| r.marks.iter().map(|m| m.date)),
        )
        .collect();
    let first = *dates.iter().min()?;
    let last = *dates.iter().max()?;
    Some((first, last.day_number() + 1))
}

/// How many days apart the plan is reviewed, for the cycles that tick.
fn review_days(review: &str) -> Option<i64> {
    match review {
        "weekly" => Some(7),
        "fortnightly" => Some(14),
        "monthly" => Some(30),
        "quarterly" => Some(91),
        _ => None,
    }
}

pub(super) fn draw(timeline: &Timeline) -> Markup {
    let Some((start, end)) = days(timeline) else {
        return html! { p { "The plan gives no dates: there is no timeline to draw." } };
    };
    let first = start.day_number();
    let x = |day: i64| LABELS + (day - first) * CHART / (end - first);
    let x_of = |date: Date| x(date.day_number());
    let width = LABELS + CHART + 10;
    let height = AXIS + ROW * i64::try_from(timeline.rows.len()).unwrap_or(0) + 10;
    let months = months(start, end);
    // At most 120 lines and 18 labels, however long the plan runs: a month each up
    // to ten years, then a line every so many months.
    let stride = months.len().div_ceil(MONTH_LINES).max(1);
    let months: Vec<Date> = months.into_iter().step_by(stride).collect();
    let every = months.len().div_ceil(MONTH_LABELS).max(1);
    // Ticks of the review cycle only while they stay apart.
    let review = timeline
        .period
        .zip(timeline.review.as_deref().and_then(review_days));
    let review = review
        .filter(|(p, step)| (p.end.day_number() - p.start.day_number()) / step <= REVIEW_TICKS);
    html! {
        svg class="timeline" xmlns="http://www.w3.org/2000/svg" role="img"
            viewBox=(format!("0 0 {width} {height}")) width=(width) height=(height)
            aria-label="Timeline of the plan" {
            @if let Some(period) = &timeline.period {
                rect class="period" x=(x_of(period.start)) y=(AXIS - 6)
                    width=(x(period.end.day_number() + 1) - x_of(period.start)) height=(height - AXIS) {
                    title { "The plan's period: " (period.start) " to " (period.end) }
                }
            }
            @for (i, month) in months.iter().enumerate() {
                line class="month" x1=(x_of(*month)) x2=(x_of(*month)) y1=(AXIS - 8) y2=(height) {}
                @if i % every == 0 {
                    text class="month-name" x=(x_of(*month) + 3) y="14" { (format!("{:04}-{:02}", month.year, month.month)) }
                }
            }
            @if let Some((period, step)) = review {
                @for day in (period.start.day_number()..=period.end.day_number()).step_by(usize::try_from(step).unwrap_or(30)) {
                    path class="review" d=(format!("M{},{} l-4,-7 h8 z", x(day), AXIS - 2)) {
                        title { "Review (" (timeline.review.as_deref().unwrap_or_default()) ")" }
                    }
                }
            }
            @for (i, row) in timeline.rows.iter().enumerate() {
                @let top = AXIS + ROW * i64::try_from(i).unwrap_or(0);
                text class=(format!("row-name {}", row.group.to_lowercase())) x="6" y=(top + 17) {
                    (shortened(&row.label, LABEL_CHARACTERS))
                    title { @if row.label != row.group { (row.group) ": " } (row.label) }
                }
                @if let Some(bar) = &row.bar {
                    a href=(format!("#{}", row.anchor.as_deref().unwrap_or_default())) {
                        rect class=(format!("bar {}{}", row.group.to_lowercase(), if row.flagged { " flagged" } else { "" }))
                            x=(x_of(bar.start)) y=(top + 5) rx="3" height=(ROW - 10)
                            width=((x(bar.end.day_number() + 1) - x_of(bar.start)).max(2)) {
                            title { (row.label) ": " (bar.start) " to " (bar.end)
                                @if row.flagged { " — has findings" } }
                        }
                    }
                } @else if let (Some(anchor), true) = (&row.anchor, row.marks.is_empty()) {
                    a href=(format!("#{anchor}")) {
                        text class=(format!("no-period{}", if row.flagged { " flagged" } else { "" })) x=(LABELS + 4) y=(top + 17) { "no period given" }
                    }
                }
                @for mark in &row.marks {
                    a href=(format!("#{}", mark.anchor)) {
                        path class=(format!("mark {}{}", mark.kind, if mark.flagged { " flagged" } else { "" }))
                            d=(shape(mark.kind, x_of(mark.date), top + ROW / 2)) {
                            title { (mark.label) @if mark.flagged { " — has findings" } }
                        }
                    }
                }
            }
        }
    }
}

/// A mark's shape at its place: a diamond for a transition, a circle for an
/// assessment, a triangle for a commitment.
fn shape(kind: &str, x: i64, y: i64) -> String {
    match kind {
        "transition" => format!("M{x},{} l6,6 l-6,6 l-6,-6 z", y - 6),
        "commitment" => format!("M{x},{} l6,11 h-12 z", y - 6),
        _ => format!("M{},{y} a5,5 0 1,0 10,0 a5,5 0 1,0 -10,0", x - 5),
    }
}

/// The first day of each month from `start` to the day before `end`.
fn months(start: Date, end: i64) -> Vec<Date> {
    let mut months = Vec::new();
    let (mut year, mut month) = (start.year, start.month);
    while let Some(date) = Date::new(year, month, 1) {
        if date.day_number() >= end {
            break;
        }
        if date >= start {
            months.push(date);
        }
        (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
    }
    months
}
