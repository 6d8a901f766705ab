"""The ``kompass`` command line.

Exit codes: 0 success, 1 invalid input (every problem is printed, one line
each), 2 wrong usage, 3 an internal error (a bug: run with ``--debug`` for the
traceback and report it), 130 interrupted, 141 the output pipe was closed.
Modules are imported only when a command needs them, to keep start-up quick.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any, NoReturn

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
LANGS = ("sv", "en", "nb")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


class _Version(argparse.Action):
    """``--version``: the package's version, which is also the distribution's
    (pyproject.toml reads it from ``kompass_core.__version__``)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: Any, **kwargs: Any) -> None:
        from kompass_core import __version__

        print(f"kompass {__version__}")
        parser.exit()


def _build_parser(
    plugin_commands: bool = False, only: str | None = None
) -> argparse.ArgumentParser:
    """The command line's parser; with ``plugin_commands``, the plugins' commands
    too; with ``only``, that command of Kompass's alone (all that parsing its
    command line needs: building every command's parser costs a quick
    command a noticeable part of its start)."""
    parser = _Parser(
        prog="kompass",
        description="Validate and score evaluations on versioned rubrics (Kommunkompassen).",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    parser.add_argument(
        "--debug", action="store_true", help="show the traceback of an internal error"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for name, add in _COMMANDS.items():
        if only in (None, name):
            add(commands)
    if plugin_commands:
        _add_plugin_commands(commands)
    return parser


def _add_rubrics(commands: Any) -> None:
    rubrics = commands.add_parser("rubrics", help="list and show installed rubrics")
    rubric_commands = rubrics.add_subparsers(
        dest="rubrics_command", metavar="COMMAND", parser_class=_Parser
    )
    rubric_commands.required = True
    listing = rubric_commands.add_parser("list", help="list installed rubrics")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    _add_lang(listing, "names")
    listing.set_defaults(handler=_rubrics_list)
    show = rubric_commands.add_parser(
        "show", help="show a rubric's areas, questions and maxima (an id or a file)"
    )
    show.add_argument("rubric", metavar="ID", help="an installed rubric's id, or a definition file")
    show.add_argument("--format", choices=("table", "json"), default="table")
    show.add_argument(
        "--lang",
        choices=LANGS,
        default=None,
        help="language of texts (falls back to Swedish); without it --format json gives all",
    )
    show.set_defaults(handler=_rubrics_show)
    check = rubric_commands.add_parser(
        "check", help="check rubric definition files before they are registered"
    )
    _add_files(check)
    check.set_defaults(handler=_rubrics_check)

    compare = rubric_commands.add_parser(
        "diff", help="the structural difference between two rubrics (ids or files)"
    )
    _add_pair(compare)
    compare.add_argument("--format", choices=("table", "json"), default="table")
    _add_lang(compare, "texts")
    compare.add_argument(
        "--all", action="store_true", help="list unchanged questions and areas too"
    )
    compare.set_defaults(handler=_rubrics_diff)


def _add_migrations(commands: Any) -> None:
    migrations = commands.add_parser("migrations", help="list, check and draft migrations")
    migration_commands = migrations.add_subparsers(
        dest="migrations_command", metavar="COMMAND", parser_class=_Parser
    )
    migration_commands.required = True
    listing = migration_commands.add_parser("list", help="list installed migrations")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    listing.set_defaults(handler=_migrations_list)
    check = migration_commands.add_parser(
        "check", help="check migration files before they are registered"
    )
    _add_files(check)
    check.add_argument(
        "--rubric",
        action="append",
        default=[],
        metavar="FILE",
        help="a rubric definition that is not installed yet (repeatable)",
    )
    check.set_defaults(handler=_migrations_check)
    draft = migration_commands.add_parser(
        "scaffold", help="write a draft migration from A to B, with a todo for every decision"
    )
    _add_pair(draft)
    _add_output(draft)
    draft.set_defaults(handler=_migrations_scaffold)


def _add_profiles(commands: Any) -> None:
    profiles = commands.add_parser(
        "profiles", help="list reference profiles (published means) to compare against"
    )
    profiles.add_argument("--rubric", metavar="ID", help="only profiles on this rubric")
    profiles.add_argument("--format", choices=("table", "json"), default="table")
    _add_lang(profiles, "names")
    profiles.set_defaults(handler=_profiles)


def _add_plugins(commands: Any) -> None:
    plugins = commands.add_parser(
        "plugins", help="list the plugins, their versions and what each provides"
    )
    plugins.add_argument("--format", choices=("table", "json"), default="table")
    plugins.set_defaults(handler=_plugins_command)


def _add_validate(commands: Any) -> None:
    validate = commands.add_parser(
        "validate", help="check evaluation files (a folder: every file below it)"
    )
    _add_batch(validate, "FILE_OR_DIR")
    validate.add_argument("--format", choices=("text", "jsonl", "csv"), default="text")
    validate.set_defaults(handler=_validate)


def _add_migrate(commands: Any) -> None:
    migrate = commands.add_parser(
        "migrate", help="carry an evaluation over to another rubric, with ranges and provenance"
    )
    _add_batch(migrate, "FILE_OR_DIR")
    migrate.add_argument("--to", required=True, metavar="RUBRIC", help="the target rubric's id")
    migrate.add_argument(
        "--format",
        choices=("toml", "json", "jsonl"),
        default=None,
        help="output format (default: from OUT's suffix, else toml); jsonl: one record per file",
    )
    _add_output(migrate)
    migrate.add_argument(
        "--output-dir",
        metavar="DIR",
        help="with several files: write each into DIR, at its name relative to its folder",
    )
    migrate.set_defaults(handler=_migrate)


def _add_trend(commands: Any) -> None:
    trend = commands.add_parser(
        "trend", help="evaluations over time on one scale, with ranges and distinguishable changes"
    )
    trend.add_argument("files", nargs="+", metavar="FILE_OR_DIR")
    trend.add_argument(
        "--to", metavar="RUBRIC", help="the scale (default: the newest rubric among the inputs)"
    )
    trend.add_argument("--subject", metavar="NAME", help="only this subject (name or code)")
    trend.add_argument("--reference", metavar="NAME", help="a reference profile to compare with")
    _add_format(trend, ("table", "json", "csv", "html"))
    _add_lang(trend, "labels")
    _add_output(trend)
    trend.set_defaults(handler=_trend)


def _add_report(commands: Any) -> None:
    report = commands.add_parser(
        "report", help="a report of one evaluation (HTML with charts, markdown or text)"
    )
    report.add_argument("file", metavar="FILE")
    report.add_argument("--previous", metavar="FILE", help="the evaluation to compare with")
    report.add_argument("--reference", metavar="NAME", help="a reference profile to compare with")
    _add_format(report, ("html", "md", "txt"))
    report.add_argument(
        "--lang", choices=("sv", "en"), default="sv", help="language of labels and names"
    )
    _add_output(report)
    report.set_defaults(handler=_report_command)


def _add_score(commands: Any) -> None:
    score = commands.add_parser(
        "score", help="score evaluation files (a folder: every file below it)"
    )
    _add_batch(score, "FILE_OR_DIR")
    _add_format(score, ("table", "json", "csv", "jsonl"))
    _add_lang(score, "names")
    score.add_argument(
        "--questions", action="store_true", help="list each question under its area (table and csv)"
    )
    _add_output(score)
    score.set_defaults(handler=_score)


_COMMANDS: dict[str, Callable[[Any], None]] = {
    "rubrics": _add_rubrics,
    "migrations": _add_migrations,
    "profiles": _add_profiles,
    "plugins": _add_plugins,
    "validate": _add_validate,
    "migrate": _add_migrate,
    "trend": _add_trend,
    "report": _add_report,
    "score": _add_score,
}
"""Kompass's own commands, in the order ``kompass --help`` lists them, and what adds each
to the parser."""


def _add_plugin_commands(commands: Any) -> None:
    """Add the plugins' commands; print why one is left out."""
    from kompass_core import _plugins

    registry = _plugins.default_registry()
    for name, command in registry.commands().items():
        plugin = registry.provider("kompass_commands", name)
        sub = commands.add_parser(name, help=f"{command.help} [plugin {plugin}]")
        sub.set_defaults(handler=_plugins.blamed(plugin, f"command {name!r}", command.run))
        command.arguments(sub)
    _print_problems(registry.problems_loaded())  # loading the plugins and their commands


def _add_format(parser: argparse.ArgumentParser, shipped: tuple[str, ...]) -> None:
    """``--format``: one of Kompass's own, or a plugin's (checked when the command runs,
    so that plugins are loaded only by the commands that use them)."""
    parser.add_argument(
        "--format",
        default=shipped[0],
        metavar="FORMAT",
        help=f"{', '.join(shipped)} (default {shipped[0]}), or a plugin's (kompass plugins)",
    )
    parser.set_defaults(shipped_formats=shipped, command_parser=parser)


def _plugin_format(args: argparse.Namespace, command: str) -> Callable[[Any], str] | None:
    """None for one of Kompass's own formats, else the renderer of the plugin's
    format ``--format`` names; a usage error (exit 2) when no format of that
    name serves this command."""
    if args.format in args.shipped_formats:
        return None
    from kompass_core import _plugins

    registry = _plugins.default_registry()
    formats = registry.formats(command)
    if args.format not in formats:
        known = ", ".join([*args.shipped_formats, *formats])
        _usage(
            args,
            f"argument --format: expected one of {known}, found {args.format!r}"
            + registry.problems_hint(),
        )
    render = getattr(formats[args.format], f"render_{command}")
    plugin = registry.provider("kompass_output_formats", args.format)
    return _plugins.blamed(plugin, f"format {args.format!r}", lambda it: render(it, args.lang))


def _add_lang(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--lang", choices=LANGS, default="sv", help=f"language of {what} (falls back to Swedish)"
    )


def _add_batch(parser: argparse.ArgumentParser, metavar: str) -> None:
    """Files and folders, worked through one by one, in several processes with ``--jobs``."""
    _add_files(parser, metavar)
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="use N processes (0: one per CPU); the output is the same, in the same order",
    )


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if jobs < 0:
        raise argparse.ArgumentTypeError(f"expected 0 or more, found {jobs}")
    if jobs == 0:
        from kompass_core._batch import default_jobs

        return default_jobs()
    return jobs


def _add_files(parser: argparse.ArgumentParser, metavar: str = "FILE") -> None:
    parser.add_argument("files", nargs="+", metavar=metavar)
    parser.set_defaults(command_parser=parser)
    parser.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print only problems: no line per valid file, no progress bar",
    )


