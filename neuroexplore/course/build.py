"""``neuroexplore course build``: student and instructor notebooks and an otter autograder.

See :mod:`neuroexplore.course` for the cell convention this reads.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..exercises.registry import Exercise, by_answer_name

__all__ = [
    "SOLUTION_TAG",
    "EXERCISE_TAG",
    "ChapterBuild",
    "is_solution_cell",
    "defined_names",
    "find_exercises",
    "read_chapter",
    "student_notebook",
    "instructor_notebook",
    "write_autograder",
    "chapter_sources",
    "build_course",
]

#: Cell tag of a solution cell (also: a code cell whose first line starts ``# Solution``).
SOLUTION_TAG = "solution"
#: Tag the build adds to the cell that holds an exercise's answer (student and instructor).
EXERCISE_TAG = "exercise"
#: Chapter sources: ``NN_name.ipynb`` or a jupytext text file ``NN_name.py`` / ``.md``.
CHAPTER_PATTERN = re.compile(r"^\d\d[a-z]?_.+\.(ipynb|py|md)$")
#: Seconds a submission cell may run in the grader before it is stopped.
CELL_TIME_LIMIT = 120.0


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def is_solution_cell(cell: Any) -> bool:
    """Whether ``cell`` is a solution: tagged ``solution``, or code starting ``# Solution``.

    Examples
    --------
    >>> import nbformat
    >>> is_solution_cell(nbformat.v4.new_code_cell("# Solution: ...\\nanswer_1_2 = 1.5"))
    True
    >>> is_solution_cell(nbformat.v4.new_code_cell("answer_1_2 = None"))
    False
    """
    if SOLUTION_TAG in _tags(cell):
        return True
    if cell.get("cell_type") != "code":
        return False
    first = cell.get("source", "").lstrip("\n").split("\n", 1)[0]
    return first.startswith("# Solution")


def defined_names(source: str) -> set[str]:
    """Names a code cell binds at top level (assignments, ``def``, ``class``, imports).

    IPython magics (``%``, ``!``) are skipped; a cell that does not parse binds nothing.

    Examples
    --------
    >>> sorted(defined_names("answer_1_2 = None\\ndef lif_euler_step(v):\\n    return v"))
    ['answer_1_2', 'lif_euler_step']
    """
    code = "\n".join("" if ln.lstrip().startswith(("%", "!")) else ln
                     for ln in source.split("\n"))
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                names.update(n.id for n in ast.walk(t) if isinstance(n, ast.Name))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names


def _str(path: Path | None) -> str | None:
    return None if path is None else str(path)


@dataclass
class ChapterBuild:
    """What the build found in one chapter and wrote for it."""

    name: str
    exercises: list[Exercise] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    student: Path | None = None
    instructor: Path | None = None
    autograder: Path | None = None

    def summary(self) -> dict[str, Any]:
        return {"chapter": self.name, "exercises": [e.id for e in self.exercises],
                "max_score": sum(e.points for e in self.exercises),
                "student": _str(self.student), "instructor": _str(self.instructor),
                "autograder": _str(self.autograder), "warnings": self.warnings}


def find_exercises(nb: Any) -> tuple[list[Exercise], list[str]]:
    """The registered exercises of a notebook, in order, and warnings about them.

    An exercise belongs to the notebook when a non-solution code cell binds its answer
    name.  A warning is given when no solution cell binds it too (the instructor
    notebook would then not score full marks).
    """
    registry = by_answer_name()
    found: list[Exercise] = []
    solved: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        names = defined_names(cell.source)
        if is_solution_cell(cell):
            solved |= names
            continue
        for name in names:
            ex = registry.get(name)
            if ex is not None and ex not in found:
                found.append(ex)
    warnings = [f"exercise {e.id}: no solution cell defines {e.answer}"
                for e in found if e.answer not in solved]
    if any("answer" in defined_names(c.source) for c in nb.cells
           if c.cell_type == "code" and not is_solution_cell(c)):
        warnings.append("a cell binds the old shared name `answer`: give each exercise its "
                        "registered answer name (neuroexplore.exercises.registry.ANSWER_RENAMES)")
    return found, warnings


def read_chapter(path: str | Path) -> Any:
    """A chapter as an nbformat notebook, from ``.ipynb`` or a jupytext text file."""
    import jupytext

    nb = jupytext.read(str(path))
    nb.metadata.setdefault("kernelspec", {"name": "python3", "display_name": "Python 3",
                                          "language": "python"})
    return nb


def _clean(nb: Any, exercises: Sequence[Exercise], chapter: str) -> Any:
    import nbformat

    nb = nbformat.from_dict(json.loads(json.dumps(nb)))  # a deep copy
    answers = {e.answer for e in exercises}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
            if not is_solution_cell(cell) and defined_names(cell.source) & answers:
                tags = _tags(cell)
                if EXERCISE_TAG not in tags:
                    cell.metadata["tags"] = [*tags, EXERCISE_TAG]
    nb.metadata.pop("jupytext", None)
    nb.metadata["neuroexplore"] = {"chapter": chapter,
                                   "exercises": [e.id for e in exercises]}
    nb.nbformat, nb.nbformat_minor = 4, max(int(nb.get("nbformat_minor", 5)), 5)
    return nb


def student_notebook(nb: Any, exercises: Sequence[Exercise], chapter: str) -> Any:
    """The student version: solution cells removed (not hidden), outputs cleared."""
    out = _clean(nb, exercises, chapter)
    out.cells = [c for c in out.cells if not is_solution_cell(c)]
    return out


def instructor_notebook(nb: Any, exercises: Sequence[Exercise], chapter: str) -> Any:
    """The instructor version: every cell, solutions included, outputs cleared."""
    return _clean(nb, exercises, chapter)


def _test_file(ex: Exercise, time_limit: float | None) -> str:
    key = "ex_" + re.sub(r"\W", "_", ex.id)
    limit = "" if time_limit is None else f", time_limit={float(time_limit)!r}"
    return f'''"""Exercise {ex.id} ({ex.title}): generated by `neuroexplore course build`.

