//! Pass 5, `emit`: turn the IR and its names into Rust tokens.
//!
//! Nothing here decides a name: identifiers come from [`Names`]. The only fixed names are the
//! support items in `__typewright` (see [`crate::runtime`]), which users never name.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{
    Derives, Docs, Field, Ir, Presence, Prim, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union,
};
use crate::names::Names;
use crate::runtime::{Helper, Helpers};

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
        modules.push(quote! {
            #doc
            pub mod #module {
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
        let docs = type_docs(&def.docs);
        match &def.kind {
            TypeKind::Alias(ty) => {
                let ty = self.type_ref(ty);
                quote! { #docs pub type #name = #ty; }
            }
            TypeKind::Struct(s) => self.structure(id, def, s, docs),
            TypeKind::Enum(e) => {
                let derives = derives(def.derives, true, true);
                let members = self.names.members(id);
                let variants = e
                    .values
                    .iter()
                    .zip(members)
                    .enumerate()
                    .map(|(i, (value, v))| {
                        let variant = ident(&v.ident);
                        let doc = doc_attrs(&[format!("`{value}`")]);
                        let rename = v.rename.as_ref().map(|r| quote! { #[serde(rename = #r)] });
                        let default =
                            (def.derives.default && i == 0).then(|| quote! { #[default] });
                        quote! { #doc #default #rename #variant }
                    });
                quote! {
                    #docs
                    #derives
                    pub enum #name { #(#variants,)* }
                }
            }
            TypeKind::Union(u) => self.union(id, def, u, docs),
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
        let has_secret = s.fields.iter().any(|f| f.secret);
        let derive_tokens = derives(def.derives, !has_secret, true);
        let mut fields = Vec::new();
        let mut check_fns = Vec::new();
        for ((field, member), check) in s.fields.iter().zip(members).zip(checks) {
            let field_ident = ident(&member.ident);
            let ty = self.field_type(field);
            let mut attrs = Vec::new();
            if let Some(rename) = &member.rename {
                attrs.push(quote! { rename = #rename });
            }
            match (field.presence, check) {
                (_, Some(check)) => {
                    let path = check.as_str();
                    attrs.push(quote! { deserialize_with = #path });
                    check_fns.push(self.length_check(field, check, &ty));
                }
                (Presence::RequiredNullable, None) => {
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
            let serde = (!attrs.is_empty()).then(|| quote! { #[serde(#(#attrs),*)] });
            let docs = field_docs(field);
            fields.push(quote! { #docs #serde pub #field_ident: #ty });
        }
        let debug = has_secret.then(|| self.redacted_debug(id, s));
        quote! {
            #docs
            #derive_tokens
            pub struct #name { #(#fields,)* }
            #debug
            #(#check_fns)*
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

    fn length_check(&mut self, field: &Field, check: &str, ty: &TokenStream) -> TokenStream {
        self.helpers.use_helper(Helper::CheckLength);
        let length = field
            .length
            .expect("names gives checks only to fields with a length");
        let bound = |b: Option<u64>| match b {
            Some(n) => quote! { Some(#n) },
            None => quote! { None },
        };
        let (min, max) = (bound(length.min), bound(length.max));
        let wire = field.wire_name.as_str();
        let check = ident(check);
        quote! {
            fn #check<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<#ty, D::Error> {
                super::__typewright::check_length(deserializer, #wire, #min, #max)
            }
        }
    }

    fn union(&mut self, id: TypeId, def: &TypeDef, u: &Union, docs: TokenStream) -> TokenStream {
        let name = ident(self.names.ty(id));
        let tagged = u.tag.is_some() && u.variants.iter().all(|v| v.tag.is_some());
        let derive_tokens = derives(def.derives, true, !tagged);
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
                Prim::I32 => quote! { i32 },
                Prim::I64 => quote! { i64 },
                Prim::U32 => quote! { u32 },
                Prim::U64 => quote! { u64 },
                Prim::F32 => quote! { f32 },
                Prim::F64 => quote! { f64 },
            },
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

fn derives(d: Derives, debug: bool, deserialize: bool) -> TokenStream {
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
    list.push(quote! { serde::Serialize });
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
    if let Some(length) = field.length {
        let range = match (length.min, length.max) {
            (Some(min), Some(max)) => format!("{min} to {max} characters"),
            (Some(min), None) => format!("at least {min} characters"),
            (None, Some(max)) => format!("at most {max} characters"),
            (None, None) => String::new(),
        };
        facts.push(format!("Length: {range}, checked when deserializing."));
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

fn push_prose(lines: &mut Vec<String>, docs: &Docs) {
    let mut paragraphs: Vec<String> = Vec::new();
    paragraphs.extend(docs.title.iter().cloned());
    paragraphs.extend(docs.context.iter().cloned());
    paragraphs.extend(docs.description.iter().cloned());
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
