"""Edits for `bench/edit-loop`: the spec as JSON, and the same spec with one optional property
added to one of its schemas, or one of its properties described anew.

    python3 bench/edit_spec.py json SPEC OUT          # the spec as JSON (YAML read with PyYAML)
    python3 bench/edit_spec.py add-property SPEC OUT  # ... with `edit_loop_added` added
    python3 bench/edit_spec.py describe SPEC OUT      # ... a property's description changed
    SCHEMA=middle python3 bench/edit_spec.py add-property SPEC OUT

`describe` changes the description of the schema's first property that is not a `$ref` (the
schema's own where there is none): an edit of a doc comment, which adds no item to the
output.

SCHEMA picks the schema: `first` (the default), `middle` or `last` of the named schemas that
have properties, in the spec's order, or a schema's name.
"""

import json
import os
import sys


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        import yaml

        return yaml.safe_load(text)


def chosen_schema(document, which):
    for key in ("components", "definitions", "$defs"):
        holder = document.get(key)
        if key == "components" and holder:
            holder = holder.get("schemas")
        if not holder:
            continue
        named = [
            (name, schema)
            for name, schema in holder.items()
            if isinstance(schema, dict) and isinstance(schema.get("properties"), dict)
        ]
        if not named:
            continue
        at = {"first": 0, "middle": len(named) // 2, "last": len(named) - 1}.get(which)
        if at is None:
            at = next((i for i, (name, _) in enumerate(named) if name == which), None)
            if at is None:
                raise SystemExit(f"no schema named {which} with properties")
        print(f"edited schema: {named[at][0]}", file=sys.stderr)
        return named[at][1]
    raise SystemExit("no schema with properties")


def main():
    kind, spec, out = sys.argv[1:4]
    document = load(spec)
    if kind == "add-property":
        chosen_schema(document, os.environ.get("SCHEMA", "first"))["properties"]["edit_loop_added"] = {"type": "string"}
    elif kind == "describe":
        schema = chosen_schema(document, os.environ.get("SCHEMA", "first"))
        inline = [p for p in schema["properties"].values() if isinstance(p, dict) and "$ref" not in p]
        target = inline[0] if inline else schema
        target["description"] = "Described anew by bench/edit-loop."
    with open(out, "w", encoding="utf-8") as f:
        json.dump(document, f, indent=1)


main()
