//! The `names` pass: every Rust identifier in the output is decided here.
//!
//! The rules (documented in `docs/naming.md`):
//! - a named definition (`components/schemas/X`, `$defs/X`) is `X` in PascalCase;
//! - any other pointer: its segments (after `paths`, or after `components/schemas`), each in
//!   its escaped form with characters other than letters, digits, `-` and `_` dropped, split
//!   into words at `-` and `_` and case changes, PascalCased and joined;
//! - inline request bodies and responses: the operation id + `RequestBody` / `ResponseBody`
//!   (other than 2XX: `Response404`...);
//! - an operation's request type and response enum: the operation id + `Request` /
//!   `Response`; its inline parameter schemas: the operation id + `QueryParam` (`PathParam`,
//!   `HeaderParam`, `CookieParam`) + the schema's title or the parameter's name, with the
//!   title's capitals kept, as the Speakeasy SDKs name them;
//! - inline schemas inside a type: the parent's name + the property name (or `Item`, a title...);
//! - a leading digit is spelled out (`1` -> `One`); clashes get a number (`Pet2`).

use std::collections::{HashMap, HashSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::ir::{DefaultValue, Ir, NameSource, Prim, TypeId, TypeKind, TypeRef};
use crate::words::{Literal, Origin, Status};

/// An identifier and, where it differs, the name on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// A Rust identifier; raw identifiers keep their `r#`.
    pub ident: String,
    /// `Some(wire name)` when serde needs `#[serde(rename)]`.
    pub rename: Option<String>,
}

/// The names of one struct field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldNames {
    /// The field's identifier and, where it differs, its wire name.
    pub field: Named,
    /// The function that checks the field's validation keywords, if it has any.
    pub check: Option<String>,
    /// The function that returns the field's default, if it has one.
    pub default: Option<String>,
    /// The default function belongs to an earlier field with the same large default, which
    /// emits it: a default is written once per module however many fields refer to it.
    pub default_shared: bool,
}

/// The names inside one type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Members {
    /// An alias: nothing inside.
    #[default]
    None,
    Struct {
        /// One per field, in IR order.
        fields: Vec<FieldNames>,
        /// The flattened map of keys beyond the declared properties.
        extra: Option<String>,
    },
    /// Enums and unions.
    Variants {
        /// One per value (enums) or alternative (unions), in IR order.
        variants: Vec<Named>,
        /// The variant that keeps values an open enum does not list.
        unknown: Option<String>,
        /// One per union variant: the function that checks its validation keywords, if it
        /// has any.
        checks: Vec<Option<String>>,
    },
}

/// Every name of one type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeNames {
    pub ident: String,
    pub members: Members,
}

#[derive(Debug, Default)]
pub struct Names {
    /// Per document: the module name.
    pub modules: Vec<String>,
    /// Per type, by `TypeId`.
    types: Vec<TypeNames>,
    /// Per operation, by index in `Ir::operations`.
    pub operations: Vec<OperationNames>,
    /// Per document: the items over all its operations.
    pub module_items: Vec<ModuleItems>,
}

/// The items of a module that gather its operations, where it has any.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ModuleItems {
    /// The struct of a handler per operation that has a path (`Routes`).
    pub routes: Option<String>,
    /// The enum of the requests the API sends: webhooks and callbacks (`Webhook`).
    pub webhook: Option<String>,
}

/// The response enum of an operation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OperationNames {
    pub response: String,
    /// One per documented response, in IR order.
    pub variants: Vec<String>,
    /// The variant for a status no response documents (none when `default` is documented).
    pub undocumented: Option<String>,
    /// Its field in the module's `Routes` (an operation with a path), or its variant in the
    /// module's `Webhook` enum (a webhook or callback).
    pub member: String,
}

impl Names {
    pub fn ty(&self, id: TypeId) -> &str {
        &self.types[id.0 as usize].ident
    }

    /// A struct's fields; empty for other types.
    pub fn fields(&self, id: TypeId) -> &[FieldNames] {
        match &self.types[id.0 as usize].members {
            Members::Struct { fields, .. } => fields,
            _ => &[],
        }
    }

