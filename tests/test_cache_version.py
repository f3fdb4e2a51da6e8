"""The cache version rule: what the index stores changes only with PARSER_VERSION.

A cache built by an older vaultnet is reused while PARSER_VERSION (vaultnet/version.py)
is unchanged, so a change to what parsing stores without a bump leaves users reading
stale rows until each note happens to change. This test indexes example-vault/ and
fingerprints every stored row; the golden file pairs that fingerprint with the version.
When it fails: if the change to what is stored is meant, bump PARSER_VERSION and record
the new fingerprint (VAULTNET_UPDATE_GOLDEN=1 pytest tests/test_cache_version.py).
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import GOLDEN
from vaultnet.cli import cli
from vaultnet.index import INDEX_FILE
from vaultnet.version import PARSER_VERSION

RECORD = GOLDEN / "cache-fingerprint.txt"
# Columns that say when a file was read, not what was read from it.
_STAMPS = {"mtime_ns", "size"}


def _stored(database: Path) -> str:
    """Every row the index holds, note ids written as paths, in a stable order."""
    conn = sqlite3.connect(database)
    try:
        paths = dict(conn.execute("SELECT id, path FROM notes"))
        tables = [
            name
            for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name != "meta" and not name.startswith("fts_") and not name.startswith("sqlite_")
        ]
        dump: dict[str, list[list[object]]] = {}
        for table in tables:
            cursor = conn.execute(f"SELECT rowid, * FROM {table}")
            columns = [d[0] for d in cursor.description]
            rows = []
            for row in cursor:
                named = dict(zip(columns, row))
                named = {k: v for k, v in named.items() if k not in _STAMPS}
                for key in ("rowid", "id", "note_id", "target"):
                    if key in named and named[key] is not None and (key != "rowid" or table in ("fts", "notes")):
                        named[key] = paths.get(named[key], named[key])
                if table not in ("fts", "notes"):
                    named.pop("rowid", None)  # (an insertion counter in tables keyed by note)
                rows.append([named[c] for c in sorted(named)])
            dump[table] = sorted(rows, key=lambda r: json.dumps(r, default=str))
        return json.dumps(dump, sort_keys=True, ensure_ascii=False, default=str)
    finally:
        conn.close()


def test_what_the_index_stores_changes_only_with_the_parser_version(example: Path) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(example), "--today", "2026-11-23", "index", "--rebuild"])
    assert result.exit_code == 0, result.output
    fingerprint = hashlib.sha256(_stored(example / ".vaultnet" / "cache" / INDEX_FILE).encode()).hexdigest()
    now = f"{PARSER_VERSION} {fingerprint}\n"
    if os.environ.get("VAULTNET_UPDATE_GOLDEN"):
        RECORD.write_text(now, encoding="utf-8")
    version, recorded = RECORD.read_text(encoding="utf-8").split()
    if int(version) == PARSER_VERSION:
        assert fingerprint == recorded, (
            "what the index stores for example-vault/ changed, but PARSER_VERSION did not: bump it in"
            " vaultnet/version.py so old caches are rebuilt, then record the fingerprint"
            " (VAULTNET_UPDATE_GOLDEN=1 pytest tests/test_cache_version.py)"
        )
    else:
        raise AssertionError(
            f"PARSER_VERSION is {PARSER_VERSION}, the fingerprint was recorded at {version}: record it"
            " (VAULTNET_UPDATE_GOLDEN=1 pytest tests/test_cache_version.py)"
        )
