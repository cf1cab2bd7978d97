//! typewright generates Rust types and serde impls from OpenAPI 3.0/3.1 and JSON Schema
//! documents, from a build script, so the Rust model can never drift from the spec.
//!
//! A complete setup: the crate that holds the models has its specs in `spec/`.
//!
//! ```toml
//! # Cargo.toml
//! [dependencies]
//! # The generated code's one dependency, whatever the spec says.
//! typewright-runtime = "0.1"
//!
//! [build-dependencies]
//! typewright = "0.1"
//! ```
//!
//! ```no_run
//! // build.rs: the body of `fn main()`
//! typewright::Config::new()
//!     .spec("spec") // a file, or a directory of *.yaml / *.yml / *.json
//!     .secret_field_name("*_pin") // also redact fields ending in `_pin` in Debug
//!     .build_script(); // writes $OUT_DIR/typewright.rs, or prints errors and exits 1
//! ```
//!
//! ```ignore
//! // src/lib.rs
//! include!(concat!(env!("OUT_DIR"), "/typewright.rs"));
//! pub use pets::*; // spec/pets.yaml became the module `pets`
//! ```
//!
//! Each spec file becomes a module named after the file (`spec/polar-oauth2.yaml` ->
//! `polar_oauth2`). [`Config::build_script`] prints `cargo:rerun-if-changed` for the spec
//! directories and every file read (including files reached by `$ref`), and rewrites the
//! output only when it changes. typewright reads no environment variables besides `OUT_DIR`,
//! which cargo sets, and with [`Config::operation_tags_from_features`] the `CARGO_FEATURE_*`
//! variables cargo sets for the enabled features.
//!
//! # The pipeline
//!
//! [`Config::generate`] is the list of passes, each a private module with one entry function,
//! each timed in [`Generated::pass_times`]; the passes from `resolve` to `lower` are one
//! function that the unit tests' runner calls too. This list is the one numbering (module
//! docs name their pass, not its place):
//!
//! 1. `settings`: every Rust type and attribute given to a setter is parsed once (E0014).
//! 2. `load`: YAML or JSON into a node tree that keeps every node's line and column.
//! 3. `resolve`: every schema read once; `$ref`s (also into other files) resolved.
//! 4. `normalize`: one meaning per schema, computed once: where each chain of `$ref`s and
//!    one-branch wrappers ends, one `nullable` flag, value `allOf`s folded, object `allOf`s
//!    merged into members, each cycle reported once.
//! 5. `lower`: normalized schemas to the type IR, without walking any chain again.
//!
//!    A checkpoint: a run with errors stops here, having reported all of them.
//! 6. `analyze`: alias cycles to newtypes, checks that apply, variant order, derives, boxes.
//! 7. `share`: structurally identical types become aliases of one definition
//!    ([`Config::share_identical_types`]).
//! 8. `names`: every Rust identifier, decided in one place.
//! 9. `select` (with [`Config::operation_tags`], [`Config::operation_paths`] or
//!    [`Config::only_types`]): the operations selected, the types named, and what they reach;
//!    after naming, so that no name depends on the selection.
//! 10. `emit` and `format`: tokens (`quote`), formatted by `prettyplease` a few items at a
//!     time; emit never invents a name. `Config::compile` writes only if the text changed.

mod analyze;
mod config;
pub mod diag;
mod emit;
mod examples;
mod ir;
mod load;
mod lower;
mod names;
mod normalize;
mod output;
mod resolve;
mod schema;
mod secrets;
mod select;
mod settings;
mod share;
#[cfg(test)]
mod test_support;
mod words;

use std::path::Path;

pub use config::{
    Config, Failure, Generated, TYPED_FORMATS, TagSummary, TypeSummary, rerun_if_changed,
};
pub use examples::Example;
pub use ir::MapType;
pub use output::write as write_if_changed;
pub use secrets::DEFAULT_SECRET_NAMES;

/// The one-call shortcut for a build script: every spec in `dir`, default settings.
pub fn compile_specs(dir: impl AsRef<Path>) {
    Config::new().spec(dir).build_script();
}

/// The spec file at `path` as JSON, as typewright reads it (YAML 1.2 or JSON, merge keys
/// applied), or the rendered diagnostics when it cannot be read. For tools that check the
/// generated code against the spec: the differential test hands this value to a JSON Schema
/// validator, so that the validator and the generator read the same document.
pub fn spec_json(path: impl AsRef<Path>) -> Result<serde_json::Value, String> {
    let path = path.as_ref();
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut cx = diag::Diagnostics::default();
    let loaded = load::load(&[path.to_path_buf()], &[root], &[], &mut cx);
    match loaded.documents.first() {
        Some(document) if !cx.has_errors() => Ok(loaded.tree.to_json(document.root)),
        _ => Err(diag::render_all(&cx.into_sorted(), &loaded.sources, false)),
    }
}
