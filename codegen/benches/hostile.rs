//! Large hostile specs, built here at several sizes: each must generate in time linear in
//! its size, in at most 5 s and 1 GB for specs up to 25 MB. Prints, per case and size, the
//! spec's size, the median time of `generate()`, the peak memory of a process that only runs
//! that case, and how the time grew from the size before (1.0 per size step is linear: the
//! ratio of times over the ratio of sizes).
//!
//! `cargo bench -p typewright --bench hostile` (`TYPEWRIGHT_BENCH_RUNS` runs per case, 3 by
//! default; `TYPEWRIGHT_HOSTILE_SIZES` the sizes, `10000,25000,100000` by default;
//! `TYPEWRIGHT_HOSTILE_CASES` a comma-separated list of case names to run alone).

use std::fmt::Write;
use std::process::Command;
use std::time::{Duration, Instant};

/// A spec for `n` links, names, values or bytes.
type Build = fn(usize) -> String;

/// The cases, each a name and how to build its spec.
const CASES: &[(&str, Build)] = &[
    ("$ref chain", ref_chain),
    ("structs each holding the next", struct_chain),
    ("array aliases each of the next", alias_chain),
    ("enum values colliding once cased", colliding_enum),
    ("one warning per schema", warnings),
    ("enum of n values", big_enum),
    ("allOf chain each including the next", all_of_chain),
    ("n schemas of one shape", one_shape),
    ("object of n properties", wide_object),
    ("union of n branches with one tag", shared_tag_union),
    ("n operations", operations),
    ("default aliased to n*100 B by 300 refs", aliased_default),
    ("a scalar of n*100 bytes as a type", huge_type),
    ("an enum value of n*100 bytes", huge_enum_value),
    (
        "examples over types each holding the next twice",
        doubling_examples,
    ),
];

fn ref_chain(n: usize) -> String {
    let mut spec = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(spec, "  L{i}: {{$ref: '#/$defs/L{}'}}", i + 1);
    }
    let _ = writeln!(spec, "  L{n}: {{type: string}}");
    spec
}

/// Structs that each hold the next, declared first to last: a forward chain for every pass
/// that walks types in order.
fn struct_chain(n: usize) -> String {
    let mut spec = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(
            spec,
            "  S{i}: {{type: object, properties: {{next: {{$ref: '#/$defs/S{}'}}}}}}",
            i + 1
        );
    }
    let _ = writeln!(spec, "  S{n}: {{type: number}}");
    spec
}

fn alias_chain(n: usize) -> String {
    let mut spec = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(
            spec,
            "  A{i}: {{type: array, items: {{$ref: '#/$defs/A{}'}}}}",
            i + 1
        );
    }
    let _ = writeln!(spec, "  A{n}: {{type: string}}");
    spec
}

/// Enum values that collide once cased: `a-b`, `a_b`, `a b`, `A B`... all `AB`.
fn colliding_enum(n: usize) -> String {
    let mut spec = String::from("$defs:\n  Many:\n    enum:\n");
    let spellings = ["a-b", "a_b", "a b", "A B", "a.b", "A-B", "a__b", "a--b"];
    for i in 0..n {
        let spelling = spellings[i % spellings.len()];
        let _ = writeln!(
            spec,
            "      - '{spelling}{}'",
            "-".repeat(i / spellings.len() % 3)
        );
    }
    for i in 0..n / 10 {
        let _ = writeln!(spec, "      - 'x{i}'");
    }
    spec
}

/// Many warnings in one large file: each diagnostic finds its line.
fn warnings(n: usize) -> String {
    let mut spec = String::from("$defs:\n");
    for i in 0..n / 10 {
        let _ = writeln!(spec, "  W{i}: {{type: string, unknownKeyword{i}: 1}}");
    }
    spec
}

fn big_enum(n: usize) -> String {
    let mut spec = String::from("$defs:\n  E:\n    enum:\n");
    for i in 0..n {
        let _ = writeln!(spec, "      - v{i}");
    }
    spec
}

/// Each schema includes the next and adds a property: merged in full, the fields grow with
/// the square of the chain (a budget cuts it).
fn all_of_chain(n: usize) -> String {
    let n = n / 4;
    let mut spec = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(
            spec,
            "  S{i}: {{allOf: [{{$ref: '#/$defs/S{}'}}, {{type: object, properties: {{f{i}: {{type: string}}}}}}]}}",
            i + 1
        );
    }
    let _ = writeln!(spec, "  S{n}: {{type: object}}");
    spec
}

