"""Edits for `bench/edit-loop`: the spec as JSON, and the same spec with one optional property
added to its first schema.

    python3 bench/edit_spec.py json SPEC OUT          # the spec as JSON (YAML read with PyYAML)
    python3 bench/edit_spec.py add-property SPEC OUT  # ... with `edit_loop_added` added
"""

import json
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        import yaml

        return yaml.safe_load(text)


def first_schema(document):
    for key in ("components", "definitions", "$defs"):
        holder = document.get(key)
        if key == "components" and holder:
            holder = holder.get("schemas")
        if holder:
            for schema in holder.values():
                if isinstance(schema, dict) and isinstance(schema.get("properties"), dict):
                    return schema
    raise SystemExit("no schema with properties")


def main():
    kind, spec, out = sys.argv[1:4]
    document = load(spec)
    if kind == "add-property":
        first_schema(document)["properties"]["edit_loop_added"] = {"type": "string"}
    with open(out, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)


main()
