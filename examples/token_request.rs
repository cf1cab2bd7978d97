//! The client side of `POST /v1/oauth2/token`, with the types generated from
//! `spec/polar-oauth2.yaml`: a refresh-token request becomes an `http::Request` (method, path,
//! `content-type` and the form body Polar's SDK sends), its `Debug` redacts the secrets, and
//! a token response is read back into the operation's response enum. Any HTTP client that
//! speaks the `http` crate's types can send it; this one is a closure that answers itself.

use polar_api_models::{
    Oauth2RequestTokenRequestBody, Oauth2RequestTokenResponse,
    Onev11oauth21tokenPostXComponentsRefreshTokenRequest,
};
use typewright_runtime::http::{Request, Response};
use typewright_runtime::operation::{Error, Operation};

/// Sends any operation through `send` and reads the answer into the operation's responses.
fn call<O: Operation>(
    request: O,
    send: impl FnOnce(Request<Vec<u8>>) -> Response<Vec<u8>>,
) -> Result<O::Response, Error> {
    let request: Request<Vec<u8>> = request.try_into()?;
    O::Response::try_from(send(request))
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
    let response = call(request, |request| {
        println!("{} {}", request.method(), request.uri());
        for (name, value) in request.headers() {
            println!("{name}: {}", value.to_str().unwrap_or("?"));
        }
        println!("\n{}\n", String::from_utf8_lossy(request.body()));
        let body = r#"{"access_token": "polar_at_do_not_print", "token_type": "Bearer",
            "expires_in": 3600, "refresh_token": null, "scope": "openid profile",
            "id_token": "eyJhbGciOi.do_not_print"}"#;
        Response::builder()
            .status(200)
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .expect("a valid response")
    })?;
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
