"""Charts as standalone SVG, drawn offline by vl-convert: text kept as text, nothing fetched."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path

import vl_convert
from markupsafe import Markup

from advisor.charts import Figure
from advisor.i18n import Lang

# Debian's fonts-noto-cjk: where the app and the CLI look for CJK fonts (passed in from the edge).
CJK_FONT_DIRS = (Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/truetype/noto"))
FONT_STACKS: dict[str, str] = {
    "en": "'Noto Sans', 'Helvetica Neue', Arial, 'Noto Sans CJK SC', sans-serif",
    "zh-Hans": "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif",
    "zh-Hant": "'Noto Sans CJK TC', 'Noto Sans TC', 'PingFang TC', 'Microsoft JhengHei', sans-serif",
}
WIDTH = 620

_lock = threading.Lock()
_registered: set[Path] = set()


def use_fonts(folders: Iterable[Path]) -> None:
    """Let vl-convert measure text with the fonts in these folders (its font list is process-wide,
    so each folder is handed over once; missing folders are skipped)."""
    with _lock:
        for folder in folders:
            resolved = Path(folder).resolve()
            if resolved not in _registered and resolved.is_dir():
                vl_convert.register_font_directory(str(resolved))
                _registered.add(resolved)


_ID_USE = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def unique_ids(svg: str, prefix: str) -> str:
    """Renumber every id in an SVG (and the references to it) as prefix + its order of first
    appearance: several charts can share one page, and the page does not depend on how many
    charts vl-convert drew before (its clip ids count up across calls)."""
    order: dict[str, str] = {}
    for ident in re.findall(r'\bid="([^"]+)"', svg):
        order.setdefault(ident, f"{prefix}{len(order) + 1}")
    return _ID_USE.sub(lambda m: m.group(1) + order.get(m.group(2), m.group(2)), svg)


def chart_svg(figure: Figure, lang: Lang, id_prefix: str = "", width: int = WIDTH) -> Markup:
    """Render a figure to SVG with the language's font stack, labelled for screen readers."""
    spec = figure.with_width(width)
    spec.setdefault("config", {})["font"] = FONT_STACKS[lang]
    svg = vl_convert.vegalite_to_svg(spec)
    if id_prefix:
        svg = unique_ids(svg, id_prefix)
    opening = Markup('<svg role="img" aria-label="{}" ').format(figure.description)
    return Markup(svg.replace("<svg ", opening, 1))


def chart_svgs(figures: Mapping[str, Figure], lang: Lang) -> dict[str, Markup]:
    """Every figure as SVG, its ids prefixed by its key so they can share one page."""
    return {key: chart_svg(figure, lang, id_prefix=f"{key}-") for key, figure in figures.items()}
