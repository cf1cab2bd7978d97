//! Operation models: what a generated request type's conversions to and from
//! `http::Request<Vec<u8>>`, and a response enum's to and from `http::Response<Vec<u8>>`,
//! call. Each parameter is described by a [`Param`]; this module writes and reads it by
//! its OpenAPI style, so the generated impls are a line per parameter.

use std::fmt;

use http::header::{CONTENT_TYPE, COOKIE};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::checks::{Checked, Rule, Rules};

mod form;
mod lenient;
mod multipart;
pub(crate) mod pairs;
pub(crate) mod streams;
mod style;
#[cfg(test)]
mod tests;

pub use form::Encoding;
use form::{arrays, form_body, insert_form_value};
use lenient::Lenient;
pub use streams::{Event, EventStream, JsonLines};
#[cfg(feature = "client")]
pub(crate) use style::encode_component;
use style::{Encoded, Json, Raw};

/// Where a parameter goes (`in`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum In {
    /// `{name}` in the path template.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// The `Cookie` header.
    Cookie,
    /// A field of an `application/x-www-form-urlencoded` body (Swagger 2.0's `formData`).
    Form,
}

/// How a parameter's value is written (`style`; Swagger 2.0's `collectionFormat`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `blue,black` (path and header).
    Simple,
    /// `.blue.black` (path).
    Label,
    /// `;color=blue,black` (path).
    Matrix,
    /// `color=blue,black` (query and cookie).
    Form,
    /// `color=blue%20black` (Swagger 2.0 `ssv`).
    SpaceDelimited,
    /// `color=blue|black` (Swagger 2.0 `pipes`).
    PipeDelimited,
    /// Swagger 2.0 `tsv`: tab-separated.
    TabDelimited,
    /// `color[R]=100&color[G]=200`.
    DeepObject,
    /// A `content` parameter with a JSON media type: the value as JSON text.
    Json,
}

/// What a parameter's schema describes, which decides how its text splits when read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A string, number, boolean or anything read from one piece of text.
    Primitive,
    /// An array.
    Array,
    /// An object.
    Object,
}

/// A parameter of an operation, as the spec declares it.
#[derive(Clone, Copy, Debug)]
pub struct Param {
    /// Its name (`name`).
    pub name: &'static str,
    /// Where it goes.
    pub location: In,
    /// How its value is written.
    pub style: Style,
    /// `explode`.
    pub explode: bool,
    /// `allowReserved`: reserved characters of a query value are not percent-encoded.
    pub allow_reserved: bool,
    /// What its schema describes.
    pub shape: Shape,
}

/// An operation's request type, and the response enum it gets back: what lets a client or a
/// server be written once for every operation of a spec.
///
/// ```ignore
/// fn call<O: Operation>(send: impl Fn(Request<Vec<u8>>) -> Response<Vec<u8>>, request: O)
///     -> Result<O::Response, Error> {
///     O::Response::try_from(send(request.try_into()?))
/// }
/// ```
pub trait Operation:
    Sized
    + TryInto<http::Request<Vec<u8>>, Error = Error>
    + TryFrom<http::Request<Vec<u8>>, Error = Error>
{
    /// The operation's responses, by status.
    type Response: TryFrom<http::Response<Vec<u8>>, Error = Error>
        + TryInto<http::Response<Vec<u8>>, Error = Error>;
    /// The method: `GET`.
    const METHOD: &'static str;
    /// The path template, as the spec writes it: `/pets/{id}`.
    const PATH: &'static str;
    /// Its security requirements: alternatives, each naming the schemes it requires
    /// together. Empty: the operation requires no credentials; an empty alternative: a
    /// request may go without them.
    const SECURITY: &'static [&'static [SecurityScheme]] = &[];
    /// How the spec asks clients to retry it (`x-speakeasy-retries`), if it does: the
    /// client's `Retry` policy follows it for this operation's requests.
    const RETRIES: Option<Retries> = None;
    /// The status the spec documents for a request it refuses (its `400`, else `422`, else
    /// `4XX`), if it documents one: a server answers a request that does not read with it,
    /// in a body the spec's schema for it accepts where one of the usual shapes does.
    const REFUSAL: Option<u16> = None;
}

