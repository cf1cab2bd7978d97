//! The `lower` pass: turn the schema graph into the type IR.
//!
//! Every root of the graph gets a `TypeId` before anything is lowered (root `i` is `TypeId(i)`),
//! so references and cycles need no lookahead. Inline objects, enums and unions become child
//! types whose names the naming pass derives from their parent.

use std::collections::BTreeMap;

use heck::ToSnakeCase;

mod checks;
mod defaults;
mod operations;
mod parts;
mod unions;

use parts::demanded_field;

use crate::diag::{Code, Diagnostics};
use crate::ir::{
    Checks, Derives, Docs, Enum, Field, Ir, NameSource, Presence, Prim, Struct, TypeDef, TypeId,
    TypeKind, TypeRef,
};
use crate::normalize::Normalized;
use crate::resolve::SchemaGraph;
use crate::schema::{AdditionalProperties, InstanceType, Schema, SchemaId};
use crate::settings::Settings;
use crate::words::{Literal, Origin};

/// Lowers every root of `graph`, asking `normalized` what each schema means.
pub fn lower(
    graph: &SchemaGraph,
    normalized: &Normalized,
    settings: &Settings,
    cx: &mut Diagnostics,
) -> Ir {
    let mut lowering = Lowering {
        graph,
        normalized,
        settings,
        cx,
        ir: Ir::default(),
        building: std::collections::HashMap::new(),
        defaults: defaults::Defaults::default(),
        walked_parts: std::collections::HashSet::new(),
    };
    for root in &graph.roots {
        let schema = graph.schema(root.schema);
        let mut docs = lowering.docs(schema);
        docs.context = match &root.origin {
            Origin::RequestBody {
                operation,
                endpoint,
            } => Some(format!(
                "The request body of `{endpoint}` (operation `{operation}`)."
            )),
            Origin::Response {
                operation,
                endpoint,
                status,
            } => Some(format!(
                "The `{status}` response of `{endpoint}` (operation `{operation}`)."
            )),
            _ => None,
        };
        lowering.ir.types.push(TypeDef {
            name: NameSource::Root(root.origin.clone()),
            docs,
            kind: TypeKind::Alias(TypeRef::Any),
            document: root.document,
            derives: Derives::default(),
            rust_name: configured(&settings.renames, root, schema)
                .or_else(|| schema.name_override.as_ref().map(|n| n.value.clone())),
        });
    }
    for (index, root) in graph.roots.iter().enumerate() {
        let id = TypeId(index as u32);
        if let Some(path) = configured(&settings.extern_types, root, graph.schema(root.schema)) {
            lowering.ir.types[index].kind = TypeKind::Alias(TypeRef::External(path, Vec::new()));
            continue;
        }
        if normalized.cyclic(root.schema) {
            // Reported by `normalize`: the schema describes no value of its own.
            lowering.ir.types[index].kind = TypeKind::Alias(TypeRef::Any);
            continue;
        }
        // A root that only wraps or refers to another root is an alias of that type; one
        // whose chain ends in an inline schema is that schema's type.
        let kind = match normalized.aliased(root.schema) {
            Some(other) => TypeKind::Alias(TypeRef::Named(TypeId(other as u32))),
            None => {
                let end = normalized.end(root.schema);
                match lowering.shape(end, &NameCtx::Type(id)) {
                    Becomes::Type(ty) => lowering.alias_or_newtype(root, end, ty),
                    Becomes::Definition => lowering.define(end, id),
                }
            }
        };
        lowering.ir.types[index].kind = kind;
    }
    for (index, operation) in graph.operations.iter().enumerate() {
        lowering.operation(index, operation);
    }
    lowering.ir.servers = graph.apis.iter().map(|api| api.servers.clone()).collect();
    lowering.ir.retries = graph.apis.iter().map(|api| api.retries.clone()).collect();
    lowering.ir.security = (0..graph.apis.len())
        .map(|document| lowering.requirements(document, &graph.apis[document].security))
        .collect();
    defaults::check_composite_defaults(&mut lowering.ir, &lowering.defaults, lowering.cx);
    lowering.ir
}

/// A `Config` setting keyed by schema name (`Pet`) or JSON pointer (`#/components/schemas/Pet`).
fn configured<T: Clone>(
    settings: &BTreeMap<String, T>,
    root: &crate::resolve::Root,
    schema: &Schema,
) -> Option<T> {
    let name = match &root.origin {
        Origin::Definition(name) => Some(name.as_str()),
        _ => None,
    };
    name.and_then(|n| settings.get(n))
        .or_else(|| settings.get(&schema.pointer))
        .cloned()
}