    /// A struct's map of extra keys, if it has one.
    pub fn extra(&self, id: TypeId) -> Option<&str> {
        match &self.types[id.0 as usize].members {
            Members::Struct { extra, .. } => extra.as_deref(),
            _ => None,
        }
    }

    /// An enum's or union's variants (without `Unknown`); empty for other types.
    pub fn variants(&self, id: TypeId) -> &[Named] {
        match &self.types[id.0 as usize].members {
            Members::Variants { variants, .. } => variants,
            _ => &[],
        }
    }

    /// An open enum's variant for values it does not list.
    pub fn unknown(&self, id: TypeId) -> Option<&str> {
        match &self.types[id.0 as usize].members {
            Members::Variants { unknown, .. } => unknown.as_deref(),
            _ => None,
        }
    }

    /// The function that checks a union variant's validation keywords, if it has any.
    pub fn variant_check(&self, id: TypeId, index: usize) -> Option<&str> {
        match &self.types[id.0 as usize].members {
            Members::Variants { checks, .. } => checks.get(index)?.as_deref(),
            _ => None,
        }
    }

    /// Every variant identifier, `Unknown` included.
    pub fn variant_idents(&self, id: TypeId) -> Vec<&str> {
        let known = self.variants(id).iter().map(|v| v.ident.as_str());
        known.chain(self.unknown(id)).collect()
    }
}

/// Names that would shadow what generated code itself uses: every name of Rust's prelude
/// (types, traits, and the constructors a tuple struct of the same name would hide).
const RESERVED_TYPE_NAMES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "DoubleEndedIterator",
    "Drop",
    "Eq",
    "Err",
    "ExactSizeIterator",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "FromIterator",
    "Future",
    "Into",
    "IntoFuture",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// Assigns every name. `documents` are the spec file stems, one module each.
pub fn assign_names(ir: &Ir, documents: &[String]) -> Names {
    let mut names = Names::default();
    let mut used_modules = Taken::default();
    for stem in documents {
        let base = field_ident(stem).ident;
        names.modules.push(unique(&base, &mut used_modules, "_"));
    }
    let module_of = |document: usize| document.min(documents.len().saturating_sub(1));
    let mut used_types: Vec<Taken> = vec![Taken::default(); documents.len().max(1)];
    for id in ir.ids() {
        let base = type_base(ir, id, &names);
        let used = &mut used_types[module_of(ir.get(id).document)];
        let ident = unique(&base, used, "");
        names.types.push(TypeNames {
            ident,
            members: Members::None,
        });
    }
    let mut used_fns: Vec<Taken> = vec![Taken::default(); documents.len().max(1)];
    let mut shared_defaults: Vec<HashMap<String, String>> =
        vec![HashMap::new(); documents.len().max(1)];
    for id in ir.ids() {
        let module = module_of(ir.get(id).document);
        let members = match &ir.get(id).kind {
            TypeKind::Struct(s) => {
                let module_fns = ModuleFns {
                    used: &mut used_fns[module],
                    shared_defaults: &mut shared_defaults[module],
                };
                struct_names(s, names.ty(id), module_fns, &ir.defaults)
            }
            TypeKind::Enum(e) => enum_members(e),
            TypeKind::Union(u) => union_members(ir, id, u, &names, &mut used_fns[module]),
            TypeKind::Alias(_) => Members::None,
        };
        names.types[id.0 as usize].members = members;
    }
    // Per module: the `Routes` fields taken, and the events' variant names to be made.
    type ModuleMembers<'a> = (Taken, Vec<(String, Option<&'a str>)>);
    let mut used_members: Vec<ModuleMembers> = vec![Default::default(); documents.len().max(1)];
    for operation in &ir.operations {
        let module = module_of(operation.document);
        let used = &mut used_types[module];
        let mut operation_names = operation_names(operation, used);
        let (handlers, events) = &mut used_members[module];
        match &operation.event {
            None => {
                let base = field_ident(&operation.name).ident;
                operation_names.member = unique(&base, handlers, "_");
            }
            Some(event) => events.push((pascal(event), None)),
        }
        names.operations.push(operation_names);
    }
    // Each module's event variants, named together so that they are unique.
    let mut variants_of: Vec<std::vec::IntoIter<Named>> = used_members
        .iter()
        .map(|(_, events)| variants(events.iter().cloned()).into_iter())
        .collect();
    for (operation, names) in ir.operations.iter().zip(&mut names.operations) {
        if operation.event.is_some() {
            let module = module_of(operation.document);
            names.member = variants_of[module].next().expect("one per event").ident;
        }
    }
    for (module, used) in used_types.iter_mut().enumerate().take(documents.len()) {
        let of_module = || {
            ir.operations
                .iter()
                .filter(|o| module_of(o.document) == module)
        };
        let routes = of_module()
            .any(|o| o.event.is_none())
            .then(|| unique("Routes", used, ""));
        let webhook = of_module()
            .any(|o| o.event.is_some())
            .then(|| unique("Webhook", used, ""));
        names.module_items.push(ModuleItems { routes, webhook });
    }
    names
}

