//! The crate a user writes around a spec, as the README sets it up: `typewright-runtime` as
//! its one dependency, a `build.rs` that calls `Config::new().spec(..).build_script()` with
//! default settings, and a root that says `#![deny(warnings, missing_docs)]`. Many such
//! crates build in one cargo workspace, through `clippy-driver`, so a clippy warning fails
//! the build too.

use std::path::Path;
use std::process::Output;

/// Writes the crate `krate` for `spec` into `dir` (a `src/main.rs` is the caller's to add).
/// Files whose text is unchanged are left alone, so a second run rebuilds nothing.
pub fn write(dir: &Path, krate: &str, spec: &Path, title: &str) {
    std::fs::create_dir_all(dir.join("src")).unwrap();
    let spec = spec.canonicalize().unwrap();
    let spec = spec.to_string_lossy().replace('\\', "/");
    write_if_changed(
        &dir.join("build.rs"),
        &format!(
            "fn main() {{\n    typewright::Config::new().spec(\"{spec}\").build_script();\n}}\n"
        ),
    );
    write_if_changed(
        &dir.join("src/lib.rs"),
        &format!(
            "//! Models of `{title}`, generated at build time.\n#![deny(warnings, missing_docs)]\n\ninclude!(concat!(env!(\"OUT_DIR\"), \"/typewright.rs\"));\n"
        ),
    );
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    let typewright = env!("CARGO_MANIFEST_DIR").replace('\\', "/");
    write_if_changed(
        &dir.join("Cargo.toml"),
        &format!(
            "[package]\nname = \"{krate}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{runtime}\" }}\n\n\
             [build-dependencies]\ntypewright = {{ path = \"{typewright}\" }}\n"
        ),
    );
}

/// The workspace of `members` at `root`, with the README's profile settings and this
/// repository's lock file (the builds run offline).
pub fn write_workspace(root: &Path, members: &[&str]) {
    let members: Vec<String> = members.iter().map(|m| format!("\"{m}\"")).collect();
    write_if_changed(
        &root.join("Cargo.toml"),
        &format!(
            "[workspace]\nmembers = [{}]\nresolver = \"3\"\n\n{}",
            members.join(", "),
            super::scratch::PROFILE
        ),
    );
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock"),
        root.join("Cargo.lock"),
    )
    .unwrap();
}

/// Runs cargo in the workspace at `root`, every crate checked by clippy as it compiles.
fn cargo(root: &Path, args: &[&str]) -> Output {
    super::scratch::cargo()
        .args(args)
        .current_dir(root)
        .env("RUSTC_WORKSPACE_WRAPPER", "clippy-driver")
        .output()
        .unwrap()
}

/// Builds `krates` (`--keep-going`, so that one run reports every crate that fails).
/// `Err` holds the crates that did not build and rustc's and clippy's messages, without
/// cargo's progress lines, so that the errors come first in a shortened log.
pub fn build(
    root: &Path,
    krates: &[&str],
    extra: &[&str],
) -> Result<Output, (Vec<String>, String)> {
    let mut args = vec!["build", "--offline", "--keep-going"];
    args.extend_from_slice(extra);
    for krate in krates {
        args.extend(["-p", krate]);
    }
    let build = cargo(root, &args);
    if build.status.success() {
        return Ok(build);
    }
    let stderr = String::from_utf8_lossy(&build.stderr);
    let failed = krates
        .iter()
        .filter(|krate| stderr.contains(&format!("could not compile `{krate}`")))
        .map(|krate| krate.to_string())
        .collect();
    // The generator's own warnings, which cargo relays from each build script as
    // `warning: <crate>@<version>: ...`, are counted, not repeated: on a large spec they are
    // thousands of lines, and a log cut to its end must still show rustc's and clippy's errors.
    let mut relayed = 0;
    let diagnostics: Vec<&str> = stderr
        .lines()
        .filter(|line| {
            if line
                .strip_prefix("warning: ")
                .and_then(|rest| rest.split_once(':'))
                .is_some_and(|(unit, _)| unit.contains('@') && !unit.contains(' '))
            {
                relayed += 1;
                return false;
            }
            let line = line.trim_start();
            ![
                "Compiling ",
                "Checking ",
                "Running ",
                "Finished ",
                "Timing report ",
            ]
            .iter()
            .any(|progress| line.starts_with(progress))
        })
        .collect();
    // A full disk fails the largest crate first, with an error that may not say so.
    let disk = std::process::Command::new("df")
        .args(["-h", "."])
        .current_dir(root)
        .output()
        .map(|df| String::from_utf8_lossy(&df.stdout).into_owned())
        .unwrap_or_default();
    let diagnostics = format!(
        "({relayed} lines of the generator's warnings, relayed by cargo from build scripts, left out)\n{}\ndisk where the crates build:\n{disk}",
        diagnostics.join("\n")
    );
    Err((failed, diagnostics))
}

pub fn write_if_changed(path: &Path, text: &str) {
    if std::fs::read_to_string(path).ok().as_deref() != Some(text) {
        std::fs::write(path, text).unwrap();
    }
}

/// FNV-1a, to pick a sample that stays the same from run to run (std's hash is seeded per
/// process).
pub fn stable_hash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}
