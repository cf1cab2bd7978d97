//! The `normalize` pass: one meaning per schema, computed once and linear in the size of the
//! schema graph, so that `lower` never walks a `$ref` or `allOf` chain again.
//!
//! For every schema it records:
//! - where its chain of `$ref`s and single-branch wrappers (`oneOf: [X]`, `anyOf: [X, null]`,
//!   `allOf: [X]`) ends, and the first root on that chain (which names its Rust type);
//! - one `nullable` flag for every spelling of null (`nullable`, `type: [.., null]`, `null` in
//!   `enum`/`const`, a `{type: null}` branch), also through references and wrappers;
//! - its members: properties of the schema and of every `allOf` branch, merged, each with
//!   whether any part requires it;
//! - the branches of its `oneOf`/`anyOf` without the null branch; an inline branch also
//!   requires what its parent requires of the properties it declares.
//!
//! Value-only `allOf`s are folded into one schema first ([`fold`]). A cycle of references or
//! wrappers, or an `allOf` that includes itself, is reported once, where it is entered.

mod fold;

use std::collections::{HashMap, HashSet};

use crate::diag::{Code, Diagnostics};
use crate::resolve::SchemaGraph;
use crate::schema::{Property, Schema, SchemaId};

/// A property of an object schema after `allOf` merging.
#[derive(Clone, Debug)]
pub struct Member {
    /// The first declaration; a later `allOf` part that restates it refines nothing.
    pub property: Property,
    /// Whether the schema or any of its `allOf` parts lists it in `required`.
    pub required: bool,
    /// Whether every declaration takes `null`: all of them hold, so one without `null` wins
    /// (GitHub's webhooks restate `closed_at: [string, null]` as `string` where it is set).
    pub nullable: bool,
}

/// The normalized view of a [`SchemaGraph`]: per schema, indexed by [`SchemaId`].
#[derive(Debug, Default)]
pub struct Normalized {
    end: Vec<SchemaId>,
    named: Vec<Option<u32>>,
    aliased: Vec<Option<u32>>,
    nullable: Vec<bool>,
    cyclic: Vec<bool>,
    members: Vec<Vec<Member>>,
    /// Every name `id` and its `allOf` parts list in `required`, sorted.
    required: Vec<Vec<String>>,
    branches: Vec<Vec<SchemaId>>,
}

impl Normalized {
    /// The schema that says what the values are: the end of the chain of `$ref`s and
    /// single-branch wrappers that starts at `id`.
    pub fn end(&self, id: SchemaId) -> SchemaId {
        self.end[id.0 as usize]
    }

    /// The root (index into `SchemaGraph::roots`) whose type a value of `id` has: the first
    /// root on its chain, `id` itself included.
    pub fn named(&self, id: SchemaId) -> Option<usize> {
        self.named[id.0 as usize].map(|r| r as usize)
    }

    /// The first root on the chain after `id` itself: a root whose chain reaches another
    /// root is an alias of that type.
    pub fn aliased(&self, id: SchemaId) -> Option<usize> {
        self.aliased[id.0 as usize].map(|r| r as usize)
    }

    /// Whether `null` is a value of `id`, in any spelling, through references and wrappers.
    pub fn nullable(&self, id: SchemaId) -> bool {
        self.nullable[id.0 as usize]
    }

    /// Whether `id` lies on (or leads into) a cycle of references or wrappers, which was
    /// reported: it describes no value of its own.
    pub fn cyclic(&self, id: SchemaId) -> bool {
        self.cyclic[id.0 as usize]
    }

    /// The properties of `id` and its `allOf` parts, in declaration order (parts first).
    pub fn members(&self, id: SchemaId) -> &[Member] {
        &self.members[id.0 as usize]
    }

    /// The names `id` and its `allOf` parts require, each once (in the order written, or
    /// sorted when parts contribute); some may name no member.
    pub fn required(&self, id: SchemaId) -> &[String] {
        &self.required[id.0 as usize]
    }

    /// The `oneOf` (or else `anyOf`) branches of `id` that admit more than `null`.
    pub fn branches(&self, id: SchemaId) -> &[SchemaId] {
        &self.branches[id.0 as usize]
    }
}

