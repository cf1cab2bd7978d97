//! One client for every operation of every spec (feature `client`): `client.send(request)`
//! turns any generated request type into an `http::Request`, puts the base URL in front of
//! it, applies the credentials its operation requires, sends it through a transport and
//! reads the answer into the operation's response enum. There is no per-operation client
//! code: everything an operation needs is in its type ([`Operation`]).
//!
//! The transport is any [`tower::Service`] over `http::Request<Vec<u8>>` and
//! `http::Response<Vec<u8>>`, so timeouts, rate limits, tracing and retries are tower's
//! layers (or any middleware written for them) stacked in front of it; [`Retry`] is a
//! retry policy for tower's `RetryLayer` that honours `Retry-After`. Nothing here starts or
//! needs an async runtime: with a blocking transport, `send` completes on first poll.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE, HeaderValue, RETRY_AFTER};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Method, Request, Response, StatusCode, Uri};
use tower::{Service, ServiceExt};

use serde::Deserialize;

pub use crate::credentials::{Credential, Secret};
use crate::operation::{self, In, Operation, Paginated, SchemeKind, SecurityScheme};

/// The error type of a transport, boxed.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Why a call failed. No variant holds or shows a credential.
#[derive(Debug)]
pub enum ClientError {
    /// The base URL is not an absolute `http` or `https` URL.
    BaseUrl(String),
    /// The operation requires credentials the client does not hold: nothing was sent.
    MissingCredential {
        /// `GET /v1/orders/`.
        operation: String,
        /// The schemes of each alternative the operation accepts.
        alternatives: Vec<Vec<&'static str>>,
    },
    /// A credential was given for a scheme that wants another kind (a key for a bearer
    /// scheme, say): nothing was sent.
    WrongCredential {
        /// The scheme's name.
        scheme: &'static str,
        /// What it wants.
        wants: &'static str,
    },
    /// The request could not be written (a parameter its schema refuses, say).
    Request(operation::Error),
    /// The transport failed: no response.
    Transport(BoxError),
    /// The response is not what the operation documents (a body its schema refuses).
    Response(operation::Error),
    /// A page of [`Client::pages`] answered this status, not 2XX (send the request with
    /// [`Client::send`] to read the documented error).
    Status(u16),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::BaseUrl(problem) => write!(f, "the base URL: {problem}"),
            ClientError::MissingCredential {
                operation,
                alternatives,
            } => {
                let alternatives: Vec<String> = alternatives
                    .iter()
                    .map(|schemes| {
                        let names: Vec<String> = schemes.iter().map(|s| format!("`{s}`")).collect();
                        names.join(" and ")
                    })
                    .collect();
                write!(
                    f,
                    "`{operation}` requires credentials for {}; the client holds none that do",
                    alternatives.join(", or ")
                )
            }
            ClientError::WrongCredential { scheme, wants } => write!(
                f,
                "the credential given for security scheme `{scheme}` is not {wants}"
            ),
            ClientError::Request(e) => write!(f, "the request: {e}"),
            ClientError::Transport(e) => write!(f, "the transport: {e}"),
            ClientError::Response(e) => write!(f, "the response: {e}"),
            ClientError::Status(status) => write!(f, "the page answered status {status}"),
        }
    }
}

impl std::error::Error for ClientError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Request(e) | ClientError::Response(e) => Some(e),
            ClientError::Transport(e) => Some(&**e),
            _ => None,
        }
    }
}

/// Sends any operation of any spec: a base URL, the credentials by scheme name, and a
/// transport ([`tower::Service`] over `http` types).
///
/// ```ignore
/// let client = Client::new(transport, &polar::SERVERS[0].url())?
///     .credential("HTTPBearer", Credential::bearer(token));
/// let orders = client.send(OrdersListRequest::default()).await?;
/// ```
#[derive(Clone)]
pub struct Client<S> {
    service: S,
    scheme: Scheme,
    authority: Authority,
    /// The base URL's path, without a trailing `/`: `/v1`, or empty.
    prefix: String,
    credentials: Arc<Vec<(String, Credential)>>,
}