def _add_pair(parser: argparse.ArgumentParser) -> None:
    """Two rubrics, each an installed id or a definition file."""
    parser.add_argument("source", metavar="A", help="rubric id or definition file")
    parser.add_argument("target", metavar="B", help="rubric id or definition file")
    parser.add_argument(
        "--by-text",
        action="store_true",
        help="pair questions by ids and texts even when a migration between the two is installed",
    )


def _add_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="OUT", help="write to OUT instead of stdout")
    parser.add_argument("--force", action="store_true", help="replace OUT if it exists")


def _print_problems(problems: Iterable[Any], stream: Any = None) -> None:
    out = stream or sys.stderr
    for problem in problems:
        print(problem, file=out)


def _rubrics_list(args: argparse.Namespace) -> int:
    from kompass_core import _output, _plugins

    registry = _plugins.default_registry()
    rubrics = registry.rubrics()
    if args.format == "json":
        sys.stdout.write(_output.dumps([_output.rubric_summary(r, args.lang) for r in rubrics]))
    else:
        sys.stdout.write(_output.rubrics_table(rubrics, args.lang))
    # Only the problems of loading rubrics: a migration's problem is for
    # migrations list, and reading every migration would slow this command.
    return _plugin_problems(registry, loaded=True)


def _plugin_problems(registry: Any, *, loaded: bool = False) -> int:
    """Print the plugins' problems (with ``loaded``: only those of what the
    command has loaded); exit 1 when one is an error (a warning, such as a
    misspelt name in KOMPASS_DISABLE_PLUGINS, is only printed)."""
    problems = registry.problems_loaded() if loaded else registry.problems
    _print_problems(problems)
    return EXIT_INVALID if any(p.severity == "error" for p in problems) else EXIT_OK


