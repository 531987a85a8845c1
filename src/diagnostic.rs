//! What cmilint reports: a diagnostic with its code, severity, place and explanation,
//! and the findings of a check (its diagnostics and the files they point into).

use std::borrow::Cow;
use std::fmt;
use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use compact_str::CompactString;
use hashbrown::HashTable;
use hashbrown::hash_table::Entry;

use serde::Serialize;
use triomphe::ThinArc;

use crate::source::{FileId, SourceMap, Span};
use crate::visible;

/// How much a finding weighs: an error fails the run (exit code 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A mistake the plan must not keep.
    Error,
    /// Something a planner should look at.
    Warning,
    /// A note for the planner.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

/// A place in a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// The file, in the run's [`SourceMap`](crate::SourceMap).
    pub file: FileId,
    /// The bytes of the file.
    pub span: Span,
}

/// A second place that explains the cause ("first defined here").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Label {
    /// Where.
    pub location: Location,
    /// What it says there: often the same for many findings ("first defined here"),
    /// and then held once.
    pub message: Arc<str>,
}

/// A code and its name as findings hold them, once for all: cmilint's own are static,
/// a rule's are shared with the rule. It reads as the code (`E004`, `CMI110`).
#[derive(Clone, Debug)]
pub struct CodeName(Held);

#[derive(Clone, Debug)]
enum Held {
    Own(&'static (&'static str, &'static str)),
    Rule(Arc<(Box<str>, Box<str>)>),
}

impl CodeName {
    /// One of cmilint's own codes, `(code, name)`.
    pub(crate) fn own(names: &'static (&'static str, &'static str)) -> CodeName {
        CodeName(Held::Own(names))
    }

    /// A rule's code and name.
    pub(crate) fn rule(code: &str, name: &str) -> CodeName {
        CodeName(Held::Rule(Arc::new((code.into(), name.into()))))
    }

    /// The code's name: `invalid-value`, `no-transition-plan`.
    pub fn name(&self) -> &str {
        match &self.0 {
            Held::Own((_, name)) => name,
            Held::Rule(names) => &names.1,
        }
    }
}

impl std::ops::Deref for CodeName {
    type Target = str;

    fn deref(&self) -> &str {
        match &self.0 {
            Held::Own((code, _)) => code,
            Held::Rule(names) => &names.0,
        }
    }
}

impl fmt::Display for CodeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

// A code names one rule or one of cmilint's codes: codes are compared, names follow.
impl PartialEq for CodeName {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl Eq for CodeName {}

impl std::hash::Hash for CodeName {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (**self).hash(state);
    }
}

impl PartialOrd for CodeName {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for CodeName {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (**self).cmp(&**other)
    }
}

impl PartialEq<str> for CodeName {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for CodeName {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

/// What a diagnostic is of: a code with its name and severity. cmilint's own codes
/// (`codes.rs`) and the CMI rules are codes.
pub(crate) trait Code {
    /// `E004`, `S001`, `CMI110`, with its name (`invalid-value`, `no-transition-plan`).
    fn code_name(&self) -> CodeName;
    fn severity(&self) -> Severity;
}

/// One finding: its code, where it is and what the planner should know. Every text
/// it holds is one line in which whatever would not show as itself (a control or
/// bidirectional character, a line end) is escaped: what it quotes from a plan cannot
/// reach a terminal or a log as anything but visible text.
///
/// What findings of one kind say alike is their wording, held once; a finding holds
/// only its own words, in place when they are short.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    wording: Arc<Wording>,
    /// The texts for the wording's holes, in order (message, label, help), joined by
    /// [`HOLE`].
    texts: CompactString,
    /// The severity: the code's, unless the configuration sets another.
    pub severity: Severity,
    /// The primary place.
    pub location: Location,
    /// Other places that explain the cause: most findings have none, and the findings
    /// that give the same share them.
    related: Option<Related>,
}

/// Places beside a finding's own, held once for every finding that gives them (the
/// later copies of an identifier all point at its first definition).
pub(crate) type Related = ThinArc<(), Label>;

/// The places, held as findings share them.
pub(crate) fn related(labels: impl ExactSizeIterator<Item = Label>) -> Related {
    ThinArc::from_header_and_iter((), labels)
}

impl Diagnostic {
    /// A diagnostic of `code` at a place, with its message as it reads; the other
    /// parts are added with `with_…`.
    pub(crate) fn new(code: &impl Code, location: Location, message: impl Into<String>) -> Self {
        let wording = Wording::new(code.code_name(), code.severity(), HOLE, None, None);
        Diagnostic::worded(Arc::new(wording), location, &[&message.into()])
    }

