//! Doc comments: the schema's prose, the facts a reader needs (format, checks, secrets) and
//! where the type came from.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::{SourceMap, Span};
use crate::ir::{Docs, Field, Presence, TypeRef};
use crate::words::Pattern;

/// Where generated items say they came from: the file, and with `Config::source_positions`
/// the line and column.
#[derive(Clone, Copy)]
pub(super) struct Origins<'a> {
    pub sources: &'a SourceMap,
    pub positions: bool,
}

impl Origins<'_> {
    fn of(&self, span: Span) -> String {
        match self.positions {
            true => self.sources.location(span),
            false => self.sources.file(span).to_string(),
        }
    }
}

pub(super) fn type_docs(docs: &Docs, origins: Origins<'_>) -> TokenStream {
    let mut lines = Vec::new();
    push_prose(&mut lines, docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let location = docs.span.map(|span| origins.of(span)).unwrap_or_default();
    lines.push(format!("Generated from `{location}` (`{}`).", docs.pointer));
    doc_attrs(&lines)
}

pub(super) fn field_docs(field: &Field, origins: Origins<'_>) -> TokenStream {
    let mut lines = Vec::new();
    push_prose(&mut lines, &field.docs);
    if lines.is_empty() {
        // The spec says nothing of it: say what the key is, so every field has docs.
        let presence = match field.presence {
            Presence::Required => "required",
            Presence::RequiredNullable => "required, may be `null`",
            Presence::Optional if matches!(field.ty, TypeRef::Option(_)) => {
                "optional, may be `null`"
            }
            Presence::Optional => "optional",
        };
        // The file is the type's; only a position would say more.
        let location = field
            .docs
            .span
            .filter(|_| origins.positions)
            .map(|span| format!(", `{}`", origins.of(span)))
            .unwrap_or_default();
        lines.push(format!(
            "The `{}` key ({presence}{location}).",
            field.wire_name
        ));
    }
    let mut facts = Vec::new();
    // A checked format is said with the checks.
    let checked_format = field.checks.as_ref().is_some_and(|c| c.format.is_some());
    if let Some(format) = field.format.as_ref().filter(|_| !checked_format) {
        facts.push(format!("Format: `{format}`."));
    }
    if let Some(checks) = &field.checks {
        facts.push(format!(
            "{} Checked when deserializing.",
            describe_checks(checks, through_option(&field.ty))
        ));
    }
    if field.secret {
        facts.push("A secret: `Debug` shows it as `<redacted>`.".into());
    }
    if !facts.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(facts.join(" "));
    }
    doc_attrs(&lines)
}

/// `1 item`, `2 items`.
fn counted(count: u64, noun: &str) -> String {
    match count {
        1 => format!("1 {noun}"),
        _ => format!("{count} {noun}s"),
    }
}

/// The type inside any `Option`s.
fn through_option(mut ty: &TypeRef) -> &TypeRef {
    while let TypeRef::Option(inner) = ty {
        ty = inner;
    }
    ty
}

