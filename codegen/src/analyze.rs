//! The `analyze` pass: whole-IR facts that need every type lowered first. In order: alias
//! cycles become newtypes, each field keeps the checks that apply to its type, untagged
//! variants are ordered, derives are worked out, and recursion and large variants are boxed.

mod checks;
mod cycles;
mod nesting;

use crate::diag::Diagnostics;
use crate::ir::{Derives, Ir, MapType, Presence, Prim, TypeId, TypeKind, TypeRef};

/// Runs every analysis, in the order each depends on the last.
pub fn analyze(ir: &mut Ir, map: MapType, cx: &mut Diagnostics) {
    nesting::cap_nesting(ir, cx);
    cycles::break_alias_cycles(ir);
    checks::applicable_checks(ir);
    order_untagged(ir);
    derives(ir, map);
    boxing(ir);
    box_large_variants(ir);
    nesting::box_deep_nesting(ir);
}

/// `Eq`/`Hash` hold for a type when they hold for every member; recursive types are solved by
/// starting from "yes" and only ever withdrawing (a greatest fixpoint). A withdrawal travels
/// to the types that refer to the withdrawn one through a worklist, so each type changes at
/// most twice and the pass is linear in the size of the IR however the types are ordered.
pub fn derives(ir: &mut Ir, map: MapType) {
    let mut referrers: Vec<Vec<TypeId>> = vec![Vec::new(); ir.types.len()];
    let mut pending = Vec::new();
    for index in 0..ir.types.len() {
        let mut named = Vec::new();
        // Each type's own verdict, with every named type it refers to counted as a yes.
        let (eq, hash) = match &ir.types[index].kind {
            // An open enum of non-strings keeps unknown values as `serde_json::Value`.
            TypeKind::Enum(e) => (true, !e.open || e.all_strings()),
            _ => own(map, ir.parts(TypeId(index as u32)), &mut named),
        };
        for target in named {
            referrers[target.0 as usize].push(TypeId(index as u32));
        }
        let def = &mut ir.types[index];
        def.derives = Derives {
            eq,
            hash,
            copy: false,
            default: false,
        };
        if !eq || !hash {
            pending.push(TypeId(index as u32));
        }
    }
    while let Some(withdrawn) = pending.pop() {
        let Derives { eq, hash, .. } = ir.get(withdrawn).derives;
        for &referrer in &referrers[withdrawn.0 as usize] {
            let derives = &mut ir.types[referrer.0 as usize].derives;
            let (new_eq, new_hash) = (derives.eq && eq, derives.hash && hash);
            if (new_eq, new_hash) != (derives.eq, derives.hash) {
                derives.eq = new_eq;
                derives.hash = new_hash;
                pending.push(referrer);
            }
        }
    }
    for def in &mut ir.types {
        if let TypeKind::Enum(e) = &def.kind {
            def.derives.copy = !e.open;
            def.derives.default = e.values.len() == 1 && !e.open;
        }
    }
    // A request whose every value may be left out is built with `Default` (a request with
    // required values gets a constructor instead, in emit).
    for operation in &ir.operations {
        if operation.body.as_ref().is_some_and(|b| b.is_request) {
            continue;
        }
        let def = &mut ir.types[operation.request.0 as usize];
        if let TypeKind::Struct(s) = &def.kind
            && s.extra.is_none()
            && s.fields.iter().all(|f| f.presence == Presence::Optional)
        {
            def.derives.default = true;
        }
    }
}

/// (`Eq`, `Hash`) for the members of a type, counting each named type as a yes and
/// collecting it in `named`: the part of the verdict that is the type's own.
fn own<'a>(
    map: MapType,
    types: impl Iterator<Item = &'a TypeRef>,
    named: &mut Vec<TypeId>,
) -> (bool, bool) {
    types.fold((true, true), |(eq, hash), ty| {
        let (e, h) = own_ref(map, ty, named);
        (eq && e, hash && h)
    })
}

fn own_ref(map: MapType, ty: &TypeRef, named: &mut Vec<TypeId>) -> (bool, bool) {
    match ty {
        TypeRef::Named(id) => {
            named.push(*id);
            (true, true)
        }
        TypeRef::Prim(Prim::F32 | Prim::F64) => (false, false),
        TypeRef::Prim(_) | TypeRef::Null => (true, true),
        // serde_json::Value is Eq, and Hash only in recent versions.
        TypeRef::Any => (true, false),
        // A user's type: nothing is known about it.
        TypeRef::External(..) => (false, false),
        TypeRef::Vec(inner) | TypeRef::Option(inner) => own_ref(map, inner, named),
        TypeRef::Map(inner) => {
            let (eq, hash) = own_ref(map, inner, named);
            (eq, hash && map.hashable())
        }
        TypeRef::Tuple(items) => own(map, items.iter(), named),
    }
}

