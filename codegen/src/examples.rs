//! The spec's own examples, paired with the generated Rust type each one is a value of, so
//! that a harness can check that they round-trip (the corpus conformance runner does).

use crate::diag::{SourceMap, Span};
use crate::emit::types::{self, Place, type_text};
use crate::ir::{DefaultValue, Ir, MapType, Presence, TypeId, TypeKind, TypeRef};
use crate::names::Names;
use crate::words::Literal;

/// One example and the type it should deserialize into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// A Rust type as seen from the root of the generated file:
    /// `pets::Pet`, `Option<String>`, `Vec<pets::Pet>`.
    pub rust_type: String,
    /// The example, as JSON text.
    pub json: String,
    /// Where the schema (or property) is: `spec/x.yaml:12:7`.
    pub location: String,
    pub pointer: String,
    /// The fields with a `default` anywhere inside the value, as (JSON pointer of the key,
    /// default as JSON): the generated code fills them in when an example leaves them out.
    /// `*` in the pointer stands for any array index or map key (`/items/*/limit`).
    /// Defaults of more than 64 KiB of JSON are not listed, nor more than 1,000 per example,
    /// nor any past a budget for all examples that grows with the types (only specs whose
    /// types have far more paths than types reach it).
    pub defaults: Vec<(String, String)>,
}

/// Every example of a generated type, and of a struct field.
pub fn collect(
    ir: &Ir,
    kept: &[bool],
    names: &Names,
    sources: &SourceMap,
    map: MapType,
) -> Vec<Example> {
    let location = |span: Option<Span>| span.map(|s| sources.location(s)).unwrap_or_default();
    let mut walk = Defaults::new(ir);
    let mut out = Vec::new();
    for id in ir.ids().filter(|id| kept[id.0 as usize]) {
        let def = ir.get(id);
        let own = TypeRef::Named(id);
        for json in &def.docs.examples {
            out.push(Example {
                rust_type: rust_type(&own, ir, names, map),
                json: json.clone(),
                location: location(def.docs.span),
                pointer: def.docs.pointer.clone(),
                defaults: walk.of(&own),
            });
        }
        let TypeKind::Struct(s) = &def.kind else {
            continue;
        };
        for field in &s.fields {
            // A field's example is a value of the field: `null` only where the field allows it.
            let ty = match field.presence {
                Presence::RequiredNullable => TypeRef::Option(Box::new(field.ty.clone())),
                _ => field.ty.clone(),
            };
            for json in &field.docs.examples {
                out.push(Example {
                    rust_type: rust_type(&ty, ir, names, map),
                    json: json.clone(),
                    location: location(field.docs.span),
                    pointer: field.docs.pointer.clone(),
                    defaults: walk.of(&field.ty),
                });
            }
        }
    }
    out
}

/// At most this many defaults per example: the list is for a test harness, and a wide
/// recursive type could list many.
const MAX_DEFAULTS: usize = 1_000;

/// The walk's work for all examples together, in steps and bytes of the keys it writes: this
/// much, and 16 times the size of the types (their fields and the fields' names). The walk
/// goes only into types that hold a default ([`holding_defaults`]), but the paths to them
/// through a type graph can be many more than the types (each of a chain of types holding the
/// next twice doubles them), and every example walks its own: past the budget, the lists are
/// cut, as they are past [`MAX_DEFAULTS`].
const MIN_BUDGET: usize = 1_000_000;

/// The defaults inside examples' values, found by walking the paths of their types.
struct Defaults<'a> {
    ir: &'a Ir,
    /// Per type, whether a field default is anywhere inside it.
    holds: Vec<bool>,
    /// Per type, whether it is on the current path, so that a recursive type is walked once.
    open: Vec<bool>,
    out: Vec<(String, String)>,
    /// The work left, shared by every example.
    budget: usize,
    /// Scratch: the named types of one type reference.
    named: Vec<TypeId>,
}

impl<'a> Defaults<'a> {
    fn new(ir: &'a Ir) -> Self {
        let size: usize = (ir.ids())
            .map(|id| match &ir.get(id).kind {
                TypeKind::Struct(s) => (s.fields.iter())
                    .map(|field| 1 + field.wire_name.len())
                    .sum::<usize>(),
                _ => 1,
            })
            .sum();
        Defaults {
            ir,
            holds: holding_defaults(ir),
            open: vec![false; ir.types.len()],
            out: Vec::new(),
            budget: size.saturating_mul(16).max(MIN_BUDGET),
            named: Vec::new(),
        }
    }

    /// The defaults inside a value of `ty`, with pointers from the value.
    fn of(&mut self, ty: &TypeRef) -> Vec<(String, String)> {
        self.nested(ty, "");
        std::mem::take(&mut self.out)
    }
}

