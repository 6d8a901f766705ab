"""The floor of bulk validation: read and parse every TOML file below DIR with
:mod:`tomllib`, and nothing else (the data must be read whatever is done with it).

    python benchmarks/parse_floor.py DIR

Run as a script, like ``kompass`` in its own process, so that both sides of
the ratio pay for starting an interpreter.  Says on stderr how many files it
parsed, as ``kompass`` does.
"""

import os
import sys
import tomllib


def parse_all(root: str) -> int:
    """Parse every ``*.toml`` file below ``root``, in sorted order; how many."""
    count = 0
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        for name in sorted(names):
            if name.endswith(".toml"):
                with open(os.path.join(folder, name), "rb") as handle:
                    tomllib.load(handle)
                count += 1
    return count


if __name__ == "__main__":
    print(f"{parse_all(sys.argv[1])} files parsed", file=sys.stderr)
