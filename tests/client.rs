//! The seed's call end to end: a refresh-token request sent by the generic client
//! (`typewright_runtime::client`, over reqwest) on loopback to an axum server that reads it
//! with the same generated types, and the token response read back. Nothing here is
//! written per operation.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::routing::post;
use polar_api_models::{
    Oauth2RequestTokenRequestBody, Oauth2RequestTokenResponse,
    Onev11oauth21tokenPostXComponentsRefreshTokenRequest as RefreshRequest, TokenResponse,
    TokenResponseTokenType,
};
use typewright_runtime::client::{Client, Reqwest};
use typewright_runtime::http::{Request, Response};

type Seen = Arc<Mutex<Vec<Oauth2RequestTokenRequestBody>>>;

/// The server: the raw request read into the generated request type, the generated
/// response written back.
async fn token(State(seen): State<Seen>, request: axum::extract::Request) -> Response<Body> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap();
    let request = Request::from_parts(parts, bytes.to_vec());
    let read = Oauth2RequestTokenRequestBody::try_from(request).unwrap();
    seen.lock().unwrap().push(read);
    let answer = Oauth2RequestTokenResponse::Ok(TokenResponse {
        access_token: "polar_at_new".into(),
        token_type: TokenResponseTokenType::Bearer,
        expires_in: 3600,
        refresh_token: Some("polar_rt_next".into()),
        scope: "openid".into(),
        id_token: "jwt.example".into(),
    });
    let response: Response<Vec<u8>> = answer.try_into().unwrap();
    response.map(Body::from)
}

#[tokio::test(flavor = "current_thread")]
async fn a_token_is_refreshed_through_the_client_against_a_local_server() {
    let seen = Seen::default();
    let app = Router::new()
        .route(Oauth2RequestTokenRequestBody::PATH, post(token))
        .with_state(seen.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let client = Client::new(Reqwest::default(), &format!("http://{address}")).unwrap();
    let request = Oauth2RequestTokenRequestBody::RefreshToken(RefreshRequest {
        grant_type: Default::default(),
        client_id: "polar_ci_1".into(),
        client_secret: "polar_cs_2".into(),
        refresh_token: "polar_rt_3".into(),
    });
    let answer = client.send(request.clone()).await.unwrap();
    let Oauth2RequestTokenResponse::Ok(token) = answer else {
        panic!("200 is the documented answer: {answer:?}");
    };
    assert_eq!(token.access_token, "polar_at_new");
    assert_eq!(token.refresh_token.as_deref(), Some("polar_rt_next"));
    // The server read what the client wrote, value for value.
    assert_eq!(*seen.lock().unwrap(), vec![request]);
}
