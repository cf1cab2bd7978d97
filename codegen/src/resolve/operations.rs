//! Operations: every method of every path item, with its parameters (path-item level merged
//! with the operation's), its request body by media type and its responses by status. Their
//! inline schemas are read like any other; the operation itself is kept beside the schema
//! graph for `lower` to turn into a request type and a response enum.

use super::{Resolver, escape, key_text, tree_items};
use crate::diag::{Code, Span, Spanned};
use crate::load::NodeId;
use crate::schema::{InstanceType, Property, Schema, SchemaId};
use crate::words::{In, Origin, Status, Style, in_word, media_essence};

/// One operation of `paths`.
#[derive(Clone, Debug)]
pub struct PathOperation {
    /// The `operationId`, or `method path` without one: what names its types.
    pub name: String,
    /// Upper case: `GET`.
    pub method: String,
    /// The path template: `/pets/{id}`.
    pub path: String,
    pub pointer: String,
    pub span: Span,
    pub document: usize,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// `tags`, as written: what `Config::operation_tags` selects by.
    pub tags: Vec<String>,
    pub parameters: Vec<Parameter>,
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Its own `security`; `None` inherits the document's.
    pub security: Option<Vec<super::Requirement>>,
    /// `x-speakeasy-pagination`, when it can be followed.
    pub pagination: Option<crate::words::Pagination>,
    /// Its own `x-speakeasy-retries`; `None` takes the document's.
    pub retries: Option<crate::words::Retries>,
    /// A request the API sends rather than takes (a webhook or a callback): its name there.
    /// Its `path` is empty: it comes to whatever URL its receiver gave.
    pub event: Option<String>,
    /// How docs name it: `POST /pets/{id}`, or `webhook order.created (POST)`.
    pub label: String,
}

/// A `style` as OpenAPI 3 writes it (`tabDelimited` and `Json` have no name there).
fn style_named(name: &str) -> Option<Style> {
    Some(match name {
        "simple" => Style::Simple,
        "label" => Style::Label,
        "matrix" => Style::Matrix,
        "form" => Style::Form,
        "spaceDelimited" => Style::SpaceDelimited,
        "pipeDelimited" => Style::PipeDelimited,
        "deepObject" => Style::DeepObject,
        _ => return None,
    })
}

/// `explode`'s default when a style is written: true for `form` (and `deepObject`,
/// which is only defined exploded), false otherwise.
fn explodes_by_default(style: Style) -> bool {
    style == Style::Form || style == Style::DeepObject
}

#[derive(Clone, Debug)]
pub struct Parameter {
    pub name: String,
    pub location: In,
    pub style: Style,
    pub explode: bool,
    pub allow_reserved: bool,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    /// `None`: a path template variable the spec does not declare, read as a string.
    pub schema: Option<SchemaId>,
    pub span: Span,
}

/// A media type and its schema (`None`: the content has no schema, so it is bytes).
#[derive(Clone, Debug)]
pub struct Media {
    pub media_type: String,
    pub schema: Option<SchemaId>,
    /// A form body's `encoding`: how each named property is written.
    pub encoding: Vec<(String, Style, bool)>,
    /// A multipart body's `encoding`: the `contentType` of each named property's part.
    pub part_types: Vec<(String, String)>,
    /// `x-speakeasy-sse-sentinel`: the data that ends an event stream (`[DONE]`).
    pub sentinel: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Body {
    pub required: bool,
    pub media: Vec<Media>,
}

#[derive(Clone, Debug)]
pub struct Response {
    /// The key as the spec writes it (`4xx`): what pointers and names use.
    pub key: String,
    /// What the key means.
    pub status: Status,
    pub description: Option<String>,
    pub media: Vec<Media>,
    /// The documented headers (`Content-Type` aside, which OpenAPI says to ignore).
    pub headers: Vec<Header>,
}

#[derive(Clone, Debug)]
pub struct Header {
    pub name: String,
    pub required: bool,
    pub deprecated: bool,
    pub description: Option<String>,
    /// `None`: a header with neither `schema` nor `content`, read as a string.
    pub schema: Option<SchemaId>,
    pub span: Span,
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Resolver<'_> {
    /// Every operation under `paths`: its body and response schemas become roots, and the
    /// operation is kept in `graph.operations`.
    pub(super) fn read_operations(&mut self, root: NodeId, swagger: bool) {
        let paths = self.section(root, "paths");
        let tree = &self.loaded.tree;
        let paths = paths.and_then(|p| tree.as_map(p));
        // Swagger 2.0: `consumes` of the document, which an operation's own replaces.
        let consumes = self.strings(root, "consumes");
        for (path, item) in paths.into_iter().flatten() {
            let base = format!("#/paths/{}", escape(path));
            self.read_path_item(item.value, &base, path, None, swagger, &consumes);
        }
        // OpenAPI 3.1: the requests the API sends, by name.
        let webhooks = self.section(root, "webhooks");
        let tree = &self.loaded.tree;
        for (name, item) in webhooks.and_then(|w| tree.as_map(w)).into_iter().flatten() {
            let base = format!("#/webhooks/{}", escape(name));
            let event = Event {
                name: name.clone(),
                kind: "webhook",
                label: format!("webhook {name}"),
            };
            self.read_path_item(item.value, &base, "", Some(&event), swagger, &consumes);
        }
    }