/// Normalizes `graph` in place (folding value `allOf`s, attaching body examples) and returns
/// what `lower` asks of each schema.
pub fn normalize(graph: &mut SchemaGraph, cx: &mut Diagnostics) -> Normalized {
    let targets = ref_targets(graph);
    // Examples given beside a body's schema belong to the schema it refers to.
    for (schema, example) in std::mem::take(&mut graph.body_examples) {
        let target = targets[schema.0 as usize];
        graph.schemas[target.0 as usize].examples.push(example);
    }
    inherit_branch_types(graph);
    let walk = Walk::all_of(graph, |branch| targets[branch.0 as usize]);
    fold::fold_value_all_of(graph, &walk, &targets, cx);
    let mut normalized = Normalized {
        branches: graph
            .schemas
            .iter()
            .map(|s| distinct_branches(graph, non_null_branches(graph, s), &targets, cx))
            .collect(),
        ..Normalized::default()
    };
    chains(graph, &mut normalized, cx);
    // Members come from each branch's final schema; walk the `allOf`s again with those edges.
    let ends = normalized.end.clone();
    let walk = Walk::all_of(graph, |branch| ends[branch.0 as usize]);
    for (&branch, &from) in &walk.back_edges {
        if !normalized.cyclic(branch) {
            cx.report(
                Code::Unsupported,
                graph.schema(branch).span,
                "this `allOf` includes itself",
            )
            .label(format!(
                "the reference leads back to `{}`",
                graph.schema(from).pointer
            ))
            .help("remove the branch, or point it at another schema");
        }
    }
    normalized.members = vec![Vec::new(); graph.schemas.len()];
    // Every name any part lists in `required`: a part may require what another declares.
    normalized.required = vec![Vec::new(); graph.schemas.len()];
    // A property that two parts declare, each as an object, must satisfy both: it becomes a
    // schema of its own, `allOf` of the declarations, and the members are worked out again
    // with it, until no new one appears (one round per level of such nesting).
    let mut order = walk.order.clone();
    let mut merged = Merged::new();
    let declared: usize = graph.schemas.iter().map(|s| s.properties.len()).sum();
    let mut cut = Vec::new();
    for _round in 0..MAX_MERGE_ROUNDS {
        let mut restated = Restated::new();
        let mut budget = Budget {
            left: declared
                .saturating_mul(MEMBERS_PER_PROPERTY)
                .max(MIN_MEMBERS),
            cut: Vec::new(),
        };
        for &id in &order {
            let (members, names) = members(
                graph,
                &normalized,
                &walk,
                &merged,
                &mut restated,
                &mut budget,
                id,
                cx,
            );
            normalized.members[id.0 as usize] = members;
            normalized.required[id.0 as usize] = names;
        }
        cut = budget.cut;
        if restated.is_empty() {
            break;
        }
        for (key, declarations) in restated {
            let id = merge_declarations(graph, &mut normalized, declarations);
            merged.insert(key, id);
            order.push(id);
        }
    }
    if let Some(&first) = cut.first() {
        report_unmerged(graph, &cut, first, cx);
    }
    require_in_inline_branches(graph, &mut normalized);
    normalized
}

/// Merged `allOf` members per property the specs declare, at most, and at least
/// [`MIN_MEMBERS`] in all. Each struct copies its parts' fields, so a chain of `allOf`s, each
/// part including the last, makes a number of fields that grows with the square of its
/// length: 25,000 schemas would be 312 million fields. Real specs merge at most 2.4 times
/// what they declare (Kubernetes' apps API; Stripe and GitHub 1.0, Asana 2.0).
const MEMBERS_PER_PROPERTY: usize = 4;
const MIN_MEMBERS: usize = 100_000;

/// What is left of the merged-members budget, and the schemas whose parts were not merged.
struct Budget {
    left: usize,
    cut: Vec<SchemaId>,
}

fn report_unmerged(graph: &SchemaGraph, cut: &[SchemaId], first: SchemaId, cx: &mut Diagnostics) {
    let schema = graph.schema(first);
    cx.report(
        Code::NotEnforced,
        schema.span,
        format!(
            "`allOf` parts are not merged into {} schema(s): the fields of chained parts would grow with the square of the chain",
            cut.len()
        ),
    )
    .label(format!("the first of them, `{}`", schema.pointer))
    .note("recovered: each of them has its own properties alone; its parts' keys are read as undeclared ones")
    .help("flatten the chain of `allOf`s, or split the spec");
}

