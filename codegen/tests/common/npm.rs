//! npm packages the tests need, installed into `target/` on first use.

use std::path::{Path, PathBuf};
use std::process::Command;

/// `prefix/relative` once `package` is installed into `prefix`, installing it with npm if
/// that path is missing; `None` where npm is missing.
pub fn installed(prefix: &Path, package: &str, relative: &str) -> Option<PathBuf> {
    let path = prefix.join(relative);
    if path.exists() {
        return Some(path);
    }
    let npm = Command::new("npm").arg("--version").output();
    if !npm.is_ok_and(|o| o.status.success()) {
        return None;
    }
    let status = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--silent", "--prefix"])
        .arg(prefix)
        .arg(package)
        .status()
        .unwrap();
    assert!(
        status.success(),
        "npm is here, but could not install {package}"
    );
    Some(path)
}
