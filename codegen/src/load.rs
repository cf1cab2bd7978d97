//! The `load` pass: read spec files into a tree of [`Node`]s that remember where they came from.
//!
//! Built on saphyr's event parser rather than a serde data model so that every node keeps its
//! span, unknown keywords survive, and hostile input (alias bombs, deep nesting) is stopped
//! with a diagnostic instead of exhausting memory or the stack. JSON is YAML 1.2, so JSON
//! specs take the same path.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};

use crate::diag::{Code, Diagnostics, FileId, Pos, SourceMap, Span};

/// Deeper nesting than this is refused: no real spec comes close, and later passes recurse.
pub const MAX_DEPTH: usize = 256;
/// The number of nodes a document may have once its aliases are expanded.
pub const MAX_EXPANDED_NODES: u64 = 4_000_000;

/// Index of a node in the [`Tree`] arena.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(u32);

#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    UInt(u64),
    Float(f64),
}

#[derive(Debug)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number and its text as written (decimal), kept for exact re-serialization.
    Number(Number, String),
    String(String),
    Seq(Vec<NodeId>),
    /// Boxed: a map is three times the size of the other values, and most nodes are not
    /// maps.
    Map(Box<IndexMap<String, Entry>>),
}

/// A mapping entry: the key's span (for "unknown keyword" diagnostics) and the value.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub key_span: Span,
    pub value: NodeId,
}

#[derive(Debug)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

/// All nodes of all loaded documents. An alias is the same `NodeId` used twice, so the
/// tree is a DAG and expanding an alias never copies.
#[derive(Debug, Default)]
pub struct Tree {
    nodes: Vec<Node>,
    /// Per document (in load order): the index of its first node.
    document_starts: Vec<usize>,
}