/// An operation whose successful response is a `text/event-stream`: the client's `events`
/// reads its events one at a time, as the server sends them.
pub trait Streamed: Operation {
    /// What each event's data reads into.
    type Data: DeserializeOwned;
    /// The data that ends the stream (`x-speakeasy-sse-sentinel`), if the spec names one.
    const SENTINEL: Option<&'static str>;
}

/// How a spec asks clients to retry (Speakeasy's `x-speakeasy-retries` with the `backoff`
/// strategy).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Retries {
    /// Statuses retried, as inclusive ranges (`5XX`: `(500, 599)`).
    pub statuses: &'static [(u16, u16)],
    /// The backoff's first wait, in milliseconds.
    pub initial_ms: u64,
    /// The longest wait, in milliseconds.
    pub max_ms: u64,
    /// How much each wait grows over the last.
    pub exponent: f64,
    /// How long retrying may take in all, in milliseconds.
    pub max_elapsed_ms: u64,
    /// Whether a request that got no response is retried.
    pub connection_errors: bool,
}

/// An operation that pages (`x-speakeasy-pagination`): the client's `pages` follows it from
/// page to page.
pub trait Paginated: Operation {
    /// What each page holds a list of.
    type Item: DeserializeOwned;
    /// Which query parameters move through the pages, and where the answer holds the items
    /// and the way on.
    const PAGINATION: Pagination;
}

/// How an operation pages. Paths are JSON object keys from the answer body's root
/// (`["pagination", "max_page"]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pagination {
    /// The page number's query parameter (the first page is 1 unless the request says).
    pub page: Option<&'static str>,
    /// The item offset's query parameter (the first offset is 0 unless the request says).
    pub offset: Option<&'static str>,
    /// The page size's query parameter.
    pub limit: Option<&'static str>,
    /// The cursor's query parameter.
    pub cursor: Option<&'static str>,
    /// Where the items are.
    pub results: &'static [&'static str],
    /// Where the number of pages is.
    pub num_pages: Option<&'static [&'static str]>,
    /// Where the next page's cursor is.
    pub next_cursor: Option<&'static [&'static str]>,
    /// Where the next page's URL is (`["next"]`, `["links", "next"]`): the client follows it
    /// as it is, on the same server.
    pub next_url: Option<&'static [&'static str]>,
    /// The next page's URL is the `Link` header's `rel="next"` (RFC 8288, GitHub's way).
    pub link_next: bool,
}

/// A security scheme of the spec (`components/securitySchemes`), by what a request carries
/// for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's key in the spec: what credentials are given under.
    pub name: &'static str,
    /// What it asks of a request.
    pub kind: SchemeKind,
}

/// What a security scheme asks of a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: HTTP `bearer`, OAuth2 and OpenID Connect.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An API key in a header, the query or a cookie, under `name`.
    ApiKey {
        /// Where the key goes.
        location: In,
        /// The header, query parameter or cookie that holds it.
        name: &'static str,
    },
}

/// A server of the spec (`servers`; Swagger 2.0: `schemes`, `host` and `basePath`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Server {
    /// The URL template: `https://{region}.example.com/v1`.
    pub url: &'static str,
    /// What the spec says of it (`Production environment`).
    pub description: Option<&'static str>,
    /// The variables of the template.
    pub variables: &'static [ServerVariable],
}

/// A variable of a server's URL template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerVariable {
    /// Its name, `{name}` in the template.
    pub name: &'static str,
    /// The value it takes unless given one.
    pub default: &'static str,
    /// The values it may take (`enum`); empty for any.
    pub values: &'static [&'static str],
}

impl Server {
    /// The URL with every variable at its default.
    pub fn url(&self) -> String {
        self.url_with(&[]).unwrap_or_else(|_| self.url.to_string())
    }

