//! The type IR: what the generated Rust types are, with no tokens and no Rust names.
//!
//! `lower` (in [`crate::lower`]) builds it from the schema graph; `analyze` then works out
//! which derives every type can have and where a recursive type needs a `Box`.

use crate::resolve::Origin;

/// Index of a type in [`Ir::types`]. The first ids are the roots of the schema graph, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub u32);

#[derive(Debug, Default)]
pub struct Ir {
    pub types: Vec<TypeDef>,
}

impl Ir {
    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0 as usize]
    }

    pub fn ids(&self) -> impl Iterator<Item = TypeId> + use<> {
        (0..self.types.len() as u32).map(TypeId)
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
    /// `spec/x.yaml:12:7`, where the schema starts.
    pub location: String,
    pub pointer: String,
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

#[derive(Debug)]
pub struct Field {
    pub wire_name: String,
    /// The type of a present, non-null value; `presence` says how `Option` wraps it.
    pub ty: TypeRef,
    pub presence: Presence,
    pub docs: Docs,
    /// `Debug` shows `<redacted>` instead of the value.
    pub secret: bool,
    pub length: Option<LengthCheck>,
    /// `format`, shown in the docs.
    pub format: Option<String>,
    /// Set by `analyze` where the field closes a cycle of by-value containment.
    pub boxed: bool,
}

/// `minLength`/`maxLength` of a string field, checked when deserializing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LengthCheck {
    pub min: Option<u64>,
    pub max: Option<u64>,
}

#[derive(Debug)]
pub struct Enum {
    pub values: Vec<String>,
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
    pub ty: TypeRef,
    pub boxed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    Named(TypeId),
    Prim(Prim),
    Vec(Box<TypeRef>),
    /// A JSON object with arbitrary keys.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// Any JSON value.
    Any,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prim {
    String,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
}

/// The derives beyond `Debug, Clone, PartialEq, Serialize, Deserialize` that every type has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Derives {
    pub eq: bool,
    pub hash: bool,
    pub copy: bool,
    /// Only one-value enums: their single variant is the obvious default.
    pub default: bool,
}

/// Works out derives and boxing; runs after every type is lowered.
pub fn analyze(ir: &mut Ir) {
    crate::analyze::derives(ir);
    crate::analyze::boxing(ir);
}
