//! `default` values: checked against the field's type, enum and constraints at generation
//! time, then applied when the key is absent.

use std::collections::HashMap;
use std::sync::Arc;

use super::Lowering;
use crate::diag::{Code, Diagnostics, Span, Spanned};
use crate::ir::{
    Checks, DefaultValue, Field, Ir, Presence, Prim, Struct, TypeKind, TypeRef, Union,
};
use crate::words::Literal;
use typewright_runtime::CompiledPattern;

impl Lowering<'_> {
    /// Applies `default` to an optional field: it becomes a plain value (or, when nullable,
    /// a plain `Option`) that takes the default when the key is absent. A default the
    /// field's own schema rejects is reported and dropped.
    pub(super) fn with_default(
        &mut self,
        mut field: Field,
        default: Spanned<Arc<serde_json::Value>>,
    ) -> Field {
        if field.presence != Presence::Optional || default.value.is_null() {
            return field;
        }
        let ty = match &field.ty {
            TypeRef::Option(inner) => (**inner).clone(),
            other => other.clone(),
        };
        match self.default_value(&ty, &default.value, field.checks.as_ref(), default.span) {
            Ok(value) => {
                field.presence = if matches!(field.ty, TypeRef::Option(_)) {
                    Presence::RequiredNullable
                } else {
                    Presence::Required
                };
                field.ty = ty;
                field.default = Some(value);
            }
            Err(problem) => report_invalid(self.cx, default.span, &default.value, problem),
        }
        field
    }

    /// A default as the generated code will write it: a literal or an enum variant, checked
    /// here against the type and the field's checks; an array or object as JSON text, which
    /// [`check_composite_defaults`] checks once every type it reaches is lowered.
    fn default_value(
        &mut self,
        ty: &TypeRef,
        value: &Arc<serde_json::Value>,
        checks: Option<&Checks>,
        at: Span,
    ) -> Result<DefaultValue, String> {
        match ty {
            // A long string is shared as array and object defaults are, and checked with them:
            // once, however many fields take it.
            TypeRef::Prim(Prim::String)
                if value
                    .as_str()
                    .is_some_and(|s| s.len() > crate::ir::SHARED_DEFAULT_LEN) =>
            {
                Ok(DefaultValue::Json(self.intern_default(value), at))
            }
            TypeRef::Prim(prim) => Ok(DefaultValue::Literal(literal(*prim, value, checks)?)),
            TypeRef::Named(id) => match &self.ir.get(*id).kind {
                TypeKind::Enum(e) => match e.values.iter().position(|v| v.matches_json(value)) {
                    Some(index) => Ok(DefaultValue::Variant(*id, index)),
                    None if e.open => Ok(DefaultValue::Json(self.intern_default(value), at)),
                    None => Err(format!(
                        "`{}` is not one of the enum's values",
                        crate::diag::shown(&value.to_string())
                    )),
                },
                TypeKind::Alias(ty) => {
                    let ty = ty.clone();
                    self.default_value(&ty, value, None, at)
                }
                _ => Ok(DefaultValue::Json(self.intern_default(value), at)),
            },
            _ => Ok(DefaultValue::Json(self.intern_default(value), at)),
        }
    }

    /// The index in [`Ir::defaults`] of this value's JSON text: written out once per value
    /// the spec holds (an alias or a `$ref` shares one), and once per distinct text.
    fn intern_default(&mut self, value: &Arc<serde_json::Value>) -> usize {
        let key = Arc::as_ptr(value) as usize;
        if let Some(&index) = self.defaults.by_value.get(&key) {
            return index;
        }
        let text: Arc<str> = value.to_string().into();
        let index = match self.defaults.by_text.get(&text) {
            Some(&index) => index,
            None => {
                self.ir.defaults.push(text.clone());
                self.defaults.values.push(value.clone());
                self.defaults
                    .by_text
                    .insert(text, self.ir.defaults.len() - 1);
                self.ir.defaults.len() - 1
            }
        };
        self.defaults.by_value.insert(key, index);
        index
    }
}

/// The composite defaults of a run: each value and text once.
#[derive(Default)]
pub(super) struct Defaults {
    /// By index into [`Ir::defaults`]: the value the text was written from.
    values: Vec<Arc<serde_json::Value>>,
    /// A value (by address: the resolver builds one per node) -> its index.
    by_value: HashMap<usize, usize>,
    by_text: HashMap<Arc<str>, usize>,
}

fn report_invalid(cx: &mut Diagnostics, at: Span, value: &serde_json::Value, problem: String) {
    cx.report(
        Code::InvalidDefault,
        at,
        format!(
            "default `{}` is not valid here",
            crate::diag::shown(&value.to_string())
        ),
    )
    .label(problem)
    .help("fix the default, or remove it");
}

