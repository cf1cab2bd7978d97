//! Validation keywords, checked when a field is deserialized.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

use crate::CompiledPattern;
use crate::path::{Segment, Violation};

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
    /// `propertyNames`: the rules every key of a map keeps.
    PropertyNames(&'static [Rule]),
    /// `patternProperties` beside `additionalProperties: false`: every key of a map matches
    /// one of the patterns.
    KeyPatterns(&'static [&'static Pattern]),
    /// `format`, with `Config::check_formats` (and the runtime's `formats` feature).
    #[cfg(feature = "formats")]
    Format(crate::formats::Format),
}

/// A value that rules can inspect; each kind of value answers the rules about it.
pub trait Checked {
    /// Why the value breaks `rule`, if it does.
    fn violation(&self, rule: &Rule) -> Option<Violation>;
}

/// `1 item`, `2 items`.
fn counted(count: u64, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

/// What a problem says, and what it says of a secret value (the rule, never the value).
fn problem(said: String, of_secret: &str) -> Option<Violation> {
    Some(Violation::here(said, of_secret.to_string()))
}

impl Checked for String {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        // JSON Schema counts code points, not bytes.
        let length = || self.chars().count() as u64;
        match *rule {
            Rule::MinLength(min) if length() < min => problem(
                format!("length {} is below the minimum of {min}", length()),
                &format!("the value is shorter than {}", counted(min, "character")),
            ),
            Rule::MaxLength(max) if length() > max => problem(
                format!("length {} is above the maximum of {max}", length()),
                &format!("the value is longer than {}", counted(max, "character")),
            ),
            Rule::Pattern(pattern) if !pattern.matches(self) => problem(
                format!("`{self}` does not match the pattern `{}`", pattern.source),
                &format!("the value does not match the pattern `{}`", pattern.source),
            ),
            #[cfg(feature = "formats")]
            Rule::Format(format) => format.refuses(self).and_then(|why| {
                problem(
                    format!("`{self}` is not {why}"),
                    &format!("the value is not {why}"),
                )
            }),
            _ => None,
        }
    }
}

fn number_violation(n: f64, rule: &Rule) -> Option<Violation> {
    let said = match *rule {
        Rule::Minimum(m) if n < m => format!("{n} is below the minimum of {m}"),
        Rule::Maximum(m) if n > m => format!("{n} is above the maximum of {m}"),
        Rule::ExclusiveMinimum(m) if n <= m => {
            format!("{n} is not above the exclusive minimum {m}")
        }
        Rule::ExclusiveMaximum(m) if n >= m => {
            format!("{n} is not below the exclusive maximum {m}")
        }
        Rule::MultipleOf(m) if m > 0.0 && ((n / m) - (n / m).round()).abs() > 1e-9 => {
            format!("{n} is not a multiple of {m}")
        }
        _ => return None,
    };
    problem(said, "the value breaks a rule of the spec")
}

macro_rules! checked_number {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn violation(&self, rule: &Rule) -> Option<Violation> {
                number_violation(f64::from(*self), rule)
            }
        }
    )*};
}
checked_number!(i8, i16, i32, u8, u16, u32, f32, f64);

macro_rules! checked_wide_number {
    ($($t:ty),*) => {$(
        impl Checked for $t {
            fn violation(&self, rule: &Rule) -> Option<Violation> {
                // Bounds are f64 in the spec too; a huge value may round.
                number_violation(*self as f64, rule)
            }
        }
    )*};
}
checked_wide_number!(i64, u64);

impl<T: PartialEq> Checked for Vec<T> {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        let count = self.len() as u64;
        let said = match *rule {
            Rule::MinItems(min) if count < min => {
                format!("{}, below the minimum of {min}", counted(count, "item"))
            }
            Rule::MaxItems(max) if count > max => {
                format!("{}, above the maximum of {max}", counted(count, "item"))
            }
            // Each item against those before it: quadratic, but needs only `PartialEq`, which
            // every generated type has (floats rule out `Hash`).
            Rule::UniqueItems => {
                (1..self.len()).find(|&i| self[..i].contains(&self[i]))?;
                "the items are not unique".to_string()
            }
            _ => return None,
        };
        problem(said.clone(), &said)
    }
}

