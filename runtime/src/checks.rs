//! Validation keywords, checked when a field is deserialized.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

use crate::CompiledPattern;

/// A `pattern` (ECMAScript syntax, as JSON Schema says), compiled on first use: in linear
/// time where the pattern allows, else by a backtracking engine (see [`CompiledPattern`]).
pub struct Pattern {
    source: &'static str,
    flags: &'static str,
    compiled: OnceLock<CompiledPattern>,
}

impl Pattern {
    /// A pattern the generator has already checked to compile.
    pub const fn new(source: &'static str) -> Pattern {
        Pattern::with_flags(source, "")
    }

    /// A pattern with regex flags (`i`, `m`, `s`, `u`), as JavaScript writes them.
    pub const fn with_flags(source: &'static str, flags: &'static str) -> Pattern {
        Pattern {
            source,
            flags,
            compiled: OnceLock::new(),
        }
    }

    fn matches(&self, text: &str) -> bool {
        let regex = self.compiled.get_or_init(|| {
            CompiledPattern::new(self.source, self.flags).expect("typewright checked the pattern")
        });
        regex.is_match(text)
    }
}

/// A validation keyword of the spec.
pub enum Rule {
    /// `minLength`, in code points.
    MinLength(u64),
    /// `maxLength`, in code points.
    MaxLength(u64),
    /// `pattern`.
    Pattern(&'static Pattern),
    /// `minimum`.
    Minimum(f64),
    /// `maximum`.
    Maximum(f64),
    /// `exclusiveMinimum`.
    ExclusiveMinimum(f64),
    /// `exclusiveMaximum`.
    ExclusiveMaximum(f64),
    /// `multipleOf`.
    MultipleOf(f64),
    /// `minItems`.
    MinItems(u64),
    /// `maxItems`.
    MaxItems(u64),
    /// `uniqueItems: true`.
    UniqueItems,
    /// `minProperties`.
    MinProperties(u64),
    /// `maxProperties`.
    MaxProperties(u64),
}

/// A value that rules can inspect; each kind of value answers the rules about it.
pub trait Checked {
    /// Why the value breaks `rule`, if it does.
    fn violation(&self, rule: &Rule) -> Option<String>;
}

impl Checked for String {
    fn violation(&self, rule: &Rule) -> Option<String> {
        // JSON Schema counts code points, not bytes.
        let length = || self.chars().count() as u64;
        match *rule {
            Rule::MinLength(min) if length() < min => {
                Some(format!("length {} is below the minimum of {min}", length()))
            }
            Rule::MaxLength(max) if length() > max => {
                Some(format!("length {} is above the maximum of {max}", length()))
            }
            Rule::Pattern(pattern) if !pattern.matches(self) => Some(format!(
                "`{self}` does not match the pattern `{}`",
                pattern.source
            )),
            _ => None,
        }
    }
}

fn number_violation(n: f64, rule: &Rule) -> Option<String> {
    match *rule {
        Rule::Minimum(m) if n < m => Some(format!("{n} is below the minimum of {m}")),
        Rule::Maximum(m) if n > m => Some(format!("{n} is above the maximum of {m}")),
        Rule::ExclusiveMinimum(m) if n <= m => Some(format!("{n} is not above {m}")),
        Rule::ExclusiveMaximum(m) if n >= m => Some(format!("{n} is not below {m}")),
        Rule::MultipleOf(m) if m > 0.0 && ((n / m) - (n / m).round()).abs() > 1e-9 => {
            Some(format!("{n} is not a multiple of {m}"))
        }
        _ => None,
    }
}

macro_rules! checked_number {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn violation(&self, rule: &Rule) -> Option<String> {
                number_violation(f64::from(*self), rule)
            }
        }
    )*};
}
checked_number!(i8, i16, i32, u8, u16, u32, f32, f64);

macro_rules! checked_wide_number {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn violation(&self, rule: &Rule) -> Option<String> {
                // Bounds are f64 in the spec too; a huge value may round.
                number_violation(*self as f64, rule)
            }
        }
    )*};
}
checked_wide_number!(i64, u64);

