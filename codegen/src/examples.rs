//! The spec's own examples, paired with the generated Rust type each one is a value of, so
//! that a harness can check that they round-trip (the corpus conformance runner does).

use crate::diag::{SourceMap, Span};
use crate::emit::types::{self, Place, type_text};
use crate::ir::{DefaultValue, Ir, MapType, Presence, TypeId, TypeKind, TypeRef};
use crate::names::Names;
use crate::words::Literal;

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
    /// The fields with a `default` anywhere inside the value, as (JSON pointer of the key,
    /// default as JSON): the generated code fills them in when an example leaves them out.
    /// `*` in the pointer stands for any array index or map key (`/items/*/limit`).
    /// Defaults of more than 64 KiB of JSON are not listed.
    pub defaults: Vec<(String, String)>,
}

/// Every example of a generated type, and of a struct field.
pub fn collect(
    ir: &Ir,
    kept: &[bool],
    names: &Names,
    sources: &SourceMap,
    map: MapType,
) -> Vec<Example> {
    let location = |span: Option<Span>| span.map(|s| sources.location(s)).unwrap_or_default();
    let mut out = Vec::new();
    for id in ir.ids().filter(|id| kept[id.0 as usize]) {
        let def = ir.get(id);
        let own = TypeRef::Named(id);
        for json in &def.docs.examples {
            out.push(Example {
                rust_type: rust_type(&own, ir, names, map),
                json: json.clone(),
                location: location(def.docs.span),
                pointer: def.docs.pointer.clone(),
                defaults: defaults(ir, &own),
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
                    defaults: defaults(ir, &field.ty),
                });
            }
        }
    }
    out
}

/// At most this many defaults per example: the list is for a test harness, and a wide
/// recursive type could list many.
const MAX_DEFAULTS: usize = 1_000;

fn defaults(ir: &Ir, ty: &TypeRef) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut open = Vec::new();
    nested_defaults(ir, ty, "", &mut open, &mut out);
    out
}

/// Depth first through the type; `open` holds the types on the current path, so a
/// recursive type is walked once.
fn nested_defaults(
    ir: &Ir,
    ty: &TypeRef,
    at: &str,
    open: &mut Vec<TypeId>,
    out: &mut Vec<(String, String)>,
) {
    let id = match ty {
        TypeRef::Named(id) => *id,
        TypeRef::Option(inner) => return nested_defaults(ir, inner, at, open, out),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            return nested_defaults(ir, inner, &format!("{at}/*"), open, out);
        }
        TypeRef::Tuple(items) => {
            for item in items {
                nested_defaults(ir, item, &format!("{at}/*"), open, out);
            }
            return;
        }
        _ => return,
    };
    if open.contains(&id) || out.len() >= MAX_DEFAULTS {
        return;
    }
    open.push(id);
    match &ir.get(id).kind {
        // A newtype is written as its one field, without the key.
        TypeKind::Struct(s) if s.transparent => {
            for field in &s.fields {
                nested_defaults(ir, &field.ty, at, open, out);
            }
        }
        TypeKind::Struct(s) => {
            for field in &s.fields {
                let key = format!(
                    "{at}/{}",
                    field.wire_name.replace('~', "~0").replace('/', "~1")
                );
                if let Some(json) = field.default.as_ref().and_then(|d| default_json(ir, d)) {
                    out.push((key.clone(), json));
                }
                nested_defaults(ir, &field.ty, &key, open, out);
            }
            if let Some(extra) = &s.extra {
                nested_defaults(ir, extra, &format!("{at}/*"), open, out);
            }
        }
        TypeKind::Union(u) => {
            for variant in &u.variants {
                nested_defaults(ir, &variant.ty, at, open, out);
            }
        }
        TypeKind::Alias(inner) => nested_defaults(ir, inner, at, open, out),
        TypeKind::Enum(_) => {}
    }
    open.pop();
}

fn default_json(ir: &Ir, default: &DefaultValue) -> Option<String> {
    Some(match default {
        DefaultValue::Literal(literal) => literal_json(literal),
        DefaultValue::Variant(id, index) => match &ir.get(ir.definition(*id)).kind {
            TypeKind::Enum(e) => literal_json(&e.values[*index]),
            _ => return None,
        },
        // A harness compares what an example leaves out with the default: a large one (which
        // the fields of a hundred types may share) is not copied into each example's list.
        DefaultValue::Json(index, _) => {
            let text = &ir.defaults[*index];
            if text.len() > MAX_LISTED_DEFAULT_LEN {
                return None;
            }
            text.to_string()
        }
    })
}

/// The longest default text listed in [`Example::defaults`].
const MAX_LISTED_DEFAULT_LEN: usize = 64 * 1024;

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
