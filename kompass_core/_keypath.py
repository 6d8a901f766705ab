"""Key paths as people read them: ``scores."1.9".points``, ``areas[id="1"].max``."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_BARE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def format_key(key: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise."""
    return key if _BARE.match(key) else _quoted(key)


def format_path(path: Iterable[Any], data: Any = None) -> str:
    """Join path parts; list items that carry a string ``id`` are named by it."""
    text = ""
    node = data
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            text += f"[id={_quoted(ident)}]" if isinstance(ident, str) else f"[{part}]"
            node = item
        else:
            text += ("." if text else "") + format_key(str(part))
            node = node.get(part) if isinstance(node, dict) else None
    return text
