"""The console script's entry point; the commands live in `vaultnet.commands`."""

from __future__ import annotations

from .commands import cli, main

__all__ = ["cli", "main"]
