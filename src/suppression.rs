//! Suppressions: `# cmilint: allow(CODE, ...) -- reason` comments, what each one
//! silences, and the diagnostics about suppressions themselves (S001–S003).

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::catalogue::{Catalogue, Entry};
use crate::codes::{LanguageCode, SuppressionCode};
use crate::diagnostic::{Diagnostic, Location, Silencer, Suppressed};
use crate::source::{FileId, SourceFile, Span};
use crate::suggest::Suggestions;
use crate::syntax::{BlockSyntax, FileSyntax, UseLine};

#[derive(Debug)]
pub(crate) struct Suppression {
    file: FileId,
    comment: Span,
    /// The codes or rule names, as written.
    codes: Vec<String>,
    /// What follows `--`, if anything does.
    reason: Option<String>,
    /// What it applies to; `None` for the whole file (`allow-file`).
    scope: Option<Span>,
    /// The top-level block or `use` line the comment stands in or applies to: where a
    /// diagnostic it misses is looked for, to say so.
    around: Option<Span>,
}

/// The suppressions of a file.
pub(crate) fn collect(file: FileId, source: &SourceFile, syntax: &FileSyntax) -> Vec<Suppression> {
    let mut starts = None;
    let mut after = None;
    let mut top_level: Option<Vec<Span>> = None;
    syntax
        .comments
        .iter()
        .filter_map(|&comment| {
            let (whole_file, codes, reason) = parse(&source.text[comment.range()])?;
            let scope = if whole_file {
                None
            } else {
                let starts = starts.get_or_insert_with(|| construct_starts(syntax));
                Some(scope(source, starts, comment, &mut after))
            };
            let blocks =
                top_level.get_or_insert_with(|| syntax.blocks.iter().map(|b| b.span).collect());
            let around = top_level_item(blocks, &syntax.uses, comment.start())
                .or_else(|| scope.and_then(|s| top_level_item(blocks, &syntax.uses, s.start())));
            Some(Suppression {
                file,
                comment,
                codes,
                reason,
                scope,
                around,
            })
        })
        .collect()
}

/// The span of the top-level block (of `blocks`, their spans) or `use` line that holds
/// `offset`.
fn top_level_item(blocks: &[Span], uses: &[UseLine], offset: usize) -> Option<Span> {
    holding(blocks, |&b| b, offset).or_else(|| holding(uses, |u| u.span, offset))
}

/// The span of the item of `items` (in the order of the file) that holds `offset`.
fn holding<T>(items: &[T], span: impl Fn(&T) -> Span, offset: usize) -> Option<Span> {
    let after = items.partition_point(|item| span(item).start() <= offset);
    let last = items.get(after.checked_sub(1)?).map(span)?;
    (offset < last.end()).then_some(last)
}

/// Reads `# cmilint: allow(CODE, ...) -- reason`: whether it is `allow-file`, the
/// codes, and the reason, if one follows. Spaces are optional around `:`, the
/// parentheses and the commas.
fn parse(comment: &str) -> Option<(bool, Vec<String>, Option<String>)> {
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
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_owned);
    Some((whole_file, codes, reason))
}

/// Where each `use`, block and field starts, with its span.
fn construct_starts(syntax: &FileSyntax) -> BTreeMap<usize, Span> {
    fn block(b: &BlockSyntax, out: &mut BTreeMap<usize, Span>) {
        out.entry(b.span.start()).or_insert(b.span);
        for field in &b.fields {
            out.entry(field.span().start()).or_insert(field.span());
        }
        for nested in &b.blocks {
            block(nested, out);
        }
    }
    let mut out = BTreeMap::new();
    for use_line in &syntax.uses {
        out.insert(use_line.span.start(), use_line.span);
    }
    for b in syntax.blocks.iter() {
        block(b, &mut out);
    }
    out
}

/// A comment on its own line applies to the construct that starts on the next line
/// that is not a comment (a blank line in between ends the search); a comment after
/// code applies to its own line. `after` keeps the last search, `(the line it
/// stopped at, the construct found there)`: the comments of a run of comment lines
/// share it, so that a long run is searched once.
fn scope(
    source: &SourceFile,
    starts: &BTreeMap<usize, Span>,
    comment: Span,
    after: &mut Option<(usize, Option<Span>)>,
) -> Span {
    let line = source.line_of(comment.start());
    let line_span = source.line_span(line);
    let own_line = source.text[line_span.start()..comment.start()]
        .trim()
        .is_empty();
    if !own_line {
        return line_span;
    }
    let found = match *after {
        Some((stop, found)) if line < stop => found,
        _ => {
            let (stop, found) = next_construct(source, starts, line + 1);
            *after = Some((stop, found));
            found
        }
    };
    found.unwrap_or(Span::new(comment.end(), comment.end()))
}

