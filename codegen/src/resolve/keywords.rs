//! Reading one schema's keywords into [`Schema`]: every spelling of a concept lands in the
//! same field, and each keyword's value is checked for shape as it is read.

use super::patterns::Reading;
use super::{PendingRef, Resolver, SWAGGER_PARAMETER_KEYS, Slot, did_you_mean, escape, tree_items};
use crate::diag::{Code, Span, Spanned};
use crate::load::{NodeId, Number, Value};
use crate::schema::{
    ANNOTATION_KEYWORDS, AdditionalProperties, Discriminator, InstanceType, NOT_ENFORCED_KEYWORDS,
    PatternProperty, Property, Ref, SUPPORTED_KEYWORDS, Schema, SchemaId,
};
use crate::words::{ExternType, Literal, Pattern};

/// The `x-` extensions typewright reads; any other is an annotation.
const READ_EXTENSIONS: &[&str] = &[
    "x-nullable",
    "x-rust-type",
    "x-speakeasy-name-override",
    "x-speakeasy-unknown-values",
    "x-typewright-name",
    "x-typewright-open",
    "x-typewright-secret",
    "x-typewright-type",
];

/// One keyword of a schema as it is read: its key, its value's node and spans, the schema's
/// other keywords and the schema's JSON pointer.
#[derive(Clone, Copy)]
struct Keyword<'m> {
    key: &'m str,
    value: NodeId,
    span: Span,
    key_span: Span,
    siblings: &'m indexmap::IndexMap<String, crate::load::Entry>,
    pointer: &'m str,
}

impl<'a> Resolver<'a> {
    pub(super) fn read_keywords(&mut self, id: SchemaId, schema: &mut Schema) {
        let tree = &self.loaded.tree;
        let map = tree.as_map(schema.node).expect("caller checked");
        let pointer = schema.pointer.clone();
        // `allOf` parts that only annotate: their docs and examples become this schema's.
        let mut annotations = Vec::new();
        for (key, entry) in map {
            let value = entry.value;
            let span = tree.span(value);
            if SWAGGER_PARAMETER_KEYS.contains(&key.as_str())
                && self.swagger_parameters.contains(&schema.node)
            {
                continue;
            }
            if let Some(expected) = wrong_shape(key, &tree.node(value).value) {
                // Left out, the keyword only lets more values through: a sound recovery, so
                // a vendor's `pattern: 0` or `allOf: {..}` does not stop a build.
                self.cx
                    .report(
                        Code::NotEnforced,
                        span,
                        format!("`{key}` must be {expected}; it is ignored"),
                    )
                    .label("the Rust type accepts values this keyword would reject");
                continue;
            }
            let keyword = Keyword {
                key,
                value,
                span,
                key_span: entry.key_span,
                siblings: map,
                pointer: &pointer,
            };
            let read = self.read_structure(id, &keyword, schema, &mut annotations)
                || self.read_validation(&keyword, schema)
                || self.read_annotation(&keyword, schema);
            if !read {
                self.report_unread(key, entry.key_span);
            }
        }
        for part in annotations {
            let part = self.graph.schema(part);
            schema.examples.extend(part.examples.iter().cloned());
            if schema.description.is_none() {
                schema.description = part.description.clone();
            }
        }
    }

