//! The operation guide's snippets (`docs/operations.md`) are excerpts of the examples that CI
//! builds (and runs) and of the operation tests: each Rust block there must appear, line for
//! line (indentation aside), in one of them, so the guide cannot show code that no longer
//! compiles.

use std::path::Path;

#[test]
fn operation_snippets_are_in_the_examples() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(root.join("docs/operations.md")).unwrap();
    let start = readme.find("# Operation models").expect("the guide exists");
    let end = readme.len();
    let examples: Vec<String> = [
        "examples/token_request.rs",
        "examples/axum_server.rs",
        "codegen/tests/operations.rs",
    ]
    .iter()
    .map(|file| trimmed(&std::fs::read_to_string(root.join(file)).unwrap()))
    .collect();
    let mut blocks = 0;
    let mut rest = &readme[start..end];
    while let Some(open) = rest.find("```rust\n") {
        let body = &rest[open + 8..];
        let close = body.find("```").expect("a closed block");
        let snippet = &body[..close];
        assert!(
            examples
                .iter()
                .any(|example| example.contains(&trimmed(snippet.trim_end()))),
            "this README snippet is in no example:\n{snippet}"
        );
        blocks += 1;
        rest = &body[close + 3..];
    }
    assert_eq!(
        blocks, 4,
        "the guide shows a request written in one expression, a client call, an extractor and a route"
    );
}

/// Each line without its indentation, so that a snippet inside a list item matches.
fn trimmed(text: &str) -> String {
    text.lines()
        .map(|line| format!("{}\n", line.trim()))
        .collect()
}

/// The client guide's event loop (`docs/client.md`) is the body tests' own, which runs it
/// against an axum server.
#[test]
fn the_event_loop_of_the_client_guide_is_tested() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let guide = std::fs::read_to_string(root.join("docs/client.md")).unwrap();
    let test = trimmed(&std::fs::read_to_string(root.join("tests/bodies.rs")).unwrap());
    let start = guide
        .find("match client.events(")
        .expect("the guide shows `events`");
    let open = guide[..start].rfind("```rust\n").expect("in a Rust block") + 8;
    let close = open + guide[open..].find("```").expect("a closed block");
    let snippet = trimmed(guide[open..close].trim_end());
    assert!(
        test.contains(&snippet),
        "not in tests/bodies.rs:\n{snippet}"
    );
}
