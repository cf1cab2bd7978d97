//! Structurally identical types defined once: Stripe's spec repeats the same inline
//! enums and expandable unions hundreds of times, and each copy costs rustc a full set of
//! derives. Every type keeps its name: a copy becomes `pub type Copy = First;`, so code
//! written against either name compiles, and variants and fields read the same through both.
//!
//! Types are compared by what the generated code holds (fields, serde attributes, checks,
//! defaults, derives, field docs), not by where the spec wrote them. Identity is worked out
//! bottom-up, one round per level of nesting: two structs are identical once the types
//! their fields refer to are. Rounds are capped, so a hostile spec costs a bounded number of
//! linear passes and only misses some sharing.

use std::collections::HashMap;
use std::fmt::Write;

use crate::ir::{Checks, DefaultValue, Field, Ir, NameSource, TypeId, TypeKind, TypeRef};

/// Rounds of sharing; each one sees the identities the last found, one level deeper.
const MAX_ROUNDS: usize = 8;

/// Turns every type that is identical to an earlier one into an alias of it, except those
/// `keep` names (a type with attributes of its own); returns how many were shared.
pub fn share_identical_types(ir: &mut Ir, keep: &dyn Fn(TypeId) -> bool) -> usize {
    let mut first: Vec<TypeId> = ir.ids().collect();
    // A named schema's type is the definition its copies share where it has any: the alias
    // then reads `pub type AccountLogo = File;`, not the other way round.
    let mut order: Vec<TypeId> = ir.ids().collect();
    order.sort_by_key(|&id| (!matches!(ir.get(id).name, NameSource::Root(_)), id.0));
    // What each type's definition holds, written once: its text with every type it names
    // left out (interned, so that a key compares as a number), and the types it names, in
    // order. A round looks the named types up again as they are merged.
    let mut texts: HashMap<String, u32> = HashMap::new();
    let mut shapes: Vec<Option<(u32, Vec<TypeId>)>> = Vec::with_capacity(ir.types.len());
    let mut text = String::new();
    // A response's headers struct reads and writes its headers as they are described: two
    // are one type only where those descriptions are the same too.
    let header_params = ir.header_params();
    let mut headers = vec![false; ir.types.len()];
    for id in ir.ids() {
        text.clear();
        let mut named = Vec::new();
        if keep(id) || ir.get(id).docs.deprecated || !write_key(&mut text, ir, id, &mut named) {
            shapes.push(None);
            continue;
        }
        if let Some(params) = header_params.get(&id) {
            let _ = write!(text, "|headers{params:?}");
            headers[id.0 as usize] = true;
        }
        let next = texts.len() as u32;
        let interned = *texts.entry(text.clone()).or_insert(next);
        shapes.push(Some((interned, named)));
    }
    for _round in 0..MAX_ROUNDS {
        let mut seen: HashMap<(u32, Vec<TypeId>), TypeId> = HashMap::new();
        let mut changed = false;
        for &id in &order {
            // A deprecated type would make its copies' aliases name it, and warn.
            if first[id.0 as usize] != id {
                continue;
            }
            let Some((text, named)) = &shapes[id.0 as usize] else {
                continue;
            };
            let key = (*text, named.iter().map(|&n| find(&first, n)).collect());
            match seen.get(&key) {
                Some(&earlier) => {
                    first[id.0 as usize] = earlier;
                    changed = true;
                }
                None => {
                    seen.insert(key, id);
                }
            }
        }
        if !changed {
            break;
        }
    }
    let mut shared = 0;
    let mut serves_others = vec![false; ir.types.len()];
    for id in ir.ids() {
        let target = find(&first, id);
        if target != id {
            ir.types[id.0 as usize].kind = TypeKind::Alias(TypeRef::Named(target));
            serves_others[target.0 as usize] |= headers[id.0 as usize];
            shared += 1;
        }
    }
    // A headers struct's docs name its own response: one that others share says so.
    for (def, _) in ir.types.iter_mut().zip(&serves_others).filter(|(_, s)| **s) {
        let docs = def.docs.description.get_or_insert_with(String::new);
        docs.push_str(
            "\n\nOther responses that document the same headers share this struct: their \
             headers structs' names are aliases of it.",
        );
    }
    shared
}

/// The definition `id` shares, after every merge (a chain when a later round merged the
/// first of a group).
fn find(first: &[TypeId], mut id: TypeId) -> TypeId {
    while first[id.0 as usize] != id {
        id = first[id.0 as usize];
    }
    id
}

