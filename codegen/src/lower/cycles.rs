//! Type aliases cannot be recursive in Rust (`type Tree = Vec<Tree>` is a compile error), so a
//! schema that reaches itself only through aliases becomes a transparent newtype struct
//! (`struct Tree(pub Vec<Tree>)`), which may. A schema that is nothing but a reference to
//! itself describes no value at all and is reported.

use crate::diag::{Code, Diagnostics};
use crate::ir::{Docs, Field, Ir, Presence, Struct, TypeId, TypeKind, TypeRef};
use crate::resolve::SchemaGraph;

pub(super) fn break_alias_cycles(ir: &mut Ir, graph: &SchemaGraph, cx: &mut Diagnostics) {
    for index in 0..ir.types.len() {
        let id = TypeId(index as u32);
        let TypeKind::Alias(ty) = &ir.get(id).kind else {
            continue;
        };
        if !reaches_through_aliases(ir, ty, id) {
            continue;
        }
        let ty = ty.clone();
        if only_names(ir, &ty, id) {
            let span = graph.schema(graph.roots[index].schema).span;
            cx.report(
                Code::Unsupported,
                span,
                "this schema is only a reference to itself",
            )
            .label("it describes no value")
            .help("give it a type, or point the `$ref` at another schema");
            ir.types[index].kind = TypeKind::Alias(TypeRef::Any);
            continue;
        }
        ir.types[index].kind = TypeKind::Struct(Struct {
            fields: vec![Field {
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
            }],
            extra: None,
            deny_unknown: false,
            transparent: true,
        });
    }
}

/// Whether `ty` mentions `target`, looking through aliases (and nothing else).
fn reaches_through_aliases(ir: &Ir, ty: &TypeRef, target: TypeId) -> bool {
    let mut stack = vec![ty.clone()];
    let mut seen = Vec::new();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) if id == target => return true,
            TypeRef::Named(id) => {
                if let TypeKind::Alias(inner) = &ir.get(id).kind
                    && !seen.contains(&id)
                {
                    seen.push(id);
                    stack.push(inner.clone());
                }
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                stack.push(*inner)
            }
            TypeRef::Tuple(items) | TypeRef::External(_, items) => stack.extend(items),
            TypeRef::Prim(_) | TypeRef::Any => {}
        }
    }
    false
}

/// Whether `ty` is a bare chain of aliases (`Option` allowed) back to `target`.
fn only_names(ir: &Ir, ty: &TypeRef, target: TypeId) -> bool {
    let mut ty = ty.clone();
    for _ in 0..64 {
        ty = match ty {
            TypeRef::Named(id) if id == target => return true,
            TypeRef::Named(id) => match &ir.get(id).kind {
                TypeKind::Alias(inner) => inner.clone(),
                _ => return false,
            },
            TypeRef::Option(inner) => *inner,
            _ => return false,
        };
    }
    false
}
