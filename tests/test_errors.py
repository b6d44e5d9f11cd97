"""Errors as data: one root, problems carry field, code, value as typed and what is allowed."""

from __future__ import annotations

import pytest

from advisor import errors
from advisor.errors import (
    BatchFileError,
    ChannelFitError,
    DocumentError,
    InputError,
    Problem,
    ProfileError,
    RuleFileError,
    ScenarioError,
    WeightError,
)
from advisor.i18n import LANGS

SUBCLASSES = [ProfileError, WeightError, DocumentError, ScenarioError, BatchFileError, InputError]


def test_every_error_class_of_the_package_has_the_one_root():
    found = {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, Exception) and value is not ChannelFitError
    }
    assert found == {*SUBCLASSES, RuleFileError}
    assert all(issubclass(cls, ChannelFitError) for cls in found)
    assert issubclass(ChannelFitError, ValueError)  # callers catching ValueError still work


@pytest.mark.parametrize("cls", SUBCLASSES)
def test_an_error_keeps_its_problems_as_data(cls):
    problem = Problem("team_size", "invalid", "0", (), {"kind": "int", "low": 1, "high": 9})
    error = cls(problem)
    assert error.problems == (problem,) and error.fields() == ("team_size",)
    assert str(error) == "Team size: '0' is not allowed; allowed: a whole number from 1 to 9"


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_is_chosen_when_rendering_not_when_raising(lang):
    error = ProfileError(Problem("part_time", "missing", params={"kind": "bool"}))
    [(field, message)] = error.messages(lang)
    other = ProfileError(*error.problems, lang=lang)
    assert field == "part_time" and str(other) == message


def test_an_older_sentence_is_carried_as_a_text_problem():
    error = BatchFileError("in.csv: the file is empty")
    assert error.problems[0].code == "text" and str(error) == "in.csv: the file is empty"


def test_a_rule_file_error_lists_file_location_and_detail():
    error = RuleFileError("r.toml", [("rule 'x'", "duplicate id"), ("weights", "missing [weights] table")])
    assert error.pairs == [("rule 'x'", "duplicate id"), ("weights", "missing [weights] table")]
    assert str(error).splitlines() == [
        "r.toml: rule 'x': duplicate id",
        "r.toml: weights: missing [weights] table",
    ]
    assert all(p.where == "r.toml" and p.code == "rule_file" for p in error.problems)
