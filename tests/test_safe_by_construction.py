"""Safe by construction: no code of Kompass or its built-in plugins turns data into code.

User files are TOML and JSON, read as plain data.  The sources of ``kompass_core/`` and
``plugins/`` are scanned (with :mod:`ast`, so comments and strings do not count) for
``eval``, ``exec`` and ``compile``, for ``pickle``, ``marshal`` and their kin, for YAML
loaders that build objects, and for a shell.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

import pytest

from .conftest import REPO

SOURCES = sorted([*(REPO / "kompass_core").rglob("*.py"), *(REPO / "plugins").rglob("*.py")])

#: Builtins that run text as code.
CODE_BUILTINS = frozenset({"eval", "exec", "compile"})
#: Modules that rebuild arbitrary objects (and so run code) from bytes.
OBJECT_LOADERS = frozenset(
    {"pickle", "_pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
)
#: PyYAML's loaders that build arbitrary objects (``safe_load`` is fine).
YAML_LOADERS = frozenset(
    {"load", "load_all", "full_load", "full_load_all", "unsafe_load", "unsafe_load_all"}
)
#: Running a shell.
SHELL_CALLS = frozenset({("os", "system"), ("os", "popen")})


def _dotted(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_dotted(node.value)}.{node.attr}"
    return ""


def unsafe(source: str) -> Iterator[tuple[int, str]]:
    """Each unsafe construct in ``source``: its line and what it is."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in OBJECT_LOADERS:
                    yield node.lineno, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            module = (node.module or "").split(".")[0]
            if module in OBJECT_LOADERS:
                yield node.lineno, f"from {node.module} import ..."
            if module == "yaml" and any(a.name in YAML_LOADERS for a in node.names):
                yield node.lineno, "a YAML loader that builds objects"
            if module == "builtins" and any(a.name in CODE_BUILTINS for a in node.names):
                yield node.lineno, "eval, exec or compile from builtins"
        elif isinstance(node, ast.Call):
            name = _dotted(node.func)
            if name in CODE_BUILTINS or name.removeprefix("builtins.") in CODE_BUILTINS:
                yield node.lineno, f"{name}()"
            if name.startswith("yaml.") and name.split(".")[-1] in YAML_LOADERS:
                yield node.lineno, f"{name}()"
            if tuple(name.split(".")[-2:]) in SHELL_CALLS:
                yield node.lineno, f"{name}()"
            for keyword in node.keywords:
                shell = keyword.arg == "shell"
                if shell and not (
                    isinstance(keyword.value, ast.Constant) and not keyword.value.value
                ):
                    yield node.lineno, f"{name}(shell=...)"


def test_sources_are_found() -> None:
    """The scan covers the core and every built-in plugin."""
    names = {p.relative_to(REPO).as_posix() for p in SOURCES}
    assert {"kompass_core/_reading.py", "kompass_core/cli.py", "plugins/__init__.py"} <= names
    assert sum(name.startswith("plugins/") for name in names) >= 6


def test_no_source_turns_data_into_code() -> None:
    """No eval, exec, compile, pickle, marshal, object-building YAML loader or shell."""
    found = [
        f"{path.relative_to(REPO)}:{line}: {what}"
        for path in SOURCES
        for line, what in unsafe(path.read_text("utf-8"))
    ]
    assert found == []


@pytest.mark.parametrize(
    "snippet",
    [
        "eval(text)",
        "exec(text)",
        "compile(text, 'f', 'exec')",
        "import builtins\nbuiltins.eval(text)",
        "from builtins import exec",
        "import pickle",
        "import marshal as m",
        "from pickle import loads",
        "import shelve",
        "import yaml\nyaml.load(text, Loader=yaml.Loader)",
        "import yaml\nyaml.unsafe_load(text)",
        "from yaml import full_load",
        "import os\nos.system(text)",
        "import subprocess\nsubprocess.run(text, shell=True)",
    ],
)
def test_the_scan_finds_each_unsafe_construct(snippet: str) -> None:
    """Each construct the scan looks for is found in a line that has it."""
    assert list(unsafe(snippet)) != []


@pytest.mark.parametrize(
    "snippet",
    [
        "re.compile(pattern)",
        "import yaml\nyaml.safe_load(text)",
        "json.loads(text)",
        "tomllib.loads(text)",
        "subprocess.run(['kompass'], shell=False)",
        "# eval(text) in a comment\nx = 'exec(text) in a string'",
    ],
)
def test_the_scan_lets_safe_code_pass(snippet: str) -> None:
    """Look-alikes that are safe are not flagged."""
    assert list(unsafe(snippet)) == []
