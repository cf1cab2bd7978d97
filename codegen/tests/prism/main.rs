//! Operation models checked against something no one here wrote: Prism
//! (`@stoplight/prism-cli`), an OpenAPI mock server that validates every request against the
//! spec. For each spec, a harness crate of the generated code builds every operation's
//! request type from the spec's examples (or small valid values), converts it into an
//! `http::Request`, and sends it to Prism on loopback over plain HTTP/1.1. Prism must report
//! no violation, and the operation's response enum must read what Prism answers.
//!
//! Prism is installed with npm into `target/prism` when it is not there (`.ci/run` installs
//! it first); the test skips with a message only where npm is missing.

mod code;
#[path = "../common/npm.rs"]
mod npm;
#[path = "../common/scratch.rs"]
mod scratch;
mod values;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use values::{Judge, Slot, at, file_uri, resolve, value_for};

/// The specs, relative to this package, and the share of their operations that must be
/// sent (the rest need a value the spec's schemas do not let this test build).
const SPECS: &[(&str, &str, f64)] = &[
    ("polar-oauth2 (seed)", "../spec/polar-oauth2.yaml", 1.0),
    ("multipart uploads", "tests/prism/uploads.yaml", 1.0),
    (
        "polar 2024",
        "../../shared/corpus/polar/history/2024-08-28_3e1495a/source.json",
        0.9,
    ),
    (
        "petstore 3.0",
        "../../shared/corpus/oai-examples/v3.0/petstore-expanded.yaml",
        1.0,
    ),
    (
        "petstore 2.0",
        "../../shared/corpus/oai-examples/v2.0/petstore.yaml",
        1.0,
    ),
    (
        "github",
        "../../shared/corpus/progenitor-samples/api.github.com.json",
        0.9,
    ),
    (
        "kubernetes apps",
        "../../shared/corpus/wild/kubernetes-v3/apis__apps__v1_openapi.json",
        0.9,
    ),
    // Stripe is left out: Prism does not finish loading its 4 MB spec in three minutes here.
];

/// The harness crate, built once for both tests: the specs present, each one's count of
/// operations given values and not, and the binary.
struct Harness {
    specs: Vec<(&'static str, PathBuf, f64)>,
    totals: Vec<(usize, usize)>,
    binary: PathBuf,
}

fn harness() -> &'static Harness {
    static HARNESS: std::sync::OnceLock<Harness> = std::sync::OnceLock::new();
    HARNESS.get_or_init(build_harness)
}

