//! The README's server example ("Serving an API") runs as written against the types of
//! Polar's 2024 spec (`../shared/corpus`): the snippet is the `src/main.rs` of a scratch
//! crate with the dependencies the README names. On loopback, plain requests check the two
//! served operations, the credentials, a refusal and an unserved operation; then every
//! webhook of the spec is delivered signed by the Standard Webhooks reference library (the
//! `standardwebhooks` package, installed with pip into `target/` when missing), with a
//! payload built from the spec and checked against it. Each must be received once; the same
//! delivery tampered with, stale, or signed with another key must be refused.
//!
//! Skips, saying so, when the corpus, Python or its pip is absent.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

#[path = "common/pip.rs"]
mod pip;
#[path = "common/readme.rs"]
mod readme;
#[path = "common/scratch.rs"]
mod scratch;
#[path = "prism/values.rs"]
mod values;

use readme::{block, polar_2024};
use values::{Judge, Slot, file_uri, value_for};

#[test]
fn the_readme_server_serves_polar_and_receives_its_signed_webhooks() {
    let Some(spec) = polar_2024() else {
        eprintln!("skipped: ../shared/corpus (Polar's 2024 spec) is absent");
        return;
    };
    let python = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../python");
    let Some(python) = pip::installed(&python, "standardwebhooks==1.3.0", "standardwebhooks")
    else {
        eprintln!("skipped: python3 with pip is missing, so standardwebhooks cannot be installed");
        return;
    };
    let repository = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let readme = std::fs::read_to_string(repository.join("README.md")).unwrap();
    let main = block(&readme, "## Serving an API", "// src/main.rs");
    let lines = main.lines().count();
    assert!(
        lines < 40,
        "the README's server example takes {lines} lines"
    );
    let binary = build(&spec, &main);

    // Every webhook of the spec, with a payload its schema accepts.
    let document = typewright::spec_json(&spec).unwrap();
    let judge = Judge::new(document.clone(), &file_uri(&spec)).unwrap();
    let webhooks = document["webhooks"]
        .as_object()
        .expect("Polar declares webhooks");
    let mut payloads = Vec::new();
    for (name, item) in webhooks {
        assert!(item.get("post").is_some(), "{name} is a POST");
        let slot = Slot {
            schema_pointer: format!(
                "#/webhooks/{name}/post/requestBody/content/application~1json/schema"
            ),
            examples: Vec::new(),
            prefer_built: false,
        };
        let payload = value_for(&judge, &slot)
            .unwrap_or_else(|| panic!("no valid payload for webhook {name}"));
        payloads.push((name.clone(), payload));
    }
    assert_eq!(payloads.len(), 11, "the 2024 spec's webhooks");

    let address = format!("127.0.0.1:{}", free_port());
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    let mut server = Command::new(&binary)
        .env("ADDRESS", &address)
        .env("POLAR_WEBHOOK_SECRET", secret)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while std::net::TcpStream::connect(&address).is_err() {
        if let Ok(Some(status)) = server.try_wait() {
            let mut stderr = String::new();
            server
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut stderr)
                .unwrap();
            panic!("the server exited ({status}): {stderr}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the server did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let bearer = json!({"authorization": "Bearer polar_at_test"});
    let order = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    let requests = json!([
        {"method": "GET", "target": "/v1/orders/?page=2", "headers": {}},
        {"method": "GET", "target": "/v1/orders/?page=2", "headers": bearer},
        {"method": "GET", "target": "/v1/orders/?page=0", "headers": bearer},
        {"method": "GET", "target": format!("/v1/orders/{order}"), "headers": bearer},
        {"method": "GET", "target": "/v1/products/", "headers": bearer},
    ]);
    let job = json!({
        "address": address,
        "secret": secret,
        "path": "/webhooks/polar",
        "payloads": payloads.iter().map(|(_, p)| p.to_string()).collect::<Vec<_>>(),
        "requests": requests,
    });
    let results = deliver(&python, &job);
    let _ = server.kill();
    let output = server.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);

    let answers = results["requests"].as_array().unwrap();
    let status = |i: usize| answers[i][0].as_u64().unwrap();
    let body = |i: usize| answers[i][2].as_str().unwrap().to_string();
    let header = |i: usize, name: &str| {
        answers[i][1]
            .as_object()
            .unwrap()
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str().unwrap().to_string())
    };
    // Without the bearer token the operation requires: 401, with a challenge.
    assert_eq!(status(0), 401, "{}", body(0));
    assert_eq!(header(0, "www-authenticate").as_deref(), Some("Bearer"));
    assert!(body(0).contains("HTTPBearer"), "{}", body(0));
    // With it: the handler's answer, as the response enum writes it.
    assert_eq!(status(1), 200, "{}", body(1));
    let page: Value = serde_json::from_str(&body(1)).unwrap();
    assert_eq!(page["pagination"]["max_page"], 2, "the handler read `page`");
    // `page` must be above 0: Polar's documented refusal, its HTTPValidationError shape.
    assert_eq!(status(2), 422, "{}", body(2));
    let refusal: Value = serde_json::from_str(&body(2)).unwrap();
    let message = refusal["detail"][0]["msg"].as_str().unwrap();
    assert!(message.contains("`page`"), "{message}");
    assert_eq!(status(3), 404, "{}", body(3));
    assert!(body(3).contains(order), "{}", body(3));
    assert_eq!(
        status(4),
        501,
        "an operation left to `unserved()`: {}",
        body(4)
    );

    for (kind, expected) in [
        ("good", 202),
        ("tampered", 401),
        ("stale", 401),
        ("wrong_key", 401),
    ] {
        for ((name, _), answer) in payloads.iter().zip(results[kind].as_array().unwrap()) {
            assert_eq!(
                answer[0].as_u64(),
                Some(expected),
                "{kind} delivery of {name}: {}",
                answer[2]
            );
            if expected == 401 {
                let text = answer[2].as_str().unwrap();
                assert!(
                    !text.contains("MfKQ9r8G") && !text.contains("\"data\""),
                    "{text}"
                );
            }
        }
    }
    // Each good delivery reached the handler once, as the event it is; nothing else did.
    let received: Vec<&str> = stdout.lines().collect();
    assert_eq!(received.len(), payloads.len(), "{stdout}");
    for ((name, payload), line) in payloads.iter().zip(&received) {
        if name == "order.created" {
            let id = payload["data"]["id"].as_str().unwrap();
            assert_eq!(*line, format!("order {id}"));
        } else {
            let variant: String = name
                .split('.')
                .map(|word| word[..1].to_uppercase() + &word[1..])
                .collect();
            assert!(line.starts_with(&format!("{variant}(")), "{name}: {line}");
        }
    }
}