fn map_violation<'k>(
    count: usize,
    mut keys: impl Iterator<Item = &'k String>,
    rule: &Rule,
) -> Option<Violation> {
    let count = count as u64;
    let said = match *rule {
        Rule::MinProperties(min) if count < min => {
            format!("{}, below the minimum of {min}", counted(count, "key"))
        }
        Rule::MaxProperties(max) if count > max => {
            format!("{}, above the maximum of {max}", counted(count, "key"))
        }
        Rule::PropertyNames(rules) => {
            return keys.find_map(|key| {
                let found = Rules::violation(rules, key)?;
                Some(Violation::here(
                    format!("key `{key}`: {}", found.problem),
                    format!("key `{key}`: {}", found.of_secret),
                ))
            });
        }
        Rule::KeyPatterns(patterns) => {
            let key = keys.find(|key| !patterns.iter().any(|p| p.matches(key)))?;
            let listed: Vec<String> = patterns.iter().map(|p| format!("`{}`", p.source)).collect();
            format!(
                "key `{key}` matches none of the patterns {}",
                listed.join(", ")
            )
        }
        _ => return None,
    };
    problem(said.clone(), &said)
}

impl<T> Checked for std::collections::BTreeMap<String, T> {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        map_violation(self.len(), self.keys(), rule)
    }
}

impl<T, S> Checked for std::collections::HashMap<String, T, S> {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        if !matches!(rule, Rule::PropertyNames(_) | Rule::KeyPatterns(_)) {
            return map_violation(self.len(), std::iter::empty(), rule);
        }
        // Keys in order, so that the key an error names does not depend on the hasher.
        let mut keys: Vec<&String> = self.keys().collect();
        keys.sort_unstable();
        map_violation(self.len(), keys.into_iter(), rule)
    }
}

#[cfg(feature = "indexmap")]
impl<T, S> Checked for indexmap::IndexMap<String, T, S> {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        map_violation(self.len(), self.keys(), rule)
    }
}

impl<T: Checked> Checked for Option<T> {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        self.as_ref().and_then(|value| value.violation(rule))
    }
}

impl<T: Checked + ?Sized> Checked for Box<T> {
    fn violation(&self, rule: &Rule) -> Option<Violation> {
        T::violation(self, rule)
    }
}

/// The rules of a value whose parts may have rules of their own: an array whose items have
/// a `maxLength` (`items: {maxLength: 3}`), a map of bounded numbers, at any depth. A list of
/// [`Rule`]s is the rules of the value itself; [`Each`] adds rules for every item (or map
/// value), and [`Present`] passes them through an `Option`.
pub trait Rules<T: ?Sized> {
    /// The first rule the value, or a part of it, breaks.
    fn violation(&self, value: &T) -> Option<Violation>;
}

impl<T: Checked + ?Sized> Rules<T> for [Rule] {
    fn violation(&self, value: &T) -> Option<Violation> {
        self.iter().find_map(|rule| value.violation(rule))
    }
}

impl<T: Checked + ?Sized, const N: usize> Rules<T> for [Rule; N] {
    fn violation(&self, value: &T) -> Option<Violation> {
        self.iter().find_map(|rule| value.violation(rule))
    }
}

impl<T: ?Sized, R: Rules<T> + ?Sized> Rules<T> for &R {
    fn violation(&self, value: &T) -> Option<Violation> {
        R::violation(self, value)
    }
}

/// The rules of a collection (`own`: its size, uniqueness) and of each of its items, or each
/// of its values for a map (`items`).
pub struct Each<R> {
    /// Of the collection itself.
    pub own: &'static [Rule],
    /// Of each item.
    pub items: R,
}

impl<T: PartialEq, R: Rules<T>> Rules<Vec<T>> for Each<R> {
    fn violation(&self, value: &Vec<T>) -> Option<Violation> {
        Rules::violation(self.own, value).or_else(|| {
            value.iter().enumerate().find_map(|(index, item)| {
                let found = self.items.violation(item)?;
                Some(found.under(Segment::Index(index)))
            })
        })
    }
}

