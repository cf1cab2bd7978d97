//! The `typewright` command, run as a user runs it (a separate process per call).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn typewright(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_typewright"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const POLAR: &str = "../spec/polar-oauth2.yaml";

#[test]
fn generate_prints_what_the_library_generates() {
    let output = typewright(&["generate", POLAR]);
    assert!(output.status.success(), "{}", stderr(&output));
    let library = typewright::Config::new().spec(POLAR).generate().unwrap();
    assert_eq!(stdout(&output), library.code);
    assert!(
        stderr(&output).starts_with("typewright: 7 types from 1 file in "),
        "{}",
        stderr(&output)
    );
}

/// Positions are in the docs only when asked for, as in the library; so are format checks.
#[test]
fn settings_flags_set_what_their_setters_set() {
    let output = typewright(&["generate", "--source-positions", "--check-formats", POLAR]);
    assert!(output.status.success(), "{}", stderr(&output));
    let library = typewright::Config::new()
        .spec(POLAR)
        .source_positions(true)
        .check_formats(true)
        .generate()
        .unwrap();
    assert_eq!(stdout(&output), library.code);
    let plain = stdout(&typewright(&["generate", POLAR]));
    assert!(stdout(&output).contains(".yaml:"), "positions are written");
    assert!(
        !plain.contains(".yaml:"),
        "positions are left out by default"
    );
}

#[test]
fn output_files_are_rewritten_only_on_change() {
    let dir = scratch("cli-output");
    let file = dir.join("generated.rs");
    let file_arg = file.to_str().unwrap();
    assert!(
        typewright(&["generate", POLAR, "-q", "--output", file_arg])
            .status
            .success()
    );
    let first = std::fs::metadata(&file).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    assert!(
        typewright(&["generate", POLAR, "-q", "--output", file_arg])
            .status
            .success()
    );
    assert_eq!(std::fs::metadata(&file).unwrap().modified().unwrap(), first);
    let out_dir = dir.join("out");
    let out_arg = out_dir.to_str().unwrap();
    assert!(
        typewright(&["generate", POLAR, "-q", "--out-dir", out_arg])
            .status
            .success()
    );
    assert_eq!(
        std::fs::read_to_string(out_dir.join("typewright.rs")).unwrap(),
        std::fs::read_to_string(&file).unwrap()
    );
}

