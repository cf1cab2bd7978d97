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
}

impl SourceFile {
    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> Option<&str> {
        self.text.lines().nth(line.checked_sub(1)? as usize)
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
        });
        id
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// The catalogue of diagnostics. Each code is documented in the README.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
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
    /// A keyword typewright does not know (probably a typo).
    UnknownKeyword,
    /// A `format` typewright does not know; the base type is used.
    UnknownFormat,
    /// A keyword typewright does not enforce; the type is the nearest sound one without it.
    NotEnforced,
}

impl Code {
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
            Code::UnknownKeyword => "W0001",
            Code::UnknownFormat => "W0002",
            Code::NotEnforced => "W0003",
        }
    }

    pub fn severity(self) -> Severity {
        match self {
            Code::UnknownKeyword | Code::UnknownFormat | Code::NotEnforced => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Mistakes in a spec that typewright can work around: lenient runs report them as
    /// warnings (a duplicate key keeps its last value; a dangling `$ref` becomes any JSON value).
    pub fn is_spec_defect(self) -> bool {
        matches!(
            self,
            Code::DuplicateKey | Code::UnresolvedRef | Code::AllOfConflict
        )
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
        self.label = Some(label.into());
        self
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn note(&mut self, note: impl Into<String>) -> &mut Self {
        self.notes.push(note.into());
        self
    }
}

/// The collector passed to every pass as `cx`.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    lenient: bool,
}

impl Diagnostics {
    /// A collector that reports spec defects ([`Code::is_spec_defect`]) as warnings.
    pub fn lenient() -> Self {
        Diagnostics {
            items: Vec::new(),
            lenient: true,
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
        let severity = if self.lenient && code.is_spec_defect() {
            Severity::Warning
        } else {
            code.severity()
        };
        self.items.push(Diagnostic {
            code,
            severity,
            message,
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
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        self.items
    }
}

/// Renders one diagnostic like rustc, headed by a clickable `file:line:col:` location:
///
/// ```text
/// spec/pets.yaml:12:13: error[E0009]: unknown type `strng`
///    |
/// 12 |       type: strng
///    |             ^^^^^ not a JSON Schema type
///    |
///    = help: did you mean `string`?
/// ```
pub fn render(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let severity = match diagnostic.severity() {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut out = String::new();
    let location = match (diagnostic.span, &diagnostic.file) {
        (Some(span), _) => format!(
            "{}:{}:{}: ",
            sources.get(span.file).display,
            span.start.line,
            span.start.col
        ),
        (None, Some(file)) => format!("{}: ", display_path(file)),
        (None, None) => String::new(),
    };
    let _ = writeln!(
        out,
        "{location}{severity}[{}]: {}",
        diagnostic.code.as_str(),
        diagnostic.message
    );
    let gutter_width = diagnostic
        .span
        .map_or(1, |s| s.start.line.to_string().len());
    let pad = " ".repeat(gutter_width);
    if let Some(span) = diagnostic.span
        && let Some(line) = sources.get(span.file).line(span.start.line)
    {
        let line = line.trim_end();
        let start = span.start.col.saturating_sub(1) as usize;
        let line_chars = line.chars().count();
        let end = if span.end.line == span.start.line {
            (span.end.col.saturating_sub(1) as usize).min(line_chars)
        } else {
            line_chars
        };
        let width = end.saturating_sub(start).max(1);
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{} | {line}", span.start.line);
        let label = diagnostic
            .label
            .as_deref()
            .map(|l| format!(" {l}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{pad} | {}{}{label}",
            " ".repeat(start),
            "^".repeat(width)
        );
    }
    if !diagnostic.notes.is_empty() || diagnostic.help.is_some() {
        let _ = writeln!(out, "{pad} |");
    }
    for note in &diagnostic.notes {
        let _ = writeln!(out, "{pad} = note: {note}");
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(out, "{pad} = help: {help}");
    }
    out
}

/// Renders every diagnostic, then a summary line when there were errors.
pub fn render_all(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&render(d, sources));
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
    fn renders_location_snippet_label_and_help() {
        let (map, file) = sources("a: 1\nschema:\n      type: strng\n");
        let mut cx = Diagnostics::default();
        let span = Span {
            file,
            start: Pos { line: 3, col: 13 },
            end: Pos { line: 3, col: 18 },
        };
        cx.report(Code::UnknownType, span, "unknown type `strng`")
            .label("not a JSON Schema type")
            .help("did you mean `string`?");
        let text = render(&cx.into_sorted()[0], &map);
        assert_eq!(
            text,
            "spec/pets.yaml:3:13: error[E0009]: unknown type `strng`\n  |\n3 |       type: strng\n  |             ^^^^^ not a JSON Schema type\n  |\n  = help: did you mean `string`?\n"
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
        let text = render(&cx.into_sorted()[0], &map);
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
        cx.report(Code::UnknownFormat, at(9), "later warning");
        cx.report(Code::UnknownType, at(2), "earlier error");
        assert_eq!(cx.error_count(), 1);
        let sorted = cx.into_sorted();
        assert_eq!(sorted[0].message, "earlier error");
        assert_eq!(sorted[1].severity(), Severity::Warning);
    }
}
