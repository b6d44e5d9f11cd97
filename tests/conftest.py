"""Shared fixtures: the bundled rule base and a helper to write rule-file variants."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from advisor.rules import DEFAULT_RULES_PATH, RuleBase, load_rules

sys.path.insert(0, str(Path(__file__).parent))  # so tests can import strategies


@pytest.fixture(scope="session")
def rules() -> RuleBase:
    return load_rules()


@pytest.fixture(scope="session")
def rule_text() -> str:
    return DEFAULT_RULES_PATH.read_text(encoding="utf-8")
