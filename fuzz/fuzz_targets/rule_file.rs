//! The rule-file loader: any text of an organisation's rule file is compiled or refused
//! with an error naming its place; a rule set that compiles checks a plan.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match cmilint::RuleSet::load(&[("org.yaml".into(), text.into())]) {
        Ok(rules) => {
            let plan = include_bytes!("../../examples/river-shield/plan.cmi");
            cmilint::check(
                vec![cmilint::Input::Stdin {
                    name: Some("plan.cmi".into()),
                    bytes: plan.to_vec(),
                }],
                &rules,
            )
            .expect("standard input is always readable");
        }
        Err(error) => {
            let error = error.to_string();
            assert!(error.starts_with("org.yaml:"), "{error}");
        }
    }
});