impl<S> fmt::Debug for Client<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let schemes: Vec<&str> = self.credentials.iter().map(|(s, _)| s.as_str()).collect();
        f.debug_struct("Client")
            .field(
                "base",
                &format!("{}://{}{}", self.scheme, self.authority, self.prefix),
            )
            .field("credentials for", &schemes)
            .finish_non_exhaustive()
    }
}

impl<S> Client<S> {
    /// A client that sends through `service` to `base_url` (`https://api.polar.sh`, or
    /// with a path: `https://example.com/api/v1`), with no credentials.
    pub fn new(service: S, base_url: &str) -> Result<Client<S>, ClientError> {
        let uri: Uri = base_url
            .parse()
            .map_err(|e| ClientError::BaseUrl(format!("`{base_url}`: {e}")))?;
        let (Some(scheme), Some(authority)) = (uri.scheme(), uri.authority()) else {
            return Err(ClientError::BaseUrl(format!(
                "`{base_url}` is not an absolute URL"
            )));
        };
        if *scheme != Scheme::HTTP && *scheme != Scheme::HTTPS {
            return Err(ClientError::BaseUrl(format!(
                "`{base_url}` is not an http or https URL"
            )));
        }
        Ok(Client {
            scheme: scheme.clone(),
            authority: authority.clone(),
            prefix: uri.path().trim_end_matches('/').to_string(),
            service,
            credentials: Arc::new(Vec::new()),
        })
    }

    /// Holds `credential` for the security scheme the spec names `scheme` (the key under
    /// `components/securitySchemes`), replacing any held before.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Client<S> {
        let scheme = scheme.into();
        let credentials = Arc::make_mut(&mut self.credentials);
        credentials.retain(|(held, _)| *held != scheme);
        credentials.push((scheme, credential));
        self
    }

    /// The `http::Request` that [`Client::send`] sends for `request`: the base URL in front,
    /// the credentials of the first alternative of its security the client can satisfy
    /// applied (an alternative without schemes, only when no other can be satisfied).
    pub fn prepare<O: Operation>(&self, request: O) -> Result<Request<Vec<u8>>, ClientError> {
        let request: Request<Vec<u8>> = request.try_into().map_err(ClientError::Request)?;
        let (mut parts, body) = request.into_parts();
        // The spec's retry settings for this operation travel with its request, for `Retry`.
        if let Some(retries) = O::RETRIES {
            parts.extensions.insert(retries);
        }
        let path = parts.uri.path_and_query().map_or("/", PathAndQuery::as_str);
        let mut path_and_query = format!("{}{path}", self.prefix);
        let schemes = self.security::<O>()?;
        let mut cookies = Vec::new();
        for (scheme, credential) in schemes {
            let holder = || format!("the credential for security scheme `{}`", scheme.name);
            match (scheme.kind, credential) {
                (SchemeKind::Bearer, Credential::Bearer(token)) => {
                    let value = sensitive(&format!("Bearer {}", token.expose()), holder)?;
                    parts.headers.insert(AUTHORIZATION, value);
                }
                (SchemeKind::Basic, Credential::Basic { username, password }) => {
                    let pair = format!("{username}:{}", password.expose());
                    let encoded = base64::engine::general_purpose::STANDARD.encode(pair);
                    let value = sensitive(&format!("Basic {encoded}"), holder)?;
                    parts.headers.insert(AUTHORIZATION, value);
                }
                (SchemeKind::ApiKey { location, name }, Credential::ApiKey(key)) => {
                    match location {
                        In::Query => {
                            let separator = if path_and_query.contains('?') {
                                '&'
                            } else {
                                '?'
                            };
                            path_and_query.push(separator);
                            path_and_query.push_str(&pair(name, key.expose()));
                        }
                        In::Cookie => cookies.push(pair(name, key.expose())),
                        _ => {
                            let header =
                                http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                                    ClientError::Request(operation::Error::new(format!(
                                        "security scheme `{}`: `{name}` is no header name",
                                        scheme.name
                                    )))
                                })?;
                            parts
                                .headers
                                .insert(header, sensitive(key.expose(), holder)?);
                        }
                    }
                }
                (kind, _) => {
                    return Err(ClientError::WrongCredential {
                        scheme: scheme.name,
                        wants: match kind {
                            SchemeKind::Bearer => "a bearer token",
                            SchemeKind::Basic => "a user and password",
                            SchemeKind::ApiKey { .. } => "an API key",
                        },
                    });
                }
            }
        }
        if !cookies.is_empty() {
            // The operation's own cookie parameters stay; the keys join them.
            let mut all: Vec<String> = parts
                .headers
                .get(COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(|v| vec![v.to_string()])
                .unwrap_or_default();
            all.extend(cookies);
            let value = sensitive(&all.join("; "), || {
                "the `Cookie` header with the API keys".into()
            })?;
            parts.headers.insert(COOKIE, value);
        }
        parts.uri = Uri::builder()
            .scheme(self.scheme.clone())
            .authority(self.authority.clone())
            .path_and_query(path_and_query)
            .build()
            .map_err(|e| ClientError::Request(operation::Error::new(e.to_string())))?;
        Ok(Request::from_parts(parts, body))
    }

    /// The schemes to apply for `O`, each with the credential held for it.
    fn security<O: Operation>(&self) -> Result<Vec<(SecurityScheme, &Credential)>, ClientError> {
        let held = |scheme: &SecurityScheme| {
            self.credentials
                .iter()
                .find(|(name, _)| name == scheme.name)
                .map(|(_, credential)| credential)
        };
        if O::SECURITY.is_empty() {
            return Ok(Vec::new());
        }
        for alternative in O::SECURITY.iter().filter(|a| !a.is_empty()) {
            let found: Option<Vec<_>> = alternative
                .iter()
                .map(|scheme| held(scheme).map(|credential| (*scheme, credential)))
                .collect();
            if let Some(found) = found {
                return Ok(found);
            }
        }
        if O::SECURITY.iter().any(|a| a.is_empty()) {
            return Ok(Vec::new());
        }
        Err(ClientError::MissingCredential {
            operation: format!("{} {}", O::METHOD, O::PATH),
            alternatives: O::SECURITY
                .iter()
                .map(|a| a.iter().map(|s| s.name).collect())
                .collect(),
        })
    }
}

