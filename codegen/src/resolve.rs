//! The `resolve` pass: find the schemas a document defines, read each one into a [`Schema`],
//! and resolve every `$ref` (and discriminator mapping) to the schema it points at.
//!
//! A schema is read once per node, so a schema reached by two pointers is one schema. The
//! schemas that get a Rust type of their own are the [`Root`]s: named definitions, inline
//! bodies of operations, and every target of a `$ref`.

use crate::words::Origin;
use std::collections::{HashMap, VecDeque};

mod keywords;
mod operations;
mod patterns;
mod security;

pub use operations::{Media, Parameter, PathOperation, Response, is_json};
pub use security::{Api, Requirement};

use crate::diag::{Code, Diagnostics, Span, Spanned};
use crate::load::{Loaded, NodeId, Value};
use crate::schema::{SUPPORTED_KEYWORDS, Schema, SchemaId};

#[derive(Clone, Debug)]
pub struct Root {
    pub schema: SchemaId,
    pub origin: Origin,
    /// Index into `Loaded::documents`.
    pub document: usize,
}

/// What the resolve pass produces: every schema read, and which of them are roots.
#[derive(Debug, Default)]
pub struct SchemaGraph {
    pub schemas: Vec<Schema>,
    pub roots: Vec<Root>,
    root_index: HashMap<SchemaId, usize>,
    /// Examples given beside a request or response body's schema; `normalize` attaches each
    /// to the schema the body finally refers to.
    pub body_examples: Vec<(SchemaId, Spanned<std::sync::Arc<serde_json::Value>>)>,
    /// Every operation of `paths`, in document order.
    pub operations: Vec<PathOperation>,
    /// Each document's security schemes, default requirements and servers, by document
    /// (read with operations only).
    pub apis: Vec<Api>,
}

impl SchemaGraph {
    pub fn schema(&self, id: SchemaId) -> &Schema {
        &self.schemas[id.0 as usize]
    }

    /// The root a schema is, if it gets a type of its own.
    pub fn root_of(&self, id: SchemaId) -> Option<usize> {
        self.root_index.get(&id).copied()
    }

    fn add_root(&mut self, schema: SchemaId, origin: Origin, document: usize) {
        if !self.root_index.contains_key(&schema) {
            self.root_index.insert(schema, self.roots.len());
            self.roots.push(Root {
                schema,
                origin,
                document,
            });
        }
    }
}

/// Which schemas of a document get types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Named schemas and the request and response bodies of every operation.
    Everything,
    /// Named schemas only (`components/schemas`, `definitions`, `$defs`), and what they
    /// reference: [`crate::Config::operations`] off.
    NamedSchemas,
}

/// Reads every document's schemas and resolves their references.
pub fn resolve(loaded: &Loaded, scope: Scope, cx: &mut Diagnostics) -> SchemaGraph {
    let mut resolver = Resolver {
        loaded,
        scope,
        cx,
        graph: SchemaGraph::default(),
        by_node: HashMap::new(),
        pending: VecDeque::new(),
        document: 0,
        single_items: false,
        swagger_parameters: Default::default(),
        values: HashMap::new(),
        json_lens: HashMap::new(),
        following: Vec::new(),
    };
    for (index, document) in loaded.documents.iter().enumerate() {
        resolver.document = index;
        // A file loaded only because a `$ref` names it contributes only what is referenced.
        if !document.referenced {
            resolver.read_document(document.root, &document.path);
        }
        resolver.resolve_pending();
    }
    resolver.graph
}

enum Slot {
    Ref,
    Mapping(usize),
}

struct PendingRef {
    schema: SchemaId,
    slot: Slot,
    text: String,
    span: Span,
}

struct Resolver<'a> {
    loaded: &'a Loaded,
    scope: Scope,
    cx: &'a mut Diagnostics,
    graph: SchemaGraph,
    by_node: HashMap<NodeId, SchemaId>,
    pending: VecDeque<PendingRef>,
    document: usize,
    /// Swagger 2.0 and OpenAPI 3.0 define `items` as one schema, never a list.
    single_items: bool,
    /// Swagger 2.0 parameters, read as schemas: their `name`, `in`... are no keywords.
    swagger_parameters: std::collections::HashSet<NodeId>,
    /// Values (`default`s, examples) read so far, by node: an aliased value is built once.
    values: HashMap<NodeId, Option<std::sync::Arc<serde_json::Value>>>,
    /// The JSON length of each node measured so far, aliases expanded.
    json_lens: HashMap<NodeId, u64>,
    /// The `$ref` objects a JSON pointer is being walked through (`#/$defs/Pet` where
    /// `$defs` is a `$ref`): one reached again is a cycle, and the walk is bounded.
    following: Vec<NodeId>,
}