Calls the same check that gives students feedback in the notebook.
"""

from otter.test_files import test_case

OK_FORMAT = False

name = "{key}"
points = {float(ex.points)!r}


@test_case(points={float(ex.points)!r}, hidden=False)
def {key}(env):
    from neuroexplore.exercises.registry import grade

    fb = grade("{ex.id}", env{limit})
    assert fb.correct, fb.message
'''


def write_autograder(exercises: Sequence[Exercise], zip_path: str | Path, *,
                     time_limit: float | None = None,
                     cell_time_limit: float = CELL_TIME_LIMIT) -> Path:
    """Write an otter autograder zip (``otter generate``) with one test per exercise.

    Each test calls :func:`neuroexplore.exercises.registry.grade` (the students'
    check) on the executed notebook.  ``time_limit`` overrides every exercise's own
    limit; ``cell_time_limit`` stops a submission cell that runs longer.
    """
    from otter.generate import main as otter_generate

    zip_path = Path(zip_path).resolve()
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tests = Path(tmp) / "tests"
        tests.mkdir()
        for ex in exercises:
            name = "ex_" + re.sub(r"\W", "_", ex.id)
            (tests / f"{name}.py").write_text(_test_file(ex, time_limit))
        config = Path(tmp) / "otter_config.json"
        config.write_text(json.dumps({
            "lang": "python",
            "plugins": [{"neuroexplore.course.otter_plugin.CellTimeLimit":
                         {"seconds": float(cell_time_limit)}}],
        }, indent=2))
        otter_generate(tests_dir=str(tests), output_path=str(zip_path), config=str(config),
                       no_requirements=True, no_environment=True, lang="python")
    return zip_path


def chapter_sources(folder: str | Path) -> list[Path]:
    """The chapter files of ``folder``: one per ``NN_name`` stem, a text source before
    its paired ``.ipynb``."""
    by_stem: dict[str, Path] = {}
    rank = {".py": 0, ".md": 1, ".ipynb": 2}
    for p in sorted(Path(folder).iterdir()):
        if CHAPTER_PATTERN.match(p.name):
            old = by_stem.get(p.stem)
            if old is None or rank[p.suffix] < rank[old.suffix]:
                by_stem[p.stem] = p
    return [by_stem[k] for k in sorted(by_stem)]


def build_course(sources: Iterable[str | Path], out: str | Path, *,
                 time_limit: float | None = None,
                 cell_time_limit: float = CELL_TIME_LIMIT) -> list[ChapterBuild]:
    """Write ``out/student/``, ``out/instructor/`` and ``out/autograder/<chapter>.zip``.

    Parameters
    ----------
    sources : paths
        Chapter notebooks (``.ipynb``) or jupytext text files.
    out : path
        Output folder (its ``student``, ``instructor`` and ``autograder`` subfolders
        are replaced).
    time_limit : float, optional
        Seconds per exercise check in the autograder (default: each exercise's own).
    cell_time_limit : float
        Seconds a submission cell may run in the autograder.
    """
    import nbformat

    out = Path(out)
    dirs = {k: out / k for k in ("student", "instructor", "autograder")}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)
    builds = []
    for src in sources:
        src = Path(src)
        nb = read_chapter(src)
        exercises, warnings = find_exercises(nb)
        b = ChapterBuild(src.stem, exercises, warnings)
        b.student = dirs["student"] / f"{src.stem}.ipynb"
        b.instructor = dirs["instructor"] / f"{src.stem}.ipynb"
        nbformat.write(student_notebook(nb, exercises, src.stem), b.student)
        nbformat.write(instructor_notebook(nb, exercises, src.stem), b.instructor)
        if exercises:
            b.autograder = write_autograder(exercises, dirs["autograder"] / f"{src.stem}.zip",
                                            time_limit=time_limit,
                                            cell_time_limit=cell_time_limit)
        builds.append(b)
    return builds
