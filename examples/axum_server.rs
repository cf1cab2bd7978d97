//! The server side of `POST /v1/oauth2/token` in axum, with the types generated from
//! `spec/polar-oauth2.yaml` (features `axum` of `typewright-runtime`): the spec's `Routes`
//! mounts each operation at its method and path, and a handler takes the operation's request
//! type (refused, with the reason, where the spec refuses it) and returns its response enum.
//! The router is called in-process here; `axum::serve` would put it on a socket.

use axum::body::Body;
use axum::extract::Request;
use polar_api_models::{
    Oauth2RequestTokenRequestBody, Oauth2RequestTokenResponse, Routes, TokenResponse,
    TokenResponseTokenType,
};
use tower::ServiceExt;
use typewright_runtime::server::Route;

async fn token(request: Oauth2RequestTokenRequestBody) -> Oauth2RequestTokenResponse {
    let client = match &request {
        Oauth2RequestTokenRequestBody::AuthorizationCode(code) => &code.client_id,
        Oauth2RequestTokenRequestBody::RefreshToken(refresh) => &refresh.client_id,
    };
    println!("token request from {client}: {request:?}");
    Oauth2RequestTokenResponse::Ok(TokenResponse {
        access_token: "polar_at_example".into(),
        token_type: TokenResponseTokenType::Bearer,
        expires_in: 3600,
        refresh_token: None,
        scope: "openid".into(),
        id_token: "jwt.example".into(),
    })
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let app = Routes {
        oauth2_request_token: Route::new(token),
    }
    .into_router();
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