/// Orders the variants of each untagged union so that serde, which tries them in order, reaches
/// a specific variant before a general one that would also accept its values.
pub fn order_untagged(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        let TypeKind::Union(u) = &ir.types[index].kind else {
            continue;
        };
        if u.tag.is_some() || u.is_content() {
            continue;
        }
        let ranks: Vec<(u8, std::cmp::Reverse<usize>)> =
            u.variants.iter().map(|v| specificity(ir, &v.ty)).collect();
        let TypeKind::Union(u) = &mut ir.types[index].kind else {
            unreachable!()
        };
        let mut ranked: Vec<_> = ranks.into_iter().zip(u.variants.drain(..)).collect();
        // A stable sort: equally specific variants keep the spec's order.
        ranked.sort_by_key(|(rank, _)| *rank);
        u.variants = ranked.into_iter().map(|(_, v)| v).collect();
    }
}

/// Lower sorts first. Within a rank, a struct with more required fields is more specific.
fn specificity(ir: &Ir, ty: &TypeRef) -> (u8, std::cmp::Reverse<usize>) {
    use std::cmp::Reverse;
    let rank = |r: u8| (r, Reverse(0));
    match ty {
        TypeRef::Prim(Prim::Bool) | TypeRef::Null => rank(0),
        // Integers before floats: `1` would also read as `1.0`.
        TypeRef::Prim(Prim::F32 | Prim::F64) => rank(2),
        TypeRef::Prim(Prim::String) => rank(2),
        TypeRef::Prim(_) => rank(1),
        TypeRef::External(..) => rank(1),
        TypeRef::Option(inner) => specificity(ir, inner),
        TypeRef::Tuple(_) => rank(3),
        TypeRef::Vec(_) => rank(4),
        TypeRef::Map(_) => rank(7),
        TypeRef::Any => rank(9),
        TypeRef::Named(id) => match &ir.get(*id).kind {
            TypeKind::Enum(e) if e.open => rank(2),
            TypeKind::Enum(_) => rank(0),
            TypeKind::Struct(s) => {
                let required = s
                    .fields
                    .iter()
                    .filter(|f| f.presence != crate::ir::Presence::Optional)
                    .count();
                let strict = s.deny_unknown;
                match (required, strict) {
                    (0, false) => (6, Reverse(0)),
                    (n, true) => (4, Reverse(n + 1000)),
                    (n, false) => (5, Reverse(n)),
                }
            }
            TypeKind::Union(_) => rank(5),
            // Alias cycles became newtype structs in `lower`: this chain ends.
            TypeKind::Alias(inner) => specificity(ir, inner),
        },
    }
}

/// Boxes every large variant (an estimated 128 bytes or more) of a union: an enum is as large
/// as its largest variant, and clippy's `large_enum_variant` asks for this. Estimates are
/// rough, so the rule does not depend on how far apart the variants are.
pub fn box_large_variants(ir: &mut Ir) {
    const LARGE: u64 = 128;
    let mut memo = vec![None; ir.types.len()];
    for index in 0..ir.types.len() {
        let TypeKind::Union(u) = &ir.types[index].kind else {
            continue;
        };
        let sizes: Vec<u64> = u
            .variants
            .iter()
            .map(|v| {
                if v.boxed {
                    8
                } else {
                    ref_size(ir, &v.ty, &mut memo)
                }
            })
            .collect();
        if sizes.len() < 2 || sizes.iter().all(|&size| size < LARGE) {
            continue;
        }
        let TypeKind::Union(u) = &mut ir.types[index].kind else {
            unreachable!()
        };
        for (variant, size) in u.variants.iter_mut().zip(sizes) {
            // Tuples and collections of values are boxed too: clippy measures them all.
            if size >= LARGE {
                variant.boxed = true;
            }
        }
    }
}

