//! The `Config` builder as a build script uses it: spec directories, rewriting only on change,
//! picking up spec edits, secret-name settings, and failures that list every error.

use std::path::{Path, PathBuf};

/// A scratch directory under the target dir, fresh for each test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const PET: &str = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\ncomponents:\n  schemas:\n    Pet:\n      type: object\n      required: [name]\n      properties:\n        name: {type: string}\n";

#[test]
fn a_spec_directory_lists_its_specs_in_order() {
    let dir = scratch("spec-dir");
    std::fs::write(dir.join("b.yaml"), PET).unwrap();
    std::fs::write(
        dir.join("a.json"),
        r#"{"$defs": {"Id": {"type": "string"}}}"#,
    )
    .unwrap();
    std::fs::write(dir.join("notes.md"), "not a spec").unwrap();
    let generated = typewright::Config::new().spec(&dir).generate().unwrap();
    assert_eq!(generated.inputs, [dir.join("a.json"), dir.join("b.yaml")]);
    assert_eq!(generated.directories, std::slice::from_ref(&dir));
    let a = generated.code.find("pub mod a {").unwrap();
    let b = generated.code.find("pub mod b {").unwrap();
    assert!(a < b);
}

#[test]
fn compile_rewrites_only_on_change_and_follows_spec_edits() {
    let dir = scratch("compile");
    let spec = dir.join("pets.yaml");
    std::fs::write(&spec, PET).unwrap();
    let out = dir.join("out");
    let mut config = typewright::Config::new();
    config.spec(&spec).out_dir(&out);
    let (_, path) = config.compile().unwrap();
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));

    // An edit that generates the same code (a trailing comment: docs quote line numbers, so
    // moving lines would change them) leaves the file and its mtime alone.
    std::fs::write(&spec, format!("{PET}# a comment\n")).unwrap();
    config.compile().unwrap();
    let code = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        std::fs::metadata(&path).unwrap().modified().unwrap(),
        before
    );
    assert!(code.contains("pub name: String,"));

    // Editing a field changes the Rust type.
    std::fs::write(
        &spec,
        PET.replace("name: {type: string}", "name: {type: integer}"),
    )
    .unwrap();
    config.compile().unwrap();
    let code = std::fs::read_to_string(&path).unwrap();
    assert!(code.contains("pub name: i64,"), "{code}");
}