    /// The keywords that shape the value: references, types, members, items and
    /// combinators. False for any other keyword.
    fn read_structure(
        &mut self,
        id: SchemaId,
        keyword: &Keyword<'_>,
        schema: &mut Schema,
        annotations: &mut Vec<SchemaId>,
    ) -> bool {
        let tree = &self.loaded.tree;
        let Keyword {
            key,
            value,
            span,
            key_span,
            siblings: map,
            pointer,
        } = *keyword;
        match key {
            "$ref" => {
                if let Some(text) = self.string(value) {
                    self.pending.push_back(PendingRef {
                        schema: id,
                        slot: Slot::Ref,
                        text: text.clone(),
                        span,
                    });
                    schema.reference = Some(Ref {
                        text,
                        span,
                        target: None,
                    });
                }
            }
            "type" => self.read_type(value, schema),
            "nullable" => schema.nullable |= self.boolean(value).unwrap_or(false),
            // Swagger 2.0's spelling of `nullable`.
            "x-nullable" => schema.nullable |= self.boolean(value).unwrap_or(false),
            "format" => {
                schema.format = self.string(value).map(|value| Spanned { value, span });
            }
            "properties" => self.read_properties(value, key, pointer, schema),
            "required" => {
                for item in self.seq(value) {
                    if let Some(name) = self.string(item) {
                        let span = tree.span(item);
                        schema.required.push(Spanned { value: name, span });
                    }
                }
            }
            "additionalProperties" => {
                schema.additional_properties = Some(match tree.node(value).value {
                    Value::Bool(allowed) => AdditionalProperties::Allowed(allowed),
                    _ => AdditionalProperties::Schema(
                        self.read(value, format!("{pointer}/additionalProperties")),
                    ),
                });
            }
            "items" => {
                let typed = map.contains_key("type");
                self.read_items(value, pointer, key_span, typed, schema);
            }
            "prefixItems" => {
                schema.prefix_items = Some(self.read_list(value, pointer, key));
                // 2020-12: `items` beside `prefixItems` describes what follows.
                if let Some(items) = schema.items.take() {
                    schema.additional_items = Some(AdditionalProperties::Schema(items));
                } else if let Some(entry) = map.get("items")
                    && let Value::Bool(allowed) = tree.node(entry.value).value
                {
                    schema.additional_items = Some(AdditionalProperties::Allowed(allowed));
                }
            }
            "additionalItems" => {
                schema.additional_items = Some(match tree.node(value).value {
                    Value::Bool(allowed) => AdditionalProperties::Allowed(allowed),
                    _ => AdditionalProperties::Schema(
                        self.read(value, format!("{pointer}/additionalItems")),
                    ),
                });
            }
            "patternProperties" => self.read_pattern_properties(value, key, pointer, schema),
            "propertyNames" => {
                let at = format!("{pointer}/propertyNames");
                schema.property_names = Some(self.read(value, at));
            }
            "oneOf" => schema.one_of = self.read_list(value, pointer, key),
            "anyOf" => schema.any_of = self.read_list(value, pointer, key),
            "allOf" => {
                // A part that only annotates (`{example: ..}`, `{x-key: ..}`, Box's style)
                // adds nothing to the value: `allOf: [$ref, {example}]` is the reference.
                let parts = self.read_list(value, pointer, key);
                let nodes = match &tree.node(value).value {
                    Value::Seq(items) => items.clone(),
                    _ => Vec::new(),
                };
                let (notes, parts): (Vec<_>, Vec<_>) = parts
                    .into_iter()
                    .zip(nodes)
                    .partition(|&(_, node)| self.annotates_only(node));
                schema.all_of = parts.into_iter().map(|(part, _)| part).collect();
                annotations.extend(notes.into_iter().map(|(part, _)| part));
            }
            "discriminator" => {
                schema.discriminator = self.read_discriminator(id, value).map(Box::new)
            }
            _ => return false,
        }
        true
    }

