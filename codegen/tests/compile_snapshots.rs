//! The compile check of the generated snapshots: each `expected.rs` is a module of this test
//! crate, built under `#![deny(warnings)]` (and clippy in CI), and exercised through serde.
#![deny(warnings)]
// The snapshots define more types than these tests touch.
#![allow(dead_code)]

// Snapshots are printed by prettyplease, not rustfmt: `cargo fmt` must leave them alone.
#[rustfmt::skip]
#[path = "fixtures/arrays/expected.rs"]
mod arrays;
#[rustfmt::skip]
#[path = "fixtures/compositions/expected.rs"]
mod compositions;
#[rustfmt::skip]
#[path = "fixtures/config-extras/expected.rs"]
mod config_extras;
#[rustfmt::skip]
#[path = "fixtures/defaults-and-checks/expected.rs"]
mod defaults_and_checks;
#[rustfmt::skip]
#[path = "fixtures/enums/expected.rs"]
mod enums;
#[rustfmt::skip]
#[path = "fixtures/formats/expected.rs"]
mod formats;
#[rustfmt::skip]
#[path = "fixtures/metadata/expected.rs"]
mod metadata;
#[rustfmt::skip]
#[path = "fixtures/objects/expected.rs"]
mod objects;
#[rustfmt::skip]
#[path = "fixtures/swagger2/expected.rs"]
mod swagger2;
#[rustfmt::skip]
#[path = "fixtures/typed-formats/expected.rs"]
mod typed_formats;
#[rustfmt::skip]
#[path = "fixtures/unions/expected.rs"]
mod unions;
#[rustfmt::skip]
#[path = "fixtures/discriminated-union/expected.rs"]
mod discriminated_union;
#[rustfmt::skip]
#[path = "fixtures/multi-file/expected.rs"]
mod multi_file;
#[rustfmt::skip]
#[path = "fixtures/names/expected.rs"]
mod names;
#[rustfmt::skip]
#[path = "fixtures/nullability/expected.rs"]
mod nullability;
#[rustfmt::skip]
#[path = "fixtures/recursion/expected.rs"]
mod recursion;
#[rustfmt::skip]
#[path = "fixtures/long-chains/expected.rs"]
mod long_chains;
#[rustfmt::skip]
#[path = "fixtures/warn-allof-conflict/expected.rs"]
mod warn_allof_conflict;
#[rustfmt::skip]
#[path = "fixtures/warn-dangling-ref/expected.rs"]
mod warn_dangling_ref;
#[rustfmt::skip]
#[path = "fixtures/warn-default/expected.rs"]
mod warn_default;
#[rustfmt::skip]
#[path = "fixtures/warn-discriminator/expected.rs"]
mod warn_discriminator;
#[rustfmt::skip]
#[path = "fixtures/warn-pattern/expected.rs"]
mod warn_pattern;
#[rustfmt::skip]
#[path = "fixtures/warn-unknown-type/expected.rs"]
mod warn_unknown_type;
#[rustfmt::skip]
#[path = "fixtures/checked-formats/expected.rs"]
mod checked_formats;
#[rustfmt::skip]
#[path = "fixtures/constraints/expected.rs"]
mod constraints;
#[rustfmt::skip]
#[path = "fixtures/json-references/expected.rs"]
mod json_references;
#[rustfmt::skip]
#[path = "fixtures/refs-everywhere/expected.rs"]
mod refs_everywhere;
#[rustfmt::skip]
#[path = "snapshots/polar_oauth2.rs"]
mod polar_snapshot;

use serde_json::json;

/// Types "the user already has", which the config-extras fixture reuses instead of generating.
mod shared {
    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Money {
        pub amount: i64,
        pub currency: String,
    }

    #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
    pub struct Point(pub f64, pub f64);
}

fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned>(value: serde_json::Value) -> T {
    let parsed: T = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(serde_json::to_value(&parsed).unwrap(), value);
    parsed
}

#[test]
fn null_and_absent_are_kept_apart() {
    use nullability::input::Profile;
    let all = json!({"id": 1, "nickname": null, "bio": "hi", "avatar": null, "pronouns": null,
        "website": "w", "tags": [], "scores": {}});
    let profile: Profile = round_trip(all);
    assert_eq!(profile.pronouns, Some(None), "present null");
    assert_eq!(profile.tags, Some(vec![]), "empty array is not absent");
    let minimal = json!({"id": 1, "nickname": "n", "bio": null, "avatar": "a"});
    let profile: Profile = round_trip(minimal);
    assert_eq!(profile.pronouns, None, "absent");
    assert_eq!(profile.website, None);
    for key in ["nickname", "bio", "avatar"] {
        let mut missing = json!({"id": 1, "nickname": null, "bio": null, "avatar": null});
        missing.as_object_mut().unwrap().remove(key);
        let error = serde_json::from_value::<Profile>(missing)
            .unwrap_err()
            .to_string();
        assert_eq!(error, format!("missing field `{key}`"));
    }
    let null_id = json!({"id": null, "nickname": null, "bio": null, "avatar": null});
    assert!(serde_json::from_value::<Profile>(null_id).is_err());
    // A property of any value keeps a present `null` apart from an absent key.
    let with_null =
        json!({"id": 1, "nickname": null, "bio": null, "avatar": null, "metadata": null});
    let profile: Profile = round_trip(with_null);
    assert_eq!(profile.metadata, Some(serde_json::Value::Null));
    let without = json!({"id": 1, "nickname": null, "bio": null, "avatar": null});
    let profile: Profile = round_trip(without);
    assert_eq!(profile.metadata, None);
}

#[test]
fn inline_enums_are_closed() {
    use nullability::input::{Profile, ProfileSettingsTheme};
    let profile: Profile = round_trip(json!({"id": 1, "nickname": null, "bio": null,
        "avatar": null, "settings": {"theme": "dark"}}));
    assert_eq!(
        profile.settings.unwrap().theme,
        Some(ProfileSettingsTheme::Dark)
    );
    let unknown = json!({"id": 1, "nickname": null, "bio": null, "avatar": null,
        "settings": {"theme": "sepia"}});
    assert!(serde_json::from_value::<Profile>(unknown).is_err());
}

#[test]
fn discriminated_unions_check_the_tag() {
    use discriminated_union::input::{Pet, PetOrName};
    let cat: Pet = round_trip(json!({"kind": "cat", "lives": 9}));
    assert!(matches!(cat, Pet::Cat(ref c) if c.lives == 9));
    let dog: Pet = round_trip(json!({"kind": "Dog", "good": true}));
    assert!(matches!(dog, Pet::Dog(_)));
    let wrong = serde_json::from_value::<Pet>(json!({"kind": "cow"}))
        .unwrap_err()
        .to_string();
    assert_eq!(wrong, "kind: unknown tag `cow`, expected one of: cat, Dog");
    let missing = serde_json::from_value::<Pet>(json!({"lives": 9}))
        .unwrap_err()
        .to_string();
    assert_eq!(missing, "missing field `kind`");
    let name: PetOrName = round_trip(json!("Rex"));
    assert!(matches!(name, PetOrName::String(_)));
    let pet: PetOrName = round_trip(json!({"kind": "cat", "lives": 1}));
    assert!(matches!(pet, PetOrName::Pet(_)));
}

#[test]
fn recursive_types_round_trip() {
    use recursion::input::{Node, Tree};
    let tree: Tree = round_trip(json!({"root": {"value": "a", "next": {"value": "b"},
        "children": [{"value": "c", "parent": null}]}}));
    assert_eq!(tree.root.next.as_ref().unwrap().value, "b");
    let _: Node = round_trip(json!({"value": "x", "parent": {"root": {"value": "y"}}}));
}