/// From `line` on, the first line that is not a comment, and the construct that starts
/// there; no construct at a blank line or the end of the file.
fn next_construct(
    source: &SourceFile,
    starts: &BTreeMap<usize, Span>,
    mut line: usize,
) -> (usize, Option<Span>) {
    while let Some(span) = source.line_span_checked(line) {
        let text = source.text[span.range()].trim();
        if text.is_empty() {
            return (line, None);
        }
        if !text.starts_with('#') {
            let construct = starts
                .range(span.start()..span.end())
                .next()
                .map_or(span, |(_, construct)| *construct);
            return (line, Some(construct));
        }
        line += 1;
    }
    (line, None)
}

/// Takes out the diagnostics that suppressions silence, returned with the suppression
/// that silenced each, and adds S001–S003. The
/// catalogue tells which codes and rule names exist and which may be silenced. In the
/// files of `incomplete` (the files of plans that miss a `use`d file), an `allow` of a
/// rule or of E005 that silences nothing is not reported: those were not looked for.
/// "Did you mean" spends a budget for each file, from the bytes of its text that
/// `text_bytes` gives.
pub(crate) fn apply(
    suppressions: &[Suppression],
    diagnostics: &mut Vec<Diagnostic>,
    catalogue: &Catalogue<'_>,
    incomplete: &HashSet<FileId>,
    text_bytes: impl Fn(FileId) -> usize,
) -> Vec<Suppressed> {
    if suppressions.is_empty() {
        return Vec::new();
    }
    // What each code or name of each suppression stands for, if anything.
    let named: Vec<Vec<Option<Entry<'_>>>> = suppressions
        .iter()
        .map(|s| s.codes.iter().map(|c| catalogue.find(c)).collect())
        .collect();
    let mut used: Vec<Vec<bool>> = suppressions
        .iter()
        .map(|s| vec![false; s.codes.len()])
        .collect();
    let silenced_by = silenced(suppressions, &named, diagnostics, catalogue, &mut used);
    // The silenced findings are taken out in place: the others are not copied.
    let mut by = silenced_by.into_iter();
    let mut silencers = Vec::new();
    let silenced: Vec<Diagnostic> = diagnostics
        .extract_if(.., |_| {
            by.next().flatten().map(|s| silencers.push(s)).is_some()
        })
        .collect();
    let suppressed: Vec<Suppressed> = silenced
        .into_iter()
        .zip(silencers)
        .map(|(diagnostic, s)| Suppressed {
            diagnostic,
            by: Silencer::Comment {
                at: Location {
                    file: suppressions[s].file,
                    span: suppressions[s].comment,
                },
                reason: suppressions[s].reason.clone(),
            },
        })
        .collect();
    // Where each code is still reported in each file, in order, for an `allow` that
    // missed it.
    let mut reported: HashMap<(FileId, &str), Vec<Span>> = HashMap::new();
    for d in diagnostics.iter() {
        let places = reported
            .entry((d.location.file, d.code().as_ref()))
            .or_default();
        places.push(d.location.span);
    }
    for places in reported.values_mut() {
        places.sort_unstable();
    }
    let mut found = Vec::new();
    let mut budgets: HashMap<FileId, Suggestions> = HashMap::new();
    for (s, suppression) in suppressions.iter().enumerate() {
        let at = Location {
            file: suppression.file,
            span: suppression.comment,
        };
        // A code named twice, by its code and its name, is said once.
        let mut said = HashSet::new();
        for (c, written) in suppression.codes.iter().enumerate() {
            let Some(entry) = &named[s][c] else {
                let file = suppression.file;
                let suggestions = budgets
                    .entry(file)
                    .or_insert_with(|| Suggestions::for_text(text_bytes(file)));
                found.push(unknown(at, written, catalogue, suggestions));
                continue;
            };
            if !said.insert(entry.code) || used[s][c] {
                continue;
            }
            if !entry.suppressible {
                found.push(
                    Diagnostic::new(
                        &SuppressionCode::Unused,
                        at,
                        format!(
                            "`allow({written})` silences nothing: {} cannot be suppressed",
                            entry.code
                        ),
                    )
                    .with_help(format!(
                        "remove `{written}` from the suppression, and mend what {} reports",
                        entry.code
                    )),
                );
                continue;
            }
            let not_looked_for = incomplete.contains(&suppression.file)
                && (entry.is_rule() || entry.code == LanguageCode::UndefinedReference.info().code);
            if !not_looked_for {
                let places = reported.get(&(suppression.file, entry.code));
                found.push(unused(suppression, written, entry.code, places));
            }
        }
        if suppression.reason.is_none() {
            let form = if suppression.scope.is_none() {
                "allow-file"
            } else {
                "allow"
            };
            let codes = suppression.codes.join(", ");
            found.push(
                Diagnostic::new(
                    &SuppressionCode::WithoutReason,
                    at,
                    "this suppression gives no reason",
                )
                .with_help(format!(
                    "say why after `--`: `# cmilint: {form}({codes}) -- why the plan accepts it`"
                )),
            );
        }
    }
    diagnostics.extend(found);
    suppressed
}

