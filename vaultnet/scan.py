"""Walking the vault: which Markdown files exist, with the stamps that tell if they changed."""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

from .config import Settings, folder_words, subfolders
from .model import Problem
from .notefile import TEMP_PREFIX, TEMP_SUFFIX

MAX_NOTE_BYTES = 64 * 1024 * 1024  # a "note" larger than this is not a note


# A note's vault-relative path (with `/`), mtime_ns and size: what says whether it changed.
# A plain tuple, as the walk makes tens of thousands of them on every command.
FileStamp = tuple[str, int, int]


def walk(settings: Settings, leftovers: list[str] | None = None) -> tuple[list[FileStamp], list[Problem]]:
    """Every note vaultnet reads, sorted by path, and the files it had to pass over; the
    temp files a killed vaultnet left (`.vaultnet-….tmp`) are added to `leftovers`.

    Hidden folders (`.obsidian`, `.git`, `.trash`, `.vaultnet`, …) are skipped as Obsidian
    skips them, and so are the templates folder and configured excludes. Symlinked files
    and folders inside the vault are followed once; one pointing outside it, a loop or a
    broken link is reported, not followed.
    """
    walker = _Walker(settings, leftovers)
    walker.run()
    walker.stamps.sort()
    return walker.stamps, walker.problems


class _Walker:
    """One walk of the vault's folders: what it found and what it passed over."""

    def __init__(self, settings: Settings, leftovers: list[str] | None) -> None:
        self.settings, self.root, self.leftovers = settings, settings.vault, leftovers
        self.stamps: list[FileStamp] = []
        self.problems: list[Problem] = []
        self.seen_dirs: set[tuple[int, int]] = set()
        with contextlib.suppress(OSError):
            info = self.root.stat()
            self.seen_dirs.add((info.st_dev, info.st_ino))
        self.real_root = ""  # worked out at the first symlink
        self.pending: list[tuple[str, str]] = [(str(self.root), "")]

    def warn(self, rel: str, message: str) -> None:
        self.problems.append(Problem(rel, None, "warning", message))

    def run(self) -> None:
        while self.pending:
            folder, prefix = self.pending.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError as exc:
                self.warn(prefix.rstrip("/") or ".", f"folder cannot be read: {exc.strerror}")
                continue
            for entry in entries:
                self._entry(entry, prefix)

    def _entry(self, entry: os.DirEntry[str], prefix: str) -> None:
        name = entry.name
        if name[0] == ".":
            self._hidden(name, prefix)
            return
        rel = prefix + name
        if not name.isascii() and not _utf8(name):
            # A name from an old disk or archive, in another encoding: it can be neither
            # stored nor linked to (Obsidian does not open it either).
            self.warn(_shown(rel), "the name is not UTF-8: rename it to read it")
            return
        try:
            is_dir = entry.is_dir()
        except OSError as exc:  # a symlink that loops (Self.md -> Self.md, or A <-> B)
            self.warn(rel, f"symlink cannot be followed ({exc.strerror}); skipped")
            return
        if name[-3:].lower() == ".md" and not is_dir:
            self._note(entry, rel)
        elif is_dir and self._walks_into(entry, rel):
            self.pending.append((entry.path, rel + "/"))

    def _walks_into(self, entry: os.DirEntry[str], rel: str) -> bool:
        """Whether to walk a folder: not an excluded one, and a symlinked one only once."""
        return not self.settings.is_excluded(rel) and (not entry.is_symlink() or self._linked_folder(entry, rel))

    def _hidden(self, name: str, prefix: str) -> None:
        """A hidden file or folder: skipped, but a temp file a killed vaultnet left is
        noted, and so is a note iCloud has moved off this computer."""
        if self.leftovers is not None and name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX):
            self.leftovers.append(prefix + name)
        elif name[-10:].lower() == ".md.icloud":
            # iCloud Drive keeps `.Ann.md.icloud` in place of a note it has moved
            # off this Mac: the note is there for Obsidian, not for a program.
            rel = prefix + name[1:-7]
            if not (self.settings.exclude and self.settings.is_excluded(rel)):
                self.warn(rel, _NOT_DOWNLOADED)

    def _note(self, entry: os.DirEntry[str], rel: str) -> None:
        """The common case, a note: one stat (following a symlink) and nothing else."""
        if self.settings.exclude and self.settings.is_excluded(rel):
            return
        try:
            info = entry.stat()
        except OSError:
            self.warn(rel, "broken symlink; skipped")
            return
        if entry.is_symlink() and not self._in_vault(os.path.realpath(entry.path)):
            self.warn(rel, _OUTSIDE)
            return
        if not stat.S_ISREG(info.st_mode):
            return
        if info.st_size > MAX_NOTE_BYTES:
            self.warn(rel, f"larger than {MAX_NOTE_BYTES >> 20} MB; skipped")
            return
        self.stamps.append((rel, info.st_mtime_ns, info.st_size))

    def _linked_folder(self, entry: os.DirEntry[str], rel: str) -> bool:
        """Whether to walk a symlinked folder: once, and only inside the vault."""
        try:
            info = entry.stat()
        except OSError:
            return False
        key = (info.st_dev, info.st_ino)
        if key in self.seen_dirs:
            self.warn(rel, "symlinked folder loops back; not followed")
            return False
        self.seen_dirs.add(key)
        target = os.path.realpath(entry.path)
        if not self._in_vault(target):
            # Reads stay inside the vault, as writes do (`People/Up -> ../..` would read the disk).
            self.warn(rel, _OUTSIDE)
            return False
        inside = _inside(target, self.real_root)
        if inside is not None:
            # Its notes are walked where they are: read twice, every person would be two.
            self.warn(rel, f"symlinked folder points to {inside}; read there")
            return False
        return True

    def _in_vault(self, target: str) -> bool:
        self.real_root = self.real_root or os.path.realpath(self.root)
        return target.startswith(os.path.join(self.real_root, ""))


