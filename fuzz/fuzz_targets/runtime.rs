//! Arbitrary JSON into the generated types of construct-rich specs: reading may fail, but
//! what a type reads it must write, and read back as the same value (or, where an untagged
//! union read the value by dropping keys, as a value that writes the same JSON).
#![no_main]

use libfuzzer_sys::fuzz_target;
use typewright_runtime::{serde, serde_json};

#[allow(dead_code, deprecated, missing_docs)]
mod generated {
    include!(concat!(env!("OUT_DIR"), "/types.rs"));
}

include!(concat!(env!("OUT_DIR"), "/dispatch.rs"));

fn round_trip<T>(value: &serde_json::Value)
where
    T: serde::de::DeserializeOwned + serde::Serialize + PartialEq + std::fmt::Debug,
{
    let Ok(read) = serde_json::from_value::<T>(value.clone()) else {
        return;
    };
    let text = serde_json::to_string(&read).expect("a value read from JSON writes");
    let again: T = serde_json::from_str(&text).unwrap_or_else(|e| {
        panic!(
            "{} cannot read what it wrote: {e}\n{text}",
            std::any::type_name::<T>()
        )
    });
    // An untagged union of open objects may read a value by dropping keys it does not
    // declare; what it writes (`{}`) may then read back as another alternative. The JSON must
    // still stay the same.
    if read != again {
        let rewritten = serde_json::to_string(&again).expect("a value read from JSON writes");
        assert_eq!(
            text,
            rewritten,
            "{} changed on a round trip: {read:?} became {again:?}",
            std::any::type_name::<T>()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(data) {
        every_type(&value);
    }
});
