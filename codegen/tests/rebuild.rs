//! Rebuild behaviour through real `cargo` runs on a scratch workspace: `models` generates its
//! types in build.rs, `app` depends on it.
//!
//! - a no-op `cargo build` runs nothing;
//! - editing a spec reruns the build script;
//! - an edit that leaves the generated code the same keeps the output file's mtime. (Cargo
//!   still recompiles `models` and `app` after any build script run: it has no early cutoff,
//!   rust-lang/cargo#17439. What typewright controls is that the file does not change.)
//! - a real edit rebuilds both, and a new spec file in `spec/` is picked up.
//!
//! And, in a second workspace, cargo features that select operations by tag.

use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

const SPEC: &str = "$defs:\n  Pet:\n    type: object\n    required: [name]\n    properties:\n      name: {type: string}\n";

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn scratch_workspace() -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rebuild");
    let _ = std::fs::remove_dir_all(root.join("models"));
    let _ = std::fs::remove_dir_all(root.join("app"));
    let typewright = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nmembers = [\"models\", \"app\"]\nresolver = \"3\"\n\n{}",
            scratch::PROFILE
        ),
    );
    write(
        &root.join("models/Cargo.toml"),
        &format!(
            "[package]\nname = \"models\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{typewright}/../runtime\" }}\n\n\
             [build-dependencies]\ntypewright = {{ path = \"{typewright}\" }}\n"
        ),
    );
    write(
        &root.join("models/build.rs"),
        "fn main() {\n    typewright::compile_specs(\"spec\");\n}\n",
    );
    write(
        &root.join("models/src/lib.rs"),
        "include!(concat!(env!(\"OUT_DIR\"), \"/typewright.rs\"));\n",
    );
    write(&root.join("models/spec/pets.yaml"), SPEC);
    write(
        &root.join("app/Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
         [dependencies]\nmodels = { path = \"../models\" }\n",
    );
    write(
        &root.join("app/src/lib.rs"),
        "pub fn name(pet: &models::pets::Pet) -> &str {\n    &pet.name\n}\n",
    );
    // The workspace's lock file pins the same versions, so nothing new is resolved.
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();
    root
}

/// Runs `cargo build -v` and returns its stderr, where cargo reports what it did.
fn build(root: &Path) -> String {
    let output = scratch::cargo()
        .args(["build", "-v", "--offline"])
        .current_dir(root)
        .output()
        .unwrap();
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "cargo build failed:\n{log}");
    log
}

/// Whether `package`'s build script ran.
fn ran_build_script(log: &str, package: &str) -> bool {
    log.lines().any(|l| {
        l.contains("Running `")
            && l.contains(&format!("/{package}-"))
            && l.contains("build-script-build")
    })
}

fn compiled(log: &str, package: &str) -> bool {
    log.lines().any(|l| {
        l.trim_start()
            .starts_with(&format!("Compiling {package} v"))
    })
}

/// The most recently written `OUT_DIR/typewright.rs` of `package`: each set of its features
/// builds into a build-script output directory of its own.
fn generated_file(package: &str) -> PathBuf {
    std::fs::read_dir(scratch::target_dir().join("debug/build"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(&format!("{package}-"))
        })
        .map(|e| e.path().join("out/typewright.rs"))
        .filter(|p| p.exists())
        .max_by_key(|p| std::fs::metadata(p).unwrap().modified().unwrap())
        .unwrap_or_else(|| panic!("{package}'s build script wrote no output"))
}

/// The whole output of `package`'s build script: `typewright.rs` and the files of its
/// modules' parts (`typewright.parts/<module>/`), each of which it includes.
fn generated_text(package: &str) -> String {
    let file = generated_file(package);
    let mut text = std::fs::read_to_string(&file).unwrap();
    let parts = file.with_file_name("typewright.parts");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&parts)
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|module| std::fs::read_dir(module.path()).unwrap().flatten())
        .map(|entry| entry.path())
        .collect();
    files.sort();
    for part in files {
        let name = part.file_name().unwrap().to_string_lossy().into_owned();
        assert!(text.contains(&format!("/{name}\")")), "{name} is included");
        text.push_str(&std::fs::read_to_string(part).unwrap());
    }
    text
}

/// Cargo compares modification times, which some file systems store in whole seconds.
fn later() {
    std::thread::sleep(std::time::Duration::from_millis(1100));
}

