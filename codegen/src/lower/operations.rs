//! An operation's request type and responses. The request is a struct with one
//! field per parameter, typed and checked like a property, and the body last; an operation
//! with no parameters and an inline body of one media type uses the body's type itself, as
//! the Speakeasy SDKs do (Polar's `Oauth2RequestTokenRequestBody`).

use super::{Lowering, NameCtx};
use crate::diag::Code;
use crate::ir::{
    Body, Derives, Docs, Field, MediaKind, MediaType, NameSource, OperationDef, Param, Presence,
    Prim, Response, Security, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union, Variant,
};
use crate::resolve::{self, is_json};
use crate::schema::{InstanceType, Property, SchemaId};
use crate::words::{ExternType, In, Origin, Pagination, SecurityScheme, Shape, Style, in_word};

/// The field that holds the body, after the parameters.
const BODY_FIELD: &str = "body";

impl Lowering<'_> {
    pub(super) fn operation(&mut self, index: usize, op: &resolve::PathOperation) {
        let docs = Docs {
            title: op.summary.clone(),
            description: op.description.clone(),
            context: Some(format!(
                "The request of `{}` (operation `{}`).",
                op.label, op.name
            )),
            span: Some(op.span),
            pointer: op.pointer.clone(),
            deprecated: op.deprecated,
            ..Docs::default()
        };
        let body_media: Vec<(MediaType, Option<SchemaId>)> = op
            .body
            .iter()
            .flat_map(|b| &b.media)
            .map(|m| {
                let mut media = media_type(&m.media_type);
                match media.kind {
                    MediaKind::Form => media.encoding = m.encoding.clone(),
                    // Without a schema there are no properties to make parts of.
                    MediaKind::Multipart if m.schema.is_none() => media.kind = MediaKind::Bytes,
                    MediaKind::Multipart => media.part_types = m.part_types.clone(),
                    // Streams are responses; a request sends them as the bytes they are.
                    MediaKind::EventStream | MediaKind::JsonLines => media.kind = MediaKind::Bytes,
                    _ => {}
                }
                (media, m.schema)
            })
            .collect();
        let required_body = op.body.as_ref().is_some_and(|b| b.required);
        let own_body = match body_media.as_slice() {
            [(media, Some(schema))] if op.parameters.is_empty() && required_body => {
                self.own_body_type(*schema, op, media)
            }
            _ => None,
        };
        let security = self.security(op);
        if let Some(request) = own_body {
            let media = body_media.into_iter().next().map(|(m, _)| m);
            let responses = self.responses(request, op);
            let pagination = self.paging(op, &responses);
            let events = crate::ir::event_stream(&self.ir, &responses);
            self.ir.operations.push(OperationDef {
                retries: op.retries.clone(),
                pagination,
                events,
                security,
                event: op.event.clone(),
                label: op.label.clone(),
                name: op.name.clone(),
                method: op.method.clone(),
                path: op.path.clone(),
                document: op.document,
                tags: op.tags.clone(),
                request,
                params: Vec::new(),
                body: Some(Body {
                    required: true,
                    media,
                    is_request: true,
                }),
                responses,
            });
            return;
        }
        let name = NameSource::Root(Origin::Request {
            operation: op.name.clone(),
        });
        let request = self.add_type(name, docs, op.document);
        let mut fields = Vec::new();
        let mut params = Vec::new();
        for parameter in &op.parameters {
            fields.push(self.parameter_field(request, parameter));
            params.push(Param {
                name: parameter.name.clone(),
                location: parameter.location,
                style: parameter.style,
                explode: parameter.explode,
                allow_reserved: parameter.allow_reserved,
                shape: self.param_shape(parameter.schema),
            });
        }
        let body = (!body_media.is_empty()).then(|| {
            let (ty, media) = self.body_type(request, op, body_media);
            let presence = if required_body {
                Presence::Required
            } else {
                Presence::Optional
            };
            fields.push(plain_field(BODY_FIELD, ty, presence, "The request body."));
            Body {
                required: required_body,
                media,
                is_request: false,
            }
        });
        self.ir.types[request.0 as usize].kind = TypeKind::Struct(Struct {
            fields,
            operation: Some(index),
            ..Struct::default()
        });
        let responses = self.responses(request, op);
        let pagination = self.paging(op, &responses);
        let events = crate::ir::event_stream(&self.ir, &responses);
        self.ir.operations.push(OperationDef {
            retries: op.retries.clone(),
            pagination,
            events,
            security,
            event: op.event.clone(),
            label: op.label.clone(),
            name: op.name.clone(),
            method: op.method.clone(),
            path: op.path.clone(),
            document: op.document,
            tags: op.tags.clone(),
            request,
            params,
            body,
            responses,
        });
    }

    /// The operation's own security requirements, each scheme resolved; `None` when it has
    /// its document's.
    fn security(&mut self, op: &resolve::PathOperation) -> Option<Security> {
        // The document's `security` is what the API asks of its callers, not of the requests
        // it sends: a webhook requires only what it says itself.
        if op.event.is_some() && op.security.is_none() {
            return Some(Vec::new());
        }
        let own = op.security.as_ref()?;
        Some(self.requirements(op.document, own))
    }

    /// `requirements` with each scheme resolved against the document's: an alternative that
    /// names a scheme the document does not define, or one a client cannot apply, is left
    /// out (the first with a warning here, the second where the scheme is defined).
    pub(super) fn requirements(
        &mut self,
        document: usize,
        requirements: &[resolve::Requirement],
    ) -> Security {
        let Some(api) = self.graph.apis.get(document) else {
            return Vec::new();
        };
        let mut alternatives = Vec::new();
        // Alternatives already kept, by their schemes' names (a name is one scheme): a
        // repeated one is kept once, in time linear in the list.
        let mut kept = std::collections::HashSet::new();
        'alternatives: for requirement in requirements {
            let mut schemes = Vec::new();
            for (name, span) in requirement {
                match api.schemes.get(name) {
                    Some(Some(kind)) => schemes.push(SecurityScheme {
                        name: name.clone(),
                        kind: kind.clone(),
                    }),
                    Some(None) => continue 'alternatives,
                    None => {
                        self.cx
                            .report(
                                Code::NotEnforced,
                                *span,
                                format!("security requirement names `{name}`, which no security scheme defines"),
                            )
                            .label("this alternative is left out of the operation's security");
                        continue 'alternatives;
                    }
                }
            }
            let names: Vec<String> = schemes.iter().map(|s| s.name.clone()).collect();
            if kept.insert(names) {
                alternatives.push(schemes);
            }
        }
        alternatives
    }

    /// How the operation pages, with the type of its items: the inputs must be its query
    /// parameters, and `results` a key path from its first 2XX JSON body to an array.
    /// Otherwise a warning, and the operation does not page.
    fn paging(
        &mut self,
        op: &resolve::PathOperation,
        responses: &[Response],
    ) -> Option<(Pagination, TypeRef)> {
        let Some(pagination) = op.pagination.as_ref() else {
            return self.inferred_paging(op, responses);
        };
        let inputs = [
            pagination.page.as_ref().map(|(name, _)| name),
            pagination.limit.as_ref(),
            pagination.cursor.as_ref(),
        ];
        let query = |name: &String| {
            op.parameters
                .iter()
                .any(|p| &p.name == name && p.location == In::Query)
        };
        let problem = if let Some(name) = inputs.into_iter().flatten().find(|n| !query(n)) {
            Some(format!(
                "input `{name}` is no query parameter of the operation"
            ))
        } else {
            let body = success_json_body(responses).map(|(_, ty)| ty.clone());
            let items = body.and_then(|ty| {
                pagination
                    .results
                    .iter()
                    .try_fold(ty, |ty, key| self.member_type(&ty, key))
            });
            match items.map(|ty| self.unaliased(ty)) {
                Some(TypeRef::Vec(item)) => return Some((pagination.clone(), *item)),
                _ => Some(format!(
                    "`results` ($.{}) is no array of the first 2XX JSON body",
                    pagination.results.join(".")
                )),
            }
        };
        if let Some(problem) = problem {
            self.cx
                .report(
                    Code::NotEnforced,
                    op.span,
                    format!("`x-speakeasy-pagination`: {problem}; the operation does not page"),
                )
                .label("the client sends this operation one request at a time");
        }
        None
    }

    /// Paging the spec does not declare but its shapes make plain: the first 2XX JSON body
    /// is an array, or an object with one array property (the items), and the way on is,
    /// first found: a next page's URL in the body (`next`, `next_url`, `nextLink`..., or
    /// `next` under `links`, `pagination`, `meta` or `paging`); a documented `Link` header
    /// (`rel="next"`); an integer `page` query parameter beside a page size (`per_page`,
    /// `limit`, `page_size`...). Anything less plain does not page.
    fn inferred_paging(
        &self,
        op: &resolve::PathOperation,
        responses: &[Response],
    ) -> Option<(Pagination, TypeRef)> {
        let (response, body) = success_json_body(responses)?;
        let body = self.unaliased(body.clone());
        let fields = self.struct_fields(&body);
        let (results, item) = match (&body, fields) {
            (TypeRef::Vec(item), _) => (Vec::new(), (**item).clone()),
            (_, Some(fields)) => {
                let mut arrays = fields
                    .iter()
                    .filter_map(|f| match self.unaliased(f.ty.clone()) {
                        TypeRef::Vec(item) => Some((f.wire_name.clone(), *item)),
                        _ => None,
                    });
                let (name, item) = arrays.next()?;
                if arrays.next().is_some() {
                    return None;
                }
                (vec![name], item)
            }
            _ => return None,
        };
        let mut pagination = Pagination {
            results,
            ..Pagination::default()
        };
        if let Some(path) = fields.and_then(|fields| self.next_url(fields)) {
            pagination.next_url = Some(path);
        } else if response
            .headers
            .as_ref()
            .is_some_and(|(_, params)| params.iter().any(|p| p.name.eq_ignore_ascii_case("link")))
        {
            pagination.link_next = true;
        } else {
            let query = |names: &[&str]| {
                op.parameters
                    .iter()
                    .find(|p| p.location == In::Query && names.contains(&p.name.as_str()))
            };
            let page = query(&["page"]).filter(|p| {
                p.schema.is_some_and(|s| {
                    self.schema(self.normalized.end(s))
                        .types
                        .contains(&InstanceType::Integer)
                })
            })?;
            let limit = query(&[
                "per_page",
                "perPage",
                "limit",
                "page_size",
                "pageSize",
                "size",
            ])?;
            pagination.page = Some((page.name.clone(), false));
            pagination.limit = Some(limit.name.clone());
        }
        Some((pagination, item))
    }

    /// Where a body of these fields holds the next page's URL, if it plainly does.
    fn next_url(&self, fields: &[Field]) -> Option<Vec<String>> {
        const NEXT: &[&str] = &[
            "next",
            "next_url",
            "nextUrl",
            "next_page_url",
            "nextPageUrl",
            "next_link",
            "nextLink",
            "@odata.nextLink",
        ];
        const HOLDERS: &[&str] = &["links", "pagination", "meta", "paging"];
        let string = |f: &&Field| self.unaliased(f.ty.clone()) == TypeRef::Prim(Prim::String);
        if let Some(next) = fields
            .iter()
            .filter(string)
            .find(|f| NEXT.contains(&f.wire_name.as_str()))
        {
            return Some(vec![next.wire_name.clone()]);
        }
        fields
            .iter()
            .filter(|f| HOLDERS.contains(&f.wire_name.as_str()))
            .find_map(|holder| {
                let next = self
                    .struct_fields(&holder.ty)?
                    .iter()
                    .filter(string)
                    .find(|f| f.wire_name == "next")?;
                Some(vec![holder.wire_name.clone(), next.wire_name.clone()])
            })
    }

    /// The type of `ty`'s member `key` (by its name on the wire), through options and aliases.
    fn member_type(&self, ty: &TypeRef, key: &str) -> Option<TypeRef> {
        self.struct_fields(ty)?
            .iter()
            .find(|f| f.wire_name == key)
            .map(|f| f.ty.clone())
    }

    /// The fields of the struct `ty` is, through options and aliases (`None` for anything
    /// else, a transparent newtype included).
    fn struct_fields(&self, ty: &TypeRef) -> Option<&[Field]> {
        let TypeRef::Named(id) = self.unaliased(ty.clone()) else {
            return None;
        };
        match &self.ir.types[id.0 as usize].kind {
            TypeKind::Struct(s) if !s.transparent => Some(&s.fields),
            _ => None,
        }
    }

    /// `ty` without the options and aliases around it. A bounded walk, so that paging costs
    /// no more than a constant per operation: a chain of aliases (or an alias cycle, which
    /// `analyze` cuts later) longer than 64 is left as it is, and the operation does not page.
    fn unaliased(&self, mut ty: TypeRef) -> TypeRef {
        for _ in 0..64 {
            ty = match ty {
                TypeRef::Option(inner) => *inner,
                TypeRef::Named(id) => match &self.ir.types[id.0 as usize].kind {
                    TypeKind::Alias(inner) => inner.clone(),
                    _ => return TypeRef::Named(id),
                },
                other => return other,
            };
        }
        ty
    }

    /// The body's type, when it can be the request type itself: an inline body of this
    /// operation whose type is a struct, enum or union of its own.
    fn own_body_type(
        &self,
        schema: SchemaId,
        op: &resolve::PathOperation,
        media: &MediaType,
    ) -> Option<TypeId> {
        if media.kind == MediaKind::Bytes {
            return None;
        }
        let root = self.graph.root_of(schema)?;
        let own = matches!(
            &self.graph.roots[root].origin,
            Origin::RequestBody { operation, .. } if *operation == op.name
        ) && self.graph.schema(schema).pointer.starts_with(&op.pointer);
        let defined = matches!(
            self.ir.types[root].kind,
            TypeKind::Struct(_) | TypeKind::Enum(_) | TypeKind::Union(_)
        );
        (own && defined).then_some(TypeId(root as u32))
    }

    fn parameter_field(&mut self, request: TypeId, parameter: &resolve::Parameter) -> Field {
        let Some(schema) = parameter.schema else {
            let fallback = format!(
                "The `{}` {} parameter.",
                parameter.name,
                in_word(parameter.location)
            );
            let description = parameter.description.clone().unwrap_or(fallback);
            return plain_field(
                &parameter.name,
                TypeRef::Prim(Prim::String),
                Presence::Required,
                &description,
            );
        };
        // Speakeasy's names: `OrdersListQueryParamOrganizationIDFilter`, from the schema's
        // title, or the parameter's name without one.
        let title = self.schema(schema).title.clone();
        let location = match parameter.location {
            In::Path => "PathParam",
            In::Query => "QueryParam",
            In::Header => "HeaderParam",
            In::Cookie => "CookieParam",
            In::Form => "FormParam",
        };
        let suffix = format!("{location} {}", title.unwrap_or(parameter.name.clone()));
        let ctx = NameCtx::Type(request).child(&suffix);
        let property = Property {
            name: parameter.name.clone(),
            key_span: parameter.span,
            schema,
        };
        // Only a JSON-encoded parameter can say `null`: in every style, a null (RFC 6570's
        // undefined value) is left out, so an optional parameter is `Option<T>` and no
        // `null` is modelled that the wire cannot carry.
        let nullable = self.normalized.nullable(schema)
            && (parameter.style == Style::Json || parameter.required);
        let mut field = self.field_named(&ctx, &property, parameter.required, nullable);
        // An optional parameter stays optional with a `default`: left out, it is not sent,
        // and the server applies the default. The default is kept for the docs and the
        // public function that returns it.
        if !parameter.required && field.default.is_some() {
            if field.presence == Presence::RequiredNullable {
                field.ty = TypeRef::Option(Box::new(field.ty));
            }
            field.presence = Presence::Optional;
        }
        // The parameter's description says what it is for; the schema's, what it holds.
        if parameter.description.is_some() {
            field.docs.description = parameter.description.clone();
        }
        if field.docs.description.is_none() && field.docs.title.is_none() {
            field.docs.description = Some(format!(
                "The `{}` {} parameter.",
                parameter.name,
                in_word(parameter.location)
            ));
        }
        field.docs.deprecated |= parameter.deprecated;
        field
    }

    /// How a parameter's text splits when read: by what its schema (or any of its
    /// alternatives) describes.
    fn param_shape(&self, schema: Option<SchemaId>) -> Shape {
        let Some(schema) = schema else {
            return Shape::Primitive;
        };
        let end = self.normalized.end(schema);
        let mut candidates = vec![end];
        candidates.extend(
            self.normalized
                .branches(end)
                .iter()
                .map(|&b| self.normalized.end(b)),
        );
        let any = |ty: InstanceType| {
            candidates.iter().any(|&c| {
                let s = self.schema(c);
                s.types.contains(&ty)
                    || (ty == InstanceType::Array && s.types.is_empty() && s.items.is_some())
                    || (ty == InstanceType::Object
                        && s.types.is_empty()
                        && (!s.properties.is_empty() || s.additional_properties.is_some()))
            })
        };
        if any(InstanceType::Array) {
            Shape::Array
        } else if any(InstanceType::Object) {
            Shape::Object
        } else {
            Shape::Primitive
        }
    }

    /// The body field's type: the one media type's, or an enum with a variant per media type.
    fn body_type(
        &mut self,
        request: TypeId,
        op: &resolve::PathOperation,
        media: Vec<(MediaType, Option<SchemaId>)>,
    ) -> (TypeRef, Option<MediaType>) {
        let mut typed: Vec<(MediaType, TypeRef)> = Vec::new();
        for (kind, schema) in media {
            let ty = self.media_value(&kind, schema, &NameCtx::Type(request).child("Body"));
            typed.push((kind, ty));
        }
        if typed.len() == 1 {
            let (media, ty) = typed.pop().expect("one");
            return (ty, Some(media));
        }
        let variants = typed
            .into_iter()
            .map(|(media, ty)| Variant {
                tag: None,
                also: Vec::new(),
                ty,
                boxed: false,
                name: Some(variant_word(&media.name)),
                media: Some(media),
                checks: None,
            })
            .collect();
        let name = NameSource::Child {
            parent: request,
            suffix: "RequestContent".into(),
        };
        let docs = Docs {
            description: Some(
                "The request body, in one of the media types the operation accepts.".into(),
            ),
            span: Some(op.span),
            pointer: format!("{}/requestBody", op.pointer),
            ..Docs::default()
        };
        let id = self.add_type(name, docs, self.ir.get(request).document);
        self.ir.types[id.0 as usize].kind = TypeKind::Union(Union {
            tag: None,
            variants,
        });
        (TypeRef::Named(id), None)
    }

    /// A body's Rust type for one media type: its schema's, `serde_json::Value` for JSON
    /// without a schema, bytes for anything else.
    fn media_value(
        &mut self,
        media: &MediaType,
        schema: Option<SchemaId>,
        ctx: &NameCtx,
    ) -> TypeRef {
        match (media.kind, schema) {
            (MediaKind::Bytes, _) => bytes(),
            (_, None) => TypeRef::Any,
            (_, Some(schema)) => {
                let ty = self.type_ref(schema, ctx);
                self.wrap_nullable(schema, ty)
            }
        }
    }

    fn responses(&mut self, request: TypeId, op: &resolve::PathOperation) -> Vec<Response> {
        op.responses
            .iter()
            .map(|r| Response {
                key: r.key.clone(),
                status: r.status.clone(),
                description: r.description.clone(),
                content: self.response_content(request, op, r),
                headers: self.response_headers(op, r),
            })
            .collect()
    }

    /// A struct of a response's documented headers, each typed and checked as a property.
    fn response_headers(
        &mut self,
        op: &resolve::PathOperation,
        response: &resolve::Response,
    ) -> Option<(TypeId, Vec<Param>)> {
        if response.headers.is_empty() {
            return None;
        }
        let name = NameSource::Root(Origin::ResponseHeaders {
            operation: op.name.clone(),
            status: response.key.clone(),
        });
        let docs = Docs {
            description: Some(format!(
                "The headers of the `{}` response of `{}` (operation `{}`).",
                response.key, op.label, op.name
            )),
            span: Some(op.span),
            pointer: format!("{}/responses/{}/headers", op.pointer, response.key),
            ..Docs::default()
        };
        let id = self.add_type(name, docs, op.document);
        let mut fields = Vec::new();
        let mut params = Vec::new();
        for header in &response.headers {
            let description = header
                .description
                .clone()
                .unwrap_or_else(|| format!("The `{}` header.", header.name));
            let mut field = match header.schema {
                Some(schema) => {
                    let property = Property {
                        name: header.name.clone(),
                        key_span: header.span,
                        schema,
                    };
                    let ctx = NameCtx::Type(id).child(&header.name);
                    let nullable = self.normalized.nullable(schema);
                    self.field_named(&ctx, &property, header.required, nullable)
                }
                None => {
                    let presence = match header.required {
                        true => Presence::Required,
                        false => Presence::Optional,
                    };
                    plain_field(&header.name, TypeRef::Prim(Prim::String), presence, "")
                }
            };
            field.docs.description = Some(description);
            field.docs.deprecated |= header.deprecated;
            fields.push(field);
            params.push(Param {
                name: header.name.clone(),
                location: In::Header,
                style: Style::Simple,
                explode: false,
                allow_reserved: false,
                shape: self.param_shape(header.schema),
            });
        }
        self.ir.types[id.0 as usize].kind = TypeKind::Struct(Struct {
            fields,
            response_headers: true,
            ..Struct::default()
        });
        Some((id, params))
    }

    /// A response's body: its one media type, or (where it has several that read
    /// differently) a content enum with a variant per media type, read by the response's
    /// `content-type`. Media types that read the same way into the same type are one: the
    /// first JSON one with a schema leads, else the first.
    fn response_content(
        &mut self,
        request: TypeId,
        op: &resolve::PathOperation,
        response: &resolve::Response,
    ) -> Option<(MediaType, TypeRef)> {
        let lead = response
            .media
            .iter()
            .position(|m| is_json(&m.media_type) && m.schema.is_some())
            .or((!response.media.is_empty()).then_some(0))?;
        let mut order: Vec<&resolve::Media> = vec![&response.media[lead]];
        order.extend(
            response
                .media
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != lead)
                .map(|(_, m)| m),
        );
        // Response bodies are roots, or refer to one: the name is for safety only.
        let ctx = NameCtx::Type(request).child(&format!("Response {}", response.key));
        let mut typed: Vec<(MediaType, TypeRef)> = Vec::new();
        for chosen in order {
            let (media, ty) = self.response_media(chosen, &ctx);
            // Bytes keep their media type each (`image/png`, `image/jpeg`); anything else
            // that reads the same way into the same type is read by the first.
            let same = typed
                .iter()
                .any(|(m, t)| m.kind == media.kind && *t == ty && media.kind != MediaKind::Bytes);
            if !same {
                typed.push((media, ty));
            }
        }
        if typed.len() == 1 {
            return typed.pop();
        }
        let first = typed[0].0.clone();
        let variants = typed
            .into_iter()
            .map(|(media, ty)| Variant {
                tag: None,
                also: Vec::new(),
                ty,
                boxed: false,
                name: Some(variant_word(&media.name)),
                media: Some(media),
                checks: None,
            })
            .collect();
        let name = NameSource::Root(Origin::ResponseContent {
            operation: op.name.clone(),
            status: response.key.clone(),
        });
        let docs = Docs {
            description: Some(format!(
                "The body of the `{}` response of `{}` (operation `{}`), in one of its media types: read by the response's `content-type`.",
                response.key, op.label, op.name
            )),
            span: Some(op.span),
            pointer: format!("{}/responses/{}/content", op.pointer, response.key),
            ..Docs::default()
        };
        let id = self.add_type(name, docs, self.ir.get(request).document);
        self.ir.types[id.0 as usize].kind = TypeKind::Union(Union {
            tag: None,
            variants,
        });
        let media = MediaType {
            kind: MediaKind::Several,
            ..first
        };
        Some((media, TypeRef::Named(id)))
    }

    /// One media type of a response, and the type its body reads into.
    fn response_media(&mut self, chosen: &resolve::Media, ctx: &NameCtx) -> (MediaType, TypeRef) {
        let mut media = media_type(&chosen.media_type);
        // A form or multipart response is rare enough to be read as the bytes it is.
        if matches!(media.kind, MediaKind::Form | MediaKind::Multipart) {
            media.kind = MediaKind::Bytes;
        }
        let ty = match media.kind {
            MediaKind::EventStream => {
                media.sentinel = chosen.sentinel.clone();
                let data = chosen.schema.map(|s| self.event_data(s));
                let item = self.media_value(&json_media(), data, ctx);
                stream_type("EventStream", item)
            }
            MediaKind::JsonLines => {
                let item = self.media_value(&json_media(), chosen.schema, ctx);
                stream_type("JsonLines", item)
            }
            _ => self.media_value(&media, chosen.schema, ctx),
        };
        (media, ty)
    }

    /// The schema of an event's data: the `data` property's, where the schema describes
    /// the events (only `id`, `event`, `data` and `retry`), else the schema itself.
    fn event_data(&self, schema: SchemaId) -> SchemaId {
        let end = self.schema(self.normalized.end(schema));
        let envelope = end
            .properties
            .iter()
            .all(|p| EVENT_FIELDS.contains(&p.name.as_str()));
        match end.properties.iter().find(|p| p.name == "data") {
            Some(data) if envelope => data.schema,
            _ => schema,
        }
    }
}

