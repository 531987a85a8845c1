//! Every code a run knows, cmilint's own (`codes.rs`) and the CMI rules', and how
//! users read them: `cmilint rules` lists them, `cmilint explain` explains one.

use std::fmt::{self, Write};

use crate::codes::{self, CodeInfo, Family};
use crate::diagnostic::Severity;
use crate::rules::{Rule, RuleSet};
use crate::suggest::Suggestions;
use crate::visible::is_invisible;

/// A code cmilint reports, with what a user reads of it.
pub(crate) struct Entry<'a> {
    pub(crate) code: &'a str,
    pub(crate) name: &'a str,
    severity: Severity,
    summary: &'a str,
    /// Whether a `# cmilint: allow(...)` may silence it.
    pub(crate) suppressible: bool,
    origin: Origin<'a>,
}

impl<'a> Entry<'a> {
    /// Whether the code is a CMI rule's (built in or an organisation's).
    pub(crate) fn is_rule(&self) -> bool {
        matches!(self.origin, Origin::Rule(_))
    }

    /// How much its diagnostics weigh, unless a setting says otherwise.
    pub(crate) fn severity(&self) -> Severity {
        self.severity
    }

    /// What it checks, in a sentence.
    pub(crate) fn summary(&self) -> &'a str {
        self.summary
    }

    /// Why it matters (a rule's rationale), or what it means and how to mend it (one
    /// of cmilint's own codes).
    pub(crate) fn description(&self) -> &'a str {
        match self.origin {
            Origin::Own(info) => info.documentation.why,
            Origin::Rule(rule) => &rule.rationale,
        }
    }
}

/// Where a code comes from.
enum Origin<'a> {
    Own(&'static CodeInfo),
    Rule(&'a Rule),
}

/// The codes of a run: cmilint's own, then the rules of the rule set.
pub struct Catalogue<'a> {
    rules: &'a RuleSet,
}

/// `cmilint explain` was asked about a code or name that no code has.
#[derive(Debug)]
pub struct UnknownCode {
    /// What was asked.
    pub asked: String,
    /// The closest code or name, if one is close.
    pub suggestion: Option<String>,
}

impl fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "there is no code or rule named `{}`", self.asked)?;
        if let Some(suggestion) = &self.suggestion {
            write!(f, "; did you mean `{suggestion}`?")?;
        }
        f.write_str(" (`cmilint rules` lists them all)")
    }
}

impl std::error::Error for UnknownCode {}