/// `required: [type]` beside `oneOf` branches that declare `type` (PagerDuty's channels): the
/// key is required in every alternative. An inline branch belongs to this parent alone, so
/// it requires the key itself; a referenced one may be used elsewhere, and `lower` reports it.
fn require_in_inline_branches(graph: &SchemaGraph, n: &mut Normalized) {
    for id in 0..graph.schemas.len() {
        if n.branches[id].is_empty() || n.required[id].is_empty() {
            continue;
        }
        let names: HashSet<String> = n.required[id].iter().cloned().collect();
        for branch in n.branches[id].clone() {
            if graph.schema(branch).reference.is_some() || n.end(branch) != branch {
                continue;
            }
            let at = branch.0 as usize;
            for member in &mut n.members[at] {
                if names.contains(&member.property.name) && !member.required {
                    member.required = true;
                    n.required[at].push(member.property.name.clone());
                }
            }
            n.required[at].sort();
            n.required[at].dedup();
        }
    }
}

/// `type: string` beside `anyOf: [{enum: [..]}, {pattern: ..}]` (tsconfig's options): the
/// type applies to every branch, so an inline branch without a `type` of its own gets the
/// parent's one type, and `{pattern: ..}` is a string, not any value. A referenced branch
/// may be used elsewhere and is left alone.
fn inherit_branch_types(graph: &mut SchemaGraph) {
    for id in 0..graph.schemas.len() {
        let schema = &graph.schemas[id];
        let [ty] = schema.types.as_slice() else {
            continue;
        };
        let ty = *ty;
        let branches: Vec<SchemaId> = schema
            .one_of
            .iter()
            .chain(&schema.any_of)
            .copied()
            .collect();
        for branch in branches {
            let branch = &mut graph.schemas[branch.0 as usize];
            if branch.reference.is_none()
                && branch.type_span.is_none()
                && branch.types.is_empty()
                && !branch.never
                && branch.rust_type.is_none()
            {
                branch.types.push(ty);
            }
        }
    }
}

/// Rounds of merging restated object properties: one per level of nesting, so real specs
/// need one or two; the cap bounds a recursive schema that would restate itself forever.
const MAX_MERGE_ROUNDS: usize = 8;

/// (schema, property name) -> the schema that merges the property's declarations.
type Merged = HashMap<(SchemaId, String), SchemaId>;
/// (schema, property name) -> every declaration of an object property restated by parts.
type Restated = indexmap::IndexMap<(SchemaId, String), Vec<SchemaId>>;

/// A new schema, `allOf` of the declarations, standing where the first one stood.
fn merge_declarations(
    graph: &mut SchemaGraph,
    n: &mut Normalized,
    declarations: Vec<SchemaId>,
) -> SchemaId {
    let first = graph.schema(declarations[0]);
    // Every declaration's pointer: the type is all of them, not the first alone.
    let pointer = declarations
        .iter()
        .map(|&d| graph.schema(d).pointer.as_str())
        .collect::<Vec<_>>()
        .join(" & ");
    let mut schema = Schema::new(first.node, first.span, pointer);
    schema.description = first.description.clone();
    let nullable = declarations.iter().all(|&d| n.nullable(d));
    // A declaration that refuses undeclared keys refuses them in the merge too (GitHub's
    // closed `category`, restated to narrow one property).
    if declarations
        .iter()
        .any(|&d| graph.schema(n.end(d)).is_closed())
    {
        schema.additional_properties = Some(crate::schema::AdditionalProperties::Allowed(false));
    }
    schema.all_of = declarations;
    let id = SchemaId(graph.schemas.len() as u32);
    graph.schemas.push(schema);
    n.end.push(id);
    n.named.push(None);
    n.aliased.push(None);
    n.nullable.push(nullable);
    n.cyclic.push(false);
    n.branches.push(Vec::new());
    n.members.push(Vec::new());
    n.required.push(Vec::new());
    id
}

/// Every schema's `$ref` target after following every link; a schema that is no reference,
/// a dangling one and one on a cycle of references are their own target (`chains` reports
/// the cycle).
fn ref_targets(graph: &SchemaGraph) -> Vec<SchemaId> {
    let mut target: Vec<SchemaId> = (0..graph.schemas.len())
        .map(|i| SchemaId(i as u32))
        .collect();
    walk_chains(
        graph.schemas.len(),
        |id| graph.schema(id).reference.as_ref().and_then(|r| r.target),
        |event| {
            if let Link::Finished(id, Some(next)) = event {
                target[id.0 as usize] = target[next.0 as usize];
            }
        },
    );
    target
}

