"""Variants of generated Rust for `bench/check-breakdown`: each removes one kind of code so that
`cargo check` says what that kind costs. Reads the generated file, writes the variant.

    python3 bench/strip.py VARIANT IN OUT

VARIANT: full | nodocs (no `///` comments) | noeqhash (no `Eq`/`Hash` derives, which nothing
in the output relies on). Stripping other derives is not offered: the generated impls and
`deserialize_with` functions rely on them, so such a variant does not compile.
"""
import re
import sys


def main():
    variant, source, target = sys.argv[1:4]
    text = open(source, encoding="utf-8").read()
    if variant == "nodocs":
        text = re.sub(r"(?m)^\s*///.*\n", "", text)
    elif variant == "noeqhash":
        text = re.sub(r"(?m)^(\s*)(Eq|Hash),\n", "", text)
        text = re.sub(r"\b(Eq|Hash), ", "", text)
    elif variant != "full":
        sys.exit(f"unknown variant {variant}")
    open(target, "w", encoding="utf-8").write(text)


if __name__ == "__main__":
    main()
