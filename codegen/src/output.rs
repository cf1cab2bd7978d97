//! Passes 6 and 7: `format` the tokens with prettyplease, and `write` only when the content
//! changed, so an unchanged spec never bumps the file's mtime and never rebuilds dependents.

use std::io;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::mpsc;

use proc_macro2::TokenStream;
use quote::quote;

mod plain;

use crate::emit::Module;
use crate::ir::TypeId;

/// Pretty-prints the generated modules below a header saying where they came from. The
/// items are made and formatted a few at a time on every core: tokens and syntax trees
/// cannot move between threads, so each thread emits the items it formats.
/// `item(module, id)` makes the item of a type (`emit::Items::item`).
///
/// Past `limit` bytes the output stops, and the run says so (`Failed::TooLarge`) instead of
/// writing it: the passes keep every copy of a spec's values in bounds, and this bounds
/// whatever they miss.
///
/// Formatting takes four fifths of generation, so it has a budget: items whose `estimate`d
/// size (`emit::Items::estimate`) would take the formatted output past [`FORMAT_BUDGET`] are
/// printed plainly ([`plain`]), a line per statement without prettyplease's layout. Which
/// items those are follows from the spec alone, so the output stays deterministic; real
/// specs (GitHub's and Stripe's are 10 and 13 MB of code) are formatted whole.
///
/// With a `cache` (a build script's, from its previous run), a run of items whose tokens are
/// in it takes the text it holds instead of being parsed and printed again (`syn`'s parse and
/// prettyplease's print were nearly half of an unoptimized build script's run on GitHub's
/// spec, and an edit changes a few runs). [`Formatted::cache`] then holds the runs of this
/// output, for the next. Each run's distinct identifiers are worked out with its text (and
/// kept with it), for the parts' imports ([`Part::words`]).
pub fn format(
    modules: Vec<Module>,
    item: &(dyn Fn(usize, TypeId) -> TokenStream + Sync),
    estimate: &dyn Fn(TypeId) -> usize,
    header: &str,
    limit: usize,
    cache: Option<&FormatCache>,
) -> Result<Formatted, Failed> {
    // The output in order: text of the module heads, made here, and runs of items, which
    // the threads format (`None` until they have).
    let mut pieces = vec![Some(escape_bidi(format!("{header}\n")))];
    let mut runs = Vec::new();
    // Each part's module, name and pieces (a run never crosses a part's end).
    let mut part_pieces = Vec::new();
    // Each module's head: the piece of its text before its items.
    let mut head_pieces = Vec::new();
    let mut budget = FORMAT_BUDGET;
    for (index, module) in modules.iter().enumerate() {
        let head = escape_bidi(unparse(module.head.clone()).map_err(Failed::Invalid)?);
        // The head ends with its body's closing brace: the items go before it.
        let body_end = head.trim_end().len() - 1;
        head_pieces.push(pieces.len());
        pieces.push(Some(head[..body_end].to_string()));
        for (at, (start, name)) in module.parts.iter().enumerate() {
            let end = module.parts.get(at + 1).map_or(module.items.len(), |p| p.0);
            let first = pieces.len();
            for run in module.items[*start..end].chunks(ITEMS_PER_RUN) {
                let cost = run
                    .iter()
                    .fold(0usize, |sum, &id| sum.saturating_add(estimate(id)));
                let formatted = cost <= budget;
                budget = budget.saturating_sub(cost);
                runs.push((pieces.len(), index, run, formatted));
                pieces.push(None);
            }
            part_pieces.push((index, name.clone(), first..pieces.len()));
        }
        pieces.push(Some(head[body_end..].to_string()));
    }
    let (runs, next) = (&runs, &AtomicUsize::new(0));
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let (done, finished) = mpsc::channel();
    std::thread::scope(|scope| {
        for _ in 0..workers {
            let done = done.clone();
            scope.spawn(move || {
                // Runs are taken in order, so few wait for an earlier one to be written.
                while let Some(&(piece, module, ids, formatted)) =
                    runs.get(next.fetch_add(1, Relaxed))
                {
                    let tokens: TokenStream = ids.iter().map(|id| item(module, *id)).collect();
                    let run = match (formatted, cache) {
                        (true, Some(cache)) => {
                            let key = FormatCache::key(&tokens);
                            match cache.runs.get(&key) {
                                Some(run) => Ok((run.clone(), Some(key))),
                                None => {
                                    format_items(tokens).map(|text| (Run::new(text), Some(key)))
                                }
                            }
                        }
                        (true, None) => format_items(tokens).map(|text| (Run::new(text), None)),
                        (false, _) => Ok((Run::new(escape_bidi(plain::items(tokens, 1))), None)),
                    };
                    // A closed channel means the output failed: stop.
                    if done.send((piece, run)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut words = vec![String::new(); pieces.len()];
        let mut output = InOrder {
            code: String::new(),
            pieces,
            written: 0,
            offsets: vec![0],
        };
        output.write_ready();
        let mut cached = FormatCache::default();
        for (piece, run) in finished {
            let (run, key) = run.map_err(Failed::Invalid)?;
            if let Some(key) = key {
                cached.runs.insert(key, run.clone());
            }
            words[piece] = run.words;
            output.pieces[piece] = Some(run.text);
            output.write_ready();
            if output.code.len() > limit {
                return Err(Failed::TooLarge(output.code.len()));
            }
        }
        // Only a thread that panicked leaves a piece out; the scope goes on with its panic.
        let parts = part_pieces
            .into_iter()
            .map(|(module, name, pieces)| {
                let mut part_words: Vec<&str> = (words[pieces.clone()].iter())
                    .flat_map(|words| words.split(' '))
                    .filter(|word| !word.is_empty())
                    .collect();
                part_words.sort_unstable();
                part_words.dedup();
                Part {
                    module,
                    name,
                    range: output.offsets[pieces.start]..output.offsets[pieces.end],
                    words: part_words.into_iter().map(str::to_string).collect(),
                }
            })
            .collect();
        let heads = head_pieces
            .into_iter()
            .map(|piece| output.offsets[piece]..output.offsets[piece + 1])
            .collect();
        Ok(Formatted {
            code: output.code,
            layout: Layout {
                parts,
                modules: modules.iter().map(|m| m.name.clone()).collect(),
                heads,
            },
            cache: cached,
        })
    })
}

/// The formatted output: the text of one file, and where its parts are in it.
#[derive(Debug)]
pub struct Formatted {
    pub code: String,
    pub layout: Layout,
    /// With a cache given to [`format`], the formatted runs of this output, for the next.
    pub cache: FormatCache,
}

/// Formatted runs of items by their tokens: the text of a run's tokens as proc-macro2 prints
/// them, by its hash and length, so that a run whose items did not change is not parsed and
/// printed again. A build script keeps the runs of its last output in its output directory
/// ([`Self::read`], [`Self::write`]); a file that is missing or unreadable is an empty cache.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct FormatCache {
    runs: std::collections::HashMap<(u64, usize), Run>,
}

impl FormatCache {
    /// The first line of the file, which names the format: a file without it is ignored.
    const MAGIC: &'static str = "typewright format cache 2\n";

    /// A run's key: SipHash with fixed keys of its tokens' text, and the text's length.
    fn key(tokens: &TokenStream) -> (u64, usize) {
        use std::hash::Hasher;
        let text = tokens.to_string();
        let mut hasher = std::hash::DefaultHasher::new();
        hasher.write(text.as_bytes());
        (hasher.finish(), text.len())
    }

    /// Where a build script that writes `file_name` into `dir` keeps its cache.
    pub fn path(dir: &Path, file_name: &str) -> std::path::PathBuf {
        dir.join(format!("{}.format-cache", stem(file_name)))
    }

    /// The cache a build script wrote to `path`; empty when there is none or it does not
    /// read as one (it is only ever a cache: the worst a bad one does is a slower run).
    pub fn read(path: &Path) -> Self {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        Self::parse(&text).unwrap_or_default()
    }

    /// Records of `<hash in hex> <length> <text's length> <words' length>\n<text><words>`,
    /// after the first line.
    fn parse(text: &str) -> Option<Self> {
        let mut rest = text.strip_prefix(Self::MAGIC)?;
        let mut runs = std::collections::HashMap::new();
        while !rest.is_empty() {
            let (line, after) = rest.split_once('\n')?;
            let mut fields = line.split(' ');
            let hash = u64::from_str_radix(fields.next()?, 16).ok()?;
            let len = fields.next()?.parse().ok()?;
            let text_len: usize = fields.next()?.parse().ok()?;
            let words_len: usize = fields.next()?.parse().ok()?;
            let end = text_len.checked_add(words_len)?;
            let (text, words) = (after.get(..text_len)?, after.get(text_len..end)?);
            let (text, words) = (text.to_string(), words.to_string());
            runs.insert((hash, len), Run { text, words });
            rest = &after[end..];
        }
        Some(Self { runs })
    }

    /// Writes the cache to `path` when its content changed, its runs in key order.
    pub fn write(&self, path: &Path) -> io::Result<bool> {
        let mut keys: Vec<&(u64, usize)> = self.runs.keys().collect();
        keys.sort_unstable();
        let size: usize = (self.runs.values())
            .map(|run| run.text.len() + run.words.len() + 64)
            .sum();
        let mut text = String::with_capacity(Self::MAGIC.len() + size);
        text.push_str(Self::MAGIC);
        for key in keys {
            let run = &self.runs[key];
            let (hash, len, text_len, words_len) = (key.0, key.1, run.text.len(), run.words.len());
            text.push_str(&format!("{hash:016x} {len} {text_len} {words_len}\n"));
            text.push_str(&run.text);
            text.push_str(&run.words);
        }
        write(path, &text)
    }
}

/// Where the parts of each module's items are in the output's text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub parts: Vec<Part>,
    /// Every module's identifier, in order.
    pub modules: Vec<String>,
    /// Each module's head in the output's text: its opening and the items before its types.
    pub heads: Vec<std::ops::Range<usize>>,
}

/// A run of a module's items that a build script writes as a file of its own, included in a
/// child module ([`write_parts`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    /// Its module, by index in [`Layout::modules`].
    pub module: usize,
    /// The part's file and child module name.
    pub name: String,
    /// Its items' text in the output.
    pub range: std::ops::Range<usize>,
    /// The distinct identifiers of that text, sorted (see [`identifiers`]).
    pub words: Vec<String>,
}

/// A run of items as written: its text, and its distinct identifiers, sorted, with a space
/// between them. Worked out by the thread that formats the run (or kept in the cache with
/// it), so that a part's imports need no pass of their own over the output.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Run {
    text: String,
    words: String,
}

impl Run {
    fn new(text: String) -> Self {
        // Distinct first: a run repeats its words many times, and sorting them all took
        // longer than formatting the run, unoptimized.
        let distinct: std::collections::HashSet<&str> = identifiers(&text).collect();
        let mut words: Vec<&str> = distinct.into_iter().collect();
        words.sort_unstable();
        let words = words.join(" ");
        Self { text, words }
    }
}

/// Writes `code` as `dir/file_name`, each part as a file of its own below
/// `dir/<file stem>.parts/<module>/` included by a child module that re-exports it, each file
/// only if its content changed, and removes the part files of earlier runs that this one has
/// not. Split so, an edit re-checks its own part: see bench/README.md, "The edit loop".
pub fn write_parts(dir: &Path, file_name: &str, code: &str, layout: &Layout) -> io::Result<()> {
    let (parts, modules) = (&layout.parts, &layout.modules);
    let stem = stem(file_name);
    let root = dir.join(format!("{stem}.parts"));
    let siblings = named_siblings(code, layout);
    let imports = part_imports(code, layout, &siblings);
    let mut head = String::with_capacity(code.len() / 8);
    let mut kept = std::collections::HashSet::new();
    let mut at = 0;
    let mut module = None;
    for (part, imports) in parts.iter().zip(&imports) {
        head.push_str(&code[at..part.range.start]);
        // Items name other modules' types `super::other::Type`: one level down, in a part,
        // `super` is their own module, which names those siblings for them.
        if module != Some(part.module) && !siblings[part.module].is_empty() {
            let names: Vec<&str> = siblings[part.module]
                .iter()
                .map(|&index| modules[index].as_str())
                .collect();
            head.push_str(&format!(
                "    #[allow(unused_imports)]\n    use super::{{{}}};\n",
                names.join(", ")
            ));
        }
        module = Some(part.module);
        let directory = modules[part.module].trim_start_matches("r#");
        let relative = format!("{stem}.parts/{directory}/{}.rs", part.name);
        let name = &part.name;
        // The names the part takes from its module, each by name: `use super::*` in every
        // part made rustc's resolver hold every name of the module once per part (Stripe's
        // 191 parts: 330 MB more at expansion than one file).
        let import = match imports.is_empty() {
            true => String::new(),
            false => format!(
                "        #[allow(unused_imports)]\n        use super::{{{}}};\n",
                imports.join(", ")
            ),
        };
        head.push_str(&format!(
            "    mod {name} {{\n{import}        include!(\"{relative}\");\n    }}\n    pub use {name}::*;\n"
        ));
        let path = dir.join(&relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write(&path, &code[part.range.clone()])?;
        kept.insert(path);
        at = part.range.end;
    }
    head.push_str(&code[at..]);
    write(&dir.join(file_name), &head)?;
    // Parts an earlier run wrote that this one has not: a module or part that is gone.
    if let Ok(modules) = std::fs::read_dir(&root) {
        for module in modules.flatten() {
            for file in std::fs::read_dir(module.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if !kept.contains(&file.path()) {
                    std::fs::remove_file(file.path())?;
                }
            }
        }
    }
    Ok(())
}

/// For each part, in order, the names it takes from its module (spelled as declared, sorted):
/// every identifier of its text ([`Part::words`]) that its module declares elsewhere (a
/// public item of another part, any item or import of the module's head, a sibling module
/// the head imports), and not one the part declares itself. A name that only looks like a
/// use (in a doc, a field's name) is imported unused, which the import allows.
fn part_imports(code: &str, layout: &Layout, siblings: &[Vec<usize>]) -> Vec<Vec<String>> {
    use std::collections::{HashMap, HashSet};
    // Each part's public declarations, and each module's names by their bare spelling.
    let declared: Vec<Vec<&str>> = (layout.parts.iter())
        .map(|part| declarations(&code[part.range.clone()], true))
        .collect();
    let mut names: Vec<HashMap<&str, &str>> = vec![HashMap::new(); layout.modules.len()];
    for (part, declared) in layout.parts.iter().zip(&declared) {
        for name in declared {
            names[part.module].insert(bare(name), name);
        }
    }
    for (module, range) in layout.heads.iter().enumerate() {
        for name in declarations(&code[range.clone()], false) {
            names[module].insert(bare(name), name);
        }
        for &sibling in &siblings[module] {
            let name = layout.modules[sibling].as_str();
            names[module].insert(bare(name), name);
        }
    }
    (layout.parts.iter().zip(&declared))
        .map(|(part, own)| {
            let names = &names[part.module];
            let mut taken: Vec<&str> = (part.words.iter())
                .filter_map(|word| names.get(word.as_str()).copied())
                .collect();
            taken.sort_unstable();
            taken.dedup();
            // A set: a hostile spec can put thousands of types in one part.
            let own: HashSet<&str> = own.iter().map(|name| bare(name)).collect();
            (taken.into_iter())
                .filter(|name| !own.contains(bare(name)))
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// The output file's name without `.rs`, which names the files written beside it.
fn stem(file_name: &str) -> &str {
    file_name.strip_suffix(".rs").unwrap_or(file_name)
}

fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The names a module's text declares at its top level (an indent of four spaces, as the
/// output is written): items, with `public_only` only `pub` and `pub(crate)` ones (a part's
/// private items stay in its child module), and the names of its `use` declarations.
fn declarations(text: &str, public_only: bool) -> Vec<&str> {
    let mut names = Vec::new();
    for line in text.lines() {
        let Some(rest) = line.strip_prefix("    ") else {
            continue;
        };
        let (public, rest) = match rest.strip_prefix("pub(crate) ") {
            Some(rest) => (true, rest),
            None => match rest.strip_prefix("pub ") {
                Some(rest) => (true, rest),
                None => (false, rest),
            },
        };
        if public_only && !public {
            continue;
        }
        if let Some(path) = rest.strip_prefix("use ") {
            // `use a::{b, c};` or `use a::b;` on one line, as the heads write them.
            let Some(path) = path.strip_suffix(';') else {
                continue;
            };
            let list = match (path.find('{'), path.strip_suffix('}')) {
                (Some(open), Some(_)) => &path[open + 1..path.len() - 1],
                _ => path,
            };
            for item in list.split(',') {
                let item = item.trim();
                let name = match item.rsplit_once(" as ") {
                    Some((_, alias)) => alias,
                    None => item.rsplit("::").next().unwrap_or(item),
                };
                if !name.is_empty() && name != "*" && name != "self" {
                    names.push(name.trim());
                }
            }
            continue;
        }
        let rest = match rest.strip_prefix("const ") {
            Some(function) if function.starts_with("fn ") => function,
            _ => rest,
        };
        let Some(rest) = [
            "struct ", "enum ", "type ", "fn ", "const ", "static ", "trait ", "union ", "mod ",
        ]
        .iter()
        .find_map(|keyword| rest.strip_prefix(keyword)) else {
            continue;
        };
        let raw = if rest.starts_with("r#") { 2 } else { 0 };
        let end = rest[raw..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(rest.len(), |end| end + raw);
        if end > raw {
            names.push(&rest[..end]);
        }
    }
    names
}

/// The identifiers of a text, bare (`r#type` is `type`), in order: letters, digits and `_`
/// after a letter or `_` that does not continue a word or a number.
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    // Whether a byte continues a word: a table, since build scripts run this unoptimized.
    const WORD: [bool; 256] = {
        let mut table = [false; 256];
        let mut byte = 0;
        while byte < 256 {
            let b = byte as u8;
            table[byte] = b.is_ascii_alphanumeric() || b == b'_';
            byte += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            if !WORD[usize::from(bytes[at])] {
                at += 1;
                continue;
            }
            let start = at;
            while at < bytes.len() && WORD[usize::from(bytes[at])] {
                at += 1;
            }
            if !bytes[start].is_ascii_digit() {
                return Some(&text[start..at]);
            }
        }
        None
    })
}

/// For each module, the other modules its parts name (`super::other::`), in module order:
/// one pass over the text, so that a spec directory of thousands of files imports what each
/// uses, not every module into every other.
fn named_siblings(code: &str, layout: &Layout) -> Vec<Vec<usize>> {
    let by_name: std::collections::HashMap<&str, usize> = (layout.modules.iter().enumerate())
        .map(|(index, name)| (name.as_str(), index))
        .collect();
    let mut named = vec![std::collections::BTreeSet::new(); layout.modules.len()];
    for part in &layout.parts {
        let text = &code[part.range.clone()];
        for (at, _) in text.match_indices("super::") {
            let rest = &text[at + "super::".len()..];
            let raw = if rest.starts_with("r#") { 2 } else { 0 };
            let end = rest[raw..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .map_or(rest.len(), |end| end + raw);
            match by_name.get(&rest[..end]) {
                Some(&index) if index != part.module => {
                    named[part.module].insert(index);
                }
                _ => {}
            }
        }
    }
    named
        .into_iter()
        .map(|set| set.into_iter().collect())
        .collect()
}

/// Why [`format`] made no output.
#[derive(Debug)]
pub enum Failed {
    /// Emitted tokens that are no Rust (a bug).
    Invalid(String),
    /// The output grew past the limit: this many bytes were made when it stopped.
    TooLarge(usize),
}

/// The output, written in order from pieces that finish out of order; each piece is freed
/// once written, so the text is held about once.
struct InOrder {
    code: String,
    pieces: Vec<Option<String>>,
    written: usize,
    /// Where each piece starts in `code`, and where the last written ends.
    offsets: Vec<usize>,
}

impl InOrder {
    fn write_ready(&mut self) {
        while let Some(text) = self.pieces.get_mut(self.written).and_then(Option::take) {
            self.code.push_str(&text);
            self.written += 1;
            self.offsets.push(self.code.len());
        }
    }
}

/// The estimated bytes of formatted items per run (48 MB): past it, items are printed plainly.
const FORMAT_BUDGET: usize = 24 << 20;

/// Items a thread takes at a time: a run costs one module wrapper to parse and print, and
/// small runs keep every core busy to the end (an operation's items are many times a
/// schema's).
const ITEMS_PER_RUN: usize = 8;

/// Items formatted inside a module, as they will stand, so that the line width and the
/// indentation are those of the whole file formatted at once.
fn format_items(items: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(quote! { mod m { #items } }).map_err(invalid)?;
    let text = prettyplease::unparse(&file);
    text.strip_prefix("mod m {\n")
        .and_then(|rest| rest.strip_suffix("}\n"))
        .map(|items| escape_bidi(items.to_string()))
        .ok_or_else(|| "typewright formatted an item unexpectedly (a bug; please report it)".into())
}

fn unparse(tokens: TokenStream) -> Result<String, String> {
    let file: syn::File = syn::parse2(tokens).map_err(invalid)?;
    Ok(prettyplease::unparse(&file))
}

fn invalid(err: syn::Error) -> String {
    format!("typewright produced invalid Rust (a bug; please report it): {err}")
}

/// Writes the bidirectional controls (`U+202A..=U+202E`, `U+2066..=U+2069`) as `\u{..}`
/// escapes. Raw, they can make code read differently from what it does, and rustc denies
/// them in comments and literals; escaped, a string literal keeps its value (the output has
/// no raw strings) and a doc comment shows where they were.
fn escape_bidi(code: String) -> String {
    let is_bidi = |c: char| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    // Each of them starts with the byte 0xE2 in UTF-8; the byte search is std's, which is
    // optimised even in a build script compiled at opt-level 0.
    if !code.as_bytes().contains(&0xE2) || !code.contains(is_bidi) {
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

    /// A module named `name` whose items are types `first..first + count`, in one part.
    fn module(name: &str, first: u32, count: u32) -> Module {
        let ident = quote::format_ident!("{name}");
        Module {
            name: name.to_string(),
            head: quote! {
                /// Docs.
                pub mod #ident {
                    use std::fmt;
                }
            },
            items: (first..first + count).map(TypeId).collect(),
            parts: match count {
                0 => Vec::new(),
                _ => vec![(0, format!("part_{name}"))],
            },
        }
    }

    /// Items from their source text, by type id.
    fn items(source: &[String]) -> impl Fn(usize, TypeId) -> TokenStream + Sync + '_ {
        |_, id| source[id.0 as usize].parse().unwrap()
    }

    /// A run whose tokens are in the cache takes its text from there; the others are
    /// formatted, and the cache of the output holds every formatted run, which reads back
    /// from its file as written.
    #[test]
    fn runs_in_the_format_cache_are_not_formatted_again() {
        let source: Vec<String> = (0..2 * ITEMS_PER_RUN + 3)
            .map(|i| format!("pub struct A{i} {{ pub b: u8 }}"))
            .collect();
        let pets = || vec![module("pets", 0, source.len() as u32)];
        let estimate = |_| 0;
        let plain = format(pets(), &items(&source), &estimate, "", usize::MAX, None).unwrap();
        assert!(plain.cache.runs.is_empty());
        let empty = FormatCache::default();
        let first = format(
            pets(),
            &items(&source),
            &estimate,
            "",
            usize::MAX,
            Some(&empty),
        );
        let first = first.unwrap();
        assert_eq!(first.code, plain.code);
        assert_eq!(first.cache.runs.len(), 3);
        // A doctored entry shows that a run in the cache is taken from it.
        let mut doctored = FormatCache::default();
        for (key, run) in &first.cache.runs {
            let mut run = run.clone();
            if run.text.contains("pub struct A0 ") {
                run.text = run.text.replace("pub b: u8", "pub b: Cached");
            }
            doctored.runs.insert(*key, run);
        }
        let again = format(
            pets(),
            &items(&source),
            &estimate,
            "",
            usize::MAX,
            Some(&doctored),
        );
        let again = again.unwrap();
        assert_eq!(
            again.code,
            plain
                .code
                .replacen("pub b: u8", "pub b: Cached", ITEMS_PER_RUN)
        );
        // One item changed: its run is formatted anew, the others come from the cache.
        let mut edited = source.clone();
        edited[0] = "pub struct A0 { pub b: u16 }".into();
        let after = format(
            pets(),
            &items(&edited),
            &estimate,
            "",
            usize::MAX,
            Some(&doctored),
        );
        let after = after.unwrap();
        assert!(
            after.code.contains("pub struct A0 {\n        pub b: u16,"),
            "{}",
            after.code
        );
        assert_eq!(after.cache.runs.len(), 3);
        assert_eq!(
            after
                .cache
                .runs
                .keys()
                .filter(|k| !doctored.runs.contains_key(k))
                .count(),
            1
        );

        let dir = std::env::temp_dir().join(format!("typewright-cache-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.format-cache");
        assert!(first.cache.write(&path).unwrap());
        assert!(
            !first.cache.write(&path).unwrap(),
            "written only when it changed"
        );
        assert_eq!(FormatCache::read(&path), first.cache);
        // Anything else is an empty cache: a missing file, another format, a cut-off file.
        assert_eq!(
            FormatCache::read(&dir.join("missing")),
            FormatCache::default()
        );
        let text = std::fs::read_to_string(&path).unwrap();
        for bad in [&text[FormatCache::MAGIC.len()..], &text[..text.len() - 3]] {
            std::fs::write(&path, bad).unwrap();
            assert_eq!(FormatCache::read(&path), FormatCache::default());
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn formats_run_by_run_as_one_file_would() {
        // More items than one run holds, in two modules, so that threads finish out of order.
        let source: Vec<String> = (0..3 * ITEMS_PER_RUN + 5)
            .map(|i| format!("pub struct A{i} {{ pub b: u8 }} impl A{i} {{ fn d() {{}} }}"))
            .collect();
        let split = (2 * ITEMS_PER_RUN + 1) as u32;
        let rest = source.len() as u32 - split;
        let modules = vec![module("pets", 0, split), module("owners", split, rest)];
        let code = format(
            modules,
            &items(&source),
            &|_| 0,
            "// header",
            usize::MAX,
            None,
        )
        .unwrap()
        .code;
        let all: Vec<TokenStream> = source.iter().map(|s| s.parse().unwrap()).collect();
        let (pets, owners) = all.split_at(split as usize);
        let whole = quote! {
            /// Docs.
            pub mod pets { use std::fmt; #(#pets)* }
            /// Docs.
            pub mod owners { use std::fmt; #(#owners)* }
        };
        let file: syn::File = syn::parse2(whole).unwrap();
        assert_eq!(code, format!("// header\n{}", prettyplease::unparse(&file)));
        assert_eq!(
            format(
                vec![module("pets", 0, 0)],
                &items(&[]),
                &|_| 0,
                "",
                usize::MAX,
                None
            )
            .unwrap()
            .code,
            "\n/// Docs.\npub mod pets {\n    use std::fmt;\n}\n"
        );
    }

    /// A part one level down names its module's siblings through it: each module imports
    /// the siblings its own parts name, and only those.
    #[test]
    fn modules_import_the_siblings_their_parts_name() {
        let a = "    pub struct A(pub super::b::B, super::r#type::T);\n";
        let code = format!("{a}    pub struct C;\n");
        let part = |module, range| Part {
            module,
            name: format!("part_{module}"),
            range,
            words: Vec::new(),
        };
        let layout = Layout {
            parts: vec![part(0, 0..a.len()), part(2, a.len()..code.len())],
            modules: vec!["a".into(), "b".into(), "r#type".into(), "unnamed".into()],
            heads: Vec::new(),
        };
        assert_eq!(
            named_siblings(&code, &layout),
            [vec![1, 2], vec![], vec![], vec![]]
        );
    }

    /// Each part imports by name what its module declares elsewhere and the part uses: the
    /// public items of other parts, the head's items and imports, the siblings the module
    /// imports; not its own items, and not another part's private ones.
    #[test]
    fn parts_import_by_name_what_they_use_of_their_module() {
        let source = [
            "pub struct Pet { pub owner: Owner, pub kind: r#type::Kind } fn helper() {} pub(crate) fn default_size() -> u8 { 1 }",
            "pub struct Owner { pub pet: Option<Box<Pet>>, pub size: u8 } impl Owner { fn f() { helper(); let _ = (LIMIT, serde_json::json!(1), default_size(), r#type::Kind); } }",
            "pub type Alias = Pet; pub struct Unrelated(pub u8);",
        ]
        .map(String::from);
        let mut pets = module("pets", 0, 3);
        pets.head = quote! {
            /// Docs.
            pub mod pets {
                use ::typewright_runtime::{serde, serde_json};
                use super::r#type;
                /// A limit.
                pub const LIMIT: u8 = 1;
            }
        };
        pets.parts = vec![
            (0, "part_a".into()),
            (1, "part_b".into()),
            (2, "part_c".into()),
        ];
        let formatted = format(vec![pets], &items(&source), &|_| 0, "", usize::MAX, None).unwrap();
        let siblings = vec![Vec::new()];
        let imports = part_imports(&formatted.code, &formatted.layout, &siblings);
        assert_eq!(
            imports,
            [
                vec!["Owner", "r#type"],
                vec!["LIMIT", "Pet", "default_size", "r#type", "serde_json"],
                // The keyword of `pub type` reads as `r#type`: imported, unused.
                vec!["Pet", "r#type"],
            ]
        );
    }

    /// A build script's output: each part a file of its own included by a child module,
    /// every file written only when it changed, and parts that are gone removed.
    #[test]
    fn parts_are_files_of_their_own_written_when_they_change() {
        let source: Vec<String> = (0..2 * ITEMS_PER_RUN + 3)
            .map(|i| format!("pub struct A{i};"))
            .collect();
        let mut pets = module("pets", 0, source.len() as u32);
        pets.parts.push((ITEMS_PER_RUN + 1, "part_late".into()));
        let formatted = format(vec![pets], &items(&source), &|_| 0, "", usize::MAX, None).unwrap();
        let parts = &formatted.layout.parts;
        let names: Vec<&str> = parts.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["part_pets", "part_late"]);
        assert!(formatted.code[parts[1].range.clone()].starts_with("    pub struct A9;"));
        let dir = std::env::temp_dir().join(format!("typewright-parts-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let write = || write_parts(&dir, "out.rs", &formatted.code, &formatted.layout).unwrap();
        write();
        let head = std::fs::read_to_string(dir.join("out.rs")).unwrap();
        assert!(head.contains("    mod part_late {\n        include!(\"out.parts/pets/part_late.rs\");\n    }\n    pub use part_late::*;\n"), "{head}");
        assert!(!head.contains("pub struct A"), "{head}");
        let late = dir.join("out.parts/pets/part_late.rs");
        let text = std::fs::read_to_string(&late).unwrap();
        assert!(
            text.starts_with("    pub struct A9;") && text.ends_with("pub struct A18;\n"),
            "{text}"
        );
        // Unchanged: nothing is rewritten. A stale part of an earlier run is removed.
        let stale = dir.join("out.parts/pets/part_gone.rs");
        std::fs::write(&stale, "").unwrap();
        let before = std::fs::metadata(&late).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        write();
        assert_eq!(
            std::fs::metadata(&late).unwrap().modified().unwrap(),
            before
        );
        assert!(!stale.exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn output_past_the_limit_stops() {
        let source = vec!["pub struct A;".to_string(); 40];
        let made = format(
            vec![module("pets", 0, 40)],
            &items(&source),
            &|_| 0,
            "",
            64,
            None,
        );
        assert!(
            matches!(made, Err(Failed::TooLarge(n)) if n > 64),
            "{made:?}"
        );
    }

    #[test]
    fn bidi_controls_are_escaped_in_the_header_and_the_items() {
        let source = vec!["#[doc = \"a \u{2066}b\"] pub struct A;".to_string()];
        let code = format(
            vec![module("pets", 0, 1)],
            &items(&source),
            &|_| 0,
            "// from \u{202e}x.yaml",
            usize::MAX,
            None,
        )
        .unwrap()
        .code;
        assert!(!code.contains(['\u{202e}', '\u{2066}']), "{code}");
        assert!(code.starts_with("// from \\u{202e}x.yaml\n"), "{code}");
        assert!(code.contains("a \\u{2066}b"), "{code}");
    }

    #[test]
    fn invalid_tokens_are_an_error_not_a_panic() {
        let source = vec!["pub struct A;".to_string(), "pub struct".to_string()];
        assert!(
            format(
                vec![module("pets", 0, 2)],
                &items(&source),
                &|_| 0,
                "",
                usize::MAX,
                None
            )
            .is_err()
        );
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
