//! typify's own test schemas (`../shared/corpus/typify-tests/schemas`) must all generate and
//! compile. Skips, saying so, when the corpus is absent.
//!
//! Generation is lenient: those schemas contain references that no standard resolver follows
//! (`#/components/schemas/X` in a JSON Schema file) and a duplicate key; each is reported as a
//! warning and the test counts them. The output is compiled as one scratch crate with
//! `#![deny(warnings)]` and `cargo clippy -D warnings`.

use std::path::{Path, PathBuf};

#[path = "common/scratch.rs"]
mod scratch;

fn corpus() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus/typify-tests/schemas");
    dir.is_dir().then_some(dir)
}

#[test]
fn typify_schemas_generate_and_compile() {
    let Some(dir) = corpus() else {
        eprintln!("skipped: ../shared/corpus/typify-tests/schemas is absent");
        return;
    };
    let mut schemas: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    schemas.sort();
    assert!(
        schemas.len() >= 20,
        "expected typify's 20 schemas, found {}",
        schemas.len()
    );

    let krate = Path::new(env!("CARGO_TARGET_TMPDIR")).join("typify-corpus");
    let src = krate.join("src");
    std::fs::create_dir_all(&src).unwrap();
    let mut lib = String::from(
        "#![deny(warnings)]\n// Schemas define types no test uses.\n#![allow(dead_code)]\n",
    );
    let mut failures = Vec::new();
    let mut warnings = std::collections::BTreeMap::<&str, usize>::new();
    for schema in &schemas {
        let stem = schema
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .replace('-', "_");
        match typewright::Config::new().spec(schema).generate() {
            Ok(generated) => {
                for warning in &generated.warnings {
                    *warnings.entry(warning.code.as_str()).or_default() += 1;
                }
                std::fs::write(src.join(format!("{stem}.rs")), &generated.code).unwrap();
                lib.push_str(&format!("mod m_{stem} {{ include!(\"{stem}.rs\"); }}\n"));
            }
            Err(failure) => failures.push(format!("{}:\n{failure}", schema.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Each warning is a construct typewright does not enforce (`not`, open tuples...) or a
    // defect of the schema itself; a new one means a behaviour change worth a look.
    let expected = [
        ("E0004", 1), // a duplicate `$comment` key
        ("E0007", 7), // references to `#/components/schemas/..` in JSON Schema files
        ("E0013", 3), // `unsatisfiable-*`: allOf branches no value satisfies, on purpose
        ("W0001", 2), // unknown keywords (`bar`, `token`) where a schema was meant
        // `not`, `required`-only branches, open tuples, `enum: []`, object-valued `enum`, a
        // closed `allOf` part others extend (`merge-empty`): not enforced. (`propertyNames` and
        // key patterns are enforced on maps, so `maps.json` and `property-pattern.json` warn
        // about nothing but a duplicate key.)
        ("W0003", 21),
        ("W0007", 1), // `anything-works`: `required: [value]` with no properties
    ];
    assert_eq!(warnings, expected.into_iter().collect(), "warnings by code");
    std::fs::write(src.join("lib.rs"), lib).unwrap();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    std::fs::write(
        krate.join("Cargo.toml"),
        format!(
            "[package]\nname = \"typify-corpus\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{runtime}\" }}\n\n\
             [workspace]\n\n{}",
            scratch::DERIVE_PROFILE
        ),
    )
    .unwrap();
    // Reuse the workspace's lock file so no new versions are resolved.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, krate.join("Cargo.lock")).unwrap();
    let output = scratch::cargo()
        .args(["clippy", "--quiet", "--offline", "--", "-D", "warnings"])
        .current_dir(&krate)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the generated code does not compile cleanly:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
