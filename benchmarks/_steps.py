"""Measurements inside one Python process, each run by :mod:`benchmarks.run`
in a fresh process and printed as one JSON object:

    python benchmarks/_steps.py naive DIR [--sample K] [--repeat R]
    python benchmarks/_steps.py migrate DIR --to RUBRIC
    python benchmarks/_steps.py files DIR

Both sides of each ratio are timed file by file, one right after the other,
so that a busy neighbour on the machine slows both alike.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from importlib.resources import files
from time import perf_counter
from typing import Any


def evaluation_files(root: str) -> list[str]:
    """Every ``*.toml`` file below ``root``, in sorted order."""
    found = []
    for folder, subfolders, names in os.walk(root):
        subfolders.sort()
        found += [os.path.join(folder, n) for n in sorted(names) if n.endswith(".toml")]
    return found


def spread(items: Sequence[str], k: int) -> list[str]:
    """``k`` items spread evenly over ``items`` (so every rubric and granularity
    of the generator's rotation takes its share)."""
    if k >= len(items):
        return list(items)
    step = len(items) / k
    return [items[int(i * step)] for i in range(k)]


def naive_reference_registry() -> Any:
    """What a first attempt must build before ``jsonschema.validate`` accepts
    ``kompass.evaluation_schema(...)``: a :mod:`referencing` registry holding
    ``common.schema.json`` (the evaluation schema refers to it by a relative
    reference that resolves to an address that does not exist)."""
    from referencing import Registry, Resource

    common = json.loads(files("kompass_core.schemas").joinpath("common.schema.json").read_text())
    return Registry().with_resource(common["$id"], Resource.from_contents(common))


def naive(root: str, sample: int, repeat: int) -> dict[str, Any]:
    """Kompass's validation step against ``jsonschema.validate`` per document,
    on the same parsed documents (parsing excluded on both sides).

    Kompass's step is ``kompass_core._evaluations.evaluation_from_document``:
    what ``load_evaluation`` and ``validate_file`` run after parsing (the
    schema, the checks against the rubric, building the evaluation, the
    plugins' checks).  The naive side checks the schema only."""
    import jsonschema

    import kompass_core as kompass
    from kompass_core import _reading
    from kompass_core._evaluations import evaluation_from_document

    documents = [_reading.load(path) for path in spread(evaluation_files(root), sample)]
    registry = kompass.default_registry()
    references = naive_reference_registry()
    # A first attempt loads each rubric's schema once, not once per document.
    schemas = {
        rubric: kompass.evaluation_schema(rubric)
        for rubric in sorted({d.data["rubric"] for d in documents})
    }

    def check(document: Any) -> None:
        schema = schemas[document.data["rubric"]]
        jsonschema.validate(document.data, schema, registry=references)

    evaluation_from_document(documents[0], registry)  # warm-up: validators, imports
    check(documents[0])
    best_kompass = best_naive = float("inf")
    for _ in range(repeat):
        spent_kompass = spent_naive = 0.0
        for document in documents:
            start = perf_counter()
            evaluation_from_document(document, registry)
            middle = perf_counter()
            check(document)
            spent_kompass += middle - start
            spent_naive += perf_counter() - middle
        best_kompass = min(best_kompass, spent_kompass)
        best_naive = min(best_naive, spent_naive)
    return {"documents": len(documents), "kompass_s": best_kompass, "naive_s": best_naive}


def migrate(root: str, to: str) -> dict[str, Any]:
    """Reading, scoring and migrating every evaluation below ``root``, each
    timed on its own: ``score_file(p)`` is reading plus scoring and
    ``migrate_file(p, to)`` is reading plus migrating (see ``_api.py``)."""
    import kompass_core as kompass

    paths = evaluation_files(root)
    registry = kompass.default_registry()
    first = kompass.load_evaluation(paths[0], registry)  # warm-up: migrations, imports
    kompass.score(first, registry)
    kompass.migrate(first, to, registry)
    load = score = move = 0.0
    for path in paths:
        start = perf_counter()
        evaluation = kompass.load_evaluation(path, registry)
        loaded = perf_counter()
        kompass.score(evaluation, registry)
        scored = perf_counter()
        kompass.migrate(evaluation, to, registry)
        load += loaded - start
        score += scored - loaded
        move += perf_counter() - scored
    return {"files": len(paths), "load_s": load, "score_s": score, "migrate_s": move}


def file_by_file(root: str) -> dict[str, Any]:
    """What ``kompass validate`` and ``kompass score`` (a table) do with each
    file below ``root`` (``kompass_core._batch``'s ``validate_one`` and
    ``score_one``), against parsing it with tomllib. Each file is read once,
    untimed (into the page cache); then the three take turns on it, each
    first in turn, so that a slow spell of the machine falls on all three."""
    import tomllib

    from kompass_core import _batch

    def parse(path: str) -> None:
        with open(path, "rb") as handle:
            tomllib.load(handle)

    def validate(path: str) -> None:
        _batch.validate_one(_batch.Input(path, path))

    def score(path: str) -> None:
        _batch.score_one("table", "sv", False, _batch.Input(path, path))

    steps = (parse, validate, score)
    paths = evaluation_files(root)
    for step in steps:  # warm-up: imports, the rubrics
        step(paths[0])
    spent = [0.0] * len(steps)
    for k, path in enumerate(paths):
        with open(path, "rb") as handle:
            handle.read()
        for j in range(len(steps)):
            i = (j + k) % len(steps)
            start = perf_counter()
            steps[i](path)
            spent[i] += perf_counter() - start
    return {"files": len(paths), "parse_s": spent[0], "validate_s": spent[1], "score_s": spent[2]}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/_steps.py")
    steps = parser.add_subparsers(dest="step", required=True)
    first = steps.add_parser("naive")
    first.add_argument("directory")
    first.add_argument("--sample", type=int, default=300)
    first.add_argument("--repeat", type=int, default=1)
    second = steps.add_parser("migrate")
    second.add_argument("directory")
    second.add_argument("--to", required=True)
    third = steps.add_parser("files")
    third.add_argument("directory")
    args = parser.parse_args(argv)
    if args.step == "naive":
        result = naive(args.directory, args.sample, args.repeat)
    elif args.step == "migrate":
        result = migrate(args.directory, args.to)
    else:
        result = file_by_file(args.directory)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