/// What [`walk_chains`] reports.
enum Link<'a> {
    /// Schemas whose chain comes back to where it entered them, in chain order.
    Cycle(&'a [SchemaId]),
    /// A schema whose successor is finished (or which has none, at a chain's end).
    Finished(SchemaId, Option<SchemaId>),
}

/// Follows every schema's chain of single successors (`next`) once, whatever its length:
/// each schema is finished after its successor, so a pass can carry facts back along the
/// chain; the schemas of a cycle are reported once, and count as finished without a
/// `Finished` of their own.
fn walk_chains(
    count: usize,
    mut next: impl FnMut(SchemaId) -> Option<SchemaId>,
    mut visit: impl FnMut(Link<'_>),
) {
    let mut state = vec![State::New; count];
    let mut path: Vec<SchemaId> = Vec::new();
    for start in 0..count {
        let mut id = SchemaId(start as u32);
        // Walk forward until a finished schema, a chain's end or a cycle.
        let mut tail: Option<SchemaId> = None;
        loop {
            match state[id.0 as usize] {
                State::Done => {
                    tail = Some(id);
                    break;
                }
                State::OnPath(at) => {
                    visit(Link::Cycle(&path[at..]));
                    for &p in &path[at..] {
                        state[p.0 as usize] = State::Done;
                    }
                    path.truncate(at);
                    tail = Some(id);
                    break;
                }
                State::New => {}
            }
            state[id.0 as usize] = State::OnPath(path.len());
            path.push(id);
            match next(id) {
                Some(n) => id = n,
                None => break,
            }
        }
        // Unwind: each schema takes what its successor knows.
        while let Some(p) = path.pop() {
            visit(Link::Finished(p, tail));
            state[p.0 as usize] = State::Done;
            tail = Some(p);
        }
    }
}

/// The next link of a schema's chain: its `$ref` target, or the one branch of a wrapper.
fn step(graph: &SchemaGraph, branches: &[SchemaId], id: SchemaId) -> Option<SchemaId> {
    let schema = graph.schema(id);
    if schema.never || schema.rust_type.is_some() {
        return None;
    }
    if let Some(reference) = &schema.reference {
        return reference.target;
    }
    // `required` beside the one branch demands keys of it: a schema of its own, not a
    // wrapper (PagerDuty's `allOf: [{properties}], required: [..]`).
    if !schema.properties.is_empty() || !schema.required.is_empty() {
        return None;
    }
    let alternatives = !schema.one_of.is_empty() || !schema.any_of.is_empty();
    let both = !schema.one_of.is_empty() && !schema.any_of.is_empty();
    match (branches, schema.all_of.as_slice()) {
        ([single], []) if alternatives && !both => Some(*single),
        ([], [single]) if !alternatives && schema.enum_values.is_none() => Some(*single),
        _ => None,
    }
}

/// Whether the schema admits `null` by itself: a flag, or a `{type: null}` branch.
fn admits_null(graph: &SchemaGraph, schema: &Schema) -> bool {
    schema.nullable
        || schema
            .any_of
            .iter()
            .chain(&schema.one_of)
            .any(|&b| graph.schema(b).is_null_only())
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    New,
    OnPath(usize),
    Done,
}

/// Follows every schema's chain once, recording its end, first root and nullability; a chain
/// that re-enters itself is reported once, at the schema where it is entered.
fn chains(graph: &SchemaGraph, n: &mut Normalized, cx: &mut Diagnostics) {
    let count = graph.schemas.len();
    n.end = (0..count).map(|i| SchemaId(i as u32)).collect();
    n.named = vec![None; count];
    n.aliased = vec![None; count];
    n.nullable = vec![false; count];
    n.cyclic = vec![false; count];
    let branches = &n.branches;
    let (end, named, aliased, nullable, cyclic) = (
        &mut n.end,
        &mut n.named,
        &mut n.aliased,
        &mut n.nullable,
        &mut n.cyclic,
    );
    let root = |id: SchemaId| graph.root_of(id).map(|r| r as u32);
    walk_chains(
        count,
        |id| step(graph, &branches[id.0 as usize], id),
        |link| match link {
            Link::Cycle(cycle) => {
                report_cycle(graph, cycle, cx);
                for &p in cycle {
                    let i = p.0 as usize;
                    cyclic[i] = true;
                    named[i] = root(p);
                    nullable[i] = admits_null(graph, graph.schema(p));
                }
            }
            Link::Finished(p, Some(next)) => {
                let (i, j) = (p.0 as usize, next.0 as usize);
                let schema = graph.schema(p);
                end[i] = end[j];
                named[i] = root(p).or(named[j]);
                aliased[i] = named[j];
                cyclic[i] = cyclic[j];
                // Listed types without `null` rule null out, whatever a wrapped branch says.
                let passes = schema.reference.is_some() || schema.types.is_empty();
                nullable[i] = admits_null(graph, schema) || (passes && nullable[j]);
            }
            Link::Finished(p, None) => {
                let i = p.0 as usize;
                named[i] = root(p);
                nullable[i] = admits_null(graph, graph.schema(p));
            }
        },
    );
}

fn report_cycle(graph: &SchemaGraph, cycle: &[SchemaId], cx: &mut Diagnostics) {
    let first = graph.schema(cycle[0]);
    let only_refs = cycle.iter().all(|&c| graph.schema(c).reference.is_some());
    let through_all_of = cycle.iter().any(|&c| !graph.schema(c).all_of.is_empty());
    let message = if only_refs {
        "this schema is only a reference to itself"
    } else if through_all_of {
        "this `allOf` includes itself"
    } else {
        "this schema only wraps itself"
    };
    let mut chain: Vec<&str> = cycle
        .iter()
        .take(6)
        .map(|&c| graph.schema(c).pointer.as_str())
        .collect();
    if cycle.len() > 6 {
        chain.push("...");
    }
    chain.push(&first.pointer);
    // Point at the `$ref` that closes the loop where there is one.
    let span = first.reference.as_ref().map_or(first.span, |r| r.span);
    cx.report(Code::Unsupported, span, message)
        .label("it describes no value")
        .note(format!("the chain: {}", chain.join(" -> ")))
        .help("give it a type, or point the `$ref` at another schema");
}

/// A depth-first walk over `allOf` branches: every schema in post-order (branches before the
/// schemas that include them) and the branches that lead back to a schema on the current path.
pub(crate) struct Walk {
    order: Vec<SchemaId>,
    /// Branch -> the schema on the path it reaches again, in the order found.
    back_edges: indexmap::IndexMap<SchemaId, SchemaId>,
}

impl Walk {
    fn all_of(graph: &SchemaGraph, edge: impl Fn(SchemaId) -> SchemaId) -> Walk {
        let count = graph.schemas.len();
        let mut state = vec![State::New; count];
        let mut walk = Walk {
            order: Vec::with_capacity(count),
            back_edges: Default::default(),
        };
        // An explicit stack: `allOf` chains can be longer than the thread's stack is deep.
        let mut stack: Vec<(SchemaId, usize)> = Vec::new();
        for start in 0..count {
            if state[start] != State::New {
                continue;
            }
            stack.push((SchemaId(start as u32), 0));
            state[start] = State::OnPath(0);
            while let Some(&mut (id, ref mut next)) = stack.last_mut() {
                let all_of = &graph.schema(id).all_of;
                if *next == all_of.len() {
                    stack.pop();
                    state[id.0 as usize] = State::Done;
                    walk.order.push(id);
                    continue;
                }
                let branch = all_of[*next];
                *next += 1;
                let to = edge(branch);
                match state[to.0 as usize] {
                    State::New => {
                        state[to.0 as usize] = State::OnPath(0);
                        stack.push((to, 0));
                    }
                    State::OnPath(_) => {
                        walk.back_edges.insert(branch, to);
                    }
                    State::Done => {}
                }
            }
        }
        walk
    }

    /// Whether this `allOf` branch leads back to a schema that includes it.
    pub(crate) fn closes_cycle(&self, branch: SchemaId) -> bool {
        self.back_edges.contains_key(&branch)
    }
}

/// The merged members of `id`: each `allOf` part's members in order, then its own properties;
/// and every name that `id` or a part requires. A property declared twice keeps its first
/// declaration; two declarations no value can satisfy together are [`Code::AllOfConflict`].
#[allow(clippy::too_many_arguments)]
fn members(
    graph: &SchemaGraph,
    n: &Normalized,
    walk: &Walk,
    merged: &Merged,
    restated: &mut Restated,
    budget: &mut Budget,
    id: SchemaId,
    cx: &mut Diagnostics,
) -> (Vec<Member>, Vec<String>) {
    let required_by = &n.required;
    let schema = graph.schema(id);
    let mut required: Vec<String> = schema.required.iter().map(|r| r.value.clone()).collect();
    let copies = schema
        .all_of
        .iter()
        .map(|&branch| n.members(n.end(branch)).len())
        .sum::<usize>()
        + schema.properties.len();
    let unmerged = !schema.all_of.is_empty() && copies > budget.left;
    if unmerged {
        budget.cut.push(id);
    } else {
        budget.left -= copies.min(budget.left);
    }
    if schema.all_of.is_empty() || unmerged {
        // A set: an object may list thousands of properties and required names.
        let names: HashSet<&str> = schema.required.iter().map(|r| r.value.as_str()).collect();
        let members = schema
            .properties
            .iter()
            .map(|p| Member {
                property: p.clone(),
                required: names.contains(p.name.as_str()),
                nullable: n.nullable(p.schema),
            })
            .collect();
        // Each name once, in the order written (a demanded field keeps the spec's order).
        let mut seen = HashSet::new();
        required.retain(|name| seen.insert(name.clone()));
        return (members, required);
    }
    let mut out: Vec<Member> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut add = |member: Member, out: &mut Vec<Member>, cx: &mut Diagnostics| match index
        .get(&member.property.name)
    {
        Some(&at) => {
            let first = &mut out[at];
            first.required |= member.required;
            first.nullable &= member.nullable;
            check_restated(graph, n, &first.property, &member.property, cx);
            let objects = [first.property.schema, member.property.schema].map(|s| {
                let end = graph.schema(n.end(s));
                !end.properties.is_empty() || !end.all_of.is_empty()
            });
            // Any object, restated with properties, is that object: both hold.
            let first_end = graph.schema(n.end(first.property.schema));
            if objects == [false, true] && first_end.is_free_form_object(|s| graph.schema(s)) {
                first.property.schema = member.property.schema;
                return;
            }
            let key = (id, member.property.name.clone());
            if objects == [true, true]
                && n.end(first.property.schema) != n.end(member.property.schema)
                && !merged.contains_key(&key)
            {
                restated
                    .entry(key)
                    .or_insert_with(|| vec![first.property.schema])
                    .push(member.property.schema);
            }
        }
        None => {
            index.insert(member.property.name.clone(), out.len());
            out.push(member);
        }
    };
    for &branch in &schema.all_of {
        let part = n.end(branch);
        if part == id || walk.closes_cycle(branch) {
            continue;
        }
        for member in n.members(part) {
            add(member.clone(), &mut out, cx);
        }
        required.extend(required_by[part.0 as usize].iter().cloned());
    }
    for property in &schema.properties {
        let member = Member {
            property: property.clone(),
            required: false,
            nullable: n.nullable(property.schema),
        };
        add(member, &mut out, cx);
    }
    let names: std::collections::HashSet<&str> = required.iter().map(String::as_str).collect();
    for member in &mut out {
        member.required |= names.contains(member.property.name.as_str());
        if let Some(&both) = merged.get(&(id, member.property.name.clone())) {
            member.property.schema = both;
        }
    }
    required.sort();
    required.dedup();
    (out, required)
}

/// A property that two `allOf` parts both declare must admit some common value.
fn check_restated(
    graph: &SchemaGraph,
    n: &Normalized,
    first: &Property,
    again: &Property,
    cx: &mut Diagnostics,
) {
    let a = graph.schema(n.end(first.schema));
    let b = graph.schema(n.end(again.schema));
    let disjoint_types = !a.types.is_empty()
        && !b.types.is_empty()
        && fold::intersect(&a.types, &b.types).is_empty();
    let (va, vb) = (a.enum_literals(), b.enum_literals());
    let disjoint_values = !va.is_empty() && !vb.is_empty() && {
        // A set: two declarations may each list thousands of values.
        let keys: HashSet<_> = vb.iter().map(|v| v.key()).collect();
        !va.iter().any(|v| keys.contains(&v.key()))
    };
    if disjoint_types || disjoint_values {
        let line = first.key_span.start.line;
        cx.report(
            Code::AllOfConflict,
            again.key_span,
            format!("`allOf` branches disagree on property `{}`", again.name),
        )
        .label("no value satisfies this and the earlier declaration")
        .note(format!(
            "first declared at line {line}; typewright keeps that declaration"
        ));
    } else if va.is_empty() && !vb.is_empty() {
        // PagerDuty's references: `type: string` in the shared part, an `enum` where restated.
        let line = first.key_span.start.line;
        cx.report(
            Code::NotEnforced,
            again.key_span,
            format!(
                "this declaration narrows `{}` to an `enum`, which is not enforced",
                again.name
            ),
        )
        .label(format!(
            "the field keeps the declaration at line {line}, which takes any of its values"
        ))
        .help("put the `enum` where the property is first declared");
    }
}

/// The branches without repeats: a union that lists one schema twice means it once (a
/// `oneOf` would reject every value of it, which no author means).
fn distinct_branches(
    graph: &SchemaGraph,
    branches: Vec<SchemaId>,
    targets: &[SchemaId],
    cx: &mut Diagnostics,
) -> Vec<SchemaId> {
    let mut seen = HashSet::new();
    let mut distinct = Vec::with_capacity(branches.len());
    for branch in branches {
        let target = targets[branch.0 as usize];
        if seen.insert(target) {
            distinct.push(branch);
            continue;
        }
        cx.report(
            Code::Unsupported,
            graph.schema(branch).span,
            "this branch repeats an earlier branch of the union",
        )
        .label(format!(
            "`{}` is already a branch",
            graph.schema(target).pointer
        ))
        .note("recovered: the union has the schema once")
        .help("remove the repeated branch");
    }
    distinct
}

/// The `oneOf` (or else `anyOf`) branches that admit more than `null`.
fn non_null_branches(graph: &SchemaGraph, schema: &Schema) -> Vec<SchemaId> {
    let branches = if schema.one_of.is_empty() {
        &schema.any_of
    } else {
        &schema.one_of
    };
    branches
        .iter()
        .copied()
        .filter(|&b| !graph.schema(b).is_null_only())
        .collect()
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{Loaded, load_text};

    /// The graph of a one-file spec, normalized, and the run's messages.
    fn normalized(text: &str) -> (SchemaGraph, Normalized, Vec<String>) {
        let mut cx = Diagnostics::default();
        let mut loaded = Loaded::default();
        load_text(&mut loaded, Path::new("t.yaml"), text.to_string(), &mut cx);
        let mut graph =
            crate::resolve::resolve(&loaded, crate::resolve::Scope::Everything, &mut cx);
        let normalized = normalize(&mut graph, &mut cx);
        let messages = cx.iter().map(|d| d.message.clone()).collect();
        (graph, normalized, messages)
    }

    fn root(graph: &SchemaGraph, pointer: &str) -> SchemaId {
        let found = graph
            .roots
            .iter()
            .find(|r| graph.schema(r.schema).pointer == pointer);
        found.unwrap_or_else(|| panic!("no root {pointer}")).schema
    }

    /// `links` schemas, each a `$ref` to the one before; the first is `first`.
    fn chain(links: usize, first: &str) -> String {
        let mut text = format!("$defs:\n  L1: {first}\n");
        for k in 2..=links {
            text.push_str(&format!("  L{k}: {{$ref: '#/$defs/L{}'}}\n", k - 1));
        }
        text
    }

    #[test]
    fn nullability_and_ends_follow_chains_of_any_length() {
        let (graph, n, messages) = normalized(&chain(5_000, "{type: [string, 'null']}"));
        assert!(messages.is_empty(), "{messages:?}");
        let last = root(&graph, "#/$defs/L5000");
        assert!(n.nullable(last));
        assert_eq!(n.end(last), root(&graph, "#/$defs/L1"));
        // Its type is named by the first root on the chain: itself.
        assert_eq!(graph.roots[n.named(last).unwrap()].schema, last);
        let (_, n, _) = normalized(&chain(50, "{type: string}"));
        assert!((0..n.nullable.len()).all(|i| !n.nullable[i]));
    }

    #[test]
    fn wrappers_are_looked_through() {
        let text = "$defs:\n  N: {type: [integer, 'null']}\n  A: {allOf: [{allOf: [{$ref: '#/$defs/N'}]}]}\n  O: {oneOf: [{$ref: '#/$defs/N'}]}\n  T: {type: integer, allOf: [{$ref: '#/$defs/N'}]}\n";
        let (graph, n, messages) = normalized(text);
        assert!(messages.is_empty(), "{messages:?}");
        for name in ["A", "O"] {
            let id = root(&graph, &format!("#/$defs/{name}"));
            assert!(n.nullable(id), "{name}");
        }
        // Listed types without `null` rule it out whatever the branch says.
        assert!(!n.nullable(root(&graph, "#/$defs/T")));
        let o = root(&graph, "#/$defs/O");
        assert_eq!(
            n.aliased(o).map(|r| graph.roots[r].schema),
            Some(root(&graph, "#/$defs/N"))
        );
    }

    #[test]
    fn all_of_members_merge_across_deep_hierarchies() {
        let mut text = String::from(
            "$defs:\n  C1: {type: object, required: [p1], properties: {p1: {type: string}}}\n",
        );
        for k in 2..=300 {
            text.push_str(&format!(
                "  C{k}: {{allOf: [{{$ref: '#/$defs/C{}'}}, {{properties: {{p{k}: {{type: integer}}}}}}]}}\n",
                k - 1
            ));
        }
        // A part may require what another part declares.
        text.push_str("  R: {allOf: [{$ref: '#/$defs/C2'}, {required: [p2]}]}\n");
        let (graph, n, messages) = normalized(&text);
        assert!(messages.is_empty(), "{messages:?}");
        let members = n.members(root(&graph, "#/$defs/C300"));
        assert_eq!(members.len(), 300);
        assert_eq!(members[0].property.name, "p1");
        assert!(members[0].required && !members[1].required);
        let r = n.members(root(&graph, "#/$defs/R"));
        assert_eq!(
            r.iter().map(|m| m.required).collect::<Vec<_>>(),
            [true, true]
        );
    }

    #[test]
    fn each_cycle_is_reported_once() {
        let text = "$defs:\n  A: {$ref: '#/$defs/B'}\n  B: {$ref: '#/$defs/C'}\n  C: {$ref: '#/$defs/A'}\n  Loop: {allOf: [{$ref: '#/$defs/Loop'}]}\n  D: {$ref: '#/$defs/A'}\n";
        let (graph, n, messages) = normalized(text);
        assert_eq!(
            messages,
            [
                "this schema is only a reference to itself",
                "this `allOf` includes itself"
            ]
        );
        for name in ["A", "B", "C", "Loop", "D"] {
            assert!(n.cyclic(root(&graph, &format!("#/$defs/{name}"))), "{name}");
        }
    }

    #[test]
    fn an_all_of_cycle_through_structure_is_reported_and_skipped() {
        let text = "$defs:\n  Node:\n    allOf:\n      - {$ref: '#/$defs/Tree'}\n      - {properties: {id: {type: string}}}\n  Tree:\n    allOf:\n      - {$ref: '#/$defs/Node'}\n      - {properties: {size: {type: integer}}}\n";
        let (graph, n, messages) = normalized(text);
        assert_eq!(messages, ["this `allOf` includes itself"]);
        let names: Vec<&str> = n
            .members(root(&graph, "#/$defs/Node"))
            .iter()
            .map(|m| m.property.name.as_str())
            .collect();
        assert_eq!(names, ["size", "id"]);
    }

    #[test]
    fn value_all_ofs_fold_and_conflicts_are_reported() {
        let text = "$defs:\n  Small: {allOf: [{type: integer}, {minimum: 1}, {maximum: 9}]}\n  Never: {allOf: [{type: string}, {type: integer}]}\n  Clash:\n    allOf:\n      - {properties: {a: {type: string}}}\n      - {properties: {a: {type: integer}}}\n";
        let (graph, _, messages) = normalized(text);
        let small = graph.schema(root(&graph, "#/$defs/Small"));
        assert!(small.all_of.is_empty());
        assert_eq!(
            (small.bounds.minimum, small.bounds.maximum),
            (Some(1.0), Some(9.0))
        );
        assert_eq!(
            messages,
            [
                "`allOf` requires a value of two different types",
                "`allOf` branches disagree on property `a`"
            ]
        );
    }
}
