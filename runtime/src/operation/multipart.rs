//! `multipart/form-data` bodies (RFC 7578): a body's properties written as parts, and parts
//! read back (by multer, the parser axum uses) into the body's type.
//!
//! A property's part follows OpenAPI's defaults: a [`File`] is a file part
//! (`application/octet-stream` unless the file or the `encoding` says otherwise), a string,
//! number or boolean a text part, an array one part per item, an object a JSON part. A
//! body goes through JSON on its way, with each file stashed aside and a placeholder in its
//! place ([`crate::file`]), so that every type reads and writes its parts as it reads and
//! writes JSON.

use serde::Serialize;
use serde::de::{
    DeserializeOwned, Deserializer, IntoDeserializer, Visitor, value::MapDeserializer,
};
use serde_json::Value;

use super::Error;
use super::lenient::Lenient;
use super::style::Json;
use crate::File;
use crate::file::{PLACEHOLDER, placeholder, with_stash};

/// One part of a multipart body.
#[derive(Debug, PartialEq)]
pub(crate) struct Part {
    pub name: String,
    pub file_name: Option<String>,
    pub content_type: Option<String>,
    pub bytes: Vec<u8>,
}

/// A body's parts: one per property (one per item of an array), in declaration order;
/// `part_types` are the `encoding` object's `contentType`s by property.
pub(crate) fn parts<T: Serialize + ?Sized>(
    body: &T,
    part_types: &[(&str, &str)],
) -> Result<Vec<Part>, Error> {
    let (json, mut files) = with_stash(Vec::new(), || Json::of(body));
    let json = json.map_err(|e| Error::new(format!("the request body: {e}")))?;
    let Json::Object(properties) = json else {
        return Err(Error::new(
            "a multipart body is an object: its properties are the parts",
        ));
    };
    let mut parts = Vec::new();
    for (name, value) in properties {
        let declared = part_types.iter().find(|(p, _)| *p == name).map(|(_, t)| *t);
        match value {
            Json::Array(items) => {
                for item in items {
                    push_part(&mut parts, &name, item, declared, &mut files);
                }
            }
            value => push_part(&mut parts, &name, value, declared, &mut files),
        }
    }
    Ok(parts)
}

fn push_part(
    parts: &mut Vec<Part>,
    name: &str,
    value: Json,
    declared: Option<&str>,
    files: &mut [File],
) {
    // `encoding` may list several media types (`image/png, image/jpeg`) or a range; a part
    // is sent as the first concrete one.
    let declared = declared
        .and_then(|d| d.split(',').next())
        .map(str::trim)
        .filter(|d| !d.is_empty() && !d.contains('*'));
    let part = match value {
        Json::Null => return,
        // Each placeholder stands for its own stashed file: its bytes move into the part.
        Json::Object(entries) if file_index(&entries).is_some_and(|i| i < files.len()) => {
            let file = std::mem::take(&mut files[file_index(&entries).unwrap_or_default()]);
            Part {
                name: name.to_string(),
                file_name: Some(file.name.unwrap_or_else(|| name.to_string())),
                content_type: Some(
                    file.content_type
                        .or(declared.map(str::to_string))
                        .unwrap_or_else(|| "application/octet-stream".to_string()),
                ),
                bytes: file.bytes,
            }
        }
        Json::Scalar(text, _) => Part {
            name: name.to_string(),
            file_name: None,
            content_type: declared.map(str::to_string),
            bytes: text.into_bytes(),
        },
        composite => Part {
            name: name.to_string(),
            file_name: None,
            content_type: Some(declared.unwrap_or("application/json").to_string()),
            bytes: composite.json().into_bytes(),
        },
    };
    parts.push(part);
}

fn file_index(entries: &[(String, Json)]) -> Option<usize> {
    match entries {
        [(key, Json::Scalar(index, false))] if key == PLACEHOLDER => index.parse().ok(),
        _ => None,
    }
}

