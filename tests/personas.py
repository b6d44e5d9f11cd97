"""Founder personas shared by the tests, each with the channel the article supports and why."""

from __future__ import annotations

from typing import Any

# A founder the article clearly sends to the marketplaces: capital, a full-time team, data skills.
ELECTRONICS_SHOP = {
    "category": "electronics",
    "monthly_budget": 60000,
    "team_size": 6,
    "part_time": False,
    "data_skills": True,
    "after_sales": "high",
    "price_strategy": "compete",
}

# The answers most UI, chart and export tests start from.
WECHAT = {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True, "social_reach": 3000}
ECOMMERCE = {
    "category": "electronics",
    "monthly_budget": 60000,
    "team_size": 6,
    "part_time": False,
    "data_skills": True,
}
# A 2-point lead that some plausible weightings overturn: "no clear winner".
KNIFE_EDGE = {
    "category": "fmcg",
    "monthly_budget": 9000,
    "team_size": 3,
    "part_time": False,
    "social_reach": 4000,
}

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
        {"S4", "S9"},
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


def persona_answers(name: str) -> dict[str, Any]:
    """The answers of a persona, by name."""
    return next(answers for title, answers, *_ in PERSONAS if title == name)
