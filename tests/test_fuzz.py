"""Fuzzing the command line in-process: whatever hypothesis generates, no traceback, exit 0 or 2,
and a failure message in the language asked for with --lang.

Three targets: recommend's option values, rule files (mutations of the bundled one) and compare
documents (mutations of real saved recommendations). Run with --hypothesis-show-statistics to see
how many examples each target ran.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from documents import document_of
from hypothesis import HealthCheck, event, find, given, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from advisor.cli import main
from advisor.decision import recommend
from advisor.i18n import LANGS, Lang, t, tn
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, parse_profile
from advisor.report import to_json
from advisor.rules import DEFAULT_RULES_PATH, DIMENSIONS

FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "100")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
CJK = re.compile(r"[\u3400-\u9fff]")
RULE_TEXT = DEFAULT_RULES_PATH.read_text(encoding="utf-8")

# Text a person (or an attacker) might type: digits of other scripts, escapes, huge numbers.
HOSTILE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["２０００", "٢", "1e400", "nan", "-inf", "1_000", "0x10", "true", "\x1b[2J", "\u202e", ""]
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.just("9" * 5000),
)


def _valid(name: str) -> st.SearchStrategy[str]:
    spec = FIELD_SPECS[name]
    if spec.kind == "choice":
        return st.sampled_from(spec.choices)
    return st.integers(int(spec.ge or 0) + 1, 5000).map(str)


def _run(argv: list[str]) -> tuple[int, str, str]:
    """main(argv) with stdout and stderr captured; any exception escaping main fails the test."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    return code, out.getvalue(), err.getvalue()


def _frames(lang: Lang) -> tuple[str, ...]:
    """How a failure message starts in a language: the error line, or a rule file's count line."""
    return (
        t("cli.error", lang, message=""),
        tn("cli.rules_problems", 1, lang).split("1")[0],
        tn("cli.rules_problems", 2, lang).split("2")[0],
    )


def check_outcome(argv: list[str], lang: Lang) -> int:
    """The properties every run must have; returns the exit code."""
    code, out, err = _run(argv)
    if currently_in_test_context():
        event(f"exit {code}")  # the share of each outcome shows with --hypothesis-show-statistics
    assert code in (0, 2), (code, err)
    assert "Traceback" not in err and "\x1b" not in err
    if code == 0:
        assert out
        return code
    assert err.startswith(_frames(lang)), err
    first = err.splitlines()[0]
    if lang != "en":
        assert CJK.search(first), err
    return code


# ---------------------------------------------------------------- recommend options


@st.composite
def recommend_argv(draw: st.DrawFn) -> tuple[list[str], Lang]:
    lang = draw(st.sampled_from(LANGS))
    argv = ["recommend", "--lang", lang]
    for name in PROFILE_FIELDS:
        spec = FIELD_SPECS[name]
        option = "--" + name.replace("_", "-")
        if not spec.required and not draw(st.booleans()):
            continue
        if spec.kind == "bool":
            argv.append(draw(st.sampled_from([option, "--no-" + option[2:]])))
        elif draw(st.integers(0, 12)) == 0:
            argv += [option, draw(HOSTILE)]
        else:
            argv += [option, draw(_valid(name))]
    for _ in range(draw(st.integers(0, 2))):
        dimension = draw(st.sampled_from(DIMENSIONS) | st.sampled_from(DIMENSIONS) | st.text(max_size=8))
        value = draw(st.floats(0, 5).map(str) | st.floats(0, 5).map(str) | HOSTILE)
        argv += ["--weight", f"{dimension}={value}"]
    if draw(st.booleans()):
        argv += [
            "--format",
            draw(st.one_of(st.sampled_from(["text", "json", "markdown"]), st.text(max_size=6))),
        ]
    return argv, lang  # type: ignore[return-value]


@FUZZ
@given(recommend_argv())
def test_fuzz_recommend_options(case):
    argv, lang = case
    if check_outcome(argv, lang) == 0 and "json" in argv:
        assert json.loads(_run(argv)[1])["recommendation"]


