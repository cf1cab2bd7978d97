//! Corpus conformance: every spec in `../shared/corpus` (the old corpus and `wild/`) must
//! 1. build as a user builds it: unedited, with default settings, through a `build.rs` that
//!    calls `typewright::Config::new().spec(..).build_script()`, into a crate whose root says
//!    `#![deny(warnings, missing_docs)]` and whose only dependency is the one the README tells
//!    users to add (`typewright-runtime`), with clippy's lints (the build runs through
//!    `clippy-driver`, so a clippy warning is an error too);
//! 2. report its spec defects as warnings (counted by code), with no errors;
//! 3. round-trip every example the spec gives (schema, property and body examples): parse it
//!    into the generated type and serialize it back to equal JSON.
//!
//! The numbers (the conformance table of `docs/reliability.md`) are printed and written to
//! `target/tmp/conformance/report.md`:
//! `cargo test --release -p typewright --test conformance -- --nocapture`.
//! Skips with a message when the corpus is absent. Examples that fail are listed in
//! `tests/conformance-expected.txt` with the reason each fails; any other failure, or a listed
//! one that starts passing, fails the test.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

#[path = "common/judge.rs"]
mod judge;
#[path = "common/scratch.rs"]
mod scratch;
#[path = "common/user_crate.rs"]
mod user_crate;

use judge::{Case, Judge, Tally};

/// How many types of each spec the differential check judges (`TYPEWRIGHT_DIFFERENTIAL_TYPES`,
/// a number or `all`): each judged type's deserializer is compiled into the harness, so all
/// 20,000 would double the build.
const DIFFERENTIAL_TYPES: usize = 60;

/// Files in the corpus that are not specs.
const NOT_SPECS: &[(&str, &str)] = &[
    ("polar/overlays/", "OpenAPI Overlay documents, not specs"),
    (
        "polar/oauth2-token-request.excerpts.yaml",
        "several YAML documents of excerpts",
    ),
    // Multi-file specs: the fragments their entry files `$ref` (see wild/MANIFEST.md).
    (
        "wild/sendgrid/spec/",
        "fragments of the SendGrid spec, reached from oas_v3.json",
    ),
    (
        "wild/schemastore/package-json/",
        "siblings of package.json, reached by its $refs",
    ),
];

/// Entry files inside folders that `NOT_SPECS` leaves out.
const ENTRY_FILES: &[&str] = &["wild/schemastore/package-json/package.json"];

struct Spec {
    path: PathBuf,
    /// The corpus-relative path, shown in the report.
    name: String,
    krate: String,
}

struct Row {
    name: String,
    version: String,
    schemas: usize,
    types: usize,
    lines: usize,
    warnings: BTreeMap<String, usize>,
    generate_ms: u128,
    /// The crate's compile units in cargo's timing report (`None`: it could not be read).
    build_ms: Option<u128>,
    builds_by_default: bool,
    examples: usize,
    failures: Vec<String>,
    differential: Tally,
    /// Why the validator could not judge the spec.
    not_judged: Option<String>,
}

fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    dir.is_dir().then_some(dir)
}

fn specs(corpus: &Path) -> Vec<Spec> {
    let mut found = Vec::new();
    let mut stack = vec![corpus.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path
                .strip_prefix(corpus)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            // Gitea's spec is JSON in a Go template file.
            let is_spec = matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("json" | "yaml" | "yml" | "tmpl")
            );
            let left_out = NOT_SPECS.iter().any(|(prefix, _)| name.starts_with(prefix))
                && !ENTRY_FILES.contains(&name.as_str());
            if is_spec && !left_out {
                found.push((name, path));
            }
        }
    }
    found.sort();
    found
        .into_iter()
        .enumerate()
        .map(|(i, (name, path))| Spec {
            path,
            name,
            krate: format!("spec{i:02}"),
        })
        .collect()
}

/// The version line of the table: `OpenAPI 3.1.0`, `Swagger 2.0`, `JSON Schema`, read from
/// the document's top-level `openapi` or `swagger` key.
fn version(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let top_level = |key: &str| -> Option<String> {
        if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&text) {
            return map
                .get(key)
                .map(|v| v.as_str().map_or(v.to_string(), str::to_string));
        }
        // YAML: a key at the start of a line, unindented.
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("{key}:")))
            .map(|value| value.trim().trim_matches(['"', '\'']).to_string())
    };
    match (top_level("openapi"), top_level("swagger")) {
        (Some(version), _) => format!("OpenAPI {version}"),
        (None, Some(version)) => format!("Swagger {version}"),
        (None, None) => "JSON Schema".into(),
    }
}

