//! `cmilint lsp` driven over standard input and output as an editor drives it: the
//! handshake, diagnostics pushed on open and change and pulled on request equal to
//! what `cmilint check` reports, unknown methods, messages that are not JSON, and a
//! clean shutdown.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};

use serde_json::{Value, json};

struct Client {
    child: Child,
    output: BufReader<ChildStdout>,
    next_id: u64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_cmilint"))
            .arg("lsp")
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("cmilint lsp starts");
        let output = BufReader::new(child.stdout.take().expect("piped stdout"));
        Client {
            child,
            output,
            next_id: 0,
        }
    }

    fn send_raw(&mut self, bytes: &[u8]) {
        let input = self.child.stdin.as_mut().expect("piped stdin");
        input.write_all(bytes).expect("written");
        input.flush().expect("flushed");
    }

    fn send(&mut self, message: &Value) {
        let body = message.to_string();
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        let mut message = json!({"jsonrpc": "2.0", "method": method});
        message["params"] = params;
        self.send(&message);
    }

    /// Sends a request and returns its response, passing over notifications.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({"jsonrpc": "2.0", "id": id, "method": method});
        message["params"] = params;
        self.send(&message);
        loop {
            let message = self.receive();
            if message["id"] == id {
                return message;
            }
        }
    }

    /// The next message the server sends.
    fn receive(&mut self) -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            self.output.read_line(&mut line).expect("a header");
            assert!(!line.is_empty(), "the server ended");
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().expect("a length");
            }
        }
        let mut body = vec![0; length];
        self.output.read_exact(&mut body).expect("a body");
        serde_json::from_slice(&body).expect("JSON")
    }

    /// The next diagnostics published, passing over other notifications.
    fn published(&mut self) -> Value {
        loop {
            let message = self.receive();
            if message["method"] == "textDocument/publishDiagnostics" {
                return message["params"].clone();
            }
        }
    }

    fn initialize(&mut self) -> Value {
        let root = format!("file://{}", env!("CARGO_MANIFEST_DIR"));
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root,
                "capabilities": { "general": { "positionEncodings": ["utf-16"] } }
            }),
        );
        self.notify("initialized", json!({}));
        response
    }
}

/// `(code, line, character)` of each diagnostic, as an editor sees them (from 0).
fn places(diagnostics: &Value) -> Vec<(String, u64, u64)> {
    let mut places: Vec<(String, u64, u64)> = diagnostics
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["range"]["start"]["line"].as_u64().unwrap_or_default(),
                d["range"]["start"]["character"]
                    .as_u64()
                    .unwrap_or_default(),
            )
        })
        .collect();
    places.sort();
    places
}

/// What `cmilint check` reports in a file, as `places` gives it.
fn checked(file: &Path) -> Vec<(String, u64, u64)> {
    let output = Command::new(env!("CARGO_BIN_EXE_cmilint"))
        .args(["check", "--format", "json"])
        .arg(file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cmilint check runs");
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let name = file.to_string_lossy();
    let mut places: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == name.as_ref())
        .map(|d| {
            (
                d["code"].as_str().unwrap_or_default().to_owned(),
                d["line"].as_u64().unwrap_or_default() - 1,
                d["column"].as_u64().unwrap_or_default() - 1,
            )
        })
        .collect();
    places.sort();
    places
}

