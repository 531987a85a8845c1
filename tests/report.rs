//! `cmilint report`, the reviewer's page, as a J9 officer runs it before sending the
//! plan up: what the page holds, that it needs nothing from outside, that it is the
//! same each time, and what it refuses.

mod common;

use std::path::Path;

use common::{Run, cmilint_in};

/// Runs cmilint in the project's folder.
fn cmilint(args: &[&str], stdin: Option<&str>) -> Run {
    cmilint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, stdin)
}

/// The page of `paths`, written to a file of a fresh folder.
fn page(paths: &[&str]) -> String {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let out = folder.path().join("report.html");
    let mut args = vec!["report"];
    args.extend(paths);
    args.extend(["-o", out.to_str().expect("a UTF-8 path")]);
    let run = cmilint(&args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    std::fs::read_to_string(out).expect("the page is written")
}

/// The picture behind the page, as JSON.
fn data(page: &str) -> serde_json::Value {
    let start = page
        .find(r#"<script type="application/json" id="cmilint-data">"#)
        .expect("the page carries its data");
    let json = &page[start..];
    let json = &json[json.find('>').expect("the tag ends") + 1..];
    let json = &json[..json.find("</script>").expect("the data ends")];
    serde_json::from_str(json).expect("the data is JSON")
}

/// The findings `cmilint check --format json` gives for `paths`.
fn checked(paths: &[&str]) -> Vec<serde_json::Value> {
    let mut args = vec!["check", "--format", "json"];
    args.extend(paths);
    let run = cmilint(&args, None);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    report["diagnostics"].as_array().expect("a list").clone()
}

#[test]
fn the_page_shows_every_actor_on_the_map_and_every_finding() {
    let html = page(&["examples"]);
    let picture = data(&html);
    let plans = picture["plans"].as_array().expect("plans");
    assert_eq!(plans.len(), 2, "the two example plans");
    for plan in plans {
        for actor in plan["actors"].as_array().expect("actors") {
            let anchor = actor["anchor"].as_str().expect("an anchor");
            assert!(
                html.contains(&format!(r#"id="map-{anchor}""#)),
                "actor {anchor} is on the map"
            );
        }
    }
    let expected = checked(&["examples"]);
    assert!(!expected.is_empty(), "the examples have findings");
    assert_eq!(
        html.matches(r#"<article class="finding "#).count(),
        expected.len(),
        "every finding is listed once"
    );
    for finding in &expected {
        let message = finding["message"].as_str().expect("a message");
        let escaped = message
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;");
        assert!(html.contains(&escaped), "{message} is listed");
    }
}

#[test]
fn a_finding_is_listed_under_its_block_and_linked_from_the_map() {
    let html = page(&["examples/mistakes.cmi"]);
    let picture = data(&html);
    let actors = picture["plans"][0]["actors"].as_array().expect("actors");
    let flagged: Vec<_> = actors
        .iter()
        .filter(|a| !a["findings"].as_array().expect("ids").is_empty())
        .collect();
    assert!(!flagged.is_empty(), "an actor of the plan has findings");
    for actor in flagged {
        let anchor = actor["anchor"].as_str().expect("an anchor");
        assert!(html.contains(&format!(r##"<a href="#{anchor}" id="map-{anchor}""##)));
        assert!(html.contains(&format!(r#"<div class="block" id="{anchor}">"#)));
        for id in actor["findings"].as_array().expect("ids") {
            let finding = picture["findings"]
                .as_array()
                .expect("findings")
                .iter()
                .find(|f| f["id"] == *id)
                .expect("a finding of the list");
            assert_eq!(finding["block"]["anchor"], anchor);
        }
    }
}

#[test]
fn the_page_needs_nothing_from_outside() {
    let html = page(&["examples"]);
    for outside in ["http://", "https://", "src=", "@import", "url("] {
        let found: Vec<&str> = html
            .match_indices(outside)
            .map(|(i, _)| &html[i.saturating_sub(40)..(i + 40).min(html.len())])
            .filter(|around| !around.contains("http://www.w3.org/2000/svg"))
            .collect();
        assert!(found.is_empty(), "{outside} in {found:?}");
    }
    assert!(!html.contains("<script>") && !html.contains("<script src"));
}

#[test]
fn the_page_is_the_same_each_time() {
    assert_eq!(page(&["examples"]), page(&["examples"]));
}

#[test]
fn a_plan_with_a_syntax_error_gives_a_page_that_says_it_is_partial() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plan = folder.path().join("plan.cmi");
    std::fs::write(&plan, "plan \"Broken\" { level: tactical\nactor a {").expect("written");
    let html = page(&[plan.to_str().expect("a UTF-8 path")]);
    assert!(html.contains(r#"class="state partial""#), "{html}");
    assert_eq!(data(&html)["complete"], false);
}

#[test]
fn silenced_findings_are_listed_apart_with_their_reasons_and_not_counted() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plan = folder.path().join("plan.cmi");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/mistakes.cmi"),
    )
    .expect("the example");
    // The first line of the example that CMI104 reports, allowed with a reason.
    let text = text.replacen(
        "actor city-council",
        "# cmilint: allow(CMI104) -- the council is engaged through the governor\nactor city-council",
        1,
    );
    std::fs::write(&plan, text).expect("written");
    let html = page(&[plan.to_str().expect("a UTF-8 path")]);
    let picture = data(&html);
    let silenced = picture["suppressed"].as_array().expect("a list");
    assert_eq!(silenced.len(), 1, "{silenced:?}");
    assert_eq!(silenced[0]["finding"]["code"], "CMI104");
    assert_eq!(
        silenced[0]["reason"],
        "the council is engaged through the governor"
    );
    assert!(html.contains(r#"<section id="silenced">"#));
    assert!(html.contains("Why: the council is engaged through the governor"));
    let listed = picture["findings"].as_array().expect("findings");
    let council_not_engaged = |f: &&serde_json::Value| {
        f["code"] == "CMI104" && f["block"]["anchor"] == "actor-city-council"
    };
    assert!(
        !listed.iter().any(|f| council_not_engaged(&f)),
        "not listed twice"
    );
    assert!(council_not_engaged(&&silenced[0]["finding"]));
    let counted = &picture["counts"]["all"];
    let total = ["errors", "warnings", "infos"]
        .iter()
        .map(|k| counted[k].as_u64().expect("a count"))
        .sum::<u64>();
    assert_eq!(
        total,
        listed.len() as u64,
        "the silenced finding is not counted"
    );
}

#[test]
fn the_findings_a_baseline_records_are_listed_apart() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let baseline = folder.path().join("baseline.json");
    let baseline = baseline.to_str().expect("a UTF-8 path");
    let run = cmilint(
        &[
            "check",
            "examples/mistakes.cmi",
            "--write-baseline",
            baseline,
        ],
        None,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = page(&["examples/mistakes.cmi", "--baseline", baseline]);
    let picture = data(&html);
    assert_eq!(picture["findings"].as_array().map(Vec::len), Some(0));
    let silenced = picture["suppressed"].as_array().expect("a list");
    assert_eq!(silenced.len(), checked(&["examples/mistakes.cmi"]).len());
    assert!(
        silenced.iter().all(|s| s["reason"]
            .as_str()
            .is_some_and(|r| r.starts_with("recorded in the baseline"))),
        "{silenced:?}"
    );
}

#[test]
fn a_plan_that_misses_a_file_it_uses_is_drawn_as_partial() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plan = folder.path().join("plan.cmi");
    std::fs::write(
        &plan,
        "use \"actors.cmi\"\nplan \"P\" { level: tactical period: 2027-01-01..2027-02-01 }\n",
    )
    .expect("written");
    let html = page(&[plan.to_str().expect("a UTF-8 path")]);
    assert_eq!(data(&html)["complete"], false);
    assert!(html.contains("only what could be read"));
}

#[test]
fn a_plan_of_ten_thousand_years_draws_a_timeline_of_bounded_size() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plan = folder.path().join("plan.cmi");
    std::fs::write(
        &plan,
        "plan \"Long\" { level: tactical period: 0001-01-01..9999-12-31 review: weekly }\n",
    )
    .expect("written");
    let html = page(&[plan.to_str().expect("a UTF-8 path")]);
    let lines = html.matches(r#"<line class="month""#).count();
    assert!((100..=120).contains(&lines), "{lines} month lines");
    assert!(html.matches(r#"<text class="month-name""#).count() <= 18);
    assert_eq!(
        html.matches(r#"<path class="review""#).count(),
        0,
        "weekly ticks over 10,000 years"
    );
}

#[test]
fn the_page_is_never_written_over_a_plan() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let plan = folder.path().join("plan.cmi");
    std::fs::write(&plan, "plan \"P\" { level: tactical }\n").expect("written");
    let path = plan.to_str().expect("a UTF-8 path");
    let run = cmilint(&["report", path, "-o", path], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("is a plan file"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&plan).expect("still there"),
        "plan \"P\" { level: tactical }\n"
    );
}

#[test]
fn the_html_of_the_example_plans() {
    // One tag a line, and the version of cmilint left out, so that the snapshot reads.
    let html = page(&["examples"])
        .replace(env!("CARGO_PKG_VERSION"), "VERSION")
        .replace("><", ">\n<");
    insta::assert_snapshot!(html);
}
