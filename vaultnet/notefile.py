"""The only code that writes files in the user's vault.

Every write is atomic (a temp file in the same folder, fsync, then a rename or a hard
link, then fsync of the folder), so a crash leaves the old file or the new one, never half
of either. A new file is created only where none exists; an existing one is replaced only
if its bytes are still those read before (compare-and-swap on SHA-256), so an edit made
in Obsidian meanwhile is never lost.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import VaultnetError


class WriteRefusedError(VaultnetError):
    """vaultnet will not write this file (it changed, it is a symlink, outside the vault…)."""


@dataclass(frozen=True)
class Snapshot:
    """A file's bytes as read, to write back against only if they are still there."""

    path: Path
    data: bytes
    digest: str


def read(path: Path) -> Snapshot:
    """The file's bytes and their SHA-256."""
    data = path.read_bytes()
    return Snapshot(path, data, hashlib.sha256(data).hexdigest())


def check_target(path: Path, vault: Path) -> None:
    """Refuse paths vaultnet must not write: outside the vault, or through a symlink."""
    try:
        relative = path.absolute().relative_to(vault.absolute())
    except ValueError:
        relative = None
    if relative is None or ".." in relative.parts:
        raise WriteRefusedError("is outside the vault; vaultnet writes only inside it", path=str(path))
    current = vault.absolute()
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise WriteRefusedError(
                "is a symlink (or inside a symlinked folder); vaultnet does not write through links",
                path=str(path),
                hint="edit the file it points to yourself",
            )


def _write_temp(folder: Path, data: bytes, mode: int | None) -> str:
    handle, temp = tempfile.mkstemp(dir=folder, prefix=".vaultnet-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(temp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return temp


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable; not possible (nor needed) on Windows.
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems do not sync folders
    finally:
        os.close(fd)


@contextlib.contextmanager
def _staged(folder: Path, data: bytes, mode: int | None) -> Iterator[list[str]]:
    """A temp file holding `data`, fsynced; removed afterwards unless the caller took it
    (by emptying the list it gets, after renaming the file into place)."""
    held = [_write_temp(folder, data, mode)]
    try:
        yield held
    finally:
        if held[0]:
            with contextlib.suppress(OSError):
                os.unlink(held[0])
    _fsync_folder(folder)


# Windows will not rename over a file another program (a sync client, a virus scanner)
# has open for a moment: the rename is tried again a few times before giving up.
RENAME_TRIES = 6 if os.name == "nt" else 1
RENAME_PAUSE = 0.1  # seconds between tries


def _rename(source: str, target: Path) -> None:
    for attempt in range(1, RENAME_TRIES + 1):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == RENAME_TRIES:
                raise
            time.sleep(RENAME_PAUSE)


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """The system's errors while writing `path` as a refusal that names it and says
    nothing was written; FileExistsError (the name is taken) passes through."""
    try:
        yield
    except (FileExistsError, WriteRefusedError):
        raise
    except PermissionError as exc:
        raise WriteRefusedError(
            f"could not be written ({exc.strerror or exc}); nothing written",
            path=str(path),
            hint="close it in other apps, make sure the folder can be written, and run the command again",
        ) from None
    except OSError as exc:
        raise WriteRefusedError(
            f"could not be written ({exc.strerror or exc}); nothing written", path=str(path)
        ) from None


def _make_folder(folder: Path, path: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocking = next((p for p in reversed(path.parents) if p.is_file()), folder)
        raise WriteRefusedError(
            f"is a file where vaultnet needs a folder, to write {path.name} in; nothing written",
            path=str(blocking),
            hint="rename or move that file",
        ) from None


def create_new(path: Path, data: bytes) -> None:
    """Create `path` with `data` atomically; FileExistsError if anything is there already,
    WriteRefusedError when it cannot be written."""
    with _writing(path):
        _make_folder(path.parent, path)
        with _staged(path.parent, data, None) as held:
            try:
                os.link(held[0], path)  # atomic and never replaces: fails if the name is taken
            except OSError as exc:
                if exc.errno == errno.EEXIST:
                    raise FileExistsError(str(path)) from None
                # No hard links here (some network and FAT file systems): check, then rename.
                if path.exists():
                    raise FileExistsError(str(path)) from None
                _rename(held[0], path)
                held[0] = ""


def create_unique(path: Path, data: bytes) -> tuple[Path, bool]:
    """Create a new file at `path`, or at `path` with " 2", " 3"… before the suffix when
    the name is taken; return the path and True. When one of those files already holds
    exactly `data`, write nothing and return it and False: running a command twice must
    not leave copies in a synced vault."""
    candidate = path
    for number in range(2, 1000):
        try:
            create_new(candidate, data)
            return candidate, True
        except FileExistsError:
            if _holds(candidate, data):
                return candidate, False
            candidate = path.with_name(f"{path.stem} {number}{path.suffix}")
    raise WriteRefusedError("has a thousand namesakes already", path=str(path))


def _holds(path: Path, data: bytes) -> bool:
    """True when the file at `path` has exactly these bytes."""
    try:
        if path.stat().st_size != len(data):
            return False
        return path.read_bytes() == data
    except OSError:
        return False


def replace(snapshot: Snapshot, data: bytes) -> bool:
    """Write `data` over the file read as `snapshot`, atomically, keeping its mode; refuse
    if the file changed since. Returns False (and writes nothing) when `data` is what the
    file already holds, so unchanged files keep their mtime."""
    path = snapshot.path
    if data == snapshot.data:
        return False
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise WriteRefusedError("was deleted since vaultnet read it; nothing written", path=str(path)) from None
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefusedError("is a symlink; vaultnet does not write through links", path=str(path))
    # The owner's write bit, not os.access: a file marked read-only stays so even for root.
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise WriteRefusedError("is read-only; nothing written", path=str(path), hint="make it writable first")
    with _writing(path), _staged(path.parent, data, stat.S_IMODE(info.st_mode)) as held:
        # Compare-and-swap: the file must still be what we read, just before the rename.
        if hashlib.sha256(path.read_bytes()).hexdigest() != snapshot.digest:
            raise WriteRefusedError(
                "changed since vaultnet read it (edited in another app?); nothing written",
                path=str(path),
                hint="run the command again",
            )
        _rename(held[0], path)
        held[0] = ""
    return True
