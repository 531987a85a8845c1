//! The language server on any input: its reader of framed messages (headers that never
//! end, a Content-Length past the limit or past the input, bodies that are not JSON)
//! reads every message to the end or stops, and the server, given the same bytes as a
//! client's, answers or skips each message and ends, without a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let read = cmilint::hooks::lsp_read_all(bytes);
    assert!(read.iter().filter(|r| **r == "broken").count() <= 1);
    let code = cmilint::hooks::lsp_serve(std::io::Cursor::new(bytes.to_vec()), std::io::sink());
    assert!(code == 0 || code == 1);
});
