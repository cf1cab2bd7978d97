//! The type IR: what the generated Rust types are, with no tokens and no Rust names.
//!
//! `lower` (in [`crate::lower`]) builds it from the schema graph; `analyze` then works out
//! which derives every type can have and where a recursive type needs a `Box`.

use std::collections::HashMap;

use crate::diag::Span;
use crate::words::{Bounds, ExternType, Literal, Origin};

/// Index of a type in [`Ir::types`]. The first ids are the roots of the schema graph, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

#[derive(Debug, Default)]
pub struct Ir {
    pub types: Vec<TypeDef>,
    /// Every operation's request type and responses.
    pub operations: Vec<OperationDef>,
    /// Each document's servers, by document (with operations only).
    pub servers: Vec<Vec<crate::words::Server>>,
    /// Each document's security requirements, by document: what its operations without
    /// their own `security` require (written once per module, not once per operation).
    pub security: Vec<Security>,
    /// Each document's `x-speakeasy-retries`, by document (written once per module).
    pub retries: Vec<Option<crate::words::Retries>>,
    /// The JSON text of every array or object default ([`DefaultValue::Json`]), each once
    /// however many fields take it: a schema's default reached through a thousand `$ref`s
    /// is one text.
    pub defaults: Vec<std::sync::Arc<str>>,
}

impl Ir {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    pub fn ids(&self) -> impl Iterator<Item = TypeId> + use<> {
        (0..self.types.len() as u32).map(TypeId)
    }

    /// The type that defines `id`: `id` itself, or the end of its chain of aliases of named
    /// types (a shared copy is such an alias). Alias cycles are broken before emit; the walk
    /// is bounded all the same.
    pub fn definition(&self, mut id: TypeId) -> TypeId {
        for _ in 0..self.types.len() {
            match &self.get(id).kind {
                TypeKind::Alias(TypeRef::Named(next)) => id = *next,
                _ => break,
            }
        }
        id
    }
}

/// Where a type's name comes from; only the naming pass turns this into an identifier.
#[derive(Clone, Debug, PartialEq)]
pub enum NameSource {
    Root(Origin),
    /// An inline schema: the parent's name followed by `suffix` (a property name, a title,
    /// `Item`, `Variant2`...).
    Child {
        parent: TypeId,
        suffix: String,
    },
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    /// What the type is for, when the spec says so outside the schema (an operation's body).
    pub context: Option<String>,
    /// Where the schema starts; `None` for what typewright adds itself (a newtype's field).
    pub span: Option<Span>,
    pub pointer: String,
    /// The examples the spec gives (`example`, `examples`, and those of bodies using the
    /// schema), as JSON text.
    pub examples: Vec<String>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
}

#[derive(Debug)]
pub struct TypeDef {
    pub name: NameSource,
    pub docs: Docs,
    pub kind: TypeKind,
    /// Index of the spec document the type belongs to (its module).
    pub document: usize,
    pub derives: Derives,
    /// A name the spec asks for (`x-typewright-name`), used instead of the derived one.
    pub rust_name: Option<String>,
}

#[derive(Debug)]
pub enum TypeKind {
    Struct(Struct),
    /// A closed set of strings.
    Enum(Enum),
    Union(Union),
    /// `pub type Name = ...;`
    Alias(TypeRef),
}

#[derive(Debug, Default)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Keys beyond the declared properties (`additionalProperties` or `patternProperties`
    /// beside `properties`): kept in a flattened map with values of this type.
    pub extra: Option<TypeRef>,
    /// `additionalProperties: false`: an undeclared key is an error.
    pub deny_unknown: bool,
    /// A newtype around its one field (`struct Tree(pub Vec<Tree>)`), serialized as that
    /// field: what a recursive alias becomes.
    pub transparent: bool,
    /// A transparent newtype that holds only values keeping its one field's checks: what a
    /// named scalar, array or map schema with validation keywords becomes (`struct Code(String)`
    /// with `TryFrom`). Without a check that applies, `analyze` makes it an alias again.
    pub validated: bool,
    /// The request type of `Ir::operations[i]`: its fields are parameters and the body, and
    /// it converts to and from `http::Request` instead of serde.
    pub operation: Option<usize>,
    /// A response's documented headers: read from and written to a header map, not serde.
    pub response_headers: bool,
}