/// The suppressions of a file that apply to the same place: the codes they name, each
/// with the suppressions and codes that name it, and the codes that silenced
/// something.
struct Scope<'a> {
    file: FileId,
    /// `None` for the whole file.
    span: Option<Span>,
    names: HashMap<&'a str, Vec<(usize, usize)>>,
    silenced: HashSet<&'a str>,
}

/// For each diagnostic, the first suppression that applies where it points and names
/// its code, if the code may be silenced; marks in `used` each code of a suppression that
/// silenced something. The diagnostics of a file are met in order of place while the
/// scopes that apply are kept at hand, so that many suppressions and many diagnostics
/// cost their number, not its square.
fn silenced<'a>(
    suppressions: &[Suppression],
    named: &[Vec<Option<Entry<'a>>>],
    diagnostics: &[Diagnostic],
    catalogue: &Catalogue<'_>,
    used: &mut [Vec<bool>],
) -> Vec<Option<usize>> {
    let mut scopes: Vec<Scope<'a>> = Vec::new();
    let mut index: HashMap<(FileId, Option<Span>), usize> = HashMap::new();
    for (s, suppression) in suppressions.iter().enumerate() {
        let key = (suppression.file, suppression.scope);
        let at = *index.entry(key).or_insert_with(|| {
            scopes.push(Scope {
                file: suppression.file,
                span: suppression.scope,
                names: HashMap::new(),
                silenced: HashSet::new(),
            });
            scopes.len() - 1
        });
        for (c, entry) in named[s].iter().enumerate() {
            if let Some(entry) = entry {
                scopes[at].names.entry(entry.code).or_default().push((s, c));
            }
        }
    }
    // Scopes by file and start, the whole file's first; diagnostics likewise.
    let mut by_start: Vec<usize> = (0..scopes.len()).collect();
    by_start.sort_by_key(|&i| (scopes[i].file, scopes[i].span.map(|s| (s.start(), s.end()))));
    let mut order: Vec<usize> = (0..diagnostics.len())
        .filter(|&i| {
            catalogue
                .code(diagnostics[i].code())
                .is_some_and(|e| e.suppressible)
        })
        .collect();
    order.sort_by_key(|&i| {
        (
            diagnostics[i].location.file,
            diagnostics[i].location.span.start(),
        )
    });
    let mut silenced = vec![None; diagnostics.len()];
    let mut next = by_start.iter().copied().peekable();
    // The scopes that may apply at the current place: by end, the whole file's last.
    let mut open: BTreeSet<(usize, usize)> = BTreeSet::new();
    let mut file = None;
    for i in order {
        let Location { file: here, span } = diagnostics[i].location;
        if file != Some(here) {
            file = Some(here);
            open.clear();
            while next.next_if(|&g| scopes[g].file < here).is_some() {}
        }
        while let Some(g) = next.next_if(|&g| {
            scopes[g].file == here && scopes[g].span.is_none_or(|s| s.start() <= span.start())
        }) {
            open.insert((
                scopes[g].span.map_or(usize::MAX, super::source::Span::end),
                g,
            ));
        }
        while open.first().is_some_and(|&(end, _)| end <= span.start()) {
            open.pop_first();
        }
        let code: &str = diagnostics[i].code();
        for &(_, g) in &open {
            if let Some((&name, naming)) = scopes[g].names.get_key_value(code) {
                let first = naming.first().map(|&(s, _)| s);
                scopes[g].silenced.insert(name);
                silenced[i] = silenced[i].or(first);
            }
        }
    }
    for scope in &scopes {
        for name in &scope.silenced {
            for &(s, c) in &scope.names[name] {
                used[s][c] = true;
            }
        }
    }
    silenced
}

