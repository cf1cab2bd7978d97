//! What `allOf` parts and `required` lists say that a struct cannot hold as written: each
//! reported with what the struct does instead.

use crate::diag::{Code, Span};
use crate::ir::{Docs, Field, Presence, TypeRef};
use crate::schema::{Schema, SchemaId};

use super::Lowering;

impl Lowering<'_> {
    /// The names `required` lists that no property of the struct (or its `allOf` parts)
    /// declares, each reported with `code` and `label`, with where it is listed.
    pub(super) fn undeclared_required(
        &mut self,
        schema_id: SchemaId,
        code: Code,
        label: &str,
    ) -> Vec<(String, Span)> {
        let members = self.normalized.members(schema_id);
        let schema = self.schema(schema_id);
        // Sets and maps: an object may declare and require thousands of names.
        let declared: std::collections::HashSet<&str> =
            members.iter().map(|m| m.property.name.as_str()).collect();
        let mut written: std::collections::HashMap<&str, Span> = Default::default();
        for r in &schema.required {
            written.entry(r.value.as_str()).or_insert(r.span);
        }
        let mut undeclared = Vec::new();
        // `required` holds each name once: a name listed twice is demanded once.
        for name in self.normalized.required(schema_id) {
            if declared.contains(name.as_str()) {
                continue;
            }
            let span = written.get(name.as_str()).copied().unwrap_or(schema.span);
            self.cx
                .report(
                    code,
                    span,
                    format!("`{name}` is required, but no property declares it"),
                )
                .label(label)
                .help(format!(
                    "declare `{name}` under `properties`, or remove it from `required`"
                ));
            undeclared.push((name.clone(), span));
        }
        undeclared
    }

    /// An `allOf` part (or a part of a part) that is a `oneOf`/`anyOf`: the struct has every
    /// part's properties, and which alternative the value is goes unchecked (Vega's
    /// `allOf: [stringModifiers, {anyOf: [..]}]`).
    ///
    /// Each part is walked once per run, whichever struct reaches it first: a chain of `allOf`s
    /// walked anew from each of its schemas would cost the square of its length.
    pub(super) fn report_part_unions(&mut self, schema_id: SchemaId) {
        let mut stack: Vec<SchemaId> = self.schema(schema_id).all_of.clone();
        while let Some(branch) = stack.pop() {
            let part = self.normalized.end(branch);
            if part == schema_id || !self.walked_parts.insert(part) {
                continue;
            }
            if self.normalized.branches(part).len() > 1 {
                self.cx
                    .report(
                        Code::NotEnforced,
                        self.schema(branch).span,
                        "a `oneOf`/`anyOf` inside an `allOf` part is not enforced",
                    )
                    .label("the struct has the parts' properties; which alternative the value is goes unchecked");
            }
            stack.extend(self.schema(part).all_of.iter().copied());
        }
    }

    /// An `allOf` part with `additionalProperties: false` refuses the keys the other parts
    /// declare, so JSON Schema accepts none of them; authors mean to extend the part, and the
    /// struct takes every part's properties. Reported once per part.
    pub(super) fn report_closed_parts(&mut self, schema_id: SchemaId) {
        let members = self.normalized.members(schema_id);
        for &branch in &self.schema(schema_id).all_of {
            let part_id = self.normalized.end(branch);
            let part = self.schema(part_id);
            if !part.is_closed() {
                continue;
            }
            let own: std::collections::HashSet<&str> = self
                .normalized
                .members(part_id)
                .iter()
                .map(|o| o.property.name.as_str())
                .collect();
            let foreign: Vec<&str> = members
                .iter()
                .map(|m| m.property.name.as_str())
                .filter(|name| !own.contains(name))
                .collect();
            let Some(first) = foreign.first() else {
                continue;
            };
            let more = match foreign.len() {
                1 => String::new(),
                n => format!(" and {} more", n - 1),
            };
            self.cx
                .report(
                    Code::NotEnforced,
                    self.schema(branch).span,
                    "this `allOf` part refuses undeclared keys, which the other parts declare",
                )
                .label(format!(
                    "recovered: the struct also takes `{first}`{more}, which JSON Schema would refuse"
                ))
                .help("put `additionalProperties: false` on the schema that combines the parts");
        }
    }

    /// `additionalProperties: false` beside `oneOf`/`anyOf` (Jira's default values): JSON
    /// Schema refuses every key only the alternatives declare, which no author means; each
    /// alternative takes its own keys.
    pub(super) fn report_closed_union(&mut self, schema_id: SchemaId) {
        let schema = self.schema(schema_id);
        if !schema.is_closed() {
            return;
        }
        let own = self.normalized.members(schema_id);
        let foreign = self.normalized.branches(schema_id).iter().find_map(|&b| {
            let members = self.normalized.members(self.normalized.end(b));
            members
                .iter()
                .find(|m| !own.iter().any(|o| o.property.name == m.property.name))
        });
        let Some(foreign) = foreign else {
            return;
        };
        self.cx
            .report(
                Code::NotEnforced,
                schema.span,
                "`additionalProperties: false` beside `oneOf`/`anyOf` refuses the alternatives' keys",
            )
            .label(format!(
                "recovered: each alternative takes the keys it declares, such as `{}`, which JSON Schema would refuse",
                foreign.property.name
            ))
            .help("put `additionalProperties: false` on each alternative instead");
    }

    /// `required` beside `oneOf` naming a key that a referenced alternative declares as
    /// optional: an inline alternative requires it itself (`normalize`), a referenced one may
    /// be used elsewhere, so there the key stays optional.
    pub(super) fn report_optional_in_referenced_branches(&mut self, schema_id: SchemaId) {
        let required: std::collections::HashSet<&str> = self
            .normalized
            .required(schema_id)
            .iter()
            .map(String::as_str)
            .collect();
        for &branch in self.normalized.branches(schema_id) {
            let end = self.normalized.end(branch);
            if end == branch {
                continue;
            }
            let optional = self
                .normalized
                .members(end)
                .iter()
                .find(|m| !m.required && required.contains(m.property.name.as_str()));
            if let Some(member) = optional {
                self.cx
                    .report(
                        Code::NotEnforced,
                        self.schema(branch).span,
                        format!(
                            "`{}` is required beside the `oneOf`/`anyOf`, but this alternative declares it optional",
                            member.property.name
                        ),
                    )
                    .label("the referenced schema is used as written: the key stays optional")
                    .help("list the key in the referenced schema's `required`");
            }
        }
    }
}

/// `required: [ghost]` in an object that declares no property (Vega's branches that only
/// demand keys): JSON Schema demands the key with any value the extra keys may have, so it is
/// a required field of that type (W0007).
pub(super) fn demanded_field(
    schema: &Schema,
    name: String,
    span: Span,
    extra: Option<&TypeRef>,
) -> Field {
    Field {
        format: None,
        wire_name: name,
        rust_name: None,
        ty: extra.cloned().unwrap_or(TypeRef::Any),
        presence: Presence::Required,
        docs: Docs {
            description: Some(
                "Listed in `required` without a declaration under `properties`: the key must be \
                 present, with any value."
                    .into(),
            ),
            span: Some(span),
            pointer: format!("{}/required", schema.pointer),
            ..Docs::default()
        },
        secret: false,
        checks: None,
        default: None,
        boxed: false,
        flatten: false,
    }
}