_OUTSIDE = "symlink points outside the vault; not read (vaultnet reads and writes only inside the vault)"
_NOT_DOWNLOADED = (
    "not on this computer: iCloud Drive keeps only a placeholder of it; download it"
    " (Finder: Download Now, or keep the vault folder downloaded) to have it read"
)


def _inside(target: str, root: str) -> str | None:
    """`target`'s path inside the vault at `root` when it is there and walked (no hidden
    folder on the way); else None."""
    relative = os.path.relpath(target, root) if target.startswith(os.path.join(root, "")) else None
    if relative is None or any(part.startswith(".") for part in Path(relative).parts):
        return None
    return Path(relative).as_posix()


def _utf8(name: str) -> bool:
    """False for a file name that holds bytes that are not UTF-8 (os gives them as surrogates)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _shown(path: str) -> str:
    """A path with such bytes written as `\\xe9`, so that it can be printed and stored."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0)  # (O_BINARY: no newline translation on Windows)


def read_note(vault: Path, rel_path: str, size: int = 0) -> bytes:
    """The bytes of one note (OSError when it cannot be read); `size`, when known, is
    what a stat said it holds.

    Read with os.read rather than open(): a buffered file object makes ten system calls
    a note (stat, seek, terminal checks) where four do, a tenth of a cold index's
    reading."""
    fd = os.open(os.path.join(vault, rel_path), _READ_FLAGS)
    try:
        parts = [os.read(fd, size + 1 if size > 0 else 1 << 16)]
        # Until a read says the end: the file may have grown since the stat.
        while parts[-1]:
            parts.append(os.read(fd, 1 << 20))
        return parts[0] if len(parts) == 2 else b"".join(parts)
    finally:
        os.close(fd)


# Folder names people keep their contacts in, besides the configured ones.
_CONTACT_FOLDER_NAMES = frozenset(
    ("people", "contacts", "persons", "person", "crm", "network", "networking", "relationships", "humans")
)


def likely_contact_folders(vault: Path, configured: tuple[str, ...]) -> list[str]:
    """Folders (at the top or one level down) that hold notes and are named like a contact
    folder, numbers and emoji aside (`People`, `👥 People`, `02 - Contacts`, `Areas/People`),
    but are not one of `configured`: where someone whose `list` is empty keeps their people."""
    known = {folder.strip("/").casefold() for folder in configured}
    found = []
    for top in subfolders(vault):
        for relative in (top, *(f"{top}/{inner}" for inner in subfolders(vault / top))):
            name = relative.rpartition("/")[2]
            if folder_words(name) not in _CONTACT_FOLDER_NAMES or relative.casefold() in known:
                continue
            try:
                if any(p.suffix.lower() == ".md" for p in (vault / relative).rglob("*")):
                    found.append(relative)
            except OSError:
                continue
    return found


def no_contacts_hint(settings: Settings) -> str:
    """What to say when a vault has no contacts: where vaultnet looked, and the folders
    that look like contact folders with the config line that would read them."""
    folders = ", ".join(f"{f}/" for f in settings.contact_folders) or "no folder"
    elsewhere = likely_contact_folders(settings.vault, settings.contact_folders)
    setting = "[" + ", ".join('"' + f + '"' for f in elsewhere) + "]"  # as TOML writes it
    hint = (
        f"{', '.join(f + '/' for f in elsewhere)} {'holds' if len(elsewhere) == 1 else 'hold'} notes:"
        f" to read them, set contact_folders = {setting} in .vaultnet/config.toml"
        if elsewhere
        else "people kept elsewhere? set contact_folders in .vaultnet/config.toml"
    )
    return (
        f"No contacts yet: vaultnet reads the notes in {folders} and any note with `type: person`"
        f" or tagged #person ({hint})."
    )
