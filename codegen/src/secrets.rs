//! Which fields hold secrets, so that `Debug` never prints them.

use heck::ToSnakeCase;

use crate::schema::Schema;

/// The default patterns: a name matches a pattern exactly, or, for `*_x`, ends with `_x`.
/// `code` is exact only, so `country_code` stays visible while an OAuth `code` does not.
pub const DEFAULT_SECRET_NAMES: &[&str] = &[
    "password",
    "*_password",
    "passphrase",
    "secret",
    "*_secret",
    "token",
    "*_token",
    "code",
    "api_key",
    "*_api_key",
    "apikey",
    "private_key",
    "*_private_key",
];

/// Field-name patterns that mark a field as secret.
#[derive(Clone, Debug)]
pub struct SecretNames {
    patterns: Vec<String>,
}

impl Default for SecretNames {
    fn default() -> Self {
        Self::new(DEFAULT_SECRET_NAMES.iter().copied())
    }
}

impl SecretNames {
    pub fn new<S: AsRef<str>>(patterns: impl IntoIterator<Item = S>) -> Self {
        SecretNames {
            patterns: patterns
                .into_iter()
                .map(|p| normalize(p.as_ref()))
                .collect(),
        }
    }

    pub fn add(&mut self, pattern: &str) {
        self.patterns.push(normalize(pattern));
    }

    /// Whether a property holds a secret. The spec decides first: `x-typewright-secret`
    /// (either way), then `format: password` or `writeOnly: true`; otherwise the name.
    /// `property` is the schema written under `properties`, `target` what it refers to.
    pub fn is_secret(&self, name: &str, property: &Schema, target: &Schema) -> bool {
        if let Some(explicit) = property.secret.or(target.secret) {
            return explicit;
        }
        let password_format = [property, target]
            .iter()
            .any(|s| s.format.as_ref().is_some_and(|f| f.value == "password"));
        if password_format || property.write_only || target.write_only {
            return true;
        }
        // Secrets are strings: an integer `code` is an error code, not an OAuth code.
        let not_text = !target.types.is_empty()
            && !target.types.contains(&crate::schema::InstanceType::String);
        !not_text && self.matches(name)
    }

    pub fn matches(&self, name: &str) -> bool {
        let name = name.to_snake_case();
        self.patterns
            .iter()
            .any(|pattern| match pattern.strip_prefix('*') {
                Some(suffix) => name.ends_with(suffix),
                None => name == *pattern,
            })
    }
}

/// Normalises a pattern like a field name, keeping a leading `*_`.
fn normalize(pattern: &str) -> String {
    match pattern.strip_prefix("*_") {
        Some(rest) => format!("*_{}", rest.to_snake_case()),
        None => pattern.to_snake_case(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_patterns() {
        let names = SecretNames::default();
        for secret in [
            "client_secret",
            "refresh_token",
            "accessToken",
            "code",
            "password",
            "apiKey",
        ] {
            assert!(names.matches(secret), "{secret} should be secret");
        }
        for public in [
            "client_id",
            "token_type",
            "country_code",
            "expires_in",
            "scope",
            "codes",
        ] {
            assert!(!names.matches(public), "{public} should be visible");
        }
    }

    #[test]
    fn custom_patterns_replace_the_defaults() {
        let mut names = SecretNames::new(["pin"]);
        names.add("*_Signature");
        assert!(names.matches("pin"));
        assert!(names.matches("webhook_signature"));
        assert!(!names.matches("password"));
    }
}