impl Struct {
    /// Whether the struct is a JSON value (else it belongs to an operation's conversions).
    pub fn is_serde(&self) -> bool {
        self.operation.is_none() && !self.response_headers
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Presence {
    /// Key required, `null` not allowed: `T`.
    Required,
    /// Key required, may be `null`: `Option<T>`, a missing key is an error.
    RequiredNullable,
    /// Key optional: `Option<T>`, `None` is not serialized.
    Optional,
}

impl Field {
    /// The one field of a newtype: the value itself, required, with no name on the wire.
    pub fn inner(ty: TypeRef) -> Field {
        Field {
            wire_name: String::new(),
            rust_name: None,
            ty,
            presence: Presence::Required,
            docs: Docs::default(),
            secret: false,
            checks: None,
            default: None,
            format: None,
            boxed: false,
            flatten: false,
        }
    }

    /// An optional field whose type has a value for `null` of its own (`Option<T>` of a
    /// nullable one, or any JSON value): a present `null` is that value, and only an absent
    /// key is `None`.
    pub fn keeps_null(&self) -> bool {
        self.presence == Presence::Optional
            && (matches!(self.ty, TypeRef::Option(_)) || self.ty.takes_null())
    }
}

#[derive(Debug)]
pub struct Field {
    pub wire_name: String,
    /// A field name the spec asks for (`x-typewright-name`).
    pub rust_name: Option<String>,
    /// The type of a present, non-null value; `presence` says how `Option` wraps it.
    pub ty: TypeRef,
    pub presence: Presence,
    pub docs: Docs,
    /// `Debug` shows `<redacted>` instead of the value.
    pub secret: bool,
    /// Validation keywords checked when deserializing.
    pub checks: Option<Checks>,
    /// The spec's `default`, applied when the key is absent.
    pub default: Option<DefaultValue>,
    /// `format`, shown in the docs.
    pub format: Option<String>,
    /// Set by `analyze` where the field closes a cycle of by-value containment.
    pub boxed: bool,
    /// `#[serde(flatten)]`: the field's keys sit in the parent object (a `oneOf` beside
    /// properties).
    pub flatten: bool,
}

/// The validation keywords of a value's schema that the generated code enforces: those of
/// the value itself, and, for an array or a map, those of each item or value whose schema is
/// inline (a named schema's type checks itself).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Checks {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub bounds: Bounds,
    /// A `format` to check (`Config::check_formats`).
    pub format: Option<Format>,
    /// The checks of every item of an array, or value of a map.
    pub inner: Option<Box<Checks>>,
    /// `propertyNames`: the checks every key of a map keeps (a key is a string).
    pub keys: Option<Box<Checks>>,
    /// `patternProperties` beside `additionalProperties: false`: every key of a map matches
    /// one of these.
    pub key_patterns: Vec<crate::words::Pattern>,
}

impl Checks {
    /// Whether the checks reach past the value itself, into its items or values.
    pub fn is_nested(&self) -> bool {
        self.inner.is_some()
    }

