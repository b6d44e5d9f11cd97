"""Fingerprints of the article's 8-character runs: check our texts for copying without shipping the article.

The repository does not redistribute the article. `rules/source/article-runs.txt` holds a
truncated SHA-256 of every distinct run of RUN characters in it, so a test can tell whether a
text of ours repeats such a run, while the article itself stays in ../shared/source.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

RUN = 8  # no text of ours may share this many characters in a row with the article
ROOT = Path(__file__).resolve().parents[1]
RUNS_FILE = ROOT / "rules" / "source" / "article-runs.txt"
SHARED_ARTICLE = ROOT.parent / "shared" / "source" / "channel-article.zh-Hant.txt"
HEADER = (
    "# Truncated SHA-256 (16 hex digits) of every distinct 8-character run of the article\n"
    "# (channel-article.zh-Hant.txt), sorted; made by tests/article_runs.py: fingerprints(text).\n"
)


def digest(run: str) -> str:
    """The fingerprint of one run of characters."""
    return hashlib.sha256(run.encode("utf-8")).hexdigest()[:16]


def fingerprints(article: str, length: int = RUN) -> list[str]:
    """Sorted fingerprints of every distinct run of `length` characters of the article."""
    return sorted({digest(article[i : i + length]) for i in range(len(article) - length + 1)})


def runs_file_text(article: str) -> str:
    """The whole fingerprint file for an article, header included."""
    return HEADER + "".join(f"{line}\n" for line in fingerprints(article))


def load_runs(path: Path = RUNS_FILE) -> frozenset[str]:
    """The stored fingerprints."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def shared_run(text: str, runs: frozenset[str], length: int = RUN) -> str | None:
    """The first run of `length` characters of `text` that also stands in the article, if any."""
    return next(
        (text[i : i + length] for i in range(len(text) - length + 1) if digest(text[i : i + length]) in runs),
        None,
    )
