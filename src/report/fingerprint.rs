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
/// the code, the message and which occurrence of those three it is. Occurrences are
/// counted by the hash of the three, so that no message is held for the count.
pub(super) fn fingerprints<'a>(
    sources: &'a SourceMap,
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> impl Iterator<Item = String> {
    let mut seen: HashMap<u64, usize> = HashMap::new();
    diagnostics.into_iter().map(move |d| {
        let file = &sources.get(d.location.file).name;
        let what = [file.as_str(), d.code(), &d.message()]
            .iter()
            .fold(FNV_OFFSET, |hash, part| hashed(hash, part));
        let occurrence = seen.entry(what).or_default();
        *occurrence += 1;
        format!("{:016x}", hashed(what, &occurrence.to_string()))
    })
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// The hash continued with a part and the zero byte that ends it.
fn hashed(hash: u64, part: &str) -> u64 {
    part.bytes().chain([0]).fold(hash, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
