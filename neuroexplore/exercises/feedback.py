"""Feedback objects for auto-checked notebook exercises.

A check function compares a student's answer with a value it computes at call time
(from an engine or from theory) and returns a :class:`Feedback`: truthy when the
answer is right, falsy otherwise.  In a notebook it renders as a green tick or an
amber hint (``_repr_html_``); in a terminal it prints as text.

A check never raises on the *answer*: ``None`` (the placeholder left in the
notebook), a string, a list or a NaN all give a hint.  Invalid *model parameters*
passed to a check raise the engine's ``ValueError`` as everywhere else.

Examples
--------
>>> fb = check_number(1.52, 1.5, rel_tol=0.02, unit="nA", what="the rheobase")
>>> bool(fb), fb.correct
(True, True)
>>> fb = check_number(None, 1.5, unit="nA", what="the rheobase")
>>> bool(fb), "your value" in fb.message
(False, True)
"""

from __future__ import annotations

import html
import math
import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

__all__ = ["Feedback", "as_number", "as_choices", "check_number", "check_choices"]

_OK_STYLE = "border-left:4px solid #2e7d32;background:#e8f5e9;color:#1b5e20"
_HINT_STYLE = "border-left:4px solid #ff8f00;background:#fff8e1;color:#5d4037"
_BOX = "padding:6px 12px;margin:4px 0;border-radius:4px;font-family:sans-serif"


@dataclass(frozen=True)
class Feedback:
    """The outcome of one exercise check.

    A Feedback carries no reference value: the check computes it, compares, and keeps
    it to itself, so nothing a student can reach from the object (attributes, repr,
    HTML) reveals the answer while it is wrong.

    Attributes
    ----------
    correct : bool
        Whether the answer is accepted; also the truth value of the object.
    message : str
        A confirmation (when correct) or a hint (when not).  Plain text.
    exercise : str
        Short title of the exercise, shown in bold.
    """

    correct: bool
    message: str
    exercise: str = ""

    def __bool__(self) -> bool:
        return bool(self.correct)

    def __str__(self) -> str:
        mark = "correct" if self.correct else "hint"
        head = f"{self.exercise}: " if self.exercise else ""
        return f"[{mark}] {head}{self.message}"

    def _repr_html_(self) -> str:
        style, icon, kind = (
            (_OK_STYLE, "&#10004;", "correct") if self.correct else (_HINT_STYLE, "&#9998;", "hint")
        )
        head = f"<b>{html.escape(self.exercise)}</b> &mdash; " if self.exercise else ""
        return (
            f'<div class="neuroexplore-feedback neuroexplore-feedback-{kind}" '
            f'style="{style};{_BOX}">{icon} {head}{html.escape(self.message)}</div>'
        )


def as_number(answer: Any) -> float | None:
    """The answer as a finite float, or ``None`` when it is not one number.

    Accepts Python and numpy numbers, 0-d or one-element arrays and numeric
    strings; rejects ``bool``, ``None``, NaN/inf and anything else.

    Examples
    --------
    >>> as_number(3), as_number("2.5"), as_number(np.array([4.0]))
    (3.0, 2.5, 4.0)
    >>> as_number(None), as_number(True), as_number("abc"), as_number(float("nan"))
    (None, None, None, None)
    """
    if answer is None or isinstance(answer, bool | np.bool_):
        return None
    try:
        if isinstance(answer, str):
            value = float(answer.strip())
        elif isinstance(answer, numbers.Real):
            value = float(answer)
        else:
            arr = np.asarray(answer)
            if arr.size != 1 or arr.dtype.kind not in "iuf":
                return None
            value = float(arr.reshape(()))
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def as_choices(answer: Any, normalize: Callable[[str], str] = str.upper) -> set[str] | None:
    """The answer as a set of normalised option strings, or ``None``.

    A single string is one choice, and a comma-separated string several; lists,
    tuples and sets must contain strings only.

    Examples
    --------
    >>> sorted(as_choices("and, or")), sorted(as_choices(["NAND"]))
    (['AND', 'OR'], ['NAND'])
    >>> as_choices(42), as_choices(None)
    (None, None)
    """
    if isinstance(answer, str):
        items: Iterable[Any] = answer.split(",")
    elif isinstance(answer, list | tuple | set | frozenset):
        items = answer
    else:
        return None
    if not all(isinstance(x, str) for x in items):
        return None
    return {normalize(x.strip()) for x in items if x.strip()}


