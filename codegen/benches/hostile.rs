//! Large hostile specs, built here: each must generate in linear time. Prints, per case, the
//! spec's size, the median time of `generate()` and the peak memory of a process that only
//! runs that case.
//!
//! `cargo bench -p typewright --bench hostile` (`TYPEWRIGHT_BENCH_RUNS` runs per case, 3 by
//! default; `TYPEWRIGHT_HOSTILE_SCALE` multiplies the sizes, 100,000 links by default).

use std::fmt::Write;
use std::process::Command;
use std::time::{Duration, Instant};

/// (name, spec text) for `n` links, names or values.
fn cases(n: usize) -> Vec<(&'static str, String)> {
    let mut chain = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(chain, "  L{i}: {{$ref: '#/$defs/L{}'}}", i + 1);
    }
    let _ = writeln!(chain, "  L{n}: {{type: string}}");

    // Structs that each hold the next, declared first to last: a forward chain for every
    // pass that walks types in order.
    let mut structs = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(
            structs,
            "  S{i}: {{type: object, properties: {{next: {{$ref: '#/$defs/S{}'}}}}}}",
            i + 1
        );
    }
    let _ = writeln!(structs, "  S{n}: {{type: number}}");

    // Array aliases, each of the next.
    let mut aliases = String::from("$defs:\n");
    for i in 0..n {
        let _ = writeln!(
            aliases,
            "  A{i}: {{type: array, items: {{$ref: '#/$defs/A{}'}}}}",
            i + 1
        );
    }
    let _ = writeln!(aliases, "  A{n}: {{type: string}}");

    // Enum values that collide once cased: `a-b`, `a_b`, `a b`, `A B`... all `AB`.
    let mut colliding = String::from("$defs:\n  Many:\n    enum:\n");
    let spellings = ["a-b", "a_b", "a b", "A B", "a.b", "A-B", "a__b", "a--b"];
    for i in 0..n {
        let spelling = spellings[i % spellings.len()];
        let _ = writeln!(
            colliding,
            "      - '{spelling}{}'",
            "-".repeat(i / spellings.len() % 3)
        );
    }
    for i in 0..n / 10 {
        let _ = writeln!(colliding, "      - 'x{i}'");
    }

    // Many warnings in one large file: each diagnostic finds its line.
    let mut warnings = String::from("$defs:\n");
    for i in 0..n / 10 {
        let _ = writeln!(warnings, "  W{i}: {{type: string, unknownKeyword{i}: 1}}");
    }
    vec![
        ("ref chain", chain),
        ("forward struct chain", structs),
        ("array alias chain", aliases),
        ("colliding enum names", colliding),
        ("warnings in one file", warnings),
    ]
}

fn main() {
    let scale: usize = std::env::var("TYPEWRIGHT_HOSTILE_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let runs: usize = std::env::var("TYPEWRIGHT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    // A child process runs one case, so that its peak memory is that case's alone.
    if let Ok(index) = std::env::var("TYPEWRIGHT_HOSTILE_CASE") {
        let index: usize = index.parse().expect("a case index");
        let (_, text) = &cases(scale)[index];
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
                        "{} types, {} warnings; slowest pass: {slowest}",
                        generated.types.len(),
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
        return;
    }
    println!("{scale} links or names per case, median of {runs} runs\n");
    println!(
        "{:<22} {:>10} {:>12} {:>12}  outcome",
        "case", "spec KB", "median s", "peak MB"
    );
    let exe = std::env::current_exe().expect("the bench binary");
    for (index, (name, text)) in cases(scale).iter().enumerate() {
        let output = Command::new(&exe)
            .env("TYPEWRIGHT_HOSTILE_CASE", index.to_string())
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
        println!(
            "{name:<22} {:>10} {time:>12} {peak:>12}  {outcome}",
            text.len() / 1024
        );
    }
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
