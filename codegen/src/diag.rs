//! Diagnostics: source locations, the collector every pass writes into, and rendering.
//!
//! Every problem caused by user input becomes a [`Diagnostic`] with a [`Span`]; passes keep
//! going after an error so that one run reports everything it can find.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Index of a file in the [`SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

/// A position in a source file, 1-based line and column (columns count characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A range of a source file. `end` is exclusive and may lie on a later line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub start: Pos,
    pub end: Pos,
}

/// A value together with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

/// One loaded source file.
#[derive(Debug)]
pub struct SourceFile {
    /// The path the file was read from.
    pub path: PathBuf,
    /// The path as shown to users: relative to the working directory when possible, so that
    /// diagnostics and generated docs do not depend on where the project is checked out.
    pub display: String,
    pub text: String,
    /// Where each line starts, worked out on first use: a run may render hundreds of
    /// diagnostics in one large file, and each finds its line in constant time.
    line_starts: std::sync::OnceLock<Vec<usize>>,
}

impl SourceFile {
    /// The text of a 1-based line, without its line break (as `str::lines` gives it).
    pub fn line(&self, line: u32) -> Option<&str> {
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let index = line.checked_sub(1)? as usize;
        let start = *starts.get(index)?;
        // After a final line break there is no further line.
        if start == self.text.len() {
            return None;
        }
        let end = starts
            .get(index + 1)
            .map_or(self.text.len(), |next| next - 1);
        let text = &self.text[start..end];
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

/// All files read during a run.
#[derive(Debug, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    pub fn add(&mut self, path: PathBuf, text: String) -> FileId {
        let display = display_path(&path);
        let id = FileId(self.files.len() as u32);
        self.files.push(SourceFile {
            path,
            display,
            text,
            line_starts: std::sync::OnceLock::new(),
        });
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// `spec/x.yaml:12:7`: where a span starts, as docs and listings show it.
    pub fn location(&self, span: Span) -> String {
        let file = self.get(span.file);
        format!("{}:{}:{}", file.display, span.start.line, span.start.col)
    }

    /// `spec/x.yaml`: the file a span is in.
    pub fn file(&self, span: Span) -> &str {
        &self.get(span.file).display
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter()
    }
}

fn display_path(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    let shown = relative.unwrap_or_else(|| path.to_path_buf());
    // Forward slashes on every platform keep generated docs byte-identical.
    shown.to_string_lossy().replace('\\', "/")
}

/// How much of a value from a spec a message quotes: a 100 MB `type` or tag is shown by its
/// start, so that no diagnostic copies a hostile value whole.
pub const SHOWN_CHARS: usize = 80;

/// The longest text a diagnostic keeps of its message, label, notes or help: what quotes a
/// spec's value should quote it with [`shown`], and this bounds what does not.
const MAX_MESSAGE_CHARS: usize = 2000;

fn bounded(text: String) -> String {
    match text.char_indices().nth(MAX_MESSAGE_CHARS) {
        None => text,
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            format!("{}... ({rest} more characters)", &text[..cut])
        }
    }
}

