//! Finding one's way in a plan: what stands at a place of a document (a block's
//! identifier, a reference to a block, a code in a suppression), where a block is
//! defined and where it is named, across the files of the plan, and what hovering
//! over a place says of it.

use std::collections::HashMap;

use lsp_types::{Location, Range, TextEdit, Uri};

use super::documents::{Document, Encoding, Lines};
use crate::catalogue::Catalogue;
use crate::diagnostic::Findings;
use crate::model::{BlockId, Model, Value};
use crate::rules::RuleSet;
use crate::source::{FileId, Span};
use crate::vocabulary::{Arity, Type};
use crate::workspace::{self, Input, Settings};

/// A document analysed: what `cmilint check` finds, and the model of its plan (none
/// when a file of it has a syntax error).
pub(crate) struct Analysis {
    findings: Findings,
    model: Option<Model>,
    /// The document's file.
    file: FileId,
    uri: String,
    encoding: Encoding,
}

impl Analysis {
    /// The analysis of a document, the other open documents standing for their files
    /// (`overlays`).
    pub(crate) fn of(
        uri: &str,
        document: &Document,
        overlays: HashMap<std::path::PathBuf, String>,
        rules: &RuleSet,
        encoding: Encoding,
    ) -> Result<Analysis, String> {
        let name = document
            .path
            .as_ref()
            .map(|p| p.to_string_lossy().into_owned());
        let input = Input::Stdin {
            name: name.clone(),
            bytes: document.text.clone().into_bytes(),
        };
        let settings = Settings {
            overlays,
            ..Settings::default()
        };
        let (findings, models) =
            workspace::analyse(vec![input], rules, settings, true).map_err(|e| e.to_string())?;
        let file = (0..findings.sources.len())
            .map(|i| FileId(i as u32))
            .find(|&id| name.is_none() || Some(&findings.sources.get(id).name) == name.as_ref())
            .ok_or("the document is not among the files checked")?;
        let model = models.into_iter().find(|m| m.files.contains(&file));
        Ok(Analysis {
            findings,
            model,
            file,
            uri: uri.to_owned(),
            encoding,
        })
    }

    pub(crate) fn findings(&self) -> &Findings {
        &self.findings
    }

    pub(crate) fn file(&self) -> FileId {
        self.file
    }

    /// The outline of the document: its blocks (none when it does not parse).
    pub(crate) fn outline(&self) -> Vec<lsp_types::DocumentSymbol> {
        let text = &self.findings.sources.get(self.file).text;
        self.model.as_ref().map_or_else(Vec::new, |model| {
            super::outline::symbols(model, self.file, text, self.encoding)
        })
    }

    /// The tokens of the document, for colours (none when it does not parse).
    pub(crate) fn tokens(&self) -> Vec<lsp_types::SemanticToken> {
        let text = &self.findings.sources.get(self.file).text;
        self.model.as_ref().map_or_else(Vec::new, |model| {
            super::outline::semantic_tokens(model, self.file, text, self.encoding)
        })
    }

    /// A byte offset of the document.
    pub(crate) fn offset(&self, position: lsp_types::Position) -> usize {
        let text = &self.findings.sources.get(self.file).text;
        Lines::new(text).offset(text, position, self.encoding)
    }

    /// The block whose identifier or a reference to which stands at `offset`.
    pub(crate) fn block_at(&self, offset: usize) -> Option<BlockId> {
        let model = self.model.as_ref()?;
        let within = |span: Span| span.start() <= offset && offset <= span.end();
        for (i, block) in model.blocks.iter().enumerate() {
            if block.file != self.file {
                continue;
            }
            if block.id.as_ref().is_some_and(|id| within(id.span())) {
                return Some(BlockId(i as u32));
            }
            let values = model.fields(block).iter().chain(&block.later_copies);
            for item in values.flat_map(|f| f.value.items()) {
                if let Value::Ref(r) = item
                    && within(r.span())
                {
                    return r.target;
                }
            }
        }
        None
    }

    /// Where a block is defined: its identifier.
    pub(crate) fn definition(&self, block: BlockId) -> Option<Location> {
        let block = self.model.as_ref()?.block(block);
        let id = block.id.as_ref()?;
        self.location(block.file, id.span())
    }

    /// Every place that names a block: its references in the plan's files, and its
    /// identifier when `declaration` asks for it.
    pub(crate) fn references(&self, block: BlockId, declaration: bool) -> Vec<Location> {
        self.naming(block, declaration)
            .into_iter()
            .filter_map(|(file, span)| self.location(file, span))
            .collect()
    }

