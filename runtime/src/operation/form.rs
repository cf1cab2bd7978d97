//! `application/x-www-form-urlencoded` bodies: written property by property in the style
//! the media type's `encoding` gives each (`form`, or `deepObject` as Stripe reads it), and
//! read back from their brackets.

use serde_json::Value;

use super::Style;
use super::pairs::bracketed;
use super::style::{self, Json};

/// How one property of a form body is written (an entry of the media type's `encoding`);
/// the others are `form`, exploded.
#[derive(Clone, Copy, Debug)]
pub struct Encoding {
    /// The property.
    pub name: &'static str,
    /// `style`.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
}

/// `application/x-www-form-urlencoded` text of an object: RFC 3986's unreserved characters
/// as they are, a space as `+`, everything else percent-encoded (what Python's `urlencode`
/// writes); absent and `null` properties left out. Each property is written in its
/// `encoding`'s style: `form` (arrays repeat the key, objects give their own keys), or
/// `deepObject` (`key[sub]=v`, arrays `key[0]=v`, at any depth, as Stripe reads them).
pub(super) fn form_body(value: &Json, encoding: &[Encoding]) -> String {
    let Json::Object(entries) = value else {
        return String::new();
    };
    let mut pairs = Vec::new();
    for (key, value) in entries {
        if *value == Json::Null {
            continue;
        }
        let (style, explode) = encoding
            .iter()
            .find(|e| e.name == key)
            .map_or((Style::Form, true), |e| (e.style, e.explode));
        match (style, value) {
            (Style::DeepObject, _) => deep_pairs(key.clone(), value, &mut pairs),
            (_, Json::Array(items)) if explode => {
                pairs.extend(items.iter().map(|item| (key.clone(), item.text())));
            }
            (_, Json::Array(items)) => {
                let separator = match style {
                    Style::SpaceDelimited => " ",
                    Style::PipeDelimited => "|",
                    _ => ",",
                };
                let texts: Vec<String> = items.iter().map(Json::text).collect();
                pairs.push((key.clone(), texts.join(separator)));
            }
            (_, Json::Object(fields)) if explode => {
                pairs.extend(fields.iter().map(|(k, v)| (k.clone(), v.text())));
            }
            (_, Json::Object(fields)) => {
                let texts: Vec<String> = fields
                    .iter()
                    .flat_map(|(k, v)| [k.clone(), v.text()])
                    .collect();
                pairs.push((key.clone(), texts.join(",")));
            }
            (_, scalar) => pairs.push((key.clone(), scalar.text())),
        }
    }
    let enc = |text: &str| {
        text.split(' ')
            .map(style::encode_component)
            .collect::<Vec<_>>()
            .join("+")
    };
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect();
    pairs.join("&")
}

/// `key[sub]=v` pairs of a value, at any depth; array items by index (`key[0]`).
fn deep_pairs(key: String, value: &Json, pairs: &mut Vec<(String, String)>) {
    match value {
        Json::Object(fields) => {
            for (k, v) in fields {
                deep_pairs(format!("{key}[{k}]"), v, pairs);
            }
        }
        Json::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                deep_pairs(format!("{key}[{i}]"), v, pairs);
            }
        }
        Json::Null => {}
        scalar => pairs.push((key, scalar.text())),
    }
}

/// Puts `value` at the bracketed path of `key` (`a[b][0]`) in `map`; a key without
/// brackets repeats into an array. Objects whose keys are all indices (or `[]`) become
/// arrays afterwards, in [`arrays`].
pub(super) fn insert_form_value(map: &mut serde_json::Map<String, Value>, key: &str, value: Value) {
    let Some((head, segments)) = bracketed(key) else {
        let head = key;
        match map.get_mut(head) {
            Some(Value::Array(items)) => items.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
            None => {
                map.insert(head.to_string(), value);
            }
        }
        return;
    };
    let mut node = map
        .entry(head.to_string())
        .or_insert_with(|| Value::Object(serde_json::Map::new()));
    for (i, segment) in segments.iter().enumerate() {
        let Value::Object(object) = node else {
            return;
        };
        // `[]` appends: its index is the number of items so far.
        let segment = match *segment {
            "" => object.len().to_string(),
            other => other.to_string(),
        };
        if i + 1 == segments.len() {
            object.insert(segment, value);
            return;
        }
        node = object
            .entry(segment)
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
    }
}

/// Objects keyed `0`, `1`, ... (`deepObject` arrays) as arrays, at any depth.
pub(super) fn arrays(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let indexed =
                !map.is_empty() && (0..map.len()).all(|i| map.contains_key(i.to_string().as_str()));
            if indexed {
                let mut map = map;
                let items = (0..map.len())
                    .map(|i| arrays(map.remove(i.to_string().as_str()).unwrap_or(Value::Null)))
                    .collect();
                return Value::Array(items);
            }
            Value::Object(map.into_iter().map(|(k, v)| (k, arrays(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(arrays).collect()),
        other => other,
    }
}
