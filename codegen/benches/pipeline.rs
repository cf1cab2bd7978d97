//! Times each pass of the pipeline on the Polar 2024 spec (1.3 MB, 389 schemas) beside a bare
//! parse of the same file, and checks that generation scales linearly with the spec's size.
//!
//! `cargo bench -p typewright --bench pipeline` (set `TYPEWRIGHT_BENCH_RUNS` to change the
//! number of runs; the corpus is read from `../shared/corpus` or `TYPEWRIGHT_CORPUS`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const POLAR: &str = "polar/history/2024-08-28_3e1495a/source.json";

fn main() {
    let corpus = std::env::var_os("TYPEWRIGHT_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"));
    let spec = corpus.join(POLAR);
    let Ok(text) = std::fs::read_to_string(&spec) else {
        println!(
            "skipped: {} not found (set TYPEWRIGHT_CORPUS)",
            spec.display()
        );
        return;
    };
    let runs: usize = std::env::var("TYPEWRIGHT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    println!(
        "{} ({} bytes), median of {runs} runs\n",
        spec.display(),
        text.len()
    );

    let floor = median(runs, || {
        let events = saphyr_parser::Parser::new_from_str(&text).count();
        std::hint::black_box(events);
    });
    let serde_json = median(runs, || {
        let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        std::hint::black_box(value);
    });

    // Each pass is timed inside `generate()` (`Generated::pass_times`); the median of each
    // pass over the runs.
    let mut config = typewright::Config::new();
    config.spec(&spec);
    let first = config.generate().expect("the Polar spec generates");
    let mut per_pass: Vec<(&str, Vec<Duration>)> = first
        .pass_times
        .iter()
        .map(|(name, _)| (*name, Vec::new()))
        .collect();
    let mut totals = Vec::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let generated = config.generate().expect("the Polar spec generates");
        totals.push(start.elapsed());
        for ((_, times), (_, time)) in per_pass.iter_mut().zip(&generated.pass_times) {
            times.push(*time);
        }
    }

    println!(
        "{} roots, {} types, {} lines of Rust; {} warnings\n",
        first.root_schemas,
        first.types.len(),
        first.code.lines().count(),
        first.warnings.len()
    );
    println!("{:<28} {:>10} {:>14}", "pass", "median ms", "x bare parse");
    let rows = [
        ("bare parse (saphyr events)", floor),
        ("serde_json::Value (reference)", serde_json),
    ];
    for (name, time) in rows {
        println!("{name:<28} {:>10.2} {:>14.2}", ms(time), ratio(time, floor));
    }
    let mut sum = Duration::ZERO;
    for (name, mut times) in per_pass {
        times.sort();
        let time = times[times.len() / 2];
        sum += time;
        println!("{name:<28} {:>10.2} {:>14.2}", ms(time), ratio(time, floor));
    }
    println!(
        "{:<28} {:>10.2} {:>14.2}",
        "sum of pass medians",
        ms(sum),
        ratio(sum, floor)
    );
    totals.sort();
    let total = totals[totals.len() / 2];
    println!(
        "{:<28} {:>10.2} {:>14.2}",
        "generate()",
        ms(total),
        ratio(total, floor)
    );

    scaling(&text, runs);
}

/// Generates from the spec with its schemas copied 1x and 4x: linear passes take ~4x as long.
fn scaling(text: &str, runs: usize) {
    let dir = std::env::temp_dir().join(format!("typewright-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut times = Vec::new();
    for copies in [1, 4] {
        let mut doc: serde_json::Value = serde_json::from_str(text).expect("valid JSON");
        let schemas = doc["components"]["schemas"]
            .as_object()
            .expect("schemas")
            .clone();
        let target = doc["components"]["schemas"]
            .as_object_mut()
            .expect("schemas");
        for copy in 2..=copies {
            for (name, schema) in &schemas {
                target.insert(format!("{name}Copy{copy}"), schema.clone());
            }
        }
        let path = dir.join(format!("polar-x{copies}.json"));
        std::fs::write(&path, serde_json::to_string(&doc).expect("serializable")).expect("write");
        let mut config = typewright::Config::new();
        config.spec(&path);
        assert!(config.generate().is_ok(), "the copied spec generates");
        let time = median(runs.min(7), || {
            let _ = std::hint::black_box(config.generate());
        });
        times.push(time);
        println!("\ngenerate() with schemas x{copies}: {:.2} ms", ms(time));
    }
    println!(
        "ratio x4 / x1: {:.2} (linear is about 4)",
        ratio(times[1], times[0])
    );
    let _ = std::fs::remove_dir_all(dir);
}

fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f(); // warm up caches and the allocator
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64()
}
