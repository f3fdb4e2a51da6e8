"""Every error vaultnet reports on purpose; turned into one-line messages by the CLI.

Each error knows the file and line it is about (when there is one) and a hint that says
what the user can do next. Nothing here imports the rest of vaultnet.
"""

from __future__ import annotations


class VaultnetError(Exception):
    """A problem the user can act on; `str()` is the one-line message shown to them."""

    exit_code = 1

    def __init__(
        self,
        message: str,
        path: str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class VaultNotFoundError(VaultnetError):
    """No vault was given and none was found above the current folder."""


class ConfigError(VaultnetError):
    """A configuration file is unreadable or holds a value vaultnet cannot use."""


class IndexBusyError(VaultnetError):
    """Another process held the index's write lock for longer than we wait."""


class ContactNotFoundError(VaultnetError):
    """A name given on the command line matches no contact."""


class AmbiguousContactError(VaultnetError):
    """A name given on the command line matches more than one contact."""


class QueryError(VaultnetError):
    """A list query or search text that cannot be understood."""


class UsageError(VaultnetError):
    """An option value that cannot be used; exits 2 like Click's own usage errors."""

    exit_code = 2
