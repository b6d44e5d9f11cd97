"""The command line: recommend, batch, rules check, bench (argparse; texts from the catalogues)."""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from advisor.analysis import analyse
from advisor.batch import run_batch
from advisor.cases import cases_path_for, check_lines, load_cases, run_checks
from advisor.cliargs import Parser, lang_from
from advisor.decision import recommend
from advisor.errors import ChannelFitError, DocumentError, InputError, Problem, RuleFileError, WeightError
from advisor.export import files, markdown
from advisor.files import same_file, write_atomic
from advisor.i18n import DEFAULT_LANG, LANGS, Lang, t, tn
from advisor.messages import describe_error, join_problems
from advisor.profile import FIELD_SPECS, PROFILE_FIELDS, parse_number, parse_profile
from advisor.report import document, to_json
from advisor.rules import DIMENSIONS, load_rules
from advisor.scenarios import file_names, load_document
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
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
DEFAULT_BENCH_ROWS, MAX_BENCH_ROWS = 1_000_000, 10_000_000
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


def _option(name: str) -> str:
    return "--" + name.replace("_", "-")


def _add_profile_options(parser: Parser, lang: Lang) -> None:
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


def _add_lang(parser: Parser, lang: Lang) -> None:
    """Every command takes --lang, so it may stand before or after the command's own options."""
    parser.add_argument("--lang", choices=LANGS, default=lang, help=t("cli.help.lang", lang))


def _add_common(parser: Parser, lang: Lang) -> None:
    _add_lang(parser, lang)
    parser.add_argument("--rules", type=Path, default=None, metavar="PATH", help=t("cli.help.rules", lang))
    parser.add_argument(
        "--weight",
        action="append",
        default=[],
        metavar="DIMENSION=VALUE",
        help=t("cli.help.weight", lang, dimensions=", ".join(DIMENSIONS)),
    )


def build_parser(lang: Lang = DEFAULT_LANG) -> Parser:
    """The full argument parser, its help texts in the given language; errors raise InputError."""
    parser = Parser(prog="python -m advisor", description=t("cli.help.description", lang))
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
    bench.add_argument("--rows", default=str(DEFAULT_BENCH_ROWS), help=t("cli.help.bench_rows", lang))
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
    paths: list[Path] = list(args.documents)
    if args.output is not None and any(same_file(args.output, path) for path in paths):
        raise InputError(Problem("--output", "same_as_input", where=str(args.output)), lang=args.lang)
    names = file_names(paths)
    docs = []
    for path, name in zip(paths, names, strict=True):
        doc = load_document(path, args.lang, MAX_DOCUMENT_BYTES)
        docs.append({**doc, "name": doc.get("name") or name})
    text = COMPARERS[args.format](docs, args.lang)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    problem = write_atomic(args.output, text)
    if problem is not None:
        raise DocumentError(problem, lang=args.lang)
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


def bench_rows(text: str, lang: Lang) -> int:
    """--rows: a whole number from 1 to MAX_BENCH_ROWS, by the digit rule (1e6 is fine, 1e12 is not)."""
    number = parse_number(text)
    if number is None or not number.is_integer() or not 1 <= number <= MAX_BENCH_ROWS:
        params = {"kind": "int", "low": 1, "high": MAX_BENCH_ROWS}
        raise InputError(Problem("--rows", "bench_rows", text, (), params), lang=lang)
    return int(number)


def _bench(args: argparse.Namespace) -> int:
    from advisor.bench import run_benchmarks

    run_benchmarks(rows=bench_rows(args.rows, args.lang), lang=args.lang)
    return 0


def _run(argv: list[str], lang: Lang) -> int:
    """Parse and run one command; input problems propagate as ChannelFitError."""
    args = build_parser(lang).parse_args(argv)
    handlers = {
        "recommend": _recommend,
        "batch": _batch,
        "compare": _compare,
        "rules": _rules_check,
        "bench": _bench,
    }
    return handlers[args.command](args)


def _report(error: ChannelFitError, lang: Lang) -> None:
    """Print an input error to stderr in the language asked for: one line, or a rule file's list."""
    sentences = describe_error(error, lang, codes=True)
    if isinstance(error, RuleFileError):
        print(tn("cli.rules_problems", len(sentences), lang), *sentences, sep="\n", file=sys.stderr)
    else:
        print(t("cli.error", lang, message=join_problems(sentences, lang)), file=sys.stderr)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush cannot fail on a closed pipe."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass  # not a real file descriptor (captured in tests): nothing to protect


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; input problems print one clear message to stderr and exit with status 2.

    Ctrl-C prints one line and exits with 130; a closed stdout (| head) ends quietly; --help exits 0.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = lang_from(argv)
    try:
        return _run(argv, lang)
    except ChannelFitError as error:
        _report(error, lang)
    except KeyboardInterrupt:
        _report(InputError(Problem("", "interrupted")), lang)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader has gone (| head): stop quietly
        _silence_stdout()
        return 0
    except SystemExit as exit_:  # --help and --version print, then exit 0
        return exit_.code if isinstance(exit_.code, int) else 0
    return EXIT_INPUT
