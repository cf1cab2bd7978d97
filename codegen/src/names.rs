//! Pass 4, `assign_names`: every Rust identifier in the output is decided here.
//!
//! The rules (documented in the README):
//! - a named definition (`components/schemas/X`, `$defs/X`) is `X` in PascalCase;
//! - any other pointer: its segments (after `paths`, or after `components/schemas`), each in
//!   its escaped form with characters other than letters, digits, `-` and `_` dropped, split
//!   into words at `-` and `_` and case changes, PascalCased and joined;
//! - inline request bodies and responses: the operation id + `RequestBody` / `Response`;
//! - inline schemas inside a type: the parent's name + the property name (or `Item`, a title...);
//! - a leading digit is spelled out (`1` -> `One`); clashes get a number (`Pet2`).

use std::collections::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::{Ir, NameSource, Prim, TypeId, TypeKind, TypeRef};
use crate::resolve::Origin;
use crate::schema::Literal;

/// An identifier and, where it differs, the name on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// A Rust identifier; raw identifiers keep their `r#`.
    pub ident: String,
    /// `Some(wire name)` when serde needs `#[serde(rename)]`.
    pub rename: Option<String>,
}

#[derive(Debug, Default)]
pub struct Names {
    /// Per document: the module name.
    pub modules: Vec<String>,
    /// Per type.
    pub types: Vec<String>,
    /// Per type: its fields (structs) or variants (enums, unions), in IR order.
    pub members: Vec<Vec<Named>>,
    /// Per type, per field: the function that checks the field's validation keywords.
    pub checks: Vec<Vec<Option<String>>>,
    /// Per type, per field: the function that returns the field's default.
    pub defaults: Vec<Vec<Option<String>>>,
}

impl Names {
    pub fn ty(&self, id: TypeId) -> &str {
        &self.types[id.0 as usize]
    }

    pub fn members(&self, id: TypeId) -> &[Named] {
        &self.members[id.0 as usize]
    }
}

/// Names that would shadow what generated code itself uses.
const RESERVED_TYPE_NAMES: &[&str] = &["Option", "Result", "String", "Vec", "Box", "Self"];

/// Assigns every name. `documents` are the spec file stems, one module each.
pub fn assign_names(ir: &Ir, documents: &[String]) -> Names {
    let mut names = Names::default();
    let mut used_modules = HashSet::new();
    for stem in documents {
        let base = field_ident(stem).ident;
        names.modules.push(unique(&base, &mut used_modules, "_"));
    }
    let mut used_types: Vec<HashSet<String>> = vec![HashSet::new(); documents.len().max(1)];
    for id in ir.ids() {
        let def = ir.get(id);
        let base = match (&def.rust_name, &def.name) {
            (Some(name), _) => pascal(name),
            (None, NameSource::Root(origin)) => root_name(origin),
            (None, NameSource::Child { parent, suffix }) => {
                format!("{}{}", names.ty(*parent), pascal(suffix))
            }
        };
        let base = if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
            format!("{base}Type")
        } else {
            base
        };
        let used = &mut used_types[def.document.min(documents.len().saturating_sub(1))];
        names.types.push(unique(&base, used, ""));
    }
    let mut used_fns: Vec<HashSet<String>> = vec![HashSet::new(); documents.len().max(1)];
    for id in ir.ids() {
        let (mut members, mut checks, mut defaults) = (Vec::new(), Vec::new(), Vec::new());
        match &ir.get(id).kind {
            TypeKind::Struct(s) => {
                let mut used = HashSet::new();
                members = s
                    .fields
                    .iter()
                    .map(|f| {
                        let mut named = field_ident(f.rust_name.as_deref().unwrap_or(&f.wire_name));
                        named.ident = unique(&named.ident, &mut used, "_");
                        // Decided after `unique`, which may have changed the identifier.
                        named.rename = (!f.flatten
                            && named.ident.trim_start_matches("r#") != f.wire_name)
                            .then(|| f.wire_name.clone());
                        named
                    })
                    .collect();
                if s.extra.is_some() {
                    let ident = unique("extra", &mut used, "_");
                    members.push(Named {
                        ident,
                        rename: None,
                    });
                }
                let type_snake = names.ty(id).to_snake_case();
                let used_fns =
                    &mut used_fns[ir.get(id).document.min(documents.len().saturating_sub(1))];
                for (field, named) in s.fields.iter().zip(&members) {
                    let bare = named.ident.trim_start_matches("r#");
                    let mut function = |prefix: &str| {
                        unique(&format!("{prefix}_{type_snake}_{bare}"), used_fns, "_")
                    };
                    checks.push(field.checks.as_ref().map(|_| function("check")));
                    defaults.push(field.default.as_ref().map(|_| function("default")));
                }
            }
            TypeKind::Enum(e) => {
                let mut bases: Vec<(String, Option<&str>)> = e
                    .values
                    .iter()
                    .map(|v| match v {
                        Literal::String(s) => (value_word(s), Some(s.as_str())),
                        other => (literal_word(other), None),
                    })
                    .collect();
                if e.open {
                    bases.push(("Unknown".to_string(), None));
                }
                members = variants(bases.into_iter());
            }
            TypeKind::Union(u) => {
                let bases = u.variants.iter().map(|v| match (&v.tag, &v.name) {
                    (Some(tag), _) => (pascal(tag), Some(tag.as_str())),
                    (None, Some(title)) => (pascal(title), None),
                    (None, None) => match &v.ty {
                        // An inline branch: its own suffix, not the parent's name again.
                        TypeRef::Named(child) => match &ir.get(*child).name {
                            NameSource::Child { parent, suffix } if *parent == id => {
                                (pascal(suffix), None)
                            }
                            _ => (type_word(&v.ty, &names), None),
                        },
                        _ => (type_word(&v.ty, &names), None),
                    },
                });
                members = variants(bases);
            }
            TypeKind::Alias(_) => {}
        }
        names.members.push(members);
        names.checks.push(checks);
        names.defaults.push(defaults);
    }
    names
}

