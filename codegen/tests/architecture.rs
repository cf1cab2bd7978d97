//! The module graph runs one way, in pass order: each pass uses the words every pass shares
//! (`diag`, `words`) and what earlier passes made, never a later pass, and the passes after
//! lowering (`ir`, `analyze`, `share`, `names`, `select`, `emit`) never reach back into the
//! spec's reading (`load`, `schema`, `resolve`, `normalize`). A `crate::` path outside what the
//! table allows fails here, in code (comments and `#[cfg(test)]` modules are not read).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each module and the modules it may use. A submodule (`emit/docs.rs`) is its parent's.
/// `config` (the driver), `lib`, `test_support` and the CLI use every pass.
const ALLOWED: &[(&str, &[&str])] = &[
    ("diag", &[]),
    ("words", &["diag"]),
    ("load", &["diag"]),
    ("schema", &["diag", "load", "words"]),
    ("resolve", &["diag", "load", "schema", "words"]),
    ("normalize", &["diag", "load", "resolve", "schema", "words"]),
    ("secrets", &["schema", "words"]),
    ("ir", &["diag", "words"]),
    ("settings", &["diag", "ir", "secrets", "words"]),
    (
        "lower",
        &[
            "diag",
            "ir",
            "normalize",
            "resolve",
            "schema",
            "secrets",
            "settings",
            "words",
        ],
    ),
    ("analyze", &["diag", "ir", "words"]),
    ("share", &["diag", "ir", "words"]),
    ("names", &["diag", "ir", "words"]),
    ("select", &["diag", "ir", "names", "words"]),
    ("emit", &["diag", "ir", "names", "settings", "words"]),
    ("output", &["diag", "emit", "ir", "words"]),
    ("examples", &["diag", "emit", "ir", "names", "words"]),
];

/// Modules that may use any other: the driver and its helpers.
const DRIVERS: &[&str] = &["config", "lib", "test_support", "bin"];

#[test]
fn passes_use_only_earlier_passes_and_the_shared_words() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut seen = BTreeSet::new();
    let mut problems = Vec::new();
    for file in rust_files(&src) {
        let relative = file
            .strip_prefix(&src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let module = relative
            .split('/')
            .next()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        seen.insert(module.clone());
        if DRIVERS.contains(&module.as_str()) {
            continue;
        }
        let Some(may_use) = allowed.get(module.as_str()) else {
            problems.push(format!(
                "{relative}: `{module}` is not in the table of this test"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        for used in crate_paths(&code_of(&text)) {
            if used != module && !may_use.contains(&used.as_str()) {
                problems.push(format!("{relative}: uses `crate::{used}`"));
            }
        }
    }
    for module in allowed.keys() {
        assert!(
            seen.contains(*module),
            "`{module}` is in the table but not in src/"
        );
    }
    assert!(
        problems.is_empty(),
        "the module graph runs one way (see ALLOWED):\n{}",
        problems.join("\n")
    );
}

/// The table is a one-way graph: in the order it lists them, a module uses only modules
/// listed before it.
#[test]
fn the_table_has_no_circles() {
    let mut before = BTreeSet::new();
    for (module, uses) in ALLOWED {
        for used in *uses {
            assert!(
                before.contains(used),
                "`{module}` uses `{used}`, listed after it"
            );
        }
        before.insert(*module);
    }
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files.sort();
    files
}

/// The file without comments and without its `#[cfg(test)]` items (which sit at the end).
fn code_of(text: &str) -> String {
    let code = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    code.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules named by `crate::x` paths, `use crate::{x, y}` included.
fn crate_paths(code: &str) -> BTreeSet<String> {
    let mut used = BTreeSet::new();
    let word = |rest: &str| -> String {
        rest.chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect()
    };
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name = word(item.trim());
                if !name.is_empty() {
                    used.insert(name);
                }
            }
        } else {
            let name = word(rest);
            if !name.is_empty() {
                used.insert(name);
            }
        }
    }
    // `Config` and `Generated` are the crate root's own items, not modules.
    used.retain(|name| name.chars().next().is_some_and(|c| c.is_ascii_lowercase()));
    used
}