def _rubrics_show(args: argparse.Namespace) -> int:
    from kompass_core import _output, _plugins
    from kompass_core._api import rubric_from_ref

    rubric = rubric_from_ref(args.rubric, _plugins.default_registry())
    if args.format == "json":
        sys.stdout.write(_output.dumps(_output.rubric_dict(rubric, args.lang)))
    else:
        sys.stdout.write(_output.rubric_table(rubric, args.lang or rubric.default_language))
    return EXIT_OK


def _profiles(args: argparse.Namespace) -> int:
    from kompass_core import _output, _plugins

    registry = _plugins.default_registry()
    if args.rubric:
        registry.rubric(args.rubric)  # an unknown rubric is an error, not an empty list
    profiles = [p for p in registry.profiles() if args.rubric in (None, p.rubric_id)]
    if args.format == "json":
        sys.stdout.write(_output.dumps([_output.profile_dict(p, args.lang) for p in profiles]))
    else:
        sys.stdout.write(_output.profiles_table(profiles, args.lang))
    return _plugin_problems(registry)


def _plugins_command(args: argparse.Namespace) -> int:
    from kompass_core import _output, _plugins

    registry = _plugins.default_registry()
    listed = [_output.plugin_dict(p, registry.provides(p.name)) for p in registry.plugins]
    if args.format == "json":
        sys.stdout.write(
            _output.dumps(
                {
                    "plugins": listed,
                    "problems": [_output.problem_dict(p) for p in registry.problems],
                }
            )
        )
    else:
        sys.stdout.write(_output.plugins_table(listed))
    return _plugin_problems(registry)