#[test]
fn an_editor_sees_what_cmilint_check_reports_as_it_types() {
    let mut client = Client::start();
    let before = client.request("shutdown", json!(null));
    assert_eq!(before["error"]["code"], -32002, "{before}");
    let initialized = client.initialize();
    let capabilities = &initialized["result"]["capabilities"];
    assert_eq!(capabilities["positionEncoding"], "utf-16");
    assert_eq!(capabilities["textDocumentSync"]["change"], 2, "incremental");
    assert!(capabilities["diagnosticProvider"].is_object());

    // Each plan of the project's conformance suite that stands alone: what the editor
    // is told equals what `cmilint check` reports.
    let suite = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut compared = 0;
    let mut names: Vec<_> = std::fs::read_dir(&suite)
        .expect("the suite")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "cmi"))
        .collect();
    names.sort();
    for path in names {
        let text = std::fs::read_to_string(&path).expect("readable");
        let uri = format!("file://{}", path.display());
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "cmi", "version": 1, "text": text}}),
        );
        let published = client.published();
        assert_eq!(published["uri"], uri);
        assert_eq!(published["version"], 1);
        assert_eq!(
            places(&published["diagnostics"]),
            checked(&path),
            "{}",
            path.display()
        );
        for d in published["diagnostics"].as_array().expect("diagnostics") {
            assert_eq!(d["source"], "cmilint");
            let page = d["codeDescription"]["href"].as_str().unwrap_or_default();
            let expected = if d["code"].as_str().is_some_and(|c| c.starts_with('E')) {
                "/docs/language.md"
            } else {
                "/docs/rules.md"
            };
            assert!(
                page.starts_with("https://") && page.contains(expected),
                "{d}"
            );
            assert!(
                [1, 2, 3].contains(&d["severity"].as_u64().unwrap_or_default()),
                "{d}"
            );
        }
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        compared += 1;
    }
    assert!(compared >= 10, "{compared} plans compared");

    // A plan typed in: opened, then a line inserted above, then a mistake mended.
    let uri = format!("file://{}/examples/draft.cmi", env!("CARGO_MANIFEST_DIR"));
    let text = "plan \"Draft\" { level: tactical period: 2027-01-01..2027-06-30 }\nactor ngo \"NGO\" { kind: ngoo }\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cmi", "version": 1, "text": text}}),
    );
    let opened = client.published();
    let e004 = |published: &Value| -> Vec<(String, u64, u64)> {
        places(&published["diagnostics"])
            .into_iter()
            .filter(|(c, _, _)| c == "E004")
            .collect()
    };
    assert_eq!(e004(&opened), [("E004".to_owned(), 1, 24)]);
    let at = |line: u32, character: u32| json!({"line": line, "character": character});
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": at(0, 0), "end": at(0, 0)}, "text": "# A draft.\n"}]
        }),
    );
    let moved = client.published();
    assert_eq!(moved["version"], 2);
    assert_eq!(e004(&moved), [("E004".to_owned(), 2, 24)]);
    // Quick fixes: the suggestion, and a suppression with a reason to write.
    let finding = moved["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "E004")
        .expect("E004")
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": finding["range"], "context": {"diagnostics": [finding]}}),
    );
    // First the suggestion of its "did you mean", preferred.
    let replace = &actions["result"][0];
    assert_eq!(replace["title"], "Replace `ngoo` with `ngo`");
    assert_eq!(replace["isPreferred"], true);
    assert_eq!(
        replace["edit"]["changes"][&uri],
        json!([{"range": {"start": at(2, 24), "end": at(2, 28)}, "newText": "ngo"}])
    );
    let action = &actions["result"][1];
    assert_eq!(action["title"], "Allow E004 here, with a reason");
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(
        action["edit"]["changes"][&uri],
        json!([{"range": {"start": at(2, 0), "end": at(2, 0)},
                "newText": "# cmilint: allow(E004) -- why the plan accepts this\n"}])
    );
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 3},
            "contentChanges": [{"range": {"start": at(2, 24), "end": at(2, 28)}, "text": "ngo"}]
        }),
    );
    assert_eq!(e004(&client.published()), []);
    let pulled = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(pulled["result"]["kind"], "full");
    assert!(
        pulled["result"]["items"]
            .as_array()
            .is_some_and(|i| !i.is_empty())
    );
    let never = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": "file:///never/opened.cmi"}}),
    );
    assert_eq!(never["result"]["items"], json!([]));

    // What the server cannot use: an unknown method, a body that is not JSON.
    let unknown = client.request("cmilint/unheardOf", json!({}));
    assert_eq!(unknown["error"]["code"], -32601, "{unknown}");
    client.send_raw(b"Content-Length: 5\r\n\r\n{oops");
    let logged = client.receive();
    assert_eq!(logged["method"], "window/logMessage", "{logged}");
    let still = client.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(still["result"]["items"].is_array());

    let shutdown = client.request("shutdown", json!(null));
    assert_eq!(shutdown["result"], Value::Null, "{shutdown}");
    client.notify("exit", json!(null));
    let status = client.child.wait().expect("the server ends");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn a_client_that_offers_utf8_gets_utf8_columns_and_one_that_vanishes_ends_the_server() {
    let mut client = Client::start();
    let response = client.request(
        "initialize",
        json!({"processId": null, "capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}}),
    );
    assert_eq!(
        response["result"]["capabilities"]["positionEncoding"],
        "utf-8"
    );
    client.notify("initialized", json!({}));
    // `é` is two bytes: the unknown kind after it is at byte 23, character 22.
    let text = "plan \"é\" { level: tactical period: 2027-01-01..2027-06-30 }\nactor ngo \"é\" { kind: ngoo }\n";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "untitled:Untitled-1", "languageId": "cmi", "version": 1, "text": text}}),
    );
    let published = client.published();
    let e004: Vec<(String, u64, u64)> = places(&published["diagnostics"])
        .into_iter()
        .filter(|(c, _, _)| c == "E004")
        .collect();
    assert_eq!(e004, [("E004".to_owned(), 1, 23)]);
    // The client goes away without `shutdown`: the server ends, with 1.
    drop(client.child.stdin.take());
    let status = client.child.wait().expect("the server ends");
    assert_eq!(status.code(), Some(1));
}

