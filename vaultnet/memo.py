"""Small results kept in the cache folder between runs, for work that depends on little.

A memo is a JSON object in `.vaultnet/cache/<name>.json`; what is kept under which key is
the caller's business (see matching.suggest). It is only ever a shortcut: a memo that
cannot be read is an empty one, and one that cannot be written is not kept.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def kept(cache_dir: Path, name: str) -> Iterator[dict[str, Any]]:
    """The memo called `name`, written back afterwards when the block changed it."""
    path = cache_dir / f"{name}.json"
    try:
        memo = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(memo, dict):
            memo = {}
    except (OSError, ValueError):
        memo = {}
    before = json.dumps(memo, sort_keys=True)
    yield memo
    if json.dumps(memo, sort_keys=True) == before:
        return
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):
        temp.write_text(json.dumps(memo), encoding="utf-8")
        os.replace(temp, path)
    with contextlib.suppress(OSError):
        temp.unlink(missing_ok=True)
