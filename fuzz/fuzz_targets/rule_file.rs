//! The rule-file loader: any text of an organisation's rule file is compiled or refused
//! with an error of one visible line naming its place; a rule set that compiles checks
//! a plan, and what it finds is reported as the robustness oracle expects (`hooks`).

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    match cmilint::RuleSet::load(&[("org.yaml".into(), text.into())]) {
        Ok(rules) => {
            let plan = include_bytes!("../../examples/river-shield/plan.cmi");
            cmilint::hooks::check_with_and_render(&rules, plan.to_vec());
        }
        Err(error) => cmilint::hooks::assert_error_names("org.yaml", &error.to_string()),
    }
});