#[test]
fn an_editor_finds_its_way_across_the_files_of_a_plan() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = folder.path().canonicalize().expect("canonical");
    std::fs::write(
        root.join("actors.cmi"),
        "actor ngo \"Relief NGO\" { kind: ngo }\n",
    )
    .expect("written");
    let text = "use \"actors.cmi\"\n\
                plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 } # cmilint: allow(CMI107) -- reviewed monthly\n\
                engagement talks \"Talks\" { with: ngo }\n\
                activity wells \"Wells\" { kind: military-task partners: [ngo] }\n";
    std::fs::write(root.join("main.cmi"), text).expect("written");
    let uri = format!("file://{}", root.join("main.cmi").display());
    let actors = format!("file://{}", root.join("actors.cmi").display());
    let mut client = Client::start();
    let capabilities = client.initialize()["result"]["capabilities"].clone();
    for provider in [
        "hoverProvider",
        "definitionProvider",
        "referencesProvider",
        "renameProvider",
    ] {
        assert_eq!(capabilities[provider], true, "{provider}");
    }
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cmi", "version": 1, "text": text}}),
    );
    client.published();
    let at = |line: u32, character: u32| json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}});
    let range = |line: u32, start: u32, end: u32| json!({"start": {"line": line, "character": start}, "end": {"line": line, "character": end}});

    // `ngo` in the engagement is defined in the other file.
    let definition = client.request("textDocument/definition", at(2, 34));
    assert_eq!(
        definition["result"],
        json!({"uri": actors, "range": range(0, 6, 9)})
    );

    let mut asked = at(2, 34);
    asked["context"] = json!({"includeDeclaration": true});
    let references = client.request("textDocument/references", asked);
    let mut found: Vec<String> = references["result"]
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| format!("{} {}", l["uri"], l["range"]["start"]))
        .collect();
    found.sort();
    assert_eq!(found.len(), 3, "{found:?}");

    let mut renamed = at(3, 57);
    renamed["newName"] = json!("aid-ngo");
    let edits = client.request("textDocument/rename", renamed.clone());
    let changes = &edits["result"]["changes"];
    assert_eq!(
        changes[&actors],
        json!([{"range": range(0, 6, 9), "newText": "aid-ngo"}])
    );
    assert_eq!(changes[&uri].as_array().map(Vec::len), Some(2), "{changes}");
    renamed["newName"] = json!("9ngo");
    let refused = client.request("textDocument/rename", renamed);
    assert_eq!(refused["error"]["code"], -32602, "{refused}");

    let hover = client.request("textDocument/hover", at(2, 34));
    let shown = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(shown.contains("actor ngo \"Relief NGO\""), "{shown}");
    assert!(shown.contains("named 2 times"), "{shown}");
    let code = client.request("textDocument/hover", at(1, 79));
    let explained = code["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(explained.contains("CMI107 no-review-cycle"), "{explained}");
    // Over a field, what it takes; over a finding, its code's explanation.
    let field = client.request("textDocument/hover", at(3, 26));
    let shown = field["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.contains("field `kind` of `activity`: one of military-task, non-military-task"),
        "{shown}"
    );
    assert!(shown.contains(", required"), "{shown}");
    let finding = client.request("textDocument/hover", at(3, 0));
    let shown = finding["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        shown.contains("CMI114 outside-mandate (warning)"),
        "{shown}"
    );
    assert!(shown.contains("Why it matters"), "{shown}");
    let nothing = client.request("textDocument/hover", at(0, 0));
    assert_eq!(nothing["result"], Value::Null);

    // Completion: the words `kind` takes, after its colon.
    let mut typing = at(3, 31);
    typing["context"] = json!({"triggerKind": 1});
    let completion = client.request("textDocument/completion", typing);
    let labels: Vec<&str> = completion["result"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    assert!(
        labels.contains(&"military-task") && labels.contains(&"restriction"),
        "{labels:?}"
    );

    // The outline: the blocks of this file (the actor is in the other).
    let document = json!({"textDocument": {"uri": uri}});
    let outline = client.request("textDocument/documentSymbol", document.clone());
    let names: Vec<&str> = outline["result"]
        .as_array()
        .expect("symbols")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["plan", "engagement talks", "activity wells"]);
    assert_eq!(outline["result"][1]["selectionRange"], range(2, 11, 16));
    assert_eq!(outline["result"][1]["detail"], "Talks");

    // The colours of line 2, decoded from the protocol's relative form.
    let legend = &capabilities["semanticTokensProvider"]["legend"]["tokenTypes"];
    let tokens = client.request("textDocument/semanticTokens/full", document);
    let data: Vec<u64> = tokens["result"]["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(Value::as_u64)
        .collect();
    let (mut line, mut start) = (0, 0);
    let mut line_2 = Vec::new();
    for token in data.chunks(5) {
        if token[0] > 0 {
            line += token[0];
            start = token[1];
        } else {
            start += token[1];
        }
        if line == 2 {
            let kind = legend[usize::try_from(token[3]).expect("small")]
                .as_str()
                .unwrap_or_default();
            line_2.push(format!("{start}+{} {kind}/{}", token[2], token[4]));
        }
    }
    assert_eq!(
        line_2,
        [
            "0+10 keyword/0",
            "11+5 class/1",
            "17+7 string/0",
            "27+4 property/0",
            "33+3 class/0"
        ]
    );
}

#[test]
fn the_server_ends_at_exit_even_when_the_client_keeps_its_end_open() {
    // The client's end of the pipe stays open after `exit`: the server must not wait
    // for more (a fuzzing run found its reader left behind).
    let (server_input, mut client_output) = std::io::pipe().expect("a pipe");
    let (done, ended) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let code = cmilint::hooks::lsp_serve(BufReader::new(server_input), std::io::sink());
        let _ = done.send(code);
    });
    for message in [
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
        json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        json!({"jsonrpc": "2.0", "method": "exit"}),
    ] {
        let body = message.to_string();
        write!(
            client_output,
            "Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("sent");
    }
    client_output.flush().expect("flushed");
    let code = ended
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("the server ends within 10 s of `exit`");
    assert_eq!(code, 0);
    drop(client_output);
}

