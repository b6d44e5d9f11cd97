"""Warm the server before its first visitor: the pages' modules imported, one answer worked through.

`streamlit run` starts serving at once and runs the app's script only when a visitor connects,
so the first visitor after a start used to pay for importing the library, validating its models,
building its first chart and Streamlit's own emoji table (about 1.2 s on a 2-core machine). The
warm-up does that work on a thread of its own while the visitor's browser is still loading
Streamlit's code. It calls the library only, never Streamlit's page functions, which may run
only inside a visitor's session.

While it runs, Python hands the interpreter between threads every 0.2 ms instead of every 5 ms:
the server's own thread, which sends that browser its hundred code files, would otherwise wait
behind the warm-up's imports at each hand-over (on 2 cores the code arrived about 0.4 s later).
"""

from __future__ import annotations

import importlib.util
import sys
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

WARM_SWITCH_INTERVAL = 0.0002  # seconds between thread hand-overs while warming (Python's default: 0.005)


def warm_up() -> None:
    """Import every page and work one founder through the answer's first screen, in each language,
    handing the interpreter to the server's thread often meanwhile."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(WARM_SWITCH_INTERVAL)
    try:
        _warm()
    finally:
        sys.setswitchinterval(previous)


def _warm() -> None:
    """The warm-up's work: imports, one answer's document and scores chart per language."""
    from advisor import charts, report
    from advisor.analysis import analyse
    from advisor.decision import recommend
    from advisor.i18n import LANGS
    from advisor.profile import parse_profile
    from advisor.rules import load_rules
    from advisor.ui import app  # noqa: F401 - imports every page and what they use
    from advisor.ui.link import DEFAULT_ANSWERS

    rec = recommend(parse_profile(DEFAULT_ANSWERS), load_rules())
    analysis = analyse(rec.profile, rec.rules, rec.weights)
    for lang in LANGS:
        report.document(rec, lang, analysis)
        charts.scores_chart(rec, lang)
    # The language buttons' labels (简体, 繁體) are not ASCII, so Streamlit compiles its emoji
    # table for them (0.3 s) the first time they are drawn; importing it here does that now.
    if importlib.util.find_spec("streamlit.emojis") is not None:
        importlib.import_module("streamlit.emojis")


@asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    """The server's start: the warm-up begins beside it (it never delays serving) and runs once."""
    threading.Thread(target=warm_up, name="channel-fit-warm-up", daemon=True).start()
    yield
