//! Field helpers: null versus absent, redaction, and closed string enums.

use serde::{Deserialize, Deserializer, de};

/// Shown by `Debug` in place of a secret.
pub struct Redacted;

impl std::fmt::Debug for Redacted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A required key that may be `null`: with `deserialize_with`, serde reports a missing key
/// instead of quietly defaulting the `Option` to `None`.
pub fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    <Option<T> as Deserialize>::deserialize(deserializer)
}

/// An optional key that may be `null`: present `null` is `Some(None)`, while a missing key
/// takes the field's default, `None`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    <Option<T> as Deserialize>::deserialize(deserializer).map(Some)
}

/// An optional key whose type reads `null` itself (any JSON value): a present `null` is
/// `Some(Value::Null)`, while a missing key takes the field's default, `None`.
pub fn some<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// Reads a string that must be one of `values` and returns its index: the whole deserializer
/// of a closed string enum, shared so that each enum's impl is a `match` on the index rather
/// than serde's derived identifier visitor (less code for rustc per enum). The
/// string is borrowed where the format allows, and an unlisted one is serde's own
/// "unknown variant" error.
pub fn string_variant<'de, D>(
    deserializer: D,
    values: &'static [&'static str],
) -> Result<usize, D::Error>
where
    D: Deserializer<'de>,
{
    struct Variant(&'static [&'static str]);
    impl de::Visitor<'_> for Variant {
        type Value = usize;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "one of {:?}", self.0)
        }
        fn visit_str<E: de::Error>(self, value: &str) -> Result<usize, E> {
            self.0
                .iter()
                .position(|v| *v == value)
                .ok_or_else(|| E::unknown_variant(value, self.0))
        }
    }
    deserializer.deserialize_str(Variant(values))
}
