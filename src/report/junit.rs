//! JUnit XML, which CI services show as test results: one test case a file checked,
//! failed by each of its diagnostics.

use std::io::{self, Write};

use super::short::OneLine;
use crate::diagnostic::{Diagnostic, Findings};
use crate::source::FileId;

/// Writes the findings as one JUnit report.
pub fn write(out: &mut dyn Write, findings: &Findings) -> io::Result<()> {
    let sources = &findings.sources;
    let files = sources.len();
    // A file fails when it has a diagnostic; each diagnostic is a failure of it.
    let failed_files = {
        let mut ids: Vec<FileId> = findings
            .diagnostics
            .iter()
            .map(|d| d.location.file)
            .collect();
        ids.dedup();
        ids.len()
    };
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="cmilint" tests="{files}" failures="{failed_files}">"#
    )?;
    writeln!(
        out,
        r#"  <testsuite name="cmilint" tests="{files}" failures="{failed_files}">"#
    )?;
    let mut by_file: Vec<Vec<&Diagnostic>> = vec![Vec::new(); files];
    for d in &findings.diagnostics {
        by_file[d.location.file.0 as usize].push(d);
    }
    let mut order: Vec<usize> = (0..files).collect();
    order.sort_by_key(|&i| &sources.get(FileId(i as u32)).name);
    for i in order {
        let file = sources.get(FileId(i as u32));
        let name = xml(&file.name);
        if by_file[i].is_empty() {
            writeln!(out, r#"    <testcase name="{name}" classname="cmilint"/>"#)?;
            continue;
        }
        writeln!(out, r#"    <testcase name="{name}" classname="cmilint">"#)?;
        for d in &by_file[i] {
            let text = OneLine(file, d).to_string();
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}</failure>"#,
                d.severity,
                xml(&format!("{}: {}", d.code(), d.message())),
                xml(&text)
            )?;
        }
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// Text escaped for XML, in an attribute or an element.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::xml;

    #[test]
    fn escapes_what_xml_reserves() {
        assert_eq!(
            xml(r#"<a & "b's">"#),
            "&lt;a &amp; &quot;b&apos;s&quot;&gt;"
        );
    }
}
