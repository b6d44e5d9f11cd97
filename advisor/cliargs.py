"""Command-line parsing that fails with problems, not argparse's English text and a SystemExit."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import NoReturn

from advisor.errors import InputError, Problem
from advisor.i18n import DEFAULT_LANG, LANGS, Lang
from advisor.profile import FIELD_SPECS

# argparse's messages (Python 3.11), each read back into a problem code and its parts.
_USAGE: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (code, re.compile(pattern, re.DOTALL))
    for code, pattern in (
        ("usage_required", r"the following arguments are required: (?P<value>.+)"),
        ("usage_unrecognized", r"unrecognized arguments: (?P<value>.+)"),
        (
            "usage_choice",
            r"argument (?P<field>.+?): invalid choice: (?P<value>.+) \(choose from (?P<choices>.+)\)",
        ),
        ("usage_expected", r"argument (?P<field>.+?): expected (?:one|at least one|at most one) argument"),
        ("usage_ambiguous", r"ambiguous option: (?P<value>.+?) could match (?P<choices>.+)"),
        ("usage_explicit", r"argument (?P<field>.+?): ignored explicit argument (?P<value>.+)"),
        ("usage_invalid", r"argument (?P<field>.+?): invalid .+? value: (?P<value>.+)"),
    )
)


def _field(argument: str) -> str:
    """A profile option (--team-size) as its field, so the message can use the field's label."""
    for name in argument.split("/"):
        field = name.strip().removeprefix("--").replace("-", "_")
        if field in FIELD_SPECS:
            return field
    return argument


def usage_problem(message: str) -> Problem:
    """One of argparse's error messages as a problem with a code the catalogues translate."""
    for code, pattern in _USAGE:
        match = pattern.fullmatch(message.strip())
        if match:
            parts = match.groupdict()
            field = _field(parts.pop("field", ""))
            value = parts.pop("value", "").strip("'\"")
            return Problem(field, code, value, params=parts)
    return Problem("", "usage_other", params={"detail": message})


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are raised as InputError, rendered like every other problem."""

    def error(self, message: str) -> NoReturn:
        """Raise instead of printing English usage text and exiting."""
        raise InputError(usage_problem(message))


def lang_from(argv: Sequence[str]) -> Lang:
    """The --lang value wherever it stands (--lang X or --lang=X); the default if absent or unknown."""
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        if value in LANGS:
            return value
    return DEFAULT_LANG