/// The most JSON text one value may expand to, aliases expanded: the size of all the specs
/// read, or 1 MiB if they are smaller. A few KB of YAML aliases can expand a `default` into
/// gigabytes, which every field using it would copy; within this budget a value is never
/// more than the specs themselves.
fn value_budget(loaded: &Loaded) -> u64 {
    let input: u64 = loaded.sources.iter().map(|f| f.text.len() as u64).sum();
    input.max(1 << 20)
}

/// How many `$ref` objects one JSON pointer may walk through in turn.
const MAX_POINTER_REFERENCES: usize = 64;

impl<'a> Resolver<'a> {
    fn read_document(&mut self, root: NodeId, path: &std::path::Path) {
        let tree = &self.loaded.tree;
        if tree.as_map(root).is_none() {
            self.cx.report(
                Code::UnknownDocument,
                tree.span(root),
                "a spec must be a mapping (an OpenAPI document or a JSON Schema)",
            );
            return;
        }
        if let Some(version) = tree.get(root, "swagger") {
            let text = version_text(&tree.node(version).value);
            if text != "2.0" {
                self.cx
                    .report(
                        Code::UnknownDocument,
                        tree.span(version),
                        format!("unsupported Swagger version `{text}`"),
                    )
                    .label("typewright reads Swagger 2.0, OpenAPI 3.0 and 3.1");
                return;
            }
            self.single_items = true;
            self.read_swagger(root);
            return;
        }
        if let Some(version) = tree.get(root, "openapi") {
            let text = version_text(&tree.node(version).value);
            if !text.starts_with("3.") {
                self.cx
                    .report(
                        Code::UnknownDocument,
                        tree.span(version),
                        format!("unsupported OpenAPI version `{text}`"),
                    )
                    .label("typewright reads OpenAPI 3.0 and 3.1");
                return;
            }
            self.single_items = text.starts_with("3.0");
            self.read_openapi(root);
        } else {
            self.single_items = false;
            let stem = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            self.read_json_schema(root, stem);
        }
    }

    fn read_openapi(&mut self, root: NodeId) {
        let components = self.section(root, "components");
        let schemas = components.and_then(|c| self.section(c, "schemas"));
        if let Some(schemas) = schemas {
            self.read_definitions(schemas, "#/components/schemas");
        }
        if self.scope == Scope::Everything {
            self.read_api(root, false);
            self.read_operations(root, false);
        }
    }

    /// The mapping under `key` of `parent`, through `$ref`s; a value that is no mapping
    /// (`components: 7`) is reported, where it would otherwise define nothing unsaid.
    fn section(&mut self, parent: NodeId, key: &str) -> Option<NodeId> {
        let node = self.loaded.tree.get(parent, key)?;
        let node = self.deref(node)?;
        let tree = &self.loaded.tree;
        // `paths:` with nothing after it is an empty section, not a mistake.
        if matches!(tree.node(node).value, Value::Null) {
            return None;
        }
        if tree.as_map(node).is_none() {
            self.cx
                .report(
                    Code::InvalidValue,
                    tree.span(node),
                    format!("`{key}` must be a mapping"),
                )
                .label("nothing under it can be read");
            return None;
        }
        Some(node)
    }

    /// Swagger 2.0: `definitions`, body parameters and response schemas. Parameters other
    /// than bodies, headers and security are not types and are not read.
    fn read_swagger(&mut self, root: NodeId) {
        if let Some(definitions) = self.section(root, "definitions") {
            self.read_definitions(definitions, "#/definitions");
        }
        if self.scope == Scope::Everything {
            self.read_api(root, true);
            self.read_operations(root, true);
        }
    }

    /// A body's schema: a root of its own when inline. `examples` are values of it; they are
    /// attached to the schema the body finally refers to once references are resolved.
    fn read_body(
        &mut self,
        schema: NodeId,
        at: String,
        origin: &Origin,
        examples: Vec<NodeId>,
    ) -> SchemaId {
        let id = self.read(schema, at);
        if self.graph.schema(id).reference.is_none() {
            self.graph.add_root(id, origin.clone(), self.document);
        }
        let tree = &self.loaded.tree;
        for example in examples {
            let span = tree.span(example);
            if let Some(value) = self.json_value(example, "example", span) {
                self.graph.body_examples.push((id, Spanned { value, span }));
            }
        }
        id
    }