/// The validation keywords in words: `Length: 1 to 2083 characters. Matches ...`; those of
/// the items or values of `ty` (an array or a map) after them.
fn describe_checks(checks: &crate::ir::Checks, ty: &TypeRef) -> String {
    let mut parts = Vec::new();
    match (checks.min_length, checks.max_length) {
        (Some(min), Some(max)) if min == max => {
            parts.push(format!("Length: exactly {}.", counted(min, "character")))
        }
        (Some(min), Some(max)) => {
            parts.push(format!("Length: {min} to {}.", counted(max, "character")))
        }
        (Some(min), None) => parts.push(format!("Length: at least {}.", counted(min, "character"))),
        (None, Some(max)) => parts.push(format!("Length: at most {}.", counted(max, "character"))),
        (None, None) => {}
    }
    if let Some(format) = checks.format {
        parts.push(format!("A valid `{}`.", format.name()));
    }
    let b = &checks.bounds;
    for pattern in &b.patterns {
        let Pattern { source, flags } = &pattern.value;
        match flags.contains('i') {
            true => parts.push(format!("Matches `{source}`, ignoring case.")),
            false => parts.push(format!("Matches `{source}`.")),
        }
    }
    let bounds = [
        (b.minimum, ">="),
        (b.exclusive_minimum, ">"),
        (b.maximum, "<="),
        (b.exclusive_maximum, "<"),
    ];
    for (bound, op) in bounds {
        if let Some(bound) = bound {
            parts.push(format!("Must be {op} {bound}."));
        }
    }
    if let Some(step) = b.multiple_of {
        parts.push(format!("A multiple of {step}."));
    }
    for (count, bound, what) in [
        (b.min_items, "At least", "item"),
        (b.max_items, "At most", "item"),
        (b.min_properties, "At least", "key"),
        (b.max_properties, "At most", "key"),
    ] {
        if let Some(count) = count {
            parts.push(format!("{bound} {}.", counted(count, what)));
        }
    }
    if b.unique_items {
        parts.push("Items are unique.".into());
    }
    if !checks.key_patterns.is_empty() {
        let listed: Vec<String> = checks
            .key_patterns
            .iter()
            .map(|p| format!("`{}`", p.source))
            .collect();
        parts.push(format!("Keys match one of {}.", listed.join(", ")));
    }
    if let Some(keys) = &checks.keys {
        let string = TypeRef::Prim(crate::ir::Prim::String);
        parts.push(format!("Each key: {}", describe_checks(keys, &string)));
    }
    if let Some(inner) = &checks.inner {
        let (what, item) = match ty {
            TypeRef::Vec(item) => ("item", &**item),
            TypeRef::Map(value) => ("value", &**value),
            _ => ("item or value", &TypeRef::Any),
        };
        let item = through_option(item);
        let said = describe_checks(inner, item);
        // A nested level in parentheses, so that its own items stay apart from it.
        match inner.inner.is_some() || inner.keys.is_some() {
            true => parts.push(format!("Each {what}: ({said})")),
            false => parts.push(format!("Each {what}: {said}")),
        }
    }
    parts.join(" ")
}

fn push_prose(lines: &mut Vec<String>, docs: &Docs) {
    let mut paragraphs: Vec<String> = Vec::new();
    paragraphs.extend(docs.title.iter().cloned());
    paragraphs.extend(docs.context.iter().cloned());
    paragraphs.extend(docs.description.iter().cloned());
    if let Some(example) = docs.examples.first() {
        // Long examples would drown the docs; the spec has them in full.
        const LIMIT: usize = 120;
        let shown = if example.chars().count() > LIMIT {
            let cut: String = example.chars().take(LIMIT).collect();
            format!("{cut}...")
        } else {
            example.clone()
        };
        paragraphs.push(format!("Example: `{}`", shown.replace('`', "'")));
    }
    if docs.deprecated {
        paragraphs.push("Deprecated in the spec.".into());
    }
    if docs.read_only {
        paragraphs.push("Read-only: sent by the server, not needed in requests.".into());
    }
    if docs.write_only {
        paragraphs.push("Write-only: sent in requests, never returned.".into());
    }
    // `description: ""` (drchrono's every field) says nothing: an empty doc line would be
    // all the field has, which clippy's `empty_docs` rejects.
    let said = paragraphs.iter().filter(|p| !p.trim().is_empty());
    for (i, paragraph) in said.enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(markdown_lines(paragraph.trim_end()));
    }
}

