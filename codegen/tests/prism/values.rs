//! Values for an operation's parameters and body: the spec's own examples where it gives
//! valid ones, else a small value built from the schema (formats included, which Prism
//! checks). Every value is checked against its schema by a JSON Schema validator before it
//! is used, so what Prism rejects is the encoding, never the value.

use serde_json::{Map, Value, json};

#[path = "../common/judge.rs"]
mod judge;

pub use judge::{Judge, at, file_uri, resolve};

/// A parameter or body of an operation in the spec: where its schema is, and the examples
/// given beside it.
pub struct Slot {
    pub schema_pointer: String,
    pub examples: Vec<Value>,
    /// Try the built value first: for parameters, whose examples and defaults are often a
    /// one-item list, which Prism reads as a scalar when the array is an `anyOf` branch
    /// (Polar's nullable filters); the encoding is right either way.
    pub prefer_built: bool,
}

/// The value to send for `slot`, valid against its schema; `None` when neither an example
/// nor a built value is.
pub fn value_for(judge: &Judge, slot: &Slot) -> Option<Value> {
    // A path variable the spec does not declare has no schema: its example is any text.
    if slot.schema_pointer.is_empty() {
        return slot.examples.first().cloned();
    }
    let schema = at(&judge.document, &slot.schema_pointer)?;
    let mut candidates = slot.examples.clone();
    candidates.extend(schema_examples(&judge.document, schema));
    let built = build(&judge.document, schema, 0);
    match slot.prefer_built {
        true => candidates.insert(0, built),
        false => candidates.push(built),
    }
    // `null` last: Prism reads a `null` body as none at all.
    candidates.sort_by_key(Value::is_null);
    candidates.into_iter().find(|value| {
        judge.accepts(&slot.schema_pointer, value) == Some(true) && formats_hold(value)
    })
}

/// `example`, `examples` and `default` of the schema itself.
fn schema_examples(document: &Value, schema: &Value) -> Vec<Value> {
    let schema = resolve(document, schema);
    let mut found = Vec::new();
    found.extend(schema.get("example").cloned());
    if let Some(Value::Array(examples)) = schema.get("examples") {
        found.extend(examples.iter().cloned());
    }
    found.extend(schema.get("default").cloned());
    found
}

/// The validator here does not check formats, and Prism does: a value built here is right
/// by construction, and an example with an empty string is the usual wrong one.
fn formats_hold(value: &Value) -> bool {
    !matches!(value, Value::String(s) if s.is_empty())
}

/// A small value the schema accepts: the first of each choice, the required properties,
/// one item, strings in their format.
pub fn build(document: &Value, schema: &Value, depth: usize) -> Value {
    let schema = resolve(document, schema);
    if depth > 8 {
        return Value::Null;
    }
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(|e| e.as_array()?.iter().find(|v| !v.is_null()))
    {
        return first.clone();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(key).and_then(Value::as_array) {
            // A branch that is not only `null`, with the properties beside the branches.
            let branch = branches
                .iter()
                .find(|b| resolve(document, b).get("type") != Some(&json!("null")))
                .unwrap_or(&branches[0]);
            // A branch of only `required` (GitHub's `anyOf: [{required: [a]}, ..]`) picks
            // keys of the schema around it.
            let bare = ["type", "$ref", "properties", "items", "enum", "const"]
                .iter()
                .all(|k| branch.get(k).is_none());
            if bare {
                let mut merged = schema.clone();
                if let (Value::Object(map), Some(required)) = (&mut merged, branch.get("required"))
                {
                    map.remove(key);
                    map.insert("required".into(), required.clone());
                }
                return build(document, &merged, depth + 1);
            }
            let mut value = build(document, branch, depth + 1);
            if let Value::Object(map) = &mut value {
                add_required(document, schema, map, depth);
            }
            return value;
        }
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for part in parts {
            match build(document, part, depth + 1) {
                Value::Object(map) => merged.extend(map),
                other if parts.len() == 1 => return other,
                _ => {}
            }
        }
        add_required(document, schema, &mut merged, depth);
        return Value::Object(merged);
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "string",
    };
    match ty {
        "object" => {
            let mut map = Map::new();
            add_required(document, schema, &mut map, depth);
            Value::Object(map)
        }
        "array" => {
            let item = schema.get("items").filter(|i| i.is_object());
            let count = schema
                .get("minItems")
                .and_then(Value::as_u64)
                .unwrap_or(1)
                .max(1);
            // Two items where allowed: Prism reads one exploded query value as a scalar
            // when the array is an `anyOf` branch (Polar's nullable filters).
            let max = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let count = count.max(2).min(max).max(1) as usize;
            match item {
                Some(item) => Value::Array(distinct(document, item, count, depth)),
                None => json!([]),
            }
        }
        "integer" => json!(number(schema).round() as i64),
        "number" => json!(number(schema)),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => json!(string(schema)),
    }
}

/// `count` items of schema `item`, different where the schema offers more than one value.
fn distinct(document: &Value, item: &Value, count: usize, depth: usize) -> Vec<Value> {
    let first = build(document, item, depth + 1);
    let resolved = resolve(document, item);
    let others: Vec<Value> = match (resolved.get("enum").and_then(Value::as_array), &first) {
        (Some(values), _) => values.iter().filter(|v| !v.is_null()).cloned().collect(),
        (None, Value::String(text)) if resolved.get("format").is_none() => {
            vec![
                Value::String(text.clone()),
                Value::String(format!("{text}b")),
            ]
        }
        (None, Value::Number(n)) if resolved.get("maximum").is_none() => {
            vec![first.clone(), json!(n.as_f64().unwrap_or(1.0) as i64 + 1)]
        }
        _ => vec![first.clone()],
    };
    (0..count)
        .map(|i| others.get(i).unwrap_or(&first).clone())
        .collect()
}

fn add_required(document: &Value, schema: &Value, map: &mut Map<String, Value>, depth: usize) {
    let properties = schema.get("properties").and_then(Value::as_object);
    for name in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let Some(name) = name.as_str() else { continue };
        if map.contains_key(name) {
            continue;
        }
        let value = match properties.and_then(|p| p.get(name)) {
            Some(property) => build(document, property, depth + 1),
            None => json!("a"),
        };
        map.insert(name.to_string(), value);
    }
}

fn number(schema: &Value) -> f64 {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    match (
        bound("minimum"),
        bound("exclusiveMinimum"),
        bound("maximum"),
    ) {
        (Some(min), _, _) => min.max(1.0_f64.min(bound("maximum").unwrap_or(1.0))),
        (_, Some(min), _) => min + 1.0,
        (_, _, Some(max)) => max.min(1.0),
        _ => 1.0,
    }
}

/// A string in the schema's format, at least `minLength` long.
fn string(schema: &Value) -> String {
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let text = match format {
        "date-time" => "2024-01-02T03:04:05Z",
        "date" => "2024-01-02",
        "time" => "03:04:05Z",
        "uuid" | "uuid4" => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        "email" => "ada@example.com",
        "uri" | "url" | "uri-reference" | "iri" => "https://example.com/a",
        "hostname" => "example.com",
        "ipv4" => "127.0.0.1",
        "ipv6" => "::1",
        "byte" => "YQ==",
        "int32" | "int64" => "1",
        _ => "a",
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let mut text = text.to_string();
    while text.chars().count() < min {
        text.push('a');
    }
    text
}