/// The longest string an `enum` or `const` may hold to be a Rust enum (64 KiB): each value
/// is written into the code twice, so a hostile 100 MB value would be copied into hundreds of
/// megabytes of output.
const MAX_ENUM_VALUE: usize = 64 * 1024;

/// The longest description a field copies from the schema it refers to (see `field_named`).
const MAX_COPIED_DESCRIPTION: usize = 2000;

/// The most positions a tuple schema may have to be a Rust tuple: `Debug`, `PartialEq`,
/// `Hash` and the rest are implemented for tuples of up to 12 elements (serde's for 16).
const MAX_TUPLE: usize = 12;

/// The name an inline schema gets if it needs a definition of its own.
#[derive(Clone, Debug)]
enum NameCtx {
    Type(TypeId),
    Child { parent: TypeId, suffix: String },
}

impl NameCtx {
    /// The context of a nested schema: `Pet` + `tags` + `Item` names `PetTagsItem`.
    fn child(&self, suffix: &str) -> NameCtx {
        match self {
            NameCtx::Type(id) => NameCtx::Child {
                parent: *id,
                suffix: suffix.to_string(),
            },
            NameCtx::Child {
                parent,
                suffix: own,
            } => NameCtx::Child {
                parent: *parent,
                suffix: format!("{own} {suffix}"),
            },
        }
    }
}

/// What a schema becomes: an existing Rust type, or a definition of its own.
enum Becomes {
    Type(TypeRef),
    Definition,
}

struct Lowering<'a> {
    graph: &'a SchemaGraph,
    normalized: &'a Normalized,
    settings: &'a Settings,
    cx: &'a mut Diagnostics,
    ir: Ir,
    /// Inline definitions being built: an inline schema that reaches itself (through an
    /// `allOf` part that holds it as a property) is a recursive type, not an endless one.
    building: std::collections::HashMap<SchemaId, TypeId>,
    /// The array and object defaults met so far.
    defaults: defaults::Defaults,
    /// The `allOf` parts already looked into for `oneOf`/`anyOf`s (`report_part_unions`).
    walked_parts: std::collections::HashSet<SchemaId>,
}

