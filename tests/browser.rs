//! The reviewer's page in a real browser: headless Chromium opens the page of the
//! example plans, its DOM holds every actor and every finding, each section is
//! photographed (kept under `target/report-screens/` as CI artefacts), and the page
//! of a 1,000-actor plan renders in under 2 seconds.
//!
//! These tests need Chromium (Debian's `chromium`, or the browser `CHROMIUM` names):
//! `.ci/run` installs it and runs them with `cargo test --test browser -- --ignored
//! --test-threads=1`: one browser at a time, since one of them is timed.

mod common;

use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::cmilint_in;

const SECTIONS: &[&str] = &["summary", "actors", "timeline", "coverage", "findings"];

fn project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Where the pages and the screenshots are kept.
fn screens() -> PathBuf {
    let folder = project().join("target/report-screens");
    std::fs::create_dir_all(&folder).expect("target/ is writable");
    folder
}

/// Writes the page of `paths` (relative to the project) to `screens()/name.html`.
fn report(paths: &[&str], name: &str) -> PathBuf {
    let out = screens().join(format!("{name}.html"));
    let mut args = vec!["report", "-o", out.to_str().expect("a UTF-8 path")];
    args.extend(paths);
    let run = cmilint_in(project(), &args, None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.is_empty(),
        "the page goes to its file: {}",
        run.stdout
    );
    out
}