impl Tree {
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.0 as usize]
    }

    pub fn span(&self, id: NodeId) -> Span {
        self.node(id).span
    }

    pub fn as_map(&self, id: NodeId) -> Option<&IndexMap<String, Entry>> {
        match &self.node(id).value {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// The node as a JSON value (`default`s and examples). Aliases are expanded; the
    /// loader's expansion limit keeps that bounded.
    pub fn to_json(&self, id: NodeId) -> serde_json::Value {
        use serde_json::Value as Json;
        match &self.node(id).value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(Number::Int(i), _) => Json::from(*i),
            Value::Number(Number::UInt(u), _) => Json::from(*u),
            Value::Number(Number::Float(f), _) => {
                serde_json::Number::from_f64(*f).map_or(Json::Null, Json::Number)
            }
            Value::String(s) => Json::String(s.clone()),
            Value::Seq(items) => Json::Array(items.iter().map(|&i| self.to_json(i)).collect()),
            Value::Map(map) => Json::Object(
                map.iter()
                    .map(|(k, e)| (k.clone(), self.to_json(e.value)))
                    .collect(),
            ),
        }
    }

    /// The length of the node's JSON text with aliases expanded (an upper bound: numbers
    /// count as written), worked out once per node through `memo`: linear in the nodes of
    /// the tree, however often aliases repeat them. What lets a reader refuse a value that
    /// would expand to gigabytes before it builds one.
    pub fn json_len(&self, id: NodeId, memo: &mut HashMap<NodeId, u64>) -> u64 {
        if let Some(&known) = memo.get(&id) {
            return known;
        }
        // An explicit stack: a value may nest as deep as the loader allows.
        let mut stack = vec![(id, false)];
        while let Some((node, children_done)) = stack.pop() {
            if memo.contains_key(&node) {
                continue;
            }
            let children: Vec<NodeId> = match &self.node(node).value {
                Value::Seq(items) => items.clone(),
                Value::Map(map) => map.values().map(|e| e.value).collect(),
                _ => Vec::new(),
            };
            if !children_done && children.iter().any(|c| !memo.contains_key(c)) {
                stack.push((node, true));
                stack.extend(children.iter().map(|&c| (c, false)));
                continue;
            }
            let own = match &self.node(node).value {
                Value::Null => 4,
                Value::Bool(_) => 5,
                Value::Number(_, text) => text.len() as u64,
                Value::String(s) => s.len() as u64 + 2,
                Value::Seq(_) => 2,
                Value::Map(map) => 2 + map.keys().map(|k| k.len() as u64 + 4).sum::<u64>(),
            };
            let inner: u64 = children
                .iter()
                .map(|c| memo[c])
                .fold(0, u64::saturating_add);
            memo.insert(
                node,
                own.saturating_add(inner)
                    .saturating_add(children.len() as u64),
            );
        }
        memo[&id]
    }

    pub fn as_str(&self, id: NodeId) -> Option<&str> {
        match &self.node(id).value {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self, id: NodeId) -> Option<bool> {
        match self.node(id).value {
            Value::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn get(&self, map: NodeId, key: &str) -> Option<NodeId> {
        self.as_map(map)?.get(key).map(|e| e.value)
    }

    fn push(&mut self, value: Value, span: Span) -> NodeId {
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(Node { value, span });
        id
    }
}

/// One loaded file.
#[derive(Debug)]
pub struct Document {
    pub file: FileId,
    pub path: PathBuf,
    /// `path` made absolute, to recognise one file reached by different relative paths.
    pub canonical: PathBuf,
    pub root: NodeId,
    /// Loaded only because a `$ref` in another document names it: only the schemas
    /// references reach get types, not everything it defines.
    pub referenced: bool,
}

/// What the load pass produces.
#[derive(Debug, Default)]
pub struct Loaded {
    pub sources: SourceMap,
    pub tree: Tree,
    pub documents: Vec<Document>,
    /// The directories a `$ref` may reach files in (canonical): those of the specs given.
    pub roots: Vec<PathBuf>,
    /// URL prefix -> the local file or directory that serves it (`Config::map_url`).
    pub url_map: Vec<(String, PathBuf)>,
}

impl Loaded {
    /// The document loaded from `path`, however the path is spelled.
    pub fn document_at(&self, path: &Path) -> Option<usize> {
        let canonical = canonical(path);
        self.documents.iter().position(|d| d.canonical == canonical)
    }

    /// The file a `$ref` names, resolved against the document it is written in, or served
    /// from a local copy for a mapped URL; `None` for a pointer into the same document and
    /// for unmapped URLs.
    pub fn ref_file(&self, from: &Path, reference: &str) -> Option<PathBuf> {
        let file = reference.split('#').next().unwrap_or_default();
        if file.is_empty() {
            return None;
        }
        if file.contains("://") {
            // The longest prefix wins, so a specific mapping can override a general one.
            let (prefix, local) = self
                .url_map
                .iter()
                .filter(|(prefix, _)| file.starts_with(prefix.as_str()))
                .max_by_key(|(prefix, _)| prefix.len())?;
            let rest = file[prefix.len()..].trim_start_matches('/');
            return Some(match rest.is_empty() {
                true => local.clone(),
                false => normalize(&local.join(rest)),
            });
        }
        let base = from.parent().unwrap_or(Path::new(""));
        Some(normalize(&base.join(file)))
    }

    /// Whether `path` lies inside one of the spec directories.
    pub fn within_roots(&self, path: &Path) -> bool {
        let canonical = canonical(path);
        self.roots.iter().any(|root| canonical.starts_with(root))
    }
}

/// Reads and parses every file, then every file their `$ref`s name inside `roots` (the spec
/// directories); unreadable or malformed files become diagnostics. Files outside the roots
/// are never read: `resolve` reports the references to them.
pub fn load(
    paths: &[PathBuf],
    roots: &[PathBuf],
    url_map: &[(String, PathBuf)],
    cx: &mut Diagnostics,
) -> Loaded {
    // A mapped local copy is inside the project by the user's own choice: it is a root too.
    let mapped = url_map.iter().map(|(_, local)| match local.is_file() {
        true => local.parent().map(Path::to_path_buf).unwrap_or_default(),
        false => local.clone(),
    });
    let mut loaded = Loaded {
        roots: roots
            .iter()
            .cloned()
            .chain(mapped)
            .map(|r| canonical(&r))
            .collect(),
        url_map: url_map.to_vec(),
        ..Loaded::default()
    };
    for path in paths {
        match std::fs::read_to_string(path) {
            Ok(text) => load_text(&mut loaded, path, text, cx),
            Err(err) => {
                cx.report_file(Code::Io, path, format!("cannot read spec file: {err}"));
            }
        }
    }
    let mut next = 0;
    while next < loaded.documents.len() {
        for target in file_refs(&loaded, next) {
            if loaded.document_at(&target).is_none()
                && loaded.within_roots(&target)
                && target.is_file()
                && let Ok(text) = std::fs::read_to_string(&target)
            {
                load_text(&mut loaded, &target, text, cx);
                if let Some(document) = loaded.documents.last_mut()
                    && document.path == target
                {
                    document.referenced = true;
                }
            }
        }
        next += 1;
    }
    loaded
}

/// Parses `text` as the contents of `path` and adds it to `loaded`.
pub fn load_text(loaded: &mut Loaded, path: &Path, text: String, cx: &mut Diagnostics) {
    let file = loaded.sources.add(path.to_path_buf(), text);
    let text = &loaded.sources.get(file).text;
    let first = loaded.tree.nodes.len();
    let looks_like_json = text.trim_start().starts_with(['{', '[']);
    let json = match looks_like_json {
        true => Builder::new(file, &mut loaded.tree).parse_json(text, cx),
        false => json::Outcome::NotJson,
    };
    let root = match json {
        json::Outcome::Read(root) => root,
        json::Outcome::NotJson => {
            // What the JSON reader built before it gave up is not part of the tree.
            loaded.tree.nodes.truncate(first);
            Builder::new(file, &mut loaded.tree).parse(text, cx)
        }
    };
    if let Some(root) = root {
        loaded.documents.push(Document {
            file,
            path: path.to_path_buf(),
            canonical: canonical(path),
            root,
            referenced: false,
        });
        loaded.tree.document_starts.push(first);
    }
}

/// The files named by the `$ref`s of document `index`, in the order written.
fn file_refs(loaded: &Loaded, index: usize) -> Vec<PathBuf> {
    let document = &loaded.documents[index];
    let start = loaded.tree.document_starts[index];
    let end = loaded
        .tree
        .document_starts
        .get(index + 1)
        .copied()
        .unwrap_or(loaded.tree.nodes.len());
    let mut files = Vec::new();
    for node in &loaded.tree.nodes[start..end] {
        let Value::Map(map) = &node.value else {
            continue;
        };
        let Some(reference) = map
            .get("$ref")
            .and_then(|entry| loaded.tree.as_str(entry.value))
        else {
            continue;
        };
        if let Some(file) = loaded.ref_file(&document.path, reference)
            && !files.contains(&file)
        {
            files.push(file);
        }
    }
    files
}

/// The absolute, symlink-free form of a path; lexical normalisation if it does not exist.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        let absolute = std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf());
        normalize(&absolute)
    })
}