#[test]
fn awkward_names_keep_their_wire_names() {
    use names::input::{GetThingResponseBody, GetThingResponseBodyStatus};
    let value = json!({"type": "t", "self": "s", "2fa": true, "clientId": "c", "api-key": "k",
        "pin": "1234", "status": "a b"});
    let thing: GetThingResponseBody = round_trip(value);
    assert_eq!(thing.status, Some(GetThingResponseBodyStatus::AB));
    let debug = format!("{thing:?}");
    assert!(
        debug.contains("api_key: Some(\"k\")"),
        "x-typewright-secret: false wins: {debug}"
    );
    assert!(
        debug.contains("pin: Some(<redacted>)"),
        "format: password is secret: {debug}"
    );
    for (wire, expected) in [
        ("", GetThingResponseBodyStatus::Empty),
        ("active", GetThingResponseBodyStatus::Active),
        ("Active", GetThingResponseBodyStatus::Active2),
        ("1d", GetThingResponseBodyStatus::Oned),
    ] {
        let parsed: GetThingResponseBodyStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(parsed, expected);
        assert_eq!(serde_json::to_value(parsed).unwrap(), json!(wire));
    }
}

fn error_of<T: serde::de::DeserializeOwned + std::fmt::Debug>(value: serde_json::Value) -> String {
    serde_json::from_value::<T>(value).unwrap_err().to_string()
}

#[test]
fn string_enums_with_awkward_values_round_trip() {
    use enums::input::Awkward;
    for wire in [
        "",
        "+1",
        "-1",
        "1d",
        "a b",
        "self",
        "Bearer",
        "bearer",
        "snake_case",
    ] {
        let _: Awkward = round_trip(json!(wire));
    }
    let plus: Awkward = serde_json::from_value(json!("+1")).unwrap();
    assert_eq!(plus, Awkward::Plus1);
    assert_eq!(serde_json::to_value(Awkward::Minus1).unwrap(), json!("-1"));
    assert!(error_of::<Awkward>(json!("BEARER")).contains("unknown variant `BEARER`"));
}

#[test]
fn integer_and_mixed_enums_keep_their_json_types() {
    use enums::input::{HttpStatus, Mixed};
    assert_eq!(round_trip::<HttpStatus>(json!(404)), HttpStatus::Value404);
    assert_eq!(round_trip::<HttpStatus>(json!(-1)), HttpStatus::ValueMinus1);
    assert_eq!(
        error_of::<HttpStatus>(json!(500)),
        "unknown value `500`, expected one of: 200, 404, -1"
    );
    assert!(serde_json::from_value::<HttpStatus>(json!("404")).is_err());
    for value in [json!("auto"), json!(0), json!(1.5), json!(true)] {
        let _: Mixed = round_trip(value);
    }
    assert!(serde_json::from_value::<Mixed>(json!("1.5")).is_err());
    assert!(serde_json::from_value::<Mixed>(json!(false)).is_err());
}

#[test]
fn open_enums_keep_unknown_values_unchanged() {
    use enums::input::{Code, Level};
    assert_eq!(round_trip::<Level>(json!("high")), Level::High);
    assert_eq!(
        round_trip::<Level>(json!("medium")),
        Level::Unknown("medium".into())
    );
    assert_eq!(round_trip::<Code>(json!(7)), Code::Unknown(json!(7)));
    // Open to other integers, not to other kinds of value (the differential check found it).
    for other in [json!("7"), json!(null), json!([1]), json!(2.5)] {
        assert!(
            serde_json::from_value::<Code>(other.clone()).is_err(),
            "{other}"
        );
    }
    assert_eq!(round_trip::<Code>(json!(2)), Code::Value2);
}

#[test]
fn one_value_enums_default_and_nullable_enums_are_options() {
    use enums::input::{MaybeColor, Only, Palette};
    assert_eq!(Only::default(), Only::Fixed);
    let palette: Palette = round_trip(json!({"primary": null, "secondary": "x"}));
    assert_eq!(palette.primary, None);
    let palette: Palette = round_trip(json!({"primary": "red", "secondary": "low", "status": 200}));
    assert_eq!(palette.primary, Some(MaybeColor::Red));
    assert_eq!(
        error_of::<Palette>(json!({"secondary": "low"})),
        "missing field `primary`"
    );
}

#[test]
fn untagged_unions_try_specific_variants_first() {
    use unions::input::{Charge, ChargeCustomer, Customer, Loose, Scalar};
    let charge: Charge = round_trip(json!({"id": "ch_1", "customer": "cus_1"}));
    assert_eq!(
        charge.customer,
        Some(ChargeCustomer::String("cus_1".into()))
    );
    let charge: Charge =
        round_trip(json!({"id": "ch_1", "customer": {"id": "cus_1", "email": "a@b"}}));
    assert!(matches!(charge.customer, Some(ChargeCustomer::Customer(_))));
    // The spec lists the all-optional object first; it must not swallow a `Customer`.
    let customer: Loose = round_trip(json!({"id": "c", "email": "e"}));
    assert_eq!(
        customer,
        Loose::Customer(Customer {
            id: "c".into(),
            email: "e".into()
        })
    );
    assert!(matches!(
        round_trip::<Loose>(json!({"note": "n"})),
        Loose::Note(_)
    ));
    assert_eq!(round_trip::<Loose>(json!(3)), Loose::Integer(3));
    assert_eq!(round_trip::<Loose>(json!(3.5)), Loose::Number(3.5));
    assert_eq!(round_trip::<Loose>(json!(true)), Loose::Boolean(true));
    assert_eq!(round_trip::<Scalar>(json!("s")), Scalar::String("s".into()));
    assert_eq!(round_trip::<Scalar>(json!(1)), Scalar::Integer(1));
    assert!(serde_json::from_value::<Scalar>(json!(1.5)).is_err());
}

#[test]
fn an_inline_schema_with_properties_beside_one_of_reads_its_alternatives() {
    use unions::input::Holder;
    let holder: Holder = round_trip(json!({"inner": {"shared": "s", "a": "x"}}));
    let inner = holder.inner.unwrap();
    assert_eq!(inner.shared.as_deref(), Some("s"));
    let holder: Holder = round_trip(json!({"inner": {"b": 2}}));
    assert!(holder.inner.is_some());
    assert!(serde_json::from_value::<Holder>(json!({"inner": {"shared": "s"}})).is_err());
}

#[test]
fn a_type_list_with_a_described_object_keeps_its_other_types() {
    use unions::input::{Flag, FlagObject};
    assert_eq!(round_trip::<Flag>(json!(true)), Flag::Boolean(true));
    assert_eq!(
        round_trip::<Flag>(json!({"name": "n"})),
        Flag::Object(FlagObject {
            name: Some("n".into())
        })
    );
    assert!(serde_json::from_value::<Flag>(json!("s")).is_err());
}