/// Builds the scratch crate whose `src/main.rs` is `main` and whose generated code is Polar's
/// spec as the README names it (`spec/polar.json`: its module is `polar`); the binary's path.
fn build(spec: &Path, main: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("readme-server");
    readme::polar_example(&root, spec, main);
    readme::manifest(
        &root,
        "readme-server",
        &["axum", "webhooks"],
        "axum = { version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }\n\
         tokio = { version = \"1\", features = [\"rt\", \"macros\", \"net\"] }",
    );
    let output = scratch::cargo()
        .args(["build", "--quiet", "--offline"])
        .current_dir(&root)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "the README's server example does not compile:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    scratch::target_dir().join("debug/readme-server")
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Runs `common/deliver.py` with `job` and returns what it printed.
fn deliver(python: &Path, job: &Value) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/deliver.py");
    let mut child = Command::new("python3")
        .arg(script)
        .env("PYTHONPATH", python)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(job.to_string().as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "deliver.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// A server that lists its operations without `..Routes::unserved()` does not compile when
/// one is missing: rustc names the field. With it, the rest are left out on purpose.
#[test]
fn a_missing_operation_is_a_compile_error_unless_left_out_on_purpose() {
    let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("routes-complete");
    std::fs::create_dir_all(root.join("src")).unwrap();
    let spec = root.join("pets.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\npaths:\n  /pets:\n    get:\n      operationId: pets:list\n      responses: {'200': {description: The pets.}}\n    post:\n      operationId: pets:create\n      responses: {'201': {description: Made.}}\n",
    )
    .unwrap();
    let generated = typewright::Config::new().spec(&spec).generate().unwrap();
    std::fs::write(root.join("src/generated.rs"), &generated.code).unwrap();
    readme::manifest(&root, "routes-complete", &["axum"], "");
    let check = |routes: &str| {
        let main = format!(
            "#![allow(dead_code)]\ninclude!(\"generated.rs\");\nuse pets::*;\nuse typewright_runtime::server::Route;\n\
             async fn list(_: PetsListRequest) -> PetsListResponse {{ PetsListResponse::Ok }}\n\
             fn main() {{ let _app: typewright_runtime::server::Router = {routes}.into_router(); }}\n"
        );
        std::fs::write(root.join("src/main.rs"), main).unwrap();
        scratch::cargo()
            .args(["check", "--quiet", "--offline"])
            .current_dir(&root)
            .output()
            .unwrap()
    };
    let missing = check("Routes { pets_list: Route::new(list) }");
    let stderr = String::from_utf8_lossy(&missing.stderr);
    assert!(
        !missing.status.success(),
        "a Routes without `pets_create` compiled"
    );
    assert!(
        stderr.contains("missing field `pets_create`"),
        "rustc names the missing operation:\n{stderr}"
    );
    let opted_out = check("Routes { pets_list: Route::new(list), ..Routes::unserved() }");
    assert!(
        opted_out.status.success(),
        "{}",
        String::from_utf8_lossy(&opted_out.stderr)
    );
}