#[test]
fn open_buffers_stand_for_their_files_and_a_new_rule_counts_without_a_restart() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let root = folder.path().canonicalize().expect("canonical");
    std::fs::write(root.join(".cmilint.yaml"), "rules-dirs: [org]\n").expect("written");
    std::fs::create_dir(root.join("org")).expect("a folder");
    let library = "actor ngo \"Relief NGO\" { kind: ngo }\n";
    std::fs::write(root.join("actors.cmi"), library).expect("written");
    let plan = "use \"actors.cmi\"\n\
                plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n\
                engagement talks \"Talks\" { with: ngo }\n";
    std::fs::write(root.join("main.cmi"), plan).expect("written");
    let main = format!("file://{}", root.join("main.cmi").display());
    let actors = format!("file://{}", root.join("actors.cmi").display());
    let mut client = Client::start();
    let root_uri = format!("file://{}", root.display());
    client.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {}}),
    );
    client.notify("initialized", json!({}));
    let open = |client: &mut Client, uri: &str, text: &str| {
        client.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "cmi", "version": 1, "text": text}}),
        );
    };
    let codes_of = |published: &Value| -> Vec<String> {
        places(&published["diagnostics"])
            .into_iter()
            .map(|(c, _, _)| c)
            .collect()
    };
    // The diagnostics of `main` published after the last change.
    let main_now = |client: &mut Client| -> Value {
        loop {
            let published = client.published();
            if published["uri"] == main.as_str() {
                return published;
            }
        }
    };
    open(&mut client, &main, plan);
    assert!(!codes_of(&main_now(&mut client)).contains(&"E005".to_owned()));
    // The library open and renamed, unsaved: the plan names an actor that is gone.
    open(&mut client, &actors, library);
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": actors, "version": 2},
            "contentChanges": [{"text": "actor aid \"Relief NGO\" { kind: ngo }\n"}]
        }),
    );
    let mut published = main_now(&mut client);
    while !codes_of(&published).contains(&"E005".to_owned()) {
        published = main_now(&mut client);
    }
    // Closed without saving: the file on disk counts again.
    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": actors}}),
    );
    assert!(!codes_of(&main_now(&mut client)).contains(&"E005".to_owned()));

    // A broken configuration is said where the planner looks, not kept silent.
    std::fs::write(root.join(".cmilint.yaml"), "rule: [\n").expect("written");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/.cmilint.yaml"), "type": 2}]}),
    );
    let broken = main_now(&mut client);
    let message = broken["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.starts_with("cmilint cannot check this plan: "),
        "{broken}"
    );
    assert!(message.contains(".cmilint.yaml"), "{broken}");
    std::fs::write(root.join(".cmilint.yaml"), "rules-dirs: [org]\n").expect("written");

    // A broken rule file: the plan is told, and checked with the built-in rules.
    std::fs::write(root.join("org/broken.yaml"), "rules: [1]\n").expect("written");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/org/broken.yaml"), "type": 1}]}),
    );
    let refused = main_now(&mut client);
    let message = refused["diagnostics"][0]["message"]
        .as_str()
        .unwrap_or_default();
    assert!(
        message.starts_with(
            "the organisation rules cannot be loaded, and the built-in rules alone check this plan: "
        ),
        "{refused}"
    );
    std::fs::remove_file(root.join("org/broken.yaml")).expect("removed");

    // An organisation rule written while the server runs counts once the client says
    // the file changed.
    let rule = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/organisation-rules/engagements.yaml"),
    )
    .expect("readable");
    std::fs::write(root.join("org/engagements.yaml"), rule).expect("written");
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("{root_uri}/org/engagements.yaml"), "type": 1}]}),
    );
    assert!(codes_of(&main_now(&mut client)).contains(&"ORG001".to_owned()));
}