#[test]
fn secret_field_names_are_configurable() {
    let spec = "../spec/polar-oauth2.yaml";
    let default = typewright::Config::new()
        .spec(spec)
        .generate()
        .unwrap()
        .code;
    assert!(default.contains(r#".field("client_secret", &::typewright_runtime::Redacted)"#));
    assert!(default.contains(r#".field("client_id", &self.client_id)"#));

    let custom = typewright::Config::new()
        .spec(spec)
        .secret_field_names(["client_id"])
        .generate()
        .unwrap()
        .code;
    assert!(custom.contains(r#".field("client_id", &::typewright_runtime::Redacted)"#));
    assert!(custom.contains(r#".field("client_secret", &self.client_secret)"#));
}

#[test]
fn failures_list_every_error_across_files() {
    let dir = scratch("failures");
    std::fs::write(
        dir.join("a.yaml"),
        "openapi: 3.1.0\ncomponents: {schemas: {A: {type: strng}}}\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.yaml"), "openapi: 3.1.0\ncomponents: [\n").unwrap();
    std::fs::write(dir.join("c.yaml"), "$defs: {C: {$ref: '#/$defs/D'}}\n").unwrap();
    let failure = typewright::Config::new()
        .spec(&dir)
        .deny_warnings(true)
        .generate()
        .unwrap_err();
    let errors: Vec<_> = failure
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(errors, ["E0009", "E0002", "E0007"]);
    assert!(
        failure
            .rendered
            .ends_with("typewright: 3 errors; nothing was generated\n")
    );
    assert_eq!(
        failure.inputs.len(),
        3,
        "the build still watches every file it read"
    );
}

#[test]
fn a_missing_spec_is_a_diagnostic() {
    let failure = typewright::Config::new()
        .spec("does/not/exist.yaml")
        .generate()
        .unwrap_err();
    assert!(
        failure
            .rendered
            .starts_with("error[E0001]: does/not/exist.yaml: cannot read spec file:"),
        "{}",
        failure.rendered
    );
}

#[test]
fn build_script_instructions_cover_files_and_directories() {
    let dir = scratch("rerun");
    std::fs::write(dir.join("pets.yaml"), PET).unwrap();
    let generated = typewright::Config::new().spec(&dir).generate().unwrap();
    let lines = typewright::rerun_if_changed(&generated.inputs, &generated.directories);
    assert_eq!(
        lines,
        [
            format!("cargo:rerun-if-changed={}", dir.display()),
            format!("cargo:rerun-if-changed={}", dir.join("pets.yaml").display()),
        ]
    );
}

#[test]
fn only_null_is_unit_in_every_spelling() {
    let dir = scratch("null-only");
    let spec = dir.join("nulls.yaml");
    std::fs::write(
        &spec,
        "$defs:\n  A: {const: null}\n  B: {enum: [null]}\n  C: {type: 'null'}\n",
    )
    .unwrap();
    let code = typewright::Config::new()
        .spec(&spec)
        .generate()
        .unwrap()
        .code;
    for name in ["A", "B", "C"] {
        assert!(code.contains(&format!("pub type {name} = ();")), "{code}");
    }
}

const LOOSE: &str = "$defs:\n  Color: {enum: [red, green]}\n  Box:\n    type: object\n    properties:\n      color: {$ref: '#/$defs/Colour'}\n      id: {type: string, format: uuid}\n      at: {type: string, format: date-time}\n";

#[test]
fn recoverable_defects_warn_by_default_and_deny_warnings_makes_them_errors() {
    let dir = scratch("lenient");
    let spec = dir.join("loose.yaml");
    std::fs::write(&spec, LOOSE).unwrap();
    let strict = typewright::Config::new()
        .spec(&spec)
        .deny_warnings(true)
        .generate()
        .unwrap_err();
    assert!(strict.rendered.contains("error[E0007]"), "{strict}");
    let lenient = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(lenient.rendered_warnings.contains("warning[E0007]"));
    assert!(
        lenient
            .rendered_warnings
            .contains("did you mean `#/$defs/Color`?")
    );
    assert!(
        lenient
            .code
            .contains("pub color: Option<serde_json::Value>"),
        "a dangling reference becomes any JSON value:\n{}",
        lenient.code
    );
}

#[test]
fn open_enums_is_a_switch_and_the_spec_can_close_one() {
    let dir = scratch("open-enums");
    let spec = dir.join("colors.yaml");
    std::fs::write(
        &spec,
        "$defs:\n  Color: {enum: [red, green]}\n  Fixed: {enum: [a, b], x-typewright-open: false}\n",
    )
    .unwrap();
    let closed = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(!closed.code.contains("Unknown(String)"));
    let open = typewright::Config::new()
        .spec(&spec)
        .open_enums(true)
        .generate()
        .unwrap();
    let color = &open.code[open.code.find("pub enum Color").unwrap()..];
    assert!(color[..color.find('}').unwrap()].contains("Unknown(String)"));
    let fixed = &open.code[open.code.find("pub enum Fixed").unwrap()..];
    assert!(!fixed[..fixed.find('}').unwrap()].contains("Unknown"));
}

#[test]
fn formats_map_to_the_types_config_names() {
    let dir = scratch("formats");
    let spec = dir.join("box.yaml");
    std::fs::write(&spec, LOOSE.replace("Colour", "Color")).unwrap();
    let plain = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(plain.code.contains("pub id: Option<String>"));
    let typed = typewright::Config::new()
        .spec(&spec)
        .typed_formats()
        .format_type("uuid", "my_ids::Id")
        .generate()
        .unwrap();
    assert!(
        typed.code.contains("pub id: Option<my_ids::Id>"),
        "{}",
        typed.code
    );
    assert!(
        typed
            .code
            .contains("pub at: Option<chrono::DateTime<chrono::FixedOffset>>")
    );
    let bad = typewright::Config::new()
        .spec(&spec)
        .format_type("uuid", "not a type!")
        .generate()
        .unwrap_err();
    assert!(bad.rendered.contains("not a Rust type"), "{bad}");
}

#[test]
fn a_bad_setting_and_a_bad_spec_are_reported_together() {
    let dir = scratch("setting-and-spec");
    let spec = dir.join("pets.yaml");
    std::fs::write(&spec, "$defs:\n  Pet: {type: object, properties: 3}\n").unwrap();
    let failure = typewright::Config::new()
        .spec(&spec)
        .format_type("uuid", "not a type!")
        .type_attribute("*", "derive(X)")
        .generate()
        .unwrap_err();
    let codes: Vec<&str> = failure
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0014", "E0014", "E0005"], "{failure}");
    assert!(
        failure
            .rendered
            .contains("error[E0014]: Config::format_type(\"uuid\", ..)")
    );
    assert!(failure.rendered.contains("pets.yaml:2:"), "{failure}");
    assert!(
        failure
            .rendered
            .contains("typewright: 3 errors; nothing was generated")
    );
}

#[test]
fn derives_and_attributes_are_checked_and_added() {
    let dir = scratch("attributes");
    let spec = dir.join("pets.yaml");
    std::fs::write(&spec, PET).unwrap();
    let generated = typewright::Config::new()
        .spec(&spec)
        .derive(&["schemars::JsonSchema"])
        .generate()
        .unwrap();
    assert!(generated.code.contains("#[derive(schemars::JsonSchema)]"));
    for (attribute, setter) in [
        ("derive(Debug)", "type_attribute"),
        ("#[oops", "field_attribute"),
    ] {
        let mut config = typewright::Config::new();
        config.spec(&spec);
        match setter {
            "type_attribute" => config.type_attribute("Pet", attribute),
            _ => config.field_attribute("Pet.name", attribute),
        };
        let failure = config.generate().unwrap_err();
        assert!(
            failure.rendered.contains(&format!("Config::{setter}"))
                && failure.rendered.contains("is not an attribute"),
            "{failure}"
        );
    }
    let bad = typewright::Config::new()
        .spec(&spec)
        .extern_type("Pet", "not a path")
        .generate()
        .unwrap_err();
    assert!(
        bad.rendered.contains("Config::extern_type(\"Pet\", ..)"),
        "{bad}"
    );
}

#[test]
fn files_reached_by_ref_are_inputs_for_rerun() {
    let generated = typewright::Config::new()
        .spec("tests/fixtures/multi-file/input.yaml")
        .generate()
        .unwrap();
    let inputs: Vec<String> = generated
        .inputs
        .iter()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .collect();
    assert_eq!(
        inputs,
        [
            "tests/fixtures/multi-file/input.yaml",
            "tests/fixtures/multi-file/shared/money.yaml",
            "tests/fixtures/multi-file/shared/people.json",
        ]
    );
    let lines = typewright::rerun_if_changed(&generated.inputs, &generated.directories);
    assert!(lines.iter().any(|l| l.ends_with("shared/money.yaml")));
}

#[test]
fn remote_refs_are_served_from_mapped_local_copies() {
    let dir = scratch("map-url");
    std::fs::create_dir_all(dir.join("vendor")).unwrap();
    let spec = dir.join("order.yaml");
    std::fs::write(
        &spec,
        "$defs:\n  Order:\n    type: object\n    required: [total]\n    properties:\n      total: {$ref: 'https://example.com/schemas/money.json#/$defs/Money'}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("vendor/money.json"),
        r#"{"$defs": {"Money": {"type": "object", "required": ["cents"], "properties": {"cents": {"type": "integer"}}}}}"#,
    )
    .unwrap();
    // Unmapped: a warning with the call to add; the field takes any JSON value.
    let unmapped = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(
        unmapped.rendered_warnings.contains(
            r#"Config::map_url("https://example.com/schemas/", "spec/example.com-schemas")"#
        ),
        "{}",
        unmapped.rendered_warnings
    );
    assert!(
        unmapped.code.contains("pub total: serde_json::Value"),
        "{}",
        unmapped.code
    );
    // Mapped to a directory: the file is read from the local copy, offline.
    let mapped = typewright::Config::new()
        .spec(&spec)
        .map_url("https://example.com/schemas/", dir.join("vendor"))
        .generate()
        .unwrap();
    assert!(mapped.warnings.is_empty(), "{}", mapped.rendered_warnings);
    assert!(
        mapped.code.contains("pub total: super::money::Money"),
        "{}",
        mapped.code
    );
    assert!(mapped.code.contains("pub cents: i64"), "{}", mapped.code);
    assert!(
        mapped
            .inputs
            .iter()
            .any(|p| p.ends_with("vendor/money.json"))
    );
}

#[test]
fn identical_types_are_shared_unless_turned_off_or_given_attributes() {
    let dir = scratch("share");
    let spec = dir.join("orders.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: Orders, version: '1'}\ncomponents:\n  schemas:\n    \
         Order:\n      type: object\n      properties:\n        state: {type: string, enum: [open, closed]}\n    \
         Refund:\n      type: object\n      properties:\n        state: {type: string, enum: [open, closed]}\n",
    )
    .unwrap();
    let shared = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(shared.code.contains("pub type RefundState = OrderState;"));
    assert!(shared.code.contains("pub type Refund = Order;"));

    let apart = typewright::Config::new()
        .spec(&spec)
        .share_identical_types(false)
        .generate()
        .unwrap();
    assert!(apart.code.contains("pub enum RefundState {"));
    assert!(apart.code.contains("pub struct Refund {"));

    // An attribute for one copy keeps that copy (and what holds it) a type of its own.
    let attributed = typewright::Config::new()
        .spec(&spec)
        .type_attribute("RefundState", "#[non_exhaustive]")
        .generate()
        .unwrap();
    assert!(attributed.code.contains("pub enum RefundState {"));
    assert!(attributed.code.contains("pub struct Refund {"));
    // A closed string enum reads through the runtime, unless the user's attributes may read
    // serde's (a `schemars` derive): then it derives serde, with its renames.
    let (order, refund) = (
        item(&attributed.code, "pub enum OrderState {"),
        item(&attributed.code, "pub enum RefundState {"),
    );
    assert!(!order.contains("serde::Deserialize"), "{order}");
    assert!(refund.contains("serde::Deserialize"), "{refund}");
    assert!(refund.contains(r#"#[serde(rename = "open")]"#), "{refund}");
    assert!(
        attributed
            .code
            .contains("::typewright_runtime::string_variant(")
    );
}

/// Responses that document the same headers share one headers struct; its other names are
/// aliases, which the type list says are no serde types, as the struct is not.
#[test]
fn shared_headers_structs_are_aliases_and_no_serde_types() {
    let dir = scratch("shared-headers");
    let spec = dir.join("pages.yaml");
    let get = |id: &str| {
        format!(
            "    get:\n      operationId: {id}\n      responses:\n        '200':\n          \
             description: ok\n          headers: {{Link: {{schema: {{type: string}}}}}}\n"
        )
    };
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.1.0\ninfo: {{title: Pages, version: '1'}}\npaths:\n  /a:\n{}  /b:\n{}",
            get("a"),
            get("b")
        ),
    )
    .unwrap();
    let generated = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(
        generated.code.contains("pub type BOkHeaders = AOkHeaders;"),
        "{}",
        generated.code
    );
    assert_eq!(generated.code.matches("pub fn from_headers(").count(), 1);
    // The struct's docs name its own response, and say that others share it.
    assert_eq!(
        generated
            .code
            .matches("Other responses that document the same headers share this struct")
            .count(),
        1
    );
    let serde: Vec<(&str, bool)> = generated
        .types
        .iter()
        .map(|t| (t.path.as_str(), t.serde))
        .filter(|(path, _)| path.ends_with("Headers"))
        .collect();
    assert_eq!(
        serde,
        [("pages::AOkHeaders", false), ("pages::BOkHeaders", false)]
    );
}

/// Operations with the same responses share the first one's enum, whatever a selection keeps:
/// where it leaves the first out, the enum is still declared under the first's name, so that
/// every type is declared as in the whole output.
#[test]
fn a_shared_response_enum_keeps_its_name_when_its_first_operation_is_left_out() {
    let dir = scratch("shared-responses");
    let spec = dir.join("pets.yaml");
    let get = |id: &str, tag: &str| {
        format!(
            "    get:\n      operationId: {id}\n      tags: [{tag}]\n      responses:\n        \
             '200':\n          description: ok\n          content:\n            \
             application/json:\n              schema: {{type: array, items: {{type: string}}}}\n"
        )
    };
    std::fs::write(
        &spec,
        format!(
            "openapi: 3.1.0\ninfo: {{title: Pets, version: '1'}}\npaths:\n  /a:\n{}  /b:\n{}",
            get("a", "first"),
            get("b", "second")
        ),
    )
    .unwrap();
    let whole = typewright::Config::new()
        .spec(&spec)
        .generate()
        .unwrap()
        .code;
    assert!(whole.contains("pub enum AResponse {"), "{whole}");
    assert!(whole.contains("pub type BResponse = AResponse;"), "{whole}");
    let second = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["second"])
        .generate()
        .unwrap()
        .code;
    assert!(!second.contains("pub struct ARequest"), "{second}");
    assert!(second.contains("pub enum AResponse {"), "{second}");
    assert!(
        second.contains("pub type BResponse = AResponse;"),
        "{second}"
    );
    assert_eq!(second.matches("impl TryFrom<AResponse>").count(), 1);
}

/// The derives, attributes and body of the item `header` starts.
fn item<'a>(code: &'a str, header: &str) -> &'a str {
    let at = code.find(header).unwrap_or_else(|| panic!("no `{header}`"));
    let start = code[..at].rfind("#[derive").expect("derived");
    let end = at + code[at..].find('}').expect("closed");
    &code[start..end]
}

#[test]
fn operations_off_generates_named_schemas_only() {
    let dir = scratch("operations");
    let spec = dir.join("pets.yaml");
    let body_only = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    post:\n      \
         operationId: createPet\n      requestBody:\n        content:\n          application/json:\n            \
         schema: {type: object, properties: {name: {type: string}}}\n";
    std::fs::write(&spec, body_only).unwrap();
    let all = typewright::Config::new().spec(&spec).generate().unwrap();
    assert!(
        all.code.contains("pub struct CreatePetRequestBody {"),
        "{}",
        all.code
    );
    // With operations off there are no types, and the warning says which setting left them
    // out.
    let none = typewright::Config::new()
        .spec(&spec)
        .operations(false)
        .generate()
        .unwrap()
        .rendered_warnings;
    assert!(none.contains("warning[W0005]"), "{none}");
    assert!(none.contains("the specs define no types"), "{none}");
    assert!(none.contains("--no-operations"), "{none}");

    let with_pet = format!(
        "{body_only}      responses:\n        '201':\n          content:\n            application/json:\n              \
         schema: {{$ref: '#/components/schemas/Pet'}}\ncomponents:\n  schemas:\n    \
         Pet: {{type: object, properties: {{id: {{type: integer}}}}}}\n"
    );
    std::fs::write(&spec, with_pet).unwrap();
    let named = typewright::Config::new()
        .spec(&spec)
        .operations(false)
        .generate()
        .unwrap();
    assert!(named.code.contains("pub struct Pet {"), "{}", named.code);
    assert!(!named.code.contains("CreatePet"), "{}", named.code);
}

/// Three operations: tagged `pets`, tagged `Store Admin`, and untagged; `Pet` reaches `Owner`,
/// `Store` reaches `Pet`, and `Unused` is reached by none.
const SHOP: &str = include_str!("common/shop.yaml");

/// The Rust paths of the generated types, each with its JSON pointer.
fn type_paths(generated: &typewright::Generated) -> Vec<(String, String)> {
    let types = generated.types.iter();
    types.map(|t| (t.path.clone(), t.pointer.clone())).collect()
}

/// The Rust paths of the generated types.
fn rust_paths(generated: &typewright::Generated) -> Vec<String> {
    generated.types.iter().map(|t| t.path.clone()).collect()
}

#[test]
fn operation_tags_keep_the_tagged_operations_and_what_they_reach() {
    let dir = scratch("operation-tags");
    let spec = dir.join("shop.yaml");
    std::fs::write(&spec, SHOP).unwrap();
    let all = typewright::Config::new().spec(&spec).generate().unwrap();
    let pets = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["pets"])
        .generate()
        .unwrap();
    let names = rust_paths(&pets);
    for kept in ["shop::Pet", "shop::Owner", "shop::ListPetsRequest"] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    for left_out in ["Store", "Unused", "Health"] {
        assert!(
            !names.iter().any(|n| n.contains(left_out)),
            "{left_out} kept: {names:?}"
        );
        assert!(!pets.code.contains(left_out), "{}", pets.code);
    }
    // Every kept type has the name and pointer it has in the whole spec's output.
    let whole = type_paths(&all);
    for kept in type_paths(&pets) {
        assert!(whole.contains(&kept), "{kept:?} is not in {whole:?}");
    }
    assert!(pets.types.len() < all.types.len());
    assert!(
        pets.code.contains(
            "\n// Only part of the specs: the operations tagged \"pets\", and what they use.\n"
        ),
        "{}",
        pets.code
    );
    assert!(!all.code.contains("Only part of the specs"));
    // Every tag of the spec is listed, selected or not, with the feature that selects it.
    let tags: Vec<(&str, &str, usize)> = pets
        .tags
        .iter()
        .map(|t| (t.name.as_str(), t.feature.as_str(), t.operations))
        .collect();
    assert_eq!(
        tags,
        [("pets", "pets", 1), ("Store Admin", "store-admin", 1)]
    );
    assert!(pets.warnings.is_empty(), "{}", pets.rendered_warnings);

    // Tags compare as cargo features do: `store-admin` selects `Store Admin`.
    let stores = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["store-admin"])
        .generate()
        .unwrap();
    let names = rust_paths(&stores);
    for kept in [
        "shop::Store",
        "shop::Pet",
        "shop::Owner",
        "shop::ListStoresRequest",
    ] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("ListPets")), "{names:?}");
}

