"""The ``annotator`` entry point: a subcommand goes to the CLI, anything else opens the window."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    from annotator.cli import cli

    if args and (args[0] in cli.commands or args[0] in ("--help", "-h", "--version")):
        from annotator.cli import main as cli_main

        cli_main(args)
        return
    from annotator.ui.window.app import run

    sys.exit(run(args))


if __name__ == "__main__":
    main()
