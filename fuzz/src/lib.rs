//! What the fuzz targets share: running the generator as a user does (a spec file read by
//! `Config`), and a structure-aware spec built from fuzzer bytes.

use std::path::PathBuf;

pub mod spec;

/// What rustc would refuse because the spec repeated something: `pipeline` checks every
/// output with it, where compiling each one would be too slow.
#[path = "../../codegen/tests/common/duplicates.rs"]
pub mod duplicates;

/// Writes `bytes` as a spec file named `spec.<extension>` in this process's scratch folder and
/// runs every pass on it. Diagnostics are fine; a panic is the finding.
pub fn generate_file(bytes: &[u8], extension: &str) -> Option<String> {
    generate_tagged(bytes, extension, None)
}

/// As [`generate_file`], keeping only the operations with `tag` when one is given.
pub fn generate_tagged(bytes: &[u8], extension: &str, tag: Option<&str>) -> Option<String> {
    let dir = scratch();
    let path = dir.join(format!("spec.{extension}"));
    std::fs::write(&path, bytes).expect("the scratch folder is writable");
    let mut config = typewright::Config::new();
    config.spec(&path);
    if let Some(tag) = tag {
        config.operation_tags([tag]);
    }
    let generated = config.generate().ok()?;
    Some(generated.code)
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("typewright-fuzz-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("the temp folder is writable");
    dir
}
