//! The one dependency of the code typewright generates.
//!
//! Generated code refers to serde, serde_json and the regex engine through this crate, so a
//! crate of generated models depends on `typewright-runtime` alone, and its dependencies never
//! change when its spec does: a `pattern` added to a spec, or a new kind of check, needs no
//! edit to `Cargo.toml`. The helpers here are what generated `deserialize_with` functions,
//! `Debug` impls and discriminated unions call; they are not meant to be called by hand, and
//! their API follows the generator's version.

#![deny(missing_docs)]

pub use http;
pub use regress;
pub use serde;
pub use serde_json;
/// tower, whose services and layers the client's transports are (feature `client`).
#[cfg(feature = "client")]
pub use tower;

mod checks;
#[cfg(feature = "client")]
pub mod client;
/// Credentials for a spec's security schemes.
pub mod credentials;
mod fields;
mod file;
#[cfg(feature = "formats")]
mod formats;
mod newtype;
pub mod operation;
mod path;
mod pattern;
pub mod server;
mod structs;
mod tagged;
#[cfg(feature = "webhooks")]
pub mod webhooks;

/// Without the `axum` feature, an operation's axum impls are left out.
#[cfg(not(feature = "axum"))]
#[doc(hidden)]
#[macro_export]
macro_rules! axum_impls {
    ($($anything:tt)*) => {};
}

pub use checks::{Checked, Each, Pattern, Present, Rule, Rules, check, check_secret};
pub use fields::{Redacted, present, required_nullable, some, string_variant};
pub use file::File;
#[cfg(feature = "formats")]
pub use formats::Format;
pub use newtype::{Invalid, read_valid, valid};
pub use path::{Path, Segment, Violation};
pub use pattern::CompiledPattern;
pub use structs::{Fields, FromMap, Items, StructWriter, from_map};
pub use tagged::{Alternative, from_value, tag, unknown_tag, untagged};

#[cfg(test)]
mod tests {
    /// Found by the `runtime` fuzz target: without serde_json's `float_roundtrip`, reading
    /// back a written float could move its last digit.
    #[test]
    fn floats_read_back_exactly_what_was_written() {
        for text in [
            "-92233700000000548496740",
            "0.1",
            "1e-300",
            "2.2250738585072014e-308",
        ] {
            let value: f64 = serde_json::from_str(text).unwrap();
            let again: f64 = serde_json::from_str(&serde_json::to_string(&value).unwrap()).unwrap();
            assert_eq!(value.to_bits(), again.to_bits(), "{text}");
        }
    }

    #[test]
    fn string_variants_read_by_index_and_refuse_others_as_serde_does() {
        let read = |json: &str| -> Result<usize, String> {
            let mut de = serde_json::Deserializer::from_str(json);
            crate::string_variant(&mut de, &["open", "closed"]).map_err(|e| e.to_string())
        };
        assert_eq!(read(r#""closed""#), Ok(1));
        // An escaped string is not borrowed, and still matches.
        assert_eq!(read(r#""\u006fpen""#), Ok(0));
        let unknown = read(r#""Open""#).unwrap_err();
        assert!(
            unknown.starts_with("unknown variant `Open`, expected `open` or `closed`"),
            "{unknown}"
        );
        assert!(
            read("1")
                .unwrap_err()
                .starts_with("invalid type: integer `1`")
        );
    }
}