/// A header value that `http` marks sensitive (HTTP/2 never indexes it).
/// `holder` names what the text is, for the error (`the credential for security scheme
/// `key``), which never shows the text itself.
fn sensitive(text: &str, holder: impl FnOnce() -> String) -> Result<HeaderValue, ClientError> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        ClientError::Request(operation::Error::new(format!(
            "{} holds characters no header may",
            holder()
        )))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

impl<S> Client<S>
where
    S: Service<Request<Vec<u8>>, Response = Response<Vec<u8>>> + Clone,
    S::Error: Into<BoxError>,
{
    /// Sends `request` and reads the answer into its operation's response enum. A status
    /// the spec does not document is a variant (`Undocumented`), not an error.
    pub async fn send<O: Operation>(&self, request: O) -> Result<O::Response, ClientError> {
        let request = self.prepare(request)?;
        let response = self
            .service
            .clone()
            .oneshot(request)
            .await
            .map_err(|e| ClientError::Transport(e.into()))?;
        O::Response::try_from(response).map_err(ClientError::Response)
    }
}

impl<S> Client<S>
where
    S: Service<Request<Vec<u8>>, Response = Response<Vec<u8>>> + Clone,
    S::Error: Into<BoxError>,
{
    /// [`Client::send`], blocking the thread until the answer is read: for a program
    /// without an async runtime (its transport must not need one either: a blocking
    /// transport wrapped in `tower::service_fn`, say).
    pub fn send_blocking<O: Operation>(&self, request: O) -> Result<O::Response, ClientError> {
        pollster::block_on(self.send(request))
    }
}