    fn read_json_schema(&mut self, root: NodeId, file_stem: String) {
        let tree = &self.loaded.tree;
        if let Some(components) = tree.get(root, "components") {
            self.cx
                .report(
                    Code::UnknownDocument,
                    tree.span(components),
                    "`components` without `openapi`: this looks like an OpenAPI document with no version",
                )
                .help("add `openapi: 3.1.0` (or the 3.0 version it follows) at the top");
            return;
        }
        let defines = ["$defs", "definitions"]
            .iter()
            .any(|key| tree.get(root, key).is_some());
        for key in ["$defs", "definitions"] {
            if let Some(defs) = tree.get(root, key).and_then(|d| self.follow(d, key)) {
                self.read_definitions(defs, &format!("#/{key}"));
            }
        }
        let tree = &self.loaded.tree;
        let map = tree.as_map(root).expect("checked by read_document");
        let describes_a_value = map.keys().any(|k| {
            SUPPORTED_KEYWORDS.contains(&k.as_str())
                && !matches!(k.as_str(), "title" | "description")
        });
        if !describes_a_value && !defines {
            self.cx
                .report(
                    Code::UnknownDocument,
                    tree.span(root),
                    "nothing to generate: neither OpenAPI nor a JSON Schema",
                )
                .help("a spec has `openapi:`, or `$defs`/`definitions`, or schema keywords at its root");
            return;
        }
        if describes_a_value {
            let name = tree
                .get(root, "title")
                .and_then(|t| tree.as_str(t))
                .map_or(file_stem, str::to_string);
            let id = self.read(root, "#".to_string());
            self.graph
                .add_root(id, Origin::Document(name), self.document);
        }
    }

    fn read_definitions(&mut self, definitions: NodeId, pointer: &str) {
        let tree = &self.loaded.tree;
        let Some(map) = tree.as_map(definitions) else {
            self.cx.report(
                Code::InvalidValue,
                tree.span(definitions),
                "expected a mapping of schemas",
            );
            return;
        };
        // The types belong to the file that holds the map (`components/schemas` may be a
        // `$ref` to a file of its own).
        let owner = self.document_of(tree.span(definitions));
        for (name, entry) in map {
            let id = self.read(entry.value, format!("{pointer}/{}", escape(name)));
            self.graph
                .add_root(id, Origin::Definition(name.clone()), owner);
        }
    }

    /// Reads the schema at `node` (once: a node read before keeps its id and first pointer).
    fn read(&mut self, node: NodeId, pointer: String) -> SchemaId {
        if let Some(&id) = self.by_node.get(&node) {
            return id;
        }
        let tree = &self.loaded.tree;
        let id = SchemaId(self.graph.schemas.len() as u32);
        let mut schema = Schema::new(node, tree.span(node), pointer);
        self.graph.schemas.push(schema.clone());
        self.by_node.insert(node, id);
        match &tree.node(node).value {
            Value::Map(_) => self.read_keywords(id, &mut schema),
            Value::Bool(allowed) => schema.never = !allowed,
            _ => {
                self.cx
                    .report(Code::InvalidValue, tree.span(node), "expected a schema")
                    .label("a schema is a mapping, `true` or `false`");
            }
        }
        self.graph.schemas[id.0 as usize] = schema;
        id
    }

    fn resolve_pending(&mut self) {
        while let Some(pending) = self.pending.pop_front() {
            let target = self.resolve_ref(&pending.text, pending.span);
            let schema = &mut self.graph.schemas[pending.schema.0 as usize];
            match pending.slot {
                Slot::Ref => {
                    if let Some(reference) = &mut schema.reference {
                        reference.target = target;
                    }
                }
                Slot::Mapping(index) => {
                    if let Some(discriminator) = &mut schema.discriminator {
                        discriminator.mapping[index].1 = target;
                    }
                }
            }
        }
    }

    fn resolve_ref(&mut self, text: &str, span: Span) -> Option<SchemaId> {
        let (node, fragment) = self.pointee(text, span)?;
        let id = self.read(node, format!("#{fragment}"));
        let pointer = self.graph.schema(id).pointer.clone();
        // The type belongs to the file that defines the schema, however many files use it.
        let owner = self.document_of(self.graph.schema(id).span);
        self.graph.add_root(id, Origin::Pointer(pointer), owner);
        Some(id)
    }

    /// The document a span lies in.
    fn document_of(&self, span: Span) -> usize {
        self.loaded
            .documents
            .iter()
            .position(|d| d.file == span.file)
            .unwrap_or(self.document)
    }

