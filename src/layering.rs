//! The import rules of `src/`, checked from the code's own `crate::`,
//! `super::` and `self::` paths: no two files import each other, directly or
//! through others (a cycle makes neither file understandable, testable or
//! movable alone). A module's `mod.rs` naming its own children (`pub mod x`)
//! is not an import; a child using what its parent defines (`super::x`) is.
//!
//! And the layers point one way: the pure core (`domain`, `i18n`, `escape`)
//! names no layer above it, the store names no use case, and the use cases
//! (`services`) name nothing of HTTP (`server`, `server_fns`, `ui`): what
//! they need from outside comes in a `services::Ctx`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`services::meetings`) → file, for every `.rs` under `src/`.
fn modules(src: &Path) -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, prefix: &[String], out: &mut BTreeMap<String, PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                let mut p = prefix.to_vec();
                p.push(name);
                walk(&path, &p, out);
            } else if let Some(stem) = name.strip_suffix(".rs") {
                let mut p = prefix.to_vec();
                if !matches!(stem, "mod" | "lib" | "main") {
                    p.push(stem.to_owned());
                }
                if stem != "main" {
                    out.insert(p.join("::"), path);
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(src, &[], &mut out);
    out
}

/// The paths a file names after `crate::`, `super::` or `self::`, with
/// `{a, b::{c}}` groups expanded, each as absolute module segments.
fn named_paths(text: &str, module: &[String]) -> Vec<Vec<String>> {
    fn expand(s: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
        // reads `seg::seg`, `seg::{…}` or `{…}` from the start of `s`; the
        // bytes it used
        let b = s.as_bytes();
        let mut i = 0;
        let mut path = base;
        loop {
            if i < b.len() && b[i] == b'{' {
                i += 1;
                loop {
                    while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
                        i += 1;
                    }
                    if i >= b.len() {
                        return i;
                    }
                    if b[i] == b'}' {
                        return i + 1;
                    }
                    i += expand(&s[i..], path.clone(), out).max(1);
                }
            }
            let start = i;
            while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                i += 1;
            }
            if i > start {
                path.push(s[start..i].to_owned());
            }
            if s[i..].starts_with("::") {
                i += 2;
                continue;
            }
            out.push(path);
            return i;
        }
    }
    // the module a `super::` starts from: `levels` up from this file's
    // (a `mod.rs` is its folder's module)
    let parent = |levels: usize| -> Option<Vec<String>> {
        let mut m = module.to_vec();
        for _ in 0..levels {
            m.pop()?;
        }
        Some(m)
    };
    // a file's own tests (`mod tests { use super::*; }`) are not its imports
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = Vec::new();
    let code: String = text
        .lines()
        .map(|l| match l.find("//") {
            Some(i) if !l[..i].contains('"') => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut rest = code.as_str();
    while let Some(pos) = rest.find(['c', 's']) {
        let tail = &rest[pos..];
        let before = code.len() - rest.len() + pos;
        let boundary = before == 0
            || !code.as_bytes()[before - 1].is_ascii_alphanumeric()
                && code.as_bytes()[before - 1] != b'_';
        let (base, skip) = if boundary && tail.starts_with("crate::") {
            (Some(Vec::new()), 7)
        } else if boundary && tail.starts_with("super::") {
            let mut levels = 1;
            let mut k = 7;
            while tail[k..].starts_with("super::") {
                levels += 1;
                k += 7;
            }
            (parent(levels), k)
        } else if boundary && tail.starts_with("self::") {
            (Some(module.to_vec()), 6)
        } else {
            (None, 1)
        };
        match base {
            Some(base) => {
                let used = expand(&tail[skip..], base, &mut out);
                rest = &tail[(skip + used).min(tail.len())..];
            }
            None => rest = &tail[skip.min(tail.len())..],
        }
    }
    out
}

/// File → the files it imports.
fn graph(src: &Path) -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mods = modules(src);
    let mut edges: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    for (name, file) in &mods {
        let module: Vec<String> = if name.is_empty() {
            Vec::new()
        } else {
            name.split("::").map(str::to_owned).collect()
        };
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let targets = edges.entry(file.clone()).or_default();
        for path in named_paths(&text, &module) {
            // the longest prefix that is a module of its own
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find_map(|m| mods.get(&m));
            if let Some(t) = target {
                if t != file {
                    targets.insert(t.clone());
                }
            }
        }
    }
    edges
}