    /// Every method of one path item (of `paths`, `webhooks` or an operation's `callbacks`).
    fn read_path_item(
        &mut self,
        item: NodeId,
        base: &str,
        path: &str,
        event: Option<&Event>,
        swagger: bool,
        consumes: &[String],
    ) {
        // A path item may live in another file (`$ref: ./paths/pets.yaml#/pets`).
        let Some(item) = self.deref(item) else {
            return;
        };
        let tree = &self.loaded.tree;
        let Some(operations) = tree.as_map(item) else {
            return;
        };
        let shared = tree
            .get(item, "parameters")
            .and_then(|p| self.follow(p, "parameters"));
        let methods = METHODS
            .iter()
            .filter(|m| operations.contains_key(**m))
            .count();
        for method in METHODS {
            let Some(operation) = operations.get(method).map(|e| e.value) else {
                continue;
            };
            let Some(operation) = self.deref(operation) else {
                continue;
            };
            let consumes = match self.strings(operation, "consumes") {
                own if !own.is_empty() => own,
                _ => consumes.to_vec(),
            };
            // An event's types are named after it (`order.created webhook`), with the method
            // only where it has several.
            let event = event.map(|event| {
                let name = match methods {
                    1 => event.name.clone(),
                    _ => format!("{} {method}", event.name),
                };
                Event {
                    name,
                    kind: event.kind,
                    label: format!("{} ({})", event.label, method.to_uppercase()),
                }
            });
            let context = Context {
                path,
                method,
                swagger,
                consumes,
                pointer: format!("{base}/{method}"),
                event,
            };
            let read = self.read_operation(operation, shared, &context);
            // A callback's own callbacks are not read: a spec may nest them without end.
            let callbacks = (context.event.is_none())
                .then(|| self.loaded.tree.get(operation, "callbacks"))
                .flatten()
                .and_then(|c| self.follow(c, "callbacks"));
            let owner = read.name.clone();
            self.graph.operations.push(read);
            if let Some(callbacks) = callbacks {
                self.read_callbacks(callbacks, &context.pointer, &owner, swagger);
            }
        }
    }

    /// An operation's `callbacks`: each named callback maps a URL expression to a path item
    /// whose operations the API sends to that URL.
    fn read_callbacks(&mut self, callbacks: NodeId, pointer: &str, owner: &str, swagger: bool) {
        let tree = &self.loaded.tree;
        let entries: Vec<(String, NodeId)> = tree
            .as_map(callbacks)
            .into_iter()
            .flatten()
            .map(|(name, entry)| (name.clone(), entry.value))
            .collect();
        for (name, callback) in entries {
            let Some(callback) = self.deref(callback) else {
                continue;
            };
            let tree = &self.loaded.tree;
            let items: Vec<(String, NodeId)> = tree
                .as_map(callback)
                .into_iter()
                .flatten()
                .map(|(expression, item)| (expression.clone(), item.value))
                .collect();
            let several = items.len() > 1;
            for (expression, item) in items {
                let base = format!(
                    "{pointer}/callbacks/{}/{}",
                    escape(&name),
                    escape(&expression)
                );
                let event_name = match several {
                    true => format!("{owner} {name} {expression}"),
                    false => format!("{owner} {name}"),
                };
                let event = Event {
                    name: event_name,
                    kind: "callback",
                    label: format!("callback {name} of {owner} to {expression}"),
                };
                self.read_path_item(item, &base, "", Some(&event), swagger, &[]);
            }
        }
    }