/// The program that checks a spec's examples: one line per example, `ok` or `fail` with
/// the reason.
fn harness(krate: &str, examples: &[typewright::Example], cases: &[Case]) -> String {
    let mut main = format!(
        "//! Round-trips the spec's examples through the generated types.\n#![deny(warnings)]\n// A spec without examples leaves the support functions unused; deprecated types are\n// examples too.\n#![allow(dead_code, deprecated)]\n\n#[allow(unused_imports)]\nuse {krate}::*;\nuse typewright_runtime::{{serde, serde_json}};\n\n"
    );
    main.push_str(HARNESS_SUPPORT);
    main.push_str(&judge::judge_source(cases));
    main.push_str(
        "\n/// With a file of instances, judges them; without, round-trips the examples.\nfn main() {\n    match std::env::args().nth(1) {\n        Some(instances) => judge(&instances),\n        None => examples(),\n    }\n}\n\nfn examples() {\n",
    );
    for example in examples {
        let _ = writeln!(
            main,
            "    report::<{}>({:?}, {:?}, &{:?});",
            example.rust_type,
            example.json,
            format!("{} {}", example.location, example.pointer),
            example.defaults
        );
    }
    main.push_str("}\n");
    main
}

const HARNESS_SUPPORT: &str = r#"
/// The first place where two JSON values differ (`1` and `1.0` are the same number), as
/// `/pointer: what`.
fn difference(a: &serde_json::Value, b: &serde_json::Value, at: &str) -> Option<String> {
    use serde_json::Value;
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x == y || x.as_f64() == y.as_f64() => None,
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (a, b))| difference(a, b, &format!("{at}/{i}"))),
        (Value::Object(x), Value::Object(y)) => {
            if let Some(key) = x.keys().find(|k| !y.contains_key(*k)) {
                return Some(format!("{at}/{key}: dropped"));
            }
            if let Some(key) = y.keys().find(|k| !x.contains_key(*k)) {
                return Some(format!("{at}/{key}: added as {}", y[key.as_str()]));
            }
            x.iter().find_map(|(k, v)| difference(v, &y[k], &format!("{at}/{k}")))
        }
        _ if a == b => None,
        _ => Some(format!("{at}: {a} became {b}")),
    }
}

/// Checks one example. `defaults` are (key, JSON) of fields the type fills in when absent:
/// such a key is not a difference when the example left it out.
fn report<T: serde::de::DeserializeOwned + serde::Serialize>(json: &str, at: &str, defaults: &[(&str, &str)]) {
    let mut input: serde_json::Value = serde_json::from_str(json).expect("examples are JSON");
    // Some specs (Jira's) give every example as JSON text inside a string: read the text.
    if serde_json::from_value::<T>(input.clone()).is_err()
        && let Some(inner) = input.as_str().and_then(|text| serde_json::from_str(text).ok())
    {
        input = inner;
    }
    let outcome = match serde_json::from_value::<T>(input.clone()) {
        Err(error) => Err(format!("does not parse: {error}")),
        // Through JSON text, as on the wire: `to_value` would widen an `f32` to `f64` digits.
        Ok(value) => match serde_json::to_string(&value).and_then(|text| serde_json::from_str(&text)) {
            Err(error) => Err(format!("does not serialize: {error}")),
            Ok(output) => compare(&input, output, defaults),
        },
    };
    match outcome {
        Ok(()) => println!("ok\t{at}"),
        Err(reason) => println!("fail\t{at}\t{reason}"),
    }
}

fn compare(input: &serde_json::Value, mut output: serde_json::Value, defaults: &[(&str, &str)]) -> Result<(), String> {
    strip_defaults(input, &mut output, &mut Vec::new(), defaults);
    match difference(input, &output, "") {
        None => Ok(()),
        Some(change) => Err(format!("comes back different at {change}")),
    }
}

