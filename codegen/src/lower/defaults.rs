//! `default` values: checked against the field's type, enum and constraints at generation
//! time, then applied when the key is absent.

use super::Lowering;
use crate::diag::{Code, Spanned};
use crate::ir::{Checks, DefaultValue, Field, Presence, Prim, TypeId, TypeKind, TypeRef};
use crate::schema::Literal;
use typewright_runtime::CompiledPattern;

impl Lowering<'_> {
    /// Applies `default` to an optional field: it becomes a plain value (or, when nullable,
    /// a plain `Option`) that takes the default when the key is absent. A default the
    /// field's own schema rejects is reported and dropped.
    pub(super) fn with_default(
        &mut self,
        mut field: Field,
        default: Spanned<serde_json::Value>,
    ) -> Field {
        if field.presence != Presence::Optional || default.value.is_null() {
            return field;
        }
        let ty = match &field.ty {
            TypeRef::Option(inner) => (**inner).clone(),
            other => other.clone(),
        };
        match self.default_value(&ty, &default.value, field.checks.as_ref()) {
            Ok(value) => {
                field.presence = if matches!(field.ty, TypeRef::Option(_)) {
                    Presence::RequiredNullable
                } else {
                    Presence::Required
                };
                field.ty = ty;
                field.default = Some(value);
            }
            Err(problem) => {
                self.cx
                    .report(
                        Code::InvalidDefault,
                        default.span,
                        format!("default `{}` is not valid here", default.value),
                    )
                    .label(problem)
                    .help("fix the default, or remove it");
            }
        }
        field
    }

    /// Checks a default against the type (and the checks) it will be read as.
    fn default_value(
        &self,
        ty: &TypeRef,
        value: &serde_json::Value,
        checks: Option<&Checks>,
    ) -> Result<DefaultValue, String> {
        use serde_json::Value as Json;
        let expected = |what: &str| Err(format!("expected {what}, found `{value}`"));
        let literal = match (ty, value) {
            (TypeRef::Prim(Prim::String), Json::String(s)) => Literal::String(s.clone()),
            (TypeRef::Prim(Prim::String), _) => return expected("a string"),
            (TypeRef::Prim(Prim::Bool), Json::Bool(b)) => Literal::Bool(*b),
            (TypeRef::Prim(Prim::Bool), _) => return expected("`true` or `false`"),
            (TypeRef::Prim(Prim::F32 | Prim::F64), Json::Number(n)) => {
                Literal::Float(n.as_f64().unwrap_or_default())
            }
            (TypeRef::Prim(prim), Json::Number(n)) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) if prim.fits(i as i128) => Literal::Int(i),
                (None, Some(u)) if prim.fits(u as i128) => Literal::UInt(u),
                _ => return expected(&format!("an integer that fits `{}`", prim.rust())),
            },
            (TypeRef::Prim(_), _) => return expected("a number"),
            (TypeRef::Named(id), _) => return self.named_default(*id, value),
            (TypeRef::Vec(_) | TypeRef::Tuple(_), Json::Array(_)) => {
                return Ok(DefaultValue::Json(value.to_string()));
            }
            (TypeRef::Vec(_) | TypeRef::Tuple(_), _) => return expected("an array"),
            (TypeRef::Map(_), Json::Object(_)) => return Ok(DefaultValue::Json(value.to_string())),
            (TypeRef::Map(_), _) => return expected("an object"),
            _ => return Ok(DefaultValue::Json(value.to_string())),
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
        Ok(DefaultValue::Literal(literal))
    }

    fn named_default(&self, id: TypeId, value: &serde_json::Value) -> Result<DefaultValue, String> {
        match &self.ir.get(id).kind {
            TypeKind::Enum(e) => {
                let index = e.values.iter().position(|v| v.matches_json(value));
                match index {
                    Some(index) => Ok(DefaultValue::Variant(id, index)),
                    None if e.open => Ok(DefaultValue::Json(value.to_string())),
                    None => Err(format!("`{value}` is not one of the enum's values")),
                }
            }
            TypeKind::Alias(ty) => {
                let ty = ty.clone();
                self.default_value(&ty, value, None)
            }
            TypeKind::Struct(_) if !value.is_object() => {
                Err(format!("expected an object, found `{value}`"))
            }
            _ => Ok(DefaultValue::Json(value.to_string())),
        }
    }
}
