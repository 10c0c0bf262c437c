"""What every command shares: opening the project, progress on stderr, the label options."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from annotator.app.projects import open_session
from annotator.core.errors import AnnotatorError, os_error_text
from annotator.formats.jsonl import MissingLabels, parse_label_map
from annotator.session import Session
from annotator.storage.errors import DatabaseFault, damaged

PROGRESS_DELAY = 1.0  # s before progress is first shown: short runs print none
PROGRESS_EVERY = 0.5  # s between two progress lines


class Progress:
    """Progress on stderr for long runs: nothing for the first second, then a line at most
    every half second (and the last one)."""

    def __init__(self, what: str, unit: str) -> None:
        self.what = what
        self.unit = unit
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.start < PROGRESS_DELAY:
            return
        if now - self.last < PROGRESS_EVERY and done < total:
            return
        self.last = now
        if self.unit == "bytes":
            share = f"{100 * done // max(total, 1)}% of {total / 1e6:,.1f} MB"
        else:
            share = f"{done:,}/{total:,} {self.unit}"
        click.echo(f"{self.what}: {share}", err=True)


class Commands(click.Group):
    """The ``annotator`` group: what a command did not expect still reaches the user as one
    line naming the file, never as a traceback (an error the project file or the disk caused
    while it ran: a damaged page, a full disk, memory)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["annotator.argv"] = list(args)  # to name the file if something goes wrong
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except AnnotatorError as exc:
            raise click.ClickException(str(exc)) from None
        except DatabaseFault as exc:
            project = _first_path(ctx)
            raise click.ClickException(
                str(damaged(project or "the project file", f"SQLite cannot read it ({exc})"))
            ) from None
        except OSError as exc:
            raise click.ClickException(os_error_text(exc)) from None
        except MemoryError:
            raise click.ClickException(
                f"{_first_path(ctx) or 'the input'}: out of memory; nothing was changed"
            ) from None


def _first_path(ctx: click.Context) -> str:
    """The command's first argument that names an existing file or folder (its PROJECT)."""
    words = ctx.meta.get("annotator.argv", [])[1:]  # after the command's name
    return next((w for w in words if not w.startswith("-") and Path(w).exists()), "")


def open_project(project: Path, *, read_only: bool = False) -> Session:
    """The project the user named, or a clean error naming what is wrong. A command keeps
    the file's journal mode (only the window needs WAL, for readers to follow it)."""
    try:
        return open_session(project, read_only=read_only, wal=False)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None


def refuse(check: Callable[[], None], then: str) -> None:
    """Run ``check``; its AnnotatorError becomes the command's error, followed by ``then``
    (what was left as it was)."""
    try:
        check()
    except AnnotatorError as exc:
        raise click.ClickException(f"{exc}; {then}") from None


def label_map(mappings: tuple[str, ...]) -> dict[str, str]:
    try:
        return parse_label_map(mappings)
    except AnnotatorError as exc:
        raise click.ClickException(str(exc)) from None


def refusal(path: Path, exc: AnnotatorError) -> str:
    """Why a file was refused, naming it once, with the options that would help."""
    message = str(exc)
    if isinstance(exc, MissingLabels):
        name = exc.labels[0][1]
        message += f" (--add-labels adds them, --map {name}=LABEL maps one)"
    return message if message.startswith(str(path)) else f"{path}: {message}"


def writable(session: Session, nothing: str) -> None:
    """A ClickException if the project cannot be written (``nothing``: what was not done)."""
    if session.read_only:
        raise click.ClickException(
            f"{session.path} cannot be written (the file or its folder is read-only); {nothing}"
        )


F = TypeVar("F", bound=Callable[..., Any])


def label_options(command: F) -> F:
    """--add-labels and --map, shared by every command that brings annotations in."""
    command = click.option(
        "--map",
        "mappings",
        multiple=True,
        metavar="FROM=TO",
        help="Store the file's label FROM as the project's label TO (repeatable).",
    )(command)
    return click.option(
        "--add-labels", is_flag=True, help="Add labels the project lacks to its scheme."
    )(command)