#[test]
fn check_passes_on_a_current_copy_and_diffs_a_stale_one() {
    let dir = scratch("cli-check");
    let file = dir.join("generated.rs");
    let file_arg = file.to_str().unwrap();
    assert!(
        typewright(&["generate", POLAR, "-q", "-o", file_arg])
            .status
            .success()
    );
    let current = typewright(&["check", POLAR, "-q", "--against", file_arg]);
    assert!(current.status.success(), "{}", stderr(&current));
    assert_eq!(stdout(&current), "");

    let code = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        code.replace("pub expires_in: i64", "pub expires_in: i32"),
    )
    .unwrap();
    let stale = typewright(&["check", POLAR, "-q", "--against", file_arg]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = stdout(&stale);
    assert!(diff.contains("-        pub expires_in: i32,\n"), "{diff}");
    assert!(diff.contains("+        pub expires_in: i64,\n"), "{diff}");
    assert!(
        stderr(&stale).contains("is out of date"),
        "{}",
        stderr(&stale)
    );

    let missing = typewright(&["check", POLAR, "-q", "--against", "no/such/file.rs"]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn list_names_every_type_with_its_location_and_pointer() {
    let output = typewright(&["list", POLAR, "-q"]);
    assert!(output.status.success());
    let text = stdout(&output);
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 7, "{text}");
    assert!(rows.contains(&vec![
        "polar_oauth2::TokenResponse",
        "../spec/polar-oauth2.yaml:102:7",
        "#/components/schemas/TokenResponse",
    ]));
}

#[test]
fn spec_errors_exit_1_with_plain_diagnostics_off_a_terminal() {
    let dir = scratch("cli-errors");
    let spec = dir.join("bad.yaml");
    std::fs::write(
        &spec,
        "$defs:\n  A: {type: strng}\n  B: {$ref: '#/$defs/C'}\n",
    )
    .unwrap();
    // Both are recoverable: warnings by default, errors for those who deny warnings.
    let lenient = typewright(&["generate", spec.to_str().unwrap()]);
    assert_eq!(lenient.status.code(), Some(0));
    assert!(stderr(&lenient).contains("warning[E0007]"));
    let output = typewright(&["generate", "--deny-warnings", spec.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.contains("error[E0009]: unknown type `strng`"),
        "{errors}"
    );
    assert!(errors.contains("error[E0007]"), "{errors}");
    assert!(
        !errors.contains('\u{1b}'),
        "no color codes when stderr is not a terminal"
    );
    assert_eq!(stdout(&output), "");
    let usage = typewright(&["generate"]);
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn every_subcommand_has_a_long_help_with_an_example() {
    for command in ["generate", "check", "list"] {
        let help = stdout(&typewright(&[command, "--help"]));
        assert!(help.contains("Usage: typewright"), "{command}: {help}");
        assert!(help.contains("EXAMPLE"), "{command}: {help}");
        assert!(help.contains("--deny-warnings"), "{command}: {help}");
    }
}

/// HashMap iteration order changes with every process's random seed; the output must not.
#[test]
fn output_is_byte_identical_across_processes_and_hash_seeds() {
    let specs = [
        POLAR,
        "tests/fixtures/unions/input.yaml",
        "tests/fixtures/names/input.yaml",
        "tests/fixtures/defaults-and-checks/input.yaml",
    ];
    for spec in specs {
        let runs: Vec<String> = (0..3)
            .map(|_| stdout(&typewright(&["generate", "-q", spec])))
            .collect();
        assert!(!runs[0].is_empty(), "{spec}");
        assert!(
            runs.iter().all(|r| *r == runs[0]),
            "{spec} differs between runs"
        );
    }
}

#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    use std::process::Stdio;
    // `typewright generate spec | head -c 1`: the pipe closes long before the code is
    // written (the output is many pipe buffers long).
    let spec = scratch("closed-pipe").join("big.yaml");
    let mut yaml = String::from("$defs:\n");
    for i in 0..3_000 {
        yaml.push_str(&format!(
            "  Thing{i}: {{type: object, description: 'A thing.', properties: {{a: {{type: string}}}}}}\n"
        ));
    }
    std::fs::write(&spec, yaml).unwrap();
    for (command, stdout_closed) in [("generate", true), ("list", true), ("generate", false)] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_typewright"))
            .args([command, spec.to_str().unwrap()])
            .stdout(if stdout_closed {
                Stdio::piped()
            } else {
                Stdio::null()
            })
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end at once: stdout, or stderr in the last case.
        if stdout_closed {
            drop(child.stdout.take());
        } else {
            drop(child.stderr.take());
        }
        let status = child.wait().unwrap();
        let stderr = child
            .stderr
            .take()
            .map(|mut e| {
                let mut text = String::new();
                std::io::Read::read_to_string(&mut e, &mut text).unwrap();
                text
            })
            .unwrap_or_default();
        assert!(status.success(), "{command}: {status}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

/// Runs `generate POLAR <args>` and checks its output is what `config` generates from the
/// same spec; returns the library's result.
fn selects_as_the_library(args: &[&str], config: &mut typewright::Config) -> typewright::Generated {
    let output = typewright(&[&["generate", POLAR], args].concat());
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    let library = config.spec(POLAR).generate().unwrap();
    assert_eq!(stdout(&output), library.code, "{args:?}");
    assert!(
        library.code.contains("pub struct TokenResponse"),
        "{args:?}"
    );
    library
}

#[test]
fn tag_and_type_select_as_the_library_does() {
    let mut config = typewright::Config::new();
    selects_as_the_library(&["--tag", "OAuth2"], config.operation_tags(["OAuth2"]));

    let mut config = typewright::Config::new();
    let library = selects_as_the_library(
        &["--type", "TokenResponse"],
        config.only_types(["TokenResponse"]),
    );
    // The response model alone: no operation, so no request type.
    assert!(
        library.types.iter().all(|t| !t.path.contains("Request")),
        "{:?}",
        library.types
    );

    let mut config = typewright::Config::new();
    selects_as_the_library(
        &["--path", "/v1/oauth2"],
        config.operation_paths(["/v1/oauth2"]),
    );

    let typo = typewright(&["generate", POLAR, "--tag", "oauth", "-q"]);
    assert!(typo.status.success(), "{}", stderr(&typo));
    assert!(
        stderr(&typo).contains("warning[W0008]"),
        "{}",
        stderr(&typo)
    );
    assert!(!stdout(&typo).contains("pub struct TokenResponse"));
}

#[test]
fn tags_lists_each_feature_to_paste_under_features() {
    let dir = scratch("tags");
    let spec = dir.join("tags.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      \
         tags: [Pull Requests, pull-requests, issues]\n      responses: {'200': {description: ok}}\n  \
         /b:\n    get:\n      tags: [Pull Requests]\n      responses: {'200': {description: ok}}\n",
    )
    .unwrap();
    let output = typewright(&["tags", spec.to_str().unwrap(), "-q"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "pull-requests = []  # tags `Pull Requests`: 2 operations; `pull-requests`: 1 operation\n\
         issues = []  # tag `issues`: 1 operation\n"
    );
}