fn build_harness() -> Harness {
    let specs: Vec<(&'static str, PathBuf, f64)> = SPECS
        .iter()
        .map(|(label, path, share)| {
            (
                *label,
                Path::new(env!("CARGO_MANIFEST_DIR")).join(path),
                *share,
            )
        })
        .filter(|(label, path, _)| {
            let present = path.exists();
            if !present {
                eprintln!("skipped {label}: {} is absent", path.display());
            }
            present
        })
        .collect();
    let harness = Path::new(env!("CARGO_TARGET_TMPDIR")).join("prism-harness");
    std::fs::create_dir_all(harness.join("src")).unwrap();
    let mut main = String::from(
        "#![allow(dead_code, unused_imports, deprecated)]\n#[path = \"client.rs\"]\nmod client;\nuse client::{call, from, Auth};\nuse typewright_runtime::client::Credential;\n",
    );
    let mut totals = Vec::new();
    for (index, (label, path, _)) in specs.iter().enumerate() {
        let generated = typewright::Config::new()
            .spec(path)
            .generate()
            .unwrap_or_else(|failure| panic!("{label}: {failure}"));
        std::fs::write(harness.join(format!("src/spec{index}.rs")), &generated.code).unwrap();
        let document = swagger_parameter_schemas(typewright::spec_json(path).unwrap());
        let judge = Judge::new(document, &file_uri(path)).unwrap();
        let Calls {
            calls,
            trips,
            unvalued,
            router,
        } = calls(index, &judge, &generated.code);
        totals.push((calls.len(), unvalued));
        let _ = writeln!(main, "mod spec{index} {{ include!(\"spec{index}.rs\"); }}");
        let auth = auth(index, &judge.document);
        let _ = writeln!(
            main,
            "fn run{index}(port: u16) {{\n{auth}\n{}\n}}",
            calls.join("\n")
        );
        let _ = writeln!(
            main,
            "fn trip{index}() {{\nlet port = client::serve({router});\n{auth}\n{}\n}}",
            trips.join("\n")
        );
    }
    let arms: String = (0..specs.len())
        .map(|i| {
            format!("({i}, \"prism\") => run{i}(args[3].parse().unwrap()), ({i}, _) => trip{i}(),")
        })
        .collect();
    let _ = writeln!(
        main,
        "fn main() {{ let args: Vec<String> = std::env::args().collect(); match (args[1].parse::<usize>().unwrap(), args[2].as_str()) {{ {arms} _ => {{}} }} }}"
    );
    std::fs::write(harness.join("src/main.rs"), main).unwrap();
    std::fs::write(harness.join("src/client.rs"), include_str!("client.rs")).unwrap();
    let runtime = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime");
    std::fs::write(
        harness.join("Cargo.toml"),
        format!(
            "[package]\nname = \"prism-harness\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\ntypewright-runtime = {{ path = {:?}, features = [\"client\", \"axum\"] }}\naxum = {{ version = \"0.8\", default-features = false, features = [\"http1\", \"tokio\"] }}\ntokio = {{ version = \"1\", features = [\"rt\", \"net\"] }}\n\n[workspace]\n\n{}",
            runtime.display().to_string(),
            scratch::DERIVE_PROFILE
        ),
    )
    .unwrap();
    let target = scratch::target_dir();
    let built = scratch::cargo()
        .args(["build", "--quiet", "--manifest-path"])
        .arg(harness.join("Cargo.toml"))
        .status()
        .unwrap();
    assert!(built.success(), "the harness does not build");
    Harness {
        specs,
        totals,
        binary: target.join("debug/prism-harness"),
    }
}

/// Every operation given values goes through the client to an axum server mounted from the
/// same models (`Routes`, a handler per operation that keeps what it is given), over
/// loopback: the handler must see a value equal to the one sent. No Prism is needed.
#[test]
fn every_operation_round_trips_through_an_axum_server_of_the_same_models() {
    let Harness {
        specs,
        totals,
        binary,
    } = harness();
    let mut failures = Vec::new();
    let mut table = String::from("| spec | sent | seen equal |\n|---|---:|---:|\n");
    for (index, (label, _, _)) in specs.iter().enumerate() {
        let output = Command::new(binary)
            .args([index.to_string(), "axum".into()])
            .output()
            .unwrap();
        let stdout = harness_lines(label, &output, totals[index].0);
        let lines: Vec<&str> = stdout.lines().collect();
        let ok = lines.iter().filter(|l| l.starts_with("TRIP-OK ")).count();
        failures.extend(
            lines
                .iter()
                .filter(|l| !l.starts_with("TRIP-OK "))
                .map(|l| format!("{label}: {l}")),
        );
        let _ = writeln!(table, "| {label} | {} | {ok} |", lines.len());
    }
    eprintln!("{table}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn prism_accepts_every_request_and_the_response_enums_read_its_answers() {
    let Some(prism) = prism() else {
        eprintln!("skipped: npm is missing, so Prism cannot be installed");
        return;
    };
    let Harness {
        specs,
        totals,
        binary,
    } = harness();

    let mut failures = Vec::new();
    let mut table = String::from(
        "| spec | operations | sent | no value | OK | invalid response refused |\n|---|---:|---:|---:|---:|---:|\n",
    );
    // Two specs at a time, each with its own Prism: Prism and the harness each keep about
    // one core busy, and CI has two.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let outputs = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((_, path, _)) = specs.get(index) else {
                        break;
                    };
                    let path = &for_prism(path, index);
                    let output = with_prism(&prism, path, |port| {
                        Command::new(binary)
                            .args([index.to_string(), "prism".into(), port.to_string()])
                            .output()
                            .unwrap()
                    });
                    outputs.lock().unwrap().insert(index, output);
                }
            });
        }
    });
    let mut outputs = outputs.into_inner().unwrap();
    for (index, (label, _, share)) in specs.iter().enumerate() {
        let output = outputs.remove(&index).expect("every spec ran");
        let (built, unvalued) = totals[index];
        let stdout = harness_lines(label, &output, built);
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for line in stdout.lines() {
            let kind = line.split(' ').next().unwrap_or("");
            *kinds.entry(kind).or_default() += 1;
            if !kind.starts_with("OK") {
                failures.push(format!("{label}: {line}"));
            }
        }
        let operations = built + unvalued;
        let ok = kinds.get("OK").copied().unwrap_or(0);
        let refused = kinds.get("OK-REFUSED").copied().unwrap_or(0);
        let _ = writeln!(
            table,
            "| {label} | {operations} | {built} | {unvalued} | {ok} | {refused} |"
        );
        assert!(
            built as f64 >= share * operations as f64,
            "{label}: only {built} of {operations} operations could be given values"
        );
    }
    eprintln!("{table}");
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The harness's output for `label`, which must have succeeded and printed one line per
/// operation sent.
fn harness_lines(label: &str, output: &std::process::Output, sent: usize) -> String {
    assert!(
        output.status.success(),
        "{label}: the harness failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        stdout.lines().count(),
        sent,
        "{label}: one line per operation sent"
    );
    stdout
}

