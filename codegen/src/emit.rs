//! The `emit` pass: turn the IR and its names into Rust tokens.
//!
//! Nothing here decides a name: identifiers come from [`Names`]. The only fixed names are the
//! helpers of the `typewright-runtime` crate, which users never name.

mod docs;
mod enums;
mod fields;
mod gathered;
mod operations;
mod struct_serde;
pub(crate) mod types;

use docs::{Origins, doc_attrs, field_docs, type_docs};
use enums::variant_names_lint;
use types::Place;

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::fmt::Write;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::diag::SourceMap;
use crate::ir::{
    Derives, Field, Ir, MapType, Presence, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union,
};
use crate::names::{FieldNames, Names};
use crate::settings::Settings;

/// Emits one module per document: each module's head, and what makes the item of each of
/// its types. `module_docs` holds one line per document, describing it.
pub fn emit<'a>(
    ir: &'a Ir,
    kept: &[bool],
    names: &'a Names,
    module_docs: &[String],
    sources: &'a SourceMap,
    settings: &'a Settings,
) -> (Vec<Module>, Items<'a>) {
    let mut modules = Vec::new();
    let order = output_order(ir);
    let mut roles = vec![Role::Schema; ir.types.len()];
    for (index, operation) in ir.operations.iter().enumerate() {
        roles[operation.request.0 as usize] = Role::Request(index);
        for (response, r) in operation.responses.iter().enumerate() {
            if let Some((id, _)) = r.headers {
                roles[id.0 as usize] = Role::Headers(index, response);
            }
        }
    }
    let responses = shared_responses(ir, kept, names);
    for (document, module) in names.modules.iter().enumerate() {
        let items: Vec<TypeId> = order
            .iter()
            .copied()
            .filter(|id| ir.get(*id).document == document && kept[id.0 as usize])
            .collect();
        let module = ident(module);
        let doc = doc_attrs(&[module_docs[document].clone()]);
        // `#[deprecated]` items warn their users, not the code generated beside them.
        let allow = has_deprecated(ir, document).then(|| quote! { #![allow(deprecated)] });
        // Generated code reaches serde and serde_json through the runtime crate, the one
        // dependency of a generated crate.
        // A field's type spells out its schema's nesting (Azure's map of lists of lists of
        // maps), which clippy calls complex; naming each level would invent names the spec
        // does not have.
        let servers = ir
            .servers
            .get(document)
            .and_then(|servers| operations::servers_tokens(servers));
        let security = ir
            .security
            .get(document)
            .and_then(|security| operations::default_security_tokens(security));
        let retries = ir
            .retries
            .get(document)
            .and_then(Option::as_ref)
            .map(operations::default_retries_tokens);
        let kept_operations: Vec<usize> = (0..ir.operations.len())
            .filter(|&i| {
                let op = &ir.operations[i];
                op.document == document && kept[op.request.0 as usize]
            })
            .collect();
        let gathered = names
            .module_items
            .get(document)
            .map(|items| gathered::module_items(ir, names, items, &kept_operations));
        let head = quote! {
            #doc
            pub mod #module {
                #allow
                #![allow(clippy::type_complexity)]
                #[allow(unused_imports)]
                use ::typewright_runtime::{serde, serde_json};
                #servers
                #security
                #retries
                #gathered
            }
        };
        let parts = parts(&items, names);
        modules.push(Module {
            name: module.to_string(),
            head,
            items,
            parts,
        });
    }
    let items = Items {
        ir,
        roles,
        responses,
        names,
        sources,
        settings,
    };
    (modules, items)
}

/// One generated module: its head (docs, `pub mod name`, the inner attributes and imports,
/// with an empty body) and the types whose items go in its body, in order. The items are made
/// by [`Items`], a few at a time, on whichever thread formats them, so that no pass holds the
/// tokens or the syntax tree of the whole output.
pub struct Module {
    /// The module's identifier.
    pub name: String,
    pub head: TokenStream,
    pub items: Vec<TypeId>,
    /// Where each part of its items starts (an index into `items`), and the part's name:
    /// what a build script writes as a file and module of its own ([`parts`]).
    pub parts: Vec<(usize, String)>,
}

/// About how many types a part holds. A part is a file and a child module of the module's
/// own: an edit re-checks its part, not the whole module, and moves no span of another
/// (bench/README.md, "The edit loop").
const TYPES_PER_PART: u64 = 32;

/// The parts of a module's `items`: a part starts at the first item and at each item whose
/// name hashes to a multiple of [`TYPES_PER_PART`], so that a type added or removed changes
/// its own part and no other, and each part is named by its first item's name (a renamed
/// file would be a new one to rustc). Names are unique by construction.
fn parts(items: &[TypeId], names: &Names) -> Vec<(usize, String)> {
    let mut parts = Vec::new();
    let mut taken = std::collections::HashSet::new();
    for (index, id) in items.iter().enumerate() {
        let hash = fnv1a(names.ty(*id).as_bytes());
        if index == 0 || hash.is_multiple_of(TYPES_PER_PART) {
            let mut name = format!("part_{hash:016x}");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("part_{hash:016x}_{n}");
                n += 1;
            }
            parts.push((index, name));
        }
    }
    parts
}