/// `text` as a message quotes it: whole when short, else its first [`SHOWN_CHARS`] characters
/// and how many more there are.
pub fn shown(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(SHOWN_CHARS) {
        None => std::borrow::Cow::Borrowed(text),
        Some((cut, _)) => {
            let rest = text[cut..].chars().count();
            std::borrow::Cow::Owned(format!("{}... ({rest} more characters)", &text[..cut]))
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The catalogue of diagnostics. Each code is documented in `docs/diagnostics.md` and `DIAGNOSTICS.md`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// A spec file or directory could not be read.
    Io,
    /// The file is not valid YAML (or JSON).
    Syntax,
    /// The file nests too deeply or expands aliases too far to be processed safely.
    Limit,
    /// A mapping has the same key twice.
    DuplicateKey,
    /// A keyword has a value of the wrong shape (`properties: 3`).
    InvalidValue,
    /// The document is neither OpenAPI 3.x nor JSON Schema.
    UnknownDocument,
    /// A `$ref` points at nothing.
    UnresolvedRef,
    /// A `$ref` that typewright refuses to follow (a URL, another file).
    UnsupportedRef,
    /// `type:` names no JSON Schema type.
    UnknownType,
    /// A construct typewright cannot represent yet.
    Unsupported,
    /// A discriminator that does not match its union.
    InvalidDiscriminator,
    /// A `default` that its own schema rejects.
    InvalidDefault,
    /// `allOf` branches that no value can satisfy together.
    AllOfConflict,
    /// A `Config` setting that is not valid: a Rust type or attribute that does not parse.
    InvalidSetting,
    /// A keyword typewright does not know (probably a typo).
    UnknownKeyword,
    /// A keyword typewright does not enforce; the type is the nearest sound one without it.
    NotEnforced,
    /// A `pattern` written for another regex dialect, translated to ECMAScript.
    TranslatedPattern,
    /// A run whose specs define no types at all.
    NoTypes,
    /// A keyword in a form its document's dialect does not define (`items: [..]` in OpenAPI
    /// 3.0 or Swagger 2.0), read the way the data shows it is meant.
    DialectMismatch,
    /// `required` names a key no property declares: a required field of any value.
    UndeclaredRequired,
    /// An operation's parameter that OpenAPI does not allow (no `in`, a style its location
    /// does not have, a path variable no parameter declares).
    InvalidParameter,
    /// A tag given to `Config::operation_tags` that no operation has, a path prefix no
    /// operation is under, or a type given to `Config::only_types` that no type is.
    UnmatchedSelection,
}

impl Code {
    /// Every code, for the catalogue's completeness test.
    pub const ALL: [Code; 22] = [
        Code::Io,
        Code::Syntax,
        Code::Limit,
        Code::DuplicateKey,
        Code::InvalidValue,
        Code::UnknownDocument,
        Code::UnresolvedRef,
        Code::UnsupportedRef,
        Code::UnknownType,
        Code::Unsupported,
        Code::InvalidDiscriminator,
        Code::InvalidDefault,
        Code::AllOfConflict,
        Code::InvalidSetting,
        Code::InvalidParameter,
        Code::UnknownKeyword,
        Code::NotEnforced,
        Code::TranslatedPattern,
        Code::NoTypes,
        Code::DialectMismatch,
        Code::UndeclaredRequired,
        Code::UnmatchedSelection,
    ];

    /// The stable code shown in brackets, `error[E0007]`.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "E0001",
            Code::Syntax => "E0002",
            Code::Limit => "E0003",
            Code::DuplicateKey => "E0004",
            Code::InvalidValue => "E0005",
            Code::UnknownDocument => "E0006",
            Code::UnresolvedRef => "E0007",
            Code::UnsupportedRef => "E0008",
            Code::UnknownType => "E0009",
            Code::Unsupported => "E0010",
            Code::InvalidDiscriminator => "E0011",
            Code::InvalidDefault => "E0012",
            Code::AllOfConflict => "E0013",
            Code::InvalidSetting => "E0014",
            Code::UnknownKeyword => "W0001",
            Code::NotEnforced => "W0003",
            Code::TranslatedPattern => "W0004",
            Code::NoTypes => "W0005",
            Code::DialectMismatch => "W0006",
            Code::UndeclaredRequired => "W0007",
            Code::InvalidParameter => "E0015",
            Code::UnmatchedSelection => "W0008",
        }
    }

    /// What typewright does instead, for the warnings whose recovery is always the same (the
    /// others say it in their own notes).
    pub fn recovery(self) -> Option<&'static str> {
        Some(match self {
            Code::DuplicateKey => "the last value is used",
            Code::UnresolvedRef | Code::UnsupportedRef | Code::Unsupported => {
                "its type is `serde_json::Value`, which accepts any JSON value"
            }
            Code::UnknownType => "the unknown type is ignored",
            Code::InvalidDefault => "the default is dropped: an absent key stays `None`",
            Code::AllOfConflict => "the first declaration is kept",
            _ => return None,
        })
    }

    /// Errors are what cannot be generated soundly: unreadable files and YAML, limits,
    /// keywords of the wrong shape, documents of unknown kinds, bad settings. Everything else
    /// has a documented recovery (the diagnostic says which), so it is a warning, and a
    /// vendor's spec with such defects still builds; [`Diagnostics::deny_warnings`] makes it
    /// an error again.
    pub fn severity(self) -> Severity {
        match self {
            Code::Io
            | Code::Syntax
            | Code::Limit
            | Code::InvalidValue
            | Code::UnknownDocument
            | Code::InvalidSetting => Severity::Error,
            _ => Severity::Warning,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// Where the problem is; `None` only for problems with no source text (an unreadable file).
    pub span: Option<Span>,
    /// The file, for diagnostics without a span.
    pub file: Option<PathBuf>,
    /// Short text printed under the underlined span.
    pub label: Option<String>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn severity(&self) -> Severity {
        self.severity
    }

    pub fn label(&mut self, label: impl Into<String>) -> &mut Self {
        self.label = Some(bounded(label.into()));
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(bounded(help.into()));
        self
    }

    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(bounded(note.into()));
        self
    }
}