    /// The validation keywords: value sets, lengths, counts, ranges and patterns. False for
    /// any other keyword.
    fn read_validation(&mut self, keyword: &Keyword<'_>, schema: &mut Schema) -> bool {
        let tree = &self.loaded.tree;
        let Keyword {
            key,
            value,
            span,
            siblings: map,
            ..
        } = *keyword;
        match key {
            "enum" => self.read_enum(value, span, schema),
            "const" => {
                let value = literal(&tree.node(value).value);
                schema.nullable |= value == Literal::Null;
                schema.const_value = Some(Spanned { value, span });
            }
            "minLength" => schema.min_length = self.count(key, value),
            "maxLength" => schema.max_length = self.count(key, value),
            "minItems" => schema.bounds.min_items = self.count(key, value),
            "maxItems" => schema.bounds.max_items = self.count(key, value),
            "minProperties" => schema.bounds.min_properties = self.count(key, value),
            "maxProperties" => schema.bounds.max_properties = self.count(key, value),
            "uniqueItems" => schema.bounds.unique_items = self.boolean(value).unwrap_or(false),
            "minimum" => schema.bounds.minimum = self.number(key, value),
            "maximum" => schema.bounds.maximum = self.number(key, value),
            "multipleOf" => {
                schema.bounds.multiple_of = self.number(key, value).filter(|&step| {
                    // No value is a multiple of 0, and JSON Schema requires a step above 0.
                    let positive = step > 0.0;
                    if !positive {
                        self.cx
                            .report(
                                Code::NotEnforced,
                                span,
                                format!("`multipleOf: {step}` is not enforced: a step must be greater than 0"),
                            )
                            .label("no value is a multiple of this step");
                    }
                    positive
                });
            }
            "exclusiveMinimum" | "exclusiveMaximum" => {
                self.read_exclusive(key, value, map, schema);
            }
            "pattern" => {
                if let Some(source) = self.string(value)
                    && let Some(pattern) = self.read_pattern(&source, span)
                {
                    schema.bounds.patterns.push(Spanned {
                        value: pattern,
                        span,
                    });
                }
            }
            _ => return false,
        }
        true
    }

    /// Docs, examples, defaults and the extensions typewright reads; any other `x-` key and
    /// the annotation keywords are read and dropped. False for any other keyword.
    fn read_annotation(&mut self, keyword: &Keyword<'_>, schema: &mut Schema) -> bool {
        let tree = &self.loaded.tree;
        let Keyword {
            key,
            value,
            span,
            key_span,
            pointer,
            ..
        } = *keyword;
        match key {
            "title" => schema.title = self.string(value),
            "description" => schema.description = self.string(value),
            "example" => {
                if let Some(value) = self.json_value(value, key, key_span) {
                    schema.examples.push(Spanned { value, span });
                }
            }
            "examples" => {
                // JSON Schema: a list. OpenAPI 3.0 schemas have no `examples`; some specs
                // write a list anyway.
                for item in tree_items(tree, value) {
                    let span = tree.span(item);
                    if let Some(value) = self.json_value(item, "example", key_span) {
                        schema.examples.push(Spanned { value, span });
                    }
                }
            }
            "default" => {
                if let Some(value) = self.json_value(value, key, key_span) {
                    schema.default = Some(Spanned { value, span });
                }
            }
            "x-speakeasy-unknown-values" => {
                schema.open_enum = Some(self.string(value).as_deref() == Some("allow"));
            }
            "x-typewright-open" => schema.open_enum = self.boolean(value),
            "x-typewright-type" => {
                if let Some(path) = self.rust_path(value) {
                    schema.rust_type = Some(Box::new((path, Vec::new())));
                }
            }
            "x-rust-type" => schema.rust_type = self.read_rust_type(value, pointer).map(Box::new),
            "x-typewright-name" | "x-speakeasy-name-override" => {
                schema.name_override = self.string(value).map(|value| Spanned { value, span });
            }
            "deprecated" => schema.deprecated = self.boolean(value).unwrap_or(false),
            "readOnly" => schema.read_only = self.boolean(value).unwrap_or(false),
            "writeOnly" => schema.write_only = self.boolean(value).unwrap_or(false),
            "x-typewright-secret" => schema.secret = self.boolean(value),
            k if k.starts_with("x-") || ANNOTATION_KEYWORDS.contains(&k) => {}
            _ => return false,
        }
        true
    }

    /// A keyword typewright reads but does not enforce (a warning), or an unknown one (a
    /// warning with the nearest known keyword).
    fn report_unread(&mut self, key: &str, key_span: Span) {
        if NOT_ENFORCED_KEYWORDS.contains(&key) {
            self.cx
                .report(
                    Code::NotEnforced,
                    key_span,
                    format!("`{key}` is not enforced"),
                )
                .label("the Rust type accepts values this keyword would reject");
            return;
        }
        let diagnostic = self.cx.report(
            Code::UnknownKeyword,
            key_span,
            format!("unknown keyword `{key}` is ignored"),
        );
        if let Some(best) = did_you_mean(key, SUPPORTED_KEYWORDS.iter().copied()) {
            diagnostic.help(format!("did you mean `{best}`?"));
        }
    }