/// Removes from `output` the keys the example left out that the type filled in with their
/// default. `at` is the path so far, array indices written as `*`.
fn strip_defaults(input: &serde_json::Value, output: &mut serde_json::Value, at: &mut Vec<String>, defaults: &[(&str, &str)]) {
    use serde_json::Value;
    let matches = |path: &[String], pattern: &str| {
        let parts: Vec<&str> = pattern.split('/').skip(1).collect();
        parts.len() == path.len()
            && parts.iter().zip(path).all(|(p, k)| *p == "*" || p.replace("~1", "/").replace("~0", "~") == *k)
    };
    match (input, output) {
        (Value::Object(given), Value::Object(written)) => {
            let keys: Vec<String> = written.keys().cloned().collect();
            for key in keys {
                at.push(key.clone());
                match given.get(&key) {
                    Some(inner) => strip_defaults(inner, written.get_mut(&key).unwrap(), at, defaults),
                    None => {
                        let value = written[&key].to_string();
                        if defaults.iter().any(|(pattern, default)| *default == value && matches(at, pattern)) {
                            written.remove(&key);
                        }
                    }
                }
                at.pop();
            }
        }
        (Value::Array(given), Value::Array(written)) => {
            for (inner, out) in given.iter().zip(written.iter_mut()) {
                at.push("*".into());
                strip_defaults(inner, out, at, defaults);
                at.pop();
            }
        }
        _ => {}
    }
}
"#;

#[test]
fn every_corpus_spec_generates_compiles_and_round_trips_its_examples() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: ../shared/corpus is absent");
        return;
    };
    // `TYPEWRIGHT_CONFORMANCE_ONLY=wild/` runs the specs whose path contains that text.
    let only = std::env::var("TYPEWRIGHT_CONFORMANCE_ONLY").unwrap_or_default();
    let specs: Vec<Spec> = specs(&corpus)
        .into_iter()
        .filter(|spec| spec.name.contains(&only))
        .collect();
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance");
    std::fs::create_dir_all(&root).unwrap();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    let mut members = Vec::new();
    let mut judged = Vec::new();
    let differential_types = match std::env::var("TYPEWRIGHT_DIFFERENTIAL_TYPES").as_deref() {
        Ok("all") => usize::MAX,
        Ok(n) => n
            .parse()
            .expect("TYPEWRIGHT_DIFFERENTIAL_TYPES: a number or `all`"),
        Err(_) => DIFFERENTIAL_TYPES,
    };
    for spec in &specs {
        let started = Instant::now();
        let result = typewright::Config::new().spec(&spec.path).generate();
        let generate_ms = started.elapsed().as_millis();
        let generated = match result {
            Ok(generated) => generated,
            Err(failure) => {
                problems.push(format!("{} does not generate:\n{failure}", spec.name));
                continue;
            }
        };
        let mut warnings = BTreeMap::new();
        for warning in &generated.warnings {
            *warnings
                .entry(warning.code.as_str().to_string())
                .or_default() += 1;
        }
        // The crate a user would write: the README's dependencies, a build.rs with default
        // settings, and a root that denies warnings and undocumented items.
        let dir = root.join(&spec.krate);
        std::fs::create_dir_all(dir.join("src")).unwrap();
        // A spec whose references the validator cannot follow (a remote `$ref`) is not judged.
        let judge = Judge::new(
            typewright::spec_json(&spec.path).unwrap(),
            &judge::file_uri(&spec.path),
        );
        let cases = match &judge {
            Ok(judge) => differential_cases(judge, &generated, differential_types),
            Err(_) => Vec::new(),
        };
        std::fs::write(dir.join("instances.txt"), judge::instances_text(&cases)).unwrap();
        user_crate::write(&dir, &spec.krate, &spec.path, &spec.name);
        user_crate::write_if_changed(
            &dir.join("src/main.rs"),
            &harness(&spec.krate, &generated.examples, &cases),
        );
        members.push(spec.krate.as_str());
        judged.push((judge, cases));
        rows.push(Row {
            name: spec.name.clone(),
            version: version(&spec.path),
            schemas: generated.root_schemas,
            types: generated.types.len(),
            lines: generated.code.lines().count(),
            warnings,
            generate_ms,
            build_ms: None,
            builds_by_default: false,
            examples: generated.examples.len(),
            failures: Vec::new(),
            differential: Tally::default(),
            not_judged: None,
        });
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    user_crate::write_workspace(&root, &members);

    // Every crate in one cargo run, which keeps both cores busy (one run per crate left one
    // idle: rustc checks a crate on one thread). Each crate's share is read from cargo's
    // timing report, which times dependencies as packages of their own.
    if let Err((failed, diagnostics)) = user_crate::build(&root, &members, &["--timings"]) {
        let failed: Vec<&str> = specs
            .iter()
            .filter(|spec| failed.contains(&spec.krate))
            .map(|spec| spec.name.as_str())
            .collect();
        panic!(
            "specs that do not build with default settings (build.rs, rustc and clippy, warnings and missing docs denied): {}\n{diagnostics}",
            failed.join(", ")
        );
    }
    let unit_seconds = unit_seconds(&scratch::target_dir().join("cargo-timings/cargo-timing.html"));
    for ((row, spec), (judge, cases)) in rows.iter_mut().zip(&specs).zip(&judged) {
        if let Err(reason) = judge {
            row.not_judged = Some(reason.clone());
        }
        row.build_ms = unit_seconds
            .get(&spec.krate)
            .map(|seconds| (seconds * 1000.0) as u128);
        row.builds_by_default = true;
        // The harness: without an argument it round-trips the examples, with one it judges
        // the instances in that file.
        let harness = |args: &[PathBuf]| {
            let run = Command::new(scratch::target_dir().join("debug").join(&spec.krate))
                .args(args)
                .output()
                .unwrap();
            assert!(
                run.status.success(),
                "{}: {}",
                spec.name,
                String::from_utf8_lossy(&run.stderr)
            );
            run.stdout
        };
        for line in String::from_utf8_lossy(&harness(&[])).lines() {
            if let Some(failure) = line.strip_prefix("fail\t") {
                row.failures.push(failure.replace('\t', ": "));
            }
        }
        let judged = harness(&[root.join(&spec.krate).join("instances.txt")]);
        for (case, verdicts) in cases.iter().zip(judge::verdicts(&judged, cases)) {
            let Ok(judge) = judge else { break };
            row.differential.judge(
                judge,
                &case.rust_type,
                &case.pointer,
                &case.instances,
                &verdicts,
            );
        }
    }
    let report = report(&rows);
    std::fs::write(root.join("report.md"), &report).unwrap();
    println!("{report}");
    check_failures(&rows);
    check_differential(&rows);
}