/// S002 for a code or name that no code has.
fn unknown(
    at: Location,
    written: &str,
    catalogue: &Catalogue<'_>,
    suggestions: &mut Suggestions,
) -> Diagnostic {
    let message = if written.is_empty() {
        "this `allow` names no code".to_owned()
    } else {
        let known = catalogue.entries().flat_map(|e| [e.code, e.name]);
        format!(
            "`{written}` is not a code or rule name of cmilint{}",
            suggestions.did_you_mean(written, known)
        )
    };
    Diagnostic::new(&SuppressionCode::UnknownCode, at, message).with_help(
        "name codes and rules exactly as `cmilint rules` lists them, such as CMI110 or \
         no-transition-plan",
    )
}

/// S001 for a code (written as `written`) that the suppression silenced nothing of; it
/// points at the place nearest the suppression, among the `places` (in order) where
/// that code is still reported in its file, that lies in the same top-level item.
fn unused(
    suppression: &Suppression,
    written: &str,
    code: &str,
    places: Option<&Vec<Span>>,
) -> Diagnostic {
    let at = Location {
        file: suppression.file,
        span: suppression.comment,
    };
    let missed = suppression.around.zip(places).and_then(|(around, places)| {
        let first = places.partition_point(|p| p.start() < around.start());
        let end = places.partition_point(|p| p.start() < around.end());
        let inside = &places[first..end];
        let after = inside.partition_point(|p| p.start() < suppression.comment.start());
        let before = after.checked_sub(1).and_then(|i| inside.get(i));
        [before, inside.get(after)]
            .into_iter()
            .flatten()
            .min_by_key(|span| span.start().abs_diff(suppression.comment.start()))
    });
    let diagnostic = Diagnostic::new(
        &SuppressionCode::Unused,
        at,
        format!("`allow({written})` silences nothing here"),
    );
    match missed {
        Some(&span) => {
            let place = Location {
                file: suppression.file,
                span,
            };
            diagnostic
                .with_secondary(place, format!("{code} is reported here, outside what the `allow` covers"))
                .with_help(
                    "an `allow` on a line of its own covers the block, field or `use` on the \
                     next line, one at the end of a line covers that line: move it to the line \
                     before the one reported",
                )
        }
        None => diagnostic.with_help(format!(
            "remove `{written}` from the suppression: no {code} diagnostic is reported where it applies"
        )),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::{parse, scope};
    use crate::source::{SourceMap, Span};

    #[test]
    fn a_run_of_comment_lines_is_searched_once_for_its_construct() {
        let mut sources = SourceMap::default();
        let text = "# a\n# b\n# c\nactor a \"A\" { }\n";
        let id = sources.add("p.cmi".into(), None, text.into());
        let source = sources.get(id);
        let actor = Span::new(12, 27);
        let starts = BTreeMap::from([(12, actor)]);
        let comment = |start| Span::new(start, start + 3);
        let mut after = None;
        assert_eq!(scope(source, &starts, comment(0), &mut after), actor);
        // The comments below in the run take the search kept, and search no more.
        let kept = Span::new(1, 2);
        let (stop, _) = after.expect("the search is kept");
        after = Some((stop, Some(kept)));
        assert_eq!(scope(source, &starts, comment(4), &mut after), kept);
        assert_eq!(scope(source, &starts, comment(8), &mut after), kept);
    }

    #[test]
    fn reads_the_forms_language_md_allows() {
        assert_eq!(
            parse("# cmilint: allow(CMI203) -- measures are in Annex B"),
            Some((
                false,
                vec!["CMI203".into()],
                Some("measures are in Annex B".into())
            ))
        );
        assert_eq!(
            parse("#cmilint:allow-file( CMI404 ,CMI401 )--why"),
            Some((
                true,
                vec!["CMI404".into(), "CMI401".into()],
                Some("why".into())
            ))
        );
        assert_eq!(
            parse("# cmilint: allow(CMI201)"),
            Some((false, vec!["CMI201".into()], None))
        );
        assert_eq!(
            parse("# cmilint: allow(CMI201) --   "),
            Some((false, vec!["CMI201".into()], None))
        );
        assert_eq!(
            parse("# cmilint: allow()"),
            Some((false, vec![String::new()], None))
        );
        assert_eq!(parse("# an ordinary comment"), None);
        assert_eq!(parse("# cmilint: deny(CMI201)"), None);
    }
}
