//! `cmilint lsp`: a language server over standard input and output. It keeps the
//! documents an editor has open and reports in them what `cmilint check` would, as
//! the editor types: pushed after each change (changes that arrive together are
//! checked once), and pulled by clients that ask.

mod completion;
mod diagnostics;
mod documents;
mod fixes;
pub(crate) mod navigation;
mod outline;
mod transport;

use std::collections::HashMap;
use std::io::{self, BufRead, Write};
use std::path::PathBuf;
use std::sync::mpsc;

use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    DidSaveTextDocument, Initialized, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentDiagnosticRequest, DocumentSymbolRequest,
    GotoDefinition, HoverRequest, References, RegisterCapability, Rename, Request as _,
    SemanticTokensFullRequest, Shutdown,
};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, CompletionOptions, CompletionParams, CompletionResponse,
    DiagnosticOptions, DiagnosticServerCapabilities, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, DocumentDiagnosticParams, DocumentDiagnosticReport,
    DocumentDiagnosticReportResult, DocumentSymbolParams, DocumentSymbolResponse,
    FileSystemWatcher, FullDocumentDiagnosticReport, GlobPattern, GotoDefinitionParams,
    GotoDefinitionResponse, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, InitializeResult, MarkupContent, MarkupKind, NumberOrString, OneOf,
    PositionEncodingKind, PublishDiagnosticsParams, ReferenceParams, Registration,
    RegistrationParams, RelatedFullDocumentDiagnosticReport, RenameParams, SaveOptions,
    SemanticTokens, SemanticTokensFullOptions, SemanticTokensOptions, SemanticTokensParams,
    SemanticTokensResult, SemanticTokensServerCapabilities, ServerCapabilities, ServerInfo,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkspaceEdit,
};

use documents::{Document, Documents, Encoding};
pub(crate) use transport::{Read, read as read_message};

use crate::catalogue::Catalogue;
use crate::config;
use crate::rules::RuleSet;
use crate::settings;

/// What the reader thread hands the server.
enum Event {
    Message(Message),
    Skipped(String),
    /// The input ended, or could no longer be read: the client is gone.
    Closed,
}

/// Serves one client until it says `exit` or goes away; the exit code: 0 after a
/// `shutdown` request, 1 otherwise (as the protocol asks).
pub(crate) fn serve(input: impl BufRead + Send + 'static, mut output: impl Write) -> i32 {
    let (events, reading) = reader(input);
    let code = serve_events(&events, &mut output);
    // The reader has stopped: at the end of the input, or after `exit`.
    drop(events);
    let _ = reading.join();
    code
}

fn serve_events(events: &mpsc::Receiver<Event>, output: &mut impl Write) -> i32 {
    let mut server = Server::default();
    loop {
        let Ok(event) = events.recv() else {
            return 1;
        };
        let mut batch = vec![event];
        // What else has arrived is handled before anything is checked, so that a
        // burst of changes costs one check.
        batch.extend(events.try_iter());
        for event in batch {
            let message = match event {
                Event::Message(message) => message,
                Event::Skipped(why) => {
                    log(output, &why);
                    continue;
                }
                Event::Closed => return 1,
            };
            if let Some(code) = server.handle(message, output) {
                return code;
            }
        }
        server.publish(output);
    }
}

/// Reads messages on a thread of its own, so that the server sees all that has
/// arrived at once. It stops at the end of the input, or after `exit`, the last
/// message a client sends.
fn reader(
    mut input: impl BufRead + Send + 'static,
) -> (mpsc::Receiver<Event>, std::thread::JoinHandle<()>) {
    let (sender, receiver) = mpsc::channel();
    let reading = std::thread::spawn(move || {
        loop {
            let event = match transport::read(&mut input) {
                Ok(Read::Message(message)) => Event::Message(message),
                Ok(Read::Skipped(why)) => Event::Skipped(why),
                Ok(Read::End) | Err(_) => Event::Closed,
            };
            let last = match &event {
                Event::Closed => true,
                Event::Message(Message::Notification(n)) => n.method == "exit",
                _ => false,
            };
            if sender.send(event).is_err() || last {
                return;
            }
        }
    });
    (receiver, reading)
}

/// Where the session stands.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum State {
    /// Before `initialize`.
    #[default]
    Starting,
    Running,
    /// After `shutdown`: only `exit` is left.
    ShutDown,
}

