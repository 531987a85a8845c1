//! The command line: `cmilint check`, its options and its exit codes.

use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{BufferedStandardStream, ColorChoice, NoColor};
use indicatif::{ProgressDrawTarget, ProgressStyle};

use crate::baseline::Baseline;
use crate::catalogue::Catalogue;
use crate::config::{self, Config, Level};
use crate::diagnostic::{Findings, Severity};
use crate::examples::failing_examples;
use crate::marked::mismatches;
use crate::report;
use crate::rules::{RuleError, RuleSet};
use crate::settings::{self, RunLevels};
use crate::visible;
use crate::workspace::{self, Input, Settings};

#[derive(Parser)]
#[command(
    name = "cmilint",
    version,
    about = "A linter for civil-military interaction (CMI) plans"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plan files and folders (folders are searched for *.cmi files)
    Check(CheckArgs),
    /// Write a self-contained HTML page of the plans for their reviewers: a summary,
    /// the actor map, the timeline, the coverage and the findings (docs/report.md)
    Report(ReportArgs),
    /// List every code: the language, suppression and CMI rules
    Rules(RulesArgs),
    /// Explain a code or a rule: what it means, why it matters, a bad and a good example
    Explain(ExplainArgs),
    /// Show the settings that apply to a plan file, and where each comes from
    Config(ConfigArgs),
    /// Serve editors: a language server over standard input and output (docs/editors.md)
    Lsp,
    /// Test every rule by its examples (the bad one must give the rule's code, the good
    /// one nothing) and by the plans in the `tests/` folder of each rules folder, whose
    /// `#~ CODE` comments say what each line must report
    TestRules(RulesArgs),
}

#[derive(clap::Args, Clone)]
struct RuleFolders {
    /// A folder of organisation rule files (*.yaml, *.yml) to add to the built-in rules; may
    /// be given more than once
    #[arg(long = "rules", value_name = "DIR")]
    folders: Vec<PathBuf>,
}

impl RuleFolders {
    fn load(&self) -> Result<RuleSet, RuleError> {
        self.load_named().map(|(rules, _)| rules)
    }

    /// The rules, and the names of the folders' rule files.
    fn load_named(&self) -> Result<(RuleSet, Vec<String>), RuleError> {
        let mut files = Vec::new();
        for folder in &self.folders {
            files.extend(RuleSet::read_folder(folder)?);
        }
        let names = files.iter().map(|(name, _)| name.clone()).collect();
        Ok((RuleSet::load(&files)?, names))
    }

    /// These folders and those the configuration of the current folder names in its
    /// `rules-dirs`, so that `rules`, `explain` and `test-rules` know the rules a
    /// check in the same folder would run.
    fn with_configured(&self) -> Result<RuleFolders, String> {
        let here =
            std::env::current_dir().map_err(|e| format!("cannot find the current folder: {e}"))?;
        let config = Config::nearest(&here).map_err(|e| e.to_string())?;
        let mut folders = self.clone();
        let dirs = settings::rules_dirs(&config);
        folders
            .folders
            .extend(dirs.iter().map(|d| config::as_seen(d)));
        Ok(folders)
    }

    /// Warns, once, when an example of a rule of the folders does not behave as its
    /// rule says: its documentation would show a wrong example.
    fn warn_of_failing_examples(&self, rules: &RuleSet, files: &[String]) {
        let ours = |rule: &crate::rules::Rule| files.contains(&rule.file);
        let Ok(failures) = failing_examples(rules, ours) else {
            return;
        };
        if failures.is_empty() {
            return;
        }
        let examples: Vec<String> = failures
            .iter()
            .map(|f| format!("the {} example of {}", f.example, f.code))
            .collect();
        let folders: Vec<String> = self
            .folders
            .iter()
            .map(|f| format!("--rules {}", visible::path(f)))
            .collect();
        say(&format!(
            "warning: examples of organisation rules do not behave as their rules say \
             ({}); `cmilint test-rules {}` says why",
            examples.join(", "),
            folders.join(" ")
        ));
    }
}

#[derive(clap::Args)]
struct RulesArgs {
    #[command(flatten)]
    rules: RuleFolders,
}

#[derive(clap::Args)]
struct ConfigArgs {
    /// The plan file (or folder) whose settings to show
    path: PathBuf,
    #[command(flatten)]
    settings: RunSettings,
    #[command(flatten)]
    rules: RuleFolders,
}

/// The options that set a run beyond its configuration files.
#[derive(clap::Args)]
struct RunSettings {
    /// The configuration file for every plan, instead of each one's nearest
    /// `.cmilint.yaml`
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Set a code or rule (by code or name) to off, info, warning or error for this
    /// run, over every configuration; may be given more than once
    #[arg(long = "rule", value_name = "CODE=LEVEL", value_parser = RunLevels::parse)]
    levels: Vec<(String, Level)>,
}

