//! A reader of generated code that finds what rustc would refuse (or warn about, which
//! `#![deny(warnings)]` refuses) because the spec repeated something: two items, fields or
//! variants of one name, two `match` arms for one value, an arm after a wildcard, a struct
//! expression that sets a field twice, and a repeated value in a list of wire names. The
//! generator must make these impossible by construction; the `pipeline` fuzz target runs this
//! on every output, where compiling each one would be too slow.

use std::collections::HashSet;

use syn::visit::Visit;

/// Every repetition found in `code` (which must parse), each described in a line.
pub fn duplicates(code: &str) -> Vec<String> {
    let file = match syn::parse_file(code) {
        Ok(file) => file,
        Err(error) => return vec![format!("the code does not parse: {error}")],
    };
    let mut finder = Finder::default();
    finder.items(&file.items, "the file");
    finder.visit_file(&file);
    finder.found
}

#[derive(Default)]
struct Finder {
    found: Vec<String>,
}

impl Finder {
    /// Item names of one scope: types and modules share one namespace, functions,
    /// constants and statics another (a tuple or unit struct is in both).
    fn items(&mut self, items: &[syn::Item], scope: &str) {
        let mut types = HashSet::new();
        let mut values = HashSet::new();
        for item in items {
            let (ty, value) = match item {
                syn::Item::Struct(s) => {
                    let value = !matches!(s.fields, syn::Fields::Named(_));
                    (Some(&s.ident), value.then_some(&s.ident))
                }
                syn::Item::Enum(e) => (Some(&e.ident), None),
                syn::Item::Type(t) => (Some(&t.ident), None),
                syn::Item::Mod(m) => (Some(&m.ident), None),
                syn::Item::Trait(t) => (Some(&t.ident), None),
                syn::Item::Fn(f) => (None, Some(&f.sig.ident)),
                syn::Item::Const(c) => (None, Some(&c.ident)),
                syn::Item::Static(s) => (None, Some(&s.ident)),
                _ => (None, None),
            };
            if let Some(ident) = ty
                && !types.insert(ident.to_string())
            {
                self.found
                    .push(format!("{scope} declares the type `{ident}` twice"));
            }
            if let Some(ident) = value
                && !values.insert(ident.to_string())
            {
                self.found
                    .push(format!("{scope} declares the value `{ident}` twice"));
            }
        }
    }

    fn repeated(&mut self, what: &str, names: impl IntoIterator<Item = String>) {
        let mut seen = HashSet::new();
        for name in names {
            if !seen.insert(name.clone()) {
                self.found.push(format!("{what} repeats `{name}`"));
            }
        }
    }
}

/// The value a `match` arm's pattern stands for, when it is a constant: a literal, a path
/// (`Self::Cat`), or a tuple of them. `None` for patterns that bind or test.
fn constant(pat: &syn::Pat) -> Option<String> {
    match pat {
        syn::Pat::Lit(lit) => Some(quote::ToTokens::to_token_stream(&lit.lit).to_string()),
        syn::Pat::Path(path) => Some(quote::ToTokens::to_token_stream(&path.path).to_string()),
        syn::Pat::TupleStruct(t) if t.elems.iter().all(|e| matches!(e, syn::Pat::Wild(_))) => {
            Some(quote::ToTokens::to_token_stream(&t.path).to_string() + "(..)")
        }
        _ => None,
    }
}

impl<'ast> Visit<'ast> for Finder {
    fn visit_item_mod(&mut self, module: &'ast syn::ItemMod) {
        if let Some((_, items)) = &module.content {
            self.items(items, &format!("module `{}`", module.ident));
        }
        syn::visit::visit_item_mod(self, module);
    }

    fn visit_item_struct(&mut self, s: &'ast syn::ItemStruct) {
        let fields = s.fields.iter().filter_map(|f| f.ident.as_ref());
        self.repeated(
            &format!("struct `{}`", s.ident),
            fields.map(ToString::to_string),
        );
        syn::visit::visit_item_struct(self, s);
    }

    fn visit_item_enum(&mut self, e: &'ast syn::ItemEnum) {
        let variants = e.variants.iter().map(|v| v.ident.to_string());
        self.repeated(&format!("enum `{}`", e.ident), variants);
        syn::visit::visit_item_enum(self, e);
    }

    fn visit_expr_match(&mut self, m: &'ast syn::ExprMatch) {
        let mut seen = HashSet::new();
        let mut after_wildcard = false;
        for arm in &m.arms {
            if after_wildcard {
                self.found.push("a `match` arm after a wildcard arm".into());
            }
            let alternatives: Vec<&syn::Pat> = match &arm.pat {
                syn::Pat::Or(or) => or.cases.iter().collect(),
                pat => vec![pat],
            };
            for pat in alternatives {
                // A guarded pattern (`Pat::Guard`) is neither a wildcard nor a constant.
                match pat {
                    syn::Pat::Wild(_) => after_wildcard = true,
                    syn::Pat::Ident(ident) if ident.subpat.is_none() => after_wildcard = true,
                    _ => {}
                }
                if let Some(value) = constant(pat)
                    && !seen.insert(value.clone())
                {
                    self.found.push(format!("two `match` arms for `{value}`"));
                }
            }
        }
        syn::visit::visit_expr_match(self, m);
    }

    fn visit_expr_struct(&mut self, s: &'ast syn::ExprStruct) {
        let members = s.fields.iter().map(|f| match &f.member {
            syn::Member::Named(ident) => ident.to_string(),
            syn::Member::Unnamed(index) => index.index.to_string(),
        });
        self.repeated("a struct expression", members);
        syn::visit::visit_expr_struct(self, s);
    }

    /// A list of string literals (`FIELDS`, the values `string_variant` reads): each entry
    /// is a wire name, and a second one could never be read.
    fn visit_expr_array(&mut self, array: &'ast syn::ExprArray) {
        let strings: Option<Vec<String>> = array
            .elems
            .iter()
            .map(|e| match e {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value()),
                _ => None,
            })
            .collect();
        if let Some(strings) = strings {
            self.repeated("a list of wire names", strings);
        }
        syn::visit::visit_expr_array(self, array);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn repetitions_are_found() {
        let code = r#"
            pub mod m {
                pub struct A { a: u8, a: u8 }
                pub enum A { X, X }
                fn f(v: &str) -> u8 {
                    const NAMES: &[&str] = &["a", "b", "a"];
                    match v { "a" | "b" => 1, "a" => 2, _ => 3, "c" => 4 }
                }
                fn g() -> B { B { x: 1, x: 2 } }
            }
        "#;
        let found = super::duplicates(code);
        for expected in [
            "module `m` declares the type `A` twice",
            "struct `A` repeats `a`",
            "enum `A` repeats `X`",
            "a list of wire names repeats `a`",
            "two `match` arms for `\"a\"`",
            "a `match` arm after a wildcard arm",
            "a struct expression repeats `x`",
        ] {
            assert!(found.iter().any(|f| f == expected), "{expected}: {found:?}");
        }
        assert!(super::duplicates("pub mod m { pub struct A; fn a() {} }").is_empty());
    }
}