impl Lowering<'_> {
    /// A type whose kind is filled in once its parts are lowered (they may refer to it).
    fn add_type(&mut self, name: NameSource, docs: Docs, document: usize) -> TypeId {
        let id = TypeId(self.ir.types.len() as u32);
        self.ir.types.push(TypeDef {
            name,
            docs,
            kind: TypeKind::Alias(TypeRef::Any),
            document,
            derives: Derives::default(),
            rust_name: None,
        });
        id
    }
}

/// The first 2XX response with a body, and that body's type, when it is JSON: what pages
/// are read from.
fn success_json_body(responses: &[Response]) -> Option<(&Response, &TypeRef)> {
    let response = responses
        .iter()
        .filter(|r| r.status.is_2xx())
        .find(|r| r.content.is_some())?;
    match response.content.as_ref()? {
        (media, ty) if media.kind == MediaKind::Json => Some((response, ty)),
        _ => None,
    }
}

/// The media types of JSON values one per line.
const JSON_LINES: &[&str] = &[
    "application/x-ndjson",
    "application/ndjson",
    "application/jsonl",
    "application/x-jsonlines",
    "application/jsonlines",
];

/// The names of a server-sent event's fields: a schema of only these, `data` among them,
/// describes the events themselves (Speakeasy's convention), not their data.
const EVENT_FIELDS: &[&str] = &["id", "event", "data", "retry"];

