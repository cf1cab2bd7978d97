//! The README's client example ("Calling an API") compiles as written against the types of
//! Polar's 2024 spec (`../shared/corpus`), with the dependencies the guide names: the
//! snippet is the `src/main.rs` of a scratch crate whose generated code is that spec's.
//! Skips, saying so, when the corpus is absent.

use std::path::Path;

#[path = "common/readme.rs"]
mod readme;
#[path = "common/scratch.rs"]
mod scratch;

use readme::{block, polar_2024};

#[test]
fn the_readme_client_example_compiles_against_polars_spec() {
    let Some(spec) = polar_2024() else {
        eprintln!("skipped: ../shared/corpus (Polar's 2024 spec) is absent");
        return;
    };
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(repository.join("README.md")).unwrap();
    let main = block(&readme, "## Calling an API", "// src/main.rs");
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-client");
    readme::polar_example(&root, &spec, &main);
    readme::manifest(
        &root,
        "readme-client",
        &["reqwest"],
        "tokio = { version = \"1\", features = [\"rt\", \"macros\"] }",
    );
    let output = scratch::cargo()
        .args(["check", "--quiet", "--offline"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the README's client example does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
