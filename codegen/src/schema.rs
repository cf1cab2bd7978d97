//! The schema model shared by `resolve` (which reads it) and `ir` (which lowers it).
//!
//! One lenient reading of OpenAPI 3.0, 3.1 and JSON Schema: every spelling of a concept
//! (3.0 `nullable: true`, 3.1 `type: [T, "null"]`) is read into the same fields here.

use crate::words::{Bounds, Literal, Pattern};
use std::sync::Arc;

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

/// One entry of `patternProperties`.
#[derive(Clone, Debug)]
pub struct PatternProperty {
    /// The key pattern as written.
    pub key: Spanned<String>,
    /// The key pattern as ECMAScript, if it is one.
    pub pattern: Option<Pattern>,
    /// The schema of the values under matching keys.
    pub schema: SchemaId,
}

/// [`Bounds`] that take a pointer's room until one is set: most schemas have none, and a
/// large spec has hundreds of thousands of schemas. Reads see the empty bounds; the first
/// write makes room.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SparseBounds(Option<Box<Bounds>>);

static NO_BOUNDS: Bounds = Bounds {
    patterns: Vec::new(),
    minimum: None,
    maximum: None,
    exclusive_minimum: None,
    exclusive_maximum: None,
    multiple_of: None,
    min_items: None,
    max_items: None,
    unique_items: false,
    min_properties: None,
    max_properties: None,
};

impl std::ops::Deref for SparseBounds {
    type Target = Bounds;

    fn deref(&self) -> &Bounds {
        self.0.as_deref().unwrap_or(&NO_BOUNDS)
    }
}

impl std::ops::DerefMut for SparseBounds {
    fn deref_mut(&mut self) -> &mut Bounds {
        self.0.get_or_insert_with(Box::default)
    }
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
    /// Tuple positions: 2020-12 `prefixItems`, or draft-07 `items: [..]`.
    pub prefix_items: Option<Vec<SchemaId>>,
    /// What may follow the tuple positions: `items` after `prefixItems`, or `additionalItems`.
    pub additional_items: Option<AdditionalProperties>,
    /// `patternProperties`: key pattern -> value schema.
    pub pattern_properties: Vec<PatternProperty>,
    /// `propertyNames`: the schema every key keeps.
    pub property_names: Option<SchemaId>,
    pub enum_values: Option<Spanned<Vec<Literal>>>,
    pub const_value: Option<Spanned<Literal>>,
    pub one_of: Vec<SchemaId>,
    pub any_of: Vec<SchemaId>,
    pub all_of: Vec<SchemaId>,
    pub discriminator: Option<Box<Discriminator>>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub bounds: SparseBounds,
    /// The `default` value, shared by every schema an alias repeats it in.
    pub default: Option<Spanned<Arc<serde_json::Value>>>,
    /// `example` and the items of `examples`, as written.
    pub examples: Vec<Spanned<Arc<serde_json::Value>>>,
    /// An explicit open (`true`) or closed (`false`) enum: `x-speakeasy-unknown-values: allow`
    /// or `x-typewright-open`.
    pub open_enum: Option<bool>,
    /// `x-typewright-type: path` or typify's `x-rust-type: {path, parameters}`: an existing
    /// Rust type to use instead of generating one, with schemas for its generic parameters.
    pub rust_type: Option<Box<(Spanned<crate::words::ExternType>, Vec<SchemaId>)>>,
    /// `x-typewright-name` or `x-speakeasy-name-override`: the Rust name to use.
    pub name_override: Option<Spanned<String>>,
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
            prefix_items: None,
            additional_items: None,
            pattern_properties: Vec::new(),
            property_names: None,
            enum_values: None,
            const_value: None,
            one_of: Vec::new(),
            any_of: Vec::new(),
            all_of: Vec::new(),
            discriminator: None,
            min_length: None,
            max_length: None,
            bounds: SparseBounds::default(),
            default: None,
            examples: Vec::new(),
            open_enum: None,
            rust_type: None,
            name_override: None,
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

    /// A branch that adds only validation (`required`, `not`...) to its parent: no structure,
    /// no type beyond `object`, no values of its own.
    pub fn is_constraint_only(&self) -> bool {
        self.declares_no_structure() && self.additional_properties.is_none()
    }

    /// No reference, no type beyond `object`, no properties, items, alternatives or values:
    /// what [`Schema::is_constraint_only`] and [`Schema::is_free_form_object`] share, apart
    /// from `additionalProperties`, on which they differ.
    fn declares_no_structure(&self) -> bool {
        self.reference.is_none()
            && self.properties.is_empty()
            && self.types.iter().all(|t| *t == InstanceType::Object)
            && self.enum_values.is_none()
            && self.const_value.is_none()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
            && self.items.is_none()
            && self.prefix_items.is_none()
            && self.pattern_properties.is_empty()
    }

    /// `additionalProperties: false` without `patternProperties`: no undeclared key.
    pub fn is_closed(&self) -> bool {
        matches!(
            self.additional_properties,
            Some(AdditionalProperties::Allowed(false))
        ) && self.pattern_properties.is_empty()
    }

    /// `{type: object}` that takes any keys with any values and declares nothing else (Box's
    /// `context_info`, `additionalProperties: {}`): restated with properties, it narrows to them.
    pub fn is_free_form_object<'a>(&self, schema: impl Fn(SchemaId) -> &'a Schema) -> bool {
        let any_extra = match self.additional_properties {
            None | Some(AdditionalProperties::Allowed(true)) => true,
            Some(AdditionalProperties::Allowed(false)) => false,
            Some(AdditionalProperties::Schema(extra)) => {
                let extra = schema(extra);
                extra.is_constraint_only() && extra.types.is_empty() && extra.required.is_empty()
            }
        };
        any_extra
            && self.types == [InstanceType::Object]
            && self.declares_no_structure()
            && self.required.is_empty()
            && self.rust_type.is_none()
            && *self.bounds == Bounds::default()
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
    "prefixItems",
    "additionalItems",
    "patternProperties",
    "propertyNames",
    "default",
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
    "example",
    "examples",
    "externalDocs",
    "xml",
    "contentMediaType",
    "contentEncoding",
];

/// Keywords that narrow what a value may be but that typewright does not enforce: the type is
/// built as if they were absent (a sound superset) and each use is a located warning.
pub const NOT_ENFORCED_KEYWORDS: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "dependencies",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "$dynamicRef",
    "$recursiveRef",
];
