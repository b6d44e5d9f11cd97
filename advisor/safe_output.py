"""Writing an output file safely: a unique temporary file beside the target, renamed over it at the end.

Two runs writing the same target never share a temporary file; the rename happens only onto a
regular file (a symlink is followed to its target; a device, FIFO or directory is refused), so
a reader never sees half a file and `/dev/full` stays a device. The temporary file is removed
whatever happens, including SIGTERM and Ctrl-C (the CLI turns both into KeyboardInterrupt).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

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


@contextmanager
def safe_output(
    target: str | os.PathLike[str], source: Path | None = None, lang: Lang = DEFAULT_LANG
) -> Iterator[IO[bytes]]:
    """A binary file to write the output into; it replaces the target only if the block succeeds."""
    real = resolve_target(target, source, lang)
    try:
        handle, temp_name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".partial", dir=real.parent)
    except OSError as error:
        raise OutputError(
            t("cohort.out.cannot_write", lang, path=target, reason=_reason(error, lang))
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as sink:
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
        temp.unlink(missing_ok=True)