#[test]
fn a_client_that_can_watch_files_is_asked_to_watch_plans_and_rule_files() {
    let mut client = Client::start();
    client.request(
        "initialize",
        json!({"processId": null, "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}}),
    );
    client.notify("initialized", json!({}));
    let asked = client.receive();
    assert_eq!(asked["method"], "client/registerCapability", "{asked}");
    let registration = &asked["params"]["registrations"][0];
    assert_eq!(registration["method"], "workspace/didChangeWatchedFiles");
    let globs: Vec<&str> = registration["registerOptions"]["watchers"]
        .as_array()
        .expect("watchers")
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert_eq!(
        globs,
        ["**/*.cmi", "**/.cmilint.yaml", "**/*.yaml", "**/*.yml"]
    );
}

#[test]
fn a_document_of_ten_megabytes_is_checked_and_changed_like_any_other() {
    let mut text =
        String::from("plan \"Large\" { level: tactical period: 2027-01-01..2027-06-30 }\n");
    let line = "# A remark of the J9 branch on the civil situation, kept in the plan file.\n";
    while text.len() < 10_000_000 {
        text.push_str(line);
    }
    text.push_str("actor ngo \"NGO\" { kind: ngoo }\n");
    let last = u32::try_from(text.lines().count() - 1).expect("lines");
    let mut client = Client::start();
    client.initialize();
    let uri = "untitled:large.cmi";
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "cmi", "version": 1, "text": text}}),
    );
    let e004 = |published: &Value| -> Vec<(String, u64, u64)> {
        places(&published["diagnostics"])
            .into_iter()
            .filter(|(c, _, _)| c == "E004")
            .collect()
    };
    assert_eq!(
        e004(&client.published()),
        [("E004".to_owned(), u64::from(last), 24)]
    );
    let at = |line: u32, character: u32| json!({"line": line, "character": character});
    client.notify(
        "textDocument/didChange",
        json!({
            "textDocument": {"uri": uri, "version": 2},
            "contentChanges": [{"range": {"start": at(last, 24), "end": at(last, 28)}, "text": "ngo"}]
        }),
    );
    assert_eq!(e004(&client.published()), []);
    let shutdown = client.request("shutdown", json!(null));
    assert_eq!(shutdown["result"], Value::Null);
    client.notify("exit", json!(null));
    assert_eq!(
        client.child.wait().expect("the server ends").code(),
        Some(0)
    );
}
