//! Validation keywords, gathered per field from its schema, and from the inline schemas of
//! its items and values at any depth; `analyze` narrows them to those that apply to the
//! field's Rust type once every type is known.

use super::Lowering;
use crate::ir::{Checks, Format};
use crate::schema::{AdditionalProperties, Schema};
use crate::words::Bounds;

/// Deeper than this, an inline item's own checks are not gathered (the loader caps nesting
/// too; this bounds the recursion whatever the schema graph).
const MAX_DEPTH: usize = 64;

impl Lowering<'_> {
    /// Every validation keyword of `target`, and of the inline schemas of its items (or map
    /// values); `applicable_checks` keeps those that apply once every type is known.
    pub(super) fn checks(&self, target: &Schema) -> Option<Checks> {
        self.checks_at(target, 0)
    }

    /// The `format` to check, with `Config::check_formats`.
    fn format(&self, target: &Schema) -> Option<Format> {
        target
            .format
            .as_ref()
            .filter(|_| self.settings.check_formats)
            .and_then(|f| Format::named(&f.value))
    }

    fn checks_at(&self, target: &Schema, depth: usize) -> Option<Checks> {
        let format = self.format(target);
        // A named schema's type checks itself: only an inline one's checks travel with the
        // value that holds it.
        let inline = |id| self.normalized.named(id).is_none() && !self.normalized.cyclic(id);
        let closed = match &target.additional_properties {
            Some(AdditionalProperties::Allowed(allowed)) => !allowed,
            Some(AdditionalProperties::Schema(value)) => self.schema(*value).never,
            None => false,
        };
        let part = match (
            &target.additional_properties,
            target.pattern_properties.as_slice(),
        ) {
            (Some(AdditionalProperties::Schema(value)), _) if !closed => Some(*value),
            // Every key matches the one pattern: its values are the map's values.
            (_, [only]) if closed => Some(only.schema),
            _ => None,
        };
        // A key pattern that is not ECMAScript leaves the keys unchecked (`lower` says so).
        let key_patterns = match closed {
            true => target
                .pattern_properties
                .iter()
                .map(|p| p.pattern.clone())
                .collect::<Option<Vec<_>>>()
                .unwrap_or_default(),
            false => Vec::new(),
        };
        // A key is a string: only the string keywords of `propertyNames` apply, read without
        // looking further (a key's schema that reaches back to the map is read once).
        let keys = target
            .property_names
            .map(|id| self.schema(self.normalized.end(id)))
            .map(|names| Checks {
                min_length: names.min_length,
                max_length: names.max_length,
                bounds: Bounds {
                    patterns: names.bounds.patterns.clone(),
                    ..Bounds::default()
                },
                format: self.format(names),
                ..Checks::default()
            })
            .filter(|keys| *keys != Checks::default())
            .map(Box::new);
        let inner = target
            .items
            .or(part)
            .filter(|&id| inline(id) && depth < MAX_DEPTH)
            .and_then(|id| self.checks_at(self.schema(self.normalized.end(id)), depth + 1))
            .map(Box::new);
        let mut bounds = Bounds::clone(&target.bounds);
        // `propertyNames: false`: no key is allowed, so no more than none.
        if target
            .property_names
            .is_some_and(|id| self.schema(self.normalized.end(id)).never)
        {
            bounds.max_properties = Some(0);
        }
        let checks = Checks {
            min_length: target.min_length,
            max_length: target.max_length,
            bounds,
            format,
            inner,
            keys,
            key_patterns,
        };
        (checks != Checks::default()).then_some(checks)
    }
}
