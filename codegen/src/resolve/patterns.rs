//! `pattern`s are ECMAScript regular expressions, but specs are written by people who know
//! other dialects. A pattern is read as ECMAScript with the `u` flag, as JSON Schema intends
//! (so `\p{L}` is a Unicode class, not the letter `p`), or without it where the stricter
//! Unicode syntax rejects it (`\-` outside a class); failing that, the constructs whose meaning is exact in ECMAScript are
//! translated (a leading `(?i)` becomes the case-insensitive flag, `(?P<n>` a named group,
//! `\A` and `\z` anchors); failing that, the pattern cannot be enforced.

use crate::words::Pattern;

/// How a pattern was read.
#[derive(Debug, PartialEq)]
pub(super) enum Reading {
    /// Valid ECMAScript as written.
    Ecma(Pattern),
    /// Valid after the translations listed.
    Translated(Pattern, Vec<&'static str>),
    /// Not ECMAScript, even translated: the engine's complaint.
    Unreadable(String),
}

pub(super) fn read(source: &str) -> Reading {
    let error = match compile(source, "") {
        Ok(pattern) => return Reading::Ecma(pattern),
        Err(error) => error,
    };
    let (translated, flags, done) = translate(source);
    if done.is_empty() {
        return Reading::Unreadable(error);
    }
    match compile(&translated, &flags) {
        Ok(pattern) => Reading::Translated(pattern, done),
        Err(_) => Reading::Unreadable(error),
    }
}

/// The pattern as ECMAScript with `flags` and `u`, or else with `flags` alone; the engine's
/// complaint about the latter when neither reads.
fn compile(source: &str, flags: &str) -> Result<Pattern, String> {
    let pattern = |flags: String| Pattern {
        source: source.to_string(),
        flags,
    };
    let unicode = format!("{flags}u");
    if regress::Regex::with_flags(source, unicode.as_str()).is_ok() {
        return Ok(pattern(unicode));
    }
    match regress::Regex::with_flags(source, flags) {
        Ok(_) => Ok(pattern(flags.to_string())),
        Err(error) => Err(error.to_string()),
    }
}

/// Rewrites the constructs of other dialects whose meaning ECMAScript has exactly; returns the
/// new source, the flags, and what was done.
fn translate(source: &str) -> (String, String, Vec<&'static str>) {
    let mut done = Vec::new();
    let mut flags = String::new();
    let mut rest = source;
    // A leading inline flag group: `(?i)`, `(?is)`, ...
    if let Some(after) = rest.strip_prefix("(?")
        && let Some(end) = after.find(')')
        && end > 0
        && after[..end].chars().all(|c| matches!(c, 'i' | 'm' | 's'))
    {
        flags = after[..end].to_string();
        rest = &after[end + 1..];
        done.push("a leading inline flag group became the regex's flags");
    }
    let mut out = String::with_capacity(rest.len());
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('A') => {
                    out.push('^');
                    done.push("`\\A` became `^`");
                }
                Some('z') if !flags.contains('m') => {
                    out.push('$');
                    done.push("`\\z` became `$`");
                }
                Some('Z') if !flags.contains('m') => {
                    out.push_str("(?=\\n?$)");
                    done.push("`\\Z` became `(?=\\n?$)`");
                }
                Some(next) => {
                    out.push('\\');
                    out.push(next);
                }
                None => out.push('\\'),
            }
            continue;
        }
        if c == '(' && chars.peek() == Some(&'?') {
            let lookahead: String = chars.clone().take(3).collect();
            if lookahead == "?P<" {
                chars.nth(1);
                out.push_str("(?");
                done.push("`(?P<name>` became `(?<name>`");
                continue;
            }
        }
        out.push(c);
    }
    done.dedup();
    (out, flags, done)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pattern(source: &str, flags: &str) -> Pattern {
        Pattern {
            source: source.into(),
            flags: flags.into(),
        }
    }

    #[test]
    fn ecmascript_is_kept_and_unicode_classes_get_the_u_flag() {
        assert_eq!(read("^[a-z]+$"), Reading::Ecma(pattern("^[a-z]+$", "u")));
        assert_eq!(read("^\\p{L}+$"), Reading::Ecma(pattern("^\\p{L}+$", "u")));
        // Identity escapes are not Unicode-mode syntax: read without `u`.
        assert_eq!(read("^a\\-b$"), Reading::Ecma(pattern("^a\\-b$", "")));
    }

    #[test]
    fn other_dialects_are_translated_where_the_meaning_is_exact() {
        let Reading::Translated(p, done) = read("(?i)^[a-z]+\\z") else {
            panic!("not translated")
        };
        assert_eq!(p, pattern("^[a-z]+$", "iu"));
        assert_eq!(done.len(), 2);
        let Reading::Translated(p, _) = read("\\A(?P<year>\\d{4})") else {
            panic!("not translated")
        };
        assert_eq!(p.source, "^(?<year>\\d{4})");
        // An escaped backslash is not an anchor.
        assert!(matches!(read("\\\\A[(]"), Reading::Ecma(_)));
    }

    #[test]
    fn what_cannot_be_read_says_why() {
        assert!(matches!(read("^[a-z"), Reading::Unreadable(_)));
        assert!(matches!(read("(?i)[a-z"), Reading::Unreadable(_)));
        assert!(matches!(read("a++"), Reading::Unreadable(_)));
    }
}