impl RunSettings {
    /// The configurations that apply to `paths` (or the one `--config` names), and
    /// the rules of the run: built in, of `--rules`, and of the configurations'
    /// `rules-dirs`.
    fn load(
        &self,
        paths: &[PathBuf],
        folders: &RuleFolders,
    ) -> Result<(Vec<Config>, RuleFolders), String> {
        let configs = match &self.config {
            Some(file) => vec![Config::load_file(file).map_err(|e| e.to_string())?],
            None => config::files_for(paths).map_err(|e| e.to_string())?,
        };
        let mut folders = folders.clone();
        let dirs = configs.iter().flat_map(settings::rules_dirs);
        folders.folders.extend(dirs.map(|d| config::as_seen(&d)));
        Ok((configs, folders))
    }
}

#[derive(clap::Args)]
struct ExplainArgs {
    /// A code (CMI110) or a name (no-transition-plan)
    code: String,
    #[command(flatten)]
    rules: RuleFolders,
}

/// What a run reads and how it is set: the plans, the configuration and the rules
/// (`check` and `report` alike).
#[derive(clap::Args)]
struct PlanArgs {
    /// Files or folders to check; `-` reads a plan from standard input. Default: the
    /// current folder
    paths: Vec<PathBuf>,
    /// The file name to report for a plan read from standard input; `use` paths in it
    /// are relative to its folder
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Check every `*.cmi` file under the folders given, also hidden ones and those
    /// that `.gitignore` and `.ignore` files name
    #[arg(long)]
    no_ignore: bool,
    #[command(flatten)]
    settings: RunSettings,
    #[command(flatten)]
    rules: RuleFolders,
}

/// A run made ready: its inputs read, its rules loaded, how it is set.
struct Prepared {
    inputs: Vec<Input>,
    rules: RuleSet,
    config: Option<Config>,
    levels: RunLevels,
}

impl Prepared {
    /// The inputs, the rules, and the settings of the run, told of its progress.
    fn split(
        self,
        progress: Option<&dyn workspace::Progress>,
    ) -> (Vec<Input>, RuleSet, Settings<'_>) {
        let settings = Settings {
            config: self.config,
            levels: self.levels,
            progress,
            ..Settings::default()
        };
        (self.inputs, self.rules, settings)
    }
}

impl PlanArgs {
    /// Reads the inputs, loads the configurations and the rules, and checks the levels
    /// of `--rule`.
    fn prepare(&mut self) -> Result<Prepared, String> {
        let mut paths = std::mem::take(&mut self.paths);
        if paths.is_empty() {
            paths.push(PathBuf::from("."));
        }
        let from_stdin = paths.iter().filter(|p| p.as_os_str() == "-").count();
        if from_stdin > 1 {
            return Err("`-` (standard input) is given more than once; give it once".into());
        }
        if from_stdin == 0 && self.stdin_filename.is_some() {
            return Err(
                "--stdin-filename names the plan read from standard input, but no `-` asks \
                 for it; add `-` to the paths"
                    .into(),
            );
        }
        let searched = configured_paths(&paths, self.stdin_filename.as_deref());
        let inputs = read_inputs(paths, self.stdin_filename.as_deref(), self.no_ignore)?;
        let (configs, folders) = self.settings.load(&searched, &self.rules)?;
        let (rules, organisation_files) = folders.load_named().map_err(|e| e.to_string())?;
        folders.warn_of_failing_examples(&rules, &organisation_files);
        let levels = RunLevels::new(std::mem::take(&mut self.settings.levels));
        levels.check(&Catalogue::new(&rules))?;
        let config = self
            .settings
            .config
            .is_some()
            .then(|| configs.into_iter().next())
            .flatten();
        Ok(Prepared {
            inputs,
            rules,
            config,
            levels,
        })
    }
}

#[derive(clap::Args)]
struct CheckArgs {
    #[command(flatten)]
    plans: PlanArgs,
    /// How to write the findings on standard output
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also write the findings in FORMAT to the file PATH (`sarif=cmilint.sarif`); may
    /// be given more than once
    #[arg(long = "output", value_name = "FORMAT=PATH", value_parser = output_file)]
    outputs: Vec<(Format, PathBuf)>,
    /// Exit 1 when more than N warnings are found, even with no error
    #[arg(long, value_name = "N")]
    max_warnings: Option<usize>,
    /// Exit 0 whatever is found (2 still when the run itself fails)
    #[arg(long)]
    exit_zero: bool,
    /// Hide the findings this baseline file records (`--write-baseline` writes it);
    /// the summary names those it records that no longer occur
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record the findings of this run in a baseline file, and hide them
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// When to colour the human report (`NO_COLOR` is honoured with `auto`)
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
}

