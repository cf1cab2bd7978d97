//! The spec's own examples, paired with the generated Rust type each one is a value of, so
//! that a harness can check that they round-trip (the corpus conformance runner does).

use crate::ir::{Ir, MapType, Presence, Prim, TypeKind, TypeRef};
use crate::names::Names;

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
}

/// Every example of a generated type, and of a struct field.
pub fn collect(ir: &Ir, names: &Names, map: MapType) -> Vec<Example> {
    let mut out = Vec::new();
    for id in ir.ids() {
        let def = ir.get(id);
        let own = TypeRef::Named(id);
        for json in &def.docs.examples {
            out.push(Example {
                rust_type: rust_type(&own, ir, names, map),
                json: json.clone(),
                location: def.docs.location.clone(),
                pointer: def.docs.pointer.clone(),
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
                    location: field.docs.location.clone(),
                    pointer: field.docs.pointer.clone(),
                });
            }
        }
    }
    out
}

fn rust_type(ty: &TypeRef, ir: &Ir, names: &Names, map: MapType) -> String {
    let inner = |t: &TypeRef| rust_type(t, ir, names, map);
    match ty {
        TypeRef::Named(id) => format!("{}::{}", names.modules[ir.get(*id).document], names.ty(*id)),
        TypeRef::Prim(Prim::String) => "String".into(),
        TypeRef::Prim(prim) => prim.rust().into(),
        TypeRef::Vec(item) => format!("Vec<{}>", inner(item)),
        TypeRef::Map(value) => format!("{}<String, {}>", map.path(), inner(value)),
        TypeRef::Option(value) => format!("Option<{}>", inner(value)),
        TypeRef::Tuple(items) => {
            let items: Vec<String> = items.iter().map(inner).collect();
            format!("({},)", items.join(", "))
        }
        TypeRef::External(path, params) if params.is_empty() => path.clone(),
        TypeRef::External(path, params) => {
            let params: Vec<String> = params.iter().map(inner).collect();
            format!("{path}<{}>", params.join(", "))
        }
        TypeRef::Any => "serde_json::Value".into(),
    }
}