/// The collector passed to every pass as `cx`.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    deny_warnings: bool,
}

impl Diagnostics {
    /// A collector that reports every diagnostic as an error, for specs you own.
    pub fn deny_warnings() -> Self {
        Diagnostics {
            items: Vec::new(),
            deny_warnings: true,
        }
    }

    /// Records a diagnostic at `span`; returns it so a label, note or help can be added.
    pub fn report(
        &mut self,
        code: Code,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code, Some(span), None, message.into())
    }

    /// Records a diagnostic about a whole file that has no text to point into.
    /// A problem with a setting of the run, which has no place in a spec.
    pub fn report_setting(&mut self, code: Code, message: impl Into<String>) -> &mut Diagnostic {
        self.push(code, None, None, message.into())
    }

    pub fn report_file(
        &mut self,
        code: Code,
        file: &Path,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        self.push(code, None, Some(file.to_path_buf()), message.into())
    }

    fn push(
        &mut self,
        code: Code,
        span: Option<Span>,
        file: Option<PathBuf>,
        message: String,
    ) -> &mut Diagnostic {
        let severity = if self.deny_warnings {
            Severity::Error
        } else {
            code.severity()
        };
        self.items.push(Diagnostic {
            code,
            severity,
            message: bounded(message),
            span,
            file,
            label: None,
            notes: Vec::new(),
            help: None,
        });
        self.items.last_mut().expect("just pushed")
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity() == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.items
            .iter()
            .filter(|d| d.severity() == Severity::Error)
            .count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// The diagnostics in a stable order: by file, position, then the order they were found.
    /// Every diagnostic in source order; one reported twice at the same place (a schema
    /// shared by several unions, say) is kept once.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        let mut seen = std::collections::HashSet::new();
        self.items.retain(|d| {
            let place = d.span.map(|s| (s.file, s.start.line, s.start.col));
            seen.insert((d.code, place, d.message.clone()))
        });
        self.items
    }
}

