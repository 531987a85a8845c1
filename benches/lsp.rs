//! `cargo bench --bench lsp`: how long the language server takes from a change to a
//! plan of 5,000 lines (one character of a title, as a planner types) to the
//! diagnostics it publishes for it, over 300 changes after 30 to warm up: the median,
//! the 95th percentile and the slowest; and the memory of the process (the server
//! runs in it, on a thread) after the plan is opened, after the changes, and at its
//! peak, so that a server an editor holds for hours is seen not to grow.
//! docs/performance.md records the figures.

#[allow(dead_code, reason = "the corpus serves the other benchmark too")]
mod corpus;

use std::io::{BufRead, BufReader, Write};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// About 5,000 lines of the benchmark's units.
const BYTES: usize = 130_000;
const WARM_UP: usize = 30;
const CHANGES: usize = 300;

fn send(to: &mut impl Write, message: &Value) {
    let body = message.to_string();
    write!(to, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("sent");
    to.flush().expect("flushed");
}

fn receive(from: &mut impl BufRead) -> Value {
    let mut length = 0;
    loop {
        let mut line = String::new();
        from.read_line(&mut line).expect("a header");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length: ") {
            length = value.parse().expect("a length");
        }
    }
    let mut body = vec![0; length];
    from.read_exact(&mut body).expect("a body");
    serde_json::from_slice(&body).expect("JSON")
}

/// Reads until the diagnostics of `version` are published.
fn published(from: &mut impl BufRead, version: i64) {
    loop {
        let message = receive(from);
        if message["method"] == "textDocument/publishDiagnostics"
            && message["params"]["version"] == version
        {
            return;
        }
    }
}

/// A figure of `/proc/self/status` (`VmRSS`, `VmHWM`), in MB, where Linux gives it.
fn memory(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with(key))?;
            let kilobytes: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.1} MB", kilobytes / 1_000.0))
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn main() {
    let text = corpus::plan(BYTES);
    let lines = text.lines().count();
    let (server_input, mut client_output) = std::io::pipe().expect("a pipe");
    let (client_input, server_output) = std::io::pipe().expect("a pipe");
    let server = std::thread::spawn(move || {
        cmilint::hooks::lsp_serve(BufReader::new(server_input), server_output)
    });
    let mut from = BufReader::new(client_input);
    let to = &mut client_output;
    send(
        to,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "capabilities": {}}}),
    );
    receive(&mut from);
    send(
        to,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let uri = "untitled:plan.cmi";
    send(
        to,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "cmi", "version": 1, "text": text}}}),
    );
    published(&mut from, 1);
    let opened = memory("VmRSS:");
    // The title of the plan's first actor, one character changed back and forth.
    let (line, character) = text
        .lines()
        .enumerate()
        .find_map(|(n, l)| l.find("\"J9 Branch\"").map(|c| (n, c + 1)))
        .expect("the J9 actor");
    let mut latencies: Vec<Duration> = Vec::with_capacity(CHANGES);
    for change in 0..WARM_UP + CHANGES {
        let version = i64::try_from(change).expect("few changes") + 2;
        let letter = if change % 2 == 0 { "K" } else { "J" };
        let started = Instant::now();
        send(
            to,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {
                "start": {"line": line, "character": character},
                "end": {"line": line, "character": character + 1}}, "text": letter}]}}),
        );
        published(&mut from, version);
        if change >= WARM_UP {
            latencies.push(started.elapsed());
        }
    }
    let changed = memory("VmRSS:");
    send(
        to,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    );
    receive(&mut from);
    send(
        to,
        &json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
    );
    assert_eq!(server.join().expect("the server ends"), 0);
    latencies.sort();
    let at = |percent: usize| latencies[(latencies.len() - 1) * percent / 100];
    println!(
        "didChange to publishDiagnostics, a plan of {lines} lines ({} bytes), {CHANGES} changes: \
         median {:.1} ms, p95 {:.1} ms, slowest {:.1} ms",
        text.len(),
        at(50).as_secs_f64() * 1e3,
        at(95).as_secs_f64() * 1e3,
        at(100).as_secs_f64() * 1e3
    );
    println!(
        "resident memory: {opened} once the plan is open, {changed} after {} changes, peak {}",
        WARM_UP + CHANGES,
        memory("VmHWM:")
    );
}
