//! Differential check: instances of every type the fixtures generate are judged twice, by the
//! generated type (does it deserialize?) and by a JSON Schema validator (the `jsonschema`
//! crate; formats not asserted, as typewright does not check them either). The instances are
//! the spec's examples, a typical value built from each schema, and mutations of both: each
//! key left out, set to `null`, given a value of another type, an extra key, and values of
//! every JSON type. Every disagreement must be of a kind listed in [`Lenient`]: documented
//! choices, each counted and printed.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Map, Value, json};

/// Fixtures in JSON Schema's own dialects (OpenAPI 3.1, draft 2020-12, draft-07): what a
/// standard validator reads as the generator does. OpenAPI 3.0's `nullable` and Swagger's
/// `x-nullable` are not JSON Schema.
const FIXTURES: &[&str] = &[
    "arrays",
    "compositions",
    "defaults-and-checks",
    "discriminated-union",
    "enums",
    "long-chains",
    "names",
    "objects",
    "recursion",
    "unions",
];

/// Where the generated type and the schema may disagree, on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Lenient {
    /// An optional property that is not nullable, given `null`: the type reads it as absent.
    NullForAbsent,
    /// A type with constructs typewright does not enforce (W0003 names them): the type
    /// accepts a superset.
    NotEnforced,
    /// `oneOf` branches that overlap: the untagged enum takes the first that reads the value,
    /// JSON Schema rejects a value more than one branch accepts.
    OneOfOverlap,
    /// A discriminated union rejects a value without its tag (or with an unknown one), which a
    /// branch would accept on its own: the tag decides, as OpenAPI says it does.
    TagDecides,
    /// An open enum (`x-typewright-open`, `x-speakeasy-unknown-values: allow`) keeps values it
    /// does not list, by design.
    OpenEnum,
    /// A struct also reads a JSON array of its fields in order: serde's derive accepts both.
    StructFromArray,
    /// Constraints on a schema that becomes a type alias are checked where the alias is a
    /// field, not when the alias is read on its own (README, Not done yet).
    AliasUnchecked,
    /// A nullable schema's own type does not take `null`: the fields that use it are
    /// `Option`s, which do.
    NullAtUseSite,
    /// A tuple (`prefixItems`, or draft-07's `items: [..]`) without `minItems` needs every
    /// position: typewright reads it as a Rust tuple.
    TupleAllPositions,
}

fn fixture_input(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name);
    ["input.yaml", "input.json"]
        .iter()
        .map(|f| dir.join(f))
        .find(|p| p.exists())
        .unwrap()
}

struct Case {
    fixture: &'static str,
    rust_type: String,
    pointer: String,
    instances: Vec<Value>,
}

#[test]
fn generated_types_and_a_json_schema_validator_agree() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("differential");
    std::fs::create_dir_all(root.join("src")).unwrap();
    let mut lib = String::from("#![allow(dead_code, deprecated, missing_docs)]\n");
    let mut cases = Vec::new();
    let mut documents = BTreeMap::new();
    for &fixture in FIXTURES {
        let input = fixture_input(fixture);
        let document = typewright::spec_json(&input).unwrap();
        let generated = typewright::Config::new().spec(&input).generate().unwrap();
        let module = fixture.replace('-', "_");
        std::fs::write(root.join(format!("src/{module}.rs")), &generated.code).unwrap();
        let _ = writeln!(lib, "pub mod {module} {{ include!(\"{module}.rs\"); }}");
        let mut judged = std::collections::HashSet::new();
        for ty in &generated.types {
            // A struct beside a `oneOf` and the enum of its branches share the schema's
            // pointer; the struct is the schema's type, the enum only part of it.
            if !judged.insert(ty.pointer.clone()) {
                continue;
            }
            let schema = at(&document, &ty.pointer).cloned().unwrap_or(Value::Null);
            let mut seeds: Vec<Value> = generated
                .examples
                .iter()
                .filter(|e| e.rust_type == ty.path)
                .filter_map(|e| serde_json::from_str(&e.json).ok())
                .collect();
            seeds.push(typical(&schema, &document, 0));
            cases.push(Case {
                fixture,
                rust_type: format!("{module}::{}", ty.path),
                pointer: ty.pointer.clone(),
                instances: mutations(&seeds),
            });
        }
        documents.insert(fixture, document);
    }
    std::fs::write(root.join("src/lib.rs"), lib).unwrap();
    let verdicts = judge_by_types(&root, &cases);

    let mut counts: BTreeMap<Lenient, usize> = BTreeMap::new();
    let mut unexplained = Vec::new();
    let (mut agreed, mut total) = (0, 0);
    let mut per_fixture: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (case, type_verdicts) in cases.iter().zip(&verdicts) {
        let validator = validator(&documents[case.fixture], &case.pointer);
        for (instance, &by_type) in case.instances.iter().zip(type_verdicts) {
            let by_schema = validator.is_valid(instance);
            total += 1;
            let row = per_fixture.entry(case.fixture).or_default();
            row.1 += 1;
            if by_type == by_schema {
                agreed += 1;
                row.0 += 1;
                continue;
            }
            let document = &documents[case.fixture];
            let schema = at(document, &case.pointer).unwrap_or(&Value::Null);
            let enforced_fully = !unenforced(schema, document, &mut Vec::new());
            let reason = explain(
                instance,
                by_type,
                enforced_fully,
                &documents[case.fixture],
                &case.pointer,
            );
            match reason {
                Some(reason) => *counts.entry(reason).or_default() += 1,
                None => unexplained.push(format!(
                    "{} {}: type says {by_type}, schema says {by_schema}: {instance}",
                    case.rust_type, case.pointer
                )),
            }
        }
    }
    println!(
        "{agreed} of {total} instances of {} types agree",
        cases.len()
    );
    for (fixture, (a, t)) in &per_fixture {
        println!("  {fixture}: {a}/{t}");
    }
    for (reason, n) in &counts {
        println!("  {reason:?}: {n}");
    }
    assert!(
        unexplained.is_empty(),
        "{} disagreements of no documented kind:\n{}",
        unexplained.len(),
        unexplained.join("\n")
    );
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
/// [`NOT_ENFORCED`], a draft-07 tuple, an `enum` of objects or arrays, or `oneOf` branches that
/// only list `required`.
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
fn explain(
    instance: &Value,
    accepted_by_type: bool,
    enforced_fully: bool,
    document: &Value,
    pointer: &str,
) -> Option<Lenient> {
    if accepted_by_type && !enforced_fully {
        return Some(Lenient::NotEnforced);
    }
    let schema = resolve(document, at(document, pointer)?);
    // Confirmed: without its null properties, the schema accepts the value.
    if accepted_by_type
        && has_null_property(instance)
        && validator(document, pointer).is_valid(&without_nulls(instance))
    {
        return Some(Lenient::NullForAbsent);
    }
    // Confirmed: more than one branch accepts the value.
    if accepted_by_type && let Some(branches) = schema.get("oneOf").and_then(Value::as_array) {
        let target = schema_pointer(document, pointer);
        let accepting = (0..branches.len())
            .filter(|i| validator(document, &format!("{target}/oneOf/{i}")).is_valid(instance))
            .count();
        if accepting > 1 {
            return Some(Lenient::OneOfOverlap);
        }
    }
    if !accepted_by_type && schema.get("discriminator").is_some() {
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
    let object_like =
        schema.get("type") == Some(&json!("object")) || schema.get("properties").is_some();
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
fn at<'v>(document: &'v Value, pointer: &str) -> Option<&'v Value> {
    document.pointer(pointer.trim_start_matches('#'))
}

