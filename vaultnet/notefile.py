"""The only code that writes files in the user's vault.

Every write is atomic (a temp file in the same folder, fsync, then a rename or a hard
link, then fsync of the folder), so a crash leaves the old file or the new one, never half
of either. A new file is created only where none exists; an existing one is replaced only
if its bytes are still those read before (compare-and-swap on SHA-256), so an edit made
in Obsidian meanwhile is never lost.

vaultnet's own writers take turns: each holds the vault's writer lock (`vault_lock`) from
reading a note to renaming the new one over it, so two `vaultnet log` runs at once write
both lines. An editor takes no such lock; the bytes are compared again just before the
rename, which leaves a window of one system call (see docs/guarantees.md).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import secrets
import stat
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
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


TEMP_PREFIX, TEMP_SUFFIX = ".vaultnet-", ".tmp"
STALE_TEMP_SECONDS = 60  # a temp file this old was left by a writer that was killed


def _write_temp(folder: Path, data: bytes, mode: int | None) -> str:
    # Not tempfile.mkstemp: it makes the file 0600, and a new note must get the mode the
    # user's umask gives (0644 as a rule), as the files their editor makes do.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temp = os.path.join(folder, f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}")
        try:
            handle = os.open(temp, flags, 0o666)
            break
        except FileExistsError:
            continue
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


@dataclass(frozen=True)
class Write:
    """One file to write: a new one (`before` None) or one read as `before`."""

    path: Path
    data: bytes
    before: Snapshot | None = None
    exist_ok: bool = False  # a new file whose name is taken meanwhile is left alone


def write_all(writes: list[Write], staged_one: Callable[[], None] | None = None) -> list[Path]:
    """Write several files as one step, as far as a file system allows: every new text
    is staged in a temp file (and fsynced) and every replaced file compared with what
    was read before the first of them is renamed into place. A full disk, a read-only
    file or a note edited meanwhile thus leaves every file as it was. Returns the paths
    written: a replaced file already holding its new bytes is not rewritten (its mtime
    stays), nor is a new one whose name was taken when `exist_ok`. `staged_one` is called
    as each file is staged (the slow part: it is written and fsynced), for a progress bar."""
    staged: list[tuple[Write, str]] = []
    folders: set[Path] = set()
    try:
        for write in writes:
            if write.before is not None and write.data == write.before.data:
                continue
            with _writing(write.path):
                mode = _writable_mode(write.before) if write.before is not None else None
                if write.before is None:
                    _make_folder(write.path.parent, write.path)
                staged.append((write, _write_temp(write.path.parent, write.data, mode)))
                folders.add(write.path.parent)
            if staged_one is not None:
                staged_one()
        for write, _temp in staged:
            _still_as_read(write)
        written: list[Path] = []
        for write, temp in staged:
            try:
                with _writing(write.path):
                    if _put_in_place(write, temp):
                        written.append(write.path)
            except WriteRefusedError as exc:
                if written:  # (a rename failing after others, which needs no space: rare, but said)
                    exc.message = exc.message.replace("nothing written", "") + f"; written before it: {len(written)}"
                raise
        return written
    finally:
        for _write, temp in staged:
            with contextlib.suppress(OSError):
                os.unlink(temp)  # (gone already where it was renamed into place)
        for folder in folders:
            with contextlib.suppress(OSError):
                _fsync_folder(folder)


def _writable_mode(snapshot: Snapshot) -> int:
    """The mode of the file read as `snapshot`, refusing one vaultnet must not replace."""
    path = snapshot.path
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise WriteRefusedError("was deleted since vaultnet read it; nothing written", path=str(path)) from None
    if stat.S_ISLNK(info.st_mode):
        raise WriteRefusedError("is a symlink; vaultnet does not write through links", path=str(path))
    # The owner's write bit, not os.access: a file marked read-only stays so even for root.
    if not info.st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
        raise WriteRefusedError("is read-only; nothing written", path=str(path), hint="make it writable first")
    return stat.S_IMODE(info.st_mode)


def _still_as_read(write: Write) -> None:
    """Compare-and-swap: a replaced file must still hold what was read; a new name must
    still be free (unless taking it is allowed to fail)."""
    path = write.path
    if write.before is None:
        if not write.exist_ok and os.path.lexists(path):
            raise FileExistsError(str(path))
        return
    try:
        current = path.read_bytes()
    except FileNotFoundError:
        raise WriteRefusedError("was deleted since vaultnet read it; nothing written", path=str(path)) from None
    if hashlib.sha256(current).hexdigest() != write.before.digest:
        raise WriteRefusedError(
            "changed since vaultnet read it (edited in another app?); nothing written",
            path=str(path),
            hint="run the command again",
        )


def _put_in_place(write: Write, temp: str) -> bool:
    """Rename (or, for a new file, hard-link) the staged temp file to its path; False
    when a new file's name was taken and that is allowed."""
    path = write.path
    if write.before is not None:
        # The bytes are compared once more right before the rename: what an editor saved
        # since the check above is refused, not overwritten (a window of one system call).
        _still_as_read(write)
        _rename(temp, path)
        return True
    try:
        os.link(temp, path)  # atomic and never replaces: fails if the name is taken
        return True
    except OSError as exc:
        if exc.errno != errno.EEXIST and not path.exists():
            # No hard links here (some network and FAT file systems): checked, then renamed.
            _rename(temp, path)
            return True
    if write.exist_ok:
        return False
    raise FileExistsError(str(path))