/// What the generated definition of `id` holds, with a `#` for every type it names (pushed
/// onto `named`, in order); `false` for kinds that are not shared (aliases).
fn write_key(out: &mut String, ir: &Ir, id: TypeId, named: &mut Vec<TypeId>) -> bool {
    let def = ir.get(id);
    let _ = write!(out, "{:?}|", def.derives);
    match &def.kind {
        TypeKind::Alias(_) => return false,
        TypeKind::Enum(e) => {
            let _ = write!(out, "enum|{}|{:?}", e.open, e.values);
        }
        TypeKind::Union(u) => {
            let _ = write!(out, "union|{:?}", u.tag);
            for v in &u.variants {
                let _ = write!(out, "|{:?}|{:?}|{}|{:?}|", v.tag, v.also, v.boxed, v.name);
                write_ref(out, &v.ty, named);
                if let Some(checks) = &v.checks {
                    write_checks(out, checks);
                }
            }
        }
        TypeKind::Struct(s) => {
            let _ = write!(
                out,
                "struct|{}|{}|{}|",
                s.deny_unknown, s.transparent, s.validated
            );
            if let Some(extra) = &s.extra {
                write_ref(out, extra, named);
            }
            for field in &s.fields {
                write_field(out, field, named);
            }
        }
    }
    true
}

/// Every check, at every depth: two types that check differently are two types.
fn write_checks(out: &mut String, checks: &Checks) {
    let b = &checks.bounds;
    let patterns: Vec<_> = b.patterns.iter().map(|p| &p.value).collect();
    let _ = write!(
        out,
        "|{:?}{:?}{patterns:?}{:?}{:?}{:?}{:?}{:?}{:?}{:?}{}{:?}{:?}{:?}{:?}",
        checks.min_length,
        checks.max_length,
        b.minimum,
        b.maximum,
        b.exclusive_minimum,
        b.exclusive_maximum,
        b.multiple_of,
        b.min_items,
        b.max_items,
        b.unique_items,
        b.min_properties,
        b.max_properties,
        checks.format,
        checks.key_patterns,
    );
    for (label, part) in [("items", &checks.inner), ("keys", &checks.keys)] {
        if let Some(part) = part {
            let _ = write!(out, "|{label}(");
            write_checks(out, part);
            out.push(')');
        }
    }
}

fn write_field(out: &mut String, f: &Field, named: &mut Vec<TypeId>) {
    let _ = write!(
        out,
        "|{:?}|{:?}|{:?}|{}|{:?}|{}|{}|",
        f.wire_name, f.rust_name, f.presence, f.secret, f.format, f.boxed, f.flatten
    );
    write_ref(out, &f.ty, named);
    let docs = &f.docs;
    let _ = write!(
        out,
        "|{:?}|{:?}|{:?}|{:?}|{}{}{}",
        docs.title,
        docs.description,
        docs.context,
        docs.examples,
        docs.deprecated,
        docs.read_only,
        docs.write_only
    );
    if let Some(checks) = &f.checks {
        write_checks(out, checks);
    }
    match &f.default {
        None => {}
        Some(DefaultValue::Literal(l)) => {
            let _ = write!(out, "|={l:?}");
        }
        Some(DefaultValue::Variant(ty, index)) => {
            named.push(*ty);
            let _ = write!(out, "|=#.{index}");
        }
        Some(DefaultValue::Json(text, _)) => {
            let _ = write!(out, "|={text}");
        }
    }
}

