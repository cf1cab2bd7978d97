//! The spec's own examples, paired with the generated Rust type each one is a value of, so
//! that a harness can check that they round-trip (the corpus conformance runner does).

use crate::diag::{SourceMap, Span};
use crate::emit::types::{self, Place, type_text};
use crate::ir::{DefaultValue, Ir, MapType, Presence, TypeId, TypeKind, TypeRef};
use crate::names::Names;
use crate::schema::Literal;

/// One example and the type it should deserialize into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// A Rust type as seen from the root of the generated file:
    /// `pets::Pet`, `Option<String>`, `Vec<pets::Pet>`.
    pub rust_type: String,
    /// The example, as JSON text.
    pub json: String,
    /// Where the schema (or property) is: `spec/x.yaml:12:7`.
    pub location: String,
    pub pointer: String,
    /// The struct's fields that have a `default`, as (wire name, default as JSON): the
    /// generated code fills them in when an example leaves them out.
    pub defaults: Vec<(String, String)>,
}

/// Every example of a generated type, and of a struct field.
pub fn collect(ir: &Ir, names: &Names, sources: &SourceMap, map: MapType) -> Vec<Example> {
    let location = |span: Option<Span>| span.map(|s| sources.location(s)).unwrap_or_default();
    let mut out = Vec::new();
    for id in ir.ids() {
        let def = ir.get(id);
        let own = TypeRef::Named(id);
        for json in &def.docs.examples {
            out.push(Example {
                rust_type: rust_type(&own, ir, names, map),
                json: json.clone(),
                location: location(def.docs.span),
                pointer: def.docs.pointer.clone(),
                defaults: defaults(ir, id),
            });
        }
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for field in &s.fields {
            // A field's example is a value of the field: `null` only where the field allows it.
            let ty = match field.presence {
                Presence::RequiredNullable => TypeRef::Option(Box::new(field.ty.clone())),
                _ => field.ty.clone(),
            };
            for json in &field.docs.examples {
                out.push(Example {
                    rust_type: rust_type(&ty, ir, names, map),
                    json: json.clone(),
                    location: location(field.docs.span),
                    pointer: field.docs.pointer.clone(),
                    defaults: match &field.ty {
                        TypeRef::Named(id) => defaults(ir, *id),
                        _ => Vec::new(),
                    },
                });
            }
        }
    }
    out
}

fn defaults(ir: &Ir, id: TypeId) -> Vec<(String, String)> {
    let TypeKind::Struct(s) = &ir.get(id).kind else {
        return Vec::new();
    };
    s.fields
        .iter()
        .filter_map(|field| {
            let json = match field.default.as_ref()? {
                DefaultValue::Literal(literal) => literal_json(literal),
                DefaultValue::Variant(id, index) => match &ir.get(*id).kind {
                    TypeKind::Enum(e) => literal_json(&e.values[*index]),
                    _ => return None,
                },
                DefaultValue::Json(json) => json.clone(),
            };
            Some((field.wire_name.clone(), json))
        })
        .collect()
}

fn literal_json(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => serde_json::Value::String(s.clone()).to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::UInt(u) => u.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Null | Literal::Composite => "null".into(),
    }
}

fn rust_type(ty: &TypeRef, ir: &Ir, names: &Names, map: MapType) -> String {
    type_text(&types::rust_type(ty, ir, names, map, Place::Root))
}
