//! The `runtime` target's types: the fixtures' specs generated as a user's build.rs would,
//! and a function that round-trips a JSON value through every one of them.

use std::fmt::Write;
use std::path::Path;

/// The Prism test's reader of generated code; only its request types' paths are used here.
#[allow(dead_code)]
#[path = "../codegen/tests/prism/code.rs"]
mod prism_code;

/// Construct-rich fixtures that need no settings beyond the defaults.
const FIXTURES: &[&str] = &[
    "arrays",
    "compositions",
    "constraints",
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
    // Operation request types and headers convert to and from `http` types, not JSON: the
    // `operation` target has them.
    for ty in generated.types.iter().filter(|t| t.serde) {
        writeln!(dispatch, "    round_trip::<generated::{}>(value);", ty.path).unwrap();
    }
    dispatch.push_str("}\n");
    std::fs::write(out.join("dispatch.rs"), dispatch).unwrap();
    operations(&fixtures, &out);
    println!("cargo:rerun-if-changed={}", fixtures.display());
}

/// The `operation` target's types: the operation fixtures' request types and response enums,
/// and functions that read a request (and a response) through every one of them.
fn operations(fixtures: &Path, out: &Path) {
    let mut config = typewright::Config::new();
    config
        .spec(fixtures.join("operations/input.yaml"))
        .spec(fixtures.join("operations-swagger2/input.yaml"));
    let generated = match config.generate() {
        Ok(generated) => generated,
        Err(failure) => panic!("{failure}"),
    };
    std::fs::write(out.join("operations.rs"), &generated.code).unwrap();
    // Every type that implements `Operation`, found as the Prism test finds them.
    let requests: Vec<String> = prism_code::read(&generated.code)
        .0
        .into_iter()
        .map(|request| request.path)
        .collect();
    assert!(
        !requests.is_empty(),
        "the operation fixtures have operations"
    );
    let mut dispatch = String::from(
        "fn every_operation(request: &Request<Vec<u8>>, response: &Response<Vec<u8>>) {\n",
    );
    for ty in &requests {
        writeln!(
            dispatch,
            "    operation::<operations::{ty}>(request, response);"
        )
        .unwrap();
    }
    // The requests the API sends, read by their constant `type` (or tried in turn).
    dispatch.push_str("    let _ = operations::input::Webhook::try_from(request.clone());\n");
    dispatch.push_str("}\n");
    std::fs::write(out.join("operations_dispatch.rs"), dispatch).unwrap();
}
