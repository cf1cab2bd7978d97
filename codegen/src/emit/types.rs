//! The one printer of IR types as Rust: `emit` prints them inside a module, `examples` from
//! the root of the generated file.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, map_tokens};
use crate::ir::{Ir, MapType, Prim, TypeRef};
use crate::names::Names;

/// Where a type is printed: inside the module of a document, or at the root of the output.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Place {
    Module(usize),
    Root,
}

/// `ty` as Rust tokens, with paths to generated types written as seen from `place`.
pub(crate) fn rust_type(
    ty: &TypeRef,
    ir: &Ir,
    names: &Names,
    map: MapType,
    place: Place,
) -> TokenStream {
    let inner = |t: &TypeRef| rust_type(t, ir, names, map, place);
    match ty {
        TypeRef::Named(id) => {
            let name = ident(names.ty(*id));
            let document = ir.get(*id).document;
            match place {
                Place::Module(here) if here == document => quote! { #name },
                Place::Module(_) => {
                    let module = ident(&names.modules[document]);
                    quote! { super::#module::#name }
                }
                Place::Root => {
                    let module = ident(&names.modules[document]);
                    quote! { #module::#name }
                }
            }
        }
        TypeRef::Prim(Prim::String) => quote! { String },
        TypeRef::Prim(Prim::Bool) => quote! { bool },
        TypeRef::Prim(other) => {
            let name = format_ident!("{}", other.rust());
            quote! { #name }
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(inner);
            quote! { (#(#items,)*) }
        }
        TypeRef::External(path, params) => {
            let path = path.parsed();
            if params.is_empty() {
                quote! { #path }
            } else {
                let params = params.iter().map(inner);
                quote! { #path<#(#params),*> }
            }
        }
        TypeRef::Vec(item) => {
            let item = inner(item);
            quote! { Vec<#item> }
        }
        TypeRef::Map(value) => {
            let value = inner(value);
            let map = map_tokens(map);
            quote! { #map<String, #value> }
        }
        TypeRef::Option(value) => {
            let value = inner(value);
            quote! { Option<#value> }
        }
        TypeRef::Any => quote! { serde_json::Value },
        TypeRef::Null => quote! { () },
    }
}

/// Type tokens as a person writes them: `Vec<pets::Pet>`, `(i64, String,)`.
pub(crate) fn type_text(tokens: &TokenStream) -> String {
    let spaced = tokens.to_string();
    let mut out = String::with_capacity(spaced.len());
    let mut chars = spaced.chars().peekable();
    while let Some(c) = chars.next() {
        if c != ' ' {
            out.push(c);
            if c == ',' {
                out.push(' ');
            }
            continue;
        }
        // Keep a space only between two words (`dyn Trait`); punctuation needs none.
        let before = out.chars().last().is_some_and(is_word);
        let after = chars.peek().copied().is_some_and(is_word);
        if before && after {
            out.push(' ');
        }
    }
    out.replace(", )", ",)").replace(", >", ">")
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '\''
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_text_reads_like_rust() {
        let cases = [
            (quote! { Vec<pets::Pet> }, "Vec<pets::Pet>"),
            (quote! { (i64, String,) }, "(i64, String,)"),
            (
                quote! { ::std::collections::BTreeMap<String, Option<serde_json::Value> > },
                "::std::collections::BTreeMap<String, Option<serde_json::Value>>",
            ),
            (quote! { Box<dyn Send> }, "Box<dyn Send>"),
        ];
        for (tokens, text) in cases {
            assert_eq!(type_text(&tokens), text);
        }
    }
}
