//! Differential check: instances of every type the fixtures generate are judged twice, by the
//! generated type (does it deserialize?) and by a JSON Schema validator (the `jsonschema`
//! crate; formats not asserted, as typewright does not check them either). The instances are
//! the spec's examples, a typical value built from each schema, and mutations of both: each
//! key left out, set to `null`, given a value of another type, an extra key, and values of
//! every JSON type. Every disagreement must be of a kind listed in [`Lenient`]: documented
//! choices, each counted and printed.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[path = "common/judge.rs"]
mod judge;
#[path = "common/scratch.rs"]
mod scratch;

use judge::{Case, Judge, Tally, instances, instances_text, judge_source, verdicts};

/// Fixtures in JSON Schema's own dialects (OpenAPI 3.1, draft 2020-12, draft-07): what a
/// standard validator reads as the generator does. OpenAPI 3.0's `nullable` and Swagger's
/// `x-nullable` are not JSON Schema.
const FIXTURES: &[&str] = &[
    "arrays",
    "compositions",
    "defaults-and-checks",
    "discriminated-union",
    "enums",
    "long-chains",
    "names",
    "objects",
    "recursion",
    "unions",
];

fn fixture_input(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    ["input.yaml", "input.json"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
        .unwrap()
}

#[test]
fn generated_types_and_a_json_schema_validator_agree() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential");
    std::fs::create_dir_all(root.join("src")).unwrap();
    let mut lib = String::from("#![allow(dead_code, deprecated, missing_docs)]\n");
    let mut cases = Vec::new();
    let mut judges = BTreeMap::new();
    for &fixture in FIXTURES {
        let input = fixture_input(fixture);
        let judge = Judge::new(
            typewright::spec_json(&input).unwrap(),
            &judge::file_uri(&input),
        )
        .unwrap();
        let generated = typewright::Config::new().spec(&input).generate().unwrap();
        let module = fixture.replace('-', "_");
        std::fs::write(root.join(format!("src/{module}.rs")), &generated.code).unwrap();
        let _ = writeln!(lib, "pub mod {module} {{ include!(\"{module}.rs\"); }}");
        let mut judged = std::collections::HashSet::new();
        for ty in generated.types.iter().filter(|t| t.serde) {
            // A struct beside a `oneOf` and the enum of its branches share the schema's
            // pointer; the struct is the schema's type, the enum only part of it.
            if !judged.insert(ty.pointer.clone()) {
                continue;
            }
            let examples = judge::examples_of(&generated, &ty.path);
            cases.push(Case {
                label: fixture.to_string(),
                rust_type: format!("{module}::{}", ty.path),
                pointer: ty.pointer.clone(),
                instances: instances(&judge, &ty.pointer, examples),
            });
        }
        judges.insert(fixture, judge);
    }
    std::fs::write(root.join("src/lib.rs"), lib).unwrap();
    let verdicts = judge_by_types(&root, &cases);

    let mut total = Tally::default();
    let mut per_fixture: BTreeMap<&str, Tally> = BTreeMap::new();
    for (case, type_verdicts) in cases.iter().zip(&verdicts) {
        per_fixture.entry(&case.label).or_default().judge(
            &judges[case.label.as_str()],
            &case.rust_type,
            &case.pointer,
            &case.instances,
            type_verdicts,
        );
    }
    for tally in per_fixture.values() {
        total.add(tally);
    }
    println!(
        "{} of {} instances of {} types agree",
        total.agreed,
        total.total,
        cases.len()
    );
    for (fixture, tally) in &per_fixture {
        println!("  {fixture}: {}/{}", tally.agreed, tally.total);
    }
    for (reason, n) in &total.lenient {
        println!("  {reason:?}: {n}");
    }
    let unexplained: Vec<String> = total.unexplained.into_iter().map(|(_, m)| m).collect();
    assert!(
        unexplained.is_empty(),
        "{} disagreements of no documented kind:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
}

/// Builds a program that reads each case's instances into its type, and returns whether
/// each read succeeded.
fn judge_by_types(root: &Path, cases: &[Case]) -> Vec<Vec<bool>> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"differential\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{runtime}\" }}\n\n[workspace]\n\n{}",
            scratch::DERIVE_PROFILE
        ),
    )
    .unwrap();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
    let main = format!(
        "use differential::*;\n\n{}\nfn main() {{\n    judge(&std::env::args().nth(1).unwrap());\n}}\n",
        judge_source(cases)
    );
    std::fs::write(root.join("src/main.rs"), main).unwrap();
    std::fs::write(root.join("instances.txt"), instances_text(cases)).unwrap();
    let output = scratch::cargo()
        .args(["run", "--quiet", "--offline", "--", "instances.txt"])
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    verdicts(&output.stdout, cases)
}
