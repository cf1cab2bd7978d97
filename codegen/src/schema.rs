//! The schema model shared by `resolve` (which reads it) and `ir` (which lowers it).
//!
//! One lenient reading of OpenAPI 3.0, 3.1 and JSON Schema: every spelling of a concept
//! (3.0 `nullable: true`, 3.1 `type: [T, "null"]`) is read into the same fields here.

use crate::diag::{Span, Spanned};
use crate::load::NodeId;

/// Index of a schema in [`crate::resolve::SchemaGraph`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemaId(pub(crate) u32);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceType {
    Null,
    Boolean,
    Object,
    Array,
    Number,
    String,
    Integer,
}

impl InstanceType {
    pub const NAMES: [&'static str; 7] = [
        "null", "boolean", "object", "array", "number", "string", "integer",
    ];

    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "null" => Self::Null,
            "boolean" => Self::Boolean,
            "object" => Self::Object,
            "array" => Self::Array,
            "number" => Self::Number,
            "string" => Self::String,
            "integer" => Self::Integer,
            _ => return None,
        })
    }
}

/// A constant from `enum` or `const`.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    /// An array or object value.
    Composite,
}

#[derive(Clone, Debug)]
pub struct Ref {
    pub text: String,
    pub span: Span,
    /// Filled in by `resolve`; `None` when the reference is dangling (already reported).
    pub target: Option<SchemaId>,
}

#[derive(Clone, Debug)]
pub struct Property {
    pub name: String,
    pub key_span: Span,
    pub schema: SchemaId,
}

#[derive(Clone, Debug)]
pub enum AdditionalProperties {
    Allowed(bool),
    Schema(SchemaId),
}

#[derive(Clone, Debug)]
pub struct Discriminator {
    pub property: Spanned<String>,
    /// Tag value -> the referenced schema, in the order written.
    pub mapping: Vec<(Spanned<String>, Option<SchemaId>)>,
    pub span: Span,
}

/// One schema, as written, with child schemas replaced by their ids.
#[derive(Clone, Debug)]
pub struct Schema {
    pub node: NodeId,
    pub span: Span,
    /// The JSON pointer this schema was first reached by, `#/components/schemas/Pet`.
    pub pointer: String,
    /// `false` as a schema: nothing is valid.
    pub never: bool,
    pub reference: Option<Ref>,
    /// Empty when `type` is absent. `null` is kept out of here: see `nullable`.
    pub types: Vec<InstanceType>,
    pub type_span: Option<Span>,
    /// `nullable: true`, `type: [.., null]`, or `null` in `enum`.
    pub nullable: bool,
    pub format: Option<Spanned<String>>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub properties: Vec<Property>,
    pub required: Vec<Spanned<String>>,
    pub additional_properties: Option<AdditionalProperties>,
    pub items: Option<SchemaId>,
    pub enum_values: Option<Spanned<Vec<Literal>>>,
    pub const_value: Option<Spanned<Literal>>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub discriminator: Option<Discriminator>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub deprecated: bool,
    pub read_only: bool,
    pub write_only: bool,
    /// `x-typewright-secret`: an explicit yes or no that overrides the name heuristics.
    pub secret: Option<bool>,
}

impl Schema {
    pub fn new(node: NodeId, span: Span, pointer: String) -> Self {
        Schema {
            node,
            span,
            pointer,
            never: false,
            reference: None,
            types: Vec::new(),
            type_span: None,
            nullable: false,
            format: None,
            title: None,
            description: None,
            properties: Vec::new(),
            required: Vec::new(),
            additional_properties: None,
            items: None,
            enum_values: None,
            const_value: None,
            one_of: Vec::new(),
            any_of: Vec::new(),
            all_of: Vec::new(),
            discriminator: None,
            min_length: None,
            max_length: None,
            deprecated: false,
            read_only: false,
            write_only: false,
            secret: None,
        }
    }

    /// True for `{type: null}` and `const: null`: the `null` branch of a nullable union.
    pub fn is_null_only(&self) -> bool {
        self.reference.is_none()
            && self.types.is_empty()
            && self.nullable
            && self.properties.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && self
                .enum_values
                .as_ref()
                .is_none_or(|e| e.value.iter().all(|l| *l == Literal::Null))
            && self
                .const_value
                .as_ref()
                .is_none_or(|c| c.value == Literal::Null)
    }

    /// The values of `enum`, or the value of `const`, without `null` (which sets `nullable`).
    pub fn enum_literals(&self) -> Vec<&Literal> {
        match (&self.enum_values, &self.const_value) {
            (Some(values), _) => values.value.iter().collect(),
            (None, Some(value)) if value.value != Literal::Null => vec![&value.value],
            _ => Vec::new(),
        }
    }

    /// The one string value of `const` or a one-value `enum`, as discriminator tags use.
    pub fn single_string_value(&self) -> Option<&str> {
        if let Some(Spanned {
            value: Literal::String(s),
            ..
        }) = &self.const_value
        {
            return Some(s);
        }
        match self.enum_values.as_ref().map(|e| e.value.as_slice()) {
            Some([Literal::String(s)]) => Some(s),
            _ => None,
        }
    }
}

/// Schema keywords that typewright reads.
pub const SUPPORTED_KEYWORDS: &[&str] = &[
    "$ref",
    "type",
    "nullable",
    "format",
    "title",
    "description",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "oneOf",
    "anyOf",
    "allOf",
    "discriminator",
    "minLength",
    "maxLength",
    "deprecated",
    "readOnly",
    "writeOnly",
];

/// Keywords that annotate or validate without changing the Rust type; read by later passes
/// or documented as not yet enforced.
pub const ANNOTATION_KEYWORDS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$anchor",
    "$comment",
    "$defs",
    "definitions",
    "default",
    "example",
    "examples",
    "externalDocs",
    "xml",
    "contentMediaType",
    "contentEncoding",
    "pattern",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Keywords that change what a value may look like but that typewright cannot represent yet.
/// Each is an error, never a silent drop.
pub const UNSUPPORTED_KEYWORDS: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "patternProperties",
    "prefixItems",
    "additionalItems",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "$dynamicRef",
    "$recursiveRef",
];
