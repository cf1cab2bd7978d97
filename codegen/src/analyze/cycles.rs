//! Type aliases cannot be recursive in Rust (`type Tree = Vec<Tree>` is a compile error), so a
//! schema that reaches itself only through aliases becomes a transparent newtype struct
//! (`struct Tree(pub Vec<Tree>)`), which may. A schema that is nothing but a reference to
//! itself was reported by `normalize` and lowered to `serde_json::Value`, so every cycle here
//! passes through a `Vec`, map, tuple, `Option` or generic parameter.

use std::collections::HashSet;

use crate::ir::{Field, Ir, Struct, TypeId, TypeKind, TypeRef};

pub(super) fn break_alias_cycles(ir: &mut Ir) {
    // Only an alias in a strongly connected component of aliases (or naming itself) can be
    // on a cycle; finding those first keeps long acyclic chains of aliases linear.
    let edges: Vec<Vec<TypeId>> = ir
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Alias(ty) => {
                let mut named = Vec::new();
                ty.named_in(&mut named);
                named.retain(|id| matches!(ir.get(*id).kind, TypeKind::Alias(_)));
                named
            }
            _ => Vec::new(),
        })
        .collect();
    let component = super::strongly_connected(&edges);
    let mut size = vec![0usize; ir.types.len()];
    for &c in &component {
        size[c] += 1;
    }
    for index in 0..ir.types.len() {
        let id = TypeId(index as u32);
        let on_cycle = size[component[index]] > 1 || edges[index].contains(&id);
        let TypeKind::Alias(ty) = &ir.get(id).kind else {
            continue;
        };
        // Within a cycle, the earliest alias still on one becomes a newtype; the others
        // stay aliases once it is broken.
        if !on_cycle || !reaches_through_aliases(ir, ty, id) {
            continue;
        }
        let ty = ty.clone();
        ir.types[index].kind = TypeKind::Struct(Struct {
            fields: vec![Field::inner(ty)],
            extra: None,
            deny_unknown: false,
            transparent: true,
            validated: false,
            operation: None,
            response_headers: false,
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
            TypeRef::Prim(_) | TypeRef::Any | TypeRef::Null => {}
        }
    }
    false
}
