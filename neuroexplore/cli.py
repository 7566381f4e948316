"""The ``neuroexplore`` command line (``python -m neuroexplore``).

Each subcommand lives in its own module and registers itself with ``add_parser``;
``gallery``, ``chapters`` and ``lab`` (:mod:`neuroexplore.cli_apps`) and ``course``
(:mod:`neuroexplore.course.cli`).

Examples
--------
>>> main(["--help"])  # doctest: +ELLIPSIS
usage: neuroexplore [-h] {gallery,chapters,lab,course} ...
...
0
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one subparser per subcommand."""
    from .cli_apps import add_parsers as add_apps
    from .course.cli import add_parser as add_course

    parser = argparse.ArgumentParser(
        prog="neuroexplore", description="neuroexplore command line tools")
    sub = parser.add_subparsers(dest="command", required=True)
    add_apps(sub)
    add_course(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, or a usage error
        return int(exc.code or 0)
    return int(args.func(args))