    /// The document another file's `$ref` names; `load` read it if it is inside the spec
    /// directories. URLs and files outside are refused: builds never touch the network or
    /// read outside the project.
    fn referenced_document(&mut self, text: &str, span: Span) -> Option<usize> {
        let from = &self.loaded.documents[self.document_of(span)].path;
        let target = self.loaded.ref_file(from, text);
        let refused = |message: &str, help: &str, cx: &mut Diagnostics| {
            cx.report(
                Code::UnsupportedRef,
                span,
                format!("cannot follow `$ref: {text}`"),
            )
            .label(message.to_string())
            .help(help.to_string());
        };
        let Some(target) = target else {
            // Offer the one call that serves this URL's directory from a local copy.
            let file = text.split('#').next().unwrap_or_default();
            let prefix = match file.rfind('/') {
                Some(slash) if slash > file.find("://").map_or(0, |s| s + 2) => &file[..=slash],
                _ => file,
            };
            let host = prefix.split("://").nth(1).unwrap_or(prefix);
            let local = host.trim_end_matches('/').replace(['/', ':'], "-");
            refused(
                "typewright never fetches a `$ref` from the network",
                &format!(
                    "save a copy under spec/ and map the URL to it: `Config::map_url(\"{prefix}\", \"spec/{local}\")` (CLI: `--map-url {prefix}=spec/{local}`)"
                ),
                self.cx,
            );
            return None;
        };
        if !self.loaded.within_roots(&target) {
            refused(
                "the file is outside the spec directories",
                "move it under the spec directory, or add its directory with `Config::spec`",
                self.cx,
            );
            return None;
        }
        if let Some(index) = self.loaded.document_at(&target) {
            return Some(index);
        }
        let shown = target.display().to_string();
        let diagnostic = self.cx.report(
            Code::UnresolvedRef,
            span,
            format!("`$ref: {text}` names a file that could not be loaded"),
        );
        if target.is_file() {
            diagnostic.label(format!("`{shown}` has errors, reported above"));
        } else {
            diagnostic.label(format!("`{shown}` does not exist"));
        }
        None
    }

    /// The object a `$ref` outside a schema stands for (a path item, a request body, a
    /// response, a parameter, a map of schemas), followed through further `$ref`s, in this
    /// file or another; `node` itself when it is no reference. `None` when a reference
    /// cannot be followed (reported) or leads back to itself.
    fn deref(&mut self, node: NodeId) -> Option<NodeId> {
        let mut node = node;
        let mut seen = Vec::new();
        loop {
            let tree = &self.loaded.tree;
            let Some(reference) = tree.get(node, "$ref") else {
                return Some(node);
            };
            let span = tree.span(reference);
            let Some(text) = tree.as_str(reference).map(str::to_string) else {
                return Some(node);
            };
            if seen.contains(&node) {
                self.cx
                    .report(Code::Unsupported, span, "this `$ref` leads back to itself")
                    .label("a chain of references that never reaches an object")
                    .help("point the `$ref` at the object itself");
                return None;
            }
            seen.push(node);
            node = self.pointee(&text, span)?.0;
        }
    }

    /// What `keyword` holds, where a JSON Reference may stand in its place: a `$ref` object
    /// instead of a `properties` (or `responses`, `parameters`...) mapping or list reads the
    /// value it points at, as bundlers (Redocly, swagger-cli) replace every `{$ref}` object
    /// with its target, and says so (W0006). `node` itself when it is no such object (a
    /// property named `$ref` holds a schema, a mapping, not a reference's text); `None` when
    /// the reference cannot be followed (reported).
    pub(super) fn follow(&mut self, node: NodeId, keyword: &str) -> Option<NodeId> {
        let tree = &self.loaded.tree;
        let Some(reference) = tree.get(node, "$ref") else {
            return Some(node);
        };
        let Some(text) = tree.as_str(reference).map(str::to_string) else {
            return Some(node);
        };
        let span = tree.span(reference);
        let siblings = tree.as_map(node).map_or(0, |m| m.len() - 1);
        let target = self.deref(node)?;
        let diagnostic = self
            .cx
            .report(
                Code::DialectMismatch,
                span,
                format!(
                    "`{keyword}` is a `$ref`, which OpenAPI and JSON Schema do not define here"
                ),
            )
            .label(format!(
                "a reference where the value of `{keyword}` belongs"
            ))
            .note(format!(
                "recovered: read as what `{}` points at, as bundlers do",
                crate::diag::shown(&text)
            ));
        if siblings > 0 {
            diagnostic.note(format!(
                "the {siblings} other key(s) beside `$ref` are ignored, as bundlers ignore them"
            ));
        }
        diagnostic.help(format!(
            "move the `$ref` into each entry, or bundle the spec (`redocly bundle`) to inline the `{keyword}`"
        ));
        Some(target)
    }