#[derive(Default)]
struct Server {
    state: State,
    encoding: Option<Encoding>,
    rules: Option<RuleSet>,
    /// The folders of the workspace, whose configurations name the rule folders.
    roots: Vec<PathBuf>,
    /// Why the organisation rules of the workspace could not be loaded, if they could
    /// not: every document is told, and checked with the built-in rules.
    rules_refused: Option<String>,
    /// Whether the client may be asked to watch files.
    can_watch: bool,
    documents: Documents,
    /// Whether a document, a file or a rule changed since the open documents were
    /// last checked: a plan changes with the files it uses, and every open document
    /// is checked again.
    changed: bool,
}

impl Server {
    /// Handles a message; the exit code once the client says `exit`.
    fn handle(&mut self, message: Message, output: &mut impl Write) -> Option<i32> {
        match message {
            Message::Request(request) => {
                let response = self.respond(request);
                send(output, &Message::Response(response));
                None
            }
            Message::Notification(notification) if notification.method == "exit" => {
                Some(i32::from(self.state != State::ShutDown))
            }
            Message::Notification(notification) => {
                if self.state != State::Starting {
                    self.notified(notification, output);
                }
                None
            }
            Message::Response(_) => None,
        }
    }

    fn respond(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if request.method == "initialize" {
            return match request.extract::<InitializeParams>("initialize") {
                Ok((id, params)) => self.initialize(id, &params),
                Err(e) => invalid(id, &e.to_string()),
            };
        }
        if self.state == State::Starting {
            return Response::new_err(
                id,
                ErrorCode::ServerNotInitialized as i32,
                "the server is not initialized: send `initialize` first".into(),
            );
        }
        match request.method.as_str() {
            Shutdown::METHOD => {
                self.state = State::ShutDown;
                Response::new_ok(id, ())
            }
            HoverRequest::METHOD => match request.extract::<HoverParams>(HoverRequest::METHOD) {
                Ok((id, params)) => {
                    let at = &params.text_document_position_params;
                    let hover = self.analysis(at.text_document.uri.as_str()).and_then(|a| {
                        let rules = self.rules.as_ref()?;
                        a.hover(a.offset(at.position), &Catalogue::new(rules))
                    });
                    Response::new_ok(
                        id,
                        hover.map(|text| Hover {
                            contents: HoverContents::Markup(MarkupContent {
                                kind: MarkupKind::Markdown,
                                value: text,
                            }),
                            range: None,
                        }),
                    )
                }
                Err(e) => invalid(id, &e.to_string()),
            },
            GotoDefinition::METHOD => {
                match request.extract::<GotoDefinitionParams>(GotoDefinition::METHOD) {
                    Ok((id, params)) => {
                        let at = &params.text_document_position_params;
                        let found = self
                            .analysis(at.text_document.uri.as_str())
                            .and_then(|a| a.definition(a.block_at(a.offset(at.position))?));
                        Response::new_ok(id, found.map(GotoDefinitionResponse::Scalar))
                    }
                    Err(e) => invalid(id, &e.to_string()),
                }
            }
            References::METHOD => match request.extract::<ReferenceParams>(References::METHOD) {
                Ok((id, params)) => {
                    let at = &params.text_document_position;
                    let found = self.analysis(at.text_document.uri.as_str()).and_then(|a| {
                        let block = a.block_at(a.offset(at.position))?;
                        Some(a.references(block, params.context.include_declaration))
                    });
                    Response::new_ok(id, found.unwrap_or_default())
                }
                Err(e) => invalid(id, &e.to_string()),
            },
            Rename::METHOD => match request.extract::<RenameParams>(Rename::METHOD) {
                Ok((id, params)) => {
                    if !navigation::is_identifier(&params.new_name) {
                        return invalid(
                            id,
                            &format!(
                                "`{}` is not an identifier: an ASCII letter, then ASCII letters, digits, `-` or `_`",
                                params.new_name
                            ),
                        );
                    }
                    let at = &params.text_document_position;
                    let edits = self.analysis(at.text_document.uri.as_str()).and_then(|a| {
                        let block = a.block_at(a.offset(at.position))?;
                        Some(a.rename(block, &params.new_name))
                    });
                    Response::new_ok(id, edits.map(WorkspaceEdit::new))
                }
                Err(e) => invalid(id, &e.to_string()),
            },
            DocumentSymbolRequest::METHOD => {
                match request.extract::<DocumentSymbolParams>(DocumentSymbolRequest::METHOD) {
                    Ok((id, params)) => {
                        let symbols = self
                            .analysis(params.text_document.uri.as_str())
                            .map(|a| a.outline())
                            .unwrap_or_default();
                        Response::new_ok(id, DocumentSymbolResponse::Nested(symbols))
                    }
                    Err(e) => invalid(id, &e.to_string()),
                }
            }
            SemanticTokensFullRequest::METHOD => {
                match request.extract::<SemanticTokensParams>(SemanticTokensFullRequest::METHOD) {
                    Ok((id, params)) => {
                        let data = self
                            .analysis(params.text_document.uri.as_str())
                            .map(|a| a.tokens())
                            .unwrap_or_default();
                        Response::new_ok(
                            id,
                            SemanticTokensResult::Tokens(SemanticTokens {
                                result_id: None,
                                data,
                            }),
                        )
                    }
                    Err(e) => invalid(id, &e.to_string()),
                }
            }
            Completion::METHOD => match request.extract::<CompletionParams>(Completion::METHOD) {
                Ok((id, params)) => {
                    let at = &params.text_document_position;
                    let items = self.documents.get(at.text_document.uri.as_str()).map(|d| {
                        let lines = documents::Lines::new(&d.text);
                        let encoding = self.encoding.unwrap_or(Encoding::Utf16);
                        completion::at(&d.text, lines.offset(&d.text, at.position, encoding))
                    });
                    Response::new_ok(id, CompletionResponse::Array(items.unwrap_or_default()))
                }
                Err(e) => invalid(id, &e.to_string()),
            },
            CodeActionRequest::METHOD => {
                match request.extract::<CodeActionParams>(CodeActionRequest::METHOD) {
                    Ok((id, params)) => Response::new_ok(id, self.code_actions(&params)),
                    Err(e) => invalid(id, &e.to_string()),
                }
            }
            DocumentDiagnosticRequest::METHOD => {
                match request.extract::<DocumentDiagnosticParams>(DocumentDiagnosticRequest::METHOD)
                {
                    Ok((id, params)) => {
                        let uri = params.text_document.uri.as_str().to_owned();
                        let items = self.diagnose(&uri);
                        let report = DocumentDiagnosticReportResult::Report(
                            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                                related_documents: None,
                                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                                    result_id: None,
                                    items,
                                },
                            }),
                        );
                        Response::new_ok(id, report)
                    }
                    Err(e) => invalid(id, &e.to_string()),
                }
            }
            other => Response::new_err(
                id,
                ErrorCode::MethodNotFound as i32,
                format!("cmilint does not answer `{}`", crate::visible::line(other)),
            ),
        }
    }

    fn initialize(&mut self, id: RequestId, params: &InitializeParams) -> Response {
        let offered = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        let utf8 = offered.is_some_and(|kinds| kinds.contains(&PositionEncodingKind::UTF8));
        let encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.encoding = Some(encoding);
        self.roots = workspace_roots(params);
        self.load_rules();
        self.can_watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        self.state = State::Running;
        let capabilities = ServerCapabilities {
            position_encoding: Some(if utf8 {
                PositionEncodingKind::UTF8
            } else {
                PositionEncodingKind::UTF16
            }),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Left(true)),
            document_symbol_provider: Some(OneOf::Left(true)),
            semantic_tokens_provider: Some(
                SemanticTokensServerCapabilities::SemanticTokensOptions(SemanticTokensOptions {
                    legend: outline::legend(),
                    full: Some(SemanticTokensFullOptions::Bool(true)),
                    ..SemanticTokensOptions::default()
                }),
            ),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec![":".into(), " ".into(), "[".into()]),
                ..CompletionOptions::default()
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider: Some(DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some("cmilint".into()),
                inter_file_dependencies: true,
                workspace_diagnostics: false,
                ..DiagnosticOptions::default()
            })),
            ..ServerCapabilities::default()
        };
        Response::new_ok(
            id,
            InitializeResult {
                capabilities,
                server_info: Some(ServerInfo {
                    name: "cmilint".into(),
                    version: Some(env!("CARGO_PKG_VERSION").into()),
                }),
            },
        )
    }

    fn notified(&mut self, notification: Notification, output: &mut impl Write) {
        let encoding = self.encoding.unwrap_or(Encoding::Utf16);
        match notification.method.as_str() {
            Initialized::METHOD if self.can_watch => watch(output),
            DidChangeWatchedFiles::METHOD => {
                if let Ok(params) = notification
                    .extract::<DidChangeWatchedFilesParams>(DidChangeWatchedFiles::METHOD)
                {
                    let rules_changed = params.changes.iter().any(|c| is_settings(c.uri.as_str()));
                    if rules_changed {
                        self.load_rules();
                    }
                    self.changed = true;
                }
            }
            DidOpenTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                {
                    let uri = params.text_document.uri.as_str().to_owned();
                    self.documents.open(
                        uri.clone(),
                        Document {
                            text: params.text_document.text,
                            version: params.text_document.version,
                            path: crate::uri::to_file(&uri),
                        },
                    );
                    self.changed = true;
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Ok(params) = notification.extract::<lsp_types::DidChangeTextDocumentParams>(
                    DidChangeTextDocument::METHOD,
                ) {
                    let uri = params.text_document.uri.as_str().to_owned();
                    self.documents.change(
                        &uri,
                        params.text_document.version,
                        params.content_changes,
                        encoding,
                    );
                    self.changed = true;
                }
            }
            DidSaveTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                {
                    if is_settings(params.text_document.uri.as_str()) {
                        self.load_rules();
                    }
                    self.changed = true;
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Ok(params) = notification
                    .extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                {
                    self.documents.close(params.text_document.uri.as_str());
                    self.changed = true;
                }
            }
            _ => {}
        }
    }

    /// What can be done about the diagnostics the client names: for each cmilint
    /// finding, its "did you mean" put in place, and, when an `allow` may silence its
    /// code, a suppression on the line above.
    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let (Some(document), Some(rules)) = (self.documents.get(uri.as_str()), &self.rules) else {
            return Vec::new();
        };
        let catalogue = Catalogue::new(rules);
        let encoding = self.encoding.unwrap_or(Encoding::Utf16);
        let mut actions = Vec::new();
        for diagnostic in &params.context.diagnostics {
            let Some(NumberOrString::String(code)) = &diagnostic.code else {
                continue;
            };
            let Some(entry) = catalogue.code(code) else {
                continue;
            };
            if diagnostic.source.as_deref() != Some("cmilint") {
                continue;
            }
            for fix in fixes::of(document, diagnostic, code, entry.suppressible, encoding) {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: fix.title,
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    is_preferred: Some(fix.preferred),
                    edit: Some(WorkspaceEdit::new(HashMap::from([(
                        uri.clone(),
                        vec![fix.edit],
                    )]))),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }

    /// Loads the rules of the workspace again.
    fn load_rules(&mut self) {
        let (rules, why) = rules_of(&self.roots);
        self.rules = Some(rules);
        self.rules_refused = why;
    }

    /// An open document analysed; none for a document never opened.
    fn analysis(&self, uri: &str) -> Option<navigation::Analysis> {
        self.analysed(uri)?.ok()
    }

    /// An open document analysed, or why it cannot be (a broken configuration of its
    /// folder, say); none for a document never opened.
    fn analysed(&self, uri: &str) -> Option<Result<navigation::Analysis, String>> {
        let document = self.documents.get(uri)?;
        let encoding = self.encoding.unwrap_or(Encoding::Utf16);
        let overlays = self.documents.overlays(uri);
        let rules = self.rules.as_ref()?;
        Some(navigation::Analysis::of(
            uri, document, overlays, rules, encoding,
        ))
    }

    /// The diagnostics of an open document: none for a document never opened, and one
    /// at its start saying why when it cannot be checked at all.
    fn diagnose(&self, uri: &str) -> Vec<lsp_types::Diagnostic> {
        let encoding = self.encoding.unwrap_or(Encoding::Utf16);
        let said = |message: String| lsp_types::Diagnostic {
            severity: Some(lsp_types::DiagnosticSeverity::ERROR),
            source: Some("cmilint".into()),
            message: crate::visible::line(&message).into_owned(),
            ..lsp_types::Diagnostic::default()
        };
        let mut found = match self.analysed(uri) {
            Some(Ok(analysis)) => diagnostics::of(&analysis, uri, encoding),
            // What stops the check (a broken configuration) says all there is to say.
            Some(Err(why)) => return vec![said(format!("cmilint cannot check this plan: {why}"))],
            None => return Vec::new(),
        };
        if let Some(why) = &self.rules_refused {
            found.insert(
                0,
                said(format!(
                    "the organisation rules cannot be loaded, and the built-in rules alone check this plan: {why}"
                )),
            );
        }
        found
    }

    /// Checks every open document once after a change to any of them, or to a file or
    /// rule, and publishes its diagnostics.
    fn publish(&mut self, output: &mut impl Write) {
        if !std::mem::take(&mut self.changed) {
            return;
        }
        let mut uris: Vec<String> = self.documents.uris().cloned().collect();
        uris.sort();
        for uri in uris {
            let Some(document) = self.documents.get(&uri) else {
                continue;
            };
            let version = document.version;
            let Ok(parsed) = uri.parse::<lsp_types::Uri>() else {
                continue;
            };
            let params = PublishDiagnosticsParams::new(parsed, self.diagnose(&uri), Some(version));
            send(
                output,
                &Message::Notification(Notification::new(
                    PublishDiagnostics::METHOD.into(),
                    params,
                )),
            );
        }
    }
}

