"""Errors as data: one root class whose problems say what is wrong, rendered in a language at the edge.

A problem names the field (a profile field, ``weight.<dimension>``, a document key or a CLI
option), a code saying what is wrong, the value exactly as it was typed, the allowed values and
any extra parameters. `advisor.messages.describe` turns one into a sentence in a language, with
the field's label and the allowed values' labels; nothing below the edge builds sentences.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from advisor.i18n import DEFAULT_LANG, Lang


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: data only, no sentence."""

    field: str  # profile field, "weight.<dimension>", document key, CLI option or rule-file location
    code: str  # what is wrong: a key under [problem] in the catalogues (missing, invalid, ...)
    value: Any = None  # the value as typed (None when it is missing)
    allowed: tuple[Any, ...] = ()  # the allowed values, when they can be listed
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # low/high, path, row, detail ...
    where: str = ""  # the file, scenario, rule or row the problem is in ("" when it is the input itself)


def text_problem(text: str, where: str = "") -> Problem:
    """A problem whose sentence was made below the edge: the migration path for older raise sites."""
    return Problem("", "text", params={"text": text}, where=where)


class ChannelFitError(ValueError):
    """The root of every input error: a tuple of problems; str() renders them in `lang`.

    `lang` only chooses the language of str(error) (for callers that print it directly); edges
    that know their language call `advisor.messages.describe_error(error, lang)` instead.
    """

    def __init__(self, *problems: Problem | str, lang: Lang = DEFAULT_LANG) -> None:
        self.problems: tuple[Problem, ...] = tuple(
            p if isinstance(p, Problem) else text_problem(str(p)) for p in problems
        )
        self.lang: Lang = lang
        super().__init__(*self.problems)

    def __str__(self) -> str:
        """The problems as sentences in the error's language, joined by '; '."""
        from advisor.messages import describe_error, join_problems  # the renderer imports this module

        return join_problems(describe_error(self, self.lang), self.lang)

    def messages(self, lang: Lang | None = None) -> list[tuple[str, str]]:
        """(field, sentence) per problem, in `lang` (default: the error's language)."""
        from advisor.messages import describe

        return [(p.field, describe(p, lang or self.lang)) for p in self.problems]

    def fields(self) -> tuple[str, ...]:
        """The fields named by the problems, in order, without repeats."""
        return tuple(dict.fromkeys(p.field for p in self.problems))


class ProfileError(ChannelFitError):
    """Invalid answers: one problem per field (missing, not allowed, not whole, cost above price)."""


class WeightError(ChannelFitError):
    """A weight override that names no dimension, is not a number, or lies outside the range."""


class DocumentError(ChannelFitError):
    """A file or object that is not a valid Channel-fit recommendation document."""


class ScenarioError(ChannelFitError):
    """A comparison that cannot be made: too few or too many scenarios, or clashing names."""


class BatchFileError(ChannelFitError):
    """A file that cannot be read as a batch at all (not CSV, no header, required columns missing)."""


class InputError(ChannelFitError):
    """A command-line value or path that cannot be used (bench rows, output file, a stopped run)."""


class RuleFileError(ChannelFitError):
    """A rule file that does not validate: one problem per (location, detail), all of them at once."""

    def __init__(
        self, path: str, problems: Sequence[tuple[str, str] | Problem], lang: Lang = DEFAULT_LANG
    ) -> None:
        self.path = path
        found = [
            (p if p.where else dataclasses.replace(p, where=path))
            if isinstance(p, Problem)
            else Problem(p[0], "rule_file", params={"detail": p[1]}, where=path)
            for p in problems
        ]
        super().__init__(*found, lang=lang)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """(location, English detail) per problem, as the rule loader found them."""
        from advisor.messages import describe, field_label

        def detail(p: Problem) -> str:
            if "detail" in p.params:
                return str(p.params["detail"])
            sentence = describe(dataclasses.replace(p, where=""), "en")
            return sentence.removeprefix(f"{field_label(p.field, 'en')}: ")

        return [(p.field, detail(p)) for p in self.problems]

    def __str__(self) -> str:
        """One line per problem, 'file: location: detail', as `rules check` lists them."""
        from advisor.messages import describe_error

        return "\n".join(describe_error(self, self.lang))
