"""Run / Stop / progress machinery for a lab's long computations.

A :class:`Runner` owns a Run button, a Stop button and a progress bar.  ``start(job)``
runs ``job`` in a background thread when ``lab.background`` is true (the default of
the labs that have one), so the kernel keeps serving the Stop button while it runs;
otherwise (tests, scripts) in the caller's thread.  The engines take
:meth:`Runner.report` as their progress callback
(:mod:`neuroexplore.progress`): it moves the bar and returns ``False`` once Stop was
pressed, which ends the engine's loop between two steps.

Examples
--------
>>> from neuroexplore.widgets.base import Lab
>>> lab = Lab([])
>>> lab.background = False
>>> runner = Runner(lab, "demo", "Run")
>>> runner.start(lambda: [runner.report(k, 3) for k in (1, 2, 3)], "demo")
>>> runner.progress.text.value
'3/3'
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from .base import Progress

__all__ = ["Runner"]


class Runner:
    """Start/stop machinery shared by the labs' long runs."""

    def __init__(self, lab: Any, label: str, run_text: str) -> None:
        self.lab = lab
        self.stop_event = threading.Event()
        self.thread: threading.Thread | None = None
        self.progress = Progress(label)
        self.run_button = w.Button(description=run_text, icon="play", button_style="primary")
        self.stop_button = w.Button(description="Stop", icon="stop", disabled=True)
        self.stop_button.on_click(lambda _b: self.stop_event.set())
        self.done = self.total = 0

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    @property
    def stopped(self) -> bool:
        """Whether Stop was pressed during the present (or last) run."""
        return self.stop_event.is_set()

    def start(self, job: Callable[[], None], key: str) -> None:
        if getattr(self.lab, "busy", False):
            self.lab.show_info("another run is in progress; press Stop or wait for it")
            return
        self.stop_event.clear()
        self.progress.reset()
        self.done = self.total = 0
        guarded = self.lab.guarded(job, key)

        def body() -> None:
            self.lab.busy = True
            self.run_button.disabled, self.stop_button.disabled = True, False
            try:
                guarded()
            finally:
                self.run_button.disabled, self.stop_button.disabled = False, True
                self.lab.busy = False

        if getattr(self.lab, "background", False):
            self.thread = threading.Thread(target=body, daemon=True)
            self.thread.start()
        else:
            body()

    def begin(self) -> None:
        """Reset the bar, and a Stop left from an earlier run unless :meth:`start` runs this.

        A lab's run method calls it first, so that calling the method directly (a
        script, a test) after a stopped run starts afresh.
        """
        if not getattr(self.lab, "busy", False):
            self.stop_event.clear()
        self.progress.reset()
        self.done = self.total = 0

    def cancel(self, timeout: float | None = None) -> None:
        """Stop the present background run and wait for it to end (a newer input replaces it).

        The run ends at its next :meth:`report`, so nothing it draws can land over
        what the next run draws.
        """
        if self.running:
            self.stop_event.set()
            self.join(timeout)

    def join(self, timeout: float | None = None) -> None:
        """Wait for a background run to finish (for scripts and tests)."""
        if self.thread is not None:
            self.thread.join(timeout)

    def report(self, done: int, total: int, metrics: dict | None = None, *,
               draw: bool = True) -> bool:
        """The engines' progress callback: show progress; ``False`` once Stop was pressed.

        ``draw=False`` counts the step without moving the bar (for callbacks called
        on every one of many small steps).
        """
        self.done, self.total = int(done), int(total)
        if draw:
            self.progress(done, total)
        return not self.stop_event.is_set()

    def stopped_text(self, what: str = "run") -> str:
        """``"<what> stopped after k of n steps"`` (the last reported progress)."""
        return f"{what} stopped after {self.done} of {self.total} steps"

    def end(self, stopped: bool, what: str = "run") -> None:
        """Say in the lab that the run stopped early, or clear such a note of an earlier run."""
        if stopped:
            self.lab.show_info(self.stopped_text(what))
        elif " stopped after " in self.lab.message.value:
            self.lab.clear_message()