/// `n / 4` identical objects with an inline enum and an inline item object each: sharing
/// makes all but the first aliases.
fn one_shape(n: usize) -> String {
    let mut spec = String::from(
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n",
    );
    for i in 0..n / 4 {
        let _ = writeln!(
            spec,
            "    S{i}: {{type: object, properties: {{a: {{type: string, enum: [x, y]}}, b: {{type: array, items: {{type: object, properties: {{c: {{type: string, maxLength: 3}}}}}}}}}}}}"
        );
    }
    spec
}

/// One object of `n / 4` properties whose names differ only in case.
fn wide_object(n: usize) -> String {
    let mut spec = String::from("$defs:\n  Wide:\n    type: object\n    properties:\n");
    for i in 0..n / 4 {
        let name: String = "abcdefghijklmnopq"
            .chars()
            .enumerate()
            .map(|(bit, c)| match i >> bit & 1 {
                1 => c.to_ascii_uppercase(),
                _ => c,
            })
            .collect();
        let _ = writeln!(spec, "      {name}: {{type: string}}");
    }
    spec
}

/// A discriminated union of `n / 10` branches that all take the tag `message`.
fn shared_tag_union(n: usize) -> String {
    let n = n / 10;
    let mut spec = String::from(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    U:\n      discriminator: {propertyName: type}\n      oneOf:\n",
    );
    for i in 0..n {
        let _ = writeln!(spec, "        - $ref: '#/components/schemas/B{i}'");
    }
    for i in 0..n {
        let _ = writeln!(
            spec,
            "    B{i}: {{type: object, required: [type, f{i}], properties: {{type: {{const: message}}, f{i}: {{type: string}}}}}}"
        );
    }
    spec
}

/// `n / 10` operations, each with a parameter, a body and a response.
fn operations(n: usize) -> String {
    let mut spec = String::from("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths:\n");
    for i in 0..n / 10 {
        let _ = writeln!(
            spec,
            "  /p{i}:\n    post:\n      operationId: op{i}\n      parameters: [{{name: q, in: query, schema: {{type: array, items: {{type: string, maxLength: 8}}}}}}]\n      requestBody: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/R'}}}}}}}}\n      responses:\n        '200': {{description: ok, content: {{application/json: {{schema: {{$ref: '#/components/schemas/R'}}}}}}}}"
        );
    }
    spec.push_str(
        "components:\n  schemas:\n    R: {type: object, properties: {a: {type: string}}}\n",
    );
    spec
}

/// A few KB of YAML aliases that expand a default to `n * 100` bytes, reached through `$ref` by
/// 300 fields: past the budget (1 MiB or the spec's size), it is left out with a warning.
fn aliased_default(n: usize) -> String {
    let mut spec = String::from(
        "a0: &a0 [xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx]\n",
    );
    // Each level repeats the last ten times: `levels` levels make 10^levels strings of about
    // 100 bytes, n * 100 bytes in all.
    let levels = ((n as f64).log10().round() as usize).max(1);
    for level in 1..=levels {
        let items = vec![format!("*a{}", level - 1); 10].join(", ");
        let _ = writeln!(spec, "a{level}: &a{level} [{items}]");
    }
    let _ = writeln!(
        spec,
        "$defs:\n  Big: {{type: array, default: *a{levels}}}\n  Holder:\n    type: object\n    properties:"
    );
    for i in 0..300 {
        let _ = writeln!(spec, "      f{i}: {{$ref: '#/$defs/Big'}}");
    }
    spec
}

/// `n` types, each with an example and two fields of the next, the last holding the first,
/// which has a default: every example's value has 2^n paths to it.
fn doubling_examples(n: usize) -> String {
    let mut spec = String::from(
        "$defs:\n  D0: {type: object, examples: [{}], properties: {top: {type: integer, default: 7}, a: {$ref: '#/$defs/D1'}, b: {$ref: '#/$defs/D1'}}}\n",
    );
    for i in 1..n {
        let next = i + 1;
        let _ = writeln!(
            spec,
            "  D{i}: {{type: object, examples: [{{}}], properties: {{a: {{$ref: '#/$defs/D{next}'}}, b: {{$ref: '#/$defs/D{next}'}}}}}}"
        );
    }
    let _ = writeln!(
        spec,
        "  D{n}: {{type: object, properties: {{up: {{$ref: '#/$defs/D0'}}}}}}"
    );
    spec
}