    fn read_operation(
        &mut self,
        operation: NodeId,
        shared: Option<NodeId>,
        context: &Context<'_>,
    ) -> PathOperation {
        let tree = &self.loaded.tree;
        let Context { path, method, .. } = *context;
        let text = |key: &str| {
            tree.get(operation, key)
                .and_then(|v| tree.as_str(v))
                .map(str::to_string)
        };
        // An event's `operationId` is often made up by the tool that wrote the spec
        // (`_endpointorder_created_post`): it is named by its event.
        let name = match &context.event {
            Some(event) => format!("{} {}", event.name, event.kind),
            None => text("operationId").unwrap_or_else(|| format!("{method} {path}")),
        };
        let pointer = context.pointer.clone();
        let endpoint = match &context.event {
            Some(event) => event.label.clone(),
            None => format!("{} {path}", method.to_uppercase()),
        };
        let mut read = PathOperation {
            event: context.event.as_ref().map(|e| e.name.clone()),
            label: endpoint.clone(),
            name: name.clone(),
            method: method.to_uppercase(),
            path: path.to_string(),
            pointer: pointer.clone(),
            span: tree.span(operation),
            // With the bodies it reads: the document whose `paths` reach it.
            document: self.document,
            summary: text("summary"),
            description: text("description"),
            deprecated: tree
                .get(operation, "deprecated")
                .and_then(|d| tree.as_bool(d))
                .unwrap_or(false),
            tags: self.strings(operation, "tags"),
            parameters: Vec::new(),
            body: None,
            responses: Vec::new(),
            security: None,
            pagination: None,
            retries: None,
        };
        read.retries = self.read_retries(operation);
        read.security = self.requirements(operation);
        read.pagination = self.read_pagination(operation);
        let body_origin = Origin::RequestBody {
            operation: name.clone(),
            endpoint: endpoint.clone(),
        };
        // Path-item parameters first; the operation's replace those with the same name and
        // location.
        let own = tree
            .get(operation, "parameters")
            .and_then(|p| self.follow(p, "parameters"));
        let lists = [
            (shared, "parameters".to_string()),
            (own, format!("{pointer}/parameters")),
        ];
        for (list, at) in lists {
            let Some(list) = list else { continue };
            for (i, node) in tree_items(tree, list).into_iter().enumerate() {
                let Some(node) = self.deref(node) else {
                    continue;
                };
                let at = format!("{at}/{i}");
                if let Some(parameter) =
                    self.read_parameter(node, &at, context, &body_origin, &mut read)
                {
                    let same = |p: &Parameter| {
                        (&p.name, p.location) == (&parameter.name, parameter.location)
                    };
                    match read.parameters.iter().position(same) {
                        Some(index) => read.parameters[index] = parameter,
                        None => read.parameters.push(parameter),
                    }
                }
            }
        }
        self.declare_template_variables(&mut read);
        if context.swagger && is_multipart(&context.consumes) {
            self.multipart_form_data(operation, &mut read, &body_origin);
        }
        let request = tree
            .get(operation, "requestBody")
            .filter(|_| !context.swagger);
        // A shared body (`$ref: '#/components/requestBodies/X'`) is read where it is
        // defined, and named after the first operation that uses it.
        if let Some(request) = request.and_then(|r| self.deref(r)) {
            let required =
                tree.get(request, "required").and_then(|r| tree.as_bool(r)) == Some(true);
            let media = self.read_media(request, &format!("{pointer}/requestBody"), &body_origin);
            read.body = Some(Body { required, media });
        }
        let responses = tree
            .get(operation, "responses")
            .and_then(|r| self.follow(r, "responses"));
        let tree = &self.loaded.tree;
        let responses = responses.and_then(|r| tree.as_map(r));
        for (status, response) in responses.into_iter().flatten() {
            let origin = Origin::Response {
                operation: name.clone(),
                endpoint: endpoint.clone(),
                status: status.clone(),
            };
            let at = format!("{pointer}/responses/{}", escape(status));
            let Some(response) = self.deref(response.value) else {
                continue;
            };
            let description = tree
                .get(response, "description")
                .and_then(|d| tree.as_str(d))
                .map(str::to_string);
            let media = if context.swagger {
                self.read_swagger_response(response, &at, &origin)
            } else {
                self.read_media(response, &at, &origin)
            };
            let headers = self.read_headers(response, &at, context.swagger);
            read.responses.push(Response {
                key: status.clone(),
                status: Status::parse(status),
                description,
                media,
                headers,
            });
        }
        read
    }

