"""The ``nlp-varmland`` command line: a thin layer over the library.

Each command parses its options, calls one library function and writes the files. Errors the
user can cause (``NlpVarmlandError``) are printed as one line, with exit code 1 and no traceback.
Nothing heavy is imported at module level, so ``--help`` answers at once.
"""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click
from click.core import ParameterSource

from nlp_varmland import __version__
from nlp_varmland.errors import NlpVarmlandError

EMBEDDER_HELP = ("e5 (default, bundled multilingual-e5-small), tfidf, or sentence-transformers:MODEL; "
                 "history: the one the store used")


def _fail_cleanly(func):
    """Turn library errors (and a few OS errors the user causes) into one line and exit 1."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except NlpVarmlandError as exc:
            raise click.ClickException(str(exc)) from None
        except PermissionError as exc:
            raise click.ClickException(
                f"permission denied: {exc.filename} (choose a folder you can write to)") from None
        except KeyboardInterrupt:
            click.echo("interrupted; the store keeps its last good state", err=True)
            sys.exit(130)

    return wrapper


def _remember_no_raw(ctx: click.Context, _param: click.Parameter, value: bool) -> bool:
    ctx.meta["nlp_varmland.no_raw"] = bool(value)
    return value


def _no_raw() -> bool:
    """Whether --no-raw was given: the original wording then stays out of the store as well."""
    return bool(click.get_current_context().meta.get("nlp_varmland.no_raw", False))


def _analysis_options(func):
    """Options shared by `analyze`, `history` and `build-report`."""
    options = [
        click.option("--out", "out", required=True, type=click.Path(path_type=Path),
                     help="Folder for notes.csv, themes.csv, goals.csv, recurring.csv, run.json, report.html."),
        click.option("--goals", "goals", default=None, metavar="NAME|FILE",
                     help="Goal file or bundled name (default: varmlandsstrategin-2040)."),
        click.option("--embedder", default=None, metavar="SPEC", help=EMBEDDER_HELP),
        click.option("--seed", default=0, show_default=True, type=int, help="Random seed; same seed, same themes."),
        click.option("--themes", "n_themes", default=None, type=click.IntRange(min=1), metavar="N",
                     help="Ask for about N themes (merges similar themes)."),
        click.option("--lang", default="sv", show_default=True, type=click.Choice(["sv", "en"]),
                     help="Language of the report."),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar."),
        click.option("--no-raw", is_flag=True, expose_value=False, callback=_remember_no_raw,
                     help="Blank the original note text in notes.csv too (shared files never hold it)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


#: A file option: the library names an unreadable file in one line (click's own check prints its
#: usage text and exits 2).
_FILE = click.Path(dir_okay=False, readable=False, path_type=Path)


class _OneLineGroup(click.Group):
    """click's usage errors (a missing --db, an option that is not a number) in one line, as the
    library's own errors, instead of click's three (usage, hint, error); exit code 2 as click's."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as exc:
            message = exc.format_message().rstrip(".")
            hint = f"; see '{exc.ctx.command_path} --help'" if exc.ctx is not None else ""
            click.echo(f"Error: {message}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.ClickException as exc:
            exc.show()
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


@click.group(cls=_OneLineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nlp-varmland")
def main() -> None:
    """Swedish workshop notes -> themes -> strategy goals (default Värmlandsstrategin 2040, or --goals
    FILE) -> recurring challenges."""


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(readable=False, path_type=Path))  # io says it
@_analysis_options
@click.option("--db", type=_FILE, default=None,
              help="SQLite store: records the meeting(s) so `history` can follow themes across meetings.")
@click.option("--text-column", default=None, metavar="NAME", help="Column that holds the note text.")
@click.option("--meeting", default=None, metavar="NAME", help="Meeting name when the file has no meeting column.")
@click.option("--corrections", type=_FILE, default=None, metavar="FILE",
              help="An edited review.xlsx (or a CSV with note_id and goal_id/is_challenge/theme): the analyst wins.")
@click.option("--config", type=_FILE, default=None, metavar="RUN_JSON",
              help="Rebuild the settings of an earlier run from its run.json (options given here win).")
@click.option("--analyst", default=None, metavar="NAME",
              help="Who made the corrections, stored with them in --db (default: your user name).")
@_fail_cleanly
def analyze(inputs, out, goals, embedder, seed, n_themes, lang, quiet, db, text_column, meeting, corrections,
            config, analyst) -> None:
    """Analyse INPUT files or folders (csv, xlsx, docx, md, txt, jsonl) and write the report to --out."""
    from nlp_varmland.pipeline import analyze as run_analysis
    from nlp_varmland.pipeline import check_seed, settings_from_run
    from nlp_varmland.report.bundle import check_out_dir

    check_seed(seed)
    check_out_dir(out, inputs=inputs)
    kwargs = settings_from_run(config) if config is not None else {}
    given = {"goals": goals, "embedder": embedder, "seed": seed, "n_themes": n_themes,
             "text_column": text_column, "meeting": meeting}
    ctx = click.get_current_context()
    for name, value in given.items():
        if name not in kwargs or ctx.get_parameter_source(name) not in (ParameterSource.DEFAULT, None):
            kwargs[name] = value
    kwargs["embedder"] = kwargs["embedder"] or "e5"
    analysis = run_analysis(list(inputs), db=db, corrections=corrections, analyst=analyst,
                            progress=False if quiet else None, keep_raw=not _no_raw(), **kwargs)
    _write(analysis, out, lang)


@main.command()
@click.option("--db", required=True, type=_FILE, help="The SQLite store.")
@_analysis_options
@click.option("--corrections", type=_FILE, default=None, metavar="FILE",
              help="An edited review.xlsx (or a CSV with note_id and goal_id/is_challenge/theme): the analyst wins.")
@click.option("--analyst", default=None, metavar="NAME",
              help="Who made the corrections, stored with them in --db (default: your user name).")
@_fail_cleanly
def history(db, out, goals, embedder, seed, n_themes, lang, quiet, corrections, analyst) -> None:
    """Analyse every meeting in the store together: themes and recurring challenges over time."""
    from nlp_varmland.pipeline import check_seed
    from nlp_varmland.pipeline import history as run_history
    from nlp_varmland.report.bundle import check_out_dir

    check_seed(seed)
    check_out_dir(out)
    analysis = run_history(db, goals=goals, seed=seed, n_themes=n_themes, embedder=embedder,
                           corrections=corrections, analyst=analyst, progress=False if quiet else None)
    _write(analysis, out, lang)


@main.command("build-report")
@click.argument("source", type=click.Path(readable=False, path_type=Path))  # io names an unreadable file
@click.option("--db", type=_FILE, default=None,
              help="Store to use (default: SOURCE if it is a store, else OUT/store.sqlite).")
@_analysis_options
@_fail_cleanly
def build_report(source, db, out, goals, embedder, seed, n_themes, lang, quiet) -> None:
    """Yearly bundle: record every meeting under SOURCE (a folder, or a store) and run `history`."""
    from nlp_varmland.pipeline import build_yearly_report, check_seed
    from nlp_varmland.report.bundle import check_out_dir

    check_seed(seed)
    check_out_dir(out, inputs=[source])
    analysis = build_yearly_report(source, out=out, db=db, goals=goals, embedder=embedder or "e5", seed=seed,
                                   n_themes=n_themes, progress=False if quiet else None,
                                   log=lambda line: click.echo(line, err=True), keep_raw=not _no_raw())
    _write(analysis, out, lang)


@main.command()
@click.argument("labelled", type=click.Path(path_type=Path))
@_analysis_options
@click.option("--text-column", default=None, metavar="NAME", help="Column that holds the note text.")
@_fail_cleanly
def evaluate(labelled, out, goals, embedder, seed, n_themes, lang, quiet, text_column) -> None:
    """Analyse LABELLED (a table with gold_area/gold_goal/gold_theme/gold_challenge columns, never
    shown to the analysis) and score it: the usual bundle plus evaluation.json and evaluation.md."""
    from nlp_varmland.evaluate import evaluate as run_evaluation
    from nlp_varmland.evaluate import write_evaluation
    from nlp_varmland.pipeline import check_seed
    from nlp_varmland.report.bundle import check_out_dir

    check_seed(seed)
    check_out_dir(out, inputs=[labelled])
    analysis = run_evaluation(labelled, goals=goals, embedder=embedder, seed=seed, n_themes=n_themes,
                              text_column=text_column, progress=False if quiet else None)
    _write(analysis, out, lang)
    paths = write_evaluation(analysis.evaluation, out)
    for col, r in analysis.evaluation.items():
        if col != "_meta":
            figures = ", ".join(f"{k} {r[k]}" for k in ("accuracy", "macro_f1", "kappa", "nmi", "ari") if k in r)
            click.echo(f"{col}: n {r['n']}, {figures}")
    click.echo(f"Evaluation: {paths['evaluation.md']}")


@main.command("corrections")
@click.option("--db", required=True, type=_FILE, help="The SQLite store that keeps the corrections.")
@click.option("--remove", "remove", is_flag=True, help="Remove (withdraw) the corrections with the IDs given.")
@click.option("--all", "show_all", is_flag=True, help="Also list superseded and removed corrections.")
@click.argument("ids", nargs=-1, metavar="[ID ...]")
@_fail_cleanly
def corrections_cmd(db, remove, show_all, ids) -> None:
    """List the analysts' stored corrections (id, meeting, note_id, field, tool value, analyst
    value, analyst, when), or with --remove ID [ID ...] remove them: the judgement each one
    replaced holds again; where there was none, the tool's value holds and the field counts as
    not reviewed."""
    from nlp_varmland.report.correction_list import list_or_remove

    for line in list_or_remove(db, ids, remove=remove, include_removed=show_all):
        click.echo(line)


@main.group()
def goals() -> None:
    """Inspect and check goal files."""


@goals.command("show")
@click.argument("name_or_file", required=False)
@_fail_cleanly
def goals_show(name_or_file) -> None:
    """Print the goal tree of NAME|FILE (default: varmlandsstrategin-2040)."""
    from nlp_varmland.goals import format_tree, list_goal_files, load_goals

    goalset = load_goals(name_or_file)
    tree = format_tree(goalset).splitlines()
    click.echo("\n".join([tree[0], f"Titel: {goalset.title}", *tree[1:]]))  # the title the report shows
    if name_or_file is None:
        click.echo("\nBundled goal files: " + ", ".join(list_goal_files()))


@goals.command("validate")
@click.argument("file", type=click.Path(path_type=Path))
@_fail_cleanly
def goals_validate(file) -> None:
    """Check a goal FILE and list every problem with its line."""
    from nlp_varmland.goals import validate_goals_file

    problems = validate_goals_file(file)
    for problem in problems:
        click.echo(problem)
    if problems:
        raise click.ClickException(f"{file}: {len(problems)} problem(s); fix them and validate again")
    click.echo(f"{file}: ok")
    from nlp_varmland.goals import goal_file_hints

    for hint in goal_file_hints(file):
        click.echo(hint)


def _write(analysis, out: Path, lang: str) -> None:
    from nlp_varmland.report import write_bundle

    ctx = click.get_current_context(silent=True)
    raw = not (ctx is not None and ctx.meta.get("nlp_varmland.no_raw", False))
    paths = write_bundle(analysis, out, lang=lang, raw=raw)
    for message in analysis.messages:
        click.echo(f"note: {message}", err=True)
    counts = analysis.run.get("counts", {})

    def n(key: str, one: str, many: str) -> str:
        value = int(counts.get(key, 0))
        return f"{value} {one if value == 1 else many}"

    outliers = f" ({n('outliers', 'statement', 'statements')} in no theme)" if counts.get("outliers") else ""
    click.echo(f"{n('rows', 'row', 'rows')} -> {n('kept', 'statement', 'statements')} analysed, "
               f"{n('themes', 'theme', 'themes')}{outliers}, {n('meetings', 'meeting', 'meetings')}")
    click.echo(f"Report: {paths['report.html']}")
