//! Every row of the OpenAPI 3.1 "Style Examples" table (`color` as `"blue"`,
//! `["blue","black","brown"]` and `{"R":100,"G":200,"B":150}`), written and read back.

use serde_json::{Value, json};

use super::style::{Encoded, Json, Raw, decode, encode, guess};
use super::{In, Param, RequestBuilder, RequestParts, Shape, Style};

fn param(location: In, style: Style, explode: bool, shape: Shape) -> Param {
    Param {
        name: "color",
        location,
        style,
        explode,
        allow_reserved: false,
        shape,
    }
}

/// JSON text, keeping the order of keys as written.
fn ordered(text: &str) -> Json {
    serde_json::from_str(text).unwrap()
}

fn values() -> [(Shape, &'static str); 3] {
    [
        (Shape::Primitive, r#""blue""#),
        (Shape::Array, r#"["blue","black","brown"]"#),
        (Shape::Object, r#"{"R":100,"G":200,"B":150}"#),
    ]
}

/// How a query or cookie parameter reads in the table: its pairs joined by `&`.
fn text(encoded: Encoded) -> String {
    match encoded {
        Encoded::Text(text) => text,
        Encoded::Pairs(pairs) => pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&"),
    }
}

/// Writes each value, compares it with the table, and reads it back to the same JSON.
fn table(location: In, style: Style, explode: bool, expected: [&str; 3]) {
    for ((shape, value), expected) in values().into_iter().zip(expected) {
        let param = param(location, style, explode, shape);
        let written = text(encode(&param, &ordered(value)));
        assert_eq!(written, expected, "{style:?} explode={explode} {value}");
        let pairs: Vec<(String, String)> = written
            .split('&')
            .map(|p| {
                let (k, v) = p.split_once('=').unwrap_or((p, ""));
                (k.to_string(), v.to_string())
            })
            .collect();
        let raw = match location {
            In::Path | In::Header => Raw::Text(&written),
            In::Query | In::Cookie | In::Form => Raw::Pairs(&pairs),
        };
        let read = decode(&param, raw).unwrap().map(guess);
        let value: Value = serde_json::from_str(value).unwrap();
        assert_eq!(read, Some(value), "{style:?} explode={explode} {written}");
    }
}

#[test]
fn path_styles_follow_the_table() {
    table(
        In::Path,
        Style::Matrix,
        false,
        [
            ";color=blue",
            ";color=blue,black,brown",
            ";color=R,100,G,200,B,150",
        ],
    );
    table(
        In::Path,
        Style::Matrix,
        true,
        [
            ";color=blue",
            ";color=blue;color=black;color=brown",
            ";R=100;G=200;B=150",
        ],
    );
    table(
        In::Path,
        Style::Label,
        false,
        [".blue", ".blue,black,brown", ".R,100,G,200,B,150"],
    );
    table(
        In::Path,
        Style::Label,
        true,
        [".blue", ".blue.black.brown", ".R=100.G=200.B=150"],
    );
    table(
        In::Path,
        Style::Simple,
        false,
        ["blue", "blue,black,brown", "R,100,G,200,B,150"],
    );
    table(
        In::Path,
        Style::Simple,
        true,
        ["blue", "blue,black,brown", "R=100,G=200,B=150"],
    );
}

#[test]
fn query_styles_follow_the_table() {
    table(
        In::Query,
        Style::Form,
        false,
        [
            "color=blue",
            "color=blue,black,brown",
            "color=R,100,G,200,B,150",
        ],
    );
    table(
        In::Query,
        Style::Form,
        true,
        [
            "color=blue",
            "color=blue&color=black&color=brown",
            "R=100&G=200&B=150",
        ],
    );
    // The table leaves primitives out of the delimited styles; they are written as `form`.
    table(
        In::Query,
        Style::SpaceDelimited,
        false,
        [
            "color=blue",
            "color=blue%20black%20brown",
            "color=R%20100%20G%20200%20B%20150",
        ],
    );
    table(
        In::Query,
        Style::PipeDelimited,
        false,
        [
            "color=blue",
            "color=blue%7Cblack%7Cbrown",
            "color=R%7C100%7CG%7C200%7CB%7C150",
        ],
    );
    let deep = param(In::Query, Style::DeepObject, true, Shape::Object);
    let object = ordered(r#"{"R":100,"G":200,"B":150}"#);
    assert_eq!(
        text(encode(&deep, &object)),
        "color%5BR%5D=100&color%5BG%5D=200&color%5BB%5D=150"
    );
    let pairs = [("color[R]", "100"), ("color%5BG%5D", "200"), ("other", "1")]
        .map(|(k, v)| (k.to_string(), v.to_string()));
    let read = decode(&deep, Raw::Pairs(&pairs)).unwrap().map(guess);
    assert_eq!(read, Some(json!({"R": 100, "G": 200})));
}

#[test]
fn headers_and_cookies_follow_the_table() {
    table(
        In::Header,
        Style::Simple,
        false,
        ["blue", "blue,black,brown", "R,100,G,200,B,150"],
    );
    table(
        In::Header,
        Style::Simple,
        true,
        ["blue", "blue,black,brown", "R=100,G=200,B=150"],
    );
    let cookie = param(In::Cookie, Style::Form, false, Shape::Array);
    assert_eq!(
        text(encode(&cookie, &ordered(r#"["a b","c"]"#))),
        "color=a%20b,c"
    );
}

#[test]
fn delimiters_inside_values_are_encoded_and_reserved_characters_only_when_asked() {
    let form = param(In::Query, Style::Form, false, Shape::Array);
    let value = json!(["a,b", "c/d?"]);
    assert_eq!(
        text(encode(&form, &Json::of(&value).unwrap())),
        "color=a%2Cb,c%2Fd%3F"
    );
    let pairs = vec![("color".to_string(), "a%2Cb,c%2Fd%3F".to_string())];
    assert_eq!(decode(&form, Raw::Pairs(&pairs)).unwrap(), Some(value));
    let reserved = Param {
        allow_reserved: true,
        ..param(In::Query, Style::Form, true, Shape::Primitive)
    };
    assert_eq!(
        text(encode(&reserved, &ordered(r#""a/b?c=d e""#))),
        "color=a/b?c=d%20e"
    );
    let path = param(In::Path, Style::Simple, false, Shape::Primitive);
    assert_eq!(text(encode(&path, &ordered(r#""a/b c""#))), "a%2Fb%20c");
}

/// Found by the `operation` fuzz target: an `allowReserved` value writes `+` as it is, so it
/// reads `+` back as a plus, not as the space a form's `+` is.
#[test]
fn a_plus_written_with_allow_reserved_reads_back_as_a_plus() {
    let reserved = Param {
        allow_reserved: true,
        ..param(In::Query, Style::Form, true, Shape::Primitive)
    };
    let value = ordered(r#""/pets?a+b c""#);
    assert_eq!(text(encode(&reserved, &value)), "color=/pets?a+b%20c");
    let pairs = vec![("color".to_string(), "/pets?a+b%20c".to_string())];
    assert_eq!(
        decode(&reserved, Raw::Pairs(&pairs)).unwrap(),
        Some(Value::String("/pets?a+b c".into()))
    );
    // Without `allowReserved`, a `+` on the wire is a form's space.
    let form = param(In::Query, Style::Form, true, Shape::Primitive);
    let pairs = vec![("color".to_string(), "a+b".to_string())];
    assert_eq!(
        decode(&form, Raw::Pairs(&pairs)).unwrap(),
        Some(Value::String("a b".into()))
    );
}

/// Found by the `operation` fuzz target: an exploded `matrix` object without keys is
/// written as nothing, and nothing reads back as that empty object.
#[test]
fn an_empty_exploded_matrix_object_reads_back() {
    let object = param(In::Path, Style::Matrix, true, Shape::Object);
    let empty = ordered("{}");
    assert_eq!(text(encode(&object, &empty)), "");
    assert_eq!(
        decode(&object, Raw::Text("")).unwrap(),
        Some(Value::Object(Default::default()))
    );
    // A primitive has no such reading: its `;color` is required.
    let primitive = param(In::Path, Style::Matrix, true, Shape::Primitive);
    assert!(decode(&primitive, Raw::Text("")).is_err());
}

/// Found by the `operation` fuzz target: a header is written as it is, so it is read as it
/// is, never percent-decoded.
#[test]
fn header_values_are_not_percent_decoded() {
    let header = param(In::Header, Style::Simple, false, Shape::Primitive);
    let text = "50%B0 off";
    assert_eq!(text_of(encode(&header, &ordered(r#""50%B0 off""#))), text);
    assert_eq!(
        decode(&header, Raw::Text(text)).unwrap(),
        Some(Value::String(text.into()))
    );
}

/// Found by the `operation` fuzz target: `inf` is no JSON number, so not an `f64` here.
#[test]
fn text_reads_only_json_numbers() {
    let near = param(In::Query, Style::Form, true, Shape::Primitive);
    let request = http::Request::get("/?color=inf").body(Vec::new()).unwrap();
    assert!(read::<f64>(&request, &near).is_err());
    let request = http::Request::get("/?color=1.5").body(Vec::new()).unwrap();
    assert_eq!(read::<f64>(&request, &near).unwrap(), 1.5);
}

/// A required parameter of `request` (a `GET /`), or why it cannot be read.
fn read<T: serde::de::DeserializeOwned>(
    request: &http::Request<Vec<u8>>,
    param: &Param,
) -> Result<T, super::Error> {
    let mut parts = RequestParts::new(request, "GET", "/").unwrap();
    match parts.required(param) {
        Some(value) => parts.finish(value),
        None => Err(parts.into_error()),
    }
}

fn text_of(encoded: Encoded) -> String {
    text(encoded)
}

#[test]
fn text_is_typed_as_json_would_type_it() {
    assert_eq!(guess(json!("7")), json!(7));
    assert_eq!(guess(json!("true")), json!(true));
    assert_eq!(guess(json!("")), Value::Null);
    assert_eq!(guess(json!("007")), json!("007"));
    assert_eq!(guess(json!("blue")), json!("blue"));
}

const ID: Param = Param {
    name: "id",
    location: In::Path,
    style: Style::Simple,
    explode: false,
    allow_reserved: false,
    shape: Shape::Primitive,
};
const TAGS: Param = Param {
    name: "tags",
    location: In::Query,
    style: Style::Form,
    explode: true,
    allow_reserved: false,
    shape: Shape::Array,
};
const TRACE: Param = Param {
    name: "x-trace",
    location: In::Header,
    style: Style::Simple,
    explode: false,
    allow_reserved: false,
    shape: Shape::Primitive,
};

#[test]
fn a_request_is_written_and_read_back_through_http() {
    let mut out = RequestBuilder::new("POST", "/pets/{id}/tags");
    out.param(&ID, "a b/c");
    out.param(&TAGS, &["x", "y&z"]);
    out.optional(&TRACE, &Some("t-1"));
    out.optional::<String>(&TRACE, &None);
    out.json("application/json", &json!({"name": "Rex"}));
    let request = out.finish().unwrap();
    assert_eq!(request.uri(), "/pets/a%20b%2Fc/tags?tags=x&tags=y%26z");
    assert_eq!(request.headers()["x-trace"], "t-1");
    assert_eq!(request.headers()["content-type"], "application/json");

    let mut parts = RequestParts::new(&request, "POST", "/pets/{id}/tags").unwrap();
    assert_eq!(parts.required::<String>(&ID).unwrap(), "a b/c");
    assert_eq!(parts.required::<Vec<String>>(&TAGS).unwrap(), ["x", "y&z"]);
    assert_eq!(parts.optional::<String>(&TRACE).as_deref(), Some("t-1"));
    assert_eq!(parts.json::<Value>().unwrap(), json!({"name": "Rex"}));
    assert!(parts.finish(()).is_ok());

    let wrong = RequestParts::new(&request, "GET", "/pets/{id}/tags").unwrap_err();
    assert_eq!(wrong.to_string(), "the method is POST, not GET");
    let other = RequestParts::new(&request, "POST", "/pets/{id}").unwrap_err();
    assert!(other.to_string().contains("does not match"), "{other}");
}

#[test]
fn a_parameter_that_does_not_fit_its_type_is_named_in_the_error() {
    const LIMIT: Param = Param {
        name: "limit",
        shape: Shape::Primitive,
        explode: true,
        ..TAGS
    };
    let request = http::Request::get("/pets/7/tags?limit=ten")
        .body(Vec::new())
        .unwrap();
    let parts = || RequestParts::new(&request, "GET", "/pets/{id}/tags").unwrap();
    let mut read = parts();
    assert_eq!(read.required::<u32>(&ID), Some(7));
    // A number where a string is wanted reads as the string.
    assert_eq!(read.required::<String>(&ID).as_deref(), Some("7"));
    assert!(read.finish(()).is_ok());

    let mut read = parts();
    assert_eq!(read.required::<u32>(&LIMIT), None);
    let error = read.into_error().to_string();
    assert!(
        error.starts_with("query parameter `limit`: invalid type: string \"ten\""),
        "{error}"
    );
    let mut read = parts();
    assert_eq!(read.required::<u32>(&TRACE), None);
    assert_eq!(
        read.into_error().to_string(),
        "header parameter `x-trace`: missing"
    );
    let mut read = parts();
    let rules = [crate::Rule::Maximum(5.0)];
    assert_eq!(read.required_checked::<u32>(&ID, &rules), None);
    let high = read.into_error();
    assert!(
        high.to_string().starts_with("path parameter `id`: "),
        "{high}"
    );

    // An optional value that cannot be read is `None`, and the first such error is the
    // one `finish` returns.
    let mut read = parts();
    assert_eq!(read.optional::<u32>(&LIMIT), None);
    assert_eq!(read.optional::<u32>(&TRACE), None);
    let error = read.finish(()).unwrap_err().to_string();
    assert!(error.starts_with("query parameter `limit`"), "{error}");
}

#[test]
fn form_bodies_are_written_as_python_urlencode_writes_them() {
    let mut out = RequestBuilder::new("POST", "/token");
    let body = ordered(r#"{"grant_type":"refresh_token","scope":"a b~*","skip":null,"n":1}"#);
    out.form("application/x-www-form-urlencoded", &body_value(&body));
    let request = out.finish().unwrap();
    let body = String::from_utf8(request.body().clone()).unwrap();
    assert_eq!(body, "grant_type=refresh_token&scope=a+b~%2A&n=1");
    let mut parts = RequestParts::new(&request, "POST", "/token").unwrap();
    // Untyped, text stays text; typed, it is read as the type asks.
    assert_eq!(
        parts.form::<Value>().unwrap(),
        json!({"grant_type": "refresh_token", "scope": "a b~*", "n": "1"})
    );
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Token {
        grant_type: String,
        scope: String,
        n: u8,
        skip: Option<bool>,
    }
    assert_eq!(
        parts.form::<Token>().unwrap(),
        Token {
            grant_type: "refresh_token".into(),
            scope: "a b~*".into(),
            n: 1,
            skip: None,
        }
    );
}

/// A serializable stand-in for a generated struct: writes `json`'s entries in order.
fn body_value(json: &Json) -> impl serde::Serialize + '_ {
    struct Ordered<'a>(&'a Json);
    impl serde::Serialize for Ordered<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::{SerializeMap, SerializeSeq};
            match self.0 {
                Json::Null => serializer.serialize_unit(),
                Json::Scalar(text, true) => serializer.serialize_str(text),
                Json::Scalar(text, false) => {
                    let value: Value = serde_json::from_str(text).unwrap();
                    value.serialize(serializer)
                }
                Json::Array(items) => {
                    let mut seq = serializer.serialize_seq(Some(items.len()))?;
                    for item in items {
                        seq.serialize_element(&Ordered(item))?;
                    }
                    seq.end()
                }
                Json::Object(entries) => {
                    let mut map = serializer.serialize_map(Some(entries.len()))?;
                    for (k, v) in entries {
                        map.serialize_entry(k, &Ordered(v))?;
                    }
                    map.end()
                }
            }
        }
    }
    Ordered(json)
}

#[test]
fn form_bodies_write_deep_objects_as_stripe_reads_them_and_read_them_back() {
    use super::Encoding;
    let body = ordered(
        r#"{"amount":100,"expand":["customer","invoice"],"metadata":{"order":"6735","note":"a b"},"items":[{"price":"p_1","quantity":2}],"tags":["x","y"]}"#,
    );
    let encoding = [
        Encoding {
            name: "expand",
            style: Style::DeepObject,
            explode: true,
        },
        Encoding {
            name: "metadata",
            style: Style::DeepObject,
            explode: true,
        },
        Encoding {
            name: "items",
            style: Style::DeepObject,
            explode: true,
        },
    ];
    let mut out = RequestBuilder::new("POST", "/v1/charges");
    out.form_encoded(
        "application/x-www-form-urlencoded",
        &body_value(&body),
        &encoding,
    );
    let request = out.finish().unwrap();
    let text = String::from_utf8(request.body().clone()).unwrap();
    assert_eq!(
        text,
        "amount=100&expand%5B0%5D=customer&expand%5B1%5D=invoice&metadata%5Border%5D=6735&metadata%5Bnote%5D=a+b&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&tags=x&tags=y"
    );
    let mut parts = RequestParts::new(&request, "POST", "/v1/charges").unwrap();
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Item {
        price: String,
        quantity: u32,
    }
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Charge {
        amount: i64,
        expand: Vec<String>,
        metadata: std::collections::BTreeMap<String, String>,
        items: Vec<Item>,
        tags: Vec<String>,
    }
    let charge: Charge = parts.form().unwrap();
    assert_eq!(charge.amount, 100);
    assert_eq!(charge.expand, ["customer", "invoice"]);
    // A numeral stays the string the map holds.
    assert_eq!(charge.metadata["order"], "6735");
    assert_eq!(charge.metadata["note"], "a b");
    assert_eq!(
        charge.items,
        [Item {
            price: "p_1".into(),
            quantity: 2
        }]
    );
    assert_eq!(charge.tags, ["x", "y"]);
    // `[]` appends, as PHP and Rails write arrays.
    let appended = http::Request::post("/v1/charges")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"expand[]=a&expand[]=b".to_vec())
        .unwrap();
    let mut parts = RequestParts::new(&appended, "POST", "/v1/charges").unwrap();
    assert_eq!(
        parts.form::<Value>().unwrap(),
        json!({"expand": ["a", "b"]})
    );
}

/// A form body's pairs are read one way, whether a `formData` parameter or the body as a
/// whole reads them: a raw space belongs to the key it stands in, for both.
#[test]
fn form_parameters_and_form_bodies_read_the_same_pairs() {
    let request = http::Request::builder()
        .method("POST")
        .uri("/token")
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"a=1& b=2".to_vec())
        .unwrap();
    let mut parts = RequestParts::new(&request, "POST", "/token").unwrap();
    let body = parts.form::<Value>().unwrap();
    assert_eq!(body, json!({"a": "1", " b": "2"}));
    let spaced = Param {
        name: " b",
        ..param(In::Form, Style::Form, true, Shape::Primitive)
    };
    assert_eq!(parts.optional::<String>(&spaced).as_deref(), Some("2"));
    let trimmed = Param {
        name: "b",
        ..param(In::Form, Style::Form, true, Shape::Primitive)
    };
    assert_eq!(parts.optional::<String>(&trimmed), None);
}

/// A cookie header's pairs are separated by `; `: the space is not part of a name.
#[test]
fn cookie_pairs_lose_the_space_after_each_semicolon() {
    let request = http::Request::builder()
        .uri("/")
        .header("cookie", "session=abc; theme=dark")
        .body(Vec::new())
        .unwrap();
    let mut parts = RequestParts::new(&request, "GET", "/").unwrap();
    let theme = Param {
        name: "theme",
        ..param(In::Cookie, Style::Form, true, Shape::Primitive)
    };
    assert_eq!(parts.optional::<String>(&theme).as_deref(), Some("dark"));
}

#[test]
fn a_response_is_read_as_the_media_type_its_content_type_names() {
    let with = |content_type: Option<&str>| {
        let mut response = http::Response::builder().status(200);
        if let Some(content_type) = content_type {
            response = response.header("content-type", content_type);
        }
        response.body(Vec::new()).unwrap()
    };
    let types = [
        "application/json",
        "text/*",
        "text/event-stream",
        "image/png",
    ];
    let read = |content_type| super::response_media(&with(content_type), &types);
    assert_eq!(read(Some("TEXT/Event-Stream; charset=utf-8")), 2);
    assert_eq!(read(Some("image/png")), 3);
    // A range takes what no media type names; nothing takes anything else: the first.
    assert_eq!(read(Some("text/plain")), 1);
    assert_eq!(read(Some("application/xml")), 0);
    assert_eq!(read(None), 0);
}

/// Found by the axum round trip of every corpus operation: a union parameter reads back as
/// the branch it was written from, where the text can tell.
#[test]
fn union_parameters_read_back_as_the_branch_written() {
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(untagged)]
    enum IdOrName {
        Integer(i64),
        String(String),
    }
    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        String(String),
        Array(Vec<String>),
    }
    let path = param(In::Path, Style::Simple, false, Shape::Primitive);
    let query = param(In::Query, Style::Form, true, Shape::Array);
    let plain = param(In::Query, Style::Form, true, Shape::Primitive);
    let cases: Vec<(Param, &str, Value)> = vec![
        // `oneOf: [integer, string]` (GitHub's `workflow_id`): `7` is the integer.
        (path, "/items/7", json!({"Integer": 7})),
        (path, "/items/ci.yml", json!({"String": "ci.yml"})),
        // `anyOf: [string, array]` (Polar's filters): one value is the value, more a list.
        (query, "/items?color=a", json!({"String": "a"})),
        (
            query,
            "/items?color=a&color=b",
            json!({"Array": ["a", "b"]}),
        ),
        // A string that looks like a number stays a string where the type wants one.
        (plain, "/items?color=123", json!("123")),
    ];
    for (param, uri, expected) in cases {
        let request = http::Request::get(uri).body(Vec::new()).unwrap();
        let template = if param.location == In::Path {
            "/items/{color}"
        } else {
            "/items"
        };
        let mut parts = RequestParts::new(&request, "GET", template).unwrap();
        let read = match expected
            .as_object()
            .and_then(|o| o.keys().next())
            .map(String::as_str)
        {
            Some("Integer" | "String") if param.location == In::Path => {
                let read: IdOrName = parts.required(&param).unwrap();
                serde_json::to_value(match read {
                    IdOrName::Integer(n) => json!({"Integer": n}),
                    IdOrName::String(s) => json!({"String": s}),
                })
                .unwrap()
            }
            Some(_) => match parts.required::<OneOrMany>(&param).unwrap() {
                OneOrMany::String(s) => json!({"String": s}),
                OneOrMany::Array(a) => json!({"Array": a}),
            },
            None => json!(parts.required::<String>(&param).unwrap()),
        };
        assert_eq!(read, expected, "{uri}");
    }
}