    /// A finding of a wording, with its own texts for the wording's holes.
    pub(crate) fn worded(wording: Arc<Wording>, location: Location, texts: &[&str]) -> Self {
        debug_assert_eq!(texts.len(), wording.texts(), "a text for each hole");
        let mut own = CompactString::default();
        for (i, text) in texts.iter().enumerate() {
            if i > 0 {
                own.push_str(HOLE);
            }
            own.push_str(&visible::line(text));
        }
        Diagnostic {
            severity: wording.severity,
            wording,
            texts: own,
            location,
            related: None,
        }
    }

    /// `E004`, `CMI110`, or an organisation's own rule code, with its name
    /// ([`CodeName::name`]).
    pub fn code(&self) -> &CodeName {
        &self.wording.code
    }

    /// What is wrong, naming the block.
    pub fn message(&self) -> Cow<'_, str> {
        self.fill(&self.wording.message, 0)
    }

    /// The text under the primary place ("expected `:` here").
    pub fn label(&self) -> Option<Cow<'_, str>> {
        let before = Wording::holes(&self.wording.message);
        Some(self.fill(self.wording.label.as_deref()?, before))
    }

    /// How to fix it.
    pub fn help(&self) -> Option<Cow<'_, str>> {
        let label = self.wording.label.as_deref().map_or(0, Wording::holes);
        let before = Wording::holes(&self.wording.message) + label;
        Some(self.fill(self.wording.help.as_deref()?, before))
    }

    /// A template with its holes filled by the finding's texts, from the `skip`th on.
    fn fill<'a>(&'a self, template: &'a str, skip: usize) -> Cow<'a, str> {
        let mut texts = self.texts.split(HOLE).skip(skip);
        if template == HOLE {
            return Cow::Borrowed(texts.next().unwrap_or_default());
        }
        let mut pieces = template.split(HOLE);
        let first = pieces.next().unwrap_or_default();
        if !template.contains(HOLE) {
            return Cow::Borrowed(first);
        }
        let mut out = String::from(first);
        for piece in pieces {
            out.push_str(texts.next().unwrap_or_default());
            out.push_str(piece);
        }
        Cow::Owned(out)
    }

    pub(crate) fn with_label(self, label: impl Into<String>) -> Self {
        let help = self.help().map(Cow::into_owned);
        self.own_wording(Some(&label.into()), help.as_deref())
    }

    pub(crate) fn with_help(self, help: impl Into<String>) -> Self {
        let label = self.label().map(Cow::into_owned);
        self.own_wording(label.as_deref(), Some(&help.into()))
    }

    /// The finding with a wording of its own: its message as it reads, and this label
    /// and help. Findings made one at a time are worded so; those a plan can make by
    /// the thousand share theirs ([`Wordings`]).
    fn own_wording(self, label: Option<&str>, help: Option<&str>) -> Self {
        let message = self.message().into_owned();
        let hole = |t: Option<&str>| t.map(|_| HOLE);
        let (code, severity) = (self.wording.code.clone(), self.wording.severity);
        let wording = Wording::new(code, severity, HOLE, hole(label), hole(help));
        let texts: Vec<&str> = [Some(&*message), label, help]
            .into_iter()
            .flatten()
            .collect();
        Diagnostic {
            severity: self.severity,
            related: self.related,
            ..Diagnostic::worded(Arc::new(wording), self.location, &texts)
        }
    }

    /// Other places that explain the cause ("first defined here").
    pub fn secondary(&self) -> &[Label] {
        self.related.as_ref().map_or(&[], |related| &related.slice)
    }

    /// The finding with one more place beside its own.
    pub(crate) fn with_secondary(mut self, location: Location, message: impl Into<String>) -> Self {
        let message = visible::into_line(message.into()).into();
        let added = Label { location, message };
        let labels: Vec<Label> = self.secondary().iter().cloned().chain([added]).collect();
        self.related = Some(related(labels.into_iter()));
        self
    }

    /// The finding with these places beside its own, which others may share.
    pub(crate) fn with_related(mut self, related: Related) -> Self {
        self.related = Some(related);
        self
    }
}

// Two findings are the same when they read the same, however they are worded.
impl PartialEq for Diagnostic {
    fn eq(&self, other: &Self) -> bool {
        let worded_alike = Arc::ptr_eq(&self.wording, &other.wording) && self.texts == other.texts;
        self.location == other.location
            && self.severity == other.severity
            && self.code() == other.code()
            && self.secondary() == other.secondary()
            && (worded_alike
                || self.message() == other.message()
                    && self.label() == other.label()
                    && self.help() == other.help())
    }
}