/// FNV-1a: a hash that is the same on every machine and every run.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Makes the item of one type (the type with its impls and functions). It holds no tokens,
/// so the formatting threads share it.
pub struct Items<'a> {
    ir: &'a Ir,
    /// By `TypeId`.
    roles: Vec<Role>,
    /// By operation.
    responses: Vec<ResponseEnum>,
    names: &'a Names,
    sources: &'a SourceMap,
    settings: &'a Settings,
}

impl Items<'_> {
    /// About how many bytes the formatted item of `id` takes: what the formatting budget
    /// counts (`output::format`). Measured on Stripe, GitHub and Polar: a struct is about
    /// 1,000 bytes and 500 per field, an enum 300 and 120 per value, a union 700 and 350 per
    /// variant, an operation's request 2,500 more and 500 per parameter.
    pub fn estimate(&self, id: TypeId) -> usize {
        match &self.ir.get(id).kind {
            TypeKind::Alias(_) => 150,
            TypeKind::Enum(e) => 300 + 120 * e.values.len(),
            TypeKind::Union(u) => 700 + 350 * u.variants.len(),
            TypeKind::Struct(s) => {
                let operation = s.operation.map_or(0, |index| {
                    2_500 + 500 * self.ir.operations[index].params.len()
                });
                1_000 + 500 * s.fields.len() + operation
            }
        }
    }

    /// The item of type `id`, which belongs to module `module`.
    pub fn item(&self, module: usize, id: TypeId) -> TokenStream {
        Emitter {
            ir: self.ir,
            roles: &self.roles,
            responses: &self.responses,
            names: self.names,
            document: module,
            sources: self.sources,
            settings: self.settings,
        }
        .item(id)
    }
}

