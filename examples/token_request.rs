//! The client side of `POST /v1/oauth2/token`, with the types generated from
//! `spec/polar-oauth2.yaml`: a refresh-token request sent through the generic client
//! (`typewright_runtime::client`), which writes the `http::Request` (method, URL,
//! `content-type` and the form body Polar's SDK sends) and reads the answer into the
//! operation's response enum; its `Debug` redacts the secrets. The transport here is a tower
//! service that prints the request and answers itself; `client::Reqwest` would send it.

use std::convert::Infallible;

use polar_api_models::{
    Oauth2RequestTokenRequestBody, Oauth2RequestTokenResponse,
    Onev11oauth21tokenPostXComponentsRefreshTokenRequest,
};
use typewright_runtime::client::Client;
use typewright_runtime::http::{Request, Response};
use typewright_runtime::tower::service_fn;

/// Prints what it is sent and answers with a token, as Polar's token endpoint would.
fn answer(request: Request<Vec<u8>>) -> std::future::Ready<Result<Response<Vec<u8>>, Infallible>> {
    println!("{} {}", request.method(), request.uri());
    for (name, value) in request.headers() {
        println!("{name}: {}", value.to_str().unwrap_or("?"));
    }
    println!("\n{}\n", String::from_utf8_lossy(request.body()));
    let body = r#"{"access_token": "polar_at_do_not_print", "token_type": "Bearer",
        "expires_in": 3600, "refresh_token": null, "scope": "openid profile",
        "id_token": "eyJhbGciOi.do_not_print"}"#;
    let response = Response::builder()
        .status(200)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .expect("a valid response");
    std::future::ready(Ok(response))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = Oauth2RequestTokenRequestBody::RefreshToken(
        Onev11oauth21tokenPostXComponentsRefreshTokenRequest {
            grant_type: Default::default(),
            client_id: "polar_ci_example".into(),
            client_secret: "polar_cs_do_not_print".into(),
            refresh_token: "polar_rt_do_not_print".into(),
        },
    );
    println!("Debug: {request:?}");
    let client = Client::new(service_fn(answer), "https://api.polar.sh")?;
    let response = client.send_blocking(request)?;
    match response {
        Oauth2RequestTokenResponse::Ok(token) => {
            println!("Parsed response: {token:?}");
            println!(
                "expires in {} s; refresh token returned: {}",
                token.expires_in,
                token.refresh_token.is_some()
            );
        }
        Oauth2RequestTokenResponse::Undocumented { status, body } => {
            println!("status {status}: {}", String::from_utf8_lossy(&body));
        }
    }
    Ok(())
}