    /// One parameter; `None` for a body parameter (which becomes `operation.body`), for
    /// headers OpenAPI says to ignore, and for what cannot be read (reported).
    fn read_parameter(
        &mut self,
        node: NodeId,
        at: &str,
        context: &Context<'_>,
        body_origin: &Origin,
        operation: &mut PathOperation,
    ) -> Option<Parameter> {
        let tree = &self.loaded.tree;
        let span = tree.span(node);
        let text = |key: &str| key_text(tree, node, key);
        let flag = |key: &str| tree.get(node, key).and_then(|v| tree.as_bool(v));
        let (Some(name), Some(location)) = (text("name"), text("in")) else {
            self.cx
                .report(
                    Code::InvalidParameter,
                    span,
                    "a parameter needs `name` and `in`",
                )
                .note("recovered: the parameter is left out of the request type");
            return None;
        };
        if location == "body" && context.swagger {
            if let Some(body) = self.read_body_parameter(node, at, context, body_origin) {
                operation.body = Some(body);
            }
            return None;
        }
        let location = self.parameter_location(node, &location, context)?;
        // OpenAPI: these headers are set from other parts of the spec, and "SHALL be
        // ignored" as parameters.
        if location == In::Header
            && ["accept", "content-type", "authorization"]
                .contains(&name.to_ascii_lowercase().as_str())
        {
            return None;
        }
        let (style, explode) = self.parameter_style(node, location, context);
        // Very common in real specs to leave out; a path cannot lack a segment.
        let required = location == In::Path || flag("required").unwrap_or(false);
        let (schema, style) = self.parameter_schema(node, at, context, &name, style)?;
        let tree = &self.loaded.tree;
        let flag = |key: &str| tree.get(node, key).and_then(|v| tree.as_bool(v));
        let description = key_text(tree, node, "description");
        Some(Parameter {
            name,
            location,
            style,
            explode,
            allow_reserved: flag("allowReserved").unwrap_or(false),
            required,
            deprecated: flag("deprecated").unwrap_or(false),
            description,
            schema,
            span,
        })
    }

    /// A Swagger 2.0 `in: body` parameter: the operation's body, in the first JSON media type
    /// it consumes (or the first, or JSON).
    fn read_body_parameter(
        &mut self,
        node: NodeId,
        at: &str,
        context: &Context<'_>,
        body_origin: &Origin,
    ) -> Option<Body> {
        let tree = &self.loaded.tree;
        let required = tree
            .get(node, "required")
            .and_then(|v| tree.as_bool(v))
            .unwrap_or(false);
        let schema = tree.get(node, "schema")?;
        let id = self.read_body_schema(schema, format!("{at}/schema"), body_origin);
        let media_type = context
            .consumes
            .iter()
            .find(|m| is_json(m))
            .or(context.consumes.first())
            .cloned()
            .unwrap_or_else(|| "application/json".to_string());
        Some(Body {
            required,
            media: vec![Media {
                media_type,
                schema: Some(id),
                encoding: Vec::new(),
                part_types: Vec::new(),
                sentinel: None,
            }],
        })
    }

    /// Where a parameter goes (`in`), or `None` where the dialect has no such location
    /// (reported).
    fn parameter_location(
        &mut self,
        node: NodeId,
        written: &str,
        context: &Context<'_>,
    ) -> Option<In> {
        match written {
            "path" => Some(In::Path),
            "query" => Some(In::Query),
            "header" => Some(In::Header),
            "cookie" if !context.swagger => Some(In::Cookie),
            "formData" if context.swagger => Some(In::Form),
            other => {
                let tree = &self.loaded.tree;
                let value = tree
                    .get(node, "in")
                    .map_or(tree.span(node), |v| tree.span(v));
                self.cx
                    .report(
                        Code::InvalidParameter,
                        value,
                        format!("`in: {other}` is not a parameter location"),
                    )
                    .note("recovered: the parameter is left out of the request type")
                    .help(if context.swagger {
                        "Swagger 2.0 parameters are in `path`, `query`, `header`, `formData` or `body`"
                    } else {
                        "OpenAPI 3 parameters are in `path`, `query`, `header` or `cookie`"
                    });
                None
            }
        }
    }

    /// How a parameter is written: its `style` and `explode` (Swagger 2.0's
    /// `collectionFormat`), with the location's defaults; a style the location does not have
    /// is reported and replaced by the default.
    fn parameter_style(
        &mut self,
        node: NodeId,
        location: In,
        context: &Context<'_>,
    ) -> (Style, bool) {
        let tree = &self.loaded.tree;
        let span = tree.span(node);
        let text = |key: &str| key_text(tree, node, key);
        let (default_style, default_explode) = match location {
            In::Path | In::Header => (Style::Simple, false),
            _ => (Style::Form, true),
        };
        let (mut style, mut explode) = (default_style, default_explode);
        if context.swagger {
            match text("collectionFormat").as_deref() {
                None | Some("csv") => explode = false,
                Some("ssv") => (style, explode) = (Style::SpaceDelimited, false),
                Some("tsv") => (style, explode) = (Style::TabDelimited, false),
                Some("pipes") => (style, explode) = (Style::PipeDelimited, false),
                Some("multi") => explode = true,
                Some(other) => {
                    self.cx
                        .report(
                            Code::InvalidParameter,
                            span,
                            format!("`collectionFormat: {other}` is not a Swagger 2.0 format"),
                        )
                        .note("recovered: the parameter is written as `csv`");
                    explode = false;
                }
            }
        } else if let Some(written) = text("style") {
            let parsed = style_named(&written);
            let allowed = matches!(
                (location, parsed),
                (In::Path, Some(Style::Simple | Style::Label | Style::Matrix))
                    | (
                        In::Query,
                        Some(
                            Style::Form
                                | Style::SpaceDelimited
                                | Style::PipeDelimited
                                | Style::DeepObject
                        )
                    )
                    | (In::Header, Some(Style::Simple))
                    | (In::Cookie, Some(Style::Form))
            );
            match parsed {
                Some(parsed) if allowed => {
                    style = parsed;
                    // `explode` defaults by the style written, not the location's default.
                    explode = explodes_by_default(parsed);
                }
                _ => {
                    self.cx
                        .report(
                            Code::InvalidParameter,
                            tree.get(node, "style").map_or(span, |s| tree.span(s)),
                            format!("`style: {written}` is not a style of `{}` parameters", in_word(location)),
                        )
                        .note(format!(
                            "recovered: the parameter is written in the location's default style, `{}`",
                            if default_style == Style::Simple { "simple" } else { "form" }
                        ));
                }
            }
        }
        if let Some(written) = tree.get(node, "explode").and_then(|v| tree.as_bool(v)) {
            explode = written;
        }
        (style, explode)
    }

