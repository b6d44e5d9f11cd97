"""A session's first answer: its first screen is sent alone, the rest once the browser drew it."""

from __future__ import annotations

import re

from test_app import WECHAT, assert_clean, headline, new_app

from advisor import parse_profile
from advisor.i18n import t
from advisor.ui import painted
from advisor.ui.link import link_params


def _first_visit():
    return new_app(drawn=False, **link_params(parse_profile(WECHAT), "en")).run()


def _waiting(at) -> list:
    return [e for e in at.get("bidi_component") if e.key == painted.COMPONENT_KEY]


def test_a_first_answer_sends_its_first_screen_and_waits_for_the_browser():
    at = _first_visit()
    assert_clean(at)
    assert headline(at) == t("channel.wechat", "en")
    assert len(at.get("vega_lite_chart")) == 1  # the scores chart
    headers = [h.value for h in at.header]
    assert t("report.scores", "en") in headers and t("report.actions", "en") in headers
    assert t("app.answer.downloads", "en") not in headers and t("app.answer.more", "en") not in headers
    assert not at.get("download_button")
    assert len(_waiting(at)) == 1


def test_once_the_browser_has_drawn_it_the_whole_page_follows():
    at = _first_visit()
    at.session_state[painted.KEY] = True  # what the component's report does (mark_drawn)
    at.run()
    assert_clean(at)
    assert len(at.get("download_button")) == 4
    assert t("app.answer.more", "en") in [h.value for h in at.header]
    assert not _waiting(at)


def test_the_components_report_reaches_its_callback(monkeypatch):
    """The event the script reports ("painted") is the one whose callback marks the session."""
    mounted: list[dict] = []
    monkeypatch.setattr(painted, "_component", lambda: lambda **kwargs: mounted.append(kwargs))
    painted.report_when_drawn()
    events = set(re.findall(r'setTriggerValue\("(\w+)"', painted.JS))
    assert events == {"painted"}
    assert mounted == [{"key": painted.COMPONENT_KEY, "on_painted_change": painted.mark_drawn}]


def test_the_script_waits_for_a_drawn_chart_and_no_longer_than_its_limit():
    assert "svg.marks" in painted.JS and f"setTimeout(report, {painted.WAIT_MS})" in painted.JS
    assert "cancelAnimationFrame" in painted.JS and "clearTimeout" in painted.JS  # stops when removed