impl<T: PartialEq> Checked for Vec<T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        let count = self.len() as u64;
        match *rule {
            Rule::MinItems(min) if count < min => {
                Some(format!("{count} items, below the minimum of {min}"))
            }
            Rule::MaxItems(max) if count > max => {
                Some(format!("{count} items, above the maximum of {max}"))
            }
            Rule::UniqueItems => self
                .iter()
                .enumerate()
                .any(|(i, item)| self[..i].contains(item))
                .then(|| "the items are not unique".to_string()),
            _ => None,
        }
    }
}

fn map_violation(count: usize, rule: &Rule) -> Option<String> {
    let count = count as u64;
    match *rule {
        Rule::MinProperties(min) if count < min => {
            Some(format!("{count} keys, below the minimum of {min}"))
        }
        Rule::MaxProperties(max) if count > max => {
            Some(format!("{count} keys, above the maximum of {max}"))
        }
        _ => None,
    }
}

impl<T> Checked for std::collections::BTreeMap<String, T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        map_violation(self.len(), rule)
    }
}

impl<T, S> Checked for std::collections::HashMap<String, T, S> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        map_violation(self.len(), rule)
    }
}

#[cfg(feature = "indexmap")]
impl<T, S> Checked for indexmap::IndexMap<String, T, S> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        map_violation(self.len(), rule)
    }
}

impl<T: Checked> Checked for Option<T> {
    fn violation(&self, rule: &Rule) -> Option<String> {
        self.as_ref().and_then(|value| value.violation(rule))
    }
}

/// Deserializes a value and checks it against `rules`, naming the field on failure.
pub fn check<'de, D, T>(deserializer: D, field: &str, rules: &[Rule]) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Checked,
{
    checked(deserializer, field, rules, |_, problem| problem)
}

/// [`check`] for a secret field: the error names the rule, never the value, so that it
/// cannot reach a log.
pub fn check_secret<'de, D, T>(deserializer: D, field: &str, rules: &[Rule]) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Checked,
{
    checked(deserializer, field, rules, |rule, _| match rule {
        Rule::Pattern(pattern) => {
            format!("the value does not match the pattern `{}`", pattern.source)
        }
        Rule::MinLength(min) => format!("the value is shorter than {min} characters"),
        Rule::MaxLength(max) => format!("the value is longer than {max} characters"),
        _ => "the value breaks a rule of the spec".to_string(),
    })
}

/// The first rule the value breaks, described by `say` (from the rule and the value's own
/// account of the problem).
fn checked<'de, D, T>(
    deserializer: D,
    field: &str,
    rules: &[Rule],
    say: impl Fn(&Rule, String) -> String,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Checked,
{
    let value = T::deserialize(deserializer)?;
    for rule in rules {
        if let Some(problem) = value.violation(rule) {
            return Err(serde::de::Error::custom(format_args!(
                "invalid value for `{field}`: {}",
                say(rule, problem)
            )));
        }
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    static DIGITS: Pattern = Pattern::new("^[0-9]+$");

    #[test]
    fn a_secret_value_stays_out_of_the_error() {
        let rules = [Rule::Pattern(&DIGITS)];
        let json = serde_json::json!("hunter2");
        let error = check_secret::<_, String>(&json, "password", &rules).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid value for `password`: the value does not match the pattern `^[0-9]+$`"
        );
        let error = check::<_, String>(&json, "code", &rules).unwrap_err();
        assert!(error.to_string().contains("hunter2"));
        assert_eq!(
            check_secret::<_, String>(&serde_json::json!("42"), "pin", &rules).unwrap(),
            "42"
        );
    }

    #[test]
    fn each_rule_names_what_is_wrong() {
        let text = "abc".to_string();
        assert_eq!(
            text.violation(&Rule::Pattern(&DIGITS)).as_deref(),
            Some("`abc` does not match the pattern `^[0-9]+$`")
        );
        assert_eq!("123".to_string().violation(&Rule::Pattern(&DIGITS)), None);
        assert_eq!(
            "ééé".to_string().violation(&Rule::MaxLength(2)).as_deref(),
            Some("length 3 is above the maximum of 2")
        );
        assert_eq!(
            7i64.violation(&Rule::MultipleOf(2.0)).as_deref(),
            Some("7 is not a multiple of 2")
        );
        assert_eq!(
            vec![1, 1].violation(&Rule::UniqueItems).as_deref(),
            Some("the items are not unique")
        );
        assert_eq!(None::<u8>.violation(&Rule::Minimum(1.0)), None);
    }
}
