//! The parse floor of a spec file: the median time of a bare parse by the fastest
//! well-kept parser of its format, `saphyr-parser` events for YAML (and for JSON, which is
//! YAML 1.2) and `serde_json::Value` for JSON. `bench/compare` divides generation by it.
//!
//! `cargo bench -p typewright --bench parse_floor -- FILE...` prints one line per file:
//! `FILE saphyr_ms json_ms` (`-` where the file is not JSON). `TYPEWRIGHT_BENCH_RUNS` sets the
//! number of runs (15).

use std::time::Instant;

fn main() {
    let runs: usize = std::env::var("TYPEWRIGHT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(15);
    // `cargo bench` passes `--bench`; every other argument is a file.
    for file in std::env::args().skip(1).filter(|a| !a.starts_with("--")) {
        let Ok(text) = std::fs::read_to_string(&file) else {
            println!("{file} - -");
            continue;
        };
        let saphyr = median_ms(runs, || {
            std::hint::black_box(saphyr_parser::Parser::new_from_str(&text).count());
        });
        let json = serde_json::from_str::<serde_json::Value>(&text)
            .is_ok()
            .then(|| {
                median_ms(runs, || {
                    let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                    std::hint::black_box(value);
                })
            });
        match json {
            Some(json) => println!("{file} {saphyr:.2} {json:.2}"),
            None => println!("{file} {saphyr:.2} -"),
        }
    }
}

fn median_ms(runs: usize, mut f: impl FnMut()) -> f64 {
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f();
            start.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}
