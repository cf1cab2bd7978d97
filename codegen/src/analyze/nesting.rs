//! Nesting that rustc cannot compile: types that hold each other more than about 120 deep
//! overflow its recursion limit (layout, then drop-check). Deep chains of values are boxed;
//! deeper nesting than [`MAX_NESTING`] is cut with a warning.

use super::{by_value, strongly_connected};
use crate::diag::{Code, Diagnostics};
use crate::ir::{Ir, TypeId, TypeKind, TypeRef};

/// How deep types may contain each other, through any container. rustc's drop-check walks
/// every owned type (through `Box` and `Vec` too) and stops at its recursion limit (128);
/// 110 levels of nested objects compile, 125 do not.
const MAX_NESTING: u32 = 100;

/// Replaces with `serde_json::Value` (and reports) each field or variant whose type nests
/// deeper than [`MAX_NESTING`]. Types on one cycle count as one level: rustc handles
/// recursion by itself. Components come from Tarjan's algorithm, which numbers them sinks
/// first, so one pass in that order sees every member's depth before its holder's: linear.
pub fn cap_nesting(ir: &mut Ir, cx: &mut Diagnostics) {
    let edges: Vec<Vec<TypeId>> = (0..ir.types.len())
        .map(|i| {
            let mut out = Vec::new();
            for ty in ir.parts(TypeId(i as u32)) {
                ty.named_in(&mut out);
            }
            out
        })
        .collect();
    let component = strongly_connected(&edges);
    let count = component.iter().map(|&c| c + 1).max().unwrap_or(0);
    let mut by_component: Vec<Vec<usize>> = vec![Vec::new(); count];
    for (index, &c) in component.iter().enumerate() {
        by_component[c].push(index);
    }
    let mut depth = vec![0u32; count];
    for c in 0..count {
        let mut deepest = 0;
        for &index in &by_component[c] {
            let id = TypeId(index as u32);
            let mut cut = Vec::new();
            for (slot, ty) in ir.parts(id).enumerate() {
                let mut named = Vec::new();
                ty.named_in(&mut named);
                let member = named
                    .iter()
                    .map(|t| component[t.0 as usize])
                    .filter(|&other| other != c)
                    .map(|other| depth[other])
                    .max()
                    .unwrap_or(0);
                if member >= MAX_NESTING {
                    cut.push(slot);
                } else {
                    deepest = deepest.max(member);
                }
            }
            for slot in cut {
                cut_member(ir, id, slot, cx);
            }
        }
        // An alias is the type it names: rustc expands it, and it nests nothing.
        let nests = by_component[c]
            .iter()
            .any(|&index| !matches!(ir.types[index].kind, TypeKind::Alias(_)));
        depth[c] = deepest + u32::from(nests);
    }
}

fn cut_member(ir: &mut Ir, id: TypeId, slot: usize, cx: &mut Diagnostics) {
    let def = &mut ir.types[id.0 as usize];
    let span = def.docs.span;
    let (ty, span) = match &mut def.kind {
        TypeKind::Struct(s) if slot < s.fields.len() => {
            let field = &mut s.fields[slot];
            // A default was checked against the type that is cut; `Value` takes none, and
            // the field is optional again, as it was before the default made it plain.
            if field.default.take().is_some() {
                field.presence = crate::ir::Presence::Optional;
            }
            (&mut field.ty, field.docs.span.or(span))
        }
        TypeKind::Struct(s) => match &mut s.extra {
            Some(extra) => (extra, span),
            None => return,
        },
        TypeKind::Union(u) => (&mut u.variants[slot].ty, span),
        TypeKind::Alias(ty) => (ty, span),
        TypeKind::Enum(_) => return,
    };
    *ty = TypeRef::Any;
    if let Some(span) = span {
        cx.report(
            Code::NotEnforced,
            span,
            format!("types nest more than {MAX_NESTING} levels deep here"),
        )
        .label("rustc cannot compile nesting this deep")
        .note("recovered: the value here is a `serde_json::Value`");
    }
}

/// How deep types may hold each other by value. rustc computes a type's layout by recursing
/// through what it holds, and stops at its recursion limit (128): a 125-level nesting of
/// inline objects would not compile.
const MAX_BY_VALUE_DEPTH: u32 = 48;

/// Boxes the fields and variants where types nested by value would get deeper than
/// [`MAX_BY_VALUE_DEPTH`]. Runs after [`boxing`], so what is left by value is acyclic; each
/// type's depth is worked out once (post-order, iteratively), so the pass is linear.
pub fn box_deep_nesting(ir: &mut Ir) {
    let count = ir.types.len();
    let mut depth: Vec<Option<u32>> = vec![None; count];
    // Entered but not finished; a member in this state would be a cycle, which `boxing`
    // has already cut, and counts 0 rather than looping.
    let mut entered = vec![false; count];
    for start in 0..count {
        let mut stack = vec![TypeId(start as u32)];
        while let Some(&id) = stack.last() {
            if depth[id.0 as usize].is_some() {
                stack.pop();
                continue;
            }
            let held = held_by_value(ir, id);
            if !entered[id.0 as usize] {
                entered[id.0 as usize] = true;
                let waiting = held.iter().flat_map(|(_, ids)| ids).copied();
                stack.extend(waiting.filter(|t| !entered[t.0 as usize]));
                continue;
            }
            stack.pop();
            // Each member's depth; a member that would go too deep is boxed and counts 0.
            let mut deepest = 0;
            let mut to_box = Vec::new();
            for (slot, ids) in &held {
                let member = ids
                    .iter()
                    .map(|t| depth[t.0 as usize].unwrap_or(0))
                    .max()
                    .unwrap_or(0);
                if member >= MAX_BY_VALUE_DEPTH {
                    to_box.push(*slot);
                } else {
                    deepest = deepest.max(member);
                }
            }
            match &mut ir.types[id.0 as usize].kind {
                TypeKind::Struct(s) => to_box.iter().for_each(|&i| s.fields[i].boxed = true),
                TypeKind::Union(u) => to_box.iter().for_each(|&i| u.variants[i].boxed = true),
                _ => {}
            }
            let is_alias = matches!(ir.types[id.0 as usize].kind, TypeKind::Alias(_));
            depth[id.0 as usize] = Some(deepest + u32::from(!is_alias));
        }
    }
}

/// For each field or variant of `id` not already boxed: its index and the named types it
/// holds by value.
fn held_by_value(ir: &Ir, id: TypeId) -> Vec<(usize, Vec<TypeId>)> {
    match &ir.get(id).kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .enumerate()
            .filter(|(_, f)| !f.boxed)
            .map(|(i, f)| (i, by_value(&f.ty)))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.boxed)
            .map(|(i, v)| (i, by_value(&v.ty)))
            .collect(),
        // An alias is the type it names: one slot that cannot be boxed here, so its depth
        // is that type's.
        TypeKind::Alias(ty) => vec![(usize::MAX, by_value(ty))],
        TypeKind::Enum(_) => Vec::new(),
    }
}
