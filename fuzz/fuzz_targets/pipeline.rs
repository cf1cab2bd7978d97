//! Structure-aware: specs built from the fuzzer's bytes (`spec::Spec`), so most inputs reach
//! resolve, normalize, lower, analyze, names and emit. Generation must not panic, the same
//! spec must give the same code twice, and the code must repeat no name, field, variant or
//! `match` arm (which rustc would refuse under `#![deny(warnings)]`). Selecting its first operation's tag must not
//! panic either, and must rename nothing: each type it keeps is declared as in the whole
//! output.
#![no_main]

use libfuzzer_sys::fuzz_target;
use typewright_fuzz::spec::Spec;

fuzz_target!(|spec: Spec| {
    let text = spec.to_json();
    let first = typewright_fuzz::generate_file(text.as_bytes(), "json");
    if let Some(code) = &first {
        let second = typewright_fuzz::generate_file(text.as_bytes(), "json");
        assert_eq!(first, second, "generation is not deterministic");
        let found = typewright_fuzz::duplicates::duplicates(code);
        assert!(found.is_empty(), "{found:?} in:\n{code}");
    }
    if let (Some(tag), Some(whole)) = (spec.first_tag(), &first) {
        if let Some(selected) =
            typewright_fuzz::generate_tagged(text.as_bytes(), "json", Some(&tag))
        {
            let declarations = selected
                .lines()
                .filter(|l| l.starts_with("    pub struct ") || l.starts_with("    pub enum "));
            for line in declarations {
                assert!(
                    whole.contains(line),
                    "selecting `{tag}` declared {line}, which the whole output does not"
                );
            }
        }
    }
});