#[test]
fn a_tag_no_operation_has_is_reported_and_tags_need_operations() {
    let dir = scratch("operation-tags-unknown");
    let spec = dir.join("shop.yaml");
    std::fs::write(&spec, SHOP).unwrap();
    let typo = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["pet"])
        .generate()
        .unwrap();
    let rendered = &typo.rendered_warnings;
    assert!(rendered.contains("warning[W0008]"), "{rendered}");
    assert!(
        rendered.contains("no operation has the tag `pet`"),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean `pets`?"), "{rendered}");
    assert!(typo.types.is_empty(), "{:?}", typo.types);

    let denied = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["pet"])
        .deny_warnings(true)
        .generate()
        .unwrap_err();
    assert!(denied.rendered.contains("error[W0008]"), "{denied}");

    let conflict = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["pets"])
        .operations(false)
        .generate()
        .unwrap_err();
    assert!(conflict.rendered.contains("error[E0014]"), "{conflict}");
    assert!(
        conflict.rendered.contains("`operations(false)`"),
        "{conflict}"
    );
}

#[test]
fn only_types_keep_the_named_types_and_what_they_reach() {
    let dir = scratch("only-types");
    let spec = dir.join("shop.yaml");
    std::fs::write(&spec, SHOP).unwrap();
    // By Rust name, and by JSON pointer: `Pet` reaches `Owner`, and nothing reaches `Pet`.
    for given in ["Pet", "#/components/schemas/Pet"] {
        let pet = typewright::Config::new()
            .spec(&spec)
            .only_types([given])
            .generate()
            .unwrap();
        assert_eq!(rust_paths(&pet), ["shop::Pet", "shop::Owner"], "{given}");
        assert!(pet.warnings.is_empty(), "{}", pet.rendered_warnings);
    }
    // Naming an operation's request keeps the operation: its responses too.
    let request = typewright::Config::new()
        .spec(&spec)
        .only_types(["ListStoresRequest"])
        .generate()
        .unwrap();
    let names = rust_paths(&request);
    for kept in ["shop::ListStoresRequest", "shop::Store", "shop::Pet"] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    assert!(
        request.code.contains("ListStoresResponse"),
        "{}",
        request.code
    );
    // With tags, both selections.
    let both = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["pets"])
        .only_types(["Unused"])
        .generate()
        .unwrap();
    let names = rust_paths(&both);
    for kept in ["shop::ListPetsRequest", "shop::Unused"] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("Store")), "{names:?}");

    // A name cannot end the header's comment line.
    let odd = typewright::Config::new()
        .spec(&spec)
        .only_types(["Pet\nfn injected() {}"])
        .generate()
        .unwrap();
    assert!(
        odd.code
            .contains("// Only part of the specs: the types \"Pet\\nfn injected() {}\", and"),
        "{}",
        odd.code
    );

    let typo = typewright::Config::new()
        .spec(&spec)
        .only_types(["Pets"])
        .generate()
        .unwrap();
    let rendered = &typo.rendered_warnings;
    assert!(rendered.contains("warning[W0008]"), "{rendered}");
    assert!(rendered.contains("no type is named `Pets`"), "{rendered}");
    assert!(rendered.contains("did you mean `Pet`?"), "{rendered}");
}

