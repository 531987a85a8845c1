//! The benchmark corpus: generated plans that follow every rule, made of repeated
//! "units" (an actor with its assessment, objective, engagement, share and activity),
//! so that a plan of any size is realistic and references resolve across it.

use std::fmt::Write;

const PLAN: &str = r#"# A generated plan for benchmarks (benches/corpus.rs).
plan "Generated benchmark plan" {
  operation: "BENCHMARK"
  level: tactical
  mission: crisis-response
  area: "Generated district"
  period: 2027-01-01..2027-12-31
  lead: j9
  review: monthly
}

subject protection-of-civilians { addressed-by: [obj-0] }
subject women-peace-and-security { not-applicable: "Generated" }
subject cultural-property-protection { not-applicable: "Generated" }
subject rule-of-law { not-applicable: "Generated" }
subject children-and-armed-conflict { not-applicable: "Generated" }
subject good-governance { addressed-by: [obj-0] }
subject building-integrity { not-applicable: "Generated" }
subject gender { not-applicable: "Generated" }
"#;

fn unit(out: &mut String, i: usize) {
    write!(
        out,
        r#"
actor org-{i} "Municipality {i}" {{
  kind: local-authority
  level: local
  relationship: existing
  contact: "Liaison officer of municipality {i}"
}}

assessment assess-{i} "Assessment of district {i}" {{
  by: j9
  date: 2026-12-15
  actors: [org-{i}]
  pmesii: [political, military, economic, social, information, infrastructure]
  ascope: [areas, structures, capabilities, organizations, people, events]
}}

objective obj-{i} "Restore services in district {i}" {{
  mandate: "OPORD 7/27 para {i}"
  consulted: [org-{i}]
  aligned-with: [org-{i}]
}}

engagement eng-{i} "Weekly meeting with municipality {i}" {{
  with: org-{i}
  by: j9
  level: local
  frequency: weekly
  purpose: "Agree the work plan of district {i} and share its timeline"
  shares: [timeline, way-of-operating]
}}

engagement eng-regional-{i} "Regional coordination {i}" {{
  with: org-{i}
  by: j9
  level: regional
  frequency: monthly
  shares: [timeline]
}}

share share-{i} "Information exchange with municipality {i}" {{
  with: org-{i}
  gives: [road-status]
  receives: [service-status]
}}

activity act-{i} "Train the engineers of municipality {i}" {{
  kind: capacity-building
  objective: obj-{i}
  owner: j9
  partners: [org-{i}]
  period: 2027-02-01..2027-05-31
  sustainability: """
    The municipality keeps the trained engineers on its payroll
    and runs the next courses itself.
    """
  transition {{ to: org-{i} by: 2027-05-31 criteria: "Engineers certified" }}
  measure trained-{i} "Engineers trained" {{ target: 12 shared-with: [org-{i}] }}
}}
"#
    )
    .expect("writing to a String");
}

const J9: &str = "\nactor j9 \"J9 Branch\" { kind: military }\n";

/// A plan of about `bytes` bytes, in one file.
pub(crate) fn plan(bytes: usize) -> String {
    let mut out = String::with_capacity(bytes + 4096);
    out.push_str(PLAN);
    out.push_str(J9);
    let mut i = 0;
    while out.len() < bytes {
        unit(&mut out, i);
        i += 1;
    }
    out
}

/// A repository of `files` plan files in `folder`: one shared library defining the
/// J9 branch, and plans of three units each that use it.
pub(crate) fn repository(folder: &std::path::Path, files: usize) -> std::io::Result<()> {
    std::fs::create_dir_all(folder.join("plans"))?;
    std::fs::write(folder.join(".cmilint.yaml"), "")?;
    std::fs::write(
        folder.join("common.cmi"),
        format!("# The shared actor registry.{J9}"),
    )?;
    for n in 1..files {
        let mut out = format!("use \"../common.cmi\"\n{PLAN}");
        for i in 0..3 {
            unit(&mut out, i);
        }
        std::fs::write(folder.join(format!("plans/plan-{n:04}.cmi")), out)?;
    }
    Ok(())
}

/// The plan files of a repository written by [`repository`] in `folder`, read into
/// memory.
pub(crate) fn repository_texts(folder: &std::path::Path) -> Vec<String> {
    std::fs::read_dir(folder.join("plans"))
        .expect("corpus written")
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("readable"))
        .collect()
}