/// The name a type would have before it is made unique in its module.
fn type_base(ir: &Ir, id: TypeId, names: &Names) -> String {
    let def = ir.get(id);
    let base = match (&def.rust_name, &def.name) {
        (Some(name), _) => pascal(name),
        (None, NameSource::Root(origin)) => root_name(origin),
        (None, NameSource::Child { parent, suffix }) => match request_of(ir, *parent) {
            // A parameter's inline type is named after the operation, not the request.
            Some(operation) => format!("{}{}", pascal(operation), pascal_keeping_case(suffix)),
            None => format!("{}{}", names.ty(*parent), pascal(suffix)),
        },
    };
    if RESERVED_TYPE_NAMES.contains(&base.as_str()) {
        format!("{base}Type")
    } else if base.is_empty() {
        // A name of symbols only (`""`, `~`, `!`): nothing of it survives.
        "Schema".to_string()
    } else {
        base
    }
}

/// An enum's variants, one per value, and `Unknown` for an open enum.
fn enum_members(e: &crate::ir::Enum) -> Members {
    let bases = e.values.iter().map(|v| match v {
        Literal::String(s) => (value_word(s), Some(s.as_str())),
        other => (literal_word(other), None),
    });
    // `Unknown` is named last so that a listed value keeps its natural name.
    let unknown = e.open.then(|| ("Unknown".to_string(), None));
    let mut variants = variants(bases.chain(unknown));
    let unknown = e.open.then(|| variants.pop().expect("named").ident);
    Members::Variants {
        variants,
        unknown,
        checks: Vec::new(),
    }
}

/// A union's variants, named by their own tag, their title or their type, and the check
/// functions of the variants that have checks (unique among the module's functions).
fn union_members(
    ir: &Ir,
    id: TypeId,
    u: &crate::ir::Union,
    names: &Names,
    used_fns: &mut Taken,
) -> Members {
    // A tag two branches share names neither: each is named by its type.
    let mut seen = HashMap::new();
    for v in &u.variants {
        if let Some(tag) = &v.tag {
            *seen.entry(tag.as_str()).or_insert(0) += 1;
        }
    }
    let own = |tag: &str| seen.get(tag) == Some(&1);
    let bases = u.variants.iter().map(|v| match (&v.tag, &v.name) {
        (Some(tag), _) if own(tag) => (pascal(tag), Some(tag.as_str())),
        (_, Some(title)) => (pascal(title), None),
        (_, None) => match &v.ty {
            // An inline branch: its own suffix, not the parent's name again.
            TypeRef::Named(child) => match &ir.get(*child).name {
                NameSource::Child { parent, suffix } if *parent == id => (pascal(suffix), None),
                _ => (type_word(&v.ty, names), None),
            },
            _ => (type_word(&v.ty, names), None),
        },
    });
    let variants = variants(bases);
    let type_snake = names.ty(id).to_snake_case();
    let checks = u
        .variants
        .iter()
        .zip(&variants)
        .map(|(v, named)| {
            let variant = named.ident.to_snake_case();
            v.checks.as_ref().map(|_| {
                let base = format!("check_{type_snake}_{variant}");
                unique(&base, used_fns, "_")
            })
        })
        .collect();
    Members::Variants {
        variants,
        unknown: None,
        checks,
    }
}

