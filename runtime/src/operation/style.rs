//! Parameter serialization, OpenAPI 3.x section "Style Values" (and Swagger 2.0's
//! `collectionFormat`): a value, as JSON, written as path text, query pairs, a header value
//! or cookie pairs, and read back. Percent-encoding follows RFC 3986 for each position.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use super::pairs::{bracketed, pair};
use super::{In, Param, Shape, Style};

/// Everything but RFC 3986's unreserved characters is encoded in a value.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `allowReserved: true`: RFC 3986's reserved characters pass as they are.
const RESERVED_ALLOWED: &AsciiSet = &COMPONENT
    .remove(b':')
    .remove(b'/')
    .remove(b'?')
    .remove(b'#')
    .remove(b'[')
    .remove(b']')
    .remove(b'@')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=');

/// What one parameter becomes in a request.
#[derive(Debug, PartialEq)]
pub(crate) enum Encoded {
    /// The text that replaces `{name}` in the path, or a header's value.
    Text(String),
    /// `name=value` pairs of the query string or the `Cookie` header, already encoded.
    Pairs(Vec<(String, String)>),
}

/// JSON that keeps the order of an object's keys, as the struct wrote them: parameters
/// and form bodies list properties in declaration order. (`serde_json::Value` sorts them,
/// unless a crate anywhere in the build turns on its `preserve_order`.)
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    /// A string, number or boolean, as its JSON text (strings unquoted).
    Scalar(String, bool),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// `value` as the JSON its `Serialize` impl writes.
    pub(crate) fn of<T: serde::Serialize + ?Sized>(value: &T) -> Result<Json, serde_json::Error> {
        serde_json::from_slice(&serde_json::to_vec(value)?)
    }

    /// A scalar as a parameter writes it; nested arrays and objects as JSON text.
    pub(crate) fn text(&self) -> String {
        match self {
            Json::Null => String::new(),
            Json::Scalar(text, _) => text.clone(),
            composite => composite.json(),
        }
    }

    pub(crate) fn json(&self) -> String {
        let quote = |s: &str| serde_json::to_string(s).unwrap_or_default();
        match self {
            Json::Null => "null".into(),
            Json::Scalar(text, true) => quote(text),
            Json::Scalar(text, false) => text.clone(),
            Json::Array(items) => {
                let items: Vec<String> = items.iter().map(Json::json).collect();
                format!("[{}]", items.join(","))
            }
            Json::Object(entries) => {
                let entries: Vec<String> = entries
                    .iter()
                    .map(|(k, v)| format!("{}:{}", quote(k), v.json()))
                    .collect();
                format!("{{{}}}", entries.join(","))
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        struct JsonVisitor;
        impl<'de> Visitor<'de> for JsonVisitor {
            type Value = Json;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("JSON")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Scalar(v.to_string(), false))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
                Ok(Json::Scalar(v.to_string(), false))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
                Ok(Json::Scalar(v.to_string(), false))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
                Ok(Json::Scalar(
                    serde_json::Number::from_f64(v).map_or_else(String::new, |n| n.to_string()),
                    false,
                ))
            }
            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::Scalar(v.to_string(), true))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Json::Object(entries))
            }
        }
        deserializer.deserialize_any(JsonVisitor)
    }
}