impl Eq for Diagnostic {}

/// Where a [`Wording`]'s template takes a text of the finding: a character that no
/// text of a finding holds, since every text is made visible (`\0` shows as `\u{0}`).
pub(crate) const HOLE: &str = "\0";

/// What every finding of one kind says, held once for all of them: the code, and the
/// message, label and help as templates with [`HOLE`]s, which each finding fills with
/// the few words that are its own (the identifier it names). A plan can make the same
/// mistake a million times; each finding then costs its place and those words.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Wording {
    code: CodeName,
    severity: Severity,
    message: Box<str>,
    label: Option<Box<str>>,
    help: Option<Box<str>>,
}

impl Wording {
    /// The wording of a code of a severity, its templates made visible around their
    /// holes.
    pub(crate) fn new(
        code: CodeName,
        severity: Severity,
        message: &str,
        label: Option<&str>,
        help: Option<&str>,
    ) -> Wording {
        let made_visible = |t: &str| template(t).into_owned().into_boxed_str();
        Wording {
            code,
            severity,
            message: made_visible(message),
            label: label.map(made_visible),
            help: help.map(made_visible),
        }
    }

    fn holes(text: &str) -> usize {
        text.matches(HOLE).count()
    }

    /// How many texts a finding of this wording gives.
    fn texts(&self) -> usize {
        let count = |t: &Option<Box<str>>| t.as_deref().map_or(0, Wording::holes);
        Wording::holes(&self.message) + count(&self.label) + count(&self.help)
    }

    /// What tells one wording from another.
    fn key(&self) -> (&str, &str, Option<&str>, Option<&str>) {
        (
            &self.code,
            &self.message,
            self.label.as_deref(),
            self.help.as_deref(),
        )
    }
}

/// A template made visible: every piece between its holes escaped.
fn template(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\0' && visible::is_escaped(c)) {
        return Cow::Borrowed(text);
    }
    let pieces: Vec<_> = text.split(HOLE).map(visible::line).collect();
    Cow::Owned(pieces.join(HOLE))
}

/// The wordings given so far, each held once (see [`Wording`]).
#[derive(Default)]
pub(crate) struct Wordings {
    held: HashTable<Arc<Wording>>,
    hasher: RandomState,
}

impl Wordings {
    /// The wording, as held: made the first time it is asked for.
    pub(crate) fn get(
        &mut self,
        code: &impl Code,
        message: &str,
        label: Option<&str>,
        help: Option<&str>,
    ) -> Arc<Wording> {
        let name = code.code_name();
        let (message, label, help) = (template(message), label.map(template), help.map(template));
        let key = (&*name, &*message, label.as_deref(), help.as_deref());
        let hasher = &self.hasher;
        let entry = self.held.entry(
            hasher.hash_one(key),
            |held| held.key() == key,
            |held| hasher.hash_one(held.key()),
        );
        match entry {
            Entry::Occupied(known) => known.get().clone(),
            Entry::Vacant(place) => {
                let (label, help) = (label.as_deref(), help.as_deref());
                let wording = Wording::new(name, code.severity(), &message, label, help);
                let wording = Arc::new(wording);
                place.insert(wording.clone());
                wording
            }
        }
    }
}

/// The texts of secondary places given so far, each held once: the findings of one
/// kind of mistake often say the same thing there ("first defined here"), and a plan
/// may make the same mistake a hundred thousand times.
#[derive(Default)]
pub(crate) struct Shared(std::collections::HashSet<Arc<str>>);

impl Shared {
    /// The text, made visible, as held: copied only the first time.
    pub(crate) fn get(&mut self, text: &str) -> Arc<str> {
        let text = visible::line(text);
        if let Some(known) = self.0.get(&*text) {
            return known.clone();
        }
        let new: Arc<str> = Arc::from(&*text);
        self.0.insert(new.clone());
        new
    }
}

/// A finding silenced, kept for the reports that show what was silenced and why.
pub struct Suppressed {
    /// What would have been reported.
    pub diagnostic: Diagnostic,
    /// What silenced it.
    pub by: Silencer,
}

/// What silences a finding.
pub enum Silencer {
    /// A `# cmilint: allow(...)` comment, with the reason it gives after `--`.
    Comment {
        /// The comment.
        at: Location,
        /// Its reason, if it gives one.
        reason: Option<String>,
    },
    /// The baseline file of `--baseline`.
    Baseline {
        /// The file, as named.
        file: String,
    },
}