#[derive(clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    plans: PlanArgs,
    /// The HTML file to write the page to (not a `.cmi` file)
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// List the findings this baseline file records apart, as silenced
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum Format {
    /// rustc-like, with the source and labels
    Human,
    /// one line a diagnostic
    Short,
    /// one JSON object (docs/json-output.md)
    Json,
    /// SARIF 2.1.0, for code scanning (docs/ci.md)
    Sarif,
    /// GitHub Actions annotations
    Github,
    /// GitLab Code Quality
    Gitlab,
    /// JUnit XML, one test case a file
    Junit,
}

/// `FORMAT=PATH` of `--output`.
fn output_file(value: &str) -> Result<(Format, PathBuf), String> {
    let Some((format, path)) = value.split_once('=') else {
        return Err("give a format and a file, as `sarif=cmilint.sarif`".into());
    };
    let format = Format::from_str(format, true).map_err(|_| {
        let formats: Vec<String> = Format::value_variants()
            .iter()
            .filter_map(|f| f.to_possible_value().map(|v| v.get_name().to_owned()))
            .collect();
        format!(
            "`{format}` is not a format; the formats are {}",
            formats.join(", ")
        )
    })?;
    if path.is_empty() {
        return Err(format!(
            "give the file to write the {format:?} report to, after `=`"
        ));
    }
    Ok((format, PathBuf::from(path)))
}

#[derive(Clone, Copy, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Runs cmilint: 0 when no error-severity diagnostic was found, 1 when one was, 2
/// when the run itself failed.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let result = match cli.command {
        Command::Check(args) => run_check(args),
        Command::Report(args) => run_report(args),
        Command::Rules(args) => args
            .rules
            .with_configured()
            .and_then(|folders| folders.load().map_err(|e| e.to_string()))
            .and_then(|rules| print(&Catalogue::new(&rules).list())),
        Command::TestRules(args) => args
            .rules
            .with_configured()
            .and_then(|folders| test_rules(&folders)),
        Command::Config(args) => show_config(args),
        Command::Lsp => Ok(ExitCode::from(u8::from(crate::lsp::serve_stdio() != 0))),
        Command::Explain(args) => args
            .rules
            .with_configured()
            .and_then(|folders| folders.load().map_err(|e| e.to_string()))
            .and_then(|rules| {
                Catalogue::new(&rules)
                    .explain(&args.code)
                    .map_err(|e| e.to_string())
            })
            .and_then(|text| print(&text)),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            say(&message);
            ExitCode::from(2)
        }
    }
}

/// Writes a line to standard error. A standard error nobody reads (a closed pipe) is no
/// reason to fail otherwise: the exit code still tells what happened.
fn say(message: &str) {
    let message = visible::lines(message);
    let _ = writeln!(io::stderr(), "cmilint: {message}");
}

/// `cmilint check`: reads, checks and reports; the exit code says whether an error
/// was found.
fn run_check(mut args: CheckArgs) -> Result<ExitCode, String> {
    let progress = ProgressBar::new(io::stderr().is_terminal());
    let (inputs, rules, settings) = args.plans.prepare()?.split(Some(&progress));
    let catalogue = Catalogue::new(&rules);
    let mut findings =
        workspace::check_with(inputs, &rules, settings).map_err(|e| e.to_string())?;
    progress.done();
    if let Some(file) = &args.write_baseline {
        Baseline::write(file, &findings)?;
    }
    if let Some(file) = args.write_baseline.as_ref().or(args.baseline.as_ref()) {
        Baseline::read(file)
            .map_err(|e| e.to_string())?
            .apply(&mut findings);
    }
    if findings.sources.is_empty() {
        say("warning: no plan files (*.cmi) found in the paths given");
    }
    write_reports(&args, &findings, &catalogue)?;
    let count = |severity| {
        findings
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let too_many_warnings = args
        .max_warnings
        .is_some_and(|most| count(Severity::Warning) > most);
    let failed = !args.exit_zero && (count(Severity::Error) > 0 || too_many_warnings);
    Ok(ExitCode::from(u8::from(failed)))
}

/// `cmilint report`: checks as `check` does, and writes the page of the plans. It
/// exits 0 once the page is written, whatever the plans hold: the page is for people,
/// `check` is the gate.
fn run_report(mut args: ReportArgs) -> Result<ExitCode, String> {
    let out = &args.output;
    if out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("cmi"))
    {
        return Err(format!(
            "{} is a plan file: write the page to an `.html` file, as `-o report.html`",
            visible::path(out)
        ));
    }
    let (inputs, rules, settings) = args.plans.prepare()?.split(None);
    let (mut findings, models) =
        workspace::analyse(inputs, &rules, settings, true).map_err(|e| e.to_string())?;
    if let Some(file) = &args.baseline {
        Baseline::read(file)
            .map_err(|e| e.to_string())?
            .apply(&mut findings);
    }
    if findings.sources.is_empty() {
        say("warning: no plan files (*.cmi) found in the paths given");
    }
    let cannot = |e: io::Error| format!("cannot write {}: {e}", visible::path(out));
    let file = std::fs::File::create(out).map_err(cannot)?;
    let mut writer = io::BufWriter::new(file);
    crate::review::write(&mut writer, &findings, &models, &rules)
        .and_then(|()| writer.flush())
        .map_err(cannot)?;
    Ok(ExitCode::SUCCESS)
}

