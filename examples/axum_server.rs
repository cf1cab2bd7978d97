//! The server side of `POST /v1/oauth2/token` in axum, with the types generated from
//! `spec/polar-oauth2.yaml`: one extractor turns any request into any operation's generated
//! request type (refusing, with the reason, what the spec refuses), and a handler answers
//! with the operation's response enum. The router is called in-process here; `axum::serve`
//! would put it on a socket.

use axum::Router;
use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use polar_api_models::{
    Oauth2RequestTokenRequestBody, Oauth2RequestTokenResponse, TokenResponse,
    TokenResponseTokenType,
};
use tower::ServiceExt;
use typewright_runtime::operation::Operation;

/// The generated request type of any operation, read from an axum request.
struct Typed<O>(O);

impl<S: Send + Sync, O: Operation> FromRequest<S> for Typed<O> {
    type Rejection = (StatusCode, String);

    async fn from_request(request: Request, _: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = axum::body::to_bytes(body, 1 << 20)
            .await
            .map_err(|e| (StatusCode::PAYLOAD_TOO_LARGE, e.to_string()))?;
        let request = Request::from_parts(parts, bytes.to_vec());
        O::try_from(request)
            .map(Typed)
            .map_err(|e| (StatusCode::UNPROCESSABLE_ENTITY, e.to_string()))
    }
}

/// Any operation's response enum, as an axum response.
struct Reply<R>(R);

impl<R: TryInto<axum::http::Response<Vec<u8>>, Error = typewright_runtime::operation::Error>>
    IntoResponse for Reply<R>
{
    fn into_response(self) -> Response {
        match self.0.try_into() {
            Ok(response) => response.map(Body::from),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
        }
    }
}

async fn token(
    Typed(request): Typed<Oauth2RequestTokenRequestBody>,
) -> Reply<Oauth2RequestTokenResponse> {
    let client = match &request {
        Oauth2RequestTokenRequestBody::AuthorizationCode(code) => &code.client_id,
        Oauth2RequestTokenRequestBody::RefreshToken(refresh) => &refresh.client_id,
    };
    println!("token request from {client}: {request:?}");
    Reply(Oauth2RequestTokenResponse::Ok(TokenResponse {
        access_token: "polar_at_example".into(),
        token_type: TokenResponseTokenType::Bearer,
        expires_in: 3600,
        refresh_token: None,
        scope: "openid".into(),
        id_token: "jwt.example".into(),
    }))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // axum's path syntax is OpenAPI's: `/pets/{id}` routes as the spec writes it.
    let app = Router::new().route(Oauth2RequestTokenRequestBody::PATH, post(token));
    for form in [
        "grant_type=refresh_token&client_id=polar_ci_1&client_secret=s&refresh_token=r",
        "grant_type=password&client_id=polar_ci_1",
    ] {
        let request = Request::post("/v1/oauth2/token")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(Body::from(form))?;
        let response = app.clone().oneshot(request).await?;
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 20).await?;
        println!("{status}: {}", String::from_utf8_lossy(&body));
    }
    Ok(())
}
