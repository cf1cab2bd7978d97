//! The words every pass shares: where a type comes from ([`Origin`]), the constants and
//! validation keywords a schema states ([`Literal`], [`Bounds`], [`Pattern`]), the Rust types a
//! user names ([`ExternType`]), and the runtime's own words for parameters ([`In`], [`Style`],
//! [`Shape`]). A leaf: it depends on no pass, so every pass may use it.

pub use typewright_runtime::operation::{In, Shape, Style};

use crate::diag::Spanned;

/// Where a root schema came from; the naming pass turns this into a Rust name.
#[derive(Clone, Debug, PartialEq)]
pub enum Origin {
    /// `#/components/schemas/<name>`, `#/$defs/<name>` or `#/definitions/<name>`.
    Definition(String),
    /// Any other JSON pointer reached by a `$ref`, e.g. `#/paths/~1v1~1token/post/x-components/A`.
    Pointer(String),
    /// The inline schema of an operation's request body.
    RequestBody { operation: String, endpoint: String },
    /// The inline schema of an operation's response.
    Response {
        operation: String,
        endpoint: String,
        status: String,
    },
    /// The root schema of a JSON Schema document, named from its title or file name.
    Document(String),
    /// Not a schema: the request type of an operation, which `lower` builds from its
    /// parameters and body.
    Request { operation: String },
    /// Not a schema: the documented headers of one of an operation's responses.
    ResponseHeaders { operation: String, status: String },
    /// Not a schema: the body of one of an operation's responses with several media types,
    /// a variant per media type.
    ResponseContent { operation: String, status: String },
}

/// A media type without its parameters (`; charset=utf-8`), in lower case.
pub fn media_essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// A constant from `enum` or `const`.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(f64),
    String(String),
    /// An array or object value.
    Composite,
}

/// A [`Literal`] as a hash key that is equal exactly when the literals are (`0.0` and `-0.0`
/// too): for finding repeated values among thousands in linear time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LiteralKey<'a> {
    Null,
    Bool(bool),
    Int(i64),
    UInt(u64),
    Float(u64),
    String(&'a str),
    Composite,
}

impl Literal {
    pub fn key(&self) -> LiteralKey<'_> {
        match self {
            Literal::Null => LiteralKey::Null,
            Literal::Bool(b) => LiteralKey::Bool(*b),
            Literal::Int(i) => LiteralKey::Int(*i),
            Literal::UInt(u) => LiteralKey::UInt(*u),
            // `0.0 == -0.0`; a NaN never reaches here (the loader refuses non-finite numbers).
            Literal::Float(f) => LiteralKey::Float(if *f == 0.0 { 0 } else { f.to_bits() }),
            Literal::String(s) => LiteralKey::String(s),
            Literal::Composite => LiteralKey::Composite,
        }
    }

    /// Whether the JSON value is this literal (`1` matches `Int(1)` and `Float(1.0)`).
    pub fn matches_json(&self, value: &serde_json::Value) -> bool {
        use serde_json::Value as Json;
        match (self, value) {
            (Literal::Null, Json::Null) => true,
            (Literal::Bool(a), Json::Bool(b)) => a == b,
            (Literal::String(a), Json::String(b)) => a == b,
            (Literal::Int(a), Json::Number(n)) => n.as_i64() == Some(*a),
            (Literal::UInt(a), Json::Number(n)) => n.as_u64() == Some(*a),
            (Literal::Float(a), Json::Number(n)) => n.as_f64() == Some(*a),
            _ => false,
        }
    }
}

/// A `pattern` as ECMAScript, with the flags its reading needs (`i` for a translated `(?i)`,
/// `u` for Unicode classes).
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern {
    pub source: String,
    pub flags: String,
}

/// The validation keywords other than string length, checked when deserializing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Bounds {
    /// Every `pattern` that applies (several after an `allOf` merge); all must match.
    pub patterns: Vec<Spanned<Pattern>>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: Option<f64>,
    pub exclusive_maximum: Option<f64>,
    pub multiple_of: Option<f64>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub unique_items: bool,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
}

/// A Rust type the user named (`Config::format_type`, `Config::extern_type`,
/// `x-typewright-type`, `x-rust-type`), checked where it was given. Kept as text, so that the
/// IR can be shared with the threads that emit items (syntax trees cannot leave a thread).
#[derive(Clone)]
pub struct ExternType {
    text: String,
}

impl ExternType {
    /// `None` when `text` is not a Rust type.
    pub fn parse(text: &str) -> Option<ExternType> {
        syn::parse_str::<syn::Type>(text).ok()?;
        Some(ExternType {
            text: text.to_string(),
        })
    }

    /// As the user wrote it.
    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn parsed(&self) -> syn::Type {
        syn::parse_str(&self.text).expect("checked by ExternType::parse")
    }
}

impl PartialEq for ExternType {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl std::fmt::Debug for ExternType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// `in` as the spec writes it (`formData`: Swagger 2.0's form fields).
pub fn in_word(location: In) -> &'static str {
    match location {
        In::Path => "path",
        In::Query => "query",
        In::Header => "header",
        In::Cookie => "cookie",
        In::Form => "formData",
    }
}