impl Defaults<'_> {
    /// Depth first through the type, `at` the pointer to it: only into a type that holds a
    /// default, each step charged to the budget with the bytes it writes.
    fn nested(&mut self, ty: &TypeRef, at: &str) {
        let id = match ty {
            TypeRef::Named(id) => *id,
            TypeRef::Option(inner) => return self.nested(inner, at),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => return self.inside(inner, at, "*"),
            TypeRef::Tuple(items) => {
                for item in items {
                    self.inside(item, at, "*");
                }
                return;
            }
            _ => return,
        };
        let ir = self.ir;
        let kind = &ir.get(id).kind;
        let fields = match kind {
            TypeKind::Struct(s) => s.fields.len(),
            _ => 0,
        };
        let index = id.0 as usize;
        if !self.holds[index] || self.open[index] || !self.charge(1 + fields) {
            return;
        }
        self.open[index] = true;
        match kind {
            // A newtype is written as its one field, without the key.
            TypeKind::Struct(s) if s.transparent => {
                for field in &s.fields {
                    self.nested(&field.ty, at);
                }
            }
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    let json = field.default.as_ref().and_then(|d| default_json(ir, d));
                    if json.is_none() && !self.reaches(&field.ty) {
                        continue;
                    }
                    let name = field.wire_name.replace('~', "~0").replace('/', "~1");
                    if let Some(json) = json {
                        let key = format!("{at}/{name}");
                        if !self.charge(key.len() + json.len()) {
                            break;
                        }
                        self.out.push((key, json));
                    }
                    self.inside(&field.ty, at, &name);
                }
                if let Some(extra) = &s.extra {
                    self.inside(extra, at, "*");
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    self.nested(&variant.ty, at);
                }
            }
            TypeKind::Alias(inner) => self.nested(inner, at),
            TypeKind::Enum(_) => {}
        }
        self.open[index] = false;
    }

    /// Into `ty` at `at/step`, where something inside it holds a default: the pointer is
    /// written only then.
    fn inside(&mut self, ty: &TypeRef, at: &str, step: &str) {
        if self.reaches(ty) && self.charge(at.len() + step.len() + 1) {
            self.nested(ty, &format!("{at}/{step}"));
        }
    }

    /// Whether a named type of `ty` holds a default.
    fn reaches(&mut self, ty: &TypeRef) -> bool {
        self.named.clear();
        ty.named_in(&mut self.named);
        self.named.iter().any(|id| self.holds[id.0 as usize])
    }

    /// Takes `cost` from the budget, if the budget has it and the list has room.
    fn charge(&mut self, cost: usize) -> bool {
        if self.budget < cost || self.out.len() >= MAX_DEFAULTS {
            return false;
        }
        self.budget -= cost;
        true
    }
}

/// Per type, whether a field with a default is anywhere inside it: the types with such a
/// field, and every type that holds one of them, found backwards from them in one pass over
/// the types.
fn holding_defaults(ir: &Ir) -> Vec<bool> {
    let mut holders: Vec<Vec<TypeId>> = vec![Vec::new(); ir.types.len()];
    let mut holds = vec![false; ir.types.len()];
    let mut named = Vec::new();
    for id in ir.ids() {
        if let TypeKind::Struct(s) = &ir.get(id).kind {
            holds[id.0 as usize] = s.fields.iter().any(|field| field.default.is_some());
        }
        named.clear();
        ir.parts(id).for_each(|ty| ty.named_in(&mut named));
        for inner in &named {
            holders[inner.0 as usize].push(id);
        }
    }
    let mut found: Vec<TypeId> = ir.ids().filter(|id| holds[id.0 as usize]).collect();
    while let Some(id) = found.pop() {
        for &holder in &holders[id.0 as usize] {
            if !holds[holder.0 as usize] {
                holds[holder.0 as usize] = true;
                found.push(holder);
            }
        }
    }
    holds
}

fn default_json(ir: &Ir, default: &DefaultValue) -> Option<String> {
    Some(match default {
        DefaultValue::Literal(literal) => literal_json(literal),
        DefaultValue::Variant(id, index) => match &ir.get(ir.definition(*id)).kind {
            TypeKind::Enum(e) => literal_json(&e.values[*index]),
            _ => return None,
        },
        // A harness compares what an example leaves out with the default: a large one (which
        // the fields of a hundred types may share) is not copied into each example's list.
        DefaultValue::Json(index, _) => {
            let text = &ir.defaults[*index];
            if text.len() > MAX_LISTED_DEFAULT_LEN {
                return None;
            }
            text.to_string()
        }
    })
}

/// The longest default text listed in [`Example::defaults`].
const MAX_LISTED_DEFAULT_LEN: usize = 64 * 1024;

fn literal_json(literal: &Literal) -> String {
    match literal {
        Literal::String(s) => serde_json::Value::String(s.clone()).to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::UInt(u) => u.to_string(),
        Literal::Float(f) => f.to_string(),
        Literal::Null | Literal::Composite => "null".into(),
    }
}

fn rust_type(ty: &TypeRef, ir: &Ir, names: &Names, map: MapType) -> String {
    type_text(&types::rust_type(ty, ir, names, map, Place::Root))
}