def _rubrics_diff(args: argparse.Namespace) -> int:
    from kompass_core import _output, _plugins
    from kompass_core._api import diff_rubrics

    d = diff_rubrics(args.source, args.target, _plugins.default_registry(), by_text=args.by_text)
    if args.format == "json":
        sys.stdout.write(_output.dumps(_output.diff_dict(d, args.lang, args.all)))
    else:
        sys.stdout.write(_output.diff_table(d, args.lang, args.all))
    return EXIT_OK


def _migrations_list(args: argparse.Namespace) -> int:
    from kompass_core import _output, _plugins

    registry = _plugins.default_registry()
    migrations = registry.migrations()
    if args.format == "json":
        sys.stdout.write(_output.dumps([_output.migration_summary(m) for m in migrations]))
    else:
        sys.stdout.write(_output.migrations_table(migrations))
    return _plugin_problems(registry)


def _migrations_check(args: argparse.Namespace) -> int:
    from kompass_core import _plugins
    from kompass_core._api import check_migration, load_rubric

    rubrics = [load_rubric(path) for path in args.rubric]
    registry = _plugins.default_registry()
    return _check_files(args, lambda file: check_migration(file, registry, rubrics))


def _migrations_scaffold(args: argparse.Namespace) -> int:
    from kompass_core import _plugins
    from kompass_core._api import migration_scaffold

    text = migration_scaffold(
        args.source, args.target, _plugins.default_registry(), by_text=args.by_text
    )
    _write(text, args, [args.source, args.target], "draft written; resolve its todos")
    return EXIT_OK


def _rubrics_check(args: argparse.Namespace) -> int:
    from kompass_core._api import check_rubric

    return _check_files(args, check_rubric)


def _check_files(args: argparse.Namespace, check: Callable[[str], Any]) -> int:
    """Check each file (``rubrics check``, ``migrations check``) as ``validate`` does."""
    from kompass_core._batch import Outcome

    return _validate(args, lambda found: Outcome(found.path, tuple(check(found.path))))


def _validate(args: argparse.Namespace, work: Callable[[Any], Any] | None = None) -> int:
    from kompass_core import _batch, _output

    form = getattr(args, "format", "text")

    def show(outcome: Any, out: Any) -> None:
        if form == "jsonl":
            out.write(_output.dumps(outcome.record, line=True))
        elif form == "csv":
            first = str(outcome.problems[0]) if outcome.problems else ""
            out.write(
                _output.csv_line([outcome.path, str(outcome.ok).lower(), *_counts(outcome), first])
            )
        else:
            _print_problems(outcome.problems, out)
            if outcome.ok and not args.quiet:
                warned = f" ({len(outcome.problems)} warning(s))" if outcome.problems else ""
                out.write(f"{outcome.path}: valid{warned}\n")

    head = _output.csv_line(["file", "valid", "errors", "warnings", "first_problem"])
    return _run_batch(args, work or _batch.validate_one, show, head if form == "csv" else "")


def _counts(outcome: Any) -> tuple[int, int]:
    """Errors and warnings of one file."""
    errors = sum(p.severity == "error" for p in outcome.problems)
    return errors, len(outcome.problems) - errors


