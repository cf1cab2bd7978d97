//! Webhook signatures by the Standard Webhooks scheme (feature `webhooks`), which Polar,
//! Svix and many others sign deliveries with: `webhook-signature` holds
//! `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, and the secret is
//! base64, usually written with a `whsec_` prefix.
//!
//! ```ignore
//! let verifier = Verifier::new(&std::env::var("POLAR_WEBHOOK_SECRET")?)?;
//! let event: polar::Webhook = verifier.receive(request)?;
//! ```
//!
//! With the `axum` feature too, [`Verified`] is the same as an extractor.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{KeyInit, Mac};

use crate::operation;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// How far a delivery's timestamp may be from now, either way, unless told otherwise:
/// the reference libraries' five minutes.
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// Checks deliveries signed with one secret. Its `Debug` never shows the secret.
#[derive(Clone)]
pub struct Verifier {
    key: Arc<[u8]>,
    tolerance: Duration,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verifier")
            .field("key", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

/// Why a delivery was refused. No variant holds or shows the secret, a signature or the
/// payload.
#[derive(Debug)]
#[non_exhaustive]
pub enum WebhookError {
    /// The secret is not base64 (after an optional `whsec_` prefix), or is empty.
    Secret,
    /// A header the scheme needs is missing or not text.
    MissingHeader(&'static str),
    /// `webhook-timestamp` is not a number of seconds.
    Timestamp,
    /// The timestamp is further from now than the tolerance: a replay, or a clock that is
    /// off.
    Stale {
        /// How far from now, in seconds (negative: in the future).
        age_seconds: i64,
    },
    /// No `v1` signature of the header matches the payload: a wrong secret, or a payload
    /// changed on the way.
    Signature,
    /// The signature holds, and the payload is not one the spec documents.
    Payload(operation::Error),
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::Secret => {
                f.write_str("the webhook secret is not base64 (after its `whsec_` prefix)")
            }
            WebhookError::MissingHeader(name) => write!(f, "the `{name}` header is missing"),
            WebhookError::Timestamp => f.write_str("`webhook-timestamp` is not a number"),
            WebhookError::Stale { age_seconds } => write!(
                f,
                "the delivery's timestamp is {age_seconds} s from now, outside the tolerance"
            ),
            WebhookError::Signature => f.write_str("no signature matches the delivery"),
            WebhookError::Payload(e) => write!(f, "the payload is not a documented event: {e}"),
        }
    }
}

impl std::error::Error for WebhookError {}

impl Verifier {
    /// A verifier for `secret` as the sender shows it: base64, with or without `whsec_`.
    pub fn new(secret: &str) -> Result<Verifier, WebhookError> {
        let encoded = secret.trim();
        let encoded = encoded.strip_prefix("whsec_").unwrap_or(encoded);
        let key = STANDARD.decode(encoded).map_err(|_| WebhookError::Secret)?;
        if key.is_empty() {
            return Err(WebhookError::Secret);
        }
        Ok(Verifier::from_key(key))
    }

    /// A verifier for the raw key bytes (senders that do not base64 their secrets).
    pub fn from_key(key: impl Into<Vec<u8>>) -> Verifier {
        Verifier {
            key: key.into().into(),
            tolerance: DEFAULT_TOLERANCE,
        }
    }

    /// How far a timestamp may be from now, either way ([`DEFAULT_TOLERANCE`] unless set).
    pub fn tolerance(mut self, tolerance: Duration) -> Verifier {
        self.tolerance = tolerance;
        self
    }

    /// Checks a delivery's signature and timestamp against the clock.
    pub fn verify(&self, headers: &http::HeaderMap, body: &[u8]) -> Result<(), WebhookError> {
        self.verify_at(headers, body, SystemTime::now())
    }

    /// Checks a delivery as of `now`.
    pub fn verify_at(
        &self,
        headers: &http::HeaderMap,
        body: &[u8],
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let id = header(headers, "webhook-id")?;
        let timestamp = header(headers, "webhook-timestamp")?;
        let signatures = header(headers, "webhook-signature")?;
        let seconds: i64 = timestamp
            .trim()
            .parse()
            .map_err(|_| WebhookError::Timestamp)?;
        let now = match now.duration_since(UNIX_EPOCH) {
            Ok(since) => i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
            Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
        };
        let age_seconds = now.saturating_sub(seconds);
        let tolerance = i64::try_from(self.tolerance.as_secs()).unwrap_or(i64::MAX);
        if age_seconds.unsigned_abs() > tolerance.unsigned_abs() {
            return Err(WebhookError::Stale { age_seconds });
        }
        let mac = self.mac(id, timestamp.trim(), body);
        // Several signatures, space-separated (a sender rotating its secret signs with
        // both); other versions (`v1a`, asymmetric) are not this verifier's.
        let matches = signatures
            .split(' ')
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == "v1")
            .filter_map(|(_, signature)| STANDARD.decode(signature).ok())
            .any(|signature| mac.clone().verify_slice(&signature).is_ok());
        if matches {
            Ok(())
        } else {
            Err(WebhookError::Signature)
        }
    }

    /// The `webhook-signature` value of a delivery (`v1,<base64>`): what a sender writes, and
    /// what tests sign with.
    pub fn sign(&self, id: &str, timestamp: i64, body: &[u8]) -> String {
        let tag = self
            .mac(id, &timestamp.to_string(), body)
            .finalize()
            .into_bytes();
        format!("v1,{}", STANDARD.encode(tag))
    }

