//! Where in a value an error is: `prices[0].price_amount: 0 is not above the exclusive
//! minimum 0`. A failed read is prefixed with its key at each struct field it passes through,
//! and with its index (or key) at each collection of generated types, so the message names
//! the path from the value's root whatever the format. serde's errors carry only text; the
//! last message a path was put on is remembered on this thread, so that a message already
//! starting with a path is extended (`[0].price_amount` -> `prices[0].price_amount`) and any
//! other gets one (`name: invalid type: ...`).

use std::cell::RefCell;
use std::fmt::{self, Display, Write};

use serde::de::Error;

thread_local! {
    /// The text of the last error a path was put on (with whatever position the format
    /// appended since): an error whose text starts with it already has a path.
    static PATHED: RefCell<String> = const { RefCell::new(String::new()) };
}

/// One step into a value.
#[derive(Clone, Copy, Debug)]
pub enum Segment<'a> {
    /// A struct's field or a map's key.
    Key(&'a str),
    /// An array's item.
    Index(usize),
}

impl Display for Segment<'_> {
    /// `name` for a key that reads as an identifier, `["a b"]` for any other, `[3]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Segment::Index(index) => write!(f, "[{index}]"),
            Segment::Key(key) if is_plain(key) => f.write_str(key),
            Segment::Key(key) => {
                f.write_str("[")?;
                // A key is text: quoted as JSON quotes it.
                write!(f, "{}", serde_json::Value::String(key.to_string()))?;
                f.write_str("]")
            }
        }
    }
}

fn is_plain(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$' || c == '@')
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '$' | '@'))
}

/// A relative path, written as its segments follow each other: `[0].price_amount`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Path(String);

impl Path {
    /// The path of the value itself (no step).
    pub fn root() -> Path {
        Path(String::new())
    }

    /// This path, one step further in: `segment` goes in front.
    pub fn under(self, segment: Segment<'_>) -> Path {
        Path(join(segment, &self.0))
    }

    /// Whether it is the value itself.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

/// `segment` followed by `rest`, with a `.` between two keys.
fn join(segment: Segment<'_>, rest: &str) -> String {
    let mut out = segment.to_string();
    if !rest.is_empty() && !rest.starts_with('[') && !out.is_empty() {
        out.push('.');
    }
    out.push_str(rest);
    out
}

/// A rule a value breaks, where in the value it does, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// From the value checked to the part that breaks the rule (empty: the value itself).
    pub path: Path,
    /// What is wrong: `length 4 is above the maximum of 3`.
    pub problem: String,
    /// What is wrong, said without the value, for a secret: `the value is longer than 3
    /// characters`.
    pub of_secret: String,
}

impl Violation {
    pub(crate) fn here(problem: String, of_secret: String) -> Violation {
        Violation {
            path: Path::root(),
            problem,
            of_secret,
        }
    }

    /// The violation, one step further in.
    pub fn under(self, segment: Segment<'_>) -> Violation {
        Violation {
            path: self.path.under(segment),
            ..self
        }
    }

    /// The error a reader reports for it; a secret's leaves the value out.
    pub fn into_error<E: Error>(self, secret: bool) -> E {
        let problem = match secret {
            true => &self.of_secret,
            false => &self.problem,
        };
        error_at(&self.path, problem)
    }
}

impl Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.path.is_root() {
            true => f.write_str(&self.problem),
            false => write!(f, "{}: {}", self.path.as_str(), self.problem),
        }
    }
}

/// The error for `problem` at `path` (from the value being read); a path is remembered as
/// one, so that the reads it passes through extend it.
pub fn error_at<E: Error>(path: &Path, problem: &dyn Display) -> E {
    if path.is_root() {
        return E::custom(problem);
    }
    pathed(format!("{}: {problem}", path.as_str()))
}

/// `error`, one step further out: its path, or its message, is prefixed with `segment`.
pub fn under<E: Error>(segment: Segment<'_>, error: E) -> E {
    let text = error.to_string();
    let has_path = PATHED.with(|last| {
        let last = last.borrow();
        !last.is_empty() && text.starts_with(last.as_str())
    });
    let joined = match has_path {
        true => join(segment, &text),
        false => {
            let mut joined = segment.to_string();
            let _ = write!(joined, ": {text}");
            joined
        }
    };
    pathed(joined)
}

fn pathed<E: Error>(text: String) -> E {
    let error = E::custom(&text);
    PATHED.with(|last| *last.borrow_mut() = text);
    error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_they_are_written() {
        let path = Path::root()
            .under(Segment::Key("price_amount"))
            .under(Segment::Index(0))
            .under(Segment::Key("prices"));
        assert_eq!(path.as_str(), "prices[0].price_amount");
        let odd = Path::root()
            .under(Segment::Key("a b"))
            .under(Segment::Key("x"));
        assert_eq!(odd.as_str(), "x[\"a b\"]");
    }

    #[test]
    fn errors_gain_a_step_per_read_they_pass_through() {
        let inner: serde_json::Error = error_at(
            &Path::root().under(Segment::Key("price_amount")),
            &"0 is not above the exclusive minimum 0",
        );
        let item = under(Segment::Index(0), inner);
        let field: serde_json::Error = under(Segment::Key("prices"), item);
        assert_eq!(
            field.to_string(),
            "prices[0].price_amount: 0 is not above the exclusive minimum 0"
        );
        // serde's own error, which no path was put on, gets one.
        let plain = serde_json::from_str::<u8>("\"x\"").unwrap_err();
        let field: serde_json::Error = under(Segment::Key("age"), plain);
        assert!(
            field
                .to_string()
                .starts_with("age: invalid type: string \"x\", expected u8"),
            "{field}"
        );
    }
}
