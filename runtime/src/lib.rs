//! The one dependency of the code typewright generates.
//!
//! Generated code refers to serde, serde_json and the regex engine through this crate, so a
//! crate of generated models depends on `typewright-runtime` alone, and its dependencies never
//! change when its spec does: a `pattern` added to a spec, or a new kind of check, needs no
//! edit to `Cargo.toml`. The helpers here are what generated `deserialize_with` functions,
//! `Debug` impls and discriminated unions call; they are not meant to be called by hand, and
//! their API follows the generator's version.

#![deny(missing_docs)]

pub use regress;
pub use serde;
pub use serde_json;

mod checks;
mod fields;
mod pattern;
mod tagged;

pub use checks::{Checked, Pattern, Rule, check, check_secret};
pub use fields::{Redacted, present, required_nullable};
pub use pattern::CompiledPattern;
pub use tagged::{Alternative, from_value, tag, unknown_tag, untagged};
