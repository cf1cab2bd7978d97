//! The judge shared by the differential tests: a JSON Schema validator (the `jsonschema`
//! crate) over a spec read as typewright reads it, the instances to try (a typical value of a
//! schema and mutations of it), and the documented reasons the generated type and the schema
//! may disagree. Included by `differential.rs` (the fixtures) and `conformance.rs` (the
//! corpus) with `#[path]`.

#![allow(dead_code)]

use std::fmt::Write;

use serde_json::{Map, Value, json};

mod readings;
use readings::{FIELD_CHECKS, READINGS, required_into_inline_branches, translate_nullable};

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
    /// properties, and a schema closed beside its `oneOf`/`anyOf` takes the alternatives'
    /// (W0003). Confirmed by a validator over the document with such schemas open.
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
        required_into_inline_branches(&mut document);
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
                || optional_in_referenced_branch(map, document)
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

/// `required` beside `oneOf`/`anyOf` naming a key that a referenced alternative declares
/// without requiring it (W0003: the shared schema is used as written).
fn optional_in_referenced_branch(map: &Map<String, Value>, document: &Value) -> bool {
    let Some(Value::Array(required)) = map.get("required") else {
        return false;
    };
    let branches = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| map.get(*k).and_then(Value::as_array))
        .flatten();
    branches
        .filter(|b| b.get("$ref").is_some())
        .map(|b| resolve(document, b))
        .any(|target| {
            let declared = target.get("properties").and_then(Value::as_object);
            let own = target.get("required").and_then(Value::as_array);
            required.iter().any(|name| {
                name.as_str()
                    .is_some_and(|n| declared.is_some_and(|p| p.contains_key(n)))
                    && !own.is_some_and(|own| own.contains(name))
            })
        })
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
    let schema = resolve(document, schema);
    FIELD_CHECKS.iter().any(|k| schema.get(*k).is_some())
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
