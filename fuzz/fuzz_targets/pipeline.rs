//! Structure-aware: specs built from the fuzzer's bytes (`spec::Spec`), so most inputs reach
//! resolve, normalize, lower, analyze, names and emit. Generation must not panic, and the
//! same spec must give the same code twice.
#![no_main]

use libfuzzer_sys::fuzz_target;
use typewright_fuzz::spec::Spec;

fuzz_target!(|spec: Spec| {
    let text = spec.to_json();
    let first = typewright_fuzz::generate_file(text.as_bytes(), "json");
    if first.is_some() {
        let second = typewright_fuzz::generate_file(text.as_bytes(), "json");
        assert_eq!(first, second, "generation is not deterministic");
    }
});