/// Writes `value` as parameter `param` says.
pub(crate) fn encode(param: &Param, value: &Json) -> Encoded {
    let set = if param.allow_reserved {
        RESERVED_ALLOWED
    } else {
        COMPONENT
    };
    // Headers are not percent-encoded: their text goes as it is, and `http` refuses what
    // no header may hold.
    let enc = |text: &str| -> String {
        match param.location {
            In::Header => text.to_string(),
            _ => utf8_percent_encode(text, set).to_string(),
        }
    };
    let name = enc(param.name);
    if param.style == Style::Json {
        let text = enc(&value.json());
        return match param.location {
            In::Path | In::Header => Encoded::Text(text),
            In::Query | In::Cookie | In::Form => Encoded::Pairs(vec![(name, text)]),
        };
    }
    // Items, or keys and values, encoded one by one: a delimiter inside a value is encoded,
    // the delimiters between them are not.
    let items: Option<Vec<String>> = match value {
        Json::Array(items) => Some(items.iter().map(|v| enc(&v.text())).collect()),
        _ => None,
    };
    let entries: Option<Vec<(String, String)>> = match value {
        Json::Object(entries) => Some(
            entries
                .iter()
                .map(|(k, v)| (enc(k), enc(&v.text())))
                .collect(),
        ),
        _ => None,
    };
    let single = enc(&value.text());
    let flat = |separator: &str| -> String {
        match (&items, &entries) {
            (Some(items), _) => items.join(separator),
            (_, Some(entries)) => entries
                .iter()
                .flat_map(|(k, v)| [k.as_str(), v.as_str()])
                .collect::<Vec<_>>()
                .join(separator),
            _ => single.clone(),
        }
    };
    let assigned = |separator: &str| -> String {
        match &entries {
            Some(entries) => entries
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(separator),
            None => flat(separator),
        }
    };
    match (param.location, param.style, param.explode) {
        (In::Path | In::Header, Style::Label, explode) => {
            let separator = if explode { "." } else { "," };
            let body = if explode {
                assigned(".")
            } else {
                flat(separator)
            };
            Encoded::Text(format!(".{body}"))
        }
        (In::Path | In::Header, Style::Matrix, false) => Encoded::Text(match value {
            Json::Null => format!(";{name}"),
            _ => format!(";{name}={}", flat(",")),
        }),
        (In::Path | In::Header, Style::Matrix, true) => Encoded::Text(match (&items, &entries) {
            (Some(items), _) => items.iter().map(|i| format!(";{name}={i}")).collect(),
            (_, Some(entries)) => entries.iter().map(|(k, v)| format!(";{k}={v}")).collect(),
            _ if *value == Json::Null => format!(";{name}"),
            _ => format!(";{name}={single}"),
        }),
        (In::Path | In::Header, _, true) => Encoded::Text(assigned(",")),
        (In::Path | In::Header, _, false) => Encoded::Text(flat(",")),
        (_, Style::DeepObject, _) if entries.is_some() => Encoded::Pairs(
            entries
                .into_iter()
                .flatten()
                .map(|(k, v)| (format!("{name}%5B{k}%5D"), v))
                .collect(),
        ),
        (_, Style::SpaceDelimited, false) => Encoded::Pairs(vec![(name, flat("%20"))]),
        (_, Style::PipeDelimited, false) => Encoded::Pairs(vec![(name, flat("%7C"))]),
        (_, Style::TabDelimited, false) => Encoded::Pairs(vec![(name, flat("%09"))]),
        // `form` (and the delimited styles exploded, which the spec defines as `form`'s).
        (_, _, true) => Encoded::Pairs(match (items, entries) {
            (Some(items), _) => items.into_iter().map(|i| (name.clone(), i)).collect(),
            (_, Some(entries)) => entries,
            _ => vec![(name, single)],
        }),
        (_, _, false) => Encoded::Pairs(vec![(name, flat(","))]),
    }
}