#[test]
fn untagged_objects_of_optional_properties_keep_every_key() {
    use unions::input::{ErrorList, GroupingConfig};
    // Every branch reads `{"timeout": 2}`; only `Timeout` keeps the key.
    let timeout: GroupingConfig = round_trip(json!({"timeout": 2}));
    assert!(matches!(timeout, GroupingConfig::Timeout(ref t) if t.timeout == Some(2)));
    let content: GroupingConfig = round_trip(json!({"aggregate": "all", "fields": ["a"]}));
    assert!(matches!(content, GroupingConfig::Content(_)));
    // Keys no branch declares: the first branch that reads the value, as serde would.
    assert!(matches!(
        serde_json::from_value::<GroupingConfig>(json!({"other": 1})).unwrap(),
        GroupingConfig::Window(_)
    ));
    // `window` has the wrong type: `Timeout` and `Content` read the value by dropping the
    // key (JSON Schema accepts it too), and write `{}`, which reads back as a `Window`: the
    // JSON stays the same, the variant cannot (found by the runtime fuzzer).
    let lossy = serde_json::from_value::<GroupingConfig>(json!({"window": "p+"})).unwrap();
    assert!(matches!(lossy, GroupingConfig::Timeout(_)));
    let written = serde_json::to_value(&lossy).unwrap();
    let again: GroupingConfig = serde_json::from_value(written.clone()).unwrap();
    assert_eq!(serde_json::to_value(&again).unwrap(), written);
    // The key that decides is deeper down.
    let errors: ErrorList = round_trip(json!({"errors": [{"id": "a", "message": "m"}]}));
    assert!(matches!(errors, ErrorList::WithId(_)));
    let errors: ErrorList = round_trip(json!({"errors": [{"message": "m"}]}));
    assert!(matches!(errors, ErrorList::Plain(_)));
    let error = serde_json::from_value::<GroupingConfig>(json!("x")).unwrap_err();
    assert_eq!(
        error.to_string(),
        "data did not match any variant of untagged enum GroupingConfig"
    );
}

#[test]
fn const_tagged_unions_need_no_discriminator() {
    use unions::input::Shape;
    assert!(matches!(
        round_trip::<Shape>(json!({"type": "circle", "radius": 1.0})),
        Shape::Circle(_)
    ));
    assert!(matches!(
        round_trip::<Shape>(json!({"type": "square", "side": 2.0})),
        Shape::Square(_)
    ));
    assert_eq!(
        error_of::<Shape>(json!({"type": "hexagon", "side": 2.0})),
        "type: unknown tag `hexagon`, expected one of: circle, square"
    );
    // The tag picks the variant; a body of another variant is an error, not a fallback.
    assert_eq!(
        error_of::<Shape>(json!({"type": "circle", "side": 2.0})),
        "missing field `radius`"
    );
    let written = serde_json::to_string(&round_trip::<Shape>(
        json!({"type": "circle", "radius": 1.0}),
    ))
    .unwrap();
    assert_eq!(
        written.matches("\"type\"").count(),
        1,
        "the tag is written once: {written}"
    );
}

#[test]
fn nested_discriminated_unions_dispatch_twice() {
    use unions::input::{Event, PaymentEvent};
    let failed: Event =
        round_trip(json!({"category": "payment", "status": "failed", "reason": "card"}));
    assert!(matches!(failed, Event::Payment(PaymentEvent::Failed(_))));
    let refund: Event = round_trip(json!({"category": "refund", "amount": 5}));
    assert!(matches!(refund, Event::Refund(_)));
    assert_eq!(
        error_of::<Event>(json!({"category": "payment", "status": "pending"})),
        "status: unknown tag `pending`, expected one of: succeeded, failed"
    );
}

#[test]
fn objects_keep_extra_keys_or_refuse_them() {
    use objects::input::{Derived, Env, Headers, Holder, Labels, Nothing, Open, Strict};
    let labels: Labels = round_trip(json!({"name": "n", "team": "core", "tier": "1"}));
    assert_eq!(labels.extra.get("team").map(String::as_str), Some("core"));
    assert!(serde_json::from_value::<Labels>(json!({"name": "n", "count": 1})).is_err());
    let open: Open = round_trip(json!({"id": 1, "anything": [1, {"a": null}]}));
    assert_eq!(open.extra["anything"], json!([1, {"a": null}]));
    let _: Strict = round_trip(json!({"id": 1}));
    assert_eq!(
        error_of::<Strict>(json!({"id": 1, "other": 2})),
        "unknown field `other`, expected `id`"
    );
    let _: Nothing = round_trip(json!({}));
    assert_eq!(
        error_of::<Nothing>(json!({"a": 1})),
        "unknown field `a`, there are no fields"
    );
    let _: Env = round_trip(json!({"HOME": "/root"}));
    let _: Headers = round_trip(json!({"accept": "*/*"}));
    let derived: Derived = round_trip(json!({"id": "1", "created": "now", "name": "n"}));
    assert_eq!(derived.created, "now");
    assert_eq!(
        error_of::<Derived>(json!({"id": "1", "name": "n"})),
        "missing field `created`"
    );
    let _: Holder = round_trip(json!({"pointer": {"id": "p"}}));
}

#[test]
fn undeclared_required_keys_are_demanded_where_nothing_is_declared() {
    use objects::input::{Invite, Scaled};
    // Beside declared properties, a misspelt or forgotten property: not demanded (W0007).
    let invite: Invite = round_trip(json!({"login": "a@b.c"}));
    assert_eq!(invite.login.as_deref(), Some("a@b.c"));
    // In an object that declares none, what JSON Schema means: the keys must be present.
    let _: Scaled = round_trip(json!({"scale": "x", "value": [1]}));
    assert_eq!(error_of::<Scaled>(json!({})), "missing field `scale`");
}

#[test]
fn branches_without_a_type_take_the_parents() {
    use unions::input::{ModuleKind, ModuleKindVariant1};
    let listed: ModuleKind = round_trip(json!("esnext"));
    assert_eq!(listed, ModuleKind::Variant1(ModuleKindVariant1::Esnext));
    let patterned: ModuleKind = round_trip(json!("node16"));
    assert_eq!(patterned, ModuleKind::String("node16".into()));
    // The branch's pattern holds: a string that breaks it matches no branch.
    assert!(serde_json::from_value::<ModuleKind>(json!("deno")).is_err());
    // The pattern branch is a string, not any value.
    assert!(serde_json::from_value::<ModuleKind>(json!(true)).is_err());
    assert!(serde_json::from_value::<ModuleKind>(json!({})).is_err());
}

#[test]
fn all_of_parts_both_hold() {
    use objects::input::{Extended, Suspension};
    // Nullable in one part, required without null in the other: null is refused.
    let _: Suspension = round_trip(json!({"by": {"id": "u"}}));
    assert!(serde_json::from_value::<Suspension>(json!({"by": null})).is_err());
    let closed: objects::input::ClosedMilestone = round_trip(json!({"closed_at": "2024-01-01"}));
    assert_eq!(closed.closed_at, "2024-01-01");
    assert!(
        serde_json::from_value::<objects::input::ClosedMilestone>(json!({"closed_at": null}))
            .is_err()
    );
    // `required` beside a one-part `allOf` demands the part's key.
    let field: objects::input::Field = round_trip(json!({"data_type": "string"}));
    assert_eq!(field.data_type, "string");
    assert_eq!(
        error_of::<objects::input::Field>(json!({"name": "n"})),
        "missing field `data_type`"
    );
    // A closed part is extended anyway (W0003): the other part's key is kept.
    let extended: Extended = round_trip(json!({"action": "a", "token": "t"}));
    assert_eq!(extended.token.as_deref(), Some("t"));
    // A union part is not enforced (W0003): the struct reads what the other parts declare.
    let styled: objects::input::Styled = round_trip(json!({"id": "s"}));
    assert_eq!(styled.id, "s");
}

#[test]
fn null_only_types_read_null_alone() {
    use objects::input::{Ack, Count, Nil};
    let _: Nil = round_trip(json!(null));
    assert!(serde_json::from_value::<Nil>(json!(true)).is_err());
    assert!(serde_json::from_value::<Nil>(json!({})).is_err());
    let ack: Ack = round_trip(json!({"result": null}));
    assert_eq!(ack.note, None);
    assert!(serde_json::from_value::<Ack>(json!({"result": 1})).is_err());
    assert_eq!(error_of::<Ack>(json!({})), "missing field `result`");
    // Object keywords beside `type: integer` change nothing.
    let count: Count = round_trip(json!(3));
    assert_eq!(count, 3);
    assert!(serde_json::from_value::<Count>(json!({"ok": 1})).is_err());
}

