//! The layout ARCHITECTURE.md promises, read from the source: no module imports a
//! module that imports it back, directly or through others; and the CMI rules read
//! only the model, never the plan's text or syntax.
//!
//! A module is a file under `src/`; what it imports is every path it names that leads
//! to another module of the crate: in `use` items, in code, and in the tokens of macro
//! invocations (`format!`, `matches!`). The reading errs on the side of an import: a
//! function named like a module (`syntax::parse`) counts as that module.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::fs;
use std::path::Path;

use syn::visit::{self, Visit};

/// A module by its path from the crate root (`rules::compile::paths`; the root is "").
type Module = String;

/// The modules of the crate, each with its file's text.
fn modules() -> BTreeMap<Module, String> {
    fn walk(folder: &Path, prefix: &str, out: &mut BTreeMap<Module, String>) {
        for entry in fs::read_dir(folder).expect("src/ is readable") {
            let path = entry.expect("an entry").path();
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            let name = if prefix.is_empty() {
                stem.clone()
            } else {
                format!("{prefix}::{stem}")
            };
            if path.is_dir() {
                walk(&path, &name, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let module = match stem.as_str() {
                    "lib" if prefix.is_empty() => String::new(),
                    "main" if prefix.is_empty() => continue,
                    "mod" => prefix.to_owned(),
                    _ => name,
                };
                out.insert(module, fs::read_to_string(&path).expect("readable"));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        "",
        &mut out,
    );
    out
}

fn join(parts: &[String]) -> Module {
    parts.join("::")
}

/// The paths a file names, each with the module (inline ones included) it is named in.
struct Names {
    /// The module being read, as segments.
    current: Vec<String>,
    found: Vec<(Vec<String>, Vec<String>)>,
}

impl Names {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => self.found(prefix, &n.ident),
            syn::UseTree::Rename(r) => self.found(prefix, &r.ident),
            syn::UseTree::Glob(_) => {
                self.found.push((self.current.clone(), prefix.clone()));
            }
            syn::UseTree::Group(g) => {
                for tree in &g.items {
                    self.use_tree(prefix, tree);
                }
            }
        }
    }

    fn found(&mut self, prefix: &[String], last: &syn::Ident) {
        let mut path = prefix.to_vec();
        path.push(last.to_string());
        self.found.push((self.current.clone(), path));
    }
}

impl<'ast> Visit<'ast> for Names {
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.current.push(item.ident.to_string());
            visit::visit_item_mod(self, item);
            self.current.pop();
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }

    /// `pub(crate)` and `pub(super)` name no import.
    fn visit_visibility(&mut self, _: &'ast syn::Visibility) {}

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.found.push((self.current.clone(), segments));
        visit::visit_path(self, path);
    }

    /// A macro's tokens are not parsed: every run of words joined by `::` in them is
    /// taken for a path.
    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        self.visit_path(&mac.path);
        self.paths_in_tokens(mac.tokens.clone());
    }
}

impl Names {
    fn paths_in_tokens(&mut self, tokens: proc_macro2::TokenStream) {
        use proc_macro2::TokenTree;
        let mut path: Vec<String> = Vec::new();
        let mut colons = 0;
        for tree in tokens {
            match tree {
                TokenTree::Ident(ident) => {
                    if colons != 2 {
                        self.end_path(&mut path);
                    }
                    path.push(ident.to_string());
                    colons = 0;
                }
                TokenTree::Punct(p) if p.as_char() == ':' && !path.is_empty() && colons < 2 => {
                    colons += 1;
                }
                other => {
                    self.end_path(&mut path);
                    colons = 0;
                    if let TokenTree::Group(group) = other {
                        self.paths_in_tokens(group.stream());
                    }
                }
            }
        }
        self.end_path(&mut path);
    }

    fn end_path(&mut self, path: &mut Vec<String>) {
        if path.len() > 1 {
            self.found
                .push((self.current.clone(), std::mem::take(path)));
        }
        path.clear();
    }
}