    /// A parameter's schema: Swagger 2.0's parameter itself, OpenAPI 3's `schema`, or the
    /// schema of its `content`'s one media type (JSON text: `Style::Json`); `None` inside
    /// when it has none (reported: read as a string), `None` outside when its `content`
    /// holds no schema (the parameter is left out).
    fn parameter_schema(
        &mut self,
        node: NodeId,
        at: &str,
        context: &Context<'_>,
        name: &str,
        style: Style,
    ) -> Option<(Option<SchemaId>, Style)> {
        let tree = &self.loaded.tree;
        if context.swagger {
            // A Swagger 2.0 parameter is its own schema (`type`, `items`, `enum`...).
            self.swagger_parameters.insert(node);
            return Some((
                Some(self.read_parameter_schema(node, at.to_string())),
                style,
            ));
        }
        if let Some(schema) = tree.get(node, "schema") {
            return Some((
                Some(self.read_parameter_schema(schema, format!("{at}/schema"))),
                style,
            ));
        }
        if let Some(content) = tree.get(node, "content").and_then(|c| tree.as_map(c)) {
            let (media_type, media) = content.iter().next()?;
            let style = if is_json(media_type) {
                Style::Json
            } else {
                style
            };
            let schema = tree.get(media.value, "schema")?;
            let at = format!("{at}/content/{}/schema", escape(media_type));
            return Some((Some(self.read_parameter_schema(schema, at)), style));
        }
        self.cx
            .report(
                Code::InvalidParameter,
                tree.span(node),
                format!("parameter `{name}` has neither `schema` nor `content`"),
            )
            .note("recovered: its value is read as a string");
        Some((None, style))
    }

    /// A parameter's schema is read like a property's: inline, it is typed where it is used.
    fn read_parameter_schema(&mut self, node: NodeId, at: String) -> SchemaId {
        self.read(node, at)
    }

    /// A `{name}` in the path template that no parameter declares: reported, and read as a
    /// required string so that the path can still be written.
    fn declare_template_variables(&mut self, operation: &mut PathOperation) {
        let mut rest = operation.path.as_str();
        let mut missing = Vec::new();
        while let Some(start) = rest.find('{') {
            let Some(end) = rest[start..].find('}') else {
                break;
            };
            let name = &rest[start + 1..start + end];
            let declared = operation
                .parameters
                .iter()
                .any(|p| p.location == In::Path && p.name == name);
            if !declared && !name.is_empty() {
                missing.push(name.to_string());
            }
            rest = &rest[start + end + 1..];
        }
        for name in missing {
            self.cx
                .report(
                    Code::InvalidParameter,
                    operation.span,
                    format!(
                        "`{{{name}}}` in `{}` is not a declared path parameter",
                        operation.path
                    ),
                )
                .note("recovered: it is a required string field of the request type");
            operation.parameters.push(Parameter {
                name,
                location: In::Path,
                style: Style::Simple,
                explode: false,
                allow_reserved: false,
                required: true,
                deprecated: false,
                description: None,
                schema: None,
                span: operation.span,
            });
        }
        // Path parameters the template does not name are written nowhere: not an error for
        // a reader, so not reported.
    }

