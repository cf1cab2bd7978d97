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
//! # What the Rust looks like
//!
//! For a spec `spec/pets.yaml` with
//!
//! ```yaml
//! components:
//!   schemas:
//!     Pet:
//!       type: object
//!       required: [name]
//!       properties:
//!         name: {type: string, maxLength: 40}
//!         tag: {type: string, nullable: true}
//!         kind: {type: string, enum: [cat, dog]}
//! ```
//!
//! the module `pets` has `pub struct Pet { pub name: String, pub tag: Option<Option<String>>,
//! pub kind: Option<PetKind> }` and `pub enum PetKind { Cat, Dog }`, with serde impls that
//! keep absent and `null` apart (`tag` absent is `None`, `null` is `Some(None)`) and refuse a
//! `name` over 40 characters, naming the field. Every schema keyword typewright reads lowers
//! the same way in Swagger 2.0, OpenAPI 3.0, OpenAPI 3.1 and JSON Schema (draft-04 to
//! 2020-12):
//!
//! - **Constraints hold at every depth**: `pattern`, lengths, ranges, `multipleOf`, item and
//!   property counts, `uniqueItems`, `const`/`enum` are checked when a value is read, on
//!   fields, items, map values and keys, union variants, parameters and headers. A named
//!   scalar schema with constraints is a validated newtype (`Code::new(..)`, `TryFrom`,
//!   `Deref`). Errors name the path from the value's root (`prices[0].price_amount: ..`).
//! - **Unions**: `oneOf`/`anyOf` with a `discriminator` (or a `const` tag on every branch)
//!   are tagged enums; others are untagged enums ordered so that a general branch never
//!   shadows a specific one.
//! - **Docs**: each type and field carries the spec's title, description and first example,
//!   the spec file and JSON pointer, and a line for every check it makes.
//! - What typewright cannot enforce (`not`, `if`/`then`/`else`, ...) is left out of the type,
//!   which then accepts a superset, with a warning at the keyword.
//!
//! # Operation models
//!
//! Every operation of `paths` becomes a request type (its parameters and body) and a
//! response enum (a variant per documented status), converting to and from the `http`
//! crate's `Request` and `Response` through `typewright-runtime`, every parameter style as
//! OpenAPI's style table says: the same types serve a client and a server.
//! [`Config::operations`] turns them off; [`Config::operation_tags`],
//! [`Config::operation_tags_from_features`] and [`Config::operation_paths`] keep some
//! operations and the types they use; [`Config::only_types`] keeps some types.
//!
//! # Settings
//!
//! [`Config`] is a builder in prost-build's manner; every setter returns `&mut Self`.
//!
//! | to change | setters |
//! |---|---|
//! | the input and output | [`Config::spec`], [`Config::map_url`], [`Config::out_dir`], [`Config::file_name`] |
//! | what is generated | [`Config::operations`], [`Config::operation_tags`], [`Config::operation_tags_from_features`], [`Config::operation_paths`], [`Config::only_types`], [`Config::share_identical_types`] |
//! | the Rust types | [`Config::format_type`], [`Config::typed_formats`], [`Config::map_type`], [`Config::extern_type`], [`Config::rename_type`], [`Config::open_enums`] |
//! | attributes and derives | [`Config::type_attribute`], [`Config::field_attribute`], [`Config::derive`] |
//! | checks and docs | [`Config::check_formats`], [`Config::source_positions`], [`Config::secret_field_names`], [`Config::secret_field_name`] |
//! | diagnostics | [`Config::deny_warnings`], [`Config::color_diagnostics`] |
//!
//! Types, paths and attributes given to setters are checked before any spec is read; a bad
//! one is an error naming the setter, reported with every diagnostic of the specs.
//!
//! # Diagnostics
//!
//! A defect typewright can recover from soundly is a warning that says what was done (a
//! keyword not enforced, a reference read as a bundler reads it); an error is for what cannot
//! be generated soundly. Each has a code ([`diag::Code`]) and points at `file:line:col`
//! with the source line, as rustc does; one run reports every error of every spec at once,
//! and no input makes the generator panic. [`Config::build_script`] prints warnings as
//! `cargo:warning` and errors on standard error (exiting 1); [`Config::generate`] returns
//! them in [`Generated::warnings`] or the [`Failure`]. [`Config::deny_warnings`] makes every
//! warning an error.
//!
//! # As a library
//!
//! [`Config::generate`] runs the generator without touching any file but the specs and
//! returns a [`Generated`]: the code, the files read (for `rerun-if-changed`), the warnings,
//! a summary of every type ([`TypeSummary`]: its Rust path, spec location and JSON pointer),
//! the spec's examples ([`Example`]) and the operations' tags ([`TagSummary`]).
//! [`Config::compile`] writes the code, only when it changed. The `typewright` command
//! (feature `cli`) does the same from a shell: `generate`, `check` (compare with a
//! checked-in copy), `list` and `tags`.
//!
//! The repository's `docs/` has the guides (operation models and their style table,
//! selection by tag and cargo features, naming, every diagnostic code), and its
//! `ARCHITECTURE.md` the passes, for contributors.

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
