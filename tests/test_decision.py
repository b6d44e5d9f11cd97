"""Founder personas: the channel the article supports, the reasons given, the flags and the plan."""

from __future__ import annotations

import pytest

from advisor.decision import recommend
from advisor.profile import parse_profile

# name, answers, expected channel, sections that must appear among the top reasons, why (the article)
PERSONAS = [
    (
        "part-time cosmetics seller with a circle of friends",
        dict(
            category="fmcg",
            monthly_budget=800,
            team_size=1,
            part_time=True,
            social_reach=3000,
            purchase_frequency="high",
            price_strategy="tailored",
            after_sales="low",
            risk_tolerance="low",
        ),
        "wechat",
        {"S7", "S9", "S3"},
        "S7: WeChat selling works part-time; S9: low capital; S3: a price tailored to the customer.",
    ),
    (
        "electronics brand with a full-time team and capital",
        dict(
            category="electronics",
            monthly_budget=60000,
            team_size=6,
            part_time=False,
            sku_count=120,
            after_sales="high",
            price_strategy="compete",
            data_skills=True,
            retail_price=899,
            unit_cost=420,
            risk_tolerance="high",
        ),
        "ecommerce",
        {"S4", "S6"},
        "S4 data-driven operation, S6 escrow for after-sales, S7 full-time team, S8 durable goods.",
    ),
    (
        "home-goods shop with a wide catalogue",
        dict(
            category="home_goods",
            monthly_budget=25000,
            team_size=4,
            part_time=False,
            sku_count=300,
            after_sales="medium",
            data_skills=True,
            purchase_frequency="medium",
        ),
        "ecommerce",
        {"S8", "S4"},
        "S8: marketplaces cover every household product; S4: paid traffic needs budget and skills.",
    ),
    (
        "teacher selling courses to her readers",
        dict(
            category="knowledge",
            monthly_budget=1500,
            team_size=1,
            part_time=True,
            social_reach=30000,
            self_media=True,
            price_strategy="tailored",
            after_sales="low",
        ),
        "wechat",
        {"S2.b.3"},
        "S2.b.3: self-media trading is how teachers and book sellers sell.",
    ),
    (
        "handmade jewellery maker with a personal brand",
        dict(
            category="handmade",
            monthly_budget=5000,
            team_size=2,
            part_time=False,
            social_reach=5000,
            self_media=True,
            sku_count=40,
            data_skills=True,
            price_strategy="tailored",
        ),
        "mix",
        set(),
        "S2.b.4: shopkeepers who vouch for their goods bridge both channels; S10: self-media feeds both.",
    ),
    (
        "apparel label with a following and a small full-time team",
        dict(
            category="apparel",
            monthly_budget=15000,
            team_size=3,
            part_time=False,
            social_reach=12000,
            self_media=True,
            data_skills=True,
            sku_count=60,
        ),
        "mix",
        set(),
        "Both channels are viable and close; self-media plus data skills work across channels (S10).",
    ),
    (
        "supplement reseller working evenings",
        dict(
            category="fmcg",
            monthly_budget=300,
            team_size=1,
            part_time=True,
            social_reach=1500,
            purchase_frequency="high",
            sku_count=3,
            risk_tolerance="low",
        ),
        "wechat",
        {"S7", "S9"},
        "S2.b.1: high-frequency goods; S7 part-time; S9: most WeChat sellers do not lose money.",
    ),
    (
        "snack brand with capital and an operations team",
        dict(
            category="fmcg",
            monthly_budget=120000,
            team_size=10,
            part_time=False,
            data_skills=True,
            price_strategy="compete",
            sku_count=80,
            purchase_frequency="high",
            retail_price=39,
            unit_cost=12,
            risk_tolerance="high",
            social_reach=200,
        ),
        "ecommerce",
        {"S4", "S7"},
        "S9: capital for ads; S4: scientific operation; S7: full-time team; S3: competes on price.",
    ),
    (
        "cautious beginner with no budget",
        dict(category="other", monthly_budget=0, team_size=1, part_time=True, risk_tolerance="low"),
        "wechat",
        {"S9"},
        "S9: e-commerce without capital rarely succeeds and most entrants lose money.",
    ),
    (
        "livestream influencer",
        dict(
            category="fmcg",
            monthly_budget=10000,
            team_size=2,
            part_time=False,
            social_reach=300000,
            self_media=True,
        ),
        "wechat",
        {"S2.b.2"},
        "S2.b.2: influencer selling follows the number of fans.",
    ),
]


@pytest.mark.parametrize(
    ("name", "answers", "channel", "sections", "why"), PERSONAS, ids=[p[0] for p in PERSONAS]
)
def test_each_persona_gets_the_channel_the_article_supports(rules, name, answers, channel, sections, why):
    rec = recommend(parse_profile(answers), rules)
    assert rec.channel == channel, f"{name}: {rec.scores} — expected {channel} because {why}"
    top_sections = {rules.rule(rule_id).section for rule_id, points in rec.net_reasons()[:6] if points > 0}
    assert sections <= top_sections, f"{name}: top reasons cite {top_sections}"
    assert rec.actions and all(a.startswith(rec.channel) for a in rec.actions)


def test_contributions_add_up_to_the_scores(rules):
    rec = recommend(parse_profile(PERSONAS[2][1]), rules)
    for channel in ("ecommerce", "wechat"):
        total = rules.scoring.base + sum(c.points for c in rec.contributions if c.channel == channel)
        assert rec.scores[channel] == pytest.approx(min(max(total, 0), 100))


def test_wechat_and_mix_carry_the_pyramid_selling_warning(rules):
    for _, answers, channel, *_ in PERSONAS:
        rec = recommend(parse_profile(answers), rules)
        assert ("pyramid-selling" in rec.flags) == (channel in ("wechat", "mix"))


def test_ecommerce_without_capital_carries_the_s9_figures(rules):
    answers = dict(
        category="electronics",
        monthly_budget=6000,
        team_size=5,
        part_time=False,
        data_skills=True,
        after_sales="high",
        price_strategy="compete",
    )
    rec = recommend(parse_profile(answers), rules)
    assert rec.channel == "ecommerce" and "ecommerce-capital" in rec.flags
    message = next(f for f in rules.flags if f.id == "ecommerce-capital").message.en
    assert "The article claims" in message and "80%" in message


def test_wechat_for_goods_that_need_buyer_protection_is_warned(rules):
    answers = dict(
        category="fmcg",
        monthly_budget=500,
        team_size=1,
        part_time=True,
        social_reach=5000,
        after_sales="high",
    )
    rec = recommend(parse_profile(answers), rules)
    assert rec.channel == "wechat" and "buyer-protection" in rec.flags


def test_the_pyramid_warning_is_marked_as_outside_knowledge(rules):
    flag = next(f for f in rules.flags if f.id == "pyramid-selling")
    assert flag.outside_knowledge and "Outside the article" in flag.message.en


def test_a_mix_explains_itself_with_its_own_sections(rules):
    rec = recommend(parse_profile(PERSONAS[4][1]), rules)
    assert rec.channel == "mix"
    assert set(rules.mix.sections) == {"S2.b.4", "S10"}
    assert any(c.channel == "mix" and c.points > 0 for c in rec.contributions)


def test_the_action_plan_depends_on_the_answers(rules):
    base = dict(category="electronics", monthly_budget=60000, team_size=6, part_time=False)
    without = recommend(parse_profile({**base, "data_skills": False}), rules)
    with_skills = recommend(parse_profile({**base, "data_skills": True}), rules)
    assert "ecommerce-hire-data" in without.actions and "ecommerce-hire-data" not in with_skills.actions