/// A progress bar on standard error, shown only when it is a terminal and only once
/// the run has taken a second: a quick run, a pipe and a CI log see nothing of it.
struct ProgressBar {
    bar: indicatif::ProgressBar,
    terminal: bool,
    started: std::time::Instant,
}

impl ProgressBar {
    fn new(terminal: bool) -> ProgressBar {
        let bar = indicatif::ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} plans checked")
                .expect("a valid template"),
        );
        ProgressBar {
            bar,
            terminal,
            started: std::time::Instant::now(),
        }
    }

    fn done(&self) {
        self.bar.finish_and_clear();
    }
}

impl workspace::Progress for ProgressBar {
    fn to_check(&self, units: usize) {
        self.bar.set_length(units as u64);
    }

    fn checked(&self) {
        self.bar.inc(1);
        if self.terminal
            && self.bar.is_hidden()
            && self.started.elapsed() > std::time::Duration::from_secs(1)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

/// Writes a report in a format, without colour.
fn write_report(
    format: Format,
    out: &mut dyn Write,
    findings: &Findings,
    catalogue: &Catalogue<'_>,
) -> io::Result<()> {
    match format {
        Format::Human => report::write_human(&mut NoColor::new(out), findings),
        Format::Short => report::write_short(out, findings),
        Format::Json => report::write_json(out, findings),
        Format::Sarif => report::write_sarif(out, findings, catalogue),
        Format::Github => report::write_github(out, findings),
        Format::Gitlab => report::write_gitlab(out, findings),
        Format::Junit => report::write_junit(out, findings),
    }
}

/// Where the configurations of a run are looked for: each path given, and for a plan on
/// standard input the file it is said to be (whose folder is not searched).
fn configured_paths(paths: &[PathBuf], stdin_filename: Option<&str>) -> Vec<PathBuf> {
    paths
        .iter()
        .map(|p| match stdin_filename {
            Some(name) if p.as_os_str() == "-" => PathBuf::from(name),
            _ => p.clone(),
        })
        .collect()
}

/// The inputs of the paths given: `-` read from standard input now.
fn read_inputs(
    paths: Vec<PathBuf>,
    stdin_filename: Option<&str>,
    no_ignore: bool,
) -> Result<Vec<Input>, String> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            let mut bytes = Vec::new();
            let limit = workspace::stdin_read_limit(stdin_filename).map_err(|e| e.to_string())?;
            io::stdin()
                .take(limit)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            inputs.push(Input::Stdin {
                name: stdin_filename.map(str::to_owned),
                bytes,
            });
        } else if no_ignore {
            inputs.push(Input::Everything(path));
        } else {
            inputs.push(Input::Path(path));
        }
    }
    Ok(inputs)
}

/// Writes the report of `--format` on standard output and those of `--output` to
/// their files.
fn write_reports(
    args: &CheckArgs,
    findings: &Findings,
    catalogue: &Catalogue<'_>,
) -> Result<(), String> {
    for (format, path) in &args.outputs {
        let file = std::fs::File::create(path)
            .map_err(|e| format!("cannot write {}: {e}", visible::path(path)))?;
        let mut out = io::BufWriter::new(file);
        write_report(*format, &mut out, findings, catalogue)
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write {}: {e}", visible::path(path)))?;
    }
    let stdout = io::stdout();
    // Written in blocks, not a line at a time: a report may hold a great many lines.
    let written = if let Format::Human = args.format {
        let choice = color_choice(args.color, stdout.is_terminal());
        let mut out = BufferedStandardStream::stdout(choice);
        report::write_human(&mut out, findings).and_then(|()| out.flush())
    } else {
        let mut out = io::BufWriter::new(stdout.lock());
        write_report(args.format, &mut out, findings, catalogue).and_then(|()| out.flush())
    };
    match written {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| format!("cannot write the report: {e}")),
    }
}

