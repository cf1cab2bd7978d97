//! Validation keywords, gathered per field from its schema, and from the inline schemas of
//! its items and values at any depth; `analyze` narrows them to those that apply to the
//! field's Rust type once every type is known.

use super::Lowering;
use crate::ir::{Checks, Format};
use crate::schema::{AdditionalProperties, Bounds, Schema};

/// Deeper than this, an inline item's own checks are not gathered (the loader caps nesting
/// too; this bounds the recursion whatever the schema graph).
const MAX_DEPTH: usize = 64;

impl Lowering<'_> {
    /// Every validation keyword of `target`, and of the inline schemas of its items (or map
    /// values); `applicable_checks` keeps those that apply once every type is known.
    pub(super) fn checks(&self, target: &Schema) -> Option<Checks> {
        self.checks_at(target, 0)
    }

    fn checks_at(&self, target: &Schema, depth: usize) -> Option<Checks> {
        let format = target
            .format
            .as_ref()
            .filter(|_| self.settings.check_formats)
            .and_then(|f| Format::named(&f.value));
        // A named schema's type checks itself: only an inline one's checks travel with the
        // value that holds it.
        let inline = |id| self.normalized.named(id).is_none() && !self.normalized.cyclic(id);
        let part = match &target.additional_properties {
            Some(AdditionalProperties::Schema(value)) => Some(*value),
            _ => None,
        };
        let inner = target
            .items
            .or(part)
            .filter(|&id| inline(id) && depth < MAX_DEPTH)
            .and_then(|id| self.checks_at(self.schema(self.normalized.end(id)), depth + 1))
            .map(Box::new);
        let checks = Checks {
            min_length: target.min_length,
            max_length: target.max_length,
            bounds: Bounds::clone(&target.bounds),
            format,
            inner,
        };
        (checks != Checks::default()).then_some(checks)
    }
}
