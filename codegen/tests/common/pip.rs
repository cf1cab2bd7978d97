//! Python packages the tests need, installed with pip into `target/` on first use.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The directory to put on `PYTHONPATH` once `package` (a pip requirement) is installed into
/// it, installing it if `module` cannot be imported from there; `None` where `python3` or
/// its pip is missing.
pub fn installed(dir: &Path, package: &str, module: &str) -> Option<PathBuf> {
    let importable = || {
        Command::new("python3")
            .args(["-c", &format!("import {module}")])
            .env("PYTHONPATH", dir)
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if importable() {
        return Some(dir.to_path_buf());
    }
    let pip = Command::new("python3")
        .args(["-m", "pip", "--version"])
        .output();
    if !pip.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--target",
        ])
        .arg(dir)
        .arg(package)
        .status()
        .unwrap();
    assert!(
        status.success() && importable(),
        "pip is here, but could not install {package}"
    );
    Some(dir.to_path_buf())
}
