#!/usr/bin/env python3
"""Checks that the repository points only into itself: no file names a design document that
lives outside it (the project's own is docs/architecture.md), and every docs/NAME.md a file
names exists.

Usage: repository_references.py SOURCE_DIR. Prints each offending reference as
file:line: what is wrong, and exits 1 if there is any."""
import pathlib
import re
import subprocess
import sys

OUTSIDE = re.compile(r"ARCHITECTURE\.md|STYLE\.md|VM-TESTING\.md|\.\./shared/")
DOC = re.compile(r"\bdocs/[A-Za-z0-9_./-]+\.md\b")
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
            for doc in DOC.findall(line):
                if not (root / doc).is_file():
                    faults.append(f"{name}:{number}: {doc} does not exist")
    for fault in faults:
        print(fault)
    print(f"{len(listed)} files checked, {len(faults)} faults")
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main())