    /// Whether some of the checks may apply to a value of type `ty` (a named type is not
    /// looked into: it checks itself). `analyze` decides once every type is known.
    pub fn may_apply_to(&self, ty: &TypeRef) -> bool {
        let b = &self.bounds;
        match ty {
            TypeRef::Prim(Prim::String) => {
                self.min_length.is_some()
                    || self.max_length.is_some()
                    || !b.patterns.is_empty()
                    || self.format.is_some()
            }
            TypeRef::Prim(Prim::Bool) => false,
            TypeRef::Prim(_) => {
                b.minimum.is_some()
                    || b.maximum.is_some()
                    || b.exclusive_minimum.is_some()
                    || b.exclusive_maximum.is_some()
                    || b.multiple_of.is_some()
            }
            TypeRef::Vec(_) => {
                b.min_items.is_some() || b.max_items.is_some() || b.unique_items || self.is_nested()
            }
            TypeRef::Map(_) => {
                b.min_properties.is_some()
                    || b.max_properties.is_some()
                    || self.is_nested()
                    || self.keys.is_some()
                    || !self.key_patterns.is_empty()
            }
            _ => false,
        }
    }
}

/// A `format` the generated code checks with `Config::check_formats`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    DateTime,
    Date,
    Time,
    Uuid,
    Email,
    Ipv4,
    Ipv6,
    Uri,
}

impl Format {
    /// The format `name` is, when it is one typewright checks.
    pub fn named(name: &str) -> Option<Format> {
        Some(match name {
            "date-time" => Format::DateTime,
            "date" => Format::Date,
            "time" => Format::Time,
            "uuid" => Format::Uuid,
            "email" => Format::Email,
            "ipv4" => Format::Ipv4,
            "ipv6" => Format::Ipv6,
            "uri" => Format::Uri,
            _ => return None,
        })
    }

    /// The format's name in the spec.
    pub fn name(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::Date => "date",
            Format::Time => "time",
            Format::Uuid => "uuid",
            Format::Email => "email",
            Format::Ipv4 => "ipv4",
            Format::Ipv6 => "ipv6",
            Format::Uri => "uri",
        }
    }

    /// The variant of the runtime's `Format`.
    pub fn variant(self) -> &'static str {
        match self {
            Format::DateTime => "DateTime",
            Format::Date => "Date",
            Format::Time => "Time",
            Format::Uuid => "Uuid",
            Format::Email => "Email",
            Format::Ipv4 => "Ipv4",
            Format::Ipv6 => "Ipv6",
            Format::Uri => "Uri",
        }
    }
}

/// A default whose JSON text is longer than this (an array, an object or a long string) is
/// written once per module and shared by every field that takes it: a schema's default
/// reached through many `$ref`s is not copied into the output once per field.
pub const SHARED_DEFAULT_LEN: usize = 64;

/// A `default` value, already checked against the field's type.
#[derive(Clone, Debug, PartialEq)]
pub enum DefaultValue {
    Literal(Literal),
    /// A variant of a generated enum: its index in [`Enum::values`].
    Variant(TypeId, usize),
    /// An array or object, or a string longer than [`SHARED_DEFAULT_LEN`]: its JSON text
    /// (an index into [`Ir::defaults`]), and where the spec wrote it (lowering checks it once
    /// every type it reaches is known).
    Json(usize, crate::diag::Span),
}

#[derive(Debug)]
pub struct Enum {
    /// Strings, numbers or booleans; never `null` (nullability wraps the use site).
    pub values: Vec<Literal>,
    /// Open: unlisted values are kept in an extra variant instead of being rejected.
    pub open: bool,
}

impl Enum {
    pub fn all_strings(&self) -> bool {
        self.values.iter().all(|v| matches!(v, Literal::String(_)))
    }
}

#[derive(Debug)]
pub struct Union {
    /// `Some(property)`: a discriminated union, tagged by that property of each variant.
    pub tag: Option<String>,
    pub variants: Vec<Variant>,
}

#[derive(Debug)]
pub struct Variant {
    /// The discriminator value, for tagged unions.
    pub tag: Option<String>,
    /// More discriminator values that read into this variant (a `mapping` with two tags for
    /// one schema); `tag` is the one the docs name first.
    pub also: Vec<String>,
    pub ty: TypeRef,
    pub boxed: bool,
    /// A name for the variant from the spec (the branch's `title`).
    pub name: Option<String>,
    /// A variant of a request body's content enum: the media type it is sent as.
    pub media: Option<MediaType>,
    /// The validation keywords of an inline branch, checked when the variant is read.
    pub checks: Option<Checks>,
}