/// The module a path named in module `from` leads to, if it leads into the crate.
fn resolve(from: &[String], path: &[String], modules: &BTreeMap<Module, String>) -> Option<Module> {
    let mut at: Vec<String> = from.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            at.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                at.pop()?;
                rest = &rest[1..];
            }
        }
        Some(first) => {
            // A path may start at a child module of the one it is named in.
            let mut child = at.clone();
            child.push(first.to_owned());
            if !modules.contains_key(&join(&child)) {
                return None;
            }
        }
        None => return None,
    }
    at.extend(rest.iter().cloned());
    // The longest prefix that is a file of the crate.
    (0..=at.len())
        .rev()
        .map(|n| join(&at[..n]))
        .find(|m| modules.contains_key(m))
}

/// What the source says: every module each module imports, and the last word of every
/// path each module names (the items it uses).
struct Reading {
    imports: BTreeMap<Module, BTreeSet<Module>>,
    names: BTreeMap<Module, BTreeSet<String>>,
}

fn read_crate() -> Reading {
    let modules = modules();
    let mut reading = Reading {
        imports: BTreeMap::new(),
        names: BTreeMap::new(),
    };
    for (module, text) in &modules {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{module}: {e}"));
        let current: Vec<String> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").map(str::to_owned).collect()
        };
        let mut names = Names {
            current,
            found: Vec::new(),
        };
        names.visit_file(&file);
        let targets: BTreeSet<Module> = names
            .found
            .iter()
            .filter_map(|(from, path)| resolve(from, path, &modules))
            .filter(|target| target != module)
            .collect();
        reading.imports.insert(module.clone(), targets);
        let used = names
            .found
            .into_iter()
            .filter_map(|(_, mut path)| path.pop());
        reading.names.insert(module.clone(), used.collect());
    }
    reading
}

/// Whether `module` is `root` or inside it.
fn within(module: &str, root: &str) -> bool {
    module == root
        || module
            .strip_prefix(root)
            .is_some_and(|rest| rest.starts_with("::"))
}

/// The modules that those under `root` reach, directly or through others, and that
/// are neither under `root` nor `allowed`: each as the chain of imports that reaches it.
fn reached_beyond(
    graph: &BTreeMap<Module, BTreeSet<Module>>,
    root: &str,
    allowed: &[&str],
) -> Vec<String> {
    let mut chains: BTreeMap<&str, String> = BTreeMap::new();
    let mut pending: Vec<&str> = Vec::new();
    for module in graph.keys().filter(|m| within(m, root)) {
        chains.insert(module, module.clone());
        pending.push(module);
    }
    while let Some(module) = pending.pop() {
        for target in graph.get(module).into_iter().flatten() {
            if !chains.contains_key(target.as_str()) {
                let chain = format!("{} -> {target}", chains[module]);
                chains.insert(target, chain);
                pending.push(target);
            }
        }
    }
    chains
        .into_iter()
        .filter(|(m, _)| !within(m, root) && !allowed.contains(m))
        .map(|(_, chain)| chain)
        .collect()
}

/// A cycle in the graph, if there is one: the modules around it, the first again at
/// the end.
fn cycle(graph: &BTreeMap<Module, BTreeSet<Module>>) -> Option<Vec<Module>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    for start in graph.keys() {
        if state.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&str>)> =
            vec![(start, graph[start].iter().map(String::as_str).collect())];
        state.insert(start, State::Open);
        while let Some((module, next)) = stack.last_mut() {
            let module = *module;
            let Some(target) = next.pop() else {
                state.insert(module, State::Done);
                stack.pop();
                continue;
            };
            match state.get(target) {
                Some(State::Open) => {
                    let from = stack.iter().position(|(m, _)| *m == target)?;
                    let mut around: Vec<Module> =
                        stack[from..].iter().map(|(m, _)| (*m).to_owned()).collect();
                    around.push(target.to_owned());
                    return Some(around);
                }
                Some(State::Done) => {}
                None => {
                    state.insert(target, State::Open);
                    let targets = graph.get(target).into_iter().flatten();
                    stack.push((target, targets.map(String::as_str).collect()));
                }
            }
        }
    }
    None
}