fn write_ref(out: &mut String, ty: &TypeRef, named: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Named(id) => {
            named.push(*id);
            out.push('#');
        }
        TypeRef::Prim(p) => out.push_str(p.rust()),
        TypeRef::Vec(inner) => {
            out.push_str("Vec<");
            write_ref(out, inner, named);
            out.push('>');
        }
        TypeRef::Map(inner) => {
            out.push_str("Map<");
            write_ref(out, inner, named);
            out.push('>');
        }
        TypeRef::Option(inner) => {
            out.push_str("Option<");
            write_ref(out, inner, named);
            out.push('>');
        }
        TypeRef::Tuple(items) => {
            out.push('(');
            for item in items {
                write_ref(out, item, named);
                out.push(',');
            }
            out.push(')');
        }
        TypeRef::External(path, args) => {
            let _ = write!(out, "{}<", path.text());
            for arg in args {
                write_ref(out, arg, named);
                out.push(',');
            }
            out.push('>');
        }
        TypeRef::Any => out.push_str("Any"),
        TypeRef::Null => out.push_str("()"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::Run;

    /// The spec, shared; each type's name and what it became (`= Target` for an alias).
    fn shared(spec: &str, keep: &[&str]) -> Vec<String> {
        let mut run = Run::new(spec);
        let kept: Vec<TypeId> = keep.iter().map(|name| run.id(name)).collect();
        share_identical_types(&mut run.ir, &|id| kept.contains(&id));
        run.ir
            .ids()
            .map(|id| match &run.ir.get(id).kind {
                TypeKind::Alias(TypeRef::Named(target)) => {
                    format!("{} = {}", run.names.ty(id), run.names.ty(*target))
                }
                _ => run.names.ty(id).to_string(),
            })
            .collect()
    }

    const COPIES: &str = r#"
openapi: 3.1.0
components:
  schemas:
    Charge:
      type: object
      properties:
        object: {type: string, enum: [list]}
        status: {type: string, enum: [paid, failed]}
    Refund:
      type: object
      properties:
        object: {type: string, enum: [list]}
        status: {type: string, enum: [paid, failed]}
    Payout:
      type: object
      properties:
        object: {type: string, enum: [list]}
        status: {type: string, enum: [paid, failed, pending]}
"#;

    #[test]
    fn copies_become_aliases_of_the_first_and_containers_follow() {
        let types = shared(COPIES, &[]);
        assert!(
            types.contains(&"RefundObject = ChargeObject".to_string()),
            "{types:?}"
        );
        assert!(
            types.contains(&"PayoutObject = ChargeObject".to_string()),
            "{types:?}"
        );
        assert!(
            types.contains(&"RefundStatus = ChargeStatus".to_string()),
            "{types:?}"
        );
        // A second round sees that the fields now name one type: the structs are one too.
        assert!(types.contains(&"Refund = Charge".to_string()), "{types:?}");
        // Another value set is another type, and so is the struct that holds it.
        assert!(types.contains(&"PayoutStatus".to_string()), "{types:?}");
        assert!(types.contains(&"Payout".to_string()), "{types:?}");
    }

    #[test]
    fn a_named_schema_is_the_definition_its_inline_copies_share() {
        let spec = r#"
openapi: 3.1.0
components:
  schemas:
    Order:
      type: object
      properties:
        state: {type: string, enum: [open, closed]}
    State: {type: string, enum: [open, closed]}
"#;
        let types = shared(spec, &[]);
        assert!(
            types.contains(&"OrderState = State".to_string()),
            "{types:?}"
        );
        assert!(types.contains(&"State".to_string()), "{types:?}");
    }

    #[test]
    fn what_the_code_holds_keeps_types_apart() {
        let spec = r#"
openapi: 3.1.0
components:
  schemas:
    A:
      type: object
      properties: {n: {type: integer, maximum: 5}}
    B:
      type: object
      properties: {n: {type: integer, maximum: 6}}
    C:
      type: object
      properties: {n: {type: integer, maximum: 5, description: other docs}}
    D:
      type: object
      required: [n]
      properties: {n: {type: integer, maximum: 5}}
    E:
      type: object
      additionalProperties: false
      properties: {n: {type: integer, maximum: 5}}
    F:
      type: object
      properties: {n: {type: integer, maximum: 5, default: 1}}
    G:
      type: object
      properties: {n: {type: integer, maximum: 5}}
"#;
        let types = shared(spec, &[]);
        assert_eq!(types, ["A", "B", "C", "D", "E", "F", "G = A"], "{types:?}");
    }

    #[test]
    fn response_headers_described_alike_share_one_struct() {
        let spec = r#"
openapi: 3.1.0
paths:
  /a:
    get:
      operationId: a
      responses:
        '200':
          description: ok
          headers: {X-Tags: {schema: {type: array, items: {type: string}}}}
  /b:
    get:
      operationId: b
      responses:
        '200':
          description: ok
          headers: {X-Tags: {schema: {type: array, items: {type: string}}}}
  /c:
    get:
      operationId: c
      responses:
        '200':
          description: ok
          headers: {x-tags: {schema: {type: array, items: {type: string}}}}
"#;
        let types = shared(spec, &[]);
        assert!(types.contains(&"AOkHeaders".to_string()), "{types:?}");
        assert!(
            types.contains(&"BOkHeaders = AOkHeaders".to_string()),
            "{types:?}"
        );
        // The same field, but the header is spelt another way, and written as it is spelt:
        // another struct.
        assert!(types.contains(&"COkHeaders".to_string()), "{types:?}");
    }

    #[test]
    fn kept_types_and_recursive_types_keep_their_definitions() {
        let types = shared(COPIES, &["RefundObject"]);
        assert!(types.contains(&"RefundObject".to_string()), "{types:?}");
        // The struct that holds the kept type names another type than Charge's field does.
        assert!(types.contains(&"Refund".to_string()), "{types:?}");
        let spec = r#"
openapi: 3.1.0
components:
  schemas:
    Node:
      type: object
      properties: {next: {$ref: '#/components/schemas/Node'}}
    Link:
      type: object
      properties: {next: {$ref: '#/components/schemas/Link'}}
"#;
        // Each names itself: sharing never identifies types it cannot show equal.
        assert_eq!(shared(spec, &[]), ["Node", "Link"]);
    }
}