def _fmt(x: float) -> str:
    return f"{x:.4g}"


def check_number(
    answer: Any,
    expected: float,
    *,
    rel_tol: float = 0.02,
    abs_tol: float = 0.0,
    unit: str = "",
    what: str = "the value",
    hint: str = "",
    exercise: str = "",
    sign_hint: str = "",
) -> Feedback:
    """Compare a numeric answer with ``expected`` within a tolerance.

    Accepted when ``|answer - expected| <= max(rel_tol * |expected|, abs_tol)``.
    A wrong answer gets ``hint`` plus whether it is too high or too low (and
    ``sign_hint`` when only the sign is wrong); the expected value is never shown.
    """
    unit_txt = f" {unit}" if unit else ""
    in_unit = f" (in {unit})" if unit else ""
    extra = f" {hint}" if hint else ""
    if answer is None:
        return Feedback(False, f"Replace None with your value for {what}{in_unit}.{extra}",
                        exercise)
    value = as_number(answer)
    if value is None:
        return Feedback(
            False,
            f"Expected one number for {what}{in_unit}, got {answer!r:.60}.{extra}",
            exercise,
        )
    tol = max(rel_tol * abs(expected), abs_tol)
    if abs(value - expected) <= tol:
        return Feedback(
            True,
            f"Correct: {what} is {_fmt(expected)}{unit_txt} (you gave {_fmt(value)}).",
            exercise,
        )
    if sign_hint and value * expected < 0 and abs(-value - expected) <= tol:
        return Feedback(False, f"Right size, wrong sign. {sign_hint}", exercise)
    direction = "too high" if value > expected else "too low"
    return Feedback(False, f"{_fmt(value)}{unit_txt} is {direction}.{extra}", exercise)


def check_choices(
    answer: Any,
    expected: Iterable[str],
    options: Iterable[str],
    *,
    what: str = "your choice",
    hint: str = "",
    exercise: str = "",
    normalize: Callable[[str], str] = str.upper,
) -> Feedback:
    """Compare a set of chosen options with the expected set (order-free).

    Unknown options, missing ones and wrong ones each get their own hint; the
    expected set is never listed.
    """
    expected_set = {normalize(x) for x in expected}
    valid = {normalize(x) for x in options}
    extra = f" {hint}" if hint else ""
    listing = ", ".join(sorted(valid))
    if answer is None:
        return Feedback(False, f"Replace None with {what} (from {listing}).{extra}", exercise)
    chosen = as_choices(answer, normalize)
    if chosen is None:
        return Feedback(False, f"Expected a string or a list of strings from {listing}, "
                        f"got {answer!r:.60}.{extra}", exercise)
    unknown = chosen - valid
    if unknown:
        return Feedback(False, f"Unknown option(s) {', '.join(sorted(unknown))}; choose from "
                        f"{listing}.", exercise)
    if chosen == expected_set:
        return Feedback(True, f"Correct: {', '.join(sorted(expected_set))}.", exercise)
    wrong = chosen - expected_set
    missing = expected_set - chosen
    parts = []
    if wrong:
        parts.append(f"{', '.join(sorted(wrong))} should not be in your answer")
    if missing:
        parts.append(f"{len(missing)} option(s) are missing")
    return Feedback(False, "Not yet: " + "; ".join(parts) + "." + extra, exercise)