/// A variant name for a string value. A leading sign is spelled out, so `+1` and `-1` stay
/// apart.
fn value_word(value: &str) -> String {
    if let Some(rest) = value.strip_prefix('+') {
        return format!("Plus{}", rest.to_upper_camel_case());
    }
    if let Some(rest) = value.strip_prefix('-')
        && rest.starts_with(|c: char| c.is_ascii_digit())
    {
        return format!("Minus{}", rest.to_upper_camel_case());
    }
    pascal(value)
}

/// A variant name for a number or boolean value: `200` -> `Value200`, `-1` -> `ValueMinus1`,
/// `1.5` -> `Value1Point5`.
fn literal_word(value: &Literal) -> String {
    let number = |text: String| {
        let text = text
            .replace('-', "Minus")
            .replace('.', "Point")
            .replace('+', "");
        format!("Value{text}")
    };
    match value {
        Literal::Bool(true) => "True".into(),
        Literal::Bool(false) => "False".into(),
        Literal::Int(i) => number(i.to_string()),
        Literal::UInt(u) => number(u.to_string()),
        Literal::Float(f) => number(f.to_string()),
        Literal::String(s) => value_word(s),
        Literal::Null | Literal::Composite => "Value".into(),
    }
}

/// Variant names, made unique; `rename` is set wherever the wire value differs.
fn variants<'a>(bases: impl Iterator<Item = (String, Option<&'a str>)>) -> Vec<Named> {
    let mut used = HashSet::new();
    bases
        .map(|(base, wire)| {
            let base = match base.as_str() {
                "" => "Empty".to_string(),
                // `Self` is a keyword even as a variant name.
                "Self" => "SelfValue".to_string(),
                _ => base,
            };
            let ident = unique(&base, &mut used, "");
            let rename = wire.filter(|w| *w != ident).map(str::to_string);
            Named { ident, rename }
        })
        .collect()
}

/// A variant name for an untagged union branch, from what the branch is.
fn type_word(ty: &TypeRef, names: &Names) -> String {
    match ty {
        TypeRef::Named(id) => names.ty(*id).to_string(),
        TypeRef::Prim(Prim::String) => "String".into(),
        TypeRef::Prim(Prim::Bool) => "Boolean".into(),
        TypeRef::Prim(Prim::F32 | Prim::F64) => "Number".into(),
        TypeRef::Prim(_) => "Integer".into(),
        TypeRef::Vec(_) => "Array".into(),
        TypeRef::Map(_) => "Object".into(),
        TypeRef::Option(inner) => type_word(inner, names),
        TypeRef::Tuple(_) => "Tuple".into(),
        TypeRef::External(path, _) => {
            let base = path.split('<').next().unwrap_or(path);
            pascal(base.rsplit("::").next().unwrap_or(base))
        }
        TypeRef::Any => "Value".into(),
    }
}

fn root_name(origin: &Origin) -> String {
    match origin {
        Origin::Definition(name) | Origin::Document(name) => pascal(name),
        Origin::Pointer(pointer) => pointer_name(pointer),
        Origin::RequestBody { operation, .. } => format!("{}RequestBody", pascal(operation)),
        Origin::Response {
            operation, status, ..
        } if status.starts_with('2') => {
            format!("{}Response", pascal(operation))
        }
        Origin::Response {
            operation, status, ..
        } => {
            // The status follows a word, so its digits need no spelling out.
            format!(
                "{}Response{}",
                pascal(operation),
                status.to_upper_camel_case()
            )
        }
    }
}

/// `#/paths/~1v1~1oauth2~1token/post/x-components/RefreshTokenRequest` ->
/// `Onev11oauth21tokenPostXComponentsRefreshTokenRequest`.
pub fn pointer_name(pointer: &str) -> String {
    let path = pointer.trim_start_matches('#').trim_start_matches('/');
    let rest = ["paths/", "components/schemas/", "$defs/", "definitions/"]
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))
        .unwrap_or(path);
    let joined: String = rest
        .split('/')
        .map(|segment| {
            let kept: String = segment
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                .collect();
            kept.to_upper_camel_case()
        })
        .collect();
    spell_leading_digit(&joined, true)
}