impl<'a> Catalogue<'a> {
    /// The codes of a run that uses these rules.
    pub fn new(rules: &'a RuleSet) -> Self {
        Catalogue { rules }
    }

    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry<'a>> {
        let own = codes::own_codes().map(|c| Entry {
            code: c.code,
            name: c.name,
            severity: c.severity,
            summary: c.summary,
            suppressible: c.suppressible,
            origin: Origin::Own(c),
        });
        let rules = self.rules.rules().iter().map(|r| Entry {
            code: &r.code,
            name: r.code.name(),
            severity: r.severity,
            summary: &r.summary,
            suppressible: true,
            origin: Origin::Rule(r),
        });
        own.chain(rules)
    }

    /// Every code, in the order `cmilint rules` lists them.
    pub fn codes(&self) -> impl Iterator<Item = &'a str> {
        self.entries().map(|e| e.code)
    }

    /// The entry of a code (not a name).
    pub(crate) fn code(&self, code: &str) -> Option<Entry<'a>> {
        self.entries().find(|e| e.code == code)
    }

    /// The entry of a code or a name, written exactly as listed.
    pub(crate) fn find(&self, code_or_name: &str) -> Option<Entry<'a>> {
        self.entries()
            .find(|e| e.code == code_or_name || e.name == code_or_name)
    }

    /// One line a code: `CODE  name  severity  summary`.
    pub fn list(&self) -> String {
        let entries: Vec<Entry<'_>> = self.entries().collect();
        let width = entries.iter().map(|e| e.name.len()).max().unwrap_or(0);
        let mut out = String::new();
        for e in &entries {
            // One line a rule, whatever line ends a rule file's summary holds.
            let summary = capitalize(&crate::visible::line(e.summary.trim()));
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

    /// The explanation of a code or name (in any letter case): what it means, a bad
    /// and a good example; for a CMI rule also its source, the terms it uses and the
    /// phrases it looks for.
    pub fn explain(&self, code_or_name: &str) -> Result<String, UnknownCode> {
        let named = |e: &Entry<'_>| {
            e.code.eq_ignore_ascii_case(code_or_name) || e.name.eq_ignore_ascii_case(code_or_name)
        };
        let Some(entry) = self
            .find(code_or_name)
            .or_else(|| self.entries().find(named))
        else {
            let known = self.entries().flat_map(|e| [e.code, e.name]);
            return Err(UnknownCode {
                asked: code_or_name.to_owned(),
                suggestion: Suggestions::for_text(0)
                    .closest(code_or_name, known)
                    .map(str::to_owned),
            });
        };
        let mut out = String::new();
        match entry.origin {
            Origin::Rule(rule) => self.explain_rule(rule, &mut out),
            Origin::Own(info) => {
                let kind = match info.family {
                    Family::Suppression => {
                        "It is reported about a `# cmilint: allow(...)` suppression and cannot itself be suppressed."
                    }
                    Family::Language => {
                        "It is a language diagnostic, built into cmilint: docs/language.md describes the language."
                    }
                };
                let doc = &info.documentation;
                write!(
                    out,
                    "{} {} ({})\n\n{}.\n\n{}\n\nWhat it means\n{}\nBad\n{}\nGood\n{}",
                    entry.code,
                    entry.name,
                    entry.severity,
                    capitalize(entry.summary),
                    wrap(kind, 80),
                    indent(&wrap(doc.why, 80)),
                    indent(&visible(doc.bad)),
                    indent(&visible(doc.good))
                )
                .expect("writing to a String");
            }
        }
        Ok(out)
    }

    fn explain_rule(&self, rule: &Rule, out: &mut String) {
        writeln!(
            out,
            "{} {} ({})",
            rule.code,
            rule.code.name(),
            rule.severity
        )
        .expect("writing to a String");
        write!(
            out,
            "\n{}\n\nSource: {}\n\nWhy it matters\n{}",
            rule.summary,
            rule.source,
            indent(&wrap(&rule.rationale, 80))
        )
        .expect("writing to a String");
        let terms = self.rules.terms(rule);
        if !terms.is_empty() {
            writeln!(out, "\nTerms").expect("writing to a String");
            for (name, description) in terms {
                out.push_str(&indent(&wrap(&format!("{name}: {description}"), 80)));
            }
        }
        let phrases: Vec<String> = rule.phrases().map(|p| format!("\"{p}\"")).collect();
        if !phrases.is_empty() {
            let listed = format!(
                "{} (in any letter case, the words apart by any white space, never inside a \
                 longer word)",
                phrases.join(", ")
            );
            write!(out, "\nPhrases\n{}", indent(&wrap(&listed, 80))).expect("writing to a String");
        }
        write!(
            out,
            "\nBad\n{}\nGood\n{}",
            indent(&rule.bad),
            indent(&rule.good)
        )
        .expect("writing to a String");
    }
}

/// An example as it can be shown on a terminal: an invisible character (but for a
/// space, a line end or a tab) as `<U+XXXX>`.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if is_invisible(c) && !matches!(c, ' ' | '\n' | '\t') {
                format!("<U+{:04X}>", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn indent(text: &str) -> String {
    text.trim_end()
        .lines()
        .fold(String::new(), |mut out, line| {
            writeln!(out, "    {line}").expect("writing to a String");
            out
        })
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
