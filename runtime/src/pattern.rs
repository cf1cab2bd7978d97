//! `pattern` matching in linear time where the pattern allows it.
//!
//! JSON Schema patterns are ECMAScript regular expressions. A backtracking engine (regress)
//! reads all of them, but takes exponential time on patterns like `^(a+)+$`. Most patterns
//! use nothing a finite automaton cannot match, so they are rewritten into the `regex`
//! crate's syntax with ECMAScript's meaning kept exactly (`\d` is ASCII, `.` stops at every
//! line terminator, `[` inside a class is a character), and matched in time linear in the
//! input. Backreferences, lookaround, multi-line anchors and anything the rewrite does not
//! know go to regress.

/// A compiled pattern and the engine that runs it.
pub enum CompiledPattern {
    /// Linear time in the length of the input.
    Linear(regex::Regex),
    /// Backtracking: worst case exponential in the length of the input.
    Backtracking(regress::Regex),
}

impl CompiledPattern {
    /// Compiles an ECMAScript pattern with its flags (`i`, `m`, `s`, `u`).
    pub fn new(source: &str, flags: &str) -> Result<CompiledPattern, String> {
        if let Some(linear) = to_linear(source, flags)
            && let Ok(regex) = regex::Regex::new(&linear)
        {
            return Ok(CompiledPattern::Linear(regex));
        }
        regress::Regex::with_flags(source, flags)
            .map(CompiledPattern::Backtracking)
            .map_err(|e| e.to_string())
    }

    /// Whether the pattern matches somewhere in `text` (ECMAScript's `test`).
    pub fn is_match(&self, text: &str) -> bool {
        match self {
            CompiledPattern::Linear(regex) => regex.is_match(text),
            CompiledPattern::Backtracking(regex) => regex.find(text).is_some(),
        }
    }

    /// Whether matching takes linear time.
    pub fn is_linear(&self) -> bool {
        matches!(self, CompiledPattern::Linear(_))
    }
}

/// ECMAScript's `\s`: its white space and line terminators.
const SPACE: &str =
    r"\t\n\x0B\x0C\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const WORD: &str = "0-9A-Za-z_";