#[test]
fn type_patterns_keep_every_named_schema_beside_some_operations() {
    let dir = scratch("type-patterns");
    let spec = dir.join("shop.yaml");
    std::fs::write(&spec, SHOP).unwrap();
    // Every model, and only the operations tagged `pets`.
    let models = typewright::Config::new()
        .spec(&spec)
        .operation_tags(["pets"])
        .only_types(["#/components/schemas/*"])
        .generate()
        .unwrap();
    let names = rust_paths(&models);
    for kept in [
        "shop::Pet",
        "shop::Owner",
        "shop::Store",
        "shop::Unused",
        "shop::ListPetsRequest",
    ] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    for left_out in ["ListStores", "Health"] {
        assert!(
            !names.iter().any(|n| n.contains(left_out)),
            "{left_out} kept: {names:?}"
        );
    }
    assert!(models.warnings.is_empty(), "{}", models.rendered_warnings);
    // The pattern alone keeps the models and no operation.
    let only = typewright::Config::new()
        .spec(&spec)
        .only_types(["#/components/schemas/*"])
        .generate()
        .unwrap();
    assert_eq!(
        rust_paths(&only),
        ["shop::Pet", "shop::Owner", "shop::Store", "shop::Unused"]
    );
    // By Rust name: every request type, so every operation.
    let requests = typewright::Config::new()
        .spec(&spec)
        .only_types(["*Request"])
        .generate()
        .unwrap();
    let names = rust_paths(&requests);
    for kept in [
        "shop::ListPetsRequest",
        "shop::ListStoresRequest",
        "shop::HealthRequest",
    ] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("Unused")), "{names:?}");
    // A pattern that matches nothing says what `*` matches.
    let none = typewright::Config::new()
        .spec(&spec)
        .only_types(["#/definitions/*"])
        .generate()
        .unwrap();
    let rendered = &none.rendered_warnings;
    assert!(rendered.contains("warning[W0008]"), "{rendered}");
    assert!(
        rendered.contains("no type's name or JSON pointer matches `#/definitions/*`"),
        "{rendered}"
    );
    assert!(
        rendered.contains("any run of characters but `/`"),
        "{rendered}"
    );
    assert!(none.types.is_empty(), "{:?}", none.types);
}