    /// The edits that rename a block, at each place that names it, by document.
    #[allow(
        clippy::mutable_key_type,
        reason = "lsp-types keys a workspace edit by `Uri`, whose inner cache leaves its hash alone"
    )]
    pub(crate) fn rename(&self, block: BlockId, new_name: &str) -> HashMap<Uri, Vec<TextEdit>> {
        let mut edits: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
        for (file, span) in self.naming(block, true) {
            if let Some(place) = self.location(file, span) {
                edits
                    .entry(place.uri)
                    .or_default()
                    .push(TextEdit::new(place.range, new_name.to_owned()));
            }
        }
        edits
    }

    fn naming(&self, block: BlockId, declaration: bool) -> Vec<(FileId, Span)> {
        let Some(model) = &self.model else {
            return Vec::new();
        };
        let mut places = Vec::new();
        if declaration && let Some(id) = &model.block(block).id {
            places.push((model.block(block).file, id.span()));
        }
        for other in &model.blocks {
            let values = model.fields(other).iter().chain(&other.later_copies);
            for item in values.flat_map(|f| f.value.items()) {
                if let Value::Ref(r) = item
                    && r.target == Some(block)
                {
                    places.push((other.file, r.span()));
                }
            }
        }
        places
    }

    /// What hovering over `offset` says: the block named there, and the findings that
    /// cover it, each with its code's summary; or, over a code in a suppression, that
    /// code's explanation.
    pub(crate) fn hover(&self, offset: usize, catalogue: &Catalogue<'_>) -> Option<String> {
        if let Some(code) = self.allowed_code_at(offset) {
            return catalogue
                .explain(&code)
                .ok()
                .map(|text| format!("```text\n{text}```"));
        }
        let mut parts = Vec::new();
        if let (Some(block), Some(model)) = (self.block_at(offset), &self.model) {
            let b = model.block(block);
            let title = b
                .title
                .as_ref()
                .map(|t| format!(" \"{}\"", crate::visible::line(t.value())))
                .unwrap_or_default();
            let file = self.findings.sources.get(b.file);
            let line = file.line_col(b.header.start()).line;
            let uses = self.naming(block, false).len();
            parts.push(format!(
                "```cmi\n{}{title}\n```\ndefined in {} at line {line}, named {uses} time{}",
                b.name(),
                file.name,
                if uses == 1 { "" } else { "s" }
            ));
        }
        if let Some(field) = self.field_at(offset) {
            parts.push(field);
        }
        for d in &self.findings.diagnostics {
            let span = d.location.span;
            if d.location.file == self.file && span.start() <= offset && offset <= span.end() {
                let explained = catalogue.explain(d.code()).unwrap_or_default();
                parts.push(format!(
                    "**{}** {}\n\n```text\n{explained}```",
                    d.code(),
                    d.message()
                ));
            }
        }
        (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
    }

    /// What the vocabulary says of the field whose name stands at `offset`: its type,
    /// the words it takes, whether it is required.
    fn field_at(&self, offset: usize) -> Option<String> {
        let model = self.model.as_ref()?;
        let within = |span: Span| span.start() <= offset && offset <= span.end();
        let (block, field) = model
            .blocks
            .iter()
            .filter(|b| b.file == self.file)
            .find_map(|b| {
                let fields = model.fields(b).iter().chain(&b.later_copies);
                fields
                    .filter(|f| within(f.name_span))
                    .map(|f| (b, f))
                    .next()
            })?;
        let spec = field.spec;
        let takes = match spec.ty {
            Type::Text => "a text in quotes".to_owned(),
            Type::Enum(words) => format!("one of {}", words.join(", ")),
            Type::Word => "words".to_owned(),
            Type::Date => "a date, as 2027-03-31".to_owned(),
            Type::Range => "a range of dates, as 2027-01-01..2027-06-30".to_owned(),
            Type::Number => "a number".to_owned(),
            Type::Bool => "yes or no".to_owned(),
            Type::Ref(kinds) => {
                let kinds: Vec<&str> = kinds.iter().map(|k| k.keyword()).collect();
                format!("the identifier of {}", kinds.join(" or "))
            }
        };
        let many = match spec.arity {
            Arity::One => "",
            Arity::List => ", a list",
            Arity::OneOrList => ", one or a list",
        };
        let required = if spec.required { ", required" } else { "" };
        Some(format!(
            "field `{}` of `{}`: {takes}{many}{required}",
            spec.name, block.kind
        ))
    }

    /// The code or rule name of a `# cmilint: allow(...)` at `offset`, if one is there.
    fn allowed_code_at(&self, offset: usize) -> Option<String> {
        let text = &self.findings.sources.get(self.file).text;
        let start = text[..offset.min(text.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let line = &text[start..end];
        let comment = line.find("# cmilint:")?;
        let open = comment + line[comment..].find('(')? + 1;
        let close = open + line[open..].find(')')?;
        let at = offset - start;
        if at < open || at > close {
            return None;
        }
        let mut from = open;
        for code in line[open..close].split(',') {
            let to = from + code.len();
            if (from..=to).contains(&at) {
                return Some(code.trim().to_owned());
            }
            from = to + 1;
        }
        None
    }

    /// A place of a file of the plan: in the document, or in a file on disk it uses.
    fn location(&self, file: FileId, span: Span) -> Option<Location> {
        let source = self.findings.sources.get(file);
        let lines = Lines::new(&source.text);
        let range: Range = lines.range(&source.text, span.start(), span.end(), self.encoding);
        let uri = if file == self.file {
            self.uri.clone()
        } else {
            crate::uri::of_file(source.path.as_deref()?)
        };
        Some(Location::new(uri.parse().ok()?, range))
    }
}

/// Whether a name can be a block's identifier: an ASCII letter, then ASCII letters,
/// digits, `-` or `_`.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}
