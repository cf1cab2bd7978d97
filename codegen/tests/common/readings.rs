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
    unrequire(document, &|document, schema| {
        let Some(Value::Array(required)) = schema.get("required") else {
            return Vec::new();
        };
        let mut declared = Vec::new();
        each_member(document, schema, 0, &mut |name, _| {
            declared.push(name.to_string())
        });
        if declared.is_empty() {
            return Vec::new();
        }
        required
            .iter()
            .filter_map(Value::as_str)
            .filter(|name| !declared.iter().any(|d| d == name))
            .map(str::to_string)
            .collect()
    });
}

/// Takes out of `required` (the schema's and its inline `allOf` parts') the names `names`
/// picks for each schema of the document.
fn unrequire(document: &mut Value, names: &dyn Fn(&Value, &Value) -> Vec<String>) {
    let mut edits = Vec::new();
    each_schema(document, &mut |pointer, schema| {
        let picked = names(document, schema);
        if !picked.is_empty() {
            edits.push((pointer.to_string(), picked));
        }
    });
    for (pointer, names) in edits {
        if let Some(schema) = document.pointer_mut(&pointer) {
            drop_required(schema, &names);
        }
    }
}

/// Each property a schema and its `allOf` parts declare (through `$ref`s), with its name.
fn each_member<'v>(
    document: &'v Value,
    schema: &'v Value,
    depth: usize,
    visit: &mut dyn FnMut(&'v str, &'v Value),
) {
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
        visit(name, property);
    }
    for part in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        each_member(document, part, depth + 1, visit);
    }
}

/// Copies a schema's `required` into its inline `oneOf`/`anyOf` branches that declare the
/// names (PagerDuty's channels): the same meaning for the schema, and the meaning the
/// branch's own type has, since it is only ever read in that place.
pub(super) fn required_into_inline_branches(document: &mut Value) {
    each_schema_mut(document, &mut |map| {
        let Some(Value::Array(required)) = map.get("required").cloned() else {
            return;
        };
        for key in ["oneOf", "anyOf"] {
            let Some(Value::Array(branches)) = map.get_mut(key) else {
                continue;
            };
            for branch in branches.iter_mut().filter_map(Value::as_object_mut) {
                if branch.contains_key("$ref") {
                    continue;
                }
                let declared: Vec<Value> = required
                    .iter()
                    .filter(|name| {
                        name.as_str().is_some_and(|name| {
                            branch
                                .get("properties")
                                .and_then(Value::as_object)
                                .is_some_and(|p| p.contains_key(name))
                        })
                    })
                    .cloned()
                    .collect();
                if declared.is_empty() {
                    continue;
                }
                let own = branch.entry("required").or_insert_with(|| json!([]));
                if let Value::Array(own) = own {
                    for name in declared {
                        if !own.contains(&name) {
                            own.push(name);
                        }
                    }
                }
            }
        }
    });
}

/// Opens the `allOf` parts that refuse undeclared keys where other parts declare some: an
/// inline part loses its `additionalProperties: false`, a referenced one is replaced by an
/// open copy of its target (the target may be used elsewhere). A schema closed beside a
/// `oneOf`/`anyOf` is opened too.
fn closed_parts_open(document: &mut Value) {
    // Closed beside its alternatives (Jira's default values): each alternative's keys count.
    each_schema_mut(document, &mut |map| {
        let union = ["oneOf", "anyOf"]
            .iter()
            .any(|k| map.get(*k).is_some_and(Value::is_array));
        if union && map.get("additionalProperties") == Some(&Value::Bool(false)) {
            map.remove("additionalProperties");
        }
    });
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
    each_schema_mut(value, &mut |map| {
        if map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|values| values.contains(&Value::Null))
        {
            add_null_type(map);
        }
    });
}

/// Adds `null` to the schema's `type`; `false` when it has no `type` to add it to.
fn add_null_type(map: &mut Map<String, Value>) -> bool {
    match map.get_mut("type") {
        Some(Value::String(ty)) if ty != "null" => {
            let ty = std::mem::take(ty);
            map.insert("type".into(), json!([ty, "null"]));
        }
        Some(Value::Array(types)) if !types.contains(&json!("null")) => {
            types.push(json!("null"));
        }
        Some(_) => {}
        None => return false,
    }
    true
}

/// Makes every optional property also take `null`, at any depth: typewright reads a `null`
/// there as absent. Every rewrite keeps each schema at its pointer (cases and `$ref`s name
/// them): `null` joins a property's `type`, `enum` or branches, and only a bare `$ref` is
/// wrapped.
fn null_for_absent(value: &mut Value) {
    each_schema_mut(value, &mut |map| {
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
    });
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
    if add_null_type(map) {
        return;
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
    unrequire(document, &|document, schema| {
        let mut names = Vec::new();
        if schema.get("required").is_some() || schema.get("allOf").is_some() {
            each_member(document, schema, 0, &mut |name, property| {
                if one_way(document, property) {
                    names.push(name.to_string());
                }
            });
        }
        names
    });
}

/// Whether a property is `readOnly` or `writeOnly`, through `$ref`s and one-part `allOf`
/// wrappers, as typewright follows them.
fn one_way(document: &Value, property: &Value) -> bool {
    let mut property = resolve(document, property);
    for _ in 0..16 {
        if property.get("readOnly") == Some(&json!(true))
            || property.get("writeOnly") == Some(&json!(true))
        {
            return true;
        }
        match property.get("allOf").and_then(Value::as_array) {
            Some(parts) if parts.len() == 1 => property = resolve(document, &parts[0]),
            _ => return false,
        }
    }
    false
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

/// Calls `visit` on every schema object of the document, children first, skipping data
/// (examples, defaults, enum values, extensions): the in-place rewrites.
fn each_schema_mut(value: &mut Value, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    walk_mut(value, false, visit);
}

fn walk_mut(value: &mut Value, in_names: bool, visit: &mut dyn FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                if may_hold_schemas(key, in_names) {
                    walk_mut(child, !in_names && names_schemas(key), visit);
                }
            }
            if !in_names {
                visit(map);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| walk_mut(i, false, visit)),
        _ => {}
    }
}

/// Writes `type: object` into schemas without a `type` that have `properties`, `required`,
/// `patternProperties` or `additionalProperties`, and `type: array` into those with `items`.
fn infer_types(value: &mut Value) {
    each_schema_mut(value, &mut |map| {
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
    });
}

/// Calls `visit` with the pointer of every schema object of the document, skipping data
/// (examples, defaults, enum values, extensions).
fn each_schema(document: &Value, visit: &mut dyn FnMut(&str, &Value)) {
    walk(document, &mut String::new(), false, visit);
}

fn walk(node: &Value, pointer: &mut String, in_names: bool, visit: &mut dyn FnMut(&str, &Value)) {
    match node {
        Value::Object(map) => {
            if !in_names {
                visit(pointer, node);
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
    each_schema(document, &mut |pointer, schema| {
        if schema.get(keyword).is_some_and(Value::is_array) {
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
    each_schema_mut(value, &mut |map| {
        let nullable = ["nullable", "x-nullable"]
            .iter()
            .any(|k| map.get(*k) == Some(&Value::Bool(true)));
        if !nullable {
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
    });
}