/// A transport over reqwest (feature `reqwest`): `Client::new(Reqwest::default(), url)`.
/// reqwest's own settings (timeouts, proxies, TLS) stay on the `reqwest::Client` it holds.
#[cfg(feature = "reqwest")]
#[derive(Clone, Debug, Default)]
pub struct Reqwest(pub reqwest::Client);

#[cfg(feature = "reqwest")]
impl Service<Request<Vec<u8>>> for Reqwest {
    type Response = Response<Vec<u8>>;
    type Error = reqwest::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Response<Vec<u8>>, reqwest::Error>> + Send>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), reqwest::Error>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<Vec<u8>>) -> Self::Future {
        let client = self.0.clone();
        Box::pin(async move {
            let request = reqwest::Request::try_from(request)?;
            let response = client.execute(request).await?;
            let (status, version) = (response.status(), response.version());
            let headers = response.headers().clone();
            let mut read = Response::new(response.bytes().await?.to_vec());
            *read.status_mut() = status;
            *read.version_mut() = version;
            *read.headers_mut() = headers;
            Ok(read)
        })
    }
}

impl<S> Client<S> {
    /// The pages of a paginated operation (`x-speakeasy-pagination`), from the page (or
    /// offset, or cursor) `request` asks for: `pages.next().await` sends one request and
    /// returns its items, then moves on as the spec's outputs say (the next page number,
    /// offset or cursor), until a page is the last: the number of pages is reached, a page is
    /// shorter than the `limit` the request gives, or holds nothing, or there is no next
    /// cursor.
    pub fn pages<O: Paginated>(&self, request: O) -> Result<Pages<'_, S, O>, ClientError> {
        let request = self.prepare(request)?;
        let pagination = O::PAGINATION;
        let position = match (pagination.page, pagination.offset) {
            (Some(page), _) => query_number(request.uri(), page).unwrap_or(1),
            (None, Some(offset)) => query_number(request.uri(), offset).unwrap_or(0),
            (None, None) => 0,
        };
        Ok(Pages {
            client: self,
            next: Some(request),
            position,
            cursor: None,
            visited: Default::default(),
            operation: PhantomData,
        })
    }
}

/// The pages of one paginated request: [`Client::pages`].
pub struct Pages<'c, S, O> {
    client: &'c Client<S>,
    next: Option<Request<Vec<u8>>>,
    /// The page number or offset the next request asks for.
    position: u64,
    /// The cursor the last page gave, so that a server that repeats one cannot loop.
    cursor: Option<String>,
    /// The URLs of the pages read, where the answers give the next page's URL.
    visited: std::collections::HashSet<String>,
    operation: PhantomData<fn() -> O>,
}

impl<S, O> fmt::Debug for Pages<'_, S, O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("next", &self.next.as_ref().map(|r| r.uri()))
            .finish_non_exhaustive()
    }
}

