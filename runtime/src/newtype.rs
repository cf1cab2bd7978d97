//! Validated newtypes: a named schema of a scalar, array or map with validation keywords
//! (`Code: {type: string, pattern: ..}`) is a type that only holds values keeping them, so
//! that a `Code`, a `Vec<Code>` and a `HashMap<String, Age>` are checked wherever they are
//! read. The generated type's `new`, `TryFrom` and `Deserialize` call these.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::path::Violation;

/// Why a value cannot be a validated newtype: the first rule of the spec it breaks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    violation: Violation,
    secret: bool,
}

impl Invalid {
    /// The rule broken, and where in the value.
    pub fn violation(&self) -> &Violation {
        &self.violation
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match self.secret {
            true => &self.violation.of_secret,
            false => &self.violation.problem,
        };
        match self.violation.path.is_root() {
            true => f.write_str(problem),
            false => write!(f, "{}: {problem}", self.violation.path.as_str()),
        }
    }
}

impl std::error::Error for Invalid {}

/// `value` when it breaks none of the rules `violation` checks; a `secret` value is not
/// repeated in the error.
pub fn valid<T>(
    value: T,
    violation: fn(&T) -> Option<Violation>,
    secret: bool,
) -> Result<T, Invalid> {
    match violation(&value) {
        None => Ok(value),
        Some(violation) => Err(Invalid { violation, secret }),
    }
}

/// The whole `Deserialize` of a validated newtype: the inner value, read and checked.
pub fn read_valid<'de, D, T>(
    deserializer: D,
    violation: fn(&T) -> Option<Violation>,
    secret: bool,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let value = T::deserialize(deserializer)?;
    match violation(&value) {
        None => Ok(value),
        Some(found) => Err(found.into_error(secret)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Each, Rule, Rules};

    fn short(value: &Vec<String>) -> Option<Violation> {
        static RULES: Each<[Rule; 1]> = Each {
            own: &[Rule::MaxItems(2)],
            items: [Rule::MaxLength(3)],
        };
        RULES.violation(value)
    }

    #[test]
    fn a_newtype_holds_only_values_that_keep_its_rules() {
        let ok = valid(vec!["abc".to_string()], short, false);
        assert!(ok.is_ok());
        let long = valid(vec!["abc".into(), "abcd".into()], short, false).unwrap_err();
        assert_eq!(long.to_string(), "[1]: length 4 is above the maximum of 3");
        let secret = valid(vec!["abcd".into()], short, true).unwrap_err();
        assert_eq!(
            secret.to_string(),
            "[0]: the value is longer than 3 characters"
        );
        let json = serde_json::json!(["a", "b", "c"]);
        let many = read_valid(&json, short, false).unwrap_err();
        assert_eq!(many.to_string(), "3 items, above the maximum of 2");
    }
}
