//! Enums of literal values, with small hand-written serde impls: closed string enums read
//! through one shared runtime function, open enums and numbers and booleans by value. A
//! closed string enum the user adds attributes to derives serde, for derives that read it.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::docs::doc_attrs;
use super::{Emitter, derives, ident, match_position};
use crate::ir::{Enum, TypeDef, TypeId};
use crate::words::Literal;

impl Emitter<'_> {
    pub(super) fn enumeration(
        &mut self,
        id: TypeId,
        def: &TypeDef,
        e: &Enum,
        docs: TokenStream,
    ) -> TokenStream {
        let name = ident(self.names.ty(id));
        let members = self.names.variants(id);
        // Hand-written serde impls are far less for rustc to check than serde's derive. But a
        // derive the user adds (`schemars::JsonSchema`) reads `#[serde(rename)]`, so a closed
        // string enum with attributes of the user's keeps serde's derive and its renames.
        let string = !e.open && e.all_strings();
        let derived = string && self.type_attributes(id).next().is_some();
        let derive_tokens = derives(def.derives, true, derived, derived);
        let unknown_ty = if e.all_strings() {
            quote! { String }
        } else {
            quote! { serde_json::Value }
        };
        let mut variants: Vec<TokenStream> = e
            .values
            .iter()
            .zip(members)
            .enumerate()
            .map(|(i, (value, v))| {
                let variant = ident(&v.ident);
                let doc = doc_attrs(&[format!("`{}`", literal_text(value))]);
                let rename = derived
                    .then_some(v.rename.as_ref())
                    .flatten()
                    .map(|r| quote! { #[serde(rename = #r)] });
                let default = (def.derives.default && i == 0).then(|| quote! { #[default] });
                quote! { #doc #default #rename #variant }
            })
            .collect();
        if let Some(unknown) = self.names.unknown(id) {
            let unknown = ident(unknown);
            variants.push(quote! {
                /// A value the spec does not list, kept as it was received.
                #unknown(#unknown_ty)
            });
        }
        let impls = if derived {
            None
        } else if string {
            Some(self.string_enum_impls(id, e))
        } else {
            Some(self.enum_impls(id, e))
        };
        let lint = variant_names_lint(self.names.ty(id), &self.names.variant_idents(id));
        quote! {
            #docs
            #derive_tokens
            #lint
            pub enum #name { #(#variants,)* }
            #impls
        }
    }

    /// `Serialize` and `Deserialize` for a closed enum of strings: the value's text, and
    /// [`string_variant`](typewright_runtime::string_variant)'s index back to the variant.
    fn string_enum_impls(&mut self, id: TypeId, e: &Enum) -> TokenStream {
        let name = ident(self.names.ty(id));
        let known = self.variant_idents(id);
        let texts: Vec<&str> = e
            .values
            .iter()
            .map(|v| match v {
                Literal::String(s) => s.as_str(),
                _ => unreachable!("all strings"),
            })
            .collect();
        let read = quote! { ::typewright_runtime::string_variant(deserializer, &[#(#texts),*])? };
        let body = match known.as_slice() {
            [only] => quote! {
                #read;
                Ok(Self::#only)
            },
            [_, _, ..] => {
                let arms: Vec<TokenStream> = known.iter().map(|v| quote! { Self::#v }).collect();
                let choice = match_position(read, &arms);
                quote! { Ok(#choice) }
            }
            // `enum: []` has a value type instead (W0003): no enum is generated for it.
            [] => quote! { Err(serde::de::Error::custom("no value is allowed")) },
        };
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serializer.serialize_str(match self {
                        #(Self::#known => #texts,)*
                    })
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #body
                }
            }
        }
    }

    fn variant_idents(&self, id: TypeId) -> Vec<Ident> {
        let variants = self.names.variants(id);
        variants.iter().map(|m| ident(&m.ident)).collect()
    }

    /// `Serialize` and `Deserialize` for open enums and enums of non-string values.
    fn enum_impls(&mut self, id: TypeId, e: &Enum) -> TokenStream {
        let name = ident(self.names.ty(id));
        let known = self.variant_idents(id);
        let unknown = self.names.unknown(id).map(ident);
        let serialize_arms = e.values.iter().zip(&known).map(|(value, variant)| {
            let call = match value {
                Literal::String(s) => quote! { serializer.serialize_str(#s) },
                Literal::Bool(b) => quote! { serializer.serialize_bool(#b) },
                Literal::Int(i) => quote! { serializer.serialize_i64(#i) },
                Literal::UInt(u) => quote! { serializer.serialize_u64(#u) },
                Literal::Float(f) => {
                    let f = proc_macro2::Literal::f64_suffixed(*f);
                    quote! { serializer.serialize_f64(#f) }
                }
                Literal::Null | Literal::Composite => unreachable!("not enum variants"),
            };
            quote! { Self::#variant => #call }
        });
        let unknown_serialize = unknown.as_ref().map(|unknown| {
            quote! { Self::#unknown(value) => serde::Serialize::serialize(value, serializer), }
        });
        let expected: Vec<String> = e.values.iter().map(literal_text).collect();
        let expected = expected.join(", ");
        let deserialize_body = if e.all_strings() {
            let arms = e.values.iter().zip(&known).map(|(value, variant)| {
                let Literal::String(s) = value else {
                    unreachable!("all strings")
                };
                quote! { #s => Ok(Self::#variant) }
            });
            let fallback = match &unknown {
                Some(unknown) => quote! { _ => Ok(Self::#unknown(value)) },
                None => quote! {
                    other => Err(serde::de::Error::custom(format_args!(
                        "unknown value `{other}`, expected one of: {}", #expected
                    )))
                },
            };
            quote! {
                let value = <String as serde::Deserialize>::deserialize(deserializer)?;
                match value.as_str() {
                    #(#arms,)*
                    #fallback,
                }
            }
        } else {
            let checks = e.values.iter().zip(&known).map(|(value, variant)| {
                let test = match value {
                    Literal::String(s) => quote! { value.as_str() == Some(#s) },
                    Literal::Bool(b) => quote! { value.as_bool() == Some(#b) },
                    Literal::Int(i) => quote! { value.as_i64() == Some(#i) },
                    Literal::UInt(u) => quote! { value.as_u64() == Some(#u) },
                    Literal::Float(f) => {
                        let f = proc_macro2::Literal::f64_suffixed(*f);
                        quote! { value.as_f64() == Some(#f) }
                    }
                    Literal::Null | Literal::Composite => unreachable!("not enum variants"),
                };
                quote! { if #test { return Ok(Self::#variant); } }
            });
            // An open enum keeps values it does not list, but only of the kinds it lists: an
            // open enum of integers still refuses a string.
            let has = |f: fn(&Literal) -> bool| e.values.iter().any(f);
            let mut kinds = Vec::new();
            if has(|v| matches!(v, Literal::Float(_))) {
                kinds.push(quote! { value.is_number() });
            } else if has(|v| matches!(v, Literal::Int(_) | Literal::UInt(_))) {
                kinds.push(quote! { value.is_i64() || value.is_u64() });
            }
            if has(|v| matches!(v, Literal::Bool(_))) {
                kinds.push(quote! { value.is_boolean() });
            }
            if has(|v| matches!(v, Literal::String(_))) {
                kinds.push(quote! { value.is_string() });
            }
            let fallback = match &unknown {
                Some(unknown) => quote! {
                    if #(#kinds)||* {
                        Ok(Self::#unknown(value))
                    } else {
                        Err(serde::de::Error::custom(format_args!(
                            "invalid value `{value}`, expected one of: {} or another value of that kind", #expected
                        )))
                    }
                },
                None => quote! {
                    Err(serde::de::Error::custom(format_args!(
                        "unknown value `{value}`, expected one of: {}", #expected
                    )))
                },
            };
            quote! {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                #(#checks)*
                #fallback
            }
        };
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    match self {
                        #(#serialize_arms,)*
                        #unknown_serialize
                    }
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    #deserialize_body
                }
            }
        }
    }
}

/// Variant names come from the spec's values and types, so they may share a word
/// (`PayUpfront`, `PayDirectly`); clippy's `enum_variant_names` would ask to drop it, which
/// would lose the spec's names.
pub(super) fn variant_names_lint(enum_name: &str, variants: &[&str]) -> Option<TokenStream> {
    let words = |name: &str| -> Vec<String> {
        let mut words = Vec::new();
        for c in name.trim_start_matches("r#").chars() {
            if c.is_uppercase() || words.is_empty() {
                words.push(String::new());
            }
            words.last_mut().expect("pushed").push(c);
        }
        words
    };
    let all: Vec<Vec<String>> = variants.iter().map(|v| words(v)).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = all.first().and_then(pick);
        all.len() > 1 && first.is_some() && all.iter().all(|w| pick(w) == first)
    };
    let names_the_enum = variants
        .iter()
        .any(|v| v.starts_with(enum_name) || v.ends_with(enum_name));
    (shared(|w| w.first()) || shared(|w| w.last()) || names_the_enum)
        .then(|| quote! { #[allow(clippy::enum_variant_names)] })
}

/// A literal as the spec wrote it, for docs and error messages.
fn literal_text(value: &Literal) -> String {
    match value {
        Literal::String(s) => s.clone(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::UInt(u) => u.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Null => "null".into(),
        Literal::Composite => "..".into(),
    }
}