# ---------------------------------------------------------------- rule files


NUMBER = re.compile(r"(?<![\w.-])-?\d+\.\d+(?![\w.])")


@st.composite
def rule_file_text(draw: st.DrawFn) -> str:
    """The bundled rule file with a few numbers, lines or bytes changed."""
    text = RULE_TEXT
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["number", "line", "cut", "nest"]))
        numbers = list(NUMBER.finditer(text))
        if kind in ("number", "line") and not numbers:
            kind = "cut"
        if kind == "number":
            match = numbers[draw(st.integers(0, len(numbers) - 1))]
            value = draw(
                st.one_of(
                    st.floats(allow_nan=True, allow_infinity=True).map(
                        lambda x: repr(x).replace("inf", "inf")
                    ),
                    st.integers(-(10**400), 10**400).map(str),
                    st.sampled_from(["1e-320", "0.0", "-0.0", "1.7e308", "nan", "inf", '"7"', "true", "[]"]),
                )
            )
            text = text[: match.start()] + value + text[match.end() :]
        elif kind == "line":
            lines = text.splitlines()
            index = draw(st.integers(0, len(lines) - 1))
            lines[index] = draw(st.one_of(st.text(max_size=40), st.just(""), st.just(lines[index] * 2)))
            text = "\n".join(lines)
        elif kind == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        else:
            depth = draw(st.sampled_from([14, 15, 16, 300]) | st.integers(1, 300))
            leaf = '{ field = "part_time", op = "eq", value = true }'
            text = text.replace(
                "when = {", "when = " + "{ all = [" * depth + leaf + "] }" * depth + "\nx = {", 1
            )
    return text


@contextlib.contextmanager
def _file(data: bytes, suffix: str) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        yield path


@FUZZ
@given(rule_file_text(), st.sampled_from(LANGS), st.sampled_from(["check", "recommend"]))
def test_fuzz_rule_files(text, lang, command):
    with _file(text.encode("utf-8", "surrogatepass"), ".toml") as path:
        if command == "check":
            argv = ["rules", "check", str(path), "--lang", lang]
        else:
            argv = ["recommend", "--category", "fmcg", "--monthly-budget", "2000", "--team-size", "1"]
            argv += ["--rules", str(path), "--format", "json", "--lang", lang]
        if check_outcome(argv, lang) == 0 and command == "recommend":
            doc = json.loads(_run(argv)[1])  # strict: a NaN score would not be valid JSON
            assert all(0 <= score <= 100 for score in doc["scores"].values())


# ---------------------------------------------------------------- compare documents


def _saved(answers: dict) -> dict:
    return json.loads(to_json(document_of(recommend(parse_profile(answers)), "en")))


SAVED = [
    _saved({"category": "electronics", "monthly_budget": 60000, "team_size": 6, "part_time": False}),
    _saved(
        {"category": "fmcg", "monthly_budget": 800, "team_size": 1, "part_time": True, "social_reach": 3000}
    ),
]
# Text as JSON allows it: any character and lone surrogates ("\\ud800"), which UTF-8 cannot hold.
# (st.text draws surrogates only in valid pairs, so lone ones are put between pieces of text.)
LONE_SURROGATE = st.integers(0xD800, 0xDFFF).map(chr)
JSON_TEXT = st.lists(st.text(max_size=4) | LONE_SURROGATE, max_size=4).map("".join)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers(-(10**50), 10**50) | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(JSON_TEXT, inner, max_size=3),
    max_leaves=8,
)


