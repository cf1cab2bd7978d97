//! Per-field support items: `default` functions, validation functions and the redacting
//! `Debug` impl.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::{Emitter, ident};
use crate::ir::{Checks, DefaultValue, Field, Presence, Prim, Struct, TypeId, TypeKind, TypeRef};
use crate::words::Literal;

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
        match (field.presence, &field.ty) {
            (Presence::RequiredNullable, _) | (Presence::Optional, TypeRef::Option(_)) => {
                quote! { Some(#value) }
            }
            _ => value,
        }
    }

    /// The statics (compiled patterns) and the `Rule`s that check the field's validation
    /// keywords of the value itself, as the runtime's `check` takes them.
    pub(super) fn check_rules(field: &Field) -> (Vec<TokenStream>, Vec<TokenStream>) {
        let checks = field
            .checks
            .as_ref()
            .expect("names gives checks only to fields with some");
        let mut statics = Vec::new();
        let rules = own_rules(checks, &mut statics);
        (statics, rules)
    }

    /// The rules of a value of type `ty` with `checks` that reach into its items or values:
    /// a tree of the runtime's `Each` (a collection and its items) and `Present` (the value
    /// inside an `Option`) over lists of rules. Returns the statics it needs, the tree as an
    /// expression, and its type (for a `static`).
    pub(super) fn nested_rules(&self, checks: &Checks, ty: &TypeRef) -> NestedRules {
        let mut statics = Vec::new();
        let (value, ty) = self.rules_tree(checks, ty, &mut statics);
        NestedRules { statics, value, ty }
    }

    fn rules_tree(
        &self,
        checks: &Checks,
        ty: &TypeRef,
        statics: &mut Vec<TokenStream>,
    ) -> (TokenStream, TokenStream) {
        let runtime = quote! { ::typewright_runtime };
        match self.through_aliases(ty) {
            TypeRef::Option(inner) => {
                let (value, ty) = self.rules_tree(checks, inner, statics);
                (
                    quote! { #runtime::Present(#value) },
                    quote! { #runtime::Present<#ty> },
                )
            }
            TypeRef::Vec(item) | TypeRef::Map(item) if checks.inner.is_some() => {
                let inner = checks.inner.as_deref().expect("matched");
                let before = statics.len();
                let own = own_rules(checks, statics);
                // `own` is `'static`: a list that refers to a static (a key pattern) is one.
                let own = match statics.len() > before {
                    false => quote! { &[#(#own),*] },
                    true => {
                        let name = format_ident!("OWN_{}", statics.len());
                        let count = proc_macro2::Literal::usize_unsuffixed(own.len());
                        statics
                            .push(quote! { static #name: [#runtime::Rule; #count] = [#(#own),*]; });
                        quote! { &#name }
                    }
                };
                let (items, items_ty) = self.rules_tree(inner, item, statics);
                (
                    quote! { #runtime::Each { own: #own, items: #items } },
                    quote! { #runtime::Each<#items_ty> },
                )
            }
            _ => {
                let own = own_rules(checks, statics);
                let count = proc_macro2::Literal::usize_unsuffixed(own.len());
                (quote! { [#(#own),*] }, quote! { [#runtime::Rule; #count] })
            }
        }
    }

    /// `ty` with the aliases of named types followed (a validated newtype is no alias).
    fn through_aliases<'t>(&'t self, mut ty: &'t TypeRef) -> &'t TypeRef {
        for _ in 0..self.ir.types.len() {
            match ty {
                TypeRef::Named(id) => match &self.ir.get(*id).kind {
                    TypeKind::Alias(inner) => ty = inner,
                    _ => break,
                },
                _ => break,
            }
        }
        ty
    }

    /// A `deserialize_with` function that checks the field's validation keywords.
    pub(super) fn check_fn(&mut self, field: &Field, check: &str) -> TokenStream {
        let checks = field
            .checks
            .as_ref()
            .expect("names gives checks only to fields with some");
        let check = ident(check);
        // A secret's value stays out of the error message, as it stays out of `Debug`.
        let checker = if field.secret {
            format_ident!("check_secret")
        } else {
            format_ident!("check")
        };
        // Optional and nullable: a present value, even `null`, is `Some`.
        let present = field.keeps_null();
        // The value's type is left to inference from the field: spelled out, a nested
        // `Option<Option<Vec<..>>>` would trip clippy's `type_complexity`.
        let (output, map) = match present {
            true => (quote! { Option<T> }, quote! { .map(Some) }),
            false => (quote! { T }, TokenStream::new()),
        };
        let (statics, rules, bounds) = match checks.is_nested() {
            false => {
                let (statics, rules) = Self::check_rules(field);
                let bounds = quote! { T: serde::Deserialize<'de> + ::typewright_runtime::Checked };
                (statics, quote! { &[#(#rules),*] }, bounds)
            }
            // `T` is left to inference; the rules' type is bound to check it.
            true => {
                let nested = self.nested_rules(checks, &read_type(field));
                let (value, ty) = (nested.value, nested.ty);
                let bounds = quote! {
                    T: serde::Deserialize<'de>,
                    #ty: ::typewright_runtime::Rules<T>
                };
                (nested.statics, quote! { &#value }, bounds)
            }
        };
        quote! {
            fn #check<'de, D, T>(deserializer: D) -> Result<#output, D::Error>
            where
                D: serde::Deserializer<'de>,
                #bounds,
            {
                #(#statics)*
                ::typewright_runtime::#checker(deserializer, #rules) #map
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

/// The rules of a value through its items and values (`Emitter::nested_rules`).
pub(super) struct NestedRules {
    /// The compiled patterns the rules refer to.
    pub statics: Vec<TokenStream>,
    /// The tree, as an expression.
    pub value: TokenStream,
    /// Its type.
    pub ty: TokenStream,
}

/// The `Rule`s of a value's own checks (not its items'), with a static for each pattern,
/// named `PATTERN`, `PATTERN_1`.. in the order the whole tree meets them.
fn own_rules(checks: &Checks, statics: &mut Vec<TokenStream>) -> Vec<TokenStream> {
    let mut rules = Vec::new();
    if let Some(min) = checks.min_length {
        rules.push(quote! { ::typewright_runtime::Rule::MinLength(#min) });
    }
    if let Some(max) = checks.max_length {
        rules.push(quote! { ::typewright_runtime::Rule::MaxLength(#max) });
    }
    for pattern in &checks.bounds.patterns {
        let cell = pattern_static(&pattern.value, statics);
        rules.push(quote! { ::typewright_runtime::Rule::Pattern(&#cell) });
    }
    if let Some(keys) = &checks.keys {
        let own = own_rules(keys, statics);
        let name = format_ident!("KEYS_{}", statics.len());
        let count = proc_macro2::Literal::usize_unsuffixed(own.len());
        statics.push(quote! {
            static #name: [::typewright_runtime::Rule; #count] = [#(#own),*];
        });
        rules.push(quote! { ::typewright_runtime::Rule::PropertyNames(&#name) });
    }
    if !checks.key_patterns.is_empty() {
        let cells: Vec<_> = checks
            .key_patterns
            .iter()
            .map(|pattern| pattern_static(pattern, statics))
            .collect();
        let name = format_ident!("KEY_PATTERNS_{}", statics.len());
        let count = proc_macro2::Literal::usize_unsuffixed(cells.len());
        statics.push(quote! {
            static #name: [&::typewright_runtime::Pattern; #count] = [#(&#cells),*];
        });
        rules.push(quote! { ::typewright_runtime::Rule::KeyPatterns(&#name) });
    }
    if let Some(format) = checks.format {
        let variant = format_ident!("{}", format.variant());
        rules.push(quote! {
            ::typewright_runtime::Rule::Format(::typewright_runtime::Format::#variant)
        });
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
    rules
}

/// A static holding a compiled `pattern`, named `PATTERN`, `PATTERN_1`.. in the order the
/// statics are made: a fixed name inside a function or block names nothing outside, so emit
/// picks it.
fn pattern_static(pattern: &crate::words::Pattern, statics: &mut Vec<TokenStream>) -> Ident {
    let (source, flags) = (pattern.source.as_str(), pattern.flags.as_str());
    let cell = match statics.len() {
        0 => format_ident!("PATTERN"),
        n => format_ident!("PATTERN_{}", n),
    };
    statics.push(quote! {
        static #cell: ::typewright_runtime::Pattern = ::typewright_runtime::Pattern::with_flags(#source, #flags);
    });
    cell
}

/// The type a field's read yields, before presence and defaults settle the field's own:
/// `Option<T>` for a nullable or an optional field (`null` is `None`), and the field's
/// `Option<Option<T>>` stays one `Option` deep (absent is the slot's `None`).
pub(super) fn read_type(field: &Field) -> TypeRef {
    match (field.presence, &field.ty) {
        (Presence::Required, ty) => ty.clone(),
        (Presence::Optional, ty) if field.keeps_null() => ty.clone(),
        (Presence::RequiredNullable | Presence::Optional, ty) => {
            TypeRef::Option(Box::new(ty.clone()))
        }
    }
}
