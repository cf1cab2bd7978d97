//! Pass 3, `lower`: turn the schema graph into the type IR.
//!
//! Every root of the graph gets a `TypeId` before anything is lowered (root `i` is `TypeId(i)`),
//! so references and cycles need no lookahead. Inline objects, enums and unions become child
//! types whose names the naming pass derives from their parent.

use crate::diag::{Code, Diagnostics, SourceMap};
use crate::ir::{
    Derives, Docs, Enum, Field, Ir, LengthCheck, NameSource, Presence, Prim, Struct, TypeDef,
    TypeId, TypeKind, TypeRef, Union, Variant,
};
use crate::resolve::{Origin, SchemaGraph};
use crate::schema::{AdditionalProperties, InstanceType, Literal, Schema, SchemaId};
use crate::secrets::SecretNames;

/// Lowers every root of `graph`.
pub fn lower(
    graph: &SchemaGraph,
    sources: &SourceMap,
    secrets: &SecretNames,
    cx: &mut Diagnostics,
) -> Ir {
    let mut lowering = Lowering {
        graph,
        sources,
        secrets,
        cx,
        ir: Ir::default(),
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
        });
    }
    for (index, root) in graph.roots.iter().enumerate() {
        let id = TypeId(index as u32);
        let core = lowering.core(root.schema);
        let kind = match lowering.shape(core, &NameCtx::Type(id)) {
            Shape::Type(ty) => TypeKind::Alias(ty),
            Shape::Definition => lowering.define(core, id),
        };
        lowering.ir.types[index].kind = kind;
    }
    crate::ir::analyze(&mut lowering.ir);
    lowering.ir
}

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
enum Shape {
    Type(TypeRef),
    Definition,
}

struct Lowering<'a> {
    graph: &'a SchemaGraph,
    sources: &'a SourceMap,
    secrets: &'a SecretNames,
    cx: &'a mut Diagnostics,
    ir: Ir,
}

