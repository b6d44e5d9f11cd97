"""Report documents for tests: the analysis computed here, at the edge, and handed to document()."""

from __future__ import annotations

from typing import Any

from advisor.analysis import analyse
from advisor.decision import Recommendation
from advisor.i18n import Lang
from advisor.report import document


def document_of(rec: Recommendation, lang: Lang) -> dict[str, Any]:
    """report.document with the default analysis of the recommendation's own answers and weights."""
    return document(rec, lang, analyse(rec.profile, rec.rules, rec.weights))