/// Every cycle's files (strongly connected components of more than one).
fn cycles(edges: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<Vec<PathBuf>> {
    // Kosaraju: order by finish time, then walk the reversed graph
    let nodes: Vec<&PathBuf> = edges.keys().collect();
    let mut seen = BTreeSet::new();
    let mut order = Vec::new();
    for n in &nodes {
        let mut stack = vec![(*n, false)];
        while let Some((v, done)) = stack.pop() {
            if done {
                order.push(v);
                continue;
            }
            if !seen.insert(v) {
                continue;
            }
            stack.push((v, true));
            for w in edges.get(v).into_iter().flatten() {
                if !seen.contains(w) {
                    stack.push((w, false));
                }
            }
        }
    }
    let mut reversed: BTreeMap<&PathBuf, Vec<&PathBuf>> = BTreeMap::new();
    for (v, ws) in edges {
        for w in ws {
            reversed.entry(w).or_default().push(v);
        }
    }
    let mut assigned = BTreeSet::new();
    let mut out = Vec::new();
    for v in order.into_iter().rev() {
        if assigned.contains(v) {
            continue;
        }
        let mut comp = Vec::new();
        let mut stack = vec![v];
        assigned.insert(v);
        while let Some(x) = stack.pop() {
            comp.push(x.clone());
            for w in reversed.get(x).into_iter().flatten() {
                if assigned.insert(*w) {
                    stack.push(w);
                }
            }
        }
        if comp.len() > 1 {
            comp.sort();
            out.push(comp);
        }
    }
    out
}

#[test]
fn no_file_of_src_imports_itself_through_others() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = cycles(&graph(&src));
    let shown: Vec<String> = found
        .iter()
        .map(|c| {
            c.iter()
                .map(|p| p.strip_prefix(&src).unwrap_or(p).display().to_string())
                .collect::<Vec<_>>()
                .join(" ↔ ")
        })
        .collect();
    assert!(
        shown.is_empty(),
        "import cycles in src/:\n{}",
        shown.join("\n")
    );
}

/// Top-level module → the top-level modules it must never name.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "domain",
        &[
            "store",
            "services",
            "server",
            "server_fns",
            "ui",
            "cli",
            "mail",
            "config",
        ],
    ),
    (
        "i18n",
        &["store", "services", "server", "server_fns", "ui", "cli"],
    ),
    (
        "escape",
        &["store", "services", "server", "server_fns", "ui", "cli"],
    ),
    (
        "store",
        &["services", "server", "server_fns", "ui", "cli", "mail"],
    ),
    ("services", &["server", "server_fns", "ui", "cli"]),
    ("mail", &["services", "server", "server_fns", "ui", "cli"]),
    (
        "config",
        &["services", "server", "server_fns", "ui", "cli", "store"],
    ),
];

/// The top-level module a file of `src/` belongs to.
fn layer_of(src: &Path, file: &Path) -> String {
    let rel = file.strip_prefix(src).unwrap_or(file);
    let first = rel
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    first.unwrap_or_default().trim_end_matches(".rs").to_owned()
}

#[test]
fn lower_layers_never_name_higher_ones() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut wrong = Vec::new();
    for (file, targets) in graph(&src) {
        let from = layer_of(&src, &file);
        let Some((_, banned)) = FORBIDDEN.iter().find(|(layer, _)| *layer == from) else {
            continue;
        };
        for t in targets {
            let to = layer_of(&src, &t);
            if banned.contains(&to.as_str()) {
                wrong.push(format!(
                    "{} → {}",
                    file.strip_prefix(&src).unwrap_or(&file).display(),
                    t.strip_prefix(&src).unwrap_or(&t).display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_checker_sees_grouped_and_relative_paths() {
    let module = vec!["services".to_owned(), "calendar".to_owned()];
    let text = "use super::{meetings::ics_meetings, store_error};\nuse crate::domain::{event::{Kind, Status}, Locale};\nfn f() { crate::i18n::Msg::Ok; } // crate::ui::x\n";
    let found = named_paths(text, &module);
    let joined: Vec<String> = found.iter().map(|p| p.join("::")).collect();
    assert!(
        joined.contains(&"services::meetings::ics_meetings".to_owned()),
        "{joined:?}"
    );
    assert!(
        joined.contains(&"services::store_error".to_owned()),
        "{joined:?}"
    );
    assert!(
        joined.contains(&"domain::event::Kind".to_owned()),
        "{joined:?}"
    );
    assert!(joined.contains(&"domain::Locale".to_owned()), "{joined:?}");
    assert!(joined.contains(&"i18n::Msg::Ok".to_owned()), "{joined:?}");
    assert!(
        !joined.iter().any(|p| p.starts_with("ui")),
        "comments are not imports: {joined:?}"
    );

    let mut edges = BTreeMap::new();
    let (a, b, c) = (
        PathBuf::from("a.rs"),
        PathBuf::from("b.rs"),
        PathBuf::from("c.rs"),
    );
    edges.insert(a.clone(), BTreeSet::from([b.clone()]));
    edges.insert(b.clone(), BTreeSet::from([c.clone()]));
    edges.insert(c.clone(), BTreeSet::from([a.clone()]));
    assert_eq!(cycles(&edges), vec![vec![a.clone(), b.clone(), c.clone()]]);
    edges.insert(c.clone(), BTreeSet::new());
    assert!(cycles(&edges).is_empty());
}