/// A plan in which `count` activities share one partner and `count` engagements
/// with it do not tell it the timeline: every activity asks the same reverse
/// question (CMI208), which must be answered once, not once per activity.
pub(crate) fn shared_partner(count: usize) -> String {
    let mut out = String::from(
        "plan \"Shared partner\" { level: tactical period: 2027-01-01..2027-06-30 }\n\
         actor union \"Union\" { kind: civil-society }\n",
    );
    for i in 0..count {
        writeln!(
            out,
            "engagement talk-{i} \"Talk\" {{ with: union shares: [assessments] }}"
        )
        .expect("writing to a string");
    }
    for i in 0..count {
        writeln!(
            out,
            "activity fair-{i} \"Fair\" {{ kind: capacity-building partners: [union] period: 2027-03-01..2027-03-31 }}"
        )
        .expect("writing to a string");
    }
    out
}

/// A plan of `count` phases, each of ten days, each starting a week after the one
/// before: every phase overlaps the next, as the organisation rule of overlapping
/// phases (tests/organisation-rules/phases.yaml) finds.
pub(crate) fn phases(count: usize) -> String {
    let mut out =
        String::from("plan \"Phases\" { level: strategic period: 2027-01-01..9999-12-31 }\n");
    let date = |day: usize| {
        // Months of 28 days keep every date valid.
        format!(
            "{}-{:02}-{:02}",
            2027 + day / 336,
            day % 336 / 28 + 1,
            day % 28 + 1
        )
    };
    for i in 0..count {
        let start = i * 7;
        writeln!(
            out,
            "phase p{i} \"Phase {i}\" {{ period: {}..{} }}",
            date(start),
            date(start + 9)
        )
        .expect("writing to a string");
    }
    out
}

/// Hostile inputs (docs/performance.md): each once took the square of its size, or
/// more; each must now take time in proportion to it.
pub(crate) mod hostile {
    use std::fmt::Write;

    const PLAN_LINE: &str = "plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n";

    /// `count` actors, and one engagement naming `count` others that none defines: as
    /// many "did you mean" searches among as many identifiers.
    pub(crate) fn undefined_references(count: usize) -> String {
        let mut out = String::from(PLAN_LINE);
        for i in 0..count {
            writeln!(out, "actor actor-{i:05} \"A\" {{ kind: ngo }}").expect("writing to a string");
        }
        let partners: Vec<String> = (0..count).map(|i| format!("partner-{i:05}")).collect();
        writeln!(
            out,
            "engagement e \"E\" {{ with: [{}] }}",
            partners.join(", ")
        )
        .expect("writing to a string");
        out
    }

    /// A reference of `length` characters to nothing, beside an identifier as long.
    pub(crate) fn long_reference(length: usize) -> String {
        let id = "a".repeat(length);
        let reference = format!("{}b", "a".repeat(length - 1));
        format!(
            "{PLAN_LINE}actor {id} \"A\" {{ kind: ngo }}\nengagement e \"E\" {{ with: {reference} }}\n"
        )
    }

    /// `count` suppression lines in a row before one block.
    pub(crate) fn suppressions(count: usize) -> String {
        "# cmilint: allow(E003) -- generated\n".repeat(count)
            + "actor a \"A\" { kind: ngo headquarters: x }\n"
    }

    /// One line holding `count` fields that `actor` does not have.
    pub(crate) fn unknown_fields_on_one_line(count: usize) -> String {
        let fields: Vec<String> = (0..count).map(|i| format!("f{i}: x")).collect();
        format!("actor a \"Ü\" {{ kind: ngo {} }}\n", fields.join(" "))
    }

    /// One line holding `count` copies of one field.
    pub(crate) fn duplicate_fields_on_one_line(count: usize) -> String {
        format!("actor a \"A\" {{ {}}}\n", "kind: ngo ".repeat(count))
    }

    /// A rule file whose predicate uses the one below it twice, `layers` deep (2 to the
    /// power `layers` conditions written out), over every activity.
    pub(crate) fn layered_predicates(layers: usize) -> String {
        let mut out = String::from(
            "predicates:\n  p0:\n    of: activity\n    description: d\n    where: { absent: owner }\n",
        );
        for i in 1..=layers {
            writeln!(
                out,
                "  p{i}:\n    of: activity\n    description: d\n    where: {{ all: [ {{ predicate: p{p} }}, {{ predicate: p{p} }} ] }}",
                p = i - 1
            )
            .expect("writing to a string");
        }
        writeln!(
            out,
            "rules:\n  - code: ORG900\n    name: layered\n    severity: info\n    source: s\n    summary: s.\n    rationale: r\n    bad: b\n    good: g\n    checks:\n      - for-each: activity\n        where: {{ predicate: p{layers} }}\n        message: \"{{block}} has no owner\""
        )
        .expect("writing to a string");
        out
    }

    /// `count` activities for [`layered_predicates`] to look at.
    pub(crate) fn activities(count: usize) -> String {
        let mut out = String::from(PLAN_LINE);
        for i in 0..count {
            writeln!(out, "activity a{i} \"A\" {{ kind: non-military-task }}")
                .expect("writing to a string");
        }
        out
    }
}
