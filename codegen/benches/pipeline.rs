//! Times each pass of the pipeline on the Polar 2024 spec (1.3 MB, 389 schemas) beside a bare
//! parse of the same file, and checks that generation scales linearly with the spec's size.
//!
//! `cargo bench -p typewright --bench pipeline` (set `TYPEWRIGHT_BENCH_RUNS` to change the
//! number of runs; the corpus is read from `../shared/corpus` or `TYPEWRIGHT_CORPUS`).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use typewright::diag::Diagnostics;
use typewright::secrets::SecretNames;
use typewright::{emit, load, lower, names, output, resolve};

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

    // Each pass is timed on the output of the previous one, built once outside the timer.
    let paths = [spec.clone()];
    let load_time = median(runs, || {
        std::hint::black_box(load::load(&paths, &[], &mut Diagnostics::default()));
    });
    let mut cx = Diagnostics::default();
    let loaded = load::load(&paths, &[], &mut cx);
    let resolve_time = median(runs, || {
        std::hint::black_box(resolve::resolve(&loaded, &mut Diagnostics::default()));
    });
    let graph = resolve::resolve(&loaded, &mut cx);
    let secrets = SecretNames::default();
    let empty = std::collections::BTreeMap::new();
    let options = lower::Options {
        secrets: &secrets,
        open_enums: false,
        formats: &empty,
        map: typewright::ir::MapType::default(),
        extern_types: &empty,
        renames: &empty,
    };
    let settings = emit::Settings::default();
    let lower_time = median(runs, || {
        let ir = lower::lower(
            &graph,
            &loaded.sources,
            options,
            &mut Diagnostics::default(),
        );
        std::hint::black_box(ir);
    });
    let ir = lower::lower(&graph, &loaded.sources, options, &mut cx);
    let modules = ["polar".to_string()];
    let names_time = median(runs, || {
        std::hint::black_box(names::assign_names(&ir, &modules));
    });
    let names = names::assign_names(&ir, &modules);
    let docs = ["Polar".to_string()];
    let emit_time = median(runs, || {
        std::hint::black_box(emit::emit(&ir, &names, &docs, &settings));
    });
    let tokens = emit::emit(&ir, &names, &docs, &settings);
    let format_time = median(runs, || {
        std::hint::black_box(output::format(tokens.clone(), "").expect("valid tokens"));
    });
    let code = output::format(tokens, "").expect("valid tokens");

    println!(
        "{} schemas, {} roots, {} types, {} lines of Rust; {} errors, {} diagnostics in all\n",
        graph.schemas.len(),
        graph.roots.len(),
        ir.types.len(),
        code.lines().count(),
        cx.error_count(),
        cx.iter().count()
    );
    println!("{:<28} {:>10} {:>14}", "pass", "median ms", "x bare parse");
    let rows = [
        ("bare parse (saphyr events)", floor),
        ("serde_json::Value (reference)", serde_json),
        ("load", load_time),
        ("resolve", resolve_time),
        ("lower", lower_time),
        ("assign_names", names_time),
        ("emit", emit_time),
        ("format", format_time),
    ];
    for (name, time) in rows {
        println!("{name:<28} {:>10.2} {:>14.2}", ms(time), ratio(time, floor));
    }
    let total = load_time + resolve_time + lower_time + names_time + emit_time + format_time;
    println!(
        "{:<28} {:>10.2} {:>14.2}",
        "all passes",
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