macro_rules! each_of_map {
    ($($map:ty),*) => {$(
        impl<T, S, R: Rules<T>> Rules<$map> for Each<R> where $map: Checked {
            fn violation(&self, value: &$map) -> Option<Violation> {
                Rules::violation(self.own, value).or_else(|| {
                    value.iter().find_map(|(key, item)| {
                        let found = self.items.violation(item)?;
                        Some(found.under(Segment::Key(key)))
                    })
                })
            }
        }
    )*};
}
each_of_map!(std::collections::HashMap<String, T, S>);
#[cfg(feature = "indexmap")]
each_of_map!(indexmap::IndexMap<String, T, S>);

impl<T, R: Rules<T>> Rules<std::collections::BTreeMap<String, T>> for Each<R> {
    fn violation(&self, value: &std::collections::BTreeMap<String, T>) -> Option<Violation> {
        Rules::violation(self.own, value).or_else(|| {
            value.iter().find_map(|(key, item)| {
                let found = self.items.violation(item)?;
                Some(found.under(Segment::Key(key)))
            })
        })
    }
}

/// The rules of the value inside an `Option` (a nullable item): `None` breaks none.
pub struct Present<R>(pub R);

impl<T, R: Rules<T>> Rules<Option<T>> for Present<R> {
    fn violation(&self, value: &Option<T>) -> Option<Violation> {
        value.as_ref().and_then(|inner| self.0.violation(inner))
    }
}

impl<T, R: Rules<T>> Rules<Box<T>> for Present<R> {
    fn violation(&self, value: &Box<T>) -> Option<Violation> {
        self.0.violation(value)
    }
}

/// Deserializes a value and checks it against `rules`; the error says where in the value the
/// rule is broken (`[2]: length 4 is above the maximum of 3`) and what breaks it.
pub fn check<'de, D, T>(deserializer: D, rules: &(impl Rules<T> + ?Sized)) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    checked(deserializer, rules, false)
}

/// [`check`] for a secret: the error names the rule, never the value, so that it cannot
/// reach a log.
pub fn check_secret<'de, D, T>(
    deserializer: D,
    rules: &(impl Rules<T> + ?Sized),
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    checked(deserializer, rules, true)
}

