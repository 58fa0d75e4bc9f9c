"""One bot per database: a lock held for the whole life of the process that runs the bot.

Two bots on one database would both answer every person and both send every reminder. The
lock is an advisory `flock` on a small file beside the database (`<database>.lock`), taken
without waiting: a second bot finds it held and refuses to start with one line. The kernel
lets go of it when the process ends in any way (a crash, SIGKILL, a power cut's reboot), so a
lock is never left behind; the file itself stays and holds the last holder's process id, which
the refusal names.

The same file tells the next start how the last bot stopped. While a bot runs it holds that
bot's process id; a clean stop (the database closed without an error, `release(clean=True)`)
replaces it with a clean-stop line naming the database file as it was left (inode, size and time
of change of the file and of its WAL). A bot that starts after a clean stop, on a database still
the same (`after_clean_stop`), skips the full `PRAGMA quick_check`, whose time grows with the
database (15 s at a million items, `bench.growth`); after a crash, a kill, a power cut, a failed
start, a file changed since, or at a first start, the check runs (`bot.application`).
`ppid-bot check` always runs it. What a clean restart cannot see is damage that changes nothing a
stat shows (a disk's bit rot): `ppid-bot check`, and the backups' `integrity_check`, find it.

Rules:
- the lock is taken before the database is opened and released after it is closed;
- an in-memory database (`:memory:`, the tests' and the demo's scratch) takes no lock.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from types import TracebackType


class InstanceRunning(Exception):
    """Another process holds the lock of this database; `pid` is its process id when known."""

    def __init__(self, lock_path: Path, pid: int | None) -> None:
        self.lock_path = lock_path
        self.pid = pid
        holder = f" (PID {pid})" if pid else ""
        super().__init__(f"another bot{holder} holds {lock_path}")

    @property
    def indonesian(self) -> str:
        holder = f" (PID {self.pid})" if self.pid else ""
        return (
            f"Bot lain{holder} sudah berjalan dengan basis data ini ({self.lock_path}); "
            "hentikan bot itu dulu, atau atur DATABASE_PATH lain."
        )


def lock_path_for(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".lock")


class InstanceLock:
    """The lock of one database. `acquire()` or raise InstanceRunning; `release()` lets go."""

    def __init__(self, database_path: Path) -> None:
        self.database_path = database_path
        self.path = None if str(database_path) == ":memory:" else lock_path_for(database_path)
        self._fd: int | None = None
        # Whether the bot before this one stopped cleanly, leaving the database as it is now
        # (known once acquired; False for an in-memory database, which has nothing to check).
        self.after_clean_stop = False

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        if self.path is None or self._fd is not None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = _read_pid(fd)
            os.close(fd)
            raise InstanceRunning(self.path, pid) from None
        left = os.pread(fd, 200, 0).decode("ascii", "replace").strip()
        self.after_clean_stop = left == _clean_stop_line(self.database_path)
        _rewrite(fd, f"{os.getpid()}")
        self._fd = fd

    def release(self, *, clean: bool = False) -> None:
        """Let go of the lock; `clean`: the database was closed without an error, so the next start
        may skip the full integrity check (left out, the next start makes it)."""
        if self._fd is None:
            return
        if clean:
            _rewrite(self._fd, _clean_stop_line(self.database_path))
            os.fsync(self._fd)
        fcntl.flock(self._fd, fcntl.LOCK_UN)
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> InstanceLock:
        self.acquire()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.release()


CLEAN_STOP = "clean-stop"


def _clean_stop_line(database_path: Path) -> str:
    """The clean-stop line for the database as it is now: any change to the file or its WAL
    after the stop (another program, a copy put in its place) makes a different line."""
    parts = [CLEAN_STOP]
    for path in (database_path, database_path.with_name(database_path.name + "-wal")):
        try:
            found = path.stat()
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{found.st_ino}:{found.st_size}:{found.st_mtime_ns}")
    return " ".join(parts)


def _rewrite(fd: int, line: str) -> None:
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{line}\n".encode(), 0)


def _read_pid(fd: int) -> int | None:
    try:
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None