#[test]
fn tuples_have_exact_lengths() {
    use arrays::input::{Point, Shape};
    let point: Point = round_trip(json!([1.5, 2.5]));
    assert_eq!(point, (1.5, 2.5));
    assert!(serde_json::from_value::<Point>(json!([1.0, 2.0, 3.0])).is_err());
    assert!(serde_json::from_value::<Point>(json!([1.0])).is_err());
    let shape: Shape =
        round_trip(json!({"points": [[0.0, 0.0]], "entry": ["a", 1, true], "tags": ["x", "y"]}));
    assert_eq!(shape.entry, Some(("a".into(), 1, true)));
}

#[test]
fn array_bounds_are_checked() {
    use arrays::input::Shape;
    assert_eq!(
        error_of::<Shape>(json!({"points": [], "tags": ["x", "x"]})),
        "tags: the items are not unique"
    );
    assert_eq!(
        error_of::<Shape>(json!({"points": [], "tags": []})),
        "tags: 0 items, below the minimum of 1"
    );
    assert_eq!(
        error_of::<Shape>(json!({"points": [], "tags": ["a", "b", "c", "d"]})),
        "tags: 4 items, above the maximum of 3"
    );
}

#[test]
fn formats_pick_widths_and_mapped_types() {
    use formats::input::Sample;
    let sample: Sample = round_trip(json!({"v4": "127.0.0.1", "v6": "::1", "tiny": -128,
        "small": 2147483647, "unsigned": 4294967295u64, "at": "2024-01-01T00:00:00+05:30"}));
    assert_eq!(sample.v4, Some(std::net::Ipv4Addr::LOCALHOST));
    assert_eq!(
        sample.at.as_deref(),
        Some("2024-01-01T00:00:00+05:30"),
        "offset kept as sent"
    );
    assert!(serde_json::from_value::<Sample>(json!({"v4": "300.1.1.1"})).is_err());
    assert!(serde_json::from_value::<Sample>(json!({"tiny": 128})).is_err());
    assert!(serde_json::from_value::<Sample>(json!({"unsigned": -1})).is_err());
}

#[test]
fn defaults_apply_when_keys_are_absent() {
    use defaults_and_checks::input::{Mode, Settings};
    let settings: Settings = serde_json::from_value(json!({"name": "ab"})).unwrap();
    assert_eq!(settings.retries, 3);
    assert_eq!(settings.ratio, 0.5);
    assert!(!settings.verbose);
    assert_eq!(settings.label, "none");
    assert_eq!(settings.mode, Mode::Safe);
    assert_eq!(settings.hosts, ["localhost"]);
    assert_eq!(settings.note.as_deref(), Some("hello"));
    assert_eq!(settings.step, None);
    let explicit: Settings =
        serde_json::from_value(json!({"name": "ab", "note": null, "retries": 0})).unwrap();
    assert_eq!(explicit.note, None, "an explicit null is not the default");
    assert_eq!(explicit.retries, 0);
}

#[test]
fn composite_defaults_the_types_refuse_are_dropped_not_panicked_on() {
    use defaults_and_checks::input::{Deployment, Mode};
    // `spec: default {}` lacks a required key and `modes: default [fast, slow]` names no
    // mode: both were dropped at generation, so an absent key is `None`, not a panic.
    let deployment: Deployment = serde_json::from_value(json!({})).unwrap();
    assert_eq!(deployment.spec, None);
    assert_eq!(deployment.modes, None);
    assert_eq!(
        deployment.fallback.name, "ok",
        "a valid object default applies"
    );
    let given: Deployment =
        serde_json::from_value(json!({"modes": ["safe"], "spec": {"name": "ab"}})).unwrap();
    assert_eq!(given.modes, Some(vec![Mode::Safe]));
    assert_eq!(given.spec.map(|s| s.name).as_deref(), Some("ab"));
}

#[test]
fn constraints_are_enforced_naming_the_field() {
    use defaults_and_checks::input::Settings;
    let with = |key: &str, value: serde_json::Value| {
        let mut body = json!({"name": "ab"});
        body[key] = value;
        serde_json::from_value::<Settings>(body)
            .map(|_| ())
            .map_err(|e| e.to_string())
    };
    assert_eq!(
        with("name", json!("a")),
        Err("name: length 1 is below the minimum of 2".into())
    );
    assert_eq!(
        with("name", json!("abcdefghi")),
        Err("name: length 9 is above the maximum of 8".into())
    );
    assert_eq!(
        with("name", json!("Ab")),
        Err("name: `Ab` does not match the pattern `^[a-z][a-z0-9-]*$`".into())
    );
    assert_eq!(with("name", json!("a-1")), Ok(()));
    assert_eq!(
        with("retries", json!(11)),
        Err("retries: 11 is above the maximum of 10".into())
    );
    assert_eq!(
        with("retries", json!(-1)),
        Err("retries: -1 is below the minimum of 0".into())
    );
    assert_eq!(
        with("ratio", json!(1)),
        Err("ratio: 1 is not below the exclusive maximum 1".into())
    );
    assert_eq!(
        with("ratio", json!(0)),
        Err("ratio: 0 is not above the exclusive minimum 0".into())
    );
    assert_eq!(
        with("step", json!(0.3)),
        Err("step: 0.3 is not a multiple of 0.25".into())
    );
    assert_eq!(with("step", json!(0.75)), Ok(()));
    assert_eq!(
        with("hosts", json!(["a", "a"])),
        Err("hosts: the items are not unique".into())
    );
    assert_eq!(
        with("limits", json!({"a": 1, "b": 2, "c": 3})),
        Err("limits: 3 keys, above the maximum of 2".into())
    );
    assert_eq!(
        with("note", json!("toolong")),
        Err("note: length 7 is above the maximum of 5".into())
    );
}

#[test]
#[allow(deprecated)]
fn read_only_and_write_only_fields_are_never_required() {
    use metadata::input::{OldThing, Widget};
    let request: Widget = round_trip(json!({"name": "bolt", "secret_phrase": "s", "@type": "t"}));
    assert_eq!(request.id, None);
    assert_eq!(request.kind.as_deref(), Some("t"));
    let response: Widget =
        round_trip(json!({"id": "1", "name": "bolt", "legacy_code": "x", "old": {"id": "o"}}));
    assert_eq!(response.secret_phrase, None);
    assert_eq!(
        response.old,
        Some(OldThing {
            id: Some("o".into())
        })
    );
    assert!(format!("{request:?}").contains("secret_phrase: Some(<redacted>)"));
}

#[test]
fn value_all_of_merges_into_one_checked_type() {
    use compositions::input::Order;
    let _: Order = round_trip(json!({"id": 7, "sku": "AB1"}));
    assert_eq!(
        error_of::<Order>(json!({"id": 0, "sku": "AB1"})),
        "id: 0 is below the minimum of 1"
    );
    // Both branches' patterns apply, and the tighter `maxLength`.
    assert!(
        error_of::<Order>(json!({"id": 1, "sku": "ab1"}))
            .contains("does not match the pattern `^[A-Z]`")
    );
    assert!(
        error_of::<Order>(json!({"id": 1, "sku": "ABC"}))
            .contains("does not match the pattern `[0-9]$`")
    );
    assert!(error_of::<Order>(json!({"id": 1, "sku": "ABCD1"})).contains("above the maximum of 4"));
}

