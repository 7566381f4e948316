"""The ``course`` subcommand of the ``neuroexplore`` command line.

::

    neuroexplore course build OUT [--notebooks DIR | --source FILE ...] [--time-limit S]
                                  [--cell-time-limit S]
    neuroexplore course grade SUBMISSION.ipynb [--autograder ZIP]

``build`` prints one JSON line per chapter (its exercises, points, outputs and
warnings); ``grade`` prints one JSON line with ``score``, ``max_score`` and the
per-exercise scores.
"""

from __future__ import annotations

import argparse
import json
import sys

__all__ = ["add_parser"]


def _build(args: argparse.Namespace) -> int:
    from .build import build_course, chapter_sources

    sources = args.source or chapter_sources(args.notebooks)
    if not sources:
        print(f"no chapter sources (NN_name.ipynb/.py/.md) in {args.notebooks}",
              file=sys.stderr)
        return 2
    kw = {"time_limit": args.time_limit}
    if args.cell_time_limit is not None:
        kw["cell_time_limit"] = args.cell_time_limit
    for b in build_course(sources, args.out, **kw):
        print(json.dumps(b.summary()))
    return 0


def _grade(args: argparse.Namespace) -> int:
    from .grade import grade_submission

    print(json.dumps(grade_submission(args.submission, args.autograder,
                                      time_limit=args.time_limit)))
    return 0


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``course`` (with ``build`` and ``grade``) to the top-level subparsers."""
    course = subparsers.add_parser(
        "course", help="build student/instructor notebooks and an autograder; grade",
        description="Student and instructor builds of the chapters, and otter autograding.")
    sub = course.add_subparsers(dest="course_command", required=True)
    b = sub.add_parser("build", help="write OUT/student, OUT/instructor, OUT/autograder")
    b.add_argument("out", help="output folder")
    b.add_argument("--notebooks", default="notebooks",
                   help="folder of chapter sources NN_name.ipynb/.py/.md (default: notebooks)")
    b.add_argument("--source", action="append", metavar="FILE",
                   help="one chapter file (repeatable; replaces --notebooks)")
    b.add_argument("--time-limit", type=float, default=None, metavar="S",
                   help="seconds per exercise check (default: each exercise's own)")
    b.add_argument("--cell-time-limit", type=float, default=None, metavar="S",
                   help="seconds a submission cell may run when graded (default 120)")
    b.set_defaults(func=_build)
    g = sub.add_parser("grade", help="score one submission offline; prints one JSON line")
    g.add_argument("submission", help="the student's .ipynb")
    g.add_argument("--autograder", default=None, metavar="ZIP",
                   help="the chapter's zip from `course build` (default: generated from "
                        "the submission's exercise list)")
    g.add_argument("--time-limit", type=float, default=None, metavar="S",
                   help="seconds per check when no --autograder is given")
    g.set_defaults(func=_grade)
    return course