/// Removes `.` and resolves `..` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}

mod json;

enum Frame {
    Seq {
        items: Vec<NodeId>,
        anchor: usize,
        start: Pos,
        weight: u64,
    },
    Map {
        entries: IndexMap<String, Entry>,
        pending_key: Option<(String, Span)>,
        anchor: usize,
        start: Pos,
        weight: u64,
    },
}

impl Frame {
    /// A sequence opened at `start`; `anchor` is 0 when it has none.
    fn seq(anchor: usize, start: Pos) -> Frame {
        Frame::Seq {
            items: Vec::new(),
            anchor,
            start,
            weight: 1,
        }
    }

    /// A mapping opened at `start`; `anchor` is 0 when it has none.
    fn map(anchor: usize, start: Pos) -> Frame {
        Frame::Map {
            entries: IndexMap::new(),
            pending_key: None,
            anchor,
            start,
            weight: 1,
        }
    }
}

/// Turns the parser's event stream into nodes without recursion.
struct Builder<'t> {
    file: FileId,
    tree: &'t mut Tree,
    anchors: HashMap<usize, NodeId>,
    /// Node count of each anchored node's subtree with aliases expanded, for the alias-bomb
    /// limit (only anchored nodes can be repeated, so only theirs are kept).
    weights: HashMap<NodeId, u64>,
    stack: Vec<Frame>,
    root: Option<NodeId>,
    /// Values the tree keeps but that no JSON document can hold (`.nan`, `1e400`): each an
    /// error, reported after the whole file is read.
    non_finite: Vec<Span>,
}

