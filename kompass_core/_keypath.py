"""Key paths as people read them: ``scores."1.9".points``, ``areas[id="1"].max``."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
# Lists of texts (tables keyed by language): an "id" key there is Indonesian.
_TEXT_LISTS = {"headings", "other_names"}


def _quoted(text: str) -> str:
    """A TOML basic string; control characters escaped, so a path is one line."""
    return json.dumps(text, ensure_ascii=False)


def format_key(key: str) -> str:
    """A TOML key: bare when it can be, quoted otherwise."""
    return key if _BARE.fullmatch(key) else _quoted(key)


def _item_name(item: Any, index: int, within: Any = None) -> str:
    """A list item by its string ``id``; a migration rule, which has none, by
    its first target or source id; anything else by its index."""
    if isinstance(item, dict) and within not in _TEXT_LISTS:
        if isinstance(item.get("id"), str):
            return f"[id={_quoted(item['id'])}]"
        for key in ("target", "source"):
            ids = item.get(key)
            if isinstance(ids, list) and ids and isinstance(ids[0], str):
                return f"[{key}={_quoted(ids[0])}]"
    return f"[{index}]"


def format_path(path: Iterable[Any], data: Any = None) -> str:
    """Join path parts; list items are named as :func:`_item_name` says."""
    text = ""
    node = data
    last: Any = None
    for part in path:
        if isinstance(part, int):
            item = node[part] if isinstance(node, list) and 0 <= part < len(node) else None
            text += _item_name(item, part, last)
            node = item
        else:
            text += ("." if text else "") + format_key(str(part))
            node = node.get(part) if isinstance(node, dict) else None
        last = part
    return text