/// The key of an operation's response, read once: a status code (`404`), a class of them
/// (`4XX`, any case), `default`, or a key that is none of these, kept as written (it reads
/// like `default`: whatever no other response takes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    Code(u16),
    /// `1XX` to `5XX`: the first digit.
    Range(u8),
    Default,
    Other(String),
}

impl Status {
    pub fn parse(text: &str) -> Status {
        if text.eq_ignore_ascii_case("default") {
            return Status::Default;
        }
        if let Ok(code) = text.parse::<u16>()
            && text.len() == 3
        {
            return Status::Code(code);
        }
        match text.to_ascii_uppercase().as_bytes() {
            [d @ b'1'..=b'5', b'X', b'X'] => Status::Range(d - b'0'),
            _ => Status::Other(text.to_string()),
        }
    }

    /// Whether the response is a success (`2..`), whose body type is the operation's
    /// `ResponseBody`.
    /// An exact 2XX status or the `2XX` range: the responses a client reads a successful
    /// answer by (paging, streaming). An unparsed key is read like `default`, so it is none.
    pub fn is_2xx(&self) -> bool {
        matches!(self, Status::Code(200..=299) | Status::Range(2))
    }

    pub fn is_success(&self) -> bool {
        match self {
            Status::Code(code) => (200..300).contains(code),
            Status::Range(class) => *class == 2,
            Status::Other(text) => text.starts_with('2'),
            Status::Default => false,
        }
    }
}

impl std::fmt::Display for Status {
    /// As the spec writes it, a class in capitals (`4XX`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Status::Code(code) => write!(f, "{code}"),
            Status::Range(class) => write!(f, "{class}XX"),
            Status::Default => f.write_str("default"),
            Status::Other(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_is_read_once() {
        assert_eq!(Status::parse("404"), Status::Code(404));
        assert_eq!(Status::parse("4xx"), Status::Range(4));
        assert_eq!(Status::parse("5XX"), Status::Range(5));
        assert_eq!(Status::parse("Default"), Status::Default);
        assert_eq!(Status::parse("6XX"), Status::Other("6XX".into()));
        assert_eq!(Status::parse("0200"), Status::Other("0200".into()));
        assert_eq!(Status::parse("4xx").to_string(), "4XX");
        assert!(Status::parse("2XX").is_success() && Status::parse("204").is_success());
        assert!(!Status::parse("default").is_success() && !Status::parse("302").is_success());
    }
}

/// A security scheme of `components/securitySchemes` (Swagger 2.0: `securityDefinitions`),
/// by what a client sends for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// Its key, which requirements name.
    pub name: String,
    pub kind: SchemeKind,
}

/// What a scheme asks of a request. The variants are the runtime's `SchemeKind`'s, by name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// HTTP `bearer`, and OAuth2 and OpenID Connect, whose tokens are bearer tokens.
    Bearer,
    /// HTTP `basic`.
    Basic,
    /// An API key in a header, the query or a cookie, under `name`.
    ApiKey { location: In, name: String },
}

/// A `servers` entry (Swagger 2.0: `schemes`, `host` and `basePath`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Server {
    /// The URL template: `https://{region}.example.com/v1`.
    pub url: String,
    pub description: Option<String>,
    pub variables: Vec<ServerVariable>,
}

/// A variable of a server's URL template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// `enum`: the values it may take; empty for any.
    pub values: Vec<String>,
}

/// How an operation pages (Speakeasy's `x-speakeasy-pagination`): the query parameters that
/// move through the pages, and where its JSON answer holds the items and the way on. Paths
/// are JSON object keys from the body's root (`$.pagination.max_page`: `pagination`,
/// `max_page`).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Pagination {
    /// The page number's parameter (`type: page`), or the item offset's (`type: offset`,
    /// with `true`).
    pub page: Option<(String, bool)>,
    /// The page size's parameter.
    pub limit: Option<String>,
    /// The cursor's parameter (`type: cursor`).
    pub cursor: Option<String>,
    /// Where the items are (`results`).
    pub results: Vec<String>,
    /// Where the number of pages is (`numPages`).
    pub num_pages: Option<Vec<String>>,
    /// Where the next cursor is (`nextCursor`).
    pub next_cursor: Option<Vec<String>>,
    /// Where the next page's URL is (`nextUrl`, or a `next` link the body holds).
    pub next_url: Option<Vec<String>>,
    /// The next page's URL is the `Link` header's `rel="next"`.
    pub link_next: bool,
}

/// How a spec asks clients to retry (Speakeasy's `x-speakeasy-retries`, `strategy: backoff`).
#[derive(Clone, Debug, PartialEq)]
pub struct Retries {
    /// Statuses retried, as inclusive ranges (`5XX`: 500 to 599).
    pub statuses: Vec<(u16, u16)>,
    /// The backoff's first wait, its cap and its growth per attempt, and how long retrying
    /// may take in all, in milliseconds.
    pub initial_ms: u64,
    pub max_ms: u64,
    pub exponent: f64,
    pub max_elapsed_ms: u64,
    /// Whether a request that got no response is retried.
    pub connection_errors: bool,
}