    /// Reads the schemas under `content` of a request body or response, with the examples
    /// given beside them.
    pub(super) fn read_media(
        &mut self,
        holder: NodeId,
        pointer: &str,
        origin: &Origin,
    ) -> Vec<Media> {
        let tree = &self.loaded.tree;
        let mut read = Vec::new();
        let Some(content) = tree.get(holder, "content").and_then(|c| tree.as_map(c)) else {
            return read;
        };
        for (media_type, media) in content {
            let encoding = self.encoding(media.value);
            let part_types = self.part_types(media.value);
            let tree = &self.loaded.tree;
            let sentinel = key_text(tree, media.value, "x-speakeasy-sse-sentinel");
            let Some(schema) = tree.get(media.value, "schema") else {
                read.push(Media {
                    media_type: media_type.clone(),
                    schema: None,
                    encoding,
                    part_types,
                    sentinel,
                });
                continue;
            };
            let mut examples: Vec<NodeId> = tree.get(media.value, "example").into_iter().collect();
            examples.extend(self.named_examples(media.value));
            let at = format!("{pointer}/content/{}/schema", escape(media_type));
            let id = self.read_body(schema, at, origin, examples);
            read.push(Media {
                media_type: media_type.clone(),
                schema: Some(id),
                encoding,
                part_types,
                sentinel,
            });
        }
        read
    }

    /// The values of a media type's `examples`, each an Example Object (`value`) or a `$ref`
    /// to one; the map itself may be a `$ref` too.
    fn named_examples(&mut self, media: NodeId) -> Vec<NodeId> {
        let tree = &self.loaded.tree;
        let Some(map) = tree.get(media, "examples") else {
            return Vec::new();
        };
        let Some(map) = self.follow(map, "examples") else {
            return Vec::new();
        };
        let tree = &self.loaded.tree;
        let entries: Vec<NodeId> = tree
            .as_map(map)
            .into_iter()
            .flatten()
            .map(|(_, e)| e.value)
            .collect();
        let mut values = Vec::new();
        for entry in entries {
            if let Some(example) = self.deref(entry)
                && let Some(value) = self.loaded.tree.get(example, "value")
            {
                values.push(value);
            }
        }
        values
    }

    /// A response's documented headers. In Swagger 2.0 a header is its own schema, as a
    /// parameter is.
    fn read_headers(&mut self, response: NodeId, at: &str, swagger: bool) -> Vec<Header> {
        let tree = &self.loaded.tree;
        let headers = tree
            .get(response, "headers")
            .and_then(|h| self.follow(h, "headers"));
        let tree = &self.loaded.tree;
        let Some(map) = headers.and_then(|h| tree.as_map(h)) else {
            return Vec::new();
        };
        let entries: Vec<(String, NodeId)> =
            map.iter().map(|(k, e)| (k.clone(), e.value)).collect();
        let mut headers = Vec::new();
        for (name, node) in entries {
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let Some(node) = self.deref(node) else {
                continue;
            };
            let tree = &self.loaded.tree;
            let flag = |key: &str| tree.get(node, key).and_then(|v| tree.as_bool(v)) == Some(true);
            let (required, deprecated) = (flag("required"), flag("deprecated"));
            let description = tree
                .get(node, "description")
                .and_then(|d| tree.as_str(d))
                .map(str::to_string);
            let span = tree.span(node);
            let header_at = format!("{at}/headers/{}", escape(&name));
            let schema = if swagger {
                self.swagger_parameters.insert(node);
                Some(self.read(node, header_at))
            } else if let Some(schema) = tree.get(node, "schema") {
                Some(self.read(schema, format!("{header_at}/schema")))
            } else {
                let content = tree.get(node, "content").and_then(|c| tree.as_map(c));
                let first =
                    content.and_then(|c| c.iter().next().map(|(m, e)| (m.clone(), e.value)));
                first.and_then(|(media, entry)| {
                    let schema = tree.get(entry, "schema")?;
                    let pointer = format!("{header_at}/content/{}/schema", escape(&media));
                    Some(self.read(schema, pointer))
                })
            };
            headers.push(Header {
                name,
                required,
                deprecated,
                description,
                schema,
                span,
            });
        }
        headers
    }

    /// A media type's `encoding`: the style and explode of each property of a form body
    /// that names them (Stripe's `deepObject` fields). Other keys (`contentType`,
    /// `headers`) concern multipart bodies, which are bytes here.
    /// The `contentType` of each property the `encoding` names: the media type of its part
    /// in a multipart body.
    fn part_types(&self, media: NodeId) -> Vec<(String, String)> {
        let tree = &self.loaded.tree;
        let Some(map) = tree.get(media, "encoding").and_then(|e| tree.as_map(e)) else {
            return Vec::new();
        };
        map.iter()
            .filter_map(|(property, entry)| {
                let content_type = key_text(tree, entry.value, "contentType")?;
                Some((property.clone(), content_type))
            })
            .collect()
    }

