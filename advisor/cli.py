"""The command line: recommend, batch, rules check, bench (argparse; texts from the catalogues)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from advisor.batch import BatchFileError, run_batch
from advisor.cases import cases_path_for, check_lines, load_cases, run_checks
from advisor.decision import recommend
from advisor.engine import WeightError, weight_vector
from advisor.i18n import DEFAULT_LANG, LANGS, Lang, t
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, ProfileError, parse_profile
from advisor.report import (
    answer_label,
    channel_label,
    document,
    markdown_table,
    to_json,
    to_markdown,
    to_text,
)
from advisor.rules import DIMENSIONS, RuleFileError, load_rules
from advisor.scenarios import (
    DIFFERS,
    DocumentError,
    ScenarioError,
    compare_documents,
    load_document,
    row_label,
)

FORMATTERS: dict[str, Callable[[dict], str]] = {"text": to_text, "json": to_json, "markdown": to_markdown}
EXIT_INPUT = 2
EXIT_CHECK = 1  # the rule file is valid but a case, law or bound in its cases.toml fails


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _add_profile_options(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """One option per profile field, named after it; values are validated by the Profile model."""
    for name in PROFILE_FIELDS:
        spec = FIELD_SPECS[name]
        help_text = t(f"field.{name}.help", lang)
        if spec.kind == "bool":
            default = False if spec.required else None
            parser.add_argument(
                _option(name), action=argparse.BooleanOptionalAction, default=default, help=help_text
            )
        else:
            metavar = "|".join(spec.choices) if spec.kind == "choice" else spec.kind.upper()
            parser.add_argument(_option(name), required=spec.required, metavar=metavar, help=help_text)


def _add_lang(parser: argparse.ArgumentParser, lang: Lang) -> None:
    """Every command takes --lang, so it may stand before or after the command's own options."""
    parser.add_argument("--lang", choices=LANGS, default=lang, help=t("cli.help.lang", lang))


def _positive(text: str) -> int:
    """argparse type: a whole number of at least 1."""
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} < 1")
    return value


def _add_common(parser: argparse.ArgumentParser, lang: Lang) -> None:
    _add_lang(parser, lang)
    parser.add_argument("--rules", type=Path, default=None, metavar="PATH", help=t("cli.help.rules", lang))
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="DIMENSION=VALUE",
        help=t("cli.help.weight", lang, dimensions=", ".join(DIMENSIONS)),
    )


