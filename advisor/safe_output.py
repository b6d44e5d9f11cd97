"""Writing an output file safely: a unique temporary file beside the target, renamed over it at the end.

Two runs writing the same target never share a temporary file; the rename happens only onto a
regular file (a symlink is followed to its target; a device, FIFO or directory is refused), so
a reader never sees half a file and `/dev/full` stays a device. The temporary file is removed
whatever happens, including SIGTERM and Ctrl-C (the CLI turns both into KeyboardInterrupt).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from advisor.errors import InputError
from advisor.i18n import DEFAULT_LANG, Lang, t


class OutputError(InputError):
    """The output cannot be written where asked: the message names the path and why."""


def _reason(error: OSError, lang: Lang) -> str:
    """A short reason in the chosen language for the common cases, the system's words otherwise."""
    if error.errno == errno.ENOSPC:
        return t("cohort.out.disk_full", lang)
    if error.errno in (errno.EACCES, errno.EPERM):
        return t("cohort.out.permission", lang)
    return error.strerror or str(error)


def resolve_target(target: str | os.PathLike[str], source: Path | None, lang: Lang = DEFAULT_LANG) -> Path:
    """The real file an output will replace, refused if it is no place for a regular file."""
    raw = os.fspath(target)
    if not raw.strip():
        raise OutputError(t("cohort.out.empty_name", lang))
    real = Path(os.path.realpath(raw))
    if raw.endswith(os.sep) or real.is_dir():
        raise OutputError(t("cohort.out.is_directory", lang, path=raw))
    if real.exists():
        mode = real.stat().st_mode
        if not stat.S_ISREG(mode):
            raise OutputError(t("cohort.out.not_regular", lang, path=raw))
        if source is not None and source.exists() and real.samefile(source):
            raise OutputError(t("cohort.out.same_file", lang, path=raw))
    if not real.parent.is_dir():
        raise OutputError(t("cohort.out.no_folder", lang, path=raw, folder=real.parent))
    return real


def _final_mode(real: Path) -> int:
    """Keep an existing file's permissions; a new file gets the usual 0666 less the umask."""
    if real.exists():
        return stat.S_IMODE(real.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_STOPS = (signal.SIGINT, signal.SIGTERM)  # Ctrl-C and a polite kill; the CLI makes both KeyboardInterrupt


@contextmanager
def _stops_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM until the block ends, so a step cannot be cut in half by one.

    A signal that arrives meanwhile is not lost: it is raised again, to the handler that was in
    place, as the block ends. Python runs signal handlers only in the main thread, so another
    thread is never interrupted and has nothing to hold.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []
    previous = {stop: signal.signal(stop, lambda signum, _frame: arrived.append(signum)) for stop in _STOPS}
    try:
        yield
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)
        if arrived:
            signal.raise_signal(arrived[0])


SYNC_BYTES = 32 << 20  # put data on disk every this many bytes, while the next chunks are computed


class _SyncingWriter(io.BufferedWriter):
    """A file that goes to disk as it is written, so the final fsync has little left to wait for.

    The CLI computes the next chunks on other threads while this one waits for the disk.
    """

    def __init__(self, raw: io.FileIO) -> None:
        super().__init__(raw, buffer_size=1 << 20)
        self._unsynced = 0

    def write(self, data: Any) -> int:
        """Write, and put what was written on disk once SYNC_BYTES have gathered."""
        written = super().write(data)
        self._unsynced += written
        if self._unsynced >= SYNC_BYTES:
            self.flush()
            os.fdatasync(self.fileno())
            self._unsynced = 0
        return written


def _temporary(real: Path, target: str | os.PathLike[str], lang: Lang) -> tuple[int, Path]:
    """A new empty file beside the target, open for writing: (descriptor, path)."""
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".partial", dir=real.parent)
    except OSError as error:
        raise OutputError(
            t("cohort.out.cannot_write", lang, path=target, reason=_reason(error, lang))
        ) from None
    return handle, Path(temp_name)


@contextmanager
def safe_output(
    target: str | os.PathLike[str], source: Path | None = None, lang: Lang = DEFAULT_LANG
) -> Iterator[IO[bytes]]:
    """A binary file to write the output into; it replaces the target only if the block succeeds.

    The temporary file is made with stop signals held, so the cleanup knows it before a signal
    can interrupt, and removed with them held, so a signal cannot cut the removal short.
    """
    real = resolve_target(target, source, lang)
    temp: Path | None = None
    sink: IO[bytes] | None = None
    try:
        with _stops_held():
            handle, temp = _temporary(real, target, lang)
            sink = _SyncingWriter(io.FileIO(handle, "wb"))
        with sink:
            yield sink
            sink.flush()
            os.fsync(sink.fileno())
        os.chmod(temp, _final_mode(real))
        os.replace(temp, real)
    except OSError as error:
        raise OutputError(
            t("cohort.out.cannot_write", lang, path=target, reason=_reason(error, lang))
        ) from None
    finally:
        with _stops_held():
            if sink is not None:
                sink.close()
            if temp is not None:
                temp.unlink(missing_ok=True)
