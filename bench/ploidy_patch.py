"""A copy of a JSON spec that ploidy accepts, for `bench/compare`: ploidy takes `$ref`s only
of the form `#/components/schemas/NAME`, so every schema another `$ref` points at is hoisted
into `components/schemas` under its last pointer segment and the `$ref`s (and discriminator
mappings) are rewritten. The schemas are unchanged, so both generators read the same types.

    python3 bench/ploidy_patch.py IN.json OUT.json
"""
import json
import sys


def main():
    source, target = sys.argv[1:3]
    spec = json.load(open(source, encoding="utf-8"))
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    hoisted = {}

    def resolve(pointer):
        node = spec
        for part in pointer[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def name_for(pointer):
        if pointer not in hoisted:
            base = pointer.rsplit("/", 1)[-1].replace("~1", "_").replace("~0", "_")
            name, n = base, 2
            while name in schemas:
                name, n = f"{base}{n}", n + 1
            hoisted[pointer] = name
            schemas[name] = resolve(pointer)
        return "#/components/schemas/" + hoisted[pointer]

    def local(ref):
        # Components ploidy reads (parameters, responses..) stay; schemas anywhere else move.
        if ref.startswith("#/components/schemas/"):
            return ref.count("/") > 3
        return ref.startswith("#/") and not ref.startswith("#/components/")

    def walk(node):
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and local(ref):
                node["$ref"] = name_for(ref)
            mapping = node.get("discriminator", {}).get("mapping", {}) if isinstance(node.get("discriminator"), dict) else {}
            for tag, ref in list(mapping.items()):
                if isinstance(ref, str) and local(ref):
                    mapping[tag] = name_for(ref)
            for value in list(node.values()):
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    json.dump(spec, open(target, "w", encoding="utf-8"))


if __name__ == "__main__":
    main()
