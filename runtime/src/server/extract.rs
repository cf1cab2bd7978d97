//! The axum side of serving (feature `axum`): extractors, responses, handlers and
//! credentials.

use std::future::Future;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};
use base64::Engine as _;

use crate::credentials::{Credential, Secret};
use crate::operation::pairs::{cookie_pairs, query_pairs};
use crate::operation::{self, In, Operation, SchemeKind, SecurityScheme};

/// Any operation's request type, read from an axum request: the body is read within axum's
/// body limit (`DefaultBodyLimit`, 2 MB unless changed), and a request the spec refuses is
/// answered with the operation's documented refusal status (see [`Operation::REFUSAL`]) or
/// `400 Bad Request`, saying why. Generated request types are extractors themselves when
/// this feature is on; `Typed` is the same for generic code.
#[derive(Clone, Debug, PartialEq)]
pub struct Typed<O>(pub O);

impl<S: Send + Sync, O: Operation> FromRequest<S> for Typed<O> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let mut request = buffered(request, state).await?;
        // axum answers `HEAD` with the `GET` route: the request reads as its `GET`.
        if request.method() == Method::HEAD && O::METHOD == "GET" {
            *request.method_mut() = Method::GET;
        }
        O::try_from(request)
            .map(Typed)
            .map_err(|error| refusal::<O>(&error))
    }
}

/// `request` with its body read whole, within axum's body limit (`DefaultBodyLimit`, which
/// the request's extensions carry); a body past it is axum's own refusal (`413`).
pub(crate) async fn buffered<S: Send + Sync>(
    request: Request,
    state: &S,
) -> Result<http::Request<Vec<u8>>, Response> {
    let (parts, body) = request.into_parts();
    let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
        .await
        .map_err(IntoResponse::into_response)?;
    Ok(http::Request::from_parts(parts, Vec::from(bytes)))
}

/// Any operation's response enum, as an axum response. Generated response enums are axum
/// responses themselves when this feature is on; `Reply` is the same for generic code.
#[derive(Clone, Debug)]
pub struct Reply<R>(pub R);

impl<R> IntoResponse for Reply<R>
where
    R: TryInto<http::Response<Vec<u8>>, Error = operation::Error>,
{
    fn into_response(self) -> Response {
        match self.0.try_into() {
            Ok(response) => response.map(axum::body::Body::from),
            // The handler built a value its own spec refuses (a field out of range, say).
            Err(error) => (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("the response does not follow the spec: {error}"),
            )
                .into_response(),
        }
    }
}

/// The answer to a request of `O` that does not read: `O`'s documented refusal status with
/// the first usual error body its spec accepts for it, else `400` and the reason as text.
/// The reason names what was wrong (a parameter, a field), never its value.
pub fn refusal<O: Operation>(error: &operation::Error) -> Response {
    let message = error.to_string();
    if let Some(status) = O::REFUSAL {
        for (media, body) in refusal_bodies(status, &message) {
            let response = http::Response::builder()
                .status(status)
                .header(header::CONTENT_TYPE, media)
                .body(body.clone())
                .expect("a status and a media type");
            if <O::Response as TryFrom<http::Response<Vec<u8>>>>::try_from(response).is_ok() {
                return http::Response::builder()
                    .status(status)
                    .header(header::CONTENT_TYPE, media)
                    .body(axum::body::Body::from(body))
                    .expect("a status and a media type");
            }
        }
    }
    (StatusCode::BAD_REQUEST, message).into_response()
}

/// The error bodies APIs usually write, in the order they are tried: FastAPI's validation
/// error (Polar's `HTTPValidationError`), `detail`, `message` and `error` texts, RFC 9457's
/// problem details, and `{code, message}`.
fn refusal_bodies(status: u16, message: &str) -> Vec<(&'static str, Vec<u8>)> {
    use serde_json::json;
    let title = StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Bad Request");
    let shapes = [
        json!({"detail": [{"loc": ["request"], "msg": message, "type": "value_error"}]}),
        json!({"detail": message}),
        json!({"message": message}),
        json!({"error": message}),
        json!({"error": {"message": message}}),
        json!({"code": status, "message": message}),
        json!({"type": "about:blank", "title": title, "status": status, "detail": message}),
    ];
    let mut bodies = Vec::new();
    for shape in shapes {
        let text = shape.to_string().into_bytes();
        bodies.push(("application/json", text.clone()));
        bodies.push(("application/problem+json", text));
    }
    bodies
}

/// An operation's handler: an async function whose last argument is the operation's request
/// type and whose answer is its response enum, after any axum extractors
/// (`FromRequestParts`: `State`, [`Credentials`], [`Auth`], headers...).
///
/// ```ignore
/// async fn get_order(State(db): State<Db>, Auth(user): Auth<User>, request: OrdersGet)
///     -> OrdersGetResponse { ... }
/// ```
pub trait Handler<O, T, S>: Clone + Send + Sync + Sized + 'static {
    /// The axum method router that reads the request, calls the handler and writes its
    /// answer.
    fn into_method_router(self) -> MethodRouter<S>;
}

