//! Hostile input: every spec in `tests/hostile/` states its expected outcome on its first
//! line (`# expect: ok`, `# expect: warning W0003`, `# expect: error E0005`), and large
//! attacks are built here at test time. None may panic; each must end as stated. How long
//! they take is measured by the `hostile` benchmark, not here.

use std::path::{Path, PathBuf};

use typewright::Config;

/// What a run ended with: `Ok` and the warning codes, or `Err` and the error codes.
fn outcome(config: &Config) -> Result<Vec<String>, Vec<String>> {
    let codes = |list: &[typewright::diag::Diagnostic]| {
        list.iter().map(|d| d.code.as_str().to_string()).collect()
    };
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| config.generate()));
    match run.expect("the generator panicked") {
        Ok(generated) => Ok(codes(&generated.warnings)),
        Err(failure) => Err(codes(&failure.diagnostics)),
    }
}

fn hostile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("hostile")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn each_hostile_spec_ends_as_it_says() {
    let mut checked = 0;
    for entry in std::fs::read_dir(hostile_dir()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix("# expect: "))
            .unwrap_or_else(|| panic!("{} has no `# expect:` line", path.display()));
        let mut words = expect.split_whitespace();
        let kind = words.next().unwrap();
        let code = words.next();
        let result = outcome(Config::new().spec(&path));
        let name = path.display();
        match (kind, &result) {
            ("ok", Ok(warnings)) => assert!(warnings.is_empty(), "{name}: {warnings:?}"),
            ("warning", Ok(warnings)) => {
                let code = code.expect("a warning code");
                assert!(warnings.iter().any(|w| w == code), "{name}: {warnings:?}");
            }
            ("error", Err(errors)) => {
                let code = code.expect("an error code");
                assert!(errors.iter().any(|e| e == code), "{name}: {errors:?}");
            }
            _ => panic!("{name}: expected {expect}, got {result:?}"),
        }
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} hostile specs");
}

