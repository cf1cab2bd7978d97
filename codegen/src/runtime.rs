//! The support code generated types call into, emitted as a private `__typewright` module
//! beside the spec modules, and only with the helpers the types use.
//!
//! Keeping it in the output (not in a runtime crate) means the generated crate depends on
//! nothing but serde and serde_json.

use std::collections::BTreeSet;

use proc_macro2::TokenStream;
use quote::quote;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Helper {
    Redacted,
    RequiredNullable,
    Present,
    CheckLength,
    Tagged,
}

/// The helpers used so far; an ordered set so the output is deterministic.
#[derive(Debug, Default)]
pub struct Helpers {
    used: BTreeSet<Helper>,
}

impl Helpers {
    pub fn use_helper(&mut self, helper: Helper) {
        self.used.insert(helper);
    }

    pub fn tokens(&self) -> TokenStream {
        if self.used.is_empty() {
            return TokenStream::new();
        }
        let items = self.used.iter().map(|helper| helper_tokens(*helper));
        quote! {
            /// Support code for the generated types.
            mod __typewright {
                #(#items)*
            }
        }
    }
}

fn helper_tokens(helper: Helper) -> TokenStream {
    match helper {
        Helper::Redacted => quote! {
            /// Shown by `Debug` in place of a secret.
            pub(crate) struct Redacted;

            impl ::std::fmt::Debug for Redacted {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str("<redacted>")
                }
            }
        },
        Helper::RequiredNullable => quote! {
            /// A required key that may be `null`: with `deserialize_with`, serde reports a
            /// missing key instead of quietly defaulting the `Option` to `None`.
            pub(crate) fn required_nullable<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de>,
            {
                <Option<T> as serde::Deserialize>::deserialize(deserializer)
            }
        },
        Helper::Present => quote! {
            /// An optional key that may be `null`: present `null` is `Some(None)`, while a
            /// missing key takes the field's default, `None`.
            pub(crate) fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de>,
            {
                <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
            }
        },
        Helper::CheckLength => quote! {
            /// Values whose length `minLength`/`maxLength` constrain.
            pub(crate) trait Length {
                /// Length in Unicode code points, as JSON Schema counts; `None` for a null.
                fn length(&self) -> Option<u64>;
            }

            impl Length for String {
                fn length(&self) -> Option<u64> {
                    Some(self.chars().count() as u64)
                }
            }

            impl Length for Option<String> {
                fn length(&self) -> Option<u64> {
                    self.as_ref().and_then(Length::length)
                }
            }

            /// Deserializes a string and checks its length, naming the field on failure.
            pub(crate) fn check_length<'de, D, T>(
                deserializer: D,
                field: &str,
                min: Option<u64>,
                max: Option<u64>,
            ) -> Result<T, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de> + Length,
            {
                let value = T::deserialize(deserializer)?;
                if let Some(length) = value.length() {
                    if let Some(min) = min.filter(|min| length < *min) {
                        return Err(serde::de::Error::custom(format_args!(
                            "invalid value for `{field}`: length {length} is below the minimum of {min}"
                        )));
                    }
                    if let Some(max) = max.filter(|max| length > *max) {
                        return Err(serde::de::Error::custom(format_args!(
                            "invalid value for `{field}`: length {length} is above the maximum of {max}"
                        )));
                    }
                }
                Ok(value)
            }
        },
        Helper::Tagged => quote! {
            /// The tag of a discriminated union; the tag stays in the value, because each
            /// variant's type declares it as a field of its own.
            pub(crate) fn tag<E: serde::de::Error>(value: &serde_json::Value, property: &str) -> Result<String, E> {
                match value.get(property) {
                    Some(serde_json::Value::String(tag)) => Ok(tag.clone()),
                    Some(other) => Err(E::custom(format_args!(
                        "invalid value for `{property}`: expected a string, found {other}"
                    ))),
                    None if value.is_object() => Err(E::custom(format_args!("missing field `{property}`"))),
                    None => Err(E::custom(format_args!("expected an object with a `{property}` field"))),
                }
            }

            pub(crate) fn unknown_tag<E: serde::de::Error>(property: &str, found: &str, expected: &[&str]) -> E {
                E::custom(format_args!(
                    "invalid value for `{property}`: unknown tag `{found}`, expected one of: {}",
                    expected.join(", ")
                ))
            }

            pub(crate) fn from_value<T: serde::de::DeserializeOwned, E: serde::de::Error>(value: serde_json::Value) -> Result<T, E> {
                serde_json::from_value(value).map_err(E::custom)
            }
        },
    }
}