macro_rules! handler {
    ($($extractor:ident),*) => {
        impl<O, S, F, Fut, $($extractor,)*> Handler<O, ($($extractor,)*), S> for F
        where
            F: Fn($($extractor,)* O) -> Fut + Clone + Send + Sync + 'static,
            Fut: Future<Output = O::Response> + Send + 'static,
            O: Operation + Send + 'static,
            O::Response: Send,
            S: Clone + Send + Sync + 'static,
            $($extractor: FromRequestParts<S> + Send + 'static,)*
        {
            #[allow(non_snake_case)]
            fn into_method_router(self) -> MethodRouter<S> {
                let handler = move |$($extractor: $extractor,)* Typed(request): Typed<O>| {
                    let handler = self.clone();
                    async move { Reply(handler($($extractor,)* request).await) }
                };
                axum::routing::on(method_filter::<O>(), handler)
            }
        }
    };
}

handler!();
handler!(E1);
handler!(E1, E2);
handler!(E1, E2, E3);
handler!(E1, E2, E3, E4);
handler!(E1, E2, E3, E4, E5);
handler!(E1, E2, E3, E4, E5, E6);

pub(super) fn method_filter<O: Operation>() -> MethodFilter {
    Method::from_bytes(O::METHOD.as_bytes())
        .ok()
        .and_then(|method| MethodFilter::try_from(method).ok())
        // A method axum does not route (`CONNECT` aside, none the spec can name) is never
        // matched: `MethodFilter` has no empty value, so it takes `TRACE`, which no
        // generated operation of that method shares a path with.
        .unwrap_or(MethodFilter::TRACE)
}

pub(super) async fn unserved<O: Operation>() -> Response {
    (
        StatusCode::NOT_IMPLEMENTED,
        format!("`{} {}` is not served here", O::METHOD, O::PATH),
    )
        .into_response()
}

/// An operation's security requirements, put in the request's extensions by its route.
#[derive(Clone, Copy, Debug)]
pub(super) struct Security(pub(super) &'static [&'static [SecurityScheme]]);

/// The credentials a request carries for its operation's security: those of the first
/// alternative the operation accepts that the request satisfies. A request that satisfies
/// none is answered `401 Unauthorized` (with a `WWW-Authenticate` challenge where the
/// scheme has one) before the handler runs. Empty when the operation requires nothing, or
/// accepts a request without credentials and got one. Whether they are good is for the
/// handler, or for an [`Authenticate`] impl, to say.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Credentials {
    presented: Vec<(&'static str, Credential)>,
}

impl Credentials {
    /// The credential given for the scheme named `scheme` in the spec.
    pub fn get(&self, scheme: &str) -> Option<&Credential> {
        self.presented
            .iter()
            .find(|(name, _)| *name == scheme)
            .map(|(_, credential)| credential)
    }

    /// Each scheme's name and its credential.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &Credential)> {
        self.presented.iter().map(|(name, c)| (*name, c))
    }

    /// No credentials: the operation requires none, or accepts a request without them.
    pub fn is_empty(&self) -> bool {
        self.presented.is_empty()
    }

    /// The first bearer token given.
    pub fn bearer(&self) -> Option<&Secret> {
        self.presented.iter().find_map(|(_, c)| match c {
            Credential::Bearer(token) => Some(token),
            _ => None,
        })
    }

    /// The credentials `parts` carries for `security`'s first satisfied alternative.
    fn read(parts: &Parts, security: &[&[SecurityScheme]]) -> Result<Credentials, Box<Response>> {
        if security.is_empty() {
            return Ok(Credentials::default());
        }
        for alternative in security {
            let presented: Option<Vec<_>> = alternative
                .iter()
                .map(|scheme| presented(parts, scheme).map(|c| (scheme.name, c)))
                .collect();
            if let Some(presented) = presented {
                return Ok(Credentials { presented });
            }
        }
        Err(Box::new(unauthorized(security)))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Credentials {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let security = parts.extensions.get::<Security>().map_or(&[][..], |s| s.0);
        Credentials::read(parts, security).map_err(|response| *response)
    }
}

/// What `parts` carries for `scheme`, if it carries it.
fn presented(parts: &Parts, scheme: &SecurityScheme) -> Option<Credential> {
    let authorization = || {
        let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
        let (kind, rest) = value.split_once(' ')?;
        Some((kind, rest.trim()))
    };
    match scheme.kind {
        SchemeKind::Bearer => {
            let (kind, token) = authorization()?;
            (kind.eq_ignore_ascii_case("bearer") && !token.is_empty())
                .then(|| Credential::bearer(token))
        }
        SchemeKind::Basic => {
            let (kind, encoded) = authorization()?;
            if !kind.eq_ignore_ascii_case("basic") {
                return None;
            }
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .ok()?;
            let text = String::from_utf8(decoded).ok()?;
            let (username, password) = text.split_once(':')?;
            Some(Credential::basic(username, password))
        }
        SchemeKind::ApiKey { location, name } => {
            let value = match location {
                In::Header => parts.headers.get(name)?.to_str().ok()?.to_string(),
                In::Query => {
                    let query = parts.uri.query()?;
                    let (_, raw) = query_pairs(query).find(|(key, _)| *key == name)?;
                    let raw = raw.replace('+', " ");
                    percent_encoding::percent_decode_str(&raw)
                        .decode_utf8()
                        .ok()?
                        .into_owned()
                }
                In::Cookie => parts
                    .headers
                    .get_all(header::COOKIE)
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(cookie_pairs)
                    .find(|(key, _)| *key == name)?
                    .1
                    .to_string(),
                In::Path | In::Form => return None,
            };
            (!value.is_empty()).then(|| Credential::api_key(value))
        }
    }
}

