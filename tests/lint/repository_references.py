#!/usr/bin/env python3
"""Checks that the repository points only into itself: no file names a design document that
lives outside it (the project's own is docs/architecture.md), and every file of the tree that a
file names by its path from the top (docs/..., src/..., tests/...) exists.

Usage: repository_references.py SOURCE_DIR. Prints each offending reference as
file:line: what is wrong, and exits 1 if there is any."""
import pathlib
import re
import subprocess
import sys

OUTSIDE = re.compile(r"ARCHITECTURE\.md|STYLE\.md|VM-TESTING\.md|\.\./shared/")
# A file of the tree named by its path from the top: "docs/ppp.md", "src/fsm/tunnel.cpp".
PATH = re.compile(r"(?<![\w./-])(?:docs|src|include|tests|etc|systemd)/[A-Za-z0-9_./-]*\.[a-z]+\b")
SELF = pathlib.Path(__file__).name


def main() -> int:
    root = pathlib.Path(sys.argv[1])
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-co", "--exclude-standard"],
                            capture_output=True, text=True, check=True).stdout.split()
    faults = []
    for name in listed:
        path = root / name
        if path.name == SELF or not path.is_file():
            continue
        try:
            text = path.read_text()
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                faults.append(f"{name}:{number}: points outside the repository: {line.strip()}")
            for named in [] if line.lstrip().startswith("#include") else PATH.findall(line):
                if not (root / named).exists():
                    faults.append(f"{name}:{number}: {named} does not exist")
    for fault in faults:
        print(fault)
    print(f"{len(listed)} files checked, {len(faults)} faults")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
