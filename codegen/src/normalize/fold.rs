//! Folding value-only `allOf`s: `allOf: [{type: integer}, {minimum: 1}]` becomes one integer
//! schema with a minimum. An `allOf` over objects keeps its branches; their members are merged
//! by `normalize::members`.

use super::Walk;
use crate::diag::{Code, Diagnostics};
use crate::resolve::SchemaGraph;
use crate::schema::{InstanceType, Schema, SchemaId};
use crate::words::Literal;

/// Folds every value-only `allOf`, branches before the schemas that include them, so each
/// fold reads already-folded parts and the whole pass is linear. Contradictions are
/// [`Code::AllOfConflict`].
pub(super) fn fold_value_all_of(
    graph: &mut SchemaGraph,
    walk: &Walk,
    targets: &[SchemaId],
    cx: &mut Diagnostics,
) {
    for &id in &walk.order {
        let schema = graph.schema(id);
        if schema.all_of.is_empty() || schema.reference.is_some() {
            continue;
        }
        let Some(parts) = parts(graph, walk, targets, id) else {
            continue;
        };
        let mut merged = graph.schema(id).clone();
        merged.all_of.clear();
        merged.nullable = nullable(graph, &parts);
        for &part in &parts[1..] {
            merge_into(&mut merged, graph.schema(part), cx);
        }
        graph.schemas[id.0 as usize] = merged;
    }
}

/// The schema and its `allOf` branches (references followed), or `None` when some part has
/// structure and the `allOf` is left to `members`. Branches were folded first, so a part that
/// still has an `allOf` has structure.
fn parts(
    graph: &SchemaGraph,
    walk: &Walk,
    targets: &[SchemaId],
    id: SchemaId,
) -> Option<Vec<SchemaId>> {
    let mut parts = vec![id];
    for &branch in &graph.schema(id).all_of {
        let target = targets[branch.0 as usize];
        if target == id || walk.closes_cycle(branch) {
            return None;
        }
        let part = graph.schema(target);
        if has_structure(part) || !part.all_of.is_empty() {
            return None;
        }
        if !parts.contains(&target) {
            parts.push(target);
        }
    }
    (!has_structure(graph.schema(id))).then_some(parts)
}

/// Whether a schema describes objects, arrays or alternatives, which value merging leaves to
/// `lower`.
fn has_structure(schema: &Schema) -> bool {
    !schema.properties.is_empty()
        || schema.additional_properties.is_some()
        || !schema.pattern_properties.is_empty()
        || schema.items.is_some()
        || schema.prefix_items.is_some()
        || !schema.one_of.is_empty()
        || !schema.any_of.is_empty()
        || schema.discriminator.is_some()
        // Parts are followed through references: one left is dangling.
        || schema.reference.is_some()
        || schema
            .types
            .iter()
            .any(|t| matches!(t, InstanceType::Object | InstanceType::Array))
}

/// `null` is allowed when some part says so and every part that names types allows it.
fn nullable(graph: &SchemaGraph, parts: &[SchemaId]) -> bool {
    let schemas = parts.iter().map(|&p| graph.schema(p));
    let any = schemas.clone().any(|s| s.nullable);
    any && schemas.filter(|s| !s.types.is_empty()).all(|s| s.nullable)
}

fn merge_into(merged: &mut Schema, part: &Schema, cx: &mut Diagnostics) {
    if !part.types.is_empty() {
        if merged.types.is_empty() {
            merged.types = part.types.clone();
            merged.type_span = part.type_span;
        } else {
            let common = intersect(&merged.types, &part.types);
            if common.is_empty() {
                let span = part.type_span.unwrap_or(part.span);
                cx.report(
                    Code::AllOfConflict,
                    span,
                    "`allOf` requires a value of two different types",
                )
                .label(format!("`{}` here", names(&part.types)))
                .note(format!(
                    "another branch requires `{}`; no value is both",
                    names(&merged.types)
                ));
            } else {
                merged.types = common;
            }
        }
    }
    merged.format = merged.format.take().or_else(|| part.format.clone());
    merged.title = merged.title.take().or_else(|| part.title.clone());
    merged.description = merged
        .description
        .take()
        .or_else(|| part.description.clone());
    merged.default = merged.default.take().or_else(|| part.default.clone());
    merged.deprecated |= part.deprecated;
    merged.read_only |= part.read_only;
    merged.write_only |= part.write_only;
    merge_literals(merged, part, cx);
    let (b, p) = (&mut merged.bounds, &part.bounds);
    // The most restrictive bound wins.
    b.minimum = max(b.minimum, p.minimum);
    b.exclusive_minimum = max(b.exclusive_minimum, p.exclusive_minimum);
    b.maximum = min(b.maximum, p.maximum);
    b.exclusive_maximum = min(b.exclusive_maximum, p.exclusive_maximum);
    b.multiple_of = b.multiple_of.or(p.multiple_of);
    b.patterns.extend(p.patterns.iter().cloned());
    merged.min_length = merged.min_length.max(part.min_length);
    merged.max_length = match (merged.max_length, part.max_length) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
}

/// `enum`/`const` of both: only values in both remain.
fn merge_literals(merged: &mut Schema, part: &Schema, cx: &mut Diagnostics) {
    let theirs: Vec<Literal> = part.enum_literals().into_iter().cloned().collect();
    if theirs.is_empty() {
        return;
    }
    let ours: Vec<Literal> = merged.enum_literals().into_iter().cloned().collect();
    if ours.is_empty() && merged.enum_values.is_none() && merged.const_value.is_none() {
        merged.enum_values = part.enum_values.clone();
        merged.const_value = part.const_value.clone();
        return;
    }
    let common: Vec<Literal> = ours.into_iter().filter(|v| theirs.contains(v)).collect();
    let span = part
        .enum_values
        .as_ref()
        .map(|e| e.span)
        .or(part.const_value.as_ref().map(|c| c.span))
        .unwrap_or(part.span);
    if common.is_empty() {
        cx.report(
            Code::AllOfConflict,
            span,
            "`allOf` branches allow no value in common",
        )
        .label("none of these values is allowed by the other branches");
    }
    merged.const_value = None;
    merged.enum_values = Some(crate::diag::Spanned {
        value: common,
        span,
    });
}

/// The instance types both lists allow; `integer` is what `integer` and `number` share.
pub(crate) fn intersect(a: &[InstanceType], b: &[InstanceType]) -> Vec<InstanceType> {
    let mut common = Vec::new();
    for &x in a {
        for &y in b {
            let both = match (x, y) {
                _ if x == y => Some(x),
                // Every integer is a number.
                (InstanceType::Integer, InstanceType::Number)
                | (InstanceType::Number, InstanceType::Integer) => Some(InstanceType::Integer),
                _ => None,
            };
            if let Some(t) = both
                && !common.contains(&t)
            {
                common.push(t);
            }
        }
    }
    common
}

fn names(types: &[InstanceType]) -> String {
    types
        .iter()
        .map(|t| InstanceType::NAMES[*t as usize])
        .collect::<Vec<_>>()
        .join(" | ")
}

fn max(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}
