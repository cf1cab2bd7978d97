//! The compile check of the generated snapshots: each `expected.rs` is a module of this test
//! crate, built under `#![deny(warnings)]` (and clippy in CI), and exercised through serde.
#![deny(warnings)]
// The snapshots define more types than these tests touch.
#![allow(dead_code)]

// Snapshots are printed by prettyplease, not rustfmt: `cargo fmt` must leave them alone.
#[rustfmt::skip]
#[path = "fixtures/discriminated-union/expected.rs"]
mod discriminated_union;
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
#[path = "snapshots/polar_oauth2.rs"]
mod polar_snapshot;

use serde_json::json;

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
    assert_eq!(
        wrong,
        "invalid value for `kind`: unknown tag `cow`, expected one of: cat, Dog"
    );
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
    use names::input::{GetThingResponse, GetThingResponseStatus};
    let value = json!({"type": "t", "self": "s", "2fa": true, "clientId": "c", "api-key": "k",
        "pin": "1234", "status": "a b"});
    let thing: GetThingResponse = round_trip(value);
    assert_eq!(thing.status, Some(GetThingResponseStatus::AB));
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
        ("", GetThingResponseStatus::Empty),
        ("active", GetThingResponseStatus::Active),
        ("Active", GetThingResponseStatus::Active2),
        ("1d", GetThingResponseStatus::Oned),
    ] {
        let parsed: GetThingResponseStatus = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(parsed, expected);
        assert_eq!(serde_json::to_value(parsed).unwrap(), json!(wire));
    }
}
