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

/// One alternative of an untagged union: the keys its struct declares (`None` when it
/// takes any object, or is no struct), and how to read it.
pub type Alternative<T> = (
    Option<&'static [&'static str]>,
    fn(Value) -> Result<T, serde_json::Error>,
);

/// An untagged union of objects whose properties are all optional: several alternatives may
/// read the same value, each keeping only its own keys. The first alternative (in the
/// generated order, most specific first) that reads the value and declares every key it has
/// wins, so nothing is dropped; if none declares them all, the first that reads it.
pub fn untagged<T, E: Error>(
    value: Value,
    name: &str,
    alternatives: &[Alternative<T>],
) -> Result<T, E> {
    let mut first = None;
    for (declared, read) in alternatives {
        let Ok(read) = read(value.clone()) else {
            continue;
        };
        let keeps_every_key = match (declared, value.as_object()) {
            (Some(declared), Some(object)) => object.keys().all(|k| declared.contains(&k.as_str())),
            _ => true,
        };
        if keeps_every_key {
            return Ok(read);
        }
        first.get_or_insert(read);
    }
    first.ok_or_else(|| {
        E::custom(format_args!(
            "data did not match any variant of untagged enum {name}"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Config {
        Window(Value),
        Timeout(Value),
    }

    const ALTERNATIVES: &[Alternative<Config>] = &[
        (Some(&["window"]), |v| Ok(Config::Window(v))),
        (Some(&["timeout"]), |v| Ok(Config::Timeout(v))),
    ];

    #[test]
    fn the_alternative_that_keeps_every_key_wins() {
        let value = serde_json::json!({"timeout": 2});
        let read: Result<Config, serde_json::Error> =
            untagged(value.clone(), "Config", ALTERNATIVES);
        assert_eq!(read.unwrap(), Config::Timeout(value));
        // No alternative declares `other`: the first that reads it.
        let value = serde_json::json!({"other": 1});
        let read: Result<Config, serde_json::Error> =
            untagged(value.clone(), "Config", ALTERNATIVES);
        assert_eq!(read.unwrap(), Config::Window(value));
    }
}