    /// The JSON value of `node`, which `keyword` holds (a `default`, an example), built once
    /// however many aliases repeat it; `None` (reported, W0003) when it would expand past
    /// [`value_budget`].
    /// `at` is where the keyword is written (an alias's node is where its anchor is).
    pub(super) fn json_value(
        &mut self,
        node: NodeId,
        keyword: &str,
        at: Span,
    ) -> Option<std::sync::Arc<serde_json::Value>> {
        if let Some(read) = self.values.get(&node) {
            return read.clone();
        }
        let tree = &self.loaded.tree;
        let length = tree.json_len(node, &mut self.json_lens);
        let budget = value_budget(self.loaded);
        let read = if length > budget {
            self.cx
                .report(
                    Code::NotEnforced,
                    at,
                    format!(
                        "this `{keyword}` expands to {} of JSON, past the budget for one value",
                        bytes(length)
                    ),
                )
                .label("YAML aliases repeat parts of it")
                .note(format!(
                    "recovered: it is left out; one value may expand to at most {} (the size of the specs, or 1 MiB)",
                    bytes(budget)
                ))
                .help("write the value out, or drop the aliases inside it");
            None
        } else {
            Some(std::sync::Arc::new(tree.to_json(node)))
        };
        self.values.insert(node, read.clone());
        read
    }

    /// The node a `$ref` written at `span` names, in its own file or another, and its
    /// decoded JSON pointer; `None` (reported) when it cannot be followed.
    fn pointee(&mut self, text: &str, span: Span) -> Option<(NodeId, String)> {
        let (file, fragment) = text.split_once('#').unwrap_or((text, ""));
        let document = if file.is_empty() {
            self.document_of(span)
        } else {
            self.referenced_document(text, span)?
        };
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.cx
                .report(
                    Code::UnsupportedRef,
                    span,
                    format!("cannot follow `$ref: {text}`"),
                )
                .label("only JSON pointers (`#/...`) are supported, not anchors");
            return None;
        }
        let root = self.loaded.documents[document].root;
        let node = self.lookup(root, &fragment, text, span)?;
        Some((node, fragment))
    }

    /// What the `$ref` object `node` a pointer walks through points at. Following it may
    /// walk another pointer through another reference: one already being walked through is
    /// a cycle, and more than [`MAX_POINTER_REFERENCES`] at once is too deep to follow (both
    /// reported, so a hostile chain cannot exhaust the stack).
    fn walk_through(&mut self, node: NodeId, span: Span) -> Option<NodeId> {
        if self.following.contains(&node) || self.following.len() >= MAX_POINTER_REFERENCES {
            let tree = &self.loaded.tree;
            let at = tree.get(node, "$ref").map_or(span, |r| tree.span(r));
            if self.following.contains(&node) {
                self.cx
                    .report(
                        Code::Unsupported,
                        at,
                        "a JSON pointer walks through this `$ref` back to itself",
                    )
                    .label("the pointer is not followed");
            } else {
                self.cx
                    .report(
                        Code::Unsupported,
                        at,
                        "a JSON pointer walks through too many `$ref`s in turn",
                    )
                    .label("the pointer is not followed")
                    .note(format!(
                        "at most {MAX_POINTER_REFERENCES} references are followed inside one pointer"
                    ));
            }
            return None;
        }
        self.following.push(node);
        let target = self.deref(node);
        self.following.pop();
        target
    }

    /// Walks a JSON pointer; reports the first segment that does not exist.
    ///
    /// A pointer passes through a JSON Reference as a bundler's output would: `#/$defs/Pet`
    /// where `$defs` is `{$ref: 'defs.yaml'}` walks on in what that file holds.
    fn lookup(&mut self, root: NodeId, pointer: &str, text: &str, span: Span) -> Option<NodeId> {
        let loaded = self.loaded;
        let tree = &loaded.tree;
        let mut node = root;
        let mut walked = String::from("#");
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            let through_reference = tree.get(node, &segment).is_none()
                && tree
                    .get(node, "$ref")
                    .and_then(|r| tree.as_str(r))
                    .is_some();
            if through_reference {
                node = self.walk_through(node, span)?;
            }
            let next = match &tree.node(node).value {
                Value::Map(map) => map.get(&segment).map(|e| e.value),
                Value::Seq(items) => segment
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).copied()),
                _ => None,
            };
            match next {
                Some(next) => node = next,
                None => {
                    let diagnostic = self
                        .cx
                        .report(
                            Code::UnresolvedRef,
                            span,
                            format!("`$ref: {text}` points at nothing"),
                        )
                        .label(format!("`{walked}` has no `{segment}`"));
                    let keys = tree
                        .as_map(node)
                        .into_iter()
                        .flat_map(|m| m.keys().map(String::as_str));
                    if let Some(best) = did_you_mean(&segment, keys) {
                        diagnostic.help(format!("did you mean `{walked}/{}`?", escape(best)));
                    }
                    return None;
                }
            }
            walked.push('/');
            walked.push_str(raw);
        }
        Some(node)
    }
}

