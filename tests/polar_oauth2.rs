//! The generated Polar OAuth2 models against real request and response data: exact round
//! trips through JSON and form encoding, and every rejection the spec implies.

use polar_api_models::{
    Oauth2RequestTokenRequestBody as Body, Oauth2RequestTokenResponse,
    Onev11oauth21tokenPostXComponentsAuthorizationCodeTokenRequest as AuthorizationCodeRequest,
    Onev11oauth21tokenPostXComponentsAuthorizationCodeTokenRequestGrantType as AuthorizationCodeGrant,
    Onev11oauth21tokenPostXComponentsRefreshTokenRequest as RefreshRequest,
    Onev11oauth21tokenPostXComponentsRefreshTokenRequestGrantType as RefreshGrant, TokenResponse,
    TokenResponseTokenType,
};

const REFRESH_FORM: &str = "grant_type=refresh_token&client_id=polar_ci_1&client_secret=polar_cs_2&refresh_token=polar_rt_3";
const CODE_FORM: &str = "grant_type=authorization_code&client_id=polar_ci_1&client_secret=polar_cs_2&code=polar_ac_4&redirect_uri=https%3A%2F%2Fexample.com%2Fcallback";

fn refresh_request() -> RefreshRequest {
    RefreshRequest {
        grant_type: RefreshGrant::RefreshToken,
        client_id: "polar_ci_1".into(),
        client_secret: "polar_cs_2".into(),
        refresh_token: "polar_rt_3".into(),
    }
}

fn form_error(body: &str) -> String {
    serde_urlencoded::from_str::<Body>(body)
        .unwrap_err()
        .to_string()
}

fn json_error<T: typewright_runtime::serde::de::DeserializeOwned + std::fmt::Debug>(
    body: &str,
) -> String {
    serde_json::from_str::<T>(body).unwrap_err().to_string()
}

#[test]
fn form_bodies_round_trip_exactly_in_spec_order() {
    for form in [REFRESH_FORM, CODE_FORM] {
        let body: Body = serde_urlencoded::from_str(form).unwrap();
        assert_eq!(serde_urlencoded::to_string(&body).unwrap(), form);
    }
    let body: Body = serde_urlencoded::from_str(REFRESH_FORM).unwrap();
    assert_eq!(body, Body::RefreshToken(refresh_request()));
    let Body::AuthorizationCode(code) = serde_urlencoded::from_str(CODE_FORM).unwrap() else {
        panic!("the authorization_code tag selects the authorization code request");
    };
    assert_eq!(code.grant_type, AuthorizationCodeGrant::AuthorizationCode);
    assert_eq!(code.redirect_uri, "https://example.com/callback");
}

#[test]
fn json_bodies_round_trip_exactly() {
    let json = r#"{"grant_type":"authorization_code","client_id":"a","client_secret":"b","code":"c","redirect_uri":"https://x.test/cb"}"#;
    let body: Body = serde_json::from_str(json).unwrap();
    assert!(matches!(body, Body::AuthorizationCode(_)));
    assert_eq!(serde_json::to_string(&body).unwrap(), json);
}

#[test]
fn the_tag_is_written_once() {
    let json = serde_json::to_string(&Body::RefreshToken(refresh_request())).unwrap();
    assert_eq!(json.matches("grant_type").count(), 1, "{json}");
}

