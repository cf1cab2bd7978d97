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
    Check,
    /// `Check` with `pattern` support, which needs the `regress` crate.
    Pattern,
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

    pub fn tokens(&self, map: crate::ir::MapType) -> TokenStream {
        if self.used.is_empty() {
            return TokenStream::new();
        }
        let patterns = self.used.contains(&Helper::Pattern);
        let items = self
            .used
            .iter()
            .map(|helper| helper_tokens(*helper, patterns, map));
        quote! {
            /// Support code for the generated types.
            mod __typewright {
                #(#items)*
            }
        }
    }
}

fn helper_tokens(helper: Helper, patterns: bool, map: crate::ir::MapType) -> TokenStream {
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
        Helper::Pattern => TokenStream::new(),
        Helper::Check => check_tokens(patterns, map),
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

/// The validation rules and the `check` function that `deserialize_with` functions call.
fn check_tokens(patterns: bool, map: crate::ir::MapType) -> TokenStream {
    let map = crate::emit::map_tokens(map);
    let (pattern_variant, pattern_arm) = if patterns {
        (
            quote! {
                /// `pattern`, compiled on first use (ECMAScript syntax, as JSON Schema says).
                Pattern(&'static str, &'static ::std::sync::OnceLock<regress::Regex>),
            },
            quote! {
                Rule::Pattern(source, cell) => {
                    let regex = cell.get_or_init(|| {
                        regress::Regex::new(source).expect("typewright checked the pattern")
                    });
                    regex
                        .find(self)
                        .is_none()
                        .then(|| format!("`{self}` does not match the pattern `{source}`"))
                }
            },
        )
    } else {
        (TokenStream::new(), TokenStream::new())
    };
    quote! {
        /// A validation keyword of the spec.
        // Only the rules some field uses are ever constructed.
        #[allow(dead_code)]
        pub(crate) enum Rule {
            MinLength(u64),
            MaxLength(u64),
            #pattern_variant
            Minimum(f64),
            Maximum(f64),
            ExclusiveMinimum(f64),
            ExclusiveMaximum(f64),
            MultipleOf(f64),
            MinItems(u64),
            MaxItems(u64),
            UniqueItems,
            MinProperties(u64),
            MaxProperties(u64),
        }

        /// A value that rules can inspect; each kind of value answers the rules about it.
        pub(crate) trait Checked {
            /// Why the value breaks `rule`, if it does.
            fn violation(&self, rule: &Rule) -> Option<String>;
        }

        impl Checked for String {
            fn violation(&self, rule: &Rule) -> Option<String> {
                // JSON Schema counts code points, not bytes.
                let length = || self.chars().count() as u64;
                match *rule {
                    Rule::MinLength(min) if length() < min => Some(format!(
                        "length {} is below the minimum of {min}", length()
                    )),
                    Rule::MaxLength(max) if length() > max => Some(format!(
                        "length {} is above the maximum of {max}", length()
                    )),
                    #pattern_arm
                    _ => None,
                }
            }
        }

        fn number_violation(n: f64, rule: &Rule) -> Option<String> {
            match *rule {
                Rule::Minimum(m) if n < m => Some(format!("{n} is below the minimum of {m}")),
                Rule::Maximum(m) if n > m => Some(format!("{n} is above the maximum of {m}")),
                Rule::ExclusiveMinimum(m) if n <= m => Some(format!("{n} is not above {m}")),
                Rule::ExclusiveMaximum(m) if n >= m => Some(format!("{n} is not below {m}")),
                Rule::MultipleOf(m) if m > 0.0 && ((n / m) - (n / m).round()).abs() > 1e-9 => {
                    Some(format!("{n} is not a multiple of {m}"))
                }
                _ => None,
            }
        }

        macro_rules! checked_number {
            ($($t:ty),*) => {$(
                impl Checked for $t {
                    fn violation(&self, rule: &Rule) -> Option<String> {
                        number_violation(f64::from(*self), rule)
                    }
                }
            )*};
        }
        checked_number!(i8, i16, i32, u8, u16, u32, f32, f64);

        macro_rules! checked_wide_number {
            ($($t:ty),*) => {$(
                impl Checked for $t {
                    fn violation(&self, rule: &Rule) -> Option<String> {
                        // Bounds are f64 in the spec too; a huge value may round.
                        number_violation(*self as f64, rule)
                    }
                }
            )*};
        }
        checked_wide_number!(i64, u64);

        impl<T: PartialEq> Checked for Vec<T> {
            fn violation(&self, rule: &Rule) -> Option<String> {
                let count = self.len() as u64;
                match *rule {
                    Rule::MinItems(min) if count < min => {
                        Some(format!("{count} items, below the minimum of {min}"))
                    }
                    Rule::MaxItems(max) if count > max => {
                        Some(format!("{count} items, above the maximum of {max}"))
                    }
                    Rule::UniqueItems => self
                        .iter()
                        .enumerate()
                        .any(|(i, item)| self[..i].contains(item))
                        .then(|| "the items are not unique".to_string()),
                    _ => None,
                }
            }
        }

        impl<T> Checked for #map<String, T> {
            fn violation(&self, rule: &Rule) -> Option<String> {
                let count = self.len() as u64;
                match *rule {
                    Rule::MinProperties(min) if count < min => {
                        Some(format!("{count} keys, below the minimum of {min}"))
                    }
                    Rule::MaxProperties(max) if count > max => {
                        Some(format!("{count} keys, above the maximum of {max}"))
                    }
                    _ => None,
                }
            }
        }

        impl<T: Checked> Checked for Option<T> {
            fn violation(&self, rule: &Rule) -> Option<String> {
                self.as_ref().and_then(|value| value.violation(rule))
            }
        }

        /// Deserializes a value and checks it against `rules`, naming the field on failure.
        pub(crate) fn check<'de, D, T>(deserializer: D, field: &str, rules: &[Rule]) -> Result<T, D::Error>
        where
            D: serde::Deserializer<'de>,
            T: serde::Deserialize<'de> + Checked,
        {
            let value = T::deserialize(deserializer)?;
            for rule in rules {
                if let Some(problem) = value.violation(rule) {
                    return Err(serde::de::Error::custom(format_args!(
                        "invalid value for `{field}`: {problem}"
                    )));
                }
            }
            Ok(value)
        }
    }
}
