//! Any bytes as a spec file: the YAML loader, then every pass the bytes get through.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    typewright_fuzz::generate_file(data, "yaml");
});
