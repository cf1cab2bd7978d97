//! The README's client example ("Calling an API") compiles as written against the types of
//! Polar's 2024 spec (`../shared/corpus`), with the dependencies the guide names: the
//! snippet is the `src/main.rs` of a scratch crate whose generated code is that spec's.
//! Skips, saying so, when the corpus is absent.

use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

fn polar_2024() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/polar/history/2024-08-28_3e1495a/source.json");
    path.is_file().then_some(path)
}

/// The README's Rust block under `heading` that starts with `first`.
fn block(readme: &str, heading: &str, first: &str) -> String {
    let section = &readme[readme.find(heading).expect("the README has the section")..];
    let mut rest = section;
    while let Some(start) = rest.find("```rust\n") {
        let body = &rest[start + 8..];
        let end = body.find("```").expect("a closed block");
        if body.starts_with(first) {
            return body[..end].to_string();
        }
        rest = &body[end..];
    }
    panic!("no rust block starting with {first:?} under {heading:?}")
}

#[test]
fn the_readme_client_example_compiles_against_polars_spec() {
    let Some(spec) = polar_2024() else {
        eprintln!("skipped: ../shared/corpus (Polar's 2024 spec) is absent");
        return;
    };
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(repository.join("README.md")).unwrap();
    let main = block(&readme, "## Calling an API", "// src/main.rs");
    let include = r#"include!(concat!(env!("OUT_DIR"), "/typewright.rs"));"#;
    assert!(
        main.contains(include),
        "the example includes the generated code"
    );

    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-client");
    std::fs::create_dir_all(root.join("src")).unwrap();
    // The spec as the README names it, `spec/polar.json`: its module is `polar`.
    let copy = root.join("polar.json");
    std::fs::copy(&spec, &copy).unwrap();
    let generated = typewright::Config::new().spec(&copy).generate().unwrap();
    std::fs::write(root.join("src/generated.rs"), &generated.code).unwrap();
    // The crate's other types are unused by this one binary.
    let main = format!(
        "#![deny(warnings)]\n#![allow(dead_code)]\n{}",
        main.replace(include, r#"include!("generated.rs");"#)
    );
    std::fs::write(root.join("src/main.rs"), main).unwrap();
    let runtime = repository
        .join("runtime")
        .to_string_lossy()
        .replace('\\', "/");
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"readme-client\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{runtime}\", features = [\"reqwest\"] }}\n\
             tokio = {{ version = \"1\", features = [\"rt\", \"macros\"] }}\n\n[workspace]\n\n{}",
            scratch::DERIVE_PROFILE
        ),
    )
    .unwrap();
    // The workspace's lock file: no new versions are resolved.
    std::fs::copy(repository.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
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
