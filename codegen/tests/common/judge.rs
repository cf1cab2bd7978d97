//! The judge shared by the differential tests: a JSON Schema validator (the `jsonschema`
//! crate) over a spec read as typewright reads it, the instances to try (a typical value of a
//! schema and mutations of it), and the documented reasons the generated type and the schema
//! may disagree. Included by `differential.rs` (the fixtures) and `conformance.rs` (the
//! corpus) with `#[path]`.

#![allow(dead_code)]

use std::fmt::Write;

use serde_json::{Map, Value, json};

/// Where the generated type and the schema may disagree, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Lenient {
    /// An optional property that is not nullable, given `null`: the type reads it as absent.
    /// Confirmed at the top by dropping the nulls, at any depth by a validator over the
    /// document with every optional property made nullable.
    NullForAbsent,
    /// A type with constructs typewright does not enforce (W0003 names them): the type
    /// accepts a superset.
    NotEnforced,
    /// `oneOf` branches that overlap: the untagged enum takes the first that reads the value,
    /// JSON Schema rejects a value more than one branch accepts. Confirmed at the top by
    /// counting accepting branches, at any depth by a validator over the document with every
    /// `oneOf` read as `anyOf`.
    OneOfOverlap,
    /// A discriminated union rejects a value without its tag (or with an unknown one), which a
    /// branch would accept on its own: the tag decides, as OpenAPI says it does.
    TagDecides,
    /// An open enum (`x-typewright-open`, `x-speakeasy-unknown-values: allow`) keeps values it
    /// does not list, by design.
    OpenEnum,
    /// A struct also reads a JSON array of its fields in order: serde's derive accepts both.
    StructFromArray,
    /// Constraints are checked on struct fields only: not when a type alias is read on its
    /// own, nor on union variants, array items or map values (README, Not done yet).
    AliasUnchecked,
    /// A nullable schema's own type does not take `null`: the fields that use it are
    /// `Option`s, which do.
    NullAtUseSite,
    /// A schema without `type` whose keywords are about objects (`properties`, `required`)
    /// or arrays (`items`) is read as that type, as every generator reads it; JSON Schema lets
    /// any other value through. Confirmed by a validator over the document with those types
    /// written in.
    TypeInferred,
    /// `null` in an `enum` beside a `type` that does not name it (`type: string, enum: [a,
    /// null]`): typewright reads it as nullable, as the author evidently means. Confirmed by
    /// a validator over the document with `null` added to such types.
    NullInEnum,
    /// A required property marked `readOnly` (or `writeOnly`) is optional: the server leaves
    /// it out of requests (or responses), so one type serves both. Confirmed by a validator
    /// over the document with those properties taken out of `required`.
    ReadOnlyOptional,
    /// A document that declares draft-04 or draft-06 but uses later keywords (`const`):
    /// typewright reads them. Confirmed by a draft-07 validator.
    LaterDraftKeywords,
    /// A `required` name no property declares, in an object that declares others, is read
    /// as a misspelling and not demanded (W0007). Confirmed by a validator over the document
    /// with those names taken out of `required`.
    MisspeltRequired,
    /// An `allOf` part with `additionalProperties: false` that other parts extend takes their
    /// properties (W0003). Confirmed by a validator over the document with such parts open.
    ClosedPartExtended,
    /// A tuple (`prefixItems`, or draft-07's `items: [..]`) without `minItems` needs every
    /// position: typewright reads it as a Rust tuple.
    TupleAllPositions,
}

/// A spec's document as JSON Schema, with a validator registry built once.
pub struct Judge {
    /// The document, OpenAPI 3.0's and Swagger 2.0's `nullable` translated.
    pub document: Value,
    base: String,
    draft: jsonschema::Draft,
    registry: jsonschema::Registry<'static>,
    /// The document as typewright reads it where JSON Schema reads it otherwise, one
    /// documented reading more in each: the reading, and a judge of the rewritten document.
    readings: Vec<(Lenient, Judge)>,
}

impl Judge {
    /// Reads the dialect from the document: Swagger 2.0 and OpenAPI 3.0 are draft 4 with
    /// `nullable` (`x-nullable`), OpenAPI 3.1 is draft 2020-12, and a JSON Schema document
    /// says its draft in `$schema` (2020-12 when it does not).
    /// `base` is the document's URI (`file:///..`), which a relative `$id` resolves against.
    /// Fails when the validator cannot resolve the document's references (a remote one).
    pub fn new(mut document: Value, base: &str) -> Result<Judge, String> {
        let text = |key: &str| document.get(key).and_then(Value::as_str).unwrap_or("");
        let draft = if !text("swagger").is_empty() || text("openapi").starts_with("3.0") {
            jsonschema::Draft::Draft4
        } else if text("openapi").is_empty() {
            match text("$schema") {
                s if s.contains("draft-04") => jsonschema::Draft::Draft4,
                s if s.contains("draft-06") => jsonschema::Draft::Draft6,
                s if s.contains("draft-07") => jsonschema::Draft::Draft7,
                s if s.contains("2019-09") => jsonschema::Draft::Draft201909,
                _ => jsonschema::Draft::Draft202012,
            }
        } else {
            jsonschema::Draft::Draft202012
        };
        if draft == jsonschema::Draft::Draft4 && document.get("$schema").is_none() {
            translate_nullable(&mut document);
        }
        let mut readings = Vec::new();
        let mut rewritten = document.clone();
        for (reading, rewrite) in READINGS {
            rewrite(&mut rewritten);
            let previous = readings
                .last()
                .map_or(&document, |(_, judge): &(Lenient, Judge)| &judge.document);
            if rewritten != *previous {
                readings.push((
                    *reading,
                    Judge::with_draft(
                        rewritten.clone(),
                        &elsewhere(base, readings.len()),
                        draft,
                        Vec::new(),
                    )?,
                ));
            }
        }
        // A draft-04 or draft-06 document that uses later keywords (`const`, `if`...): typewright
        // reads every keyword it knows, whatever the declared draft.
        if matches!(draft, jsonschema::Draft::Draft4 | jsonschema::Draft::Draft6)
            && document.get("$schema").is_some()
        {
            let last = readings
                .last()
                .map_or(&document, |(_, judge): &(Lenient, Judge)| &judge.document)
                .clone();
            readings.push((
                Lenient::LaterDraftKeywords,
                Judge::with_draft(
                    last,
                    &elsewhere(base, readings.len()),
                    jsonschema::Draft::Draft7,
                    Vec::new(),
                )?,
            ));
        }
        Judge::with_draft(document, base, draft, readings)
    }

