"""The server's warm-up: `streamlit run streamlit_app.py` serves app_script.py and warms the library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_streamlit_run_serves_the_app_script_with_the_warm_up():
    """`streamlit run` finds an st.App in streamlit_app.py (by reading it, as Streamlit does)."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(ROOT / "streamlit_app.py")
    assert found.is_asgi_app and found.app_name == "app"
    tree = ast.parse((ROOT / "streamlit_app.py").read_text(encoding="utf-8"))
    assigned = [node for node in tree.body if isinstance(node, ast.Assign)]
    call = next(a.value for a in assigned if isinstance(a.targets[0], ast.Name) and a.targets[0].id == "app")
    assert isinstance(call, ast.Call) and ast.literal_eval(call.args[0]) == "app_script.py"
    assert (ROOT / "app_script.py").is_file()
    assert {k.arg for k in call.keywords} == {"lifespan"}


def test_the_warm_up_imports_every_page_and_builds_a_first_answer():
    """In a fresh interpreter: afterwards the pages, the charts and Streamlit's emoji table are loaded."""
    code = (
        "import sys\n"
        "from advisor.ui.warm import warm_up\n"
        "before = set(sys.modules)\n"
        "warm_up()\n"
        "loaded = set(sys.modules) - before\n"
        "wanted = {'advisor.ui.app', 'advisor.ui.answer', 'advisor.charts.figures', 'streamlit.emojis'}\n"
        "print(sorted(wanted - loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "[]", done.stdout
    assert "Traceback" not in done.stderr and "missing ScriptRunContext" not in done.stderr, done.stderr


def test_the_package_and_the_warm_up_import_without_the_engine():
    """The server imports streamlit_app before it serves: that must not load pandas or the engine."""
    code = "import sys, advisor.ui.warm; print(sorted({'pandas', 'advisor.engine'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert subprocess.run(
        [sys.executable, "-c", "from advisor import recommend, score_frame; print(recommend.__name__)"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.strip() == "recommend"  # fmt: skip


def test_the_warm_up_hands_the_interpreter_over_often_and_then_restores_python_s_pace(monkeypatch):
    """The server's thread is not kept waiting behind the warm-up's imports, and only meanwhile."""
    from advisor.ui import warm

    seen = []
    monkeypatch.setattr(warm, "_warm", lambda: seen.append(sys.getswitchinterval()))
    before = sys.getswitchinterval()
    warm.warm_up()
    assert seen == [pytest.approx(warm.WARM_SWITCH_INTERVAL)] and before > warm.WARM_SWITCH_INTERVAL
    assert sys.getswitchinterval() == before

    def broken() -> None:
        raise RuntimeError("a failed warm-up")

    monkeypatch.setattr(warm, "_warm", broken)
    with pytest.raises(RuntimeError):
        warm.warm_up()
    assert sys.getswitchinterval() == before