/// Spec prose is Markdown that nobody here wrote. It stays readable, but it never becomes a
/// doctest (rustdoc compiles and runs fenced and indented code blocks as Rust: fences become
/// `text`, and indentation is dropped) and never trips clippy's doc lints (tabs, list items
/// over-indented, or continued without indentation).
pub(super) fn markdown_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // The fence that opened the code block we are in, if any.
    let mut fence: Option<String> = None;
    // The content indentation of the list item in progress, for its continuation lines.
    let mut item_indent: Option<usize> = None;
    // Inside an HTML block Markdown is not parsed, so a fence there is no fence: it is
    // escaped, lest this reading and rustdoc's disagree on where code blocks are.
    let mut html: Option<Html> = None;
    // A lone CR ends a line in Markdown, and rustc rejects one in a doc comment (VTEX's
    // descriptions hold them). Most descriptions have none, and are not copied.
    let text: std::borrow::Cow<str> = match text.contains('\r') {
        true => text.replace("\r\n", "\n").replace('\r', "\n").into(),
        false => text.into(),
    };
    for raw in text.lines() {
        let line = raw.replace('\t', "    ");
        let trimmed = line.trim();
        if html.is_none() && fence.is_none() {
            let after_blank = out.last().is_none_or(String::is_empty);
            html = html_block_start(trimmed, after_blank);
        }
        if let Some(kind) = html {
            let ends = match kind {
                Html::Comment => trimmed.contains("-->"),
                Html::Block => trimmed.is_empty(),
            };
            out.push(
                trimmed
                    .replace("```", "\\`\\`\\`")
                    .replace("~~~", "\\~\\~\\~"),
            );
            if ends {
                html = None;
            }
            continue;
        }
        if let Some(open) = &fence {
            // A fence closes with at least as many of the same character, and nothing else.
            let closes =
                trimmed.len() >= open.len() && trimmed.chars().all(|c| open.starts_with(c));
            match closes {
                true => {
                    out.push(open.clone());
                    fence = None;
                }
                false => out.push(line.trim_end().to_string()),
            }
            continue;
        }
        let first = trimmed.chars().next().unwrap_or(' ');
        let marker: String = trimmed.chars().take_while(|&c| c == first).collect();
        if matches!(first, '`' | '~') && marker.len() >= 3 {
            out.push(format!("{marker}text"));
            fence = Some(marker);
            item_indent = None;
            continue;
        }
        if trimmed.is_empty() {
            out.push(String::new());
            item_indent = None;
            continue;
        }
        // A line after a block quote's line continues the quote (CommonMark's lazy
        // continuation): it gets the `>` that clippy asks for, and renders as before.
        let quoting = out.last().is_some_and(|l: &String| l.starts_with('>'));
        if quoting && !trimmed.starts_with('>') {
            out.push(format!("> {trimmed}"));
            continue;
        }
        if let Some(width) = list_marker_width(trimmed) {
            item_indent = Some(width);
            out.push(trimmed.to_string());
            continue;
        }
        match item_indent {
            Some(width) => out.push(format!("{}{trimmed}", " ".repeat(width))),
            None => out.push(trimmed.to_string()),
        }
    }
    if let Some(open) = fence {
        out.push(open);
    }
    out
}

/// Whether a line starts an HTML block, as CommonMark reads it (the kinds rustdoc's and
/// clippy's parser know). A tag that starts a line is not enough: `<br /> More text` is
/// inline HTML in a paragraph, whose list items and their continuations are Markdown.
fn html_block_start(trimmed: &str, after_blank: bool) -> Option<Html> {
    /// The tags that start a block wherever they are (CommonMark's kinds 1 and 6).
    const BLOCK_TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "pre",
        "script",
        "search",
        "section",
        "style",
        "summary",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    if trimmed.starts_with("<!--") {
        return Some(Html::Comment);
    }
    let rest = trimmed.strip_prefix('<')?;
    let rest = rest.strip_prefix('/').unwrap_or(rest);
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .unwrap_or(rest.len());
    let (name, after) = rest.split_at(name_len);
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let known = BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str())
        && (after.is_empty() || after.starts_with([' ', '>', '/']));
    // Any other tag starts a block only alone on its line, and not inside a paragraph.
    let alone = after_blank && trimmed.ends_with('>') && !trimmed[1..].contains('<');
    (known || alone).then_some(Html::Block)
}

#[derive(Clone, Copy)]
enum Html {
    /// `<!-- ... -->`, which may span blank lines.
    Comment,
    /// Any other HTML block, which a blank line ends.
    Block,
}

