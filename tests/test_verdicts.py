"""Verdict, flip-point, sensitivity and reason-point words: true to the numbers, in every language."""

from __future__ import annotations

import re
import string

import pytest
from documents import document_of
from hypothesis import example, given
from hypothesis import strategies as st
from personas import ELECTRONICS_SHOP, KNIFE_EDGE

from advisor import Profile, load_rules, recommend
from advisor.analysis import Analysis, FlipPoint, Robustness, analyse
from advisor.i18n import LANGS, catalogue, t
from advisor.rules import CHANNELS
from advisor.verdicts import (
    analysis_document,
    flip_text,
    format_value,
    percent,
    reason_points_text,
    verdict_text,
)

RULES = load_rules()


def made_up(channel: str, margin: float, share: float, threshold: float = 8.0) -> Analysis:
    """An analysis with the given lead, threshold and winning share (no flips, no sensitivity)."""
    others = [c for c in CHANNELS if c != channel]
    shares = {channel: share, others[0]: 1.0 - share, others[1]: 0.0}
    rob = Robustness(channel, margin, shares, 2000, 0, "uniform", share >= 0.6 and margin >= threshold)
    return Analysis(channel, margin, threshold, 0.6, rob, (), ())


leads = st.floats(0, 60, allow_nan=False).map(lambda x: round(x, 1))
shares = st.integers(0, 2000).map(lambda n: n / 2000)
thresholds = st.sampled_from([4.0, 8.0, 16.0])


@given(st.sampled_from(CHANNELS), leads, shares, thresholds, st.booleans())
@example(channel="wechat", margin=8.0, share=0.6, threshold=8.0, mix=True)  # at both bars: clear
@example(channel="ecommerce", margin=7.9, share=0.5995, threshold=8.0, mix=False)
def test_close_race_and_weight_sensitivity_are_told_apart(
    channel: str,
    margin: float,
    share: float,
    threshold: float,
    mix: bool,  # noqa: FBT001
) -> None:
    text = verdict_text(made_up(channel, margin, share, threshold), "wechat", "en", mix_option=mix)
    close, sensitive = margin < threshold, share < 0.6
    assert (f"by only {margin:.1f} points" in text) == close, "never 'only X points' when X clears the bar"
    assert ("close race" in text.lower() or "no clear winner" in text.lower()) == close
    assert ("wins in only" in text) == sensitive
    assert text.startswith("No clear winner") == (close and sensitive)
    assert (t("analysis.verdict.mix_option", "en") in text) == (mix and channel != "mix")
    assert f"{threshold:.1f}" in text or (sensitive and not close)


@pytest.mark.parametrize("lang", LANGS)
@given(st.sampled_from(CHANNELS), leads, shares, st.booleans())
def test_one_verdict_message_with_no_sentence_twice(
    lang: str,
    channel: str,
    margin: float,
    share: float,
    mix: bool,  # noqa: FBT001
) -> None:
    text = verdict_text(made_up(channel, margin, share), "ecommerce", lang, mix_option=mix)
    sentences = [s.strip() for s in re.split(r"(?<=[.。])", text) if s.strip()]
    assert len(sentences) == len(set(sentences))
    assert "{" not in text


def test_the_threshold_scales_with_the_weights_in_the_words() -> None:
    profile = Profile.model_validate(ELECTRONICS_SHOP)
    doubled = {d: 2 * w for d, w in RULES.weights.items()}
    rec = recommend(profile, RULES, weights=doubled)
    text = analysis_document(
        analyse(profile, RULES, doubled, samples=100), rec.runner_up, "en", mix_option=False
    )["verdict"]
    assert f"{2 * RULES.scoring.clear_lead:.1f}" in text


@pytest.mark.parametrize("answers", [ELECTRONICS_SHOP, KNIFE_EDGE], ids=["strong", "knife-edge"])
@pytest.mark.parametrize("lang", LANGS)
def test_every_text_of_a_real_document_renders(answers: dict, lang: str) -> None:
    doc = document_of(recommend(Profile.model_validate(answers), RULES), lang)
    texts = [doc["verdict"], doc["sensitivity_summary"]]
    texts += [f["text"] for f in doc["flip_points"]] + [s["text"] for s in doc["sensitivity"]]
    assert all(text and "{" not in text for text in texts)
    assert doc["verdict"] != doc["summary"]
    assert doc["close_race"] == (doc["margin"] < doc["lead_threshold"])