def _run_batch(
    args: argparse.Namespace,
    work: Callable[[Any], Any],
    show: Callable[[Any, Any], None],
    head: str = "",
    tail: Callable[[], str] | None = None,
    done: tuple[str, str] = ("valid", "invalid"),
) -> int:
    """Work through the files and folders of ``args.files`` one by one (or in
    ``--jobs`` processes), showing each outcome in order as it comes, to stdout
    or atomically to ``-o OUT``; a bad file is reported and the rest go on.
    With several files a summary goes to stderr."""
    from contextlib import nullcontext

    from kompass_core import _batch

    progress = _batch.Progress(0, enabled=False if args.quiet else None)
    if progress.enabled:  # the total, for the bar: one more walk of the folders, no reading
        progress.total = sum(1 for _ in _batch.expand(args.files))
    writer: Any = nullcontext(sys.stdout)
    if getattr(args, "output", None):
        from kompass_core._files import atomic_writer

        inputs = (i.path for i in _batch.expand(args.files))
        writer = atomic_writer(args.output, force=args.force, inputs=inputs)
    files = invalid = 0
    with writer as out:
        out.write(head)
        for outcome in _batch.run_each(_batch.expand(args.files), work, getattr(args, "jobs", 1)):
            files += 1
            invalid += not outcome.ok
            progress.advance(outcome.ok)
            show(outcome, out)
        out.write(tail() if tail else "")
    progress.close()
    if files > 1:
        print(f"{files} files: {files - invalid} {done[0]}, {invalid} {done[1]}", file=sys.stderr)
    return EXIT_INVALID if invalid else EXIT_OK


def _migrate(args: argparse.Namespace) -> int:
    from functools import partial

    from kompass_core import _batch, _output, _plugins
    from kompass_core._api import migrate_file

    form = args.format or ("json" if (args.output or "").endswith(".json") else "toml")
    if _single(args) and not args.output_dir and form != "jsonl":
        (file,) = args.files
        migrated = migrate_file(file, args.to, _plugins.default_registry())
        text = _output.dumps(migrated.data) if form == "json" else _output.toml(migrated.data)
        _write(text, args, [file], f"{file} migrated along {' → '.join(migrated.path)}")
        return EXIT_OK
    if form != "jsonl" and not args.output_dir:
        _usage(args, "with several files, expected --output-dir DIR or --format jsonl")
    if args.output_dir and (form == "jsonl" or args.output):
        _usage(args, "--output-dir writes toml or json files: expected no -o and no jsonl")

    def show(outcome: Any, out: Any) -> None:
        _print_problems(outcome.problems)
        if form == "jsonl":
            out.write(_output.dumps(outcome.record, line=True))

    folder = args.output_dir if form != "jsonl" else None
    if folder and os.path.exists(folder) and not os.path.isdir(folder):
        from kompass_core.errors import KompassError

        raise KompassError(f"{folder}: expected a folder to write into, found a file")
    work = partial(_batch.migrate_one, args.to, form, folder, args.force)
    return _run_batch(args, work, show, done=("migrated", "failed"))


def _single(args: argparse.Namespace) -> bool:
    """One file given (or a folder without evaluation files, which reading
    reports): the command's output is that file's alone."""
    from kompass_core._batch import expand

    return len(args.files) == 1 and next(expand(args.files)).path == args.files[0]


def _usage(args: argparse.Namespace, message: str) -> NoReturn:
    """Wrong usage found after parsing: the command's usage and the message, exit 2."""
    parser: argparse.ArgumentParser = args.command_parser
    parser.error(message)


def _write(text: str, args: argparse.Namespace, inputs: Sequence[str], done: str) -> None:
    """``text`` to stdout, or atomically to ``-o OUT`` (never over an input,
    an existing file only with ``--force``), then ``OUT: done`` on stderr."""
    if not args.output:
        sys.stdout.write(text)
        return
    from kompass_core._files import write_atomic

    write_atomic(args.output, text, force=args.force, inputs=inputs)
    print(f"{args.output}: {done}", file=sys.stderr)


def _trend(args: argparse.Namespace) -> int:
    from kompass_core._trend import expand_paths, trend_files
    from kompass_core._trend_output import render_trend

    plugin_format = _plugin_format(args, "trend")
    t = trend_files(args.files, args.to, reference=args.reference, subject=args.subject)
    text = plugin_format(t) if plugin_format else render_trend(t, args.format, args.lang)
    if t.series:
        _write(text, args, list(expand_paths(args.files)), "trend written")
    _print_problems(t.problems)
    return EXIT_INVALID if t.problems else EXIT_OK


