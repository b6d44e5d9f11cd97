"""Files read and written safely: regular files only, bounded in size, outputs replaced atomically."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from advisor.errors import Problem

MiB = 1024 * 1024


def input_problem(path: Path, limit: int) -> Problem | None:
    """Why a path cannot be read as an input file (missing, not a regular file, too large), or None.

    stat() never blocks, so a FIFO, a terminal or /dev/zero is refused before it is opened.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        return Problem("file", "file_not_found", where=str(path))
    except OSError as error:
        return Problem("file", "file_unreadable", params={"reason": error.strerror or error}, where=str(path))
    if not stat.S_ISREG(info.st_mode):
        return Problem("file", "not_regular_file", where=str(path))
    if info.st_size > limit:
        return Problem("file", "file_too_large", info.st_size, params={"limit": limit}, where=str(path))
    return None


def read_bounded(path: Path, limit: int) -> tuple[bytes | None, Problem | None]:
    """The bytes of a regular file of at most `limit` bytes, or the problem that stops it."""
    problem = input_problem(path, limit)
    if problem is not None:
        return None, problem
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return None, Problem("file", "file_unreadable", params={"reason": error.strerror}, where=str(path))
    if len(data) > limit:  # it grew after stat()
        return None, Problem("file", "file_too_large", len(data), params={"limit": limit}, where=str(path))
    return data, None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same file (through links or different spellings)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_atomic(path: Path, text: str) -> Problem | None:
    """Write text to a temporary file beside `path`, then rename it into place; the problem, or None.

    A reader never sees half a file, and a failed write leaves any earlier file untouched.
    """
    try:
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        return Problem("--output", "cannot_write", params={"reason": error.strerror}, where=str(path))
    temp = Path(name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temp, path)
    except OSError as error:
        temp.unlink(missing_ok=True)
        return Problem("--output", "cannot_write", params={"reason": error.strerror}, where=str(path))
    return None