impl Lowering<'_> {
    fn schema(&self, id: SchemaId) -> &Schema {
        self.graph.schema(id)
    }

    fn docs(&self, schema: &Schema) -> Docs {
        let file = self.sources.get(schema.span.file);
        Docs {
            title: schema.title.clone(),
            description: schema.description.clone(),
            context: None,
            location: format!(
                "{}:{}:{}",
                file.display, schema.span.start.line, schema.span.start.col
            ),
            pointer: schema.pointer.clone(),
            deprecated: schema.deprecated,
            read_only: schema.read_only,
            write_only: schema.write_only,
        }
    }

    /// True when the schema admits `null`, in any spelling: `nullable`, `type: [.., null]`,
    /// `null` in `enum`, or a `{type: null}` branch of `anyOf`/`oneOf`.
    fn is_nullable(&self, id: SchemaId) -> bool {
        let schema = self.schema(id);
        schema.nullable
            || schema
                .any_of
                .iter()
                .chain(&schema.one_of)
                .any(|&b| self.schema(b).is_null_only())
    }

    /// The schema that says what the non-null values are, looking through wrappers:
    /// `anyOf: [X, {type: null}]`, `oneOf: [X]` and `allOf: [X]` are all `X`.
    fn core(&self, mut id: SchemaId) -> SchemaId {
        for _ in 0..16 {
            let schema = self.schema(id);
            if !schema.properties.is_empty() || schema.reference.is_some() {
                break;
            }
            let branches = self.non_null_branches(id);
            let next = match (branches.as_slice(), schema.all_of.as_slice()) {
                ([single], []) if schema.one_of.is_empty() || schema.any_of.is_empty() => *single,
                ([], [single]) if schema.enum_values.is_none() => *single,
                _ => break,
            };
            id = next;
        }
        id
    }

    /// The Rust type of a value described by `id`, with the null case stripped: the caller
    /// asks `is_nullable` to decide on `Option`. `ctx` names an inline definition.
    fn type_ref(&mut self, id: SchemaId, ctx: &NameCtx) -> TypeRef {
        if let Some(root) = self.graph.root_of(id) {
            return TypeRef::Named(TypeId(root as u32));
        }
        let core = self.core(id);
        if let Some(root) = self.graph.root_of(core) {
            return TypeRef::Named(TypeId(root as u32));
        }
        match self.shape(core, ctx) {
            Shape::Type(ty) => ty,
            Shape::Definition => {
                let NameCtx::Child { parent, suffix } = ctx.clone() else {
                    unreachable!("roots are allocated before lowering")
                };
                let type_id = TypeId(self.ir.types.len() as u32);
                let docs = self.docs(self.schema(core));
                let document = self.ir.get(parent).document;
                self.ir.types.push(TypeDef {
                    name: NameSource::Child { parent, suffix },
                    docs,
                    kind: TypeKind::Alias(TypeRef::Any),
                    document,
                    derives: Derives::default(),
                });
                let kind = self.define(core, type_id);
                self.ir.types[type_id.0 as usize].kind = kind;
                TypeRef::Named(type_id)
            }
        }
    }

    fn shape(&mut self, id: SchemaId, ctx: &NameCtx) -> Shape {
        let schema = self.schema(id);
        if schema.never {
            return Shape::Type(TypeRef::Any);
        }
        if let Some(reference) = &schema.reference {
            // Dangling references were reported by `resolve`; `Any` keeps lowering going.
            return match reference.target {
                Some(target) => Shape::Type(self.type_ref(target, ctx)),
                None => Shape::Type(TypeRef::Any),
            };
        }
        if schema.enum_values.is_some() || schema.const_value.is_some() {
            return self.enum_shape(id);
        }
        if self.non_null_branches(id).len() > 1 {
            return Shape::Definition;
        }
        if !schema.properties.is_empty() || !schema.all_of.is_empty() {
            return Shape::Definition;
        }
        match schema.types.as_slice() {
            [] if schema.items.is_some() => self.array(id, ctx),
            [] if schema.additional_properties.is_some() => Shape::Type(self.map(id, ctx)),
            [] => Shape::Type(TypeRef::Any),
            [InstanceType::Object] => Shape::Type(self.map(id, ctx)),
            [InstanceType::Array] => self.array(id, ctx),
            [InstanceType::String] => Shape::Type(TypeRef::Prim(Prim::String)),
            [InstanceType::Boolean] => Shape::Type(TypeRef::Prim(Prim::Bool)),
            [InstanceType::Integer] => Shape::Type(TypeRef::Prim(self.integer(id))),
            [InstanceType::Number] => Shape::Type(TypeRef::Prim(self.number(id))),
            [InstanceType::Null] => Shape::Type(TypeRef::Any),
            [_, _, ..] => {
                let span = schema.type_span.unwrap_or(schema.span);
                self.cx
                    .report(
                        Code::Unsupported,
                        span,
                        "a value of several types is not supported yet",
                    )
                    .help("use `oneOf` with one branch per type");
                Shape::Type(TypeRef::Any)
            }
        }
    }

    fn non_null_branches(&self, id: SchemaId) -> Vec<SchemaId> {
        let schema = self.schema(id);
        let branches = if schema.one_of.is_empty() {
            &schema.any_of
        } else {
            &schema.one_of
        };
        branches
            .iter()
            .copied()
            .filter(|&b| !self.schema(b).is_null_only())
            .collect()
    }

    fn enum_shape(&mut self, id: SchemaId) -> Shape {
        let schema = self.schema(id);
        let values = schema.enum_literals();
        if values.iter().all(|v| matches!(v, Literal::String(_))) && !values.is_empty() {
            return Shape::Definition;
        }
        if values.is_empty() {
            // `enum: [null]` or `const: null`: only null is allowed.
            return Shape::Type(TypeRef::Any);
        }
        let span = schema
            .enum_values
            .as_ref()
            .map(|e| e.span)
            .or(schema.const_value.as_ref().map(|c| c.span))
            .unwrap_or(schema.span);
        self.cx
            .report(
                Code::Unsupported,
                span,
                "enums of values other than strings are not supported yet",
            )
            .label("only string values can become Rust enum variants for now");
        Shape::Type(TypeRef::Any)
    }

    fn array(&mut self, id: SchemaId, ctx: &NameCtx) -> Shape {
        let item = match self.schema(id).items {
            Some(item) => {
                let ty = self.type_ref(item, &ctx.child("Item"));
                self.wrap_nullable(item, ty)
            }
            None => TypeRef::Any,
        };
        Shape::Type(TypeRef::Vec(Box::new(item)))
    }

    fn map(&mut self, id: SchemaId, ctx: &NameCtx) -> TypeRef {
        let value = match self.schema(id).additional_properties {
            Some(AdditionalProperties::Schema(value)) => {
                let ty = self.type_ref(value, &ctx.child("Value"));
                self.wrap_nullable(value, ty)
            }
            _ => TypeRef::Any,
        };
        TypeRef::Map(Box::new(value))
    }

    fn wrap_nullable(&self, id: SchemaId, ty: TypeRef) -> TypeRef {
        if self.is_nullable(id) && ty != TypeRef::Any {
            TypeRef::Option(Box::new(ty))
        } else {
            ty
        }
    }

    fn integer(&mut self, id: SchemaId) -> Prim {
        match self.schema(id).format.as_ref().map(|f| f.value.as_str()) {
            Some("int32") => Prim::I32,
            Some("uint32") => Prim::U32,
            Some("uint64") => Prim::U64,
            _ => Prim::I64,
        }
    }

    fn number(&mut self, id: SchemaId) -> Prim {
        match self.schema(id).format.as_ref().map(|f| f.value.as_str()) {
            Some("float") => Prim::F32,
            _ => Prim::F64,
        }
    }

    /// Builds the definition of a schema whose shape is `Shape::Definition`, as type `id`.
    fn define(&mut self, schema_id: SchemaId, id: TypeId) -> TypeKind {
        let schema = self.schema(schema_id);
        if schema.enum_values.is_some() || schema.const_value.is_some() {
            let values = schema
                .enum_literals()
                .into_iter()
                .filter_map(|v| match v {
                    Literal::String(s) => Some(s.clone()),
                    _ => None,
                })
                .collect();
            return TypeKind::Enum(Enum { values });
        }
        if self.non_null_branches(schema_id).len() > 1 {
            return TypeKind::Union(self.union(schema_id, id));
        }
        TypeKind::Struct(self.structure(schema_id, id))
    }

    fn structure(&mut self, schema_id: SchemaId, id: TypeId) -> Struct {
        let mut members = Vec::new();
        self.collect_members(schema_id, &mut members, 0);
        let mut fields: Vec<Field> = Vec::new();
        for (property, required) in members {
            let name = property.name.clone();
            if let Some(existing) = fields.iter_mut().find(|f| f.wire_name == name) {
                // `allOf` restating a property: the later schema refines; keep the first type.
                if required && existing.presence == Presence::Optional {
                    existing.presence = Presence::Required;
                }
                continue;
            }
            let ty = self.type_ref(property.schema, &NameCtx::Type(id).child(&name));
            let nullable = self.is_nullable(property.schema) && ty != TypeRef::Any;
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
            let schema = self.schema(property.schema);
            let target = self.schema(self.graph.follow(self.core(property.schema)));
            let secret = self.secrets.is_secret(&name, schema, target);
            let length = (ty == TypeRef::Prim(Prim::String)
                && (target.min_length.is_some() || target.max_length.is_some()))
            .then_some(LengthCheck {
                min: target.min_length,
                max: target.max_length,
            });
            let docs = self.docs(self.schema(property.schema));
            let format = target.format.as_ref().map(|f| f.value.clone());
            fields.push(Field {
                format,
                wire_name: name,
                ty,
                presence,
                docs,
                secret,
                length,
                boxed: false,
            });
        }
        Struct { fields }
    }

    /// Properties of a schema and of its `allOf` branches, with whether each is required.
    fn collect_members(
        &mut self,
        schema_id: SchemaId,
        out: &mut Vec<(crate::schema::Property, bool)>,
        depth: usize,
    ) {
        let schema = self.schema(self.graph.follow(schema_id));
        if depth > 32 {
            self.cx.report(
                Code::Unsupported,
                schema.span,
                "`allOf` nests or cycles too deeply",
            );
            return;
        }
        let all_of = schema.all_of.clone();
        let required: Vec<String> = schema.required.iter().map(|r| r.value.clone()).collect();
        let properties = schema.properties.clone();
        for branch in all_of {
            self.collect_members(branch, out, depth + 1);
        }
        for property in properties {
            let is_required = required.contains(&property.name);
            out.push((property, is_required));
        }
        // `required` may name properties defined by an `allOf` sibling.
        for (property, is_required) in out.iter_mut() {
            *is_required |= required.contains(&property.name);
        }
    }

    fn union(&mut self, schema_id: SchemaId, id: TypeId) -> Union {
        let branches = self.non_null_branches(schema_id);
        let schema = self.schema(schema_id);
        let discriminator = schema.discriminator.clone();
        let mut variants = Vec::new();
        for (index, &branch) in branches.iter().enumerate() {
            let suffix = self
                .schema(branch)
                .title
                .clone()
                .unwrap_or_else(|| format!("Variant{}", index + 1));
            let ty = self.type_ref(branch, &NameCtx::Type(id).child(&suffix));
            variants.push(Variant {
                tag: None,
                ty,
                boxed: false,
            });
        }
        let Some(discriminator) = discriminator else {
            return Union {
                tag: None,
                variants,
            };
        };
        let property = discriminator.property.value.clone();
        let targets: Vec<SchemaId> = branches.iter().map(|&b| self.graph.follow(b)).collect();
        for (tag, target) in &discriminator.mapping {
            if let Some(target) = target
                && !targets.contains(&self.graph.follow(*target))
            {
                self.cx
                    .report(
                        Code::InvalidDiscriminator,
                        tag.span,
                        format!(
                            "mapping `{}` names a schema that is not a branch of the union",
                            tag.value
                        ),
                    )
                    .help("list the schema under `oneOf`/`anyOf`, or remove the mapping entry");
            }
        }
        for (variant, (&branch, &target)) in variants.iter_mut().zip(branches.iter().zip(&targets))
        {
            let mapped = discriminator
                .mapping
                .iter()
                .find(|(_, t)| t.map(|t| self.graph.follow(t)) == Some(target))
                .map(|(tag, _)| tag.value.clone());
            // Without a mapping entry, the tag is the schema's name (the last pointer segment).
            let implicit = self.schema(branch).reference.as_ref().and_then(|r| {
                r.text
                    .rsplit('/')
                    .next()
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
            });
            let Some(tag) = mapped.or(implicit) else {
                self.cx.report(
                    Code::InvalidDiscriminator,
                    self.schema(branch).span,
                    "an inline branch of a discriminated union needs a `mapping` entry",
                );
                continue;
            };
            self.check_tag_property(target, &property, &tag, discriminator.span);
            variant.tag = Some(tag);
        }
        Union {
            tag: Some(property),
            variants,
        }
    }

    /// The branch must declare the tag property, and its own constant must agree with the tag.
    fn check_tag_property(
        &mut self,
        target: SchemaId,
        property: &str,
        tag: &str,
        at: crate::diag::Span,
    ) {
        let mut members = Vec::new();
        self.collect_members(target, &mut members, 0);
        let (span, pointer) = (
            self.schema(target).span,
            self.schema(target).pointer.clone(),
        );
        let Some((declared, _)) = members.iter().find(|(p, _)| p.name == property) else {
            self.cx
                .report(
                    Code::InvalidDiscriminator,
                    span,
                    format!("this branch of a discriminated union has no `{property}` property"),
                )
                .label(format!("`{pointer}`"))
                .note(format!(
                    "the discriminator at line {} tags branches by `{property}`",
                    at.start.line
                ))
                .help(format!(
                    "add `{property}` to the branch's properties and `required`"
                ));
            return;
        };
        let declared_schema = self.schema(self.graph.follow(declared.schema));
        if let Some(value) = declared_schema.single_string_value()
            && value != tag
        {
            let span = declared.key_span;
            self.cx
                .report(Code::InvalidDiscriminator, span, format!("`{property}` is always `{value}` here, but the discriminator tags this branch `{tag}`"))
                .help("make the mapping key and the property's `const` agree");
        }
    }
}