fn checked<'de, D, T>(
    deserializer: D,
    rules: &(impl Rules<T> + ?Sized),
    secret: bool,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    let value = T::deserialize(deserializer)?;
    match rules.violation(&value) {
        None => Ok(value),
        Some(found) => Err(found.into_error(secret)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static DIGITS: Pattern = Pattern::new("^[0-9]+$");

    fn problem(found: Option<Violation>) -> Option<String> {
        found.map(|v| v.to_string())
    }

    #[test]
    fn a_secret_value_stays_out_of_the_error() {
        let rules = [Rule::Pattern(&DIGITS)];
        let json = serde_json::json!("hunter2");
        let error = check_secret::<_, String>(&json, &rules).unwrap_err();
        assert_eq!(
            error.to_string(),
            "the value does not match the pattern `^[0-9]+$`"
        );
        let error = check::<_, String>(&json, &rules).unwrap_err();
        assert!(error.to_string().contains("hunter2"));
        assert_eq!(
            check_secret::<_, String>(&serde_json::json!("42"), &rules).unwrap(),
            "42"
        );
    }

    #[test]
    fn each_rule_names_what_is_wrong() {
        let text = "abc".to_string();
        assert_eq!(
            problem(text.violation(&Rule::Pattern(&DIGITS))).as_deref(),
            Some("`abc` does not match the pattern `^[0-9]+$`")
        );
        assert_eq!("123".to_string().violation(&Rule::Pattern(&DIGITS)), None);
        assert_eq!(
            problem("ééé".to_string().violation(&Rule::MaxLength(2))).as_deref(),
            Some("length 3 is above the maximum of 2")
        );
        assert_eq!(
            problem(7i64.violation(&Rule::MultipleOf(2.0))).as_deref(),
            Some("7 is not a multiple of 2")
        );
        assert_eq!(
            problem(0.0f64.violation(&Rule::ExclusiveMinimum(0.0))).as_deref(),
            Some("0 is not above the exclusive minimum 0")
        );
        assert_eq!(
            problem(vec![1, 1].violation(&Rule::UniqueItems)).as_deref(),
            Some("the items are not unique")
        );
        assert_eq!(None::<u8>.violation(&Rule::Minimum(1.0)), None);
    }

    /// Items of items, values of maps, and nullable items, each breaking its own rule: the
    /// violation says where.
    #[test]
    fn rules_hold_at_every_depth() {
        let rules = Each {
            own: &[Rule::MaxItems(3)],
            items: Each {
                own: &[Rule::MinItems(1)],
                items: Present([Rule::MaxLength(2)]),
            },
        };
        let grid: Vec<Vec<Option<String>>> = vec![vec![Some("ab".into()), None], vec![]];
        assert_eq!(
            problem(rules.violation(&grid)).as_deref(),
            Some("[1]: 0 items, below the minimum of 1")
        );
        let grid: Vec<Vec<Option<String>>> = vec![vec![None, Some("abc".into())]];
        assert_eq!(
            problem(rules.violation(&grid)).as_deref(),
            Some("[0][1]: length 3 is above the maximum of 2")
        );
        let ages = Each {
            own: &[],
            items: [Rule::Minimum(0.0)],
        };
        let map: std::collections::BTreeMap<String, i64> =
            [("ann".to_string(), 3), ("bob smith".to_string(), -1)].into();
        assert_eq!(
            problem(ages.violation(&map)).as_deref(),
            Some("[\"bob smith\"]: -1 is below the minimum of 0")
        );
        let json = serde_json::json!({"ann": -2});
        let error = check::<_, std::collections::BTreeMap<String, i64>>(&json, &ages).unwrap_err();
        assert_eq!(error.to_string(), "ann: -2 is below the minimum of 0");
    }

    static LOWER: Pattern = Pattern::new("^[a-z]+$");
    static KEY_RULES: [Rule; 2] = [Rule::MaxLength(4), Rule::Pattern(&LOWER)];
    static EXTENSION: Pattern = Pattern::new("^x-");

    /// `propertyNames` holds for every key, `patternProperties` beside `additionalProperties:
    /// false` lets in only keys that match a pattern; the first key in order is named.
    #[test]
    fn keys_keep_their_rules() {
        let names = [Rule::PropertyNames(&KEY_RULES)];
        let map = |keys: &[&str]| -> std::collections::HashMap<String, u8> {
            keys.iter().map(|k| (k.to_string(), 0)).collect()
        };
        assert_eq!(names.violation(&map(&["ab", "cd"])), None);
        assert_eq!(
            problem(names.violation(&map(&["ok", "Zed", "Bad"]))).as_deref(),
            Some("key `Bad`: `Bad` does not match the pattern `^[a-z]+$`")
        );
        assert_eq!(
            problem(names.violation(&map(&["abcde"]))).as_deref(),
            Some("key `abcde`: length 5 is above the maximum of 4")
        );
        static KEY_PATTERNS: [&Pattern; 2] = [&LOWER, &EXTENSION];
        let closed = [Rule::KeyPatterns(&KEY_PATTERNS)];
        assert_eq!(closed.violation(&map(&["x-Id", "ok"])), None);
        assert_eq!(
            problem(closed.violation(&map(&["Id", "ok"]))).as_deref(),
            Some("key `Id` matches none of the patterns `^[a-z]+$`, `^x-`")
        );
        let json = serde_json::json!({"a": 1, "B": 2});
        let error = check::<_, std::collections::BTreeMap<String, u8>>(&json, &closed).unwrap_err();
        assert_eq!(
            error.to_string(),
            "key `B` matches none of the patterns `^[a-z]+$`, `^x-`"
        );
    }
}