/// Checks every array and object default against the whole type it will be read as (a
/// struct's required keys, its fields' types and checks, array items, map values, union
/// branches), now that every type is lowered. A default the type would refuse is reported
/// and dropped: read by the generated code it would panic.
///
/// Each default is checked once per type and checks it is read as: a thousand fields that
/// take one schema's default through `$ref`s cost one check.
pub(super) fn check_composite_defaults(ir: &mut Ir, defaults: &Defaults, cx: &mut Diagnostics) {
    type Verdict = (TypeRef, Option<Checks>, Result<(), String>);
    let mut verdicts: HashMap<usize, Vec<Verdict>> = HashMap::new();
    let mut refused = Vec::new();
    for (index, def) in ir.types.iter().enumerate() {
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for (position, field) in s.fields.iter().enumerate() {
            let Some(DefaultValue::Json(default, at)) = &field.default else {
                continue;
            };
            let value = &defaults.values[*default];
            let known = verdicts.entry(*default).or_default();
            let checks = field.checks.as_ref();
            let verdict = match known
                .iter()
                .find(|(ty, c, _)| *ty == field.ty && c.as_ref() == checks)
            {
                Some((_, _, verdict)) => verdict.clone(),
                None => {
                    let verdict = fits(ir, &field.ty, value, checks, 0);
                    known.push((field.ty.clone(), checks.cloned(), verdict.clone()));
                    verdict
                }
            };
            if let Err(problem) = verdict {
                refused.push((index, position, *at, value.clone(), problem));
            }
        }
    }
    for (index, position, at, value, problem) in refused {
        if let TypeKind::Struct(s) = &mut ir.types[index].kind {
            let field = &mut s.fields[position];
            field.default = None;
            if field.presence == Presence::RequiredNullable {
                field.ty =
                    TypeRef::Option(Box::new(std::mem::replace(&mut field.ty, TypeRef::Any)));
            }
            field.presence = Presence::Optional;
        }
        report_invalid(cx, at, &value, problem);
    }
}

/// Deeper than this, a default is taken as it is (the value's own nesting is capped at load).
const MAX_DEFAULT_DEPTH: usize = 64;

/// Whether the type reads `value` (`Err` says why not).
fn fits(
    ir: &Ir,
    ty: &TypeRef,
    value: &serde_json::Value,
    checks: Option<&Checks>,
    depth: usize,
) -> Result<(), String> {
    use serde_json::Value as Json;
    if depth > MAX_DEFAULT_DEPTH {
        return Ok(());
    }
    let deeper = |ty: &TypeRef, value: &Json| fits(ir, ty, value, None, depth + 1);
    match (ty, value) {
        (TypeRef::Option(_), Json::Null) | (TypeRef::Any | TypeRef::External(..), _) => Ok(()),
        (TypeRef::Option(inner), _) => fits(ir, inner, value, checks, depth),
        (TypeRef::Null, Json::Null) => Ok(()),
        (TypeRef::Null, _) => Err(format!("expected `null`, found `{value}`")),
        (TypeRef::Prim(prim), _) => literal(*prim, value, checks).map(drop),
        (TypeRef::Vec(item), Json::Array(items)) => items.iter().try_for_each(|v| deeper(item, v)),
        (TypeRef::Tuple(positions), Json::Array(items)) if positions.len() == items.len() => {
            positions
                .iter()
                .zip(items)
                .try_for_each(|(t, v)| deeper(t, v))
        }
        (TypeRef::Tuple(positions), Json::Array(_)) => Err(format!(
            "expected {} items, found `{value}`",
            positions.len()
        )),
        (TypeRef::Map(item), Json::Object(map)) => map.values().try_for_each(|v| deeper(item, v)),
        (TypeRef::Vec(_) | TypeRef::Tuple(_), _) => {
            Err(format!("expected an array, found `{value}`"))
        }
        (TypeRef::Map(_), _) => Err(format!("expected an object, found `{value}`")),
        (TypeRef::Named(id), _) => match &ir.get(*id).kind {
            TypeKind::Alias(ty) => fits(ir, ty, value, checks, depth + 1),
            TypeKind::Enum(e) if e.open || e.values.iter().any(|v| v.matches_json(value)) => Ok(()),
            TypeKind::Enum(_) => Err(format!("`{value}` is not one of the enum's values")),
            TypeKind::Struct(s) => struct_fits(ir, s, value, depth),
            TypeKind::Union(u) => union_fits(ir, u, value, depth),
        },
    }
}