fn shown(graph: &BTreeMap<Module, BTreeSet<Module>>) -> String {
    let mut out = String::new();
    for (module, targets) in graph {
        let name = if module.is_empty() { "(lib)" } else { module };
        let targets: Vec<&str> = targets.iter().map(String::as_str).collect();
        writeln!(out, "{name} -> {}", targets.join(", ")).expect("writing to a String");
    }
    out
}

#[test]
fn no_module_imports_a_module_that_imports_it_back() {
    let graph = read_crate().imports;
    if let Some(around) = cycle(&graph) {
        panic!(
            "an import cycle: {}\n\nthe imports:\n{}",
            around.join(" -> "),
            shown(&graph)
        );
    }
}

#[test]
fn the_rules_read_only_the_model() {
    let allowed = [
        "model",
        "vocabulary",
        "diagnostic",
        "source",
        "codes",
        "yaml",
        "visible",
        "confined",
        "suggest",
    ];
    let reading = read_crate();
    let beyond = reached_beyond(&reading.imports, "rules", &allowed);
    assert!(
        beyond.is_empty(),
        "the rule engine may reach only {allowed:?}, directly or through them:\n{}",
        beyond.join("\n")
    );
    // `source` gives the rules places (`Span`, `FileId`), never a file's text.
    for (module, names) in reading.names.iter().filter(|(m, _)| within(m, "rules")) {
        for text in ["SourceMap", "SourceFile"] {
            assert!(!names.contains(text), "{module} names {text}");
        }
    }
}

#[test]
fn the_reading_of_imports_sees_macros_cycles_and_what_is_reached() {
    let module = |name: &str| (name.to_owned(), String::new());
    let modules: BTreeMap<Module, String> = [
        module(""),
        module("rules"),
        module("rules::engine"),
        module("syntax"),
    ]
    .into();
    let from = |m: &str| -> Vec<String> { m.split("::").map(str::to_owned).collect() };
    let path = |p: &str| -> Vec<String> { p.split("::").map(str::to_owned).collect() };
    assert_eq!(
        resolve(
            &from("rules::engine"),
            &path("crate::syntax::Word"),
            &modules
        ),
        Some("syntax".to_owned())
    );
    assert_eq!(
        resolve(&from("rules::engine"), &path("super::RuleSet"), &modules),
        Some("rules".to_owned())
    );
    assert_eq!(
        resolve(&from("rules"), &path("engine::Engine"), &modules),
        Some("rules::engine".to_owned())
    );
    assert_eq!(resolve(&from("rules"), &path("std::fmt"), &modules), None);
    let graph: BTreeMap<Module, BTreeSet<Module>> = [
        ("rules".to_owned(), ["rules::engine".to_owned()].into()),
        ("rules::engine".to_owned(), ["rules".to_owned()].into()),
    ]
    .into();
    assert_eq!(
        cycle(&graph),
        Some(vec![
            "rules".to_owned(),
            "rules::engine".to_owned(),
            "rules".to_owned()
        ])
    );
    let graph: BTreeMap<Module, BTreeSet<Module>> = [
        ("rules::engine".to_owned(), ["model".to_owned()].into()),
        ("model".to_owned(), ["syntax".to_owned()].into()),
        ("rulesets".to_owned(), ["syntax".to_owned()].into()),
    ]
    .into();
    assert_eq!(
        reached_beyond(&graph, "rules", &["model"]),
        ["rules::engine -> model -> syntax"]
    );
    let mut names = Names {
        current: Vec::new(),
        found: Vec::new(),
    };
    names.visit_file(&syn::parse_quote! {
        fn f() { let _ = format!("{:?}", crate::syntax::Word::default()); }
    });
    assert!(
        names
            .found
            .iter()
            .any(|(_, path)| path == &["crate", "syntax", "Word", "default"]),
        "a path inside a macro is read: {:?}",
        names.found
    );
}
