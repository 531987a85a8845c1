//! Suppressions: `# cmilint: allow(CODE, ...) -- reason` comments, what each one
//! silences, and the diagnostics about suppressions themselves (S001–S003).

use std::collections::BTreeMap;

use crate::catalogue::Catalogue;
use crate::codes::SuppressionCode;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::{FileId, SourceFile, Span};
use crate::suggest::did_you_mean;
use crate::syntax::{BlockSyntax, FileSyntax};

#[derive(Debug)]
pub(crate) struct Suppression {
    file: FileId,
    comment: Span,
    codes: Vec<String>,
    reason: bool,
    /// What it applies to; `None` for the whole file (`allow-file`).
    scope: Option<Span>,
}

impl Suppression {
    /// Whether the suppression applies where a diagnostic points.
    fn covers(&self, at: Location) -> bool {
        self.file == at.file
            && self
                .scope
                .is_none_or(|scope| scope.start <= at.span.start && at.span.start < scope.end)
    }
}

/// The suppressions of a file.
pub(crate) fn collect(file: FileId, source: &SourceFile, syntax: &FileSyntax) -> Vec<Suppression> {
    let mut starts = None;
    syntax
        .comments
        .iter()
        .filter_map(|&comment| {
            let (whole_file, codes, reason) = parse(&source.text[comment.range()])?;
            let scope = if whole_file {
                None
            } else {
                let starts = starts.get_or_insert_with(|| construct_starts(syntax));
                Some(scope(source, starts, comment))
            };
            Some(Suppression {
                file,
                comment,
                codes,
                reason,
                scope,
            })
        })
        .collect()
}

/// Reads `# cmilint: allow(CODE, ...) -- reason`: whether it is `allow-file`, the
/// codes, and whether a reason follows. Spaces are optional around `:`, the
/// parentheses and the commas.
fn parse(comment: &str) -> Option<(bool, Vec<String>, bool)> {
    let rest = comment.strip_prefix('#')?.trim_start();
    let rest = rest.strip_prefix("cmilint")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let (whole_file, rest) = match rest.strip_prefix("allow-file") {
        Some(rest) => (true, rest),
        None => (false, rest.strip_prefix("allow")?),
    };
    let rest = rest.trim_start().strip_prefix('(')?;
    let close = rest.find(')')?;
    let codes = rest[..close]
        .split(',')
        .map(|c| c.trim().to_owned())
        .collect();
    let after = rest[close + 1..].trim_start();
    let reason = after
        .strip_prefix("--")
        .is_some_and(|r| !r.trim().is_empty());
    Some((whole_file, codes, reason))
}

/// Where each `use`, block and field starts, with its span.
fn construct_starts(syntax: &FileSyntax) -> BTreeMap<usize, Span> {
    fn block(b: &BlockSyntax, out: &mut BTreeMap<usize, Span>) {
        out.entry(b.span.start).or_insert(b.span);
        for field in &b.fields {
            out.entry(field.span().start).or_insert(field.span());
        }
        for nested in &b.blocks {
            block(nested, out);
        }
    }
    let mut out = BTreeMap::new();
    for use_line in &syntax.uses {
        out.insert(use_line.span.start, use_line.span);
    }
    for b in &syntax.blocks {
        block(b, &mut out);
    }
    out
}

/// A comment on its own line applies to the construct that starts on the next line
/// that is not a comment (a blank line in between ends the search); a comment after
/// code applies to its own line.
fn scope(source: &SourceFile, starts: &BTreeMap<usize, Span>, comment: Span) -> Span {
    let line = source.line_of(comment.start);
    let line_span = source.line_span(line);
    let own_line = source.text[line_span.start..comment.start]
        .trim()
        .is_empty();
    if !own_line {
        return line_span;
    }
    let mut next = line + 1;
    while let Some(span) = source.line_span_checked(next) {
        let text = source.text[span.range()].trim();
        if text.is_empty() {
            break;
        }
        if text.starts_with('#') {
            next += 1;
            continue;
        }
        return starts
            .range(span.start..span.end)
            .next()
            .map_or(span, |(_, construct)| *construct);
    }
    Span::new(comment.end, comment.end)
}

/// Removes the diagnostics that suppressions silence and adds S001–S003. The
/// catalogue tells which codes exist and which may be silenced.
pub(crate) fn apply(
    suppressions: &[Suppression],
    diagnostics: &mut Vec<Diagnostic>,
    catalogue: &Catalogue<'_>,
) {
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    diagnostics.retain(|d| {
        let covering: Vec<usize> = suppressions
            .iter()
            .enumerate()
            .filter(|(_, s)| s.covers(d.location))
            .map(|(i, _)| i)
            .collect();
        if covering.is_empty() || !catalogue.code(&d.code).is_some_and(|e| e.suppressible) {
            return true;
        }
        let mut silenced = false;
        for s in covering {
            for (c, code) in suppressions[s].codes.iter().enumerate() {
                if *code == d.code {
                    used[s][c] = true;
                    silenced = true;
                }
            }
        }
        !silenced
    });
    for (s, suppression) in suppressions.iter().enumerate() {
        let at = Location {
            file: suppression.file,
            span: suppression.comment,
        };
        for (c, code) in suppression.codes.iter().enumerate() {
            if catalogue.code(code).is_none() {
                let message = if code.is_empty() {
                    "this `allow` names no code".to_owned()
                } else {
                    format!(
                        "`{code}` is not a code of cmilint{}",
                        did_you_mean(code, catalogue.codes())
                    )
                };
                diagnostics.push(
                    Diagnostic::new(&SuppressionCode::UnknownCode, at, message).with_help(
                        "name codes exactly as `cmilint rules` lists them, such as CMI110",
                    ),
                );
            } else if !used[s][c] {
                diagnostics.push(
                    Diagnostic::new(
                        &SuppressionCode::Unused,
                        at,
                        format!("`allow({code})` silences nothing here"),
                    )
                    .with_help(format!(
                        "remove `{code}` from the suppression: no {code} diagnostic is reported where it applies"
                    )),
                );
            }
        }
        if !suppression.reason {
            diagnostics.push(
                Diagnostic::new(
                    &SuppressionCode::WithoutReason,
                    at,
                    "this suppression gives no reason",
                )
                .with_help(
                    "say why after `--`: `# cmilint: allow(CMI201) -- relationship recorded in Annex B`",
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn reads_the_forms_language_md_allows() {
        assert_eq!(
            parse("# cmilint: allow(CMI203) -- measures are in Annex B"),
            Some((false, vec!["CMI203".into()], true))
        );
        assert_eq!(
            parse("#cmilint:allow-file( CMI404 ,CMI401 )--why"),
            Some((true, vec!["CMI404".into(), "CMI401".into()], true))
        );
        assert_eq!(
            parse("# cmilint: allow(CMI201)"),
            Some((false, vec!["CMI201".into()], false))
        );
        assert_eq!(
            parse("# cmilint: allow(CMI201) --   "),
            Some((false, vec!["CMI201".into()], false))
        );
        assert_eq!(
            parse("# cmilint: allow()"),
            Some((false, vec![String::new()], false))
        );
        assert_eq!(parse("# an ordinary comment"), None);
        assert_eq!(parse("# cmilint: deny(CMI201)"), None);
    }
}
