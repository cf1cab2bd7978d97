//! What a client needs of a document besides its types: its security schemes, the
//! requirements operations inherit, and its servers. Swagger 2.0's `securityDefinitions`,
//! `host`, `basePath` and `schemes` are read into the same shapes as OpenAPI 3's.

use super::{Resolver, key_text, tree_items};
use crate::diag::{Code, Span};
use crate::load::NodeId;
use crate::words::{In, Pagination, Retries, SchemeKind, Server, ServerVariable};

/// One alternative of a `security` list: the schemes it requires together, each with where
/// the requirement names it. An empty one lets a request go without credentials.
pub type Requirement = Vec<(String, Span)>;

/// A document's schemes, default requirements and servers.
#[derive(Clone, Debug, Default)]
pub struct Api {
    /// Each scheme by its key; `None` for one a client cannot apply (reported where it is
    /// defined).
    pub schemes: indexmap::IndexMap<String, Option<SchemeKind>>,
    /// The top-level `security`: what an operation without its own requires.
    pub security: Vec<Requirement>,
    pub servers: Vec<Server>,
    /// The document's `x-speakeasy-retries`.
    pub retries: Option<Retries>,
}

impl Resolver<'_> {
    /// Reads the document's schemes, top-level `security` and servers into
    /// `graph.apis[document]`.
    pub(super) fn read_api(&mut self, root: NodeId, swagger: bool) {
        let schemes = match swagger {
            true => self.section(root, "securityDefinitions"),
            false => self
                .section(root, "components")
                .and_then(|c| self.section(c, "securitySchemes")),
        };
        let mut api = Api::default();
        if let Some(schemes) = schemes {
            let entries: Vec<(String, NodeId)> = self
                .loaded
                .tree
                .as_map(schemes)
                .into_iter()
                .flatten()
                .map(|(key, entry)| (key.clone(), entry.value))
                .collect();
            for (name, node) in entries {
                let kind = self
                    .deref(node)
                    .and_then(|node| self.scheme_kind(&name, node));
                api.schemes.insert(name, kind);
            }
        }
        api.security = self.requirements(root).unwrap_or_default();
        api.servers = match swagger {
            true => self.swagger_servers(root),
            false => self.servers(root),
        };
        api.retries = self.read_retries(root);
        let document = self.document;
        if self.graph.apis.len() <= document {
            self.graph.apis.resize(document + 1, Api::default());
        }
        self.graph.apis[document] = api;
    }

    /// An operation's (or the document's) `security`: `None` without one, so that the
    /// operation inherits the document's; `Some(vec![])` for `security: []`, which requires
    /// nothing.
    pub(super) fn requirements(&mut self, node: NodeId) -> Option<Vec<Requirement>> {
        let tree = &self.loaded.tree;
        let list = tree.get(node, "security")?;
        let mut alternatives = Vec::new();
        for item in tree_items(tree, list) {
            let Some(map) = tree.as_map(item) else {
                self.cx
                    .report(
                        Code::InvalidValue,
                        tree.span(item),
                        "a security requirement must be a mapping of scheme names",
                    )
                    .label("this alternative is left out");
                continue;
            };
            alternatives.push(
                map.iter()
                    .map(|(name, entry)| (name.clone(), entry.key_span))
                    .collect(),
            );
        }
        Some(alternatives)
    }

    /// What a scheme asks of a request, or `None` (with a warning) for one a client cannot
    /// apply.
    fn scheme_kind(&mut self, name: &str, node: NodeId) -> Option<SchemeKind> {
        let tree = &self.loaded.tree;
        let text = |key: &str| key_text(tree, node, key);
        let kind = text("type").unwrap_or_default();
        let found = match kind.as_str() {
            "http" => match text("scheme")
                .unwrap_or_default()
                .to_ascii_lowercase()
                .as_str()
            {
                "bearer" => Some(SchemeKind::Bearer),
                "basic" => Some(SchemeKind::Basic),
                _ => None,
            },
            "basic" => Some(SchemeKind::Basic),
            "oauth2" | "openIdConnect" => Some(SchemeKind::Bearer),
            "apiKey" => {
                let location = match text("in").as_deref() {
                    Some("header") => Some(In::Header),
                    Some("query") => Some(In::Query),
                    Some("cookie") => Some(In::Cookie),
                    _ => None,
                };
                location
                    .zip(text("name"))
                    .map(|(location, name)| SchemeKind::ApiKey { location, name })
            }
            _ => None,
        };
        if found.is_none() {
            let what = match kind.as_str() {
                "http" => format!("the HTTP scheme `{}`", text("scheme").unwrap_or_default()),
                "apiKey" => "an API key without a valid `in` and `name`".to_string(),
                "" => "a scheme without a `type`".to_string(),
                other => format!("`type: {other}`"),
            };
            self.cx
                .report(
                    Code::NotEnforced,
                    tree.span(node),
                    format!("security scheme `{name}`: {what} is not one a client can apply"),
                )
                .label("requirements that name it are left out of the operations' security")
                .help("bearer, basic, API keys, OAuth2 and OpenID Connect are applied");
        }
        found
    }

    /// OpenAPI 3's `servers`, each with its variables.
    fn servers(&mut self, root: NodeId) -> Vec<Server> {
        let tree = &self.loaded.tree;
        let Some(list) = tree.get(root, "servers") else {
            return Vec::new();
        };
        let text = |node: NodeId, key: &str| key_text(tree, node, key);
        let mut servers = Vec::new();
        for item in tree_items(tree, list) {
            let Some(url) = text(item, "url") else {
                continue;
            };
            let variables = tree
                .get(item, "variables")
                .and_then(|v| tree.as_map(v))
                .into_iter()
                .flatten()
                .map(|(name, entry)| ServerVariable {
                    name: name.clone(),
                    default: text(entry.value, "default").unwrap_or_default(),
                    values: tree
                        .get(entry.value, "enum")
                        .map(|list| tree_items(tree, list))
                        .into_iter()
                        .flatten()
                        .filter_map(|v| tree.as_str(v).map(str::to_string))
                        .collect(),
                })
                .collect();
            servers.push(Server {
                url,
                description: text(item, "description"),
                variables,
            });
        }
        servers
    }

    /// Swagger 2.0's server: `{scheme}://{host}{basePath}` for each of `schemes` (HTTPS
    /// first), none without a `host`.
    fn swagger_servers(&mut self, root: NodeId) -> Vec<Server> {
        let tree = &self.loaded.tree;
        let text = |key: &str| key_text(tree, root, key);
        let Some(host) = text("host") else {
            return Vec::new();
        };
        let base = text("basePath").unwrap_or_default();
        let mut schemes = self.strings(root, "schemes");
        if schemes.is_empty() {
            schemes.push("https".into());
        }
        schemes.sort_by_key(|s| s != "https");
        schemes
            .into_iter()
            .map(|scheme| Server {
                url: format!("{scheme}://{host}{}", base.trim_end_matches('/')),
                description: None,
                variables: Vec::new(),
            })
            .collect()
    }
}

