//! The catalogue as users read it: `cmilint rules` lists every code, and
//! `cmilint explain` explains one.

use std::fmt::Write;

use crate::diagnostic::{LanguageCode, Severity};
use crate::rules::RuleSet;
use crate::suggest::did_you_mean;
use crate::suppression;

/// Code, name, severity and summary of a code cmilint reports.
struct Entry<'a> {
    code: &'a str,
    name: &'a str,
    severity: Severity,
    summary: &'a str,
}

/// cmilint's own codes, E and S: no rule may take their codes or names.
fn own_entries<'a>() -> impl Iterator<Item = Entry<'a>> {
    let language = LanguageCode::ALL.iter().map(|c| {
        let info = c.info();
        Entry {
            code: info.code,
            name: info.name,
            severity: Severity::Error,
            summary: info.summary,
        }
    });
    let suppressions = suppression::CODES
        .iter()
        .map(|(code, name, summary)| Entry {
            code,
            name,
            severity: Severity::Warning,
            summary,
        });
    language.chain(suppressions)
}

/// The code and name of each of cmilint's own codes.
pub fn own_codes<'a>() -> impl Iterator<Item = (&'a str, &'a str)> {
    own_entries().map(|e| (e.code, e.name))
}

fn entries(rules: &RuleSet) -> Vec<Entry<'_>> {
    let cmi = rules.rules.iter().map(|r| Entry {
        code: &r.code,
        name: &r.name,
        severity: r.severity,
        summary: &r.summary,
    });
    own_entries().chain(cmi).collect()
}

/// One line a code: `CODE  name  severity  summary`.
pub fn list(rules: &RuleSet) -> String {
    let entries = entries(rules);
    let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
    let mut out = String::new();
    for e in &entries {
        let summary = capitalize(e.summary);
        let stop = if summary.ends_with('.') { "" } else { "." };
        writeln!(
            out,
            "{:<7} {:<width$}  {:<7}  {summary}{stop}",
            e.code,
            e.name,
            e.severity.to_string()
        )
        .expect("writing to a String");
    }
    out
}

/// The explanation of a code or rule name: for a CMI rule its source, rationale, the
/// terms it uses and a bad and a good example.
pub fn explain(rules: &RuleSet, code_or_name: &str) -> Result<String, String> {
    let mut out = String::new();
    if let Some(rule) = rules.find(code_or_name) {
        writeln!(out, "{} {} ({})", rule.code, rule.name, rule.severity)
            .expect("writing to a String");
        write!(
            out,
            "\n{}\n\nSource: {}\n\nWhy it matters\n{}",
            rule.summary,
            rule.source,
            indent(&wrap(&rule.rationale, 80))
        )
        .expect("writing to a String");
        let terms = rules.terms(rule);
        if !terms.is_empty() {
            writeln!(out, "\nTerms").expect("writing to a String");
            for (name, description) in terms {
                out.push_str(&indent(&wrap(&format!("{name}: {description}"), 80)));
            }
        }
        write!(
            out,
            "\nBad\n{}\nGood\n{}",
            indent(&rule.bad),
            indent(&rule.good)
        )
        .expect("writing to a String");
        return Ok(out);
    }
    let entries = entries(rules);
    if let Some(e) = entries
        .iter()
        .find(|e| e.code == code_or_name || e.name == code_or_name)
    {
        let kind = if e.code.starts_with('S') {
            "It is reported about a `# cmilint: allow(...)` suppression and cannot itself be suppressed."
        } else {
            "It is a language diagnostic, built into cmilint: docs/language.md describes the language."
        };
        writeln!(
            out,
            "{} {} ({})\n\n{}.\n\n{kind}",
            e.code,
            e.name,
            e.severity,
            capitalize(e.summary)
        )
        .expect("writing to a String");
        return Ok(out);
    }
    let hint = did_you_mean(code_or_name, entries.iter().flat_map(|e| [e.code, e.name]));
    Err(format!(
        "there is no code or rule named `{code_or_name}`{hint} (`cmilint rules` lists them all)"
    ))
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .map(|l| format!("    {l}\n"))
        .collect()
}

/// Breaks a paragraph into lines of at most `width` characters, between words.
fn wrap(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for word in text.split_whitespace() {
        if line > 0 && line + 1 + word.chars().count() > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(word);
        line += word.chars().count();
    }
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}
