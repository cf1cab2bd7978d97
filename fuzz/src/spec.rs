//! A spec the fuzzer can build: every construct typewright reads, with names drawn from a
//! small alphabet (so that names collide) that includes symbols, non-ASCII and keywords, and
//! references that may point anywhere, including nowhere and back at themselves.

use arbitrary::Arbitrary;
use serde_json::{Map, Value, json};

#[derive(Arbitrary, Debug)]
pub struct Spec {
    openapi: bool,
    definitions: Vec<(Name, Schema)>,
    /// OpenAPI only: operations, each a path, a tag and its `200` response's schema, for the
    /// operation models and `Config::operation_tags`.
    operations: Vec<(Name, Name, Schema)>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Name {
    Pet,
    PetLower,
    Self_,
    Type,
    Empty,
    Symbols,
    Unicode,
    Digits,
    Spaces,
    Index(u8),
}

impl Name {
    fn text(self) -> String {
        match self {
            Name::Pet => "Pet".into(),
            Name::PetLower => "pet".into(),
            Name::Self_ => "self".into(),
            Name::Type => "type".into(),
            Name::Empty => String::new(),
            Name::Symbols => "!-/~".into(),
            Name::Unicode => "ǅemal²😀".into(),
            Name::Digits => "123".into(),
            Name::Spaces => "a b".into(),
            Name::Index(i) => format!("n{}", i % 8),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(Name),
    List(Vec<Literal>),
}

impl Literal {
    fn json(&self) -> Value {
        match self {
            Literal::Null => Value::Null,
            Literal::Bool(b) => json!(b),
            Literal::Int(i) => json!(i),
            // JSON has no NaN or infinity: those become null, as serde_json writes them.
            Literal::Float(f) => {
                serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number)
            }
            Literal::Text(name) => json!(name.text()),
            Literal::List(items) => Value::Array(items.iter().map(Literal::json).collect()),
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Pattern {
    Digits,
    Catastrophic,
    Lookahead,
    Backreference,
    InlineFlag,
    Broken,
}

impl Pattern {
    fn text(&self) -> &'static str {
        match self {
            Pattern::Digits => r"^\d+$",
            Pattern::Catastrophic => "^(a+)+$",
            Pattern::Lookahead => "^(?=a).+$",
            Pattern::Backreference => r"^(a)\1$",
            Pattern::InlineFlag => "(?i)^abc$",
            Pattern::Broken => "([",
        }
    }
}

#[derive(Arbitrary, Debug)]
pub enum Schema {
    Any,
    Never,
    String {
        pattern: Option<Pattern>,
        min_length: Option<u8>,
        max_length: Option<u8>,
        format: Option<Name>,
    },
    Integer {
        minimum: Option<i64>,
        multiple_of: Option<i8>,
        format: bool,
    },
    Number,
    Boolean,
    Null,
    Enum(Vec<Literal>),
    Const(Literal),
    Array {
        items: Box<Schema>,
        unique: bool,
    },
    Tuple(Vec<Schema>, bool),
    Object {
        properties: Vec<(Name, Schema)>,
        required: Vec<Name>,
        additional: Option<Box<Schema>>,
        closed: bool,
    },
    /// An object whose required `property` is fixed to `value` (`const`, or a one-value
    /// `enum`): the branches of a union that share a tag value, or are tagged without a
    /// `discriminator`.
    Tagged {
        property: Name,
        value: Name,
        as_enum: bool,
        properties: Vec<(Name, Schema)>,
    },
    /// A map by key patterns (`patternProperties`), perhaps closed to other keys, and with
    /// rules for every key (`propertyNames`).
    Map {
        patterns: Vec<(Pattern, Schema)>,
        names: Option<Box<Schema>>,
        closed: bool,
    },
    Ref(Name),
    Pointer(Vec<Name>),
    /// `properties: {$ref: '#/...'}`: a JSON Reference in place of the mapping, which is
    /// read as what it points at (or reported when that is no mapping of schemas).
    PropertiesRef(Vec<Name>),
    OneOf(Vec<Schema>, Option<(Name, Vec<(Name, Name)>)>),
    AnyOf(Vec<Schema>),
    AllOf(Vec<Schema>),
    Nullable(Box<Schema>),
    Default(Box<Schema>, Literal),
    Described(Box<Schema>, Name),
    Unknown(Box<Schema>, Name),
}

impl Spec {
    /// The spec as JSON text (which is YAML too).
    pub fn to_json(&self) -> String {
        let mut definitions = Map::new();
        for (name, schema) in &self.definitions {
            definitions.insert(name.text(), schema.json(self.openapi, 0));
        }
        let mut paths = Map::new();
        // Each operation's schema is also a webhook's payload, under the path's own text as
        // its name: the `Webhook` enum's variants and its reading by a constant property.
        let mut webhooks = Map::new();
        for (path, tag, schema) in &self.operations {
            let response = json!({
                "description": "ok",
                "content": {"application/json": {"schema": schema.json(self.openapi, 0)}},
            });
            let operation = json!({"tags": [tag.text()], "responses": {"200": response}});
            paths.insert(format!("/{}", path.text()), json!({ "get": operation }));
            let body = json!({"content": {"application/json": {"schema": schema.json(self.openapi, 0)}}});
            let webhook = json!({"requestBody": body, "responses": {"200": {"description": "ok"}}});
            webhooks.insert(path.text(), json!({ "post": webhook }));
        }
        let document = if self.openapi {
            json!({
                "openapi": "3.1.0",
                "info": {"title": "Fuzz", "version": "1"},
                "paths": paths,
                "webhooks": webhooks,
                "components": {"schemas": definitions},
            })
        } else {
            json!({"$defs": definitions})
        };
        document.to_string()
    }

    /// The tag of the first operation, to select it by.
    pub fn first_tag(&self) -> Option<String> {
        let (_, tag, _) = self.operations.first()?;
        Some(tag.text())
    }
}

/// Deeper schemas are cut off: the loader's own depth cap is tested elsewhere.
const MAX_DEPTH: usize = 24;

impl Schema {
    fn json(&self, openapi: bool, depth: usize) -> Value {
        if depth > MAX_DEPTH {
            return json!({});
        }
        let child = |schema: &Schema| schema.json(openapi, depth + 1);
        let list = |schemas: &[Schema]| Value::Array(schemas.iter().map(child).collect());
        let reference = |name: &Name| {
            let base = if openapi {
                "#/components/schemas/"
            } else {
                "#/$defs/"
            };
            let text = name.text().replace('~', "~0").replace('/', "~1");
            json!({"$ref": format!("{base}{text}")})
        };
        match self {
            Schema::Any => json!({}),
            Schema::Never => json!(false),
            Schema::String {
                pattern,
                min_length,
                max_length,
                format,
            } => {
                let mut s = json!({"type": "string"});
                if let Some(p) = pattern {
                    s["pattern"] = json!(p.text());
                }
                if let Some(n) = min_length {
                    s["minLength"] = json!(n);
                }
                if let Some(n) = max_length {
                    s["maxLength"] = json!(n);
                }
                if let Some(f) = format {
                    s["format"] = json!(f.text());
                }
                s
            }
            Schema::Integer {
                minimum,
                multiple_of,
                format,
            } => {
                let mut s = json!({"type": "integer"});
                if let Some(m) = minimum {
                    s["minimum"] = json!(m);
                }
                if let Some(m) = multiple_of {
                    s["multipleOf"] = json!(m);
                }
                if *format {
                    s["format"] = json!("int32");
                }
                s
            }
            Schema::Number => json!({"type": "number"}),
            Schema::Boolean => json!({"type": "boolean"}),
            Schema::Null => json!({"type": "null"}),
            Schema::Enum(values) => {
                json!({"enum": values.iter().map(Literal::json).collect::<Vec<_>>()})
            }
            Schema::Const(value) => json!({"const": value.json()}),
            Schema::Array { items, unique } => {
                json!({"type": "array", "items": child(items), "uniqueItems": unique})
            }
            Schema::Tuple(items, closed) => {
                json!({"type": "array", "prefixItems": list(items), "items": !closed})
            }
            Schema::Object {
                properties,
                required,
                additional,
                closed,
            } => {
                let mut props = Map::new();
                for (name, schema) in properties {
                    props.insert(name.text(), child(schema));
                }
                let mut s = json!({
                    "type": "object",
                    "properties": props,
                    "required": required.iter().map(|n| n.text()).collect::<Vec<_>>(),
                });
                match (additional, closed) {
                    (Some(schema), _) => s["additionalProperties"] = child(schema),
                    (None, true) => s["additionalProperties"] = json!(false),
                    (None, false) => {}
                }
                s
            }
            Schema::Tagged {
                property,
                value,
                as_enum,
                properties,
            } => {
                let mut props = Map::new();
                for (name, schema) in properties {
                    props.insert(name.text(), child(schema));
                }
                let fixed = match as_enum {
                    true => json!({"type": "string", "enum": [value.text()]}),
                    false => json!({"const": value.text()}),
                };
                props.insert(property.text(), fixed);
                json!({"type": "object", "required": [property.text()], "properties": props})
            }
            Schema::Map {
                patterns,
                names,
                closed,
            } => {
                let mut by_pattern = Map::new();
                for (pattern, schema) in patterns {
                    by_pattern.insert(pattern.text().to_string(), child(schema));
                }
                let mut s = json!({"type": "object", "patternProperties": by_pattern});
                if let Some(names) = names {
                    s["propertyNames"] = child(names);
                }
                if *closed {
                    s["additionalProperties"] = json!(false);
                }
                s
            }
            Schema::Ref(name) => reference(name),
            Schema::PropertiesRef(path) => {
                let path: Vec<String> = path.iter().map(|n| n.text()).collect();
                json!({"type": "object", "properties": {"$ref": format!("#/{}", path.join("/"))}})
            }
            Schema::Pointer(path) => {
                let path: Vec<String> = path.iter().map(|n| n.text()).collect();
                json!({"$ref": format!("#/{}", path.join("/"))})
            }
            Schema::OneOf(branches, discriminator) => {
                let mut s = json!({"oneOf": list(branches)});
                if let Some((property, mapping)) = discriminator {
                    let mut map = Map::new();
                    for (tag, target) in mapping {
                        map.insert(tag.text(), reference(target)["$ref"].clone());
                    }
                    s["discriminator"] = json!({"propertyName": property.text(), "mapping": map});
                }
                s
            }
            Schema::AnyOf(branches) => json!({"anyOf": list(branches)}),
            Schema::AllOf(branches) => json!({"allOf": list(branches)}),
            Schema::Nullable(inner) => {
                let mut s = child(inner);
                if let Some(map) = s.as_object_mut() {
                    map.insert("nullable".into(), json!(true));
                }
                s
            }
            Schema::Default(inner, value) => with(child(inner), "default", value.json()),
            Schema::Described(inner, text) => with(child(inner), "description", json!(text.text())),
            Schema::Unknown(inner, key) => with(child(inner), &key.text(), json!(1)),
        }
    }
}

fn with(mut schema: Value, key: &str, value: Value) -> Value {
    if let Some(map) = schema.as_object_mut() {
        map.insert(key.to_string(), value);
    }
    schema
}