impl Union {
    /// A request body with several media types: one variant per media type, converted by
    /// the operation, not by serde.
    pub fn is_content(&self) -> bool {
        self.variants.iter().any(|v| v.media.is_some())
    }
}

/// Security requirements: alternatives of schemes, each alternative's schemes required
/// together. None: no credentials; an empty alternative: a request may go without them.
pub type Security = Vec<Vec<crate::words::SecurityScheme>>;

/// An operation of `paths`: its request type, and its responses by status.
#[derive(Debug)]
pub struct OperationDef {
    /// The `operationId` (or `method path`): what its names come from.
    pub name: String,
    pub method: String,
    pub path: String,
    pub document: usize,
    /// The operation's `tags`: what [`crate::Config::operation_tags`] selects by.
    pub tags: Vec<String>,
    /// A struct of the parameters and the body, or the body's own type when the operation
    /// has no parameters and an inline body of one media type.
    pub request: TypeId,
    /// One per parameter: the request struct's fields, in the same order.
    pub params: Vec<Param>,
    /// The body: the request struct's last field (or the request itself).
    pub body: Option<Body>,
    pub responses: Vec<Response>,
    /// Its own security requirements, or `None` when it has the document's
    /// ([`Ir::security`]).
    pub security: Option<Security>,
    /// How it pages, and the type of the items its pages hold.
    pub pagination: Option<(crate::words::Pagination, TypeRef)>,
    /// Its own `x-speakeasy-retries`; `None` takes its document's ([`Ir::retries`]).
    pub retries: Option<crate::words::Retries>,
    /// Where its successful response is an event stream: the type of each event's data,
    /// and the sentinel that ends the stream.
    pub events: Option<(TypeRef, Option<String>)>,
    /// A webhook's or callback's name: a request the API sends, not one it takes. Its `path`
    /// is empty.
    pub event: Option<String>,
    /// How docs name it: `POST /pets/{id}`, or `webhook order.created (POST)`.
    pub label: String,
}

/// The event stream a successful response holds, alone or as a variant of its content
/// enum: the type of each event's data, and the sentinel.
pub fn event_stream(ir: &Ir, responses: &[Response]) -> Option<(TypeRef, Option<String>)> {
    let stream = |media: &MediaType, ty: &TypeRef| match (media.kind, ty) {
        (MediaKind::EventStream, TypeRef::External(_, args)) => args
            .first()
            .map(|data| (data.clone(), media.sentinel.clone())),
        _ => None,
    };
    responses
        .iter()
        .filter(|r| r.status.is_2xx())
        .find_map(|r| {
            let (media, ty) = r.content.as_ref()?;
            match (media.kind, ty) {
                (MediaKind::Several, TypeRef::Named(id)) => match &ir.get(*id).kind {
                    TypeKind::Union(u) => u
                        .variants
                        .iter()
                        .find_map(|v| stream(v.media.as_ref()?, &v.ty)),
                    _ => None,
                },
                _ => stream(media, ty),
            }
        })
}

impl Ir {
    /// Types that carry an operation's impls (requests, content enums): each keeps its own
    /// definition, which sharing must not turn into an alias. A response's headers struct
    /// is not one of them: its impls follow from its fields and its headers' descriptions,
    /// so identical ones are shared (see `header_params`).
    pub fn operation_types(&self) -> Vec<bool> {
        let mut marked = vec![false; self.types.len()];
        for operation in &self.operations {
            marked[operation.request.0 as usize] = true;
        }
        for (index, def) in self.types.iter().enumerate() {
            if let TypeKind::Union(u) = &def.kind {
                marked[index] |= u.is_content();
            }
        }
        marked
    }

