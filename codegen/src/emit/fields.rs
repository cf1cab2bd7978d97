//! Per-field support items: `default` functions, validation functions and the redacting
//! `Debug` impl.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Emitter, ident};
use crate::ir::{DefaultValue, Field, Presence, Prim, Struct, TypeId, TypeRef};
use crate::schema::Literal;

impl Emitter<'_> {
    /// The expression a default function returns.
    pub(super) fn default_expr(&self, field: &Field) -> TokenStream {
        let value = match field
            .default
            .as_ref()
            .expect("names gives defaults only to fields with one")
        {
            DefaultValue::Literal(literal) => match (literal, &field.ty) {
                (Literal::String(s), _) => quote! { #s.to_owned() },
                (Literal::Bool(b), _) => quote! { #b },
                (Literal::Int(i), _) => {
                    let i = proc_macro2::Literal::i64_unsuffixed(*i);
                    quote! { #i }
                }
                (Literal::UInt(u), _) => {
                    let u = proc_macro2::Literal::u64_unsuffixed(*u);
                    quote! { #u }
                }
                (Literal::Float(f), _) => {
                    let f = proc_macro2::Literal::f64_unsuffixed(*f);
                    quote! { #f }
                }
                (Literal::Null | Literal::Composite, _) => unreachable!("not a default literal"),
            },
            DefaultValue::Variant(id, index) => {
                let ty = self.type_path(*id);
                let variant = ident(&self.names.variants(self.ir.definition(*id))[*index].ident);
                quote! { #ty::#variant }
            }
            DefaultValue::Json(index, _) => {
                let json: &str = &self.ir.defaults[*index];
                // A long string default of a `String` field is written as the string.
                let string = matches!(field.ty, TypeRef::Prim(Prim::String))
                    .then(|| serde_json::from_str::<String>(json).ok())
                    .flatten();
                match string {
                    Some(s) => quote! { #s.to_owned() },
                    None => quote! {
                        serde_json::from_str(#json).expect("typewright checked this default against the schema")
                    },
                }
            }
        };
        match field.presence {
            Presence::RequiredNullable => quote! { Some(#value) },
            _ => value,
        }
    }

    /// The statics (compiled patterns) and the `Rule`s that check the field's validation
    /// keywords, as the runtime's `check` takes them.
    pub(super) fn check_rules(field: &Field) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let checks = field
            .checks
            .as_ref()
            .expect("names gives checks only to fields with some");
        let mut rules = Vec::new();
        let mut statics = Vec::new();
        if let Some(min) = checks.min_length {
            rules.push(quote! { ::typewright_runtime::Rule::MinLength(#min) });
        }
        if let Some(max) = checks.max_length {
            rules.push(quote! { ::typewright_runtime::Rule::MaxLength(#max) });
        }
        for (index, pattern) in checks.bounds.patterns.iter().enumerate() {
            let (source, flags) = (pattern.value.source.as_str(), pattern.value.flags.as_str());
            // A fixed name inside a function or block: it names nothing outside, so emit
            // picks it.
            let cell = if index == 0 {
                format_ident!("PATTERN")
            } else {
                format_ident!("PATTERN_{}", index)
            };
            statics.push(quote! {
                static #cell: ::typewright_runtime::Pattern = ::typewright_runtime::Pattern::with_flags(#source, #flags);
            });
            rules.push(quote! { ::typewright_runtime::Rule::Pattern(&#cell) });
        }
        let b = &checks.bounds;
        for (bound, variant) in [
            (b.minimum, quote! { Minimum }),
            (b.maximum, quote! { Maximum }),
            (b.exclusive_minimum, quote! { ExclusiveMinimum }),
            (b.exclusive_maximum, quote! { ExclusiveMaximum }),
            (b.multiple_of, quote! { MultipleOf }),
        ] {
            if let Some(bound) = bound {
                let bound = proc_macro2::Literal::f64_suffixed(bound);
                rules.push(quote! { ::typewright_runtime::Rule::#variant(#bound) });
            }
        }
        for (count, variant) in [
            (b.min_items, quote! { MinItems }),
            (b.max_items, quote! { MaxItems }),
            (b.min_properties, quote! { MinProperties }),
            (b.max_properties, quote! { MaxProperties }),
        ] {
            if let Some(count) = count {
                rules.push(quote! { ::typewright_runtime::Rule::#variant(#count) });
            }
        }
        if b.unique_items {
            rules.push(quote! { ::typewright_runtime::Rule::UniqueItems });
        }
        (statics, rules)
    }

    /// A `deserialize_with` function that checks the field's validation keywords.
    pub(super) fn check_fn(&mut self, field: &Field, check: &str) -> TokenStream {
        let (statics, rules) = Self::check_rules(field);
        let wire = field.wire_name.as_str();
        let check = ident(check);
        // A secret's value stays out of the error message, as it stays out of `Debug`.
        let checker = if field.secret {
            format_ident!("check_secret")
        } else {
            format_ident!("check")
        };
        // Optional and nullable: a present value, even `null`, is `Some`.
        let present =
            field.presence == Presence::Optional && matches!(field.ty, TypeRef::Option(_));
        // The value's type is left to inference from the field: spelled out, a nested
        // `Option<Option<Vec<..>>>` would trip clippy's `type_complexity`.
        let (output, map) = match present {
            true => (quote! { Option<T> }, quote! { .map(Some) }),
            false => (quote! { T }, TokenStream::new()),
        };
        quote! {
            fn #check<'de, D, T>(deserializer: D) -> Result<#output, D::Error>
            where
                D: serde::Deserializer<'de>,
                T: serde::Deserialize<'de> + ::typewright_runtime::Checked,
            {
                #(#statics)*
                ::typewright_runtime::#checker(deserializer, #wire, &[#(#rules),*]) #map
            }
        }
    }

    /// A `Debug` impl that prints `<redacted>` for secret fields.
    pub(super) fn redacted_debug(&mut self, id: TypeId, s: &Struct) -> TokenStream {
        let name = ident(self.names.ty(id));
        let label = self.names.ty(id);
        let entries = s.fields.iter().zip(self.names.fields(id)).map(|(field, names)| {
            let member = &names.field;
            let field_ident = ident(&member.ident);
            let shown = member.ident.trim_start_matches("r#");
            let value = match (field.secret, field.presence) {
                (false, _) => quote! { &self.#field_ident },
                (true, Presence::Required) => quote! { &::typewright_runtime::Redacted },
                (true, _) => quote! { &self.#field_ident.as_ref().map(|_| ::typewright_runtime::Redacted) },
            };
            quote! { .field(#shown, #value) }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#label) #(#entries)* .finish()
                }
            }
        }
    }
}