/// Renders one diagnostic like rustc, with `annotate-snippets`:
///
/// ```text
/// error[E0009]: unknown type `strng`
///  --> spec/pets.yaml:12:13
///    |
/// 12 |       type: strng
///    |             ^^^^^ not a JSON Schema type
///    |
///    = help: did you mean `string`?
/// ```
///
/// `color` adds ANSI styles, for a terminal.
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap, color: bool) -> String {
    use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
    let level = match diagnostic.severity() {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    // A problem with a whole file (it cannot be read) names the file in the title.
    let message = match (&diagnostic.span, &diagnostic.file) {
        (None, Some(path)) => format!("{}: {}", display_path(path), diagnostic.message),
        _ => diagnostic.message.clone(),
    };
    let title = level
        .primary_title(message.as_str())
        .id(diagnostic.code.as_str());
    let mut group: Group<'_> = Group::with_title(title);
    if let Some(span) = diagnostic.span {
        let file = sources.get(span.file);
        let whole = file.line(span.start.line).unwrap_or_default().trim_end();
        let (line, skipped) = window(whole, span.start.col);
        let start = byte_offset(line, span.start.col - skipped);
        // A span running past its first line is underlined to the end of that line.
        let end = if span.end.line == span.start.line {
            byte_offset(line, span.end.col.saturating_sub(skipped)).max(start)
        } else {
            line.len()
        };
        let end = if end == start {
            next_char(line, start)
        } else {
            end
        };
        let mut annotation = AnnotationKind::Primary.span(start..end);
        if let Some(label) = &diagnostic.label {
            annotation = annotation.label(label.as_str());
        }
        group = group.element(
            Snippet::source(line)
                .line_start(span.start.line as usize)
                .path(file.display.as_str())
                .annotation(annotation),
        );
    }
    // A diagnostic that says how it recovered replaces its code's usual recovery.
    let says_own = diagnostic.notes.iter().any(|n| n.starts_with("recovered:"));
    let recovered = (diagnostic.severity() == Severity::Warning && !says_own)
        .then(|| diagnostic.code.recovery())
        .flatten()
        .map(|recovery| format!("recovered: {recovery}"));
    for note in diagnostic.notes.iter().chain(&recovered) {
        group = group.element(Level::NOTE.message(note.as_str()));
    }
    if let Some(help) = &diagnostic.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = renderer.render(&[group]);
    out.push('\n');
    out
}

/// The characters of a source line a snippet shows around column `col`: the whole line
/// when it is short, else a window from a little before the column, so that a 100 MB line
/// (a hostile scalar) is not copied into the message. Also how many characters were left out
/// before the window.
fn window(line: &str, col: u32) -> (&str, u32) {
    const BEFORE: usize = 40;
    const WIDTH: usize = 200;
    if line.len() <= WIDTH {
        return (line, 0);
    }
    let from = (col as usize).saturating_sub(1 + BEFORE);
    let start = line.char_indices().nth(from).map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    let end = rest
        .char_indices()
        .nth(WIDTH)
        .map_or(rest.len(), |(i, _)| i);
    (&rest[..end], from as u32)
}

/// The byte offset of 1-based character column `col` in `line`, clamped to the line.
fn byte_offset(line: &str, col: u32) -> usize {
    line.char_indices()
        .nth(col.saturating_sub(1) as usize)
        .map_or(line.len(), |(i, _)| i)
}

/// The end of the character at `at`, so that an empty span still underlines something.
fn next_char(line: &str, at: usize) -> usize {
    line[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// Renders every diagnostic, then a summary line when there were errors.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&render(d, sources, color));
        out.push('\n');
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity() == Severity::Error)
        .count();
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        let _ = writeln!(
            out,
            "typewright: {errors} error{plural}; nothing was generated"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(text: &str) -> (SourceMap, FileId) {
        let mut map = SourceMap::default();
        let id = map.add(PathBuf::from("spec/pets.yaml"), text.to_string());
        (map, id)
    }

    #[test]
    fn lines_are_found_as_str_lines_finds_them() {
        for text in ["", "a", "a\n", "a\r\nb\r\n\nc", "\n\n", "é\nü"] {
            let (map, id) = sources(text);
            let file = map.get(id);
            for n in 0u32..6 {
                let expected = n.checked_sub(1).and_then(|i| text.lines().nth(i as usize));
                assert_eq!(file.line(n), expected, "{text:?} line {n}");
            }
        }
    }

    #[test]
    fn renders_location_snippet_label_and_help() {
        let (map, file) = sources("a: 1\nschema:\n      type: strng\n");
        // A warning by default; an error for those who deny warnings.
        let mut cx = Diagnostics::deny_warnings();
        let span = Span {
            file,
            start: Pos { line: 3, col: 13 },
            end: Pos { line: 3, col: 18 },
        };
        cx.report(Code::UnknownType, span, "unknown type `strng`")
            .label("not a JSON Schema type")
            .help("did you mean `string`?");
        let text = render(&cx.into_sorted()[0], &map, false);
        assert_eq!(
            text,
            "error[E0009]: unknown type `strng`\n --> spec/pets.yaml:3:13\n  |\n3 |       type: strng\n  |             ^^^^^ not a JSON Schema type\n  |\n  = help: did you mean `string`?\n"
        );
    }

    #[test]
    fn multi_line_span_underlines_to_end_of_first_line() {
        let (map, file) = sources("key: {\n  a: 1 }\n");
        let mut cx = Diagnostics::default();
        let span = Span {
            file,
            start: Pos { line: 1, col: 6 },
            end: Pos { line: 2, col: 8 },
        };
        cx.report(Code::InvalidValue, span, "bad");
        let text = render(&cx.into_sorted()[0], &map, false);
        assert!(text.contains("1 | key: {\n  |      ^\n"), "{text}");
    }

    #[test]
    fn sorted_by_position_and_counts_errors() {
        let (_, file) = sources("x");
        let at = |line| Span {
            file,
            start: Pos { line, col: 1 },
            end: Pos { line, col: 2 },
        };
        let mut cx = Diagnostics::default();
        cx.report(Code::UnknownKeyword, at(9), "later warning");
        cx.report(Code::InvalidValue, at(2), "earlier error");
        // The same problem found twice at one place is reported once.
        cx.report(Code::UnknownKeyword, at(9), "later warning");
        assert_eq!(cx.error_count(), 1);
        let sorted = cx.into_sorted();
        assert_eq!(sorted.len(), 2);
        assert_eq!(sorted[0].message, "earlier error");
        assert_eq!(sorted[1].severity(), Severity::Warning);
    }
}