fn huge_type(n: usize) -> String {
    format!("$defs:\n  A: {{type: {}}}\n", "x".repeat(n * 100))
}

fn huge_enum_value(n: usize) -> String {
    format!("$defs:\n  A: {{enum: [{}]}}\n", "x".repeat(n * 100))
}

fn main() {
    let sizes: Vec<usize> = std::env::var("TYPEWRIGHT_HOSTILE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 25_000, 100_000]);
    let runs: usize = std::env::var("TYPEWRIGHT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    // A child process runs one case at one size, so that its peak memory is that case's.
    if let (Ok(index), Ok(n)) = (
        std::env::var("TYPEWRIGHT_HOSTILE_CASE"),
        std::env::var("TYPEWRIGHT_HOSTILE_N"),
    ) {
        let (index, n): (usize, usize) =
            (index.parse().expect("an index"), n.parse().expect("a size"));
        run_case(CASES[index].1(n), runs);
        return;
    }
    let only: Option<Vec<String>> = std::env::var("TYPEWRIGHT_HOSTILE_CASES")
        .ok()
        .map(|s| s.split(',').map(|c| c.trim().to_string()).collect());
    println!(
        "median of {runs} runs, release build; growth: time ratio / size ratio from the size before (1.0 = linear)\n"
    );
    println!(
        "{:<40} {:>8} {:>10} {:>9} {:>8} {:>7}  outcome",
        "case", "n", "spec KB", "median s", "peak MB", "growth"
    );
    let exe = std::env::current_exe().expect("the bench binary");
    for (index, (name, build)) in CASES.iter().enumerate() {
        if only
            .as_ref()
            .is_some_and(|only| !only.iter().any(|o| o == name))
        {
            continue;
        }
        let mut before: Option<(usize, f64)> = None;
        for &n in &sizes {
            let size = build(n).len();
            let output = Command::new(&exe)
                .env("TYPEWRIGHT_HOSTILE_CASE", index.to_string())
                .env("TYPEWRIGHT_HOSTILE_N", n.to_string())
                .arg("--bench")
                .output()
                .expect("the bench binary runs");
            let line = String::from_utf8_lossy(&output.stdout);
            let mut fields = line.trim().splitn(3, '\t');
            let (time, peak, outcome) = (
                fields.next().unwrap_or("?"),
                fields.next().unwrap_or("?"),
                fields.next().unwrap_or("crashed"),
            );
            let seconds: Option<f64> = time.parse().ok();
            let growth = match (before, seconds) {
                (Some((last_size, last_time)), Some(now)) if last_time > 0.0 => format!(
                    "{:.2}",
                    (now / last_time) / (size as f64 / last_size as f64)
                ),
                _ => "-".into(),
            };
            before = seconds.map(|s| (size, s));
            println!(
                "{name:<40} {n:>8} {:>10} {time:>9} {peak:>8} {growth:>7}  {outcome}",
                size / 1024
            );
        }
    }
}

fn run_case(text: String, runs: usize) {
    let dir = std::env::temp_dir().join(format!("typewright-hostile-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("spec.yaml");
    std::fs::write(&path, text).expect("temp file");
    let mut times = Vec::new();
    let mut outcome = String::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        outcome = match typewright::Config::new().spec(&path).generate() {
            Ok(generated) => {
                let slowest = generated
                    .pass_times
                    .iter()
                    .max_by_key(|(_, time)| *time)
                    .map(|(name, time)| format!("{name} {:.2} s", time.as_secs_f64()))
                    .unwrap_or_default();
                format!(
                    "{} types, {} KB of code, {} warnings; slowest pass: {slowest}",
                    generated.types.len(),
                    generated.code.len() / 1024,
                    generated.warnings.len()
                )
            }
            Err(failure) => format!("{} diagnostics, failed", failure.diagnostics.len()),
        };
        times.push(start.elapsed());
    }
    times.sort();
    let _ = std::fs::remove_dir_all(&dir);
    println!(
        "{:.2}\t{}\t{}",
        seconds(times[times.len() / 2]),
        peak_mb(),
        outcome
    );
}

fn seconds(time: Duration) -> f64 {
    time.as_secs_f64()
}

/// The process's peak resident memory, from `/proc` (Linux); `?` elsewhere.
fn peak_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{}", kb / 1024))
        })
        .unwrap_or_else(|| "?".into())
}
