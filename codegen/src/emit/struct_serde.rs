//! A struct's serde impls through the runtime. `Deserialize` goes through
//! `FromMap`: one loop over the keys and one line per field, where serde's derive writes an
//! identifier enum, three visitors and a wrapper type per `deserialize_with` field, all of
//! which rustc checks anew for every struct. `Serialize` goes through `StructWriter`: one
//! call per field and one `?` per struct, where the derive has a `?` per field.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::{Emitter, ident, match_position};
use crate::ir::{Field, Presence, Struct, TypeId, TypeKind, TypeRef};

/// The most optional fields whose count is written as a sum (`1 + usize::from(..) + ..`).
const MAX_SUM_TERMS: usize = 64;

impl Emitter<'_> {
    /// The `Serialize`, `Deserialize` and `FromMap` impls of a struct without flattened
    /// fields.
    pub(super) fn struct_serde_impls(&self, id: TypeId, s: &Struct) -> TokenStream {
        let name = ident(self.names.ty(id));
        let label = self.names.ty(id);
        let names = self.names.fields(id);
        let wire: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
        // Slots are named by their fields (`slot_id`), so that a field added before others
        // leaves their lines alone; the prefix keeps them apart from the function's other
        // locals (`map`, `index`) and from the module's functions (`check_..`, `default_..`).
        let slots: Vec<_> = names
            .iter()
            .map(|n| format_ident!("slot_{}", n.field.ident.trim_start_matches("r#")))
            .collect();
        let reads: Vec<TokenStream> = s
            .fields
            .iter()
            .zip(&slots)
            .map(|(field, slot)| self.read(field, slot))
            .collect();
        let closed = s.deny_unknown;
        let next = quote! { map.next_key()? };
        // One `?` per struct, and a `let`-`else` per required field, not a `?` per field:
        // each `?` is a `Try` and a `From` for rustc to resolve, about a fifth of the check
        // time of GitHub's output.
        let reading = match reads.as_slice() {
            [] => quote! { while #next.is_some() {} },
            [read] => quote! { while #next.is_some() { #read?; } },
            [_, _, ..] => {
                let choice = match_position(quote! { index }, &reads);
                quote! { while let Some(index) = #next { #choice?; } }
            }
        };
        let members: Vec<_> = names.iter().map(|n| ident(&n.field.ident)).collect();
        let mut missing = Vec::new();
        let values: Vec<TokenStream> = s
            .fields
            .iter()
            .zip(names)
            .zip(&slots)
            .zip(&members)
            .map(|(((field, names), slot), member)| {
                let wire = field.wire_name.as_str();
                match (&names.default, field.presence) {
                    (Some(function), _) => {
                        let function = ident(function);
                        quote! { #member: #slot.unwrap_or_else(#function) }
                    }
                    // Optional and nullable: the slot holds `Some(None)` for a present `null`.
                    (None, Presence::Optional) if field.keeps_null() => {
                        super::member_init(member, slot)
                    }
                    // Optional: a present `null` reads as absent, as with serde's derive.
                    (None, Presence::Optional) => quote! { #member: #slot.flatten() },
                    (None, _) => {
                        missing.push(quote! {
                            let Some(#slot) = #slot else { return Err(map.missing(#wire)); };
                        });
                        super::member_init(member, slot)
                    }
                }
            })
            .collect();
        let len = written_len(s, &members);
        let writes: Vec<TokenStream> = s
            .fields
            .iter()
            .zip(&members)
            .map(|(field, member)| {
                let wire = field.wire_name.as_str();
                match field.presence {
                    Presence::Optional => quote! { map.optional(#wire, &self.#member); },
                    _ => quote! { map.field(#wire, &self.#member); },
                }
            })
            .collect();
        let writer = if writes.is_empty() {
            quote! { map }
        } else {
            quote! { mut map }
        };
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    let len = #len;
                    let #writer = ::typewright_runtime::StructWriter::new(serializer, #label, len);
                    #(#writes)*
                    map.end()
                }
            }
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    ::typewright_runtime::from_map(deserializer)
                }
            }
            impl<'de> ::typewright_runtime::FromMap<'de> for #name {
                const NAME: &'static str = #label;
                const FIELDS: &'static [&'static str] = &[#(#wire),*];
                fn from_map<A: serde::de::MapAccess<'de>>(map: A) -> Result<Self, A::Error> {
                    let mut map = ::typewright_runtime::Fields::new(map, Self::FIELDS, #closed);
                    #(let mut #slots = None;)*
                    #reading
                    #(#missing)*
                    Ok(Self { #(#values,)* })
                }
            }
        }
    }
}

impl Emitter<'_> {
    /// The expression that reads one field's value into its slot, checked where the field
    /// has checks. The value read is the field's type, inferred from how the slot is used:
    /// an optional field's slot is an `Option` of the field's `Option`.
    fn read(&self, field: &Field, slot: &Ident) -> TokenStream {
        let secret = field.secret;
        let (statics, call) = match &field.checks {
            // Items or values with checks of their own: a tree of rules.
            Some(checks) if checks.is_nested() => {
                let nested = self.nested_rules(checks, &super::fields::read_type(field));
                let value = nested.value;
                let call = quote! { map.read_nested(&mut #slot, &#value, #secret) };
                (nested.statics, call)
            }
            // A collection of generated types: an error inside an item names its index.
            checks if self.holds_generated_items(&field.ty) && !field.boxed => {
                let (statics, rules) = match checks {
                    Some(_) => Emitter::check_rules(field),
                    None => Default::default(),
                };
                (
                    statics,
                    quote! { map.read_items(&mut #slot, &[#(#rules),*], #secret) },
                )
            }
            Some(_) => {
                let (statics, rules) = Emitter::check_rules(field);
                (
                    statics,
                    quote! { map.read_checked(&mut #slot, &[#(#rules),*], #secret) },
                )
            }
            None => return quote! { map.read(&mut #slot) },
        };
        if statics.is_empty() {
            call
        } else {
            quote! {{ #(#statics)* #call }}
        }
    }

    /// Whether `ty` is an array or a map (or an `Option` of one) of types this run generates
    /// as structs or unions, whose errors come from inside the items.
    fn holds_generated_items(&self, ty: &TypeRef) -> bool {
        let items = match ty {
            TypeRef::Option(inner) => return self.holds_generated_items(inner),
            TypeRef::Vec(items) | TypeRef::Map(items) => items,
            _ => return false,
        };
        let TypeRef::Named(id) = self.through_option(items) else {
            return false;
        };
        matches!(
            self.ir.get(self.ir.definition(*id)).kind,
            TypeKind::Struct(_) | TypeKind::Union(_)
        )
    }

    fn through_option<'t>(&self, ty: &'t TypeRef) -> &'t TypeRef {
        match ty {
            TypeRef::Option(inner) => self.through_option(inner),
            other => other,
        }
    }
}

/// The number of keys a struct writes: its required fields, and each optional one present
/// (`members` are its fields' identifiers).
fn written_len(s: &Struct, members: &[Ident]) -> TokenStream {
    let required = s
        .fields
        .iter()
        .filter(|f| f.presence != Presence::Optional)
        .count();
    let optional: Vec<&Ident> = s
        .fields
        .iter()
        .zip(members)
        .filter(|(f, _)| f.presence == Presence::Optional)
        .map(|(_, member)| member)
        .collect();
    let required = Literal::usize_unsuffixed(required).into_token_stream();
    match optional.len() {
        0 => required,
        // A sum is a chain of binary expressions, as deep as it is long: past a few dozen
        // terms (a vendor's object of 25,000 properties) it would overflow the stack of
        // the parser that formats it, and of rustc. A list is flat.
        n if n > MAX_SUM_TERMS => {
            let present = quote! {
                [#(self.#optional.is_some()),*].into_iter().filter(|present| *present).count()
            };
            match s.fields.len() > n {
                true => quote! { #required + #present },
                false => present,
            }
        }
        n => {
            let terms = optional
                .iter()
                .map(|member| quote! { usize::from(self.#member.is_some()) });
            match s.fields.len() > n {
                true => quote! { #required #(+ #terms)* },
                false => quote! { #(#terms)+* },
            }
        }
    }
}