#[test]
fn operation_paths_keep_the_operations_under_a_prefix() {
    let dir = scratch("operation-paths");
    let spec = dir.join("shop.yaml");
    std::fs::write(&spec, SHOP).unwrap();
    let stores = typewright::Config::new()
        .spec(&spec)
        .operation_paths(["/stores/"])
        .generate()
        .unwrap();
    let names = rust_paths(&stores);
    for kept in ["shop::ListStoresRequest", "shop::Store", "shop::Pet"] {
        assert!(names.iter().any(|n| n == kept), "{kept} missing: {names:?}");
    }
    assert!(!names.iter().any(|n| n.contains("ListPets")), "{names:?}");
    assert!(stores.warnings.is_empty(), "{}", stores.rendered_warnings);

    // Whole segments: `/st` is no prefix of `/stores`.
    let partial = typewright::Config::new()
        .spec(&spec)
        .operation_paths(["/st"])
        .generate()
        .unwrap();
    assert!(partial.types.is_empty(), "{:?}", partial.types);
    assert!(
        partial.rendered_warnings.contains("warning[W0008]"),
        "{}",
        partial.rendered_warnings
    );
    let conflict = typewright::Config::new()
        .spec(&spec)
        .operation_paths(["/pets"])
        .operations(false)
        .generate()
        .unwrap_err();
    assert!(conflict.rendered.contains("error[E0014]"), "{conflict}");
}

/// A `$ref` in place of `examples`, and one in place of an example, still give the examples
/// a harness round-trips; every reference in place of a mapping is one W0006.
#[test]
fn examples_behind_json_references_are_collected() {
    let generated = typewright::Config::new()
        .spec("tests/fixtures/json-references/input.yaml")
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    let bodies: Vec<&str> = generated
        .examples
        .iter()
        .filter(|e| e.rust_type == "load_balancer_create::Schema")
        .map(|e| e.json.as_str())
        .collect();
    assert!(
        bodies.iter().any(|b| b.contains("3164444"))
            && bodies.iter().any(|b| b.contains("prod:web")),
        "{bodies:?}"
    );
    let references = generated
        .warnings
        .iter()
        .filter(|w| w.code.as_str() == "W0006")
        .count();
    assert_eq!(references, 7, "{}", generated.rendered_warnings);
}