/// Follows local `$ref`s.
fn resolve<'v>(document: &'v Value, mut schema: &'v Value) -> &'v Value {
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
fn typical(schema: &Value, document: &Value, depth: usize) -> Value {
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
fn mutations(seeds: &[Value]) -> Vec<Value> {
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

fn validator(document: &Value, pointer: &str) -> jsonschema::Validator {
    let draft = match document.get("$schema").and_then(Value::as_str) {
        Some(s) if s.contains("draft-07") => jsonschema::Draft::Draft7,
        _ => jsonschema::Draft::Draft202012,
    };
    let resource = draft.create_resource(document.clone());
    let registry = jsonschema::Registry::new()
        .add("urn:spec", resource)
        .unwrap()
        .prepare()
        .unwrap();
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(false)
        .with_registry(&registry)
        .build(&json!({"$ref": format!("urn:spec{}", fragment(pointer))}))
        .unwrap()
}

/// A JSON pointer as a URI fragment: what a fragment may not hold, percent-encoded.
fn fragment(pointer: &str) -> String {
    let mut out = String::new();
    for byte in pointer.bytes() {
        if byte.is_ascii_alphanumeric() || b"#/-._~!$&'()*+,;=:@".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Builds a program that reads each case's instances into its type, and returns whether
/// each read succeeded.
fn judge_by_types(root: &Path, cases: &[Case]) -> Vec<Vec<bool>> {
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    let runtime = runtime.to_string_lossy().replace('\\', "/");
    std::fs::write(
        root.join("Cargo.toml"),
        format!(
            "[package]\nname = \"differential\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\ntypewright-runtime = {{ path = \"{runtime}\" }}\n\n[workspace]\n"
        ),
    )
    .unwrap();
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::copy(lock, root.join("Cargo.lock")).unwrap();
    let mut main = String::from(
        "use typewright_runtime::serde_json;\n\nfn reads<T: typewright_runtime::serde::de::DeserializeOwned>(value: &serde_json::Value) -> bool {\n    serde_json::from_value::<T>(value.clone()).is_ok()\n}\n\nfn main() {\n    let input = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();\n    for line in input.lines() {\n        let (case, json) = line.split_once('\\t').unwrap();\n        let value: serde_json::Value = serde_json::from_str(json).unwrap();\n        let ok = match case.parse::<usize>().unwrap() {\n",
    );
    let mut instances = String::new();
    for (index, case) in cases.iter().enumerate() {
        let _ = writeln!(
            main,
            "            {index} => reads::<differential::{}>(&value),",
            case.rust_type
        );
        for instance in &case.instances {
            let _ = writeln!(instances, "{index}\t{instance}");
        }
    }
    main.push_str("            _ => unreachable!(),\n        };\n        println!(\"{}\", u8::from(ok));\n    }\n}\n");
    std::fs::write(root.join("src/main.rs"), main).unwrap();
    std::fs::write(root.join("instances.txt"), &instances).unwrap();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet", "--offline", "--", "instances.txt"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", root.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut verdicts = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|l| l == "1")
        .collect::<Vec<_>>()
        .into_iter();
    cases
        .iter()
        .map(|case| verdicts.by_ref().take(case.instances.len()).collect())
        .collect()
}
