//! typewright's documented readings of a document where JSON Schema reads it otherwise, each
//! a rewrite of the document that keeps every schema at its pointer (cases and `$ref`s name
//! them), so that a validator over the rewritten document confirms a disagreement is that
//! reading. Also OpenAPI 3.0's `nullable`, translated before any judging.

use std::fmt::Write;

use serde_json::{Map, Value, json};

use super::{Lenient, fragment, resolve};

/// A rewrite of a document into one of typewright's readings.
pub(super) type Rewrite = fn(&mut Value);

/// typewright's documented readings, each a rewrite of the document; applied one after the
/// other, so that an instance two of them explain is explained by the last.
pub(super) const READINGS: &[(Lenient, Rewrite)] = &[
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
    each_schema(document, &mut |pointer, map| {
        let Some(Value::Array(required)) = map.get("required") else {
            return;
        };
        let mut declared = Vec::new();
        declared_names(document, &Value::Object(map.clone()), &mut declared, 0);
        let missing: Vec<String> = required
            .iter()
            .filter_map(Value::as_str)
            .filter(|name| !declared.iter().any(|d| d == name))
            .map(str::to_string)
            .collect();
        if !declared.is_empty() && !missing.is_empty() {
            edits.push((pointer.to_string(), missing));
        }
    });
    for (pointer, names) in edits {
        if let Some(schema) = document.pointer_mut(&pointer) {
            drop_required(schema, &names);
        }
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
    let pointers = pointers_with(document, "allOf");
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
    // A bare `$ref`, or an `allOf` of bare `$ref`s (OpenAPI 3.0's `allOf: [$ref]` beside a
    // description): wrapped. Nothing points inside those; an inline schema is left alone, as
    // `$ref`s elsewhere may point into it.
    let bare = |part: &Value| {
        part.as_object()
            .is_some_and(|p| p.len() == 1 && p.contains_key("$ref"))
    };
    let wrapper = map
        .get("allOf")
        .and_then(Value::as_array)
        .is_some_and(|parts| parts.iter().all(bare));
    if map.contains_key("$ref") || wrapper {
        let target = Value::Object(std::mem::take(map));
        map.insert("anyOf".into(), json!([target, {"type": "null"}]));
    }
}

/// `oneOf` read as `anyOf`, at any depth: an untagged enum takes a branch that reads the
/// value, where JSON Schema refuses a value two branches accept. In place: each branch also
/// says `not` any earlier branch (a bare `$ref` is wrapped first, since draft-07 and older
/// ignore its siblings), so the first branch that matches is the only one.
fn one_of_as_any_of(document: &mut Value) {
    let pointers = pointers_with(document, "oneOf");
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

/// Validation keywords typewright checks on struct fields only.
pub(super) const FIELD_CHECKS: &[&str] = &[
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
    each_schema(document, &mut |pointer, map| {
        if map.contains_key("required") || map.contains_key("allOf") {
            let mut names = Vec::new();
            one_way_names(document, &Value::Object(map.clone()), &mut names, 0);
            if !names.is_empty() {
                edits.push((pointer.to_string(), names));
            }
        }
    });
    for (pointer, names) in edits {
        if let Some(schema) = document.pointer_mut(&pointer) {
            drop_required(schema, &names);
        }
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

/// Calls `visit` with the pointer of every schema object of the document, skipping data
/// (examples, defaults, enum values, extensions).
fn each_schema(document: &Value, visit: &mut dyn FnMut(&str, &Map<String, Value>)) {
    walk(document, &mut String::new(), false, visit);
}

fn walk(
    node: &Value,
    pointer: &mut String,
    in_names: bool,
    visit: &mut dyn FnMut(&str, &Map<String, Value>),
) {
    match node {
        Value::Object(map) => {
            if !in_names {
                visit(pointer, map);
            }
            for (key, child) in map {
                if !may_hold_schemas(key, in_names) {
                    continue;
                }
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                walk(child, pointer, !in_names && names_schemas(key), visit);
                pointer.truncate(len);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                let len = pointer.len();
                let _ = write!(pointer, "/{index}");
                walk(child, pointer, false, visit);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

/// The pointers of the schemas that have `keyword` as a list.
fn pointers_with(document: &Value, keyword: &str) -> Vec<String> {
    let mut pointers = Vec::new();
    each_schema(document, &mut |pointer, map| {
        if map.get(keyword).is_some_and(Value::is_array) {
            pointers.push(pointer.to_string());
        }
    });
    pointers
}

/// OpenAPI 3.0's `nullable: true` (Swagger's `x-nullable`) as JSON Schema: `null` joins the
/// `type` (and the `enum`, if any); beside no `type` (a `$ref`, `allOf`, ..) the schema
/// becomes `anyOf: [schema, {type: null}]`. That is how typewright reads it, and how 3.0.0
/// to 3.0.2 were generally read.
pub(super) fn translate_nullable(value: &mut Value) {
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
