//! Discriminated unions: read the tag, then the variant's own type from the same value.

use serde::Serialize;

use crate::path::{Path, Segment};
use serde::de::{DeserializeOwned, Error};
use serde_json::Value;

/// The tag of a discriminated union; the tag stays in the value, because each variant's type
/// declares it as a field of its own.
pub fn tag<E: Error>(value: &Value, property: &str) -> Result<String, E> {
    match value.get(property) {
        Some(Value::String(tag)) => Ok(tag.clone()),
        Some(other) => Err(at_tag(
            property,
            &format_args!("expected a string, found {other}"),
        )),
        None if value.is_object() => Err(E::custom(format_args!("missing field `{property}`"))),
        None => Err(E::custom(format_args!(
            "expected an object with a `{property}` field"
        ))),
    }
}

/// The error for a tag no variant has.
pub fn unknown_tag<E: Error>(property: &str, found: &str, expected: &[&str]) -> E {
    at_tag(
        property,
        &format_args!(
            "unknown tag `{found}`, expected one of: {}",
            expected.join(", ")
        ),
    )
}

/// An error at the tag property: `kind: unknown tag ..`, a path the reads around extend.
fn at_tag<E: Error>(property: &str, problem: &dyn std::fmt::Display) -> E {
    crate::path::error_at(&Path::root().under(Segment::Key(property)), problem)
}

/// A variant's value, with serde_json's error turned into the caller's.
pub fn from_value<T: DeserializeOwned, E: Error>(value: Value) -> Result<T, E> {
    serde_json::from_value(value).map_err(E::custom)
}

/// One alternative of an untagged union: how to read it.
pub type Alternative<T> = fn(Value) -> Result<T, serde_json::Error>;

/// An untagged union whose alternatives include objects that take undeclared keys: several
/// may read the same value, each keeping only the keys it declares. The first alternative (in
/// the generated order, most specific first) that reads the value and writes back every key
/// it has, at any depth, wins. If none keeps them all, the first whose reading is stable wins
/// (what it writes reads back as the same alternative), else the first that reads it: the
/// value is valid, and refusing it would refuse what the schema accepts, but it no longer
/// reads back as the same alternative (`{"window": "x"}` read as a `Timeout` of optional
/// fields writes `{}`, which the first alternative, `Window`, takes). An alternative that
/// writes another kind of JSON value than it read (a struct read from an array, which serde's
/// derive allows) does not count: the value would not read back as the same alternative.
pub fn untagged<T: Serialize, E: Error>(
    value: Value,
    name: &str,
    alternatives: &[Alternative<T>],
) -> Result<T, E> {
    let mut lossy = Vec::new();
    for (index, read) in alternatives.iter().enumerate() {
        if let Some((read, written)) = read_same_kind(read, &value) {
            if keeps_keys(&value, &written) {
                return Ok(read);
            }
            lossy.push((index, read, written));
        }
    }
    let stable = lossy
        .iter()
        .position(|(index, _, written)| keeper(alternatives, written) == Some(*index))
        .unwrap_or(0);
    match lossy.into_iter().nth(stable) {
        Some((_, read, _)) => Ok(read),
        None => Err(E::custom(format_args!(
            "data did not match any variant of untagged enum {name}"
        ))),
    }
}

/// The alternative's reading of `value` and what it writes, if it writes the same kind of
/// JSON value.
fn read_same_kind<T: Serialize>(read: &Alternative<T>, value: &Value) -> Option<(T, Value)> {
    let read = read(value.clone()).ok()?;
    let written = serde_json::to_value(&read).ok()?;
    (std::mem::discriminant(&written) == std::mem::discriminant(value)).then_some((read, written))
}

/// The first alternative that reads `value` and keeps every key of it.
fn keeper<T: Serialize>(alternatives: &[Alternative<T>], value: &Value) -> Option<usize> {
    alternatives.iter().position(|read| {
        read_same_kind(read, value).is_some_and(|(_, written)| keeps_keys(value, &written))
    })
}

/// Whether every object key of `given` is in `written` too, at every depth.
fn keeps_keys(given: &Value, written: &Value) -> bool {
    match (given, written) {
        (Value::Object(given), Value::Object(written)) => given
            .iter()
            .all(|(key, value)| written.get(key).is_some_and(|kept| keeps_keys(value, kept))),
        (Value::Array(given), Value::Array(written)) => {
            given.len() == written.len() && given.iter().zip(written).all(|(g, w)| keeps_keys(g, w))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Window {
        window: Option<u32>,
    }

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Timeout {
        timeout: Option<u32>,
    }

    #[derive(Debug, PartialEq, serde::Serialize)]
    #[serde(untagged)]
    enum Config {
        Window(Window),
        Timeout(Timeout),
    }

    const ALTERNATIVES: &[Alternative<Config>] = &[
        |v| serde_json::from_value(v).map(Config::Window),
        |v| serde_json::from_value(v).map(Config::Timeout),
    ];

    #[test]
    fn the_alternative_that_keeps_every_key_wins() {
        let value = serde_json::json!({"timeout": 2});
        let read: Result<Config, serde_json::Error> = untagged(value, "Config", ALTERNATIVES);
        assert_eq!(read.unwrap(), Config::Timeout(Timeout { timeout: Some(2) }));
        // No alternative keeps `other`: the first that reads it.
        let value = serde_json::json!({"other": 1});
        let read: Result<Config, serde_json::Error> = untagged(value, "Config", ALTERNATIVES);
        assert_eq!(read.unwrap(), Config::Window(Window { window: None }));
        // A struct reads an array of its fields too, but writes an object: not a match.
        let read: Result<Config, serde_json::Error> =
            untagged(serde_json::json!([null]), "Config", ALTERNATIVES);
        assert!(read.is_err());
        let read: Result<Config, serde_json::Error> =
            untagged(serde_json::json!("x"), "Config", ALTERNATIVES);
        assert_eq!(
            read.unwrap_err().to_string(),
            "data did not match any variant of untagged enum Config"
        );
    }

    #[test]
    fn keys_are_kept_or_not_at_every_depth() {
        let given = serde_json::json!({"errors": [{"id": "a", "message": "m"}]});
        assert!(keeps_keys(&given, &given));
        let written = serde_json::json!({"errors": [{"message": "m"}]});
        assert!(!keeps_keys(&given, &written));
    }
}
