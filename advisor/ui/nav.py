"""The app's pages (`st.navigation`, one real URL each) and how one page opens another.

A page is a `PageSpec`: its name (the `app.view.<name>` catalogue key gives its title), the small
script under `advisor/ui/pages/` that runs it and its URL path (the default page lives at the
root). The Cohort page is registered only when `advisor/ui/cohort.py` exists. Another page opens
the full answer view for a profile and weights with `open_answer`, which remembers the visitor's
own answers and shows a way back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit as st

from advisor.i18n import Lang, t
from advisor.profile import Profile
from advisor.ui import session
from advisor.ui.common import escape_md


@dataclass(frozen=True)
class PageSpec:
    """One page: its name, the script st.navigation runs (under advisor/ui/pages), its URL path."""

    name: str
    file: str
    url_path: str

    @property
    def script(self) -> str:
        """The page script's absolute path (so any entry script, e.g. the benchmark's, can use it)."""
        return str(PAGES_DIR / self.file)


PAGES_DIR = Path(__file__).resolve().parent / "pages"
PAGES = (
    PageSpec("advisor", "recommendation.py", "recommendation"),
    PageSpec("compare", "compare.py", "compare"),
    PageSpec("cohort", "cohort.py", "cohort"),
    PageSpec("rules", "rules.py", "rules"),
)
DEFAULT_PAGE = "advisor"
BACK_KEY = "_back"  # (page name, who) while the answer view shows someone else's answers
OWN_KEY = "_own"  # the visitor's own answers and weights, put back by the way back
GOTO_KEY = "_goto"  # a page a callback asked for; the frame switches to it before the page runs


FRAME_KEY = "_frame"  # set by the app's frame: its pages are registered with st.navigation


def in_app() -> bool:
    """Whether this page runs inside the app's frame (so `open_answer` can switch pages), and not
    on its own, as a page's tests may run it."""
    return bool(st.session_state.get(FRAME_KEY))


def spec(name: str) -> PageSpec:
    """A page by name."""
    return next(p for p in PAGES if p.name == name)


def pages(lang: Lang) -> list[Any]:
    """The st.Page objects for st.navigation, titled in the chosen language."""
    return [
        st.Page(
            p.script, title=t(f"app.view.{p.name}", lang), url_path=p.url_path, default=p.name == DEFAULT_PAGE
        )
        for p in PAGES
    ]


def go(name: str) -> None:
    """Open a page now (from a page's body, not from an on_click callback: use `request` there)."""
    st.switch_page(spec(name).script)


def request(name: str) -> None:
    """From a callback: open a page once the callback has run (the frame calls `follow`)."""
    st.session_state[GOTO_KEY] = name


def follow(current_url_path: str) -> None:
    """If a callback asked for another page, go there (called by the frame before the page runs)."""
    wanted = st.session_state.pop(GOTO_KEY, None)
    if wanted is not None and spec(wanted).url_path != current_url_path:
        go(wanted)


def open_answer(profile: Profile, weights: Mapping[str, float], back: str, who: str) -> None:
    """Show the full answer view for someone else's profile and weights (e.g. a cohort founder),
    with a "Back to <page>" button that puts the visitor's own answers back.

    Call it from a page's body (after a button or a table selection), not from a callback.
    """
    state = st.session_state
    if state.get(BACK_KEY) is None:
        state[OWN_KEY] = session.snapshot()
    state[BACK_KEY] = (back, who)
    session.show(profile, weights)
    go("advisor")


def viewing() -> tuple[str, str] | None:
    """(page to go back to, whose answers) while the answer view shows someone else's answers."""
    return st.session_state.get(BACK_KEY)


def back() -> None:
    """Callback of the way back: the visitor's own answers again, then the page they came from."""
    state = st.session_state
    target = state.pop(BACK_KEY, None)
    own = state.pop(OWN_KEY, None)
    if own is not None:
        session.restore(own)
    if target is not None:
        request(target[0])


def back_bar(lang: Lang) -> None:
    """While showing someone else's answers: whose they are, and the way back."""
    target = viewing()
    if target is None:
        return
    page, who = target
    with st.container(border=True, horizontal=True, vertical_alignment="center", key="back_bar"):
        st.markdown(t("app.nav.viewing", lang, who=escape_md(who)))
        st.button(
            t("app.nav.back", lang, page=t(f"app.view.{page}", lang)),
            key="nav_back",
            on_click=back,
            icon=":material/arrow_back:",
        )