@st.composite
def compare_document(draw: st.DrawFn) -> bytes:
    """A saved recommendation with keys, answers or weights changed, or raw bytes."""
    doc = json.loads(json.dumps(draw(st.sampled_from(SAVED))))
    for _ in range(draw(st.sampled_from([0, 0, 1, 2, 3]))):
        parts = [doc, *(doc[k] for k in ("profile", "weights", "scores") if isinstance(doc.get(k), dict))]
        where = draw(st.sampled_from(parts))
        key = draw(st.one_of(st.sampled_from(sorted(where) or ["x"]), JSON_TEXT))
        if draw(st.booleans()):
            where[key] = draw(JSON_VALUES)
        else:
            where.pop(key, None)
    if draw(st.booleans()):
        doc["name"] = draw(JSON_TEXT)
    text = json.dumps(doc, ensure_ascii=draw(st.booleans()))  # a surrogate: "\\ud800", or bytes UTF-8 refuses
    kind = draw(st.sampled_from(["json", "json", "json", "bom", "cut", "deep", "bytes"]))
    if kind == "bom":
        return ("\ufeff" + text).encode("utf-8", "surrogatepass")
    if kind == "cut":
        return text[: draw(st.integers(0, len(text)))].encode("utf-8", "surrogatepass")
    if kind == "deep":
        depth = draw(st.sampled_from([10, 900, 1_100, 50_000]) | st.integers(1, 50_000))
        deep = text.replace('"profile": ', '"profile": ' + "[" * depth + "]" * depth + ', "p": ', 1)
        return deep.encode("utf-8", "surrogatepass")
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    return text.encode("utf-8", "surrogatepass")


FORMATS = ["text", "markdown", "csv"]


def _check_compare(documents: list[bytes], lang: Lang, fmt: str) -> None:
    """check_outcome of compare over the documents, each written to its own file."""
    with tempfile.TemporaryDirectory() as folder:
        paths = []
        for index, data in enumerate(documents):
            path = Path(folder) / f"doc{index}.json"
            path.write_bytes(data)
            paths.append(str(path))
        check_outcome(["compare", *paths, "--format", fmt, "--lang", lang], lang)


@FUZZ
@given(
    st.one_of(st.lists(compare_document(), min_size=2, max_size=4), st.lists(compare_document(), max_size=6)),
    st.sampled_from(LANGS),
    st.sampled_from(FORMATS),
)
def test_fuzz_compare_documents(documents, lang, fmt):
    _check_compare(documents, lang, fmt)


@st.composite
def named_document(draw: st.DrawFn) -> bytes:
    """A valid saved recommendation whose name, or one of its strings, is any text JSON can hold."""
    doc = json.loads(json.dumps(draw(st.sampled_from(SAVED))))
    if draw(st.booleans()):
        doc["name"] = draw(JSON_TEXT)
    strings = [(doc, key) for key, value in doc.items() if isinstance(value, str)]
    strings += [(doc["profile"], key) for key, value in doc["profile"].items() if isinstance(value, str)]
    if draw(st.booleans()):
        where, key = draw(st.sampled_from(strings))
        where[key] = draw(JSON_TEXT)
    return json.dumps(doc).encode("ascii")  # ensure_ascii: a lone surrogate is written as "\\ud800"


@FUZZ
@given(st.lists(named_document(), min_size=2, max_size=4), st.sampled_from(LANGS), st.sampled_from(FORMATS))
def test_fuzz_compare_names_and_strings(documents, lang, fmt):
    _check_compare(documents, lang, fmt)


def test_the_compare_documents_hold_lone_surrogates():
    """The compare fuzzing reaches names and strings that JSON allows and UTF-8 cannot hold."""

    def lone(data: bytes) -> bool:
        name = json.loads(data).get("name", "")
        return name.encode("utf-8", "replace").decode("utf-8") != name

    assert lone(find(named_document(), lone))


@pytest.mark.parametrize("lang", LANGS)
def test_the_fuzz_properties_can_fail(lang):
    """The checker itself rejects a message in the wrong language (so the fuzz tests are not vacuous)."""
    other = "en" if lang != "en" else "zh-Hans"
    with pytest.raises(AssertionError):
        check_outcome(["recommend", "--lang", other, "--team-size", "x"], lang)
