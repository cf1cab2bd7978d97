//! Pass `select` (after `names`, only with [`crate::Config::operation_tags`],
//! [`crate::Config::operation_paths`] or [`crate::Config::only_types`]): which types the
//! output keeps. The operations that carry a selected tag or sit under a selected path, the
//! types named, and every type they reach; nothing else. It runs after
//! naming so that no name depends on the selection: selecting one more tag or type (or
//! enabling one more cargo feature) adds types and renames none.

use std::collections::{HashMap, HashSet};

use crate::diag::{Code, Diagnostics};
use crate::ir::{Ir, TypeId, TypeKind, TypeRef};
use crate::names::Names;

/// What the output keeps, when not everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    /// Operations by tag.
    pub tags: Option<TagFilter>,
    /// Types by Rust name or JSON pointer, and what they reach; `*` is a wildcard (`glob`).
    pub types: Vec<String>,
    /// Operations by path prefix, whole segments: `/v1/customers`.
    pub paths: Vec<String>,
}

impl Selection {
    /// Whether anything is left out at all.
    pub fn is_active(&self) -> bool {
        self.tags.is_some() || !self.types.is_empty() || !self.paths.is_empty()
    }

    /// What is kept, in words, for the output's header; each name quoted as a Rust string
    /// literal, so that no name can end the comment's line.
    pub fn describe(&self) -> Option<String> {
        let quoted = |names: &[String]| {
            let quoted: Vec<String> = names.iter().map(|n| format!("{n:?}")).collect();
            quoted.join(", ")
        };
        let mut parts = Vec::new();
        match &self.tags {
            Some(TagFilter::Given(tags)) => {
                parts.push(format!("the operations tagged {}", quoted(tags)))
            }
            Some(TagFilter::Features) => {
                parts.push("the operations with a tag that an enabled cargo feature names".into())
            }
            None => {}
        }
        if !self.paths.is_empty() {
            parts.push(format!("the operations under {}", quoted(&self.paths)));
        }
        if !self.types.is_empty() {
            parts.push(format!("the types {}", quoted(&self.types)));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

/// Which operations' tags are selected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TagFilter {
    /// Given to [`crate::Config::operation_tags`]; a tag no operation has is reported.
    Given(Vec<String>),
    /// The build script's enabled cargo features, [`crate::Config::operation_tags_from_features`]:
    /// any feature may also be unrelated to tags, so none is reported.
    Features,
}

impl TagFilter {
    /// The keys of the selected tags (see [`tag_key`]).
    fn keys(&self) -> HashSet<String> {
        match self {
            TagFilter::Given(tags) => tags.iter().map(|t| tag_key(t)).collect(),
            // Cargo sets `CARGO_FEATURE_<NAME>` for each enabled feature of the package
            // whose build script runs.
            TagFilter::Features => std::env::vars_os()
                .filter_map(|(name, _)| {
                    let name = name.into_string().ok()?;
                    Some(tag_key(name.strip_prefix("CARGO_FEATURE_")?))
                })
                .collect(),
        }
    }
}

/// Tags and features compare as cargo names a feature's environment variable: upper case,
/// with everything but ASCII letters and digits as `_`. So the tag `Pull Requests` is
/// selected by the feature `pull-requests` (`CARGO_FEATURE_PULL_REQUESTS`).
pub fn tag_key(tag: &str) -> String {
    tag.chars()
        .map(|c| match c.is_ascii_alphanumeric() {
            true => c.to_ascii_uppercase(),
            false => '_',
        })
        .collect()
}

/// The cargo feature name that selects `tag`: lower case, every other character `-` (but a
/// leading one `_`, where cargo wants a letter, digit or `_`), so that its `CARGO_FEATURE_`
/// variable has the tag's key.
pub fn feature_name(tag: &str) -> String {
    let mut name = String::with_capacity(tag.len());
    for c in tag.chars() {
        name.push(match c {
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ if name.is_empty() => '_',
            _ => '-',
        });
    }
    name
}

/// Every tag of the operations, in the order first seen, with how many operations carry it.
pub fn tags(ir: &Ir) -> Vec<(String, usize)> {
    let mut counts: indexmap::IndexMap<&str, usize> = indexmap::IndexMap::new();
    for operation in &ir.operations {
        // A tag listed twice on one operation counts once (a set: a hostile spec may list
        // thousands).
        let mut seen = HashSet::new();
        for tag in operation
            .tags
            .iter()
            .filter(|tag| seen.insert(tag.as_str()))
        {
            *counts.entry(tag.as_str()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(t, n)| (t.to_string(), n))
        .collect()
}

/// Per type, whether the output keeps it.
pub fn select(ir: &Ir, names: &Names, selection: &Selection, cx: &mut Diagnostics) -> Vec<bool> {
    let mut reach = Vec::new();
    // Given tags that no operation has: known from this scan, so that the specs' tags are
    // listed again only to report them.
    let mut unmatched_tags = Vec::new();
    if let Some(filter) = &selection.tags {
        let wanted = filter.keys();
        let mut matched = HashSet::new();
        for operation in &ir.operations {
            let mut selected = false;
            for key in operation.tags.iter().map(|t| tag_key(t)) {
                if wanted.contains(&key) {
                    selected = true;
                    matched.insert(key);
                }
            }
            if selected {
                reach.push(operation.request);
            }
        }
        if let TagFilter::Given(tags) = filter {
            unmatched_tags = tags
                .iter()
                .filter(|t| !matched.contains(&tag_key(t)))
                .collect();
        }
    }
    for prefix in &selection.paths {
        let before = reach.len();
        let under = ir.operations.iter().filter(|o| under(&o.path, prefix));
        reach.extend(under.map(|o| o.request));
        if reach.len() == before {
            cx.report_setting(
                Code::UnmatchedSelection,
                format!("`operation_paths`: no operation's path is `{prefix}` or under it"),
            )
            .note("a prefix matches whole segments: `/v1/customers` selects `/v1/customers/{id}`, not `/v1/customers_x`");
        }
    }
    for given in &selection.types {
        let before = reach.len();
        let is_pattern = given.contains('*');
        reach.extend(ir.ids().filter(|&id| {
            let pointer = &ir.get(id).docs.pointer;
            match is_pattern {
                false => names.ty(id) == given || pointer == given,
                true => glob(given, names.ty(id)) || glob(given, pointer),
            }
        }));
        if reach.len() == before {
            report_unknown_type(ir, names, given, cx);
        }
    }
    // An operation's request type carries its conversions, which name every response type:
    // keeping one of an operation's own types keeps the whole operation.
    let mut operation_of = HashMap::new();
    for (index, operation) in ir.operations.iter().enumerate() {
        operation_of.insert(operation.request, index);
        for (headers, _) in operation
            .responses
            .iter()
            .filter_map(|r| r.headers.as_ref())
        {
            operation_of.insert(*headers, index);
        }
    }
    let owners = default_owners(ir, names);
    let mut keep = vec![false; ir.types.len()];
    while let Some(id) = reach.pop() {
        if std::mem::replace(&mut keep[id.0 as usize], true) {
            continue;
        }
        if let Some(&index) = operation_of.get(&id) {
            let operation = &ir.operations[index];
            reach.push(operation.request);
            for response in &operation.responses {
                if let Some((_, content)) = &response.content {
                    named(content, &mut reach);
                }
                if let Some((headers, _)) = &response.headers {
                    reach.push(*headers);
                }
            }
        }
        match &ir.get(id).kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    named(&field.ty, &mut reach);
                }
                // A large default shared within a module is written with the type that
                // named it first, which must then be kept too.
                let document = ir.get(id).document;
                for field in names.fields(id).iter().filter(|f| f.default_shared) {
                    if let Some(default) = &field.default {
                        reach.extend(owners.get(&(document, default.as_str())));
                    }
                }
                if let Some(extra) = &s.extra {
                    named(extra, &mut reach);
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    named(&variant.ty, &mut reach);
                }
            }
            TypeKind::Alias(target) => named(target, &mut reach),
            TypeKind::Enum(_) => {}
        }
    }
    if !unmatched_tags.is_empty() {
        report_unknown(ir, &unmatched_tags, cx);
    }
    keep
}

/// A type given to `only_types` that no type is named or pointed at by.
fn report_unknown_type(ir: &Ir, names: &Names, given: &str, cx: &mut Diagnostics) {
    if given.contains('*') {
        cx.report_setting(
            Code::UnmatchedSelection,
            format!("`only_types`: no type's name or JSON pointer matches `{given}`"),
        )
        .note("`*` stands for any run of characters but `/`: `#/components/schemas/*` is every named schema, `Webhook*` every type whose name starts with `Webhook`");
        return;
    }
    let closest = ir
        .ids()
        .map(|id| names.ty(id))
        .map(|name| (strsim::jaro_winkler(given, name), name))
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)));
    let diagnostic = cx.report_setting(
        Code::UnmatchedSelection,
        format!("`only_types`: no type is named `{given}`"),
    );
    match closest {
        Some((_, name)) => diagnostic.help(format!("did you mean `{name}`?")),
        None => diagnostic.note("give a Rust type name (`Pet`) or a schema's JSON pointer"),
    };
}