/// A size for a message: `812 bytes`, `6.3 MB`, `4.1 GB`.
fn bytes(n: u64) -> String {
    match n {
        0..1_000 => format!("{n} bytes"),
        1_000..1_000_000 => format!("{:.1} KB", n as f64 / 1e3),
        1_000_000..1_000_000_000 => format!("{:.1} MB", n as f64 / 1e6),
        _ => format!("{:.1} GB", n as f64 / 1e9),
    }
}

/// A `swagger:`/`openapi:` version as written, quoted (`"2.0"`) or not (`2.0`).
fn version_text(value: &Value) -> String {
    match value {
        Value::String(s) | Value::Number(_, s) => s.clone(),
        _ => String::new(),
    }
}

/// Escapes a JSON pointer segment (`/` -> `~1`, `~` -> `~0`).
pub fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Decodes `%XX` escapes: a `$ref` is a URI, so its fragment may be percent-encoded.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    // A typo is short: comparing a hostile 100 MB word with each candidate costs its length
    // times theirs, for no suggestion worth making.
    if word.len() > 256 {
        return None;
    }
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Keys of a Swagger 2.0 parameter that are not schema keywords.
const SWAGGER_PARAMETER_KEYS: &[&str] = &[
    "name",
    "in",
    "required",
    "collectionFormat",
    "allowEmptyValue",
];

/// The string under `key` of the mapping `node`, if there is one.
fn key_text(tree: &crate::load::Tree, node: NodeId, key: &str) -> Option<String> {
    tree.get(node, key)
        .and_then(|v| tree.as_str(v))
        .map(str::to_string)
}

