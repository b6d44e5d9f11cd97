"""The scoring model's document keys: limit lines, the mix status, the influence table."""

from __future__ import annotations

import pytest

from advisor.advice import advice_keys
from advisor.decision import recommend
from advisor.i18n import t
from advisor.profile import Profile
from advisor.report import document

LANGS = ("en", "zh-Hans", "zh-Hant")
BROKE_PART_TIMER = dict(
    category="apparel", monthly_budget=1500, team_size=1, part_time=True, after_sales="high"
)


@pytest.mark.parametrize("lang", LANGS)
def test_each_applied_limit_is_its_own_line_binding_first(rules, lang):
    rec = recommend(Profile.model_validate(BROKE_PART_TIMER), rules)
    lines = advice_keys(rec, lang)["limits"]
    assert lines[0]["binding"] and lines[0]["channel"] == "ecommerce" and lines[0]["ceiling"] == 0.0
    assert {(x["limit_id"], x["channel"]) for x in lines} == {(x.limit_id, x.channel) for x in rec.limits}
    assert len({x["text"] for x in lines}) == len(lines)  # no line repeated
    part_time = next(x for x in lines if x["limit_id"] == "limit-part-time" and x["channel"] == "ecommerce")
    assert "S7" in part_time["text"] and rules.limit("limit-part-time").title.get(lang) in part_time["text"]


def test_a_limit_line_reads_capped_by_section_and_title(rules):
    rec = recommend(Profile(category="fmcg", monthly_budget=50_000, team_size=5, part_time=True), rules)
    (line,) = [x["text"] for x in advice_keys(rec, "en")["limits"] if x["channel"] == "ecommerce"]
    assert line == "E-commerce capped by S7: part-time (at most 30)"


def test_a_founder_no_limit_touches_gets_no_limit_lines(rules):
    rec = recommend(
        Profile(category="electronics", monthly_budget=60_000, team_size=6, part_time=False), rules
    )
    keys = advice_keys(rec, "en")
    assert keys["limits"] == [] and keys["uncapped_scores"] == {c: round(v, 2) for c, v in rec.scores.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_the_mix_status_is_stated_in_words(rules, lang):
    rec = recommend(Profile.model_validate(BROKE_PART_TIMER), rules)
    mix = advice_keys(rec, lang)["mix"]
    assert mix == {
        "status": "limited",
        "viable": False,
        "synergy": round(rec.synergy, 2),
        "text": t("advice.mix_status.limited", lang),
    }


def test_the_document_carries_the_model_keys(rules):
    rec = recommend(Profile.model_validate(BROKE_PART_TIMER), rules)
    doc = document(rec, "en")
    assert {"limits", "uncapped_scores", "mix", "lead_threshold", "influence"} <= set(doc)
    assert doc["lead_threshold"] == rules.scoring.clear_lead
    fields = [row["field"] for row in doc["influence"]["answers"]]
    assert "part_time" in fields and "category" in fields
    assert {x["limit_id"] for x in doc["influence"]["limits"]} == {x.id for x in rules.limits}


PROPER_NAMES: set[str] = set()  # catalogue values that may read the same in English and Chinese


def _flat(table: dict, prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in table.items():
        if isinstance(value, dict):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def test_every_advice_key_exists_in_every_language_and_is_translated():
    import tomllib
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "advisor" / "locales"
    tables = {lang: _flat(tomllib.loads((root / lang / "advice.toml").read_text("utf-8"))) for lang in LANGS}
    assert tables["en"].keys() == tables["zh-Hans"].keys() == tables["zh-Hant"].keys()
    same = [
        k
        for k, v in tables["en"].items()
        if v not in PROPER_NAMES and v in (tables["zh-Hans"][k], tables["zh-Hant"][k])
    ]
    assert same == []
    assert all("渠道" not in v for v in tables["zh-Hant"].values())
