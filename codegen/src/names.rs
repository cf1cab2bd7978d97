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
    /// Per type, per field: the name of the function that checks the field's length.
    pub checks: Vec<Vec<Option<String>>>,
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
        let base = match &def.name {
            NameSource::Root(origin) => root_name(origin),
            NameSource::Child { parent, suffix } => {
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
    for id in ir.ids() {
        let (members, checks) = match &ir.get(id).kind {
            TypeKind::Struct(s) => {
                let mut used = HashSet::new();
                let fields: Vec<Named> = s
                    .fields
                    .iter()
                    .map(|f| {
                        let mut named = field_ident(&f.wire_name);
                        named.ident = unique(&named.ident, &mut used, "_");
                        named
                    })
                    .collect();
                let type_snake = names.ty(id).to_snake_case();
                let checks = s
                    .fields
                    .iter()
                    .zip(&fields)
                    .map(|(f, n)| {
                        let bare = n.ident.trim_start_matches("r#");
                        f.length.map(|_| format!("{type_snake}_{bare}"))
                    })
                    .collect();
                (fields, checks)
            }
            TypeKind::Enum(e) => (
                variants(e.values.iter().map(|v| (pascal(v), Some(v.as_str())))),
                Vec::new(),
            ),
            TypeKind::Union(u) => {
                let bases = u.variants.iter().map(|v| match &v.tag {
                    Some(tag) => (pascal(tag), Some(tag.as_str())),
                    None => (type_word(&v.ty, &names), None),
                });
                (variants(bases), Vec::new())
            }
            TypeKind::Alias(_) => (Vec::new(), Vec::new()),
        };
        names.members.push(members);
        names.checks.push(checks);
    }
    names
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