/// The Prism command, installed into `target/prism` if it is not there; `None` without npm.
fn prism() -> Option<PathBuf> {
    let prefix = Path::new(env!("CARGO_TARGET_TMPDIR")).join("../prism");
    npm::installed(&prefix, "@stoplight/prism-cli@5", "node_modules/.bin/prism")
}

/// Runs `f` with Prism mocking `spec` on a free loopback port, then stops Prism.
fn with_prism<T>(prism: &Path, spec: &Path, f: impl FnOnce(u16) -> T) -> T {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-{port}.log"));
    let mut child = Command::new(prism)
        .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
        .arg(spec)
        .stdout(std::fs::File::create(&log).unwrap())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            panic!(
                "Prism exited ({status}) on {}; see {}",
                spec.display(),
                log.display()
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(180),
            "Prism did not start on {}",
            spec.display()
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    let result = f(port);
    let _ = child.kill();
    let _ = child.wait();
    result
}

/// The spec as Prism reads it: the JSON typewright reads, with `$ref`s to URLs (GitHub's
/// SCIM examples hold `"$ref": "https://api.github.com/..."` as data) renamed, since Prism
/// follows every `$ref` and this machine has no network. Schemas never hold such `$ref`s:
/// typewright refuses to follow them (E0008).
fn for_prism(path: &Path, index: usize) -> PathBuf {
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                let remote = map
                    .get("$ref")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.starts_with("http://") || r.starts_with("https://"));
                if remote {
                    let target = map.remove("$ref").expect("checked");
                    map.insert("x-ref".into(), target);
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    let mut document = typewright::spec_json(path).unwrap();
    walk(&mut document);
    let copy = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("prism-spec{index}.json"));
    std::fs::write(&copy, serde_json::to_vec(&document).unwrap()).unwrap();
    copy
}

