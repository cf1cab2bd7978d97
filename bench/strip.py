"""Variants of generated Rust for `bench/check-breakdown`: each removes one kind of code so that
`cargo check` says what that kind costs. Reads the generated file, writes the variant.

    python3 bench/strip.py VARIANT IN OUT

VARIANT, or several joined by `,`:
- full: the output as generated;
- nodocs: no `///` comments;
- noeqhash: no `Eq`/`Hash` derives, which nothing in the output relies on;
- noserver / noclient / noconversions: the bodies of the operations' conversions from
  `http::Request` and into `http::Response` (the server's side), into `http::Request` and from
  `http::Response` (the client's), or both, replaced by `unimplemented!()`: the impls stay, as
  the runtime's `Operation` bounds need them;
- noreqeqhash: no `Eq`/`Hash` derives on the operations' request types;
- opsdebugonly: the operations' request types and response enums derive `Debug` only;
- lencount: a struct's count of present fields for `StructWriter` as one call over an array
  of `is_some()`s instead of a sum of `usize::from`s;
- rulesconst: each distinct `&[Rule::..]` list of checks a constant of its own, named where it
  was written.
Stripping other derives is not offered: the generated impls and `deserialize_with` functions
rely on them, so such a variant does not compile.
"""
import re
import sys

RUNTIME = "::typewright_runtime"


def conversion_kind(header):
    """Which side an impl's header (its first two lines) converts for, if it is a conversion."""
    if f"TryFrom<{RUNTIME}::http::Request<Vec<u8>>>" in header:
        return "server"
    if f"TryFrom<{RUNTIME}::http::Response<Vec<u8>>>" in header:
        return "client"
    if f"for {RUNTIME}::http::Request<Vec<u8>>" in header:
        return "client"
    if f"for {RUNTIME}::http::Response<Vec<u8>>" in header:
        return "server"
    return None


def stub_conversions(text, sides):
    """The conversions of `sides` with `unimplemented!()` bodies. Items sit at an indent of four
    spaces inside their module, and an impl ends at the first line that is `    }`."""
    lines = text.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("    impl") and i + 1 < len(lines):
            if conversion_kind(line + " " + lines[i + 1].strip()) in sides:
                end = i
                while lines[end] != "    }":
                    end += 1
                body = i
                while "fn try_from" not in lines[body]:
                    body += 1
                while not lines[body].rstrip().endswith("{"):
                    body += 1
                out.extend(lines[i : body + 1])
                out.extend(["            unimplemented!()", "        }", "    }"])
                i = end + 1
                continue
        out.append(line)
        i += 1
    return "\n".join(out)


def main():
    variants, source, target = sys.argv[1:4]
    text = open(source, encoding="utf-8").read()
    for variant in variants.split(","):
        if variant == "nodocs":
            text = re.sub(r"(?m)^\s*///.*\n", "", text)
        elif variant == "noeqhash":
            text = re.sub(r"(?m)^(\s*)(Eq|Hash),\n", "", text)
            text = re.sub(r"\b(Eq|Hash), ", "", text)
        elif variant in ("noserver", "noclient", "noconversions"):
            sides = {"noserver": {"server"}, "noclient": {"client"}}.get(variant, {"server", "client"})
            text = stub_conversions(text, sides)
        elif variant == "noreqeqhash":
            operations = set(re.findall(rf"impl {RUNTIME}::operation::Operation for (\w+)", text))

            def derive(match):
                if match.group(2) not in operations:
                    return match.group(0)
                return match.group(0).replace("PartialEq, Eq, Hash", "PartialEq")

            text = re.sub(r"(?m)^\s*#\[derive\(([^)]*)\)\]\n\s*pub struct (\w+) \{", derive, text)
        elif variant == "opsdebugonly":
            operations = set(re.findall(rf"impl {RUNTIME}::operation::Operation for (\w+)", text))
            responses = set(re.findall(r"type Response = (\w+);", text))

            def derive(match):
                if match.group(3) not in operations | responses:
                    return match.group(0)
                kept = "Debug" if "Debug" in match.group(1).split(", ") else "PartialEq"
                return match.group(0).replace(match.group(1), kept)

            text = re.sub(r"(?m)^\s*#\[derive\(([^)]*)\)\]\n(\s*#\[allow[^\n]*\n)?\s*pub (?:struct|enum) (\w+) \{", derive, text)
        elif variant == "lencount":

            def count(match):
                fields = re.findall(r"usize::from\((self\.\w+\.is_some\(\))\)", match.group(0))
                return "let len = crate::count_present(&[" + ", ".join(fields) + "]);"

            sum_of_froms = r"let len = usize::from\(self\.\w+\.is_some\(\)\)(\s*\+\s*usize::from\(self\.\w+\.is_some\(\)\))+;"
            text = re.sub(sum_of_froms, count, text)
            text = "fn count_present(present: &[bool]) -> usize {\n    present.iter().filter(|p| **p).count()\n}\n" + text
        elif variant == "rulesconst":
            names = {}

            def constant(match):
                key = re.sub(r"\s+", " ", match.group(0))
                names.setdefault(key, f"RULES_{len(names)}")
                return "crate::" + names[key]

            text = re.sub(rf"&\[\s*{RUNTIME}::Rule::[^\[\]&]*?\]", constant, text)
            text = "".join(f"const {name}: &[{RUNTIME}::Rule] = {key};\n" for key, name in names.items()) + text
        elif variant != "full":
            sys.exit(f"unknown variant {variant}")
    open(target, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