    /// `ty` with every type it names that is an alias (`pub type Copy = First;`, `pub type
    /// Body = Vec<String>;`) replaced by what the alias names: two refs that come out equal
    /// are the same Rust type. Aliases of aliases are followed a bounded number of steps (a
    /// hostile cycle stops there).
    pub fn through_aliases(&self, ty: &TypeRef) -> TypeRef {
        self.through_aliases_within(ty, 32)
    }

    fn through_aliases_within(&self, ty: &TypeRef, steps: usize) -> TypeRef {
        let each = |t: &TypeRef| self.through_aliases_within(t, steps);
        match ty {
            TypeRef::Named(id) => match &self.get(*id).kind {
                TypeKind::Alias(target) if steps > 0 => {
                    self.through_aliases_within(target, steps - 1)
                }
                _ => TypeRef::Named(*id),
            },
            TypeRef::Vec(inner) => TypeRef::Vec(Box::new(each(inner))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(each(inner))),
            TypeRef::Option(inner) => TypeRef::Option(Box::new(each(inner))),
            TypeRef::Tuple(items) => TypeRef::Tuple(items.iter().map(each).collect()),
            TypeRef::External(path, args) => {
                TypeRef::External(path.clone(), args.iter().map(each).collect())
            }
            other => other.clone(),
        }
    }

    /// The types a type is made of, in slot order: fields (then the extra-keys map), variants,
    /// or the aliased type.
    pub fn parts(&self, id: TypeId) -> Box<dyn Iterator<Item = &TypeRef> + '_> {
        match &self.get(id).kind {
            TypeKind::Struct(s) => Box::new(s.fields.iter().map(|f| &f.ty).chain(&s.extra)),
            TypeKind::Union(u) => Box::new(u.variants.iter().map(|v| &v.ty)),
            TypeKind::Alias(ty) => Box::new(std::iter::once(ty)),
            TypeKind::Enum(_) => Box::new(std::iter::empty()),
        }
    }

    /// The headers each response's headers struct reads and writes, by the struct's id.
    pub fn header_params(&self) -> HashMap<TypeId, &[Param]> {
        self.operations
            .iter()
            .flat_map(|operation| &operation.responses)
            .filter_map(|r| r.headers.as_ref())
            .map(|(id, params)| (*id, params.as_slice()))
            .collect()
    }
}

#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub location: crate::words::In,
    pub style: crate::words::Style,
    pub explode: bool,
    pub allow_reserved: bool,
    pub shape: crate::words::Shape,
}

/// How a body of one media type is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediaKind {
    Json,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `multipart/form-data`: a part per property.
    Multipart,
    /// `text/event-stream` (a response): server-sent events, each one's data a value.
    EventStream,
    /// `application/x-ndjson` and its aliases (a response): a value per line.
    JsonLines,
    /// A response with several media types: its type is a content enum (a [`Union`] whose
    /// variants have `media`), read by the response's `content-type`.
    Several,
    /// Anything else, as bytes.
    Bytes,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MediaType {
    /// As the spec writes it; the `content-type` sent.
    pub name: String,
    pub kind: MediaKind,
    /// A form body's `encoding`: property, style and explode.
    pub encoding: Vec<(String, crate::words::Style, bool)>,
    /// A multipart body's `encoding`: property and the media type of its part.
    pub part_types: Vec<(String, String)>,
    /// An event stream's `x-speakeasy-sse-sentinel`: the data that ends it (`[DONE]`).
    pub sentinel: Option<String>,
}

#[derive(Debug)]
pub struct Body {
    pub required: bool,
    /// One media type: the field's type is its schema's (bytes: `Vec<u8>`); several: the
    /// field's type is a content enum (a [`Union`] whose variants have `media`).
    pub media: Option<MediaType>,
    /// The request type is this body's type (no parameters, an inline body).
    pub is_request: bool,
}