def create_new(path: Path, data: bytes) -> None:
    """Create `path` with `data` atomically; FileExistsError if anything is there already,
    WriteRefusedError when it cannot be written."""
    write_all([Write(path, data)])


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
    return bool(write_all([Write(snapshot.path, data, snapshot)]))


# --- the writer lock and what killed writers leave ----------------------------------------

LOCK_FILE = "write.lock"
WRITTEN_FILE = "written"  # when a writer last let go of the lock, in ns since the epoch
LOCK_WAIT = 30.0  # seconds to wait for another vaultnet's write before giving up
_LOCK_POLL = 0.02


class _Held:
    """This process's hold on one vault's lock: threads take turns on `turn`, and the
    file lock is taken once, by the outermost holder (a file lock is per process)."""

    def __init__(self) -> None:
        self.turn = threading.RLock()
        self.depth = 0
        self.fd: int | None = None


_held: dict[str, _Held] = {}
_held_guard = threading.Lock()


@contextlib.contextmanager
def vault_lock(folder: Path, wait: float = LOCK_WAIT, notes: bool = True) -> Iterator[None]:
    """Hold the writer lock kept in `folder` (the vault's cache folder) while the block
    runs: vaultnet's writers in every process take turns. Re-entrant. Where the folder
    cannot be written or the file system cannot lock, the block runs unlocked (the
    compare-and-swap still refuses a note changed since it was read). `notes` False: the
    block writes no note (it removes temp files), so a watcher's index stays current."""
    key = os.path.abspath(folder)
    with _held_guard:
        held = _held.setdefault(key, _Held())
    with held.turn:
        if held.depth == 0:
            held.fd = _take_file_lock(Path(key), wait)
        held.depth += 1
        try:
            yield
        finally:
            held.depth -= 1
            if held.depth == 0 and notes:
                # When vaultnet last wrote, by the clock the watcher reads too: an index it
                # refreshed before then is not trusted (see heartbeat.py).
                with contextlib.suppress(OSError):
                    (Path(key) / WRITTEN_FILE).write_text(str(time.time_ns()), encoding="ascii")
            if held.depth == 0 and held.fd is not None:
                os.close(held.fd)  # closing the file releases its lock
                held.fd = None


def _take_file_lock(folder: Path, wait: float) -> int | None:
    """An open descriptor holding the lock file's exclusive lock; None where none can be had."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError:
        return None  # a read-only vault: nothing will be written either
    deadline = time.monotonic() + wait
    while True:
        try:
            if _try_lock(fd):
                return fd
        except OSError:
            os.close(fd)
            return None  # no locks on this file system (some network shares)
        if time.monotonic() >= deadline:
            os.close(fd)
            raise WriteRefusedError(
                f"another vaultnet has been writing to this vault for {wait:.0f} s; nothing written",
                path=str(folder / LOCK_FILE),
                hint="wait for it to finish and run the command again",
            )
        time.sleep(_LOCK_POLL)


if sys.platform == "win32":
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except PermissionError:
            return False
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            raise
        return True

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True


def is_temp_name(name: str) -> bool:
    """True for the name of a temp file vaultnet writes before renaming it into place."""
    return name.startswith(TEMP_PREFIX) and name.endswith(TEMP_SUFFIX) and len(name) > len(TEMP_PREFIX + TEMP_SUFFIX)


def remove_stale_temps(vault: Path, lock_folder: Path, relative: Iterable[str]) -> list[str]:
    """Remove the temp files (vault-relative paths, vaultnet's own names only) that a
    killed writer left, once older than a minute; return those removed. Done under the
    writer lock, so no live writer's temp file is among them; skipped while another
    vaultnet writes."""
    removed: list[str] = []
    candidates = [rel for rel in relative if is_temp_name(rel.rpartition("/")[2])]
    if not candidates:
        return removed
    try:
        with vault_lock(lock_folder, wait=0, notes=False):
            now = time.time()
            for rel in candidates:
                path = vault / rel
                with contextlib.suppress(OSError):
                    info = path.lstat()
                    if stat.S_ISREG(info.st_mode) and now - info.st_mtime > STALE_TEMP_SECONDS:
                        path.unlink()
                        removed.append(rel)
    except WriteRefusedError:
        pass  # another vaultnet is writing: the next command removes them
    return removed


def remove_if_unchanged(path: Path, data: bytes) -> bool:
    """Remove a file vaultnet wrote, only while its bytes are still `data` (never one the
    user edited): it is first renamed aside, so an editor saving it meanwhile writes a new
    file, then checked, then removed. Call under the writer lock. True when removed."""
    aside = path.with_name(f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}")
    try:
        os.rename(path, aside)
    except OSError:
        return False
    try:
        same = aside.read_bytes() == data
    except OSError:
        same = False
    if same:
        aside.unlink()
        _fsync_folder(path.parent)
        return True
    # Edited after all: back where it was, or, should a new copy stand there now, beside it.
    target, number = path, 1
    while target.exists():
        number += 1
        target = path.with_name(f"{path.stem} (kept {number}){path.suffix}")
    os.rename(aside, target)
    return False