/// `member: local` in a struct expression, or `member` alone when the local has the same
/// name (a property called `field2` read into the slot `field2`), which clippy's
/// `redundant_field_names` asks for.
fn member_init(member: &Ident, local: &Ident) -> TokenStream {
    if member == local {
        quote! { #member }
    } else {
        quote! { #member: #local }
    }
}

/// Reads variant `i` of `u` from a `serde_json::Value` `v`, through its checks if it has any.
fn read_variant(
    u: &Union,
    members: &[crate::names::Named],
    checks: &[Option<String>],
    i: usize,
) -> TokenStream {
    let wrap = variant_constructor(&members[i].ident, u.variants[i].boxed);
    match &checks[i] {
        Some(check) => {
            let check = ident(check);
            quote! { |v| #check(v).map(#wrap) }
        }
        None => quote! { |v| serde_json::from_value(v).map(#wrap) },
    }
}

/// A tagged union's `Deserialize`: the tag read first, one arm per tag value; a value two
/// branches share reads the first of them that takes the value.
fn tagged_deserialize(
    name: &proc_macro2::Ident,
    label: &str,
    u: &Union,
    members: &[crate::names::Named],
    read: &dyn Fn(usize) -> TokenStream,
) -> TokenStream {
    let property = u.tag.as_deref().unwrap_or_default();
    let arms = tag_arms(u).into_iter().map(|(tags, takers)| {
        let read = match takers.as_slice() {
            [only] => {
                let member = &members[*only];
                let wrap = variant_constructor(&member.ident, u.variants[*only].boxed);
                quote! { ::typewright_runtime::from_value(value).map(#wrap) }
            }
            // One tag, several branches (`lower` warned): the first that reads it.
            _ => {
                let alternatives = takers.iter().map(|&i| read(i));
                quote! {{
                    let alternatives: &[::typewright_runtime::Alternative<Self>] = &[#(#alternatives),*];
                    ::typewright_runtime::untagged(value, #label, alternatives)
                }}
            }
        };
        quote! { #(#tags)|* => #read }
    });
    let tags: Vec<&str> = tag_arms(u).into_iter().flat_map(|(tags, _)| tags).collect();
    quote! {
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = ::typewright_runtime::tag(&value, #property)?;
                match tag.as_str() {
                    #(#arms,)*
                    other => Err(::typewright_runtime::unknown_tag(#property, other, &[#(#tags),*])),
                }
            }
        }
    }
}

/// What turns a variant's value into the union: `Self::Cat`, or a closure that boxes it.
fn variant_constructor(variant: &str, boxed: bool) -> TokenStream {
    let variant = ident(variant);
    if boxed {
        quote! { |v| Self::#variant(Box::new(v)) }
    } else {
        quote! { Self::#variant }
    }
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

/// An operation's response enum: its own, or the one of an earlier operation with the same
/// responses, which its name is then an alias of.
#[derive(Clone, Copy, PartialEq)]
enum ResponseEnum {
    /// Its own; `shared` when later operations' names are aliases of it.
    Own { shared: bool },
    /// The enum of `Ir::operations[of]`. Where a selection leaves that operation out, the
    /// first operation kept of those sharing it `defines` the enum, under its name.
    Alias { of: usize, defines: bool },
}

/// Which operations share a response enum: those of one module whose enums would be the same
/// code (the same statuses, descriptions, media types and types, through aliases, and the
/// same variant names), each an alias of the first. Which one is first does not depend on
/// the selection, so that a selection declares every type as the whole output does: where
/// it leaves the first out, the first kept operation of the group defines the enum under the
/// first's name. Webhooks and callbacks keep their own, as nothing serves them.
fn shared_responses(ir: &Ir, kept: &[bool], names: &Names) -> Vec<ResponseEnum> {
    let mut responses = vec![ResponseEnum::Own { shared: false }; ir.operations.len()];
    let mut first: HashMap<(usize, String), usize> = HashMap::new();
    // Whether each group's enum is defined yet, by its first operation's index.
    let mut defined = vec![false; ir.operations.len()];
    let mut key = String::new();
    for (index, op) in ir.operations.iter().enumerate() {
        if op.event.is_some() {
            continue;
        }
        key.clear();
        let own = &names.operations[index];
        let _ = write!(key, "{:?}{:?}", own.variants, own.undocumented);
        for response in &op.responses {
            let _ = write!(
                key,
                "|{:?}{:?}{:?}",
                response.key, response.status, response.description
            );
            if let Some((media, ty)) = &response.content {
                let _ = write!(key, "|{media:?}{:?}", ir.through_aliases(ty));
            }
            if let Some((id, params)) = &response.headers {
                let headers = ir.through_aliases(&TypeRef::Named(*id));
                let _ = write!(key, "|{headers:?}{params:?}");
            }
        }
        let kept = kept[op.request.0 as usize];
        match first.entry((op.document, key.clone())) {
            Entry::Occupied(earlier) => {
                let of = *earlier.get();
                let defines = kept && !defined[of];
                defined[of] |= kept;
                responses[index] = ResponseEnum::Alias { of, defines };
                responses[of] = ResponseEnum::Own { shared: true };
            }
            Entry::Vacant(slot) => {
                slot.insert(index);
                defined[index] = kept;
            }
        }
    }
    responses
}

/// What a type is for, beyond being a type: what more its item holds.
#[derive(Clone, Copy)]
enum Role {
    Schema,
    /// The request type of `Ir::operations[i]`: the operation's impls and response enum.
    Request(usize),
    /// The headers struct of response `r` of operation `i`.
    Headers(usize, usize),
}

struct Emitter<'a> {
    ir: &'a Ir,
    /// By `TypeId`.
    roles: &'a [Role],
    /// By operation.
    responses: &'a [ResponseEnum],
    names: &'a Names,
    /// The spec document whose module is being emitted.
    document: usize,
    /// The spec files, to show where each type comes from.
    sources: &'a SourceMap,
    settings: &'a Settings,
}

impl Emitter<'_> {
    /// Where items say they came from, as the settings ask.
    fn origins(&self) -> Origins<'_> {
        Origins {
            sources: self.sources,
            positions: self.settings.source_positions,
        }
    }

    fn item(&mut self, id: TypeId) -> TokenStream {
        let def = self.ir.get(id);
        let name = ident(self.names.ty(id));
        let mut docs = type_docs(&def.docs, self.origins());
        if def.docs.deprecated {
            docs.extend(quote! { #[deprecated] });
        }
        if !matches!(def.kind, TypeKind::Alias(_)) {
            for attributes in self.type_attributes(id) {
                docs.extend(attributes);
            }
        }
        let item = match &def.kind {
            TypeKind::Alias(ty) => {
                let ty = self.type_ref(ty);
                quote! { #docs pub type #name = #ty; }
            }
            TypeKind::Struct(s) => self.structure(id, def, s, docs),
            TypeKind::Enum(e) => self.enumeration(id, def, e, docs),
            TypeKind::Union(u) => self.union(id, def, u, docs),
        };
        let more = match self.roles.get(id.0 as usize).copied() {
            Some(Role::Request(operation)) => self.operation_items(operation),
            // A headers struct that is a copy of another shares that one's impls.
            Some(Role::Headers(..)) if matches!(def.kind, TypeKind::Alias(_)) => TokenStream::new(),
            Some(Role::Headers(operation, response)) => {
                let response = &self.ir.operations[operation].responses[response];
                let params = response.headers.as_ref().map_or(&[][..], |(_, p)| p);
                self.headers_impls(id, params)
            }
            _ => TokenStream::new(),
        };
        quote! { #item #more }
    }

    fn structure(
        &mut self,
        id: TypeId,
        def: &TypeDef,
        s: &Struct,
        docs: TokenStream,
    ) -> TokenStream {
        let name = ident(self.names.ty(id));
        if s.validated {
            return self.validated_newtype(id, def, s, docs);
        }
        if s.transparent {
            let derive_tokens = derives(def.derives, true, true, true);
            let inner = self.field_type(&s.fields[0]);
            return quote! {
                #docs
                #derive_tokens
                #[serde(transparent)]
                pub struct #name(
                    /// The value itself: the schema refers to itself through it.
                    pub #inner,
                );
            };
        }
        let has_secret = s.fields.iter().any(|f| f.secret);
        let type_name = self.names.ty(id);
        let field_attributes: Vec<TokenStream> = s
            .fields
            .iter()
            .zip(self.names.fields(id))
            .map(|(field, names)| self.field_attributes(type_name, field, &names.field.ident))
            .collect();
        // serde's derives where a user's attributes may be serde's (or read serde's, as
        // schemars does), and where keys are flattened; impls through the runtime elsewhere.
        let own_serde = s.extra.is_none()
            && !s.fields.iter().any(|f| f.flatten)
            && self.type_attributes(id).next().is_none()
            && field_attributes.iter().all(TokenStream::is_empty);
        // An operation's request (or a response's headers) is no JSON value: it converts to
        // and from `http` types.
        let serde = own_serde || !s.is_serde();
        let derive_tokens = match s.is_serde() {
            false => derives(def.derives, !has_secret, false, false),
            true => derives(def.derives, !has_secret, !own_serde, !own_serde),
        };
        let mut fields = Vec::new();
        let mut functions = Vec::new();
        for ((field, names), extra) in s
            .fields
            .iter()
            .zip(self.names.fields(id))
            .zip(field_attributes)
        {
            let field_ident = ident(&names.field.ident);
            let ty = self.field_type(field);
            // An optional field with a default is a parameter the server defaults: the
            // default is documented and public, and the field stays `None` when left out.
            let documented_default = field.presence == Presence::Optional;
            if let (Some(function), false) = (&names.default, names.default_shared) {
                let function_ident = ident(function);
                let value = self.default_expr(field);
                functions.push(match documented_default {
                    true => {
                        let value_ty = self.type_ref(&field.ty);
                        let doc = format!(
                            " The default of [`{}::{}`]: what the server takes when the parameter is left out.",
                            self.names.ty(id),
                            names.field.ident
                        );
                        quote! {
                            #[doc = #doc]
                            pub fn #function_ident() -> #value_ty { #value }
                        }
                    }
                    // Seen from the module's other parts, which may share it.
                    false => quote! { pub(crate) fn #function_ident() -> #ty { #value } },
                });
            }
            let default_doc =
                names
                    .default
                    .as_ref()
                    .filter(|_| documented_default)
                    .map(|function| {
                        let doc =
                            format!(" Left out, the server takes its default, [`{function}()`].");
                        quote! { #[doc = ""] #[doc = #doc] }
                    });
            let serde = match serde {
                true => None,
                false => self.derived_field_attributes(field, names, &mut functions),
            };
            let docs = field_docs(field, self.origins());
            let deprecated = field.docs.deprecated.then(|| quote! { #[deprecated] });
            fields.push(
                quote! { #docs #default_doc #deprecated #extra #serde pub #field_ident: #ty },
            );
        }
        if let (Some(extra), Some(extra_name)) = (&s.extra, self.names.extra(id)) {
            let extra_ident = ident(extra_name);
            let value = self.type_ref(extra);
            let map = map_tokens(self.settings.map);
            fields.push(quote! {
                /// Keys beyond the declared properties, kept so that nothing is lost.
                #[serde(flatten)]
                pub #extra_ident: #map<String, #value>
            });
        }
        let deny = (s.deny_unknown && !own_serde).then(|| quote! { #[serde(deny_unknown_fields)] });
        let debug = has_secret.then(|| self.redacted_debug(id, s));
        let serde_impls = (own_serde && s.is_serde()).then(|| self.struct_serde_impls(id, s));
        quote! {
            #docs
            #derive_tokens
            #deny
            pub struct #name { #(#fields,)* }
            #serde_impls
            #debug
            #(#functions)*
        }
    }

    /// A named schema with validation keywords: a newtype whose one field holds only values
    /// keeping them. Built with `new` or `TryFrom`, read through its checks, and used as its
    /// value through `Deref`, `AsRef` and `Display` (for a scalar).
    fn validated_newtype(
        &mut self,
        id: TypeId,
        def: &TypeDef,
        s: &Struct,
        docs: TokenStream,
    ) -> TokenStream {
        let name = ident(self.names.ty(id));
        let label = self.names.ty(id);
        let field = &s.fields[0];
        let checks = field
            .checks
            .as_ref()
            .expect("a validated newtype has checks");
        let inner = self.type_ref(&field.ty);
        let fields::NestedRules { statics, value, ty } = self.nested_rules(checks, &field.ty);
        let secret = field.secret;
        let derive_tokens = derives(def.derives, !secret, false, false);
        let summary = format!(
            " The value, if it keeps the rules of [`{label}`]'s schema (else the first it breaks)."
        );
        let debug = secret.then(|| {
            quote! {
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_tuple(#label).field(&::typewright_runtime::Redacted).finish()
                    }
                }
            }
        });
        let display = matches!(field.ty, TypeRef::Prim(_)).then(|| {
            quote! {
                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        ::std::fmt::Display::fmt(&self.0, f)
                    }
                }
            }
        });
        quote! {
            #docs
            #derive_tokens
            pub struct #name(#inner);
            impl #name {
                #[doc = #summary]
                pub fn new(value: impl Into<#inner>) -> Result<Self, ::typewright_runtime::Invalid> {
                    ::typewright_runtime::valid(value.into(), Self::violation, #secret).map(Self)
                }
                /// The value inside.
                pub fn into_inner(self) -> #inner {
                    self.0
                }
                fn violation(value: &#inner) -> Option<::typewright_runtime::Violation> {
                    #(#statics)*
                    static RULES: #ty = #value;
                    ::typewright_runtime::Rules::violation(&RULES, value)
                }
            }
            impl TryFrom<#inner> for #name {
                type Error = ::typewright_runtime::Invalid;
                fn try_from(value: #inner) -> Result<Self, Self::Error> {
                    Self::new(value)
                }
            }
            impl ::std::ops::Deref for #name {
                type Target = #inner;
                fn deref(&self) -> &#inner {
                    &self.0
                }
            }
            impl AsRef<#inner> for #name {
                fn as_ref(&self) -> &#inner {
                    &self.0
                }
            }
            impl From<#name> for #inner {
                fn from(value: #name) -> Self {
                    value.0
                }
            }
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                    serde::Serialize::serialize(&self.0, serializer)
                }
            }
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    ::typewright_runtime::read_valid(deserializer, Self::violation, #secret).map(Self)
                }
            }
            #display
            #debug
        }
    }

    /// A field's `#[serde(..)]` for serde's derives, with the `deserialize_with` function its
    /// checks need pushed onto `functions`; `None` when it needs none.
    fn derived_field_attributes(
        &mut self,
        field: &Field,
        names: &FieldNames,
        functions: &mut Vec<TokenStream>,
    ) -> Option<TokenStream> {
        let mut attrs = Vec::new();
        if let Some(rename) = &names.field.rename {
            attrs.push(quote! { rename = #rename });
        }
        if let Some(function) = &names.default {
            attrs.push(quote! { default = #function });
        }
        match (field.presence, &names.check) {
            (_, Some(check)) => {
                let path = check.as_str();
                attrs.push(quote! { deserialize_with = #path });
                functions.push(self.check_fn(field, check));
            }
            (Presence::RequiredNullable, None) if field.default.is_none() => {
                attrs.push(quote! { deserialize_with = "::typewright_runtime::required_nullable" });
            }
            // Optional and nullable: `Some(None)` is an explicit null, `None` is absent.
            (Presence::Optional, None) if matches!(field.ty, TypeRef::Option(_)) => {
                attrs.push(quote! { deserialize_with = "::typewright_runtime::present" });
            }
            // Optional, of any value: `Some(Value::Null)` is an explicit null.
            (Presence::Optional, None) if field.keeps_null() => {
                attrs.push(quote! { deserialize_with = "::typewright_runtime::some" });
            }
            _ => {}
        }
        if field.presence == Presence::Optional {
            attrs.push(quote! { default, skip_serializing_if = "Option::is_none" });
        }
        if field.flatten {
            attrs.push(quote! { flatten });
        }
        (!attrs.is_empty()).then(|| quote! { #[serde(#(#attrs),*)] })
    }

    fn union(&mut self, id: TypeId, def: &TypeDef, u: &Union, docs: TokenStream) -> TokenStream {
        let name = ident(self.names.ty(id));
        if u.is_content() {
            return self.content_enum(id, def, u, docs);
        }
        let tagged = u.tag.is_some() && u.variants.iter().all(|v| v.tag.is_some());
        // Two objects that skip undeclared keys can both read one value: pick the one that
        // keeps every key, not the first (serde's `untagged`).
        let open = u
            .variants
            .iter()
            .filter(|v| self.is_open_struct(&v.ty))
            .count();
        let ambiguous = !tagged && open >= 2;
        let derive_tokens = derives(def.derives, true, true, !tagged && !ambiguous);
        let members = self.names.variants(id);
        let (checks, functions) = self.variant_checks(id, u);
        let variants = u
            .variants
            .iter()
            .zip(members)
            .enumerate()
            .map(|(i, (v, member))| {
                let variant = ident(&member.ident);
                let ty = self.boxed(&v.ty, v.boxed);
                let read = checks[i]
                    .as_deref()
                    .map(|check| quote! { #[serde(deserialize_with = #check)] });
                let doc = match (&u.tag, &v.tag) {
                    (Some(property), Some(tag)) => {
                        let tags: Vec<String> = std::iter::once(tag)
                            .chain(&v.also)
                            .map(|t| format!("`{t}`"))
                            .collect();
                        format!("`{property}` is {}.", tags.join(" or "))
                    }
                    _ => format!(
                        "A value of type `{}`.",
                        types::type_text(&self.type_ref(&v.ty))
                    ),
                };
                let doc = doc_attrs(&[doc]);
                quote! { #doc #read #variant(#ty) }
            });
        let variant_list: Vec<TokenStream> = variants.collect();
        let lint = variant_names_lint(self.names.ty(id), &self.names.variant_idents(id));
        let label = self.names.ty(id);
        let read = |i: usize| read_variant(u, members, &checks, i);
        let untagged = ambiguous.then(|| {
            let alternatives = (0..u.variants.len()).map(read);
            quote! {
                impl<'de> serde::Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                        let alternatives: &[::typewright_runtime::Alternative<Self>] = &[#(#alternatives),*];
                        ::typewright_runtime::untagged(value, #label, alternatives)
                    }
                }
            }
        });
        let deserialize = tagged.then(|| tagged_deserialize(&name, label, u, members, &read));
        quote! {
            #docs
            #derive_tokens
            #[serde(untagged)]
            #lint
            pub enum #name { #(#variant_list,)* }
            #deserialize
            #untagged
            #(#functions)*
        }
    }

    /// An inline branch's checks: the function that reads each variant through them (a
    /// boxed variant is a generated type, which has none), and the functions themselves.
    fn variant_checks(&mut self, id: TypeId, u: &Union) -> (Vec<Option<String>>, Vec<TokenStream>) {
        let checks: Vec<Option<String>> = (0..u.variants.len())
            .map(|i| {
                self.names
                    .variant_check(id, i)
                    .filter(|_| !u.variants[i].boxed)
                    .map(str::to_string)
            })
            .collect();
        let mut functions = Vec::new();
        for (v, check) in u.variants.iter().zip(&checks) {
            let (Some(check), Some(rules)) = (check, &v.checks) else {
                continue;
            };
            let field = Field {
                checks: Some(rules.clone()),
                ..Field::inner(v.ty.clone())
            };
            functions.push(self.check_fn(&field, check));
        }
        (checks, functions)
    }

    /// A struct that takes undeclared keys without keeping them: a variant that could read a
    /// value meant for another and drop its keys.
    fn is_open_struct(&self, ty: &TypeRef) -> bool {
        let TypeRef::Named(id) = ty else {
            return false;
        };
        matches!(&self.ir.get(self.ir.definition(*id)).kind,
            TypeKind::Struct(s) if !s.deny_unknown && s.extra.is_none() && !s.transparent)
    }

    /// A generated type as seen from the module being emitted: its name, or
    /// `super::<module>::<name>` when another spec file defines it.
    fn type_path(&self, id: TypeId) -> TokenStream {
        let name = ident(self.names.ty(id));
        let document = self.ir.get(id).document;
        if document == self.document {
            quote! { #name }
        } else {
            let module = ident(&self.names.modules[document]);
            quote! { super::#module::#name }
        }
    }

    /// The `Config::type_attribute`s (and `Config::derive`s) whose path names type `id`.
    pub(super) fn type_attributes(&self, id: TypeId) -> impl Iterator<Item = TokenStream> {
        let (name, pointer) = (self.names.ty(id), &self.ir.get(id).docs.pointer);
        self.settings
            .type_attributes
            .iter()
            .filter(move |(path, _)| path == "*" || path == name || path == pointer)
            .map(|(_, attributes)| attributes.tokens())
    }

    /// The `Config::field_attribute`s whose path names this field.
    fn field_attributes(&self, type_name: &str, field: &Field, rust_name: &str) -> TokenStream {
        let rust_name = rust_name.trim_start_matches("r#");
        let mut tokens = TokenStream::new();
        for (path, attributes) in &self.settings.field_attributes {
            let Some((ty, name)) = path.split_once('.') else {
                continue;
            };
            let type_matches = ty == "*" || ty == type_name;
            let field_matches = name == "*" || name == field.wire_name || name == rust_name;
            if type_matches && field_matches {
                tokens.extend(attributes.tokens());
            }
        }
        tokens
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
        types::rust_type(
            ty,
            self.ir,
            self.names,
            self.settings.map,
            Place::Module(self.document),
        )
    }
}

/// The map type's path as tokens, for fields and for the runtime's `Checked` impl.
pub(crate) fn map_tokens(map: MapType) -> TokenStream {
    let path: syn::Path = syn::parse_str(map.path()).expect("a fixed path");
    quote! { #path }
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
    let serde_crate = (serialize || deserialize)
        .then(|| quote! { #[serde(crate = "::typewright_runtime::serde")] });
    quote! {
        #[derive(#(#list),*)]
        #serde_crate
    }
}

/// The match arms of a tagged union: each tag value once, with the variants that take it in
/// spec order, and the values that lead to the same variants in one arm (`"cat" | "kitten"`).
/// Built from distinct values, so no arm can repeat another, whatever the spec says.
fn tag_arms(u: &Union) -> Vec<(Vec<&str>, Vec<usize>)> {
    let mut takers: indexmap::IndexMap<&str, Vec<usize>> = indexmap::IndexMap::new();
    for (index, variant) in u.variants.iter().enumerate() {
        for tag in variant.tag.iter().chain(&variant.also) {
            let list = takers.entry(tag.as_str()).or_default();
            if !list.contains(&index) {
                list.push(index);
            }
        }
    }
    let mut arms: indexmap::IndexMap<Vec<usize>, Vec<&str>> = indexmap::IndexMap::new();
    for (tag, list) in takers {
        arms.entry(list).or_default().push(tag);
    }
    arms.into_iter().map(|(list, tags)| (tags, list)).collect()
}

/// `match scrutinee { 0 => arms[0], 1 => arms[1], .., _ => last }`: a choice by position,
/// whose last arm is the wildcard so that none is unreachable. Takes two arms or more.
fn match_position(scrutinee: TokenStream, arms: &[TokenStream]) -> TokenStream {
    let (last, rest) = arms.split_last().expect("two arms or more");
    let indices = (0..rest.len()).map(proc_macro2::Literal::usize_unsuffixed);
    quote! {
        match #scrutinee {
            #(#indices => #rest,)*
            _ => #last,
        }
    }
}

/// Builds an identifier from a name the naming pass chose.
fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => format_ident!("{}", name),
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::Run;

    pub(super) fn emitted(spec: &str) -> String {
        let run = Run::new(spec);
        assert!(run.messages.is_empty(), "{:?}", run.messages);
        printed(&run, &|_| 0)
    }

    /// The output of `run`, formatted where the formatting budget allows by `estimate`.
    fn printed(run: &Run, estimate: &dyn Fn(crate::ir::TypeId) -> usize) -> String {
        let (modules, items) = super::emit(
            &run.ir,
            &vec![true; run.ir.types.len()],
            &run.names,
            &["Docs.".into()],
            &run.sources,
            &run.settings,
        );
        crate::output::format(
            modules,
            &|module, id| items.item(module, id),
            estimate,
            "",
            usize::MAX,
            None,
        )
        .expect("valid Rust")
        .code
    }

    /// Past the formatting budget items are printed plainly: the same program, whitespace
    /// aside, for every construct the fixtures hold.
    #[test]
    fn plain_items_are_the_formatted_program() {
        for spec in [
            include_str!("../tests/fixtures/operations/input.yaml"),
            include_str!("../tests/fixtures/unions/input.yaml"),
            include_str!("../tests/fixtures/defaults-and-checks/input.yaml"),
            include_str!("../tests/fixtures/enums/input.yaml"),
        ] {
            let run = Run::new(spec);
            let formatted = printed(&run, &|_| 0);
            let plain = printed(&run, &|_| usize::MAX);
            assert_ne!(plain, formatted);
            let reparsed = syn::parse_file(&plain).expect("the plain output parses");
            let again = prettyplease::unparse(&reparsed);
            if again.trim_start() != formatted.trim_start() {
                let dir = std::env::temp_dir();
                std::fs::write(dir.join("typewright-formatted.rs"), &formatted).unwrap();
                std::fs::write(dir.join("typewright-plain-again.rs"), &again).unwrap();
                panic!("the plain output is another program: see {}", dir.display());
            }
        }
    }

    #[test]
    fn structs_read_and_write_through_the_runtime_without_serde_attributes() {
        let code = emitted(
            "$defs:\n  Pet:\n    type: object\n    required: [petId, tag]\n    properties:\n      petId: {type: string}\n      tag: {type: [string, 'null']}\n      name: {type: string}\n",
        );
        // No serde attributes at all: both impls go through the runtime, not serde's derive.
        assert!(!code.contains("#[serde"), "{code}");
        assert!(!code.contains("serde::Serialize)]"), "{code}");
        assert!(code.contains("\n        pub pet_id: String,\n"), "{code}");
        assert!(
            code.contains("\n        pub tag: Option<String>,\n"),
            "{code}"
        );
        assert!(
            code.contains("let len = 2 + usize::from(self.name.is_some());"),
            "{code}"
        );
        assert!(
            code.contains("map.field(\"petId\", &self.pet_id);"),
            "{code}"
        );
        assert!(
            code.contains("map.optional(\"name\", &self.name);"),
            "{code}"
        );
        assert!(code.contains("return Err(map.missing(\"tag\"));"), "{code}");
        assert!(code.contains("tag: slot_tag,"), "{code}");
        assert!(code.contains("name: slot_name.flatten()"), "{code}");
        // The file and the pointer, not the position (`Config::source_positions`).
        assert!(
            code.contains("Generated from `t.yaml` (`#/$defs/Pet`)."),
            "{code}"
        );
    }

    /// A property or parameter named like the reader's slot (`field0`) is initialised in
    /// shorthand, as clippy's `redundant_field_names` asks.
    #[test]
    fn members_named_like_their_slots_use_shorthand() {
        let code = emitted(
            "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n  /things:\n    get:\n      parameters:\n        - {name: field0, in: query, required: true, schema: {type: string}}\n      responses:\n        '200': {description: OK}\ncomponents:\n  schemas:\n    Slots:\n      type: object\n      required: [field0]\n      properties:\n        field0: {type: string}\n        field1: {type: string}\n",
        );
        let flat = code.split_whitespace().collect::<Vec<_>>().join(" ");
        // A struct's slots are named by their fields, apart from them.
        assert!(
            flat.contains("Ok(Self { field0: slot_field0, field1: slot_field1.flatten(), })"),
            "{code}"
        );
        assert!(flat.contains("parts.finish(Self { field0 })"), "{code}");
    }

    #[test]
    fn open_enums_keep_unknown_values() {
        let code =
            emitted("$defs:\n  Level:\n    enum: [low, high]\n    x-typewright-open: true\n");
        assert!(code.contains("Unknown(String)"), "{code}");
        assert!(code.contains("_ => Ok(Self::Unknown(value))"), "{code}");
        assert!(code.contains("\"low\" => Ok(Self::Low)"), "{code}");
    }
}