/// The body of `parts`, and the `content-type` that names its boundary. The boundary is
/// the first of a fixed sequence that no part contains, so the same parts make the same
/// bytes.
pub(crate) fn encode(parts: &[Part]) -> (String, Vec<u8>) {
    let mut boundary = String::from("typewright-boundary");
    let mut attempt = 0u32;
    while parts.iter().any(|p| {
        memchr::memmem::find(&p.bytes, boundary.as_bytes()).is_some() || p.name.contains(&boundary)
    }) {
        attempt += 1;
        boundary = format!("typewright-boundary-{attempt:x}");
    }
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let mut disposition = format!(
            "Content-Disposition: form-data; name=\"{}\"",
            quoted(&part.name)
        );
        if let Some(file_name) = &part.file_name {
            disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
        }
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        if let Some(content_type) = &part.content_type {
            let content_type: String = content_type.chars().filter(|c| !c.is_control()).collect();
            body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&part.bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// A name in a `Content-Disposition` header, as browsers write it (the HTML standard's
/// form-data encoding): `"`, CR and LF percent-encoded.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Splits a multipart body into its parts, by multer, over the body in memory.
pub(crate) fn split(content_type: &str, body: &[u8]) -> Result<Vec<Part>, Error> {
    let boundary = multer::parse_boundary(content_type)
        .map_err(|e| Error::new(format!("the request body: {e}")))?;
    let chunk = bytes::Bytes::copy_from_slice(body);
    let stream =
        futures_util::stream::once(async move { Ok::<_, std::convert::Infallible>(chunk) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    let reading = async move {
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let content_type = field.content_type().map(|m| m.essence_str().to_string());
            let bytes = field.bytes().await?.to_vec();
            parts.push(Part {
                name,
                file_name,
                content_type,
                bytes,
            });
        }
        Ok::<_, multer::Error>(parts)
    };
    match super::in_memory(reading) {
        Some(read) => read.map_err(|e| Error::new(format!("the request body: {e}"))),
        None => Err(Error::new("the request body: the multipart reader stalled")),
    }
}

/// Reads `parts` into the body's type: a file part (one with a file name, or bytes that are
/// not text) as a [`File`], a JSON part as JSON, any other as text read as the type asks.
pub(crate) fn read<T: DeserializeOwned>(parts: Vec<Part>) -> Result<T, Error> {
    let mut files = Vec::new();
    // Each property's values in the order its parts came: several parts of one name are
    // an array's items.
    let mut properties: Vec<(String, Vec<Value>)> = Vec::new();
    let mut position: std::collections::HashMap<String, usize> = Default::default();
    for part in parts {
        let json = part
            .content_type
            .as_deref()
            .is_some_and(|t| t.ends_with("/json") || t.ends_with("+json"));
        let value = match (part.file_name, String::from_utf8(part.bytes)) {
            (None, Ok(text)) if json => serde_json::from_str(&text).unwrap_or(Value::String(text)),
            (None, Ok(text)) => Value::String(text),
            (name, bytes) => {
                let bytes = bytes.map_or_else(|e| e.into_bytes(), String::into_bytes);
                file_value(&mut files, name, part.content_type, bytes)
            }
        };
        match position.get(&part.name) {
            Some(&index) => properties[index].1.push(value),
            None => {
                position.insert(part.name.clone(), properties.len());
                properties.push((part.name, vec![value]));
            }
        }
    }
    let entries = properties.into_iter().map(|(name, mut values)| {
        let value = match values.len() {
            1 => values.pop().unwrap_or_default(),
            _ => Value::Array(values),
        };
        (name, PartValue(value))
    });
    let (read, _) = with_stash(files, || {
        T::deserialize(MapDeserializer::<_, serde_json::Error>::new(entries))
    });
    read.map_err(|e| Error::new(format!("the request body: {e}")))
}

fn file_value(
    files: &mut Vec<File>,
    name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
) -> Value {
    files.push(File {
        name,
        content_type,
        bytes,
    });
    placeholder(files.len() - 1)
}

/// A property's value: its parts' text read as the type asks ([`Lenient`]), and one part
/// read as a list of one where the type wants a list.
struct PartValue(Value);

impl<'de> IntoDeserializer<'de, serde_json::Error> for PartValue {
    type Deserializer = PartValue;
    fn into_deserializer(self) -> PartValue {
        self
    }
}

macro_rules! to_lenient {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
            Lenient(self.0).$method(visitor)
        }
    )*};
}

