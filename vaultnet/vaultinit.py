"""`vaultnet init`: make a folder a vault without touching anything already there."""

from __future__ import annotations

from pathlib import Path

from .errors import VaultnetError


def builtin_templates() -> Path:
    """The folder of built-in templates: `vaultnet/templates/` in an installed vaultnet
    (the wheel ships the top-level templates/ there), else the checkout's templates/.
    Looked up by path: a namespace package's resources are not one folder."""
    package = Path(__file__).resolve().parent
    installed = package / "templates"
    return installed if installed.is_dir() else package.parent / "templates"


def builtin_template(name: str) -> str:
    """The text of one built-in template."""
    return (builtin_templates() / name).read_text(encoding="utf-8")


def init_vault(folder: Path) -> list[tuple[str, bool]]:
    """Create `.vaultnet/config.toml`, `.vaultnet/.gitignore` and `People/` in `folder`
    where missing; return each with whether it was created. Never overwrites."""
    if folder.exists() and not folder.is_dir():
        raise VaultnetError("is not a folder", path=str(folder), hint="give the folder that holds your notes")
    wanted: list[tuple[Path, str | None]] = [
        (folder / ".vaultnet", None),
        (folder / ".vaultnet" / "config.toml", builtin_template("config.toml")),
        (folder / ".vaultnet" / ".gitignore", "# vaultnet's index is rebuilt from your notes: never sync it\ncache/\n"),
        (folder / "People", None),
    ]
    done: list[tuple[str, bool]] = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for path, text in wanted:
            shown = str(path.relative_to(folder)) + ("/" if text is None else "")
            if text is None:
                created = not path.exists()
                path.mkdir(exist_ok=True)
            else:
                try:
                    # "x": create only; an existing file is the user's and is left alone.
                    with path.open("x", encoding="utf-8", newline="\n") as handle:
                        handle.write(text)
                    created = True
                except FileExistsError:
                    created = False
            done.append((shown, created))
    except OSError as exc:
        raise VaultnetError(f"cannot set up the vault: {exc.strerror}", path=str(exc.filename or folder)) from None
    return done