/// About `limit` of the spec's types, picked by a hash of their pointer: those whose schema sits
/// in the entry file (the validator reads that document) and that the validator can read.
fn differential_cases(judge: &Judge, generated: &typewright::Generated, limit: usize) -> Vec<Case> {
    let mut seen = std::collections::HashSet::new();
    let candidates: Vec<&typewright::TypeSummary> = generated
        .types
        .iter()
        .filter(|ty| ty.serde)
        // A struct beside a `oneOf` and the enum of its branches share the schema's pointer;
        // the struct is the schema's type.
        .filter(|ty| seen.insert(ty.pointer.as_str()))
        .filter(|ty| judge::at(&judge.document, &ty.pointer).is_some())
        .collect();
    let step = candidates.len().div_ceil(limit.max(1)).max(1) as u64;
    // Chosen by a hash of the pointer, not by position: a change that adds or removes types
    // elsewhere leaves the other choices as they were.
    candidates
        .into_iter()
        .filter(|ty| user_crate::stable_hash(&ty.pointer).is_multiple_of(step))
        .filter(|ty| judge.try_validator(&ty.pointer).is_some())
        .map(|ty| {
            let examples = judge::examples_of(generated, &ty.path);
            Case {
                label: String::new(),
                rust_type: ty.path.clone(),
                pointer: ty.pointer.clone(),
                instances: judge::instances(judge, &ty.pointer, examples),
            }
        })
        .collect()
}

/// Every disagreement between a generated type and the validator must be of a documented
/// kind (`judge::Lenient`), or its schema listed in `tests/differential-expected.txt` with
/// the reason; a listed schema that now agrees fails the test too.
fn check_differential(rows: &[Row]) {
    let expected_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/differential-expected.txt");
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    let listed: Vec<(&str, &str)> = expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split(" | ").next()?.trim().split_once(' '))
        .collect();
    let mut total = Tally::default();
    let mut unlisted = Vec::new();
    let mut now_agree = Vec::new();
    for row in rows {
        total.add(&row.differential);
        let mut shown = std::collections::HashSet::new();
        for (pointer, message) in &row.differential.unexplained {
            if !listed.contains(&(row.name.as_str(), pointer.as_str())) {
                unlisted.push(format!("{}: {message}", row.name));
            } else if shown.insert(pointer) {
                // The first disagreement of each listed schema, for the triage.
                println!("  listed: {}: {message}", row.name);
            }
        }
        for (spec, pointer) in &listed {
            let judged = *spec == row.name && row.differential.judged.iter().any(|p| p == pointer);
            if *spec == row.name && !judged {
                println!("  listed but not judged in this run: {spec} {pointer}");
            }
            if judged
                && !row
                    .differential
                    .unexplained
                    .iter()
                    .any(|(p, _)| p == pointer)
            {
                now_agree.push(format!("{spec} {pointer}"));
            }
        }
    }
    println!(
        "differential: {} of {} instances agree",
        total.agreed, total.total
    );
    for row in rows {
        if let Some(reason) = &row.not_judged {
            println!("  {} not judged: {reason}", row.name);
        }
    }
    for (reason, n) in &total.lenient {
        println!("  {reason:?}: {n}");
    }
    println!(
        "  listed in {}: {}",
        expected_path.display(),
        total.unexplained.len() - unlisted.len()
    );
    unlisted.dedup();
    assert!(
        unlisted.is_empty() && now_agree.is_empty(),
        "disagreements of no documented kind, not listed in {}:\n{}\n\nlisted but now agreeing:\n{}",
        expected_path.display(),
        unlisted.join("\n"),
        now_agree.join("\n")
    );
}