#[test]
fn builds_rerun_exactly_when_needed() {
    let root = scratch_workspace();
    let spec = root.join("models/spec/pets.yaml");
    let first = build(&root);
    assert!(
        ran_build_script(&first, "models") && compiled(&first, "app"),
        "{first}"
    );

    let noop = build(&root);
    assert!(
        !ran_build_script(&noop, "models"),
        "a no-op build reran the build script:\n{noop}"
    );
    assert!(
        !compiled(&noop, "models") && !compiled(&noop, "app"),
        "{noop}"
    );

    let output = generated_file("models");
    let before = std::fs::metadata(&output).unwrap().modified().unwrap();
    later();
    write(
        &spec,
        &format!("{SPEC}# a comment that changes no schema\n"),
    );
    let same_code = build(&root);
    assert!(
        ran_build_script(&same_code, "models"),
        "editing a spec must rerun the build script:\n{same_code}"
    );
    assert_eq!(
        std::fs::metadata(&output).unwrap().modified().unwrap(),
        before,
        "unchanged code must not be rewritten"
    );

    later();
    write(
        &spec,
        &SPEC.replace(
            "name: {type: string}",
            "name: {type: string}\n      age: {type: integer}",
        ),
    );
    let changed = build(&root);
    assert!(
        compiled(&changed, "models") && compiled(&changed, "app"),
        "{changed}"
    );
    // The build script formats through a cache of its last run's formatted items: the
    // changed item is formatted anew, not taken from there.
    assert!(output.with_file_name("typewright.format-cache").exists());
    let code = generated_text("models");
    assert!(code.contains("pub age: Option<i64>,"), "{code}");

    later();
    write(
        &root.join("models/spec/owners.yaml"),
        "$defs:\n  Owner: {type: string}\n",
    );
    let new_file = build(&root);
    assert!(
        ran_build_script(&new_file, "models"),
        "a new spec file must be picked up:\n{new_file}"
    );
    let code = generated_text("models");
    assert!(code.contains("pub mod owners"), "{code}");
}

const SHOP: &str = include_str!("common/shop.yaml");

/// `shop` declares a cargo feature per tag and selects operations by the enabled ones
/// (`Config::operation_tags_from_features`); `shop-app` enables `pets`, then also `store-admin`.
#[test]
fn cargo_features_select_operations_by_tag() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("features");
    let _ = std::fs::remove_dir_all(root.join("shop"));
    let _ = std::fs::remove_dir_all(root.join("shop-app"));
    // Outputs of an earlier run: the newest output must be this run's.
    for entry in std::fs::read_dir(scratch::target_dir().join("debug/build"))
        .into_iter()
        .flatten()
    {
        let entry = entry.unwrap();
        if entry.file_name().to_string_lossy().starts_with("shop-") {
            std::fs::remove_dir_all(entry.path()).unwrap();
        }
    }
    let typewright = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    write(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nmembers = [\"shop\", \"shop-app\"]\nresolver = \"3\"\n\n{}",
            scratch::PROFILE
        ),
    );
    write(
        &root.join("shop/Cargo.toml"),
        &format!(
            "[package]\nname = \"shop\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [features]\npets = []\nstore-admin = []\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{typewright}/../runtime\" }}\n\n\
             [build-dependencies]\ntypewright = {{ path = \"{typewright}\" }}\n"
        ),
    );
    write(
        &root.join("shop/build.rs"),
        "fn main() {\n    typewright::Config::new()\n        .spec(\"spec\")\n        \
         .operation_tags_from_features()\n        .build_script();\n}\n",
    );
    write(
        &root.join("shop/src/lib.rs"),
        "//! The shop's models.\n#![deny(warnings, missing_docs)]\n\
         include!(concat!(env!(\"OUT_DIR\"), \"/typewright.rs\"));\n",
    );
    write(&root.join("shop/spec/shop.yaml"), SHOP);
    let app = |features: &str| {
        write(
            &root.join("shop-app/Cargo.toml"),
            &format!(
                "[package]\nname = \"shop-app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
                 [dependencies]\nshop = {{ path = \"../shop\", features = [{features}] }}\n"
            ),
        );
    };
    write(
        &root.join("shop-app/src/lib.rs"),
        "pub fn name(pet: &shop::shop::Pet) -> &str {\n    &pet.name\n}\n",
    );
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();

    app("\"pets\"");
    let first = build(&root);
    assert!(ran_build_script(&first, "shop"), "{first}");
    let pets_only = generated_text("shop");
    assert!(pets_only.contains("pub struct Pet {"), "{pets_only}");
    assert!(
        pets_only.contains("pub struct ListPetsRequest"),
        "{pets_only}"
    );
    assert!(!pets_only.contains("Store"), "{pets_only}");

    later();
    app("\"pets\", \"store-admin\"");
    let more = build(&root);
    assert!(
        ran_build_script(&more, "shop"),
        "a new feature must rerun the build script:\n{more}"
    );
    let both = generated_text("shop");
    assert!(both.contains("pub struct Store {"), "{both}");
    assert!(both.contains("pub struct ListStoresRequest"), "{both}");
    // What the first selection generated is generated again, under the same names.
    for line in pets_only.lines().filter(|l| l.contains("pub struct ")) {
        assert!(both.contains(line), "{line} is gone:\n{both}");
    }
}