/// An operation's response enum and its variants, one per documented status, and
/// `Undocumented` where the spec has no `default` response.
fn operation_names(operation: &crate::ir::OperationDef, used: &mut Taken) -> OperationNames {
    let response = unique(&format!("{}Response", pascal(&operation.name)), used, "");
    let has_default = operation
        .responses
        .iter()
        .any(|r| r.status == Status::Default);
    let bases = operation
        .responses
        .iter()
        .map(|r| (status_word(&r.status), None))
        .chain((!has_default).then(|| ("Undocumented".to_string(), None)));
    let mut variants: Vec<String> = variants(bases).into_iter().map(|n| n.ident).collect();
    let undocumented = (!has_default).then(|| variants.pop().expect("named"));
    OperationNames {
        response,
        variants,
        undocumented,
        member: String::new(),
    }
}

/// The operation whose request struct `id` is.
fn request_of(ir: &Ir, id: TypeId) -> Option<&str> {
    match &ir.get(id).kind {
        TypeKind::Struct(s) => s.operation.map(|i| ir.operations[i].name.as_str()),
        _ => None,
    }
}

/// PascalCase that keeps a word's own capitals (`OrganizationID Filter` ->
/// `OrganizationIDFilter`), as the Speakeasy SDKs name parameter types.
fn pascal_keeping_case(text: &str) -> String {
    let words = ascii(text)
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect::<String>();
    spell_leading_digit(&words, true)
}

/// A response enum's variant for a status: its reason phrase (`NotFound`), the class of a
/// range (`ClientError` for `4XX`), `Default`, or `Status599`.
fn status_word(status: &Status) -> String {
    let code = match status {
        Status::Default => return "Default".into(),
        Status::Range(class) => {
            let word = [
                "Informational",
                "Success",
                "Redirection",
                "ClientError",
                "ServerError",
            ];
            return word[usize::from(class - 1)].into();
        }
        Status::Other(text) => {
            let kept: String = text.chars().filter(char::is_ascii_alphanumeric).collect();
            return format!("Status{kept}");
        }
        Status::Code(code) => code,
    };
    let word = match code {
        100 => "Continue",
        101 => "SwitchingProtocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "NonAuthoritativeInformation",
        204 => "NoContent",
        205 => "ResetContent",
        206 => "PartialContent",
        207 => "MultiStatus",
        300 => "MultipleChoices",
        301 => "MovedPermanently",
        302 => "Found",
        303 => "SeeOther",
        304 => "NotModified",
        307 => "TemporaryRedirect",
        308 => "PermanentRedirect",
        400 => "BadRequest",
        401 => "Unauthorized",
        402 => "PaymentRequired",
        403 => "Forbidden",
        404 => "NotFound",
        405 => "MethodNotAllowed",
        406 => "NotAcceptable",
        407 => "ProxyAuthenticationRequired",
        408 => "RequestTimeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "LengthRequired",
        412 => "PreconditionFailed",
        413 => "PayloadTooLarge",
        414 => "UriTooLong",
        415 => "UnsupportedMediaType",
        416 => "RangeNotSatisfiable",
        417 => "ExpectationFailed",
        418 => "ImATeapot",
        421 => "MisdirectedRequest",
        422 => "UnprocessableEntity",
        423 => "Locked",
        424 => "FailedDependency",
        425 => "TooEarly",
        426 => "UpgradeRequired",
        428 => "PreconditionRequired",
        429 => "TooManyRequests",
        431 => "RequestHeaderFieldsTooLarge",
        451 => "UnavailableForLegalReasons",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        505 => "HttpVersionNotSupported",
        507 => "InsufficientStorage",
        508 => "LoopDetected",
        511 => "NetworkAuthenticationRequired",
        _ => return format!("Status{code}"),
    };
    word.to_string()
}

/// The function names of one module: its check and default functions serve every type there.
struct ModuleFns<'a> {
    used: &'a mut Taken,
    /// Large defaults (by field type and value) and the function that returns each.
    shared_defaults: &'a mut HashMap<String, String>,
}