    fn with_draft(
        document: Value,
        base: &str,
        draft: jsonschema::Draft,
        readings: Vec<(Lenient, Judge)>,
    ) -> Result<Judge, String> {
        let resource = draft.create_resource(document.clone());
        let registry = jsonschema::Registry::new()
            .add(base, resource)
            .and_then(|registry| registry.prepare())
            .map_err(|err| err.to_string())?;
        Ok(Judge {
            document,
            base: base.to_string(),
            draft,
            registry,
            readings,
        })
    }

    /// The validator of the schema at `pointer`, or `None` when the validator cannot read it
    /// (a Swagger `type: file`, say).
    pub fn try_validator(&self, pointer: &str) -> Option<jsonschema::Validator> {
        jsonschema::options()
            .with_draft(self.draft)
            .should_validate_formats(false)
            .with_registry(&self.registry)
            .build(&json!({"$ref": format!("{}{}", self.base, fragment(pointer))}))
            .ok()
    }

    /// Whether the schema at `pointer` accepts `instance`; `None` when the validator cannot
    /// read the schema.
    pub fn accepts(&self, pointer: &str, instance: &Value) -> Option<bool> {
        Some(self.try_validator(pointer)?.is_valid(instance))
    }
}

/// A rewrite of a document into one of typewright's readings.
type Rewrite = fn(&mut Value);

/// typewright's documented readings, each a rewrite of the document; applied one after the
/// other, so that an instance two of them explain is explained by the last.
const READINGS: &[(Lenient, Rewrite)] = &[
    (Lenient::TypeInferred, infer_types),
    (Lenient::NullInEnum, null_in_enum),
    (Lenient::ReadOnlyOptional, read_only_optional),
    (Lenient::MisspeltRequired, misspelt_required),
    (Lenient::ClosedPartExtended, closed_parts_open),
    (Lenient::NullForAbsent, null_for_absent),
    (Lenient::OneOfOverlap, one_of_as_any_of),
    (Lenient::AliasUnchecked, unchecked_positions),
];

/// Takes out of `required` the names no property declares, in objects that declare some
/// (their own, or their `allOf` parts' through `$ref`s), as typewright reads them.
fn misspelt_required(document: &mut Value) {
    let mut edits = Vec::new();
    collect_misspelt(document, document, &mut String::new(), false, &mut edits);
    for (pointer, names) in edits {
        if let Some(schema) = document.pointer_mut(&pointer) {
            drop_required(schema, &names);
        }
    }
}

