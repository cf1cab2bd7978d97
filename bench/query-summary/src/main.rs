//! Which of rustc's queries ran, and for how long, in a profile that `-Z self-profile` wrote:
//! `query-summary PROFILE [N]` prints the N (20) queries that took longest, each with how
//! many times its provider ran and its time summed over them (a query run inside another
//! counts in both). `bench/edit-loop` runs it with `PROFILE=1`.

use std::collections::HashMap;
use std::path::Path;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(profile) = args.next() else {
        eprintln!("usage: query-summary PROFILE.mm_profdata [N]");
        std::process::exit(2);
    };
    let top: usize = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
    let stem = profile.strip_suffix(".mm_profdata").unwrap_or(&profile);
    let data = match analyzeme::ProfilingData::new(Path::new(stem)) {
        Ok(data) => data,
        Err(err) => {
            eprintln!("query-summary: cannot read {profile}: {err}");
            std::process::exit(1);
        }
    };
    // Per query: how many times its provider ran, and for how long in all.
    let mut queries: HashMap<String, (u64, u128)> = HashMap::new();
    for event in data.iter_full() {
        if event.event_kind != "Query" {
            continue;
        }
        if let Some(duration) = event.duration() {
            let entry = queries.entry(event.label.to_string()).or_default();
            entry.0 += 1;
            entry.1 += duration.as_nanos();
        }
    }
    let mut rows: Vec<(String, (u64, u128))> = queries.into_iter().collect();
    rows.sort_by(|a, b| b.1.1.cmp(&a.1.1).then_with(|| a.0.cmp(&b.0)));
    println!("| query | runs | ms |\n|---|---:|---:|");
    for (label, (runs, nanos)) in rows.into_iter().take(top) {
        println!("| `{label}` | {runs} | {:.1} |", nanos as f64 / 1e6);
    }
}