impl<S, O> Pages<'_, S, O>
where
    S: Service<Request<Vec<u8>>, Response = Response<Vec<u8>>> + Clone,
    S::Error: Into<BoxError>,
    O: Paginated,
{
    /// The next page's items, or `None` after the last page. A page that does not answer
    /// 2XX, or whose body does not hold the items where the spec says, is an error and the
    /// last page.
    pub async fn next(&mut self) -> Option<Result<Vec<O::Item>, ClientError>> {
        let request = self.next.take()?;
        let again = request.clone();
        let response = match self.client.service.clone().oneshot(request).await {
            Ok(response) => response,
            Err(e) => return Some(Err(ClientError::Transport(e.into()))),
        };
        if !response.status().is_success() {
            return Some(Err(ClientError::Status(response.status().as_u16())));
        }
        let page = match read_page::<O>(response.body()) {
            Ok(page) => page,
            Err(e) => return Some(Err(ClientError::Response(e))),
        };
        let (items, body) = page;
        let link = O::PAGINATION
            .link_next
            .then(|| next_link(response.headers()))
            .flatten();
        self.next = self.way_on(&body, items.len(), again, link);
        Some(Ok(items))
    }

    /// [`Pages::next`], blocking the thread until the page is read.
    pub fn next_blocking(&mut self) -> Option<Result<Vec<O::Item>, ClientError>> {
        pollster::block_on(self.next())
    }

    /// Every item of every page from here, in order.
    pub async fn all(mut self) -> Result<Vec<O::Item>, ClientError> {
        let mut all = Vec::new();
        while let Some(items) = self.next().await {
            all.extend(items?);
        }
        Ok(all)
    }

    /// The next page's request, or `None` when this page is the last.
    fn way_on(
        &mut self,
        body: &serde_json::Value,
        count: usize,
        mut request: Request<Vec<u8>>,
        link: Option<String>,
    ) -> Option<Request<Vec<u8>>> {
        let pagination = O::PAGINATION;
        if pagination.link_next || pagination.next_url.is_some() {
            let next = match pagination.next_url {
                Some(path) => at(body, path)?.as_str()?.to_string(),
                None => link?,
            };
            let uri = same_server(request.uri(), &next)?;
            // A server that sends the way back to a page already read would loop.
            self.visited.insert(request.uri().to_string());
            if !self.visited.insert(uri.to_string()) {
                return None;
            }
            *request.uri_mut() = uri;
            return Some(request);
        }
        if let Some(parameter) = pagination.cursor {
            let cursor = match at(body, pagination.next_cursor?)? {
                serde_json::Value::String(text) if !text.is_empty() => text.clone(),
                serde_json::Value::Number(number) => number.to_string(),
                _ => return None,
            };
            if self.cursor.as_ref() == Some(&cursor) {
                return None;
            }
            *request.uri_mut() = with_query(request.uri(), parameter, &cursor)?;
            self.cursor = Some(cursor);
            return Some(request);
        }
        let limit = pagination
            .limit
            .and_then(|limit| query_number(request.uri(), limit));
        let short = limit.is_some_and(|limit| (count as u64) < limit);
        if count == 0 || short {
            return None;
        }
        let (parameter, next) = match (pagination.page, pagination.offset) {
            (Some(page), _) => {
                let pages = pagination
                    .num_pages
                    .and_then(|path| at(body, path))
                    .and_then(serde_json::Value::as_u64);
                if pages.is_some_and(|pages| self.position >= pages) {
                    return None;
                }
                (page, self.position + 1)
            }
            (None, Some(offset)) => (offset, self.position + count as u64),
            (None, None) => return None,
        };
        *request.uri_mut() = with_query(request.uri(), parameter, &next.to_string())?;
        self.position = next;
        Some(request)
    }
}

/// A page's items where the spec says they are, and the body they came in.
fn read_page<O: Paginated>(
    body: &[u8],
) -> Result<(Vec<O::Item>, serde_json::Value), operation::Error> {
    let body: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| operation::Error::new(format!("the page is no JSON: {e}")))?;
    let path = O::PAGINATION.results;
    let items = at(&body, path)
        .ok_or_else(|| operation::Error::new(format!("the page holds no `{}`", path.join("."))))?;
    let items = Vec::<O::Item>::deserialize(items)
        .map_err(|e| operation::Error::new(format!("`{}`: {e}", path.join("."))))?;
    Ok((items, body))
}

/// The `rel="next"` target of a response's `Link` headers (RFC 8288), read by
/// parse_link_header.
fn next_link(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::LINK)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find_map(|value| {
            let links = parse_link_header::parse_with_rel(value).ok()?;
            links.get("next").map(|link| link.raw_uri.clone())
        })
}

