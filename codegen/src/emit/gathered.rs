//! What gathers a module's operations: the `Routes` struct of the operations it serves, and
//! the `Webhook` enum of the requests its API sends (webhooks and callbacks).

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::ident;
use super::operations::rt;
use crate::ir::{Ir, MediaKind, OperationDef, Presence, TypeKind, TypeRef};
use crate::names::{ModuleItems, Names};

/// What gathers a module's operations: the runtime's `routes!` (its `Routes` struct, a
/// field per operation with a path, and their axum impls, all behind the runtime's `axum`
/// feature) and the `Webhook` enum of the requests the API sends. `operations` are the
/// indexes of the module's operations whose request types are kept.
pub(super) fn module_items(
    ir: &Ir,
    names: &Names,
    module: &ModuleItems,
    operations: &[usize],
) -> TokenStream {
    let (events, served): (Vec<usize>, Vec<usize>) = operations
        .iter()
        .partition(|&&i| ir.operations[i].event.is_some());
    let routes = module
        .routes
        .as_ref()
        .filter(|_| !served.is_empty())
        .map(|routes| routes_struct(ir, names, routes, &served));
    let webhook = module
        .webhook
        .as_ref()
        .filter(|_| !events.is_empty())
        .map(|webhook| webhook_enum(ir, names, webhook, &events));
    quote! { #routes #webhook }
}

/// The struct of a handler per operation with a path, and what makes it one axum router.
fn routes_struct(ir: &Ir, names: &Names, routes: &str, served: &[usize]) -> TokenStream {
    let name = ident(routes);
    let server = quote! { ::typewright_runtime::server };
    let members: Vec<proc_macro2::Ident> = served
        .iter()
        .map(|&i| ident(&names.operations[i].member))
        .collect();
    let fields = served.iter().zip(&members).map(|(&i, member)| {
        let op = &ir.operations[i];
        let request = ident(names.ty(op.request));
        let doc = doc_attrs(&[format!("`{}` (operation `{}`).", op.label, op.name)]);
        quote! { #doc pub #member: #server::Route<#request, S>, }
    });
    let doc = doc_attrs(&[
        "A handler for each operation, served as one axum router (feature `axum` of `typewright-runtime`):".into(),
        format!("`{routes} {{ field: Route::new(handler), ..{routes}::unserved() }}.into_router()`."),
        String::new(),
        "Every field must be given, so a missing operation is a compile error; the operations left to `unserved()` answer `501 Not Implemented`.".into(),
    ]);
    quote! {
        #doc
        #[derive(Debug)]
        pub struct #name<S = ()> { #(#fields)* }
        impl<S: Clone + Send + Sync + 'static> #name<S> {
            /// Every operation left out on purpose: each answers `501 Not Implemented`.
            pub fn unserved() -> Self {
                Self { #(#members: #server::Route::unserved(),)* }
            }
            /// One router for every operation, each at its method and path.
            pub fn into_router(self) -> #server::Router<S> {
                let mut mount = #server::Mount::default();
                #(mount.add(self.#members);)*
                mount.finish()
            }
        }
    }
}

/// The enum of the requests the API sends (webhooks and callbacks), read from an
/// `http::Request` by the property whose constant value tells the payloads apart, or by
/// trying each payload in the spec's order where none does.
fn webhook_enum(ir: &Ir, names: &Names, webhook: &str, events: &[usize]) -> TokenStream {
    let rt = rt();
    let name = ident(webhook);
    let variants: Vec<(proc_macro2::Ident, proc_macro2::Ident)> = events
        .iter()
        .map(|&i| {
            let variant = ident(&names.operations[i].member);
            (variant, ident(names.ty(ir.operations[i].request)))
        })
        .collect();
    let items = events
        .iter()
        .zip(&variants)
        .map(|(&i, (variant, request))| {
            let op = &ir.operations[i];
            let doc = doc_attrs(&[format!("`{}`.", op.label)]);
            quote! { #doc #variant(#request) }
        });
    let read = match discriminator(ir, events) {
        Some((property, values)) => {
            let arms = values
                .iter()
                .zip(&variants)
                .map(|(value, (variant, request))| {
                    quote! { #value => #request::try_from(request).map(Self::#variant), }
                });
            quote! {
                match #rt::body_tag(&request, #property)?.as_str() {
                    #(#arms)*
                    other => Err(#rt::unknown_event(#property, other, &[#(#values),*])),
                }
            }
        }
        None => {
            let readers = variants.iter().map(|(variant, request)| {
                quote! { |request| #request::try_from(request).map(Self::#variant) }
            });
            quote! { #rt::first_reading(request, &[#(#readers),*]) }
        }
    };
    let doc = doc_attrs(&[
        "A request the API sends: one of its webhooks and callbacks, read from an `http::Request` (verify its signature first: `typewright_runtime::webhooks`).".into(),
    ]);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #(#items),* }
        impl TryFrom<::typewright_runtime::http::Request<Vec<u8>>> for #name {
            type Error = #rt::Error;
            fn try_from(request: ::typewright_runtime::http::Request<Vec<u8>>) -> Result<Self, Self::Error> {
                #read
            }
        }
    }
}

/// The JSON property every event's body requires with one constant string, a different one
/// for each event, and those strings in `events` order; `None` where there is none.
fn discriminator(ir: &Ir, events: &[usize]) -> Option<(String, Vec<String>)> {
    let constants: Vec<Vec<(&str, &str)>> = events
        .iter()
        .map(|&i| body_constants(ir, &ir.operations[i]))
        .collect::<Option<_>>()?;
    constants.first()?.iter().find_map(|(property, _)| {
        let values: Vec<String> = constants
            .iter()
            .map(|c| {
                c.iter()
                    .find(|(p, _)| p == property)
                    .map(|(_, v)| v.to_string())
            })
            .collect::<Option<_>>()?;
        let distinct: std::collections::HashSet<&String> = values.iter().collect();
        (distinct.len() == values.len()).then(|| (property.to_string(), values))
    })
}

/// The required properties of an operation's JSON body that hold one constant string.
fn body_constants<'i>(ir: &'i Ir, op: &'i OperationDef) -> Option<Vec<(&'i str, &'i str)>> {
    let body = op.body.as_ref()?;
    if body.media.as_ref()?.kind != MediaKind::Json {
        return None;
    }
    let id = if body.is_request {
        op.request
    } else {
        let TypeKind::Struct(s) = &ir.get(op.request).kind else {
            return None;
        };
        match &s.fields.last()?.ty {
            TypeRef::Named(id) => *id,
            _ => return None,
        }
    };
    let TypeKind::Struct(s) = &ir.get(id).kind else {
        return None;
    };
    Some(
        s.fields
            .iter()
            .filter(|f| f.presence == Presence::Required && !f.flatten)
            .filter_map(|f| {
                let TypeRef::Named(id) = &f.ty else {
                    return None;
                };
                match &ir.get(*id).kind {
                    TypeKind::Enum(e) if !e.open => match e.values.as_slice() {
                        [crate::words::Literal::String(value)] => {
                            Some((f.wire_name.as_str(), value.as_str()))
                        }
                        _ => None,
                    },
                    _ => None,
                }
            })
            .collect(),
    )
}