impl<'t> Builder<'t> {
    fn new(file: FileId, tree: &'t mut Tree) -> Self {
        Builder {
            file,
            tree,
            anchors: HashMap::new(),
            weights: HashMap::new(),
            stack: Vec::new(),
            root: None,
            non_finite: Vec::new(),
        }
    }

    fn span(&self, span: YamlSpan) -> Span {
        Span {
            file: self.file,
            start: pos(span.start),
            end: pos(span.end),
        }
    }

    fn parse(&mut self, text: &str, cx: &mut Diagnostics) -> Option<NodeId> {
        let mut documents = 0;
        for event in Parser::new_from_str(text) {
            let (event, yaml_span) = match event {
                Ok(ev) => ev,
                Err(err) => {
                    let at = clamp_to_text(pos(*err.marker()), text);
                    let span = Span {
                        file: self.file,
                        start: at,
                        end: Pos {
                            line: at.line,
                            col: at.col + 1,
                        },
                    };
                    // The parser has its own nesting limit; report it as the limit it is.
                    let code = if err.info().contains("recursion limit") {
                        Code::Limit
                    } else {
                        Code::Syntax
                    };
                    cx.report(code, span, format!("invalid YAML: {}", err.info()));
                    return None;
                }
            };
            let span = self.span(yaml_span);
            let result = match event {
                Event::DocumentStart(_) => {
                    documents += 1;
                    if documents > 1 {
                        cx.report(
                            Code::Syntax,
                            span,
                            "a spec file must hold one YAML document",
                        )
                        .help("split the documents into separate files");
                        return None;
                    }
                    Ok(())
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let is_str_tag = tag.as_ref().is_some_and(|t| t.suffix == "str");
                    self.scalar(text.into_owned(), style, is_str_tag, anchor, span)
                }
                Event::SequenceStart(anchor, _) => self.open(Frame::seq(anchor, span.start), span),
                Event::MappingStart(anchor, _) => self.open(Frame::map(anchor, span.start), span),
                Event::SequenceEnd | Event::MappingEnd => self.close(span),
                Event::Alias(anchor) => match self.anchors.get(&anchor) {
                    Some(&id) => self.complete(id, span, self.weights[&id]),
                    None => Err(Problem::new(
                        Code::Syntax,
                        span,
                        "alias to an anchor that is not defined yet",
                    )),
                },
                _ => Ok(()),
            };
            if !recovers(result, cx) {
                return None;
            }
        }
        self.finish(cx)
    }

    /// After the last event: what the whole file decides, and the root.
    fn finish(&mut self, cx: &mut Diagnostics) -> Option<NodeId> {
        for &span in &self.non_finite {
            cx.report(
                Code::InvalidValue,
                span,
                "a number that is not finite has no JSON value",
            )
            .label("JSON numbers are finite: `.inf`, `.nan` and numbers past 1.8e308 are not")
            .help("quote it to make it a string, or write a finite number");
        }
        if self.root.is_none() {
            let span = Span {
                file: self.file,
                start: Pos { line: 1, col: 1 },
                end: Pos { line: 1, col: 1 },
            };
            cx.report(Code::Syntax, span, "the file is empty");
        }
        self.root
    }

    fn scalar(
        &mut self,
        text: String,
        style: ScalarStyle,
        force_string: bool,
        anchor: usize,
        span: Span,
    ) -> Result<(), Problem> {
        if let Some(Frame::Map {
            pending_key: pending @ None,
            ..
        }) = self.stack.last_mut()
        {
            *pending = Some((text, span));
            return Ok(());
        }
        let value = if style == ScalarStyle::Plain && !force_string {
            resolve_plain(text)
        } else {
            Value::String(text)
        };
        if matches!(value, Value::Number(Number::Float(f), _) if !f.is_finite()) {
            self.non_finite.push(span);
        }
        let id = self.tree.push(value, span);
        if anchor != 0 {
            self.anchors.insert(anchor, id);
            self.weights.insert(id, 1);
        }
        self.complete(id, span, 1)
    }