#[test]
fn properties_beside_one_of_are_shared_by_every_alternative() {
    use compositions::input::{Contact, Lookup, LookupKind};
    let lookup: Lookup = round_trip(json!({"limit": 5, "by": "phone", "phone": "+1"}));
    assert_eq!(lookup.limit, 5);
    assert!(matches!(lookup.kind, LookupKind::Phone(ref p) if p.phone == "+1"));
    assert!(error_of::<Lookup>(json!({"limit": 5, "by": "fax"})).contains("unknown tag `fax`"));
    assert_eq!(
        error_of::<Lookup>(json!({"by": "phone", "phone": "+1"})),
        "missing field `limit`"
    );
    let contact: Contact = round_trip(json!({"email": "a@b"}));
    assert_eq!(contact.phone, None);
}

#[test]
fn large_variants_are_boxed_and_still_round_trip() {
    use unions::input::{Big, FlagOrBig, PledgeType};
    let big: FlagOrBig = round_trip(json!({"a": "x"}));
    assert_eq!(
        big,
        FlagOrBig::Big(Box::new(Big {
            a: Some("x".into()),
            b: None,
            c: None,
            d: None,
            e: None,
            f: None,
            g: None,
            h: None,
        }))
    );
    assert_eq!(
        round_trip::<FlagOrBig>(json!(true)),
        FlagOrBig::Boolean(true)
    );
    assert_eq!(
        round_trip::<PledgeType>(json!("pay_on_completion")),
        PledgeType::PayOnCompletion
    );
}