    fn encoding(&mut self, media: NodeId) -> Vec<(String, Style, bool)> {
        let tree = &self.loaded.tree;
        let Some(map) = tree.get(media, "encoding").and_then(|e| tree.as_map(e)) else {
            return Vec::new();
        };
        let mut read = Vec::new();
        for (property, entry) in map {
            let text = |key: &str| tree.get(entry.value, key).and_then(|v| tree.as_str(v));
            let written = text("style");
            let style = match written.map(style_named) {
                None => Style::Form,
                // The styles of query parameters, which a form body's properties are.
                Some(Some(
                    style @ (Style::Form
                    | Style::SpaceDelimited
                    | Style::PipeDelimited
                    | Style::DeepObject),
                )) => style,
                Some(_) => {
                    let other = written.unwrap_or_default();
                    let span = tree
                        .get(entry.value, "style")
                        .map_or(entry.key_span, |s| tree.span(s));
                    self.cx
                        .report(
                            Code::InvalidParameter,
                            span,
                            format!("`style: {other}` is not a style of a form body's property"),
                        )
                        .note("recovered: the property is written in the `form` style");
                    Style::Form
                }
            };
            let explode = tree
                .get(entry.value, "explode")
                .and_then(|v| tree.as_bool(v))
                .unwrap_or(explodes_by_default(style));
            read.push((property.clone(), style, explode));
        }
        read
    }

    fn read_swagger_response(&mut self, response: NodeId, at: &str, origin: &Origin) -> Vec<Media> {
        let tree = &self.loaded.tree;
        let Some(schema) = tree.get(response, "schema") else {
            return Vec::new();
        };
        // A file is the bytes of the response, not JSON.
        if key_text(tree, schema, "type").as_deref() == Some("file") {
            return vec![Media {
                media_type: "application/octet-stream".to_string(),
                schema: None,
                encoding: Vec::new(),
                part_types: Vec::new(),
                sentinel: None,
            }];
        }
        // Swagger 2.0 keys response examples by media type.
        let examples = tree
            .get(response, "examples")
            .and_then(|e| tree.as_map(e))
            .into_iter()
            .flatten()
            .map(|(_, e)| e.value)
            .collect();
        let id = self.read_body(schema, format!("{at}/schema"), origin, examples);
        vec![Media {
            media_type: "application/json".to_string(),
            schema: Some(id),
            encoding: Vec::new(),
            part_types: Vec::new(),
            sentinel: None,
        }]
    }

    /// Swagger 2.0's `formData` parameters of an operation that consumes
    /// `multipart/form-data`, turned into what OpenAPI 3 writes: a body whose schema is an
    /// object with a property per parameter.
    fn multipart_form_data(
        &mut self,
        node: NodeId,
        operation: &mut PathOperation,
        origin: &Origin,
    ) {
        let (fields, rest): (Vec<Parameter>, Vec<Parameter>) =
            std::mem::take(&mut operation.parameters)
                .into_iter()
                .partition(|p| p.location == In::Form);
        operation.parameters = rest;
        if fields.is_empty() {
            return;
        }
        let id = SchemaId(self.graph.schemas.len() as u32);
        let pointer = format!("{}/parameters", operation.pointer);
        // The operation's node, which is no schema's: `by_node` does not list it, so nothing
        // reads this schema again.
        let mut schema = Schema::new(node, operation.span, pointer);
        schema.types.push(InstanceType::Object);
        for field in &fields {
            let Some(property) = field.schema else {
                continue;
            };
            schema.properties.push(Property {
                name: field.name.clone(),
                key_span: field.span,
                schema: property,
            });
            if field.required {
                schema.required.push(Spanned {
                    value: field.name.clone(),
                    span: field.span,
                });
            }
        }
        self.graph.schemas.push(schema);
        self.graph.add_root(id, origin.clone(), self.document);
        operation.body = Some(Body {
            required: fields.iter().any(|f| f.required),
            media: vec![Media {
                media_type: "multipart/form-data".to_string(),
                schema: Some(id),
                encoding: Vec::new(),
                part_types: Vec::new(),
                sentinel: None,
            }],
        });
    }

    fn read_body_schema(&mut self, schema: NodeId, at: String, origin: &Origin) -> SchemaId {
        self.read_body(schema, at, origin, Vec::new())
    }

    /// A list of strings under `key` (`consumes`), empty when absent.
    pub(super) fn strings(&self, node: NodeId, key: &str) -> Vec<String> {
        let tree = &self.loaded.tree;
        tree.get(node, key)
            .map(|list| tree_items(tree, list))
            .into_iter()
            .flatten()
            .filter_map(|item| tree.as_str(item).map(str::to_string))
            .collect()
    }
}

/// What reading one operation needs of where it is.
struct Context<'p> {
    path: &'p str,
    method: &'static str,
    swagger: bool,
    consumes: Vec<String>,
    /// The operation's JSON pointer.
    pointer: String,
    event: Option<Event>,
}