    /// The URL with some variables given (`[("region", "eu")]`) and the others at their
    /// defaults; a variable the server does not have, or a value its `enum` does not list,
    /// is an error.
    pub fn url_with(&self, values: &[(&str, &str)]) -> Result<String, Error> {
        for (name, value) in values {
            let Some(variable) = self.variables.iter().find(|v| v.name == *name) else {
                return Err(Error::new(format!(
                    "the server `{}` has no variable `{name}`",
                    self.url
                )));
            };
            if !variable.values.is_empty() && !variable.values.contains(value) {
                return Err(Error::new(format!(
                    "server variable `{name}`: `{value}` is not one of {:?}",
                    variable.values
                )));
            }
        }
        let mut url = self.url.to_string();
        for variable in self.variables {
            let value = values
                .iter()
                .find(|(name, _)| *name == variable.name)
                .map_or(variable.default, |(_, value)| value);
            url = url.replace(&format!("{{{}}}", variable.name), value);
        }
        Ok(url)
    }

    /// The server among `servers` whose description starts with `name`, ignoring case
    /// (`"sandbox"` finds `Sandbox environment`), or whose URL is `name`.
    pub fn named<'s>(servers: &'s [Server], name: &str) -> Option<&'s Server> {
        let name = name.to_lowercase();
        servers.iter().find(|server| {
            server.url == name
                || server
                    .description
                    .is_some_and(|d| d.to_lowercase().starts_with(&name))
        })
    }
}

/// Why a request or response could not be converted.
#[derive(Debug)]
pub struct Error {
    message: String,
}

impl Error {
    pub(crate) fn new(message: impl Into<String>) -> Error {
        Error {
            message: message.into(),
        }
    }

    fn parameter(param: &Param, problem: impl fmt::Display) -> Error {
        let location = match param.location {
            In::Path => "path",
            In::Query => "query",
            In::Header => "header",
            In::Cookie => "cookie",
            In::Form => "form",
        };
        Error::new(format!("{location} parameter `{}`: {problem}", param.name))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// An `http::Request` being written from a generated request type.
pub struct RequestBuilder {
    method: &'static str,
    path: String,
    query: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    form: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    content_type: Option<String>,
    error: Option<Error>,
}

impl RequestBuilder {
    /// A request for `method` on the path template `path` (`/pets/{id}`).
    pub fn new(method: &'static str, path: &'static str) -> RequestBuilder {
        RequestBuilder {
            method,
            path: path.to_string(),
            query: Vec::new(),
            cookies: Vec::new(),
            form: Vec::new(),
            headers: Vec::new(),
            body: Vec::new(),
            content_type: None,
            error: None,
        }
    }

    fn fail(&mut self, error: Error) {
        self.error.get_or_insert(error);
    }

    /// Writes a parameter's value.
    pub fn param<T: Serialize + ?Sized>(&mut self, param: &Param, value: &T) {
        let value = match Json::of(value) {
            Ok(value) => value,
            Err(e) => return self.fail(Error::parameter(param, e)),
        };
        // RFC 6570, which OpenAPI's styles follow, leaves an undefined (null) value out: no
        // `name=`. A path has no way to leave it out, and a JSON-encoded one writes `null`.
        if value == Json::Null && param.location != In::Path && param.style != Style::Json {
            return;
        }
        match (param.location, style::encode(param, &value)) {
            (In::Path, Encoded::Text(text)) => {
                self.path = self.path.replace(&format!("{{{}}}", param.name), &text);
            }
            (In::Header, Encoded::Text(text)) => self.headers.push((param.name, text)),
            (In::Cookie, Encoded::Pairs(pairs)) => self.cookies.extend(pairs),
            (In::Form, Encoded::Pairs(pairs)) => self.form.extend(pairs),
            (_, Encoded::Pairs(pairs)) => self.query.extend(pairs),
            (_, Encoded::Text(text)) => self.query.push((param.name.to_string(), text)),
        }
    }

    /// Writes an optional parameter's value; `None` writes nothing.
    pub fn optional<T: Serialize>(&mut self, param: &Param, value: &Option<T>) {
        if let Some(value) = value {
            self.param(param, value);
        }
    }

    /// The body as JSON.
    pub fn json<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = bytes,
            Err(e) => self.fail(Error::new(format!("the request body: {e}"))),
        }
        self.content_type = Some(content_type.to_string());
    }

    /// The body as `application/x-www-form-urlencoded`: each property `form`-style,
    /// exploded, in declaration order, as the Polar SDKs write it.
    pub fn form<T: Serialize + ?Sized>(&mut self, content_type: &'static str, body: &T) {
        self.form_encoded(content_type, body, &[]);
    }

