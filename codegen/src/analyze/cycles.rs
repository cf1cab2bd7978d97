//! Type aliases cannot be recursive in Rust (`type Tree = Vec<Tree>` is a compile error), so a
//! schema that reaches itself only through aliases becomes a transparent newtype struct
//! (`struct Tree(pub Vec<Tree>)`), which may. A schema that is nothing but a reference to
//! itself was reported by `normalize` and lowered to `serde_json::Value`, so every cycle here
//! passes through a `Vec`, map, tuple, `Option` or generic parameter.

use std::collections::HashSet;

use crate::ir::{Docs, Field, Ir, Presence, Struct, TypeId, TypeKind, TypeRef};

pub(super) fn break_alias_cycles(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        let id = TypeId(index as u32);
        let TypeKind::Alias(ty) = &ir.get(id).kind else {
            continue;
        };
        if !reaches_through_aliases(ir, ty, id) {
            continue;
        }
        let ty = ty.clone();
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
    let mut seen = HashSet::new();
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) if id == target => return true,
            TypeRef::Named(id) => {
                if let TypeKind::Alias(inner) = &ir.get(id).kind
                    && seen.insert(id)
                {
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