fn bytes() -> TypeRef {
    TypeRef::External(
        ExternType::parse("Vec<u8>").expect("a Rust type"),
        Vec::new(),
    )
}

fn json_media() -> MediaType {
    media_type("application/json")
}

/// `typewright_runtime::operation::{EventStream, JsonLines}` of `item`.
fn stream_type(name: &str, item: TypeRef) -> TypeRef {
    let path = format!("typewright_runtime::operation::{name}");
    TypeRef::External(ExternType::parse(&path).expect("a Rust type"), vec![item])
}

/// How a media type is written: JSON, a form, or bytes.
fn media_type(name: &str) -> MediaType {
    let essence = crate::words::media_essence(name);
    let kind = if is_json(&essence) {
        MediaKind::Json
    } else if essence == "application/x-www-form-urlencoded" {
        MediaKind::Form
    } else if essence == "multipart/form-data" {
        MediaKind::Multipart
    } else if essence == "text/event-stream" {
        MediaKind::EventStream
    } else if JSON_LINES.contains(&essence.as_str()) {
        MediaKind::JsonLines
    } else {
        MediaKind::Bytes
    };
    // A request cannot be sent as `*/*`: JSON is what such a schema is written in.
    let name = if essence.contains('*') {
        "application/json".to_string()
    } else {
        name.to_string()
    };
    MediaType {
        name,
        kind,
        encoding: Vec::new(),
        part_types: Vec::new(),
        sentinel: None,
    }
}