/// A webhook or callback: what names its types, and how docs call it.
struct Event {
    /// Its name: the webhook's key, or the operation's and the callback's.
    name: String,
    /// `webhook` or `callback`: what its types' names end with.
    kind: &'static str,
    label: String,
}

/// Whether an operation that consumes these takes `multipart/form-data` (and not a
/// urlencoded form, which its `formData` parameters are when it takes both).
fn is_multipart(consumes: &[String]) -> bool {
    let consumes = |media_type: &str| consumes.iter().any(|m| media_essence(m) == media_type);
    consumes("multipart/form-data") && !consumes("application/x-www-form-urlencoded")
}

/// `application/json`, `application/problem+json`, `text/json`...
pub fn is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim();
    essence.ends_with("/json") || essence.ends_with("+json") || essence == "*/*"
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::diag::Diagnostics;
    use crate::load::{Loaded, load_text};
    use crate::resolve::{Scope, resolve};
    use crate::words::{In, Status, Style};

    fn operations(spec: &str) -> (Vec<super::PathOperation>, Vec<String>) {
        let mut cx = Diagnostics::default();
        let mut loaded = Loaded::default();
        load_text(&mut loaded, Path::new("t.yaml"), spec.to_string(), &mut cx);
        let graph = resolve(&loaded, Scope::Everything, &mut cx);
        let messages = cx.iter().map(|d| d.message.clone()).collect();
        (graph.operations, messages)
    }

    /// Swagger 2.0 in the OpenAPI 3 shape: `collectionFormat` is a style, `formData` a form
    /// field, `in: body` the operation's body in the JSON media type it consumes.
    #[test]
    fn swagger_parameters_read_as_openapi_3_parameters() {
        let (ops, messages) = operations(
            r#"
swagger: "2.0"
info: {title: t, version: "1"}
consumes: [application/xml, application/json]
paths:
  /pets/{id}:
    post:
      parameters:
        - {name: id, in: path, type: string}
        - {name: tags, in: query, type: array, items: {type: string}, collectionFormat: pipes}
        - {name: ids, in: query, type: array, items: {type: string}, collectionFormat: multi}
        - {name: odd, in: query, type: array, items: {type: string}, collectionFormat: zip}
        - {name: pet, in: body, required: true, schema: {type: object}}
      responses: {"204": {description: none}}
"#,
        );
        let op = &ops[0];
        let styles: Vec<(&str, In, Style, bool, bool)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.location, p.style, p.explode, p.required))
            .collect();
        assert_eq!(
            styles,
            [
                ("id", In::Path, Style::Simple, false, true),
                ("tags", In::Query, Style::PipeDelimited, false, false),
                ("ids", In::Query, Style::Form, true, false),
                ("odd", In::Query, Style::Form, false, false),
            ]
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`collectionFormat: zip`")),
            "{messages:?}"
        );
        let body = op.body.as_ref().expect("the body parameter is the body");
        assert!(body.required);
        assert_eq!(body.media[0].media_type, "application/json");
        assert_eq!(op.responses[0].status, Status::Code(204));
    }

    /// Headers OpenAPI says to ignore are left out; a path parameter is required whatever it
    /// says; a `content` parameter of JSON is written as JSON text; an unknown `in` and a
    /// style its location does not have are reported.
    #[test]
    fn openapi_parameters_keep_what_the_location_allows() {
        let (ops, messages) = operations(
            r#"
openapi: 3.0.0
info: {title: t, version: "1"}
paths:
  /pets/{id}:
    get:
      parameters:
        - {name: id, in: path, schema: {type: string}}
        - {name: Accept, in: header, schema: {type: string}}
        - {name: filter, in: query, content: {application/json: {schema: {type: object}}}}
        - {name: where, in: body, schema: {type: string}}
        - {name: sort, in: header, style: form, schema: {type: string}}
      responses: {4xx: {description: bad}, default: {description: other}}
"#,
        );
        let op = &ops[0];
        let names: Vec<(&str, Style, bool)> = op
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.style, p.required))
            .collect();
        assert_eq!(
            names,
            [
                ("id", Style::Simple, true),
                ("filter", Style::Json, false),
                ("sort", Style::Simple, false),
            ]
        );
        assert!(
            messages.iter().any(|m| m.contains("`in: body`")),
            "{messages:?}"
        );
        assert!(
            messages
                .iter()
                .any(|m| m.contains("`style: form` is not a style of `header`")),
            "{messages:?}"
        );
        let statuses: Vec<&Status> = op.responses.iter().map(|r| &r.status).collect();
        assert_eq!(statuses, [&Status::Range(4), &Status::Default]);
        assert_eq!(op.responses[0].key, "4xx");
    }
}