/// Whether `text` matches `pattern`, where `*` stands for any run of characters but `/`:
/// `#/components/schemas/*` matches every named schema's pointer and not the pointers of
/// the schemas inside them. Linear in `text` for a given pattern.
fn glob(pattern: &str, text: &str) -> bool {
    let (mut patterns, mut texts) = (pattern.split('/'), text.split('/'));
    loop {
        match (patterns.next(), texts.next()) {
            (None, None) => return true,
            (Some(pattern), Some(text)) if glob_segment(pattern, text) => {}
            _ => return false,
        }
    }
}

/// `glob` within one segment: the text before the first `*` starts it, the text after the
/// last ends it, and the pieces between come in order (the leftmost match of each is as good
/// as any).
fn glob_segment(pattern: &str, text: &str) -> bool {
    let mut pieces = pattern.split('*');
    let Some(mut rest) = text.strip_prefix(pieces.next().unwrap_or_default()) else {
        return false;
    };
    let pieces: Vec<&str> = pieces.collect();
    let Some((last, middle)) = pieces.split_last() else {
        return rest.is_empty();
    };
    for piece in middle {
        match rest.find(piece) {
            Some(at) => rest = &rest[at + piece.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// Whether `path` is `prefix` or below it, by whole segments (a trailing `/` aside).
fn under(path: &str, prefix: &str) -> bool {
    let prefix = prefix.trim_end_matches('/');
    path.strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Per module and shared default function: the type that writes it.
fn default_owners<'n>(ir: &Ir, names: &'n Names) -> HashMap<(usize, &'n str), TypeId> {
    let mut owners = HashMap::new();
    for id in ir.ids() {
        for field in names.fields(id).iter().filter(|f| !f.default_shared) {
            if let Some(default) = &field.default {
                owners.insert((ir.get(id).document, default.as_str()), id);
            }
        }
    }
    owners
}

/// The named types a type expression mentions.
fn named(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => out.push(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => named(inner, out),
        TypeRef::Tuple(items) | TypeRef::External(_, items) => {
            items.iter().for_each(|item| named(item, out))
        }
        TypeRef::Prim(_) | TypeRef::Any | TypeRef::Null => {}
    }
}

/// Given tags that no operation has are most likely misspelt: each selects nothing.
fn report_unknown(ir: &Ir, unmatched: &[&String], cx: &mut Diagnostics) {
    let mut known: Vec<String> = tags(ir).into_iter().map(|(tag, _)| tag).collect();
    known.sort_unstable();
    for tag in unmatched {
        let closest = known
            .iter()
            .map(|k| (strsim::jaro_winkler(&tag_key(tag), &tag_key(k)), k.as_str()))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let diagnostic = cx.report_setting(
            Code::UnmatchedSelection,
            format!("`operation_tags`: no operation has the tag `{tag}`"),
        );
        match closest {
            Some((_, k)) => diagnostic.help(format!("did you mean `{k}`?")),
            None if known.is_empty() => diagnostic.note("no operation of the specs has tags"),
            None => {
                let shown: Vec<String> = known.iter().take(12).map(|t| format!("`{t}`")).collect();
                let more = if known.len() > 12 { ", ..." } else { "" };
                diagnostic.note(format!("the specs' tags: {}{more}", shown.join(", ")))
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Run;

    #[test]
    fn tags_compare_as_cargo_feature_variables() {
        assert_eq!(tag_key("Pull Requests"), "PULL_REQUESTS");
        assert_eq!(tag_key("pull-requests"), "PULL_REQUESTS");
        assert_eq!(tag_key("code.scanning"), "CODE_SCANNING");
        assert_ne!(tag_key("pulls"), tag_key("pull"));
        // A feature named as `feature_name` says selects its tag.
        for tag in ["Pull Requests", "pulls", "2FA", "Über alles", "a.b+c", " x"] {
            let feature = feature_name(tag);
            let variable = feature.to_uppercase().replace('-', "_");
            assert_eq!(tag_key(&variable), tag_key(tag), "{tag} -> {feature}");
            assert!(!feature.starts_with('-'), "{feature}");
        }
        assert_eq!(feature_name("Pull Requests"), "pull-requests");
    }

    #[test]
    fn path_prefixes_match_whole_segments() {
        assert!(under("/v1/customers", "/v1/customers"));
        assert!(under("/v1/customers/{id}", "/v1/customers"));
        assert!(under("/v1/customers/{id}", "/v1/customers/"));
        assert!(under("/v1/customers", "/"));
        assert!(!under("/v1/customers_x", "/v1/customers"));
        assert!(!under("/v1", "/v1/customers"));
    }

    #[test]
    fn wildcards_stand_for_any_run_of_characters_within_a_segment() {
        let named = "#/components/schemas/*";
        assert!(glob(named, "#/components/schemas/Pet"));
        assert!(glob(named, "#/components/schemas/"));
        assert!(!glob(named, "#/components/schemas/Pet/properties/name"));
        assert!(!glob(named, "#/components/responses/Pet"));
        assert!(glob("Webhook*", "WebhookIssues"));
        assert!(glob("*Request", "ListPetsRequest"));
        assert!(!glob("*Request", "ListPetsRequestBody"));
        assert!(glob("List*Req*", "ListPetsRequest"));
        assert!(glob("a*b*c", "abbc"));
        assert!(!glob("a*b*c", "acb"));
        // The suffix is not the prefix's text again.
        assert!(!glob("ab*ba", "aba"));
        assert!(glob("*", "Anything"));
        assert!(!glob("*", "a/b"));
        assert!(glob("#/*/*/Pet", "#/$defs/x/Pet"));
        assert!(!glob("Pet", "Pets"));
    }

    #[test]
    fn tags_are_counted_once_per_operation_in_linear_time() {
        // 50,000 tags on one operation, each twice: a quadratic count would take minutes.
        let listed: Vec<String> = (0..50_000).map(|i| format!("t{}", i % 25_000)).collect();
        let spec = format!(
            "openapi: 3.1.0\ninfo: {{title: T, version: '1'}}\npaths:\n  /a:\n    get:\n      tags: [{}]\n      responses: {{'200': {{description: ok}}}}\n  /b:\n    get:\n      tags: [t7]\n      responses: {{'200': {{description: ok}}}}\n",
            listed.join(", ")
        );
        let run = Run::new(&spec);
        let counted = tags(&run.ir);
        assert_eq!(counted.len(), 25_000);
        assert_eq!(counted[7], ("t7".to_string(), 2));
        assert_eq!(counted[8], ("t8".to_string(), 1));
    }

    #[test]
    fn selection_follows_unions_maps_lists_and_aliases() {
        let run = Run::new(
            "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      tags: [a]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shape'}
  /b:
    get:
      operationId: getB
      tags: [b]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Other'}}}}
components:
  schemas:
    Shape:
      oneOf: [{$ref: '#/components/schemas/Circle'}, {$ref: '#/components/schemas/Square'}]
    Circle:
      type: object
      properties:
        labels: {type: object, additionalProperties: {$ref: '#/components/schemas/Label'}}
    Square:
      type: object
      properties:
        corners: {$ref: '#/components/schemas/Corners'}
    Corners: {type: array, items: {$ref: '#/components/schemas/Point'}}
    Point: {type: object, properties: {x: {type: number}}}
    Label: {type: string, enum: [x, y]}
    Other: {type: object, properties: {p: {$ref: '#/components/schemas/Point'}}}
",
        );
        let mut cx = Diagnostics::default();
        let keep = select(&run.ir, &run.names, &tagged("A"), &mut cx);
        let kept = |name: &str| keep[run.id(name).0 as usize];
        for name in [
            "GetARequest",
            "Shape",
            "Circle",
            "Square",
            "Corners",
            "Point",
            "Label",
        ] {
            assert!(kept(name), "{name} left out");
        }
        for name in ["GetBRequest", "Other"] {
            assert!(!kept(name), "{name} kept");
        }
        assert_eq!(cx.iter().count(), 0);
    }

    /// The selection of one tag.
    fn tagged(tag: &str) -> Selection {
        Selection {
            tags: Some(TagFilter::Given(vec![tag.into()])),
            ..Selection::default()
        }
    }

    /// `Alpha` writes the default function that `Beta`'s field shares: selecting only what
    /// reaches `Beta` keeps `Alpha` too, or the output would call a function it lacks.
    #[test]
    fn the_type_that_writes_a_shared_default_is_kept() {
        let long = "x".repeat(80);
        let spec = format!(
            "openapi: 3.1.0
info: {{title: T, version: '1'}}
paths:
  /a:
    get:
      operationId: getA
      tags: [a]
      responses:
        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/Beta'}}}}}}}}
components:
  schemas:
    Alpha: {{type: object, properties: {{note: {{type: string, default: {long}}}}}}}
    Beta: {{type: object, properties: {{note: {{type: string, default: {long}}}}}}}
"
        );
        let run = Run::new(&spec);
        let beta = run.names.fields(run.id("Beta"));
        assert!(
            beta[0].default_shared,
            "the default is not shared: {beta:?}"
        );
        let mut cx = Diagnostics::default();
        let keep = select(&run.ir, &run.names, &tagged("a"), &mut cx);
        assert!(keep[run.id("Beta").0 as usize]);
        assert!(
            keep[run.id("Alpha").0 as usize],
            "the default's writer is left out"
        );
    }
}