/// A struct's field identifiers, its extra map's, and its check and default functions.
fn struct_names(
    s: &crate::ir::Struct,
    type_ident: &str,
    module: ModuleFns<'_>,
    defaults: &[std::sync::Arc<str>],
) -> Members {
    let ModuleFns {
        used: used_fns,
        shared_defaults,
    } = module;
    let mut used = Taken::default();
    let type_snake = type_ident.to_snake_case();
    let fields = s
        .fields
        .iter()
        .map(|f| {
            let mut field = field_ident(f.rust_name.as_deref().unwrap_or(&f.wire_name));
            field.ident = unique(&field.ident, &mut used, "_");
            // Decided after `unique`, which may have changed the identifier.
            field.rename = (!f.flatten && field.ident.trim_start_matches("r#") != f.wire_name)
                .then(|| f.wire_name.clone());
            field
        })
        .collect::<Vec<Named>>();
    let extra = s.extra.as_ref().map(|_| unique("extra", &mut used, "_"));
    let fields = s
        .fields
        .iter()
        .zip(fields)
        .map(|(f, field)| {
            let bare = field.ident.trim_start_matches("r#").to_string();
            let mut function =
                |prefix: &str| unique(&format!("{prefix}_{type_snake}_{bare}"), used_fns, "_");
            let check = f.checks.as_ref().map(|_| function("check"));
            let (default, default_shared) = match &f.default {
                None => (None, false),
                // A long default's text is interned: its index names it. One function per
                // module serves every field with the same type, presence, boxing and default.
                Some(DefaultValue::Json(index, _))
                    if defaults[*index].len() > crate::ir::SHARED_DEFAULT_LEN =>
                {
                    let text = format!("{:?}|{:?}|{}|{index}", f.ty, f.presence, f.boxed);
                    if let Some(owner) = shared_defaults.get(&text) {
                        (Some(owner.clone()), true)
                    } else {
                        let name = function("default");
                        shared_defaults.insert(text, name.clone());
                        (Some(name), false)
                    }
                }
                Some(_) => (Some(function("default")), false),
            };
            FieldNames {
                check,
                default,
                default_shared,
                field,
            }
        })
        .collect();
    Members::Struct { fields, extra }
}

/// A variant name for a string value. A leading sign is spelled out, so `+1` and `-1` stay
/// apart.
fn value_word(value: &str) -> String {
    match leading_sign(value) {
        Some((sign, rest)) => format!("{sign}{}", rest.to_upper_camel_case()),
        None => pascal(value),
    }
}

/// A leading `+` or `-` spelled out, and what follows it: `-created_at` is a descending sort
/// key, `+1` a reaction, and the sign is what tells them from `created_at` and `1`. Fields and
/// variants spell it alike (`minus_created_at`, `MinusCreatedAt`), as Polar's SDKs do
/// (`MINUS_CREATED_AT`).
fn leading_sign(text: &str) -> Option<(&'static str, &str)> {
    if let Some(rest) = text.strip_prefix('+') {
        return Some(("Plus", rest));
    }
    text.strip_prefix('-').map(|rest| ("Minus", rest))
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
    let mut used = Taken::default();
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
            let text = path.text();
            let base = text.split('<').next().unwrap_or(text);
            pascal(base.rsplit("::").next().unwrap_or(base))
        }
        TypeRef::Any => "Value".into(),
        TypeRef::Null => "Null".into(),
    }
}

