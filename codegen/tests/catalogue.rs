//! `DIAGNOSTICS.md` documents every diagnostic code with a spec that produces it: this test
//! runs each example and checks the code, and checks that no code is missing.

use std::path::Path;

use typewright::diag::Code;

/// (code, the example's YAML if the section has one).
fn sections() -> Vec<(String, Option<String>)> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../DIAGNOSTICS.md"))
            .expect("DIAGNOSTICS.md at the repository root");
    let mut sections = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(heading) = line.strip_prefix("## ") else {
            continue;
        };
        let code = heading.split(':').next().unwrap().to_string();
        sections.push((code, None));
        let _ = &mut lines;
    }
    // Second pass: the first ```yaml block after each heading.
    let mut current: Option<usize> = None;
    let mut block: Option<String> = None;
    for line in text.lines() {
        if line.starts_with("## ") {
            current = Some(current.map_or(0, |i| i + 1));
        } else if line == "```yaml" {
            block = Some(String::new());
        } else if line == "```" {
            if let (Some(yaml), Some(i)) = (block.take(), current)
                && sections[i].1.is_none()
            {
                sections[i].1 = Some(yaml);
            }
        } else if let Some(yaml) = &mut block {
            yaml.push_str(line);
            yaml.push('\n');
        }
    }
    sections
}

#[test]
fn every_code_is_documented_in_order() {
    let documented: Vec<String> = sections().into_iter().map(|(code, _)| code).collect();
    let all: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(documented, all);
}

#[test]
fn every_example_produces_its_code() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("catalogue");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut checked = 0;
    for (code, example) in sections() {
        let Some(yaml) = example else {
            // E0001 and E0003 cannot be shown as a small spec, and E0014 and W0008 are about
            // settings, not specs; unit tests and tests/config.rs cover them.
            assert!(
                matches!(code.as_str(), "E0001" | "E0003" | "E0014" | "W0008"),
                "{code} has no example"
            );
            continue;
        };
        let spec = dir.join(format!("{code}.yaml"));
        std::fs::write(&spec, &yaml).unwrap();
        let diagnostics = match typewright::Config::new().spec(&spec).generate() {
            Ok(generated) => generated.warnings,
            Err(failure) => failure.diagnostics,
        };
        assert!(
            diagnostics.iter().any(|d| d.code.as_str() == code),
            "the {code} example produced {:?}",
            diagnostics
                .iter()
                .map(|d| d.code.as_str())
                .collect::<Vec<_>>()
        );
        checked += 1;
    }
    assert_eq!(checked, 18);
}