/// Runs headless Chromium on a page with `options`: what it prints, and its log.
fn chromium(page: &Path, options: &[&str]) -> (String, String) {
    let browser = std::env::var("CHROMIUM").unwrap_or_else(|_| "chromium".into());
    let output = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--enable-logging=stderr",
            "--v=0",
        ])
        .args(options)
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap_or_else(|e| panic!("{browser} runs ({e}): .ci/run installs Chromium"));
    assert!(
        output.status.success(),
        "{browser} failed on {}",
        page.display()
    );
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The page's picture, as the JSON inside it.
fn data(html: &str) -> serde_json::Value {
    let start = html
        .find(r#"id="cmilint-data">"#)
        .expect("the page carries its data");
    let json = &html[start + r#"id="cmilint-data">"#.len()..];
    serde_json::from_str(&json[..json.find("</script>").expect("it ends")]).expect("JSON")
}

#[test]
#[ignore = "needs Chromium: .ci/run runs it"]
fn the_example_plans_open_with_every_actor_and_finding_and_no_error() {
    for (name, path) in [
        ("river-shield", "examples/river-shield"),
        ("examples", "examples"),
    ] {
        let page = report(&[path], name);
        let (dom, log) = chromium(&page, &["--dump-dom"]);
        assert!(!log.contains("Uncaught"), "a script error: {log}");
        let picture = data(&std::fs::read_to_string(&page).expect("the page"));
        for section in SECTIONS {
            assert!(
                dom.contains(&format!(r#"<section id="{section}">"#)),
                "{name}: {section}"
            );
        }
        for plan in picture["plans"].as_array().expect("plans") {
            for actor in plan["actors"].as_array().expect("actors") {
                let anchor = actor["anchor"].as_str().expect("an anchor");
                assert!(
                    dom.contains(&format!(r#"id="map-{anchor}""#)),
                    "{name}: {anchor}"
                );
            }
        }
        let findings = picture["findings"].as_array().expect("findings").len();
        assert_eq!(
            dom.matches(r#"<article class="finding "#).count(),
            findings,
            "{name}"
        );
    }
}

#[test]
#[ignore = "needs Chromium: .ci/run runs it"]
fn each_section_of_the_example_pages_is_photographed() {
    for (name, path) in [
        ("river-shield", "examples/river-shield"),
        ("examples", "examples"),
    ] {
        let page = std::fs::read_to_string(report(&[path], name)).expect("the page");
        for section in SECTIONS {
            // The page with only this section shown, photographed whole.
            let alone = page.replacen(
                "</head>",
                &format!("<style>main>section:not(#{section}){{display:none}}</style></head>"),
                1,
            );
            let file = screens().join(format!("{name}-{section}.html"));
            std::fs::write(&file, alone).expect("written");
            let shot = screens().join(format!("{name}-{section}.png"));
            let _ = std::fs::remove_file(&shot);
            let option = format!("--screenshot={}", shot.display());
            chromium(&file, &["--window-size=1400,1600", &option]);
            let size = std::fs::metadata(&shot).map_or(0, |m| m.len());
            assert!(size > 10_000, "{}: {size} bytes", shot.display());
        }
    }
}

/// A plan of `actors` actors of every kind, each engaged, half of them sharing
/// information, in structures of ten.
fn large_plan(actors: usize) -> String {
    const KINDS: &[&str] = &[
        "international-organization",
        "red-cross-movement",
        "ngo",
        "government",
        "local-authority",
        "civil-society",
        "private-sector",
    ];
    let mut plan = String::from(
        "plan \"Large\" {\n  level: operational\n  period: 2027-01-01..2027-12-31\n  lead: j9\n}\n\
         actor j9 \"J9\" { kind: military }\n",
    );
    for i in 0..actors {
        let kind = KINDS[i % KINDS.len()];
        writeln!(
            plan,
            "actor a{i} \"Actor number {i}\" {{ kind: {kind} }}\n\
             engagement e{i} \"Meeting {i}\" {{ with: a{i} by: j9 frequency: weekly }}"
        )
        .expect("written to a string");
        if i % 2 == 0 {
            writeln!(
                plan,
                "share s{i} \"Share {i}\" {{ with: a{i} gives: [road-status] }}"
            )
            .expect("written to a string");
        }
        if i % 10 == 0 {
            let members: Vec<String> = (i..(i + 10).min(actors)).map(|m| format!("a{m}")).collect();
            writeln!(
                plan,
                "structure c{i} \"Cell {i}\" {{ existing: yes members: [{}] }}",
                members.join(", ")
            )
            .expect("written to a string");
        }
    }
    plan
}

/// What the timed page writes in its title once rendered.
const RENDERED: &str = "<title>rendered in ";

#[test]
#[ignore = "needs Chromium: .ci/run runs it"]
fn the_page_of_a_thousand_actors_renders_in_under_two_seconds() {
    let plan = screens().join("large.cmi");
    std::fs::write(&plan, large_plan(1_000)).expect("written");
    let page = std::fs::read_to_string(report(&[plan.to_str().expect("UTF-8")], "large"))
        .expect("the page");
    assert_eq!(
        data(&page)["plans"][0]["actors"].as_array().map(Vec::len),
        Some(1_001)
    );
    // The time from the start of the navigation to the end of the first layout after
    // the page loaded, written where `--dump-dom` shows it.
    // Reading the height of the page makes the browser lay all of it out first.
    let timed = page.replacen(
        "</body>",
        "<script>addEventListener('load', () => { const height = document.body.offsetHeight; \
         document.title = 'rendered in ' + Math.round(performance.now()) + ' ms, ' + height + ' px'; \
         });</script></body>",
        1,
    );
    let file = screens().join("large-timed.html");
    std::fs::write(&file, timed).expect("written");
    let (dom, _) = chromium(&file, &["--dump-dom"]);
    let said = &dom[dom.find(RENDERED).expect("the page rendered") + RENDERED.len()..];
    let said = &said[..said.find("</title>").expect("the title ends")];
    let (ms, px) = said.split_once(" ms, ").expect("the time and the height");
    let ms: u64 = ms.parse().expect("a number of milliseconds");
    let px: u64 = px.trim_end_matches(" px").parse().expect("a height");
    assert!(px > 10_000, "the page was laid out whole: {px} px");
    println!("the page of 1,000 actors rendered in {ms} ms");
    assert!(ms < 2_000, "{ms} ms");
}