    /// `properties`: each property's schema, read in order.
    fn read_properties(&mut self, value: NodeId, key: &str, pointer: &str, schema: &mut Schema) {
        let Some(properties) = self.follow(value, key).and_then(|v| self.map(v)) else {
            return;
        };
        for (name, property) in properties {
            let at = format!("{pointer}/properties/{}", escape(name));
            let child = self.read(property.value, at);
            schema.properties.push(Property {
                name: name.clone(),
                key_span: property.key_span,
                schema: child,
            });
        }
    }

    /// `items`: one schema for every item; a list, the positions of a draft-07 tuple (or,
    /// in the dialects without tuples and without `type`, `anyOf` of the entries); a boolean
    /// after `prefixItems`, whether more items may follow.
    fn read_items(
        &mut self,
        value: NodeId,
        pointer: &str,
        key_span: Span,
        typed: bool,
        schema: &mut Schema,
    ) {
        match self.loaded.tree.node(value).value {
            Value::Seq(_) if self.single_items && !typed => {
                // Written for one of several item shapes, or for one of several values
                // (Slack's examples give the object, not a list of it).
                schema.any_of = self.read_list(value, pointer, "items");
                self.cx
                    .report(
                        Code::DialectMismatch,
                        key_span,
                        "`items` is a list, which Swagger 2.0 and OpenAPI 3.0 do not define",
                    )
                    .label("`items` without `type: array`")
                    .note("recovered: read as `anyOf` of the entries: a value is one of them")
                    .help("write `anyOf: [..]` for one of several shapes, or `type: array` with one `items` schema");
            }
            Value::Seq(_) => {
                // Draft-07 tuple form; `additionalItems` says what may follow.
                schema.prefix_items = Some(self.read_list(value, pointer, "items"));
            }
            Value::Bool(allowed) if schema.prefix_items.is_some() => {
                schema.additional_items = Some(AdditionalProperties::Allowed(allowed));
            }
            _ => {
                let items = self.read(value, format!("{pointer}/items"));
                schema.items = Some(items);
                if schema.prefix_items.is_some() {
                    schema.additional_items = Some(AdditionalProperties::Schema(items));
                }
            }
        }
    }

    /// `patternProperties`: each pattern's value schema, and the pattern as ECMAScript where
    /// it is one (`lower` says so where an unreadable key pattern matters).
    fn read_pattern_properties(
        &mut self,
        value: NodeId,
        key: &str,
        pointer: &str,
        schema: &mut Schema,
    ) {
        let Some(patterns) = self.follow(value, key).and_then(|v| self.map(v)) else {
            return;
        };
        for (pattern, entry) in patterns {
            let at = format!("{pointer}/patternProperties/{}", escape(pattern));
            let child = self.read(entry.value, at);
            let key = Spanned {
                value: pattern.clone(),
                span: entry.key_span,
            };
            let pattern = match super::patterns::read(pattern) {
                Reading::Ecma(p) | Reading::Translated(p, _) => Some(p),
                Reading::Unreadable(_) => None,
            };
            schema.pattern_properties.push(PatternProperty {
                key,
                pattern,
                schema: child,
            });
        }
    }

    /// `enum`: its values, `null` among them read as nullable; `enum: []` is not enforced.
    fn read_enum(&mut self, value: NodeId, span: Span, schema: &mut Schema) {
        let tree = &self.loaded.tree;
        let mut values = Vec::new();
        for item in self.seq(value) {
            match literal(&tree.node(item).value) {
                Literal::Null => schema.nullable = true,
                other => values.push(other),
            }
        }
        if values.is_empty() && !schema.nullable {
            self.cx
                .report(
                    Code::NotEnforced,
                    span,
                    "`enum: []` allows no value and is not enforced",
                )
                .label("the type is what the schema's other keywords say");
            return;
        }
        schema.enum_values = Some(Spanned {
            value: values,
            span,
        });
    }