/// Seconds per package in cargo's `--timings` report: the sum of its units (build script,
/// library, binary). The report is HTML for people; its `UNIT_DATA` array is JSON, but its
/// format is not promised, so an unreadable report gives an empty map.
fn unit_seconds(report: &Path) -> BTreeMap<String, f64> {
    let mut seconds = BTreeMap::new();
    let text = std::fs::read_to_string(report).unwrap_or_default();
    let data = text
        .split_once("const UNIT_DATA = ")
        .and_then(|(_, rest)| rest.split_once("\n];"))
        .map(|(array, _)| format!("{array}\n]"));
    let Some(Ok(serde_json::Value::Array(units))) =
        data.map(|array| serde_json::from_str::<serde_json::Value>(&array))
    else {
        return seconds;
    };
    for unit in &units {
        if let (Some(name), Some(duration)) = (unit["name"].as_str(), unit["duration"].as_f64()) {
            *seconds.entry(name.to_string()).or_default() += duration;
        }
    }
    seconds
}

fn report(rows: &[Row]) -> String {
    let mut out = String::from(
        "| spec | version | builds by default | schemas | types | lines | examples round-tripped | differential agree | warnings | generate ms | build + clippy ms |\n|---|---|---|---:|---:|---:|---:|---:|---|---:|---:|\n",
    );
    for row in rows {
        let warnings = if row.warnings.is_empty() {
            "0".to_string()
        } else {
            row.warnings
                .iter()
                .map(|(code, n)| format!("{code} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let differential = match &row.not_judged {
            Some(_) => "not judged".to_string(),
            None => format!("{}/{}", row.differential.agreed, row.differential.total),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {}/{} | {} | {} | {} | {} |",
            row.name,
            row.version,
            if row.builds_by_default { "yes" } else { "no" },
            row.schemas,
            row.types,
            row.lines,
            row.examples - row.failures.len(),
            row.examples,
            differential,
            warnings,
            row.generate_ms,
            row.build_ms.map_or("-".to_string(), |ms| ms.to_string())
        );
    }
    out
}

/// Every failing example must be listed, with its reason, in `conformance-expected.txt`.
fn check_failures(rows: &[Row]) {
    let expected_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance-expected.txt");
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    // Locations are compared from `corpus/` on: a spec's own `$ref`s may be shown by absolute
    // path, which depends on where the corpus is.
    let from_corpus = |at: &str| -> String {
        at.find("corpus/")
            .map_or(at, |start| &at[start..])
            .to_string()
    };
    let listed: Vec<String> = expected
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| from_corpus(l.split(" | ").next().unwrap_or(l).trim()))
        .collect();
    let mut failing = Vec::new();
    for row in rows {
        for failure in &row.failures {
            let at = failure.split(": ").next().unwrap_or(failure);
            failing.push((from_corpus(at), failure.clone()));
        }
    }
    let unexplained: Vec<&String> = failing
        .iter()
        .filter(|(at, _)| !listed.contains(at))
        .map(|(_, failure)| failure)
        .collect();
    // A listed example of a spec this run left out is neither failing nor fixed.
    // A multi-file spec's examples may sit in its other files: its folder is what counts.
    let ran = |at: &str| {
        rows.iter().any(|row| {
            let folder = row
                .name
                .rsplit_once('/')
                .map_or(row.name.as_str(), |(dir, _)| dir);
            at.contains(&row.name) || (row.name.starts_with("wild/") && at.contains(folder))
        })
    };
    let fixed: Vec<&String> = listed
        .iter()
        .filter(|at| ran(at) && !failing.iter().any(|(f, _)| f == *at))
        .collect();
    assert!(
        unexplained.is_empty() && fixed.is_empty(),
        "examples failing without an explanation in {}:\n{}\n\nlisted but now passing:\n{}",
        expected_path.display(),
        unexplained
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        fixed
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    );
}
