//! What the Prism harness needs of the generated code, read with `syn`: every operation's
//! request type (its method, path, parameters and fields), the response enum it names, and
//! each body content enum's variants by media type.
//!
//! The fuzz targets' build script reads the operation fixtures' request types with it too
//! (`fuzz/build.rs`).

use std::collections::HashMap;

use quote::ToTokens;
use syn::{Expr, ImplItem, Item, Lit};

/// One operation's request type, as generated.
pub struct RequestCode {
    /// `module::Type`.
    pub path: String,
    pub method: String,
    pub template: String,
    /// `(name, location)` of each parameter, in `PARAMETERS` order: the struct's first fields.
    pub params: Vec<(String, String)>,
    /// The struct's fields: identifier and type as written. Empty when the request is the
    /// body's own type (an enum, or a struct that is the body).
    pub fields: Vec<(String, String)>,
    /// The request type is a struct of parameters and body (not the body itself).
    pub is_struct_of_parameters: bool,
    /// Its place in the module's `Routes`: `(module::Routes, field)`.
    pub route: Option<(String, String)>,
}

/// Content enums by name: their variants and the media type of each.
pub type ContentEnums = HashMap<String, Vec<(String, String)>>;

pub fn read(code: &str) -> (Vec<RequestCode>, ContentEnums) {
    let file = syn::parse_file(code).expect("generated code parses");
    let mut operations = Vec::new();
    let mut content = ContentEnums::new();
    for item in &file.items {
        let Item::Mod(module) = item else { continue };
        let module_name = module.ident.to_string();
        let items = module
            .content
            .as_ref()
            .map(|(_, items)| items.as_slice())
            .unwrap_or(&[]);
        let mut structs: HashMap<String, Vec<(String, String)>> = HashMap::new();
        let mut consts: HashMap<String, Constants> = HashMap::new();
        let mut requests = Vec::new();
        // Types that are JSON values: a request struct of parameters is not one.
        let mut serde_types = std::collections::HashSet::new();
        // Request type -> (the routes struct, its field).
        let mut routes: HashMap<String, (String, String)> = HashMap::new();
        for item in items {
            match item {
                Item::Struct(s) => {
                    for field in &s.fields {
                        let ty = field.ty.to_token_stream().to_string();
                        let Some(rest) = ty.split("server :: Route < ").nth(1) else {
                            continue;
                        };
                        let request = rest.split(" ,").next().unwrap_or("").trim().to_string();
                        if let Some(ident) = &field.ident {
                            routes.insert(
                                request,
                                (format!("{module_name}::{}", s.ident), ident.to_string()),
                            );
                        }
                    }
                    let derives = s
                        .attrs
                        .iter()
                        .any(|a| a.to_token_stream().to_string().contains("Serialize"));
                    if derives {
                        serde_types.insert(s.ident.to_string());
                    }
                    let fields = s
                        .fields
                        .iter()
                        .filter_map(|f| {
                            Some((
                                f.ident.as_ref()?.to_string(),
                                f.ty.to_token_stream().to_string(),
                            ))
                        })
                        .collect();
                    structs.insert(s.ident.to_string(), fields);
                }
                Item::Enum(e) => {
                    let variants: Vec<(String, String)> = e
                        .variants
                        .iter()
                        .filter_map(|v| {
                            let doc = v.attrs.iter().find_map(|a| {
                                let text = a.to_token_stream().to_string();
                                let start = text.find("Sent as `")? + "Sent as `".len();
                                let end = text[start..].find('`')?;
                                Some(text[start..start + end].to_string())
                            })?;
                            Some((v.ident.to_string(), doc))
                        })
                        .collect();
                    if !variants.is_empty() {
                        content.insert(e.ident.to_string(), variants);
                    }
                }
                Item::Impl(imp) => {
                    let ty = imp.self_ty.to_token_stream().to_string();
                    match &imp.trait_ {
                        Some((path, _)) => {
                            let last = path.segments.last().map(|s| s.ident.to_string());
                            match last.as_deref() {
                                Some("Operation") => requests.push(ty),
                                Some("Serialize") => {
                                    serde_types.insert(ty);
                                }
                                _ => {}
                            }
                        }
                        None => {
                            if let Some(found) = constants(&imp.items) {
                                consts.insert(ty, found);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        for ty in requests {
            let Some((method, template, params)) = consts.remove(&ty) else {
                continue;
            };
            let fields = structs.get(&ty).cloned().unwrap_or_default();
            let is_struct_of_parameters = structs.contains_key(&ty) && !serde_types.contains(&ty);
            operations.push(RequestCode {
                path: format!("{module_name}::{ty}"),
                method,
                template,
                params,
                fields: if is_struct_of_parameters {
                    fields
                } else {
                    Vec::new()
                },
                is_struct_of_parameters,
                route: routes.get(&ty).cloned(),
            });
        }
    }
    (operations, content)
}

type Constants = (String, String, Vec<(String, String)>);

/// `METHOD`, `PATH` and the `PARAMETERS` of an inherent impl, if it has them.
fn constants(items: &[ImplItem]) -> Option<Constants> {
    let mut method = None;
    let mut path = None;
    let mut params = Vec::new();
    for item in items {
        let ImplItem::Const(c) = item else { continue };
        match (c.ident.to_string().as_str(), &c.expr) {
            ("METHOD", Expr::Lit(lit)) => method = string(&lit.lit),
            ("PATH", Expr::Lit(lit)) => path = string(&lit.lit),
            ("PARAMETERS", Expr::Array(array)) => {
                for element in &array.elems {
                    let Expr::Struct(param) = element else {
                        continue;
                    };
                    let field = |name: &str| {
                        param
                            .fields
                            .iter()
                            .find(|f| f.member.to_token_stream().to_string() == name)
                    };
                    let name = field("name").and_then(|f| match &f.expr {
                        Expr::Lit(lit) => string(&lit.lit),
                        _ => None,
                    })?;
                    let location = field("location").and_then(|f| match &f.expr {
                        Expr::Path(p) => p.path.segments.last().map(|s| s.ident.to_string()),
                        _ => None,
                    })?;
                    params.push((name, location));
                }
            }
            _ => {}
        }
    }
    Some((method?, path?, params))
}

fn string(lit: &Lit) -> Option<String> {
    match lit {
        Lit::Str(s) => Some(s.value()),
        _ => None,
    }
}