/// The items of a list node; anything else is not a list of examples.
fn tree_items(tree: &crate::load::Tree, node: NodeId) -> Vec<NodeId> {
    match &tree.node(node).value {
        Value::Seq(items) => items.clone(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::{Loaded, load_text};
    use std::path::Path;

    fn resolve_text(text: &str) -> (SchemaGraph, Diagnostics) {
        resolve_scoped(text, Scope::Everything)
    }

    fn resolve_scoped(text: &str, scope: Scope) -> (SchemaGraph, Diagnostics) {
        let mut cx = Diagnostics::default();
        let mut loaded = Loaded::default();
        load_text(&mut loaded, Path::new("t.yaml"), text.to_string(), &mut cx);
        let graph = resolve(&loaded, scope, &mut cx);
        (graph, cx)
    }

    /// Parameters and a form body's `encoding` read `style` by one rule: a style their
    /// position allows, else E0015 and the default; `explode` defaults by the style written.
    #[test]
    fn styles_of_parameters_and_form_properties() {
        use crate::words::Style::*;
        let spec = r##"
openapi: 3.0.0
paths:
  /pets/{id}:
    post:
      parameters:
        - {name: id, in: path, required: true, style: label, schema: {type: string}}
        - {name: sort, in: query, style: spaceDelimited, schema: {type: array}}
        - {name: deep, in: path, required: true, style: deepObject, schema: {type: object}}
      requestBody:
        content:
          application/x-www-form-urlencoded:
            schema: {type: object}
            encoding:
              metadata: {style: deepObject}
              tags: {style: pipeDelimited}
              ids: {style: form, explode: false}
              plain: {contentType: text/plain}
              odd: {style: matrix}
      responses:
        '200': {description: OK}
"##;
        let (graph, cx) = resolve_text(spec);
        let operation = &graph.operations[0];
        let params: Vec<(&str, crate::words::Style, bool)> = operation
            .parameters
            .iter()
            .map(|p| (p.name.as_str(), p.style, p.explode))
            .collect();
        assert_eq!(
            params,
            [
                ("id", Label, false),
                ("sort", SpaceDelimited, false),
                ("deep", Simple, false)
            ]
        );
        let media = &operation.body.as_ref().expect("a body").media[0];
        let encoding: Vec<(&str, crate::words::Style, bool)> = media
            .encoding
            .iter()
            .map(|(name, style, explode)| (name.as_str(), *style, *explode))
            .collect();
        assert_eq!(
            encoding,
            [
                ("metadata", DeepObject, true),
                ("tags", PipeDelimited, false),
                ("ids", Form, false),
                ("plain", Form, true),
                ("odd", Form, true)
            ]
        );
        let messages: Vec<&str> = cx.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "`style: deepObject` is not a style of `path` parameters",
                "`style: matrix` is not a style of a form body's property"
            ]
        );
    }

    /// A keyword that only narrows or documents a schema, of the wrong shape, is left out
    /// with W0003; one that widens it or gives it structure stays an error (E0005).
    #[test]
    fn keywords_of_the_wrong_shape_are_ignored_when_leaving_them_out_is_sound() {
        let spec = r##"
$defs:
  Code: {type: string, pattern: 0, minLength: -1, format: 7}
  Kind: {type: {type: string, enum: [a, b]}}
  Monster: {$ref: '#/$defs/Code', allOf: {"3": {properties: {a: {}}}}}
  Level: {type: string, enum: low, description: [a]}
  Pet: {type: object, required: id, uniqueItems: "yes", properties: {id: {type: string}}}
"##;
        let (graph, cx) = resolve_text(spec);
        let messages: Vec<(Code, &str)> = cx.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            messages,
            [
                (
                    Code::NotEnforced,
                    "`pattern` must be a string; it is ignored"
                ),
                (
                    Code::NotEnforced,
                    "`minLength` must be a non-negative integer; it is ignored"
                ),
                (
                    Code::NotEnforced,
                    "`format` must be a string; it is ignored"
                ),
                (
                    Code::NotEnforced,
                    "`type` must be a type name or a list of them; it is ignored"
                ),
                (Code::NotEnforced, "`allOf` must be a list; it is ignored"),
                (Code::NotEnforced, "`enum` must be a list; it is ignored"),
                (
                    Code::NotEnforced,
                    "`description` must be a string; it is ignored"
                ),
                (
                    Code::NotEnforced,
                    "`required` must be a list; it is ignored"
                ),
                (
                    Code::NotEnforced,
                    "`uniqueItems` must be `true` or `false`; it is ignored"
                ),
            ]
        );
        assert!(!cx.has_errors());
        let schema = |name: &str| {
            let pointer = format!("#/$defs/{name}");
            graph.schemas.iter().find(|s| s.pointer == pointer).unwrap()
        };
        let code = schema("Code");
        assert!(code.bounds.patterns.is_empty() && code.min_length.is_none());
        assert!(code.format.is_none());
        assert_eq!(code.types, [crate::schema::InstanceType::String]);
        assert!(schema("Kind").types.is_empty(), "any value");
        let monster = schema("Monster");
        assert!(monster.all_of.is_empty() && monster.reference.is_some());
        assert!(schema("Level").enum_values.is_none());
        assert!(schema("Pet").required.is_empty(), "the field is optional");

        // Leaving these out would reject valid values (`null`, declared properties).
        let (_, cx) = resolve_text(
            "$defs:\n  A: {type: string, nullable: 'yes'}\n  B: {type: object, properties: 3}\n",
        );
        let errors: Vec<(Code, &str)> = cx.iter().map(|d| (d.code, d.message.as_str())).collect();
        assert_eq!(
            errors,
            [
                (Code::InvalidValue, "expected `true` or `false`"),
                (Code::InvalidValue, "expected a mapping"),
            ]
        );
    }

    #[test]
    fn named_schemas_scope_leaves_out_operation_bodies_only() {
        let spec = r##"
openapi: 3.0.0
paths:
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {name: {type: string}}}
      responses:
        '200':
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Pet:
      properties:
        owner: {$ref: '#/paths/~1pets/post/requestBody/content/application~1json/schema'}
