//! The pest grammar of the plan language (`grammar/cmi.pest`) and its rules, named
//! `GrammarRule` here so that they are never taken for CMI rules.

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/cmi.pest"]
pub(super) struct Grammar;

pub(super) use self::Rule as GrammarRule;
