"""The README and the code agree (in the style of datasette's docs tests).

Every key of the JSON document, every command-line option and every rule-file key is named in the
README, and every name in the README's marked lists exists. The lists come from the code, so a
key someone adds fails here until it is documented.
"""

from __future__ import annotations

import argparse
import re
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pydantic import BaseModel

from advisor.cli import build_parser
from advisor.decision import recommend
from advisor.profile import parse_profile
from advisor.report import SCHEMA
from advisor.rules import CHANNELS, Leaf, RuleBase
from tests.documents import document_of
from tests.personas import KNIFE_EDGE, PERSONAS

README = Path(__file__).resolve().parents[1] / "README.md"
FOUNDER = {
    "category": "fmcg",
    "monthly_budget": 2000,
    "team_size": 1,
    "part_time": True,
    "social_reach": 3000,
}
NOT_IN_THE_FILE = {"path", "version", "sections"}  # RuleBase fields the loader fills in itself


@cache
def readme() -> str:
    return README.read_text(encoding="utf-8")


def _block(name: str) -> str:
    """The text between <!-- name ... --> and <!-- /name --> in the README."""
    match = re.search(rf"<!-- {name}\b.*?-->(.*?)<!-- /{name} -->", readme(), re.DOTALL)
    assert match, f"README has no <!-- {name} --> block"
    return match.group(1)


def _ticked(text: str) -> set[str]:
    return set(re.findall(r"`([^`\n]+)`", text))


def _named(word: str) -> bool:
    """Named in the README: in backticks, or as a key in one of its TOML examples."""
    toml = "\n".join(re.findall(r"```toml\n(.*?)```", readme(), re.DOTALL))
    return word in _ticked(readme()) or re.search(rf"(?<![\w-]){re.escape(word)}\s*[=.]", toml) is not None


# ---------------------------------------------------------------- the JSON document


def _keys(value: object) -> Iterator[str]:
    """Every key of a JSON value, at any depth."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from _keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner)


@cache
def _document() -> dict:
    return document_of(recommend(parse_profile(FOUNDER)), "en")


@pytest.mark.parametrize("key", sorted(_document()))
def test_every_top_level_key_of_the_document_is_in_the_readme(key):
    assert key in _ticked(_block("document-keys")), f"document key {key!r} is not described in README.md"


@cache
def _keys_of_many() -> set[str]:
    """Keys at any depth over several founders, so lists that are empty for one (flip points) count."""
    answers = [FOUNDER, KNIFE_EDGE, *(persona[1] for persona in PERSONAS)]
    return {key for one in answers for key in _keys(document_of(recommend(parse_profile(one)), "en"))}


def test_every_key_the_readme_lists_is_in_the_document():
    real = _keys_of_many() | set(CHANNELS) | {SCHEMA}
    listed = _ticked(_block("document-keys"))
    assert listed and listed <= real, sorted(listed - real)


# ---------------------------------------------------------------- command-line options


def _parsers(parser: argparse.ArgumentParser) -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield parser.prog, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def _options() -> set[str]:
    return {
        option
        for _, parser in _parsers(build_parser())
        for action in parser._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }


@pytest.mark.parametrize("option", sorted(_options()))
def test_every_cli_option_is_in_the_readme(option):
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", readme()), f"{option} is not in README.md"


@pytest.mark.parametrize("prog", sorted(prog for prog, _ in _parsers(build_parser())))
def test_every_command_is_in_the_readme(prog):
    assert prog.replace("python -m advisor", "-m advisor") in readme(), prog


def test_every_option_the_readme_names_exists():
    named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", readme()))
    assert named and named <= _options() | {"--help"}, sorted(named - _options())


# ---------------------------------------------------------------- rule-file keys


def _models(annotation: object, found: set[type[BaseModel]]) -> set[type[BaseModel]]:
    """Every pydantic model reachable from an annotation (through unions, lists, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation not in found:
        found.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    for inner in typing.get_args(annotation):
        _models(inner, found)
    return found


def _rule_file_keys() -> set[str]:
    tables = {name for name in RuleBase.model_fields if name not in NOT_IN_THE_FILE}
    found: set[type[BaseModel]] = set()
    for name in tables:
        _models(RuleBase.model_fields[name].annotation, found)
    return tables | {field.alias or name for model in found for name, field in model.model_fields.items()}


def _ops() -> set[str]:
    return set(typing.get_args(Leaf.model_fields["op"].annotation))


@pytest.mark.parametrize("key", sorted(_rule_file_keys() | _ops()))
def test_every_rule_file_key_and_operator_is_in_the_readme(key):
    assert _named(key), f"rule-file key or operator {key!r} is not in README.md"


def test_every_key_the_readme_lists_for_rule_files_exists():
    listed = _ticked(_block("rule-file-keys"))
    severities = set(
        typing.get_args(
            RuleBase.model_fields["flags"].annotation.__args__[0].model_fields["severity"].annotation
        )
    )
    assert listed and listed <= _rule_file_keys() | severities, sorted(
        listed - _rule_file_keys() - severities
    )