/// A credential for every security scheme, by name and of the kind the scheme takes: the
/// client applies what each operation requires.
fn auth(index: usize, document: &Value) -> String {
    let schemes = document
        .pointer("/components/securitySchemes")
        .or_else(|| document.get("securityDefinitions"))
        .and_then(Value::as_object);
    let mut credentials = String::new();
    for (name, scheme) in schemes.into_iter().flatten() {
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or("");
        let credential = match (text("type"), text("scheme").to_ascii_lowercase().as_str()) {
            ("apiKey", _) => "Credential::api_key(\"test\")",
            ("http", "basic") | ("basic", _) => "Credential::basic(\"test\", \"test\")",
            _ => "Credential::bearer(\"test\")",
        };
        credentials.push_str(&format!("({name:?}, {credential}),"));
    }
    let _ = index;
    format!("let auth = Auth {{ credentials: vec![{credentials}] }};")
}

/// Swagger 2.0 parameters hold their schema keywords beside `name` and `in`: each gets a
/// copy of them under `x-schema`, so that a validator can read it.
fn swagger_parameter_schemas(mut document: Value) -> Value {
    if document.get("swagger").is_none() {
        return document;
    }
    fn walk(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if map.contains_key("in")
                    && map.get("in") != Some(&Value::String("body".into()))
                    && map.contains_key("name")
                {
                    let mut schema = map.clone();
                    for key in [
                        "name",
                        "in",
                        "required",
                        "collectionFormat",
                        "allowEmptyValue",
                        "description",
                    ] {
                        schema.remove(key);
                    }
                    map.insert("x-schema".into(), Value::Object(schema));
                }
                map.values_mut().for_each(walk);
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut document);
    document
}

/// What the harness does with one spec: a `call` (to Prism) and a `trip` (through the axum
/// server) per operation the test can give values, how many it cannot, and the expression
/// of the axum router that serves every operation with `echo`.
struct Calls {
    calls: Vec<String>,
    trips: Vec<String>,
    unvalued: usize,
    router: String,
}

fn calls(index: usize, judge: &Judge, generated: &str) -> Calls {
    let (operations, content) = code::read(generated);
    let document = &judge.document;
    let mut calls = Vec::new();
    let mut trips = Vec::new();
    let mut unvalued = 0;
    // Each module's routes struct: its fields, each served by `echo`.
    let mut routes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for op in &operations {
        if let Some((routes_struct, field)) = &op.route {
            routes
                .entry(format!("spec{index}::{routes_struct}"))
                .or_default()
                .push(format!(
                    "{field}: typewright_runtime::server::Route::new(client::echo::<spec{index}::{}>)",
                    op.path
                ));
        }
    }
    let router = routes
        .iter()
        .map(|(name, fields)| format!("{name} {{ {} }}.into_router()", fields.join(", ")))
        .reduce(|all, one| format!("{all}.merge({one})"))
        .unwrap_or_else(|| "axum::Router::new()".into());
    for op in operations {
        // A webhook's request comes from the API: there is no path to send it to.
        if op.template.is_empty() {
            continue;
        }
        let ty = format!("spec{index}::{}", op.path);
        let module = op.path.rsplit_once("::").map_or("", |(m, _)| m);
        let label = format!("{} {}", op.method, op.template);
        let Some(spec_op) =
            Operation::find(document, &op.template, &op.method.to_ascii_lowercase())
        else {
            unvalued += 1;
            continue;
        };
        let built = if op.is_struct_of_parameters {
            struct_literal(
                judge,
                &spec_op,
                &op,
                &content,
                &format!("spec{index}::{module}"),
            )
        } else {
            spec_op
                .body(judge, None)
                .filter(|(media, _)| json_or_form(media))
                .map(|(_, body)| format!("from({:?})?", body.to_string()))
        };
        match built {
            Some(expression) => {
                calls.push(format!(
                    "call::<{ty}>({label:?}, port, &auth, || Ok({expression}));"
                ));
                trips.push(format!(
                    "client::trip::<{ty}>({label:?}, port, &auth, || Ok({expression}));"
                ));
            }
            None => {
                eprintln!("no value: spec{index} {label}");
                unvalued += 1;
            }
        }
    }
    Calls {
        calls,
        trips,
        unvalued,
        router,
    }
}