/// A number's value.
fn as_f64(value: &crate::load::Value) -> Option<f64> {
    use crate::load::{Number, Value};
    match value {
        Value::Number(Number::Int(n), _) => Some(*n as f64),
        Value::Number(Number::UInt(n), _) => Some(*n as f64),
        Value::Number(Number::Float(n), _) => Some(*n),
        _ => None,
    }
}

/// `$.a.b` as its keys; `None` for anything else JSONPath can say (wildcards, filters,
/// indices), which paging cannot follow.
fn json_path(text: &str) -> Option<Vec<String>> {
    let rest = text.strip_prefix("$.")?;
    let keys: Vec<String> = rest.split('.').map(str::to_string).collect();
    keys.iter()
        .all(|k| {
            !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
        .then_some(keys)
}

impl Resolver<'_> {
    /// An operation's `x-speakeasy-pagination`, when it pages through query parameters and
    /// its outputs are plain key paths; otherwise `None`, with a warning saying why.
    pub(super) fn read_pagination(&mut self, operation: NodeId) -> Option<Pagination> {
        let tree = &self.loaded.tree;
        let node = tree.get(operation, "x-speakeasy-pagination")?;
        let text = |node: NodeId, key: &str| key_text(tree, node, key);
        let mut pagination = Pagination::default();
        let mut problem = None;
        for input in tree
            .get(node, "inputs")
            .map(|l| tree_items(tree, l))
            .unwrap_or_default()
        {
            let (Some(name), Some(kind)) = (text(input, "name"), text(input, "type")) else {
                problem = Some("an input without a `name` and a `type`".to_string());
                continue;
            };
            if text(input, "in").as_deref() != Some("parameters") {
                problem = Some(format!("input `{name}` is not in `parameters`"));
                continue;
            }
            match kind.as_str() {
                "page" => pagination.page = Some((name, false)),
                "offset" => pagination.page = Some((name, true)),
                "limit" => pagination.limit = Some(name),
                "cursor" => pagination.cursor = Some(name),
                other => problem = Some(format!("input type `{other}`")),
            }
        }
        let outputs = tree.get(node, "outputs");
        let output = |key: &str| outputs.and_then(|o| text(o, key));
        let path = |key: &str, problem: &mut Option<String>| {
            let written = output(key)?;
            let path = json_path(&written);
            if path.is_none() {
                *problem = Some(format!("`{key}: {written}` is no plain key path (`$.a.b`)"));
            }
            path
        };
        match path("results", &mut problem) {
            Some(results) => pagination.results = results,
            None if problem.is_none() => problem = Some("no `results` output".to_string()),
            None => {}
        }
        pagination.num_pages = path("numPages", &mut problem);
        pagination.next_cursor = path("nextCursor", &mut problem);
        // `type: url`: each page names the next one's URL.
        pagination.next_url = path("nextUrl", &mut problem);
        let moves = pagination.page.is_some()
            || pagination.cursor.is_some()
            || pagination.next_url.is_some();
        if !moves && problem.is_none() {
            problem = Some("no page, offset or cursor input, nor a `nextUrl` output".to_string());
        }
        if let Some(problem) = problem {
            self.cx
                .report(
                    Code::NotEnforced,
                    tree.span(node),
                    format!("`x-speakeasy-pagination`: {problem}; the operation does not page"),
                )
                .label("the client sends this operation one request at a time");
            return None;
        }
        Some(pagination)
    }
}

impl Resolver<'_> {
    /// `x-speakeasy-retries` of a document or an operation. `strategy: none` (and, with a
    /// warning, any strategy but `backoff`) retries nothing.
    pub(super) fn read_retries(&mut self, node: NodeId) -> Option<Retries> {
        let tree = &self.loaded.tree;
        let config = tree.get(node, "x-speakeasy-retries")?;
        let text = |node: NodeId, key: &str| key_text(tree, node, key);
        let strategy = text(config, "strategy").unwrap_or_default();
        let nothing = Retries {
            statuses: Vec::new(),
            initial_ms: 0,
            max_ms: 0,
            exponent: 1.0,
            max_elapsed_ms: 0,
            connection_errors: false,
        };
        if strategy == "none" {
            return Some(nothing);
        }
        if strategy != "backoff" {
            self.cx
                .report(
                    Code::NotEnforced,
                    tree.span(config),
                    format!("`x-speakeasy-retries`: strategy `{strategy}` is neither `backoff` nor `none`; it is read as `none`"),
                )
                .label("the operation is not retried");
            return Some(nothing);
        }
        let number = |node: Option<NodeId>, key: &str| {
            node.and_then(|n| tree.get(n, key))
                .and_then(|v| as_f64(&tree.node(v).value))
                .filter(|n| n.is_finite() && *n >= 0.0)
        };
        let backoff = tree.get(config, "backoff");
        // Speakeasy's defaults.
        let millis = |key: &str, default: u64| number(backoff, key).map_or(default, |n| n as u64);
        let mut statuses = Vec::new();
        for item in tree
            .get(config, "statusCodes")
            .map(|l| tree_items(tree, l))
            .unwrap_or_default()
        {
            let written = as_f64(&tree.node(item).value)
                .map(|n| n.to_string())
                .or_else(|| tree.as_str(item).map(str::to_string));
            let range = written.as_deref().and_then(|w| {
                let w = w.to_ascii_uppercase();
                match w.strip_suffix("XX") {
                    Some(class) => class
                        .parse::<u16>()
                        .ok()
                        .filter(|c| (1..=5).contains(c))
                        .map(|c| (c * 100, c * 100 + 99)),
                    None => w
                        .parse::<u16>()
                        .ok()
                        .filter(|s| (100..=599).contains(s))
                        .map(|s| (s, s)),
                }
            });
            match range {
                Some(range) if !statuses.contains(&range) => statuses.push(range),
                Some(_) => {}
                None => {
                    self.cx
                        .report(Code::NotEnforced, tree.span(item), "`x-speakeasy-retries`: not a status or a class of them (`5XX`); it is ignored")
                        .label("no status is retried for it");
                }
            }
        }
        Some(Retries {
            statuses,
            initial_ms: millis("initialInterval", 500),
            max_ms: millis("maxInterval", 60_000),
            exponent: number(backoff, "exponent").unwrap_or(1.5),
            max_elapsed_ms: millis("maxElapsedTime", 3_600_000),
            connection_errors: tree
                .get(config, "retryConnectionErrors")
                .and_then(|v| tree.as_bool(v))
                .unwrap_or(false),
        })
    }
}