    fn open(&mut self, frame: Frame, span: Span) -> Result<(), Problem> {
        if let Some(Frame::Map {
            pending_key: None, ..
        }) = self.stack.last()
        {
            return Err(Problem::new(
                Code::Syntax,
                span,
                "invalid YAML: a mapping key must be a scalar",
            ));
        }
        if self.stack.len() >= MAX_DEPTH {
            return Err(Problem::new(
                Code::Limit,
                span,
                format!("the document nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end: Span) -> Result<(), Problem> {
        let frame = self
            .stack
            .pop()
            .expect("the parser balances start and end events");
        let (value, anchor, start, weight) = match frame {
            Frame::Seq {
                items,
                anchor,
                start,
                weight,
            } => (Value::Seq(items), anchor, start, weight),
            Frame::Map {
                entries,
                anchor,
                start,
                weight,
                ..
            } => (
                Value::Map(Box::new(self.merge_keys(entries))),
                anchor,
                start,
                weight,
            ),
        };
        let span = Span {
            file: self.file,
            start,
            end: end.end,
        };
        let id = self.tree.push(value, span);
        if anchor != 0 {
            self.anchors.insert(anchor, id);
            self.weights.insert(id, weight);
        }
        self.complete(id, span, weight)
    }

    /// Applies a YAML 1.1 merge key (`<<: *common`, or `<<: [*a, *b]`), which hand-written
    /// specs use to share responses and parameters: the merged mappings' entries are added
    /// where `<<` stood, except keys the mapping sets itself; with several, the first wins.
    fn merge_keys(&self, entries: IndexMap<String, Entry>) -> IndexMap<String, Entry> {
        let Some(merge) = entries.get("<<") else {
            return entries;
        };
        let sources: Vec<NodeId> = match &self.tree.node(merge.value).value {
            Value::Map(_) => vec![merge.value],
            Value::Seq(items) => items.clone(),
            // Not a mapping: an ordinary key named `<<`.
            _ => return entries,
        };
        let mut merged = IndexMap::with_capacity(entries.len());
        for (key, entry) in &entries {
            if key != "<<" {
                merged.insert(key.clone(), *entry);
                continue;
            }
            for source in &sources {
                let Value::Map(shared) = &self.tree.node(*source).value else {
                    continue;
                };
                for (key, entry) in shared.iter() {
                    if !entries.contains_key(key) && !merged.contains_key(key) {
                        merged.insert(key.clone(), *entry);
                    }
                }
            }
        }
        merged
    }

    /// Attaches a finished node to its parent, or makes it the root.
    /// `weight` is the node's size with aliases expanded.
    fn complete(&mut self, id: NodeId, span: Span, weight: u64) -> Result<(), Problem> {
        match self.stack.last_mut() {
            None => {
                self.root = Some(id);
                Ok(())
            }
            Some(Frame::Seq {
                items, weight: w, ..
            }) => {
                items.push(id);
                add_weight(w, weight, span)
            }
            Some(Frame::Map {
                entries,
                pending_key,
                weight: w,
                ..
            }) => {
                let (key, key_span) = pending_key.take().ok_or_else(|| {
                    Problem::new(
                        Code::Syntax,
                        span,
                        "invalid YAML: a mapping key must be a scalar",
                    )
                })?;
                add_weight(w, weight, span)?;
                // The last value wins, as in most JSON parsers; the duplicate is still reported.
                let message = format!("duplicate key `{key}`");
                let replaced = entries.insert(
                    key,
                    Entry {
                        key_span,
                        value: id,
                    },
                );
                match replaced {
                    Some(_) => Err(Problem::new(Code::DuplicateKey, key_span, message)),
                    None => Ok(()),
                }
            }
        }
    }
}

/// A problem found while building the tree, with the code it is reported under.
struct Problem {
    code: Code,
    span: Span,
    message: String,
}

impl Problem {
    fn new(code: Code, span: Span, message: impl Into<String>) -> Problem {
        Problem {
            code,
            span,
            message: message.into(),
        }
    }
}

/// Reports a builder problem; whether reading can go on. A duplicate key is recovered (the
/// last value wins); nothing else is.
fn recovers(result: Result<(), Problem>, cx: &mut Diagnostics) -> bool {
    let Err(Problem {
        code,
        span,
        message,
    }) = result
    else {
        return true;
    };
    cx.report(code, span, message);
    code == Code::DuplicateKey
}

fn add_weight(total: &mut u64, add: u64, span: Span) -> Result<(), Problem> {
    *total = total.saturating_add(add);
    if *total > MAX_EXPANDED_NODES {
        return Err(Problem::new(
            Code::Limit,
            span,
            format!(
                "aliases expand this document past {MAX_EXPANDED_NODES} nodes (an alias bomb?)"
            ),
        ));
    }
    Ok(())
}

/// A parser error at the very end of the input points past the last line; show it at the end
/// of the last line instead, so the diagnostic has a snippet.
fn clamp_to_text(at: Pos, text: &str) -> Pos {
    let lines = text.lines().count() as u32;
    match text.lines().last() {
        Some(last) if at.line > lines => Pos {
            line: lines,
            col: last.chars().count() as u32 + 1,
        },
        _ => at,
    }
}

fn pos(marker: saphyr_parser::Marker) -> Pos {
    Pos {
        line: marker.line() as u32,
        col: marker.col() as u32 + 1,
    }
}

/// Resolves a plain scalar with the YAML 1.2 core schema.
fn resolve_plain(text: String) -> Value {
    match text.as_str() {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    if let Some(number) = parse_number(&text) {
        let written = match number {
            Number::Int(_) if !text.starts_with(['+', '0']) || text == "0" => text,
            Number::Int(i) => i.to_string(),
            Number::UInt(u) => u.to_string(),
            Number::Float(_) => text,
        };
        return Value::Number(number, written);
    }
    Value::String(text)
}

fn parse_number(text: &str) -> Option<Number> {
    let radix = |digits: &str, radix| {
        i64::from_str_radix(digits, radix)
            .ok()
            .map(Number::Int)
            .or_else(|| u64::from_str_radix(digits, radix).ok().map(Number::UInt))
    };
    if let Some(hex) = text.strip_prefix("0x") {
        return radix(hex, 16);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return radix(oct, 8);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let decimal = text.strip_prefix('+').unwrap_or(text);
        // An integer past 64 bits is still a number (`-9223372036854776000`, a JSON
        // serializer's rounding of `i64::MIN`): read it as a float.
        return radix(decimal, 10).or_else(|| decimal.parse::<f64>().ok().map(Number::Float));
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            let inf = if text.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            return Some(Number::Float(inf));
        }
        ".nan" | ".NaN" | ".NAN" if unsigned == text => return Some(Number::Float(f64::NAN)),
        _ => {}
    }
    let looks_numeric = unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && unsigned.bytes().any(|b| b.is_ascii_digit());
    if looks_numeric {
        return text.parse::<f64>().ok().map(Number::Float);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Loaded, Diagnostics) {
        let mut cx = Diagnostics::default();
        let mut loaded = Loaded::default();
        load_text(&mut loaded, Path::new("t.yaml"), text.to_string(), &mut cx);
        (loaded, cx)
    }

    fn messages(cx: &Diagnostics) -> Vec<String> {
        cx.iter().map(|d| d.message.clone()).collect()
    }

    /// Every node's value and span, in tree order.
    fn nodes(loaded: &Loaded) -> Vec<(String, Span)> {
        loaded
            .tree
            .nodes
            .iter()
            .map(|n| (format!("{:?}", n.value), n.span))
            .collect()
    }

    #[test]
    fn json_is_read_as_the_yaml_reader_reads_it() {
        let text = "{\n  \"a\": [1, -2.5e3, true, null, \"x\\u00e9\"],\n  \"b\": {\"c\": {}, \"d\": []},\n  \"é\": 18446744073709551615, \"a\": 1\n}\n";
        let (json, json_cx) = parse(text);
        let mut yaml_cx = Diagnostics::default();
        let mut yaml = Loaded::default();
        let file = yaml.sources.add(PathBuf::from("t.yaml"), text.to_string());
        let root = Builder::new(file, &mut yaml.tree).parse(text, &mut yaml_cx);
        assert!(root.is_some());
        assert_eq!(nodes(&json), nodes(&yaml));
        // The duplicate key, reported once by the JSON reader.
        assert_eq!(messages(&json_cx), messages(&yaml_cx));
        assert_eq!(messages(&json_cx).len(), 1);
    }

    #[test]
    fn text_that_is_not_plain_json_goes_to_the_yaml_reader() {
        // A YAML flow mapping with a comment and a trailing comma, and a bad JSON document.
        let (loaded, cx) = parse("{a: 1, # note\n b: [2,],}\n");
        assert!(cx.is_empty(), "{:?}", messages(&cx));
        let root = loaded.documents[0].root;
        assert!(loaded.tree.get(root, "b").is_some());
        let (_, cx) = parse("{\"a\": 1");
        assert!(cx.iter().any(|d| d.code == Code::Syntax));
    }

    #[test]
    fn keeps_order_spans_and_scalar_kinds() {
        let (loaded, cx) = parse("b: 1\na:\n  - x\n  - 'true'\n  - true\n  - 2.5\n  - ~\n");
        assert!(cx.is_empty(), "{:?}", messages(&cx));
        let tree = &loaded.tree;
        let root = loaded.documents[0].root;
        let keys: Vec<_> = tree.as_map(root).unwrap().keys().cloned().collect();
        assert_eq!(keys, ["b", "a"]);
        let a = tree.get(root, "a").unwrap();
        let Value::Seq(items) = &tree.node(a).value else {
            panic!("a is a sequence")
        };
        assert!(matches!(tree.node(items[0]).value, Value::String(ref s) if s == "x"));
        assert!(matches!(tree.node(items[1]).value, Value::String(ref s) if s == "true"));
        assert!(matches!(tree.node(items[2]).value, Value::Bool(true)));
        assert!(
            matches!(tree.node(items[3]).value, Value::Number(Number::Float(f), _) if f == 2.5)
        );
        assert!(matches!(tree.node(items[4]).value, Value::Null));
        let span = tree.span(items[1]);
        assert_eq!((span.start.line, span.start.col), (4, 5));
        let key_span = tree.as_map(root).unwrap()["a"].key_span;
        assert_eq!((key_span.start.line, key_span.start.col), (2, 1));
    }

    #[test]
    fn json_goes_through_the_same_parser() {
        let (loaded, cx) = parse("{\"n\": 10, \"s\": \"10\", \"big\": 18446744073709551615}");
        assert!(cx.is_empty());
        let root = loaded.documents[0].root;
        let tree = &loaded.tree;
        let n = tree.get(root, "n").unwrap();
        assert!(matches!(
            tree.node(n).value,
            Value::Number(Number::Int(10), _)
        ));
        assert_eq!(tree.as_str(tree.get(root, "s").unwrap()), Some("10"));
        let big = tree.get(root, "big").unwrap();
        assert!(matches!(
            tree.node(big).value,
            Value::Number(Number::UInt(u64::MAX), _)
        ));
    }

    #[test]
    fn numbers_follow_the_core_schema() {
        for (text, expected) in [
            ("0x1F", Some(Number::Int(31))),
            ("0o17", Some(Number::Int(15))),
            ("-12", Some(Number::Int(-12))),
            ("+7", Some(Number::Int(7))),
            ("1e3", Some(Number::Float(1000.0))),
            ("1d", None),
            ("1.2.3", None),
            ("-", None),
            ("e5", None),
            (
                "-9223372036854776000",
                Some(Number::Float(-9223372036854776000.0)),
            ),
            (
                "18446744073709551616",
                Some(Number::Float(18446744073709551616.0)),
            ),
        ] {
            assert_eq!(parse_number(text), expected, "{text}");
        }
    }

    #[test]
    fn syntax_error_is_located() {
        let (loaded, cx) = parse("a: [1, 2\nb: 3\n");
        assert!(loaded.documents.is_empty());
        let d = cx.iter().next().unwrap();
        assert_eq!(d.code, Code::Syntax);
        assert!(d.span.unwrap().start.line >= 1);
    }

    #[test]
    fn each_problem_carries_the_code_it_arose_with() {
        for (text, code) in [
            ("a: *nowhere\n", Code::Syntax),
            ("? [1]\n: 2\n", Code::Syntax),
            ("a: 1\na: 2\n", Code::DuplicateKey),
            (&"[".repeat(300), Code::Limit),
        ] {
            let (_, cx) = parse(text);
            let first = cx.iter().next().expect("a diagnostic");
            assert_eq!(first.code, code, "{text:.20}: {}", first.message);
        }
    }

    #[test]
    fn merge_keys_add_what_the_mapping_does_not_set() {
        let text = "common: &c {a: 1, b: 2}\nmore: &m {c: 3}\none: {<<: *c, b: 9}\nboth: {<<: [*c, *m], d: 4}\n";
        let (loaded, cx) = parse(text);
        assert!(cx.is_empty(), "{:?}", messages(&cx));
        let tree = &loaded.tree;
        let root = loaded.documents[0].root;
        let keys = |name: &str| -> Vec<String> {
            let node = tree.get(root, name).unwrap();
            tree.as_map(node).unwrap().keys().cloned().collect()
        };
        assert_eq!(keys("one"), ["a", "b"]);
        let one = tree.get(root, "one").unwrap();
        assert_eq!(tree.to_json(one), serde_json::json!({"a": 1, "b": 9}));
        assert_eq!(keys("both"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn duplicate_keys_are_reported_all_at_once() {
        let (_, cx) = parse("a: 1\na: 2\nb: {c: 1, c: 2}\n");
        assert_eq!(messages(&cx), ["duplicate key `a`", "duplicate key `c`"]);
        let first = cx.iter().next().unwrap().span.unwrap();
        assert_eq!((first.start.line, first.start.col), (2, 1));
    }

    #[test]
    fn alias_bomb_is_stopped() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..10 {
            let prev = level - 1;
            let refs = vec![format!("*a{prev}"); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let (loaded, cx) = parse(&text);
        assert!(loaded.documents.is_empty());
        assert_eq!(cx.iter().next().unwrap().code, Code::Limit);
        assert!(messages(&cx)[0].contains("alias bomb"));
    }

    #[test]
    fn deep_nesting_is_stopped() {
        let text = "[".repeat(100_000) + &"]".repeat(100_000);
        let (loaded, cx) = parse(&text);
        assert!(loaded.documents.is_empty());
        let d = cx.iter().next().unwrap();
        assert_eq!(d.code, Code::Limit);
        assert_eq!(d.span.unwrap().start.line, 1);
        // Block nesting reaches our own limit rather than the parser's.
        let mut block = String::new();
        for depth in 0..300 {
            block.push_str(&" ".repeat(depth));
            block.push_str("k:\n");
        }
        let (loaded, cx) = parse(&block);
        assert!(loaded.documents.is_empty());
        let d = cx.iter().next().unwrap();
        assert_eq!(d.code, Code::Limit, "{}", d.message);
    }

    #[test]
    fn aliases_share_nodes() {
        let (loaded, cx) = parse("a: &x {k: v}\nb: *x\n");
        assert!(cx.is_empty());
        let root = loaded.documents[0].root;
        assert_eq!(loaded.tree.get(root, "a"), loaded.tree.get(root, "b"));
    }

    #[test]
    fn unreadable_file_is_a_diagnostic() {
        let mut cx = Diagnostics::default();
        let loaded = load(
            &[PathBuf::from("/nonexistent/spec.yaml")],
            &[],
            &[],
            &mut cx,
        );
        assert!(loaded.documents.is_empty());
        assert_eq!(cx.iter().next().unwrap().code, Code::Io);
    }
}