/// The request struct's literal, field by field; `None` when a required value is missing.
fn struct_literal(
    judge: &Judge,
    spec_op: &Operation,
    op: &code::RequestCode,
    content: &code::ContentEnums,
    module: &str,
) -> Option<String> {
    let mut fields = Vec::new();
    for (i, (ident, ty)) in op.fields.iter().enumerate() {
        let optional = ty.starts_with("Option <");
        let (value, required) = match op.params.get(i) {
            Some((name, location)) => {
                let (slot, required) = spec_op.parameter(name, location)?;
                (
                    value_for(judge, &slot).map(|v| format!("from({:?})?", v.to_string())),
                    required,
                )
            }
            None => {
                // The body: a content enum's JSON (or form) variant, or the one media type.
                let enum_name = content
                    .keys()
                    .find(|name| ty.split(' ').any(|t| t == name.as_str()));
                let variants = enum_name.map(|name| (name, &content[name]));
                let chosen = variants.and_then(|(name, variants)| {
                    variants
                        .iter()
                        .find(|(_, media)| media.contains("json"))
                        .or_else(|| variants.iter().find(|(_, media)| json_or_form(media)))
                        .map(|(variant, media)| {
                            (format!("{module}::{name}::{variant}"), media.clone())
                        })
                });
                if variants.is_some() && chosen.is_none() {
                    return None;
                }
                let body = spec_op.body(judge, chosen.as_ref().map(|(_, media)| media.as_str()));
                // Bytes (octet-stream, XML...) need the spec's wire format, which this test
                // does not write.
                if body.as_ref().is_some_and(|(media, _)| !json_or_form(media)) {
                    return None;
                }
                let value = body.map(|(_, value)| match &chosen {
                    Some((variant, _)) => format!("{variant}(from({:?})?)", value.to_string()),
                    None => format!("from({:?})?", value.to_string()),
                });
                (value, spec_op.body_required())
            }
        };
        let expression = match (value, optional) {
            (Some(value), true) if !required => format!("Some({value})"),
            (Some(value), _) => value,
            (None, true) => "None".into(),
            (None, false) => return None,
        };
        fields.push(format!("{ident}: {expression}"));
    }
    Some(format!(
        "{}::{} {{ {} }}",
        module,
        op.path.rsplit("::").next()?,
        fields.join(", ")
    ))
}

/// An operation of the spec document, with its path-item parameters.
struct Operation<'d> {
    pointer: String,
    node: &'d Value,
    /// Path-item parameters, then the operation's, each with its pointer.
    parameters: Vec<(String, &'d Value)>,
}