def _report_command(args: argparse.Namespace) -> int:
    from kompass_core._report import build_report, render_report

    plugin_format = _plugin_format(args, "report")
    report = build_report(args.file, previous=args.previous, reference=args.reference)
    text = plugin_format(report) if plugin_format else render_report(report, args.format, args.lang)
    _write(text, args, [args.file, *([args.previous] if args.previous else [])], "report written")
    _print_problems(report.warnings)
    return EXIT_OK


def _score(args: argparse.Namespace) -> int:
    from functools import partial

    from kompass_core import _batch, _output
    from kompass_core._api import score_file

    plugin_format = _plugin_format(args, "score")
    if _single(args) and args.format != "jsonl":
        result = score_file(args.files[0])
        if plugin_format:
            text = plugin_format(result)
        elif args.format == "json":
            text = _output.score_json(result, args.lang)
        elif args.format == "csv":
            text = _output.score_csv(result, args.lang, args.questions)
        else:
            text = _output.score_table(result, args.lang, args.questions)
        _write(text, args, [args.files[0]], "scores written")
        _print_problems(result.warnings)
        return EXIT_OK
    shown = 0

    def show(outcome: Any, out: Any) -> None:
        nonlocal shown
        _print_problems(outcome.problems)
        if args.format == "jsonl":
            out.write(_output.dumps(outcome.record, line=True))
        elif not outcome.ok:
            return
        elif args.format == "json":
            text = _output.dumps(outcome.record).rstrip("\n")
            out.write(("[\n" if not shown else ",\n") + text)
        elif args.format == "table":
            out.write(("\n" if shown else "") + f"== {outcome.path} ==\n{outcome.text}")
        else:
            out.write(outcome.text)
        shown += outcome.ok

    head = _output.csv_line(["file", *_output.CSV_FIELDS]) if args.format == "csv" else ""
    work = partial(_batch.score_one, args.format, args.lang, args.questions)
    done = ("scored", "failed")
    if args.format != "json":
        return _run_batch(args, work, show, head, done=done)
    return _run_batch(args, work, show, tail=lambda: "\n]\n" if shown else "[]\n", done=done)


def _command(argv: Sequence[str]) -> str | None:
    """The command a command line names (Kompass's options come before it and
    take no values); None when it asks for Kompass's help first."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = _command(argv)
    if command in _COMMANDS:
        parser = _build_parser(only=command)
    else:  # a plugin's command, none (help), or a mistake: every command, to list or suggest
        parser = _build_parser(plugin_commands=command is not None or "--version" not in argv)
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.handler
    try:
        code = handler(args)
        sys.stdout.flush()  # here, so that a closed pipe is handled below
        return code
    except BrokenPipeError:  # the reader went away (``kompass ... | head``): stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as error:
        return _report(error, args.debug)
    except KeyboardInterrupt:
        print("kompass: interrupted", file=sys.stderr)
        return 130


def _report(error: Exception, debug: bool) -> int:
    from kompass_core._plugins import PluginFailure
    from kompass_core.errors import InvalidInputError, KompassError

    if isinstance(error, PluginFailure):
        if debug:
            import traceback

            traceback.print_exception(error.__cause__ or error)
        print(f"kompass: error: {error}", file=sys.stderr)
        return EXIT_INTERNAL
    if isinstance(error, InvalidInputError):
        _print_problems(error.problems)
        return EXIT_INVALID
    if isinstance(error, KompassError):
        print(f"kompass: error: {error}", file=sys.stderr)
        return EXIT_INVALID
    if debug:
        import traceback

        traceback.print_exception(error)
    print(
        f"kompass: internal error: {type(error).__name__}: {error} "
        "(a bug; rerun with --debug for details and please report it)",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def run() -> NoReturn:
    """Console-script entry point."""
    import signal

    def _terminated(signum: int, _frame: object) -> NoReturn:
        raise SystemExit(128 + signum)  # unwinds like Ctrl-C: clean-ups run

    # Python's default for SIGTERM ends the process without unwinding, which
    # would leave a half-written temporary file behind.
    signal.signal(signal.SIGTERM, _terminated)
    sys.exit(main())
