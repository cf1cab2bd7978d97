//! Doc comments: the schema's prose, the facts a reader needs (format, checks, secrets) and
//! where the type came from.

use proc_macro2::TokenStream;
use quote::quote;

use crate::diag::SourceMap;
use crate::ir::{Docs, Field, Presence};
use crate::schema::Pattern;

pub(super) fn type_docs(docs: &Docs, sources: &SourceMap) -> TokenStream {
    let mut lines = Vec::new();
    push_prose(&mut lines, docs);
    if !lines.is_empty() {
        lines.push(String::new());
    }
    let location = docs
        .span
        .map(|span| sources.location(span))
        .unwrap_or_default();
    lines.push(format!("Generated from `{location}` (`{}`).", docs.pointer));
    doc_attrs(&lines)
}

pub(super) fn field_docs(field: &Field, sources: &SourceMap) -> TokenStream {
    let mut lines = Vec::new();
    push_prose(&mut lines, &field.docs);
    if lines.is_empty() {
        // The spec says nothing of it: say what the key is, so every field has docs.
        let presence = match field.presence {
            Presence::Required => "required",
            Presence::RequiredNullable => "required, may be `null`",
            Presence::Optional if matches!(field.ty, crate::ir::TypeRef::Option(_)) => {
                "optional, may be `null`"
            }
            Presence::Optional => "optional",
        };
        let location = field
            .docs
            .span
            .map(|span| format!(", `{}`", sources.location(span)))
            .unwrap_or_default();
        lines.push(format!(
            "The `{}` key ({presence}{location}).",
            field.wire_name
        ));
    }
    let mut facts = Vec::new();
    if let Some(format) = &field.format {
        facts.push(format!("Format: `{format}`."));
    }
    if let Some(checks) = &field.checks {
        facts.push(format!(
            "{} Checked when deserializing.",
            describe_checks(checks)
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

/// The validation keywords in words: `Length: 1 to 2083 characters. Matches ...`.
fn describe_checks(checks: &crate::ir::Checks) -> String {
    let mut parts = Vec::new();
    match (checks.min_length, checks.max_length) {
        (Some(min), Some(max)) => parts.push(format!("Length: {min} to {max} characters.")),
        (Some(min), None) => parts.push(format!("Length: at least {min} characters.")),
        (None, Some(max)) => parts.push(format!("Length: at most {max} characters.")),
        (None, None) => {}
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
    for (count, what) in [
        (b.min_items, "At least {} items."),
        (b.max_items, "At most {} items."),
        (b.min_properties, "At least {} keys."),
        (b.max_properties, "At most {} keys."),
    ] {
        if let Some(count) = count {
            parts.push(what.replace("{}", &count.to_string()));
        }
    }
    if b.unique_items {
        parts.push("Items are unique.".into());
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
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            lines.push(String::new());
        }
        lines.extend(
            paragraph
                .trim_end()
                .lines()
                .map(|l| l.trim_end().to_string()),
        );
    }
}

/// One `#[doc = " line"]` per line, so prettyplease prints `///` comments.
pub(super) fn doc_attrs(lines: &[String]) -> TokenStream {
    let attrs = lines.iter().map(|line| {
        let text = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #[doc = #text] }
    });
    quote! { #(#attrs)* }
}
