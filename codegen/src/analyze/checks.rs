//! Validation keywords that apply: length and pattern for strings, bounds for numbers, sizes
//! for arrays and maps, once every field's Rust type is known.

use crate::ir::{Checks, Ir, Prim, TypeKind, TypeRef};

/// Keeps the checks that apply to each field's Rust type, seen through `Option`s and aliases:
/// length and pattern for strings, bounds for numbers, sizes for arrays and maps.
pub(super) fn applicable_checks(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        let TypeKind::Struct(s) = &ir.types[index].kind else {
            continue;
        };
        let bases: Vec<TypeRef> = s.fields.iter().map(|f| base_type(ir, &f.ty)).collect();
        let TypeKind::Struct(s) = &mut ir.types[index].kind else {
            unreachable!()
        };
        for (field, base) in s.fields.iter_mut().zip(bases) {
            field.checks = field
                .checks
                .take()
                .and_then(|all| keep_applicable(all, &base));
        }
    }
}

/// The type under `Option`s and type aliases (alias cycles became newtypes, so this ends).
fn base_type(ir: &Ir, ty: &TypeRef) -> TypeRef {
    let mut ty = ty.clone();
    loop {
        ty = match ty {
            TypeRef::Option(inner) => *inner,
            TypeRef::Named(id) => match &ir.get(id).kind {
                TypeKind::Alias(inner) => inner.clone(),
                _ => return TypeRef::Named(id),
            },
            other => return other,
        };
    }
}

fn keep_applicable(all: Checks, base: &TypeRef) -> Option<Checks> {
    let b = &all.bounds;
    let mut checks = Checks::default();
    match base {
        TypeRef::Prim(Prim::String) => {
            checks.min_length = all.min_length;
            checks.max_length = all.max_length;
            checks.bounds.patterns = b.patterns.clone();
        }
        TypeRef::Prim(Prim::Bool) => {}
        TypeRef::Prim(_) => {
            checks.bounds.minimum = b.minimum;
            checks.bounds.maximum = b.maximum;
            checks.bounds.exclusive_minimum = b.exclusive_minimum;
            checks.bounds.exclusive_maximum = b.exclusive_maximum;
            checks.bounds.multiple_of = b.multiple_of;
        }
        TypeRef::Vec(_) => {
            checks.bounds.min_items = b.min_items;
            checks.bounds.max_items = b.max_items;
            checks.bounds.unique_items = b.unique_items;
        }
        TypeRef::Map(_) => {
            checks.bounds.min_properties = b.min_properties;
            checks.bounds.max_properties = b.max_properties;
        }
        _ => {}
    }
    (checks != Checks::default()).then_some(checks)
}