#[test]
fn an_alias_bomb_is_refused() {
    let dir = scratch("alias-bomb");
    let mut yaml = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for level in 1..12 {
        let previous = format!("*a{}", level - 1);
        let items = [previous.as_str(); 10].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    yaml.push_str("$defs:\n  Boom: {type: string, default: *a11}\n");
    std::fs::write(dir.join("bomb.yaml"), yaml).unwrap();
    let errors = outcome(Config::new().spec(dir.join("bomb.yaml"))).unwrap_err();
    assert!(errors.contains(&"E0003".to_string()), "{errors:?}");
}

#[test]
fn nesting_past_the_cap_is_refused_and_below_it_compiles_later() {
    let dir = scratch("deep");
    let deep = format!(
        "$defs:\n  Deep: {}{{type: string}}{}\n",
        "{type: array, items: ".repeat(400),
        "}".repeat(400)
    );
    std::fs::write(dir.join("deep.yaml"), deep).unwrap();
    let errors = outcome(Config::new().spec(dir.join("deep.yaml"))).unwrap_err();
    assert!(errors.contains(&"E0003".to_string()), "{errors:?}");
    // 120 levels of objects: under the loader's cap, past what rustc compiles.
    let objects = format!(
        "$defs:\n  Deep: {}{{type: string}}{}\n",
        "{type: object, properties: {a: ".repeat(120),
        "}}".repeat(120)
    );
    std::fs::write(dir.join("objects.yaml"), objects).unwrap();
    let warnings = outcome(Config::new().spec(dir.join("objects.yaml"))).unwrap();
    assert_eq!(
        warnings,
        ["W0003"],
        "the nesting is cut once, with a warning"
    );
}

/// Each JSON pointer walks through the next `$ref` object: without a bound, each step was a
/// frame deeper on the stack (the load fuzzer's find was a cycle of one).
#[test]
fn a_pointer_through_a_long_chain_of_references_is_bounded() {
    let dir = scratch("pointer-chain");
    let steps = 20_000;
    let mut spec = String::from("$defs:\n  Start: {$ref: '#/$defs/p0/x'}\n");
    for i in 0..steps {
        spec.push_str(&format!("  p{i}: {{$ref: '#/$defs/p{}/x'}}\n", i + 1));
    }
    spec.push_str(&format!("  p{steps}: {{x: {{type: string}}}}\n"));
    std::fs::write(dir.join("chain.yaml"), spec).unwrap();
    let warnings = outcome(Config::new().spec(dir.join("chain.yaml"))).unwrap();
    assert!(warnings.contains(&"E0010".to_string()), "{warnings:?}");
    // A pointer through a reference whose own pointer walks through another is followed
    // (the `y` keys are unknown keywords where they are read as schemas: W0001).
    let spec = "$defs:\n  Start: {$ref: '#/$defs/p0/y'}\n  p0: {$ref: '#/$defs/p1/y'}\n  p1: {y: {y: {type: string}}}\n";
    std::fs::write(dir.join("short.yaml"), spec).unwrap();
    let warnings = outcome(Config::new().spec(dir.join("short.yaml"))).unwrap();
    assert!(warnings.iter().all(|w| w == "W0001"), "{warnings:?}");
}

#[test]
fn huge_scalars_and_odd_unicode_generate() {
    let dir = scratch("huge");
    let description = "ǅ\u{202e}\u{200b}😀 ".repeat(200_000);
    let yaml = format!(
        "$defs:\n  Thing:\n    description: \"{description}\"\n    type: object\n    properties:\n      \"\u{202e}evil\": {{type: string}}\n      \"a\\0b\": {{type: string}}\n"
    );
    std::fs::write(dir.join("huge.yaml"), yaml).unwrap();
    let generated = Config::new()
        .spec(dir.join("huge.yaml"))
        .generate()
        .expect("a huge description is still a spec");
    // Bidirectional overrides must not reach the code, where they hide what it does.
    assert!(!generated.code.contains('\u{202e}'));
    assert!(generated.code.contains("pub struct Thing"));
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_spec_directory_are_not_read() {
    let dir = scratch("symlinks");
    let outside = scratch("symlinks-outside");
    std::fs::write(outside.join("secret.yaml"), "root:x:0:0:secret\n").unwrap();
    std::fs::create_dir_all(dir.join("spec")).unwrap();
    std::os::unix::fs::symlink(outside.join("secret.yaml"), dir.join("spec/leak.yaml")).unwrap();
    std::fs::write(dir.join("spec/ok.yaml"), "$defs:\n  A: {type: string}\n").unwrap();
    let rendered = match Config::new().spec(dir.join("spec")).generate() {
        Ok(generated) => format!("{}{}", generated.rendered_warnings, generated.code),
        Err(failure) => failure.to_string(),
    };
    assert!(!rendered.contains("root:x"), "{rendered}");
    assert!(!rendered.contains("secret"), "{rendered}");
}

#[test]
fn a_default_shared_by_many_fields_is_written_once() {
    let dir = scratch("amplify");
    let entries: Vec<String> = (0..400)
        .map(|i| format!("k{i}: [1, 2, 3, \"some text here\"]"))
        .collect();
    let mut yaml = format!(
        "$defs:\n  Big: {{type: object, default: {{{}}}}}\n  Holder:\n    type: object\n    properties:\n",
        entries.join(", ")
    );
    for i in 0..300 {
        yaml.push_str(&format!("      f{i}: {{$ref: '#/$defs/Big'}}\n"));
    }
    std::fs::write(dir.join("amplify.yaml"), &yaml).unwrap();
    let generated = Config::new()
        .spec(dir.join("amplify.yaml"))
        .generate()
        .unwrap();
    // Copied into each of the 300 fields, the default alone would be 170 times the spec;
    // written once, the code is each field's few lines (about 350 bytes) plus one default.
    assert!(
        generated.code.len() < 8 * yaml.len(),
        "{} bytes of code from {} bytes of spec",
        generated.code.len(),
        yaml.len()
    );
    assert_eq!(generated.code.matches(r#"\"k399\""#).count(), 1);
}

/// A document's `security` of many alternatives, inherited by many operations: written
/// once in the module, not once per operation, and a requirement naming no scheme is one
/// warning, not one per operation.
#[test]
fn document_security_is_written_once_however_many_operations_inherit_it() {
    let dir = scratch("security");
    let mut yaml = String::from(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\ncomponents:\n  securitySchemes:\n",
    );
    for i in 0..200 {
        yaml.push_str(&format!("    s{i}: {{type: http, scheme: bearer}}\n"));
    }
    yaml.push_str("security:\n");
    for i in 0..200 {
        yaml.push_str(&format!("  - {{s{i}: [], s{}: []}}\n", (i + 1) % 200));
    }
    yaml.push_str("  - {ghost: []}\npaths:\n");
    for i in 0..300 {
        yaml.push_str(&format!(
            "  /p{i}:\n    get:\n      responses: {{'204': {{description: none}}}}\n"
        ));
    }
    let generate = |yaml: &str| {
        std::fs::write(dir.join("security.yaml"), yaml).unwrap();
        Config::new()
            .spec(dir.join("security.yaml"))
            .generate()
            .unwrap()
    };
    let without = generate(&yaml.replace("security:\n", "x-unused:\n"));
    let generated = generate(&yaml);
    // The security adds its own size a few times over, once: per operation, the 400
    // schemes of its alternatives would be 300 copies of about 60 KB.
    let added = generated.code.len() - without.code.len();
    assert!(
        added < 10 * yaml.len(),
        "security added {added} bytes of code to a {} byte spec",
        yaml.len()
    );
    assert_eq!(generated.code.matches(r#"name: "s199""#).count(), 2);
    let ghosts = generated
        .warnings
        .iter()
        .filter(|w| w.message.contains("`ghost`"))
        .count();
    assert_eq!(ghosts, 1);
}

/// An object of 25,000 properties (keys that differ only in case, so many names collide):
/// nothing in the output may nest as deep as the object is wide, or formatting it overflows
/// a thread's stack, which aborts the process instead of panicking.
#[test]
fn a_very_wide_object_generates() {
    let dir = scratch("wide");
    let mut yaml = String::from("$defs:\n  Wide:\n    type: object\n    properties:\n");
    for i in 0..25_000u32 {
        let name: String = "abcdefghijklmno"
            .chars()
            .enumerate()
            .map(|(bit, c)| match i >> bit & 1 {
                1 => c.to_ascii_uppercase(),
                _ => c,
            })
            .collect();
        yaml.push_str(&format!("      {name}: {{type: string}}\n"));
    }
    std::fs::write(dir.join("wide.yaml"), &yaml).unwrap();
    let generated = Config::new()
        .spec(dir.join("wide.yaml"))
        .generate()
        .unwrap();
    let fields = generated.code.matches(": Option<String>,\n").count();
    assert_eq!(fields, 25_000);
}

/// A few KB of YAML aliases that expand a `default` to megabytes, reached by 300 fields
/// through `$ref`: the value is measured before it is built, and left out with a warning
/// (it took 44 s and 2 GB before it was). Under the budget it is written once.
#[test]
fn an_aliased_default_past_the_budget_is_left_out() {
    let dir = scratch("aliased-default");
    let spec = |levels: usize| {
        let mut yaml = String::from("a0: &a0 [xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx, xxxxxxxx]\n");
        for level in 1..levels {
            let items = vec![format!("*a{}", level - 1); 10].join(", ");
            yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let last = levels - 1;
        yaml.push_str(&format!(
            "$defs:\n  Big: {{type: array, default: *a{last}}}\n  Holder:\n    type: object\n    properties:\n"
        ));
        for i in 0..300 {
            yaml.push_str(&format!("      f{i}: {{$ref: '#/$defs/Big'}}\n"));
        }
        yaml
    };
    // 5 * 10^5 strings of 8 characters: about 5 MB of JSON from 5 KB of YAML.
    std::fs::write(dir.join("big.yaml"), spec(6)).unwrap();
    let generated = Config::new().spec(dir.join("big.yaml")).generate().unwrap();
    assert_eq!(
        generated.warnings.len(),
        1,
        "{}",
        generated.rendered_warnings
    );
    assert!(
        generated
            .rendered_warnings
            .contains("past the budget for one value")
    );
    assert!(
        generated.code.len() < 200_000,
        "{} bytes",
        generated.code.len()
    );
    // 5 * 10^4 strings: half a megabyte, under the budget, written once for all 300 fields.
    std::fs::write(dir.join("small.yaml"), spec(5)).unwrap();
    let generated = Config::new()
        .spec(dir.join("small.yaml"))
        .generate()
        .unwrap();
    assert!(
        generated.warnings.is_empty(),
        "{}",
        generated.rendered_warnings
    );
    let copies = generated.code.matches("xxxxxxxx").count();
    assert_eq!(copies, 50_000, "the default is written once");
}

/// A chain of `allOf`s, each schema including the next: merged, every struct has the fields
/// of all the schemas after it, which grows with the square of the chain (25,000 schemas took
/// minutes and 19 GB). Past a budget of merged fields the rest keep their own properties, with
/// one warning.
#[test]
fn an_all_of_chain_merges_within_a_budget() {
    let dir = scratch("all-of-chain");
    let length = 3_000;
    let mut yaml = String::from("$defs:\n");
    for i in 0..length {
        yaml.push_str(&format!(
            "  S{i}: {{allOf: [{{$ref: '#/$defs/S{}'}}, {{type: object, properties: {{f{i}: {{type: string}}}}}}]}}\n",
            i + 1
        ));
    }
    yaml.push_str(&format!("  S{length}: {{type: object}}\n"));
    std::fs::write(dir.join("chain.yaml"), &yaml).unwrap();
    let generated = Config::new()
        .spec(dir.join("chain.yaml"))
        .generate()
        .unwrap();
    assert_eq!(
        generated.warnings.len(),
        1,
        "{}",
        generated.rendered_warnings
    );
    assert!(generated.rendered_warnings.contains("are not merged into"));
    // Merged in full, the fields alone would be 4.5 million lines.
    let fields = generated.code.matches(": Option<String>,\n").count();
    assert!(fields < 150_000, "{fields} fields");
    // The deepest schemas are merged in full.
    assert!(generated.code.contains("pub f2999: Option<String>"));
}

/// A 2 MB scalar as a `type`, and as an `enum` value: the diagnostic quotes the start of it,
/// the snippet shows a window of its line, and an enum value past 64 KiB is not copied into
/// the code (it was written three times over).
#[test]
fn huge_scalars_are_not_copied_into_messages_or_code() {
    let dir = scratch("huge-scalars");
    let big = "x".repeat(2_000_000);
    std::fs::write(
        dir.join("type.yaml"),
        format!("$defs:\n  A: {{type: {big}}}\n"),
    )
    .unwrap();
    let generated = Config::new()
        .spec(dir.join("type.yaml"))
        .generate()
        .unwrap();
    assert!(
        generated.rendered_warnings.len() < 4_000,
        "{} bytes",
        generated.rendered_warnings.len()
    );
    assert!(generated.rendered_warnings.contains("more characters)"));
    std::fs::write(
        dir.join("enum.yaml"),
        format!("$defs:\n  A: {{enum: [{big}, b]}}\n"),
    )
    .unwrap();
    let generated = Config::new()
        .spec(dir.join("enum.yaml"))
        .generate()
        .unwrap();
    assert!(
        generated.code.len() < 10_000,
        "{} bytes of code",
        generated.code.len()
    );
    assert!(
        generated.code.contains("pub type A = String;"),
        "{}",
        generated.code
    );
    assert!(generated.rendered_warnings.contains("is not enforced"));
}

/// An example lists the defaults inside its value, found by walking the paths of its type,
/// and a chain of types each holding the next twice has 2^n paths (64 levels would take
/// centuries). The walk goes only into types that hold a default, lists at most 1,000, and
/// stops after a budget of steps: all three are reached here, and the run ends.
#[test]
fn an_example_over_a_chain_of_doubling_types_lists_its_defaults_in_bounded_steps() {
    let levels = 64;
    let examples = |bottom: &str| {
        let dir = scratch("doubling-chain");
        let mut yaml = String::from("$defs:\n");
        yaml.push_str(
            "  D0: {type: object, examples: [{}], properties: {top: {type: integer, default: 7}, a: {$ref: '#/$defs/D1'}, b: {$ref: '#/$defs/D1'}}}\n",
        );
        for i in 1..levels {
            yaml.push_str(&format!(
                "  D{i}: {{type: object, properties: {{a: {{$ref: '#/$defs/D{n}'}}, b: {{$ref: '#/$defs/D{n}'}}}}}}\n",
                n = i + 1
            ));
        }
        yaml.push_str(&format!(
            "  D{levels}: {{type: object, properties: {{{bottom}}}}}\n"
        ));
        std::fs::write(dir.join("chain.yaml"), &yaml).unwrap();
        let generated = Config::new()
            .spec(dir.join("chain.yaml"))
            .generate()
            .unwrap_or_else(|failure| panic!("{failure}"));
        let example = generated
            .examples
            .into_iter()
            .find(|e| e.rust_type.ends_with("D0"))
            .expect("D0's example");
        example.defaults
    };
    // No default below the top: nothing below it is walked.
    let top = vec![("/top".to_string(), "7".to_string())];
    assert_eq!(examples("x: {type: string}"), top);
    // Every path ends at the top again (a cycle, walked once per path): the step budget.
    assert_eq!(examples("up: {$ref: '#/$defs/D0'}"), top);
    // A default at the bottom of every path: the first 1,000 are listed.
    let bottom = examples("x: {type: string, default: d}");
    assert_eq!(bottom.len(), 1_000);
    assert_eq!(bottom[0], top[0]);
    let first = format!("{}/x", "/a".repeat(levels));
    assert_eq!(bottom[1], (first, "\"d\"".to_string()));
}