    /// [`Self::form`], with the media type's `encoding` for some properties: Stripe's
    /// `metadata` as `deepObject` (`metadata[key]=value`), say.
    pub fn form_encoded<T: Serialize + ?Sized>(
        &mut self,
        content_type: &'static str,
        body: &T,
        encoding: &[Encoding],
    ) {
        self.content_type = Some(content_type.to_string());
        match Json::of(body) {
            Ok(value) => self.body = form_body(&value, encoding).into_bytes(),
            Err(e) => self.fail(Error::new(format!("the request body: {e}"))),
        }
    }

    /// The body as `multipart/form-data`: a part per property (a file part for a
    /// [`crate::File`]), with `part_types` the `encoding` object's `contentType` by property.
    /// The `content-type` sent names the boundary.
    pub fn multipart<T: Serialize + ?Sized>(&mut self, body: &T, part_types: &[(&str, &str)]) {
        match multipart::parts(body, part_types) {
            Ok(parts) => {
                let (content_type, body) = multipart::encode(&parts);
                self.body = body;
                self.content_type = Some(content_type);
            }
            Err(e) => self.fail(e),
        }
    }

    /// The body as it is (any other media type).
    pub fn bytes(&mut self, content_type: &'static str, body: &[u8]) {
        self.body = body.to_vec();
        self.content_type = Some(content_type.to_string());
    }

    /// The request: its URI is the path and query alone, for a client to put its base URL
    /// in front of.
    pub fn finish(mut self) -> Result<http::Request<Vec<u8>>, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        if !self.form.is_empty() {
            let pairs: Vec<String> = self.form.iter().map(|(k, v)| format!("{k}={v}")).collect();
            self.body = pairs.join("&").into_bytes();
            self.content_type = Some("application/x-www-form-urlencoded".to_string());
        }
        // A webhook's request has no path of its own: it goes wherever its receiver said.
        let mut uri = if self.path.is_empty() {
            "/".to_string()
        } else {
            self.path
        };
        for (i, (key, value)) in self.query.iter().enumerate() {
            uri.push(if i == 0 { '?' } else { '&' });
            uri.push_str(key);
            uri.push('=');
            uri.push_str(value);
        }
        let mut request = http::Request::builder().method(self.method).uri(uri);
        for (name, value) in &self.headers {
            request = request.header(*name, value.as_str());
        }
        if !self.cookies.is_empty() {
            let cookie: Vec<String> = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect();
            request = request.header(COOKIE, cookie.join("; "));
        }
        if let Some(content_type) = self.content_type {
            request = request.header(CONTENT_TYPE, content_type);
        }
        request
            .body(self.body)
            .map_err(|e| Error::new(format!("the request is not valid HTTP: {e}")))
    }
}

/// An `http::Request` being read into a generated request type: its path matched against
/// the operation's template, its query, headers and cookies split once.
///
/// Each read returns `None` when the value is missing or cannot be read, and keeps the first
/// such reason; [`Self::finish`] returns it. So the generated code has no `?` per parameter,
/// each of which rustc would resolve as a `Try` and a `From`.
#[derive(Debug)]
pub struct RequestParts<'r> {
    headers: &'r http::HeaderMap,
    body: &'r [u8],
    path_values: Vec<(&'static str, &'r str)>,
    query: Vec<(String, String)>,
    cookies: Vec<(String, String)>,
    /// The pairs of a form body, for `formData` parameters.
    form: Vec<(String, String)>,
    /// The first read that failed.
    error: Option<Error>,
}