/// An entry of the baseline that matches fewer findings than it counts: what it
/// recorded was mended (or changed), and `--write-baseline` would prune it.
pub struct StaleEntry {
    /// The baseline file, as named.
    pub baseline: String,
    /// The file of the finding, relative to the baseline's folder.
    pub file: String,
    /// Its code.
    pub code: String,
    /// Its message.
    pub message: String,
    /// How many of it no longer occur.
    pub count: usize,
}

/// Everything a check found.
pub struct Findings {
    /// Every file read, for the places of the diagnostics.
    pub sources: SourceMap,
    /// The diagnostics, sorted by file, line, column, code and message.
    pub diagnostics: Vec<Diagnostic>,
    /// The findings that suppressions silenced, in the same order, then those the
    /// baseline silenced.
    pub suppressed: Vec<Suppressed>,
    /// The entries of the baseline that no longer occur.
    pub stale_baseline: Vec<StaleEntry>,
    /// How many plan files the folders given held that were not checked: hidden, or
    /// named by a `.gitignore` or `.ignore` file (`--no-ignore` checks them).
    pub left_out: usize,
}

#[cfg(test)]
mod tests {
    use super::{Code, CodeName, Diagnostic, HOLE, Location, Severity, Wordings};
    use crate::source::{FileId, Span};

    /// A code of the tests' own, as cmilint's codes are made.
    struct Test;

    impl Code for Test {
        fn code_name(&self) -> CodeName {
            CodeName::own(&("E900", "test-code"))
        }

        fn severity(&self) -> Severity {
            Severity::Error
        }
    }

    fn at(start: usize) -> Location {
        Location {
            file: FileId(0),
            span: Span::new(start, start + 2),
        }
    }

    #[test]
    fn a_worded_finding_reads_its_own_words_in_its_wording() {
        let mut wordings = Wordings::default();
        let message = format!("no actor has the identifier `{HOLE}`{HOLE}");
        let help = format!("define it with `actor {HOLE} \"Name\" {{ ... }}`");
        let wording = wordings.get(&Test, &message, None, Some(&help));
        let d = Diagnostic::worded(wording.clone(), at(3), &["unhcr", "", "unhcr"]);
        assert_eq!(d.message(), "no actor has the identifier `unhcr`");
        assert_eq!(d.label(), None);
        assert_eq!(
            d.help().unwrap(),
            "define it with `actor unhcr \"Name\" { ... }`"
        );
        assert_eq!(&**d.code(), "E900");
        // Asked for again, the wording is the one held.
        let again = wordings.get(&Test, &message, None, Some(&help));
        assert!(std::sync::Arc::ptr_eq(&wording, &again));
    }

    #[test]
    fn a_quoted_word_opens_no_hole() {
        let mut wordings = Wordings::default();
        let message = format!("`{HOLE}` is defined twice");
        let wording = wordings.get(&Test, &message, None, Some("rename it"));
        let d = Diagnostic::worded(wording, at(0), &["a\0b\u{1b}"]);
        assert_eq!(d.message(), "`a\\u{0}b\\u{1b}` is defined twice");
        assert_eq!(d.help().unwrap(), "rename it");
    }

    #[test]
    fn findings_that_read_the_same_are_the_same_however_worded() {
        let mut wordings = Wordings::default();
        let message = format!("there is already an actor `{HOLE}`");
        let wording = wordings.get(&Test, &message, None, Some("rename it"));
        let shared = Diagnostic::worded(wording, at(0), &["a"]);
        let own =
            Diagnostic::new(&Test, at(0), "there is already an actor `a`").with_help("rename it");
        assert_eq!(shared, own);
        let labelled_first = Diagnostic::new(&Test, at(0), "m")
            .with_label("here")
            .with_help("rename it");
        let helped_first = Diagnostic::new(&Test, at(0), "m")
            .with_help("rename it")
            .with_label("here");
        assert_eq!(labelled_first, helped_first);
        assert_eq!(helped_first.label().unwrap(), "here");
        assert_ne!(
            shared,
            Diagnostic::worded(shared.wording.clone(), at(0), &["b"])
        );
    }

    /// A plan can make a million findings: what each costs is kept in check, as rustc
    /// keeps its own large types (docs/performance.md, "Memory").
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_finding_stays_small() {
        assert_eq!(size_of::<Diagnostic>(), 56);
    }
}
