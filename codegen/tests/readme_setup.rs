//! The README's "Using typewright from your own build.rs" section, taken literally: a scratch
//! crate made of its `Cargo.toml` lines, its `build.rs` and its `src/lib.rs` (under
//! `#![deny(warnings, missing_docs)]`), and nothing else, must build with a `spec/` that uses
//! every construct the fixtures cover. This is what a user's first `cargo build` does; a
//! dependency the generated code needs but the README does not list fails here.

use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

/// The fixtures whose specs go into the scratch crate's `spec/`, with the folders their
/// `$ref`s reach. Fixtures that need settings or crates beyond the README's are left out.
const FIXTURES: &[(&str, &[&str])] = &[
    ("arrays", &[]),
    ("compositions", &[]),
    ("defaults-and-checks", &[]),
    ("discriminated-union", &[]),
    ("enums", &[]),
    ("formats", &[]),
    ("long-chains", &[]),
    ("metadata", &[]),
    ("multi-file", &["shared"]),
    ("names", &[]),
    ("nullability", &[]),
    ("objects", &[]),
    ("operations", &[]),
    ("operations-swagger2", &[]),
    ("recursion", &[]),
    ("refs-everywhere", &["parts"]),
    ("swagger2", &[]),
    ("unions", &[]),
    ("warn-allof-conflict", &[]),
    ("warn-dangling-ref", &[]),
    ("warn-default", &[]),
    ("warn-discriminator", &[]),
    ("warn-pattern", &[]),
    ("warn-unknown-type", &[]),
];

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The first fenced block of `language` after `heading` whose first line starts with `first`.
fn block(readme: &str, heading: &str, language: &str, first: &str) -> String {
    let section = &readme[readme.find(heading).expect("the README has the section")..];
    let fence = format!("```{language}\n");
    let mut rest = section;
    while let Some(start) = rest.find(&fence) {
        let body = &rest[start + fence.len()..];
        let end = body.find("```").expect("a closed block");
        if body.starts_with(first) {
            return body[..end].to_string();
        }
        rest = &body[end..];
    }
    panic!("no ```{language} block starting with {first:?} under {heading:?}")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

#[test]
fn the_readme_setup_builds_a_spec_of_every_construct() {
    let repository = manifest_dir().join("..");
    let readme = std::fs::read_to_string(repository.join("README.md")).unwrap();
    let heading = "## Using typewright from your own build.rs";
    let manifest = block(&readme, heading, "toml", "[build-dependencies]");
    let build_rs = block(&readme, heading, "rust", "// build.rs");
    let lib_rs = block(&readme, heading, "rust", "// src/lib.rs");

    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-setup");
    let _ = std::fs::remove_dir_all(root.join("spec"));
    std::fs::create_dir_all(root.join("src")).unwrap();
    let absolute = |dir: &str| repository.join(dir).canonicalize().unwrap();
    let path = |dir: &str| absolute(dir).to_string_lossy().replace('\\', "/");
    // The README's paths are relative to this repository; the scratch crate lives elsewhere.
    let manifest = manifest
        .replace(
            "path = \"codegen\"",
            &format!("path = \"{}\"", path("codegen")),
        )
        .replace(
            "path = \"runtime\"",
            &format!("path = \"{}\"", path("runtime")),
        );
    let dependencies: Vec<&str> = manifest
        .lines()
        .filter(|line| line.contains('=') && !line.trim_start().starts_with('#'))
        .map(|line| line.split('=').next().unwrap_or_default().trim())
        .collect();
    assert_eq!(
        dependencies,
        [
            "typewright",
            "typewright-runtime",
            "saphyr-parser.opt-level",
            "syn.opt-level",
            "proc-macro2.opt-level",
            "quote.opt-level",
            "prettyplease.opt-level",
            "saphyr-parser.opt-level"
        ],
        "the README's setup: the generator, the runtime and the build dependencies' profile"
    );
    // The other harnesses build with the same settings, into the same target directory.
    assert!(
        manifest.contains(scratch::PROFILE),
        "the README's dev profile differs from the harnesses' (tests/common/scratch.rs)"
    );
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-setup\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n{manifest}\n[workspace]\n"
        ),
    )
    .unwrap();
    std::fs::write(root.join("build.rs"), build_rs).unwrap();
    std::fs::write(
        root.join("src/lib.rs"),
        format!("//! Models of every construct.\n#![deny(warnings, missing_docs)]\n\n{lib_rs}"),
    )
    .unwrap();
    let fixtures = manifest_dir().join("tests/fixtures");
    for (fixture, folders) in FIXTURES {
        let dir = fixtures.join(fixture);
        let input = ["input.yaml", "input.json"]
            .into_iter()
            .map(|name| dir.join(name))
            .find(|path| path.exists())
            .unwrap();
        let extension = input.extension().unwrap().to_string_lossy().into_owned();
        // One module per file, so each spec gets a name of its own.
        let target = root.join("spec").join(format!("{fixture}.{extension}"));
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&input, &target).unwrap();
        for folder in *folders {
            copy_dir(&dir.join(folder), &root.join("spec").join(folder));
        }
    }
    // The hostile specs that generate: odd names, repeated branches, cut nesting and the rest
    // must compile too.
    for entry in std::fs::read_dir(manifest_dir().join("tests/hostile")).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        if text.starts_with("# expect: ok") || text.starts_with("# expect: warning") {
            let name = path.file_name().unwrap().to_string_lossy();
            std::fs::copy(&path, root.join("spec").join(format!("hostile-{name}"))).unwrap();
        }
    }
    let deep = format!(
        "$defs:\n  Deep: {}{{type: string}}{}\n",
        // Each level with a default: the cut must drop it with the type it was for.
        "{type: object, default: {}, properties: {a: ".repeat(120),
        "}}".repeat(120)
    );
    std::fs::write(root.join("spec/hostile-deep-objects.yaml"), deep).unwrap();
    std::fs::copy(repository.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();

    let output = scratch::cargo()
        .args(["build", "--offline"])
        .current_dir(&root)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    // Recovered spec defects reach the user as cargo warnings that say what was done.
    assert!(
        stderr.contains("warning: readme-setup@0.0.0: warning[E0007]"),
        "{stderr}"
    );
    assert!(
        stderr.contains("recovered: its type is `serde_json::Value`"),
        "{stderr}"
    );
}
