//! What the README tests share: Polar's 2024 spec from the corpus, a Rust block of the
//! README, and the scratch crate a block becomes the `src/main.rs` of.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Polar's 2024 spec, when `../shared/corpus` is here.
pub fn polar_2024() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/polar/history/2024-08-28_3e1495a/source.json");
    path.is_file().then_some(path)
}

/// The README's Rust block under `heading` that starts with `first`.
pub fn block(readme: &str, heading: &str, first: &str) -> String {
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

/// Writes the manifest of scratch crate `name` at `root`: `typewright-runtime` from this
/// repository with `features`, the `dependencies` lines given, this repository's lock file
/// (no new versions are resolved: the builds run offline), and the shared profile.
pub fn manifest(root: &Path, name: &str, features: &[&str], dependencies: &str) {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let runtime = repository
        .join("runtime")
        .to_string_lossy()
        .replace('\\', "/");
    let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{runtime}\", features = [{}] }}\n{dependencies}\n\n[workspace]\n\n{}",
            features.join(", "),
            super::scratch::DERIVE_PROFILE
        ),
    )
    .unwrap();
    std::fs::copy(repository.join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
}

/// Writes `root/src`: the README block `main` as `main.rs`, including the code generated
/// from Polar's `spec` named as the README names it (`spec/polar.json`: its module is
/// `polar`) instead of `OUT_DIR`'s.
pub fn polar_example(root: &Path, spec: &Path, main: &str) {
    let include = r#"include!(concat!(env!("OUT_DIR"), "/typewright.rs"));"#;
    assert!(
        main.contains(include),
        "the example includes the generated code"
    );
    std::fs::create_dir_all(root.join("src")).unwrap();
    let copy = root.join("polar.json");
    std::fs::copy(spec, &copy).unwrap();
    let generated = typewright::Config::new().spec(&copy).generate().unwrap();
    std::fs::write(root.join("src/generated.rs"), &generated.code).unwrap();
    // The crate's other types are unused by this one binary.
    let main = format!(
        "#![deny(warnings)]\n#![allow(dead_code)]\n{}",
        main.replace(include, r#"include!("generated.rs");"#)
    );
    std::fs::write(root.join("src/main.rs"), main).unwrap();
}