    fn read_type(&mut self, value: NodeId, schema: &mut Schema) {
        let tree = &self.loaded.tree;
        schema.type_span = Some(tree.span(value));
        let names: Vec<NodeId> = match &tree.node(value).value {
            Value::Seq(items) => items.clone(),
            _ => vec![value],
        };
        for name_node in names {
            let Some(name) = self.string(name_node) else {
                continue;
            };
            match InstanceType::parse(&name) {
                Some(InstanceType::Null) => schema.nullable = true,
                Some(ty) => schema.types.push(ty),
                // Swagger 2.0's file (of `formData` parameters and responses): a binary
                // string, as OpenAPI 3 writes it.
                None if name == "file" => {
                    schema.types.push(InstanceType::String);
                    let span = tree.span(name_node);
                    schema.format.get_or_insert(Spanned {
                        value: "binary".to_string(),
                        span,
                    });
                }
                None => {
                    let diagnostic = self
                        .cx
                        .report(
                            Code::UnknownType,
                            tree.span(name_node),
                            format!("unknown type `{}`", crate::diag::shown(&name)),
                        )
                        .label("not a JSON Schema type");
                    match did_you_mean(&name, InstanceType::NAMES.iter().copied()) {
                        Some(best) => diagnostic.help(format!("did you mean `{best}`?")),
                        None => diagnostic
                            .help(format!("use one of: {}", InstanceType::NAMES.join(", "))),
                    };
                }
            }
        }
    }

    fn read_discriminator(&mut self, id: SchemaId, node: NodeId) -> Option<Discriminator> {
        let tree = &self.loaded.tree;
        let map = self.map(node)?;
        let Some(property) = map.get("propertyName") else {
            self.cx.report(
                Code::InvalidDiscriminator,
                tree.span(node),
                "a discriminator needs `propertyName`",
            );
            return None;
        };
        let property = Spanned {
            value: self.string(property.value)?,
            span: tree.span(property.value),
        };
        let mut mapping = Vec::new();
        if let Some(entries) = map.get("mapping").and_then(|m| self.map(m.value)) {
            for (tag, target) in entries {
                let Some(text) = self.string(target.value) else {
                    continue;
                };
                // The entry's place in `mapping`, which skips entries that are not strings.
                self.pending.push_back(PendingRef {
                    schema: id,
                    slot: Slot::Mapping(mapping.len()),
                    text,
                    span: tree.span(target.value),
                });
                let tag = Spanned {
                    value: tag.clone(),
                    span: target.key_span,
                };
                mapping.push((tag, None));
            }
        }
        Some(Discriminator {
            property,
            mapping,
            span: tree.span(node),
        })
    }

    /// A `pattern` as ECMAScript: translated from another dialect (a warning says how), or
    /// `None`, not enforced, when it cannot be read.
    fn read_pattern(&mut self, source: &str, span: Span) -> Option<Pattern> {
        match super::patterns::read(source) {
            Reading::Ecma(pattern) => Some(pattern),
            Reading::Translated(pattern, done) => {
                self.cx
                    .report(
                        Code::TranslatedPattern,
                        span,
                        "this `pattern` is written for another regex dialect",
                    )
                    .label(format!("read as ECMAScript `{}`", pattern.source))
                    .note(done.join("; "))
                    .help("JSON Schema patterns use ECMA-262 syntax");
                Some(pattern)
            }
            Reading::Unreadable(problem) => {
                self.cx
                    .report(
                        Code::NotEnforced,
                        span,
                        "this `pattern` is not an ECMAScript regular expression; it is not enforced",
                    )
                    .label(problem)
                    .note("the field accepts any string its other keywords allow")
                    .help("JSON Schema patterns use ECMA-262 syntax");
                None
            }
        }
    }

