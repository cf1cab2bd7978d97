//! Field helpers: null versus absent, and redaction.

use serde::{Deserialize, Deserializer};

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