/// Whether a file is a configuration or a rule file, whose change changes the rules.
fn is_settings(uri: &str) -> bool {
    std::path::Path::new(uri)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// Asks the client to tell the server when plan, configuration and rule files change
/// on disk (`workspace/didChangeWatchedFiles`).
fn watch(output: &mut impl Write) {
    let watchers = ["**/*.cmi", "**/.cmilint.yaml", "**/*.yaml", "**/*.yml"]
        .iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*glob).to_owned()),
            kind: None,
        })
        .collect();
    let registration = Registration {
        id: "cmilint-files".into(),
        method: DidChangeWatchedFiles::METHOD.into(),
        register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
            watchers,
        })
        .ok(),
    };
    let request = Request::new(
        RequestId::from("cmilint-watch".to_owned()),
        RegisterCapability::METHOD.into(),
        RegistrationParams {
            registrations: vec![registration],
        },
    );
    send(output, &Message::Request(request));
}

/// Tells the client something in its log (`window/logMessage`).
fn log(output: &mut impl Write, message: &str) {
    let params = lsp_types::LogMessageParams {
        typ: lsp_types::MessageType::WARNING,
        message: format!("cmilint: {}", crate::visible::line(message)),
    };
    send(
        output,
        &Message::Notification(Notification::new("window/logMessage".into(), params)),
    );
}