    /// A Rust type path, checked to parse.
    fn rust_path(&mut self, node: NodeId) -> Option<Spanned<ExternType>> {
        let span = self.loaded.tree.span(node);
        let path = self.string(node)?;
        let Some(parsed) = ExternType::parse(&path) else {
            self.cx
                .report(
                    Code::InvalidValue,
                    span,
                    format!("`{path}` is not a Rust type"),
                )
                .help("write a path such as `my_crate::Money`");
            return None;
        };
        Some(Spanned {
            value: parsed,
            span,
        })
    }

    /// typify's `x-rust-type: {crate, version, path, parameters}`; `crate` and `version` are
    /// for the user's Cargo.toml, not checked here.
    fn read_rust_type(
        &mut self,
        node: NodeId,
        pointer: &str,
    ) -> Option<(Spanned<ExternType>, Vec<SchemaId>)> {
        let map = self.map(node)?;
        let Some(path) = map.get("path") else {
            self.cx.report(
                Code::InvalidValue,
                self.loaded.tree.span(node),
                "`x-rust-type` needs a `path`",
            );
            return None;
        };
        let path = self.rust_path(path.value)?;
        let parameters = match map.get("parameters") {
            Some(entry) => {
                self.read_list(entry.value, &format!("{pointer}/x-rust-type"), "parameters")
            }
            None => Vec::new(),
        };
        Some((path, parameters))
    }

    pub(super) fn string(&mut self, node: NodeId) -> Option<String> {
        let tree = &self.loaded.tree;
        match &tree.node(node).value {
            Value::String(s) => Some(s.clone()),
            _ => {
                self.cx
                    .report(Code::InvalidValue, tree.span(node), "expected a string");
                None
            }
        }
    }

    pub(super) fn boolean(&mut self, node: NodeId) -> Option<bool> {
        let tree = &self.loaded.tree;
        match tree.node(node).value {
            Value::Bool(b) => Some(b),
            _ => {
                self.cx.report(
                    Code::InvalidValue,
                    tree.span(node),
                    "expected `true` or `false`",
                );
                None
            }
        }
    }

    /// A length or count bound. One that is no count is left out, as a bound that is no
    /// number is (`number`): that only lets more values through.
    fn count(&mut self, keyword: &str, node: NodeId) -> Option<u64> {
        let tree = &self.loaded.tree;
        match tree.node(node).value {
            Value::Number(Number::Int(n), _) if n >= 0 => Some(n as u64),
            Value::Number(Number::UInt(n), _) => Some(n),
            _ => {
                self.cx
                    .report(
                        Code::NotEnforced,
                        tree.span(node),
                        format!("`{keyword}` must be a non-negative integer; it is ignored"),
                    )
                    .label("the Rust type accepts values this keyword would reject");
                None
            }
        }
    }

    /// Reads each schema of a list keyword (`allOf`, `prefixItems`...).
    /// A schema mapping whose keys are all annotations (`title`, `description`, examples,
    /// `x-` extensions): it accepts every value.
    fn annotates_only(&self, node: NodeId) -> bool {
        self.loaded.tree.as_map(node).is_some_and(|map| {
            map.keys().all(|key| {
                (key.starts_with("x-") && !READ_EXTENSIONS.contains(&key.as_str()))
                    || matches!(key.as_str(), "title" | "description")
                    || ANNOTATION_KEYWORDS.contains(&key.as_str())
            })
        })
    }

    pub(super) fn read_list(&mut self, node: NodeId, pointer: &str, key: &str) -> Vec<SchemaId> {
        self.seq(node)
            .iter()
            .enumerate()
            .map(|(i, &item)| self.read(item, format!("{pointer}/{key}/{i}")))
            .collect()
    }

