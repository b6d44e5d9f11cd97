"""The command line: recommend, batch, rules check, bench (argparse; texts from the catalogues)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from advisor.analysis import analyse
from advisor.batch import run_batch
from advisor.cases import cases_path_for, check_lines, load_cases, run_checks
from advisor.decision import recommend
from advisor.errors import ChannelFitError, DocumentError, Problem, RuleFileError, WeightError
from advisor.export import files, markdown
from advisor.i18n import DEFAULT_LANG, LANGS, Lang, t, tn
from advisor.messages import describe_error, join_problems
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, parse_number, parse_profile
from advisor.report import document, to_json
from advisor.rules import DIMENSIONS, load_rules
from advisor.scenarios import load_document
from advisor.weights import check_weights, refuse_all_zero

FORMATTERS: dict[str, Callable[[dict], str]] = {
    "text": markdown.report_text,
    "json": to_json,
    "markdown": markdown.report_markdown,
}
COMPARERS: dict[str, Callable[[list[dict], Lang], str]] = {
    "text": markdown.comparison_text,
    "markdown": markdown.comparison_markdown,
    "csv": files.comparison_csv_text,  # data for a spreadsheet: field names and raw values
}
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
        number = parse_number(value)
        if not sep or number is None:
            raise WeightError(Problem("--weight", "weight_syntax", pair, DIMENSIONS), lang=lang)
        weights[name.strip()] = number
    return weights


def _recommend(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    weights = parse_weights(args.weight, args.lang)
    refuse_all_zero(check_weights(weights, rules.weights, args.lang), args.lang)  # before scoring
    answers = {name: getattr(args, name) for name in PROFILE_FIELDS}
    profile = parse_profile(answers, args.lang)
    rec = recommend(profile, rules, weights)
    doc = document(rec, args.lang, analyse(rec.profile, rec.rules, rec.weights))
    sys.stdout.write(FORMATTERS[args.format](doc))
    return 0


def _batch(args: argparse.Namespace) -> int:
    rules = load_rules(args.rules)
    weights = parse_weights(args.weight, args.lang)
    refuse_all_zero(check_weights(weights, rules.weights, args.lang), args.lang)
    summary = run_batch(args.input, args.output, rules, weights, args.lang)
    print(summary.line(args.lang))
    return 0


def _compare(args: argparse.Namespace) -> int:
    docs = []
    for path in args.documents:
        doc = load_document(path, args.lang)
        docs.append({**doc, "name": doc.get("name") or path.stem})
    text = COMPARERS[args.format](docs, args.lang)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    try:
        args.output.write_text(text, encoding="utf-8")
    except OSError as error:
        params = {"reason": error.strerror}
        raise DocumentError(Problem("--output", "cannot_write", None, (), params, str(args.output))) from None
    return 0


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
    except RuleFileError as error:
        print(tn("cli.rules_problems", len(error.problems), lang), file=sys.stderr)
        print("\n".join(describe_error(error, lang, codes=True)), file=sys.stderr)
    except ChannelFitError as error:
        message = join_problems(describe_error(error, lang, codes=True), lang)
        print(t("cli.error", lang, message=message), file=sys.stderr)
    return EXIT_INPUT