BOTH_VIABLE = {"category": "fmcg", "monthly_budget": 2077.0, "team_size": 3, "part_time": False}
PART_TIME_SOLO = {"category": "apparel", "monthly_budget": 1500.0, "team_size": 1, "part_time": True}


@pytest.mark.parametrize("answers", [ELECTRONICS_SHOP, KNIFE_EDGE, BOTH_VIABLE, PART_TIME_SOLO])
def test_the_mix_is_mentioned_only_when_it_is_an_option(answers: dict) -> None:
    doc = document_of(recommend(Profile.model_validate(answers), RULES), "en")
    mentioned = t("analysis.verdict.mix_option", "en") in doc["verdict"]
    assert mentioned == (doc["mix"]["viable"] and doc["recommendation"] != "mix")


def test_both_kinds_of_founder_are_covered() -> None:
    """The mix test above sees a founder with a viable mix and one without."""
    statuses = {recommend(Profile.model_validate(a), RULES).mix_viable for a in (BOTH_VIABLE, PART_TIME_SOLO)}
    assert statuses == {True, False}


@pytest.mark.parametrize("lang", LANGS)
def test_reason_points_in_the_document_say_they_are_the_gap(lang: str) -> None:
    rec = recommend(Profile.model_validate(ELECTRONICS_SHOP), RULES)
    doc = document_of(rec, lang)
    assert doc["top_reasons"]
    for reason in doc["top_reasons"]:
        assert reason["points_text"] == reason_points_text(reason["net_points"], rec.runner_up, lang)
        assert t(f"channel_inline.{rec.runner_up}", lang) in reason["points_text"]


@pytest.mark.parametrize(
    ("field", "value", "lang", "shown"),
    [
        ("monthly_budget", 12000.0, "en", "¥12,000"),
        ("retail_price", 19.5, "en", "¥19.50"),
        ("team_size", 3, "en", "3"),
        ("social_reach", 12000, "zh-Hans", "12,000"),
        ("part_time", True, "en", "yes"),
        ("part_time", False, "zh-Hant", "否"),
        ("after_sales", "high", "en", "High"),
        ("category", "electronics", "en", "Electronics"),
    ],
)
def test_values_read_as_the_founder_would(field: str, value: object, lang: str, shown: str) -> None:
    assert format_value(field, value, lang) == shown  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("share", "shown"), [(0.87, "87%"), (1.0, "100%"), (0.005, "0.5%"), (0.2, "20%"), (0.0, "0%")]
)
def test_percentages(share: float, shown: str) -> None:
    assert percent(share) == shown


def test_an_unanswered_field_that_always_changes_the_answer_says_so() -> None:
    flip = FlipPoint("sku_count", None, None, "any", "mix", was_unknown=True, unchanged_at=None)
    assert "any answer" in flip_text(flip, "en")


def test_reason_points_are_labelled_as_the_gap() -> None:
    text = reason_points_text(6.0, "ecommerce", "en")
    assert "+6.0" in text and "gap" in text and t("channel_inline.ecommerce", "en") in text


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_share_keys_and_placeholders() -> None:
    keys = {lang: {k: v for k, v in catalogue(lang).items() if k.startswith("analysis.")} for lang in LANGS}
    assert keys["en"], "the English analysis catalogue is missing"
    for lang in LANGS:
        assert set(keys[lang]) == set(keys["en"]), lang
        for key, text in keys[lang].items():
            assert _placeholders(text) == _placeholders(keys["en"][key]), (lang, key)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_verdicts_are_translated(lang: str) -> None:
    for key in ("clear", "close_race", "weight_sensitive", "no_clear_winner", "mix_option"):
        assert catalogue(lang)[f"analysis.verdict.{key}"] != catalogue("en")[f"analysis.verdict.{key}"]


def test_traditional_chinese_uses_taiwan_terms() -> None:
    texts = [v for k, v in catalogue("zh-Hant").items() if k.startswith("analysis.")]
    for mainland in ("渠道", "软件", "网络", "数据", "质量", "营销"):
        assert not any(mainland in text for text in texts), mainland


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("margin", [7.96, 7.951, 7.999999])
def test_a_close_race_never_shows_its_lead_at_the_threshold(margin: float, lang: str) -> None:
    """A lead just under the clear-lead threshold is shown rounded down (7.9), never as 8.0."""
    text = verdict_text(made_up("wechat", margin, 0.9), "ecommerce", lang, mix_option=False)
    assert "7.9" in text and text.count("8.0") == 1, text  # 8.0 is the threshold, named once
