//! Unions: `oneOf`/`anyOf` with or without a discriminator, tags found in `const`s,
//! properties shared beside the alternatives, and `type: [..]` lists.

use super::{Lowering, NameCtx};
use crate::diag::Code;
use crate::ir::{Field, Presence, Struct, TypeId, TypeKind, Union, Variant};
use crate::schema::{InstanceType, SchemaId};

impl Lowering<'_> {
    /// Properties beside a structural `oneOf`/`anyOf`: a struct with the shared properties and
    /// the alternatives flattened into it. Properties the alternatives declare themselves stay
    /// with them (a tag must reach the union).
    pub(super) fn struct_with_union(
        &mut self,
        schema_id: SchemaId,
        id: TypeId,
        branches: &[SchemaId],
    ) -> Struct {
        let mut declared_by_branches = Vec::new();
        for &branch in branches {
            let members = self.normalized.members(self.normalized.end(branch));
            declared_by_branches.extend(members.iter().map(|m| m.property.name.clone()));
        }
        let mut shared = self.structure(schema_id, id);
        shared
            .fields
            .retain(|f| !declared_by_branches.contains(&f.wire_name));
        // Built from the same schema as the struct, which may itself be under construction
        // (an inline schema): `child` would hand back the struct, flattened into itself.
        let union = self.push_child(schema_id, id, "Kind".into(), |this, core, union_id| {
            TypeKind::Union(this.union(core, union_id))
        });
        let mut docs = self.docs(self.schema(schema_id));
        docs.title = None;
        docs.description = Some("Which alternative of the `oneOf`/`anyOf` this is.".into());
        shared.fields.push(Field {
            wire_name: String::new(),
            rust_name: Some("kind".into()),
            ty: union,
            presence: Presence::Required,
            docs,
            secret: false,
            checks: None,
            default: None,
            format: None,
            boxed: false,
            flatten: true,
        });
        // A second flattened map would take the union's keys.
        shared.extra = None;
        shared.deny_unknown = false;
        shared
    }

    /// `type: [string, integer, ...]`: one untagged variant per type.
    pub(super) fn instance_union(&mut self, schema_id: SchemaId, id: TypeId) -> Union {
        let schema = self.schema(schema_id);
        let types = schema.types.clone();
        // `type: [boolean, object]` with `properties`: the object is a struct of its own.
        let described = !schema.properties.is_empty() || !schema.all_of.is_empty();
        let variants = types
            .into_iter()
            .map(|ty| {
                let ctx = NameCtx::Type(id).child(&format!("{ty:?}"));
                let ty = match ty {
                    InstanceType::Object if described => {
                        self.push_child(schema_id, id, "Object".into(), |this, core, struct_id| {
                            TypeKind::Struct(this.structure(core, struct_id))
                        })
                    }
                    _ => self.instance(schema_id, ty, &ctx),
                };
                // The schema's checks hold on each variant they apply to.
                let checks = self.checks(schema).filter(|c| c.may_apply_to(&ty));
                Variant {
                    tag: None,
                    also: Vec::new(),
                    ty,
                    boxed: false,
                    name: None,
                    media: None,
                    checks,
                }
            })
            .collect();
        Union {
            tag: None,
            variants,
        }
    }

    pub(super) fn union(&mut self, schema_id: SchemaId, id: TypeId) -> Union {
        self.report_closed_union(schema_id);
        self.report_optional_in_referenced_branches(schema_id);
        let branches = self.normalized.branches(schema_id);
        let schema = self.schema(schema_id);
        let discriminator = schema.discriminator.clone();
        let const_tags = match discriminator {
            Some(_) => None,
            None => self.const_tags(branches),
        };
        let mut variants = self.branch_variants(id, branches, const_tags.as_ref());
        if let Some((property, _)) = const_tags {
            return Union {
                tag: Some(property),
                variants,
            };
        }
        let Some(discriminator) = discriminator else {
            return Union {
                tag: None,
                variants,
            };
        };
        let property = discriminator.property.value.clone();
        let end = |id: SchemaId| self.normalized.end(id);
        let targets: Vec<SchemaId> = branches.iter().map(|&b| end(b)).collect();
        self.report_mapping_outside(&discriminator, &targets);
        let mut untagged = false;
        for (variant, (&branch, &target)) in variants.iter_mut().zip(branches.iter().zip(&targets))
        {
            let mut mapped_tags = discriminator
                .mapping
                .iter()
                .filter(|(_, t)| t.map(end) == Some(target))
                .map(|(tag, _)| tag.clone());
            let mapped = mapped_tags.next();
            // `cat: Cat, kitten: Cat`: either tag reads a `Cat`.
            variant.also = mapped_tags.map(|tag| tag.value).collect();
            // A branch that fixes the tag property to one value can only be that tag.
            let constant = self.tag_constant(target, &property);
            // Without either, the tag is the schema's name (the last pointer segment).
            let implicit = self.schema(branch).reference.as_ref().and_then(|r| {
                r.text
                    .rsplit('/')
                    .next()
                    .map(|s| s.replace("~1", "/").replace("~0", "~"))
            });
            let tag = match (mapped, constant) {
                (Some(mapped), Some((constant, at))) if mapped.value != constant => {
                    self.cx
                        .report(
                            Code::InvalidDiscriminator,
                            at,
                            format!(
                                "`{property}` is always `{constant}` here, but the mapping tags this branch `{}`",
                                mapped.value
                            ),
                        )
                        .note(format!(
                            "recovered: the tag is `{constant}`, the only value the branch accepts"
                        ))
                        .help("make the mapping key and the property's `const` agree");
                    constant
                }
                (Some(mapped), _) => mapped.value,
                (None, Some((constant, _))) => constant,
                (None, None) => match implicit {
                    Some(implicit) => implicit,
                    None => {
                        self.cx
                            .report(
                                Code::InvalidDiscriminator,
                                self.schema(branch).span,
                                "an inline branch of a discriminated union has no tag",
                            )
                            .label(format!(
                                "no `mapping` entry, and `{property}` is not fixed to one value"
                            ))
                            .note("recovered: the union is untagged; each branch is tried in turn")
                            .help("add a `mapping` entry, or a `const` for the tag property");
                        untagged = true;
                        continue;
                    }
                },
            };
            self.check_tag_property(target, &property, &tag, discriminator.span);
            variant.tag = Some(tag);
        }
        if untagged {
            for variant in &mut variants {
                variant.tag = None;
            }
            return Union {
                tag: None,
                variants,
            };
        }
        self.report_shared_tags(&property, &variants, branches, discriminator.span);
        Union {
            tag: Some(property),
            variants,
        }
    }

    /// A variant per branch, named by its constant tag, title, telling property or place;
    /// an inline branch's checks hold when the variant is read (a named branch's type checks
    /// itself).
    fn branch_variants(
        &mut self,
        id: TypeId,
        branches: &[SchemaId],
        const_tags: Option<&(String, Vec<String>)>,
    ) -> Vec<Variant> {
        let mut variants = Vec::new();
        for (index, &branch) in branches.iter().enumerate() {
            let tag = const_tags.map(|(_, tags)| tags[index].clone());
            let title = self.schema(branch).title.clone();
            let suffix = tag
                .clone()
                .or(title.clone())
                .or_else(|| self.telling_property(branch))
                .unwrap_or_else(|| format!("Variant{}", index + 1));
            let ty = self.type_ref(branch, &NameCtx::Type(id).child(&suffix));
            // An inline branch's checks hold when the variant is read; a named branch's type
            // checks itself.
            let inline = self.normalized.named(branch).is_none() && !self.normalized.cyclic(branch);
            let checks = inline
                .then(|| self.checks(self.schema(self.normalized.end(branch))))
                .flatten()
                .filter(|c| c.may_apply_to(&ty));
            variants.push(Variant {
                tag,
                also: Vec::new(),
                ty,
                boxed: false,
                name: title,
                media: None,
                checks,
            });
        }
        variants
    }

    /// A `mapping` entry that names a schema that is no branch of the union: ignored, and
    /// reported.
    fn report_mapping_outside(
        &mut self,
        discriminator: &crate::schema::Discriminator,
        targets: &[SchemaId],
    ) {
        for (tag, target) in &discriminator.mapping {
            if let Some(target) = target
                && !targets.contains(&self.normalized.end(*target))
            {
                self.cx
                    .report(
                        Code::InvalidDiscriminator,
                        tag.span,
                        format!(
                            "mapping `{}` names a schema that is not a branch of the union",
                            tag.value
                        ),
                    )
                    .note("recovered: the entry is ignored")
                    .help("list the schema under `oneOf`/`anyOf`, or remove the mapping entry");
            }
        }
    }

    /// One tag value that several branches take (two message types both `type: message`, or
    /// a `mapping` that lists one value twice through another): a value with that tag is read
    /// as the first of those branches that reads it, in spec order (`emit` groups them).
    fn report_shared_tags(
        &mut self,
        property: &str,
        variants: &[Variant],
        branches: &[SchemaId],
        at: crate::diag::Span,
    ) {
        let mut by_tag: indexmap::IndexMap<&str, Vec<usize>> = indexmap::IndexMap::new();
        for (index, variant) in variants.iter().enumerate() {
            for tag in variant.tag.iter().chain(&variant.also) {
                let takers = by_tag.entry(tag.as_str()).or_default();
                if takers.last() != Some(&index) {
                    takers.push(index);
                }
            }
        }
        // Values that lead to the same branches are one finding.
        let mut shared: indexmap::IndexMap<Vec<usize>, Vec<&str>> = indexmap::IndexMap::new();
        for (tag, takers) in by_tag {
            if takers.len() > 1 {
                shared.entry(takers).or_default().push(tag);
            }
        }
        for (takers, tags) in shared {
            let pointers: Vec<String> = takers
                .iter()
                .map(|&i| {
                    // A referenced branch by what it names; an inline one by where it is.
                    let branch = self.schema(branches[i]);
                    let shown = match branch.reference {
                        Some(_) => self.schema(self.normalized.end(branches[i])),
                        None => branch,
                    };
                    format!("`{}`", shown.pointer)
                })
                .collect();
            let values: Vec<String> = tags
                .iter()
                .map(|t| format!("`{property}: {}`", crate::diag::shown(t)))
                .collect();
            let names = match values.as_slice() {
                [one] => format!("{one} names"),
                _ => format!("{} each name", values.join(" and ")),
            };
            let values = values.join(" or ");
            self.cx
                .report(
                    Code::InvalidDiscriminator,
                    at,
                    format!("{names} {} branches of the union", takers.len()),
                )
                .label(format!("one tag for {}", pointers.join(" and ")))
                .note(format!(
                    "recovered: a value tagged {values} is read as the first of these branches that reads it, in spec order; each writes its own tag"
                ))
                .help("give each branch a tag value of its own (`const`, or a `mapping` entry)");
        }
    }

    /// The one string value a branch fixes its tag property to (`const`, or a one-value
    /// `enum`), and where the property is declared.
    fn tag_constant(
        &self,
        target: SchemaId,
        property: &str,
    ) -> Option<(String, crate::diag::Span)> {
        let members = self.normalized.members(target);
        let member = members.iter().find(|m| m.property.name == property)?;
        let schema = self.schema(self.normalized.end(member.property.schema));
        let value = schema.single_string_value()?;
        Some((value.to_string(), member.property.key_span))
    }

    /// A name for an inline object branch from its properties: the first required one, or
    /// the only one.
    fn telling_property(&self, branch: SchemaId) -> Option<String> {
        let schema = self.schema(branch);
        if schema.reference.is_some() {
            return None;
        }
        if let Some(required) = schema.required.first() {
            return Some(required.value.clone());
        }
        match schema.properties.as_slice() {
            [only] => Some(only.name.clone()),
            _ => None,
        }
    }

    /// A property every branch requires with a distinct constant string (`const` or a
    /// one-value `enum`): the union is tagged by it even without a `discriminator`.
    /// Returns the property and each branch's tag.
    fn const_tags(&mut self, branches: &[SchemaId]) -> Option<(String, Vec<String>)> {
        let mut per_branch: Vec<Vec<(String, String)>> = Vec::new();
        for &branch in branches {
            let members = self.normalized.members(self.normalized.end(branch));
            let constants = members
                .iter()
                .filter(|m| m.required)
                .filter_map(|m| {
                    let schema = self.schema(self.normalized.end(m.property.schema));
                    let value = schema.single_string_value()?;
                    Some((m.property.name.clone(), value.to_string()))
                })
                .collect();
            per_branch.push(constants);
        }
        let (first, rest) = per_branch.split_first()?;
        'candidates: for (property, value) in first {
            let mut tags = vec![value.clone()];
            for constants in rest {
                let Some((_, tag)) = constants.iter().find(|(p, _)| p == property) else {
                    continue 'candidates;
                };
                if tags.contains(tag) {
                    continue 'candidates;
                }
                tags.push(tag.clone());
            }
            return Some((property.clone(), tags));
        }
        None
    }

    /// The branch must declare the tag property, and its own constant must agree with the tag.
    /// A variant that is itself a union (tagged on another property) passes the check on to
    /// each of its branches.
    fn check_tag_property(
        &mut self,
        target: SchemaId,
        property: &str,
        tag: &str,
        at: crate::diag::Span,
    ) {
        let mut pending = vec![target];
        let mut seen = std::collections::HashSet::new();
        while let Some(target) = pending.pop() {
            if !seen.insert(target) {
                continue;
            }
            let nested = self.normalized.branches(target);
            if nested.len() > 1 && self.schema(target).properties.is_empty() {
                pending.extend(nested.iter().rev().map(|&b| self.normalized.end(b)));
                continue;
            }
            self.check_one_branch(target, property, tag, at);
        }
    }

    fn check_one_branch(
        &mut self,
        target: SchemaId,
        property: &str,
        tag: &str,
        at: crate::diag::Span,
    ) {
        let members = self.normalized.members(target);
        let (span, pointer) = (
            self.schema(target).span,
            self.schema(target).pointer.clone(),
        );
        let Some(declared) = members.iter().find(|m| m.property.name == property) else {
            self.cx
                .report(
                    Code::InvalidDiscriminator,
                    span,
                    format!("this branch of a discriminated union has no `{property}` property"),
                )
                .label(format!("`{pointer}`"))
                .note(format!(
                    "the discriminator at line {} tags branches by `{property}`",
                    at.start.line
                ))
                .note(format!(
                    "recovered: `{property}` picks this branch when reading, but the branch does not write it back"
                ))
                .help(format!(
                    "add `{property}` to the branch's properties and `required`"
                ));
            return;
        };
        let declared_schema = self.schema(self.normalized.end(declared.property.schema));
        if let Some(value) = declared_schema.single_string_value()
            && value != tag
        {
            let span = declared.property.key_span;
            self.cx
                .report(Code::InvalidDiscriminator, span, format!("`{property}` is always `{value}` here, but the discriminator tags this branch `{tag}`"))
                .note(format!("recovered: values tagged `{tag}` are read into this branch, which then rejects them"))
                .help("make the mapping key and the property's `const` agree");
        }
    }
}