def build_parser(lang: Lang = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The full argument parser, its help texts in the given language."""
    parser = argparse.ArgumentParser(prog="python -m advisor", description=t("cli.help.description", lang))
    _add_lang(parser, lang)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    rec = commands.add_parser("recommend", help=t("cli.help.recommend", lang))
    _add_profile_options(rec, lang)
    _add_common(rec, lang)
    rec.add_argument("--format", choices=tuple(FORMATTERS), default="text", help=t("cli.help.format", lang))

    batch = commands.add_parser("batch", help=t("cli.help.batch", lang))
    batch.add_argument("input", type=Path, metavar="IN.csv")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="OUT.csv")
    _add_common(batch, lang)

    compare = commands.add_parser("compare", help=t("cli.help.compare", lang))
    compare.add_argument("documents", type=Path, nargs="+", metavar="SCENARIO.json")
    compare.add_argument(
        "--format",
        choices=("text", "markdown", "csv"),
        default="text",
        help=t("cli.help.compare_format", lang),
    )
    compare.add_argument(
        "-o", "--output", type=Path, default=None, metavar="OUT", help=t("cli.help.compare_output", lang)
    )
    _add_lang(compare, lang)

    rules = commands.add_parser("rules", help=t("cli.help.rules_group", lang))
    rules_commands = rules.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    check = rules_commands.add_parser("check", help=t("cli.help.rules_check", lang))
    check.add_argument("path", type=Path, metavar="PATH")
    check.add_argument("--cases", type=Path, default=None, metavar="CASES", help=t("advice.check.help", lang))
    _add_lang(check, lang)

    bench = commands.add_parser("bench", help=t("cli.help.bench", lang))
    bench.add_argument("--rows", type=_positive, default=1_000_000, help=t("cli.help.bench_rows", lang))
    _add_lang(bench, lang)
    return parser


def parse_weights(pairs: Sequence[str], lang: Lang) -> dict[str, float]:
    """Turn repeated DIMENSION=VALUE options into a weights mapping, with clear errors."""
    weights: dict[str, float] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        try:
            weights[name.strip()] = float(value)
        except ValueError:
            sep = ""
        if not sep:
            raise WeightError(t("cli.bad_weight", lang, pair=pair, dimensions=", ".join(DIMENSIONS)))
    return weights


def _recommend(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    weights = parse_weights(args.weight, args.lang)
    weight_vector(rules, weights, args.lang)  # validate before scoring
    answers = {name: getattr(args, name) for name in PROFILE_FIELDS}
    profile = parse_profile(answers, args.lang)
    doc = document(recommend(profile, rules, weights), args.lang)
    sys.stdout.write(FORMATTERS[args.format](doc))
    return 0


def _batch(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    weights = parse_weights(args.weight, args.lang)
    weight_vector(rules, weights, args.lang)
    summary = run_batch(args.input, args.output, rules, weights, args.lang)
    print(summary.line(args.lang))
    return 0


def _compare(args: argparse.Namespace) -> int:
    docs = []
    for path in args.documents:
        doc = load_document(path, args.lang)
        docs.append({**doc, "name": doc.get("name") or path.stem})
    frame = compare_documents(docs, args.lang)
    if args.format == "csv":  # data for a spreadsheet: field names and raw values
        text = frame.to_csv(index_label="item")
    elif args.format == "markdown":
        text = _markdown_table(_readable(frame, args.lang), args.lang)
    else:
        text = _readable(frame, args.lang).to_string() + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        raise DocumentError(
            t("batch.cannot_write", args.lang, path=args.output, reason=error.strerror)
        ) from None
    return 0


def _readable(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """A comparison in words: answer and channel labels, translated row and column names."""
    shown = frame.astype(object)
    for row in shown.index:
        for column in shown.columns[:-1]:
            value = shown.at[row, column]
            if row in FIELD_SPECS:
                shown.at[row, column] = answer_label(row, value, lang)
            elif row == "recommendation":
                shown.at[row, column] = channel_label(value, lang)
    shown[DIFFERS] = [t("choice.bool.yes" if d else "choice.bool.no", lang) for d in frame[DIFFERS]]
    shown.index = [row_label(row, lang) for row in shown.index]
    return shown.rename(columns={DIFFERS: t("analysis.scenario.differs", lang)})


def _markdown_table(frame: pd.DataFrame, lang: Lang) -> str:
    """A comparison as a Markdown table; rows that differ are marked in bold."""
    yes = t("choice.bool.yes", lang)
    header = [t("analysis.scenario.item", lang), *map(str, frame.columns[:-1])]
    rows = [
        [f"**{label}**" if row.iloc[-1] == yes else str(label), *map(str, row.iloc[:-1])]
        for label, row in frame.iterrows()
    ]
    return "\n".join(markdown_table(header, rows)) + "\n"


def _rules_check(args: argparse.Namespace) -> int:
    rules = load_rules(args.path)
    print(t("cli.rules_ok", args.lang, path=args.path, rules=len(rules.rules), version=rules.version))
    cases_path = args.cases or cases_path_for(args.path)
    if cases_path is None:
        print(t("advice.check.no_cases", args.lang, path=args.path))
        return 0
    report = run_checks(rules, load_cases(cases_path))
    for line in check_lines(report, args.lang):
        print(line, file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else EXIT_CHECK


def _bench(args: argparse.Namespace) -> int:
    from advisor.bench import run_benchmarks

    run_benchmarks(rows=args.rows, lang=args.lang)
    return 0


def _lang_from(argv: Sequence[str]) -> Lang:
    """Pick up --lang early so help and errors come out in that language too."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG)
    known, _ = early.parse_known_args(argv)
    return known.lang


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; input problems print one clear message to stderr and exit with status 2."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _lang_from(argv)
    args = build_parser(lang).parse_args(argv)
    handlers = {
        "recommend": _recommend,
        "batch": _batch,
        "compare": _compare,
        "rules": _rules_check,
        "bench": _bench,
    }
    try:
        return handlers[args.command](args)
    except (ProfileError, WeightError, BatchFileError, DocumentError, ScenarioError) as error:
        print(t("cli.error", lang, message=error), file=sys.stderr)
    except RuleFileError as error:
        print(t("cli.rules_invalid", lang, count=len(error.problems)), file=sys.stderr)
        print(error, file=sys.stderr)
    return EXIT_INPUT