/// A content enum's variant for a media type: `Json`, `Form`, else its subtype (`Xml`,
/// `OctetStream`, `MergePatchJson`).
fn variant_word(media_type: &str) -> String {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    match essence {
        "application/json" => "Json".into(),
        "application/x-www-form-urlencoded" => "Form".into(),
        _ => essence.rsplit('/').next().unwrap_or(essence).to_string(),
    }
}

fn plain_field(name: &str, ty: TypeRef, presence: Presence, description: &str) -> Field {
    Field {
        wire_name: name.to_string(),
        presence,
        docs: Docs {
            description: (!description.is_empty()).then(|| description.to_string()),
            ..Docs::default()
        },
        ..Field::inner(ty)
    }
}

#[cfg(test)]
mod tests {
    use crate::test_support::Run;
    use crate::words::Shape;

    /// A parameter's shape comes from its schema, through `$ref`s; its inline type is named
    /// after the operation, its location and its title (or name); a response's documented
    /// headers are a struct of their own.
    #[test]
    fn parameters_are_shaped_and_named_by_their_operation() {
        let run = Run::new(
            r#"
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /orders:
    get:
      operationId: orders:list
      parameters:
        - {name: ids, in: query, schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, schema: {$ref: '#/components/schemas/Filter'}}
        - {name: organization_id, in: query, schema: {title: OrganizationID Filter, type: string, enum: [a, b]}}
      responses:
        "200":
          description: ok
          headers: {X-Total: {schema: {type: integer}}}
components:
  schemas:
    Filter: {type: object, properties: {q: {type: string}}}
"#,
        );
        let op = &run.ir.operations[0];
        let shapes: Vec<(&str, Shape)> = op
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.shape))
            .collect();
        assert_eq!(
            shapes,
            [
                ("ids", Shape::Array),
                ("filter", Shape::Object),
                ("organization_id", Shape::Primitive),
            ]
        );
        run.id("OrdersListQueryParamOrganizationIDFilter");
        let (headers, written) = op.responses[0]
            .headers
            .as_ref()
            .expect("documented headers");
        assert_eq!(run.names.ty(*headers), "OrdersListOkHeaders");
        assert_eq!(written[0].name, "X-Total");
    }
}
