"""Variants of generated Rust for `bench/check-breakdown`: each removes one kind of code so that
`cargo check` says what that kind costs. Reads the generated file, writes the variant.

    python3 bench/strip.py VARIANT IN OUT

VARIANT: full | nodocs | noserde | nostd | bare (no docs, no derives at all).
"""
import re
import sys

STD = {"Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord", "Default"}
SERDE = {"serde::Serialize", "serde::Deserialize"}


def attribute_end(text, start):
    """The index after the `]` closing the attribute that starts at `start` (`#[`)."""
    depth = 0
    i = start + 1
    in_string = False
    while i < len(text):
        c = text[i]
        if in_string:
            if c == "\\":
                i += 1
            elif c == '"':
                in_string = False
        elif c == '"':
            in_string = True
        elif c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


def rewrite_attributes(text, keep_derive, drop_serde_attrs):
    out = []
    i = 0
    while True:
        j = text.find("#[", i)
        if j < 0:
            out.append(text[i:])
            return "".join(out)
        out.append(text[i:j])
        end = attribute_end(text, j)
        attribute = text[j:end]
        body = attribute[2:-1].strip()
        if body.startswith("derive("):
            names = [n.strip() for n in body[len("derive("):-1].split(",") if n.strip()]
            kept = [n for n in names if keep_derive(n)]
            if kept:
                out.append("#[derive(" + ", ".join(kept) + ")]")
        elif body.startswith("serde(") and drop_serde_attrs:
            pass
        else:
            out.append(attribute)
        i = end


def main():
    variant, source, target = sys.argv[1:4]
    text = open(source, encoding="utf-8").read()
    if variant in ("nodocs", "bare"):
        text = re.sub(r"(?m)^\s*///.*\n", "", text)
    if variant == "noserde":
        text = rewrite_attributes(text, lambda n: n not in SERDE, True)
    elif variant == "nostd":
        text = rewrite_attributes(text, lambda n: n not in STD, False)
    elif variant == "bare":
        text = rewrite_attributes(text, lambda n: False, True)
    open(target, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
