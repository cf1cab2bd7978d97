//! Discriminated unions: read the tag, then the variant's own type from the same value.

use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// The tag of a discriminated union; the tag stays in the value, because each variant's type
/// declares it as a field of its own.
pub fn tag<E: Error>(value: &Value, property: &str) -> Result<String, E> {
    match value.get(property) {
        Some(Value::String(tag)) => Ok(tag.clone()),
        Some(other) => Err(E::custom(format_args!(
            "invalid value for `{property}`: expected a string, found {other}"
        ))),
        None if value.is_object() => Err(E::custom(format_args!("missing field `{property}`"))),
        None => Err(E::custom(format_args!(
            "expected an object with a `{property}` field"
        ))),
    }
}

/// The error for a tag no variant has.
pub fn unknown_tag<E: Error>(property: &str, found: &str, expected: &[&str]) -> E {
    E::custom(format_args!(
        "invalid value for `{property}`: unknown tag `{found}`, expected one of: {}",
        expected.join(", ")
    ))
}

/// A variant's value, with serde_json's error turned into the caller's.
pub fn from_value<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}
