//! Passes 6 and 7: `format` the tokens with prettyplease, and `write` only when the content
//! changed, so an unchanged spec never bumps the file's mtime and never rebuilds dependents.

use std::io;
use std::path::Path;

use proc_macro2::TokenStream;

/// Pretty-prints generated tokens below a header saying where they came from.
pub fn format(tokens: TokenStream, header: &str) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|err| {
        format!("typewright produced invalid Rust (a bug; please report it): {err}")
    })?;
    let code = format!("{header}\n{}", prettyplease::unparse(&file));
    Ok(escape_bidi(code))
}

/// Writes the bidirectional controls (`U+202A..=U+202E`, `U+2066..=U+2069`) as `\u{..}`
/// escapes. Raw, they can make code read differently from what it does, and rustc denies
/// them in comments and literals; escaped, a string literal keeps its value (the output has
/// no raw strings) and a doc comment shows where they were.
fn escape_bidi(code: String) -> String {
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !code.contains(is_bidi) {
        return code;
    }
    let mut out = String::with_capacity(code.len() + 16);
    for c in code.chars() {
        if is_bidi(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes `contents` to `path` unless the file already holds exactly that.
/// Returns whether the file was written.
pub fn write(path: &Path, contents: &str) -> io::Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn formats_with_header() {
        let code = format(quote! { pub struct A { pub b: u8 } }, "// header").unwrap();
        assert_eq!(code, "// header\npub struct A {\n    pub b: u8,\n}\n");
    }

    #[test]
    fn invalid_tokens_are_an_error_not_a_panic() {
        assert!(format(quote! { pub struct }, "").is_err());
    }

    #[test]
    fn unchanged_content_keeps_the_mtime() {
        let dir = std::env::temp_dir().join(format!("typewright-write-{}", std::process::id()));
        let path = dir.join("out.rs");
        assert!(write(&path, "a").unwrap());
        let before = std::fs::metadata(&path).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        assert!(!write(&path, "a").unwrap());
        assert_eq!(
            std::fs::metadata(&path).unwrap().modified().unwrap(),
            before
        );
        assert!(write(&path, "b").unwrap());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "b");
        std::fs::remove_dir_all(dir).unwrap();
    }
}
