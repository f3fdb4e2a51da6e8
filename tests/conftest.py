"""Shared fixtures: every test gets its own vault in tmp_path and no user config; golden
files; and how hard Hypothesis tries.

Hypothesis runs the `ci` profile unless told otherwise (`pytest --hypothesis-profile=dev`
for a quick run while editing): property tests name no example counts of their own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import settings as hypothesis_settings

from vaultnet.cli import cli

TODAY = "2026-11-23"
GOLDEN = Path(__file__).resolve().parent / "golden"

# `ci` is what the README's test command runs: thorough, a failure printed with its seed.
hypothesis_settings.register_profile("ci", max_examples=500, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", max_examples=50, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def check_golden(name: str, text: str) -> None:
    """`text` is what tests/golden/`name` holds; VAULTNET_UPDATE_GOLDEN=1 rewrites it."""
    path = GOLDEN / name
    if os.environ.get("VAULTNET_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} changed; rerun with VAULTNET_UPDATE_GOLDEN=1 if intended"


@pytest.fixture(autouse=True)
def isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's own config or vault."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("VAULTNET_CONFIG", str(home / "config.toml"))
    monkeypatch.delenv("VAULTNET_VAULT", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def write(vault: Path, files: dict[str, str | bytes]) -> None:
    """Write notes into a vault: str as UTF-8 exactly as given, bytes as they are."""
    for rel, content in files.items():
        path = vault / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """An empty vault (marked by .obsidian/, as Obsidian leaves it)."""
    root = tmp_path / "vault"
    (root / ".obsidian").mkdir(parents=True)
    return root


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of example-vault/, so that tests never leave a cache or a draft in the repository."""
    import shutil

    copy = tmp_path / "example-vault"
    root = Path(__file__).resolve().parent.parent
    shutil.copytree(root / "example-vault", copy, ignore=shutil.ignore_patterns("cache"))
    return copy


Runner = Callable[..., Result]


@pytest.fixture
def run(vault: Path) -> Runner:
    """Run vaultnet on the vault with --today fixed; returns Click's Result."""

    def invoke(*args: str, today: str = TODAY, in_vault: Path | None = None) -> Result:
        runner = CliRunner()
        base = ["--vault", str(in_vault or vault)]
        if today:
            base += ["--today", today]
        return runner.invoke(cli, [*base, *args], catch_exceptions=False)

    return invoke


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under root except vaultnet's cache, with bytes and mtime."""
    found = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            path = Path(dirpath) / name
            rel = path.relative_to(root).as_posix()
            if rel.startswith(".vaultnet/cache/"):
                continue
            found[rel] = (path.read_bytes(), path.stat().st_mtime_ns)
    return found


def run_in_terminal(*args: str, timeout: float = 120) -> tuple[int, bytes, bytes]:
    """Run `python -m vaultnet ARGS` with its stderr on a pseudo-terminal, as a person
    watching sees it: (exit code, stdout, what the terminal showed). POSIX only."""
    import os
    import pty
    import subprocess
    import sys
    import threading

    controller, terminal = pty.openpty()
    shown = bytearray()

    def drain() -> None:  # (read as it comes: a full pty buffer would stall the command)
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    with subprocess.Popen(
        [sys.executable, "-m", "vaultnet", *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=terminal
    ) as process:
        os.close(terminal)
        out, _ = process.communicate(timeout=timeout)
    reader.join(timeout=10)
    os.close(controller)
    return process.returncode, out, bytes(shown)
