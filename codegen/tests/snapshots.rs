//! Snapshot tests: every folder in `tests/fixtures` holds an `input.yaml` (or `input.json`)
//! and either `expected.rs` (the generated code) or `expected.stderr` (the rendered
//! diagnostics). A mismatch fails; `TYPEWRIGHT_BLESS=1 cargo test` rewrites the snapshots.
//! The Polar spec in `spec/` is snapshotted too, in `tests/snapshots/polar_oauth2.rs`.

use std::path::{Path, PathBuf};

#[path = "common/duplicates.rs"]
mod duplicates;

fn bless() -> bool {
    std::env::var_os("TYPEWRIGHT_BLESS").is_some_and(|v| v == "1")
}

/// Compares `actual` with the snapshot at `path`, or rewrites it when blessing.
fn check(path: &Path, actual: &str) -> Result<(), String> {
    if bless() {
        std::fs::write(path, actual).map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(path).map_err(|_| {
        format!(
            "{} is missing: run with TYPEWRIGHT_BLESS=1 to create it",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let line = expected
        .lines()
        .zip(actual.lines())
        .position(|(e, a)| e != a)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    Err(format!(
        "{} differs from the generated output at line {}:\n  expected: {:?}\n  actual:   {:?}\n(TYPEWRIGHT_BLESS=1 accepts the new output)",
        path.display(),
        line + 1,
        expected.lines().nth(line).unwrap_or("<end of file>"),
        actual.lines().nth(line).unwrap_or("<end of file>"),
    ))
}

fn fixtures() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/fixtures")
        .expect("tests/fixtures exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

fn input_of(dir: &Path) -> PathBuf {
    ["input.yaml", "input.json"]
        .iter()
        .map(|name| dir.join(name))
        .find(|p| p.exists())
        .unwrap_or_else(|| panic!("{} has no input.yaml or input.json", dir.display()))
}

/// The fixture's `Config`: its input, plus the settings its optional `config.txt` lists, one
/// per line, named after the setter: `open_enums`, `deny_warnings`, `format <name> <type>`,
/// `check_formats`, `source_positions`, `map_type HashMap`, `extern_type <schema> <type>`, `rename_type <schema> <name>`,
/// `type_attribute <path> <attribute>`, `field_attribute <path> <attribute>`. Lines starting
/// with `# ` are comments.
fn config_of(dir: &Path) -> typewright::Config {
    let mut config = typewright::Config::new();
    config.spec(input_of(dir));
    let settings = std::fs::read_to_string(dir.join("config.txt")).unwrap_or_default();
    for line in settings
        .lines()
        .filter(|l| !l.starts_with("# ") && !l.is_empty())
    {
        let words: Vec<&str> = line.splitn(3, ' ').collect();
        match words.as_slice() {
            ["open_enums"] => config.open_enums(true),
            ["check_formats"] => config.check_formats(true),
            ["source_positions"] => config.source_positions(true),
            ["deny_warnings"] => config.deny_warnings(true),
            ["format", name, rust_type] => config.format_type(name, rust_type),
            ["map_type", "HashMap"] => config.map_type(typewright::MapType::HashMap),
            ["extern_type", schema, rust_type] => config.extern_type(schema, rust_type),
            ["rename_type", schema, name] => config.rename_type(schema, name),
            ["type_attribute", path, attribute] => config.type_attribute(path, attribute),
            ["field_attribute", path, attribute] => config.field_attribute(path, attribute),
            _ => panic!("{}: unknown setting `{line}`", dir.display()),
        };
    }
    config
}

#[test]
fn fixtures_match_their_snapshots() {
    let mut failures = Vec::new();
    for dir in fixtures() {
        let result = config_of(&dir).generate();
        let expects_error = dir
            .file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("error-");
        let outcome =
            match (result, expects_error) {
                // Warnings are snapshotted beside the code: each says what was recovered, and how.
                (Ok(generated), false) => check(&dir.join("expected.rs"), &generated.code)
                    .and_then(|()| match generated.warnings.is_empty() {
                        true => Ok(()),
                        false => check(&dir.join("expected.stderr"), &generated.rendered_warnings),
                    }),
                (Err(failure), true) => check(&dir.join("expected.stderr"), &failure.rendered),
                (Ok(_), true) => Err(format!(
                    "{}: expected errors, but generation succeeded",
                    dir.display()
                )),
                (Err(failure), false) => {
                    Err(format!("{}: generation failed:\n{failure}", dir.display()))
                }
            };
        if let Err(message) = outcome {
            failures.push(message);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn polar_spec_matches_its_snapshot() {
    let generated = typewright::Config::new()
        .spec("../spec/polar-oauth2.yaml")
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    check(
        Path::new("tests/snapshots/polar_oauth2.rs"),
        &generated.code,
    )
    .unwrap();
}

#[test]
fn generation_is_byte_identical_across_runs() {
    for dir in fixtures().iter().filter(|d| d.join("expected.rs").exists()) {
        let run = || config_of(dir).generate().unwrap().code;
        assert_eq!(run(), run(), "{}", dir.display());
    }
}

/// Every generated snapshot must be compiled by `tests/compile_snapshots.rs`.
#[test]
fn every_generated_snapshot_is_compiled() {
    // Operation fixtures are compiled and driven through `http` by tests/operations.rs.
    let compiled = std::fs::read_to_string("tests/compile_snapshots.rs").unwrap()
        + &std::fs::read_to_string("tests/operations.rs").unwrap();
    for dir in fixtures().iter().filter(|d| {
        !d.file_name()
            .unwrap()
            .to_string_lossy()
            .starts_with("error-")
    }) {
        let name = dir.file_name().unwrap().to_string_lossy();
        let path = format!("fixtures/{name}/expected.rs");
        assert!(
            compiled.contains(&path),
            "neither tests/compile_snapshots.rs nor tests/operations.rs includes {path}"
        );
    }
}

/// No snapshot repeats a name, a field, a variant or a `match` arm: what the fuzzer checks on
/// random specs, checked here on every construct the fixtures hold.
#[test]
fn no_snapshot_repeats_a_name_or_an_arm() {
    for dir in fixtures().iter().filter(|d| d.join("expected.rs").exists()) {
        let code = std::fs::read_to_string(dir.join("expected.rs")).unwrap();
        let found = duplicates::duplicates(&code);
        assert!(found.is_empty(), "{}: {found:?}", dir.display());
    }
}
