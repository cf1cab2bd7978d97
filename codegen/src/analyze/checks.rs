//! Validation keywords that apply: length, pattern and format for strings, bounds for
//! numbers, sizes for arrays and maps, and the same for their items and values at any depth,
//! once every field's Rust type is known.

use crate::ir::{Checks, Ir, Prim, TypeKind, TypeRef};

/// Keeps the checks that apply to each field's (and union variant's) Rust type, seen through
/// `Option`s and aliases.
/// A validated newtype left with no check that applies (`minimum` on a string) is an alias
/// again.
pub(super) fn applicable_checks(ir: &mut Ir) {
    for index in 0..ir.types.len() {
        if let TypeKind::Union(u) = &ir.types[index].kind {
            let kept: Vec<Option<Checks>> = u
                .variants
                .iter()
                .map(|v| {
                    v.checks
                        .clone()
                        .and_then(|all| keep_applicable(ir, all, &v.ty))
                })
                .collect();
            let TypeKind::Union(u) = &mut ir.types[index].kind else {
                unreachable!()
            };
            for (variant, checks) in u.variants.iter_mut().zip(kept) {
                variant.checks = checks;
            }
            continue;
        }
        let TypeKind::Struct(s) = &ir.types[index].kind else {
            continue;
        };
        let kept: Vec<Option<Checks>> = s
            .fields
            .iter()
            .map(|f| {
                f.checks
                    .clone()
                    .and_then(|all| keep_applicable(ir, all, &f.ty))
            })
            .collect();
        let TypeKind::Struct(s) = &mut ir.types[index].kind else {
            unreachable!()
        };
        for (field, checks) in s.fields.iter_mut().zip(kept) {
            field.checks = checks;
        }
        if s.validated && s.fields[0].checks.is_none() {
            let ty = std::mem::replace(&mut s.fields[0].ty, TypeRef::Any);
            ir.types[index].kind = TypeKind::Alias(ty);
        }
    }
}

/// The type under `Option`s, `Box`es and type aliases (alias cycles became newtypes, so this
/// ends): a validated newtype is a named type, which checks itself.
fn base_type<'a>(ir: &'a Ir, mut ty: &'a TypeRef) -> &'a TypeRef {
    loop {
        ty = match ty {
            TypeRef::Option(inner) => inner,
            TypeRef::Named(id) => match &ir.get(*id).kind {
                TypeKind::Alias(inner) => inner,
                _ => return ty,
            },
            other => return other,
        };
    }
}

fn keep_applicable(ir: &Ir, all: Checks, ty: &TypeRef) -> Option<Checks> {
    let b = &all.bounds;
    let mut checks = Checks::default();
    match base_type(ir, ty) {
        TypeRef::Prim(Prim::String) => {
            checks.min_length = all.min_length;
            checks.max_length = all.max_length;
            checks.bounds.patterns = b.patterns.clone();
            checks.format = all.format;
        }
        TypeRef::Prim(Prim::Bool) => {}
        TypeRef::Prim(_) => {
            checks.bounds.minimum = b.minimum;
            checks.bounds.maximum = b.maximum;
            checks.bounds.exclusive_minimum = b.exclusive_minimum;
            checks.bounds.exclusive_maximum = b.exclusive_maximum;
            checks.bounds.multiple_of = b.multiple_of;
        }
        TypeRef::Vec(item) => {
            checks.bounds.min_items = b.min_items;
            checks.bounds.max_items = b.max_items;
            checks.bounds.unique_items = b.unique_items;
            checks.inner = inner(ir, all.inner, item);
        }
        TypeRef::Map(value) => {
            checks.bounds.min_properties = b.min_properties;
            checks.bounds.max_properties = b.max_properties;
            checks.inner = inner(ir, all.inner, value);
            checks.keys = inner(ir, all.keys, &TypeRef::Prim(Prim::String));
            checks.key_patterns = all.key_patterns;
        }
        _ => {}
    }
    (checks != Checks::default()).then_some(checks)
}

fn inner(ir: &Ir, inner: Option<Box<Checks>>, ty: &TypeRef) -> Option<Box<Checks>> {
    inner
        .and_then(|inner| keep_applicable(ir, *inner, ty))
        .map(Box::new)
}