/// `text` with everything but RFC 3986's unreserved characters percent-encoded.
pub(crate) fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// Percent-decodes `text`; a query also reads `+` as a space, as HTML forms write it.
pub(crate) fn decode_text(text: &str, plus_is_space: bool) -> Result<String, String> {
    let text = if plus_is_space {
        std::borrow::Cow::Owned(text.replace('+', " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    percent_decode_str(&text)
        .decode_utf8()
        .map(|t| t.into_owned())
        .map_err(|_| "its percent-encoded bytes are not UTF-8".to_string())
}

/// Where a parameter's raw (still percent-encoded) text was found in a request.
pub(crate) enum Raw<'a> {
    /// The text matched by `{name}` in the path, or a header's value.
    Text(&'a str),
    /// Every query (or cookie) pair, in order; the parameter picks its own.
    Pairs(&'a [(String, String)]),
}

/// Reads parameter `param` back into JSON, or `None` when the request does not have it.
/// Scalars stay strings here; [`guess`] gives them a JSON type.
pub(crate) fn decode(param: &Param, raw: Raw<'_>) -> Result<Option<Value>, String> {
    // A form reads `+` as a space, as HTML forms write it; but a value written with
    // `allowReserved` keeps `+`, a reserved character, as it is, so there `+` is a plus.
    let plus = matches!(param.location, In::Query | In::Form) && !param.allow_reserved;
    // Header values are not percent-encoded (`encode` writes them as they are).
    let header = param.location == In::Header;
    let dec = |t: &str| match header {
        true => Ok(t.to_string()),
        false => decode_text(t, plus),
    };
    let name = param.name;
    let text: String = match raw {
        Raw::Text(text) => match (param.style, param.location) {
            (_, In::Header) => text.trim().to_string(),
            (Style::Label, _) => match text.strip_prefix('.') {
                Some(rest) => rest.to_string(),
                None => return Err("a `label` value starts with `.`".into()),
            },
            (Style::Matrix, _) => {
                return decode_matrix(param, text).map(Some);
            }
            _ => text.to_string(),
        },
        Raw::Pairs(pairs) => {
            let own = |key: &str| dec(key).is_ok_and(|k| k == name);
            if param.style == Style::DeepObject {
                let mut map = Map::new();
                for (key, value) in pairs {
                    let key = dec(key)?;
                    if let Some((head, segments)) = bracketed(&key)
                        && head == name
                    {
                        // One level, as OpenAPI defines `deepObject`: `a[b][c]` is field `b][c`.
                        map.insert(segments.join("]["), Value::String(dec(value)?));
                    }
                }
                return Ok((!map.is_empty()).then_some(Value::Object(map)));
            }
            if param.explode && param.shape == Shape::Object && param.style != Style::Json {
                // `R=100&G=200`: the object's keys are the pairs' own.
                let mut map = Map::new();
                for (key, value) in pairs {
                    map.insert(dec(key)?, Value::String(dec(value)?));
                }
                return Ok((!map.is_empty()).then_some(Value::Object(map)));
            }
            let mut values = pairs.iter().filter(|(k, _)| own(k)).map(|(_, v)| v);
            if param.explode && param.shape == Shape::Array && param.style != Style::Json {
                let items = values
                    .map(|v| dec(v).map(Value::String))
                    .collect::<Result<Vec<_>, _>>()?;
                return Ok((!items.is_empty()).then_some(Value::Array(items)));
            }
            match values.next() {
                Some(value) => value.clone(),
                None => return Ok(None),
            }
        }
    };
    if param.style == Style::Json {
        let text = dec(&text)?;
        return serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("it is not JSON: {e}"));
    }
    let separator: &[&str] = match (param.style, param.explode) {
        (Style::SpaceDelimited, _) => &["%20", " ", "+"],
        (Style::PipeDelimited, _) => &["%7C", "%7c", "|"],
        (Style::TabDelimited, _) => &["%09", "\t"],
        (Style::Label, true) => &["."],
        _ => &[","],
    };
    shaped(param.shape, &text, separator, param.explode, &dec).map(Some)
}

/// One parameter's text as its shape reads it: a string, the items between `separator`s,
/// or an object's entries (`k,v,k,v`, or exploded `k=v`).
fn shaped(
    shape: Shape,
    text: &str,
    separator: &[&str],
    exploded: bool,
    dec: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Value, String> {
    let pieces = split_any(text, separator);
    Ok(match shape {
        Shape::Primitive => Value::String(dec(text)?),
        Shape::Array => Value::Array(
            pieces
                .iter()
                .map(|p| dec(p).map(Value::String))
                .collect::<Result<_, _>>()?,
        ),
        Shape::Object => Value::Object(entries(&pieces, exploded, dec)?),
    })
}

/// `;name=value` and its exploded forms.
fn decode_matrix(param: &Param, text: &str) -> Result<Value, String> {
    let dec = |t: &str| decode_text(t, false);
    let name = param.name;
    let pieces: Vec<&str> = text.split(';').skip(1).collect();
    // An exploded object without keys (or list without items) is written as nothing at
    // all: RFC 6570 leaves every undefined member out.
    let nothing = text.is_empty() && param.explode && param.shape != Shape::Primitive;
    if !nothing && !text.starts_with(';') {
        return Err("a `matrix` value starts with `;`".into());
    }
    let value_of = |piece: &str| -> Option<String> {
        let (key, value) = pair(piece);
        (dec(key).ok()? == name).then(|| value.to_string())
    };
    match (param.shape, param.explode) {
        (Shape::Object, true) => Ok(Value::Object(entries(&pieces, true, &dec)?)),
        (Shape::Array, true) => pieces
            .iter()
            .filter_map(|p| value_of(p))
            .map(|v| dec(&v).map(Value::String))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        (shape, _) => {
            let value = pieces
                .first()
                .and_then(|p| value_of(p))
                .ok_or_else(|| format!("expected `;{name}=`"))?;
            shaped(shape, &value, &[","], false, &dec)
        }
    }
}

fn split_any<'t>(text: &'t str, separators: &[&str]) -> Vec<&'t str> {
    let mut pieces = vec![text];
    for separator in separators {
        pieces = pieces.iter().flat_map(|p| p.split(separator)).collect();
    }
    pieces
}

/// An object's entries from `k,v,k,v` (or, exploded, `k=v` pieces).
fn entries(
    pieces: &[&str],
    exploded: bool,
    dec: &dyn Fn(&str) -> Result<String, String>,
) -> Result<Map<String, Value>, String> {
    let mut map = Map::new();
    if exploded {
        for piece in pieces {
            let (key, value) = pair(piece);
            map.insert(dec(key)?, Value::String(dec(value)?));
        }
        return Ok(map);
    }
    if !pieces.len().is_multiple_of(2) {
        return Err("an object's keys and values do not pair up".into());
    }
    for pair in pieces.chunks(2) {
        map.insert(dec(pair[0])?, Value::String(dec(pair[1])?));
    }
    Ok(map)
}

/// A scalar read from text, typed as JSON would type it: `7` a number, `true` a boolean, an
/// empty value `null`, anything else a string. The caller retries with every scalar a
/// string when the typed reading does not fit the parameter's type (`"007"` for a string).
pub(crate) fn guess(value: Value) -> Value {
    retype(value, true)
}

/// [`guess`] without nulls: each string JSON would read as a number or a boolean made one,
/// and every other string kept (`""` and `"null"` too). What a parameter read through a
/// buffer (an untagged union) tries first.
pub(crate) fn typed(value: Value) -> Value {
    retype(value, false)
}

/// The strings of `value`, at any depth, typed as JSON would type them; to `null` too (an
/// empty value, or `null`) where `nulls` says.
fn retype(value: Value, nulls: bool) -> Value {
    match value {
        Value::String(text) if nulls && text.is_empty() => Value::Null,
        Value::String(text) => match serde_json::from_str::<Value>(&text) {
            Ok(typed @ (Value::Number(_) | Value::Bool(_))) => typed,
            Ok(Value::Null) if nulls => Value::Null,
            _ => Value::String(text),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(|v| retype(v, nulls)).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, retype(v, nulls)))
                .collect(),
        ),
        other => other,
    }
}