#[derive(Debug)]
pub struct Response {
    /// The key as the spec writes it (`4xx`).
    pub key: String,
    /// What the key means.
    pub status: crate::words::Status,
    pub description: Option<String>,
    /// The body: its media type and type; `None` for a response without content.
    pub content: Option<(MediaType, TypeRef)>,
    /// The struct of the documented headers, and how each is written (its fields' order).
    pub headers: Option<(TypeId, Vec<Param>)>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Prim(Prim),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// A fixed-length JSON array with a type per position.
    Tuple(Vec<TypeRef>),
    /// A Rust type the user names (`Config::format_type`, `Config::extern_type`,
    /// `x-typewright-type`), as a path (`uuid::Uuid`), with generic arguments if any.
    External(ExternType, Vec<TypeRef>),
    /// Any JSON value.
    Any,
    /// Only `null` (`type: null`, `enum: [null]`): Rust's `()`, which serde reads from `null`
    /// alone.
    Null,
}

impl TypeRef {
    /// The named types the reference mentions, through any container, pushed onto `out`.
    pub fn named_in(&self, out: &mut Vec<TypeId>) {
        match self {
            TypeRef::Named(id) => out.push(*id),
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                inner.named_in(out);
            }
            TypeRef::Tuple(items) | TypeRef::External(_, items) => {
                items.iter().for_each(|t| t.named_in(out));
            }
            TypeRef::Prim(_) | TypeRef::Any | TypeRef::Null => {}
        }
    }

    /// Whether the type itself reads `null`, so that a nullable schema needs no `Option`.
    pub fn takes_null(&self) -> bool {
        matches!(self, TypeRef::Any | TypeRef::Null)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prim {
    String,
    Bool,
    I32,
    I64,
    I8,
    I16,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
}

impl Prim {
    /// The Rust type's name.
    pub fn rust(self) -> &'static str {
        match self {
            Prim::String => "String",
            Prim::Bool => "bool",
            Prim::I8 => "i8",
            Prim::I16 => "i16",
            Prim::I32 => "i32",
            Prim::I64 => "i64",
            Prim::U8 => "u8",
            Prim::U16 => "u16",
            Prim::U32 => "u32",
            Prim::U64 => "u64",
            Prim::F32 => "f32",
            Prim::F64 => "f64",
        }
    }

    /// Whether an integer is in this type's range (always false for non-integers).
    pub fn fits(self, n: i128) -> bool {
        let (min, max): (i128, i128) = match self {
            Prim::I8 => (i8::MIN.into(), i8::MAX.into()),
            Prim::I16 => (i16::MIN.into(), i16::MAX.into()),
            Prim::I32 => (i32::MIN.into(), i32::MAX.into()),
            Prim::I64 => (i64::MIN.into(), i64::MAX.into()),
            Prim::U8 => (0, u8::MAX.into()),
            Prim::U16 => (0, u16::MAX.into()),
            Prim::U32 => (0, u32::MAX.into()),
            Prim::U64 => (0, u64::MAX.into()),
            _ => return false,
        };
        (min..=max).contains(&n)
    }
}

/// The Rust map type for JSON objects with arbitrary keys.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MapType {
    /// `std::collections::BTreeMap`: sorted keys, so output is deterministic; `Hash`.
    #[default]
    BTreeMap,
    /// `std::collections::HashMap`.
    HashMap,
    /// `indexmap::IndexMap` (the `serde` feature): keeps the keys in the order received.
    IndexMap,
}

impl MapType {
    /// The path used in generated code.
    pub fn path(self) -> &'static str {
        match self {
            MapType::BTreeMap => "::std::collections::BTreeMap",
            MapType::HashMap => "::std::collections::HashMap",
            MapType::IndexMap => "::indexmap::IndexMap",
        }
    }

    /// Whether the map implements `Hash`.
    pub fn hashable(self) -> bool {
        self == MapType::BTreeMap
    }
}

/// The derives beyond `Debug, Clone, PartialEq, Serialize, Deserialize` that every type has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Derives {
    pub eq: bool,
    pub hash: bool,
    pub copy: bool,
    /// One-value enums (their single variant is the obvious default), and operation requests
    /// whose every value may be left out.
    pub default: bool,
}