    /// Verifies `request`, then reads it as `W` (a spec's `Webhook` enum, or one webhook's
    /// request type).
    pub fn receive<W>(&self, request: http::Request<Vec<u8>>) -> Result<W, WebhookError>
    where
        W: TryFrom<http::Request<Vec<u8>>, Error = operation::Error>,
    {
        self.verify(request.headers(), request.body())?;
        W::try_from(request).map_err(WebhookError::Payload)
    }

    fn mac(&self, id: &str, timestamp: &str, body: &[u8]) -> HmacSha256 {
        let mut mac =
            HmacSha256::new_from_slice(&self.key).expect("HMAC takes a key of any length");
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }
}

fn header<'h>(headers: &'h http::HeaderMap, name: &'static str) -> Result<&'h str, WebhookError> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .ok_or(WebhookError::MissingHeader(name))
}

/// A delivery whose signature holds, read as `W`: the axum extractor (features `axum` and
/// `webhooks`). The [`Verifier`] comes from the router's state (`FromRef`). A refused
/// signature or timestamp is answered `401`, a payload the spec does not document `400`.
#[cfg(feature = "axum")]
#[derive(Clone, Debug)]
pub struct Verified<W>(pub W);

#[cfg(feature = "axum")]
impl<S, W> axum::extract::FromRequest<S> for Verified<W>
where
    S: Send + Sync,
    Verifier: axum::extract::FromRef<S>,
    W: TryFrom<http::Request<Vec<u8>>, Error = operation::Error>,
{
    type Rejection = axum::response::Response;

    async fn from_request(
        request: axum::extract::Request,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        use axum::response::IntoResponse as _;
        let verifier = <Verifier as axum::extract::FromRef<S>>::from_ref(state);
        let request = crate::server::buffered(request, state).await?;
        match verifier.receive(request) {
            Ok(event) => Ok(Verified(event)),
            Err(error @ WebhookError::Payload(_)) => {
                Err((http::StatusCode::BAD_REQUEST, error.to_string()).into_response())
            }
            Err(error) => Err((http::StatusCode::UNAUTHORIZED, error.to_string()).into_response()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The example of the Standard Webhooks specification's reference libraries.
    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;
    const SIGNATURE: &str = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    fn headers(signature: &str, timestamp: i64) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert("webhook-id", ID.parse().unwrap());
        headers.insert("webhook-timestamp", timestamp.to_string().parse().unwrap());
        headers.insert("webhook-signature", signature.parse().unwrap());
        headers
    }

    fn at(seconds: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(seconds as u64)
    }

    #[test]
    fn the_reference_example_verifies_and_signs_the_same() {
        let verifier = Verifier::new(SECRET).unwrap();
        assert_eq!(verifier.sign(ID, TIMESTAMP, BODY), SIGNATURE);
        let now = at(TIMESTAMP + 10);
        verifier
            .verify_at(&headers(SIGNATURE, TIMESTAMP), BODY, now)
            .unwrap();
        // Among several, and without the prefix.
        let several = format!("v1,Zm9v {SIGNATURE} v1a,abc");
        Verifier::new(SECRET.trim_start_matches("whsec_"))
            .unwrap()
            .verify_at(&headers(&several, TIMESTAMP), BODY, now)
            .unwrap();
    }

    #[test]
    fn tampered_stale_and_wrongly_keyed_deliveries_fail_without_echoing_anything() {
        let verifier = Verifier::new(SECRET).unwrap();
        let now = at(TIMESTAMP);
        let tampered = verifier.verify_at(&headers(SIGNATURE, TIMESTAMP), b"{\"test\": 1}", now);
        assert!(matches!(tampered, Err(WebhookError::Signature)));
        let stale = verifier.verify_at(&headers(SIGNATURE, TIMESTAMP), BODY, at(TIMESTAMP + 301));
        assert!(matches!(
            stale,
            Err(WebhookError::Stale { age_seconds: 301 })
        ));
        let early = verifier.verify_at(&headers(SIGNATURE, TIMESTAMP), BODY, at(TIMESTAMP - 301));
        assert!(matches!(
            early,
            Err(WebhookError::Stale { age_seconds: -301 })
        ));
        let other = Verifier::new("whsec_c2VjcmV0").unwrap();
        let wrong = other.verify_at(&headers(SIGNATURE, TIMESTAMP), BODY, now);
        assert!(matches!(wrong, Err(WebhookError::Signature)));
        let mut missing = headers(SIGNATURE, TIMESTAMP);
        missing.remove("webhook-id");
        let missing = verifier.verify_at(&missing, BODY, now);
        assert!(matches!(
            missing,
            Err(WebhookError::MissingHeader("webhook-id"))
        ));
        for error in [tampered, stale, wrong] {
            let shown = format!("{} {:?}", error.as_ref().unwrap_err(), error);
            for secret in ["MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "g0hM9SsE", "2432232314"] {
                assert!(!shown.contains(secret), "{shown}");
            }
        }
        assert!(!format!("{verifier:?}").contains("MfKQ"));
        assert!(matches!(
            Verifier::new("whsec_!!"),
            Err(WebhookError::Secret)
        ));
        assert!(matches!(Verifier::new(""), Err(WebhookError::Secret)));
    }
}