#[test]
fn typed_formats_keep_the_offset_and_round_trip() {
    use typed_formats::input::Event;
    for at in [
        "2024-05-01T10:00:00+05:30",
        "2024-05-01T10:00:00Z",
        "2024-05-01T10:00:00.250-07:00",
    ] {
        let event: Event = round_trip(json!({"id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
            "at": at, "day": "2024-05-01"}));
        assert_eq!(
            event.at.to_rfc3339().get(..19),
            Some("2024-05-01T10:00:00"),
            "local time kept"
        );
    }
    let event: Event = round_trip(json!({"id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "at": "2024-05-01T10:00:00+05:30", "day": "2024-05-01"}));
    assert_eq!(event.at.offset().local_minus_utc(), 5 * 3600 + 1800);
    assert!(
        serde_json::from_value::<Event>(json!({"id": "nope", "at": "2024-05-01T10:00:00Z",
        "day": "2024-05-01"}))
        .is_err()
    );
}

#[test]
fn names_that_are_not_identifiers_keep_their_wire_form() {
    use names::input::{CheckRunCompleted, OrderItem, ThreedModel, VecType};
    let item: OrderItem = round_trip(json!({"@id": "1", "first name": "Ada", "$ref": "r",
        "a.b": "x", "crate": "c", "Self": "s", "_": "u"}));
    assert_eq!(item.first_name.as_deref(), Some("Ada"));
    assert_eq!(item.r#ref.as_deref(), Some("r"));
    assert_eq!(item.field.as_deref(), Some("u"));
    let _: CheckRunCompleted = round_trip(json!({"check_run": "done"}));
    let boxes: VecType = round_trip(json!([{"size": 1}, {}]));
    assert_eq!(boxes.len(), 2);
    assert_eq!(round_trip::<ThreedModel>(json!("a")), ThreedModel::A);
}

#[test]
fn config_reuses_existing_types_and_adds_attributes() {
    use config_extras::input::{Kind, Price};
    let price: Price = round_trip(json!({"money": {"amount": 5, "currency": "EUR"},
        "at": [1.0, 2.0], "name": "n", "kind": "a", "labels": {"x": "y"}}));
    assert_eq!(
        price.money,
        shared::Money {
            amount: 5,
            currency: "EUR".into()
        }
    );
    assert_eq!(price.at, Some(shared::Point(1.0, 2.0)));
    assert_eq!(price.kind, Some(Kind::A));
    let labels: &std::collections::HashMap<String, String> = price.labels.as_ref().unwrap();
    assert_eq!(labels["x"], "y");
    // `field_attribute` added `#[serde(alias = "comment")]`.
    let aliased: Price = serde_json::from_value(json!({"money": {"amount": 1, "currency": "X"},
        "comment": "via alias"}))
    .unwrap();
    assert_eq!(aliased.note.as_deref(), Some("via alias"));
    assert!(
        error_of::<Price>(json!({"money": {"amount": 1, "currency": "X"},
        "labels": {"a": "1", "b": "2", "c": "3"}}))
        .contains("3 keys, above the maximum of 2")
    );
    // Item checks through serde's derive, `null` and absent apart.
    let with_codes = |codes| json!({"money": {"amount": 1, "currency": "X"}, "codes": codes});
    let price: Price = round_trip(with_codes(json!(["ab", "c"])));
    assert_eq!(price.codes, Some(Some(vec!["ab".to_string(), "c".into()])));
    let price: Price = round_trip(with_codes(json!(null)));
    assert_eq!(price.codes, Some(None));
    let error = error_of::<Price>(with_codes(json!(["ab", "abcd"])));
    assert!(
        error.contains("[1]: length 4 is above the maximum of 3"),
        "{error}"
    );
    let error = error_of::<Price>(with_codes(json!(["ab", "ab"])));
    assert!(error.contains("the items are not unique"), "{error}");
}

#[test]
fn types_from_other_files_are_shared_not_copied() {
    use multi_file::input::Order;
    use multi_file::money::{Currency, Money};
    let order: Order = round_trip(json!({"total": {"amount": 5, "currency": "EUR"},
        "customer": {"name": "Ada", "wallet": {"amount": 1, "currency": "USD"}}}));
    // One `Money` type, defined by the file that declares it, used from both other files.
    let wallet: Option<Money> = order.customer.wallet;
    assert_eq!(wallet.map(|m| m.currency), Some(Currency::Usd));
    assert_eq!(order.total.amount, 5);
}

#[test]
fn recursive_aliases_become_newtypes() {
    use recursion::input::{Forest, Json};
    let forest: Forest = round_trip(json!([[], [[]]]));
    assert_eq!(forest.0.len(), 2);
    assert_eq!(forest.0[1].0.len(), 1);
    let nested: Json = round_trip(json!({"a": "x", "b": {"c": "y"}}));
    assert!(matches!(nested, Json::JsonObject(ref map) if map.len() == 2));
}

#[test]
fn swagger_2_definitions_bodies_and_x_nullable() {
    use swagger2::input::{CreatePetRequestBody, CreatePetResponseDefault, Pet};
    // The response example from the spec.
    let pet: Pet = round_trip(json!({"id": 7, "name": "Rex", "nickname": null}));
    assert_eq!(pet.nickname, None);
    assert_eq!(
        error_of::<Pet>(json!({"id": 7, "name": "Rex"})),
        "missing field `nickname`"
    );
    let _: CreatePetRequestBody = round_trip(json!({"name": "Rex"}));
    let error: CreatePetResponseDefault = round_trip(json!({"code": 404}));
    assert!(
        format!("{error:?}").contains("code: Some(404)"),
        "an integer code is not a secret"
    );
}

#[test]
fn a_swagger_2_list_of_items_is_one_of_them() {
    use swagger2::input::{Channel, Conversation};
    // Slack's data: the object itself, not a list of it.
    let channel: Channel = round_trip(json!({"conversation": {"id": "C1"}}));
    assert!(matches!(channel.conversation, Some(Conversation::Id(ref c)) if c.id == "C1"));
    let channel: Channel = round_trip(json!({"conversation": "C1"}));
    assert!(matches!(
        channel.conversation,
        Some(Conversation::String(_))
    ));
    assert!(serde_json::from_value::<Channel>(json!({"conversation": [{"id": "C1"}]})).is_err());
}

#[test]
fn a_property_two_all_of_parts_declare_has_both_declarations() {
    use compositions::input::Orchestration;
    let both: Orchestration =
        round_trip(json!({"path": {"type": "t", "parent": "p", "migrated_at": "m"}}));
    assert_eq!(both.path.migrated_at.as_deref(), Some("m"));
    assert_eq!(both.path.parent.as_deref(), Some("p"));
}

#[test]
fn a_free_form_object_restated_with_properties_is_those_properties() {
    use objects::input::ConflictError;
    let conflict: ConflictError = round_trip(json!({"context_info": {"conflicts": [1, 2]}}));
    assert_eq!(
        conflict.context_info.and_then(|c| c.conflicts),
        Some(vec![1, 2])
    );
    // The restated declaration holds: its items are checked.
    assert!(
        serde_json::from_value::<ConflictError>(json!({"context_info": {"conflicts": ["x"]}}))
            .is_err()
    );
}

#[test]
fn a_key_required_beside_one_of_is_required_in_each_inline_alternative() {
    use objects::input::{Channel, ChannelKind};
    let channel: Channel = round_trip(json!({"type": "email", "to": "a@b", "summary": "s"}));
    let ChannelKind::EmailChannel(email) = channel.kind else {
        panic!("read as {:?}", channel.kind);
    };
    assert_eq!(email.r#type, "email");
    // Without `type` no alternative matches, as JSON Schema says.
    assert!(serde_json::from_value::<Channel>(json!({"to": "a@b"})).is_err());
    assert!(serde_json::from_value::<Channel>(json!({"type": null, "to": "a@b"})).is_err());
}

#[test]
fn a_union_closed_beside_its_alternatives_takes_their_keys() {
    use objects::input::DefaultValue;
    // W0003: JSON Schema would refuse `date`; the spec means the alternative.
    let value: DefaultValue = round_trip(json!({"type": "DateDefault", "date": "2024-01-01"}));
    assert!(matches!(value, DefaultValue::DateDefault(d) if d.date == "2024-01-01"));
}

#[test]
fn all_of_parts_that_only_annotate_leave_the_reference() {
    use compositions::input::{Filter, FilterValue};
    let filter: Filter = round_trip(json!({"category": "online", "tags": ["a", "b"]}));
    assert_eq!(filter["category"], FilterValue::String("online".into()));
    assert!(matches!(&filter["tags"], FilterValue::Array(tags) if tags.len() == 2));
}

#[test]
fn nullability_and_members_survive_long_chains() {
    use long_chains::input::{Holder, Level40};
    // `null` is a value of `Link1`, so of every schema that refers to it, however far away.
    let holder: Holder = round_trip(json!({"third": null, "twentieth": null, "wrapped": null}));
    assert_eq!(
        (holder.third, holder.twentieth, holder.wrapped),
        (None, None, None)
    );
    let holder: Holder = round_trip(json!({"third": "a", "twentieth": "b", "wrapped": "c"}));
    assert_eq!(holder.twentieth.as_deref(), Some("b"));
    // Required and nullable: the key must still be there.
    let error = serde_json::from_value::<Holder>(json!({"third": null, "wrapped": null}));
    assert_eq!(error.unwrap_err().to_string(), "missing field `twentieth`");
    // 40 levels of `allOf` inheritance: every level's property, each required.
    let mut all = serde_json::Map::new();
    all.insert("p1".into(), json!("first"));
    for level in 2..=40 {
        all.insert(format!("p{level}"), json!(level));
    }
    let level40: Level40 = round_trip(serde_json::Value::Object(all.clone()));
    assert_eq!((level40.p1.as_str(), level40.p40), ("first", 40));
    all.remove("p23");
    let error = serde_json::from_value::<Level40>(serde_json::Value::Object(all));
    assert_eq!(error.unwrap_err().to_string(), "missing field `p23`");
}

#[test]
fn patterns_of_other_dialects_are_enforced_as_translated() {
    use warn_pattern::input::User;
    let user: User = round_trip(json!({"code": "AbC", "word": "héllo", "name": "[unchecked"}));
    assert_eq!(user.code.as_deref(), Some("AbC"));
    for (bad, problem) in [
        (
            json!({"code": "abcd"}),
            "does not match the pattern `^[a-z]{3}$`",
        ),
        (
            json!({"word": "h3llo"}),
            "does not match the pattern `^\\p{L}+$`",
        ),
    ] {
        let error = serde_json::from_value::<User>(bad).unwrap_err().to_string();
        assert!(error.contains(problem), "{error}");
    }
    let error = serde_json::from_value::<User>(json!({"balance": i64::MIN})).map(|u| u.balance);
    assert_eq!(error.unwrap(), Some(i64::MIN));
}

#[test]
fn const_tags_are_the_discriminator_tags_without_a_mapping() {
    use discriminated_union::input::ShapeParam;
    let circle: ShapeParam = round_trip(json!({"kind": "circle", "radius": 1.5}));
    assert!(matches!(circle, ShapeParam::Circle(_)));
    let polygon: ShapeParam = round_trip(json!({"kind": "polygon", "points": [1.0, 2.0]}));
    assert!(matches!(polygon, ShapeParam::Polygon(_)));
    let error =
        serde_json::from_value::<ShapeParam>(json!({"kind": "CircleShapeParam", "radius": 1}));
    assert!(
        error
            .unwrap_err()
            .to_string()
            .contains("unknown tag `CircleShapeParam`")
    );
}

#[test]
fn every_mapping_tag_of_a_schema_reads_into_its_variant() {
    use discriminated_union::input::Animal;
    let cat: Animal = round_trip(json!({"species": "cat", "lives": 9}));
    let kitten: Animal = round_trip(json!({"species": "kitten", "lives": 9}));
    assert!(matches!(cat, Animal::Cat(_)) && matches!(kitten, Animal::Cat(_)));
    let dog: Animal = round_trip(json!({"species": "dog", "good": true}));
    assert!(matches!(dog, Animal::Dog(_)));
    let error = serde_json::from_value::<Animal>(json!({"species": "cow"})).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("expected one of: cat, kitten, dog"),
        "{error}"
    );
}

#[test]
fn path_items_bodies_and_schemas_in_other_files_generate() {
    use refs_everywhere::input::{
        CreatePetRequestBody, CreatePetResponseBody, ListPetsResponseBody,
    };
    let pets: ListPetsResponseBody = round_trip(json!([{"name": "Rex", "tag": "dog"}]));
    assert_eq!(pets[0].name, "Rex");
    let _: CreatePetRequestBody = round_trip(json!({"name": "Tom"}));
    let created: CreatePetResponseBody = round_trip(json!({"id": 7}));
    assert_eq!(created.id, Some(7));
}

#[test]
fn a_tag_two_branches_share_reads_the_first_branch_that_takes_the_value() {
    use warn_discriminator::input::{Item, Pet};
    let input: Item = round_trip(json!({"type": "message", "role": "user", "content": "hello"}));
    assert!(matches!(input, Item::InputMessage(_)), "{input:?}");
    let output: Item = round_trip(json!({"type": "message", "role": "assistant", "id": "m1"}));
    assert!(matches!(output, Item::OutputMessage(_)), "{output:?}");
    let call: Item = round_trip(json!({"type": "function_call", "name": "f"}));
    assert!(matches!(call, Item::FunctionCall(_)));
    // Neither message reads it: the union's error, not a panic or a silent pick.
    let error = serde_json::from_value::<Item>(json!({"type": "message", "role": "tool"}))
        .unwrap_err()
        .to_string();
    assert!(error.contains("did not match any variant"), "{error}");
    for tag in ["pet", "cat"] {
        let pet: Pet = round_trip(json!({"kind": tag, "lives": 9}));
        assert!(matches!(pet, Pet::Cat(_)), "{pet:?}");
    }
    let dog: Pet = round_trip(json!({"kind": "dog", "good": true}));
    assert!(matches!(dog, Pet::Dog(_)));
}

/// The 2,900-file spec's shape: `properties: {$ref}` to a mapping of properties in another
/// file, under `allOf`, read as a bundler reads it.
#[test]
fn a_reference_in_place_of_a_mapping_reads_the_mapping() {
    use json_references::load_balancer_create::Schema;
    let by_id: Schema =
        round_trip(json!({"droplet_ids": [3164444], "region": "nyc3", "name": "lb"}));
    let Schema::AssignDropletsById(by_id) = by_id else {
        panic!("{by_id:?}");
    };
    assert_eq!(by_id.droplet_ids, [3164444]);
    let by_tag: Schema = round_trip(json!({"tag": "prod:web", "region": "nyc3"}));
    assert!(
        matches!(by_tag, Schema::AssignDropletsByTag(_)),
        "{by_tag:?}"
    );
    // `region` is required by both alternatives: the merged parts keep it required.
    let error = serde_json::from_value::<Schema>(json!({"tag": "prod:web"})).unwrap_err();
    assert!(
        error.to_string().contains("did not match any variant"),
        "{error}"
    );
    // A property named `$ref` stays a property; a pointer through a reference reaches the
    // schema in the other file.
    let link: json_references::input::Link =
        round_trip(json!({"$ref": "x", "tag": "prod:web", "label-a": 1}));
    assert_eq!(link.r#ref.as_deref(), Some("x"));
    assert_eq!(link.tag.as_deref(), Some("prod:web"));
}

fn error_text<T: serde::de::DeserializeOwned + std::fmt::Debug>(
    value: serde_json::Value,
) -> String {
    serde_json::from_value::<T>(value).unwrap_err().to_string()
}

/// A named scalar, array or map schema with validation keywords is a newtype that holds
/// only values keeping them: read alone, built by hand, or inside arrays and maps.
#[test]
fn named_schemas_with_constraints_check_themselves() {
    use constraints::input::{Age, ApiKey, Code, Flag, Ratio, Scores, Tags};
    let code: Code = round_trip(json!("ABC"));
    assert_eq!(code.as_str(), "ABC");
    assert_eq!(code.to_string(), "ABC");
    assert_eq!(String::from(code.clone()), "ABC");
    assert_eq!(
        Code::try_from("XYZ".to_string()).unwrap().into_inner(),
        "XYZ"
    );
    assert_eq!(
        error_text::<Code>(json!("abc")),
        "`abc` does not match the pattern `^[A-Z]{3}$`"
    );
    assert_eq!(
        Code::new("toolong").unwrap_err().to_string(),
        "`toolong` does not match the pattern `^[A-Z]{3}$`"
    );
    let age: Age = round_trip(json!(42));
    assert_eq!(*age, 42);
    assert_eq!(
        error_text::<Age>(json!(151)),
        "151 is above the maximum of 150"
    );
    assert_eq!(error_text::<Age>(json!(-1)), "-1 is below the minimum of 0");
    assert_eq!(
        error_text::<Ratio>(json!(0)),
        "0 is not above the exclusive minimum 0"
    );
    assert!(Ratio::new(0.5).is_ok() && Ratio::new(1.0).is_err());
    let tags: Tags = round_trip(json!(["a", "bc"]));
    assert_eq!(tags.len(), 2);
    assert_eq!(
        error_text::<Tags>(json!(["a", "toolong"])),
        "[1]: length 7 is above the maximum of 5"
    );
    assert_eq!(
        error_text::<Tags>(json!(["a", "a"])),
        "the items are not unique"
    );
    assert_eq!(
        error_text::<Scores>(json!({"ann": 3, "bob": 11})),
        "bob: 11 is above the maximum of 10"
    );
    // A check that applies to no value of the type (`minimum` on a boolean) leaves an alias.
    let flag: Flag = true;
    assert!(flag);
    // A secret's errors name the rule, and its `Debug` hides it.
    let key = ApiKey::new("short").unwrap_err().to_string();
    assert_eq!(key, "the value is shorter than 16 characters");
    let key = ApiKey::new("0123456789abcdef").unwrap();
    assert_eq!(format!("{key:?}"), "ApiKey(<redacted>)");
}

/// Items of arrays and values of maps check their schemas at any depth, and each error
/// names the path from the value's root.
#[test]
fn constraints_hold_at_every_depth_and_errors_name_the_path() {
    use constraints::input::Order;
    let order: Order = round_trip(json!({
        "code": "ABC",
        "codes": ["DEF", "GHI"],
        "ages": {"ann": 3},
        "prices": [{"price_amount": 5, "currency": "EUR"}],
        "notes": ["a", "abc"],
        "grid": [[0, 1], [2]],
        "nullable_names": ["ok", null],
        "limits": null
    }));
    assert_eq!(order.codes.as_ref().map(Vec::len), Some(2));
    for (bad, message) in [
        (
            json!({"code": "abc"}),
            "code: `abc` does not match the pattern `^[A-Z]{3}$`",
        ),
        (
            json!({"code": "ABC", "codes": ["DEF", "x"]}),
            "codes[1]: `x` does not match the pattern `^[A-Z]{3}$`",
        ),
        (
            json!({"code": "ABC", "ages": {"bob": 200}}),
            "ages.bob: 200 is above the maximum of 150",
        ),
        (
            json!({"code": "ABC", "prices": [{"price_amount": 0}]}),
            "prices[0].price_amount: 0 is not above the exclusive minimum 0",
        ),
        (
            json!({"code": "ABC", "prices": [{"price_amount": 1, "currency": "EURO"}]}),
            "prices[0].currency: length 4 is above the maximum of 3",
        ),
        (
            json!({"code": "ABC", "prices": [{"price_amount": 1}, {"price_amount": "x"}]}),
            "prices[1].price_amount: invalid type: string \"x\", expected i64",
        ),
        (
            json!({"code": "ABC", "notes": ["a", "abcd"]}),
            "notes[1]: length 4 is above the maximum of 3",
        ),
        (
            json!({"code": "ABC", "grid": [[1], []]}),
            "grid[1]: 0 items, below the minimum of 1",
        ),
        (
            json!({"code": "ABC", "grid": [[1, -1]]}),
            "grid[0][1]: -1 is below the minimum of 0",
        ),
        (
            json!({"code": "ABC", "nullable_names": [null, "Bad"]}),
            "nullable_names[1]: `Bad` does not match the pattern `^[a-z]+$`",
        ),
        (
            json!({"code": "ABC", "limits": {"a": 2}}),
            "limits.a: 2 is above the maximum of 1",
        ),
        (
            json!({"code": "ABC", "tags": ["x", "y", "z", "w"]}),
            "tags: 4 items, above the maximum of 3",
        ),
        (
            json!({"code": "ABC", "key": "short"}),
            "key: the value is shorter than 16 characters",
        ),
    ] {
        let error = error_text::<Order>(bad);
        assert_eq!(error, message);
    }
    // Through serde_json's reader the position follows the path.
    let error =
        serde_json::from_str::<Order>(r#"{"code": "ABC", "prices": [{"price_amount": 0}]}"#)
            .unwrap_err()
            .to_string();
    assert!(
        error.starts_with(
            "prices[0].price_amount: 0 is not above the exclusive minimum 0 at line 1"
        ),
        "{error}"
    );
}

/// A `oneOf` branch and a tuple position hold their inline checks: a union reads the branch
/// whose checks the value keeps, and refuses a value that keeps no branch's.
#[test]
fn union_branches_and_tuple_positions_hold_their_constraints() {
    use constraints::input::{Order, OrderLabel, OrderLevel};
    let order: Order = round_trip(json!({
        "code": "ABC",
        "label": "abc",
        "level": 9,
        "point": [45.5, "N"]
    }));
    assert_eq!(order.label, Some(OrderLabel::String("abc".into())));
    assert_eq!(order.level, Some(OrderLevel::Integer(9)));
    let (latitude, hemisphere) = order.point.expect("read");
    assert_eq!((*latitude, hemisphere.as_str()), (45.5, "N"));
    let order: Order = round_trip(json!({"code": "ABC", "label": 7, "level": "ab"}));
    assert_eq!(order.label, Some(OrderLabel::Integer(7)));
    assert_eq!(order.level, Some(OrderLevel::String("ab".into())));
    for bad in [
        json!({"code": "ABC", "label": "abcd"}),
        json!({"code": "ABC", "label": -1}),
        json!({"code": "ABC", "level": "a"}),
        json!({"code": "ABC", "level": 10}),
    ] {
        let error = error_text::<Order>(bad.clone());
        assert!(
            error.starts_with("label") || error.starts_with("level"),
            "{bad}: {error}"
        );
    }
    assert_eq!(
        error_text::<Order>(json!({"code": "ABC", "point": [91, "N"]})),
        "point: 91 is above the maximum of 90"
    );
    assert_eq!(
        error_text::<Order>(json!({"code": "ABC", "point": [1, "E"]})),
        "point: `E` does not match the pattern `^[NS]$`"
    );
}

/// `propertyNames` and the key patterns of a closed map hold for every key; the values under
/// a closed map's one pattern keep its checks.
#[test]
fn map_keys_hold_their_constraints() {
    use constraints::input::{Extensions, Labels, NoKeys, Order};
    let order: Order = round_trip(json!({
        "code": "ABC",
        "labels": {"team": "core", "tier": "1"},
        "extensions": {"x-a": "short"},
        "counters": {"Apples": 1, "x-b": 2}
    }));
    assert_eq!(order.labels.as_ref().map(|l| l.len()), Some(2));
    for (bad, message) in [
        (
            json!({"code": "ABC", "labels": {"Team": "core"}}),
            "labels: key `Team`: `Team` does not match the pattern `^[a-z]+$`",
        ),
        (
            json!({"code": "ABC", "labels": {"abcdefghi": "x"}}),
            "labels: key `abcdefghi`: length 9 is above the maximum of 8",
        ),
        (
            json!({"code": "ABC", "extensions": {"y-a": "x"}}),
            "extensions: key `y-a` matches none of the patterns `^x-`",
        ),
        (
            json!({"code": "ABC", "extensions": {"x-a": "longer"}}),
            "extensions.x-a: length 6 is above the maximum of 5",
        ),
        (
            json!({"code": "ABC", "counters": {"apples": 1}}),
            "counters: key `apples` matches none of the patterns `^[A-Z]`, `^x-`",
        ),
    ] {
        assert_eq!(error_text::<Order>(bad), message);
    }
    // The newtypes refuse the same, built in code.
    let labels: std::collections::BTreeMap<String, String> = [("Bad".into(), "x".into())].into();
    assert!(Labels::new(labels).is_err());
    let extensions: std::collections::BTreeMap<String, String> =
        [("x-ok".into(), "v".into())].into();
    assert!(Extensions::new(extensions).is_ok());
    // `propertyNames: false` leaves only the empty map.
    let _: NoKeys = round_trip(json!({}));
    assert_eq!(
        error_text::<NoKeys>(json!({"a": "b"})),
        "1 key, above the maximum of 0"
    );
}

/// Parameters check their schemas too, items included, and a newtype parameter its own.
#[test]
fn parameters_hold_their_constraints() {
    use constraints::input::{Code, GetOrderRequest};
    let read = |uri: &str| {
        let request = typewright_runtime::http::Request::builder()
            .uri(uri)
            .body(Vec::new())
            .unwrap();
        GetOrderRequest::try_from(request).map_err(|e| e.to_string())
    };
    let ok = read("/orders/ABC?ids=1&ids=22").unwrap();
    assert_eq!(ok.code, Code::new("ABC").unwrap());
    assert_eq!(
        ok.ids.as_deref(),
        Some(&["1".to_string(), "22".to_string()][..])
    );
    let error = read("/orders/abc").unwrap_err();
    assert!(error.contains("path parameter `code`"), "{error}");
    assert!(
        error.contains("`abc` does not match the pattern"),
        "{error}"
    );
    let error = read("/orders/ABC?ids=1&ids=x2").unwrap_err();
    assert_eq!(
        error,
        "query parameter `ids`: [1]: `x2` does not match the pattern `^[0-9]+$`"
    );
    let error = read("/orders/ABC?ids=1&ids=2&ids=3&ids=4").unwrap_err();
    assert_eq!(
        error,
        "query parameter `ids`: 4 items, above the maximum of 3"
    );
}

/// `Config::check_formats(true)`: each format typewright knows is checked, by a crate made
/// for it; others stay annotations.
#[test]
fn formats_are_checked_when_asked() {
    use checked_formats::input::{Contact, Event};
    let event: Event = round_trip(json!({
        "id": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "at": "2024-08-28T12:00:00+02:00",
        "day": "2024-02-29",
        "time": "23:59:59Z",
        "contact": "a@example.com",
        "v4": "192.168.0.1",
        "v6": "::1",
        "link": "https://example.com/x",
        "other": "not checked at all",
        "mirrors": ["https://a.example"]
    }));
    assert_eq!(event.other.as_deref(), Some("not checked at all"));
    let base = json!({"id": "67e55044-10b1-426f-9247-bb680e5fe0c8", "at": "2024-08-28T12:00:00Z"});
    let with = |key: &str, value: &str| {
        let mut v = base.clone();
        v[key] = json!(value);
        error_text::<Event>(v)
    };
    assert_eq!(with("id", "nope"), "id: `nope` is not a UUID");
    assert_eq!(
        with("at", "2024-08-28"),
        "at: `2024-08-28` is not a date-time (RFC 3339)"
    );
    assert_eq!(
        with("day", "2023-02-29"),
        "day: `2023-02-29` is not a date (RFC 3339 full-date)"
    );
    assert_eq!(
        with("time", "25:00:00Z"),
        "time: `25:00:00Z` is not a time (RFC 3339 full-time)"
    );
    assert_eq!(
        with("contact", "a@"),
        "contact: `a@` is not an email address"
    );
    assert_eq!(
        with("v4", "256.0.0.1"),
        "v4: `256.0.0.1` is not an IPv4 address"
    );
    assert_eq!(with("v6", "::g"), "v6: `::g` is not an IPv6 address");
    assert_eq!(
        with("link", "/relative"),
        "link: `/relative` is not an absolute URI"
    );
    let mut v = base.clone();
    v["mirrors"] = json!(["https://a.example", "b"]);
    assert_eq!(
        error_text::<Event>(v),
        "mirrors[1]: `b` is not an absolute URI"
    );
    assert_eq!(
        Contact::new("x").unwrap_err().to_string(),
        "`x` is not an email address"
    );
}