/// PascalCase for type and variant names; any non-alphanumeric character splits words.
pub fn pascal(text: &str) -> String {
    spell_leading_digit(&text.to_upper_camel_case(), true)
}

/// The field (or module) identifier for a wire name: snake_case, keywords made raw.
pub fn field_ident(wire: &str) -> Named {
    let snake = spell_leading_digit(&wire.to_snake_case(), false);
    let mut ident = if snake.is_empty() {
        "field".to_string()
    } else {
        snake
    };
    if matches!(ident.as_str(), "self" | "super" | "crate" | "extern" | "_") {
        ident.push('_');
    }
    let rename = (ident != wire).then(|| wire.to_string());
    if is_keyword(&ident) {
        ident = format!("r#{ident}");
    }
    Named { ident, rename }
}

fn spell_leading_digit(text: &str, pascal: bool) -> String {
    const DIGITS: [&str; 10] = [
        "Zero", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine",
    ];
    match text.chars().next().and_then(|c| c.to_digit(10)) {
        Some(d) => {
            let word = DIGITS[d as usize];
            let rest = &text[1..];
            // The rest is kept as it is: `1v1` -> `Onev1`, as Polar's SDKs name it.
            if pascal {
                format!("{word}{rest}")
            } else {
                let separator = if rest.starts_with('_') || rest.is_empty() {
                    ""
                } else {
                    "_"
                };
                format!("{}{separator}{rest}", word.to_lowercase())
            }
        }
        None => text.to_string(),
    }
}

fn unique(base: &str, used: &mut HashSet<String>, separator: &str) -> String {
    let mut candidate = base.to_string();
    let mut n = 2;
    while !used.insert(candidate.clone()) {
        candidate = format!("{base}{separator}{n}");
        n += 1;
    }
    candidate
}

fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "break"
            | "const"
            | "continue"
            | "else"
            | "enum"
            | "false"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "true"
            | "type"
            | "unsafe"
            | "use"
            | "where"
            | "while"
            | "async"
            | "await"
            | "dyn"
            | "abstract"
            | "become"
            | "box"
            | "do"
            | "final"
            | "macro"
            | "override"
            | "priv"
            | "typeof"
            | "unsized"
            | "virtual"
            | "yield"
            | "try"
            | "gen"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointer_names_match_the_polar_sdks() {
        assert_eq!(
            pointer_name("#/paths/~1v1~1oauth2~1token/post/x-components/RefreshTokenRequest"),
            "Onev11oauth21tokenPostXComponentsRefreshTokenRequest"
        );
        assert_eq!(
            pointer_name(
                "#/paths/~1v1~1oauth2~1token/post/x-components/AuthorizationCodeTokenRequest"
            ),
            "Onev11oauth21tokenPostXComponentsAuthorizationCodeTokenRequest"
        );
        assert_eq!(
            pointer_name("#/components/schemas/Pet/properties/owner"),
            "PetPropertiesOwner"
        );
        assert_eq!(pointer_name("#/components/schemas/a.b"), "Ab");
    }

    #[test]
    fn root_names() {
        let body = Origin::RequestBody {
            operation: "oauth2:request_token".into(),
            endpoint: "POST /v1/oauth2/token".into(),
        };
        assert_eq!(root_name(&body), "Oauth2RequestTokenRequestBody");
        let ok = Origin::Response {
            operation: "getPet".into(),
            endpoint: "GET /pets/{id}".into(),
            status: "200".into(),
        };
        assert_eq!(root_name(&ok), "GetPetResponse");
        let missing = Origin::Response {
            operation: "getPet".into(),
            endpoint: "GET /pets/{id}".into(),
            status: "404".into(),
        };
        assert_eq!(root_name(&missing), "GetPetResponse404");
        assert_eq!(
            root_name(&Origin::Definition("checkout.session".into())),
            "CheckoutSession"
        );
    }

    #[test]
    fn field_idents() {
        let cases = [
            ("grant_type", "grant_type", None),
            ("type", "r#type", None),
            ("clientId", "client_id", Some("clientId")),
            ("self", "self_", Some("self")),
            ("2fa", "two_fa", Some("2fa")),
            ("$", "field", Some("$")),
        ];
        for (wire, ident, rename) in cases {
            let named = field_ident(wire);
            assert_eq!(named.ident, ident, "{wire}");
            assert_eq!(named.rename.as_deref(), rename, "{wire}");
        }
    }

    #[test]
    fn variants_rename_only_where_needed_and_never_clash() {
        let named = variants(
            [
                ("refresh_token", "refresh_token"),
                ("Bearer", "Bearer"),
                ("", ""),
                ("bearer", "bearer"),
                ("self", "self"),
            ]
            .into_iter()
            .map(|(v, w)| (pascal(v), Some(w))),
        );
        let idents: Vec<_> = named.iter().map(|n| n.ident.as_str()).collect();
        assert_eq!(
            idents,
            ["RefreshToken", "Bearer", "Empty", "Bearer2", "SelfValue"]
        );
        assert_eq!(named[0].rename.as_deref(), Some("refresh_token"));
        assert_eq!(named[1].rename, None);
    }
}
