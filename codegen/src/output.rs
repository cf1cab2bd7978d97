//! Passes 6 and 7: `format` the tokens with prettyplease, and `write` only when the content
//! changed, so an unchanged spec never bumps the file's mtime and never rebuilds dependents.

use std::io;
use std::path::Path;

use proc_macro2::TokenStream;

use crate::emit::Module;

/// Pretty-prints the generated modules, one item at a time, below a header saying where they
/// came from.
pub fn format(modules: Vec<Module<'_>>, header: &str) -> Result<String, String> {
    let mut code = format!("{header}\n");
    for module in modules {
        let head = unparse(module.head)?;
        // The head ends with its body's closing brace: the items go before it.
        let body_end = head.trim_end().len() - 1;
        code.push_str(&head[..body_end]);
        for item in module.items {
            // Formatted inside a module, as it will stand, so that the line width and the
            // indentation are those of the whole file formatted at once.
            let text = unparse(quote::quote! { mod m { #item } })?;
            let inner = text
                .strip_prefix("mod m {\n")
                .and_then(|rest| rest.strip_suffix("}\n"))
                .ok_or("typewright formatted an item unexpectedly (a bug; please report it)")?;
            code.push_str(inner);
        }
        code.push_str(&head[body_end..]);
    }
    Ok(escape_bidi(code))
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(|err| {
        format!("typewright produced invalid Rust (a bug; please report it): {err}")
    })?;
    Ok(prettyplease::unparse(&file))
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

    fn module(items: Vec<TokenStream>) -> Vec<Module<'static>> {
        let head = quote! {
            /// Docs.
            pub mod pets {
                use std::fmt;
            }
        };
        vec![Module {
            head,
            items: Box::new(items.into_iter()),
        }]
    }

    #[test]
    fn formats_item_by_item_as_one_file_would() {
        let items = vec![
            quote! { pub struct A { pub b: u8 } },
            quote! { pub struct C; impl C { fn d() {} } },
        ];
        let code = format(module(items.clone()), "// header").unwrap();
        let whole = quote! { /// Docs.
        pub mod pets { use std::fmt; #(#items)* } };
        let file: syn::File = syn::parse2(whole).unwrap();
        assert_eq!(code, format!("// header\n{}", prettyplease::unparse(&file)));
        assert_eq!(
            format(module(Vec::new()), "").unwrap(),
            "\n/// Docs.\npub mod pets {\n    use std::fmt;\n}\n"
        );
    }

    #[test]
    fn invalid_tokens_are_an_error_not_a_panic() {
        assert!(format(module(vec![quote! { pub struct }]), "").is_err());
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