fn struct_fits(ir: &Ir, s: &Struct, value: &serde_json::Value, depth: usize) -> Result<(), String> {
    if s.transparent {
        return match s.fields.first() {
            Some(field) => fits(ir, &field.ty, value, field.checks.as_ref(), depth + 1),
            None => Ok(()),
        };
    }
    let Some(map) = value.as_object() else {
        return Err(format!("expected an object, found `{value}`"));
    };
    // A flattened field takes keys the struct does not list: nothing more to say.
    if s.fields.iter().any(|f| f.flatten) {
        return Ok(());
    }
    for field in &s.fields {
        match map.get(&field.wire_name) {
            None if field.presence != Presence::Optional && field.default.is_none() => {
                return Err(format!("the required key `{}` is missing", field.wire_name));
            }
            None => {}
            Some(serde_json::Value::Null) if field.presence != Presence::Required => {}
            Some(v) => fits(ir, &field.ty, v, field.checks.as_ref(), depth + 1)
                .map_err(|problem| format!("at `{}`: {problem}", field.wire_name))?,
        }
    }
    for (key, v) in map {
        if s.fields.iter().any(|f| &f.wire_name == key) {
            continue;
        }
        match &s.extra {
            Some(ty) => fits(ir, ty, v, None, depth + 1)?,
            None if s.deny_unknown => return Err(format!("the key `{key}` is not allowed")),
            None => {}
        }
    }
    Ok(())
}

fn union_fits(ir: &Ir, u: &Union, value: &serde_json::Value, depth: usize) -> Result<(), String> {
    let tag = u
        .tag
        .as_ref()
        .map(|property| value.get(property).and_then(serde_json::Value::as_str));
    let candidates = u.variants.iter().filter(|variant| match tag {
        None => true,
        Some(found) => found.is_some_and(|t| {
            variant.tag.as_deref() == Some(t) || variant.also.iter().any(|a| a == t)
        }),
    });
    let mut last = None;
    for variant in candidates {
        match fits(ir, &variant.ty, value, None, depth + 1) {
            Ok(()) => return Ok(()),
            Err(problem) => last = Some(problem),
        }
    }
    Err(last.unwrap_or_else(|| match &u.tag {
        Some(property) => format!("`{property}` names none of the union's variants"),
        None => format!("no variant of the union reads `{value}`"),
    }))
}

/// A default of a primitive type, checked against the field's checks.
fn literal(
    prim: Prim,
    value: &serde_json::Value,
    checks: Option<&Checks>,
) -> Result<Literal, String> {
    use serde_json::Value as Json;
    let expected = |what: &str| Err(format!("expected {what}, found `{value}`"));
    let literal = match (prim, value) {
        (Prim::String, Json::String(s)) => Literal::String(s.clone()),
        (Prim::String, _) => return expected("a string"),
        (Prim::Bool, Json::Bool(b)) => Literal::Bool(*b),
        (Prim::Bool, _) => return expected("`true` or `false`"),
        (Prim::F32 | Prim::F64, Json::Number(n)) => Literal::Float(n.as_f64().unwrap_or_default()),
        (prim, Json::Number(n)) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) if prim.fits(i as i128) => Literal::Int(i),
            (None, Some(u)) if prim.fits(u as i128) => Literal::UInt(u),
            _ => return expected(&format!("an integer that fits `{}`", prim.rust())),
        },
        (_, _) => return expected("a number"),
    };
    if let (Some(checks), Literal::String(s)) = (checks, &literal) {
        let length = s.chars().count() as u64;
        if checks.min_length.is_some_and(|min| length < min)
            || checks.max_length.is_some_and(|max| length > max)
        {
            return Err("its length breaks the field's `minLength`/`maxLength`".into());
        }
        for pattern in &checks.bounds.patterns {
            let pattern = &pattern.value;
            let compiled = CompiledPattern::new(&pattern.source, &pattern.flags);
            // A pattern that needs backtracking could take exponential time on the
            // default: it is checked when a value is read, not here.
            if let Ok(regex) = compiled
                && regex.is_linear()
                && !regex.is_match(s)
            {
                return Err(format!("it does not match `pattern: {}`", pattern.source));
            }
        }
    }
    if let (Some(checks), Some(n)) = (checks, value.as_f64()) {
        let b = &checks.bounds;
        if b.minimum.is_some_and(|m| n < m)
            || b.maximum.is_some_and(|m| n > m)
            || b.exclusive_minimum.is_some_and(|m| n <= m)
            || b.exclusive_maximum.is_some_and(|m| n >= m)
        {
            return Err("it is outside the field's `minimum`/`maximum`".into());
        }
    }
    Ok(literal)
}
