"""Splits typewright's single output file into parts, for `bench/edit-loop`'s layouts: the
experiment behind the edit-loop findings in bench/README.md, not what typewright writes.

    python3 bench/split_output.py files|modules ITEMS OUTPUT DIR

`files`: each module's items in parts of about ITEMS top-level items, each `include!`d
where the items stood. `modules`: the same parts as child modules (`mod part0;` from
`DIR/<module>/part0.rs`, `use super::*;` and re-exported with `pub use part0::*;`), the
private `default_*` functions made `pub(crate)`. Item boundaries are read from
prettyplease's layout: a line at four spaces' indentation after one that ends an item.
"""

import os
import re
import shutil
import sys


def split(layout, per, source, out):
    lines = open(source, encoding="utf-8").read().split("\n")
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    head, chunk = [], []
    state, module, previous, count, part = "outside", None, None, 0, 0

    def flush():
        nonlocal chunk, part
        if not chunk:
            return
        name = f"part{part}.rs"
        body = "\n".join(chunk) + "\n"
        if layout == "modules":
            body = "use super::*;\n" + re.sub(r"(?m)^    fn default_", "    pub(crate) fn default_", body)
            os.makedirs(os.path.join(out, module), exist_ok=True)
            path = os.path.join(out, module, name)
            head.append(f'    #[path = "{name}"] mod part{part};\n    pub use part{part}::*;')
        else:
            path = os.path.join(out, name)
            head.append(f'    include!("{name}");')
        open(path, "w", encoding="utf-8").write(body)
        part += 1
        chunk = []

    for line in lines:
        if state == "outside":
            head.append(line)
            opened = re.match(r"^pub mod (\w+) \{$", line)
            if opened:
                state, module, previous = "head", opened.group(1), line
            continue
        if line == "}":
            flush()
            head.append(line)
            state = "outside"
            continue
        at_four = line.startswith("    ") and not line.startswith("     ")
        if state == "head":
            if line.startswith(("    #![", "    #[allow(unused_imports)]", "    use ")):
                head.append(line)
                previous = line
                continue
            state = "items"
        ends = previous is not None and (
            previous.rstrip().endswith(("}", ";")) or previous.startswith(("    use ", "    #![", "pub mod "))
        )
        if at_four and not line.startswith("    }") and ends:
            count += 1
            if count > per:
                flush()
                count = 1
        chunk.append(line)
        if at_four:
            previous = line
    open(os.path.join(out, "generated.rs"), "w", encoding="utf-8").write("\n".join(head))


split(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4])