/// `401 Unauthorized`, naming the schemes each alternative needs (never a credential), with
/// a challenge for each HTTP scheme among them.
fn unauthorized(security: &[&[SecurityScheme]]) -> Response {
    let alternatives: Vec<String> = security
        .iter()
        .map(|alternative| {
            let names: Vec<&str> = alternative.iter().map(|s| s.name).collect();
            names.join(" and ")
        })
        .collect();
    let mut challenges = Vec::new();
    for scheme in security.iter().flat_map(|a| a.iter()) {
        let challenge = match scheme.kind {
            SchemeKind::Bearer => "Bearer",
            SchemeKind::Basic => "Basic",
            SchemeKind::ApiKey { .. } => continue,
        };
        if !challenges.contains(&challenge) {
            challenges.push(challenge);
        }
    }
    let mut response = (
        StatusCode::UNAUTHORIZED,
        format!(
            "this operation requires credentials: {}",
            alternatives.join(", or ")
        ),
    )
        .into_response();
    if let Ok(value) = HeaderValue::from_str(&challenges.join(", "))
        && !challenges.is_empty()
    {
        response
            .headers_mut()
            .insert(header::WWW_AUTHENTICATE, value);
    }
    response
}

/// How a server checks credentials: the one trait between the [`Credentials`] a request
/// carries and whatever the handler wants to know of its caller (a user, an account, a
/// scope). [`Auth`] runs it before the handler.
///
/// ```ignore
/// impl Authenticate<Db> for User {
///     async fn authenticate(credentials: Credentials, db: &Db) -> Result<User, Denied> {
///         let token = credentials.bearer().ok_or_else(|| Denied::unauthorized("a token"))?;
///         db.user_of(token.expose()).await.ok_or_else(|| Denied::unauthorized("unknown token"))
///     }
/// }
/// ```
pub trait Authenticate<S>: Sized + Send {
    /// The caller behind `credentials`, or why the request is refused.
    fn authenticate(
        credentials: Credentials,
        state: &S,
    ) -> impl Future<Output = Result<Self, Denied>> + Send;
}

/// The caller, as [`Authenticate`] found it from the request's [`Credentials`].
#[derive(Clone, Debug)]
pub struct Auth<U>(pub U);

impl<S: Send + Sync, U: Authenticate<S>> FromRequestParts<S> for Auth<U> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let credentials = Credentials::from_request_parts(parts, state).await?;
        U::authenticate(credentials, state)
            .await
            .map(Auth)
            .map_err(IntoResponse::into_response)
    }
}

/// A refusal of [`Authenticate`]: `401 Unauthorized` or `403 Forbidden` with a message. The
/// message is sent to the caller: it should say what is missing, not what was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Denied {
    status: StatusCode,
    message: String,
}

impl Denied {
    /// `401 Unauthorized`: no credentials, or ones that name no one.
    pub fn unauthorized(message: impl Into<String>) -> Denied {
        Denied {
            status: StatusCode::UNAUTHORIZED,
            message: message.into(),
        }
    }

    /// `403 Forbidden`: a known caller who may not do this.
    pub fn forbidden(message: impl Into<String>) -> Denied {
        Denied {
            status: StatusCode::FORBIDDEN,
            message: message.into(),
        }
    }
}

impl IntoResponse for Denied {
    fn into_response(self) -> Response {
        (self.status, self.message).into_response()
    }
}

/// Makes an operation's request type an axum extractor and its response enum an axum
/// response (what generated code calls for each operation with a path; with the request
/// alone where the response enum is another operation's, which made it one). Without the
/// `axum` feature it expands to nothing.
#[doc(hidden)]
#[macro_export]
macro_rules! axum_impls {
    ($operation:ty, $response:ty) => {
        $crate::axum_impls!($operation);

        impl $crate::server::axum::response::IntoResponse for $response {
            fn into_response(self) -> $crate::server::axum::response::Response {
                $crate::server::axum::response::IntoResponse::into_response($crate::server::Reply(
                    self,
                ))
            }
        }
    };
    ($operation:ty) => {
        impl<S: Send + Sync> $crate::server::axum::extract::FromRequest<S> for $operation {
            type Rejection = $crate::server::axum::response::Response;

            async fn from_request(
                request: $crate::server::axum::extract::Request,
                state: &S,
            ) -> Result<Self, Self::Rejection> {
                <$crate::server::Typed<$operation> as $crate::server::axum::extract::FromRequest<
                    S,
                >>::from_request(request, state)
                .await
                .map(|typed| typed.0)
            }
        }
    };
}