impl<'a> Lowering<'a> {
    fn schema(&self, id: SchemaId) -> &'a Schema {
        self.graph.schema(id)
    }

    fn docs(&self, schema: &Schema) -> Docs {
        Docs {
            title: schema.title.clone(),
            description: schema.description.clone(),
            context: None,
            span: Some(schema.span),
            pointer: schema.pointer.clone(),
            examples: schema
                .examples
                .iter()
                .map(|e| e.value.to_string())
                .collect(),
            deprecated: schema.deprecated,
            read_only: schema.read_only,
            write_only: schema.write_only,
        }
    }

    /// The Rust type of a value described by `id`, with the null case stripped: the caller
    /// asks `normalized.nullable` to decide on `Option`. `ctx` names an inline definition.
    fn type_ref(&mut self, id: SchemaId, ctx: &NameCtx) -> TypeRef {
        if let Some(root) = self.normalized.named(id) {
            return TypeRef::Named(TypeId(root as u32));
        }
        if self.normalized.cyclic(id) {
            return TypeRef::Any;
        }
        let end = self.normalized.end(id);
        match self.shape(end, ctx) {
            Becomes::Type(ty) => ty,
            Becomes::Definition => self.child(end, ctx, Self::define),
        }
    }

    /// A named schema whose type is an existing one (`String`, `Vec<..>`, a map): an alias of
    /// it, or, when the schema has validation keywords, a newtype that holds only values
    /// keeping them (`analyze` turns it back into an alias if none applies to the type).
    fn alias_or_newtype(
        &mut self,
        root: &crate::resolve::Root,
        end: SchemaId,
        ty: TypeRef,
    ) -> TypeKind {
        let schema = self.schema(end);
        let checks = self
            .checks(schema)
            .filter(|checks| checks.may_apply_to(&ty));
        let Some(checks) = checks else {
            return TypeKind::Alias(ty);
        };
        // The secret-name patterns are for fields; of a type's names only the unambiguous
        // ones hold (`Password`, `ApiKey`), not `Code`, which is a country's or a product's
        // far more often than an OAuth code.
        let name = match &root.origin {
            Origin::Definition(name) => name.to_snake_case(),
            _ => String::new(),
        };
        let name = if name == "code" { "" } else { name.as_str() };
        let secret = self.settings.secrets.is_secret(name, schema, schema);
        Self::newtype(ty, checks, secret)
    }

    /// A validated newtype over `ty`: one transparent field that holds only values keeping
    /// `checks`.
    fn newtype(ty: TypeRef, checks: Checks, secret: bool) -> TypeKind {
        TypeKind::Struct(Struct {
            fields: vec![Field {
                secret,
                checks: Some(checks),
                ..Field::inner(ty)
            }],
            transparent: true,
            validated: true,
            ..Struct::default()
        })
    }

    /// The type of a value where no field carries its checks (a `oneOf` branch, a tuple
    /// position): an inline schema with validation keywords that may apply to its type is a
    /// validated newtype of its own, named by `ctx`, so that the checks hold there too.
    fn checked_type_ref(&mut self, id: SchemaId, ctx: &NameCtx) -> TypeRef {
        let ty = self.type_ref(id, ctx);
        if self.normalized.named(id).is_some() || self.normalized.cyclic(id) {
            return ty;
        }
        let end = self.normalized.end(id);
        self.checked(end, ty, ctx)
    }

    /// `ty`, the type of schema `end` at `ctx`, as a validated newtype of its own if the
    /// schema's validation keywords may apply to it.
    fn checked(&mut self, end: SchemaId, ty: TypeRef, ctx: &NameCtx) -> TypeRef {
        let schema = self.schema(end);
        let Some(checks) = self
            .checks(schema)
            .filter(|checks| checks.may_apply_to(&ty))
        else {
            return ty;
        };
        let NameCtx::Child { parent, suffix } = ctx.clone() else {
            return ty;
        };
        let secret = self.settings.secrets.is_secret("", schema, schema);
        let type_id = TypeId(self.ir.types.len() as u32);
        let docs = self.docs(schema);
        let document = self.ir.get(parent).document;
        let rust_name = schema.name_override.as_ref().map(|n| n.value.clone());
        self.ir.types.push(TypeDef {
            name: NameSource::Child { parent, suffix },
            docs,
            kind: Self::newtype(ty, checks, secret),
            document,
            derives: Derives::default(),
            rust_name,
        });
        TypeRef::Named(type_id)
    }

    /// Adds an inline definition named by `ctx`, built by `build` from schema `core`.
    fn child(
        &mut self,
        core: SchemaId,
        ctx: &NameCtx,
        build: fn(&mut Self, SchemaId, TypeId) -> TypeKind,
    ) -> TypeRef {
        let NameCtx::Child { parent, suffix } = ctx.clone() else {
            unreachable!("roots are allocated before lowering")
        };
        if let Some(&building) = self.building.get(&core) {
            return TypeRef::Named(building);
        }
        self.push_child(core, parent, suffix, build)
    }

    /// Adds a definition built from schema `core` below `parent`, even while `core`'s own
    /// type is being built: the object part of `type: [boolean, object]` is one.
    fn push_child(
        &mut self,
        core: SchemaId,
        parent: TypeId,
        suffix: String,
        build: fn(&mut Self, SchemaId, TypeId) -> TypeKind,
    ) -> TypeRef {
        let type_id = TypeId(self.ir.types.len() as u32);
        let docs = self.docs(self.schema(core));
        let document = self.ir.get(parent).document;
        let rust_name = self
            .schema(core)
            .name_override
            .as_ref()
            .map(|n| n.value.clone());
        self.ir.types.push(TypeDef {
            name: NameSource::Child { parent, suffix },
            docs,
            kind: TypeKind::Alias(TypeRef::Any),
            document,
            derives: Derives::default(),
            rust_name,
        });
        let outer = self.building.insert(core, type_id);
        let kind = build(self, core, type_id);
        match outer {
            Some(outer) => self.building.insert(core, outer),
            None => self.building.remove(&core),
        };
        self.ir.types[type_id.0 as usize].kind = kind;
        TypeRef::Named(type_id)
    }

    fn shape(&mut self, id: SchemaId, ctx: &NameCtx) -> Becomes {
        let schema = self.schema(id);
        if schema.never {
            return Becomes::Type(TypeRef::Any);
        }
        if let Some((path, parameters)) = schema.rust_type.as_deref() {
            let parameters = parameters
                .iter()
                .enumerate()
                .map(|(i, &p)| {
                    let ty = self.type_ref(p, &ctx.child(&format!("Parameter{i}")));
                    self.wrap_nullable(p, ty)
                })
                .collect();
            return Becomes::Type(TypeRef::External(path.value.clone(), parameters));
        }
        if schema.reference.is_some() {
            // `normalize` followed every resolved reference: this one is dangling, which
            // `resolve` reported; `Any` keeps lowering going.
            return Becomes::Type(TypeRef::Any);
        }
        if schema.enum_values.is_some() || schema.const_value.is_some() {
            return self.enum_shape(id);
        }
        if self.normalized.branches(id).len() > 1 {
            return Becomes::Definition;
        }
        // Object keywords beside `type: integer` (say) describe no value of the schema.
        // (`types` never holds `null`: that is `nullable`.)
        let object = schema.types.is_empty() || schema.types.contains(&InstanceType::Object);
        if (object && (!schema.properties.is_empty() || !schema.required.is_empty()))
            || !schema.all_of.is_empty()
        {
            return Becomes::Definition;
        }
        // `additionalProperties: false` and no properties: only `{}`, a struct without fields
        // that refuses every key, not a map that takes any.
        if schema.is_closed() && matches!(schema.types.as_slice(), [] | [InstanceType::Object]) {
            return Becomes::Definition;
        }
        match schema.types.as_slice() {
            // `type: null` (read into `nullable`): only null.
            [] if schema.type_span.is_some() && schema.nullable => Becomes::Type(TypeRef::Null),
            [] if schema.items.is_some() || schema.prefix_items.is_some() => {
                Becomes::Type(self.array(id, ctx))
            }
            [] if schema.additional_properties.is_some()
                || !schema.pattern_properties.is_empty() =>
            {
                Becomes::Type(self.map(id, ctx))
            }
            [] => Becomes::Type(TypeRef::Any),
            [single] => Becomes::Type(self.instance(id, *single, ctx)),
            // `type: [string, integer]`: an untagged union with one variant per type.
            [_, _, ..] => Becomes::Definition,
        }
    }

    /// The Rust type for the values of one instance type of schema `id`.
    fn instance(&mut self, id: SchemaId, ty: InstanceType, ctx: &NameCtx) -> TypeRef {
        if let Some(external) = self.format_type(id, ty) {
            return external;
        }
        match ty {
            InstanceType::Object => self.map(id, ctx),
            InstanceType::Array => self.array(id, ctx),
            InstanceType::String => TypeRef::Prim(Prim::String),
            InstanceType::Boolean => TypeRef::Prim(Prim::Bool),
            InstanceType::Integer => TypeRef::Prim(self.integer(id)),
            InstanceType::Number => TypeRef::Prim(self.number(id)),
            InstanceType::Null => TypeRef::Null,
        }
    }

    /// The type `Config::format_type` maps this schema's `format` to, if any.
    fn format_type(&self, id: SchemaId, ty: InstanceType) -> Option<TypeRef> {
        if !matches!(
            ty,
            InstanceType::String | InstanceType::Integer | InstanceType::Number
        ) {
            return None;
        }
        let format = self.schema(id).format.as_ref()?;
        let path = self.settings.formats.get(&format.value)?;
        Some(TypeRef::External(path.clone(), Vec::new()))
    }

    fn enum_shape(&mut self, id: SchemaId) -> Becomes {
        let schema = self.schema(id);
        let values = schema.enum_literals();
        if values.is_empty() {
            // `enum: [null]` or `const: null`: only null is allowed.
            return Becomes::Type(TypeRef::Null);
        }
        let span = schema
            .enum_values
            .as_ref()
            .map(|e| e.span)
            .or(schema.const_value.as_ref().map(|c| c.span))
            .unwrap_or(schema.span);
        if values.iter().any(|v| matches!(v, Literal::Composite)) {
            self.cx
                .report(
                    Code::NotEnforced,
                    span,
                    "an `enum` or `const` with array or object values is not enforced",
                )
                .label("the Rust type is `serde_json::Value`");
            return Becomes::Type(TypeRef::Any);
        }
        let long = values.iter().find_map(|v| match v {
            Literal::String(s) if s.len() > MAX_ENUM_VALUE => Some(s.len()),
            _ => None,
        });
        if let Some(length) = long {
            let strings = values.iter().all(|v| matches!(v, Literal::String(_)));
            self.cx
                .report(
                    Code::NotEnforced,
                    span,
                    format!("an `enum` or `const` value of {length} bytes is not enforced"),
                )
                .label(format!(
                    "an enum variant is written out twice in the code, and values past {MAX_ENUM_VALUE} bytes are not"
                ))
                .note(match strings {
                    true => "recovered: the Rust type is `String`",
                    false => "recovered: the Rust type is `serde_json::Value`",
                });
            return Becomes::Type(match strings {
                true => TypeRef::Prim(Prim::String),
                false => TypeRef::Any,
            });
        }
        Becomes::Definition
    }

    fn array(&mut self, id: SchemaId, ctx: &NameCtx) -> TypeRef {
        let schema = self.schema(id);
        if let Some(positions) = schema.prefix_items.clone() {
            return self.tuple(id, &positions, ctx);
        }
        let item = match schema.items {
            Some(item) => {
                let ty = self.type_ref(item, &ctx.child("Item"));
                self.wrap_nullable(item, ty)
            }
            None => TypeRef::Any,
        };
        TypeRef::Vec(Box::new(item))
    }

    /// `prefixItems` (or draft-07 `items: [..]`): a Rust tuple when nothing may follow the
    /// listed positions, else a `Vec` of the one type every element has.
    fn tuple(&mut self, id: SchemaId, positions: &[SchemaId], ctx: &NameCtx) -> TypeRef {
        let schema = self.schema(id);
        let closed = match &schema.additional_items {
            Some(AdditionalProperties::Allowed(allowed)) => !allowed,
            Some(AdditionalProperties::Schema(s)) => self.schema(*s).never,
            None => false,
        } || schema
            .bounds
            .max_items
            .is_some_and(|max| max == positions.len() as u64);
        let min_items = schema.bounds.min_items;
        let (span, pointer) = (schema.span, schema.pointer.clone());
        let mut types = Vec::new();
        for (index, &position) in positions.iter().enumerate() {
            let ty = self.checked_type_ref(position, &ctx.child(&format!("Item{index}")));
            types.push(self.wrap_nullable(position, ty));
        }
        // Draft-07 tuples seldom say `minItems`; an absent one is read as "all positions".
        let exact = closed && min_items.is_none_or(|min| min >= positions.len() as u64);
        if exact && positions.len() <= MAX_TUPLE {
            return TypeRef::Tuple(types);
        }
        if exact {
            self.cx
                .report(
                    Code::NotEnforced,
                    span,
                    format!(
                        "a tuple of {} positions is a `Vec`: Rust's traits cover tuples of at most {MAX_TUPLE}",
                        positions.len()
                    ),
                )
                .label(format!("`{pointer}`"))
                .note("recovered: a `Vec` of the positions' one type (or any value), of any length");
        } else {
            self.cx
                .report(
                    Code::NotEnforced,
                    span,
                    "a tuple that may be shorter or longer than its positions is a `Vec`",
                )
                .label(format!("`{pointer}`"))
                .help("add `items: false` (or `additionalItems: false`) to make it a Rust tuple");
        }
        // Elements after the positions take `additionalItems` (any value when unsaid).
        match self.schema(id).additional_items.clone() {
            Some(AdditionalProperties::Schema(rest)) if !self.schema(rest).never => {
                let ty = self.type_ref(rest, &ctx.child("Item"));
                types.push(self.wrap_nullable(rest, ty));
            }
            Some(AdditionalProperties::Allowed(true)) | None => types.push(TypeRef::Any),
            Some(_) => {}
        }
        let first = types.first().cloned().unwrap_or(TypeRef::Any);
        let same = types.iter().all(|t| *t == first);
        TypeRef::Vec(Box::new(if same { first } else { TypeRef::Any }))
    }

    fn map(&mut self, id: SchemaId, ctx: &NameCtx) -> TypeRef {
        let value = self.extra_value(id, ctx).unwrap_or(TypeRef::Any);
        self.report_unchecked_keys(id, false);
        TypeRef::Map(Box::new(value))
    }

    /// Warns where the keys or values of a map (or a struct's extra keys) escape the
    /// `patternProperties` and `propertyNames` that describe them. A map's keys keep them
    /// (`checks`); a struct's extra keys do not.
    fn report_unchecked_keys(&mut self, id: SchemaId, in_struct: bool) {
        let schema = self.schema(id);
        let closed = matches!(
            schema.additional_properties,
            Some(AdditionalProperties::Allowed(false))
        );
        let patterns = &schema.pattern_properties;
        if closed && !patterns.is_empty() {
            let unreadable = patterns.iter().find(|p| p.pattern.is_none());
            if let Some(entry) = unreadable.filter(|_| !in_struct) {
                self.cx
                    .report(
                        Code::NotEnforced,
                        entry.key.span,
                        "this key pattern is not an ECMAScript regular expression: the map's keys are not checked",
                    )
                    .label("any key is accepted")
                    .help("JSON Schema patterns use ECMA-262 syntax");
            } else if in_struct {
                self.cx
                    .report(
                        Code::NotEnforced,
                        patterns[0].key.span,
                        "the key patterns of an object with properties are not enforced",
                    )
                    .label("an undeclared key that matches no pattern is kept with the others")
                    .note("a map without `properties` checks its keys");
            }
        }
        // Values under a key pattern keep the pattern's schema only where every key does
        // (one pattern, no other keys): elsewhere the value type is what all keys share.
        let only_values = closed && patterns.len() == 1;
        let unchecked = patterns.iter().find(|p| {
            let end = self.normalized.end(p.schema);
            let inline = self.normalized.named(p.schema).is_none();
            !only_values && inline && self.checks(self.schema(end)).is_some()
        });
        if let Some(entry) = unchecked {
            self.cx
                .report(
                    Code::NotEnforced,
                    entry.key.span,
                    "the validation keywords of values under a key pattern are not enforced",
                )
                .label("the values are checked only for their type")
                .help("one pattern beside `additionalProperties: false` is enforced");
        }
        if let Some(names) = schema.property_names {
            let names = self.schema(self.normalized.end(names));
            let listed = names.enum_values.is_some() || names.const_value.is_some();
            let said = match (in_struct, listed) {
                (true, _) if self.checks(names).is_some() || listed => {
                    "`propertyNames` of an object with properties is not enforced"
                }
                (false, true) => "the listed values of `propertyNames` are not enforced",
                _ => return,
            };
            self.cx
                .report(Code::NotEnforced, names.span, said)
                .label("not enforced")
                .note(
                    "the keys of a map keep the length, `pattern` and `format` of `propertyNames`",
                );
        }
    }

    /// The type of keys beyond `properties`: `None` when the schema forbids them
    /// (`additionalProperties: false` without `patternProperties`).
    fn extra_value(&mut self, id: SchemaId, ctx: &NameCtx) -> Option<TypeRef> {
        let schema = self.schema(id);
        let patterns: Vec<SchemaId> = schema.pattern_properties.iter().map(|p| p.schema).collect();
        let additional = schema.additional_properties.clone();
        let mut types = Vec::new();
        for (index, &pattern) in patterns.iter().enumerate() {
            let suffix = if patterns.len() == 1 {
                "Value".to_string()
            } else {
                format!("Value{index}")
            };
            let ty = self.type_ref(pattern, &ctx.child(&suffix));
            types.push(self.wrap_nullable(pattern, ty));
        }
        match additional {
            Some(AdditionalProperties::Schema(value)) => {
                let ty = self.type_ref(value, &ctx.child("Value"));
                types.push(self.wrap_nullable(value, ty));
            }
            Some(AdditionalProperties::Allowed(false)) if patterns.is_empty() => return None,
            Some(AdditionalProperties::Allowed(false)) => {}
            _ => types.push(TypeRef::Any),
        }
        let first = types.first().cloned().unwrap_or(TypeRef::Any);
        // Keys matching different patterns may hold different types: fall back to any value.
        if types.iter().all(|t| *t == first) {
            return Some(first);
        }
        let schema = self.schema(id);
        if let Some(entry) = schema.pattern_properties.first() {
            self.cx
                .report(
                    Code::NotEnforced,
                    entry.key.span,
                    "keys under different schemas hold values of any type",
                )
                .label("the values are `serde_json::Value`, not checked against a key pattern's schema")
                .note("the key patterns and `additionalProperties` give the values different types");
        }
        Some(TypeRef::Any)
    }

    fn wrap_nullable(&self, id: SchemaId, ty: TypeRef) -> TypeRef {
        if self.normalized.nullable(id) && !ty.takes_null() {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        }
    }

    fn integer(&mut self, id: SchemaId) -> Prim {
        match self.schema(id).format.as_ref().map(|f| f.value.as_str()) {
            Some("int8") => Prim::I8,
            Some("int16") => Prim::I16,
            Some("int32") => Prim::I32,
            Some("uint8") => Prim::U8,
            Some("uint16") => Prim::U16,
            Some("uint32") => Prim::U32,
            Some("uint64" | "uint") => Prim::U64,
            _ => Prim::I64,
        }
    }

    fn number(&mut self, id: SchemaId) -> Prim {
        match self.schema(id).format.as_ref().map(|f| f.value.as_str()) {
            Some("float") => Prim::F32,
            _ => Prim::F64,
        }
    }

    /// Builds the definition of a schema whose shape is `Becomes::Definition`, as type `id`.
    fn define(&mut self, schema_id: SchemaId, id: TypeId) -> TypeKind {
        let schema = self.schema(schema_id);
        if schema.enum_values.is_some() || schema.const_value.is_some() {
            // A value listed twice is one variant: two would make an unreachable match arm.
            let mut seen = std::collections::HashSet::new();
            let values: Vec<Literal> = schema
                .enum_literals()
                .into_iter()
                .filter(|value| seen.insert(value.key()))
                .cloned()
                .collect();
            let open = schema.open_enum.unwrap_or(self.settings.open_enums);
            return TypeKind::Enum(Enum { values, open });
        }
        let branches = self.normalized.branches(schema_id);
        if branches.len() > 1 {
            if schema.properties.is_empty() && schema.all_of.is_empty() {
                return TypeKind::Union(self.union(schema_id, id));
            }
            if branches
                .iter()
                .all(|&b| self.schema(b).is_constraint_only())
            {
                // `oneOf: [{required: [a]}, {required: [b]}]` beside `properties`.
                self.cx
                    .report(
                        Code::NotEnforced,
                        self.schema(branches[0]).span,
                        "`oneOf`/`anyOf` branches that only list `required` are not enforced",
                    )
                    .label("the struct has every property, each optional unless always required");
                return TypeKind::Struct(self.structure(schema_id, id));
            }
            return TypeKind::Struct(self.struct_with_union(schema_id, id, branches));
        }
        let instance_types = schema
            .types
            .iter()
            .filter(|t| **t != InstanceType::Null)
            .count();
        if instance_types > 1 {
            return TypeKind::Union(self.instance_union(schema_id, id));
        }
        TypeKind::Struct(self.structure(schema_id, id))
    }

    fn structure(&mut self, schema_id: SchemaId, id: TypeId) -> Struct {
        let members = self.normalized.members(schema_id);
        let mut fields: Vec<Field> = members
            .iter()
            .map(|m| self.field(id, &m.property, m.required, m.nullable))
            .collect();
        self.report_closed_parts(schema_id);
        self.report_part_unions(schema_id);
        let (extra, deny_unknown) = self.struct_extra(schema_id, id);
        let demanded = !deny_unknown && members.is_empty();
        let (code, label) = if deny_unknown {
            (
                Code::NotEnforced,
                "the key is not checked: the struct has no field for it",
            )
        } else if demanded {
            (
                Code::UndeclaredRequired,
                "recovered: a required field that takes any value the object allows",
            )
        } else {
            // Beside declared properties it is a misspelt or forgotten one (Box's `accessed`
            // for `access`), which real data does not have: demanding it would refuse them.
            (
                Code::UndeclaredRequired,
                "recovered: read as a misspelt or forgotten property, not checked: the struct has \
                 no field for it",
            )
        };
        let undeclared = self.undeclared_required(schema_id, code, label);
        if demanded {
            let schema = self.schema(schema_id);
            fields.extend(
                undeclared
                    .into_iter()
                    .map(|(name, span)| demanded_field(schema, name, span, extra.as_ref())),
            );
        }
        Struct {
            fields,
            extra,
            deny_unknown,
            transparent: false,
            validated: false,
            operation: None,
            response_headers: false,
        }
    }

    fn field(
        &mut self,
        id: TypeId,
        property: &crate::schema::Property,
        required: bool,
        nullable: bool,
    ) -> Field {
        let ctx = NameCtx::Type(id).child(&property.name);
        self.field_named(&ctx, property, required, nullable)
    }

    /// A field whose inline type, if it needs one, is named by `ctx`.
    fn field_named(
        &mut self,
        ctx: &NameCtx,
        property: &crate::schema::Property,
        required: bool,
        nullable: bool,
    ) -> Field {
        let name = property.name.clone();
        let ty = self.type_ref(property.schema, ctx);
        let nullable = nullable && !ty.takes_null();
        let schema = self.schema(property.schema);
        let target = self.schema(self.normalized.end(property.schema));
        // A read-only property is absent from requests, a write-only one from responses:
        // one type serves both, so neither can be required.
        let one_way =
            schema.read_only || schema.write_only || target.read_only || target.write_only;
        let required = required && !one_way;
        let presence = match (required, nullable) {
            (true, false) => Presence::Required,
            (true, true) => Presence::RequiredNullable,
            (false, _) => Presence::Optional,
        };
        // An optional nullable field keeps `null` distinct from absent inside the Option.
        let ty = if !required && nullable {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        };
        let secret = self.settings.secrets.is_secret(&name, schema, target);
        let checks = self.checks(target);
        let checks = checks.filter(|c| *c != Checks::default());
        let mut docs = self.docs(schema);
        docs.deprecated |= target.deprecated;
        docs.read_only |= target.read_only;
        docs.write_only |= target.write_only;
        // A referenced schema's description, copied to the field that refers to it, where a
        // reader looks; a long one stays with the type alone: copied into each of a thousand
        // fields, a 1 MB description made a gigabyte of output.
        if docs.description.is_none() && target.reference.is_none() && schema.reference.is_some() {
            docs.description = target
                .description
                .clone()
                .filter(|d| d.len() <= MAX_COPIED_DESCRIPTION);
        }
        let format = target.format.as_ref().map(|f| f.value.clone());
        let rust_name = schema.name_override.as_ref().map(|n| n.value.clone());
        let default_node = schema.default.clone().or_else(|| target.default.clone());
        let field = Field {
            format,
            wire_name: name,
            rust_name,
            ty,
            presence,
            docs,
            secret,
            checks,
            default: None,
            boxed: false,
            flatten: false,
        };
        match default_node {
            Some(default) => self.with_default(field, default),
            None => field,
        }
    }

    /// The flattened map of extra keys, and whether undeclared keys are refused.
    fn struct_extra(&mut self, schema_id: SchemaId, id: TypeId) -> (Option<TypeRef>, bool) {
        let schema = self.schema(schema_id);
        // Only the object's own keywords decide; `allOf` branches describe parts of it.
        let declares_extra =
            schema.additional_properties.is_some() || !schema.pattern_properties.is_empty();
        if !declares_extra {
            // Unlisted keys are allowed but the spec says nothing of them: they are skipped.
            return (None, false);
        }
        let extra = self.extra_value(schema_id, &NameCtx::Type(id));
        if extra.is_some() {
            self.report_unchecked_keys(schema_id, true);
        }
        match extra {
            Some(ty) => (Some(ty), false),
            None => (None, true),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Presence, Prim, TypeKind, TypeRef};
    use crate::test_support::Run;

    fn fields(run: &Run, name: &str) -> Vec<(String, TypeRef, Presence)> {
        let TypeKind::Struct(s) = &run.ir.get(run.id(name)).kind else {
            panic!("{name} is not a struct");
        };
        s.fields
            .iter()
            .map(|f| (f.wire_name.clone(), f.ty.clone(), f.presence))
            .collect()
    }

    #[test]
    fn presence_keeps_required_nullable_and_optional_apart() {
        let run = Run::new(
            "$defs:\n  Pet:\n    type: object\n    required: [id, tag]\n    properties:\n      id: {type: integer, format: int32}\n      tag: {type: [string, 'null']}\n      note: {type: [string, 'null']}\n      age: {type: integer}\n",
        );
        assert!(run.messages.is_empty(), "{:?}", run.messages);
        let string = TypeRef::Prim(Prim::String);
        assert_eq!(
            fields(&run, "Pet"),
            [
                ("id".into(), TypeRef::Prim(Prim::I32), Presence::Required),
                ("tag".into(), string.clone(), Presence::RequiredNullable),
                // Optional and nullable: `None` absent, `Some(None)` null.
                (
                    "note".into(),
                    TypeRef::Option(Box::new(string)),
                    Presence::Optional
                ),
                ("age".into(), TypeRef::Prim(Prim::I64), Presence::Optional),
            ]
        );
    }

    #[test]
    fn roots_that_only_refer_are_aliases_and_inline_objects_are_children() {
        let run = Run::new(
            "$defs:\n  Id: {type: string}\n  Key: {$ref: '#/$defs/Id'}\n  Wrapped: {allOf: [{type: object, properties: {a: {type: boolean}}}]}\n  Holder: {type: object, properties: {inner: {type: object, properties: {b: {type: number}}}}}\n",
        );
        assert!(run.messages.is_empty(), "{:?}", run.messages);
        let id = run.id("Id");
        assert!(
            matches!(&run.ir.get(run.id("Key")).kind, TypeKind::Alias(TypeRef::Named(t)) if *t == id)
        );
        // A root whose chain ends in an inline object is that object, not an alias of a child.
        assert!(matches!(
            run.ir.get(run.id("Wrapped")).kind,
            TypeKind::Struct(_)
        ));
        let inner = run.id("HolderInner");
        assert_eq!(fields(&run, "Holder")[0].1, TypeRef::Named(inner));
        assert_eq!(fields(&run, "HolderInner")[0].1, TypeRef::Prim(Prim::F64));
    }

    #[test]
    fn const_tags_make_a_tagged_union_and_cycles_lower_to_any() {
        let run = Run::new(
            "$defs:\n  Shape:\n    oneOf:\n      - {type: object, required: [kind], properties: {kind: {const: circle}, r: {type: number}}}\n      - {type: object, required: [kind], properties: {kind: {const: square}, side: {type: number}}}\n  A: {$ref: '#/$defs/B'}\n  B: {$ref: '#/$defs/A'}\n",
        );
        let TypeKind::Union(union) = &run.ir.get(run.id("Shape")).kind else {
            panic!("not a union");
        };
        assert_eq!(union.tag.as_deref(), Some("kind"));
        let tags: Vec<_> = union
            .variants
            .iter()
            .map(|v| v.tag.clone().unwrap())
            .collect();
        assert_eq!(tags, ["circle", "square"]);
        assert_eq!(run.messages, ["this schema is only a reference to itself"]);
        for name in ["A", "B"] {
            assert!(matches!(
                run.ir.get(run.id(name)).kind,
                TypeKind::Alias(TypeRef::Any)
            ));
        }
    }
}