/// The next page's URL, on the server of `current` (and so with the same credentials): an
/// absolute URL on the same scheme and host, a path from the root (`/v1/items?page=2`), or a
/// query (`?page=2`). Anything else, another server above all, ends the paging: the
/// client's credentials are for its own server.
fn same_server(current: &Uri, next: &str) -> Option<Uri> {
    let next = next.trim();
    let path_and_query = match next.strip_prefix('?') {
        Some(query) => format!("{}?{query}", current.path()).parse().ok()?,
        None => {
            let next: Uri = next.parse().ok()?;
            match (next.scheme(), next.authority()) {
                (Some(scheme), Some(authority))
                    if Some(scheme) == current.scheme()
                        && Some(authority) == current.authority() =>
                {
                    next.path_and_query()?.clone()
                }
                (None, None) if next.path().starts_with('/') => next.path_and_query()?.clone(),
                _ => return None,
            }
        }
    };
    let mut parts = current.clone().into_parts();
    parts.path_and_query = Some(path_and_query);
    Uri::from_parts(parts).ok()
}

/// The value at `path`'s keys from `value`.
fn at<'v>(value: &'v serde_json::Value, path: &[&str]) -> Option<&'v serde_json::Value> {
    path.iter().try_fold(value, |value, key| value.get(key))
}

/// A query parameter's value as a number.
fn query_number(uri: &Uri, name: &str) -> Option<u64> {
    uri.query()?.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == operation::encode_component(name)).then(|| value.parse().ok())?
    })
}

/// `name=value`, each percent-encoded, as a query or a `Cookie` header holds it.
fn pair(name: &str, value: &str) -> String {
    format!(
        "{}={}",
        operation::encode_component(name),
        operation::encode_component(value)
    )
}

/// `uri` with the query parameter `name` set to `value` (any earlier value removed).
fn with_query(uri: &Uri, name: &str, value: &str) -> Option<Uri> {
    let key = operation::encode_component(name);
    let mut pairs: Vec<String> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|pair| !pair.is_empty() && pair.split('=').next() != Some(key.as_str()))
        .map(str::to_string)
        .collect();
    pairs.push(pair(name, value));
    let path_and_query = format!("{}?{}", uri.path(), pairs.join("&"));
    let mut parts = uri.clone().into_parts();
    parts.path_and_query = Some(path_and_query.parse().ok()?);
    Uri::from_parts(parts).ok()
}

/// How long to wait before a retry; the future the policy returns resolves after it. A
/// runtime's own sleep (`tokio::time::sleep`), or a blocking one for a blocking client.
pub type Sleep = Arc<dyn Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync>;

/// A retry policy for tower's `RetryLayer`: an idempotent request (`GET`, `HEAD`, `PUT`,
/// `DELETE`, `OPTIONS`, `TRACE`) that got `429 Too Many Requests` or `503 Service
/// Unavailable` (or any status given to [`Retry::statuses`]), or no response, is sent again
/// after `Retry-After` (seconds or a date) or, without one, an exponential backoff with
/// jitter, up to a number of attempts.
#[derive(Clone)]
pub struct Retry {
    attempts: u32,
    initial: Duration,
    max: Duration,
    statuses: Vec<StatusCode>,
    retry_errors: bool,
    sleep: Sleep,
    made: u32,
    /// When the first retry was decided: the spec's `maxElapsedTime` counts from there.
    started: Option<std::time::Instant>,
}

impl fmt::Debug for Retry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Retry")
            .field("attempts", &self.attempts)
            .field("initial", &self.initial)
            .field("max", &self.max)
            .field("statuses", &self.statuses)
            .finish_non_exhaustive()
    }
}

impl Retry {
    /// At most `attempts` sends in all (the first included), waiting with `sleep`; backoff
    /// from 500 ms, doubling, at most 60 s.
    pub fn new(
        attempts: u32,
        sleep: impl Fn(Duration) -> Pin<Box<dyn Future<Output = ()> + Send>> + Send + Sync + 'static,
    ) -> Retry {
        Retry {
            attempts,
            initial: Duration::from_millis(500),
            max: Duration::from_secs(60),
            statuses: vec![
                StatusCode::TOO_MANY_REQUESTS,
                StatusCode::SERVICE_UNAVAILABLE,
            ],
            retry_errors: true,
            sleep: Arc::new(sleep),
            made: 1,
            started: None,
        }
    }