impl<'r> RequestParts<'r> {
    /// Reads `request` as operation `method` on `template`, or says why it is not one.
    pub fn new(
        request: &'r http::Request<Vec<u8>>,
        method: &str,
        template: &'static str,
    ) -> Result<RequestParts<'r>, Error> {
        if request.method().as_str() != method {
            return Err(Error::new(format!(
                "the method is {}, not {method}",
                request.method()
            )));
        }
        let path = request.uri().path();
        let path_values = match_template(template, path)
            .ok_or_else(|| Error::new(format!("the path `{path}` does not match `{template}`")))?;
        let owned = |(k, v): (&str, &str)| (k.to_string(), v.to_string());
        let query = pairs::query_pairs(request.uri().query().unwrap_or(""))
            .map(owned)
            .collect();
        let cookies = request
            .headers()
            .get_all(COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(pairs::cookie_pairs)
            .map(owned)
            .collect();
        let form = std::str::from_utf8(request.body())
            .ok()
            .filter(|_| {
                request
                    .headers()
                    .get(CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"))
            })
            .map(|body| pairs::query_pairs(body).map(owned).collect())
            .unwrap_or_default();
        Ok(RequestParts {
            headers: request.headers(),
            body: request.body(),
            path_values,
            query,
            cookies,
            form,
            error: None,
        })
    }

    /// A response's headers, read by the same rules as a request's header parameters: what
    /// a response enum's headers struct reads its documented headers with.
    pub fn of_headers(headers: &'r http::HeaderMap) -> RequestParts<'r> {
        RequestParts {
            headers,
            body: &[],
            path_values: Vec::new(),
            query: Vec::new(),
            cookies: Vec::new(),
            form: Vec::new(),
            error: None,
        }
    }

    /// `value` when every read so far succeeded, else the first read's error.
    pub fn finish<T>(self, value: T) -> Result<T, Error> {
        match self.error {
            Some(error) => Err(error),
            None => Ok(value),
        }
    }

    /// The first read's error: what a required value that came back `None` reports.
    pub fn into_error(self) -> Error {
        self.error
            .unwrap_or_else(|| Error::new("a required value is missing"))
    }

    /// The value, or `None` with `error` kept when it is the first.
    fn keep<T>(&mut self, read: Result<T, Error>) -> Option<T> {
        match read {
            Ok(value) => Some(value),
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        }
    }

    fn raw(&self, param: &Param) -> Result<Option<Value>, Error> {
        let raw = match param.location {
            In::Path => match self.path_values.iter().find(|(n, _)| *n == param.name) {
                Some((_, text)) => Raw::Text(text),
                None => return Ok(None),
            },
            In::Header => match self.headers.get(param.name) {
                Some(value) => Raw::Text(value.to_str().map_err(|_| {
                    Error::parameter(param, "the header's value is not visible ASCII")
                })?),
                None => return Ok(None),
            },
            In::Query => Raw::Pairs(&self.query),
            In::Cookie => Raw::Pairs(&self.cookies),
            In::Form => Raw::Pairs(&self.form),
        };
        style::decode(param, raw).map_err(|e| Error::parameter(param, e))
    }

    /// A parameter's value, `None` when the request does not have it (or it cannot be read:
    /// then [`Self::finish`] says why).
    pub fn optional<T: DeserializeOwned>(&mut self, param: &Param) -> Option<T> {
        let read = self.typed(param, T::deserialize);
        self.keep(read).flatten()
    }

    /// [`Self::optional`], checked against the schema's rules.
    pub fn optional_checked<T: DeserializeOwned + Checked>(
        &mut self,
        param: &Param,
        rules: &[Rule],
    ) -> Option<T> {
        self.optional_nested(param, rules)
    }

    /// [`Self::optional_checked`] for a parameter whose items or values have rules of their
    /// own ([`Rules`]).
    pub fn optional_nested<T: DeserializeOwned, R: Rules<T> + ?Sized>(
        &mut self,
        param: &Param,
        rules: &R,
    ) -> Option<T> {
        let read = self.typed(param, |value| crate::check(value, rules));
        self.keep(read).flatten()
    }

    fn typed<T>(
        &self,
        param: &Param,
        read: impl Fn(Lenient) -> Result<T, serde_json::Error>,
    ) -> Result<Option<T>, Error> {
        let Some(value) = self.raw(param)? else {
            return Ok(None);
        };
        if param.style == Style::Json {
            return read(Lenient(value))
                .map(Some)
                .map_err(|e| Error::parameter(param, e));
        }
        read_text(value, read, true)
            .map(Some)
            .map_err(|e| Error::parameter(param, e))
    }

    /// A required parameter's value: `None` when it is missing or cannot be read, and
    /// [`Self::into_error`] says which.
    pub fn required<T: DeserializeOwned>(&mut self, param: &Param) -> Option<T> {
        let read = self.typed(param, T::deserialize);
        self.keep_required(param, read)
    }

    /// [`Self::required`], checked against the schema's rules.
    pub fn required_checked<T: DeserializeOwned + Checked>(
        &mut self,
        param: &Param,
        rules: &[Rule],
    ) -> Option<T> {
        self.required_nested(param, rules)
    }

    /// [`Self::required_checked`] for a parameter whose items or values have rules of their
    /// own ([`Rules`]).
    pub fn required_nested<T: DeserializeOwned, R: Rules<T> + ?Sized>(
        &mut self,
        param: &Param,
        rules: &R,
    ) -> Option<T> {
        let read = self.typed(param, |value| crate::check(value, rules));
        self.keep_required(param, read)
    }

    fn keep_required<T>(&mut self, param: &Param, read: Result<Option<T>, Error>) -> Option<T> {
        let read = read.and_then(|value| value.ok_or_else(|| Error::parameter(param, "missing")));
        self.keep(read)
    }

    /// The request's `content-type`, without parameters (`; charset=utf-8`).
    pub fn content_type(&self) -> Option<&str> {
        let value = self.headers.get(CONTENT_TYPE)?.to_str().ok()?;
        Some(value.split(';').next().unwrap_or(value).trim())
    }

    /// Which of `media_types` the request's `content-type` is (compared without parameters
    /// and case), or an error naming them all.
    pub fn media_type(&self, media_types: &[&str]) -> Result<usize, Error> {
        let sent = self.content_type().map(essence);
        media_types
            .iter()
            .position(|m| Some(essence(m)) == sent)
            .ok_or_else(|| {
                Error::new(format!(
                    "the request's content-type is {}, expected one of: {}",
                    sent.as_deref().unwrap_or("missing"),
                    media_types.join(", ")
                ))
            })
    }

    /// Whether the request has a body.
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    /// The body read as JSON (`None` when it cannot be: [`Self::finish`] says why).
    pub fn json<T: DeserializeOwned>(&mut self) -> Option<T> {
        let read = serde_json::from_slice(self.body)
            .map_err(|e| Error::new(format!("the request body: {e}")));
        self.keep(read)
    }

    /// The body read as `application/x-www-form-urlencoded`, each value typed as
    /// [`Self::optional`] types a parameter's (`None` when it cannot be: [`Self::finish`]
    /// says why).
    pub fn form<T: DeserializeOwned>(&mut self) -> Option<T> {
        let read = self.form_value();
        self.keep(read)
    }

    fn form_value<T: DeserializeOwned>(&self) -> Result<T, Error> {
        let text = std::str::from_utf8(self.body)
            .map_err(|_| Error::new("the request body is not UTF-8"))?;
        let mut map = serde_json::Map::new();
        for (k, v) in pairs::query_pairs(text) {
            let key = style::decode_text(k, true).map_err(Error::new)?;
            let value = Value::String(style::decode_text(v, true).map_err(Error::new)?);
            insert_form_value(&mut map, &key, value);
        }
        let value = arrays(Value::Object(map));
        read_text(value, T::deserialize, false)
            .map_err(|e| Error::new(format!("the request body: {e}")))
    }

    /// The body read as `multipart/form-data`, each part as [`multipart`](RequestBuilder::multipart)
    /// writes it (`None` when it cannot be: [`Self::finish`] says why).
    pub fn multipart<T: DeserializeOwned>(&mut self) -> Option<T> {
        let content_type = self
            .headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let read = multipart::split(content_type, self.body).and_then(multipart::read);
        self.keep(read)
    }

    /// The body as it is.
    pub fn bytes(&self) -> Vec<u8> {
        self.body.to_vec()
    }
}

/// Text (parameters, form fields) read as `read`'s type asks: strings parsed where it wants
/// numbers or booleans. What goes through a buffer first (an untagged union, a
/// `serde_json::Value`) cannot ask: a form body's text is tried as strings throughout, then
/// typed as JSON would type it (`7` a number). A parameter (`typed_first`) is tried typed
/// first, so that `oneOf: [integer, string]` reads `7` as the integer it was written from;
/// and one item of an array-shaped parameter (`?id=a`) is tried alone before the array, as
/// a union of a value and a list of them (`anyOf: [string, array]`) was written so from the
/// value (an array type refuses a lone item at once). The plain reading's error is the one
/// reported.
fn read_text<T>(
    value: Value,
    read: impl Fn(Lenient) -> Result<T, serde_json::Error>,
    typed_first: bool,
) -> Result<T, serde_json::Error> {
    let mut candidates = Vec::new();
    if typed_first {
        if let Value::Array(items) = &value
            && let [lone] = items.as_slice()
        {
            candidates.push(style::typed(lone.clone()));
            candidates.push(lone.clone());
        }
        candidates.push(style::typed(value.clone()));
    }
    for candidate in candidates {
        if let Ok(read) = read(Lenient(candidate)) {
            return Ok(read);
        }
    }
    read(Lenient(value.clone()))
        .or_else(|first| read(Lenient(style::guess(value))).map_err(|_| first))
}

/// Matches `path` against `template`, returning the raw text of each `{name}`. A name
/// matches up to the next literal part of the template, and never across a `/`. An empty
/// template (a webhook's, which comes to whatever URL its receiver gave) matches any path.
fn match_template<'p>(
    template: &'static str,
    path: &'p str,
) -> Option<Vec<(&'static str, &'p str)>> {
    let mut values = Vec::new();
    if template.is_empty() {
        return Some(values);
    }
    let mut rest = path;
    let mut parts = template.split('{');
    let first = parts.next()?;
    rest = rest.strip_prefix(first)?;
    for part in parts {
        let (name, literal) = part.split_once('}')?;
        let end = if literal.is_empty() {
            rest.find('/').unwrap_or(rest.len())
        } else {
            rest.find(literal)?
        };
        let (value, after) = rest.split_at(end);
        if value.contains('/') {
            return None;
        }
        values.push((name, value));
        rest = after.strip_prefix(literal)?;
    }
    rest.is_empty().then_some(values)
}

/// Sets a documented header of a response (or any header map) as its `simple` style
/// writes it; `None` sets nothing.
pub fn write_header<T: Serialize>(
    headers: &mut http::HeaderMap,
    param: &Param,
    value: &Option<T>,
) -> Result<(), Error> {
    let Some(value) = value else {
        return Ok(());
    };
    let json = Json::of(value).map_err(|e| Error::parameter(param, e))?;
    let Encoded::Text(text) = style::encode(param, &json) else {
        return Err(Error::parameter(param, "a header is one value"));
    };
    let name = http::HeaderName::from_bytes(param.name.as_bytes())
        .map_err(|_| Error::parameter(param, "not a header name"))?;
    let value = http::HeaderValue::from_str(&text)
        .map_err(|_| Error::parameter(param, "not a valid header value"))?;
    headers.insert(name, value);
    Ok(())
}

/// Writes a response: its status, `content-type` and body as JSON.
pub fn json_response<T: Serialize + ?Sized>(
    status: u16,
    content_type: &'static str,
    body: &T,
) -> Result<http::Response<Vec<u8>>, Error> {
    let bytes =
        serde_json::to_vec(body).map_err(|e| Error::new(format!("the response body: {e}")))?;
    bytes_response(status, Some(content_type), bytes)
}

/// Writes a response with a body as it is (none: `content_type` is `None`).
pub fn bytes_response(
    status: u16,
    content_type: Option<&'static str>,
    body: Vec<u8>,
) -> Result<http::Response<Vec<u8>>, Error> {
    let mut response = http::Response::builder().status(status);
    if let Some(content_type) = content_type {
        response = response.header(CONTENT_TYPE, content_type);
    }
    response
        .body(body)
        .map_err(|e| Error::new(format!("the response is not valid HTTP: {e}")))
}

/// Reads a response's body as JSON, naming the status on failure.
pub fn read_json<T: DeserializeOwned>(response: &http::Response<Vec<u8>>) -> Result<T, Error> {
    serde_json::from_slice(response.body()).map_err(|e| body_error(response, e))
}

/// The string a request's JSON body holds under `property`: what a spec's `Webhook` enum
/// tells its events apart by.
pub fn body_tag(request: &http::Request<Vec<u8>>, property: &str) -> Result<String, Error> {
    let value: Value = serde_json::from_slice(request.body())
        .map_err(|e| Error::new(format!("the body is not JSON: {e}")))?;
    crate::tag::<serde_json::Error>(&value, property).map_err(|e| Error::new(e.to_string()))
}

/// The error of an event whose tag no documented event has.
pub fn unknown_event(property: &str, value: &str, expected: &[&str]) -> Error {
    let mut shown: String = value.chars().take(64).collect();
    if shown.len() < value.len() {
        shown.push_str("...");
    }
    Error::new(format!(
        "`{property}` is `{shown}`, which no documented event has (expected one of {expected:?})"
    ))
}

/// What reads a request as one event of a spec's `Webhook` enum.
pub type Reader<T> = fn(http::Request<Vec<u8>>) -> Result<T, Error>;

/// The first of `readers` that reads `request`: a spec's `Webhook` enum whose events no
/// property tells apart tries each in the spec's order.
pub fn first_reading<T>(
    request: http::Request<Vec<u8>>,
    readers: &[Reader<T>],
) -> Result<T, Error> {
    let mut first_error = None;
    for reader in readers {
        match reader(request.clone()) {
            Ok(value) => return Ok(value),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(Error::new(format!(
        "the request is none of the {} documented events (the first says: {})",
        readers.len(),
        first_error.map_or_else(String::new, |e| e.message)
    )))
}

/// Writes a `text/event-stream` response: each event, then the `sentinel` where the spec
/// declares one.
pub fn events_response<T: Serialize>(
    status: u16,
    content_type: &'static str,
    events: &EventStream<T>,
    sentinel: Option<&str>,
) -> Result<http::Response<Vec<u8>>, Error> {
    bytes_response(
        status,
        Some(content_type),
        streams::write_events(events, sentinel)?,
    )
}

/// Reads a `text/event-stream` response's events, up to the `sentinel` where the spec
/// declares one, naming the status on failure.
pub fn read_events<T: DeserializeOwned>(
    response: &http::Response<Vec<u8>>,
    sentinel: Option<&str>,
) -> Result<EventStream<T>, Error> {
    streams::read_events(response.body(), sentinel).map_err(|e| body_error(response, e))
}

/// Writes a JSON-lines response: a value per line.
pub fn json_lines_response<T: Serialize>(
    status: u16,
    content_type: &'static str,
    lines: &JsonLines<T>,
) -> Result<http::Response<Vec<u8>>, Error> {
    bytes_response(
        status,
        Some(content_type),
        streams::write_json_lines(lines)?,
    )
}

/// Reads a JSON-lines response's values, naming the status on failure.
pub fn read_json_lines<T: DeserializeOwned>(
    response: &http::Response<Vec<u8>>,
) -> Result<JsonLines<T>, Error> {
    streams::read_json_lines(response.body()).map_err(|e| body_error(response, e))
}

/// Which of a response's documented `media_types` its `content-type` is: the same media
/// type (without parameters, in any case), else the first range that takes it (`text/*`),
/// else the first (the one a response without a `content-type` is read as).
pub fn response_media(response: &http::Response<Vec<u8>>, media_types: &[&str]) -> usize {
    let Some(sent) = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(essence)
    else {
        return 0;
    };
    let in_range = |range: &str| {
        range == "*/*"
            || range
                .strip_suffix("/*")
                .is_some_and(|kind| sent.split('/').next() == Some(kind))
    };
    media_types
        .iter()
        .position(|m| essence(m) == sent)
        .or_else(|| media_types.iter().position(|m| in_range(&essence(m))))
        .unwrap_or(0)
}

/// A media type without its parameters (`; charset=utf-8`), in lower case: what two media
/// types are compared by.
pub(crate) fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or(media_type)
        .trim()
        .to_ascii_lowercase()
}

/// The output of a future over a body that is all in memory (multer's reader, an event
/// stream's), which never waits: polled once, with no async runtime. `None` if it waits
/// after all.
pub(crate) fn in_memory<F: std::future::Future>(future: F) -> Option<F::Output> {
    use std::task::{Context, Poll, Waker};
    match std::pin::pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// A response body that does not read as its media type says, naming the status.
fn body_error(response: &http::Response<Vec<u8>>, error: impl fmt::Display) -> Error {
    Error::new(format!(
        "the body of the {} response: {error}",
        response.status().as_u16()
    ))
}