    fn number(&mut self, keyword: &str, node: NodeId) -> Option<f64> {
        let tree = &self.loaded.tree;
        match tree.node(node).value {
            Value::Number(Number::Int(n), _) => Some(n as f64),
            Value::Number(Number::UInt(n), _) => Some(n as f64),
            Value::Number(Number::Float(n), _) if n.is_finite() => Some(n),
            _ => {
                // A bound left out only lets more values through: a sound recovery, so a
                // vendor's `minimum: "2023-01-01"` (Polar's date filters) does not stop a build.
                self.cx
                    .report(
                        Code::NotEnforced,
                        tree.span(node),
                        format!("`{keyword}` must be a number; it is not enforced"),
                    )
                    .label("the Rust type accepts values this bound would reject");
                None
            }
        }
    }

    /// `exclusiveMinimum: 5` (JSON Schema draft 6 and later, OpenAPI 3.1), or
    /// `exclusiveMinimum: true` beside `minimum` (draft 4, OpenAPI 3.0).
    fn read_exclusive(
        &mut self,
        key: &str,
        value: NodeId,
        map: &indexmap::IndexMap<String, crate::load::Entry>,
        schema: &mut Schema,
    ) {
        let minimum = key == "exclusiveMinimum";
        let bound = match self.loaded.tree.node(value).value {
            Value::Bool(false) => return,
            Value::Bool(true) => {
                let sibling = if minimum { "minimum" } else { "maximum" };
                let Some(entry) = map.get(sibling) else {
                    self.cx
                        .report(
                            Code::InvalidValue,
                            self.loaded.tree.span(value),
                            format!("`{key}: true` needs a `{sibling}` beside it"),
                        )
                        .help(format!(
                            "add `{sibling}`, or write the bound as `{key}: <number>`"
                        ));
                    return;
                };
                self.number(sibling, entry.value)
            }
            _ => self.number(key, value),
        };
        if minimum {
            schema.bounds.exclusive_minimum = bound;
        } else {
            schema.bounds.exclusive_maximum = bound;
        }
    }

    pub(super) fn seq(&mut self, node: NodeId) -> Vec<NodeId> {
        let tree = &self.loaded.tree;
        match &tree.node(node).value {
            Value::Seq(items) => items.clone(),
            _ => {
                self.cx
                    .report(Code::InvalidValue, tree.span(node), "expected a list");
                Vec::new()
            }
        }
    }

    pub(super) fn map(
        &mut self,
        node: NodeId,
    ) -> Option<&'a indexmap::IndexMap<String, crate::load::Entry>> {
        let tree = &self.loaded.tree;
        let map = tree.as_map(node);
        if map.is_none() {
            self.cx
                .report(Code::InvalidValue, tree.span(node), "expected a mapping");
        }
        map
    }
}

/// What `key`'s value should be, when it is not, for the keywords that only narrow or
/// document a schema and whose readers other keywords share; `None` when the shape is right
/// or the keyword is not one of them. A keyword that widens the schema, such as `nullable`,
/// or gives it structure, such as `properties`, is an error of the wrong shape: leaving it
/// out would reject valid values. (The bounds' own readers, `number` and `count`, leave out
/// what they cannot read themselves.)
fn wrong_shape(key: &str, value: &Value) -> Option<&'static str> {
    let (expected, fits) = match key {
        "pattern" | "format" | "title" | "description" => {
            ("a string", matches!(value, Value::String(_)))
        }
        "type" => (
            "a type name or a list of them",
            matches!(value, Value::String(_) | Value::Seq(_)),
        ),
        "allOf" | "anyOf" | "oneOf" | "enum" | "required" => {
            ("a list", matches!(value, Value::Seq(_)))
        }
        "uniqueItems" | "deprecated" => ("`true` or `false`", matches!(value, Value::Bool(_))),
        _ => return None,
    };
    (!fits).then_some(expected)
}

fn literal(value: &Value) -> Literal {
    match value {
        Value::Null => Literal::Null,
        Value::Bool(b) => Literal::Bool(*b),
        Value::Number(Number::Int(i), _) => Literal::Int(*i),
        Value::Number(Number::UInt(u), _) => Literal::UInt(*u),
        Value::Number(Number::Float(f), _) => Literal::Float(*f),
        Value::String(s) => Literal::String(s.clone()),
        Value::Seq(_) | Value::Map(_) => Literal::Composite,
    }
}
