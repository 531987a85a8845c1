//! What a finding is, whatever line it is on: its file, code and message (which names
//! the block, identifier, field or phrase it speaks of), and which occurrence of those
//! it is in its file. Reports give it as a fingerprint, so that a finding keeps its
//! identity when lines are added above it.

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;

/// A fingerprint for each diagnostic, in the order given (which must be the order of
/// their places in each file), made as they are asked for: 16 hexadecimal digits of a
/// hash (FNV-1a, 64 bits, stable across runs, builds and machines) of the file's name,
/// the code, the message and which occurrence of those three it is.
pub(super) fn fingerprints<'a>(
    sources: &'a SourceMap,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> impl Iterator<Item = String> {
    let mut seen: HashMap<(&str, &str, &str), usize> = HashMap::new();
    diagnostics.into_iter().map(move |d| {
        let file = &sources.get(d.location.file).name;
        let occurrence = seen.entry((file, &d.code, &d.message)).or_default();
        *occurrence += 1;
        fingerprint(file, d, *occurrence)
    })
}

fn fingerprint(file: &str, d: &Diagnostic, occurrence: usize) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let parts = [file, &d.code, &d.message, &occurrence.to_string()];
    for byte in parts.iter().flat_map(|p| p.bytes().chain([0])) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
