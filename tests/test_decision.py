"""Founder personas: the channel the article supports, the reasons given, the flags and the plan."""

from __future__ import annotations

import pytest
from personas import PERSONAS, persona_answers

from advisor.decision import recommend
from advisor.profile import parse_profile


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
    rec = recommend(parse_profile(persona_answers("home-goods shop with a wide catalogue")), rules)
    for channel in ("ecommerce", "wechat"):
        total = rules.scoring.base + sum(c.points for c in rec.contributions if c.channel == channel)
        assert rec.scores[channel] == pytest.approx(min(max(total, 0), 100))


def test_wechat_and_mix_carry_the_pyramid_selling_warning(rules):
    for _, answers, channel, *_ in PERSONAS:
        rec = recommend(parse_profile(answers), rules)
        agents = channel in ("wechat", "mix") and answers["category"] != "knowledge"
        assert ("pyramid-selling" in rec.flags) == agents


def test_selling_knowledge_through_self_media_gets_a_content_plan_not_agents(rules):
    rec = recommend(parse_profile(persona_answers("teacher selling courses to her readers")), rules)
    assert rec.channel == "wechat" and "pyramid-selling" not in rec.flags
    assert "wechat-content" in rec.actions and "wechat-agents" not in rec.actions
    assert "wechat-product" not in rec.actions


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
    rec = recommend(parse_profile(persona_answers("handmade jewellery maker with a personal brand")), rules)
    assert rec.channel == "mix"
    assert set(rules.mix.sections) == {"S2.b.4", "S10", "S7"}
    assert (
        rec.mix_status == "viable"
        and rec.synergy > rec.scores["mix"] - min(rec.scores["ecommerce"], rec.scores["wechat"]) - 1e-9
    )
    assert any(c.channel == "mix" and c.points > 0 for c in rec.contributions)


def test_the_action_plan_depends_on_the_answers(rules):
    base = dict(category="electronics", monthly_budget=60000, team_size=6, part_time=False)
    without = recommend(parse_profile({**base, "data_skills": False}), rules)
    with_skills = recommend(parse_profile({**base, "data_skills": True}), rules)
    assert "ecommerce-hire-data" in without.actions and "ecommerce-hire-data" not in with_skills.actions


WECHAT_SELLER = dict(category="fmcg", monthly_budget=800, team_size=1, part_time=True, social_reach=3000)


@pytest.mark.parametrize(
    ("extra", "present", "absent"),
    [
        (
            {},
            {"wechat-product", "wechat-agents", "wechat-users"},
            {"wechat-brand-agent", "wechat-livestream"},
        ),
        ({"role": "agent"}, {"wechat-brand-agent"}, {"wechat-product", "wechat-agents"}),
        ({"social_reach": 300_000}, {"wechat-livestream"}, {"wechat-product", "wechat-agents"}),
        (
            {"self_media": True},
            {"wechat-own-media"},
            {"wechat-product", "wechat-agents", "wechat-self-media"},
        ),
        ({"self_media": False}, {"wechat-product", "wechat-self-media"}, {"wechat-own-media"}),
        ({"role": "reseller"}, {"wechat-reseller-vouch", "wechat-product"}, {"wechat-brand-agent"}),
    ],
)
def test_the_wechat_plan_fits_the_sellers_form(rules, extra, present, absent):
    rec = recommend(parse_profile({**WECHAT_SELLER, **extra}), rules)
    assert rec.channel == "wechat"
    assert present <= set(rec.actions) and not absent & set(rec.actions), rec.actions


def test_an_agent_is_warned_about_the_stock_they_buy(rules):
    agent = recommend(parse_profile({**WECHAT_SELLER, "role": "agent"}), rules)
    owner = recommend(parse_profile({**WECHAT_SELLER, "role": "brand_owner"}), rules)
    assert "agent-stock" in agent.flags and "agent-stock" not in owner.flags


def test_every_channels_plan_includes_studying_the_users(rules):
    for channel in ("ecommerce", "wechat", "mix"):
        assert any(a.channel == channel and a.section == "S10" for a in rules.actions)