/// A rough size in bytes of a value of `ty` (pointer-sized words; good enough to find large
/// variants, not a layout computation).
fn ref_size(ir: &Ir, ty: &TypeRef, memo: &mut Vec<Option<u64>>) -> u64 {
    match ty {
        TypeRef::Named(id) => type_size(ir, *id, memo),
        TypeRef::Null => 0,
        TypeRef::Prim(Prim::Bool) => 1,
        TypeRef::Prim(Prim::String) => 24,
        TypeRef::Prim(_) => 8,
        TypeRef::Vec(_) | TypeRef::Map(_) => 24,
        TypeRef::Option(inner) => ref_size(ir, inner, memo) + 8,
        TypeRef::Tuple(items) => items.iter().map(|t| word(ref_size(ir, t, memo))).sum(),
        TypeRef::External(..) | TypeRef::Any => 32,
    }
}

fn type_size(ir: &Ir, id: TypeId, memo: &mut Vec<Option<u64>>) -> u64 {
    if let Some(size) = memo[id.0 as usize] {
        return size;
    }
    // A type that contains itself does so behind a pointer: count the pointer.
    memo[id.0 as usize] = Some(8);
    let size = match &ir.get(id).kind {
        TypeKind::Struct(s) => {
            let fields: u64 = s
                .fields
                .iter()
                .map(|f| match (f.boxed, f.presence) {
                    (true, _) => 8,
                    (false, crate::ir::Presence::Required) => word(ref_size(ir, &f.ty, memo)),
                    (false, _) => word(ref_size(ir, &f.ty, memo) + 8),
                })
                .sum();
            fields + if s.extra.is_some() { 24 } else { 0 }
        }
        TypeKind::Enum(e) if e.open => 32,
        TypeKind::Enum(_) => 1,
        TypeKind::Union(u) => {
            8 + u
                .variants
                .iter()
                .map(|v| {
                    if v.boxed {
                        8
                    } else {
                        ref_size(ir, &v.ty, memo)
                    }
                })
                .max()
                .unwrap_or(0)
        }
        TypeKind::Alias(ty) => ref_size(ir, ty, memo),
    };
    memo[id.0 as usize] = Some(size);
    size
}

/// Rounds up to whole 8-byte words.
fn word(bytes: u64) -> u64 {
    bytes.div_ceil(8) * 8
}

/// Marks the fields and variants that hold, by value, a type of their own strongly connected
/// component: exactly the places where a cycle must go through a `Box`.
pub fn boxing(ir: &mut Ir) {
    let edges: Vec<Vec<TypeId>> = ir
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s.fields.iter().flat_map(|f| by_value(&f.ty)).collect(),
            TypeKind::Union(u) => u.variants.iter().flat_map(|v| by_value(&v.ty)).collect(),
            TypeKind::Alias(ty) => by_value(ty),
            TypeKind::Enum(_) => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    for index in 0..ir.types.len() {
        let own = component[index];
        let same = |ty: &TypeRef| by_value(ty).iter().any(|t| component[t.0 as usize] == own);
        match &mut ir.types[index].kind {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    field.boxed = same(&field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    variant.boxed = same(&variant.ty);
                }
            }
            _ => {}
        }
    }
}

/// The named types a reference contains without indirection (`Vec` and maps allocate).
pub(super) fn by_value(ty: &TypeRef) -> Vec<TypeId> {
    match ty {
        TypeRef::Named(id) => vec![*id],
        TypeRef::Option(inner) => by_value(inner),
        TypeRef::Tuple(items) => items.iter().flat_map(by_value).collect(),
        _ => Vec::new(),
    }
}

/// Tarjan's algorithm, iterative so that long chains of types cannot overflow the stack.
/// Returns a component number per node; nodes on no cycle get a component of their own.
pub(super) fn strongly_connected(edges: &[Vec<TypeId>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut component = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_component = 0;
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(start, 0usize)];
        while let Some(&(node, edge)) = work.last() {
            if edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(target) = edges[node].get(edge).map(|t| t.0 as usize) {
                work.last_mut().expect("not empty").1 += 1;
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[u32]) -> Vec<TypeId> {
        list.iter().map(|&i| TypeId(i)).collect()
    }

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 2 -> 0 is a cycle; 3 -> 3 a self loop; 4 is alone.
        let edges = vec![ids(&[1]), ids(&[2]), ids(&[0, 3]), ids(&[3]), ids(&[])];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[2], c[3]);
        assert_ne!(c[3], c[4]);
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let n = 200_000;
        let edges: Vec<Vec<TypeId>> = (0..n)
            .map(|i| if i + 1 < n { ids(&[i + 1]) } else { ids(&[0]) })
            .collect();
        let c = strongly_connected(&edges);
        assert!(c.iter().all(|&x| x == c[0]));
    }
}
