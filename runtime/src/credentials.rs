//! Credentials for a spec's security schemes: what a client sends and what a server is
//! handed. A [`Secret`] never shows itself in `Debug`, so neither do they.

use std::fmt;

/// A secret: a token, a password or an API key. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(secret: impl Into<String>) -> Secret {
        Secret(secret.into())
    }

    /// The secret itself.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Secret {
        Secret::new(secret)
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Secret {
        Secret(secret)
    }
}

/// A credential for one security scheme of the spec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// A bearer token: for HTTP `bearer`, OAuth2 and OpenID Connect schemes.
    Bearer(Secret),
    /// A user and password: for HTTP `basic`.
    Basic {
        /// The user.
        username: String,
        /// The password.
        password: Secret,
    },
    /// An API key, sent where its scheme says (a header, the query or a cookie).
    ApiKey(Secret),
}

impl Credential {
    /// A bearer token.
    pub fn bearer(token: impl Into<Secret>) -> Credential {
        Credential::Bearer(token.into())
    }

    /// A user and password.
    pub fn basic(username: impl Into<String>, password: impl Into<Secret>) -> Credential {
        Credential::Basic {
            username: username.into(),
            password: password.into(),
        }
    }

    /// An API key.
    pub fn api_key(key: impl Into<Secret>) -> Credential {
        Credential::ApiKey(key.into())
    }
}