fn root_name(origin: &Origin) -> String {
    match origin {
        Origin::Definition(name) | Origin::Document(name) => pascal(name),
        Origin::Pointer(pointer) => pointer_name(pointer),
        Origin::RequestBody { operation, .. } => format!("{}RequestBody", pascal(operation)),
        Origin::Request { operation } => format!("{}Request", pascal(operation)),
        Origin::ResponseHeaders { operation, status } => {
            format!(
                "{}{}Headers",
                pascal(operation),
                status_word(&Status::parse(status))
            )
        }
        Origin::ResponseContent { operation, status } => {
            format!(
                "{}{}Content",
                pascal(operation),
                status_word(&Status::parse(status))
            )
        }
        // `{Op}Response` is the operation's response enum.
        Origin::Response {
            operation, status, ..
        } if Status::parse(status).is_success() => {
            format!("{}ResponseBody", pascal(operation))
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
            let kept: String = ascii(segment)
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
    spell_leading_digit(&ascii(text).to_upper_camel_case(), true)
}

/// Identifiers are plain ASCII, so no name trips rustc's Unicode lints (`non_snake_case` on
/// `ǅ`, confusable or mixed scripts): other characters are transliterated (`ǅemal` ->
/// `DZemal`, `ﬁle` -> `file`, `Ⅻ` -> `XII`, `m²` -> `m2`, `π` -> `p`).
///
/// A name is made from at most the first [`MAX_NAME_SOURCE`] characters of its text: a
/// hostile 100 MB key or enum value would otherwise be copied into every identifier made
/// from it. (Real names stay far below it: the longest in the corpus is about 250.)
fn ascii(text: &str) -> std::borrow::Cow<'_, str> {
    let text = match text.char_indices().nth(MAX_NAME_SOURCE) {
        Some((cut, _)) => &text[..cut],
        None => text,
    };
    if text.is_ascii() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(deunicode::deunicode(text))
    }
}

/// See [`ascii`].
const MAX_NAME_SOURCE: usize = 1024;

/// The field (or module) identifier for a wire name: snake_case, keywords made raw.
pub fn field_ident(wire: &str) -> Named {
    let snake = match leading_sign(wire) {
        Some((sign, rest)) => {
            let rest = ascii(rest).to_snake_case();
            let separator = if rest.is_empty() { "" } else { "_" };
            format!("{}{separator}{rest}", sign.to_lowercase())
        }
        None => spell_leading_digit(&ascii(wire).to_snake_case(), false),
    };
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

/// The names taken in one scope, and for each stem the next number to try, so that 100,000
/// names that collide cost linear time, not quadratic.
#[derive(Clone, Default)]
struct Taken {
    names: HashSet<String>,
    next: HashMap<String, u32>,
}

/// `base`, or `base` with the first free number (`Pet2`, `self_2`): a raw identifier loses its
/// `r#` and a trailing `_` is not doubled, so the result stays lint-clean snake or Pascal case.
fn unique(base: &str, taken: &mut Taken, separator: &str) -> String {
    if taken.names.insert(base.to_string()) {
        return base.to_string();
    }
    let stem = base.trim_start_matches("r#").trim_end_matches('_');
    let next = taken.next.entry(format!("{stem}{separator}")).or_insert(2);
    loop {
        let candidate = format!("{stem}{separator}{next}");
        *next += 1;
        if taken.names.insert(candidate.clone()) {
            return candidate;
        }
    }
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
    fn parameter_types_keep_the_titles_capitals_as_speakeasy_does() {
        assert_eq!(
            format!(
                "{}{}",
                pascal("orders:list"),
                pascal_keeping_case("QueryParam OrganizationID Filter")
            ),
            "OrdersListQueryParamOrganizationIDFilter"
        );
        assert_eq!(pascal_keeping_case("PathParam pet_id"), "PathParamPetId");
        let word = |text: &str| status_word(&Status::parse(text));
        assert_eq!(word("422"), "UnprocessableEntity");
        assert_eq!(word("4xx"), "ClientError");
        assert_eq!(word("default"), "Default");
        assert_eq!(word("299"), "Status299");
        assert_eq!(word("2X0"), "Status2X0");
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
        // `GetPetResponse` is the operation's response enum.
        assert_eq!(root_name(&ok), "GetPetResponseBody");
        let request = Origin::Request {
            operation: "orders:list".into(),
        };
        assert_eq!(root_name(&request), "OrdersListRequest");
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
            ("ǅemal", "dzemal", Some("ǅemal")),
            ("ﬁle", "file", Some("ﬁle")),
            ("m²", "m2", Some("m²")),
            ("Ⅻ", "xii", Some("Ⅻ")),
            ("+1", "plus_1", Some("+1")),
            ("-1", "minus_1", Some("-1")),
            ("-created_at", "minus_created_at", Some("-created_at")),
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