    /// The backoff's first wait and its cap.
    pub fn backoff(mut self, initial: Duration, max: Duration) -> Retry {
        self.initial = initial;
        self.max = max;
        self
    }

    /// The statuses that are retried (429 and 503 by default).
    pub fn statuses(mut self, statuses: &[u16]) -> Retry {
        self.statuses = statuses
            .iter()
            .filter_map(|s| StatusCode::from_u16(*s).ok())
            .collect();
        self
    }

    /// Whether a request that got no response (a transport error) is retried (yes by
    /// default).
    pub fn retry_transport_errors(mut self, retry: bool) -> Retry {
        self.retry_errors = retry;
        self
    }

    /// The wait before the next attempt: `initial * 2^(made - 1)`, capped, with up to a
    /// quarter taken off at random so that clients do not retry in step.
    fn backoff_wait(&self) -> Duration {
        let doubled = self.initial.saturating_mul(
            1u32.checked_shl(self.made.saturating_sub(1))
                .unwrap_or(u32::MAX),
        );
        let wait = doubled.min(self.max);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        wait - wait.mul_f64(f64::from(nanos % 1000) / 4000.0)
    }
}

/// The spec's backoff before attempt `made + 1`: `initial * exponent^(made - 1)`, capped.
fn spec_wait(spec: &operation::Retries, made: u32) -> Duration {
    let grown = spec.initial_ms as f64 * spec.exponent.powi(made.saturating_sub(1) as i32);
    Duration::from_millis(grown.min(spec.max_ms as f64) as u64)
}

/// `Retry-After` as a wait: delay-seconds, or an HTTP date (a past date is no wait).
pub fn retry_after(response: &Response<Vec<u8>>) -> Option<Duration> {
    let text = response.headers().get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(text).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or_default())
}

fn idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

impl<E> tower::retry::Policy<Request<Vec<u8>>, Response<Vec<u8>>, E> for Retry {
    type Future = Pin<Box<dyn Future<Output = ()> + Send>>;

    fn retry(
        &mut self,
        request: &mut Request<Vec<u8>>,
        result: &mut Result<Response<Vec<u8>>, E>,
    ) -> Option<Self::Future> {
        if self.made >= self.attempts {
            return None;
        }
        // An operation whose spec sets `x-speakeasy-retries` is retried as the spec says,
        // whatever its method: the spec opted it in.
        let spec = request.extensions().get::<operation::Retries>().copied();
        if let Some(spec) = spec {
            let started = *self.started.get_or_insert_with(std::time::Instant::now);
            if started.elapsed() > Duration::from_millis(spec.max_elapsed_ms) {
                return None;
            }
        } else if !idempotent(request.method()) {
            return None;
        }
        let max = spec.map_or(self.max, |spec| Duration::from_millis(spec.max_ms));
        let backoff = |policy: &Retry| match spec {
            Some(spec) => spec_wait(&spec, policy.made),
            None => policy.backoff_wait(),
        };
        let retried = |status: StatusCode| match spec {
            Some(spec) => spec
                .statuses
                .iter()
                .any(|(low, high)| (*low..=*high).contains(&status.as_u16())),
            None => self.statuses.contains(&status),
        };
        let wait = match result {
            Ok(response) if retried(response.status()) => {
                // A server that says how long to wait is believed, up to the cap.
                retry_after(response)
                    .map(|wait| wait.min(max))
                    .unwrap_or_else(|| backoff(self))
            }
            Ok(_) => return None,
            Err(_) if spec.map_or(self.retry_errors, |spec| spec.connection_errors) => {
                backoff(self)
            }
            Err(_) => return None,
        };
        self.made += 1;
        Some((self.sleep)(wait))
    }

    fn clone_request(&mut self, request: &Request<Vec<u8>>) -> Option<Request<Vec<u8>>> {
        Some(request.clone())
    }
}

mod events;
#[cfg(test)]
mod tests;

pub use events::Events;
#[cfg(feature = "reqwest")]
pub use events::ReqwestStream;
