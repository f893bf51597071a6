#!/usr/bin/env python3
"""Checks that every include in src/ and include/ points down the layers of
docs/architecture.md, and that none is relative: public headers are included as
"l2tp/<layer>/x.hpp", private ones from the one private root as "<layer>/x.hpp".

Usage: include_layers.py SOURCE_DIR. Prints each offending include as
file:line: what is wrong, and exits 1 if there is any."""
import pathlib
import re
import sys

# What each layer may include besides itself. Public headers under include/l2tp/<layer> belong
# to <layer>; private headers under src/<layer> too.
CORE = {
    "wire": set(),
    "model": {"wire"},
    "control": {"model", "wire"},
    "fsm": {"control", "model", "wire"},
    "engine": {"fsm", "control", "model", "wire"},
}
DAEMON = {
    "release": set(),
    "radius": {"wire"},
    "transport": {"model", "wire"},
    "dataplane": {"model", "wire"},
    "ppp": {"dataplane", "model", "wire"},
    "config": {"dataplane", "ppp", "model", "wire"},
    "driver": {"config", "dataplane", "ppp", "radius", "transport", "engine", "control", "model",
               "wire"},
    "mgmt": {"driver", "config", "dataplane", "ppp", "radius", "transport", "engine", "control",
             "model", "wire"},
    "daemon": {"mgmt", "driver", "config", "dataplane", "ppp", "radius", "transport", "engine",
               "control", "model", "wire", "release"},
    "ctl": {"model", "wire", "release"},
}
ALLOWED = {**CORE, **DAEMON}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of_header(path: str):
    parts = path.split("/")
    if parts[0] == "l2tp" and len(parts) == 3:
        return parts[1], True
    if len(parts) == 2:
        return parts[0], False
    return None, False


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    faults = []
    files = [(p, p.relative_to(root / "src").parts[0]) for p in (root / "src").rglob("*.[ch]pp")]
    files += [(p, p.relative_to(root / "include" / "l2tp").parts[0])
              for p in (root / "include" / "l2tp").rglob("*.hpp")]
    public_file = lambda p: (root / "include") in p.parents
    for path, layer in files:
        if layer not in ALLOWED:
            faults.append(f"{path}: folder '{layer}' is no layer of docs/architecture.md")
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            match = INCLUDE.match(line)
            if not match:
                continue
            included = match.group(1)
            where = f"{path.relative_to(root)}:{number}"
            if ".." in included.split("/"):
                faults.append(f"{where}: relative include \"{included}\"")
                continue
            target, public = layer_of_header(included)
            if target is None or target not in ALLOWED:
                faults.append(f"{where}: \"{included}\" is not under a layer's folder")
                continue
            if public_file(path) and not public:
                faults.append(f"{where}: a public header includes the private \"{included}\"")
            if public and target in DAEMON:
                faults.append(f"{where}: \"{included}\": the daemon's layers have no public headers")
            if target != layer and target not in ALLOWED[layer]:
                faults.append(f"{where}: {layer} may not include {target} (\"{included}\")")
    for fault in faults:
        print(fault)
    print(f"{len(files)} files checked, {len(faults)} faults")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
