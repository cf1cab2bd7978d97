//! Builds a refresh-token request, prints its form body and its redacted `Debug`, then parses
//! a token response, all with the types generated from `spec/polar-oauth2.yaml`.

use polar_api_models::{
    Oauth2RequestTokenRequestBody, Onev11oauth21tokenPostXComponentsRefreshTokenRequest,
    TokenResponse,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let request = Oauth2RequestTokenRequestBody::RefreshToken(
        Onev11oauth21tokenPostXComponentsRefreshTokenRequest {
            grant_type: Default::default(),
            client_id: "polar_ci_example".into(),
            client_secret: "polar_cs_do_not_print".into(),
            refresh_token: "polar_rt_do_not_print".into(),
        },
    );
    println!("POST /v1/oauth2/token");
    println!("Content-Type: application/x-www-form-urlencoded");
    println!();
    println!("{}", serde_urlencoded::to_string(&request)?);
    println!();
    println!("Debug: {request:?}");

    let body = r#"{
        "access_token": "polar_at_do_not_print",
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": null,
        "scope": "openid profile",
        "id_token": "eyJhbGciOi.do_not_print"
    }"#;
    let response: TokenResponse = serde_json::from_str(body)?;
    println!();
    println!("Parsed response: {response:?}");
    println!(
        "expires in {} s; refresh token returned: {}",
        response.expires_in,
        response.refresh_token.is_some()
    );
    Ok(())
}