/// `cmilint config PATH`: the settings that apply to a file, and where each comes
/// from.
fn show_config(args: ConfigArgs) -> Result<ExitCode, String> {
    let canonical = args
        .path
        .canonicalize()
        .map_err(|e| format!("cannot read {}: {e}", visible::path(&args.path)))?;
    let folder = if canonical.is_dir() {
        canonical.clone()
    } else {
        canonical
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default()
    };
    let config = match &args.settings.config {
        Some(file) => Config::load_file(file),
        None => Config::nearest(&folder),
    }
    .map_err(|e| e.to_string())?;
    let (_, folders) = args
        .settings
        .load(std::slice::from_ref(&args.path), &args.rules)?;
    let rules = folders.load().map_err(|e| e.to_string())?;
    let catalogue = Catalogue::new(&rules);
    settings::check_config(&config, &catalogue).map_err(|e| e.to_string())?;
    let levels = RunLevels::new(args.settings.levels);
    levels.check(&catalogue)?;
    print(&settings::describe(
        &visible::path(&args.path),
        &canonical,
        &config,
        &levels,
        &catalogue,
    ))
}

/// `cmilint test-rules`: every rule's examples checked, and the marked plans of each
/// folder's `tests/`; exit 1 when one fails.
fn test_rules(folders: &RuleFolders) -> Result<ExitCode, String> {
    let (rules, files) = folders.load_named().map_err(|e| e.to_string())?;
    // What the built-in rules find in a test plan counts only where it is marked.
    let built_in = |code: &str| {
        let rule = rules.rules().iter().find(|r| *r.code == *code);
        rule.is_some_and(|r| !files.contains(&r.file))
    };
    let failures = failing_examples(&rules, |_| true).map_err(|e| e.to_string())?;
    let tested = rules.rules().len();
    let mut lines: Vec<String> = failures.iter().map(ToString::to_string).collect();
    lines.push(match failures.len() {
        0 => format!(
            "{tested} rules tested: every bad example gives its rule, every good one nothing"
        ),
        1 => format!("{tested} rules tested: 1 example fails"),
        n => format!("{tested} rules tested: {n} examples fail"),
    });
    let mut failed = !failures.is_empty();
    for tests in folders
        .folders
        .iter()
        .map(|f| f.join(TESTS))
        .filter(|t| t.is_dir())
    {
        let (wrong, checked) =
            mismatches(&tests, &rules, |code| !built_in(code)).map_err(|e| e.to_string())?;
        let plans = match checked {
            1 => format!("1 plan file of {}", visible::path(&tests)),
            n => format!("{n} plan files of {}", visible::path(&tests)),
        };
        lines.extend(wrong.iter().map(ToString::to_string));
        lines.push(match wrong.len() {
            0 => format!("{plans}: every line reports what it is marked with"),
            1 => format!("{plans}: 1 line does not report what it is marked with"),
            n => format!("{plans}: {n} lines do not report what they are marked with"),
        });
        failed |= !wrong.is_empty();
    }
    let out: String = lines.into_iter().map(|line| line + "\n").collect();
    print(&out)?;
    Ok(ExitCode::from(u8::from(failed)))
}

/// The folder of a rules folder that holds its marked test plans.
const TESTS: &str = "tests";

/// Writes text to standard output, escaped as `visible::lines` does; a closed pipe is not
/// an error.
fn print(text: &str) -> Result<ExitCode, String> {
    let text = visible::lines(text);
    match io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(format!("cannot write: {e}")),
        _ => Ok(ExitCode::SUCCESS),
    }
}

fn color_choice(color: Color, terminal: bool) -> ColorChoice {
    match color {
        Color::Always => ColorChoice::Always,
        // termcolor's `Auto` honours NO_COLOR and TERM=dumb.
        Color::Auto if terminal => ColorChoice::Auto,
        Color::Auto | Color::Never => ColorChoice::Never,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_is_left_to_the_terminal_only_with_auto() {
        // On a terminal, termcolor's `Auto` honours NO_COLOR and TERM=dumb.
        assert_eq!(color_choice(Color::Auto, true), ColorChoice::Auto);
        assert_eq!(color_choice(Color::Auto, false), ColorChoice::Never);
        assert_eq!(color_choice(Color::Always, false), ColorChoice::Always);
        assert_eq!(color_choice(Color::Never, true), ColorChoice::Never);
    }
}