impl<'de> Deserializer<'de> for PartValue {
    type Error = serde_json::Error;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.0 {
            Value::Array(items) => Lenient(Value::Array(items)).deserialize_seq(visitor),
            one => Lenient(Value::Array(vec![one])).deserialize_seq(visitor),
        }
    }

    /// As [`Lenient`] reads it (an empty text part is `null`), with the value still one
    /// that reads a single part as a list.
    fn deserialize_option<V: Visitor<'de>>(
        self,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        match &self.0 {
            Value::Null => visitor.visit_none(),
            Value::String(text) if text.is_empty() => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    to_lenient! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_unit deserialize_map deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Lenient(self.0).deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Lenient(self.0).deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Lenient(self.0).deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Lenient(self.0).deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Lenient(self.0).deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, serde_json::Error> {
        Lenient(self.0).deserialize_enum(name, variants, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Upload {
        file: File,
        note: Option<String>,
        count: i32,
        tags: Vec<String>,
        meta: Option<Meta>,
        more: Vec<File>,
    }

    #[derive(Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Meta {
        width: u32,
    }

    fn upload() -> Upload {
        Upload {
            file: File::new(vec![0, 159, 146, 150])
                .name("cat.png")
                .content_type("image/png"),
            note: None,
            count: 3,
            tags: vec!["a".into(), "b c".into()],
            meta: Some(Meta { width: 2 }),
            more: vec![File::new("plain text")],
        }
    }

    #[test]
    fn a_body_round_trips_through_its_parts() {
        let parts = parts(&upload(), &[]).unwrap();
        let (content_type, body) = encode(&parts);
        let read: Upload = read(split(&content_type, &body).unwrap()).unwrap();
        // The second file had neither name nor media type: it is sent as the defaults say.
        let mut expected = upload();
        expected.more[0] = File::new("plain text")
            .name("more")
            .content_type("application/octet-stream");
        assert_eq!(read, expected);
    }

    #[test]
    fn parts_follow_openapi_defaults() {
        let parts = parts(&upload(), &[("more", "text/plain, text/csv")]).unwrap();
        let summary: Vec<(&str, Option<&str>, Option<&str>)> = parts
            .iter()
            .map(|p| {
                (
                    p.name.as_str(),
                    p.file_name.as_deref(),
                    p.content_type.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("file", Some("cat.png"), Some("image/png")),
                ("count", None, None),
                ("tags", None, None),
                ("tags", None, None),
                ("meta", None, Some("application/json")),
                ("more", Some("more"), Some("text/plain")),
            ]
        );
        assert_eq!(parts[4].bytes, br#"{"width":2}"#);
    }

    #[test]
    fn the_boundary_is_one_no_part_contains() {
        let parts = vec![Part {
            name: "a".into(),
            file_name: None,
            content_type: None,
            bytes: b"--typewright-boundary--".to_vec(),
        }];
        let (content_type, body) = encode(&parts);
        assert!(
            content_type.ends_with("typewright-boundary-1"),
            "{content_type}"
        );
        assert_eq!(split(&content_type, &body).unwrap(), parts);
    }

    #[test]
    fn a_name_cannot_break_out_of_its_header() {
        let parts = vec![Part {
            name: "a\"\r\nX-Evil: 1".into(),
            file_name: None,
            content_type: Some("text/plain\r\nX-Evil: 2".into()),
            bytes: b"v".to_vec(),
        }];
        let (_, body) = encode(&parts);
        let text = String::from_utf8(body).unwrap();
        assert!(!text.contains("\r\nX-Evil"), "{text}");
    }

    #[test]
    fn a_body_that_is_not_multipart_is_an_error() {
        let error = split("multipart/form-data; boundary=x", b"garbage").unwrap_err();
        assert!(error.to_string().contains("request body"), "{error}");
        assert!(split("application/json", b"{}").is_err());
    }
}