impl<'d> Operation<'d> {
    fn find(document: &'d Value, template: &str, method: &str) -> Option<Operation<'d>> {
        let escaped = template.replace('~', "~0").replace('/', "~1");
        let mut item_pointer = format!("#/paths/{escaped}");
        let mut item = at(document, &item_pointer)?;
        if let Some(target) = item.get("$ref").and_then(Value::as_str) {
            item_pointer = target.to_string();
            item = at(document, target)?;
        }
        let node = item.get(method)?;
        let pointer = format!("{item_pointer}/{method}");
        let mut parameters = Vec::new();
        for (holder, base) in [(item, item_pointer.clone()), (node, pointer.clone())] {
            for (i, parameter) in holder
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .enumerate()
            {
                match parameter.get("$ref").and_then(Value::as_str) {
                    Some(target) => parameters.push((target.to_string(), at(document, target)?)),
                    None => parameters.push((format!("{base}/parameters/{i}"), parameter)),
                }
            }
        }
        Some(Operation {
            pointer,
            node,
            parameters,
        })
    }

    /// The slot of parameter `name` in `location` and whether it is required.
    fn parameter(&self, name: &str, location: &str) -> Option<(Slot, bool)> {
        let location = match location {
            "Form" => "formData".to_string(),
            other => other.to_ascii_lowercase(),
        };
        let Some((pointer, parameter)) = self.parameters.iter().rev().find(|(_, p)| {
            p.get("name").and_then(Value::as_str) == Some(name)
                && p.get("in").and_then(Value::as_str) == Some(location.as_str())
        }) else {
            // A path variable the spec does not declare: any text.
            let examples = vec![Value::String("a".into())];
            return Some((
                Slot {
                    schema_pointer: String::new(),
                    examples,
                    prefer_built: false,
                },
                true,
            ));
        };
        let mut examples: Vec<Value> = parameter.get("example").cloned().into_iter().collect();
        examples.extend(named_examples(parameter));
        let prefer_built = true;
        let schema_pointer = if parameter.get("schema").is_some() {
            format!("{pointer}/schema")
        } else if let Some((media, node)) = parameter
            .get("content")
            .and_then(Value::as_object)
            .and_then(|c| c.iter().next())
        {
            examples.extend(node.get("example").cloned());
            examples.extend(named_examples(node));
            format!(
                "{pointer}/content/{}/schema",
                media.replace('~', "~0").replace('/', "~1")
            )
        } else {
            format!("{pointer}/x-schema")
        };
        let required = parameter.get("required") == Some(&Value::Bool(true)) || location == "path";
        Some((
            Slot {
                schema_pointer,
                examples,
                prefer_built,
            },
            required,
        ))
    }

    fn request_body(&self) -> Option<(String, &'d Value)> {
        let body = self.node.get("requestBody")?;
        Some(match body.get("$ref").and_then(Value::as_str) {
            Some(target) => (target.to_string(), body),
            None => (format!("{}/requestBody", self.pointer), body),
        })
    }

    fn body_required(&self) -> bool {
        if let Some((_, body)) = self.swagger_body() {
            return body.get("required") == Some(&Value::Bool(true));
        }
        self.request_body()
            .is_some_and(|(_, b)| b.get("required") == Some(&Value::Bool(true)))
    }

    fn swagger_body(&self) -> Option<(String, &'d Value)> {
        self.parameters
            .iter()
            .find(|(_, p)| p.get("in").and_then(Value::as_str) == Some("body"))
            .map(|(pointer, p)| (pointer.clone(), *p))
    }

    /// The body's media type and value: of `media` when given, else of its one media type.
    fn body(&self, judge: &Judge, media: Option<&str>) -> Option<(String, Value)> {
        if let Some((pointer, parameter)) = self.swagger_body() {
            let slot = Slot {
                schema_pointer: format!("{pointer}/schema"),
                examples: Vec::new(),
                prefer_built: false,
            };
            let _ = parameter;
            return value_for(judge, &slot).map(|v| ("application/json".to_string(), v));
        }
        let (pointer, body) = self.request_body()?;
        let body = resolve(&judge.document, body);
        let content = body.get("content")?.as_object()?;
        let (name, node) = match media {
            Some(media) => content.get_key_value(media)?,
            None => content.iter().next()?,
        };
        let mut examples: Vec<Value> = node.get("example").cloned().into_iter().collect();
        examples.extend(named_examples(node));
        let slot = Slot {
            schema_pointer: format!(
                "{pointer}/content/{}/schema",
                name.replace('~', "~0").replace('/', "~1")
            ),
            examples,
            prefer_built: false,
        };
        value_for(judge, &slot).map(|v| (name.clone(), v))
    }
}

/// A media type the generated code writes as JSON (`*/*` included) or as a form.
/// A media type whose body the test writes from JSON values: JSON, forms and multipart
/// (a binary property's value is the text of its file part).
fn json_or_form(media: &str) -> bool {
    media.contains("json")
        || media.contains("form-urlencoded")
        || media.contains("multipart/form-data")
        || media.contains('*')
}

fn named_examples(node: &Value) -> Vec<Value> {
    node.get("examples")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter_map(|(_, e)| e.get("value").cloned())
        .collect()
}
