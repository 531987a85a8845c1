//! The configuration loader: any text of a `.cmilint.yaml` is read, or refused with an
//! error that names its place in the file.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(error) = cmilint::hooks::configuration(text) {
        assert!(error.starts_with(".cmilint.yaml:"), "{error}");
    }
});