/// Where a list item's content starts (`- `, `*   `, `12. `, `3) `), if the line is one: the
/// marker and the spaces after it (CommonMark counts up to four), which is the indentation
/// its continuation lines need.
fn list_marker_width(line: &str) -> Option<usize> {
    let marker = if line.starts_with(['-', '*', '+']) {
        1
    } else {
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        let rest = &line[digits..];
        if digits == 0 || !rest.starts_with(['.', ')']) {
            return None;
        }
        digits + 1
    };
    let spaces = line[marker..].chars().take_while(|&c| c == ' ').count();
    match spaces {
        0 => None,
        1..=4 => Some(marker + spaces),
        // Five or more: the item's content is indented code, and starts after one space.
        _ => Some(marker + 1),
    }
}

/// One `#[doc = " line"]` per line, so prettyplease prints `///` comments.
pub(super) fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            // rustc rejects a bare CR in a doc comment, wherever the line came from.
            match line.contains('\r') {
                true => format!(" {}", line.replace('\r', " ")),
                false => format!(" {line}"),
            }
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}

#[cfg(test)]
mod tests {
    use super::markdown_lines;

    #[test]
    fn prose_never_becomes_a_doctest_or_trips_doc_lints() {
        let text = "Intro:\n```\nfn main() {}\n```\n\n    indented code\n- item\ncontinued\n\t* tabbed item\n1. first\n   more\n~~~~json\n{\"a\":\t1}";
        assert_eq!(
            markdown_lines(text),
            [
                "Intro:",
                "```text",
                "fn main() {}",
                "```",
                "",
                "indented code",
                "- item",
                "  continued",
                "* tabbed item",
                "1. first",
                "   more",
                "~~~~text",
                "{\"a\":    1}",
                "~~~~",
            ]
        );
        // GitHub's operations write `*   item`: its continuation lines need four spaces.
        let spaced = "*   This API has a limit. See [Git Trees\n  API](https://x.test).";
        assert_eq!(
            markdown_lines(spaced),
            [
                "*   This API has a limit. See [Git Trees",
                "    API](https://x.test)."
            ]
        );
        // PagerDuty's notes: a quote's next line continues it, and says so.
        assert_eq!(
            markdown_lines("> **Note:** see below.\nScoped OAuth requires: `a.read`\n\nAfter."),
            [
                "> **Note:** see below.",
                "> Scoped OAuth requires: `a.read`",
                "",
                "After."
            ]
        );
        // A tag at the start of a line inside a paragraph is inline HTML (Azure's Face API):
        // the list after it is Markdown, and its continuation lines keep their indentation.
        let inline = "Add a face.\n<br /> Note: see below.\n* Choose a model:\n  | Model | Use |\n  | --- | --- |";
        assert_eq!(
            markdown_lines(inline),
            [
                "Add a face.",
                "<br /> Note: see below.",
                "* Choose a model:",
                "  | Model | Use |",
                "  | --- | --- |",
            ]
        );
        // A block-level tag, or any tag alone on its line after a blank one, starts an HTML
        // block, which Markdown does not read until the next blank line.
        assert_eq!(
            markdown_lines("<table>\n* not a list\n```\n\n<span>\n```"),
            [
                "<table>",
                "* not a list",
                "\\`\\`\\`",
                "",
                "<span>",
                "\\`\\`\\`"
            ]
        );
        // A lone CR ends a line, as in CommonMark (VTEX's descriptions).
        assert_eq!(markdown_lines("Body:\r{\r\n}"), ["Body:", "{", "}"]);
        // Fences inside an HTML comment are not fences, to rustdoc or here.
        let commented = "<!-- Example:\n```\nsecret\n``` -->\n\n```\ncode\n```";
        assert_eq!(
            markdown_lines(commented),
            [
                "<!-- Example:",
                "\\`\\`\\`",
                "secret",
                "\\`\\`\\` -->",
                "",
                "```text",
                "code",
                "```",
            ]
        );
    }
}