/// The pattern in the `regex` crate's syntax with the same meaning, or `None` where the
/// meaning cannot be kept (then the backtracking engine reads it).
fn to_linear(source: &str, flags: &str) -> Option<String> {
    let mut out = String::with_capacity(source.len() + 8);
    let mut dot_all = false;
    for flag in flags.chars() {
        match flag {
            'i' => out.push_str("(?i)"),
            's' => dot_all = true,
            'u' => {}
            // `m`: ECMAScript's `^`/`$` also stop at `\r`, U+2028 and U+2029.
            _ => return None,
        }
    }
    let chars: Vec<char> = source.chars().collect();
    let mut in_class = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        match c {
            '\\' => {
                let escaped = *chars.get(i)?;
                i += 1;
                let text = escape(escaped, in_class, &chars, &mut i)?;
                out.push_str(&text);
            }
            '[' if in_class => out.push_str(r"\["),
            '[' => {
                in_class = true;
                out.push('[');
                if chars.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                // `[]` matches nothing and `[^]` anything; the regex crate reads neither.
                if chars.get(i) == Some(&']') {
                    return None;
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            // Class set operators in the regex crate, plain characters in ECMAScript.
            '&' | '~' if in_class => {
                out.push('\\');
                out.push(c);
            }
            '-' if in_class && chars.get(i) == Some(&'-') => return None,
            '.' if !in_class => out.push_str(if dot_all {
                "(?s:.)"
            } else {
                r"[^\n\r\x{2028}\x{2029}]"
            }),
            '(' if !in_class && chars.get(i) == Some(&'?') => {
                let rest: String = chars[i..].iter().take(3).collect();
                if rest.starts_with("?:") {
                    out.push_str("(?:");
                    i += 2;
                } else if rest.starts_with("?<")
                    && !rest.starts_with("?<=")
                    && !rest.starts_with("?<!")
                {
                    out.push_str("(?P<");
                    i += 2;
                } else {
                    // Lookaround, or a group syntax ECMAScript does not have.
                    return None;
                }
            }
            // Whitespace and `#` mean themselves in both (no `x` flag).
            _ => out.push(c),
        }
    }
    Some(out)
}

/// One escape (after the backslash), in or out of a class.
fn escape(c: char, in_class: bool, chars: &[char], i: &mut usize) -> Option<String> {
    let class = |members: &str, negated: bool| -> Option<String> {
        match (in_class, negated) {
            (true, false) => Some(members.to_string()),
            // `[^\D]` and the like: a negated set inside a class.
            (true, true) => None,
            (false, false) => Some(format!("[{members}]")),
            (false, true) => Some(format!("[^{members}]")),
        }
    };
    Some(match c {
        'd' => class("0-9", false)?,
        'D' => class("0-9", true)?,
        'w' => class(WORD, false)?,
        'W' => class(WORD, true)?,
        's' => class(SPACE, false)?,
        'S' => class(SPACE, true)?,
        // In a class, `\b` is the backspace character.
        'b' if in_class => r"\x08".into(),
        'b' => r"(?-u:\b)".into(),
        'B' if in_class => return None,
        'B' => r"(?-u:\B)".into(),
        'n' | 'r' | 't' | 'f' | 'v' => format!("\\{c}"),
        '0' if !chars.get(*i).is_some_and(char::is_ascii_digit) => r"\x00".into(),
        'x' => {
            let hex: String = chars.get(*i..*i + 2)?.iter().collect();
            if !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            *i += 2;
            format!(r"\x{hex}")
        }
        'u' if chars.get(*i) == Some(&'{') => {
            let end = chars[*i..].iter().position(|&h| h == '}')? + *i;
            let hex: String = chars[*i + 1..end].iter().collect();
            *i = end + 1;
            format!(r"\x{{{hex}}}")
        }
        'u' => {
            let hex: String = chars.get(*i..*i + 4)?.iter().collect();
            let code = u32::from_str_radix(&hex, 16).ok()?;
            // A surrogate half: one of a pair that only the backtracking engine joins.
            if (0xD800..0xE000).contains(&code) {
                return None;
            }
            *i += 4;
            format!(r"\x{{{hex}}}")
        }
        'p' | 'P' if chars.get(*i) == Some(&'{') => {
            let end = chars[*i..].iter().position(|&h| h == '}')? + *i;
            let name: String = chars[*i..=end].iter().collect();
            *i = end + 1;
            format!("\\{c}{name}")
        }
        // `\<` and `\>` are word boundaries in the regex crate; ECMAScript's `u` mode has no
        // such escape.
        '<' | '>' => return None,
        // Syntax characters and `/`, `-`: the character itself.
        c if c.is_ascii_punctuation() => format!("\\{c}"),
        // Backreferences (`\1`, `\k<name>`), control escapes (`\cJ`) and the rest.
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linear(source: &str) -> CompiledPattern {
        let compiled = CompiledPattern::new(source, "u").unwrap();
        assert!(compiled.is_linear(), "{source} should be linear");
        compiled
    }

    #[test]
    fn ecmascript_meanings_are_kept() {
        // `\d` and `\w` are ASCII; the regex crate's are Unicode.
        assert!(!linear(r"^\d$").is_match("٣"));
        assert!(linear(r"^\d+$").is_match("123"));
        assert!(!linear(r"^\w$").is_match("é"));
        // `.` stops at every ECMAScript line terminator.
        assert!(!linear("^.$").is_match("\r"));
        assert!(!linear("^.$").is_match("\u{2028}"));
        assert!(CompiledPattern::new("^.$", "su").unwrap().is_match("\r"));
        // `[` inside a class is a character; `&&` is not an intersection.
        assert!(linear("^[[a]+$").is_match("[a["));
        assert!(linear("^[a&&b]$").is_match("&"));
        // `\b` in a class is backspace.
        assert!(linear(r"^[\b]$").is_match("\u{8}"));
        // `\s` includes U+FEFF, which Unicode's White_Space does not.
        assert!(linear(r"^\s$").is_match("\u{feff}"));
        assert!(linear(r"^\u00e9\u{1F600}$").is_match("é😀"));
        assert!(linear(r"^(?<year>\d{4})$").is_match("2024"));
        assert!(CompiledPattern::new("^abc$", "iu").unwrap().is_match("ABC"));
    }

    #[test]
    fn what_needs_backtracking_gets_it() {
        for source in [
            r"^(a)\1$",
            r"^(?=a)a$",
            r"^(?!b).$",
            r"(?<=a)b",
            "[]",
            "[^]",
        ] {
            let compiled = CompiledPattern::new(source, "u").unwrap();
            assert!(!compiled.is_linear(), "{source}");
        }
        assert!(
            CompiledPattern::new(r"^(a)\1$", "u")
                .unwrap()
                .is_match("aa")
        );
        assert!(CompiledPattern::new("[^]", "u").unwrap().is_match("x"));
    }

    #[test]
    fn catastrophic_patterns_run_in_linear_time() {
        let evil = linear("^(a+)+$");
        let text = format!("{}!", "a".repeat(100_000));
        // A backtracking engine would not finish this in the age of the universe.
        assert!(!evil.is_match(&text));
    }
}
