# Shared by `bench/compare`, `bench/check-breakdown` and `bench/edit-loop` (sourced; needs
# `root` set): a crate around one generated file or with the README's build script, and the
# timing of its `cargo check`.

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# A crate in DIR around the generated file SOURCE, with the README's one dependency.
typewright_crate() {
  local dir=$1 source=$2
  mkdir -p "$dir/src"
  cat > "$dir/Cargo.toml" <<TOML
[package]
name = "bench-generated"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
typewright-runtime = { path = "$root/runtime" }

[workspace]
TOML
  printf '#![allow(warnings)]\ninclude!("generated.rs");\n' > "$dir/src/lib.rs"
  cp "$source" "$dir/src/generated.rs"
}

# The README's setup in DIR: the crate's build script runs typewright over SPEC (copied to
# `spec.json` or `spec.yaml` beside it, so that the output names the same file whatever SPEC's
# path), and the output is the build script's: each module's types in parts, a child module
# each.
typewright_build_crate() {
  local dir=$1 spec=$2 name=spec.json
  case $spec in *.yaml | *.yml) name=spec.yaml ;; esac
  typewright_crate "$dir" /dev/null
  rm -f "$dir/src/generated.rs"
  cat >> "$dir/Cargo.toml" <<TOML
[build-dependencies]
typewright = { path = "$root/codegen" }
[profile.dev.package]
saphyr-parser.opt-level = 3
syn.opt-level = 1
proc-macro2.opt-level = 1
quote.opt-level = 1
prettyplease.opt-level = 1
TOML
  printf 'fn main() {\n    typewright::Config::new().spec("%s").build_script();\n}\n' "$name" > "$dir/build.rs"
  printf '#![allow(warnings)]\ninclude!(concat!(env!("OUT_DIR"), "/typewright.rs"));\n' > "$dir/src/lib.rs"
  cp "$spec" "$dir/$name"
}

# `SECONDS MB`: the median time and the largest peak RSS of RUNS non-incremental checks of
# the crate in DIR, `src/lib.rs` touched before each; checked once first, so that its
# dependencies are built before anything is timed. `fail -` when it does not compile.
check_crate() {
  local dir=$1 runs=$2 times=() rss=0
  (cd "$dir" && cargo check -q > /dev/null 2>&1) || { echo "fail -"; return; }
  for _ in $(seq "$runs"); do
    touch "$dir/src/lib.rs"
    local out
    out=$(cd "$dir" && CARGO_INCREMENTAL=0 /usr/bin/time -f '%e %M' cargo check -q 2>&1 > /dev/null | tail -1)
    times+=("${out% *}")
    local kb=${out#* }
    [ "$kb" -gt "$rss" ] && rss=$kb
  done
  echo "$(printf '%s\n' "${times[@]}" | median) $((rss / 1024))"
}
