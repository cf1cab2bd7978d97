//! Validation keywords, gathered per field from its schema; `analyze` narrows them to those
//! that apply to the field's Rust type once every type is known.

use super::Lowering;
use crate::ir::Checks;
use crate::schema::{Bounds, Schema};

impl Lowering<'_> {
    /// Every validation keyword of `target`; `applicable_checks` keeps those that apply once
    /// every type is known.
    pub(super) fn checks(&self, target: &Schema) -> Option<Checks> {
        let checks = Checks {
            min_length: target.min_length,
            max_length: target.max_length,
            bounds: Bounds::clone(&target.bounds),
        };
        (checks != Checks::default()).then_some(checks)
    }
}
