//! Pass 5, `emit`: turn the IR and its names into Rust tokens.
//!
//! Nothing here decides a name: identifiers come from [`Names`]. The only fixed names are the
//! support items in `__typewright` (see [`crate::runtime`]), which users never name.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    DefaultValue, Derives, Docs, Enum, Field, Ir, Presence, Prim, Struct, TypeDef, TypeId,
    TypeKind, TypeRef, Union,
};
use crate::names::Names;
use crate::runtime::{Helper, Helpers};
use crate::schema::Literal;

/// Emits one module per document plus the support module the types need.
/// `module_docs` holds one line per document, describing it.
pub fn emit(ir: &Ir, names: &Names, module_docs: &[String]) -> TokenStream {
    let mut helpers = Helpers::default();
    let mut modules = Vec::new();
    let order = output_order(ir);
    for (document, module) in names.modules.iter().enumerate() {
        let items: Vec<TokenStream> = order
            .iter()
            .filter(|id| ir.get(**id).document == document)
            .map(|&id| {
                Emitter {
                    ir,
                    names,
                    helpers: &mut helpers,
                }
                .item(id)
            })
            .collect();
        let module = ident(module);
        let doc = doc_attrs(&[module_docs[document].clone()]);
        // `#[deprecated]` items warn their users, not the code generated beside them.
        let allow = has_deprecated(ir, document).then(|| quote! { #![allow(deprecated)] });
        modules.push(quote! {
            #doc
            pub mod #module {
                #allow
                #(#items)*
            }
        });
    }
    let support = helpers.tokens();
    quote! {
        #(#modules)*
        #support
    }
}

/// Variant names come from the spec's values and types, so they may share a word
/// (`PayUpfront`, `PayDirectly`); clippy's `enum_variant_names` would ask to drop it, which
/// would lose the spec's names.
fn variant_names_lint(enum_name: &str, members: &[crate::names::Named]) -> Option<TokenStream> {
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
    let all: Vec<Vec<String>> = members.iter().map(|m| words(&m.ident)).collect();
    let shared = |pick: fn(&Vec<String>) -> Option<&String>| {
        let first = all.first().and_then(pick);
        all.len() > 1 && first.is_some() && all.iter().all(|w| pick(w) == first)
    };
    let names_the_enum = members
        .iter()
        .any(|m| m.ident.starts_with(enum_name) || m.ident.ends_with(enum_name));
    (shared(|w| w.first()) || shared(|w| w.last()) || names_the_enum)
        .then(|| quote! { #[allow(clippy::enum_variant_names)] })
}

fn has_deprecated(ir: &Ir, document: usize) -> bool {
    ir.types.iter().filter(|t| t.document == document).any(|t| {
        t.docs.deprecated
            || matches!(&t.kind, TypeKind::Struct(s) if s.fields.iter().any(|f| f.docs.deprecated))
    })
}

/// Each root followed by the inline types it defines, depth first, so that a reader finds a
/// type's parts right below it.
fn output_order(ir: &Ir) -> Vec<TypeId> {
    let mut children: Vec<Vec<TypeId>> = vec![Vec::new(); ir.types.len()];
    let mut roots = Vec::new();
    for id in ir.ids() {
        match &ir.get(id).name {
            crate::ir::NameSource::Child { parent, .. } => children[parent.0 as usize].push(id),
            crate::ir::NameSource::Root(_) => roots.push(id),
        }
    }
    let mut order = Vec::with_capacity(ir.types.len());
    let mut stack: Vec<TypeId> = roots.into_iter().rev().collect();
    while let Some(id) = stack.pop() {
        order.push(id);
        stack.extend(children[id.0 as usize].iter().rev());
    }
    order
}

struct Emitter<'a> {
    ir: &'a Ir,
    names: &'a Names,
    helpers: &'a mut Helpers,
}

impl Emitter<'_> {
    fn item(&mut self, id: TypeId) -> TokenStream {
        let def = self.ir.get(id);
        let name = ident(self.names.ty(id));
        let mut docs = type_docs(&def.docs);
        if def.docs.deprecated {
            docs.extend(quote! { #[deprecated] });
        }
        match &def.kind {
            TypeKind::Alias(ty) => {
                let ty = self.type_ref(ty);
                quote! { #docs pub type #name = #ty; }
            }
            TypeKind::Struct(s) => self.structure(id, def, s, docs),
            TypeKind::Enum(e) => self.enumeration(id, def, e, docs),
            TypeKind::Union(u) => self.union(id, def, u, docs),
        }
    }

    fn enumeration(
        &mut self,
        id: TypeId,
        def: &TypeDef,
        e: &Enum,
        docs: TokenStream,
    ) -> TokenStream {
        let name = ident(self.names.ty(id));
        let members = self.names.members(id);
        // Closed string enums derive serde; anything else gets small hand-written impls.
        let derived = !e.open && e.all_strings();
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
        if e.open {
            let unknown = ident(&members[e.values.len()].ident);
            variants.push(quote! {
                /// A value the spec does not list, kept as it was received.
                #unknown(#unknown_ty)
            });
        }
        let impls = (!derived).then(|| self.enum_impls(id, e));
        let lint = variant_names_lint(self.names.ty(id), members);
        quote! {
            #docs
            #derive_tokens
            #lint
            pub enum #name { #(#variants,)* }
            #impls
        }
    }

    /// `Serialize` and `Deserialize` for open enums and enums of non-string values.
    fn enum_impls(&mut self, id: TypeId, e: &Enum) -> TokenStream {
        let name = ident(self.names.ty(id));
        let members = self.names.members(id);
        let variants: Vec<Ident> = members.iter().map(|m| ident(&m.ident)).collect();
        let known = &variants[..e.values.len()];
        let serialize_arms = e.values.iter().zip(known).map(|(value, variant)| {
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
        let unknown_serialize = e.open.then(|| {
            let unknown = &variants[e.values.len()];
            quote! { Self::#unknown(value) => serde::Serialize::serialize(value, serializer), }
        });
        let expected: Vec<String> = e.values.iter().map(literal_text).collect();
        let expected = expected.join(", ");
        let deserialize_body = if e.all_strings() {
            let arms = e.values.iter().zip(known).map(|(value, variant)| {
                let Literal::String(s) = value else {
                    unreachable!("all strings")
                };
                quote! { #s => Ok(Self::#variant) }
            });
            let fallback = match e.open {
                true => {
                    let unknown = &variants[e.values.len()];
                    quote! { _ => Ok(Self::#unknown(value)) }
                }
                false => quote! {
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
            let checks = e.values.iter().zip(known).map(|(value, variant)| {
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
            let fallback = match e.open {
                true => {
                    let unknown = &variants[e.values.len()];
                    quote! { Ok(Self::#unknown(value)) }
                }
                false => quote! {
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

    fn structure(
        &mut self,
        id: TypeId,
        def: &TypeDef,
        s: &Struct,
        docs: TokenStream,
    ) -> TokenStream {
        let name = ident(self.names.ty(id));
        let members = self.names.members(id);
        let checks = &self.names.checks[id.0 as usize];
        let defaults = &self.names.defaults[id.0 as usize];
        let has_secret = s.fields.iter().any(|f| f.secret);
        let derive_tokens = derives(def.derives, !has_secret, true, true);
        let mut fields = Vec::new();
        let mut functions = Vec::new();
        for (((field, member), check), default) in
            s.fields.iter().zip(members).zip(checks).zip(defaults)
        {
            let field_ident = ident(&member.ident);
            let ty = self.field_type(field);
            let mut attrs = Vec::new();
            if let Some(rename) = &member.rename {
                attrs.push(quote! { rename = #rename });
            }
            if let Some(function) = default {
                let function_ident = ident(function);
                attrs.push(quote! { default = #function });
                let value = self.default_expr(field);
                functions.push(quote! {
                    fn #function_ident() -> #ty { #value }
                });
            }
            match (field.presence, check) {
                (_, Some(check)) => {
                    let path = check.as_str();
                    attrs.push(quote! { deserialize_with = #path });
                    functions.push(self.check_fn(field, check, &ty));
                }
                (Presence::RequiredNullable, None) if field.default.is_none() => {
                    self.helpers.use_helper(Helper::RequiredNullable);
                    attrs.push(
                        quote! { deserialize_with = "super::__typewright::required_nullable" },
                    );
                }
                // Optional and nullable: `Some(None)` is an explicit null, `None` is absent.
                (Presence::Optional, None) if matches!(field.ty, TypeRef::Option(_)) => {
                    self.helpers.use_helper(Helper::Present);
                    attrs.push(quote! { deserialize_with = "super::__typewright::present" });
                }
                _ => {}
            }
            if field.presence == Presence::Optional {
                attrs.push(quote! { default, skip_serializing_if = "Option::is_none" });
            }
            if field.flatten {
                attrs.push(quote! { flatten });
            }
            let serde = (!attrs.is_empty()).then(|| quote! { #[serde(#(#attrs),*)] });
            let docs = field_docs(field);
            let deprecated = field.docs.deprecated.then(|| quote! { #[deprecated] });
            fields.push(quote! { #docs #deprecated #serde pub #field_ident: #ty });
        }
        if let Some(extra) = &s.extra {
            let extra_ident = ident(&members[s.fields.len()].ident);
            let value = self.type_ref(extra);
            fields.push(quote! {
                /// Keys beyond the declared properties, kept so that nothing is lost.
                #[serde(flatten)]
                pub #extra_ident: ::std::collections::BTreeMap<String, #value>
            });
        }
        let deny = s
            .deny_unknown
            .then(|| quote! { #[serde(deny_unknown_fields)] });
        let debug = has_secret.then(|| self.redacted_debug(id, s));
        quote! {
            #docs
            #derive_tokens
            #deny
            pub struct #name { #(#fields,)* }
            #debug
            #(#functions)*
        }
    }

    /// The expression a default function returns.
    fn default_expr(&self, field: &Field) -> TokenStream {
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
                let ty = ident(self.names.ty(*id));
                let variant = ident(&self.names.members(*id)[*index].ident);
                quote! { #ty::#variant }
            }
            DefaultValue::Json(json) => quote! {
                serde_json::from_str(#json).expect("typewright checked this default against the schema")
            },
        };
        match field.presence {
            Presence::RequiredNullable => quote! { Some(#value) },
            _ => value,
        }
    }

    /// A `Debug` impl that prints `<redacted>` for secret fields.
    fn redacted_debug(&mut self, id: TypeId, s: &Struct) -> TokenStream {
        self.helpers.use_helper(Helper::Redacted);
        let name = ident(self.names.ty(id));
        let label = self.names.ty(id);
        let entries = s.fields.iter().zip(self.names.members(id)).map(|(field, member)| {
            let field_ident = ident(&member.ident);
            let shown = member.ident.trim_start_matches("r#");
            let value = match (field.secret, field.presence) {
                (false, _) => quote! { &self.#field_ident },
                (true, Presence::Required) => quote! { &super::__typewright::Redacted },
                (true, _) => quote! { &self.#field_ident.as_ref().map(|_| super::__typewright::Redacted) },
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

    /// A `deserialize_with` function that checks the field's validation keywords.
    fn check_fn(&mut self, field: &Field, check: &str, ty: &TokenStream) -> TokenStream {
        self.helpers.use_helper(Helper::Check);
        let checks = field
            .checks
            .as_ref()
            .expect("names gives checks only to fields with some");
        let mut rules = Vec::new();
        let mut statics = Vec::new();
        if let Some(min) = checks.min_length {
            rules.push(quote! { super::__typewright::Rule::MinLength(#min) });
        }
        if let Some(max) = checks.max_length {
            rules.push(quote! { super::__typewright::Rule::MaxLength(#max) });
        }
        for (index, pattern) in checks.bounds.patterns.iter().enumerate() {
            self.helpers.use_helper(Helper::Pattern);
            let source = pattern.value.as_str();
            // A fixed name inside the function: it names nothing outside, so emit picks it.
            let cell = if index == 0 {
                format_ident!("PATTERN")
            } else {
                format_ident!("PATTERN_{}", index)
            };
            statics.push(quote! {
                static #cell: ::std::sync::OnceLock<regress::Regex> = ::std::sync::OnceLock::new();
            });
            rules.push(quote! { super::__typewright::Rule::Pattern(#source, &#cell) });
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
                rules.push(quote! { super::__typewright::Rule::#variant(#bound) });
            }
        }
        for (count, variant) in [
            (b.min_items, quote! { MinItems }),
            (b.max_items, quote! { MaxItems }),
            (b.min_properties, quote! { MinProperties }),
            (b.max_properties, quote! { MaxProperties }),
        ] {
            if let Some(count) = count {
                rules.push(quote! { super::__typewright::Rule::#variant(#count) });
            }
        }
        if b.unique_items {
            rules.push(quote! { super::__typewright::Rule::UniqueItems });
        }
        let wire = field.wire_name.as_str();
        let check = ident(check);
        // Optional and nullable: a present value, even `null`, is `Some`.
        let present = (field.presence == Presence::Optional
            && matches!(field.ty, TypeRef::Option(_)))
        .then(|| quote! { .map(Some) });
        quote! {
            fn #check<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<#ty, D::Error> {
                #(#statics)*
                super::__typewright::check(deserializer, #wire, &[#(#rules),*]) #present
            }
        }
    }

    fn union(&mut self, id: TypeId, def: &TypeDef, u: &Union, docs: TokenStream) -> TokenStream {
        let name = ident(self.names.ty(id));
        let tagged = u.tag.is_some() && u.variants.iter().all(|v| v.tag.is_some());
        let derive_tokens = derives(def.derives, true, true, !tagged);
        let members = self.names.members(id);
        let variants = u.variants.iter().zip(members).map(|(v, member)| {
            let variant = ident(&member.ident);
            let ty = self.boxed(&v.ty, v.boxed);
            let doc = match (&u.tag, &v.tag) {
                (Some(property), Some(tag)) => format!("`{property}` is `{tag}`."),
                _ => format!(
                    "A value of type `{}`.",
                    self.type_ref(&v.ty).to_string().replace(' ', "")
                ),
            };
            let doc = doc_attrs(&[doc]);
            quote! { #doc #variant(#ty) }
        });
        let variant_list: Vec<TokenStream> = variants.collect();
        let lint = variant_names_lint(self.names.ty(id), members);
        let deserialize = tagged.then(|| {
            self.helpers.use_helper(Helper::Tagged);
            let property = u.tag.as_deref().unwrap_or_default();
            let tags: Vec<&str> = u.variants.iter().filter_map(|v| v.tag.as_deref()).collect();
            let arms = u.variants.iter().zip(members).map(|(v, member)| {
                let variant = ident(&member.ident);
                let tag = v.tag.as_deref().unwrap_or_default();
                let wrap = if v.boxed { quote! { |v| Self::#variant(Box::new(v)) } } else { quote! { Self::#variant } };
                quote! { #tag => super::__typewright::from_value(value).map(#wrap) }
            });
            quote! {
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                        let tag = super::__typewright::tag(&value, #property)?;
                        match tag.as_str() {
                            #(#arms,)*
                            other => Err(super::__typewright::unknown_tag(#property, other, &[#(#tags),*])),
                        }
                    }
                }
            }
        });
        quote! {
            #docs
            #derive_tokens
            #[serde(untagged)]
            #lint
            pub enum #name { #(#variant_list,)* }
            #deserialize
        }
    }

    fn field_type(&self, field: &Field) -> TokenStream {
        let ty = self.boxed(&field.ty, field.boxed);
        match field.presence {
            Presence::Required => ty,
            Presence::RequiredNullable | Presence::Optional => quote! { Option<#ty> },
        }
    }

    /// The type, with the named type inside any `Option`s boxed when `boxed` is set.
    fn boxed(&self, ty: &TypeRef, boxed: bool) -> TokenStream {
        match ty {
            TypeRef::Option(inner) if boxed => {
                let inner = self.boxed(inner, true);
                quote! { Option<#inner> }
            }
            _ if boxed => {
                let ty = self.type_ref(ty);
                quote! { Box<#ty> }
            }
            _ => self.type_ref(ty),
        }
    }

    fn type_ref(&self, ty: &TypeRef) -> TokenStream {
        match ty {
            TypeRef::Named(id) => {
                let name = ident(self.names.ty(*id));
                quote! { #name }
            }
            TypeRef::Prim(prim) => match prim {
                Prim::String => quote! { String },
                Prim::Bool => quote! { bool },
                other => {
                    let name = format_ident!("{}", other.rust());
                    quote! { #name }
                }
            },
            TypeRef::Tuple(items) => {
                let items = items.iter().map(|t| self.type_ref(t));
                quote! { (#(#items,)*) }
            }
            TypeRef::External(path) => {
                // `Config::format_type` checked that the path parses.
                syn::parse_str::<syn::Type>(path)
                    .map(|t| quote! { #t })
                    .unwrap_or_else(|_| quote! { serde_json::Value })
            }
            TypeRef::Vec(inner) => {
                let inner = self.type_ref(inner);
                quote! { Vec<#inner> }
            }
            TypeRef::Map(inner) => {
                let inner = self.type_ref(inner);
                quote! { ::std::collections::BTreeMap<String, #inner> }
            }
            TypeRef::Option(inner) => {
                let inner = self.type_ref(inner);
                quote! { Option<#inner> }
            }
            TypeRef::Any => quote! { serde_json::Value },
        }
    }
}

fn derives(d: Derives, debug: bool, serialize: bool, deserialize: bool) -> TokenStream {
    let mut list = Vec::new();
    if debug {
        list.push(quote! { Debug });
    }
    list.push(quote! { Clone });
    if d.copy {
        list.push(quote! { Copy });
    }
    list.push(quote! { PartialEq });
    if d.eq {
        list.push(quote! { Eq });
    }
    if d.hash {
        list.push(quote! { Hash });
    }
    if d.default {
        list.push(quote! { Default });
    }
    if serialize {
        list.push(quote! { serde::Serialize });
    }
    if deserialize {
        list.push(quote! { serde::Deserialize });
    }
    quote! { #[derive(#(#list),*)] }
}

fn type_docs(docs: &Docs) -> TokenStream {
    let mut lines = Vec::new();
    push_prose(&mut lines, docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    lines.push(format!(
        "Generated from `{}` (`{}`).",
        docs.location, docs.pointer
    ));
    doc_attrs(&lines)
}

fn field_docs(field: &Field) -> TokenStream {
    let mut lines = Vec::new();
    push_prose(&mut lines, &field.docs);
    let mut facts = Vec::new();
    if let Some(format) = &field.format {
        facts.push(format!("Format: `{format}`."));
    }
    if let Some(checks) = &field.checks {
        facts.push(format!(
            "{} Checked when deserializing.",
            describe_checks(checks)
        ));
    }
    if field.secret {
        facts.push("A secret: `Debug` shows it as `<redacted>`.".into());
    }
    if !facts.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(facts.join(" "));
    }
    doc_attrs(&lines)
}

/// The validation keywords in words: `Length: 1 to 2083 characters. Matches ...`.
fn describe_checks(checks: &crate::ir::Checks) -> String {
    let mut parts = Vec::new();
    match (checks.min_length, checks.max_length) {
        (Some(min), Some(max)) => parts.push(format!("Length: {min} to {max} characters.")),
        (Some(min), None) => parts.push(format!("Length: at least {min} characters.")),
        (None, Some(max)) => parts.push(format!("Length: at most {max} characters.")),
        (None, None) => {}
    }
    let b = &checks.bounds;
    for pattern in &b.patterns {
        parts.push(format!("Matches `{}`.", pattern.value));
    }
    let bounds = [
        (b.minimum, ">="),
        (b.exclusive_minimum, ">"),
        (b.maximum, "<="),
        (b.exclusive_maximum, "<"),
    ];
    for (bound, op) in bounds {
        if let Some(bound) = bound {
            parts.push(format!("Must be {op} {bound}."));
        }
    }
    if let Some(step) = b.multiple_of {
        parts.push(format!("A multiple of {step}."));
    }
    for (count, what) in [
        (b.min_items, "At least {} items."),
        (b.max_items, "At most {} items."),
        (b.min_properties, "At least {} keys."),
        (b.max_properties, "At most {} keys."),
    ] {
        if let Some(count) = count {
            parts.push(what.replace("{}", &count.to_string()));
        }
    }
    if b.unique_items {
        parts.push("Items are unique.".into());
    }
    parts.join(" ")
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

fn push_prose(lines: &mut Vec<String>, docs: &Docs) {
    let mut paragraphs: Vec<String> = Vec::new();
    paragraphs.extend(docs.title.iter().cloned());
    paragraphs.extend(docs.context.iter().cloned());
    paragraphs.extend(docs.description.iter().cloned());
    if let Some(example) = &docs.example {
        // Long examples would drown the docs; the spec has them in full.
        const LIMIT: usize = 120;
        let shown = if example.chars().count() > LIMIT {
            let cut: String = example.chars().take(LIMIT).collect();
            format!("{cut}...")
        } else {
            example.clone()
        };
        paragraphs.push(format!("Example: `{}`", shown.replace('`', "'")));
    }
    if docs.deprecated {
        paragraphs.push("Deprecated in the spec.".into());
    }
    if docs.read_only {
        paragraphs.push("Read-only: sent by the server, not needed in requests.".into());
    }
    if docs.write_only {
        paragraphs.push("Write-only: sent in requests, never returned.".into());
    }
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(
            paragraph
                .trim_end()
                .lines()
                .map(|l| l.trim_end().to_string()),
        );
    }
}

/// One `#[doc = " line"]` per line, so prettyplease prints `///` comments.
fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

/// Builds an identifier from a name the naming pass chose.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}