"##;
        let origins = |scope| {
            let (graph, cx) = resolve_scoped(spec, scope);
            assert!(cx.is_empty(), "{:?}", cx.iter().collect::<Vec<_>>());
            graph
                .roots
                .iter()
                .map(|r| format!("{:?}", r.origin))
                .collect::<Vec<_>>()
        };
        let everything = origins(Scope::Everything);
        assert!(
            everything.iter().any(|o| o.contains("RequestBody")),
            "{everything:?}"
        );
        let named = origins(Scope::NamedSchemas);
        // The body is still read where a named schema points at it, but not as a body.
        assert_eq!(named[0], "Definition(\"Pet\")");
        assert!(
            named
                .iter()
                .all(|o| !o.contains("RequestBody") && !o.contains("Response")),
            "{named:?}"
        );
    }

    #[test]
    fn escaped_pointers_into_paths_resolve_to_one_schema() {
        let (graph, cx) = resolve_text(
            r##"
openapi: 3.1.0
paths:
  /v1/token:
    post:
      operationId: token
      requestBody:
        content:
          application/json:
            schema:
              oneOf:
                - $ref: '#/paths/~1v1~1token/post/x-components/A'
              discriminator:
                propertyName: kind
                mapping:
                  a: '#/paths/~1v1~1token/post/x-components/A'
      x-components:
        A: {type: object}
"##,
        );
        assert!(cx.is_empty(), "{:?}", cx.iter().collect::<Vec<_>>());
        let origins: Vec<_> = graph.roots.iter().map(|r| r.origin.clone()).collect();
        assert_eq!(
            origins,
            [
                Origin::RequestBody {
                    operation: "token".into(),
                    endpoint: "POST /v1/token".into(),
                },
                Origin::Pointer("#/paths/~1v1~1token/post/x-components/A".into()),
            ]
        );
        let body = graph.schema(graph.roots[0].schema);
        let branch = graph
            .schema(body.one_of[0])
            .reference
            .as_ref()
            .unwrap()
            .target;
        let mapped = body.discriminator.as_ref().unwrap().mapping[0].1;
        assert_eq!(branch, Some(graph.roots[1].schema));
        assert_eq!(mapped, branch);
    }

    #[test]
    fn dangling_ref_names_the_missing_segment_and_suggests() {
        let (_, cx) = resolve_text(
            "openapi: 3.0.0\ncomponents:\n  schemas:\n    Pet: {type: object}\n    Owner:\n      properties:\n        pet: {$ref: '#/components/schemas/Pett'}\n",
        );
        let d = cx.iter().next().unwrap();
        assert_eq!(d.code, Code::UnresolvedRef);
        assert_eq!(
            d.label.as_deref(),
            Some("`#/components/schemas` has no `Pett`")
        );
        assert_eq!(
            d.help.as_deref(),
            Some("did you mean `#/components/schemas/Pet`?")
        );
        assert_eq!(d.span.unwrap().start.line, 7);
    }

    #[test]
    fn external_refs_are_refused() {
        let (_, cx) = resolve_text(
            "openapi: 3.0.0\ncomponents:\n  schemas:\n    A: {$ref: 'https://example.com/a.json'}\n    B: {$ref: 'other.yaml#/B'}\n",
        );
        let codes: Vec<_> = cx.iter().map(|d| d.code).collect();
        assert_eq!(codes, [Code::UnsupportedRef, Code::UnsupportedRef]);
    }

    #[test]
    fn every_spelling_of_null_sets_nullable() {
        let (graph, cx) = resolve_text(
            "$defs:\n  a: {type: [string, 'null']}\n  b: {type: string, nullable: true}\n  c: {enum: [x, null]}\n  d: {const: null}\n  e: {type: 'null'}\n",
        );
        assert!(cx.is_empty());
        for root in &graph.roots {
            assert!(graph.schema(root.schema).nullable, "{:?}", root.origin);
        }
        assert!(graph.schema(graph.roots[3].schema).is_null_only());
        assert!(!graph.schema(graph.roots[0].schema).is_null_only());
    }

    #[test]
    fn bad_keywords_are_all_reported() {
        let (_, cx) = resolve_text(
            "$defs:\n  a: {type: strng}\n  b: {not: {type: string}}\n  c: {typ: string}\n  d: {properties: 3}\n",
        );
        let found: Vec<_> = cx.iter().map(|d| (d.code, d.help.clone())).collect();
        assert_eq!(
            found,
            [
                (Code::UnknownType, Some("did you mean `string`?".into())),
                (Code::NotEnforced, None),
                (Code::UnknownKeyword, Some("did you mean `type`?".into())),
                (Code::InvalidValue, None),
            ]
        );
    }

    #[test]
    fn percent_encoded_pointers_decode() {
        assert_eq!(percent_decode("/a%20b/%7Bid%7D"), "/a b/{id}");
        assert_eq!(percent_decode("/100%"), "/100%");
    }
}
