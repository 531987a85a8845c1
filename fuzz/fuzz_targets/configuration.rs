//! The configuration loader: any text of a `.cmilint.yaml` is read, or refused with an
//! error of one visible line that names its place in the file.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    if let Err(error) = cmilint::hooks::configuration(text) {
        cmilint::hooks::assert_error_names(".cmilint.yaml", &error);
    }
});
