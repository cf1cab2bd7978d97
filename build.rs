//! Generates the Polar API models from `spec/` into `$OUT_DIR/typewright.rs`.
//! A spec error fails the build with located diagnostics.

fn main() {
    typewright::compile_specs("spec");
}