fn collect_misspelt(
    document: &Value,
    node: &Value,
    pointer: &mut String,
    in_names: bool,
    edits: &mut Vec<(String, Vec<String>)>,
) {
    match node {
        Value::Object(map) => {
            if !in_names && let Some(Value::Array(required)) = map.get("required") {
                let mut declared = Vec::new();
                declared_names(document, node, &mut declared, 0);
                let missing: Vec<String> = required
                    .iter()
                    .filter_map(Value::as_str)
                    .filter(|name| !declared.iter().any(|d| d == name))
                    .map(str::to_string)
                    .collect();
                if !declared.is_empty() && !missing.is_empty() {
                    edits.push((pointer.clone(), missing));
                }
            }
            for (key, child) in map {
                if !may_hold_schemas(key, in_names) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let names = !in_names && names_schemas(key);
                collect_misspelt(document, child, pointer, names, edits);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{index}");
                collect_misspelt(document, child, pointer, false, edits);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The properties a schema and its `allOf` parts declare.
fn declared_names(document: &Value, schema: &Value, names: &mut Vec<String>, depth: usize) {
    let schema = resolve(document, schema);
    if depth > 16 {
        return;
    }
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        names.extend(properties.keys().cloned());
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        declared_names(document, part, names, depth + 1);
    }
}

/// Opens the `allOf` parts that refuse undeclared keys where other parts declare some: an
/// inline part loses its `additionalProperties: false`, a referenced one is replaced by an
/// open copy of its target (the target may be used elsewhere).
fn closed_parts_open(document: &mut Value) {
    let mut pointers = Vec::new();
    collect_all_of(document, &mut String::new(), false, &mut pointers);
    if pointers.is_empty() {
        return;
    }
    let original = document.clone();
    for pointer in pointers {
        let Some(Value::Array(parts)) = document
            .pointer_mut(&pointer)
            .and_then(|s| s.get_mut("allOf"))
        else {
            continue;
        };
        if parts.len() < 2 {
            continue;
        }
        for part in parts.iter_mut() {
            let mut open = resolve(&original, part).clone();
            if let Value::Object(map) = &mut open
                && map.get("additionalProperties") == Some(&Value::Bool(false))
            {
                map.remove("additionalProperties");
                *part = open;
            }
        }
    }
}

fn collect_all_of(node: &Value, pointer: &mut String, in_names: bool, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if !in_names && map.get("allOf").is_some_and(Value::is_array) {
                out.push(pointer.clone());
            }
            for (key, child) in map {
                if !may_hold_schemas(key, in_names) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                collect_all_of(child, pointer, !in_names && names_schemas(key), out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{index}");
                collect_all_of(child, pointer, false, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Adds `null` to the `type` of every schema whose `enum` lists it.
fn null_in_enum(value: &mut Value) {
    null_in_enum_in(value, false);
}

fn null_in_enum_in(value: &mut Value, in_names: bool) {
    match value {
        Value::Object(map) => {
            schema_children(map, in_names, null_in_enum_in);
            if in_names
                || !map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.contains(&Value::Null))
            {
                return;
            }
            match map.get_mut("type") {
                Some(Value::String(ty)) if ty != "null" => {
                    let ty = std::mem::take(ty);
                    map.insert("type".into(), json!([ty, "null"]));
                }
                Some(Value::Array(types)) if !types.contains(&json!("null")) => {
                    types.push(json!("null"));
                }
                _ => {}
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| null_in_enum_in(i, false)),
        _ => {}
    }
}

/// Makes every optional property also take `null`, at any depth: typewright reads a `null`
/// there as absent. Every rewrite keeps each schema at its pointer (cases and `$ref`s name
/// them): `null` joins a property's `type`, `enum` or branches, and only a bare `$ref` is
/// wrapped.
fn null_for_absent(value: &mut Value) {
    null_for_absent_in(value, false);
}

fn null_for_absent_in(value: &mut Value, in_names: bool) {
    match value {
        Value::Object(map) => {
            schema_children(map, in_names, null_for_absent_in);
            if in_names {
                return;
            }
            let required: Vec<Value> = map
                .get("required")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if !required.contains(&Value::String(name.clone())) {
                        admit_null(property);
                    }
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| null_for_absent_in(i, false)),
        _ => {}
    }
}

/// Widens a schema to also take `null`, in place.
fn admit_null(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if let Some(value) = map.remove("const") {
        map.insert("enum".into(), json!([value]));
    }
    if let Some(Value::Array(values)) = map.get_mut("enum")
        && !values.contains(&Value::Null)
    {
        values.push(Value::Null);
    }
    match map.get_mut("type") {
        Some(Value::String(ty)) if ty != "null" => {
            let ty = std::mem::take(ty);
            map.insert("type".into(), json!([ty, "null"]));
            return;
        }
        Some(Value::Array(types)) => {
            if !types.contains(&json!("null")) {
                types.push(json!("null"));
            }
            return;
        }
        Some(_) => return,
        None => {}
    }
    for key in ["anyOf", "oneOf"] {
        if let Some(Value::Array(branches)) = map.get_mut(key) {
            branches.push(json!({"type": "null"}));
            return;
        }
    }
    // A bare `$ref`, or an `allOf` wrapper (OpenAPI 3.0's `allOf: [$ref]` beside a
    // description): wrapped, which moves what is inside (nothing points there in practice).
    if map.contains_key("$ref") || map.contains_key("allOf") {
        let target = Value::Object(std::mem::take(map));
        map.insert("anyOf".into(), json!([target, {"type": "null"}]));
    }
}

/// `oneOf` read as `anyOf`, at any depth: an untagged enum takes a branch that reads the
/// value, where JSON Schema refuses a value two branches accept. In place: each branch also
/// says `not` any earlier branch (a bare `$ref` is wrapped first, since draft-07 and older
/// ignore its siblings), so the first branch that matches is the only one.
fn one_of_as_any_of(document: &mut Value) {
    let mut pointers = Vec::new();
    collect_one_of(document, &mut String::new(), false, &mut pointers);
    for pointer in pointers {
        let Some(Value::Array(branches)) = document
            .pointer_mut(&pointer)
            .and_then(|s| s.get_mut("oneOf"))
        else {
            continue;
        };
        for (index, branch) in branches.iter_mut().enumerate().skip(1) {
            let Value::Object(map) = branch else { continue };
            if map.contains_key("$ref") {
                let inner = Value::Object(std::mem::take(map));
                map.insert("allOf".into(), json!([inner]));
            }
            // `not: A` and not any earlier: `not` of their `anyOf`.
            let mut excluded: Vec<Value> = map.remove("not").into_iter().collect();
            excluded.extend(
                (0..index).map(|i| json!({"$ref": fragment(&format!("#{pointer}/oneOf/{i}"))})),
            );
            map.insert("not".into(), json!({"anyOf": excluded}));
        }
    }
}

fn collect_one_of(node: &Value, pointer: &mut String, in_names: bool, out: &mut Vec<String>) {
    match node {
        Value::Object(map) => {
            if !in_names && map.get("oneOf").is_some_and(Value::is_array) {
                out.push(pointer.clone());
            }
            for (key, child) in map {
                if !may_hold_schemas(key, in_names) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                collect_one_of(child, pointer, !in_names && names_schemas(key), out);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{index}");
                collect_one_of(child, pointer, false, out);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// Validation keywords typewright checks on struct fields only.
const FIELD_CHECKS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minProperties",
    "maxProperties",
];

/// Drops the checks of schemas that are no struct field: `oneOf`/`anyOf` branches (union
/// variants), array items and map values (README, Not done yet). A `$ref` there whose target
/// has checks becomes an unchecked copy of the target: the target may be a field elsewhere.
fn unchecked_positions(value: &mut Value) {
    let original = value.clone();
    unchecked_in(value, &original, false, false);
}

fn unchecked_in(value: &mut Value, original: &Value, in_names: bool, unchecked: bool) {
    match value {
        Value::Object(map) => {
            if unchecked && !in_names {
                if map.contains_key("$ref") {
                    let target = resolve(original, value);
                    if target
                        .as_object()
                        .is_some_and(|t| t.keys().any(|k| FIELD_CHECKS.contains(&k.as_str())))
                    {
                        let mut copy = target.clone();
                        if let Value::Object(copy) = &mut copy {
                            copy.retain(|key, _| !FIELD_CHECKS.contains(&key.as_str()));
                        }
                        *value = copy;
                    }
                    return;
                }
                map.retain(|key, _| !FIELD_CHECKS.contains(&key.as_str()));
            }
            for (key, child) in map.iter_mut() {
                if !may_hold_schemas(key, in_names) {
                    continue;
                }
                let names = !in_names && names_schemas(key);
                // The parts of an unchecked schema are unchecked too.
                let position = !in_names
                    && (matches!(
                        key.as_str(),
                        "oneOf" | "anyOf" | "items" | "additionalProperties"
                    ) || (unchecked && key == "allOf"));
                match child {
                    Value::Array(branches) if position => branches
                        .iter_mut()
                        .for_each(|b| unchecked_in(b, original, false, true)),
                    _ => unchecked_in(child, original, names, position),
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| unchecked_in(i, original, false, false)),
        _ => {}
    }
}

/// Takes properties marked `readOnly` or `writeOnly` out of `required`, where the schema or
/// one of its `allOf` parts (through `$ref`s) marks them, as typewright's merge of the parts
/// does.
fn read_only_optional(document: &mut Value) {
    let mut edits = Vec::new();
    collect_one_way(document, document, &mut String::new(), &mut edits, false);
    for (pointer, names) in edits {
        if let Some(schema) = document.pointer_mut(&pointer) {
            drop_required(schema, &names);
        }
    }
}

fn collect_one_way(
    document: &Value,
    node: &Value,
    pointer: &mut String,
    edits: &mut Vec<(String, Vec<String>)>,
    in_names: bool,
) {
    match node {
        Value::Object(map) => {
            if map.contains_key("required") || map.contains_key("allOf") {
                let mut names = Vec::new();
                one_way_names(document, node, &mut names, 0);
                if !names.is_empty() {
                    edits.push((pointer.clone(), names));
                }
            }
            for (key, child) in map {
                if !may_hold_schemas(key, in_names) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                let names = !in_names && names_schemas(key);
                collect_one_way(document, child, pointer, edits, names);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{index}");
                collect_one_way(document, child, pointer, edits, false);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The `readOnly`/`writeOnly` properties of a schema and of its `allOf` parts.
fn one_way_names(document: &Value, schema: &Value, names: &mut Vec<String>, depth: usize) {
    let schema = resolve(document, schema);
    if depth > 16 {
        return;
    }
    for (name, property) in schema
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        // Through `$ref`s and one-part `allOf` wrappers, as typewright follows them.
        let mut property = resolve(document, property);
        for _ in 0..16 {
            if property.get("readOnly") == Some(&json!(true))
                || property.get("writeOnly") == Some(&json!(true))
            {
                names.push(name.clone());
                break;
            }
            match property.get("allOf").and_then(Value::as_array) {
                Some(parts) if parts.len() == 1 => property = resolve(document, &parts[0]),
                _ => break,
            }
        }
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        one_way_names(document, part, names, depth + 1);
    }
}

/// Removes `names` from the schema's `required` and from its inline `allOf` parts'.
fn drop_required(schema: &mut Value, names: &[String]) {
    if let Some(Value::Array(required)) = schema.get_mut("required") {
        required.retain(|name| !name.as_str().is_some_and(|n| names.iter().any(|o| o == n)));
    }
    if let Some(Value::Array(parts)) = schema.get_mut("allOf") {
        for part in parts.iter_mut().filter(|p| p.get("$ref").is_none()) {
            drop_required(part, names);
        }
    }
}

/// Whether the value under `key` may hold schemas: not an example, a default, an enum's values
/// or an extension, whose objects are data. Under a map of names (`properties`, `$defs`..)
/// every key names a schema, `examples` too.
fn may_hold_schemas(key: &str, in_names: bool) -> bool {
    in_names
        || (!matches!(key, "example" | "examples" | "default" | "enum" | "const")
            && !key.starts_with("x-"))
}

/// Whether the keys of the map under `key` are names, each of a schema (or of a map of them).
fn names_schemas(key: &str) -> bool {
    matches!(
        key,
        "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas"
    ) || key == "schemas"
}

/// Calls `visit` on each child of an object that may hold schemas, with whether the child's
/// own keys are names.
fn schema_children(
    map: &mut Map<String, Value>,
    in_names: bool,
    mut visit: impl FnMut(&mut Value, bool),
) {
    for (key, child) in map.iter_mut() {
        if may_hold_schemas(key, in_names) {
            visit(child, !in_names && names_schemas(key));
        }
    }
}

/// Writes `type: object` into schemas without a `type` that have `properties`, `required`,
/// `patternProperties` or `additionalProperties`, and `type: array` into those with `items`.
fn infer_types(value: &mut Value) {
    infer_types_in(value, false);
}

fn infer_types_in(value: &mut Value, in_names: bool) {
    match value {
        Value::Object(map) => {
            schema_children(map, in_names, infer_types_in);
            if in_names {
                return;
            }
            let composed = ["$ref", "allOf", "oneOf", "anyOf", "type"]
                .iter()
                .any(|k| map.contains_key(*k));
            if composed {
                return;
            }
            if map.get("properties").is_some_and(Value::is_object)
                || map.get("required").is_some_and(Value::is_array)
                || map.get("patternProperties").is_some_and(Value::is_object)
                || map.contains_key("additionalProperties")
            {
                map.insert("type".into(), json!("object"));
            } else if map.get("items").is_some_and(Value::is_object) {
                map.insert("type".into(), json!("array"));
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| infer_types_in(i, false)),
        _ => {}
    }
}

/// A URI for reading `n` of the document at `base`, in a folder of its own: documents under
/// one URI must not meet (the validator may remember what a URI holds), and a relative `$id`
/// in the rewritten document must not name the original either.
fn elsewhere(base: &str, n: usize) -> String {
    base.replacen("file://", &format!("file:///reading-{n}"), 1)
}

/// The `file://` URI of a spec file, for [`Judge::new`].
pub fn file_uri(path: &std::path::Path) -> String {
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let path = path.to_string_lossy().replace('\\', "/");
    let slash = if path.starts_with('/') { "" } else { "/" };
    format!("file://{slash}{}", percent_encode(&path, b"/-._~"))
}

/// `text` with every byte but ASCII letters, digits and `keep` percent-encoded.
fn percent_encode(text: &str, keep: &[u8]) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || keep.contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// OpenAPI 3.0's `nullable: true` (Swagger's `x-nullable`) as JSON Schema: `null` joins the
/// `type` (and the `enum`, if any); beside no `type` (a `$ref`, `allOf`, ..) the schema
/// becomes `anyOf: [schema, {type: null}]`. That is how typewright reads it, and how 3.0.0
/// to 3.0.2 were generally read.
fn translate_nullable(value: &mut Value) {
    translate_nullable_in(value, false);
}

fn translate_nullable_in(value: &mut Value, in_names: bool) {
    match value {
        Value::Object(map) => {
            let nullable = ["nullable", "x-nullable"]
                .iter()
                .any(|k| map.get(*k) == Some(&Value::Bool(true)));
            schema_children(map, in_names, translate_nullable_in);
            if in_names || !nullable {
                return;
            }
            map.remove("nullable");
            map.remove("x-nullable");
            match map.get_mut("type") {
                Some(Value::String(ty)) => {
                    let ty = std::mem::take(ty);
                    map.insert("type".into(), json!([ty, "null"]));
                    if let Some(Value::Array(values)) = map.get_mut("enum")
                        && !values.contains(&Value::Null)
                    {
                        values.push(Value::Null);
                    }
                }
                Some(_) => {}
                None => {
                    let schema = Value::Object(std::mem::take(map));
                    map.insert("anyOf".into(), json!([schema, {"type": "null"}]));
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|i| translate_nullable_in(i, false)),
        _ => {}
    }
}

/// Keywords typewright reads but does not enforce (W0003 names each use). Written out here,
/// not taken from the generator, so that the check does not trust what it checks.
const NOT_ENFORCED: &[&str] = &[
    "not",
    "if",
    "then",
    "else",
    "dependentSchemas",
    "dependentRequired",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contains",
    "propertyNames",
    "patternProperties",
    "$dynamicRef",
    "prefixItems",
];

/// Whether the schema, or one it reaches, uses a construct that is not enforced: one of
/// [`NOT_ENFORCED`], a draft-07 tuple, an `enum` of objects or arrays, `oneOf` branches that
/// only list `required`, or an `allOf` part that is a `oneOf`/`anyOf`.
fn unenforced<'v>(schema: &'v Value, document: &'v Value, seen: &mut Vec<&'v Value>) -> bool {
    if seen.iter().any(|s| std::ptr::eq(*s, schema)) {
        return false;
    }
    seen.push(schema);
    match schema {
        Value::Object(map) => {
            if map.keys().any(|k| NOT_ENFORCED.contains(&k.as_str()))
                || map.get("items").is_some_and(Value::is_array)
                || map
                    .get("allOf")
                    .and_then(Value::as_array)
                    .is_some_and(|parts| {
                        parts.iter().any(|part| {
                            let part = resolve(document, part);
                            ["oneOf", "anyOf"].iter().any(|k| {
                                part.get(*k)
                                    .and_then(Value::as_array)
                                    .is_some_and(|b| b.len() > 1)
                            })
                        })
                    })
                || map
                    .get("enum")
                    .and_then(Value::as_array)
                    .is_some_and(|values| values.iter().any(|v| v.is_object() || v.is_array()))
                || ["oneOf", "anyOf"].iter().any(|key| {
                    map.get(*key)
                        .and_then(Value::as_array)
                        .is_some_and(|branches| {
                            branches.iter().any(|b| {
                                b.as_object()
                                    .is_some_and(|b| b.len() == 1 && b.contains_key("required"))
                            })
                        })
                })
            {
                return true;
            }
            if let Some(target) = map
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| at(document, r))
                && unenforced(target, document, seen)
            {
                return true;
            }
            map.iter()
                .filter(|(k, _)| {
                    !matches!(
                        k.as_str(),
                        "examples" | "example" | "default" | "const" | "enum"
                    )
                })
                .any(|(_, v)| unenforced(v, document, seen))
        }
        Value::Array(items) => items.iter().any(|v| unenforced(v, document, seen)),
        _ => false,
    }
}

/// Why the two may disagree on `instance`, if it is a documented choice.
pub fn explain(
    judge: &Judge,
    instance: &Value,
    accepted_by_type: bool,
    pointer: &str,
) -> Option<Lenient> {
    let document = &judge.document;
    let enforced_fully = !unenforced(
        at(document, pointer).unwrap_or(&Value::Null),
        document,
        &mut Vec::new(),
    );
    if accepted_by_type && !enforced_fully {
        return Some(Lenient::NotEnforced);
    }
    let schema = resolve(document, at(document, pointer)?);
    // Confirmed: without its null properties, the schema accepts the value.
    if accepted_by_type
        && has_null_property(instance)
        && judge.accepts(pointer, &without_nulls(instance)) == Some(true)
    {
        return Some(Lenient::NullForAbsent);
    }
    // Confirmed: more than one branch accepts the value.
    if accepted_by_type && let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let target = schema_pointer(document, pointer);
        let accepting = (0..branches.len())
            .filter(|i| judge.accepts(&format!("{target}/oneOf/{i}"), instance) == Some(true))
            .count();
        if accepting > 1 {
            return Some(Lenient::OneOfOverlap);
        }
    }
    if !accepted_by_type
        && reaches(schema, document, &mut Vec::new(), &|s| {
            s.get("discriminator").is_some()
        })
    {
        return Some(Lenient::TagDecides);
    }
    let open = |s: &Value| {
        s.get("x-typewright-open") == Some(&json!(true))
            || s.get("x-speakeasy-unknown-values") == Some(&json!("allow"))
    };
    if accepted_by_type && open(schema) {
        return Some(Lenient::OpenEnum);
    }
    if accepted_by_type && array_for_object(instance, schema, document, 0) {
        return Some(Lenient::StructFromArray);
    }
    if accepted_by_type && constrained(schema, document) {
        return Some(Lenient::AliasUnchecked);
    }
    if !accepted_by_type && instance.is_null() {
        return Some(Lenient::NullAtUseSite);
    }
    // Confirmed: the document rewritten as typewright reads it judges as the type does.
    for (reading, rewritten) in &judge.readings {
        if rewritten.accepts(pointer, instance) == Some(accepted_by_type) {
            return Some(*reading);
        }
        // Both: a null read as absent where the reading makes the property optional.
        if accepted_by_type
            && has_null_property(instance)
            && rewritten.accepts(pointer, &without_nulls(instance)) == Some(true)
        {
            return Some(Lenient::NullForAbsent);
        }
    }
    if !accepted_by_type
        && reaches(schema, document, &mut Vec::new(), &|s| {
            (s.get("items").is_some_and(Value::is_array) || s.get("prefixItems").is_some())
                && s.get("minItems").is_none()
        })
    {
        return Some(Lenient::TupleAllPositions);
    }
    None
}

/// Validation keywords on the schema itself or its `allOf` parts.
fn constrained(schema: &Value, document: &Value) -> bool {
    const KEYWORDS: &[&str] = &[
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minLength",
        "maxLength",
        "pattern",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
    ];
    let schema = resolve(document, schema);
    KEYWORDS.iter().any(|k| schema.get(*k).is_some())
        || schema
            .get("allOf")
            .and_then(Value::as_array)
            .is_some_and(|parts| parts.iter().any(|p| constrained(p, document)))
}

/// Whether the instance holds an array where the schema (some branch of it) has an object.
fn array_for_object(instance: &Value, schema: &Value, document: &Value, depth: usize) -> bool {
    let schema = resolve(document, schema);
    if depth > 12 {
        return false;
    }
    let branches = ["oneOf", "anyOf", "allOf"]
        .iter()
        .filter_map(|k| schema.get(*k).and_then(Value::as_array))
        .flatten();
    if branches
        .into_iter()
        .any(|b| array_for_object(instance, b, document, depth + 1))
    {
        return true;
    }
    let object_like = schema.get("type") == Some(&json!("object"))
        || schema
            .get("type")
            .and_then(Value::as_array)
            .is_some_and(|types| types.contains(&json!("object")))
        || schema.get("properties").is_some();
    match instance {
        Value::Array(items) if object_like => true,
        Value::Array(items) => match schema.get("items") {
            Some(item) if item.is_object() => items
                .iter()
                .any(|i| array_for_object(i, item, document, depth + 1)),
            _ => false,
        },
        Value::Object(map) => map.iter().any(|(key, value)| {
            schema
                .get("properties")
                .and_then(|p| p.get(key))
                .is_some_and(|property| array_for_object(value, property, document, depth + 1))
        }),
        _ => false,
    }
}

/// Whether the schema, or one it reaches, satisfies `test`.
fn reaches<'v>(
    schema: &'v Value,
    document: &'v Value,
    seen: &mut Vec<&'v Value>,
    test: &dyn Fn(&Value) -> bool,
) -> bool {
    if seen.iter().any(|s| std::ptr::eq(*s, schema)) {
        return false;
    }
    seen.push(schema);
    match schema {
        Value::Object(map) => {
            test(schema)
                || map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .and_then(|r| at(document, r))
                    .is_some_and(|target| reaches(target, document, seen, test))
                || map.values().any(|v| reaches(v, document, seen, test))
        }
        Value::Array(items) => items.iter().any(|v| reaches(v, document, seen, test)),
        _ => false,
    }
}

fn without_nulls(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k.clone(), without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_nulls).collect()),
        other => other.clone(),
    }
}

/// The pointer of the schema `pointer` ends at, after local `$ref`s.
fn schema_pointer(document: &Value, pointer: &str) -> String {
    let mut pointer = pointer.to_string();
    for _ in 0..64 {
        match at(document, &pointer)
            .and_then(|s| s.get("$ref"))
            .and_then(Value::as_str)
        {
            Some(reference) if reference.starts_with('#') => pointer = reference.to_string(),
            _ => break,
        }
    }
    pointer
}

fn has_null_property(value: &Value) -> bool {
    match value {
        Value::Object(map) => map.values().any(|v| v.is_null() || has_null_property(v)),
        Value::Array(items) => items.iter().any(has_null_property),
        _ => false,
    }
}

/// The node at a JSON pointer (`#/a/b`).
pub fn at<'v>(document: &'v Value, pointer: &str) -> Option<&'v Value> {
    document.pointer(pointer.trim_start_matches('#'))
}

/// Follows local `$ref`s.
pub fn resolve<'v>(document: &'v Value, mut schema: &'v Value) -> &'v Value {
    for _ in 0..64 {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(reference) => match at(document, reference) {
                Some(target) => schema = target,
                None => break,
            },
            None => break,
        }
    }
    schema
}

/// A value the schema probably accepts: the first of each choice, every property.
pub fn typical(schema: &Value, document: &Value, depth: usize) -> Value {
    let schema = resolve(document, schema);
    if depth > 6 {
        return Value::Null;
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema.get("enum").and_then(|e| e.get(0)) {
        return first.clone();
    }
    if let Some(value) = schema.get("default") {
        return value.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(first) = schema.get(key).and_then(|b| b.get(0)) {
            let mut value = typical(first, document, depth + 1);
            // Properties beside the branches belong to the value too.
            if let (Some(own), Value::Object(map)) = (schema.get("properties"), &mut value) {
                for (name, property) in own.as_object().into_iter().flatten() {
                    map.entry(name.clone())
                        .or_insert_with(|| typical(property, document, depth + 1));
                }
            }
            return value;
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            if let Value::Object(map) = typical(part, document, depth + 1) {
                merged.extend(map);
            }
        }
        if let Some(own) = schema.get("properties").and_then(Value::as_object) {
            for (name, property) in own {
                merged.insert(name.clone(), typical(property, document, depth + 1));
            }
        }
        return Value::Object(merged);
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types.first().and_then(Value::as_str).unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "null",
    };
    match ty {
        "object" => {
            let mut map = Map::new();
            for (name, property) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                map.insert(name.clone(), typical(property, document, depth + 1));
            }
            Value::Object(map)
        }
        "array" => match schema.get("items") {
            Some(Value::Array(positions)) => Value::Array(
                positions
                    .iter()
                    .map(|p| typical(p, document, depth + 1))
                    .collect(),
            ),
            Some(item) if item.is_object() => {
                Value::Array(vec![typical(item, document, depth + 1)])
            }
            _ => json!([]),
        },
        "string" => {
            let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(1);
            json!("a".repeat(min.max(1) as usize))
        }
        "integer" => json!(schema.get("minimum").and_then(Value::as_i64).unwrap_or(1)),
        "number" => json!(schema.get("minimum").and_then(Value::as_f64).unwrap_or(1.5)),
        "boolean" => json!(true),
        _ => Value::Null,
    }
}

/// The seeds, and each with one change: every key left out, set to null, given a value of
/// another type; an extra key; and a value of every JSON type.
pub fn mutations(seeds: &[Value]) -> Vec<Value> {
    let mut out: Vec<Value> = vec![
        json!(null),
        json!(true),
        json!(0),
        json!(-1),
        json!(2.5),
        json!(""),
        json!("x"),
        json!([]),
        json!([1]),
        json!({}),
    ];
    for seed in seeds {
        out.push(seed.clone());
        if let Value::Object(map) = seed {
            for key in map.keys().take(12) {
                let mut without = map.clone();
                without.remove(key);
                out.push(Value::Object(without));
                for replacement in [json!(null), other_type(&map[key])] {
                    let mut changed = map.clone();
                    changed.insert(key.clone(), replacement);
                    out.push(Value::Object(changed));
                }
            }
            let mut extra = map.clone();
            extra.insert("zz_extra".into(), json!(1));
            out.push(Value::Object(extra));
        }
        if let Value::Array(items) = seed
            && let Some(first) = items.first()
        {
            out.push(json!([other_type(first)]));
            let mut twice = items.clone();
            twice.push(first.clone());
            out.push(Value::Array(twice));
        }
    }
    out.dedup();
    out
}

fn other_type(value: &Value) -> Value {
    match value {
        Value::String(_) => json!(7),
        Value::Number(_) => json!("7"),
        Value::Bool(_) => json!("true"),
        Value::Array(_) => json!({}),
        Value::Object(_) => json!([]),
        Value::Null => json!(1),
    }
}

/// A JSON pointer as a URI fragment: what a fragment may not hold, percent-encoded.
pub fn fragment(pointer: &str) -> String {
    percent_encode(pointer, b"#/-._~!$&'()*+,;=:@")
}

/// Verdicts counted: agreements, documented disagreements by kind, and the rest.
#[derive(Default)]
pub struct Tally {
    pub agreed: usize,
    pub total: usize,
    pub lenient: std::collections::BTreeMap<Lenient, usize>,
    /// The pointer of each undocumented disagreement, and what it was.
    pub unexplained: Vec<(String, String)>,
    /// The pointers of the schemas judged.
    pub judged: Vec<String>,
}

impl Tally {
    /// Compares the type's verdicts on `instances` with the validator's for the schema at
    /// `pointer`.
    pub fn judge(
        &mut self,
        judge: &Judge,
        rust_type: &str,
        pointer: &str,
        instances: &[Value],
        by_type: &[bool],
    ) {
        let Some(validator) = judge.try_validator(pointer) else {
            return;
        };
        self.judged.push(pointer.to_string());
        for (instance, &by_type) in instances.iter().zip(by_type) {
            let by_schema = validator.is_valid(instance);
            self.total += 1;
            if by_type == by_schema {
                self.agreed += 1;
                continue;
            }
            match explain(judge, instance, by_type, pointer) {
                Some(reason) => *self.lenient.entry(reason).or_default() += 1,
                None => {
                    // What the validator refuses, as written and as typewright reads it, to
                    // start the triage from.
                    let refusal = |judge: &Judge, label: &str| match judge.try_validator(pointer) {
                        None => Some(format!(" ({label}: the validator cannot read the schema)")),
                        Some(validator) => match validator.validate(instance) {
                            Err(error) => Some(format!(
                                " ({label}: {} at `{}`)",
                                error,
                                error.instance_path()
                            )),
                            Ok(()) => None,
                        },
                    };
                    let mut why = refusal(judge, "schema").unwrap_or_default();
                    if let Some((_, read)) = judge.readings.last() {
                        why.push_str(&refusal(read, "as read").unwrap_or_default());
                    }
                    self.unexplained.push((
                        pointer.to_string(),
                        format!(
                            "{rust_type} {pointer}: type says {by_type}, schema says {by_schema}: {instance}{why}"
                        ),
                    ))
                }
            }
        }
    }

    pub fn add(&mut self, other: &Tally) {
        self.agreed += other.agreed;
        self.total += other.total;
        for (reason, n) in &other.lenient {
            *self.lenient.entry(*reason).or_default() += n;
        }
        self.unexplained.extend(other.unexplained.iter().cloned());
        self.judged.extend(other.judged.iter().cloned());
    }
}

/// The spec's examples of the Rust type at `rust_type`, as JSON.
pub fn examples_of(generated: &typewright::Generated, rust_type: &str) -> Vec<Value> {
    generated
        .examples
        .iter()
        .filter(|e| e.rust_type == rust_type)
        .filter_map(|e| serde_json::from_str(&e.json).ok())
        .collect()
}

/// The instances to try on the type of the schema at `pointer`: its examples, a typical value,
/// and their mutations.
pub fn instances(judge: &Judge, pointer: &str, examples: Vec<Value>) -> Vec<Value> {
    let schema = at(&judge.document, pointer).unwrap_or(&Value::Null);
    let mut seeds = examples;
    seeds.push(typical(schema, &judge.document, 0));
    mutations(&seeds)
}

/// One type to judge: its Rust path (as the program sees it), its schema's pointer, and the
/// instances to try.
pub struct Case {
    pub label: String,
    pub rust_type: String,
    pub pointer: String,
    pub instances: Vec<Value>,
}

/// The source of `fn judge(path: &str)`, for a program that has every case's type in scope:
/// it reads the file of [`instances_text`] and prints `1` for each instance its type reads,
/// `0` for each it rejects.
pub fn judge_source(cases: &[Case]) -> String {
    if cases.is_empty() {
        return "/// No types to judge.\nfn judge(_: &str) {}\n".into();
    }
    let mut source = String::from(
        "/// Prints, for each `case\\tjson` line of the file at `path`, whether the case's type reads the JSON.\nfn judge(path: &str) {\n    use typewright_runtime::serde_json::{self, Value};\n    fn reads<T: typewright_runtime::serde::de::DeserializeOwned>(value: &Value) -> bool {\n        serde_json::from_value::<T>(value.clone()).is_ok()\n    }\n    let input = std::fs::read_to_string(path).unwrap();\n    for line in input.lines() {\n        let (case, json) = line.split_once('\\t').unwrap();\n        let value: Value = serde_json::from_str(json).unwrap();\n        let ok = match case.parse::<usize>().unwrap() {\n",
    );
    for (index, case) in cases.iter().enumerate() {
        let _ = writeln!(
            source,
            "            {index} => reads::<{}>(&value),",
            case.rust_type
        );
    }
    source.push_str(
        "            _ => false,\n        };\n        println!(\"{}\", u8::from(ok));\n    }\n}\n",
    );
    source
}

/// The instances of every case, one `case\tjson` line each.
pub fn instances_text(cases: &[Case]) -> String {
    let mut text = String::new();
    for (index, case) in cases.iter().enumerate() {
        for instance in &case.instances {
            let _ = writeln!(text, "{index}\t{instance}");
        }
    }
    text
}

/// The judge program's output, split by case.
pub fn verdicts(stdout: &[u8], cases: &[Case]) -> Vec<Vec<bool>> {
    let mut verdicts = String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| l == "1")
        .collect::<Vec<_>>()
        .into_iter();
    cases
        .iter()
        .map(|case| verdicts.by_ref().take(case.instances.len()).collect())
        .collect()
}
