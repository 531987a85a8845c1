//! A document's diagnostics, as `cmilint check` finds them for the file it is (with the
//! files it uses, read from disk: see `navigation::Analysis`), in the language
//! server's terms: ranges in the
//! agreed encoding, the code, the severity, the help in the message and the second
//! places as related information.

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Uri,
};

use super::documents::{Encoding, Lines};
use super::navigation::Analysis;
use crate::diagnostic::{self, Findings, Severity};
use crate::source::SourceFile;

/// What `cmilint check` reports in the document an analysis is of.
pub(crate) fn of(analysis: &Analysis, uri: &str, encoding: Encoding) -> Vec<Diagnostic> {
    let findings = analysis.findings();
    let here = analysis.file();
    let lines = Lines::new(&findings.sources.get(here).text);
    findings
        .diagnostics
        .iter()
        .filter(|d| d.location.file == here)
        .map(|d| convert(d, findings, uri, &lines, encoding))
        .collect()
}

fn convert(
    d: &diagnostic::Diagnostic,
    findings: &Findings,
    uri: &str,
    lines: &Lines,
    encoding: Encoding,
) -> Diagnostic {
    let file = findings.sources.get(d.location.file);
    let range = lines.range(
        &file.text,
        d.location.span.start(),
        d.location.span.end(),
        encoding,
    );
    let mut message = d.message().to_string();
    if let Some(help) = &d.help() {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let related = d
        .secondary()
        .iter()
        .filter_map(|label| {
            let other = findings.sources.get(label.location.file);
            let target = location(
                other,
                uri,
                label.location.span.start(),
                label.location.span.end(),
                encoding,
                file,
                lines,
            )?;
            Some(DiagnosticRelatedInformation {
                location: target,
                message: label.message.to_string(),
            })
        })
        .collect::<Vec<_>>();
    Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(d.code().to_string())),
        code_description: documentation(d.code()),
        source: Some("cmilint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}

/// Where a code is documented: the page of cmilint's documentation that describes its
/// family (the language, suppressions, the rules); `cmilint explain` and the hover give
/// its own explanation.
fn documentation(code: &str) -> Option<CodeDescription> {
    let page = match code.as_bytes().first() {
        Some(b'E') if code[1..].bytes().all(|b| b.is_ascii_digit()) => "language.md",
        Some(b'S') if code[1..].bytes().all(|b| b.is_ascii_digit()) => "rules.md#suppressions",
        _ => "rules.md",
    };
    let href = format!("{}/blob/main/docs/{page}", env!("CARGO_PKG_REPOSITORY"));
    Some(CodeDescription {
        href: href.parse().ok()?,
    })
}

/// A place in `file`: in the document itself, or in a file on disk it uses.
fn location(
    file: &SourceFile,
    uri: &str,
    start: usize,
    end: usize,
    encoding: Encoding,
    document: &SourceFile,
    lines: &Lines,
) -> Option<Location> {
    let (uri, range) = if std::ptr::eq(file, document) {
        (
            uri.to_owned(),
            lines.range(&file.text, start, end, encoding),
        )
    } else {
        let other = Lines::new(&file.text);
        (
            crate::uri::of_file(file.path.as_deref()?),
            other.range(&file.text, start, end, encoding),
        )
    };
    Some(Location::new(uri.parse::<Uri>().ok()?, range))
}