#[test]
fn wrong_or_missing_tag_is_rejected_naming_the_field() {
    let wrong = form_error("grant_type=password&client_id=a&client_secret=b");
    assert_eq!(
        wrong,
        "grant_type: unknown tag `password`, expected one of: authorization_code, refresh_token"
    );
    let missing = form_error("client_id=a&client_secret=b&refresh_token=c");
    assert_eq!(missing, "missing field `grant_type`");
    let not_a_string = json_error::<Body>(r#"{"grant_type": 7}"#);
    assert!(
        not_a_string.contains("grant_type: expected a string"),
        "{not_a_string}"
    );
}

#[test]
fn a_standalone_request_rejects_the_other_grant_type() {
    let json = r#"{"grant_type":"authorization_code","client_id":"a","client_secret":"b","refresh_token":"c"}"#;
    let error = json_error::<RefreshRequest>(json);
    assert!(
        error.contains("unknown variant `authorization_code`, expected `refresh_token`"),
        "{error}"
    );
}

#[test]
fn missing_required_fields_are_named() {
    let error = form_error("grant_type=refresh_token&client_id=a&refresh_token=c");
    assert_eq!(error, "missing field `client_secret`");
    let error = form_error("grant_type=authorization_code&client_id=a&client_secret=b&code=c");
    assert_eq!(error, "missing field `redirect_uri`");
}

#[test]
fn redirect_uri_length_is_checked_naming_the_field() {
    let empty = form_error(
        "grant_type=authorization_code&client_id=a&client_secret=b&code=c&redirect_uri=",
    );
    assert_eq!(empty, "redirect_uri: length 0 is below the minimum of 1");
    let long_uri = format!("https://example.com/{}", "a".repeat(2064));
    assert_eq!(long_uri.len(), 2084);
    let form = format!(
        "grant_type=authorization_code&client_id=a&client_secret=b&code=c&redirect_uri={long_uri}"
    );
    assert_eq!(
        form_error(&form),
        "redirect_uri: length 2084 is above the maximum of 2083"
    );
    // The bounds are inclusive, and counted in characters, not bytes.
    let at_limit = format!("https://é.com/{}", "a".repeat(2083 - 14));
    assert_eq!(at_limit.chars().count(), 2083);
    let json = serde_json::json!({
        "grant_type": "authorization_code", "client_id": "a", "client_secret": "b",
        "code": "c", "redirect_uri": at_limit,
    });
    let request: AuthorizationCodeRequest = serde_json::from_value(json).unwrap();
    assert_eq!(request.redirect_uri.chars().count(), 2083);
}

#[test]
fn debug_redacts_secrets_but_serialization_keeps_them() {
    let request = Body::RefreshToken(refresh_request());
    let debug = format!("{request:?}");
    assert!(
        !debug.contains("polar_cs_2") && !debug.contains("polar_rt_3"),
        "{debug}"
    );
    assert!(debug.contains("client_secret: <redacted>"), "{debug}");
    assert!(debug.contains("client_id: \"polar_ci_1\""), "{debug}");
    assert_eq!(serde_urlencoded::to_string(&request).unwrap(), REFRESH_FORM);

    let code: Body = serde_urlencoded::from_str(CODE_FORM).unwrap();
    let debug = format!("{code:#?}");
    assert!(!debug.contains("polar_ac_4"), "{debug}");
    assert!(debug.contains("code: <redacted>"), "{debug}");
}

const TOKEN_RESPONSE: &str = r#"{"access_token":"polar_at_5","token_type":"Bearer","expires_in":3600,"refresh_token":"polar_rt_6","scope":"openid","id_token":"jwt.7"}"#;

#[test]
fn token_response_round_trips_and_redacts() {
    let response: TokenResponse = serde_json::from_str(TOKEN_RESPONSE).unwrap();
    assert_eq!(response.token_type, TokenResponseTokenType::Bearer);
    assert_eq!(response.refresh_token.as_deref(), Some("polar_rt_6"));
    assert_eq!(serde_json::to_string(&response).unwrap(), TOKEN_RESPONSE);
    let debug = format!("{response:?}");
    for secret in ["polar_at_5", "polar_rt_6", "jwt.7"] {
        assert!(!debug.contains(secret), "{debug}");
    }
    assert!(debug.contains("refresh_token: Some(<redacted>)"), "{debug}");
}

#[test]
fn refresh_token_is_required_but_nullable() {
    let null = TOKEN_RESPONSE.replace(r#""polar_rt_6""#, "null");
    let response: TokenResponse = serde_json::from_str(&null).unwrap();
    assert_eq!(response.refresh_token, None);
    assert_eq!(
        serde_json::to_string(&response).unwrap(),
        null,
        "null is written back, not dropped"
    );
    assert!(format!("{response:?}").contains("refresh_token: None"));

    let missing = TOKEN_RESPONSE.replace(r#""refresh_token":"polar_rt_6","#, "");
    assert!(json_error::<TokenResponse>(&missing).starts_with("missing field `refresh_token`"));
}

#[test]
fn token_type_only_accepts_bearer() {
    let error = json_error::<TokenResponse>(&TOKEN_RESPONSE.replace("Bearer", "bearer"));
    assert!(
        error.contains("unknown variant `bearer`, expected `Bearer`"),
        "{error}"
    );
}

#[test]
fn one_value_enums_default_to_their_value() {
    assert_eq!(RefreshGrant::default(), RefreshGrant::RefreshToken);
    assert_eq!(
        TokenResponseTokenType::default(),
        TokenResponseTokenType::Bearer
    );
}

/// The operation end to end, through the `http` types any client or server speaks. The
/// token endpoint has no parameters and an inline body, so, as in Polar's SDKs, the body's
/// type is the request.
mod operation {
    use super::*;
    use typewright_runtime::http;

    /// What Polar's Python SDK sends: the model's fields in declaration order, `None`s left
    /// out, encoded by `urllib.parse.urlencode` (RFC 3986's unreserved characters kept, a
    /// space as `+`, the rest percent-encoded).
    #[test]
    fn the_token_request_is_the_form_the_sdk_sends() {
        let request: http::Request<Vec<u8>> =
            Body::RefreshToken(refresh_request()).try_into().unwrap();
        assert_eq!(request.method(), "POST");
        assert_eq!(request.uri(), "/v1/oauth2/token");
        assert_eq!(
            request.headers()["content-type"],
            "application/x-www-form-urlencoded"
        );
        assert_eq!(request.body(), REFRESH_FORM.as_bytes());
        let code: Body = serde_urlencoded::from_str(CODE_FORM).unwrap();
        let request: http::Request<Vec<u8>> = code.clone().try_into().unwrap();
        assert_eq!(request.body(), CODE_FORM.as_bytes());
        // A server reads the same request back into the same value.
        assert_eq!(Body::try_from(request).unwrap(), code);
    }

    #[test]
    fn a_server_refuses_a_token_request_the_spec_refuses() {
        let read = |method: &str, uri: &str, body: &str| {
            let request = http::Request::builder()
                .method(method)
                .uri(uri)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body.as_bytes().to_vec())
                .unwrap();
            Body::try_from(request).unwrap_err().to_string()
        };
        assert_eq!(
            read("GET", "/v1/oauth2/token", REFRESH_FORM),
            "the method is GET, not POST"
        );
        let wrong_grant = read(
            "POST",
            "/v1/oauth2/token",
            "grant_type=password&client_id=a",
        );
        assert!(
            wrong_grant.contains("unknown tag `password`"),
            "{wrong_grant}"
        );
    }

    fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
        http::Response::builder()
            .status(status)
            .header("content-type", "application/json")
            .body(body.as_bytes().to_vec())
            .unwrap()
    }

    #[test]
    fn token_responses_decode_by_status() {
        let ok = Oauth2RequestTokenResponse::try_from(response(200, TOKEN_RESPONSE)).unwrap();
        let Oauth2RequestTokenResponse::Ok(token) = &ok else {
            panic!("200 is the documented success: {ok:?}");
        };
        assert_eq!(token.expires_in, 3600);
        // This spec documents no 422 for the token endpoint (Polar's later ones do): the
        // validation error arrives as an undocumented status, with its body intact.
        let invalid =
            r#"{"detail":[{"loc":["body","grant_type"],"msg":"bad","type":"value_error"}]}"#;
        let unprocessable = Oauth2RequestTokenResponse::try_from(response(422, invalid)).unwrap();
        // Response enums are not `PartialEq`, as `http::Response` is not; their bodies are.
        let Oauth2RequestTokenResponse::Undocumented { status, body } = &unprocessable else {
            panic!("422 is undocumented here: {unprocessable:?}");
        };
        assert_eq!((*status, body.as_slice()), (422, invalid.as_bytes()));
        // A server writes the response a client reads back.
        let written: http::Response<Vec<u8>> = ok.clone().try_into().unwrap();
        assert_eq!(written.headers()["content-type"], "application/json");
        let read = Oauth2RequestTokenResponse::try_from(written).unwrap();
        assert!(
            matches!(&read, Oauth2RequestTokenResponse::Ok(again) if again == token),
            "{read:?}"
        );
        let broken = Oauth2RequestTokenResponse::try_from(response(200, "{}")).unwrap_err();
        assert!(
            broken
                .to_string()
                .starts_with("the body of the 200 response: missing field"),
            "{broken}"
        );
    }
}
