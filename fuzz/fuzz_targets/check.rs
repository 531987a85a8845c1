//! The whole check of a plan, rendered in every format (`hooks::check_and_render`
//! asserts what every report promises): of any bytes, and of plans generated from the
//! vocabulary, so that the fuzzer gets past the parser to the model and the rules.

#![no_main]

use std::fmt::Write;
use std::sync::OnceLock;

use arbitrary::{Arbitrary, Unstructured};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
enum Input {
    Bytes(Vec<u8>),
    Plan(Plan),
}

/// A plan: blocks of the vocabulary's kinds, with its fields and words, identifiers
/// from a small set so that references meet definitions, and a few mistakes.
#[derive(Debug)]
struct Plan(String);

fn vocabulary() -> &'static [cmilint::hooks::BlockWords] {
    static VOCABULARY: OnceLock<Vec<cmilint::hooks::BlockWords>> = OnceLock::new();
    VOCABULARY.get_or_init(cmilint::hooks::vocabulary)
}

const IDENTIFIERS: [&str; 6] = ["j9", "unhcr", "council", "wells", "water", "x-1"];
const TEXTS: [&str; 6] = [
    "Water trucking",
    "on request of OCHA, as a last resort",
    "",
    "a\\u{202E}b",
    "line\\nbreak",
    "weekly liaison with the ICRC",
];
const OTHER_VALUES: [&str; 10] = [
    "2027-01-01",
    "2027-01-01..2027-06-30",
    "2027-06-30..2027-01-01",
    "2027-02-30",
    "12",
    "yes",
    "no",
    "[]",
    "\"\"\"\nseveral\nlines\n\"\"\"",
    "-",
];

impl<'a> Arbitrary<'a> for Plan {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        let mut text = String::new();
        if u.arbitrary()? {
            text.push_str("plan \"P\" { level: tactical period: 2027-01-01..2027-06-30 }\n");
        }
        for _ in 0..u.int_in_range(0..=12)? {
            block(u, &mut text, 0)?;
        }
        Ok(Plan(text))
    }
}

fn block(u: &mut Unstructured<'_>, out: &mut String, depth: usize) -> arbitrary::Result<()> {
    let (keyword, fields) = u.choose(vocabulary())?;
    write!(out, "{keyword} ").ok();
    if u.arbitrary()? {
        write!(out, "{} ", u.choose(&IDENTIFIERS)?).ok();
    }
    if u.arbitrary()? {
        write!(out, "\"{}\" ", u.choose(&TEXTS)?).ok();
    }
    out.push_str("{\n");
    if !fields.is_empty() {
        for _ in 0..u.int_in_range(0..=6)? {
            let (name, words) = u.choose(fields)?;
            write!(out, "  {name}: ").ok();
            let count = if u.ratio(1, 4)? { u.int_in_range(0..=3)? } else { 1 };
            let values: Vec<String> = (0..count)
                .map(|_| value(u, words))
                .collect::<arbitrary::Result<_>>()?;
            if count == 1 {
                out.push_str(&values[0]);
            } else {
                write!(out, "[{}]", values.join(", ")).ok();
            }
            out.push('\n');
        }
    }
    if depth < 3 {
        for _ in 0..u.int_in_range(0..=2)? {
            block(u, out, depth + 1)?;
        }
    }
    out.push_str("}\n");
    Ok(())
}

fn value(u: &mut Unstructured<'_>, words: &[&str]) -> arbitrary::Result<String> {
    Ok(match u.int_in_range(0..=3)? {
        0 if !words.is_empty() => (*u.choose(words)?).to_owned(),
        0 | 1 => (*u.choose(&IDENTIFIERS)?).to_owned(),
        2 => format!("\"{}\"", u.choose(&TEXTS)?),
        _ => (*u.choose(&OTHER_VALUES)?).to_owned(),
    })
}

fuzz_target!(|input: Input| {
    let bytes = match input {
        Input::Bytes(bytes) => bytes,
        Input::Plan(Plan(text)) => text.into_bytes(),
    };
    cmilint::hooks::check_and_render(bytes);
});
