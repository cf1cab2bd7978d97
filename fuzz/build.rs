//! The `runtime` target's types: the fixtures' specs generated as a user's build.rs would,
//! and a function that round-trips a JSON value through every one of them.

use std::fmt::Write;
use std::path::Path;

/// Construct-rich fixtures that need no settings beyond the defaults.
const FIXTURES: &[&str] = &[
    "arrays",
    "compositions",
    "defaults-and-checks",
    "discriminated-union",
    "enums",
    "names",
    "nullability",
    "objects",
    "recursion",
    "swagger2",
    "unions",
];

fn main() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../codegen/tests/fixtures");
    let mut config = typewright::Config::new();
    for fixture in FIXTURES {
        let dir = fixtures.join(fixture);
        let yaml = dir.join("input.yaml");
        config.spec(if yaml.exists() {
            yaml
        } else {
            dir.join("input.json")
        });
    }
    let generated = match config.generate() {
        Ok(generated) => generated,
        Err(failure) => panic!("{failure}"),
    };
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap());
    std::fs::write(out.join("types.rs"), &generated.code).unwrap();
    let mut dispatch = String::from("fn every_type(value: &serde_json::Value) {\n");
    for ty in &generated.types {
        writeln!(dispatch, "    round_trip::<generated::{}>(value);", ty.path).unwrap();
    }
    dispatch.push_str("}\n");
    std::fs::write(out.join("dispatch.rs"), dispatch).unwrap();
    println!("cargo:rerun-if-changed={}", fixtures.display());
}
