//! An operation's impls: its request type to and from `http::Request<Vec<u8>>`,
//! and its response enum to and from `http::Response<Vec<u8>>`. Each parameter is one
//! `Param` constant and one runtime call per direction; the styles live in the runtime.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, format_ident, quote};

use super::docs::{doc_attrs, markdown_lines};
use super::{Emitter, ident, match_position};
use crate::ir::{MediaKind, MediaType, OperationDef, Presence, TypeId, TypeKind, TypeRef};
use crate::words::{Pagination, Retries, SchemeKind, SecurityScheme, Server, Status};

const RT: &str = "::typewright_runtime::operation";

pub(super) fn rt() -> TokenStream {
    RT.parse().expect("a path")
}

impl Emitter<'_> {
    /// Everything an operation adds beside its request type: constants, conversions, and
    /// the response enum with its conversions.
    pub(super) fn operation_items(&self, index: usize) -> TokenStream {
        let op = &self.ir.operations[index];
        let request = self.request_impls(op, &self.names.operations[index].response);
        // The response enum, and the operation whose name it is defined under here, if it is.
        let (response, defined) = match self.responses[index] {
            super::ResponseEnum::Own { shared } => {
                let name = &self.names.operations[index].response;
                (self.response_enum(index, op, shared, name), Some(index))
            }
            super::ResponseEnum::Alias { of, defines } => {
                // The first operation is left out by a selection: its enum is defined here,
                // under its name, from this operation's responses (the same code, through
                // aliases that this selection keeps).
                let name = &self.names.operations[of].response;
                let definition = defines.then(|| self.response_enum(index, op, true, name));
                let alias = self.response_alias(index, op, of);
                (quote! { #definition #alias }, defines.then_some(of))
            }
        };
        // An operation with a path is served: its request type an axum extractor and its
        // response enum an axum response, where the runtime's `axum` feature is on (once per
        // enum, where it is defined).
        let serve = op.event.is_none().then(|| {
            let request = ident(self.names.ty(op.request));
            match defined {
                Some(of) => {
                    let response = ident(&self.names.operations[of].response);
                    quote! { ::typewright_runtime::axum_impls!(#request, #response); }
                }
                None => quote! { ::typewright_runtime::axum_impls!(#request); },
            }
        });
        quote! { #request #response #serve }
    }

    /// The response enum of an operation whose responses are those of `Ir::operations[first]`:
    /// an alias of that one's enum.
    fn response_alias(&self, index: usize, op: &OperationDef, first: usize) -> TokenStream {
        let name = ident(&self.names.operations[index].response);
        let target = ident(&self.names.operations[first].response);
        let doc = doc_attrs(&[
            self.responses_line(op),
            String::new(),
            format!(
                "The same responses as `{}` (operation `{}`): this is that operation's enum.",
                self.ir.operations[first].label, self.ir.operations[first].name
            ),
        ]);
        quote! {
            #doc
            pub type #name = #target;
        }
    }

    /// The first doc line of an operation's response enum, or of its alias.
    fn responses_line(&self, op: &OperationDef) -> String {
        format!(
            "The responses of `{}` (operation `{}`), by status: what [`{}`] gets back.",
            op.label,
            op.name,
            self.names.ty(op.request)
        )
    }

    fn request_impls(&self, op: &OperationDef, response: &str) -> TokenStream {
        let rt = rt();
        let name = ident(self.names.ty(op.request));
        let response = ident(response);
        let (method, path) = (op.method.as_str(), op.path.as_str());
        let params: Vec<TokenStream> = op.params.iter().map(param_tokens).collect();
        let count = Literal::usize_unsuffixed(params.len());
        let fields = self.param_fields(op.request, op.params.len());
        // One statement per parameter each way.
        let mut client = Vec::new();
        for (i, (member, presence, _, _)) in fields.iter().enumerate() {
            let i = Literal::usize_unsuffixed(i);
            let param = quote! { &#name::PARAMETERS[#i] };
            client.push(match presence {
                Presence::Optional => quote! { out.optional(#param, &request.#member); },
                _ => quote! { out.param(#param, &request.#member); },
            });
        }
        let server = reads(&fields, &quote! { #name::PARAMETERS });
        let body = op.body.as_ref();
        let body_member = body.filter(|b| !b.is_request).map(|_| {
            let names = self.names.fields(op.request);
            ident(&names[op.params.len()].field.ident)
        });
        let body_ty = body.filter(|b| !b.is_request).and_then(|_| {
            let TypeKind::Struct(s) = &self.ir.get(op.request).kind else {
                return None;
            };
            s.fields.last().map(|f| f.ty.clone())
        });
        // The server side reads each value into a local (`None` on failure, the reason kept
        // by `parts`) and builds the request at the end: no `?` per value. A read that can
        // fail keeps its error in `parts`, which then is `mut`; a body's bytes cannot fail.
        let (write_body, construct, body_can_fail) = match (body, &body_member) {
            (Some(b), _) if b.is_request => request_body(b),
            (Some(b), Some(member)) => {
                self.body_field(b, member, body_ty.as_ref(), &fields, &server)
            }
            _ => (TokenStream::new(), server.construct(), false),
        };
        let parameters = (!params.is_empty()).then(|| {
            quote! {
                /// The operation's parameters, as the spec declares them.
                pub const PARAMETERS: [#rt::Param; #count] = [#(#params),*];
            }
        });
        let context = format!("`{}`", op.label);
        let method_doc = doc_attrs(&[format!("The method of {context}.")]);
        let path_doc = doc_attrs(&[format!("The path template of {context}.")]);
        // A request without parameters or body writes nothing: `request` is unused and
        // `out` is not changed.
        let (request_binding, out_binding) = if client.is_empty() && write_body.is_empty() {
            (quote! { _request }, quote! { out })
        } else {
            (quote! { request }, quote! { mut out })
        };
        let parts_binding = if server.inits.is_empty() && !body_can_fail {
            quote! { parts }
        } else {
            quote! { mut parts }
        };
        let constructor = self.request_constructor(op);
        let security = match &op.security {
            Some(own) => security_tokens(own),
            // The document's, written once in the module: `DEFAULT_SECURITY`.
            None => self
                .ir
                .security
                .get(op.document)
                .filter(|default| !default.is_empty())
                .map(|_| {
                    quote! {
                        const SECURITY: &'static [&'static [#rt::SecurityScheme]] = DEFAULT_SECURITY;
                    }
                }),
        };
        let retries = match &op.retries {
            Some(own) => {
                let value = retries_value(own);
                Some(quote! { const RETRIES: Option<#rt::Retries> = Some(#value); })
            }
            None => self
                .ir
                .retries
                .get(op.document)
                .and_then(Option::as_ref)
                .map(|_| quote! { const RETRIES: Option<#rt::Retries> = Some(DEFAULT_RETRIES); }),
        };
        let paging = op
            .pagination
            .as_ref()
            .map(|(pagination, item)| pagination_tokens(&name, pagination, self.type_ref(item)));
        let refusal = refusal_status(op).map(|status| {
            let status = Literal::u16_unsuffixed(status);
            quote! { const REFUSAL: Option<u16> = Some(#status); }
        });
        let streamed = op.events.as_ref().map(|(data, sentinel)| {
            let data = self.type_ref(data);
            let sentinel = match sentinel {
                Some(text) => quote! { Some(#text) },
                None => quote! { None },
            };
            quote! {
                impl #rt::Streamed for #name {
                    type Data = #data;
                    const SENTINEL: Option<&'static str> = #sentinel;
                }
            }
        });
        quote! {
            impl #name {
                #constructor
                #method_doc
                pub const METHOD: &'static str = #method;
                #path_doc
                pub const PATH: &'static str = #path;
                #parameters
            }
            impl #rt::Operation for #name {
                type Response = #response;
                const METHOD: &'static str = #name::METHOD;
                const PATH: &'static str = #name::PATH;
                #security
                #retries
                #refusal
            }
            #paging
            #streamed
            impl TryFrom<#name> for ::typewright_runtime::http::Request<Vec<u8>> {
                type Error = #rt::Error;
                fn try_from(#request_binding: #name) -> Result<Self, Self::Error> {
                    let #out_binding = #rt::RequestBuilder::new(#name::METHOD, #name::PATH);
                    #(#client)*
                    #write_body
                    out.finish()
                }
            }
            impl TryFrom<::typewright_runtime::http::Request<Vec<u8>>> for #name {
                type Error = #rt::Error;
                fn try_from(request: ::typewright_runtime::http::Request<Vec<u8>>) -> Result<Self, Self::Error> {
                    let #parts_binding = #rt::RequestParts::new(&request, Self::METHOD, Self::PATH)?;
                    #construct
                }
            }
        }
    }

    /// `new`, taking a request's required values (in field order) and leaving every optional
    /// one out: with struct update syntax, any request is one expression
    /// (`Request { limit: Some(10), ..Request::new(id) }`). None for a request that is its
    /// body's type, or whose every value is optional (it derives `Default`).
    fn request_constructor(&self, op: &OperationDef) -> Option<TokenStream> {
        if op.body.as_ref().is_some_and(|b| b.is_request) {
            return None;
        }
        let TypeKind::Struct(s) = &self.ir.get(op.request).kind else {
            return None;
        };
        let names = self.names.fields(op.request);
        let mut arguments = Vec::new();
        let mut inits = Vec::new();
        for (field, names) in s.fields.iter().zip(names) {
            let member = ident(&names.field.ident);
            match field.presence {
                Presence::Optional => inits.push(quote! { #member: None }),
                _ => {
                    let ty = self.field_type(field);
                    arguments.push(quote! { #member: #ty });
                    inits.push(quote! { #member });
                }
            }
        }
        if arguments.is_empty() {
            return None;
        }
        let many = (arguments.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        let request = self.names.ty(op.request);
        let doc = match inits.len() > arguments.len() {
            true => doc_attrs(&[
                "The request with its required values; every optional one is left out.".into(),
                String::new(),
                format!(
                    "Set others with struct update syntax: `{request} {{ field: Some(..), ..{request}::new(..) }}`."
                ),
            ]),
            false => doc_attrs(&["The request with its values.".into()]),
        };
        Some(quote! {
            #doc
            #many
            pub fn new(#(#arguments),*) -> Self {
                Self { #(#inits),* }
            }
        })
    }

    /// A body field of a request: how it is written, the request built with it read back, and
    /// whether reading it can fail.
    fn body_field(
        &self,
        b: &crate::ir::Body,
        member: &proc_macro2::Ident,
        body_ty: Option<&crate::ir::TypeRef>,
        fields: &[ParamField],
        server: &Reads,
    ) -> (TokenStream, TokenStream, bool) {
        let content = match &b.media {
            Some(media) => Content::One(media),
            None => Content::Several(self.content_variants(body_ty)),
        };
        let write_value = |value: TokenStream| match &content {
            Content::One(media) => write_media(media, value),
            Content::Several(variants) => {
                let arms = variants.iter().map(|(path, media)| {
                    let write = write_media(media, quote! { value });
                    quote! { #path(value) => { #write } }
                });
                quote! { match #value { #(#arms)* } }
            }
        };
        // An `Option` of the body.
        let read_value = match &content {
            Content::One(media) => read_media(media),
            Content::Several(variants) => {
                let types: Vec<&str> = variants.iter().map(|(_, m)| m.name.as_str()).collect();
                let arms: Vec<TokenStream> = variants
                    .iter()
                    .map(|(path, media)| match media.kind {
                        MediaKind::Bytes => quote! { Some(#path(parts.bytes())) },
                        _ => {
                            let read = read_media(media);
                            quote! { #read.map(#path) }
                        }
                    })
                    .collect();
                match_position(quote! { parts.media_type(&[#(#types),*])? }, &arms)
            }
        };
        let local = format_ident!("field{}", fields.len());
        let read = match (b.required, &content) {
            (true, Content::One(media)) if media.kind == MediaKind::Bytes => {
                quote! { let #local = parts.bytes(); }
            }
            (true, _) => quote! {
                let #local = #read_value;
                let Some(#local) = #local else {
                    return Err(parts.into_error());
                };
            },
            (false, _) => quote! {
                let #local = if parts.has_body() { #read_value } else { None };
            },
        };
        let write = if b.required {
            write_value(quote! { &request.#member })
        } else {
            let write = write_value(quote! { body });
            quote! { if let Some(body) = &request.#member { #write } }
        };
        let body_can_fail = match &content {
            Content::One(media) => can_fail(media),
            Content::Several(variants) => variants.iter().any(|(_, m)| can_fail(m)),
        };
        let mut server = server.clone();
        server.reads.push(read);
        server.inits.push(super::member_init(member, &local));
        (write, server.construct(), body_can_fail)
    }

    /// The first `count` fields of struct `id` (its parameters or headers): member,
    /// presence, checks and default function of each.
    fn param_fields(&self, id: TypeId, count: usize) -> Vec<ParamField> {
        let TypeKind::Struct(s) = &self.ir.get(id).kind else {
            return Vec::new();
        };
        let names = self.names.fields(id);
        s.fields
            .iter()
            .zip(names)
            .take(count)
            .map(|(field, names)| {
                let checks = field
                    .checks
                    .as_ref()
                    .map(|checks| match checks.is_nested() {
                        // A parameter's value is the field's type (an absent optional one is no
                        // value): the tree of rules is built for it.
                        true => {
                            let nested = self.nested_rules(checks, &field.ty);
                            let value = nested.value;
                            (nested.statics, quote! { &#value }, true)
                        }
                        false => {
                            let (statics, rules) = Emitter::check_rules(field);
                            (statics, quote! { &[#(#rules),*] }, false)
                        }
                    });
                let default = names.default.as_deref().map(ident);
                (ident(&names.field.ident), field.presence, checks, default)
            })
            .collect()
    }

    /// A response's headers struct: its `HEADERS`, and reading and writing a header map.
    pub(super) fn headers_impls(&self, id: TypeId, params: &[crate::ir::Param]) -> TokenStream {
        let rt = rt();
        let name = ident(self.names.ty(id));
        let fields = self.param_fields(id, params.len());
        let count = Literal::usize_unsuffixed(params.len());
        let constants: Vec<TokenStream> = params.iter().map(param_tokens).collect();
        let read = reads(&fields, &quote! { Self::HEADERS }).construct();
        let writes = fields
            .iter()
            .enumerate()
            .map(|(i, (member, presence, _, _))| {
                let i = Literal::usize_unsuffixed(i);
                let value = match presence {
                    Presence::Optional => quote! { &self.#member },
                    _ => quote! { &Some(&self.#member) },
                };
                quote! { #rt::write_header(headers, &Self::HEADERS[#i], #value)?; }
            });
        quote! {
            impl #name {
                /// The documented headers, as the spec declares them.
                pub const HEADERS: [#rt::Param; #count] = [#(#constants),*];
                /// Reads the documented headers from a response's headers.
                pub fn from_headers(headers: &::typewright_runtime::http::HeaderMap) -> Result<Self, #rt::Error> {
                    let mut parts = #rt::RequestParts::of_headers(headers);
                    #read
                }
                /// Writes the documented headers into a response's headers.
                pub fn to_headers(&self, headers: &mut ::typewright_runtime::http::HeaderMap) -> Result<(), #rt::Error> {
                    #(#writes)*
                    Ok(())
                }
            }
        }
    }

    /// The variants of a body's content enum, with the media type of each.
    fn content_variants(&self, ty: Option<&crate::ir::TypeRef>) -> Vec<(TokenStream, MediaType)> {
        let Some(crate::ir::TypeRef::Named(id)) = ty else {
            return Vec::new();
        };
        let TypeKind::Union(u) = &self.ir.get(*id).kind else {
            return Vec::new();
        };
        let path = self.type_path(*id);
        u.variants
            .iter()
            .zip(self.names.variants(*id))
            .filter_map(|(v, named)| {
                let variant = ident(&named.ident);
                let media = v.media.clone()?;
                Some((quote! { #path::#variant }, media))
            })
            .collect()
    }

    fn response_enum(
        &self,
        index: usize,
        op: &OperationDef,
        shared: bool,
        name: &str,
    ) -> TokenStream {
        let rt = rt();
        let names = &self.names.operations[index];
        let name = ident(name);
        let mut variants = Vec::new();
        let mut writes = Vec::new();
        let mut exact = Vec::new();
        let mut ranges = Vec::new();
        let mut fallback = None;
        for (response, variant) in op.responses.iter().zip(&names.variants) {
            let one = self.response_variant(&name, ident(variant), response);
            variants.push(one.declaration);
            writes.push(one.write);
            match one.read {
                Read::Exact(code, construct) => {
                    let code = Literal::u16_unsuffixed(code);
                    exact.push(quote! { #code => #construct });
                }
                Read::Class(d, construct) => {
                    let low = Literal::u16_unsuffixed(d * 100);
                    let high = Literal::u16_unsuffixed(d * 100 + 99);
                    ranges.push(quote! { #low..=#high => #construct });
                }
                Read::Rest(construct) => fallback = Some(construct),
            }
        }
        if let Some(undocumented) = &names.undocumented {
            let variant = ident(undocumented);
            variants.push(quote! {
                /// A status the spec does not document, with the body as it came.
                #variant {
                    /// The status.
                    status: u16,
                    /// The body.
                    body: Vec<u8>
                }
            });
            fallback = Some(quote! { Ok(Self::#variant { status, body: response.into_body() }) });
            writes.push(quote! {
                #name::#variant { status, body } => #rt::bytes_response(status, None, body)
            });
        }
        let fallback = fallback.expect("`default` or the undocumented variant");
        // Only `default` (or nothing documented): every status is that one variant.
        let choice = if exact.is_empty() && ranges.is_empty() {
            fallback
        } else {
            quote! {
                match status {
                    #(#exact,)*
                    #(#ranges,)*
                    _ => #fallback,
                }
            }
        };
        let mut doc = vec![
            self.responses_line(op),
            String::new(),
            "Converts from `http::Response<Vec<u8>>` for clients and into it for servers.".into(),
        ];
        if shared {
            doc.push(String::new());
            doc.push(
                "Other operations with the same responses share this enum: their response \
                 enums' names are aliases of it."
                    .into(),
            );
        }
        let doc = doc_attrs(&doc);
        // A response is moved once, from the wire to its reader: boxing its large variants
        // would cost an allocation for nothing. Like `http::Response` it is not `PartialEq`
        // (its bodies are): that derive was 7% of GitHub's check.
        quote! {
            #doc
            #[derive(Debug, Clone)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name { #(#variants,)* }
            impl TryFrom<::typewright_runtime::http::Response<Vec<u8>>> for #name {
                type Error = #rt::Error;
                fn try_from(response: ::typewright_runtime::http::Response<Vec<u8>>) -> Result<Self, Self::Error> {
                    let status = response.status().as_u16();
                    #choice
                }
            }
            impl TryFrom<#name> for ::typewright_runtime::http::Response<Vec<u8>> {
                type Error = #rt::Error;
                fn try_from(response: #name) -> Result<Self, Self::Error> {
                    match response {
                        #(#writes,)*
                    }
                }
            }
        }
    }

    /// One documented response's variant: its declaration, its arm of the conversion into
    /// `http::Response`, and how it is read back at its status.
    fn response_variant(
        &self,
        name: &proc_macro2::Ident,
        variant: proc_macro2::Ident,
        response: &crate::ir::Response,
    ) -> ResponseVariant {
        let (code, range) = match response.status {
            Status::Code(code) => (Some(code), None),
            Status::Range(class) => (None, Some(u16::from(class))),
            Status::Default | Status::Other(_) => (None, None),
        };
        let doc = response_doc(response);
        let body_ty = response
            .content
            .as_ref()
            .map(|(media, ty)| (media, self.type_ref(ty)));
        let headers_ty = response.headers.as_ref().map(|(id, _)| self.type_path(*id));
        // What the variant holds, named: the status of a range or `default`, the
        // documented headers, the body.
        let mut decl = Vec::new();
        let mut binds = Vec::new();
        let status_value = match code {
            Some(code) => Literal::u16_unsuffixed(code).into_token_stream(),
            None => {
                decl.push(quote! {
                    /// The status.
                    status: u16
                });
                binds.push(quote! { status });
                quote! { status }
            }
        };
        if let Some(headers) = &headers_ty {
            decl.push(quote! {
                /// The documented headers.
                headers: #headers
            });
            binds.push(quote! { headers });
        }
        // How the body is read: decoded (JSON, events, lines, or by its media type), or
        // taken as the bytes it is; and written back.
        let several = match &response.content {
            Some((media, TypeRef::Named(id))) if media.kind == MediaKind::Several => {
                Some(self.several_media(*id, &status_value))
            }
            _ => None,
        };
        let (decode, write) = match several {
            Some((decode, write)) => (Some(decode), with_headers(write, headers_ty.is_some())),
            None => (
                body_ty.as_ref().and_then(|(media, _)| read_body(media)),
                write_response(
                    body_ty.as_ref().map(|(media, _)| *media),
                    headers_ty.is_some(),
                    &status_value,
                ),
            ),
        };
        let json_body = decode.is_some();
        // A body alone at an exact status is a tuple variant: `Ok(Pet)`.
        let tuple = code.is_some() && headers_ty.is_none();
        let before_body = binds.clone();
        let (declaration, pattern) = match (&body_ty, tuple) {
            (Some((_, ty)), true) => (quote! { #variant(#ty) }, quote! { #name::#variant(body) }),
            (None, true) => (quote! { #variant }, quote! { #name::#variant }),
            (body, false) => {
                if let Some((_, ty)) = body {
                    decl.push(quote! {
                        /// The body.
                        body: #ty
                    });
                    binds.push(quote! { body });
                }
                (
                    quote! { #variant { #(#decl),* } },
                    quote! { #name::#variant { #(#binds),* } },
                )
            }
        };
        // Reading the variant, without `?`: the body's JSON mapped into it, the
        // headers (read first: a bytes body moves the response) around that.
        let built = match (&body_ty, tuple) {
            (Some(_), true) if json_body => quote! { Self::#variant },
            (Some(_), true) => quote! { Self::#variant(response.into_body()) },
            (None, true) => quote! { Self::#variant },
            (Some(_), false) if json_body => {
                quote! { Self::#variant { #(#before_body,)* body } }
            }
            (Some(_), false) => {
                quote! { Self::#variant { #(#before_body,)* body: response.into_body() } }
            }
            (None, false) => quote! { Self::#variant { #(#binds),* } },
        };
        let construct = match (json_body, tuple) {
            (true, true) => quote! { #decode.map(#built) },
            (true, false) => quote! { #decode.map(|body| #built) },
            (false, _) => quote! { Ok(#built) },
        };
        let construct = match &headers_ty {
            Some(headers) if json_body => quote! {
                #headers::from_headers(response.headers()).and_then(|headers| #construct)
            },
            Some(headers) => quote! {
                #headers::from_headers(response.headers()).map(|headers| #built)
            },
            None => construct,
        };
        let read = match (code, range) {
            (Some(code), _) => Read::Exact(code, construct),
            (None, Some(class)) => Read::Class(class, construct),
            // `default`.
            (None, None) => Read::Rest(construct),
        };
        ResponseVariant {
            declaration: quote! { #doc #declaration },
            write: quote! { #pattern => #write },
            read,
        }
    }
}

/// A response variant's docs: its status, the spec's description (Markdown, sanitized as
/// every doc comment is) and its media type.
fn response_doc(response: &crate::ir::Response) -> TokenStream {
    let mut doc = vec![format!("Status `{}`.", response.key)];
    if let Some(text) = response
        .description
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        doc.push(String::new());
        doc.extend(markdown_lines(text));
    }
    match &response.content {
        Some((media, _)) if media.kind == MediaKind::Several => doc.extend([
            String::new(),
            "The body is in one of several media types, read by the `content-type`.".to_string(),
        ]),
        Some((media, _)) => doc.extend([String::new(), format!("The body is `{}`.", media.name)]),
        None => {}
    }
    doc_attrs(&doc)
}

/// The call that decodes a response body of `media` (`None`: it is taken as bytes).
fn read_body(media: &MediaType) -> Option<TokenStream> {
    let rt = rt();
    match media.kind {
        MediaKind::Json => Some(quote! { #rt::read_json(&response) }),
        MediaKind::EventStream => {
            let sentinel = sentinel(media);
            Some(quote! { #rt::read_events(&response, #sentinel) })
        }
        MediaKind::JsonLines => Some(quote! { #rt::read_json_lines(&response) }),
        MediaKind::Form | MediaKind::Multipart | MediaKind::Bytes | MediaKind::Several => None,
    }
}

/// An event stream's sentinel, as an `Option<&str>` expression.
fn sentinel(media: &MediaType) -> TokenStream {
    match &media.sentinel {
        Some(sentinel) => quote! { Some(#sentinel) },
        None => quote! { None },
    }
}

impl Emitter<'_> {
    /// A response content enum's reading (by the response's `content-type`) and writing
    /// (by its variant), each variant as its media type's.
    fn several_media(&self, id: TypeId, status: &TokenStream) -> (TokenStream, TokenStream) {
        let rt = rt();
        let TypeKind::Union(u) = &self.ir.get(id).kind else {
            unreachable!("lowering makes a content enum")
        };
        let path = self.type_path(id);
        let mut types = Vec::new();
        let mut reads = Vec::new();
        let mut writes = Vec::new();
        for (variant, named) in u.variants.iter().zip(self.names.variants(id)) {
            let Some(media) = &variant.media else {
                continue;
            };
            let name = ident(&named.ident);
            types.push(media.name.as_str());
            reads.push(match read_body(media) {
                Some(decode) => quote! { #decode.map(#path::#name) },
                None => quote! { Ok(#path::#name(response.body().clone())) },
            });
            let write = write_response(Some(media), false, status);
            writes.push(quote! { #path::#name(body) => #write });
        }
        let decode = match_position(
            quote! { #rt::response_media(&response, &[#(#types),*]) },
            &reads,
        );
        let write = quote! { match body { #(#writes,)* } };
        (decode, write)
    }
}

/// `write`, then the documented headers where the variant has them.
fn with_headers(write: TokenStream, headers: bool) -> TokenStream {
    match headers {
        true => quote! {
            #write.and_then(|mut written| {
                headers.to_headers(written.headers_mut()).map(|()| written)
            })
        },
        false => write,
    }
}

/// How a response variant, its fields bound as `status`, `headers` and `body`, becomes an
/// `http::Response`.
fn write_response(media: Option<&MediaType>, headers: bool, status: &TokenStream) -> TokenStream {
    let rt = rt();
    let write = match media {
        Some(media) => {
            let content_type = media.name.as_str();
            match media.kind {
                MediaKind::Json => quote! { #rt::json_response(#status, #content_type, &body) },
                MediaKind::EventStream => {
                    let sentinel = sentinel(media);
                    quote! { #rt::events_response(#status, #content_type, &body, #sentinel) }
                }
                MediaKind::JsonLines => {
                    quote! { #rt::json_lines_response(#status, #content_type, &body) }
                }
                _ => quote! { #rt::bytes_response(#status, Some(#content_type), body) },
            }
        }
        None => quote! { #rt::bytes_response(#status, None, Vec::new()) },
    };
    with_headers(write, headers)
}

impl Emitter<'_> {
    /// A request body's content enum: a variant per media type, converted by the operation.
    pub(super) fn content_enum(
        &self,
        id: TypeId,
        def: &crate::ir::TypeDef,
        u: &crate::ir::Union,
        docs: TokenStream,
    ) -> TokenStream {
        let name = ident(self.names.ty(id));
        let derive_tokens = super::derives(def.derives, true, false, false);
        let variants = u
            .variants
            .iter()
            .zip(self.names.variants(id))
            .map(|(v, named)| {
                let variant = ident(&named.ident);
                let ty = self.boxed(&v.ty, v.boxed);
                let media = v.media.as_ref().map_or("", |m| m.name.as_str());
                let doc = doc_attrs(&[format!("Sent as `{media}`.")]);
                quote! { #doc #variant(#ty) }
            });
        quote! {
            #docs
            #derive_tokens
            pub enum #name { #(#variants,)* }
        }
    }
}

/// A parameter's (or header's) field: member, presence, checks, default function.
type ParamField = (
    proc_macro2::Ident,
    Presence,
    Option<(Vec<TokenStream>, TokenStream, bool)>,
    Option<proc_macro2::Ident>,
);

/// The server side of a request (or headers) struct: a statement reading each field into
/// a local, and `member: local` for each.
#[derive(Clone)]
struct Reads {
    reads: Vec<TokenStream>,
    inits: Vec<TokenStream>,
}

impl Reads {
    /// The reads, then the struct, or the first read's error.
    fn construct(&self) -> TokenStream {
        let Reads { reads, inits } = self;
        quote! {
            #(#reads)*
            parts.finish(Self { #(#inits),* })
        }
    }
}

/// Reads each field from `parts` by the constants at `table[i]`: `None` when it fails, so
/// a required one returns the error at once and an optional one at `finish`.
fn reads(fields: &[ParamField], table: &TokenStream) -> Reads {
    let mut out = Reads {
        reads: Vec::new(),
        inits: Vec::new(),
    };
    for (i, (member, presence, checks, default)) in fields.iter().enumerate() {
        let local = format_ident!("field{i}");
        let i = Literal::usize_unsuffixed(i);
        let param = quote! { &#table[#i] };
        // A required nullable parameter left out is its null (RFC 6570 leaves a null out):
        // only a required plain one must be there.
        let required = *presence == Presence::Required && default.is_none();
        let nested = checks.as_ref().is_some_and(|(_, _, nested)| *nested);
        let method = match (required, checks.is_some(), nested) {
            (true, true, true) => quote! { required_nested },
            (true, true, false) => quote! { required_checked },
            (true, false, _) => quote! { required },
            (false, true, true) => quote! { optional_nested },
            (false, true, false) => quote! { optional_checked },
            (false, false, _) => quote! { optional },
        };
        let read = match checks {
            Some((statics, rules, _)) if statics.is_empty() => {
                quote! { parts.#method(#param, #rules) }
            }
            // A pattern's `static` lives in a block of its own.
            Some((statics, rules, _)) => {
                quote! {{ #(#statics)* parts.#method(#param, #rules) }}
            }
            None => quote! { parts.#method(#param) },
        };
        out.reads.push(match (presence, default) {
            (Presence::Optional, _) => quote! { let #local = #read; },
            (_, Some(function)) => quote! { let #local = #read.unwrap_or_else(#function); },
            (Presence::RequiredNullable, None) => quote! { let #local = #read; },
            // `let`-`else` takes no block before its `else`: a pattern's block is bound first.
            (_, None)
                if checks
                    .as_ref()
                    .is_some_and(|(statics, _, _)| !statics.is_empty()) =>
            {
                quote! {
                    let #local = #read;
                    let Some(#local) = #local else {
                        return Err(parts.into_error());
                    };
                }
            }
            (_, None) => quote! {
                let Some(#local) = #read else {
                    return Err(parts.into_error());
                };
            },
        });
        out.inits.push(super::member_init(member, &local));
    }
    out
}

enum Content<'m> {
    One(&'m MediaType),
    Several(Vec<(TokenStream, MediaType)>),
}

/// A request that is its body (a `requestBody` without parameters): how it is written, read
/// back, and whether reading it can fail.
fn request_body(b: &crate::ir::Body) -> (TokenStream, TokenStream, bool) {
    let media = b.media.as_ref().expect("a body request has one media type");
    let write = write_media(media, quote! { &request });
    let read = match media.kind {
        MediaKind::Bytes => quote! { Ok(parts.bytes()) },
        _ => {
            let value = read_media(media);
            quote! {
                let Some(body) = #value else {
                    return Err(parts.into_error());
                };
                Ok(body)
            }
        }
    };
    (write, read, can_fail(media))
}

/// Whether reading a body of `media` can fail (bytes cannot).
fn can_fail(media: &MediaType) -> bool {
    media.kind != MediaKind::Bytes
}

fn write_media(media: &MediaType, value: TokenStream) -> TokenStream {
    let content_type = media.name.as_str();
    match media.kind {
        MediaKind::Json => quote! { out.json(#content_type, #value); },
        MediaKind::Form if media.encoding.is_empty() => {
            quote! { out.form(#content_type, #value); }
        }
        MediaKind::Form => {
            let rt = rt();
            let entries = media.encoding.iter().map(|(name, style, explode)| {
                let style = variant_ident(*style);
                quote! { #rt::Encoding { name: #name, style: #rt::Style::#style, explode: #explode } }
            });
            quote! { out.form_encoded(#content_type, #value, &[#(#entries),*]); }
        }
        MediaKind::Multipart => {
            let types = media
                .part_types
                .iter()
                .map(|(name, ty)| quote! { (#name, #ty) });
            quote! { out.multipart(#value, &[#(#types),*]); }
        }
        // Streams are responses; lowering makes a request's bytes.
        MediaKind::Bytes | MediaKind::EventStream | MediaKind::JsonLines | MediaKind::Several => {
            quote! { out.bytes(#content_type, #value); }
        }
    }
}

/// The runtime's variant of a word codegen shares with it: its name, as `Debug` spells it.
fn variant_ident(word: impl std::fmt::Debug) -> proc_macro2::Ident {
    format_ident!("{word:?}")
}

/// An `Option` of the body in `media`.
fn read_media(media: &MediaType) -> TokenStream {
    match media.kind {
        MediaKind::Json => quote! { parts.json() },
        MediaKind::Form => quote! { parts.form() },
        MediaKind::Multipart => quote! { parts.multipart() },
        MediaKind::Bytes | MediaKind::EventStream | MediaKind::JsonLines | MediaKind::Several => {
            quote! { Some(parts.bytes()) }
        }
    }
}

fn param_tokens(param: &crate::ir::Param) -> TokenStream {
    let rt = rt();
    let name = param.name.as_str();
    let location = variant_ident(param.location);
    let style = variant_ident(param.style);
    let shape = variant_ident(param.shape);
    let (explode, reserved) = (param.explode, param.allow_reserved);
    quote! {
        #rt::Param {
            name: #name,
            location: #rt::In::#location,
            style: #rt::Style::#style,
            explode: #explode,
            allow_reserved: #reserved,
            shape: #rt::Shape::#shape,
        }
    }
}

/// An operation's `SECURITY`: its alternatives of schemes. Nothing when it requires none
/// (the trait's default).
fn security_tokens(security: &[Vec<SecurityScheme>]) -> Option<TokenStream> {
    let alternatives = security_value(security)?;
    let rt = rt();
    Some(quote! {
        const SECURITY: &'static [&'static [#rt::SecurityScheme]] = #alternatives;
    })
}

/// A module's `DEFAULT_SECURITY`, when its document requires any.
pub(super) fn default_security_tokens(security: &[Vec<SecurityScheme>]) -> Option<TokenStream> {
    let alternatives = security_value(security)?;
    let rt = rt();
    Some(quote! {
        /// What the operations without a `security` of their own require: alternatives, each
        /// naming the schemes it requires together (their `Operation::SECURITY`).
        pub const DEFAULT_SECURITY: &[&[#rt::SecurityScheme]] = #alternatives;
    })
}

/// Alternatives of schemes as a constant's value; `None` for none.
fn security_value(security: &[Vec<SecurityScheme>]) -> Option<TokenStream> {
    if security.is_empty() {
        return None;
    }
    let rt = rt();
    let alternatives = security.iter().map(|schemes| {
        let schemes = schemes.iter().map(|scheme| {
            let name = scheme.name.as_str();
            let kind = match &scheme.kind {
                SchemeKind::Bearer => quote! { #rt::SchemeKind::Bearer },
                SchemeKind::Basic => quote! { #rt::SchemeKind::Basic },
                SchemeKind::ApiKey { location, name } => {
                    let location = variant_ident(*location);
                    quote! { #rt::SchemeKind::ApiKey { location: #rt::In::#location, name: #name } }
                }
            };
            quote! { #rt::SecurityScheme { name: #name, kind: #kind } }
        });
        quote! { &[#(#schemes),*] }
    });
    Some(quote! { &[#(#alternatives),*] })
}

/// `Paginated` for a request whose operation pages.
fn pagination_tokens(
    name: &proc_macro2::Ident,
    pagination: &Pagination,
    item: TokenStream,
) -> TokenStream {
    let rt = rt();
    let option = |value: Option<&String>| match value {
        Some(text) => quote! { Some(#text) },
        None => quote! { None },
    };
    let path = |keys: &[String]| quote! { &[#(#keys),*] };
    let optional_path = |keys: Option<&Vec<String>>| match keys {
        Some(keys) => {
            let path = path(keys);
            quote! { Some(#path) }
        }
        None => quote! { None },
    };
    let page = option(
        pagination
            .page
            .as_ref()
            .filter(|(_, offset)| !offset)
            .map(|(n, _)| n),
    );
    let offset = option(
        pagination
            .page
            .as_ref()
            .filter(|(_, offset)| *offset)
            .map(|(n, _)| n),
    );
    let limit = option(pagination.limit.as_ref());
    let cursor = option(pagination.cursor.as_ref());
    let results = path(&pagination.results);
    let num_pages = optional_path(pagination.num_pages.as_ref());
    let next_cursor = optional_path(pagination.next_cursor.as_ref());
    let next_url = optional_path(pagination.next_url.as_ref());
    let link_next = pagination.link_next;
    quote! {
        impl #rt::Paginated for #name {
            type Item = #item;
            const PAGINATION: #rt::Pagination = #rt::Pagination {
                page: #page,
                offset: #offset,
                limit: #limit,
                cursor: #cursor,
                results: #results,
                num_pages: #num_pages,
                next_cursor: #next_cursor,
                next_url: #next_url,
                link_next: #link_next,
            };
        }
    }
}

/// A `Retries` value.
fn retries_value(retries: &Retries) -> TokenStream {
    let rt = rt();
    let statuses = retries
        .statuses
        .iter()
        .map(|(low, high)| quote! { (#low, #high) });
    let (initial, max, elapsed) = (retries.initial_ms, retries.max_ms, retries.max_elapsed_ms);
    let exponent = Literal::f64_suffixed(retries.exponent);
    let connection = retries.connection_errors;
    quote! {
        #rt::Retries {
            statuses: &[#(#statuses),*],
            initial_ms: #initial,
            max_ms: #max,
            exponent: #exponent,
            max_elapsed_ms: #elapsed,
            connection_errors: #connection,
        }
    }
}

/// A module's `DEFAULT_RETRIES`, when its document sets `x-speakeasy-retries`.
pub(super) fn default_retries_tokens(retries: &Retries) -> TokenStream {
    let rt = rt();
    let value = retries_value(retries);
    quote! {
        /// How the spec asks clients to retry the operations without an
        /// `x-speakeasy-retries` of their own (their `Operation::RETRIES`).
        pub const DEFAULT_RETRIES: #rt::Retries = #value;
    }
}

/// A module's `SERVERS`, when its spec lists any.
pub(super) fn servers_tokens(servers: &[Server]) -> Option<TokenStream> {
    if servers.is_empty() {
        return None;
    }
    let rt = rt();
    let servers = servers.iter().map(|server| {
        let url = server.url.as_str();
        let description = match &server.description {
            Some(text) => quote! { Some(#text) },
            None => quote! { None },
        };
        let variables = server.variables.iter().map(|v| {
            let (name, default) = (v.name.as_str(), v.default.as_str());
            let values = v.values.iter().map(String::as_str);
            quote! { #rt::ServerVariable { name: #name, default: #default, values: &[#(#values),*] } }
        });
        quote! { #rt::Server { url: #url, description: #description, variables: &[#(#variables),*] } }
    });
    Some(quote! {
        /// The servers the spec lists, in its order: a client's base URL
        /// (`SERVERS[0].url()`, or `Server::named(SERVERS, "sandbox")`).
        pub const SERVERS: &[#rt::Server] = &[#(#servers),*];
    })
}

/// What [`Emitter::response_variant`] makes of one response.
struct ResponseVariant {
    declaration: TokenStream,
    write: TokenStream,
    read: Read,
}

/// Which statuses read a response, and the expression that reads it.
enum Read {
    /// One status code.
    Exact(u16, TokenStream),
    /// A class of them (`4XX`: 4).
    Class(u16, TokenStream),
    /// What no other response takes (`default`).
    Rest(TokenStream),
}

/// The status the operation documents for a request it refuses: its `400`, else `422`,
/// else `4XX`, else `default` (as `400`).
fn refusal_status(op: &OperationDef) -> Option<u16> {
    let has = |wanted: &Status| op.responses.iter().any(|r| r.status == *wanted);
    [
        (Status::Code(400), 400),
        (Status::Code(422), 422),
        (Status::Range(4), 400),
        (Status::Default, 400),
    ]
    .into_iter()
    .find(|(status, _)| has(status))
    .map(|(_, code)| code)
}

#[cfg(test)]
mod tests {
    use super::super::tests::emitted;

    /// A response enum reads exact statuses first, then classes, then `default`; a class or
    /// `default` keeps its status, an exact one knows it, and a body alone at an exact
    /// status is a tuple variant.
    #[test]
    fn responses_are_read_exact_then_by_class_then_by_default() {
        let code = emitted(
            r#"
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        default: {description: other, content: {application/json: {schema: {type: string}}}}
        4XX: {description: client, content: {application/json: {schema: {type: string}}}}
        "200": {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}
        "404": {description: missing}
"#,
        );
        let read = &code[code.find("match status {").expect("statuses are matched")..];
        let exact = read.find("200 =>").expect("200 is read");
        let missing = read.find("404 =>").expect("404 is read");
        let class = read.find("400..=499 =>").expect("4XX is read as a range");
        let rest = read.find("_ => ").expect("default is the fallback");
        assert!(exact < class && missing < class && class < rest, "{code}");
        assert!(code.contains("Ok(ListPetsResponseBody)"), "{code}");
        assert!(code.contains("NotFound,"), "{code}");
        assert!(code.contains("ClientError {"), "{code}");
        assert!(code.contains("Default {"), "{code}");
        assert!(
            !code.contains("Undocumented"),
            "default takes what no other does: {code}"
        );
    }
}