/// The folders of the workspace the client opened.
fn workspace_roots(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten();
    let mut roots: Vec<PathBuf> = folders
        .filter_map(|f| crate::uri::to_file(f.uri.as_str()))
        .collect();
    #[allow(deprecated)]
    if let Some(root) = params
        .root_uri
        .as_ref()
        .and_then(|u| crate::uri::to_file(u.as_str()))
    {
        roots.push(root);
    }
    roots
}

/// The rules of the workspace: built in, and those of the configurations' `rules-dirs`;
/// the built-in ones alone when those cannot be loaded, with the reason.
fn rules_of(roots: &[PathBuf]) -> (RuleSet, Option<String>) {
    let loaded = config::files_for(roots)
        .map_err(|e| e.to_string())
        .and_then(|configured| {
            let mut files = Vec::new();
            for folder in configured.iter().flat_map(settings::rules_dirs) {
                files.extend(RuleSet::read_folder(&folder).map_err(|e| e.to_string())?);
            }
            RuleSet::load(&files).map_err(|e| e.to_string())
        });
    match loaded {
        Ok(rules) => (rules, None),
        Err(why) => (
            RuleSet::load(&[]).expect("the built-in rules compile"),
            Some(why),
        ),
    }
}

fn invalid(id: RequestId, why: &str) -> Response {
    Response::new_err(
        id,
        ErrorCode::InvalidParams as i32,
        crate::visible::line(why).into_owned(),
    )
}

/// Sends a message; a client that is gone is noticed when its input ends.
fn send(output: &mut impl Write, message: &Message) {
    let _ = transport::write(output, message);
}

/// `cmilint lsp` over standard input and output.
pub(crate) fn serve_stdio() -> i32 {
    let input = io::BufReader::new(io::stdin());
    serve(input, io::stdout().lock())
}
